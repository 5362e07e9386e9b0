/* Request input parsing: query strings, urlencoded bodies, Cookie headers.
 *
 * Both parsers build the result in a private list and move it into 'out'
 * only when the whole input was accepted, so a caller never sees half a
 * parse.  'out' must have been set up with kvlist_init() (or hold an
 * earlier result): its old contents are freed and replaced on success, and
 * freed (leaving it empty) on any error.
 *
 * Ownership: every key and value is a malloc'd copy owned by the list and
 * freed by kvlist_free().  While a pair is being built its two strings are
 * owned by the parser's locals until kvlist_push() succeeds. */

#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "req.h"

static enum ddd_err	 pct_decode(const char *, size_t, size_t, char **,
			    size_t *);
static char		*copy_bytes(const char *, size_t);
static int		 key_char(unsigned char);
static int		 token_char(unsigned char);
static int		 cookie_octet(unsigned char);
static enum ddd_err	 kvlist_push(struct kvlist *, char *, size_t, char *,
			    size_t);
static enum ddd_err	 parse_cookie_pair(const char *, size_t,
			    struct kvlist *);
static int		 field_ctl(unsigned char);

void
kvlist_init(struct kvlist *l)
{
	l->v = NULL;
	l->n = l->alloc = 0;
}

void
kvlist_free(struct kvlist *l)
{
	size_t	 i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].val);
	}
	free(l->v);
	kvlist_init(l);
}

/* Append a pair.  On DDD_OK the list owns key and val; on failure they
 * still belong to the caller. */
static enum ddd_err
kvlist_push(struct kvlist *l, char *key, size_t keylen, char *val,
    size_t vallen)
{
	struct kv	*nv;
	size_t		 na;

	if (l->n >= REQ_MAX_FIELDS)
		return DDD_ERR_BAD_REQUEST;
	if (l->n == l->alloc) {
		na = l->alloc ? l->alloc * 2 : 8;
		if (na > REQ_MAX_FIELDS)
			na = REQ_MAX_FIELDS;
		if ((nv = realloc(l->v, na * sizeof(*nv))) == NULL)
			return DDD_ERR_NOMEM;
		l->v = nv;
		l->alloc = na;
	}
	l->v[l->n].key = key;
	l->v[l->n].keylen = keylen;
	l->v[l->n].val = val;
	l->v[l->n].vallen = vallen;
	l->n++;
	return DDD_OK;
}


/* Decode s[0..len) ('+' is a space, %XX a byte) into a new NUL-terminated
 * string of at most cap bytes.  Escapes are checked before the length, so
 * a bad escape anywhere is DDD_ERR_BAD_REQUEST even in an oversized field.
 * On DDD_OK the caller owns *out. */
static enum ddd_err
pct_decode(const char *s, size_t len, size_t cap, char **out, size_t *outlen)
{
	size_t	 i, n;
	char	*d;

	*out = NULL;
	*outlen = 0;

	/* Pass 1: validate escapes and count the decoded bytes. */
	for (i = n = 0; i < len; n++) {
		if (s[i] != '%') {
			i++;
			continue;
		}
		if (len - i < 3 || hex_digit((unsigned char)s[i + 1]) < 0 ||
		    hex_digit((unsigned char)s[i + 2]) < 0)
			return DDD_ERR_BAD_REQUEST;
		i += 3;
	}
	if (n > cap)
		return DDD_ERR_TOO_LARGE;

	/* Pass 2: decode into an exact-size allocation. */
	if ((d = malloc(n + 1)) == NULL)
		return DDD_ERR_NOMEM;
	for (i = n = 0; i < len; n++) {
		if (s[i] == '%') {
			d[n] = (char)(hex_digit((unsigned char)s[i + 1]) * 16 +
			    hex_digit((unsigned char)s[i + 2]));
			i += 3;
		} else {
			d[n] = s[i] == '+' ? ' ' : s[i];
			i++;
		}
	}
	d[n] = '\0';
	*out = d;
	*outlen = n;
	return DDD_OK;
}

static char *
copy_bytes(const char *s, size_t len)
{
	char	*d;

	if ((d = malloc(len + 1)) == NULL)
		return NULL;
	if (len > 0)
		memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

/* [A-Za-z0-9_.-] */
static int
key_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

int
req_key_ok(const char *k, size_t len)
{
	size_t	 i;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if (!key_char((unsigned char)k[i]))
			return 0;
	return 1;
}

/* Valid UTF-8, no C0 control (NUL included) except TAB, LF and CR, and
 * no U+FFFE/U+FFFF, which XML 1.0 does not allow: values go into XML. */
int
req_value_ok(const char *v, size_t len)
{
	size_t		 i;
	unsigned char	 c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)v[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			return 0;
		if (c == 0xef && i + 2 < len &&
		    (unsigned char)v[i + 1] == 0xbf &&
		    ((unsigned char)v[i + 2] == 0xbe ||
		    (unsigned char)v[i + 2] == 0xbf))
			return 0;
	}
	return utf8_valid(v, len);
}

