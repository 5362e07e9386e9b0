"""OpenID Connect log-in (issue 18): what our callback refuses.  A provider
of the test's own (tests/lib/oidc_rogue.py) mints the ID tokens a real
provider would never send: another key, alg none, a wrong or replayed
nonce, another school, a wrong affiliation, an unknown student, a wrong
at_hash or audience, an expired token; and a state that is wrong or used.
None of them logs anyone in.  Also: key rotation (an unknown kid fetches
the JWKS once more), PKCE and the client's authentication as sent."""
import base64
import hashlib
import os
import sys
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.environ.get("DDD_SRCDIR", "."), "tests", "lib"))
from tap import ok, is_, contains, done, Client  # noqa: E402
import fixture  # noqa: E402
from oidc_rogue import RogueOP, RsaKey, jwt  # noqa: E402
from sso_setup import (load_with_sso, oidc_sso, to_provider, callback_path,  # noqa: E402
                       session_cookie, NoRedirect)

st = fixture.start("sso-refuse")
fixture.import_demo(st)
op = RogueOP()
load_with_sso(st, "de-brug", oidc_sso(op.issuer, op.client_id, op.client_secret))
opener = urllib.request.build_opener(NoRedirect)


def via_provider(c):
    """Start at our side, pass the provider's authorize: the callback path."""
    url = to_provider(c, "de-brug")
    ok(url.startswith(op.issuer + "/authorize?"), "start sends the browser to the provider", url)
    try:
        opener.open(url)
        raise RuntimeError("authorize did not redirect")
    except urllib.error.HTTPError as e:
        loc = e.headers["Location"]
    return callback_path(loc)


def sessions():
    return int(st.sql("SELECT COUNT(*) FROM session")[0][0])


def attempt(mint, what, code="token"):
    """A log-in whose ID token mint makes: refused, nobody logged in."""
    c = Client(st.port)
    before = sessions()
    op.mint = mint
    r = c.get(via_provider(c))
    is_(r.status, 403, "%s: refused (403)" % what)
    contains(r.text, 'data-reden="%s"' % code, "%s: the refusal page says why (%s)" % (what, code))
    ok(session_cookie(c) == "", "%s: no session cookie" % what, c.cookies)
    is_(sessions(), before, "%s: no session row" % what)
    return r


# The happy path through the crafted provider, to show the rest is refused
# for what it is and not for something else.
import urllib.error  # noqa: E402
c = Client(st.port)
op.mint = lambda a: op.signed(op.claims(a, at_hash=op.at_hash(), sid="idp-session-42"))
cb = via_provider(c)
auth = op.auth_requests[-1]
is_(auth.get("code_challenge_method"), "S256", "PKCE with S256")
is_(auth.get("response_type"), "code", "authorization code flow")
ok(auth.get("scope", "").split()[0] == "openid", "scope starts with openid", auth.get("scope"))
ok(len(auth.get("nonce", "")) >= 43 and len(auth.get("state", "")) >= 43, "state and nonce of 256 bits")
is_(auth.get("redirect_uri"), st.url + "/sso/oidc/callback", "the instance-wide callback")
r = c.get(cb)
is_(r.status, 303, "a good token logs in")
is_(r.header("Location"), "/", "... to the home page")
ok(session_cookie(c) != "", "our ordinary session cookie")
tok = op.token_requests[-1]
ver = tok.get("code_verifier", "")
chal = base64.urlsafe_b64encode(hashlib.sha256(ver.encode()).digest()).rstrip(b"=").decode()
is_(chal, auth.get("code_challenge"), "the token request carries the PKCE verifier of the challenge")
ok(tok.get("authorization", "").startswith("Basic "), "client_secret_basic")
r = c.get("/")
is_(r.status, 200, "home page with the session")
contains(r.text, "Sem", "the student's own page")
is_(st.sql("SELECT protocol, subject FROM sso_link l JOIN account a ON a.id = l.account_id "
           "WHERE a.login = '1001'"), [["oidc", "rogue-sub-1"]], "linked by leerlingnummer")
is_(st.sql("SELECT COUNT(*) FROM oidc_state WHERE used_at IS NOT NULL"), [["1"]], "state used once")
is_(st.sql("SELECT s.sso_session_index FROM session s JOIN account a ON a.id = s.account_id "
           "WHERE a.login = '1001'"), [["idp-session-42"]],
    "the IdP's session (sid) is kept with our session, for single log-out")
ok(c.cookies.get("__Host-ddd-sso", "") == "", "the state cookie is cleared after the callback")

# A replayed callback: the state row is used (cookie put back as an
# attacker holding both would).
c2 = Client(st.port)
state = urllib.parse.parse_qs(urllib.parse.urlsplit(cb).query)["state"][0]
c2.cookies["__Host-ddd-sso"] = state
r = c2.get(cb)
is_(r.status, 403, "replayed callback refused")
contains(r.text, 'data-reden="state"', "... as a used state")
ok(session_cookie(c2) == "", "... no session")

