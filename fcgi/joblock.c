/* One host at a time for a job: see joblock.h. */
#include <stdlib.h>
#include <string.h>

#include "joblock.h"
#include "log.h"

enum job_lock
job_lock(struct db *db, const char *job)
{
	struct db_param	 p = DB_P_STR(job);
	struct db_result res;
	const char	*got;
	enum job_lock	 r;

	if (db_run(db, STMT_JOB_LOCK, &p, 1, &res) != DDD_OK)
		return JOB_LOCK_ERROR;
	got = res.nrows == 1 ? DB_COL(&res, 0, "got") : NULL;
	r = got != NULL && atoi(got) == 1 ? JOB_LOCK_HELD : JOB_LOCK_BUSY;
	db_result_free(&res);
	return r;
}

void
job_unlock(struct db *db, const char *job)
{
	struct db_param	 p = DB_P_STR(job);
	struct db_result res;

	if (db_run(db, STMT_JOB_UNLOCK, &p, 1, &res) == DDD_OK)
		db_result_free(&res);
	else
		log_warn("job_unlock", "job=%s note=\"the lock goes with the "
		    "connection\"", job);
}
