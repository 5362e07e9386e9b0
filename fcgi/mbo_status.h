/* Where the student stands at the college: the intake status an MBO
 * college reports on an afgerond dossier, by a user on its page
 * (page_mbo.c) or by its system through the API (api_dossiers.c).  One
 * list of statuses, one rule for the reason, one function that writes:
 * both ways of reporting are the same.  No HTTP here. */
#ifndef DDD_MBO_STATUS_H
#define DDD_MBO_STATUS_H

#include <stddef.h>

#include "dossier.h"

#define MBO_REASON_MAX	500	/* characters */

struct mbo_status_def {
	const char	*value;		/* dossier.mbo_status */
	const char	*label;		/* Dutch, as the school reads it */
};

/* In the order a student goes through them. */
extern const struct mbo_status_def	mbo_statuses[];
extern const size_t			mbo_nstatuses;

enum mbo_status_problem {
	MBO_STATUS_OK,
	MBO_STATUS_UNKNOWN,	/* not one of mbo_statuses */
	MBO_STATUS_NO_REASON,	/* 'niet geplaatst' without a reason */
	MBO_STATUS_REASON_LONG	/* over MBO_REASON_MAX characters */
};

/* The rule: a status of the list; 'niet_geplaatst' needs a reason that
 * is not only white space; a reason has at most MBO_REASON_MAX
 * characters.  status NULL counts as unknown, reden NULL as "". */
enum mbo_status_problem mbo_status_check(const char *status,
		    const char *reden);
/* What the page and the API say about a problem (Dutch). */
const char	*mbo_status_problem_nl(enum mbo_status_problem);
/* The form field a problem is about: "status" or "reden". */
const char	*mbo_status_problem_field(enum mbo_status_problem);
/* The Dutch label of a status value; NULL when unknown. */
const char	*mbo_status_label(const char *value);

/* Report a status on d, read by dossier_get for a college's actor (the
 * college the student chose, where it takes part, afgerond), after
 * mbo_status_check passed: in a transaction of its own, the dossier row
 * locked; a reason is kept for 'niet geplaatst' only.  The same status
 * and reason as stored change nothing (*changed 0, no history event): a
 * report sent twice counts once.  A change is a history event of the
 * dossier (in the school's history, naming the college) and moves the
 * dossier to the end of the college's API feed (fcgi/api_feed.h). */
enum ddd_err	 mbo_status_set(const struct actor *, const struct dossier *,
		    const char *status, const char *reden, int *changed);

#endif
