"""Deel B in the Portal: who sees which dossier, the two parts, 'Opsturen
naar leerling', terugzetten with a reason (and the student's resubmission),
archiveren, verloop; the mails of each."""
import os, re, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture, dossiers

st = fixture.start("deel-b")
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")


def aid(login):
    return st.sql("SELECT id FROM account WHERE login = '%s'" % login)[0][0]


def new_dossier_sent(student, mentor_login):
    """A student's dossier with deel A filled and sent to the mentor."""
    c = fixture.login(st, "de-brug", student)
    t = fixture.csrf(c.get("/dossiers"))
    r = c.post("/dossiers/nieuw", {"csrf": t})
    did = re.search(r"/dossiers/(\d+)/", r.header("Location")).group(1)
    codes = dossiers.fill(c, lambda n: "/dossiers/%s/stap/%d" % (did, n), ["deel-a"], t)
    assert all(x == 303 for x in codes), codes
    r = c.post("/dossiers/%s/opsturen" % did, {"csrf": t, "mentor": aid(mentor_login)})
    assert r.status == 303, r.status
    return c, t, did


sem, sem_t, d1 = new_dossier_sent("1001", "j.bakker@debrug.example")
joost = fixture.login(st, "de-brug", "j.bakker@debrug.example")
r = joost.get("/")
contains(r.text, 'href="/portal/deel-b"', "Portal menu: Dossiers in deel B")
r = joost.get("/portal/deel-b")
is_(r.status, 200, "the mentor's list")
contains(r.text, "Sem de Vries", "lists Sem's dossier")
contains(r.text, "(1)", "one dossier in deel B")
dec = fixture.login(st, "de-brug", "m.vandenberg@debrug.example")
contains(dec.get("/portal/deel-b").text, "Sem de Vries", "the decaan sees it too")
pieter = fixture.login(st, "de-brug", "p.devries@debrug.example")
ok("Sem de Vries" not in pieter.get("/portal/deel-b").text, "another mentor does not")
is_(pieter.get("/portal/dossiers/%s" % d1).status, 404, "nor can open it")
noord = fixture.login(st, "het-noorderlicht", "a.yilmaz@noorderlicht.example")
is_(noord.get("/portal/dossiers/%s" % d1).status, 404, "the other school's decaan: not found")
is_(noord.get("/portal/dossiers/%s/deel-b/1" % d1).status, 404, "nor its deel B")
is_(sem.get("/portal/dossiers/%s" % d1).status, 403, "the student does not use the Portal")
mbo = fixture.login(st, "roc-rijnland", "a.kuipers@rocrijnland.example")
is_(mbo.get("/portal/dossiers/%s" % d1).status, 403, "nor does an MBO user")

# Deel B: both parts, then 'Opsturen naar leerling'.
r = joost.get("/portal/dossiers/%s" % d1)
t = fixture.csrf(r)
ok(re.search(r'<form method="post" action="/portal/dossiers/%s/terugzetten" data-confirm="[^"]+"' % d1,
             r.text), "Terugzetten asks first (data-confirm, with script)")


def crumbs(text):
    m = re.search(r'<p class="crumbs">(.*?)</p>', text, re.S)
    return m.group(1) if m else ""


contains(crumbs(r.text), '<a href="/portal/deel-b">Dossiers in deel B</a>',
         "in deel B: the crumbs lead back to Dossiers in deel B")
contains(crumbs(joost.get("/portal/dossiers/%s/deel-b/1" % d1).text),
         '<a href="/portal/deel-b">Dossiers in deel B</a>', "from deel B's steps too")
r = joost.post("/portal/dossiers/%s/opsturen" % d1, {"csrf": t})
is_(r.status, 422, "'Opsturen naar leerling' before 100% is refused")
contains(r.text, "nog niet helemaal ingevuld", "says why")
nl = len(dossiers.steps("deel-b-leerling"))
nd = len(dossiers.steps("deel-b-dossier"))
r = joost.get("/portal/dossiers/%s/deel-b/1" % d1)
is_(r.status, 200, "deel B, step 1")
contains(r.text, "Sem de Vries", "names the student")
ok("/portal/dossiers/%s/opsturen" % d1 not in r.text and
   re.search(r'<h2 id="opsturen-kop">Opsturen naar leerling</h2>\s*<p>\s*Dat kan als beide delen voor '
             r'100%% zijn ingevuld\. Nog niet helemaal ingevuld: <a href="/portal/dossiers/%s/deel-b/1">'
             % d1, r.text),
   "not complete: no 'Opsturen naar leerling' button, the steps still missing are named")
