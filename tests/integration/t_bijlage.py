"""The loopbaandossier upload in deel A: checked by content and by the
school's size, stored with its SHA-256 in the step's transaction, listed
and downloadable for those who may see the dossier, replaced or removed
while deel A is open, in the MBO's zip and referenced in the XML export.
Bad uploads change nothing."""
import hashlib, io, os, re, subprocess, sys, zipfile
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture, dossiers
from stack import SRCDIR

st = fixture.start("bijlage")
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")

STEP_ID = "loopbaanorientatie"
QID = "a_loopbaandossier_bestand"
steps = dossiers.steps("deel-a")
NR = [s.get("id") for s in steps].index(STEP_ID) + 1
PDF = b"%PDF-1.4\n% a small loopbaandossier\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200


def multipart(fields, files, boundary="----dddTestBoundary7MA4YWxkTrZu0gW", close=True):
    out = b""
    for k, v in fields:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                % (boundary, k, v)).encode()
    for k, name, ctype, data in files:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                "Content-Type: %s\r\n\r\n" % (boundary, k, name, ctype)).encode() + data + b"\r\n"
    if close:
        out += ("--%s--\r\n" % boundary).encode()
    return out, "multipart/form-data; boundary=" + boundary


def step_fields(token, loopbaan="ja", extra=()):
    data = dossiers.step_data(steps[NR - 1], token)
    data["a_loopbaandossier"] = loopbaan
    fields = []
    override = {k for k, _ in extra}
    for k, v in data.items():
        if k in override:
            continue
        for one in (v.split("\n") if k == "a_keuze_hoe" else [v]):
            fields.append((k, one))
    return fields + list(extra)


def post_step(client, did, token, files=(), loopbaan="ja", extra=(), close=True):
    # Each post from the step page as the browser has it: a form token of
    # its own (the same form sent twice takes effect once: t_post_once.py).
    fresh = fixture.csrf(client.get("/dossiers/%s/stap/%d" % (did, NR)))
    body, ctype = multipart(step_fields(fresh or token, loopbaan, extra), files, close=close)
    return client.request("POST", "/dossiers/%s/stap/%d" % (did, NR), body=body,
                          headers={"Content-Type": ctype})


def stored():
    return st.sql("SELECT id, filename, media_type, bytes, sha256 FROM bijlage ORDER BY id")


def answer(did):
    r = st.sql("SELECT value FROM answer WHERE dossier_id = %s AND question_id = '%s'" % (did, QID))
    return r[0][0] if r else None


c = fixture.login(st, "de-brug", "1001")
t = fixture.csrf(c.get("/dossiers"))
r = c.post("/dossiers/nieuw", {"csrf": t})
did = re.search(r"/dossiers/(\d+)/", r.header("Location")).group(1)
codes = dossiers.fill(c, lambda n: "/dossiers/%s/stap/%d" % (did, n), ["deel-a"], t)
ok(all(x == 303 for x in codes), "deel A filled", codes)

r = c.post("/dossiers/%s/stap/%d" % (did, NR), dict(dossiers.step_data(steps[NR - 1], t),
                                                    a_loopbaandossier="ja"))
is_(r.status, 303, "'Heb je een loopbaandossier?' ja")
r = c.get("/dossiers/%s/stap/%d" % (did, NR))
contains(r.text, 'enctype="multipart/form-data"', "the step's form sends files")
contains(r.text, 'type="file" id="%s" name="%s"' % (QID, QID), "a file field for the loopbaandossier")

# --- a good PDF ----------------------------------------------------------------
r = post_step(c, did, t, [(QID, "Mijn LOB-dossier.pdf", "application/pdf", PDF)])
is_(r.status, 303, "a PDF is accepted")
rows = stored()
ok(len(rows) == 1 and rows[0][1] == "Mijn LOB-dossier.pdf" and rows[0][2] == "application/pdf"
   and rows[0][3] == str(len(PDF)) and rows[0][4] == hashlib.sha256(PDF).hexdigest(),
   "stored with its name, type by content, size and SHA-256", rows)
bid = rows[0][0] if rows else "0"
is_(answer(did), bid, "the answer names the file")
r = c.get("/dossiers/%s/stap/%d" % (did, NR))
contains(r.text, 'href="/dossiers/%s/bijlagen/%s">Mijn LOB-dossier.pdf</a>' % (did, bid),
         "the step shows the file with a link")
r = c.get("/dossiers/%s/bijlagen/%s" % (did, bid))
is_(r.status, 200, "the student downloads it")
is_(r.body, PDF, "the same bytes")
is_(r.header("Content-Type"), "application/pdf", "as a PDF")
is_(r.header("Content-Disposition"), 'attachment; filename="dossier-%s-%s.pdf"' % (did, QID),
    "with a name of ours")
