"""Every statement's plan (issue 15: a page's cost is what it shows).

On a seeded set of some tens of schools (bench/seed: 30 schools, 6
colleges, 12,000 students of whom 1,500 at de-brug, dossiers with every
answer, history, mails, access log, final documents), each entry of the
statement table (fcgi/db.c, read through the C preprocessor so the macros
are expanded) is run as the worker runs it, with ANALYZE: PREPARE
'ANALYZE FORMAT=JSON <sql>', EXECUTE USING real parameters of de-brug (a
mentor of two classes, the first of them, a student of it with an
afgerond dossier, that dossier and its college, a family name to search
for), inside a transaction that is rolled back.  ANALYZE is EXPLAIN with
the rows each table gave counted: EXPLAIN's estimate ignores a LIMIT, so
a page of 100 read in index order would look like the whole school.

A statement is checked in each of its variants: the switches of its
filters ("? = ''", "? = 0", "? IS NULL" with the parameters after them in
the same parentheses) all off, and each one on alone.  What a variant may
read:
  - a large table (one that grows with the students: account, dossier,
    answer, dossier_event, outbox, access_log, document, mentor_class)
    in full: never;
  - a table looked up for each row of another: at most PER_LOOP rows
    each time;
  - any other read, when a person, dossier, class, token or login is
    among the variant's parameters (a switch's only when it is on; a
    search or a year group narrows nothing an index serves, so it does
    not count): at most PAGE rows;
  - else, when it is bounded by a school (or college): at most that
    school's rows of the table, and a page (LIMIT ? OFFSET ?) without a
    search at most PAGE rows.
So a catch-all "(? = 0 OR d.mentor_id = ? OR ...)" that reads the school
for a mentor fails in its 'on' variant.  DDD_PLANS_SOURCE=DIR checks the
db.c (and db.h) in DIR instead of the tree's, to see an old table fail.
"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, done  # noqa: E402
import fixture  # noqa: E402
from stack import SRCDIR  # noqa: E402
from importlib.machinery import SourceFileLoader  # noqa: E402

# The tables that grow with the instance's students (and classes).
LARGE = {"account", "dossier", "answer", "dossier_event", "outbox", "access_log", "document",
         "mentor_class"}
# The operator's figures count rows over every tenant by design (/metrics,
# dddctl status: mails and notices by status): they may read a whole index,
# never the table itself (access "index", not "ALL"), and no page of a
# school runs them.
INSTANCE_COUNTS = {"STMT_METRICS_OUTBOX_STATUS", "STMT_METRICS_NOTICE_STATUS"}
# Statements with a person among their parameters that also read what
# the school wrote about that person, by design, and so are bounded by the
# school's rows: the erasure's counts include the staff's mails that name
# the student (a LIKE on the school's outbox, as STMT_PRIVACY_STAFF_MAILS).
SCHOOL_BY_DESIGN = {"STMT_PRIVACY_ERASE_COUNTS"}
PAGE = 200      # a page (100 rows) and what it joins
PER_LOOP = 100  # a lookup per row of another table: its rows each time
SOURCE = os.environ.get("DDD_PLANS_SOURCE") or os.path.join(SRCDIR, "fcgi")
KEYWORDS = {"WHERE", "JOIN", "ON", "LEFT", "INNER", "STRAIGHT_JOIN", "SET", "ORDER", "GROUP",
            "LIMIT", "USING", "VALUES", "SELECT", "UNION", "AND", "FOR", "AS", "HAVING", "USE",
            "FORCE", "IGNORE", "LOCK", "WINDOW", "RETURNING"}


def statements():
    """(name, sql) of every entry of stmts[] in db.c, macros expanded."""
    inc = subprocess.run(["mariadb_config", "--include"], stdout=subprocess.PIPE, text=True,
                         check=True).stdout.split()
    # db.c's own headers may pull in libxml2's (metrics.h).
    inc += subprocess.run(["pkg-config", "--cflags", "libxml-2.0"], stdout=subprocess.PIPE,
                          text=True, check=True).stdout.split()
    pre = subprocess.run(["cc", "-E", "-P"] + inc + ["-I" + SOURCE, "-I" + os.path.join(
                         SRCDIR, "fcgi"), os.path.join(SOURCE, "db.c")], stdout=subprocess.PIPE,
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
# The biggest school's real people: a mentor of two classes, the first of
# them, a student of it with an afgerond dossier, that dossier's college.
tenant = one("SELECT id FROM tenant WHERE slug = 'de-brug'")
mentor, klas = st.sql(
    "SELECT mc.account_id, MIN(mc.klas) FROM mentor_class mc WHERE mc.tenant_id = %s GROUP BY "
    "mc.account_id HAVING COUNT(*) = 2 ORDER BY mc.account_id LIMIT 1" % tenant)[0]
student, dossier, mbo, achternaam, login = st.sql(
    "SELECT s.id, d.id, d.mbo_tenant_id, s.achternaam, s.login FROM account s JOIN dossier d ON "
    "d.student_id = s.id AND d.tenant_id = s.tenant_id WHERE s.tenant_id = %s AND s.klas = '%s' "
    "AND d.phase = 'afgerond' AND d.archived = 0 ORDER BY s.id LIMIT 1" % (tenant, klas))[0]
slug, brin = st.sql("SELECT slug, brin FROM tenant WHERE id = %s" % tenant)[0]
# A search as typed: the family name without its number ('Visser'), which
# finds a sixth of the school.
search = "'%%%s%%'" % achternaam.split(" ")[0].lower()
ZEROS = "UNHEX(REPEAT('00', 32))"
ok(mentor and klas and student and dossier and mbo,
   "real parameters: mentor %s of %s and another class, student %s, dossier %s, college %s"
   % (mentor, klas, student, dossier, mbo))

# The column a '?' is compared with (the text before it) -> (kind, value).
# Scope kinds bound a statement by a school; point kinds by a person,
# dossier, class, token or name; 'search' narrows nothing.
KINDS = [
    (r"\bmbo_tenant_id\s*=\s*$", "scope", mbo),
    (r"\bm\.id\s*=\s*$", "scope", mbo),          # tenant m: the college (dossier_get_mbo)
    (r"\b(tenant_id|school_tenant_id|t\.id)\s*(=|<>)\s*$", "scope", tenant),
    (r"\bFROM tenant WHERE id\s*=\s*$", "scope", tenant),
    (r"\b(mentor_id|created_by|actor_id|mc\.account_id)\s*=\s*$", "point", mentor),
    (r"\b(student_id|account_id|s\.id|a\.id|me\.id)\s*=\s*$", "point", student),
    (r"\bFROM account WHERE id\s*=\s*$|\bUPDATE account SET .* WHERE id\s*=\s*$", "point",
     student),
    (r"\b(dossier_id|d\.id)\s*=\s*$", "point", dossier),
    (r"\b(FROM|UPDATE) dossier (WHERE|SET .* WHERE) id\s*=\s*$", "point", dossier),
    (r"\bWHERE (\w+\.)?id\s*=\s*$", "point", 1),   # a mail, notice, document, bijlage
    (r"\bklas\s*=\s*$", "point", "'%s'" % klas),
    (r"\bLIKE\s*$", "wide", search),
    (r"\b(token_hash|key_sha256|bsn_lookup|source_sha256)\s*=\s*$", "point", ZEROS),
    (r"\bscope\s*=\s*$", "point", "'addr:127.0.0.1'"),
    (r"\blogin\s*=\s*$", "point", "'%s'" % login),
    (r"\bslug\s*=\s*$", "point", "'%s'" % slug),
    (r"\bbrin\s*=\s*$", "point", "'%s'" % brin),
    (r"MASTER_GTID_WAIT\(\s*$", "const", "'0-1-1'"),   # a GTID is a string
    (r"NULLIF\(\s*$", "const", "'Inloggen via Entree'"),  # a text or ''
    (r"\bLIMIT\s*$", "limit", 101),
    (r"\bOFFSET\s*$", "offset", 0),
    (r"\bINTERVAL\s*$", "const", 1),
    (r"\b(phase|kind)\s*=\s*$", "const", "'deel_a'"),
    (r"\bCURDATE\(\)\s*>\s*$", "const", "'2027-03-01'"),
    (r"\b(leerjaar)\s*=\s*$", "wide", 4),
]


def kind_of(before):
    tail = before[-90:]
    for pat, kind, v in KINDS:
        if re.search(pat, tail, re.I):
            return kind, v
    return "const", 1


def params(sql):
    """Per '?': [kind, on-value, switch-off value or None, group] where a
    switch's group holds the indexes of the parameters it switches."""
    # Every '?' outside a string literal (a REGEXP may hold one).
    parts = re.split(r"\?(?=(?:[^']*'[^']*')*[^']*$)", sql)
    out = []
    for i in range(len(parts) - 1):
        before, after = "?".join(parts[:i + 1]), parts[i + 1]
        m = re.match(r"\s*(=\s*''|=\s*0\b|IS NULL)", after)
        if m:
            off = {"'": "''", "0": 0, "I": "NULL"}[m.group(1).lstrip("= ")[0]]
            out.append(["switch", None, off, []])
        else:
            kind, v = kind_of(before)
            out.append([kind, v, None, []])
    # A switch covers the parameters after it up to the parenthesis that
    # closes its group; its on-value is the first of them.
    pos = [len("?".join(parts[:i + 1])) for i in range(len(parts) - 1)]
    for i, p in enumerate(out):
        if p[0] != "switch":
            continue
        depth, j = 0, pos[i]
        while j < len(sql):
            if sql[j] == "(":
                depth += 1
            elif sql[j] == ")":
                if depth == 0:
                    break
                depth -= 1
            j += 1
        p[3] = [k for k in range(i + 1, len(out)) if pos[k] < j]
        p[1] = out[p[3][0]][1] if p[3] else 1
        if isinstance(p[1], str) and p[1].startswith("UNHEX"):
            p[1] = 1
    return out


