"""The renderer in its own processes (fcgi/render.h): ddd-worker links no
Pango, cairo or librsvg; it starts ddd-render, whose children hold no
database connection, no master key, run as the worker's user under
seccomp and resource limits, and render every FO of the corpus through
their socket without tripping their filter; the worker runs under its
own filter.  FOP is optional with the native renderer."""
import glob, os, re, socket, struct, subprocess, sys, time
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client
import fixture, dossiers
from stack import SRCDIR, BUILDDIR

WORKER = os.path.join(BUILDDIR, "ddd-worker")
RENDER = os.path.join(BUILDDIR, "ddd-render")
# The answer carries an enum ddd_err: its values as fcgi/err.h numbers them.
with open(os.path.join(SRCDIR, "fcgi", "err.h")) as f:
    _errs = re.findall(r"^\s*(DDD_[A-Z_]+)(?: = 0)?,", f.read(), re.M)
OK, BAD_REQUEST, TOO_LARGE, RENDER_FAILED = (_errs.index(n) for n in (
    "DDD_OK", "DDD_ERR_BAD_REQUEST", "DDD_ERR_TOO_LARGE", "DDD_ERR_RENDER"))

# --- what the programs link ---------------------------------------------------------
def libs(prog):
    return subprocess.run(["ldd", prog], stdout=subprocess.PIPE, text=True).stdout

linked = libs(WORKER)
for lib in ("libpango", "libcairo", "librsvg", "libharfbuzz", "libfreetype", "libgdk_pixbuf"):
    ok(lib not in linked, "ldd ddd-worker: no %s" % lib, linked)
ok("libseccomp" in linked, "ddd-worker links libseccomp")
for lib in ("libpango", "libcairo", "librsvg"):
    ok(lib in libs(RENDER), "ddd-render links %s" % lib)
ok("libmariadb" not in libs(RENDER), "ddd-render does not link the MariaDB client")

st = fixture.start("render-pool")
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")
c, t, did = dossiers.afgerond(st, fixture, "1001", "j.bakker@debrug.example")
log = st.log("worker.log")
contains(log, "event=render_start processes=2 fop=yes seccomp=on", "ddd-render started: two children, FOP jobs")
contains(log, "seccomp=on", "the worker says its filter is on")


def status(pid):
    with open("/proc/%d/status" % pid) as f:
        return f.read()


def field(pid, name):
    m = re.search(r"^%s:\s+(.*)$" % name, status(pid), re.M)
    return m.group(1).strip() if m else None


sup, kids = st.render_pids()
worker = st.procs["worker"].pid
ok(sup is not None and len(kids) == 2, "the worker's child ddd-render has two children", (sup, kids))
import pwd
nobody = pwd.getpwnam("nobody")
for pid in [sup] + kids:
    uids = set(field(pid, "Uid").split())
    is_(uids, {str(nobody.pw_uid)}, "render process %d runs as the worker's user (nobody)" % pid)
for pid in kids:
    is_(field(pid, "Seccomp"), "2", "render child %d: seccomp filter on" % pid)
    is_(field(pid, "NoNewPrivs"), "1", "render child %d: no new privileges" % pid)
    with open("/proc/%d/limits" % pid) as f:
        limits = f.read()
    ok(re.search(r"Max core file size\s+0\s+0", limits), "render child %d: no core files" % pid, limits)
    ok(re.search(r"Max open files\s+64\s+64", limits), "render child %d: 64 descriptors at most" % pid)
    m = re.search(r"Max address space\s+(\d+)\s+(\d+)", limits)
    ok(m and int(m.group(1)) < 4 << 30, "render child %d: address space bounded (%s MB)"
       % (pid, int(m.group(1)) >> 20 if m else "?"), limits)
is_(field(worker, "Seccomp"), "2", "the worker: seccomp filter on (all threads)")
threads = os.listdir("/proc/%d/task" % worker)
ok(all(field(int(tid), "Seccomp") == "2" for tid in threads if os.path.exists("/proc/%s/status" % tid)),
   "every thread of the worker is filtered", threads)


# --- no database connection, no key -------------------------------------------------
def socket_inodes(pid):
    found = set()
    for fd in os.listdir("/proc/%d/fd" % pid):
        try:
            m = re.match(r"socket:\[(\d+)\]", os.readlink("/proc/%d/fd/%s" % (pid, fd)))
        except OSError:
            continue
        if m:
            found.add(m.group(1))
    return found


def mariadb_peers():
    """Inodes of the client ends of every connection to mariadbd."""
    out = subprocess.run(["ss", "-xpn"], stdout=subprocess.PIPE, text=True).stdout
    peers = set()
    for line in out.splitlines():
        if "mariadbd" not in line:
            continue
        m = re.search(r"\s(\d+)\s+\*\s+(\d+)\s", line)
        if m:
            peers.add(m.group(2))
    return peers


