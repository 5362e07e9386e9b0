/* The student list import: bytes -> encoding -> records (csv_read.c) ->
 * header mapping -> checked rows, all or nothing.  See csv.h for what is
 * accepted. */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsn.h"
#include "buf.h"
#include "csv.h"
#include "csv_int.h"
#include "req.h"

#define NOTE_NAMES	10		/* ignored columns named in the note */
#define NORM_MAX	40		/* normalised header name */
#define OFFS_PER_ROW	4		/* roepnaam tussenv. achternaam email */

/* The note naming ignored columns fits one report line. */
_Static_assert(NOTE_NAMES * (2 + SHOW_SIZE) + 16 < MSG_MAX - 128,
    "NOTE_NAMES too big for MSG_MAX");

enum col {
	COL_LLNR,
	COL_ROEPNAAM,
	COL_TUSSENVOEGSEL,
	COL_ACHTERNAAM,
	COL_GEBDATUM,
	COL_KLAS,
	COL_LEERJAAR,
	COL_EMAIL,
	COL_BSN,
	COL__MAX
};

/* As the decaan reads them in messages. */
static const char *const col_name[COL__MAX] = {
	"leerlingnummer", "roepnaam", "tussenvoegsel", "achternaam",
	"geboortedatum", "klas", "leerjaar", "e-mailadres",
	"BSN/onderwijsnummer"
};
static const unsigned char col_required[COL__MAX] = {
	1, 1, 0, 1, 1, 1, 0, 0, 0
};

/* Normalised header names (see norm_header), best first per column: the
 * index is the rank when two columns map to one field. */
static const struct synonym {
	const char	*name;
	enum col	 col;
} synonyms[] = {
	{ "leerlingnummer", COL_LLNR },
	{ "stamnummer", COL_LLNR },
	{ "llnr", COL_LLNR },
	{ "leerlingnr", COL_LLNR },
	{ "stamnr", COL_LLNR },
	{ "roepnaam", COL_ROEPNAAM },
	{ "voornaam", COL_ROEPNAAM },
	{ "voornamen", COL_ROEPNAAM },
	{ "tussenvoegsel", COL_TUSSENVOEGSEL },
	{ "tussenvoegsels", COL_TUSSENVOEGSEL },
	{ "voorvoegsel", COL_TUSSENVOEGSEL },
	{ "voorvoegsels", COL_TUSSENVOEGSEL },
	{ "tussenv", COL_TUSSENVOEGSEL },
	{ "achternaam", COL_ACHTERNAAM },
	{ "naam", COL_ACHTERNAAM },
	{ "familienaam", COL_ACHTERNAAM },
	{ "geboortedatum", COL_GEBDATUM },
	{ "gebdatum", COL_GEBDATUM },
	{ "klas", COL_KLAS },
	{ "stamklas", COL_KLAS },
	{ "basisgroep", COL_KLAS },
	{ "stamgroep", COL_KLAS },
	{ "leerjaar", COL_LEERJAAR },
	{ "email", COL_EMAIL },
	{ "emailadres", COL_EMAIL },
	{ "bsn", COL_BSN },
	{ "burgerservicenummer", COL_BSN },
	{ "onderwijsnummer", COL_BSN },
	{ "bsnonderwijsnummer", COL_BSN },
};
#define NSYNONYMS	(sizeof(synonyms) / sizeof(synonyms[0]))

/* U+00C0-U+00FF folded for header names; '?' keeps a name unknown. */
static const char latin1_fold[] =
    "aaaaaa?ceeeeiiiidnooooo?ouuuuy??"
    "aaaaaa?ceeeeiiiidnooooo?ouuuuy?y";

/* Open addressing set of non-zero keys, with the line they were first
 * seen on. */
struct seen {
	uint64_t	*key;
	size_t		*line;
	size_t		 n;
	size_t		 size;		/* 0 or a power of two */
};

struct parse {
	struct report	 rep;
	struct tok	 tok;
	struct rec	 rec;
	int		 colof[COL__MAX];	/* field index, or -1 */
	size_t		 ncols;
	/* The header's names as messages show them ('Achternaam'; "" when
	 * empty): a field is named by its column, not its number. */
	char		 hdr[CSV_MAX_COLUMNS][SHOW_SIZE];
	struct seen	 llnrs;
	struct seen	 bsns;
	struct student	*rows;
	size_t		*offs;		/* OFFS_PER_ROW per row, into strings */
	size_t		 nrows;
	size_t		 arows;
	struct buf	 strings;
	size_t		 ndata;		/* non-empty data records so far */
	enum ddd_err	 fatal;		/* DDD_ERR_NOMEM: give up */
};

