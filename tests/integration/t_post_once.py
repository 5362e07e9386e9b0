"""One POST, one effect: the same form sent 16 times at once (a double
click, a browser retrying on a slow network) takes effect once, and every
copy is answered as the first was.  For each POST that creates something:
'Nieuw dossier', deel B early, a student list, the account mail, an
upload, an MBO status; and the transitions, which also hold when each
copy comes from its own page (their phase guards them)."""
import os, re, sys, threading
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture, dossiers, tap

st = fixture.start("post-once")
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")
N = 16


def at_once(client, path, body, headers=None, n=N):
    """n copies of one request, released together; their responses."""
    out = [None] * n
    gate = threading.Barrier(n)

    def one(i):
        c = tap.Client(client.port)
        c.cookies = dict(client.cookies)
        gate.wait()
        out[i] = c.request("POST", path, body=body, headers=headers)
    ts = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return out


def count(sql):
    return int(st.sql(sql)[0][0])


def aid(login):
    return st.sql("SELECT id FROM account WHERE login = '%s' AND tenant_id = "
                  "(SELECT id FROM tenant WHERE slug = 'de-brug')" % login)[0][0]


# 'Nieuw dossier', 16 times with one session and one page's token.
sem = fixture.login(st, "de-brug", "1001")
t = fixture.csrf(sem.get("/dossiers"))
rs = at_once(sem, "/dossiers/nieuw", {"csrf": t})
is_(count("SELECT COUNT(*) FROM dossier WHERE student_id = %s" % aid("1001")), 1,
    "16 times 'Nieuw dossier' at once: one dossier")
locs = {r.header("Location") for r in rs}
ok(all(r.status == 303 for r in rs) and len(locs) == 1,
   "every copy is sent to that one dossier", [(r.status, r.header("Location")) for r in rs])
is_(count("SELECT COUNT(*) FROM dossier_event WHERE kind = 'nieuw_dossier'"), 1, "one history event")
# A new page gives a new form: a second dossier is the student's choice.
r = sem.post("/dossiers/nieuw", {"csrf": fixture.csrf(sem.get("/dossiers"))})
is_(r.status, 303, "'Nieuw dossier' from a fresh page")
is_(count("SELECT COUNT(*) FROM dossier WHERE student_id = %s" % aid("1001")), 2, "makes a second one")
# The same token sent again later (a retry after the answer was lost).
r = sem.post("/dossiers/nieuw", {"csrf": t})
ok(r.status == 303 and r.header("Location") in locs, "the first form sent again later: sent where it went")
is_(count("SELECT COUNT(*) FROM dossier WHERE student_id = %s" % aid("1001")), 2, "and nothing new")
# A forged or missing nonce is no form of ours.
r = sem.post("/dossiers/nieuw", {"csrf": t.split(".")[0]})
is_(r.status, 403, "a token without the page's nonce is refused")

# Deel B early: 16 copies of the mentor's click, and 16 clicks from 16 pages.
joost = fixture.login(st, "de-brug", "j.bakker@debrug.example")
daan = aid("1003")
jt = fixture.csrf(joost.get("/portal/leerlingen"))
rs = at_once(joost, "/portal/leerlingen/%s/deel-b-starten" % daan, {"csrf": jt})
is_(count("SELECT COUNT(*) FROM dossier WHERE student_id = %s" % daan), 1, "deel B early 16 times: one dossier")
ok(all(r.status == 303 for r in rs) and len({r.header("Location") for r in rs}) == 1,
   "every copy lands on it", [(r.status, r.header("Location")) for r in rs])
yas = aid("1004")
pages = [fixture.csrf(joost.get("/portal/leerlingen")) for _ in range(N)]
out = [None] * N
gate = threading.Barrier(N)


def click(i):
    c = tap.Client(joost.port)
    c.cookies = dict(joost.cookies)
    gate.wait()
    out[i] = c.post("/portal/leerlingen/%s/deel-b-starten" % yas, {"csrf": pages[i]})


ts = [threading.Thread(target=click, args=(i,)) for i in range(N)]
[x.start() for x in ts]
[x.join() for x in ts]
is_(count("SELECT COUNT(*) FROM dossier WHERE student_id = %s" % yas), 1,
    "16 clicks from 16 pages (or 16 mentors' tabs): still one dossier (the student row is locked)")
