/* Erasure of one student on request (fcgi/privacy.h): what it would
 * delete, for the confirmation, and the erasure itself in the caller's
 * transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit.h"
#include "log.h"
#include "privacy.h"
#include "xmlout.h"

/* What goes, counted: parameters of STMT_PRIVACY_ERASE_COUNTS. */
static enum ddd_err
counts(const struct actor *a, long long student, const char *pattern,
    struct db_result *res)
{
	struct db_param	 p[17];
	size_t		 i;

	for (i = 0; i < 14; i += 2) {
		p[i] = (struct db_param)DB_P_INT(a->tenant_id);
		p[i + 1] = (struct db_param)DB_P_INT(student);
	}
	p[14] = (struct db_param)DB_P_INT(a->tenant_id);
	p[15] = (struct db_param)DB_P_INT(student);
	p[16] = (struct db_param)DB_P_STR(pattern);
	return db_run(a->db, STMT_PRIVACY_ERASE_COUNTS, p, 17, res);
}

enum ddd_err
privacy_erase_preview(const struct actor *a, long long student,
    xmlNodePtr parent)
{
	struct db_result st, n, del;
	xmlNodePtr	 l, g;
	char		 naam[1024], pattern[1024];
	size_t		 i;
	enum ddd_err	 e;

	if (a->role != ROLE_DECAAN)
		return DDD_ERR_NOT_FOUND;
	{
		struct db_param p[2] = { DB_P_INT(student),
		    DB_P_INT(a->tenant_id) };
		if ((e = db_run(a->db, STMT_PRIVACY_STUDENT, p, 2, &st)) !=
		    DDD_OK)
			return e;
	}
	if (st.nrows != 1) {
		db_result_free(&st);
		return DDD_ERR_NOT_FOUND;
	}
	db_full_name(naam, sizeof(naam), &st, 0, "");
	l = xo_el(parent, "leerling", NULL);
	xo_attr_int(l, "id", student);
	xo_attr(l, "naam", naam);
	xo_attr(l, "nummer", DB_COL(&st, 0, "login"));
	xo_attr(l, "klas", DB_COL(&st, 0, "klas"));
	db_result_free(&st);
	privacy_mail_pattern(pattern, sizeof(pattern), naam);
	if ((e = counts(a, student, pattern, &n)) != DDD_OK)
		return e;
	l = xo_el(parent, "verwijderen", NULL);
	xo_attr(l, "dossiers", DB_COL(&n, 0, "dossiers"));
	xo_attr(l, "antwoorden", DB_COL(&n, 0, "answers"));
	xo_attr(l, "bijlagen", DB_COL(&n, 0, "files"));
	xo_attr(l, "documenten", DB_COL(&n, 0, "documents"));
	xo_attr(l, "gebeurtenissen", DB_COL(&n, 0, "events"));
	xo_attr(l, "mails", DB_COL(&n, 0, "mails"));
	xo_attr(l, "mails-medewerkers", DB_COL(&n, 0, "staff_mails"));
	xo_attr(l, "sessies", DB_COL(&n, 0, "sessions"));
	db_result_free(&n);
	{
		struct db_param p[2] = { DB_P_INT(a->tenant_id),
		    DB_P_INT(student) };
		if ((e = db_run(a->db, STMT_PRIVACY_DELIVERED, p, 2, &del)) !=
		    DDD_OK)
			return e;
	}
	g = xo_el(parent, "geleverd", NULL);
	for (i = 0; i < del.nrows; i++) {
		l = xo_el(g, "dossier", NULL);
		xo_attr(l, "id", DB_COL(&del, i, "id"));
		xo_attr(l, "mbo", DB_COL(&del, i, "mbo_name"));
		xo_attr(l, "ontvangen", DB_COL(&del, i, "received_at"));
		xo_attr(l, "gezien", DB_COL(&del, i, "seen_at"));
	}
	db_result_free(&del);
	return DDD_OK;
}

/* Staff's one-time form keys that name the student's pages or dossiers
 * in where they sent the user. */
static enum ddd_err
delete_form_keys(const struct actor *a, long long student)
{
	struct db_param	 p[2] = { DB_P_INT(a->tenant_id), DB_P_INT(student) };
	struct db_result res;
	struct buf	 ids;
	char		 sid[24];
	size_t		 i;
	enum ddd_err	 e;

	if ((e = db_run(a->db, STMT_PRIVACY_DOSSIERS, p, 2, &res)) != DDD_OK)
		return e;
	buf_init(&ids, 64 * 1024);
	e = buf_addstr(&ids, "0");	/* no dossier has id 0 */
	for (i = 0; e == DDD_OK && i < res.nrows; i++)
		e = buf_printf(&ids, "|%s", DB_COL(&res, i, "id"));
	db_result_free(&res);
	snprintf(sid, sizeof(sid), "%lld", student);
	if (e == DDD_OK) {
		struct db_param q[3] = { DB_P_INT(a->tenant_id), DB_P_STR(sid),
		    DB_P_STR(ids.ptr) };
		e = db_run(a->db, STMT_PRIVACY_DELETE_FORM_KEYS, q, 3, NULL);
	}
	buf_free(&ids);
	return e;
}

