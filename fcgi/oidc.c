/* OpenID Connect relying party: discovery and JWKS (cached per issuer),
 * the authorization URL, the code redeemed, the ID token checked with
 * cjose (see oidc.h for what is checked and docs/decisions.md for why
 * cjose).
 *
 * The cache is a small table behind one mutex, held while a provider is
 * fetched: log-ins are rare, and one fetch for all threads beats every
 * thread fetching at once.  Each fetch is bounded (5 s to connect, 10 s
 * in all, 256 KiB). */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjose/cjose.h>
#include <curl/curl.h>
#include <jansson.h>
#include <openssl/evp.h>

#include "buf.h"
#include "crypto.h"
#include "log.h"
#include "oidc.h"

#define FETCH_MAX	(256 * 1024)	/* bytes of one answer */
#define FETCH_TIMEOUT	10		/* seconds */
#define CACHE_TTL	3600		/* seconds: discovery and JWKS */
#define MAX_PROVIDERS	32
#define MAX_KEYS	16
#define CLOCK_SKEW	120		/* seconds allowed either way */
#define IAT_MAX_AGE	600		/* an ID token older than this */

struct provider {
	char		 issuer[SSO_MAX_ISSUER + 1];
	char		 auth[OIDC_MAX_URL + 1];
	char		 token[OIDC_MAX_URL + 1];
	char		 userinfo[OIDC_MAX_URL + 1];	/* or "" */
	char		 jwks_uri[OIDC_MAX_URL + 1];
	time_t		 fetched;	/* discovery */
	char		*jwks;		/* the JWKS text */
	time_t		 jwks_fetched;
};

static pthread_mutex_t	 cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct provider	 cache[MAX_PROVIDERS];

static size_t
collect(char *p, size_t size, size_t n, void *arg)
{
	struct buf	*b = arg;

	if (buf_add(b, p, size * n) != DDD_OK)
		return 0;	/* over the cap: curl stops */
	return size * n;
}

/* The addresses of url's host, looked up here (getaddrinfo, in this
 * thread) and handed to curl as "host:port:addr,...": curl's own resolver
 * would start a thread for it, which the worker's seccomp filter refuses
 * once it serves (no new thread, no new process).  *out NULL for an
 * address literal.  0, or -1 with the reason in why. */
static int
pin_host(const char *url, struct curl_slist **out, char *why,
    size_t whysize)
{
	struct addrinfo	 hints, *res = NULL, *ai;
	unsigned char	 bin[sizeof(struct in6_addr)];
	CURLU		*u;
	char		*host = NULL, *port = NULL;
	char		 entry[600], addr[INET6_ADDRSTRLEN];
	size_t		 n;
	int		 rc = -1, naddr = 0, gai;

	*out = NULL;
	if ((u = curl_url()) == NULL ||
	    curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) !=
	    CURLUE_OK) {
		snprintf(why, whysize, "%.100s: not a URL", url);
		goto out;
	}
	/* An address ([::1], 127.0.0.1) needs no resolver. */
	if (host[0] == '[' || inet_pton(AF_INET, host, bin) == 1) {
		rc = 0;
		goto out;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((gai = getaddrinfo(host, port, &hints, &res)) != 0) {
		snprintf(why, whysize, "%.100s: %s", host, gai_strerror(gai));
		goto out;
	}
	n = (size_t)snprintf(entry, sizeof(entry), "%s:%s:", host, port);
	for (ai = res; ai != NULL && naddr < 8 && n < sizeof(entry); ai =
	    ai->ai_next) {
		const void *a = ai->ai_family == AF_INET6 ?
		    (const void *)&((struct sockaddr_in6 *)(void *)
		    ai->ai_addr)->sin6_addr : ai->ai_family == AF_INET ?
		    (const void *)&((struct sockaddr_in *)(void *)
		    ai->ai_addr)->sin_addr : NULL;
		if (a == NULL || inet_ntop(ai->ai_family, a, addr,
		    sizeof(addr)) == NULL)
			continue;
		n += (size_t)snprintf(entry + n, sizeof(entry) - n,
		    ai->ai_family == AF_INET6 ? "%s[%s]" : "%s%s",
		    naddr > 0 ? "," : "", addr);
		naddr++;
	}
	if (naddr == 0 || n >= sizeof(entry)) {
		snprintf(why, whysize, "%.100s: no address", host);
		goto out;
	}
	if ((*out = curl_slist_append(NULL, entry)) == NULL) {
		snprintf(why, whysize, "out of memory");
		goto out;
	}
	rc = 0;
out:
	if (res != NULL)
		freeaddrinfo(res);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return rc;
}

