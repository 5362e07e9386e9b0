/* The student list's record reader: the report lines, the encoding
 * (UTF-8 or Windows-1252), records (RFC 4180 quoting, any line end), the
 * "sep=" line and the delimiter.  csv.c gives the records their meaning
 * (header, students); csv.h says what is accepted. */

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_int.h"
#include "req.h"

static int	 is_blank(const struct tok *, char);
static void	 eat_eol(struct tok *);
static void	 count_lines(struct tok *, size_t, size_t);
static void	 field_begin(struct rec *);
static void	 field_add(struct rec *, const char *, size_t);
static void	 field_end(struct rec *);

/* Windows-1252 0x80-0x9F; 0 = undefined.  0xA0-0xFF are U+00A0-U+00FF. */
static const uint16_t cp1252_hi[32] = {
	0x20ac, 0,      0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017d, 0,
	0,      0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0,      0x017e, 0x0178
};

/* Report ----------------------------------------------------------------- */

/* One line: "regel N: ..." (line > 0) or "bestand: ...".  Every value in
 * the message must have gone through csv_show() or bsn_mask(). */
void
csv_rep_line(struct report *r, int error, size_t line, const char *fmt, ...)
{
	char		 msg[MSG_MAX];
	va_list		 ap;
	int		 n, m;

	if (error)
		r->errors++;
	if (line > 0)
		n = snprintf(msg, sizeof(msg), "regel %zu: ", line);
	else
		n = snprintf(msg, sizeof(msg), "bestand: ");
	if (n < 0 || (size_t)n >= sizeof(msg) - 1)
		n = 0;
	va_start(ap, fmt);
	m = vsnprintf(msg + n, sizeof(msg) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		m = 0;
	if ((size_t)m >= sizeof(msg) - (size_t)n - 1) {
		/* Cannot happen with our messages; stay valid UTF-8. */
		m = (int)(sizeof(msg) - (size_t)n - 2);
		while (m > 0 && ((unsigned char)msg[n + m] & 0xc0) == 0x80)
			m--;
	}
	n += m;
	msg[n++] = '\n';
	if (r->shown >= CSV_MAX_REPORT_LINES ||
	    buf_add(r->out, msg, (size_t)n) != DDD_OK) {
		r->hidden++;
		return;
	}
	r->shown++;
}

void
csv_rep_finish(struct report *r)
{
	if (r->hidden > 0)
		buf_printf(r->out, "en nog %zu %s\n", r->hidden,
		    r->hidden == 1 ? "probleem" : "problemen");
}

/* Length of a character at s (valid UTF-8) that must not be in a name
 * nor be shown in a message, else 0: C0, DEL, C1, U+200E/F (direction
 * marks), U+2028-202E (line/paragraph separators, bidi embeddings),
 * U+2066-2069 (bidi isolates), U+FEFF (stray BOM), U+FFFD (data already
 * lost somewhere). */
size_t
csv_bad_char(const unsigned char *s, size_t len)
{
	if (s[0] < 0x20 || s[0] == 0x7f)
		return 1;
	if (len >= 2 && s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f)
		return 2;
	if (len < 3)
		return 0;
	if (s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0x8e || s[2] == 0x8f ||
	    (s[2] >= 0xa8 && s[2] <= 0xae)))
		return 3;
	if (s[0] == 0xe2 && s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9)
		return 3;
	if (s[0] == 0xef && ((s[1] == 0xbb && s[2] == 0xbf) ||
	    (s[1] == 0xbf && s[2] == 0xbd)))
		return 3;
	return 0;
}

/* A value (valid UTF-8) for a message: at most SHOW_MAX bytes then "…",
 * bad characters as '?', between single quotes if 'quote'.  A run of 9 or
 * more digits (single spaces or dots between digits belong to the run),
 * judged on the whole value, shows only its last 3 digits: whatever a
 * decaan typed where, no BSN reaches the report. */
const char *
csv_show(char out[SHOW_SIZE], const char *s, size_t len, int quote)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, j, o = 0, lim, run, k, bl;

	lim = len;
	if (lim > SHOW_MAX) {
		lim = SHOW_MAX;
		while (lim > 0 && (u[lim] & 0xc0) == 0x80)
			lim--;
	}
	if (quote)
		out[o++] = '\'';
	i = 0;
	while (i < lim) {
		if (IS_DIGIT(u[i])) {
			run = 0;
			for (j = i; j < len; j++) {
				if (IS_DIGIT(u[j]))
					run++;
				else if ((u[j] == ' ' || u[j] == '.') &&
				    j + 1 < len && IS_DIGIT(u[j + 1]))
					continue;
				else
					break;
			}
			for (k = 0; i < j; i++) {
				if (IS_DIGIT(u[i])) {
					if (i < lim)
						out[o++] = run >= 9 &&
						    k + 3 < run ? '*' :
						    (char)u[i];
					k++;
				} else if (i < lim)
					out[o++] = (char)u[i];
			}
			continue;
		}
		if ((bl = csv_bad_char(u + i, lim - i)) > 0) {
			out[o++] = '?';
			i += bl;
			continue;
		}
		out[o++] = (char)u[i++];
	}
	if (lim < len) {
		memcpy(out + o, "\xe2\x80\xa6", 3);
		o += 3;
	}
	if (quote)
		out[o++] = '\'';
	out[o] = '\0';
	return out;
}

