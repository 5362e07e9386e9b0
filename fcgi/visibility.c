#include "visibility.h"

#define P(x)		(1u << (x))
#define ANY_PHASE	(P(PHASE_DEEL_A) | P(PHASE_DEEL_B) | \
			 P(PHASE_AKKOORD) | P(PHASE_AFGEROND))
/* Deel B is the mentor's until 'Opsturen naar leerling': the student
 * reads it in the akkoordverklaring and after. */
#define SENT_BACK	(P(PHASE_AKKOORD) | P(PHASE_AFGEROND))
#define FINAL		P(PHASE_AFGEROND)
#define STAFF_SEES	{ [PART_DEEL_A] = ANY_PHASE, \
			  [PART_DEEL_B_LEERLING] = ANY_PHASE, \
			  [PART_DEEL_B_DOSSIER] = ANY_PHASE, \
			  [PART_AKKOORD] = ANY_PHASE, \
			  [PART_VERLOOP] = ANY_PHASE, \
			  [PART_MBO_STATUS] = ANY_PHASE }

/* The phases in which each scope sees each part. */
static const unsigned int phases_for[SCOPE__MAX][PART__MAX] = {
	[SCOPE_NONE] = { 0 },
	[SCOPE_OWN] = {
		[PART_DEEL_A] = ANY_PHASE,
		[PART_DEEL_B_LEERLING] = SENT_BACK,
		[PART_DEEL_B_DOSSIER] = SENT_BACK,
		[PART_AKKOORD] = ANY_PHASE,
		[PART_VERLOOP] = ANY_PHASE,
		[PART_MBO_STATUS] = FINAL,
	},
	/* Staff follow deel A as it is written (the percentages in Mijn
	 * Leerlingen, 'Deel A' as PDF) and write deel B: the mentor of the
	 * dossier and the school's decaan see all of it. */
	[SCOPE_MENTOR] = STAFF_SEES,
	[SCOPE_SCHOOL] = STAFF_SEES,
	/* The college sees the finished dossier only (with OPP en nader
	 * contact: its participation is part of the scope). */
	[SCOPE_COLLEGE] = {
		[PART_DEEL_A] = FINAL,
		[PART_DEEL_B_LEERLING] = FINAL,
		[PART_DEEL_B_DOSSIER] = FINAL,
		[PART_AKKOORD] = FINAL,
		[PART_VERLOOP] = FINAL,
		[PART_MBO_STATUS] = FINAL,
	},
};

static const char *const part_names[PART__MAX] = {
	[PART_DEEL_A] = "deel_a",
	[PART_DEEL_B_LEERLING] = "deel_b_leerling",
	[PART_DEEL_B_DOSSIER] = "deel_b_dossier",
	[PART_AKKOORD] = "akkoord",
	[PART_VERLOOP] = "verloop",
	[PART_MBO_STATUS] = "mbo_status",
};

static const char *const scope_names[SCOPE__MAX] = {
	[SCOPE_NONE] = "none",
	[SCOPE_OWN] = "own",
	[SCOPE_MENTOR] = "mentor",
	[SCOPE_SCHOOL] = "school",
	[SCOPE_COLLEGE] = "college",
};

int
vis_may(enum dossier_scope s, enum phase ph, enum dossier_part part)
{
	if ((unsigned)s >= SCOPE__MAX || (unsigned)ph >= PHASE__MAX ||
	    (unsigned)part >= PART__MAX)
		return 0;
	return (phases_for[s][part] & P(ph)) != 0;
}

unsigned int
vis_parts(enum dossier_scope s, enum phase ph)
{
	unsigned int	 mask = 0;
	int		 part;

	for (part = 0; part < PART__MAX; part++)
		if (vis_may(s, ph, (enum dossier_part)part))
			mask |= PART_BIT(part);
	return mask;
}

int
vis_sees_dossier(enum dossier_scope s, enum phase ph)
{
	return vis_parts(s, ph) != 0;
}

const char *
vis_part_name(enum dossier_part part)
{
	return (unsigned)part < PART__MAX ? part_names[part] : "";
}

const char *
vis_scope_name(enum dossier_scope s)
{
	return (unsigned)s < SCOPE__MAX ? scope_names[s] : "";
}

/* A mentor of the student's class (klas links in mentor_class). */
static enum ddd_err
class_mentor(const struct actor *a, const struct dossier_ref *d, int *yes)
{
	struct db_param	 p[3] = { DB_P_INT(a->account_id),
	    DB_P_INT(d->student_id), DB_P_INT(a->tenant_id) };
	struct db_result res;
	enum ddd_err	 e;

	*yes = 0;
	if ((e = db_run(a->db, STMT_MENTOR_OF_STUDENT, p, 3, &res)) != DDD_OK)
		return e;
	*yes = res.nrows > 0;
	db_result_free(&res);
	return DDD_OK;
}

enum ddd_err
vis_scope(const struct actor *a, const struct dossier_ref *d,
    enum dossier_scope *out)
{
	enum ddd_err	 e;
	int		 yes;

	*out = SCOPE_NONE;
	if (a->account_id == 0)
		return DDD_OK;
	if (a->role == ROLE_MBO) {
		if (d->mbo_tenant_id != 0 && d->mbo_tenant_id == a->tenant_id &&
		    d->participates)
			*out = SCOPE_COLLEGE;
		return DDD_OK;
	}
	if (d->tenant_id != a->tenant_id)
		return DDD_OK;
	switch (a->role) {
	case ROLE_LEERLING:
		if (d->student_id == a->account_id)
			*out = SCOPE_OWN;
		return DDD_OK;
	case ROLE_DECAAN:
		*out = SCOPE_SCHOOL;
		return DDD_OK;
	case ROLE_MENTOR:
		if (d->mentor_id == a->account_id ||
		    d->created_by == a->account_id) {
			*out = SCOPE_MENTOR;
			return DDD_OK;
		}
		if ((e = class_mentor(a, d, &yes)) != DDD_OK)
			return e;
		if (yes)
			*out = SCOPE_MENTOR;
		return DDD_OK;
	default:
		return DDD_OK;
	}
}
