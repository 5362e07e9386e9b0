"""Verwijderverzoek (AVG art. 17, issue 20): the decaan erases one student
after a confirmation that names the student and what goes, and warns that
the MBO college holds its own copy of an afgerond dossier.  After it no
table holds anything of the student (every table and column of the
schema is walked), the classmate's data is as it was, and the audit trail
has the erasure, by whom and when, with a pseudonym instead of the
student; the rows about the student and the access log of their dossiers
keep that same pseudonym.  Posted twice, it erases once and answers as
the first.  (tests/integration/t_backup.py restores a backup of a
database with these tables.)"""
import os, re, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture, privacy_setup
from privacy_setup import DECAAN

st = fixture.start("privacy-erasure")
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")
sem = privacy_setup.student(st, fixture, "1001", "SEMTEKST", "123456782")
noor = privacy_setup.student(st, fixture, "1002", "NOORTEKST", "111222333")
sid, (d1, d2) = sem["id"], sem["dossiers"]
# The student downloaded their data (an audit row by the student), and the
# decaan made an export (one about the student).
c = sem["client"]
is_(c.post("/mijn-gegevens/export", {"csrf": fixture.csrf(c.get("/mijn-gegevens"))}).status, 200,
    "Sem downloads Sem's data")
d = fixture.login(st, "de-brug", DECAAN)
is_(d.post("/portal/leerlingen/%s/export" % sid,
           {"csrf": fixture.csrf(d.get("/portal/leerlingen/%s/inzage" % sid))}).status, 200,
    "the decaan makes an export")
sealed, lookup = st.sql("SELECT HEX(bsn_sealed), HEX(bsn_lookup) FROM account WHERE id = " + sid)[0]


def one(q):
    return st.sql(q)[0][0]


def classmate():
    """Everything of Noor, table by table."""
    n, ids = noor["id"], ",".join(noor["dossiers"])
    return {
        "account": st.sql("SELECT id, login, roepnaam, achternaam, email, klas, HEX(bsn_sealed), "
                          "HEX(bsn_lookup), password_hash, updated_at FROM account WHERE id = " + n),
        "dossier": st.sql("SELECT * FROM dossier WHERE id IN (%s) ORDER BY id" % ids),
        "answer": st.sql("SELECT * FROM answer WHERE dossier_id IN (%s) ORDER BY 1, 2" % ids),
        "event": st.sql("SELECT * FROM dossier_event WHERE dossier_id IN (%s) ORDER BY id" % ids),
        "akkoord": st.sql("SELECT * FROM akkoordverklaring WHERE dossier_id IN (%s)" % ids),
        "bijlage": st.sql("SELECT id, sha256, filename FROM bijlage WHERE dossier_id IN (%s)" % ids),
        "document": st.sql("SELECT id, sha256 FROM document WHERE dossier_id IN (%s)" % ids),
        "notice": st.sql("SELECT * FROM notice WHERE dossier_id IN (%s)" % ids),
        "outbox": st.sql("SELECT id, kind, subject, to_addr, status FROM outbox WHERE account_id = %s "
                         "OR body_xml LIKE '%%NOORTEKST%%' OR body_xml LIKE '%%Noor Bakker%%' "
                         "ORDER BY id" % n),
        "access": st.sql("SELECT * FROM access_log WHERE student_id = %s ORDER BY id" % n),
        "audit": st.sql("SELECT * FROM audit_log WHERE subject_id = %s ORDER BY id" % n),
        "session": st.sql("SELECT COUNT(*) FROM session WHERE account_id = " + n),
    }


before = classmate()
ok(len(before["outbox"]) > 0 and len(before["access"]) > 0 and len(before["audit"]) > 0,
   "the classmate has mails, access-log and audit rows too")
mails_to_mentor = int(one("SELECT COUNT(*) FROM outbox WHERE to_addr = '%s' AND body_xml LIKE "
                          "'%%<leerling>Sem de Vries</leerling>%%'" % privacy_setup.MENTOR))
ok(mails_to_mentor > 0, "the mentor has mails naming Sem (%d)" % mails_to_mentor)

