/* csv_parse_students on files it must refuse.  Every
 * $DDD_SRCDIR/tests/data/csv/bad-*.csv has a bad-*.expected holding the
 * exact report; then the caps, built in memory: 10 MiB + 1 byte of junk
 * (refused at once, one line), 10 MiB of several kinds of junk (refused
 * fast, report capped), more than 200 problems, more than 10000 students,
 * a report buffer that is too small.  For every report: the list is
 * empty, each line has the promised form, and no line holds 9 digits in
 * a row (no BSN leaks). */

#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "csv.h"
#include "tap.h"

static char		*read_path(const char *, size_t *);
static enum ddd_err	 parse_mem(const char *, size_t, struct student_list *,
			    struct buf *);
static int		 report_sane(const char *);
static size_t		 count_lines(const char *);
static double		 seconds(clock_t);
static void		 test_fixtures(void);
static void		 test_too_large(void);
static void		 test_junk(void);
static void		 test_many_problems(void);
static void		 test_too_many_rows(void);
static void		 test_small_report(void);
static void		 test_misc(void);

static char *
read_path(const char *path, size_t *len)
{
	char	*data = NULL, *p;
	FILE	*f;
	size_t	 n, alloc = 0;

	*len = 0;
	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	for (;;) {
		if (*len == alloc) {
			alloc = alloc ? alloc * 2 : 4096;
			if ((p = realloc(data, alloc + 1)) == NULL)
				abort();
			data = p;
		}
		if ((n = fread(data + *len, 1, alloc - *len, f)) == 0)
			break;
		*len += n;
	}
	fclose(f);
	if (data != NULL)
		data[*len] = '\0';
	return data;
}

/* A copy of exactly len bytes, so a sanitizer sees any over-read. */
static enum ddd_err
parse_mem(const char *s, size_t len, struct student_list *l, struct buf *r)
{
	char		*copy;
	enum ddd_err	 e;

	if ((copy = malloc(len ? len : 1)) == NULL)
		abort();
	memcpy(copy, s, len);
	e = csv_parse_students(copy, len, l, r);
	free(copy);
	return e;
}

/* Every line "regel N: ", "bestand: " or "en nog N problem(en)" (last),
 * ends in '\n', and no 9 digits in a row anywhere. */
static int
report_sane(const char *r)
{
	const char	*p, *nl;
	size_t		 digits = 0;

	for (p = r; *p != '\0'; p++) {
		digits = *p >= '0' && *p <= '9' ? digits + 1 : 0;
		if (digits >= 9) {
			printf("# 9 digits in a row at: %.40s\n", p - 8);
			return 0;
		}
	}
	for (p = r; *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL) {
			printf("# unterminated line: %s\n", p);
			return 0;
		}
		if (strncmp(p, "regel ", 6) == 0 && p[6] >= '1' &&
		    p[6] <= '9' && strstr(p, ": ") != NULL &&
		    strstr(p, ": ") < nl)
			continue;
		if (strncmp(p, "bestand: ", 9) == 0)
			continue;
		if (strncmp(p, "en nog ", 7) == 0 && nl[1] == '\0')
			continue;
		printf("# bad line: %.*s\n", (int)(nl - p), p);
		return 0;
	}
	return 1;
}

static size_t
count_lines(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (*s == '\n')
			n++;
	return n;
}

static double
seconds(clock_t start)
{
	return (double)(clock() - start) / CLOCKS_PER_SEC;
}

