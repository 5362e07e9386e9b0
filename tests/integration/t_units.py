"""The systemd units (systemd/): each service hardened as the issue asks
and rated 2.0 or lower by `systemd-analyze security --offline=yes`; the
units agree with the shipped ddd.conf (socket, PDF folder, render
program, state folder) and with the package's layout.  Starts no stack."""
import configparser, os, re, subprocess, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
from stack import SRCDIR

UNITS = os.path.join(SRCDIR, "systemd")


def unit(name):
    """A unit's settings: {section: {key: [values]}} (keys repeat)."""
    out, sec = {}, None
    with open(os.path.join(UNITS, name)) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("["):
                sec = out.setdefault(line.strip("[]"), {})
                continue
            k, v = line.split("=", 1)
            sec.setdefault(k, []).append(v)
    return out


conf = {}
with open(os.path.join(SRCDIR, "debian", "ddd.conf")) as f:
    for line in f:
        if "=" in line and not line.lstrip().startswith("#"):
            k, v = line.split("=", 1)
            conf[k.strip()] = v.strip()

services = sorted(f for f in os.listdir(UNITS) if f.endswith(".service"))
is_(services, ["ddd-mailer.service", "ddd-purge.service", "ddd-remind.service",
               "ddd-worker.service"], "the services")
WANT = {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes",
        "PrivateTmp": "yes", "PrivateDevices": "yes", "CapabilityBoundingSet": "",
        "MemoryDenyWriteExecute": "yes", "User": "ddd"}
for s in services:
    u = unit(s)["Service"]
    for k, v in WANT.items():
        is_(u.get(k, [None])[-1], v, "%s: %s=%s" % (s, k, v))
    ok(u.get("RestrictAddressFamilies"), "%s: RestrictAddressFamilies" % s)
    ok(any(x.startswith("@system-service") for x in u.get("SystemCallFilter", [])),
       "%s: SystemCallFilter=@system-service" % s)
    r = subprocess.run(["systemd-analyze", "security", "--offline=yes",
                        os.path.join(UNITS, s)], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    m = re.search(r"Overall exposure level for %s: ([0-9.]+)" % re.escape(s), r.stdout)
    score = float(m.group(1)) if m else 99
    ok(score <= 2.0, "%s: systemd-analyze security --offline=yes rates it %.1f (2.0 or lower)"
       % (s, score), r.stdout[-1500:])
    print("# %s: exposure %.1f" % (s, score))

w = unit("ddd-worker.service")["Service"]
sock = unit("ddd-worker.socket")
is_(sock["Socket"]["ListenStream"], [conf["listen"]], "the socket unit listens where ddd.conf says")
is_(unit("ddd-worker.service")["Unit"].get("Requires"), ["ddd-worker.socket"],
    "the worker requires its socket")
is_("/run/" + w["RuntimeDirectory"][0], conf["pdf_tmp_dir"],
    "the PDF folder is the worker's RuntimeDirectory")
is_(os.path.dirname(conf["listen"]), conf["pdf_tmp_dir"], "beside the socket")
is_(w.get("RuntimeDirectoryPreserve"), ["yes"], "kept over a restart, as the socket is")
ok("seccomp" in " ".join(w["SystemCallFilter"]),
   "the worker may install its own seccomp filter (seccomp(2) is not in @system-service)")
is_(w.get("KillMode"), ["mixed"], "the render processes go when the worker is gone")
ok(w["ExecReload"][0].endswith("kill -HUP $MAINPID"), "reload is SIGHUP")
for s in services:
    u = unit(s)["Service"]
    cmd = u["ExecStart"][0].split()
    ok(cmd[0].startswith("/usr/sbin/") and cmd[1:3] == ["-f", "/etc/ddd/ddd.conf"],
       "%s: ExecStart runs the installed program on /etc/ddd/ddd.conf" % s, cmd)
for j in ("remind", "purge"):
    u = unit("ddd-%s.service" % j)["Service"]
    is_("/var/lib/" + u["StateDirectory"][0], conf["state_dir"],
        "ddd-%s writes its stamp in its StateDirectory" % j)
    t = unit("ddd-%s.timer" % j)
    ok(t["Timer"].get("OnCalendar") and t["Timer"].get("Persistent") == ["true"],
       "ddd-%s.timer: daily, caught up after a boot" % j)
with open(os.path.join(SRCDIR, "debian", "ddd-server.install")) as f:
    install = f.read()
ok("systemd/*.service lib/systemd/system" in install and "systemd/*.timer" in install
   and "systemd/*.socket" in install, "the package installs every unit")
is_(conf["render_program"], "/usr/libexec/ddd/ddd-render",
    "ddd.conf names ddd-render where the package puts it (pkglibexecdir)")
done()
