/* libFuzzer harness for a set of answers against the shipped forms:
 * form_check on every answer, form_shown on every question and
 * form_step_percent on every step of the form, each compared with an
 * independent reading of forms.h.
 *
 * Input: the first two bytes pick a question (big-endian, modulo the
 * number of questions of all forms, in load order), and with it the form
 * d.  The rest is, whole, a value that form_check must judge without a
 * crash; split at every 0xff byte (never part of UTF-8, so never of a
 * good answer) it is an answer set for d: the first piece is the answer
 * to the chosen question, every later piece starts with a byte that
 * names its question (0xfe: an id no form has; 0xfd: a NULL id; else
 * modulo the number of questions of d) followed by the value.  Every
 * value is copied into a buffer of exactly its length, so a check that
 * reads past an answer (which is not NUL-terminated) is caught.
 *
 * Invariants: form_check is NULL or one of the known messages, the same
 * twice, NULL for an empty value; form_shown is 0 or 1 and is what the
 * show-if chain says (the first answer with a question's id counts);
 * form_step_percent is 0..100 and is 100 * answered / required of the
 * step's shown required questions (100 with none), "answered" being not
 * blank and passing form_check; answers with an unknown or a NULL id
 * change nothing; answers with empty values count as no answers.  Once,
 * at load: a set that answers every question of a form with a good value
 * gives 100% for every step.
 *
 * The forms are loaded once, from $DDD_SRCDIR (or the source directory
 * compiled in as DDD_SRCDIR, or "."), in LLVMFuzzerInitialize or, when
 * linked with replay.c (which does not call it), on the first input. */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "forms.h"
#include "fuzz.h"

int	 LLVMFuzzerInitialize(int *, char ***);
int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);


#define MAX_Q		2000		/* questions of all forms */
#define MAX_ANSWERS	64		/* pieces of one input */
#define SEP		0xff
#define SEL_UNKNOWN	0xfe
#define SEL_NULL	0xfd
#define UNKNOWN_ID	"geen-vraag-van-dit-formulier"

static struct form_cache		 cache;
static const struct form_question	*qs[MAX_Q];
static const struct form_def		*qdef[MAX_Q];
static size_t				 nq;
static int				 loaded;

static const char *const messages[] = {
	"Deze vraag bestaat niet.",
	"Dit antwoord is te lang.",
	"Dit antwoord bevat tekens die niet zijn toegestaan.",
	"Dit antwoord moet op één regel passen.",
	"Kies een van de mogelijkheden.",
	"Kies alleen uit de mogelijkheden.",
	"Elke mogelijkheid kan maar één keer gekozen worden.",
	"Kies ja of nee.",
	"Vul een bestaande datum in, als jjjj-mm-dd.",
	"Vul een geheel getal in, zonder punt, komma of spaties.",
	"Dit getal is te groot of te klein.",
	"Kies een mbo-school uit de lijst.",
};

static int
known_message(const char *m)
{
	size_t	 i;

	for (i = 0; i < sizeof(messages) / sizeof(messages[0]); i++)
		if (strcmp(m, messages[i]) == 0)
			return 1;
	return 0;
}

/* The question of d with this id, by a plain scan. */
static const struct form_question *
ref_question(const struct form_def *d, const char *id)
{
	size_t	 s, k;

	for (s = 0; s < d->nsteps; s++)
		for (k = 0; k < d->steps[s].nquestions; k++)
			if (strcmp(d->steps[s].questions[k].id, id) == 0)
				return &d->steps[s].questions[k];
	return NULL;
}

static size_t
ref_count(const struct form_def *d)
{
	size_t	 s, n = 0;

	for (s = 0; s < d->nsteps; s++)
		n += d->steps[s].nquestions;
	return n;
}

/* The first answer with this id. */
static const struct form_answer *
ref_find(const struct form_answer *a, size_t n, const char *id)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (a[i].id != NULL && strcmp(a[i].id, id) == 0)
			return &a[i];
	return NULL;
}

