"""A college's day with the API (docs/api.md), by a client written with the
Python standard library as a college's developer would: a token (OAuth 2.0
client credentials), the finished dossiers since a cursor, the export (valid
against the published RELAX NG and XSD, fetched from the API), the final PDF
(its SHA-256 the stored one's), a file of deel A, ETags, the intake status
reported (twice: once in the history), the dossier again in the feed after
the change, and a new version after a 'Wijzigen' round.  Then what is
refused: another college's dossier, a college the student did not choose or
that does not take part, a dossier not finished, a revoked client, an
expired or tampered token, a token of one college on another's dossier,
a missing scope, bad JSON, a status the rules refuse, the rate (429).  Every
answer is checked against schema/openapi.json (tests/lib/openapi.py)."""
import base64, hashlib, http.client, json, os, re, subprocess, sys, tempfile, urllib.parse
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture, dossiers
from openapi import Contract
from stack import SRCDIR

st = fixture.start("api")
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")
CONTRACT = Contract.load(os.path.join(SRCDIR, "schema", "openapi.json"))
MENTOR = "j.bakker@debrug.example"
seen = []   # (method, path, status) of every answer, for the summary


class Api:
    """A college's client: stdlib only, every answer checked against the
    contract."""

    def __init__(self, port, client_id=None, secret=None, source=None):
        self.port, self.client_id, self.secret, self.token = port, client_id, secret, None
        self.source = (source, 0) if source else None   # another loopback address

    def call(self, method, path, body=None, headers=None, token=None, check=True):
        h = dict(headers or {})
        tok = token if token is not None else self.token
        if tok and "Authorization" not in h:
            h["Authorization"] = "Bearer " + tok
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        if method == "PUT":
            h.setdefault("Content-Type", "application/json")
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60,
                                          source_address=self.source)
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        conn.close()
        r.body, r.hdrs = data, r.getheaders()
        if check:
            problems = CONTRACT.check(method, path, r.status, r.hdrs, data)
            ok(not problems, "contract: %s %s -> %d" % (method, path.split("?")[0], r.status),
               "\n".join(problems))
        seen.append((method, path, r.status))
        return r

    def json(self, method, path, **kw):
        r = self.call(method, path, **kw)
        try:
            return r, json.loads(r.body)
        except ValueError:
            return r, None

    def get_token(self, scope=None, how="basic"):
        form = {"grant_type": "client_credentials"}
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        if scope:
            form["scope"] = scope
        if how == "basic":
            cred = "%s:%s" % (urllib.parse.quote(self.client_id, safe=""),
                              urllib.parse.quote(self.secret, safe=""))
            h["Authorization"] = "Basic " + base64.b64encode(cred.encode()).decode()
        else:
            form.update(client_id=self.client_id, client_secret=self.secret)
        r, doc = self.json("POST", "/api/v1/token", body=urllib.parse.urlencode(form),
                           headers=h, token="")
        if r.status == 200:
            self.token = doc["access_token"]
        return r, doc


def client(mbo, name, *extra):
    r = st.dddctl("api-client", "add", mbo, name, *extra)
    cid = re.search(r"^client_id\s+(\S+)$", r.stdout, re.M).group(1)
    sec = re.search(r"^client_secret\s+(\S+)$", r.stdout, re.M)
    return Api(st.port, cid, sec.group(1) if sec else None), r.stdout


def header(r, name):
    for k, v in r.hdrs:
        if k.lower() == name.lower():
            return v
    return None


def feed(api, since=None, limit=None):
    q = {}
    if since is not None:
        q["since"] = since
    if limit is not None:
        q["limit"] = str(limit)
    r, doc = api.json("GET", "/api/v1/dossiers" + ("?" + urllib.parse.urlencode(q) if q else ""))
    return r, doc


def events(did):
    return st.sql("SELECT note FROM dossier_event WHERE dossier_id = %s AND kind = 'mbo_status' "
                  "ORDER BY id" % did)


def access(did):
    return st.sql("SELECT actor_name, actor_org, action FROM access_log WHERE dossier_id = %s "
                  "ORDER BY id" % did)


