"""Both replicas gone: what docs/operations.md says happens.  The primary
waits rpl_semi_sync_master_timeout for an acknowledgement, then falls back
to asynchronous replication: writes are accepted (and durable on the
primary's own disk, as on a single server), /metrics shows
ddd_db_semi_sync_up 0 and the unacknowledged commits, and dddctl cluster
status warns.  Reads go on from the primary.  When the replicas are back
they catch up and semi-sync turns itself on again."""
import os, re, sys, time
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import cluster, fixture, dossiers
from stack import wait_for

TIMEOUT_MS = 1000
st = cluster.start("semisync", nodes=3, workers=1, semi_sync_timeout_ms=TIMEOUT_MS, later=(2,))
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")

# The third server from a hot backup of the running primary, as
# docs/operations.md sets up a cluster ("three nodes from a backup").
students = st.sql("SELECT COUNT(*) FROM account WHERE role = 'leerling'")[0][0]
gtid = st.add_from_backup(2)
st.sql("UPDATE tenant SET name = name")      # a write after the backup
st.wait_replicated()
st.wait_semi_sync_clients(2)
is_(st.node_sql(2, "SELECT COUNT(*) FROM account WHERE role = 'leerling'", "ddd")[0][0], students,
    "a replica made from a backup (at %s) has the data" % gtid)
is_(st.node_sql(2, "SELECT @@gtid_slave_pos")[0][0], st.node_sql(0, "SELECT @@gtid_binlog_pos")[0][0],
    "and follows the primary from the backup's GTID on")

c = fixture.login(st, "de-brug", "1001")
t = fixture.csrf(c.get("/dossiers"))
r = c.post("/dossiers/nieuw", {"csrf": t})
did = re.search(r"/dossiers/(\d+)/", r.header("Location")).group(1)
step1 = dossiers.steps("deel-a")[0]
url = "/dossiers/%s/stap/1" % did


def save(value):
    data = dossiers.step_data(step1, fixture.csrf(c.get(url)))
    data["a_woonplaats"] = value
    t0 = time.monotonic()
    status = c.post(url, data).status
    return status, time.monotonic() - t0


is_(st.metric("ddd_db_semi_sync_up"), 1.0, "/metrics: semi-sync is up")
is_(st.metric("ddd_db_semi_sync_replicas"), 2.0, "/metrics: two replicas acknowledge")
off0 = st.metric("ddd_db_semi_sync_off_total")
status, took = save("Met-replica")
ok(status == 303 and took < 1, "with the replicas a save is acknowledged at once", (status, round(took, 2)))

# --- both replicas stopped ---------------------------------------------------------------
st.kill_node(1)
st.kill_node(2)
status, took = save("Zonder-replica")
ok(status == 303, "both replicas gone: the save is still acknowledged (semi-sync falls back)", status)
ok(took < TIMEOUT_MS / 1000.0 + 3, "after at most rpl_semi_sync_master_timeout and a little",
   round(took, 2))
print("# the first save without replicas took %.2f s (rpl_semi_sync_master_timeout %d ms)"
      % (took, TIMEOUT_MS))
status, took = save("Zonder-replica-2")
ok(status == 303 and took < 1, "the next saves do not wait", (status, round(took, 2)))
is_(st.sql("SELECT value FROM answer WHERE dossier_id = %s AND question_id = 'a_woonplaats'" % did),
    [["Zonder-replica-2"]], "the primary has it")
is_(st.metric("ddd_db_semi_sync_up"), 0.0, "/metrics: ddd_db_semi_sync_up 0 (alert)")
ok((st.metric("ddd_db_semi_sync_unacknowledged_total") or 0) >= 2,
   "/metrics: the commits acknowledged without a replica are counted")
ok((st.metric("ddd_db_semi_sync_off_total") or 0) > (off0 or 0), "/metrics: the fall-back is counted")
out = st.admin("cluster", "status", check=False)
print("# " + out.stdout.replace("\n", "\n# "))
contains(out.stdout, "! semi-sync is off", "dddctl cluster status warns")
is_(out.returncode, 0, "and still names one primary")
r = c.get(url)
ok(r.status == 200 and "Zonder-replica-2" in r.text, "pages read on, from the primary", r.status)

# --- the replicas back -------------------------------------------------------------------
st.start_node(1)
st.start_node(2)
st.wait_replicated(60)
for i in (1, 2):
    is_(st.node_sql(i, "SELECT value FROM answer WHERE dossier_id = %s AND question_id = "
                       "'a_woonplaats'" % did, "ddd"), [["Zonder-replica-2"]],
        "replica %d caught up with what was written without it" % i)
status, took = save("Weer-met-replica")
wait_for(lambda: st.metric("ddd_db_semi_sync_up") == 1.0, 30, "semi-sync on again")
ok(True, "semi-sync turns itself on again once a replica has caught up")
is_(st.metric("ddd_db_semi_sync_replicas"), 2.0, "both replicas acknowledge again")
done()
