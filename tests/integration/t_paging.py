"""Lists a page at a time (issue 15): Mijn Leerlingen (a class, 'Alle
klassen', a search, the mentor's), 'Dossiers in deel B' (decaan and
mentor) and the MBO's afgeronde dossiers show at most 100 rows, with
plain links to the page before and after that keep the class and the
search; every row is on exactly one page; a page number that is not one
gives page 1 with a Dutch message."""
import html
import os
import re
import sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done  # noqa: E402
import fixture  # noqa: E402

st = fixture.start("paging")
fixture.import_demo(st)
one = lambda q: st.sql(q)[0][0]  # noqa: E731
brug = one("SELECT id FROM tenant WHERE slug = 'de-brug'")
roc = one("SELECT id FROM tenant WHERE slug = 'roc-rijnland'")
joost = one("SELECT id FROM account WHERE login = 'j.bakker@debrug.example'")
# 250 students in class 4Z1 (Joost mentors it too), 'Paging' in 120 names.
st.sql("INSERT INTO account (tenant_id, role, login, roepnaam, achternaam, klas, leerjaar) "
       "SELECT %s, 'leerling', CONCAT('pg', seq), 'Leerling', CONCAT(IF(seq <= 120, 'Paging ', "
       "'Anders '), LPAD(seq, 3, '0')), '4Z1', 4 FROM seq_1_to_250" % brug)
st.sql("INSERT INTO mentor_class (tenant_id, klas, account_id) VALUES (%s, '4Z1', %s)"
       % (brug, joost))
# 130 of them in deel B with Joost, 130 afgerond for ROC Rijnland.
st.sql("INSERT INTO dossier (tenant_id, student_id, phase, version, mentor_id, mbo_tenant_id, "
       "created_by, updated_at) SELECT %s, id, 'deel_b', 1, %s, %s, id, NOW() - INTERVAL "
       "SUBSTRING(login, 3) MINUTE FROM account WHERE tenant_id = %s AND login LIKE 'pg%%' AND "
       "SUBSTRING(login, 3) + 0 <= 130" % (brug, joost, roc, brug))
st.sql("INSERT INTO dossier (tenant_id, student_id, phase, version, mentor_id, mbo_tenant_id, "
       "created_by, phase_at) SELECT %s, id, 'afgerond', 2, %s, %s, id, NOW() - INTERVAL "
       "SUBSTRING(login, 3) MINUTE FROM account WHERE tenant_id = %s AND login LIKE 'pg%%' AND "
       "SUBSTRING(login, 3) + 0 > 120" % (brug, joost, roc, brug))
st.sql("INSERT INTO akkoordverklaring (dossier_id, tenant_id, version, student_id, agreed_at) "
       "SELECT id, tenant_id, version, student_id, phase_at FROM dossier WHERE "
       "phase = 'afgerond' AND mbo_tenant_id = %s" % roc)


def rows(text, attr="nr"):
    """The students (their leerlingnummer) or dossiers of a list page."""
    if attr == "nr":
        return re.findall(r'/portal/leerlingen/(\d+)/(?:mail|deel-b-starten)', text) or \
            re.findall(r'<tr>\s*<th scope="row">([^<]*)', text)
    return re.findall(attr, text)


def links(text):
    """The paging links: rel -> href (unescaped)."""
    nav = re.search(r'<nav class="paging"[^>]*>(.*?)</nav>', text, re.S)
    if not nav:
        return {}
    return {m.group(2): html.unescape(m.group(1))
            for m in re.finditer(r'<a href="([^"]*)" rel="(prev|next)"', nav.group(1))}


def walk(client, first, pattern):
    """Every page from first on by its 'next' link: the rows of each."""
    pages, url = [], first
    while url and len(pages) < 10:
        r = client.get(url)
        if r.status != 200:
            ok(False, "%s answered %d" % (url, r.status))
            break
        pages.append((url, re.findall(pattern, r.text), links(r.text), r.text))
        url = links(r.text).get("next")
    return pages


STUDENT = r'<tr>\s*<th scope="row">([^<]*)'
dec = fixture.login(st, "de-brug", "m.vandenberg@debrug.example")
pages = walk(dec, "/portal/leerlingen?klas=4Z1", STUDENT)
is_([len(p[1]) for p in pages], [100, 100, 50], "a class of 250: pages of 100, 100 and 50")
ok(all("klas=4Z1" in p[0] for p in pages), "the class is kept in the links",
   [p[0] for p in pages])
names = [n for p in pages for n in p[1]]
is_(len(set(names)), 250, "every student of the class on exactly one page")
is_(links(pages[1][3]).get("prev"), "/portal/leerlingen?klas=4Z1&zoek=&pagina=1",
    "page 2 links back to page 1 with the same choice")
ok("next" not in links(pages[2][3]), "the last page has no next link")
contains(pages[0][3], '<nav class="paging" aria-label="Pagina\'s">',
         "the links are a labelled navigation")

pages = walk(dec, "/portal/leerlingen?klas=4Z1&zoek=paging", STUDENT)
is_([len(p[1]) for p in pages], [100, 20], "a search: 120 found, pages of 100 and 20")
ok(all("zoek=paging" in p[0] for p in pages[1:]), "the search is kept in the links",
   [p[0] for p in pages])

r = dec.get("/portal/leerlingen?klas=")
is_(len(re.findall(STUDENT, r.text)), 100, "'Alle klassen': the first 100 of the school")
ok(links(r.text).get("next", "").startswith("/portal/leerlingen?klas=&zoek=&pagina=2"),
   "'Alle klassen' kept in the next link", links(r.text))
total = int(one("SELECT COUNT(*) FROM account WHERE tenant_id = %s AND role = 'leerling'"
                % brug))
pages = walk(dec, "/portal/leerlingen?klas=", STUDENT)
is_(sum(len(p[1]) for p in pages), total, "'Alle klassen': every student of the school")

r = dec.get("/portal/leerlingen?klas=4Z1&pagina=abc")
is_(len(re.findall(STUDENT, r.text)), 100, "a page number that is not one: page 1")
contains(r.text, "Dit paginanummer bestaat niet; u ziet de eerste pagina.",
         "with a Dutch message")

men = fixture.login(st, "de-brug", "j.bakker@debrug.example")
pages = walk(men, "/portal/leerlingen?klas=4Z1", STUDENT)
is_([len(p[1]) for p in pages], [100, 100, 50], "the mentor's class of 250, paged the same")

DOSSIER = r'href="/portal/dossiers/(\d+)/deel-b/1"'
for who, client in (("decaan", dec), ("mentor", men)):
    pages = walk(client, "/portal/deel-b", DOSSIER)
    is_([len(p[1]) for p in pages], [100, 30], "deel B, the %s: 130 in pages of 100 and 30" % who)
    is_(len(set(d for p in pages for d in p[1])), 130, "deel B, the %s: each dossier once" % who)

mbo = fixture.login(st, "roc-rijnland", "a.kuipers@rocrijnland.example")
pages = walk(mbo, "/mbo/dossiers", r'href="/mbo/dossiers/(\d+)"')
is_([len(p[1]) for p in pages], [100, 30], "the MBO's afgeronde dossiers: pages of 100 and 30")
newest = st.sql("SELECT id FROM dossier WHERE mbo_tenant_id = %s AND phase = 'afgerond' "
                "ORDER BY phase_at DESC, id DESC" % roc)
is_([d for p in pages for d in p[1]], [x[0] for x in newest], "newest first, each once")
done()
