"""An OpenID provider of the test's own on loopback, for the refusals a
real provider will not produce: it serves discovery, a JWKS, an
authorization endpoint that sends the browser straight back with a code,
and a token endpoint that answers with whatever ID token the test minted
(signed by the test's own RSA keys through the openssl command, or with
alg "none").  Standard library and openssl only."""
import base64
import hashlib
import http.server
import json
import os
import subprocess
import tempfile
import threading
import time
import urllib.parse


def b64u(data):
    if isinstance(data, str):
        data = data.encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class RsaKey:
    """An RSA key made with openssl; signs RS256; its public JWK."""

    def __init__(self, kid, folder):
        self.kid = kid
        self.path = os.path.join(folder, "%s.pem" % kid)
        subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt",
                        "rsa_keygen_bits:2048", "-out", self.path],
                       check=True, capture_output=True)
        mod = subprocess.run(["openssl", "rsa", "-in", self.path, "-noout",
                              "-modulus"], check=True, capture_output=True,
                             text=True).stdout.strip().split("=", 1)[1]
        self.n = bytes.fromhex(mod)

    def jwk(self):
        return {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": self.kid,
                "n": b64u(self.n), "e": b64u(b"\x01\x00\x01")}

    def sign(self, data):
        return subprocess.run(["openssl", "dgst", "-sha256", "-sign", self.path],
                              input=data, check=True,
                              capture_output=True).stdout


def jwt(header, claims, key=None):
    """A compact JWS: signed by key (RS256), or unsigned (alg none)."""
    head = b64u(json.dumps(header, separators=(",", ":")))
    body = b64u(json.dumps(claims, separators=(",", ":")))
    signing_input = ("%s.%s" % (head, body)).encode()
    sig = b64u(key.sign(signing_input)) if key is not None else ""
    return "%s.%s.%s" % (head, body, sig)


class RogueOP:
    """The provider.  Set mint(auth) -> id_token (auth: the authorization
    request's parameters, nonce among them) before a log-in."""

    def __init__(self, client_id="ddd-test", client_secret="geheim-1"):
        self.folder = tempfile.mkdtemp(prefix="ddd-rogue-op-")
        self.keys = [RsaKey("rogue-1", self.folder)]
        self.client_id = client_id
        self.client_secret = client_secret
        self.auth_requests = []
        self.token_requests = []
        self.jwks_fetches = 0
        self.mint = None
        self.access_token = "at-" + b64u(os.urandom(12))
        op = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def answer(self, status, body, ctype="application/json", headers=()):
                data = body.encode() if isinstance(body, str) else body
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                for k, v in headers:
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                u = urllib.parse.urlsplit(self.path)
                if u.path == "/.well-known/openid-configuration":
                    self.answer(200, json.dumps(op.discovery()))
                elif u.path == "/jwks":
                    op.jwks_fetches += 1
                    self.answer(200, json.dumps({"keys": [k.jwk() for k in op.keys]}))
                elif u.path == "/authorize":
                    q = dict(urllib.parse.parse_qsl(u.query))
                    op.auth_requests.append(q)
                    loc = "%s?%s" % (q.get("redirect_uri", ""), urllib.parse.urlencode(
                        {"code": "code-%d" % len(op.auth_requests), "state": q.get("state", "")}))
                    self.answer(302, "", "text/plain", [("Location", loc)])
                else:
                    self.answer(404, "{}")

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                form = dict(urllib.parse.parse_qsl(self.rfile.read(n).decode()))
                form["authorization"] = self.headers.get("Authorization", "")
                op.token_requests.append(form)
                if self.path != "/token":
                    return self.answer(404, "{}")
                auth = op.auth_requests[-1] if op.auth_requests else {}
                tok = op.mint(auth) if op.mint else ""
                self.answer(200, json.dumps({"access_token": op.access_token,
                                             "token_type": "Bearer",
                                             "expires_in": 300, "id_token": tok}))

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.issuer = "http://127.0.0.1:%d" % self.port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def discovery(self):
        return {"issuer": self.issuer,
                "authorization_endpoint": self.issuer + "/authorize",
                "token_endpoint": self.issuer + "/token",
                "jwks_uri": self.issuer + "/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"]}

    def claims(self, auth, **over):
        now = int(time.time())
        c = {"iss": self.issuer, "aud": self.client_id, "sub": "rogue-sub-1",
             "iat": now, "exp": now + 300, "nonce": auth.get("nonce", ""),
             "nlEduPersonHomeOrganizationId": "12AB",
             "eduPersonAffiliation": ["student", "member"],
             "employeeNumber": "1001"}
        c.update(over)
        return {k: v for k, v in c.items() if v is not None}

    def signed(self, claims, key=None, kid=None, alg="RS256"):
        key = key or self.keys[0]
        return jwt({"alg": alg, "typ": "JWT", "kid": kid or key.kid}, claims, key)

    def at_hash(self, token=None):
        h = hashlib.sha256((token or self.access_token).encode()).digest()
        return b64u(h[:16])

    def stop(self):
        self.server.shutdown()
