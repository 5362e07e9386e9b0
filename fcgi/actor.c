#include "actor.h"
#include "app.h"

enum ddd_err
actor_tenant(const struct actor *a, long long tenant_id,
    const struct tenant_config **out)
{
	return tenant_refs_get(a->tenants, a->app->tenants, a->db, tenant_id,
	    out);
}
