"""Documents: deel A, deel B and the whole dossier as PDF (Apache FOP) and
as XSL-FO; rendered once for the data they show; the final PDF made at
'Akkoord', immutable, its SHA-256 shown to the MBO and matching the mail's
attachment and the zip; a failing or hanging renderer gives a clear page
and changes nothing."""
import email, email.policy, hashlib, io, os, re, subprocess, sys, threading, time, zipfile
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture, dossiers
from stack import SRCDIR, BUILDDIR

st = fixture.start("documents", smtp=True)
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")
# Names in other scripts, and the characters that must come out as typed.
st.sql("UPDATE account SET roepnaam = 'Çağla', tussenvoegsel = '', achternaam = 'Yılmaz 王' "
       "WHERE login = '1001'")
TRICKY = 'Mijn <b>antwoord</b> & "zo" \'n keer, محمد, 学生, Ünïcode'


def pdftext(data):
    r = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return r.stdout.decode("utf-8", "replace")


def pdfpages(data):
    r = subprocess.run(["pdfinfo", "-"], input=data, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=False)
    m = re.search(rb"Pages:\s+(\d+)", r.stdout)
    return int(m.group(1)) if m else 0


def renders():
    with open(st.path("worker.log"), errors="replace") as f:
        return f.read().count("event=pdf_render ")


def download_ok(r, what, name_part):
    is_(r.status, 200, what)
    is_(r.header("Content-Type"), "application/pdf", what + ": Content-Type")
    disp = r.header("Content-Disposition") or ""
    ok(re.fullmatch(r'attachment; filename="[a-z0-9.-]+\.pdf"', disp) is not None and
       name_part in disp, what + ": Content-Disposition with a safe name", disp)
    is_(r.header("Cache-Control"), "private, no-store", what + ": not cached")
    ok(r.body.startswith(b"%PDF-") and r.body.rstrip().endswith(b"%%EOF"), what + ": a whole PDF")


# --- deel A while it is being filled ------------------------------------------
c = fixture.login(st, "de-brug", "1001")
t = fixture.csrf(c.get("/dossiers"))
r = c.post("/dossiers/nieuw", {"csrf": t})
did = re.search(r"/dossiers/(\d+)/", r.header("Location")).group(1)
codes = dossiers.fill(c, lambda n: "/dossiers/%s/stap/%d" % (did, n), ["deel-a"], t)
ok(all(x == 303 for x in codes), "deel A filled", codes)
# One long-text answer with everything awkward in it.
qid = st.sql("SELECT question_id FROM answer WHERE dossier_id = %s AND value LIKE 'Een antwoord%%' "
             "ORDER BY question_id LIMIT 1" % did)[0][0]
st.sql("UPDATE answer SET value = '%s' WHERE dossier_id = %s AND question_id = '%s'"
       % (TRICKY.replace("'", "''"), did, qid))

before = renders()
t0 = time.monotonic()
r = c.get("/dossiers/%s/deel-a.pdf" % did)
cold = time.monotonic() - t0
download_ok(r, "deel A as PDF for the student", "deel-a")
print("# cold render of deel A: %.2f s" % cold)
text = pdftext(r.body)
contains(text, "Doorstroomdossier – deel A", "the title")
contains(text, "Scholengemeenschap De Brug", "the school's name")
contains(text, "Çağla Yılmaz 王", "the student's name, as typed")
contains(text, 'Mijn <b>antwoord</b> & "zo" \'n keer', "<, &, quotes come out as typed")
contains(text, "学生", "Chinese as typed")
contains(text, "Ünïcode", "accents as typed")
ok("محمد" in text or "\u202bمحمد" in text or "دمحم" in text, "Arabic letters are in the text")
n = pdfpages(r.body)
ok(n >= 2, "deel A has its pages", n)
contains(text, "pagina 1 van %d" % n, "'pagina N van M' on the first page")
contains(text, "pagina %d van %d" % (n, n), "and on the last")
contains(text, "Dossier %s, versie 0" % did, "dossier and version on every page")
is_(renders() - before, 1, "rendered once")
first = r.body

