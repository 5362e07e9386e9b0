"""The school's audit trail (issue 20): every administrative action leaves
exactly one row with who, when, what and from which address (a student
list read in by the decaan or an operator, a mentor added, a class linked
and unlinked, account mails sent and printed, a password set, a mail sent
again, a dossier archived and reset, an export, an erasure, the school's
file loaded); the decaan reads and filters it, the decaan of another
school sees none of it.  Retention: the trail and the access log of
purged dossiers (pseudonymised, the same keyed pseudonym as an erasure
gives) stay the school's <audit-retention-months> (default 36), also
after `dddctl purge` deleted the dossiers, and go after."""
import hashlib, hmac, os, pwd, re, sys, uuid
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client
import fixture, dossiers
from stack import SRCDIR

st = fixture.start("audit")
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")
BRUG = st.sql("SELECT id FROM tenant WHERE slug = 'de-brug'")[0][0]
NOORD = st.sql("SELECT id FROM tenant WHERE slug = 'het-noorderlicht'")[0][0]
MENTOR = "j.bakker@debrug.example"
DECAAN = "m.vandenberg@debrug.example"


def acct(login):
    return st.sql("SELECT id FROM account WHERE login = '%s' AND tenant_id = %s" % (login, BRUG))[0][0]


def rows(action):
    return st.sql("SELECT actor_name, actor_role, addr, COALESCE(subject_id, ''), "
                  "COALESCE(dossier_id, ''), detail FROM audit_log WHERE tenant_id = %s AND "
                  "action = '%s' ORDER BY id" % (BRUG, action))


def one_more(action, do, what):
    """do() leaves exactly one row of action; that row."""
    before = rows(action)
    do()
    after = rows(action)
    is_(len(after), len(before) + 1, "%s: exactly one row (%s)" % (what, action))
    return after[-1] if after else None


# The decaan works from another address than the others: it is recorded.
fixture.set_password(st, "de-brug", DECAAN)
d = Client(st.port, source="127.0.0.7")
r = d.post("/login", {"school": "de-brug", "username": DECAAN, "password": fixture.PASSWORD,
                      "csrf": fixture.csrf(d.get("/login"))})
assert r.status == 303, r.status

# --- the operator ------------------------------------------------------------
row = one_more("wachtwoord_gezet", lambda: fixture.set_password(st, "de-brug", "1003"),
               "dddctl passwd")
is_(row[:4], ["Beheerder (%s)" % os.environ.get("SUDO_USER", pwd.getpwuid(os.getuid()).pw_name),
              "beheerder", os.environ.get("SSH_CLIENT", "lokaal").split(" ")[0], acct("1003")],
    "by the operator, from where, about the account")
row = one_more("leerlingen_ingelezen", lambda: st.dddctl(
    "import", "de-brug", os.path.join(SRCDIR, "tenants", "demo", "leerlingen-de-brug.csv")),
    "dddctl import")
contains(row[5], "(dddctl import)", "says how")
row = one_more("schoolbestand_geladen", lambda: st.dddctl(
    "tenant", "load", os.path.join(SRCDIR, "tenants", "de-brug.xml")), "dddctl tenant load")
contains(row[5], "schoolbestand de-brug geladen: 5 medewerkers (0 nieuw), 6 klaskoppelingen (0 nieuw)",
         "with the loader's counts")
is_(st.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'schoolbestand_geladen' AND "
           "tenant_id = " + NOORD), [["1"]], "the other school only got its own load (at start)")

# --- the decaan's pages ----------------------------------------------------------
def import_list():
    page = d.get("/portal/leerlingen/inlezen")
    b = uuid.uuid4().hex
    with open(os.path.join(SRCDIR, "tenants", "demo", "leerlingen-de-brug.csv"), "rb") as f:
        data = f.read()
    body = (("--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n" %
             (b, fixture.csrf(page))).encode() +
            ("--%s\r\nContent-Disposition: form-data; name=\"lijst\"; filename=\"l.csv\"\r\n"
             "Content-Type: text/csv\r\n\r\n" % b).encode() + data + ("\r\n--%s--\r\n" % b).encode())
    r = d.request("POST", "/portal/leerlingen/inlezen", body=body,
                  headers={"Content-Type": "multipart/form-data; boundary=" + b})
    assert r.status == 200, r.status


