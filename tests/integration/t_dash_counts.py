"""The decaan's dashboard per class (issue 15): the counts come from
dossier.klas, the student's class copied onto each dossier by the server
(schema/sql/0027).  After every kind of change they are the counts of the
dossiers as they are, by the students' classes as they are: dossiers made
through the pages and by SQL, the transitions, 'terugzetten', archive and
reactivate, a class change by a student list, the retention purge, an
erasure; and a dossier started while the student's class changes gets the
new class.  The median days to the college's first status is counted
from how many dossiers took how many days."""
import html
import os
import re
import subprocess
import sys
import threading
import time
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, done  # noqa: E402
import fixture  # noqa: E402
import dossiers  # noqa: E402

PHASES = {"deel A invullen": "deel_a", "deel B (bij de mentor)": "deel_b",
          "akkoordverklaring invullen": "akkoord", "afgerond": "afgerond"}
MENTOR = "j.bakker@debrug.example"

st = fixture.start("dash_counts")
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")
one = lambda q: st.sql(q)[0][0]  # noqa: E731
brug = one("SELECT id FROM tenant WHERE slug = 'de-brug'")
dec = fixture.login(st, "de-brug", "m.vandenberg@debrug.example")


def page_counts():
    """{(klas, phase): n} from the dashboard's picture per class."""
    r = dec.get("/portal/dashboard")
    m = re.search(r'<title id="klas-title">Dossiers per klas en fase: ([^<]*)</title>', r.text)
    out = {}
    if not m:
        return out
    for part in html.unescape(m.group(1)).split("; "):
        klas, _, rest = part.rpartition(": ")
        for item in rest.split(", "):
            n, _, name = item.partition(" ")
            if int(n) > 0:
                out[(klas, PHASES[name])] = int(n)
    return out


def truth():
    """The same counts from the dossiers and the students' classes."""
    return {(k, p): int(n) for k, p, n in st.sql(
        "SELECT COALESCE(a.klas, ''), d.phase, COUNT(*) FROM dossier d JOIN account a ON "
        "a.id = d.student_id WHERE d.tenant_id = %s AND d.archived = 0 GROUP BY 1, 2" % brug)}


def class_choice(client=None, path="/portal/leerlingen?klas="):
    """{klas: n} from the class choice of Mijn Leerlingen (the decaan's
    unless another client is given; '' for 'Alle klassen')."""
    r = (client or dec).get(path)
    out = {}
    for value, text in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', r.text):
        m = re.search(r"\((\d+)\)$", html.unescape(text))
        if m:
            # A class is one option whatever its spelling ('4y1', '4Y1'):
            # the database groups them; a second option is an error.
            key = html.unescape(value).upper()
            out[key + ("#twice" if key in out else "")] = int(m.group(1))
    return out


def students_truth(which=None):
    """The same from the accounts (the school's, or those `which`
    says): per class, and all ('')."""
    rows = st.sql("SELECT COALESCE(klas, ''), COUNT(*) FROM account WHERE %s AND "
                  "role = 'leerling' GROUP BY 1" % (which or "tenant_id = %s" % brug))
    out = {k.upper(): int(n) for k, n in rows if k != ""}
    out[""] = sum(int(n) for _, n in rows)
    return out


