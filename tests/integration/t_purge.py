"""Retention: `dddctl purge` deletes a school's dossiers its
<retention-months> after the akkoord (or after the last change of one never
finished) with everything hanging off them, old mails, and students left
without dossiers; keeps counts without persons; is idempotent."""
import os, re, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture, dossiers
from stack import SRCDIR

st = fixture.start("purge")
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")


def count(sql):
    return int(st.sql(sql)[0][0])


old_done = dossiers.afgerond(st, fixture, "1001", "j.bakker@debrug.example")[2]
new_done = dossiers.afgerond(st, fixture, "1002", "j.bakker@debrug.example")[2]
c = fixture.login(st, "de-brug", "1003")
t = fixture.csrf(c.get("/dossiers"))
r = c.post("/dossiers/nieuw", {"csrf": t})
stale = re.search(r"/dossiers/(\d+)/", r.header("Location")).group(1)
c = fixture.login(st, "de-brug", "1004")
t = fixture.csrf(c.get("/dossiers"))
r = c.post("/dossiers/nieuw", {"csrf": t})
fresh = re.search(r"/dossiers/(\d+)/", r.header("Location")).group(1)

# Time passes: 25 months since the first akkoord; 30 months of silence
# on the stale deel A; the first students' accounts are as old.
st.sql("UPDATE akkoordverklaring SET agreed_at = NOW() - INTERVAL 25 MONTH WHERE dossier_id = "
       + old_done)
st.sql("UPDATE dossier SET updated_at = NOW() - INTERVAL 30 MONTH WHERE id = " + stale)
st.sql("UPDATE dossier_event SET at = NOW() - INTERVAL 30 MONTH WHERE dossier_id = " + stale)
st.sql("UPDATE account SET created_at = NOW() - INTERVAL 30 MONTH WHERE login IN "
       "('1001', '1003', '1005') AND role = 'leerling'")
st.sql("UPDATE outbox SET created_at = NOW() - INTERVAL 25 MONTH, status = 'sent' "
       "WHERE account_id = (SELECT student_id FROM dossier WHERE id = %s)" % old_done)
old_mails = count("SELECT COUNT(*) FROM outbox WHERE created_at < NOW() - INTERVAL 24 MONTH")
ok(old_mails > 0, "old mails to purge", old_mails)
ok(count("SELECT COUNT(*) FROM document WHERE dossier_id = " + old_done) == 1 and
   count("SELECT COUNT(*) FROM answer WHERE dossier_id = " + old_done) > 0,
   "the old dossier has its PDF and answers")
students_before = count("SELECT COUNT(*) FROM account WHERE role = 'leerling'")

r = st.dddctl("purge")
contains(r.stdout, "purge: 2 dossiers, %d mails, 3 student accounts deleted" % old_mails,
         "two dossiers, the old mails and three students (1001, 1003 and 1005 without a dossier)")
left = [x[0] for x in st.sql("SELECT id FROM dossier ORDER BY id")]
is_(left, sorted([new_done, fresh], key=int), "the recent ones stay")
for table in ("answer", "dossier_event", "akkoordverklaring", "document", "access_log", "notice",
              "bijlage", "reminder"):
    is_(count("SELECT COUNT(*) FROM %s WHERE dossier_id IN (%s, %s)" % (table, old_done, stale)), 0,
        "%s of the purged dossiers: gone" % table)
is_(count("SELECT COUNT(*) FROM account WHERE role = 'leerling'"), students_before - 3,
    "three student accounts gone")
is_(count("SELECT COUNT(*) FROM account WHERE login = '1002'"), 1, "a student with a dossier stays")
rows = st.sql("SELECT phase, mbo_status IS NULL, days_to_received IS NULL, created_month "
              "FROM purged_dossier ORDER BY phase")
is_([r[0] for r in rows], ["afgerond", "deel_a"], "counts kept: one row per purged dossier")
cols = [r[0] for r in st.sql("SELECT column_name FROM information_schema.columns WHERE "
                             "table_schema = 'ddd' AND table_name = 'purged_dossier'")]
ok(not any(x in cols for x in ("dossier_id", "student_id", "account_id")),
   "with nothing that points to a person", cols)

r = st.dddctl("purge")
contains(r.stdout, "purge: 0 dossiers, 0 mails, 0 student accounts deleted", "idempotent")
is_(count("SELECT COUNT(*) FROM purged_dossier"), 2, "no counts twice")

# A school that keeps dossiers longer: 36 months.
with open(os.path.join(SRCDIR, "tenants", "de-brug.xml")) as f:
    text = f.read()
path = st.path("de-brug.xml")
with open(path, "w") as f:
    f.write(text.replace("<participating-mbos>", "<retention-months>36</retention-months>\n  <participating-mbos>"))
st.dddctl("tenant", "load", path)
st.sql("UPDATE akkoordverklaring SET agreed_at = NOW() - INTERVAL 30 MONTH WHERE dossier_id = "
       + new_done)
r = st.dddctl("purge")
contains(r.stdout, "purge: 0 dossiers", "30 months after the akkoord, at 36: kept")
st.sql("UPDATE akkoordverklaring SET agreed_at = NOW() - INTERVAL 37 MONTH WHERE dossier_id = "
       + new_done)
r = st.dddctl("purge")
contains(r.stdout, "purge: 1 dossiers", "after 37: gone")
with open(path, "w") as f:
    f.write(text.replace("<participating-mbos>", "<retention-months>0</retention-months>\n  <participating-mbos>"))
r = st.dddctl("tenant", "load", path, check=False)
ok(r.returncode != 0 and "retention-months '0' must be a whole number from 1 to 120" in r.stderr,
   "a retention of 0 months is refused", r.stderr.strip())
done()
