"""Student lists (dddctl import): all or nothing, known students keep their
account and activation, leading zeros make no second student, BSNs are
sealed and never echoed."""
import os, subprocess, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture

st = fixture.start("import")
tmp = st.path("lists")
os.makedirs(tmp)


def write(name, text, enc="utf-8"):
    p = os.path.join(tmp, name)
    with open(p, "wb") as f:
        f.write(text.encode(enc))
    return p


def snapshot():
    return st.sql("SELECT login, roepnaam, tussenvoegsel, achternaam, klas, leerjaar, "
                  "COALESCE(email, ''), geboortedatum, password_hash IS NOT NULL, "
                  "HEX(COALESCE(bsn_lookup, '')) FROM account WHERE role = 'leerling' "
                  "ORDER BY tenant_id, login")


good = write("magister.csv",
             "Stamnummer;Roepnaam;Tussenvoegsels;Achternaam;Geb. datum;Klas;Leerjaar;E-mailadres\r\n"
             "001001;Zoë;van der;Berg;01-02-2010;4K1;4;zoe@leerling.example\r\n"
             "1002;Renée;;M'Bali;29-02-2008;4K2;4;\r\n", "cp1252")
r = st.dddctl("import", "de-brug", good)
contains(r.stdout, "2 students: 2 new, 0 updated", "two new students")
rows = snapshot()
is_([x[0] for x in rows], ["1001", "1002"], "leerlingnummers without leading zeros")
is_(rows[0][1:4], ["Zoë", "van der", "Berg"], "Windows-1252 names read right")
is_(rows[1][7], "2008-02-29", "birth date stored as a date")

# The student activates (a password), then the next list moves her class.
st.sql("UPDATE account SET password_hash = 'x', activated_at = NOW() WHERE login = '1001'")
moved = write("moved.csv",
              "leerlingnummer,voornaam,tussenvoegsel,achternaam,geboortedatum,klas,leerjaar,email\n"
              "1001,Zoë,van der,Berg,01-02-2010,5K1,5,\n"
              "00001002,Renée,,M'Bali,29-02-2008,5K2,5,renee@leerling.example\n"
              "1003,Nieuw,,Kind,03-03-2010,4K1,4,nieuw@leerling.example\n")
r = st.dddctl("import", "de-brug", moved)
contains(r.stdout, "3 students: 1 new, 2 updated", "re-import: one new, two updated")
rows = snapshot()
is_(len(rows), 3, "leading zeros made no second student")
is_((rows[0][4], rows[0][5], rows[0][8]), ("5K1", "5", "1"), "klas and leerjaar updated, activation kept")
is_(rows[0][6], "zoe@leerling.example", "an empty e-mail keeps the known one")
is_(rows[1][6], "renee@leerling.example", "a new e-mail is taken")

# A file with errors is refused whole.
before = snapshot()
bad = write("bad.csv",
            "leerlingnummer;roepnaam;achternaam;geboortedatum;klas\n"
            "1001;Zoë;Berg;01-02-2010;6K1\n"
            "1004;Piet;Puk;31-02-2010;4K1\n"
            "1004;Klaas;Vaak;01-01-2010;4K1\n")
r = st.dddctl("import", "de-brug", bad, check=False)
ok(r.returncode != 0, "file with errors refused")
contains(r.stderr, "regel 3: geboortedatum '31-02-2010' bestaat niet", "bad date reported by line")
contains(r.stderr, "regel 4: leerlingnummer 1004 staat ook op regel 3", "duplicate reported")
contains(r.stderr, "nothing imported", "says nothing was imported")
is_(snapshot(), before, "nothing changed, not even the good line")

# BSNs: sealed, masked in every report, never twice.
bsn = write("bsn.csv",
            "leerlingnummer;roepnaam;achternaam;geboortedatum;klas;bsn\n"
            "1001;Zoë;Berg;01-02-2010;5K1;123456782\n"
            "1005;Aziz;Kaya;05-05-2010;4K1;111222333\n")
r = st.dddctl("import", "de-brug", bsn)
contains(r.stdout, "2 BSNs linked", "two BSNs linked")
ok("123456782" not in r.stdout + r.stderr and "111222333" not in r.stdout + r.stderr,
   "no BSN in the report")
is_(st.sql("SELECT COUNT(*) FROM account WHERE bsn_sealed IS NOT NULL AND LENGTH(bsn_sealed) = 42"),
    [["2"]], "sealed values stored")
before = snapshot()
conflict = write("conflict.csv",
                 "leerlingnummer;roepnaam;achternaam;geboortedatum;klas;bsn\n"
                 "1002;Renée;M'Bali;29-02-2008;5K2;111222333\n"
                 "1001;Zoë;Berg;01-02-2010;5K1;100000009\n")
r = st.dddctl("import", "de-brug", conflict, check=False)
ok(r.returncode != 0, "BSN of another student refused")
contains(r.stderr, "regel 2: BSN ******333 is al gekoppeld aan een andere leerling",
         "masked, by line")
contains(r.stderr, "regel 3:", "a changed BSN for a known student is reported")
ok("111222333" not in r.stderr, "BSN masked in the refusal")
is_(snapshot(), before, "nothing changed")
badbsn = write("badbsn.csv",
               "leerlingnummer;roepnaam;achternaam;geboortedatum;klas;bsn\n"
               "1009;Ali;Bay;01-01-2010;4K1;123456789\n")
r = st.dddctl("import", "de-brug", badbsn, check=False)
ok(r.returncode != 0 and "123456789" not in r.stderr and "******789" in r.stderr,
   "invalid BSN (11-proef) refused, masked", r.stderr)

# Same leerlingnummer in another school is another student.
r = st.dddctl("import", "het-noorderlicht", moved)
contains(r.stdout, "3 new", "other school: its own students")
is_(st.sql("SELECT COUNT(*) FROM account WHERE login = '1001'"), [["2"]],
    "one 1001 per school")

r = st.dddctl("import", "bestaat-niet", good, check=False)
ok(r.returncode != 0 and "no tenant" in r.stderr, "unknown tenant refused")
junk = os.path.join(tmp, "junk.csv")
with open(junk, "wb") as f:
    f.write(os.urandom(10 * 1024 * 1024 + 10))
r = st.dddctl("import", "de-brug", junk, check=False)
ok(r.returncode != 0, "10 MB of junk refused")
done()