static void	 norm_header(const char *, size_t, char[NORM_MAX + 1]);
static int	 map_header(struct parse *);
static void	 trim(const char **, size_t *);
static const char *in_column(const struct parse *, size_t,
		    char[SHOW_SIZE + 16]);
static void	 field(const struct parse *, enum col, const char **,
		    size_t *);
static uint64_t	 hash64(uint64_t);
static int	 seen_add(struct seen *, uint64_t, size_t, size_t *, int);
static void	 seen_free(struct seen *, int);
static int	 days_in_month(int, int);
static int	 parse_date(const char *, size_t, char[11]);
static int	 email_ok(const char *, size_t);
static int	 grow_rows(struct parse *);
static int	 shape_ok(const struct parse *);
static void	 check_row(struct parse *);
static void	 parse_free(struct parse *);

/* Header ----------------------------------------------------------------- */

/* Lower case ASCII letters and digits, accents folded; spaces, no-break
 * spaces and . - _ / dropped; anything else kept or '?' so the name stays
 * unknown.  Too long: "". */
static void
norm_header(const char *s, size_t len, char out[NORM_MAX + 1])
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, o = 0, n;
	char			 c;

	while (i < len) {
		if (u[i] == ' ' || u[i] == '.' || u[i] == '-' ||
		    u[i] == '_' || u[i] == '/') {
			i++;
			continue;
		}
		if (u[i] < 0x80) {
			c = (char)u[i];
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			n = 1;
		} else if (u[i] == 0xc2 && i + 1 < len && u[i + 1] == 0xa0) {
			i += 2;
			continue;
		} else if (u[i] == 0xc3 && i + 1 < len && u[i + 1] >= 0x80 &&
		    u[i + 1] <= 0xbf) {
			c = latin1_fold[u[i + 1] - 0x80];
			n = 2;
		} else {
			c = '?';
			if ((n = csv_u8len(s + i, len - i)) == 0)
				n = 1;
		}
		if (o >= NORM_MAX) {
			out[0] = '\0';
			return;
		}
		out[o++] = c;
		i += n;
	}
	out[o] = '\0';
}

/* Map the header record to columns.  0 fine, -1 refused (reported). */
static int
map_header(struct parse *P)
{
	struct rec	*r = &P->rec;
	char		 norm[NORM_MAX + 1], v[SHOW_SIZE], list[MSG_MAX];
	unsigned char	 ignored[CSV_MAX_COLUMNS];
	size_t		 rank[COL__MAX], i, k, nign = 0, o;
	size_t		 errors = P->rep.errors;
	int		 c, known = 0;

	for (c = 0; c < COL__MAX; c++) {
		P->colof[c] = -1;
		rank[c] = NSYNONYMS;
	}
	memset(ignored, 0, sizeof(ignored));
	for (i = 0; i < r->nfields && i < CSV_MAX_COLUMNS; i++) {
		const char *h = r->data + r->off[i];
		size_t hn = r->flen[i];
		trim(&h, &hn);
		if (hn > 0)
			csv_show(P->hdr[i], h, hn, 1);
	}
	for (i = 0; i < r->nfields; i++) {
		norm_header(r->data + r->off[i], r->flen[i], norm);
		if (norm[0] == '\0' && r->flen[i] == 0)
			continue;	/* "a;b;;" */
		for (k = 0; k < NSYNONYMS; k++)
			if (strcmp(norm, synonyms[k].name) == 0)
				break;
		if (k == NSYNONYMS) {
			ignored[i] = 1;
			continue;
		}
		known++;
		c = (int)synonyms[k].col;
		if (P->colof[c] < 0 || k < rank[c]) {
			if (P->colof[c] >= 0)
				ignored[P->colof[c]] = 1;
			P->colof[c] = (int)i;
			rank[c] = k;
		} else if (k == rank[c])
			csv_rep_line(&P->rep, 1, r->line, "kolom %s staat twee "
			    "keer in de kopregel", csv_show(v,
			    r->data + r->off[i], r->flen[i], 1));
		else
			ignored[i] = 1;
	}
	if (known == 0)
		csv_rep_line(&P->rep, 1, r->line, "geen bekende kolomnamen; de "
		    "eerste regel moet de kolomnamen bevatten (leerlingnummer, "
		    "roepnaam, achternaam, geboortedatum, klas)");
	else
		for (c = 0; c < COL__MAX; c++)
			if (col_required[c] && P->colof[c] < 0)
				csv_rep_line(&P->rep, 1, r->line, "verplichte "
				    "kolom '%s' ontbreekt", col_name[c]);

	/* One note naming the ignored columns. */
	o = 0;
	list[0] = '\0';
	for (i = 0; i < r->nfields; i++) {
		if (!ignored[i])
			continue;
		if (++nign > NOTE_NAMES)
			continue;
		/* At most NOTE_NAMES * (2 + SHOW_SIZE) bytes: fits. */
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s",
		    nign > 1 ? ", " : "",
		    csv_show(v, r->data + r->off[i], r->flen[i], 1));
	}
	if (nign > NOTE_NAMES)
		snprintf(list + o, sizeof(list) - o, " en nog %zu",
		    nign - NOTE_NAMES);
	if (nign == 1)
		csv_rep_line(&P->rep, 0, r->line, "let op, kolom %s wordt niet "
		    "ingelezen", list);
	else if (nign > 1)
		csv_rep_line(&P->rep, 0, r->line, "let op, deze kolommen "
		    "worden niet ingelezen: %s", list);
	return P->rep.errors > errors ? -1 : 0;
}

