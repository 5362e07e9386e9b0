/* The akkoordverklaring: the student sees deel A and deel B, may add
 * remarks, and gives 'Akkoord' (with a parent or guardian when younger
 * than the tenant's age), or goes back with 'Wijzigen'.  The agreement is
 * bound to the version the student saw. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "document.h"
#include "fill.h"
#include "view.h"
#include "keys.h"
#include "field.h"
#include "log.h"
#include "webhook.h"
#include "outbox.h"
#include "pages.h"
#include "route.h"
#include "session.h"
#include "settings.h"
#include "xmlout.h"

#define REMARKS_MAX		2000

/* Whether this student is younger than the tenant's age for a parent's
 * consent (an unknown birth date counts as younger: asking once too often
 * is the safe side). */
static enum ddd_err
needs_parent(struct ctx *c, long long student_id, int *needed, int *age_out)
{
	const struct tenant_config *tc;
	struct db_param	 p[2] = { DB_P_INT(c->sess.tenant_id),
	    DB_P_INT(student_id) };
	struct db_result res;
	int		 age;
	enum ddd_err	 e;

	if ((e = http_tenant(c, c->sess.tenant_id, &tc)) != DDD_OK)
		return e;
	if ((e = db_run(c->db, STMT_STUDENT_AGE, p, 2, &res)) != DDD_OK)
		return e;
	if (res.nrows != 1) {
		db_result_free(&res);
		return DDD_ERR_NOT_FOUND;
	}
	age = atoi(DB_COL(&res, 0, "age"));
	db_result_free(&res);
	*needed = age < 0 || age < tc->settings.consent_age;
	*age_out = tc->settings.consent_age;
	return DDD_OK;
}

static enum ddd_err
akkoord_page(struct ctx *c, const struct dossier *d, xmlNodePtr *root)
{
	struct answers	 a;
	xmlNodePtr	 r, dn;
	int		 parent, limit;
	enum ddd_err	 e;

	if ((r = http_page(c, "akkoord", "akkoord")) == NULL)
		return DDD_ERR_NOMEM;
	dn = xo_el(r, "dossier", NULL);
	xo_attr_int(dn, "id", d->id);
	xo_attr(dn, "fase", phase_name(d->phase));
	xo_attr_int(dn, "versie", d->version);
	if ((e = needs_parent(c, d->student_id, &parent, &limit)) != DDD_OK)
		return e;
	if (parent) {
		xo_attr(dn, "ouder-nodig", "1");
		xo_attr_int(dn, "leeftijd", limit);
	}
	if ((e = answers_get(&c->actor, d, &a)) != DDD_OK)
		return e;
	e = view_dossier(&c->actor, d, &a, PARTS_ALL, r);
	answers_free(&a);
	http_header(c, "Cache-Control", "private, no-store");
	*root = r;
	return e;
}

enum ddd_err
page_akkoord(struct ctx *c)
{
	struct dossier	 d;
	xmlNodePtr	 r;
	enum ddd_err	 e;

	if ((e = dossier_get(&c->actor, c->params[0], 0, &d)) != DDD_OK)
		return e;
	return akkoord_page(c, &d, &r);
}

enum { K_VERSIE, K_OPMERKINGEN, K_OUDER_NAAM, K_OUDER_RELATIE, K__MAX };

static const struct field akkoord_fields[K__MAX] = {
	[K_VERSIE] = { "versie", FIELD_DIGITS, 9, 1, "de versie" },
	[K_OPMERKINGEN] = { "opmerkingen", FIELD_LONGTEXT, REMARKS_MAX, 0,
	    "de opmerkingen" },
	[K_OUDER_NAAM] = { "ouder_naam", FIELD_TEXT, 200, 0,
	    "de naam van je ouder of verzorger" },
	[K_OUDER_RELATIE] = { "ouder_relatie", FIELD_TEXT, 40, 0,
	    "wie je ouder of verzorger is" },
};

static const char *const relations[] = { "moeder", "vader", "verzorger",
    "voogd", "anders" };

static int
checked(struct ctx *c, const char *name)
{
	const struct kv	*kv = kv_get(&c->form, name);

	return kv != NULL && strcmp(kv->val, "ja") == 0;
}