ok(re.search(r'<div class="field question" data-show-if="bl_doublure" data-show-value="ja" '
             r'hidden(="hidden")?>\s*<label for="bl_doublure_toelichting">', r.text),
   "a follow-up question is on the page, hidden, with its condition for the script")
codes = dossiers.fill(joost, lambda n: "/portal/dossiers/%s/deel-b/%d" % (d1, n),
                      ["deel-b-leerling", "deel-b-dossier"], t)
is_(codes, [303] * (nl + nd), "every step of both parts saved")
is_(joost.get("/portal/dossiers/%s/deel-b/%d" % (d1, nl + nd + 1)).status, 404,
    "a step past the last: not found")
r = joost.get("/portal/dossiers/%s" % d1)
is_(len(re.findall(r'<progress max="100" value="100"', r.text)), nl + nd, "both parts at 100%")
r = joost.get("/portal/dossiers/%s/deel-b/%d?opgeslagen=1" % (d1, nl + nd))
is_(r.text.count('<form method="post" action="/portal/dossiers/%s/opsturen">' % d1), 2,
    "complete: 'Opsturen naar leerling' in the step navigation and in the main content")
ok(re.search(r'<section class="block send" aria-labelledby="opsturen-kop">\s*<h2 id="opsturen-kop">'
             r'Opsturen naar leerling</h2>\s*<p>Beide delen van deel B zijn helemaal ingevuld\.', r.text),
   "the main content says it is complete")
contains(r.text, '<a href="#opsturen-kop">opsturen naar de leerling</a>', "and 'Opgeslagen' points to it")
r = joost.post("/portal/dossiers/%s/opsturen" % d1, {"csrf": t})
is_((r.status, r.header("Location")), (303, "/portal/deel-b?klaar=deel_b_opgestuurd"),
    "sent to the student")
is_(st.sql("SELECT phase, version FROM dossier WHERE id = " + d1), [["akkoord", "2"]],
    "akkoordverklaring, version 2")
for path in ("/portal/dossiers/%s" % d1, "/portal/dossiers/%s/deel-b/1" % d1):
    c = crumbs(joost.get(path).text)
    ok('<a href="/portal/leerlingen">Mijn Leerlingen</a>' in c and "Dossiers in deel B" not in c,
       "out of deel B: the crumbs of %s lead to Mijn Leerlingen" % path, c)
is_(st.sql("SELECT kind, to_addr FROM outbox WHERE kind = 'deel-b-klaar'"),
    [["deel-b-klaar", "sem.devries@leerling.debrug.example"]], "the student is told")
r = joost.post("/portal/dossiers/%s/terugzetten" % d1, {"csrf": t, "reden": "x"})
is_(r.status, 409, "terugzetten in the akkoordverklaring is not the mentor's")
r = joost.post("/portal/dossiers/%s/deel-b/1" % d1, {"csrf": t})
is_(r.status, 409, "deel B is closed after sending")

# Terugzetten with a reason, then the student sends it again.
noor, noor_t, d2 = new_dossier_sent("1002", "j.bakker@debrug.example")
r = joost.post("/portal/dossiers/%s/terugzetten" % d2, {"csrf": t, "reden": "  "})
is_(r.status, 422, "terugzetten without a reason is refused")
contains(r.text, "Schrijf waarom", "asks for the reason")
r = joost.post("/portal/dossiers/%s/terugzetten" % d2,
               {"csrf": t, "reden": "Vul je stage <b>aan</b> & stuur opnieuw."})
