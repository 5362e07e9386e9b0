"""A real OpenID provider for the tests: Debian's glewlwyd (C, SQLite
backend), started on loopback in a folder of its own, configured by the
test through its admin API: an OIDC plugin signing with an RSA key made
here, one confidential client, and users whose attributes look like
Entree's (nlEduPersonHomeOrganizationId, eduPersonAffiliation,
employeeNumber, e-mail), released as claims.

    idp = Glewlwyd(folder)          # starts it; idp.issuer, idp.stop()
    idp.add_client("ddd", "secret", ["http://127.0.0.1:NNNN/sso/oidc/callback"])
    idp.add_user("leerling1", "pw", org="12AB", affiliation=["student"],
                 number="1001", email="...")
    idp.login_and_authorize(url, "leerling1", "pw") -> the redirect back

Debian ships glewlwyd without its web pages; the log-in page here
(login.html, written into its static folder) does what glewlwyd's own
does: post the name and password to its log-in API, grant the client,
and go on to the authorization request.  The browser test starts it as a
program: `idp_oidc.py serve FOLDER SPEC.json` prints {"issuer": ...} and
runs until its standard input closes.

Standard library, openssl and glewlwyd only."""
import http.cookiejar
import json
import os
import signal
import socket
import sys
import sqlite3
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

SCHEMA = "/usr/share/dbconfig-common/data/glewlwyd/install/sqlite3"
GLEWLWYD = "/usr/bin/glewlwyd"
ADMIN_PASSWORD = "password"  # the one the Debian schema's admin row has


def available():
    return os.path.exists(GLEWLWYD) and os.path.exists(SCHEMA)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


LOGIN_HTML = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Inloggen bij de school (test-IdP)</title></head>
<body><main><h1>Inloggen bij de school</h1>
<form id="f"><p><label for="u">Gebruikersnaam</label> <input id="u" autocomplete="username"></p>
<p><label for="p">Wachtwoord</label> <input id="p" type="password" autocomplete="current-password"></p>
<p><button type="submit">Log in</button></p></form><p id="msg" role="alert"></p>
<script>
document.getElementById('f').addEventListener('submit', async (e) => {
  e.preventDefault();
  const q = new URLSearchParams(location.search);
  const json = { 'Content-Type': 'application/json' };
  let r = await fetch('api/auth/', { method: 'POST', headers: json, body: JSON.stringify(
    { username: document.getElementById('u').value, password: document.getElementById('p').value }) });
  if (r.status !== 200) { document.getElementById('msg').textContent = 'Onjuist'; return; }
  r = await fetch('api/auth/grant/' + encodeURIComponent(q.get('client_id')) + '/', {
    method: 'PUT', headers: json, body: JSON.stringify({ scope: q.get('scope') }) });
  location.href = q.get('callback_url') + '&g_continue';
});
</script></main></body></html>
"""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **kw):
        return None


class Browser:
    """Cookies, no redirects followed: what a browser sends to the IdP."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def call(self, method, url, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            r = self.opener.open(req, timeout=20)
            return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()


