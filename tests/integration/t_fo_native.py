"""The native XSL-FO renderer (Pango and cairo, fcgi/fo/) against Apache
FOP as the reference: the same words from the project's own dossier FO,
the same number of pages give or take one, names in other scripts, a
table longer than a page with its header repeated, keep-with-next, and
strict mode naming what it does not support.  Then the worker with
pdf_renderer = native serves the dossier's PDFs."""
import os, re, subprocess, sys, time
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture, dossiers
from stack import SRCDIR, BUILDDIR

DDDCTL = os.path.join(BUILDDIR, "dddctl")
st = fixture.start("fo-native")
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")
st.sql("UPDATE account SET roepnaam = 'Çağla', tussenvoegsel = '', achternaam = 'محمد 王' "
       "WHERE login = '1001'")
c, t, did = dossiers.afgerond(st, fixture, "1001", "j.bakker@debrug.example")


def words(pdf):
    text = subprocess.run(["pdftotext", pdf, "-"], stdout=subprocess.PIPE).stdout.decode()
    text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)
    return text.split()


def pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], stdout=subprocess.PIPE).stdout.decode()
    m = re.search(r"Pages:\s+(\d+)", out)
    return int(m.group(1)) if m else 0


def native(fo, pdf, strict=False):
    argv = [DDDCTL, "fo2pdf"] + (["--strict"] if strict else []) + [fo, pdf]
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def fop(fo, pdf):
    return subprocess.run(["fop", "-q", "-c", os.path.join(SRCDIR, "xslt", "fop.xconf"), "-fo", fo,
                           "-pdf", pdf], stdout=subprocess.PIPE, stderr=subprocess.PIPE)


# --- the project's own FO: the whole dossier ---------------------------------
for kind in ("dossier", "deel-a", "deel-b"):
    fo = st.path(kind + ".fo")
    with open(fo, "wb") as f:
        f.write(c.get("/dossiers/%s/%s.fo" % (did, kind)).body)
    r = native(fo, st.path(kind + "-native.pdf"))
    is_(r.returncode, 0, "%s: the native renderer makes a PDF" % kind)
    is_(r.stderr, "", "%s: with nothing unsupported in our own FO" % kind)
    m = re.search(r"in ([0-9.]+) ms", r.stdout)
    print("# %s native: %s" % (kind, m.group(0) if m else r.stdout.strip()))
    fop(fo, st.path(kind + "-fop.pdf"))
    wn, wf = words(st.path(kind + "-native.pdf")), words(st.path(kind + "-fop.pdf"))
    is_(sorted(wn), sorted(wf), "%s: the same words as FOP's PDF" % kind)
    pn, pf = pages(st.path(kind + "-native.pdf")), pages(st.path(kind + "-fop.pdf"))
    ok(abs(pn - pf) <= 1, "%s: pages %d, FOP %d" % (kind, pn, pf))
text = " ".join(words(st.path("dossier-native.pdf")))
contains(text, "Çağla", "Turkish letters as typed")
contains(text, "王", "Chinese as typed")
ok("محمد" in text or "دمحم" in text, "Arabic letters are in the text")
contains(text, "pagina 1 van %d" % pages(st.path("dossier-native.pdf")), "'pagina N van M'")
info = subprocess.run(["pdfinfo", st.path("dossier-native.pdf")], stdout=subprocess.PIPE).stdout.decode()
contains(info, "Doorstroomdossier – Çağla", "the title in the PDF's metadata")
fonts = subprocess.run(["pdffonts", st.path("dossier-native.pdf")], stdout=subprocess.PIPE).stdout.decode()
ok(all(" yes yes " in line for line in fonts.splitlines()[2:] if line.strip()),
   "every font embedded as a subset", fonts)