/* GET (body NULL) or POST (form body) url into out; 0 on a 2xx answer.
 * bearer: an access token for the userinfo; user/pass: client_secret_
 * basic. */
static int
fetch(const char *url, const char *body, const char *bearer,
    const char *user, const char *pass, struct buf *out, char *why,
    size_t whysize)
{
	CURL		*h;
	struct curl_slist *hdr = NULL, *pinned = NULL;
	char		 line[4096], urlwhy[160];
	long		 status = 0;
	CURLcode	 rc;
	int		 ok = -1;

	buf_init(out, FETCH_MAX);
	if (!sso_url_ok(url, urlwhy, sizeof(urlwhy))) {
		snprintf(why, whysize, "url %.100s: %s", url, urlwhy);
		return -1;
	}
	if (pin_host(url, &pinned, why, whysize) == -1)
		return -1;
	if ((h = curl_easy_init()) == NULL) {
		snprintf(why, whysize, "curl_easy_init failed");
		curl_slist_free_all(pinned);
		return -1;
	}
	hdr = curl_slist_append(hdr, "Accept: application/json");
	if (bearer != NULL) {
		snprintf(line, sizeof(line), "Authorization: Bearer %s",
		    bearer);
		hdr = curl_slist_append(hdr, line);
		crypto_wipe(line, sizeof(line));
	}
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)FETCH_TIMEOUT);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 5L);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	if (pinned != NULL)
		curl_easy_setopt(h, CURLOPT_RESOLVE, pinned);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "DDD-oidc/1");
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
	if (body != NULL) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	}
	if (user != NULL) {
		curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(h, CURLOPT_USERNAME, user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, pass);
	}
	if ((rc = curl_easy_perform(h)) != CURLE_OK)
		snprintf(why, whysize, "%.100s: %s", url,
		    curl_easy_strerror(rc));
	else if (curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status),
	    status < 200 || status > 299)
		snprintf(why, whysize, "%.100s: HTTP %ld", url, status);
	else if (out->ptr == NULL)
		snprintf(why, whysize, "%.100s: empty answer", url);
	else
		ok = 0;
	curl_slist_free_all(hdr);
	curl_easy_cleanup(h);
	curl_slist_free_all(pinned);
	if (ok == -1)
		buf_free(out);
	return ok;
}

