"""Wrong passwords: an attacker at one address is stopped without locking
the owner out; the account as a whole is slowed, not locked, and a
browser the owner logged in with before is not slowed; the answer never
tells whether a name exists or is activated."""
import os, re, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client
import fixture

st = fixture.start("login-throttle")
fixture.import_demo(st)
MENTOR = "j.bakker@debrug.example"
fixture.set_password(st, "de-brug", MENTOR)


def attempt(c, user, password, school="de-brug"):
    c.cookies.pop("__Host-ddd", None)   # a fresh log-in, as after log-out
    return c.post("/login", {"school": school, "username": user, "password": password,
                             "csrf": fixture.csrf(c.get("/login"))})


def without(r, *typed):
    """Status and page text without the per-page token and echoed input."""
    text = re.sub(r'value="[A-Za-z0-9_-]{43}"', "", r.text)
    for t in typed:
        text = text.replace(t, "")
    return r.status, text


# --- one address: stopped for this account; the owner elsewhere gets in ---
attacker = Client(st.port)                          # 127.0.0.1
got = [attempt(attacker, MENTOR, "fout-%d-wachtwoord" % i).status for i in range(5)]
is_(got, [422] * 5, "five wrong passwords: refused")
r = attempt(attacker, MENTOR, fixture.PASSWORD)
is_(r.status, 429, "the attacker's address is stopped for this account, even with the right password")
contains(r.text, "te vaak een verkeerd wachtwoord", "Dutch message with minutes")
owner = Client(st.port, source="127.0.0.2")
r = attempt(owner, MENTOR, fixture.PASSWORD)
is_((r.status, r.header("Location")), (303, "/"), "the owner from another address logs in")
is_(owner.get("/").status, 200, "and works")
dev = [v for k, v in r.headers if k.lower() == "set-cookie" and v.startswith("__Host-ddd-dev=")]
ok(len(dev) == 1 and "HttpOnly" in dev[0] and "Secure" in dev[0] and "Max-Age=" in dev[0]
   and "Path=/" in dev[0], "a device cookie for this browser", dev)
ok(MENTOR not in "".join(dev) and "bakker" not in "".join(dev).lower(), "it holds no name", dev)
r = attempt(attacker, MENTOR, fixture.PASSWORD)
is_(r.status, 429, "the attacker's address stays stopped after the owner's log-in")

# --- the address as a whole: 20 failures stop it for every name -----------
names = ["1002", "1003", "99901", "99902"]
got = []
for i in range(15):
    got.append(attempt(attacker, names[i % 4], "fout-wachtwoord-%d" % i).status)
is_(got, [422] * 15, "15 more failures (20 in all) from the address, for other names")
r = attempt(attacker, "1004", "nog-een-fout-wachtwoord")
is_(r.status, 429, "the 21st from the address: stopped for every name")
is_(attempt(Client(st.port, source="127.0.0.3"), "1004", "nog-een-fout-wachtwoord").status, 422,
    "another address is not")

# --- not activated and unknown: the same answer ---------------------------
probe = Client(st.port, source="127.0.0.4")
r_inactive = attempt(probe, "1005", "een-fout-wachtwoord")     # imported, no password
r_unknown = attempt(probe, "99999", "een-fout-wachtwoord")     # no such student
is_(st.sql("SELECT password_hash IS NULL FROM account WHERE login = '1005'"), [["1"]],
    "1005 exists and is not activated")
is_(without(r_inactive, "1005"), without(r_unknown, "99999"),
    "not activated and unknown: same status and page")
ok("geactiveerd" not in r_inactive.text, "the page does not say 'not activated'")
contains(r_inactive.text, "Account activeren", "the page points at activation for everyone")
r_mail_inactive = attempt(probe, "f.elamrani@debrug.example", "een-fout-wachtwoord")
r_mail_unknown = attempt(probe, "x.niemand@debrug.example", "een-fout-wachtwoord")
is_(without(r_mail_inactive, "f.elamrani@debrug.example"),
    without(r_mail_unknown, "x.niemand@debrug.example"), "the same for e-mail names")
# Locked the same way: five failures for an unknown name stop that address too.
for i in range(4):
    attempt(probe, "99999", "fout-%d-wachtwoord" % i)
    attempt(probe, "1005", "fout-%d-wachtwoord" % i)
r_inactive = attempt(probe, "1005", "een-fout-wachtwoord")
r_unknown = attempt(probe, "99999", "een-fout-wachtwoord")
is_(r_inactive.status, 429, "not activated: stopped after five failures")
is_(without(r_inactive, "1005"), without(r_unknown, "99999"), "unknown: stopped the same way")

# --- many addresses: the account is slowed, not locked --------------------
st.sql("DELETE FROM login_throttle")
got = []
for i in range(10):
    got.append(attempt(Client(st.port, source="127.0.1.%d" % (i + 1)), MENTOR,
                       "verspreid-fout-%d" % i).status)
is_(got, [422] * 10, "ten failures from ten addresses")
r = attempt(Client(st.port, source="127.0.1.11"), MENTOR, "verspreid-fout-11")
is_(r.status, 422, "the account is slowed: one more try is checked")
newcomer = Client(st.port, source="127.0.2.1")
r = attempt(newcomer, MENTOR, fixture.PASSWORD)
is_(r.status, 429, "right after it, a new browser waits, even with the right password")
contains(r.text, "Probeer het over 1 minuut opnieuw", "says how long")
contains(r.text, "eerder bent ingelogd", "and that a known browser can go on")
r = attempt(owner, MENTOR, fixture.PASSWORD)
is_((r.status, r.header("Location")), (303, "/"), "the owner's own browser is not slowed")
moved = Client(st.port, source="127.0.2.2")
moved.cookies = {k: v for k, v in owner.cookies.items() if k == "__Host-ddd-dev"}
r = attempt(moved, MENTOR, fixture.PASSWORD)
is_(r.status, 303, "nor from another address (the cookie is the browser's)")
stolen = Client(st.port, source="127.0.2.3")
stolen.cookies = dict(moved.cookies)
r = attempt(stolen, "m.vandenberg@debrug.example", "fout-wachtwoord-x")
is_(r.status, 422, "another account's device cookie is no key here")
# The slow-down is a delay, not a lock: once it passed, a new browser
# with the right password gets in.
st.sql("UPDATE login_throttle SET locked_until = NOW() WHERE scope LIKE 'gate:%'")
r = attempt(newcomer, MENTOR, fixture.PASSWORD)
is_((r.status, r.header("Location")), (303, "/"), "after the delay the right password gets through")
# The same for a name that does not exist: nothing tells them apart.
st.sql("DELETE FROM login_throttle")
for user in (MENTOR, "z.niemand@debrug.example"):
    for i in range(11):
        attempt(Client(st.port, source="127.0.3.%d" % (i + 1)), user, "verspreid-%d" % i)
a = attempt(Client(st.port, source="127.0.4.1"), MENTOR, "nog-een-keer-fout")
b = attempt(Client(st.port, source="127.0.4.1"), "z.niemand@debrug.example", "nog-een-keer-fout")
is_(a.status, 429, "slowed: the real name waits")
is_(without(a, MENTOR), without(b, "z.niemand@debrug.example"),
    "slowed: a real and an unknown name answer the same")
log = st.log("worker.log")
ok("event=login_failed" in log and "event=login_throttled" in log, "failures and stops are logged")
ok(fixture.PASSWORD not in log, "no password in the log")
done()
