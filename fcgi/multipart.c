/* multipart/form-data bodies; multipart.h says what is accepted.
 *
 * mp_parse builds the form in a private struct mp_form and moves it into
 * 'out' only when the whole body was accepted, so a caller never sees half
 * a parse.  While a part is read, its strings belong to the local struct
 * mp_part (part_clear() frees them on error) until form_push() moves them
 * into the private form.  Part data is never copied: it points into the
 * caller's body.
 *
 * The parser never scans further than a limit allows: part headers are
 * read at most max_header bytes deep, and the delimiter after a part's
 * data is searched for only as far as the longest data the part may have,
 * so an oversized part is refused without reading the rest of the body. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "buf.h"
#include "multipart.h"

static const struct mp_limits	 mp_defaults = MP_LIMITS_DEFAULT;

static int		 tchar(unsigned char);
static int		 attr_char(unsigned char);
static int		 bchar(unsigned char);
static int		 boundary_ok(const char *, size_t);
static int		 ows(char);
static unsigned char	 lc(unsigned char);
static int		 ieq(const char *, size_t, const char *);
static char		*dup_bytes(const char *, size_t);
static size_t		 utf8_next(const unsigned char *, uint32_t *);
static int		 strip_cp(uint32_t);
static enum ddd_err	 clean_filename(const char *, size_t, char **);
static enum ddd_err	 param_value(const char **, const char *,
			    struct buf *);
static enum ddd_err	 ext_value(const char *, size_t, struct buf *);
static enum ddd_err	 take(struct buf *, char **, size_t *);
static enum ddd_err	 parse_disposition(const char *, size_t,
			    struct mp_part *);
static enum ddd_err	 parse_header(const char *, size_t, struct mp_part *,
			    unsigned int *);
static enum ddd_err	 parse_headers(const char *, size_t,
			    const struct mp_limits *, struct mp_part *,
			    size_t *);
static enum ddd_err	 delim_end(const char *, size_t, size_t *, int *);
static void		 part_clear(struct mp_part *);
static enum ddd_err	 form_push(struct mp_form *, struct mp_part *,
			    size_t);

/* RFC 7230 tchar. */
static int
tchar(unsigned char c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* RFC 8187 attr-char: tchar without '%', '\'' and '*'. */
static int
attr_char(unsigned char c)
{
	return tchar(c) && c != '%' && c != '\'' && c != '*';
}

/* RFC 2046 bcharsnospace. */
static int
bchar(unsigned char c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("'()+_,-./:=?", c) != NULL;
}

/* RFC 2046 boundary: 0*69<bchars> bcharsnospace, bchars = bcharsnospace
 * or space. */
static int
boundary_ok(const char *b, size_t len)
{
	size_t	 i;

	if (len < 1 || len > MP_BOUNDARY_MAX || b[len - 1] == ' ')
		return 0;
	for (i = 0; i < len; i++)
		if (!bchar((unsigned char)b[i]) && b[i] != ' ')
			return 0;
	return 1;
}

static int
ows(char c)
{
	return c == ' ' || c == '\t';
}

/* ASCII only: no locale. */
static unsigned char
lc(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* s[0..len) equals lit, ignoring ASCII case. */
static int
ieq(const char *s, size_t len, const char *lit)
{
	size_t	 i;

	if (strlen(lit) != len)
		return 0;
	for (i = 0; i < len; i++)
		if (lc((unsigned char)s[i]) != lc((unsigned char)lit[i]))
			return 0;
	return 1;
}


static char *
dup_bytes(const char *s, size_t len)
{
	char	*d;

	if ((d = malloc(len + 1)) == NULL)
		return NULL;
	if (len > 0)
		memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

/* Code point and length of the sequence at s, which must be valid UTF-8
 * (checked by utf8_valid before). */
static size_t
utf8_next(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] < 0xe0) {
		*cp = (uint32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
		return 2;
	}
	if (s[0] < 0xf0) {
		*cp = (uint32_t)(s[0] & 0x0f) << 12 |
		    (uint32_t)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
		return 3;
	}
	*cp = (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3f) << 12 |
	    (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
	return 4;
}

/* Removed from file names: C0, DEL, C1, line/paragraph separators, bidi
 * marks, embeddings, overrides and isolates ("factuur<RLO>fdp.exe"),
 * the BOM / zero-width no-break space, and U+FFFE/U+FFFF (not XML
 * characters). */
static int
strip_cp(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
	    cp == 0x200e || cp == 0x200f || cp == 0x2028 || cp == 0x2029 ||
	    (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff ||
	    cp == 0xfffe || cp == 0xffff;
}

/* The decoded file name in[0..len) as multipart.h describes: valid UTF-8
 * or DDD_ERR_BAD_REQUEST; last path component, controls removed, "." and
 * ".." emptied, at most MP_MAX_FILENAME bytes.  On DDD_OK the caller owns
 * *out. */
static enum ddd_err
clean_filename(const char *in, size_t len, char **out)
{
	const char	*base = in;
	char		*d;
	size_t		 i, n = 0, k;
	uint32_t	 cp;

	*out = NULL;
	if (!utf8_valid(in, len))
		return DDD_ERR_BAD_REQUEST;
	/* ASCII '/' and '\' never occur inside a multi-byte sequence. */
	for (i = 0; i < len; i++)
		if (in[i] == '/' || in[i] == '\\')
			base = in + i + 1;
	len -= (size_t)(base - in);

	if ((d = malloc((len < MP_MAX_FILENAME ? len : MP_MAX_FILENAME) +
	    1)) == NULL)
		return DDD_ERR_NOMEM;
	for (i = 0; i < len; i += k) {
		k = utf8_next((const unsigned char *)base + i, &cp);
		if (strip_cp(cp))
			continue;
		if (n + k > MP_MAX_FILENAME)
			break;		/* cut on a character boundary */
		memcpy(d + n, base + i, k);
		n += k;
	}
	d[n] = '\0';
	if (strcmp(d, ".") == 0 || strcmp(d, "..") == 0)
		d[0] = '\0';
	*out = d;
	return DDD_OK;
}

/* A parameter value at *pp (before end) into b, replacing its contents:
 * a quoted-string (\" and \\ unescaped; a backslash before anything else
 * is kept, for IE's raw Windows paths) or a token.  *pp moves past it. */
static enum ddd_err
param_value(const char **pp, const char *end, struct buf *b)
{
	const char	*p = *pp, *s;
	enum ddd_err	 result;

	buf_reset(b);
	if (p < end && *p == '"') {
		for (p++; p < end && *p != '"'; p++) {
			if (*p == '\\' && end - p >= 2 &&
			    (p[1] == '"' || p[1] == '\\'))
				p++;
			if ((result = buf_addc(b, *p)) != DDD_OK)
				return result;
		}
		if (p == end)
			return DDD_ERR_BAD_REQUEST;	/* no closing quote */
		p++;
	} else {
		for (s = p; p < end && tchar((unsigned char)*p); p++)
			;
		if (p == s)
			return DDD_ERR_BAD_REQUEST;
		if ((result = buf_add(b, s, (size_t)(p - s))) != DDD_OK)
			return result;
	}
	*pp = p;
	return DDD_OK;
}

/* RFC 8187 ext-value s[0..len): charset "'" [language] "'" value-chars,
 * decoded to UTF-8 into b (replacing its contents).  Charsets: UTF-8
 * (bytes as they are; checked later) and ISO-8859-1 (converted). */
static enum ddd_err
ext_value(const char *s, size_t len, struct buf *b)
{
	const char	*end = s + len, *q1, *q2, *p;
	unsigned char	 c;
	int		 latin1;
	enum ddd_err	 result;

	buf_reset(b);
	if ((q1 = memchr(s, '\'', len)) == NULL)
		return DDD_ERR_BAD_REQUEST;
	if (ieq(s, (size_t)(q1 - s), "UTF-8"))
		latin1 = 0;
	else if (ieq(s, (size_t)(q1 - s), "ISO-8859-1"))
		latin1 = 1;
	else
		return DDD_ERR_BAD_REQUEST;
	if ((q2 = memchr(q1 + 1, '\'', (size_t)(end - q1 - 1))) == NULL)
		return DDD_ERR_BAD_REQUEST;
	for (p = q1 + 1; p < q2; p++)		/* language tag, unused */
		if (!(*p == '-' || (*p >= '0' && *p <= '9') ||
		    (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')))
			return DDD_ERR_BAD_REQUEST;
	for (p = q2 + 1; p < end; p++) {
		if (*p == '%') {
			if (end - p < 3 || hex_digit((unsigned char)p[1]) < 0 ||
			    hex_digit((unsigned char)p[2]) < 0)
				return DDD_ERR_BAD_REQUEST;
			c = (unsigned char)(hex_digit((unsigned char)p[1]) * 16 +
			    hex_digit((unsigned char)p[2]));
			p += 2;
		} else if (attr_char((unsigned char)*p))
			c = (unsigned char)*p;
		else
			return DDD_ERR_BAD_REQUEST;
		if (latin1 && c >= 0x80) {
			if ((result = buf_addc(b, (char)(0xc0 | c >> 6))) !=
			    DDD_OK)
				return result;
			c = (unsigned char)(0x80 | (c & 0x3f));
		}
		if ((result = buf_addc(b, (char)c)) != DDD_OK)
			return result;
	}
	return DDD_OK;
}

/* Move b's contents into *out (the caller owns it on DDD_OK). */
static enum ddd_err
take(struct buf *b, char **out, size_t *len)
{
	if ((*out = buf_take(b, len)) == NULL)
		return DDD_ERR_NOMEM;
	return DDD_OK;
}

/* Content-Disposition value v[0..len) into part->name and
 * part->filename. */
static enum ddd_err
parse_disposition(const char *v, size_t len, struct mp_part *part)
{
	const char	*p = v, *end = v + len, *s;
	char		*name = NULL, *fn = NULL, *fnx = NULL, *clean = NULL;
	size_t		 namelen = 0, fnlen = 0, fnxlen = 0, slen;
	struct buf	 b;
	enum ddd_err	 result;

	/* A value never decodes to more bytes than the header has (an
	 * ISO-8859-1 byte becomes two, but from three: "%E9"). */
	buf_init(&b, len);

	for (s = p; p < end && tchar((unsigned char)*p); p++)
		;
	if (!ieq(s, (size_t)(p - s), "form-data")) {
		result = DDD_ERR_BAD_REQUEST;
		goto err;
	}
	for (;;) {
		while (p < end && ows(*p))
			p++;
		if (p == end)
			break;
		if (*p != ';') {
			result = DDD_ERR_BAD_REQUEST;
			goto err;
		}
		p++;
		while (p < end && ows(*p))
			p++;
		if (p == end || *p == ';')
			continue;	/* "; ;" and a trailing ';' */

		for (s = p; p < end && tchar((unsigned char)*p); p++)
			;
		slen = (size_t)(p - s);
		while (p < end && ows(*p))
			p++;
		if (slen == 0 || p == end || *p != '=') {
			result = DDD_ERR_BAD_REQUEST;
			goto err;
		}
		p++;
		while (p < end && ows(*p))
			p++;
		/* An ext-value is never quoted. */
		if (s[slen - 1] == '*' && p < end && *p == '"') {
			result = DDD_ERR_BAD_REQUEST;
			goto err;
		}
		if ((result = param_value(&p, end, &b)) != DDD_OK)
			goto err;

		if (ieq(s, slen, "name")) {
			if (name != NULL) {
				result = DDD_ERR_BAD_REQUEST;
				goto err;
			}
			if ((result = take(&b, &name, &namelen)) != DDD_OK)
				goto err;
		} else if (ieq(s, slen, "filename")) {
			if (fn != NULL) {
				result = DDD_ERR_BAD_REQUEST;
				goto err;
			}
			if ((result = take(&b, &fn, &fnlen)) != DDD_OK)
				goto err;
		} else if (ieq(s, slen, "filename*")) {
			if (fnx != NULL) {
				result = DDD_ERR_BAD_REQUEST;
				goto err;
			}
			if ((result = take(&b, &fnx, &fnxlen)) != DDD_OK ||
			    (result = ext_value(fnx, fnxlen, &b)) != DDD_OK)
				goto err;
			free(fnx);
			fnx = NULL;
			if ((result = take(&b, &fnx, &fnxlen)) != DDD_OK)
				goto err;
		}
		/* Other parameters are ignored. */
	}

	if (name == NULL) {
		result = DDD_ERR_BAD_REQUEST;
		goto err;
	}
	result = DDD_OK;
	if (namelen > REQ_MAX_KEY) {
		result = DDD_ERR_TOO_LARGE;
		goto err;
	}
	if (!req_key_ok(name, namelen)) {
		result = DDD_ERR_BAD_REQUEST;
		goto err;
	}
	if (fnx != NULL)
		result = clean_filename(fnx, fnxlen, &clean);
	else if (fn != NULL)
		result = clean_filename(fn, fnlen, &clean);
	if (result != DDD_OK)
		goto err;

	part->name = name;
	part->filename = clean;
	free(fn);
	free(fnx);
	buf_free(&b);
	return DDD_OK;

err:
	free(name);
	free(fn);
	free(fnx);
	free(clean);
	buf_free(&b);
	return result;
}

/* Header flags, so each known header is taken once. */
#define HDR_CD		0x1
#define HDR_CT		0x2
#define HDR_CTE		0x4

/* One header line s[0..len) (without its CRLF) into part. */
static enum ddd_err
parse_header(const char *s, size_t len, struct mp_part *part,
    unsigned int *seen)
{
	size_t	 colon, vs, ve, i;

	if (len == 0 || ows(s[0]))
		return DDD_ERR_BAD_REQUEST;	/* folded line */
	for (colon = 0; colon < len && tchar((unsigned char)s[colon]);
	    colon++)
		;
	if (colon == 0 || colon == len || s[colon] != ':')
		return DDD_ERR_BAD_REQUEST;
	for (vs = colon + 1; vs < len && ows(s[vs]); vs++)
		;
	for (ve = len; ve > vs && ows(s[ve - 1]); ve--)
		;

	if (ieq(s, colon, "Content-Disposition")) {
		if (*seen & HDR_CD)
			return DDD_ERR_BAD_REQUEST;
		*seen |= HDR_CD;
		return parse_disposition(s + vs, ve - vs, part);
	}
	if (ieq(s, colon, "Content-Type")) {
		if (*seen & HDR_CT || vs == ve)
			return DDD_ERR_BAD_REQUEST;
		*seen |= HDR_CT;
		for (i = vs; i < ve; i++)
			if (((unsigned char)s[i] < 0x20 ||
			    (unsigned char)s[i] > 0x7e) && s[i] != '\t')
				return DDD_ERR_BAD_REQUEST;
		if ((part->content_type = dup_bytes(s + vs, ve - vs)) == NULL)
			return DDD_ERR_NOMEM;
		return DDD_OK;
	}
	if (ieq(s, colon, "Content-Transfer-Encoding")) {
		if (*seen & HDR_CTE)
			return DDD_ERR_BAD_REQUEST;
		*seen |= HDR_CTE;
		/* RFC 7578 4.7: deprecated; nothing to decode is all we take. */
		if (!ieq(s + vs, ve - vs, "binary") &&
		    !ieq(s + vs, ve - vs, "8bit") &&
		    !ieq(s + vs, ve - vs, "7bit"))
			return DDD_ERR_BAD_REQUEST;
		return DDD_OK;
	}
	return DDD_OK;		/* other headers are ignored */
}

/* The header lines at s[0..len) (just after a delimiter line) into part.
 * *hlen is set to the offset of the empty line ending them.  A line that
 * starts with a space or tab continues the one before (RFC 5322 folding,
 * which MIME part headers may use): the CRLF is removed, the white space
 * kept.  Every physical line counts against max_header_lines, every byte
 * against max_header. */
static enum ddd_err
parse_headers(const char *s, size_t len, const struct mp_limits *lim,
    struct mp_part *part, size_t *hlen)
{
	size_t		 pos = 0, lines = 0, cap, i, k;
	unsigned int	 seen = 0;
	struct buf	 field;		/* one header field, unfolded */
	enum ddd_err	 result;

	buf_init(&field, lim->max_header);
	/* Never look past max_header bytes (nor past the body). */
	cap = lim->max_header < len ? lim->max_header : len;
	for (;;) {
		if (len - pos >= 2 && s[pos] == '\r' && s[pos + 1] == '\n')
			break;			/* the empty line */
		result = DDD_ERR_BAD_REQUEST;
		if (lines >= lim->max_header_lines)
			goto out;
		for (i = pos; i < cap && s[i] != '\r' && s[i] != '\n' &&
		    s[i] != '\0'; i++)
			;
		if (i == cap) {	/* over the limit, or the body ended */
			result = cap < len ? DDD_ERR_TOO_LARGE :
			    DDD_ERR_BAD_REQUEST;
			goto out;
		}
		/* NUL, bare LF, bare CR, or the body ends after CR. */
		if (s[i] != '\r' || len - i < 2 || s[i + 1] != '\n')
			goto out;
		if (i + 2 > lim->max_header) {
			result = DDD_ERR_TOO_LARGE;
			goto out;
		}
		if (ows(s[pos])) {
			/* A continuation: something to fold into, and
			 * more than white space (a line of only white
			 * space reads as the empty line to some). */
			for (k = pos; k < i && ows(s[k]); k++)
				;
			if (field.len == 0 || k == i)
				goto out;
		} else if (field.len > 0) {
			if ((result = parse_header(field.ptr, field.len, part,
			    &seen)) != DDD_OK)
				goto out;
			buf_reset(&field);
		}
		/* Fits: the field's lines passed the max_header test. */
		if ((result = buf_add(&field, s + pos, i - pos)) != DDD_OK)
			goto out;
		pos = i + 2;
		lines++;
	}
	if (field.len > 0 && (result = parse_header(field.ptr, field.len,
	    part, &seen)) != DDD_OK)
		goto out;
	result = DDD_ERR_BAD_REQUEST;
	if (!(seen & HDR_CD))
		goto out;
	result = DDD_ERR_NOMEM;
	if (part->content_type == NULL &&
	    (part->content_type = dup_bytes("text/plain", 10)) == NULL)
		goto out;
	*hlen = pos;
	result = DDD_OK;
out:
	buf_free(&field);
	return result;
}

/* What follows "--boundary" at *pos: "--" directly ends the body (the
 * rest is epilogue, *closed set); else optional spaces/tabs and CRLF, and
 * *pos moves past them to the next part's headers. */
static enum ddd_err
delim_end(const char *body, size_t len, size_t *pos, int *closed)
{
	size_t	 p = *pos;

	*closed = 0;
	if (len - p >= 2 && body[p] == '-' && body[p + 1] == '-') {
		*closed = 1;
		*pos = len;
		return DDD_OK;
	}
	while (p < len && ows(body[p]))
		p++;
	if (len - p < 2 || body[p] != '\r' || body[p + 1] != '\n')
		return DDD_ERR_BAD_REQUEST;
	*pos = p + 2;
	return DDD_OK;
}

static void
part_clear(struct mp_part *p)
{
	free(p->name);
	free(p->filename);
	free(p->content_type);
	p->name = p->filename = p->content_type = NULL;
	p->data = NULL;
	p->len = 0;
}

/* Append *p (at most max parts).  On DDD_OK the form owns its strings and
 * *p is cleared; on failure they still belong to *p. */
static enum ddd_err
form_push(struct mp_form *f, struct mp_part *p, size_t max)
{
	struct mp_part	*nv;
	size_t		 na;

	if (f->n >= max)
		return DDD_ERR_BAD_REQUEST;
	if (f->n == f->alloc) {
		na = f->alloc ? f->alloc * 2 : 4;
		if (na > max)
			na = max;
		if ((nv = realloc(f->v, na * sizeof(*nv))) == NULL)
			return DDD_ERR_NOMEM;
		f->v = nv;
		f->alloc = na;
	}
	f->v[f->n++] = *p;
	p->name = p->filename = p->content_type = NULL;
	p->data = NULL;
	p->len = 0;
	return DDD_OK;
}

void
mp_form_init(struct mp_form *f)
{
	f->v = NULL;
	f->n = f->alloc = 0;
}

void
mp_form_free(struct mp_form *f)
{
	size_t	 i;

	if (f == NULL)
		return;
	for (i = 0; i < f->n; i++)
		part_clear(&f->v[i]);
	free(f->v);
	mp_form_init(f);
}

enum ddd_err
mp_boundary(const char *ct, char *out, size_t outlen)
{
	const char	*p, *s, *pn;
	char		 q[MP_BOUNDARY_MAX + 1], bnd[MP_BOUNDARY_SIZE];
	size_t		 pnlen, vlen, qlen;
	int		 found = 0, isb;

	if (out == NULL || outlen < MP_BOUNDARY_SIZE)
		return DDD_ERR_INTERNAL;
	out[0] = '\0';
	if (ct == NULL)
		return DDD_ERR_BAD_REQUEST;

	for (p = ct; ows(*p); p++)
		;
	for (s = p; *p != '\0' && *p != ';' && !ows(*p); p++)
		;
	if (!ieq(s, (size_t)(p - s), "multipart/form-data"))
		return DDD_ERR_BAD_REQUEST;

	for (;;) {
		while (ows(*p))
			p++;
		if (*p == '\0')
			break;
		if (*p != ';')
			return DDD_ERR_BAD_REQUEST;
		p++;
		while (ows(*p))
			p++;
		if (*p == '\0' || *p == ';')
			continue;	/* "; ;" and a trailing ';' */

		/* RFC 7231 parameter: token "=" ( token / quoted-string ). */
		for (pn = p; tchar((unsigned char)*p); p++)
			;
		pnlen = (size_t)(p - pn);
		if (pnlen == 0 || *p != '=')
			return DDD_ERR_BAD_REQUEST;
		p++;
		if (*p == '"') {
			/* A quoted-string; its quoted-pairs ("\=" is '=')
			 * are undone into q for the boundary. */
			isb = ieq(pn, pnlen, "boundary");
			for (qlen = 0, p++; *p != '\0' && *p != '"'; p++) {
				if ((unsigned char)*p < 0x20 && *p != '\t')
					return DDD_ERR_BAD_REQUEST;
				if (*p == '\\' && p[1] != '\0')
					p++;
				if (isb && qlen < sizeof(q))
					q[qlen] = *p;
				qlen++;
			}
			if (*p != '"')
				return DDD_ERR_BAD_REQUEST;
			s = q;
			vlen = qlen;
			p++;
		} else {
			/* A boundary with non-token bchars should be quoted;
			 * take it unquoted too (up to ';' or a space). */
			for (s = p; bchar((unsigned char)*p) ||
			    tchar((unsigned char)*p); p++)
				;
			vlen = (size_t)(p - s);
			if (vlen == 0)
				return DDD_ERR_BAD_REQUEST;
		}
		if (ieq(pn, pnlen, "boundary")) {
			if (found || !boundary_ok(s, vlen))
				return DDD_ERR_BAD_REQUEST;
			memcpy(bnd, s, vlen);	/* fits: boundary_ok */
			bnd[vlen] = '\0';
			found = 1;
		}
	}
	if (!found)
		return DDD_ERR_BAD_REQUEST;
	memcpy(out, bnd, MP_BOUNDARY_SIZE);
	return DDD_OK;
}

enum ddd_err
mp_parse(const char *body, size_t len, const char *boundary,
    const struct mp_limits *lim, struct mp_form *out)
{
	struct mp_form	 tmp;
	struct mp_part	 part;
	char		 delim[4 + MP_BOUNDARY_MAX];
	const char	*hit;
	size_t		 blen, dlen, pos, hlen, hend, at, avail, w, maxlen;
	size_t		 maxparts, maxtext;
	int		 closed;
	enum ddd_err	 result;

	if (out == NULL)
		return DDD_ERR_INTERNAL;
	mp_form_init(&tmp);
	memset(&part, 0, sizeof(part));
	if (lim == NULL)
		lim = &mp_defaults;
	if ((body == NULL && len > 0) || boundary == NULL) {
		result = DDD_ERR_INTERNAL;
		goto err;
	}
	blen = strnlen(boundary, MP_BOUNDARY_MAX + 1);
	if (!boundary_ok(boundary, blen)) {
		result = DDD_ERR_BAD_REQUEST;
		goto err;
	}
	if (len > lim->max_total) {
		result = DDD_ERR_TOO_LARGE;
		goto err;
	}
	maxparts = lim->max_parts < REQ_MAX_FIELDS ? lim->max_parts :
	    REQ_MAX_FIELDS;
	maxtext = lim->max_text < REQ_MAX_VALUE ? lim->max_text :
	    REQ_MAX_VALUE;
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, boundary, blen);
	dlen = 4 + blen;

	/* The first delimiter: "--boundary" at the start or after a CRLF;
	 * whatever comes before it is preamble. */
	if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0)
		pos = dlen - 2;
	else if ((hit = memmem(body, len, delim, dlen)) != NULL)
		pos = (size_t)(hit - body) + dlen;
	else {
		result = DDD_ERR_BAD_REQUEST;
		goto err;
	}

	for (;;) {
		if ((result = delim_end(body, len, &pos, &closed)) != DDD_OK)
			goto err;
		if (closed)
			break;
		if (tmp.n >= maxparts) {
			result = DDD_ERR_BAD_REQUEST;
			goto err;
		}
		if ((result = parse_headers(body + pos, len - pos, lim, &part,
		    &hlen)) != DDD_OK)
			goto err;

		/* The empty line's CRLF at hend starts the delimiter when the
		 * data is empty; otherwise data starts after it.  Search no
		 * further than the longest data allowed plus a delimiter. */
		hend = pos + hlen;
		maxlen = part.filename != NULL ? lim->max_file : maxtext;
		avail = len - hend;
		w = maxlen > SIZE_MAX - 2 - dlen ? SIZE_MAX : 2 + maxlen + dlen;
		if (w > avail)
			w = avail;
		if ((hit = memmem(body + hend, w, delim, dlen)) == NULL) {
			/* Too large if even the rest of the body would be;
			 * else the body ends without a delimiter. */
			result = avail - 2 > maxlen ? DDD_ERR_TOO_LARGE :
			    DDD_ERR_BAD_REQUEST;
			goto err;
		}
		at = (size_t)(hit - body);
		part.data = body + hend + 2;
		part.len = at > hend ? at - hend - 2 : 0;
		if (part.filename == NULL && !req_value_ok(part.data, part.len)) {
			result = DDD_ERR_BAD_REQUEST;
			goto err;
		}
		if ((result = form_push(&tmp, &part, maxparts)) != DDD_OK)
			goto err;
		pos = at + dlen;
	}

	mp_form_free(out);
	*out = tmp;
	return DDD_OK;

err:
	part_clear(&part);
	mp_form_free(&tmp);
	mp_form_free(out);
	return result;
}

const struct mp_part *
mp_get(const struct mp_form *f, const char *name)
{
	size_t	 i;

	if (f == NULL || name == NULL)
		return NULL;
	for (i = 0; i < f->n; i++)
		if (strcmp(f->v[i].name, name) == 0)
			return &f->v[i];
	return NULL;
}

size_t
mp_count(const struct mp_form *f, const char *name)
{
	size_t	 i, n = 0;

	if (f == NULL || name == NULL)
		return 0;
	for (i = 0; i < f->n; i++)
		if (strcmp(f->v[i].name, name) == 0)
			n++;
	return n;
}

enum ddd_err
mp_fields(const struct mp_form *f, struct kvlist *out)
{
	struct kvlist		 tmp;
	const struct mp_part	*p;
	char			*key = NULL, *val = NULL;
	size_t			 i, count = 0;
	enum ddd_err		 result;

	if (out == NULL)
		return DDD_ERR_INTERNAL;
	kvlist_init(&tmp);
	if (f == NULL) {
		result = DDD_ERR_INTERNAL;
		goto err;
	}
	for (i = 0; i < f->n; i++)
		if (f->v[i].filename == NULL)
			count++;
	if (count > REQ_MAX_FIELDS) {
		result = DDD_ERR_BAD_REQUEST;
		goto err;
	}
	if (count > 0 && (tmp.v = calloc(count, sizeof(*tmp.v))) == NULL) {
		result = DDD_ERR_NOMEM;
		goto err;
	}
	tmp.alloc = count;
	for (i = 0; i < f->n; i++) {
		p = &f->v[i];
		if (p->filename != NULL)
			continue;
		if ((key = dup_bytes(p->name, strlen(p->name))) == NULL ||
		    (val = dup_bytes(p->data, p->len)) == NULL) {
			result = DDD_ERR_NOMEM;
			goto err;
		}
		tmp.v[tmp.n].key = key;
		tmp.v[tmp.n].keylen = strlen(key);
		tmp.v[tmp.n].val = val;
		tmp.v[tmp.n].vallen = p->len;
		tmp.n++;
		key = val = NULL;	/* now owned by tmp */
	}

	kvlist_free(out);
	*out = tmp;
	return DDD_OK;

err:
	free(key);
	free(val);
	kvlist_free(&tmp);
	kvlist_free(out);
	return result;
}

const char *
mp_sniff_document(const char *data, size_t len)
{
	static const unsigned char png[8] = { 0x89, 'P', 'N', 'G', '\r',
	    '\n', 0x1a, '\n' };
	const unsigned char *d = (const unsigned char *)data;

	if (data == NULL)
		return NULL;
	if (len >= 5 && memcmp(d, "%PDF-", 5) == 0)
		return "application/pdf";
	if (len >= sizeof(png) && memcmp(d, png, sizeof(png)) == 0)
		return "image/png";
	if (len >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
		return "image/jpeg";
	return NULL;
}
