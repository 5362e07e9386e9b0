/* Who may see which part of a dossier in which phase: the one rule that
 * every view of a dossier asks (pages, FO, PDF, the XML export, the zip,
 * mails, the API, dddctl).  Pure data and pure functions, except
 * vis_scope, which reads the class links.  docs/decisions.md ("Who sees
 * what of a dossier") is this table in words; tests/integration/
 * t_visibility.py checks every part x phase x role x scope. */
#ifndef DDD_VISIBILITY_H
#define DDD_VISIBILITY_H

#include "actor.h"
#include "err.h"
#include "lifecycle.h"

/* The parts of a dossier that can be shown apart. */
enum dossier_part {
	PART_DEEL_A,		/* the student's answers and attached files */
	PART_DEEL_B_LEERLING,	/* the mentor's leerling-specifieke deel */
	PART_DEEL_B_DOSSIER,	/* the dossier-specifieke deel, with OPP en
				 * nader contact */
	PART_AKKOORD,		/* the akkoordverklaring: remarks, parent */
	PART_VERLOOP,		/* the history of the dossier */
	PART_MBO_STATUS,	/* the college's intake status */
	PART__MAX
};

#define PART_BIT(p)	(1u << (p))
#define PARTS_DEEL_B	(PART_BIT(PART_DEEL_B_LEERLING) | \
			 PART_BIT(PART_DEEL_B_DOSSIER))
#define PARTS_ALL	((1u << PART__MAX) - 1)

/* How an actor is related to a dossier. */
enum dossier_scope {
	SCOPE_NONE,		/* not at all: "niet gevonden" */
	SCOPE_OWN,		/* the student whose dossier it is */
	SCOPE_MENTOR,		/* a mentor it was sent to, who started it,
				 * or of the student's class */
	SCOPE_SCHOOL,		/* a decaan of the school */
	SCOPE_COLLEGE,		/* a user of the college the student chose,
				 * where it takes part */
	SCOPE__MAX
};

/* What vis_scope needs of a dossier (struct dossier has more). */
struct dossier_ref {
	long long	 tenant_id;	/* the school's */
	long long	 student_id;
	long long	 mentor_id;	/* 0 when none */
	long long	 created_by;
	long long	 mbo_tenant_id;	/* 0 when none */
	int		 participates;	/* the college takes part at the
					 * school (read with the dossier) */
};

/* The actor's scope on a dossier.  Reads the class links for a mentor;
 * SCOPE_NONE for anyone of another tenant (an MBO user only through the
 * college's participation). */
enum ddd_err	 vis_scope(const struct actor *, const struct dossier_ref *,
		    enum dossier_scope *);
/* Whether a scope may see a part in a phase. */
int		 vis_may(enum dossier_scope, enum phase, enum dossier_part);
/* Every part a scope may see in a phase, as PART_BIT()s. */
unsigned int	 vis_parts(enum dossier_scope, enum phase);
/* Whether a scope sees the dossier at all in a phase (any part). */
int		 vis_sees_dossier(enum dossier_scope, enum phase);
const char	*vis_part_name(enum dossier_part);
const char	*vis_scope_name(enum dossier_scope);

#endif