row = one_more("leerlingen_ingelezen", import_list, "the decaan reads in a list")
is_(row[:3], ["Marieke van den Berg", "decaan", "127.0.0.7"], "who and from where")
contains(row[5], "leerlingen: 0 nieuw", "with the counts")


def post(path, form, want=303, page="/"):
    form["csrf"] = fixture.csrf(d.get(page))
    r = d.post(path, form)
    assert r.status == want, (path, r.status, r.text[:500])
    return r


row = one_more("account_aangemaakt", lambda: post(
    "/portal/mentoren/nieuw", {"roepnaam": "Nieuwe", "achternaam": "Mentor",
                               "email": "n.mentor@debrug.example"}, page="/portal/mentoren"),
    "a mentor added")
contains(row[5], "n.mentor@debrug.example", "which account")
pieter = acct("p.devries@debrug.example")
row = one_more("klaskoppeling", lambda: post(
    "/portal/mentoren", {"klas": "4K1", "mentor": pieter}, page="/portal/mentoren"),
    "a class linked")
is_((row[3], row[5]), (pieter, "klas 4K1: mentor gekoppeld"), "to whom")
row = one_more("klaskoppeling", lambda: post(
    "/portal/mentoren", {"klas": "4K1", "mentor": ""}, page="/portal/mentoren"),
    "a class unlinked")
is_(row[5], "klas 4K1: geen mentor (ontkoppeld)", "unlinked")
post("/portal/mentoren", {"klas": "4K1", "mentor": acct(MENTOR)}, page="/portal/mentoren")
row = one_more("accountgegevens_gemaild", lambda: post(
    "/portal/accountgegevens", {"naar": "klas", "klas": "4K1", "actie": "standaard"}, 200,
    page="/portal/accountgegevens"), "account mails")
contains(row[5], "standaardtekst", "which text")
row = one_more("accountgegevens_gemaild", lambda: post(
    "/portal/accountgegevens", {"naar": "leerling", "leerling": "1001", "actie": "opstellen",
                                "onderwerp": "Hallo", "tekst": "Tekst"}, 200,
    page="/portal/accountgegevens"), "a mail to one student")
is_(row[3], acct("1001"), "about that student")
row = one_more("accountgegevens_geprint", lambda: post(
    "/portal/accountgegevens", {"naar": "klas", "klas": "4K2", "actie": "print"}, 200,
    page="/portal/accountgegevens"), "account data printed")
contains(row[5], "leerling(en)", "how many")

sem = acct("1001")
oid = st.sql("SELECT MIN(id) FROM outbox WHERE account_id = " + sem)[0][0]
st.sql("UPDATE outbox SET status = 'failed' WHERE id = " + oid)
row = one_more("mail_opnieuw", lambda: post(
    "/portal/leerlingen/%s/mail/%s/opnieuw" % (sem, oid), {}, page="/portal/leerlingen/%s/mail" % sem),
    "a mail sent again")
is_((row[3], row[5]), (sem, "mail %s" % oid), "which mail to whom")

# Dossiers: one reset to the student, one archived (by the mentor: staff).
c, t, did = dossiers.to_akkoord(st, fixture, "1002", MENTOR)
c4 = fixture.login(st, "de-brug", "1004")
t4 = fixture.csrf(c4.get("/dossiers"))
did4 = re.search(r"/dossiers/(\d+)/", c4.post("/dossiers/nieuw", {"csrf": t4}).header("Location")).group(1)
codes = dossiers.fill(c4, lambda n: "/dossiers/%s/stap/%d" % (did4, n), ["deel-a"], t4)
mid = acct(MENTOR)
assert c4.post("/dossiers/%s/opsturen" % did4, {"csrf": t4, "mentor": mid}).status == 303
m = fixture.login(st, "de-brug", MENTOR)
row = one_more("dossier_teruggezet", lambda: m.post(
    "/portal/dossiers/%s/terugzetten" % did4, {"csrf": fixture.csrf(m.get("/portal/dossiers/%s" % did4)),
                                               "reden": "Vul je stage aan"}), "a dossier reset")