/* One of the '\n'-separated pieces of v is want. */
static int
ref_piece(const char *v, size_t len, const char *want)
{
	size_t	 wlen = strlen(want), start = 0, i;

	for (i = 0; i <= len; i++) {
		if (i < len && v[i] != '\n')
			continue;
		if (i - start == wlen && memcmp(v + start, want, wlen) == 0)
			return 1;
		start = i + 1;
	}
	return 0;
}

/* Shown: every question up the show-if chain has the wanted answer (a
 * multi-choice: among its pieces).  A loaded form has no cycles; the
 * guard is only there so that a broken form does not hang the fuzzer. */
static int
ref_shown(const struct form_def *d, const struct form_question *q,
    const struct form_answer *a, size_t n)
{
	const struct form_answer	*x;
	const struct form_question	*t;
	size_t				 guard = 0, max = ref_count(d) + 1;

	while (q != NULL && q->show_if[0] != '\0') {
		CHECK(guard++ < max);
		if (q->show_value == NULL)
			return 0;
		if ((x = ref_find(a, n, q->show_if)) == NULL ||
		    x->value == NULL)
			return 0;
		t = ref_question(d, q->show_if);
		CHECK(t != NULL);	/* forms_load checks show-if */
		if (t->type == Q_MULTI_CHOICE) {
			if (!ref_piece(x->value, x->len, q->show_value))
				return 0;
		} else if (x->len != strlen(q->show_value) ||
		    memcmp(x->value, q->show_value, x->len) != 0)
			return 0;
		q = t;
	}
	return 1;
}

static int
ref_answered(const struct form_question *q, const struct form_answer *a)
{
	size_t	 i;

	if (a == NULL || a->value == NULL)
		return 0;
	for (i = 0; i < a->len; i++)
		if (a->value[i] != ' ' && a->value[i] != '\t' &&
		    a->value[i] != '\r' && a->value[i] != '\n')
			break;
	if (i == a->len)
		return 0;
	return form_check(q, a->value, a->len) == NULL;
}

static int
ref_percent(const struct form_def *d, const struct form_step *st,
    const struct form_answer *a, size_t n)
{
	const struct form_question	*q;
	size_t				 k, total = 0, done = 0;

	for (k = 0; k < st->nquestions; k++) {
		q = &st->questions[k];
		if (!q->required || !ref_shown(d, q, a, n))
			continue;
		total++;
		done += (size_t)ref_answered(q, ref_find(a, n, q->id));
	}
	return total == 0 ? 100 : (int)(done * 100 / total);
}

/* form_shown of every question and form_step_percent of every step,
 * checked against the reference; written to shown[] and pct[] (each
 * big enough: MAX_Q and the steps of d) for comparisons. */
static void
check_form(const struct form_def *d, const struct form_answer *a, size_t n,
    int *shown, int *pct)
{
	const struct form_question	*q;
	size_t				 s, k, i = 0;
	int				 v;

	for (s = 0; s < d->nsteps; s++) {
		for (k = 0; k < d->steps[s].nquestions; k++) {
			q = &d->steps[s].questions[k];
			v = form_shown(d, q, a, n);
			CHECK(v == 0 || v == 1);
			CHECK(v == ref_shown(d, q, a, n));
			CHECK(i < MAX_Q);
			shown[i++] = v;
		}
		v = form_step_percent(d, &d->steps[s], a, n);
		CHECK(v >= 0 && v <= 100);
		CHECK(v == ref_percent(d, &d->steps[s], a, n));
		pct[s] = v;
	}
	CHECK(form_step_percent(d, NULL, a, n) == 100);
}

/* A good, not blank answer for q, in buf (at least 32 bytes). */
static const char *
good_value(const struct form_question *q, char *buf, size_t size)
{
	switch (q->type) {
	case Q_CHOICE:
	case Q_MULTI_CHOICE:
		return q->noptions > 0 ? q->options[0].value : NULL;
	case Q_YES_NO:
		return "ja";
	case Q_DATE:
		return "2026-08-24";
	case Q_NUMBER:
		snprintf(buf, size, "%ld", q->min);
		return buf;
	case Q_MBO:
		return "roc-rijnland";
	case Q_FILE:
		return "1";
	case Q_TEXT:
	case Q_LONG_TEXT:
	default:
		return "x";
	}
}

