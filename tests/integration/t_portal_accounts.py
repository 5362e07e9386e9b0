"""Alle leerlingen -> accountgegevens: 'Mail opstellen', 'Mail met
accountgegevens' and 'Print accountgegevens' (a .docx) to a leerjaar, a klas
or one student; mails go to the outbox; bad choices change nothing."""
import email, email.policy, glob, io, os, re, subprocess, sys, zipfile
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture

st = fixture.start("accounts-mail", smtp=True)
fixture.import_demo(st)
st.sql("UPDATE account SET email = NULL WHERE login = '1002'")  # Noor: no e-mail

d = fixture.login(st, "de-brug", "m.vandenberg@debrug.example")
r = d.get("/")
contains(r.text, 'href="/portal/accountgegevens"', "Portal menu links accountgegevens")
r = d.get("/portal/accountgegevens")
is_(r.status, 200, "page")
contains(r.text, "Leerjaar 4 (8 leerlingen)", "leerjaar choice with count")
contains(r.text, '<option value="4K1">', "klas choice")
contains(r.text, '<option value="Sem de Vries (4K1, 1001)">', "name suggestions")
ok("Finn" not in r.text, "no student of another school")
for label in ("Mail opstellen", "Mail met accountgegevens", "Print accountgegevens"):
    contains(r.text, label, "offers " + label)
token = fixture.csrf(r)


def outbox(where="1"):
    return st.sql("SELECT kind, to_addr, subject, body_xml FROM outbox WHERE %s ORDER BY id" % where)


# Mail met accountgegevens to a klas.
r = d.post("/portal/accountgegevens", {"csrf": token, "naar": "klas", "klas": "4K1",
                                       "actie": "standaard"})
is_(r.status, 200, "standard mails to 4K1")
contains(r.text, "1 mail is klaargezet", "one mail (Noor has no e-mail)")
contains(r.text, "Noor Bakker", "names the student without e-mail")
rows = outbox()
is_([(k, t) for k, t, _, _ in rows], [("accountgegevens", "sem.devries@leerling.debrug.example")],
    "queued for Sem only")
contains(rows[0][3], "<leerlingnummer>1001</leerlingnummer>", "mail carries the leerlingnummer")

# Mail opstellen to one student, picked by the suggestion.
r = d.post("/portal/accountgegevens", {"csrf": token, "naar": "leerling",
                                       "leerling": "Sem de Vries (4K1, 1001)", "actie": "opstellen",
                                       "onderwerp": "Activeer je <account> & start",
                                       "tekst": "Beste leerling,\r\nDoe het vóór vrijdag <b>!</b>"})
is_(r.status, 200, "own mail to one student")
rows = outbox("kind = 'bericht'")
is_(len(rows), 1, "one own mail queued")
is_(rows[0][2], "Activeer je <account> & start", "subject as typed")
contains(rows[0][3], "Doe het vóór vrijdag &lt;b&gt;!&lt;/b&gt;", "text stored as text, escaped in XML")
contains(rows[0][3], "<afzender>Marieke van den Berg</afzender>", "the decaan is the sender")

# Bad choices: clear messages, what was typed stays, nothing queued.
n = len(outbox())
r = d.post("/portal/accountgegevens", {"csrf": token, "naar": "leerling", "leerling": "Sem",
                                       "actie": "standaard"})
is_(r.status, 422, "a name that is not from the list")
contains(r.text, "kies de leerling uit de lijst", "Dutch message")
contains(r.text, 'value="Sem"', "typed text kept")
r = d.post("/portal/accountgegevens", {"csrf": token, "naar": "leerling",
                                       "leerling": "Finn Visser (4B1, 2001)", "actie": "standaard"})
is_(r.status, 422, "a student of another school")
contains(r.text, "kennen wij niet op uw school", "Dutch message")
r = d.post("/portal/accountgegevens", {"csrf": token, "naar": "klas", "klas": "4K1",
                                       "actie": "opstellen", "onderwerp": "", "tekst": "Hallo\nwereld"})
is_(r.status, 422, "own mail without subject")
contains(r.text, "Vul het onderwerp in", "Dutch message")
contains(r.text, "Hallo\nwereld</textarea>", "the text stays on the page")
r = d.post("/portal/accountgegevens", {"csrf": token, "naar": "klas", "klas": "9Z9",
                                       "actie": "standaard"})
is_(r.status, 422, "a class without students")
r = d.post("/portal/accountgegevens", {"csrf": token, "naar": "iedereen", "actie": "standaard"})
is_(r.status, 422, "an unknown choice")
is_(len(outbox()), n, "nothing queued by the refused requests")

# Print accountgegevens: a real .docx, a page per student.
r = d.post("/portal/accountgegevens", {"csrf": token, "naar": "leerjaar", "leerjaar": "4",
                                       "actie": "print"})
