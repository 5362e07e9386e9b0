/* The API for the MBO colleges' systems (docs/api.md, the contract in
 * schema/openapi.json): JSON through jansson, bearer tokens from OAuth 2.0
 * client credentials (RFC 6749 4.4) instead of the session cookie and the
 * CSRF token, errors as problem details (RFC 9457) instead of the error
 * page.  fcgi/http.c hands every request of an API page to api_serve,
 * and asks api_problem for the answer to an /api/ request that failed
 * before it reached one.  Who calls is an API client of one college
 * (fcgi/api_client.h), which the domain sees as an MBO user of that
 * college: dossier_get, view_dossier, the export and the documents apply
 * the same rule as on the college's pages.  Request layer. */
#ifndef DDD_API_H
#define DDD_API_H

#include "ctx.h"
#include "route.h"

/* The route argument of PAGE_API_CONTRACT: which published file. */
enum api_doc {
	API_DOC_OPENAPI,	/* schema/openapi.json */
	API_DOC_RNG,		/* schema/dossier-export.rng */
	API_DOC_XSD		/* schema/dossier-export.xsd (trang) */
};

/* 1 for a path of the API (/api/...). */
int		 api_path(const char *path);
/* Serve a request routed to an API page: the caller's credentials and
 * scope, its rate, then the page's handler.  The answer is complete when
 * it returns, errors included; the result is for the access line. */
enum ddd_err	 api_serve(struct ctx *, enum page);
/* The problem details for e, unless the API answered already. */
void		 api_problem(struct ctx *, enum ddd_err e);

/* Handlers (route.c's page table). */
enum ddd_err	 api_contract(struct ctx *);		/* api_http.c */
enum ddd_err	 api_token_post(struct ctx *);		/* api_token.c */
enum ddd_err	 api_dossiers(struct ctx *);		/* api_dossiers.c */
enum ddd_err	 api_dossier(struct ctx *);
enum ddd_err	 api_dossier_xml(struct ctx *);
enum ddd_err	 api_dossier_pdf(struct ctx *);
enum ddd_err	 api_attachment(struct ctx *);
enum ddd_err	 api_status_put(struct ctx *);

#endif
