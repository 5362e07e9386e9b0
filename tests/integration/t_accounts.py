"""Accounts: activation by mailed link, log-in, sessions, CSRF, throttling,
'Activeer DDD' with a BSN, log-out (here and everywhere), isolation."""
import email, email.policy, glob, hashlib, os, re, subprocess, sys, urllib.parse
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client
import fixture
from stack import BUILDDIR

st = fixture.start("accounts", smtp=True)


def tid(slug):
    return int(st.sql("SELECT id FROM tenant WHERE slug = '%s'" % slug)[0][0])


BRUG, NOORD = tid("de-brug"), tid("het-noorderlicht")


def student(tenant, nr, email, roepnaam="Sem", achternaam="Jansen"):
    st.sql("INSERT INTO account (tenant_id, role, login, email, roepnaam, "
           "achternaam, klas) VALUES (%d, 'leerling', '%s', '%s', '%s', '%s', "
           "'4K1')" % (tenant, nr, email, roepnaam, achternaam))


def csrf(r):
    m = re.search(r'name="csrf" value="([A-Za-z0-9_-]{43}(?:\.[A-Za-z0-9_-]{43})?)"', r.text)
    return m.group(1) if m else ""


def count(table, where="1"):
    return int(st.sql("SELECT COUNT(*) FROM %s WHERE %s" % (table, where))[0][0])


def mailed_token(to):
    """The sender delivers the outbox; the link token in the newest mail to
    'to' (the sender makes it as the mail leaves)."""
    subprocess.run([os.path.join(BUILDDIR, "ddd-mailer"), "-1", "-f", st.config, "--smtp",
                    "smtp://127.0.0.1:%d" % st.smtp_port], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=120, check=True)
    for f in sorted(glob.glob(os.path.join(st.maildir, "new", "*")), key=os.path.getmtime,
                    reverse=True):
        with open(f, "rb") as fh:
            m = email.message_from_binary_file(fh, policy=email.policy.default)
        if to in str(m["To"]):
            t = re.search(r"/activeren/wachtwoord\?t=([A-Za-z0-9_-]{43})",
                          m.get_body(preferencelist=("plain",)).get_content())
            return t.group(1) if t else None
    return None


student(BRUG, "12345", "sem@leerling.example")
student(BRUG, "777", "lotte@leerling.example", "Lotte", "de Wit")
student(NOORD, "12345", "ander@leerling.example", "Daan", "Noord")

# --- CSRF: a POST without the form's token changes nothing -----------------
c = Client(st.port)
r = c.post("/activeren", {"school": "de-brug", "username": "12345"})
is_(r.status, 403, "POST without CSRF token: 403")
contains(r.text, "Formulier verlopen", "Dutch message")
is_(count("outbox"), 0, "no mail queued")
r = c.get("/activeren")
token = csrf(r)
r = c.post("/activeren", {"school": "de-brug", "username": "12345", "csrf": "x" * 43})
is_(r.status, 403, "forged CSRF token: 403")
other = Client(st.port)
other.get("/activeren")
r = other.post("/activeren", {"school": "de-brug", "username": "12345", "csrf": token})
is_(r.status, 403, "CSRF token of another browser: 403")
is_(count("activation"), 0, "no activation link made")

# --- activation ------------------------------------------------------------
r = c.post("/activeren", {"school": "de-brug", "username": " 0012345 ", "csrf": token})
is_(r.status, 200, "activation request accepted")
contains(r.text, "Als deze gegevens bij ons bekend zijn", "neutral answer")
rows = st.sql("SELECT kind, to_addr, subject, body_xml, status FROM outbox")
is_(len(rows), 1, "one mail queued (leading zeros normalised)")
kind, to, subject, body, status = rows[0]
is_((kind, to, status), ("activation", "sem@leerling.example", "queued"),
    "activation mail to the student, queued")
ok("<link/>" in body and "t=" not in body, "the queued mail holds no token yet", body)
link_token = mailed_token("sem@leerling.example")
ok(link_token is not None, "the delivered mail holds the link")
link_token = link_token or ""
stored = st.sql("SELECT HEX(token_hash) FROM activation")[0][0]
is_(stored.lower(), hashlib.sha256(link_token.encode()).hexdigest(),
    "only the SHA-256 of the token is stored")
ok(link_token not in st.log("worker.log"), "token not in the log")

r = c.post("/activeren", {"school": "de-brug", "username": "99999", "csrf": token})
contains(r.text, "Als deze gegevens bij ons bekend zijn", "unknown number: same answer")
r = c.post("/activeren", {"school": "het-noorderlicht", "username": "777", "csrf": token})
contains(r.text, "Als deze gegevens bij ons bekend zijn", "number of another school: same answer")
is_(count("outbox"), 1, "no mail for unknown or other-school numbers")
r = c.post("/activeren", {"school": "de-brug", "username": "12<3>", "csrf": token})
is_(r.status, 422, "malformed leerlingnummer: 422")
contains(r.text, 'value="12&lt;3&gt;"', "what was typed stays on the page, escaped")

