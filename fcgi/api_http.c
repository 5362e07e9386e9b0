/* The API's side of a request: credentials, scope and rate before the
 * handler; JSON, documents and problem details for the answer.  See
 * fcgi/api.h and docs/api.md. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "api_int.h"
#include "http.h"
#include "log.h"

#define API_REALM	"ddd-api"
#define API_MAX_DOC	(4 * 1024 * 1024)	/* a published contract */
#define API_MAX_CERT	(64 * 1024)		/* PEM of a client cert */

/* The answer types that say the API answered an error itself. */
static const char problem_type[] = "application/problem+json";
static const char oauth_type[] = "application/json";

/* The client of this request (bearer pages), for the handlers.  One
 * request at a time per thread. */
static _Thread_local struct api_principal who;
static _Thread_local int have_who;

const struct api_principal *
api_who(void)
{
	return have_who ? &who : NULL;
}

int
api_path(const char *path)
{
	return strncmp(path, "/api/", 5) == 0;
}

const char *
api_param(struct ctx *c, const char *name)
{
	return FCGX_GetParam(name, c->fcgi->envp);
}

static int
answered(const struct ctx *c)
{
	return c->content_type == problem_type ||
	    c->content_type == oauth_type;
}

/* Start an answer afresh: what a handler built so far goes. */
static void
reset(struct ctx *c)
{
	buf_reset(&c->headers);
	buf_reset(&c->body);
	if (c->doc != NULL)
		xmlFreeDoc(c->doc);
	c->doc = NULL;
	c->sheet = NULL;
	c->location[0] = '\0';
	c->content_type = NULL;
}

static enum ddd_err
dump(struct ctx *c, json_t *v)
{
	char		*s;
	enum ddd_err	 e;

	buf_reset(&c->body);
	if (v == NULL || (s = json_dumps(v, JSON_COMPACT)) == NULL) {
		json_decref(v);
		return DDD_ERR_NOMEM;
	}
	json_decref(v);
	e = buf_addstr(&c->body, s);
	free(s);
	return e;
}

enum ddd_err
api_json(struct ctx *c, int status, json_t *v)
{
	enum ddd_err	 e;

	if ((e = dump(c, v)) != DDD_OK)
		return e;
	c->status = status;
	c->content_type = "application/json";
	return DDD_OK;
}

json_t *
api_str(const char *s, int empty_is_null)
{
	json_t	*v;

	if (s == NULL || (empty_is_null && *s == '\0'))
		return json_null();
	/* Our data is UTF-8; should a byte not be, say so rather than
	 * leave the member out. */
	v = json_string(s);
	return v != NULL ? v : json_string("\xef\xbf\xbd");
}

json_t *
api_url(struct ctx *c, const char *fmt, ...)
{
	char	 path[512], url[CONFIG_MAX_VALUE + 512];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	snprintf(url, sizeof(url), "%s%s", c->app->cfg->base_url, path);
	return api_str(url, 0);
}

static enum ddd_err
problem(struct ctx *c, enum ddd_err e, int status, const char *code,
    const char *title, const char *detail, json_t *extra, const char *type)
{
	json_t		*v;
	char		 uri[96];

	reset(c);
	c->status = status != 0 ? status : err_http_status(e);
	if (c->status < 400)	/* the pages' redirect to the log-in */
		c->status = e == DDD_ERR_LOGIN_REQUIRED ? 401 : 500;
	snprintf(uri, sizeof(uri), "urn:ddd:api:problem:%s", code);
	v = json_pack("{s:s, s:s, s:i, s:s, s:s}", "type", uri, "title",
	    title, "status", c->status, "detail", detail, "instance",
	    c->path);
	if (v != NULL && extra != NULL)
		json_object_update(v, extra);
	json_decref(extra);
	http_header(c, "Cache-Control", "no-store");
	if (c->status == 503 || c->status == 500)
		http_header(c, "Retry-After", "30");
	if (dump(c, v) != DDD_OK) {
		buf_reset(&c->body);
		c->status = 500;
	}
	c->content_type = type;
	return e != DDD_OK ? e : DDD_ERR_INTERNAL;
}

enum ddd_err
api_fail(struct ctx *c, enum ddd_err e, int status, const char *code,
    const char *title, const char *detail, json_t *extra)
{
	return problem(c, e, status, code, title, detail, extra,
	    problem_type);
}

