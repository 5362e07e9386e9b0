/* Loading tenant files: every file of the set is checked first
 * (tenant_check.c), then the set against itself and against the
 * database, and only a set without problems is written, in one
 * transaction: the tenant rows (each load raises config_version, so the
 * workers' caches see the new file at once), the staff accounts and the
 * mentors' class links the files seed, the participating MBOs.  Every
 * statement is in the table of fcgi/db.c.  See load_staff() and tenant.h
 * for what a reload may change. */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "tenant_file.h"

/* Attempts when a transaction is a deadlock's victim. */
#define DB_RETRIES	3

struct loader {
	struct db	*db;
	struct buf	*errs;
	const char	*subject;	/* file being worked on, or NULL */
	enum ddd_err	 dberr;		/* of the last failure */
};

/* The statement failed: say so for the file (the database's own message
 * is in the log line db_run wrote). */
static int
db_fail(struct loader *l, enum ddd_err e, const char *what)
{
	l->dberr = e;
	buf_printf(l->errs, "%s: database error while %s (%s)\n",
	    l->subject != NULL ? l->subject : "tenant load", what,
	    err_name(e));
	return -1;
}

/* Run one statement; with res, its rows.  0 done, -1 reported. */
static int
run(struct loader *l, enum stmt s, const struct db_param *p, size_t np,
    struct db_result *res, const char *what)
{
	enum ddd_err	 e;

	if ((e = db_run(l->db, s, p, np, res)) != DDD_OK)
		return db_fail(l, e, what);
	return 0;
}

static void
file_error(struct loader *l, const struct tenant_file *tf, long line,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
file_error(struct loader *l, const struct tenant_file *tf, long line,
    const char *fmt, ...)
{
	char	 msg[512];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	buf_printf(l->errs, "%s:%ld: %s\n", tf->path, line, msg);
}

/* Unique ids and BRINs within the set; 0 when consistent. */
static int
check_set(struct loader *l, const struct tenant_file *tf, size_t n)
{
	size_t	 i, j;
	int	 bad = 0;

	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++) {
			if (strcmp(tf[i].info.slug, tf[j].info.slug) == 0) {
				file_error(l, &tf[i], tf[i].line, "tenant id "
				    "'%s' is also used by %s", tf[i].info.slug,
				    tf[j].path);
				bad = 1;
			}
			if (strcmp(tf[i].info.brin, tf[j].info.brin) == 0) {
				file_error(l, &tf[i], tf[i].brin_line, "BRIN "
				    "%s is also used by %s", tf[i].info.brin,
				    tf[j].path);
				bad = 1;
			}
		}
	return bad ? -1 : 0;
}

static const struct tenant_file *
set_find_brin(const struct tenant_file *tf, size_t n, const char *brin)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(tf[i].info.brin, brin) == 0)
			return &tf[i];
	return NULL;
}

static int
set_has_slug(const struct tenant_file *tf, size_t n, const char *slug)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(tf[i].info.slug, slug) == 0)
			return 1;
	return 0;
}

/* The tenant that has brin in the database, locked: 1 with its slug and
 * kind in *res (the caller frees it), 0 none, -1 reported. */
static int
by_brin(struct loader *l, const char *brin, struct db_result *res)
{
	struct db_param	 p = DB_P_STR(brin);

	if (run(l, STMT_TENANT_LOAD_BY_BRIN, &p, 1, res,
	    "reading the tenant table") == -1)
		return -1;
	if (res->nrows == 1)
		return 1;
	db_result_free(res);
	return 0;
}

/* One participating MBO of file i against the set and the database:
 * 0 good, 1 a problem (reported), -1 database error. */
