#include <stdlib.h>
#include <string.h>

#include "dossier.h"
#include "log.h"
#include "route.h"

static void
from_row(const struct db_result *r, struct dossier *d)
{
	d->id = strtoll(DB_CELL(r, 0, 0), NULL, 10);
	d->student_id = strtoll(DB_CELL(r, 0, 1), NULL, 10);
	d->phase = phase_from_name(DB_CELL(r, 0, 2));
	d->version = atoi(DB_CELL(r, 0, 3));
	d->mentor_id = strtoll(DB_CELL(r, 0, 4), NULL, 10);
	d->mbo_tenant_id = strtoll(DB_CELL(r, 0, 5), NULL, 10);
	d->archived = atoi(DB_CELL(r, 0, 6));
	d->created_by = strtoll(DB_CELL(r, 0, 7), NULL, 10);
	d->deel_a_sent = atoi(DB_CELL(r, 0, 8));
}

/* Who may see a dossier of their own tenant: the student whose it is;
 * a decaan; a mentor it was sent to, who started it, or of the student's
 * class.  (MBO users see afgeronde dossiers through their own pages.) */
static int
may_see(struct ctx *c, const struct dossier *d)
{
	struct db_result res;
	int		 yes;

	switch (c->sess.role) {
	case ROLE_LEERLING:
		return d->student_id == c->sess.account_id;
	case ROLE_DECAAN:
		return 1;
	case ROLE_MENTOR:
		if (d->mentor_id == c->sess.account_id ||
		    d->created_by == c->sess.account_id)
			return 1;
		{
			struct db_param p[3] = { DB_P_INT(c->sess.account_id),
			    DB_P_INT(d->student_id),
			    DB_P_INT(c->sess.tenant_id) };
			if (db_run(c->db, STMT_MENTOR_OF_STUDENT, p, 3,
			    &res) != DDD_OK)
				return 0;
		}
		yes = res.nrows > 0;
		db_result_free(&res);
		return yes;
	default:
		return 0;
	}
}

enum ddd_err
dossier_get(struct ctx *c, long long id, int lock, struct dossier *d)
{
	struct db_param	 p[2] = { DB_P_INT(id), DB_P_INT(c->sess.tenant_id) };
	struct db_result res;
	enum ddd_err	 e;

	memset(d, 0, sizeof(*d));
	if ((e = db_run(c->db, lock ? STMT_DOSSIER_LOCK : STMT_DOSSIER_GET, p,
	    2, &res)) != DDD_OK)
		return e;
	if (res.nrows != 1) {
		db_result_free(&res);
		return DDD_ERR_NOT_FOUND;
	}
	from_row(&res, d);
	d->tenant_id = c->sess.tenant_id;
	db_result_free(&res);
	return may_see(c, d) ? DDD_OK : DDD_ERR_NOT_FOUND;
}

enum ddd_err
dossier_get_mbo(struct ctx *c, long long id, struct dossier *d)
{
	struct db_param	 p[3] = { DB_P_INT(id), DB_P_INT(c->sess.tenant_id),
	    DB_P_INT(c->sess.tenant_id) };
	struct db_result res;
	enum ddd_err	 e;

	memset(d, 0, sizeof(*d));
	if (c->sess.role != ROLE_MBO)
		return DDD_ERR_NOT_FOUND;
	if ((e = db_run(c->db, STMT_DOSSIER_GET_MBO, p, 3, &res)) != DDD_OK)
		return e;
	if (res.nrows != 1) {
		db_result_free(&res);
		return DDD_ERR_NOT_FOUND;
	}
	from_row(&res, d);
	d->tenant_id = strtoll(DB_CELL(&res, 0, 9), NULL, 10);
	db_result_free(&res);
	return DDD_OK;
}