enum ddd_err
api_oauth_fail(struct ctx *c, enum ddd_err e, int status, const char *error,
    const char *detail)
{
	json_t	*extra = json_pack("{s:s, s:s}", "error", error,
	    "error_description", detail);

	e = problem(c, e, status, error, "Token geweigerd", detail, extra,
	    oauth_type);
	http_header(c, "Pragma", "no-cache");
	return e;
}

/* What an error the API did not describe itself becomes. */
static const struct {
	enum ddd_err	 e;
	int		 status;	/* 0: err_http_status */
	const char	*code;
	const char	*title;
	const char	*detail;
} generic[] = {
	{ DDD_ERR_BAD_REQUEST, 0, "bad-request", "Ongeldig verzoek",
	    "Het verzoek kan niet worden gelezen (adres, query of inhoud)." },
	{ DDD_ERR_TOO_LARGE, 0, "too-large", "Te groot",
	    "Het verzoek is groter dan toegestaan." },
	{ DDD_ERR_NOT_FOUND, 0, "not-found", "Niet gevonden",
	    "Dit bestaat niet, of deze client heeft er geen toegang toe." },
	{ DDD_ERR_METHOD, 0, "method-not-allowed", "Methode niet toegestaan",
	    "Dit adres kan niet met deze methode worden gebruikt; zie de "
	    "Allow-header." },
	{ DDD_ERR_LOGIN_REQUIRED, 401, "unauthorized", "Niet aangemeld",
	    "Stuur een geldig toegangstoken mee: Authorization: Bearer "
	    "TOKEN (te krijgen bij /api/v1/token)." },
	{ DDD_ERR_FORBIDDEN, 0, "forbidden", "Geen toegang",
	    "Deze client mag dit niet." },
	{ DDD_ERR_INVALID_INPUT, 0, "invalid", "Ongeldige invoer",
	    "De gegevens voldoen niet aan de regels." },
	{ DDD_ERR_CONFLICT, 0, "conflict", "Gegevens gewijzigd",
	    "De gegevens zijn intussen gewijzigd; haal ze opnieuw op." },
	{ DDD_ERR_RATE_LIMIT, 0, "rate-limited", "Te veel verzoeken",
	    "Deze client heeft te veel verzoeken gedaan; probeer het na de "
	    "Retry-After opnieuw." },
	{ DDD_ERR_DB_UNAVAILABLE, 0, "unavailable", "Tijdelijk niet beschikbaar",
	    "Het systeem is even niet bereikbaar; er is niets gewijzigd. "
	    "Probeer het na de Retry-After opnieuw." },
	{ DDD_ERR_NOMEM, 0, "unavailable", "Tijdelijk niet beschikbaar",
	    "Het systeem is even overbelast; probeer het na de Retry-After "
	    "opnieuw." },
	{ DDD_ERR_BUSY, 0, "busy", "Even druk",
	    "Er worden nu veel documenten tegelijk gemaakt; probeer het na "
	    "de Retry-After opnieuw." },
	{ DDD_ERR_RENDER, 0, "render-failed", "PDF niet gemaakt",
	    "De PDF kon nu niet worden gemaakt; probeer het na de "
	    "Retry-After opnieuw." },
};

void
api_problem(struct ctx *c, enum ddd_err e)
{
	size_t	 i;
	char	 allow[64];

	if (answered(c) || e == DDD_OK)
		return;
	for (i = 0; i < sizeof(generic) / sizeof(generic[0]); i++)
		if (generic[i].e == e)
			break;
	if (i == sizeof(generic) / sizeof(generic[0])) {
		(void)api_fail(c, e, 500, "internal", "Er ging iets mis",
		    "Er ging bij ons iets mis; er is niets gewijzigd.", NULL);
		return;
	}
	(void)api_fail(c, e, generic[i].status, generic[i].code,
	    generic[i].title, generic[i].detail, NULL);
	switch (e) {
	case DDD_ERR_METHOD:
		route_allow(c->path, allow, sizeof(allow));
		if (allow[0] != '\0')
			http_header(c, "Allow", allow);
		break;
	case DDD_ERR_LOGIN_REQUIRED:
		http_header(c, "WWW-Authenticate", "Bearer realm=\""
		    API_REALM "\"");
		break;
	case DDD_ERR_BUSY:
	case DDD_ERR_RENDER:
	case DDD_ERR_DB_UNAVAILABLE:
	case DDD_ERR_NOMEM:
		http_header(c, "Retry-After", "30");
		break;
	default:
		break;
	}
}

