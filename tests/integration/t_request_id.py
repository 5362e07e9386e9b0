"""Every answer carries a request id (X-Request-Id): nginx's $request_id,
which the worker takes from the REQUEST_ID parameter and puts on each of
its log lines and on its error pages; nginx logs what it refuses itself
(413, 429, 502) with the same id.  Every log line is key=value pairs that
a machine can split."""
import os, re, shlex, signal, sys, time
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client
import fixture

st = fixture.start("reqid", up=False)
os.makedirs(st.path("nginx-extra"), exist_ok=True)
# nginx's own record of the id it passed on, for one location.
with open(st.path("nginx-extra", "ids.conf"), "w") as f:
    f.write("location = /toegankelijkheid {\n"
            "    access_log %s ddd_refused;\n"
            "    fastcgi_pass ddd_worker;\n"
            "    include /etc/nginx/fastcgi_params;\n"
            "    fastcgi_param REQUEST_ID $request_id;\n"
            "}\n" % st.path("nginx-ids.log"))
st.up()
c = Client(st.port)
HEX32 = re.compile(r"[0-9a-f]{32}")


def worker_lines(rid):
    return [l for l in st.log("worker.log").splitlines() if l.endswith(" req=%s" % rid)]


# nginx's id is the worker's.
r = c.get("/toegankelijkheid")
rid = r.header("X-Request-Id") or ""
ok(HEX32.fullmatch(rid), "X-Request-Id: 32 hex digits", rid)
time.sleep(0.2)
contains(st.log("nginx-ids.log"), "req=%s\n" % rid, "the id nginx made and passed on")
lines = worker_lines(rid)
ok(any("event=access" in l and "path=/toegankelijkheid" in l for l in lines),
   "the worker's access line carries it", lines)

# An error page shows it, for the helpdesk.
r = c.get("/bestaat-niet")
rid = r.header("X-Request-Id") or ""
is_(r.status, 404, "a page that is not there: 404")
ok(HEX32.fullmatch(rid), "the error page's answer has an id")
contains(r.text, rid, "and the page shows it")
contains(r.text, "kenmerk", "named as the kenmerk for the helpdesk")
ok(worker_lines(rid), "the worker logged that request with the id")

# Every line of a request carries the id, not only the access line: a
# PDF render's line (here the lack of a dossier stops it earlier), a log-in.
fixture.import_demo(st)
u = Client(st.port)
fixture.set_password(st, "de-brug", "1001")
r = u.post("/login", {"school": "de-brug", "username": "1001", "password": fixture.PASSWORD,
                      "csrf": fixture.csrf(u.get("/login"))})
rid = r.header("X-Request-Id") or ""
lines = worker_lines(rid)
ok(any("event=login " in l for l in lines) and any("event=access" in l for l in lines),
   "the log-in and the access line of one request share its id", lines)

# nginx's own refusals: with the id in its log and in the answer.
big = "x" * (2 * 1024 * 1024)
r = c.request("POST", "/login", body=big.encode(),
              headers={"Content-Type": "application/x-www-form-urlencoded"})
is_(r.status, 413, "a body over client_max_body_size: nginx's 413")
rid = r.header("X-Request-Id") or ""
ok(HEX32.fullmatch(rid), "nginx's 413 carries an id")
time.sleep(0.2)
ref = st.log("nginx-refused.log")
ok(re.search(r"event=refused status=413 method=POST path=\"/login\" .* req=%s$" % rid, ref, re.M),
   "nginx logged its 413 with the id", ref[-1000:])

got429 = None
for i in range(200):
    r = Client(st.port).get("/ddd/bsn")
    if r.status == 429:
        got429 = r
        break
ok(got429 is not None, "the rate limit answers 429")
rid = got429.header("X-Request-Id") if got429 else ""
time.sleep(0.2)
ok(rid and re.search(r" status=429 .* req=%s$" % rid, st.log("nginx-refused.log"), re.M),
   "nginx logged its 429 with the id")
ok(not any(" status=200 " in l or " status=303 " in l for l in st.log("nginx-refused.log").splitlines()),
   "answers of the worker are not nginx's refusals")

st.stop_worker()
r = c.get("/login")
is_(r.status, 502, "no worker: nginx's 502")
rid = r.header("X-Request-Id") or ""
time.sleep(0.2)
ok(rid and re.search(r" status=502 .* req=%s$" % rid, st.log("nginx-refused.log"), re.M),
   "nginx logged its 502 with the id")
st.start_worker()

# A log line is key=value pairs: a value is a bare word or a quoted string
# with \" \\ \n \xHH escapes; nothing else.
PAIR = r'[a-z_][a-z0-9_]*=(?:"(?:[^"\\\x00-\x1f]|\\["\\nrt]|\\x[0-9a-f]{2})*"|[^\s"=\\]*)'
LINE = re.compile(r"ts=\S+ level=(debug|info|warn|error) event=[a-z_]+( %s)* prog=[a-z-]+"
                  r"( req=[0-9a-f]{16,64})?" % PAIR)
for name in ("worker.log", "nginx-refused.log"):
    bad = [l for l in st.log(name).splitlines() if l and not LINE.fullmatch(l)]
    ok(not bad, "%s: every line splits into key=value pairs" % name, "\n".join(bad[:5]))
# dddctl's lines are the same.
r = st.dddctl("tenant", "load", "/nonexistent.xml", check=False)
ok(all(LINE.fullmatch(l) for l in r.stderr.splitlines() if l.startswith("ts=")),
   "dddctl's log lines too", r.stderr)
done()
