/* A job that one host at a time runs (dddctl remind and purge, started
 * by a timer on every host): a named lock of the database (GET_LOCK),
 * held by the job's connection.  It goes when the job releases it, or
 * when its connection ends (the process died): nothing to clean up.
 * The lock's name is the job's and the database's, so instances that
 * share a server do not hold each other up. */
#ifndef DDD_JOBLOCK_H
#define DDD_JOBLOCK_H

#include "db.h"

enum job_lock {
	JOB_LOCK_HELD,		/* ours: run the job */
	JOB_LOCK_BUSY,		/* another process runs it now */
	JOB_LOCK_ERROR		/* the database could not say */
};

/* Without waiting.  job: a short name of [a-z-]. */
enum job_lock	job_lock(struct db *, const char *job);
void		job_unlock(struct db *, const char *job);

#endif
