#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "dossier.h"
#include "log.h"

/* A row of STMT_DOSSIER_GET, _LOCK or _GET_MBO (the same columns). */
static void
from_row(const struct db_result *r, struct dossier *d)
{
	d->id = strtoll(DB_COL(r, 0, "id"), NULL, 10);
	d->student_id = strtoll(DB_COL(r, 0, "student_id"), NULL, 10);
	d->phase = phase_from_name(DB_COL(r, 0, "phase"));
	d->version = atoi(DB_COL(r, 0, "version"));
	d->mentor_id = strtoll(DB_COL(r, 0, "mentor_id"), NULL, 10);
	d->mbo_tenant_id = strtoll(DB_COL(r, 0, "mbo_tenant_id"), NULL, 10);
	d->archived = atoi(DB_COL(r, 0, "archived"));
	d->created_by = strtoll(DB_COL(r, 0, "created_by"), NULL, 10);
	d->deel_a_sent = atoi(DB_COL(r, 0, "deel_a_sent"));
}

/* Read a dossier for an actor: the school's own statement for people of
 * the school, the participation join for a college's users. */
enum ddd_err
dossier_get(const struct actor *a, long long id, int lock, struct dossier *d)
{
	struct db_param	 p[3] = { DB_P_INT(id), DB_P_INT(a->tenant_id),
	    DB_P_INT(a->tenant_id) };
	struct dossier_ref ref;
	struct db_result res;
	enum ddd_err	 e;
	int		 mbo = a->role == ROLE_MBO;

	memset(d, 0, sizeof(*d));
	if (a->account_id == 0)
		return DDD_ERR_NOT_FOUND;
	if (mbo && lock)
		return DDD_ERR_INTERNAL;	/* colleges change none */
	if ((e = db_run(a->db, mbo ? STMT_DOSSIER_GET_MBO : lock ?
	    STMT_DOSSIER_LOCK : STMT_DOSSIER_GET, p, mbo ? 3 : 2, &res)) !=
	    DDD_OK)
		return e;
	if (res.nrows != 1) {
		db_result_free(&res);
		return DDD_ERR_NOT_FOUND;
	}
	from_row(&res, d);
	d->tenant_id = mbo ? strtoll(DB_COL(&res, 0, "tenant_id"), NULL, 10) :
	    a->tenant_id;
	db_result_free(&res);
	ref = (struct dossier_ref){ d->tenant_id, d->student_id, d->mentor_id,
	    d->created_by, d->mbo_tenant_id, mbo };
	if ((e = vis_scope(a, &ref, &d->scope)) != DDD_OK)
		return e;
	return vis_sees_dossier(d->scope, d->phase) ? DDD_OK :
	    DDD_ERR_NOT_FOUND;
}

enum ddd_err
answers_get(const struct actor *who, const struct dossier *d,
    struct answers *a)
{
	struct db_param	 p[2] = { DB_P_INT(d->id), DB_P_INT(d->tenant_id) };
	enum ddd_err	 e;
	size_t		 i;

	memset(a, 0, sizeof(*a));
	if ((e = db_run(who->db, STMT_ANSWERS_GET, p, 2, &a->res)) != DDD_OK)
		return e;
	if (a->res.nrows > 0 &&
	    (a->v = calloc(a->res.nrows, sizeof(*a->v))) == NULL) {
		db_result_free(&a->res);
		return DDD_ERR_NOMEM;
	}
	for (i = 0; i < a->res.nrows; i++) {
		a->v[i].id = DB_COL(&a->res, i, "question_id");
		a->v[i].value = DB_COL(&a->res, i, "value");
		a->v[i].len = DB_COL_LEN(&a->res, i, "value");
	}
	a->n = a->res.nrows;
	return DDD_OK;
}

void
answers_free(struct answers *a)
{
	free(a->v);
	db_result_free(&a->res);
	memset(a, 0, sizeof(*a));
}

static enum ddd_err
event(const struct actor *a, const struct dossier *d, const char *kind,
    enum phase from, enum phase to, const char *note)
{
	/* The dossier's tenant: an MBO's status change is the school's
	 * history too. */
	struct db_param	 p[8] = { DB_P_INT(d->id), DB_P_INT(d->tenant_id),
	    DB_P_INT(a->account_id), DB_P_STR(kind),
	    DB_P_STR(phase_name(from)), DB_P_STR(phase_name(to)),
	    DB_P_INT(d->version), DB_P_STR(note != NULL ? note : "") };

	return db_run(a->db, STMT_EVENT_INSERT, p, 8, NULL);
}