peers = mariadb_peers()
ok(peers & socket_inodes(worker), "control: the worker's threads are connected to MariaDB")
for pid in [sup] + kids:
    is_(socket_inodes(pid) & peers, set(), "render process %d holds no connection to MariaDB" % pid)
    tcp = [x for x in os.listdir("/proc/%d/fd" % pid)
           if "TCP" in subprocess.run(["ls", "-l", "/proc/%d/fd/%s" % (pid, x)], stdout=subprocess.PIPE,
                                      text=True).stdout]
    is_(tcp, [], "render process %d holds no TCP socket" % pid)

key_path = st.master_key()
ks = os.stat(key_path)
ok(ks.st_uid == 0 and ks.st_mode & 0o077 == 0, "the master key file is root's, mode 0600")
ok(ks.st_uid != nobody.pw_uid, "so the render processes' user cannot open it")
with open(key_path) as f:
    key_hex = f.read().strip()
key_raw = bytes.fromhex(key_hex)


def memory_holds(pid, needles):
    """Whether any readable mapping of pid holds one of needles."""
    with open("/proc/%d/maps" % pid) as f:
        maps = f.read().splitlines()
    with open("/proc/%d/mem" % pid, "rb", 0) as mem:
        for line in maps:
            parts = line.split()
            lo, hi = (int(x, 16) for x in parts[0].split("-"))
            if not parts[1].startswith("r") or hi - lo > 1 << 30:
                continue
            try:
                mem.seek(lo)
                data = mem.read(hi - lo)
            except (OSError, ValueError, OverflowError):
                continue
            if any(n in data for n in needles):
                return True
    return False


ok(memory_holds(worker, [key_raw]), "control: the worker's memory holds the master key")
for pid in [sup] + kids:
    ok(not memory_holds(pid, [key_raw, key_hex.encode()]),
       "render process %d: the master key is nowhere in its memory" % pid)
    ok(all(os.path.realpath("/proc/%d/fd/%s" % (pid, fd)) != key_path for fd in os.listdir("/proc/%d/fd" % pid)),
       "render process %d: no descriptor of the key file" % pid)
ok(not memory_holds(kids[0], [b"db_password", st.config.encode()]),
   "render child: not even the configuration's name or keys (its settings came on the command line)")


