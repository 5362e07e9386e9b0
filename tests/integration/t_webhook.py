"""Webhook notices: when a dossier becomes available to an MBO college with
a <webhook url> in its tenant file, the sender POSTs a small signed JSON
notice (no personal data) to a local receiver, retries after a failure,
and sends each notice once."""
import hashlib, hmac, http.server, json, os, re, subprocess, sys, threading
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture, dossiers
from stack import SRCDIR, BUILDDIR, free_port

received = []
answers = []    # statuses to answer with, in order; then 204


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        received.append((self.path, dict(self.headers), body))
        code = answers.pop(0) if answers else 204
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *a):
        pass


port = free_port()
server = http.server.HTTPServer(("127.0.0.1", port), Receiver)
threading.Thread(target=server.serve_forever, daemon=True).start()

st = fixture.start("webhook", smtp=True)
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")
with open(os.path.join(SRCDIR, "tenants", "roc-rijnland.xml")) as f:
    text = f.read()
text = text.replace("</tenant>", '  <webhook url="http://127.0.0.1:%d/melding"/>\n</tenant>' % port)
copy = st.path("roc-rijnland.xml")
with open(copy, "w") as f:
    f.write(text)
st.dddctl("tenant", "load", copy)

r = st.dddctl("webhook-secret", "roc-rijnland")
secret = bytes.fromhex(r.stdout.strip())
is_(len(secret), 32, "dddctl webhook-secret prints the college's 32-byte key")
other = bytes.fromhex(st.dddctl("webhook-secret", "techniek-college-oost").stdout.strip())
ok(other != secret, "each college its own key")
bad = st.dddctl("webhook-secret", "Bad Slug", check=False)
ok(bad.returncode != 0, "a malformed tenant id is refused")


def run_sender():
    return subprocess.run([os.path.join(BUILDDIR, "ddd-mailer"), "-1", "-f", st.config, "--smtp",
                           "smtp://127.0.0.1:%d" % st.smtp_port], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=120)


def notices():
    return st.sql("SELECT id, dossier_id, status, attempts FROM notice ORDER BY id")


# A dossier still in the akkoordverklaring: nothing yet.
sem, t, did = dossiers.to_akkoord(st, fixture, "1001", "j.bakker@debrug.example")
is_(notices(), [], "no notice before afgerond")
v = st.sql("SELECT version FROM dossier WHERE id = " + did)[0][0]
r = sem.post("/dossiers/%s/akkoord" % did, {"csrf": t, "versie": v, "actie": "akkoord",
                                            "akkoord": "ja", "ouder_naam": "Ouder",
                                            "ouder_relatie": "moeder", "ouder_akkoord": "ja"})
is_(r.status, 303, "Akkoord")
rows = notices()
ok(len(rows) == 1 and rows[0][1] == did and rows[0][2] == "queued",
   "one notice queued in the same transaction", rows)

# The receiver fails once: tried again later, then delivered.
answers.append(500)
run_sender()
rows = notices()
ok(len(received) == 1 and rows and rows[0][2] == "queued" and rows[0][3] == "1",
   "an HTTP 500: queued again with back-off", rows)
err = st.sql("SELECT last_error FROM notice")[0][0]
contains(err, "HTTP 500", "the reason is kept")
run_sender()
is_(len(received), 1, "not before the back-off has passed")
st.sql("UPDATE notice SET next_attempt_at = NOW()")
run_sender()
rows = notices()
ok(len(received) == 2 and rows[0][2] == "sent" and rows[0][3] == "2", "delivered on the second try",
   rows)
run_sender()
is_(len(received), 2, "and not sent again")

path, headers, body = received[-1]
is_(path, "/melding", "POSTed to the configured URL")
is_(headers.get("Content-Type"), "application/json", "as JSON")
doc = json.loads(body)
is_(doc.get("event"), "dossier.afgerond", "the event")
is_(doc.get("dossier"), int(did), "the dossier id")
pdf_sha = st.sql("SELECT sha256 FROM document WHERE dossier_id = %s AND final = 1" % did)[0][0]
is_(doc.get("pdf_sha256"), pdf_sha, "the final PDF's SHA-256")
is_(doc.get("links", {}).get("pdf"), "%s/mbo/dossiers/%s/dossier.pdf" % (st.url, did),
    "a download link for the MBO")
is_(doc.get("links", {}).get("api"), "%s/api/v1/dossiers/%s" % (st.url, did),
    "and the dossier's URL in the API (docs/api.md)")
names = st.sql("SELECT roepnaam, achternaam, login FROM account WHERE login = '1001'")[0]
ok(all(n.encode() not in body for n in names), "no name or student number in the notice")
ok(set(doc.keys()) == {"event", "dossier", "versie", "pdf_sha256", "links"},
   "nothing beyond id, version, links and the checksum", sorted(doc.keys()))
m = re.fullmatch(r"t=(\d+),v1=([0-9a-f]{64})", headers.get("X-DDD-Signature", ""))
ok(m is not None, "X-DDD-Signature: t=..,v1=..", headers.get("X-DDD-Signature"))
if m:
    want = hmac.new(secret, m.group(1).encode() + b"." + body, hashlib.sha256).hexdigest()
    is_(m.group(2), want, "the signature checks with the college's key")
    wrong = hmac.new(other, m.group(1).encode() + b"." + body, hashlib.sha256).hexdigest()
    ok(m.group(2) != wrong, "and not with another college's")
is_(headers.get("X-DDD-Notice"), rows[0][0], "X-DDD-Notice: the notice id (for the receiver's dedup)")

# A college without a webhook, or one that does not take part: no notice.
dossiers.MBO = "techniek-college-oost"
noor, t2, did2 = dossiers.afgerond(st, fixture, "1002", "j.bakker@debrug.example")
dossiers.MBO = "roc-rijnland"
is_(len(notices()), 1, "a college without a webhook gets no notice")

# The webhook taken out of the file: a queued notice fails for good.
sem3, t3, did3 = dossiers.afgerond(st, fixture, "1003", "j.bakker@debrug.example")
is_(len(notices()), 2, "a second dossier for the college: a second notice")
st.dddctl("tenant", "load", os.path.join(SRCDIR, "tenants", "roc-rijnland.xml"))
run_sender()
row = st.sql("SELECT status, last_error FROM notice WHERE dossier_id = " + did3)[0]
ok(row[0] == "failed" and "no <webhook url>" in row[1], "no webhook any more: failed, with why", row)
is_(len(received), 2, "nothing POSTed for it")

# A bad URL in a tenant file is refused on load.
with open(copy, "w") as f:
    f.write(text.replace("http://127.0.0.1:%d" % port, "http://example.org"))
r = st.dddctl("tenant", "load", copy, check=False)
ok(r.returncode != 0 and "must be https://" in r.stderr, "http:// to another host: refused",
   r.stderr.strip())

server.shutdown()
done()