is_(row[:2] + row[3:5], ["Joost Bakker", "mentor", acct("1004"), did4], "by the mentor, which dossier")
ok("stage" not in row[5], "the reason itself is not copied", row[5])
row = one_more("dossier_gearchiveerd", lambda: m.post(
    "/portal/dossiers/%s/archiveren" % did4, {"csrf": fixture.csrf(m.get("/portal/dossiers/%s" % did4))}),
    "a dossier archived")
is_(row[4], did4, "which dossier")

row = one_more("inzage_export", lambda: post(
    "/portal/leerlingen/%s/export" % acct("1002"), {}, 200,
    page="/portal/leerlingen/%s/inzage" % acct("1002")), "an export")
row = one_more("leerling_verwijderd", lambda: post(
    "/portal/leerlingen/%s/verwijderen" % acct("1008"), {"bevestig": "ja"},
    page="/portal/leerlingen/%s/verwijderen" % acct("1008")), "an erasure")

# Actions that are not administration leave none.
before = st.sql("SELECT COUNT(*) FROM audit_log")
d.get("/portal/leerlingen")
d.get("/portal/logboek")
is_(st.sql("SELECT COUNT(*) FROM audit_log"), before, "reading pages leaves no row")
ok(all(x[0] not in ("", None) for x in st.sql("SELECT addr FROM audit_log")), "every row has an address")

# --- the decaan's view ---------------------------------------------------------------
r = d.get("/portal/logboek")
is_(r.status, 200, "the logboek")
text = " ".join(re.sub(r"<[^>]+>", " ", r.text).split())
for words in ("leerlinglijst ingelezen", "account aangemaakt", "klaskoppeling gewijzigd",
              "accountgegevens gemaild", "accountgegevens geprint", "wachtwoord ingesteld",
              "mail opnieuw verstuurd", "dossier gearchiveerd", "dossier teruggezet",
              "inzage-export gemaakt", "leerling verwijderd", "schoolbestand geladen"):
    contains(text, words, "the logboek shows: " + words)
contains(text, "127.0.0.7", "with the addresses")


def listed(r):
    """The page's text without the filter's choices."""
    return " ".join(re.sub(r"<[^>]+>", " ", re.sub(r"<select.*?</select>", "", r.text,
                                                    flags=re.S)).split())


t = listed(d.get("/portal/logboek?wat=dossier_gearchiveerd"))
ok("dossier gearchiveerd" in t and "leerlinglijst ingelezen" not in t, "filtered by what")
t = listed(d.get("/portal/logboek?zoek=Joost"))
ok("dossier teruggezet" in t and "klaskoppeling gewijzigd" in t and
   "leerlinglijst ingelezen" not in t, "by name: who acted or on whom", t)
r = d.get("/portal/logboek?van=2000-01-01&tot=2000-12-31")
contains(r.text, "Geen regels gevonden", "by date")
r = d.get("/portal/logboek?van=31-12-2024")
is_(r.status, 422, "a date not as jjjj-mm-dd: refused")
contains(r.text, "Vul de datum in als jjjj-mm-dd", "with a Dutch message")
contains(r.text, 'value="31-12-2024"', "what was typed stays")
contains(r.text, "leerlinglijst ingelezen", "and the whole logboek below")
r = d.get("/portal/logboek?wat=alles")
is_(r.status, 422, "an unknown kind: refused")
is_(m.get("/portal/logboek").status, 403, "a mentor may not read it")

