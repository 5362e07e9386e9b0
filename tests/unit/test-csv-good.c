/* csv_parse_students on files it must accept: a Magister-style export in
 * Windows-1252 with ';' and CRLF, a Somtoday-style export in UTF-8 with a
 * BOM, ',' and quoted fields, header synonyms, delimiters, line endings,
 * date forms, leading-zero normalisation, and the caps at their limit.
 * Fixtures: $DDD_SRCDIR/tests/data/csv (DDD_SRCDIR defaults to "."). */

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "tap.h"

static char		*read_fixture(const char *, size_t *);
static enum ddd_err	 parse_mem(const char *, size_t, struct student_list *,
			    struct buf *);
static enum ddd_err	 parse(const char *, struct student_list *,
			    struct buf *);
static void		 test_magister(void);
static void		 test_somtoday(void);
static void		 test_synonyms(void);
static void		 test_priority(void);
static void		 test_delimiters(void);
static void		 test_line_endings(void);
static void		 test_values(void);
static void		 test_cp1252_table(void);
static void		 test_limits(void);
static void		 test_reuse(void);

static char *
read_fixture(const char *name, size_t *len)
{
	const char	*dir = getenv("DDD_SRCDIR");
	char		 path[1024], *data = NULL, *p;
	FILE		*f;
	size_t		 n, alloc = 0;

	*len = 0;
	snprintf(path, sizeof(path), "%s/tests/data/csv/%s",
	    dir != NULL ? dir : ".", name);
	if ((f = fopen(path, "rb")) == NULL) {
		printf("# cannot open %s\n", path);
		return NULL;
	}
	for (;;) {
		if (*len == alloc) {
			alloc = alloc ? alloc * 2 : 4096;
			if ((p = realloc(data, alloc)) == NULL)
				abort();
			data = p;
		}
		if ((n = fread(data + *len, 1, alloc - *len, f)) == 0)
			break;
		*len += n;
	}
	fclose(f);
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

static enum ddd_err
parse(const char *s, struct student_list *l, struct buf *r)
{
	buf_reset(r);
	return parse_mem(s, strlen(s), l, r);
}

static const char *
report(const struct buf *r)
{
	return r->ptr != NULL ? r->ptr : "";
}

static void
test_magister(void)
{
	struct student_list	 l;
	struct buf		 r;
	const struct student	*s;
	char			*data;
	size_t			 len;

	csv_students_init(&l);
	buf_init(&r, CSV_REPORT_CAP);
	data = read_fixture("good-magister.csv", &len);
	ok(data != NULL && memchr(data, 0xeb, len) != NULL,
	    "magister fixture is Windows-1252 (ë as 0xEB)");
	is_int(parse_mem(data, len, &l, &r), DDD_OK, "magister file accepted");
	is_str(report(&r), "regel 1: let op, kolom 'Mentor' wordt niet "
	    "ingelezen\n", "unknown column named in a note");
	is_int(l.n, 4, "4 students; blank and ';;;' lines skipped");
	if (l.n == 4) {
		s = &l.v[0];
		is_str(s->leerlingnummer, "123", "000123 -> 123");
		is_str(s->roepnaam, "Zoë", "Zoë converted to UTF-8");
		is_str(s->tussenvoegsel, "van der", "Tussenvoegsels column");
		is_str(s->achternaam, "Berg", "achternaam");
		is_str(s->geboortedatum, "2009-02-01", "01-02-2009");
		is_str(s->klas, "4H2", "klas");
		is_int(s->leerjaar, 4, "leerjaar");
		is_str(s->email, "zoe.vdberg@leerling.school.nl", "E-mailadres");
		is_str(s->bsn, "111222333", "BSN kept");
		is_int(s->bsn_kind, BSN_BSN, "BSN kind");
		is_int(s->line, 2, "line 2");

		s = &l.v[1];
		is_str(s->roepnaam, "Renée", "Renée");
		is_str(s->tussenvoegsel, "", "empty tussenvoegsel");
		is_str(s->achternaam, "M\u2019Bali", "0x92 is U+2019");
		is_str(s->geboortedatum, "2008-02-29", "leap day");
		is_str(s->klas, "4 V.1", "klas with space and dot");
		is_str(s->email, "", "no e-mail");
		is_str(s->bsn, "", "no BSN");
		is_int(s->bsn_kind, BSN_NONE, "no BSN kind");

		s = &l.v[2];
		is_int(s->line, 6, "line counting passes skipped lines");
		is_str(s->achternaam, "Wit-Ëlzen", "capital Ë");
		is_str(s->geboortedatum, "2008-09-01", "d-m-jjjj");
		is_int(s->leerjaar, 0, "empty leerjaar is 0");
		is_str(s->bsn, "101222331", "onderwijsnummer kept");
		is_int(s->bsn_kind, BSN_ONDERWIJSNUMMER, "onderwijsnummer kind");

		s = &l.v[3];
		is_str(s->leerlingnummer, "126", "0000000126 -> 126");
		is_str(s->achternaam, "Çelik", "Ç");
		is_str(s->geboortedatum, "2008-12-31", "dd/mm/jjjj");
	}
	csv_students_free(&l);
	ok(l.v == NULL && l.n == 0 && l.strings == NULL, "free empties");
	free(data);
	buf_free(&r);
}

static void
test_somtoday(void)
{
	struct student_list	 l;
	struct buf		 r;
	const struct student	*s;
	char			*data;
	size_t			 len;

	csv_students_init(&l);
	buf_init(&r, CSV_REPORT_CAP);
	data = read_fixture("good-somtoday.csv", &len);
	ok(data != NULL && len > 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0,
	    "somtoday fixture starts with a BOM");
	is_int(parse_mem(data, len, &l, &r), DDD_OK, "somtoday file accepted");
	is_str(report(&r), "regel 1: let op, kolom 'Opmerking' wordt niet "
	    "ingelezen\n", "BOM stripped: first header name known");
	is_int(l.n, 3, "3 students");
	if (l.n == 3) {
		s = &l.v[0];
		is_str(s->leerlingnummer, "42", "\"0042\" -> 42");
		is_str(s->roepnaam, "Jan \"Jantje\"", "\"\" inside quotes");
		is_str(s->achternaam, "Vries, de", "comma inside quotes");
		is_str(s->tussenvoegsel, "de", "Voorvoegsel column");
		is_str(s->geboortedatum, "2009-03-04", "quoted date");
		is_str(s->klas, "H4a", "Stamklas column");
		is_str(s->email, "jan@example.nl", "E-mail column");
		is_int(s->line, 2, "record on line 2");
		s = &l.v[1];
		is_int(s->line, 4, "quoted newline counted: next record line 4");
		is_str(s->achternaam, "Ağaoğlu", "UTF-8 kept");
		is_str(s->geboortedatum, "2009-12-31", "jjjj-mm-dd");
		s = &l.v[2];
		is_str(s->leerlingnummer, "44", "044 -> 44");
		is_str(s->tussenvoegsel, "van 't", "apostrophe");
		is_str(s->geboortedatum, "2009-08-07", "d/m/jjjj");
		is_int(s->line, 5, "line 5");
	}
	csv_students_free(&l);
	free(data);
	buf_free(&r);
}

static void
test_synonyms(void)
{
	static const char *const headers[] = {
		"leerlingnummer;roepnaam;tussenvoegsel;achternaam;"
		    "geboortedatum;klas;leerjaar;e-mail;bsn",
		"Stamnummer;Voornaam;Tussenvoegsels;Naam;Geb. datum;Stamklas;"
		    "Leerjaar;Email;Burgerservicenummer",
		"Leerling nummer;Voornamen;Voorvoegsel;Familienaam;"
		    "Geboorte datum;Basisgroep;LEERJAAR;E-mailadres;"
		    "Onderwijsnummer",
		"LLNR;ROEPNAAM;TUSSENVOEGSEL;ACHTERNAAM;GEBOORTEDATUM;KLAS;"
		    "Leerjaar;emailadres;BSN/onderwijsnummer",
		"Léérlingnummer;Roepnáam;Tussenvoegsel;Achternaam;"
		    "Géboortedatum;Klas;Leerjaar;E-Mail;Bsn",
		"leerling_nummer; Roepnaam ;tussenvoegsel;achter naam;"
		    "geb.datum;klas;leer-jaar;e_mail;BSN / Onderwijsnummer",
		"\"Stamnr\";\"Roepnaam\";\"Tussenv.\";\"Achternaam\";"
		    "\"Geb. datum\";\"Stamgroep\";\"Leerjaar\";\"E-mail\";"
		    "\"BSN\"",
	};
	struct student_list	 l;
	struct buf		 r;
	char			 csv[512];
	size_t			 i;
	int			 good;

	csv_students_init(&l);
	buf_init(&r, CSV_REPORT_CAP);
	for (i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
		snprintf(csv, sizeof(csv), "%s\n007;Jan;van;Dijk;1-2-2009;"
		    "4a;3;j@example.nl;123456782\n", headers[i]);
		good = parse(csv, &l, &r) == DDD_OK && l.n == 1 &&
		    strcmp(l.v[0].leerlingnummer, "7") == 0 &&
		    strcmp(l.v[0].roepnaam, "Jan") == 0 &&
		    strcmp(l.v[0].tussenvoegsel, "van") == 0 &&
		    strcmp(l.v[0].achternaam, "Dijk") == 0 &&
		    strcmp(l.v[0].geboortedatum, "2009-02-01") == 0 &&
		    strcmp(l.v[0].klas, "4a") == 0 && l.v[0].leerjaar == 3 &&
		    strcmp(l.v[0].email, "j@example.nl") == 0 &&
		    strcmp(l.v[0].bsn, "123456782") == 0 && r.len == 0;
		ok(good, "header %zu maps every column: %s", i, headers[i]);
		if (!good)
			diag(report(&r));
	}
	csv_students_free(&l);
	buf_free(&r);
}

static void
test_priority(void)
{
	struct student_list	 l;
	struct buf		 r;

	csv_students_init(&l);
	buf_init(&r, CSV_REPORT_CAP);
	is_int(parse("Voornamen;Leerlingnummer;Roepnaam;Achternaam;Naam;"
	    "Geboortedatum;Klas\nJan Pieter;1;Jan;Jansen;Jan Jansen;"
	    "01-01-2009;4a\n", &l, &r), DDD_OK,
	    "Voornamen and Roepnaam, Naam and Achternaam together");
	ok(l.n == 1 && strcmp(l.v[0].roepnaam, "Jan") == 0,
	    "Roepnaam wins over Voornamen");
	ok(l.n == 1 && strcmp(l.v[0].achternaam, "Jansen") == 0,
	    "Achternaam wins over Naam");
	is_str(report(&r), "regel 1: let op, deze kolommen worden niet "
	    "ingelezen: 'Voornamen', 'Naam'\n", "the losers are noted");

	is_int(parse("a;b;c;d;e;f;g;h;i;j;k;l;leerlingnummer;roepnaam;"
	    "achternaam;geboortedatum;klas\n;;;;;;;;;;;;1;A;B;01-01-2009;"
	    "4a\n", &l, &r), DDD_OK, "many unknown columns");
	is_str(report(&r), "regel 1: let op, deze kolommen worden niet "
	    "ingelezen: 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j' "
	    "en nog 2\n", "note names the first 10");

	is_int(parse("leerlingnummer;roepnaam;achternaam;geboortedatum;klas;"
	    ";\n1;A;B;01-01-2009;4a;;\n", &l, &r), DDD_OK,
	    "trailing empty header columns (Excel)");
	is_int(r.len, 0, "empty column names are not noted");
	csv_students_free(&l);
	buf_free(&r);
}

static void
test_delimiters(void)
{
	struct student_list	 l;
	struct buf		 r;

	csv_students_init(&l);
	buf_init(&r, CSV_REPORT_CAP);
	is_int(parse("leerlingnummer,roepnaam,achternaam,geboortedatum,klas\n"
	    "1,Jan;Piet,Jansen,01-01-2009,4a\n", &l, &r), DDD_OK,
	    "',' detected");
	ok(l.n == 1 && strcmp(l.v[0].roepnaam, "Jan;Piet") == 0,
	    "';' is data in a ',' file");

	is_int(parse("leerlingnummer,roepnaam,achternaam,geboortedatum,klas,"
	    "\"opmerking; vrij; tekst\"\n1,Jan,Jansen,01-01-2009,4a,x\n",
	    &l, &r), DDD_OK, "';' inside quotes does not count");

	is_int(parse("leerlingnummer\troepnaam\tachternaam\tgeboortedatum\t"
	    "klas\n1\tJan Piet\tJansen\t01-01-2009\t4 a\n", &l, &r), DDD_OK,
	    "TAB detected");
	ok(l.n == 1 && strcmp(l.v[0].roepnaam, "Jan Piet") == 0 &&
	    strcmp(l.v[0].klas, "4 a") == 0, "TAB-separated values");

	/* Six ';' against five ',': detection would take ';'. */
	is_int(parse("sep=,\r\nleerlingnummer,roepnaam,achternaam,"
	    "geboortedatum,klas,x;a;b;c;d;e;f\r\n1,Jan;Piet,Jansen,"
	    "01-01-2009,4a,y\r\n", &l, &r), DDD_OK,
	    "sep=, overrides detection");
	ok(l.n == 1 && strcmp(l.v[0].roepnaam, "Jan;Piet") == 0,
	    "split on ','");
	is_int(parse("SEP=;\nx,a;leerlingnummer;roepnaam;achternaam;"
	    "geboortedatum;klas\n1,2;1;Jan;Jansen;01-01-2009;4a\n", &l, &r),
	    DDD_OK, "SEP=; line");
	ok(l.n == 1 && l.v[0].line == 3, "line numbers count the sep line");
	csv_students_free(&l);
	buf_free(&r);
}

static void
test_line_endings(void)
{
	static const char *const files[] = {
		"llnr;roepnaam;achternaam;geboortedatum;klas\n"
		    "1;A;B;01-01-2009;4a\n2;C;D;01-01-2009;4a\n",
		"llnr;roepnaam;achternaam;geboortedatum;klas\r\n"
		    "1;A;B;01-01-2009;4a\r\n2;C;D;01-01-2009;4a\r\n",
		"llnr;roepnaam;achternaam;geboortedatum;klas\r"
		    "1;A;B;01-01-2009;4a\r2;C;D;01-01-2009;4a\r",
		"llnr;roepnaam;achternaam;geboortedatum;klas\r\n"
		    "1;A;B;01-01-2009;4a\n2;C;D;01-01-2009;4a",
		"\n\r\n  \nllnr;roepnaam;achternaam;geboortedatum;klas\n"
		    "1;A;B;01-01-2009;4a\n\n\n2;C;D;01-01-2009;4a\n\n",
	};
	static const size_t	 line2[] = { 3, 3, 3, 3, 8 };
	struct student_list	 l;
	struct buf		 r;
	size_t			 i;

	csv_students_init(&l);
	buf_init(&r, CSV_REPORT_CAP);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		is_int(parse(files[i], &l, &r), DDD_OK, "line endings %zu", i);
		ok(l.n == 2 && strcmp(l.v[1].achternaam, "D") == 0 &&
		    l.v[1].line == line2[i], "  two records, second on line %zu",
		    line2[i]);
	}
	csv_students_free(&l);
	buf_free(&r);
}

