"""Failover drill: three mariadbd (GTID replication, semi-sync AFTER_SYNC,
TLS), two workers behind nginx.  Students save answers and send deel A in,
the mentor puts it back, a reader opens pages; the primary is SIGKILLed
mid-load, the most advanced replica is promoted with `dddctl cluster
promote`, and the workers carry on without a restart.  Checked: every
acknowledged write is on the new primary (0 lost), the history and the
versions are in order, reads went on during the outage, and the write
outage (the kill to the first acknowledged write after it) is printed.
Two ddd-mailers run through it all and find each new primary themselves:
every mail the transitions queued is sent exactly once, or left
'unconfirmed' where a mailer had handed it over when its primary went
(at most once, docs/mail.md); none twice.  While there is no primary,
/healthz of each worker stays 200 (reads go on) and says so, and
ddd_db_primary_up is 0."""
import atexit, collections, os, re, signal, subprocess, sys, threading, time
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client
import cluster, fixture, dossiers
from stack import BUILDDIR

LOAD_BEFORE = 4.0      # seconds of load before the kill
DOWN_BEFORE_PROMOTE = 2.0
LOAD_AFTER = 5.0
STUDENTS = ["1001", "1002", "1003", "1004"]
MENTOR = "j.bakker@debrug.example"
LEASE = 35             # the shortest the mailer allows with --timeout 5

st = cluster.start("failover", workers=2, smtp=True)
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")
mid = st.sql("SELECT id FROM account WHERE login = '%s'" % MENTOR)[0][0]

out = st.admin("cluster", "status").stdout
print("# " + out.replace("\n", "\n# "))
ok(re.search(r"^%s +primary" % re.escape(st.nodes[0]["name"]), out, re.M),
   "cluster status: the first server is the primary")
is_(len(re.findall(r"replica of 127\.0\.0\.1:%d  io Yes sql Yes" % st.nodes[0]["port"], out)), 2,
    "cluster status: both others replicate from it")

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
step1 = dossiers.steps("deel-a")[0]
saves_before = {did: int(st.sql("SELECT COUNT(*) FROM dossier_event WHERE dossier_id = %s AND "
                                "kind = 'stap_opgeslagen'" % did)[0][0]) for _, _, _, did in work}

lock = threading.Lock()
acked = {}          # dossier -> acknowledged woonplaats values, in order
attempted = {}
saves = {}          # dossier -> acknowledged saves
transitions = {"acked": 0, "attempted": 0}
acks = []           # (monotonic time, kind) of every acknowledged write
reads = []          # (monotonic time, status) of the reader's pages
answers = []        # (monotonic time, status) of the writers' requests
stop = threading.Event()


def ack(kind, t0):
    """An acknowledged write, by when its request was sent."""
    with lock:
        acks.append((t0, kind))


def writer(nr, c, t, did, tag="a"):
    n = 0
    phase = "deel_a"
    pending = [None, None]
    while not stop.is_set():
        n += 1
        t0 = time.monotonic()
        try:
            if phase == "deel_a" and n % 15 != 0:
                # Unique per run: the same form posted again would be
                # answered as a repeat of the first (one POST, one effect).
                value = "Plaats-%s-%s-%d" % (tag, nr, n)
                with lock:
                    attempted.setdefault(did, []).append(value)
                data = dossiers.step_data(step1, t)
                data["a_woonplaats"] = value
                r = c.post("/dossiers/%s/stap/1" % did, data)
                if r.status == 303:
                    with lock:
                        acked.setdefault(did, []).append(value)
                        saves[did] = saves.get(did, 0) + 1
                    ack("save", t0)
            elif phase == "deel_a":
                with lock:
                    transitions["attempted"] += 1
                if pending[0] is None:
                    pending[0] = fixture.csrf(c.get("/dossiers/%s/opsturen" % did))
                r = c.post("/dossiers/%s/opsturen" % did, {"csrf": pending[0], "mentor": mid})
                if r.status in (303, 409):
                    pending[0] = None
                if r.status == 303:
                    phase = "deel_b"
                    with lock:
                        transitions["acked"] += 1
                    ack("transition", t0)
                elif r.status == 409:
                    phase = None
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
                    ack("transition", t0)
                elif r.status == 409:
                    phase = None
            if phase is None:
                # A 409 (already done, or the other phase): ask the page.
                r = c.get("/dossiers/%s/stap/1" % did)
                phase = "deel_a" if r.status == 200 and "a_woonplaats" in r.text else "deel_b"
            with lock:
                answers.append((t0, r.status))
            if r.status >= 500:
                time.sleep(0.05)
        except Exception:  # noqa: BLE001
            time.sleep(0.05)


