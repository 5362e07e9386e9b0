/* Seccomp filters and resource limits (fcgi/sandbox.h).
 *
 * The lists were found by running the whole test suite, the FO corpus and
 * bench/pdf under `strace -f` with the filters off, and kept as small as
 * that allows; docs/request-path.md lists them with the reasons. */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <seccomp.h>

#include "sandbox.h"

/* The kernel's O_TMPFILE bit (glibc's O_TMPFILE adds O_DIRECTORY, which a
 * read-only opendir uses). */
#define TMPFILE_BIT	020000000
#define WRITE_FLAGS	(O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND | \
			 TMPFILE_BIT)

/* --- the log line of a refused call (async-signal-safe) ---------------- */

static char	denied_prog[32];

static size_t
put_str(char *p, const char *s)
{
	size_t	 n = strlen(s);

	memcpy(p, s, n);
	return n;
}

static size_t
put_num(char *p, long long v, int width)
{
	char	 tmp[24];
	size_t	 n = 0, i;
	int	 neg = v < 0;
	unsigned long long u = neg ? (unsigned long long)-v :
	    (unsigned long long)v;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	while ((int)n < width)
		tmp[n++] = '0';
	if (neg)
		tmp[n++] = '-';
	for (i = 0; i < n; i++)
		p[i] = tmp[n - 1 - i];
	return n;
}

static size_t
put_hex(char *p, unsigned long v)
{
	char	 tmp[24];
	size_t	 n = 0, i;

	do {
		tmp[n++] = "0123456789abcdef"[v % 16];
		v /= 16;
	} while (v > 0);
	p[0] = '0';
	p[1] = 'x';
	for (i = 0; i < n; i++)
		p[2 + i] = tmp[n - 1 - i];
	return n + 2;
}

/* The log's ts= (UTC), without gmtime: days to a civil date. */
static size_t
put_ts(char *p)
{
	struct timespec	 ts;
	long long	 days, secs, z, era, doe, yoe, y, doy, mp, d, m;
	size_t		 n = 0;

	clock_gettime(CLOCK_REALTIME, &ts);
	days = ts.tv_sec / 86400;
	secs = ts.tv_sec % 86400;
	z = days + 719468;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	n += put_str(p + n, "ts=");
	n += put_num(p + n, y, 4);
	p[n++] = '-';
	n += put_num(p + n, m, 2);
	p[n++] = '-';
	n += put_num(p + n, d, 2);
	p[n++] = 'T';
	n += put_num(p + n, secs / 3600, 2);
	p[n++] = ':';
	n += put_num(p + n, secs / 60 % 60, 2);
	p[n++] = ':';
	n += put_num(p + n, secs % 60, 2);
	p[n++] = '.';
	n += put_num(p + n, ts.tv_nsec / 1000000, 3);
	p[n++] = 'Z';
	return n;
}

/* SIGSYS from the filter: say which call, then die of SIGSYS (the
 * handler was reset on entry; the signal stays blocked until it
 * returns, and the pending one then ends the process). */
static void
on_sigsys(int sig, siginfo_t *si, void *uc)
{
	char	 line[256];
	size_t	 n = 0;
	int	 saved = errno;

	(void)uc;
	n += put_ts(line);
	n += put_str(line + n, " level=error event=seccomp_denied prog=");
	n += put_str(line + n, denied_prog);
	n += put_str(line + n, " pid=");
	n += put_num(line + n, (long long)getpid(), 1);
	n += put_str(line + n, " syscall=");
	n += put_num(line + n, (long long)si->si_syscall, 1);
	n += put_str(line + n, " arch=");
	n += put_hex(line + n, (unsigned long)si->si_arch);
	line[n++] = '\n';
	(void)!write(STDERR_FILENO, line, n);
	(void)syscall(SYS_tgkill, getpid(), (pid_t)syscall(SYS_gettid), sig);
	errno = saved;
}

/* --- the lists ----------------------------------------------------------- */

/* Both kinds: memory, threads' locks, time, signals, reading and closing
 * what is open, and leaving. */
