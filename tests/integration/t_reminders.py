"""Deadline reminders: some days before each deadline, to whoever has to
act, once per dossier and deadline; none after the deadline."""
import os, re, subprocess, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture, dossiers
from stack import SRCDIR, BUILDDIR

st = fixture.start("reminders", smtp=True)
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")
# Deel A with Sem, deel B with Joost (Noor's), the akkoordverklaring with Daan.
sem = fixture.login(st, "de-brug", "1001")
sem.post("/dossiers/nieuw", {"csrf": fixture.csrf(sem.get("/dossiers"))})
c, t, d_noor = dossiers.to_akkoord(st, fixture, "1002", "j.bakker@debrug.example")
st.sql("UPDATE dossier SET phase = 'deel_b' WHERE id = " + d_noor)  # back with the mentor
c, t, d_daan = dossiers.to_akkoord(st, fixture, "1003", "j.bakker@debrug.example")
st.sql("DELETE FROM outbox")


def remind(today, days="7"):
    env = dict(os.environ, DDD_TODAY=today)
    return subprocess.run([os.path.join(BUILDDIR, "dddctl"), "-f", st.config, "remind", days],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def rows():
    return st.sql("SELECT kind, to_addr, subject FROM outbox ORDER BY id")

# De Brug's deadlines: deel A 2027-03-01, deel B 2027-03-22, akkoord 2027-04-12.
r = remind("2027-02-01")
contains(r.stdout, "0 reminders queued", "a month before: nothing")
r = remind("2027-02-25")
contains(r.stdout, "1 reminders queued", "6 days before deel A's deadline: one")
is_(rows(), [["herinnering", "sem.devries@leerling.debrug.example", "Herinnering: deel A invullen"]],
    "to the student still in deel A")
r = remind("2027-02-26")
contains(r.stdout, "0 reminders queued", "once per dossier and deadline")
r = remind("2027-03-20")
is_(rows()[-1], ["herinnering", "j.bakker@debrug.example", "Herinnering: deel B invullen"],
    "deel B: to the mentor")
r = remind("2027-04-12")
is_(rows()[-1], ["herinnering", "daan.vanleeuwen@leerling.debrug.example",
                 "Herinnering: akkoordverklaring invullen"], "on the day itself: the student")
r = remind("2027-04-13")
contains(r.stdout, "0 reminders queued", "after the deadline: none")
is_(st.sql("SELECT COUNT(*) FROM reminder"), [["3"]], "three reminders recorded")
ok("Noorderlicht" not in str(rows()), "nothing for the other school")
r = remind("2027-04-10", "99")
ok(r.returncode != 0, "an absurd number of days is refused")

subprocess.run([os.path.join(BUILDDIR, "ddd-mailer"), "-1", "-f", st.config, "--smtp",
                "smtp://127.0.0.1:%d" % st.smtp_port], check=True, timeout=60,
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
is_(st.sql("SELECT COUNT(*) FROM outbox WHERE status = 'sent'"), [["3"]], "the sender delivers them")
done()
