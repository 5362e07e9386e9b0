"""A student with everything a school can hold about them, made through the
real pages, for the inzage and erasure tests (t_privacy_export.py,
t_privacy_erasure.py): two dossiers, one afgerond and one in deel B with
part of deel B written, a file attached to each, a linked BSN, mails (to
the student and to the mentor about the student), views and downloads by
the mentor and the MBO college (the access log), and a mail sent again by
the decaan (the audit trail).  Every text the student or mentor typed
carries the student's marker, so a test can tell whose data it sees."""
import re

import dossiers
from dossiers import NS

MENTOR = "j.bakker@debrug.example"
DECAAN = "m.vandenberg@debrug.example"
MBO_USER = "a.kuipers@rocrijnland.example"
BOUNDARY = "----dddPrivacyBoundary"


def attachment(marker, n):
    """A small PDF of one student's dossier n (its bytes are the marker's)."""
    return (b"%PDF-1.4\n% loopbaandossier " + marker.encode() + b" " + str(n).encode() +
            b"\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")


def multipart(fields, file_field, filename, data):
    body = b""
    for k, v in fields.items():
        body += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                 % (BOUNDARY, k, v)).encode()
    body += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
             "Content-Type: application/pdf\r\n\r\n" % (BOUNDARY, file_field, filename)).encode()
    return body + data + ("\r\n--%s--\r\n" % BOUNDARY).encode()


def fill_a(client, did, token, marker, n, school="de-brug"):
    """Every step of deel A, long texts with the marker, the loopbaandossier
    attached in its step; the statuses."""
    out = []
    steps = dossiers.steps("deel-a")
    for i, step in enumerate(steps, 1):
        data = dossiers.step_data(step, token)
        for q in step.findall(NS + "question"):
            if q.get("type") == "long-text" and q.get("id") in data:
                data[q.get("id")] = "%s antwoord %s" % (marker, q.get("id"))
        url = "/dossiers/%s/stap/%d" % (did, i)
        if step.get("id") == "loopbaanorientatie":
            data["a_loopbaandossier"] = "ja"
            body = multipart(data, "a_loopbaandossier_bestand",
                             "loopbaan-%s-%d.pdf" % (marker.lower(), n), attachment(marker, n))
            out.append(client.request("POST", url, body=body, headers={
                "Content-Type": "multipart/form-data; boundary=" + BOUNDARY}).status)
        else:
            out.append(client.post(url, data).status)
    if dossiers.addendum(school):
        data = {"csrf": token}
        for q in dossiers.addendum(school):
            data[q.get("id")] = dossiers.good_value(q)
        out.append(client.post("/dossiers/%s/stap/%d" % (did, len(steps) + 1), data).status)
    return out


def student(st, fixture, login, marker, bsn):
    """The student login of De Brug with all of the above; a dict of ids."""
    c = fixture.login(st, "de-brug", login)
    t = fixture.csrf(c.get("/"))
    sid = st.sql("SELECT id FROM account WHERE login = '%s' AND role = 'leerling'" % login)[0][0]
    st.sql("UPDATE account SET bsn_sealed = NULL, bsn_lookup = NULL WHERE id = " + sid)
    assert c.post("/ddd/bsn", {"bsn": bsn, "csrf": t}).status == 303
    mid = st.sql("SELECT id FROM account WHERE login = '%s'" % MENTOR)[0][0]
    m = fixture.login(st, "de-brug", MENTOR)
    mt = fixture.csrf(m.get("/"))
    ids = []
    for n in (1, 2):
        t = fixture.csrf(c.get("/dossiers"))
        r = c.post("/dossiers/nieuw", {"csrf": t})
        did = re.search(r"/dossiers/(\d+)/", r.header("Location")).group(1)
        codes = fill_a(c, did, t, marker, n)
        assert all(x == 303 for x in codes), codes
        assert c.post("/dossiers/%s/opsturen" % did, {"csrf": t, "mentor": mid}).status == 303
        ids.append(did)
    d1, d2 = ids
    # Dossier 1: deel B written and sent back, 'Akkoord': afgerond.
    codes = dossiers.fill(m, lambda k: "/portal/dossiers/%s/deel-b/%d" % (d1, k),
                          ["deel-b-leerling", "deel-b-dossier"], mt)
    assert all(x == 303 for x in codes), codes
    assert m.post("/portal/dossiers/%s/opsturen" % d1, {"csrf": mt}).status == 303
    v = st.sql("SELECT version FROM dossier WHERE id = " + d1)[0][0]
    t = fixture.csrf(c.get("/dossiers/%s/akkoord" % d1))
    r = c.post("/dossiers/%s/akkoord" % d1, {"csrf": t, "versie": v, "actie": "akkoord",
                                             "akkoord": "ja", "ouder_naam": "Ouder van " + marker,
                                             "ouder_relatie": "moeder", "ouder_akkoord": "ja",
                                             "opmerkingen": marker + " opmerking"})
    assert r.status == 303, r.status
    # Dossier 2: the mentor wrote the first step of deel B only.
    step = dossiers.steps("deel-b-leerling")[0]
    data = dossiers.step_data(step, mt)
    data["bl_resultaten_toelichting"] = "%s MENTORNOTITIE" % marker
    assert m.post("/portal/dossiers/%s/deel-b/1" % d2, data).status == 303
    # Views and downloads: the mentor, and the college of the afgeronde one.
    assert m.get("/portal/dossiers/%s/bekijken" % d2).status == 200
    assert m.get("/portal/dossiers/%s/deel-a.pdf" % d2).status == 200
    roc = fixture.login(st, "roc-rijnland", MBO_USER)
    assert roc.get("/mbo/dossiers/%s" % d1).status == 200
    assert roc.get("/mbo/dossiers/%s/xml" % d1).status == 200
    # A mail to the student failed, and the decaan sent it again.
    oid = st.sql("SELECT MIN(id) FROM outbox WHERE account_id = " + sid)[0][0]
    st.sql("UPDATE outbox SET status = 'failed', last_error = '550 vol' WHERE id = " + oid)
    d = fixture.login(st, "de-brug", DECAAN)
    dt = fixture.csrf(d.get("/portal/leerlingen/%s/mail" % sid))
    assert d.post("/portal/leerlingen/%s/mail/%s/opnieuw" % (sid, oid), {"csrf": dt}).status == 303
    return {"id": sid, "login": login, "marker": marker, "bsn": bsn, "dossiers": ids,
            "client": c}
