"""Response headers: every answer to a request with a session is
'Cache-Control: private, no-store' (error pages, redirects and downloads
too), and each header has one source: no header twice in an answer."""
import os, re, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, done, Client
import fixture
from stack import SRCDIR

ROLES = ["leerling", "mentor", "decaan", "mbo"]
USERS = {"leerling": ("de-brug", "1001"), "mentor": ("de-brug", "j.bakker@debrug.example"),
         "decaan": ("de-brug", "m.vandenberg@debrug.example"),
         "mbo": ("roc-rijnland", "a.kuipers@rocrijnland.example")}

rows = []
with open(os.path.join(SRCDIR, "tests", "access-matrix.txt")) as f:
    for line in f:
        if line.strip() and not line.startswith("#"):
            parts = line.split()
            rows.append((parts[0], parts[1]))

st = fixture.start("headers")
fixture.import_demo(st)
clients = {role: fixture.login(st, *USERS[role]) for role in ROLES}


def values(r, name):
    return [v for k, v in r.headers if k.lower() == name.lower()]


def no_store(r, what):
    cc = values(r, "Cache-Control")
    ok(len(cc) == 1 and "private" in cc[0] and "no-store" in cc[0],
       "%s: one Cache-Control, private and no-store" % what, cc)


def once(r, what):
    # Set-Cookie is the one header HTTP lets repeat (one per cookie).
    names = [k.lower() for k, _ in r.headers if k.lower() != "set-cookie"]
    twice = sorted({n for n in names if names.count(n) > 1})
    is_(twice, [], "%s: no header twice" % what)


# --- every route x role with a session --------------------------------------
for path, method in sorted(rows, key=lambda r: r[0] == "/uitloggen"):
    for role in ROLES:
        c = clients[role]
        url = path.replace("#", "1")
        if method == "GET":
            r = c.get(url)
        else:
            r = c.post(url, {"csrf": fixture.csrf(c.get("/activeren"))})
        what = "%s %s as %s (%d)" % (method, path, role, r.status)
        no_store(r, what)
        once(r, what)
    if path == "/uitloggen":
        clients = {role: fixture.login(st, *USERS[role]) for role in ROLES}

# --- errors outside the route table, with a session ------------------------
d = clients["decaan"]
for r, what in ((d.get("/bestaat-niet"), "404 for an unknown path"),
                (d.post("/healthz", {"a": "b"}), "405 for a method the page has not"),
                (d.get("/ddd/bsn"), "403 for another role's page"),
                (d.get("/portal/dossiers/999999"), "404 of a handler")):
    no_store(r, what)
    once(r, what)

# --- a sample without a session, and the password page ---------------------
anon = Client(st.port)
for r, what in ((anon.get("/login"), "the log-in page"),
                (anon.get("/activeren"), "the activation page"),
                (anon.get("/activeren/wachtwoord?t=" + "A" * 43), "a dead link"),
                (anon.get("/bestaat-niet"), "404 without a session"),
                (anon.get("/healthz"), "healthz"),
                (anon.get("/static/ddd.css"), "a static file")):
    once(r, what)
import hashlib, secrets
tok = secrets.token_urlsafe(32)
st.sql("INSERT INTO activation (token_hash, account_id, tenant_id, expires_at) SELECT UNHEX('%s'), "
       "id, tenant_id, NOW() + INTERVAL 1 DAY FROM account WHERE login = '1002'"
       % hashlib.sha256(tok.encode()).hexdigest())
r = anon.get("/activeren/wachtwoord?t=" + tok)
is_(r.status, 200, "the password page")
once(r, "the password page")
is_(values(r, "Referrer-Policy"), ["no-referrer"], "the password page: one Referrer-Policy, no-referrer")
is_(values(anon.get("/login"), "Referrer-Policy"), ["same-origin"], "other pages: same-origin")
for name in ("X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy"):
    is_(len(values(r, name)), 1, "the password page: one %s" % name)

# --- a PDF download -----------------------------------------------------------
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE login = '1001'")
s = clients["leerling"]
r = s.post("/dossiers/nieuw", {"csrf": fixture.csrf(s.get("/dossiers"))})
did = re.search(r"/dossiers/(\d+)/", r.header("Location") or "/dossiers/0/").group(1)
r = s.get("/dossiers/%s/deel-a.pdf" % did)
is_(r.header("Content-Type"), "application/pdf", "a PDF")
no_store(r, "the PDF")
once(r, "the PDF")
r = clients["mentor"].get("/portal/dossiers/%s/deel-a.pdf" % did)
no_store(r, "the mentor's PDF")
once(r, "the mentor's PDF")
done()