/* Every question of d answered well: every step is at 100%. */
static void
check_all_good(const struct form_def *d)
{
	struct form_answer	*a;
	char			(*bufs)[32];
	int			*shown, *pct;
	size_t			 s, k, n = 0, total = ref_count(d);

	CHECK((a = calloc(total + 1, sizeof(*a))) != NULL);
	CHECK((bufs = calloc(total + 1, sizeof(*bufs))) != NULL);
	CHECK((shown = calloc(MAX_Q, sizeof(*shown))) != NULL);
	CHECK((pct = calloc(d->nsteps + 1, sizeof(*pct))) != NULL);
	for (s = 0; s < d->nsteps; s++)
		for (k = 0; k < d->steps[s].nquestions; k++) {
			const struct form_question *q =
			    &d->steps[s].questions[k];
			a[n].id = q->id;
			a[n].value = good_value(q, bufs[n], sizeof(bufs[n]));
			CHECK(a[n].value != NULL);
			a[n].len = strlen(a[n].value);
			if (form_check(q, a[n].value, a[n].len) != NULL) {
				fprintf(stderr, "fuzz-answers: %s/%s: good "
				    "value '%s' refused: %s\n", d->id, q->id,
				    a[n].value,
				    form_check(q, a[n].value, a[n].len));
				abort();
			}
			n++;
		}
	check_form(d, a, n, shown, pct);
	for (s = 0; s < d->nsteps; s++)
		CHECK(pct[s] == 100);
	free(pct);
	free(shown);
	free(bufs);
	free(a);
}

static void
load(void)
{
	struct buf	 errs;
	const char	*srcdir;
	char		 dir[1100], rng[1100];
	size_t		 f, s, k;

	if (loaded)
		return;
	srcdir = getenv("DDD_SRCDIR");
#ifdef DDD_SRCDIR
	if (srcdir == NULL || *srcdir == '\0')
		srcdir = DDD_SRCDIR;
#endif
	if (srcdir == NULL || *srcdir == '\0')
		srcdir = ".";
	snprintf(dir, sizeof(dir), "%s/schema/forms", srcdir);
	snprintf(rng, sizeof(rng), "%s/schema/form.rng", srcdir);
	buf_init(&errs, 1024 * 1024);
	if (forms_load(&cache, dir, rng, &errs) != 0) {
		fprintf(stderr, "fuzz-answers: cannot load the forms (set "
		    "DDD_SRCDIR):\n%s", errs.ptr != NULL ? errs.ptr : "");
		abort();
	}
	buf_free(&errs);
	for (f = 0; f < cache.n; f++) {
		for (s = 0; s < cache.forms[f].nsteps; s++)
			for (k = 0; k < cache.forms[f].steps[s].nquestions &&
			    nq < MAX_Q; k++) {
				qs[nq] = &cache.forms[f].steps[s].questions[k];
				qdef[nq] = &cache.forms[f];
				nq++;
			}
		check_all_good(&cache.forms[f]);
	}
	CHECK(nq > 0);
	loaded = 1;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	load();
	return 0;
}

/* A copy of v[0..len) in a buffer of exactly len bytes (one byte when
 * len is 0, so never NULL). */
static char *
exact_copy(const uint8_t *v, size_t len)
{
	char	*p;

	CHECK((p = malloc(len > 0 ? len : 1)) != NULL);
	if (len > 0)
		memcpy(p, v, len);
	return p;
}