is_(r.status, 200, "print")
is_(r.header("Content-Type"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx type")
is_(r.header("Content-Disposition"), 'attachment; filename="accountgegevens-leerjaar-4.docx"',
    "safe file name")
is_(r.header("Cache-Control"), "private, no-store", "not cached")
z = zipfile.ZipFile(io.BytesIO(r.body))
ok(z.testzip() is None and "word/document.xml" in z.namelist(), "a valid zip with word/document.xml")
doc = z.read("word/document.xml").decode()
is_(len(re.findall(r'<w:br w:type="page"/>', doc)), 7, "8 students: 7 page breaks")
for name in ("Sem", "Noor", "Yasmina", "Julia"):
    contains(doc, name, "holds " + name)
contains(doc, "1008", "holds leerlingnummers")
ok("Finn" not in doc, "no student of another school")
r = d.post("/portal/accountgegevens", {"csrf": token, "naar": "klas", "klas": "4K1", "actie": "print"})
is_(r.header("Content-Disposition"), 'attachment; filename="accountgegevens-klas-4K1.docx"',
    "per-class file name")

# The sender delivers both kinds with the right words.
from stack import BUILDDIR
r = subprocess.run([os.path.join(BUILDDIR, "ddd-mailer"), "-1", "-f", st.config, "--smtp",
                    "smtp://127.0.0.1:%d" % st.smtp_port], stdout=subprocess.PIPE,
                   stderr=subprocess.PIPE, text=True, timeout=60)
is_(r.returncode, 0, "ddd-mailer ran")
msgs = {}
for f in glob.glob(os.path.join(st.maildir, "new", "*")):
    with open(f, "rb") as fh:
        m = email.message_from_binary_file(fh, policy=email.policy.default)
    msgs[str(m["Subject"])] = m
std = msgs.get("Je account voor het Digitaal Doorstroomdossier")
ok(std is not None, "standard mail delivered", list(msgs))
if std is not None:
    text = std.get_body(preferencelist=("plain",)).get_content()
    contains(text, "Beste Sem,", "greets the student")
    contains(text, "Vul je leerlingnummer in: 1001", "gives the leerlingnummer")
    contains(text, st.url + "/activeren", "gives the activation address")
    contains(std.get_body(preferencelist=("html",)).get_content(), "<strong>1001</strong>",
             "HTML part too")
own = msgs.get("Activeer je <account> & start")
ok(own is not None, "own mail delivered with its subject as typed", list(msgs))
if own is not None:
    text = own.get_body(preferencelist=("plain",)).get_content()
    contains(text, "Beste leerling,\nDoe het vóór vrijdag <b>!</b>", "the decaan's text as typed")
    contains(text, "Marieke van den Berg", "signed by the decaan")
    html = own.get_body(preferencelist=("html",)).get_content()
    contains(html, "&lt;b&gt;!&lt;/b&gt;", "markup in the text is escaped in HTML")
is_(st.sql("SELECT COUNT(*) FROM outbox WHERE status <> 'sent'"), [["0"]], "every mail sent")

# The decaan's mail log of a student, and 'Opnieuw versturen'.
sem = st.sql("SELECT id FROM account WHERE login = '1001' AND tenant_id = "
             "(SELECT id FROM tenant WHERE slug = 'de-brug')")[0][0]
r = d.get("/portal/leerlingen/%s/mail" % sem)
is_(r.status, 200, "mail log of Sem")
contains(r.text, "Je account voor het Digitaal Doorstroomdossier", "lists the standard mail")
contains(r.text, "verstuurd op", "as sent")
oid = st.sql("SELECT id FROM outbox WHERE kind = 'bericht'")[0][0]
st.sql("UPDATE outbox SET status = 'failed', last_error = '550 mailbox unavailable' WHERE id = " + oid)
r = d.get("/portal/leerlingen/%s/mail" % sem)
contains(r.text, "niet verstuurd", "a failed mail shows")
contains(r.text, "Reden: 550 mailbox unavailable", "with the reason")
r = d.post("/portal/leerlingen/%s/mail/%s/opnieuw" % (sem, oid), {"csrf": token})
is_(r.status, 303, "Opnieuw versturen")
is_(st.sql("SELECT status, attempts, last_error IS NULL FROM outbox WHERE id = " + oid),
    [["queued", "0", "1"]], "queued again")
r = d.post("/portal/leerlingen/%s/mail/%s/opnieuw" % (sem, oid), {"csrf": token})
is_(r.status, 409, "a mail already on its way is not queued twice")
noord = fixture.login(st, "het-noorderlicht", "a.yilmaz@noorderlicht.example")
is_(noord.get("/portal/leerlingen/%s/mail" % sem).status, 404, "another school's decaan: not found")
r = noord.post("/portal/leerlingen/%s/mail/%s/opnieuw" % (sem, oid),
               {"csrf": fixture.csrf(noord.get("/"))})
is_(r.status, 409, "and cannot resend it")

m = fixture.login(st, "de-brug", "j.bakker@debrug.example")
is_(m.get("/portal/accountgegevens").status, 403, "a mentor cannot open it")
is_(m.get("/portal/leerlingen/%s/mail" % sem).status, 403, "nor the mail log")
s = fixture.login(st, "de-brug", "1001")
r = s.post("/portal/accountgegevens", {"csrf": fixture.csrf(s.get("/")), "naar": "klas",
                                       "klas": "4K1", "actie": "standaard"})
is_(r.status, 403, "a student cannot post it")
is_(len(outbox()), n, "still nothing more queued")
done()
