#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "log.h"
#include "role.h"
#include "session.h"
#include "sso_config.h"
#include "xmlout.h"

#define HTML_CAP	(8 * 1024 * 1024)

void
ctx_init(struct ctx *c, const struct app *app, struct db *db,
    FCGX_Request *fcgi, struct buf *body)
{
	memset(c, 0, sizeof(*c));
	c->app = app;
	c->db = db;
	c->fcgi = fcgi;
	c->page = -1;
	c->status = 200;
	c->actor = (struct actor){ app, db, &c->tenants, 0, 0, 0, "", "" };
	memset(&db->once, 0, sizeof(db->once));
	kvlist_init(&c->query);
	kvlist_init(&c->form);
	kvlist_init(&c->cookies);
	mp_form_init(&c->upload);
	buf_init(&c->headers, HTTP_MAX_HEADERS);
	c->body = *body;
	buf_init(body, 0);
	buf_reset(&c->body);
	c->body.cap = HTML_CAP;
}

void
ctx_free(struct ctx *c, struct buf *body)
{
	kvlist_free(&c->query);
	kvlist_free(&c->form);
	kvlist_free(&c->cookies);
	mp_form_free(&c->upload);
	tenant_refs_release(&c->tenants);
	if (c->upload_body != NULL)
		crypto_wipe(c->upload_body, c->upload_len);
	free(c->upload_body);
	if (c->doc != NULL)
		xmlFreeDoc(c->doc);
	c->doc = NULL;
	buf_free(&c->headers);
	/* Back to the thread; a download's bytes (a dossier's PDF, a zip)
	 * are wiped, not left for the thread's next request. */
	if (c->content_type != NULL && c->body.ptr != NULL)
		crypto_wipe(c->body.ptr, c->body.len);
	*body = c->body;
	buf_init(&c->body, 0);
	if (body->alloc > CTX_BODY_KEEP)
		buf_free(body);
	buf_reset(body);
}

enum ddd_err
http_tenant(struct ctx *c, long long tenant_id,
    const struct tenant_config **out)
{
	return actor_tenant(&c->actor, tenant_id, out);
}


enum ddd_err
http_redirect(struct ctx *c, const char *location)
{
	/* Only our own absolute paths: no open redirects. */
	if (location[0] != '/' || location[1] == '/' || location[1] == '\\' ||
	    strlen(location) >= sizeof(c->location) ||
	    strpbrk(location, "\r\n") != NULL)
		return DDD_ERR_INTERNAL;
	snprintf(c->location, sizeof(c->location), "%s", location);
	c->status = 303;
	return DDD_OK;
}

enum ddd_err
http_redirect_external(struct ctx *c, const char *url)
{
	char	 why[160];
	enum ddd_err e;

	if (strlen(url) > 4096 || strpbrk(url, "\r\n") != NULL ||
	    !sso_url_ok(url, why, sizeof(why)) || strlen(url) + 12 >
	    HTTP_MAX_HEADERS)
		return DDD_ERR_INTERNAL;
	if ((e = http_header(c, "Location", url)) != DDD_OK)
		return e;
	/* No document and no body: write_response sends the status with
	 * the headers, Location among them. */
	c->sheet = NULL;
	c->status = 303;
	buf_reset(&c->body);
	c->content_type = "text/plain";
	return DDD_OK;
}

enum ddd_err
http_page_error(struct ctx *c, enum ddd_err e)
{
	c->page_err = e;
	return DDD_OK;
}

enum ddd_err
http_header(struct ctx *c, const char *name, const char *value)
{
	if (strpbrk(name, "\r\n:") != NULL || strpbrk(value, "\r\n") != NULL)
		return DDD_ERR_INTERNAL;
	return buf_printf(&c->headers, "%s: %s\r\n", name, value);
}