/* Rows ------------------------------------------------------------------- */

/* Strip spaces and no-break spaces (U+00A0) at both ends. */
static void
trim(const char **p, size_t *n)
{
	const char	*s = *p;
	size_t		 len = *n;

	for (;;) {
		if (len >= 1 && s[0] == ' ') {
			s++;
			len--;
		} else if (len >= 2 && s[0] == '\xc2' && s[1] == '\xa0') {
			s += 2;
			len -= 2;
		} else
			break;
	}
	for (;;) {
		if (len >= 1 && s[len - 1] == ' ')
			len--;
		else if (len >= 2 && s[len - 2] == '\xc2' &&
		    s[len - 1] == '\xa0')
			len -= 2;
		else
			break;
	}
	*p = s;
	*n = len;
}

/* Where field (1-based) of a record is, for a message: "in de kolom
 * 'Achternaam'" by the header, or "in veld 7" where the header has no
 * name for it. */
static const char *
in_column(const struct parse *P, size_t field, char out[SHOW_SIZE + 16])
{
	if (field >= 1 && field <= P->ncols && field <= CSV_MAX_COLUMNS &&
	    P->hdr[field - 1][0] != '\0')
		snprintf(out, SHOW_SIZE + 16, "in de kolom %s",
		    P->hdr[field - 1]);
	else
		snprintf(out, SHOW_SIZE + 16, "in veld %zu", field);
	return out;
}

/* The trimmed value of column c in the current record ("" if absent). */
static void
field(const struct parse *P, enum col c, const char **p, size_t *n)
{
	int	 i = P->colof[c];

	/* A column the record ended before (shape_ok) is empty. */
	if (i < 0 || (size_t)i >= P->rec.nfields) {
		*p = "";
		*n = 0;
		return;
	}
	*p = P->rec.data + P->rec.off[i];
	*n = P->rec.flen[i];
	trim(p, n);
}

static uint64_t
hash64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return k;
}

/* Add key (non-zero): 0 added, 1 seen before (*first = its line), -1 out
 * of memory.  'wipe': the keys are BSNs, wipe memory given back. */
static int
seen_add(struct seen *h, uint64_t key, size_t line, size_t *first, int wipe)
{
	struct seen	 g;
	size_t		 i, j;

	if ((h->n + 1) * 2 > h->size) {
		g.size = h->size ? h->size * 2 : 64;
		g.n = 0;
		g.key = calloc(g.size, sizeof(*g.key));
		g.line = calloc(g.size, sizeof(*g.line));
		if (g.key == NULL || g.line == NULL) {
			free(g.key);
			free(g.line);
			return -1;
		}
		for (j = 0; j < h->size; j++) {
			if (h->key[j] == 0)
				continue;
			i = hash64(h->key[j]) & (g.size - 1);
			while (g.key[i] != 0)
				i = (i + 1) & (g.size - 1);
			g.key[i] = h->key[j];
			g.line[i] = h->line[j];
			g.n++;
		}
		seen_free(h, wipe);
		*h = g;
	}
	i = hash64(key) & (h->size - 1);
	while (h->key[i] != 0) {
		if (h->key[i] == key) {
			*first = h->line[i];
			return 1;
		}
		i = (i + 1) & (h->size - 1);
	}
	h->key[i] = key;
	h->line[i] = line;
	h->n++;
	return 0;
}

static void
seen_free(struct seen *h, int wipe)
{
	if (wipe && h->key != NULL)
		bsn_wipe(h->key, h->size * sizeof(*h->key));
	free(h->key);
	free(h->line);
	h->key = NULL;
	h->line = NULL;
	h->n = h->size = 0;
}

