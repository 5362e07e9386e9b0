#ifndef DDD_PRIVDROP_H
#define DDD_PRIVDROP_H

#include <pwd.h>

#include "buf.h"

/*
 * Started as root, a daemon of ours becomes the configured unprivileged
 * user (OpenBSD's daemons run as their own user; so do ours): the worker
 * after opening its socket, the mailer after loading its keys and
 * stylesheets.
 */

/* The account named by the configuration's 'user' into *out; -1 with a
 * line in errs when it is not set, does not exist or is root. */
int	priv_user(const char *prog, const char *user, struct passwd *out,
	    struct buf *errs);
/* Become pw (groups, gid, uid) and check that root cannot be had back;
 * -1 with a line on stderr. */
int	priv_drop(const char *prog, const struct passwd *pw);

#endif