# --- the confirmation -------------------------------------------------------
page = d.get("/portal/leerlingen/%s/verwijderen" % sid)
is_(page.status, 200, "the confirmation page")
text = " ".join(re.sub(r"<[^>]+>", " ", page.text).split())
contains(text, "Leerling verwijderen: Sem de Vries", "names the student")
contains(text, "leerlingnummer 1001, klas 4K1", "with number and class")
contains(text, "2 dossiers met", "what goes: the dossiers")
contains(text, "2 bijlagen", "the files")
contains(text, "%d mails aan medewerkers" % mails_to_mentor, "the mails naming the student")
contains(text, "Dossier %s is afgerond en staat klaar voor ROC Rijnland Vakcollege" % d1,
         "warns about the dossier the college has")
contains(text, "heeft het bekeken of gedownload", "and that it took it")
contains(text, "Een mbo-school bewaart een eigen kopie", "which it keeps")
token = fixture.csrf(page)
r = d.post("/portal/leerlingen/%s/verwijderen" % sid, {"csrf": token})
is_(r.status, 422, "without the tick: refused")
contains(r.text, "Vink aan dat u deze leerling", "with a Dutch message")
is_(one("SELECT COUNT(*) FROM account WHERE id = " + sid), "1", "and nothing erased")

m = fixture.login(st, "de-brug", privacy_setup.MENTOR)
is_(m.post("/portal/leerlingen/%s/verwijderen" % sid,
           {"csrf": fixture.csrf(m.get("/")), "bevestig": "ja"}).status, 403, "a mentor may not")
noord = fixture.login(st, "het-noorderlicht", "a.yilmaz@noorderlicht.example")
is_(noord.post("/portal/leerlingen/%s/verwijderen" % sid,
               {"csrf": fixture.csrf(noord.get("/")), "bevestig": "ja"}).status, 404,
    "another school's decaan: not found")
is_(noord.get("/portal/leerlingen/%s/verwijderen" % sid).status, 404, "nor its page")

# --- the erasure --------------------------------------------------------------
token = fixture.csrf(d.get("/portal/leerlingen/%s/verwijderen" % sid))
r = d.post("/portal/leerlingen/%s/verwijderen" % sid, {"csrf": token, "bevestig": "ja"})
is_(r.status, 303, "erased")
is_(r.header("Location"), "/portal/logboek?verwijderd=1", "to the logboek")
r2 = d.post("/portal/leerlingen/%s/verwijderen" % sid, {"csrf": token, "bevestig": "ja"})
is_((r2.status, r2.header("Location")), (303, "/portal/logboek?verwijderd=1"),
    "posted twice: answered as the first")
rows = st.sql("SELECT actor_name, actor_role, subject_id IS NULL, dossier_id IS NULL, pseudonym, "
              "detail FROM audit_log WHERE action = 'leerling_verwijderd'")
is_(len(rows), 1, "one erasure in the audit trail")
name, role, nosub, nodos, pseudo, detail = rows[0]
is_((name, role, nosub, nodos), ("Marieke van den Berg", "decaan", "1", "1"),
    "by the decaan, about no account")
ok(re.fullmatch(r"[0-9a-f]{32}", pseudo), "with a pseudonym", pseudo)
contains(detail, "2 dossier(s)", "counts what went")
contains(detail, "1 dossier(s) al bij een mbo-school", "and what the college has")
ok("Sem" not in detail and "1001" not in detail, "no word of the student", detail)
is_(one("SELECT COUNT(*) FROM audit_log WHERE pseudonym = '%s' AND action <> "
        "'leerling_verwijderd' AND subject_id IS NULL" % pseudo) != "0", True,
    "the earlier rows about the student keep the same pseudonym")
is_(one("SELECT COUNT(*) FROM audit_log WHERE pseudonym = '%s' AND action = 'inzage_export' "
        "AND actor_role = 'leerling' AND actor_id IS NULL AND actor_name = ''" % pseudo), "1",
    "the student's own download: by the pseudonym, not by name")
gone = st.sql("SELECT actor_name, action FROM access_log WHERE pseudonym = '%s' ORDER BY id" % pseudo)
ok(["Annemiek Kuipers", "bsn"] in gone and ["Joost Bakker", "bekeken"] in gone,
   "who looked at the dossiers stays, pseudonymised", gone)
is_(one("SELECT COUNT(*) FROM access_log WHERE pseudonym = '%s' AND (student_id IS NOT NULL OR "
        "dossier_id IS NOT NULL)" % pseudo), "0", "without the student or the dossiers")

