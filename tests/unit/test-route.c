/* The route table: exact paths, ids, methods, and what must not match. */
#include "route.h"
#include "tap.h"

int
main(void)
{
	enum page	 p = PAGE__MAX;
	long long	 params[HTTP_MAX_PARAMS];
	size_t		 np = 99;
	size_t		 i;

	is_int(route_match(HTTP_GET, "/login", &p, params, &np), DDD_OK,
	    "GET /login routes");
	is_int(p, PAGE_LOGIN, "to the login page");
	is_int(np, 0, "without ids");
	is_int(route_match(HTTP_HEAD, "/healthz", &p, params, &np), DDD_OK,
	    "HEAD is served as GET");
	is_int(p, PAGE_HEALTHZ, "healthz page");
	is_int(route_match(HTTP_GET, "/", &p, params, &np), DDD_OK, "GET /");
	is_int(p, PAGE_HOME, "home page");
	is_int(route_match(HTTP_POST, "/healthz", &p, params, &np),
	    DDD_ERR_METHOD, "POST to a GET-only page is 405");
	is_int(route_match(HTTP_GET, "/nope", &p, params, &np),
	    DDD_ERR_NOT_FOUND, "unknown path is 404");
	is_int(route_match(HTTP_GET, "/login/", &p, params, &np),
	    DDD_ERR_NOT_FOUND, "trailing slash does not match");
	is_int(route_match(HTTP_GET, "/loginx", &p, params, &np),
	    DDD_ERR_NOT_FOUND, "longer path does not match");
	is_int(route_match(HTTP_GET, "", &p, params, &np),
	    DDD_ERR_NOT_FOUND, "empty path does not match");

	/* Every page in the table has a name, a handler and roles. */
	for (i = 0; i < PAGE__MAX; i++)
		ok(pages[i].name != NULL && (pages[i].get != NULL ||
		    pages[i].post != NULL) && pages[i].roles != 0,
		    "page %lu is complete", (unsigned long)i);
	return done_testing();
}