static int
days_in_month(int m, int y)
{
	static const int	 days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* d-m-jjjj, d/m/jjjj (day and month one or two digits, one separator)
 * or jjjj-mm-dd.  0 fine (out = "YYYY-MM-DD"), 1 not a date in these
 * forms, 2 no such day, 3 not in 1990..2030. */
static int
parse_date(const char *p, size_t n, char out[11])
{
	size_t	 i = 0, k;
	int	 d = 0, m = 0, y = 0;
	char	 sep;

	if (n == 10 && p[4] == '-' && p[7] == '-') {
		for (k = 0; k < 10; k++)
			if (k != 4 && k != 7 && !IS_DIGIT(p[k]))
				return 1;
		y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 +
		    (p[2] - '0') * 10 + (p[3] - '0');
		m = (p[5] - '0') * 10 + (p[6] - '0');
		d = (p[8] - '0') * 10 + (p[9] - '0');
	} else {
		for (k = 0; k < 2 && i < n && IS_DIGIT(p[i]); k++, i++)
			d = d * 10 + (p[i] - '0');
		if (k == 0 || i >= n || (p[i] != '-' && p[i] != '/'))
			return 1;
		sep = p[i++];
		for (k = 0; k < 2 && i < n && IS_DIGIT(p[i]); k++, i++)
			m = m * 10 + (p[i] - '0');
		if (k == 0 || i >= n || p[i] != sep)
			return 1;
		i++;
		for (k = 0; k < 4 && i < n && IS_DIGIT(p[i]); k++, i++)
			y = y * 10 + (p[i] - '0');
		if (k != 4 || i != n)
			return 1;
	}
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(m, y))
		return 2;
	if (y < 1990 || y > 2030)
		return 3;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
	return 0;
}

/* local@domain: local part dot-atoms of RFC 5322 atext (no quoted
 * strings), at most 64; domain at least two labels of [A-Za-z0-9-], none
 * starting or ending in '-', at most 63 each; the last not all digits.
 * ASCII only, at most CSV_MAX_EMAIL. */
static int
email_ok(const char *p, size_t n)
{
	const char	*at = NULL, *d;
	size_t		 i, local, label = 0, labels = 0, dn;
	int		 alldig = 1;
	char		 c;

	if (n < 3 || n > CSV_MAX_EMAIL)
		return 0;
	for (i = 0; i < n; i++)
		if (p[i] == '@') {
			if (at != NULL)
				return 0;
			at = p + i;
		}
	if (at == NULL)
		return 0;
	local = (size_t)(at - p);
	if (local == 0 || local > 64 || p[0] == '.' || p[local - 1] == '.')
		return 0;
	for (i = 0; i < local; i++) {
		c = p[i];
		if (c == '.') {
			if (p[i + 1] == '.')
				return 0;
		} else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    IS_DIGIT(c) || (c != '\0' &&
		    strchr("!#$%&'*+/=?^_`{|}~-", c) != NULL)))
			return 0;
	}
	d = at + 1;
	dn = n - local - 1;
	if (dn == 0 || dn > 253)
		return 0;
	for (i = 0; i <= dn; i++) {
		c = i < dn ? d[i] : '.';
		if (c == '.') {
			if (label == 0 || label > 63 || d[i - 1] == '-')
				return 0;
			labels++;
			if (i < dn) {
				label = 0;
				alldig = 1;
			}
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    IS_DIGIT(c) || c == '-'))
			return 0;
		if (label == 0 && c == '-')
			return 0;
		if (!IS_DIGIT(c))
			alldig = 0;
		label++;
	}
	return labels >= 2 && !alldig;
}

/* Room for one more row; rows hold BSNs, so they move by copy + wipe,
 * never by realloc. */
static int
grow_rows(struct parse *P)
{
	struct student	*nr;
	size_t		*no, na;

	if (P->nrows < P->arows)
		return 0;
	na = P->arows ? P->arows * 2 : 64;
	if (na > CSV_MAX_ROWS)
		na = CSV_MAX_ROWS;
	if ((nr = calloc(na, sizeof(*nr))) == NULL)
		return -1;
	if ((no = calloc(na * OFFS_PER_ROW, sizeof(*no))) == NULL) {
		free(nr);
		return -1;
	}
	if (P->nrows > 0) {
		memcpy(nr, P->rows, P->nrows * sizeof(*nr));
		memcpy(no, P->offs, P->nrows * OFFS_PER_ROW * sizeof(*no));
	}
	if (P->rows != NULL)
		bsn_wipe(P->rows, P->arows * sizeof(*P->rows));
	free(P->rows);
	free(P->offs);
	P->rows = nr;
	P->offs = no;
	P->arows = na;
	return 0;
}

/* Does the record have the header's columns?  As many fields; or more,
 * the extra ones empty (';' of empty columns past the header); or fewer,
 * the missing ones not required: Excel leaves out the delimiters of
 * empty cells at the end of a row in parts of a file, and those cells
 * read as empty.  A required column left out is more likely a row that
 * lost a field in the middle, so the count is reported instead. */
