"""API clients with a client certificate (mutual TLS through nginx, RFC
8705): the operator registers the certificate (dddctl api-client add
--cert), nginx asks for it (ssl_verify_client optional_no_ca) and passes it
on in the shipped /api/ location (DDD_CLIENT_CERT), the worker compares its
SHA-256.  Such a client gets a token with its certificate and no secret, and
the token works only with the same certificate: not without one, not with
another, not over plain HTTP.  A header cannot stand in for the
certificate.  This runs a second nginx with a TLS listener, made from the
stack's own nginx.conf (the same locations), beside the plain one."""
import atexit, hashlib, http.client, json, os, re, signal, ssl, subprocess, sys, time, urllib.parse
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done
import fixture, dossiers
from openapi import Contract
from stack import SRCDIR, free_port

st = fixture.start("api-mtls")
fixture.import_demo(st)
st.sql("UPDATE account SET ddd_activated_at = NOW() WHERE role = 'leerling'")
_, _, did = dossiers.afgerond(st, fixture, "1001", "j.bakker@debrug.example")
CONTRACT = Contract.load(os.path.join(SRCDIR, "schema", "openapi.json"))


def openssl(*args):
    subprocess.run(["openssl"] + list(args), check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


pki = st.path("pki")
os.makedirs(pki, exist_ok=True)
P = lambda n: os.path.join(pki, n)
openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
        "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", P("server.key"), "-out", P("server.pem"))
for who in ("college", "stranger"):
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-days", "2", "-subj", "/CN=" + who, "-keyout", P(who + ".key"), "-out", P(who + ".pem"))
der = subprocess.run(["openssl", "x509", "-in", P("college.pem"), "-outform", "DER"],
                     stdout=subprocess.PIPE, check=True).stdout

r = st.dddctl("api-client", "add", "roc-rijnland", "Intake met certificaat", "--cert", P("college.pem"))
cid = re.search(r"^client_id\s+(\S+)$", r.stdout, re.M).group(1)
m = re.search(r"^cert_sha256\s+([0-9a-f]{64})$", r.stdout, re.M)
is_(m.group(1) if m else None, hashlib.sha256(der).hexdigest(),
    "api-client add --cert: the certificate's SHA-256 (of its DER) is registered")
ok("client_secret" not in r.stdout, "and no secret is made")
r = st.dddctl("api-client", "add", "roc-rijnland", "x", "--cert", P("server.key"), check=False)
ok(r.returncode != 0 and "not a PEM certificate" in r.stderr, "a file that is no certificate: refused")
r = st.dddctl("api-client", "add", "roc-rijnland", "Met geheim")
sec_id = re.search(r"^client_id\s+(\S+)$", r.stdout, re.M).group(1)
secret = re.search(r"^client_secret\s+(\S+)$", r.stdout, re.M).group(1)

# A TLS listener from the stack's nginx.conf: the same locations.
tls_port = free_port()
with open(st.path("nginx.conf")) as f:
    conf = f.read()
conf = conf.replace("pid %s/nginx.pid;" % st.dir, "pid %s/nginx-tls.pid;" % st.dir)
conf = conf.replace("error_log %s/nginx-error.log" % st.dir, "error_log %s/nginx-tls-error.log" % st.dir)
listen = "listen 127.0.0.1:%d;" % st.port
ok(listen in conf, "the stack's nginx.conf has its listener")
conf = conf.replace(listen, "listen 127.0.0.1:%d ssl;\n        ssl_certificate %s;\n"
                    "        ssl_certificate_key %s;\n        ssl_verify_client optional_no_ca;"
                    % (tls_port, P("server.pem"), P("server.key")))
with open(st.path("nginx-tls.conf"), "w") as f:
    f.write(conf)
log = open(st.path("nginx-tls.log"), "ab")
tls = subprocess.Popen(["nginx", "-c", st.path("nginx-tls.conf"), "-p", st.dir], stdout=log,
                       stderr=subprocess.STDOUT, start_new_session=True)