enum ddd_err
dossier_access(const struct actor *a, const struct dossier *d,
    const char *action)
{
	struct db_param	 p[8] = { DB_P_INT(d->tenant_id), DB_P_INT(d->id),
	    DB_P_INT(d->student_id), DB_P_INT(a->account_id),
	    DB_P_INT(a->tenant_id), DB_P_STR(a->naam),
	    DB_P_STR(a->tenant_name), DB_P_STR(action) };

	if (d->scope == SCOPE_OWN)
		return DDD_OK;
	return db_run(a->db, STMT_ACCESS_INSERT, p, 8, NULL);
}

enum ddd_err
dossier_event(const struct actor *a, const struct dossier *d,
    const char *kind, const char *note)
{
	return event(a, d, kind, PHASE_NONE, PHASE_NONE, note);
}

enum ddd_err
dossier_transition(const struct actor *a, struct dossier *d,
    enum transition t, const char *note)
{
	const struct transition_def *def;
	enum phase	 from = d->phase;
	enum ddd_err	 e;

	if (!a->db->in_txn)
		return DDD_ERR_INTERNAL;
	if ((e = lifecycle_check(t, d->phase, a->role)) != DDD_OK)
		return e;
	def = &transitions[t];
	if (t == T_ARCHIVE || t == T_REACTIVATE) {
		struct db_param p[3] = { DB_P_INT(t == T_ARCHIVE),
		    DB_P_INT(d->id), DB_P_INT(a->tenant_id) };
		if (d->archived == (t == T_ARCHIVE))
			return DDD_ERR_CONFLICT;
		if ((e = db_run(a->db, STMT_DOSSIER_SET_ARCHIVED, p, 3,
		    NULL)) != DDD_OK)
			return e;
		d->archived = t == T_ARCHIVE;
	} else if (def->to != PHASE_NONE) {
		struct db_param p[4] = { DB_P_STR(phase_name(def->to)),
		    DB_P_INT(def->new_version), DB_P_INT(d->id),
		    DB_P_INT(a->tenant_id) };
		if ((e = db_run(a->db, STMT_DOSSIER_SET_PHASE, p, 4, NULL)) !=
		    DDD_OK)
			return e;
		d->phase = def->to;
		d->version += def->new_version;
	}
	if ((e = event(a, d, def->name, from, d->phase, note)) != DDD_OK)
		return e;
	log_info("transition", "tenant=%lld dossier=%lld by=%lld t=%s "
	    "from=%s to=%s version=%d", a->tenant_id, d->id,
	    a->account_id, def->name, phase_name(from),
	    phase_name(d->phase), d->version);
	return DDD_OK;
}

enum ddd_err
dossier_create(const struct actor *a, long long student_id,
    long long mentor_id, enum transition t, struct dossier *d)
{
	struct db_param	 p[4] = { DB_P_INT(a->tenant_id),
	    DB_P_INT(student_id), DB_P_INT(mentor_id),
	    DB_P_INT(a->account_id) };
	struct db_result res;
	enum ddd_err	 e;

	memset(d, 0, sizeof(*d));
	if (mentor_id == 0)
		p[2] = (struct db_param){ DB_NULL, NULL, 0, 0 };
	if ((e = db_run(a->db, STMT_DOSSIER_INSERT, p, 4, &res)) != DDD_OK)
		return e;
	d->id = (long long)res.insert_id;
	db_result_free(&res);
	d->tenant_id = a->tenant_id;
	d->student_id = student_id;
	d->mentor_id = mentor_id;
	d->created_by = a->account_id;
	d->phase = PHASE_NONE;
	d->scope = a->role == ROLE_LEERLING ? SCOPE_OWN :
	    a->role == ROLE_DECAAN ? SCOPE_SCHOOL : SCOPE_MENTOR;
	return dossier_transition(a, d, t, NULL);
}

const struct form_def *
dossier_form_a(const struct actor *a, long long tenant_id)
{
	const struct form_def *base = forms_find(a->app->forms, FORM_DEEL_A);
	const struct tenant_config *tc;
	enum ddd_err	 e;

	if (base == NULL)
		return NULL;
	/* Built when the tenant's file was parsed (fcgi/tenant_config.c),
	 * against this same base. */
	if ((e = actor_tenant(a, tenant_id, &tc)) != DDD_OK) {
		/* As before the cache: the page goes on without the
		 * addendum rather than failing on a read that the next
		 * statement will most likely report anyway. */
		log_warn("form_a", "tenant=%lld error=%s note=\"without the "
		    "regional addendum\"", tenant_id, err_name(e));
		return base;
	}
	return tc->form_a_def != NULL ? tc->form_a_def : base;
}