# The other school's decaan sees none of it.
noord = fixture.login(st, "het-noorderlicht", "a.yilmaz@noorderlicht.example")
r = noord.get("/portal/logboek")
is_(r.status, 200, "the other school's logboek")
t = listed(r)
for mark in ("De Brug", "Marieke", "Joost", "127.0.0.7", "4K1", "n.mentor", "leerling verwijderd",
             "dossier gearchiveerd", "inzage-export gemaakt"):
    ok(mark not in t, "the other school's decaan sees nothing of ours: %r" % mark)
contains(t, "Het Noorderlicht", "only its own")

# --- retention -------------------------------------------------------------------------
def pseudonym(tenant, login):
    """HMAC-SHA256(HKDF-SHA256(master key, no salt, "ddd-pseudonym"), tenant 0 login)[:16]."""
    with open(st.master_key()) as f:
        master = bytes.fromhex(f.read().strip())
    prk = hmac.new(b"\0" * 32, master, hashlib.sha256).digest()
    key = hmac.new(prk, b"ddd-pseudonym\x01", hashlib.sha256).digest()
    return hmac.new(key, ("%s\0%s" % (tenant, login)).encode(), hashlib.sha256).hexdigest()[:32]


is_(st.sql("SELECT pseudonym FROM audit_log WHERE action = 'leerling_verwijderd'"),
    [[pseudonym(BRUG, "1008")]], "the erasure's pseudonym: the keyed HMAC of school and number")

# The afgeronde dossier of 1002, 25 months after its akkoord; the rows of
# the trail about it and its access log made long ago.
_, _, old = dossiers.afgerond(st, fixture, "1005", MENTOR)
m.get("/portal/dossiers/%s/bekijken" % old)
roc = fixture.login(st, "roc-rijnland", "a.kuipers@rocrijnland.example")
roc.get("/mbo/dossiers/%s" % old)
st.sql("UPDATE akkoordverklaring SET agreed_at = NOW() - INTERVAL 25 MONTH WHERE dossier_id = " + old)
st.sql("UPDATE access_log SET at = NOW() - INTERVAL 26 MONTH WHERE dossier_id = " + old)
views = st.sql("SELECT actor_name, action, at FROM access_log WHERE dossier_id = %s ORDER BY id" % old)
ok(len(views) >= 2, "the old dossier was viewed", views)
st.sql("UPDATE audit_log SET at = NOW() - INTERVAL 37 MONTH WHERE action = 'klaskoppeling'")
st.sql("UPDATE audit_log SET at = NOW() - INTERVAL 30 MONTH WHERE action = 'accountgegevens_geprint'")
r = st.dddctl("purge")
contains(r.stdout, "purge: 1 dossiers", "the old dossier purged")
is_(st.sql("SELECT COUNT(*) FROM dossier WHERE id = " + old), [["0"]], "gone")
kept = st.sql("SELECT actor_name, action, at FROM access_log WHERE pseudonym = '%s' ORDER BY id"
              % pseudonym(BRUG, "1005"))
is_(kept, views, "its access log stays, under the student's pseudonym")
is_(st.sql("SELECT COUNT(*) FROM access_log WHERE pseudonym IS NOT NULL AND (dossier_id IS NOT NULL "
           "OR student_id IS NOT NULL)"), [["0"]], "without the student or the dossier")
is_(st.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'klaskoppeling' AND tenant_id = " + BRUG),
    [["0"]], "audit rows past 36 months: gone")
is_(st.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'accountgegevens_geprint'"), [["1"]],
    "at 30 months: kept")
r = d.get("/portal/logboek")
contains(r.text, "Inzage in dossiers die niet meer bestaan", "the decaan sees the kept access log")
contains(r.text, "pseudoniem %s" % pseudonym(BRUG, "1005")[:12], "under the pseudonym")

