/* Tenant files: one XML file per school (VO) or college (MBO) under
 * tenants/, validated against schema/tenant.rng plus the checks a schema
 * cannot express.  Loading is all or nothing. */
#ifndef DDD_TENANT_H
#define DDD_TENANT_H

#include <stddef.h>
#include <mysql.h>

#include "buf.h"

#define TENANT_MAX_FILE	(1024 * 1024)

struct tenant_info {
	char	slug[65];	/* @id: [a-z0-9-], the tenant's stable key */
	char	kind[4];	/* "vo" or "mbo" */
	char	name[201];
	char	brin[7];	/* 12AB or 12AB01 */
};

/* Validate one file.  0 when good (info filled), -1 with one
 * "file:line: message" line per problem appended to errs. */
int	tenant_check_file(const char *path, const char *rng_path,
	    struct tenant_info *info, struct buf *errs);

/* Check every file, then (only when all are good, and the set is
 * consistent: unique ids and BRINs, every participating MBO known in the
 * set or the database) write them all in one transaction.  Progress lines
 * to out; -1 with messages in errs, nothing changed. */
int	tenant_load(MYSQL *, const char *rng_path, char *const *files,
	    size_t nfiles, struct buf *out, struct buf *errs);

#endif