is_(r.header("Cache-Control"), "private, no-store", "not cached")
r = c.get("/dossiers/%s/bekijken" % did)
contains(r.text, "Mijn LOB-dossier.pdf", "listed in deel A's view")
contains(r.text, "1 kB", "with its size")

# --- bad uploads change nothing ----------------------------------------------------
before = stored()
r = post_step(c, did, t, [(QID, "lob.pdf", "application/pdf", EXE)],
              extra=[("a_beroep", "Kok in een groot hotel")])
is_(r.status, 422, "a program renamed to .pdf: refused")
contains(r.text, "Dit bestand is geen PDF, PNG of JPEG", "with a clear message")
contains(r.text, 'value="Kok in een groot hotel"', "what was typed stays on the page")
is_(stored(), before, "the stored file is unchanged")
is_(st.sql("SELECT COUNT(*) FROM answer WHERE dossier_id = %s AND question_id = 'a_beroep' "
           "AND value = 'Kok in een groot hotel'" % did)[0][0], "0", "nothing of the step saved")

# A good file beside a wrong answer: nothing stored, and the page says so.
r = post_step(c, did, t, [(QID, "lob.pdf", "application/pdf", PDF + b"\n")],
              extra=[("a_zekerheid", "verzonnen")])
is_(r.status, 422, "a good file but a wrong answer elsewhere: refused")
contains(r.text, "Je bestand is nog niet opgeslagen", "it says the file must be chosen again")
is_(stored(), before, "the file is not stored")

# The school allows 1 MB: a 1.5 MB PDF is refused.
with open(os.path.join(SRCDIR, "tenants", "de-brug.xml")) as f:
    text = f.read()
small = text.replace("<participating-mbos>", "<upload-max-mb>1</upload-max-mb>\n  <participating-mbos>")
ok(small != text, "a copy of the school's file with <upload-max-mb>1")
path = st.path("de-brug.xml")
with open(path, "w") as f:
    f.write(small)
st.dddctl("tenant", "load", path)
big = PDF + b"%" + b"x" * (1536 * 1024)
r = post_step(c, did, t, [(QID, "groot.pdf", "application/pdf", big)])
is_(r.status, 422, "over the school's size: refused")
contains(r.text, "Je bestand is groter dan 1 MB", "saying the school's limit")
is_(stored(), before, "nothing stored")
bad = st.path("bad-size.xml")
with open(bad, "w") as f:
    f.write(text.replace("<participating-mbos>", "<upload-max-mb>50</upload-max-mb>\n  <participating-mbos>"))
r = st.dddctl("tenant", "load", bad, check=False)
ok(r.returncode != 0 and "upload-max-mb '50' must be a whole number from 1 to 10" in r.stderr,
   "a school cannot set more than 10 MB", r.stderr.strip())

# A broken body: no close delimiter.
r = post_step(c, did, t, [(QID, "lob.pdf", "application/pdf", PDF + b"changed")], close=False)
is_(r.status, 400, "a truncated multipart body: 400")
is_(stored(), before, "nothing stored")

# --- replace, remove ----------------------------------------------------------------
r = post_step(c, did, t, [(QID, "scan.png", "image/png", PNG)])
is_(r.status, 303, "a PNG scan replaces it")
rows = stored()
ok(len(rows) == 1 and rows[0][0] == bid and rows[0][2] == "image/png" and
   rows[0][4] == hashlib.sha256(PNG).hexdigest(), "one file, now the PNG", rows)
r = c.get("/dossiers/%s/stap/%d" % (did, NR))
ok(re.search(r'<input type="checkbox" name="%s-weghalen" id="%s-weghalen" value="ja" '
             r'data-confirm="Het bestand ‘scan.png’ weghalen\?[^"]*"' % (QID, QID), r.text),
   "'Dit bestand weghalen' asks first, naming the file (data-confirm, with script)")
r = post_step(c, did, t, extra=[(QID + "-weghalen", "ja")])
is_(r.status, 303, "'Dit bestand weghalen'")
is_(stored(), [], "the file is gone")
is_(answer(did), None, "and so is the answer")
r = post_step(c, did, t, [(QID, "scan.png", "image/png", PNG)])
is_(r.status, 303, "uploaded again")
r = post_step(c, did, t, loopbaan="nee")
is_(r.status, 303, "'nee' to having a loopbaandossier")
is_(stored(), [], "the file of a question that no longer shows goes")
r = post_step(c, did, t, [(QID, "scan.png", "image/png", PNG)])
bid = stored()[0][0]