# A student who left (no dossier, account as old as the retention): the
# rows about them keep the pseudonym.
st.sql("UPDATE account SET created_at = NOW() - INTERVAL 30 MONTH WHERE login = '1001' AND "
       "tenant_id = " + BRUG)
sem_rows = st.sql("SELECT COUNT(*) FROM audit_log WHERE subject_id = " + sem)[0][0]
ok(int(sem_rows) >= 2, "rows about 1001 (%s)" % sem_rows)
r = st.dddctl("purge")
contains(r.stdout, "student accounts deleted", "purge again")
is_(st.sql("SELECT COUNT(*) FROM account WHERE id = " + sem), [["0"]], "1001's account purged")
is_(st.sql("SELECT COUNT(*) FROM audit_log WHERE subject_id IS NULL AND pseudonym = '%s'"
           % pseudonym(BRUG, "1001")), [[sem_rows]], "the rows about 1001 keep the pseudonym")

# The kept access log goes once the school's audit term has passed too.
st.sql("UPDATE access_log SET at = NOW() - INTERVAL 37 MONTH WHERE pseudonym IS NOT NULL")
r = st.dddctl("purge")
is_(st.sql("SELECT COUNT(*) FROM access_log WHERE pseudonym IS NOT NULL"), [["0"]],
    "past 36 months the kept access log goes")

# A college's trail (its file loaded, its staff's passwords): the default term.
ROC = st.sql("SELECT id FROM tenant WHERE slug = 'roc-rijnland'")[0][0]
ok(int(st.sql("SELECT COUNT(*) FROM audit_log WHERE tenant_id = " + ROC)[0][0]) >= 2,
   "the college has rows too")
st.sql("UPDATE audit_log SET at = NOW() - INTERVAL 37 MONTH WHERE tenant_id = " + ROC)
st.dddctl("purge")
is_(st.sql("SELECT COUNT(*) FROM audit_log WHERE tenant_id = " + ROC), [["0"]],
    "a college's rows past 36 months go")

# Log-in counts hold addresses: a day after their window, with no wait
# left, they go.
st.sql("INSERT INTO login_throttle (scope, failures, window_start, locked_until) VALUES "
       "('addr:192.0.2.1', 3, NOW() - INTERVAL 2 DAY, NULL), "
       "('addr:192.0.2.2', 1, NOW(), NULL), "
       "('addr:192.0.2.3', 20, NOW() - INTERVAL 2 DAY, NOW() + INTERVAL 5 MINUTE)")
st.dddctl("purge")
is_(st.sql("SELECT scope FROM login_throttle WHERE scope LIKE 'addr:192.0.2.%' ORDER BY 1"),
    [["addr:192.0.2.2"], ["addr:192.0.2.3"]], "old log-in counts go; a fresh one and a wait stay")

# A school's own term: <audit-retention-months>.
with open(os.path.join(SRCDIR, "tenants", "de-brug.xml")) as f:
    text = f.read()
path = st.path("de-brug.xml")
with open(path, "w") as f:
    f.write(text.replace("<participating-mbos>",
                         "<audit-retention-months>12</audit-retention-months>\n  <participating-mbos>"))
st.dddctl("tenant", "load", path)
st.sql("UPDATE audit_log SET at = NOW() - INTERVAL 13 MONTH WHERE action = 'accountgegevens_geprint'")
st.dddctl("purge")
is_(st.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'accountgegevens_geprint'"), [["0"]],
    "at 12 months a row of 13 goes")
ok(int(st.sql("SELECT COUNT(*) FROM audit_log WHERE tenant_id = " + BRUG)[0][0]) > 5,
   "the younger rows stay")
with open(path, "w") as f:
    f.write(text.replace("<participating-mbos>",
                         "<audit-retention-months>0</audit-retention-months>\n  <participating-mbos>"))
r = st.dddctl("tenant", "load", path, check=False)
ok(r.returncode != 0 and "audit-retention-months '0' must be a whole number from 1 to 120" in r.stderr,
   "a term of 0 months is refused", r.stderr.strip())
done()
