"""Deel A as the student fills it: 'Nieuw dossier', the steps with their
percentages, saving half-way, validation, 'Opsturen' to a mentor with the
signal mail; and who may not."""
import os, re, sys
import xml.etree.ElementTree as ET
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture
from stack import SRCDIR

NS = "{urn:ddd:form:1}"
form = ET.parse(os.path.join(SRCDIR, "schema", "forms", "deel-a.xml")).getroot()
steps = form.findall(NS + "step")
ok(len(steps) >= 5, "deel A has its steps", len(steps))


def good_value(q):
    t = q.get("type")
    opts = [o.get("value") for o in q.findall(NS + "option")]
    return {"text": "Test", "long-text": "Een antwoord <script>alert(1)</script> & \"zo\"",
            "choice": opts[0] if opts else "", "multi-choice": opts[0] if opts else "",
            "yes-no": "nee", "date": "2027-08-30",
            "number": q.get("min") or "1", "mbo": "roc-rijnland"}[t]


st = fixture.start("dossier-a", smtp=True)
fixture.import_demo(st)
s = fixture.login(st, "de-brug", "1001")
r = s.get("/dossiers")
is_((r.status, r.header("Location")), (303, "/"), "before 'Activeer DDD': back to the start")
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE login IN ('1001', '1002')")
r = s.get("/dossiers")
is_(r.status, 200, "Mijn Dossiers")
contains(r.text, "Nieuw dossier", "offers 'Nieuw dossier'")
token = fixture.csrf(r)
r = s.post("/dossiers/nieuw", {"csrf": token})
is_(r.status, 303, "new dossier")
m = re.match(r"/dossiers/(\d+)/stap/1$", r.header("Location") or "")
ok(m is not None, "to its first step", r.header("Location"))
did = m.group(1) if m else "0"
is_(st.sql("SELECT phase, version, student_id = (SELECT id FROM account WHERE login='1001' "
           "AND role='leerling' AND tenant_id = dossier.tenant_id) FROM dossier WHERE id = " + did),
    [["deel_a", "0", "1"]], "in deel A, version 0, the student's own")
is_(st.sql("SELECT kind, phase_to FROM dossier_event WHERE dossier_id = " + did),
    [["nieuw_dossier", "deel_a"]], "history: nieuw dossier")

r = s.get("/dossiers/%s/stap/1" % did)
is_(r.status, 200, "step 1")
for q in steps[0].findall(NS + "question"):
    if not q.get("show-if"):
        contains(r.text, 'id="%s' % q.get("id"), "step 1 shows question " + q.get("id"))
contains(r.text, 'value="0"', "percentages start at 0")

# A bad value: nothing saved, the typed text stays, a message by the field.
choice_q = next((q for st_ in steps for q in st_.findall(NS + "question")
                 if q.get("type") == "choice" and not q.get("show-if")), None)
if choice_q is not None:
    nr = next(i for i, st_ in enumerate(steps, 1) if choice_q in st_.findall(NS + "question"))
    texts = [q for q in steps[nr - 1].findall(NS + "question") if q.get("type") == "text"]
    data = {"csrf": token, choice_q.get("id"): "bestaat-niet"}
    if texts:
        data[texts[0].get("id")] = "Getypte tekst"
    r = s.post("/dossiers/%s/stap/%d" % (did, nr), data)
    is_(r.status, 422, "an answer outside the options is refused")
    if texts:
        contains(r.text, 'value="Getypte tekst"', "what was typed stays")
    is_(st.sql("SELECT COUNT(*) FROM answer WHERE dossier_id = " + did), [["0"]], "nothing saved")

# A conditional question is on the page, hidden while its condition does
# not hold, with the condition for the script (data-show-if/-value); the
# server still decides: an answer posted for it while hidden is dropped.
def wrapper_of(text, qid):
    """The opening tag of the wrapper around question qid's field: the
    fieldset with its id, or the div right before its label."""
    for m in re.finditer(r'<(div|fieldset) [^>]*class="[^"]*question"[^>]*>\s*(<label for="([^"]*)")?',
                         text):
        tag = text[m.start():text.index(">", m.start()) + 1]
        if (m.group(1) == "fieldset" and 'id="%s"' % qid in tag) or m.group(3) == qid:
            return tag
    return None