static void
test_values(void)
{
	struct student_list	 l;
	struct buf		 r;
	char			 csv[4096];

	csv_students_init(&l);
	buf_init(&r, CSV_REPORT_CAP);
	is_int(parse("leerlingnummer;roepnaam;achternaam;geboortedatum;klas\n"
	    "000000000001;  Jan  ; \"  De Vries \" ;\xc2\xa0" "01/02/2009;"
	    " 4a\t\n2;=HYPERLINK(\"x\");-Min;2009-02-28;4a\n", &l, &r),
	    DDD_OK, "spaces, no-break spaces, formula-like names");
	if (l.n == 2) {
		is_str(l.v[0].leerlingnummer, "1", "12 digits, zeros removed");
		is_str(l.v[0].roepnaam, "Jan", "unquoted trimmed");
		is_str(l.v[0].achternaam, "De Vries", "quoted trimmed too");
		is_str(l.v[0].geboortedatum, "2009-02-01", "NBSP trimmed");
		is_str(l.v[0].klas, "4a", "tab trimmed");
		is_str(l.v[0].tussenvoegsel, "", "no tussenvoegsel column");
		is_int(l.v[0].leerjaar, 0, "no leerjaar column: 0");
		is_str(l.v[0].email, "", "no e-mail column");
		is_str(l.v[1].roepnaam, "=HYPERLINK(\"x\")",
		    "stored as given (neutralised on export)");
	} else
		diag(report(&r));

	/* A field of exactly CSV_MAX_FIELD bytes. */
	memset(csv, 0, sizeof(csv));
	strcpy(csv, "llnr;roepnaam;achternaam;geboortedatum;klas;x\n"
	    "1;A;B;01-01-2009;4a;");
	memset(csv + strlen(csv), 'x', CSV_MAX_FIELD);
	strcat(csv, "\n");
	is_int(parse(csv, &l, &r), DDD_OK, "field of %d bytes", CSV_MAX_FIELD);

	is_int(parse("llnr;roepnaam;achternaam;geboortedatum;klas;email\n"
	    "1;A;B;01-01-2009;4a;o'brien+tag@sub.example-school.nl\n"
	    "2;C;D;01-01-2009;4a;X@Y.AB\n", &l, &r), DDD_OK, "e-mails");
	is_int(parse("llnr;roepnaam;achternaam;geboortedatum;klas\n"
	    "1;A;B;1-1-1990;4a\n2;A;B;31-12-2030;4a\n3;A;B;29/02/2000;4a\n",
	    &l, &r), DDD_OK, "range ends and 2000 leap day");
	ok(l.n == 3 && strcmp(l.v[2].geboortedatum, "2000-02-29") == 0,
	    "29/02/2000");
	csv_students_free(&l);
	buf_free(&r);
}

