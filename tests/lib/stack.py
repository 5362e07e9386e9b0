#!/usr/bin/python3
"""The DDD stack on one machine: a private MariaDB, the FastCGI worker,
nginx and an SMTP sink, all under one folder, on loopback or unix sockets.

Used by the tests (one stack per test file, in a temporary folder) and by
`./ddd up` / `./ddd down` (the embedded default, in .ddd/ of the checkout).
Standard library only; run with Debian's /usr/bin/python3.
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

SRCDIR = os.environ.get("DDD_SRCDIR") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILDDIR = os.environ.get("DDD_BUILDDIR") or SRCDIR


def others_can_reach(path):
    """Whether every folder from / to path lets other users through."""
    import stat
    path = os.path.abspath(path)
    while True:
        try:
            if not os.stat(path).st_mode & stat.S_IXOTH:
                return False
        except OSError:
            return False
        if path == "/":
            return True
        path = os.path.dirname(path)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(pred, timeout, what):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return
        time.sleep(0.02)
    raise RuntimeError("timed out waiting for " + what)


class Stack:
    def __init__(self, folder, port=None, threads=8,
                 max_body="1m", smtp=False, mailer=False, worker_args=(),
                 rate_limits=True, db_args=()):
        self.dir = os.path.abspath(folder)
        self.port = port or free_port()
        self.threads = threads
        self.max_body = max_body
        self.want_smtp = smtp or mailer
        self.want_mailer = mailer   # tests run the sender themselves
        self.worker_args = list(worker_args)
        self.rate_limits = rate_limits  # nginx limit_req (off: benchmarks)
        self.db_args = list(db_args)    # more mariadbd options (benchmarks)
        self.procs = {}
        self.conf_extra = {}        # more ddd.conf settings (write_config)
        self.datadir = os.path.join(self.dir, "mariadb")
        self.dbsock = os.path.join(self.dir, "mariadb.sock")
        # As root the worker drops to 'nobody' (fcgi/worker.c), which must
        # reach the database socket: in the stack folder when every folder
        # above it lets others through, else in a folder of its own in
        # /tmp named after the stack folder (found again by later runs).
        self.run_as = "nobody" if os.getuid() == 0 else ""
        # The worker's own folder (its socket, its PDF folder), which it
        # may write as the user it runs as, like /run/ddd in production.
        self.rundir = os.path.join(self.dir, "run")
        self.sock = os.path.join(self.rundir, "worker.sock")
        if self.run_as and not others_can_reach(os.path.dirname(self.dir)):
            import hashlib
            tag = hashlib.sha256(self.dir.encode()).hexdigest()[:16]
            self.dbsock = os.path.join("/tmp", "ddd-db-" + tag, "mariadb.sock")
        self.config = os.path.join(self.dir, "ddd.conf")
        self.url = "http://127.0.0.1:%d" % self.port
        self.smtp_port = None
        self.maildir = os.path.join(self.dir, "mail")

    # --- files ---------------------------------------------------------
    def path(self, *p):
        return os.path.join(self.dir, *p)

    def master_key(self):
        """A master key of the stack's own (0600), made once."""
        path = self.path("master.key")
        if not os.path.exists(path):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(os.urandom(32).hex() + "\n")
        return path

    def write_config(self, extra=None):
        os.makedirs(self.dir, exist_ok=True)
        if self.run_as:
            # The worker, as nobody, goes through to its database socket.
            os.chmod(self.dir, 0o711)
            os.makedirs(os.path.dirname(self.dbsock), exist_ok=True)
            os.chmod(os.path.dirname(self.dbsock), 0o711)
        conf = {
            "master_key_file": self.master_key(),
            "listen": self.sock,
            "threads": str(self.threads),
            "db_socket": self.dbsock,
            "db_user": "root",
            "db_name": "ddd",
            "xslt_dir": os.path.join(SRCDIR, "xslt"),
            "schema_dir": os.path.join(SRCDIR, "schema"),
            "tenants_dir": os.path.join(SRCDIR, "tenants"),
            "base_url": self.url,
            "fop_config": os.path.join(SRCDIR, "xslt", "fop.xconf"),
        }
        os.makedirs(self.rundir, exist_ok=True)
        conf["pdf_tmp_dir"] = self.rundir
        # dddctl remind/purge stamps (/metrics, dddctl status), not the
        # host's /var/lib/ddd.
        conf["state_dir"] = self.path("state")
        os.makedirs(conf["state_dir"], exist_ok=True)
        if self.run_as:
            import pwd
            pw = pwd.getpwnam(self.run_as)
            os.chown(self.rundir, pw.pw_uid, pw.pw_gid)
            conf["user"] = self.run_as
        conf.update(self.conf_extra)
        conf.update(extra or {})
        with open(self.config, "w") as f:
            f.write("# written by tests/lib/stack.py\n")
            for k, v in conf.items():
                f.write("%s = %s\n" % (k, v))

    def write_nginx(self):
        with open(os.path.join(SRCDIR, "nginx", "ddd-dev.conf.in")) as f:
            text = f.read()
        for k, v in {"@SOCK@": self.sock, "@DIR@": self.dir,
                     "@PORT@": str(self.port),
                     "@SRCDIR@": SRCDIR, "@MAX_BODY@": self.max_body,
                     "@LIMIT@": "" if self.rate_limits else "# "}.items():
            text = text.replace(k, v)
        for d in ("body", "fastcgi", "proxy", "uwsgi", "scgi"):
            os.makedirs(self.path("nginx-tmp", d), exist_ok=True)
        os.makedirs(self.path("nginx-extra"), exist_ok=True)
        with open(self.path("nginx.conf"), "w") as f:
            f.write(text)

    # --- processes -----------------------------------------------------
    def spawn(self, name, argv, log):
        out = open(self.path(log), "ab")
        p = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL,
                             start_new_session=True)
        out.close()
        self.procs[name] = p
        with open(self.path(name + ".pid"), "w") as f:
            f.write(str(p.pid))
        return p

    def template_datadir(self):
        """mariadb-install-db once per build tree; copies are per stack."""
        tmpl = os.path.join(BUILDDIR, "tests", "tmp", "mariadb-template")
        if os.path.isdir(os.path.join(tmpl, "mysql")):
            return tmpl
        part = tmpl + ".part%d" % os.getpid()
        shutil.rmtree(part, ignore_errors=True)
        os.makedirs(part)
        subprocess.run(
            ["mariadb-install-db", "--no-defaults", "--datadir=" + part,
             "--user=root", "--auth-root-authentication-method=normal",
             "--skip-test-db", "--innodb-log-file-size=8M"],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            os.rename(part, tmpl)
        except OSError:
            shutil.rmtree(part, ignore_errors=True)  # another test won
        return tmpl

    def start_db(self):
        if not os.path.isdir(os.path.join(self.datadir, "mysql")):
            shutil.copytree(self.template_datadir(), self.datadir,
                            symlinks=True)
        self.spawn("mariadb", [
            "mariadbd", "--no-defaults", "--datadir=" + self.datadir,
            "--socket=" + self.dbsock, "--pid-file=" + self.path("mariadbd.pid"),
            "--skip-networking", "--user=root",
            "--log-error=" + self.path("mariadb.log"),
            "--innodb-log-file-size=8M", "--innodb-buffer-pool-size=64M",
            # Durable: every commit is on disk before it is acknowledged
            # (no binlog here; with one, sync_binlog=1 too).
            "--innodb-flush-log-at-trx-commit=1", "--innodb-doublewrite=1",
            "--max-connections=300",
            "--character-set-server=utf8mb4",
            "--collation-server=utf8mb4_unicode_ci"] + self.db_args, "mariadb.out")
        wait_for(lambda: self.db_ready(), 30, "mariadbd")

    def db_ready(self):
        if self.procs["mariadb"].poll() is not None:
            raise RuntimeError("mariadbd exited; see " + self.path("mariadb.log"))
        return subprocess.run(
            ["mariadb-admin", "--no-defaults", "--socket=" + self.dbsock,
             "-uroot", "ping"], stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL).returncode == 0

    def stop_db(self, sig=signal.SIGTERM):
        p = self.procs.pop("mariadb", None)
        if p and p.poll() is None:
            p.send_signal(sig)
            p.wait(60)

    def dddctl(self, *args, check=True):
        r = subprocess.run([os.path.join(BUILDDIR, "dddctl"), "-f",
                            self.config] + list(args),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
        if check and r.returncode != 0:
            raise RuntimeError("dddctl %s failed:\n%s%s" % (
                " ".join(args), r.stdout, r.stderr))
        return r

    def sql(self, query, database="ddd"):
        r = subprocess.run(
            ["mariadb", "--no-defaults", "--socket=" + self.dbsock, "-uroot",
             "-N", "-B", database, "-e", query],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            raise RuntimeError("SQL failed: %s\n%s" % (query, r.stderr))
        return [line.split("\t") for line in r.stdout.splitlines()]

    def start_worker(self, wait=True):
        # A worker that ran as another user could not remove its socket:
        # readiness is the new one appearing.
        try:
            os.unlink(self.sock)
        except FileNotFoundError:
            pass
        self.spawn("worker", [os.path.join(BUILDDIR, "ddd-worker"), "-f",
                              self.config] + self.worker_args, "worker.log")
        if wait:
            wait_for(lambda: self.worker_ready(), 20, "ddd-worker")

    def worker_ready(self):
        """The socket accepts a connection: it exists and is listening (a
        connection it takes now waits in its backlog for a thread)."""
        if self.procs["worker"].poll() is not None:
            raise RuntimeError("ddd-worker exited:\n" + self.log("worker.log"))
        if not os.path.exists(self.sock):
            return False
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.settimeout(0.5)
                s.connect(self.sock)
            return True
        except OSError:
            return False

    def stop_worker(self, sig=signal.SIGTERM, timeout=30):
        p = self.procs.pop("worker", None)
        if p and p.poll() is None:
            p.send_signal(sig)
            return p.wait(timeout)
        return p.returncode if p else None

    def render_pids(self):
        """The worker's render processes: (supervisor, [children]), the
        children sorted; (None, []) when there are none."""
        def kids(pid):
            try:
                with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
                    return sorted(int(x) for x in f.read().split())
            except OSError:
                return []
        p = self.procs.get("worker")
        if p is None or p.poll() is not None:
            return None, []
        for pid in kids(p.pid):
            try:
                with open("/proc/%d/cmdline" % pid, "rb") as f:
                    if b"ddd-render" in f.read().split(b"\0")[0]:
                        return pid, kids(pid)
            except OSError:
                pass
        return None, []

    def render_socket(self, name="render.sock"):
        """The render processes' socket in the worker's private folder."""
        import glob
        found = glob.glob(os.path.join(self.rundir, "ddd-pdf-*", name))
        return found[0] if found else None

    def start_nginx(self):
        self.write_nginx()
        self.spawn("nginx", ["nginx", "-c", self.path("nginx.conf"),
                             "-p", self.dir], "nginx.out")
        wait_for(lambda: self.port_open(), 20, "nginx")

    def port_open(self):
        if self.procs["nginx"].poll() is not None:
            raise RuntimeError("nginx exited:\n" + self.log("nginx.out") +
                               self.log("nginx-error.log"))
        try:
            socket.create_connection(("127.0.0.1", self.port), 0.2).close()
            return True
        except OSError:
            return False

    def start_smtp(self):
        self.smtp_port = free_port()
        for d in ("new", "cur", "tmp"):
            os.makedirs(os.path.join(self.maildir, d), exist_ok=True)
        self.spawn("smtp", ["/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l",
                            "127.0.0.1:%d" % self.smtp_port, "-c",
                            "aiosmtpd.handlers.Mailbox", self.maildir],
                   "smtp.log")
        with open(self.path("smtp.port"), "w") as f:
            f.write(str(self.smtp_port))

        def up():
            try:
                socket.create_connection(("127.0.0.1", self.smtp_port),
                                         0.2).close()
                return True
            except OSError:
                return False
        wait_for(up, 20, "SMTP sink")

    def start_mailer(self):
        self.spawn("mailer", [os.path.join(BUILDDIR, "ddd-mailer"), "-f",
                              self.config, "--smtp",
                              "smtp://127.0.0.1:%d" % self.smtp_port,
                              "--interval", "2"], "mailer.log")

    def log(self, name):
        try:
            with open(self.path(name), errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    # --- whole stack ---------------------------------------------------
    def up(self, tenants=True):
        os.makedirs(self.dir, exist_ok=True)
        os.chmod(self.dir, 0o755)
        self.write_config()
        self.start_db()
        self.dddctl("migrate")
        if tenants:
            self.dddctl("tenant", "load")
        if self.want_smtp:
            self.start_smtp()
        if self.want_mailer:
            self.start_mailer()
        self.start_worker()
        self.start_nginx()
        return self

    def down(self):
        for name in ("nginx", "worker", "mailer", "smtp", "mariadb"):
            p = self.procs.pop(name, None)
            if p is None:
                pid = self.read_pid(name)
                if pid:
                    self.kill_pid(pid, name)
                continue
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(60)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
            self.rm_pid(name)

    def read_pid(self, name):
        try:
            with open(self.path(name + ".pid")) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return None

    def rm_pid(self, name):
        try:
            os.unlink(self.path(name + ".pid"))
        except OSError:
            pass

    def kill_pid(self, pid, name):
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            self.rm_pid(name)
            return
        for _ in range(600):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            os.kill(pid, signal.SIGKILL)
        self.rm_pid(name)

    def running(self):
        """Every pid file of a previous `up` points at a live process."""
        for name in ("mariadb", "worker", "nginx"):
            pid = self.read_pid(name)
            if not pid:
                return False
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return False
        return True

    def __enter__(self):
        return self.up()

    def __exit__(self, *exc):
        self.down()


def main(argv):
    import argparse
    ap = argparse.ArgumentParser(prog="stack.py")
    ap.add_argument("command", choices=["up", "down", "status"])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, default=8080)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--saml-sp", action="store_true",
                    help="give the worker a SAML SP key and certificate (sp.key, sp.crt)")
    a = ap.parse_args(argv)
    st = Stack(a.dir, port=a.port, threads=a.threads, mailer=True)
    if a.saml_sp:
        saml_sp_keys(st)
    if a.command == "status":
        print("running" if st.running() else "stopped")
        return 0
    if a.command == "down":
        st.down()
        print("stopped")
        return 0
    if st.running():
        # Already up: reload tenants and migrations, keep the processes.
        st.write_config()
        st.dddctl("migrate")
        st.dddctl("tenant", "load")
        print("already running at http://127.0.0.1:%d/" % a.port)
        print("demo log-ins: password '%s' for %s" % (
            DEMO_PASSWORD, ", ".join(u for _, u, _ in DEMO_LOGINS)))
        return 0
    st.down()  # leftovers of a half-started run
    st.up()
    logins = demo_accounts(st)
    print(st.dddctl("migrate").stdout.strip())
    print("DDD is running at http://127.0.0.1:%d/" % st.port)
    print("stack folder: %s (logs: worker.log, nginx-error.log, mariadb.log)"
          % st.dir)
    print("mail: ddd-mailer sends the outbox to an SMTP sink on 127.0.0.1:%d;"
          " messages land in %s/new" % (st.smtp_port, st.maildir))
    print("demo log-ins (password '%s'):" % DEMO_PASSWORD)
    for school, user, who in logins:
        print("  %-22s %-34s %s" % (school, user, who))
    return 0


def saml_sp_keys(st):
    """A SAML SP key pair in the stack folder, made once, in ddd.conf: the
    worker reads them at start (the browser test's SAML stage)."""
    key, crt = st.path("sp.key"), st.path("sp.crt")
    if not os.path.exists(crt):
        os.makedirs(st.dir, exist_ok=True)
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                        "-keyout", key, "-out", crt, "-days", "30", "-subj", "/CN=ddd-sp"],
                       check=True, capture_output=True)
        os.chmod(key, 0o600)
    st.conf_extra.update({"saml_key_file": key, "saml_cert_file": crt})


