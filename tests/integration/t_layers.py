"""The layers of docs/architecture.md: no file of the domain or of the
services reaches the request layer (FastCGI, the request context, routes,
sessions, pages), directly or through another header; and no C file is
over 1,500 lines.  Reads the sources; starts no stack."""
import os, re, sys
sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, done
from stack import SRCDIR

FCGI = os.path.join(SRCDIR, "fcgi")
REQUEST = {"ctx.h", "http.h", "route.h", "session.h", "pages.h", "field.h", "throttle.h",
           "fcgiapp.h", "fcgi_stdio.h"}
DOMAIN = ["actor", "visibility", "lifecycle", "dossier", "fill", "view", "document",
          "students", "outbox", "webhook", "mailer", "purge", "reminders", "keys", "crypto",
          "csv", "bsn", "password", "tenant_check", "tenant_load", "migrate",
          "audit", "privacy", "privacy_export", "privacy_erase",
          "export", "mbo_status", "api_client", "api_feed"]
SERVICES = ["db", "xsl", "xmlout", "xmlcheck", "forms", "tenant_config", "settings", "addendum",
            "pdf", "render_client", "config", "log", "buf", "err", "role", "req", "multipart",
            "metrics"]


def includes(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r'\s*#\s*include\s*[<"]([^>"]+)[>"]', line)
            if m:
                out.append(m.group(1))
    return out


def reach(name, seen):
    """Every header a file pulls in, following our own headers."""
    for inc in includes(os.path.join(FCGI, name)):
        base = os.path.basename(inc)
        if base in seen:
            continue
        seen.add(base)
        if os.path.exists(os.path.join(FCGI, base)):
            reach(base, seen)
    return seen


for mod in DOMAIN + SERVICES:
    for ext in (".c", ".h"):
        name = mod + ext
        if not os.path.exists(os.path.join(FCGI, name)):
            continue
        bad = sorted(reach(name, set()) & REQUEST)
        is_(bad, [], "%s reaches no part of the request layer" % name)

big = []
for root, _, files in os.walk(FCGI):
    for f in files:
        if f.endswith(".c"):
            with open(os.path.join(root, f), encoding="utf-8") as fh:
                n = sum(1 for _ in fh)
            if n > 1500:
                big.append((os.path.relpath(os.path.join(root, f), SRCDIR), n))
is_(big, [], "no C file is over 1,500 lines")
done()
