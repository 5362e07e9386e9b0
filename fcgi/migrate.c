#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migrate.h"

#define MIGRATE_MAX_FILES	1000

void
sql_list_free(struct sql_list *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		free(l->stmt[i]);
	l->n = 0;
}

static int
is_blank(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (!isspace((unsigned char)s[i]))
			return 0;
	return 1;
}

int
migrate_split(const char *file, const char *text, size_t len,
    struct sql_list *up, struct sql_list *down, struct buf *errs)
{
	struct sql_list	*cur = NULL;
	struct buf	 st;
	const char	*p = text, *end = text + len, *nl;
	size_t		 ll;
	int		 lineno = 0, stmt_line = 0;

	up->n = down->n = 0;
	buf_init(&st, MIGRATE_MAX_FILE);
	while (p < end) {
		lineno++;
		nl = memchr(p, '\n', (size_t)(end - p));
		ll = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		while (ll > 0 && (p[ll - 1] == '\r' || p[ll - 1] == ' ' ||
		    p[ll - 1] == '\t'))
			ll--;
		if (ll >= 2 && p[0] == '-' && p[1] == '-') {
			if (ll == 5 && memcmp(p, "-- up", 5) == 0)
				cur = up;
			else if (ll == 7 && memcmp(p, "-- down", 7) == 0)
				cur = down;
			goto next;
		}
		if (is_blank(p, ll))
			goto next;
		if (memchr(p, '\0', ll) != NULL) {
			buf_printf(errs, "%s:%d: NUL byte\n", file, lineno);
			goto err;
		}
		if (cur == NULL) {
			buf_printf(errs, "%s:%d: SQL before '-- up'\n", file,
			    lineno);
			goto err;
		}
		if (st.len == 0)
			stmt_line = lineno;
		if (buf_add(&st, p, ll) != DDD_OK || buf_addc(&st, '\n') !=
		    DDD_OK)
			goto err;
		if (p[ll - 1] == ';') {
			if (cur->n == MIGRATE_MAX_STMTS) {
				buf_printf(errs, "%s:%d: too many statements\n",
				    file, lineno);
				goto err;
			}
			st.ptr[st.len - 2] = '\0';	/* drop ";\n" */
			cur->stmt[cur->n++] = buf_take(&st, NULL);
		}
next:
		p += (nl != NULL ? (size_t)(nl - p) + 1 : (size_t)(end - p));
	}
	if (st.len > 0) {
		buf_printf(errs, "%s:%d: statement does not end with ';'\n",
		    file, stmt_line);
		goto err;
	}
	if (up->n == 0) {
		buf_printf(errs, "%s: no statements in '-- up'\n", file);
		goto err;
	}
	if (up->n != down->n) {
		buf_printf(errs, "%s: %lu up statements but %lu down "
		    "statements; each up needs the down that undoes it\n",
		    file, (unsigned long)up->n, (unsigned long)down->n);
		goto err;
	}
	buf_free(&st);
	return 0;
err:
	buf_free(&st);
	sql_list_free(up);
	sql_list_free(down);
	return -1;
}

struct mfile {
	int	 version;
	char	 name[256];
};

static int
mfile_cmp(const void *a, const void *b)
{
	return ((const struct mfile *)a)->version -
	    ((const struct mfile *)b)->version;
}

