/* Alle leerlingen -> accountgegevens: the decaan sends students the
 * instructions to activate their account, to a leerjaar, a klas or one
 * student: 'Mail opstellen' (own text), 'Mail met accountgegevens' (the
 * standard text) or 'Print accountgegevens' (a .docx, a page each). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "docx.h"
#include "field.h"
#include "log.h"
#include "outbox.h"
#include "pages.h"
#include "session.h"
#include "xmlout.h"

#define ACCOUNTS_MAX_TEXT	(8 * 1024)	/* own mail text */

/* The choices of the form: leerjaren, klassen, and every student for the
 * name suggestions. */
static enum ddd_err
accounts_page(struct ctx *c, xmlNodePtr *root)
{
	struct db_result res;
	struct db_param	 p[7] = { DB_P_INT(c->sess.tenant_id),
	    { DB_NULL, NULL, 0, 0 }, { DB_NULL, NULL, 0, 0 },
	    { DB_NULL, NULL, 0, 0 }, { DB_NULL, NULL, 0, 0 },
	    { DB_NULL, NULL, 0, 0 }, { DB_NULL, NULL, 0, 0 } };
	xmlNodePtr	 r, list, n;
	size_t		 i;
	enum ddd_err	 e;
	char		 naam[240], label[300];
	const char	*klas;

	if ((r = http_page(c, "accountgegevens", "accountgegevens")) == NULL)
		return DDD_ERR_NOMEM;
	if ((e = db_run(c->db, STMT_STUDENT_LIST, p, 7, &res)) != DDD_OK)
		return e;
	list = xo_el(r, "leerlingen", NULL);
	for (i = 0; i < res.nrows; i++) {
		n = xo_el(list, "leerling", NULL);
		klas = DB_COL(&res, i, "klas");
		xo_attr(n, "nr", DB_COL(&res, i, "login"));
		xo_attr(n, "klas", klas ? klas : "");
		xo_attr(n, "leerjaar", DB_COL(&res, i, "leerjaar") ?
		    DB_COL(&res, i, "leerjaar") : "");
		db_full_name(naam, sizeof(naam), &res, i, "");
		snprintf(label, sizeof(label), "%s (%s, %s)", naam,
		    klas ? klas : "geen klas", DB_COL(&res, i, "login"));
		xo_attr(n, "label", label);
		if (DB_COL(&res, i, "email") == NULL)
			xo_attr(n, "geen-email", "1");
	}
	db_result_free(&res);
	xo_attr(xo_el(r, "school", c->sess.tenant_name), "url",
	    c->app->cfg->base_url);
	http_header(c, "Cache-Control", "private, no-store");
	*root = r;
	return DDD_OK;
}

enum ddd_err
page_accounts(struct ctx *c)
{
	xmlNodePtr	 r;

	return accounts_page(c, &r);
}

enum { G_NAAR, G_LEERJAAR, G_KLAS, G_LEERLING, G_ACTIE, G_ONDERWERP,
    G_TEKST, G__MAX };

static const struct field accounts_fields[G__MAX] = {
	[G_NAAR] = { "naar", FIELD_TEXT, 10, 1, "naar wie het gaat" },
	[G_LEERJAAR] = { "leerjaar", FIELD_DIGITS, 1, 0, "het leerjaar" },
	[G_KLAS] = { "klas", FIELD_TEXT, 20, 0, "de klas" },
	[G_LEERLING] = { "leerling", FIELD_TEXT, 300, 0, "de leerling" },
	[G_ACTIE] = { "actie", FIELD_TEXT, 10, 1, "wat u wilt doen" },
	[G_ONDERWERP] = { "onderwerp", FIELD_TEXT, 150, 0, "het onderwerp" },
	[G_TEKST] = { "tekst", FIELD_LONGTEXT, ACCOUNTS_MAX_TEXT, 0,
	    "de tekst van de mail" },
};

