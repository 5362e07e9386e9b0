"""Alle leerlingen -> mentoren: the decaan corrects the klaskoppeling; only
classes and staff of the own school; other roles and tenants get nothing."""
import os, re, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture

st = fixture.start("mentors")
fixture.import_demo(st)
BRUG = int(st.sql("SELECT id FROM tenant WHERE slug='de-brug'")[0][0])
NOORD = int(st.sql("SELECT id FROM tenant WHERE slug='het-noorderlicht'")[0][0])


def acct(login):
    return st.sql("SELECT id FROM account WHERE login='%s'" % login)[0][0]


def mentors_of(tenant, klas):
    return [r[0] for r in st.sql(
        "SELECT a.login FROM mentor_class mc JOIN account a ON a.id = mc.account_id "
        "WHERE mc.tenant_id = %d AND mc.klas = '%s' ORDER BY a.login" % (tenant, klas))]


d = fixture.login(st, "de-brug", "m.vandenberg@debrug.example")
r = d.get("/")
contains(r.text, 'href="/portal/mentoren"', "Portal menu links the klaskoppeling")
r = d.get("/portal/mentoren")
is_(r.status, 200, "mentoren page")
for klas in ("4K1", "4K2", "4T1", "4H1", "4H2", "4V1"):
    contains(r.text, "<th scope=\"row\">%s</th>" % klas, "lists class " + klas)
ok("4GT1" not in r.text, "no class of the other school")
ok("Visser" not in r.text, "no staff of the other school")
contains(r.text, "Joost Bakker", "lists the mentors")
is_(mentors_of(BRUG, "4K1"), ["j.bakker@debrug.example"], "seeded: Joost has 4K1")

token = fixture.csrf(r)
pieter = acct("p.devries@debrug.example")
r = d.post("/portal/mentoren", {"csrf": token, "klas": "4K1", "mentor": pieter})
is_(r.status, 303, "saved: redirect")
is_(mentors_of(BRUG, "4K1"), ["p.devries@debrug.example"], "4K1 now has Pieter")
r = d.get(r.header("Location"))
contains(r.text, "De mentor van klas 4K1 is opgeslagen", "notice after saving")
r = d.post("/portal/mentoren", {"csrf": token, "klas": "4K1", "mentor": ""})
is_(mentors_of(BRUG, "4K1"), [], "'Geen mentor' removes the link")

# Someone of another school, a student, an unknown class: refused, unchanged.
bram = acct("b.visser@noorderlicht.example")
r = d.post("/portal/mentoren", {"csrf": token, "klas": "4K2", "mentor": bram})
is_(r.status, 422, "a mentor of another school is refused")
contains(r.text, "Kies een mentor uit de lijst", "Dutch message")
is_(mentors_of(BRUG, "4K2"), ["j.bakker@debrug.example"], "4K2 unchanged")
r = d.post("/portal/mentoren", {"csrf": token, "klas": "4K2", "mentor": acct("1001")})
is_(r.status, 422, "a student is no mentor")
r = d.post("/portal/mentoren", {"csrf": token, "klas": "4GT1", "mentor": pieter})
is_(r.status, 422, "a class of another school is refused")
contains(r.text, "Deze klas bestaat niet op uw school", "Dutch message")
is_(mentors_of(NOORD, "4GT1"), ["r.postma@noorderlicht.example"], "other school unchanged")
r = d.post("/portal/mentoren", {"csrf": token, "klas": "4K2", "mentor": "12abc"})
is_(r.status, 422, "a malformed id is refused")
r = d.post("/portal/mentoren", {"klas": "4K2", "mentor": pieter})
is_(r.status, 403, "no CSRF token: 403")
is_(mentors_of(BRUG, "4K2"), ["j.bakker@debrug.example"], "4K2 still unchanged")

m = fixture.login(st, "de-brug", "j.bakker@debrug.example")
is_(m.get("/portal/mentoren").status, 403, "a mentor cannot open it")
r = m.post("/portal/mentoren", {"csrf": fixture.csrf(m.get("/")), "klas": "4K2", "mentor": pieter})
is_(r.status, 403, "nor post to it")
s = fixture.login(st, "de-brug", "1001")
is_(s.get("/portal/mentoren").status, 403, "a student cannot open it")
mbo = fixture.login(st, "roc-rijnland", "a.kuipers@rocrijnland.example")
is_(mbo.get("/portal/mentoren").status, 403, "an MBO user cannot open it")
anon = fixture.tap.Client(st.port)
r = anon.get("/portal/mentoren")
is_((r.status, r.header("Location")), (303, "/login"), "no session: to log-in")

# The decaan of the other school sees only her own classes.
d2 = fixture.login(st, "het-noorderlicht", "a.yilmaz@noorderlicht.example")
r = d2.get("/portal/mentoren")
contains(r.text, "4GT1", "own classes")
ok("4H1" not in r.text and "Bakker" not in r.text, "nothing of De Brug")
r = d2.post("/portal/mentoren", {"csrf": fixture.csrf(r), "klas": "4K1", "mentor": pieter})
is_(r.status, 422, "cannot link a De Brug mentor, even to a class name both schools have")
is_(mentors_of(BRUG, "4K1"), [], "De Brug's 4K1 untouched")
# Mentor toevoegen: a staff account of this school, which activates itself.
t = fixture.csrf(d.get("/portal/mentoren"))
r = d.post("/portal/mentoren/nieuw", {"csrf": t, "roepnaam": "Eva", "tussenvoegsel": "van",
                                      "achternaam": "Dijk", "email": "E.vanDijk@debrug.example"})
is_(r.status, 303, "mentor added: redirect")
row = st.sql("SELECT tenant_id, role, login, email, roepnaam, tussenvoegsel, achternaam, "
             "password_hash IS NULL FROM account WHERE login = 'e.vandijk@debrug.example'")
is_(row, [[str(BRUG), "mentor", "e.vandijk@debrug.example", "E.vanDijk@debrug.example", "Eva",
           "van", "Dijk", "1"]], "account of this school, role mentor, not activated")
r = d.get(r.header("Location"))
contains(r.text, "Het account van e.vandijk@debrug.example is aangemaakt", "notice")
contains(r.text, "Eva van Dijk", "now in the mentor lists")
r = d.post("/portal/mentoren/nieuw", {"csrf": t, "roepnaam": "Eva", "achternaam": "Dijk",
                                      "email": "e.vandijk@debrug.example"})
is_(r.status, 422, "the same address twice is refused")
contains(r.text, "al een account met dit e-mailadres", "Dutch message")
r = d.post("/portal/mentoren/nieuw", {"csrf": t, "roepnaam": "", "achternaam": "Dijk",
                                      "email": "geen-adres"})
is_(r.status, 422, "missing name and a bad address refused")
contains(r.text, "Vul de roepnaam in", "names the missing field")
contains(r.text, 'value="geen-adres"', "what was typed stays")
# The new mentor activates with the e-mail address.
a = fixture.tap.Client(st.port)
r = a.post("/activeren", {"school": "de-brug", "username": "e.vandijk@debrug.example",
                          "csrf": fixture.csrf(a.get("/activeren"))})
is_(st.sql("SELECT COUNT(*) FROM outbox WHERE to_addr = 'E.vanDijk@debrug.example' "
           "AND kind = 'activation'"), [["1"]], "activation mail queued for the new mentor")
done()
