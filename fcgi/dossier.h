/* A dossier as the domain sees it, read for an actor (who may see it is
 * fcgi/visibility.c's rule), and the one function that changes its phase
 * (lock, check, update, history event, in the caller's transaction).
 * No HTTP here: pages, dddctl and the API pass a struct actor. */
#ifndef DDD_DOSSIER_H
#define DDD_DOSSIER_H

#include "actor.h"
#include "forms.h"
#include "lifecycle.h"
#include "visibility.h"

/* The forms of a dossier, in the order they are filled. */
#define FORM_DEEL_A		"deel-a"
#define FORM_DEEL_B_LEERLING	"deel-b-leerling"
#define FORM_DEEL_B_DOSSIER	"deel-b-dossier"

struct dossier {
	long long	 id;
	long long	 tenant_id;	/* the school's */
	long long	 student_id;
	enum phase	 phase;
	int		 version;
	long long	 mentor_id;	/* 0 when none */
	long long	 mbo_tenant_id;	/* 0 when none */
	int		 archived;
	long long	 created_by;
	int		 deel_a_sent;	/* deel A was sent in at least once */
	enum dossier_scope scope;	/* of the actor it was read for */
};

/* Whether the actor it was read for may see a part of it now. */
#define DOSSIER_MAY(d, part)	vis_may((d)->scope, (d)->phase, (part))

/* The answers of one dossier, for the forms functions. */
struct answers {
	struct form_answer	*v;
	size_t			 n;
	struct db_result	 res;	/* owns the strings */
};

/* Read a dossier the actor may see (fcgi/visibility.c), with d->scope
 * set; lock it FOR UPDATE when lock is set (inside a transaction).  For
 * an MBO user only an afgerond dossier whose student chose that college
 * at a school where it takes part.  DDD_ERR_NOT_FOUND for one of
 * another tenant, or one this actor may not see (no hint it exists). */
enum ddd_err	 dossier_get(const struct actor *, long long id, int lock,
		    struct dossier *);
/* Every stored answer of d (all parts: callers show only the parts
 * DOSSIER_MAY allows). */
enum ddd_err	 answers_get(const struct actor *, const struct dossier *,
		    struct answers *);
void		 answers_free(struct answers *);

/* Deel A for a school: the shipped form plus the school's regional
 * addendum (one more step), built once per load of the school's file
 * (fcgi/tenant_config.h). */
const struct form_def *dossier_form_a(const struct actor *,
		    long long tenant_id);
/* Run a transition on a locked dossier inside the caller's transaction:
 * check phase and role, update, and write the history event.  Mails are
 * the caller's (they differ per transition).  DDD_ERR_CONFLICT when the
 * phase does not allow it, DDD_ERR_FORBIDDEN for the wrong role. */
enum ddd_err	 dossier_transition(const struct actor *, struct dossier *,
		    enum transition, const char *note);
/* A new dossier for student_id (mentor_id 0: none yet), made by the
 * actor through T_NEW or T_START_EARLY, inside the caller's
 * transaction; d is filled. */
enum ddd_err	 dossier_create(const struct actor *, long long student_id,
		    long long mentor_id, enum transition, struct dossier *d);
/* The AVG access log: record that the actor viewed or downloaded d
 * (action: bekeken, pdf, fo, bijlage, xml, zip, bsn, export).  A
 * student's own access is not recorded (DDD_OK).  Callers serve nothing
 * when this fails. */
enum ddd_err	 dossier_access(const struct actor *, const struct dossier *,
		    const char *action);
/* A history event that is not a transition (a saved step). */
enum ddd_err	 dossier_event(const struct actor *, const struct dossier *,
		    const char *kind, const char *note);

#endif
