/* dddctl: the operator's command line tool.  Commands:
 *   migrate                 create the database if needed, apply migrations
 *   tenant check FILE...    validate tenant files, "file:line: message"
 *   tenant load [FILE...]   validate and load (default: every file in
 *                           tenants_dir), all or nothing
 *   import TENANT FILE      read a student list (CSV) into a tenant
 *   passwd TENANT LOGIN     set a password (read from standard input; the
 *                           rule of fcgi/password.c)
 *   remind [DAYS]           queue the deadline reminders due today
 *                           (default 7 days before each deadline)
 *   purge                   retention: delete what a school keeps no longer
 *                           (the audit trail's rows of a student who is
 *                           gone keep a pseudonym: reads the master key)
 * tenant load, import and passwd each leave a row in the school's audit
 * trail (fcgi/audit.h), by the operator and from SSH_CLIENT's address.
 *   mail-run                send the mails and webhook notices that are due,
 *                           once (SMTP from DDD_SMTP_URL etc., docs/mail.md)
 *   webhook-secret MBO      the key an MBO college checks our signatures with
 *   fo2pdf [--strict] IN OUT        render an XSL-FO file with our renderer,
 *                           in process
 *   fo2pdf --repeat N IN OUT        the same N times (benchmarks)
 *   fo2pdf --worker IN OUT  render it the worker's way: the render
 *                           processes, the limits, FOP as the fallback
 *   config check            read the configuration, compile stylesheets
 *   db check                prepare every statement against the database,
 *                           its result columns named as the table says
 *   db columns              the statement table's result columns
 *   status                  what an operator looks at first: the outbox,
 *                           failed mails, webhook notices, the last remind
 *                           and purge (the figures of /metrics)
 *   api-client add MBO NAME [--scope S,..] [--rate N] [--cert PEM]
 *   api-client list MBO | api-client revoke MBO CLIENT_ID
 *                           the API's clients of a college (docs/api.md) */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api_ctl.h"
#include "cluster.h"
#include "audit.h"
#include "config.h"
#include "crypto.h"
#include "csv.h"
#include "db.h"
#include "fo.h"
#include "log.h"
#include "metrics.h"
#include "field.h"
#include "mailer.h"
#include "webhook.h"
#include "password.h"
#include "pdf.h"
#include "privdrop.h"
#include "joblock.h"
#include "purge.h"
#include "reminders.h"
#include "students.h"
#include "migrate.h"
#include "tenant.h"
#include "xsl.h"

static void
usage(void)
{
	fprintf(stderr,
	    "usage: dddctl [-f config] migrate\n"
	    "       dddctl [-f config] tenant check FILE...\n"
	    "       dddctl [-f config] tenant load [FILE...]\n"
	    "       dddctl [-f config] import TENANT FILE.csv\n"
	    "       dddctl [-f config] passwd TENANT LOGIN < password\n"
	    "       dddctl [-f config] remind [DAYS]\n"
	    "       dddctl [-f config] mail-run\n"
	    "       dddctl [-f config] purge\n"
	    "       dddctl fo2pdf [--strict | --repeat N] IN.fo OUT.pdf\n"
	    "       dddctl [-f config] fo2pdf --worker IN.fo OUT.pdf\n"
	    "       dddctl [-f config] webhook-secret MBO-TENANT\n"
	    "       dddctl [-f config] config check\n"
	    "       dddctl [-f config] db check\n"
	    "       dddctl db columns\n"
	    "       dddctl [-f config] status\n"
	    "       dddctl [-f config] api-client add MBO NAME [--scope S,...] "
	    "[--rate N] [--cert FILE.pem]\n"
	    "       dddctl [-f config] api-client list MBO\n"
	    "       dddctl [-f config] api-client revoke MBO CLIENT_ID\n"
	    "       dddctl [-f config] cluster status\n"
	    "       dddctl [-f config] cluster promote HOST:PORT\n");
	exit(2);
}

static int
cmd_migrate(const struct config *cfg)
{
	MYSQL		*m;
	char		 err[512], sql[600];
	struct buf	 out, errs;
	int		 rc = 1;

	buf_init(&out, 1024 * 1024);
	buf_init(&errs, 1024 * 1024);
	if ((m = db_connect_raw(cfg, err, sizeof(err), 0)) == NULL) {
		fprintf(stderr, "dddctl: cannot connect to MariaDB: %s\n", err);
		goto out;
	}
	/* The name comes from our own configuration, not from a request;
	 * it is still checked, since it cannot be a bound parameter. */
	if (strspn(cfg->db_name, "abcdefghijklmnopqrstuvwxyz0123456789_") !=
	    strlen(cfg->db_name) || cfg->db_name[0] == '\0') {
		fprintf(stderr, "dddctl: db_name may hold only a-z, 0-9, _\n");
		goto out;
	}
	snprintf(sql, sizeof(sql), "CREATE DATABASE IF NOT EXISTS `%s` "
	    "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", cfg->db_name);
	if (mysql_query(m, sql) != 0 || mysql_select_db(m, cfg->db_name)) {
		fprintf(stderr, "dddctl: %s\n", mysql_error(m));
		goto out;
	}
	if (migrate_apply(m, cfg->schema_dir, &out, &errs) == -1) {
		fputs(out.ptr ? out.ptr : "", stdout);
		fputs(errs.ptr ? errs.ptr : "", stderr);
		fprintf(stderr, "dddctl: migration failed; the database is as "
		    "it was before the failed file\n");
		goto out;
	}
	fputs(out.ptr ? out.ptr : "", stdout);
	rc = 0;
out:
	if (m != NULL)
		mysql_close(m);
	buf_free(&out);
	buf_free(&errs);
	return rc;
}