cond = [q for q in steps[0].findall(NS + "question") if q.get("show-if")]
ok(cond, "step 1 has conditional questions", [q.get("id") for q in cond])
r = s.get("/dossiers/%s/stap/1" % did)
for q in cond:
    w = wrapper_of(r.text, q.get("id")) or ""
    ok('data-show-if="%s"' % q.get("show-if") in w and
       'data-show-value="%s"' % q.get("show-value") in w and re.search(r'\bhidden\b', w),
       "conditional question %s on the page, hidden, with its condition" % q.get("id"), w)
    contains(r.text, q.find(NS + "label").text.split()[0], "its label is there too")
contains(r.text, '<script src="/static/ddd.js" defer', "the page loads ddd.js (deferred)")
ok(not re.search(r"<script(?![^>]*\bsrc=)", r.text), "no inline script")
if cond:
    c0 = cond[0]
    ctl = steps[0].find(NS + "question[@id='%s']" % c0.get("show-if"))
    other = [o.get("value") for o in ctl.findall(NS + "option")] or ["ja", "nee"]
    off = next(v for v in other if v != c0.get("show-value"))
    r = s.post("/dossiers/%s/stap/1" % did, {"csrf": token, ctl.get("id"): off,
                                           c0.get("id"): "Verborgen antwoord"})
    is_(r.status, 303, "a step with an answer for a hidden question is saved")
    is_(st.sql("SELECT COUNT(*) FROM answer WHERE dossier_id = %s AND question_id = '%s'"
               % (did, c0.get("id"))), [["0"]], "the hidden question's answer is not kept")
    r = s.get("/dossiers/%s/stap/1" % did)
    ok(re.search(r'\bhidden\b', wrapper_of(r.text, c0.get("id")) or ""),
       "still hidden after saving '%s'" % off)
    ok("Verborgen antwoord" not in r.text, "the dropped answer is not shown")
    r = s.post("/dossiers/%s/stap/1" % did, {"csrf": token, ctl.get("id"): c0.get("show-value"),
                                           c0.get("id"): "Zichtbaar antwoord"})
    is_(r.status, 303, "saved with the condition met")
    is_(st.sql("SELECT COUNT(*) FROM answer WHERE dossier_id = %s AND question_id = '%s'"
               % (did, c0.get("id"))), [["1"]], "now the answer is kept")
    r = s.get("/dossiers/%s/stap/1" % did)
    w = wrapper_of(r.text, c0.get("id")) or ""
    ok('data-show-if="%s"' % c0.get("show-if") in w and not re.search(r'\bhidden\b', w),
       "and the question shows, still with its condition", w)
    contains(r.text, 'value="Zichtbaar antwoord"', "with its answer")
    # An answer that would be wrong, in a question the same post hides:
    # no error on a field the page no longer shows (the page without
    # script posts it), and it is dropped.
    capped = [q for q in cond if q.get("max") and q.get("show-if") == ctl.get("id")]
    ok(capped, "a conditional question with a maximum length", [q.get("id") for q in cond])
    if capped:
        q = capped[0]
        long_value = "7" * (int(q.get("max")) + 5)
        r = s.post("/dossiers/%s/stap/1" % did, {"csrf": token, ctl.get("id"): off,
                                               q.get("id"): long_value})
        is_(r.status, 303, "a too long answer in a question hidden by the same post: saved")
        is_(st.sql("SELECT COUNT(*) FROM answer WHERE dossier_id = %s AND question_id = '%s'"
                   % (did, q.get("id"))), [["0"]], "and that answer dropped")
        r = s.post("/dossiers/%s/stap/1" % did, {"csrf": token, ctl.get("id"): q.get("show-value"),
                                               q.get("id"): long_value})
        is_(r.status, 422, "the same answer with the question shown: refused")
        contains(r.text, 'href="#%s"' % q.get("id"), "named in the summary")
    # Back to a clean dossier for the fill below.
    st.sql("DELETE FROM answer WHERE dossier_id = " + did)

# Fill every step; half-way saving keeps what was given.
for i, step in enumerate(steps, 1):
    data = {"csrf": token}
    for q in step.findall(NS + "question"):
        if q.get("show-if"):
            continue
        if q.get("required") == "true" or q.get("type") in ("long-text",):
            data[q.get("id")] = good_value(q)
    r = s.post("/dossiers/%s/stap/%d" % (did, i), data)
    ok(r.status == 303, "step %d saved" % i, r.status if r.status != 422 else
       re.findall(r'field-error"[^>]*>([^<]*)', r.text))
