/* Who acts: the one thing the domain functions (dossier, visibility,
 * lifecycle, filling, documents) know of the person behind a request, a
 * command or an API call.  No HTTP in here: a page fills it from the
 * session, dddctl or an API client from their own credentials. */
#ifndef DDD_ACTOR_H
#define DDD_ACTOR_H

#include "db.h"
#include "role.h"

struct actor {
	struct db	*db;		/* the connection to act through */
	long long	 tenant_id;	/* every read is bounded by it */
	long long	 account_id;	/* 0: nobody (no session) */
	unsigned int	 role;		/* one ROLE_* bit; 0 without one */
	const char	*naam;		/* for the access log; "" if none */
	const char	*tenant_name;
};

#endif
