"""Who sees which part of a dossier in which phase (fcgi/visibility.c):
every part x phase x actor x scope, on every view of a dossier (pages,
FO, PDF, the MBO's XML export and zip), inside one school and across
schools and colleges; and every dossier page names its student.

Each dossier carries a marker per part: deel A, the leerling-specifieke
and the dossier-specifieke part of deel B, the student's remarks in the
akkoordverklaring.  A view shows a marker exactly when the rule says
its reader may see that part now."""
import io, os, re, subprocess, sys, tempfile, zipfile
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture, dossiers

st = fixture.start("visibility")
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")

NS = dossiers.NS
PARTS = ("A", "L", "D", "K")    # deel A, deel B leerling / dossier, akkoord


def mark(part, did):
    return "Qz%s%szQ" % (part, did)


def aid(login):
    return st.sql("SELECT id FROM account WHERE login = '%s'" % login)[0][0]


def step_data(step, token, marker):
    """A step with good answers; every long text carries the marker."""
    data = {"csrf": token}
    for q in step.findall(NS + "question"):
        if q.get("show-if"):
            continue
        if q.get("type") == "long-text":
            data[q.get("id")] = "Tekst %s." % marker
        elif q.get("required") == "true":
            data[q.get("id")] = dossiers.good_value(q)
    return data


def fill(client, url_of_step, form_id, token, marker, only=None, start=1):
    n = start - 1
    for step in dossiers.steps(form_id):
        n += 1
        if only is not None and n - start + 1 > only:
            break
        r = client.post(url_of_step(n), step_data(step, token, marker))
        assert r.status == 303, (url_of_step(n), r.status, r.text[:400])
    if form_id == "deel-a" and only is None and dossiers.addendum("de-brug"):
        n += 1
        data = {"csrf": token}
        for q in dossiers.addendum("de-brug"):
            data[q.get("id")] = dossiers.good_value(q)
        assert client.post(url_of_step(n), data).status == 303
    return n


sem = fixture.login(st, "de-brug", "1001")
joost = fixture.login(st, "de-brug", "j.bakker@debrug.example")
nl = len(dossiers.steps("deel-b-leerling"))


def new_dossier():
    t = fixture.csrf(sem.get("/dossiers"))
    r = sem.post("/dossiers/nieuw", {"csrf": t})
    assert r.status == 303, r.status
    return re.search(r"/dossiers/(\d+)/", r.header("Location")).group(1)


def student_url(did):
    return lambda n: "/dossiers/%s/stap/%d" % (did, n)


def staff_url(did):
    return lambda n: "/portal/dossiers/%s/deel-b/%d" % (did, n)


exists = {}     # did -> parts that hold a marker
phase_of = {}

# deel_a: the student has written deel A (not sent), the mentor has saved
# the leerling-specifieke part early.
d_a = new_dossier()
fill(sem, student_url(d_a), "deel-a", fixture.csrf(sem.get("/dossiers")), mark("A", d_a))
fill(joost, staff_url(d_a), "deel-b-leerling", fixture.csrf(joost.get("/")), mark("L", d_a))
exists[d_a] = {"A", "L"}

# deel_b: deel A sent; the mentor's deel B saved, not sent: his draft.
d_b = new_dossier()
fill(sem, student_url(d_b), "deel-a", fixture.csrf(sem.get("/dossiers")), mark("A", d_b))
r = sem.post("/dossiers/%s/opsturen" % d_b, {"csrf": fixture.csrf(sem.get("/dossiers/%s/opsturen" % d_b)),
                                             "mentor": aid("j.bakker@debrug.example")})
assert r.status == 303, r.status
t = fixture.csrf(joost.get("/"))
fill(joost, staff_url(d_b), "deel-b-leerling", t, mark("L", d_b))
fill(joost, staff_url(d_b), "deel-b-dossier", t, mark("D", d_b), start=nl + 1)
exists[d_b] = {"A", "L", "D"}

# akkoord: deel B sent back to the student.
d_k = new_dossier()
fill(sem, student_url(d_k), "deel-a", fixture.csrf(sem.get("/dossiers")), mark("A", d_k))
r = sem.post("/dossiers/%s/opsturen" % d_k, {"csrf": fixture.csrf(sem.get("/dossiers/%s/opsturen" % d_k)),
                                             "mentor": aid("j.bakker@debrug.example")})