static void
field_error(xmlNodePtr errors, const char *field, const char *msg)
{
	xo_attr(xo_el(errors, "error", msg), "field", field);
}

/* The leerlingnummer at the end of a suggestion "Naam (klas, 1234)", or
 * the number alone. */
static int
pick_number(const char *s, char *out, size_t outlen)
{
	const char	*open, *close, *p;
	char		 digits[32];
	size_t		 n;

	close = strrchr(s, ')');
	open = close ? strrchr(s, ',') : NULL;
	if (close != NULL && open != NULL && open < close && close[1] == '\0') {
		p = open + 1;
		while (*p == ' ')
			p++;
		n = (size_t)(close - p);
	} else {
		p = s;
		n = strlen(s);
	}
	if (n == 0 || n >= sizeof(digits) || strspn(p, "0123456789") < n)
		return -1;
	memcpy(digits, p, n);
	digits[n] = '\0';
	return login_normalise(digits, out, outlen);
}

/* The rows of STMT_STUDENT_LIST as a Word file. */
static enum ddd_err
print_docx(struct ctx *c, const struct db_result *res, const char *what)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 r, l;
	struct buf	 xml;
	const char	*mt;
	char		 date[16], disp[200];
	time_t		 now = time(NULL);
	struct tm	 tm;
	size_t		 i;
	enum ddd_err	 e;

	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%Y-%m-%d", &tm);
	if ((doc = xo_doc("accountgegevens")) == NULL)
		return DDD_ERR_NOMEM;
	r = xo_root(doc);
	xo_attr(r, "school", c->sess.tenant_name);
	xo_attr(r, "url", c->app->cfg->base_url);
	xo_attr(r, "generated", date);
	for (i = 0; i < res->nrows; i++) {
		l = xo_el(r, "leerling", NULL);
		xo_el(l, "roepnaam", DB_COL(res, i, "roepnaam"));
		xo_el(l, "tussenvoegsel", DB_COL(res, i, "tussenvoegsel"));
		xo_el(l, "achternaam", DB_COL(res, i, "achternaam"));
		xo_el(l, "leerlingnummer", DB_COL(res, i, "login"));
		xo_el(l, "klas", DB_COL(res, i, "klas") ?
		    DB_COL(res, i, "klas") : "");
	}
	buf_init(&xml, 64 * 1024 * 1024);
	e = xsl_apply(c->app->xsl, "accountgegevens-docx", doc, NULL, &xml,
	    &mt);
	xmlFreeDoc(doc);
	if (e == DDD_OK) {
		buf_reset(&c->body);
		e = docx_build(xml.ptr, xml.len, &c->body);
	}
	buf_free(&xml);
	if (e != DDD_OK)
		return e;
	if (c->doc != NULL)
		xmlFreeDoc(c->doc);
	c->doc = NULL;
	c->sheet = NULL;
	c->content_type = DOCX_MEDIA_TYPE;
	/* The name is ours: letters, digits and '-' only (RFC 6266). */
	snprintf(disp, sizeof(disp), "attachment; filename=\"accountgegevens-"
	    "%s.docx\"", what);
	http_header(c, "Content-Disposition", disp);
	http_header(c, "Cache-Control", "private, no-store");
	return DDD_OK;
}

/* A mail to each student of STMT_STUDENT_LIST's rows that has an
 * address; those without are listed in the report. */