def variants(ps):
    """(label, values, active kinds, search on) per variant: every switch
    off, then each switch on alone."""
    sw = [i for i, p in enumerate(ps) if p[0] == "switch"]
    inside = {k for i in sw for k in ps[i][3]}
    out = []
    for on in [None] + sw:
        vals, kinds, searching = [], set(), False
        for i, p in enumerate(ps):
            if p[0] == "switch":
                vals.append(p[1] if i == on else p[2])
                continue
            vals.append(p[1])
            if i in inside and (on is None or i not in ps[on][3]):
                continue    # a filter that is switched off
            kinds.add(p[0])
            searching |= p[0] == "wide"
        label = "switches off" if on is None else "switch %d on" % (sw.index(on) + 1)
        out.append((label, vals, kinds, searching))
    return out


def aliases(sql):
    """alias -> table for every FROM/JOIN/UPDATE/INTO of the statement."""
    out = {}
    for m in re.finditer(r"\b(?:FROM|JOIN|UPDATE|INTO)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?", sql,
                         re.I):
        t, a = m.group(1), m.group(2)
        if t.upper() in KEYWORDS:
            continue
        out.setdefault(t, set()).add(t)
        if a and a.upper() not in KEYWORDS:
            out.setdefault(a, set()).add(t)
    return out


