/* ddd-render: the render processes (see fcgi/render.h).
 *
 * Started by ddd-worker (fork + exec, before it reads its master key) with
 * the settings on the command line, never the configuration file (it
 * holds the database password).  The supervisor drops to the worker's
 * user, loads the fonts once (one small render), listens on render.sock
 * in the worker's private folder and forks the render children, which
 * inherit the loaded fonts.  Each child takes on resource limits and a
 * seccomp filter, then serves one connection at a time.  The supervisor
 * restarts a child that dies, kills one that renders past its time, runs
 * FOP jobs (fop.sock) in processes of their own, and stops everything
 * when the worker goes (its end of the lifeline, fd 3, closes). */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#include "fo.h"
#include "log.h"
#include "pdf.h"
#include "privdrop.h"
#include "render.h"
#include "sandbox.h"

#define LIFELINE	3
#define MAX_PROCESSES	64
#define JOBS_PER_CHILD	1000	/* then a fresh copy of the warm parent */
#define FOP_LOG_LINE	300
#define FO_SUFFIX	".fo"

/* One per render child, shared with the supervisor (MAP_SHARED). */
struct slot {
	volatile pid_t		pid;
	volatile long long	busy_since_ms;	/* 0: waiting for work */
};

static struct {
	const char	*dir;
	int		 nproc;
	int		 timeout;	/* seconds of one render */
	int		 cpu;		/* CPU seconds of one render */
	size_t		 max_pdf;
	const char	*user;
	int		 seccomp;
	const char	*fop;
} o;

static struct slot	*slots;
static int		 listen_fd = -1, fop_fd = -1, sig_fd = -1;
static pid_t		 supervisor;

static long long
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
usage(void)
{
	fprintf(stderr, "usage: ddd-render -d dir -n processes -t seconds "
	    "-c cpu-seconds -m max-pdf [-u user] [-S] [-F]\n"
	    "(started by ddd-worker; fd 3 is its lifeline)\n");
	exit(2);
}

