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
	/* role, roepnaam, tussenvoegsel, achternaam, email, klas,
	 * ddd_activated_at IS NOT NULL, bsn_sealed */
	out->id = id;
	out->role = role_bit(DB_CELL(&res, 0, 0));
	snprintf(out->roepnaam, sizeof(out->roepnaam), "%s",
	    DB_CELL(&res, 0, 1));
	db_full_name(out->naam, sizeof(out->naam), &res, 0, 1);
	v = DB_CELL(&res, 0, 4);
	snprintf(out->email, sizeof(out->email), "%s", v != NULL ? v : "");
	v = DB_CELL(&res, 0, 5);
	snprintf(out->klas, sizeof(out->klas), "%s", v != NULL ? v : "");
	out->ddd_active = strcmp(DB_CELL(&res, 0, 6), "1") == 0;
	out->bsn_linked = DB_CELL(&res, 0, 7) != NULL;
	db_result_free(&res);
	return DDD_OK;
}