static int
shape_ok(const struct parse *P)
{
	int	 c;

	if (P->rec.nfields > P->ncols)
		return P->rec.lastfull <= P->ncols;
	for (c = 0; c < COL__MAX; c++)
		if (col_required[c] && P->colof[c] >= 0 &&
		    (size_t)P->colof[c] >= P->rec.nfields)
			return 0;
	return 1;
}

/* Check one student record, report its problems, keep it while the file
 * has none. */
static void
check_row(struct parse *P)
{
	struct student	 s;
	const char	*p, *str[OFFS_PER_ROW];
	char		 v[SHOW_SIZE], digits[10], masked[10];
	size_t		 n, i, first, slen[OFFS_PER_ROW];
	size_t		 line = P->rec.line;
	uint64_t	 key;
	enum bsn_kind	 kind;
	enum bsn_result	 br;
	int		 k, dr;
	static const enum col	 names[3] = {
		COL_ROEPNAAM, COL_TUSSENVOEGSEL, COL_ACHTERNAAM
	};

	memset(&s, 0, sizeof(s));
	s.line = line;

	field(P, COL_LLNR, &p, &n);
	for (i = 0; i < n && IS_DIGIT(p[i]); i++)
		;
	if (n == 0)
		csv_rep_line(&P->rep, 1, line, "leerlingnummer ontbreekt");
	else if (i < n || n > CSV_MAX_LLNR)
		csv_rep_line(&P->rep, 1, line, "leerlingnummer %s is geen "
		    "getal van hoogstens %d cijfers", csv_show(v, p, n, 1),
		    CSV_MAX_LLNR);
	else {
		for (i = 0; i < n - 1 && p[i] == '0'; i++)
			;
		memcpy(s.leerlingnummer, p + i, n - i);
		s.leerlingnummer[n - i] = '\0';
		key = strtoull(s.leerlingnummer, NULL, 10);
		if (key == 0)
			csv_rep_line(&P->rep, 1, line, "leerlingnummer %s is "
			    "geen geldig nummer", csv_show(v, p, n, 1));
		else if ((k = seen_add(&P->llnrs, key, line, &first, 0)) < 0)
			P->fatal = DDD_ERR_NOMEM;
		else if (k > 0)
			csv_rep_line(&P->rep, 1, line, "leerlingnummer %s "
			    "staat ook op regel %zu", csv_show(v,
			    s.leerlingnummer, n - i, 0), first);
	}

	for (k = 0; k < 3; k++) {
		field(P, names[k], &p, &n);
		str[k] = p;
		slen[k] = n;
		if (n == 0 && names[k] != COL_TUSSENVOEGSEL) {
			csv_rep_line(&P->rep, 1, line, "%s ontbreekt",
			    col_name[names[k]]);
			continue;
		}
		for (i = 0; i < n; i++)
			if (csv_bad_char((const unsigned char *)p + i, n - i)) {
				csv_rep_line(&P->rep, 1, line, "%s %s bevat "
				    "een ongeldig teken (zoals een tab of "
				    "regeleinde)", col_name[names[k]],
				    csv_show(v, p, n, 1));
				break;
			}
	}

	field(P, COL_GEBDATUM, &p, &n);
	if (n == 0)
		csv_rep_line(&P->rep, 1, line, "geboortedatum ontbreekt");
	else if ((dr = parse_date(p, n, s.geboortedatum)) == 1)
		csv_rep_line(&P->rep, 1, line, "geboortedatum %s is geen datum "
		    "(schrijf dd-mm-jjjj)", csv_show(v, p, n, 1));
	else if (dr == 2)
		csv_rep_line(&P->rep, 1, line, "geboortedatum %s bestaat niet",
		    csv_show(v, p, n, 1));
	else if (dr == 3)
		csv_rep_line(&P->rep, 1, line, "geboortedatum %s ligt niet "
		    "tussen 1990 en 2030", csv_show(v, p, n, 1));

	field(P, COL_KLAS, &p, &n);
	for (i = 0; i < n; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') ||
		    (p[i] >= 'A' && p[i] <= 'Z') || IS_DIGIT(p[i]) ||
		    p[i] == ' ' || p[i] == '.' || p[i] == '_' || p[i] == '-'))
			break;
	if (n == 0)
		csv_rep_line(&P->rep, 1, line, "klas ontbreekt");
	else if (i < n || n > CSV_MAX_KLAS)
		csv_rep_line(&P->rep, 1, line, "klas %s mag alleen letters, "
		    "cijfers, spaties en . _ - bevatten (hoogstens %d tekens)",
		    csv_show(v, p, n, 1), CSV_MAX_KLAS);
	else {
		memcpy(s.klas, p, n);
		s.klas[n] = '\0';
	}

	field(P, COL_LEERJAAR, &p, &n);
	if (n == 1 && p[0] >= '1' && p[0] <= '8')
		s.leerjaar = p[0] - '0';
	else if (n > 0)
		csv_rep_line(&P->rep, 1, line, "leerjaar %s moet een getal van "
		    "1 tot en met 8 zijn", csv_show(v, p, n, 1));

	field(P, COL_EMAIL, &p, &n);
	str[3] = p;
	slen[3] = n;
	if (n > 0 && !email_ok(p, n))
		csv_rep_line(&P->rep, 1, line, "e-mailadres %s is ongeldig",
		    csv_show(v, p, n, 1));

	/* Never show this value, only bsn_mask() of it. */
	field(P, COL_BSN, &p, &n);
	for (i = 0; i < n && IS_DIGIT(p[i]); i++)
		;
	br = n > 0 ? bsn_check(p, n, &kind) : BSN_OK;
	if (n == 0)
		s.bsn_kind = BSN_NONE;
	else if (br == BSN_OK) {
		memcpy(s.bsn, p, 9);
		s.bsn[9] = '\0';
		s.bsn_kind = kind;
		key = strtoull(s.bsn, NULL, 10);
		if ((k = seen_add(&P->bsns, key, line, &first, 1)) < 0)
			P->fatal = DDD_ERR_NOMEM;
		else if (k > 0) {
			bsn_mask(s.bsn, masked);
			csv_rep_line(&P->rep, 1, line, "BSN/onderwijsnummer %s "
			    "staat ook op regel %zu", masked, first);
		}
	} else if (i == n && n == 8)
		csv_rep_line(&P->rep, 1, line, "BSN/onderwijsnummer heeft 8 "
		    "cijfers in plaats van 9 (is een voorloopnul "
		    "weggevallen?)");
	else if (br == BSN_ERR_LENGTH || br == BSN_ERR_DIGIT)
		csv_rep_line(&P->rep, 1, line, "BSN/onderwijsnummer moet uit "
		    "precies 9 cijfers bestaan, zonder spaties of punten");
	else if (br == BSN_ERR_ZERO)
		csv_rep_line(&P->rep, 1, line, "BSN/onderwijsnummer bestaat "
		    "alleen uit nullen");
	else {
		memcpy(digits, p, 9);
		digits[9] = '\0';
		bsn_mask(digits, masked);
		bsn_wipe(digits, sizeof(digits));
		csv_rep_line(&P->rep, 1, line, "BSN/onderwijsnummer %s klopt "
		    "niet (elfproef)", masked);
	}

	/* Keep it only while the whole file is still without problems. */
	if (P->rep.errors > 0 || P->fatal != DDD_OK)
		goto out;
	if (grow_rows(P) == -1) {
		P->fatal = DDD_ERR_NOMEM;
		goto out;
	}
	for (k = 0; k < OFFS_PER_ROW; k++) {
		P->offs[P->nrows * OFFS_PER_ROW + (size_t)k] = P->strings.len;
		if (buf_add(&P->strings, str[k], slen[k]) != DDD_OK ||
		    buf_addc(&P->strings, '\0') != DDD_OK) {
			P->fatal = DDD_ERR_NOMEM;
			goto out;
		}
	}
	P->rows[P->nrows++] = s;