r = c.get("/dossiers/%s/deel-a.pdf" % did)
is_(r.body, first, "a second download: the same bytes")
is_(renders() - before, 1, "and not rendered again")
is_(st.sql("SELECT COUNT(*) FROM document WHERE dossier_id = %s" % did)[0][0], "1", "one stored")

# Changed data: a new render, and the old one goes.
changed = dossiers.step_data(dossiers.steps("deel-a")[0], t)
changed["a_woonplaats"] = "Zwolle"
r = c.post("/dossiers/%s/stap/1" % did, changed)
is_(r.status, 303, "a step saved again, with another answer")
r = c.get("/dossiers/%s/deel-a.pdf" % did)
is_(r.status, 200, "deel A again")
ok(r.body != first, "after a change: a new PDF")
is_(renders() - before, 2, "rendered for the new data")
is_(st.sql("SELECT COUNT(*) FROM document WHERE dossier_id = %s" % did)[0][0], "1",
    "the older render is dropped")

r = c.get("/dossiers/%s/deel-a.fo" % did)
is_(r.status, 200, "deel A as XSL-FO")
is_(r.header("Content-Type"), "application/xslfo+xml", "FO Content-Type")
contains(r.text, '<fo:root xmlns:fo="http://www.w3.org/1999/XSL/Format"', "an FO document")
contains(r.text, "Mijn &lt;b&gt;antwoord&lt;/b&gt; &amp;", "answers escaped in the FO")

is_(c.get("/dossiers/%s/deel-b.pdf" % did).status, 404, "no deel B for the student in deel A")
is_(c.get("/dossiers/%s/dossier.pdf" % did).status, 404, "no final PDF before afgerond")
other = fixture.login(st, "de-brug", "1002")
is_(other.get("/dossiers/%s/deel-a.pdf" % did).status, 404, "another student: not found")
noord = fixture.login(st, "het-noorderlicht", "b.visser@noorderlicht.example")
is_(noord.get("/portal/dossiers/%s/deel-a.pdf" % did).status, 404, "another school: not found")

# --- deel B and the akkoordverklaring -------------------------------------------
mid = st.sql("SELECT id FROM account WHERE login = 'j.bakker@debrug.example'")[0][0]
is_(c.post("/dossiers/%s/opsturen" % did, {"csrf": t, "mentor": mid}).status, 303, "deel A sent")
m = fixture.login(st, "de-brug", "j.bakker@debrug.example")
mt = fixture.csrf(m.get("/"))
r = m.get("/portal/dossiers/%s/deel-b/1" % did)
contains(r.text, 'href="/portal/dossiers/%s/deel-a.pdf"' % did, "deel B page: the 'Deel A' PDF button")
r = m.get("/portal/dossiers/%s/deel-a.pdf" % did)
download_ok(r, "deel A as PDF for the mentor", "deel-a")
codes = dossiers.fill(m, lambda n: "/portal/dossiers/%s/deel-b/%d" % (did, n),
                      ["deel-b-leerling", "deel-b-dossier"], mt)
ok(all(x == 303 for x in codes), "deel B filled", codes)
is_(m.post("/portal/dossiers/%s/opsturen" % did, {"csrf": mt}).status, 303, "deel B sent back")
r = c.get("/dossiers/%s/akkoord" % did)
contains(r.text, 'href="/dossiers/%s/deel-b.pdf"' % did, "akkoordverklaring: the 'Deel B' PDF button")
r = c.get("/dossiers/%s/deel-b.pdf" % did)
download_ok(r, "deel B for the student in the akkoordverklaring", "deel-b")
contains(pdftext(r.body), "Doorstroomdossier – deel B", "deel B's title")

# --- a renderer that fails, then one that hangs: clear page, nothing changed ----
fail = st.path("fop-fails")
with open(fail, "w") as f:
    f.write("#!/bin/sh\necho 'SEVERE: test renderer refuses' >&2\nexit 1\n")
