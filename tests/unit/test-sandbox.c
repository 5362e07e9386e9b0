/* The seccomp filters of fcgi/sandbox.c, installed for real in child
 * processes: what a filter does not allow ends the process with SIGSYS
 * after one log line naming the call, a write-open is refused with
 * EACCES, and what serving or rendering needs still works. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox.h"
#include "tap.h"

static char	 scratch[64];

/* Each probe runs in a child after the filter; its exit status says
 * what it saw (0: as expected). */
typedef int (*probe_fn)(void);

static int
p_execve(void)
{
	char *argv[] = { (char *)"/bin/true", NULL };

	execv("/bin/true", argv);
	return 10;	/* not reached under the filter */
}

static int
p_socket_inet(void)
{
	return socket(AF_INET, SOCK_STREAM, 0) >= 0 ? 0 : 11;
}

static int
p_socket_packet(void)
{
	socket(AF_PACKET, SOCK_RAW, 0);
	return 12;
}

static int
p_socket_unix(void)
{
	int	 fd = socket(AF_UNIX, SOCK_STREAM, 0);

	return fd >= 0 ? 0 : 13;
}

static int
p_open_write(void)
{
	int	 fd = open(scratch, O_WRONLY | O_CREAT | O_EXCL, 0600);

	if (fd != -1)
		return 14;
	return errno == EACCES && access(scratch, F_OK) == -1 ? 0 : 15;
}

static int
p_open_read(void)
{
	char	 b[16];
	int	 fd = open("/etc/passwd", O_RDONLY | O_CLOEXEC);

	return fd >= 0 && read(fd, b, sizeof(b)) > 0 && close(fd) == 0 ? 0 :
	    16;
}

static int
p_fork(void)
{
	pid_t	 pid = fork();

	if (pid == 0)
		_exit(0);
	return 17;	/* not reached */
}

static void *
thread_body(void *arg)
{
	*(int *)arg = 42;
	return NULL;
}

static int
p_thread(void)
{
	pthread_t	 t;
	int		 v = 0;

	if (pthread_create(&t, NULL, thread_body, &v) != 0 ||
	    pthread_join(t, NULL) != 0)
		return 18;
	return v == 42 ? 0 : 19;
}

static int
p_ptrace(void)
{
	ptrace(PTRACE_TRACEME, 0, NULL, NULL);
	return 20;
}

static int
p_nofile(void)
{
	struct rlimit	 rl = { 1024, 1024 };

	setrlimit(RLIMIT_NOFILE, &rl);
	return 21;
}

static int
p_cpu_budget(void)
{
	return sandbox_cpu_budget(5) == 0 ? 0 : 22;
}

static int
p_unlink(void)
{
	return unlink(scratch) == -1 && errno == EPERM ? 0 : 23;
}

/* The worker's socket folder: a file there may go, nowhere else. */
static int	 tmp_dir = -1, etc_dir = -1;

static int
p_unlinkat(void)
{
	if (unlinkat(tmp_dir, scratch + 5, 0) != 0)
		return 26;
	if (unlinkat(etc_dir, "ddd-no-such-file", 0) != -1 ||
	    errno != EPERM)
		return 27;
	if (unlinkat(tmp_dir, "ddd-no-such-dir", AT_REMOVEDIR) != -1 ||
	    errno != EPERM)
		return 28;
	return 0;
}

static void *
thread_exec(void *arg)
{
	(void)arg;
	p_execve();
	return NULL;
}

/* The worker's threads run before its filter: they are held too. */
static pthread_t	 early;
static int		 early_go[2];

static void *
thread_waits(void *arg)
{
	char	 c;

	(void)arg;
	if (read(early_go[0], &c, 1) == 1)
		thread_exec(NULL);
	return NULL;
}

static int
p_other_thread(void)
{
	(void)!write(early_go[1], "x", 1);
	pthread_join(early, NULL);
	return 24;
}

static int
p_limits(void)
{
	/* RLIMIT_AS: a huge allocation fails instead of growing. */
	void	*p = malloc((size_t)512 * 1024 * 1024);

	return p == NULL ? 0 : 25;
}

/* Run probe in a child under kind's filter: its wait status, and what it
 * wrote on stderr in log. */
static int
run(enum sandbox_kind kind, probe_fn probe, int thread_first, char *log,
    size_t logsize)
{
	int	 pipefd[2], status = -1;
	pid_t	 pid;
	ssize_t	 n;
	size_t	 got = 0;

	if (pipe(pipefd) == -1)
		return -1;
	fflush(stdout);
	if ((pid = fork()) == 0) {
		struct buf errs;
		close(pipefd[0]);
		dup2(pipefd[1], STDERR_FILENO);
		buf_init(&errs, 1024);
		if (thread_first && (pipe(early_go) == -1 ||
		    pthread_create(&early, NULL, thread_waits, NULL) != 0))
			_exit(98);
		if (probe == p_limits &&
		    sandbox_render_limits((size_t)256 * 1024 * 1024, &errs) ==
		    -1)
			_exit(97);
		if (sandbox_apply(kind, "test-sandbox", probe == p_unlinkat ?
		    tmp_dir : -1, &errs) == -1) {
			fprintf(stderr, "%s", errs.ptr);
			_exit(99);
		}
		_exit(probe());
	}
	close(pipefd[1]);
	while (got < logsize - 1 && (n = read(pipefd[0], log + got,
	    logsize - 1 - got)) > 0)
		got += (size_t)n;
	log[got] = '\0';
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	return status;
}