r = c.get("/activeren/wachtwoord?t=" + "A" * 43)
is_(r.status, 410, "forged link: 410")
contains(r.text, "verlopen of al gebruikt", "says so in Dutch")
r = c.get("/activeren/wachtwoord?t=" + link_token)
is_(r.status, 200, "link opens the password form")
contains(r.text, "Hallo Sem", "greets the student")
pw_csrf = csrf(r)
form = {"t": link_token, "csrf": pw_csrf}
r = c.post("/activeren/wachtwoord", dict(form, password="kort", password2="kort"))
is_(r.status, 422, "short password refused")
contains(r.text, "minstens 10 tekens", "explains the minimum")
r = c.post("/activeren/wachtwoord", dict(form, password="lange zin hier", password2="andere zin hier"))
is_(r.status, 422, "different passwords refused")
contains(r.text, "niet gelijk", "explains the mismatch")
is_(st.sql("SELECT password_hash IS NULL FROM account WHERE login='12345' AND tenant_id=%d" % BRUG),
    [["1"]], "no password stored yet")
r = c.post("/activeren/wachtwoord", dict(form, password="groene fiets 42", password2="groene fiets 42"))
is_(r.status, 303, "good password: redirect")
is_(r.header("Location"), "/login?klaar=1", "to the log-in page")
h = st.sql("SELECT password_hash FROM account WHERE login='12345' AND tenant_id=%d" % BRUG)[0][0]
ok(h.startswith("$scrypt$ln=15,r=8,p=1$"), "scrypt hash stored", h)
r = c.post("/activeren/wachtwoord", dict(form, password="nog een zin 1", password2="nog een zin 1"))
is_(r.status, 410, "the link works once")
st.sql("UPDATE account SET password_hash = NULL WHERE login='777'")

# expired link
c2 = Client(st.port)
t2 = csrf(c2.get("/activeren"))
c2.post("/activeren", {"school": "de-brug", "username": "777", "csrf": t2})
tok2 = mailed_token("lotte@leerling.example") or ""
st.sql("UPDATE activation SET expires_at = NOW() - INTERVAL 1 SECOND WHERE account_id = "
       "(SELECT id FROM account WHERE login='777')")
is_(c2.get("/activeren/wachtwoord?t=" + tok2).status, 410, "expired link: 410")

# --- log-in ----------------------------------------------------------------
b = Client(st.port)
r = b.get("/login")
contains(r.text, "Je wachtwoord is ingesteld" if False else "Inloggen", "login page")
lt = csrf(r)
r = b.post("/login", {"school": "de-brug", "username": "12345", "password": "fout wachtwoord", "csrf": lt})
is_(r.status, 422, "wrong password: 422")
contains(r.text, "kennen wij niet", "Dutch message")
contains(r.text, 'value="12345"', "username kept")
ok("fout wachtwoord" not in r.text, "password not echoed")
r = b.post("/login", {"school": "het-noorderlicht", "username": "12345", "password": "groene fiets 42", "csrf": lt})
is_(r.status, 422, "right password at another school: refused")
r = b.post("/login", {"school": "de-brug", "username": "012345", "password": "groene fiets 42", "csrf": lt})
is_(r.status, 303, "log-in: redirect")
cookie = r.header("Set-Cookie") or ""
ok(cookie.startswith("__Host-ddd=") and "HttpOnly" in cookie and "Secure" in cookie
   and "SameSite=Lax" in cookie and "Path=/" in cookie, "session cookie flags", cookie)
sess_token = b.cookies.get("__Host-ddd", "")
is_(st.sql("SELECT COUNT(*) FROM session WHERE token_hash = UNHEX(SHA2('%s', 256))" % sess_token),
    [["1"]], "session row holds the token's hash")
r = b.get("/")
is_(r.status, 200, "start page")
contains(r.text, "Welkom, Sem", "greets the student")
contains(r.text, "Activeer DDD", "shows 'Activeer DDD'")
is_(r.header("Cache-Control"), "private, no-store", "personal page not cached")
is_(b.get("/login").status, 303, "log-in page redirects when logged in")

# --- Activeer DDD with a BSN ------------------------------------------------
sc = csrf(r)
r = b.post("/ddd/activeren", {"csrf": sc})
is_((r.status, r.header("Location")), (303, "/ddd/bsn"), "no BSN linked: asks for it")
r = b.get("/ddd/bsn")
is_(r.status, 200, "BSN form")
r = b.post("/ddd/bsn", {"bsn": "123456789", "csrf": sc})
is_(r.status, 422, "invalid BSN (11-proef) refused")
contains(r.text, "geen geldig BSN", "Dutch message")
ok("123456789" not in r.text, "typed BSN not echoed")
r = b.post("/ddd/bsn", {"bsn": "12345678", "csrf": sc})
contains(r.text, "9 cijfers", "8 digits: says 9 are needed")
r = b.post("/ddd/bsn", {"bsn": "1234.56.782", "csrf": sc})
is_((r.status, r.header("Location")), (303, "/"), "valid BSN (dots allowed) accepted")
row = st.sql("SELECT LENGTH(bsn_sealed), LENGTH(bsn_lookup), ddd_activated_at IS NOT NULL, "
             "INSTR(bsn_sealed, '123456782') FROM account WHERE login='12345' AND tenant_id=%d" % BRUG)
