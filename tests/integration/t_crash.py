"""Crash test: clients make state changes (answers saved, dossiers sent in
and put back) while a loop kills the worker with SIGKILL at random moments
and starts it again; then mariadbd is killed and restarted.  Afterwards:
every change the server acknowledged is in the database, no dossier is in
a state the life cycle forbids, the history and the outbox agree with the
state, and the sender sends every mail once."""
import os, random, re, signal, subprocess, sys, threading, time
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client
import fixture, dossiers
from stack import BUILDDIR

SECONDS = float(os.environ.get("DDD_CRASH_SECONDS", "15"))
STUDENTS = ["1001", "1002", "1003", "1004"]
MENTOR = "j.bakker@debrug.example"

st = fixture.start("crash", smtp=True)
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")
mid = st.sql("SELECT id FROM account WHERE login = '%s'" % MENTOR)[0][0]

# Each student: a dossier with deel A complete, in deel A.
work = []
for nr in STUDENTS:
    c = fixture.login(st, "de-brug", nr)
    t = fixture.csrf(c.get("/dossiers"))
    r = c.post("/dossiers/nieuw", {"csrf": t})
    did = re.search(r"/dossiers/(\d+)/", r.header("Location")).group(1)
    codes = dossiers.fill(c, lambda n: "/dossiers/%s/stap/%d" % (did, n), ["deel-a"], t)
    assert all(x == 303 for x in codes), codes
    work.append((nr, c, t, did))
m = fixture.login(st, "de-brug", MENTOR)
mt = fixture.csrf(m.get("/"))
step1 = dossiers.steps("deel-a")[0]

lock = threading.Lock()
acked = {}        # dossier -> list of acknowledged woonplaats values, in order
attempted = {}    # dossier -> list of attempted values, in order
transitions = {"acked": 0, "attempted": 0}
stop = threading.Event()
counts = {"requests": 0, "errors": 0, "kills": 0}


def client_loop(nr, c, t, did):
    n = 0
    phase = "deel_a"
    pending = [None, None]    # the form token of a click not yet answered
    while not stop.is_set():
        n += 1
        try:
            if phase == "deel_a" and n % 20 != 0:
                value = "Plaats-%s-%d" % (nr, n)
                with lock:
                    attempted.setdefault(did, []).append(value)
                data = dossiers.step_data(step1, t)
                data["a_woonplaats"] = value
                r = c.post("/dossiers/%s/stap/1" % did, data)
                if r.status == 303:
                    with lock:
                        acked.setdefault(did, []).append(value)
            elif phase == "deel_a":
                with lock:
                    transitions["attempted"] += 1
                # One click is one form token, kept while the browser
                # retries a lost answer (a killed worker); a new page
                # gives a new one.
                if pending[0] is None:
                    pending[0] = fixture.csrf(c.get("/dossiers/%s/opsturen" % did))
                r = c.post("/dossiers/%s/opsturen" % did, {"csrf": pending[0], "mentor": mid})
                if r.status in (303, 409):
                    pending[0] = None
                if r.status == 303:
                    phase = "deel_b"
                    with lock:
                        transitions["acked"] += 1
                elif r.status == 409:
                    phase = st_phase(did)
            else:
                with lock:
                    transitions["attempted"] += 1
                if pending[1] is None:
                    pending[1] = (fixture.csrf(m.get("/portal/dossiers/%s" % did)), n)
                r = m.post("/portal/dossiers/%s/terugzetten" % did,
                           {"csrf": pending[1][0], "reden": "Nog een keer, ronde %d" % pending[1][1]})
                if r.status in (303, 409):
                    pending[1] = None
                if r.status == 303:
                    phase = "deel_a"
                    with lock:
                        transitions["acked"] += 1
                elif r.status == 409:
                    phase = st_phase(did)
            with lock:
                counts["requests"] += 1
                if r.status >= 500:
                    counts["errors"] += 1
        except Exception:  # noqa: BLE001 - a killed worker: connection reset
            with lock:
                counts["errors"] += 1
            time.sleep(0.05)


def st_phase(did):
    for _ in range(50):
        try:
            return st.sql("SELECT phase FROM dossier WHERE id = " + did)[0][0]
        except RuntimeError:
            time.sleep(0.2)
    return "deel_a"


def killer():
    rnd = random.Random(7)
    while not stop.is_set():
        time.sleep(rnd.uniform(0.3, 1.5))
        if stop.is_set():
            break
        st.stop_worker(sig=signal.SIGKILL, timeout=10)
        counts["kills"] += 1
        st.start_worker()


threads = [threading.Thread(target=client_loop, args=w) for w in work]
for th in threads:
    th.start()
