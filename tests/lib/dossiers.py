"""Filling the forms of a dossier through the real pages, from the form
definitions themselves (schema/forms), for the dossier tests."""
import os
import xml.etree.ElementTree as ET

from stack import SRCDIR

NS = "{urn:ddd:form:1}"


def steps(form_id):
    root = ET.parse(os.path.join(SRCDIR, "schema", "forms", form_id + ".xml")).getroot()
    return root.findall(NS + "step")


def good_value(q):
    t = q.get("type")
    opts = [o.get("value") for o in q.findall(NS + "option")]
    return {"text": "Test", "long-text": "Een antwoord <script>alert(1)</script> & \"zo\"",
            "choice": opts[0] if opts else "", "multi-choice": opts[0] if opts else "",
            "yes-no": "nee", "date": "2027-08-30",
            "number": q.get("min") or "1", "mbo": "roc-rijnland"}[t]


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


def fill(client, url_of_step, form_ids, token):
    """Post every step of the forms in order; the statuses."""
    out = []
    n = 0
    for fid in form_ids:
        for step in steps(fid):
            n += 1
            out.append(client.post(url_of_step(n), step_data(step, token)).status)
    return out
