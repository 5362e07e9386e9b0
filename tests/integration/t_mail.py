"""Mail sender (ddd-mailer): outbox rows queued by the real web flow are
delivered over SMTP as multipart/alternative with the tenant's sender and
a stable Message-ID; once only, also with two senders at once; retried
with back-off when the server is down; claims of a killed sender are
taken over; permanent failures are marked; no header injection, no BSN."""
import asyncio, email, email.policy, email.utils, hashlib, html, os, re, signal
import socket, subprocess, sys, threading, time
import xml.etree.ElementTree as ET
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, bail, Client
import fixture
from stack import BUILDDIR, SRCDIR, free_port

MAILER = os.path.join(BUILDDIR, "ddd-mailer")
if not os.access(MAILER, os.X_OK):
    bail("no %s (build it first)" % MAILER)

st = fixture.start("mail", smtp=True)


def tid(slug):
    return int(st.sql("SELECT id FROM tenant WHERE slug = '%s'" % slug)[0][0])


BRUG = tid("de-brug")
NS = {"t": "urn:ddd:tenant:1"}
tenant_mail = ET.parse(os.path.join(SRCDIR, "tenants", "de-brug.xml")).getroot().find("t:mail", NS)
SENDER = (tenant_mail.get("name"), tenant_mail.get("from"))
REPLY_TO = tenant_mail.get("reply-to")


def q(s):
    return s.replace("\\", "\\\\").replace("'", "\\'")


def student(nr, email_addr, roepnaam, achternaam="Jansen"):
    st.sql("INSERT INTO account (tenant_id, role, login, email, roepnaam, achternaam, klas) "
           "VALUES (%d, 'leerling', '%s', '%s', '%s', '%s', '4K1')"
           % (BRUG, nr, email_addr, q(roepnaam), q(achternaam)))


def csrf(r):
    m = re.search(r'name="csrf" value="([A-Za-z0-9_-]{43}(?:\.[A-Za-z0-9_-]{43})?)"', r.text)
    return m.group(1) if m else ""


def activate(nr):
    c = Client(st.port)
    t = csrf(c.get("/activeren"))
    return c.post("/activeren", {"school": "de-brug", "username": nr, "csrf": t})


def one(query):
    rows = st.sql(query)
    return rows[0] if rows else None


def smtp_url(port=None):
    return "smtp://127.0.0.1:%d" % (port or st.smtp_port)


def mailer(*args, url=None, timeout=120):
    return subprocess.run([MAILER, "-f", st.config, "--smtp", url or smtp_url()] + list(args),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=timeout)


def run_once(url=None, *args):
    r = mailer("-1", *args, url=url)
    logs.append(r.stderr)
    return r


logs = []
seen = set()


def new_mail():
    """Messages the sink received since the last call, oldest first."""
    out = []
    folder = os.path.join(st.maildir, "new")
    names = sorted(os.listdir(folder), key=lambda n: os.stat(os.path.join(folder, n)).st_mtime)
    for n in names:
        if n in seen:
            continue
        seen.add(n)
        with open(os.path.join(folder, n), "rb") as f:
            out.append(email.message_from_bytes(f.read(), policy=email.policy.default))
    return out


def insert_copy(of_id, to_addr, **cols):
    """Queue another row like an existing one (the web throttles activation
    requests per address, so bulk rows are copies)."""
    sets = {"kind": "kind", "to_name": "to_name", "subject": "subject", "body_xml": "body_xml"}
    sets.update(cols)
    st.sql("INSERT INTO outbox (tenant_id, account_id, kind, to_addr, to_name, subject, body_xml) "
           "SELECT tenant_id, account_id, %s, '%s', %s, %s, %s FROM outbox WHERE id = %d"
           % (sets["kind"], q(to_addr), sets["to_name"], sets["subject"], sets["body_xml"], of_id))
    return int(st.sql("SELECT MAX(id) FROM outbox")[0][0])


def status(i):
    return one("SELECT status, attempts, COALESCE(last_error, ''), "
               "TIMESTAMPDIFF(SECOND, NOW(), next_attempt_at) FROM outbox WHERE id = %d" % i)