/* List dir/sql/NNNN_*.sql sorted; refuses duplicate numbers. */
static int
scan(const char *schema_dir, struct mfile **out, size_t *n, struct buf *errs)
{
	char		 dir[1024];
	DIR		*d;
	struct dirent	*de;
	struct mfile	*f;
	size_t		 i, len;

	*out = NULL;
	*n = 0;
	snprintf(dir, sizeof(dir), "%s/sql", schema_dir);
	if ((d = opendir(dir)) == NULL) {
		buf_printf(errs, "%s: cannot open: %s\n", dir,
		    strerror(errno));
		return -1;
	}
	if ((f = calloc(MIGRATE_MAX_FILES, sizeof(*f))) == NULL) {
		closedir(d);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 9 || strcmp(de->d_name + len - 4, ".sql") != 0)
			continue;
		if (!isdigit((unsigned char)de->d_name[0]) ||
		    !isdigit((unsigned char)de->d_name[1]) ||
		    !isdigit((unsigned char)de->d_name[2]) ||
		    !isdigit((unsigned char)de->d_name[3]) ||
		    de->d_name[4] != '_' || len >= sizeof(f->name) ||
		    *n == MIGRATE_MAX_FILES) {
			buf_printf(errs, "%s/%s: name must be NNNN_name.sql\n",
			    dir, de->d_name);
			closedir(d);
			free(f);
			return -1;
		}
		f[*n].version = atoi(de->d_name);
		memcpy(f[*n].name, de->d_name, len + 1);
		(*n)++;
	}
	closedir(d);
	qsort(f, *n, sizeof(*f), mfile_cmp);
	for (i = 0; i < *n; i++)
		if (f[i].version == 0 || (i > 0 &&
		    f[i].version == f[i - 1].version)) {
			buf_printf(errs, "%s/%s: duplicate or zero number\n",
			    dir, f[i].name);
			free(f);
			return -1;
		}
	*out = f;
	return 0;
}

int
migrate_latest(const char *schema_dir, struct buf *errs)
{
	struct mfile	*f;
	size_t		 n;
	int		 v;

	if (scan(schema_dir, &f, &n, errs) == -1)
		return -1;
	v = n > 0 ? f[n - 1].version : 0;
	free(f);
	return v;
}

static char *
read_file(const char *path, size_t *len, struct buf *errs)
{
	FILE	*fp;
	struct buf b;
	char	 chunk[8192];
	size_t	 got;

	if ((fp = fopen(path, "r")) == NULL) {
		buf_printf(errs, "%s: cannot open: %s\n", path,
		    strerror(errno));
		return NULL;
	}
	buf_init(&b, MIGRATE_MAX_FILE);
	while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (buf_add(&b, chunk, got) != DDD_OK) {
			buf_printf(errs, "%s: too large\n", path);
			fclose(fp);
			buf_free(&b);
			return NULL;
		}
	fclose(fp);
	return buf_take(&b, len);
}

/* The versions applied so far, ascending, into *vs (caller frees): a
 * file is applied when its version is not among them, so a migration
 * merged after a newer one was applied still runs (expand migrations do
 * not depend on each other's order).  -1 on error. */
static int
applied_versions(MYSQL *m, int **vs, size_t *nv, struct buf *errs)
{
	MYSQL_RES	*r;
	MYSQL_ROW	 row;
	size_t		 n = 0;

	*vs = NULL;
	*nv = 0;
	if (mysql_query(m, "CREATE TABLE IF NOT EXISTS schema_version ("
	    "version INT NOT NULL PRIMARY KEY, "
	    "name VARCHAR(255) NOT NULL, "
	    "applied_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP"
	    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 "
	    "COLLATE=utf8mb4_unicode_ci") != 0 ||
	    mysql_query(m, "SELECT version FROM schema_version ORDER BY "
	    "version") != 0 || (r = mysql_store_result(m)) == NULL) {
		buf_printf(errs, "schema_version: %s\n", mysql_error(m));
		return -1;
	}
	if (mysql_num_rows(r) > 0 && (*vs = calloc((size_t)mysql_num_rows(r),
	    sizeof(**vs))) == NULL) {
		mysql_free_result(r);
		buf_printf(errs, "schema_version: out of memory\n");
		return -1;
	}
	while ((row = mysql_fetch_row(r)) != NULL)
		if (row[0] != NULL)
			(*vs)[n++] = atoi(row[0]);
	mysql_free_result(r);
	*nv = n;
	return 0;
}

