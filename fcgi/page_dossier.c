/* The student's dossiers: 'Mijn Dossiers', 'Nieuw dossier', deel A step by
 * step with its percentages, and 'Opsturen' to the chosen mentor. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "dossier.h"
#include "fill.h"
#include "view.h"
#include "log.h"
#include "outbox.h"
#include "pages.h"
#include "route.h"
#include "session.h"
#include "xmlout.h"

/* 'Nieuw dossier' comes after 'Activeer DDD' (the manual). */
static enum ddd_err
ddd_active(struct ctx *c)
{
	struct account	 me;
	enum ddd_err	 e;

	if ((e = account_get(c->db, c->sess.tenant_id, c->sess.account_id,
	    &me)) != DDD_OK)
		return e == DDD_ERR_NOT_FOUND ? DDD_ERR_FORBIDDEN : e;
	return me.ddd_active ? DDD_OK : DDD_ERR_FORBIDDEN;
}

/* Deel A is the student's while it is in deel A and not archived. */
static int
deel_a_editable(const struct dossier *d)
{
	return d->phase == PHASE_DEEL_A && !d->archived;
}

static const struct form_def *
deel_a(struct ctx *c)
{
	return dossier_form_a(&c->actor, c->sess.tenant_id);
}

enum ddd_err
page_dossiers(struct ctx *c)
{
	struct db_param	 p[2] = { DB_P_INT(c->sess.tenant_id),
	    DB_P_INT(c->sess.account_id) };
	struct db_result ds, as;
	const struct form_def *f = deel_a(c);
	struct form_answer *a = NULL;
	xmlNodePtr	 r, list, d;
	size_t		 i, j, k, n;
	int		 waiting = 0;
	enum ddd_err	 e;

	if (f == NULL)
		return DDD_ERR_INTERNAL;
	if (ddd_active(c) != DDD_OK)
		return http_redirect(c, "/");
	if ((r = http_page(c, "dossiers", "dossiers")) == NULL)
		return DDD_ERR_NOMEM;
	if ((e = db_run(c->db, STMT_DOSSIER_LIST_STUDENT, p, 2, &ds)) != DDD_OK)
		return e;
	if ((e = db_run(c->db, STMT_ANSWERS_LIST_STUDENT, p, 2, &as)) !=
	    DDD_OK) {
		db_result_free(&ds);
		return e;
	}
	if (as.nrows > 0 && (a = calloc(as.nrows, sizeof(*a))) == NULL) {
		e = DDD_ERR_NOMEM;
		goto out;
	}
	list = xo_el(r, "lijst", NULL);
	for (i = 0; i < ds.nrows; i++) {
		d = xo_el(list, "dossier", NULL);
		xo_attr(d, "id", DB_COL(&ds, i, "id"));
		xo_attr(d, "fase", DB_COL(&ds, i, "phase"));
		xo_attr(d, "versie", DB_COL(&ds, i, "version"));
		xo_attr(d, "gearchiveerd", DB_COL(&ds, i, "archived"));
		xo_attr(d, "aangemaakt", DB_COL(&ds, i, "created_at"));
		xo_attr(d, "mbo", DB_COL(&ds, i, "mbo_name"));
		xo_attr(d, "mentor", DB_COL(&ds, i, "mentor_name"));
		if (strtoll(DB_COL(&ds, i, "created_by"), NULL, 10) !=
		    c->sess.account_id) {
			xo_attr(d, "door-mentor", "1");
			if (strcmp(DB_COL(&ds, i, "phase"), "deel_a") == 0 &&
			    strcmp(DB_COL(&ds, i, "archived"), "0") == 0)
				waiting = 1;
		}
		/* This dossier's answers (the list is ordered by dossier). */
		for (j = n = 0; j < as.nrows; j++) {
			if (strcmp(DB_COL(&as, j, "dossier_id"),
			    DB_COL(&ds, i, "id")) != 0)
				continue;
			k = n++;
			a[k].id = DB_COL(&as, j, "question_id");
			a[k].value = DB_COL(&as, j, "value");
			a[k].len = DB_COL_LEN(&as, j, "value");
		}
		if (fill_percentages(f, a, n, d))
			xo_attr(d, "compleet", "1");
	}
	/* A dossier the mentor started is the one to continue. */
	if (!waiting)
		xo_el(r, "nieuw-mogelijk", NULL);
	if (kv_get(&c->query, "opgestuurd") != NULL)
		xo_el(r, "opgestuurd", NULL);
	http_header(c, "Cache-Control", "private, no-store");
out:
	free(a);
	db_result_free(&ds);
	db_result_free(&as);
	return e;
}

