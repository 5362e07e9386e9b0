/* The student list import (leerlingenlijst) from a CSV file, as the
 * decaan uploads it in the Portal or dddctl import reads it, and safe CSV
 * cells for exports.  Pure functions over bytes, no I/O.
 *
 * Input accepted by csv_parse_students:
 *  - at most CSV_MAX_BYTES; no NUL bytes (UTF-16 and .xls/.xlsx files are
 *    recognised and refused with a hint to save as CSV);
 *  - encoding: a UTF-8 BOM is stripped and means UTF-8.  Otherwise valid
 *    UTF-8 is UTF-8, and anything else is Windows-1252 (what Excel's
 *    "CSV (gescheiden door lijstscheidingsteken)" writes on Dutch Windows),
 *    converted to UTF-8; its five undefined bytes 0x81 0x8D 0x8F 0x90 0x9D
 *    are refused per line.  But a file that is not all valid UTF-8 and
 *    has a BOM or any well-formed multi-byte UTF-8 sequence is taken as
 *    UTF-8 with broken lines, which are refused: read as Windows-1252 its
 *    good "é" would silently become "Ã©";
 *  - leading blank lines are skipped; an Excel "sep=;" line (';', ',' or
 *    TAB) before the header sets the delimiter; otherwise the delimiter
 *    is whichever of ';' ',' TAB occurs most in the header line outside
 *    quotes (ties in that order);
 *  - RFC 4180 quoting: a field starting with '"' runs to the next lone
 *    '"', "" inside is one '"', and delimiters and line breaks inside are
 *    data.  Spaces/tabs around a field (outside quotes) are ignored; text
 *    after a closing quote is an error.  Lines end in CRLF, LF or CR;
 *  - the header maps names case-, accent-, space- and punctuation-
 *    insensitively ("Geb. datum" = "geboortedatum"):
 *	leerlingnummer	leerlingnummer stamnummer llnr leerlingnr stamnr
 *	roepnaam	roepnaam voornaam voornamen
 *	tussenvoegsel	tussenvoegsel tussenvoegsels voorvoegsel voorvoegsels
 *			tussenv
 *	achternaam	achternaam naam familienaam
 *	geboortedatum	geboortedatum "geb. datum"
 *	klas		klas stamklas basisgroep stamgroep
 *	leerjaar	leerjaar
 *	email		e-mail email e-mailadres emailadres
 *	bsn		bsn burgerservicenummer onderwijsnummer
 *			bsn/onderwijsnummer
 *    Required: leerlingnummer, roepnaam, achternaam, geboortedatum, klas.
 *    If two columns map to one field the earlier name in its list wins
 *    ("Roepnaam" over "Voornamen"); the same name twice is an error.
 *    Other columns are ignored, and named in one "let op" note;
 *  - records whose fields are all empty (blank lines, ";;;;") are skipped;
 *    any other record must have the header's columns: as many fields, or
 *    more whose extra ones are empty (delimiters of empty columns past
 *    the header), or fewer whose missing ones are not required columns
 *    (Excel leaves out the delimiters of empty cells at the end of a
 *    row); missing fields read as empty.  A file with no student under
 *    its header is refused;
 *  - each value is trimmed of spaces (and no-break spaces) and checked:
 *	leerlingnummer	[0-9]{1,12}, leading zeros removed, not 0; unique
 *			in the file after that ("0123" = "123")
 *	roepnaam, achternaam	non-empty;  tussenvoegsel	optional;
 *			names hold no control characters (C0, DEL, C1), line
 *			or paragraph separators, bidi controls, U+FEFF, U+FFFD
 *	geboortedatum	d-m-jjjj or d/m/jjjj (one or two digit day and
 *			month), or jjjj-mm-dd; a real date, 1990..2030
 *	klas		[A-Za-z0-9 ._-]{1,20}
 *	leerjaar	optional, 1..8
 *	email		optional; local@domain with a dotted domain, ASCII
 *	bsn		optional; bsn_check (BSN or onderwijsnummer), unique
 *
 * The report: one line per problem, in file order, each ending in '\n':
 *	"regel N: <probleem>"	N = the physical line (1-based, counting CR,
 *				LF and CRLF) where the record starts
 *	"bestand: <probleem>"	for the file as a whole (too big, empty,
 *				not a text file)
 *	"regel N: let op, ..."	a note (ignored columns), not an error
 *	"en nog N problemen"	after CSV_MAX_REPORT_LINES lines
 * in Dutch, for the decaan.  A field is named by its column as the header
 * spells it ("in de kolom 'Achternaam'"), by its number only where the
 * header has no name for it ("in veld 7").  Values are quoted between
 * '...', cut to 40 bytes, control characters shown as '?'; a BSN value is
 * only ever shown through bsn_mask ("******123"), and in any other
 * value every run of 9 or more digits (single spaces or dots between
 * digits included) has all but its last 3 digits replaced by '*', so no
 * report line ever holds 9 consecutive digits. */