static int
tenant_rng(const struct config *cfg, char *path, size_t len)
{
	snprintf(path, len, "%s/tenant.rng", cfg->schema_dir);
	return access(path, R_OK);
}

static int
cmd_tenant_check(const struct config *cfg, int argc, char **argv)
{
	struct tenant_info info;
	struct buf	 errs;
	char		 rng[1100];
	int		 i, bad = 0;

	if (argc == 0)
		usage();
	if (tenant_rng(cfg, rng, sizeof(rng)) != 0) {
		fprintf(stderr, "dddctl: cannot read %s\n", rng);
		return 1;
	}
	buf_init(&errs, 1024 * 1024);
	for (i = 0; i < argc; i++) {
		buf_reset(&errs);
		if (tenant_check_file(argv[i], rng, &info, &errs) == -1) {
			fputs(errs.ptr ? errs.ptr : "", stderr);
			bad = 1;
		} else
			printf("%s: OK (%s, %s, %s)\n", argv[i], info.slug,
			    info.kind, info.name);
	}
	buf_free(&errs);
	return bad;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static long long	tenant_id(struct db *, const char *);

/* The audit trail of each tenant loaded gets a row, from its line of the
 * loader's report: "loaded <id> (<kind>, <name>): N staff accounts (N
 * new), N class links (N new)", said in Dutch for the decaan. */
static int
audit_loaded(struct db *db, const char *report)
{
	const char	*l, *end, *q, *tail;
	char		 slug[65];
	unsigned long	 v[4];
	long long	 tid;
	size_t		 n;
	int		 rc = 0;
	enum ddd_err	 e;

	for (l = report; *l != '\0'; l = *end ? end + 1 : end) {
		end = l + strcspn(l, "\n");
		if (strncmp(l, "loaded ", 7) != 0)
			continue;
		n = strcspn(l + 7, " \n");
		snprintf(slug, sizeof(slug), "%.*s", (int)n, l + 7);
		/* The counts after the name (which may hold "): "). */
		for (tail = NULL, q = l; (q = strstr(q, "): ")) != NULL &&
		    q < end; q++)
			tail = q;
		if ((tid = tenant_id(db, slug)) < 0)
			e = DDD_ERR_NOT_FOUND;
		else if (tail != NULL && sscanf(tail, "): %lu staff accounts "
		    "(%lu new), %lu class links (%lu new)", &v[0], &v[1], &v[2],
		    &v[3]) == 4)
			e = audit_operator(db, tid, AUDIT_TENANT_LOAD, 0,
			    "schoolbestand %s geladen: %lu medewerkers (%lu "
			    "nieuw), %lu klaskoppelingen (%lu nieuw)", slug,
			    v[0], v[1], v[2], v[3]);
		else
			e = audit_operator(db, tid, AUDIT_TENANT_LOAD, 0, "%.*s",
			    (int)(end - l), l);
		if (e != DDD_OK) {
			fprintf(stderr, "dddctl: %s: loaded, but not written "
			    "in its audit trail (see the log)\n", slug);
			rc = 1;
		}
	}
	return rc;
}

static int
cmd_tenant_load(const struct config *cfg, int argc, char **argv)
{
	struct db	 db;
	DIR		*d;
	struct dirent	*de;
	struct buf	 out, errs;
	char		 rng[1100], **files = NULL;
	size_t		 n = 0, i, len;
	int		 rc = 1;

	db_init(&db, cfg);
	buf_init(&out, 1024 * 1024);
	buf_init(&errs, 1024 * 1024);
	if (tenant_rng(cfg, rng, sizeof(rng)) != 0) {
		fprintf(stderr, "dddctl: cannot read %s\n", rng);
		goto out;
	}
	if (argc > 0) {
		if ((files = calloc((size_t)argc, sizeof(*files))) == NULL)
			goto out;
		for (i = 0; i < (size_t)argc; i++)
			if ((files[n++] = strdup(argv[i])) == NULL)
				goto out;
	} else {
		if ((d = opendir(cfg->tenants_dir)) == NULL) {
			fprintf(stderr, "dddctl: cannot open %s\n",
			    cfg->tenants_dir);
			goto out;
		}
		while ((de = readdir(d)) != NULL) {
			char **nf;
			len = strlen(de->d_name);
			if (len < 5 || de->d_name[0] == '.' ||
			    strcmp(de->d_name + len - 4, ".xml") != 0)
				continue;
			if ((nf = realloc(files, (n + 1) * sizeof(*files))) ==
			    NULL)
				break;
			files = nf;
			len = strlen(cfg->tenants_dir) + len + 2;
			if ((files[n] = malloc(len)) == NULL)
				break;
			snprintf(files[n++], len, "%s/%s", cfg->tenants_dir,
			    de->d_name);
		}
		closedir(d);
		qsort(files, n, sizeof(*files), name_cmp);
	}
	if (n == 0) {
		fprintf(stderr, "dddctl: no tenant files\n");
		goto out;
	}
	if (db_connect(&db) != DDD_OK) {
		fprintf(stderr, "dddctl: cannot connect to MariaDB (see the "
		    "log line above)\n");
		goto out;
	}
	if (tenant_load(&db, rng, files, n, &out, &errs) == -1) {
		fputs(errs.ptr ? errs.ptr : "", stderr);
		fprintf(stderr, "dddctl: nothing loaded\n");
		goto out;
	}
	fputs(out.ptr ? out.ptr : "", stdout);
	rc = audit_loaded(&db, out.ptr ? out.ptr : "");
out:
	db_close(&db);
	for (i = 0; i < n; i++)
		free(files[i]);
	free(files);
	buf_free(&out);
	buf_free(&errs);
	return rc;
}

/* The tenant's id by its slug, on a connection with the statement table. */
static long long
tenant_id(struct db *db, const char *slug)
{
	struct db_param	 p = DB_P_STR(slug);
	struct db_result res;
	long long	 id = -1;

	if (db_run(db, STMT_TENANT_BY_SLUG, &p, 1, &res) != DDD_OK)
		return -1;
	if (res.nrows == 1)
		id = strtoll(DB_COL(&res, 0, "id"), NULL, 10);
	db_result_free(&res);
	return id;
}

static char *
slurp(const char *path, size_t cap, size_t *len)
{
	FILE		*f;
	struct buf	 b;
	char		 chunk[65536];
	size_t		 got;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	buf_init(&b, cap);
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(&b, chunk, got) != DDD_OK) {
			buf_free(&b);
			fclose(f);
			return NULL;
		}
	fclose(f);
	return buf_take(&b, len);
}

