#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fo.h"
#include "log.h"
#include "pdf.h"

#define FO_SUFFIX	".fo"
#define FOP_LOG_LINE	300	/* of FOP's output, in our log */

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

int
pdf_renderer_init(struct pdf_renderer *r, const struct config *cfg,
    struct buf *errs)
{
	memset(r, 0, sizeof(*r));
	r->cfg = cfg;
	if (access(cfg->fop, X_OK) == -1) {
		buf_printf(errs, "fop: cannot run %s: %s (apt-get install "
		    "fop)\n", cfg->fop, strerror(errno));
		return -1;
	}
	if (access(cfg->fop_config, R_OK) == -1) {
		buf_printf(errs, "fop_config: cannot read %s: %s\n",
		    cfg->fop_config, strerror(errno));
		return -1;
	}
	if ((size_t)snprintf(r->dir, sizeof(r->dir), "%s/ddd-pdf-XXXXXX",
	    cfg->pdf_tmp_dir) >= sizeof(r->dir) || mkdtemp(r->dir) == NULL) {
		buf_printf(errs, "pdf_tmp_dir: cannot make a directory in %s: "
		    "%s\n", cfg->pdf_tmp_dir, strerror(errno));
		r->dir[0] = '\0';
		return -1;
	}
	/* FOP reads its configuration as the worker's user, who may not
	 * reach the source tree: a copy in our folder, made now. */
	snprintf(r->conf, sizeof(r->conf), "%s/fop.xconf", r->dir);
	if (copy_file(cfg->fop_config, r->conf) == -1) {
		buf_printf(errs, "fop_config: cannot copy %s to %s: %s\n",
		    cfg->fop_config, r->conf, strerror(errno));
		rmdir(r->dir);
		r->dir[0] = '\0';
		return -1;
	}
	if (sem_init(&r->slots, 0, (unsigned)cfg->pdf_concurrency) == -1) {
		unlink(r->conf);
		buf_printf(errs, "pdf: sem_init: %s\n", strerror(errno));
		rmdir(r->dir);
		r->dir[0] = '\0';
		return -1;
	}
	return 0;
}