static void
test_fixtures(void)
{
	const char		*dir = getenv("DDD_SRCDIR");
	char			 pattern[1024], want_path[1100], *data, *want;
	struct student_list	 l;
	struct buf		 r;
	glob_t			 g;
	size_t			 i, len, wlen, n;
	enum ddd_err		 e;

	snprintf(pattern, sizeof(pattern), "%s/tests/data/csv/bad-*.csv",
	    dir != NULL ? dir : ".");
	if (glob(pattern, 0, NULL, &g) != 0)
		g.gl_pathc = 0;
	ok(g.gl_pathc >= 20, "found %zu bad-*.csv fixtures", g.gl_pathc);
	for (i = 0; i < g.gl_pathc; i++) {
		csv_students_init(&l);
		buf_init(&r, CSV_REPORT_CAP);
		data = read_path(g.gl_pathv[i], &len);
		n = strlen(g.gl_pathv[i]);
		snprintf(want_path, sizeof(want_path), "%.*s.expected",
		    (int)(n - 4), g.gl_pathv[i]);
		want = read_path(want_path, &wlen);
		ok(data != NULL && want != NULL, "%s and its .expected",
		    strrchr(g.gl_pathv[i], '/') + 1);
		if (data == NULL || want == NULL) {
			free(data);
			free(want);
			buf_free(&r);
			continue;
		}
		e = parse_mem(data, len, &l, &r);
		is_int(e, DDD_ERR_INVALID_INPUT, "  refused");
		ok(l.n == 0 && l.v == NULL && l.strings == NULL,
		    "  list empty");
		is_str(r.ptr != NULL ? r.ptr : "", want, "  report as expected");
		ok(r.ptr != NULL && report_sane(r.ptr),
		    "  report well-formed, no 9 digits in a row");
		csv_students_free(&l);
		buf_free(&r);
		free(data);
		free(want);
	}
	globfree(&g);
}

static void
test_too_large(void)
{
	struct student_list	 l;
	struct buf		 r;
	char			*junk;
	clock_t			 t;
	size_t			 n = (size_t)CSV_MAX_BYTES + 1, i;

	csv_students_init(&l);
	buf_init(&r, CSV_REPORT_CAP);
	if ((junk = malloc(n)) == NULL)
		abort();
	for (i = 0; i < n; i++)
		junk[i] = (char)(i * 7 + 1);
	t = clock();
	is_int(csv_parse_students(junk, n, &l, &r), DDD_ERR_TOO_LARGE,
	    "10 MiB + 1 refused as too large");
	ok(seconds(t) < 0.05, "  at once (%.3f s)", seconds(t));
	is_str(r.ptr, "bestand: het bestand is groter dan 10 MB; splits de "
	    "lijst in kleinere bestanden\n", "  one clear line");
	ok(l.n == 0, "  list empty");

	/* The cap goes before everything else: even a good file. */
	memcpy(junk, "llnr;roepnaam;achternaam;geboortedatum;klas\n", 44);
	buf_reset(&r);
	is_int(csv_parse_students(junk, n, &l, &r), DDD_ERR_TOO_LARGE,
	    "  whatever the content");
	free(junk);
	buf_free(&r);
}

/* 10 MiB exactly of different junk: no size refusal, but a fast, capped
 * refusal.  Generous time limits: sanitizer builds are slower. */
static void
test_junk(void)
{
	struct student_list	 l;
	struct buf		 r;
	char			*junk;
	const char		*hdr = "llnr;roepnaam;achternaam;geboortedatum;"
	    "klas\n";
	clock_t			 t;
	size_t			 n = CSV_MAX_BYTES, i, k;
	uint32_t		 x = 1;
	int			 kind;
	static const char *const what[] = {
		"random bytes, no NUL", "one long line", "only ';'",
		"header then short rows", "header then digits",
		"header then an open quote", "header then 10 MiB of \"\"",
		"random bytes with NUL"
	};

	csv_students_init(&l);
	buf_init(&r, CSV_REPORT_CAP);
	if ((junk = malloc(n)) == NULL)
		abort();
	for (kind = 0; kind < 8; kind++) {
		for (i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			switch (kind) {
			case 0:
				junk[i] = (char)((x >> 16) % 255 + 1);
				break;
			case 1:
				junk[i] = 'x';
				break;
			case 2:
				junk[i] = ';';
				break;
			case 3:
				junk[i] = i % 4 == 3 ? '\n' : (char)('a' +
				    (x >> 16) % 3);
				break;
			case 4:
				junk[i] = i % 80 == 79 ? '\n' : (char)('0' +
				    (x >> 16) % 10);
				break;
			case 5:
				junk[i] = 'y';
				break;
			case 6:
				junk[i] = '"';
				break;
			default:
				junk[i] = (char)(x >> 16);
				break;
			}
		}
		if (kind >= 3 && kind <= 6) {
			k = strlen(hdr);
			memcpy(junk, hdr, k);
			if (kind == 5)
				junk[k] = '"';	/* never closed */
		}
		buf_reset(&r);
		t = clock();
		is_int(parse_mem(junk, n, &l, &r), DDD_ERR_INVALID_INPUT,
		    "10 MiB junk refused: %s", what[kind]);
		ok(seconds(t) < 10.0, "  in %.2f s", seconds(t));
		ok(r.ptr != NULL && count_lines(r.ptr) <=
		    CSV_MAX_REPORT_LINES + 1 && report_sane(r.ptr),
		    "  report capped and sane (%zu lines)",
		    r.ptr ? count_lines(r.ptr) : 0);
		ok(l.n == 0, "  list empty");
		if (r.ptr != NULL && count_lines(r.ptr) <= 2)
			diag(r.ptr);
	}
	free(junk);
	buf_free(&r);
}

