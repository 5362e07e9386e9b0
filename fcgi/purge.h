/* Retention (AVG): `dddctl purge` deletes, per school, the dossiers its
 * <retention-months> (default 24) after the akkoord, or after the last
 * change of one never finished, with everything that hangs off them; then
 * sent and failed mails as old, and the accounts of students as old that
 * have no dossier left.  Each deleted dossier leaves one row without
 * persons in purged_dossier (for counts).  One transaction per school;
 * running it again deletes nothing more. */
#ifndef DDD_PURGE_H
#define DDD_PURGE_H

#include "db.h"

struct purge_counts {
	unsigned long	 dossiers, mails, accounts;
};

/* Adds to *n per school; the log gets one line per school. */
enum ddd_err	purge_run(struct db *, struct purge_counts *);

#endif
