"""A rolling upgrade under load (issue 16): two workers behind nginx; a load
loop of pages, log-ins (POST) and a student's own pages runs throughout;
an expanding migration is applied while the old workers serve (their
/healthz stays 200 on the newer schema); then each worker is restarted in
turn on the new release (here: the same binary with a schema folder that
has the new migration).  No request fails."""
import os, shutil, subprocess, sys, threading, time
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client
import fixture
from stack import SRCDIR, BUILDDIR
from hosts import Hosts, fcgi_get

st = fixture.start("rolling", up=False)
st.write_config()
st.start_db()
st.dddctl("migrate")
st.dddctl("tenant", "load")
fixture.import_demo(st)
h = Hosts(st, n=2)
h.start(0)
h.start(1)
h.start_nginx()

# The new release: this schema folder and one more migration, an expanding
# one (a column and a table the old workers know nothing about).
new_schema = st.path("schema-new")
shutil.copytree(os.path.join(SRCDIR, "schema"), new_schema)
old_version = max(int(n[:4]) for n in os.listdir(os.path.join(new_schema, "sql")))
new_version = old_version + 1
with open(os.path.join(new_schema, "sql", "%04d_rolling_expand.sql" % new_version), "w") as f:
    f.write("-- A test's expanding migration (t_rolling_upgrade.py).\n-- up\n"
            "ALTER TABLE dossier ADD COLUMN rolling_note VARCHAR(100) NULL;\n"
            "CREATE TABLE rolling_extra (id INT PRIMARY KEY) ENGINE=InnoDB;\n"
            "-- down\nDROP TABLE rolling_extra;\n"
            "ALTER TABLE dossier DROP COLUMN rolling_note;\n")

stop = threading.Event()
lock = threading.Lock()
results = {"n": 0, "errors": [], "posts": 0}


def record(what, status, want):
    with lock:
        results["n"] += 1
        results["posts"] += what.startswith("POST")
        if status not in want:
            results["errors"].append((time.monotonic(), what, status))


def pages(student):
    """Pages that only read, for no one and for a logged-in student."""
    anon = Client(st.port)
    while not stop.is_set():
        try:
            record("GET /login", anon.get("/login").status, (200,))
            record("GET /healthz", anon.get("/healthz").status, (200,))
            record("GET / (logged in)", student.get("/").status, (200,))
        except Exception as e:  # noqa: BLE001
            record("exception", repr(e), ())


def logins():
    """Writes: a log-in (a POST, a session row) over and over."""
    c = Client(st.port)
    while not stop.is_set():
        try:
            c.cookies.clear()
            t = fixture.csrf(c.get("/login"))
            r = c.post("/login", {"school": "de-brug", "username": "1004",
                                  "password": fixture.PASSWORD, "csrf": t})
            record("POST /login", r.status, (303,))
        except Exception as e:  # noqa: BLE001
            record("exception", repr(e), ())


students = [fixture.login(st, "de-brug", "100%d" % (k + 1)) for k in range(3)]
fixture.set_password(st, "de-brug", "1004")
threads = [threading.Thread(target=pages, args=(c,), daemon=True) for c in students]
threads += [threading.Thread(target=logins, daemon=True) for _ in range(2)]
for t in threads:
    t.start()
time.sleep(2)
ok(results["n"] > 0 and not results["errors"], "load runs against two workers",
   results["errors"][:5])


def health(i):
    return fcgi_get(h.addrs[i], h.ports[i], "/healthz").decode("latin-1")


# Expand first: the old workers keep serving on the newer schema.
with open(st.config) as f:
    base = f.read()
newconf = st.path("ddd-new.conf")
with open(newconf, "w") as f:
    f.write(base + "schema_dir = %s\n" % new_schema)
r = subprocess.run([os.path.join(BUILDDIR, "dddctl"), "-f", newconf, "migrate"],
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
contains(r.stdout, "applied %04d_rolling_expand.sql" % new_version, "the expanding migration "
         "is applied under load")
for i in range(2):
    hz = health(i)
    contains(hz, "Status: 200", "old worker %d: /healthz 200 on the newer schema" % i)
    contains(hz, "migrations: ahead (version %d, expected %d)" % (new_version, old_version),
             "and says the schema is ahead of it")
time.sleep(1)

# One worker at a time, as docs/operations.md says: out of nginx's upstream
# (a graceful reload), stop (SIGTERM: in-flight requests finish), start the
# new release, wait until it is healthy, back into the upstream; the next.
t_restart = []
for i in range(2):
    t0 = time.monotonic()
    h.drain(down=(i,))
    is_(h.stop(i), 0, "worker %d stops on SIGTERM" % i)
    time.sleep(0.5)     # the other one carries the load alone meanwhile
    h.start(i, extra={"schema_dir": new_schema})
    contains(health(i), "migrations: ok (version %d, expected %d)" % (new_version, new_version),
             "worker %d runs the new release on its schema" % i)
    h.drain(down=())
    t_restart.append(time.monotonic() - t0)
    time.sleep(1)

stop.set()
for t in threads:
    t.join(60)
served = [len(h.access_lines(i)) for i in range(2)]
is_(results["errors"], [], "0 failed requests during the migration and both restarts")
ok(results["n"] > 500, "the load ran throughout", results["n"])
ok(all(n > 0 for n in served), "both workers served", served)
print("# figures: %d requests (%d POSTs), %d errors; restarts took %s s" % (
    results["n"], results["posts"], len(results["errors"]), ", ".join("%.1f" % x for x in t_restart)), flush=True)

# Behind: a worker of a newer release on an older schema is refused by
# /healthz (503), so a load balancer keeps it out until the migration ran.
st.sql("DELETE FROM schema_version WHERE version = %d" % new_version)
contains(health(0), "Status: 503", "a worker newer than the schema: /healthz 503")
contains(health(0), "migrations: behind", "and says why")
done()
