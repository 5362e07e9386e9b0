"""Result columns by name (fcgi/db.h, DB_COL).

1. `dddctl db check` on a database with every migration applied: each
   statement of the table prepares, and the result columns the server
   reports are the names the table declares (lower-case, unique, an alias
   for every expression); db_connect runs the same check, so a worker,
   mailer or dddctl with a wrong name does not start talking at all.
2. The sources: every DB_COL / DB_COL_LEN / db_full_name reads a name that
   the statement which filled that result has. The statement is found the
   way a reader finds it: the db_run (or a call that passes a STMT_ and
   the result) before the read in the same function; a file-local function
   that fills the result (link_account, by_brin); for a helper that is
   given the result, the calls to it in the same file; else the statements
   the function itself names (fill_stored: r->stmt == STMT_DOCUMENT_FINAL),
   and none is a failure.  Nothing reads cells by number (DB_CELL,
   ->cell[, .len[) outside fcgi/db.c.
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done  # noqa: E402
import fixture  # noqa: E402
from stack import SRCDIR, BUILDDIR  # noqa: E402

FCGI = os.path.join(SRCDIR, "fcgi")

# --- the table as the program has it ----------------------------------
out = subprocess.run([os.path.join(BUILDDIR, "dddctl"), "db", "columns"],
                     stdout=subprocess.PIPE, text=True, check=True).stdout
cols = {}
for line in out.splitlines():
    name, _, rest = line.partition(":")
    cols["STMT_" + name.upper()] = rest.split()
enum = re.findall(r"^\tSTMT_(?!_MAX)(\w+),", open(os.path.join(FCGI, "db.h")).read(), re.M)
is_(sorted(cols), sorted("STMT_" + e for e in enum),
    "dddctl db columns lists every statement of enum stmt by its name")


# --- C functions of a file --------------------------------------------
FUNC = re.compile(r"^(\w+)\(((?:[^()]|\([^()]*\))*)\)\s*\n\{\n(.*?)^\}", re.M | re.S)


def params(arglist):
    out = []
    for a in arglist.split(","):
        m = re.search(r"(\w+)\s*(?:\[[^\]]*\])?\s*$", a.strip())
        out.append(m.group(1) if m else "")
    return out


def split_args(s):
    """Top-level comma-separated arguments of a call's text."""
    args, depth, cur = [], 0, ""
    for ch in s:
        if ch == "," and depth == 0:
            args.append(cur.strip())
            cur = ""
            continue
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        cur += ch
    args.append(cur.strip())
    return args


def calls(text):
    """(name, [args]) of every call in a statement's text."""
    for m in re.finditer(r"\b(\w+)\(", text):
        depth, i = 1, m.end()
        while i < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            i += 1
        yield m.group(1), split_args(text[m.end():i - 1])


def norm(expr):
    expr = expr.replace(" ", "")
    m = re.match(r"^\w+\?(.+):NULL$", expr)   # valid ? &res : NULL
    return m.group(1) if m else expr


class Source:
    def __init__(self, path):
        self.path = os.path.basename(path)
        self.text = open(path).read()
        self.funcs = {}
        for m in FUNC.finditer(self.text):
            self.funcs[m.group(1)] = (params(m.group(2)), m.group(3))

    def fills(self, fname, param, depth=0):
        """Statements a file-local function runs into its parameter."""
        ps, body = self.funcs[fname]
        return self.filled_by(body, len(body), param, depth + 1)

    def filled_by(self, body, pos, expr, depth=0):
        """The statements of the last call before pos that fills expr:
        one that passes a STMT_ and expr, or a local function that fills
        the parameter expr is given to."""
        if depth > 4:
            return None
        for stmt in reversed(body[:pos].split(";")):
            for name, args in calls(stmt):
                if norm(expr) not in [norm(a) for a in args]:
                    continue
                found = re.findall(r"\bSTMT_\w+", ",".join(args))
                if found and name != "DB_COL" and name != "DB_COL_LEN":
                    return set(found)
                if name in self.funcs and name not in ("db_full_name",):
                    k = [norm(a) for a in args].index(norm(expr))
                    ps = self.funcs[name][0]
                    if k < len(ps):
                        got = self.fills(name, ps[k], depth)
                        if got:
                            return got
        return None

    def resolve(self, fname, pos, expr, depth=0):
        """The statements whose result expr is at pos in function fname."""
        if depth > 4:
            return None
        ps, body = self.funcs[fname]
        got = self.filled_by(body, pos, expr)
        if got:
            return got
        bare = norm(expr).lstrip("&")
        if bare in ps:      # a helper given the result: ask its callers
            k = ps.index(bare)
            found = set()
            for caller, (_, cbody) in self.funcs.items():
                for m in re.finditer(r"\b%s\(" % re.escape(fname), cbody):
                    for name, args in calls(cbody[m.start():]):
                        if name == fname and k < len(args):
                            r = self.resolve(caller, m.start(), args[k], depth + 1)
                            if r:
                                found |= r
                        break
            return found or None
        return None


