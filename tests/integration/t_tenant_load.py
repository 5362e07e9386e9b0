"""Tenant files: the demo set loads; a bad file is refused with
file:line messages and changes nothing.  Staff accounts and mentor class
links come from the files: a reload adds what is new, updates names and
roles, and keeps everything else (passwords, the decaan's class links,
people no longer in the file)."""
import glob, os, re, shutil, sys
import xml.etree.ElementTree as ET
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture
from stack import SRCDIR

st = fixture.start("tenant", up=False)
os.makedirs(st.dir, exist_ok=True)
st.write_config()
st.start_db()
st.dddctl("migrate")

r = st.dddctl("tenant", "load")
demo = sorted(glob.glob(os.path.join(SRCDIR, "tenants", "*.xml")))
is_(len(r.stdout.strip().splitlines()), len(demo), "one line per demo tenant")
first_out = r.stdout
rows = st.sql("SELECT kind, COUNT(*) FROM tenant GROUP BY kind")
is_(sorted(rows), [["mbo", "2"], ["vo", "2"]], "two VO schools and two MBO colleges")
ok(st.sql("SELECT config LIKE '%27QP%' FROM tenant WHERE slug = 'het-noorderlicht'")
   == [["0"]], "one college does not participate at Het Noorderlicht")

# --- staff accounts and class links, as the files say ----------------------
NS = "{urn:ddd:tenant:1}"


def staff_of(path):
    """(slug, {login: (role, email, name)}, {(klas, login)}) of a file."""
    root = ET.parse(path).getroot()
    accounts, links = {}, set()
    for d in root.iter(NS + "decaan"):
        accounts[d.get("email").lower()] = ("decaan", d.get("email"), d.get("name"))
    for m in root.iter(NS + "mentor"):
        login = m.get("email").lower()
        accounts.setdefault(login, ("mentor", m.get("email"), m.get("name")))
        for c in m.iter(NS + "class"):
            links.add((c.text.strip(), login))
    for m in root.iter(NS + "member"):
        accounts[m.get("email").lower()] = ("mbo", m.get("email"), m.get("name"))
    return root.get("id"), accounts, links


def db_accounts(slug):
    return {row[0]: (row[1], row[2], row[3])
            for row in st.sql("SELECT a.login, a.role, a.email, CONCAT_WS(' ', "
                              "a.roepnaam, NULLIF(a.tussenvoegsel, ''), "
                              "NULLIF(a.achternaam, '')) FROM account a JOIN tenant t "
                              "ON t.id = a.tenant_id WHERE t.slug = '%s'" % slug)}


def db_links(slug):
    return {(row[0], row[1])
            for row in st.sql("SELECT m.klas, a.login FROM mentor_class m JOIN tenant t "
                              "ON t.id = m.tenant_id JOIN account a ON a.id = m.account_id "
                              "WHERE t.slug = '%s'" % slug)}


ACCOUNTS = "SELECT * FROM account ORDER BY id"
LINKS = "SELECT * FROM mentor_class ORDER BY tenant_id, klas, account_id"


def snapshot():
    return st.sql(ACCOUNTS), st.sql(LINKS)


def line_of(out, slug):
    for l in out.splitlines():
        if l.startswith("loaded %s " % slug):
            return l
    return ""


want = {}
for f in demo:
    slug, accounts, links = staff_of(f)
    want[slug] = (accounts, links)
    is_(db_accounts(slug), accounts, "accounts of %s: login, role, e-mail, name" % slug)
    is_(db_links(slug), links, "class links of %s" % slug)
    n = len(accounts)
    ok(re.search(r": %d staff accounts \(%d new\), %d class links \(%d new\)$"
                 % (n, n, len(links), len(links)), line_of(first_out, slug)),
       "first load reports the staff and links of " + slug, first_out)
is_(sorted(st.sql("SELECT t.slug, a.role, COUNT(*) FROM account a "
                  "JOIN tenant t ON t.id = a.tenant_id GROUP BY t.slug, a.role")),
    [["de-brug", "decaan", "1"], ["de-brug", "mentor", "4"],
     ["het-noorderlicht", "decaan", "2"], ["het-noorderlicht", "mentor", "3"],
     ["roc-rijnland", "mbo", "2"], ["techniek-college-oost", "mbo", "3"]],
    "accounts per tenant and role")