enum ddd_err
page_dossier_new_post(struct ctx *c)
{
	struct dossier	 d;
	char		 loc[64];
	enum ddd_err	 e;

	if ((e = ddd_active(c)) != DDD_OK)
		return http_redirect(c, "/");
	if ((e = db_begin(c->db)) != DDD_OK)
		return e;
	if ((e = dossier_create(&c->actor, c->sess.account_id, 0, T_NEW, &d)) !=
	    DDD_OK) {
		db_rollback(c->db);
		return e;
	}
	if ((e = db_commit(c->db)) != DDD_OK)
		return e;
	snprintf(loc, sizeof(loc), "/dossiers/%lld/stap/1", d.id);
	return http_redirect(c, loc);
}

/* 1 when the student sent the dossier back from the akkoordverklaring
 * ('Wijzigen') and has not sent deel A in again: its newest event, saved
 * steps and the archive flag aside, is that transition.  From the data,
 * so every step page says it until deel A goes out again. */
static enum ddd_err
sent_back_to_change(struct ctx *c, const struct dossier *d, int *yes)
{
	struct db_param	 p[2] = { DB_P_INT(d->id),
	    DB_P_INT(c->sess.tenant_id) };
	struct db_result res;
	enum ddd_err	 e;

	*yes = 0;
	if (!deel_a_editable(d) || !d->deel_a_sent)
		return DDD_OK;
	if ((e = db_run(c->db, STMT_LAST_TRANSITION, p, 2, &res)) != DDD_OK)
		return e;
	*yes = res.nrows == 1 && strcmp(DB_COL(&res, 0, "kind"),
	    transitions[T_CHANGE].name) == 0;
	db_result_free(&res);
	return DDD_OK;
}

/* 1 when the step has a question of this type. */
static int
step_asks(const struct form_step *st, enum question_type type)
{
	size_t	 i;

	for (i = 0; i < st->nquestions; i++)
		if (st->questions[i].type == type)
			return 1;
	return 0;
}

/* The step page: the form's definition, this dossier's answers and
 * percentages, the step shown; the caller adds errors or notices. */
static enum ddd_err
step_page(struct ctx *c, const struct dossier *d, const struct form_def *f,
    size_t step, const struct answers *a, xmlNodePtr *root)
{
	xmlNodePtr	 r, dn;
	int		 changing;
	enum ddd_err	 e;

	if ((r = http_page(c, "stap", "stap")) == NULL)
		return DDD_ERR_NOMEM;
	if ((e = sent_back_to_change(c, d, &changing)) != DDD_OK)
		return e;
	if (changing)
		xo_el(r, "gewijzigd", NULL);
	dn = xo_el(r, "dossier", NULL);
	xo_attr_int(dn, "id", d->id);
	xo_attr(dn, "fase", phase_name(d->phase));
	xo_attr_int(dn, "versie", d->version);
	xo_attr_int(dn, "stap", (long long)step + 1);
	xo_attr(dn, "stap-id", f->steps[step].id);
	if (fill_percentages(f, a->v, a->n, xo_el(dn, "voortgang", NULL)))
		xo_attr(dn, "compleet", "1");
	form_to_xml(f, r);
	view_answers(&c->actor, d, a, PART_BIT(PART_DEEL_A), r);
	/* The colleges and the files only for a step that asks for them:
	 * the list of colleges grows with the instance (issue 15). */
	if ((step_asks(&f->steps[step], Q_MBO) &&
	    (e = view_mbo_options(&c->actor, r)) != DDD_OK) ||
	    (step_asks(&f->steps[step], Q_FILE) &&
	    (e = view_attachments(&c->actor, d, r)) != DDD_OK))
		return e;
	http_header(c, "Cache-Control", "private, no-store");
	*root = r;
	return DDD_OK;
}

