/* csv_parse_students with student lists as spreadsheets and school systems
 * really write them, beside RFC 4180: Excel's "CSV (gescheiden door
 * lijstscheidingsteken)" (Windows-1252, ';', CRLF) and "CSV UTF-8" (BOM),
 * Excel leaving out the delimiters of empty cells at the end of a row,
 * extra empty columns, LibreOffice (every text quoted, LF), Google Sheets
 * (',', no newline at the end), tab-separated text, old Mac CR, quoted
 * fields with delimiters, line breaks and doubled quotes, empty last
 * lines, "sep=;".  And what stays refused.
 *
 * Each row is a file and the students we must get, one a line as
 *	llnr|roepnaam|tussenvoegsel|achternaam|geboortedatum|klas|leerjaar|
 *	email|bsn
 * or the report of a refused file. */

#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "tap.h"

#define HDR9	"leerlingnummer;roepnaam;tussenvoegsel;achternaam;" \
		"geboortedatum;klas;leerjaar;e-mailadres;bsn"

struct row {
	const char	*file;
	size_t		 len;		/* 0: strlen */
	enum ddd_err	 want;
	const char	*out;		/* students, or the report */
	const char	*what;
};

static const struct row	 rows[] = {
	/* Excel. */
	{ "Stamnummer;Roepnaam;Tussenvoegsels;Achternaam;Geb. datum;Klas\r\n"
	    "1001;Zo\xeb;van der;Berg;01-02-2010;4K1\r\n"
	    "1002;Ren\xe9" "e;;\x80lik;3-4-2010;4K2\r\n", 0, DDD_OK,
	    "1001|Zo\xc3\xab|van der|Berg|2010-02-01|4K1|0||\n"
	    "1002|Ren\xc3\xa9" "e||\xe2\x82\xac" "lik|2010-04-03|4K2|0||\n",
	    "Excel 'CSV (gescheiden door lijstscheidingsteken)': "
	    "Windows-1252, ';', CRLF" },
	{ "\xef\xbb\xbf" "leerlingnummer;roepnaam;achternaam;geboortedatum;"
	    "klas\r\n1;Zo\xc3\xab;Berg;01-02-2010;4K1\r\n", 0, DDD_OK,
	    "1|Zo\xc3\xab||Berg|2010-02-01|4K1|0||\n",
	    "Excel 'CSV UTF-8': a BOM" },
	{ "sep=;\r\nleerlingnummer;roepnaam;achternaam;geboortedatum;klas\r\n"
	    "1;Jan;Berg;01-02-2010;4K1\r\n", 0, DDD_OK,
	    "1|Jan||Berg|2010-02-01|4K1|0||\n", "Excel's 'sep=;' line" },
	{ "\xef\xbb\xbf" "sep=,\r\nleerlingnummer,roepnaam,achternaam,"
	    "geboortedatum,klas\r\n1,Jan,Berg,01-02-2010,4K1\r\n", 0, DDD_OK,
	    "1|Jan||Berg|2010-02-01|4K1|0||\n", "a BOM and then 'sep=,'" },
	{ HDR9 "\r\n"
	    "1;Jan;;Berg;01-02-2010;4K1;4;jan@school.nl;\r\n"
	    "2;Piet;;Puk;01-02-2010;4K1;4\r\n"
	    "3;Kees;de;Vries;01-02-2010;4K1\r\n"
	    "4;Anna;;Smit;01-02-2010;4K1;4;anna@school.nl\r\n", 0, DDD_OK,
	    "1|Jan||Berg|2010-02-01|4K1|4|jan@school.nl|\n"
	    "2|Piet||Puk|2010-02-01|4K1|4||\n"
	    "3|Kees|de|Vries|2010-02-01|4K1|0||\n"
	    "4|Anna||Smit|2010-02-01|4K1|4|anna@school.nl|\n",
	    "Excel leaves out the ';' of empty cells at the end of a row" },
	{ "leerlingnummer;roepnaam;achternaam;geboortedatum;klas;;;\r\n"
	    "1;Jan;Berg;01-02-2010;4K1;;;\r\n"
	    "2;Piet;Puk;01-02-2010;4K1;;;;;;\r\n"
	    "3;Kees;Vries;01-02-2010;4K1\r\n", 0, DDD_OK,
	    "1|Jan||Berg|2010-02-01|4K1|0||\n"
	    "2|Piet||Puk|2010-02-01|4K1|0||\n"
	    "3|Kees||Vries|2010-02-01|4K1|0||\n",
	    "empty columns at the end, more or fewer than in the header" },
	{ "leerlingnummer;roepnaam;achternaam;geboortedatum;klas;Mentor\r\n"
	    "1;Jan;Berg;01-02-2010;4K1\r\n", 0, DDD_OK,
	    "1|Jan||Berg|2010-02-01|4K1|0||\n",
	    "the left-out column is one we do not read" },
	{ HDR9 "\r\n1;Jan;;Berg;01-02-2010;4K1;4;;\r\n;;;;;;;;\r\n\r\n"
	    ";;;;\r\n", 0, DDD_OK, "1|Jan||Berg|2010-02-01|4K1|4||\n",
	    "empty last lines, also of only ';'" },
	{ "leerlingnummer\troepnaam\tachternaam\tgeboortedatum\tklas\r\n"
	    "1\tJan\tBerg\t01-02-2010\t4K1\r\n", 0, DDD_OK,
	    "1|Jan||Berg|2010-02-01|4K1|0||\n",
	    "Excel 'Tekst (tab gescheiden)': TAB" },
	{ "leerlingnummer;roepnaam;achternaam;geboortedatum;klas\r"
	    "1;Jan;Berg;01-02-2010;4K1\r2;Piet;Puk;01-02-2010;4K1\r", 0,
	    DDD_OK, "1|Jan||Berg|2010-02-01|4K1|0||\n"
	    "2|Piet||Puk|2010-02-01|4K1|0||\n", "old Mac line ends (CR)" },

	/* LibreOffice, Google Sheets, school systems. */
	{ "\"leerlingnummer\",\"roepnaam\",\"achternaam\",\"geboortedatum\","
	    "\"klas\"\n\"1\",\"Jan\",\"Berg\",\"01-02-2010\",\"4K1\"\n", 0,
	    DDD_OK, "1|Jan||Berg|2010-02-01|4K1|0||\n",
	    "LibreOffice: every text quoted, ',' and LF" },
	{ "leerlingnummer,roepnaam,tussenvoegsel,achternaam,geboortedatum,"
	    "klas\n1,Zo\xc3\xab,van 't,Ho\xc3\x9f,01-02-2010,4K1\n", 0, DDD_OK,
	    "1|Zo\xc3\xab|van 't|Ho\xc3\x9f|2010-02-01|4K1|0||\n",
	    "UTF-8 without a BOM (LibreOffice's default)" },
	{ "leerlingnummer;roepnaam;achternaam;geboortedatum;klas\r\n"
	    "1;Zo\xeb;M\x92" "Bali;01-02-2010;4K1\r\n", 0, DDD_OK,
	    "1|Zo\xc3\xab||M\xe2\x80\x99" "Bali|2010-02-01|4K1|0||\n",
	    "Windows-1252 with a curly apostrophe (0x92)" },
	{ "leerlingnummer,roepnaam,achternaam,geboortedatum,klas\r\n"
	    "1,Jan,Berg,2010-02-01,4K1\r\n2,Piet,Puk,2010-02-01,4K1", 0,
	    DDD_OK, "1|Jan||Berg|2010-02-01|4K1|0||\n"
	    "2|Piet||Puk|2010-02-01|4K1|0||\n",
	    "Google Sheets: ',', no newline after the last row" },
	{ "Stamnr;Roepnaam;Tussenv;Achternaam;Geb.datum;Stamgroep;Leerjaar\r\n"
	    "000123;Ahmed;;El Amrani;5-9-2009;4H2;4\r\n", 0, DDD_OK,
	    "123|Ahmed||El Amrani|2009-09-05|4H2|4||\n",
	    "Magister-style names and leading zeros" },
	{ "\xef\xbb\xbf\"Leerlingnummer\";\"Roepnaam\";\"Voorvoegsel\";"
	    "\"Achternaam\";\"Geboortedatum\";\"Stamgroep\"\r\n"
	    "\"42\";\"Jan \"\"Jantje\"\"\";\"de\";\"Vries; van\";\"2009-03-04\";"
	    "\"H4a\"\r\n", 0, DDD_OK,
	    "42|Jan \"Jantje\"|de|Vries; van|2009-03-04|H4a|0||\n",
	    "Somtoday-style: BOM, all quoted, doubled quotes, ';' in a "
	    "field" },
	{ "leerlingnummer;roepnaam;achternaam;geboortedatum;klas\r\n"
	    "1;\"Jan\nPiet\";Berg;01-02-2010;4K1\r\n"
	    "2;\"\";Puk;01-02-2010;4K1\r\n", 0, DDD_ERR_INVALID_INPUT,
	    "regel 2: roepnaam 'Jan?Piet' bevat een ongeldig teken (zoals een "
	    "tab of regeleinde)\nregel 4: roepnaam ontbreekt\n",
	    "a line break inside quotes is read (and refused in a name); "
	    "\"\" is empty; line numbers count it" },
	{ "leerlingnummer;roepnaam;achternaam;geboortedatum;klas\r\n"
	    " \"1\" ;  Jan ; \"Berg\"\t;01-02-2010\xc2\xa0;4K1 \r\n", 0,
	    DDD_OK, "1|Jan||Berg|2010-02-01|4K1|0||\n",
	    "white space around fields and quotes, a no-break space" },

	/* Still refused. */
	{ HDR9 "\r\n1;Jan;;Berg;01-02-2010\r\n", 0, DDD_ERR_INVALID_INPUT,
	    "regel 2: 5 velden in plaats van 9 (zoals de kopregel)\n",
	    "a short row whose left-out columns are required (klas)" },
	{ "leerlingnummer;roepnaam;achternaam;geboortedatum;klas\r\n"
	    "1;Jan;Berg;01-02-2010;4K1;;x\r\n", 0, DDD_ERR_INVALID_INPUT,
	    "regel 2: 7 velden in plaats van 5 (zoals de kopregel)\n",
	    "text in a column without a name" },
	{ "\xff\xfel\0l\0n\0r\0", 8, DDD_ERR_INVALID_INPUT,
	    "bestand: het bestand is UTF-16 (Unicode-tekst); sla het op als "
	    "'CSV UTF-8'\n", "Excel 'Unicode-tekst' (UTF-16)" },
	{ "leerlingnummer;roepnaam;achternaam;geboortedatum;klas\r\n"
	    "1;\"Jan\"x;Berg;01-02-2010;4K1\r\n", 0, DDD_ERR_INVALID_INPUT,
	    "regel 2: tekst na het sluitende aanhalingsteken in de kolom "
	    "'roepnaam'\n", "text after a closing quote" },
};