def reader(c, did):
    while not stop.is_set():
        try:
            r = c.get("/dossiers/%s/stap/1" % did)
            status = r.status
        except Exception:  # noqa: BLE001
            status = 0
        with lock:
            reads.append((time.monotonic(), status))
        time.sleep(0.02)


# The reader: a student of the other school's kind would do; one of ours
# that only reads, with its own log-in.
rd = fixture.login(st, "de-brug", "1005")
rt = fixture.csrf(rd.get("/dossiers"))
r = rd.post("/dossiers/nieuw", {"csrf": rt})
rdid = re.search(r"/dossiers/(\d+)/", r.header("Location")).group(1)
is_(rd.get("/dossiers/%s/stap/1" % rdid).status, 200, "the reader's page answers")
replica_reads0 = st.metric("ddd_db_replica_reads_total") or 0

# Two mailers, as on two hosts: the same configuration (db_servers), so
# each finds the primary itself; they run until the end of the test.
mailers = []


def stop_mailers():
    for p in mailers:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


atexit.register(stop_mailers)
for i in range(2):
    with open(st.path("mailer-%d.log" % i), "ab") as log:
        mailers.append(subprocess.Popen(
            [os.path.join(BUILDDIR, "ddd-mailer"), "-f", st.config, "--smtp",
             "smtp://127.0.0.1:%d" % st.smtp_port, "--interval", "1", "--batch", "5",
             "--timeout", "5", "--lease", str(LEASE)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL))


def worker_lines(pattern):
    """How many lines of each worker's log match."""
    return [len(re.findall(pattern, st.log(n))) for n in ("worker.log", "worker2.log")]


def metric_values(name, scrapes=6):
    """Every value of a sample over a few scrapes through nginx (it takes
    turns between the workers)."""
    got = []
    c = Client(st.port)
    for _ in range(scrapes):
        for line in c.get("/metrics").text.splitlines():
            if line.startswith(name + " "):
                got.append(float(line.rsplit(" ", 1)[1]))
    return got


threads = [threading.Thread(target=writer, args=w) for w in work]
threads.append(threading.Thread(target=reader, args=(rd, rdid)))
for th in threads:
    th.start()
time.sleep(LOAD_BEFORE)
old = st.primary()
mail_before_kill = int(st.sql("SELECT COALESCE(MAX(id), 0) FROM outbox")[0][0])
t_kill = time.monotonic()
st.kill_node(old)

# --- /healthz while there is no primary: 200, reads go on ------------------------------
# Until each worker has answered one (nginx takes turns, the writers too).
HEALTHZ = r" path=/healthz page=healthz status=%d "
h0 = worker_lines(HEALTHZ % 200)
hz = []
while len(hz) < 40 and not all(b > a for a, b in zip(h0, worker_lines(HEALTHZ % 200))):
    hz.append(Client(st.port).get("/healthz"))
is_(sorted(set(r.status for r in hz)), [200],
    "no primary: /healthz answers 200 (a replica answers, reads go on)")
ok(all("database: primary unreachable, reads from a replica" in r.text for r in hz),
   "no primary: /healthz says the primary is unreachable and reads come from a replica",
   hz[0].text if hz else None)
ok(all(b > a for a, b in zip(h0, worker_lines(HEALTHZ % 200))),
   "no primary: so did each worker", (len(hz), h0, worker_lines(HEALTHZ % 200)))
up = metric_values("ddd_db_primary_up")
ok(up and set(up) == {0.0}, "no primary: ddd_db_primary_up 0", up)
time.sleep(max(0, t_kill + DOWN_BEFORE_PROMOTE - time.monotonic()))

status = st.admin("cluster", "status", check=False).stdout
print("# " + status.replace("\n", "\n# "))
ok(re.search(r"^%s +unreachable" % re.escape(st.nodes[old]["name"]), status, re.M),
   "cluster status: the killed primary is unreachable")
# The most advanced replica: promote refuses one that lacks what another has.
t_promote = time.monotonic()
cands = [i for i in range(len(st.nodes)) if i != old]
r = st.admin("cluster", "promote", st.nodes[cands[0]]["name"], check=False)
new = cands[0]
if r.returncode != 0 and "promote " in r.stderr:
    print("# " + r.stderr.strip())
    new = cands[1]
    r = st.admin("cluster", "promote", st.nodes[new]["name"], check=False)
print("# " + (r.stdout + r.stderr).strip().replace("\n", "\n# "))
is_(r.returncode, 0, "dddctl cluster promote: the most advanced replica becomes the primary")
promote_s = time.monotonic() - t_promote
time.sleep(LOAD_AFTER)
stop.set()
for th in threads:
    th.join()

is_(st.primary(), new, "the promoted server takes writes")
after = [t for t, k in acks if t > t_kill]
outage = (after[0] - t_kill) if after else None
before = [t for t, k in acks if t < t_kill]
ok(len(before) >= 20, "writes were acknowledged before the kill", len(before))
ok(outage is not None and outage < 30,
   "writes acknowledged again after the failover, within 30 s of the kill", outage)
down_reads = [s for t, s in reads if t_kill < t < t_kill + DOWN_BEFORE_PROMOTE]
ok(down_reads and sum(1 for s in down_reads if s == 200) >= len(down_reads) * 0.8,
   "reads went on while there was no primary (replica reads)",
   (sum(1 for s in down_reads if s == 200), len(down_reads)))
after_reads = [s for t, s in reads if t > t_kill + DOWN_BEFORE_PROMOTE + promote_s + 1]
ok(after_reads and all(s == 200 for s in after_reads), "and after the promotion every read answered",
   sorted(set(after_reads)))
ok((st.metric("ddd_db_replica_reads_total") or 0) > replica_reads0,
   "the reads came from replicas (ddd_db_replica_reads_total rose)")
up = metric_values("ddd_db_primary_up")
ok(up and set(up) == {1.0}, "after the promotion: ddd_db_primary_up 1", up)
hz = [Client(st.port).get("/healthz") for _ in range(4)]
ok(all(r.status == 200 and "database: ok" in r.text for r in hz),
   "after the promotion: /healthz says database: ok", [(r.status, r.text) for r in hz])
print("# failover drill: %d writes acknowledged (%d before the kill, %d after), write outage %.1f s "
      "(promote took %.1f s), %d reads during the outage, %d answered"
      % (len(acks), len(before), len(after), outage or -1, promote_s, len(down_reads),
         sum(1 for s in down_reads if s == 200)))

# --- every acknowledged write is on the primary ------------------------------------------
def check_writes(when):
    st.wait_replicated()
    lost = 0
    for nr, c, t, did in work:
        stored = st.sql("SELECT value FROM answer WHERE dossier_id = %s AND question_id = "
                        "'a_woonplaats'" % did)
        value = stored[0][0] if stored else None
        tried = attempted.get(did, [])
        last_ack = acked[did][-1] if acked.get(did) else None
        good = value is not None and value in tried and (
            last_ack is None or tried.index(value) >= tried.index(last_ack))
        n_saved = int(st.sql("SELECT COUNT(*) FROM dossier_event WHERE dossier_id = %s AND kind = "
                             "'stap_opgeslagen'" % did)[0][0]) - saves_before[did]
        if not good or n_saved < saves.get(did, 0):
            lost += 1
        ok(good, "%s: dossier %s: the last acknowledged answer (or a later one) is stored" % (when, did),
           (value, last_ack))
        ok(saves.get(did, 0) <= n_saved <= len(tried),
           "%s: dossier %s: every acknowledged save is in its history" % (when, did),
           (saves.get(did, 0), n_saved, len(tried)))
    is_(lost, 0, "%s: 0 acknowledged writes lost" % when)

    # --- the history and the versions are in order --------------------------------------
    sent_in = int(st.sql("SELECT COUNT(*) FROM dossier_event WHERE kind = 'deel_a_opgestuurd'")[0][0])
    returned = int(st.sql("SELECT COUNT(*) FROM dossier_event WHERE kind = 'teruggezet'")[0][0])
    ok(transitions["acked"] <= sent_in + returned <= transitions["attempted"],
       "%s: transitions in the history: at least those acknowledged, at most those tried" % when,
       (transitions["acked"], sent_in + returned, transitions["attempted"]))
    versions = sum(int(v[0]) for v in st.sql("SELECT version FROM dossier WHERE id IN (%s)"
                                              % ",".join(w[3] for w in work)))
    is_(versions, sent_in, "%s: every sending in raised the version once" % when)
    bad = []
    for nr, c, t, did in work:
        rows = st.sql("SELECT phase_to FROM dossier_event WHERE dossier_id = %s AND phase_to IS NOT "
                      "NULL ORDER BY id" % did)
        seq = [x[0] for x in rows]
        # Out of deel A and back, in turn; the last is the dossier's phase.
        for a, b in zip(seq, seq[1:]):
            if a == b:
                bad.append((did, seq))
                break
        phase = st.sql("SELECT phase FROM dossier WHERE id = %s" % did)[0][0]
        if seq and seq[-1] != phase:
            bad.append((did, seq[-1], phase))
    is_(bad, [], "%s: each dossier's history alternates and ends in its phase" % when)
    stamps = st.sql("SELECT COUNT(*) FROM dossier_event e JOIN dossier_event f ON f.dossier_id = "
                    "e.dossier_id AND f.id > e.id AND (f.at < e.at OR f.version < e.version)")[0][0]
    is_(stamps, "0", "%s: no history event is dated or versioned before an earlier one" % when)



check_writes("failover")

# --- save-then-read on the new cluster: from the repointed replica, at once ------------
in_a = [w for w in work if st.sql("SELECT phase FROM dossier WHERE id = %s" % w[3])[0][0]
        == "deel_a"]
nr, c, t, did = in_a[0] if in_a else work[0]
r = c.get("/dossiers/%s/stap/1" % did)
slow, stale = [], []
fall0 = st.metric("ddd_db_replica_fallbacks_total") or 0
reads0 = st.metric("ddd_db_replica_reads_total") or 0
if in_a:
    for i in range(10):
        v = "Na-failover-%d" % i
        data = dossiers.step_data(step1, fixture.csrf(c.get("/dossiers/%s/stap/1" % did)))
        data["a_woonplaats"] = v
        attempted[did].append(v)
        code = c.post("/dossiers/%s/stap/1" % did, data).status
        if code != 303:
            stale.append((i, "save failed", code))
        else:
            acked.setdefault(did, []).append(v)
            saves[did] = saves.get(did, 0) + 1
        t0 = time.monotonic()
        r = c.get("/dossiers/%s/stap/1" % did)
        took = time.monotonic() - t0
        if ('value="%s"' % v) not in r.text:
            stale.append((i, r.status))
        if took > 0.4:
            slow.append(round(took, 2))
    is_(stale, [], "after the failover: save-then-read shows what was saved")
    is_(slow, [], "without waiting in vain on the promoted server (it is no replica now)")
    ok((st.metric("ddd_db_replica_reads_total") or 0) > reads0,
       "and the replica that follows the new primary serves reads")
else:
    ok(True, "# SKIP every dossier is with the mentor")

# --- a planned switchover under load: the primary fenced, not killed ------------------
# Back to the other replica while the writers go on: promote sets
# read_only on the live primary, the candidate waits for all it wrote,
# the workers' writes there are refused whole (1290) and go to the new one.
stop.clear()
del answers[:]
n_acks = len(acks)
threads = [threading.Thread(target=writer, args=w + ("b",)) for w in work]
for th in threads:
    th.start()
time.sleep(2)
target = [i for i in range(len(st.nodes)) if i not in (old, new)][0]
t_sw = time.monotonic()
r = st.admin("cluster", "promote", st.nodes[target]["name"], check=False)
print("# " + (r.stdout + r.stderr).strip().replace("\n", "\n# "))
is_(r.returncode, 0, "switchover: dddctl cluster promote with the primary alive")
m_fence = re.search(r"^fenced %s \(read_only = ON\) at (\S+)" % re.escape(st.nodes[new]["name"]),
                    r.stdout, re.M)
ok(m_fence, "switchover: the old primary was fenced first")
contains(r.stdout, "%s stays fenced" % st.nodes[new]["name"], "switchover: and left for the operator to rejoin")
# The operator rejoins the fenced server as a replica at once
# (docs/operations.md): until then no replica acknowledges the new
# primary's commits, and each waits rpl_semi_sync_master_timeout.
if m_fence:
    is_(st.node_sql(new, "SELECT @@gtid_binlog_pos")[0][0], m_fence.group(1),
        "switchover: nothing was written on the old primary after the fence")
is_(st.node_sql(new, "SELECT @@rpl_semi_sync_master_enabled")[0][0], "0",
    "switchover: the fenced server's primary side of semi-sync is off")
st.node_sql(new, "SET GLOBAL gtid_slave_pos = @@gtid_binlog_pos")
st.follow(new, target)
time.sleep(3)
stop.set()
for th in threads:
    th.join()
is_(st.primary(), target, "switchover: the candidate takes writes")
is_(st.node_sql(new, "SELECT @@read_only")[0][0], "1", "switchover: the old primary is read-only")
after_sw = [t for t, k in acks[n_acks:] if t > t_sw]
failed = [x for t, x in answers if x >= 500]
slow_reads = [x for x in st.log("worker.log").splitlines() + st.log("worker2.log").splitlines()
              if " method=GET " in x and re.search(r" us=(\d+)", x) and
              int(re.search(r" us=(\d+)", x).group(1)) > 400000]
ok(after_sw, "switchover: writes acknowledged on the new primary", len(after_sw))
ok(len(failed) <= 2 * 8 * 2, "switchover: at most a refused write per worker thread (503), then on",
   len(failed))
log = st.log("worker.log") + st.log("worker2.log")
ok("errno=1290" in log, "switchover: a write the fenced server refused (1290) dropped the connection")
print("# switchover: %d writes acknowledged after it, %d answered 503, first acknowledged %.2f s "
      "after the promote began; %d GET pages over 0.4 s in the whole run"
      % (len(after_sw), len(failed), (after_sw[0] - t_sw) if after_sw else -1, len(slow_reads)))
check_writes("switchover")

# --- mails: each sent exactly once by two mailers ------------------------------------
# The transitions queued mails (to the mentor, to the student) all along.
# A claim the primary took with it is due again when its lease runs out;
# a row a mailer had handed over when its primary went stays unconfirmed.
def outbox_settled():
    return st.sql("SELECT COUNT(*) FROM outbox WHERE status = 'queued' OR "
                  "(status = 'sending' AND handed_at IS NULL)")[0][0] == "0"


t_wait = time.monotonic()
end = t_wait + LEASE + 90     # a lease, and a first retry's back-off (60 s)
while not outbox_settled() and time.monotonic() < end:
    time.sleep(0.5)
ok(outbox_settled(), "the outbox is drained on the new primary", round(time.monotonic() - t_wait, 1))
time.sleep(3)                 # a second copy of anything would be here by now
for i in range(2):
    log = st.log("mailer-%d.log" % i)
    ok(all(" event=db_primary server=%s" % st.nodes[x]["name"] in log for x in (new, target)),
       "mailer %d found each new primary itself" % i)


def arrived():
    """Message-ID -> how often it is in the SMTP sink's maildir."""
    got = collections.Counter()
    folder = os.path.join(st.maildir, "new")
    for name in os.listdir(folder):
        with open(os.path.join(folder, name), "rb") as f:
            head = f.read(8192).decode("utf-8", "replace")
        mm = re.search(r"^Message-ID: <([^>]+)>", head, re.M | re.I)
        got[mm.group(1) if mm else name] += 1
    return got


got = arrived()
rows = st.sql("SELECT o.id, o.status, o.handed_at IS NOT NULL, t.slug FROM outbox o "
              "JOIN tenant t ON t.id = o.tenant_id ORDER BY o.id")
msgid = {r[0]: "outbox-%s.%s@ddd.invalid" % (r[0], r[3]) for r in rows}
sent = [r[0] for r in rows if r[1] == "sent"]
unconfirmed = [r[0] for r in rows if r[1] == "sending" and r[2] == "1"]
other = [(r[0], r[1]) for r in rows if r[0] not in sent and r[0] not in unconfirmed]
dups = {k: v for k, v in got.items() if v > 1}
ok(len(rows) >= 10 and any(int(r[0]) > mail_before_kill for r in rows),
   "the transitions queued mails, before the kill and after it", (len(rows), mail_before_kill))
is_(other, [], "every committed mail is sent, or handed over and unconfirmed")
is_([i for i in sent if got[msgid[i]] != 1], [], "every mail marked sent arrived exactly once")
is_(dups, {}, "no Message-ID arrived twice")
is_(sorted(set(got) - set(msgid.values())), [], "nothing arrived that is not in the outbox")
# Each mailer has one mail in hand at a time: at most one per mailer for
# each of the two changes of primary (the kill, the switchover).
ok(len(unconfirmed) <= 2 * 2, "unconfirmed: at most what each mailer had in flight when its "
   "primary went", unconfirmed)
after_kill = [i for i in sent if int(i) > mail_before_kill]
ok(after_kill, "mails queued after the kill were sent (by the same two mailers)", len(after_kill))
print("# mails: %d queued (%d after the kill), %d sent, %d unconfirmed (%d of those arrived), "
      "%d duplicates; drained %.1f s after the load" % (
          len(rows), len([r for r in rows if int(r[0]) > mail_before_kill]), len(sent),
          len(unconfirmed), sum(1 for i in unconfirmed if got[msgid[i]] > 0), len(dups),
          time.monotonic() - t_wait - 3))

# --- the cluster after it -------------------------------------------------------------
out = st.admin("cluster", "status", check=False).stdout
print("# " + out.replace("\n", "\n# "))
ok(re.search(r"^%s +primary" % re.escape(st.nodes[target]["name"]), out, re.M),
   "cluster status: the switched-to server is the primary")
ok(re.search(r"^%s +replica of %s  io Yes sql Yes" % (re.escape(st.nodes[new]["name"]),
                                                      re.escape(st.nodes[target]["name"])), out, re.M),
   "cluster status: the rejoined old primary follows it", out)
log = st.log("worker.log") + st.log("worker2.log")
for i in (new, target):
    ok(" event=db_primary server=%s" % st.nodes[i]["name"] in log,
       "the workers logged each new primary (%s)" % st.nodes[i]["name"])

# --- idle mailers leave a fenced primary -----------------------------------------------
# A switchover back while nothing is due: the mailers sit idle on the
# server that is fenced now.  Their claim's locking read (SELECT ... FOR
# UPDATE) is refused there too (1290), so the next pass finds the new
# primary although nothing was due on the old one.
logged = [len(st.log("mailer-%d.log" % i)) for i in range(2)]
r = st.admin("cluster", "promote", st.nodes[new]["name"], check=False)
print("# " + (r.stdout + r.stderr).strip().replace("\n", "\n# "))
is_(r.returncode, 0, "idle mailers: a switchover back")
# The fenced one is left as it is (nothing new reaches it); no replica
# acknowledges now, so no waiting for one.
st.node_sql(new, "SET GLOBAL rpl_semi_sync_master_enabled = OFF")
brug, sem = st.node_sql(new, "SELECT a.tenant_id, a.id FROM account a JOIN tenant t ON "
                        "t.id = a.tenant_id WHERE t.slug = 'de-brug' AND a.login = '1001'", "ddd")[0]
st.node_sql(new, "INSERT INTO outbox (tenant_id, account_id, kind, to_addr, to_name, subject, "
            "body_xml) VALUES (%s, %s, 'herinnering', 'sem@leerling.example', 'Sem', "
            "'Herinnering', '<mail kind=\"herinnering\"><fase>deel_a</fase><deadline>"
            "2027-06-01</deadline><roepnaam>Sem</roepnaam><leerling>Sem de Vries</leerling>"
            "<school>De Brug</school><link>http://127.0.0.1/</link></mail>')" % (brug, sem), "ddd")
late = st.node_sql(new, "SELECT MAX(id) FROM outbox", "ddd")[0][0]
t_late = time.monotonic()
while time.monotonic() < t_late + 15 and st.node_sql(
        new, "SELECT status FROM outbox WHERE id = %s" % late, "ddd")[0][0] != "sent":
    time.sleep(0.2)
took = time.monotonic() - t_late
time.sleep(2)
is_(st.node_sql(new, "SELECT status FROM outbox WHERE id = %s" % late, "ddd")[0][0], "sent",
    "idle mailers: a mail queued on the new primary is sent")
print("# idle mailers: the mail queued on the new primary was sent after %.1f s" % took)
is_(arrived()["outbox-%s.de-brug@ddd.invalid" % late], 1, "idle mailers: once")
tails = [st.log("mailer-%d.log" % i)[logged[i]:] for i in range(2)]
ok(all(re.search(r" errno=1290 [\s\S]* event=db_primary server=%s "
                 % re.escape(st.nodes[new]["name"]), t) for t in tails),
   "idle mailers: each left the fenced server on a refused read (1290)", tails)
alive = [p.poll() is None for p in mailers]
stop_mailers()
is_(alive, [True, True], "both mailers ran through it all without a restart")

# --- no server at all: /healthz 503 -------------------------------------------------
for i in range(len(st.nodes)):
    st.kill_node(i)
r = Client(st.port).get("/healthz")
is_(r.status, 503, "no server answers: /healthz 503")
contains(r.text, "database: db_unavailable", "and names the database")
done()
