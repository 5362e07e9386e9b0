"""A real SAML 2.0 identity provider for the tests: Debian's simplesamlphp
(1.19) under PHP's built-in server on loopback, configured here in a folder
of its own: its key and certificate (openssl), exampleauth:UserPass with
test users whose attributes look like Entree's, and our SP as its one
remote SP.  A browser's part (follow the AuthnRequest, log in, take the
POSTed SAMLResponse) is `login`.  The browser test starts it as a
program: `idp_saml.py serve FOLDER SPEC.json` prints {"entity_id": ...,
"url": ..., "metadata": ...} and runs until its standard input closes."""
import html
import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

SSP = "/usr/share/simplesamlphp"

# Test users, attributes as Entree releases them (urn:mace names).
USERS = {
    "leerling1": {
        "password": "ww-leerling1",
        "attrs": {
            "urn:mace:dir:attribute-def:uid": ["leerling1"],
            "urn:mace:dir:attribute-def:employeeNumber": ["100201"],
            "urn:mace:dir:attribute-def:eduPersonAffiliation": ["student"],
            "urn:mace:dir:attribute-def:nlEduPersonHomeOrganizationId": ["99XX"],
            "urn:mace:dir:attribute-def:mail": ["leerling1@school.example"],
        },
    },
    "mentor1": {
        "password": "ww-mentor1",
        "attrs": {
            "urn:mace:dir:attribute-def:uid": ["mentor1"],
            "urn:mace:dir:attribute-def:eduPersonAffiliation": ["employee", "staff"],
            "urn:mace:dir:attribute-def:nlEduPersonHomeOrganizationId": ["99XX"],
            "urn:mace:dir:attribute-def:mail": ["mentor1@school.example"],
        },
    },
}


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def keypair(folder, name, cn):
    """A self-signed RSA key and certificate (PEM) in folder."""
    key = os.path.join(folder, name + ".key")
    crt = os.path.join(folder, name + ".crt")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-keyout", key, "-out", crt, "-days", "30", "-subj", "/CN=" + cn],
                   check=True, capture_output=True)
    return key, crt


def cert_b64(crt):
    with open(crt) as f:
        pem = f.read()
    return "".join(pem.split("-----BEGIN CERTIFICATE-----")[1]
                   .split("-----END CERTIFICATE-----")[0].split())


