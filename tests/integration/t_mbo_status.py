"""The MBO tells the school where the student stands: only a user of the
chosen, participating college, only once afgerond; each change is a history
event; the school's Mijn Leerlingen and dashboard show it, with the median
days from 'Nieuw dossier' to 'ontvangen'."""
import os, re, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture, dossiers

st = fixture.start("mbo-status")
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")

sem, t, did = dossiers.afgerond(st, fixture, "1001", "j.bakker@debrug.example")
noor, t2, open_id = dossiers.to_akkoord(st, fixture, "1002", "j.bakker@debrug.example")

roc = fixture.login(st, "roc-rijnland", "a.kuipers@rocrijnland.example")
r = roc.get("/mbo/dossiers/%s" % did)
contains(r.text, 'action="/mbo/dossiers/%s/status"' % did, "the MBO's page has the status form")
contains(r.text, "nog niet gemeld door de mbo-school", "no status yet")
rt = fixture.csrf(r)


def status(client, dossier, value, reden="", token=None):
    return client.post("/mbo/dossiers/%s/status" % dossier,
                       {"csrf": token or rt, "status": value, "reden": reden})


def column(col, dossier):
    return st.sql("SELECT COALESCE(%s, '') FROM dossier WHERE id = %s" % (col, dossier))[0][0]


# Backdate the start so the median is a known number of days.
st.sql("UPDATE dossier SET created_at = NOW() - INTERVAL 10 DAY WHERE id = " + did)
r = status(roc, did, "ontvangen")
is_(r.status, 303, "'ontvangen' saved")
is_(column("mbo_status", did), "ontvangen", "stored")
received = column("mbo_received_at", did)
ok(received != "", "the moment it reached the college is kept")
r = roc.get(r.header("Location"))
contains(r.text, "De stand is opgeslagen", "a notice")
r = status(roc, did, "intake_gepland")
is_(column("mbo_status", did), "intake_gepland", "'intake gepland'")
is_(column("mbo_received_at", did), received, "received stays the first moment")

# Bad input: the page again, nothing changed.
r = status(roc, did, "niet_geplaatst", "   ")
is_(r.status, 422, "'niet geplaatst' without a reason: refused")
contains(r.text, "Schrijf bij", "with what to do")
contains(r.text, 'value="niet_geplaatst" selected', "the choice stays on the page")
is_(column("mbo_status", did), "intake_gepland", "nothing changed")
r = status(roc, did, "verzonnen")
is_(r.status, 422, "an unknown status: refused")
contains(r.text, "Kies waar de leerling staat", "with a message")
r = status(roc, did, "niet_geplaatst", "x" * 501)
is_(r.status, 422, "a reason over 500 characters: refused")
r = status(roc, did, "niet_geplaatst", "Opleiding vol; <b>wachtlijst</b> & \"later\"")
is_(r.status, 303, "'niet geplaatst' with a reason")
is_(column("mbo_status_reden", did), 'Opleiding vol; <b>wachtlijst</b> & "later"', "the reason kept")

events = st.sql("SELECT kind, note, tenant_id FROM dossier_event WHERE dossier_id = %s AND "
                "kind = 'mbo_status' ORDER BY id" % did)
is_(len(events), 3, "each change is an event in the dossier's history")
school = st.sql("SELECT tenant_id FROM dossier WHERE id = " + did)[0][0]
ok(all(e[2] == school for e in events), "in the school's history")
contains(events[-1][1] if events else "", "ROC Rijnland Vakcollege: niet geplaatst - Opleiding vol",
         "naming the college, the status and the reason")

# Refused: before afgerond, another college, a school user.
r = status(roc, open_id, "ontvangen")
is_(r.status, 404, "before afgerond: not found")
is_(column("mbo_status", open_id), "", "and nothing stored")
tco = fixture.login(st, "techniek-college-oost", "h.mulder@tcoost.example")
r = status(tco, did, "geplaatst", token=fixture.csrf(tco.get("/mbo/dossiers")))
is_(r.status, 404, "another college: not found")
m = fixture.login(st, "de-brug", "j.bakker@debrug.example")
mt = fixture.csrf(m.get("/"))
is_(status(m, did, "geplaatst", token=mt).status, 403, "a mentor may not set it")
d = fixture.login(st, "de-brug", "m.vandenberg@debrug.example")
is_(status(d, did, "geplaatst", token=fixture.csrf(d.get("/"))).status, 403,
    "nor the decaan")
is_(status(sem, did, "geplaatst", token=t).status, 403, "nor the student")
is_(column("mbo_status", did), "niet_geplaatst", "still the college's last word")
r = roc.post("/mbo/dossiers/%s/status" % did, {"status": "geplaatst"})
is_(r.status, 403, "without the CSRF token: refused")

# The school sees it.
r = d.get("/portal/leerlingen")
text = " ".join(r.text.split())
contains(text, "mbo: niet geplaatst (Opleiding vol; &lt;b&gt;wachtlijst&lt;/b&gt; &amp; \"later\")",
         "Mijn Leerlingen: the status and the reason, escaped")
r = d.get("/portal/dashboard")
text = " ".join(r.text.split())
contains(text, "Bij de mbo-school", "the dashboard's MBO section")
contains(text, "mediaan <strong>10 dagen</strong>", "median days from 'Nieuw dossier' to 'ontvangen'")
r = d.get("/portal/dossiers/%s" % did)
contains(" ".join(r.text.split()), "stand bij de mbo-school", "the verloop names the change")
r = roc.get("/mbo/dossiers")
contains(r.text, "niet geplaatst", "the MBO's list shows the status")

# A second dossier received after 3 days: the median of 10 and 3 is 6,5.
sem3, t3, did3 = dossiers.afgerond(st, fixture, "1003", "j.bakker@debrug.example")
st.sql("UPDATE dossier SET created_at = NOW() - INTERVAL 3 DAY WHERE id = " + did3)
is_(status(roc, did3, "ontvangen").status, 303, "a second dossier received")
r = d.get("/portal/dashboard")
contains(" ".join(r.text.split()), "mediaan <strong>6,5 dagen</strong> (2 dossiers)",
         "the median of two")

done()