static void
students(const struct student_list *l, struct buf *b)
{
	const struct student	*s;
	size_t			 i;

	buf_reset(b);
	for (i = 0; i < l->n; i++) {
		s = &l->v[i];
		buf_printf(b, "%s|%s|%s|%s|%s|%s|%d|%s|%s\n",
		    s->leerlingnummer, s->roepnaam, s->tussenvoegsel,
		    s->achternaam, s->geboortedatum, s->klas, s->leerjaar,
		    s->email, s->bsn);
	}
}

int
main(void)
{
	const struct row	*r;
	struct student_list	 l;
	struct buf		 rep, got;
	enum ddd_err		 e;
	size_t			 i, len;
	char			*copy;
	const char		*have;

	csv_students_init(&l);
	buf_init(&rep, CSV_REPORT_CAP);
	buf_init(&got, 64 * 1024);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		r = &rows[i];
		len = r->len ? r->len : strlen(r->file);
		/* Exactly its bytes: a sanitizer build sees any over-read. */
		if ((copy = malloc(len)) == NULL)
			abort();
		memcpy(copy, r->file, len);
		buf_reset(&rep);
		e = csv_parse_students(copy, len, &l, &rep);
		free(copy);
		students(&l, &got);
		have = e == DDD_OK ? got.ptr : rep.ptr;
		if (have == NULL)
			have = "";
		ok(e == r->want && strcmp(have, r->out) == 0, "%s%s",
		    r->want == DDD_OK ? "" : "refused: ", r->what);
		if (e != r->want)
			printf("#   got %s\n", err_name(e));
		if (strcmp(have, r->out) != 0) {
			diag(have);
			if (e == DDD_OK && rep.len > 0)
				diag(rep.ptr);
		}
	}
	csv_students_free(&l);
	buf_free(&rep);
	buf_free(&got);
	return done_testing();
}