/* Every defined byte 0x80-0xFF through our table and through iconv. */
static void
test_cp1252_table(void)
{
	struct student_list	 l;
	struct buf		 r;
	char			 csv[1024], name[256], want[1024];
	char			*in, *out;
	size_t			 n = 0, i, inleft, outleft;
	iconv_t			 cd;

	csv_students_init(&l);
	buf_init(&r, CSV_REPORT_CAP);
	name[n++] = 'a';
	for (i = 0x80; i <= 0xff; i++)
		if (i != 0x81 && i != 0x8d && i != 0x8f && i != 0x90 &&
		    i != 0x9d)
			name[n++] = (char)i;
	name[n++] = 'z';
	name[n] = '\0';
	snprintf(csv, sizeof(csv), "llnr;roepnaam;achternaam;geboortedatum;"
	    "klas\n1;%s;B;01-01-2009;4a\n", name);
	is_int(parse(csv, &l, &r), DDD_OK, "all 123 defined high bytes");

	if ((cd = iconv_open("UTF-8", "WINDOWS-1252")) == (iconv_t)-1) {
		ok(1, "# SKIP no iconv for WINDOWS-1252");
		goto out;
	}
	in = name;
	inleft = n;
	out = want;
	outleft = sizeof(want) - 1;
	ok(iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1,
	    "iconv converts the same bytes");
	*out = '\0';
	iconv_close(cd);
	ok(l.n == 1 && strcmp(l.v[0].roepnaam, want) == 0,
	    "our table agrees with iconv WINDOWS-1252");
out:
	csv_students_free(&l);
	buf_free(&r);
}

