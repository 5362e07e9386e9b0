/* The mentor's and decaan's side of the dossier in the Portal: 'Dossiers
 * in deel B', deel B with its two parts (leerling-specifiek and
 * dossier-specifiek), 'Opsturen naar leerling', and per dossier the three
 * options: terugzetten naar de leerling, archiveren, verloop. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "fill.h"
#include "view.h"
#include "log.h"
#include "outbox.h"
#include "pages.h"
#include "paging.h"
#include "route.h"
#include "session.h"
#include "xmlout.h"

#define REASON_MAX	1000

/* The two parts of deel B, in order: steps are numbered across both. */
struct parts {
	const struct form_def	*f[2];
	size_t			 n;	/* steps in all */
};

static enum ddd_err
parts_get(struct ctx *c, struct parts *p)
{
	p->f[0] = forms_find(c->app->forms, FORM_DEEL_B_LEERLING);
	p->f[1] = forms_find(c->app->forms, FORM_DEEL_B_DOSSIER);
	if (p->f[0] == NULL || p->f[1] == NULL)
		return DDD_ERR_INTERNAL;
	p->n = p->f[0]->nsteps + p->f[1]->nsteps;
	return DDD_OK;
}

/* Step k of all (0-based) as its form and index within it. */
static int
part_of(const struct parts *p, size_t k, size_t *in)
{
	if (k < p->f[0]->nsteps) {
		*in = k;
		return 0;
	}
	*in = k - p->f[0]->nsteps;
	return 1;
}

/* The leerling-specifieke part may be filled early, while deel A is still
 * with the student; the dossier-specifieke part once deel A was sent in. */
static int
edit_leerling(const struct dossier *d)
{
	return !d->archived && (d->phase == PHASE_DEEL_B ||
	    d->phase == PHASE_DEEL_A);
}

static int
edit_dossier(const struct dossier *d)
{
	return !d->archived && d->phase == PHASE_DEEL_B;
}

enum ddd_err
page_deel_b_list(struct ctx *c)
{
	struct db_param	 p[9];
	struct db_result res;
	struct paging	 pg;
	xmlNodePtr	 r, list, d;
	size_t		 i, np = 0, shown;
	char		 n[240];
	enum ddd_err	 e;

	if ((r = http_page(c, "deel-b-lijst", "deel-b-lijst")) == NULL)
		return DDD_ERR_NOMEM;
	paging_read(c, &pg, NULL);
	/* The decaan's school, or a mentor's dossiers (MENTOR_DOSSIERS in
	 * fcgi/db.c: tenant and account three times, then the tenant). */
	if (c->sess.role != ROLE_DECAAN)
		for (i = 0; i < 3; i++) {
			p[np++] = (struct db_param)DB_P_INT(c->sess.tenant_id);
			p[np++] = (struct db_param)DB_P_INT(c->sess.account_id);
		}
	p[np++] = (struct db_param)DB_P_INT(c->sess.tenant_id);
	p[np++] = (struct db_param)DB_P_INT(pg.limit);
	p[np++] = (struct db_param)DB_P_INT(pg.offset);
	if ((e = db_run(c->db, c->sess.role == ROLE_DECAAN ? STMT_DEEL_B_LIST :
	    STMT_DEEL_B_LIST_MENTOR, p, np, &res)) != DDD_OK)
		return e;
	shown = paging_xml(r, &pg, res.nrows);
	list = xo_el(r, "dossiers", NULL);
	for (i = 0; i < shown; i++) {
		d = xo_el(list, "dossier", NULL);
		xo_attr(d, "id", DB_COL(&res, i, "id"));
		xo_attr(d, "versie", DB_COL(&res, i, "version"));
		xo_attr(d, "sinds", DB_COL(&res, i, "updated_at"));
		db_full_name(n, sizeof(n), &res, i, "");
		xo_attr(d, "leerling", n);
		xo_attr(d, "klas", DB_COL(&res, i, "klas"));
		xo_attr(d, "mbo", DB_COL(&res, i, "mbo_name"));
		xo_attr(d, "mentor", DB_COL(&res, i, "mentor_name"));
	}
	db_result_free(&res);
	if (kv_get(&c->query, "klaar") != NULL)
		xo_el(r, "klaar", kv_get(&c->query, "klaar")->val);
	http_header(c, "Cache-Control", "private, no-store");
	return DDD_OK;
}

/* The common part of every deel B page: the dossier, its student, the
 * progress of both parts (steps numbered across both). */
