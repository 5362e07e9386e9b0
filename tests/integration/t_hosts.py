"""Worker hosts behind one nginx (issue 16): the worker listens on TCP as
well as its unix socket, on one address and only for the web servers named;
nginx spreads requests over two workers and takes the client's address
from a trusted load balancer only, which the log-in throttle counts by."""
import os, re, subprocess, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client
import fixture
from stack import SRCDIR, BUILDDIR, free_port
from hosts import Hosts, fcgi_get

st = fixture.start("hosts", up=False)
st.write_config()
st.start_db()
st.dddctl("migrate")
st.dddctl("tenant", "load")
fixture.import_demo(st)
h = Hosts(st, n=2, trusted="127.0.0.9")


def check(extra):
    """ddd-worker -n with these keys: (exit code, what it said)."""
    r = subprocess.run([os.path.join(BUILDDIR, "ddd-worker"), "-n", "-f", h.config(0, extra)],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return r.returncode, r.stdout


# --- the configuration: one address, and who may connect -------------------
rc, out = check({"listen_tcp": "0.0.0.0:9000"})
ok(rc != 0 and "not 0.0.0.0" in out, "listen_tcp on every address is refused", out)
rc, out = check({"listen_tcp": ":9000"})
ok(rc != 0 and "one IPv4 address" in out, "listen_tcp without an address is refused", out)
rc, out = check({"listen_tcp_allow": ""})
ok(rc != 0 and "needs 'listen_tcp_allow'" in out, "listen_tcp without the web servers that may "
   "connect is refused", out)
rc, out = check({"listen_tcp_allow": "127.0.0.1, 10.0.0.1"})
ok(rc != 0 and "IPv4 addresses separated by commas" in out, "a malformed allow list is refused",
   out)
rc, out = check({"listen_tcp": "127.0.0.2:70000"})
ok(rc != 0 and "port" in out, "a port out of range is refused", out)
rc, out = check({})
is_(rc, 0, "listen_tcp on one address with its web servers: accepted")

# --- two workers, each on its unix socket and its TCP address ----------------
h.start(0)
h.start(1)
for i in range(2):
    r = fcgi_get(h.addrs[i], h.ports[i], "/healthz")
    contains(r.decode("latin-1"), "Status: 200", "worker %d answers FastCGI on %s:%d from an "
             "allowed address" % (i, h.addrs[i], h.ports[i]))
    r = fcgi_get(h.addrs[i], h.ports[i], "/healthz", source="127.0.0.5")
    is_(r, b"", "worker %d closes a connection from an address not allowed, unanswered" % i)
r = fcgi_get(None, None, "/healthz", unix=os.path.join(st.rundir, "worker-0.sock"))
contains(r.decode("latin-1"), "Status: 200", "and on its unix socket as before")
start_line = [l for l in st.log("worker-0.log").splitlines() if " event=start " in l]
ok(start_line and "tcp=%s:%d" % (h.addrs[0], h.ports[0]) in start_line[-1],
   "the start line names the TCP address", start_line)

h.start_nginx()
c = Client(st.port)
got = [c.get("/login").status for _ in range(20)]
is_(got, [200] * 20, "20 pages through nginx")
served = [len([l for l in h.access_lines(i) if "path=/login" in l]) for i in range(2)]
ok(all(n > 0 for n in served) and sum(served) == 20, "both workers served them", served)


# --- the client's address: from the trusted balancer only -------------------
def addr_of(r):
    """The address the worker logged for the request answered with r."""
    req = r.header("X-Request-Id")
    lines = [l for i in range(2) for l in h.access_lines(i) if " req=%s" % req in l]
    m = re.search(r" addr=(\S+)", lines[0]) if len(lines) == 1 else None
    return m.group(1) if m else None


lb = Client(st.port, source="127.0.0.9")
r = lb.get("/healthz", headers={"X-Forwarded-For": "203.0.113.7"})
is_(addr_of(r), "203.0.113.7", "through the balancer: the client's address")
r = lb.get("/healthz", headers={"X-Forwarded-For": "1.2.3.4, 203.0.113.8"})
is_(addr_of(r), "203.0.113.8", "an address the client put in X-Forwarded-For "
    "itself is not taken (the balancer's right-most one is)")
other = Client(st.port, source="127.0.0.5")
r = other.get("/healthz", headers={"X-Forwarded-For": "203.0.113.9"})
is_(addr_of(r), "127.0.0.5", "from anyone else X-Forwarded-For is ignored")


def attempt(client, user, xff, i):
    client.cookies.clear()
    hdr = {"X-Forwarded-For": xff} if xff else {}
    t = fixture.csrf(client.get("/login", headers=hdr))
    return client.post("/login", {"school": "de-brug", "username": user,
                                  "password": "fout-wachtwoord-%d" % i, "csrf": t},
                       headers=hdr).status


# The log-in throttle stops an address after 20 failures (any names).
names = ["1002", "1003", "99901", "99902"]
got = [attempt(lb, names[i % 4], "203.0.113.20", i) for i in range(20)]
is_(got, [422] * 20, "20 wrong passwords from one client behind the balancer")
is_(attempt(lb, "1004", "203.0.113.20", 99), 429, "the 21st from that client: stopped")
is_(attempt(lb, "1004", "203.0.113.21", 99), 422, "another client behind the same balancer "
    "is not: the throttle counts per client, not per balancer")
scopes = [r[0] for r in st.sql("SELECT scope FROM login_throttle WHERE scope LIKE 'addr:%'")]
ok("addr:203.0.113.20" in scopes and "addr:127.0.0.9" not in scopes,
   "counted under the client's address, never the balancer's", scopes)
got = [attempt(other, names[i % 4], "203.0.113.30", i) for i in range(3)]
scopes = [r[0] for r in st.sql("SELECT scope FROM login_throttle WHERE scope LIKE 'addr:%'")]
ok("addr:127.0.0.5" in scopes and "addr:203.0.113.30" not in scopes,
   "an untrusted sender's X-Forwarded-For does not move its count elsewhere", scopes)

# --- the production template says the same --------------------------------
with open(os.path.join(SRCDIR, "nginx", "ddd-production.conf")) as f:
    prod = f.read()
ups = re.search(r"upstream ddd_worker \{(.*?)\}", prod, re.S)
ok(ups and len(re.findall(r"^\s*server ", ups.group(1), re.M)) >= 2,
   "production: several upstream servers")
ok("fastcgi_next_upstream error timeout;" in prod and
   not re.search(r"^\s*fastcgi_next_upstream [^;]*non_idempotent", prod, re.M),
   "production: the next worker only for what is safe to repeat")
ok(re.search(r"^\s*set_real_ip_from ", prod, re.M) and "real_ip_header X-Forwarded-For;" in prod
   and "real_ip_recursive on;" in prod, "production: the client's address from the balancer")
if os.getuid() == 0:
    # nginx -t on the template, with a certificate of the test's own.
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=ddd.example.nl", "-keyout", st.path("key.pem"), "-out",
                    st.path("cert.pem")], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    text = re.sub(r"/etc/ssl/ddd/[a-z-]*privkey\.pem", st.path("key.pem"), prod)
    text = re.sub(r"/etc/ssl/ddd/[a-z-]*fullchain\.pem", st.path("cert.pem"), text)
    text = text.replace("/run/nginx.pid", st.path("prod.pid"))
    with open(st.path("production.conf"), "w") as f:
        f.write(text)
    r = subprocess.run(["nginx", "-t", "-q", "-c", st.path("production.conf"), "-p", st.dir],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    is_((r.returncode, r.stdout.strip()), (0, ""), "production: nginx -t takes the template")
else:
    ok(True, "# SKIP nginx -t on the production template needs root (CI runs it)")
done()
