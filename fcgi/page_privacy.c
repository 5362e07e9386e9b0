/* The pages of the rights of the people in the dossiers (fcgi/privacy.h)
 * and of the school's audit trail (fcgi/audit.h): the decaan's inzage
 * export and erasure of one student, the logboek, and the student's own
 * 'Mijn gegevens'.  The domain decides; these read the request and
 * answer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "audit.h"
#include "field.h"
#include "pages.h"
#include "privacy.h"
#include "xmlout.h"

/* The export as a download, made in one transaction: one snapshot of
 * the data, its access-log rows and audit row, and the form's one-time
 * key (a second click gets 'Al verwerkt', not a second export). */
static enum ddd_err
export_post(struct ctx *c, long long student)
{
	struct buf	 zip;
	char		 name[128];
	enum ddd_err	 e;

	buf_init(&zip, PRIVACY_ZIP_MAX + 16 * 1024 * 1024);
	if ((e = db_begin(c->db)) != DDD_OK)
		goto out;
	if ((e = privacy_export(&c->actor, c->remote_addr, student, &zip,
	    name, sizeof(name))) != DDD_OK) {
		db_rollback(c->db);
		goto out;
	}
	if ((e = db_commit(c->db)) != DDD_OK)
		goto out;
	e = http_download_buf(c, "application/zip", name, &zip);
out:
	buf_free(&zip);
	return e;
}

/* The decaan: everything the school holds about one of its students. */
enum ddd_err
page_privacy_export_post(struct ctx *c)
{
	return export_post(c, c->params[0]);
}

/* The student: the same of their own data, as they may see it. */
enum ddd_err
page_my_data_export_post(struct ctx *c)
{
	return export_post(c, c->sess.account_id);
}

enum ddd_err
page_my_data(struct ctx *c)
{
	struct account	 me;
	xmlNodePtr	 r, l;
	enum ddd_err	 e;

	if ((e = account_get(c->db, c->sess.tenant_id, c->sess.account_id,
	    &me)) != DDD_OK)
		return e;
	if ((r = http_page(c, "mijn-gegevens", "mijn-gegevens")) == NULL)
		return DDD_ERR_NOMEM;
	l = xo_el(r, "leerling", me.naam);
	xo_attr(l, "klas", me.klas);
	xo_attr(l, "email", me.email);
	xo_attr(l, "bsn", me.bsn_linked ? "1" : "0");
	return DDD_OK;
}

/* The confirmation page: who, and what goes. */
static enum ddd_err
erase_page(struct ctx *c, xmlNodePtr *root)
{
	if ((*root = http_page(c, "verwijderen", "verwijderen")) == NULL)
		return DDD_ERR_NOMEM;
	return privacy_erase_preview(&c->actor, c->params[0], *root);
}

enum ddd_err
page_erase(struct ctx *c)
{
	xmlNodePtr	 r;

	return erase_page(c, &r);
}

enum ddd_err
page_erase_post(struct ctx *c)
{
	const struct kv	*ok = kv_get(&c->form, "bevestig");
	xmlNodePtr	 r;
	enum ddd_err	 e;

	if (ok == NULL || strcmp(ok->val, "ja") != 0) {
		if ((e = erase_page(c, &r)) != DDD_OK)
			return e;
		xo_attr(xo_el(xo_el(r, "errors", NULL), "error", "Vink aan dat "
		    "u deze leerling en al zijn of haar gegevens definitief "
		    "wilt verwijderen."), "field", "bevestig");
		return http_page_error(c, DDD_ERR_INVALID_INPUT);
	}
	/* The transaction first: the same form sent again finds its key
	 * taken and is answered as the first, student gone or not. */
	if ((e = db_begin(c->db)) != DDD_OK)
		return e;
	if ((e = privacy_erase(&c->actor, c->remote_addr, c->params[0])) !=
	    DDD_OK) {
		db_rollback(c->db);
		return e;
	}
	if ((e = db_commit(c->db)) != DDD_OK)
		return e;
	return http_redirect(c, "/portal/logboek?verwijderd=1");
}

/* The logboek's filter: a GET form, so a view can be bookmarked. */
enum { LF_WAT, LF_VAN, LF_TOT, LF_ZOEK, LF__MAX };
static const struct field audit_fields[LF__MAX] = {
	[LF_WAT] = { "wat", FIELD_TEXT, 40, 0, "Wat" },
	[LF_VAN] = { "van", FIELD_TEXT, 10, 0, "Vanaf" },
	[LF_TOT] = { "tot", FIELD_TEXT, 10, 0, "Tot en met" },
	[LF_ZOEK] = { "zoek", FIELD_TEXT, 60, 0, "Naam" },
};

/* YYYY-MM-DD of a day that exists (a browser's date field sends it). */
static int
is_date(const char *s)
{
	static const int days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int		 y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    strspn(s, "0123456789") != 4 || strspn(s + 5, "0123456789") != 2 ||
	    strspn(s + 8, "0123456789") != 2)
		return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 2000 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return 0;
	return !(m == 2 && d == 29 && (y % 4 != 0 || (y % 100 == 0 &&
	    y % 400 != 0)));
}

enum ddd_err
page_audit(struct ctx *c)
{
	struct field_value v[LF__MAX];
	struct audit_filter f;
	xmlNodePtr	 r, errors;
	size_t		 i;
	int		 bad;
	enum ddd_err	 e;

	if ((r = http_page(c, "logboek", "logboek")) == NULL)
		return DDD_ERR_NOMEM;
	errors = xo_el(r, "errors", NULL);
	field_echo(c, audit_fields, LF__MAX, r);
	bad = field_read(c, audit_fields, LF__MAX, v, errors) > 0;
	if (!bad && v[LF_WAT].v != NULL && audit_action_of(v[LF_WAT].v) < 0) {
		xo_attr(xo_el(errors, "error", "Kies wat u zoekt uit de "
		    "lijst."), "field", "wat");
		bad = 1;
	}
	for (i = LF_VAN; !bad && i <= LF_TOT; i++)
		if (v[i].v != NULL && !is_date(v[i].v)) {
			xo_attr(xo_el(errors, "error", "Vul de datum in als "
			    "jjjj-mm-dd, bijvoorbeeld 2025-09-01."), "field",
			    audit_fields[i].name);
			bad = 1;
		}
	if (bad) {
		/* The whole trail, with the message and what was typed. */
		field_values_free(v, LF__MAX);
		memset(v, 0, sizeof(v));
		http_page_error(c, DDD_ERR_INVALID_INPUT);
	}
	f.what = v[LF_WAT].v != NULL ? v[LF_WAT].v : "";
	f.from = v[LF_VAN].v != NULL ? v[LF_VAN].v : "";
	f.to = v[LF_TOT].v != NULL ? v[LF_TOT].v : "";
	f.name = v[LF_ZOEK].v != NULL ? v[LF_ZOEK].v : "";
	e = audit_list(&c->actor, &f, r);
	field_values_free(v, LF__MAX);
	if (kv_get(&c->query, "verwijderd") != NULL)
		xo_el(r, "verwijderd", NULL);
	return e;
}
