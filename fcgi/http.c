#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "api.h"
#include "http.h"
#include "log.h"
#include "metrics.h"
#include "route.h"
#include "session.h"
#include "xmlout.h"

static const char *
param(struct ctx *c, const char *name)
{
	return FCGX_GetParam(name, c->fcgi->envp);
}

/* Paths are plain ASCII in our routes: refuse anything else outright. */
static int
path_ok(const char *p, size_t len)
{
	size_t	 i;

	if (len == 0 || len > HTTP_MAX_PATH || p[0] != '/')
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)p[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '/' || ch == '-' ||
		    ch == '_' || ch == '.'))
			return 0;
	}
	return strstr(p, "..") == NULL && strstr(p, "//") == NULL;
}

static enum ddd_err
read_body(struct ctx *c, size_t len, char **out)
{
	char	*b;
	int	 got;
	size_t	 have = 0;

	if ((b = malloc(len + 1)) == NULL)
		return DDD_ERR_NOMEM;
	while (have < len) {
		got = FCGX_GetStr(b + have, (int)(len - have), c->fcgi->in);
		if (got <= 0)
			break;
		have += (size_t)got;
	}
	if (have != len) {
		free(b);
		return DDD_ERR_BAD_REQUEST;
	}
	b[len] = '\0';
	*out = b;
	return DDD_OK;
}

/* The request's id: nginx's $request_id (passed as REQUEST_ID), so that
 * nginx's lines and ours name the same request, or 16 random bytes of our
 * own; on every log line of the request (log.c), in the X-Request-Id
 * header and on the error page, for a helpdesk to find the request. */
static void
request_id_set(struct ctx *c)
{
	static const char hex[] = "0123456789abcdef";
	const char	*given = param(c, "REQUEST_ID");
	unsigned char	 rnd[16];
	char		 id[LOG_REQUEST_ID_MAX + 1];
	size_t		 i, n;

	n = given != NULL ? strlen(given) : 0;
	if (n >= 16 && n <= LOG_REQUEST_ID_MAX && strspn(given,
	    "0123456789abcdefABCDEF") == n) {
		log_set_request(given);
		return;
	}
	if (crypto_random(rnd, sizeof(rnd)) == -1)
		memset(rnd, 0, sizeof(rnd));
	for (i = 0; i < sizeof(rnd); i++) {
		id[2 * i] = hex[rnd[i] >> 4];
		id[2 * i + 1] = hex[rnd[i] & 15];
	}
	id[2 * sizeof(rnd)] = '\0';
	log_set_request(id);
}

/* Method, path, query string and cookies: everything before the body. */
enum ddd_err
http_read_head(struct ctx *c)
{
	const char	*m, *uri, *q, *ck;
	size_t		 plen;
	enum ddd_err	 result;

	c->remote_addr = param(c, "REMOTE_ADDR");
	if (c->remote_addr == NULL)
		c->remote_addr = "-";
	m = param(c, "REQUEST_METHOD");
	uri = param(c, "REQUEST_URI");
	if (m == NULL || uri == NULL)
		return DDD_ERR_BAD_REQUEST;
	if (strcmp(m, "GET") == 0)
		c->method = HTTP_GET;
	else if (strcmp(m, "HEAD") == 0)
		c->method = HTTP_HEAD;
	else if (strcmp(m, "POST") == 0)
		c->method = HTTP_POST;
	else if (strcmp(m, "PUT") == 0 && api_path(uri))
		c->method = HTTP_PUT;	/* the API's only (fcgi/api.h) */
	else
		return DDD_ERR_METHOD;

	q = strchr(uri, '?');
	plen = q != NULL ? (size_t)(q - uri) : strlen(uri);
	if (plen > HTTP_MAX_PATH) {
		memcpy(c->path, uri, HTTP_MAX_PATH);
		c->path[HTTP_MAX_PATH] = '\0';
		return DDD_ERR_BAD_REQUEST;
	}
	memcpy(c->path, uri, plen);
	c->path[plen] = '\0';
	if (!path_ok(c->path, plen)) {
		/* Keep the log line printable and short. */
		c->path[0] = '?';
		c->path[1] = '\0';
		return DDD_ERR_BAD_REQUEST;
	}
	if (q != NULL && (result = req_parse_urlencoded(q + 1, strlen(q + 1),
	    REQ_MAX_QUERY, &c->query)) != DDD_OK)
		return result;
	if ((ck = param(c, "HTTP_COOKIE")) != NULL &&
	    (result = req_parse_cookies(ck, strlen(ck), &c->cookies)) !=
	    DDD_OK)
		return result;
	return DDD_OK;
}