static enum ddd_err
deel_b_page(struct ctx *c, const char *sheet, const struct dossier *d,
    const struct parts *p, const struct answers *a, xmlNodePtr *root,
    int *complete)
{
	struct account	 st;
	xmlNodePtr	 r, dn, v, s;
	size_t		 i, k, nr = 0;
	int		 pct;
	enum ddd_err	 e;

	if ((r = http_page(c, sheet, sheet)) == NULL)
		return DDD_ERR_NOMEM;
	dn = xo_el(r, "dossier", NULL);
	xo_attr_int(dn, "id", d->id);
	xo_attr(dn, "fase", phase_name(d->phase));
	xo_attr_int(dn, "versie", d->version);
	if (d->archived)
		xo_attr(dn, "gearchiveerd", "1");
	if ((e = account_get(c->db, c->sess.tenant_id, d->student_id, &st)) !=
	    DDD_OK)
		return e;
	xo_attr(dn, "leerling", st.naam);
	xo_attr(dn, "klas", st.klas);
	*complete = 1;
	for (k = 0; k < 2; k++) {
		v = xo_el(dn, "voortgang", NULL);
		xo_attr(v, "deel", k == 0 ? "leerling" : "dossier");
		xo_attr(v, "titel", p->f[k]->title);
		for (i = 0; i < p->f[k]->nsteps; i++) {
			pct = form_step_percent(p->f[k], &p->f[k]->steps[i],
			    a->v, a->n);
			if (pct < 100)
				*complete = 0;
			s = xo_el(v, "stap", NULL);
			xo_attr(s, "id", p->f[k]->steps[i].id);
			xo_attr(s, "titel", p->f[k]->steps[i].title);
			xo_attr_int(s, "nr", (long long)++nr);
			xo_attr_int(s, "percent", pct);
		}
	}
	if (*complete)
		xo_attr(dn, "compleet", "1");
	http_header(c, "Cache-Control", "private, no-store");
	*root = r;
	return DDD_OK;
}

/* The dossier of the URL (params[0]) for this staff member. */
static enum ddd_err
target(struct ctx *c, int lock, struct dossier *d)
{
	if (c->nparams < 1)
		return DDD_ERR_INTERNAL;
	return dossier_get(&c->actor, c->params[0], lock, d);
}

static enum ddd_err
step_common(struct ctx *c, struct dossier *d, struct parts *p,
    struct answers *a, size_t *k, xmlNodePtr *r)
{
	size_t		 in;
	int		 part, complete;
	xmlNodePtr	 dn;
	enum ddd_err	 e;

	if ((e = parts_get(c, p)) != DDD_OK ||
	    (e = target(c, 0, d)) != DDD_OK)
		return e;
	if (c->params[1] < 1 || (size_t)c->params[1] > p->n)
		return DDD_ERR_NOT_FOUND;
	*k = (size_t)c->params[1] - 1;
	part = part_of(p, *k, &in);
	if ((e = answers_get(&c->actor, d, a)) != DDD_OK)
		return e;
	if ((e = deel_b_page(c, "deel-b", d, p, a, r, &complete)) != DDD_OK)
		return e;
	dn = xmlFirstElementChild(xmlDocGetRootElement(c->doc))->next;
	while (dn != NULL && strcmp((const char *)dn->name, "dossier") != 0)
		dn = dn->next;
	xo_attr_int(dn, "stap", (long long)*k + 1);
	xo_attr(dn, "stap-id", p->f[part]->steps[in].id);
	xo_attr(dn, "deel", part == 0 ? "leerling" : "dossier");
	form_to_xml(p->f[part], *r);
	view_answers(&c->actor, d, a, PARTS_ALL, *r);
	if (!(part == 0 ? edit_leerling : edit_dossier)(d))
		xo_el(*r, "alleen-lezen", NULL);
	return view_mbo_options(&c->actor, *r);
}

enum ddd_err
page_deel_b(struct ctx *c)
{
	struct dossier	 d;
	struct parts	 p;
	struct answers	 a;
	size_t		 k;
	xmlNodePtr	 r;
	enum ddd_err	 e;

	memset(&a, 0, sizeof(a));
	e = step_common(c, &d, &p, &a, &k, &r);
	if (e == DDD_OK && kv_get(&c->query, "opgeslagen") != NULL)
		xo_el(r, "opgeslagen", NULL);
	answers_free(&a);
	return e;
}

