/* The decaan's Portal administration: Alle leerlingen -> mentoren (the
 * klaskoppeling).  Every statement is bounded by the session's tenant. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "log.h"
#include "pages.h"
#include "session.h"
#include "xmlout.h"

/* The name of a row with the columns roepnaam, tussenvoegsel and
 * achternaam (STMT_CLASS_MENTORS, STMT_STAFF_LIST). */
static void
person(xmlNodePtr n, const struct db_result *r, size_t row)
{
	char	 naam[240];

	db_full_name(naam, sizeof(naam), r, row, "");
	xo_attr(n, "naam", naam);
}

/* The classes with their students count and mentors, and the staff. */
static enum ddd_err
mentors_page(struct ctx *c, xmlNodePtr *root)
{
	struct db_result classes, links, staff;
	struct db_param	 t3[3] = { DB_P_INT(c->sess.tenant_id),
	    DB_P_INT(c->sess.tenant_id), DB_P_INT(c->sess.tenant_id) };
	xmlNodePtr	 r, list, k, m;
	size_t		 i, j;
	enum ddd_err	 e;

	if ((r = http_page(c, "mentoren", "mentoren")) == NULL)
		return DDD_ERR_NOMEM;
	if ((e = db_run(c->db, STMT_CLASS_LIST, t3, 3, &classes)) != DDD_OK)
		return e;
	if ((e = db_run(c->db, STMT_CLASS_MENTORS, t3, 1, &links)) != DDD_OK) {
		db_result_free(&classes);
		return e;
	}
	if ((e = db_run(c->db, STMT_STAFF_LIST, t3, 1, &staff)) != DDD_OK) {
		db_result_free(&classes);
		db_result_free(&links);
		return e;
	}
	list = xo_el(r, "klassen", NULL);
	for (i = 0; i < classes.nrows; i++) {
		k = xo_el(list, "klas", NULL);
		xo_attr(k, "naam", DB_COL(&classes, i, "klas"));
		xo_attr(k, "leerlingen", DB_COL(&classes, i, "students"));
		for (j = 0; j < links.nrows; j++) {
			if (strcmp(DB_COL(&links, j, "klas"),
			    DB_COL(&classes, i, "klas")) != 0)
				continue;
			m = xo_el(k, "mentor", NULL);
			xo_attr(m, "id", DB_COL(&links, j, "mentor_id"));
			person(m, &links, j);
		}
	}
	list = xo_el(r, "medewerkers", NULL);
	for (i = 0; i < staff.nrows; i++) {
		m = xo_el(list, "medewerker", NULL);
		xo_attr(m, "id", DB_COL(&staff, i, "id"));
		xo_attr(m, "rol", DB_COL(&staff, i, "role"));
		person(m, &staff, i);
	}
	db_result_free(&classes);
	db_result_free(&links);
	db_result_free(&staff);
	http_header(c, "Cache-Control", "private, no-store");
	*root = r;
	return DDD_OK;
}

enum ddd_err
page_mentors(struct ctx *c)
{
	const struct kv	*saved = kv_get(&c->query, "opgeslagen");
	const struct kv	*added = kv_get(&c->query, "toegevoegd");
	xmlNodePtr	 r;
	enum ddd_err	 e;

	if ((e = mentors_page(c, &r)) != DDD_OK)
		return e;
	/* Words from the query string only as long as what they name. */
	if (saved != NULL && saved->vallen <= 20)
		xo_el(r, "saved", saved->val);
	if (added != NULL && added->vallen <= 254 && strchr(added->val, '@'))
		xo_el(r, "added", added->val);
	return DDD_OK;
}

enum { M_KLAS, M_MENTOR, M__MAX };

static const struct field mentor_fields[M__MAX] = {
	[M_KLAS] = { "klas", FIELD_TEXT, 20, 1, "de klas" },
	[M_MENTOR] = { "mentor", FIELD_DIGITS, 18, 0, "de mentor" },
};

/* Set the mentor of one class: the links of that class are replaced by
 * the one chosen (or none). */
