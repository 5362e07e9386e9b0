/* The Portal's overviews for mentors and decanen: the dashboard (dossiers
 * per phase, the deadlines and how many are past them, the colleges that
 * take part at the school) and Mijn Leerlingen (every student with the
 * status of each dossier; archive, aansporen, and 'Start deel B' early). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "account.h"
#include "dossier.h"
#include "field.h"
#include "log.h"
#include "outbox.h"
#include "pages.h"
#include "paging.h"
#include "route.h"
#include "session.h"
#include "settings.h"
#include "xmlout.h"

#define NUDGE_AFTER_DAYS	7	/* 'te lang' in the akkoordverklaring */

/* The parameters of a statement's scope, from p[at] on: a mentor's
 * (MENTOR_STUDENTS / MENTOR_DOSSIERS in fcgi/db.c: tenant and account,
 * three times, then the tenant) or the decaan's (the tenant); the new
 * count.  The statement is the decaan's or its _MENTOR twin. */
static size_t
scope_params(const struct ctx *c, struct db_param *p, size_t at)
{
	size_t	 i;

	if (c->sess.role != ROLE_DECAAN)
		for (i = 0; i < 3; i++) {
			p[at++] = (struct db_param)DB_P_INT(c->sess.tenant_id);
			p[at++] = (struct db_param)DB_P_INT(c->sess.account_id);
		}
	p[at++] = (struct db_param)DB_P_INT(c->sess.tenant_id);
	return at;
}

static enum stmt
scoped(const struct ctx *c, enum stmt school, enum stmt mentor)
{
	return c->sess.role == ROLE_DECAAN ? school : mentor;
}

/* The dashboard's figures: the decaan's from the school's counters (one
 * statement, STMT_DASH_TALLY), a mentor's counted by the database over
 * the dossiers of his classes (STMT_DASH_FIGURES_MENTOR: one read of his
 * dossier ids where four statements read them four times). */
#define DASH_CLASS_MAX	400
#define DASH_STATUS_MAX	16
#define DASH_DAYS_MAX	1000

static const char *const dash_phases[] = { "deel_a", "deel_b", "akkoord",
    "afgerond" };

struct dash_class {
	char		 klas[24];
	int		 phase;		/* index in dash_phases */
	long long	 n;
};

struct dash_status {
	char		 status[32];
	long long	 n;
};

struct dash_days {
	long long	 days, n;
};

struct dash_figures {
	long long		 phase[4], late[4];
	struct dash_class	 cls[DASH_CLASS_MAX];
	size_t			 ncls;
	struct dash_status	 st[DASH_STATUS_MAX];
	size_t			 nst;
	struct dash_days	 days[DASH_DAYS_MAX];
	size_t			 ndays;
};

static int
dash_phase(const char *name)
{
	int	 i;

	for (i = 0; i < 4; i++)
		if (strcmp(name, dash_phases[i]) == 0)
			return i;
	return -1;
}

/* Each adder adds n to its row, made when new (beyond the cap: left out,
 * as the statements' LIMITs would). */
static void
dash_add_class(struct dash_figures *f, const char *klas, int phase,
    long long n)
{
	size_t	 i;

	if (phase < 0)
		return;
	/* The decaan's rows come in the order of their key, each once: the
	 * last row is the only one worth a look before the search. */
	if (f->ncls > 0 && f->cls[f->ncls - 1].phase == phase &&
	    strcmp(f->cls[f->ncls - 1].klas, klas) == 0) {
		f->cls[f->ncls - 1].n += n;
		return;
	}
	for (i = 0; i < f->ncls; i++)
		if (f->cls[i].phase == phase &&
		    strcmp(f->cls[i].klas, klas) == 0) {
			f->cls[i].n += n;
			return;
		}
	if (f->ncls == DASH_CLASS_MAX)
		return;
	snprintf(f->cls[f->ncls].klas, sizeof(f->cls[0].klas), "%s", klas);
	f->cls[f->ncls].phase = phase;
	f->cls[f->ncls++].n = n;
}

static void
dash_add_status(struct dash_figures *f, const char *status, long long n)
{
	size_t	 i;

	for (i = 0; i < f->nst; i++)
		if (strcmp(f->st[i].status, status) == 0) {
			f->st[i].n += n;
			return;
		}
	if (f->nst == DASH_STATUS_MAX)
		return;
	snprintf(f->st[f->nst].status, sizeof(f->st[0].status), "%s", status);
	f->st[f->nst++].n = n;
}