static const char *
jstr(json_t *o, const char *key)
{
	json_t	*v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int
copy_url(char *dst, size_t size, const char *v)
{
	if (v == NULL || strlen(v) >= size)
		return -1;
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

/* Discovery into p (p->issuer set).  With cache_lock held. */
static int
discover(struct provider *p, char *why, size_t whysize)
{
	char		 url[SSO_MAX_ISSUER + 64];
	struct buf	 b;
	json_t		*j;
	json_error_t	 je;
	size_t		 n = strlen(p->issuer);
	int		 rc = -1;

	/* RFC 8414 style: the issuer without its last slash. */
	snprintf(url, sizeof(url), "%.*s/.well-known/openid-configuration",
	    (int)(n > 0 && p->issuer[n - 1] == '/' ? n - 1 : n), p->issuer);
	if (fetch(url, NULL, NULL, NULL, NULL, &b, why, whysize) == -1)
		return -1;
	if ((j = json_loadb(b.ptr, b.len, 0, &je)) == NULL ||
	    !json_is_object(j))
		snprintf(why, whysize, "discovery: not a JSON object");
	else if (jstr(j, "issuer") == NULL || strcmp(jstr(j, "issuer"),
	    p->issuer) != 0)
		snprintf(why, whysize, "discovery: issuer is not %.100s",
		    p->issuer);
	else if (copy_url(p->auth, sizeof(p->auth),
	    jstr(j, "authorization_endpoint")) == -1 ||
	    copy_url(p->token, sizeof(p->token), jstr(j, "token_endpoint")) ==
	    -1 || copy_url(p->jwks_uri, sizeof(p->jwks_uri),
	    jstr(j, "jwks_uri")) == -1)
		snprintf(why, whysize, "discovery: an endpoint is missing");
	else {
		if (copy_url(p->userinfo, sizeof(p->userinfo),
		    jstr(j, "userinfo_endpoint")) == -1)
			p->userinfo[0] = '\0';
		p->fetched = time(NULL);
		rc = 0;
	}
	json_decref(j);
	buf_free(&b);
	return rc;
}

static int
fetch_jwks(struct provider *p, char *why, size_t whysize)
{
	struct buf	 b;

	if (fetch(p->jwks_uri, NULL, NULL, NULL, NULL, &b, why, whysize) ==
	    -1)
		return -1;
	free(p->jwks);
	p->jwks = buf_take(&b, NULL);
	p->jwks_fetched = time(NULL);
	return 0;
}

/* A copy of the cached provider for issuer, fresh (jwks: a copy of its
 * JWKS, malloc'd, when wanted; refetch: the JWKS again, a key was
 * missing: once per log-in, and only for a token the provider's own
 * token endpoint gave us, so no one else can make us fetch). */
static int
provider_get(const char *issuer, struct provider *out, char **jwks,
    int refetch, char *why, size_t whysize)
{
	struct provider	*p = NULL;
	time_t		 now = time(NULL);
	size_t		 i;
	int		 rc = -1;

	pthread_mutex_lock(&cache_lock);
	for (i = 0; i < MAX_PROVIDERS && p == NULL; i++)
		if (strcmp(cache[i].issuer, issuer) == 0)
			p = &cache[i];
	if (p == NULL) {
		/* A free slot, or the oldest. */
		p = &cache[0];
		for (i = 0; i < MAX_PROVIDERS; i++) {
			if (cache[i].issuer[0] == '\0') {
				p = &cache[i];
				break;
			}
			if (cache[i].fetched < p->fetched)
				p = &cache[i];
		}
		free(p->jwks);
		memset(p, 0, sizeof(*p));
		snprintf(p->issuer, sizeof(p->issuer), "%s", issuer);
	}
	if (now - p->fetched > CACHE_TTL && discover(p, why, whysize) == -1)
		goto out;
	if (jwks != NULL && (p->jwks == NULL ||
	    now - p->jwks_fetched > CACHE_TTL ||
	    refetch) &&
	    fetch_jwks(p, why, whysize) == -1)
		goto out;
	*out = *p;
	out->jwks = NULL;
	if (jwks != NULL && (*jwks = strdup(p->jwks)) == NULL) {
		snprintf(why, whysize, "out of memory");
		goto out;
	}
	rc = 0;
out:
	pthread_mutex_unlock(&cache_lock);
	return rc;
}

/* Query-string encoding of s onto b. */
static void
add_enc(struct buf *b, const char *name, const char *s)
{
	char	*e = curl_easy_escape(NULL, s, 0);

	buf_printf(b, "%s%s=%s", b->len > 0 ? "&" : "", name,
	    e != NULL ? e : "");
	curl_free(e);
}

enum ddd_err
oidc_auth_url(const struct tenant_sso *t, const char *redirect_uri,
    const char *state, const char *nonce, const char *verifier, char *out,
    size_t outsize, char *why, size_t whysize)
{
	struct provider	 p;
	unsigned char	 h[CRYPTO_SHA256_LEN];
	char		 challenge[CRYPTO_B64_LEN(CRYPTO_SHA256_LEN) + 1];
	char		 scope[SSO_MAX_LABEL + 8];
	struct buf	 q;
	enum ddd_err	 e = DDD_ERR_INTERNAL;

	if (provider_get(t->issuer, &p, NULL, 0, why, whysize) == -1)
		return DDD_ERR_INTERNAL;
	if (crypto_sha256(verifier, strlen(verifier), h) == -1 ||
	    crypto_b64url_encode(h, sizeof(h), challenge, sizeof(challenge))
	    == -1) {
		snprintf(why, whysize, "pkce challenge failed");
		return DDD_ERR_INTERNAL;
	}
	snprintf(scope, sizeof(scope), "openid%s%s", t->scope[0] != '\0' ?
	    " " : "", t->scope);
	buf_init(&q, OIDC_MAX_URL * 2);
	add_enc(&q, "response_type", "code");
	add_enc(&q, "client_id", t->client_id);
	add_enc(&q, "redirect_uri", redirect_uri);
	add_enc(&q, "scope", scope);
	add_enc(&q, "state", state);
	add_enc(&q, "nonce", nonce);
	add_enc(&q, "code_challenge", challenge);
	add_enc(&q, "code_challenge_method", "S256");
	if (q.ptr != NULL && (size_t)snprintf(out, outsize, "%s%c%s", p.auth,
	    strchr(p.auth, '?') != NULL ? '&' : '?', q.ptr) < outsize)
		e = DDD_OK;
	else
		snprintf(why, whysize, "authorization URL too long");
	buf_free(&q);
	return e;
}

/* Signature algorithms we accept: asymmetric only.  "none" and HMAC
 * (keyed with the client secret) are refused. */
static const char *const algs[] = {
	"RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
	"ES256", "ES384", "ES512",
};

static int
alg_ok(const char *alg)
{
	size_t	 i;

	for (i = 0; alg != NULL && i < sizeof(algs) / sizeof(algs[0]); i++)
		if (strcmp(alg, algs[i]) == 0)
			return 1;
	return 0;
}

/* The key of the JWKS for kid (NULL kid: the only signing key), for alg.
 * 0 found; -1 none. */
static cjose_jwk_t *
jwks_find(const char *jwks_text, const char *kid, const char *alg)
{
	json_t		*j, *keys, *k;
	json_error_t	 je;
	cjose_jwk_t	*found = NULL;
	cjose_err	 err;
	size_t		 i, nsig = 0;

	if ((j = json_loads(jwks_text, 0, &je)) == NULL)
		return NULL;
	keys = json_object_get(j, "keys");
	json_array_foreach(keys, i, k) {
		const char *kty = jstr(k, "kty"), *use = jstr(k, "use");
		const char *kalg = jstr(k, "alg"), *kkid = jstr(k, "kid");
		char *text;
		if (i >= MAX_KEYS || kty == NULL)
			break;
		if ((use != NULL && strcmp(use, "sig") != 0) ||
		    (kalg != NULL && strcmp(kalg, alg) != 0) ||
		    strcmp(kty, alg[0] == 'E' ? "EC" : "RSA") != 0)
			continue;
		nsig++;
		if (kid != NULL && (kkid == NULL || strcmp(kid, kkid) != 0))
			continue;
		if (found != NULL)
			cjose_jwk_release(found);
		found = NULL;
		if ((text = json_dumps(k, JSON_COMPACT)) != NULL) {
			found = cjose_jwk_import(text, strlen(text), &err);
			free(text);
		}
		if (kid != NULL)
			break;
	}
	/* Without a kid only a JWKS with one key for this alg will do. */
	if (kid == NULL && nsig != 1 && found != NULL) {
		cjose_jwk_release(found);
		found = NULL;
	}
	json_decref(j);
	return found;
}

/* at_hash: the left half of the hash of the access token, hash by the
 * alg's size. */
static int
at_hash_ok(const char *alg, const char *access_token, const char *claim)
{
	const EVP_MD	*md = strstr(alg, "384") != NULL ? EVP_sha384() :
	    strstr(alg, "512") != NULL ? EVP_sha512() : EVP_sha256();
	unsigned char	 h[EVP_MAX_MD_SIZE];
	unsigned int	 hl = 0;
	char		 enc[CRYPTO_B64_LEN(EVP_MAX_MD_SIZE) + 1];

	if (access_token == NULL || EVP_Digest(access_token,
	    strlen(access_token), h, &hl, md, NULL) != 1 ||
	    crypto_b64url_encode(h, hl / 2, enc, sizeof(enc)) == -1)
		return 0;
	return strcmp(enc, claim) == 0;
}

static int
aud_ok(json_t *claims, const char *client_id)
{
	json_t	*aud = json_object_get(claims, "aud"), *v;
	size_t	 i;
	int	 found = 0;
	const char *azp = jstr(claims, "azp");

	if (json_is_string(aud))
		return strcmp(json_string_value(aud), client_id) == 0 &&
		    (azp == NULL || strcmp(azp, client_id) == 0);
	if (!json_is_array(aud))
		return 0;
	json_array_foreach(aud, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v),
		    client_id) == 0)
			found = 1;
	/* Several audiences: the token must be meant for us (azp). */
	if (json_array_size(aud) > 1 && (azp == NULL || strcmp(azp,
	    client_id) != 0))
		return 0;
	return found;
}