static void
test_limits(void)
{
	struct student_list	 l;
	struct buf		 r, csv;
	size_t			 i;

	csv_students_init(&l);
	buf_init(&r, CSV_REPORT_CAP);
	buf_init(&csv, CSV_MAX_BYTES);
	buf_addstr(&csv, "llnr;roepnaam;achternaam;geboortedatum;klas;bsn\n");
	for (i = 1; i <= CSV_MAX_ROWS; i++)
		buf_printf(&csv, "%zu;Voornaam%zu;Achternaam;01-01-2009;4a;\n",
		    i * 7, i);
	is_int(parse_mem(csv.ptr, csv.len, &l, &r), DDD_OK,
	    "exactly %d students", CSV_MAX_ROWS);
	is_int(l.n, CSV_MAX_ROWS, "all kept");
	ok(l.n == CSV_MAX_ROWS && strcmp(l.v[CSV_MAX_ROWS - 1].roepnaam,
	    "Voornaam10000") == 0 && l.v[CSV_MAX_ROWS - 1].line ==
	    CSV_MAX_ROWS + 1, "last one intact");
	csv_students_free(&l);
	buf_free(&csv);
	buf_free(&r);
}

static void
test_reuse(void)
{
	static const char	 one[] = "llnr;roepnaam;achternaam;"
	    "geboortedatum;klas;x\n1;A;B;01-01-2009;4a;\n"
	    "2;C;D;01-01-2009;4a;\n";
	static const char	 two[] = "llnr;roepnaam;achternaam;"
	    "geboortedatum;klas\n9;E;F;01-01-2009;4a\n";
	struct student_list	 l;
	struct buf		 r;

	csv_students_init(&l);
	buf_init(&r, CSV_REPORT_CAP);
	is_int(parse_mem(one, strlen(one), &l, &r), DDD_OK, "first list");
	is_int(l.n, 2, "two");
	is_int(parse_mem(two, strlen(two), &l, &r), DDD_OK,
	    "second parse into the same list");
	ok(l.n == 1 && strcmp(l.v[0].leerlingnummer, "9") == 0,
	    "replaced, not appended");
	ok(strstr(report(&r), "'x'") != NULL, "report appended to, not reset");
	csv_students_free(&l);
	csv_students_free(&l);
	ok(l.n == 0, "free twice is harmless");
	buf_free(&r);
}

int
main(void)
{
	test_magister();
	test_somtoday();
	test_synonyms();
	test_priority();
	test_delimiters();
	test_line_endings();
	test_values();
	test_cp1252_table();
	test_limits();
	test_reuse();
	return done_testing();
}