static int
cmd_import(const struct config *cfg, const char *slug, const char *path)
{
	struct crypto_master master;
	struct student_list list;
	struct import_result res;
	struct buf	 report, errs;
	struct db	 db;
	char		*data;
	size_t		 len;
	long long	 tid;
	int		 rc = 1;
	enum ddd_err	 e;

	memset(&master, 0, sizeof(master));
	csv_students_init(&list);
	buf_init(&report, CSV_REPORT_CAP);
	buf_init(&errs, 4096);
	db_init(&db, cfg);
	if ((data = slurp(path, CSV_MAX_BYTES + 1, &len)) == NULL) {
		fprintf(stderr, "dddctl: cannot read %s (or over %d bytes)\n",
		    path, CSV_MAX_BYTES);
		goto out;
	}
	e = csv_parse_students(data, len, &list, &report);
	crypto_wipe(data, len);
	free(data);
	if (e != DDD_OK) {
		fputs(report.ptr ? report.ptr : "", stderr);
		fprintf(stderr, "dddctl: %s: nothing imported\n", path);
		goto out;
	}
	if (crypto_master_load(cfg->master_key_file, &master, &errs) == -1) {
		fputs(errs.ptr, stderr);
		goto out;
	}
	if (db_connect(&db) != DDD_OK || (tid = tenant_id(&db, slug)) < 0) {
		fprintf(stderr, "dddctl: no tenant '%s' (or no database)\n",
		    slug);
		goto out;
	}
	if ((e = students_import(&db, &master, tid, &list, &res, &report)) !=
	    DDD_OK) {
		fputs(report.ptr ? report.ptr : "", stderr);
		fprintf(stderr, "dddctl: %s: nothing imported (%s)\n", path,
		    err_name(e));
		goto out;
	}
	fputs(report.ptr ? report.ptr : "", stdout);
	printf("%s: %lu students: %lu new, %lu updated, %lu BSNs linked\n",
	    slug, (unsigned long)list.n, (unsigned long)res.added,
	    (unsigned long)res.updated, (unsigned long)res.bsn_linked);
	rc = audit_operator(&db, tid, AUDIT_IMPORT, 0, "%lu leerlingen: %lu "
	    "nieuw, %lu bijgewerkt (dddctl import)", (unsigned long)list.n,
	    (unsigned long)res.added, (unsigned long)res.updated) != DDD_OK;
out:
	db_close(&db);
	csv_students_free(&list);
	crypto_master_wipe(&master);
	buf_free(&report);
	buf_free(&errs);
	return rc;
}

