"""A broken or missing stylesheet stops start-up, naming file and line."""
import os, shutil, subprocess, sys, tempfile
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture
from stack import SRCDIR, BUILDDIR

st = fixture.start("xsl", up=False)
os.makedirs(st.dir, exist_ok=True)
xdir = os.path.join(st.dir, "xslt")
shutil.copytree(os.path.join(SRCDIR, "xslt"), xdir)
worker = os.path.join(BUILDDIR, "ddd-worker")


def check(extra):
    st.write_config(dict({"xslt_dir": xdir}, **extra))
    return subprocess.run([worker, "-n", "-f", st.config], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=30)


r = check({})
is_(r.returncode, 0, "good stylesheets: check mode passes")
contains(r.stdout, "configuration OK", "says configuration OK")

# Not well-formed XML: line 3.
with open(os.path.join(xdir, "login.xsl")) as f:
    good = f.read()
lines = good.split("\n")
lines[2] = lines[2] + "<broken"
with open(os.path.join(xdir, "login.xsl"), "w") as f:
    f.write("\n".join(lines))
r = check({})
ok(r.returncode != 0, "malformed stylesheet: refuses")
contains(r.stderr, os.path.join(xdir, "login.xsl") + ":", "names the file")
ok(any(l.startswith(os.path.join(xdir, "login.xsl") + ":") and
       l.split(":")[1].isdigit() for l in r.stderr.splitlines()),
   "gives a line number", r.stderr)
contains(r.stderr, "not starting", "says it will not start")

# Well-formed, but not XSLT that compiles.
with open(os.path.join(xdir, "login.xsl"), "w") as f:
    f.write(good.replace('<xsl:template match="login" mode="title">',
                         '<xsl:template match="login[" mode="title">'))
r = check({})
ok(r.returncode != 0, "bad XPath: refuses")
contains(r.stderr, "login.xsl", "names the file")

# An imported part missing.
with open(os.path.join(xdir, "login.xsl"), "w") as f:
    f.write(good)
os.unlink(os.path.join(xdir, "lib", "layout.xsl"))
r = check({})
ok(r.returncode != 0, "missing imported stylesheet: refuses")
contains(r.stderr, "layout.xsl", "names the missing file")

# The real worker (not only check mode) refuses too, without listening.
st.write_config({"xslt_dir": xdir})
p = subprocess.run([worker, "-f", st.config], stdout=subprocess.PIPE,
                   stderr=subprocess.PIPE, text=True, timeout=30)
ok(p.returncode != 0, "worker exits")
ok(not os.path.exists(st.sock), "and never listened")

r = check({"xslt_dir": os.path.join(st.dir, "nothing-here")})
ok(r.returncode != 0, "missing stylesheet folder: refuses")
contains(r.stderr, "nothing-here", "names the folder")
done()