enum ddd_err
page_deel_b_post(struct ctx *c)
{
	struct dossier	 d;
	struct parts	 p;
	struct answers	 a;
	struct fill_post post = { &c->form, &c->upload };
	size_t		 k, in, next;
	xmlNodePtr	 r;
	int		 part, saved = 0;
	char		 loc[96];
	enum ddd_err	 e;

	memset(&a, 0, sizeof(a));
	if ((e = step_common(c, &d, &p, &a, &k, &r)) != DDD_OK)
		goto out;
	part = part_of(&p, k, &in);
	if (!(part == 0 ? edit_leerling : edit_dossier)(&d)) {
		xo_attr(xo_el(xo_el(r, "errors", NULL), "error", part == 0 ?
		    "Deel B kan nu niet worden gewijzigd." : "Het dossier "
		    "specifieke deel opent pas als de leerling deel A heeft "
		    "opgestuurd."), "field", "stap");
		http_page_error(c, DDD_ERR_CONFLICT);
		goto out;
	}
	if ((e = fill_save_step(&c->actor, &post, &d, p.f[part],
	    &p.f[part]->steps[in], &a, r, part == 0 ? edit_leerling :
	    edit_dossier, &saved)) != DDD_OK || !saved) {
		if (e == DDD_ERR_INVALID_INPUT)
			e = http_page_error(c, e);
		goto out;
	}
	next = kv_get(&c->form, "volgende") != NULL && k + 1 < p.n ? k + 2 :
	    k + 1;
	snprintf(loc, sizeof(loc), "/portal/dossiers/%lld/deel-b/%lu?"
	    "opgeslagen=1", d.id, (unsigned long)next);
	e = http_redirect(c, loc);
out:
	answers_free(&a);
	return e;
}

/* A mail to the student about their dossier, in the caller's transaction. */
static enum ddd_err
mail_student(struct ctx *c, const struct dossier *d, const char *kind,
    const char *subject, const char *reason)
{
	struct account	 st;
	xmlDocPtr	 mail;
	xmlNodePtr	 m;
	char		 link[600];
	enum ddd_err	 e;

	if ((e = account_get(c->db, c->sess.tenant_id, d->student_id, &st)) !=
	    DDD_OK)
		return e;
	/* No address: the student sees it at the next log-in. */
	if (st.email[0] == '\0')
		return DDD_OK;
	if ((mail = xo_doc("mail")) == NULL)
		return DDD_ERR_NOMEM;
	m = xo_root(mail);
	xo_attr(m, "kind", kind);
	xo_el(m, "roepnaam", st.roepnaam);
	xo_el(m, "mentor", c->sess.naam);
	xo_el(m, "school", c->sess.tenant_name);
	if (reason != NULL)
		xo_el(m, "reden", reason);
	snprintf(link, sizeof(link), "%s/dossiers", c->app->cfg->base_url);
	xo_el(m, "link", link);
	e = outbox_queue(c->db, c->sess.tenant_id, d->student_id, kind,
	    st.email, st.naam, subject, mail);
	xmlFreeDoc(mail);
	return e;
}

/* Run one transition with its mail, in one transaction; then back to the
 * list with a word of what happened. */
static enum ddd_err
transition_post(struct ctx *c, enum transition t, const char *reason)
{
	struct dossier	 d;
	char		 loc[96];
	enum ddd_err	 e;

	if ((e = db_begin(c->db)) != DDD_OK)
		return e;
	if ((e = target(c, 1, &d)) != DDD_OK ||
	    (e = dossier_transition(&c->actor, &d, t, reason)) != DDD_OK)
		goto rollback;
	if (t == T_SUBMIT_B)
		e = mail_student(c, &d, "deel-b-klaar", "Je dossier is klaar "
		    "voor de akkoordverklaring", NULL);
	else if (t == T_RETURN)
		e = mail_student(c, &d, "teruggezet", "Je dossier is "
		    "teruggezet: pas deel A aan", reason);
	if (e != DDD_OK || (t != T_SUBMIT_B && (e = audit_record(&c->actor,
	    c->remote_addr, t == T_ARCHIVE ? AUDIT_ARCHIVE : AUDIT_RETURN,
	    d.student_id, d.id, "%s", t == T_ARCHIVE ? "" : "naar de leerling "
	    "(deel A), met een reden per mail")) != DDD_OK))
		goto rollback;
	if ((e = db_commit(c->db)) != DDD_OK)
		return e;
	snprintf(loc, sizeof(loc), "/portal/deel-b?klaar=%s",
	    transitions[t].name);
	return http_redirect(c, loc);
rollback:
	db_rollback(c->db);
	return e;
}