r = s.get("/dossiers")
is_(len(re.findall(r'<progress max="100" value="100"', r.text)), len(steps),
    "every step at 100%")
contains(r.text, "/dossiers/%s/opsturen" % did, "'Opsturen' offered")
r = s.get("/dossiers/%s/stap/1" % did)
ok("&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"zo\"" in r.text or
   "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;zo&quot;" in r.text or
   "<script>alert(1)</script>" not in r.text, "answers with markup show as text")

# Opsturen: the mentors of the class first; the signal mail.
r = s.get("/dossiers/%s/opsturen" % did)
is_(r.status, 200, "opsturen page")
mentors = re.findall(r'name="mentor" id="mentor-(\d+)"', r.text)
joost = st.sql("SELECT id FROM account WHERE login = 'j.bakker@debrug.example'")[0][0]
ok(mentors and mentors[0] == joost, "the class mentor (Joost, 4K1) comes first", mentors)
r = s.post("/dossiers/%s/opsturen" % did, {"csrf": token})
is_(r.status, 422, "no mentor chosen")
other = st.sql("SELECT id FROM account WHERE login = 'b.visser@noorderlicht.example'")[0][0]
r = s.post("/dossiers/%s/opsturen" % did, {"csrf": token, "mentor": other})
is_(r.status, 422, "a mentor of another school is refused")
r = s.post("/dossiers/%s/opsturen" % did, {"csrf": token, "mentor": joost})
is_(r.status, 303, "sent to Joost")
row = st.sql("SELECT d.phase, d.version, d.mentor_id, t.slug, d.deel_a_sent_at IS NOT NULL "
             "FROM dossier d LEFT JOIN tenant t ON t.id = d.mbo_tenant_id WHERE d.id = " + did)
is_(row, [["deel_b", "1", joost, "roc-rijnland", "1"]],
    "deel B, version 1, the mentor and the chosen college recorded")
is_(st.sql("SELECT kind FROM dossier_event WHERE dossier_id = %s AND phase_to IS NOT NULL "
           "ORDER BY id" % did), [["nieuw_dossier"], ["deel_a_opgestuurd"]], "history")
is_(st.sql("SELECT kind, to_addr FROM outbox WHERE kind = 'deel-a-ingediend'"),
    [["deel-a-ingediend", "j.bakker@debrug.example"]], "signal mail to the mentor queued")
r = s.post("/dossiers/%s/stap/1" % did, {"csrf": token})
is_(r.status, 409, "deel A cannot change after it was sent")
r = s.post("/dossiers/%s/opsturen" % did, {"csrf": fixture.csrf(s.get("/dossiers")), "mentor": joost})
is_(r.status, 409, "and cannot be sent twice (from a fresh page)")

# Others: another student, a mentor, a step that does not exist.
n = fixture.login(st, "de-brug", "1002")
is_(n.get("/dossiers/%s/stap/1" % did).status, 404, "another student: not found")
r = n.post("/dossiers/%s/stap/1" % did, {"csrf": fixture.csrf(n.get("/dossiers"))})
is_(r.status, 404, "nor can post to it")
is_(s.get("/dossiers/%s/stap/99" % did).status, 404, "a step that does not exist")
mt = fixture.login(st, "de-brug", "j.bakker@debrug.example")
is_(mt.get("/dossiers/%s/stap/1" % did).status, 403, "a mentor does not use the student's pages")
o = fixture.login(st, "het-noorderlicht", "2001")
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE login = '2001'")
is_(o.get("/dossiers/%s/stap/1" % did).status, 404, "a student of another school: not found")

# The sender delivers the signal mail with the student's name.
import glob, subprocess, email, email.policy
from stack import BUILDDIR
subprocess.run([os.path.join(BUILDDIR, "ddd-mailer"), "-1", "-f", st.config, "--smtp",
                "smtp://127.0.0.1:%d" % st.smtp_port], check=True, timeout=60,
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
mails = []
for f in glob.glob(os.path.join(st.maildir, "new", "*")):
    with open(f, "rb") as fh:
        mails.append(email.message_from_binary_file(fh, policy=email.policy.default))
sig = [m for m in mails if "Deel A" in str(m["Subject"])]
ok(len(sig) == 1, "one signal mail delivered", [str(m["Subject"]) for m in mails])
if sig:
    contains(sig[0].get_body(preferencelist=("plain",)).get_content(),
             "Sem de Vries heeft deel A", "names the student")
done()
