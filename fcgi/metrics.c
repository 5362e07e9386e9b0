#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "metrics.h"
#include "xmlout.h"

#define MAX_SLOTS	300	/* threads (at most 256) and some */
#define NBUCKETS	12	/* the bounds below and +Inf */
#define ROUTES		(METRICS_MAX_ROUTES + 1)	/* 0: no route */

/* Upper bounds of the latency buckets, seconds and microseconds. */
static const char *const bucket_le[NBUCKETS] = { "0.005", "0.01", "0.025",
	"0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf" };
static const long bucket_us[NBUCKETS - 1] = { 5000, 10000, 25000, 50000,
	100000, 250000, 500000, 1000000, 2500000, 5000000, 10000000 };

/* The statuses the worker answers with; the rest count as "other". */
static const int statuses[] = { 200, 303, 400, 403, 404, 405, 409, 410, 413,
	422, 429, 500, 503 };
#define NSTATUS	(sizeof(statuses) / sizeof(statuses[0]) + 1)

struct hist {
	atomic_ulong	 bucket[NBUCKETS];	/* not cumulative */
	atomic_ulong	 sum_us;
};

struct slot {
	atomic_ulong	 req[ROUTES][NSTATUS];
	struct hist	 lat[ROUTES];
	atomic_ulong	 db_queries, db_unavailable, db_other;
	atomic_ulong	 count[MET__MAX];
	atomic_ulong	 pdf[METRICS__RENDERERS][2];	/* [.][ok] */
	struct hist	 pdf_lat[METRICS__RENDERERS];
};

static struct slot shared;
static _Atomic(struct slot *) slots[MAX_SLOTS];
static atomic_int nslots;
static _Thread_local struct slot *mine;

#define INC(x)		atomic_fetch_add_explicit(&(x), 1, memory_order_relaxed)
#define ADD(x, n)	atomic_fetch_add_explicit(&(x), (n), memory_order_relaxed)
#define GET(x)		atomic_load_explicit(&(x), memory_order_relaxed)

static struct slot *
me(void)
{
	return mine != NULL ? mine : &shared;
}

void
metrics_thread_start(void)
{
	struct slot	*s;
	int		 i;

	if (mine != NULL || (s = calloc(1, sizeof(*s))) == NULL)
		return;
	if ((i = atomic_fetch_add(&nslots, 1)) >= MAX_SLOTS) {
		free(s);
		return;
	}
	atomic_store(&slots[i], s);
	mine = s;
}

static void
hist_add(struct hist *h, long us)
{
	size_t	 b;

	for (b = 0; b < NBUCKETS - 1 && us > bucket_us[b]; b++)
		;
	INC(h->bucket[b]);
	ADD(h->sum_us, us > 0 ? (unsigned long)us : 0);
}

void
metrics_request(int route, int status, long us)
{
	struct slot	*s = me();
	size_t		 i, r = route >= 0 && route < METRICS_MAX_ROUTES ?
			    (size_t)route + 1 : 0;

	for (i = 0; i < NSTATUS - 1 && statuses[i] != status; i++)
		;
	INC(s->req[r][i]);
	hist_add(&s->lat[r], us);
}

void
metrics_db(enum ddd_err e)
{
	struct slot	*s = me();

	INC(s->db_queries);
	if (e == DDD_ERR_DB_UNAVAILABLE)
		INC(s->db_unavailable);
	else if (e != DDD_OK && e != DDD_ERR_CONFLICT)
		INC(s->db_other);
}

void
metrics_count(enum metric m)
{
	if ((unsigned)m < MET__MAX)
		INC(me()->count[m]);
}

void
metrics_pdf(enum metrics_renderer r, int ok, double seconds)
{
	struct slot	*s = me();

	if ((unsigned)r >= METRICS__RENDERERS)
		return;
	INC(s->pdf[r][ok ? 1 : 0]);
	hist_add(&s->pdf_lat[r], (long)(seconds * 1e6));
}

/* --- the database's figures ---------------------------------------- */

