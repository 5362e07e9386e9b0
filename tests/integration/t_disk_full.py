"""The disk of the database full: every request ends in time with either
its normal answer or a clear Dutch error page (never a hang, never a broken
page); what was acknowledged stays; once space is free again all works and
the tables check clean.  The datadir lives on a small tmpfs of its own
(root only: mount)."""
import os, re, subprocess, sys, threading, time
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, bail
import fixture, dossiers

if os.getuid() != 0:
    print("1..0 # SKIP mounting a small file system for the datadir needs root")
    sys.exit(0)

st = fixture.start("diskfull", up=False)
mnt = st.path("small")
os.makedirs(mnt)
if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=160m", "tmpfs", mnt]).returncode != 0:
    print("1..0 # SKIP cannot mount a tmpfs here")
    sys.exit(0)


def unmount():
    st.down()
    subprocess.run(["umount", "-l", mnt])


import atexit
atexit.register(unmount)
st.datadir = os.path.join(mnt, "mariadb")
try:
    st.up()
except Exception as e:  # noqa: BLE001
    bail("stack did not start on the small disk: %s" % e)
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")
c = fixture.login(st, "de-brug", "1001")
t = fixture.csrf(c.get("/dossiers"))
r = c.post("/dossiers/nieuw", {"csrf": t})
did = re.search(r"/dossiers/(\d+)/", r.header("Location")).group(1)
step = dossiers.steps("deel-a")[0]

# Fill the disk up, leaving almost nothing.
filler = os.path.join(mnt, "filler")
with open(filler, "wb") as f:
    try:
        while True:
            f.write(b"\0" * (1 << 20))
            f.flush()
    except OSError:
        pass
try:
    with open(os.path.join(mnt, "filler2"), "wb") as f:
        while True:
            f.write(b"\0" * 4096)
            f.flush()
except OSError:
    pass
free = os.statvfs(mnt)
ok(free.f_bavail * free.f_frsize < 64 * 1024, "the database's disk is full",
   free.f_bavail * free.f_frsize)

# Files of 1 MB (the loopbaandossier) until the database cannot grow:
# each request must end in time with a normal answer or a clear page.
steps = dossiers.steps("deel-a")
NR = [x.get("id") for x in steps].index("loopbaanorientatie") + 1
BOUNDARY = "----dddDiskFull"


def upload(i):
    fields = dict(dossiers.step_data(steps[NR - 1], t), a_loopbaandossier="ja")
    body = b""
    for k, v in fields.items():
        for one in (v.split("\n") if k == "a_keuze_hoe" else [v]):
            body += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                     % (BOUNDARY, k, one)).encode()
    data = b"%PDF-1.4\n" + os.urandom(1024 * 1024) + b"\n%%EOF\n"
    body += ("--%s\r\nContent-Disposition: form-data; name=\"a_loopbaandossier_bestand\"; "
             "filename=\"lob-%d.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
             % (BOUNDARY, i)).encode() + data + ("\r\n--%s--\r\n" % BOUNDARY).encode()
    return c.request("POST", "/dossiers/%s/stap/%d" % (did, NR), body=body,
                     headers={"Content-Type": "multipart/form-data; boundary=" + BOUNDARY})


acked = []
answers = {}
statuses = []
slow = []
for i in range(40):
    t0 = time.monotonic()
    try:
        r = upload(i)
        status, text = r.status, r.text
    except Exception as e:  # noqa: BLE001
        status, text = 0, str(e)
    took = time.monotonic() - t0
    statuses.append(status)
    if took > 15:
        slow.append((i, took))
    if status == 303:
        acked.append("lob-%d.pdf" % i)
    elif status >= 500:
        answers[status] = text
ok(not slow, "no request hangs (each under 15 s)", slow)
ok(all(x in (303, 503, 500) for x in statuses), "each upload: stored, or a clear error",
   sorted(set(statuses)))
errors = [s for s in statuses if s != 303]
print("# %d uploads acknowledged, %d refused while full" % (len(acked), len(errors)))
ok(len(errors) > 0, "the full disk was felt: some uploads refused", sorted(set(statuses)))
if acked:
    is_(st.sql("SELECT filename FROM bijlage WHERE dossier_id = %s" % did)[0][0], acked[-1],
        "the last acknowledged upload is the one stored")
for status, text in answers.items():
    ok("Er is niets" in text or "niets gewijzigd" in text or "niets verloren" in text,
       "the %d page says nothing was changed or lost" % status)
    contains(text, '<html lang="nl">', "a whole Dutch page (%d)" % status)

# Space again: everything works, and nothing is broken.
os.unlink(filler)
os.unlink(os.path.join(mnt, "filler2"))
time.sleep(1)
# MariaDB 10.11 may stop itself when it cannot even roll back for lack of
# space ('[FATAL] InnoDB: Error (Out of disk space) in rollback'); then it
# is started again as a service manager would, and InnoDB recovers.
if st.procs["mariadb"].poll() is not None:
    print("# mariadbd stopped itself on the full disk; started again")
    st.procs.pop("mariadb", None)
    st.start_db()
data = dossiers.step_data(step, t)
data["a_woonplaats"] = "Na de schijf"
r = None
for _ in range(10):
    r = c.post("/dossiers/%s/stap/1" % did, data)
    if r.status == 303:
        break
    time.sleep(1)
is_(r.status, 303, "with space again, a save works")
is_(st.sql("SELECT value FROM answer WHERE dossier_id = %s AND question_id = 'a_woonplaats'"
           % did)[0][0], "Na de schijf", "and is stored")
checks = st.sql("CHECK TABLE dossier, answer, dossier_event, outbox, account")
ok(all(row[-1] == "OK" for row in checks if row[2] == "status"), "every table checks clean",
   checks)
bad = [line for line in open(st.path("mariadb.log"), errors="replace")
       if "corrupt" in line.lower()]
is_(bad, [], "MariaDB reports no corruption")
done()