static int
cmd_passwd(const struct config *cfg, const char *slug, const char *loginarg)
{
	struct db	 db;
	struct db_result res;
	char		 pw[CRYPTO_PASSWORD_MAX + 2], hash[CRYPTO_PWHASH_SIZE];
	char		 login[256];
	long long	 tid;
	size_t		 len;
	enum password_problem pwp;
	int		 rc = 1;

	db_init(&db, cfg);
	if (login_normalise(loginarg, login, sizeof(login)) == -1) {
		fprintf(stderr, "dddctl: '%s' is not a leerlingnummer or "
		    "e-mail address\n", loginarg);
		return 1;
	}
	if (fgets(pw, sizeof(pw), stdin) == NULL) {
		fprintf(stderr, "dddctl: no password on standard input\n");
		return 1;
	}
	len = strcspn(pw, "\r\n");
	pw[len] = '\0';
	/* The same rule as the activation page (fcgi/password.h). */
	if ((pwp = password_check(pw, len, login)) != PASSWORD_OK) {
		fprintf(stderr, "dddctl: %s\n", password_problem_en(pwp));
		goto out;
	}
	if (crypto_password_hash(pw, len, hash) != DDD_OK) {
		fprintf(stderr, "dddctl: cannot hash the password\n");
		goto out;
	}
	if (db_connect(&db) != DDD_OK || (tid = tenant_id(&db, slug)) < 0) {
		fprintf(stderr, "dddctl: no tenant '%s' (or no database)\n",
		    slug);
		goto out;
	}
	{
		struct db_param p[3] = { DB_P_STR(hash), DB_P_INT(tid),
		    DB_P_STR(login) };
		if (db_run(&db, STMT_ACCOUNT_SET_PASSWORD_LOGIN, p, 3, &res) !=
		    DDD_OK)
			goto out;
		db_result_free(&res);
	}
	{
		struct db_param p[2] = { DB_P_INT(tid), DB_P_STR(login) };
		if (db_run(&db, STMT_ACCOUNT_BY_LOGIN, p, 2, &res) != DDD_OK)
			goto out;
		rc = res.nrows == 1 ? 0 : 1;
		if (rc == 0 && audit_operator(&db, tid, AUDIT_PASSWORD,
		    strtoll(DB_COL(&res, 0, "id"), NULL, 10), "dddctl passwd") !=
		    DDD_OK)
			rc = 2;		/* set, but not in the trail (logged) */
		db_result_free(&res);
	}
	if (rc == 1)
		fprintf(stderr, "dddctl: no account '%s' at '%s'\n", login,
		    slug);
	else
		printf("password set for %s at %s%s\n", login, slug, rc ?
		    ", but not written in its audit trail" : "");
out:
	crypto_wipe(pw, sizeof(pw));
	crypto_wipe(hash, sizeof(hash));
	db_close(&db);
	return rc;
}

/* Another host has the job (exit 0: nothing is wrong), or the database
 * could not be asked (exit 1). */
static int
job_not_ours(const char *job, enum job_lock lk)
{
	if (lk == JOB_LOCK_BUSY) {
		printf("%s: another host runs it now; nothing done here\n",
		    job);
		log_info(job, "result=skipped note=\"another process holds "
		    "the job's lock\"");
		return 0;
	}
	fprintf(stderr, "dddctl: %s: the database could not be asked "
	    "(see the log)\n", job);
	return 1;
}

static int
cmd_remind(const struct config *cfg, const char *daysarg)
{
	struct db	 db;
	unsigned long	 queued = 0;
	char		 today[16];
	time_t		 now = time(NULL);
	struct tm	 tm;
	int		 days = 7, rc = 1;
	enum job_lock	 lk;
	const char	*fake = getenv("DDD_TODAY");	/* tests */

	if (daysarg != NULL && ((days = atoi(daysarg)) < 0 || days > 90)) {
		fprintf(stderr, "dddctl: DAYS must be 0 to 90\n");
		return 1;
	}
	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	if (fake != NULL && strlen(fake) == 10)
		snprintf(today, sizeof(today), "%s", fake);
	db_init(&db, cfg);
	/* Started on every host: one runs it, the others say so. */
	if ((lk = job_lock(&db, "remind")) != JOB_LOCK_HELD) {
		rc = job_not_ours("remind", lk);
		goto out;
	}
	if (reminders_run(&db, cfg, today, days, &queued) == DDD_OK) {
		char detail[96];
		printf("remind: %lu reminders queued for %s\n", queued, today);
		log_info("remind", "result=ok date=%s days=%d queued=%lu", today,
		    days, queued);
		snprintf(detail, sizeof(detail), "%lu reminders queued for %s",
		    queued, today);
		(void)metrics_job_done(cfg->state_dir, "remind", detail);
		rc = 0;
	} else
		fprintf(stderr, "dddctl: reminders failed (see the log)\n");
	job_unlock(&db, "remind");
out:
	db_close(&db);
	return rc;
}

