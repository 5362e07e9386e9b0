"""Tenant files: the demo set loads; a bad file is refused with
file:line messages and changes nothing."""
import glob, os, shutil, sys
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
rows = st.sql("SELECT kind, COUNT(*) FROM tenant GROUP BY kind")
is_(sorted(rows), [["mbo", "2"], ["vo", "2"]], "two VO schools and two MBO colleges")
ok(st.sql("SELECT config LIKE '%27QP%' FROM tenant WHERE slug = 'het-noorderlicht'")
   == [["0"]], "one college does not participate at Het Noorderlicht")
before = st.sql("SELECT slug, kind, name, brin, MD5(config) FROM tenant ORDER BY slug")
r = st.dddctl("tenant", "load")
is_(st.sql("SELECT slug, kind, name, brin, MD5(config) FROM tenant ORDER BY slug"),
    before, "loading twice changes nothing")

r = st.dddctl("tenant", "check", *demo, check=False)
is_(r.returncode, 0, "check passes the demo set")

fixtures = os.path.join(SRCDIR, "tests", "data", "tenants")
bads = sorted(f for f in glob.glob(os.path.join(fixtures, "*.xml"))
              if os.path.exists(f[:-4] + ".expected"))
ok(len(bads) >= 5, "bad tenant fixtures present", bads)
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
# The good fixtures (edge cases that must pass) check clean.
goods = sorted(glob.glob(os.path.join(fixtures, "good-*.xml")))
ok(len(goods) >= 1, "good fixtures present")
for g in goods:
    r = st.dddctl("tenant", "check", g, check=False)
    is_(r.returncode, 0, "check passes " + os.path.basename(g))
done()
