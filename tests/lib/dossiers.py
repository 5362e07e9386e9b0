"""Filling the forms of a dossier through the real pages, from the form
definitions themselves (schema/forms), for the dossier tests."""
import os
import xml.etree.ElementTree as ET

from stack import SRCDIR

NS = "{urn:ddd:form:1}"
MBO = "roc-rijnland"    # the college the filled-in deel A chooses


def steps(form_id):
    root = ET.parse(os.path.join(SRCDIR, "schema", "forms", form_id + ".xml")).getroot()
    return root.findall(NS + "step")


TNS = "{urn:ddd:tenant:1}"


def addendum(school):
    """The regional addendum's deel A questions of a school's tenant file."""
    path = os.path.join(SRCDIR, "tenants", school + ".xml")
    if not os.path.exists(path):
        return []
    root = ET.parse(path).getroot()
    extra = root.find(TNS + "extra-questions")
    return [q for q in (extra.findall(TNS + "question") if extra is not None else [])
            if q.get("part") == "deel_a"]


def good_value(q):
    t = q.get("type")
    opts = [o.get("value") for o in q.findall(NS + "option")] + \
        [o.get("value") for o in q.findall(TNS + "option")]
    return {"text": "Test", "long-text": "Een antwoord <script>alert(1)</script> & \"zo\"",
            "choice": opts[0] if opts else "", "multi-choice": opts[0] if opts else "",
            "yes-no": "nee", "date": "2027-08-30",
            "number": q.get("min") or "1", "mbo": MBO}[t]


def step_data(step, token):
    """Every required question (and every long text) that shows without a
    condition, with a good answer."""
    data = {"csrf": token}
    for q in step.findall(NS + "question"):
        if q.get("show-if"):
            continue
        if q.get("required") == "true" or q.get("type") == "long-text":
            data[q.get("id")] = good_value(q)
    return data


def fill(client, url_of_step, form_ids, token, school="de-brug"):
    """Post every step of the forms in order (deel A with the school's
    regional addendum as its last step); the statuses."""
    out = []
    n = 0
    for fid in form_ids:
        for step in steps(fid):
            n += 1
            out.append(client.post(url_of_step(n), step_data(step, token)).status)
        if fid == "deel-a" and addendum(school):
            n += 1
            data = {"csrf": token}
            for q in addendum(school):
                data[q.get("id")] = good_value(q)
            out.append(client.post(url_of_step(n), data).status)
    return out


def afgerond(st, fixture, student, mentor, school="de-brug"):
    """As to_akkoord, then 'Akkoord' (with a parent, whatever the age)."""
    c, t, did = to_akkoord(st, fixture, student, mentor, school)
    v = st.sql("SELECT version FROM dossier WHERE id = " + did)[0][0]
    r = c.post("/dossiers/%s/akkoord" % did, {"csrf": t, "versie": v, "actie": "akkoord",
                                             "akkoord": "ja", "ouder_naam": "Ouder",
                                             "ouder_relatie": "moeder", "ouder_akkoord": "ja"})
    assert r.status == 303, r.status
    return c, t, did


def to_akkoord(st, fixture, student, mentor, school="de-brug"):
    """A dossier of student through deel A (sent to mentor) and deel B
    (sent back): in the akkoordverklaring.  (client, token, dossier id)."""
    import re
    c = fixture.login(st, school, student)
    t = fixture.csrf(c.get("/dossiers"))
    r = c.post("/dossiers/nieuw", {"csrf": t})
    did = re.search(r"/dossiers/(\d+)/", r.header("Location")).group(1)
    codes = fill(c, lambda n: "/dossiers/%s/stap/%d" % (did, n), ["deel-a"], t, school)
    assert all(x == 303 for x in codes), codes
    mid = st.sql("SELECT id FROM account WHERE login = '%s'" % mentor)[0][0]
    assert c.post("/dossiers/%s/opsturen" % did, {"csrf": t, "mentor": mid}).status == 303
    m = fixture.login(st, school, mentor)
    mt = fixture.csrf(m.get("/"))
    codes = fill(m, lambda n: "/portal/dossiers/%s/deel-b/%d" % (did, n),
                 ["deel-b-leerling", "deel-b-dossier"], mt)
    assert all(x == 303 for x in codes), codes
    assert m.post("/portal/dossiers/%s/opsturen" % did, {"csrf": mt}).status == 303
    return c, t, did