static int
check_mbo(struct loader *l, const struct tenant_file *tf, size_t n, size_t i,
    const struct mbo_ref *mbo)
{
	const struct tenant_file *t;
	struct db_result res;
	int		 rc, bad = 0;

	if ((t = set_find_brin(tf, n, mbo->brin)) != NULL) {
		if (strcmp(t->info.kind, "mbo") == 0)
			return 0;
		file_error(l, &tf[i], mbo->line, "BRIN %s is '%s', a VO "
		    "school, not an MBO college", mbo->brin, t->info.slug);
		return 1;
	}
	if ((rc = by_brin(l, mbo->brin, &res)) == -1)
		return -1;
	/* A tenant of the set that had this BRIN before has another now:
	 * it no longer counts. */
	if (rc == 0 || set_has_slug(tf, n, DB_COL(&res, 0, "slug"))) {
		file_error(l, &tf[i], mbo->line, "participating MBO %s is "
		    "unknown: no MBO college with that BRIN in these files "
		    "or in the database", mbo->brin);
		bad = 1;
	} else if (strcmp(DB_COL(&res, 0, "kind"), "mbo") != 0) {
		file_error(l, &tf[i], mbo->line, "BRIN %s is '%s', a VO "
		    "school, not an MBO college", mbo->brin,
		    DB_COL(&res, 0, "slug"));
		bad = 1;
	}
	if (rc == 1)
		db_result_free(&res);
	return bad;
}

/* Inside the transaction: the checks against what the database holds.
 * 0 consistent, 1 a problem in a file (reported), -1 database error. */
static int
check_against_db(struct loader *l, const struct tenant_file *tf, size_t n)
{
	struct db_result res;
	size_t		 i, k;
	int		 rc, bad = 0;

	for (i = 0; i < n; i++) {
		struct db_param p = DB_P_STR(tf[i].info.slug);

		l->subject = tf[i].path;
		if (run(l, STMT_TENANT_LOAD_BY_SLUG, &p, 1, &res,
		    "reading the tenant table") == -1)
			return -1;
		if (res.nrows == 1 && strcmp(DB_COL(&res, 0, "kind"),
		    tf[i].info.kind) != 0) {
			file_error(l, &tf[i], tf[i].line, "tenant '%s' is "
			    "loaded as kind=\"%s\"; its kind cannot change to "
			    "\"%s\"", tf[i].info.slug, DB_COL(&res, 0, "kind"),
			    tf[i].info.kind);
			bad = 1;
		}
		db_result_free(&res);
		if ((rc = by_brin(l, tf[i].info.brin, &res)) == -1)
			return -1;
		if (rc == 1 && strcmp(DB_COL(&res, 0, "slug"),
		    tf[i].info.slug) != 0) {
			file_error(l, &tf[i], tf[i].brin_line, "BRIN %s "
			    "belongs to tenant '%s' in the database",
			    tf[i].info.brin, DB_COL(&res, 0, "slug"));
			bad = 1;
		}
		if (rc == 1)
			db_result_free(&res);
		for (k = 0; k < tf[i].nmbos; k++) {
			if ((rc = check_mbo(l, tf, n, i, &tf[i].mbos[k])) ==
			    -1)
				return -1;
			if (rc == 1)
				bad = 1;
		}
	}
	return bad;
}

static int
upsert(struct loader *l, const struct tenant_file *tf)
{
	struct db_param	 p[5] = { DB_P_STR(tf->info.slug),
	    DB_P_STR(tf->info.kind), DB_P_STR(tf->info.name),
	    DB_P_STR(tf->info.brin), DB_P_STRN(tf->text, tf->len) };

	struct db_param	 q[2] = { DB_P_STR(tf->info.sso_label),
	    DB_P_STR(tf->info.slug) };

	if (run(l, STMT_TENANT_LOAD_UPSERT, p, 5, NULL,
	    "writing the tenant") == -1)
		return -1;
	/* The log-in page's button (migration 0029). */
	return run(l, STMT_TENANT_SET_SSO, q, 2, NULL, "writing the tenant");
}

/* Find or create one staff account.  An existing account keeps
 * everything but its names and role: its password_hash, activated_at,
 * e-mail and the rest belong to the person and the Portal.  0 done,
 * 1 refused (reported), -1 database error. */
static int
staff_account(struct loader *l, struct tenant_file *tf, long long tenant_id,
    struct staff *p)
{
	struct db_result res;
	const char	*roep = p->name, *tv = p->name + p->tv_off;
	const char	*achter = p->name + p->achter_off;
	size_t		 achter_len = strlen(p->name) - p->achter_off;