static enum ddd_err
mail_done(struct ctx *c, const struct dossier *d, long long pdf_id)
{
	struct account	 st;
	xmlDocPtr	 mail;
	xmlNodePtr	 m;
	char		 link[600];
	enum ddd_err	 e;

	/* The mail goes to the student: the PDF only if it is theirs to
	 * have (fcgi/visibility.c), as for any other view. */
	{
		struct dossier reader = *d;
		reader.scope = SCOPE_OWN;
		if (!document_may(&reader, DOC_DOSSIER))
			pdf_id = 0;
	}
	if ((e = account_get(c->db, c->sess.tenant_id, d->student_id, &st)) ==
	    DDD_ERR_NOT_FOUND || (e == DDD_OK && st.email[0] == '\0'))
		return DDD_OK;
	if (e != DDD_OK)
		return e;
	if ((mail = xo_doc("mail")) == NULL)
		return DDD_ERR_NOMEM;
	m = xo_root(mail);
	xo_attr(m, "kind", "afgerond");
	xo_el(m, "roepnaam", st.roepnaam);
	xo_el(m, "school", c->sess.tenant_name);
	snprintf(link, sizeof(link), "%s/dossiers/%lld/bekijken",
	    c->app->cfg->base_url, d->id);
	xo_el(m, "link", link);
	if (pdf_id > 0)
		xo_el(m, "bijlage", NULL);
	e = outbox_queue_doc(c->db, c->sess.tenant_id, d->student_id,
	    "afgerond", st.email, c->sess.naam, "Je "
	    "doorstroomdossier is afgerond", mail, pdf_id);
	xmlFreeDoc(mail);
	return e;
}