/* The body of a POST: a urlencoded form, or (for a page that takes
 * uploads) multipart/form-data, whose text fields land in c->form like a
 * urlencoded form's and whose files stay in c->upload. */
enum ddd_err
http_read_body(struct ctx *c, int uploads)
{
	const char	*cl, *ct;
	char		*end, boundary[MP_BOUNDARY_SIZE];
	unsigned long	 len, cap;
	int		 multipart;
	enum ddd_err	 result;

	if (c->method != HTTP_POST)
		return DDD_OK;
	cl = param(c, "CONTENT_LENGTH");
	if (cl == NULL || *cl == '\0')
		return DDD_ERR_BAD_REQUEST;
	len = strtoul(cl, &end, 10);
	if (*end != '\0' || cl[0] == '-' || strlen(cl) > 12)
		return DDD_ERR_BAD_REQUEST;
	ct = param(c, "CONTENT_TYPE");
	multipart = uploads && ct != NULL && strncasecmp(ct,
	    "multipart/form-data", 19) == 0;
	cap = (unsigned long)(multipart ? c->app->cfg->max_upload :
	    c->app->cfg->max_body);
	/* Refused before a byte of it is read. */
	if (len > cap)
		return DDD_ERR_TOO_LARGE;
	if (len == 0)
		return DDD_OK;
	if (multipart) {
		struct mp_limits lim = MP_LIMITS_DEFAULT;
		if ((result = mp_boundary(ct, boundary, sizeof(boundary))) !=
		    DDD_OK)
			return result;
		lim.max_file = lim.max_total = (size_t)cap;
		if ((result = read_body(c, len, &c->upload_body)) != DDD_OK)
			return result;
		c->upload_len = len;
		if ((result = mp_parse(c->upload_body, len, boundary, &lim,
		    &c->upload)) != DDD_OK)
			return result;
		return mp_fields(&c->upload, &c->form);
	}
	if (ct == NULL || strncasecmp(ct,
	    "application/x-www-form-urlencoded", 33) != 0 ||
	    (ct[33 + strspn(ct + 33, " \t")] != '\0' &&
	    ct[33 + strspn(ct + 33, " \t")] != ';'))
		/* RFC 9110 §8.3.1: parameters after optional white space. */
		return DDD_ERR_BAD_REQUEST;
	{
		char *body = NULL;
		if ((result = read_body(c, len, &body)) != DDD_OK)
			return result;
		result = req_parse_urlencoded(body, len,
		    (size_t)c->app->cfg->max_body, &c->form);
		free(body);
	}
	return result;
}

/* The one-time key of a POST: its form's nonce, its path, and what it
 * carries (every field but the token, each file by its SHA-256), so that
 * only the same form sent again has the same key. */
static enum ddd_err
once_key(struct ctx *c, unsigned char key[CRYPTO_SHA256_LEN])
{
	struct buf	 b;
	unsigned char	 h[CRYPTO_SHA256_LEN];
	enum ddd_err	 result;
	size_t		 i;

	buf_init(&b, (size_t)c->app->cfg->max_body + 64 * 1024);
	if ((result = buf_printf(&b, "%s%c%s%c", c->form_nonce, 0, c->path,
	    0)) != DDD_OK)
		goto out;
	for (i = 0; i < c->form.n; i++) {
		if (strcmp(c->form.v[i].key, "csrf") == 0)
			continue;
		if ((result = buf_add(&b, c->form.v[i].key,
		    c->form.v[i].keylen + 1)) != DDD_OK ||
		    (result = buf_add(&b, c->form.v[i].val,
		    c->form.v[i].vallen + 1)) != DDD_OK)
			goto out;
	}
	for (i = 0; i < c->upload.n; i++) {
		const struct mp_part *p = &c->upload.v[i];
		if (p->filename == NULL)
			continue;
		if (crypto_sha256(p->data, p->len, h) == -1) {
			result = DDD_ERR_INTERNAL;
			goto out;
		}
		if ((result = buf_add(&b, p->name, strlen(p->name) + 1)) !=
		    DDD_OK || (result = buf_add(&b, p->filename,
		    strlen(p->filename) + 1)) != DDD_OK ||
		    (result = buf_add(&b, h, sizeof(h))) != DDD_OK)
			goto out;
	}
	result = crypto_sha256(b.ptr, b.len, key) == -1 ? DDD_ERR_INTERNAL :
	    DDD_OK;
out:
	buf_free(&b);
	return result;
}