/* Mails (or, with notices, the webhook notices) by status. */
static enum ddd_err
by_status(struct db *db, int notices, long long out[4])
{
	static const char *const names[] = METRICS_STATUS_NAMES;
	struct db_result res;
	enum ddd_err	 e;
	size_t		 row, i;

	memset(out, 0, 4 * sizeof(*out));
	if ((e = db_run(db, notices ? STMT_METRICS_NOTICE_STATUS :
	    STMT_METRICS_OUTBOX_STATUS, NULL, 0, &res)) != DDD_OK)
		return e;
	for (row = 0; row < res.nrows; row++)
		for (i = 0; i < 4; i++)
			if (strcmp(DB_COL(&res, row, "status"), names[i]) == 0)
				out[i] = strtoll(DB_COL(&res, row, "n"), NULL,
				    10);
	db_result_free(&res);
	return DDD_OK;
}

/* The primary's semi-sync state, read where it is the primary. */
static enum ddd_err
semi_sync(struct db *db, struct metrics_figures *f)
{
	struct db_result res;
	enum ddd_err	 e;
	const char	*n, *v;
	size_t		 r;

	f->semi_sync = -1;
	if (db->cfg == NULL || db->cfg->db_servers[0] == '\0')
		return DDD_OK;
	if ((e = db_run(db, STMT_METRICS_SEMI_SYNC, NULL, 0, &res)) != DDD_OK)
		return e;
	f->semi_sync = 0;
	for (r = 0; r < res.nrows; r++) {
		n = DB_COL(&res, r, "name");
		v = DB_COL(&res, r, "value");
		if (n == NULL || v == NULL)
			continue;
		if (strcmp(n, "rpl_semi_sync_master_status") == 0)
			f->semi_sync = strcmp(v, "ON") == 0;
		else if (strcmp(n, "rpl_semi_sync_master_clients") == 0)
			f->semi_sync_clients = strtoll(v, NULL, 10);
		else if (strcmp(n, "rpl_semi_sync_master_no_tx") == 0)
			f->semi_sync_no_tx = strtoll(v, NULL, 10);
		else if (strcmp(n, "rpl_semi_sync_master_no_times") == 0)
			f->semi_sync_off = strtoll(v, NULL, 10);
	}
	db_result_free(&res);
	return DDD_OK;
}

enum ddd_err
metrics_figures_read(struct db *db, struct metrics_figures *f)
{
	struct db_result res;
	enum ddd_err	 e;

	memset(f, 0, sizeof(*f));
	if ((e = db_run(db, STMT_SCHEMA_VERSION, NULL, 0, &res)) != DDD_OK)
		return e;
	if (res.nrows == 1)
		f->schema = atoi(DB_COL(&res, 0, "version"));
	db_result_free(&res);
	if ((e = db_run(db, STMT_METRICS_OUTBOX_DUE, NULL, 0, &res)) !=
	    DDD_OK)
		return e;
	if (res.nrows == 1) {
		f->outbox_depth = strtoll(DB_COL(&res, 0, "depth"), NULL, 10);
		f->outbox_oldest_s = strtoll(DB_COL(&res, 0, "oldest_s"), NULL,
		    10);
	}
	db_result_free(&res);
	if ((e = by_status(db, 0, f->outbox)) != DDD_OK)
		return e;
	if ((e = by_status(db, 1, f->notice)) != DDD_OK)
		return e;
	return semi_sync(db, f);
}

/* --- the daily jobs' stamps ------------------------------------------ */

static int
job_ok(const char *job)
{
	return strcmp(job, "remind") == 0 || strcmp(job, "purge") == 0;
}

