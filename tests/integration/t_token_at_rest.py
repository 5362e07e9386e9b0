"""Activation tokens at rest (issue 13, break 4): once the mail has left, no
usable link token is in any table, log, dump or file of the stack.  The
decaan sends the account mail, the student asks for the link, the sender
delivers it; the token (from the delivered mail) is refused by nginx (429)
and by a worker that is down (502); then a mariadb-dump of everything and
every file of the stack folder (logs, the datadir with its redo and undo
logs) are searched for the token in every spelling.  The link still works
once, never again; a mail sent again from the mail log carries a fresh
link.  Worker and mailer cannot dump core."""
import base64, binascii, email, email.policy, glob, hashlib, http.client, os, re
import subprocess, sys, time, urllib.parse
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, bail, Client
import fixture
from stack import BUILDDIR, SRCDIR, free_port

MAILER = os.path.join(BUILDDIR, "ddd-mailer")
if not os.access(MAILER, os.X_OK):
    bail("no %s (build it first)" % MAILER)

st = fixture.start("token", smtp=True)
fixture.import_demo(st)
LINK_RE = re.compile(r"/activeren/wachtwoord\?t=([A-Za-z0-9_-]{43})")
SEM = st.sql("SELECT id FROM account WHERE login = '1001' AND tenant_id = "
             "(SELECT id FROM tenant WHERE slug = 'de-brug')")[0][0]
mailer_out = []
seen = set()

# --- a database from before: queued and sent rows with a token in the body ---
OLD = "http://x.example/activeren/wachtwoord?t=" + "Q" * 43
for status in ("queued", "sent"):
    st.sql("INSERT INTO outbox (tenant_id, account_id, kind, to_addr, subject, body_xml, status) "
           "SELECT tenant_id, id, 'activation', email, 'Kies', '<mail kind=\"activation\">"
           "<roepnaam>Sem</roepnaam><link>%s</link><days n=\"7\"/></mail>', '%s' FROM account "
           "WHERE id = %s" % (OLD, status, SEM))
# Back to before migration 15: the down parts of the newer ones run,
# newest first (dddctl migrate applies what is above the highest number).
for f in sorted(glob.glob(os.path.join(SRCDIR, "schema", "sql", "[0-9]*_*.sql")), reverse=True):
    if int(os.path.basename(f).split("_")[0]) <= 15:
        break
    with open(f) as fh:
        for stmt in fh.read().split("\n-- down\n", 1)[1].split(";\n"):
            if stmt.strip():
                st.sql(stmt)
    st.sql("DELETE FROM schema_version WHERE version = %d" % int(os.path.basename(f).split("_")[0]))
st.sql("DELETE FROM schema_version WHERE version = 15")
st.dddctl("migrate")
is_(st.sql("SELECT COUNT(*) FROM outbox WHERE body_xml LIKE '%t=%'"), [["0"]],
    "migration 15 empties the links of activation mails written before")
is_(st.sql("SELECT COUNT(*) FROM outbox WHERE body_xml LIKE '%<link/><days n=\"7\"/>%'"), [["2"]],
    "and leaves the rest of the body")
st.sql("DELETE FROM outbox")


