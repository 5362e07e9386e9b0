"""Bidi controls in answers (security review, issue 13): a student saves
answers with U+202E and the other bidi controls, an Arabic and a Hebrew
word.  No control reaches the HTML, the FO or the PDF ('evil' never
prints as 'live'), answers and names sit in an isolated element
(dir="auto" or <bdi>), and the Arabic and Hebrew words come out of the
PDF as typed (pdftotext through the real worker and renderer)."""
import os, re, subprocess, sys, tempfile
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture

CONTROLS = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
            "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"]
ARABIC = "\u0645\u0631\u062d\u0628\u0627"          # marhaba
HEBREW = "\u05e9\u05dc\u05d5\u05dd"                # shalom


def no_controls(text, what):
    found = sorted({"U+%04X" % ord(ch) for ch in text if ch in CONTROLS})
    is_(found, [], what)


st = fixture.start("bidi")
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE login = '1001'")
s = fixture.login(st, "de-brug", "1001")
token = fixture.csrf(s.get("/dossiers"))
r = s.post("/dossiers/nieuw", {"csrf": token})
did = re.search(r"/dossiers/(\d+)/", r.header("Location") or "").group(1)

# Step 1: the RLO override in one answer, every other control in
# another, the Hebrew word in a third (the parent's name).
r = s.post("/dossiers/%s/stap/1" % did, {
    "csrf": token, "a_telefoon": "0612345678", "a_email": "sem@example.org",
    "a_woonplaats": "\u202eevil",
    "a_contact_ouder": "ja", "a_ouder_naam": HEBREW + " \u200fLevi",
    "a_ouder_telefoon": "06\u202a11\u202b22\u202c33\u202d44",
    "a_ouder_email": "",
})
is_(r.status, 303, "step 1 with bidi controls in the answers is saved")
stored = st.sql("SELECT value FROM answer WHERE dossier_id = %s AND question_id = "
                "'a_woonplaats'" % did)
is_(stored, [["\u202eevil"]], "the answer is stored as typed (the outputs neutralise it)")
# Step 2: the Arabic word in a long text, with isolates around it.
r = s.post("/dossiers/%s/stap/2" % did, {
    "csrf": token, "a_mbo": "roc-rijnland",
    "a_opleiding": "\u2067" + ARABIC + "\u2069 \u2066ICT\u2069 \u061c",
})
is_(r.status in (303, 422), True, "step 2 posted")

# HTML: the step pages and the read-only view.
for path in ("/dossiers/%s/stap/1" % did, "/dossiers/%s/stap/2" % did,
             "/dossiers/%s/bekijken" % did):
    r = s.get(path)
    is_(r.status, 200, path)
    no_controls(r.text, path + ": no bidi control in the HTML")
step1 = s.get("/dossiers/%s/stap/1" % did).text
ok(re.search(r'<input[^>]*\bid="a_woonplaats"[^>]*\bdir="auto"', step1) or
   re.search(r'<input[^>]*\bdir="auto"[^>]*\bid="a_woonplaats"', step1),
   "a text field has dir=auto (typed Arabic or Hebrew shows right to left)")
contains(step1, 'value="evil"', "the field shows the answer without the override")
view = s.get("/dossiers/%s/bekijken" % did).text
ok(re.search(r'<dd dir="auto">\s*(<span[^>]*>)?evil<', view),
   "bekijken: the answer is in an element with dir=auto", view[view.find("Woonplaats") - 200:][:600]
   if "Woonplaats" in view else view[:600])
ok(re.search(r'<dd dir="auto">\s*(<span[^>]*>)?' + HEBREW + " Levi<", view),
   "bekijken: the Hebrew answer is isolated too, its mark dropped")
head = re.search(r'<header class="top">.*?</header>', view, re.S)
ok(head and re.search(r"<bdi>Sem de Vries</bdi>", head.group(0)),
   "the name in the page header is isolated (<bdi>)", head.group(0) if head else view[:500])

# The FO (what the renderer gets) and the PDF.
r = s.get("/dossiers/%s/deel-a.fo" % did)
is_(r.status, 200, "deel A as FO")
no_controls(r.text, "the FO has no bidi control")
r = s.get("/dossiers/%s/deel-a.pdf" % did)
is_((r.status, r.body[:5]), (200, b"%PDF-"), "deel A as PDF")
with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
    f.write(r.body)
    f.flush()
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", f.name, "-"], check=True,
                          stdout=subprocess.PIPE).stdout.decode("utf-8")
# pdftotext marks each right-to-left run it finds with RLE ... PDF
# (U+202B ... U+202C) in its own output: take those off first.
text = re.sub("\u202b([\u0590-\u06ff\\s]*)\u202c", r"\1", text)
words = text.split()
ok("evil" in words and "live" not in words, "PDF: 'evil' stays 'evil'",
   [w for w in words if w in ("evil", "live")])
rtl = [ln for ln in text.splitlines() if any(0x590 <= ord(c) < 0x700 for c in ln)]
ok(ARABIC in words, "PDF: the Arabic word comes out as typed", [ascii(x) for x in rtl])
ok(HEBREW in words, "PDF: the Hebrew word comes out as typed", [ascii(x) for x in rtl])
ok("0611223344" in words, "PDF: the phone number with embeddings reads in order",
   [w for w in words if w.startswith("06") or w.endswith("44")])
no_controls(text, "PDF: no bidi control in its text")

done()
