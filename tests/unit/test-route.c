/* The route table: exact paths, ids, methods, and what must not match. */
#include "document.h"
#include "route.h"
#include "tap.h"

int
main(void)
{
	enum page	 p = PAGE__MAX;
	long long	 params[HTTP_MAX_PARAMS];
	size_t		 np = 99;
	size_t		 i;
	int		 arg = -1;

	is_int(route_match(HTTP_GET, "/login", &p, params, &np, &arg), DDD_OK,
	    "GET /login routes");
	is_int(p, PAGE_LOGIN, "to the login page");
	is_int(np, 0, "without ids");
	is_int(route_match(HTTP_HEAD, "/healthz", &p, params, &np, &arg),
	    DDD_OK, "HEAD is served as GET");
	is_int(p, PAGE_HEALTHZ, "healthz page");
	is_int(route_match(HTTP_GET, "/", &p, params, &np, &arg), DDD_OK,
	    "GET /");
	is_int(p, PAGE_HOME, "home page");
	is_int(route_match(HTTP_POST, "/healthz", &p, params, &np, &arg),
	    DDD_ERR_METHOD, "POST to a GET-only page is 405");
	is_int(route_match(HTTP_GET, "/nope", &p, params, &np, &arg),
	    DDD_ERR_NOT_FOUND, "unknown path is 404");
	is_int(route_match(HTTP_GET, "/login/", &p, params, &np, &arg),
	    DDD_ERR_NOT_FOUND, "trailing slash does not match");
	is_int(route_match(HTTP_GET, "/loginx", &p, params, &np, &arg),
	    DDD_ERR_NOT_FOUND, "longer path does not match");
	is_int(route_match(HTTP_GET, "", &p, params, &np, &arg),
	    DDD_ERR_NOT_FOUND, "empty path does not match");

	/* A document route: the id, and which document as the argument. */
	is_int(route_match(HTTP_GET, "/dossiers/42/deel-b.fo", &p, params,
	    &np, &arg), DDD_OK, "a document route");
	is_int(p, PAGE_DOCUMENT, "to the document page");
	ok(np == 1 && params[0] == 42, "with the dossier id");
	is_int(arg, DOC_DEEL_B | DOC_FO, "deel B as FO");
	is_int(route_match(HTTP_GET, "/mbo/dossiers/7/dossier.pdf", &p, params,
	    &np, &arg), DDD_OK, "the MBO's PDF route");
	ok(p == PAGE_MBO_DOCUMENT && arg == DOC_DOSSIER, "the whole dossier");
	is_int(route_match(HTTP_GET, "/dossiers/42/deel-c.pdf", &p, params,
	    &np, &arg), DDD_ERR_NOT_FOUND, "no such document");

	/* Every page in the table has a name, a handler and roles. */
	for (i = 0; i < PAGE__MAX; i++)
		ok(pages[i].name != NULL && (pages[i].get != NULL ||
		    pages[i].post != NULL) && pages[i].roles != 0,
		    "page %lu is complete", (unsigned long)i);
	return done_testing();
}
