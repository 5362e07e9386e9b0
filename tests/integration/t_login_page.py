"""The log-in page, rendered from XML by XSLT, through nginx."""
import os, re, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client
import fixture

st = fixture.start("login")
c = Client(st.port)

r = c.get("/")
is_(r.status, 303, "/ redirects")
is_(r.header("Location"), "/login", "... to /login")

r = c.get("/login")
is_(r.status, 200, "login page 200")
is_(r.header("Content-Type"), "text/html; charset=utf-8", "html")
ok(r.text.startswith("<!DOCTYPE html"), "html5 doctype", r.text[:80])
contains(r.text, '<html lang="nl">', "lang=nl")
contains(r.text, "<h1>Inloggen</h1>", "heading")
contains(r.text, 'class="skip" href="#main"', "skip link")
ok(len(re.findall(r'<label for="(school|username|password)"', r.text)) == 3,
   "a label for every field")
contains(r.text, 'href="/activeren"', "link to activation")
ok(re.search(r'name="csrf" value="[A-Za-z0-9_-]{43}"', r.text) is not None,
   "form carries a CSRF token")
ok(any(k == "__Host-ddd-pre" for k in c.cookies), "pre-session cookie set")
vo = st.sql("SELECT name FROM tenant WHERE kind='vo' ORDER BY name")
mbo = st.sql("SELECT name FROM tenant WHERE kind='mbo'")
ok(len(vo) >= 2, "demo set has two VO schools", vo)
for (name,) in vo:
    contains(r.text, ">%s</option>" % name.replace("&", "&amp;"), "lists school " + name)
mbo_group = r.text.split('<optgroup label="MBO-instellingen">')[-1]
for (name,) in mbo:
    contains(mbo_group, ">%s</option>" % name, "lists MBO %s in the MBO group" % name)
is_(r.header("Cache-Control"), "no-store", "not cached")
ok(r.header("Content-Security-Policy") is not None, "CSP header from nginx")
is_(r.header("X-Content-Type-Options"), "nosniff", "nosniff")

# Text from the database is escaped by the stylesheet, never markup.
st.sql("INSERT INTO tenant (slug, kind, name, brin, config) VALUES "
       "('xss', 'vo', '<script>alert(\"x\")</script> & \\'co\\'', '99ZZ', '<tenant/>')")
r = c.get("/login")
ok("<script>alert" not in r.text, "no raw script tag from data")
contains(r.text, "&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; 'co'",
         "name shown as text")

r = c.get("/static/ddd.css")
is_(r.status, 200, "stylesheet served by nginx")
contains(r.header("Content-Type") or "", "text/css", "as text/css")
done()