READ = re.compile(r"\b(DB_COL|DB_COL_LEN)\(\s*([^,]+?),\s*[^,]+?,\s*\"([^\"]*)\"\s*\)")
FULL = re.compile(r"\bdb_full_name\(([^;]*?),\s*([^,;]+?),\s*([^,;]+?),\s*\"([a-z_]*)\"\s*\)", re.S)

reads = 0
unresolved = set()
problems = []
for f in sorted(os.listdir(FCGI)):
    if not f.endswith(".c") or f in ("db.c", "db_result.c"):
        continue
    src = Source(os.path.join(FCGI, f))
    for m in re.finditer(r"\bDB_CELL\b|->cell\[|\.cell\[|\.len\[|->len\[|\bdb_col(?:_len)?\(", src.text):
        line = src.text.count("\n", 0, m.start()) + 1
        problems.append("%s:%d: reads a result without DB_COL: %s" % (f, line, m.group(0)))
    uses = [(m.start(), m.group(2), [m.group(3)]) for m in READ.finditer(src.text)]
    uses += [(m.start(), m.group(2), [m.group(4) + p for p in
             ("roepnaam", "tussenvoegsel", "achternaam")])
             for m in FULL.finditer(src.text)]
    for pos, expr, names in uses:
        line = src.text.count("\n", 0, pos) + 1
        fname = None
        for name, (_, body) in src.funcs.items():
            start = src.text.find(body)
            if start <= pos < start + len(body):
                fname, rel = name, pos - start
        if fname is None:
            problems.append("%s:%d: a read outside a function" % (f, line))
            continue
        stmts = src.resolve(fname, rel, expr)
        if not stmts:
            # A local alias of a result (r = &s->res in fill_stored): the
            # statements the function itself names (r->stmt == STMT_...).
            stmts = set(re.findall(r"\bSTMT_\w+", src.funcs[fname][1]))
            if not stmts:
                problems.append("%s:%d: cannot tell which statement filled "
                                "%s in %s()" % (f, line, expr, fname))
                continue
            unresolved.add("%s()" % fname)
        for n in names:
            reads += 1
            if not any(n in cols.get(s, []) for s in stmts):
                problems.append("%s:%d: %s has no column \"%s\" (%s)" % (
                    f, line, "/".join(sorted(stmts)), n,
                    "; ".join("%s: %s" % (s, " ".join(cols.get(s, [])))
                              for s in sorted(stmts))))
ok(reads > 250, "the scan found the reads by name (%d)" % reads)
is_(problems, [], "every name read exists in its statement, and nothing "
    "reads a cell by number")
print("# read through the statements their function names: %s" %
      (", ".join(sorted(unresolved)) or "none"))

# --- against a real database ------------------------------------------
st = fixture.start("db-columns", up=False)
os.makedirs(st.dir, exist_ok=True)
st.write_config()
st.start_db()
st.dddctl("migrate")
r = st.dddctl("db", "check", check=False)
is_(r.returncode, 0, "dddctl db check passes on a migrated database")
contains(r.stdout, "%d statements prepared" % len(cols),
         "every statement prepared, its columns as declared")
ok("level=error" not in r.stderr, "and logged no error", r.stderr)

# A statement that does not prepare (a column gone) fails the check and
# names the statement; the database is put back after.
st.sql("ALTER TABLE tenant CHANGE brin brin_x CHAR(6) NOT NULL")
r = st.dddctl("db", "check", check=False)
ok(r.returncode != 0, "db check fails when a statement does not prepare")
contains(r.stderr, "event=db_prepare stmt=mbo_by_slug", "and names it")
st.sql("ALTER TABLE tenant CHANGE brin_x brin CHAR(6) NOT NULL")
is_(st.dddctl("db", "check", check=False).returncode, 0,
    "passes again once the column is back")
done()
