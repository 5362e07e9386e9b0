/* POST /api/v1/token: OAuth 2.0 client credentials (RFC 6749 4.4).  The
 * client authenticates with HTTP Basic (RFC 6749 2.3.1) or client_id and
 * client_secret in the form, or with its client certificate through
 * nginx (mutual TLS, RFC 8705: client_id in the form); it gets a bearer
 * token for its college, short-lived, stored as its SHA-256.  Failed
 * attempts are counted per address; every request counts against the
 * client's rate. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "api_int.h"
#include "log.h"
#include "throttle.h"

#define TOKEN_FAIL_MAX		20	/* failures per address per window */
#define BASIC_MAX		512	/* bytes of the decoded credentials */

/* A form-urlencoded part of Basic credentials, decoded in place (RFC
 * 6749 2.3.1); -1 for a bad escape. */
static int
form_decode(char *s)
{
	char	*o = s;
	int	 hi, lo;

	for (; *s != '\0'; s++) {
		if (*s == '+')
			*o++ = ' ';
		else if (*s == '%') {
			hi = s[1] >= '0' && s[1] <= '9' ? s[1] - '0' :
			    (s[1] | 0x20) >= 'a' && (s[1] | 0x20) <= 'f' ?
			    (s[1] | 0x20) - 'a' + 10 : -1;
			lo = hi < 0 ? -1 : s[2] >= '0' && s[2] <= '9' ?
			    s[2] - '0' : (s[2] | 0x20) >= 'a' &&
			    (s[2] | 0x20) <= 'f' ? (s[2] | 0x20) - 'a' + 10 :
			    -1;
			if (lo < 0)
				return -1;
			*o++ = (char)(hi * 16 + lo);
			s += 2;
		} else
			*o++ = *s;
	}
	*o = '\0';
	return 0;
}

/* "Basic base64(id:secret)" into id and secret; 0, or -1 when the header
 * is not Basic credentials. */
static int
basic(const char *h, char *buf, size_t size, char **id, char **secret)
{
	size_t		 len, pad = 0;
	int		 n;
	char		*colon;

	if (strncasecmp(h, "Basic ", 6) != 0)
		return -1;
	h += 6 + strspn(h + 6, " ");
	len = strcspn(h, " ");
	if (len == 0 || len % 4 != 0 || len / 4 * 3 >= size)
		return -1;
	if ((n = EVP_DecodeBlock((unsigned char *)buf,
	    (const unsigned char *)h, (int)len)) < 0)
		return -1;
	if (h[len - 1] == '=')
		pad++;
	if (h[len - 2] == '=')
		pad++;
	n -= (int)pad;
	buf[n] = '\0';
	if (memchr(buf, '\0', (size_t)n) != NULL ||
	    (colon = strchr(buf, ':')) == NULL)
		return -1;
	*colon = '\0';
	*id = buf;
	*secret = colon + 1;
	return form_decode(*id) == -1 || form_decode(*secret) == -1 ? -1 : 0;
}