/* The deletes, children first: the outbox has no key to the account, a
 * dossier's rows go with it (ON DELETE CASCADE), and the account takes
 * its sessions, activation links and form keys along. */
static enum ddd_err
delete_all(const struct actor *a, long long student, const char *pattern)
{
	struct db_param	 p[3] = { DB_P_INT(a->tenant_id), DB_P_INT(student),
	    DB_P_STR(pattern) };
	struct db_param	 q[2] = { DB_P_INT(student), DB_P_INT(a->tenant_id) };
	struct db_result res;
	enum ddd_err	 e;

	if ((e = delete_form_keys(a, student)) != DDD_OK ||
	    (e = db_run(a->db, STMT_PRIVACY_DELETE_STAFF_MAILS, p, 3,
	    NULL)) != DDD_OK || (e = db_run(a->db, STMT_PRIVACY_DELETE_MAILS,
	    p, 2, NULL)) != DDD_OK || (e = db_run(a->db,
	    STMT_PRIVACY_DELETE_DOSSIERS, p, 2, NULL)) != DDD_OK)
		return e;
	if ((e = db_run(a->db, STMT_PRIVACY_DELETE_ACCOUNT, q, 2, &res)) !=
	    DDD_OK)
		return e;
	e = res.affected == 1 ? DDD_OK : DDD_ERR_INTERNAL;
	db_result_free(&res);
	return e;
}

enum ddd_err
privacy_erase(const struct actor *a, const char *addr, long long student)
{
	struct db_result st, n, del;
	char		 naam[1024], login[256], pattern[1024];
	char		 pseudo[AUDIT_PSEUDONYM_LEN + 1];
	char		 detail[AUDIT_DETAIL_MAX + 1];
	enum ddd_err	 e;

	if (a->role != ROLE_DECAAN)
		return DDD_ERR_NOT_FOUND;
	if (!a->db->in_txn)
		return DDD_ERR_INTERNAL;
	/* Locked: a page of the student's waits, and finds nothing. */
	{
		struct db_param p[2] = { DB_P_INT(student),
		    DB_P_INT(a->tenant_id) };
		if ((e = db_run(a->db, STMT_PRIVACY_LOCK_STUDENT, p, 2, &st)) !=
		    DDD_OK)
			return e;
	}
	if (st.nrows != 1) {
		db_result_free(&st);
		return DDD_ERR_NOT_FOUND;
	}
	db_full_name(naam, sizeof(naam), &st, 0, "");
	snprintf(login, sizeof(login), "%s", DB_COL(&st, 0, "login"));
	db_result_free(&st);
	privacy_mail_pattern(pattern, sizeof(pattern), naam);
	if ((e = counts(a, student, pattern, &n)) != DDD_OK)
		return e;
	{
		struct db_param p[2] = { DB_P_INT(a->tenant_id),
		    DB_P_INT(student) };
		if ((e = db_run(a->db, STMT_PRIVACY_DELIVERED, p, 2, &del)) !=
		    DDD_OK) {
			db_result_free(&n);
			return e;
		}
	}
	/* Counts only: the trail keeps no word of the student. */
	snprintf(detail, sizeof(detail), "%s dossier(s), %s antwoorden, "
	    "%s bijlage(n), %s document(en), %s mail(s) aan de leerling, "
	    "%s aan medewerkers, %s sessie(s); %zu dossier(s) al bij een "
	    "mbo-school", DB_COL(&n, 0, "dossiers"), DB_COL(&n, 0, "answers"),
	    DB_COL(&n, 0, "files"), DB_COL(&n, 0, "documents"),
	    DB_COL(&n, 0, "mails"), DB_COL(&n, 0, "staff_mails"),
	    DB_COL(&n, 0, "sessions"), del.nrows);
	db_result_free(&n);
	db_result_free(&del);
	if ((e = audit_forget_student(a->db, a->app->master, a->tenant_id,
	    student, login, pseudo)) != DDD_OK ||
	    (e = delete_all(a, student, pattern)) != DDD_OK ||
	    (e = audit_write(a, addr, AUDIT_ERASE, 0, 0, pseudo, detail)) !=
	    DDD_OK)
		return e;
	log_info("privacy_erase", "tenant=%lld by=%lld pseudonym=%s",
	    a->tenant_id, a->account_id, pseudo);
	return DDD_OK;
}
