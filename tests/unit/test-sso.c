/* Federated log-in without the network (issue 18): the tenant's <sso>
 * parsed (defaults, password roles, OIDC's e-mail claim, SAML metadata);
 * attributes mapped into an identity (friendly names, urn:mace, urn:oid,
 * multi-valued affiliation, values too long); and the ID token checks of
 * fcgi/oidc.c against tokens signed here with cjose: a good one, and each
 * claim or signature that must be refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjose/cjose.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <openssl/evp.h>

#include "crypto.h"
#include "oidc.h"
#include "role.h"
#include "sso.h"
#include "tap.h"

#define ISS	"https://idp.example/oidc"
#define AUD	"ddd-client"
#define NONCE	"nonce-0123456789"
#define AT	"access-token-xyz"

static int
parse(const char *sso, struct tenant_sso *t)
{
	char		 xml[4096];
	xmlDocPtr	 doc;
	int		 rc;

	snprintf(xml, sizeof(xml), "<tenant xmlns=\"urn:ddd:tenant:1\">%s"
	    "</tenant>", sso);
	doc = xmlReadMemory(xml, (int)strlen(xml), "t.xml", NULL,
	    XML_PARSE_NONET);
	rc = sso_config_parse(xmlDocGetRootElement(doc), t);
	xmlFreeDoc(doc);
	return rc;
}

static void
test_config(void)
{
	struct tenant_sso t;

	ok(parse("", &t) == 0 && t.protocol == SSO_NONE,
	    "no <sso>: federated log-in off");
	ok(sso_password_allowed(&t, ROLE_LEERLING) &&
	    sso_password_allowed(NULL, ROLE_MENTOR),
	    "no <sso>: every role keeps its password");
	ok(parse("<sso protocol=\"oidc\" label=\"Inloggen via Entree\" "
	    "home-organization=\"12AB\" attr-student=\"employeeNumber\" "
	    "password-roles=\"decaan\"><oidc issuer=\"" ISS "\" client-id=\""
	    AUD "\" client-secret=\"s\"/></sso>", &t) == 0 &&
	    t.protocol == SSO_OIDC, "oidc parsed");
	is_str(t.issuer, ISS, "issuer");
	is_str(t.attr_home_org, "nlEduPersonHomeOrganizationId",
	    "home organisation attribute by default");
	is_str(t.attr_email, "email", "OIDC: the e-mail claim is 'email'");
	ok(sso_password_allowed(&t, ROLE_DECAAN) &&
	    !sso_password_allowed(&t, ROLE_LEERLING) &&
	    !sso_password_allowed(&t, ROLE_MENTOR),
	    "password-roles=\"decaan\": only the decaan");
	sso_config_free(&t);
	ok(parse("<sso protocol=\"oidc\" label=\"x\" home-organization=\"12AB\""
	    " attr-student=\"uid\" password-roles=\"\"><oidc issuer=\"" ISS
	    "\" client-id=\"a\" client-secret=\"s\"/></sso>", &t) == 0 &&
	    !sso_password_allowed(&t, ROLE_DECAAN),
	    "password-roles=\"\": no one");
	sso_config_free(&t);
	ok(parse("<sso protocol=\"oidc\" label=\"x\" home-organization=\"12AB\""
	    " attr-student=\"uid\" password-roles=\"decaan rector\"><oidc "
	    "issuer=\"" ISS "\" client-id=\"a\" client-secret=\"s\"/></sso>",
	    &t) == -1 && t.protocol == SSO_NONE,
	    "an unknown role: off (the check refused it at load)");
	ok(parse("<sso protocol=\"saml\" label=\"x\" home-organization=\"12AB\""
	    " attr-student=\"uid\"><saml><metadata><md:EntityDescriptor "
	    "xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"e\"/>"
	    "</metadata></saml></sso>", &t) == 0 && t.protocol == SSO_SAML &&
	    t.idp_metadata != NULL && strstr(t.idp_metadata,
	    "EntityDescriptor") != NULL && strstr(t.idp_metadata,
	    "entityID=\"e\"") != NULL, "saml: the metadata serialised");
	is_str(t.attr_email, "mail", "SAML: the e-mail attribute is 'mail'");
	sso_config_free(&t);
}

static void
test_identity(void)
{
	struct tenant_sso t;
	struct sso_identity id;
	char		 longv[400];

	parse("<sso protocol=\"saml\" label=\"x\" home-organization=\"12AB\" "
	    "attr-student=\"employeeNumber\"><saml><metadata><md:Entity"
	    "Descriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\"/>"
	    "</metadata></saml></sso>", &t);
	ok(sso_identity_init(&id, SSO_SAML, 1, "", "s") == -1,
	    "no issuer: refused");
	ok(sso_identity_init(&id, SSO_SAML, 1, "https://idp", "s") == 0,
	    "init");
	sso_identity_add(&id, &t, "urn:oid:2.16.840.1.113730.3.1.3", "01001");
	sso_identity_add(&id, &t, "urn:mace:dir:attribute-def:mail", "a@b.nl");
	sso_identity_add(&id, &t, "nlEduPersonHomeOrganizationId", "12AB");
	sso_identity_add(&id, &t, "urn:oid:1.3.6.1.4.1.5923.1.1.1.1",
	    "student");
	sso_identity_add(&id, &t, "eduPersonAffiliation", "member");
	sso_identity_add(&id, &t, "givenName", "Sem");
	is_str(id.student_id, "01001", "employeeNumber by its OID");
	is_str(id.email, "a@b.nl", "mail by its urn:mace name");
	is_str(id.home_org, "12AB", "home organisation");
	is_int(id.naffiliation, 2, "two affiliations");
	memset(longv, 'x', sizeof(longv) - 1);
	longv[sizeof(longv) - 1] = '\0';
	sso_identity_add(&id, &t, "nlEduPersonHomeOrganizationId", longv);
	is_str(id.home_org, "12AB", "a value too long is dropped");
	sso_config_free(&t);
}

/* A compact JWS of claims, signed with key (alg) or "none". */
static char *
sign(cjose_jwk_t *key, const char *alg, const char *kid, json_t *claims)
{
	cjose_err	 err;
	cjose_header_t	*h = cjose_header_new(&err);
	cjose_jws_t	*jws;
	const char	*out = NULL;
	char		*payload = json_dumps(claims, JSON_COMPACT), *ret = NULL;

	cjose_header_set(h, CJOSE_HDR_ALG, alg, &err);
	if (kid != NULL)
		cjose_header_set(h, CJOSE_HDR_KID, kid, &err);
	if ((jws = cjose_jws_sign(key, h, (const uint8_t *)payload,
	    strlen(payload), &err)) != NULL && cjose_jws_export(jws, &out,
	    &err))
		ret = strdup(out);
	cjose_jws_release(jws);
	cjose_header_release(h);
	free(payload);
	return ret;
}

