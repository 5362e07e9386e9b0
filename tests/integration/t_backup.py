"""Backup and restore (issue 7): a hot mariadb-backup of the running
database, prepared and copied back into a fresh datadir, holds every table
row for row and every dossier; its final PDFs match their stored SHA-256;
the worker serves the dossiers from it, log-ins and sealed BSNs included
(the master key stays the stack's own).  docs/operations.md describes the
same steps for an operator."""
import atexit, hashlib, os, re, shutil, subprocess, sys, time
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, bail, Client
import fixture, dossiers
from stack import wait_for

if shutil.which("mariadb-backup") is None:
    bail("mariadb-backup is not installed (Debian package mariadb-backup)")

MENTOR = "j.bakker@debrug.example"
BSN = "123456782"
IMPORTANT = ["dossier", "answer", "dossier_event", "akkoordverklaring", "document",
             "outbox", "account", "tenant_key", "bijlage"]

st = fixture.start("backup")
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")

# --- dossiers in every phase, through the real pages -------------------------
sem, sem_t, done_id = dossiers.afgerond(st, fixture, "1001", MENTOR)      # afgerond
noor, noor_t, akk_id = dossiers.to_akkoord(st, fixture, "1002", MENTOR)   # akkoord

# 1003: deel A filled and sent to the mentor (deel B).
c3 = fixture.login(st, "de-brug", "1003")
t3 = fixture.csrf(c3.get("/dossiers"))
r = c3.post("/dossiers/nieuw", {"csrf": t3})
b_id = re.search(r"/dossiers/(\d+)/", r.header("Location")).group(1)
codes = dossiers.fill(c3, lambda n: "/dossiers/%s/stap/%d" % (b_id, n), ["deel-a"], t3)
ok(all(x == 303 for x in codes), "1003: deel A filled", codes)
mid = st.sql("SELECT id FROM account WHERE login = '%s'" % MENTOR)[0][0]
is_(c3.post("/dossiers/%s/opsturen" % b_id, {"csrf": t3, "mentor": mid}).status, 303,
    "1003: sent to the mentor")

# 1004: a concept, one step saved.
c4 = fixture.login(st, "de-brug", "1004")
t4 = fixture.csrf(c4.get("/dossiers"))
r = c4.post("/dossiers/nieuw", {"csrf": t4})
a_id = re.search(r"/dossiers/(\d+)/", r.header("Location")).group(1)
is_(c4.post("/dossiers/%s/stap/1" % a_id,
            dossiers.step_data(dossiers.steps("deel-a")[0], t4)).status, 303,
    "1004: a step of deel A saved")

# 1004 attaches a loopbaandossier (table bijlage), as t_bijlage does.
STEPS = dossiers.steps("deel-a")
NR = [x.get("id") for x in STEPS].index("loopbaanorientatie") + 1
ATTACHMENT = b"%PDF-1.4\n% a loopbaandossier to back up\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
BOUNDARY = "----dddBackupBoundary"
body = b""
fields = dossiers.step_data(STEPS[NR - 1], t4)
fields["a_loopbaandossier"] = "ja"
for k, v in fields.items():
    for one in (v.split("\n") if k == "a_keuze_hoe" else [v]):
        body += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                 % (BOUNDARY, k, one)).encode()
body += ("--%s\r\nContent-Disposition: form-data; name=\"a_loopbaandossier_bestand\"; "
         "filename=\"loopbaan.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
         % BOUNDARY).encode() + ATTACHMENT + ("\r\n--%s--\r\n" % BOUNDARY).encode()
r = c4.request("POST", "/dossiers/%s/stap/%d" % (a_id, NR), body=body,
               headers={"Content-Type": "multipart/form-data; boundary=" + BOUNDARY})
is_(r.status, 303, "1004: a loopbaandossier attached")
bijlage = st.sql("SELECT id, sha256 FROM bijlage")
is_([row[1] for row in bijlage], [hashlib.sha256(ATTACHMENT).hexdigest()], "stored with its SHA-256")