/* The dossier and step of the URL, for the student who owns it. */
static enum ddd_err
step_target(struct ctx *c, int lock, struct dossier *d, size_t *step)
{
	const struct form_def *f = deel_a(c);
	enum ddd_err	 e;

	if (f == NULL || c->nparams != 2)
		return DDD_ERR_INTERNAL;
	if ((e = dossier_get(&c->actor, c->params[0], lock, d)) != DDD_OK)
		return e;
	if (c->params[1] < 1 || (size_t)c->params[1] > f->nsteps)
		return DDD_ERR_NOT_FOUND;
	*step = (size_t)c->params[1] - 1;
	return DDD_OK;
}

enum ddd_err
page_step(struct ctx *c)
{
	struct dossier	 d;
	struct answers	 a;
	size_t		 step;
	xmlNodePtr	 r;
	enum ddd_err	 e;

	if ((e = step_target(c, 0, &d, &step)) != DDD_OK)
		return e;
	if ((e = answers_get(&c->actor, &d, &a)) != DDD_OK)
		return e;
	e = step_page(c, &d, deel_a(c), step, &a, &r);
	if (e == DDD_OK && kv_get(&c->query, "opgeslagen") != NULL)
		xo_el(r, "opgeslagen", NULL);
	if (e == DDD_OK && (d.phase != PHASE_DEEL_A || d.archived))
		xo_el(r, "alleen-lezen", NULL);
	answers_free(&a);
	return e;
}

enum ddd_err
page_step_post(struct ctx *c)
{
	const struct form_def *f = deel_a(c);
	const struct form_step *st;
	struct dossier	 d;
	struct answers	 a;
	struct fill_post post = { &c->form, &c->upload };
	char		 loc[96];
	size_t		 step, j;
	xmlNodePtr	 r, errors, said = NULL, n;
	int		 saved = 0;
	enum ddd_err	 e;

	if ((e = step_target(c, 0, &d, &step)) != DDD_OK)
		return e;
	st = &f->steps[step];
	if ((e = answers_get(&c->actor, &d, &a)) != DDD_OK)
		return e;
	if (!deel_a_editable(&d)) {
		if ((e = step_page(c, &d, f, step, &a, &r)) != DDD_OK)
			goto out;
		errors = xo_el(r, "errors", NULL);
		xo_attr(xo_el(errors, "error", "Deel A kan nu niet worden "
		    "gewijzigd: het is al opgestuurd."), "field", "stap");
		http_page_error(c, DDD_ERR_CONFLICT);
		goto out;
	}
	/* Saved first: the step page is built only to show what was wrong
	 * (a save that works is a redirect, known before: recorded with the
	 * save), from what fill_save_step said under 'said'. */
	j = kv_get(&c->form, "volgende") != NULL && step + 1 < f->nsteps ?
	    step + 2 : step + 1;
	snprintf(loc, sizeof(loc), "/dossiers/%lld/stap/%lu?opgeslagen=1",
	    d.id, (unsigned long)j);
	if ((e = http_redirect_on_commit(c, loc)) != DDD_OK)
		goto out;
	if ((said = xmlNewNode(NULL, BAD_CAST "said")) == NULL) {
		e = DDD_ERR_NOMEM;
		goto out;
	}
	if ((e = fill_save_step(&c->actor, &post, &d, f, st, &a, said,
	    deel_a_editable, &saved)) != DDD_OK || !saved) {
		if (e == DDD_ERR_INVALID_INPUT) {
			if ((e = step_page(c, &d, f, step, &a, &r)) != DDD_OK)
				goto out;
			while ((n = said->children) != NULL) {
				xmlUnlinkNode(n);
				xmlAddChild(r, n);
			}
			e = http_page_error(c, DDD_ERR_INVALID_INPUT);
		}
		goto out;
	}
	e = http_redirect(c, loc);
out:
	if (said != NULL)
		xmlFreeNode(said);
	answers_free(&a);
	return e;
}

/* 'Opsturen': deel A complete on every step, to the mentor chosen (the
 * mentors of the student's class first). */
