/* Counting attempts per scope in MariaDB, so every worker thread and
 * host shares the count.  Scopes: log-in (page_login.c) "addr:<ip>",
 * "pair:<name key>:<ip>", "acct:<name key>", "gate:<name key>",
 * "dev:<device id>"; activation "act:<ip>"; the BSN step (page_home.c)
 * "bsn-acct:<id>", "bsn-addr:<ip>". */
#ifndef DDD_THROTTLE_H
#define DDD_THROTTLE_H

#include "ctx.h"

#define THROTTLE_WINDOW		(15 * 60)	/* seconds counted */
#define THROTTLE_LOCK		(15 * 60)	/* seconds locked */

/* Minutes left while scope is locked, 0 when free, -1 on a DB error. */
int	throttle_minutes(struct ctx *, const char *scope);
/* Count one attempt; the max-th within the window locks the scope. */
void	throttle_count(struct ctx *, const char *scope, int max);
/* The same with a lock of lock seconds. */
void	throttle_count_lock(struct ctx *, const char *scope, int max,
	    int lock);
enum ddd_err throttle_clear(struct ctx *, const char *scope);

#endif
