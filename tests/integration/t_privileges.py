"""ddd-worker and ddd-mailer do not keep root: started as root they refuse
to run without 'user', refuse a root account, and otherwise run as that
user (the worker's requests and FOP too; the mailer's sending)."""
import os, re, subprocess, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client
import fixture
from stack import BUILDDIR

if os.getuid() != 0:
    print("1..0 # SKIP the privilege drop is tested as root")
    sys.exit(0)

st = fixture.start("privileges", mailer=True)
WORKER = os.path.join(BUILDDIR, "ddd-worker")
MAILER = os.path.join(BUILDDIR, "ddd-mailer")


def check(extra, prog=(WORKER, "-n")):
    path = st.path("check.conf")
    with open(st.config) as f:
        lines = [x for x in f if not x.startswith("user ")]
    with open(path, "w") as f:
        f.writelines(lines + ["%s\n" % x for x in extra])
    return subprocess.run(list(prog) + ["-f", path], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=60)


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

import pwd
nobody = pwd.getpwnam("nobody")


def ids_of(name):
    with open("/proc/%d/status" % st.procs[name].pid) as f:
        status = f.read()
    uids = re.search(r"^Uid:\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", status, re.M).groups()
    gids = re.search(r"^Gid:\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", status, re.M).groups()
    groups = re.search(r"^Groups:\s*(.*)$", status, re.M).group(1).split()
    return set(uids), set(gids), groups


uids, gids, groups = ids_of("worker")
is_(uids, {str(nobody.pw_uid)}, "the running worker: real, effective, saved and fs uid are nobody's")
is_(gids, {str(nobody.pw_gid)}, "and its gids")
ok(all(g == str(nobody.pw_gid) for g in groups), "no supplementary groups of root", groups)
contains(st.log("worker.log"), "event=privileges user=nobody", "it says so in its log")
is_(os.stat(st.sock).st_uid, 0, "the socket was made before the drop")
is_(Client(st.port).get("/healthz").status, 200, "and it serves")

# --- the mailer -----------------------------------------------------------
r = check([], (MAILER, "-1", "--smtp", "smtp://127.0.0.1:%d" % st.smtp_port))
ok(r.returncode != 0 and "ddd-mailer: refusing to run as root" in r.stderr,
   "ddd-mailer as root without 'user': refuses to start", r.stderr.strip())
r = check(["user = root"], (MAILER, "-1", "--smtp", "smtp://127.0.0.1:%d" % st.smtp_port))
ok(r.returncode != 0 and "is root; choose an unprivileged account" in r.stderr,
   "ddd-mailer with 'user = root': refused", r.stderr.strip())
uids, gids, groups = ids_of("mailer")
is_(uids, {str(nobody.pw_uid)}, "the running mailer: every uid is nobody's")
is_(gids, {str(nobody.pw_gid)}, "and its gids")
ok(all(g == str(nobody.pw_gid) for g in groups), "no supplementary groups of root", groups)
contains(st.log("mailer.log"), "event=privileges user=nobody", "it says so in its log")
# It still sends: the confirmation with the final PDF attached, as nobody.
import dossiers, email, email.policy, time
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")
dossiers.afgerond(st, fixture, "1001", "j.bakker@debrug.example")
found = None
for _ in range(60):
    folder = os.path.join(st.maildir, "new")
    for n in os.listdir(folder):
        with open(os.path.join(folder, n), "rb") as f:
            msg = email.message_from_bytes(f.read(), policy=email.policy.default)
        if any(p.get_content_type() == "application/pdf" for p in msg.walk()):
            found = msg
    if found is not None:
        break
    time.sleep(0.5)
ok(found is not None, "the mailer, as nobody, delivered a mail with the PDF attached",
   st.log("mailer.log")[-800:])
done()