static enum ddd_err
submit_page(struct ctx *c, const struct dossier *d, xmlNodePtr *root,
    int *complete)
{
	struct db_param	 p[2] = { DB_P_INT(c->sess.account_id),
	    DB_P_INT(c->sess.tenant_id) };
	struct db_result res;
	struct answers	 a;
	xmlNodePtr	 r, dn, list, m;
	size_t		 i;
	char		 naam[240];
	enum ddd_err	 e;

	if ((r = http_page(c, "opsturen", "opsturen")) == NULL)
		return DDD_ERR_NOMEM;
	dn = xo_el(r, "dossier", NULL);
	xo_attr_int(dn, "id", d->id);
	xo_attr(dn, "fase", phase_name(d->phase));
	if ((e = answers_get(&c->actor, d, &a)) != DDD_OK)
		return e;
	*complete = fill_percentages(deel_a(c), a.v, a.n, xo_el(dn, "voortgang",
	    NULL));
	answers_free(&a);
	if (*complete)
		xo_attr(dn, "compleet", "1");
	if ((e = db_run(c->db, STMT_MENTORS_FOR_STUDENT, p, 2, &res)) != DDD_OK)
		return e;
	list = xo_el(r, "mentoren", NULL);
	for (i = 0; i < res.nrows; i++) {
		db_full_name(naam, sizeof(naam), &res, i, "");
		m = xo_el(list, "mentor", naam);
		xo_attr(m, "id", DB_COL(&res, i, "id"));
		xo_attr(m, "rol", DB_COL(&res, i, "role"));
		xo_attr(m, "eigen-klas", DB_COL(&res, i, "own"));
		if (d->mentor_id == strtoll(DB_COL(&res, i, "id"), NULL, 10))
			xo_attr(m, "gekozen", "1");
	}
	db_result_free(&res);
	http_header(c, "Cache-Control", "private, no-store");
	*root = r;
	return DDD_OK;
}

enum ddd_err
page_submit(struct ctx *c)
{
	struct dossier	 d;
	xmlNodePtr	 r;
	int		 complete;
	enum ddd_err	 e;

	if ((e = dossier_get(&c->actor, c->params[0], 0, &d)) != DDD_OK)
		return e;
	return submit_page(c, &d, &r, &complete);
}

