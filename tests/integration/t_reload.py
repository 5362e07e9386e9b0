"""SIGHUP under load: the worker reads ddd.conf, the stylesheets and the
form definitions again, swaps them in between requests, and keeps the old
set when the new one does not load; wrk sees no error throughout."""
import os, re, shutil, signal, sys, time
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client
import fixture
from load import Wrk
from stack import SRCDIR

st = fixture.start("reload", threads=4, rate_limits=False)
# Copies the worker (as nobody) can read, that the test can change.
xdir, sdir = st.path("xslt"), st.path("schema")
shutil.copytree(os.path.join(SRCDIR, "xslt"), xdir)
shutil.copytree(os.path.join(SRCDIR, "schema"), sdir)
paths = {"xslt_dir": xdir, "schema_dir": sdir}
st.write_config(paths)
st.stop_worker()
st.start_worker()
pid = st.procs["worker"].pid
c = Client(st.port)
login_xsl = os.path.join(xdir, "login.xsl")
with open(login_xsl) as f:
    original = f.read()
form_xml = os.path.join(sdir, "forms", "deel-a.xml")
with open(form_xml) as f:
    form_original = f.read()


def write(path, text):
    # As an editor or a package upgrade would: a new file renamed over.
    with open(path + ".new", "w") as f:
        f.write(text)
    os.replace(path + ".new", path)


def marked(n):
    return original.replace("<h1>Inloggen</h1>", "<h1>Inloggen</h1><p>herladen %d</p>" % n)


def reloads(result):
    return len(re.findall(r"event=reload result=%s" % result, st.log("worker.log")))


def hup_and_wait(result, before):
    os.kill(pid, signal.SIGHUP)
    end = time.monotonic() + 20
    while time.monotonic() < end and reloads(result) <= before:
        time.sleep(0.05)
    return reloads(result) > before


is_(c.get("/login").status, 200, "serving before the reloads")
wrk = Wrk(st.url + "/login", 14)
time.sleep(1)

# 1. A changed stylesheet is in use after the reload.
write(login_xsl, marked(1))
ok(hup_and_wait("ok", 0), "reload 1 logged as ok")
contains(c.get("/login").text, "herladen 1", "the changed stylesheet answers")

# 2. A broken stylesheet: the reload fails, the loaded set stays.
write(login_xsl, marked(2).replace("<h1>Inloggen</h1>", "<h1>Inloggen</h1><broken", 1))
ok(hup_and_wait("failed", 0), "reload with a broken stylesheet logged as failed")
log = st.log("worker.log")
contains(log, "event=reload_error", "the reason is logged")
ok(any("login.xsl" in l for l in log.splitlines() if "event=reload_error" in l),
   "naming the file", log[-3000:])
r = c.get("/login")
ok(r.status == 200 and "herladen 1" in r.text, "the old stylesheets still answer")

# 3. Mended: the next reload takes it.
write(login_xsl, marked(3))
ok(hup_and_wait("ok", 1), "reload 3 ok")
contains(c.get("/login").text, "herladen 3", "the mended stylesheet answers")

# 4. A broken form definition: failed, nothing dropped.
write(form_xml, form_original.replace("<", "<<", 1))
ok(hup_and_wait("failed", 1), "reload with a broken form definition logged as failed")
is_(c.get("/login").status, 200, "still serving")
write(form_xml, form_original)

# 5. ddd.conf: a key a reload takes (metrics_allow), one it cannot
# (threads: logged as needing a restart).
is_(Client(st.port, source="127.0.0.2").get("/metrics").status, 404,
    "/metrics refused to 127.0.0.2 before")
st.write_config(dict(paths, metrics_allow="127.0.0.2", threads="6"))
ok(hup_and_wait("ok", 2), "reload of ddd.conf ok")
is_(Client(st.port, source="127.0.0.2").get("/metrics").status, 200,
    "metrics_allow taken without a restart")
contains(st.log("worker.log"), 'restart_needed="threads"', "a key only a restart takes is named")

# 6. Many reloads in a row under load.
for i in range(10):
    before = reloads("ok")
    ok_i = hup_and_wait("ok", before)
    if not ok_i:
        break
ok(ok_i, "ten more reloads in a row")

requests, bad, sock, out = wrk.result()
ok(requests > 500, "wrk made %d requests during the reloads" % requests, out)
is_(bad, 0, "no answer other than 2xx/3xx during the reloads")
is_(sock, 0, "no socket error during the reloads")
print("# reload under load: %d requests, %d non-2xx/3xx, %d socket errors"
      % (requests, bad, sock))
is_(st.procs["worker"].poll(), None, "the same worker process throughout")

m = c.get("/metrics").text
ok(re.search(r'^ddd_config_reloads_total\{result="ok"\} 13$', m, re.M), "13 good reloads counted",
   "\n".join(l for l in m.splitlines() if "reload" in l or "generation" in l))
ok(re.search(r'^ddd_config_reloads_total\{result="failed"\} 2$', m, re.M), "2 failed ones counted")
ok(re.search(r"^ddd_config_generation 14$", m, re.M), "generation 14")
contains(st.log("worker.log"), "seccomp=on", "with the seccomp filter on")
ok("event=seccomp_denied" not in st.log("worker.log"), "the filter allowed every reload")
done()
