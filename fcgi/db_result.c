/* Results as the program reads them: cells by column name (DB_COL), a
 * person's full name from three columns, and the check that the server's
 * columns are the names the statement table declares.  Split from db.c,
 * which holds the statement table and the connection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"

int
db_columns_match(const char *const *declared, const char *const *got,
    size_t n, char *why, size_t len)
{
	size_t		 i, j, k;

	for (i = 0; i < n; i++) {
		for (k = 0; got[i][k] != '\0'; k++)
			if (!((got[i][k] >= 'a' && got[i][k] <= 'z') ||
			    (k > 0 && ((got[i][k] >= '0' && got[i][k] <= '9') ||
			    got[i][k] == '_'))))
				break;
		if (k == 0 || got[i][k] != '\0') {
			snprintf(why, len, "column %zu is called '%.60s': "
			    "give it a lower-case name (AS name)", i + 1,
			    got[i]);
			return -1;
		}
		for (j = 0; j < i; j++)
			if (strcmp(got[i], got[j]) == 0) {
				snprintf(why, len, "columns %zu and %zu are "
				    "both called '%s'", j + 1, i + 1, got[i]);
				return -1;
			}
		if (declared[i] == NULL || strcmp(declared[i], got[i]) != 0) {
			snprintf(why, len, "column %zu is '%s', the table "
			    "declares '%s'", i + 1, got[i], declared[i] ?
			    declared[i] : "no more");
			return -1;
		}
	}
	if (declared[n] != NULL) {
		snprintf(why, len, "%zu columns, the table declares more "
		    "('%s')", n, declared[n]);
		return -1;
	}
	return 0;
}

void
db_result_free(struct db_result *r)
{
	size_t	 i;

	if (r->cell != NULL)
		for (i = 0; i < r->nrows * r->ncols; i++)
			free(r->cell[i]);
	free(r->cell);
	free(r->len);
	memset(r, 0, sizeof(*r));
}

/* The index of column 'name' in a statement's list, -1 if none: a short
 * scan (the longest list has eleven names), the first letter first. */
static int
col_index(const char *const *cols, const char *name)
{
	int		 i;

	for (i = 0; cols[i] != NULL; i++)
		if (cols[i][0] == name[0] && strcmp(cols[i], name) == 0)
			return i;
	return -1;
}

/* Where column 'name' of a row is; -1 (logged) for a column the
 * statement has not, or a row past the end. */
static long
cell_of(const struct db_result *r, size_t row, const char *name)
{
	int		 c = col_index(db_stmt_columns(r->stmt), name);

	if (c < 0 || (size_t)c >= r->ncols || row >= r->nrows) {
		/* Each key in the format: a value is escaped (log.h). */
		if (c < 0)
			log_error("db_col", "stmt=%s column=%s row=%zu rows=%zu "
			    "error=\"no such column\"", db_stmt_name(r->stmt),
			    name, row, r->nrows);
		else
			log_error("db_col", "stmt=%s column=%s row=%zu rows=%zu",
			    db_stmt_name(r->stmt), name, row, r->nrows);
		return -1;
	}
	return (long)(row * r->ncols + (size_t)c);
}

const char *
db_col(const struct db_result *r, size_t row, const char *name)
{
	long		 i = cell_of(r, row, name);

	return i < 0 ? NULL : r->cell[i];
}

size_t
db_col_len(const struct db_result *r, size_t row, const char *name)
{
	long		 i = cell_of(r, row, name);

	return i < 0 ? 0 : r->len[i];
}

void
db_full_name(char *out, size_t size, const struct db_result *r, size_t row,
    const char *prefix)
{
	char		 col[3][64];
	const char	*v[3];
	size_t		 i;
	static const char *const part[3] = { "roepnaam", "tussenvoegsel",
	    "achternaam" };

	for (i = 0; i < 3; i++) {
		snprintf(col[i], sizeof(col[i]), "%s%s", prefix, part[i]);
		if ((v[i] = db_col(r, row, col[i])) == NULL)
			v[i] = "";
	}
	snprintf(out, size, "%s%s%s %s", v[0], *v[1] ? " " : "", v[1], v[2]);
}
