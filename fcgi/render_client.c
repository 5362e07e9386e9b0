/* The worker's side of the render processes (fcgi/render.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "render.h"

#define START_WAIT	30.0	/* seconds for ddd-render to listen */

static double
now_s(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
render_program(const struct config *cfg, char *path, size_t size,
    struct buf *errs)
{
	char	 self[PATH_MAX];
	ssize_t	 n;
	char	*slash;

	if (cfg->render_program[0] != '\0')
		snprintf(path, size, "%s", cfg->render_program);
	else {
		/* Installed or built side by side with ddd-worker. */
		if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) ==
		    -1) {
			buf_printf(errs, "render_program: cannot find this "
			    "program: %s\n", strerror(errno));
			return -1;
		}
		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL)
			*slash = '\0';
		if ((size_t)snprintf(path, size, "%s/ddd-render", self) >=
		    size) {
			buf_printf(errs, "render_program: path too long\n");
			return -1;
		}
	}
	if (access(path, X_OK) == -1) {
		buf_printf(errs, "render_program: cannot run %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

int
render_pool_start(struct render_pool *p, const struct config *cfg,
    const char *dir, const char *user, int fop, struct buf *errs)
{
	char		 prog[PATH_MAX], nproc[16], timeout[16], cpu[16],
			 maxpdf[24], line[512];
	char		*argv[24];
	int		 sv[2], argc = 0, status;
	size_t		 got = 0;
	double		 deadline;
	ssize_t		 n;

	memset(p, 0, sizeof(*p));
	p->lifeline = -1;
	if (render_program(cfg, prog, sizeof(prog), errs) == -1)
		return -1;
	snprintf(p->sock, sizeof(p->sock), "%s/" RENDER_SOCKET, dir);
	if (fop)
		snprintf(p->fop_sock, sizeof(p->fop_sock), "%s/"
		    RENDER_FOP_SOCKET, dir);
	snprintf(nproc, sizeof(nproc), "%d", strcmp(cfg->pdf_renderer,
	    "native") == 0 ? cfg->render_processes : 0);
	snprintf(timeout, sizeof(timeout), "%d", cfg->pdf_timeout);
	snprintf(cpu, sizeof(cpu), "%d", cfg->render_cpu_seconds > 0 ?
	    cfg->render_cpu_seconds : cfg->pdf_timeout);
	snprintf(maxpdf, sizeof(maxpdf), "%d", cfg->pdf_max_bytes);
	argv[argc++] = prog;
	argv[argc++] = (char *)"-d";
	argv[argc++] = (char *)dir;
	argv[argc++] = (char *)"-n";
	argv[argc++] = nproc;
	argv[argc++] = (char *)"-t";
	argv[argc++] = timeout;
	argv[argc++] = (char *)"-c";
	argv[argc++] = cpu;
	argv[argc++] = (char *)"-m";
	argv[argc++] = maxpdf;
	if (user != NULL) {
		argv[argc++] = (char *)"-u";
		argv[argc++] = (char *)user;
	}
	if (strcmp(cfg->seccomp, "off") == 0)
		argv[argc++] = (char *)"-S";
	if (fop)
		argv[argc++] = (char *)"-F";
	argv[argc] = NULL;

	/* The lifeline: ready (or why not) comes back on it, and when
	 * this process ends, its end closes and the pool stops. */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
		buf_printf(errs, "render: socketpair: %s\n", strerror(errno));
		return -1;
	}
	if ((p->pid = fork()) == -1) {
		buf_printf(errs, "render: fork: %s\n", strerror(errno));
		close(sv[0]);
		close(sv[1]);
		p->pid = 0;
		return -1;
	}
	if (p->pid == 0) {
		/* A fresh program: nothing of this one's memory, and no
		 * descriptor but stdin/stdout/stderr and the lifeline. */
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (dup2(sv[1], 3) == -1)
			_exit(127);
		/* FOP's path in the environment, not the command line: a
		 * `pkill -f fop` for a stuck FOP must not hit ddd-render. */
		if (fop && setenv(RENDER_FOP_ENV, cfg->fop, 1) == -1)
			_exit(127);
		close_range(4, ~0U, 0);
		execv(prog, argv);
		_exit(127);
	}
	close(sv[1]);
	p->lifeline = sv[0];
	deadline = now_s() + START_WAIT;
	while (got < sizeof(line) - 1 && memchr(line, '\n', got) == NULL) {
		struct pollfd pfd = { p->lifeline, POLLIN, 0 };
		int left = (int)((deadline - now_s()) * 1000);
		if (left <= 0) {
			buf_printf(errs, "render: %s did not start within "
			    "%.0f s\n", prog, START_WAIT);
			goto fail;
		}
		if (poll(&pfd, 1, left) == -1 && errno != EINTR)
			goto fail;
		if ((n = read(p->lifeline, line + got, sizeof(line) - 1 -
		    got)) == 0)
			break;
		if (n > 0)
			got += (size_t)n;
		else if (errno != EINTR && errno != EAGAIN)
			break;
	}
	line[got] = '\0';
	if (strncmp(line, "ready\n", 6) != 0) {
		line[strcspn(line, "\n")] = '\0';
		buf_printf(errs, "render: %s did not start%s%s (see its log "
		    "lines above)\n", prog, line[0] != '\0' ? ": " : "", line);
		goto fail;
	}
	return 0;
fail:
	close(p->lifeline);
	p->lifeline = -1;
	kill(p->pid, SIGKILL);
	while (waitpid(p->pid, &status, 0) == -1 && errno == EINTR)
		;
	p->pid = 0;
	return -1;
}

void
render_pool_stop(struct render_pool *p)
{
	int	 status;

	if (p->lifeline != -1)
		close(p->lifeline);
	p->lifeline = -1;
	if (p->pid > 0)
		while (waitpid(p->pid, &status, 0) == -1 && errno == EINTR)
			;
	p->pid = 0;
}

/* Wait for fd to be ready for events until deadline; 0, or -1 with why. */
static int
wait_fd(int fd, short events, double deadline, char *why, size_t whysize)
{
	struct pollfd	 pfd;
	int		 left, n;

	for (;;) {
		left = (int)((deadline - now_s()) * 1000);
		if (left <= 0) {
			snprintf(why, whysize, "no answer within the time "
			    "limit");
			return -1;
		}
		pfd.fd = fd;
		pfd.events = events;
		pfd.revents = 0;
		if ((n = poll(&pfd, 1, left)) == -1) {
			if (errno == EINTR)
				continue;
			snprintf(why, whysize, "poll: %s", strerror(errno));
			return -1;
		}
		if (n > 0)
			return 0;
	}
}

static int
send_all(int fd, const void *data, size_t len, double deadline, char *why,
    size_t whysize)
{
	const char	*p = data;
	ssize_t		 n;

	while (len > 0) {
		if (wait_fd(fd, POLLOUT, deadline, why, whysize) == -1)
			return -1;
		if ((n = send(fd, p, len, MSG_NOSIGNAL)) == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			snprintf(why, whysize, "the render process ended the "
			    "connection (%s)", strerror(errno));
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Exactly len bytes into dst (or appended to b when dst is NULL). */
static int
recv_all(int fd, void *dst, struct buf *b, size_t len, double deadline,
    char *why, size_t whysize)
{
	char		 chunk[65536];
	char		*p = dst;
	ssize_t		 n;
	size_t		 want;

	while (len > 0) {
		if (wait_fd(fd, POLLIN, deadline, why, whysize) == -1)
			return -1;
		want = p != NULL ? len : len < sizeof(chunk) ? len :
		    sizeof(chunk);
		if ((n = recv(fd, p != NULL ? (void *)p : (void *)chunk, want,
		    0)) == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			snprintf(why, whysize, "recv: %s", strerror(errno));
			return -1;
		}
		if (n == 0) {
			snprintf(why, whysize, "the render process ended the "
			    "connection before its answer (it died or was "
			    "stopped)");
			return -1;
		}
		if (p != NULL)
			p += n;
		else if (buf_add(b, chunk, (size_t)n) != DDD_OK) {
			snprintf(why, whysize, "no memory for the answer");
			return -1;
		}
		len -= (size_t)n;
	}
	return 0;
}

enum ddd_err
render_call(const char *path, const char *fo, size_t len,
    const struct fo_limits *lim, int strict, double timeout, size_t max_pdf,
    struct buf *pdf, struct buf *warnings, char *why, size_t whysize)
{
	struct sockaddr_un sun;
	struct render_req req;
	struct render_ans ans;
	double		 deadline = now_s() + timeout;
	int		 fd, rc;
	enum ddd_err	 e = DDD_ERR_RENDER;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		snprintf(why, whysize, "socket path too long");
		return DDD_ERR_RENDER;
	}
	memcpy(sun.sun_path, path, strlen(path) + 1);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    0)) == -1) {
		snprintf(why, whysize, "socket: %s", strerror(errno));
		return DDD_ERR_RENDER;
	}
	/* A full backlog (every process busy) would make a blocking
	 * connect wait without a deadline: EAGAIN, then try again. */
	while ((rc = connect(fd, (struct sockaddr *)&sun, sizeof(sun))) == -1 &&
	    (errno == EAGAIN || errno == EINTR)) {
		struct timespec nap = { 0, 20 * 1000 * 1000 };
		if (now_s() > deadline)
			break;
		nanosleep(&nap, NULL);
	}
	if (rc == -1) {
		snprintf(why, whysize, "cannot reach the render processes at "
		    "%s: %s", path, strerror(errno));
		goto out;
	}
	memset(&req, 0, sizeof(req));
	req.magic = RENDER_REQ_MAGIC;
	req.version = RENDER_VERSION;
	req.flags = strict ? RENDER_FLAG_STRICT : 0;
	req.max_pages = (uint32_t)lim->max_pages;
	req.max_ms = (uint32_t)(lim->max_seconds * 1000);
	req.max_memory = lim->max_memory;
	req.fo_len = len;
	if (send_all(fd, &req, sizeof(req), deadline, why, whysize) == -1 ||
	    send_all(fd, fo, len, deadline, why, whysize) == -1 ||
	    recv_all(fd, &ans, NULL, sizeof(ans), deadline, why, whysize) ==
	    -1)
		goto out;
	if (ans.magic != RENDER_ANS_MAGIC || ans.version != RENDER_VERSION ||
	    ans.status >= DDD_ERR__MAX || ans.warnings_len >
	    RENDER_MAX_WARNINGS || ans.pdf_len > max_pdf ||
	    (ans.status != DDD_OK && ans.pdf_len != 0)) {
		snprintf(why, whysize, "a malformed answer (status %u, pdf "
		    "%llu bytes)", ans.status, (unsigned long long)ans.pdf_len);
		goto out;
	}
	if (recv_all(fd, NULL, warnings, ans.warnings_len, deadline, why,
	    whysize) == -1 || recv_all(fd, NULL, pdf, (size_t)ans.pdf_len,
	    deadline, why, whysize) == -1) {
		buf_reset(pdf);
		goto out;
	}
	e = (enum ddd_err)ans.status;
	if (e != DDD_OK)
		snprintf(why, whysize, "%s", err_name(e));
out:
	close(fd);
	return e;
}