ok(all(r.status == 303 for r in out), "each answered with a page of that dossier",
   [r.status for r in out])

# A student list with new students, read in 16 times at once.
dec = fixture.login(st, "de-brug", "m.vandenberg@debrug.example")
csv = ("Stamnummer;Roepnaam;Tussenvoegsels;Achternaam;Geb. datum;Klas;Leerjaar;E-mailadres\r\n"
       "7001;Anna;;Once;01-01-2010;4K1;4;anna@leerling.debrug.example\r\n"
       "7002;Bram;;Once;02-02-2010;4K1;4;\r\n").encode()
dt = fixture.csrf(dec.get("/portal/leerlingen/inlezen"))
boundary = "----dddOnce"
body = ("--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
        "--%s\r\nContent-Disposition: form-data; name=\"lijst\"; filename=\"lijst.csv\"\r\n"
        "Content-Type: text/csv\r\n\r\n" % (boundary, dt, boundary)).encode() + csv + \
    ("\r\n--%s--\r\n" % boundary).encode()
rs = at_once(dec, "/portal/leerlingen/inlezen", body,
             headers={"Content-Type": "multipart/form-data; boundary=" + boundary})
first = [r for r in rs if r.status == 200]
again = [r for r in rs if r.status == 409]
ok(len(first) == 1 and len(again) == N - 1, "one import, the copies told it was done already",
   sorted(r.status for r in rs))
ok(first and "De lijst is ingelezen" in first[0].text, "the first shows the import's report")
ok(again and "Al verwerkt" in again[0].text, "a copy says: already carried out (in Dutch)")
is_(count("SELECT COUNT(*) FROM account WHERE login IN ('7001', '7002')"), 2, "two students, once each")

# The account mail to one student, 16 times at once.
at = fixture.csrf(dec.get("/portal/accountgegevens"))
before = count("SELECT COUNT(*) FROM outbox WHERE kind = 'accountgegevens'")
rs = at_once(dec, "/portal/accountgegevens", {"csrf": at, "naar": "leerling",
                                              "leerling": "Anna Once (4K1, 7001)", "actie": "standaard"})
is_(count("SELECT COUNT(*) FROM outbox WHERE kind = 'accountgegevens'") - before, 1,
    "the account mail 16 times at once: one mail")

# An upload in deel A's step, 16 times at once.
steps = dossiers.steps("deel-a")
NR = [s.get("id") for s in steps].index("loopbaan") + 1 if any(s.get("id") == "loopbaan" for s in steps) \
    else [i for i, s in enumerate(steps, 1)
          if any(q.get("type") == "bijlage" for q in s.iter(dossiers.NS + "question"))][0]
did = st.sql("SELECT MIN(id) FROM dossier WHERE student_id = %s" % aid("1001"))[0][0]
PDF = b"%PDF-1.4\n% loopbaandossier\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
ut = fixture.csrf(sem.get("/dossiers/%s/stap/%d" % (did, NR)))
data = dossiers.step_data(steps[NR - 1], ut)
fields = []
for k, v in data.items():
    for one in (v.split("\n") if k == "a_keuze_hoe" else [v]):
        fields.append((k, one))
fields.append(("a_loopbaandossier", "ja"))
b2 = "----dddOnceUp"
body = b"".join(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (b2, k, v)).encode()
                for k, v in fields)
qid = [q.get("id") for q in steps[NR - 1].iter(dossiers.NS + "question") if q.get("type") == "bijlage"][0]
body += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"ld.pdf\"\r\n"
         "Content-Type: application/pdf\r\n\r\n" % (b2, qid)).encode() + PDF + ("\r\n--%s--\r\n" % b2).encode()
rs = at_once(sem, "/dossiers/%s/stap/%d" % (did, NR), body,
             headers={"Content-Type": "multipart/form-data; boundary=" + b2})
ok(all(r.status == 303 for r in rs), "the upload's copies all answered as the first",
   sorted(r.status for r in rs))
is_(count("SELECT COUNT(*) FROM bijlage WHERE dossier_id = %s" % did), 1, "one stored file")
is_(count("SELECT COUNT(*) FROM dossier_event WHERE dossier_id = %s AND kind = 'stap_opgeslagen'" % did), 1,
    "one history event for the step")