# --- sent in: the mentor sees it; the student can no longer change it ---------------------
mid = st.sql("SELECT id FROM account WHERE login = 'j.bakker@debrug.example'")[0][0]
is_(c.post("/dossiers/%s/opsturen" % did, {"csrf": t, "mentor": mid}).status, 303, "deel A sent")
r = post_step(c, did, t, [(QID, "ander.pdf", "application/pdf", PDF)])
is_(r.status, 409, "after sending: no upload")
is_(stored()[0][2], "image/png", "the file is as it was")
m = fixture.login(st, "de-brug", "j.bakker@debrug.example")
r = m.get("/portal/dossiers/%s/bekijken" % did)
contains(r.text, 'href="/portal/dossiers/%s/bijlagen/%s">scan.png</a>' % (did, bid),
         "the mentor's view links the file")
r = m.get("/portal/dossiers/%s/bijlagen/%s" % (did, bid))
ok(r.status == 200 and r.body == PNG and r.header("Content-Type") == "image/png",
   "the mentor downloads it", r.status)
other = fixture.login(st, "de-brug", "1002")
is_(other.get("/dossiers/%s/bijlagen/%s" % (did, bid)).status, 404, "another student: not found")
noord = fixture.login(st, "het-noorderlicht", "b.visser@noorderlicht.example")
is_(noord.get("/portal/dossiers/%s/bijlagen/%s" % (did, bid)).status, 404, "another school: not found")
is_(c.get("/dossiers/%s/bijlagen/%d" % (did, int(bid) + 1000)).status, 404, "an id of no file: not found")

# --- afgerond: the MBO, the PDF, the zip and the export ----------------------------
mt = fixture.csrf(m.get("/"))
codes = dossiers.fill(m, lambda n: "/portal/dossiers/%s/deel-b/%d" % (did, n),
                      ["deel-b-leerling", "deel-b-dossier"], mt)
ok(all(x == 303 for x in codes), "deel B filled", codes)
is_(m.post("/portal/dossiers/%s/opsturen" % did, {"csrf": mt}).status, 303, "deel B sent back")
roc = fixture.login(st, "roc-rijnland", "a.kuipers@rocrijnland.example")
is_(roc.get("/mbo/dossiers/%s/bijlagen/%s" % (did, bid)).status, 404, "the MBO: nothing before afgerond")
v = st.sql("SELECT version FROM dossier WHERE id = " + did)[0][0]
r = c.post("/dossiers/%s/akkoord" % did, {"csrf": t, "versie": v, "actie": "akkoord", "akkoord": "ja",
                                          "ouder_naam": "Ouder", "ouder_relatie": "moeder",
                                          "ouder_akkoord": "ja"})
is_(r.status, 303, "Akkoord")
r = roc.get("/mbo/dossiers/%s" % did)
contains(r.text, 'href="/mbo/dossiers/%s/bijlagen/%s">scan.png</a>' % (did, bid), "the MBO's view links it")
r = roc.get("/mbo/dossiers/%s/bijlagen/%s" % (did, bid))
ok(r.status == 200 and r.body == PNG, "the MBO downloads it")
pdf = c.get("/dossiers/%s/dossier.pdf" % did).body
text = subprocess.run(["pdftotext", "-", "-"], input=pdf, stdout=subprocess.PIPE).stdout.decode()
contains(" ".join(text.split()), "Bijlage: scan.png", "the final PDF names the file")
contains(text.replace("\n", ""), hashlib.sha256(PNG).hexdigest()[:32], "with its SHA-256")
r = roc.post("/mbo/dossiers/zip", {"csrf": fixture.csrf(roc.get("/mbo/dossiers")), "dossier": did})
is_(r.status, 200, "the zip")
z = zipfile.ZipFile(io.BytesIO(r.body))
name = "dossier-%s-%s.png" % (did, QID)
ok(name in z.namelist() and z.read(name) == PNG, "the zip holds the file", z.namelist())
xml = [n for n in z.namelist() if n.endswith(".xml")]
export = z.read(xml[0]).decode() if xml else ""
contains(export, 'bestand="%s"' % name, "the XML names the file in the zip")
contains(export, 'sha256="%s"' % hashlib.sha256(PNG).hexdigest(), "with its SHA-256")
path = st.path("export.xml")
with open(path, "w") as f:
    f.write(export)
v = subprocess.run(["xmllint", "--noout", "--relaxng", os.path.join(SRCDIR, "schema", "dossier-export.rng"),
                    path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
is_(v.returncode, 0, "the export stays valid against the schema")

done()