def php(v):
    """A Python value as PHP source."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(v, list):
        return "[" + ", ".join(php(x) for x in v) + "]"
    if isinstance(v, dict):
        return "[" + ", ".join("%s => %s" % (php(k), php(x)) for k, x in v.items()) + "]"
    raise TypeError(v)


class SamlIdp:
    def __init__(self, folder):
        self.dir = os.path.join(folder, "idp")
        self.port = free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.entity_id = self.url + "/saml2/idp/metadata.php"
        self.proc = None
        self.sp = None

    def path(self, *p):
        return os.path.join(self.dir, *p)

    def write(self, name, text):
        with open(self.path(name), "w") as f:
            f.write(text)

    def setup(self, sp_entity_id, sp_acs, sp_cert, encrypt=False, lifetime=300, sp_slo=None):
        """The IdP's files; our SP (its entityID, ACS, certificate) the one
        it answers.  encrypt: assertions encrypted for the SP."""
        for d in ("config", "metadata", "cert", "tmp", "data", "log"):
            os.makedirs(self.path(d), exist_ok=True)
        if not os.path.exists(self.path("cert", "idp.crt")):
            keypair(self.path("cert"), "idp", "test-idp")
        self.write("config/config.php", "<?php\n$config = %s;\n" % php({
            "baseurlpath": self.url + "/",
            "certdir": self.path("cert") + "/",
            "loggingdir": self.path("log") + "/",
            "datadir": self.path("data") + "/",
            "tempdir": self.path("tmp"),
            "metadatadir": self.path("metadata") + "/",
            "technicalcontact_email": "na@example.org",
            "secretsalt": "test-salt-" + os.urandom(8).hex(),
            "auth.adminpassword": os.urandom(8).hex(),
            "timezone": "UTC",
            "enable.saml20-idp": True,
            "module.enable": {"exampleauth": True, "core": True, "saml": True},
            "logging.handler": "file",
            "logging.logfile": "ssp.log",
            "store.type": "phpsession",
            "session.cookie.secure": False,
            "session.phpsession.savepath": self.path("tmp"),
            "language.cookie.secure": False,
            "production": True,
        }))
        users = {}
        for name, u in USERS.items():
            users["%s:%s" % (name, u["password"])] = u["attrs"]
        self.write("config/authsources.php", "<?php\n$config = %s;\n" % php({
            "admin": ["core:AdminPassword"],
            "users": dict({0: "exampleauth:UserPass"}, **users),
        }).replace("0 => 'exampleauth:UserPass'", "'exampleauth:UserPass'"))
        self.write("metadata/saml20-idp-hosted.php",
                   "<?php\n$metadata['__DYNAMIC:1__'] = %s;\n" % php({
                       "host": "__DEFAULT__",
                       "privatekey": "idp.key",
                       "certificate": "idp.crt",
                       "auth": "users",
                       "attributes.NameFormat": "urn:oasis:names:tc:SAML:2.0:attrname-format:uri",
                       "assertion.lifetime": lifetime,
                       "signature.algorithm": "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
                       # As Entree and SURFconext: log-out messages signed.
                       "sign.logout": True,
                   }))
        self.sp = (sp_entity_id, sp_acs, sp_cert)
        self.write("metadata/saml20-sp-remote.php",
                   "<?php\n$metadata[%s] = %s;\n" % (php(sp_entity_id), php({
                       "AssertionConsumerService": [{
                           "Binding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
                           "Location": sp_acs, "index": 0}],
                       "certData": cert_b64(sp_cert),
                       # Our AuthnRequests must be signed: the IdP checks.
                       "validate.authnrequest": True,
                       "assertion.encryption": encrypt,
                       "NameIDFormat": "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
                       # Single log-out with us; our messages must be signed.
                       "SingleLogoutService": [{
                           "Binding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect",
                           "Location": sp_slo or sp_acs.replace("/acs", "/slo")}],
                       "validate.logout": True,
                   })))

    def metadata(self):
        """The IdP's metadata (EntityDescriptor), as a school hands it."""
        with urllib.request.urlopen(self.entity_id, timeout=20) as r:
            return r.read().decode()

    def start(self):
        env = dict(os.environ, SIMPLESAMLPHP_CONFIG_DIR=self.path("config"))
        self.log = open(self.path("php.log"), "w")
        self.proc = subprocess.Popen(
            # No opcode cache: setup() rewrites the metadata between logins.
            ["php", "-d", "opcache.enable=0", "-S", "127.0.0.1:%d" % self.port, "-t", os.path.join(SSP, "www")],
            env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("simplesamlphp did not start")

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=10)
        self.proc = None

    def login(self, redirect_url, user, password=None):
        """A browser: follow our AuthnRequest to the IdP, log in as user,
        and take what the IdP posts back: (SAMLResponse, RelayState,
        action URL)."""
        password = password or USERS[user]["password"]
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.browser = opener
        with opener.open(redirect_url, timeout=30) as r:
            page = r.read().decode()
            url = r.geturl()
        m = re.search(r'name="AuthState" value="([^"]+)"', page)
        if m is None:
            raise RuntimeError("no log-in form at %s:\n%s" % (url, page[:3000]))
        form = urllib.parse.urlencode({"username": user, "password": password,
                                       "AuthState": html.unescape(m.group(1))}).encode()
        with opener.open(url.split("?")[0], data=form, timeout=30) as r:
            page = r.read().decode()
        fields = dict((k, html.unescape(v)) for k, v in
                      re.findall(r'<input type="hidden" name="([A-Za-z]+)" value="([^"]*)"', page))
        action = re.search(r'<form method="post"\s+action="([^"]+)"', page)
        if "SAMLResponse" not in fields:
            raise RuntimeError("no SAMLResponse posted back:\n" + page[:3000])
        return fields["SAMLResponse"], fields.get("RelayState", ""), \
            html.unescape(action.group(1)) if action else None

    def follow(self, url, stop):
        """The browser of the last log-in (its IdP cookies) follows
        redirects from url until one leads to a URL under stop (ours),
        which it returns instead of opening; or the last page's URL."""
        class Stop(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, req, fp, code, msg, headers, newurl):
                if newurl.startswith(stop):
                    raise _Arrived(newurl)
                return super().redirect_request(req, fp, code, msg, headers, newurl)
        jar = [h for h in self.browser.handlers
               if isinstance(h, urllib.request.HTTPCookieProcessor)][0].cookiejar
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), Stop)
        if url.startswith(stop):
            return url
        try:
            with opener.open(url, timeout=30) as r:
                page = r.read().decode(errors="replace")
                return r.geturl(), page
        except _Arrived as a:
            return a.url


class _Arrived(Exception):
    def __init__(self, url):
        super().__init__(url)
        self.url = url


def serve(folder, spec_path):
    """For the browser test: spec's users (username, password, org,
    affiliation, number, email) and SP (entity_id, acs, cert); start, print
    the IdP's entityID and metadata, run until standard input closes."""
    with open(spec_path) as f:
        spec = json.load(f)
    USERS.clear()
    for u in spec["users"]:
        a = {"urn:mace:dir:attribute-def:uid": [u["username"]],
             "urn:mace:dir:attribute-def:eduPersonAffiliation": u["affiliation"],
             "urn:mace:dir:attribute-def:nlEduPersonHomeOrganizationId": [u["org"]],
             "urn:mace:dir:attribute-def:mail": [u.get("email") or u["username"] + "@school.example"]}
        if u.get("number"):
            a["urn:mace:dir:attribute-def:employeeNumber"] = [u["number"]]
        USERS[u["username"]] = {"password": u["password"], "attrs": a}
    idp = SamlIdp(folder)
    sp = spec["sp"]
    idp.setup(sp["entity_id"], sp["acs"], sp["cert"])
    idp.start()
    try:
        md = re.sub(r"^<\?xml[^>]*\?>\s*", "", idp.metadata())
        print(json.dumps({"entity_id": idp.entity_id, "url": idp.url, "metadata": md}), flush=True)
        sys.stdin.read()
    finally:
        idp.stop()


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "serve":
        serve(sys.argv[2], sys.argv[3])
    else:
        sys.exit("usage: idp_saml.py serve FOLDER SPEC.json")
