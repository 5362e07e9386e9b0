"""Reads from a replica never hide the user's own write: a student saves
an answer and opens the page again, through a worker whose GET pages read
from a replica.  With replication running the page comes from the replica
(it waited for the save's GTID); with the replica's SQL thread stopped (it
receives, but applies nothing: lag on purpose) the page still shows the
saved answer, from the primary after the short wait, while a request
without the user's GTID cookie sees the replica's old answer."""
import os, re, sys, time
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, done, Client
import cluster, fixture, dossiers

st = cluster.start("causal", nodes=2, workers=1)
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")

c = fixture.login(st, "de-brug", "1001")
ok(any(k == "__Host-ddd-gtid" for k in c.cookies), "log-in: the session's write gives a GTID cookie",
   sorted(c.cookies))
ok(re.fullmatch(r"\d+-\d+-\d+\.[A-Za-z0-9_-]{22}", c.cookies.get("__Host-ddd-gtid", "")),
   "the cookie is GTID.MAC", c.cookies.get("__Host-ddd-gtid"))
t = fixture.csrf(c.get("/dossiers"))
r = c.post("/dossiers/nieuw", {"csrf": t})
did = re.search(r"/dossiers/(\d+)/", r.header("Location")).group(1)
step1 = dossiers.steps("deel-a")[0]
url = "/dossiers/%s/stap/1" % did


def save(value):
    data = dossiers.step_data(step1, fixture.csrf(c.get(url)))
    data["a_woonplaats"] = value
    return c.post(url, data).status


def shown(client):
    r = client.get(url)
    m = re.search(r'name="a_woonplaats"[^>]*value="([^"]*)"', r.text) or \
        re.search(r'value="([^"]*)"[^>]*name="a_woonplaats"', r.text)
    return r.status, (m.group(1) if m else None)


# --- replication running: save, then read (from the replica, after the wait) ---------
reads0 = st.metric("ddd_db_replica_reads_total") or 0
fall0 = st.metric("ddd_db_replica_fallbacks_total") or 0
stale = []
for i in range(20):
    v = "Snel-%d" % i
    if save(v) != 303:
        stale.append((i, "save failed"))
    status, got = shown(c)
    if got != v:
        stale.append((i, status, got))
is_(stale, [], "replication running: 20 times save-then-read shows what was saved")
reads1 = st.metric("ddd_db_replica_reads_total") or 0
ok(reads1 > reads0 + 20, "those pages were read from the replica", (reads0, reads1))

# --- the replica lags on purpose: its SQL thread stopped --------------------------------
st.node_sql(1, "STOP SLAVE SQL_THREAD")
before = shown(c)[1]
stale = []
t0 = time.monotonic()
for i in range(6):
    v = "Traag-%d" % i
    if save(v) != 303:
        stale.append((i, "save failed"))
    status, got = shown(c)
    if got != v:
        stale.append((i, status, got))
took = (time.monotonic() - t0) / 6
is_(stale, [], "replica lagging: save-then-read never shows the old answer")
ok(took < 3, "each round trip stays short (the wait is bounded: db_gtid_wait_ms)", round(took, 2))
fall1 = st.metric("ddd_db_replica_fallbacks_total") or 0
ok(fall1 >= fall0 + 6, "the pages came from the primary after the replica's wait timed out "
   "(ddd_db_replica_fallbacks_total)", (fall0, fall1))

# Without the user's GTID (the cookie dropped) the replica answers as it
# is: the old answer.  That is what the cookie prevents.
bare = Client(st.port)
bare.cookies = {k: v for k, v in c.cookies.items() if k != "__Host-ddd-gtid"}
status, got = shown(bare)
ok(status == 200 and got == before == "Snel-19",
   "the lagging replica does hold the old answer (a request without the GTID sees it)",
   (status, got, before))
# A made-up GTID cookie is not waited for.
bare.cookies["__Host-ddd-gtid"] = "0-1-999999999.AAAAAAAAAAAAAAAAAAAAAA"
t1 = time.monotonic()
status, got = shown(bare)
ok(status == 200 and time.monotonic() - t1 < 0.4,
   "a forged GTID cookie is ignored (no wait)", (status, round(time.monotonic() - t1, 2)))

# --- TLS: only a server whose certificate our CA signed ---------------------------------
import subprocess
other = st.path("other-ca.pem")
subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                "/CN=Another CA", "-keyout", st.path("other-ca.key"), "-out", other],
               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
with open(st.config) as f:
    conf = f.read()
for name, extra in (("bad-ca.conf", ""), ("bad-ca-noverify.conf", "db_ssl_verify = off\n")):
    with open(st.path(name), "w") as f:
        f.write(conf.replace(st.path("tls", "ca.pem"), other) + extra)
r = st.dddctl("db", "check", check=False)
ok(r.returncode == 0, "TLS with our CA: dddctl db check connects", r.stderr[-300:])
import os as _os
r = subprocess.run([_os.path.join(cluster.BUILDDIR, "dddctl"), "-f", st.path("bad-ca.conf"),
                    "db", "check"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
ok(r.returncode != 0 and "certificate" in r.stderr.lower(),
   "a server certificate another CA signed is refused", r.stderr[-300:])
r = subprocess.run([_os.path.join(cluster.BUILDDIR, "dddctl"), "-f", st.path("bad-ca-noverify.conf"),
                    "db", "check"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
ok(r.returncode != 0 and "certificate" in r.stderr.lower(),
   "also with db_ssl_verify = off (that leaves out the host name check, not the CA)",
   r.stderr[-300:])

# --- caught up again --------------------------------------------------------------------
st.node_sql(1, "START SLAVE SQL_THREAD")
st.wait_replicated()
status, got = shown(bare)
is_(got, "Traag-5", "once the replica applies again, it has the saved answer")
done()
