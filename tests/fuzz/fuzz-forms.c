/* libFuzzer harness for form_check, form_shown and form_step_percent over
 * the shipped forms.  The first two bytes pick a question (big-endian,
 * modulo the number of questions of all forms, in load order); the rest
 * is the answer, as the page would post it.  form_check's verdict must
 * match an independent reading of the rules of forms.h (UTF-8 by its own
 * decoder, dates by its own calendar, numbers by strtoll), its message
 * must be one of the known Dutch ones, and the same answer must give the
 * same verdict twice.  With the answer in place every question's
 * form_shown is 0 or 1 and every step's percentage 0 to 100, and a good
 * answer to a shown required question never lowers its step's
 * percentage below what it is without it, unless it shows more required
 * questions.
 *
 * The forms are loaded once, from $DDD_SRCDIR (or the source directory
 * compiled in as DDD_SRCDIR, or "."), in LLVMFuzzerInitialize or, when
 * linked with replay.c (which does not call it), on the first input. */

#include <errno.h>
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


#define MAX_Q		2000

static struct form_cache		 cache;
static const struct form_question	*qs[MAX_Q];
static const struct form_def		*qdef[MAX_Q];
static const struct form_step		*qstep[MAX_Q];
static size_t				 nq;
static int				 loaded;

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
		fprintf(stderr, "fuzz-forms: cannot load the forms (set "
		    "DDD_SRCDIR):\n%s", errs.ptr != NULL ? errs.ptr : "");
		abort();
	}
	buf_free(&errs);
	for (f = 0; f < cache.n; f++)
		for (s = 0; s < cache.forms[f].nsteps; s++)
			for (k = 0; k < cache.forms[f].steps[s].nquestions &&
			    nq < MAX_Q; k++) {
				qs[nq] = &cache.forms[f].steps[s].questions[k];
				qdef[nq] = &cache.forms[f];
				qstep[nq] = &cache.forms[f].steps[s];
				nq++;
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

/* Decode one code point by the lead byte's bit pattern; 0 when the
 * sequence is not shortest-form UTF-8 of a scalar value. */
static int
ref_decode(const unsigned char *s, size_t len, size_t *used, uint32_t *cp)
{
	size_t		 n, k;
	uint32_t	 c, min;

	if ((s[0] & 0x80) == 0) {
		*used = 1;
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xe0) == 0xc0) {
		n = 1;
		c = s[0] & 0x1f;
		min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 2;
		c = s[0] & 0x0f;
		min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 3;
		c = s[0] & 0x07;
		min = 0x10000;
	} else
		return 0;
	if (len < n + 1)
		return 0;
	for (k = 1; k <= n; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[k] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*used = n + 1;
	*cp = c;
	return 1;
}

/* text and long-text, read independently. */
static int
ref_text(const struct form_question *q, const unsigned char *s, size_t len,
    int multiline)
{
	size_t		 i = 0, used, chars = 0;
	uint32_t	 cp;
	long		 max = q->max > 0 ? q->max : multiline ? 4000 : 200;

	while (i < len) {
		if (!ref_decode(s + i, len - i, &used, &cp))
			return 0;
		if (cp == '\r' || cp == '\n') {
			if (!multiline)
				return 0;
		} else if ((cp < 0x20 && cp != '\t') ||
		    (cp >= 0x7f && cp <= 0x9f) || cp == 0xfffe ||
		    cp == 0xffff)
			return 0;
		/* CR LF is one character. */
		if (!(cp == '\r' && i + 1 < len && s[i + 1] == '\n'))
			chars++;
		i += used;
	}
	return chars <= (size_t)max;
}

static int
ref_is_option(const struct form_question *q, const char *v, size_t len)
{
	size_t	 i;

	for (i = 0; i < q->noptions; i++)
		if (strlen(q->options[i].value) == len &&
		    memcmp(q->options[i].value, v, len) == 0)
			return 1;
	return 0;
}

static int
ref_multi(const struct form_question *q, const char *v, size_t len)
{
	size_t	 start = 0, i, j, n = 0;
	size_t	 off[256], plen[256];

	for (i = 0; i <= len; i++) {
		if (i < len && v[i] != '\n')
			continue;
		if (n == 256)
			return 0;	/* more pieces than options: a repeat */
		off[n] = start;
		plen[n] = i - start;
		if (!ref_is_option(q, v + start, i - start))
			return 0;
		for (j = 0; j < n; j++)
			if (plen[j] == plen[n] &&
			    memcmp(v + off[j], v + start, plen[n]) == 0)
				return 0;
		n++;
		start = i + 1;
	}
	return 1;
}

static int
ref_date(const char *v, size_t len)
{
	int	 y, m, d, leap, mdays;
	size_t	 i;

	if (len != 10)
		return 0;
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? v[i] != '-' :
		    (v[i] < '0' || v[i] > '9'))
			return 0;
	/* Not atoi: the input is not NUL-terminated. */
	y = ((v[0] - '0') * 10 + (v[1] - '0')) * 100 + (v[2] - '0') * 10 +
	    (v[3] - '0');
	m = (v[5] - '0') * 10 + (v[6] - '0');
	d = (v[8] - '0') * 10 + (v[9] - '0');
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (m < 1 || m > 12)
		return 0;
	mdays = m == 2 ? 28 + leap : (m == 4 || m == 6 || m == 9 ||
	    m == 11) ? 30 : 31;
	return y >= 1900 && y <= 2099 && d >= 1 && d <= mdays;
}

