"""A render process that dies or runs past its time (fcgi/render_main.c):
killed mid-render, the user gets the clear 503 page and the next download
works (the supervisor started a new child); a render past its CPU budget
(RLIMIT_CPU) is ended by the kernel; a render stalled past pdf_timeout is
given up by the worker and killed by the supervisor; when the worker
goes, so do the render processes.  FOP is not configured here, so no
fallback hides the failures."""
import os, signal, sys, threading, time
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture, dossiers


def logged(line, timeout=5):
    """The worker's log once it holds line: the supervisor's lines about a
    child are written beside the worker's answer, and come after it under
    load."""
    end = time.monotonic() + timeout
    while line not in st.log("worker.log") and time.monotonic() < end:
        time.sleep(0.05)
    return st.log("worker.log")

st = fixture.start("render-crash", up=False)
st.up()
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")
c, t, did = dossiers.to_akkoord(st, fixture, "1001", "j.bakker@debrug.example")
# The questions of deel A with a free text answer.
LONG = ",".join("'%s'" % q for (q,) in st.sql(
    "SELECT question_id FROM answer WHERE dossier_id = %s AND question_id LIKE 'a\\_%%' "
    "AND LENGTH(value) > 20" % did))


def restart(**extra):
    st.stop_worker()
    conf = {"fop": "/nonexistent/fop", "render_processes": "1"}
    conf.update({k: str(v) for k, v in extra.items()})
    st.write_config(conf)
    st.start_worker()
    for _ in range(100):
        if st.render_pids()[1]:
            break
        time.sleep(0.05)


# Deel A with long answers: a render of seconds (the 'w' text, words longer
# than a line, is the slowest per byte).
def big(kind="p", n=150000):
    para = ("Dit is een lange zin over de loopbaan van de leerling, met wat woorden erbij. " * 12
            + "\\n") if kind == "p" else "Onderwijsloopbaanbegeleidingsgesprek" * 40 + " "
    st.sql("UPDATE answer SET value = REPEAT('%s', %d) WHERE dossier_id = %s AND question_id IN (%s)"
           % (para, n // len(para) + 1, did, LONG))


def small(word):
    st.sql("UPDATE answer SET value = '%s' WHERE dossier_id = %s AND question_id IN (%s)"
           % (word, did, LONG))


def cpu(pid):
    with open("/proc/%d/stat" % pid) as f:
        parts = f.read().rsplit(")", 1)[1].split()
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")


def get_async(path):
    box = {}

    def run():
        t0 = time.monotonic()
        box["r"] = c.get(path)
        box["took"] = time.monotonic() - t0
    th = threading.Thread(target=run)
    th.start()
    return th, box


def rendering(pid, timeout=20):
    """Wait until the child has spent a tenth of a second on a render."""
    start = cpu(pid)
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cpu(pid) - start >= 0.1:
            return True
        time.sleep(0.02)
    return False


PDF = "/dossiers/%s/deel-a.pdf" % did

# --- killed mid-render -------------------------------------------------------------
restart()
contains(st.log("worker.log"), "event=pdf_fallback available=no", "FOP not there: no fallback (logged)")
sup, kids = st.render_pids()
ok(sup and len(kids) == 1, "one render child", (sup, kids))
big()
th, box = get_async(PDF)
ok(rendering(kids[0]), "the child is rendering the long deel A")
os.kill(kids[0], signal.SIGKILL)
th.join(60)
r = box.get("r")
is_(r.status if r else None, 503, "killed mid-render: 503")
contains(r.text if r else "", "De PDF kon niet worden gemaakt", "the clear Dutch page")
contains(r.text if r else "", "Er is niets gewijzigd", "saying nothing changed")
log = logged("event=render_child_died slot=0 pid=%d signal=9" % kids[0])
contains(log, "event=render_child_died slot=0 pid=%d signal=9" % kids[0], "the supervisor logs the death")
contains(log, "reason=\"the render process ended the connection before its answer",
         "the worker logs why the render failed")
for _ in range(60):
    _, now = st.render_pids()
    if now and now != kids:
        break
    time.sleep(0.05)
ok(now and now != kids, "a new child took its place", (kids, now))
small("Weer kort")
r = c.get(PDF)
ok(r.status == 200 and r.body.startswith(b"%PDF-"), "the next download works", r.status)
ok(not st.sql("SELECT 1 FROM document WHERE dossier_id = %s AND LENGTH(pdf) > 300000" % did),
   "nothing stored of the killed render")

# --- past its CPU budget: RLIMIT_CPU ends it ---------------------------------------
restart(render_cpu_seconds=1)
contains(st.log("worker.log"), "cpu_seconds=1 ", "a CPU budget of one second per render")
sup, kids = st.render_pids()
big("w")
t0 = time.monotonic()
r = c.get(PDF)
took = time.monotonic() - t0
is_(r.status, 503, "a render past its CPU budget: 503")
ok(took < 25, "ended by the kernel, long before pdf_timeout (30 s)", "%.1f s" % took)
died = "event=render_child_died slot=0 pid=%d signal=%d" % (kids[0], signal.SIGXCPU)
contains(logged(died), died, "killed by SIGXCPU")
time.sleep(1.2)
small("Kort na de CPU-grens")
r = c.get(PDF)
ok(r.status == 200 and r.body.startswith(b"%PDF-"), "the next download works", r.status)

# --- stalled past pdf_timeout: the worker gives up, the supervisor kills -------------
restart(pdf_timeout=2)
sup, kids = st.render_pids()
big()
th, box = get_async(PDF)
ok(rendering(kids[0]), "the child is rendering")
os.kill(kids[0], signal.SIGSTOP)   # a stall its own clock cannot see
th.join(60)
r = box.get("r")
is_(r.status if r else None, 503, "a stalled render: 503")
ok(box.get("took", 99) < 8, "after pdf_timeout (2 s), not later", "%.1f s" % box.get("took", 99))
for _ in range(100):
    if "event=render_timeout" in st.log("worker.log"):
        break
    time.sleep(0.05)
contains(st.log("worker.log"), "event=render_timeout slot=0 pid=%d" % kids[0],
         "the supervisor killed the child past its time")
contains(logged("event=render_child_died slot=0 pid=%d signal=9" % kids[0]),
         "event=render_child_died slot=0 pid=%d signal=9" % kids[0], "and replaced it")
small("Kort na de stilstand")
r = c.get(PDF)
ok(r.status == 200 and r.body.startswith(b"%PDF-"), "the next download works", r.status)

# --- the worker goes: so do the render processes -----------------------------------
sup, kids = st.render_pids()
st.stop_worker(signal.SIGKILL)
gone = False
for _ in range(100):
    if not any(os.path.exists("/proc/%d" % p) for p in [sup] + kids):
        gone = True
        break
    time.sleep(0.05)
ok(gone, "worker killed (SIGKILL): the render processes end too")
done()
