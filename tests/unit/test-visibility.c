/* Who sees which part in which phase: every scope x phase x part of
 * fcgi/visibility.c against the rule written out here a second time, by
 * hand, from docs/decisions.md ("Who sees what of a dossier").  The same
 * rule is checked through the real pages in t_visibility.py. */
#include "tap.h"
#include "visibility.h"

static int
expected(enum dossier_scope s, enum phase ph, enum dossier_part part)
{
	int returned = ph == PHASE_AKKOORD || ph == PHASE_AFGEROND;

	if (ph == PHASE_NONE)
		return 0;		/* no dossier yet */
	switch (s) {
	case SCOPE_OWN:
		if (part == PART_DEEL_B_LEERLING || part == PART_DEEL_B_DOSSIER)
			return returned;	/* the mentor's until sent */
		if (part == PART_MBO_STATUS)
			return ph == PHASE_AFGEROND;
		return 1;
	case SCOPE_MENTOR:
	case SCOPE_SCHOOL:
		return 1;
	case SCOPE_COLLEGE:
		return ph == PHASE_AFGEROND;
	default:
		return 0;
	}
}

int
main(void)
{
	int	 s, ph, part;

	for (s = 0; s < SCOPE__MAX; s++)
		for (ph = 0; ph < PHASE__MAX; ph++)
			for (part = 0; part < PART__MAX; part++)
				is_int(vis_may(s, ph, part), expected(s, ph, part),
				    "%s sees %s in phase %d", vis_scope_name(s),
				    vis_part_name(part), ph);
	/* The mask is the same rule. */
	for (s = 0; s < SCOPE__MAX; s++)
		for (ph = 0; ph < PHASE__MAX; ph++) {
			unsigned int m = 0;
			for (part = 0; part < PART__MAX; part++)
				if (expected(s, ph, part))
					m |= PART_BIT(part);
			is_int((int)vis_parts(s, ph), (int)m, "%s in phase %d: "
			    "the mask", vis_scope_name(s), ph);
			is_int(vis_sees_dossier(s, ph), m != 0, "%s in phase "
			    "%d: sees the dossier", vis_scope_name(s), ph);
		}
	ok(!vis_may(SCOPE__MAX, PHASE_DEEL_A, PART_DEEL_A) &&
	    !vis_may(SCOPE_OWN, PHASE__MAX, PART_DEEL_A) &&
	    !vis_may(SCOPE_OWN, PHASE_DEEL_A, PART__MAX),
	    "out of range: nothing");
	return done_testing();
}