/* --- documents ------------------------------------------------------- */

/* An entity tag of If-None-Match against ours (weak comparison, RFC 9110
 * 13.1.2: W/ does not count). */
int
api_not_modified(struct ctx *c, const char *hex)
{
	const char	*h = api_param(c, "HTTP_IF_NONE_MATCH"), *q;
	size_t		 n = strlen(hex), len;
	char		 etag[80];

	if (h == NULL)
		return 0;
	for (;;) {
		h += strspn(h, " \t,");
		if (*h == '\0')
			return 0;
		if (*h == '*')
			break;
		if (strncmp(h, "W/", 2) == 0)
			h += 2;
		if (*h != '"' || (q = strchr(h + 1, '"')) == NULL)
			return 0;	/* not a list of entity tags */
		len = (size_t)(q - h - 1);
		if (len == n && memcmp(h + 1, hex, n) == 0)
			break;
		h = q + 1;
	}
	buf_reset(&c->body);
	c->status = 304;
	snprintf(etag, sizeof(etag), "\"%s\"", hex);
	http_header(c, "ETag", etag);
	return 1;
}

enum ddd_err
api_bytes(struct ctx *c, const char *type, const char *hex, const void *data,
    size_t len)
{
	char		 etag[80];
	enum ddd_err	 e;

	buf_reset(&c->body);
	if (c->body.cap < len)
		c->body.cap = len;
	if ((e = buf_add(&c->body, data, len)) != DDD_OK)
		return e;
	c->content_type = type;
	snprintf(etag, sizeof(etag), "\"%s\"", hex);
	return http_header(c, "ETag", etag);
}

/* --- the request ----------------------------------------------------- */

static int
hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

int
api_client_cert(struct ctx *c, unsigned char out[32])
{
	const char	*p = api_param(c, "DDD_CLIENT_CERT"), *b, *end;
	char		*pem = NULL;
	unsigned char	*der = NULL;
	size_t		 i, n = 0, len;
	int		 dl, fl, ok = 0;
	EVP_ENCODE_CTX	*dc = NULL;

	if (p == NULL || *p == '\0' || (len = strlen(p)) > API_MAX_CERT)
		return 0;
	/* nginx's $ssl_client_escaped_cert: the PEM, URL-escaped. */
	if ((pem = malloc(len + 1)) == NULL || (der = malloc(len)) == NULL)
		goto out;
	for (i = 0; i < len; i++) {
		if (p[i] == '%' && i + 2 < len && hexval(p[i + 1]) >= 0 &&
		    hexval(p[i + 2]) >= 0) {
			pem[n++] = (char)(hexval(p[i + 1]) * 16 +
			    hexval(p[i + 2]));
			i += 2;
		} else
			pem[n++] = p[i];
	}
	pem[n] = '\0';
	if ((b = strstr(pem, "-----BEGIN CERTIFICATE-----")) == NULL ||
	    (end = strstr(b, "-----END CERTIFICATE-----")) == NULL)
		goto out;
	b += strlen("-----BEGIN CERTIFICATE-----");
	if ((dc = EVP_ENCODE_CTX_new()) == NULL)
		goto out;
	EVP_DecodeInit(dc);
	if (EVP_DecodeUpdate(dc, der, &dl, (const unsigned char *)b,
	    (int)(end - b)) < 0 || EVP_DecodeFinal(dc, der + dl, &fl) != 1 ||
	    dl + fl <= 0)
		goto out;
	ok = crypto_sha256(der, (size_t)(dl + fl), out) == 0;
out:
	EVP_ENCODE_CTX_free(dc);
	free(pem);
	free(der);
	return ok;
}