static int
applied(const int *vs, size_t nv, int version)
{
	size_t	 i;

	for (i = 0; i < nv; i++)
		if (vs[i] == version)
			return 1;
	return 0;
}

static int
apply_one(MYSQL *m, const char *path, const struct mfile *f, struct buf *out,
    struct buf *errs)
{
	struct sql_list	 up, down;
	MYSQL_STMT	*st = NULL;
	MYSQL_BIND	 b[2];
	unsigned long	 namelen;
	long long	 version = f->version;
	const char	*ins = "INSERT INTO schema_version (version, name) "
			    "VALUES (?, ?)";
	char		*text;
	size_t		 len, i, k;
	int		 rc = -1;

	if ((text = read_file(path, &len, errs)) == NULL)
		return -1;
	if (migrate_split(path, text, len, &up, &down, errs) == -1) {
		free(text);
		return -1;
	}
	free(text);
	for (i = 0; i < up.n; i++)
		if (mysql_query(m, up.stmt[i]) != 0)
			break;
	if (i < up.n) {
		buf_printf(errs, "%s: statement %lu failed: %s\n", path,
		    (unsigned long)i + 1, mysql_error(m));
		goto undo;
	}
	/* Record it; if even that fails, undo the file. */
	memset(b, 0, sizeof(b));
	namelen = (unsigned long)strlen(f->name);
	b[0].buffer_type = MYSQL_TYPE_LONGLONG;
	b[0].buffer = &version;
	b[1].buffer_type = MYSQL_TYPE_STRING;
	b[1].buffer = (void *)(uintptr_t)f->name;
	b[1].buffer_length = namelen;
	b[1].length = &namelen;
	if ((st = mysql_stmt_init(m)) == NULL ||
	    mysql_stmt_prepare(st, ins, (unsigned long)strlen(ins)) != 0 ||
	    mysql_stmt_bind_param(st, b) != 0 || mysql_stmt_execute(st) != 0) {
		buf_printf(errs, "%s: cannot record version: %s\n", path,
		    st ? mysql_stmt_error(st) : mysql_error(m));
		goto undo;
	}
	buf_printf(out, "applied %s\n", f->name);
	rc = 0;
	goto out;
undo:
	for (k = i; k-- > 0;)
		if (mysql_query(m, down.stmt[k]) != 0)
			buf_printf(errs, "%s: undo of statement %lu failed: "
			    "%s\n", path, (unsigned long)k + 1,
			    mysql_error(m));
out:
	if (st != NULL)
		mysql_stmt_close(st);
	sql_list_free(&up);
	sql_list_free(&down);
	return rc;
}

int
migrate_apply(MYSQL *m, const char *schema_dir, struct buf *out,
    struct buf *errs)
{
	struct mfile	*f;
	char		 path[1400];
	size_t		 n, i, nv;
	int		*vs, rc = 0;

	if (scan(schema_dir, &f, &n, errs) == -1)
		return -1;
	/* Two operators migrating at once: the second waits, then finds
	 * nothing left to do. */
	if (mysql_query(m, "DO GET_LOCK('ddd_migrate', 60)") != 0) {
		buf_printf(errs, "lock: %s\n", mysql_error(m));
		free(f);
		return -1;
	}
	if (applied_versions(m, &vs, &nv, errs) == -1) {
		free(f);
		(void)mysql_query(m, "DO RELEASE_LOCK('ddd_migrate')");
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (applied(vs, nv, f[i].version))
			continue;
		snprintf(path, sizeof(path), "%s/sql/%s", schema_dir,
		    f[i].name);
		if (apply_one(m, path, &f[i], out, errs) == -1) {
			rc = -1;
			break;
		}
	}
	if (rc == 0 && out->len == 0)
		buf_printf(out, "schema is current (version %d)\n",
		    n > 0 ? f[n - 1].version : 0);
	(void)mysql_query(m, "DO RELEASE_LOCK('ddd_migrate')");
	free(vs);
	free(f);
	return rc;
}