is_(row, [["42", "32", "1", "0"]], "stored sealed (42 bytes), look-up hash, activated; no plain digits")
is_(count("tenant_key", "tenant_id=%d" % BRUG), 1, "tenant key made on first use")
contains(b.get("/").text, "is geactiveerd", "start page: activated")
for where in ("worker.log",):
    ok("123456782" not in st.log(where), "BSN not in " + where)
is_(count("outbox", "body_xml LIKE '%123456782%'"), 0, "BSN in no mail")

# another student of the same school with the same BSN
st.sql("UPDATE account SET password_hash = '%s' WHERE login='777'" % h.replace("$", "\\$"))
l = Client(st.port)
r = l.post("/login", {"school": "de-brug", "username": "777", "password": "groene fiets 42",
                      "csrf": csrf(l.get("/login"))})
is_(r.status, 303, "second student logs in")
r = l.post("/ddd/bsn", {"bsn": "123456782", "csrf": csrf(l.get("/"))})
is_(r.status, 422, "same BSN for a second account refused")
contains(r.text, "kan niet worden gekoppeld; neem contact op met je decaan",
         "neutral message: not whether another account holds it")
is_(st.sql("SELECT bsn_sealed IS NULL FROM account WHERE login='777'"), [["1"]], "nothing stored")

# --- roles and other tenants -----------------------------------------------
st.sql("INSERT INTO account (tenant_id, role, login, email, roepnaam, achternaam, password_hash) "
       "VALUES (%d, 'mentor', 'mentor@noord.example', 'mentor@noord.example', 'Mila', 'Mentor', '%s')"
       % (NOORD, h.replace("$", "\\$")))
m = Client(st.port)
r = m.post("/login", {"school": "het-noorderlicht", "username": "Mentor@Noord.example",
                      "password": "groene fiets 42", "csrf": csrf(m.get("/login"))})
is_(r.status, 303, "mentor logs in with e-mail (any case)")
r = m.get("/")
contains(r.text, "<h1>Portal</h1>", "staff get the Portal")
contains(r.text, "Het Noorderlicht College", "of their own school")
ok("De Brug" not in r.text, "nothing of the other school")
r = m.post("/ddd/bsn", {"bsn": "111222333", "csrf": csrf(r)})
is_(r.status, 403, "a mentor cannot post the student's BSN page")
is_(m.get("/ddd/bsn").status, 403, "nor open it")
# A session cookie is bound to its own tenant: sending the Brug student's
# cookie shows that student, never data of the tenant named elsewhere.
x = Client(st.port)
x.cookies["__Host-ddd"] = sess_token
r = x.get("/?school=het-noorderlicht")
contains(r.text, "Scholengemeenschap De Brug", "cookie's own tenant only")
ok("Noorderlicht" not in r.text, "the tenant in the URL is ignored")

# --- throttling --------------------------------------------------------------
t = Client(st.port)
tt = csrf(t.get("/login"))
for i in range(5):
    t.post("/login", {"school": "de-brug", "username": "777", "password": "fout %d" % i, "csrf": tt})
r = t.post("/login", {"school": "de-brug", "username": "777", "password": "groene fiets 42", "csrf": tt})
is_(r.status, 429, "after 5 failures the account is locked, even with the right password")
contains(r.text, "te vaak een verkeerd wachtwoord", "Dutch message with minutes")
st.sql("DELETE FROM login_throttle")

# --- expiry and log-out ------------------------------------------------------
st.sql("UPDATE session SET last_seen_at = NOW() - INTERVAL 3 HOUR WHERE account_id = "
       "(SELECT id FROM account WHERE login='777')")
r = l.get("/")
is_((r.status, r.header("Location")), (303, "/login"), "idle session expired: to log-in")
b2 = Client(st.port)
r = b2.post("/login", {"school": "de-brug", "username": "12345", "password": "groene fiets 42",
                       "csrf": csrf(b2.get("/login"))})
is_(r.status, 303, "same student logs in on a second device")
r = b.post("/uitloggen", {"csrf": csrf(b.get("/"))})
is_((r.status, r.header("Location")), (303, "/login"), "log-out")
ok("Max-Age=0" in (r.header("Set-Cookie") or ""), "cookie cleared")
y = Client(st.port)
y.cookies["__Host-ddd"] = sess_token
is_(y.get("/").header("Location"), "/login", "old token is dead")
is_(b2.get("/").status, 200, "the other device is still logged in")
r = b2.post("/uitloggen", {"csrf": csrf(b2.get("/")), "overal": "1"})
is_(count("session", "account_id = (SELECT id FROM account WHERE login='12345' AND tenant_id=%d)" % BRUG),
    0, "log-out everywhere removes every session")
r = b.post("/uitloggen", {"csrf": "x" * 43})
ok(r.status in (303, 403), "log-out without a session does not error", r.status)
done()