# Transitions: 16 'Opsturen' and 16 'Akkoord', each copy from its own page.
noor = fixture.login(st, "de-brug", "1002")
t = fixture.csrf(noor.get("/dossiers"))
r = noor.post("/dossiers/nieuw", {"csrf": t})
d2 = re.search(r"/dossiers/(\d+)/", r.header("Location")).group(1)
codes = dossiers.fill(noor, lambda n: "/dossiers/%s/stap/%d" % (d2, n), ["deel-a"], t)
assert all(x == 303 for x in codes), codes
pages = [fixture.csrf(noor.get("/dossiers/%s/opsturen" % d2)) for _ in range(N)]
out = [None] * N
gate = threading.Barrier(N)


def send(i):
    cl = tap.Client(noor.port)
    cl.cookies = dict(noor.cookies)
    gate.wait()
    out[i] = cl.post("/dossiers/%s/opsturen" % d2, {"csrf": pages[i], "mentor": aid("j.bakker@debrug.example")})


ts = [threading.Thread(target=send, args=(i,)) for i in range(N)]
[x.start() for x in ts]
[x.join() for x in ts]
is_(sorted({r.status for r in out}), [303, 409], "16 'Opsturen' from 16 pages: one goes, the rest conflict")
is_(count("SELECT COUNT(*) FROM dossier_event WHERE dossier_id = %s AND kind = 'deel_a_opgestuurd'" % d2), 1,
    "one transition")
is_(count("SELECT COUNT(*) FROM outbox WHERE kind = 'deel-a-ingediend'"), 1, "one mail to the mentor")
mt = fixture.csrf(joost.get("/"))
codes = dossiers.fill(joost, lambda n: "/portal/dossiers/%s/deel-b/%d" % (d2, n),
                      ["deel-b-leerling", "deel-b-dossier"], mt)
assert all(x == 303 for x in codes), codes
rs = at_once(joost, "/portal/dossiers/%s/opsturen" % d2, {"csrf": fixture.csrf(joost.get("/"))})
ok(all(r.status == 303 for r in rs), "16 copies of 'Opsturen naar leerling': all answered as the first")
is_(count("SELECT COUNT(*) FROM dossier_event WHERE dossier_id = %s AND kind = 'deel_b_opgestuurd'" % d2), 1,
    "one transition")
v = st.sql("SELECT version FROM dossier WHERE id = " + d2)[0][0]
pages = [fixture.csrf(noor.get("/dossiers/%s/akkoord" % d2)) for _ in range(N)]
out = [None] * N
gate = threading.Barrier(N)


def agree(i):
    cl = tap.Client(noor.port)
    cl.cookies = dict(noor.cookies)
    gate.wait()
    out[i] = cl.post("/dossiers/%s/akkoord" % d2, {"csrf": pages[i], "versie": v, "actie": "akkoord",
                                                  "akkoord": "ja", "ouder_naam": "Ouder",
                                                  "ouder_relatie": "moeder", "ouder_akkoord": "ja"})


ts = [threading.Thread(target=agree, args=(i,)) for i in range(N)]
[x.start() for x in ts]
[x.join() for x in ts]
ok(all(r.status in (303, 409) for r in out) and sum(r.status == 303 for r in out) >= 1,
   "16 'Akkoord' from 16 pages: one goes", sorted(r.status for r in out))
is_(count("SELECT COUNT(*) FROM dossier_event WHERE dossier_id = %s AND kind = 'akkoord'" % d2), 1,
    "one transition")
is_(count("SELECT COUNT(*) FROM document WHERE dossier_id = %s AND final = 1" % d2), 1, "one final PDF")
is_(count("SELECT COUNT(*) FROM outbox WHERE kind = 'afgerond' AND to_addr = "
          "'noor.bakker@leerling.debrug.example'"), 1, "one confirmation mail")

# The MBO status, 16 times at once.
roc = fixture.login(st, "roc-rijnland", "a.kuipers@rocrijnland.example")
rt = fixture.csrf(roc.get("/mbo/dossiers/%s" % d2))
rs = at_once(roc, "/mbo/dossiers/%s/status" % d2, {"csrf": rt, "status": "ontvangen"})
ok(all(r.status == 303 for r in rs), "the status's copies all answered as the first", sorted(r.status for r in rs))
is_(count("SELECT COUNT(*) FROM dossier_event WHERE dossier_id = %s AND kind = 'mbo_status'" % d2), 1,
    "one status change in the school's history")
done()
