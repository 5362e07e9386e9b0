/* Schema migrations: schema/sql/NNNN_name.sql, applied in order, each
 * recorded in schema_version.  MariaDB commits DDL at once, so a file
 * cannot be one transaction; instead each file has an "-- up" and a
 * "-- down" section with the same number of statements, down[i] undoing
 * up[i].  When up[k] fails, down[k-1] .. down[0] run, and the database is
 * as it was before the file. */
#ifndef DDD_MIGRATE_H
#define DDD_MIGRATE_H

#include <stddef.h>
#include <mysql.h>

#include "buf.h"

#define MIGRATE_MAX_STMTS	64
#define MIGRATE_MAX_FILE	(1024 * 1024)

struct sql_list {
	char	*stmt[MIGRATE_MAX_STMTS];
	size_t	 n;
};

void	sql_list_free(struct sql_list *);

/* Split a migration file into its up and down statements.  Statements end
 * with ';' at the end of a line; lines starting with "--" are comments
 * except the two section markers.  -1 with a message on a malformed file. */
int	migrate_split(const char *file, const char *text, size_t len,
	    struct sql_list *up, struct sql_list *down, struct buf *errs);

/* Highest migration number in dir/sql, or -1 with a message. */
int	migrate_latest(const char *schema_dir, struct buf *errs);

/* Apply every migration newer than the recorded version.  Progress lines
 * go to out; -1 with a message in errs when one fails (rolled back). */
int	migrate_apply(MYSQL *, const char *schema_dir, struct buf *out,
	    struct buf *errs);

#endif
