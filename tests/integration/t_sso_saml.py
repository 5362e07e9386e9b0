"""SAML 2.0 log-in (issue 18), the protocol side: our SP (fcgi/saml.c, Lasso)
against a real IdP (Debian's simplesamlphp, tests/lib/idp_saml.py) on
loopback.  tests/saml-sp builds our signed AuthnRequest; this test is the
browser: it follows it to the IdP (which checks its signature), logs in as a
test user and hands the POSTed SAMLResponse to saml_acs.  The identity must
be exactly the test user's; then each refusal: a tampered signature,
another audience, an expired assertion, a replay, a wrong InResponseTo, an
unsigned assertion, a key not in the IdP's metadata.  Also: an encrypted
assertion, our metadata at /sso/saml/metadata."""
import base64
import os
import re
import subprocess
import sys
import time
import urllib.parse
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client
import fixture
import idp_saml

BUILDDIR = os.environ.get("DDD_BUILDDIR", ".")
HELPER = os.path.join(BUILDDIR, "tests", "saml-sp")

st = fixture.start("sso-saml", up=False)
os.makedirs(st.dir, exist_ok=True)
os.chmod(st.dir, 0o755)
sp_key, sp_crt = idp_saml.keypair(st.dir, "sp", "ddd-sp")
if st.run_as:
    # The worker reads the key before it drops root; the test reads both.
    os.chmod(sp_key, 0o600)
SP_ENTITY = st.url + "/sso/saml/metadata"
SP_ACS = st.url + "/sso/saml/acs"
saml_conf = {"saml_key_file": sp_key, "saml_cert_file": sp_crt}
st.write_config(saml_conf)
st.start_db()
st.dddctl("migrate")
st.dddctl("tenant", "load")
st.start_worker()
st.start_nginx()
tenants = dict((slug, int(i)) for i, slug in st.sql("SELECT id, slug FROM tenant ORDER BY id"))
TENANT = tenants["het-noorderlicht"] if "het-noorderlicht" in tenants else min(tenants.values())

idp = idp_saml.SamlIdp(st.dir)
idp.setup(SP_ENTITY, SP_ACS, sp_crt)
idp.start()
import atexit
atexit.register(idp.stop)
idp_md = st.path("idp-metadata.xml")
with open(idp_md, "w") as f:
    f.write(idp.metadata())