static int
cmd_mail_run(const struct config *cfg)
{
	struct mailer_opts	 o;
	struct mailer_stats	 st;
	struct buf		 errs;
	int			 rc = 1;

	buf_init(&errs, 4096);
	mailer_opts_defaults(&o);
	if (mailer_opts_env(&o, &errs) == -1 ||
	    mailer_opts_check(&o, &errs) == -1) {
		fputs(errs.ptr ? errs.ptr : "", stderr);
		goto out;
	}
	memset(&st, 0, sizeof(st));
	rc = mailer_run(cfg, &o, 1, &st);
	printf("mail-run: %lu sent, %lu to retry, %lu failed\n",
	    (unsigned long)st.sent, (unsigned long)st.retry,
	    (unsigned long)st.failed);
out:
	buf_free(&errs);
	return rc;
}

/* The FO file in into fo; -1 with a message. */
static int
read_fo(const char *in, struct buf *fo)
{
	FILE		*f;
	char		 chunk[65536];
	size_t		 n;

	if ((f = fopen(in, "rb")) == NULL) {
		fprintf(stderr, "dddctl: %s: %s\n", in, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(fo, chunk, n) != DDD_OK) {
			fprintf(stderr, "dddctl: %s: too large\n", in);
			fclose(f);
			return -1;
		}
	fclose(f);
	return 0;
}

/* The native renderer on a file: FO in, PDF out (fcgi/fo.h). */
static int
cmd_fo2pdf(int strict, int repeat, const char *in, const char *out)
{
	struct fo_limits lim = FO_LIMITS_DEFAULT;
	struct buf	 fo, pdf, warnings;
	FILE		*f;
	struct timespec	 t0, t1;
	enum ddd_err	 e;
	int		 rc = 1;

	buf_init(&fo, lim.max_input);
	buf_init(&pdf, 256 * 1024 * 1024);
	buf_init(&warnings, 64 * 1024);
	if (read_fo(in, &fo) == -1)
		goto out;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	e = fo_render(fo.ptr != NULL ? fo.ptr : "", fo.len, &lim, strict, &pdf,
	    &warnings);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (e == DDD_OK && repeat > 1) {
		/* The fonts are loaded now: the time of the renders after. */
		int i;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (i = 1; i < repeat && e == DDD_OK; i++) {
			buf_reset(&pdf);
			buf_reset(&warnings);
			e = fo_render(fo.ptr, fo.len, &lim, strict, &pdf,
			    &warnings);
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		t1.tv_nsec = (long)(((double)(t1.tv_sec - t0.tv_sec) * 1e9 +
		    (double)(t1.tv_nsec - t0.tv_nsec)) / (repeat - 1));
		t1.tv_sec = 0;
		t0.tv_sec = t0.tv_nsec = 0;
	}
	if (warnings.len > 0)
		fprintf(stderr, "%s", warnings.ptr);
	if (e != DDD_OK) {
		fprintf(stderr, "dddctl: %s: not rendered (%s)\n", in,
		    err_name(e));
		goto out;
	}
	if ((f = fopen(out, "wb")) == NULL || fwrite(pdf.ptr, 1, pdf.len, f) !=
	    pdf.len || fclose(f) != 0) {
		fprintf(stderr, "dddctl: %s: cannot write\n", out);
		goto out;
	}
	printf("fo2pdf: %s: %zu bytes in %.1f ms\n", out, pdf.len,
	    (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	rc = 0;
out:
	buf_free(&fo);
	buf_free(&pdf);
	buf_free(&warnings);
	fo_thread_end();
	return rc;
}

/* A file rendered as the worker renders a document (fcgi/pdf.c, with the
 * configuration's pdf_renderer, limits and FOP): ours, and FOP when ours
 * cannot.  The worker's log lines go to stderr; the last line says how
 * many documents went to FOP. */
static int
cmd_fo2pdf_worker(const struct config *cfg, const char *in, const char *out)
{
	struct pdf_renderer r;
	struct passwd	 run_as;
	struct buf	 fo, pdf, errs;
	FILE		*f;
	enum ddd_err	 e;
	int		 rc = 1, ready = 0, root = geteuid() == 0;

	buf_init(&fo, 16 * 1024 * 1024);
	buf_init(&pdf, (size_t)cfg->pdf_max_bytes);
	buf_init(&errs, 4096);
	if (read_fo(in, &fo) == -1)
		goto out;
	/* As root, the render processes run as the configuration's user, as
	 * the worker's do (they refuse root). */
	if ((root && priv_user("dddctl", cfg->user, &run_as, &errs) == -1) ||
	    pdf_renderer_init(&r, cfg, root ? &run_as : NULL, 1, &errs) ==
	    -1) {
		fputs(errs.ptr ? errs.ptr : "", stderr);
		goto out;
	}
	ready = 1;
	if ((e = pdf_render(&r, fo.ptr != NULL ? fo.ptr : "", fo.len, &pdf)) !=
	    DDD_OK) {
		fprintf(stderr, "dddctl: %s: not rendered (%s)\n", in,
		    err_name(e));
		goto out;
	}
	if ((f = fopen(out, "wb")) == NULL) {
		fprintf(stderr, "dddctl: %s: %s\n", out, strerror(errno));
		goto out;
	}
	if ((fwrite(pdf.ptr, 1, pdf.len, f) != pdf.len) + fclose(f) != 0) {
		fprintf(stderr, "dddctl: %s: cannot write\n", out);
		goto out;
	}
	rc = 0;
out:
	if (ready)
		pdf_renderer_free(&r);
	printf("fo2pdf: %s: %s, fallbacks to FOP: %lu\n", out, rc == 0 ?
	    "written" : "not written", pdf_fallbacks());
	buf_free(&fo);
	buf_free(&pdf);
	buf_free(&errs);
	fo_thread_end();
	return rc;
}

/* Retention: what every school keeps no longer (fcgi/purge.h).  The
 * master key makes the pseudonyms of what the audit trail keeps. */
static int
cmd_purge(const struct config *cfg)
{
	struct db		 db;
	struct purge_counts	 n;
	struct crypto_master	 master;
	struct buf		 errs;
	enum job_lock		 lk;
	int			 rc = 1;

	buf_init(&errs, 4096);
	db_init(&db, cfg);
	if (crypto_master_load(cfg->master_key_file, &master, &errs) == -1) {
		fputs(errs.ptr ? errs.ptr : "", stderr);
		goto out;
	}
	/* Started on every host: one runs it, the others say so. */
	if ((lk = job_lock(&db, "purge")) != JOB_LOCK_HELD) {
		rc = job_not_ours("purge", lk);
		crypto_master_wipe(&master);
		goto out;
	}
	memset(&n, 0, sizeof(n));
	if (purge_run(&db, &master, &n) == DDD_OK) {
		char detail[160];
		printf("purge: %lu dossiers, %lu mails, %lu student accounts "
		    "deleted; %lu rows of the audit trail and access log past "
		    "their term\n", n.dossiers, n.mails, n.accounts, n.audit);
		log_info("purge", "result=ok dossiers=%lu mails=%lu "
		    "accounts=%lu audit=%lu", n.dossiers, n.mails, n.accounts,
		    n.audit);
		snprintf(detail, sizeof(detail), "%lu dossiers, %lu mails, %lu "
		    "student accounts deleted", n.dossiers, n.mails,
		    n.accounts);
		(void)metrics_job_done(cfg->state_dir, "purge", detail);
		rc = 0;
	} else
		fprintf(stderr, "dddctl: purge failed (see the log); what "
		    "was done per school stands\n");
	job_unlock(&db, "purge");
	crypto_master_wipe(&master);
out:
	db_close(&db);
	buf_free(&errs);
	return rc;
}

/* The key a college's IT checks our webhook signatures with. */
static int
cmd_webhook_secret(const struct config *cfg, const char *slug)
{
	struct crypto_master	 master;
	struct buf		 errs;
	unsigned char		 key[WEBHOOK_KEY_LEN];
	char			 hex[2 * WEBHOOK_KEY_LEN + 1];
	size_t			 i;
	int			 rc = 1;

	buf_init(&errs, 4096);
	for (i = 0; slug[i] != '\0'; i++)
		if (!((slug[i] >= 'a' && slug[i] <= 'z') ||
		    (slug[i] >= '0' && slug[i] <= '9') || slug[i] == '-'))
			break;
	if (i == 0 || slug[i] != '\0' || i > 64) {
		fprintf(stderr, "dddctl: '%s' is not a tenant id\n", slug);
		goto out;
	}
	if (crypto_master_load(cfg->master_key_file, &master, &errs) == -1) {
		fputs(errs.ptr ? errs.ptr : "", stderr);
		goto out;
	}
	if (webhook_key(&master, slug, key) == 0 &&
	    crypto_hex_encode(key, sizeof(key), hex, sizeof(hex)) == 0) {
		printf("%s\n", hex);
		rc = 0;
	}
	crypto_wipe(key, sizeof(key));
	crypto_wipe(hex, sizeof(hex));
	crypto_wipe(&master, sizeof(master));
out:
	buf_free(&errs);
	return rc;
}

static int
cmd_config_check(const struct config *cfg)
{
	struct xsl_cache *xsl = NULL;
	struct buf	 errs;
	int		 rc = 1, v;

	buf_init(&errs, 1024 * 1024);
	if (config_check_tcp(cfg, &errs) == -1) {
		fprintf(stderr, "%s\n", errs.ptr);
		goto out;
	}
	if ((xsl = calloc(1, sizeof(*xsl))) == NULL)
		goto out;
	if (xsl_cache_load(xsl, cfg->xslt_dir, &errs) == -1) {
		fputs(errs.ptr ? errs.ptr : "", stderr);
		goto out;
	}
	if ((v = migrate_latest(cfg->schema_dir, &errs)) < 0) {
		fputs(errs.ptr ? errs.ptr : "", stderr);
		goto out;
	}
	printf("configuration OK (%lu stylesheets, schema version %d)\n",
	    (unsigned long)xsl->n, v);
	rc = 0;
out:
	if (xsl != NULL) {
		xsl_cache_free(xsl);
		free(xsl);
	}
	buf_free(&errs);
	return rc;
}

/* Every statement prepared on the configured database: db_connect checks
 * each one's result columns against the names the table declares (the
 * log on stderr names the statement that differs). */
static int
cmd_db_check(const struct config *cfg)
{
	struct db	 db;
	size_t		 s, n = 0;
	const char *const *c;

	db_init(&db, cfg);
	if (db_connect(&db) != DDD_OK) {
		fprintf(stderr, "dddctl: db check failed: a statement does not "
		    "prepare on this database, or its result columns are not "
		    "the names fcgi/db.c declares (see above)\n");
		return 1;
	}
	db_close(&db);
	for (s = 0; s < STMT__MAX; s++)
		for (c = db_stmt_columns((enum stmt)s); *c != NULL; c++)
			n++;
	printf("db check: %d statements prepared, %zu result columns as "
	    "declared\n", STMT__MAX, n);
	return 0;
}

/* The statement table's result columns, one statement a line:
 * "name: col col ..." (tests/integration/t_db_columns.py reads it). */
static int
cmd_db_columns(void)
{
	const char *const *c;
	size_t		 s;

	for (s = 0; s < STMT__MAX; s++) {
		printf("%s:", db_stmt_name((enum stmt)s));
		for (c = db_stmt_columns((enum stmt)s); *c != NULL; c++)
			printf(" %s", *c);
		printf("\n");
	}
	return 0;
}

/* "3 min", "2 h", "5 days": how long ago, for a person. */
static void
ago(long long s, char *out, size_t size)
{
	if (s < 120)
		snprintf(out, size, "%lld s", s);
	else if (s < 2 * 3600)
		snprintf(out, size, "%lld min", s / 60);
	else if (s < 2 * 86400)
		snprintf(out, size, "%lld h", s / 3600);
	else
		snprintf(out, size, "%lld days", s / 86400);
}

static void
status_job(const struct config *cfg, const char *job, long long now,
    int *warn)
{
	char		 detail[256], when[32], a[32];
	long long	 t;
	struct tm	 tm;
	time_t		 tt;

	if (metrics_job_last(cfg->state_dir, job, &t, detail, sizeof(detail)) ==
	    -1) {
		printf("last %-6s   never (no stamp in %s)\n", job,
		    cfg->state_dir[0] != '\0' ? cfg->state_dir :
		    "state_dir, which is not set");
		return;
	}
	tt = (time_t)t;
	gmtime_r(&tt, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm);
	ago(now - t, a, sizeof(a));
	printf("last %-6s   %s (%s ago): %s\n", job, when, a, detail);
	/* Both run daily (the timers): two days without one is a fault. */
	if (now - t > 2 * 86400) {
		printf("  ! %s has not succeeded for %s\n", job, a);
		(*warn)++;
	}
}

/* Mails and notices handed over a while ago and never answered: their
 * sender died waiting; they may have arrived, and are not sent again
 * (docs/mail.md). */
static void
status_unconfirmed(struct db *db, int *warn)
{
	struct db_param	 p[2] = { DB_P_INT(600), DB_P_INT(600) };
	struct db_result res;

	if (db_run(db, STMT_MAIL_UNCONFIRMED, p, 2, &res) != DDD_OK)
		return;
	if (res.nrows == 1 && (atoll(DB_COL(&res, 0, "mails")) > 0 ||
	    atoll(DB_COL(&res, 0, "notices")) > 0)) {
		printf("unconfirmed    %s mails, %s webhooks handed over and "
		    "never answered (may have arrived; not sent again)\n",
		    DB_COL(&res, 0, "mails"), DB_COL(&res, 0, "notices"));
		printf("  ! see docs/mail.md, 'Handed over, never "
		    "answered'\n");
		(*warn)++;
	}
	db_result_free(&res);
}

/* The console's view of what /metrics shows a monitor: the mail that
 * waits, what failed, when the daily jobs last ran.  Exit 1 when the
 * database cannot be read. */
static int
cmd_status(const struct config *cfg)
{
	struct metrics_figures f;
	struct db	 db;
	char		 a[32];
	long long	 now = (long long)time(NULL);
	int		 rc = 1, warn = 0, expected;
	struct buf	 errs;

	buf_init(&errs, 4096);
	expected = migrate_latest(cfg->schema_dir, &errs);
	buf_free(&errs);
	db_init(&db, cfg);
	if (metrics_figures_read(&db, &f) != DDD_OK) {
		printf("database       cannot be read (see the log line "
		    "above)\n");
		goto out;
	}
	printf("database       reachable, schema version %d (this build "
	    "ships %d)\n", f.schema, expected);
	if (f.schema < expected) {
		printf("  ! run dddctl migrate\n");
		warn++;
	} else if (f.schema > expected)
		printf("  newer than this build: its workers serve it (the "
		    "migrations expand; docs/operations.md)\n");
	ago(f.outbox_oldest_s, a, sizeof(a));
	if (f.outbox_depth > 0)
		printf("outbox         %lld mails waiting, the oldest %s old\n",
		    f.outbox_depth, a);
	else
		printf("outbox         empty\n");
	/* The mailer retries for about a day; an hour means it is stuck. */
	if (f.outbox_depth > 0 && f.outbox_oldest_s > 3600) {
		printf("  ! mail waits over an hour: is ddd-mailer running? "
		    "(journalctl -u ddd-mailer)\n");
		warn++;
	}
	printf("mails          %lld sent, %lld failed (kept until the "
	    "retention purge)\n", f.outbox[2], f.outbox[3]);
	if (f.outbox[3] > 0)
		printf("  ! failed mails: the decaan's mail log shows them; "
		    "SELECT id, kind, last_error FROM outbox WHERE status = "
		    "'failed'\n");
	printf("webhooks       %lld sent, %lld waiting, %lld failed\n",
	    f.notice[2], f.notice[0] + f.notice[1], f.notice[3]);
	status_unconfirmed(&db, &warn);
	status_job(cfg, "remind", now, &warn);
	status_job(cfg, "purge", now, &warn);
	rc = 0;
out:
	db_close(&db);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct config	 cfg;
	struct buf	 errs;
	const char	*cfgfile = getenv("DDD_CONFIG");
	int		 ch, rc;

	log_init("dddctl");
	while ((ch = getopt(argc, argv, "+f:")) != -1) {
		switch (ch) {
		case 'f':
			cfgfile = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage();

	buf_init(&errs, 64 * 1024);
	config_defaults(&cfg, DDD_DEFAULT_DIR);
	if (cfgfile != NULL && config_load(&cfg, cfgfile, &errs) == -1) {
		fputs(errs.ptr, stderr);
		buf_free(&errs);
		return 1;
	}
	buf_free(&errs);
	xsl_global_init();
	if (db_global_init() != 0) {
		fprintf(stderr, "dddctl: MariaDB library init failed\n");
		return 1;
	}
	if (strcmp(argv[0], "migrate") == 0 && argc == 1)
		rc = cmd_migrate(&cfg);
	else if (strcmp(argv[0], "tenant") == 0 && argc >= 2 &&
	    strcmp(argv[1], "check") == 0)
		rc = cmd_tenant_check(&cfg, argc - 2, argv + 2);
	else if (strcmp(argv[0], "tenant") == 0 && argc >= 2 &&
	    strcmp(argv[1], "load") == 0)
		rc = cmd_tenant_load(&cfg, argc - 2, argv + 2);
	else if (strcmp(argv[0], "import") == 0 && argc == 3)
		rc = cmd_import(&cfg, argv[1], argv[2]);
	else if (strcmp(argv[0], "passwd") == 0 && argc == 3)
		rc = cmd_passwd(&cfg, argv[1], argv[2]);
	else if (strcmp(argv[0], "remind") == 0 && argc <= 2)
		rc = cmd_remind(&cfg, argc == 2 ? argv[1] : NULL);
	else if (strcmp(argv[0], "mail-run") == 0 && argc == 1)
		rc = cmd_mail_run(&cfg);
	else if (strcmp(argv[0], "fo2pdf") == 0 && argc == 3)
		rc = cmd_fo2pdf(0, 1, argv[1], argv[2]);
	else if (strcmp(argv[0], "fo2pdf") == 0 && argc == 4 &&
	    strcmp(argv[1], "--worker") == 0)
		rc = cmd_fo2pdf_worker(&cfg, argv[2], argv[3]);
	else if (strcmp(argv[0], "fo2pdf") == 0 && argc == 4 &&
	    strcmp(argv[1], "--strict") == 0)
		rc = cmd_fo2pdf(1, 1, argv[2], argv[3]);
	else if (strcmp(argv[0], "fo2pdf") == 0 && argc == 5 &&
	    strcmp(argv[1], "--repeat") == 0 && atoi(argv[2]) > 1)
		rc = cmd_fo2pdf(0, atoi(argv[2]), argv[3], argv[4]);
	else if (strcmp(argv[0], "purge") == 0 && argc == 1)
		rc = cmd_purge(&cfg);
	else if (strcmp(argv[0], "webhook-secret") == 0 && argc == 2)
		rc = cmd_webhook_secret(&cfg, argv[1]);
	else if (strcmp(argv[0], "config") == 0 && argc == 2 &&
	    strcmp(argv[1], "check") == 0)
		rc = cmd_config_check(&cfg);
	else if (strcmp(argv[0], "db") == 0 && argc == 2 &&
	    strcmp(argv[1], "check") == 0)
		rc = cmd_db_check(&cfg);
	else if (strcmp(argv[0], "db") == 0 && argc == 2 &&
	    strcmp(argv[1], "columns") == 0)
		rc = cmd_db_columns();
	else if (strcmp(argv[0], "status") == 0 && argc == 1)
		rc = cmd_status(&cfg);
	else if (strcmp(argv[0], "api-client") == 0 && argc >= 2)
		rc = api_client_cmd(&cfg, argc - 1, argv + 1);
	else if (strcmp(argv[0], "cluster") == 0 && argc >= 2)
		rc = cluster_cmd(&cfg, argc - 1, argv + 1);
	else
		usage();
	db_global_end();
	xsl_global_end();
	return rc;
}
