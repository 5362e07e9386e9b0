"""The verwerkingsregister (docs/privacy.md, issue 20): every table and
column of the migrated schema is in schema/privacy-register.tsv with what
it holds, and every table with why, how long and who sees it; the section
'Gegevens per tabel' of docs/privacy.md is what tests/lib/register.py
makes of that file.  A column or table added to the schema without a line
there fails this test (shown here on a scratch column and table)."""
import os, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture, register

tables, columns, problems = register.load()
is_(problems, [], "schema/privacy-register.tsv reads")
ok(all(d["purpose"] and d["retention"] and d["who"] for d in tables.values()),
   "every table says why, how long and who sees it")
ok(all(what for _, what in columns.values()), "every column says what it holds")
now, _ = register.section()
ok(now is not None, "docs/privacy.md has the generated section")
is_(now, register.render(tables, columns),
    "docs/privacy.md is what the register makes (python3 tests/lib/register.py --write)")

st = fixture.start("privacy-register", up=False)
os.makedirs(st.dir, exist_ok=True)
st.write_config()
st.start_db()
st.dddctl("migrate")


def schema():
    return [tuple(r) for r in st.sql("SELECT table_name, column_name FROM information_schema.columns "
                                     "WHERE table_schema = 'ddd' ORDER BY 1, ordinal_position")]


now = schema()
ok(len(now) > 150, "the migrated schema (%d columns)" % len(now))
is_(register.check(tables, columns, now), [], "every table and column of the schema is in the "
    "register, and nothing else")
personal = [c for c, (k, _) in columns.items() if k != "geen"]
for c in ("account.roepnaam", "account.bsn_sealed", "answer.value", "audit_log.addr",
          "access_log.pseudonym", "outbox.to_addr", "akkoordverklaring.ouder_naam"):
    ok(c in personal, "%s is listed as personal data" % c)

# A new column, and a new table, without a line in the register.
st.sql("ALTER TABLE account ADD COLUMN telefoon VARCHAR(20) NULL")
st.sql("CREATE TABLE notitie (id INT PRIMARY KEY, tekst TEXT) ENGINE=InnoDB")
got = register.check(tables, columns, schema())
is_(got, ["account.telefoon: in the schema, not in the register",
          "notitie.id: in the schema, not in the register",
          "notitie.tekst: in the schema, not in the register",
          "notitie: a table of the schema without its description"],
    "a column or table added without a line in the register fails")
st.sql("ALTER TABLE account DROP COLUMN telefoon")
st.sql("DROP TABLE notitie")
st.sql("ALTER TABLE tenant DROP COLUMN config_version")
is_(register.check(tables, columns, schema()),
    ["tenant.config_version: in the register, not in the schema"],
    "and a line for a column that is gone fails too")
done()
