/* The dossier life cycle as a table: which transition may run from which
 * phase, by which role, to which phase.  Every change of a dossier's
 * phase goes through lifecycle_check (pure, unit-tested) and then
 * dossier_transition (fcgi/dossier.c: lock, ownership, update, history
 * event and mails in one transaction). */
#ifndef DDD_LIFECYCLE_H
#define DDD_LIFECYCLE_H

#include "err.h"

enum phase {
	PHASE_NONE,		/* before the dossier exists */
	PHASE_DEEL_A,
	PHASE_DEEL_B,
	PHASE_AKKOORD,
	PHASE_AFGEROND,
	PHASE__MAX
};

enum transition {
	T_NEW,			/* 'Nieuw dossier' by the student */
	T_START_EARLY,		/* the mentor starts deel B before deel A */
	T_SUBMIT_A,		/* 'Opsturen' of deel A to the chosen mentor */
	T_RETURN,		/* 'terugzetten naar de leerling' */
	T_SUBMIT_B,		/* 'Opsturen naar leerling' */
	T_CHANGE,		/* 'Wijzigen' in the akkoordverklaring */
	T_AGREE,		/* 'Akkoord' */
	T_ARCHIVE,		/* archiveren (a flag, not a phase) */
	T_REACTIVATE,		/* the student brings an archived one back */
	T__MAX
};

struct transition_def {
	const char	*name;		/* for the history and the log */
	unsigned int	 from;		/* bit (1 << phase) per allowed phase */
	enum phase	 to;		/* PHASE_NONE: the phase stays */
	unsigned int	 roles;		/* ROLE_* bits */
	int		 new_version;	/* a submission: the version goes up */
};

extern const struct transition_def transitions[T__MAX];

const char	*phase_name(enum phase);	/* "deel_a", ... */
enum phase	 phase_from_name(const char *);	/* PHASE_NONE if unknown */

/* DDD_OK, DDD_ERR_FORBIDDEN (role), or DDD_ERR_CONFLICT (phase). */
enum ddd_err	 lifecycle_check(enum transition, enum phase, unsigned int role);

#endif
