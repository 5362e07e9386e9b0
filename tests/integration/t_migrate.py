"""dddctl migrate: idempotent, recorded, and a failing file leaves the
database as it was before that file."""
import os, shutil, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture
from stack import SRCDIR

st = fixture.start("migrate", up=False)
os.makedirs(st.dir, exist_ok=True)
st.write_config()
st.start_db()

r = st.dddctl("migrate")
contains(r.stdout, "applied 0001_tenant.sql", "first run applies")
versions = st.sql("SELECT version FROM schema_version ORDER BY version")
ok(len(versions) >= 1, "versions recorded", versions)
r = st.dddctl("migrate")
contains(r.stdout, "schema is current", "second run changes nothing")
is_(st.sql("SELECT version FROM schema_version ORDER BY version"), versions,
    "same versions after the second run")
engines = st.sql("SELECT DISTINCT engine FROM information_schema.tables "
                 "WHERE table_schema = 'ddd'")
is_(engines, [["InnoDB"]], "every table is InnoDB")
nopk = st.sql("SELECT t.table_name FROM information_schema.tables t WHERE "
              "t.table_schema = 'ddd' AND NOT EXISTS (SELECT 1 FROM "
              "information_schema.table_constraints c WHERE c.table_schema = "
              "'ddd' AND c.table_name = t.table_name AND c.constraint_type = "
              "'PRIMARY KEY')")
is_(nopk, [], "every table has a primary key")

# A schema folder with a failing migration after the real ones.
sdir = os.path.join(st.dir, "schema")
shutil.copytree(os.path.join(SRCDIR, "schema"), sdir)
latest = max(int(f[:4]) for f in os.listdir(os.path.join(sdir, "sql")))
bad = os.path.join(sdir, "sql", "%04d_bad.sql" % (latest + 1))
with open(bad, "w") as f:
    f.write("-- up\n"
            "CREATE TABLE t_one (id INT PRIMARY KEY) ENGINE=InnoDB;\n"
            "ALTER TABLE tenant ADD COLUMN extra INT NULL;\n"
            "CREATE TABLE t_two (id INT PRIMARY KEY, broken syntax here);\n"
            "-- down\n"
            "DROP TABLE t_one;\n"
            "ALTER TABLE tenant DROP COLUMN extra;\n"
            "DROP TABLE t_two;\n")
before = st.sql("SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = 'ddd' ORDER BY 1, 2")
st.write_config({"schema_dir": sdir})
r = st.dddctl("migrate", check=False)
ok(r.returncode != 0, "failing migration: exit status not 0")
contains(r.stderr, "statement 3 failed", "names the failing statement")
contains(r.stderr, "as it was before", "says the database is unchanged")
after = st.sql("SELECT table_name, column_name FROM information_schema.columns "
               "WHERE table_schema = 'ddd' ORDER BY 1, 2")
is_(after, before, "tables and columns exactly as before")
is_(st.sql("SELECT version FROM schema_version ORDER BY version"), versions,
    "version not recorded")

# A file whose up and down do not pair is refused before anything runs.
with open(bad, "w") as f:
    f.write("-- up\nCREATE TABLE t_one (id INT PRIMARY KEY);\n-- down\n")
r = st.dddctl("migrate", check=False)
ok(r.returncode != 0, "unpaired up/down refused")
contains(r.stderr, "each up needs the down", "explains why")
is_(st.sql("SHOW TABLES LIKE 't_one'"), [], "nothing created")

# Fixed, it applies; and the worker's check sees the new version.
with open(bad, "w") as f:
    f.write("-- up\nCREATE TABLE t_one (id INT PRIMARY KEY) ENGINE=InnoDB;\n"
            "-- down\nDROP TABLE t_one;\n")
r = st.dddctl("migrate", check=False)
is_(r.returncode, 0, "fixed migration applies")
is_(st.sql("SELECT MAX(version) FROM schema_version"), [[str(latest + 1)]],
    "new version recorded")

# A migration merged after a newer one was applied (its number in a gap
# below the newest): applied all the same, once.
used = {int(f[:4]) for f in os.listdir(os.path.join(sdir, "sql")) if f[:4].isdigit()}
gapv = min(v for v in range(2, latest) if v not in used)
with open(os.path.join(sdir, "sql", "%04d_gap.sql" % gapv), "w") as f:
    f.write("-- up\nCREATE TABLE t_gap (id INT PRIMARY KEY) ENGINE=InnoDB;\n"
            "-- down\nDROP TABLE t_gap;\n")
r = st.dddctl("migrate", check=False)
contains(r.stdout, "applied %04d_gap.sql" % gapv, "a file below the newest version, never applied: applied")
is_(st.sql("SHOW TABLES LIKE 't_gap'"), [["t_gap"]], "its table made")
r = st.dddctl("migrate", check=False)
contains(r.stdout, "schema is current", "and only once")
done()
