"""Set-up shared by the integration tests: a stack in a fresh temporary
folder, removed afterwards unless a check failed (then its logs stay)."""
import atexit
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tap  # noqa: E402
from stack import Stack  # noqa: E402


def start(name, up=True, **kw):
    folder = tempfile.mkdtemp(prefix="ddd-%s-" % name)
    st = Stack(folder, **kw)

    def cleanup():
        st.down()
        if tap._failed == 0:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            print("# stack folder kept: " + folder, flush=True)
    atexit.register(cleanup)

    def no_unknown_columns():
        # DB_COL logs a name its statement has not (fcgi/db.c): a
        # programming error wherever the run went through it.
        bad = [line for log in ("worker.log", "mailer.log")
               for line in st.log(log).splitlines()
               if " event=db_col " in line or " event=db_columns " in line]
        tap.ok(not bad, "%s: no result column read by a name its statement "
               "lacks (worker and mailer logs)" % name, "\n".join(bad))
    tap.at_done(no_unknown_columns)
    if up:
        try:
            st.up()
        except Exception as e:  # noqa: BLE001
            tap._failed += 1
            tap.bail("stack did not start: %s" % e)
    return st


PASSWORD = "test-wachtwoord-1"


def csrf(r):
    """The CSRF token of the page's forms."""
    import re
    m = re.search(r'name="csrf" value="([A-Za-z0-9_-]{43}(?:\.[A-Za-z0-9_-]{43})?)"', r.text)
    return m.group(1) if m else ""


def set_password(st, school, login, password=PASSWORD):
    import subprocess
    r = subprocess.run([os.path.join(st_builddir(), "dddctl"), "-f", st.config,
                        "passwd", school, login], input=password + "\n",
                       text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        raise RuntimeError(r.stderr)


def st_builddir():
    from stack import BUILDDIR
    return BUILDDIR


def login(st, school, user, password=PASSWORD):
    """A client logged in as user (its password set first)."""
    set_password(st, school, user, password)
    c = tap.Client(st.port)
    r = c.post("/login", {"school": school, "username": user, "password": password,
                          "csrf": csrf(c.get("/login"))})
    if r.status != 303:
        raise RuntimeError("log-in of %s failed: %d" % (user, r.status))
    return c


def import_demo(st):
    """The demo student lists into the demo schools."""
    from stack import SRCDIR
    demo = os.path.join(SRCDIR, "tenants", "demo")
    for f in sorted(os.listdir(demo)):
        if f.startswith("leerlingen-") and f.endswith(".csv"):
            st.dddctl("import", f[len("leerlingen-"):-4], os.path.join(demo, f))
