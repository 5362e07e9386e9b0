/* Tenant files: one XML file per school (VO) or college (MBO) under
 * tenants/, validated against schema/tenant.rng plus the checks a schema
 * cannot express (tenant_check.c).  Loading is all or nothing
 * (tenant_load.c).  What the programs read of a loaded file comes from
 * tenant_config.h. */
#ifndef DDD_TENANT_H
#define DDD_TENANT_H

#include <stddef.h>

#include "buf.h"
#include "db.h"

#define TENANT_NS	"urn:ddd:tenant:1"
#define TENANT_MAX_FILE	(1024 * 1024)

struct tenant_info {
	char	slug[65];	/* @id: [a-z0-9-], the tenant's stable key */
	char	kind[4];	/* "vo" or "mbo" */
	char	name[201];
	char	brin[7];	/* 12AB or 12AB01 */
	char	sso_label[101];	/* <sso label>, "" without <sso> */
};

/* Validate one file.  0 when good (info filled), -1 with one
 * "file:line: message" line per problem appended to errs. */
int	tenant_check_file(const char *path, const char *rng_path,
	    struct tenant_info *info, struct buf *errs);

/* Check every file, then (only when all are good, and the set is
 * consistent: unique ids and BRINs, every participating MBO known in the
 * set or the database) write them all in one transaction: the tenant
 * rows, the staff accounts and the mentors' class links.
 *
 * Staff accounts: a decaan gets role decaan, a mentor mentor (a decaan
 * who is also a mentor is one account, role decaan, with the classes), an
 * MBO staff member mbo; login is the e-mail in lower case.  A missing
 * account is created (not activated: no password).  An existing one gets
 * the file's names and role and keeps everything else.  Nothing is ever
 * deleted: people leave through the Portal, not through a file reload.
 * Class links are a seed: a class that has no mentor in the database gets
 * the file's; a class that has one belongs to the decaan (the Portal) and
 * is left alone.  A login that is a student's (role leerling) refuses the
 * load.
 *
 * One line per tenant to out, "loaded <id> (<kind>, <name>): N staff
 * accounts (M new), K class links (L new)"; -1 with messages in errs,
 * nothing changed. */
int	tenant_load(struct db *, const char *rng_path, char *const *files,
	    size_t nfiles, struct buf *out, struct buf *errs);

#endif
