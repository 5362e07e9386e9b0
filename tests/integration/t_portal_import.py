"""Leerlinglijst inlezen in the Portal: a multipart upload, all or nothing,
errors per line with BSNs masked, broken uploads refused."""
import os, sys, uuid
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture

st = fixture.start("import-page")
d = fixture.login(st, "de-brug", "m.vandenberg@debrug.example")
r = d.get("/")
contains(r.text, 'href="/portal/leerlingen/inlezen"', "Portal menu links the import")
r = d.get("/portal/leerlingen/inlezen")
is_(r.status, 200, "import page")
contains(r.text, 'enctype="multipart/form-data"', "an upload form")
token = fixture.csrf(r)


def upload(client, data, filename="leerlingen.csv", fields=None, boundary=None, tail=True):
    b = boundary or uuid.uuid4().hex
    parts = []
    for k, v in (fields if fields is not None else {"csrf": token}).items():
        parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                      % (b, k, v)).encode())
    if data is not None:
        parts.append(("--%s\r\nContent-Disposition: form-data; name=\"lijst\"; filename=\"%s\"\r\n"
                      "Content-Type: text/csv\r\n\r\n" % (b, filename)).encode() + data + b"\r\n")
    body = b"".join(parts) + (("--%s--\r\n" % b).encode() if tail else b"")
    return client.request("POST", "/portal/leerlingen/inlezen", body=body,
                          headers={"Content-Type": "multipart/form-data; boundary=" + b})


def students():
    return st.sql("SELECT login, klas FROM account WHERE role='leerling' ORDER BY login")


good = ("Stamnummer;Roepnaam;Tussenvoegsels;Achternaam;Geb. datum;Klas;Leerjaar;E-mailadres;Mentor\r\n"
        "001;Zoë;van der;Berg;01-02-2010;4K1;4;zoe@leerling.example;Bakker\r\n"
        "2;René;;Çelik;03-04-2010;4K2;4;;Bakker\r\n").encode("cp1252")
r = upload(d, good, "Export Magister.csv")
is_(r.status, 200, "good list read")
contains(r.text, "De lijst is ingelezen: 2 leerlingen, waarvan 2 nieuw en 0 bijgewerkt", "counts")
contains(r.text, "let op", "note about the ignored column")
is_(students(), [["1", "4K1"], ["2", "4K2"]], "both students stored")
is_(st.sql("SELECT roepnaam, achternaam FROM account WHERE login='2'"), [["René", "Çelik"]],
    "Windows-1252 names right")

bad = ("leerlingnummer;roepnaam;achternaam;geboortedatum;klas;bsn\n"
       "1;Zoë;Berg;01-02-2010;5K1;123456789\n"
       "3;Piet;Puk;31-02-2010;4K1;\n").encode()
r = upload(d, bad)
is_(r.status, 422, "list with errors refused")
contains(r.text, "De lijst is niet ingelezen", "says nothing was read")
contains(r.text, "regel 2:", "line of the bad BSN")
contains(r.text, "******789", "BSN masked")
ok("123456789" not in r.text, "BSN never shown whole")
contains(r.text, "regel 3: geboortedatum '31-02-2010' bestaat niet", "impossible date by line")
is_(students(), [["1", "4K1"], ["2", "4K2"]], "nothing changed (not even line 2's klas)")

r = upload(d, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(200), "foto.png")
is_(r.status, 422, "a picture is refused")
r = upload(d, None)
is_(r.status, 422, "no file chosen")
contains(r.text, "Kies het bestand met de leerlinglijst", "Dutch message")
r = upload(d, b"", "leeg.csv")
is_(r.status, 422, "an empty file")
r = upload(d, good, tail=False)
is_(r.status, 400, "a truncated upload (no closing boundary) is a bad request")
r = upload(d, good, fields={})
is_(r.status, 403, "an upload without the CSRF token is refused")
r = upload(d, os.urandom(12 * 1024 * 1024), "groot.csv")
is_(r.status, 413, "12 MB is refused as too large")
is_(students(), [["1", "4K1"], ["2", "4K2"]], "still nothing changed")

m = fixture.login(st, "de-brug", "j.bakker@debrug.example")
r = upload(m, good, fields={"csrf": fixture.csrf(m.get("/"))})
is_(r.status, 403, "a mentor cannot upload a list")
r = d.request("POST", "/login", body=b"--x\r\n\r\n--x--\r\n",
              headers={"Content-Type": "multipart/form-data; boundary=x"})
is_(r.status, 400, "multipart to a page without uploads is a bad request")
done()