enum ddd_err
page_mentors_post(struct ctx *c)
{
	struct field_value v[M__MAX];
	struct db_result res;
	struct db_param	 t3[3] = { DB_P_INT(c->sess.tenant_id),
	    DB_P_INT(c->sess.tenant_id), DB_P_INT(c->sess.tenant_id) };
	xmlNodePtr	 r, errors;
	long long	 mentor = 0;
	size_t		 i;
	int		 known = 0;
	char		 loc[128], klas_q[64];
	enum ddd_err	 e;

	if ((e = mentors_page(c, &r)) != DDD_OK)
		return e;
	errors = xo_el(r, "errors", NULL);
	if (field_read(c, mentor_fields, M__MAX, v, errors) > 0) {
		http_page_error(c, DDD_ERR_INVALID_INPUT);
		goto out;
	}
	/* Only a class this school has, and only its own staff. */
	if ((e = db_run(c->db, STMT_CLASS_LIST, t3, 3, &res)) != DDD_OK)
		goto out;
	for (i = 0; i < res.nrows; i++)
		if (strcmp(DB_COL(&res, i, "klas"), v[M_KLAS].v) == 0)
			known = 1;
	db_result_free(&res);
	if (v[M_MENTOR].v != NULL) {
		struct db_param p[2] = { DB_P_INT(0),
		    DB_P_INT(c->sess.tenant_id) };
		mentor = strtoll(v[M_MENTOR].v, NULL, 10);
		p[0].i = mentor;
		if ((e = db_run(c->db, STMT_STAFF_CHECK, p, 2, &res)) != DDD_OK)
			goto out;
		if (res.nrows != 1) {
			xo_attr(xo_el(errors, "error", "Kies een mentor uit de "
			    "lijst."), "field", "mentor");
			http_page_error(c, DDD_ERR_INVALID_INPUT);
		}
		db_result_free(&res);
	}
	if (!known) {
		xo_attr(xo_el(errors, "error", "Deze klas bestaat niet op uw "
		    "school."), "field", "klas");
		http_page_error(c, DDD_ERR_INVALID_INPUT);
	}
	if (c->page_err == DDD_ERR_INVALID_INPUT)
		goto out;
	if ((e = db_begin(c->db)) != DDD_OK)
		goto out;
	{
		struct db_param p[3] = { DB_P_INT(c->sess.tenant_id),
		    DB_P_STR(v[M_KLAS].v), DB_P_INT(mentor) };
		if ((e = db_run(c->db, STMT_CLASS_CLEAR, p, 2, NULL)) != DDD_OK ||
		    (mentor != 0 && (e = db_run(c->db, STMT_CLASS_LINK, p, 3,
		    NULL)) != DDD_OK) || (e = audit_record(&c->actor,
		    c->remote_addr, AUDIT_CLASS_LINK, mentor, 0, "klas %s: %s",
		    v[M_KLAS].v, mentor ? "mentor gekoppeld" :
		    "geen mentor (ontkoppeld)")) != DDD_OK) {
			db_rollback(c->db);
			goto out;
		}
	}
	if ((e = db_commit(c->db)) != DDD_OK)
		goto out;
	log_info("klaskoppeling", "tenant=%lld by=%lld mentor=%lld",
	    c->sess.tenant_id, c->sess.account_id, mentor);
	/* Post/redirect/get, with the class in the query for the notice. */
	for (i = 0; v[M_KLAS].v[i] != '\0' && i < sizeof(klas_q) / 3 - 1; i++)
		snprintf(klas_q + i * 3, 4, "%%%02X",
		    (unsigned char)v[M_KLAS].v[i]);
	klas_q[i * 3] = '\0';
	snprintf(loc, sizeof(loc), "/portal/mentoren?opgeslagen=%s", klas_q);
	e = http_redirect(c, loc);
out:
	field_values_free(v, M__MAX);
	return e;
}

enum { N_ROEPNAAM, N_TUSSENVOEGSEL, N_ACHTERNAAM, N_EMAIL, N__MAX };

static const struct field new_mentor_fields[N__MAX] = {
	[N_ROEPNAAM] = { "roepnaam", FIELD_TEXT, 100, 1, "de roepnaam" },
	[N_TUSSENVOEGSEL] = { "tussenvoegsel", FIELD_TEXT, 30, 0,
	    "het tussenvoegsel" },
	[N_ACHTERNAAM] = { "achternaam", FIELD_TEXT, 100, 1, "de achternaam" },
	[N_EMAIL] = { "email", FIELD_LOGIN, 254, 1, "het e-mailadres" },
};

/* 'Mentor toevoegen': a staff account of this school; the mentor
 * activates it with the e-mail address, like everyone. */
enum ddd_err
page_mentor_new_post(struct ctx *c)
{
	struct field_value v[N__MAX];
	xmlNodePtr	 r, errors;
	char		 login[256], loc[400], q[300];
	size_t		 i, j;
	enum ddd_err	 e;

	if ((e = mentors_page(c, &r)) != DDD_OK)
		return e;
	errors = xo_el(r, "errors", NULL);
	field_echo(c, new_mentor_fields, N__MAX, r);
	if (field_read(c, new_mentor_fields, N__MAX, v, errors) > 0 ||
	    strchr(v[N_EMAIL].v, '@') == NULL) {
		if (v[N_EMAIL].v != NULL && strchr(v[N_EMAIL].v, '@') == NULL)
			xo_attr(xo_el(errors, "error", "Vul een e-mailadres "
			    "in."), "field", "email");
		http_page_error(c, DDD_ERR_INVALID_INPUT);
		e = DDD_OK;
		goto out;
	}
	login_normalise(v[N_EMAIL].v, login, sizeof(login));
	{
		struct db_param p[6] = { DB_P_INT(c->sess.tenant_id),
		    DB_P_STR(login), DB_P_STR(v[N_EMAIL].v),
		    DB_P_STR(v[N_ROEPNAAM].v),
		    DB_P_STR(v[N_TUSSENVOEGSEL].v ? v[N_TUSSENVOEGSEL].v : ""),
		    DB_P_STR(v[N_ACHTERNAAM].v) };
		e = db_run(c->db, STMT_STAFF_INSERT, p, 6, NULL);
	}
	if (e == DDD_ERR_CONFLICT) {
		xo_attr(xo_el(errors, "error", "Er is op uw school al een "
		    "account met dit e-mailadres."), "field", "email");
		http_page_error(c, DDD_ERR_INVALID_INPUT);
		e = DDD_OK;
		goto out;
	}
	if (e != DDD_OK)
		goto out;
	log_info("staff_added", "tenant=%lld by=%lld role=mentor",
	    c->sess.tenant_id, c->sess.account_id);
	if ((e = audit_record(&c->actor, c->remote_addr, AUDIT_ACCOUNT_NEW, 0,
	    0, "mentor %s", login)) != DDD_OK)
		goto out;
	/* The name back in the notice, percent-encoded for the query. */
	for (i = j = 0; login[i] != '\0' && j + 4 < sizeof(q); i++)
		j += (size_t)snprintf(q + j, sizeof(q) - j, "%%%02X",
		    (unsigned char)login[i]);
	q[j] = '\0';
	snprintf(loc, sizeof(loc), "/portal/mentoren?toegevoegd=%s", q);
	e = http_redirect(c, loc);
out:
	field_values_free(v, N__MAX);
	return e;
}
