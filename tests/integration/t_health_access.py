"""/healthz tells everyone only its status (200 or 503 and "ok"/"fail");
the checks (migration version, stylesheets, database error) only to the
machine itself (127.0.0.1, ::1 as nginx passes the client's address) or to
a monitor that sends the configured health_token."""
import os, secrets, sys, time
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client
import fixture

TOKEN = secrets.token_urlsafe(32)
st = fixture.start("health-access")


def restart_worker(extra=None):
    """The worker again with this configuration, once it answers (its
    socket appears a moment before it accepts)."""
    st.write_config(extra)
    st.stop_worker()
    st.start_worker()
    end = time.monotonic() + 20
    while Client(st.port).get("/healthz").status == 502 and time.monotonic() < end:
        time.sleep(0.05)


restart_worker({"health_token": TOKEN})

here = Client(st.port)                      # 127.0.0.1: the host itself
away = Client(st.port, source="127.0.0.2")  # any other address


def detail(r):
    return "migrations" in r.text or "stylesheets" in r.text or "database" in r.text


r = here.get("/healthz")
is_(r.status, 200, "loopback: 200")
ok(detail(r), "loopback: the checks", r.text)

r = away.get("/healthz")
is_(r.status, 200, "another address: 200")
is_(r.text, "ok\n", "another address: the status only")
ok("version" not in r.text and "loaded" not in r.text, "no version, no count of stylesheets", r.text)
is_(r.header("Cache-Control"), "no-store", "not cached")

r = away.get("/healthz", headers={"X-DDD-Health-Token": TOKEN})
is_(r.status, 200, "with the token: 200")
ok(detail(r), "with the token: the checks", r.text)
contains(r.text, "migrations: ok (version", "with the token: the migration version")

r = away.get("/healthz", headers={"X-DDD-Health-Token": TOKEN[:-1] + ("A" if TOKEN[-1] != "A" else "B")})
is_(r.text, "ok\n", "a wrong token: the status only")
r = away.get("/healthz", headers={"X-DDD-Health-Token": TOKEN + "x"})
is_(r.text, "ok\n", "a longer token: the status only")
r = away.get("/healthz", headers={"X-DDD-Health-Token": ""})
is_(r.text, "ok\n", "an empty token: the status only")

# Failing: the status code and word for everyone, the reason only for
# the host and the monitor.
newest = st.sql("SELECT MAX(version) FROM schema_version")[0][0]
st.sql("DELETE FROM schema_version WHERE version = %d" % int(newest))
r = away.get("/healthz")
is_((r.status, r.text), (503, "fail\n"), "behind, another address: 503 and 'fail' only")
r = here.get("/healthz")
is_(r.status, 503, "behind, loopback: 503")
contains(r.text, "migrations: behind", "behind, loopback: says which check")
r = away.get("/healthz", headers={"X-DDD-Health-Token": TOKEN})
contains(r.text, "migrations: behind", "behind, with the token: says which check")
st.sql("INSERT IGNORE INTO schema_version (version, name) VALUES (%d, 'x')" % int(newest))
is_(away.get("/healthz").status, 200, "200 again")
ok("health_token" not in st.log("worker.log") and TOKEN not in st.log("worker.log"),
   "the token is not logged")

# Without a health_token configured only loopback sees the checks; a
# short token is refused by the configuration check.
st.write_config({"health_token": "kort"})
r = st.dddctl("config", "check", check=False)
ok(r.returncode != 0 and "health_token" in r.stderr, "a short health_token is refused", r.stderr)
restart_worker()
r = away.get("/healthz", headers={"X-DDD-Health-Token": ""})
is_(r.text, "ok\n", "no token configured: an empty header is no key")
ok(detail(here.get("/healthz")), "no token configured: loopback still sees the checks")
done()
