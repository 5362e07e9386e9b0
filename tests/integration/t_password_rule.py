"""One password rule where passwords are set (the activation page and
dddctl passwd): at least 10 characters besides spaces at the ends, not
only spaces, not the log-in name (any case, leading zeros or not); the
page says the rule before anyone fails it."""
import hashlib, os, secrets, subprocess, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client
import fixture
from stack import BUILDDIR

st = fixture.start("password-rule")
fixture.import_demo(st)
BRUG = int(st.sql("SELECT id FROM tenant WHERE slug = 'de-brug'")[0][0])


def link(login):
    """An activation link for login, as the mail would carry it."""
    token = secrets.token_urlsafe(32)
    st.sql("INSERT INTO activation (token_hash, account_id, tenant_id, expires_at) "
           "SELECT UNHEX('%s'), id, tenant_id, NOW() + INTERVAL 1 DAY FROM account "
           "WHERE tenant_id = %d AND login = '%s'"
           % (hashlib.sha256(token.encode()).hexdigest(), BRUG, login))
    return token


def stored(login):
    return st.sql("SELECT password_hash IS NOT NULL FROM account WHERE tenant_id = %d "
                  "AND login = '%s'" % (BRUG, login))[0][0] == "1"


def dddctl_passwd(login, password):
    return subprocess.run([os.path.join(BUILDDIR, "dddctl"), "-f", st.config, "passwd",
                           "de-brug", login], input=password + "\n", text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)


# --- the page says the rule before it is broken ---------------------------
c = Client(st.port)
tok = link("1001")
r = c.get("/activeren/wachtwoord?t=" + tok)
is_(r.status, 200, "password page")
contains(r.text, "Minstens 10 tekens", "states the length")
contains(r.text, "niet alleen spaties", "states: not only spaces")
contains(r.text, "niet je gebruikersnaam", "states: not the user name")
form = {"t": tok, "csrf": fixture.csrf(r)}

REFUSED = [
    (" " * 10, "alleen spaties", "ten spaces"),
    (" " * 12 + "\u00a0" * 3, "alleen spaties", "spaces and no-break spaces"),
    ("   kort   ", "minstens 10 tekens", "3 characters padded with spaces to 10"),
    ("0000001001", "gebruikersnaam", "the leerlingnummer with leading zeros"),
    ("  00001001   ", "minstens 10 tekens", "the leerlingnummer, padded"),
]
for pw, says, what in REFUSED:
    r = c.post("/activeren/wachtwoord", dict(form, password=pw, password2=pw))
    is_(r.status, 422, "page refuses %s" % what)
    contains(r.text, says, "and says why (%s)" % what)
ok(not stored("1001"), "nothing stored")

# a staff member: the e-mail address in any case
tok2 = link("j.bakker@debrug.example")
m = Client(st.port)
mform = {"t": tok2, "csrf": fixture.csrf(m.get("/activeren/wachtwoord?t=" + tok2))}
for pw in ("J.Bakker@DeBrug.example", " j.bakker@debrug.example "):
    r = m.post("/activeren/wachtwoord", dict(mform, password=pw, password2=pw))
    is_(r.status, 422, "page refuses the e-mail address as password (%r)" % pw)
    contains(r.text, "niet gelijk zijn aan je gebruikersnaam", "and says why")
ok(not stored("j.bakker@debrug.example"), "nothing stored for the mentor")

# a good one still works, spaces inside and all
r = c.post("/activeren/wachtwoord", dict(form, password="  mijn fiets is groen  ",
                                         password2="  mijn fiets is groen  "))
is_((r.status, r.header("Location")), (303, "/login?klaar=1"), "a sentence is accepted")
l = Client(st.port)
r = l.post("/login", {"school": "de-brug", "username": "1001", "password": "  mijn fiets is groen  ",
                      "csrf": fixture.csrf(l.get("/login"))})
is_(r.status, 303, "and logs in as typed")

# --- dddctl passwd: the same rule -------------------------------------------
for pw, what in ((" " * 10, "ten spaces"), ("kort", "too short"), ("0000001002", "the leerlingnummer"),
                 ("   kort   ", "padded"), ("\t" * 11, "tabs")):
    r = dddctl_passwd("1002", pw)
    ok(r.returncode != 0, "dddctl passwd refuses %s" % what, r.stdout + r.stderr)
is_(dddctl_passwd("1002", "0000001002").stderr.strip(),
    "dddctl: the password may not be the log-in name", "dddctl says why in English")
r = dddctl_passwd("j.bakker@debrug.example", "J.BAKKER@DEBRUG.EXAMPLE")
ok(r.returncode != 0, "dddctl passwd refuses the e-mail address in capitals", r.stderr)
ok(not stored("1002"), "nothing stored by a refused dddctl passwd")
r = dddctl_passwd("1002", "een goed wachtwoord")
is_(r.returncode, 0, "dddctl passwd takes a good one")
done()