/* The checks on the claims of a verified token. */
static int
claims_ok(json_t *c, const char *issuer, const char *client_id,
    const char *nonce, const char *alg, const char *access_token,
    long long now, char *why, size_t whysize)
{
	json_t		*exp = json_object_get(c, "exp");
	json_t		*iat = json_object_get(c, "iat");
	const char	*v;

	if ((v = jstr(c, "iss")) == NULL || strcmp(v, issuer) != 0)
		snprintf(why, whysize, "id_token: iss is not the issuer");
	else if (!aud_ok(c, client_id))
		snprintf(why, whysize, "id_token: not for our client (aud)");
	else if (!json_is_integer(exp) && !json_is_real(exp))
		snprintf(why, whysize, "id_token: no exp");
	else if ((long long)json_number_value(exp) + CLOCK_SKEW < now)
		snprintf(why, whysize, "id_token: expired");
	else if (!json_is_integer(iat) && !json_is_real(iat))
		snprintf(why, whysize, "id_token: no iat");
	else if ((long long)json_number_value(iat) > now + CLOCK_SKEW ||
	    (long long)json_number_value(iat) < now - IAT_MAX_AGE)
		snprintf(why, whysize, "id_token: iat out of range");
	else if ((v = jstr(c, "nonce")) == NULL || !crypto_equal(v,
	    strlen(v), nonce, strlen(nonce)))
		snprintf(why, whysize, "id_token: wrong nonce");
	else if ((v = jstr(c, "sub")) == NULL || v[0] == '\0')
		snprintf(why, whysize, "id_token: no sub");
	else if ((v = jstr(c, "at_hash")) != NULL && !at_hash_ok(alg,
	    access_token, v))
		snprintf(why, whysize, "id_token: at_hash does not match");
	else
		return 1;
	return 0;
}