/* -?[0-9]+ within min..max; the verdict on syntax and on range apart. */
static int
ref_number(const struct form_question *q, const char *v, size_t len,
    int *syntax_ok)
{
	char		 tmp[64];
	long long	 x;
	size_t		 i = v[0] == '-' ? 1 : 0;

	*syntax_ok = 0;
	if (i == len)
		return 0;
	for (; i < len; i++)
		if (v[i] < '0' || v[i] > '9')
			return 0;
	*syntax_ok = 1;
	/* Leading zeros do not change the number. */
	i = v[0] == '-' ? 1 : 0;
	while (i + 1 < len && v[i] == '0')
		i++;
	if (len - i > 18)
		return 0;		/* far out of any range */
	snprintf(tmp, sizeof(tmp), "%s%.*s", v[0] == '-' ? "-" : "",
	    (int)(len - i), v + i);
	errno = 0;
	x = strtoll(tmp, NULL, 10);
	if (errno != 0)
		return 0;
	return x >= q->min && x <= q->max;
}

static int
ref_mbo(const char *v, size_t len)
{
	size_t	 i;

	if (len > 64)
		return 0;
	for (i = 0; i < len; i++)
		if (!((v[i] >= 'a' && v[i] <= 'z') ||
		    (v[i] >= '0' && v[i] <= '9') || v[i] == '-'))
			return 0;
	return 1;
}

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

static int
blank(const char *v, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (v[i] != ' ' && v[i] != '\t' && v[i] != '\r' && v[i] != '\n')
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct form_question	*q;
	const struct form_def		*d;
	struct form_answer		 ans[2];
	const char			*v, *m, *m2;
	size_t				 idx, len, s, k;
	int				 want, syntax, p0, p1;

	load();
	if (size < 2)
		return 0;
	idx = ((size_t)data[0] << 8 | data[1]) % nq;
	q = qs[idx];
	d = qdef[idx];
	v = (const char *)data + 2;
	len = size - 2;

	m = form_check(q, v, len);
	m2 = form_check(q, v, len);
	CHECK(m == m2);
	if (m != NULL)
		CHECK(known_message(m));

	if (len == 0)
		want = 1;
	else if (len > FORM_MAX_ANSWER)
		want = 0;
	else switch (q->type) {
	case Q_TEXT:
		want = ref_text(q, (const unsigned char *)v, len, 0);
		break;
	case Q_LONG_TEXT:
		want = ref_text(q, (const unsigned char *)v, len, 1);
		break;
	case Q_CHOICE:
		want = ref_is_option(q, v, len);
		break;
	case Q_MULTI_CHOICE:
		want = ref_multi(q, v, len);
		break;
	case Q_YES_NO:
		want = (len == 2 && memcmp(v, "ja", 2) == 0) ||
		    (len == 3 && memcmp(v, "nee", 3) == 0);
		break;
	case Q_DATE:
		want = ref_date(v, len);
		break;
	case Q_NUMBER:
		want = ref_number(q, v, len, &syntax);
		/* Which message: syntax first, then range. */
		if (!want && m != NULL)
			CHECK(strcmp(m, syntax ? "Dit getal is te groot of te "
			    "klein." : "Vul een geheel getal in, zonder "
			    "punt, komma of spaties.") == 0);
		break;
	case Q_MBO:
		want = ref_mbo(v, len);
		break;
	case Q_FILE:
		/* The id of a stored file: 1 to 18 digits. */
		want = len <= 18;
		for (k = 0; want && k < len; k++)
			want = v[k] >= '0' && v[k] <= '9';
		break;
	default:
		want = 0;
		break;
	}
	CHECK(want == (m == NULL));

	/* Conditions and percentages with this answer in place, and with
	 * it as the answer to the question the first two bytes do not
	 * name (a condition's question, when there is one). */
	ans[0].id = q->id;
	ans[0].value = v;
	ans[0].len = len;
	ans[1].id = q->show_if[0] != '\0' ? q->show_if : q->id;
	ans[1].value = v;
	ans[1].len = len;
	for (s = 0; s < d->nsteps; s++) {
		for (k = 0; k < d->steps[s].nquestions; k++) {
			p0 = form_shown(d, &d->steps[s].questions[k], ans, 2);
			CHECK(p0 == 0 || p0 == 1);
		}
		p1 = form_step_percent(d, &d->steps[s], ans, 2);
		CHECK(p1 >= 0 && p1 <= 100);
	}

	/* A good, non-blank answer to a shown required question raises
	 * its step's percentage when it shows no other question (and the
	 * step has at most 100 required ones, so one answer is >= 1%). */
	if (m == NULL && !blank(v, len) && q->required &&
	    form_shown(d, q, NULL, 0)) {
		const struct form_question *o;
		size_t	 before = 0, after = 0, required = 0;

		for (s = 0; s < qstep[idx]->nquestions; s++) {
			o = &qstep[idx]->questions[s];
			before += (size_t)form_shown(d, o, NULL, 0);
			after += (size_t)form_shown(d, o, ans, 1);
			required += (size_t)(o->required &&
			    form_shown(d, o, ans, 1));
		}
		p0 = form_step_percent(d, qstep[idx], NULL, 0);
		p1 = form_step_percent(d, qstep[idx], ans, 1);
		if (before == after && required <= 100)
			CHECK(p1 > p0);
		CHECK(p1 >= p0 || before != after);
	}
	return 0;
}