static void
dash_add_days(struct dash_figures *f, long long days, long long n)
{
	size_t	 i;

	for (i = 0; i < f->ndays; i++)
		if (f->days[i].days == days) {
			f->days[i].n += n;
			return;
		}
	if (f->ndays == DASH_DAYS_MAX)
		return;
	f->days[f->ndays].days = days;
	f->days[f->ndays++].n = n;
}

static int
dash_class_cmp(const void *a, const void *b)
{
	const struct dash_class *x = a, *y = b;
	int	 c = strcmp(x->klas, y->klas);

	return c != 0 ? c : x->phase - y->phase;
}

/* The MBO statuses in the order of an intake (the column's ENUM), none
 * first. */
static int
dash_status_rank(const char *status)
{
	static const char *const order[] = { "", "ontvangen",
	    "intake_gepland", "intake_gehad", "onderwijsovereenkomst",
	    "geplaatst", "niet_geplaatst" };
	int	 i;

	for (i = 0; i < (int)(sizeof(order) / sizeof(order[0])); i++)
		if (strcmp(status, order[i]) == 0)
			return i;
	return i;
}

static int
dash_status_cmp(const void *a, const void *b)
{
	const struct dash_status *x = a, *y = b;

	return dash_status_rank(x->status) - dash_status_rank(y->status);
}

static int
dash_days_cmp(const void *a, const void *b)
{
	const struct dash_days *x = a, *y = b;

	return x->days < y->days ? -1 : x->days > y->days;
}

/* A mentor's: one statement, its groups (phase, class, MBO status, days
 * to the college) added up here. */
static enum ddd_err
dash_count_mentor(struct ctx *c, const struct tenant_settings *ts,
    struct dash_figures *f)
{
	const char	*far = "9999-12-31";
	struct db_param	 p[10] = {
	    DB_P_STR(ts->deadline[0][0] ? ts->deadline[0] : far),
	    DB_P_STR(ts->deadline[1][0] ? ts->deadline[1] : far),
	    DB_P_STR(ts->deadline[2][0] ? ts->deadline[2] : far) };
	size_t		 np = scope_params(c, p, 3), i;
	struct db_result res;
	enum ddd_err	 e;

	if ((e = db_run(c->db, STMT_DASH_FIGURES_MENTOR, p, np, &res)) !=
	    DDD_OK)
		return e;
	for (i = 0; i < res.nrows; i++) {
		int ph = dash_phase(DB_COL(&res, i, "phase"));
		long long n = atoll(DB_COL(&res, i, "dossiers"));
		long long days = atoll(DB_COL(&res, i, "days"));
		if (ph < 0)
			continue;
		f->phase[ph] += n;
		f->late[ph] += atoll(DB_COL(&res, i, "late"));
		dash_add_class(f, DB_COL(&res, i, "klas"), ph, n);
		if (ph == 3) {
			dash_add_status(f, DB_COL(&res, i, "mbo_status"), n);
			if (days >= 0)
				dash_add_days(f, days, n);
		}
	}
	db_result_free(&res);
	return DDD_OK;
}

/* The decaan's: one read of the school's counters (schema/sql/0036):
 * its dossiers per class and phase (per phase their sums), its afgeronde
 * ones per MBO status and per number of days. */
static enum ddd_err
dash_count_school(struct ctx *c, const struct tenant_settings *ts,
    struct dash_figures *f)
{
	const char	*far = "9999-12-31";
	struct db_param	 p[5] = {
	    DB_P_STR(ts->deadline[0][0] ? ts->deadline[0] : far),
	    DB_P_STR(ts->deadline[1][0] ? ts->deadline[1] : far),
	    DB_P_STR(ts->deadline[2][0] ? ts->deadline[2] : far),
	    DB_P_INT(c->sess.tenant_id), DB_P_INT(c->sess.tenant_id) };
	struct db_result res;
	size_t		 i;
	enum ddd_err	 e;

	if ((e = db_run(c->db, STMT_DASH_TALLY, p, 5, &res)) != DDD_OK)
		return e;
	for (i = 0; i < res.nrows; i++) {
		long long n = atoll(DB_COL(&res, i, "dossiers"));
		long long days = atoll(DB_COL(&res, i, "days"));
		int ph;

		if (strcmp(DB_COL(&res, i, "mbo"), "1") == 0) {
			dash_add_status(f, DB_COL(&res, i, "mbo_status"), n);
			if (days >= 0)
				dash_add_days(f, days, n);
			continue;
		}
		if ((ph = dash_phase(DB_COL(&res, i, "phase"))) < 0)
			continue;
		/* Every row counts for the phase, drawn or not. */
		f->phase[ph] += n;
		f->late[ph] += atoll(DB_COL(&res, i, "late"));
		dash_add_class(f, DB_COL(&res, i, "klas"), ph, n);
	}
	db_result_free(&res);
	return DDD_OK;
}