/* Verify the signature of token with jwks; the claims as JSON in *out.
 * *unknown_key set when no key of the JWKS fits its kid. */
static int
verify(const char *token, const char *jwks, char **out, const char **algp,
    int *unknown_key, char *why, size_t whysize)
{
	cjose_jws_t	*jws;
	cjose_jwk_t	*key = NULL;
	cjose_err	 err;
	cjose_header_t	*hdr;
	const char	*alg, *kid;
	uint8_t		*plain = NULL;
	size_t		 plen = 0;
	int		 rc = -1;

	*unknown_key = 0;
	*algp = NULL;
	if ((jws = cjose_jws_import(token, strlen(token), &err)) == NULL) {
		snprintf(why, whysize, "id_token: not a JWS (%s)",
		    err.message != NULL ? err.message : "?");
		return -1;
	}
	hdr = cjose_jws_get_protected(jws);
	alg = hdr != NULL ? cjose_header_get(hdr, CJOSE_HDR_ALG, &err) : NULL;
	kid = hdr != NULL ? cjose_header_get(hdr, CJOSE_HDR_KID, &err) : NULL;
	if (!alg_ok(alg)) {
		snprintf(why, whysize, "id_token: alg %.20s refused",
		    alg != NULL ? alg : "(none)");
		goto out;
	}
	*algp = alg;
	if ((key = jwks_find(jwks, kid, alg)) == NULL) {
		*unknown_key = 1;
		snprintf(why, whysize, "id_token: no key %.60s in the JWKS",
		    kid != NULL ? kid : "(no kid)");
		goto out;
	}
	if (!cjose_jws_verify(jws, key, &err)) {
		snprintf(why, whysize, "id_token: bad signature");
		goto out;
	}
	if (!cjose_jws_get_plaintext(jws, &plain, &plen, &err) ||
	    (*out = strndup((const char *)plain, plen)) == NULL) {
		snprintf(why, whysize, "id_token: no payload");
		goto out;
	}
	/* alg points into the header: keep the name, not the pointer. */
	*algp = alg[0] == 'E' ? (strstr(alg, "384") ? "ES384" :
	    strstr(alg, "512") ? "ES512" : "ES256") : (strstr(alg, "384") ?
	    "RS384" : strstr(alg, "512") ? "RS512" : "RS256");
	rc = 0;
out:
	if (key != NULL)
		cjose_jwk_release(key);
	cjose_jws_release(jws);
	return rc;
}