def run_mailer():
    r = subprocess.run([MAILER, "-1", "-f", st.config, "--smtp",
                        "smtp://127.0.0.1:%d" % st.smtp_port],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
    mailer_out.append(r.stdout + r.stderr)
    return r


def new_mail():
    out = []
    for f in sorted(glob.glob(os.path.join(st.maildir, "new", "*")), key=os.path.getmtime):
        if f not in seen:
            seen.add(f)
            with open(f, "rb") as fh:
                out.append(email.message_from_binary_file(fh, policy=email.policy.default))
    return out


def text_of(m):
    return m.get_body(preferencelist=("plain",)).get_content()


def tokens_in(s):
    return set(LINK_RE.findall(s))


# --- the decaan's account mail: the address, no token -----------------------
d = fixture.login(st, "de-brug", "m.vandenberg@debrug.example")
dt = fixture.csrf(d.get("/portal/accountgegevens"))
r = d.post("/portal/accountgegevens", {"csrf": dt, "naar": "leerling",
                                       "leerling": "Sem de Vries (4K1, 1001)", "actie": "standaard"})
is_(r.status, 200, "the decaan sends Sem the account mail")
is_(run_mailer().returncode, 0, "the sender ran")
msgs = new_mail()
is_(len(msgs), 1, "the account mail arrived")
acct = text_of(msgs[0]) if msgs else ""
contains(acct, st.url + "/activeren", "it gives the activation address")
is_(tokens_in(acct), set(), "it carries no link token")

# --- the student asks for the link; the mail waits in the outbox -------------
c = Client(st.port)
r = c.post("/activeren", {"school": "de-brug", "username": "1001",
                          "csrf": fixture.csrf(c.get("/activeren"))})
is_(r.status, 200, "the student asks for the link")
row = st.sql("SELECT id, status, body_xml FROM outbox WHERE kind = 'activation'")
is_([x[1] for x in row], ["queued"], "one activation mail waits")
waiting = row[0][2] if row else ""
early = set(re.findall(r"[A-Za-z0-9_-]{43}", waiting))
ok(not early, "the waiting row holds no token (nor anything shaped like one)", waiting)
ok("t=" not in waiting, "and no link with a token", waiting)
is_(st.sql("SELECT COUNT(*) FROM activation WHERE account_id = %s" % SEM), [["0"]],
    "no link exists yet: the sender makes it when the mail leaves")

# --- delivered: the token is in the student's mailbox only --------------------
is_(run_mailer().returncode, 0, "the sender ran")
msgs = new_mail()
is_(len(msgs), 1, "the activation mail arrived")
text = text_of(msgs[0]) if msgs else ""
html = msgs[0].get_body(preferencelist=("html",)).get_content() if msgs else ""
toks = tokens_in(text)
ok(len(toks) == 1, "the mail holds one link", text)
TOKEN = toks.pop() if toks else "x" * 43
is_(tokens_in(html), {TOKEN}, "the HTML part the same link")
contains(text, st.url + "/activeren/wachtwoord?t=" + TOKEN, "the link is on the site's address")
row = st.sql("SELECT status, body_xml FROM outbox WHERE kind = 'activation'")
is_(row[0][0] if row else None, "sent", "the row is sent")
ok(TOKEN not in (row[0][1] if row else ""), "the sent row does not hold the token")
is_(st.sql("SELECT LOWER(HEX(token_hash)), used_at IS NULL FROM activation WHERE account_id = %s"
           % SEM), [[hashlib.sha256(TOKEN.encode()).hexdigest(), "1"]],
    "the one link row holds the token's SHA-256, unused")

# --- the link's page: no referrer leaves it ------------------------------------
r = c.get("/activeren/wachtwoord?t=" + TOKEN)
is_(r.status, 200, "the link opens the password form")
policies = [v.strip() for k, v in r.headers if k.lower() == "referrer-policy"]
ok(policies and policies[-1] == "no-referrer",
   "the page's Referrer-Policy is no-referrer (the last header wins)", policies)


# --- nginx refuses the link: 429, and 502 with the worker down ----------------
def flood(path, limit=4000):
    """GETs on one kept connection until nginx answers 429; how many."""
    conn = http.client.HTTPConnection("127.0.0.1", st.port, timeout=30)
    for i in range(limit):
        conn.request("GET", path)
        resp = conn.getresponse()
        resp.read()
        if resp.status == 429:
            conn.close()
            return i + 1
    conn.close()
    return None


n = flood("/activeren/wachtwoord?t=" + "A" * 43)
ok(n is not None, "a flood of link requests is rate limited", n)
print("# 429 after %s requests" % n)
r = c.get("/activeren/wachtwoord?t=" + TOKEN)
is_(r.status, 429, "the real link is refused with 429 too")
r = c.post("/activeren/wachtwoord", {"t": TOKEN, "csrf": "x" * 43, "password": "p",
                                     "password2": "p"},
           headers={"Referer": st.url + "/activeren/wachtwoord?t=" + TOKEN})
is_(r.status, 429, "so is a POST whose Referer holds the link")
time.sleep(1)
st.stop_worker()
r = c.get("/activeren/wachtwoord?t=" + TOKEN)
is_(r.status, 502, "with the worker down the link gets 502")
st.start_worker()
refusals = st.log("nginx-activation.log")
contains(refusals, '"GET /activeren/wachtwoord" 429', "the refusal is on record, by path")
contains(refusals, '"GET /activeren/wachtwoord" 502', "so is the failure")


# --- the whole database and every file of the stack ---------------------------
def spellings(tok):
    """The token as text, URL-encoded, in hex, as its 32 bytes, and inside
    base64 at each alignment (the middle part that does not depend on the
    neighbouring bytes)."""
    raw = tok.encode()
    out = {"text": raw,
           "url-encoded": urllib.parse.quote(tok, safe="").encode(),
           "hex": binascii.hexlify(raw), "HEX": binascii.hexlify(raw).upper(),
           "bytes": base64.urlsafe_b64decode(tok + "=")}
    for a in range(3):
        start, end = (4 if a else 0), (a + len(raw)) // 3 * 4
        out["base64+%d" % a] = base64.b64encode(b"\0" * a + raw)[start:end]
        out["base64url+%d" % a] = base64.urlsafe_b64encode(b"\0" * a + raw)[start:end]
    return out


SPELL = spellings(TOKEN)
dump = subprocess.run(["mariadb-dump", "--no-defaults", "--socket=" + st.dbsock, "-uroot",
                       "--all-databases", "--single-transaction", "--hex-blob"],
                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
ok(dump.returncode == 0, "mariadb-dump --all-databases", dump.stderr[-500:])
ok(b"INSERT INTO `outbox`" in dump.stdout and b"INSERT INTO `activation`" in dump.stdout,
   "the dump holds the outbox and the activation rows", len(dump.stdout))
dump2 = subprocess.run(["mariadb-dump", "--no-defaults", "--socket=" + st.dbsock, "-uroot",
                        "--all-databases", "--single-transaction"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
found = [k for k, v in SPELL.items() if v in dump.stdout or v in dump2.stdout]
is_(found, [], "the dumps (with and without --hex-blob) hold the token in no spelling")
found = [k for k, v in SPELL.items() if any(v in o.encode() for o in mailer_out)]
is_(found, [], "nor the sender's output")
files, where, nbytes = 0, [], 0
for root, dirs, names in os.walk(st.dir):
    if os.path.abspath(root).startswith(os.path.abspath(st.maildir)):
        continue            # the student's mailbox: the one place it belongs
    for name in names:
        p = os.path.join(root, name)
        if not os.path.isfile(p) or os.path.islink(p):
            continue
        with open(p, "rb") as f:
            data = f.read()
        files += 1
        nbytes += len(data)
        where += ["%s (%s)" % (os.path.relpath(p, st.dir), k) for k, v in SPELL.items() if v in data]
print("# searched %d files, %d MB" % (files, nbytes // (1 << 20)))
ok(os.path.getsize(st.path("nginx-error.log")) >= 0 and files > 20, "every file of the stack read")
is_(where, [], "no file of the stack (logs, nginx, the datadir) holds the token")

# --- the token still works once, never again -----------------------------------
time.sleep(1)
s = Client(st.port)
r = s.get("/activeren/wachtwoord?t=" + TOKEN)
is_(r.status, 200, "after all that the link still opens the form")
pw = {"t": TOKEN, "csrf": fixture.csrf(r), "password": "groene fiets 42",
      "password2": "groene fiets 42"}

# A mail sent again from the decaan's mail log carries a fresh link.
oid = st.sql("SELECT id FROM outbox WHERE kind = 'activation'")[0][0]
r = d.get("/portal/leerlingen/%s/mail" % SEM)
contains(r.text, "Kies je wachtwoord", "the mail log lists the activation mail")
r = d.post("/portal/leerlingen/%s/mail/%s/opnieuw" % (SEM, oid), {"csrf": dt})
is_(r.status, 303, "the decaan sends it again")
is_(run_mailer().returncode, 0, "the sender ran")
msgs = new_mail()
again = tokens_in(text_of(msgs[0])) if msgs else set()
is_(len(again), 1, "the mail came again with a link")
ok(TOKEN not in again, "a fresh link, not the old one")
ok(TOKEN not in st.sql("SELECT body_xml FROM outbox WHERE id = %s" % oid)[0][0],
   "the row sent again holds no token either")

r = s.post("/activeren/wachtwoord", pw)
is_(r.status, 303, "the first link sets the password")
r = s.post("/activeren/wachtwoord", pw)
is_(r.status, 410, "and never again")
for tok in again:
    is_(Client(st.port).get("/activeren/wachtwoord?t=" + tok).status, 410,
        "setting the password used up the second link too")


# --- a link whose mail does not leave is dropped ----------------------------------
def account(nr):
    return st.sql("SELECT id FROM account WHERE login = '%s' AND tenant_id = "
                  "(SELECT id FROM tenant WHERE slug = 'de-brug')" % nr)[0][0]


def copy(acc, body="body_xml"):
    st.sql("INSERT INTO outbox (tenant_id, account_id, kind, to_addr, to_name, subject, body_xml) "
           "SELECT tenant_id, %s, kind, to_addr, to_name, subject, %s FROM outbox WHERE id = %s"
           % (acc, body, oid))
    return st.sql("SELECT MAX(id) FROM outbox")[0][0]


A3, A4 = account("1003"), account("1004")
bsn_row = copy(A3, "REPLACE(body_xml, '<roepnaam>', '<roepnaam>123456782 ')")
gone_row = copy("999999")
down_row = copy(A4)
r = subprocess.run([MAILER, "-1", "-f", st.config, "--smtp", "smtp://127.0.0.1:%d" % free_port()],
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
mailer_out.append(r.stdout + r.stderr)
state = {i: st.sql("SELECT status, COALESCE(last_error, '') FROM outbox WHERE id = %s" % i)[0]
         for i in (bsn_row, gone_row, down_row)}
ok(state[bsn_row][0] == "failed" and "11-proef" in state[bsn_row][1],
   "a mail refused before sending (a BSN in it) fails", state[bsn_row])
ok(state[gone_row][0] == "failed" and "no longer exists" in state[gone_row][1],
   "an activation mail for an account that is gone fails, saying why", state[gone_row])
ok(state[down_row][0] == "queued" and "connect" in state[down_row][1].lower(),
   "with the mail server down the mail waits", state[down_row])
is_(st.sql("SELECT COUNT(*) FROM activation WHERE account_id IN (%s, %s)" % (A3, A4)), [["0"]],
    "and none of them left a link behind")


# --- no core files --------------------------------------------------------------
def core_limit(pid):
    with open("/proc/%d/limits" % pid) as f:
        m = re.search(r"^Max core file size\s+(\S+)\s+(\S+)", f.read(), re.M)
    return m.groups() if m else None


is_(core_limit(st.procs["worker"].pid), ("0", "0"), "the worker: no core file (soft and hard 0)")
st.start_mailer()
time.sleep(1)
is_(core_limit(st.procs["mailer"].pid), ("0", "0"), "the mailer: no core file (soft and hard 0)")
done()
