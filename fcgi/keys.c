#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "log.h"

static enum ddd_err
unwrap(const struct crypto_master *master, long long tenant_id, unsigned int version,
    const char *wrapped, size_t len, struct crypto_tenant_key *key)
{
	if (crypto_tenant_key_unwrap(master, (uint64_t)tenant_id,
	    version, (const unsigned char *)wrapped, len, key) == -1) {
		log_error("tenant_key", "tenant=%lld version=%u error=\"does "
		    "not unwrap with this master key\"", tenant_id, version);
		return DDD_ERR_INTERNAL;
	}
	return DDD_OK;
}

enum ddd_err
keys_current(struct db *db, const struct crypto_master *master,
    long long tenant_id, struct crypto_tenant_key *key)
{
	struct db_param	 p = DB_P_INT(tenant_id);
	struct db_result res;
	unsigned char	 wrapped[CRYPTO_WRAPPED_KEY_LEN];
	enum ddd_err	 e;
	int		 tries;

	for (tries = 0; tries < 2; tries++) {
		if ((e = db_run(db, STMT_TENANT_KEY_LATEST, &p, 1, &res)) !=
		    DDD_OK)
			return e;
		if (res.nrows == 1) {
			e = unwrap(master, tenant_id,
			    (unsigned int)strtoul(DB_COL(&res, 0, "version"),
			    NULL, 10), DB_COL(&res, 0, "wrapped"),
			    DB_COL_LEN(&res, 0, "wrapped"), key);
			db_result_free(&res);
			return e;
		}
		db_result_free(&res);
		/* None yet: make version 1.  INSERT IGNORE lets a racing
		 * thread win; the loop then reads the winner's key. */
		if (crypto_tenant_key_new(master, (uint64_t)tenant_id,
		    1, wrapped) == -1)
			return DDD_ERR_INTERNAL;
		{
			struct db_param q[3] = { DB_P_INT(tenant_id),
			    DB_P_INT(1), DB_P_BLOB(wrapped, sizeof(wrapped)) };
			if ((e = db_run(db, STMT_TENANT_KEY_INSERT, q, 3,
			    NULL)) != DDD_OK)
				return e;
		}
	}
	return DDD_ERR_INTERNAL;
}

enum ddd_err
keys_version(struct db *db, const struct crypto_master *master,
    long long tenant_id, unsigned int version, struct crypto_tenant_key *key)
{
	struct db_param	 p[2] = { DB_P_INT(tenant_id), DB_P_INT(version) };
	struct db_result res;
	enum ddd_err	 e;

	if ((e = db_run(db, STMT_TENANT_KEY_GET, p, 2, &res)) != DDD_OK)
		return e;
	e = res.nrows == 1 ? unwrap(master, tenant_id, version,
	    DB_COL(&res, 0, "wrapped"), DB_COL_LEN(&res, 0, "wrapped"), key) :
	    DDD_ERR_INTERNAL;
	db_result_free(&res);
	return e;
}