os.chmod(fail, 0o755)
hang = st.path("fop-hangs")
with open(hang, "w") as f:
    f.write("#!/bin/sh\nsleep 60\n")
os.chmod(hang, 0o755)


def restart(**extra):
    # These runs are about Apache FOP out of process: failing, hanging,
    # every slot taken; and the whole test compares with FOP's output.
    extra.setdefault("pdf_renderer", "fop")
    st.stop_worker()
    st.write_config({k: str(v) for k, v in extra.items()})
    st.start_worker()


v = st.sql("SELECT version FROM dossier WHERE id = " + did)[0][0]
agree = {"csrf": t, "versie": v, "actie": "akkoord", "akkoord": "ja", "ouder_naam": "Ayşe Yılmaz",
         "ouder_relatie": "moeder", "ouder_akkoord": "ja"}
restart(fop=fail)
r = c.post("/dossiers/%s/akkoord" % did, agree)
is_(r.status, 503, "Akkoord while the renderer fails: 503")
contains(r.text, "De PDF van je dossier kon nu niet worden gemaakt", "the akkoord page again, saying why")
contains(r.text, 'value="Ayşe Yılmaz"', "with what was typed")
is_(st.sql("SELECT phase FROM dossier WHERE id = " + did)[0][0], "akkoord", "the dossier is as it was")
is_(st.sql("SELECT COUNT(*) FROM akkoordverklaring WHERE dossier_id = " + did)[0][0], "0",
    "no akkoordverklaring stored")
is_(st.sql("SELECT COUNT(*) FROM outbox WHERE kind = 'afgerond'")[0][0], "0", "no mail queued")
contains(open(st.path("worker.log")).read(), "test renderer refuses", "FOP's reason in the log")

restart(fop=hang, pdf_timeout=2)
t0 = time.monotonic()
r = c.get("/dossiers/%s/deel-b.fo" % did)
is_(r.status, 200, "the FO needs no renderer")
c.get("/dossiers/%s/stap/1" % did)
st.sql("DELETE FROM document WHERE dossier_id = " + did)
t0 = time.monotonic()
r = c.get("/dossiers/%s/deel-b.pdf" % did)
took = time.monotonic() - t0
is_(r.status, 503, "a hanging renderer: 503")
ok(took < 10, "ends in time (timeout 2 s)", "%.1f s" % took)
time.sleep(0.5)
ps = subprocess.run(["pgrep", "-f", hang], stdout=subprocess.PIPE, text=True).stdout.split()
is_(ps, [], "the hanging renderer was killed")

# Every slot taken: the next one waits pdf_queue_wait, then a clear 503.
restart(fop=hang, pdf_timeout=4, pdf_concurrency=1, pdf_queue_wait=1)
results = {}
th = threading.Thread(target=lambda: results.setdefault("first", c.get("/dossiers/%s/deel-b.pdf" % did)))
th.start()
time.sleep(1)
r = c.get("/dossiers/%s/deel-a.pdf" % did)
is_(r.status, 503, "no render slot: 503")
contains(r.text, "Even druk", "with 'Even druk'")
th.join()
restart()

# --- Akkoord: the final PDF, once, and the mail carries it -----------------------
r = c.post("/dossiers/%s/akkoord" % did, agree)
is_(r.status, 303, "Akkoord with the renderer back")
row = st.sql("SELECT id, sha256, source_sha256, bytes, version FROM document WHERE dossier_id = %s "
             "AND final = 1" % did)
