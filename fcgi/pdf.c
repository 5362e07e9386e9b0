#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fo.h"
#include "log.h"
#include "metrics.h"
#include "pdf.h"

/* Documents our renderer could not make, which FOP made instead (or
 * tried to), since the process started: in the log with each one. */
static atomic_ulong	 fallbacks;

unsigned long
pdf_fallbacks(void)
{
	return atomic_load(&fallbacks);
}

static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t	 n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Copy a small file (the FOP configuration); -1 with errno. */
static int
copy_file(const char *from, const char *to)
{
	char	 chunk[8192];
	ssize_t	 n;
	int	 in, out, rc = -1;

	if ((in = open(from, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if ((out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) ==
	    -1) {
		close(in);
		return -1;
	}
	while ((n = read(in, chunk, sizeof(chunk))) > 0)
		if (write_all(out, chunk, (size_t)n) == -1)
			goto done;
	rc = n == 0 ? 0 : -1;
done:
	close(in);
	if (close(out) == -1)
		rc = -1;
	if (rc == -1)
		unlink(to);
	return rc;
}

/* Can FOP run?  0, or -1 with the reason in why. */
static int
fop_usable(const struct config *cfg, char *why, size_t size)
{
	if (access(cfg->fop, X_OK) == -1) {
		snprintf(why, size, "fop: cannot run %s: %s (apt-get install "
		    "fop)", cfg->fop, strerror(errno));
		return -1;
	}
	if (access(cfg->fop_config, R_OK) == -1) {
		snprintf(why, size, "fop_config: cannot read %s: %s",
		    cfg->fop_config, strerror(errno));
		return -1;
	}
	return 0;
}

static void
remove_dir(struct pdf_renderer *r)
{
	char	 conf[sizeof(r->dir) + 16];

	if (r->dir[0] == '\0')
		return;
	snprintf(conf, sizeof(conf), "%s/" PDF_FOP_CONFIG, r->dir);
	unlink(conf);
	rmdir(r->dir);
	r->dir[0] = '\0';
}

int
pdf_renderer_init(struct pdf_renderer *r, const struct config *cfg,
    const struct passwd *run_as, int start, struct buf *errs)
{
	char	 prog[CONFIG_MAX_VALUE + 64], conf[sizeof(r->dir) + 16];
	char	 user[64];
	int	 native = strcmp(cfg->pdf_renderer, "native") == 0;

	memset(r, 0, sizeof(*r));
	r->cfg = cfg;
	r->pool.lifeline = -1;
	r->fop = fop_usable(cfg, r->fop_why, sizeof(r->fop_why)) == 0;
	if (!native && !r->fop) {
		buf_printf(errs, "%s\n", r->fop_why);
		return -1;
	}
	if (native && render_program(cfg, prog, sizeof(prog), errs) == -1)
		return -1;
	if (!start)
		return 0;
	if (native && !r->fop)
		/* Ours alone: what it cannot render is a 503. */
		log_warn("pdf_fallback", "available=no reason=\"%s\"",
		    r->fop_why);
	if ((size_t)snprintf(r->dir, sizeof(r->dir), "%s/ddd-pdf-XXXXXX",
	    cfg->pdf_tmp_dir) >= sizeof(r->dir) || mkdtemp(r->dir) == NULL) {
		buf_printf(errs, "pdf_tmp_dir: cannot make a directory in %s: "
		    "%s\n", cfg->pdf_tmp_dir, strerror(errno));
		r->dir[0] = '\0';
		return -1;
	}
	/* FOP reads its configuration as the worker's user, who may not
	 * reach the source tree: a copy in our folder, made now. */
	snprintf(conf, sizeof(conf), "%s/" PDF_FOP_CONFIG, r->dir);
	if (r->fop && copy_file(cfg->fop_config, conf) == -1) {
		buf_printf(errs, "fop_config: cannot copy %s to %s: %s\n",
		    cfg->fop_config, conf, strerror(errno));
		goto fail;
	}
	/* The render processes run as that user and own the folder. */
	if (run_as != NULL && (chown(r->dir, run_as->pw_uid, run_as->pw_gid) ==
	    -1 || (r->fop && chown(conf, run_as->pw_uid, run_as->pw_gid) ==
	    -1))) {
		buf_printf(errs, "cannot give %s to %s: %s\n", r->dir,
		    run_as->pw_name, strerror(errno));
		goto fail;
	}
	if (sem_init(&r->slots, 0, (unsigned)cfg->pdf_concurrency) == -1) {
		buf_printf(errs, "pdf: sem_init: %s\n", strerror(errno));
		goto fail;
	}
	r->sem_made = 1;
	if (run_as != NULL)
		snprintf(user, sizeof(user), "%s", run_as->pw_name);
	if (render_pool_start(&r->pool, cfg, r->dir, run_as != NULL ? user :
	    NULL, r->fop, errs) == -1)
		goto fail;
	return 0;
fail:
	if (r->sem_made)
		sem_destroy(&r->slots);
	r->sem_made = 0;
	remove_dir(r);
	return -1;
}

void
pdf_renderer_free(struct pdf_renderer *r)
{
	if (r->pool.pid > 0) {
		/* It removes the folder and what is in it. */
		render_pool_stop(&r->pool);
		r->dir[0] = '\0';
	}
	if (r->sem_made)
		sem_destroy(&r->slots);
	r->sem_made = 0;
}

int
pdf_complete(const char *d, size_t len)
{
	size_t	 end = len;

	if (len < 16 || memcmp(d, "%PDF-", 5) != 0)
		return 0;
	while (end > 0 && (d[end - 1] == '\n' || d[end - 1] == '\r' ||
	    d[end - 1] == ' '))
		end--;
	return end >= 5 && memcmp(d + end - 5, "%%EOF", 5) == 0;
}

static double
now_s(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The quoted part of a log line: no quotes, no line breaks. */
static void
log_safe(char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '"' || (unsigned char)*s < 0x20)
			*s = '\'';
}

/* Ours, in a render process: milliseconds, no JVM; warnings
 * (unsupported FO) in the log. */
static enum ddd_err
render_native(struct pdf_renderer *r, const char *fo, size_t len,
    struct buf *pdf, enum ddd_err *cause)
{
	struct fo_limits lim = FO_LIMITS_DEFAULT;
	struct buf	 warnings;
	char		 why[512] = "";
	double		 t0 = now_s();
	enum ddd_err	 e;

	lim.max_seconds = r->cfg->pdf_timeout;
	buf_init(&warnings, RENDER_MAX_WARNINGS);
	/* A second over its own clock, so that its own limit's answer
	 * comes back before we give up on it. */
	e = render_call(r->pool.sock, fo, len, &lim, 0, r->cfg->pdf_timeout +
	    1.0, (size_t)r->cfg->pdf_max_bytes, pdf, &warnings, why,
	    sizeof(why));
	if (warnings.len > 0)
		log_warn("pdf_render_warnings", "renderer=native first=\"%.*s\"",
		    (int)strcspn(warnings.ptr, "\n\""), warnings.ptr);
	if (e == DDD_OK && !pdf_complete(pdf->ptr, pdf->len)) {
		snprintf(why, sizeof(why), "not a whole PDF (%zu bytes)",
		    pdf->len);
		e = DDD_ERR_RENDER;
	}
	if (e != DDD_OK) {
		log_safe(why);
		log_error("pdf_render", "renderer=native ms=%.0f error=%s "
		    "reason=\"%s\"", (now_s() - t0) * 1000, err_name(e), why);
		buf_reset(pdf);
		*cause = e;
		e = e == DDD_ERR_NOMEM ? e : DDD_ERR_RENDER;
	} else
		log_info("pdf_render", "renderer=native ms=%.0f fo_bytes=%zu "
		    "pdf_bytes=%zu", (now_s() - t0) * 1000, len, pdf->len);
	metrics_pdf(METRICS_NATIVE, e == DDD_OK, now_s() - t0);
	buf_free(&warnings);
	return e;
}

/* Apache FOP, in a process the render supervisor starts for it. */
static enum ddd_err
render_fop(struct pdf_renderer *r, const char *fo, size_t len,
    struct buf *pdf)
{
	struct fo_limits lim = FO_LIMITS_DEFAULT;
	struct buf	 reason;
	char		 why[512] = "";
	double		 t0 = now_s();
	enum ddd_err	 e;

	buf_init(&reason, RENDER_MAX_WARNINGS);
	/* The job kills FOP at pdf_timeout; a little longer here. */
	e = render_call(r->pool.fop_sock, fo, len, &lim, 0,
	    r->cfg->pdf_timeout + 5.0, (size_t)r->cfg->pdf_max_bytes, pdf,
	    &reason, why, sizeof(why));
	if (e == DDD_OK && !pdf_complete(pdf->ptr, pdf->len)) {
		snprintf(why, sizeof(why), "not a whole PDF (%zu bytes)",
		    pdf->len);
		e = DDD_ERR_RENDER;
	} else if (e != DDD_OK && reason.len > 0)
		snprintf(why, sizeof(why), "%s", reason.ptr);
	if (e != DDD_OK) {
		log_safe(why);
		log_error("pdf_render", "renderer=fop ms=%.0f error=\"%s\"",
		    (now_s() - t0) * 1000, why);
		buf_reset(pdf);
		e = DDD_ERR_RENDER;
	} else
		log_info("pdf_render", "renderer=fop ms=%.0f fo_bytes=%zu "
		    "pdf_bytes=%zu", (now_s() - t0) * 1000, len, pdf->len);
	metrics_pdf(METRICS_FOP, e == DDD_OK, now_s() - t0);
	buf_free(&reason);
	return e;
}

enum ddd_err
pdf_render(struct pdf_renderer *r, const char *fo, size_t len,
    struct buf *pdf)
{
	struct timespec	 until;
	enum ddd_err	 e = DDD_ERR_RENDER;

	buf_reset(pdf);
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += r->cfg->pdf_queue_wait;
	while (sem_clockwait(&r->slots, CLOCK_MONOTONIC, &until) == -1) {
		if (errno == EINTR)
			continue;
		log_warn("pdf_busy", "concurrency=%d waited=%d",
		    r->cfg->pdf_concurrency, r->cfg->pdf_queue_wait);
		return DDD_ERR_BUSY;
	}
	/* Ours first; FOP, the reference, when ours cannot (a document
	 * beyond what it supports, a limit, a render process that died)
	 * and FOP is there. */
	if (strcmp(r->cfg->pdf_renderer, "native") == 0) {
		enum ddd_err cause = DDD_OK;
		e = render_native(r, fo, len, pdf, &cause);
		/* A slow PDF rather than none, counted so that it shows. */
		if (e == DDD_ERR_RENDER && r->fop)
			metrics_count(MET_PDF_FALLBACK);
		if (e == DDD_ERR_RENDER && r->fop)
			log_warn("pdf_fallback", "from=native to=fop "
			    "reason=%s fallbacks=%lu", err_name(cause),
			    atomic_fetch_add(&fallbacks, 1) + 1);
	}
	if (e == DDD_ERR_RENDER && r->fop)
		e = render_fop(r, fo, len, pdf);
	sem_post(&r->slots);
	return e;
}
