"""OpenID Connect log-in end to end (issue 18) against a real provider,
Debian's glewlwyd on loopback (tests/lib/idp_oidc.py): a student and a
mentor log in at the IdP and land on their own pages with our ordinary
session; an IdP user of another school, with the wrong affiliation, or
with no imported account is refused; password log-in still works where
the school allows it (decaan) and is refused where not (leerling); the
log-in page offers the button; the decaan sees how students log in and
unlinks one (audit row).  The crafted-token refusals are in
t_sso_oidc_refusals.py."""
import os
import sys

sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client  # noqa: E402
import fixture  # noqa: E402
import idp_oidc  # noqa: E402
from sso_setup import load_with_sso, oidc_sso, to_provider, callback_path, session_cookie  # noqa: E402

st = fixture.start("sso-oidc")
fixture.import_demo(st)
idp = idp_oidc.Glewlwyd(st.path("glewlwyd"))
import atexit  # noqa: E402
atexit.register(idp.stop)
SECRET = "ddd-client-geheim-7"
idp.add_client("ddd", SECRET, [st.url + "/sso/oidc/callback"])
idp.add_user("sem", "Idp-wachtwoord-1", "12AB", ["student", "member"], "1001",
             "sem.devries@leerling.debrug.example", "Sem de Vries")
idp.add_user("noor", "Idp-wachtwoord-1", "12AB", ["student"], "0001002", "", "Noor Bakker")
idp.add_user("jbakker", "Idp-wachtwoord-1", "12AB", ["employee", "member"], None,
             "J.Bakker@debrug.example", "Joost Bakker")
idp.add_user("vreemd", "Idp-wachtwoord-1", "99ZZ", ["student"], "1003", "", "Andere School")
idp.add_user("rol", "Idp-wachtwoord-1", "12AB", ["affiliate"], "1004", "", "Verkeerde Rol")
idp.add_user("docentleerling", "Idp-wachtwoord-1", "12AB", ["student"], None,
             "f.elamrani@debrug.example", "Docent Als Leerling")
idp.add_user("onbekend", "Idp-wachtwoord-1", "12AB", ["student"], "987654", "", "Niet Ingelezen")
load_with_sso(st, "de-brug", oidc_sso(idp.issuer, "ddd", SECRET, password_roles="decaan mentor",
                                      extra="", scope=""))


def federated(user, password="Idp-wachtwoord-1"):
    """A browser that logs in at de-brug via the IdP; (client, answer of
    our callback)."""
    c = Client(st.port)
    url = to_provider(c, "de-brug")
    ok(url.startswith(idp.issuer + "/auth?"), "%s: sent to the IdP's authorization endpoint" % user,
       url)
    back, why = idp.login_and_authorize(url, user, password, "ddd")
    ok(back is not None and back.startswith(st.url + "/sso/oidc/callback?"),
       "%s: the IdP sends the browser back with a code" % user, why or back)
    if back is None:
        return c, None
    return c, c.get(callback_path(back))


def sessions():
    return int(st.sql("SELECT COUNT(*) FROM session")[0][0])


# The log-in page offers the school's button.
c = Client(st.port)
r = c.get("/login")
contains(r.text, 'action="/sso/start"', "the log-in page has the federated log-in form")
contains(r.text, "Inloggen via Entree", "with the school's label")
r = c.get("/login?school=de-brug")
contains(r.text, 'href="/sso/start?school=de-brug"', "?school= gives that school's button")
contains(r.text, '<input type="hidden" name="school" value="de-brug"',
         "... and the password form is for that school")
r = c.get("/sso/start?school=het-noorderlicht")
is_(r.status, 303, "a school without <sso>: back to the log-in page")
contains(r.header("Location") or "", "geen-sso=1", "... saying so")
r = c.get(r.header("Location"))
contains(r.text, "logt niet in via Entree", "the page tells the student")

# A student: first log-in links by leerlingnummer.
c, r = federated("sem")
is_(r.status, 303, "student: our callback logs in")
is_(r.header("Location"), "/", "student: to the home page")
ok(session_cookie(c) != "", "student: our session cookie")
r = c.get("/")
is_(r.status, 200, "student: home page with the session")
contains(r.text, "Sem", "student: the student's own page")
r = c.get("/dossiers")
ok(r.status in (200, 303), "student: a student page opens", r.status)
link = st.sql("SELECT l.protocol, l.issuer FROM sso_link l JOIN account a ON a.id = l.account_id "
              "WHERE a.login = '1001'")
is_(link, [["oidc", idp.issuer]], "student: linked to the imported account, issuer kept")
is_(st.sql("SELECT password_hash IS NULL FROM account WHERE login = '1001'"), [["1"]],
    "student: no activation, no password needed")
idx = st.sql("SELECT COUNT(*) FROM session s JOIN account a ON a.id = s.account_id "
             "WHERE a.login = '1001'")
is_(idx, [["1"]], "student: one session row")
# The session is our ordinary one: CSRF-protected log-out works.
r = c.get("/")
import re  # noqa: E402
tok = re.search(r'name="csrf" value="([^"]+)"', r.text)
r = c.post("/uitloggen", {"csrf": tok.group(1) if tok else ""})
is_(r.status, 303, "student: logs out like any session")
is_(c.get("/").status, 303, "student: and is out")
# A second log-in goes by the stored link.
c, r = federated("sem")
is_(r.status, 303, "student: second log-in by the link")
# Leading zeros of the leerlingnummer as the import stores it.
c, r = federated("noor")
is_(r.status, 303, "student with a zero-padded number at the IdP logs in")