# A sealed BSN (1001), to read back through the restored tenant keys.
sem.post("/ddd/bsn", {"bsn": BSN, "csrf": fixture.csrf(sem.get("/"))})
ok(st.sql("SELECT bsn_sealed IS NOT NULL FROM account WHERE login = '1001'") == [["1"]],
   "1001's BSN is stored, sealed")

mentor = fixture.login(st, "de-brug", MENTOR)
roc = fixture.login(st, "roc-rijnland", "a.kuipers@rocrijnland.example")

want = {done_id: "afgerond", akk_id: "akkoord", b_id: "deel_b", a_id: "deel_a"}
is_(dict(st.sql("SELECT id, phase FROM dossier")), want, "four dossiers, one in each phase")
is_(st.sql("SELECT COUNT(*) FROM document WHERE final = 1"), [["1"]], "one final PDF stored")

# --- the backup, hot, while the worker runs -----------------------------------
backup = st.path("backup")
restored = st.path("restored")


def run(argv, what):
    t0 = time.monotonic()
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    with open(st.path("mariadb-backup.log"), "a") as f:
        f.write("$ %s\n%s\n" % (" ".join(argv), r.stdout))
    ok(r.returncode == 0, "%s (%.1f s)" % (what, time.monotonic() - t0), r.stdout[-3000:])
    if r.returncode != 0:
        bail(what + " failed; see mariadb-backup.log")
    return r.stdout


run(["mariadb-backup", "--no-defaults", "--backup", "--socket=" + st.dbsock, "--user=root",
     "--target-dir=" + backup], "mariadb-backup --backup of the running server")
ok(os.path.exists(os.path.join(backup, "xtrabackup_checkpoints")), "the backup has its checkpoints")
run(["mariadb-backup", "--no-defaults", "--prepare", "--target-dir=" + backup],
    "mariadb-backup --prepare")
run(["mariadb-backup", "--no-defaults", "--copy-back", "--target-dir=" + backup,
     "--datadir=" + restored], "mariadb-backup --copy-back into a fresh datadir")
ok(os.path.isdir(os.path.join(restored, "ddd")), "the restored datadir has the ddd database")

# --- a second server on the restored datadir ----------------------------------
sock2 = st.path("restored.sock")
server2 = {}