# --- structure for screen readers ---------------------------------------------
def structure(pdf):
    r = subprocess.run(["pdfinfo", "-struct", pdf], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return r.stdout.decode(), r.stderr.decode()

contains(info, "Tagged:          yes", "the PDF is marked as tagged (/MarkInfo)")
tree, warn = structure(st.path("dossier-native.pdf"))
is_(warn, "", "poppler reads the structure tree without a warning")
ok(tree.startswith("Document\n"), "one Document element at the root", tree[:200])
roles = set(line.split()[0] for line in tree.splitlines() if line.strip())
for role in ("H1", "H2", "P", "Table", "TR", "TH", "TD", "Figure"):
    ok(role in roles, "the structure has %s elements" % role, sorted(roles))
with open(st.path("dossier-native.pdf"), "rb") as f:
    raw = f.read()
contains(raw.decode("latin-1"), "/Lang (nl)", "the document language from fo:root")
contains(raw.decode("latin-1"), "/DisplayDocTitle true", "viewers show the title, not the file name")

# An image as the first thing drawn on a page: cairo 1.16 used to lose the
# Document element (or fail) there; a logo in a header is exactly that.
import base64, struct, zlib
def png(w, h):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + b"\x1d\x4e\x89" * w for _ in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
logo = "data:image/png;base64," + base64.b64encode(png(8, 8)).decode()
first = ('<?xml version="1.0" encoding="UTF-8"?>\n<fo:root xmlns:fo="http://www.w3.org/1999/XSL/Format"'
         ' xmlns:fox="http://xmlgraphics.apache.org/fop/extensions"'
         ' font-family="DejaVu Sans" language="nl">\n<fo:layout-master-set><fo:simple-page-master master-name="p"'
         ' page-height="297mm" page-width="210mm" margin="20mm"><fo:region-body margin-top="20mm"/>'
         '<fo:region-before extent="15mm"/></fo:simple-page-master></fo:layout-master-set>\n'
         '<fo:page-sequence master-reference="p"><fo:static-content flow-name="xsl-region-before">'
         '<fo:table><fo:table-column column-width="20mm"/><fo:table-column column-width="60mm"/>'
         '<fo:table-body><fo:table-row><fo:table-cell><fo:block><fo:external-graphic src="url(\'%s\')"'
         ' content-width="10mm" fox:alt-text="Logo van de school"/></fo:block></fo:table-cell><fo:table-cell><fo:block>School</fo:block>'
         '</fo:table-cell></fo:table-row></fo:table-body></fo:table></fo:static-content>'
         '<fo:flow flow-name="xsl-region-body"><fo:block><fo:external-graphic src="url(\'%s\')"'
         ' fox:alt-text="Een blauw vierkant, ü"/>'
         '</fo:block><fo:block break-before="page">Tweede pagina</fo:block></fo:flow></fo:page-sequence>'
         '</fo:root>\n') % (logo, logo)
path = st.path("image-first.fo")
with open(path, "w") as f:
    f.write(first)
r = native(path, st.path("image-first.pdf"), strict=True)
ok(r.returncode == 0, "an image first on every page: rendered", r.stderr)
tree, warn = structure(st.path("image-first.pdf"))
is_(warn, "", "its structure reads without a warning")
ok(tree.startswith("Document\n"), "with the Document element at the root", tree[:200])
is_(tree.count("Figure"), 3, "the logo on both pages and the image in the flow are figures")
is_(pages(st.path("image-first.pdf")), 2, "two pages")

def figure_alts(pdf):
    """/Alt of each Figure structure element, by object number, the
    newest version of each object (an incremental update comes last)."""
    with open(pdf, "rb") as f:
        raw = f.read()
    alts = {}
    for m in re.finditer(rb"\n(\d+) 0 obj\n(<< /Type /StructElem\n   /S /Figure\n.*?)\nendobj", raw, re.S):
        a = re.search(rb"/Alt <FEFF([0-9A-F]*)>", m.group(2))
        alts[int(m.group(1))] = bytes.fromhex(a.group(1).decode()).decode("utf-16-be") if a else None
    return [alts[k] for k in sorted(alts)]

is_(figure_alts(st.path("image-first.pdf")),
    ["Logo van de school", "Een blauw vierkant, ü", "Logo van de school"],
    "each figure has its fox:alt-text as /Alt, in the order drawn")
ok(all(a == "Logo " + "Scholengemeenschap De Brug" or a.startswith("Logo ")
       for a in figure_alts(st.path("dossier-native.pdf"))) and
   figure_alts(st.path("dossier-native.pdf")) != [],
   "the dossier's logo on every page has its text", figure_alts(st.path("dossier-native.pdf")))

# --- the memory limit: a few bytes that stand for gigabytes ---------------------
def bomb(name, body):
    path = st.path(name + ".fo")
    with open(path, "w") as f:
        f.write(first.split('<fo:page-sequence')[0] + '<fo:page-sequence master-reference="p">'
                '<fo:flow flow-name="xsl-region-body">' + body + '</fo:flow></fo:page-sequence></fo:root>\n')
    t0 = time.monotonic()
    r = native(path, st.path(name + ".pdf"))
    return r, time.monotonic() - t0

def png_header(w, h):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b""))

svg = base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
                       b'<rect width="10" height="10"/></svg>').decode()