def stop_tls():
    if tls.poll() is None:
        os.killpg(tls.pid, signal.SIGTERM)
        tls.wait(30)


atexit.register(stop_tls)   # before the stack's clean-up runs (LIFO)
for _ in range(100):
    try:
        socketok = __import__("socket").create_connection(("127.0.0.1", tls_port), 1)
        socketok.close()
        break
    except OSError:
        time.sleep(0.1)


def call(method, path, body=None, headers=None, cert=None, plain=False):
    h = dict(headers or {})
    if plain:
        conn = http.client.HTTPConnection("127.0.0.1", st.port, timeout=30)
    else:
        ctx = ssl.create_default_context(cafile=P("server.pem"))
        if cert:
            ctx.load_cert_chain(P(cert + ".pem"), P(cert + ".key"))
        conn = http.client.HTTPSConnection("127.0.0.1", tls_port, timeout=30, context=ctx)
    conn.request(method, path, body=body, headers=h)
    r = conn.getresponse()
    data = r.read()
    conn.close()
    problems = CONTRACT.check(method, path, r.status, r.getheaders(), data)
    ok(not problems, "contract: %s %s -> %d" % (method, path, r.status), "\n".join(problems))
    try:
        doc = json.loads(data)
    except ValueError:
        doc = None
    return r, doc


def token(cert=None, plain=False, **form):
    form.setdefault("grant_type", "client_credentials")
    return call("POST", "/api/v1/token", urllib.parse.urlencode(form),
                {"Content-Type": "application/x-www-form-urlencoded"}, cert, plain)


r, doc = token("college", client_id=cid)
is_(r.status, 200, "a token with the registered certificate and no secret")
tok = (doc or {}).get("access_token", "")
bearer = {"Authorization": "Bearer " + tok}
r, doc = call("GET", "/api/v1/dossiers/%s" % did, headers=bearer, cert="college")
is_(r.status, 200, "the token works with the certificate")
r, doc = call("GET", "/api/v1/dossiers/%s" % did, headers=bearer)
is_(r.status, 401, "the token over TLS without the certificate: 401 (bound to it)")
r, doc = call("GET", "/api/v1/dossiers/%s" % did, headers=bearer, cert="stranger")
is_(r.status, 401, "with another certificate: 401")
r, doc = call("GET", "/api/v1/dossiers/%s" % did, headers=bearer, plain=True)
is_(r.status, 401, "over plain HTTP: 401")
esc = urllib.parse.quote(open(P("college.pem")).read(), safe="")
r, doc = call("GET", "/api/v1/dossiers/%s" % did,
              headers=dict(bearer, **{"DDD-Client-Cert": esc, "Ddd_Client_Cert": esc}), plain=True)
is_(r.status, 401, "a request header cannot stand in for the certificate")

r, doc = token(client_id=cid)
is_((r.status, (doc or {}).get("error")), (401, "invalid_client"), "no certificate: no token")
r, doc = token("stranger", client_id=cid)
is_((r.status, (doc or {}).get("error")), (401, "invalid_client"), "another certificate: no token")
r, doc = token("college", client_id=cid, client_secret="x" * 43)
is_((r.status, (doc or {}).get("error")), (401, "invalid_client"),
    "a secret is no way in for a certificate client (it has none)")
r, doc = token("college", client_id=sec_id)
is_((r.status, (doc or {}).get("error")), (401, "invalid_client"),
    "a certificate is no way in for a client with a secret")
r, doc = token(client_id=sec_id, client_secret=secret)
is_(r.status, 200, "a client with a secret gets its token over TLS as well")
r, doc = call("GET", "/api/v1/dossiers", headers={"Authorization": "Bearer " + doc["access_token"]})
is_(r.status, 200, "and uses it without a certificate")
worker = st.log("worker.log")
ok(re.search(r"event=api_token tenant=\d+ client=%s scopes=\S+ \S*cert=1" % cid, worker) or
   re.search(r"event=api_token .*client=%s .*cert=1" % cid, worker),
   "the worker's log says the token went with a certificate")

stop_tls()
done()
