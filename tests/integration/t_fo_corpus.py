"""The FO corpus, rendered by ours (fcgi/fo/) and by Apache FOP: the
project's own stylesheet output for several dossiers (short, long texts,
names in other scripts and <&>"' in answers) and the hand-written edge
cases in tests/fo/.  For each: the same page count; the same words per page
(pdftotext, whitespace folded, reading order aside); the page images close
(pdftoppm, 20 dpi greyscale: the mean absolute difference per page at most
5 % of full scale: pages of dense text differ most, by glyph positions
(measured up to 4.5 %); 8 % for justified text, where FOP also shrinks word
spaces and Pango only stretches them); every font embedded.  Known
differences are stated per file."""
import os, re, subprocess, sys, tempfile
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture, dossiers
from stack import SRCDIR, BUILDDIR

DDDCTL = os.path.join(BUILDDIR, "dddctl")
FOPCONF = os.path.join(SRCDIR, "xslt", "fop.xconf")
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Where ours differs from FOP on purpose (and the note says so):
JUSTIFIED = {"widows", "tall-row"}     # line breaks differ: FOP breaks a
# paragraph as a whole (total-fit, and shrinks word spaces when justified),
# Pango line by line; over many lines the page ends drift by a line or two
WORDS_WHOLE = {"widows", "long-word", "tall-row"}  # whole text, not per page
# long-word: FOP lets a word longer than the line run into the margin and
# off the page; ours breaks it between characters.

st = fixture.start("fo-corpus")
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")
work = tempfile.mkdtemp(prefix="fo-corpus-", dir=st.dir)
corpus = {}

# Our own stylesheet output: a short dossier (just begun), a long one
# (every long text at its limit), one with names in other scripts.
c = fixture.login(st, "de-brug", "1003")
t = fixture.csrf(c.get("/dossiers"))
r = c.post("/dossiers/nieuw", {"csrf": t})
short = re.search(r"/dossiers/(\d+)/", r.header("Location")).group(1)
corpus["dossier-kort-deel-a"] = c.get("/dossiers/%s/deel-a.fo" % short).body

st.sql("UPDATE account SET roepnaam = 'Ayşe Çağla', tussenvoegsel = '', achternaam = 'محمد 王小明' "
       "WHERE login = '1001'")
sem, t1, did = dossiers.afgerond(st, fixture, "1001", "j.bakker@debrug.example")
st.sql("UPDATE answer SET value = CONCAT('Antwoord met <&>\"'' tekens en 学生 en محمد. ', "
       "REPEAT('Een lange zin die het antwoord vult tot het einde van de ruimte. ', 60)) "
       "WHERE dossier_id = %s AND value LIKE 'Een antwoord%%'" % did)
for kind in ("dossier", "deel-a", "deel-b"):
    corpus["dossier-lang-" + kind] = sem.get("/dossiers/%s/%s.fo" % (did, kind)).body
for name in sorted(os.listdir(os.path.join(SRCDIR, "tests", "fo"))):
    if name.endswith(".fo"):
        with open(os.path.join(SRCDIR, "tests", "fo", name), "rb") as f:
            corpus[name[:-3]] = f.read()


def pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], stdout=subprocess.PIPE).stdout.decode()
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def words(pdf, page=None):
    argv = ["pdftotext"] + (["-f", str(page), "-l", str(page)] if page else []) + [pdf, "-"]
    text = BIDI.sub("", subprocess.run(argv, stdout=subprocess.PIPE).stdout.decode())
    return sorted(text.split())


def pgm(path):
    data = open(path, "rb").read()
    head = data.split(maxsplit=4)
    w, h = int(head[1]), int(head[2])
    return data[-w * h:]


def image_diff(a, b, page):
    d = tempfile.mkdtemp(dir=work)
    for name, pdf in (("a", a), ("b", b)):
        subprocess.run(["pdftoppm", "-gray", "-r", "20", "-f", str(page), "-l", str(page), pdf,
                        os.path.join(d, name)], check=True)
    fa = [x for x in os.listdir(d) if x.startswith("a")][0]
    fb = [x for x in os.listdir(d) if x.startswith("b")][0]
    pa, pb = pgm(os.path.join(d, fa)), pgm(os.path.join(d, fb))
    n = min(len(pa), len(pb))
    return sum(abs(pa[i] - pb[i]) for i in range(n)) / (255.0 * n)


for name, fo in corpus.items():
    src = os.path.join(work, name + ".fo")
    with open(src, "wb") as f:
        f.write(fo)
    ours, theirs = os.path.join(work, name + ".pdf"), os.path.join(work, name + "-fop.pdf")
    r = subprocess.run([DDDCTL, "fo2pdf", "--strict", src, ours], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    is_(r.returncode, 0, "%s: ours renders it, strict (nothing unsupported)" % name)
    if r.returncode != 0:
        print("# " + r.stderr.replace("\n", "\n# "))
        continue
    f = subprocess.run(["fop", "-q", "-c", FOPCONF, "-fo", src, "-pdf", theirs],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    ok(f.returncode == 0, "%s: FOP renders it" % name)
    n = pages(ours)
    is_(n, pages(theirs), "%s: the same number of pages" % name)
    if name in WORDS_WHOLE:
        if name == "long-word":
            text = "".join(words(ours))
            contains(text, "Doorstroomdossier" * 12, "long-word: ours keeps the whole word (broken "
                     "over lines)")
        else:
            is_(words(ours), words(theirs), "%s: the same words" % name)
    else:
        same = [p for p in range(1, n + 1) if words(ours, p) == words(theirs, p)]
        is_(len(same), n, "%s: the same words on every page" % name)
    diffs = [image_diff(ours, theirs, p) for p in range(1, min(n, pages(theirs)) + 1)]
    limit = 0.08 if name in JUSTIFIED else 0.05
    print("# %s: %d pages, image difference per page %s" % (name, n,
          " ".join("%.3f" % x for x in diffs)))
    ok(max(diffs) <= limit, "%s: page images close to FOP's (max %.3f <= %.2f)"
       % (name, max(diffs), limit))
    fonts = subprocess.run(["pdffonts", ours], stdout=subprocess.PIPE).stdout.decode()
    rows = [x for x in fonts.splitlines()[2:] if x.strip()]
    ok(rows and all(" yes yes " in x for x in rows), "%s: every font embedded, as a subset" % name)

# The citation ahead of its id is resolved (two passes), and a wrong
# ref-id is named.
cit = os.path.join(work, "citation.pdf")
contains(" ".join(words(cit, 1)), "2.", "a citation of a later page is resolved")
bad = os.path.join(work, "badref.fo")
with open(bad, "w") as f:
    f.write(corpus["citation"].decode().replace('ref-id="anker"', 'ref-id="nergens"'))
r = subprocess.run([DDDCTL, "fo2pdf", "--strict", bad, os.path.join(work, "badref.pdf")],
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
ok(r.returncode != 0 and "ref-id 'nergens' names no id" in r.stderr, "a wrong ref-id is named",
   r.stderr.strip())
done()