	{
		struct db_param q[2] = { DB_P_INT(tenant_id),
		    DB_P_STR(p->login) };
		if (run(l, STMT_TENANT_LOAD_ACCOUNT_LOCK, q, 2, &res,
		    "reading the accounts") == -1)
			return -1;
	}
	if (res.nrows == 1) {
		/* Cannot happen (a leerling logs in with digits, staff with
		 * an address), but a student is never made staff. */
		if (DB_COL(&res, 0, "role") != NULL &&
		    strcmp(DB_COL(&res, 0, "role"), "leerling") == 0) {
			db_result_free(&res);
			file_error(l, tf, p->line, "%s: tenant '%s' already "
			    "has a student (leerling) account with this "
			    "login; a staff account cannot take it over",
			    p->email, tf->info.slug);
			return 1;
		}
		p->id = strtoll(DB_COL(&res, 0, "id"), NULL, 10);
		db_result_free(&res);
		{
			struct db_param q[6] = { DB_P_STR(p->role),
			    DB_P_STRN(roep, p->roep_len),
			    DB_P_STRN(tv, p->tv_len),
			    DB_P_STRN(achter, achter_len), DB_P_INT(p->id),
			    DB_P_INT(tenant_id) };
			return run(l, STMT_TENANT_LOAD_ACCOUNT_UPDATE, q, 6,
			    NULL, "updating an account");
		}
	}
	db_result_free(&res);
	{
		struct db_param q[7] = { DB_P_INT(tenant_id),
		    DB_P_STR(p->role), DB_P_STR(p->login),
		    DB_P_STR(p->email), DB_P_STRN(roep, p->roep_len),
		    DB_P_STRN(tv, p->tv_len),
		    DB_P_STRN(achter, achter_len) };
		if (run(l, STMT_TENANT_LOAD_ACCOUNT_INSERT, q, 7, &res,
		    "creating an account") == -1)
			return -1;
	}
	p->id = (long long)res.insert_id;
	db_result_free(&res);
	tf->staff_new++;
	return 0;
}

/* Seed one class link.  The decaan owns the klaskoppeling once it is in
 * the database: a class that has any mentor there is left as it is, even
 * when that is not the mentor in the file (the decaan moved it in the
 * Portal).  Only a class without a mentor gets the file's.  Links are
 * never deleted.  0 done, -1 database error. */
static int
class_link(struct loader *l, struct tenant_file *tf, long long tenant_id,
    const struct class_link *c)
{
	struct db_param	 p[3] = { DB_P_INT(tenant_id), DB_P_STR(c->klas),
	    DB_P_INT(tf->staff[c->staff].id) };
	struct db_result res;
	size_t		 found;

	if (run(l, STMT_TENANT_LOAD_CLASS_FIND, p, 2, &res,
	    "reading the class links") == -1)
		return -1;
	found = res.nrows;
	db_result_free(&res);
	if (found > 0)
		return 0;
	if (run(l, STMT_CLASS_LINK, p, 3, NULL,
	    "linking a mentor to a class") == -1)
		return -1;
	tf->links_new++;
	return 0;
}

/* Inside the transaction, after the tenant's upsert: its staff accounts,
 * class links and participating MBOs.  A reload adds what is new in the
 * file and updates names and roles; it never deletes an account (people
 * leave through the Portal, not through a file reload: their dossier
 * history stays) nor a class link (the decaan's, see class_link()).
 * 0 done, 1 refused (reported), -1 database error. */