void
pdf_renderer_free(struct pdf_renderer *r)
{
	if (r->dir[0] == '\0')
		return;
	sem_destroy(&r->slots);
	unlink(r->conf);
	{
		/* FOP's font cache, if it made one (user.home is ours). */
		char path[sizeof(r->dir) + 32];
		snprintf(path, sizeof(path), "%s/.fop/fop-fonts.cache", r->dir);
		unlink(path);
		snprintf(path, sizeof(path), "%s/.fop", r->dir);
		rmdir(path);
	}
	if (rmdir(r->dir) == -1)
		log_warn("pdf_dir", "dir=%s error=\"%s\"", r->dir,
		    strerror(errno));
	r->dir[0] = '\0';
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

/* The file at path into out, at most max bytes; -1 when it is missing,
 * unreadable or larger. */
static int
read_file(const char *path, size_t max, struct buf *out)
{
	char	 chunk[65536];
	ssize_t	 n;
	int	 fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	for (;;) {
		if ((n = read(fd, chunk, sizeof(chunk))) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (n == 0) {
			rc = 0;
			break;
		}
		if (out->len + (size_t)n > max ||
		    buf_add(out, chunk, (size_t)n) != DDD_OK)
			break;
	}
	close(fd);
	return rc;
}

/* FOP's most telling line for the log: the first SEVERE/ERROR one, else
 * the last line; quotes and controls made safe. */
static void
fop_reason(const char *logpath, char *why, size_t size)
{
	struct buf	 b;
	const char	*p, *line = NULL, *nl;
	size_t		 n, i;

	snprintf(why, size, "no output");
	buf_init(&b, 64 * 1024);
	if (read_file(logpath, 64 * 1024, &b) == -1 && b.len == 0) {
		buf_free(&b);
		return;
	}
	for (p = b.ptr; p != NULL && *p != '\0'; p = nl ? nl + 1 : NULL) {
		int severe;
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (strncmp(p, "[warning] /usr/bin/fop", 22) == 0 ||
		    strncmp(p, "[INFO]", 6) == 0 || n == 0)
			continue;
		severe = strncmp(p, "SEVERE", 6) == 0 ||
		    strncmp(p, "[ERROR]", 7) == 0;
		if (line == NULL || severe || memmem(p, n, "Exception", 9))
			line = p;
		if (severe)
			break;
	}
	if (line != NULL) {
		n = strcspn(line, "\n");
		if (n >= size)
			n = size - 1;
		for (i = 0; i < n; i++)
			why[i] = (line[i] == '"' || (unsigned char)line[i] <
			    0x20) ? '\'' : line[i];
		why[n] = '\0';
	}
	buf_free(&b);
}

static double
now_s(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run fop on in -> out with its output in logpath; 0 when it exited 0
 * in time, -1 (why filled) otherwise. */
static int
run_fop(const struct pdf_renderer *r, const char *in, const char *out,
    const char *logpath, char *why, size_t whysize)
{
	char		 home[sizeof(r->dir) + 8];
	char		 java[sizeof(r->dir) + 96];
	char		*argv[] = { (char *)r->cfg->fop, "-q", "-c",
	    (char *)r->conf, "-fo", (char *)in, "-pdf", (char *)out, NULL };
	char		*envp[5];
	posix_spawnattr_t attr;
	posix_spawn_file_actions_t fa;
	sigset_t	 none, deflt;
	pid_t		 pid, w;
	siginfo_t	 si;
	int		 status = 0, rc, timed_out = 0;
	double		 deadline;
	struct timespec	 nap = { 0, 10 * 1000 * 1000 };

	/* Debian's fop script passes JAVA_ARGS to java: a heap bound, and
	 * user.home (where FOP keeps a font cache) in our directory, since
	 * java takes it from the passwd entry, not $HOME. */
	snprintf(home, sizeof(home), "HOME=%s", r->dir);
	snprintf(java, sizeof(java), "JAVA_ARGS=-Xmx512m "
	    "-Djava.awt.headless=true -Duser.home=%s", r->dir);
	envp[0] = home;
	envp[1] = (char *)"PATH=/usr/bin:/bin";
	envp[2] = (char *)"LANG=C.UTF-8";
	envp[3] = java;
	envp[4] = NULL;

	if (posix_spawnattr_init(&attr) != 0)
		goto nomem;
	if (posix_spawn_file_actions_init(&fa) != 0) {
		posix_spawnattr_destroy(&attr);
		goto nomem;
	}
	sigemptyset(&none);
	sigfillset(&deflt);
	/* The worker's threads block every signal; FOP must not inherit
	 * that, and must be killable as a group (fop is a shell script
	 * that starts java).  Not the FastCGI socket, nor the database
	 * connections: every descriptor from 3 up is closed. */
	rc = posix_spawnattr_setsigmask(&attr, &none) |
	    posix_spawnattr_setsigdefault(&attr, &deflt) |
	    posix_spawnattr_setpgroup(&attr, 0) |
	    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
	    POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP) |
	    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY,
	    0) |
	    posix_spawn_file_actions_addopen(&fa, 1, logpath,
	    O_WRONLY | O_CREAT | O_TRUNC, 0600) |
	    posix_spawn_file_actions_adddup2(&fa, 1, 2) |
	    posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	if (rc == 0)
		rc = posix_spawn(&pid, r->cfg->fop, &fa, &attr, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (rc != 0) {
		snprintf(why, whysize, "cannot start %.200s: %s", r->cfg->fop,
		    strerror(rc));
		return -1;
	}
	deadline = now_s() + r->cfg->pdf_timeout;
	/* Wait without reaping (WNOWAIT): while the leader is a zombie the
	 * group id cannot be reused, so killing the group below can only
	 * hit what this render left behind. */
	for (;;) {
		memset(&si, 0, sizeof(si));
		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG |
		    WNOWAIT) == -1 && errno != EINTR) {
			snprintf(why, whysize, "waitid: %s", strerror(errno));
			timed_out = -1;
			break;
		}
		if (si.si_pid == pid)
			break;
		if (now_s() > deadline) {
			timed_out = 1;
			break;
		}
		nanosleep(&nap, NULL);
	}
	kill(-pid, SIGKILL);
	while ((w = waitpid(pid, &status, 0)) == -1 && errno == EINTR)
		;
	if (timed_out == 1)
		snprintf(why, whysize, "timed out after %d s",
		    r->cfg->pdf_timeout);
	if (timed_out != 0 || w != pid)
		return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fop_reason(logpath, why, whysize);
		if (WIFSIGNALED(status)) {
			size_t l = strlen(why);
			snprintf(why + l, whysize - l, " (signal %d)",
			    WTERMSIG(status));
		}
		return -1;
	}
	return 0;
nomem:
	snprintf(why, whysize, "posix_spawn set-up failed");
	return -1;
}

/* In process with fcgi/fo.c: milliseconds, no JVM; the same limits on
 * size and time, warnings (unsupported FO) in the log. */
static enum ddd_err
render_native(struct pdf_renderer *r, const char *fo, size_t len,
    struct buf *pdf, enum ddd_err *why)
{
	struct fo_limits lim = FO_LIMITS_DEFAULT;
	struct buf	 warnings;
	double		 t0 = now_s();
	enum ddd_err	 e;

