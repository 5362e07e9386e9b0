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

/* Whether this request may read the checks: from the host itself (nginx
 * passes the client's address as REMOTE_ADDR) or with the configured
 * health_token, compared as SHA-256 digests so the time tells nothing. */
static int
health_detail_allowed(struct ctx *c)
{
	const char	*given, *want = c->app->cfg->health_token;
	unsigned char	 a[CRYPTO_SHA256_LEN], b[CRYPTO_SHA256_LEN];

	if (strcmp(c->remote_addr, "127.0.0.1") == 0 ||
	    strcmp(c->remote_addr, "::1") == 0)
		return 1;
	given = FCGX_GetParam("HTTP_X_DDD_HEALTH_TOKEN", c->fcgi->envp);
	if (want[0] == '\0' || given == NULL || given[0] == '\0')
		return 0;
	if (crypto_sha256(given, strlen(given), a) == -1 ||
	    crypto_sha256(want, strlen(want), b) == -1)
		return 0;
	return crypto_equal(a, sizeof(a), b, sizeof(b));
}

/* /healthz: database reachable, migrations current, stylesheets loaded.
 * 200 when all three hold, 503 otherwise, for everyone; which check
 * failed, the migration version and the number of stylesheets only for
 * health_detail_allowed.  A schema newer than this build's is current:
 * migrations expand (docs/operations.md, "Rolling upgrades"), so an old
 * worker serves beside a new one during a deploy; an older schema lacks
 * what this build needs.  With replica reads, a primary outage is still
 * 200 while a replica answers: the pages that only read go on, and a
 * balancer that took every worker out would stop them too
 * (docs/decisions.md); the database line says so.  A search that found
 * no primary less than a second ago is not repeated here, so a monitor
 * polling during an outage costs no connect time-outs.  Text for
 * monitors. */
enum ddd_err
page_healthz(struct ctx *c)
{
	struct db_result res;
	struct db	*from = c->db;
	xmlNodePtr	 r, n;
	enum ddd_err	 e = DDD_ERR_DB_UNAVAILABLE;
	int		 version = -1, ok = 1, detail;

	detail = health_detail_allowed(c);
	if ((r = http_page(c, "health", "health")) == NULL)
		return DDD_ERR_NOMEM;
	if (c->db->replica == NULL || !db_primary_missing())
		e = db_run(c->db, STMT_SCHEMA_VERSION, NULL, 0, &res);
	if (e == DDD_ERR_DB_UNAVAILABLE && c->db->replica != NULL &&
	    db_run(c->db->replica, STMT_SCHEMA_VERSION, NULL, 0, &res) ==
	    DDD_OK) {
		from = c->db->replica;
		e = DDD_OK;
	}
	if (e == DDD_OK) {
		if (res.nrows == 1 && DB_COL(&res, 0, "version") != NULL)
			version = atoi(DB_COL(&res, 0, "version"));
		db_result_free(&res);
	} else
		ok = 0;
	if (version < c->app->schema_expected)
		ok = 0;
	if (c->app->xsl->n == 0)
		ok = 0;
	xo_attr(r, "status", ok ? "ok" : "fail");
	http_header(c, "Cache-Control", "no-store");
	if (!ok)
		http_page_error(c, DDD_ERR_DB_UNAVAILABLE);
	if (!detail)
		return DDD_OK;
	n = xo_el(r, "check", e != DDD_OK ? err_name(e) : from != c->db ?
	    "primary unreachable, reads from a replica" : "ok");
	xo_attr(n, "name", "database");
	n = xo_el(r, "check", version == c->app->schema_expected ? "ok" :
	    version > c->app->schema_expected ? "ahead" : "behind");
	xo_attr(n, "name", "migrations");
	xo_attr_int(n, "current", version);
	xo_attr_int(n, "expected", c->app->schema_expected);
	n = xo_el(r, "check", c->app->xsl->n > 0 ? "ok" : "none");
	xo_attr(n, "name", "stylesheets");
	xo_attr_int(n, "loaded", (long long)c->app->xsl->n);
	return DDD_OK;
}