static json_t *
claims(long long now)
{
	unsigned char	 h[32];
	unsigned int	 hl;
	char		 at_hash[64];

	EVP_Digest(AT, strlen(AT), h, &hl, EVP_sha256(), NULL);
	crypto_b64url_encode(h, 16, at_hash, sizeof(at_hash));
	return json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:s}", "iss", ISS,
	    "aud", AUD, "sub", "user-1", "iat", (json_int_t)now, "exp",
	    (json_int_t)(now + 300), "nonce", NONCE, "at_hash", at_hash);
}

static int
check(const char *token, const char *jwks, long long now, char *why,
    size_t whysize)
{
	char	*c = NULL;
	enum ddd_err e;

	if (token == NULL)
		return -2;
	e = oidc_check_id_token(token, jwks, ISS, AUD, NONCE, AT, now, &c,
	    why, whysize);
	free(c);
	return e == DDD_OK ? 0 : -1;
}

/* A header and payload in base64url with the signature given. */
static char *
raw_token(const char *header, json_t *payload, const char *sig)
{
	char	 h[512], p[2048], *ps = json_dumps(payload, JSON_COMPACT);
	char	*out = malloc(4096);

	crypto_b64url_encode(header, strlen(header), h, sizeof(h));
	crypto_b64url_encode(ps, strlen(ps), p, sizeof(p));
	snprintf(out, 4096, "%s.%s.%s", h, p, sig);
	free(ps);
	return out;
}

