"""Every statement's plan (issue 15: a page's cost is what it shows).

On a seeded set of some tens of schools (bench/seed: 30 schools, 6
colleges, 12,000 students, ~9,600 dossiers with every answer, history,
mails, access log, final documents), each entry of the statement table
(fcgi/db.c, read through the C preprocessor so the macros are expanded)
is EXPLAINed as the worker runs it: PREPARE 'EXPLAIN <sql>', EXECUTE
USING representative parameters (chosen by the column each '?' is
compared with: a tenant, a mentor, a student, a dossier, a class, '' for
the "? = ''" switches, 101 and 0 for LIMIT and OFFSET).  It fails when a
statement reads one of the large tables (account, dossier, answer,
dossier_event, outbox, access_log, document) in full (type ALL, or a full
index scan), or when a step's row estimate is far beyond what a page
shows (MAX_ROWS: a few times the largest school's dossiers).  A new
statement is in the table, so it is checked too.  INSERT ... VALUES reads
nothing and is left out.
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, done  # noqa: E402
import fixture  # noqa: E402
from stack import SRCDIR  # noqa: E402
from importlib.machinery import SourceFileLoader  # noqa: E402

LARGE = {"account", "dossier", "answer", "dossier_event", "outbox", "access_log", "document"}
MAX_ROWS = 3000     # the largest seeded school has 1,500 students, 1,200 dossiers
# The operator's figures count rows over every tenant by design (/metrics,
# dddctl status: mails and notices by status): they may read a whole index,
# never the table itself (type index with "Using index": the status index,
# not the rows), and no page of a school runs them.
INSTANCE_COUNTS = {"STMT_METRICS_OUTBOX_STATUS", "STMT_METRICS_NOTICE_STATUS"}


def statements():
    """(name, sql) of every entry of stmts[] in fcgi/db.c, macros expanded."""
    inc = subprocess.run(["mariadb_config", "--include"], stdout=subprocess.PIPE, text=True,
                         check=True).stdout.split()
    # db.c's own headers may pull in libxml2's (metrics.h).
    inc += subprocess.run(["pkg-config", "--cflags", "libxml-2.0"], stdout=subprocess.PIPE,
                          text=True, check=True).stdout.split()
    pre = subprocess.run(["cc", "-E", "-P"] + inc + ["-I" + os.path.join(SRCDIR, "fcgi"),
                         os.path.join(SRCDIR, "fcgi", "db.c")], stdout=subprocess.PIPE,
                         text=True, check=True).stdout
    table = pre[pre.index("stmts[STMT__MAX] ="):]
    out = []
    for m in re.finditer(r'\[(STMT_\w+)\]\s*=\s*\{\s*"(\w+)"\s*,\s*((?:"(?:[^"\\]|\\.)*"\s*)+),',
                         table):
        sql = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(3)))
        out.append((m.group(1), sql.replace('\\"', '"').replace("\\\\", "\\")))
    return out


st = fixture.start("plans")
fixture.import_demo(st)
# A stand-in PDF: the plans do not read its bytes.
pdf = st.path("seed.pdf")
with open(pdf, "wb") as f:
    f.write(b"%PDF-1.4\n% seed\n%%EOF\n")
seed = SourceFileLoader("seed", os.path.join(SRCDIR, "bench", "seed")).load_module()
seed.Seeder(st.sql, log=lambda m: None).seed(schools=30, colleges=6, students=12000,
                                             big=1500, bigs=1, pdfs=[pdf])
st.sql("ANALYZE TABLE account, dossier, answer, dossier_event, outbox, access_log, document, "
       "mentor_class, akkoordverklaring, participation, tenant PERSISTENT FOR ALL")

one = lambda q: st.sql(q)[0][0]  # noqa: E731
tenant = one("SELECT id FROM tenant WHERE slug = 'de-brug'")
mbo = one("SELECT id FROM tenant WHERE slug = 'roc-rijnland'")
mentor = one("SELECT a.id FROM account a JOIN mentor_class mc ON mc.account_id = a.id WHERE "
             "a.tenant_id = %s GROUP BY a.id HAVING COUNT(*) = 2 ORDER BY a.id LIMIT 1" % tenant)
student, dossier = st.sql("SELECT student_id, id FROM dossier WHERE tenant_id = %s AND "
                          "phase = 'afgerond' ORDER BY id LIMIT 1" % tenant)[0]
VALUES = [  # the column a '?' is compared with (the text before it) -> value
    (r"tenant_id\s*(=|<>)\s*$|school_tenant_id\s*=\s*$|t\.id\s*=\s*$|m\.id\s*=\s*$", tenant),
    (r"mbo_tenant_id\s*=\s*$", mbo),
    (r"(mentor_id|created_by|actor_id|mc\.account_id)\s*=\s*$", mentor),
    (r"(student_id|account_id|s\.id|a\.id)\s*=\s*$", student),
    (r"(dossier_id|d\.id|\bid)\s*=\s*$", dossier),
    (r"klas\s*=\s*$", "'4K1'"),
    (r"LIKE\s*$", "'%a%'"),
    (r"(LIMIT|OFFSET|INTERVAL)\s*$", None),
    (r"(slug)\s*=\s*$", "'de-brug'"),
    (r"(phase|kind)\s*=\s*$", "'deel_a'"),
    (r"login\s*=\s*$", "'L1'"),
    (r"brin\s*=\s*$", "'12AB'"),
    (r"(version|leerjaar)\s*=\s*$", 1),
    (r"MASTER_GTID_WAIT\(\s*$", "'0-1-1'"),    # a GTID is a string
]


def value(before, after):
    if re.match(r"\s*=\s*''", after):       # the "? = ''" switch: off
        return "''"
    if re.match(r"\s*=\s*0\b", after):
        return 0
    if re.match(r"\s*IS NULL", after):
        return "NULL"
    for pat, v in VALUES:
        m = re.search(pat, before[-60:], re.I)
        if m:
            if v is None:
                return {"LIMIT": 101, "OFFSET": 0}.get(m.group(1).upper(), 1)
            return v
    if re.search(r"CURDATE\(\)\s*>\s*$", before):
        return "'2027-03-01'"
    if re.search(r"\(\s*$|,\s*$", before) and "VALUES" in before.upper()[-400:]:
        return 1
    return 1


stmts = statements()
enum = re.findall(r"^\tSTMT_(?!_MAX)(\w+),", open(os.path.join(SRCDIR, "fcgi", "db.h")).read(),
                  re.M)
is_(len(stmts), len(enum), "every statement of enum stmt is read from the table (%d)" % len(enum))
checked = 0
for name, sql in stmts:
    if re.match(r"\s*INSERT\b", sql, re.I) and not re.search(r"\bSELECT\b", sql, re.I):
        continue
    # The placeholders: every '?' outside a string literal (a REGEXP may
    # hold one).
    parts = re.split(r"\?(?=(?:[^']*'[^']*')*[^']*$)", sql)
    vals = []
    for i in range(len(parts) - 1):
        vals.append(value("?".join(parts[:i + 1]), parts[i + 1]))
    script = "SET @dummy = 0;\n"
    for i, v in enumerate(vals):
        script += "SET @p%d = %s;\n" % (i, v)
    script += "PREPARE s FROM %s;\n" % ("'" + ("EXPLAIN " + sql).replace("\\", "\\\\")
                                          .replace("'", "\\'") + "'")
    script += "EXECUTE s%s;\n" % (" USING " + ", ".join("@p%d" % i for i in range(len(vals)))
                                  if vals else "")
    r = subprocess.run(["mariadb", "--no-defaults", "--socket=" + st.dbsock, "-uroot", "-B",
                        "ddd"], input=script, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    if r.returncode != 0:
        ok(False, "%s: EXPLAIN runs (%s)" % (name, r.stderr.strip()[:300]))
        continue
    lines = [ln.split("\t") for ln in r.stdout.splitlines() if ln]
    head = lines[0]
    bad = []
    for row in lines[1:]:
        x = dict(zip(head, row))
        table = x.get("table", "")
        rows = int(x["rows"]) if x.get("rows", "NULL").isdigit() else 0
        if name in INSTANCE_COUNTS:
            if x.get("type") != "index" or "Using index" not in x.get("Extra", ""):
                bad.append("%s: an instance count must read an index only (type %s, %s)"
                           % (table, x.get("type"), x.get("Extra", "")))
        elif table in LARGE and x.get("type") in ("ALL", "index"):
            bad.append("%s read in full (type %s, %d rows)" % (table, x.get("type"), rows))
        elif rows > MAX_ROWS:
            bad.append("%s: %d rows estimated" % (table, rows))
    checked += 1
    ok(not bad, "%s: no full read of a large table, no estimate past %d rows%s"
       % (name, MAX_ROWS, ("; " + "; ".join(bad)) if bad else ""))
ok(checked > 100, "%d statements explained" % checked)
done()