static int
killed_by_sigsys(int status)
{
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS;
}

static int
exited_ok(int status)
{
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int
main(void)
{
	char	 log[4096], want[64];
	int	 st;

	snprintf(scratch, sizeof(scratch), "/tmp/ddd-test-sandbox-%d",
	    (int)getpid());

	/* --- a render process ---------------------------------------- */
	st = run(SANDBOX_RENDER, p_execve, 0, log, sizeof(log));
	ok(killed_by_sigsys(st), "render: execve ends the process (SIGSYS)");
	snprintf(want, sizeof(want), "syscall=%d ", SYS_execve);
	ok(strstr(log, "level=error event=seccomp_denied prog=test-sandbox") !=
	    NULL && strstr(log, want) != NULL,
	    "render: one log line names the call");
	diag(log);
	ok(strncmp(log, "ts=20", 5) == 0 && strchr(log, '\n') ==
	    log + strlen(log) - 1, "render: in the log's format, one line");
	st = run(SANDBOX_RENDER, p_socket_inet, 0, log, sizeof(log));
	ok(killed_by_sigsys(st), "render: a network socket ends the process");
	st = run(SANDBOX_RENDER, p_socket_unix, 0, log, sizeof(log));
	ok(killed_by_sigsys(st), "render: any socket ends the process");
	st = run(SANDBOX_RENDER, p_fork, 0, log, sizeof(log));
	ok(killed_by_sigsys(st), "render: fork ends the process");
	st = run(SANDBOX_RENDER, p_ptrace, 0, log, sizeof(log));
	ok(killed_by_sigsys(st), "render: ptrace ends the process");
	st = run(SANDBOX_RENDER, p_nofile, 0, log, sizeof(log));
	ok(killed_by_sigsys(st), "render: raising another limit ends the "
	    "process");
	st = run(SANDBOX_RENDER, p_open_write, 0, log, sizeof(log));
	ok(exited_ok(st), "render: opening a file for writing is refused "
	    "(EACCES), nothing made");
	st = run(SANDBOX_RENDER, p_unlink, 0, log, sizeof(log));
	ok(exited_ok(st), "render: removing a file is refused (EPERM)");
	st = run(SANDBOX_RENDER, p_open_read, 0, log, sizeof(log));
	ok(exited_ok(st), "render: reading a file (fonts) works");
	st = run(SANDBOX_RENDER, p_thread, 0, log, sizeof(log));
	ok(exited_ok(st), "render: a thread (Pango's font sorting) works");
	st = run(SANDBOX_RENDER, p_cpu_budget, 0, log, sizeof(log));
	ok(exited_ok(st), "render: its own CPU budget can be set");
	st = run(SANDBOX_RENDER, p_limits, 0, log, sizeof(log));
	ok(exited_ok(st), "render: the address space limit holds");

	/* --- the worker ---------------------------------------------- */
	st = run(SANDBOX_WORKER, p_execve, 0, log, sizeof(log));
	ok(killed_by_sigsys(st), "worker: execve ends the process (SIGSYS)");
	ok(strstr(log, want) != NULL, "worker: the log line names it");
	st = run(SANDBOX_WORKER, p_other_thread, 1, log, sizeof(log));
	ok(killed_by_sigsys(st), "worker: a thread started before the filter "
	    "is held by it too");
	st = run(SANDBOX_WORKER, p_fork, 0, log, sizeof(log));
	ok(killed_by_sigsys(st), "worker: fork ends the process");
	st = run(SANDBOX_WORKER, p_socket_packet, 0, log, sizeof(log));
	ok(killed_by_sigsys(st), "worker: a raw packet socket ends the "
	    "process");
	st = run(SANDBOX_WORKER, p_socket_inet, 0, log, sizeof(log));
	ok(exited_ok(st), "worker: a TCP socket (MariaDB on a host) works");
	st = run(SANDBOX_WORKER, p_socket_unix, 0, log, sizeof(log));
	ok(exited_ok(st), "worker: a unix socket (MariaDB, render) works");
	st = run(SANDBOX_WORKER, p_open_write, 0, log, sizeof(log));
	ok(exited_ok(st), "worker: opening a file for writing is refused");
	st = run(SANDBOX_WORKER, p_open_read, 0, log, sizeof(log));
	ok(exited_ok(st), "worker: reading a file works");
	st = run(SANDBOX_WORKER, p_ptrace, 0, log, sizeof(log));
	ok(killed_by_sigsys(st), "worker: ptrace ends the process");
	st = run(SANDBOX_WORKER, p_thread, 0, log, sizeof(log));
	ok(killed_by_sigsys(st), "worker: no new thread once it serves");
	tmp_dir = open("/tmp", O_PATH | O_DIRECTORY);
	etc_dir = open("/etc", O_PATH | O_DIRECTORY);
	close(open(scratch, O_WRONLY | O_CREAT, 0600));
	st = run(SANDBOX_WORKER, p_unlinkat, 0, log, sizeof(log));
	ok(exited_ok(st) && access(scratch, F_OK) == -1, "worker: a file in its "
	    "socket's folder may be removed (its socket), nothing elsewhere, "
	    "no folder (status %d)", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	unlink(scratch);
	return done_testing();
}
