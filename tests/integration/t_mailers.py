"""Three ddd-mailers at once against one outbox of a few hundred mails and
a few dozen webhook notices: the SMTP sink and the webhook receiver count
each Message-ID and each notice once.  One mailer is SIGKILLed while it
waits for the SMTP server's answer to a message, another while the notices
go out (it may be waiting on a mail or on a notice); the rows they held
are taken over when their lease runs out, and what each had in flight is
never sent again (handed over: at most once, docs/mail.md)."""
import asyncio, collections, email, email.policy, http.server, os, signal
import subprocess, sys, threading, time
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, done
import fixture
from stack import SRCDIR, BUILDDIR, free_port

MAILS = 300
NOTICES = 40
LEASE = 35          # the shortest the options allow with --timeout 5

lock = threading.Lock()
got_mail = collections.Counter()      # Message-ID -> times the sink took it
got_notice = collections.Counter()    # X-DDD-Notice -> times received


class Sink:
    """An SMTP server that takes its time before it answers the end of a
    message, as a real one filing it does: the answer comes after the
    message is stored (here: counted)."""
    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with lock:
            got_mail[str(msg["Message-ID"])] += 1
        await asyncio.sleep(0.15)
        return "250 OK"


class Receiver(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with lock:
            got_notice[self.headers.get("X-DDD-Notice")] += 1
        time.sleep(0.3)
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *a):
        pass


from aiosmtpd.controller import Controller  # noqa: E402
ctl = Controller(Sink(), hostname="127.0.0.1", port=free_port())
ctl.start()
hport = free_port()
hserver = http.server.ThreadingHTTPServer(("127.0.0.1", hport), Receiver)
threading.Thread(target=hserver.serve_forever, daemon=True).start()

st = fixture.start("mailers")
fixture.import_demo(st)
with open(os.path.join(SRCDIR, "tenants", "roc-rijnland.xml")) as f:
    text = f.read()
text = text.replace("</tenant>", '  <webhook url="http://127.0.0.1:%d/melding"/>\n</tenant>' % hport)
with open(st.path("roc-rijnland.xml"), "w") as f:
    f.write(text)
st.dddctl("tenant", "load", st.path("roc-rijnland.xml"))

brug = st.sql("SELECT id FROM tenant WHERE slug = 'de-brug'")[0][0]
roc = st.sql("SELECT id FROM tenant WHERE slug = 'roc-rijnland'")[0][0]
sem = st.sql("SELECT id FROM account WHERE tenant_id = %s AND login = '1001'" % brug)[0][0]
body = ("<mail kind=\"herinnering\"><fase>deel_a</fase><deadline>2027-06-01</deadline>"
        "<roepnaam>Sem</roepnaam><leerling>Sem de Vries</leerling><school>De Brug</school>"
        "<link>http://127.0.0.1/</link></mail>")
st.sql("INSERT INTO outbox (tenant_id, account_id, kind, to_addr, to_name, subject, body_xml) "
       "SELECT %s, %s, 'herinnering', CONCAT('l', seq, '@leerling.example'), 'Sem', "
       "'Herinnering', '%s' FROM seq_1_to_%d" % (brug, sem, body, MAILS))
st.sql("INSERT INTO dossier (tenant_id, student_id, phase, mbo_tenant_id, created_by) "
       "SELECT %s, %s, 'afgerond', %s, %s FROM seq_1_to_%d" % (brug, sem, roc, sem, NOTICES))
st.sql("INSERT INTO notice (tenant_id, dossier_id, school_tenant_id, body) "
       "SELECT %s, id, %s, CONCAT('{\"dossier\":', id, '}') FROM dossier "
       "WHERE tenant_id = %s AND mbo_tenant_id = %s" % (roc, brug, brug, roc))
is_(st.sql("SELECT COUNT(*) FROM outbox WHERE status = 'queued'")[0][0], str(MAILS),
    "%d mails queued" % MAILS)
is_(st.sql("SELECT COUNT(*) FROM notice WHERE status = 'queued'")[0][0], str(NOTICES),
    "%d webhook notices queued" % NOTICES)


def diag(text):
    print("# " + text, flush=True)