static int
write_all(int fd, const void *data, size_t len)
{
	const char	*p = data;
	ssize_t		 n;

	while (len > 0) {
		if ((n = send(fd, p, len, MSG_NOSIGNAL)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
read_all(int fd, void *data, size_t len)
{
	char	*p = data;
	ssize_t	 n;

	while (len > 0) {
		if ((n = recv(fd, p, len, 0)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* A request's header and FO; -1 (logged) when it is not one of ours. */
static int
read_request(int fd, struct render_req *req, struct buf *fo, size_t cap)
{
	char	 chunk[65536];
	size_t	 left;

	if (read_all(fd, req, sizeof(*req)) == -1)
		return -1;
	if (req->magic != RENDER_REQ_MAGIC || req->version !=
	    RENDER_VERSION || req->fo_len > cap) {
		log_warn("render_request", "error=\"not a request of ours or "
		    "too large\" bytes=%llu", (unsigned long long)req->fo_len);
		return -1;
	}
	for (left = (size_t)req->fo_len; left > 0;) {
		size_t want = left < sizeof(chunk) ? left : sizeof(chunk);
		if (read_all(fd, chunk, want) == -1 ||
		    buf_add(fo, chunk, want) != DDD_OK)
			return -1;
		left -= want;
	}
	return 0;
}

static int
answer(int fd, enum ddd_err e, const struct buf *warnings,
    const struct buf *pdf)
{
	struct render_ans ans;
	size_t		 wl = warnings->len;

	if (wl > RENDER_MAX_WARNINGS)
		wl = RENDER_MAX_WARNINGS;
	memset(&ans, 0, sizeof(ans));
	ans.magic = RENDER_ANS_MAGIC;
	ans.version = RENDER_VERSION;
	ans.status = (uint32_t)e;
	ans.warnings_len = (uint32_t)wl;
	ans.pdf_len = e == DDD_OK ? pdf->len : 0;
	if (write_all(fd, &ans, sizeof(ans)) == -1 ||
	    (wl > 0 && write_all(fd, warnings->ptr, wl) == -1) ||
	    (ans.pdf_len > 0 && write_all(fd, pdf->ptr, pdf->len) == -1))
		return -1;
	return 0;
}

static void
set_timeouts(int fd, int seconds)
{
	struct timeval	 tv = { seconds, 0 };

	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

/* --- a render child --------------------------------------------------------- */

static void
serve(int fd, struct slot *me)
{
	struct fo_limits lim = FO_LIMITS_DEFAULT;
	struct render_req req;
	struct buf	 fo, pdf, warnings;
	enum ddd_err	 e;

	buf_init(&fo, lim.max_input);
	buf_init(&pdf, o.max_pdf);
	buf_init(&warnings, RENDER_MAX_WARNINGS);
	set_timeouts(fd, o.timeout);
	if (read_request(fd, &req, &fo, lim.max_input) == -1)
		goto out;
	/* The worker may ask for less, never for more. */
	lim.max_seconds = o.timeout;
	if (req.max_pages > 0 && (int)req.max_pages < lim.max_pages)
		lim.max_pages = (int)req.max_pages;
	if (req.max_ms > 0 && req.max_ms / 1000.0 < lim.max_seconds)
		lim.max_seconds = req.max_ms / 1000.0;
	if (req.max_memory > 0 && req.max_memory < lim.max_memory)
		lim.max_memory = (size_t)req.max_memory;
	me->busy_since_ms = now_ms();
	(void)sandbox_cpu_budget(o.cpu);
	e = fo_render(fo.ptr != NULL ? fo.ptr : "", fo.len, &lim,
	    (req.flags & RENDER_FLAG_STRICT) != 0, &pdf, &warnings);
	me->busy_since_ms = 0;
	if (e != DDD_OK)
		buf_reset(&pdf);
	(void)answer(fd, e, &warnings, &pdf);
out:
	buf_free(&fo);
	buf_free(&pdf);
	buf_free(&warnings);
}

/* The address space a child may have: what the warm parent has mapped,
 * twice what fo_render may count (the PDF surface holds a copy of the
 * images) and room for Pango's short-lived threads and their stacks. */
static size_t
address_space(void)
{
	FILE	*f;
	char	 line[256];
	size_t	 vm = 0;
	struct fo_limits lim = FO_LIMITS_DEFAULT;

	if ((f = fopen("/proc/self/status", "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "VmSize:", 7) == 0)
			vm = (size_t)strtoull(line + 7, NULL, 10) * 1024;
	fclose(f);
	if (vm == 0)
		return 0;
	return vm + 2 * lim.max_memory + o.max_pdf + 256u * 1024 * 1024;
}

static void
child_main(struct slot *me, size_t as_bytes)
{
	struct buf	 errs;
	sigset_t	 none;
	int		 jobs, fd;

	/* Not past the supervisor: when it goes, so do we. */
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (getppid() != supervisor)
		_exit(0);
	close(LIFELINE);
	if (sig_fd != -1)
		close(sig_fd);
	if (fop_fd != -1)
		close(fop_fd);
	signal(SIGTERM, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	buf_init(&errs, 1024);
#if defined(__SANITIZE_ADDRESS__)
	as_bytes = 0;	/* ASan's shadow memory is terabytes of it */
#endif
	if (sandbox_render_limits(as_bytes, &errs) == -1 ||
	    (o.seccomp && sandbox_apply(SANDBOX_RENDER, "ddd-render", -1,
	    &errs)
	    == -1)) {
		log_error("render_child", "error=\"%.*s\"",
		    (int)strcspn(errs.ptr ? errs.ptr : "", "\n"),
		    errs.ptr ? errs.ptr : "");
		_exit(1);
	}
	buf_free(&errs);
	for (jobs = 0; jobs < JOBS_PER_CHILD; jobs++) {
		if ((fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC)) == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			log_error("render_child", "error=\"accept: %s\"",
			    strerror(errno));
			_exit(1);
		}
		serve(fd, me);
		close(fd);
	}
	_exit(0);
}

static void
spawn_child(int i, size_t as_bytes)
{
	pid_t	 pid;

	slots[i].busy_since_ms = 0;
	if ((pid = fork()) == -1) {
		log_error("render_fork", "slot=%d error=\"%s\"", i,
		    strerror(errno));
		slots[i].pid = 0;
		return;
	}
	if (pid == 0)
		child_main(&slots[i], as_bytes);
	slots[i].pid = pid;
}

/* --- FOP, in a process of its own per render --------------------------------- */

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

/* Run fop on in -> out with its output in logpath; 0 when it exited 0
 * in time, -1 (why filled) otherwise. */
static int
run_fop(const char *in, const char *out, const char *logpath, char *why,
    size_t whysize)
{
	char		 conf[CONFIG_MAX_VALUE + 48];
	char		 home[CONFIG_MAX_VALUE + 8];
	char		 java[CONFIG_MAX_VALUE + 96];
	char		*argv[] = { (char *)o.fop, "-q", "-c", conf, "-fo",
	    (char *)in, "-pdf", (char *)out, NULL };
	char		*envp[5];
	posix_spawnattr_t attr;
	posix_spawn_file_actions_t fa;
	sigset_t	 none, deflt;
	pid_t		 pid, w;
	siginfo_t	 si;
	int		 status = 0, rc, timed_out = 0;
	long long	 deadline;
	struct timespec	 nap = { 0, 10 * 1000 * 1000 };

	snprintf(conf, sizeof(conf), "%s/" PDF_FOP_CONFIG, o.dir);
	/* Debian's fop script passes JAVA_ARGS to java: a heap bound, and
	 * user.home (where FOP keeps a font cache) in our directory, since
	 * java takes it from the passwd entry, not $HOME. */
	snprintf(home, sizeof(home), "HOME=%s", o.dir);
	snprintf(java, sizeof(java), "JAVA_ARGS=-Xmx512m "
	    "-Djava.awt.headless=true -Duser.home=%s", o.dir);
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
	/* FOP must be killable as a group (fop is a shell script that
	 * starts java); nothing of ours but its files is passed on. */
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
		rc = posix_spawn(&pid, o.fop, &fa, &attr, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (rc != 0) {
		snprintf(why, whysize, "cannot start %.200s: %s", o.fop,
		    strerror(rc));
		return -1;
	}
	deadline = now_ms() + (long long)o.timeout * 1000;
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
		if (now_ms() > deadline) {
			timed_out = 1;
			break;
		}
		nanosleep(&nap, NULL);
	}
	kill(-pid, SIGKILL);
	while ((w = waitpid(pid, &status, 0)) == -1 && errno == EINTR)
		;
	if (timed_out == 1)
		snprintf(why, whysize, "timed out after %d s", o.timeout);
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

/* One FOP render for the connection fd: FO to a file in our folder, fop,
 * the PDF back (or FOP's reason as the warning). */
static void
fop_job(int fd)
{
	struct render_req req;
	struct buf	 fo, pdf, why;
	char		 in[CONFIG_MAX_VALUE + 32], out[sizeof(in)],
			 logpath[sizeof(in)], reason[FOP_LOG_LINE];
	size_t		 stem;
	int		 tmp = -1;
	enum ddd_err	 e = DDD_ERR_RENDER;
	struct fo_limits lim = FO_LIMITS_DEFAULT;

	buf_init(&fo, lim.max_input);
	buf_init(&pdf, o.max_pdf);
	buf_init(&why, FOP_LOG_LINE + 1);
	set_timeouts(fd, o.timeout + 5);
	if (read_request(fd, &req, &fo, lim.max_input) == -1)
		goto out;
	snprintf(in, sizeof(in), "%s/render-XXXXXX" FO_SUFFIX, o.dir);
	if ((tmp = mkostemps(in, (int)strlen(FO_SUFFIX), O_CLOEXEC)) == -1) {
		buf_printf(&why, "mkostemps: %s", strerror(errno));
		goto reply;
	}
	stem = strlen(in) - strlen(FO_SUFFIX);
	snprintf(out, sizeof(out), "%.*s.pdf", (int)stem, in);
	snprintf(logpath, sizeof(logpath), "%.*s.log", (int)stem, in);
	if (fo.len > 0 && write(tmp, fo.ptr, fo.len) != (ssize_t)fo.len) {
		buf_printf(&why, "write: %s", strerror(errno));
		goto files;
	}
	close(tmp);
	tmp = -1;
	if (run_fop(in, out, logpath, reason, sizeof(reason)) == -1)
		buf_printf(&why, "%s", reason);
	else if (read_file(out, o.max_pdf, &pdf) == -1) {
		buf_printf(&why, "the PDF is missing or larger than %zu bytes",
		    o.max_pdf);
		buf_reset(&pdf);
	} else
		e = DDD_OK;
files:
	unlink(in);
	unlink(out);
	unlink(logpath);
reply:
	if (e != DDD_OK)
		buf_reset(&pdf);
	(void)answer(fd, e, &why, &pdf);
out:
	if (tmp != -1)
		close(tmp);
	buf_free(&fo);
	buf_free(&pdf);
	buf_free(&why);
}

static void
start_fop_job(void)
{
	pid_t	 pid;
	int	 fd;
	sigset_t none;

	if ((fd = accept4(fop_fd, NULL, NULL, SOCK_CLOEXEC)) == -1)
		return;
	if ((pid = fork()) == -1) {
		log_error("render_fop", "error=\"fork: %s\"", strerror(errno));
		close(fd);
		return;
	}
	if (pid == 0) {
		(void)prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		close(LIFELINE);
		close(sig_fd);
		close(fop_fd);
		if (listen_fd != -1)
			close(listen_fd);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		fop_job(fd);
		_exit(0);
	}
	close(fd);
}

/* --- the supervisor ----------------------------------------------------------- */

static int
listen_on(const char *name, struct buf *errs)
{
	struct sockaddr_un sun;
	int		 fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if ((size_t)snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/%s",
	    o.dir, name) >= sizeof(sun.sun_path)) {
		buf_printf(errs, "socket path %s/%s is too long", o.dir, name);
		return -1;
	}
	unlink(sun.sun_path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    chmod(sun.sun_path, 0600) == -1 || listen(fd, 64) == -1) {
		buf_printf(errs, "%s: %s", sun.sun_path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	return fd;
}

/* The fonts, loaded once here and inherited by every child: the families
 * and scripts of our dossiers, bold, and an SVG image (librsvg). */
static int
warm_up(struct buf *errs)
{
	static const char warm[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<fo:root xmlns:fo=\"http://www.w3.org/1999/XSL/Format\" "
	    "font-family=\"DejaVu Sans, WenQuanYi Zen Hei\">"
	    "<fo:layout-master-set><fo:simple-page-master master-name=\"p\" "
	    "page-height=\"297mm\" page-width=\"210mm\" margin=\"20mm\">"
	    "<fo:region-body/></fo:simple-page-master></fo:layout-master-set>"
	    "<fo:page-sequence master-reference=\"p\">"
	    "<fo:flow flow-name=\"xsl-region-body\">"
	    "<fo:block font-weight=\"bold\">Doorstroomdossier \xc3\x87"
	    "a\xc4\x9f" "la</fo:block>"
	    "<fo:block font-style=\"italic\">\xd9\x85\xd8\xad\xd9\x85\xd8\xaf "
	    "\xe7\x8e\x8b</fo:block>"
	    "<fo:block><fo:external-graphic content-width=\"5mm\" "
	    "src=\"url('data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3"
	    "dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9IjAgMCAxMCAxMCI+PHJlY3Qgd2lk"
	    "dGg9IjEwIiBoZWlnaHQ9IjEwIi8+PC9zdmc+')\"/></fo:block>"
	    "</fo:flow></fo:page-sequence></fo:root>\n";
	struct fo_limits lim = FO_LIMITS_DEFAULT;
	struct buf	 pdf, warnings;
	enum ddd_err	 e;

	buf_init(&pdf, 16 * 1024 * 1024);
	buf_init(&warnings, 16 * 1024);
	e = fo_render(warm, sizeof(warm) - 1, &lim, 0, &pdf, &warnings);
	if (e != DDD_OK)
		buf_printf(errs, "the warm-up render failed: %s %.*s",
		    err_name(e), (int)strcspn(warnings.ptr ? warnings.ptr : "",
		    "\n"), warnings.ptr ? warnings.ptr : "");
	buf_free(&pdf);
	buf_free(&warnings);
	return e == DDD_OK ? 0 : -1;
}

/* Pango's font threads end soon after a render; fork only once none is
 * left (a child gets the forking thread only, and their locks). */
static void
wait_single_threaded(void)
{
	int	 i, n;

	for (i = 0; i < 200; i++) {
		DIR *d = opendir("/proc/self/task");
		struct dirent *de;
		struct timespec nap = { 0, 5 * 1000 * 1000 };
		n = 0;
		if (d == NULL)
			return;
		while ((de = readdir(d)) != NULL)
			if (de->d_name[0] != '.')
				n++;
		closedir(d);
		if (n <= 1)
			return;
		nanosleep(&nap, NULL);
	}
	log_warn("render_threads", "threads=%d error=\"forking with threads "
	    "still running\"", n);
}

static void
remove_files(void)
{
	char	 path[CONFIG_MAX_VALUE + 64];

	snprintf(path, sizeof(path), "%s/" RENDER_SOCKET, o.dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/" RENDER_FOP_SOCKET, o.dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/" PDF_FOP_CONFIG, o.dir);
	unlink(path);
	/* FOP's font cache, if it made one (user.home is ours). */
	snprintf(path, sizeof(path), "%s/.fop/fop-fonts.cache", o.dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/.fop", o.dir);
	rmdir(path);
	if (rmdir(o.dir) == -1 && errno != ENOENT)
		log_warn("render_dir", "dir=%s error=\"%s\"", o.dir,
		    strerror(errno));
}

static int
slot_of(pid_t pid)
{
	int	 i;

	for (i = 0; i < o.nproc; i++)
		if (slots[i].pid == pid)
			return i;
	return -1;
}

int
main(int argc, char *argv[])
{
	struct passwd	 pw;
	struct buf	 errs;
	sigset_t	 sigs;
	size_t		 as_bytes;
	pid_t		 parent = getppid();
	long long	 spawned_ms[MAX_PROCESSES] = { 0 };
	int		 ch, i, stop = 0, rc = 1;

	log_init("ddd-render");
	memset(&o, 0, sizeof(o));
	o.seccomp = 1;
	o.nproc = -1;
	while ((ch = getopt(argc, argv, "d:n:t:c:m:u:SF")) != -1) {
		switch (ch) {
		case 'd': o.dir = optarg; break;
		case 'n': o.nproc = atoi(optarg); break;
		case 't': o.timeout = atoi(optarg); break;
		case 'c': o.cpu = atoi(optarg); break;
		case 'm': o.max_pdf = (size_t)atol(optarg); break;
		case 'u': o.user = optarg; break;
		case 'S': o.seccomp = 0; break;
		case 'F':
			/* FOP jobs; its path in the environment. */
			if ((o.fop = getenv(RENDER_FOP_ENV)) == NULL ||
			    o.fop[0] != '/')
				usage();
			break;
		default: usage();
		}
	}
	if (optind != argc || o.dir == NULL || o.nproc < 0 || o.nproc >
	    MAX_PROCESSES || o.timeout < 1 || o.cpu < 1 || o.max_pdf == 0 ||
	    fcntl(LIFELINE, F_GETFD) == -1)
		usage();
	buf_init(&errs, 4096);
	signal(SIGPIPE, SIG_IGN);
	/* One render at a time per process: few malloc arenas (each
	 * reserves 64 MB of the address space the limit counts). */
	mallopt(M_ARENA_MAX, 2);
	if (geteuid() == 0) {
		if (priv_user("ddd-render", o.user != NULL ? o.user : "", &pw,
		    &errs) == -1 || priv_drop("ddd-render", &pw) == -1)
			goto fail;
	}
	/* Changing user cleared it: from here, gone with the worker. */
	(void)prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
	if (getppid() != parent)
		goto out;
	supervisor = getpid();
	if (o.nproc > 0) {
		if (warm_up(&errs) == -1)
			goto fail;
		wait_single_threaded();
		if ((listen_fd = listen_on(RENDER_SOCKET, &errs)) == -1)
			goto fail;
	}
	if (o.fop != NULL && (fop_fd = listen_on(RENDER_FOP_SOCKET, &errs)) ==
	    -1)
		goto fail;
	slots = mmap(NULL, sizeof(*slots) * MAX_PROCESSES, PROT_READ |
	    PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (slots == MAP_FAILED) {
		buf_printf(&errs, "mmap: %s", strerror(errno));
		goto fail;
	}
	memset(slots, 0, sizeof(*slots) * MAX_PROCESSES);
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGCHLD);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGHUP);
	sigprocmask(SIG_BLOCK, &sigs, NULL);
	if ((sig_fd = signalfd(-1, &sigs, SFD_CLOEXEC | SFD_NONBLOCK)) ==
	    -1) {
		buf_printf(&errs, "signalfd: %s", strerror(errno));
		goto fail;
	}
	as_bytes = address_space();
	for (i = 0; i < o.nproc; i++) {
		spawned_ms[i] = now_ms();
		spawn_child(i, as_bytes);
	}
	log_info("render_start", "processes=%d fop=%s seccomp=%s "
	    "address_space_mb=%zu cpu_seconds=%d timeout=%d", o.nproc,
	    o.fop != NULL ? "yes" : "no", o.seccomp ? "on" : "off",
	    as_bytes / (1024 * 1024), o.cpu, o.timeout);
	if (write_all(LIFELINE, "ready\n", 6) == -1)
		goto out;

	while (!stop) {
		struct pollfd pfd[3] = { { LIFELINE, POLLIN, 0 },
		    { sig_fd, POLLIN, 0 }, { fop_fd, POLLIN, 0 } };
		long long now;
		int n = poll(pfd, fop_fd != -1 ? 3 : 2, 250);

		if (n == -1 && errno != EINTR)
			break;
		if (pfd[0].revents != 0)
			stop = 1;	/* the worker is gone (EOF or hang-up) */
		if (pfd[1].revents & POLLIN) {
			struct signalfd_siginfo si;
			while (read(sig_fd, &si, sizeof(si)) == sizeof(si))
				if (si.ssi_signo != SIGCHLD)
					stop = 1;
		}
		if (fop_fd != -1 && (pfd[2].revents & POLLIN) && !stop)
			start_fop_job();
		/* Reap: a render child that ended is replaced. */
		for (;;) {
			int status, k;
			pid_t pid = waitpid(-1, &status, WNOHANG);
			if (pid <= 0)
				break;
			if ((k = slot_of(pid)) == -1)
				continue;	/* a FOP job */
			slots[k].pid = 0;
			if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
				log_info("render_recycled", "slot=%d pid=%d",
				    k, (int)pid);
			else {
				log_error("render_child_died", "slot=%d pid=%d "
				    "%s=%d", k, (int)pid, WIFSIGNALED(status) ?
				    "signal" : "status", WIFSIGNALED(status) ?
				    WTERMSIG(status) : WEXITSTATUS(status));
			}
		}
		now = now_ms();
		for (i = 0; i < o.nproc && !stop; i++) {
			long long since = slots[i].busy_since_ms;
			if (slots[i].pid > 0 && since > 0 && now - since >
			    (long long)o.timeout * 1000 + 1500) {
				/* Past its time (a stall its own clock does
				 * not see): the worker gave up already. */
				log_error("render_timeout", "slot=%d pid=%d "
				    "ms=%lld", i, (int)slots[i].pid,
				    now - since);
				kill(slots[i].pid, SIGKILL);
				slots[i].busy_since_ms = 0;
			}
			/* At most one new child a second per slot: a
			 * child that dies at once is no loop of forks. */
			if (slots[i].pid == 0 && now - spawned_ms[i] >= 1000) {
				spawned_ms[i] = now;
				spawn_child(i, as_bytes);
			}
		}
	}
	rc = 0;
	goto out;
fail:
	log_error("render_start", "error=\"%.*s\"", (int)strcspn(errs.ptr ?
	    errs.ptr : "", "\n"), errs.ptr ? errs.ptr : "");
	(void)!write(LIFELINE, "error\n", 6);
out:
	for (i = 0; slots != NULL && slots != MAP_FAILED && i < o.nproc; i++)
		if (slots[i].pid > 0)
			kill(slots[i].pid, SIGKILL);
	for (i = 0; slots != NULL && slots != MAP_FAILED && i < o.nproc; i++)
		if (slots[i].pid > 0)
			(void)waitpid(slots[i].pid, NULL, 0);
	if (listen_fd != -1)
		close(listen_fd);
	if (fop_fd != -1)
		close(fop_fd);
	remove_files();
	if (rc == 0)
		log_info("render_stop", "processes=%d", o.nproc);
	buf_free(&errs);
	return rc;
}