for name, body in (
        ("bomb-svg", '<fo:block><fo:external-graphic content-width="200cm" content-height="200cm" '
                     'src="url(\'data:image/svg+xml;base64,%s\')"/></fo:block>' % svg),
        ("bomb-png", '<fo:block><fo:external-graphic src="url(\'data:image/png;base64,%s\')"/>'
                     '</fo:block>' % base64.b64encode(png_header(20000, 20000)).decode()),
        ("bomb-text", ('<fo:block>' + 'Lorem ipsum dolor sit amet, consectetur adipiscing. ' * 80 +
                       '</fo:block>\n') * 1300)):
    r, took = bomb(name, body)
    ok(r.returncode != 0 and "the memory limit of 256 MB is reached" in r.stderr,
       "%s: refused at the memory limit, with its line" % name, r.stderr.strip()[:300])
    # bomb-text: its text is counted before any layout (it took 5 s of
    # laying out, 16 s on a loaded machine).
    ok(took < 3, "%s: at once, not after drawing gigabytes" % name, "%.1f s" % took)

# --- the caps of the renderer's arrays (fcgi/fo/array.h) ----------------------
# One past a cap is a document too large, said (before, every array grew
# as far as memory let it): 65536 ids on the inlines of one paragraph.
for n in (65536, 65537):
    r, took = bomb("ids-%d" % n, "<fo:block>" + "".join('<fo:inline id="i%d"/>' % i
                                                      for i in range(n)) + "x</fo:block>")
    if n == 65536:
        is_(r.returncode, 0, "65536 ids on the inlines of a paragraph: rendered")
    else:
        ok(r.returncode != 0 and "the limit of 65536 ids on the inlines of a paragraph is "
           "reached" in r.stderr and "(too_large)" in r.stderr,
           "65537: refused as too large, and said", r.stderr.strip()[:300])
# Every page-sequence is rendered: 20 of them, 20 pages (before, those
# after the 16th were left out, without a word).
path = st.path("sequences.fo")
with open(path, "w") as f:
    f.write(first.split('<fo:page-sequence')[0] + "".join(
        '<fo:page-sequence master-reference="p"><fo:flow flow-name="xsl-region-body">'
        '<fo:block>Reeks %d</fo:block></fo:flow></fo:page-sequence>' % i for i in range(1, 21)) +
        '</fo:root>\n')
r = native(path, st.path("sequences.pdf"), strict=True)
is_(r.returncode, 0, "20 page-sequences: rendered, strict")
is_(pages(st.path("sequences.pdf")), 20, "20 page-sequences: 20 pages")
contains(subprocess.run(["pdftotext", st.path("sequences.pdf"), "-"], stdout=subprocess.PIPE)
         .stdout.decode(), "Reeks 20", "the last one's text too")

# --- a long table, keeps, and what is not supported ---------------------------
HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<fo:root xmlns:fo="http://www.w3.org/1999/XSL/Format"'
        ' font-family="DejaVu Sans" font-size="10pt">\n<fo:layout-master-set><fo:simple-page-master '
        'master-name="A4" page-height="297mm" page-width="210mm" margin="20mm"><fo:region-body '
        'margin-bottom="12mm"/><fo:region-after extent="10mm"/></fo:simple-page-master>'
        '</fo:layout-master-set>\n<fo:page-sequence master-reference="A4"><fo:static-content '
        'flow-name="xsl-region-after"><fo:block text-align-last="justify">Voet<fo:leader/>'
        'pagina <fo:page-number/> van <fo:page-number-citation ref-id="eind"/></fo:block>'
        '</fo:static-content><fo:flow flow-name="xsl-region-body">\n')
TAIL = '<fo:block id="eind"/></fo:flow></fo:page-sequence></fo:root>\n'
rows = "".join('<fo:table-row><fo:table-cell><fo:block>Rij %d</fo:block></fo:table-cell>'
               '<fo:table-cell><fo:block>Waarde %d</fo:block></fo:table-cell></fo:table-row>\n'
               % (i, i) for i in range(1, 151))
long_table = (HEAD + '<fo:table width="100%"><fo:table-column column-width="30mm"/>'
              '<fo:table-column column-width="proportional-column-width(1)"/><fo:table-header>'
              '<fo:table-row><fo:table-cell><fo:block font-weight="bold">Kop A</fo:block>'
              '</fo:table-cell><fo:table-cell><fo:block font-weight="bold">Kop B</fo:block>'
              '</fo:table-cell></fo:table-row></fo:table-header><fo:table-body>' + rows +
              '</fo:table-body></fo:table>' + TAIL)
path = st.path("long.fo")
with open(path, "w") as f:
    f.write(long_table)
r = native(path, st.path("long.pdf"), strict=True)
is_(r.returncode, 0, "a table of 150 rows (strict: all supported)")
n = pages(st.path("long.pdf"))
ok(n >= 3, "over several pages", n)
per_page = subprocess.run(["pdftotext", st.path("long.pdf"), "-"],
                          stdout=subprocess.PIPE).stdout.decode().split("\f")