# --- the dossiers of the day -------------------------------------------------
# One with a file in deel A (the loopbaandossier), finished for ROC Rijnland,
# with the student's BSN linked.
STEP_ID, QID = "loopbaanorientatie", "a_loopbaandossier_bestand"
steps = dossiers.steps("deel-a")
NR = [s.get("id") for s in steps].index(STEP_ID) + 1
PDF_FILE = b"%PDF-1.4\n% het loopbaandossier\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def with_file(student):
    c = fixture.login(st, "de-brug", student)
    t = fixture.csrf(c.get("/dossiers"))
    r = c.post("/dossiers/nieuw", {"csrf": t})
    did = re.search(r"/dossiers/(\d+)/", r.header("Location")).group(1)
    assert all(x == 303 for x in dossiers.fill(c, lambda n: "/dossiers/%s/stap/%d" % (did, n),
                                               ["deel-a"], t))
    fields = dict(dossiers.step_data(steps[NR - 1], fixture.csrf(
        c.get("/dossiers/%s/stap/%d" % (did, NR)))), a_loopbaandossier="ja")
    b = "----dddApiBoundary"
    body = b"".join(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                     % (b, k, v)).encode() for k, v in fields.items())
    body += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"lob.pdf\"\r\n"
             "Content-Type: application/pdf\r\n\r\n" % (b, QID)).encode() + PDF_FILE + \
        ("\r\n--%s--\r\n" % b).encode()
    r = c.request("POST", "/dossiers/%s/stap/%d" % (did, NR), body=body,
                  headers={"Content-Type": "multipart/form-data; boundary=" + b})
    assert r.status == 303, r.status
    mid = st.sql("SELECT id FROM account WHERE login = '%s'" % MENTOR)[0][0]
    assert c.post("/dossiers/%s/opsturen" % did, {"csrf": t, "mentor": mid}).status == 303
    m = fixture.login(st, "de-brug", MENTOR)
    mt = fixture.csrf(m.get("/"))
    assert all(x == 303 for x in dossiers.fill(m, lambda n: "/portal/dossiers/%s/deel-b/%d" % (did, n),
                                               ["deel-b-leerling", "deel-b-dossier"], mt))
    assert m.post("/portal/dossiers/%s/opsturen" % did, {"csrf": mt}).status == 303
    sid = st.sql("SELECT student_id FROM dossier WHERE id = " + did)[0][0]
    st.sql("UPDATE account SET bsn_sealed = NULL WHERE id = " + sid)
    assert c.post("/ddd/bsn", {"bsn": "123456782", "csrf": fixture.csrf(c.get("/"))}).status in (200, 303)
    v = st.sql("SELECT version FROM dossier WHERE id = " + did)[0][0]
    assert c.post("/dossiers/%s/akkoord" % did, {
        "csrf": t, "versie": v, "actie": "akkoord", "akkoord": "ja", "ouder_naam": "Ouder",
        "ouder_relatie": "moeder", "ouder_akkoord": "ja"}).status == 303
    return did


d1 = with_file("1001")
dossiers.MBO = "techniek-college-oost"
_, _, d_tco = dossiers.afgerond(st, fixture, "1002", MENTOR)                # another college's
_, _, d_noord = dossiers.afgerond(st, fixture, "2001", "b.visser@noorderlicht.example",
                                  school="het-noorderlicht")               # TCO does not take part there
dossiers.MBO = "roc-rijnland"
sem4, t4, d_open = dossiers.to_akkoord(st, fixture, "1003", MENTOR)      # not finished yet

# --- the clients: made by the operator --------------------------------------------
# (A rate the day's many requests fit in; the default and a low one below.)
roc, out = client("roc-rijnland", "Intake-systeem", "--rate", "5000")
contains(out, "only its SHA-256 is kept", "api-client add: the secret is shown once")
stored = st.sql("SELECT HEX(secret_sha256) FROM api_client WHERE client_id = '%s'"
                % roc.client_id)[0]
is_(stored[0].lower(), hashlib.sha256(roc.secret.encode()).hexdigest(),
    "the secret is stored as its SHA-256 only")
tco, _ = client("techniek-college-oost", "TCO intake")
reader, _ = client("roc-rijnland", "Alleen lezen", "--scope", "dossiers:read")
is_(st.sql("SELECT scopes, rate_per_minute FROM api_client WHERE client_id = '%s'" % tco.client_id)[0],
    ["dossiers:read,status:write", "120"], "by default both scopes, 120 requests a minute")
