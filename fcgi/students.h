/* Importing a student list (leerlinglijst) into a tenant: all or nothing,
 * in one transaction.  Known students (same normalised leerlingnummer)
 * keep their account, password and activation; names, klas, leerjaar,
 * birth date and (when given) e-mail are updated.  A BSN in the list is
 * sealed like one typed at 'Activeer DDD'. */
#ifndef DDD_STUDENTS_H
#define DDD_STUDENTS_H

#include "buf.h"
#include "crypto.h"
#include "csv.h"
#include "db.h"

struct import_result {
	size_t	added;
	size_t	updated;
	size_t	bsn_linked;
};

/* DDD_OK with counts, or DDD_ERR_INVALID_INPUT with Dutch
 * "regel N: ..." lines in report (BSNs masked) and nothing changed. */
enum ddd_err	students_import(struct db *, const struct crypto_master *,
		    long long tenant_id, const struct student_list *,
		    struct import_result *, struct buf *report);
/* The classes of the list that no mentor is linked to (klaskoppeling),
 * each followed by '\n', sorted, appended to out. */
enum ddd_err	students_unmentored(struct db *, long long tenant_id,
		    const struct student_list *, struct buf *out);

#endif