is_(st.sql("SELECT t.slug, COUNT(*) FROM mentor_class m JOIN tenant t ON t.id = m.tenant_id "
           "GROUP BY t.slug ORDER BY t.slug"),
    [["de-brug", "6"], ["het-noorderlicht", "4"]], "class links per school")
is_(st.sql("SELECT COUNT(*) FROM mentor_class m JOIN account a ON a.id = m.account_id "
           "WHERE a.tenant_id <> m.tenant_id OR a.role NOT IN ('mentor', 'decaan')"),
    [["0"]], "every class link is to a mentor or decaan of the same school")
is_(st.sql("SELECT roepnaam, tussenvoegsel, achternaam FROM account "
           "WHERE login = 'm.vandenberg@debrug.example'"),
    [["Marieke", "van den", "Berg"]], "Marieke van den Berg: Marieke / van den / Berg")
is_(st.sql("SELECT roepnaam, tussenvoegsel, achternaam FROM account "
           "WHERE login IN ('j.bakker@debrug.example', 'k.vandam@tcoost.example') "
           "ORDER BY login"),
    [["Joost", "", "Bakker"], ["Kees", "van", "Dam"]], "no tussenvoegsel; a one-word one")
is_(st.sql("SELECT COUNT(*) FROM account WHERE password_hash IS NOT NULL "
           "OR activated_at IS NOT NULL OR klas IS NOT NULL OR bsn_lookup IS NOT NULL"),
    [["0"]], "new staff accounts are not activated and have no student fields")

before = st.sql("SELECT slug, kind, name, brin, MD5(config) FROM tenant ORDER BY slug")
snap = snapshot()
r = st.dddctl("tenant", "load")
is_(st.sql("SELECT slug, kind, name, brin, MD5(config) FROM tenant ORDER BY slug"),
    before, "loading twice changes nothing")
is_(snapshot(), snap, "loading twice changes no account or class link")
for slug, (accounts, links) in want.items():
    ok(re.search(r": %d staff accounts \(0 new\), %d class links \(0 new\)$"
                 % (len(accounts), len(links)), line_of(r.stdout, slug)),
       "a reload reports nothing new for " + slug, r.stdout)

r = st.dddctl("tenant", "check", *demo, check=False)
is_(r.returncode, 0, "check passes the demo set")

fixtures = os.path.join(SRCDIR, "tests", "data", "tenants")
bads = sorted(f for f in glob.glob(os.path.join(fixtures, "*.xml"))
              if os.path.exists(f[:-4] + ".expected"))
ok(len(bads) >= 5, "bad tenant fixtures present", bads)
names_fixture = os.path.join(fixtures, "good-staff-names.xml")
for bad in bads:
    r = st.dddctl("tenant", "check", bad, check=False)
    ok(r.returncode != 0, "check refuses " + os.path.basename(bad))
    ok(all(l.startswith(bad + ":") for l in r.stderr.strip().splitlines()) and
       r.stderr.strip() != "", "messages are file:line for " + os.path.basename(bad),
       r.stderr)
    r = st.dddctl("tenant", "load", demo[0], bad, check=False)
    ok(r.returncode != 0, "load refuses a set with " + os.path.basename(bad))
    is_(st.sql("SELECT slug, kind, name, brin, MD5(config) FROM tenant ORDER BY slug"),
        before, "nothing changed by " + os.path.basename(bad))
    # A good new school with staff in the same set: no accounts either.
    r = st.dddctl("tenant", "load", names_fixture, bad, check=False)
    ok(r.returncode != 0, "load refuses a new school with " + os.path.basename(bad))
    is_(snapshot(), snap, "no accounts or links made with " + os.path.basename(bad))
# The good fixtures (edge cases that must pass) check clean.
goods = sorted(glob.glob(os.path.join(fixtures, "good-*.xml")))
ok(len(goods) >= 1, "good fixtures present")
for g in goods:
    r = st.dddctl("tenant", "check", g, check=False)
    is_(r.returncode, 0, "check passes " + os.path.basename(g))


