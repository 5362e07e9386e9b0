"""What real clients send, through nginx and the worker: a browser's
Cookie header with other sites' cookies beside ours, multipart uploads in
the forms RFC 7578 / RFC 2046 allow (not only the ones our pages make),
and student lists as spreadsheets really export them."""
import os, sys, uuid
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture

st = fixture.start("client-forms")
d = fixture.login(st, "de-brug", "m.vandenberg@debrug.example")
session = d.cookies["__Host-ddd"]

# --- Cookies: the browser sends every cookie of the host and its parent
# domains.  Other sites' cookies, whatever they hold, change nothing.
foreign = ("_ga=GA1.2.1234567890.1700000000; "
           "CookieConsent={stamp:%27-1%27,necessary:true,marketing:false}; "
           "prefs={\"lang\":\"nl\", \"theme\":\"dark\"}; nameless; =leeg; "
           "naam=Ren\u00e9e; a[0]=1")
r = d.get("/portal/leerlingen/inlezen",
          headers={"Cookie": foreign + "; __Host-ddd=" + session})
is_(r.status, 200, "logged-in page with other sites' cookies around ours")
contains(r.text, 'enctype="multipart/form-data"', "the decaan's own page, so the session was read")
token = fixture.csrf(r)
r = d.get("/portal/leerlingen/inlezen",
          headers={"Cookie": "__Host-ddd=" + session + ";" + foreign.replace("; ", ";")})
is_(r.status, 200, "the same without spaces after ';'")
r = d.get("/login", headers={"Cookie": foreign})
is_(r.status, 200, "only other sites' cookies: the log-in page")
r = d.get("/portal/leerlingen/inlezen",
          headers={"Cookie": foreign + "; __Host-ddd=" + session + "x y"})
is_(r.status, 400, "our own cookie malformed: refused")
contains(r.text, "Ongeldig verzoek", "with the Dutch page")
big = "; ".join("_c%03d=%s" % (i, "v" * 40) for i in range(200))
ok(len(big) > 8192, "a Cookie header over 8 KiB", len(big))
r = d.get("/portal/leerlingen/inlezen",
          headers={"Cookie": big + "; __Host-ddd=" + session})
is_(r.status, 200, "many other cookies (over 8 KiB, under nginx's 16 KiB line): served")


# --- Multipart: the import page takes the list in any form the RFCs allow.
def send(ct, body):
    return d.request("POST", "/portal/leerlingen/inlezen", body=body,
                     headers={"Content-Type": ct,
                              "Cookie": "__Host-ddd=" + session})


def students():
    return st.sql("SELECT login, klas FROM account WHERE role='leerling' "
                  "AND tenant_id=(SELECT id FROM tenant WHERE slug='de-brug') ORDER BY login")


lijst = ("leerlingnummer;roepnaam;achternaam;geboortedatum;klas\r\n"
         "5001;Zo\u00eb;Berg;01-02-2010;4K1\r\n").encode("cp1252")
b = "a b'()+_,-./:=?" + uuid.uuid4().hex[:20]
body = ("Dit is een bericht in MIME-formaat.\r\n"
        "--%s  \r\n"
        "content-disposition: form-data; name=csrf\r\n\r\n%s\r\n"
        "--%s\t\r\n"
        "CONTENT-DISPOSITION: form-data; filename=\"lijst 4.csv\";\r\n"
        "\tname=\"lijst\"\r\n"
        "X-Onbekend: genegeerd\r\n"
        "Content-Type: text/csv; charset=windows-1252\r\n\r\n"
        % (b, token, b)).encode() + lijst + ("\r\n--%s-- \r\nepiloog\r\n" % b).encode()
r = send('multipart/form-data; boundary="%s"' % b, body)
is_(r.status, 200, "quoted boundary with a space, padding, preamble, epilogue, "
    "folded and swapped Content-Disposition, header names in any case")
contains(r.text, "De lijst is ingelezen: 1 leerling", "the list was read")
ok(["5001", "4K1"] in students(), "and stored", students())

# Chrome and Firefox send a part with filename="" when no file was chosen.
b = "----WebKitFormBoundary" + uuid.uuid4().hex[:16]
body = ("--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
        "--%s\r\nContent-Disposition: form-data; name=\"lijst\"; filename=\"\"\r\n"
        "Content-Type: application/octet-stream\r\n\r\n\r\n--%s--\r\n"
        % (b, token, b, b)).encode()
r = send("multipart/form-data; boundary=" + b, body)
is_(r.status, 422, "no file chosen")
contains(r.text, "Kies het bestand met de leerlinglijst", "asks for the file")

# A list saved by Excel: Windows-1252, ';', CRLF, and the ';' of empty
# cells at the end of some rows left out.
lijst = ("Stamnummer;Roepnaam;Tussenvoegsels;Achternaam;Geb. datum;Klas;Leerjaar;"
         "E-mailadres;BSN\r\n"
         "5002;Ren\u00e9e;;Smit;03-04-2010;4K2;4;renee@leerling.example;\r\n"
         "5003;Daan;van;Dijk;05-06-2010;4K2;4\r\n"
         "5004;Noor;;Bakker;07-08-2010;4K2\r\n"
         ";;;;;;;;\r\n").encode("cp1252")
b = uuid.uuid4().hex
body = ("--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
        "--%s\r\nContent-Disposition: form-data; name=\"lijst\"; filename=\"Excel.csv\"\r\n"
        "Content-Type: text/csv\r\n\r\n" % (b, token, b)).encode() + lijst + \
    ("\r\n--%s--\r\n" % b).encode()
r = send("multipart/form-data; boundary=" + b, body)
is_(r.status, 200, "an Excel list with the trailing ';' of empty cells left out")
contains(r.text, "De lijst is ingelezen: 3 leerlingen", "all three read")
is_(st.sql("SELECT login, roepnaam, COALESCE(email, '') FROM account WHERE login IN "
           "('5002', '5003', '5004') ORDER BY login"),
    [["5002", "Ren\u00e9e", "renee@leerling.example"], ["5003", "Daan", ""], ["5004", "Noor", ""]],
    "stored with the left-out cells empty")

# Refused on purpose: a bare-LF body.
b = uuid.uuid4().hex
body = ("--%s\nContent-Disposition: form-data; name=\"csrf\"\n\n%s\n--%s--\n"
        % (b, token, b)).encode()
is_(send("multipart/form-data; boundary=" + b, body).status, 400,
    "a body with bare LF line ends is a bad request")
# RFC 9110 §8.3.1: a parameter after optional white space ("; " or " ;").
import urllib.parse
for ct in ("application/x-www-form-urlencoded ; charset=UTF-8",
           "application/x-www-form-urlencoded;charset=UTF-8",
           "application/x-www-form-urlencoded\t; charset=utf-8"):
    from tap import Client
    anon = Client(st.port)
    tok = fixture.csrf(anon.get("/login"))
    r = anon.request("POST", "/login", body=urllib.parse.urlencode(
        {"csrf": tok, "school": "de-brug", "username": "1001", "password": ""}),
        headers={"Content-Type": ct})
    is_(r.status, 422, "a form body with %r: read (the form's own answer), not 400" % ct)
done()