enum ddd_err
page_submit_post(struct ctx *c)
{
	const struct form_def *f = deel_a(c);
	const struct kv	*mk = kv_get(&c->form, "mentor");
	struct dossier	 d;
	struct answers	 a;
	struct db_result res;
	xmlNodePtr	 r, errors;
	xmlDocPtr	 mail;
	long long	 mentor = 0, mbo = 0;
	size_t		 i;
	int		 complete, have_a = 0;
	char		 loc[64], mentor_mail[255], mentor_naam[304];
	enum ddd_err	 e;

	if ((e = dossier_get(&c->actor, c->params[0], 0, &d)) != DDD_OK)
		return e;
	if ((e = submit_page(c, &d, &r, &complete)) != DDD_OK)
		return e;
	errors = xo_el(r, "errors", NULL);
	if (mk != NULL)
		mentor = strtoll(mk->val, NULL, 10);
	if (!complete) {
		xo_attr(xo_el(errors, "error", "Deel A is nog niet helemaal "
		    "ingevuld. Vul eerst elke stap voor 100% in."), "field",
		    "mentor");
		http_page_error(c, DDD_ERR_INVALID_INPUT);
		return DDD_OK;
	}
	if (mentor <= 0) {
		xo_attr(xo_el(errors, "error", "Kies je mentor."), "field",
		    "mentor");
		http_page_error(c, DDD_ERR_INVALID_INPUT);
		return DDD_OK;
	}
	if ((e = db_begin(c->db)) != DDD_OK)
		return e;
	if ((e = dossier_get(&c->actor, d.id, 1, &d)) != DDD_OK)
		goto rollback;
	/* The mentor: staff of this school, with an address for the mail. */
	{
		struct account m;
		if ((e = account_get(c->db, c->sess.tenant_id, mentor, &m)) !=
		    DDD_OK && e != DDD_ERR_NOT_FOUND)
			goto rollback;
		if (e == DDD_ERR_NOT_FOUND || !(m.role & ROLE_STAFF)) {
			db_rollback(c->db);
			xo_attr(xo_el(errors, "error", "Kies een mentor uit de "
			    "lijst."), "field", "mentor");
			http_page_error(c, DDD_ERR_INVALID_INPUT);
			return DDD_OK;
		}
		snprintf(mentor_mail, sizeof(mentor_mail), "%s", m.email);
		snprintf(mentor_naam, sizeof(mentor_naam), "%s", m.naam);
	}
	/* The college chosen in deel A goes on the dossier. */
	if ((e = answers_get(&c->actor, &d, &a)) != DDD_OK)
		goto rollback;
	have_a = 1;
	if (!fill_percentages(f, a.v, a.n, NULL)) {
		e = DDD_ERR_CONFLICT;
		goto rollback;
	}
	for (i = 0; i < a.n; i++) {
		const struct form_question *q = form_question(f, a.v[i].id,
		    NULL);
		if (q != NULL && q->type == Q_MBO) {
			struct db_param p = DB_P_STR(a.v[i].value);
			if ((e = db_run(c->db, STMT_MBO_BY_SLUG, &p, 1,
			    &res)) != DDD_OK)
				goto rollback;
			if (res.nrows == 1)
				mbo = strtoll(DB_COL(&res, 0, "id"), NULL, 10);
			db_result_free(&res);
			break;
		}
	}
	{
		struct db_param p[4] = { DB_P_INT(mentor), DB_P_INT(mbo),
		    DB_P_INT(d.id), DB_P_INT(c->sess.tenant_id) };
		if (mbo == 0)
			p[1] = (struct db_param){ DB_NULL, NULL, 0, 0 };
		if ((e = db_run(c->db, STMT_DOSSIER_SUBMIT_A, p, 4, NULL)) !=
		    DDD_OK)
			goto rollback;
	}
	/* Sent in again after 'Wijzigen' or 'terugzetten': the mentor is
	 * told again (the manual). */
	if ((e = dossier_transition(&c->actor, &d, T_SUBMIT_A, d.deel_a_sent ?
	    "opnieuw opgestuurd" : NULL)) != DDD_OK)
		goto rollback;
	if (mentor_mail[0] != '\0') {
		xmlNodePtr m;
		char link[600];
		if ((mail = xo_doc("mail")) == NULL) {
			e = DDD_ERR_NOMEM;
			goto rollback;
		}
		m = xo_root(mail);
		xo_attr(m, "kind", "deel-a-ingediend");
		xo_el(m, "mentor", mentor_naam);
		xo_el(m, "leerling", c->sess.naam);
		xo_el(m, "school", c->sess.tenant_name);
		if (d.version > 1 || d.deel_a_sent)
			xo_el(m, "opnieuw", NULL);
		snprintf(link, sizeof(link), "%s/login", c->app->cfg->base_url);
		xo_el(m, "link", link);
		e = outbox_queue(c->db, c->sess.tenant_id, mentor,
		    "deel-a-ingediend", mentor_mail, mentor_naam,
		    "Deel A ingevuld: start deel B", mail);
		xmlFreeDoc(mail);
		if (e != DDD_OK)
			goto rollback;
	}
	if ((e = db_commit(c->db)) != DDD_OK)
		goto out;
	snprintf(loc, sizeof(loc), "/dossiers?opgestuurd=%lld", d.id);
	e = http_redirect(c, loc);
	goto out;
rollback:
	db_rollback(c->db);
out:
	if (have_a)
		answers_free(&a);
	return e;
}

/* The student brings an archived dossier back into the overviews. */
enum ddd_err
page_reactivate_post(struct ctx *c)
{
	struct dossier	 d;
	enum ddd_err	 e;

	if ((e = db_begin(c->db)) != DDD_OK)
		return e;
	if ((e = dossier_get(&c->actor, c->params[0], 1, &d)) != DDD_OK ||
	    (e = dossier_transition(&c->actor, &d, T_REACTIVATE, NULL)) !=
	    DDD_OK) {
		db_rollback(c->db);
		return e;
	}
	if ((e = db_commit(c->db)) != DDD_OK)
		return e;
	return http_redirect(c, "/dossiers");
}