static const int common_calls[] = {
	SCMP_SYS(read), SCMP_SYS(readv), SCMP_SYS(pread64),
	SCMP_SYS(write), SCMP_SYS(writev),
	SCMP_SYS(close), SCMP_SYS(lseek), SCMP_SYS(fstat), SCMP_SYS(newfstatat),
	SCMP_SYS(statx), SCMP_SYS(fcntl), SCMP_SYS(dup),
	SCMP_SYS(mmap), SCMP_SYS(munmap), SCMP_SYS(mremap),
	SCMP_SYS(mprotect), SCMP_SYS(brk), SCMP_SYS(madvise),
	SCMP_SYS(futex), SCMP_SYS(sched_yield), SCMP_SYS(set_robust_list),
	SCMP_SYS(rseq), SCMP_SYS(exit), SCMP_SYS(exit_group),
	SCMP_SYS(nanosleep), SCMP_SYS(clock_nanosleep),
	SCMP_SYS(clock_gettime), SCMP_SYS(clock_getres),
	SCMP_SYS(gettimeofday), SCMP_SYS(getrandom),
	SCMP_SYS(getpid), SCMP_SYS(gettid), SCMP_SYS(getppid),
	SCMP_SYS(getuid), SCMP_SYS(geteuid), SCMP_SYS(getgid),
	SCMP_SYS(getegid), SCMP_SYS(getrusage), SCMP_SYS(uname),
	SCMP_SYS(sysinfo), SCMP_SYS(sched_getaffinity),
	SCMP_SYS(rt_sigprocmask), SCMP_SYS(rt_sigreturn),
	SCMP_SYS(restart_syscall),
	SCMP_SYS(poll), SCMP_SYS(ppoll),
	/* Reading files: fonts, fontconfig's caches, gconv and NSS
	 * modules, /etc/hosts.  openat itself below, by its flags. */
	SCMP_SYS(access), SCMP_SYS(faccessat), SCMP_SYS(faccessat2),
	SCMP_SYS(readlink), SCMP_SYS(getdents64), SCMP_SYS(statfs),
	SCMP_SYS(fstatfs), SCMP_SYS(fadvise64), SCMP_SYS(getcwd),
	/* On an unexpected call: the handler's own call. */
	SCMP_SYS(tgkill),
};

/* The worker: its FastCGI socket, MariaDB over a unix or TCP socket
 * (connected again after a loss, so connect stays), the render socket,
 * DNS for a db_host name, and the main thread's sigwait. */
static const int worker_calls[] = {
	SCMP_SYS(connect), SCMP_SYS(accept), SCMP_SYS(accept4),
	SCMP_SYS(getsockopt), SCMP_SYS(setsockopt), SCMP_SYS(getsockname),
	SCMP_SYS(getpeername), SCMP_SYS(shutdown),
	SCMP_SYS(sendto), SCMP_SYS(recvfrom), SCMP_SYS(sendmsg),
	SCMP_SYS(recvmsg), SCMP_SYS(sendmmsg), SCMP_SYS(recvmmsg),
	SCMP_SYS(select), SCMP_SYS(pselect6),
	SCMP_SYS(rt_sigtimedwait), SCMP_SYS(rt_sigaction),
	/* ddd-render, reaped when the worker stops. */
	SCMP_SYS(wait4),
};

/* A render process: its connection, its CPU budget per render, and the
 * threads Pango 1.50 starts to sort fonts (clone below, by its flags). */
static const int render_calls[] = {
	SCMP_SYS(accept), SCMP_SYS(accept4), SCMP_SYS(recvfrom),
	SCMP_SYS(sendto), SCMP_SYS(setsockopt), SCMP_SYS(shutdown),
	SCMP_SYS(rt_sigaction),
};

/* Refused with an errno, not fatal: libraries try these and cope (a
 * font cache fontconfig would like to write, the worker removing its
 * socket on the way out). */
static const int refused_calls[] = {
	SCMP_SYS(unlink), SCMP_SYS(rmdir),
	SCMP_SYS(mkdir), SCMP_SYS(mkdirat), SCMP_SYS(rename),
	SCMP_SYS(renameat), SCMP_SYS(renameat2), SCMP_SYS(chmod),
	SCMP_SYS(fchmod), SCMP_SYS(fchmodat), SCMP_SYS(utimensat),
	SCMP_SYS(ftruncate), SCMP_SYS(fsync), SCMP_SYS(fdatasync),
	SCMP_SYS(flock),
};

