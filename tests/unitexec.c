/* unitexec: run a program under the parts of a systemd service's sandbox
 * that need no service manager, for tests/integration/t_package.py (no
 * systemd runs on the test machines):
 *
 *   unitexec [-u user] [-n] [-m] [-s "name name ..."] [-a "AF_UNIX ..."]
 *            -- program args...
 *
 *   -u user  User= and Group=: start as that account (from root)
 *   -n       NoNewPrivileges=yes
 *   -s list  SystemCallFilter= as the allowed calls (the test expands
 *            the @groups with systemd-analyze); the rest fail with EPERM
 *            (SystemCallErrorNumber=EPERM)
 *   -m       MemoryDenyWriteExecute=yes: no mapping both writable and
 *            executable, no mprotect/pkey_mprotect to executable, no
 *            shmat with SHM_EXEC (systemd's rules)
 *   -a list  RestrictAddressFamilies=: socket() of another family fails
 *            with EAFNOSUPPORT
 *
 * Each is a seccomp filter of its own, as systemd installs them; the
 * kernel applies the strictest answer. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <unistd.h>

static const struct { const char *name; int af; } families[] = {
	{ "AF_UNIX", AF_UNIX }, { "AF_INET", AF_INET },
	{ "AF_INET6", AF_INET6 }, { "AF_NETLINK", AF_NETLINK },
	{ "AF_PACKET", AF_PACKET },
};

static void
die(const char *what)
{
	fprintf(stderr, "unitexec: %s: %s\n", what, strerror(errno));
	exit(127);
}

static void
load(scmp_filter_ctx f, const char *what)
{
	int	 rc;

	if ((rc = seccomp_load(f)) != 0) {
		errno = -rc;
		die(what);
	}
	seccomp_release(f);
}

int
main(int argc, char *argv[])
{
	const char	*user = NULL, *calls = NULL, *afs = NULL;
	int		 ch, nnp = 0, mdwe = 0;

	while ((ch = getopt(argc, argv, "+u:ns:ma:")) != -1) {
		switch (ch) {
		case 'u': user = optarg; break;
		case 'n': nnp = 1; break;
		case 's': calls = optarg; break;
		case 'm': mdwe = 1; break;
		case 'a': afs = optarg; break;
		default:
			fprintf(stderr, "usage: unitexec [-u user] [-n] [-m] "
			    "[-s calls] [-a families] -- program args...\n");
			return 127;
		}
	}
	if (optind >= argc)
		return 127;
	if (user != NULL) {
		struct passwd *pw = getpwnam(user);
		if (pw == NULL) {
			fprintf(stderr, "unitexec: no user %s\n", user);
			return 127;
		}
		if (setgroups(1, &pw->pw_gid) == -1 ||
		    setgid(pw->pw_gid) == -1 || setuid(pw->pw_uid) == -1)
			die("setuid");
		setenv("HOME", pw->pw_dir, 1);
		setenv("USER", pw->pw_name, 1);
		setenv("LOGNAME", pw->pw_name, 1);
	}
	if (nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		die("no_new_privs");
	if (afs != NULL) {
		scmp_filter_ctx f = seccomp_init(SCMP_ACT_ALLOW);
		int af;
		size_t i;
		if (f == NULL)
			die("seccomp_init");
		for (af = 0; af < AF_MAX; af++) {
			int allowed = 0;
			for (i = 0; i < sizeof(families) / sizeof(families[0]);
			    i++)
				if (families[i].af == af &&
				    strstr(afs, families[i].name) != NULL)
					allowed = 1;
			if (!allowed && seccomp_rule_add(f,
			    SCMP_ACT_ERRNO(EAFNOSUPPORT), SCMP_SYS(socket), 1,
			    SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)af)) != 0)
				die("address family rule");
		}
		load(f, "address families");
	}
	if (mdwe) {
		scmp_filter_ctx f = seccomp_init(SCMP_ACT_ALLOW);
		if (f == NULL)
			die("seccomp_init");
		if (seccomp_rule_add(f, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(mmap),
		    1, SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_WRITE | PROT_EXEC,
		    PROT_WRITE | PROT_EXEC)) != 0 ||
		    seccomp_rule_add(f, SCMP_ACT_ERRNO(EPERM),
		    SCMP_SYS(mprotect), 1, SCMP_A2(SCMP_CMP_MASKED_EQ,
		    PROT_EXEC, PROT_EXEC)) != 0 ||
		    seccomp_rule_add(f, SCMP_ACT_ERRNO(EPERM),
		    SCMP_SYS(pkey_mprotect), 1, SCMP_A2(SCMP_CMP_MASKED_EQ,
		    PROT_EXEC, PROT_EXEC)) != 0 ||
		    seccomp_rule_add(f, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(shmat),
		    1, SCMP_A2(SCMP_CMP_MASKED_EQ, SHM_EXEC, SHM_EXEC)) != 0)
			die("memory rule");
		load(f, "MemoryDenyWriteExecute");
	}
	if (calls != NULL) {
		scmp_filter_ctx f = seccomp_init(SCMP_ACT_ERRNO(EPERM));
		char *list = strdup(calls), *name, *save = NULL;
		int n = 0;
		if (f == NULL || list == NULL)
			die("seccomp_init");
		for (name = strtok_r(list, " ,\n", &save); name != NULL;
		    name = strtok_r(NULL, " ,\n", &save)) {
			int nr = seccomp_syscall_resolve_name(name);
			if (nr == __NR_SCMP_ERROR)
				continue;	/* not on this architecture */
			if (seccomp_rule_add(f, SCMP_ACT_ALLOW, nr, 0) == 0)
				n++;
		}
		/* exec itself must pass: it is in @system-service anyway. */
		if (n == 0)
			die("no system call allowed");
		free(list);
		load(f, "SystemCallFilter");
	}
	execvp(argv[optind], argv + optind);
	die(argv[optind]);
	return 127;
}
