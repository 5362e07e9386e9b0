"""`dddctl remind` and `dddctl purge` started on every host at once: a lock of
the database lets one do the work; the others say so and exit 0.  Checked
with the lock held by someone else (nothing done, exit 0), and with three of
each started at the same moment (reminders queued once, purge counts once)."""
import os, subprocess, sys, time
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture
from stack import BUILDDIR

DOSSIERS = 400
OLD_MAILS = 400

st = fixture.start("jobs-once")
fixture.import_demo(st)
brug = st.sql("SELECT id FROM tenant WHERE slug = 'de-brug'")[0][0]
sem = st.sql("SELECT id FROM account WHERE tenant_id = %s AND login = '1001'" % brug)[0][0]
# Many dossiers in deel A (De Brug's deadline for it: 2027-03-01), so that a
# reminder run takes a while; and old sent mails for the purge.
st.sql("INSERT INTO dossier (tenant_id, student_id, phase, created_by) "
       "SELECT %s, %s, 'deel_a', %s FROM seq_1_to_%d" % (brug, sem, sem, DOSSIERS))
st.sql("INSERT INTO outbox (tenant_id, kind, to_addr, subject, body_xml, status, created_at) "
       "SELECT %s, 'herinnering', CONCAT('oud', seq, '@leerling.example'), 'Oud', '<mail/>', "
       "'sent', NOW() - INTERVAL 25 MONTH FROM seq_1_to_%d" % (brug, OLD_MAILS))


def start(*args):
    env = dict(os.environ, DDD_TODAY="2027-02-25")
    return subprocess.Popen([os.path.join(BUILDDIR, "dddctl"), "-f", st.config] + list(args),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def finish(p):
    out, err = p.communicate(timeout=300)
    return p.returncode, out, err


def holder(job):
    """Another host's job: a connection that holds the job's lock."""
    p = subprocess.Popen(["mariadb", "--no-defaults", "--socket=" + st.dbsock, "-uroot", "-N", "-n",
                          "ddd"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    p.stdin.write("SELECT GET_LOCK(CONCAT('ddd.', DATABASE(), '.%s'), 0);\n" % job)
    p.stdin.flush()
    ok(p.stdout.readline().strip() == "1", "another connection holds the %s lock" % job)
    return p


def outbox(kind):
    return int(st.sql("SELECT COUNT(*) FROM outbox WHERE kind = '%s' AND status = 'queued'"
                      % kind)[0][0])


# --- the lock held elsewhere: nothing done, and that is no error -------------
h = holder("remind")
rc, out, err = finish(start("remind"))
is_(rc, 0, "remind while another host runs it: exit 0")
contains(out, "remind: another host runs it now; nothing done here", "remind says so")
is_(outbox("herinnering"), 0, "and queues nothing")
h.stdin.close()
h.wait()

h = holder("purge")
rc, out, err = finish(start("purge"))
is_(rc, 0, "purge while another host runs it: exit 0")
contains(out, "purge: another host runs it now; nothing done here", "purge says so")
is_(st.sql("SELECT COUNT(*) FROM outbox WHERE status = 'sent'")[0][0], str(OLD_MAILS),
    "and deletes nothing")
h.stdin.close()
h.wait()

# --- three hosts at the same moment ------------------------------------------
t0 = time.monotonic()
runs = [finish(p) for p in [start("remind") for _ in range(3)]]
took = time.monotonic() - t0
is_([r[0] for r in runs], [0, 0, 0], "three reminder runs at once: each exits 0")
counts = [int(r[1].split("remind: ")[1].split()[0]) for r in runs
          if "reminders queued" in r[1]]
skipped = sum("another host runs it now" in r[1] for r in runs)
is_(sum(counts), DOSSIERS, "the queued counts add up to one reminder per dossier")
is_(len([c for c in counts if c > 0]), 1, "one of them did the work")
is_(outbox("herinnering"), DOSSIERS, "%d reminders in the outbox, each once" % DOSSIERS)
is_(st.sql("SELECT COUNT(*) FROM reminder")[0][0], str(DOSSIERS), "each recorded once")
print("# remind x3: %d skipped by the lock, %.1f s" % (skipped, took), flush=True)

runs = [finish(p) for p in [start("purge") for _ in range(3)]]
is_([r[0] for r in runs], [0, 0, 0], "three purges at once: each exits 0")
mails = [int(r[1].split("dossiers, ")[1].split()[0]) for r in runs if "mails," in r[1]]
is_(sum(mails), OLD_MAILS, "the purged mails are counted once over the three")
is_(st.sql("SELECT COUNT(*) FROM outbox WHERE status = 'sent'")[0][0], "0",
    "the old mails are gone")
print("# purge x3: %d skipped by the lock" % sum("another host" in r[1] for r in runs),
      flush=True)
ok(all("event=db_" not in r[2] for r in runs), "no database errors in their logs")
done()
