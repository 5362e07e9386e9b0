"""Shared by the federated log-in tests: a school's tenant file with an
<sso> added, and a client that goes through a provider's redirects."""
import os
import re
import urllib.error
import urllib.parse
import urllib.request

from stack import SRCDIR


def load_with_sso(st, slug, sso_xml, name=None):
    """Load tenants/<slug>.xml again with sso_xml as its last element."""
    with open(os.path.join(SRCDIR, "tenants", slug + ".xml"), encoding="utf-8") as f:
        text = f.read()
    text = text.replace("</tenant>", sso_xml + "\n</tenant>")
    path = st.path(name or (slug + "-sso.xml"))
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    st.dddctl("tenant", "load", path)
    return path


def oidc_sso(issuer, client_id, secret, password_roles="decaan", attr_student="employeeNumber",
             label="Inloggen via Entree", org="12AB", extra="", scope="profile email"):
    return ('<sso protocol="oidc" label="%s" home-organization="%s" attr-student="%s" '
            'password-roles="%s"%s><oidc issuer="%s" client-id="%s" client-secret="%s"%s/></sso>'
            % (label, org, attr_student, password_roles, extra, issuer, client_id, secret,
               ' scope="%s"' % scope if scope else ""))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **kw):
        return None


def to_provider(c, school):
    """GET /sso/start for school with our client c: the provider's URL."""
    r = c.get("/sso/start?school=" + school)
    if r.status != 303:
        raise RuntimeError("sso/start answered %d: %s" % (r.status, r.text[:500]))
    return r.header("Location")


def callback_path(url):
    """Our callback's path and query from the URL the provider sent to."""
    u = urllib.parse.urlsplit(url)
    return u.path + ("?" + u.query if u.query else "")


def session_cookie(c):
    return c.cookies.get("__Host-ddd", "")


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