static enum ddd_err
queue_mails(struct ctx *c, const struct db_result *res, int standard,
    const char *onderwerp, const char *tekst, size_t tekstlen,
    xmlNodePtr report)
{
	xmlDocPtr	 mail;
	xmlNodePtr	 m, missing;
	size_t		 i, sent = 0;
	char		 naam[240];
	enum ddd_err	 e;

	if ((e = db_begin(c->db)) != DDD_OK)
		return e;
	missing = xo_el(report, "zonder-email", NULL);
	for (i = 0; i < res->nrows; i++) {
		db_full_name(naam, sizeof(naam), res, i, "");
		if (DB_COL(res, i, "email") == NULL) {
			xo_el(missing, "leerling", naam);
			continue;
		}
		if ((mail = xo_doc("mail")) == NULL) {
			e = DDD_ERR_NOMEM;
			goto rollback;
		}
		m = xo_root(mail);
		xo_attr(m, "kind", standard ? "accountgegevens" : "bericht");
		xo_el(m, "roepnaam", DB_COL(res, i, "roepnaam"));
		xo_el(m, "school", c->sess.tenant_name);
		xo_el(m, "leerlingnummer", DB_COL(res, i, "login"));
		xo_el(m, "url", c->app->cfg->base_url);
		if (!standard) {
			xo_el(m, "onderwerp", onderwerp);
			xo_eln(m, "tekst", tekst, tekstlen);
			xo_el(m, "afzender", c->sess.naam);
		}
		e = outbox_queue(c->db, c->sess.tenant_id,
		    strtoll(DB_COL(res, i, "id"), NULL, 10),
		    standard ? "accountgegevens" : "bericht",
		    DB_COL(res, i, "email"), naam, standard ?
		    "Je account voor het Digitaal Doorstroomdossier" :
		    onderwerp, mail);
		xmlFreeDoc(mail);
		if (e != DDD_OK)
			goto rollback;
		sent++;
	}
	if ((e = audit_record(&c->actor, c->remote_addr, AUDIT_ACCOUNT_MAILS,
	    res->nrows == 1 ? strtoll(DB_COL(res, 0, "id"), NULL, 10) : 0, 0,
	    "%s: %zu mail(s), %zu zonder e-mailadres", standard ?
	    "standaardtekst" : "eigen tekst", sent, res->nrows - sent)) !=
	    DDD_OK || (e = db_commit(c->db)) != DDD_OK)
		return e;
	xo_attr_int(report, "verstuurd", (long long)sent);
	log_info("account_mails", "tenant=%lld by=%lld kind=%s queued=%lu",
	    c->sess.tenant_id, c->sess.account_id,
	    standard ? "accountgegevens" : "bericht", (unsigned long)sent);
	return DDD_OK;
rollback:
	db_rollback(c->db);
	return e;
}