def q1(query):
    rows = st.sql(query)
    return rows[0][0] if rows else None


def acct(login):
    return q1("SELECT id FROM account WHERE login = '%s'" % login)


# --- a decaan who is also a mentor: one account, role decaan ---------------
r = st.dddctl("tenant", "load", os.path.join(fixtures, "good-decaan-also-mentor.xml"))
is_(db_accounts("testschool"),
    {"decaan@vlietland.example": ("decaan", "decaan@vlietland.example", "Els de Groot")},
    "decaan and mentor in one: one account, role decaan")
is_(db_links("testschool"), {("4K1", "decaan@vlietland.example")},
    "the decaan has the mentor's class")
contains(r.stdout, "loaded testschool (vo, Testschool Vlietland): 1 staff accounts "
         "(1 new), 1 class links (1 new)", "report line for the decaan-mentor")

# --- names, letter case of the address, a mentor without classes ----------
r = st.dddctl("tenant", "load", names_fixture)
is_(st.sql("SELECT a.login, a.email, a.role, a.roepnaam, a.tussenvoegsel, a.achternaam "
           "FROM account a JOIN tenant t ON t.id = a.tenant_id "
           "WHERE t.slug = 'testnamen' ORDER BY a.login"),
    [["a.intveld@namen.example", "A.InTVeld@Namen.example", "decaan", "Anouk", "in 't", "Veld"],
     ["b.vandam@namen.example", "b.vandam@namen.example", "decaan", "Bert", "", "Van Dam"],
     ["c.opdebeek@namen.example", "c.opdebeek@namen.example", "mentor", "Cor", "op de", "Beek"],
     ["dirk@namen.example", "dirk@namen.example", "mentor", "Dirk", "", ""]],
    "login lower case, e-mail as written, names split")
is_(db_links("testnamen"), {("5V1", "a.intveld@namen.example"),
                            ("5V2", "c.opdebeek@namen.example"),
                            ("6V1", "c.opdebeek@namen.example")},
    "class links of the names fixture")

# --- the decaan changes class links in the Portal: a reload keeps them -----
brug = q1("SELECT id FROM tenant WHERE slug = 'de-brug'")
bakker, devries, jansen = (acct("j.bakker@debrug.example"), acct("p.devries@debrug.example"),
                           acct("s.jansen@debrug.example"))
st.sql("UPDATE mentor_class SET account_id = %s WHERE tenant_id = %s AND klas = '4K1'"
       % (devries, brug))  # moved from Joost Bakker to Pieter de Vries
st.sql("INSERT INTO mentor_class (tenant_id, klas, account_id) VALUES (%s, '4H2', %s)"
       % (brug, jansen))  # a second mentor for 4H2
snap = snapshot()
r = st.dddctl("tenant", "load")
is_(snapshot(), snap, "a reload keeps the decaan's class links")
contains(line_of(r.stdout, "de-brug"), "6 class links (0 new)", "no link re-seeded")
# A class without any mentor is not the decaan's yet: the file's mentor
# gets it (the file is a seed for classes the database does not know).
st.sql("DELETE FROM mentor_class WHERE tenant_id = %s AND klas = '4T1'" % brug)
r = st.dddctl("tenant", "load")
is_(snapshot(), snap, "a class without a mentor gets the file's mentor again")

# --- passwords and activation are the person's: a reload keeps them --------
st.sql("UPDATE account SET password_hash = '$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA', "
       "activated_at = '2026-09-01 10:00:00', ddd_activated_at = '2026-09-02 11:00:00' "
       "WHERE id = %s" % bakker)
snap = snapshot()
r = st.dddctl("tenant", "load")
is_(snapshot(), snap, "a reload keeps a password_hash and activation")

# --- a changed file: names and roles follow it; nobody is deleted ---------
with open(os.path.join(SRCDIR, "tenants", "de-brug.xml"), encoding="utf-8") as f:
    text = f.read()
changed = text.replace('name="Joost Bakker" email="j.bakker@debrug.example"',
                       'name="Joost van der Bakker" email="J.Bakker@debrug.example"')
