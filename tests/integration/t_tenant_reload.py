"""A tenant file is parsed once per load in each process (the worker's
threads share the result, ddd-mailer has its own), and a `dddctl tenant
load` takes effect at the next request: deadlines, the regional addendum,
the consent age, the branding colour of the documents, the mail sender
and an MBO's webhook URL, also for two loads within one second.  While
reloads run in a loop, pages from several threads each show one whole
version, the old or the new, never a mix, and the worker keeps running."""
import email, email.policy, email.utils, http.server, os, re, sys, threading, time
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client
import fixture, dossiers
from stack import SRCDIR, free_port

received = []


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        received.append(self.path)
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *a):
        pass


hook_port = free_port()
server = http.server.HTTPServer(("127.0.0.1", hook_port), Receiver)
threading.Thread(target=server.serve_forever, daemon=True).start()

st = fixture.start("reload", smtp=True, rate_limits=False)
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")


def q1(query):
    rows = st.sql(query)
    return rows[0][0] if rows else None


BRUG = q1("SELECT id FROM tenant WHERE slug = 'de-brug'")
NOORD = q1("SELECT id FROM tenant WHERE slug = 'het-noorderlicht'")
ROC = q1("SELECT id FROM tenant WHERE slug = 'roc-rijnland'")


def original(slug):
    with open(os.path.join(SRCDIR, "tenants", slug + ".xml"), encoding="utf-8") as f:
        return f.read()


BRUG_XML = original("de-brug")
DEADLINES = ("2027-03-01", "2027-03-22", "2027-04-12")
SENDER = ('from="doorstroomdossier@debrug.example" name="Doorstroomdossier De Brug"')
for part in DEADLINES + ("<parent-consent-under>18</parent-consent-under>",
                         'primary="#1d4e89"', SENDER):
    if part not in BRUG_XML:
        print("Bail out! tenants/de-brug.xml no longer has %s" % part)
        sys.exit(1)