assert r.status == 303
t = fixture.csrf(joost.get("/"))
fill(joost, staff_url(d_k), "deel-b-leerling", t, mark("L", d_k))
fill(joost, staff_url(d_k), "deel-b-dossier", t, mark("D", d_k), start=nl + 1)
assert joost.post("/portal/dossiers/%s/opsturen" % d_k, {"csrf": fixture.csrf(joost.get("/"))}).status == 303
exists[d_k] = {"A", "L", "D"}

# afgerond: the same, then 'Akkoord' with remarks.
d_f = new_dossier()
fill(sem, student_url(d_f), "deel-a", fixture.csrf(sem.get("/dossiers")), mark("A", d_f))
r = sem.post("/dossiers/%s/opsturen" % d_f, {"csrf": fixture.csrf(sem.get("/dossiers/%s/opsturen" % d_f)),
                                             "mentor": aid("j.bakker@debrug.example")})
assert r.status == 303
t = fixture.csrf(joost.get("/"))
fill(joost, staff_url(d_f), "deel-b-leerling", t, mark("L", d_f))
fill(joost, staff_url(d_f), "deel-b-dossier", t, mark("D", d_f), start=nl + 1)
assert joost.post("/portal/dossiers/%s/opsturen" % d_f, {"csrf": fixture.csrf(joost.get("/"))}).status == 303
v = st.sql("SELECT version FROM dossier WHERE id = " + d_f)[0][0]
r = sem.post("/dossiers/%s/akkoord" % d_f, {"csrf": fixture.csrf(sem.get("/dossiers/%s/akkoord" % d_f)),
                                            "versie": v, "actie": "akkoord", "akkoord": "ja",
                                            "opmerkingen": "Opmerking " + mark("K", d_f),
                                            "ouder_naam": "Ouder", "ouder_relatie": "moeder",
                                            "ouder_akkoord": "ja"})
assert r.status == 303, (r.status, r.text[:500])
exists[d_f] = {"A", "L", "D", "K"}

for did, ph in ((d_a, "deel_a"), (d_b, "deel_b"), (d_k, "akkoord"), (d_f, "afgerond")):
    phase_of[did] = ph
    is_(st.sql("SELECT phase FROM dossier WHERE id = " + did), [[ph]], "dossier %s is in %s" % (did, ph))

# The actors: (name, school, login, role, scope).
ACTORS = [
    ("the student", "de-brug", "1001", "leerling", "own"),
    ("another student of the class", "de-brug", "1002", "leerling", "none"),
    ("the class mentor", "de-brug", "j.bakker@debrug.example", "mentor", "mentor"),
    ("a mentor of other classes", "de-brug", "p.devries@debrug.example", "mentor", "none"),
    ("the decaan", "de-brug", "m.vandenberg@debrug.example", "decaan", "school"),
    ("another school's decaan", "het-noorderlicht", "a.yilmaz@noorderlicht.example", "decaan", "none"),
    ("the chosen college", "roc-rijnland", "a.kuipers@rocrijnland.example", "mbo", "college"),
    ("a college not chosen", "techniek-college-oost", "h.mulder@tcoost.example", "mbo", "none"),
]


def visible(scope, phase):
    """The rule, written out independently of the C table."""
    if scope == "own":
        return {"A", "K"} | ({"L", "D"} if phase in ("akkoord", "afgerond") else set())
    if scope in ("mentor", "school"):
        return set(PARTS)
    if scope == "college":
        return set(PARTS) if phase == "afgerond" else set()
    return set()


KIND_PARTS = {"deel-a": {"A"}, "deel-b": {"L", "D"}, "dossier": set(PARTS)}


def views(role, did):
    """(what, url, parts the view can show, document kind or None)."""
    if role == "leerling":
        base = "/dossiers/%s" % did
        out = [("bekijken", base + "/bekijken", set(PARTS), None),
               ("stap 1", base + "/stap/1", set(), None)]
    elif role == "mbo":
        base = "/mbo/dossiers/%s" % did
        return [("bekijken", base, set(PARTS), None),
                ("xml", base + "/xml", set(PARTS), None),
                ("pdf", base + "/dossier.pdf", set(PARTS), "dossier")]
    else:
        base = "/portal/dossiers/%s" % did
        out = [("bekijken", base + "/bekijken", set(PARTS), None),
               ("overzicht", base, set(), None),
               ("deel B stap 1", base + "/deel-b/1", set(), None)]
    for kind in ("deel-a", "deel-b", "dossier"):
        out.append((kind + ".fo", "%s/%s.fo" % (base, kind), KIND_PARTS[kind], kind))
        out.append((kind + ".pdf", "%s/%s.pdf" % (base, kind), set(), kind))
    return out


