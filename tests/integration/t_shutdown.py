"""SIGTERM: requests in flight finish, then the worker exits cleanly."""
import os, subprocess, sys, threading, time
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client
import fixture

st = fixture.start("shutdown", threads=4)
c = Client(st.port)
is_(c.get("/login").status, 200, "warm: login 200")

# Hold a write lock on the tenant table so /login waits inside the worker.
locker = subprocess.Popen(
    ["mariadb", "--no-defaults", "--unbuffered", "-B", "-N",
     "--socket=" + st.dbsock, "-uroot", "ddd"],
    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
locker.stdin.write("LOCK TABLES tenant WRITE; SELECT 'locked';\n")
locker.stdin.flush()
ok(locker.stdout.readline().strip() == "locked", "table locked")

result = {}


def slow():
    result["r"] = Client(st.port).get("/login")


t = threading.Thread(target=slow)
t.start()
time.sleep(0.5)
ok("r" not in result, "request is waiting in the worker")
worker = st.procs["worker"]
worker.terminate()
time.sleep(0.5)
ok(worker.poll() is None, "worker still running while a request is in flight")
locker.stdin.write("UNLOCK TABLES;\n")
locker.stdin.close()
t.join(20)
ok("r" in result and result["r"].status == 200, "request in flight finished with 200")
try:
    rc = worker.wait(15)
except subprocess.TimeoutExpired:
    rc = None
is_(rc, 0, "worker exited with 0")
log = st.log("worker.log")
contains(log, "event=stop", "logged the stop")
contains(log, "event=stopped", "logged the clean end")
ok(not os.path.exists(st.sock), "socket removed")
locker.wait(10)
st.procs.pop("worker", None)
done()
