"""ddd-worker does not keep root: started as root it refuses to run
without 'user', refuses a root account, and otherwise runs as that user
(its requests and FOP too)."""
import os, re, subprocess, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client
import fixture
from stack import BUILDDIR

if os.getuid() != 0:
    print("1..0 # SKIP the privilege drop is tested as root")
    sys.exit(0)

st = fixture.start("privileges")
WORKER = os.path.join(BUILDDIR, "ddd-worker")


def check(extra):
    path = st.path("check.conf")
    with open(st.config) as f:
        lines = [x for x in f if not x.startswith("user ")]
    with open(path, "w") as f:
        f.writelines(lines + ["%s\n" % x for x in extra])
    return subprocess.run([WORKER, "-n", "-f", path], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)


r = check([])
ok(r.returncode != 0 and "refusing to run as root" in r.stderr,
   "as root without 'user': refuses to start", r.stderr.strip())
r = check(["user = root"])
ok(r.returncode != 0 and "is root; choose an unprivileged account" in r.stderr,
   "'user = root': refused", r.stderr.strip())
r = check(["user = no-such-user-here"])
ok(r.returncode != 0 and "does not exist" in r.stderr, "an unknown user: refused", r.stderr.strip())
r = check(["user = nobody"])
is_(r.returncode, 0, "'user = nobody': the configuration checks")

pid = st.procs["worker"].pid
with open("/proc/%d/status" % pid) as f:
    status = f.read()
uids = re.search(r"^Uid:\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", status, re.M).groups()
gids = re.search(r"^Gid:\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", status, re.M).groups()
groups = re.search(r"^Groups:\s*(.*)$", status, re.M).group(1).split()
import pwd
nobody = pwd.getpwnam("nobody")
is_(set(uids), {str(nobody.pw_uid)}, "the running worker: real, effective, saved and fs uid are nobody's")
is_(set(gids), {str(nobody.pw_gid)}, "and its gids")
ok(all(g == str(nobody.pw_gid) for g in groups), "no supplementary groups of root", groups)
contains(st.log("worker.log"), "event=privileges user=nobody", "it says so in its log")
is_(os.stat(st.sock).st_uid, 0, "the socket was made before the drop")
is_(Client(st.port).get("/healthz").status, 200, "and it serves")
done()
