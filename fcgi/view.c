/* A dossier read-only, as far as its reader may see it now
 * (fcgi/visibility.c): the pages, the documents, the export and the API
 * build their XML here.  No HTTP: it takes the actor who reads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "view.h"
#include "xmlout.h"

/* The MBO colleges for the Q_MBO questions. */
enum ddd_err
view_mbo_options(const struct actor *a, xmlNodePtr parent)
{
	struct db_result res;
	xmlNodePtr	 list = xo_el(parent, "mbos", NULL), m;
	size_t		 i;
	enum ddd_err	 e;

	if ((e = db_run(a->db, STMT_MBO_LIST, NULL, 0, &res)) != DDD_OK)
		return e;
	for (i = 0; i < res.nrows; i++) {
		m = xo_el(list, "mbo", DB_COL(&res, i, "name"));
		xo_attr(m, "slug", DB_COL(&res, i, "slug"));
	}
	db_result_free(&res);
	return DDD_OK;
}

enum ddd_err
view_attachment(const struct actor *a, const struct dossier *d,
    long long bijlage_id, struct db_result *res)
{
	struct db_param	 p[3] = { DB_P_INT(bijlage_id), DB_P_INT(d->id),
	    DB_P_INT(d->tenant_id) };
	enum ddd_err	 e;

	/* Files belong to deel A. */
	if (!DOSSIER_MAY(d, PART_DEEL_A))
		return DDD_ERR_NOT_FOUND;
	if ((e = db_run(a->db, STMT_BIJLAGE_GET, p, 3, res)) != DDD_OK)
		return e;
	if (res->nrows != 1) {
		db_result_free(res);
		return DDD_ERR_NOT_FOUND;
	}
	return DDD_OK;
}

/* The forms of the parts in want that d's reader may see now, in the
 * order they are filled; returns how many. */
static size_t
visible_forms(const struct actor *a, const struct dossier *d, unsigned int want,
    const struct form_def *out[VIEW_MAX_FORMS])
{
	static const struct {
		enum dossier_part	 part;
		const char		*form;
	} parts[VIEW_MAX_FORMS] = {
		{ PART_DEEL_A, FORM_DEEL_A },
		{ PART_DEEL_B_LEERLING, FORM_DEEL_B_LEERLING },
		{ PART_DEEL_B_DOSSIER, FORM_DEEL_B_DOSSIER },
	};
	const struct form_def *f;
	size_t		 i, n = 0;

	for (i = 0; i < VIEW_MAX_FORMS; i++) {
		if (!(want & PART_BIT(parts[i].part)) ||
		    !DOSSIER_MAY(d, parts[i].part))
			continue;
		f = parts[i].part == PART_DEEL_A ?
		    dossier_form_a(a, d->tenant_id) :
		    forms_find(a->app->forms, parts[i].form);
		if (f != NULL)
			out[n++] = f;
	}
	return n;
}

/* The answers to the questions of forms only. */
static void
answers_xml(const struct answers *a, const struct form_def *const *forms,
    size_t nforms, xmlNodePtr parent)
{
	xmlNodePtr	 list = xo_el(parent, "antwoorden", NULL);
	size_t		 i, j;

	for (i = 0; i < a->n; i++)
		for (j = 0; j < nforms; j++)
			if (form_question(forms[j], a->v[i].id, NULL) != NULL) {
				xo_attr(xo_eln(list, "a", a->v[i].value,
				    a->v[i].len), "q", a->v[i].id);
				break;
			}
}

void
view_answers(const struct actor *a, const struct dossier *d,
    const struct answers *ans, unsigned int want, xmlNodePtr parent)
{
	const struct form_def *forms[VIEW_MAX_FORMS];

	answers_xml(ans, forms, visible_forms(a, d, want, forms), parent);
}

/* The files of a dossier: <bijlagen><bijlage id q naam type bytes
 * sha256 op/>, for the pages, the PDF and the export. */