#ifndef DDD_CSV_H
#define DDD_CSV_H

#include <stddef.h>
#include "bsn.h"
#include "buf.h"
#include "err.h"

#define CSV_MAX_BYTES		(10 * 1024 * 1024)	/* input file */
#define CSV_MAX_ROWS		10000	/* students (non-empty records) */
#define CSV_MAX_FIELD		1000	/* bytes in one field, after decoding */
#define CSV_MAX_COLUMNS		100	/* in the header */
#define CSV_MAX_REPORT_LINES	200	/* then "en nog N problemen" */
/* A report buffer with at least this cap always holds the whole report
 * (no line is longer than 1 KiB); with a smaller cap, lines that do not
 * fit are counted in "en nog N problemen". */
#define CSV_REPORT_CAP		(256 * 1024)

#define CSV_MAX_LLNR		12	/* digits in a leerlingnummer */
#define CSV_MAX_KLAS		20
#define CSV_MAX_EMAIL		254

struct student {
	char		 leerlingnummer[CSV_MAX_LLNR + 1]; /* no leading 0 */
	char		*roepnaam;
	char		*tussenvoegsel;		/* "" when absent */
	char		*achternaam;
	char		 geboortedatum[11];	/* "YYYY-MM-DD" */
	char		 klas[CSV_MAX_KLAS + 1];
	int		 leerjaar;		/* 1-8; 0 when absent */
	char		*email;			/* "" when absent */
	char		 bsn[10];		/* 9 digits; "" when absent */
	enum bsn_kind	 bsn_kind;		/* BSN_NONE when absent */
	size_t		 line;			/* where the record starts */
};

/* All strings NUL-terminated UTF-8, owned by the list: the pointers point
 * into 'strings'. */
struct student_list {
	struct student	*v;
	size_t		 n;
	char		*strings;
	size_t		 strings_len;
};

void		 csv_students_init(struct student_list *);
/* Frees everything; memory that held names and BSNs is zeroed first. */
void		 csv_students_free(struct student_list *);

/* Parse a whole student list: data[0..len) need not be NUL-terminated.
 * 'out' must be initialised (csv_students_init) or a list from an earlier
 * call; it is replaced.  All or nothing:
 *	DDD_OK			'out' holds every student; 'report' may have
 *				notes ("let op") appended
 *	DDD_ERR_INVALID_INPUT	the file has problems; 'out' is empty and
 *				'report' lists them
 *	DDD_ERR_TOO_LARGE	len > CSV_MAX_BYTES: one line, nothing read
 *	DDD_ERR_NOMEM		'out' empty, 'report' may be incomplete
 *	DDD_ERR_INTERNAL	NULL arguments
 * Lines are appended to 'report' (see above; give it CSV_REPORT_CAP).
 * data is not modified; wiping it (it may hold BSNs) is the caller's. */
enum ddd_err	 csv_parse_students(const char *data, size_t len,
		    struct student_list *out, struct buf *report);

/* Append 'in' to 'out' as one CSV cell (no delimiter) that is safe to open
 * in a spreadsheet, for any export of data that came from users:
 *  - formula injection: a cell whose first character, or first character
 *    after leading spaces, is '=', '+', '-' or '@', or that starts with
 *    TAB, CR or LF, gets a leading apostrophe, so Excel and LibreOffice
 *    show text instead of evaluating "=HYPERLINK(...)" or a DDE call.
 *    Negative numbers and names like "-x" thus read as "'-x": the price
 *    of being safe for any cell;
 *  - quoting: a cell containing ';', ',', '"', TAB, CR or LF, or starting
 *    or ending with a space, is put in double quotes with '"' doubled
 *    (RFC 4180), so it reads back the same with either delimiter.
 * The bytes are copied as they are (no UTF-8 check).  On error (buffer
 * cap, allocation) 'out' is left as it was. */
enum ddd_err	 csv_cell_safe(const char *in, struct buf *out);

#endif