def helper(*args, conf=None):
    r = subprocess.run([HELPER, "-f", conf or st.config] + [str(a) for a in args],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
    return r.returncode, r.stdout, r.stderr


def authn_request(tenant=TENANT):
    rc, out, err = helper("request", tenant, idp_md)
    if rc != 0:
        raise RuntimeError("saml-sp request: %s%s" % (out, err))
    return out.strip()


_n = [0]


def acs(response, relay, ahead=0, md=None, conf=None):
    """saml_acs on a response: (ok, {identity} or the refusal line)."""
    _n[0] += 1
    path = st.path("response-%d.b64" % _n[0])
    with open(path, "w") as f:
        f.write(response)
    args = ["acs", md or idp_md, path, relay] + ([ahead] if ahead else [])
    rc, out, err = helper(*args, conf=conf)
    if rc == 0 and out.startswith("ok\n"):
        d = {"attrs": []}
        for line in out.splitlines()[1:]:
            k, v = line.split("=", 1)
            if k == "attr":
                d["attrs"].append(tuple(v.split("=", 1)))
            else:
                d[k] = v
        return True, d
    print("# saml-sp: " + (out + err).strip().replace("\n", " | "), flush=True)
    return False, (out + err).strip()


def decode(resp):
    return base64.b64decode(resp).decode()


def encode(xml):
    return base64.b64encode(xml.encode()).decode()


# --- the IdP metadata a tenant file may hold (for dddctl tenant check) ---
def md_check(text):
    path = st.path("md-check.xml")
    with open(path, "w") as f:
        f.write(text)
    rc, out, err = helper("check", path)
    return rc, out + err


with open(idp_md) as f:
    md_text = f.read()
is_(md_check(md_text), (0, "ok %s\n" % idp.entity_id), "the IdP's metadata will do")
rc, out = md_check(md_text.replace("bindings:HTTP-Redirect", "bindings:SOAP"))
ok(rc == 1 and "SingleSignOnService" in out, "not without an HTTP-Redirect SSO service", out)
rc, out = md_check(re.sub(r"<ds:X509Certificate>.*?</ds:X509Certificate>", "", md_text, flags=re.S))
ok(rc == 1 and "signing certificate" in out, "not without a signing certificate", out)
rc, out = md_check(md_text.replace("IDPSSODescriptor", "SPSSODescriptor"))
ok(rc == 1 and "IDPSSODescriptor" in out, "not an SP's", out)
rc, out = md_check("<html/>")
ok(rc == 1, "not something else", out)

# --- our metadata, at the instance's stable URL -------------------------
c = Client(st.port)
r = c.get("/sso/saml/metadata")
is_(r.status, 200, "GET /sso/saml/metadata answers")
contains(r.header("Content-Type") or "", "application/samlmetadata+xml",
         "as SAML metadata")
body = r.body.decode() if isinstance(r.body, bytes) else r.text
contains(body, 'entityID="%s"' % SP_ENTITY, "the entityID (base_url/sso/saml/metadata)")
contains(body, 'Location="%s"' % SP_ACS, "the ACS (HTTP-POST) under base_url")
contains(body, 'AuthnRequestsSigned="true"', "our AuthnRequests are signed")
ok(body.count("<ds:X509Certificate>%s</ds:X509Certificate>" % idp_saml.cert_b64(sp_crt)) == 2,
   "our certificate, for signing and for encryption")
rc, out, _ = helper("metadata")
is_(out, body, "the helper's metadata is the route's")

# A key and certificate that do not go together: the worker does not start.
bad_conf = st.path("ddd-bad-saml.conf")
with open(st.config) as f:
    conf = f.read()
with open(bad_conf, "w") as f:
    f.write(conf.replace(sp_crt, idp_saml.keypair(st.dir, "stray", "stray")[1]))
r = subprocess.run([os.path.join(BUILDDIR, "ddd-worker"), "-n", "-f", bad_conf],
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
ok(r.returncode != 0 and "SAML" in r.stderr and "sp.key is not the key of" in r.stderr and
   "stray.crt" in r.stderr, "ddd-worker -n refuses a SAML key with another's certificate", r.stderr)

# --- a log-in, end to end -----------------------------------------------
url = authn_request()
ok(url.startswith(idp.url + "/saml2/idp/SSOService.php?SAMLRequest="),
   "the AuthnRequest goes to the IdP's SSO service (HTTP-Redirect)")
ok("&SigAlg=" in url and "&Signature=" in url and
   "rsa-sha256" in url.replace("%3A", ":").replace("%2F", "/").replace("%23", "#"),
   "it is signed (RSA-SHA256)")
relay = re.search(r"RelayState=([^&]+)", url).group(1)
ok(re.fullmatch(r"_[0-9a-f]{40}", relay) is not None, "its RelayState is the request id")
is_(st.sql("SELECT tenant_id FROM saml_request WHERE id = '%s'" % relay), [[str(TENANT)]],
    "the request is stored with its tenant")

resp, got_relay, action = idp.login(url, "leerling1")
is_(got_relay, relay, "the IdP (which checked our signature) gives the RelayState back")
is_(action, SP_ACS, "and posts to our ACS")
good, ident = acs(resp, relay)
ok(good, "saml_acs accepts the IdP's response", ident)
want = {
    "tenant_id": str(TENANT), "idp": idp.entity_id,
    "home_org": "99XX", "affiliation": "student", "employee_number": "100201",
    "uid": "leerling1", "mail": "leerling1@school.example",
}
if good:
    is_(dict((k, ident[k]) for k in want), want, "the identity is exactly the test user's")
    ok(ident["name_id"] != "" and ident["session_index"] != "",
       "with the NameID and the IdP's session index")
    is_(sorted(ident["attrs"]), sorted((k, v) for k, vs in idp_saml.USERS["leerling1"]["attrs"].items()
                                       for v in vs),
        "and every attribute value as the IdP sent it, under its name")
is_(st.sql("SELECT COUNT(*) FROM saml_request WHERE id = '%s'" % relay), [["0"]],
    "the request is used up")
is_(st.sql("SELECT COUNT(*) FROM saml_assertion_seen WHERE tenant_id = %d" % TENANT), [["1"]],
    "the assertion id is kept against replay")

# --- threads: one response checked 200 times by 8 threads at once, through
# two tenants' IdPs (two Lasso servers in use at the same time) ----------
path = st.path("response-threads.b64")
with open(path, "w") as f:
    f.write(resp)
t0 = time.time()
rc, out, err = helper("threads", idp_md, path, "leerling1")
is_((rc, out.strip()), (0, "ok 200"),
    "8 threads, 2 tenants' IdPs: every check gives the same identity")
print("# 200 checks in %.2f s" % (time.time() - t0))

# --- replay ------------------------------------------------------------
good, why = acs(resp, relay)
ok(not good, "the same response again is refused", why)
relay2 = re.search(r"RelayState=([^&]+)", authn_request()).group(1)
good, why = acs(resp, relay2)
ok(not good and "replayed" in why, "and with another waiting request: refused as a replay", why)

# --- expired rows go: a request that was never answered, an assertion
# id past its time --------------------------------------------------------
OLD = "_" + "e" * 40
st.sql("INSERT INTO saml_request (id, tenant_id, idp, expires_at) VALUES "
       "('%s', %d, 'x', NOW() - INTERVAL 1 SECOND)" % (OLD, TENANT))
st.sql("INSERT INTO saml_assertion_seen (idp, assertion_id, tenant_id, expires_at) VALUES "
       "('x', '_old', %d, NOW() - INTERVAL 1 SECOND)" % TENANT)
good, why = acs(resp, OLD)
ok(not good and "refused gone" in why, "an expired request finds nothing")
url = authn_request()
is_(st.sql("SELECT COUNT(*) FROM saml_request WHERE id = '%s'" % OLD), [["0"]],
    "expired requests are purged when the next request is made")
resp_p, _, _ = idp.login(url, "leerling1")
good, _ = acs(resp_p, re.search(r"RelayState=([^&]+)", url).group(1))
ok(good, "(a log-in)")
is_(st.sql("SELECT COUNT(*) FROM saml_assertion_seen WHERE assertion_id = '_old'"), [["0"]],
    "expired assertion ids are purged when the next assertion is taken")

# --- a staff user, several affiliations ---------------------------------
url = authn_request()
relay = re.search(r"RelayState=([^&]+)", url).group(1)
resp_m, _, _ = idp.login(url, "mentor1")
good, ident = acs(resp_m, relay)
ok(good and ident["affiliation"] == "employee staff" and ident["uid"] == "mentor1"
   and ident["employee_number"] == "", "a mentor: both affiliations, no employeeNumber", ident)


def fresh(user="leerling1"):
    url = authn_request()
    relay = re.search(r"RelayState=([^&]+)", url).group(1)
    resp, _, _ = idp.login(url, user)
    return resp, relay


# --- a tampered signature: a byte of the signed assertion flipped -------
resp, relay = fresh()
xml = decode(resp)
bad = xml.replace("leerling1@school.example", "leerling2@school.example")
ok(bad != xml, "(the assertion changed)")
good, why = acs(encode(bad), relay)
ok(not good and "ignature" in why, "a tampered assertion is refused (signature)", why)
is_(st.sql("SELECT COUNT(*) FROM saml_request WHERE id = '%s'" % relay), [["1"]],
    "and its request still waits")
good, why = acs(resp, relay)
ok(good, "the untouched response for that request is accepted", why)

# --- only the assertion signed (the Response's signature taken out) -----
resp, relay = fresh()
xml = decode(resp)
first = re.search(r"<ds:Signature.*?</ds:Signature>", xml, flags=re.S)
ok(first is not None and xml.index("<saml:Assertion") > first.start(),
   "(the IdP signs the Response and the assertion; the Response's taken out)")
only = xml[:first.start()] + xml[first.end():]
bad = only.replace("leerling1@school.example", "leerling2@school.example")
good, why = acs(encode(bad), relay)
ok(not good and "ignature" in why, "with its assertion changed it is refused (signature)", why)
good, why = acs(encode(only), relay)
ok(good, "a response whose assertion alone is signed is accepted", why)

# --- an unsigned assertion ---------------------------------------------
resp, relay = fresh()
xml = decode(resp)
unsigned = re.sub(r"<ds:Signature.*?</ds:Signature>", "", xml, flags=re.S)
ok("Signature" not in unsigned, "(every signature taken out)")
good, why = acs(encode(unsigned), relay)
ok(not good and "ignature" in why, "an unsigned assertion is refused", why)

# --- a key not in the IdP's metadata -----------------------------------
other_key, other_crt = idp_saml.keypair(st.dir, "other-idp", "other-idp")
with open(idp_md) as f:
    md = f.read()
wrong_md = st.path("idp-metadata-wrong-key.xml")
with open(wrong_md, "w") as f:
    f.write(md.replace(idp_saml.cert_b64(idp.path("cert", "idp.crt")),
                       idp_saml.cert_b64(other_crt)))
good, why = acs(resp, relay, md=wrong_md)
ok(not good and "ignature" in why,
   "a response signed by a key that is not in the metadata is refused", why)

# --- another audience --------------------------------------------------
other_conf = st.path("ddd-other-sp.conf")
with open(st.config) as f:
    conf = f.read()
with open(other_conf, "w") as f:
    f.write(conf + "saml_entity_id = https://andere-dienst.example/saml\n")
good, why = acs(resp, relay, conf=other_conf)
ok(not good and "audience" in why, "an assertion for another audience is refused", why)

# --- expired -----------------------------------------------------------
good, why = acs(resp, relay, ahead=3600)
ok(not good and ("not valid now" in why or "expired" in why),
   "an expired assertion (our clock an hour on) is refused", why)
good, why = acs(resp, relay)
ok(good, "(that response itself is good: each refusal above was for its reason)", why)

# --- a wrong InResponseTo -----------------------------------------------
resp_a, relay_a = fresh()
relay_b = re.search(r"RelayState=([^&]+)", authn_request()).group(1)
good, why = acs(resp_a, relay_b)
ok(not good and "InResponseTo" in why, "a response to another request is refused", why)
good, why = acs(resp_a, relay_a)
ok(not good, "(and not taken afterwards either: its assertion was seen)", why)

# --- bad form input: not ours in form -----------------------------------
good, why = acs("PHNhbWw+", "_" + "0" * 40)
ok(not good and "refused gone" in why, "an unknown RelayState finds no request", why)
relay_c = re.search(r"RelayState=([^&]+)", authn_request()).group(1)
good, why = acs("not base64!", relay_c)
ok(not good and "refused bad_request" in why, "a SAMLResponse that is not base64 is refused", why)
good, why = acs(encode("<html/>"), relay_c)
ok(not good, "and one that is not a SAML response", why)

# --- single log-out: ours first -----------------------------------------
SP_SLO = st.url + "/sso/saml/slo"
contains(body, 'Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="%s"' % SP_SLO,
         "our metadata offers single log-out (HTTP-Redirect)")
resp, relay = fresh()
good, ident = acs(resp, relay)
ok(good, "(logged in)", ident)
rc, out, err = helper("logout", TENANT, idp_md, ident["name_id"], ident["name_id_format"],
                      ident["session_index"])
lo_url = out.strip()
ok(rc == 0 and lo_url.startswith(idp.url + "/saml2/idp/SingleLogoutService.php?SAMLRequest=")
   and "&Signature=" in lo_url, "a signed LogoutRequest to the IdP", out + err)
back = idp.follow(lo_url, SP_SLO)
ok(isinstance(back, str) and back.startswith(SP_SLO + "?SAMLResponse="),
   "the IdP (which checks our signature) answers at our SLO end", back)
if isinstance(back, str):
    query = back.split("?", 1)[1]
    rc, out, err = helper("slo", TENANT, idp_md, query)
    ok(rc == 0 and out.startswith("ok response\n"), "its LogoutResponse verifies", out + err)
    bad = re.sub(r"(Signature=)(.)", lambda m: m.group(1) + ("B" if m.group(2) != "B" else "C"), query)
    rc, out, err = helper("slo", TENANT, idp_md, bad)
    ok(rc != 0 and "refused" in out and "ignature" in out, "one with a changed signature is refused", out + err)
    unsigned = "&".join(kv for kv in query.split("&") if not kv.startswith(("SigAlg=", "Signature=")))
    rc, out, err = helper("slo", TENANT, idp_md, unsigned)
    ok(rc != 0 and "refused" in out and "ignature" in out, "and an unsigned one", out + err)
again = idp.follow(authn_request(), SP_ACS)
ok(isinstance(again, tuple) and 'name="AuthState"' in again[1],
   "the IdP session is gone: a new log-in asks for the password again")

# --- single log-out: the IdP's -----------------------------------------
resp, relay = fresh("mentor1")
good, ident = acs(resp, relay)
ok(good, "(logged in)", ident)
RETURN = idp.url + "/na-uitloggen"
req = idp.follow(idp.url + "/saml2/idp/SingleLogoutService.php?ReturnTo=" +
                 urllib.parse.quote(RETURN, safe=""), SP_SLO)
ok(isinstance(req, str) and req.startswith(SP_SLO + "?SAMLRequest="),
   "the IdP's log-out sends a LogoutRequest to our SLO end", req)
if isinstance(req, str):
    query = req.split("?", 1)[1]
    bad = re.sub(r"(Signature=)(.)", lambda m: m.group(1) + ("B" if m.group(2) != "B" else "C"), query)
    rc, out, err = helper("slo", TENANT, idp_md, bad)
    ok(rc != 0 and "refused" in out and "ignature" in out, "with a changed signature it is refused", out + err)
    unsigned = "&".join(kv for kv in query.split("&") if not kv.startswith(("SigAlg=", "Signature=")))
    rc, out, err = helper("slo", TENANT, idp_md, unsigned)
    ok(rc != 0 and "refused" in out and "ignature" in out, "and unsigned", out + err)
    rc, out, err = helper("slo", TENANT, idp_md, query)
    lines = dict(line.split("=", 1) for line in out.splitlines()[1:] if "=" in line)
    ok(rc == 0 and out.startswith("ok request\n"), "it verifies", out + err)
    is_((lines.get("name_id"), lines.get("session_index")),
        (ident["name_id"], ident["session_index"]),
        "and names the session the log-in made (NameID, session index)")
    answer = lines.get("url", "")
    ok(answer.startswith(idp.url + "/saml2/idp/SingleLogoutService.php?SAMLResponse=")
       and "&Signature=" in answer, "our signed LogoutResponse goes back to the IdP")
    done_at = idp.follow(answer, RETURN)
    ok(isinstance(done_at, str) and done_at.startswith(RETURN),
       "the IdP takes it and finishes its log-out", done_at)

# --- an encrypted assertion --------------------------------------------
idp.setup(SP_ENTITY, SP_ACS, sp_crt, encrypt=True)
resp, relay = fresh()
xml = decode(resp)
ok("EncryptedAssertion" in xml and "leerling1@school.example" not in xml,
   "the IdP encrypts the assertion for our certificate")
good, ident = acs(resp, relay)
ok(good and ident.get("uid") == "leerling1" and ident.get("employee_number") == "100201",
   "an encrypted assertion is decrypted and accepted", ident)

done()