static void
test_many_problems(void)
{
	struct student_list	 l;
	struct buf		 r, csv;
	const char		*last;
	size_t			 i;

	csv_students_init(&l);
	buf_init(&r, CSV_REPORT_CAP);
	buf_init(&csv, CSV_MAX_BYTES);
	buf_addstr(&csv, "llnr;roepnaam;achternaam;geboortedatum;klas\n");
	/* 300 rows, each with 2 problems: 600. */
	for (i = 0; i < 300; i++)
		buf_printf(&csv, "%zu;A;B;31-02-2009;4a!\n", i + 1);
	is_int(parse_mem(csv.ptr, csv.len, &l, &r), DDD_ERR_INVALID_INPUT,
	    "600 problems refused");
	is_int(count_lines(r.ptr), CSV_MAX_REPORT_LINES + 1,
	    "%d lines and a summary", CSV_MAX_REPORT_LINES);
	last = r.ptr + r.len - 1;
	while (last > r.ptr && last[-1] != '\n')
		last--;
	is_str(last, "en nog 400 problemen\n", "summary counts the rest");
	last = "regel 2: geboortedatum '31-02-2009' bestaat niet\n"
	    "regel 2: klas '4a!'";
	ok(strncmp(r.ptr, last, strlen(last)) == 0,
	    "first problems in file order");
	ok(report_sane(r.ptr), "sane");

	/* 201: exactly one hidden. */
	buf_reset(&csv);
	buf_addstr(&csv, "llnr;roepnaam;achternaam;geboortedatum;klas\n");
	for (i = 0; i < 201; i++)
		buf_printf(&csv, "%zu;A;B;31-02-2009;4a\n", i + 1);
	buf_reset(&r);
	parse_mem(csv.ptr, csv.len, &l, &r);
	last = "\nen nog 1 probleem\n";
	ok(r.len > strlen(last) && strcmp(r.ptr + r.len - strlen(last),
	    last) == 0, "en nog 1 probleem");
	csv_students_free(&l);
	buf_free(&csv);
	buf_free(&r);
}

static void
test_too_many_rows(void)
{
	struct student_list	 l;
	struct buf		 r, csv;
	size_t			 i;

	csv_students_init(&l);
	buf_init(&r, CSV_REPORT_CAP);
	buf_init(&csv, CSV_MAX_BYTES);
	buf_addstr(&csv, "llnr;roepnaam;achternaam;geboortedatum;klas\n");
	for (i = 1; i <= CSV_MAX_ROWS + 5; i++)
		buf_printf(&csv, "%zu;A;B;01-01-2009;4a\n", i);
	is_int(parse_mem(csv.ptr, csv.len, &l, &r), DDD_ERR_INVALID_INPUT,
	    "%d students refused", CSV_MAX_ROWS + 5);
	is_str(r.ptr, "regel 10002: meer dan 10000 leerlingen; splits de "
	    "lijst in kleinere bestanden\n", "one line at the first too many");
	ok(l.n == 0 && l.v == NULL, "list empty: nothing half-imported");
	csv_students_free(&l);
	buf_free(&csv);
	buf_free(&r);
}