enum ddd_err
req_parse_urlencoded(const char *in, size_t len, size_t maxlen,
    struct kvlist *out)
{
	struct kvlist	 tmp;
	const char	*piece, *amp, *eq;
	char		*key = NULL, *val = NULL;
	size_t		 i, plen, klen, keylen, vallen;
	enum ddd_err	 result;

	if (out == NULL)
		return DDD_ERR_INTERNAL;
	kvlist_init(&tmp);
	if (in == NULL && len > 0) {
		result = DDD_ERR_INTERNAL;
		goto err;
	}
	if (len > maxlen) {
		result = DDD_ERR_TOO_LARGE;
		goto err;
	}

	for (i = 0; i < len; i += plen + 1) {
		piece = in + i;
		amp = memchr(piece, '&', len - i);
		plen = amp != NULL ? (size_t)(amp - piece) : len - i;
		if (plen == 0)
			continue;		/* "a=1&&b=2", trailing '&' */

		eq = memchr(piece, '=', plen);
		klen = eq != NULL ? (size_t)(eq - piece) : plen;
		if (klen == 0) {
			result = DDD_ERR_BAD_REQUEST;	/* "=x" */
			goto err;
		}
		if (tmp.n >= REQ_MAX_FIELDS) {
			result = DDD_ERR_BAD_REQUEST;
			goto err;
		}

		if ((result = pct_decode(piece, klen, REQ_MAX_KEY,
		    &key, &keylen)) != DDD_OK)
			goto err;
		if (!req_key_ok(key, keylen)) {
			result = DDD_ERR_BAD_REQUEST;
			goto err;
		}
		if (eq != NULL)
			result = pct_decode(eq + 1, plen - klen - 1,
			    REQ_MAX_VALUE, &val, &vallen);
		else
			result = pct_decode("", 0, REQ_MAX_VALUE,
			    &val, &vallen);
		if (result != DDD_OK)
			goto err;
		if (!req_value_ok(val, vallen)) {
			result = DDD_ERR_BAD_REQUEST;
			goto err;
		}

		if ((result = kvlist_push(&tmp, key, keylen, val, vallen)) !=
		    DDD_OK)
			goto err;
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

/* RFC 6265 cookie-name is an RFC 2616 token: any CHAR except CTLs and
 * separators ( ) < > @ , ; : \ " / [ ] ? = { } SP HT. */
static int
token_char(unsigned char c)
{
	if (c <= 0x20 || c >= 0x7f)
		return 0;
	return strchr("()<>@,;:\\\"/[]?={}", c) == NULL;
}

/* RFC 6265 cookie-octet: %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E */
static int
cookie_octet(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x2b) ||
	    (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b) ||
	    (c >= 0x5d && c <= 0x7e);
}

/* One trimmed, non-empty "name=value" into l. */
static enum ddd_err
parse_cookie_pair(const char *p, size_t len, struct kvlist *l)
{
	const char	*eq, *v;
	char		*key = NULL, *val = NULL;
	size_t		 i, klen, vlen;
	enum ddd_err	 result;

	if ((eq = memchr(p, '=', len)) == NULL)
		return DDD_ERR_BAD_REQUEST;
	klen = (size_t)(eq - p);
	if (klen == 0)
		return DDD_ERR_BAD_REQUEST;
	if (klen > REQ_MAX_KEY)
		return DDD_ERR_TOO_LARGE;
	for (i = 0; i < klen; i++)
		if (!token_char((unsigned char)p[i]))
			return DDD_ERR_BAD_REQUEST;

	v = eq + 1;
	vlen = len - klen - 1;
	if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
		v++;
		vlen -= 2;
	}
	for (i = 0; i < vlen; i++)
		if (!cookie_octet((unsigned char)v[i]))
			return DDD_ERR_BAD_REQUEST;
	if (vlen > REQ_MAX_VALUE)
		return DDD_ERR_TOO_LARGE;
	if (l->n >= REQ_MAX_FIELDS)
		return DDD_ERR_BAD_REQUEST;

	if ((key = copy_bytes(p, klen)) == NULL ||
	    (val = copy_bytes(v, vlen)) == NULL) {
		result = DDD_ERR_NOMEM;
		goto err;
	}
	if ((result = kvlist_push(l, key, klen, val, vlen)) != DDD_OK)
		goto err;
	return DDD_OK;

err:
	free(key);
	free(val);
	return result;
}

/* A byte HTTP does not allow in a field value (RFC 9110 5.5): a control
 * but HTAB, or DEL.  Bytes from 0x80 up are obs-text, allowed. */
