"""The AVG access log: who viewed or downloaded a student's dossier, from
which organisation, and who saw the BSN, shown to the school's decaan per
student; a student's own views are not in it; no one else reads it."""
import os, re, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture, dossiers

st = fixture.start("access-log")
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")
sem, t, did = dossiers.afgerond(st, fixture, "1001", "j.bakker@debrug.example")
sid = st.sql("SELECT student_id FROM dossier WHERE id = " + did)[0][0]
# A BSN linked, as the student types it at 'Activeer DDD'.
st.sql("UPDATE account SET bsn_sealed = NULL WHERE id = " + sid)
r = sem.post("/ddd/bsn", {"bsn": "123456782", "csrf": fixture.csrf(sem.get("/"))})


def rows():
    return st.sql("SELECT actor_name, actor_org, action FROM access_log WHERE dossier_id = %s "
                  "ORDER BY id" % did)


sem.get("/dossiers/%s/bekijken" % did)
sem.get("/dossiers/%s/dossier.pdf" % did)
is_(rows(), [], "the student's own views are not recorded")

m = fixture.login(st, "de-brug", "j.bakker@debrug.example")
is_(m.get("/portal/dossiers/%s/bekijken" % did).status, 200, "the mentor views the dossier")
is_(m.get("/portal/dossiers/%s/deel-a.pdf" % did).status, 200, "and downloads deel A")
roc = fixture.login(st, "roc-rijnland", "a.kuipers@rocrijnland.example")
is_(roc.get("/mbo/dossiers/%s" % did).status, 200, "the MBO views it")
is_(roc.get("/mbo/dossiers/%s/dossier.pdf" % did).status, 200, "downloads the PDF")
r = roc.get("/mbo/dossiers/%s/xml" % did)
contains(r.text, "<bsn>123456782</bsn>", "and the export with the BSN")
is_(rows(), [["Joost Bakker", "Scholengemeenschap De Brug", "bekeken"],
             ["Joost Bakker", "Scholengemeenschap De Brug", "pdf"],
             ["Annemiek Kuipers", "ROC Rijnland Vakcollege", "bekeken"],
             ["Annemiek Kuipers", "ROC Rijnland Vakcollege", "pdf"],
             ["Annemiek Kuipers", "ROC Rijnland Vakcollege", "xml"],
             ["Annemiek Kuipers", "ROC Rijnland Vakcollege", "bsn"]],
    "each view and download recorded, with who and from where")
ok(all("123456782" not in " ".join(x) for x in st.sql("SELECT * FROM access_log")),
   "the log never holds the BSN itself")

d = fixture.login(st, "de-brug", "m.vandenberg@debrug.example")
r = d.get("/portal/leerlingen")
contains(r.text, 'href="/portal/leerlingen/%s/inzage"' % sid, "Mijn Leerlingen links the decaan to it")
r = d.get("/portal/leerlingen/%s/inzage" % sid)
is_(r.status, 200, "the decaan's access log of the student")
text = " ".join(r.text.split())
contains(text, "Annemiek Kuipers</td><td data-label=\"Organisatie\">ROC Rijnland Vakcollege (mbo)",
         "the MBO user, marked as from the MBO")
contains(text, "<strong>BSN gezien</strong>", "who saw the BSN")
contains(text, "PDF gedownload", "downloads")
contains(text, "Joost Bakker", "the mentor")
is_(m.get("/portal/leerlingen/%s/inzage" % sid).status, 403, "a mentor cannot read it")
is_(roc.get("/portal/leerlingen/%s/inzage" % sid).status, 403, "nor the MBO")
noord = fixture.login(st, "het-noorderlicht", "a.yilmaz@noorderlicht.example")
is_(noord.get("/portal/leerlingen/%s/inzage" % sid).status, 404,
    "another school's decaan: not found")
done()