def agree(what):
    got, want = page_counts(), truth()
    is_(got, want, "%s: the counts per class are the dossiers' (%d dossiers)"
        % (what, sum(want.values())))
    # The class sizes (migration 0035: kept by triggers on account) are
    # the accounts', on the page and in every school's rows.
    is_(class_choice(), students_truth(), "%s: the class choice counts the students as they are"
        % what)
    is_(sorted(st.sql("SELECT tenant_id, UPPER(klas), students FROM class_size WHERE "
                      "students <> 0")),
        sorted(st.sql("SELECT tenant_id, UPPER(COALESCE(klas, '')), COUNT(*) FROM account WHERE "
                      "role = 'leerling' GROUP BY 1, 2")),
        "%s: every school's class sizes are its students'" % what)
    # The dashboard's counters (migration 0036: kept by triggers on
    # dossier) are the dossiers', in every school's rows.
    is_(sorted(st.sql("SELECT tenant_id, UPPER(klas), phase, dossiers FROM dossier_tally WHERE "
                      "dossiers <> 0")),
        sorted(st.sql("SELECT tenant_id, UPPER(COALESCE(klas, '')), phase, COUNT(*) FROM dossier "
                      "WHERE archived = 0 GROUP BY 1, 2, 3")),
        "%s: every school's counters per class and phase are its dossiers'" % what)
    is_(sorted(st.sql("SELECT tenant_id, mbo_status, days, dossiers FROM afgerond_tally WHERE "
                      "dossiers <> 0")),
        sorted(st.sql("SELECT tenant_id, COALESCE(mbo_status, ''), COALESCE(DATEDIFF("
                      "mbo_received_at, created_at), -1), COUNT(*) FROM dossier WHERE archived = 0 "
                      "AND phase = 'afgerond' GROUP BY 1, 2, 3")),
        "%s: every school's counters per MBO status and days are its afgeronde dossiers'" % what)
    # And the page's figures per phase are the dossiers' too.
    r = dec.get("/portal/dashboard")
    want = dict(st.sql("SELECT phase, COUNT(*) FROM dossier WHERE tenant_id = %s AND "
                       "archived = 0 GROUP BY 1" % brug))
    got = {ph: m for ph, m in zip(("deel_a", "deel_b", "akkoord", "afgerond"), [
        (re.search(t + r'</h2><p class="big">(\d+)</p>', r.text) or [None, None])[1]
        for t in ("Dossiers in deel A", "Dossiers in deel B", "Dossiers in akkoordverklaring",
                  "Afgeronde dossiers")])}
    is_(got, {ph: want.get(ph, "0") for ph in got}, "%s: the figures per phase" % what)


def student(nr):
    return one("SELECT id FROM account WHERE tenant_id = %s AND login = '%s'" % (brug, nr))


# Dossiers through the pages: one to the akkoordverklaring (4K1), one
# afgerond, one in deel A; twenty more by SQL in two other classes.
c1, t1, d1 = dossiers.to_akkoord(st, fixture, "1001", MENTOR)
c2, t2, d2 = dossiers.afgerond(st, fixture, "1002", MENTOR)
c3 = fixture.login(st, "de-brug", "1003")
t3 = fixture.csrf(c3.get("/dossiers"))
r = c3.post("/dossiers/nieuw", {"csrf": t3})
d3 = re.search(r"/dossiers/(\d+)/", r.header("Location")).group(1)
st.sql("INSERT INTO account (tenant_id, role, login, roepnaam, achternaam, klas, leerjaar) "
       "SELECT %s, 'leerling', CONCAT('dc', seq), 'Leerling', CONCAT('Telling ', seq), "
       "IF(seq <= 12, '4Y1', '4Y2'), 4 FROM seq_1_to_20" % brug)
st.sql("INSERT INTO dossier (tenant_id, student_id, phase, version, created_by) SELECT "
       "tenant_id, id, ELT(1 + id % 3, 'deel_a', 'deel_b', 'akkoord'), 1, id FROM account "
       "WHERE tenant_id = " + str(brug) + " AND login LIKE 'dc%'")
is_(one("SELECT COUNT(*) FROM dossier d JOIN account a ON a.id = d.student_id WHERE "
        "NOT (d.klas <=> a.klas)"), "0", "every dossier carries its student's class")
agree("dossiers made through the pages and by SQL")

# Transitions: deel A sent to the mentor; the akkoordverklaring given;
# deel B sent back to the student ('terugzetten').
codes = dossiers.fill(c3, lambda n: "/dossiers/%s/stap/%d" % (d3, n), ["deel-a"], t3)
ok(all(x == 303 for x in codes), "deel A filled", codes)
mid = one("SELECT id FROM account WHERE login = '%s'" % MENTOR)
is_(c3.post("/dossiers/%s/opsturen" % d3, {"csrf": t3, "mentor": mid}).status, 303,
    "deel A sent to the mentor")
agree("after deel A was sent")
v = one("SELECT version FROM dossier WHERE id = " + d1)
is_(c1.post("/dossiers/%s/akkoord" % d1, {"csrf": t1, "versie": v, "actie": "akkoord",
                                          "akkoord": "ja", "ouder_naam": "Ouder",
                                          "ouder_relatie": "moeder",
                                          "ouder_akkoord": "ja"}).status, 303,
    "the akkoordverklaring given")
agree("after an akkoordverklaring")
m = fixture.login(st, "de-brug", MENTOR)
mt = fixture.csrf(m.get("/portal/dossiers/%s" % d3))
r = m.post("/portal/dossiers/%s/terugzetten" % d3, {"csrf": mt, "reden": "Vul je stage aan."})
is_(r.status, 303, "deel B sent back to the student")
agree("after 'terugzetten'")

