/* The Portal's overviews for mentors and decanen: the dashboard (dossiers
 * per phase, the deadlines and how many are past them, the MBOs and
 * whether each takes part) and Mijn Leerlingen (every student with the
 * status of each dossier; archive, aansporen, and 'Start deel B' early). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "dossier.h"
#include "field.h"
#include "log.h"
#include "outbox.h"
#include "pages.h"
#include "route.h"
#include "session.h"
#include "settings.h"
#include "xmlout.h"

#define NUDGE_AFTER_DAYS	7	/* 'te lang' in the akkoordverklaring */

static long long
scope(const struct ctx *c)
{
	return c->sess.role == ROLE_DECAAN ? 0 : c->sess.account_id;
}

/* The figures beyond the counts per phase: the dossiers per class and
 * phase (<klassen>, for the picture), where the afgeronde dossiers stand
 * at the MBO (<mbo-statussen>), and
 * the median days from 'Nieuw dossier' to the college's first status
 * (<ontvangen mediaan-dagen aantal/>), the figure the regions track. */
static enum ddd_err
mbo_figures(struct ctx *c, long long me, xmlNodePtr r)
{
	struct db_param	 p[5] = { DB_P_INT(c->sess.tenant_id), DB_P_INT(me),
	    DB_P_INT(me), DB_P_INT(me), DB_P_INT(me) };
	struct db_result res;
	xmlNodePtr	 list, n;
	size_t		 i, k;
	char		 median[32];
	enum ddd_err	 e;

	if ((e = db_run(c->db, STMT_DASH_CLASSES, p, 5, &res)) != DDD_OK)
		return e;
	/* <klassen><klas naam><fase naam aantal/>... per class. */
	list = xo_el(r, "klassen", NULL);
	n = NULL;
	for (i = 0; i < res.nrows; i++) {
		if (n == NULL || i == 0 || strcmp(DB_COL(&res, i, "klas"),
		    DB_COL(&res, i - 1, "klas")) != 0) {
			n = xo_el(list, "klas", NULL);
			xo_attr(n, "naam", DB_COL(&res, i, "klas"));
		}
		xo_attr(xo_el(n, "fase", NULL), "naam",
		    DB_COL(&res, i, "phase"));
		xo_attr(n->last, "aantal", DB_COL(&res, i, "dossiers"));
	}
	db_result_free(&res);
	if ((e = db_run(c->db, STMT_DASH_MBO_STATUS, p, 5, &res)) != DDD_OK)
		return e;
	list = xo_el(r, "mbo-statussen", NULL);
	for (i = 0; i < res.nrows; i++)
		xo_attr(xo_el(list, "status", DB_COL(&res, i, "dossiers")),
		    "waarde", DB_COL(&res, i, "mbo_status"));
	db_result_free(&res);
	if ((e = db_run(c->db, STMT_DASH_RECEIVED_DAYS, p, 5, &res)) !=
	    DDD_OK)
		return e;
	n = xo_el(r, "ontvangen", NULL);
	xo_attr_int(n, "aantal", (long long)res.nrows);
	if (res.nrows > 0) {
		/* Sorted by the statement; the middle one, or the mean of
		 * the middle two. */
		k = res.nrows / 2;
		if (res.nrows % 2 == 1)
			snprintf(median, sizeof(median), "%lld",
			    atoll(DB_COL(&res, k, "days")));
		else {
			long long sum = atoll(DB_COL(&res, k - 1, "days")) +
			    atoll(DB_COL(&res, k, "days"));
			snprintf(median, sizeof(median), "%lld%s", sum / 2,
			    sum % 2 != 0 ? ",5" : "");
		}
		xo_attr(n, "mediaan-dagen", median);
	}
	db_result_free(&res);
	return DDD_OK;
}

