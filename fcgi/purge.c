#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "log.h"
#include "purge.h"
#include "tenant_config.h"

/* Before the dossiers past their months go: their access log stays,
 * pseudonymised (fcgi/audit.h).  The same rows STMT_PURGE_DOSSIERS
 * deletes next, locked. */
static enum ddd_err
keep_access(struct db *db, const struct crypto_master *m, long long tenant,
    int months)
{
	struct db_param	 p[3] = { DB_P_INT(tenant), DB_P_INT(months),
	    DB_P_INT(months) };
	struct db_result res;
	size_t		 i;
	enum ddd_err	 e;

	if ((e = db_run(db, STMT_PURGE_DOSSIERS_DUE, p, 3, &res)) != DDD_OK)
		return e;
	for (i = 0; i < res.nrows && e == DDD_OK; i++)
		e = audit_forget_dossier(db, m, tenant,
		    atoll(DB_COL(&res, i, "id")), DB_COL(&res, i, "login"));
	db_result_free(&res);
	return e;
}

/* Before the accounts of students who left go: the audit trail keeps
 * their pseudonym instead. */
static enum ddd_err
keep_audit(struct db *db, const struct crypto_master *m, long long tenant,
    int months)
{
	struct db_param	 p[2] = { DB_P_INT(tenant), DB_P_INT(months) };
	struct db_result res;
	char		 pseudo[AUDIT_PSEUDONYM_LEN + 1];
	size_t		 i;
	enum ddd_err	 e;

	if ((e = db_run(db, STMT_PURGE_ACCOUNTS_DUE, p, 2, &res)) != DDD_OK)
		return e;
	for (i = 0; i < res.nrows && e == DDD_OK; i++)
		e = audit_forget_student(db, m, tenant,
		    atoll(DB_COL(&res, i, "id")), DB_COL(&res, i, "login"),
		    pseudo);
	db_result_free(&res);
	return e;
}

/* One school, one transaction: the counts are kept in the same
 * transaction as the deletes, so they never disagree. */
static enum ddd_err
purge_school(struct db *db, const struct crypto_master *m, long long tenant,
    struct purge_counts *n)
{
	const struct tenant_config *tc;
	struct tenant_settings ts;
	struct db_result res;
	struct purge_counts here;
	enum ddd_err	 e;

	memset(&here, 0, sizeof(here));
	/* One school once: no cache (parsed here, then freed). */
	if ((e = tenant_config_get(NULL, db, tenant, &tc)) != DDD_OK)
		return e;
	ts = tc->settings;
	tenant_config_release(tc);
	if ((e = db_begin(db)) != DDD_OK)
		return e;
	{
		struct db_param p[3] = { DB_P_INT(tenant),
		    DB_P_INT(ts.retention_months),
		    DB_P_INT(ts.retention_months) };
		if ((e = keep_access(db, m, tenant, ts.retention_months)) !=
		    DDD_OK ||
		    (e = db_run(db, STMT_PURGE_KEEP_COUNTS, p, 3, NULL)) !=
		    DDD_OK || (e = db_run(db, STMT_PURGE_DOSSIERS, p, 3,
		    &res)) != DDD_OK)
			goto rollback;
		here.dossiers = (unsigned long)res.affected;
		db_result_free(&res);
	}
	{
		struct db_param p[2] = { DB_P_INT(tenant),
		    DB_P_INT(ts.retention_months) };
		if ((e = db_run(db, STMT_PURGE_MAIL, p, 2, &res)) != DDD_OK)
			goto rollback;
		here.mails = (unsigned long)res.affected;
		db_result_free(&res);
		if ((e = keep_audit(db, m, tenant, ts.retention_months)) !=
		    DDD_OK ||
		    (e = db_run(db, STMT_PURGE_ACCOUNTS, p, 2, &res)) != DDD_OK)
			goto rollback;
		here.accounts = (unsigned long)res.affected;
		db_result_free(&res);
		/* One-time POST keys are needed for minutes; a day is ample. */
		if ((e = db_run(db, STMT_PURGE_ONCE, p, 1, NULL)) != DDD_OK)
			goto rollback;
	}
	{
		/* The audit trail, and the access log of dossiers that are
		 * gone: the school's own, longer term. */
		struct db_param p[2] = { DB_P_INT(tenant),
		    DB_P_INT(ts.audit_months) };
		if ((e = db_run(db, STMT_AUDIT_PURGE, p, 2, &res)) != DDD_OK)
			goto rollback;
		here.audit = (unsigned long)res.affected;
		db_result_free(&res);
		if ((e = db_run(db, STMT_ACCESS_PURGE_GONE, p, 2, &res)) !=
		    DDD_OK)
			goto rollback;
		here.audit += (unsigned long)res.affected;
		db_result_free(&res);
	}
	if ((e = db_commit(db)) != DDD_OK)
		return e;
	log_info("purge", "tenant=%lld months=%d dossiers=%lu mails=%lu "
	    "accounts=%lu audit_months=%d audit=%lu", tenant,
	    ts.retention_months, here.dossiers, here.mails, here.accounts,
	    ts.audit_months, here.audit);
	n->dossiers += here.dossiers;
	n->mails += here.mails;
	n->accounts += here.accounts;
	n->audit += here.audit;
	return DDD_OK;
rollback:
	db_rollback(db);
	return e;
}

enum ddd_err
purge_run(struct db *db, const struct crypto_master *m,
    struct purge_counts *n)
{
	struct db_result tenants;
	size_t		 i;
	enum ddd_err	 e;

	memset(n, 0, sizeof(*n));
	if ((e = db_run(db, STMT_VO_TENANTS, NULL, 0, &tenants)) != DDD_OK)
		return e;
	for (i = 0; i < tenants.nrows && e == DDD_OK; i++)
		e = purge_school(db, m, atoll(DB_COL(&tenants, i, "id")), n);
	db_result_free(&tenants);
	if (e == DDD_OK && (e = db_run(db, STMT_PURGE_THROTTLE, NULL, 0,
	    &tenants)) == DDD_OK) {
		log_info("purge", "login_throttle=%llu", tenants.affected);
		db_result_free(&tenants);
	}
	if (e == DDD_OK) {
		struct db_param p = DB_P_INT(AUDIT_MONTHS_DEFAULT);
		if ((e = db_run(db, STMT_AUDIT_PURGE_MBO, &p, 1, &tenants)) ==
		    DDD_OK) {
			n->audit += (unsigned long)tenants.affected;
			db_result_free(&tenants);
		}
	}
	return e;
}