int
metrics_job_done(const char *state_dir, const char *job, const char *detail)
{
	char	 path[CONFIG_MAX_VALUE + 32], tmp[CONFIG_MAX_VALUE + 48];
	char	 line[512];
	int	 fd, n, rc = -1;

	if (state_dir[0] == '\0' || !job_ok(job))
		return -1;
	snprintf(path, sizeof(path), "%s/%s.last", state_dir, job);
	snprintf(tmp, sizeof(tmp), "%s/.%s.last.%ld", state_dir, job,
	    (long)getpid());
	n = snprintf(line, sizeof(line), "%lld %s\n", (long long)time(NULL),
	    detail);
	if (n < 0 || (size_t)n >= sizeof(line))
		return -1;
	/* Written whole, then renamed over the last one: a reader never
	 * sees half a stamp. */
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) ==
	    -1)
		goto out;
	if (write(fd, line, (size_t)n) != n) {
		close(fd);
		unlink(tmp);
		goto out;
	}
	if (close(fd) == -1 || rename(tmp, path) == -1) {
		unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	if (rc == -1)
		log_warn("job_stamp", "job=%s path=%s error=\"%s\"", job, path,
		    strerror(errno));
	return rc;
}

int
metrics_job_last(const char *state_dir, const char *job, long long *when,
    char *detail, size_t size)
{
	char	 path[CONFIG_MAX_VALUE + 32], line[512], *sp;
	ssize_t	 n;
	int	 fd;

	*when = 0;
	if (size > 0)
		detail[0] = '\0';
	if (state_dir[0] == '\0' || !job_ok(job))
		return -1;
	snprintf(path, sizeof(path), "%s/%s.last", state_dir, job);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, line, sizeof(line) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	line[n] = '\0';
	line[strcspn(line, "\n")] = '\0';
	*when = strtoll(line, &sp, 10);
	if (*when <= 0 || (*sp != ' ' && *sp != '\0'))
		return -1;
	if (size > 0)
		snprintf(detail, size, "%s", *sp == ' ' ? sp + 1 : "");
	return 0;
}

/* --- XML for xslt/metrics.xsl ---------------------------------------- */

static xmlNodePtr
family(xmlNodePtr root, const char *name, const char *type, const char *help)
{
	xmlNodePtr f = xo_el(root, "family", NULL);

	xo_attr(f, "name", name);
	xo_attr(f, "type", type);
	xo_attr(f, "help", help);
	return f;
}

/* One sample: name, value, then label name/value pairs up to NULL. */
static xmlNodePtr
sample(xmlNodePtr fam, const char *name, const char *value, ...)
{
	xmlNodePtr	 s = xo_el(fam, "s", NULL), l;
	const char	*ln, *lv;
	va_list		 ap;

	xo_attr(s, "n", name);
	xo_attr(s, "v", value);
	va_start(ap, value);
	while ((ln = va_arg(ap, const char *)) != NULL) {
		lv = va_arg(ap, const char *);
		l = xo_el(s, "l", lv);
		xo_attr(l, "n", ln);
	}
	va_end(ap);
	return s;
}

static const char *
num(char *b, size_t size, unsigned long long v)
{
	snprintf(b, size, "%llu", v);
	return b;
}

/* A histogram's samples (cumulative buckets, sum, count) with one label,
 * from the per-slot sums in h. */
static void
hist_xml(xmlNodePtr fam, const char *base, const char *label,
    const char *lvalue, const unsigned long long *bucket,
    unsigned long long sum_us)
{
	char	 name[96], v[32];
	unsigned long long cum = 0;
	size_t	 b;

	snprintf(name, sizeof(name), "%s_bucket", base);
	for (b = 0; b < NBUCKETS; b++) {
		cum += bucket[b];
		sample(fam, name, num(v, sizeof(v), cum), label, lvalue, "le",
		    bucket_le[b], NULL);
	}
	snprintf(name, sizeof(name), "%s_sum", base);
	snprintf(v, sizeof(v), "%llu.%06llu", sum_us / 1000000ULL,
	    sum_us % 1000000ULL);
	sample(fam, name, v, label, lvalue, NULL);
	snprintf(name, sizeof(name), "%s_count", base);
	sample(fam, name, num(v, sizeof(v), cum), label, lvalue, NULL);
}