enum ddd_err
oidc_check_id_token(const char *token, const char *jwks, const char *issuer,
    const char *client_id, const char *nonce, const char *access_token,
    long long now, char **claims, char *why, size_t whysize)
{
	const char	*alg;
	json_t		*c;
	json_error_t	 je;
	int		 unknown;
	enum ddd_err	 e = DDD_ERR_FORBIDDEN;

	*claims = NULL;
	if (verify(token, jwks, claims, &alg, &unknown, why, whysize) == -1)
		return DDD_ERR_FORBIDDEN;
	if ((c = json_loads(*claims, 0, &je)) == NULL || !json_is_object(c))
		snprintf(why, whysize, "id_token: claims not a JSON object");
	else if (claims_ok(c, issuer, client_id, nonce, alg, access_token,
	    now, why, whysize))
		e = DDD_OK;
	json_decref(c);
	if (e != DDD_OK) {
		free(*claims);
		*claims = NULL;
	}
	return e;
}

/* Every string claim (and each string of an array) into id. */
static void
claims_to_identity(json_t *c, const struct tenant_sso *t,
    struct sso_identity *id)
{
	const char	*k;
	json_t		*v, *x;
	size_t		 i;

	json_object_foreach(c, k, v) {
		if (json_is_string(v))
			sso_identity_add(id, t, k, json_string_value(v));
		else if (json_is_array(v))
			json_array_foreach(v, i, x)
				if (json_is_string(x))
					sso_identity_add(id, t, k,
					    json_string_value(x));
	}
}

