"""The akkoordverklaring: read deel A and B, remarks, 'Akkoord' with a
parent under 18, bound to the version seen; 'Wijzigen'; afgerond is final."""
import os, re, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture, dossiers

st = fixture.start("akkoord")
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")
st.sql("UPDATE account SET geboortedatum = DATE_SUB(CURDATE(), INTERVAL 16 YEAR) WHERE login = '1001'")
st.sql("UPDATE account SET geboortedatum = DATE_SUB(CURDATE(), INTERVAL 19 YEAR) WHERE login = '1006'")

sem, t, did = dossiers.to_akkoord(st, fixture, "1001", "j.bakker@debrug.example")
r = sem.get("/dossiers")
contains(r.text, "Start de akkoordverklaring", "Mijn Dossiers offers 'Start de akkoordverklaring'")
r = sem.get("/dossiers/%s/akkoord" % did)
is_(r.status, 200, "akkoordverklaring page")
for part in ('id="deel-a"', 'id="deel-b-leerling"', 'id="deel-b-dossier"'):
    contains(r.text, part, "shows " + part)
contains(r.text, "&lt;script&gt;alert(1)&lt;/script&gt;", "answers with markup show as text")
ok("<script>alert(1)" not in r.text, "no raw script from answers")
contains(r.text, "jonger dan 18 jaar", "16-year-old: a parent must confirm")
contains(r.text, 'name="versie" value="2"', "bound to version 2")

def post(data):
    d = {"csrf": t, "versie": "2", "actie": "akkoord"}
    d.update(data)
    return sem.post("/dossiers/%s/akkoord" % did, d)

r = post({})
is_(r.status, 422, "nothing ticked: refused")
contains(r.text, "Vink aan dat je akkoord gaat", "asks the student")
contains(r.text, "Vul de naam van je ouder of verzorger in", "asks for the parent")
r = post({"akkoord": "ja", "ouder_naam": "Petra de Vries", "ouder_relatie": "tante",
          "opmerkingen": "Over deel B: ik <b>twijfel</b>"})
is_(r.status, 422, "a relation not in the list is refused")
contains(r.text, "Over deel B: ik &lt;b&gt;twijfel&lt;/b&gt;</textarea>", "remarks stay on the page")
is_(st.sql("SELECT phase FROM dossier WHERE id = " + did), [["akkoord"]], "still in the akkoordverklaring")

# The dossier changes meanwhile: an 'Akkoord' on the old version is refused.
st.sql("UPDATE dossier SET version = 3 WHERE id = " + did)
r = post({"akkoord": "ja", "ouder_naam": "Petra de Vries", "ouder_relatie": "moeder",
          "ouder_akkoord": "ja"})
is_(r.status, 409, "akkoord on a version that changed is refused")
contains(r.text, "gewijzigd nadat je het opende", "says so")
contains(r.text, 'name="versie" value="3"', "shows the new version to agree to")
is_(st.sql("SELECT COUNT(*) FROM akkoordverklaring"), [["0"]], "nothing recorded")

r = post({"versie": "3", "akkoord": "ja", "ouder_naam": "Petra de Vries",
          "ouder_relatie": "moeder", "ouder_akkoord": "ja", "opmerkingen": "Prima zo."})
is_((r.status, r.header("Location")), (303, "/dossiers/%s/bekijken?afgerond=1" % did), "Akkoord")
is_(st.sql("SELECT d.phase, a.version, a.ouder_naam, a.ouder_relatie, a.opmerkingen FROM dossier d "
           "JOIN akkoordverklaring a ON a.dossier_id = d.id WHERE d.id = " + did),
    [["afgerond", "3", "Petra de Vries", "moeder", "Prima zo."]], "afgerond, with who agreed to which version")
is_(st.sql("SELECT kind, to_addr FROM outbox WHERE kind = 'afgerond'"),
    [["afgerond", "sem.devries@leerling.debrug.example"]], "confirmation mail queued")
r = sem.get("/dossiers/%s/bekijken?afgerond=1" % did)
contains(r.text, "Het dossier is afgerond", "notice")
contains(r.text, "Petra de Vries (moeder)", "the akkoordverklaring is in the view")
r = post({"versie": "3", "akkoord": "ja", "ouder_naam": "X", "ouder_relatie": "vader", "ouder_akkoord": "ja"})
is_(r.status, 409, "afgerond is final: a second akkoord is refused")
r = sem.post("/dossiers/%s/akkoord" % did, {"csrf": t, "versie": "3", "actie": "wijzigen"})
is_(r.status, 409, "and cannot go back to deel A")
joost = fixture.login(st, "de-brug", "j.bakker@debrug.example")
r = joost.get("/portal/dossiers/%s/bekijken" % did)
is_(r.status, 200, "the mentor can read the whole dossier")
contains(r.text, "Prima zo.", "with the student's remarks")
noord = fixture.login(st, "het-noorderlicht", "a.yilmaz@noorderlicht.example")
is_(noord.get("/portal/dossiers/%s/bekijken" % did).status, 404, "another school cannot")

# 19 years old: no parent; 'Wijzigen' sends it back, the mentor is told again.
emma, t2, d2 = dossiers.to_akkoord(st, fixture, "1006", "p.devries@debrug.example")
r = emma.get("/dossiers/%s/akkoord" % d2)
ok("jonger dan" not in r.text, "19 years old: no parent asked")
r = emma.post("/dossiers/%s/akkoord" % d2, {"csrf": t2, "versie": "2", "actie": "wijzigen"})
is_((r.status, r.header("Location")), (303, "/dossiers/%s/stap/1" % d2), "Wijzigen: back to deel A")
is_(st.sql("SELECT phase FROM dossier WHERE id = " + d2), [["deel_a"]], "in deel A")
pid = st.sql("SELECT id FROM account WHERE login = 'p.devries@debrug.example'")[0][0]
r = emma.post("/dossiers/%s/opsturen" % d2, {"csrf": fixture.csrf(emma.get("/dossiers")), "mentor": pid})
is_(r.status, 303, "sent again")
is_(st.sql("SELECT COUNT(*) FROM outbox WHERE kind = 'deel-a-ingediend' AND to_addr = "
           "'p.devries@debrug.example' AND body_xml LIKE '%<opnieuw/>%'"), [["1"]],
    "the mentor gets a new message")
mentor = fixture.login(st, "de-brug", "p.devries@debrug.example")
r = mentor.get("/portal/dossiers/%s" % d2)
contains(r.text, "door de leerling teruggezet om te wijzigen", "verloop shows 'Wijzigen'")
r = emma.post("/dossiers/%s/akkoord" % d2, {"csrf": t2, "versie": "3", "actie": "akkoord", "akkoord": "ja"})
is_(r.status, 409, "no akkoord while the dossier is in deel B")
done()
