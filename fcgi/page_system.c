/* Pages about the system itself: the health check and the
 * toegankelijkheidsverklaring. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pages.h"
#include "xmlout.h"

/* /toegankelijkheid: the accessibility statement (what was tested and
 * how), for everyone. */
enum ddd_err
page_accessibility(struct ctx *c)
{
	if (http_page(c, "toegankelijkheid", "toegankelijkheid") == NULL)
		return DDD_ERR_NOMEM;
	return DDD_OK;
}

/* /healthz: database reachable, migrations current, stylesheets loaded.
 * 200 when all three hold, 503 otherwise; text for monitors. */
enum ddd_err
page_healthz(struct ctx *c)
{
	struct db_result res;
	xmlNodePtr	 r, n;
	enum ddd_err	 e;
	int		 version = -1, ok = 1;

	if ((r = http_page(c, "health", "health")) == NULL)
		return DDD_ERR_NOMEM;
	e = db_run(c->db, STMT_SCHEMA_VERSION, NULL, 0, &res);
	n = xo_el(r, "check", e == DDD_OK ? "ok" : err_name(e));
	xo_attr(n, "name", "database");
	if (e == DDD_OK) {
		if (res.nrows == 1 && DB_CELL(&res, 0, 0) != NULL)
			version = atoi(DB_CELL(&res, 0, 0));
		db_result_free(&res);
	} else
		ok = 0;
	n = xo_el(r, "check", version == c->app->schema_expected ? "ok" :
	    "behind");
	xo_attr(n, "name", "migrations");
	xo_attr_int(n, "current", version);
	xo_attr_int(n, "expected", c->app->schema_expected);
	if (version != c->app->schema_expected)
		ok = 0;
	n = xo_el(r, "check", c->app->xsl->n > 0 ? "ok" : "none");
	xo_attr(n, "name", "stylesheets");
	xo_attr_int(n, "loaded", (long long)c->app->xsl->n);
	xo_attr(r, "status", ok ? "ok" : "fail");
	http_header(c, "Cache-Control", "no-store");
	c->status = ok ? 200 : 503;
	return DDD_OK;
}
