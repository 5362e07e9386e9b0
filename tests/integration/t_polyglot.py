"""A polyglot upload (security review, issue 13): a file that starts as a
PDF and carries an HTML page with script after it.  It is kept as a PDF
(the type comes from its first bytes, whatever name or type the browser
sends) and every download of it, by the student and by staff, is an
attachment with our own name, application/pdf and nosniff: a browser
never renders it as a page.  The production nginx template sets nosniff
and the CSP for every location that serves downloads.  See
docs/decisions.md."""
import os, re, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture, dossiers
from stack import SRCDIR

QID = "a_loopbaandossier_bestand"
STEP_ID = "loopbaanorientatie"
POLYGLOT = (b"%PDF-1.4\n1 0 obj <<>> endobj\n"
            b"<html><body><script>alert(document.cookie)</script></body></html>\n"
            b"trailer <<>>\n%%EOF\n")

st = fixture.start("polyglot")
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE login = '1001'")
steps = dossiers.steps("deel-a")
NR = [s.get("id") for s in steps].index(STEP_ID) + 1


def multipart(fields, files, boundary="----dddPolyglot0b1c2d3e4f"):
    out = b""
    for k, v in fields:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                % (boundary, k, v)).encode()
    for k, name, ctype, data in files:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                "Content-Type: %s\r\n\r\n" % (boundary, k, name, ctype)).encode() + data + b"\r\n"
    return out + ("--%s--\r\n" % boundary).encode(), "multipart/form-data; boundary=" + boundary


c = fixture.login(st, "de-brug", "1001")
t = fixture.csrf(c.get("/dossiers"))
r = c.post("/dossiers/nieuw", {"csrf": t})
did = re.search(r"/dossiers/(\d+)/", r.header("Location")).group(1)
data = dossiers.step_data(steps[NR - 1], t)
data["a_loopbaandossier"] = "ja"
fields = []
for k, v in data.items():
    for one in (v.split("\n") if k == "a_keuze_hoe" else [v]):
        fields.append((k, one))
body, ctype = multipart(fields, [(QID, "lob.html", "text/html", POLYGLOT)])
r = c.request("POST", "/dossiers/%s/stap/%d" % (did, NR), body=body,
              headers={"Content-Type": ctype})
is_(r.status, 303, "the polyglot (a PDF header, HTML after it) is taken as a PDF")
rows = st.sql("SELECT id, media_type FROM bijlage")
ok(len(rows) == 1 and rows[0][1] == "application/pdf",
   "stored as application/pdf, not as the text/html the browser claimed", rows)
bid = rows[0][0] if rows else "0"

decaan = fixture.login(st, "de-brug", "m.vandenberg@debrug.example")
for who, client, path in (("student", c, "/dossiers/%s/bijlagen/%s" % (did, bid)),
                          ("decaan", decaan, "/portal/dossiers/%s/bijlagen/%s" % (did, bid))):
    r = client.get(path)
    is_(r.status, 200, who + ": downloads it")
    is_(r.body, POLYGLOT, who + ": the bytes as uploaded")
    is_(r.header("Content-Type"), "application/pdf", who + ": served as application/pdf")
    disp = r.header("Content-Disposition") or ""
    ok(disp.startswith("attachment;") and "inline" not in disp,
       who + ": as an attachment, never inline", disp)
    is_(disp, 'attachment; filename="dossier-%s-%s.pdf"' % (did, QID),
        who + ": under a name of ours (.pdf), not the uploaded 'lob.html'")
    is_(r.header("X-Content-Type-Options"), "nosniff", who + ": with nosniff")
    contains(r.header("Content-Security-Policy") or "", "default-src 'self'",
             who + ": and the CSP (no inline script should it ever render)")

# The production template: the headers at server level; a location with
# an add_header of its own drops the inherited ones, so it must set them
# all again (the activation link's does, for its Referrer-Policy).
with open(os.path.join(SRCDIR, "nginx", "ddd-production.conf")) as f:
    conf = f.read()
server = conf[conf.index("server {"):]
first_loc = server.index("location ")
head, locs = server[:first_loc], server[first_loc:]
contains(head, "add_header X-Content-Type-Options nosniff always;",
         "production nginx: nosniff for every response")
blocks = ["location " + b for b in re.split(r"\n\s*location ", "\n" + locs)[1:]]
own = [b for b in blocks if re.search(r"^\s*add_header", b, re.M)]
ok(all("add_header X-Content-Type-Options nosniff always;" in b and
       "add_header Content-Security-Policy" in b for b in own),
   "production nginx: a location with headers of its own sets nosniff and the CSP again",
   [b.splitlines()[0] for b in own])
ok(not any(re.search(r"^\s*add_header", b, re.M) for b in blocks
           if re.search(r"pdf|bijlagen|zip|xml", b.splitlines()[0])),
   "production nginx: the download locations inherit the server's headers")

done()
