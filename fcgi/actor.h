/* Who acts: the one thing the domain functions (dossier, visibility,
 * lifecycle, filling, documents) know of the person behind a request, a
 * command or an API call.  No HTTP in here: a page fills it from the
 * session, dddctl or an API client from their own credentials. */
#ifndef DDD_ACTOR_H
#define DDD_ACTOR_H

#include "db.h"
#include "err.h"
#include "role.h"

struct app;
struct tenant_config;
struct tenant_refs;

struct actor {
	const struct app *app;		/* stylesheets, forms, renderer */
	struct db	*db;		/* the connection to act through */
	struct tenant_refs *tenants;	/* the tenant configurations this
					 * action uses: one version each */
	long long	 tenant_id;	/* every read is bounded by it */
	long long	 account_id;	/* 0: nobody (no session) */
	unsigned int	 role;		/* one ROLE_* bit; 0 without one */
	const char	*naam;		/* for the access log; "" if none */
	const char	*tenant_name;
};

/* The configuration of a tenant (settings, branding, deel A with the
 * school's addendum), the same for the rest of the action: the
 * reference is held in a->tenants and released with it. */
enum ddd_err	 actor_tenant(const struct actor *, long long tenant_id,
		    const struct tenant_config **);

#endif
