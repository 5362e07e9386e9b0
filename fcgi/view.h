/* A dossier read-only for an actor, as far as they may see it now
 * (fcgi/visibility.c).  Every page, document and export of a dossier's
 * content builds its XML here. */
#ifndef DDD_VIEW_H
#define DDD_VIEW_H

#include <libxml/tree.h>

#include "dossier.h"

#define VIEW_MAX_FORMS	3	/* deel A and the two of deel B */

/* The MBO colleges for Q_MBO questions: <mbos><mbo slug>name</mbo>. */
enum ddd_err	 view_mbo_options(const struct actor *, xmlNodePtr parent);
/* The stored answers of the parts in want (PART_BIT()s) that d's reader
 * may see: <antwoorden><a q="id">value</a>. */
void		 view_answers(const struct actor *, const struct dossier *,
		    const struct answers *, unsigned int want,
		    xmlNodePtr parent);
/* The files attached to a dossier, as <bijlagen> under parent. */
enum ddd_err	 view_attachments(const struct actor *, const struct dossier *,
		    xmlNodePtr parent);
/* One file attached to deel A with its bytes (a row of STMT_BIJLAGE_GET
 * in res, to be freed): DDD_ERR_NOT_FOUND when d's reader may not see
 * deel A now or the file is not d's.  The caller logs the access. */
enum ddd_err	 view_attachment(const struct actor *, const struct dossier *,
		    long long bijlage_id, struct db_result *res);
/* Whose dossier it is, for the top of every dossier page:
 * <leerling naam leerlingnummer klas geboortedatum/><school naam/>. */
enum ddd_err	 view_student(const struct actor *, const struct dossier *,
		    xmlNodePtr parent);
/* The dossier read-only, as far as its reader may see it now and the
 * caller wants (PART_BIT()s): the forms with their answers and attached
 * files, the college names for Q_MBO answers, and the akkoordverklaring
 * if given, under parent as <overzicht>. */
enum ddd_err	 view_dossier(const struct actor *, const struct dossier *,
		    const struct answers *, unsigned int want,
		    xmlNodePtr parent);

#endif