enum ddd_err
oidc_redeem(const struct tenant_sso *t, long long tenant_id,
    const char *redirect_uri, const char *code, const char *verifier,
    const char *nonce, struct sso_identity *id, char *why, size_t whysize)
{
	struct provider	 p;
	struct buf	 form, ans, ui;
	char		*jwks = NULL, *claims = NULL;
	char		*user = NULL, *pass = NULL;
	const char	*idt, *at, *alg;
	json_t		*tok = NULL, *c = NULL, *u = NULL;
	json_error_t	 je;
	int		 unknown = 0;
	enum ddd_err	 e = DDD_ERR_FORBIDDEN;

	buf_init(&form, 8192);
	buf_init(&ans, 1);
	buf_init(&ui, 1);
	if (provider_get(t->issuer, &p, &jwks, 0, why, whysize) == -1)
		goto out;
	add_enc(&form, "grant_type", "authorization_code");
	add_enc(&form, "code", code);
	add_enc(&form, "redirect_uri", redirect_uri);
	add_enc(&form, "code_verifier", verifier);
	/* client_secret_basic: the id and secret form-encoded first
	 * (RFC 6749, 2.3.1). */
	user = curl_easy_escape(NULL, t->client_id, 0);
	pass = curl_easy_escape(NULL, t->client_secret, 0);
	if (form.ptr == NULL || user == NULL || pass == NULL) {
		snprintf(why, whysize, "out of memory");
		goto out;
	}
	if (fetch(p.token, form.ptr, NULL, user, pass, &ans, why, whysize) ==
	    -1)
		goto out;
	if ((tok = json_loadb(ans.ptr, ans.len, 0, &je)) == NULL ||
	    (idt = jstr(tok, "id_token")) == NULL) {
		snprintf(why, whysize, "token endpoint: no id_token");
		goto out;
	}
	at = jstr(tok, "access_token");
	/* A key id we do not know: the provider may have rotated its keys;
	 * fetch the JWKS once more. */
	if (verify(idt, jwks, &claims, &alg, &unknown, why, whysize) == -1) {
		if (!unknown)
			goto out;
		free(jwks);
		jwks = NULL;
		if (provider_get(t->issuer, &p, &jwks, 1, why, whysize) == -1 ||
		    verify(idt, jwks, &claims, &alg, &unknown, why,
		    whysize) == -1)
			goto out;
	}
	free(claims);
	claims = NULL;
	if (oidc_check_id_token(idt, jwks, t->issuer, t->client_id, nonce, at,
	    (long long)time(NULL), &claims, why, whysize) != DDD_OK)
		goto out;
	if ((c = json_loads(claims, 0, &je)) == NULL ||
	    sso_identity_init(id, SSO_OIDC, tenant_id, t->issuer,
	    jstr(c, "sub")) == -1) {
		snprintf(why, whysize, "id_token: bad sub");
		goto out;
	}
	claims_to_identity(c, t, id);
	if (jstr(c, "sid") != NULL && strlen(jstr(c, "sid")) <
	    sizeof(id->session_index))
		snprintf(id->session_index, sizeof(id->session_index), "%s",
		    jstr(c, "sid"));
	/* The userinfo, where the provider releases the attributes there
	 * rather than in the ID token; it must be about the same sub. */
	if (p.userinfo[0] != '\0' && at != NULL) {
		if (fetch(p.userinfo, NULL, at, NULL, NULL, &ui, why,
		    whysize) == -1)
			goto out;
		if ((u = json_loadb(ui.ptr, ui.len, 0, &je)) == NULL ||
		    !json_is_object(u) || jstr(u, "sub") == NULL ||
		    strcmp(jstr(u, "sub"), id->subject) != 0) {
			snprintf(why, whysize, "userinfo: not about sub");
			goto out;
		}
		claims_to_identity(u, t, id);
	}
	e = DDD_OK;
out:
	json_decref(tok);
	json_decref(c);
	json_decref(u);
	free(jwks);
	free(claims);
	if (pass != NULL)
		crypto_wipe(pass, strlen(pass));
	curl_free(user);
	curl_free(pass);
	buf_free(&form);
	buf_free(&ans);
	buf_free(&ui);
	return e;
}
