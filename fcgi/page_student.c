/* The decaan's pages about one student of the school, from Mijn
 * Leerlingen: the mail log (every mail to the student, its state, 'opnieuw
 * versturen', which the audit trail records) and the inzage (the AVG
 * access log of the student's dossiers, with the student's requests: the
 * inzage export and erasure, fcgi/page_privacy.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "dossier.h"
#include "log.h"
#include "outbox.h"
#include "pages.h"
#include "route.h"
#include "xmlout.h"

/* A decaan's page about one student of the school: the page with
 * <leerling id>name</leerling>; DDD_ERR_NOT_FOUND for anyone else. */
static enum ddd_err
student_page(struct ctx *c, long long student, const char *name,
    xmlNodePtr *root)
{
	struct account	 st;
	enum ddd_err	 e;

	if ((e = account_get(c->db, c->sess.tenant_id, student, &st)) !=
	    DDD_OK)
		return e;
	if (st.role != ROLE_LEERLING)
		return DDD_ERR_NOT_FOUND;
	if ((*root = http_page(c, name, name)) == NULL)
		return DDD_ERR_NOMEM;
	xo_attr_int(xo_el(*root, "leerling", st.naam), "id", student);
	return DDD_OK;
}

/* The decaan's mail log of one student: every mail, its state and why it
 * failed; a failed (or lost) one can be sent again. */
static enum ddd_err
mail_log_page(struct ctx *c, long long student)
{
	struct db_result ml;
	xmlNodePtr	 r, list, m;
	size_t		 i;
	enum ddd_err	 e;

	if ((e = student_page(c, student, "maillog", &r)) != DDD_OK)
		return e;
	{
		struct db_param q[2] = { DB_P_INT(c->sess.tenant_id),
		    DB_P_INT(student) };
		if ((e = db_run(c->db, STMT_MAIL_LOG, q, 2, &ml)) != DDD_OK)
			return e;
	}
	list = xo_el(r, "mails", NULL);
	for (i = 0; i < ml.nrows; i++) {
		m = xo_el(list, "mail", DB_COL(&ml, i, "subject"));
		xo_attr(m, "id", DB_COL(&ml, i, "id"));
		xo_attr(m, "soort", DB_COL(&ml, i, "kind"));
		xo_attr(m, "aan", DB_COL(&ml, i, "to_addr"));
		xo_attr(m, "status", DB_COL(&ml, i, "status"));
		xo_attr(m, "pogingen", DB_COL(&ml, i, "attempts"));
		xo_attr(m, "fout", DB_COL(&ml, i, "last_error"));
		xo_attr(m, "aangemaakt", DB_COL(&ml, i, "created_at"));
		xo_attr(m, "verstuurd", DB_COL(&ml, i, "sent_at"));
	}
	db_result_free(&ml);
	if (kv_get(&c->query, "opnieuw") != NULL)
		xo_el(r, "opnieuw", NULL);
	http_header(c, "Cache-Control", "private, no-store");
	return DDD_OK;
}

/* The AVG access log of one student's dossiers, for the decaan: who
 * (and from which organisation) viewed or downloaded what, and who saw
 * the BSN; the newest 500. */
enum ddd_err
page_access_log(struct ctx *c)
{
	struct db_result al;
	xmlNodePtr	 r, list, m;
	size_t		 i;
	enum ddd_err	 e;

	if ((e = student_page(c, c->params[0], "inzage", &r)) != DDD_OK)
		return e;
	{
		struct db_param q[2] = { DB_P_INT(c->sess.tenant_id),
		    DB_P_INT(c->params[0]) };
		if ((e = db_run(c->db, STMT_ACCESS_LIST, q, 2, &al)) != DDD_OK)
			return e;
	}
	list = xo_el(r, "inzages", NULL);
	for (i = 0; i < al.nrows; i++) {
		m = xo_el(list, "inzage", NULL);
		xo_attr(m, "op", DB_COL(&al, i, "at"));
		xo_attr(m, "dossier", DB_COL(&al, i, "dossier_id"));
		xo_attr(m, "wie", DB_COL(&al, i, "actor_name"));
		xo_attr(m, "organisatie", DB_COL(&al, i, "actor_org"));
		xo_attr(m, "wat", DB_COL(&al, i, "action"));
		xo_attr(m, "extern", DB_COL(&al, i, "external"));
	}
	db_result_free(&al);
	http_header(c, "Cache-Control", "private, no-store");
	return DDD_OK;
}

enum ddd_err
page_mail_log(struct ctx *c)
{
	return mail_log_page(c, c->params[0]);
}

enum ddd_err
page_mail_resend_post(struct ctx *c)
{
	struct db_param	 p[3] = { DB_P_INT(c->params[1]),
	    DB_P_INT(c->sess.tenant_id), DB_P_INT(c->params[0]) };
	struct db_result res;
	char		 loc[96];
	enum ddd_err	 e;

	if ((e = db_run(c->db, STMT_MAIL_RESEND, p, 3, &res)) != DDD_OK)
		return e;
	if (res.affected != 1) {
		db_result_free(&res);
		return DDD_ERR_CONFLICT;
	}
	db_result_free(&res);
	log_info("mail_resend", "tenant=%lld by=%lld outbox=%lld",
	    c->sess.tenant_id, c->sess.account_id, c->params[1]);
	if ((e = audit_record(&c->actor, c->remote_addr, AUDIT_MAIL_RESEND,
	    c->params[0], 0, "mail %lld", c->params[1])) != DDD_OK)
		return e;
	snprintf(loc, sizeof(loc), "/portal/leerlingen/%lld/mail?opnieuw=1",
	    c->params[0]);
	return http_redirect(c, loc);
}