/* Every slot's value of one counter, added up. */
#define SUM(total, expr) do {						\
	int i_, n_ = atomic_load(&nslots);				\
	struct slot *s_ = &shared;					\
	(total) = 0;							\
	for (i_ = -1; i_ < n_ && i_ < MAX_SLOTS; i_++) {		\
		if (i_ >= 0 && (s_ = atomic_load(&slots[i_])) == NULL)	\
			continue;					\
		(total) += GET(s_->expr);				\
	}								\
} while (0)

void
metrics_xml(xmlNodePtr root, const char *const *route_names, size_t nroutes,
    const struct metrics_figures *fig, const struct metrics_info *info)
{
	static const char *const st_names[] = METRICS_STATUS_NAMES;
	static const char *const renderers[] = { "native", "fop" };
	unsigned long long req[NSTATUS], bucket[NBUCKETS], sum, t, ok, bad;
	xmlNodePtr	 f, fl;
	char		 v[32], sv[16], detail[256];
	size_t		 r, i, b;
	long long	 when;

	f = family(root, "ddd_build_info", "gauge", "The running build "
	    "(version label), always 1.");
	sample(f, "ddd_build_info", "1", "version", info->version, NULL);
	f = family(root, "ddd_start_time_seconds", "gauge", "When this "
	    "process started, unix time.");
	sample(f, "ddd_start_time_seconds", num(v, sizeof(v),
	    (unsigned long long)info->started), NULL);
	f = family(root, "ddd_worker_threads", "gauge", "Request threads.");
	sample(f, "ddd_worker_threads", num(v, sizeof(v),
	    (unsigned long long)info->threads), NULL);
	f = family(root, "ddd_schema_version_expected", "gauge", "The newest "
	    "migration this build ships.");
	sample(f, "ddd_schema_version_expected", num(v, sizeof(v),
	    (unsigned long long)info->schema_expected), NULL);
	f = family(root, "ddd_config_generation", "gauge", "Configuration, "
	    "stylesheets and forms loaded: 1 at start, +1 per good reload.");
	sample(f, "ddd_config_generation", num(v, sizeof(v),
	    (unsigned long long)info->generation), NULL);
	f = family(root, "ddd_config_last_load_timestamp_seconds", "gauge",
	    "When the configuration in use was loaded, unix time.");
	sample(f, "ddd_config_last_load_timestamp_seconds", num(v, sizeof(v),
	    (unsigned long long)info->reloaded), NULL);
	f = family(root, "ddd_config_reloads_total", "counter", "Reloads "
	    "(SIGHUP) by result; a failed one keeps the loaded set.");
	SUM(t, count[MET_RELOAD_OK]);
	sample(f, "ddd_config_reloads_total", num(v, sizeof(v), t), "result",
	    "ok", NULL);
	SUM(t, count[MET_RELOAD_FAILED]);
	sample(f, "ddd_config_reloads_total", num(v, sizeof(v), t), "result",
	    "failed", NULL);

	/* Requests by route and status; latency per route. */
	f = family(root, "ddd_http_requests_total", "counter", "Requests "
	    "answered, by route (page) and status.");
	fl = family(root, "ddd_http_request_duration_seconds", "histogram",
	    "Time from reading a request to its log line, by route.");
	for (r = 0; r < ROUTES && r <= nroutes; r++) {
		const char *rn = r == 0 ? "none" : route_names[r - 1];
		unsigned long long total = 0;
		for (i = 0; i < NSTATUS; i++) {
			SUM(req[i], req[r][i]);
			total += req[i];
		}
		if (total == 0)
			continue;
		for (i = 0; i < NSTATUS; i++) {
			if (req[i] == 0)
				continue;
			if (i < NSTATUS - 1)
				snprintf(sv, sizeof(sv), "%d", statuses[i]);
			else
				snprintf(sv, sizeof(sv), "other");
			sample(f, "ddd_http_requests_total", num(v, sizeof(v),
			    req[i]), "route", rn, "status", sv, NULL);
		}
		for (b = 0; b < NBUCKETS; b++)
			SUM(bucket[b], lat[r].bucket[b]);
		SUM(sum, lat[r].sum_us);
		hist_xml(fl, "ddd_http_request_duration_seconds", "route", rn,
		    bucket, sum);
	}

	f = family(root, "ddd_db_queries_total", "counter", "Statements run "
	    "on the database (round trips, retries included).");
	SUM(t, db_queries);
	sample(f, "ddd_db_queries_total", num(v, sizeof(v), t), NULL);
	f = family(root, "ddd_db_errors_total", "counter", "Statements that "
	    "failed: the server unreachable, or another error.");
	SUM(t, db_unavailable);
	sample(f, "ddd_db_errors_total", num(v, sizeof(v), t), "kind",
	    "unavailable", NULL);
	SUM(t, db_other);
	sample(f, "ddd_db_errors_total", num(v, sizeof(v), t), "kind",
	    "other", NULL);

	f = family(root, "ddd_pdf_renders_total", "counter", "PDF renders by "
	    "renderer (native: ours, fop: Apache FOP) and result.");
	fl = family(root, "ddd_pdf_render_duration_seconds", "histogram",
	    "Time of one PDF render, by renderer.");
	for (r = 0; r < METRICS__RENDERERS; r++) {
		SUM(ok, pdf[r][1]);
		SUM(bad, pdf[r][0]);
		sample(f, "ddd_pdf_renders_total", num(v, sizeof(v), ok),
		    "renderer", renderers[r], "result", "ok", NULL);
		sample(f, "ddd_pdf_renders_total", num(v, sizeof(v), bad),
		    "renderer", renderers[r], "result", "error", NULL);
		for (b = 0; b < NBUCKETS; b++)
			SUM(bucket[b], pdf_lat[r].bucket[b]);
		SUM(sum, pdf_lat[r].sum_us);
		hist_xml(fl, "ddd_pdf_render_duration_seconds", "renderer",
		    renderers[r], bucket, sum);
	}
	f = family(root, "ddd_pdf_fallbacks_total", "counter", "Documents "
	    "our renderer could not make, sent to FOP.");
	SUM(t, count[MET_PDF_FALLBACK]);
	sample(f, "ddd_pdf_fallbacks_total", num(v, sizeof(v), t), NULL);

	f = family(root, "ddd_logins_total", "counter", "Log-in attempts "
	    "with a password, by result.");
	SUM(t, count[MET_LOGIN_OK]);
	sample(f, "ddd_logins_total", num(v, sizeof(v), t), "result", "ok",
	    NULL);
	SUM(t, count[MET_LOGIN_FAILED]);
	sample(f, "ddd_logins_total", num(v, sizeof(v), t), "result",
	    "failed", NULL);
	f = family(root, "ddd_login_throttled_total", "counter", "Log-in "
	    "attempts refused by the throttle before the password was "
	    "checked.");
	SUM(t, count[MET_LOGIN_THROTTLED]);
	sample(f, "ddd_login_throttled_total", num(v, sizeof(v), t), NULL);
	f = family(root, "ddd_db_replica_reads_total", "counter", "Reads of "
	    "GET pages served by a replica (db_replica_reads).");
	SUM(t, count[MET_REPLICA_READ]);
	sample(f, "ddd_db_replica_reads_total", num(v, sizeof(v), t), NULL);
	/* Rising: the replicas lag more than db_gtid_wait_ms, or are gone. */
	f = family(root, "ddd_db_replica_fallbacks_total", "counter", "GET "
	    "pages that read from the primary because the replica had not "
	    "caught up with the user's last write in time, or did not "
	    "answer.");
	SUM(t, count[MET_REPLICA_FALLBACK]);
	sample(f, "ddd_db_replica_fallbacks_total", num(v, sizeof(v), t),
	    NULL);

	f = family(root, "ddd_job_last_success_timestamp_seconds", "gauge",
	    "When dddctl remind and dddctl purge last succeeded, unix time "
	    "(0: never, or no stamp in state_dir).");
	(void)metrics_job_last(info->state_dir, "remind", &when, detail,
	    sizeof(detail));
	sample(f, "ddd_job_last_success_timestamp_seconds", num(v, sizeof(v),
	    (unsigned long long)when), "job", "remind", NULL);
	(void)metrics_job_last(info->state_dir, "purge", &when, detail,
	    sizeof(detail));
	sample(f, "ddd_job_last_success_timestamp_seconds", num(v, sizeof(v),
	    (unsigned long long)when), "job", "purge", NULL);

	f = family(root, "ddd_database_up", "gauge", "1 when the figures "
	    "below could be read from the database.");
	sample(f, "ddd_database_up", fig != NULL ? "1" : "0", NULL);
	if (info->primary_up >= 0) {
		/* 0 with reads going on from the replicas: failover. */
		f = family(root, "ddd_db_primary_up", "gauge", "1 when a "
		    "writable primary (read_only = OFF) answered this scrape "
		    "(db_servers only).");
		sample(f, "ddd_db_primary_up", info->primary_up ? "1" : "0",
		    NULL);
	}
	if (fig == NULL)
		return;
	f = family(root, "ddd_schema_version", "gauge", "The newest migration "
	    "applied to the database.");
	sample(f, "ddd_schema_version", num(v, sizeof(v),
	    (unsigned long long)fig->schema), NULL);
	f = family(root, "ddd_outbox_depth", "gauge", "Mails waiting to be "
	    "sent (queued or being sent), every tenant.");
	sample(f, "ddd_outbox_depth", num(v, sizeof(v),
	    (unsigned long long)fig->outbox_depth), NULL);
	f = family(root, "ddd_outbox_oldest_age_seconds", "gauge", "Age of "
	    "the oldest mail waiting (0: none).");
	sample(f, "ddd_outbox_oldest_age_seconds", num(v, sizeof(v),
	    (unsigned long long)fig->outbox_oldest_s), NULL);
	f = family(root, "ddd_outbox_mails", "gauge", "Mails in the outbox by "
	    "status (sent and failed ones stay until the retention purge).");
	for (i = 0; i < 4; i++)
		sample(f, "ddd_outbox_mails", num(v, sizeof(v),
		    (unsigned long long)fig->outbox[i]), "status", st_names[i],
		    NULL);
	f = family(root, "ddd_webhook_notices", "gauge", "Webhook notices to "
	    "the MBO colleges by status.");
	for (i = 0; i < 4; i++)
		sample(f, "ddd_webhook_notices", num(v, sizeof(v),
		    (unsigned long long)fig->notice[i]), "status", st_names[i],
		    NULL);
	if (fig->semi_sync < 0)
		return;
	/* Alert on 0: a commit is then acknowledged before any replica
	 * has it (docs/operations.md, semi-sync time-out). */
	f = family(root, "ddd_db_semi_sync_up", "gauge", "1 while the "
	    "primary's commits wait for a replica's acknowledgement "
	    "(Rpl_semi_sync_master_status).");
	sample(f, "ddd_db_semi_sync_up", fig->semi_sync ? "1" : "0", NULL);
	f = family(root, "ddd_db_semi_sync_replicas", "gauge", "Replicas "
	    "acknowledging the primary's commits.");
	sample(f, "ddd_db_semi_sync_replicas", num(v, sizeof(v),
	    (unsigned long long)fig->semi_sync_clients), NULL);
	f = family(root, "ddd_db_semi_sync_unacknowledged_total", "counter",
	    "Commits acknowledged to the user without a replica's "
	    "(Rpl_semi_sync_master_no_tx, since the primary started).");
	sample(f, "ddd_db_semi_sync_unacknowledged_total", num(v, sizeof(v),
	    (unsigned long long)fig->semi_sync_no_tx), NULL);
	f = family(root, "ddd_db_semi_sync_off_total", "counter", "Times the "
	    "primary fell back to asynchronous replication "
	    "(Rpl_semi_sync_master_no_times).");
	sample(f, "ddd_db_semi_sync_off_total", num(v, sizeof(v),
	    (unsigned long long)fig->semi_sync_off), NULL);
}
