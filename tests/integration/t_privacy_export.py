"""Inzageverzoek (AVG art. 15, issue 20): the decaan makes one zip of
everything the school holds about a student (account, both dossiers with
their answers, files, history, akkoordverklaring and stored PDFs, the
mails, the access log, the MBO's status, the audit trail; the BSN only as
linked with its last three digits), as a readable PDF and an XML file
that validates against its schema, in seconds, logged in the audit trail;
nothing of a classmate with the same kind of data.  The student downloads
the same of their own data, as far as they may see it (deel B not before
the mentor sends it back)."""
import io, os, re, subprocess, sys, tempfile, time, zipfile
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture, privacy_setup
from privacy_setup import DECAAN
from stack import SRCDIR

st = fixture.start("privacy-export")
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")
sem = privacy_setup.student(st, fixture, "1001", "SEMTEKST", "123456782")
noor = privacy_setup.student(st, fixture, "1002", "NOORTEKST", "111222333")
d1, d2 = sem["dossiers"]
ok(st.sql("SELECT COUNT(*) FROM bijlage WHERE dossier_id IN (%s, %s)" % (d1, d2)) == [["2"]],
   "Sem has two dossiers with a file each")

d = fixture.login(st, "de-brug", DECAAN)
page = d.get("/portal/leerlingen/%s/inzage" % sem["id"])
contains(page.text, 'action="/portal/leerlingen/%s/export"' % sem["id"],
         "the student's inzage page has the export")
contains(page.text, 'href="/portal/leerlingen/%s/verwijderen"' % sem["id"], "and the erasure")
token = fixture.csrf(page)
t0 = time.monotonic()
r = d.post("/portal/leerlingen/%s/export" % sem["id"], {"csrf": token})
took = time.monotonic() - t0
is_(r.status, 200, "the decaan's export")
is_(r.header("Content-Type"), "application/zip", "a zip")
ok(re.match(r'attachment; filename="inzage-1001-\d{4}-\d\d-\d\d\.zip"',
            r.header("Content-Disposition") or ""), "named after the student",
   r.header("Content-Disposition"))
ok(took < 5, "made within seconds for two dossiers (%.2f s)" % took)
print("# export of 2 dossiers with files: %.2f s, %d bytes" % (took, len(r.body)))

z = zipfile.ZipFile(io.BytesIO(r.body))
names = z.namelist()
print("# " + " ".join(names))
ok({"inzage-1001.pdf", "inzage-1001.xml", "privacy-export.rng"} <= set(names),
   "the PDF, the XML and its schema", names)
ok("bijlagen/dossier-%s-a_loopbaandossier_bestand.pdf" % d1 in names and
   "bijlagen/dossier-%s-a_loopbaandossier_bestand.pdf" % d2 in names,
   "both dossiers' files", names)
is_(z.read("bijlagen/dossier-%s-a_loopbaandossier_bestand.pdf" % d2),
    privacy_setup.attachment("SEMTEKST", 2), "the file as the student attached it")
ok("documenten/dossier-%s-dossier-v%s-definitief.pdf" % (
    d1, st.sql("SELECT version FROM dossier WHERE id = " + d1)[0][0]) in names,
   "the afgeronde dossier's final PDF", names)
ok("documenten/dossier-%s-deel_a-v1.pdf" % d2 in names, "the stored deel A the mentor made", names)
with open(os.path.join(SRCDIR, "schema", "privacy-export.rng"), "rb") as f:
    is_(z.read("privacy-export.rng"), f.read(), "the schema in the zip is the published one")

