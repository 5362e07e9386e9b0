/* libFuzzer harness for csv_parse_students, fed the bytes of an uploaded
 * file.  After DDD_OK every student must keep the promises of csv.h,
 * checked here independently (UTF-8 by its own decoder, dates by its own
 * calendar), and the list must survive a round trip: written out with
 * csv_cell_safe and parsed again, it comes back the same (with the
 * apostrophe csv_cell_safe adds).  After an error the list must be empty.
 * Either way the report must be well-formed UTF-8 lines and never hold 9
 * digits in a row (no BSN leaks).  Also linked with replay.c. */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsn.h"
#include "csv.h"
#include "req.h"
#include "ref_utf8.h"
#include "fuzz.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);


/* UTF-8 by the reference decoder (ref_utf8.h); for names also refuse
 * C0, DEL and C1 controls. */
static int
ref_utf8_ok(const char *str, int controls_ok)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, len = strlen(str);
	uint32_t		 cp;

	while (i < len) {
		if (!ref_utf8_next(s, len, &i, &cp))
			return 0;
		if (!controls_ok && (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)))
			return 0;
	}
	return 1;
}

/* Inside the arena, NUL-terminated there. */
static void
check_str(const struct student_list *l, const char *s)
{
	CHECK(s >= l->strings && s < l->strings + l->strings_len);
	CHECK(memchr(s, '\0', (size_t)(l->strings + l->strings_len - s)) !=
	    NULL);
}

