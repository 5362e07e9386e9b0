"""The Debian package: built from the tree with dpkg-buildpackage, clean
under lintian, installed on this machine for real (dpkg -i; purged again
at the end), and serving the demo tenants from its installed paths: the
installed programs started the way their units would start them (as the
ddd user, the worker on a socket passed in LISTEN_FDS, under the units'
system call filter, MemoryDenyWriteExecute, address families and
NoNewPrivileges, applied by tests/unitexec since no systemd runs here)."""
import glob, grp, os, pwd, re, shutil, signal, socket, subprocess, sys, tempfile, time
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, bail, Client
import tap
import fixture
from stack import SRCDIR, BUILDDIR

if os.getuid() != 0:
    print("1..0 # SKIP installing a package needs root")
    sys.exit(0)

work = tempfile.mkdtemp(prefix="ddd-package-")
tree = os.path.join(work, "ddd-server")
had_etc = os.path.exists("/etc/ddd")
had_user = subprocess.run(["getent", "passwd", "ddd"], stdout=subprocess.DEVNULL).returncode == 0
installed = False


def cleanup():
    if installed:
        subprocess.run(["dpkg", "--purge", "ddd-server"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    if not had_etc:
        shutil.rmtree("/etc/ddd", ignore_errors=True)
    if not had_user and installed:
        subprocess.run(["deluser", "--system", "--quiet", "ddd"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if tap._failed == 0:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print("# package folder kept: " + work, flush=True)


import atexit
atexit.register(cleanup)

# --- build ------------------------------------------------------------------
# The tracked files (a build in the tree itself would run `make distclean`
# on the checkout the suite runs from).
if os.path.isdir(os.path.join(SRCDIR, ".git")):
    files = subprocess.run(["git", "-C", SRCDIR, "ls-files", "-co", "--exclude-standard", "-z"],
                           stdout=subprocess.PIPE, check=True).stdout.split(b"\0")
    for f in files:
        if not f:
            continue
        src = os.path.join(SRCDIR.encode(), f)
        if os.path.isfile(src):
            dst = os.path.join(tree.encode(), f)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(src, dst)
else:   # a release tarball (make distcheck): its source folder is clean
    shutil.copytree(SRCDIR, tree, ignore=shutil.ignore_patterns("node_modules", ".ddd"))
t0 = time.monotonic()
env = dict(os.environ, DEB_BUILD_OPTIONS="parallel=%d nocheck" % (os.cpu_count() or 2))
b = subprocess.run(["dpkg-buildpackage", "-b", "-uc", "-us"], cwd=tree, env=env,
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
is_(b.returncode, 0, "dpkg-buildpackage -b -uc -us builds the package")
print("# dpkg-buildpackage took %.0f s" % (time.monotonic() - t0))
debs = glob.glob(os.path.join(work, "ddd-server_*.deb"))
if b.returncode != 0 or len(debs) != 1:
    print("\n".join("# " + l for l in b.stdout.splitlines()[-40:]))
    bail("no package")
deb = debs[0]
changes = glob.glob(os.path.join(work, "ddd-server_*.changes"))[0]

l = subprocess.run(["lintian", "--fail-on", "error,warning", changes], stdout=subprocess.PIPE,
                   stderr=subprocess.STDOUT, text=True)
tags = [x for x in l.stdout.splitlines() if re.match(r"[EW]: ", x)]
is_(tags, [], "lintian: no error, no warning")
is_(l.returncode, 0, "lintian exits 0 with --fail-on error,warning")
for x in l.stdout.splitlines():
    if re.match(r"[A-Z]: ", x):
        print("# lintian: " + x)

c = subprocess.run(["dpkg", "-c", deb], stdout=subprocess.PIPE, text=True).stdout
for path in ("./usr/sbin/ddd-worker", "./usr/sbin/ddd-mailer", "./usr/sbin/dddctl",
             "./usr/libexec/ddd/ddd-render", "./usr/share/ddd/xslt/login.xsl",
             "./usr/share/ddd/schema/forms/deel-a.xml", "./usr/share/ddd/schema/sql/0001_tenant.sql",
             "./usr/share/ddd/nginx/ddd-production.conf", "./etc/ddd/ddd.conf",
             "./lib/systemd/system/ddd-worker.socket", "./lib/systemd/system/ddd-worker.service",
             "./lib/systemd/system/ddd-mailer.service", "./lib/systemd/system/ddd-remind.timer",
             "./lib/systemd/system/ddd-purge.timer", "./usr/share/man/man8/ddd-worker.8.gz",
             "./usr/share/man/man8/ddd-mailer.8.gz", "./usr/share/man/man8/dddctl.8.gz"):
    ok(re.search(r" %s$" % re.escape(path), c, re.M), "the package holds " + path)
ctl = subprocess.run(["dpkg-deb", "-f", deb, "Depends"], stdout=subprocess.PIPE, text=True).stdout
contains(ctl, "adduser", "it depends on adduser (the ddd user)")

# --- install ----------------------------------------------------------------
i = subprocess.run(["dpkg", "-i", deb], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                   text=True, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
installed = True
is_(i.returncode, 0, "dpkg -i installs it")
if i.returncode != 0:
    print("\n".join("# " + x for x in i.stdout.splitlines()[-30:]))
    bail("not installed")
pw = pwd.getpwnam("ddd")
ok(pw.pw_uid < 1000 and pw.pw_uid != 0, "the ddd system user exists (uid %d)" % pw.pw_uid)
st_conf = os.stat("/etc/ddd/ddd.conf")
ok(st_conf.st_uid == 0 and st_conf.st_gid == pw.pw_gid and st_conf.st_mode & 0o777 == 0o640,
   "/etc/ddd/ddd.conf: 0640 root:ddd")
contains(open("/var/lib/dpkg/info/ddd-server.conffiles").read(), "/etc/ddd/ddd.conf",
         "ddd.conf is a conffile")
key = os.stat("/etc/ddd/master.key")
ok(key.st_mode & 0o777 == 0o400 and key.st_uid == pw.pw_uid, "a master key was made: 0400, ddd's")
ok(re.fullmatch(r"[0-9a-f]{64}\n", open("/etc/ddd/master.key").read()), "64 hex digits")
v = subprocess.run(["systemd-analyze", "verify"] + sorted(glob.glob("/lib/systemd/system/ddd-*")),
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
ok(not [x for x in v.stdout.splitlines() if "ddd" in x], "systemd-analyze verify: the installed units "
   "are clean", v.stdout)
for m in ("ddd-worker", "ddd-mailer", "dddctl"):
    r = subprocess.run(["man", "-w", "8", m], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    is_(r.returncode, 0, "man 8 %s is installed" % m)


# --- the units' way of running the programs ---------------------------------
def service(name):
    out = {}
    with open("/lib/systemd/system/" + name) as f:
        for line in f:
            line = line.strip()
            if "=" in line and not line.startswith(("#", "[")):
                k, v = line.split("=", 1)
                out.setdefault(k, []).append(v)
    return out


def group(g, seen=None):
    """The system calls of a systemd @group, nested groups expanded."""
    seen = seen if seen is not None else set()
    if g in seen:
        return set()
    seen.add(g)
    r = subprocess.run(["systemd-analyze", "syscall-filter", g], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, text=True)
    out = set()
    for x in r.stdout.splitlines()[1:]:
        x = x.strip()
        if not x or x.startswith("#"):
            continue
        out |= group(x, seen) if x.startswith("@") else {x}
    return out


def sandbox(unit):
    """tests/unitexec arguments for a service's settings."""
    s = service(unit)
    args = [os.path.join(BUILDDIR, "tests", "unitexec"), "-u", s["User"][0]]
    if s.get("NoNewPrivileges") == ["yes"]:
        args.append("-n")
    if s.get("MemoryDenyWriteExecute") == ["yes"]:
        args.append("-m")
    allowed = set()
    for line in s.get("SystemCallFilter", []):
        names = set()
        deny = line.startswith("~")
        for x in line.lstrip("~").split():
            names |= group(x) if x.startswith("@") else {x}
        allowed = allowed - names if deny else allowed | names
    if allowed:
        args += ["-s", " ".join(sorted(allowed))]
    if s.get("RestrictAddressFamilies"):
        args += ["-a", " ".join(s["RestrictAddressFamilies"])]
    return args, s["ExecStart"][0].split()


st = fixture.start("package", up=False)
st.write_config()
st.start_db()
st.start_smtp()
st.sql("CREATE USER IF NOT EXISTS ddd@localhost IDENTIFIED VIA unix_socket; "
       "GRANT ALL ON ddd.* TO ddd@localhost", database="mysql")
# What RuntimeDirectory= and StateDirectory= make: folders of the ddd user.
run = st.path("run-ddd")
state = st.path("state-ddd")
for d in (run, state):
    os.makedirs(d, exist_ok=True)
    os.chown(d, pw.pw_uid, pw.pw_gid)
os.chmod(st.dir, 0o711)
# The installed ddd.conf, pointed at this test's database, folders and
# the demo tenants the package ships; everything else as installed.
with open("/etc/ddd/ddd.conf") as f:
    conf = f.read()
over = {"listen": os.path.join(run, "worker.sock"), "pdf_tmp_dir": run,
        "db_socket": st.dbsock, "tenants_dir": "/usr/share/ddd/demo/tenants",
        "state_dir": state, "base_url": st.url}
for k, v in over.items():
    conf = re.sub(r"^%s\s*=.*$" % k, "%s = %s" % (k, v), conf, flags=re.M)
cfg = st.path("installed.conf")
with open(cfg, "w") as f:
    f.write(conf)
os.chmod(cfg, 0o644)
for k in ("xslt_dir", "schema_dir", "render_program", "master_key_file"):
    ok(re.search(r"^%s\s*=\s*/(usr|etc)/" % k, conf, re.M), "%s from the installed ddd.conf" % k)


def as_unit(unit, *extra, **kw):
    args, cmd = sandbox(unit)
    cmd = [cfg if x == "/etc/ddd/ddd.conf" else x for x in cmd]
    return args + ["--"] + cmd + list(extra)


def dddctl(*a, stdin=None):
    return subprocess.run(as_unit("ddd-remind.service")[:-1] + list(a), input=stdin,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


r = dddctl("migrate")
ok(r.returncode == 0, "dddctl migrate, as ddd over unix_socket, from /usr/share/ddd/schema", r.stderr)
r = dddctl("tenant", "load")
ok(r.returncode == 0, "dddctl tenant load: the demo tenants from /usr/share/ddd/demo", r.stderr)
r = dddctl("import", "de-brug", "/usr/share/ddd/demo/leerlingen-de-brug.csv")
ok(r.returncode == 0, "dddctl import of the demo students (the installed master key)", r.stderr)
r = dddctl("passwd", "de-brug", "1001", stdin="demo-wachtwoord\n")
is_(r.returncode, 0, "dddctl passwd")
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")

# ddd-worker.socket: the socket held here, passed as fd 3.
sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
sock.bind(over["listen"])
sock.listen(1024)
os.chmod(over["listen"], 0o666)
st.sock = over["listen"]
wlog = open(st.path("worker.log"), "ab")
wargv = as_unit("ddd-worker.service")


def child():
    os.dup2(sock.fileno(), 3)
    os.environ["LISTEN_FDS"] = "1"
    os.environ["LISTEN_PID"] = str(os.getpid())


worker = subprocess.Popen(wargv, stdin=subprocess.DEVNULL, stdout=wlog, stderr=wlog,
                          pass_fds=(3,), preexec_fn=child, start_new_session=True)
st.procs["worker"] = worker
st.start_nginx()
c = Client(st.port)
end = time.monotonic() + 30
while time.monotonic() < end and worker.poll() is None:
    if "event=start " in st.log("worker.log"):
        break
    time.sleep(0.1)
log = st.log("worker.log")
ok(worker.poll() is None and "socket=systemd" in log, "the installed worker started as its unit "
   "would, on the passed socket", log[-2000:])
if worker.poll() is not None:
    bail("the installed worker did not start")
with open("/proc/%d/status" % worker.pid) as f:
    uid = re.search(r"^Uid:\s+(\d+)", f.read(), re.M).group(1)
is_(int(uid), pw.pw_uid, "it runs as ddd, never as root")
ok(re.search(r"event=render_start .* prog=ddd-render", log), "its render processes started from /usr/libexec/ddd")

r = c.get("/login")
is_(r.status, 200, "GET /login from the installed stylesheets")
contains(r.text, "De Brug", "the demo schools are there")
u = Client(st.port)
r = u.post("/login", {"school": "de-brug", "username": "1001", "password": "demo-wachtwoord",
                      "csrf": fixture.csrf(u.get("/login"))})
is_(r.status, 303, "the demo student logs in")
t = fixture.csrf(u.get("/dossiers"))
r = u.post("/dossiers/nieuw", {"csrf": t})
m = re.search(r"/dossiers/(\d+)/", r.header("Location") or "")
ok(m, "a new dossier")
if m:
    r = u.get("/dossiers/%s/deel-a.pdf" % m.group(1))
    ok(r.status == 200 and r.body.startswith(b"%PDF-"), "its PDF from the installed ddd-render")
is_(c.get("/healthz").text.strip().split("\n")[0], "ok", "/healthz ok")
mt = c.get("/metrics")
is_(mt.status, 200, "/metrics")
contains(mt.text, 'ddd_pdf_renders_total{renderer="native",result="ok"} 1', "counts the render")
os.kill(worker.pid, signal.SIGHUP)
time.sleep(1.5)
contains(st.log("worker.log"), "event=reload result=ok", "a reload works under the unit's filters")
is_(c.get("/login").status, 200, "and it serves on")
r = dddctl("status")
ok(r.returncode == 0, "dddctl status, as the unit's user", r.stderr)
contains(r.stdout, "schema version", "it reads the database")
r = dddctl("remind")
ok(r.returncode == 0, "dddctl remind as ddd-remind.service runs it", r.stderr)
ok(os.path.exists(os.path.join(state, "remind.last")), "its stamp in the StateDirectory")
r = dddctl("purge")
ok(r.returncode == 0, "dddctl purge as ddd-purge.service runs it", r.stderr)
margv = as_unit("ddd-mailer.service", "-1", "--smtp", "smtp://127.0.0.1:%d" % st.smtp_port)
margv = [x for x in margv if x != "$DDD_MAILER_OPTS"]
r = subprocess.run(margv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
ok(r.returncode == 0, "ddd-mailer -1 as its unit runs it", r.stderr[-1500:])
contains(r.stdout, "mail-run:", "one pass made")
for name in ("worker.log",):
    ok("seccomp_denied" not in st.log(name), "no call refused by the worker's own filter")
ok(worker.poll() is None, "the worker is still up")
worker.send_signal(signal.SIGTERM)
is_(worker.wait(60), 0, "it stops cleanly")
st.procs.pop("worker", None)
sock.close()
wlog.close()
done()
