/* 'Bekijken': the whole dossier read-only, for the student, in the Portal,
 * and for the MBO once afgerond (page_mbo.c), as far as the reader may see
 * it (fcgi/visibility.c). */
#include <stdio.h>

#include "pages.h"
#include "route.h"
#include "view.h"
#include "xmlout.h"

/* The whole dossier, read-only: for the student, in the Portal, and for
 * the MBO once afgerond (page_mbo.c). */
enum ddd_err
page_view_dossier(struct ctx *c, const struct dossier *dp, xmlNodePtr *root)
{
	struct dossier	 d = *dp;
	struct answers	 a;
	xmlNodePtr	 r, dn;
	enum ddd_err	 e;

	if ((r = http_page(c, "bekijken", "bekijken")) == NULL)
		return DDD_ERR_NOMEM;
	*root = r;
	dn = xo_el(r, "dossier", NULL);
	xo_attr_int(dn, "id", d.id);
	xo_attr(dn, "fase", phase_name(d.phase));
	xo_attr_int(dn, "versie", d.version);
	if (kv_get(&c->query, "afgerond") != NULL && c->sess.role ==
	    ROLE_LEERLING)
		xo_el(r, "net-afgerond", NULL);
	if ((e = view_student(&c->actor, &d, r)) != DDD_OK ||
	    (e = answers_get(&c->actor, &d, &a)) != DDD_OK)
		return e;
	e = view_dossier(&c->actor, &d, &a, PARTS_ALL, r);
	answers_free(&a);
	http_header(c, "Cache-Control", "private, no-store");
	return e;
}

enum ddd_err
page_view(struct ctx *c)
{
	struct dossier	 d;
	xmlNodePtr	 r;
	enum ddd_err	 e;

	if ((e = dossier_get(&c->actor, c->params[0], 0, &d)) != DDD_OK ||
	    (e = dossier_access(&c->actor, &d, "bekeken")) != DDD_OK)
		return e;
	return page_view_dossier(c, &d, &r);
}
