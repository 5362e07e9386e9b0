"""The access matrix (tests/access-matrix.txt) against the real stack:
every route of the worker's table, every method, every role, no session."""
import os, subprocess, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, done, Client
import fixture
from stack import SRCDIR, BUILDDIR

# The columns are the worker's roles (ddd-worker -R, fcgi/role.c), the
# public one as "anon"; a new role fails here until the matrix has it.
ROLES = ["anon" if line.split()[0] == "public" else line.split()[0] for line in
         subprocess.run([os.path.join(BUILDDIR, "ddd-worker"), "-R"], stdout=subprocess.PIPE,
                        text=True, check=True).stdout.splitlines()]
USERS = {"leerling": ("de-brug", "1001"), "mentor": ("de-brug", "j.bakker@debrug.example"),
         "decaan": ("de-brug", "m.vandenberg@debrug.example"),
         "mbo": ("roc-rijnland", "a.kuipers@rocrijnland.example")}

rows = []
header = None
with open(os.path.join(SRCDIR, "tests", "access-matrix.txt")) as f:
    for line in f:
        if line.startswith("# path"):
            header = line.split()[3:]
        if line.strip() and not line.startswith("#"):
            parts = line.split()
            rows.append((parts[0], parts[1], dict(zip(ROLES, parts[2:]))))

# The table must cover exactly the worker's routes and methods.
out = subprocess.run([os.path.join(BUILDDIR, "ddd-worker"), "-r"], stdout=subprocess.PIPE,
                     text=True, check=True).stdout
routes = set()
for line in out.splitlines():
    path, _, methods, _ = line.split()
    for m in methods.split(","):
        routes.add((path, m))
is_(header, ROLES, "the matrix has a column for each role of the worker, in its order")
covered = {(p, m) for p, m, _ in rows}
is_(sorted(routes - covered), [], "every route and method has a row")
is_(sorted(covered - routes), [], "every row is a route the worker has")
ok(all(len(c) == len(ROLES) for _, _, c in rows), "every row has a cell per role")

st = fixture.start("matrix")
fixture.import_demo(st)
clients = {"anon": Client(st.port)}
for role, (school, user) in USERS.items():
    clients[role] = fixture.login(st, school, user)

# Cross-tenant reads: the same roles at the other school (and the other
# college) see every page they may open without a trace of De Brug or ROC
# Rijnland, and the De Brug users see nothing of Het Noorderlicht.
OTHER = {"leerling": ("het-noorderlicht", "2001"),
         "mentor": ("het-noorderlicht", "b.visser@noorderlicht.example"),
         "decaan": ("het-noorderlicht", "a.yilmaz@noorderlicht.example"),
         "mbo": ("techniek-college-oost", "h.mulder@tcoost.example")}
# The names of the MBO colleges are not a tenant's private data: every
# school's dashboard lists them (and the log-in page does); their staff are.
BRUG_MARKS = ["De Brug", "Joost Bakker", "de Vries", "Yasmina", "Marieke", "Kuipers"]
NOORD_MARKS = ["Noorderlicht", "Finn", "Visser", "Ahmed Yilmaz", "Mulder"]
others = {role: fixture.login(st, school, user) for role, (school, user) in OTHER.items()}
for path, method, cells in rows:
    if method != "GET" or path in ("/login", "/activeren", "/healthz", "/activeren/wachtwoord"):
        continue
    for role in USERS:
        if cells[role] != "200":
            continue
        text = others[role].get(path.replace("#", "1")).text
        leaks = [m for m in BRUG_MARKS if m in text]
        is_(leaks, [], "%s as %s of the other school: nothing of De Brug/Rijnland" % (path, role))
        text = clients[role].get(path.replace("#", "1")).text
        leaks = [m for m in NOORD_MARKS if m in text]
        is_(leaks, [], "%s as %s of De Brug/Rijnland: nothing of the other tenants" % (path, role))

# Log-out last: it ends the session the other rows need.
for path, method, cells in sorted(rows, key=lambda r: r[0] == "/uitloggen"):
    for role in ROLES:
        c = clients[role]
        url = path.replace("#", "1")
        if method == "GET":
            r = c.get(url)
        elif method == "PUT":   # the API's only (fcgi/api.h)
            r = c.request("PUT", url, body=b"{}", headers={"Content-Type": "application/json"})
        else:
            token = fixture.csrf(c.get("/activeren"))
            r = c.post(url, {"csrf": token})
        want = cells[role]
        if want == "login":
            got = "login" if r.status == 303 and r.header("Location") == "/login" else str(r.status)
        else:
            got = str(r.status)
        is_(got, want, "%s %s as %s" % (method, path, role))
done()