/* A download: the body as a file, no stylesheet after it. */
static enum ddd_err
download_headers(struct ctx *c, const char *type, const char *filename)
{
	char		 disp[200];

	if (c->doc != NULL) {
		xmlFreeDoc(c->doc);
		c->doc = NULL;
	}
	c->sheet = NULL;
	c->content_type = type;
	snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"", filename);
	/* Cache-Control: write_response's one rule (private, no-store
	 * with a session). */
	return http_header(c, "Content-Disposition", disp);
}

enum ddd_err
http_download(struct ctx *c, const char *type, const char *filename,
    const char *data, size_t len)
{
	enum ddd_err	 e;

	buf_reset(&c->body);
	if (c->body.cap < len)
		c->body.cap = len;
	if ((e = buf_add(&c->body, data, len)) != DDD_OK)
		return e;
	return download_headers(c, type, filename);
}

enum ddd_err
http_download_buf(struct ctx *c, const char *type, const char *filename,
    struct buf *b)
{
	buf_free(&c->body);
	c->body = *b;
	buf_init(b, 0);
	return download_headers(c, type, filename);
}

xmlNodePtr
http_page(struct ctx *c, const char *root, const char *sheet)
{
	xmlNodePtr	 r, req;

	if (c->doc != NULL)
		xmlFreeDoc(c->doc);
	if ((c->doc = xo_doc(root)) == NULL)
		return NULL;
	c->sheet = sheet;
	r = xo_root(c->doc);
	req = xo_el(r, "request", NULL);
	xo_attr(req, "path", c->path);
	if (c->sess.valid) {
		xmlNodePtr s = xo_el(r, "session", NULL);
		xo_attr(s, "role", role_name(c->sess.role));
		xo_attr(s, "naam", c->sess.naam);
		xo_attr(s, "roepnaam", c->sess.roepnaam);
		xo_attr(s, "tenant", c->sess.tenant_name);
		xo_attr(s, "kind", c->sess.tenant_kind);
		xo_attr(s, "csrf", c->form_token);
	}
	return r;
}

/* A picker lists every school up to this many; above, the page asks for a
 * part of the name (a list of 700 schools helps nobody, and the page's
 * cost would grow with the instance: issue 15). */
#define SCHOOL_LIST_MAX		40
#define SCHOOL_FOUND_MAX	20
#define SCHOOL_QUERY_MIN	2
#define SCHOOL_QUERY_MAX	100

static int
slug_ok(const char *v, size_t len)
{
	size_t	 i;

	if (len == 0 || len > 64)
		return 0;
	for (i = 0; i < len; i++)
		if (!((v[i] >= 'a' && v[i] <= 'z') ||
		    (v[i] >= '0' && v[i] <= '9') || v[i] == '-'))
			return 0;
	return 1;
}

/* The slug the page is for: the form's on a POST; on a GET the link's or
 * the browser's, unless the person asked to choose another. */
static const struct kv *
school_named(struct ctx *c)
{
	const struct kv	*kv;

	if (c->method == HTTP_POST)
		return kv_get(&c->form, "school");
	if (kv_get(&c->query, "kies") != NULL)
		return NULL;
	if ((kv = kv_get(&c->query, "school")) != NULL)
		return kv;
	return kv_get(&c->cookies, SCHOOL_COOKIE);
}

static void
school_rows(struct db_result *res, size_t n, xmlNodePtr groups[2])
{
	xmlNodePtr	 s;
	size_t		 i;

	for (i = 0; i < n && i < res->nrows; i++) {
		int mbo = strcmp(DB_COL(res, i, "kind"), "mbo") == 0;
		s = xo_el(groups[mbo], "school", DB_COL(res, i, "name"));
		xo_attr(s, "id", DB_COL(res, i, "slug"));
		xo_attr(s, "kind", mbo ? "mbo" : "vo");
	}
}

/* What a person typed, for LIKE: trimmed, '%', '_' and '\' escaped,
 * between '%'s.  Returns 0, or -1 when it is too short or too long. */