def reads(node):
    """(alias, access type, times read, rows each time) of every table the
    plan read."""
    if isinstance(node, dict):
        t = node.get("table")
        if isinstance(t, dict) and "table_name" in t:
            yield (t["table_name"], t.get("access_type", ""), t.get("r_loops", 1) or 0,
                   float(t.get("r_rows") or 0))
        for v in node.values():
            yield from reads(v)
    elif isinstance(node, list):
        for v in node:
            yield from reads(v)


def school_rows():
    """table -> the biggest school's rows (tables with a tenant_id)."""
    out = {}
    for t in ("account", "dossier", "answer", "dossier_event", "outbox", "access_log",
              "document", "mentor_class", "akkoordverklaring", "session", "form_once",
              "bijlage", "reminder_sent", "activation", "notice"):
        try:
            out[t] = int(one("SELECT COUNT(*) FROM %s WHERE tenant_id = %s" % (t, tenant)))
        except Exception:   # noqa: BLE001 (a table without tenant_id)
            pass
    return out


def analyze(sql, vals):
    # Rolled back; a DELETE of a person who still has rows elsewhere (the
    # erasure deletes those first) must not stop at a foreign key.
    script = "SET FOREIGN_KEY_CHECKS = 0;\nSTART TRANSACTION;\n"
    for i, v in enumerate(vals):
        script += "SET @p%d = %s;\n" % (i, v)
    use = (" USING " + ", ".join("@p%d" % i for i in range(len(vals)))) if vals else ""
    script += "PREPARE s FROM %s;\n" % ("'" + ("ANALYZE FORMAT=JSON " + sql).replace(
        "\\", "\\\\").replace("'", "\\'") + "'")
    script += "EXECUTE s%s;\n" % use
    if re.match(r"\s*SELECT\b", sql, re.I):
        script += "SELECT '--rows--';\n"
        script += "PREPARE r FROM %s;\n" % ("'" + sql.replace("\\", "\\\\").replace(
            "'", "\\'") + "'")
        script += "EXECUTE r%s;\n" % use
    script += "ROLLBACK;\n"
    r = subprocess.run(["mariadb", "--no-defaults", "--socket=" + st.dbsock, "-uroot", "-B",
                        "-r", "-N", "ddd"], input=script, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        return None, None, r.stderr.strip()[:300]
    text, _, rest = r.stdout.partition("--rows--\n")
    nrows = len(rest.splitlines()) if rest or "--rows--" in r.stdout else None
    # MariaDB writes conditions into the JSON as they are ('\\'' and all).
    text = re.sub(r'\\(?!["\\/bfnrtu])', r'\\\\', text)
    return json.loads(text, strict=False), nrows, ""


SCHOOL = school_rows()
# Statements whose parameters must find rows here, or the check above
# them says little: the pages of a mentor, a class, the college.
REAL = {"STMT_MY_STUDENTS_MENTOR", "STMT_MY_CLASSES_MENTOR", "STMT_DASH_FIGURES_MENTOR",
        "STMT_MY_STUDENTS", "STMT_MBO_DOSSIERS", "STMT_DASH_TALLY",
        "STMT_DOSSIER_GET", "STMT_ANSWERS_GET", "STMT_EVENTS_LIST"}

stmts = statements()
enum = re.findall(r"^\tSTMT_(?!_MAX)(\w+),", open(os.path.join(SOURCE, "db.h")).read(), re.M)
is_(len(stmts), len(enum), "every statement of enum stmt is read from the table (%d)" % len(enum))
checked = 0
for name, sql in stmts:
    if re.match(r"\s*INSERT\b", sql, re.I) and not re.search(r"\bSELECT\b", sql, re.I):
        continue
    ps = params(sql)
    names = aliases(sql)
    paged = re.search(r"\bLIMIT\s+\?\s+OFFSET\s+\?", sql, re.I) is not None
    for label, vals, kinds, searching in variants(ps):
        plan, nrows, err = analyze(sql, vals)
        if plan is None:
            ok(False, "%s (%s): ANALYZE runs (%s)" % (name, label, err))
            continue
        if "point" in kinds and name not in SCHOOL_BY_DESIGN:
            bound, why = (lambda t: PAGE), "a person's: %d rows" % PAGE
        elif "scope" in kinds and paged and not searching:
            bound, why = (lambda t: PAGE), "a page: %d rows" % PAGE
        elif "scope" in kinds:
            bound = (lambda t: max(PAGE, int(SCHOOL.get(t, 0) * 1.1)))
            why = "the school's rows"
        else:
            bound, why = (lambda t: PAGE), "no school: %d rows" % PAGE
        bad = []
        for alias, access, loops, each in reads(plan):
            tables = names.get(alias, {alias})
            what = "%s (%s, %s)" % (alias, "/".join(sorted(tables)), access)
            if name in INSTANCE_COUNTS:
                if access != "index":
                    bad.append("%s: an instance count must read an index only" % what)
                continue
            if tables & LARGE and access == "ALL":
                bad.append("%s read in full" % what)
            elif loops > 1 and each > PER_LOOP:
                bad.append("%s: %d rows for each of %d rows" % (what, each, loops))
            elif loops <= 1 and each > min(bound(t) for t in tables):
                bad.append("%s: %d rows read" % (what, each))
        if name in REAL and label in ("switches off", "switch 1 on") and nrows == 0:
            bad.append("no rows: the parameters find nothing")
        ok(not bad, "%s (%s): bounded by %s%s" % (name, label, why,
                                                  ("; " + "; ".join(bad)) if bad else ""))
    checked += 1
ok(checked > 100, "%d statements analysed" % checked)
done()