def parts(msg):
    return {p.get_content_type(): p for p in msg.walk() if not p.is_multipart()}


# --- a real activation request queues the mail ------------------------------------
student("12345", "zoe@leerling.example", "Zoë <&>")
r = activate("12345")
is_(r.status, 200, "activation request accepted")
row = one("SELECT id, status, subject, body_xml FROM outbox")
ok(row is not None and row[1] == "queued", "one mail queued", row)
first_id, subject, body_xml = int(row[0]), row[2], row[3]
ok("<link/>" in body_xml and "t=" not in body_xml,
   "the body holds an empty link: the sender makes it", body_xml)

# --- sent, with everything in place -------------------------------------------------
r = run_once()
is_(r.returncode, 0, "ddd-mailer -1 exits 0")
contains(r.stdout, "1 sent", "reports one sent")
msgs = new_mail()
is_(len(msgs), 1, "the sink received one message")
m = msgs[0] if msgs else email.message_from_string("", policy=email.policy.default)
is_(email.utils.parseaddr(m.get("From", "")), SENDER, "From: the tenant's sender name and address")
is_(email.utils.parseaddr(m.get("Reply-To", ""))[1], REPLY_TO, "Reply-To: the tenant's reply-to")
is_(email.utils.parseaddr(str(m.get("To", ""))), ("Zoë <&> Jansen", "zoe@leerling.example"),
    "To: name (special characters intact) and address")
is_(str(m.get("Subject", "")), subject, "Subject as queued")
msgid = m.get("Message-ID", "")
is_(msgid, "<outbox-%d.de-brug@ddd.invalid>" % first_id, "stable Message-ID with the outbox id")
ok(email.utils.parsedate_to_datetime(m.get("Date", "x")) is not None, "Date header", m.get("Date"))
is_(m.get("Auto-Submitted"), "auto-generated", "Auto-Submitted: auto-generated")
is_(m.get_content_type(), "multipart/alternative", "multipart/alternative")
p = parts(m)
ok("text/plain" in p and "text/html" in p, "text/plain and text/html alternatives", list(p))
text = p["text/plain"].get_content() if "text/plain" in p else ""
htm = p["text/html"].get_content() if "text/html" in p else ""
ok(all(p[k].get_content_charset() == "utf-8" for k in p), "both parts utf-8")
m_link = re.search(r"%s/activeren/wachtwoord\?t=[A-Za-z0-9_-]{43}" % re.escape(st.url), text)
ok(m_link is not None, "the sender put the link in the text part", text)
link = m_link.group(0) if m_link else "(no link)"
is_(st.sql("SELECT LOWER(HEX(token_hash)) FROM activation")[0][0],
    hashlib.sha256(link.split("t=")[1].encode()).hexdigest(),
    "its token's SHA-256 is the link stored for the account")
contains(html.unescape(htm), link, "link in the HTML part")
contains(htm, 'href="%s"' % html.escape(link), "HTML link is a real link")
contains(text, "Beste Zoë <&>,", "text: roepnaam with special characters intact")
contains(htm, "Beste Zoë &lt;&amp;&gt;,", "HTML: roepnaam escaped, not markup")
contains(text, "Scholengemeenschap De Brug", "text names the school")
contains(text, "binnen 7 dagen", "text gives the days")
row = one("SELECT status, attempts, sent_at IS NOT NULL, last_error IS NULL FROM outbox WHERE id = %d" % first_id)
is_(row, ["sent", "1", "1", "1"], "outbox row sent, one attempt, sent_at set")
ok(link.split("t=")[1] not in "".join(logs), "the link's token is not in the sender's log")

r = run_once()
contains(r.stdout, "0 sent", "a second run sends nothing")
is_(len(new_mail()), 0, "no further message")