out:
	bsn_wipe(&s, sizeof(s));
}

static void
parse_free(struct parse *P)
{
	if (P->rows != NULL)
		bsn_wipe(P->rows, P->arows * sizeof(*P->rows));
	free(P->rows);
	free(P->offs);
	P->rows = NULL;
	P->offs = NULL;
	P->nrows = P->arows = 0;
	if (P->strings.ptr != NULL)
		bsn_wipe(P->strings.ptr, P->strings.len);
	buf_free(&P->strings);
	if (P->rec.data != NULL)
		bsn_wipe(P->rec.data, P->rec.dataused);
	free(P->rec.data);
	P->rec.data = NULL;
	seen_free(&P->llnrs, 0);
	seen_free(&P->bsns, 1);
}

/* API -------------------------------------------------------------------- */

void
csv_students_init(struct student_list *l)
{
	l->v = NULL;
	l->n = 0;
	l->strings = NULL;
	l->strings_len = 0;
}

void
csv_students_free(struct student_list *l)
{
	if (l == NULL)
		return;
	if (l->v != NULL)
		bsn_wipe(l->v, l->n * sizeof(*l->v));
	if (l->strings != NULL)
		bsn_wipe(l->strings, l->strings_len);
	free(l->v);
	free(l->strings);
	csv_students_init(l);
}

