"""A SAML log-in end to end through nginx and the worker (issue 18): the
log-in page's button for a school whose tenant file has <sso
protocol="saml">, /sso/start's signed AuthnRequest to the real IdP
(Debian's simplesamlphp), the IdP's POST to /sso/saml/acs, and the linking
(sso_login) to the account the school imported: a student by the
employeeNumber the IdP releases, a mentor by e-mail; then our ordinary
session.  Refused, each with the Dutch page and no session: the same
response posted again, another school's home organisation, an IdP user
with no imported account, an affiliation that does not fit the account.
A student's password is refused where the school allows it only to the
decaan.  Single log-out from the IdP: the user logs out at the school,
whose signed LogoutRequest to /sso/saml/slo ends our session of that IdP
session (and no other), and our signed LogoutResponse goes back; a
changed signature is refused and ends nothing."""
import os, re, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client
import fixture
import idp_saml
import sso_setup

# The IdP's users as Entree would release them for De Brug (BRIN 12AB):
# student 1001 by employeeNumber, the mentor by his school address; a
# student of another school, one the school never imported, and staff
# whose address the school does not know.
def user(uid, pw, number=None, affil=("student",), org="12AB", mail=None):
    a = {"urn:mace:dir:attribute-def:uid": [uid],
         "urn:mace:dir:attribute-def:eduPersonAffiliation": list(affil),
         "urn:mace:dir:attribute-def:nlEduPersonHomeOrganizationId": [org],
         "urn:mace:dir:attribute-def:mail": [mail or uid + "@school.example"]}
    if number:
        a["urn:mace:dir:attribute-def:employeeNumber"] = [number]
    return {"password": pw, "attrs": a}


idp_saml.USERS.clear()
idp_saml.USERS.update({
    "sem": user("sem", "ww-sem", number="1001"),
    "joost": user("joost", "ww-joost", affil=("employee", "staff"),
                  mail="j.bakker@debrug.example"),
    "vreemd": user("vreemd", "ww-vreemd", number="1002", org="99XX"),
    "onbekend": user("onbekend", "ww-onbekend", number="999999"),
    "nep": user("nep", "ww-nep", affil=("employee",), mail="onbekend@debrug.example"),
    "daan": user("daan", "ww-daan", number="1003"),
})

st = fixture.start("sso-saml-login", up=False)
os.makedirs(st.dir, exist_ok=True)
os.chmod(st.dir, 0o755)
sp_key, sp_crt = idp_saml.keypair(st.dir, "sp", "ddd-sp")
if st.run_as:
    os.chmod(sp_key, 0o600)
st.write_config({"saml_key_file": sp_key, "saml_cert_file": sp_crt})
st.start_db()
st.dddctl("migrate")
st.dddctl("tenant", "load")
st.start_worker()
st.start_nginx()
fixture.import_demo(st)

idp = idp_saml.SamlIdp(st.dir)
idp.setup(st.url + "/sso/saml/metadata", st.url + "/sso/saml/acs", sp_crt)
idp.start()
import atexit
atexit.register(idp.stop)
md = re.sub(r"^<\?xml[^>]*\?>\s*", "", idp.metadata())
sso_setup.load_with_sso(st, "de-brug",
                        '<sso protocol="saml" label="Inloggen via Entree" home-organization="12AB" '
                        'attr-student="employeeNumber" password-roles="decaan"><saml><metadata>%s'
                        '</metadata></saml></sso>' % md)

# The log-in page, opened on the school by its link, has the button.
c = Client(st.port)
r = c.get("/login?school=de-brug")
contains(r.text, 'href="/sso/start?school=de-brug"', "the school's log-in page has the button")
contains(r.text, "Inloggen via Entree", "... with the school's label")


def saml_login(who, client=None):
    """A browser: the button, the IdP's log-in, its POST to our ACS."""
    client = client or Client(st.port)
    location = sso_setup.to_provider(client, "de-brug")
    resp, relay, action = idp.login(location, who)
    r = client.post("/sso/saml/acs", {"SAMLResponse": resp, "RelayState": relay})
    return client, r, (resp, relay, action)


sem, r, first = saml_login("sem")
is_(r.status, 303, "the student through the IdP: a redirect")
is_(r.header("Location"), "/", "... to the start page")
ok(sso_setup.session_cookie(sem) != "", "with our session cookie")
is_(first[2], st.url + "/sso/saml/acs", "the IdP posted to our ACS")
r = sem.get("/")
is_(r.status, 200, "the student's start page")
contains(r.text, "Sem", "... is Sem's")
is_(st.sql("SELECT a.login, l.protocol FROM sso_link l JOIN account a ON a.id = l.account_id "
           "WHERE a.login = '1001'"), [["1001", "saml"]], "linked by the leerlingnummer, SAML")
ok(st.sql("SELECT sso_session_index FROM session s JOIN account a ON a.id = s.account_id "
          "WHERE a.login = '1001' AND sso_session_index <> ''") != [],
   "the IdP's session index kept with the session (single log-out)")

