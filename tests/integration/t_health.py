"""/healthz comes out of nginx: database, migrations, stylesheets."""
import os, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client
import fixture

st = fixture.start("health")
c = Client(st.port)

r = c.get("/healthz")
is_(r.status, 200, "healthz answers 200")
is_(r.header("Content-Type"), "text/plain; charset=utf-8", "healthz is text")
lines = r.text.splitlines()
is_(lines[0] if lines else None, "ok", "first line says ok")
contains(r.text, "database: ok", "database reachable")
contains(r.text, "migrations: ok", "migrations current")
ok(any(l.startswith("stylesheets: ok (") for l in lines), "stylesheets loaded", r.text)
is_(r.header("Cache-Control"), "no-store", "healthz is not cached")

r = c.request("HEAD", "/healthz")
is_(r.status, 200, "HEAD healthz 200")
is_(r.body, b"", "HEAD has no body")

# Migrations behind: remove the record of the newest one.
newest = st.sql("SELECT MAX(version) FROM schema_version")[0][0]
st.sql("DELETE FROM schema_version WHERE version = %d" % int(newest))
r = c.get("/healthz")
is_(r.status, 503, "healthz 503 when migrations are behind")
contains(r.text, "migrations: behind", "says which check failed")
st.dddctl("migrate", check=False)
st.sql("INSERT IGNORE INTO schema_version (version, name) VALUES (%d, 'x')" % int(newest))
r = c.get("/healthz")
is_(r.status, 200, "healthz 200 again")
done()
