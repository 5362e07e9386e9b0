/* Filling in form steps, shared by the student's deel A pages and the
 * mentor's deel B pages. */
#ifndef DDD_FILL_H
#define DDD_FILL_H

#include "dossier.h"
#include "http.h"

/* Step percentages of a form as <stap id titel nr percent/> under parent
 * (may be NULL); 1 when every step is at 100. */
int		 fill_percentages(const struct form_def *,
		    const struct form_answer *, size_t, xmlNodePtr parent);
/* Deel A for a school: the shipped form plus the school's regional
 * addendum (one more step), built once per load of the school's file
 * (fcgi/tenant_config.h). */
const struct form_def *fill_form_a(struct ctx *, long long tenant_id);
/* The MBO colleges for Q_MBO questions: <mbos><mbo slug>name</mbo>. */
enum ddd_err	 fill_mbo_options(struct ctx *, xmlNodePtr parent);
#define FILL_MAX_FORMS	3	/* deel A and the two of deel B */

/* The stored answers of the parts in want (PART_BIT()s) that d's reader
 * may see (fcgi/visibility.c): <antwoorden><a q="id">value</a>. */
void		 fill_answers_xml(struct ctx *, const struct dossier *,
		    const struct answers *, unsigned int want,
		    xmlNodePtr parent);
/* Read and check the posted answers of one step; when every one is good,
 * save them (hidden or emptied ones are deleted) with a history event, in
 * one transaction that re-checks may_edit on the locked dossier.  Errors
 * and what was typed go under r; *saved says whether it was stored. */
enum ddd_err	 fill_save_step(struct ctx *, struct dossier *,
		    const struct form_def *, const struct form_step *,
		    const struct answers *, xmlNodePtr r,
		    int (*may_edit)(const struct ctx *, const struct dossier *),
		    int *saved);

/* The files attached to a dossier, as <bijlagen> under parent. */
enum ddd_err	 fill_attachments_xml(struct ctx *, const struct dossier *,
		    xmlNodePtr parent);
/* Whose dossier it is, for the top of every dossier page:
 * <leerling naam leerlingnummer klas geboortedatum/><school naam/>. */
enum ddd_err	 fill_student_xml(struct ctx *, const struct dossier *,
		    xmlNodePtr parent);
/* The dossier read-only, as far as its reader may see it now and the
 * caller wants (PART_BIT()s): the forms with their answers and attached
 * files, the college names for Q_MBO answers, and the akkoordverklaring
 * if given, under parent as <overzicht>.  Every page, document and
 * export of a dossier's content goes through here. */
enum ddd_err	 fill_view(struct ctx *, const struct dossier *,
		    const struct answers *, unsigned int want,
		    xmlNodePtr parent);

#endif
