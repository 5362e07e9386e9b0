"""A dead database gives a clear 503 page, fast; the worker recovers
when the database returns, on every thread."""
import os, sys, time
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client
import fixture

st = fixture.start("dbdown", threads=4)
c = Client(st.port)
is_(c.get("/login").status, 200, "login page with the database up")

st.stop_db()
for i in range(6):  # more requests than threads: every thread sees it
    t0 = time.monotonic()
    r = c.get("/login")
    took = time.monotonic() - t0
    if i == 0:
        is_(r.status, 503, "database down: 503")
        contains(r.text, "Tijdelijk niet beschikbaar", "Dutch title")
        contains(r.text, "Er is niets verloren gegaan", "says nothing was lost")
        is_(r.header("Retry-After"), "30", "Retry-After header")
    ok(r.status == 503 and took < 5, "request %d: 503 within 5 s (%.2f s)" % (i, took))
r = c.get("/healthz")
is_(r.status, 503, "healthz 503 while down")
contains(r.text, "database: db_unavailable", "healthz names the database")
ok("db_unavailable" in st.log("worker.log"), "logged in English")

st.start_db()
statuses = [c.get("/login").status for _ in range(12)]
is_(statuses, [200] * 12, "every request 200 once the database is back")
is_(c.get("/healthz").status, 200, "healthz 200 again")
done()