changed = changed.replace(
    '<decaan name="Marieke van den Berg" email="m.vandenberg@debrug.example"/>',
    '<decaan name="Marieke van den Berg" email="m.vandenberg@debrug.example"/>\n'
    '    <decaan name="Sanne Jansen" email="s.jansen@debrug.example"/>')
changed = re.sub(r'\s*<mentor name="Pieter de Vries".*?</mentor>', "", changed, flags=re.S)
changed = changed.replace("<class>4V1</class>", "<class>4V1</class>\n      <class>4V2</class>")
ok(changed.count("van der Bakker") == 1 and "Pieter" not in changed and "4V2" in changed,
   "test file edited")
edited = os.path.join(st.dir, "de-brug.xml")
with open(edited, "w", encoding="utf-8") as f:
    f.write(changed)
before_bakker = st.sql("SELECT email, password_hash, activated_at, ddd_activated_at, created_at "
                       "FROM account WHERE id = %s" % bakker)
r = st.dddctl("tenant", "load", edited)
contains(r.stdout, "loaded de-brug (vo, Scholengemeenschap De Brug): 4 staff accounts (0 new), "
         "5 class links (1 new)", "report line of the edited file")
is_(st.sql("SELECT roepnaam, tussenvoegsel, achternaam, role FROM account WHERE id = %s" % bakker),
    [["Joost", "van der", "Bakker", "mentor"]], "a reload updates the names")
is_(st.sql("SELECT email, password_hash, activated_at, ddd_activated_at, created_at "
           "FROM account WHERE id = %s" % bakker), before_bakker,
    "... and nothing else: e-mail, password, activation")
is_(q1("SELECT role FROM account WHERE id = %s" % jansen), "decaan",
    "a mentor listed as decaan too becomes a decaan")
is_(q1("SELECT COUNT(*) FROM account WHERE id = %s" % devries), "1",
    "a mentor left out of the file keeps the account")
is_(st.sql("SELECT klas FROM mentor_class WHERE account_id = %s ORDER BY klas" % devries),
    [["4H1"], ["4H2"], ["4K1"]], "... and the class links")
is_(st.sql("SELECT klas FROM mentor_class WHERE account_id = %s ORDER BY klas" % jansen),
    [["4H2"], ["4V1"], ["4V2"]], "a new class in the file is linked")
r = st.dddctl("tenant", "load")
is_(q1("SELECT role FROM account WHERE id = %s" % jansen), "mentor",
    "the original file again: a mentor once more")
is_(q1("SELECT CONCAT_WS('/', roepnaam, tussenvoegsel, achternaam) FROM account WHERE id = %s"
       % bakker), "Joost//Bakker", "... and the old name")
is_(st.sql("SELECT COUNT(*) FROM mentor_class WHERE account_id = %s AND klas = '4V2'" % jansen),
    [["1"]], "a link the file no longer has is kept (the decaan's to remove)")

# --- a student's login is never taken over by staff ------------------------
st.sql("INSERT INTO account (tenant_id, role, login, roepnaam, achternaam) "
       "VALUES (%s, 'leerling', 'nieuw@debrug.example', 'Lotte', 'Leerling')" % brug)
snap = snapshot()
tbefore = st.sql("SELECT slug, kind, name, brin, MD5(config) FROM tenant ORDER BY slug")
with_new = text.replace("</mentors>", '  <mentor name="Nieuwe Mentor" email="Nieuw@debrug.example">\n'
                        '      <class>4X1</class>\n    </mentor>\n  </mentors>')
with open(edited, "w", encoding="utf-8") as f:
    f.write(with_new)
extra = os.path.join(fixtures, "good-mbo-minimal.xml")
r = st.dddctl("tenant", "load", edited, extra, check=False)
ok(r.returncode != 0, "load refuses staff with a student's login")
ok(re.search(r"^%s:\d+: Nieuw@debrug\.example: .*student \(leerling\)" % re.escape(edited),
             r.stderr, re.M), "... with a file:line message", r.stderr)
is_(snapshot(), snap, "... and changes no account or class link")
is_(st.sql("SELECT slug, kind, name, brin, MD5(config) FROM tenant ORDER BY slug"), tbefore,
    "... nor any tenant")
done()
