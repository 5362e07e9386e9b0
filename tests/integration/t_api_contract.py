"""The API's published contracts (docs/api.md): the OpenAPI 3.1 document
(schema/openapi.json) is a well-formed 3.1 document as far as the standard
library can tell (tests/lib/openapi.py, Contract.structure: the version,
info, every $ref resolving, path templates and their parameters, unique
operationIds, responses with descriptions and media types, security
requirements naming declared schemes and scopes, schemas using only the
JSON Schema keywords the answer check applies), and its operations are
exactly the API routes the worker has (ddd-worker -r).  The export's schema
is kept as RELAX NG and as the XSD trang makes of it, and the XSD in the
tree is trang's output for the RELAX NG in the tree.  All three are served
as kept, with ETags.  The checks of every answer against the document are
in t_api.py."""
import hashlib, json, os, re, subprocess, sys, tempfile
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client
import fixture
from openapi import Contract
from stack import SRCDIR, BUILDDIR

SCHEMA = os.path.join(SRCDIR, "schema")
contract = Contract.load(os.path.join(SCHEMA, "openapi.json"))
problems = contract.structure()
ok(not problems, "schema/openapi.json is a well-formed OpenAPI 3.1 document", "\n".join(problems))
is_(contract.doc["openapi"], "3.1.0", "OpenAPI 3.1.0")

# The check itself finds what it should (else the line above proves little).
broken = Contract(json.loads(json.dumps(contract.doc)))
broken.doc["openapi"] = "3.0.3"
broken.doc["paths"]["/dossiers/{id}"]["get"]["responses"]["200"]["content"]["application/json"][
    "schema"] = {"$ref": "#/components/schemas/Nergens"}
broken.doc["paths"]["/dossiers/{id}/status"]["put"]["security"] = [{"clientCredentials": ["alles"]}]
broken.doc["components"]["schemas"]["Status"]["properties"]["op"]["if"] = {}
del broken.doc["paths"]["/dossiers/{id}.xml"]["get"]["parameters"][0]
found = "\n".join(broken.structure())
for what in ("not 3.1.x", "does not resolve", "scope 'alles' not declared", "keyword 'if'",
             "{id} has no path parameter"):
    contains(found, what, "the structural check finds: " + what)

# The operations are the worker's API routes, no more and no fewer.
routes = set()
for line in subprocess.run([os.path.join(BUILDDIR, "ddd-worker"), "-r"], stdout=subprocess.PIPE,
                           text=True, check=True).stdout.splitlines():
    path, _, methods, who = line.split()
    if who.startswith("api:"):
        for m in methods.split(","):
            routes.add((m, path))
documented = set()
base = contract.doc["servers"][0]["url"]
for tmpl, item in contract.doc["paths"].items():
    for m in ("get", "put", "post", "delete", "patch"):
        if m in item:
            documented.add((m.upper(), base + re.sub(r"\{[^}]+\}", "#", tmpl)))
is_(sorted(documented), sorted(routes), "the document's operations are the worker's API routes")
# Who may call: the open routes are the ones without security.
for line in subprocess.run([os.path.join(BUILDDIR, "ddd-worker"), "-r"], stdout=subprocess.PIPE,
                           text=True, check=True).stdout.splitlines():
    path, _, methods, who = line.split()
    if not who.startswith("api:"):
        continue
    tmpl = re.sub(r"#", "{id}", path[len(base):], count=1).replace("#", "{bijlage}")
    op = contract.doc["paths"][tmpl][methods.split(",")[0].lower()]
    sec = op.get("security", contract.doc["security"])
    scopes = sorted({s for req in sec for s in req.get("clientCredentials", [])})
    want = {"api:open": [], "api:client": [], "api:dossiers:read": ["dossiers:read"],
            "api:status:write": ["status:write"]}[who]
    is_(scopes, want, "%s: the document asks the scope the worker does (%s)" % (path, who))
    if who == "api:open":
        is_(sec, [], "%s: open in the document too" % path)

# The XSD is trang's, from the RELAX NG in the tree.
tmp = tempfile.mkdtemp()
r = subprocess.run(["trang", "-I", "rng", "-O", "xsd", os.path.join(SCHEMA, "dossier-export.rng"),
                    os.path.join(tmp, "dossier-export.xsd")], stdout=subprocess.PIPE,
                   stderr=subprocess.STDOUT, text=True)
ok(r.returncode == 0, "trang converts the RELAX NG", r.stdout)
with open(os.path.join(tmp, "dossier-export.xsd"), "rb") as f:
    made = f.read()
with open(os.path.join(SCHEMA, "dossier-export.xsd"), "rb") as f:
    kept = f.read()
ok(made == kept, "schema/dossier-export.xsd is trang's output for schema/dossier-export.rng "
   "(run: trang -I rng -O xsd schema/dossier-export.rng schema/dossier-export.xsd)")
is_(sorted(f for f in os.listdir(tmp)), ["dossier-export.xsd"], "one XSD file, no others to publish")

# Served as kept, without credentials, with ETags.
st = fixture.start("api-contract")
c = Client(st.port)
for path, name, ctype in (("/api/v1/openapi.json", "openapi.json", "application/json"),
                          ("/api/v1/schema/dossier-export.rng", "dossier-export.rng", "application/xml"),
                          ("/api/v1/schema/dossier-export.xsd", "dossier-export.xsd", "application/xml")):
    with open(os.path.join(SCHEMA, name), "rb") as f:
        want = f.read()
    r = c.get(path)
    is_((r.status, r.header("Content-Type")), (200, ctype), "GET %s: 200, %s" % (path, ctype))
    ok(r.body == want, "%s: the file as kept in the tree" % path)
    etag = '"%s"' % hashlib.sha256(want).hexdigest()
    is_(r.header("ETag"), etag, "%s: its ETag is its SHA-256" % path)
    is_(r.header("Cache-Control"), "no-cache", "%s: cached, and asked again" % path)
    problems = contract.check("GET", path, r.status, r.headers, r.body)
    ok(not problems, "contract: GET %s" % path, "\n".join(problems))
    r = c.get(path, headers={"If-None-Match": etag})
    is_((r.status, r.body), (304, b""), "%s with If-None-Match: 304" % path)
    r = c.request("HEAD", path)
    ok(r.status == 200 and r.body == b"" and r.header("ETag") == etag, "HEAD %s" % path)
served = json.loads(c.get("/api/v1/openapi.json").body)
is_(served["servers"], [{"url": "/api/v1", "description": served["servers"][0]["description"]}],
    "its server is the API on the host it came from")
for name in ("api.md", "api-changelog.md"):
    with open(os.path.join(SRCDIR, "docs", name), encoding="utf-8") as f:
        text = f.read()
    contains(text, contract.doc["info"]["version"], "docs/%s names the contract's version %s"
             % (name, contract.doc["info"]["version"]))
done()
