"""The MBO sees afgeronde dossiers of students who chose it, only where it
takes part at the student's school, with 'OPP en nader contact'; nothing
before afgerond, nothing of another college."""
import os, re, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture, dossiers

st = fixture.start("mbo")
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")
is_(sorted(st.sql("SELECT t.slug, p.mbo_brin FROM participation p JOIN tenant t ON "
                  "t.id = p.school_tenant_id")),
    [["de-brug", "25LX"], ["de-brug", "27QP"], ["het-noorderlicht", "25LX"]],
    "participation from the tenant files")

sem, t, done_id = dossiers.afgerond(st, fixture, "1001", "j.bakker@debrug.example")
noor, t2, open_id = dossiers.to_akkoord(st, fixture, "1002", "j.bakker@debrug.example")
dossiers.MBO = "techniek-college-oost"
finn, t3, other_id = dossiers.afgerond(st, fixture, "2001", "b.visser@noorderlicht.example",
                                        school="het-noorderlicht")
dossiers.MBO = "roc-rijnland"

roc = fixture.login(st, "roc-rijnland", "a.kuipers@rocrijnland.example")
r = roc.get("/")
contains(r.text, 'href="/mbo/dossiers"', "the MBO's Portal links the dossiers")
r = roc.get("/mbo/dossiers")
is_(r.status, 200, "the MBO's list")
contains(r.text, "Sem de Vries", "lists the afgerond dossier of a student who chose it")
contains(r.text, "Scholengemeenschap De Brug", "with the school")
ok("Noor Bakker" not in r.text, "not one still in the akkoordverklaring")
ok("Finn" not in r.text, "not one that chose another college")
r = roc.get("/mbo/dossiers/%s" % done_id)
is_(r.status, 200, "the MBO opens it")
step = dossiers.steps("deel-b-leerling")[-1]
label = " ".join(step.find(dossiers.NS + "question").find(dossiers.NS + "label").text.split())
contains(" ".join(r.text.split()), label, "with the 'OPP en nader contact' answers")
contains(r.text, "Akkoordverklaring", "and the akkoordverklaring")
is_(roc.get("/mbo/dossiers/%s" % open_id).status, 404, "nothing before afgerond")
is_(roc.get("/mbo/dossiers/%s" % other_id).status, 404, "nothing of a student who chose another college")

tco = fixture.login(st, "techniek-college-oost", "h.mulder@tcoost.example")
r = tco.get("/mbo/dossiers")
ok("Finn" not in r.text, "Techniek College Oost does not take part at Het Noorderlicht: not listed")
is_(tco.get("/mbo/dossiers/%s" % other_id).status, 404, "nor can it open it")
is_(tco.get("/mbo/dossiers/%s" % done_id).status, 404, "nor a dossier for ROC Rijnland")

# Make it take part (a reload of the school's file), and it may.
import shutil
from stack import SRCDIR
src = os.path.join(SRCDIR, "tenants", "het-noorderlicht.xml")
copy = st.path("het-noorderlicht.xml")
with open(src) as f:
    text = f.read()
text = text.replace('<mbo brin="25LX"/>', '<mbo brin="25LX"/><mbo brin="27QP"/>')
with open(copy, "w") as f:
    f.write(text)
st.dddctl("tenant", "load", copy)
contains(tco.get("/mbo/dossiers").text, "Finn Visser", "once it takes part, it sees the dossier")
is_(tco.get("/mbo/dossiers/%s" % other_id).status, 200, "and opens it")

# The XML export: valid against the published schema; the BSN only here.
st.sql("UPDATE account SET geboortedatum = '2010-03-14' WHERE login = '1001'")
sem_bsn = fixture.csrf(sem.get("/"))
r = sem.post("/ddd/bsn", {"bsn": "123456782", "csrf": sem_bsn})
r = roc.get("/mbo/dossiers/%s/xml" % done_id)
is_(r.status, 200, "XML export")
is_(r.header("Content-Type"), "application/xml", "as XML")
is_(r.header("Content-Disposition"), 'attachment; filename="dossier-%s-v2.xml"' % done_id,
    "a safe file name with the version")
xml = st.path("export.xml")
with open(xml, "wb") as f:
    f.write(r.body)
import subprocess
v = subprocess.run(["xmllint", "--noout", "--relaxng", os.path.join(SRCDIR, "schema",
                    "dossier-export.rng"), xml], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
ok(v.returncode == 0, "valid against schema/dossier-export.rng", v.stderr)
contains(r.text, "<bsn>123456782</bsn>", "the BSN is in the export")
contains(r.text, "<achternaam>Vries</achternaam>", "leerling")
contains(r.text, "<geboortedatum>2010-03-14</geboortedatum>", "birth date")
contains(r.text, "<warmeOverdracht>", "zorg / OPP")
ok("123456782" not in roc.get("/mbo/dossiers/%s" % done_id).text, "but not on the page")
ok("123456782" not in st.log("worker.log"), "nor in the log")
contains(st.log("worker.log"), "event=bsn_seen", "who saw a BSN is logged")
is_(tco.get("/mbo/dossiers/%s/xml" % done_id).status, 404, "another college cannot export it")
is_(roc.get("/mbo/dossiers/%s/xml" % open_id).status, 404, "nor before afgerond")

is_(sem.get("/mbo/dossiers").status, 403, "a student has no MBO pages")
j = fixture.login(st, "de-brug", "j.bakker@debrug.example")
is_(j.get("/mbo/dossiers/%s" % done_id).status, 403, "nor has a mentor")
ok("mbo_view" in st.log("worker.log"), "the MBO's views are logged")
done()
