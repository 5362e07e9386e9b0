"""/ddd/bsn is no oracle: a linked BSN is not the student's to change, and
the answer never tells whether another account of the school holds a
number; tries are limited per account and per address (worker) and per
address by nginx; every try is logged without the number."""
import os, re, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client
import fixture

st = fixture.start("bsn-oracle")
fixture.import_demo(st)
BRUG = int(st.sql("SELECT id FROM tenant WHERE slug = 'de-brug'")[0][0])


def valid(n):
    d = [int(x) for x in "%09d" % n]
    return sum((9 - i) * d[i] for i in range(8)) - d[8]


def bsns(start, count):
    """count numbers passing the 11-proef for a BSN, from start up."""
    out, n = [], start
    while len(out) < count:
        if valid(n) % 11 == 0:
            out.append("%09d" % n)
        n += 1
    return out


def account(login):
    return int(st.sql("SELECT id FROM account WHERE tenant_id = %d AND login = '%s'"
                      % (BRUG, login))[0][0])


def sealed(login):
    return st.sql("SELECT HEX(bsn_sealed), HEX(bsn_lookup) FROM account "
                  "WHERE tenant_id = %d AND login = '%s'" % (BRUG, login))[0]


def page_text(r):
    """The answer as the student sees it, without the per-page token."""
    return re.sub(r'value="[A-Za-z0-9_-]{43}(?:\.[A-Za-z0-9_-]{43})?"', "", r.text)


NUMS = bsns(111222333, 40)
A_NR, B_NR = NUMS[0], NUMS[1]
FREE = NUMS[2:]           # held by nobody
sem = fixture.login(st, "de-brug", "1001")      # links A_NR first
noor = fixture.login(st, "de-brug", "1002")     # links B_NR
daan = fixture.login(st, "de-brug", "1003")     # never gets one here

for c, nr, who in ((sem, A_NR, "Sem"), (noor, B_NR, "Noor")):
    r = c.post("/ddd/bsn", {"bsn": nr, "csrf": fixture.csrf(c.get("/ddd/bsn"))})
    is_((r.status, r.header("Location")), (303, "/"), "%s links a first BSN" % who)
sem_csrf = fixture.csrf(sem.get("/"))
before = (sealed("1001"), sealed("1002"))

# --- linked: the page says so; a POST changes nothing and answers the same
r = sem.get("/ddd/bsn")
is_(r.status, 200, "linked: GET /ddd/bsn shows a page")
contains(r.text, "Je BSN is gekoppeld", "linked: says so")
contains(r.text, "decaan", "linked: only the decaan can change it")
ok('name="bsn"' not in r.text, "linked: no form to type another number")

r_other = sem.post("/ddd/bsn", {"bsn": B_NR, "csrf": sem_csrf})
r_free = sem.post("/ddd/bsn", {"bsn": FREE[0], "csrf": sem_csrf})
r_own = sem.post("/ddd/bsn", {"bsn": A_NR, "csrf": sem_csrf})
is_(r_other.status, r_free.status, "linked: same status for another student's number and a free one")
is_(r_other.status, r_own.status, "linked: and for the own number")
is_(page_text(r_other), page_text(r_free), "linked: the same page for another student's number and a free one")
is_(page_text(r_other), page_text(r_own), "linked: and for the own number")
is_(r_other.status, 409, "linked: refused by the state of the own account, whatever the number")
contains(r_other.text, "Alleen je decaan kan", "linked: a Dutch message saying who can change it")
is_((sealed("1001"), sealed("1002")), before, "linked: nothing changed")
for nr in (A_NR, B_NR, FREE[0]):
    ok(nr not in r_other.text + r_free.text, "no number echoed")

# --- a first link: a clash gets the neutral refusal, nothing stored ------
daan_csrf = fixture.csrf(daan.get("/ddd/bsn"))
r = daan.post("/ddd/bsn", {"bsn": B_NR, "csrf": daan_csrf})
is_(r.status, 422, "first link with a number held by another student: refused")
contains(r.text, "Dit nummer kan niet worden gekoppeld", "neutral Dutch message")
contains(r.text, "neem contact op met je decaan", "points at the decaan")
ok("al gekoppeld" not in r.text and "ander account" not in r.text,
   "does not say another account holds it")
ok(B_NR not in r.text, "number not echoed")
is_(sealed("1003"), ["NULL", "NULL"], "nothing stored")
r = daan.post("/ddd/bsn", {"bsn": "123456789", "csrf": daan_csrf})
is_(r.status, 422, "a typo (11-proef) is a plain form error")
contains(r.text, "geen geldig BSN", "and says so")

