"""TAP output and a small HTTP client for the integration tests."""
import http.client
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

_n = 0
_failed = 0


def ok(cond, what, diag=None):
    global _n, _failed
    _n += 1
    if not cond:
        _failed += 1
    print("%sok %d - %s" % ("" if cond else "not ", _n, what), flush=True)
    if not cond and diag is not None:
        for line in str(diag).splitlines()[:40]:
            print("#   " + line, flush=True)
    return cond


def is_(got, want, what):
    return ok(got == want, what, "got %r, want %r" % (got, want))


def contains(text, part, what):
    return ok(part in text, what, "%r not in:\n%s" % (part, text[:2000]))


_at_done = []


def at_done(check):
    """check() runs in done(), before the plan: a check over the whole
    run (fixture.start adds one per stack)."""
    _at_done.append(check)


def done():
    for check in _at_done:
        check()
    print("1..%d" % _n, flush=True)
    sys.exit(1 if _failed else 0)


def bail(why):
    print("Bail out! %s" % why, flush=True)
    sys.exit(1)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        self.text = body.decode("utf-8", errors="replace")

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None


class Client:
    """One browser-like client: keeps cookies, no redirects followed."""

    def __init__(self, port, source=None):
        self.port = port
        self.cookies = {}
        # Another loopback address (e.g. "127.0.0.2") to connect from:
        # nginx passes it to the worker as REMOTE_ADDR.
        self.source = (source, 0) if source else None

    def request(self, method, path, body=None, headers=None, raw=False):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30,
                                          source_address=self.source)
        h = dict(headers or {})
        if self.cookies and "Cookie" not in h:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if isinstance(body, dict):
            body = urllib.parse.urlencode(body)
            h.setdefault("Content-Type", "application/x-www-form-urlencoded")
        if isinstance(body, str):
            body = body.encode()
        if raw:
            conn.putrequest(method, path, skip_accept_encoding=True)
            for k, v in h.items():
                conn.putheader(k, v)
            conn.endheaders(body)
        else:
            conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        hdrs = r.getheaders()
        conn.close()
        for k, v in hdrs:
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                self.cookies[name.strip()] = rest.split(";")[0]
        return Response(r.status, hdrs, data)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, form, **kw):
        return self.request("POST", path, body=form, **kw)


def raw_http(port, data, timeout=10):
    """Send bytes as they are; return the raw answer."""
    import socket
    s = socket.create_connection(("127.0.0.1", port), timeout)
    s.sendall(data)
    chunks = []
    try:
        while True:
            c = s.recv(65536)
            if not c:
                break
            chunks.append(c)
    except socket.timeout:
        pass
    s.close()
    return b"".join(chunks)