enum ddd_err
page_akkoord_post(struct ctx *c)
{
	struct field_value v[K__MAX];
	const struct kv	*actie = kv_get(&c->form, "actie");
	struct dossier	 d;
	xmlNodePtr	 r, errors;
	int		 parent, limit, bad;
	long long	 pdf_id = 0;
	char		 pdf_sha[65];
	int		 mailable = 0;
	char		 loc[96];
	size_t		 i;
	enum ddd_err	 e;

	memset(v, 0, sizeof(v));
	if ((e = dossier_get(&c->actor, c->params[0], 0, &d)) != DDD_OK)
		return e;
	if ((e = akkoord_page(c, &d, &r)) != DDD_OK)
		return e;
	errors = xo_el(r, "errors", NULL);
	field_echo(c, akkoord_fields, K__MAX, r);
	bad = (int)field_read(c, akkoord_fields, K__MAX, v, errors);
	if (actie != NULL && strcmp(actie->val, "wijzigen") == 0 && bad == 0) {
		if ((e = db_begin(c->db)) != DDD_OK)
			goto out;
		if ((e = dossier_get(&c->actor, d.id, 1, &d)) != DDD_OK ||
		    (e = dossier_transition(&c->actor, &d, T_CHANGE, NULL)) !=
		    DDD_OK) {
			db_rollback(c->db);
			goto out;
		}
		if ((e = db_commit(c->db)) != DDD_OK)
			goto out;
		snprintf(loc, sizeof(loc), "/dossiers/%lld/stap/1", d.id);
		e = http_redirect(c, loc);
		goto out;
	}
	if (actie == NULL || strcmp(actie->val, "akkoord") != 0) {
		e = DDD_ERR_BAD_REQUEST;
		goto out;
	}
	if ((e = needs_parent(c, d.student_id, &parent, &limit)) != DDD_OK)
		goto out;
	if (!checked(c, "akkoord")) {
		xo_attr(xo_el(errors, "error", "Vink aan dat je akkoord gaat "
		    "met het dossier."), "field", "akkoord");
		bad++;
	}
	if (parent) {
		int known = 0;
		if (v[K_OUDER_NAAM].v == NULL) {
			xo_attr(xo_el(errors, "error", "Vul de naam van je "
			    "ouder of verzorger in."), "field", "ouder_naam");
			bad++;
		}
		for (i = 0; v[K_OUDER_RELATIE].v != NULL &&
		    i < sizeof(relations) / sizeof(relations[0]); i++)
			if (strcmp(v[K_OUDER_RELATIE].v, relations[i]) == 0)
				known = 1;
		if (!known) {
			xo_attr(xo_el(errors, "error", "Kies wie je ouder of "
			    "verzorger is."), "field", "ouder_relatie");
			bad++;
		}
		if (!checked(c, "ouder_akkoord")) {
			xo_attr(xo_el(errors, "error", "Je ouder of verzorger "
			    "moet aanvinken dat hij of zij toestemming geeft."),
			    "field", "ouder_akkoord");
			bad++;
		}
	}
	if (bad > 0) {
		http_page_error(c, DDD_ERR_INVALID_INPUT);
		goto out;
	}
	if ((e = db_begin(c->db)) != DDD_OK)
		goto out;
	if ((e = dossier_get(&c->actor, d.id, 1, &d)) != DDD_OK)
		goto rollback;
	/* Bound to what the student saw: a newer version is refused. */
	if (d.phase == PHASE_AKKOORD && d.version != atoi(v[K_VERSIE].v)) {
		db_rollback(c->db);
		/* The page again, with the new version to agree to. */
		if ((e = akkoord_page(c, &d, &r)) != DDD_OK)
			goto out;
		xo_attr(xo_el(xo_el(r, "errors", NULL), "error", "Het dossier "
		    "is gewijzigd nadat je het opende. Bekijk de nieuwe versie "
		    "hieronder en geef dan opnieuw akkoord."), "field",
		    "akkoord");
		http_page_error(c, DDD_ERR_CONFLICT);
		goto out;
	}
	if ((e = dossier_transition(&c->actor, &d, T_AGREE, NULL)) != DDD_OK)
		goto rollback;
	{
		struct db_param p[7] = { DB_P_INT(d.id),
		    DB_P_INT(c->sess.tenant_id), DB_P_INT(d.version),
		    DB_P_INT(d.student_id),
		    DB_P_STR(v[K_OPMERKINGEN].v ? v[K_OPMERKINGEN].v : ""),
		    DB_P_STR(parent && v[K_OUDER_NAAM].v ?
		    v[K_OUDER_NAAM].v : ""),
		    DB_P_STR(parent && v[K_OUDER_RELATIE].v ?
		    v[K_OUDER_RELATIE].v : "") };
		if ((e = db_run(c->db, STMT_AKKOORD_INSERT, p, 7, NULL)) !=
		    DDD_OK)
			goto rollback;
	}
	/* The final PDF in the same transaction: an afgerond dossier
	 * always has it, and the confirmation mail carries it.  A
	 * renderer failing (ours and FOP) leaves the dossier as it was,
	 * with a clear page. */
	if ((e = document_final_make(&c->actor, &d, &pdf_id, pdf_sha,
	    &mailable)) != DDD_OK) {
		if (e != DDD_ERR_BUSY && e != DDD_ERR_RENDER)
			goto rollback;
		/* The page again, with what was typed, and why. */
		db_rollback(c->db);
		if ((e = dossier_get(&c->actor, d.id, 0, &d)) != DDD_OK ||
		    (e = akkoord_page(c, &d, &r)) != DDD_OK)
			goto out;
		field_echo(c, akkoord_fields, K__MAX, r);
		xo_attr(xo_el(xo_el(r, "errors", NULL), "error", "De PDF van "
		    "je dossier kon nu niet worden gemaakt, en zonder die PDF "
		    "is het akkoord niet opgeslagen. Probeer het over een "
		    "minuut opnieuw."), "field", "akkoord");
		http_page_error(c, DDD_ERR_RENDER);
		http_header(c, "Retry-After", "60");
		e = DDD_OK;
		goto out;
	}
	if (!mailable) {
		log_warn("akkoord_pdf_not_mailed", "tenant=%lld dossier=%lld "
		    "note=\"the dossier holds an 11-proef number: the "
		    "confirmation goes without the PDF\"", c->sess.tenant_id,
		    d.id);
		pdf_id = 0;
	}
	/* The college's webhook, when it has one (fcgi/webhook.c). */
	if ((e = webhook_queue(c->db, c->app->tenants, c->app->cfg,
	    d.mbo_tenant_id, d.tenant_id, d.id, d.version, pdf_sha)) != DDD_OK)
		goto rollback;
	if ((e = mail_done(c, &d, pdf_id)) != DDD_OK)
		goto rollback;
	if ((e = db_commit(c->db)) != DDD_OK)
		goto out;
	snprintf(loc, sizeof(loc), "/dossiers/%lld/bekijken?afgerond=1", d.id);
	e = http_redirect(c, loc);
	goto out;
rollback:
	db_rollback(c->db);
out:
	field_values_free(v, K__MAX);
	return e;
}