static void
check_one(const struct form_question *q, const char *v, size_t len)
{
	const char	*m, *m2;

	m = form_check(q, v, len);
	m2 = form_check(q, v, len);
	CHECK(m == m2);
	if (m != NULL)
		CHECK(known_message(m));
	if (len == 0)
		CHECK(m == NULL);
	if (len > FORM_MAX_ANSWER)
		CHECK(m != NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct form_question *dq[MAX_Q];
	static int			 shown[MAX_Q], shown2[MAX_Q];
	struct form_answer		 ans[MAX_ANSWERS + 2];
	struct form_answer		 empty[MAX_ANSWERS + 2];
	const struct form_question	*q, *aq[MAX_ANSWERS];
	const struct form_def		*d;
	char				*whole, *vals[MAX_ANSWERS];
	const uint8_t			*rest, *p, *end, *sep;
	size_t				 idx, rlen, ndq = 0, n = 0, i, s, k;
	int				*pct, *pct2;

	load();
	if (size < 2)
		return 0;
	idx = ((size_t)data[0] << 8 | data[1]) % nq;
	q = qs[idx];
	d = qdef[idx];
	rest = data + 2;
	rlen = size - 2;

	/* The whole rest as one value of the chosen question. */
	whole = exact_copy(rest, rlen);
	check_one(q, whole, rlen);
	free(whole);

	for (s = 0; s < d->nsteps; s++)
		for (k = 0; k < d->steps[s].nquestions && ndq < MAX_Q; k++)
			dq[ndq++] = &d->steps[s].questions[k];
	CHECK(ndq > 0);

	/* The answer set: pieces between 0xff bytes. */
	p = rest;
	end = rest + rlen;
	while (n < MAX_ANSWERS) {
		const uint8_t	*v = p;

		sep = memchr(p, SEP, (size_t)(end - p));
		if (sep == NULL)
			sep = end;
		aq[n] = NULL;
		if (n == 0) {
			ans[n].id = q->id;
			aq[n] = q;
		} else if (sep == p) {
			/* An empty piece: an empty answer to the first
			 * question of the form. */
			ans[n].id = dq[0]->id;
			aq[n] = dq[0];
		} else if (*p == SEL_UNKNOWN) {
			ans[n].id = UNKNOWN_ID;
			v = p + 1;
		} else if (*p == SEL_NULL) {
			ans[n].id = NULL;
			v = p + 1;
		} else {
			aq[n] = dq[*p % ndq];
			ans[n].id = aq[n]->id;
			v = p + 1;
		}
		ans[n].len = (size_t)(sep - v);
		vals[n] = exact_copy(v, ans[n].len);
		ans[n].value = vals[n];
		if (aq[n] != NULL)
			check_one(aq[n], ans[n].value, ans[n].len);
		n++;
		if (sep == end)
			break;
		p = sep + 1;
	}

	CHECK((pct = calloc(d->nsteps + 1, sizeof(*pct))) != NULL);
	CHECK((pct2 = calloc(d->nsteps + 1, sizeof(*pct2))) != NULL);
	check_form(d, ans, n, shown, pct);

	/* An unknown id and a NULL id at the end change nothing (nor would
	 * they anywhere else: neither names a question). */
	ans[n].id = UNKNOWN_ID;
	ans[n].value = "ja";
	ans[n].len = 2;
	ans[n + 1].id = NULL;
	ans[n + 1].value = "ja";
	ans[n + 1].len = 2;
	check_form(d, ans, n + 2, shown2, pct2);
	CHECK(memcmp(shown, shown2, ndq * sizeof(*shown)) == 0);
	CHECK(memcmp(pct, pct2, d->nsteps * sizeof(*pct)) == 0);

	/* The same ids with empty values are the same as no answers. */
	for (i = 0; i < n; i++) {
		empty[i].id = ans[i].id;
		empty[i].value = "";
		empty[i].len = 0;
	}
	check_form(d, empty, n, shown, pct);
	check_form(d, NULL, 0, shown2, pct2);
	CHECK(memcmp(shown, shown2, ndq * sizeof(*shown)) == 0);
	CHECK(memcmp(pct, pct2, d->nsteps * sizeof(*pct)) == 0);

	free(pct2);
	free(pct);
	for (i = 0; i < n; i++)
		free(vals[i]);
	return 0;
}
