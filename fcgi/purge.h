/* Retention (AVG): `dddctl purge` deletes, per school, the dossiers its
 * <retention-months> (default 24) after the akkoord, or after the last
 * change of one never finished, with everything that hangs off them; then
 * sent and failed mails as old, and the accounts of students as old that
 * have no dossier left.  Each deleted dossier leaves one row without
 * persons in purged_dossier (for counts).  The access log of a deleted
 * dossier, and the audit trail's rows about a deleted student, stay with
 * a keyed pseudonym instead of the student (fcgi/audit.h), until the
 * school's <audit-retention-months> (default 36) have passed; then they
 * go, as do older rows of the trail (a college's after the default
 * term).  Log-in counts go a day after their window.  One transaction
 * per school; running it again deletes nothing more. */
#ifndef DDD_PURGE_H
#define DDD_PURGE_H

#include "crypto.h"
#include "db.h"

struct purge_counts {
	unsigned long	 dossiers, mails, accounts;
	unsigned long	 audit;		/* rows of the trail and of the
					 * access log of dossiers gone */
};

/* Adds to *n per school; the log gets one line per school.  The master
 * key makes the pseudonyms. */
enum ddd_err	purge_run(struct db *, const struct crypto_master *,
		    struct purge_counts *);

#endif
