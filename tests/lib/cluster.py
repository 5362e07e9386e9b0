"""A database cluster on one machine for the tests: three mariadbd, each
with its own datadir, loopback port and socket, GTID replication with
semi-synchronous acknowledgement (AFTER_SYNC) and TLS from a CA made for
the run; one or two workers behind one nginx (tests/lib/stack.py does the
rest).  Every server starts read-only (as docs/operations.md asks of a
server's my.cnf); the first is opened as the primary, the others follow it.

    st = cluster.start("name", workers=2)
    st.primary()            # index of the server that takes writes
    st.node_sql(i, "...")   # as root over the server's socket
    st.admin("cluster", "status")   # dddctl as the replication admin
"""
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fixture  # noqa: E402
import tap  # noqa: E402
from stack import BUILDDIR, Stack, free_port, wait_for  # noqa: E402

APP_PASSWORD = "app-db-secret"
ADMIN_PASSWORD = "admin-db-secret"
REPL_PASSWORD = "repl-db-secret"


class ClusterStack(Stack):
    def __init__(self, folder, nodes=3, workers=2, semi_sync_timeout_ms=10000,
                 replica_reads=True, later=(), **kw):
        super().__init__(folder, **kw)
        self.later = tuple(later)   # servers add_from_backup makes later
        self.nworkers = workers
        self.semi_timeout = semi_sync_timeout_ms
        self.replica_reads = replica_reads
        self.nodes = []
        for i in range(nodes):
            self.nodes.append({
                "port": free_port(),
                "dir": self.path("db%d" % i),
                "sock": self.path("db%d.sock" % i),
                "name": None,
            })
        for n in self.nodes:
            n["name"] = "127.0.0.1:%d" % n["port"]
        self.admin_config = self.path("admin.conf")

    # --- TLS ------------------------------------------------------------
    def make_certs(self):
        d = self.path("tls")
        os.makedirs(d, exist_ok=True)
        ext = os.path.join(d, "san.cnf")
        with open(ext, "w") as f:
            f.write("subjectAltName = IP:127.0.0.1, DNS:localhost\n")

        def ossl(*args):
            subprocess.run(["openssl"] + list(args), check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ossl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", "/CN=DDD test CA", "-keyout", os.path.join(d, "ca.key"),
             "-out", os.path.join(d, "ca.pem"))
        ossl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
             "-keyout", os.path.join(d, "server.key"),
             "-out", os.path.join(d, "server.csr"))
        ossl("x509", "-req", "-in", os.path.join(d, "server.csr"), "-days", "2",
             "-CA", os.path.join(d, "ca.pem"), "-CAkey", os.path.join(d, "ca.key"),
             "-CAcreateserial", "-extfile", ext,
             "-out", os.path.join(d, "server.pem"))
        for f in os.listdir(d):
            os.chmod(os.path.join(d, f), 0o644)
        os.chmod(d, 0o755)
        self.ca = os.path.join(d, "ca.pem")

    # --- servers --------------------------------------------------------
    def start_node(self, i):
        import shutil
        n = self.nodes[i]
        if not os.path.isdir(os.path.join(n["dir"], "mysql")):
            shutil.copytree(self.template_datadir(), n["dir"], symlinks=True)
        d = self.path("tls")
        # Temporary tables in a folder of its own: one under /tmp may be
        # cleaned under a long statement.
        tmp = self.path("db%d-tmp" % i)
        os.makedirs(tmp, exist_ok=True)
        self.spawn("db%d" % i, [
            "mariadbd", "--no-defaults", "--datadir=" + n["dir"],
            "--socket=" + n["sock"], "--port=%d" % n["port"],
            "--bind-address=127.0.0.1", "--skip-name-resolve", "--tmpdir=" + tmp,
            "--pid-file=" + self.path("db%d.pid.mariadb" % i), "--user=root",
            "--log-error=" + self.path("db%d.log" % i),
            "--server-id=%d" % (i + 1), "--log-bin=binlog",
            "--relay-log=relay", "--log-slave-updates=ON",
            "--binlog-format=ROW", "--gtid-strict-mode=ON",
            # The migrations' triggers (0027) by an account without SUPER
            # (docs/operations.md).
            "--log-bin-trust-function-creators=ON",
            "--sync-binlog=1", "--innodb-flush-log-at-trx-commit=1",
            # A server that starts takes no writes until promoted.
            "--read-only=ON",
            # Each server acknowledges as a replica; the primary's side
            # is switched on where one is primary (here, dddctl promote).
            "--rpl-semi-sync-master-enabled=OFF",
            "--rpl-semi-sync-slave-enabled=ON",
            "--rpl-semi-sync-master-wait-point=AFTER_SYNC",
            "--rpl-semi-sync-master-timeout=%d" % self.semi_timeout,
            "--slave-net-timeout=5", "--master-retry-count=100000",
            "--ssl-ca=" + os.path.join(d, "ca.pem"),
            "--ssl-cert=" + os.path.join(d, "server.pem"),
            "--ssl-key=" + os.path.join(d, "server.key"),
            "--innodb-log-file-size=8M", "--innodb-buffer-pool-size=32M",
            "--max-connections=200",
            "--character-set-server=utf8mb4",
            "--collation-server=utf8mb4_unicode_ci"] + self.db_args, "db%d.out" % i)
        wait_for(lambda: self.node_ready(i), 30, "mariadbd %d" % i)

    def node_ready(self, i):
        p = self.procs.get("db%d" % i)
        if p is not None and p.poll() is not None:
            raise RuntimeError("mariadbd %d exited; see %s" % (
                i, self.path("db%d.log" % i)))
        return subprocess.run(
            ["mariadb-admin", "--no-defaults", "--socket=" + self.nodes[i]["sock"],
             "-uroot", "ping"], stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL).returncode == 0

    def kill_node(self, i, sig=signal.SIGKILL):
        p = self.procs.pop("db%d" % i, None)
        if p and p.poll() is None:
            p.send_signal(sig)
            p.wait(60)

    def node_sql(self, i, query, database="", timeout=30):
        r = subprocess.run(
            ["mariadb", "--no-defaults", "--socket=" + self.nodes[i]["sock"],
             "-uroot", "-N", "-B"] + ([database] if database else []) +
            ["-e", query],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            timeout=timeout)
        if r.returncode != 0:
            raise RuntimeError("SQL on db%d failed: %s\n%s" % (i, query, r.stderr))
        return [line.split("\t") for line in r.stdout.splitlines()]

    def alive(self, i):
        p = self.procs.get("db%d" % i)
        return p is not None and p.poll() is None

    def primary(self):
        for i in range(len(self.nodes)):
            if self.alive(i) and self.node_sql(i, "SELECT @@read_only")[0][0] == "0":
                return i
        return None

    def follow(self, i, primary):
        p = self.nodes[primary]
        self.node_sql(i, "CHANGE MASTER TO MASTER_HOST = '127.0.0.1', "
                      "MASTER_PORT = %d, MASTER_USER = 'repl', "
                      "MASTER_PASSWORD = '%s', MASTER_SSL = 1, "
                      "MASTER_SSL_CA = '%s', MASTER_USE_GTID = slave_pos"
                      % (p["port"], REPL_PASSWORD, self.ca))
        self.node_sql(i, "START SLAVE")

    def start_db(self):
        self.make_certs()
        for i in range(len(self.nodes)):
            if i not in self.later:
                self.start_node(i)
        # The first is the primary: the accounts, replicated to the rest.
        # No replica yet to acknowledge the accounts: semi-sync is
        # switched on once they follow.
        self.node_sql(0, "SET GLOBAL read_only = OFF")
        self.node_sql(0, (
            "CREATE USER 'repl'@'127.0.0.1' IDENTIFIED BY '{r}' REQUIRE SSL;"
            "GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1';"
            # The application: its own database only, so read_only holds
            # it (no READ_ONLY ADMIN, unlike root).
            "CREATE DATABASE ddd;"
            "CREATE USER 'ddd'@'127.0.0.1' IDENTIFIED BY '{a}' REQUIRE SSL;"
            "GRANT ALL ON ddd.* TO 'ddd'@'127.0.0.1';"
            "CREATE USER 'admin'@'127.0.0.1' IDENTIFIED BY '{d}' REQUIRE SSL;"
            # dddctl cluster: what docs/operations.md grants, no more.
            "GRANT SUPER, RELOAD, READ_ONLY ADMIN, REPLICATION SLAVE ADMIN, "
            "REPLICATION MASTER ADMIN, SLAVE MONITOR, BINLOG MONITOR "
            "ON *.* TO 'admin'@'127.0.0.1';"
            ).format(r=REPL_PASSWORD, a=APP_PASSWORD, d=ADMIN_PASSWORD))
        for i in range(1, len(self.nodes)):
            if i not in self.later:
                self.follow(i, 0)
        self.wait_replicated()
        self.node_sql(0, "SET GLOBAL rpl_semi_sync_master_enabled = ON")
        self.wait_semi_sync_clients(len(self.nodes) - 1 - len(self.later))

    def wait_semi_sync_clients(self, n):
        p = self.primary()
        wait_for(lambda: self.node_sql(p, "SHOW STATUS LIKE "
                                          "'Rpl_semi_sync_master_clients'")[0][1]
                 == str(n), 30, "semi-sync replicas")

    def add_from_backup(self, i):
        """Server i made a replica from a hot mariadb-backup of the
        primary, as docs/operations.md says (three nodes from a backup)."""
        p = self.primary()
        b = self.path("backup-db%d" % i)
        for args in (["--backup", "--socket=" + self.nodes[p]["sock"], "--user=root",
                      "--target-dir=" + b],
                     ["--prepare", "--target-dir=" + b],
                     ["--copy-back", "--target-dir=" + b,
                      "--datadir=" + self.nodes[i]["dir"]]):
            r = subprocess.run(["mariadb-backup", "--no-defaults"] + args,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
            if r.returncode != 0:
                raise RuntimeError("mariadb-backup %s failed:\n%s" % (args[0], r.stdout[-2000:]))
        with open(os.path.join(b, "xtrabackup_binlog_info")) as f:
            gtid = f.read().split()[2]
        self.start_node(i)
        self.node_sql(i, "SET GLOBAL gtid_slave_pos = '%s'" % gtid)
        self.follow(i, p)
        if i in self.later:
            self.later = tuple(x for x in self.later if x != i)
        return gtid

    def wait_replicated(self, timeout=30):
        p = self.primary()
        pos = self.node_sql(p, "SELECT @@gtid_binlog_pos")[0][0]
        for i in range(len(self.nodes)):
            if i != p and self.alive(i):
                got = self.node_sql(i, "SELECT MASTER_GTID_WAIT('%s', %d)"
                                    % (pos, timeout), timeout=timeout + 10)
                if got[0][0] != "0":
                    raise RuntimeError("db%d did not catch up with %s" % (i, pos))

    def db_ready(self):
        return True

    def sql(self, query, database="ddd"):
        # A seed (bench/mixed --cluster) writes a lot in one statement.
        return self.node_sql(self.primary(), query, database, timeout=600)

    # --- configuration --------------------------------------------------
    def write_config(self, extra=None):
        conf = {
            "db_servers": ",".join(n["name"] for n in self.nodes),
            "db_user": "ddd", "db_password": APP_PASSWORD,
            "db_ssl_ca": self.path("tls", "ca.pem"),
            "db_replica_reads": "on" if self.replica_reads else "off",
        }
        conf.update(extra or {})
        super().write_config(conf)
        with open(self.config) as f:
            text = f.read()
        with open(self.admin_config, "w") as f:
            f.write(text.replace("db_user = ddd", "db_user = admin").replace(
                "db_password = " + APP_PASSWORD, "db_password = " + ADMIN_PASSWORD))
        # The second worker: the same, on its own socket.
        with open(self.path("worker2.conf"), "w") as f:
            f.write(text.replace("listen = " + self.sock,
                                 "listen = " + self.sock2()))

    def sock2(self):
        return os.path.join(self.rundir, "worker2.sock")

    def admin(self, *args, check=True):
        r = subprocess.run([os.path.join(BUILDDIR, "dddctl"), "-f",
                            self.admin_config] + list(args),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=180)
        if check and r.returncode != 0:
            raise RuntimeError("dddctl %s failed:\n%s%s" % (
                " ".join(args), r.stdout, r.stderr))
        return r

    # --- workers and nginx ----------------------------------------------
    def start_worker(self, wait=True):
        super().start_worker(wait)
        if self.nworkers > 1:
            try:
                os.unlink(self.sock2())
            except FileNotFoundError:
                pass
            self.spawn("worker2", [os.path.join(BUILDDIR, "ddd-worker"), "-f",
                                   self.path("worker2.conf")], "worker2.log")
            wait_for(lambda: os.path.exists(self.sock2()), 20, "worker 2")

    def write_nginx(self):
        super().write_nginx()
        if self.nworkers > 1:
            conf = self.path("nginx.conf")
            with open(conf) as f:
                text = f.read()
            one = "server unix:%s;" % self.sock
            assert one in text
            text = text.replace(one, one + "\n        server unix:%s;" % self.sock2())
            with open(conf, "w") as f:
                f.write(text)

    def down(self):
        for name in ("worker2",) + tuple("db%d" % i for i in range(len(self.nodes))):
            p = self.procs.pop(name, None)
            if p is not None and p.poll() is None:
                p.terminate()
                try:
                    p.wait(60)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        super().down()

    def metric(self, name):
        """The highest value of a /metrics sample over a few scrapes
        through nginx, which takes turns between the workers (loopback
        may read /metrics); None when no answer has it."""
        c = tap.Client(self.port)
        best = None
        for _ in range(2 * self.nworkers):
            r = c.get("/metrics")
            for line in r.text.splitlines():
                if line.startswith(name + " ") or line.startswith(name + "{"):
                    v = float(line.rsplit(" ", 1)[1])
                    best = v if best is None else max(best, v)
        return best


def start(name, **kw):
    """A cluster stack, up (tenants loaded), removed afterwards unless a
    check failed."""
    import atexit
    import shutil
    import tempfile
    folder = tempfile.mkdtemp(prefix="ddd-%s-" % name)
    st = ClusterStack(folder, **kw)

    def cleanup():
        st.down()
        if tap._failed == 0:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            print("# stack folder kept: " + folder, flush=True)
    atexit.register(cleanup)
    try:
        st.up()
    except Exception as e:  # noqa: BLE001
        tap._failed += 1
        tap.bail("cluster did not start: %s" % e)
    return st