/* The days of the k-th dossier (from 0) in the order of days. */
static long long
days_at(const struct dash_figures *f, long long k)
{
	size_t		 i;
	long long	 seen = 0;

	for (i = 0; i < f->ndays; i++) {
		seen += f->days[i].n;
		if (k < seen)
			return f->days[i].days;
	}
	return 0;
}

/* <fasen><fase naam aantal te-laat deadline/>... */
static void
dash_phases_xml(xmlNodePtr r, const struct dash_figures *f,
    const struct tenant_settings *ts)
{
	xmlNodePtr	 list, n;
	size_t		 i;

	list = xo_el(r, "fasen", NULL);
	for (i = 0; i < 4; i++) {
		n = xo_el(list, "fase", NULL);
		xo_attr(n, "naam", dash_phases[i]);
		xo_attr_int(n, "aantal", f->phase[i]);
		xo_attr_int(n, "te-laat", f->late[i]);
		if (i < 3)
			xo_attr(n, "deadline", ts->deadline[i]);
	}
}

/* The figures beyond the counts per phase: the dossiers per class and
 * phase (<klassen>, for the picture), where the afgeronde dossiers stand
 * at the MBO (<mbo-statussen>), and the median days from 'Nieuw dossier'
 * to the college's first status (<ontvangen mediaan-dagen aantal/>), the
 * figure the regions track. */
static void
dash_figures_xml(xmlNodePtr r, struct dash_figures *f)
{
	xmlNodePtr	 list, n;
	size_t		 i;
	long long	 total, k;
	char		 median[32];

	qsort(f->cls, f->ncls, sizeof(f->cls[0]), dash_class_cmp);
	qsort(f->st, f->nst, sizeof(f->st[0]), dash_status_cmp);
	qsort(f->days, f->ndays, sizeof(f->days[0]), dash_days_cmp);
	/* <klassen max><klas naam totaal><fase naam aantal voor/>... per
	 * class: with each class's total, the dossiers before each phase's
	 * bar and the largest total, the picture is drawn without XPath
	 * sums (a big school has some 80 classes: the sums in the
	 * stylesheet were most of the page's time). */
	list = xo_el(r, "klassen", NULL);
	for (i = 0, n = NULL, k = 0, total = 0; i < f->ncls; i++) {
		if (n == NULL || strcmp(f->cls[i].klas, f->cls[i - 1].klas) !=
		    0) {
			if (n != NULL)
				xo_attr_int(n, "totaal", total);
			k = total > k ? total : k;
			total = 0;
			n = xo_el(list, "klas", NULL);
			xo_attr(n, "naam", f->cls[i].klas);
		}
		xo_attr(xo_el(n, "fase", NULL), "naam",
		    dash_phases[f->cls[i].phase]);
		xo_attr_int(n->last, "aantal", f->cls[i].n);
		xo_attr_int(n->last, "voor", total);
		total += f->cls[i].n;
	}
	if (n != NULL)
		xo_attr_int(n, "totaal", total);
	xo_attr_int(list, "max", total > k ? total : k);
	list = xo_el(r, "mbo-statussen", NULL);
	for (i = 0; i < f->nst; i++) {
		snprintf(median, sizeof(median), "%lld", f->st[i].n);
		xo_attr(xo_el(list, "status", median), "waarde",
		    f->st[i].status);
	}
	n = xo_el(r, "ontvangen", NULL);
	for (i = 0, total = 0; i < f->ndays; i++)
		total += f->days[i].n;
	xo_attr_int(n, "aantal", total);
	if (total > 0) {
		/* The middle one, or the mean of the middle two. */
		k = total / 2;
		if (total % 2 == 1)
			snprintf(median, sizeof(median), "%lld",
			    days_at(f, k));
		else {
			long long sum = days_at(f, k - 1) + days_at(f, k);
			snprintf(median, sizeof(median), "%lld%s", sum / 2,
			    sum % 2 != 0 ? ",5" : "");
		}
		xo_attr(n, "mediaan-dagen", median);
	}
}