enum ddd_err
view_attachments(const struct actor *a, const struct dossier *d,
    xmlNodePtr parent)
{
	struct db_param	 p[2] = { DB_P_INT(d->id), DB_P_INT(d->tenant_id) };
	struct db_result res;
	xmlNodePtr	 list, n;
	size_t		 i;
	enum ddd_err	 e;

	if ((e = db_run(a->db, STMT_BIJLAGEN_LIST, p, 2, &res)) != DDD_OK)
		return e;
	list = xo_el(parent, "bijlagen", NULL);
	for (i = 0; i < res.nrows; i++) {
		n = xo_el(list, "bijlage", NULL);
		xo_attr(n, "id", DB_COL(&res, i, "id"));
		xo_attr(n, "q", DB_COL(&res, i, "question_id"));
		xo_attr(n, "naam", DB_COL(&res, i, "filename"));
		xo_attr(n, "type", DB_COL(&res, i, "media_type"));
		xo_attr(n, "bytes", DB_COL(&res, i, "bytes"));
		xo_attr(n, "sha256", DB_COL(&res, i, "sha256"));
		xo_attr(n, "op", DB_COL(&res, i, "created_at"));
	}
	db_result_free(&res);
	return DDD_OK;
}

enum ddd_err
view_student(const struct actor *a, const struct dossier *d, xmlNodePtr parent)
{
	struct db_param	 p[2] = { DB_P_INT(d->student_id),
	    DB_P_INT(d->tenant_id) };
	struct db_result st;
	xmlNodePtr	 n;
	char		 naam[1024];
	enum ddd_err	 e;

	if ((e = db_run(a->db, STMT_EXPORT_STUDENT, p, 2, &st)) != DDD_OK)
		return e;
	if (st.nrows != 1) {
		db_result_free(&st);
		return DDD_ERR_NOT_FOUND;
	}
	n = xo_el(parent, "leerling", NULL);
	db_full_name(naam, sizeof(naam), &st, 0, "");
	xo_attr(n, "naam", naam);
	xo_attr(n, "leerlingnummer", DB_COL(&st, 0, "login"));
	xo_attr(n, "klas", DB_COL(&st, 0, "klas"));
	xo_attr(n, "geboortedatum", DB_COL(&st, 0, "geboortedatum"));
	xo_attr(xo_el(parent, "school", NULL), "naam",
	    DB_COL(&st, 0, "school"));
	db_result_free(&st);
	return DDD_OK;
}

enum ddd_err
view_dossier(const struct actor *a, const struct dossier *d,
    const struct answers *ans, unsigned int want, xmlNodePtr parent)
{
	const struct form_def *forms[VIEW_MAX_FORMS];
	struct db_result res;
	xmlNodePtr	 v, n;
	size_t		 i, nforms;
	enum ddd_err	 e;

	want &= vis_parts(d->scope, d->phase);
	v = xo_el(parent, "overzicht", NULL);
	xo_attr_int(v, "versie", d->version);
	nforms = visible_forms(a, d, want, forms);
	for (i = 0; i < nforms; i++)
		form_to_xml(forms[i], v);
	answers_xml(ans, forms, nforms, v);
	if ((e = view_mbo_options(a, v)) != DDD_OK)
		return e;
	/* Attached files are answers of deel A. */
	if ((want & PART_BIT(PART_DEEL_A)) &&
	    (e = view_attachments(a, d, v)) != DDD_OK)
		return e;
	if (!(want & PART_BIT(PART_AKKOORD)))
		return DDD_OK;
	{
		struct db_param p[2] = { DB_P_INT(d->id),
		    DB_P_INT(d->tenant_id) };
		if ((e = db_run(a->db, STMT_AKKOORD_GET, p, 2, &res)) != DDD_OK)
			return e;
	}
	if (res.nrows == 1) {
		n = xo_el(v, "akkoordverklaring",
		    DB_COL(&res, 0, "opmerkingen"));
		xo_attr(n, "versie", DB_COL(&res, 0, "version"));
		xo_attr(n, "op", DB_COL(&res, 0, "agreed_at"));
		xo_attr(n, "ouder", DB_COL(&res, 0, "ouder_naam"));
		xo_attr(n, "relatie", DB_COL(&res, 0, "ouder_relatie"));
	}
	db_result_free(&res);
	return DDD_OK;
}
