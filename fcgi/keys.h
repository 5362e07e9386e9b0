/* Tenant data keys: made on first use, stored wrapped by the master key
 * (table tenant_key), unwrapped when needed and wiped after. */
#ifndef DDD_KEYS_H
#define DDD_KEYS_H

#include "crypto.h"
#include "db.h"

/* The newest key of the tenant, made (version 1) when it has none. */
enum ddd_err	keys_current(struct db *, const struct crypto_master *,
		    long long tenant_id, struct crypto_tenant_key *);
/* A given version, for opening older values. */
enum ddd_err	keys_version(struct db *, const struct crypto_master *,
		    long long tenant_id, unsigned int version,
		    struct crypto_tenant_key *);

#endif
