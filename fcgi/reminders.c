#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "outbox.h"
#include "reminders.h"
#include "tenant_config.h"
#include "xmlout.h"

static const char *const phase_ids[3] = { "deel_a", "deel_b", "akkoord" };

/* Days from a to b (both YYYY-MM-DD); INT32_MAX-ish when malformed. */
static long
days_between(const char *a, const char *b)
{
	struct tm	 ta, tb;

	memset(&ta, 0, sizeof(ta));
	memset(&tb, 0, sizeof(tb));
	if (sscanf(a, "%4d-%2d-%2d", &ta.tm_year, &ta.tm_mon, &ta.tm_mday) !=
	    3 || sscanf(b, "%4d-%2d-%2d", &tb.tm_year, &tb.tm_mon,
	    &tb.tm_mday) != 3)
		return 1L << 30;
	ta.tm_year -= 1900;
	tb.tm_year -= 1900;
	ta.tm_mon--;
	tb.tm_mon--;
	return (long)((timegm(&tb) - timegm(&ta)) / 86400);
}

/* One school, one phase: every dossier not yet reminded of it. */
static enum ddd_err
remind_phase(struct db *db, const struct config *cfg, long long tenant_id,
    const char *school, int phase, const char *deadline,
    unsigned long *queued)
{
	struct db_param	 p[3] = { DB_P_INT(tenant_id),
	    DB_P_STR(phase_ids[phase]), DB_P_STR(deadline) };
	struct db_result res;
	xmlDocPtr	 mail;
	xmlNodePtr	 m;
	char		 to[240], student[240], link[600];
	size_t		 i;
	enum ddd_err	 e;

	if ((e = db_run(db, STMT_REMINDER_DUE, p, 3, &res)) != DDD_OK)
		return e;
	for (i = 0; i < res.nrows; i++) {
		long long did = atoll(DB_COL(&res, i, "dossier_id"));
		struct db_param q[4] = { DB_P_INT(did),
		    DB_P_STR(phase_ids[phase]), DB_P_STR(deadline),
		    DB_P_INT(tenant_id) };
		db_full_name(to, sizeof(to), &res, i, "to_");
		db_full_name(student, sizeof(student), &res, i, "student_");
		if ((mail = xo_doc("mail")) == NULL) {
			e = DDD_ERR_NOMEM;
			break;
		}
		m = xo_root(mail);
		xo_attr(m, "kind", "herinnering");
		xo_el(m, "fase", phase_ids[phase]);
		xo_el(m, "deadline", deadline);
		xo_el(m, "roepnaam", DB_COL(&res, i, "to_roepnaam"));
		xo_el(m, "leerling", student);
		xo_el(m, "school", school);
		snprintf(link, sizeof(link), "%s/%s", cfg->base_url,
		    phase == 1 ? "portal/deel-b" : "dossiers");
		xo_el(m, "link", link);
		e = outbox_queue(db, tenant_id, atoll(DB_COL(&res, i, "to_id")),
		    "herinnering", DB_COL(&res, i, "to_email"), to,
		    phase == 1 ? "Herinnering: deel B invullen" :
		    phase == 0 ? "Herinnering: deel A invullen" :
		    "Herinnering: akkoordverklaring invullen", mail);
		xmlFreeDoc(mail);
		if (e != DDD_OK ||
		    (e = db_run(db, STMT_REMINDER_INSERT, q, 4, NULL)) != DDD_OK)
			break;
		(*queued)++;
	}
	db_result_free(&res);
	return e;
}

enum ddd_err
reminders_run(struct db *db, const struct config *cfg, const char *today,
    int days_before, unsigned long *queued)
{
	const struct tenant_config *tc;
	struct tenant_settings ts;
	struct db_result tenants;
	enum ddd_err	 e;
	size_t		 i;
	int		 ph;
	long		 left;

	*queued = 0;
	if ((e = db_run(db, STMT_VO_TENANTS, NULL, 0, &tenants)) != DDD_OK)
		return e;
	for (i = 0; i < tenants.nrows; i++) {
		long long tid = strtoll(DB_COL(&tenants, i, "id"), NULL, 10);
		/* Each school once: no cache (parsed here, then freed). */
		if ((e = tenant_config_get(NULL, db, tid, &tc)) != DDD_OK)
			break;
		ts = tc->settings;
		tenant_config_release(tc);
		if ((e = db_begin(db)) != DDD_OK)
			break;
		for (ph = 0; ph < 3 && e == DDD_OK; ph++) {
			if (ts.deadline[ph][0] == '\0')
				continue;
			left = days_between(today, ts.deadline[ph]);
			/* Within the window before the deadline, not after. */
			if (left < 0 || left > days_before)
				continue;
			e = remind_phase(db, cfg, tid,
			    DB_COL(&tenants, i, "name"), ph, ts.deadline[ph],
			    queued);
		}
		if (e != DDD_OK) {
			db_rollback(db);
			break;
		}
		if ((e = db_commit(db)) != DDD_OK)
			break;
	}
	db_result_free(&tenants);
	if (e == DDD_OK)
		log_info("reminders", "date=%s queued=%lu", today, *queued);
	return e;
}