r = st.dddctl("api-client", "add", "de-brug", "Een school", check=False)
ok(r.returncode != 0 and "not an MBO college" in r.stderr, "a school gets no client",
   r.stderr.strip())
r = st.dddctl("api-client", "add", "roc-rijnland", "x", "--scope", "alles", check=False)
ok(r.returncode != 0, "an unknown scope is refused")
listing = st.dddctl("api-client", "list", "roc-rijnland").stdout
ok(roc.client_id in listing and reader.client_id in listing and tco.client_id not in listing,
   "api-client list: the college's own clients", listing)

# --- morning: a token, and the feed from the start --------------------------------
r, doc = roc.get_token()
is_(r.status, 200, "a token with Basic client credentials")
is_((doc or {}).get("token_type"), "Bearer", "a bearer token")
is_((doc or {}).get("scope"), "dossiers:read status:write", "with the client's scopes")
is_(header(r, "Cache-Control"), "no-store", "never cached (RFC 6749 5.1)")
tok_row = st.sql("SELECT HEX(token_sha256), TIMESTAMPDIFF(SECOND, NOW(), expires_at) FROM api_token")
ok(len(tok_row) == 1 and tok_row[0][0].lower() == hashlib.sha256(roc.token.encode()).hexdigest(),
   "the token is stored as its SHA-256 only", tok_row)
ok(tok_row and 850 <= int(tok_row[0][1]) <= 900, "and lives 15 minutes", tok_row)
other = Api(st.port, roc.client_id, roc.secret)
r, doc = other.get_token(how="form")
is_(r.status, 200, "client_id and client_secret in the form work too")

r, page = feed(roc)
is_(r.status, 200, "GET /api/v1/dossiers")
ids = [d["id"] for d in (page or {}).get("dossiers", [])]
is_(ids, [int(d1)], "the college's finished dossier, and nothing else")
is_((page or {}).get("more"), False, "nothing more")
cursor = (page or {}).get("next")
item = (page or {}).get("dossiers", [{}])[0]
is_(item.get("school"), {"naam": "Scholengemeenschap De Brug", "brin": "12AB"}, "the school")
is_(item.get("links", {}).get("xml"), "%s/api/v1/dossiers/%s.xml" % (st.url, d1), "links to the export")
r, page = feed(roc, cursor)
is_((page or {}).get("dossiers"), [], "since the cursor: nothing new")
is_((page or {}).get("next"), cursor, "and the cursor stays")
tco.get_token()
r, page = feed(tco)
is_([d["id"] for d in page["dossiers"]] if page else None, [int(d_tco)],
    "the other college sees its own dossier only (not the one from a school where it does not "
    "take part)")

# --- a dossier: facts, export, PDF, file ---------------------------------------
r, meta = roc.json("GET", "/api/v1/dossiers/%s" % d1)
is_(r.status, 200, "GET /api/v1/dossiers/ID")
final = st.sql("SELECT sha256, bytes FROM document WHERE dossier_id = %s AND final = 1" % d1)[0]
is_((meta or {}).get("pdf", {}).get("sha256"), final[0], "the final PDF's SHA-256 in the facts")
files = (meta or {}).get("bijlagen", [])
ok(len(files) == 1 and files[0]["sha256"] == hashlib.sha256(PDF_FILE).hexdigest() and
   files[0]["naam"] == "lob.pdf", "the file of deel A, with its SHA-256", files)

tmp = tempfile.mkdtemp()
schemas = {}
for ext in ("rng", "xsd"):
    r = roc.call("GET", "/api/v1/schema/dossier-export." + ext, token="")
    is_(r.status, 200, "the export's schema as %s, without a token" % ext.upper())
    schemas[ext] = os.path.join(tmp, "dossier-export." + ext)
    with open(schemas[ext], "wb") as f:
        f.write(r.body)
r = roc.call("GET", "/api/v1/dossiers/%s.xml" % d1)
is_(r.status, 200, "GET /api/v1/dossiers/ID.xml")
is_(header(r, "Content-Type"), "application/xml", "as XML")
xml_path = os.path.join(tmp, "dossier.xml")
with open(xml_path, "wb") as f:
    f.write(r.body)