class Glewlwyd:
    def __init__(self, folder):
        self.dir = folder
        os.makedirs(folder, exist_ok=True)
        self.port = free_port()
        self.base = "http://127.0.0.1:%d" % self.port
        self.issuer = self.base + "/api/oidc"
        self.db = os.path.join(folder, "glewlwyd.db")
        self.log = os.path.join(folder, "glewlwyd.log")
        self.key = os.path.join(folder, "idp-key.pem")
        self.pub = os.path.join(folder, "idp-pub.pem")
        subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt",
                        "rsa_keygen_bits:2048", "-out", self.key],
                       check=True, capture_output=True)
        subprocess.run(["openssl", "pkey", "-in", self.key, "-pubout", "-out", self.pub],
                       check=True, capture_output=True)
        self._make_db()
        self._write_config()
        with open(os.path.join(folder, "login.html"), "w") as f:
            f.write(LOGIN_HTML)
        self.proc = subprocess.Popen([GLEWLWYD, "--config-file=" + self.conf],
                                     stdout=open(os.path.join(folder, "stdout.log"), "w"),
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self._wait()
        self.admin = Browser()
        st, _, body = self.admin.call("POST", self.base + "/api/auth/",
                                      {"username": "admin", "password": ADMIN_PASSWORD})
        if st != 200:
            raise RuntimeError("glewlwyd admin log-in: %d %s" % (st, body[:300]))

    # --- set-up -------------------------------------------------------
    def _make_db(self):
        with open(SCHEMA, encoding="utf-8") as f:
            script = f.read()
        con = sqlite3.connect(self.db)
        con.executescript(script)
        # The user module keeps our attributes (one or many values).
        row = con.execute("SELECT gumi_parameters FROM g_user_module_instance "
                          "WHERE gumi_name = 'database'").fetchone()
        params = json.loads(row[0])
        for name, multiple in (("nlEduPersonHomeOrganizationId", False),
                               ("eduPersonAffiliation", True), ("employeeNumber", False)):
            params["data-format"][name] = {"multiple": multiple, "read": True, "write": True,
                                           "profile-read": True, "profile-write": False}
        con.execute("UPDATE g_user_module_instance SET gumi_parameters = ? WHERE gumi_name = "
                    "'database'", (json.dumps(params),))
        with open(self.key) as f:
            key = f.read()
        with open(self.pub) as f:
            pub = f.read()
        claims = [{"name": n, "user-property": n, "type": "string", "mandatory": True,
                   "on-demand": False, "scope": []}
                  for n in ("nlEduPersonHomeOrganizationId", "eduPersonAffiliation",
                            "employeeNumber")]
        oidc = {"iss": self.issuer, "jwt-type": "rsa", "jwt-key-size": "256",
                "key": key, "cert": pub, "access-token-duration": 3600,
                "refresh-token-duration": 1209600, "code-duration": 600,
                "refresh-token-rolling": False, "allow-non-oidc": False,
                "auth-type-code-enabled": True, "auth-type-token-enabled": False,
                "auth-type-id-token-enabled": False, "auth-type-none-enabled": False,
                "auth-type-password-enabled": False, "auth-type-client-enabled": False,
                "auth-type-refresh-enabled": False, "pkce-allowed": True,
                "email-claim": "mandatory", "name-claim": "mandatory",
                "scope-claim": "no", "claims": claims, "scope": [],
                "allowed-scope": ["openid"], "subject-type": "public"}
        con.execute("INSERT INTO g_plugin_module_instance (gpmi_module, gpmi_name, "
                    "gpmi_display_name, gpmi_parameters) VALUES ('oidc', 'oidc', "
                    "'OpenID Connect', ?)", (json.dumps(oidc),))
        con.commit()
        con.close()

    def _write_config(self):
        self.conf = os.path.join(self.dir, "glewlwyd.conf")
        with open(self.conf, "w") as f:
            f.write('''port=%d
bind_address="127.0.0.1"
external_url="%s"
login_url="login.html"
static_files_path="%s"
api_prefix="api"
allow_origin="*"
log_mode="file"
log_level="INFO"
log_file="%s"
cookie_secure=0
cookie_same_site="empty"
session_expiration=3600
session_key="GLEWLWYD2_SESSION_ID"
admin_session_authentication="cookie"
profile_session_authentication="cookie"
allow_multiple_user_per_session=true
login_api_enabled=true
admin_scope="g_admin"
profile_scope="g_profile"
user_module_path="/usr/lib/glewlwyd/user"
client_module_path="/usr/lib/glewlwyd/client"
user_auth_scheme_module_path="/usr/lib/glewlwyd/scheme"
plugin_module_path="/usr/lib/glewlwyd/plugin"
use_secure_connection=false
secure_connection_key_file="/nonexistent"
secure_connection_pem_file="/nonexistent"
hash_algorithm="SHA512"
static_files_mime_types = ( { extension = ".html" mime_type = "text/html" } );
database = { type = "sqlite3" path = "%s" };
''' % (self.port, self.base, self.dir, self.log, self.db))

    def _wait(self, timeout=30):
        end = time.time() + timeout
        while time.time() < end:
            if self.proc.poll() is not None:
                raise RuntimeError("glewlwyd exited %d: %s" % (self.proc.returncode,
                                                               self.logs()[-2000:]))
            try:
                with urllib.request.urlopen(self.issuer + "/.well-known/openid-configuration",
                                            timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.2)
        raise RuntimeError("glewlwyd did not start: " + self.logs()[-2000:])

    def logs(self):
        out = ""
        for name in ("stdout.log", "glewlwyd.log"):
            p = os.path.join(self.dir, name)
            if os.path.exists(p):
                with open(p, errors="replace") as f:
                    out += f.read()
        return out

    def _admin(self, method, path, body):
        st, _, data = self.admin.call(method, self.base + "/api" + path, body)
        if st != 200:
            raise RuntimeError("glewlwyd %s %s: %d %s" % (method, path, st, data[:500]))
        return data

    def add_client(self, client_id, secret, redirect_uris):
        self._admin("POST", "/client/", {
            "client_id": client_id, "name": client_id, "confidential": True,
            "password": secret, "enabled": True, "scope": ["openid"],
            "redirect_uri": list(redirect_uris), "authorization_type": ["code"],
            "token_endpoint_auth_method": ["client_secret_basic"]})

    def add_user(self, username, password, org, affiliation, number=None, email="",
                 name="Test"):
        u = {"username": username, "password": password, "name": name, "email": email,
             "enabled": True, "scope": ["openid", "g_profile"],
             "nlEduPersonHomeOrganizationId": org,
             "eduPersonAffiliation": list(affiliation)}
        if number:
            u["employeeNumber"] = number
        self._admin("POST", "/user/", u)

    def login_and_authorize(self, auth_url, username, password, client_id):
        """What the user does at the IdP, as glewlwyd's log-in page does
        it: the authorization request sends the browser to the log-in
        page with a callback_url; the page posts the user's name and
        password to the log-in API, grants the client openid, and goes
        on to callback_url with g_continue: the redirect back to the
        client (or None and why)."""
        b = Browser()
        st, hdrs, data = b.call("GET", auth_url)
        loc = hdrs.get("Location") or hdrs.get("location") or ""
        q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(loc).query))
        if st != 302 or "callback_url" not in q:
            return None, "auth did not send to the log-in page: %d %s" % (st, loc)
        st, _, data = b.call("POST", self.base + "/api/auth/",
                             {"username": username, "password": password})
        if st != 200:
            return None, "log-in %d %s" % (st, data[:200])
        st, _, data = b.call("PUT", self.base + "/api/auth/grant/%s/" % client_id,
                             {"scope": "openid"})
        if st != 200:
            return None, "grant %d %s" % (st, data[:200])
        st, hdrs, data = b.call("GET", q["callback_url"] + "&g_continue")
        loc = hdrs.get("Location") or hdrs.get("location")
        if st not in (301, 302, 303) or not loc:
            return None, "auth %d %s" % (st, data[:300])
        return loc, ""

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


def serve(folder, spec_path):
    """For the browser test: start, add spec's client and users, print
    the issuer, run until standard input closes."""
    with open(spec_path) as f:
        spec = json.load(f)
    idp = Glewlwyd(folder)
    try:
        c = spec["client"]
        idp.add_client(c["id"], c["secret"], c["redirect_uris"])
        for u in spec["users"]:
            idp.add_user(u["username"], u["password"], u["org"], u["affiliation"],
                         u.get("number"), u.get("email", ""), u.get("name", "Test"))
        print(json.dumps({"issuer": idp.issuer}), flush=True)
        sys.stdin.read()
    finally:
        idp.stop()


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "serve":
        serve(sys.argv[2], sys.argv[3])
    else:
        sys.exit("usage: idp_oidc.py serve FOLDER SPEC.json")