clients = {}
for name, school, login, role, scope in ACTORS:
    clients[name] = sem if login == "1001" else joost if login.startswith("j.bakker") else \
        fixture.login(st, school, login)

for name, school, login, role, scope in ACTORS:
    c = clients[name]
    for did in (d_a, d_b, d_k, d_f):
        ph = phase_of[did]
        may = visible(scope, ph) & exists[did]
        sees = bool(visible(scope, ph))
        for what, url, shows, kind in views(role, did):
            r = c.get(url)
            if not sees:
                want = 404
            elif kind is not None:
                need = KIND_PARTS[kind]
                want = 200 if need <= visible(scope, ph) and (kind != "dossier" or ph == "afgerond") else 404
            else:
                want = 200
            is_(r.status, want, "%s, %s in %s: %s" % (name, what, ph, url))
            if r.status != 200 or url.endswith(".pdf"):
                continue
            for p in PARTS:
                if p not in shows or p not in exists[did]:
                    continue
                present = mark(p, did) in r.text
                ok(present == (p in may),
                   "%s, %s in %s: part %s %s" % (name, what, ph, p, "shown" if p in may else "not shown"))

# The PDF the student downloads while the mentor writes: deel A only.
tmp = tempfile.mkdtemp()
r = sem.get("/dossiers/%s/deel-a.pdf" % d_b)
is_(r.status, 200, "the student's deel A PDF in deel B")
pdf = os.path.join(tmp, "a.pdf")
with open(pdf, "wb") as f:
    f.write(r.body)
text = subprocess.run(["pdftotext", pdf, "-"], stdout=subprocess.PIPE, text=True).stdout
contains(text, mark("A", d_b), "it holds the student's deel A")
ok(mark("L", d_b) not in text and mark("D", d_b) not in text, "and none of the mentor's draft")
# The same data the mentor downloads: the same deel A document.
r2 = joost.get("/portal/dossiers/%s/deel-a.pdf" % d_b)
is_(r2.body, r.body, "deel A is one document for the student and the mentor")

# The MBO's zip of the chosen dossiers: the finished one only.
roc = clients["the chosen college"]
rt = fixture.csrf(roc.get("/mbo/dossiers"))
r = roc.post("/mbo/dossiers/zip", "csrf=%s&dossier=%s" % (rt, d_f),
             headers={"Content-Type": "application/x-www-form-urlencoded"})
is_(r.status, 200, "the college's zip of the finished dossier")
z = zipfile.ZipFile(io.BytesIO(r.body))
xml = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
for p in PARTS:
    contains(xml, mark(p, d_f), "the zip's XML holds part " + p)
for did in (d_a, d_b, d_k):
    r = roc.post("/mbo/dossiers/zip", "csrf=%s&dossier=%s" % (fixture.csrf(roc.get("/mbo/dossiers")), did),
                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    is_(r.status, 404, "no zip of a dossier in %s" % phase_of[did])
tco = clients["a college not chosen"]
r = tco.post("/mbo/dossiers/zip", "csrf=%s&dossier=%s" % (fixture.csrf(tco.get("/mbo/dossiers")), d_f),
             headers={"Content-Type": "application/x-www-form-urlencoded"})
is_(r.status, 404, "no zip for a college the student did not choose")

# Mails carry no part of any dossier (only the final PDF, as a file).
rows = st.sql("SELECT COALESCE(body_xml, '') FROM outbox")
ok(rows and all("Qz" not in b for (b,) in rows), "no mail text holds dossier content (%d mails)" % len(rows))

# Every dossier page names its student at the top.
for name in ("the chosen college", "the decaan", "the class mentor"):
    c = clients[name]
    url = "/mbo/dossiers/%s" % d_f if name == "the chosen college" else "/portal/dossiers/%s/bekijken" % d_f
    r = c.get(url)
    head = r.text[:r.text.find('class="view-part"')]
    for what in ("Sem de Vries", "1001", "14-03-2010", "4K1", "De Brug"):
        contains(head, what, "%s's Bekijken names the student: %s" % (name, what))
r = sem.get("/dossiers/%s/bekijken" % d_b)
ok(re.search(r"Doorstroomdossier van (<bdi>)?Sem de Vries", r.text), "the student's own view is headed with the name too")
done()
