#include <stdio.h>
#include <string.h>

#include "account.h"
#include "role.h"

enum ddd_err
account_get(struct db *db, long long tenant_id, long long id,
    struct account *out)
{
	struct db_param	 p[2] = { DB_P_INT(id), DB_P_INT(tenant_id) };
	struct db_result res;
	const char	*v;
	enum ddd_err	 e;

	memset(out, 0, sizeof(*out));
	if ((e = db_run(db, STMT_ACCOUNT_GET, p, 2, &res)) != DDD_OK)
		return e;
	if (res.nrows != 1) {
		db_result_free(&res);
		return DDD_ERR_NOT_FOUND;
	}
	out->id = id;
	out->role = role_bit(DB_COL(&res, 0, "role"));
	snprintf(out->roepnaam, sizeof(out->roepnaam), "%s",
	    DB_COL(&res, 0, "roepnaam"));
	db_full_name(out->naam, sizeof(out->naam), &res, 0, "");
	v = DB_COL(&res, 0, "email");
	snprintf(out->email, sizeof(out->email), "%s", v != NULL ? v : "");
	v = DB_COL(&res, 0, "klas");
	snprintf(out->klas, sizeof(out->klas), "%s", v != NULL ? v : "");
	out->ddd_active = strcmp(DB_COL(&res, 0, "ddd_active"), "1") == 0;
	out->bsn_linked = DB_COL(&res, 0, "bsn_sealed") != NULL;
	db_result_free(&res);
	return DDD_OK;
}