static int
all_digits(const char *s, size_t min, size_t max)
{
	size_t	 n = strlen(s), i;

	if (n < min || n > max)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static void
check_date(const char *d)
{
	int	 y, m, dd, mdays;

	CHECK(strlen(d) == 10 && d[4] == '-' && d[7] == '-');
	CHECK(strspn(d, "0123456789") == 4 &&
	    strspn(d + 5, "0123456789") == 2 &&
	    strspn(d + 8, "0123456789") == 2);
	y = atoi(d);
	m = atoi(d + 5);
	dd = atoi(d + 8);
	CHECK(y >= 1990 && y <= 2030 && m >= 1 && m <= 12);
	mdays = m == 2 ? (y % 4 == 0 ? 29 : 28) :
	    (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
	CHECK(dd >= 1 && dd <= mdays);	/* 2000 is the only century */
}

static void
check_student(const struct student_list *l, size_t i)
{
	const struct student	*s = &l->v[i];
	enum bsn_kind		 kind;
	size_t			 j, n;

	CHECK(memchr(s->leerlingnummer, '\0', sizeof(s->leerlingnummer)));
	CHECK(all_digits(s->leerlingnummer, 1, CSV_MAX_LLNR));
	CHECK(s->leerlingnummer[0] != '0');
	check_str(l, s->roepnaam);
	check_str(l, s->tussenvoegsel);
	check_str(l, s->achternaam);
	check_str(l, s->email);
	CHECK(s->roepnaam[0] != '\0' && s->achternaam[0] != '\0');
	CHECK(ref_utf8_ok(s->roepnaam, 0) && ref_utf8_ok(s->achternaam, 0) &&
	    ref_utf8_ok(s->tussenvoegsel, 0));
	CHECK(utf8_valid(s->roepnaam, strlen(s->roepnaam)));
	CHECK(strlen(s->roepnaam) <= CSV_MAX_FIELD &&
	    strlen(s->achternaam) <= CSV_MAX_FIELD &&
	    strlen(s->tussenvoegsel) <= CSV_MAX_FIELD);
	CHECK(s->roepnaam[0] != ' ' && s->achternaam[0] != ' ');
	CHECK(memchr(s->geboortedatum, '\0', sizeof(s->geboortedatum)));
	check_date(s->geboortedatum);
	CHECK(memchr(s->klas, '\0', sizeof(s->klas)));
	n = strlen(s->klas);
	CHECK(n >= 1 && n <= CSV_MAX_KLAS);
	for (j = 0; j < n; j++)
		CHECK(strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789 ._-", s->klas[j]) != NULL);
	CHECK(s->leerjaar >= 0 && s->leerjaar <= 8);
	n = strlen(s->email);
	CHECK(n <= CSV_MAX_EMAIL);
	if (n > 0) {
		CHECK(strchr(s->email, '@') != NULL);
		CHECK(ref_utf8_ok(s->email, 0));
		for (j = 0; j < n; j++)
			CHECK((unsigned char)s->email[j] < 0x80);
	}
	CHECK(memchr(s->bsn, '\0', sizeof(s->bsn)));
	if (s->bsn[0] == '\0')
		CHECK(s->bsn_kind == BSN_NONE);
	else {
		CHECK(bsn_check(s->bsn, strlen(s->bsn), &kind) == BSN_OK);
		CHECK(kind == s->bsn_kind && kind != BSN_NONE);
	}
	CHECK(s->line >= 2);
	if (i > 0)
		CHECK(s->line > l->v[i - 1].line);
	/* Unique leerlingnummers and BSNs (small n under the fuzzer). */
	if (l->n <= 500)
		for (j = 0; j < i; j++) {
			CHECK(strcmp(l->v[j].leerlingnummer,
			    s->leerlingnummer) != 0);
			CHECK(s->bsn[0] == '\0' ||
			    strcmp(l->v[j].bsn, s->bsn) != 0);
		}
}

/* Lines "regel N: ...", "bestand: ...", "en nog N ..." (last); valid
 * UTF-8 without controls but '\n'; never 9 digits in a row. */
static void
check_report(const struct buf *r, enum ddd_err e)
{
	const char	*p, *nl;
	size_t		 digits = 0, lines = 0;

	if (e == DDD_ERR_INVALID_INPUT || e == DDD_ERR_TOO_LARGE)
		CHECK(r->len > 0);
	if (r->len == 0)
		return;
	CHECK(utf8_valid(r->ptr, r->len));
	CHECK(strlen(r->ptr) == r->len);
	CHECK(r->ptr[r->len - 1] == '\n');
	for (p = r->ptr; *p != '\0'; p++) {
		digits = *p >= '0' && *p <= '9' ? digits + 1 : 0;
		CHECK(digits < 9);
		CHECK((unsigned char)*p >= 0x20 || *p == '\n');
		CHECK(*p != 0x7f);
	}
	for (p = r->ptr; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		lines++;
		if (strncmp(p, "en nog ", 7) == 0) {
			CHECK(nl[1] == '\0');
			continue;
		}
		CHECK(strncmp(p, "bestand: ", 9) == 0 ||
		    (strncmp(p, "regel ", 6) == 0 && p[6] >= '1' &&
		    p[6] <= '9'));
	}
	CHECK(lines <= CSV_MAX_REPORT_LINES + 1);
	CHECK(ref_utf8_ok(r->ptr, 1));
}

/* Does csv_cell_safe put an apostrophe before it? */
static int
prefixed(const char *s)
{
	return s[0] != '\0' && strchr("=+-@", s[0]) != NULL;
}

/* Write the list out with csv_cell_safe and parse it again. */
static void
round_trip(const struct student_list *l)
{
	static const char	*hdr = "leerlingnummer;roepnaam;tussenvoegsel;"
	    "achternaam;geboortedatum;klas;leerjaar;email;bsn\r\n";
	struct student_list	 again;
	struct buf		 csv, r;
	const struct student	*s, *t;
	const char		*a[4], *b[4];
	size_t			 i, k;

	/* What the apostrophe makes invalid cannot come back: a klas
	 * "'-1", a name over CSV_MAX_FIELD, an e-mail over its limits. */
	for (i = 0; i < l->n; i++) {
		s = &l->v[i];
		if (s->klas[0] == '-' ||
		    (prefixed(s->roepnaam) &&
		    strlen(s->roepnaam) >= CSV_MAX_FIELD) ||
		    (prefixed(s->tussenvoegsel) &&
		    strlen(s->tussenvoegsel) >= CSV_MAX_FIELD) ||
		    (prefixed(s->achternaam) &&
		    strlen(s->achternaam) >= CSV_MAX_FIELD) ||
		    (prefixed(s->email) && (strlen(s->email) >=
		    CSV_MAX_EMAIL || strchr(s->email, '@') - s->email >= 64)))
			return;
	}
	buf_init(&csv, CSV_MAX_BYTES);
	buf_init(&r, CSV_REPORT_CAP);
	csv_students_init(&again);
	if (buf_addstr(&csv, hdr) != DDD_OK)
		goto out;
	for (i = 0; i < l->n; i++) {
		s = &l->v[i];
		if (buf_printf(&csv, "%s;", s->leerlingnummer) != DDD_OK ||
		    csv_cell_safe(s->roepnaam, &csv) != DDD_OK ||
		    buf_addc(&csv, ';') != DDD_OK ||
		    csv_cell_safe(s->tussenvoegsel, &csv) != DDD_OK ||
		    buf_addc(&csv, ';') != DDD_OK ||
		    csv_cell_safe(s->achternaam, &csv) != DDD_OK ||
		    buf_printf(&csv, ";%s;", s->geboortedatum) != DDD_OK ||
		    csv_cell_safe(s->klas, &csv) != DDD_OK ||
		    buf_addc(&csv, ';') != DDD_OK ||
		    (s->leerjaar > 0 && buf_printf(&csv, "%d",
		    s->leerjaar) != DDD_OK) ||
		    buf_addc(&csv, ';') != DDD_OK ||
		    csv_cell_safe(s->email, &csv) != DDD_OK ||
		    buf_printf(&csv, ";%s\r\n", s->bsn) != DDD_OK)
			goto out;	/* over 10 MiB: nothing to compare */
	}
	CHECK(csv_parse_students(csv.ptr, csv.len, &again, &r) == DDD_OK);
	CHECK(r.len == 0);
	CHECK(again.n == l->n);
	for (i = 0; i < l->n; i++) {
		s = &l->v[i];
		t = &again.v[i];
		CHECK(strcmp(s->leerlingnummer, t->leerlingnummer) == 0);
		CHECK(strcmp(s->geboortedatum, t->geboortedatum) == 0);
		CHECK(strcmp(s->klas, t->klas) == 0);
		CHECK(s->leerjaar == t->leerjaar);
		CHECK(strcmp(s->bsn, t->bsn) == 0 &&
		    s->bsn_kind == t->bsn_kind);
		a[0] = s->roepnaam;
		a[1] = s->tussenvoegsel;
		a[2] = s->achternaam;
		a[3] = s->email;
		b[0] = t->roepnaam;
		b[1] = t->tussenvoegsel;
		b[2] = t->achternaam;
		b[3] = t->email;
		for (k = 0; k < 4; k++) {
			if (prefixed(a[k])) {
				CHECK(b[k][0] == '\'');
				CHECK(strcmp(a[k], b[k] + 1) == 0);
			} else
				CHECK(strcmp(a[k], b[k]) == 0);
		}
	}
out:
	csv_students_free(&again);
	buf_free(&r);
	buf_free(&csv);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct student_list	 l;
	struct buf		 r, r2;
	enum ddd_err		 e, e2;
	size_t			 i;

	csv_students_init(&l);
	buf_init(&r, CSV_REPORT_CAP);
	buf_init(&r2, CSV_REPORT_CAP);
	e = csv_parse_students((const char *)data, size, &l, &r);
	check_report(&r, e);
	if (e == DDD_OK) {
		CHECK(l.n >= 1 && l.n <= CSV_MAX_ROWS);
		CHECK(l.v != NULL && l.strings != NULL);
		for (i = 0; i < l.n; i++)
			check_student(&l, i);
		round_trip(&l);
	} else {
		CHECK(e == DDD_ERR_INVALID_INPUT ||
		    e == DDD_ERR_TOO_LARGE || e == DDD_ERR_NOMEM);
		CHECK(e != DDD_ERR_TOO_LARGE || size > CSV_MAX_BYTES);
		CHECK(l.n == 0 && l.v == NULL && l.strings == NULL);
	}

	/* Same input, same answer, also into a list in use. */
	e2 = csv_parse_students((const char *)data, size, &l, &r2);
	CHECK(e2 == e || e == DDD_ERR_NOMEM || e2 == DDD_ERR_NOMEM);
	if (e2 == e)
		CHECK(r.len == r2.len && (r.len == 0 ||
		    memcmp(r.ptr, r2.ptr, r.len) == 0));

	csv_students_free(&l);
	buf_free(&r);
	buf_free(&r2);
	return 0;
}