#if defined(__SANITIZE_ADDRESS__)
/* An ASan build (--enable-sanitizers) only: LeakSanitizer stops the
 * world at exit with a cloned tracer and ptrace; reports read
 * /proc/self/maps. */
static const int sanitizer_calls[] = {
	SCMP_SYS(clone), SCMP_SYS(ptrace), SCMP_SYS(wait4), SCMP_SYS(waitid),
	SCMP_SYS(prctl), SCMP_SYS(sigaltstack), SCMP_SYS(rt_sigaction),
	SCMP_SYS(kill), SCMP_SYS(process_vm_readv), SCMP_SYS(sched_getaffinity),
	SCMP_SYS(readlinkat), SCMP_SYS(getdents64), SCMP_SYS(mincore),
};
#endif

static int
add_all(scmp_filter_ctx ctx, uint32_t action, const int *calls, size_t n)
{
	size_t	 i;

	int	 rc;

	for (i = 0; i < n; i++)
		if ((rc = seccomp_rule_add(ctx, action, calls[i], 0)) != 0 &&
		    rc != -EEXIST)
			return rc;
	return 0;
}

/* open and openat: reading only; with any flag that writes, EACCES. */
static int
add_open_rules(scmp_filter_ctx ctx)
{
	static const int bits[] = { O_WRONLY, O_RDWR, O_CREAT, O_TRUNC,
	    O_APPEND, TMPFILE_BIT };
	size_t	 i;

	if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(openat), 1,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, WRITE_FLAGS, 0)) != 0 ||
	    seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(open), 1,
	    SCMP_A1(SCMP_CMP_MASKED_EQ, WRITE_FLAGS, 0)) != 0)
		return -1;
	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES),
		    SCMP_SYS(openat), 1, SCMP_A2(SCMP_CMP_MASKED_EQ,
		    (scmp_datum_t)bits[i], (scmp_datum_t)bits[i])) != 0 ||
		    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES),
		    SCMP_SYS(open), 1, SCMP_A1(SCMP_CMP_MASKED_EQ,
		    (scmp_datum_t)bits[i], (scmp_datum_t)bits[i])) != 0)
			return -1;
	return 0;
}

/* ioctl: a terminal check (stdio's isatty) and a socket's non-blocking
 * mode or bytes waiting; anything else ENOTTY. */
static int
add_ioctl_rules(scmp_filter_ctx ctx)
{
	static const unsigned long ok[] = { TCGETS, FIONBIO, FIONREAD };
	size_t	 i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
		    SCMP_A1(SCMP_CMP_EQ, (scmp_datum_t)ok[i])) != 0)
			return -1;
	return 0;
}

int
sandbox_apply(enum sandbox_kind kind, const char *prog, int unlink_dir,
    struct buf *errs)
{
	scmp_filter_ctx	 ctx;
	struct sigaction sa;
	int		 rc;

