/* What the API's request-layer files share (fcgi/api_http.c builds every
 * answer; api_token.c and api_dossiers.c are the handlers).  Not for the
 * rest of the program: fcgi/api.h is the API's face. */
#ifndef DDD_API_INT_H
#define DDD_API_INT_H

#include <jansson.h>

#include "api.h"
#include "api_client.h"

#define API_MAX_JSON	(16 * 1024)	/* bytes of a request body */

/* The client of this request, for the handlers of bearer pages. */
const struct api_principal *api_who(void);

/* A JSON answer (takes the reference to v). */
enum ddd_err	 api_json(struct ctx *, int status, json_t *v);
/* A problem details answer (RFC 9457): e's status, or status when it is
 * not 0; type "urn:ddd:api:problem:CODE"; title and detail in Dutch;
 * extra members from extra (taken, may be NULL).  Returns e, for the
 * access line. */
enum ddd_err	 api_fail(struct ctx *, enum ddd_err e, int status,
		    const char *code, const char *title, const char *detail,
		    json_t *extra);
/* The token endpoint's error (RFC 6749 5.2): "error" and
 * "error_description" as OAuth clients read them, with the problem
 * details members besides.  Returns e. */
enum ddd_err	 api_oauth_fail(struct ctx *, enum ddd_err e, int status,
		    const char *error, const char *detail);
/* A document: its bytes, media type and strong ETag (the SHA-256 in
 * hex of what it is). */
enum ddd_err	 api_bytes(struct ctx *, const char *type,
		    const char *sha256_hex, const void *data, size_t len);
/* 1 when the request's If-None-Match names this ETag (or "*"): the
 * answer is then 304 Not Modified, without a body. */
int		 api_not_modified(struct ctx *, const char *sha256_hex);
/* A FastCGI parameter (a request header is HTTP_NAME). */
const char	*api_param(struct ctx *, const char *name);
/* The SHA-256 of the client certificate nginx saw (DDD_CLIENT_CERT, its
 * PEM URL-escaped); 0 when there is none. */
int		 api_client_cert(struct ctx *, unsigned char out[32]);
/* The request's JSON body, an object: 415 for another media type, 400 for
 * JSON that does not read, 413 over API_MAX_JSON; answered already when
 * it fails. */
enum ddd_err	 api_read_json(struct ctx *, json_t **out);
/* A JSON string, or null for NULL or "" (nonempty false: only NULL). */
json_t		*api_str(const char *s, int empty_is_null);
/* An absolute URL of ours: base_url and the path (printf-like). */
json_t		*api_url(struct ctx *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

#endif