enum ddd_err
api_read_json(struct ctx *c, json_t **out)
{
	const char	*ct = api_param(c, "CONTENT_TYPE");
	const char	*cl = api_param(c, "CONTENT_LENGTH");
	json_error_t	 err;
	char		*b = NULL, *end, msg[300];
	unsigned long	 len;
	size_t		 have = 0, rest;
	int		 got;

	*out = NULL;
	if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0 ||
	    (ct[16 + strspn(ct + 16, " \t")] != '\0' &&
	    ct[16 + strspn(ct + 16, " \t")] != ';'))
		return api_fail(c, DDD_ERR_BAD_REQUEST, 415,
		    "unsupported-media-type", "Verkeerd type",
		    "Stuur de gegevens als JSON (Content-Type: "
		    "application/json).", NULL);
	if (cl == NULL || *cl == '\0' || cl[0] == '-' || strlen(cl) > 12 ||
	    ((len = strtoul(cl, &end, 10)), *end != '\0'))
		return api_fail(c, DDD_ERR_BAD_REQUEST, 0, "bad-request",
		    "Ongeldig verzoek", "Het verzoek heeft geen geldige "
		    "Content-Length.", NULL);
	if (len > API_MAX_JSON)
		return api_fail(c, DDD_ERR_TOO_LARGE, 0, "too-large",
		    "Te groot", "De JSON is groter dan 16 KiB.", NULL);
	if ((b = malloc(len + 1)) == NULL)
		return DDD_ERR_NOMEM;
	while (have < len) {
		rest = len - have;
		if ((got = FCGX_GetStr(b + have, (int)rest, c->fcgi->in)) <= 0)
			break;
		have += (size_t)got;
	}
	if (have != len) {
		free(b);
		return api_fail(c, DDD_ERR_BAD_REQUEST, 0, "bad-request",
		    "Ongeldig verzoek", "De inhoud is korter dan de "
		    "Content-Length.", NULL);
	}
	*out = json_loadb(b, len, JSON_REJECT_DUPLICATES, &err);
	free(b);
	if (*out == NULL) {
		snprintf(msg, sizeof(msg), "De JSON kan niet worden gelezen "
		    "(regel %d, kolom %d).", err.line, err.column);
		return api_fail(c, DDD_ERR_BAD_REQUEST, 0, "invalid-json",
		    "Ongeldige JSON", msg, json_pack("{s:s}", "json_error",
		    err.text));
	}
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return api_fail(c, DDD_ERR_BAD_REQUEST, 0, "invalid-json",
		    "Ongeldige JSON", "Stuur een JSON-object.", NULL);
	}
	return DDD_OK;
}

/* A bearer page: the token, the certificate it is bound to, the rate of
 * its client, the scope; then the actor the domain sees. */
static enum ddd_err
bearer(struct ctx *c, unsigned int need)
{
	const char	*h = api_param(c, "HTTP_AUTHORIZATION"), *tok;
	unsigned char	 cert[32];
	char		 retry[16], hdr[160];
	const char	*scope;
	size_t		 len;
	int		 wait;
	enum ddd_err	 e;

	if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0) {
		api_problem(c, DDD_ERR_LOGIN_REQUIRED);
		return DDD_ERR_LOGIN_REQUIRED;
	}
	tok = h + 7 + strspn(h + 7, " ");
	len = strlen(tok);
	while (len > 0 && tok[len - 1] == ' ')
		len--;
	e = api_token_check(c->db, tok, len, &who);
	if (e == DDD_OK && who.has_cert && (!api_client_cert(c, cert) ||
	    !crypto_equal(cert, sizeof(cert), who.cert, sizeof(who.cert))))
		/* Bound to the client's certificate (RFC 8705 3): a copy
		 * of the token alone is no use. */
		e = DDD_ERR_LOGIN_REQUIRED;
	if (e == DDD_ERR_LOGIN_REQUIRED) {
		e = api_fail(c, e, 401, "invalid-token", "Ongeldig token",
		    "Het toegangstoken is onbekend, verlopen of ingetrokken; "
		    "vraag een nieuw aan bij /api/v1/token.", NULL);
		http_header(c, "WWW-Authenticate", "Bearer realm=\""
		    API_REALM "\", error=\"invalid_token\"");
		return e;
	}
	if (e != DDD_OK)
		return e;
	if ((e = api_rate_hit(c->db, &who, &wait)) == DDD_ERR_RATE_LIMIT) {
		e = api_fail(c, e, 429, "rate-limited", "Te veel verzoeken",
		    "Deze client heeft zijn verzoeken voor deze minuut "
		    "gehad; probeer het na de Retry-After opnieuw.",
		    json_pack("{s:i}", "rate_per_minute", who.rate));
		snprintf(retry, sizeof(retry), "%d", wait);
		http_header(c, "Retry-After", retry);
		return e;
	}
	if (e != DDD_OK)
		return e;
	scope = NULL;
	if ((need & API_READ) && !(who.scopes & API_SCOPE_READ))
		scope = "dossiers:read";
	if ((need & API_STATUS) && !(who.scopes & API_SCOPE_STATUS))
		scope = "status:write";
	if (scope != NULL) {
		e = api_fail(c, DDD_ERR_FORBIDDEN, 403, "insufficient-scope",
		    "Onvoldoende scope", "Dit vraagt een token met een scope "
		    "die deze client of dit token niet heeft.",
		    json_pack("{s:s}", "scope", scope));
		snprintf(hdr, sizeof(hdr), "Bearer realm=\"" API_REALM "\", "
		    "error=\"insufficient_scope\", scope=\"%s\"", scope);
		http_header(c, "WWW-Authenticate", hdr);
		return e;
	}
	api_principal_actor(&who, c->app, c->db, &c->tenants, &c->actor);
	have_who = 1;
	return DDD_OK;
}