# Archive and reactivate.
mt = fixture.csrf(m.get("/portal/dossiers/%s" % d3))
r = m.post("/portal/dossiers/%s/archiveren" % d3, {"csrf": mt})
is_((r.status, one("SELECT archived FROM dossier WHERE id = " + d3)), (303, "1"), "archived")
agree("after archiving")
t3 = fixture.csrf(c3.get("/dossiers"))
r = c3.post("/dossiers/%s/activeren" % d3, {"csrf": t3})
is_((r.status, one("SELECT archived FROM dossier WHERE id = " + d3)), (303, "0"), "reactivated")
agree("after reactivating")

# A class change by the school's student list: 1001 to 5H1.
csv = st.path("klas.csv")
with open(os.path.join(os.environ.get("DDD_SRCDIR", "."), "tenants", "demo",
                       "leerlingen-de-brug.csv"), encoding="utf-8") as f:
    lines = f.read().splitlines()
with open(csv, "w", encoding="utf-8") as f:
    for ln in lines:
        if ln.startswith("1001;"):
            cells = ln.split(";")
            cells[5] = "5H1"
            ln = ";".join(cells)
        f.write(ln + "\n")
    # And a new student in a new class.
    f.write("1999;Nieuw;;Leerling;01-01-2010;5H7;5;nieuw@leerling.debrug.example\n")
changed = one("SELECT updated_at FROM dossier WHERE id = " + d1)
st.dddctl("import", "de-brug", csv)
is_(one("SELECT klas FROM dossier WHERE id = " + d1), "5H1",
    "the student list moved the dossier with its student")
is_(one("SELECT updated_at FROM dossier WHERE id = " + d1), changed,
    "(its 'last changed' untouched)")
agree("after a class change and a new student by the student list")

# Retention: the purge removes dossiers of long ago.
st.sql("UPDATE dossier SET updated_at = NOW() - INTERVAL 10 YEAR WHERE tenant_id = %s AND "
       "student_id IN (SELECT id FROM account WHERE login LIKE 'dc1%%')" % brug)
st.sql("UPDATE dossier_event SET at = NOW() - INTERVAL 10 YEAR WHERE dossier_id IN (SELECT d.id "
       "FROM dossier d JOIN account a ON a.id = d.student_id WHERE a.login LIKE 'dc1%')")
before = one("SELECT COUNT(*) FROM dossier WHERE tenant_id = %s" % brug)
st.dddctl("purge")
after = one("SELECT COUNT(*) FROM dossier WHERE tenant_id = %s" % brug)
ok(int(after) < int(before), "the purge removed dossiers (%s -> %s)" % (before, after))
agree("after the purge")

# An erasure: a student's dossiers and account removed.
gone = student("dc2")
st.sql("DELETE FROM dossier WHERE student_id = %s" % gone)
st.sql("DELETE FROM account WHERE id = %s" % gone)
agree("after an erasure")

# A dossier started while the student's class changes: the start waits
# for the change and takes the new class (a shared lock on the student).
s5 = student("dc5")
sock = st.dbsock


def hold():
    subprocess.run(["mariadb", "--no-defaults", "--socket=" + sock, "-uroot", "ddd", "-e",
                    "START TRANSACTION; UPDATE account SET klas = '4Y9' WHERE id = %s; "
                    "DO SLEEP(1.5); COMMIT;" % s5], check=True)


th = threading.Thread(target=hold)
th.start()
time.sleep(0.5)
st.sql("INSERT INTO dossier (tenant_id, student_id, phase, version, created_by) VALUES "
       "(%s, %s, 'deel_a', 1, %s)" % (brug, s5, s5))
th.join()
is_(sorted(set(r[0] for r in st.sql("SELECT klas FROM dossier WHERE student_id = %s" % s5))),
    ["4Y9"], "both of the student's dossiers are in the new class")
agree("after a start during a class change")

# The median days to the college's first status, counted from how many
# dossiers took how many days: 2, 2, 5, 9 days, then one more of 2.
st.sql("INSERT INTO account (tenant_id, role, login, roepnaam, achternaam, klas) SELECT %s, "
       "'leerling', CONCAT('md', seq), 'Leerling', 'Mediaan', '4Y3' FROM seq_1_to_5" % brug)
for nr, days in (("md1", 2), ("md2", 2), ("md3", 5), ("md4", 9)):
    st.sql("INSERT INTO dossier (tenant_id, student_id, phase, version, created_by, created_at, "
           "mbo_received_at) VALUES (%s, %s, 'afgerond', 2, %s, NOW() - INTERVAL %d DAY, NOW())"
           % (brug, student(nr), student(nr), days))
