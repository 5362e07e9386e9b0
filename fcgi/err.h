/* One error enum for the whole program; err.c maps each to an HTTP status
 * and a Dutch message for the page, and to an English name for the log. */
#ifndef DDD_ERR_H
#define DDD_ERR_H

enum ddd_err {
	DDD_OK = 0,
	DDD_ERR_BAD_REQUEST,	/* malformed query, body, cookie, URL */
	DDD_ERR_TOO_LARGE,	/* body or field over its cap */
	DDD_ERR_NOT_FOUND,	/* no route, or no such object in this tenant */
	DDD_ERR_METHOD,		/* route exists, method does not */
	DDD_ERR_LOGIN_REQUIRED,	/* no valid session: redirect to log-in */
	DDD_ERR_FORBIDDEN,	/* session, but not the role for this */
	DDD_ERR_CSRF,		/* state-changing POST without a valid token */
	DDD_ERR_INVALID_INPUT,	/* form failed validation: page shown again */
	DDD_ERR_CONFLICT,	/* state changed meanwhile (phase, version) */
	DDD_ERR_DUPLICATE,	/* the same POST was carried out already */
	DDD_ERR_GONE,		/* a link used up or expired */
	DDD_ERR_RATE_LIMIT,	/* too many attempts */
	DDD_ERR_DB_UNAVAILABLE,	/* database down or lost: 503 */
	DDD_ERR_NOMEM,		/* allocation failed */
	DDD_ERR_BUSY,		/* every PDF render slot taken: 503 */
	DDD_ERR_RENDER,		/* the PDF renderer failed or took too long */
	DDD_ERR_INTERNAL,	/* a bug or an unexpected library failure */
	DDD_ERR__MAX
};

/* HTTP status for an error (200 for DDD_OK). */
int		 err_http_status(enum ddd_err);
/* Short English identifier for logs, e.g. "bad_request". */
const char	*err_name(enum ddd_err);
/* Dutch page title and explanation for the error page. */
const char	*err_title_nl(enum ddd_err);
const char	*err_text_nl(enum ddd_err);

#endif