k = threading.Thread(target=killer)
k.start()
time.sleep(SECONDS)
stop.set()
k.join()
for th in threads:
    th.join()
print("# %d requests, %d kills, %d failed or cut off; %d transitions acknowledged of %d tried"
      % (counts["requests"], counts["kills"], counts["errors"], transitions["acked"],
         transitions["attempted"]))
ok(counts["kills"] >= 8, "the worker was killed at least 8 times", counts["kills"])
ok(counts["requests"] >= 500, "hundreds of changes were made meanwhile", counts["requests"])

# --- every acknowledged answer is there ---------------------------------------------
for nr, c, t, did in work:
    stored = st.sql("SELECT value FROM answer WHERE dossier_id = %s AND question_id = "
                    "'a_woonplaats'" % did)
    value = stored[0][0] if stored else None
    tried = attempted.get(did, [])
    last_ack = acked[did][-1] if acked.get(did) else None
    # The stored value is the last acknowledged one, or one tried after it
    # whose answer was lost with the worker (committed, never answered).
    ok(value is not None and value in tried and
       (last_ack is None or tried.index(value) >= tried.index(last_ack)),
       "dossier %s: the last acknowledged answer (or a later one) is stored" % did,
       (value, last_ack))

# --- the life cycle, the history and the outbox agree ---------------------------
phases = dict(st.sql("SELECT id, phase FROM dossier"))
ok(all(p in ("deel_a", "deel_b") for p in phases.values()), "no dossier in a state it cannot reach",
   phases)
for nr, c, t, did in work:
    last = st.sql("SELECT phase_to FROM dossier_event WHERE dossier_id = %s AND phase_to IS NOT NULL "
                  "ORDER BY id DESC LIMIT 1" % did)[0][0]
    is_(last, phases[did], "dossier %s: the last transition in the history is its phase" % did)
sent_in = int(st.sql("SELECT COUNT(*) FROM dossier_event WHERE kind = 'deel_a_opgestuurd'")[0][0])
returned = int(st.sql("SELECT COUNT(*) FROM dossier_event WHERE kind = 'teruggezet'")[0][0])
ok(transitions["acked"] <= sent_in + returned <= transitions["attempted"],
   "transitions in the history: at least those acknowledged, at most those tried",
   (transitions["acked"], sent_in + returned, transitions["attempted"]))
versions = sum(int(v[0]) for v in st.sql("SELECT version FROM dossier"))
is_(versions, sent_in, "every sending in raised the version once")
mails_in = int(st.sql("SELECT COUNT(*) FROM outbox WHERE kind = 'deel-a-ingediend'")[0][0])
mails_back = int(st.sql("SELECT COUNT(*) FROM outbox WHERE kind = 'teruggezet'")[0][0])
is_((mails_in, mails_back), (sent_in, returned), "one mail queued per transition, no more, no less")

# --- the database killed: a clear 503, not a hang; then all is well ------------
db = st.procs["mariadb"]
db.send_signal(signal.SIGKILL)
db.wait(10)
probe = Client(st.port)
t0 = time.monotonic()
r = probe.get("/login")
took = time.monotonic() - t0
ok(r.status == 503 and took < 5, "mariadbd killed: the next page is a 503 within 5 s",
   (r.status, round(took, 2)))
st.procs.pop("mariadb", None)
st.start_db()
r = work[0][1].get("/dossiers/%s/stap/1" % work[0][3])
is_(r.status, 200, "after the restart the worker reconnects")
value = st.sql("SELECT value FROM answer WHERE dossier_id = %s AND question_id = 'a_woonplaats'"
               % work[0][3])[0][0]
ok(value in attempted.get(work[0][3], []), "and the data survived the kill (InnoDB, flush at commit)")

# --- the sender: each mail once --------------------------------------------------
queued = int(st.sql("SELECT COUNT(*) FROM outbox")[0][0])
r = subprocess.run([os.path.join(BUILDDIR, "ddd-mailer"), "-1", "-f", st.config, "--smtp",
                    "smtp://127.0.0.1:%d" % st.smtp_port], stdout=subprocess.PIPE,
                   stderr=subprocess.PIPE, text=True, timeout=300)
is_(r.returncode, 0, "the sender runs")
ids = []
folder = os.path.join(st.maildir, "new")
for name in os.listdir(folder):
    with open(os.path.join(folder, name), "rb") as f:
        head = f.read(8192).decode("utf-8", "replace")
    mm = re.search(r"^Message-ID: <([^>]+)>", head, re.M | re.I)
    ids.append(mm.group(1) if mm else name)
is_(len(ids), queued, "every queued mail arrived")
is_(len(set(ids)), len(ids), "none twice")
done()