enum ddd_err
page_accounts_post(struct ctx *c)
{
	struct field_value v[G__MAX];
	struct db_result res;
	struct db_param	 p[7] = { DB_P_INT(c->sess.tenant_id),
	    { DB_NULL, NULL, 0, 0 }, { DB_NULL, NULL, 0, 0 },
	    { DB_NULL, NULL, 0, 0 }, { DB_NULL, NULL, 0, 0 },
	    { DB_NULL, NULL, 0, 0 }, { DB_NULL, NULL, 0, 0 } };
	xmlNodePtr	 r, errors, report;
	const char	*tekst = NULL, *naar, *actie;
	char		 nr[32], what[64];
	size_t		 tekstlen = 0, i;
	int		 have_res = 0;
	enum ddd_err	 e;

	if ((e = accounts_page(c, &r)) != DDD_OK)
		return e;
	errors = xo_el(r, "errors", NULL);
	field_echo(c, accounts_fields, G__MAX, r);
	if (field_read(c, accounts_fields, G__MAX, v, errors) > 0)
		goto invalid;
	naar = v[G_NAAR].v;
	actie = v[G_ACTIE].v;
	if (strcmp(naar, "leerjaar") == 0) {
		if (v[G_LEERJAAR].v == NULL) {
			field_error(errors, "leerjaar", "Kies een leerjaar.");
			goto invalid;
		}
		p[1] = p[2] = (struct db_param)DB_P_INT(atoi(v[G_LEERJAAR].v));
		snprintf(what, sizeof(what), "leerjaar-%s", v[G_LEERJAAR].v);
	} else if (strcmp(naar, "klas") == 0) {
		if (v[G_KLAS].v == NULL) {
			field_error(errors, "klas", "Kies een klas.");
			goto invalid;
		}
		p[3] = p[4] = (struct db_param)DB_P_STR(v[G_KLAS].v);
		/* File name part: letters and digits only. */
		snprintf(what, sizeof(what), "klas-%s", v[G_KLAS].v);
		for (i = 5; what[i] != '\0'; i++)
			if (!((what[i] >= 'a' && what[i] <= 'z') ||
			    (what[i] >= 'A' && what[i] <= 'Z') ||
			    (what[i] >= '0' && what[i] <= '9')))
				what[i] = '-';
	} else if (strcmp(naar, "leerling") == 0) {
		struct db_param q[2];
		if (v[G_LEERLING].v == NULL || pick_number(v[G_LEERLING].v,
		    nr, sizeof(nr)) == -1) {
			field_error(errors, "leerling", "Typ een deel van de "
			    "voornaam en kies de leerling uit de lijst.");
			goto invalid;
		}
		q[0] = (struct db_param)DB_P_INT(c->sess.tenant_id);
		q[1] = (struct db_param)DB_P_STR(nr);
		if ((e = db_run(c->db, STMT_ACCOUNT_BY_LOGIN, q, 2, &res)) !=
		    DDD_OK)
			goto out;
		if (res.nrows != 1 || strcmp(DB_COL(&res, 0, "role"),
		    "leerling") != 0) {
			db_result_free(&res);
			field_error(errors, "leerling", "Deze leerling kennen "
			    "wij niet op uw school.");
			goto invalid;
		}
		p[5] = p[6] = (struct db_param)DB_P_INT(strtoll(
		    DB_COL(&res, 0, "id"), NULL, 10));
		db_result_free(&res);
		snprintf(what, sizeof(what), "leerling-%s", nr);
	} else {
		field_error(errors, "naar", "Kies naar wie het gaat.");
		goto invalid;
	}
	if (strcmp(actie, "opstellen") == 0) {
		tekst = v[G_TEKST].v;
		tekstlen = v[G_TEKST].len;
		if (v[G_ONDERWERP].v == NULL)
			field_error(errors, "onderwerp", "Vul het onderwerp "
			    "in.");
		if (tekst == NULL)
			field_error(errors, "tekst", "Schrijf de tekst van de "
			    "mail.");
		if (xmlChildElementCount(errors) > 0)
			goto invalid;
	} else if (strcmp(actie, "standaard") != 0 &&
	    strcmp(actie, "print") != 0) {
		field_error(errors, "actie", "Kies wat u wilt doen.");
		goto invalid;
	}
	if ((e = db_run(c->db, STMT_STUDENT_LIST, p, 7, &res)) != DDD_OK)
		goto out;
	have_res = 1;
	if (res.nrows == 0) {
		field_error(errors, "naar", "Er zijn geen leerlingen bij deze "
		    "keuze.");
		goto invalid;
	}
	if (strcmp(actie, "print") == 0) {
		if ((e = print_docx(c, &res, what)) == DDD_OK)
			e = audit_record(&c->actor, c->remote_addr,
			    AUDIT_ACCOUNT_PRINT, res.nrows == 1 ? strtoll(DB_COL(
			    &res, 0, "id"), NULL, 10) : 0, 0, "%zu leerling(en)",
			    res.nrows);
		goto out;
	}
	report = xo_el(r, "resultaat", NULL);
	e = queue_mails(c, &res, strcmp(actie, "standaard") == 0,
	    v[G_ONDERWERP].v, tekst, tekstlen, report);
	goto out;
invalid:
	http_page_error(c, DDD_ERR_INVALID_INPUT);
	e = DDD_OK;
out:
	if (have_res)
		db_result_free(&res);
	field_values_free(v, G__MAX);
	return e;
}