/* A POST that came again: send it where the first one went.  The first
 * writes its answer's location right after its commit; wait for it a
 * moment, else say the form was carried out already. */
static enum ddd_err
once_replay(struct ctx *c)
{
	struct db_once	*o = &c->db->once;
	struct db_param	 p[3] = { DB_P_INT(o->account_id),
	    DB_P_BLOB(o->key, sizeof(o->key)), DB_P_INT(o->tenant_id) };
	struct db_result res;
	struct timespec	 pause = { 0, 25 * 1000 * 1000 };
	enum ddd_err	 result;
	int		 tries;

	for (tries = 0; tries < 40; tries++) {
		if ((result = db_run(c->db, STMT_ONCE_GET, p, 3, &res)) !=
		    DDD_OK)
			return result;
		if (res.nrows == 1 && DB_COL(&res, 0, "location")[0] != '\0') {
			char loc[sizeof(c->location)];
			snprintf(loc, sizeof(loc), "%s",
			    DB_COL(&res, 0, "location"));
			db_result_free(&res);
			log_info("post_once", "account=%lld path=%s "
			    "replayed=1", o->account_id, c->path);
			if (strcmp(loc, "-") == 0)
				return DDD_ERR_DUPLICATE;
			return http_redirect(c, loc);
		}
		db_result_free(&res);
		nanosleep(&pause, NULL);
	}
	return DDD_ERR_DUPLICATE;
}

/* After the first arrival of a POST committed: where its answer sent the
 * user ("-" for a page), for its twins. */
static void
once_record(struct ctx *c, enum ddd_err result)
{
	struct db_once	*o = &c->db->once;
	struct db_param	 p[4] = { DB_P_STR(result == DDD_OK &&
	    c->location[0] != '\0' ? c->location : "-"),
	    DB_P_INT(o->account_id),
	    DB_P_BLOB(o->key, sizeof(o->key)), DB_P_INT(o->tenant_id) };

	if (db_run(c->db, STMT_ONCE_SET_LOCATION, p, 4, NULL) != DDD_OK)
		log_warn("post_once", "account=%lld path=%s error=location",
		    o->account_id, c->path);
}

enum ddd_err
http_redirect_on_commit(struct ctx *c, const char *location)
{
	struct db_once	*o = &c->db->once;

	if (location[0] != '/' || location[1] == '/' || location[1] == '\\' ||
	    strlen(location) >= sizeof(o->location) ||
	    strpbrk(location, "\r\n") != NULL)
		return DDD_ERR_INTERNAL;
	if (o->armed)
		snprintf(o->location, sizeof(o->location), "%s", location);
	return DDD_OK;
}

/* The one place an error becomes a page. */
static void
error_page(struct ctx *c, enum ddd_err e)
{
	xmlNodePtr	 r;

	c->status = err_http_status(e);
	c->location[0] = '\0';
	buf_reset(&c->headers);
	buf_reset(&c->body);
	if (e == DDD_ERR_LOGIN_REQUIRED) {
		http_redirect(c, "/login");
		if (c->doc != NULL)
			xmlFreeDoc(c->doc);
		c->doc = NULL;
		return;
	}
	if ((r = http_page(c, "error", "error")) == NULL) {
		c->sheet = NULL;
		return;
	}
	xo_attr_int(r, "status", c->status);
	xo_attr(r, "code", err_name(e));
	xo_attr(r, "request-id", log_request());
	xo_el(r, "title", err_title_nl(e));
	xo_el(r, "text", err_text_nl(e));
	if (e == DDD_ERR_DB_UNAVAILABLE || e == DDD_ERR_NOMEM ||
	    e == DDD_ERR_BUSY || e == DDD_ERR_RENDER)
		http_header(c, "Retry-After", "30");
}