# --- each try is logged without the number --------------------------------
log = st.log("worker.log")
tries = [l for l in log.splitlines() if "event=bsn_try" in l]
sem_id, daan_id = account("1001"), account("1003")
ok(any("account=%d" % sem_id in l and "result=linked_already" in l for l in tries),
   "log: a try on a linked account", "\n".join(tries))
ok(any("account=%d" % daan_id in l and "result=clash" in l and "level=warn" in l
       and "other=%d" % account("1002") in l for l in tries),
   "log: the clash is a warning for the decaan, naming the other account", "\n".join(tries))
ok(any("account=%d" % sem_id in l and "result=linked" in l and "kind=bsn" in l for l in tries),
   "log: the link", "\n".join(tries))
ok(any("account=%d" % daan_id in l and "result=invalid" in l for l in tries),
   "log: the typo", "\n".join(tries))
for nr in NUMS[:3]:
    ok(nr not in log, "no number in the log")

# --- the worker's limits: per account and per address ---------------------
is_(st.sql("SELECT failures FROM login_throttle WHERE scope = 'bsn-acct:%d'" % daan_id),
    [["2"]], "tries are counted per account")
TYPOS = ["%d" % n for n in range(123456700, 123456800) if valid(n) % 11 != 0][:10]
statuses = []
for typo in TYPOS:
    r = daan.post("/ddd/bsn", {"bsn": typo, "csrf": daan_csrf})
    statuses.append(r.status)
ok(statuses[:8] == [422] * 8 and statuses[8:] == [429, 429], "after 10 tries: 429", statuses)
r = daan.post("/ddd/bsn", {"bsn": FREE[5], "csrf": daan_csrf})
is_(r.status, 429, "locked: a free number is not linked either")
contains(r.text, "te vaak", "Dutch message")
is_(sealed("1003"), ["NULL", "NULL"], "locked: nothing stored")
ok(any("account=%d" % daan_id in l and "result=throttled" in l
       for l in st.log("worker.log").splitlines()), "log: throttled tries")

# The address: counted for every account; locked, it refuses every account
# from there and no other address.
addr_tries = int(st.sql("SELECT failures FROM login_throttle WHERE scope = 'bsn-addr:127.0.0.1'")[0][0])
ok(addr_tries >= 14, "tries are counted per address", addr_tries)
st.sql("UPDATE login_throttle SET locked_until = NOW() + INTERVAL 15 MINUTE "
       "WHERE scope = 'bsn-addr:127.0.0.1'")
lotte = fixture.login(st, "de-brug", "1004")
lc = fixture.csrf(lotte.get("/ddd/bsn"))
r = lotte.post("/ddd/bsn", {"bsn": FREE[6], "csrf": lc})
is_(r.status, 429, "address locked: another account from there waits too")
is_(sealed("1004"), ["NULL", "NULL"], "nothing stored")
lotte2 = Client(st.port, source="127.0.0.2")
lotte2.cookies = dict(lotte.cookies)
r = lotte2.post("/ddd/bsn", {"bsn": FREE[6], "csrf": lc})
is_((r.status, r.header("Location")), (303, "/"), "from another address the same account links")
st.sql("DELETE FROM login_throttle")

# --- the first links of a school at once: its key is made once, no 500 ---
import threading
NOORD = [("200%d" % i, nr) for i, nr in zip(range(1, 5), NUMS[20:24])]
noord = {}
for login, _ in NOORD:
    k = fixture.login(st, "het-noorderlicht", login)
    noord[login] = (k, fixture.csrf(k.get("/ddd/bsn")))
start, got = threading.Barrier(len(NOORD)), {}


def link_now(login, nr):
    k, tok = noord[login]
    start.wait()
    got[login] = k.post("/ddd/bsn", {"bsn": nr, "csrf": tok}).status


threads = [threading.Thread(target=link_now, args=a) for a in NOORD]
[t.start() for t in threads]
[t.join() for t in threads]
is_(sorted(got.values()), [303] * len(NOORD), "four first links of a school at the same moment: all linked")
is_(st.sql("SELECT COUNT(*) FROM tenant_key t JOIN tenant n ON n.id = t.tenant_id "
           "WHERE n.slug = 'het-noorderlicht'"), [["1"]], "one key for the school")

# --- nginx: limit_req on /ddd/bsn per address -----------------------------
seen = []
for i in range(150):
    r = sem.get("/ddd/bsn")
    seen.append(r.status)
    if r.status == 429:
        break
ok(429 in seen, "nginx limits /ddd/bsn per address", seen[-5:])
ok("nginx" in r.text and "gekoppeld" not in r.text, "the 429 comes from nginx", r.text[:300])
done()