static int
load_staff(struct loader *l, struct tenant_file *tf)
{
	struct db_param	 p = DB_P_STR(tf->info.slug);
	struct db_result res;
	long long	 tenant_id;
	size_t		 i;
	int		 rc, bad = 0;

	tf->staff_new = tf->links_new = 0;
	if (run(l, STMT_TENANT_BY_SLUG, &p, 1, &res,
	    "reading the tenant table") == -1)
		return -1;
	if (res.nrows != 1) {
		db_result_free(&res);
		buf_printf(l->errs, "%s: tenant '%s' is missing after "
		    "writing it\n", tf->path, tf->info.slug);
		return -1;
	}
	tenant_id = strtoll(DB_COL(&res, 0, "id"), NULL, 10);
	db_result_free(&res);
	for (i = 0; i < tf->nstaff; i++) {
		if ((rc = staff_account(l, tf, tenant_id, &tf->staff[i])) ==
		    -1)
			return -1;
		if (rc == 1)
			bad = 1;
	}
	if (bad)
		return 1;
	for (i = 0; i < tf->nlinks; i++)
		if (class_link(l, tf, tenant_id, &tf->links[i]) == -1)
			return -1;
	{
		struct db_param q = DB_P_INT(tenant_id);
		if (run(l, STMT_TENANT_LOAD_PART_CLEAR, &q, 1, NULL,
		    "clearing the participating MBOs") == -1)
			return -1;
	}
	for (i = 0; i < tf->nmbos; i++) {
		struct db_param q[2] = { DB_P_INT(tenant_id),
		    DB_P_STR(tf->mbos[i].brin) };
		if (run(l, STMT_TENANT_LOAD_PART_ADD, q, 2, NULL,
		    "writing the participating MBOs") == -1)
			return -1;
	}
	return 0;
}

/* One attempt: 0 committed, 1 refused (files), -1 database error. */
static int
load_txn(struct loader *l, struct tenant_file *tf, size_t n)
{
	enum ddd_err	 e;
	size_t		 i;
	int		 rc;

	l->dberr = DDD_OK;
	l->subject = NULL;
	if ((e = db_begin(l->db)) != DDD_OK)
		return db_fail(l, e, "starting a transaction");
	if ((rc = check_against_db(l, tf, n)) != 0)
		goto err;
	for (i = 0; i < n; i++) {
		l->subject = tf[i].path;
		if ((rc = upsert(l, &tf[i])) == -1)
			goto err;
		if ((rc = load_staff(l, &tf[i])) != 0)
			goto err;
	}
	l->subject = NULL;
	if ((e = db_commit(l->db)) != DDD_OK) {
		rc = db_fail(l, e, "committing");
		goto err;
	}
	return 0;
err:
	db_rollback(l->db);
	return rc;
}

int
tenant_load(struct db *db, const char *rng_path, char *const *files,
    size_t nfiles, struct buf *out, struct buf *errs)
{
	struct xml_schema	 s;
	struct tenant_file	*tf = NULL;
	struct loader		 l;
	size_t			 i, errlen;
	int			 bad = 0, rc = -1, attempt;

	memset(&l, 0, sizeof(l));
	l.db = db;
	l.errs = errs;
	if (xml_schema_load(&s, &tenant_kind, rng_path, errs) == -1)
		return -1;
	if (nfiles > 0 && (tf = calloc(nfiles, sizeof(*tf))) == NULL) {
		buf_printf(errs, "tenant load: out of memory\n");
		goto out;
	}
	for (i = 0; i < nfiles; i++)
		if (tenant_file_check(&s, files[i], &tf[i], errs) == -1)
			bad = 1;
	if (bad || check_set(&l, tf, nfiles) == -1)
		goto out;
	if (nfiles == 0) {
		rc = 0;
		goto out;
	}
	/* A deadlock (or a lock wait that timed out) is retried from the
	 * start; the messages of a failed attempt are dropped when a later
	 * one succeeds. */
	errlen = errs->len;
	for (attempt = 1; attempt <= DB_RETRIES; attempt++) {
		if ((rc = load_txn(&l, tf, nfiles)) != -1 ||
		    l.dberr != DDD_ERR_CONFLICT || attempt == DB_RETRIES)
			break;
		errs->len = errlen;
		if (errs->ptr != NULL)
			errs->ptr[errlen] = '\0';
	}
	if (rc != 0) {
		rc = -1;
		goto out;
	}
	for (i = 0; i < nfiles; i++)
		buf_printf(out, "loaded %s (%s, %s): %zu staff accounts (%zu "
		    "new), %zu class links (%zu new)\n", tf[i].info.slug,
		    tf[i].info.kind, tf[i].info.name, tf[i].nstaff,
		    tf[i].staff_new, tf[i].nlinks, tf[i].links_new);
out:
	for (i = 0; tf != NULL && i < nfiles; i++)
		tenant_file_free(&tf[i]);
	free(tf);
	xml_schema_free(&s);
	return rc;
}
