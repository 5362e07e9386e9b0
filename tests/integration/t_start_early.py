"""Deel B early ('Start deel B' in Mijn Leerlingen): only for a student in
the mentor's own classes (the decaan: the whole school), only for a
student without a dossier that is not archived, checked on the locked
student row in the transaction that creates the dossier."""
import os, re, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture

st = fixture.start("start-early")
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")


def sid(login, school="de-brug"):
    return st.sql("SELECT a.id FROM account a JOIN tenant t ON t.id = a.tenant_id "
                  "WHERE a.login = '%s' AND t.slug = '%s'" % (login, school))[0][0]


def dossiers_of(student):
    return int(st.sql("SELECT COUNT(*) FROM dossier WHERE student_id = %s" % student)[0][0])


def start(client, student):
    return client.post("/portal/leerlingen/%s/deel-b-starten" % student,
                       {"csrf": fixture.csrf(client.get("/portal/leerlingen"))})


pieter = fixture.login(st, "de-brug", "p.devries@debrug.example")    # 4H1, 4H2
joost = fixture.login(st, "de-brug", "j.bakker@debrug.example")      # 4K1, 4K2
dec = fixture.login(st, "de-brug", "m.vandenberg@debrug.example")
sem, emma, lucas = sid("1001"), sid("1006"), sid("1005")            # 4K1, 4H1, 4T1

r = start(pieter, sem)
is_(r.status, 404, "a mentor of other classes cannot start deel B for a student (no hint he exists)")
is_(dossiers_of(sem), 0, "and no dossier was made")
ok("Sem de Vries" not in pieter.get("/portal/leerlingen").text, "Sem did not enter his Mijn Leerlingen")
r = start(pieter, emma)
ok(r.status == 303 and "/deel-b/1" in (r.header("Location") or ""), "his own class: started",
   (r.status, r.header("Location")))
is_(dossiers_of(emma), 1, "one dossier")
first = re.search(r"/portal/dossiers/(\d+)/", r.header("Location")).group(1)
r = start(pieter, emma)
is_(r.status, 303, "starting again (a new page) for a student who has one")
is_(r.header("Location"), "/portal/dossiers/%s?al-gestart=1" % first, "goes to the dossier she has")
is_(dossiers_of(emma), 1, "no second dossier")
contains(pieter.get(r.header("Location")).text, "heeft al een dossier", "and says so")

# A student's own open dossier blocks it too; an archived one does not.
s = fixture.login(st, "de-brug", "1001")
r = s.post("/dossiers/nieuw", {"csrf": fixture.csrf(s.get("/dossiers"))})
own = re.search(r"/dossiers/(\d+)/", r.header("Location")).group(1)
r = start(joost, sem)
is_(r.header("Location"), "/portal/dossiers/%s?al-gestart=1" % own, "Sem has an open dossier: shown instead")
is_(dossiers_of(sem), 1, "nothing made")
st.sql("UPDATE dossier SET phase = 'afgerond' WHERE id = %s" % own)
r = start(joost, sem)
is_(r.header("Location"), "/portal/dossiers/%s?al-gestart=1" % own, "a finished dossier too")
r = dec.post("/portal/dossiers/%s/archiveren" % own, {"csrf": fixture.csrf(dec.get("/"))})
is_(r.status, 303, "the decaan archives it")
r = start(joost, sem)
ok(r.status == 303 and "/deel-b/1" in (r.header("Location") or ""), "after archiving, deel B can start anew")
is_(dossiers_of(sem), 2, "a new dossier beside the archived one")

# The decaan: the whole school; a mentor not for another's class, even
# when that student already has a dossier.
r = start(dec, lucas)
ok(r.status == 303 and "/deel-b/1" in (r.header("Location") or ""), "the decaan starts for any class")
r = start(joost, lucas)
is_(r.status, 404, "another mentor's student: not found, even with a dossier")
finn = sid("2001", "het-noorderlicht")
is_(start(dec, finn).status, 404, "a student of another school: not found")
is_(start(joost, 999999).status, 404, "an id that does not exist: not found")
done()
