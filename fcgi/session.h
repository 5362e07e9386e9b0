/* Sessions and CSRF.  The cookie holds a 256-bit token; the database only
 * its SHA-256.  Forms carry a CSRF token: HMAC of the session hash, or,
 * before log-in, of a random pre-session cookie (double submit). */
#ifndef DDD_SESSION_H
#define DDD_SESSION_H

#include "ctx.h"
#include "role.h"

#define SESSION_COOKIE	"__Host-ddd"
#define PRE_COOKIE	"__Host-ddd-pre"
/* A browser that logged in to an account before: a random id bound to
 * that account's name key (page_login.c) by an HMAC.  It holds nothing
 * personal and lets that browser try passwords on a count of its own,
 * past the account's slow-down and the address's lock. */
#define DEVICE_COOKIE	"__Host-ddd-dev"
/* The school last logged in to on this browser (a slug, nothing secret):
 * the log-in page opens on it (fcgi/ctx.c, http_school_choice). */
#define SCHOOL_COOKIE	"__Host-ddd-school"
#define SCHOOL_COOKIE_MAX_AGE	(400 * 24 * 3600)
/* An OpenID Connect log-in underway: its state, to tell that the
 * callback comes back to the browser that set off (fcgi/page_sso.c). */
#define SSO_COOKIE	"__Host-ddd-sso"
#define DEVICE_ID_BYTES	16
#define DEVICE_ID_LEN	22		/* base64url of the bytes */
#define DEVICE_MAX_AGE	(180 * 24 * 3600)	/* seconds */

/* Fill c->sess from the cookie.  No cookie, an unknown or expired token:
 * DDD_OK with c->sess.valid = 0 (and the stale cookie cleared). */
enum ddd_err	 session_resolve(struct ctx *);
/* New session for an account: token, row, cookie.  Inside the caller's
 * transaction. */
enum ddd_err	 session_start(struct ctx *, long long account_id,
		    long long tenant_id);
/* The same after a federated log-in, with the IdP's session index for
 * single log-out (NULL or "": none). */
enum ddd_err	 session_start_sso(struct ctx *, long long account_id,
		    long long tenant_id, const char *sso_index);
/* Set (max_age seconds; 0 removes it) one of our __Host- cookies. */
enum ddd_err	 session_cookie(struct ctx *, const char *name,
		    const char *value, int max_age);
/* Log out this session, or every session of the account. */
enum ddd_err	 session_end(struct ctx *, int everywhere);
/* 1 with the cookie's id in id when the request's device cookie was
 * made for who (the account's name key), else 0. */
int		 device_cookie_check(struct ctx *,
		    const unsigned char who[CRYPTO_SHA256_LEN],
		    char id[DEVICE_ID_LEN + 1]);
/* Give this browser a device cookie for who, with a new id. */
enum ddd_err	 device_cookie_set(struct ctx *,
		    const unsigned char who[CRYPTO_SHA256_LEN]);
/* Remember the school this browser logged in to (the log-in page opens
 * on it). */
enum ddd_err	 school_cookie_set(struct ctx *, const char *slug);
/* The token a form of this page must carry: with a session "HMAC.NONCE"
 * (a nonce per page: fcgi/http.c, one POST one effect), without one the
 * double-submit token (sets the pre-session cookie). */
const char	*csrf_token(struct ctx *);
/* Check the "csrf" field of a POST.  DDD_ERR_CSRF when wrong.  With a
 * session the field is "HMAC.NONCE" (the session's CSRF token, then the
 * nonce of the page the form came from), and the nonce goes to
 * c->form_nonce. */
enum ddd_err	 csrf_check(struct ctx *);

#endif

/* The user's last write, for reads from a replica (fcgi/db_conn.c): the
 * cookie __Host-ddd-gtid, "GTID.MAC" with an HMAC of the GTID under the
 * CSRF key, so that a made-up GTID cannot hold a thread waiting on
 * every read.  _get gives "" when there is none or it does not check. */
#define GTID_COOKIE	"__Host-ddd-gtid"
void		 session_gtid_get(struct ctx *, char *gtid, size_t size);
enum ddd_err	 session_gtid_set(struct ctx *, const char *gtid);