enum ddd_err
page_deel_b_submit_post(struct ctx *c)
{
	struct dossier	 d;
	struct parts	 p;
	struct answers	 a;
	xmlNodePtr	 r;
	int		 complete;
	enum ddd_err	 e;

	if ((e = parts_get(c, &p)) != DDD_OK || (e = target(c, 0, &d)) !=
	    DDD_OK || (e = answers_get(&c->actor, &d, &a)) != DDD_OK)
		return e;
	e = deel_b_page(c, "deel-b-overzicht", &d, &p, &a, &r, &complete);
	answers_free(&a);
	if (e != DDD_OK)
		return e;
	if (!complete) {
		xo_attr(xo_el(xo_el(r, "errors", NULL), "error", "Deel B is "
		    "nog niet helemaal ingevuld: beide delen moeten op 100% "
		    "staan."), "field", "opsturen");
		http_page_error(c, DDD_ERR_INVALID_INPUT);
		return DDD_OK;
	}
	return transition_post(c, T_SUBMIT_B, NULL);
}

enum ddd_err
page_deel_b_return_post(struct ctx *c)
{
	const struct kv	*kv = kv_get(&c->form, "reden");
	struct dossier	 d;
	char		*reason;
	size_t		 len;
	enum ddd_err	 e;

	if ((e = target(c, 0, &d)) != DDD_OK)
		return e;
	len = kv != NULL ? kv->vallen : 0;
	reason = kv != NULL ? kv->val : "";
	while (len > 0 && (reason[0] == ' ' || reason[0] == '\n' ||
	    reason[0] == '\r' || reason[0] == '\t')) {
		reason++;
		len--;
	}
	if (len == 0 || len > REASON_MAX) {
		struct parts p;
		struct answers a;
		xmlNodePtr r;
		int complete;
		if ((e = parts_get(c, &p)) != DDD_OK ||
		    (e = answers_get(&c->actor, &d, &a)) != DDD_OK)
			return e;
		e = deel_b_page(c, "deel-b-overzicht", &d, &p, &a, &r,
		    &complete);
		answers_free(&a);
		if (e != DDD_OK)
			return e;
		xo_attr(xo_el(xo_el(r, "errors", NULL), "error", len == 0 ?
		    "Schrijf waarom u het dossier terugzet; de leerling "
		    "krijgt deze reden te zien." : "De reden is te lang."),
		    "field", "reden");
		if (kv != NULL)
			xo_el(xo_el(r, "form", NULL), "reden", kv->val);
		http_page_error(c, DDD_ERR_INVALID_INPUT);
		return DDD_OK;
	}
	return transition_post(c, T_RETURN, reason);
}

enum ddd_err
page_deel_b_archive_post(struct ctx *c)
{
	return transition_post(c, T_ARCHIVE, NULL);
}

/* The dossier's overview for staff: progress, the options, the verloop. */
enum ddd_err
page_deel_b_overview(struct ctx *c)
{
	struct dossier	 d;
	struct parts	 p;
	struct answers	 a;
	struct db_result ev;
	xmlNodePtr	 r, list, n;
	size_t		 i;
	int		 complete;
	enum ddd_err	 e;

	if ((e = parts_get(c, &p)) != DDD_OK || (e = target(c, 0, &d)) !=
	    DDD_OK || (e = answers_get(&c->actor, &d, &a)) != DDD_OK)
		return e;
	e = deel_b_page(c, "deel-b-overzicht", &d, &p, &a, &r, &complete);
	answers_free(&a);
	if (e != DDD_OK)
		return e;
	if (kv_get(&c->query, "al-gestart") != NULL)
		xo_el(r, "al-gestart", NULL);
	{
		struct db_param q[2] = { DB_P_INT(d.id),
		    DB_P_INT(c->sess.tenant_id) };
		if ((e = db_run(c->db, STMT_EVENTS_LIST, q, 2, &ev)) != DDD_OK)
			return e;
	}
	list = xo_el(r, "verloop", NULL);
	for (i = 0; i < ev.nrows; i++) {
		n = xo_el(list, "gebeurtenis", DB_COL(&ev, i, "note"));
		xo_attr(n, "op", DB_COL(&ev, i, "at"));
		xo_attr(n, "soort", DB_COL(&ev, i, "kind"));
		xo_attr(n, "van", DB_COL(&ev, i, "phase_from"));
		xo_attr(n, "naar", DB_COL(&ev, i, "phase_to"));
		xo_attr(n, "versie", DB_COL(&ev, i, "version"));
		xo_attr(n, "door", DB_COL(&ev, i, "actor_name"));
	}
	db_result_free(&ev);
	return DDD_OK;
}