for ext, flag in (("rng", "--relaxng"), ("xsd", "--schema")):
    v = subprocess.run(["xmllint", "--noout", flag, schemas[ext], xml_path],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    ok(v.returncode == 0, "the export is valid against the published %s (xmllint %s)"
       % (ext.upper(), flag), v.stdout)
contains(r.body.decode(), "<bsn>123456782</bsn>", "the export carries the BSN")
etag = header(r, "ETag")
is_(etag, '"%s"' % hashlib.sha256(r.body).hexdigest(), "its ETag is its SHA-256")
n_access = len(access(d1))
r = roc.call("GET", "/api/v1/dossiers/%s.xml" % d1, headers={"If-None-Match": etag})
is_((r.status, r.body), (304, b""), "If-None-Match: 304, no body")
is_(len(access(d1)), n_access, "a 304 hands nothing out and records nothing")
r = roc.call("GET", "/api/v1/dossiers/%s.xml" % d1, headers={"If-None-Match": 'W/"0", ' + etag})
is_(r.status, 304, "an ETag among others (and W/) counts too")

r = roc.call("GET", "/api/v1/dossiers/%s.pdf" % d1)
is_(r.status, 200, "GET /api/v1/dossiers/ID.pdf")
is_(hashlib.sha256(r.body).hexdigest(), final[0], "the PDF's SHA-256 is the stored one's")
is_(header(r, "ETag"), '"%s"' % final[0], "and its ETag")
r = roc.call("GET", "/api/v1/dossiers/%s.pdf" % d1, headers={"If-None-Match": '"%s"' % final[0]})
is_(r.status, 304, "the PDF unchanged: 304")
r = roc.call("GET", files[0]["href"][len(st.url):] if files else "/api/v1/none")
ok(r.status == 200 and r.body == PDF_FILE, "the file of deel A, the same bytes")
is_(header(r, "Content-Type"), "application/pdf", "as its type")
r = roc.call("GET", "/api/v1/dossiers/%s/bijlagen/%d" % (d1, files[0]["id"] + 1000 if files else 1))
is_(r.status, 404, "a file that is not the dossier's: 404")
log = access(d1)
want = [["API-client Intake-systeem", "ROC Rijnland Vakcollege", a] for a in ("bekeken", "xml", "bsn", "pdf", "bijlage")]
is_(log, want, "every read is in the school's access log, naming the client and the college")
worker = st.log("worker.log")
ok(re.search(r"event=api_read tenant=\d+ client=%s dossier=%s .*kind=xml" % (roc.client_id, d1), worker),
   "and in the worker's log, with the client")
ok("123456782" not in worker, "never the BSN in the log")

# --- the intake status -------------------------------------------------------------
path = "/api/v1/dossiers/%s/status" % d1
r, doc = roc.json("PUT", path, body={"status": "ontvangen"})
ok(r.status == 200 and doc["waarde"] == "ontvangen" and doc["gewijzigd"] is True,
   "PUT status 'ontvangen'", doc)
r, doc = roc.json("PUT", path, body={"status": "ontvangen"})
ok(r.status == 200 and doc["gewijzigd"] is False, "the same PUT again: 200, nothing changed", doc)
is_(len(events(d1)), 1, "one history event for the two")
contains(events(d1)[0][0], "ROC Rijnland Vakcollege: ontvangen", "naming the college and the status")
r, doc = roc.json("PUT", path, body={"status": "niet_geplaatst", "reden": "  "})
is_(r.status, 422, "'niet geplaatst' without a reason: 422")
is_((doc or {}).get("errors"), [{"veld": "reden", "melding": "Schrijf bij 'niet geplaatst' de "
                                 "reden op; de decaan van de school ziet die."}],
    "naming the field, in the page's words")
r, doc = roc.json("PUT", path, body={"status": "verzonnen"})
ok(r.status == 422 and doc["errors"][0]["veld"] == "status", "an unknown status: 422")
r, doc = roc.json("PUT", path, body={"status": "niet_geplaatst", "reden": "x" * 501})
is_(r.status, 422, "a reason over 500 characters: 422")
is_(st.sql("SELECT mbo_status FROM dossier WHERE id = " + d1)[0][0], "ontvangen", "nothing changed")
r, doc = roc.json("PUT", path, body='{"status": "geplaatst",')
is_((r.status, (doc or {}).get("type")), (400, "urn:ddd:api:problem:invalid-json"), "malformed JSON: 400")
r, doc = roc.json("PUT", path, body='{"status": "geplaatst", "status": "ontvangen"}')
is_(r.status, 400, "a member twice: 400")
r, doc = roc.json("PUT", path, body='["geplaatst"]')
is_(r.status, 400, "not an object: 400")
r, doc = roc.json("PUT", path, body={"status": "geplaatst", "reason": "x"})
is_(r.status, 400, "an unknown member: 400")
r, doc = roc.json("PUT", path, body={"status": "geplaatst", "reden": 5})
is_(r.status, 400, "a reason that is not text: 400")
r, doc = roc.json("PUT", path, body="status=geplaatst",
                  headers={"Content-Type": "application/x-www-form-urlencoded"})
is_(r.status, 415, "not JSON: 415")
r, doc = roc.json("PUT", path, body="{" + " " * 17000 + "}")
is_(r.status, 413, "JSON over 16 KiB: 413")
is_(len(events(d1)), 1, "none of these recorded anything")
reden = "Opleiding vol; wachtlijst é" + "é" * 473
r, doc = roc.json("PUT", path, body={"status": "niet_geplaatst", "reden": reden})
ok(r.status == 200 and doc["reden"] == reden, "'niet geplaatst' with a reason of 500 characters "
   "(two bytes each, nearly all)", (r.status, len(reden), doc))
contains(events(d1)[-1][0], "niet geplaatst - Opleiding vol", "the history has the reason")
# The page has the same rule and the same writer (fcgi/mbo_status.c); such a
# reason was a 500 there (the history's note was cut inside a character).
mbo_user = fixture.login(st, "roc-rijnland", "a.kuipers@rocrijnland.example")
r = mbo_user.post("/mbo/dossiers/%s/status" % d_tco, {
    "csrf": fixture.csrf(mbo_user.get("/mbo/dossiers/%s" % d1)), "status": "niet_geplaatst",
    "reden": reden})
is_(r.status, 404, "(the page: another college's dossier is not found there either)")
r = mbo_user.post("/mbo/dossiers/%s/status" % d1, {
    "csrf": fixture.csrf(mbo_user.get("/mbo/dossiers/%s" % d1)), "status": "niet_geplaatst",
    "reden": reden[:-1] + "!"})
is_(r.status, 303, "the page takes the same 500-character reason")
r, doc = roc.json("PUT", path, body={"status": "geplaatst", "reden": "vergeten"})
ok(r.status == 200 and doc["reden"] is None, "a reason goes only with 'niet geplaatst'", doc)

# The change moves the dossier to the end of the feed.
r, page = feed(roc, cursor)
got = [(d["id"], d["status"]["waarde"]) for d in (page or {}).get("dossiers", [])]
is_(got, [(int(d1), "geplaatst")], "since the morning's cursor: the dossier again, with its status")
cursor = (page or {}).get("next", cursor)
m = fixture.login(st, "de-brug", "m.vandenberg@debrug.example")
contains(" ".join(m.get("/portal/leerlingen").text.split()), "mbo: geplaatst",
         "the school's Mijn Leerlingen shows the status the API reported")

# --- afternoon: a 'Wijzigen' round, then Akkoord: a new version appears -------------
v_before = int(st.sql("SELECT version FROM dossier WHERE id = " + d_open)[0][0])
is_(roc.call("GET", "/api/v1/dossiers/%s" % d_open).status, 404,
    "a dossier in the akkoordverklaring: 404")
r = sem4.post("/dossiers/%s/akkoord" % d_open, {"csrf": t4, "versie": v_before, "actie": "wijzigen"})
is_(r.status, 303, "the student chooses 'Wijzigen'")
mid = st.sql("SELECT id FROM account WHERE login = '%s'" % MENTOR)[0][0]
r = sem4.post("/dossiers/%s/opsturen" % d_open, {"csrf": fixture.csrf(sem4.get("/dossiers")),
                                                 "mentor": mid})
is_(r.status, 303, "deel A sent again")
mm = fixture.login(st, "de-brug", MENTOR)
r = mm.post("/portal/dossiers/%s/opsturen" % d_open, {"csrf": fixture.csrf(mm.get("/"))})
is_(r.status, 303, "deel B sent back again")
v_after = int(st.sql("SELECT version FROM dossier WHERE id = " + d_open)[0][0])
r = sem4.post("/dossiers/%s/akkoord" % d_open, {
    "csrf": fixture.csrf(sem4.get("/dossiers/%s/akkoord" % d_open)), "versie": v_after,
    "actie": "akkoord", "akkoord": "ja", "ouder_naam": "Ouder", "ouder_relatie": "moeder",
    "ouder_akkoord": "ja"})
is_(r.status, 303, "Akkoord")
r, page = feed(roc, cursor)
got = [(d["id"], d["versie"]) for d in (page or {}).get("dossiers", [])]
ok(got == [(int(d_open), v_after)] and v_after > v_before,
   "since the cursor: the dossier, at its new version", (got, v_before, v_after))
r = roc.call("GET", "/api/v1/dossiers/%s.xml" % d_open)
contains(r.body.decode(), 'versie="%d"' % v_after, "the export has that version")
# The same PUT arriving five times at once (a client retrying on a slow
# line): the row lock queues them, one changes, one history event.
import threading
results = []
status_path = "/api/v1/dossiers/%s/status" % d_open
def put_once():     # no TAP lines from threads: checked below
    results.append(roc.call("PUT", status_path, body={"status": "intake_gepland"}, check=False))
threads = [threading.Thread(target=put_once) for _ in range(5)]
for th in threads:
    th.start()
for th in threads:
    th.join()
for r in results:
    problems = CONTRACT.check("PUT", status_path, r.status, r.hdrs, r.body)
    ok(not problems, "contract: PUT %s -> %d" % (status_path, r.status), "\n".join(problems))
is_(sorted(r.status == 200 and json.loads(r.body)["gewijzigd"] for r in results),
    [False] * 4 + [True], "five at once: one changed it, four found it done")
is_(len(events(d_open)), 1, "one history event")
r, page = feed(roc)
is_([d["id"] for d in page["dossiers"]], [int(d1), int(d_open)],
    "from the start: each dossier once, oldest change first")
r, page = feed(roc, limit=1)
ok(page and len(page["dossiers"]) == 1 and page["more"] is True, "limit=1: one, and more")
r, page2 = feed(roc, page["next"] if page else "", limit=1)
ok(page2 and [d["id"] for d in page2["dossiers"]] == [int(d_open)] and page2["more"] is False,
   "the next page: the other, and no more")

# --- refusals ------------------------------------------------------------------------
for did, what in ((d_tco, "another college's dossier"),
                  (d_noord, "a dossier of another college (which does not take part there)"),
                  ("999999", "a dossier that does not exist")):
    for suffix in ("", ".xml", ".pdf", "/bijlagen/1"):
        r = roc.call("GET", "/api/v1/dossiers/%s%s" % (did, suffix))
        is_(r.status, 404, "%s%s: 404" % (what, suffix))
    r = roc.call("PUT", "/api/v1/dossiers/%s/status" % did, body={"status": "ontvangen"})
    is_(r.status, 404, "%s: its status cannot be set (404)" % what)
tco.get_token()
is_(tco.call("GET", "/api/v1/dossiers/%s" % d_noord).status, 404,
    "the chosen college, where it does not take part: 404 (as on its page)")
is_(fixture.login(st, "techniek-college-oost", "h.mulder@tcoost.example").get(
    "/mbo/dossiers/%s" % d_noord).status, 404, "(its page says the same)")
is_(tco.call("GET", "/api/v1/dossiers/%s" % d1).status, 404,
    "a token of one college on another's dossier: 404")
is_(tco.call("GET", "/api/v1/dossiers/%s" % d_tco).status, 200, "and on its own: 200")
is_(st.sql("SELECT COUNT(*) FROM dossier WHERE mbo_status IS NOT NULL AND id NOT IN (%s, %s)"
          % (d1, d_open))[0][0], "0", "no refused request changed a status")

r, doc = roc.json("GET", "/api/v1/dossiers?since=nonsense")
is_(r.status, 400, "a cursor that is not ours: 400")
for bad in ("0", "101", "x", "-1"):
    is_(feed(roc, limit=bad)[0].status, 400, "limit=%s: 400" % bad)

r = roc.call("GET", "/api/v1/dossiers", token="")
is_(r.status, 401, "no token: 401")
ok(header(r, "WWW-Authenticate", ).startswith("Bearer"), "with WWW-Authenticate: Bearer")
tampered = roc.token[:-1] + ("A" if roc.token[-1] != "A" else "B")
r = roc.call("GET", "/api/v1/dossiers", token=tampered)
is_(r.status, 401, "a tampered token: 401")
contains(header(r, "WWW-Authenticate") or "", 'error="invalid_token"', "invalid_token")
r = roc.call("GET", "/api/v1/dossiers", headers={"Authorization": "Basic " + roc.token}, token="")
is_(r.status, 401, "a token sent as another scheme: 401")
old = Api(st.port, roc.client_id, roc.secret)
old.get_token()
st.sql("UPDATE api_token SET expires_at = NOW() - INTERVAL 1 SECOND WHERE token_sha256 = UNHEX('%s')"
       % hashlib.sha256(old.token.encode()).hexdigest())
is_(old.call("GET", "/api/v1/dossiers").status, 401, "an expired token: 401")
r = roc.call("GET", "/api/v1/dossiers", headers={"Cookie": "__Host-ddd=" + roc.token}, token="")
is_(r.status, 401, "a session cookie is no credential here")
is_(mbo_user.get("/api/v1/dossiers/%s" % d1).status, 401, "nor is the college user's own session")

reader.get_token()
is_(reader.call("GET", "/api/v1/dossiers/%s" % d1).status, 200, "a read-only client reads")
r, doc = reader.json("PUT", path, body={"status": "ontvangen"})
ok(r.status == 403 and (doc or {}).get("scope") == "status:write", "but may not report a status (403)",
   doc)
contains(header(r, "WWW-Authenticate") or "", 'error="insufficient_scope"', "insufficient_scope")
r, doc = reader.get_token(scope="status:write")
is_((r.status, (doc or {}).get("error")), (400, "invalid_scope"), "nor get a token for it")
narrow = Api(st.port, roc.client_id, roc.secret)
r, doc = narrow.get_token(scope="dossiers:read")
is_((doc or {}).get("scope"), "dossiers:read", "a client may ask for fewer scopes")
is_(narrow.call("PUT", path, body={"status": "ontvangen"}).status, 403, "and its token has only those")

# The token endpoint.
bad = Api(st.port, roc.client_id, "x" * 43)
r, doc = bad.get_token()
ok(r.status == 401 and doc["error"] == "invalid_client", "a wrong secret: 401 invalid_client", doc)
bad = Api(st.port, "ddd_" + "0" * 24, roc.secret)
r, doc = bad.get_token(how="form")
is_((r.status, (doc or {}).get("error")), (401, "invalid_client"), "an unknown client: 401")
r, doc = roc.json("POST", "/api/v1/token", body="grant_type=password&username=a&password=b",
                  headers={"Content-Type": "application/x-www-form-urlencoded"}, token="")
is_((r.status, (doc or {}).get("error")), (400, "unsupported_grant_type"), "another grant type: 400")
r, doc = roc.json("POST", "/api/v1/token", body=json.dumps({"grant_type": "client_credentials"}),
                  headers={"Content-Type": "application/json"}, token="")
is_((r.status, (doc or {}).get("error")), (400, "invalid_request"), "a JSON token request: 400")
r = roc.call("GET", "/api/v1/token", token="")
is_(r.status, 405, "GET on the token endpoint: 405")
is_(header(r, "Allow"), "POST", "with Allow: POST")
r = roc.call("PUT", "/api/v1/dossiers/%s" % d1, body={})
is_((r.status, header(r, "Allow")), (405, "GET, HEAD"), "PUT on a dossier: 405, Allow: GET, HEAD")
r = roc.call("GET", "/api/v1/nergens")
is_((r.status, header(r, "Content-Type")), (404, "application/problem+json"),
    "an unknown API path: 404 as problem details, not the error page")
tc = __import__("tap").Client(st.port)
is_(tc.request("PUT", "/login", body=b"x").status, 405, "PUT stays 405 outside the API")

# Revoked: the client and its tokens stop at once.
spare, _ = client("roc-rijnland", "Oud systeem")
spare.get_token()
is_(spare.call("GET", "/api/v1/dossiers").status, 200, "a client of the college works")
r = st.dddctl("api-client", "revoke", "roc-rijnland", spare.client_id)
contains(r.stdout, "revoked", "api-client revoke")
is_(spare.call("GET", "/api/v1/dossiers").status, 401, "a revoked client's token: 401")
r, doc = spare.get_token()
is_((r.status, (doc or {}).get("error")), (401, "invalid_client"), "and no new token")
r = st.dddctl("api-client", "revoke", "roc-rijnland", spare.client_id, check=False)
ok(r.returncode != 0, "revoking twice says so")
r = st.dddctl("api-client", "revoke", "techniek-college-oost", reader.client_id, check=False)
ok(r.returncode != 0, "another college's client cannot be revoked through this one")

# The college's users see their clients on their page.
text = " ".join(mbo_user.get("/mbo/dossiers").text.split())
contains(text, "Koppelingen met uw systemen (API)", "the MBO's page lists its API clients")
contains(text, reader.client_id, "with their ids")
contains(text, "dossiers ophalen (120 verzoeken per minuut)", "what they may")
contains(text, "dossiers ophalen, stand doorgeven (5000 verzoeken per minuut)", "each its own")
contains(text, "ingetrokken op", "and which are revoked")
ok(tco.client_id not in text, "not another college's")
ok("client_secret" not in text and roc.secret not in text, "never a secret")

# The rate of a client: 5 a minute here.
slow, _ = client("roc-rijnland", "Traag", "--rate", "5")
import time
if time.time() % 60 > 50:       # one minute for the whole count
    time.sleep(61 - time.time() % 60)
slow.get_token()
codes = [slow.call("GET", "/api/v1/dossiers").status for _ in range(5)]
is_(codes, [200, 200, 200, 200, 429], "the sixth request in a minute (with the token's): 429")
r = slow.call("GET", "/api/v1/dossiers")
ok(r.status == 429 and 1 <= int(header(r, "Retry-After") or 0) <= 60, "with Retry-After",
   header(r, "Retry-After"))
is_(roc.call("GET", "/api/v1/dossiers").status, 200, "another client is not held up")

# Failed attempts at the token endpoint lock the address out (20 in 15
# minutes), not the client: its own address goes on.
guess = Api(st.port, roc.client_id, "y" * 43, source="127.0.0.2")
codes = [guess.get_token()[0].status for _ in range(21)]
is_((codes[:20].count(401), codes[20]), (20, 429), "20 wrong secrets from an address, then 429")
right = Api(st.port, roc.client_id, roc.secret, source="127.0.0.2")
is_(right.get_token()[0].status, 429, "the right secret from there too, for now")
is_(Api(st.port, roc.client_id, roc.secret).get_token()[0].status, 200,
    "the client from its own address is not held up")

# The migration (0026) on a database with finished dossiers: they enter
# the feed in the order of their akkoordverklaring.
order = [r[0] for r in st.sql("SELECT d.id FROM dossier d JOIN akkoordverklaring a ON "
                              "a.dossier_id = d.id WHERE d.mbo_tenant_id = (SELECT id FROM tenant "
                              "WHERE slug = 'roc-rijnland') AND d.phase = 'afgerond' "
                              "ORDER BY a.agreed_at, d.id")]
# dddctl migrate applies every file whose version is not recorded, newer
# ones applied or not.
st.sql("SET FOREIGN_KEY_CHECKS = 0; DROP TABLE api_feed_counter, api_feed, api_token, api_client; "
       "DELETE FROM schema_version WHERE version = 26")
contains(st.dddctl("migrate").stdout, "0026_api.sql", "0026 applied again")
fresh, _ = client("roc-rijnland", "Na de migratie")
fresh.get_token()
r, page = feed(fresh)
is_([str(d["id"]) for d in (page or {}).get("dossiers", [])], order,
    "the finished dossiers in the feed, in the order of their akkoordverklaring")
is_(st.sql("SELECT seq FROM api_feed_counter WHERE tenant_id = (SELECT id FROM tenant WHERE "
           "slug = 'roc-rijnland')"), [[str(len(order))]], "and the counter goes on from there")

ok(len(seen) > 80, "%d answers, each checked against the contract" % len(seen))
done()
