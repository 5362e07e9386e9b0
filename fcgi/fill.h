/* Filling in form steps, shared by the student's deel A pages and the
 * mentor's deel B pages: what was posted is checked and saved for an
 * actor.  No HTTP: the page hands over the posted fields and files. */
#ifndef DDD_FILL_H
#define DDD_FILL_H

#include <libxml/tree.h>

#include "dossier.h"
#include "multipart.h"
#include "req.h"

/* What a step's form sent: its fields (multi-choice values repeat) and
 * its files. */
struct fill_post {
	const struct kvlist	*fields;
	const struct mp_form	*files;
};

/* Step percentages of a form as <stap id titel nr percent/> under parent
 * (may be NULL); 1 when every step is at 100. */
int		 fill_percentages(const struct form_def *,
		    const struct form_answer *, size_t, xmlNodePtr parent);
/* Read and check the posted answers of one step; when every one is good,
 * save them (hidden or emptied ones are deleted) with a history event, in
 * one transaction that re-checks may_edit on the locked dossier (*saved
 * = 1).  A bad answer: DDD_ERR_INVALID_INPUT, nothing saved; the errors
 * and what was typed are under r. */
enum ddd_err	 fill_save_step(const struct actor *, const struct fill_post *,
		    struct dossier *, const struct form_def *,
		    const struct form_step *, const struct answers *,
		    xmlNodePtr r, int (*may_edit)(const struct dossier *),
		    int *saved);

#endif
