#include <stdlib.h>
#include <string.h>

#include "throttle.h"

int
throttle_minutes(struct ctx *c, const char *scope)
{
	struct db_param	 p = DB_P_STR(scope);
	struct db_result res;
	int		 mins = 0;

	if (db_run(c->db, STMT_THROTTLE_GET, &p, 1, &res) != DDD_OK)
		return -1;
	if (res.nrows == 1) {
		const char *m = DB_COL(&res, 0, "minutes");
		mins = m != NULL ? atoi(m) : 1;
		if (mins < 1)
			mins = 1;
	}
	db_result_free(&res);
	return mins;
}

void
throttle_count_lock(struct ctx *c, const char *scope, int max, int lock)
{
	struct db_param	 p[6] = { DB_P_STR(scope), DB_P_INT(max),
	    DB_P_INT(lock), DB_P_INT(THROTTLE_WINDOW), DB_P_INT(max),
	    DB_P_INT(lock) };

	(void)db_run(c->db, STMT_THROTTLE_FAIL, p, 6, NULL);
}

void
throttle_count(struct ctx *c, const char *scope, int max)
{
	throttle_count_lock(c, scope, max, THROTTLE_LOCK);
}

enum ddd_err
throttle_clear(struct ctx *c, const char *scope)
{
	struct db_param	 p = DB_P_STR(scope);

	return db_run(c->db, STMT_THROTTLE_CLEAR, &p, 1, NULL);
}