static void
test_small_report(void)
{
	struct student_list	 l;
	struct buf		 r;
	static const char	 csv[] = "llnr;roepnaam;achternaam;"
	    "geboortedatum;klas\n1;A;B;31-02-2009;4a\n2;A;B;31-02-2009;4a\n"
	    "3;A;B;31-02-2009;4a\n";

	csv_students_init(&l);
	buf_init(&r, 60);
	is_int(parse_mem(csv, sizeof(csv) - 1, &l, &r),
	    DDD_ERR_INVALID_INPUT, "refused with a tiny report buffer");
	is_str(r.ptr, "regel 2: geboortedatum '31-02-2009' bestaat niet\n",
	    "what fits is whole lines");
	ok(l.n == 0, "list empty");
	buf_free(&r);
}

static void
test_misc(void)
{
	struct student_list	 l;
	struct buf		 r;
	static const char	 good[] = "llnr;roepnaam;achternaam;"
	    "geboortedatum;klas\n1;A;B;01-01-2009;4a\n";
	static const char	 bad[] = "llnr;roepnaam;achternaam;"
	    "geboortedatum;klas\n1;A;B;01-01-2009;4a\n2;A;B;x;4a\n";
	static const char	 nul[] = "llnr;roepnaam;achternaam;"
	    "geboortedatum;klas\n1;A\0B;C;01-01-2009;4a\n";

	csv_students_init(&l);
	buf_init(&r, CSV_REPORT_CAP);
	is_int(parse_mem(good, sizeof(good) - 1, &l, &r), DDD_OK, "good");
	is_int(l.n, 1, "one student");
	is_int(parse_mem(bad, sizeof(bad) - 1, &l, &r),
	    DDD_ERR_INVALID_INPUT, "then a bad file into the same list");
	ok(l.n == 0 && l.v == NULL, "the old list is gone too");
	is_int(csv_parse_students(NULL, 1, &l, &r), DDD_ERR_INTERNAL,
	    "NULL data with a length");
	is_int(csv_parse_students(good, 1, NULL, &r), DDD_ERR_INTERNAL,
	    "NULL list");
	is_int(csv_parse_students(good, 1, &l, NULL), DDD_ERR_INTERNAL,
	    "NULL report");
	buf_reset(&r);
	is_int(csv_parse_students(NULL, 0, &l, &r), DDD_ERR_INVALID_INPUT,
	    "no data at all");
	is_str(r.ptr, "bestand: het bestand is leeg\n", "  is empty");
	buf_reset(&r);
	is_int(parse_mem("\xef\xbb\xbf", 3, &l, &r), DDD_ERR_INVALID_INPUT,
	    "only a BOM");
	is_str(r.ptr, "bestand: het bestand is leeg\n", "  is empty");
	buf_reset(&r);
	is_int(parse_mem("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0", 10, &l, &r),
	    DDD_ERR_INVALID_INPUT, "old .xls");
	ok(r.ptr != NULL && strstr(r.ptr, "(.xls)") != NULL, "  named");
	buf_reset(&r);
	is_int(parse_mem(nul, sizeof(nul) - 1, &l, &r), DDD_ERR_INVALID_INPUT,
	    "a NUL byte");
	ok(r.ptr != NULL && strstr(r.ptr, "nul-bytes") != NULL, "  named");
	buf_reset(&r);
	is_int(parse_mem("sep=|\na|b\n", 10, &l, &r), DDD_ERR_INVALID_INPUT,
	    "sep=| refused");
	is_str(r.ptr, "regel 1: scheidingsteken '|' wordt niet ondersteund; "
	    "gebruik ';' of ','\n", "  named");
	csv_students_free(&l);
	buf_free(&r);
}

int
main(void)
{
	test_fixtures();
	test_too_large();
	test_junk();
	test_many_problems();
	test_too_many_rows();
	test_small_report();
	test_misc();
	return done_testing();
}