enum ddd_err
csv_parse_students(const char *data, size_t len, struct student_list *out,
    struct buf *report)
{
	struct parse	 P;
	const char	*text;
	char		*conv = NULL, where[SHOW_SIZE + 16];
	size_t		 tlen, convlen = 0, i, o;
	enum ddd_err	 result;
	int		 bom = 0, k;

	if (out == NULL || report == NULL || (data == NULL && len > 0))
		return DDD_ERR_INTERNAL;
	csv_students_free(out);
	memset(&P, 0, sizeof(P));
	P.rep.out = report;
	/* Never the limit: 4 strings of at most a field each per row. */
	buf_init(&P.strings, (size_t)CSV_MAX_ROWS * OFFS_PER_ROW *
	    (CSV_MAX_FIELD + 1));

	/* The file as a whole. */
	if (len > CSV_MAX_BYTES) {
		csv_rep_line(&P.rep, 1, 0, "het bestand is groter dan 10 MB; "
		    "splits de lijst in kleinere bestanden");
		result = DDD_ERR_TOO_LARGE;
		goto err;
	}
	if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0) {
		csv_rep_line(&P.rep, 1, 0, "dit is een Excel-bestand (.xlsx), "
		    "geen CSV; kies in Excel 'Opslaan als' en dan CSV");
		goto invalid;
	}
	if (len >= 8 && memcmp(data, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
	    8) == 0) {
		csv_rep_line(&P.rep, 1, 0, "dit is een Excel-bestand (.xls), "
		    "geen CSV; kies in Excel 'Opslaan als' en dan CSV");
		goto invalid;
	}
	if (len >= 2 && (memcmp(data, "\xff\xfe", 2) == 0 ||
	    memcmp(data, "\xfe\xff", 2) == 0)) {
		csv_rep_line(&P.rep, 1, 0, "het bestand is UTF-16 "
		    "(Unicode-tekst); sla het op als 'CSV UTF-8'");
		goto invalid;
	}
	if (len > 0 && memchr(data, '\0', len) != NULL) {
		csv_rep_line(&P.rep, 1, 0, "het bestand bevat nul-bytes en is "
		    "dus geen CSV-tekst; sla het op als 'CSV UTF-8'");
		goto invalid;
	}
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		bom = 1;
		data += 3;
		len -= 3;
	}
	switch ((result = csv_decode(data, len, bom, &P.rep, &conv,
	    &convlen))) {
	case DDD_OK:
		break;
	case DDD_ERR_INVALID_INPUT:
		goto invalid;
	default:
		goto err;
	}
	text = conv != NULL ? conv : data;
	tlen = conv != NULL ? convlen : len;

	if ((P.rec.data = malloc(REC_STORE * (CSV_MAX_FIELD + 1))) == NULL) {
		result = DDD_ERR_NOMEM;
		goto err;
	}
	P.tok.s = text;
	P.tok.len = tlen;
	P.tok.line = 1;

	/* Header. */
	csv_skip_blank_lines(&P.tok);
	if ((k = csv_sep_line(&P.tok, &P.rep)) < 0)
		goto invalid;
	if (k > 0)
		csv_skip_blank_lines(&P.tok);
	if (P.tok.pos >= P.tok.len) {
		csv_rep_line(&P.rep, 1, 0, "het bestand is leeg");
		goto invalid;
	}
	if (k == 0)
		P.tok.delim = csv_detect_delim(&P.tok);
	csv_read_record(&P.tok, &P.rec);
	if (P.rec.unterminated) {
		csv_rep_line(&P.rep, 1, P.rec.line, "aanhalingsteken (\") "
		    "wordt niet gesloten");
		goto invalid;
	}
	if (P.rec.junk > 0) {
		csv_rep_line(&P.rep, 1, P.rec.line, "tekst na het sluitende "
		    "aanhalingsteken in veld %zu van de kopregel", P.rec.junk);
		goto invalid;
	}
	if (P.rec.toolong > 0) {
		csv_rep_line(&P.rep, 1, P.rec.line, "veld %zu van de kopregel "
		    "is langer dan %d bytes", P.rec.toolong, CSV_MAX_FIELD);
		goto invalid;
	}
	if (P.rec.nfields > CSV_MAX_COLUMNS) {
		csv_rep_line(&P.rep, 1, P.rec.line, "meer dan %d kolommen in "
		    "de kopregel", CSV_MAX_COLUMNS);
		goto invalid;
	}
	if (P.rec.nfields == 1) {
		csv_rep_line(&P.rep, 1, P.rec.line, "de kopregel heeft maar "
		    "één kolom; scheid de kolommen met ';' of ','");
		goto invalid;
	}
	if (map_header(&P) < 0)
		goto invalid;
	P.ncols = P.rec.nfields;

	/* Students. */
	while (P.fatal == DDD_OK && csv_read_record(&P.tok, &P.rec) == 0) {
		if (P.rec.unterminated) {
			csv_rep_line(&P.rep, 1, P.rec.line, "aanhalingsteken "
			    "(\") wordt niet gesloten");
			break;
		}
		if (!P.rec.nonempty)
			continue;
		if (++P.ndata > CSV_MAX_ROWS) {
			csv_rep_line(&P.rep, 1, P.rec.line, "meer dan %d "
			    "leerlingen; splits de lijst in kleinere bestanden",
			    CSV_MAX_ROWS);
			break;
		}
		if (P.rec.junk > 0)
			csv_rep_line(&P.rep, 1, P.rec.line, "tekst na het "
			    "sluitende aanhalingsteken %s",
			    in_column(&P, P.rec.junk, where));
		else if (P.rec.toolong > 0)
			csv_rep_line(&P.rep, 1, P.rec.line, "de waarde %s is "
			    "langer dan %d bytes", in_column(&P,
			    P.rec.toolong, where), CSV_MAX_FIELD);
		else if (!shape_ok(&P))
			csv_rep_line(&P.rep, 1, P.rec.line, "%zu %s in plaats "
			    "van %zu (zoals de kopregel)", P.rec.nfields,
			    P.rec.nfields == 1 ? "veld" : "velden", P.ncols);
		else
			check_row(&P);
	}
	if (P.fatal != DDD_OK) {
		result = P.fatal;
		goto err;
	}
	if (P.rep.errors == 0 && P.ndata == 0)
		csv_rep_line(&P.rep, 1, 0, "het bestand bevat geen leerlingen, "
		    "alleen een kopregel");
	if (P.rep.errors > 0)
		goto invalid;

	/* All good: hand over. */
	out->strings = buf_take(&P.strings, &out->strings_len);
	if (out->strings == NULL) {
		result = DDD_ERR_NOMEM;
		goto err;
	}
	out->v = P.rows;
	out->n = P.nrows;
	for (i = 0; i < P.nrows; i++) {
		o = i * OFFS_PER_ROW;
		P.rows[i].roepnaam = out->strings + P.offs[o];
		P.rows[i].tussenvoegsel = out->strings + P.offs[o + 1];
		P.rows[i].achternaam = out->strings + P.offs[o + 2];
		P.rows[i].email = out->strings + P.offs[o + 3];
	}
	P.rows = NULL;
	P.nrows = P.arows = 0;
	csv_rep_finish(&P.rep);
	parse_free(&P);
	if (conv != NULL) {
		bsn_wipe(conv, convlen);
		free(conv);
	}
	return DDD_OK;