enum ddd_err
api_token_post(struct ctx *c)
{
	const struct kv	*gt = kv_get(&c->form, "grant_type");
	const struct kv	*fid = kv_get(&c->form, "client_id");
	const struct kv	*fsec = kv_get(&c->form, "client_secret");
	const struct kv	*fscope = kv_get(&c->form, "scope");
	const char	*auth = api_param(c, "HTTP_AUTHORIZATION");
	char		 cred[BASIC_MAX], scopes[64], scope_key[100], retry[16];
	char		 token[CRYPTO_TOKEN_LEN + 1];
	char		*id = NULL, *secret = NULL;
	unsigned char	 cert[32];
	struct api_principal p;
	unsigned int	 want;
	int		 has_cert, mins, wait;
	enum ddd_err	 e;

	if (gt == NULL)
		return api_oauth_fail(c, DDD_ERR_BAD_REQUEST, 400,
		    "invalid_request", "grant_type ontbreekt.");
	if (strcmp(gt->val, "client_credentials") != 0)
		return api_oauth_fail(c, DDD_ERR_BAD_REQUEST, 400,
		    "unsupported_grant_type", "Alleen grant_type="
		    "client_credentials wordt ondersteund.");
	/* One way of authenticating per request (RFC 6749 2.3). */
	if (auth != NULL && fsec != NULL)
		return api_oauth_fail(c, DDD_ERR_BAD_REQUEST, 400,
		    "invalid_request", "Stuur het client secret in de "
		    "Authorization-header of in het formulier, niet in "
		    "allebei.");
	if (auth != NULL && basic(auth, cred, sizeof(cred), &id, &secret) ==
	    -1)
		return api_oauth_fail(c, DDD_ERR_LOGIN_REQUIRED, 401,
		    "invalid_client", "De Authorization-header is geen "
		    "geldige Basic-aanmelding.");
	if (id == NULL && fid != NULL) {
		id = fid->val;
		secret = fsec != NULL ? fsec->val : NULL;
	}
	snprintf(scope_key, sizeof(scope_key), "api:%s", c->remote_addr);
	if ((mins = throttle_minutes(c, scope_key)) != 0) {
		if (mins < 0)
			return DDD_ERR_DB_UNAVAILABLE;
		e = api_oauth_fail(c, DDD_ERR_RATE_LIMIT, 429,
		    "invalid_client", "Te veel mislukte aanmeldingen vanaf "
		    "dit adres; probeer het later opnieuw.");
		snprintf(retry, sizeof(retry), "%d", mins * 60);
		http_header(c, "Retry-After", retry);
		return e;
	}
	has_cert = api_client_cert(c, cert);
	e = api_client_auth(c->db, id, secret, secret != NULL ?
	    strlen(secret) : 0, has_cert ? cert : NULL, &p);
	crypto_wipe(cred, sizeof(cred));
	if (e == DDD_ERR_LOGIN_REQUIRED) {
		throttle_count(c, scope_key, TOKEN_FAIL_MAX);
		log_info("api_token_refused", "client=%.40s cert=%d addr=%s",
		    id != NULL && strspn(id, "abcdefghijklmnopqrstuvwxyz"
		    "0123456789_") == strlen(id) ? id : "-", has_cert,
		    c->remote_addr);
		e = api_oauth_fail(c, e, 401, "invalid_client", "Onbekende "
		    "client, verkeerd secret of certificaat, of de client is "
		    "ingetrokken.");
		http_header(c, "WWW-Authenticate", "Basic realm=\"ddd-api\"");
		return e;
	}
	if (e != DDD_OK)
		return e;
	if ((e = api_rate_hit(c->db, &p, &wait)) == DDD_ERR_RATE_LIMIT) {
		e = api_oauth_fail(c, e, 429, "slow_down", "Deze client heeft "
		    "zijn verzoeken voor deze minuut gehad.");
		snprintf(retry, sizeof(retry), "%d", wait);
		http_header(c, "Retry-After", retry);
		return e;
	}
	if (e != DDD_OK)
		return e;
	want = p.scopes;
	if (fscope != NULL && (api_scopes_parse(fscope->val, &want) == -1 ||
	    want == 0 || (want & ~p.scopes) != 0))
		return api_oauth_fail(c, DDD_ERR_BAD_REQUEST, 400,
		    "invalid_scope", "Vraag alleen scopes die deze client "
		    "heeft: dossiers:read, status:write.");
	if ((e = api_token_issue(c->db, &p, want, token)) != DDD_OK)
		return e;
	api_scopes_str(want, " ", scopes, sizeof(scopes));
	e = api_json(c, 200, json_pack("{s:s, s:s, s:i, s:s}", "access_token",
	    token, "token_type", "Bearer", "expires_in", API_TOKEN_TTL,
	    "scope", scopes));
	crypto_wipe(token, sizeof(token));
	/* RFC 6749 5.1. */
	http_header(c, "Pragma", "no-cache");
	log_info("api_token", "tenant=%lld client=%s scopes=\"%s\" cert=%d",
	    p.tenant_id, p.client_id, scopes, p.has_cert);
	return e;
}