# --- the corpus through the render socket, every child staying alive ------------------
def recvn(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise EOFError("connection ended after %d of %d bytes" % (len(data), n))
        data += chunk
    return data


def render(fo, strict=False, magic=0x52444444):
    path = st.render_socket()
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(60)
        s.connect(path)
        s.sendall(struct.pack("=IIIIIIQQ", magic, 1, 1 if strict else 0, 0, 0, 0, 0, len(fo)) + fo)
        head = recvn(s, 24)
        _, _, code, wl, pl = struct.unpack("=IIIIQ", head)
        return code, recvn(s, wl).decode(errors="replace"), recvn(s, pl)


path = st.render_socket()
ok(path is not None and os.stat(path).st_mode & 0o777 == 0o600,
   "render.sock is in the worker's private folder, 0600", path)
ok(os.stat(os.path.dirname(path)).st_mode & 0o777 == 0o700, "that folder is 0700")

corpus = sorted(glob.glob(os.path.join(SRCDIR, "tests", "fo", "*.fo")))
ok(len(corpus) >= 8, "the corpus of tests/fo", corpus)
for kind in ("dossier", "deel-a", "deel-b"):
    body = c.get("/dossiers/%s/%s.fo" % (did, kind)).body
    p = st.path(kind + ".fo")
    with open(p, "wb") as f:
        f.write(body)
    corpus.append(p)
for p in corpus:
    with open(p, "rb") as f:
        code, warnings, pdf = render(f.read())
    ok(code == OK and pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF"),
       "%s: rendered in a confined child" % os.path.basename(p), "status %d %s" % (code, warnings))

# Unsupported FO in strict mode, images, the memory limit, and non-FO.
head = ('<?xml version="1.0"?><fo:root xmlns:fo="http://www.w3.org/1999/XSL/Format">'
        '<fo:layout-master-set><fo:simple-page-master master-name="p" page-height="297mm" '
        'page-width="210mm"><fo:region-body/></fo:simple-page-master></fo:layout-master-set>'
        '<fo:page-sequence master-reference="p"><fo:flow flow-name="xsl-region-body">')
tail = '</fo:flow></fo:page-sequence></fo:root>'
code, warnings, pdf = render((head + '<fo:float><fo:block>x</fo:block></fo:float>' + tail).encode(), True)
is_(code, RENDER_FAILED, "strict and unsupported: refused")
contains(warnings, "element 'float' is not supported", "with the renderer's warning")
svg = ("data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9"
       "IjAgMCAxMCAxMCI+PHJlY3Qgd2lkdGg9IjEwIiBoZWlnaHQ9IjEwIi8+PC9zdmc+")
code, warnings, pdf = render((head + '<fo:block><fo:external-graphic content-width="2cm" src="url(\'%s\')"/>'
                              '</fo:block><fo:block font-family="WenQuanYi Zen Hei">王 محمد</fo:block>'
                              % svg + tail).encode())
ok(code == OK and pdf.startswith(b"%PDF-"), "an SVG image and other scripts (fonts opened lazily)",
   warnings)
code, warnings, pdf = render((head + '<fo:block><fo:external-graphic content-width="200cm" '
                              'content-height="200cm" src="url(\'%s\')"/></fo:block>' % svg + tail).encode())
ok(code == TOO_LARGE and "memory limit" in warnings, "an image bomb: the memory limit", (code, warnings))
code, warnings, pdf = render(b"<html>not FO</html>")
is_(code, BAD_REQUEST, "not FO: refused")
try:
    render(b"x", magic=0x11111111)
    ok(False, "a request that is not ours: the connection is closed")
except (EOFError, ConnectionError, struct.error):
    ok(True, "a request that is not ours: the connection is closed")

time.sleep(0.5)
is_(st.render_pids()[1], kids, "the same two children served it all: none was killed")
log = st.log("worker.log")
ok("seccomp_denied" not in log and "render_child_died" not in log, "no call refused, no child died",
   [x for x in log.splitlines() if "seccomp" in x or "died" in x])

# --- through the worker, as before ---------------------------------------------------
st.sql("DELETE FROM document WHERE dossier_id = %s" % did)
r = c.get("/dossiers/%s/dossier.pdf" % did)
ok(r.status == 200 and r.body.startswith(b"%PDF-"), "the whole dossier through the worker")
contains(st.log("worker.log"), "event=pdf_render renderer=native", "rendered by the native renderer")

# --- the configuration check, and FOP optional -----------------------------------------
def check(extra):
    p = st.path("check.conf")
    with open(st.config) as f:
        text = f.read()
    with open(p, "w") as f:
        f.write(text + "".join("%s = %s\n" % kv for kv in extra.items()))
    return subprocess.run([WORKER, "-n", "-f", p], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=60)


r = check({})
ok(r.returncode == 0 and "seccomp on" in r.stdout, "ddd-worker -n: says the filter is on", r.stdout + r.stderr)
contains(r.stdout, "PDF: native, FOP the fallback", "and who renders")
r = check({"seccomp": "off"})
ok(r.returncode == 0 and "seccomp off" in r.stdout, "seccomp = off: says so", r.stdout)
r = check({"seccomp": "maybe"})
ok(r.returncode != 0 and "'seccomp' must be on or off" in r.stderr, "seccomp = maybe: refused", r.stderr)
r = check({"fop": "/nonexistent/fop"})
ok(r.returncode == 0 and "FOP not available" in r.stdout, "native without FOP: the check passes", r.stdout + r.stderr)
r = check({"fop": "/nonexistent/fop", "pdf_renderer": "fop"})
ok(r.returncode != 0 and "cannot run /nonexistent/fop" in r.stderr, "pdf_renderer = fop without FOP: refused",
   r.stderr)
r = check({"render_program": "/nonexistent/ddd-render"})
ok(r.returncode != 0 and "render_program: cannot run" in r.stderr, "no ddd-render: refused", r.stderr)

st.stop_worker()
ok(not os.path.exists(os.path.dirname(path)), "the worker stopped: the render processes removed their folder")
ok(all(not os.path.exists("/proc/%d" % p) for p in [sup] + kids), "and are gone")
st.write_config({"fop": "/nonexistent/fop", "seccomp": "off"})
st.start_worker()
log = st.log("worker.log")
is_(log.count("event=pdf_fallback available=no"), 1, "native without FOP: starts, the missing fallback logged once")
contains(log, "event=render_start processes=2 fop=no seccomp=off", "seccomp = off: the children unfiltered")
sup, kids = st.render_pids()
ok(kids and all(field(p, "Seccomp") == "0" for p in kids) and field(st.procs["worker"].pid, "Seccomp") == "0",
   "seccomp = off: nothing filtered (for debugging)")
st.sql("DELETE FROM document WHERE dossier_id = %s" % did)
r = c.get("/dossiers/%s/dossier.pdf" % did)
ok(r.status == 200 and r.body.startswith(b"%PDF-"), "and renders without FOP")
ok(st.render_socket("fop.sock") is None, "no FOP socket")
done()