def load(slug, text):
    path = st.path(slug + ".xml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    st.dddctl("tenant", "load", path)
    return st.sql("SELECT loaded_at, config_version FROM tenant WHERE slug = '%s'" % slug)[0]


def brug(deadlines=DEADLINES, consent=18, colour="#1d4e89", sender=None):
    text = BRUG_XML
    for old, new in zip(DEADLINES, deadlines):
        text = text.replace('date="%s"' % old, 'date="%s"' % new)
    text = text.replace("<parent-consent-under>18<", "<parent-consent-under>%d<" % consent)
    text = text.replace('primary="#1d4e89"', 'primary="%s"' % colour)
    if sender:
        text = text.replace(SENDER, 'from="%s" name="%s"' % sender)
    return load("de-brug", text)


def dmy(d):
    return "%s-%s-%s" % (d[8:10], d[5:7], d[0:4])


def shown_deadlines(r):
    return tuple(re.findall(r"Deadline (\d\d-\d\d-\d{4})", r.text))


def parses(log, tenant, version=None):
    """tenant_config lines (one per parse) of tenant in a process's log."""
    pat = r"event=tenant_config tenant=%s version=%s " % (tenant, version or r"\d+")
    return len(re.findall(pat, st.log(log)))


decaan = fixture.login(st, "de-brug", "m.vandenberg@debrug.example")

# --- parsed once per load, shared by the worker's threads -------------------
for i in range(6):
    r = decaan.get("/portal/dashboard")
is_(r.status, 200, "the decaan's dashboard")
is_(shown_deadlines(r), tuple(dmy(d) for d in DEADLINES), "it shows the file's three deadlines")
v = q1("SELECT config_version FROM tenant WHERE id = %s" % BRUG)
is_(parses("worker.log", BRUG, v), 1, "six pages, one parse of De Brug's file (version %s)" % v)

# --- a reload takes effect at the next request -------------------------------
NEW = ("2027-05-03", "2027-05-24", "2027-06-14")
at, v2 = brug(deadlines=NEW)
ok(int(v2) == int(v) + 1, "the load raised config_version (%s -> %s)" % (v, v2))
r = decaan.get("/portal/dashboard")
is_(shown_deadlines(r), tuple(dmy(d) for d in NEW), "the next page shows the new deadlines")
decaan.get("/portal/dashboard")
is_(parses("worker.log", BRUG, v2), 1, "... parsed once for the new version")

# Two loads within one second: loaded_at cannot tell them apart, the
# version does.
same = 0
for attempt in range(20):
    a = ("2027-02-%02d" % (attempt + 1), "2027-03-22", "2027-04-12")
    b = ("2027-01-%02d" % (attempt + 1), "2027-03-22", "2027-04-12")
    at_a, va = brug(deadlines=a)
    seen_a = shown_deadlines(decaan.get("/portal/dashboard"))
    at_b, vb = brug(deadlines=b)
    seen_b = shown_deadlines(decaan.get("/portal/dashboard"))
    if seen_a != tuple(map(dmy, a)) or seen_b != tuple(map(dmy, b)):
        break
    if at_a == at_b:
        same += 1
        if same == 2:
            break
ok(seen_a == tuple(map(dmy, a)) and seen_b == tuple(map(dmy, b)),
   "each of two quick loads is seen at the next page", (seen_a, seen_b, a, b))
ok(same >= 1, "... also when both loads fell in the same second (%d times in %d tries)"
   % (same, attempt + 1))

# --- the regional addendum ----------------------------------------------------
base = len(dossiers.steps("deel-a"))
finn = fixture.login(st, "het-noorderlicht", "2001")
ft = fixture.csrf(finn.get("/dossiers"))
r = finn.post("/dossiers/nieuw", {"csrf": ft})
fdid = re.search(r"/dossiers/(\d+)/", r.header("Location")).group(1)
contains(finn.get("/dossiers/%s/stap/%d" % (fdid, base + 1)).text,
         "Regionale aanvulling Noord", "the addendum step as loaded")
noord = original("het-noorderlicht").replace('title="Regionale aanvulling Noord"',
                                             'title="Aanvulling Noord, herzien"')
noord = noord.replace("Heb je een meeloopdag gedaan", "Ben je wezen meelopen")
load("het-noorderlicht", noord)
r = finn.get("/dossiers/%s/stap/%d" % (fdid, base + 1))
contains(r.text, "Aanvulling Noord, herzien", "after a reload: the new title at once")
contains(r.text, "Ben je wezen meelopen", "... and the new question text")
ok(parses("worker.log", NOORD) == 2, "Het Noorderlicht parsed once per version")

# --- the consent age, on the akkoordverklaring -------------------------------
sem, t, did = dossiers.to_akkoord(st, fixture, "1001", "j.bakker@debrug.example")
age = lambda: re.findall(r"Je bent jonger dan (\d+) jaar", sem.get("/dossiers/%s/akkoord" % did).text)
is_(age(), ["18"], "Sem (16) is asked for a parent: under 18")
brug(consent=17)
is_(age(), ["17"], "after a reload with 17: under 17")
brug(consent=16)
is_(age(), [], "with 16: no parent asked")
brug()

# --- the branding colour, in the documents -----------------------------------
fo = lambda: sem.get("/dossiers/%s/deel-a.fo" % did).text
contains(fo(), "solid #1d4e89", "deel A's FO in the school's colour")
brug(colour="#aa3300")
r = fo()
contains(r, "solid #aa3300", "after a reload: the new colour at once")
ok("#1d4e89" not in r, "... and not the old one")

# --- reloads in a loop while threads fetch pages ------------------------------
A = (("2027-03-01", "2027-03-22", "2027-04-12"), "#aa3300")
B = (("2027-05-03", "2027-05-24", "2027-06-14"), "#0b6e4f")
want_pages = {tuple(map(dmy, A[0])): "A", tuple(map(dmy, B[0])): "B"}
want_fo = {A[1]: "A", B[1]: "B"}
stop = threading.Event()
results = {"dash": [], "fo": [], "bad": []}


def clone(c):
    n = Client(st.port)
    n.cookies = dict(c.cookies)
    return n


def fetch_dash(c):
    while not stop.is_set():
        r = c.get("/portal/dashboard")
        got = shown_deadlines(r) if r.status == 200 else ("status %d" % r.status,)
        (results["dash"] if got in want_pages else results["bad"]).append(got)


def fetch_fo(c):
    while not stop.is_set():
        r = c.get("/dossiers/%s/deel-a.fo" % did)
        got = tuple(sorted(set(re.findall(r'(?:1\.5pt solid |font-weight="bold" color=")'
                                          r'(#[0-9a-f]{6})', r.text)))) \
            if r.status == 200 else ("status %d" % r.status,)
        (results["fo"] if len(got) == 1 and got[0] in want_fo else results["bad"]).append(got)


threads = [threading.Thread(target=fetch_dash, args=(clone(decaan),)) for i in range(3)]
threads += [threading.Thread(target=fetch_fo, args=(clone(sem),)) for i in range(2)]
for th in threads:
    th.start()
loads = 0
parsed_before = parses("worker.log", BRUG)
t_end = time.monotonic() + 8
try:
    while time.monotonic() < t_end:
        cur = A if loads % 2 == 0 else B
        brug(deadlines=cur[0], colour=cur[1])
        loads += 1
finally:
    stop.set()
    for th in threads:
        th.join(60)
ok(loads >= 10, "%d reloads while pages were fetched" % loads)
is_(results["bad"][:5], [], "every page whole: deadlines of one version, the colour of one "
    "version (%d dashboards, %d FOs)" % (len(results["dash"]), len(results["fo"])))
seen = {want_pages[p] for p in results["dash"]}
is_(seen, {"A", "B"}, "dashboards of both versions were seen")
is_({want_fo[p[0]] for p in results["fo"]}, {"A", "B"}, "FOs of both versions were seen")
ok(st.procs["worker"].poll() is None, "the worker is still running")
ok("AddressSanitizer" not in st.log("worker.log") and "runtime error" not in
   st.log("worker.log"), "no sanitizer report in the worker's log")
pages = len(results["dash"]) + len(results["fo"])
parsed = parses("worker.log", BRUG) - parsed_before
ok(parsed < pages / 3, "parsed per load, not per page: %d parses for %d loads and %d pages"
   % (parsed, loads, pages))
brug()

# --- ddd-mailer: the new sender after a reload --------------------------------
st.start_mailer()
seen_mail = set()


def mail_to(addr, timeout=40):
    """The From of the first new message to addr in the sink."""
    end = time.monotonic() + timeout
    folder = os.path.join(st.maildir, "new")
    while time.monotonic() < end:
        for name in sorted(os.listdir(folder)):
            if name in seen_mail:
                continue
            with open(os.path.join(folder, name), "rb") as f:
                m = email.message_from_binary_file(f, policy=email.policy.default)
            seen_mail.add(name)
            if addr in str(m["To"]):
                return email.utils.parseaddr(str(m["From"]))
        time.sleep(0.3)
    return None


def activate(nr):
    c = Client(st.port)
    tok = fixture.csrf(c.get("/activeren"))
    return c.post("/activeren", {"school": "de-brug", "username": nr, "csrf": tok}).status


ok(activate("1003") in (200, 303), "an activation mail asked for (1003)")
is_(mail_to("daan.vanleeuwen@leerling.debrug.example"),
    ("Doorstroomdossier De Brug", "doorstroomdossier@debrug.example"),
    "the mail leaves with the file's sender")
brug(sender=("post@debrug.example", "De Brug, nieuw adres"))
ok(activate("1004") in (200, 303), "another, after a reload with another sender (1004)")
is_(mail_to("yasmina.elidrissi@leerling.debrug.example"),
    ("De Brug, nieuw adres", "post@debrug.example"),
    "the running mailer uses the new sender")
brug()

# --- ddd-mailer: an MBO's webhook URL after a reload -------------------------
roc = original("roc-rijnland")


def roc_hook(path):
    return load("roc-rijnland", roc.replace(
        "</tenant>", '  <webhook url="http://127.0.0.1:%d%s"/>\n</tenant>' % (hook_port, path)))


def wait_hook(path, timeout=40):
    end = time.monotonic() + timeout
    while time.monotonic() < end and path not in received:
        time.sleep(0.3)
    return path in received


roc_hook("/melding-1")
v = q1("SELECT version FROM dossier WHERE id = %s" % did)
r = sem.post("/dossiers/%s/akkoord" % did, {"csrf": t, "versie": v, "actie": "akkoord",
                                           "akkoord": "ja", "ouder_naam": "Ouder",
                                           "ouder_relatie": "moeder", "ouder_akkoord": "ja"})
is_(r.status, 303, "Sem's dossier afgerond")
ok(wait_hook("/melding-1"), "the college is told at its webhook URL", received)
roc_hook("/melding-2")
dossiers.afgerond(st, fixture, "1002", "j.bakker@debrug.example")
ok(wait_hook("/melding-2"), "after a reload with another URL the running sender posts there",
   received)
is_(received.count("/melding-1"), 1, "... and not to the old one")
ok(parses("mailer.log", ROC) >= 2 and parses("mailer.log", BRUG) >= 2,
   "the mailer parsed each file again after its reload (its own cache)")
ok(st.procs["mailer"].poll() is None, "the mailer is still running")
done()