/* Encoding --------------------------------------------------------------- */

/* Length of the valid UTF-8 character at s, 0 if there is none. */
size_t
csv_u8len(const char *s, size_t len)
{
	unsigned char	 c = (unsigned char)s[0];
	size_t		 n;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (n > len || !utf8_valid(s, n))
		return 0;
	return n;
}

/* Does s[i] end a physical line (LF, a CR not before LF)? */
int
csv_is_break(const char *s, size_t len, size_t i)
{
	return s[i] == '\n' || (s[i] == '\r' && (i + 1 >= len ||
	    s[i + 1] != '\n'));
}

/* Decide the encoding of in[0..len) (BOM already stripped; 'bom' says
 * there was one).  Valid UTF-8 is used in place (*conv = NULL); else the
 * Windows-1252 text is converted into *conv (the caller wipes and frees
 * it).  DDD_ERR_INVALID_INPUT when lines were refused (reported). */
enum ddd_err
csv_decode(const char *in, size_t len, int bom, struct report *r, char **conv,
    size_t *convlen)
{
	const unsigned char	*u = (const unsigned char *)in;
	char			*o;
	size_t			 i, n, line = 1, last = 0, multi = 0;
	uint16_t		 cp;

	*conv = NULL;
	*convlen = 0;
	if (utf8_valid(in, len))
		return DDD_OK;

	for (i = 0; i < len && multi == 0; i += n)
		if ((n = csv_u8len(in + i, len - i)) == 0)
			n = 1;
		else if (n > 1)
			multi++;
	if (bom || multi > 0) {
		/* UTF-8 that is broken on some lines. */
		for (i = 0; i < len; i += n) {
			if ((n = csv_u8len(in + i, len - i)) == 0) {
				n = 1;
				if (line != last)
					csv_rep_line(r, 1, line, "onleesbaar "
					    "teken (byte 0x%02X): het bestand "
					    "is UTF-8, deze regel niet", u[i]);
				last = line;
			} else if (csv_is_break(in, len, i))
				line++;
		}
		return DDD_ERR_INVALID_INPUT;
	}

	if ((o = malloc(len * 3 + 1)) == NULL)
		return DDD_ERR_NOMEM;
	for (i = n = 0; i < len; i++) {
		if (u[i] < 0x80) {
			o[n++] = (char)u[i];
			if (csv_is_break(in, len, i))
				line++;
			continue;
		}
		cp = u[i] >= 0xa0 ? u[i] : cp1252_hi[u[i] - 0x80];
		if (cp == 0) {
			if (line != last)
				csv_rep_line(r, 1, line, "onleesbaar teken "
				    "(byte 0x%02X): het bestand is geen UTF-8 "
				    "en geen Windows-1252", u[i]);
			last = line;
			continue;
		}
		if (cp < 0x800) {
			o[n++] = (char)(0xc0 | cp >> 6);
			o[n++] = (char)(0x80 | (cp & 0x3f));
		} else {
			o[n++] = (char)(0xe0 | cp >> 12);
			o[n++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			o[n++] = (char)(0x80 | (cp & 0x3f));
		}
	}
	o[n] = '\0';
	*conv = o;
	*convlen = n;
	if (last != 0)
		return DDD_ERR_INVALID_INPUT;
	return DDD_OK;
}

/* Records ---------------------------------------------------------------- */

static int
is_blank(const struct tok *t, char c)
{
	return c == ' ' || (c == '\t' && t->delim != '\t');
}

static void
eat_eol(struct tok *t)
{
	if (t->pos >= t->len)
		return;
	if (t->s[t->pos] == '\r') {
		t->pos++;
		if (t->pos < t->len && t->s[t->pos] == '\n')
			t->pos++;
		t->line++;
	} else if (t->s[t->pos] == '\n') {
		t->pos++;
		t->line++;
	}
}

static void
count_lines(struct tok *t, size_t from, size_t to)
{
	size_t	 i;

	for (i = from; i < to; i++)
		if (csv_is_break(t->s, t->len, i))
			t->line++;
}

static void
field_begin(struct rec *r)
{
	r->cur = r->nfields;
	r->curlen = 0;
	if (r->cur < REC_STORE)
		r->off[r->cur] = r->datalen;
}

static void
field_add(struct rec *r, const char *p, size_t n)
{
	size_t	 i;

	if (r->lastfull != r->cur + 1)
		for (i = 0; i < n; i++)
			if (p[i] != ' ' && p[i] != '\t') {
				r->nonempty = 1;
				r->lastfull = r->cur + 1;
				break;
			}
	if (r->cur >= REC_STORE || r->curlen > CSV_MAX_FIELD)
		return;
	if (n > CSV_MAX_FIELD - r->curlen) {
		r->curlen = CSV_MAX_FIELD + 1;
		if (r->toolong == 0)
			r->toolong = r->cur + 1;
		return;
	}
	memcpy(r->data + r->datalen, p, n);
	r->datalen += n;
	r->curlen += n;
	if (r->datalen > r->dataused)
		r->dataused = r->datalen;
}

static void
field_end(struct rec *r)
{
	if (r->cur < REC_STORE) {
		r->flen[r->cur] = r->datalen - r->off[r->cur];
		r->data[r->datalen++] = '\0';
		if (r->datalen > r->dataused)
			r->dataused = r->datalen;
	}
	r->nfields++;
}

/* Read the record at t->pos into r: 0, or 1 at the end of the input.
 * Problems are flagged in r, not reported. */
int
csv_read_record(struct tok *t, struct rec *r)
{
	const char	*s = t->s, *q;
	size_t		 start, end;

	r->nfields = 0;
	r->nonempty = r->unterminated = 0;
	r->lastfull = 0;
	r->junk = r->toolong = 0;
	r->datalen = 0;
	if (t->pos >= t->len)
		return 1;
	r->line = t->line;
	for (;;) {
		field_begin(r);
		while (t->pos < t->len && is_blank(t, s[t->pos]))
			t->pos++;
		if (t->pos < t->len && s[t->pos] == '"') {
			t->pos++;
			for (;;) {
				q = memchr(s + t->pos, '"', t->len - t->pos);
				end = q != NULL ? (size_t)(q - s) : t->len;
				field_add(r, s + t->pos, end - t->pos);
				count_lines(t, t->pos, end);
				t->pos = end;
				if (q == NULL) {
					r->unterminated = 1;
					field_end(r);
					return 0;
				}
				t->pos++;
				if (t->pos < t->len && s[t->pos] == '"') {
					field_add(r, "\"", 1);
					t->pos++;
					continue;
				}
				break;
			}
			while (t->pos < t->len && is_blank(t, s[t->pos]))
				t->pos++;
			if (t->pos < t->len && s[t->pos] != t->delim &&
			    s[t->pos] != '\r' && s[t->pos] != '\n' &&
			    r->junk == 0)
				r->junk = r->cur + 1;
		}
		/* Unquoted text (or what follows a closing quote). */
		start = t->pos;
		while (t->pos < t->len && s[t->pos] != t->delim &&
		    s[t->pos] != '\r' && s[t->pos] != '\n')
			t->pos++;
		end = t->pos;
		while (end > start && is_blank(t, s[end - 1]))
			end--;
		field_add(r, s + start, end - start);
		field_end(r);
		if (t->pos < t->len && s[t->pos] == t->delim) {
			t->pos++;
			continue;
		}
		eat_eol(t);
		return 0;
	}
}

/* Header line ------------------------------------------------------------ */

void
csv_skip_blank_lines(struct tok *t)
{
	size_t	 i;

	for (;;) {
		for (i = t->pos; i < t->len &&
		    (t->s[i] == ' ' || t->s[i] == '\t'); i++)
			;
		if (i >= t->len) {
			t->pos = t->len;
			return;
		}
		if (t->s[i] != '\r' && t->s[i] != '\n')
			return;
		t->pos = i;
		eat_eol(t);
	}
}

/* Excel's "sep=;" line: 1 taken (t->delim set), 0 none, -1 refused. */
int
csv_sep_line(struct tok *t, struct report *r)
{
	const char	*s = t->s + t->pos;
	size_t		 n = t->len - t->pos;
	char		 c;

	if (n < 5 || (s[0] | 0x20) != 's' || (s[1] | 0x20) != 'e' ||
	    (s[2] | 0x20) != 'p' || s[3] != '=')
		return 0;
	if (n > 5 && s[5] != '\r' && s[5] != '\n')
		return 0;
	c = s[4];
	if (c != ';' && c != ',' && c != '\t') {
		if (c > ' ' && c < 0x7f) {
			csv_rep_line(r, 1, t->line, "scheidingsteken '%c' "
			    "wordt niet ondersteund; gebruik ';' of ','", c);
			return -1;
		}
		return 0;
	}
	t->delim = c;
	t->pos += 5;
	eat_eol(t);
	return 1;
}

/* The delimiter that occurs most in the line at t->pos outside quotes. */
char
csv_detect_delim(const struct tok *t)
{
	size_t	 i, semi = 0, comma = 0, tab = 0;
	int	 inq = 0;

	for (i = t->pos; i < t->len; i++) {
		if (t->s[i] == '"')
			inq = !inq;
		else if (inq)
			continue;
		else if (t->s[i] == '\r' || t->s[i] == '\n')
			break;
		else if (t->s[i] == ';')
			semi++;
		else if (t->s[i] == ',')
			comma++;
		else if (t->s[i] == '\t')
			tab++;
	}
	if (semi >= comma && semi >= tab)
		return ';';
	return comma >= tab ? ',' : '\t';
}