# A mentor: linked by e-mail (case does not matter).
c, r = federated("jbakker")
is_(r.status, 303, "mentor: our callback logs in")
r = c.get("/")
contains(r.text, "Joost", "mentor: lands on the mentor's page")
ok(st.sql("SELECT a.role FROM sso_link l JOIN account a ON a.id = l.account_id "
          "WHERE a.login = 'j.bakker@debrug.example'") == [["mentor"]], "mentor: linked by e-mail")

# Refusals with real IdP users: nobody logged in.
for user, code, what in (("vreemd", "wrong_org", "a user of another school's BRIN"),
                         ("rol", "affiliation", "an affiliate (not a student) with a student's number"),
                         ("docentleerling", "no_account",
                          "a mentor's address from an IdP user who is a student there"),
                         ("onbekend", "no_account", "an IdP user with no imported account")):
    before = sessions()
    c, r = federated(user)
    is_(r.status, 403, "%s: refused" % what)
    contains(r.text, 'data-reden="%s"' % code, "%s: the page says why" % what)
    contains(r.text, "decaan", "%s: and whom to ask" % what)
    ok(session_cookie(c) == "", "%s: no session cookie" % what)
    is_(sessions(), before, "%s: no session row" % what)

# Password log-in: allowed for decaan and mentor here, not for students.
fixture.set_password(st, "de-brug", "1002")
c = Client(st.port)
r = c.post("/login", {"school": "de-brug", "username": "1002", "password": fixture.PASSWORD,
                      "csrf": fixture.csrf(c.get("/login"))})
is_(r.status, 403, "a student's right password is refused where the school wants Entree")
contains(r.text, "Inloggen via Entree", "... and the page names the button")
ok(session_cookie(c) == "", "... no session")
d = fixture.login(st, "de-brug", "m.vandenberg@debrug.example")
ok(session_cookie(d) != "", "the decaan still logs in with a password")

# The student's inzage export names the link (AVG art. 15), valid
# against the published schema.
import io, subprocess, tempfile, zipfile  # noqa: E401,E402
from stack import SRCDIR  # noqa: E402
sem_id = st.sql("SELECT id FROM account WHERE login = '1001'")[0][0]
r = d.post("/portal/leerlingen/%s/export" % sem_id,
           {"csrf": fixture.csrf(d.get("/portal/leerlingen/%s/inzage" % sem_id))})
is_(r.status, 200, "the student's inzage export")
z = zipfile.ZipFile(io.BytesIO(r.body))
xml = z.read("inzage-1001.xml").decode()
contains(xml, '<schoolaccount protocol="oidc" uitgever="%s"' % idp.issuer,
         "the export names the school account the student is linked to")
with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
    f.write(xml)
v = subprocess.run(["xmllint", "--noout", "--relaxng",
                    os.path.join(SRCDIR, "schema", "privacy-export.rng"), f.name],
                   capture_output=True, text=True)
os.unlink(f.name)
is_(v.returncode, 0, "and is valid against schema/privacy-export.rng" + ("" if v.returncode == 0
                                                                         else ": " + v.stderr[:300]))

# The decaan's list and unlinking.
r = d.get("/portal/inloggen")
is_(r.status, 200, "decaan: the list of how students log in")
contains(r.text, "Inloggen via Entree, gekoppeld", "decaan: a linked student shows how and when")
contains(r.text, "niet gekoppeld", "decaan: an unlinked one too")
sem = st.sql("SELECT id FROM account WHERE login = '1001'")[0][0]
r = d.post("/portal/inloggen", {"account": sem, "csrf": fixture.csrf(d.get("/portal/inloggen"))})
is_(r.status, 303, "decaan: unlink")
is_(st.sql("SELECT COUNT(*) FROM sso_link WHERE account_id = %s" % sem), [["0"]], "the link is gone")
is_(st.sql("SELECT actor_role, subject_id FROM audit_log WHERE action = 'sso_ontkoppeld'"),
    [["decaan", sem]], "an audit row: who unlinked whom")
r = d.post("/portal/inloggen", {"account": sem, "csrf": fixture.csrf(d.get("/portal/inloggen"))})
is_(r.status, 404, "unlinking again: nothing to unlink")
r = d.post("/portal/inloggen", {"account": "x", "csrf": fixture.csrf(d.get("/portal/inloggen"))})
is_(r.status, 422, "unlink without a student: the form's message")
r = d.get("/portal/logboek")
contains(r.text, "inloggen via de school ontkoppeld", "the logboek names it")
# Unlinked, the student logs in again and is linked again.
c, r = federated("sem")
is_(r.status, 303, "after unlinking the student is linked again at the next log-in")
is_(st.sql("SELECT COUNT(*) FROM sso_link WHERE account_id = %s" % sem), [["1"]], "... linked")
ok("Idp-wachtwoord-1" not in st.log("worker.log") and SECRET not in st.log("worker.log"),
   "no passwords or client secret in the worker's log")
done()
