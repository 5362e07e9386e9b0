/* /metrics: what this worker counted and what the database says, in the
 * Prometheus text format (xslt/metrics.xsl), for the host itself and the
 * addresses in metrics_allow; anyone else gets the 404 of a page that is
 * not there. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "metrics.h"
#include "pages.h"
#include "route.h"

_Static_assert(PAGE__MAX < METRICS_MAX_ROUTES, "routes for the metrics");

static int
metrics_allowed(const struct ctx *c)
{
	const char	*list = c->app->cfg->metrics_allow, *p;
	size_t		 n = strlen(c->remote_addr), k;

	if (strcmp(c->remote_addr, "127.0.0.1") == 0 ||
	    strcmp(c->remote_addr, "::1") == 0)
		return 1;
	for (p = list; *p != '\0'; p += k) {
		p += strspn(p, " \t,");
		k = strcspn(p, " \t,");
		if (k == n && k > 0 && memcmp(p, c->remote_addr, n) == 0)
			return 1;
	}
	return 0;
}

enum ddd_err
page_metrics(struct ctx *c)
{
	static const char *names[PAGE__MAX];
	struct metrics_figures fig;
	struct metrics_info info;
	xmlNodePtr	 r;
	size_t		 i;
	enum ddd_err	 e = DDD_ERR_DB_UNAVAILABLE;
	int		 cluster = c->app->cfg->db_servers[0] != '\0';

	if (!metrics_allowed(c))
		return DDD_ERR_NOT_FOUND;
	for (i = 0; i < PAGE__MAX; i++)
		names[i] = pages[i].name;
	if ((r = http_page(c, "metrics", "metrics")) == NULL)
		return DDD_ERR_NOMEM;
	/* As /healthz: no second search for a primary within the second
	 * after one found none. */
	if (!cluster || !db_primary_missing())
		e = metrics_figures_read(c->db, &fig);
	memset(&info, 0, sizeof(info));
	info.version = PACKAGE_VERSION;
	info.schema_expected = c->app->schema_expected;
	info.started = c->app->started;
	info.generation = c->app->generation;
	info.reloaded = c->app->loaded_at;
	info.threads = c->app->cfg->threads;
	info.state_dir = c->app->cfg->state_dir;
	info.primary_up = !cluster ? -1 : e != DDD_ERR_DB_UNAVAILABLE;
	metrics_xml(r, names, PAGE__MAX, e == DDD_OK ? &fig : NULL, &info);
	http_header(c, "Cache-Control", "no-store");
	return DDD_OK;
}
