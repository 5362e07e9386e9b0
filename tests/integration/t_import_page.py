"""What the decaan reads on 'Leerlinglijst inlezen' (security review,
issue 13): a chosen empty file is not 'no file chosen'; counts speak
singular and plural ('1 leerling'); a refused list names the column of
a bad field by its header; an import that leaves classes without a
mentor says which, with a link to the klaskoppeling."""
import os, sys, uuid
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture

st = fixture.start("import-messages")
d = fixture.login(st, "de-brug", "m.vandenberg@debrug.example")
token = fixture.csrf(d.get("/portal/leerlingen/inlezen"))


def upload(data, filename):
    """As a browser sends it: a file part even when no file was chosen
    (then filename "" and no bytes)."""
    b = uuid.uuid4().hex
    # From the page as the browser has it: each upload its own form token.
    fresh = fixture.csrf(d.get("/portal/leerlingen/inlezen")) or token
    body = (("--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n" % (b, fresh)) +
            ("--%s\r\nContent-Disposition: form-data; name=\"lijst\"; filename=\"%s\"\r\n"
             "Content-Type: %s\r\n\r\n" % (b, filename, "text/csv" if filename else
                                           "application/octet-stream"))).encode()
    body += data + ("\r\n--%s--\r\n" % b).encode()
    return d.request("POST", "/portal/leerlingen/inlezen", body=body,
                     headers={"Content-Type": "multipart/form-data; boundary=" + b})


def text(r):
    """The page's words, tags taken out, spaces folded."""
    import re
    return " ".join(re.sub(r"<[^>]+>", " ", r.text).split())


def students():
    return st.sql("SELECT COUNT(*) FROM account WHERE role = 'leerling'")[0][0]


HEAD = "Stamnummer;Roepnaam;Tussenvoegsels;Achternaam;Geb. datum;Klas\n"

# --- no file, an empty file ---------------------------------------------
r = upload(b"", "")
is_(r.status, 422, "no file chosen (the browser's empty part)")
contains(text(r), "Kies het bestand met de leerlinglijst.", "asks to choose the file")
r = upload(b"", "leerlingen.csv")
is_(r.status, 422, "a chosen file of 0 bytes is refused")
t = text(r)
ok("Kies het bestand met de leerlinglijst." not in t,
   "an empty file is not taken for 'no file chosen'", t[:800])
contains(t, "Het bestand ‘leerlingen.csv’ is leeg (0 bytes)", "it says the chosen file is empty")
is_(students(), "0", "nothing read")

# --- a refused list names columns by their header -------------------------
bad = (HEAD + '1;"Jan" en Piet;;Jansen;01-01-2009;4K1\n'
       '2;Piet;;' + "P" * 1001 + ';01-01-2009;4K1\n'
       '3;Kees;;Kok;01-01-2009;4K1;"x" y\n').encode()
r = upload(bad, "fout.csv")
is_(r.status, 422, "a list with broken fields is refused")
t = text(r)
contains(t, "regel 2: tekst na het sluitende aanhalingsteken in de kolom 'Roepnaam'",
         "junk after a quote: named by its column's header")
contains(t, "regel 3: de waarde in de kolom 'Achternaam' is langer dan 1000 bytes",
         "a too long value: named by its column's header")
contains(t, "regel 4: tekst na het sluitende aanhalingsteken in veld 7",
         "a field the header has no name for: by its number")
ok("veld 2" not in t and "veld 4" not in t, "no field numbers where the header names them", t[:1500])
is_(students(), "0", "nothing read")

# --- singular and plural, classes without a mentor -------------------------
one = (HEAD + "1001;Sem;de;Vries;14-03-2010;4K1\n").encode()
r = upload(one, "een.csv")
is_(r.status, 200, "a list of one student")
t = text(r)
contains(t, "De lijst is ingelezen: 1 leerling (nieuw).", "one student: singular")
ok("1 leerlingen" not in t, "never '1 leerlingen'", t[:800])
ok("geen mentor" not in t, "4K1 has a mentor (the tenant file): no note", t[:800])

r = upload(one, "een.csv")
contains(text(r), "De lijst is ingelezen: 1 leerling (al bekend, bijgewerkt).",
         "one known student: singular, updated")

two = (HEAD + "1001;Sem;de;Vries;14-03-2010;4K1\n"
       "1002;Noor;;Bakker;02-11-2009;4X9\n"
       "1003;Daan;van;Leeuwen;02-11-2009;4X9\n"
       "1004;Yasmina;el;Idrissi;02-11-2009;4Y1\n").encode()
r = upload(two, "vier.csv")
is_(r.status, 200, "a list of four students")
t = text(r)
contains(t, "De lijst is ingelezen: 4 leerlingen, waarvan 3 nieuw en 1 bijgewerkt.", "plural")
contains(t, "Let op: de klassen 4X9 en 4Y1 hebben nog geen mentor.",
         "the classes without a mentor are named")
contains(r.text, '<a href="/portal/mentoren">Koppel een mentor aan de klassen</a>',
         "with a link to the klaskoppeling")
ok("4K1" not in t[t.find("Let op"):t.find("Let op") + 200], "not 4K1, which has one")

# Link 4Y1 to a mentor: the next import names only 4X9, in the singular.
mid = st.sql("SELECT id FROM account WHERE login = 'j.bakker@debrug.example'")[0][0]
st.sql("INSERT INTO mentor_class (tenant_id, klas, account_id) SELECT tenant_id, '4Y1', id "
       "FROM account WHERE id = %s" % mid)
r = upload(two, "vier.csv")
t = text(r)
contains(t, "Let op: klas 4X9 heeft nog geen mentor.", "one class without a mentor: singular")
contains(r.text, '<a href="/portal/mentoren">Koppel een mentor aan de klas</a>', "and its link")

# A class without a mentor that this list does not have is not this
# import's business (an older list's).
r = upload(one, "een.csv")
ok("geen mentor" not in text(r), "only the list's own classes are named", text(r)[:800])

# --- plurals elsewhere: the account page's class counts ---------------------
r = d.get("/portal/accountgegevens")
contains(r.text, "4K1 (1 leerling)", "accountgegevens: '1 leerling'")
contains(r.text, "4X9 (2 leerlingen)", "accountgegevens: '2 leerlingen'")

done()