invalid:
	result = DDD_ERR_INVALID_INPUT;
err:
	csv_rep_finish(&P.rep);
	parse_free(&P);
	if (conv != NULL) {
		bsn_wipe(conv, convlen);
		free(conv);
	}
	csv_students_free(out);
	return result;
}

enum ddd_err
csv_cell_safe(const char *in, struct buf *out)
{
	const char	*p, *q;
	size_t		 old, n, i;
	int		 prefix = 0, quote = 0;
	enum ddd_err	 e = DDD_OK;

	if (in == NULL || out == NULL)
		return DDD_ERR_INTERNAL;
	n = strlen(in);
	if (n > 0) {
		if (in[0] == '\t' || in[0] == '\r' || in[0] == '\n')
			prefix = 1;
		for (i = 0; i < n && in[i] == ' '; i++)
			;
		if (i < n && (in[i] == '=' || in[i] == '+' || in[i] == '-' ||
		    in[i] == '@'))
			prefix = 1;
		if (in[0] == ' ' || in[n - 1] == ' ' ||
		    strpbrk(in, ";,\"\t\r\n") != NULL)
			quote = 1;
	}
	old = out->len;
	if (quote)
		e = buf_addc(out, '"');
	if (e == DDD_OK && prefix)
		e = buf_addc(out, '\'');
	for (p = in; e == DDD_OK && *p != '\0'; p = q + 1) {
		if ((q = strchr(p, '"')) == NULL) {
			e = buf_addstr(out, p);
			break;
		}
		if ((e = buf_add(out, p, (size_t)(q - p) + 1)) == DDD_OK)
			e = buf_addc(out, '"');
	}
	if (e == DDD_OK && quote)
		e = buf_addc(out, '"');
	if (e != DDD_OK) {
		out->len = old;
		if (out->ptr != NULL)
			out->ptr[old] = '\0';
	}
	return e;
}
