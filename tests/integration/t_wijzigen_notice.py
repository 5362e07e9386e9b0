"""After 'Wijzigen' in the akkoordverklaring (security review, issue 13):
the student lands on deel A with a notice that the dossier was put back
to change it and what happens next; the notice comes from the dossier's
history (no flag in the address), stays on every step until deel A is
sent again, and is not on a dossier that was never sent or that the
mentor put back."""
import os, re, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture, dossiers

NOTICE = "Je hebt je dossier teruggezet om deel A te wijzigen."

st = fixture.start("wijzigen")
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")

# A dossier never sent: no notice.
c2 = fixture.login(st, "de-brug", "1002")
t2 = fixture.csrf(c2.get("/dossiers"))
r = c2.post("/dossiers/nieuw", {"csrf": t2})
d2 = re.search(r"/dossiers/(\d+)/", r.header("Location")).group(1)
ok(NOTICE not in c2.get("/dossiers/%s/stap/1" % d2).text, "a new dossier: no notice")

c, t, did = dossiers.to_akkoord(st, fixture, "1001", "j.bakker@debrug.example")
ok(NOTICE not in c.get("/dossiers/%s/stap/1" % did).text,
   "in the akkoordverklaring (read-only deel A): no notice")
v = st.sql("SELECT version FROM dossier WHERE id = " + did)[0][0]
r = c.post("/dossiers/%s/akkoord" % did, {"csrf": t, "versie": v, "actie": "wijzigen"})
is_((r.status, r.header("Location")), (303, "/dossiers/%s/stap/1" % did), "Wijzigen: to deel A step 1")
r = c.get(r.header("Location"))
is_(r.status, 200, "step 1")
text = " ".join(re.sub(r"<[^>]+>", " ", r.text).split())
contains(text, NOTICE, "step 1 says the dossier was put back to change it")
contains(text, "klik daarna op ‘Opsturen’: je mentor krijgt dan opnieuw een bericht",
         "and what happens next")
ok('role="status"' in r.text[r.text.find(NOTICE) - 300:r.text.find(NOTICE)],
   "as a status notice")
contains(c.get("/dossiers/%s/stap/3" % did).text, NOTICE, "other steps say it too")

# Saving a step does not make it go away; sending deel A again does.
step1 = dossiers.steps("deel-a")[0]
r = c.post("/dossiers/%s/stap/1" % did, dossiers.step_data(step1, t))
is_(r.status, 303, "a step saved after Wijzigen")
contains(c.get(r.header("Location")).text, NOTICE, "the notice stays until deel A is sent again")
mid = st.sql("SELECT id FROM account WHERE login = 'j.bakker@debrug.example'")[0][0]
r = c.post("/dossiers/%s/opsturen" % did, {"csrf": fixture.csrf(c.get("/dossiers")), "mentor": mid})
is_(r.status, 303, "deel A sent again")
ok(NOTICE not in c.get("/dossiers/%s/stap/1" % did).text, "sent again: no notice")

# The mentor puts it back ('terugzetten'): that is not the student's Wijzigen.
m = fixture.login(st, "de-brug", "j.bakker@debrug.example")
mt = fixture.csrf(m.get("/portal/dossiers/%s" % did))
r = m.post("/portal/dossiers/%s/terugzetten" % did, {"csrf": mt, "reden": "Vul je opleiding aan."})
is_(r.status, 303, "the mentor puts deel A back")
ok(NOTICE not in c.get("/dossiers/%s/stap/1" % did).text,
   "put back by the mentor: not the Wijzigen notice")

done()
