"""Several worker "hosts" on one machine, for the tests of issue 16: each
ddd-worker with its own configuration, unix socket and TCP address
(127.0.0.2, 127.0.0.3, ...), behind one nginx made from
nginx/ddd-hosts.conf.in, with a trusted load balancer address in front."""
import atexit
import os
import signal
import socket
import struct

from stack import SRCDIR, BUILDDIR, free_port, wait_for


class Hosts:
    def __init__(self, st, n=2, trusted="127.0.0.9", allow="127.0.0.1"):
        self.st = st
        self.n = n
        self.trusted = trusted
        self.allow = allow
        self.addrs = ["127.0.0.%d" % (2 + i) for i in range(n)]
        self.ports = [free_port() for _ in range(n)]
        self.procs = [None] * n
        atexit.register(self.stop_all)

    def config(self, i, extra=None):
        """The stack's configuration with this worker's sockets."""
        path = self.st.path("ddd-%d.conf" % i)
        with open(self.st.config) as f:
            lines = [l for l in f.read().splitlines()
                     if not l.startswith(("listen ", "listen_tcp"))]
        conf = {"listen": os.path.join(self.st.rundir, "worker-%d.sock" % i),
                "listen_tcp": "%s:%d" % (self.addrs[i], self.ports[i]),
                "listen_tcp_allow": self.allow}
        conf.update(extra or {})
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
            for k, v in conf.items():
                f.write("%s = %s\n" % (k, v))
        return path

    def start(self, i, extra=None, wait=True):
        path = self.config(i, extra)
        out = open(self.st.path("worker-%d.log" % i), "ab")
        import subprocess
        self.procs[i] = subprocess.Popen(
            [os.path.join(BUILDDIR, "ddd-worker"), "-f", path],
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
        out.close()
        if wait:
            wait_for(lambda: self.ready(i), 30, "worker %d" % i)

    def ready(self, i):
        p = self.procs[i]
        if p is None or p.poll() is not None:
            raise RuntimeError("worker %d exited:\n%s" % (
                i, self.st.log("worker-%d.log" % i)))
        try:
            socket.create_connection((self.addrs[i], self.ports[i]), 0.2).close()
            return True
        except OSError:
            return False

    def stop(self, i, sig=signal.SIGTERM, timeout=60):
        p, self.procs[i] = self.procs[i], None
        if p is None or p.poll() is not None:
            return p.returncode if p else None
        p.send_signal(sig)
        return p.wait(timeout)

    def stop_all(self):
        for i in range(self.n):
            try:
                self.stop(i)
            except Exception:  # noqa: BLE001
                pass

    def start_nginx(self, down=()):
        st = self.st
        self.write_nginx(down)
        st.spawn("nginx", ["nginx", "-c", st.path("nginx.conf"), "-p", st.dir],
                 "nginx.out")
        wait_for(lambda: st.port_open(), 20, "nginx")

    def drain(self, down=()):
        """Take the workers in down out of nginx's upstream (the others
        back in) with a graceful reload, as an operator does before
        restarting a host; returns when the new nginx workers serve."""
        import time
        self.write_nginx(down)
        before = self.nginx_workers()
        self.st.procs["nginx"].send_signal(signal.SIGHUP)
        wait_for(lambda: self.nginx_workers() - before, 20, "nginx reload")
        time.sleep(0.3)     # requests the old nginx workers hold finish

    def nginx_workers(self):
        master = self.st.procs["nginx"].pid
        try:
            with open("/proc/%d/task/%d/children" % (master, master)) as f:
                return set(int(x) for x in f.read().split())
        except OSError:
            return set()

    def write_nginx(self, down=()):
        st = self.st
        with open(os.path.join(SRCDIR, "nginx", "ddd-hosts.conf.in")) as f:
            text = f.read()
        ups = "\n".join("        server %s:%d max_fails=1 fail_timeout=2s%s;" % (
            a, p, " down" if i in down else "")
            for i, (a, p) in enumerate(zip(self.addrs, self.ports)))
        for k, v in {"@UPSTREAMS@": ups, "@TRUSTED@": self.trusted,
                     "@DIR@": st.dir, "@PORT@": str(st.port)}.items():
            text = text.replace(k, v)
        for d in ("body", "fastcgi", "proxy", "uwsgi", "scgi"):
            os.makedirs(st.path("nginx-tmp", d), exist_ok=True)
        with open(st.path("nginx.conf"), "w") as f:
            f.write(text)

    def access_lines(self, i):
        return [l for l in self.st.log("worker-%d.log" % i).splitlines()
                if " event=access " in l]


def fcgi_get(addr, port, path, source=None, timeout=5, unix=None):
    """One FastCGI GET straight to a worker; the raw stdout, or b"" when
    the worker closed the connection without an answer."""
    def rec(t, content):
        return struct.pack("!BBHHBx", 1, t, 1, len(content), 0) + content

    def nv(k, v):
        k, v = k.encode(), v.encode()
        return bytes([len(k), len(v)]) + k + v
    params = b"".join(nv(k, v) for k, v in {
        "REQUEST_METHOD": "GET", "SCRIPT_NAME": "", "REQUEST_URI": path,
        "DOCUMENT_URI": path, "QUERY_STRING": "", "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": source or "127.0.0.1", "HTTP_HOST": "localhost"}.items())
    data = (rec(1, struct.pack("!HB5x", 1, 0)) + rec(4, params) + rec(4, b"") +
            rec(5, b""))
    s = socket.socket(socket.AF_UNIX if unix else socket.AF_INET)
    s.settimeout(timeout)
    if source:
        s.bind((source, 0))
    s.connect(unix or (addr, port))
    out = b""
    try:
        s.sendall(data)
        while True:
            c = s.recv(65536)
            if not c:
                break
            out += c
    except OSError:
        pass
    s.close()
    return out