enum ddd_err
answers_get(struct ctx *c, const struct dossier *d, struct answers *a)
{
	struct db_param	 p[2] = { DB_P_INT(d->id), DB_P_INT(d->tenant_id) };
	enum ddd_err	 e;
	size_t		 i;

	memset(a, 0, sizeof(*a));
	if ((e = db_run(c->db, STMT_ANSWERS_GET, p, 2, &a->res)) != DDD_OK)
		return e;
	if (a->res.nrows > 0 &&
	    (a->v = calloc(a->res.nrows, sizeof(*a->v))) == NULL) {
		db_result_free(&a->res);
		return DDD_ERR_NOMEM;
	}
	for (i = 0; i < a->res.nrows; i++) {
		a->v[i].id = DB_CELL(&a->res, i, 0);
		a->v[i].value = DB_CELL(&a->res, i, 1);
		a->v[i].len = a->res.len[i * a->res.ncols + 1];
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
event(struct ctx *c, const struct dossier *d, const char *kind,
    enum phase from, enum phase to, const char *note)
{
	/* The dossier's tenant: an MBO's status change is the school's
	 * history too. */
	struct db_param	 p[8] = { DB_P_INT(d->id), DB_P_INT(d->tenant_id),
	    DB_P_INT(c->sess.account_id), DB_P_STR(kind),
	    DB_P_STR(phase_name(from)), DB_P_STR(phase_name(to)),
	    DB_P_INT(d->version), DB_P_STR(note != NULL ? note : "") };

	return db_run(c->db, STMT_EVENT_INSERT, p, 8, NULL);
}

enum ddd_err
dossier_access(struct ctx *c, const struct dossier *d, const char *action)
{
	struct db_param	 p[8] = { DB_P_INT(d->tenant_id), DB_P_INT(d->id),
	    DB_P_INT(d->student_id), DB_P_INT(c->sess.account_id),
	    DB_P_INT(c->sess.tenant_id), DB_P_STR(c->sess.naam),
	    DB_P_STR(c->sess.tenant_name), DB_P_STR(action) };

	if (c->sess.role == ROLE_LEERLING)
		return DDD_OK;
	return db_run(c->db, STMT_ACCESS_INSERT, p, 8, NULL);
}

enum ddd_err
dossier_event(struct ctx *c, const struct dossier *d, const char *kind,
    const char *note)
{
	return event(c, d, kind, PHASE_NONE, PHASE_NONE, note);
}

enum ddd_err
dossier_transition(struct ctx *c, struct dossier *d, enum transition t,
    const char *note)
{
	const struct transition_def *def;
	enum phase	 from = d->phase;
	enum ddd_err	 e;

	if (!c->db->in_txn)
		return DDD_ERR_INTERNAL;
	if ((e = lifecycle_check(t, d->phase, c->sess.role)) != DDD_OK)
		return e;
	def = &transitions[t];
	if (t == T_ARCHIVE || t == T_REACTIVATE) {
		struct db_param p[3] = { DB_P_INT(t == T_ARCHIVE),
		    DB_P_INT(d->id), DB_P_INT(c->sess.tenant_id) };
		if (d->archived == (t == T_ARCHIVE))
			return DDD_ERR_CONFLICT;
		if ((e = db_run(c->db, STMT_DOSSIER_SET_ARCHIVED, p, 3,
		    NULL)) != DDD_OK)
			return e;
		d->archived = t == T_ARCHIVE;
	} else if (def->to != PHASE_NONE) {
		struct db_param p[4] = { DB_P_STR(phase_name(def->to)),
		    DB_P_INT(def->new_version), DB_P_INT(d->id),
		    DB_P_INT(c->sess.tenant_id) };
		if ((e = db_run(c->db, STMT_DOSSIER_SET_PHASE, p, 4, NULL)) !=
		    DDD_OK)
			return e;
		d->phase = def->to;
		d->version += def->new_version;
	}
	if ((e = event(c, d, def->name, from, d->phase, note)) != DDD_OK)
		return e;
	log_info("transition", "tenant=%lld dossier=%lld by=%lld t=%s "
	    "from=%s to=%s version=%d", c->sess.tenant_id, d->id,
	    c->sess.account_id, def->name, phase_name(from),
	    phase_name(d->phase), d->version);
	return DDD_OK;
}

enum ddd_err
dossier_create(struct ctx *c, long long student_id, long long mentor_id,
    enum transition t, struct dossier *d)
{
	struct db_param	 p[4] = { DB_P_INT(c->sess.tenant_id),
	    DB_P_INT(student_id), DB_P_INT(mentor_id),
	    DB_P_INT(c->sess.account_id) };
	struct db_result res;
	enum ddd_err	 e;

	memset(d, 0, sizeof(*d));
	if (mentor_id == 0)
		p[2] = (struct db_param){ DB_NULL, NULL, 0, 0 };
	if ((e = db_run(c->db, STMT_DOSSIER_INSERT, p, 4, &res)) != DDD_OK)
		return e;
	d->id = (long long)res.insert_id;
	db_result_free(&res);
	d->tenant_id = c->sess.tenant_id;
	d->student_id = student_id;
	d->mentor_id = mentor_id;
	d->created_by = c->sess.account_id;
	d->phase = PHASE_NONE;
	return dossier_transition(c, d, t, NULL);
}