ok(all("Kop A" in p for p in per_page[:n]), "the header row on every page")
ok(all("Rij %d" % i in " ".join(per_page) for i in (1, 75, 150)), "every row")
contains(per_page[n - 1], "pagina %d van %d" % (n, n), "page numbers and the citation")

blocks = "".join('<fo:block space-after="4pt">Alinea %d met wat tekst.</fo:block>\n' % i
                 for i in range(1, 200))
keep = (HEAD + blocks.replace('Alinea 46 ', '<fo:inline>Alinea 46 </fo:inline>')
        + TAIL)
# A heading with keep-with-next on every tenth block: never last on a page.
keep = re.sub(r'<fo:block space-after="4pt">Alinea (\d*0) ',
              r'<fo:block space-after="4pt" keep-with-next.within-page="always" '
              r'font-weight="bold">Kop \1 ', keep)
path = st.path("keep.fo")
with open(path, "w") as f:
    f.write(keep)
r = native(path, st.path("keep.pdf"), strict=True)
is_(r.returncode, 0, "keep-with-next document renders")
for p in subprocess.run(["pdftotext", st.path("keep.pdf"), "-"],
                        stdout=subprocess.PIPE).stdout.decode().split("\f"):
    lines = [x for x in p.splitlines() if x.strip() and not x.startswith("Voet")]
    if lines:
        ok(not lines[-1].startswith("Kop"), "no heading last on a page (%s)" % lines[-1][:20])

bad = HEAD + ('<fo:block text-transform="uppercase">Tekst</fo:block>'
              '<fo:float><fo:block>Zwevend</fo:block></fo:float>') + TAIL
path = st.path("bad.fo")
with open(path, "w") as f:
    f.write(bad)
r = native(path, st.path("bad.pdf"), strict=True)
ok(r.returncode != 0, "strict: unsupported FO fails")
contains(r.stderr, "line 5: property 'text-transform' is not supported", "naming the property and line")
contains(r.stderr, "line 5: element 'float' is not supported here", "and the element")
r = native(path, st.path("bad.pdf"))
is_(r.returncode, 0, "not strict: rendered, with the warnings")
# A list-item with a body and no label (the label's cell had no content
# and drawing it crashed the renderer, in the worker's process).
path = st.path("nolabel.fo")
with open(path, "w") as f:
    f.write(HEAD + '<fo:list-block><fo:list-item><fo:list-item-body><fo:block>Alleen een '
            'body</fo:block></fo:list-item-body></fo:list-item></fo:list-block>' + TAIL)
r = native(path, st.path("nolabel.pdf"), strict=True)
ok(r.returncode == 0 and "Alleen een body" in " ".join(words(st.path("nolabel.pdf"))),
   "a list-item without a label: rendered (before: a segmentation fault)", r.returncode)
r = native(st.config, st.path("x.pdf"))
ok(r.returncode != 0 and "not an XSL-FO document" in r.stderr, "a file that is not FO: refused")

# --- links: basic-link as FOP users write it (issue 13) -----------------------
def annotations(pdf):
    """Link annotations in file order: (target, [x0, y0, x1, y1] of the
    first quad, in points from the top left, page height 842)."""
    if not os.path.exists(pdf):
        return []
    raw = open(pdf, "rb").read().decode("latin-1")
    out = []
    for m in re.finditer(r"/Subtype /Link\n(.*?)\nendobj", raw, re.S):
        t = m.group(1)
        u = re.search(r"/URI \((.*)\)\n", t)
        d = re.search(r"/Dest \((.*)\)\n", t)
        q = [float(x) for x in re.search(r"/QuadPoints \[ ([^\]]*)\]", t).group(1).split()]
        out.append(("uri:" + u.group(1) if u else "dest:" + d.group(1),
                    [q[0], 841.89 - q[1], q[2], 841.89 - q[5]]))
    return out


def named_dests(pdf):
    if not os.path.exists(pdf):
        return {}
    raw = open(pdf, "rb").read().decode("latin-1")
    names = raw[raw.rindex("/Names ["):]
    pages = re.findall(r"\n(\d+) 0 obj\n<< /Type /Page\b", raw)
    return {m.group(1): pages.index(m.group(2)) + 1
            for m in re.finditer(r"\((.*?)\) \[(\d+) 0 R /XYZ", names[:names.index("]\n>>")])}


