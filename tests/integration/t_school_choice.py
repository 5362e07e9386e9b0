"""The school chooser of the log-in and activation pages (issue 15: a page's
cost does not grow with the instance).  With few schools the page lists them;
a link (?school=slug) or this browser's last log-in (its school cookie)
opens the form on one school, with a way to choose another; with many
schools (more than 40) the page asks for a part of the name or the BRIN and
lists at most 20 found, and its size no longer depends on how many schools
the instance holds.  Bad input gets a Dutch message and keeps what was
typed."""
import os, re, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client
import fixture

st = fixture.start("schoolchoice")
fixture.import_demo(st)
brug = st.sql("SELECT name, brin FROM tenant WHERE slug = 'de-brug'")[0]

c = Client(st.port)
r = c.get("/login")
is_(r.status, 200, "few schools: the log-in page")
contains(r.text, '<select id="school" name="school"', "few schools: a list to choose from")
few_size = len(r.body)

# A link names the school: the form is for it, with a way to choose another.
r = c.get("/login?school=de-brug")
ok('<select id="school"' not in r.text, "a link with ?school=: no list")
contains(r.text, '<input type="hidden" name="school" value="de-brug"', "the school in the form")
contains(r.text, "<strong>%s</strong>" % brug[0], "the school's name shown")
contains(r.text, 'href="/login?kies=1"', "a link to choose another school")
contains(r.text, 'href="/activeren?school=de-brug"', "activation for the same school")
r = c.get("/login?school=bestaat-niet")
contains(r.text, '<select id="school"', "an unknown school in the link: the list")
r = c.get("/login?school=%3Cb%3E")
is_(r.status, 200, "a slug that is no slug: the page")
contains(r.text, '<select id="school"', "... with the list")

# After a log-in this browser opens on the school; ?kies=1 chooses again.
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")
c2 = fixture.login(st, "de-brug", "1001")
ok(any(k == "__Host-ddd-school" for k in c2.cookies), "a log-in sets the school cookie")
anon = Client(st.port)
anon.cookies["__Host-ddd-school"] = c2.cookies["__Host-ddd-school"]
r = anon.get("/login")
contains(r.text, '<input type="hidden" name="school" value="de-brug"',
         "the next log-in page opens on the school")
r = anon.get("/login?kies=1")
contains(r.text, '<select id="school"', "?kies=1: the list again")
anon.cookies["__Host-ddd-school"] = "bestaat-niet"
r = anon.get("/login")
contains(r.text, '<select id="school"', "a cookie naming no school: the list")

# A wrong password on the chosen school's form keeps the school and name.
fresh = Client(st.port)
r = fresh.get("/login?school=de-brug")
tok = fixture.csrf(r)
r = fresh.post("/login", {"csrf": tok, "school": "de-brug", "username": "1001",
                          "password": "fout wachtwoord 123"})
contains(r.text, '<input type="hidden" name="school" value="de-brug"', "refused: the school kept")
contains(r.text, 'value="1001"', "refused: the name kept")

# Many schools: a search instead of a list of hundreds.
rows = ", ".join("('zz-school-%03d', 'vo', 'Zuiderlicht College %03d', '%02dZZ%02d', '<tenant/>')"
                 % (i, i, i // 100, i % 100) for i in range(700))
st.sql("INSERT INTO tenant (slug, kind, name, brin, config) VALUES " + rows)
st.sql("INSERT INTO tenant (slug, kind, name, brin, config) VALUES "
       "('pct', 'vo', '100%_Wijs', '77QQ', '<tenant/>')")
c = Client(st.port)
r = c.get("/login")
is_(r.status, 200, "701 more schools: the log-in page")
ok('<select id="school"' not in r.text and "<option" not in r.text, "no list of schools")
ok('name="password"' not in r.text, "no log-in form before a school is chosen")
contains(r.text, '<input id="zoek" name="zoek" type="search"', "a search field")
ok(len(r.body) < few_size * 1.5, "the page does not grow with the schools (%d vs %d bytes)"
   % (len(r.body), few_size))
r = c.get("/login?zoek=brug")
contains(r.text, 'href="/login?school=de-brug"', "a part of the name finds the school")
contains(r.text, 'value="brug"', "what was typed stays")
r = c.get("/login?zoek=" + brug[1].lower())
contains(r.text, 'href="/login?school=de-brug"', "the BRIN (any case) finds the school")
r = c.get("/login?zoek=Zuiderlicht")
is_(len(re.findall(r'href="/login\?school=zz-school-', r.text)), 20, "at most 20 found")
contains(r.text, "Typ meer van de", "... and a word that there are more")
r = c.get("/login?zoek=%25_")
ok('href="/login?school=zz-school' not in r.text, "'%' and '_' are letters, not wildcards")
contains(r.text, 'href="/login?school=pct"', "... and find a name that holds them")
r = c.get("/login?zoek=b")
contains(r.text, "Typ minstens 2 letters", "one letter: a message")
contains(r.text, 'aria-invalid="true"', "... on the field")
r = c.get("/login?zoek=" + "x" * 101)
contains(r.text, "Typ hooguit 100 tekens", "too long: a message")
r = c.get("/login?zoek=qqqqqq")
contains(r.text, "Geen school of instelling gevonden met", "nothing found: said so")
r = c.get("/login?school=de-brug")
contains(r.text, '<input type="hidden" name="school" value="de-brug"',
         "many schools: the link still opens the form")
tok = fixture.csrf(r)
r = c.post("/login", {"csrf": tok, "school": "de-brug", "username": "1001",
                      "password": fixture.PASSWORD})
is_(r.status, 303, "many schools: a log-in from the chosen school's form")
c = Client(st.port)
r = c.get("/activeren?zoek=brug")
contains(r.text, 'href="/activeren?school=de-brug"', "activation: the same search")
r = c.get("/activeren?school=de-brug")
contains(r.text, '<input type="hidden" name="school" value="de-brug"', "activation: the school chosen")
done()
