"""A school's regional addendum (extra questions in its tenant file) is one
more step of deel A: shown, counted in the percentages, checked, in the
view and the export; other schools do not get it."""
import os, re, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture, dossiers

st = fixture.start("addendum")
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")
base = len(dossiers.steps("deel-a"))

finn = fixture.login(st, "het-noorderlicht", "2001")
t = fixture.csrf(finn.get("/dossiers"))
r = finn.post("/dossiers/nieuw", {"csrf": t})
did = re.search(r"/dossiers/(\d+)/", r.header("Location")).group(1)
r = finn.get("/dossiers/%s/stap/%d" % (did, base + 1))
is_(r.status, 200, "Het Noorderlicht: deel A has one more step")
contains(r.text, "Regionale aanvulling Noord", "titled as the tenant file says")
contains(r.text, "Heb je een meeloopdag gedaan", "with its questions")
is_(len(re.findall(r'<progress max="100"', finn.get("/dossiers").text)), base + 1,
    "a percentage for it too")
r = finn.post("/dossiers/%s/stap/%d" % (did, base + 1), {"csrf": t, "meeloopdag": "misschien"})
is_(r.status, 422, "its answers are checked like the others")
codes = dossiers.fill(finn, lambda n: "/dossiers/%s/stap/%d" % (did, n), ["deel-a"], t,
                      "het-noorderlicht")
is_(codes, [303] * (base + 1), "every step, the addendum included, saved")
is_(st.sql("SELECT value FROM answer WHERE dossier_id = %s AND question_id = 'meeloopdag'" % did),
    [["nee"]], "the addendum's answer stored")
r = finn.get("/dossiers/%s/opsturen" % did)
contains(r.text, 'name="mentor"', "100% with the addendum: opsturen offered")

sem = fixture.login(st, "de-brug", "1001")
ts = fixture.csrf(sem.get("/dossiers"))
r = sem.post("/dossiers/nieuw", {"csrf": ts})
d2 = re.search(r"/dossiers/(\d+)/", r.header("Location")).group(1)
is_(sem.get("/dossiers/%s/stap/%d" % (d2, base + 1)).status, 404, "De Brug has no addendum step")
ok("Regionale aanvulling" not in sem.get("/dossiers/%s/stap/1" % d2).text, "nor its title")

r = finn.get("/dossiers/%s/bekijken" % did)
contains(r.text, "Regionale aanvulling Noord", "the addendum is in the read-only view")
done()
