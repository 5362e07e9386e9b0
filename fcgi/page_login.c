/* The log-in page. */
#include <string.h>

#include "pages.h"
#include "xmlout.h"

enum ddd_err
page_login(struct ctx *c)
{
	struct db_result res;
	xmlNodePtr	 r, schools, s;
	enum ddd_err	 e;
	size_t		 i;

	if ((r = http_page(c, "login", "login")) == NULL)
		return DDD_ERR_NOMEM;
	if ((e = db_run(c->db, STMT_TENANT_LIST_VO, NULL, 0, &res)) != DDD_OK)
		return e;
	schools = xo_el(r, "schools", NULL);
	for (i = 0; i < res.nrows; i++) {
		s = xo_el(schools, "school", DB_CELL(&res, i, 1));
		xo_attr(s, "id", DB_CELL(&res, i, 0));
		xo_attr(s, "brin", DB_CELL(&res, i, 2));
	}
	db_result_free(&res);
	http_header(c, "Cache-Control", "no-store");
	return DDD_OK;
}