def mailer(n):
    log = open(st.path("mailer-%d.log" % n), "ab")
    return subprocess.Popen([os.path.join(BUILDDIR, "ddd-mailer"), "-f", st.config,
                             "--smtp", "smtp://127.0.0.1:%d" % ctl.port, "--interval", "1",
                             "--batch", "10", "--timeout", "5", "--lease", str(LEASE)],
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def total(counter):
    with lock:
        return sum(counter.values())


def wait(pred, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.02)
    return False


t0 = time.monotonic()
procs = [mailer(i) for i in range(3)]

# The first kill: a mailer in the middle of the mails, waiting for the
# server's answer to the one it handed over (the sink answers slowly).
ok(wait(lambda: total(got_mail) >= MAILS // 4, 120), "the three mailers deliver")
procs[0].send_signal(signal.SIGKILL)
procs[0].wait()
killed_at = time.monotonic()
diag("mailer 0 SIGKILLed after %d mails" % total(got_mail))

# The second: while notices go out (each waits 0.3 s for its answer); it
# may still be on a mail of its last batch.
ok(wait(lambda: total(got_notice) >= NOTICES // 4, 180), "the notices go out")
procs[1].send_signal(signal.SIGKILL)
procs[1].wait()
diag("mailer 1 SIGKILLed after %d notices" % total(got_notice))


def settled():
    # Nothing due or claimed but the rows handed over and never answered.
    r = st.sql("SELECT (SELECT COUNT(*) FROM outbox WHERE status = 'queued' OR "
               "(status = 'sending' AND handed_at IS NULL)) + (SELECT COUNT(*) FROM notice "
               "WHERE status = 'queued' OR (status = 'sending' AND handed_at IS NULL))")
    return r[0][0] == "0"


ok(wait(settled, LEASE + 120), "the mailer left finishes, the killed ones' claims taken "
   "over after their lease")
# Long enough for a second copy of anything, had one been due.
time.sleep(max(0, killed_at + LEASE + 5 - time.monotonic()))
time.sleep(3)
elapsed = time.monotonic() - t0
procs[2].send_signal(signal.SIGTERM)
is_(procs[2].wait(30), 0, "the last mailer stops on SIGTERM")

dup_mail = {k: v for k, v in got_mail.items() if v > 1}
dup_notice = {k: v for k, v in got_notice.items() if v > 1}
is_(dup_mail, {}, "no Message-ID reached the SMTP server twice")
is_(dup_notice, {}, "no webhook notice reached the receiver twice")

rows = st.sql("SELECT id, status, handed_at IS NOT NULL FROM outbox ORDER BY id")
tenant_slug = "de-brug"
sent = [r for r in rows if r[1] == "sent"]
unconfirmed = [r for r in rows if r[1] == "sending" and r[2] == "1"]
other = [r for r in rows if r not in sent and r not in unconfirmed]
is_(other, [], "every mail is sent, or handed over and unanswered")

def msgid(i):
    return "<outbox-%s.%s@ddd.invalid>" % (i, tenant_slug)


missing = [r[0] for r in sent if msgid(r[0]) not in got_mail]
is_(missing, [], "every mail marked sent reached the server")
phantom = set(got_mail) - {msgid(r[0]) for r in sent + unconfirmed}
is_(phantom, set(), "the server got nothing else")
ok(len(got_mail) >= MAILS - len(unconfirmed), "the server got every mail but at most "
   "the unconfirmed ones", len(got_mail))

nrows = st.sql("SELECT id, status, handed_at IS NOT NULL FROM notice ORDER BY id")
nsent = [r for r in nrows if r[1] == "sent"]
nunconf = [r for r in nrows if r[1] == "sending" and r[2] == "1"]
is_(len(nsent) + len(nunconf), NOTICES, "every notice is sent, or handed over and unanswered")
ok(len(unconfirmed) + len(nunconf) <= 2, "at most what each killed mailer had in flight "
   "(one mail or notice each) is unconfirmed", (unconfirmed, nunconf))
nmissing = [r[0] for r in nsent if r[0] not in got_notice]
is_(nmissing, [], "every notice marked sent reached the receiver")

status = st.dddctl("status").stdout
diag("figures: %d mails, %d received, %d duplicates, %d unconfirmed; %d notices, "
     "%d received, %d duplicates, %d unconfirmed; %.0f s with a lease of %d s" % (
         MAILS, len(got_mail), len(dup_mail), len(unconfirmed), NOTICES, len(got_notice),
         len(dup_notice), len(nunconf), elapsed, LEASE))
ctl.stop()
hserver.shutdown()
done()