static const char *
reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Status";
	}
}

/* The handler's headers as sent, with the one Cache-Control decided
 * here: an answer to a request with a session, or with its cookie (the
 * request may have failed before the session was read), can hold the
 * user's name, CSRF token or data, so it is "private, no-store" whatever
 * the handler set, error pages and redirects included; otherwise the
 * handler's value, if it set one.  The static security headers are
 * nginx's alone (docs/request-path.md). */
static void
final_headers(struct ctx *c, struct buf *out)
{
	const char	*p = c->headers.ptr, *eol, *cc = NULL;
	int		 cclen = 0;

	while (p != NULL && (eol = strstr(p, "\r\n")) != NULL) {
		if (strncasecmp(p, "Cache-Control:", 14) == 0) {
			for (cc = p + 14; *cc == ' '; cc++)
				;
			cclen = (int)(eol - cc);
		} else
			(void)buf_add(out, p, (size_t)(eol + 2 - p));
		p = eol + 2;
	}
	(void)buf_printf(out, "X-Request-Id: %s\r\n", log_request());
	if (c->sess.valid || kv_get(&c->cookies, SESSION_COOKIE) != NULL)
		(void)buf_addstr(out, "Cache-Control: private, no-store\r\n");
	else if (cc != NULL)
		(void)buf_printf(out, "Cache-Control: %.*s\r\n", cclen, cc);
}

static void
write_response(struct ctx *c)
{
	FCGX_Stream	*out = c->fcgi->out;
	const char	*ctype = c->content_type;
	struct buf	 hdr;
	enum ddd_err	 result;

	if (c->location[0] != '\0') {
		buf_init(&hdr, HTTP_MAX_HEADERS + 64);
		final_headers(c, &hdr);
		FCGX_FPrintF(out, "Status: %d %s\r\nLocation: %s\r\n%s"
		    "Content-Length: 0\r\n\r\n", c->status, reason(c->status),
		    c->location, hdr.ptr ? hdr.ptr : "");
		buf_free(&hdr);
		return;
	}
	if (c->sheet != NULL && c->doc != NULL) {
		buf_reset(&c->body);
		result = xsl_apply(c->app->xsl, c->sheet, c->doc, NULL,
		    &c->body, &ctype);
		if (result != DDD_OK) {
			if (strcmp(c->sheet, "error") != 0) {
				error_page(c, result);
				write_response(c);
				return;
			}
			/* The error page itself failed: plain words. */
			c->status = 500;
			buf_reset(&c->body);
			buf_addstr(&c->body, "Er ging iets mis. Probeer het "
			    "later opnieuw.\n");
			ctype = "text/plain";
		}
	}
	if (ctype == NULL)
		ctype = "text/plain";
	buf_init(&hdr, HTTP_MAX_HEADERS + 64);
	final_headers(c, &hdr);
	FCGX_FPrintF(out, "Status: %d %s\r\nContent-Type: %s%s\r\n"
	    "Content-Length: %lu\r\n%s\r\n", c->status, reason(c->status),
	    ctype,
	    strncmp(ctype, "text/", 5) == 0 ? "; charset=utf-8" : "",
	    (unsigned long)c->body.len, hdr.ptr ? hdr.ptr : "");
	buf_free(&hdr);
	if (c->method != HTTP_HEAD && c->body.len > 0)
		FCGX_PutStr(c->body.ptr, (int)c->body.len, out);
}