# The IdP's NameIDs are transient (new at every log-in, as Entree's): the
# link holds the person's uid instead, so the next log-in finds it.
ok(st.sql("SELECT l.subject FROM sso_link l JOIN account a ON a.id = l.account_id WHERE "
          "a.login = '1001'") == [["uid:sem"]], "the link's subject is the uid, not the transient NameID")
sem2, r, _ = saml_login("sem")
is_(r.status, 303, "the student's second log-in through the IdP (a new transient NameID)")
ok(sso_setup.session_cookie(sem2) != "", "... with our session")
is_(st.sql("SELECT COUNT(*) FROM sso_link l JOIN account a ON a.id = l.account_id WHERE "
           "a.login = '1001'"), [["1"]], "... through the same link")

joost, r, _ = saml_login("joost")
is_(r.status, 303, "the mentor through the IdP")
r = joost.get("/portal/leerlingen")
is_(r.status, 200, "the mentor's Mijn Leerlingen")

# The same response again, from another browser: not a second log-in.
again = Client(st.port)
r = again.post("/sso/saml/acs", {"SAMLResponse": first[0], "RelayState": first[1]})
ok(r.status in (403, 410, 400), "the same response posted again is refused", r.status)
is_(sso_setup.session_cookie(again), "", "... and logs nobody in")
contains(r.text, 'lang="nl"', "... with a Dutch page")

# A response with its signed part changed: refused.
import base64
tamper = Client(st.port)
loc = sso_setup.to_provider(tamper, "de-brug")
resp, relay, _ = idp.login(loc, "sem")
bad = base64.b64decode(resp).decode().replace("1001", "1002")
r = tamper.post("/sso/saml/acs", {"SAMLResponse": base64.b64encode(bad.encode()).decode(),
                                  "RelayState": relay})
ok(r.status >= 400, "a response whose signed assertion was changed is refused", r.status)
is_(sso_setup.session_cookie(tamper), "", "... and logs nobody in")

for who, why, text in (("vreemd", "another school's home organisation", "andere school"),
                       ("onbekend", "an IdP user the school never imported", "decaan"),
                       ("nep", "staff with no account of that address", "decaan")):
    cl, r, _ = saml_login(who)
    is_(r.status, 403, "%s: refused" % why)
    is_(sso_setup.session_cookie(cl), "", "%s: no session" % why)
    contains(sso_setup.text_of(r.text).lower(), text, "%s: the page says whom to ask" % why)

# The student's password: this school lets only the decaan use one.
fixture.set_password(st, "de-brug", "1001")
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE login = '1001'")
pw = Client(st.port)
r = pw.post("/login", {"school": "de-brug", "username": "1001", "password": fixture.PASSWORD,
                       "csrf": fixture.csrf(pw.get("/login?school=de-brug"))})
is_(r.status, 403, "the student's right password is refused: the school logs in via Entree")
contains(r.text, "Inloggen via Entree", "... and the page names the button")

# --- single log-out: the IdP's (the student logs out at the school) ---
import urllib.parse
daan, r, _ = saml_login("daan")
is_(r.status, 303, "another student through the IdP")
is_(daan.get("/").status, 200, "... has a session")
SLO = st.url + "/sso/saml/slo"
RETURN = idp.url + "/na-uitloggen"
req = idp.follow(idp.url + "/saml2/idp/SingleLogoutService.php?ReturnTo=" +
                 urllib.parse.quote(RETURN, safe=""), SLO)
ok(isinstance(req, str) and req.startswith(SLO + "?SAMLRequest="),
   "the IdP's log-out sends the browser to our /sso/saml/slo", req)
req = req if isinstance(req, str) else SLO + "?SAMLRequest=x"
query = req.split("?", 1)[1]
bad = re.sub(r"(Signature=)(.)", lambda m: m.group(1) + ("B" if m.group(2) != "B" else "C"), query)
r = Client(st.port).get("/sso/saml/slo?" + bad)
is_(r.status, 403, "a LogoutRequest with a changed signature is refused")
contains(r.text, 'lang="nl"', "... with a Dutch page")
is_(daan.get("/").status, 200, "... and the session stays")
r = Client(st.port).get("/sso/saml/slo?" + query)
is_(r.status, 303, "the IdP's signed LogoutRequest: a redirect")
answer = r.header("Location") or ""
ok(answer.startswith(idp.url + "/saml2/idp/SingleLogoutService.php?SAMLResponse=")
   and "&Signature=" in answer, "... back to the IdP with our signed LogoutResponse", answer)
r = daan.get("/")
ok(r.status in (302, 303) and "/login" in (r.header("Location") or ""),
   "the student's session here is gone", r.status)
is_(st.sql("SELECT COUNT(*) FROM session s JOIN account a ON a.id = s.account_id "
           "WHERE a.login = '1003'"), [["0"]], "... no session row left")
is_(sem.get("/").status, 200, "another student's session (another IdP session) stays")
done_at = idp.follow(answer, RETURN) if answer else None
ok(isinstance(done_at, str) and done_at.startswith(RETURN),
   "the IdP takes our answer and finishes its log-out", done_at)
done()