enum ddd_err
page_dashboard(struct ctx *c)
{
	const struct tenant_config *tc;
	struct tenant_settings ts;
	struct dash_figures *f;
	struct db_result res;
	xmlNodePtr	 r, list, n;
	size_t		 i;
	enum ddd_err	 e;

	if ((e = http_tenant(c, c->sess.tenant_id, &tc)) != DDD_OK)
		return e;
	ts = tc->settings;
	if ((r = http_page(c, "dashboard", "dashboard")) == NULL)
		return DDD_ERR_NOMEM;
	if ((f = calloc(1, sizeof(*f))) == NULL)
		return DDD_ERR_NOMEM;
	if ((e = c->sess.role == ROLE_DECAAN ? dash_count_school(c, &ts, f) :
	    dash_count_mentor(c, &ts, f)) != DDD_OK)
		goto out;
	dash_phases_xml(r, f, &ts);
	{
		struct db_param p = DB_P_INT(c->sess.tenant_id);
		if ((e = db_run(c->db, STMT_DASH_MBOS, &p, 1, &res)) != DDD_OK)
			goto out;
	}
	list = xo_el(r, "mbos", NULL);
	for (i = 0; i < res.nrows; i++) {
		n = xo_el(list, "mbo", DB_COL(&res, i, "name"));
		xo_attr(n, "brin", DB_COL(&res, i, "brin"));
	}
	db_result_free(&res);
	dash_figures_xml(r, f);
	http_header(c, "Cache-Control", "private, no-store");
out:
	free(f);
	return e;
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

/* One dossier of a row of STMT_MY_STUDENTS(_MENTOR) under student s. */
static void
student_dossier(const struct db_result *res, size_t j, xmlNodePtr s)
{
	xmlNodePtr	 d = xo_el(s, "dossier", NULL);

	xo_attr(d, "id", DB_COL(res, j, "dossier_id"));
	xo_attr(d, "fase", DB_COL(res, j, "phase"));
	xo_attr(d, "gearchiveerd", DB_COL(res, j, "archived"));
	xo_attr(d, "mbo", DB_COL(res, j, "mbo_name"));
	xo_attr(d, "dagen", DB_COL(res, j, "days_in_phase"));
	xo_attr(d, "mbo-status", DB_COL(res, j, "mbo_status"));
	xo_attr(d, "mbo-reden", DB_COL(res, j, "mbo_status_reden"));
	if (strcmp(DB_COL(res, j, "phase"), "akkoord") == 0 &&
	    atoi(DB_COL(res, j, "days_in_phase")) >= NUDGE_AFTER_DAYS)
		xo_attr(d, "aansporen", "1");
}

/* A page of Mijn Leerlingen: the class and search filter, the page. */
static enum ddd_err
students_list(struct ctx *c, struct db_param *p, size_t np,
    const char *klas, const char *zoek, const struct paging *pg,
    struct db_result *st)
{
	char	 pattern[140];

	like_pattern(pattern, sizeof(pattern), zoek);
	/* After the scope's parameters: the filter, the page, the tenant
	 * of the dossiers. */
	p[np] = p[np + 1] = (struct db_param)DB_P_STR(klas);
	p[np + 2] = (struct db_param)DB_P_STR(zoek);
	p[np + 3] = (struct db_param)DB_P_STR(pattern);
	p[np + 4] = (struct db_param)DB_P_INT(pg->limit);
	p[np + 5] = (struct db_param)DB_P_INT(pg->offset);
	p[np + 6] = (struct db_param)DB_P_INT(c->sess.tenant_id);
	return db_run(c->db, scoped(c, STMT_MY_STUDENTS,
	    STMT_MY_STUDENTS_MENTOR), p, np + 7, st);
}

/* The students of a list's rows (one row per student and dossier, a
 * student's rows together). */
static size_t
list_students(const struct db_result *st)
{
	const char	*prev = NULL;
	size_t		 i, n = 0;

	for (i = 0; i < st->nrows; i++)
		if (prev == NULL || strcmp(prev, DB_COL(st, i, "id")) != 0) {
			prev = DB_COL(st, i, "id");
			n++;
		}
	return n;
}

/* 1 when the list's classes group here as the database groups them:
 * plain ASCII without trailing spaces, and no two spellings of one class
 * ('4a' and '4A'); else the database counts. */
static int
list_classes_plain(const struct db_result *st)
{
	const char	*prev = NULL, *klas;
	size_t		 i, j, len;

	for (i = 0; i < st->nrows; i++) {
		klas = DB_COL(st, i, "klas");
		len = strlen(klas);
		for (j = 0; j < len; j++)
			if ((unsigned char)klas[j] >= 0x80)
				return 0;
		if (len > 0 && klas[len - 1] == ' ')
			return 0;
		if (prev != NULL && strcasecmp(prev, klas) == 0 &&
		    strcmp(prev, klas) != 0)
			return 0;
		prev = klas;
	}
	return 1;
}

/* The class choice counted from a whole list (in class order); returns
 * the students.  Those without a class count under 'Alle klassen'. */
static long long
classes_from_list(xmlNodePtr klassen, const struct db_result *st)
{
	const char	*prev = NULL, *klas;
	xmlNodePtr	 k = NULL;
	long long	 n = 0, total = 0;
	size_t		 i;

	for (i = 0; i < st->nrows; i++) {
		if (prev != NULL && strcmp(prev, DB_COL(st, i, "id")) == 0)
			continue;
		prev = DB_COL(st, i, "id");
		total++;
		if ((klas = DB_COL(st, i, "klas"))[0] == '\0')
			continue;
		if (k == NULL || strcmp((const char *)k->children->content,
		    klas) != 0) {
			if (k != NULL)
				xo_attr_int(k, "aantal", n);
			k = xo_el(klassen, "klas", klas);
			n = 0;
		}
		n++;
	}
	if (k != NULL)
		xo_attr_int(k, "aantal", n);
	return total;
}

enum ddd_err
page_students(struct ctx *c)
{
	struct field_value v[SF__MAX];
	struct db_param	 p[16];
	struct db_result st, cl;
	struct paging	 pg;
	xmlNodePtr	 r, list, s = NULL, errors, klassen, k;
	size_t		 i, np, shown, students = 0;
	long long	 total = 0;
	int		 bad, listed = 0;
	const char	*klas, *zoek, *prev = NULL;
	char		 naam[240];
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
	paging_read(c, &pg, errors);
	klas = v[SF_KLAS].v != NULL ? v[SF_KLAS].v : "";
	zoek = v[SF_ZOEK].v != NULL ? v[SF_ZOEK].v : "";
	np = scope_params(c, p, 0);
	klassen = xo_el(r, "klassen", NULL);
	/* A mentor opening his list (no class, no search, the first page)
	 * has his students on one page as a rule: the list is read first
	 * and the class choice counted from it, one statement instead of
	 * two (issue 15).  A list that does not fit asks the database. */
	if (c->sess.role != ROLE_DECAAN && !bad && klas[0] == '\0' &&
	    zoek[0] == '\0' && pg.offset == 0) {
		if ((e = students_list(c, p, np, "", "", &pg, &st)) != DDD_OK)
			goto out;
		if (list_students(&st) <= PAGE_ROWS &&
		    list_classes_plain(&st)) {
			total = classes_from_list(klassen, &st);
			listed = 1;
		} else
			db_result_free(&st);
	}
	if (!listed) {
		if ((e = db_run(c->db, scoped(c, STMT_MY_CLASSES,
		    STMT_MY_CLASSES_MENTOR), p, np, &cl)) != DDD_OK)
			goto out;
		for (i = 0; i < cl.nrows; i++) {
			total += strtoll(DB_COL(&cl, i, "students"), NULL, 10);
			if (DB_COL(&cl, i, "klas")[0] == '\0')
				continue; /* no class: under 'Alle klassen' */
			k = xo_el(klassen, "klas", DB_COL(&cl, i, "klas"));
			xo_attr(k, "aantal", DB_COL(&cl, i, "students"));
		}
		db_result_free(&cl);
		/* Opened without a choice, a large school starts at its
		 * first class. */
		if ((bad || kv_get(&c->query, "klas") == NULL) &&
		    zoek[0] == '\0' && total > STUDENTS_ONE_PAGE &&
		    klassen->children != NULL) {
			klas = (const char *)klassen->children->children->content;
			xo_attr(klassen, "eerste", klas);
		}
		if ((e = students_list(c, p, np, klas, zoek, &pg, &st)) !=
		    DDD_OK)
			goto out;
	}
	xo_attr_int(klassen, "totaal", total);
	xo_attr(klassen, "gekozen", klas);
	/* One row per student and dossier, a student's rows together: the
	 * first PAGE_ROWS students are shown. */
	shown = paging_xml(r, &pg, list_students(&st));
	list = xo_el(r, "lijst", NULL);
	prev = NULL;
	students = 0;
	for (i = 0; i < st.nrows; i++) {
		if (prev == NULL || strcmp(prev, DB_COL(&st, i, "id")) != 0) {
			if (students == shown)
				break;
			students++;
			prev = DB_COL(&st, i, "id");
			s = xo_el(list, "leerling", NULL);
			xo_attr(s, "id", prev);
			xo_attr(s, "nr", DB_COL(&st, i, "login"));
			db_full_name(naam, sizeof(naam), &st, i, "");
			xo_attr(s, "naam", naam);
			xo_attr(s, "klas", DB_COL(&st, i, "klas"));
		}
		if (DB_COL(&st, i, "dossier_id") != NULL)
			student_dossier(&st, i, s);
	}
	db_result_free(&st);
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