text = " ".join(dec.get("/portal/dashboard").text.split())
ok("mediaan <strong>3,5 dagen</strong> (4 dossiers)" in text, "median of 2, 2, 5, 9 days: 3,5",
   re.findall(r"mediaan.{0,60}", text))
st.sql("INSERT INTO dossier (tenant_id, student_id, phase, version, created_by, created_at, "
       "mbo_received_at) VALUES (%s, %s, 'afgerond', 2, %s, NOW() - INTERVAL 2 DAY, NOW())"
       % (brug, student("md5"), student("md5")))
text = " ".join(dec.get("/portal/dashboard").text.split())
ok("mediaan <strong>2 dagen</strong> (5 dossiers)" in text, "median of 2, 2, 2, 5, 9 days: 2",
   re.findall(r"mediaan.{0,60}", text))
agree("with afgeronde dossiers")

# A mentor's dashboard is one statement grouped by phase, class, MBO status
# and days, added up by the page: the same figures as counting his
# dossiers (his classes' students', those he was chosen for or started).
# Put him over 4Y3 (the median's dossiers) and 4Y1 as well.
joost = one("SELECT id FROM account WHERE tenant_id = %s AND login = '%s'" % (brug, MENTOR))
st.sql("INSERT IGNORE INTO mentor_class (tenant_id, account_id, klas) VALUES (%s, %s, '4Y3'), "
       "(%s, %s, '4Y1')" % (brug, joost, brug, joost))
st.sql("UPDATE dossier SET mbo_status = 'intake_gepland' WHERE tenant_id = %s AND phase = 'afgerond' "
       "AND student_id IN (SELECT id FROM account WHERE login IN ('md1', 'md3'))" % brug)
agree("after an MBO status change by SQL")
mine = ("(SELECT d.id FROM dossier d JOIN account a ON a.id = d.student_id JOIN mentor_class mc "
        "ON mc.tenant_id = a.tenant_id AND mc.klas = a.klas AND mc.account_id = %s UNION SELECT id "
        "FROM dossier WHERE mentor_id = %s OR created_by = %s)" % (joost, joost, joost))
want = {(k, p): int(n) for k, p, n in st.sql(
    "SELECT COALESCE(d.klas, ''), d.phase, COUNT(*) FROM dossier d WHERE d.id IN %s AND "
    "d.archived = 0 GROUP BY 1, 2" % mine)}
mc = fixture.login(st, "de-brug", MENTOR)
saved_dec, dec = dec, mc
is_(page_counts(), want, "the mentor: the counts per class are his dossiers' (%d)"
    % sum(want.values()))
r = mc.get("/portal/dashboard")
phase_want = {p: int(n) for p, n in st.sql(
    "SELECT d.phase, COUNT(*) FROM dossier d WHERE d.id IN %s AND d.archived = 0 GROUP BY 1"
    % mine)}
for title, ph in (("Dossiers in deel A", "deel_a"), ("Dossiers in deel B", "deel_b"),
                  ("Dossiers in akkoordverklaring", "akkoord"), ("Afgeronde dossiers", "afgerond")):
    m = re.search(title + r'</h2><p class="big">(\d+)</p>', r.text)
    is_(int(m.group(1)) if m else None, phase_want.get(ph, 0), "the mentor: %s" % title)
text = " ".join(r.text.split())
ok("mediaan <strong>2 dagen</strong> (5 dossiers)" in text, "the mentor: the median of his five",
   re.findall(r"mediaan.{0,60}", text))
statuses = {s: int(n) for s, n in st.sql(
    "SELECT COALESCE(d.mbo_status, ''), COUNT(*) FROM dossier d WHERE d.id IN %s AND "
    "d.archived = 0 AND d.phase = 'afgerond' GROUP BY 1" % mine)}
ok(statuses.get("intake_gepland") == 2, "two of his afgeronde dossiers have an intake planned", statuses)
sect = text.split('id="mbo-stand-kop"')[1].split("</table>")[0]
is_(sorted(int(x) for x in re.findall(r"<td[^>]*>(\d+)</td>", sect)), sorted(statuses.values()),
    "the mentor: afgeronde dossiers per MBO status")
dec = saved_dec
roc = fixture.login(st, "roc-rijnland", "a.kuipers@rocrijnland.example")
rr = roc.get("/mbo/dossiers/%s" % d2)
for stand in ("ontvangen", "intake_gepland"):
    is_(roc.post("/mbo/dossiers/%s/status" % d2, {"csrf": fixture.csrf(rr), "status": stand,
                                                 "reden": ""}).status, 303,
        "the college: '%s'" % stand)
