"""Dashboard and Mijn Leerlingen: counts per phase in the right scope,
deadlines and how many are past them, the MBOs that take part; students
with their dossiers, aansporen, and 'Start deel B' early."""
import os, re, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture, dossiers
from stack import SRCDIR

st = fixture.start("overview")
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")
sem, t1, d_sem = dossiers.afgerond(st, fixture, "1001", "j.bakker@debrug.example")
noor, t2, d_noor = dossiers.to_akkoord(st, fixture, "1002", "j.bakker@debrug.example")
emma = fixture.login(st, "de-brug", "1006")
emma.post("/dossiers/nieuw", {"csrf": fixture.csrf(emma.get("/dossiers"))})
# Noor has been in the akkoordverklaring for 8 days.
st.sql("UPDATE dossier_event SET at = NOW() - INTERVAL 8 DAY WHERE dossier_id = %s" % d_noor)
st.sql("UPDATE dossier SET phase_at = NOW() - INTERVAL 8 DAY WHERE id = %s" % d_noor)

joost = fixture.login(st, "de-brug", "j.bakker@debrug.example")
r = joost.get("/portal/dashboard")
is_(r.status, 200, "the mentor's dashboard")
def count(text, title):
    m = re.search(title + r'</h2><p class="big">(\d+)</p>', text)
    return int(m.group(1)) if m else None
is_([count(r.text, t) for t in ("Dossiers in deel A", "Dossiers in deel B",
                                 "Dossiers in akkoordverklaring", "Afgeronde dossiers")],
    [0, 0, 1, 1], "Joost: his own classes only (Emma's deel A is not his)")
contains(r.text, "<svg", "a picture of the counts")
contains(r.text, "ROC Rijnland Vakcollege (25LX): neemt deel", "participating MBOs")
dec = fixture.login(st, "de-brug", "m.vandenberg@debrug.example")
r = dec.get("/portal/dashboard")
is_([count(r.text, t) for t in ("Dossiers in deel A", "Dossiers in deel B",
                                 "Dossiers in akkoordverklaring", "Afgeronde dossiers")],
    [1, 0, 1, 1], "the decaan: the whole school")
contains(r.text, "Deadline 12-04-2027", "the deadline of the akkoordverklaring")
m = re.search(r'<title id="klas-title">([^<]*)</title>', r.text)
ok(m is not None and "4K1: " in m.group(1), "a picture per class, its counts in words",
   m.group(1) if m else r.text[:200])
ok(len(re.findall(r'<text x="0" y="\d+" font-size="14" fill="#1b1b1b">', r.text)) >= 1,
   "a bar per class")
noordd = fixture.login(st, "het-noorderlicht", "a.yilmaz@noorderlicht.example")
r = noordd.get("/portal/dashboard")
is_([count(r.text, t) for t in ("Dossiers in deel A", "Dossiers in akkoordverklaring")],
    [0, 0], "the other school counts nothing of De Brug")
contains(r.text, "Techniek College Oost (27QP): <strong>neemt niet deel</strong>",
         "and shows the college that does not take part")

# Deadlines in the past: the dashboard counts who is late.
with open(os.path.join(SRCDIR, "tenants", "de-brug.xml")) as f:
    text = f.read()
text = re.sub(r'<deadline phase="deel_a" date="[^"]*"/>', '<deadline phase="deel_a" date="2026-01-05"/>', text)
text = re.sub(r'<deadline phase="deel_b" date="[^"]*"/>', '<deadline phase="deel_b" date="2026-01-06"/>', text)
text = re.sub(r'<deadline phase="akkoord" date="[^"]*"/>', '<deadline phase="akkoord" date="2026-01-07"/>', text)
with open(st.path("de-brug.xml"), "w") as f:
    f.write(text)
st.dddctl("tenant", "load", st.path("de-brug.xml"))
r = dec.get("/portal/dashboard")
contains(r.text, "Deadline 07-01-2026", "the new deadline, without a restart")
is_(len(re.findall(r'<strong class="late">1 te laat</strong>', r.text)), 2,
    "one dossier late in deel A, one in the akkoordverklaring")

# Mijn Leerlingen.
r = joost.get("/portal/leerlingen")
is_(r.status, 200, "Mijn Leerlingen")
for name in ("Sem de Vries", "Noor Bakker", "Daan van Leeuwen", "Yasmina el Idrissi"):
    contains(r.text, name, "lists " + name + " (4K1/4K2)")
ok("Emma" not in r.text, "not a student of another mentor's class")
contains(r.text, "/portal/dossiers/%s/aansporen" % d_noor, "'Aansporen' for Noor (8 days)")
ok("/portal/dossiers/%s/aansporen" % d_sem not in r.text, "not for an afgerond dossier")
token = fixture.csrf(r)
r = joost.post("/portal/dossiers/%s/aansporen" % d_noor, {"csrf": token})
is_((r.status, r.header("Location")), (303, "/portal/leerlingen?aangespoord=1"), "aangespoord")
is_(st.sql("SELECT kind, to_addr FROM outbox WHERE kind = 'aansporen'"),
    [["aansporen", "noor.bakker@leerling.debrug.example"]], "reminder queued for Noor")
r = joost.post("/portal/dossiers/%s/aansporen" % d_sem, {"csrf": token})
is_(r.status, 409, "no reminder for an afgerond dossier")

# 'Start deel B' early for Daan, who has no dossier.
daan = st.sql("SELECT id FROM account WHERE login = '1003' AND role = 'leerling'")[0][0]
r = joost.post("/portal/leerlingen/%s/deel-b-starten" % daan, {"csrf": token})
ok(r.status == 303 and "/deel-b/1" in (r.header("Location") or ""), "deel B started early",
   (r.status, r.header("Location")))
did = re.search(r"/portal/dossiers/(\d+)/", r.header("Location") or "x/1/").group(1)
is_(st.sql("SELECT phase, created_by = mentor_id FROM dossier WHERE id = " + did),
    [["deel_a", "1"]], "a dossier in deel A, started by the mentor")
r = joost.post("/portal/dossiers/%s/deel-b/1" % did,
               dossiers.step_data(dossiers.steps("deel-b-leerling")[0], token))
is_(r.status, 303, "the mentor fills the leerling-specifieke part")
dc = fixture.login(st, "de-brug", "1003")
r = dc.get("/dossiers")
contains(r.text, "Je mentor is dit dossier alvast begonnen", "Daan finds it")
ok("Nieuw dossier" not in r.text, "instead of 'Nieuw dossier'")
finn = st.sql("SELECT id FROM account WHERE login = '2001'")[0][0]
r = joost.post("/portal/leerlingen/%s/deel-b-starten" % finn, {"csrf": token})
is_(r.status, 404, "not for a student of another school")
done()