	snprintf(denied_prog, sizeof(denied_prog), "%s", prog);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL) == -1) {
		buf_printf(errs, "%s: sigaction(SIGSYS): %s\n", prog,
		    strerror(errno));
		return -1;
	}
	if ((ctx = seccomp_init(SCMP_ACT_TRAP)) == NULL) {
		buf_printf(errs, "%s: seccomp_init failed\n", prog);
		return -1;
	}
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 1);
	if (rc == 0 && kind == SANDBOX_WORKER)
		/* The serving threads run already: all of them. */
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
	if (rc == 0)
		rc = add_all(ctx, SCMP_ACT_ALLOW, common_calls,
		    sizeof(common_calls) / sizeof(common_calls[0]));
	/* Removing a file: in one folder only, and never a folder. */
	if (rc == 0 && unlink_dir >= 0) {
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(unlinkat), 2,
		    SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)unlink_dir),
		    SCMP_A2(SCMP_CMP_EQ, 0));
		if (rc == 0)
			rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
			    SCMP_SYS(unlinkat), 1, SCMP_A0(SCMP_CMP_NE,
			    (scmp_datum_t)unlink_dir));
		if (rc == 0)
			rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
			    SCMP_SYS(unlinkat), 1, SCMP_A2(SCMP_CMP_NE, 0));
	} else if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
		    SCMP_SYS(unlinkat), 0);
	if (rc == 0)
		rc = add_all(ctx, SCMP_ACT_ERRNO(EPERM), refused_calls,
		    sizeof(refused_calls) / sizeof(refused_calls[0]));
	if (rc == 0)
		rc = add_open_rules(ctx);
	if (rc == 0)
		rc = add_ioctl_rules(ctx);
	/* clone3 passes its flags in memory a filter cannot read: ENOSYS
	 * makes glibc use clone, whose flags it can. */
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS),
		    SCMP_SYS(clone3), 0);
	if (rc == 0 && kind == SANDBOX_WORKER) {
		rc = add_all(ctx, SCMP_ACT_ALLOW, worker_calls,
		    sizeof(worker_calls) / sizeof(worker_calls[0]));
		/* Sockets of the families we use; others refused. */
		if (rc == 0)
			rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW,
			    SCMP_SYS(socket), 1, SCMP_A0(SCMP_CMP_EQ, AF_UNIX));
		if (rc == 0)
			rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW,
			    SCMP_SYS(socket), 1, SCMP_A0(SCMP_CMP_EQ, AF_INET));
		if (rc == 0)
			rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW,
			    SCMP_SYS(socket), 1, SCMP_A0(SCMP_CMP_EQ, AF_INET6));
		if (rc == 0)
			rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EAFNOSUPPORT),
			    SCMP_SYS(socket), 1, SCMP_A0(SCMP_CMP_EQ,
			    AF_NETLINK));
		/* libcurl, for a school's OpenID provider (fcgi/oidc.c): its
		 * wake-up socket pair.  Not its resolver's thread: oidc.c
		 * looks the host up itself and hands curl the addresses. */
		if (rc == 0)
			rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW,
			    SCMP_SYS(socketpair), 1, SCMP_A0(SCMP_CMP_EQ,
			    AF_UNIX));
	}
	if (rc == 0 && kind == SANDBOX_RENDER) {
		rc = add_all(ctx, SCMP_ACT_ALLOW, render_calls,
		    sizeof(render_calls) / sizeof(render_calls[0]));
		/* Threads, never a new process. */
		if (rc == 0)
			rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW,
			    SCMP_SYS(clone), 1, SCMP_A0(SCMP_CMP_MASKED_EQ,
			    CLONE_THREAD | CLONE_VM, CLONE_THREAD | CLONE_VM));
		/* Its own CPU limit only (sandbox_cpu_budget). */
		if (rc == 0)
			rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW,
			    SCMP_SYS(prlimit64), 2, SCMP_A0(SCMP_CMP_EQ, 0),
			    SCMP_A1(SCMP_CMP_EQ, RLIMIT_CPU));
	}
#if defined(__SANITIZE_ADDRESS__)
	if (rc == 0)
		rc = add_all(ctx, SCMP_ACT_ALLOW, sanitizer_calls,
		    sizeof(sanitizer_calls) / sizeof(sanitizer_calls[0]));
#endif
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc != 0) {
		buf_printf(errs, "%s: cannot install the seccomp filter: %s\n",
		    prog, strerror(-rc));
		return -1;
	}
	return 0;
}

int
sandbox_render_limits(size_t as_bytes, struct buf *errs)
{
	struct rlimit	 zero = { 0, 0 }, files = { 64, 64 };
	struct rlimit	 as = { (rlim_t)as_bytes, (rlim_t)as_bytes };

	/* No RLIMIT_FSIZE: stderr, where the log lines go, may be a file
	 * (the filter refuses opening any other for writing). */
	if (setrlimit(RLIMIT_CORE, &zero) == -1 ||
	    setrlimit(RLIMIT_NOFILE, &files) == -1 ||
	    (as_bytes > 0 && setrlimit(RLIMIT_AS, &as) == -1)) {
		buf_printf(errs, "setrlimit: %s\n", strerror(errno));
		return -1;
	}
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1 ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1) {
		buf_printf(errs, "prctl: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

int
sandbox_cpu_budget(int seconds)
{
	struct rusage	 ru;
	struct rlimit	 rl;

	if (getrusage(RUSAGE_SELF, &ru) == -1 ||
	    getrlimit(RLIMIT_CPU, &rl) == -1)
		return -1;
	rl.rlim_cur = (rlim_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
	    seconds + 1);
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_cur > rl.rlim_max)
		rl.rlim_cur = rl.rlim_max;
	return setrlimit(RLIMIT_CPU, &rl);
}