static int
field_ctl(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

enum ddd_err
req_parse_cookies(const char *in, size_t len, struct kvlist *out)
{
	struct kvlist	 tmp;
	const char	*piece, *semi;
	size_t		 i, plen, s, e, pl = strlen(REQ_COOKIE_PREFIX);
	enum ddd_err	 result;

	if (out == NULL)
		return DDD_ERR_INTERNAL;
	kvlist_init(&tmp);
	if (in == NULL && len > 0) {
		result = DDD_ERR_INTERNAL;
		goto err;
	}
	if (len > REQ_MAX_COOKIE) {
		result = DDD_ERR_TOO_LARGE;
		goto err;
	}
	/* No browser sends these; a header with one is broken as a whole. */
	for (i = 0; i < len; i++)
		if (field_ctl((unsigned char)in[i])) {
			result = DDD_ERR_BAD_REQUEST;
			goto err;
		}

	for (i = 0; i < len; i += plen + 1) {
		piece = in + i;
		semi = memchr(piece, ';', len - i);
		plen = semi != NULL ? (size_t)(semi - piece) : len - i;

		s = 0;
		e = plen;
		while (s < e && (piece[s] == ' ' || piece[s] == '\t'))
			s++;
		while (e > s && (piece[e - 1] == ' ' || piece[e - 1] == '\t'))
			e--;
		if (s == e)
			continue;	/* empty header, "a=1;", "a=1;;b=2" */
		/* The browser sends every cookie of the host and its parent
		 * domains: other sites' cookies are none of our business,
		 * whatever their syntax.  Ours must be well-formed. */
		if (e - s < pl || memcmp(piece + s, REQ_COOKIE_PREFIX, pl) != 0)
			continue;
		if ((result = parse_cookie_pair(piece + s, e - s, &tmp)) !=
		    DDD_OK)
			goto err;
	}

	kvlist_free(out);
	*out = tmp;
	return DDD_OK;

err:
	kvlist_free(&tmp);
	kvlist_free(out);
	return result;
}

const struct kv *
kv_get(const struct kvlist *l, const char *key)
{
	size_t	 i;

	if (l == NULL || key == NULL)
		return NULL;
	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			return &l->v[i];
	return NULL;
}

size_t
kv_count(const struct kvlist *l, const char *key)
{
	size_t	 i, n = 0;

	if (l == NULL || key == NULL)
		return 0;
	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			n++;
	return n;
}

/* Well-formed UTF-8 per Unicode table 3-7 (RFC 3629): shortest form only,
 * no surrogates D800-DFFF, nothing past U+10FFFF.  U+0000 is valid UTF-8;
 * the value check rejects it separately. */
int
utf8_valid(const char *str, size_t len)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, need, k;
	unsigned char		 lo, hi;

	if (s == NULL)
		return len == 0;
	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		lo = 0x80;
		hi = 0xbf;
		if (s[i] >= 0xc2 && s[i] <= 0xdf)
			need = 1;
		else if (s[i] >= 0xe0 && s[i] <= 0xef) {
			need = 2;
			if (s[i] == 0xe0)
				lo = 0xa0;	/* overlong */
			else if (s[i] == 0xed)
				hi = 0x9f;	/* surrogates */
		} else if (s[i] >= 0xf0 && s[i] <= 0xf4) {
			need = 3;
			if (s[i] == 0xf0)
				lo = 0x90;	/* overlong */
			else if (s[i] == 0xf4)
				hi = 0x8f;	/* > U+10FFFF */
		} else
			return 0;	/* 80-C1 (stray or overlong), F5-FF */
		if (len - i - 1 < need)
			return 0;
		/* Only the first continuation byte has the narrowed range. */
		if (s[i + 1] < lo || s[i + 1] > hi)
			return 0;
		for (k = 2; k <= need; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xbf)
				return 0;
		i += need + 1;
	}
	return 1;
}

size_t
utf8_chars(const char *s, size_t len)
{
	size_t	 i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/* Drop in place every byte that does not begin a valid UTF-8 sequence, with
 * what follows such a byte kept: a message cut by "%.70s" in the middle of
 * a character loses the broken character only.  Returns the new length. */
size_t
utf8_scrub(char *str)
{
	size_t	 i = 0, o = 0, k, len = strlen(str);

	while (i < len) {
		k = (unsigned char)str[i] < 0x80 ? 1 :
		    (unsigned char)str[i] >= 0xf0 ? 4 :
		    (unsigned char)str[i] >= 0xe0 ? 3 : 2;
		if (k > len - i || !utf8_valid(str + i, k)) {
			i++;
			continue;
		}
		memmove(str + o, str + i, k);
		o += k;
		i += k;
	}
	str[o] = '\0';
	return o;
}