enum ddd_err
page_dashboard(struct ctx *c)
{
	static const char *const phases[] = { "deel_a", "deel_b", "akkoord",
	    "afgerond" };
	const struct tenant_config *tc;
	struct tenant_settings ts;
	struct db_result res;
	long long	 me = scope(c);
	xmlNodePtr	 r, list, n;
	size_t		 i, j;
	enum ddd_err	 e;
	const char	*far = "9999-12-31";

	if ((e = http_tenant(c, c->sess.tenant_id, &tc)) != DDD_OK)
		return e;
	ts = tc->settings;
	if ((r = http_page(c, "dashboard", "dashboard")) == NULL)
		return DDD_ERR_NOMEM;
	{
		struct db_param p[8] = {
		    DB_P_STR(ts.deadline[0][0] ? ts.deadline[0] : far),
		    DB_P_STR(ts.deadline[1][0] ? ts.deadline[1] : far),
		    DB_P_STR(ts.deadline[2][0] ? ts.deadline[2] : far),
		    DB_P_INT(c->sess.tenant_id), DB_P_INT(me), DB_P_INT(me),
		    DB_P_INT(me), DB_P_INT(me) };
		if ((e = db_run(c->db, STMT_DASH_PHASES, p, 8, &res)) != DDD_OK)
			return e;
	}
	list = xo_el(r, "fasen", NULL);
	for (i = 0; i < 4; i++) {
		n = xo_el(list, "fase", NULL);
		xo_attr(n, "naam", phases[i]);
		xo_attr(n, "aantal", "0");
		xo_attr(n, "te-laat", "0");
		if (i < 3)
			xo_attr(n, "deadline", ts.deadline[i]);
		for (j = 0; j < res.nrows; j++)
			if (strcmp(DB_COL(&res, j, "phase"), phases[i]) == 0) {
				xo_attr(n, "aantal",
				    DB_COL(&res, j, "dossiers"));
				xo_attr(n, "te-laat", DB_COL(&res, j, "late"));
			}
	}
	db_result_free(&res);
	{
		struct db_param p = DB_P_INT(c->sess.tenant_id);
		if ((e = db_run(c->db, STMT_DASH_MBOS, &p, 1, &res)) != DDD_OK)
			return e;
	}
	list = xo_el(r, "mbos", NULL);
	for (i = 0; i < res.nrows; i++) {
		n = xo_el(list, "mbo", DB_COL(&res, i, "name"));
		xo_attr(n, "brin", DB_COL(&res, i, "brin"));
		xo_attr(n, "deelnemer", DB_COL(&res, i, "participates"));
	}
	db_result_free(&res);
	if ((e = mbo_figures(c, me, r)) != DDD_OK)
		return e;
	http_header(c, "Cache-Control", "private, no-store");
	return DDD_OK;
}

/* The first row of res (STMT_STUDENT_DOSSIERS, sorted by student_id)
 * with student sid, or nrows. */