enum ddd_err
api_serve(struct ctx *c, enum page page)
{
	const struct page_def *p = &pages[page];
	page_handler	 h;
	enum ddd_err	 e;

	memset(&who, 0, sizeof(who));
	have_who = 0;
	h = c->method == HTTP_POST ? p->post : c->method == HTTP_PUT ?
	    p->put : p->get;
	if (h == NULL) {
		e = DDD_ERR_METHOD;
		goto out;
	}
	/* Data of a college's students: no copy anywhere on the way, unless
	 * a handler says otherwise (the published contracts). */
	http_header(c, "Cache-Control", "no-store");
	/* The token request is a form (RFC 6749 4.4.2); a PUT's JSON is
	 * its handler's to read. */
	if (c->method == HTTP_POST && (e = http_read_body(c, 0)) != DDD_OK) {
		e = api_oauth_fail(c, e, e == DDD_ERR_TOO_LARGE ? 413 : 400,
		    "invalid_request", "Stuur het tokenverzoek als formulier "
		    "(application/x-www-form-urlencoded).");
		goto out;
	}
	if ((p->api & (API_READ | API_STATUS)) &&
	    (e = bearer(c, p->api)) != DDD_OK)
		goto out;
	e = h(c);
out:
	if (e != DDD_OK)
		api_problem(c, e);
	memset(&who, 0, sizeof(who));
	have_who = 0;
	return e;
}

/* --- the published contracts ----------------------------------------- */

static const struct {
	const char	*file;		/* in schema_dir */
	const char	*type;
} docs[] = {
	[API_DOC_OPENAPI] = { "openapi.json", "application/json" },
	[API_DOC_RNG] = { "dossier-export.rng", "application/xml" },
	[API_DOC_XSD] = { "dossier-export.xsd", "application/xml" },
};

/* The OpenAPI document and the export's schemas, as kept in the tree
 * (installed with schema/): read at each request, small and rare. */
enum ddd_err
api_contract(struct ctx *c)
{
	char		 path[CONFIG_MAX_VALUE + 64], chunk[8192];
	char		 hex[CRYPTO_HEX_LEN(CRYPTO_SHA256_LEN) + 1];
	unsigned char	 sha[CRYPTO_SHA256_LEN];
	struct buf	 b;
	FILE		*fp;
	size_t		 got;
	enum ddd_err	 e = DDD_OK;

	if (c->route_arg < 0 || (size_t)c->route_arg >=
	    sizeof(docs) / sizeof(docs[0]))
		return DDD_ERR_NOT_FOUND;
	snprintf(path, sizeof(path), "%s/%s", c->app->cfg->schema_dir,
	    docs[c->route_arg].file);
	if ((fp = fopen(path, "r")) == NULL) {
		log_error("api_contract", "file=%s error=\"cannot open\"",
		    path);
		return DDD_ERR_INTERNAL;
	}
	buf_init(&b, API_MAX_DOC);
	while (e == DDD_OK && (got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		e = buf_add(&b, chunk, got);
	fclose(fp);
	if (e != DDD_OK || b.ptr == NULL ||
	    crypto_sha256(b.ptr, b.len, sha) == -1 ||
	    crypto_hex_encode(sha, sizeof(sha), hex, sizeof(hex)) == -1) {
		buf_free(&b);
		return e != DDD_OK ? e : DDD_ERR_INTERNAL;
	}
	/* Public, and changed only by a new release: cached, asked again. */
	http_header(c, "Cache-Control", "no-cache");
	if (!api_not_modified(c, hex))
		e = api_bytes(c, docs[c->route_arg].type, hex, b.ptr, b.len);
	buf_free(&b);
	return e;
}