agree("after MBO status changes by the college")

# The mentor's Mijn Leerlingen.  Opened without a choice, his list fits a
# page and the class choice is counted from it (one statement, not two);
# with a class chosen, or a list that does not fit, the database counts.
# Either way the numbers are those of his students: his classes', and
# those he was chosen for or started.
his = ("SELECT a.id FROM account a JOIN mentor_class mc ON mc.tenant_id = a.tenant_id AND "
       "mc.klas = a.klas AND mc.account_id = %s WHERE a.role = 'leerling' UNION SELECT student_id "
       "FROM dossier WHERE mentor_id = %s OR created_by = %s" % (joost, joost, joost))


def his_truth():
    return students_truth("id IN (%s)" % his)


want = his_truth()
ok(want[""] <= 100 and len(want) > 2, "the mentor has %d students in %d classes" % (want[""], len(want) - 1))
is_(class_choice(mc, "/portal/leerlingen"), want,
    "the mentor's list as opened: the class choice counted from the list")
r = mc.get("/portal/leerlingen")
is_(len(re.findall(r'<tr><th scope="row">', r.text)), want[""], "all his students on the page")
is_(class_choice(mc, "/portal/leerlingen?klas=4Y1"), want,
    "with a class chosen: the same numbers, counted by the database")
st.sql("INSERT INTO account (tenant_id, role, login, roepnaam, achternaam, klas, leerjaar) "
       "SELECT %s, 'leerling', CONCAT('vol', seq), 'Leerling', CONCAT('Vol ', seq), '4Y3', 4 "
       "FROM seq_1_to_110" % brug)
want = his_truth()
is_(class_choice(mc, "/portal/leerlingen"), want,
    "more than a page (%d students): the database counts, the same numbers" % want[""])
r = mc.get("/portal/leerlingen")
ok(len(re.findall(r'<tr><th scope="row">', r.text)) == 100 and "Volgende 100" in r.text,
   "and the first 100 are shown, with a next page")
agree("after a hundred more students")

# A change of spelling only: one of his 4Y1 students in '4y1'.  The
# mentor's list as opened has two spellings of one class, so the database
# counts it (one option); the class sizes move the student all the same.
st.sql("DELETE FROM account WHERE tenant_id = %s AND login LIKE 'vol%%'" % brug)
respelled = one("SELECT MIN(id) FROM account WHERE tenant_id = %s AND klas = '4Y1' AND "
                "role = 'leerling'" % brug)
st.sql("UPDATE account SET klas = '4y1' WHERE id = %s" % respelled)
is_(class_choice(mc, "/portal/leerlingen"), his_truth(),
    "two spellings of a class in his list: one option, counted by the database")
agree("after a change of spelling only")

# Transitions the other way round in one class at once, many times (four
# dossiers to deel B and back while four others go to deel A and back): the counters' triggers take the lower key first, so the two
# wait for each other and never deadlock; the counts stay right.
st.sql("INSERT INTO account (tenant_id, role, login, roepnaam, achternaam, klas) SELECT %s, "
       "'leerling', CONCAT('tw', seq), 'Leerling', 'Tegen', '4Y7' FROM seq_1_to_8" % brug)
st.sql("INSERT INTO dossier (tenant_id, student_id, phase, version, created_by) SELECT "
       "tenant_id, id, IF(login < 'tw5', 'deel_a', 'deel_b'), 1, id FROM account WHERE "
       "tenant_id = %s AND login LIKE 'tw_'" % brug)
errors = []


def flip(login):
    did = one("SELECT d.id FROM dossier d JOIN account a ON a.id = d.student_id WHERE "
              "a.login = '%s'" % login)
    script = ("UPDATE dossier SET phase = IF(phase = 'deel_a', 'deel_b', 'deel_a') "
              "WHERE id = %s;\n" % did) * 300
    r = subprocess.run(["mariadb", "--no-defaults", "--socket=" + sock, "-uroot", "ddd",
                        "--force"], input=script, capture_output=True, text=True)
    if r.returncode != 0 or r.stderr:
        errors.append(r.stderr.strip()[:300])


ths = [threading.Thread(target=flip, args=("tw%d" % x,)) for x in range(1, 9)]
for th in ths:
    th.start()
for th in ths:
    th.join()
is_(errors, [], "2,400 transitions, half of them the other way round, in one class at once: "
    "no deadlock, no error")
agree("after transitions the other way round at once")
done()
