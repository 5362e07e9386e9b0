#include <sys/types.h>

#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "crypto.h"
#include "log.h"
#include "privdrop.h"

int
priv_user(const char *prog, const char *user, struct passwd *out,
    struct buf *errs)
{
	struct passwd	*pw;

	if (user[0] == '\0') {
		buf_printf(errs, "%s: refusing to run as root: set 'user' in "
		    "the configuration to the account it runs as (e.g. ddd)\n",
		    prog);
		return -1;
	}
	if ((pw = getpwnam(user)) == NULL) {
		buf_printf(errs, "%s: user '%s' does not exist\n", prog, user);
		return -1;
	}
	if (pw->pw_uid == 0 || pw->pw_gid == 0) {
		buf_printf(errs, "%s: user '%s' is root; choose an "
		    "unprivileged account\n", prog, user);
		return -1;
	}
	*out = *pw;
	return 0;
}

int
priv_drop(const char *prog, const struct passwd *pw)
{
	if (setgroups(1, &pw->pw_gid) == -1 || setgid(pw->pw_gid) == -1 ||
	    setuid(pw->pw_uid) == -1) {
		fprintf(stderr, "%s: cannot become %s: %s\n", prog,
		    pw->pw_name, strerror(errno));
		return -1;
	}
	if (setuid(0) != -1) {
		fprintf(stderr, "%s: still root after dropping; stopping\n",
		    prog);
		return -1;
	}
	/* The uid change set the dumpable flag from fs.suid_dumpable. */
	if (crypto_no_core() == -1) {
		fprintf(stderr, "%s: cannot turn off core dumps: %s\n", prog,
		    strerror(errno));
		return -1;
	}
	log_info("privileges", "user=%s uid=%u gid=%u", pw->pw_name,
	    (unsigned)pw->pw_uid, (unsigned)pw->pw_gid);
	return 0;
}
