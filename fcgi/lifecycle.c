#include <string.h>

#include "lifecycle.h"
#include "role.h"

#define P(x)	(1u << (x))

/* The life cycle (docs/decisions.md, "The dossier"), as data.  Archive is a flag: it
 * leaves the phase as it is. */
const struct transition_def transitions[T__MAX] = {
	[T_NEW] = { "nieuw_dossier", P(PHASE_NONE), PHASE_DEEL_A,
	    ROLE_LEERLING, 0 },
	[T_START_EARLY] = { "deel_b_vroeg_gestart", P(PHASE_NONE),
	    PHASE_DEEL_A, ROLE_STAFF, 0 },
	[T_SUBMIT_A] = { "deel_a_opgestuurd", P(PHASE_DEEL_A), PHASE_DEEL_B,
	    ROLE_LEERLING, 1 },
	[T_RETURN] = { "teruggezet", P(PHASE_DEEL_B), PHASE_DEEL_A,
	    ROLE_STAFF, 0 },
	[T_SUBMIT_B] = { "deel_b_opgestuurd", P(PHASE_DEEL_B), PHASE_AKKOORD,
	    ROLE_STAFF, 1 },
	[T_CHANGE] = { "wijzigen", P(PHASE_AKKOORD), PHASE_DEEL_A,
	    ROLE_LEERLING, 0 },
	[T_AGREE] = { "akkoord", P(PHASE_AKKOORD), PHASE_AFGEROND,
	    ROLE_LEERLING, 0 },
	[T_ARCHIVE] = { "gearchiveerd", P(PHASE_DEEL_A) | P(PHASE_DEEL_B) |
	    P(PHASE_AKKOORD) | P(PHASE_AFGEROND), PHASE_NONE, ROLE_STAFF, 0 },
	[T_REACTIVATE] = { "geactiveerd", P(PHASE_DEEL_A) | P(PHASE_DEEL_B) |
	    P(PHASE_AKKOORD) | P(PHASE_AFGEROND), PHASE_NONE, ROLE_LEERLING,
	    0 },
};

static const char *const phases[PHASE__MAX] = {
	[PHASE_NONE] = "",
	[PHASE_DEEL_A] = "deel_a",
	[PHASE_DEEL_B] = "deel_b",
	[PHASE_AKKOORD] = "akkoord",
	[PHASE_AFGEROND] = "afgerond",
};

const char *
phase_name(enum phase p)
{
	return (unsigned)p < PHASE__MAX ? phases[p] : "";
}

enum phase
phase_from_name(const char *s)
{
	int	 i;

	for (i = PHASE_DEEL_A; s != NULL && i < PHASE__MAX; i++)
		if (strcmp(phases[i], s) == 0)
			return (enum phase)i;
	return PHASE_NONE;
}

enum ddd_err
lifecycle_check(enum transition t, enum phase p, unsigned int role)
{
	if ((unsigned)t >= T__MAX || (unsigned)p >= PHASE__MAX)
		return DDD_ERR_INTERNAL;
	if (!(transitions[t].roles & role))
		return DDD_ERR_FORBIDDEN;
	if (!(transitions[t].from & P(p)))
		return DDD_ERR_CONFLICT;
	return DDD_OK;
}
