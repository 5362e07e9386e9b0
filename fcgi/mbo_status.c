#include <stdio.h>
#include <string.h>

#include "api_feed.h"
#include "log.h"
#include "mbo_status.h"
#include "req.h"

const struct mbo_status_def mbo_statuses[] = {
	{ "ontvangen", "ontvangen" },
	{ "intake_gepland", "intake gepland" },
	{ "intake_gehad", "intake gehad" },
	{ "onderwijsovereenkomst", "onderwijsovereenkomst" },
	{ "geplaatst", "geplaatst" },
	{ "niet_geplaatst", "niet geplaatst" },
};
const size_t mbo_nstatuses = sizeof(mbo_statuses) / sizeof(mbo_statuses[0]);

const char *
mbo_status_label(const char *value)
{
	size_t	 i;

	for (i = 0; value != NULL && i < mbo_nstatuses; i++)
		if (strcmp(value, mbo_statuses[i].value) == 0)
			return mbo_statuses[i].label;
	return NULL;
}

enum mbo_status_problem
mbo_status_check(const char *status, const char *reden)
{
	if (reden == NULL)
		reden = "";
	if (mbo_status_label(status) == NULL)
		return MBO_STATUS_UNKNOWN;
	if (utf8_chars(reden, strlen(reden)) > MBO_REASON_MAX)
		return MBO_STATUS_REASON_LONG;
	if (strcmp(status, "niet_geplaatst") == 0 &&
	    reden[strspn(reden, " \t\r\n")] == '\0')
		return MBO_STATUS_NO_REASON;
	return MBO_STATUS_OK;
}

const char *
mbo_status_problem_nl(enum mbo_status_problem p)
{
	switch (p) {
	case MBO_STATUS_UNKNOWN:
		return "Kies waar de leerling staat.";
	case MBO_STATUS_REASON_LONG:
		return "De reden is te lang (hooguit 500 tekens).";
	case MBO_STATUS_NO_REASON:
		return "Schrijf bij 'niet geplaatst' de reden op; de decaan van "
		    "de school ziet die.";
	default:
		return "";
	}
}

const char *
mbo_status_problem_field(enum mbo_status_problem p)
{
	return p == MBO_STATUS_UNKNOWN ? "status" : "reden";
}

enum ddd_err
mbo_status_set(const struct actor *a, const struct dossier *d,
    const char *status, const char *reden, int *changed)
{
	struct db_result res;
	const char	*label = mbo_status_label(status);
	char		 note[MBO_REASON_MAX * 4 + 300];	/* UTF-8: 4 bytes a character */
	int		 same;
	enum ddd_err	 e;

	*changed = 0;
	if (label == NULL || mbo_status_check(status, reden) != MBO_STATUS_OK)
		return DDD_ERR_INVALID_INPUT;
	if (a->role != ROLE_MBO || d->scope != SCOPE_COLLEGE ||
	    !DOSSIER_MAY(d, PART_MBO_STATUS))
		return DDD_ERR_NOT_FOUND;
	if (strcmp(status, "niet_geplaatst") != 0 || reden == NULL)
		reden = "";
	if ((e = db_begin(a->db)) != DDD_OK)
		return e;
	{
		/* Locked: two reports of the same status queue here, and
		 * the second finds the first one's. */
		struct db_param p[3] = { DB_P_INT(d->id), DB_P_INT(d->tenant_id),
		    DB_P_INT(a->tenant_id) };
		if ((e = db_run(a->db, STMT_MBO_STATUS_LOCK, p, 3, &res)) !=
		    DDD_OK)
			goto rollback;
	}
	if (res.nrows != 1) {
		db_result_free(&res);
		e = DDD_ERR_NOT_FOUND;
		goto rollback;
	}
	same = strcmp(DB_COL(&res, 0, "mbo_status"), status) == 0 &&
	    strcmp(DB_COL(&res, 0, "mbo_status_reden"), reden) == 0;
	db_result_free(&res);
	if (same)
		/* Committed all the same: a page's form token is spent. */
		return db_commit(a->db);
	{
		struct db_param p[5] = { DB_P_STR(status), DB_P_STR(reden),
		    DB_P_INT(d->id), DB_P_INT(d->tenant_id),
		    DB_P_INT(a->tenant_id) };
		if ((e = db_run(a->db, STMT_MBO_STATUS_SET, p, 5, &res)) !=
		    DDD_OK)
			goto rollback;
		if (res.affected != 1 && res.affected != 0) {
			db_result_free(&res);
			e = DDD_ERR_INTERNAL;
			goto rollback;
		}
		db_result_free(&res);
	}
	snprintf(note, sizeof(note), "%s: %s%s%s", a->tenant_name, label,
	    reden[0] != '\0' ? " - " : "", reden);
	if ((e = dossier_event(a, d, "mbo_status", note)) != DDD_OK ||
	    (e = api_feed_touch(a->db, a->tenant_id, d->id)) != DDD_OK)
		goto rollback;
	if ((e = db_commit(a->db)) != DDD_OK)
		return e;
	*changed = 1;
	log_info("mbo_status", "tenant=%lld by=%lld dossier=%lld school=%lld "
	    "status=%s", a->tenant_id, a->account_id, d->id, d->tenant_id,
	    status);
	return DDD_OK;
rollback:
	db_rollback(a->db);
	return e;
}