# --- nothing of the student in any table -------------------------------------
ACCOUNT_REFS = {"account_id", "student_id", "actor_id", "subject_id", "created_by", "mentor_id",
                "updated_by", "uploaded_by"}
DOSSIER_REFS = {"dossier_id", "final_of"}
TEXTS = ["SEMTEKST", "Sem de Vries", "sem.devries", "/leerlingen/%s/" % sid,
         "/dossiers/%s/" % d1, "/dossiers/%s/" % d2, "/dossiers/%s?" % d1, "/dossiers/%s?" % d2]
BYTES = [sealed, lookup, privacy_setup.attachment("SEMTEKST", 1).hex().upper()]
cols = st.sql("SELECT table_name, column_name, data_type FROM information_schema.columns "
              "WHERE table_schema = 'ddd' ORDER BY 1, ordinal_position")
found, walked = [], 0
for table, col, dtype in cols:
    where = []
    if col in ACCOUNT_REFS or (table == "account" and col == "id"):
        where.append("`%s` = %s" % (col, sid))
    if col in DOSSIER_REFS or (table == "dossier" and col == "id"):
        where.append("`%s` IN (%s, %s)" % (col, d1, d2))
    if dtype in ("char", "varchar", "text", "mediumtext", "longtext", "enum"):
        where += ["`%s` LIKE '%%%s%%'" % (col, t) for t in TEXTS]
        where.append("`%s` = '1001'" % col)
        where.append("`%s` LIKE '%%<leerlingnummer>1001<%%'" % col)
    if dtype in ("date", "datetime"):
        where.append("`%s` = '2010-03-14'" % col)
    if dtype in ("binary", "varbinary", "blob", "mediumblob", "longblob"):
        where += ["INSTR(`%s`, UNHEX('%s')) > 0" % (col, b) for b in BYTES if b]
    if not where:
        continue
    walked += 1
    n = one("SELECT COUNT(*) FROM `%s` WHERE %s" % (table, " OR ".join(where)))
    if n != "0":
        found.append("%s.%s: %s rows" % (table, col, n))
ok(walked > 100, "walked every table and column of the schema (%d columns)" % walked)
is_(found, [], "nothing of the student left in any table")
# Some tables by name, to be plain about it.
for table, cond in (("account", "id = " + sid), ("dossier", "student_id = " + sid),
                    ("answer", "dossier_id IN (%s, %s)" % (d1, d2)),
                    ("bijlage", "dossier_id IN (%s, %s)" % (d1, d2)),
                    ("document", "dossier_id IN (%s, %s)" % (d1, d2)),
                    ("outbox", "account_id = " + sid), ("session", "account_id = " + sid),
                    ("activation", "account_id = " + sid)):
    is_(one("SELECT COUNT(*) FROM %s WHERE %s" % (table, cond)), "0", "%s: gone" % table)

# --- the others ----------------------------------------------------------------
after = classmate()
for k in before:
    is_(after[k], before[k], "the classmate's %s: as it was" % k)
n = fixture.login(st, "de-brug", "1002")
is_(n.get("/dossiers").status, 200, "the classmate works on")
roc = fixture.login(st, "roc-rijnland", privacy_setup.MBO_USER)
r = roc.get("/mbo/dossiers")
ok("Sem de Vries" not in r.text and "Noor Bakker" in r.text,
   "the college's list has the classmate, not the erased student")
is_(roc.get("/mbo/dossiers/%s" % d1).status, 404, "the erased dossier is not found")
is_(c.get("/").status, 303, "the erased student's session is gone")

# --- the decaan's logboek ---------------------------------------------------------
r = d.get("/portal/logboek?verwijderd=1")
text = " ".join(re.sub(r"<[^>]+>", " ", r.text).split())
contains(text, "De leerling is verwijderd", "the logboek says it is done")
contains(text, "leerling verwijderd", "with the row")
contains(text, "verwijderde leerling (pseudoniem %s)" % pseudo[:12], "about a pseudonym")
ok("Sem" not in text and "SEMTEKST" not in text, "and no word of the student")
r = d.get("/portal/leerlingen/%s/verwijderen" % sid)
is_(r.status, 404, "the student is not found any more")
done()