def start_restored(sock):
    p = subprocess.Popen([
        "mariadbd", "--no-defaults", "--datadir=" + restored, "--socket=" + sock,
        "--pid-file=" + st.path("restored.pid"), "--skip-networking", "--user=root",
        "--log-error=" + st.path("restored.log"), "--innodb-log-file-size=8M",
        "--innodb-doublewrite=1",
        "--innodb-buffer-pool-size=64M", "--innodb-flush-log-at-trx-commit=1",
        "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
        start_new_session=True)
    server2["p"] = p

    def ready():
        if p.poll() is not None:
            raise RuntimeError("restored mariadbd exited:\n" + st.log("restored.log")[-3000:])
        return subprocess.run(["mariadb-admin", "--no-defaults", "--socket=" + sock, "-uroot",
                               "ping"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode == 0
    wait_for(ready, 30, "the restored mariadbd")


def stop_restored():
    p = server2.pop("p", None)
    if p is not None and p.poll() is None:
        p.terminate()
        try:
            p.wait(60)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


atexit.register(stop_restored)   # runs before the fixture's clean-up


def sql(sock, query):
    r = subprocess.run(["mariadb", "--no-defaults", "--socket=" + sock, "-uroot", "-N", "-B",
                        "ddd", "-e", query], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    if r.returncode != 0:
        raise RuntimeError("SQL failed: %s\n%s" % (query, r.stderr))
    return [line.split("\t") for line in r.stdout.splitlines()]


def snapshot(sock):
    """Per table of ddd: its row count and CHECKSUM TABLE EXTENDED."""
    tables = [t for (t,) in sql(sock, "SELECT table_name FROM information_schema.tables "
                                      "WHERE table_schema = 'ddd' AND table_type = 'BASE TABLE' "
                                      "ORDER BY table_name")]
    counts = sql(sock, " UNION ALL ".join("SELECT '%s', COUNT(*) FROM `%s`" % (t, t)
                                           for t in tables))
    sums = sql(sock, "CHECKSUM TABLE %s EXTENDED" % ", ".join("`%s`" % t for t in tables))
    return {"tables": tables, "counts": dict(counts),
            "checksums": {name.split(".", 1)[1]: v for name, v in sums}}


try:
    start_restored(sock2)
except RuntimeError as e:
    ok(False, "the restored datadir starts", e)
    bail("restored server did not start")
ok(True, "a second mariadbd starts on the restored datadir")

orig = snapshot(st.dbsock)
copy = snapshot(sock2)
is_(copy["tables"], orig["tables"], "the same tables (%d)" % len(orig["tables"]))
is_(copy["counts"], orig["counts"], "every table has the same number of rows")
for t in IMPORTANT:
    if t in orig["tables"]:
        ok(orig["checksums"][t] not in ("", "NULL") and
           copy["checksums"][t] == orig["checksums"][t],
           "%s: same checksum (%s rows)" % (t, orig["counts"][t]),
           "original %s, restored %s" % (orig["checksums"][t], copy["checksums"][t]))
others = [t for t in orig["tables"] if t not in IMPORTANT]
is_({t: copy["checksums"][t] for t in others}, {t: orig["checksums"][t] for t in others},
    "and every other table (%s)" % ", ".join(others))
is_(dict(sql(sock2, "SELECT id, phase FROM dossier")), want, "every dossier, in its phase")

# Content, not just checksums: ordered rows hashed, on both sides.
CONTENT = {
    "answer": "SELECT MD5(GROUP_CONCAT(dossier_id, '|', question_id, '|', MD5(value) "
              "ORDER BY dossier_id, question_id SEPARATOR '\\n')) FROM answer",
    "dossier_event": "SELECT MD5(GROUP_CONCAT(id, '|', dossier_id, '|', kind, '|', "
                     "IFNULL(phase_to, ''), '|', version, '|', at ORDER BY id SEPARATOR '\\n')) "
                     "FROM dossier_event",
    "account": "SELECT MD5(GROUP_CONCAT(id, '|', login, '|', IFNULL(HEX(bsn_sealed), ''), '|', "
               "IFNULL(password_hash, '') ORDER BY id SEPARATOR '\\n')) FROM account",
}
for t, q in CONTENT.items():
    q = "SET SESSION group_concat_max_len = 1 << 30; " + q
    a, b = sql(st.dbsock, q), sql(sock2, q)
    ok(a == b and a[0][0] != "NULL", "%s: same ordered content" % t, "%r vs %r" % (a, b))

# The PDFs in the restored copy hash to their stored SHA-256.
pdfs = sql(sock2, "SELECT id, final, sha256, LENGTH(pdf), bytes, SHA2(pdf, 256) FROM document "
                  "ORDER BY id")
ok(len(pdfs) >= 1, "the restored copy has the documents (%d)" % len(pdfs))
bad = [row for row in pdfs if row[2] != row[5] or row[3] != row[4]]
is_(bad, [], "every restored PDF matches its stored SHA-256 and size")
final = [row for row in pdfs if row[1] == "1"]
is_(len(final), 1, "the final PDF is there")
# The checks docs/operations.md gives the operator, as written there.
is_(sql(sock2, "SELECT COUNT(*) FROM document WHERE sha256 <> CONVERT(SHA2(pdf, 256) USING ascii)"),
    [["0"]], "operations.md: no PDF differs from its SHA-256")
if "bijlage" in orig["tables"]:
    is_(sql(sock2, "SELECT COUNT(*) FROM bijlage WHERE sha256 <> CONVERT(SHA2(data, 256) USING ascii)"),
        [["0"]], "operations.md: no bijlage differs from its SHA-256")
checked = sql(sock2, "CHECK TABLE %s" % ", ".join(t for t in IMPORTANT if t in orig["tables"]))
is_([row for row in checked if row[2] == "status" and row[3] != "OK"], [],
    "operations.md: CHECK TABLE says OK (%d tables)" % len(checked))

# --- the worker on the restored database ---------------------------------------
# The restored server takes the original's socket; the worker reconnects.
stop_restored()
st.stop_db()
st.datadir = restored            # st.down() stops it at the end
try:
    st.start_db()
except RuntimeError as e:
    ok(False, "the restored datadir serves the stack", e)
    bail("restored server did not start on the stack's socket")
is_(st.sql("SELECT @@datadir")[0][0].rstrip("/"), restored, "the stack's socket now serves the copy")
is_(dict(st.sql("SELECT id, phase FROM dossier")), want, "with every dossier")

renders_before = st.log("worker.log").count("event=pdf_render ")
r = mentor.get("/portal/dossiers/%s/bekijken" % done_id)
for i in range(20):                  # the first request may find the old connection dead
    if r.status != 503:
        break
    time.sleep(0.2)
    r = mentor.get("/portal/dossiers/%s/bekijken" % done_id)
is_(r.status, 200, "the mentor's session from before the backup still works: dossier page")
contains(r.text, "Fase: <strong>afgerond</strong>", "afgerond")
contains(r.text, "ROC Rijnland Vakcollege", "with its answers")
contains(r.text, "Akkoordverklaring", "and the akkoordverklaring")
for did, phase in ((akk_id, "akkoordverklaring invullen"), (b_id, "deel B")):
    r = mentor.get("/portal/dossiers/%s/bekijken" % did)
    is_(r.status, 200, "the mentor opens dossier %s (%s)" % (did, want[did]))
    contains(r.text, "Fase: <strong>" + phase, "in its phase")
r = mentor.get("/portal/deel-b")
is_(r.status, 200, "the mentor's deel B list")
for did, c in ((done_id, sem), (akk_id, noor), (b_id, c3), (a_id, c4)):
    r = c.get("/dossiers")
    ok(r.status == 200 and ('id="d%s"' % did) in r.text,
       "the student of dossier %s (%s) finds it in Mijn Dossiers" % (did, want[did]),
       "%d\n%s" % (r.status, r.text[:1500]))

if bijlage:
    r = c4.get("/dossiers/%s/bijlagen/%s" % (a_id, bijlage[0][0]))
    ok(r.status == 200 and hashlib.sha256(r.body).hexdigest() == bijlage[0][1],
       "the student downloads the loopbaandossier from the copy, the same bytes", r.status)

# A fresh log-in with the password set before the backup.
fresh = Client(st.port)
r = fresh.post("/login", {"school": "de-brug", "username": "1003", "password": fixture.PASSWORD,
                          "csrf": fixture.csrf(fresh.get("/login"))})
is_(r.status, 303, "a fresh log-in against the restored copy")
r = fresh.get("/dossiers/%s/bekijken" % b_id)
is_(r.status, 200, "and its dossier page")

# The final PDF is served as stored, not rendered again.
r = roc.get("/mbo/dossiers/%s/dossier.pdf" % done_id)
is_(r.status, 200, "the MBO downloads the final PDF from the copy")
is_(hashlib.sha256(r.body).hexdigest(), final[0][2] if final else None,
    "its SHA-256 is the stored one")
is_(st.log("worker.log").count("event=pdf_render "), renders_before, "served as stored, not rendered")

# The sealed BSN opens: tenant keys from the copy, master key from its own file.
r = roc.get("/mbo/dossiers/%s/xml" % done_id)
is_(r.status, 200, "the MBO's XML export from the copy")
contains(r.text, "<bsn>%s</bsn>" % BSN, "the BSN unseals with the restored tenant key")
done()