static void
test_id_token(void)
{
	static const uint8_t e[] = { 1, 0, 1 };
	cjose_err	 err;
	cjose_jwk_t	*key = cjose_jwk_create_RSA_random(2048, e, sizeof(e),
			    &err);
	cjose_jwk_t	*other = cjose_jwk_create_RSA_random(2048, e,
			    sizeof(e), &err);
	char		*pub, jwks[8192], why[200], *tok;
	long long	 now = (long long)time(NULL);
	json_t		*c;

	cjose_jwk_set_kid(key, "k1", 2, &err);
	cjose_jwk_set_kid(other, "k2", 2, &err);
	pub = cjose_jwk_to_json(key, false, &err);
	snprintf(jwks, sizeof(jwks), "{\"keys\":[%s]}", pub);
	free(pub);

	c = claims(now);
	tok = sign(key, "RS256", "k1", c);
	ok(check(tok, jwks, now, why, sizeof(why)) == 0,
	    "a good token checks out");
	ok(check(tok, jwks, now + 3600, why, sizeof(why)) == -1 &&
	    strstr(why, "expired") != NULL, "an hour later: expired (%s)",
	    why);
	ok(check(tok, jwks, now - 3600, why, sizeof(why)) == -1,
	    "issued in the future: refused (%s)", why);
	free(tok);
	tok = sign(key, "RS256", NULL, c);
	ok(check(tok, jwks, now, why, sizeof(why)) == 0,
	    "no kid, one key in the JWKS: that key");
	free(tok);
	tok = sign(other, "RS256", "k2", c);
	ok(check(tok, jwks, now, why, sizeof(why)) == -1 &&
	    strstr(why, "no key") != NULL, "an unknown kid (%s)", why);
	free(tok);
	tok = sign(other, "RS256", "k1", c);
	ok(check(tok, jwks, now, why, sizeof(why)) == -1 &&
	    strstr(why, "signature") != NULL,
	    "another key under our kid: bad signature (%s)", why);
	free(tok);
	tok = raw_token("{\"alg\":\"none\",\"kid\":\"k1\"}", c, "");
	ok(check(tok, jwks, now, why, sizeof(why)) == -1,
	    "alg none refused (%s)", why);
	free(tok);
	{
		cjose_jwk_t *hk = cjose_jwk_create_oct_spec(
		    (const uint8_t *)"0123456789abcdef0123456789abcdef", 32,
		    &err);
		tok = sign(hk, "HS256", "k1", c);
		ok(check(tok, jwks, now, why, sizeof(why)) == -1 &&
		    strstr(why, "HS256") != NULL, "HS256 refused (%s)", why);
		free(tok);
		cjose_jwk_release(hk);
	}
	json_decref(c);

#define REFUSE(field, value, what) do {					\
	c = claims(now);						\
	json_object_set_new(c, field, value);				\
	tok = sign(key, "RS256", "k1", c);				\
	ok(check(tok, jwks, now, why, sizeof(why)) == -1, what " (%s)", \
	    why);							\
	free(tok);							\
	json_decref(c);							\
} while (0)
	REFUSE("iss", json_string("https://evil.example"), "another issuer");
	REFUSE("aud", json_string("another-client"), "another audience");
	REFUSE("aud", json_pack("[s,s]", AUD, "x"),
	    "several audiences without azp");
	REFUSE("nonce", json_string("nonce-other"), "another nonce");
	REFUSE("nonce", json_null(), "no nonce");
	REFUSE("at_hash", json_string("AAAAAAAAAAAAAAAAAAAAAA"),
	    "a wrong at_hash");
	REFUSE("sub", json_string(""), "an empty sub");
	REFUSE("exp", json_string("soon"), "exp not a number");
	REFUSE("iat", json_integer(now - 7200), "issued two hours ago");
	c = claims(now);
	json_object_set_new(c, "aud", json_pack("[s,s]", AUD, "x"));
	json_object_set_new(c, "azp", json_string(AUD));
	tok = sign(key, "RS256", "k1", c);
	ok(check(tok, jwks, now, why, sizeof(why)) == 0,
	    "several audiences with azp ours: accepted");
	free(tok);
	json_decref(c);
	ok(check("not.a.token", jwks, now, why, sizeof(why)) == -1,
	    "garbage refused");
	cjose_jwk_release(key);
	cjose_jwk_release(other);
}

int
main(void)
{
	test_config();
	test_identity();
	test_id_token();
	return done_testing();
}