is_(len(row), 1, "one final PDF stored")
fid, sha, kenmerk, nbytes, fversion = row[0] if row else ("", "", "", "", "")
is_(fversion, v, "for the version agreed to")
r = c.get("/dossiers/%s/dossier.pdf" % did)
download_ok(r, "'Print' for the student", "dossier")
is_(hashlib.sha256(r.body).hexdigest(), sha, "the download is the stored PDF (SHA-256)")
final_text = pdftext(r.body)
contains(final_text, kenmerk, "the kenmerk is printed on it")
contains(final_text, "Akkoordverklaring", "with the akkoordverklaring")
contains(final_text, "Ayşe Yılmaz (moeder)", "and the parent who agreed")
contains(final_text, "Verloop", "and the history")
contains(final_text, "deel A opgestuurd", "in words")
r = c.get("/dossiers")
contains(r.text, 'href="/dossiers/%s/dossier.pdf"' % did, "Mijn Dossiers: 'Print'")
r = m.get("/portal/dossiers/%s/dossier.pdf" % did)
is_(hashlib.sha256(r.body).hexdigest(), sha, "the mentor gets the same PDF")
restart()
r = c.get("/dossiers/%s/dossier.pdf" % did)
is_(hashlib.sha256(r.body).hexdigest(), sha, "after a restart: still the same bytes")
is_(st.sql("SELECT COUNT(*) FROM document WHERE dossier_id = %s AND final = 1" % did)[0][0], "1",
    "never made twice")