tmp = tempfile.mkdtemp(prefix="ddd-inzage-")
z.extractall(tmp)
xmlpath = os.path.join(tmp, "inzage-1001.xml")
v = subprocess.run(["xmllint", "--noout", "--relaxng", os.path.join(tmp, "privacy-export.rng"),
                    xmlpath], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
is_(v.returncode, 0, "the XML validates against its schema: " + v.stderr.strip())
xml = z.read("inzage-1001.xml").decode()
pdf = subprocess.run(["pdftotext", "-layout", os.path.join(tmp, "inzage-1001.pdf"), "-"],
                     stdout=subprocess.PIPE, text=True, check=True).stdout
flat = " ".join(pdf.split())
if os.environ.get("DDD_KEEP_INZAGE"):
    import shutil
    shutil.copy(os.path.join(tmp, "inzage-1001.pdf"), os.environ["DDD_KEEP_INZAGE"])

# Every kind of data of the student.
contains(xml, 'omvang="school"', "the school's view")
contains(xml, "<leerlingnummer>1001</leerlingnummer>", "account: leerlingnummer")
contains(xml, "<roepnaam>Sem</roepnaam>", "name")
contains(xml, "<geboortedatum>2010-03-14</geboortedatum>", "birth date")
contains(xml, "<emailadres>sem.devries@leerling.debrug.example</emailadres>", "e-mail")
contains(xml, '<bsn gekoppeld="true" laatsteCijfers="782"/>', "BSN: linked, last three digits")
ok("123456782" not in xml and "123456782" not in pdf, "never the BSN itself")
contains(xml, "<sessie ", "sessions")
for did in (d1, d2):
    contains(xml, '<dossier id="%s"' % did, "dossier %s" % did)
contains(xml, "SEMTEKST antwoord a_motivatie", "deel A's answers")
contains(xml, "SEMTEKST MENTORNOTITIE", "deel B as written so far (the school sees it)")
contains(xml, 'bestand="bijlagen/dossier-%s-a_loopbaandossier_bestand.pdf"' % d1,
         "files named as in the zip")
contains(xml, "<opmerkingen>SEMTEKST opmerking</opmerkingen>", "the akkoordverklaring")
contains(xml, '<ouder relatie="moeder">Ouder van SEMTEKST</ouder>', "with the parent")
contains(xml, 'soort="deel_a_opgestuurd"', "the history")
contains(xml, 'soort="stap_opgeslagen"', "every event, saved steps too")
contains(xml, '<document soort="dossier"', "the stored PDFs")
contains(xml, "<mboSchool>ROC Rijnland Vakcollege</mboSchool>", "the chosen college")
contains(xml, 'aan="sem.devries@leerling.debrug.example"', "mails to the student")
contains(xml, 'aan="j.bakker@debrug.example" status="queued" aanMedewerker="true"',
         "and to the mentor about the student")
ok("<link>" not in xml and "activeren/wachtwoord" not in xml, "no mail bodies, no links")
contains(xml, "<wie>Annemiek Kuipers</wie>", "the access log: the MBO's views")
contains(xml, 'wat="bsn"', "who saw the BSN")
contains(xml, 'wat="mail_opnieuw"', "the audit trail: the mail sent again")
contains(xml, 'wat="inzage_export"', "and this export")
contains(xml, "Van eerdere versies van een dossier bewaart het systeem geen antwoorden",
         "what is not kept of earlier versions, said")

contains(flat, "Alle gegevens van Sem de Vries", "the PDF has the student's name")
contains(flat, "SEMTEKST antwoord a_motivatie", "and the dossiers' text")
contains(flat, "SEMTEKST MENTORNOTITIE", "both dossiers")
contains(flat, "gekoppeld (eindigt op 782)", "the BSN as linked")
contains(flat, "Annemiek Kuipers", "who looked")

# Nothing of the classmate with the same kind of data.
everything = xml + pdf
for name in names:
    if name.endswith(".pdf") and name != "inzage-1001.pdf":
        everything += subprocess.run(["pdftotext", os.path.join(tmp, name), "-"],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     text=True).stdout
for mark in ("NOORTEKST", "Noor ", "noor.bakker", "1002<", "111222333", "laatsteCijfers=\"333\""):
    ok(mark not in everything, "nothing of the classmate: %r" % mark)
for did in noor["dossiers"]:
    ok('<dossier id="%s"' % did not in xml and 'dossier="%s"' % did not in xml,
       "not the classmate's dossier %s" % did)
ok(all(privacy_setup.attachment("NOORTEKST", n) not in z.read(x)
       for n in (1, 2) for x in names), "nor the classmate's files")

# Recorded: one audit row, and the views in the access log.
rows = st.sql("SELECT actor_name, actor_role, subject_id FROM audit_log WHERE action = 'inzage_export'")
is_(rows, [["Marieke van den Berg", "decaan", sem["id"]]], "one audit row, by the decaan, about Sem")
is_(st.sql("SELECT COUNT(*) FROM access_log WHERE action = 'export' AND student_id = " + sem["id"]),
    [["2"]], "each dossier's export in the access log")

# The same form again (a double click): done once.
r = d.post("/portal/leerlingen/%s/export" % sem["id"], {"csrf": token})
is_(r.status, 409, "the same form again: 'Al verwerkt'")
is_(st.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'inzage_export'"), [["1"]],
    "and no second audit row")

# Others may not.
noord = fixture.login(st, "het-noorderlicht", "a.yilmaz@noorderlicht.example")
r = noord.post("/portal/leerlingen/%s/export" % sem["id"], {"csrf": fixture.csrf(noord.get("/"))})
is_(r.status, 404, "another school's decaan: not found")
m = fixture.login(st, "de-brug", privacy_setup.MENTOR)
r = m.post("/portal/leerlingen/%s/export" % sem["id"], {"csrf": fixture.csrf(m.get("/"))})
is_(r.status, 403, "a mentor may not")

# The student: their own data, as they may see it.
c = sem["client"]
r = c.get("/")
contains(r.text, 'href="/mijn-gegevens"', "the student's start page links to Mijn gegevens")
page = c.get("/mijn-gegevens")
is_(page.status, 200, "Mijn gegevens")
contains(page.text, 'action="/mijn-gegevens/export"', "with the download")
r = c.post("/mijn-gegevens/export", {"csrf": fixture.csrf(page)})
is_(r.status, 200, "the student's own export")
z = zipfile.ZipFile(io.BytesIO(r.body))
own = z.read("inzage-1001.xml").decode()
with open(os.path.join(tmp, "own.xml"), "w") as f:
    f.write(own)
v = subprocess.run(["xmllint", "--noout", "--relaxng", os.path.join(SRCDIR, "schema",
                    "privacy-export.rng"), os.path.join(tmp, "own.xml")],
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
is_(v.returncode, 0, "validates too: " + v.stderr.strip())
contains(own, 'omvang="leerling"', "the student's view")
contains(own, "SEMTEKST antwoord a_motivatie", "with their answers")
contains(own, "<opmerkingen>SEMTEKST opmerking</opmerkingen>", "and their akkoordverklaring")
ok("SEMTEKST MENTORNOTITIE" not in own,
   "but not deel B of the dossier still with the mentor (fcgi/visibility.c)")
ok("documenten/dossier-%s-deel_a-v1.pdf" % d2 in z.namelist(), "deel A's stored PDF",
   z.namelist())
contains(own, "<wie>Annemiek Kuipers</wie>", "who looked at their dossier")
ok("NOORTEKST" not in own and "noor.bakker" not in own, "nothing of the classmate")
is_(st.sql("SELECT actor_role, subject_id FROM audit_log WHERE action = 'inzage_export' "
           "ORDER BY id DESC LIMIT 1"), [["leerling", sem["id"]]],
    "the school's audit trail has the student's download")
is_(st.sql("SELECT COUNT(*) FROM access_log WHERE action = 'export' AND student_id = " + sem["id"]),
    [["2"]], "a student's own download is not an access by someone else")
done()