	lim.max_seconds = r->cfg->pdf_timeout;
	buf_init(&warnings, 16 * 1024);
	e = fo_render(fo, len, &lim, 0, pdf, &warnings);
	if (warnings.len > 0)
		log_warn("pdf_render_warnings", "renderer=native first=\"%.*s\"",
		    (int)strcspn(warnings.ptr, "\n\""), warnings.ptr);
	if (e == DDD_OK && !pdf_complete(pdf->ptr, pdf->len))
		e = DDD_ERR_RENDER;
	*why = e;
	if (e != DDD_OK) {
		log_error("pdf_render", "renderer=native error=%s",
		    err_name(e));
		buf_reset(pdf);
		e = e == DDD_ERR_NOMEM ? e : DDD_ERR_RENDER;
	} else
		log_info("pdf_render", "renderer=native ms=%.0f fo_bytes=%zu "
		    "pdf_bytes=%zu", (now_s() - t0) * 1000, len, pdf->len);
	buf_free(&warnings);
	return e;
}

enum ddd_err
pdf_render(struct pdf_renderer *r, const char *fo, size_t len,
    struct buf *pdf)
{
	char		 in[sizeof(r->dir) + 32], out[sizeof(in)],
			 logpath[sizeof(in)], why[FOP_LOG_LINE];
	struct timespec	 until;
	double		 t0;
	size_t		 stem;
	int		 fd = -1;
	enum ddd_err	 e = DDD_ERR_RENDER, native_err;

	buf_reset(pdf);
	/* Ours first; FOP, the reference, when ours cannot (a document
	 * beyond what it supports, or a limit): a slow PDF rather than
	 * none, counted so that it shows. */
	if (strcmp(r->cfg->pdf_renderer, "native") == 0) {
		if ((e = render_native(r, fo, len, pdf, &native_err)) !=
		    DDD_ERR_RENDER)
			return e;
		log_warn("pdf_fallback", "from=native to=fop reason=%s "
		    "fallbacks=%lu", err_name(native_err),
		    atomic_fetch_add(&fallbacks, 1) + 1);
	}
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += r->cfg->pdf_queue_wait;
	while (sem_clockwait(&r->slots, CLOCK_MONOTONIC, &until) == -1) {
		if (errno == EINTR)
			continue;
		log_warn("pdf_busy", "concurrency=%d waited=%d",
		    r->cfg->pdf_concurrency, r->cfg->pdf_queue_wait);
		return DDD_ERR_BUSY;
	}
	t0 = now_s();
	snprintf(in, sizeof(in), "%s/render-XXXXXX" FO_SUFFIX, r->dir);
	if ((fd = mkostemps(in, (int)strlen(FO_SUFFIX), O_CLOEXEC)) == -1) {
		log_error("pdf_render", "error=\"mkostemps: %s\"",
		    strerror(errno));
		goto out;
	}
	stem = strlen(in) - strlen(FO_SUFFIX);
	snprintf(out, sizeof(out), "%.*s.pdf", (int)stem, in);
	snprintf(logpath, sizeof(logpath), "%.*s.log", (int)stem, in);
	if (write_all(fd, fo, len) == -1) {
		log_error("pdf_render", "error=\"write: %s\"", strerror(errno));
		goto out_files;
	}
	close(fd);
	fd = -1;
	if (run_fop(r, in, out, logpath, why, sizeof(why)) == -1) {
		log_error("pdf_render", "renderer=fop ms=%.0f error=\"%s\"",
		    (now_s() - t0) * 1000, why);
		goto out_files;
	}
	if (read_file(out, (size_t)r->cfg->pdf_max_bytes, pdf) == -1) {
		log_error("pdf_render", "renderer=fop error=\"the PDF is "
		    "missing or larger than %d bytes\"", r->cfg->pdf_max_bytes);
		buf_reset(pdf);
		goto out_files;
	}
	if (!pdf_complete(pdf->ptr, pdf->len)) {
		log_error("pdf_render", "renderer=fop error=\"not a whole "
		    "PDF (%zu bytes)\"", pdf->len);
		buf_reset(pdf);
		goto out_files;
	}
	log_info("pdf_render", "renderer=fop ms=%.0f fo_bytes=%zu "
	    "pdf_bytes=%zu", (now_s() - t0) * 1000, len, pdf->len);
	e = DDD_OK;
out_files:
	unlink(in);
	unlink(out);
	unlink(logpath);
out:
	if (fd != -1)
		close(fd);
	sem_post(&r->slots);
	return e;
}