static int
school_pattern(const char *v, size_t len, char *pat, size_t size,
    char *upper, size_t usize)
{
	size_t	 i, j = 0, k = 0;

	while (len > 0 && (v[0] == ' ' || v[0] == '\t')) {
		v++;
		len--;
	}
	while (len > 0 && (v[len - 1] == ' ' || v[len - 1] == '\t'))
		len--;
	if (len < SCHOOL_QUERY_MIN || len > SCHOOL_QUERY_MAX ||
	    size < 2 * len + 3 || usize < len + 1)
		return -1;
	pat[j++] = '%';
	for (i = 0; i < len; i++) {
		if (v[i] == '%' || v[i] == '_' || v[i] == '\\')
			pat[j++] = '\\';
		pat[j++] = v[i];
		upper[k++] = (v[i] >= 'a' && v[i] <= 'z') ? v[i] - 'a' + 'A' :
		    v[i];
	}
	pat[j++] = '%';
	pat[j] = '\0';
	upper[k] = '\0';
	return 0;
}

enum ddd_err
http_school_choice(struct ctx *c, xmlNodePtr parent)
{
	struct db_result res;
	const struct kv	*kv;
	xmlNodePtr	 groups[2], search, n;
	char		 slug[65], pat[2 * SCHOOL_QUERY_MAX + 3];
	char		 upper[SCHOOL_QUERY_MAX + 1];
	enum ddd_err	 e;

	if ((kv = school_named(c)) != NULL && slug_ok(kv->val, kv->vallen)) {
		struct db_param p[1];
		snprintf(slug, sizeof(slug), "%.*s", (int)kv->vallen, kv->val);
		p[0] = (struct db_param)DB_P_STR(slug);
		if ((e = db_run(c->db, STMT_TENANT_BY_SLUG, p, 1, &res)) !=
		    DDD_OK)
			return e;
		if (res.nrows == 1) {
			n = xo_el(parent, "school-chosen",
			    DB_COL(&res, 0, "name"));
			xo_attr(n, "id", slug);
			xo_attr(n, "kind", DB_COL(&res, 0, "kind"));
			db_result_free(&res);
			return DDD_OK;
		}
		db_result_free(&res);
	}
	{
		struct db_param p[1] = { DB_P_INT(SCHOOL_LIST_MAX + 1) };
		if ((e = db_run(c->db, STMT_TENANT_LIST_FIRST, p, 1, &res)) !=
		    DDD_OK)
			return e;
	}
	if (res.nrows <= SCHOOL_LIST_MAX) {
		groups[0] = xo_el(parent, "schools", NULL);
		xo_attr(groups[0], "kind", "vo");
		groups[1] = xo_el(parent, "schools", NULL);
		xo_attr(groups[1], "kind", "mbo");
		school_rows(&res, res.nrows, groups);
		db_result_free(&res);
		return DDD_OK;
	}
	db_result_free(&res);
	search = xo_el(parent, "school-search", NULL);
	if ((kv = kv_get(&c->query, "zoek")) == NULL)
		return DDD_OK;
	xo_attr(search, "q", kv->val);
	if (school_pattern(kv->val, kv->vallen, pat, sizeof(pat), upper,
	    sizeof(upper)) == -1) {
		xo_attr(search, "error", kv->vallen > SCHOOL_QUERY_MAX ?
		    "long" : "short");
		return DDD_OK;
	}
	{
		struct db_param p[4] = { DB_P_STR(pat), DB_P_STR(pat),
		    DB_P_STR(upper), DB_P_INT(SCHOOL_FOUND_MAX + 1) };
		if ((e = db_run(c->db, STMT_TENANT_SEARCH, p, 4, &res)) !=
		    DDD_OK)
			return e;
	}
	groups[0] = groups[1] = xo_el(search, "schools", NULL);
	xo_attr(groups[0], "kind", "found");
	if (res.nrows > SCHOOL_FOUND_MAX)
		xo_attr(search, "more", "1");
	school_rows(&res, SCHOOL_FOUND_MAX, groups);
	db_result_free(&res);
	return DDD_OK;
}