# The demo: student lists imported, and a known password for a few
# accounts of each role, so a newcomer can walk the manual at once.
DEMO_PASSWORD = "demo-wachtwoord"
DEMO_LOGINS = [
    ("de-brug", "1001", "leerling Sem de Vries (4K1)"),
    ("de-brug", "j.bakker@debrug.example", "mentor Joost Bakker (4K1, 4K2)"),
    ("de-brug", "m.vandenberg@debrug.example", "decaan Marieke van den Berg"),
    ("het-noorderlicht", "2001", "leerling Finn Visser (4B1)"),
    ("roc-rijnland", "a.kuipers@rocrijnland.example", "MBO Annemiek Kuipers"),
]


def demo_accounts(st):
    demo = os.path.join(SRCDIR, "tenants", "demo")
    for f in sorted(os.listdir(demo)):
        if f.startswith("leerlingen-") and f.endswith(".csv"):
            st.dddctl("import", f[len("leerlingen-"):-4], os.path.join(demo, f))
    for school, user, _ in DEMO_LOGINS:
        r = subprocess.run([os.path.join(BUILDDIR, "dddctl"), "-f", st.config,
                            "passwd", school, user], input=DEMO_PASSWORD + "\n",
                           text=True, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        if r.returncode != 0:
            raise RuntimeError("demo password for %s: %s" % (user, r.stderr))
    return DEMO_LOGINS


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
