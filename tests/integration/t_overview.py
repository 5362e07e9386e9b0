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
# A row per class in the picture: its name, a bar per phase coloured by
# ddd.css (class), and its total.
rows = re.findall(r'<g transform="translate\(0 \d+\)"><text x="0" y="17">([^<]*)</text>'
                  r'((?:<rect [^>]*class="(?:deel_a|deel_b|akkoord|afgerond)"></rect>)+)', r.text)
ok(len(rows) >= 1 and len(rows) == m.group(1).count(": ") - 1 and
   all(n in m.group(1) for n, _ in rows), "a bar per class",
   rows or r.text[r.text.find('id="klas-kop"'):][:600])
noordd = fixture.login(st, "het-noorderlicht", "a.yilmaz@noorderlicht.example")
r = noordd.get("/portal/dashboard")
is_([count(r.text, t) for t in ("Dossiers in deel A", "Dossiers in akkoordverklaring")],
    [0, 0], "the other school counts nothing of De Brug")
ok("ROC Rijnland Vakcollege (25LX): neemt deel" in r.text and "Techniek College Oost" not in r.text
   and "Een mbo-school die hier niet staat, neemt niet deel" in r.text,
   "the college that takes part there is listed, the one that does not is not (national size: "
   "the school's colleges, not the instance's), and the page says what a missing one means")

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
# Mijn Leerlingen: one class, a search, bad input, and a large school.
r = joost.get("/portal/leerlingen?klas=4K2")
ok(r.status == 200 and "Daan van Leeuwen" in r.text and "Sem de Vries" not in r.text,
   "klas=4K2: that class only")
contains(r.text, '<option value="4K2" selected>4K2 (2)</option>', "the class stays chosen")
ok('value="4H1"' not in r.text, "a mentor chooses among his own classes only")
r = joost.get("/portal/leerlingen?klas=4H1")
ok(r.status == 200 and "Emma" not in r.text and "Geen leerlingen gevonden" in r.text,
   "another mentor's class by hand: nobody")
r = joost.get("/portal/leerlingen?klas=&zoek=BAKKER")
ok("Noor Bakker" in r.text and "Sem de Vries" not in r.text, "search on a name, any case")
r = joost.get("/portal/leerlingen?zoek=sem+de+vries")
contains(r.text, "Sem de Vries", "search on the whole name")
r = joost.get("/portal/leerlingen?zoek=1003")
ok("Daan van Leeuwen" in r.text and "Noor" not in r.text, "search on the leerlingnummer")
r = joost.get("/portal/leerlingen?zoek=%25")
contains(r.text, "Geen leerlingen gevonden bij '%'", "% is a character, not a wildcard")
r = joost.get("/portal/leerlingen?zoek=" + "x" * 61)
ok(r.status == 200 and "De zoekterm is te lang." in r.text, "a too long search: the message",
   r.status)
ok("Sem de Vries" in r.text and 'value="' + "x" * 61 + '"' in r.text,
   "with the list as first opened and what was typed")
r = joost.get("/portal/leerlingen?zoek=%3Cscript%3Ex")
ok("<script>x" not in r.text and "&lt;script&gt;x" in r.text, "the search shown as text")
r = dec.get("/portal/leerlingen")
ok("Emma Hendriks" in r.text and "Sem de Vries" in r.text, "a small school: all on one page")
ok("u ziet klas" not in r.text, "without the first-class notice")
# 240 more students: the decaan's page opens on the first class.
st.sql("INSERT INTO account (tenant_id, role, login, email, roepnaam, achternaam, klas) "
       "SELECT a.tenant_id, 'leerling', 9000 + s.seq, CONCAT('x', s.seq, '@leerling.example'), "
       "'Extra', CONCAT('Leerling', s.seq), CONCAT('5A', s.seq % 3) FROM seq_1_to_240 s "
       "JOIN account a ON a.login = 'm.vandenberg@debrug.example'")
r = dec.get("/portal/leerlingen")
contains(r.text, "Uw school heeft 248 leerlingen; u ziet klas 4H1.", "248 students: the first class")
ok("Emma Hendriks" in r.text and "Sem de Vries" not in r.text and "Extra" not in r.text,
   "only that class on the page")
contains(r.text, "Alle klassen (248)", "'Alle klassen' with the number")
contains(r.text, '<option value="5A0">5A0 (80)</option>', "each class with its number")
# 'Alle klassen' is the whole school, a page of 100 at a time (issue 15):
# every student on one of its pages, reached by the 'Volgende' links.
url, extra, sizes = "/portal/leerlingen?klas=", 0, []
while url and len(sizes) < 10:
    r = dec.get(url)
    extra += r.text.count('<th scope="row">Extra Leerling')
    sizes.append(r.text.count('<th scope="row">'))
    m = re.search(r'<a href="([^"]*)" rel="next"', r.text)
    url = m.group(1).replace("&amp;", "&") if m else None
is_((extra, sizes), (240, [100, 100, 48]), "'Alle klassen': the whole school, in pages of 100")
r = dec.get("/portal/leerlingen?klas=" + "K" * 21)
ok("De klas is te lang." in r.text and "u ziet klas 4H1" in r.text and "Extra Leerling" not in r.text,
   "a wrong class: the message, and the page as first opened")
r = dec.get("/portal/leerlingen?zoek=Leerling17")
ok("Extra Leerling17<" in r.text and "Extra Leerling170" in r.text and "Sem" not in r.text,
   "a search covers the whole school")
done()
