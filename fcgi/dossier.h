/* A dossier as the handlers see it, the checks of who may see it, and the
 * one function that changes its phase (lock, check, update, history
 * event and mails in one transaction). */
#ifndef DDD_DOSSIER_H
#define DDD_DOSSIER_H

#include "forms.h"
#include "http.h"
#include "lifecycle.h"

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
};

/* The answers of one dossier, for the forms functions. */
struct answers {
	struct form_answer	*v;
	size_t			 n;
	struct db_result	 res;	/* owns the strings */
};

/* Read a dossier of the session's tenant the session may see; lock it
 * FOR UPDATE when inside a transaction.  DDD_ERR_NOT_FOUND for one of
 * another tenant, or one this person may not see (no hint it exists). */
enum ddd_err	 dossier_get(struct ctx *, long long id, int lock,
		    struct dossier *);
enum ddd_err	 answers_get(struct ctx *, const struct dossier *,
		    struct answers *);
/* An afgerond dossier for an MBO user: one whose student chose this
 * college (the session's tenant) at a school where it takes part.
 * DDD_ERR_NOT_FOUND otherwise. */
enum ddd_err	 dossier_get_mbo(struct ctx *, long long id, struct dossier *);
void		 answers_free(struct answers *);

/* Run a transition on a locked dossier inside the caller's transaction:
 * check phase and role, update, and write the history event.  Mails are
 * the caller's (they differ per transition).  DDD_ERR_CONFLICT when the
 * phase does not allow it, DDD_ERR_FORBIDDEN for the wrong role. */
enum ddd_err	 dossier_transition(struct ctx *, struct dossier *,
		    enum transition, const char *note);
/* A new dossier for student_id (mentor_id 0: none yet), made by the
 * session's account through T_NEW or T_START_EARLY, inside the caller's
 * transaction; d is filled. */
enum ddd_err	 dossier_create(struct ctx *, long long student_id,
		    long long mentor_id, enum transition, struct dossier *d);
/* The AVG access log: record that the session viewed or downloaded d
 * (action: bekeken, pdf, fo, bijlage, xml, zip, bsn).  A student's own
 * access is not recorded (DDD_OK).  Callers serve nothing when this
 * fails. */
enum ddd_err	 dossier_access(struct ctx *, const struct dossier *,
		    const char *action);
/* A history event that is not a transition (a saved step). */
enum ddd_err	 dossier_event(struct ctx *, const struct dossier *,
		    const char *kind, const char *note);

#endif
