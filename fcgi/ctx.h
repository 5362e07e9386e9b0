/* The request context: what was asked (parsed and validated before any
 * handler runs), who asks (the session, as an actor for the domain), and
 * the answer being built (an XML document plus the name of the
 * stylesheet that renders it, or a redirect, or raw bytes), with the
 * helpers handlers build it with.  fcgi/http.c reads, routes and writes;
 * fcgi/session.c fills the session. */
#ifndef DDD_CTX_H
#define DDD_CTX_H

#include <fcgiapp.h>
#include <libxml/tree.h>

#include "actor.h"
#include "app.h"
#include "buf.h"
#include "crypto.h"
#include "db.h"
#include "err.h"
#include "multipart.h"
#include "req.h"

#define HTTP_MAX_PATH		256
#define HTTP_MAX_PARAMS		4
#define HTTP_MAX_HEADERS	4096

/* PUT only on the API's paths (fcgi/http.c, http_read_head). */
enum http_method { HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_PUT, HTTP__MAX };

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
	char			*upload_body;	/* upload points into it */
	size_t			 upload_len;
	long long		 params[HTTP_MAX_PARAMS];	/* route ids */
	size_t			 nparams;
	int			 route_arg;	/* the route's argument */
	int			 page;		/* enum page; -1: unrouted */
	struct session		 sess;
	struct actor		 actor;		/* the session, as actor */
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
	enum ddd_err		 page_err;	/* the page shows it itself */
	xmlDocPtr		 doc;		/* rendered by 'sheet' */
	const char		*sheet;
	char			 location[512];	/* redirect when set */
	struct buf		 headers;	/* extra "Name: value\r\n" */
	struct buf		 body;		/* raw bytes when no sheet */
	const char		*content_type;	/* for body */
};

/* body: the thread's response buffer, lent to the request and given
 * back by ctx_free (kept up to CTX_BODY_KEEP bytes): a page's buffer is
 * not grown from nothing and freed again on every request. */
#define CTX_BODY_KEEP	(1024 * 1024)
void		 ctx_init(struct ctx *, const struct app *, struct db *,
		    FCGX_Request *, struct buf *body);
void		 ctx_free(struct ctx *, struct buf *body);

/* For handlers: the answer. */
enum ddd_err	 http_redirect(struct ctx *, const char *location);
/* Before the transaction of a POST's effect: the redirect it will answer
 * if that commits, written with its one-time key in the same transaction
 * (fcgi/http.c), so that the save is one commit, not two.  An answer that
 * turns out otherwise is recorded after, as for any POST. */
enum ddd_err	 http_redirect_on_commit(struct ctx *, const char *location);
/* A 303 to another site (a school's identity provider: issue 18): an
 * absolute https:// URL (http:// only on loopback), no CR/LF, at most
 * 4 KiB.  Only for URLs the server built, never one a request named. */
enum ddd_err	 http_redirect_external(struct ctx *, const char *url);
/* The page built so far answers an error itself (a form shown again
 * with its messages, a refusal in its own words): its status is the
 * error's (err_http_status), as for any error.  Returns DDD_OK, for the
 * handler to return. */
enum ddd_err	 http_page_error(struct ctx *, enum ddd_err);
enum ddd_err	 http_header(struct ctx *, const char *name,
		    const char *value);
/* Send bytes as a download: Content-Type, Content-Disposition
 * (attachment, RFC 6266; filename ASCII without quotes). */
enum ddd_err	 http_download(struct ctx *, const char *type,
		    const char *filename, const char *data, size_t len);
/* The same, taking over b's memory (b is left empty). */
enum ddd_err	 http_download_buf(struct ctx *, const char *type,
		    const char *filename, struct buf *b);
/* The school chooser of the log-in and activation pages, under parent:
 * <school-chosen id="slug" kind=".."> when the form, the link
 * (?school=slug) or this browser's school cookie names one (unless
 * ?kies=1); else every school (<schools kind="vo|mbo"><school
 * id="slug">name</school>...) when there are few, or <school-search
 * q=".."> with what ?zoek= found. */
enum ddd_err	 http_school_choice(struct ctx *, xmlNodePtr parent);
/* The configuration of a tenant (its settings, branding, deel A form):
 * the same for the rest of the request, released with it. */
enum ddd_err	 http_tenant(struct ctx *, long long tenant_id,
		    const struct tenant_config **);
/* New document for the page, with the common <request> part the layout
 * stylesheet uses; returns the root element or NULL. */
xmlNodePtr	 http_page(struct ctx *, const char *root, const char *sheet);


#endif
