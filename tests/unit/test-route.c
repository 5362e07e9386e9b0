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

	/* The API's routes (fcgi/api.h): PUT only there. */
	is_int(route_match(HTTP_PUT, "/api/v1/dossiers/7/status", &p, params,
	    &np, &arg), DDD_OK, "PUT of an API status routes");
	ok(p == PAGE_API_STATUS && np == 1 && params[0] == 7, "to its page");
	is_int(route_match(HTTP_GET, "/api/v1/dossiers/7/status", &p, params,
	    &np, &arg), DDD_ERR_METHOD, "GET there is 405");
	is_int(route_match(HTTP_PUT, "/api/v1/dossiers/7", &p, params, &np,
	    &arg), DDD_ERR_METHOD, "PUT on a dossier is 405");
	is_int(route_match(HTTP_PUT, "/login", &p, params, &np, &arg),
	    DDD_ERR_METHOD, "PUT on a page of the site is 405");
	is_int(route_match(HTTP_GET, "/api/v1/dossiers/7.xml", &p, params,
	    &np, &arg), DDD_OK, "the export's route");
	ok(p == PAGE_API_DOSSIER_XML && params[0] == 7, "not the dossier's");
	is_int(route_match(HTTP_GET, "/api/v1/dossiers/7.json", &p, params,
	    &np, &arg), DDD_ERR_NOT_FOUND, "no other suffix");

	/* Every page in the table has a name, a handler, and either roles
	 * (a page of the site) or what an API caller must hold; only API
	 * pages take PUT. */
	for (i = 0; i < PAGE__MAX; i++)
		ok(pages[i].name != NULL && (pages[i].get != NULL ||
		    pages[i].post != NULL || pages[i].put != NULL) &&
		    (pages[i].roles != 0) != (pages[i].api != 0) &&
		    (pages[i].put == NULL || pages[i].api != 0),
		    "page %lu (%s) is complete", (unsigned long)i,
		    pages[i].name ? pages[i].name : "?");
	return done_testing();
}
