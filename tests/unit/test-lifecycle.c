/* The transition table: every transition x phase x role, against the life
 * cycle written out here a second time, by hand, from the manual. */
#include "lifecycle.h"
#include "role.h"
#include "tap.h"

static const unsigned int roles[] = { ROLE_LEERLING, ROLE_MENTOR,
    ROLE_DECAAN, ROLE_MBO };

/* Expected: who may do it from where. */
static int
allowed(enum transition t, enum phase p, unsigned int r)
{
	int staff = r == ROLE_MENTOR || r == ROLE_DECAAN;

	switch (t) {
	case T_NEW:		return p == PHASE_NONE && r == ROLE_LEERLING;
	case T_START_EARLY:	return p == PHASE_NONE && staff;
	case T_SUBMIT_A:	return p == PHASE_DEEL_A && r == ROLE_LEERLING;
	case T_RETURN:		return p == PHASE_DEEL_B && staff;
	case T_SUBMIT_B:	return p == PHASE_DEEL_B && staff;
	case T_CHANGE:		return p == PHASE_AKKOORD && r == ROLE_LEERLING;
	case T_AGREE:		return p == PHASE_AKKOORD && r == ROLE_LEERLING;
	case T_ARCHIVE:		return p != PHASE_NONE && staff;
	case T_REACTIVATE:	return p != PHASE_NONE && r == ROLE_LEERLING;
	default:		return 0;
	}
}

int
main(void)
{
	int		 t, p;
	size_t		 r;
	enum ddd_err	 e;

	for (t = 0; t < T__MAX; t++)
		for (p = 0; p < PHASE__MAX; p++)
			for (r = 0; r < sizeof(roles) / sizeof(roles[0]); r++) {
				e = lifecycle_check(t, p, roles[r]);
				if (allowed(t, p, roles[r]))
					ok(e == DDD_OK, "%s from '%s' by role "
					    "%u allowed", transitions[t].name,
					    phase_name(p), roles[r]);
				else
					ok(e == DDD_ERR_FORBIDDEN ||
					    e == DDD_ERR_CONFLICT, "%s from "
					    "'%s' by role %u refused",
					    transitions[t].name, phase_name(p),
					    roles[r]);
			}
	is_int(lifecycle_check(T_SUBMIT_A, PHASE_DEEL_B, ROLE_LEERLING),
	    DDD_ERR_CONFLICT, "wrong phase is a conflict (409)");
	is_int(lifecycle_check(T_SUBMIT_A, PHASE_DEEL_A, ROLE_MENTOR),
	    DDD_ERR_FORBIDDEN, "wrong role is forbidden (403)");
	is_int(lifecycle_check(T_AGREE, PHASE_AKKOORD, ROLE_MBO),
	    DDD_ERR_FORBIDDEN, "an MBO user never changes a dossier");
	is_int(lifecycle_check(T__MAX, PHASE_DEEL_A, ROLE_LEERLING),
	    DDD_ERR_INTERNAL, "unknown transition");
	ok(transitions[T_SUBMIT_A].new_version &&
	    transitions[T_SUBMIT_B].new_version &&
	    !transitions[T_AGREE].new_version,
	    "submissions make a new version; akkoord binds to one");
	is_int(phase_from_name("akkoord"), PHASE_AKKOORD, "phase by name");
	is_int(phase_from_name("x"), PHASE_NONE, "unknown phase name");
	is_str(phase_name(PHASE_AFGEROND), "afgerond", "name of a phase");
	return done_testing();
}