# Wrong state: the browser's cookie holds another.
c3 = Client(st.port)
op.mint = lambda a: op.signed(op.claims(a))
cb3 = via_provider(c3)
c3.cookies["__Host-ddd-sso"] = "x" * 43
r = c3.get(cb3)
is_(r.status, 403, "wrong state refused")
contains(r.text, 'data-reden="state"', "... as the state")
ok(session_cookie(c3) == "", "... no session")
# No cookie at all (the callback opened in another browser).
c4 = Client(st.port)
cb4 = via_provider(c4)
del c4.cookies["__Host-ddd-sso"]
r = c4.get(cb4)
is_(r.status, 403, "callback without the browser's state cookie refused")

attempt(lambda a: op.signed(op.claims(a, nonce="n" * 43)), "wrong nonce")
used_nonce = auth["nonce"]
attempt(lambda a: op.signed(op.claims(a, nonce=used_nonce)), "replayed nonce (an earlier log-in's)")
other = RsaKey("other-key", op.folder)
fetches = op.jwks_fetches
attempt(lambda a: op.signed(op.claims(a), key=other), "signed by an unknown key")
is_(op.jwks_fetches, fetches + 1, "an unknown kid fetches the JWKS once more, once")
attempt(lambda a: op.signed(op.claims(a), key=other, kid="rogue-1"),
        "signed by another key under a known kid")
attempt(lambda a: jwt({"alg": "none", "typ": "JWT"}, op.claims(a)), "alg none")
attempt(lambda a: jwt({"alg": "none", "typ": "JWT", "kid": "rogue-1"}, op.claims(a)) +
        "AAAA", "alg none with a signature")
attempt(lambda a: op.signed(op.claims(a, at_hash="A" * 22)), "wrong at_hash")
attempt(lambda a: op.signed(op.claims(a, aud="another-client")), "another audience")
attempt(lambda a: op.signed(op.claims(a, iss="http://127.0.0.1:1")), "another issuer")
attempt(lambda a: op.signed(op.claims(a, exp=1000000000, iat=999999000)), "expired")
attempt(lambda a: op.signed(op.claims(a, sub="s-org", nlEduPersonHomeOrganizationId="99ZZ")),
        "another school's home organisation", "wrong_org")
attempt(lambda a: op.signed(op.claims(a, sub="s-aff", employeeNumber="1002",
                                      eduPersonAffiliation=["member"])),
        "a student's number, affiliation neither student nor staff", "affiliation")
attempt(lambda a: op.signed(op.claims(a, eduPersonAffiliation=["employee"])),
        "the linked student's identity, now affiliation employee", "affiliation")
attempt(lambda a: op.signed(op.claims(a, sub="s-both", employeeNumber="1002",
                                      eduPersonAffiliation=["student", "employee"])),
        "a student's number, affiliation student and employee", "affiliation")
attempt(lambda a: op.signed(op.claims(a, sub="s-none", employeeNumber="999999")),
        "no imported account", "no_account")
attempt(lambda a: op.signed(op.claims(a, sub="s-mentor", employeeNumber=None,
                                      eduPersonAffiliation=["student"],
                                      email="j.bakker@debrug.example")),
        "a mentor's address with affiliation student", "no_account")
# The linked student from another identity at the same IdP: refused, the
# link is the decaan's to lift.
attempt(lambda a: op.signed(op.claims(a, sub="rogue-sub-2")), "the account linked to another identity",
        "linked_elsewhere")
ok(" event=sso_refused " in st.log("worker.log"), "refusals are logged")
ok("1001" not in "".join(l for l in st.log("worker.log").splitlines() if "sso_" in l),
   "no leerlingnummer in the sso log lines")

# Key rotation: the provider signs with a new key the cache has not seen.
op.keys.append(RsaKey("rogue-2", op.folder))
c5 = Client(st.port)
op.mint = lambda a: op.signed(op.claims(a), key=op.keys[1])
r = c5.get(via_provider(c5))
is_(r.status, 303, "a rotated key is fetched and accepted")
ok(session_cookie(c5) != "", "... logged in")

# A mentor by e-mail, affiliation employee.
c6 = Client(st.port)
op.mint = lambda a: op.signed(op.claims(a, sub="mentor-sub", employeeNumber=None,
                                        eduPersonAffiliation=["employee", "member"],
                                        email="J.Bakker@debrug.example"))
r = c6.get(via_provider(c6))
is_(r.status, 303, "a mentor logs in by e-mail")
r = c6.get("/")
contains(r.text, "Joost", "... on the mentor's page")
done()
