/* Result columns are read by name: every statement declares well-formed
 * names; the check db_connect runs against the server's metadata refuses
 * an unnamed, duplicate or different column; DB_COL finds a cell by name
 * and logs (with the statement) a name the statement has not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "tap.h"

/* Space-separated names as a NULL-ended list in buf (at most 63). */
static const char *const *
split(const char *cols, char buf[][64], const char *out[])
{
	size_t	 n = 0, k;

	while (*cols != '\0' && n < 63) {
		k = strcspn(cols, " ");
		snprintf(buf[n], 64, "%.*s", (int)k, cols);
		out[n] = buf[n];
		n++;
		cols += k;
		cols += strspn(cols, " ");
	}
	out[n] = NULL;
	return out;
}

/* db_columns_match with the declared names written "a b c". */
static int
match(const char *declared, const char *const *got, size_t n, char *why)
{
	char		 buf[64][64];
	const char	*list[64];

	return db_columns_match(split(declared, buf, list), got, n, why, 256);
}

/* A statement's declared names as "a b c". */
static const char *
joined(enum stmt s)
{
	static char	 out[1024];
	const char *const *c;

	out[0] = '\0';
	for (c = db_stmt_columns(s); *c != NULL; c++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s",
		    out[0] ? " " : "", *c);
	return out;
}

/* What the log wrote to stderr while f ran. */
static void
stderr_of(void (*f)(void *), void *arg, char *out, size_t len)
{
	FILE	*tmp = tmpfile();
	int	 saved = dup(2);
	size_t	 n;

	fflush(stderr);
	dup2(fileno(tmp), 2);
	f(arg);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	n = fread(out, 1, len - 1, tmp);
	out[n] = '\0';
	fclose(tmp);
}

static const struct db_result *the_res;
static const char *got_cell;

static void
read_unknown(void *arg)
{
	got_cell = db_col(the_res, 0, (const char *)arg);
}

static void
read_past_end(void *arg)
{
	(void)arg;
	got_cell = DB_COL(the_res, 1, "kind");
}

static void
read_null(void *arg)
{
	(void)arg;
	got_cell = DB_COL(the_res, 0, "name");
}

int
main(void)
{
	char		 why[256], log[1024];
	const char *const *got;
	size_t		 n, s;
	int		 bad = 0;

	/* Every statement's own list passes the rules it is checked by. */
	for (s = 0; s < STMT__MAX; s++) {
		got = db_stmt_columns((enum stmt)s);
		for (n = 0; got[n] != NULL; n++)
			;
		if (db_columns_match(got, got, n, why, sizeof(why)) != 0) {
			printf("# %s: %s\n", db_stmt_name((enum stmt)s), why);
			bad++;
		}
	}
	is_int(bad, 0, "every statement's declared columns are lower-case, "
	    "non-empty and unique");
	is_str(joined(STMT_DOSSIER_GET), "id student_id phase "
	    "version mentor_id mbo_tenant_id archived created_by deel_a_sent",
	    "STMT_DOSSIER_GET names its expressions");
	is_str(joined(STMT_SESSION_INSERT), "",
	    "a statement without rows declares none");
	is_str(db_stmt_name(STMT_TENANT_BY_SLUG), "tenant_by_slug",
	    "a statement's name");

	/* The check against what the server reports. */
	{
		const char *g[] = { "id", "kind", "name" };
		is_int(match("id kind name", g, 3, why), 0,
		    "the same names in the same order pass");
	}
	{
		const char *g[] = { "id", "COALESCE(mentor_id, 0)" };
		is_int(match("id mentor_id", g, 2, why), -1,
		    "an expression without AS is refused");
		ok(strstr(why, "column 2") != NULL &&
		    strstr(why, "COALESCE(mentor_id, 0)") != NULL &&
		    strstr(why, "AS name") != NULL,
		    "the reason names the column and says to alias it: %s",
		    why);
	}
	{
		const char *g[] = { "1" };
		is_int(match("one", g, 1, why), -1,
		    "SELECT 1 without a name is refused");
	}
	{
		const char *g[] = { "id", "klas", "id" };
		is_int(match("id klas id", g, 3, why), -1,
		    "a duplicate name is refused");
		ok(strstr(why, "columns 1 and 3") != NULL, "it says which: %s",
		    why);
	}
	{
		const char *g[] = { "Id" };
		is_int(match("Id", g, 1, why), -1,
		    "an upper-case name is refused");
	}
	{
		const char *g[] = { "" };
		is_int(match("", g, 1, why), -1, "an empty name is refused");
	}
	{
		const char *g[] = { "id", "naam" };
		is_int(match("id name", g, 2, why), -1,
		    "a name other than the declared one is refused");
		ok(strstr(why, "'naam'") != NULL &&
		    strstr(why, "'name'") != NULL, "both are named: %s", why);
	}
	{
		const char *g[] = { "id", "name" };
		is_int(match("id", g, 2, why), -1,
		    "more columns than declared are refused");
		is_int(match("id name kind", g, 2, why), -1,
		    "fewer columns than declared are refused");
		is_int(match("", g, 0, why), 0,
		    "no columns where none are declared pass");
		is_int(match("id", g, 0, why), -1,
		    "no columns where some are declared are refused");
	}

	/* DB_COL: a cell by its column's name. */
	{
		char	*cell[3] = { "7", "vo", NULL };
		size_t	 len[3] = { 1, 2, 0 };
		struct db_result r = { STMT_TENANT_BY_SLUG, 1, 3, cell, len,
		    0, 0 };

		the_res = &r;
		is_str(DB_COL(&r, 0, "id"), "7", "DB_COL reads id");
		is_str(DB_COL(&r, 0, "kind"), "vo", "DB_COL reads kind");
		is_int(DB_COL_LEN(&r, 0, "kind"), 2, "DB_COL_LEN its length");
		stderr_of(read_null, NULL, log, sizeof(log));
		ok(got_cell == NULL && log[0] == '\0',
		    "an SQL NULL is NULL, and no error");
		stderr_of(read_unknown, "klas", log, sizeof(log));
		ok(got_cell == NULL, "a column the statement has not is NULL");
		ok(strstr(log, "level=error event=db_col ") != NULL &&
		    strstr(log, "stmt=tenant_by_slug column=klas") != NULL &&
		    strstr(log, "no such column") != NULL,
		    "and logged as an error naming statement and column");
		diag(log);
		stderr_of(read_past_end, NULL, log, sizeof(log));
		ok(got_cell == NULL && strstr(log, "event=db_col ") != NULL &&
		    strstr(log, "row=1 rows=1") != NULL,
		    "a row past the end is NULL, and logged");
	}

	/* The name of a person from three columns, with a prefix. */
	{
		char	*cell[9] = { "5", "9", "a@b.nl", "Jan", "van der",
		    "Berg", "Sara", NULL, "Ali" };
		size_t	 len[9] = { 0 };
		struct db_result r = { STMT_REMINDER_DUE, 1, 9, cell, len,
		    0, 0 };
		char	 name[64];

		db_full_name(name, sizeof(name), &r, 0, "to_");
		is_str(name, "Jan van der Berg", "db_full_name with prefix to_");
		db_full_name(name, sizeof(name), &r, 0, "student_");
		is_str(name, "Sara Ali", "without a tussenvoegsel (NULL)");
	}
	return done_testing();
}