err = subprocess.run(["mariadb", "--no-defaults", "-S", st.dbsock, "-uroot", "ddd", "-e",
                      "INSERT INTO document (tenant_id, dossier_id, kind, version, final, "
                      "source_sha256, sha256, bytes, pdf) SELECT tenant_id, dossier_id, kind, "
                      "version, 1, 'x', 'y', 1, 'z' FROM document WHERE id = %s" % fid],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
ok(err.returncode != 0 and "Duplicate" in err.stderr, "the database refuses a second final PDF",
   err.stderr.strip())

# The confirmation mail, with the PDF attached.
ob = st.sql("SELECT id, document_id FROM outbox WHERE kind = 'afgerond'")
ok(len(ob) == 1 and ob[0][1] == fid, "the confirmation mail names the final PDF", ob)
r = subprocess.run([os.path.join(BUILDDIR, "ddd-mailer"), "-1", "-f", st.config, "--smtp",
                    "smtp://127.0.0.1:%d" % st.smtp_port], stdout=subprocess.PIPE,
                   stderr=subprocess.PIPE, text=True, timeout=120)
is_(r.returncode, 0, "the sender runs")
msgs = []
folder = os.path.join(st.maildir, "new")
for name in os.listdir(folder):
    with open(os.path.join(folder, name), "rb") as f:
        msg = email.message_from_bytes(f.read(), policy=email.policy.default)
    if "afgerond" in str(msg.get("Subject", "")):
        msgs.append(msg)
is_(len(msgs), 1, "the confirmation arrived")
body = msgs[0].get_body(preferencelist=("plain",)) if msgs else None
contains(body.get_content() if body else "", "Het afgeronde dossier zit als PDF bij deze mail",
         "its text says the PDF is attached")
atts = [p for p in (msgs[0].iter_attachments() if msgs else [])]
ok(len(atts) == 1 and atts[0].get_content_type() == "application/pdf", "with one PDF attached",
   [a.get_content_type() for a in atts])
if atts:
    data = atts[0].get_payload(decode=True)
    is_(hashlib.sha256(data).hexdigest(), sha, "the attachment is the stored PDF (SHA-256)")
    ok(re.fullmatch(r"doorstroomdossier-\d+-v\d+\.pdf", atts[0].get_filename() or "") is not None,
       "with a plain file name", atts[0].get_filename())

# --- the MBO: PDF with its SHA-256, and a zip of PDF + XML ---------------------
roc = fixture.login(st, "roc-rijnland", "a.kuipers@rocrijnland.example")
r = roc.get("/mbo/dossiers/%s" % did)
contains(r.text, sha, "the MBO sees the PDF's SHA-256")
contains(r.text, kenmerk, "and the kenmerk printed on it")
r = roc.get("/mbo/dossiers/%s/dossier.pdf" % did)
download_ok(r, "the MBO's download", "dossier")
is_(hashlib.sha256(r.body).hexdigest(), sha, "the MBO gets the stored PDF")
contains(open(st.path("worker.log")).read(), "event=document_download", "downloads are logged")

# A second dossier whose answers hold a number that passes the 11-proef:
# its confirmation goes without the PDF (no BSN in any mail).
sem, t2, did2 = dossiers.to_akkoord(st, fixture, "1002", "j.bakker@debrug.example")
st.sql("UPDATE answer SET value = 'Mijn nummer is 111222333' WHERE dossier_id = %s AND "
       "value LIKE 'Een antwoord%%' LIMIT 1" % did2)
v2 = st.sql("SELECT version FROM dossier WHERE id = " + did2)[0][0]
r = sem.post("/dossiers/%s/akkoord" % did2, {"csrf": t2, "versie": v2, "actie": "akkoord",
                                             "akkoord": "ja", "ouder_naam": "Ouder",
                                             "ouder_relatie": "vader", "ouder_akkoord": "ja"})
is_(r.status, 303, "Akkoord on a dossier with an 11-proef number in an answer")
row = st.sql("SELECT document_id IS NULL, body_xml LIKE '%%<bijlage/>%%' FROM outbox WHERE "
             "kind = 'afgerond' AND account_id = (SELECT student_id FROM dossier WHERE id = %s)"
             % did2)
ok(row == [["1", "0"]], "its confirmation mail goes without the PDF", row)
is_(st.sql("SELECT COUNT(*) FROM document WHERE dossier_id = %s AND final = 1" % did2)[0][0], "1",
    "the final PDF is stored all the same")
r = roc.get("/mbo/dossiers")
contains(r.text, 'name="dossier" value="%s"' % did, "the list: a box to choose each dossier")
rt = fixture.csrf(r)
r = roc.post("/mbo/dossiers/zip", "csrf=%s&dossier=%s&dossier=%s" % (rt, did, did2),
             headers={"Content-Type": "application/x-www-form-urlencoded"})
is_(r.status, 200, "the zip of two dossiers")
is_(r.header("Content-Type"), "application/zip", "zip Content-Type")
contains(r.header("Content-Disposition") or "", 'filename="doorstroomdossiers.zip"', "zip file name")
try:
    z = zipfile.ZipFile(io.BytesIO(r.body))
    names = sorted(z.namelist())
except zipfile.BadZipFile:
    z, names = None, []
ok(len(names) == 4, "a PDF and an XML each", names)
pdfname = [n for n in names if n.startswith("dossier-%s-" % did) and n.endswith(".pdf")]
ok(z is not None and len(pdfname) == 1 and
   hashlib.sha256(z.read(pdfname[0])).hexdigest() == sha, "the zip's PDF is the stored one")
xmlname = [n for n in names if n.startswith("dossier-%s-" % did) and n.endswith(".xml")]
if z is not None and xmlname:
    path = st.path("export.xml")
    with open(path, "wb") as f:
        f.write(z.read(xmlname[0]))
    v = subprocess.run(["xmllint", "--noout", "--relaxng",
                        os.path.join(SRCDIR, "schema", "dossier-export.rng"), path],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    is_(v.returncode, 0, "the zip's XML is valid against the published schema")
else:
    ok(False, "the zip holds the XML")
r = roc.post("/mbo/dossiers/zip", "csrf=%s&dossier=%s&dossier=999999" % (rt, did),
             headers={"Content-Type": "application/x-www-form-urlencoded"})
is_(r.status, 404, "a dossier the MBO may not see: the whole zip refused")
r = roc.post("/mbo/dossiers/zip", {"csrf": rt})
is_(r.status, 422, "nothing chosen: the list again")
contains(r.text, "Kies eerst een of meer dossiers", "with what to do")
r = roc.post("/mbo/dossiers/zip", {"csrf": rt, "dossier": "1x"})
is_(r.status, 400, "a malformed id: 400")
tco = fixture.login(st, "techniek-college-oost", "h.mulder@tcoost.example")
is_(tco.get("/mbo/dossiers/%s/dossier.pdf" % did).status, 404, "another college: not found")

done()