def word_boxes(pdf, page=1):
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), pdf, "-"],
                         stdout=subprocess.PIPE).stdout.decode()
    return [(m.group(5), [float(m.group(i)) for i in range(1, 5)]) for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', out)]


links_fo = os.path.join(SRCDIR, "tests", "fo", "links.fo")
r = native(links_fo, st.path("links.pdf"), strict=True)
ok(r.returncode == 0, "links in each uri-specification form: rendered, strict (before: "
   "render_failed)", r.stderr)
got = [a[0] for a in annotations(st.path("links.pdf"))]
is_(got, ["uri:https://example.org/enkel?a=1&b=2", "uri:https://example.org/dubbel",
          "uri:https://example.org/kaal", "uri:https://example.org/ruimte",
          "uri:https://example.org/bloot", "uri:https://example.org/o'neill?naam=d'Ancona",
          "uri:https://example.org/a/b",
          "uri:https://example.org/zoek?q=caf%C3%A9%20au%20lait&t=%E2%82%AC",
          "uri:https://nl.wikipedia.org/wiki/Hoorn_%28Noord-Holland%29",
          "uri:mailto:decaan@debrug.example?subject=Vraag%20over%20het%20dossier",
          "dest:bijlage", "dest:woord", "dest:cel", "dest:bijlage",
          "uri:https://example.org/lang", "uri:https://example.org/lang",
          "uri:https://example.org/cel"],
    "every link made: quotes, no quotes, bare; a quote kept, a backslash a slash (as "
    "browsers and FOP), space and non-ASCII percent-encoded, parentheses too (cairo 1.16 "
    "writes the URI unescaped); internal ids and url(#id); a link over two lines twice")
dests = named_dests(st.path("links.pdf"))
is_({k: dests.get(k) for k in ("bijlage", "woord", "cel")}, {"bijlage": 2, "woord": 2, "cel": 2},
    "the internal destinations are named in the PDF, on the page of their id (a block, "
    "an inline, a table cell)")
words1 = word_boxes(st.path("links.pdf"))
first = (annotations(st.path("links.pdf")) or [(None, [0, 0, 0, 0])])[0][1]
inside = [w for w, b in words1 if b[0] >= first[0] - 0.5 and b[2] <= first[2] + 0.5 and
          b[1] >= first[1] - 2 and b[3] <= first[3] + 2]
is_(inside, ["de", "eerste", "site"], "a link's area covers its own words, not the paragraph")
lang = [a[1] for a in annotations(st.path("links.pdf")) if a[0] == "uri:https://example.org/lang"]
ok(len(lang) == 2 and lang[1][1] > lang[0][1] + 5, "the link over two lines: an area on each", lang)
tree, warn = structure(st.path("links.pdf"))
is_(warn, "", "its structure reads without a warning")
text = subprocess.run(["pdfinfo", "-struct-text", st.path("links.pdf")],
                      stdout=subprocess.PIPE).stdout.decode()
contains(text, 'Link (inline)\n      Object', "each link a Link element with its annotation")
contains(text, '"Enkele aanhalingstekens: "', "the text around a link stays in the structure (a Span)")
contains(text, '"de eerste site"', "and the link's own text")

# Links that cannot be made: warnings, the text unlinked, the document made.
bad_links = (HEAD + ''.join(
    '<fo:block>Tekst %d: <fo:basic-link %s>woord%d</fo:basic-link> en verder.</fo:block>\n'
    % (i, attr, i) for i, attr in enumerate((
        'external-destination="url(\'javascript:alert(1)\')"',
        'external-destination="url(\'ftp://example.org/x\')"',
        'external-destination="url(\'\')"',
        'external-destination="url(\'https://example.org/x)"',
        'external-destination="dossier.pdf"',
        'external-destination="https:///pad"',
        'internal-destination="nergens"',
        'external-destination="url(#nergens)"',
        'color="blue"',
        'external-destination="url(\'https://example.org/goed\')"'))) + TAIL)
path = st.path("bad-links.fo")
with open(path, "w") as f:
    f.write(bad_links)
r = native(path, st.path("bad-links.pdf"))
is_(r.returncode, 0, "links that cannot be made: the document is rendered all the same")
for want in ("line 5: basic-link external-destination 'url('javascript:alert(1)')' is not an "
             "http, https or mailto URI: the text is not linked",
             "line 6: basic-link external-destination 'url('ftp://example.org/x')' is not an http",
             "line 7: basic-link external-destination 'url('')' is empty",
             "line 8: basic-link external-destination 'url('https://example.org/x)' is not a URI "
             "specification",
             "line 9: basic-link external-destination 'dossier.pdf' is not an http",
             "line 10: basic-link external-destination 'https:///pad' has no host",
             "line 11: basic-link destination 'nergens' names no id in the document: the text is "
             "not linked",
             "line 12: basic-link destination 'nergens' names no id",
             "line 13: element 'basic-link' has no destination"):
    contains(r.stderr, want, "a warning: " + want[:60])
is_([a[0] for a in annotations(st.path("bad-links.pdf"))], ["uri:https://example.org/goed"],
    "only the good link is made")
text = " ".join(words(st.path("bad-links.pdf")))
ok(all("woord%d" % i in text for i in range(10)), "the text of every link is drawn")
r = native(path, st.path("bad-links-strict.pdf"), strict=True)
ok(r.returncode != 0 and "is not an http, https or mailto URI" in r.stderr,
   "strict: a link that cannot be made fails, named")

# page-number-citation of an id on an inline and on a table cell (they were
# unknown: "names no id").
with open(st.path("cite.fo"), "w") as f:
    f.write(HEAD + '<fo:block>Zie pagina <fo:page-number-citation ref-id="woord"/> en '
            '<fo:page-number-citation ref-id="cel"/>.</fo:block><fo:block break-before="page">'
            'Een <fo:inline id="woord">woord</fo:inline>.</fo:block><fo:block break-before="page"/>'
            '<fo:table><fo:table-column column-width="30mm"/><fo:table-body><fo:table-row>'
            '<fo:table-cell id="cel"><fo:block>Cel</fo:block></fo:table-cell></fo:table-row>'
            '</fo:table-body></fo:table>' + TAIL)
r = native(st.path("cite.fo"), st.path("cite.pdf"), strict=True)
ok(r.returncode == 0 and "Zie pagina 2 en 3." in " ".join(words(st.path("cite.pdf"))),
   "page-number-citation of an inline's id and a cell's id", r.stderr)

# The same through the worker's renderer (fcgi/pdf.c): ours made them, no
# fallback to FOP; a document ours refuses is counted and logged.
def worker_render(fo, pdf):
    return subprocess.run([DDDCTL, "-f", st.config, "fo2pdf", "--worker", fo, pdf],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

for name, fo in (("links", links_fo), ("bad-links", st.path("bad-links.fo"))):
    r = worker_render(fo, st.path(name + "-worker.pdf"))
    ok(r.returncode == 0 and "event=pdf_render renderer=native" in r.stderr,
       "%s through the worker's renderer: made by ours" % name, r.stderr)
    ok("event=pdf_fallback" not in r.stderr and "fallbacks to FOP: 0" in r.stdout,
       "%s: no fallback to FOP (before: event=pdf_fallback, FOP's slow PDF)" % name,
       r.stdout + r.stderr)
r = worker_render(st.path("bomb-svg.fo"), st.path("bomb-svg-worker.pdf"))
contains(r.stderr, "event=pdf_fallback from=native to=fop reason=too_large fallbacks=1",
         "a document ours refuses: the fallback to FOP is logged and counted")
contains(r.stdout, "fallbacks to FOP: 1", "and dddctl says so")

# --- table borders: border-collapse, against FOP (issue 13) -------------------
def scan(pdf, page, d, pos):
    """The red, green and blue runs along a line of a 100 mm page, in pt:
    [(colour, start, end)], from a 576 dpi rendering of that line."""
    R = 8
    span = ["-x", "0", "-W", str(int(283.4 * R)), "-y", str(int(pos * R)), "-H", "1"] if d == "h" \
        else ["-x", str(int(pos * R)), "-W", "1", "-y", "0", "-H", str(int(283.4 * R))]
    ppm = subprocess.run(["pdftoppm", "-r", str(72 * R), "-f", str(page), "-l", str(page)] + span +
                         [pdf], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    if not ppm.startswith(b"P6"):
        return []
    px = ppm.split(b"\n", 3)[3]
    def colour(i):
        r, g, b = px[3 * i], px[3 * i + 1], px[3 * i + 2]
        return ("red" if r > 200 and g < 80 and b < 80 else "green" if g > 200 and r < 80 and b < 80
                else "blue" if b > 200 and r < 80 and g < 80 else None)
    runs, i, n = [], 0, len(px) // 3
    while i < n:
        c, j = colour(i), i
        while j < n and colour(j) == c:
            j += 1
        if c is not None and j - i > 1:
            runs.append((c, i / R, j / R))
        i = j
    return runs


def same_lines(a, b, tol=0.3):
    return len(a) == len(b) and all(x[0] == y[0] and abs(x[1] - y[1]) <= tol and abs(x[2] - y[2]) <= tol
                                    for x, y in zip(a, b))


def table_doc(table_attrs, body, header="", cols=2):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<fo:root xmlns:fo="http://www.w3.org/1999/XSL/Format" '
            'font-family="DejaVu Sans" font-size="10pt"><fo:layout-master-set><fo:simple-page-master '
            'master-name="p" page-height="100mm" page-width="100mm" margin="10mm"><fo:region-body/>'
            '</fo:simple-page-master></fo:layout-master-set><fo:page-sequence master-reference="p">'
            '<fo:flow flow-name="xsl-region-body"><fo:block>Boven</fo:block><fo:table '
            'table-layout="fixed" width="60mm" %s>%s%s<fo:table-body%s</fo:table-body></fo:table>'
            '<fo:block>Onder</fo:block></fo:flow></fo:page-sequence></fo:root>\n'
            % (table_attrs, '<fo:table-column column-width="30mm"/>' * cols, header, body))

def cells(*rows, row_attrs=""):
    return "".join('<fo:table-row%s>%s</fo:table-row>' % (row_attrs, "".join(
        '<fo:table-cell padding="1pt"%s><fo:block>%s</fo:block></fo:table-cell>' % (a, t)
        for t, a in r)) for r in rows)

AB = cells((("A", ' border="2pt solid #0000ff"'), ("B", ' border="6pt solid #00ff00"')),
           (("C", ' border="2pt solid #0000ff"'), ("D", ' border="1pt solid #000000"')))
tables = {
    # Wider wins: the table's 4 pt over the cells' 2 pt, B's 6 pt over all.
    "collapse-default": (table_doc('border="4pt solid #ff0000"', ">" + AB), False),
    "collapse": (table_doc('border-collapse="collapse" border="4pt solid #ff0000"', ">" + AB), False),
    "separate": (table_doc('border-collapse="separate" border-separation="3pt" '
                           'border="4pt solid #ff0000"', ">" + AB), False),
    # Row and body borders collapse with the table's (body 3 pt loses to
    # the table's 4 pt, the row's 5 pt wins inside); separate ignores them.
    "collapse-rows": (table_doc('border="4pt solid #ff0000"', ' border="3pt solid #0000ff">' +
                                cells((("A", ""), ("B", "")), row_attrs=' border-bottom="5pt solid '
                                      '#00ff00"') + cells((("C", ""), ("D", "")))), False),
    "separate-spacing": (table_doc('border-collapse="separate" border-spacing="6pt 2pt" border="4pt '
                                   'solid #ff0000" padding="2pt"', ' border="3pt solid #0000ff">' +
                                   cells((("A", ' border="1pt solid #00ff00"'), ("B", "")),
                                         row_attrs=' border-bottom="5pt solid #0000ff"') +
                                   cells((("C", ""), ("D", "")))), False),
    # Same width: solid wins over dotted; hidden wins over everything.
    "collapse-style": (table_doc('border="2pt solid #ff0000"', ">" + cells(
        (("A", ' border-bottom="2pt dotted #ff0000" border-right="hidden"'),
         ("B", ' border-left="4pt solid #00ff00"')),
        (("C", ' border-top="2pt solid #0000ff"'), ("D", "")))), False),
    # Over a page break: the table's border only at its ends, the header's
    # again on the next page.
    "collapse-break": (table_doc('border="3pt solid #ff0000"', ">" + cells(*[
        (("Rij %d" % i, ' border="1pt solid #0000ff"'), ("W", ' border="1pt solid #0000ff"'))
        for i in range(1, 16)]), header='<fo:table-header>' + cells(
        (("Kop", ' border="2pt solid #00ff00"'), ("Kop", ' border="2pt solid #00ff00"'))) +
        '</fo:table-header>'), True),
    # The table's width shared by proportional columns (it was the whole
    # flow's); no table-column at all: equal columns from the first row.
    "width": (table_doc('border="2pt solid #ff0000"', ">" + AB).replace(
        '<fo:table-column column-width="30mm"/>' * 2,
        '<fo:table-column column-width="proportional-column-width(1)"/>'
        '<fo:table-column column-width="proportional-column-width(2)"/>'), False),
    "no-columns": (table_doc('border="2pt solid #ff0000"', ">" + AB, cols=0), False),
}
lines = [(1, "h", 50), (1, "h", 70), (1, "v", 80), (1, "v", 100), (1, "v", 150), (1, "v", 190)]
for name, (doc, two_pages) in tables.items():
    path = st.path("table-%s.fo" % name)
    with open(path, "w") as f:
        f.write(doc)
    r = native(path, st.path("table-%s.pdf" % name), strict=True)
    is_(r.returncode, 0, "table %s: rendered, strict (before, with border-collapse or "
        "-separation: not supported)" % name)
    fop(path, st.path("table-%s-fop.pdf" % name))
    for page, d, pos in lines + ([(2, "v", 100)] if two_pages else []):
        ours = scan(st.path("table-%s.pdf" % name), page, d, pos)
        theirs = scan(st.path("table-%s-fop.pdf" % name), page, d, pos)
        if page == 2:
            # FOP lays the row under a repeated header out again (0.5 pt
            # lower here); the header and its borders are the same.
            ours, theirs = ours[:2], theirs[:2]
        ok(ours != [] and same_lines(ours, theirs), "table %s: the borders along %s=%s (page %d) are "
           "FOP's, within 0.3 pt" % (name, "y" if d == "h" else "x", pos, page),
           "ours  %s\nFOP's %s" % (ours, theirs))
# A table-footer comes after the body, wherever it stands in the FO (it
# came before the body).
with open(st.path("table-footer.fo"), "w") as f:
    f.write(table_doc('', ">" + cells((("Lijf", ""), ("B", ""))), header='<fo:table-footer>' +
                      cells((("Voet", ""), ("F", ""))) + '</fo:table-footer>'))
r = native(st.path("table-footer.fo"), st.path("table-footer.pdf"), strict=True)
fop(st.path("table-footer.fo"), st.path("table-footer-fop.pdf"))
is_(words(st.path("table-footer.pdf")), words(st.path("table-footer-fop.pdf")),
    "a table-footer after the body, as FOP draws it")
# A cell beyond the columns (FOP refuses the document) and a cell outside a
# row: said, not drawn one point wide or dropped unsaid.
with open(st.path("table-extra.fo"), "w") as f:
    f.write(table_doc('', ">" + cells((("A", ""), ("B", ""), ("Teveel", ""))) +
                      '<fo:table-cell><fo:block>Los</fo:block></fo:table-cell>'))
r = native(st.path("table-extra.fo"), st.path("table-extra.pdf"))
contains(r.stderr, "element 'table-cell' beyond the table's columns is not drawn",
         "a cell beyond the table's columns: said")
contains(r.stderr, "element 'table-cell' in a table part is not supported (table-row only)",
         "a cell outside a row: said")
is_(pages(st.path("table-extra.pdf")), 1, "and the document stays one page")
# The page limit is said, not only refused.
with open(st.path("pages.fo"), "w") as f:
    f.write(HEAD + '<fo:block break-before="page">x</fo:block>' * 600 + TAIL)
r = native(st.path("pages.fo"), st.path("pages.pdf"))
ok(r.returncode != 0 and "the page limit of 500 pages is reached" in r.stderr,
   "over 500 pages: refused, and said", r.stderr[-300:])
# Equal width and style, another colour: the left (or upper) cell's wins,
# as CSS 2 says (FOP draws each cell's half).
with open(st.path("table-tie.fo"), "w") as f:
    f.write(table_doc('', ">" + cells((("A", ' border="2pt solid #0000ff"'),
                                       ("B", ' border="2pt solid #ff0000"')))))
native(st.path("table-tie.fo"), st.path("table-tie.pdf"))
is_([x[0] for x in scan(st.path("table-tie.pdf"), 1, "h", 47)], ["blue", "blue", "red"],
    "a tie between two cells: the left one's border, whole")
pad = table_doc('border="1pt solid #ff0000" padding="2pt"', ">" + AB)
with open(st.path("table-pad.fo"), "w") as f:
    f.write(pad)
r = native(st.path("table-pad.fo"), st.path("table-pad.pdf"))
contains(r.stderr, "property 'padding' on a table with border-collapse 'collapse' is left out",
         "collapse: a table's padding is left out, said (as FOP does)")
with open(st.path("table-cwp.fo"), "w") as f:
    f.write(table_doc('border-collapse="collapse-with-precedence"', ">" + AB))
r = native(st.path("table-cwp.fo"), st.path("table-cwp.pdf"))
contains(r.stderr, "border-collapse 'collapse-with-precedence' is not supported: drawn as 'collapse'",
         "collapse-with-precedence: drawn as collapse, said")

# --- the worker with pdf_renderer = native ------------------------------------
st.stop_worker()
st.write_config({"pdf_renderer": "native"})
st.start_worker()
st.sql("DELETE FROM document WHERE final = 0")
t0 = time.monotonic()
r = c.get("/dossiers/%s/deel-a.pdf" % did)
took = time.monotonic() - t0
ok(r.status == 200 and r.body.startswith(b"%PDF-"), "the worker renders deel A natively")
print("# deel A through the worker, native: %.0f ms" % (took * 1000))
ok(took < 1.0, "as fast as a page (under a second)", "%.2f s" % took)
contains(st.log("worker.log"), "event=pdf_render renderer=native", "logged as native")
ok("event=pdf_fallback" not in st.log("worker.log"), "no fallback to FOP in the worker's log")
done()
