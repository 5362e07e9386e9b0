"""Malformed requests get a clear Dutch page and the right status."""
import os, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client, raw_http
import fixture

st = fixture.start("bad", max_body="2m")
c = Client(st.port)


def page(r, status, what, text):
    is_(r.status, status, what + ": status %d" % status)
    contains(r.text, text, what + ": Dutch message")
    contains(r.text, '<html lang="nl">', what + ": a real page")


page(c.get("/bestaat-niet"), 404, "unknown route", "Pagina niet gevonden")
page(c.get("/login/extra"), 404, "route with extra segment", "Pagina niet gevonden")
page(c.get("/l%6Fgin"), 400, "percent-escape in path", "Ongeldig verzoek")
page(c.get("/login?a=%zz"), 400, "bad escape in query", "Ongeldig verzoek")
page(c.get("/login?a=%ff%fe"), 400, "invalid UTF-8 in query", "Ongeldig verzoek")
page(c.get("/login?a=%00"), 400, "NUL in query", "Ongeldig verzoek")
page(c.get("/login?" + "&".join("k%d=v" % i for i in range(300))), 400,
     "too many query fields", "Ongeldig verzoek")
page(c.get("/login?x=" + "a" * 9000), 413, "query over its cap", "Te veel gegevens")
page(c.get("/login", headers={"Cookie": "__Host-ddd b=c"}), 400, "malformed cookie of ours", "Ongeldig verzoek")
page(c.get("/login", headers={"Cookie": "a=\x01"}), 400, "control character in a cookie", "Ongeldig verzoek")
page(c.post("/healthz", {"a": "b"}), 405, "POST to a GET page", "Niet toegestaan")
page(c.request("PUT", "/login", body=b"x"), 405, "PUT", "Niet toegestaan")
page(c.request("DELETE", "/login"), 405, "DELETE", "Niet toegestaan")
r = c.request("POST", "/login", body=b"a=b", headers={"Content-Type": "text/plain"})
ok(r.status in (400, 405), "POST with a wrong content type refused", r.status)
# Over the worker's cap (1 MiB) but under nginx's (2m): the worker says 413.
page(c.request("POST", "/login", body=b"a=" + b"x" * (1100 * 1024),
               headers={"Content-Type": "application/x-www-form-urlencoded"}),
     413, "body over the worker cap", "Te veel gegevens")
# Over nginx's cap: nginx refuses before the worker.
r = c.request("POST", "/login", body=b"a=" + b"x" * (3 * 1024 * 1024),
              headers={"Content-Type": "application/x-www-form-urlencoded"})
is_(r.status, 413, "body over nginx's cap: 413")
# A raw request line that is not HTTP at all.
ans = raw_http(st.port, b"GARBAGE\r\n\r\n")
ok(ans.startswith(b"HTTP/1.1 400"), "garbage request line: 400", ans[:100])
# The worker is still healthy after all of that.
is_(c.get("/healthz").status, 200, "worker still healthy")
log = st.log("worker.log")
ok("event=access" in log and "err=bad_request" in log, "bad requests are logged")
# nginx's limit_req on the log-in page: a flood from one address is cut
# off with 429 (the dev stack allows 20/s with a burst of 100).
codes = [c.request("GET", "/login").status for _ in range(400)]
ok(codes.count(429) > 0 and codes[0] == 200, "a flood of log-in requests gets 429",
   {k: codes.count(k) for k in set(codes)})
ok(all(x in (200, 429) for x in codes), "and nothing else")
is_(c.get("/healthz").status, 200, "other pages are not limited")
done()
