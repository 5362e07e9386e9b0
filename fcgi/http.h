/* One request in the worker: what was asked (parsed and validated before
 * any handler runs) and what to answer (an XML document plus the name of
 * the stylesheet that renders it, or a redirect, or raw bytes). */
#ifndef DDD_HTTP_H
#define DDD_HTTP_H

#include <fcgiapp.h>
#include <libxml/tree.h>

#include "actor.h"
#include "buf.h"
#include "config.h"
#include "crypto.h"
#include "db.h"
#include "err.h"
#include "forms.h"
#include "multipart.h"
#include "pdf.h"
#include "req.h"
#include "tenant_config.h"
#include "xsl.h"

#define HTTP_MAX_PATH		256
#define HTTP_MAX_PARAMS		4
#define HTTP_MAX_HEADERS	4096

enum http_method { HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP__MAX };

/* Shared by all threads, read-only once the accept loop runs. */
struct app {
	const struct config	*cfg;
	const struct xsl_cache	*xsl;
	const struct form_cache	*forms;			/* schema/forms */
	int			 schema_expected;	/* newest migration */
	const struct crypto_master *master;		/* wraps tenant keys */
	unsigned char		 csrf_key[32];		/* HKDF of master */
	struct pdf_renderer	*pdf;			/* FOP, bounded */
	struct tenant_cache	*tenants;		/* parsed tenant files */
};

/* Who is asking: resolved from the session cookie before the handler. */
struct session {
	int			 valid;
	long long		 account_id;
	long long		 tenant_id;
	unsigned int		 role;		/* one ROLE_* bit */
	char			 roepnaam[101];
	char			 naam[240];	/* full name for display */
	char			 tenant_slug[65];
	char			 tenant_name[201];
	char			 tenant_kind[4];
	unsigned char		 hash[CRYPTO_SHA256_LEN];
	char			 csrf[CRYPTO_CSRF_LEN + 1];
};

struct ctx {
	const struct app	*app;
	struct db		*db;		/* this thread's connection */
	FCGX_Request		*fcgi;

	/* The request, validated. */
	enum http_method	 method;
	char			 path[HTTP_MAX_PATH + 1];
	const char		*remote_addr;
	struct kvlist		 query;
	struct kvlist		 form;
	struct kvlist		 cookies;
	struct mp_form		 upload;	/* files of a multipart POST */
	char			*upload_body;	/* the bytes upload points into */
	size_t			 upload_len;
	long long		 params[HTTP_MAX_PARAMS];	/* route ids */
	size_t			 nparams;
	int			 route_arg;	/* the route's argument */
	int			 page;		/* enum page, -1 before routing */
	struct session		 sess;
	struct actor		 actor;		/* the session, for the domain */
	/* The tenant configurations this request used (http_tenant),
	 * released by ctx_free: one version of each for the whole page. */
	struct tenant_refs	 tenants;
	char			 pre_csrf[CRYPTO_CSRF_LEN + 1];	/* no session */
	/* The form token of this page's forms ("HMAC.NONCE"), and the
	 * nonce a POST came with. */
	char			 form_token[CRYPTO_CSRF_LEN + 1 +
				    CRYPTO_TOKEN_LEN + 1];
	char			 form_nonce[CRYPTO_TOKEN_LEN + 1];

	/* The answer. */
	int			 status;
	xmlDocPtr		 doc;		/* rendered by 'sheet' */
	const char		*sheet;
	char			 location[512];	/* redirect when set */
	struct buf		 headers;	/* extra "Name: value\r\n" */
	struct buf		 body;		/* raw bytes when no sheet */
	const char		*content_type;	/* for body */
};

void		 ctx_init(struct ctx *, const struct app *, struct db *,
		    FCGX_Request *);
void		 ctx_free(struct ctx *);

/* Read the request from libfcgi into ctx, refusing anything malformed or
 * over a cap: first method, path, query and cookies; then, once the page
 * is known, the body (multipart only where the page takes uploads). */
enum ddd_err	 http_read_head(struct ctx *);
enum ddd_err	 http_read_body(struct ctx *, int uploads);
/* Route, run the handler, render, write.  Errors become the error page. */
void		 http_serve(struct ctx *);

/* For handlers. */
enum ddd_err	 http_redirect(struct ctx *, const char *location);
enum ddd_err	 http_header(struct ctx *, const char *name,
		    const char *value);
/* The schools and colleges for a picker: <schools kind="vo|mbo"><school
 * id="slug">name</school>..., under parent. */
enum ddd_err	 http_school_list(struct ctx *, xmlNodePtr parent);
/* The configuration of a tenant (its settings, branding, deel A form):
 * the same for the rest of the request, released with it. */
enum ddd_err	 http_tenant(struct ctx *, long long tenant_id,
		    const struct tenant_config **);
/* New document for the page, with the common <request> part the layout
 * stylesheet uses; returns the root element or NULL. */
xmlNodePtr	 http_page(struct ctx *, const char *root, const char *sheet);

#endif