static size_t
first_of(const struct db_result *res, long long sid)
{
	size_t	 lo = 0, hi = res->nrows, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strtoll(DB_COL(res, mid, "student_id"), NULL, 10) < sid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Mijn Leerlingen's choice: one class or all, and a search. */
enum { SF_KLAS, SF_ZOEK, SF__MAX };
static const struct field students_fields[SF__MAX] = {
	[SF_KLAS] = { "klas", FIELD_TEXT, 20, 0, "De klas" },
	[SF_ZOEK] = { "zoek", FIELD_TEXT, 60, 0, "De zoekterm" },
};

/* Above this many students in scope, the page opens on the first class
 * (a whole school on one page is megabytes of HTML); 'Alle klassen'
 * (klas=) shows them all. */
#define STUDENTS_ONE_PAGE	200

/* A LIKE pattern that finds term anywhere: %, _ and \ taken literally,
 * runs of spaces as one. */
static void
like_pattern(char *out, size_t size, const char *term)
{
	size_t	 o = 0;

	if (size < 3)
		return;
	out[o++] = '%';
	for (; *term != '\0' && o + 3 < size; term++) {
		if (*term == ' ' && o > 0 && out[o - 1] == ' ')
			continue;
		if (*term == '%' || *term == '_' || *term == '\\')
			out[o++] = '\\';
		out[o++] = *term;
	}
	out[o++] = '%';
	out[o] = '\0';
}

enum ddd_err
page_students(struct ctx *c)
{
	long long	 me = scope(c);
	struct field_value v[SF__MAX];
	struct db_param	 p[9];
	struct db_result st, ds, cl;
	xmlNodePtr	 r, list, s, d, errors, klassen, k;
	size_t		 i, j;
	long long	 sid, total = 0;
	int		 bad;
	const char	*klas, *zoek;
	char		 naam[240], pattern[140];
	enum ddd_err	 e;

	if ((r = http_page(c, "leerlingen", "leerlingen")) == NULL)
		return DDD_ERR_NOMEM;
	errors = xo_el(r, "errors", NULL);
	field_echo(c, students_fields, SF__MAX, r);
	if ((bad = field_read(c, students_fields, SF__MAX, v, errors) > 0)) {
		/* Shown with the message, as when first opened. */
		field_values_free(v, SF__MAX);
		memset(v, 0, sizeof(v));
	}
	klas = v[SF_KLAS].v != NULL ? v[SF_KLAS].v : "";
	zoek = v[SF_ZOEK].v != NULL ? v[SF_ZOEK].v : "";
	p[0] = (struct db_param)DB_P_INT(c->sess.tenant_id);
	p[1] = p[2] = p[3] = p[4] = (struct db_param)DB_P_INT(me);
	if ((e = db_run(c->db, STMT_MY_CLASSES, p, 5, &cl)) != DDD_OK)
		goto out;
	klassen = xo_el(r, "klassen", NULL);
	for (i = 0; i < cl.nrows; i++) {
		total += strtoll(DB_COL(&cl, i, "students"), NULL, 10);
		if (DB_COL(&cl, i, "klas")[0] == '\0')
			continue;	/* no class: under 'Alle klassen' */
		k = xo_el(klassen, "klas", DB_COL(&cl, i, "klas"));
		xo_attr(k, "aantal", DB_COL(&cl, i, "students"));
	}
	xo_attr_int(klassen, "totaal", total);
	/* Opened without a choice, a large school starts at its first
	 * class. */
	if ((bad || kv_get(&c->query, "klas") == NULL) && zoek[0] == '\0' &&
	    total > STUDENTS_ONE_PAGE && klassen->children != NULL) {
		klas = (const char *)klassen->children->children->content;
		xo_attr(klassen, "eerste", klas);
	}
	xo_attr(klassen, "gekozen", klas);
	like_pattern(pattern, sizeof(pattern), zoek);
	p[5] = p[6] = (struct db_param)DB_P_STR(klas);
	p[7] = (struct db_param)DB_P_STR(zoek);
	p[8] = (struct db_param)DB_P_STR(pattern);
	if ((e = db_run(c->db, STMT_MY_STUDENTS, p, 9, &st)) != DDD_OK) {
		db_result_free(&cl);
		goto out;
	}
	if ((e = db_run(c->db, STMT_STUDENT_DOSSIERS, p, 9, &ds)) != DDD_OK) {
		db_result_free(&st);
		db_result_free(&cl);
		goto out;
	}
	db_result_free(&cl);
	list = xo_el(r, "lijst", NULL);
	for (i = 0; i < st.nrows; i++) {
		s = xo_el(list, "leerling", NULL);
		xo_attr(s, "id", DB_COL(&st, i, "id"));
		xo_attr(s, "nr", DB_COL(&st, i, "login"));
		db_full_name(naam, sizeof(naam), &st, i, "");
		xo_attr(s, "naam", naam);
		xo_attr(s, "klas", DB_COL(&st, i, "klas"));
		/* The dossiers come sorted by student: from the first of this
		 * one while they are this student's (a school of 2,000 with
		 * 10,000 dossiers is not a 20-million-step loop). */
		sid = strtoll(DB_COL(&st, i, "id"), NULL, 10);
		for (j = first_of(&ds, sid); j < ds.nrows &&
		    atoll(DB_COL(&ds, j, "student_id")) == sid; j++) {
			d = xo_el(s, "dossier", NULL);
			xo_attr(d, "id", DB_COL(&ds, j, "id"));
			xo_attr(d, "fase", DB_COL(&ds, j, "phase"));
			xo_attr(d, "gearchiveerd", DB_COL(&ds, j, "archived"));
			xo_attr(d, "mbo", DB_COL(&ds, j, "mbo_name"));
			xo_attr(d, "dagen", DB_COL(&ds, j, "days_in_phase"));
			xo_attr(d, "mbo-status", DB_COL(&ds, j, "mbo_status"));
			xo_attr(d, "mbo-reden",
			    DB_COL(&ds, j, "mbo_status_reden"));
			if (strcmp(DB_COL(&ds, j, "phase"), "akkoord") == 0 &&
			    atoi(DB_COL(&ds, j, "days_in_phase")) >=
			    NUDGE_AFTER_DAYS)
				xo_attr(d, "aansporen", "1");
		}
	}
	db_result_free(&st);
	db_result_free(&ds);
	if (kv_get(&c->query, "aangespoord") != NULL)
		xo_el(r, "aangespoord", NULL);
	http_header(c, "Cache-Control", "private, no-store");
out:
	field_values_free(v, SF__MAX);
	return e;
}

/* 'Aansporen': a reminder to a student too long in the akkoordverklaring. */
enum ddd_err
page_nudge_post(struct ctx *c)
{
	struct dossier	 d;
	struct account	 st;
	xmlDocPtr	 mail;
	xmlNodePtr	 m;
	char		 link[600];
	enum ddd_err	 e;

	if ((e = db_begin(c->db)) != DDD_OK)
		return e;
	if ((e = dossier_get(&c->actor, c->params[0], 1, &d)) != DDD_OK)
		goto rollback;
	if (d.phase != PHASE_AKKOORD || d.archived) {
		e = DDD_ERR_CONFLICT;
		goto rollback;
	}
	if ((e = account_get(c->db, c->sess.tenant_id, d.student_id, &st)) !=
	    DDD_OK && e != DDD_ERR_NOT_FOUND)
		goto rollback;
	e = DDD_OK;
	if (st.email[0] != '\0') {
		if ((mail = xo_doc("mail")) == NULL) {
			e = DDD_ERR_NOMEM;
			goto rollback;
		}
		m = xo_root(mail);
		xo_attr(m, "kind", "aansporen");
		xo_el(m, "roepnaam", st.roepnaam);
		xo_el(m, "mentor", c->sess.naam);
		xo_el(m, "school", c->sess.tenant_name);
		snprintf(link, sizeof(link), "%s/dossiers/%lld/akkoord",
		    c->app->cfg->base_url, d.id);
		xo_el(m, "link", link);
		e = outbox_queue(c->db, c->sess.tenant_id, d.student_id,
		    "aansporen", st.email, st.naam, "Herinnering: vul "
		    "je akkoordverklaring in", mail);
		xmlFreeDoc(mail);
	}
	if (e != DDD_OK || (e = dossier_event(&c->actor, &d, "aangespoord",
	    NULL)) != DDD_OK)
		goto rollback;
	if ((e = db_commit(c->db)) != DDD_OK)
		return e;
	return http_redirect(c, "/portal/leerlingen?aangespoord=1");
rollback:
	db_rollback(c->db);
	return e;
}

/* 'Start deel B' early, for a student without a dossier: the mentor's
 * start makes the dossier, which the student then continues. */
enum ddd_err
page_start_early_post(struct ctx *c)
{
	struct dossier	 d;
	struct db_result res;
	char		 loc[96];
	long long	 kept = 0;
	int		 mine;
	enum ddd_err	 e;

	if ((e = db_begin(c->db)) != DDD_OK)
		return e;
	/* The rules are checked on the locked student row, so two starts
	 * for one student (a double click, two mentors) make one dossier. */
	{
		struct db_param p[2] = { DB_P_INT(c->params[0]),
		    DB_P_INT(c->sess.tenant_id) };
		if ((e = db_run(c->db, STMT_STUDENT_LOCK_ID, p, 2, &res)) !=
		    DDD_OK)
			goto rollback;
		mine = res.nrows == 1;
		db_result_free(&res);
	}
	/* The same scope as Mijn Leerlingen: the decaan's whole school, a
	 * mentor's own classes. */
	if (mine && c->sess.role != ROLE_DECAAN) {
		struct db_param p[3] = { DB_P_INT(c->sess.account_id),
		    DB_P_INT(c->params[0]), DB_P_INT(c->sess.tenant_id) };
		if ((e = db_run(c->db, STMT_MENTOR_OF_STUDENT, p, 3, &res)) !=
		    DDD_OK)
			goto rollback;
		mine = res.nrows > 0;
		db_result_free(&res);
	}
	if (!mine) {
		e = DDD_ERR_NOT_FOUND;
		goto rollback;
	}
	/* Only for a student without a dossier: one that is not archived
	 * (open or afgerond) is shown instead. */
	{
		struct db_param p[2] = { DB_P_INT(c->sess.tenant_id),
		    DB_P_INT(c->params[0]) };
		if ((e = db_run(c->db, STMT_STUDENT_KEPT_DOSSIER, p, 2,
		    &res)) != DDD_OK)
			goto rollback;
		if (res.nrows == 1)
			kept = strtoll(DB_COL(&res, 0, "id"), NULL, 10);
		db_result_free(&res);
	}
	if (kept != 0) {
		db_rollback(c->db);
		snprintf(loc, sizeof(loc), "/portal/dossiers/%lld?al-gestart=1",
		    kept);
		return http_redirect(c, loc);
	}
	if ((e = dossier_create(&c->actor, c->params[0], c->sess.account_id,
	    T_START_EARLY, &d)) != DDD_OK)
		goto rollback;
	if ((e = db_commit(c->db)) != DDD_OK)
		return e;
	snprintf(loc, sizeof(loc), "/portal/dossiers/%lld/deel-b/1", d.id);
	return http_redirect(c, loc);
rollback:
	db_rollback(c->db);
	return e;
}