is_(r.status, 303, "put back")
is_(st.sql("SELECT phase FROM dossier WHERE id = " + d2), [["deel_a"]], "back in deel A")
body = st.sql("SELECT body_xml FROM outbox WHERE kind = 'teruggezet'")[0][0]
contains(body, "Vul je stage &lt;b&gt;aan&lt;/b&gt; &amp; stuur opnieuw.", "the reason goes to the student")
codes = dossiers.fill(noor, lambda n: "/dossiers/%s/stap/%d" % (d2, n), ["deel-a"], noor_t)
# A new sending comes from a new page (the same form sent twice takes
# effect once: t_post_once.py).
r = noor.post("/dossiers/%s/opsturen" % d2, {"csrf": fixture.csrf(noor.get("/dossiers/%s/opsturen" % d2)),
                                             "mentor": aid("j.bakker@debrug.example")})
is_(r.status, 303, "the student sends it again")
is_(st.sql("SELECT phase, version FROM dossier WHERE id = " + d2), [["deel_b", "2"]],
    "deel B again, version 2")
is_(st.sql("SELECT COUNT(*) FROM outbox WHERE kind = 'deel-a-ingediend' AND body_xml LIKE '%<opnieuw/>%'"),
    [["1"]], "the mentor is told again ('opnieuw')")
r = joost.get("/portal/dossiers/%s" % d2)
for what in ("nieuw dossier", "deel A opgestuurd", "teruggezet naar de leerling", "Vul je stage"):
    contains(r.text, what, "verloop shows: " + what)

# The dossier-specifieke part waits for deel A; archiveren.
r = joost.post("/portal/dossiers/%s/terugzetten" % d2, {"csrf": t, "reden": "Nog een keer."})
r = joost.post("/portal/dossiers/%s/deel-b/%d" % (d2, nl + 1), {"csrf": t})
is_(r.status, 409, "the dossier-specifieke part is closed while deel A is with the student")
contains(r.text, "opent pas", "says why")
r = joost.post("/portal/dossiers/%s/deel-b/1" % d2, dossiers.step_data(dossiers.steps("deel-b-leerling")[0], t))
is_(r.status, 303, "the leerling-specifieke part can be filled early")
r = dec.get("/portal/dossiers/%s" % d2)
ok(re.search(r'<form method="post" action="/portal/dossiers/%s/archiveren" data-confirm="[^"]+"' % d2,
             r.text), "Archiveren asks first (data-confirm, with script)")
r = dec.post("/portal/dossiers/%s/archiveren" % d2, {"csrf": fixture.csrf(dec.get("/"))})
is_(r.status, 303, "the decaan archives it (a POST without confirmation: as before)")
is_(st.sql("SELECT archived FROM dossier WHERE id = " + d2), [["1"]], "archived flag set")
r = dec.post("/portal/dossiers/%s/archiveren" % d2, {"csrf": fixture.csrf(dec.get("/"))})
is_(r.status, 409, "archiving twice is refused")
r = sem.post("/portal/dossiers/%s/archiveren" % d1, {"csrf": sem_t})
is_(r.status, 403, "a student cannot use the Portal's archive")
ok("Noor Bakker" not in dec.get("/portal/deel-b").text, "archived: out of the overview")
r = noor.get("/dossiers")
contains(r.text, "(gearchiveerd)", "the student sees it archived")
contains(r.text, "Opnieuw activeren", "and can bring it back")
r = noor.post("/dossiers/%s/activeren" % d2, {"csrf": noor_t})
is_(r.status, 303, "reactivated")
is_(st.sql("SELECT archived FROM dossier WHERE id = " + d2), [["0"]], "flag cleared")
is_(st.sql("SELECT kind FROM dossier_event WHERE dossier_id = %s ORDER BY id DESC LIMIT 1" % d2),
    [["geactiveerd"]], "history: geactiveerd")
r = noor.post("/dossiers/%s/activeren" % d2, {"csrf": fixture.csrf(noor.get("/dossiers"))})
is_(r.status, 409, "reactivating a dossier that is not archived is refused")
r = joost.post("/dossiers/%s/activeren" % d2, {"csrf": t})
is_(r.status, 403, "a mentor cannot use the student's reactivation")
done()