void
http_serve(struct ctx *c)
{
	struct timespec	 t0, t1;
	enum ddd_err	 result;
	enum page	 page;
	page_handler	 h;
	long		 us;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	request_id_set(c);
	db_request_start(c->db, 0, NULL);
	if ((result = http_read_head(c)) != DDD_OK)
		goto done;
	if ((result = route_match(c->method, c->path, &page, c->params,
	    &c->nparams, &c->route_arg)) != DDD_OK) {
		/* Still refuse an oversized body as too large. */
		if (result == DDD_ERR_METHOD || result == DDD_ERR_NOT_FOUND)
			(void)http_read_body(c, 0);
		goto done;
	}
	c->page = (int)page;
	/* The API: bearer tokens instead of the session and the CSRF
	 * token, JSON and problem details instead of pages (fcgi/api.h). */
	if (pages[page].api != 0) {
		result = api_serve(c, page);
		goto done;
	}
	if ((result = http_read_body(c, pages[page].uploads)) != DDD_OK)
		goto done;
	/* A page behind the log-in that a GET only reads may read from a
	 * replica, once that has the user's last write (docs/decisions.md:
	 * reads from replicas); its writes (a session touch, an access
	 * log row) still go to the primary. */
	if (c->method != HTTP_POST && !(pages[page].roles & ROLE_PUBLIC)) {
		char gtid[DB_GTID_MAX];
		session_gtid_get(c, gtid, sizeof(gtid));
		db_request_start(c->db, 1, gtid);
	}
	if (page != PAGE_HEALTHZ && (result = session_resolve(c)) != DDD_OK)
		goto done;
	if (!(pages[page].roles & ROLE_PUBLIC)) {
		if (!c->sess.valid) {
			result = DDD_ERR_LOGIN_REQUIRED;
			goto done;
		}
		if (!(pages[page].roles & c->sess.role)) {
			result = DDD_ERR_FORBIDDEN;
			goto done;
		}
	}
	/* Every state-changing request carries the form's CSRF token (but a
	 * POST another site sends, which proves itself: route.h). */
	if (c->method == HTTP_POST && !pages[page].cross_site &&
	    (result = csrf_check(c)) != DDD_OK)
		goto done;
	/* One POST, one effect: its key is claimed by the transaction that
	 * carries the effect (db_begin). */
	if (c->method == HTTP_POST && c->sess.valid &&
	    !pages[page].cross_site) {
		struct db_once *o = &c->db->once;
		if ((result = once_key(c, o->key)) != DDD_OK)
			goto done;
		o->account_id = c->sess.account_id;
		o->tenant_id = c->sess.tenant_id;
		o->armed = 1;
	}
	h = c->method == HTTP_POST ? pages[page].post : pages[page].get;
	result = h(c);
	if (c->db->in_txn) {
		/* A handler that returned without committing: undo. */
		db_rollback(c->db);
		if (result == DDD_OK)
			result = DDD_ERR_INTERNAL;
	}
	if (result == DDD_ERR_DUPLICATE)
		result = once_replay(c);
	else if (c->db->once.claimed && !(c->db->once.located &&
	    result == DDD_OK && c->page_err == DDD_OK &&
	    strcmp(c->location, c->db->once.location) == 0))
		once_record(c, c->page_err != DDD_OK ? c->page_err : result);
	c->db->once.armed = 0;
done:
	{
		/* What this request wrote, for its user's next reads. */
		char gtid[DB_GTID_MAX] = "";
		/* An API client carries no cookie: nothing to ask. */
		db_request_end(c->db, gtid, api_path(c->path) ? 0 :
		    sizeof(gtid));
		if (gtid[0] != '\0')
			(void)session_gtid_set(c, gtid);
	}
	if (result != DDD_OK && api_path(c->path))
		api_problem(c, result);	/* never the error page */
	else if (result != DDD_OK)
		error_page(c, result);
	else if (c->page_err != DDD_OK) {
		/* The handler's own page, with the error's status. */
		c->status = err_http_status(c->page_err);
		result = c->page_err;
	}
	write_response(c);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	us = (long)((t1.tv_sec - t0.tv_sec) * 1000000L +
	    (t1.tv_nsec - t0.tv_nsec) / 1000);
	log_info("access", "method=%s path=%s page=%s status=%d bytes=%lu "
	    "us=%ld addr=%s err=%s",
	    c->method == HTTP_POST ? "POST" : c->method == HTTP_HEAD ?
	    "HEAD" : c->method == HTTP_PUT ? "PUT" : "GET",
	    c->path[0] ? c->path : "-",
	    c->page >= 0 ? pages[c->page].name : "-", c->status,
	    (unsigned long)c->body.len, us, c->remote_addr,
	    err_name(result));
	metrics_request(c->page, c->status, us);
	log_set_request(NULL);
}