# --- two senders at once: each of 20 mails exactly once ----------------------------
ids = [insert_copy(first_id, "p%02d@leerling.example" % i) for i in range(20)]
procs = [subprocess.Popen([MAILER, "-1", "-f", st.config, "--smtp", smtp_url(), "--batch", "2"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
outs = [pr.communicate(timeout=120) for pr in procs]
is_([pr.returncode for pr in procs], [0, 0], "both senders exit 0")
counts = [int(re.search(r"(\d+) sent", o[0]).group(1)) for o in outs]
print("# sent per sender: %s" % counts)
is_(sum(counts), 20, "together they report 20 sent")
msgs = new_mail()
got = sorted(mm["Message-ID"] for mm in msgs)
is_(len(got), 20, "the sink received 20 messages")
is_(got, sorted("<outbox-%d.de-brug@ddd.invalid>" % i for i in ids), "each Message-ID exactly once")
is_(one("SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND attempts = 1 AND id >= %d" % ids[0]),
    ["20"], "all 20 rows sent, one attempt each")

# --- SMTP server down: queued again with back-off, later delivered -----------------
sink = st.procs.pop("smtp")
sink.terminate()
sink.wait(10)
student("555", "sem@leerling.example", "Sem")
is_(activate("555").status, 200, "second activation request")
down_id = int(st.sql("SELECT MAX(id) FROM outbox")[0][0])
other_id = insert_copy(down_id, "daan@leerling.example")
r = run_once()
is_(r.returncode, 0, "sender exits 0 with the server down")
s = status(down_id)
ok(s[0] == "queued" and s[1] == "1", "row queued again, attempts=1", s)
ok(50 <= int(s[3]) <= 60, "next attempt about a minute later", s)
ok("connect" in s[2].lower(), "last_error says why", s[2])
is_(status(other_id)[:2], ["queued", "0"], "server down: the pass stopped, the next row was not tried")
st.start_smtp()
st.sql("UPDATE outbox SET next_attempt_at = NOW() WHERE id = %d" % down_id)
r = run_once()
contains(r.stdout, "2 sent", "server back: both delivered")
is_(status(down_id)[:3], ["sent", "2", ""], "row sent on the second attempt, last_error cleared")
msgs = new_mail()
is_(sorted(email.utils.parseaddr(str(mm["To"]))[1] for mm in msgs),
    ["daan@leerling.example", "sem@leerling.example"], "both messages arrived")

# --- claims: an expired one (killed sender) is taken over, a live one is not ------
dead = insert_copy(first_id, "dead@leerling.example")
live = insert_copy(first_id, "live@leerling.example")
st.sql("UPDATE outbox SET status = 'sending', attempts = 1, next_attempt_at = NOW() - INTERVAL 1 SECOND "
       "WHERE id = %d" % dead)
st.sql("UPDATE outbox SET status = 'sending', attempts = 1, next_attempt_at = NOW() + INTERVAL 300 SECOND "
       "WHERE id = %d" % live)
r = run_once()
is_(status(dead)[:2], ["sent", "2"], "claim past its lease: delivered on the next run")
is_(status(live)[:2], ["sending", "1"], "claim within its lease: left to its sender")
is_([mm["Message-ID"] for mm in new_mail()], ["<outbox-%d.de-brug@ddd.invalid>" % dead],
    "only the expired claim was sent")
st.sql("UPDATE outbox SET status = 'sent' WHERE id = %d" % live)

# Killed after the message was handed over (its last byte on the way to the
# server), before it was marked: it may have been delivered, so it is never
# sent again (at most once, docs/mail.md).
ok(one("SELECT handed_at IS NOT NULL FROM outbox WHERE id = %d" % dead) == ["1"],
   "a sent row records when it was handed over")
st.sql("UPDATE outbox SET status = 'sending', next_attempt_at = NOW() - INTERVAL 1 SECOND WHERE id = %d" % dead)
run_once()
is_(new_mail(), [], "handed over and never answered: not sent again")
is_(status(dead)[0], "sending", "it stays as it was, for the operator to look at")
# Killed before the handover: sent again when the lease runs out, with the same
# Message-ID.
st.sql("UPDATE outbox SET handed_at = NULL WHERE id = %d" % dead)
run_once()
is_([mm["Message-ID"] for mm in new_mail()], ["<outbox-%d.de-brug@ddd.invalid>" % dead],
    "a resend carries the same Message-ID")


# --- a picky SMTP server: 5xx and 4xx to RCPT, and one that hangs -----------------
class Picky:
    def __init__(self):
        self.got = []
        self.hanging = threading.Event()
        self.refuse_sender = False

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.refuse_sender:
            return "553 5.7.1 sender not allowed here"
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("nobody@"):
            return "550 5.1.1 <%s>: mailbox unknown" % address
        if address.startswith("later@"):
            return "451 4.3.0 try again later"
        if address.startswith("slow@"):
            self.hanging.set()
            await asyncio.sleep(60)
        if address.startswith("pause@"):
            self.hanging.set()
            await asyncio.sleep(2)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if envelope.rcpt_tos[0].startswith("spam@"):
            return "554 5.7.1 message refused"
        self.got.append(envelope.rcpt_tos[:])
        return "250 OK"


from aiosmtpd.controller import Controller  # noqa: E402
picky = Picky()
ctl = Controller(picky, hostname="127.0.0.1", port=free_port())
ctl.start()
PICKY = smtp_url(ctl.port)

nobody = insert_copy(first_id, "nobody@leerling.example")
later = insert_copy(first_id, "later@leerling.example")
spam = insert_copy(first_id, "spam@leerling.example")
fine = insert_copy(first_id, "fine@leerling.example")
r = run_once(PICKY)
s = status(nobody)
ok(s[0] == "failed" and "550" in s[2] and "mailbox unknown" in s[2],
   "5xx to the recipient: failed, with the server's answer", s)
s = status(later)
ok(s[0] == "queued" and s[1] == "1" and "451" in s[2], "4xx: queued again with back-off", s)
s = status(spam)
ok(s[0] == "failed" and "554" in s[2], "5xx to the message: failed", s)
is_(status(fine)[0], "sent", "the next message still goes")
is_(picky.got, [["fine@leerling.example"]], "the server took only that one")
st.sql("UPDATE outbox SET status = 'sent' WHERE id = %d" % later)
picky.refuse_sender = True
refused = insert_copy(first_id, "fine@leerling.example")
run_once(PICKY)
s = status(refused)
ok(s[0] == "queued" and "553" in s[2], "5xx to MAIL FROM (our set-up): queued again, not failed", s)
picky.refuse_sender = False
st.sql("UPDATE outbox SET status = 'sent' WHERE id = %d" % refused)

# Killed (SIGKILL) between claim and delivery: the row waits for its lease to
# run out, then the next run delivers it.
slow = insert_copy(first_id, "slow@leerling.example")
pr = subprocess.Popen([MAILER, "-1", "-f", st.config, "--smtp", PICKY],
                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
ok(picky.hanging.wait(30), "sender is in the middle of the SMTP dialogue")
pr.kill()
pr.wait()
s = status(slow)
ok(s[0] == "sending" and s[1] == "1" and int(s[3]) > 200, "killed: row still claimed, lease running", s)
r = run_once()
is_(status(slow)[0], "sending", "not taken over while the lease runs")
st.sql("UPDATE outbox SET next_attempt_at = NOW() - INTERVAL 1 SECOND WHERE id = %d" % slow)
r = run_once()
is_(status(slow)[:2], ["sent", "2"], "after the lease: delivered")
is_([email.utils.parseaddr(str(mm["To"]))[1] for mm in new_mail()], ["slow@leerling.example"],
    "the killed sender's message arrived")

# SIGTERM while a message is in hand: that one is finished, the rest of the
# claim goes back untouched, the daemon exits 0.
picky.hanging.clear()
picky.got.clear()
pause = insert_copy(first_id, "pause@leerling.example")
rest = [insert_copy(first_id, "rest%d@leerling.example" % i) for i in range(2)]
d = subprocess.Popen([MAILER, "-f", st.config, "--smtp", PICKY, "--interval", "1"],
                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
ok(picky.hanging.wait(30), "daemon is sending the first message")
d.send_signal(signal.SIGTERM)
try:
    rc = d.wait(20)
except subprocess.TimeoutExpired:
    d.kill()
    rc = "hung"
d.stderr.close()
is_(rc, 0, "SIGTERM mid-message: exit 0")
is_(status(pause)[:2], ["sent", "1"], "the message in hand was finished")
is_([status(i)[:2] for i in rest], [["queued", "0"]] * 2, "the rest of the claim went back untouched")
is_(picky.got, [["pause@leerling.example"]], "nothing else was sent")
ctl.stop()
run_once()
is_(sorted(email.utils.parseaddr(str(mm["To"]))[1] for mm in new_mail()),
    ["rest0@leerling.example", "rest1@leerling.example"], "the next run sends the rest")

# --- permanent failures: unknown kind, bad address, a BSN -------------------------
unknown = insert_copy(first_id, "k@leerling.example", kind="'nonsense'")
badaddr = insert_copy(first_id, "x")
st.sql("UPDATE outbox SET to_addr = CONCAT('a@b.example', CHAR(13, 10), 'RCPT TO:<evil@example.com>') "
       "WHERE id = %d" % badaddr)
bsn = insert_copy(first_id, "b@leerling.example",
                  body_xml="REPLACE(body_xml, '<roepnaam>', '<roepnaam>123456782 ')")
run_once()
s = status(unknown)
ok(s[0] == "failed" and "nonsense" in s[2], "unknown kind: failed, last_error names the kind", s)
s = status(badaddr)
ok(s[0] == "failed" and "recipient" in s[2], "CR LF in the address: failed, not sent", s)
s = status(bsn)
ok(s[0] == "failed" and "11-proef" in s[2] and "123456782" not in s[2],
   "a BSN in the mail: refused, the number not in last_error", s)
ok("123456782" not in "".join(logs), "the number is in no log")
is_(len(new_mail()), 0, "none of these was sent")

# --- header injection through subject and name ------------------------------------
inj = insert_copy(first_id, "inj@leerling.example",
                  subject="CONCAT('Hallo', CHAR(13, 10), 'Bcc: evil@example.com')",
                  to_name="CONCAT('Sem', CHAR(13, 10), 'X-Injected: yes', CHAR(10), CHAR(10), 'body')")
run_once()
msgs = new_mail()
is_(len(msgs), 1, "message with CR LF in subject and name sent")
m = msgs[0] if msgs else {}
ok(m.get("Bcc") is None and m.get("X-Injected") is None, "no header added", str(m)[:600])
is_(m.get("X-RcptTo"), "inj@leerling.example", "one envelope recipient")
ok("Bcc: evil@example.com" in str(m.get("Subject")), "the text stays inside the subject",
   m.get("Subject"))
is_(len(m.get_all("Subject")), 1, "one Subject header")

# --- gives up after max attempts ----------------------------------------------------
last = insert_copy(first_id, "last@leerling.example")
st.sql("UPDATE outbox SET attempts = 7 WHERE id = %d" % last)
run_once(smtp_url(free_port()))
s = status(last)
ok(s[0] == "failed" and s[1] == "8" and "gave up after 8 attempts" in s[2], "8th failure: failed", s)

# --- options ------------------------------------------------------------------------
r = mailer("-1", url="http://127.0.0.1/")
ok(r.returncode != 0 and "smtp" in r.stderr, "an http URL is refused", r.stderr)
r = mailer("-1", "--smtp-user", "ddd", "--smtp-tls", "try", url="smtp://mail.example:587")
ok(r.returncode != 0 and "TLS" in r.stderr, "credentials to a remote server without TLS: refused",
   r.stderr)

# --- daemon: delivers what comes in, SIGTERM stops it cleanly -----------------------
d = subprocess.Popen([MAILER, "-f", st.config, "--smtp", smtp_url(), "--interval", "1"],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
time.sleep(0.5)
student("777", "lotte@leerling.example", "Lotte")
activate("777")
daemon_id = int(st.sql("SELECT MAX(id) FROM outbox")[0][0])
end = time.monotonic() + 20
while time.monotonic() < end and status(daemon_id)[0] != "sent":
    time.sleep(0.2)
is_(status(daemon_id)[0], "sent", "daemon delivered a new mail within seconds")
d.send_signal(signal.SIGTERM)
try:
    rc = d.wait(10)
except subprocess.TimeoutExpired:
    d.kill()
    rc = "hung"
err = d.stderr.read()
is_(rc, 0, "SIGTERM: daemon exits 0")
contains(err, "event=mail_stop", "and says so in its log")
is_(len(new_mail()), 1, "one message from the daemon")
done()
