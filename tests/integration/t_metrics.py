"""/metrics in the Prometheus text format (promtool check metrics accepts
it): requests by route and status with their latency, database round
trips, PDF renders, log-ins and throttled tries, the outbox from the
database, the daily jobs' stamps; served to the host and metrics_allow
only.  dddctl status prints the same figures for a person."""
import os, re, subprocess, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client
import fixture, dossiers

st = fixture.start("metrics")
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")
c = Client(st.port)


def metrics():
    r = c.get("/metrics")
    return r, r.text


def value(text, sample):
    """The value of one sample line, e.g. 'ddd_logins_total{result="ok"}'."""
    for line in text.splitlines():
        if line.startswith(sample + " "):
            return float(line.split(" ")[-1])
    return None


r, m0 = metrics()
is_(r.status, 200, "/metrics from the host: 200")
ok((r.header("Content-Type") or "").startswith("text/plain; version=0.0.4"),
   "Prometheus text format 0.0.4", r.header("Content-Type"))
is_(r.header("Cache-Control"), "no-store", "not cached")
is_(Client(st.port, source="127.0.0.2").get("/metrics").status, 404,
    "another address: 404, as a page that is not there")

# Log-ins: one good, five wrong, then the throttle.
student = fixture.login(st, "de-brug", "1001")
MENTOR = "j.bakker@debrug.example"
fixture.set_password(st, "de-brug", MENTOR)
codes = []
for i in range(6):
    a = Client(st.port)
    codes.append(a.post("/login", {"school": "de-brug", "username": MENTOR,
                                   "password": "fout-%d-wachtwoord" % i,
                                   "csrf": fixture.csrf(a.get("/login"))}).status)
is_(codes, [422] * 5 + [429], "five wrong passwords, then throttled")

# A PDF from the render processes.
t = fixture.csrf(student.get("/dossiers"))
loc = student.post("/dossiers/nieuw", {"csrf": t}).header("Location") or ""
did = re.search(r"/dossiers/(\d+)/", loc).group(1)
dossiers.fill(student, lambda n: "/dossiers/%s/stap/%d" % (did, n), ["deel-a"], t)
pdf = student.get("/dossiers/%s/deel-a.pdf" % did)
ok(pdf.status == 200 and pdf.body.startswith(b"%PDF-"), "a PDF rendered")

# The outbox, as the mailer leaves it: two waiting (one for two hours),
# one failed.
st.sql("INSERT INTO outbox (tenant_id, kind, to_addr, subject, body_xml, status, created_at) "
       "SELECT id, 'bericht', 'a@example.nl', 's', '<m/>', 'queued', NOW() - INTERVAL 2 HOUR "
       "FROM tenant WHERE slug = 'de-brug'")
st.sql("INSERT INTO outbox (tenant_id, kind, to_addr, subject, body_xml, status) "
       "SELECT id, 'bericht', 'b@example.nl', 's', '<m/>', 'queued' FROM tenant WHERE slug = 'de-brug'")
st.sql("INSERT INTO outbox (tenant_id, kind, to_addr, subject, body_xml, status, attempts) "
       "SELECT id, 'bericht', 'c@example.nl', 's', '<m/>', 'failed', 8 FROM tenant WHERE slug = 'de-brug'")
queued = int(st.sql("SELECT COUNT(*) FROM outbox WHERE status IN ('queued', 'sending')")[0][0])
st.dddctl("remind")

r, m = metrics()
p = subprocess.run(["promtool", "check", "metrics"], input=m, text=True,
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
is_(p.returncode, 0, "promtool check metrics accepts it")
ok(p.stdout.strip() == "", "with no lint remark", p.stdout)
is_(value(m, 'ddd_logins_total{result="ok"}'), 1.0, "one good log-in")
is_(value(m, 'ddd_logins_total{result="failed"}'), 5.0, "five failed")
is_(value(m, "ddd_login_throttled_total"), 1.0, "one throttled")
is_(value(m, 'ddd_http_requests_total{route="login",status="422"}'), 5.0,
    "requests by route and status: five 422 on login")
is_(value(m, 'ddd_http_requests_total{route="login",status="429"}'), 1.0, "one 429")
is_(value(m, 'ddd_http_requests_total{route="metrics",status="200"}'), 1.0,
    "the first scrape counted")
n = value(m, 'ddd_http_request_duration_seconds_count{route="step"}')
ok(n is not None and n >= 1, "latency histogram per route (step: %s)" % n)
is_(value(m, 'ddd_http_request_duration_seconds_bucket{route="login",le="+Inf"}'),
    value(m, 'ddd_http_request_duration_seconds_count{route="login"}'),
    "the +Inf bucket is the count")
ok((value(m, "ddd_db_queries_total") or 0) > 20, "database round trips counted")
is_(value(m, 'ddd_db_errors_total{kind="unavailable"}'), 0.0, "no database lost")
is_(value(m, 'ddd_pdf_renders_total{renderer="native",result="ok"}'), 1.0,
    "one PDF by our renderer")
is_(value(m, 'ddd_pdf_render_duration_seconds_count{renderer="native"}'), 1.0,
    "its duration in the histogram")
is_(value(m, "ddd_outbox_depth"), float(queued), "outbox depth from the database")
ok((value(m, "ddd_outbox_oldest_age_seconds") or 0) >= 7200, "the oldest mail's age")
is_(value(m, 'ddd_outbox_mails{status="failed"}'), 1.0, "failed mails")
schema = int(st.sql("SELECT MAX(version) FROM schema_version")[0][0])
is_(value(m, "ddd_schema_version"), float(schema), "schema version")
is_(value(m, "ddd_schema_version_expected"), float(schema), "and the build's")
ok(re.search(r'^ddd_build_info\{version="[0-9.]+"\} 1$', m, re.M), "build version")
ok((value(m, 'ddd_job_last_success_timestamp_seconds{job="remind"}') or 0) > 0,
   "dddctl remind's stamp")
is_(value(m, 'ddd_job_last_success_timestamp_seconds{job="purge"}'), 0.0,
    "purge never ran")

s = st.dddctl("status")
out = s.stdout
is_(s.returncode, 0, "dddctl status: exit 0")
contains(out, "schema version %d" % schema, "status: the schema")
contains(out, "%d mails waiting, the oldest 2 h old" % queued, "status: outbox and oldest mail")
contains(out, "! mail waits over an hour", "status: says the mail is stuck")
contains(out, "1 failed", "status: failed mails")
ok(re.search(r"last remind +\d{4}-\d\d-\d\d \d\d:\d\d UTC \(\d+ s ago\): \d+ reminders queued", out),
   "status: last remind", out)
ok(re.search(r"last purge +never", out), "status: purge never ran", out)
st.dddctl("purge")
out = st.dddctl("status").stdout
ok(re.search(r"last purge +\d{4}-.*deleted", out), "status: last purge after a purge", out)
contains(st.log("worker.log"), "event=access", "the worker logs as before")
done()
