/* req_parse_urlencoded: query strings and form bodies. */

#include <stdlib.h>
#include <string.h>

#include "req.h"
#include "tap.h"

static enum ddd_err	 parse(const char *, struct kvlist *);
static const char	*val(const struct kvlist *, const char *);
static char		*repeat(const char *, size_t, const char *,
			    const char *);
static int		 rejected(enum ddd_err, enum ddd_err,
			    const struct kvlist *);

/* Parse a copy in a heap buffer of exactly strlen(s) bytes, no NUL,
 * so a sanitizer build catches any read past the length. */
static enum ddd_err
parse(const char *s, struct kvlist *l)
{
	size_t		 len = strlen(s);
	char		*buf;
	enum ddd_err	 e;

	if ((buf = malloc(len ? len : 1)) == NULL)
		abort();
	memcpy(buf, s, len);
	e = req_parse_urlencoded(buf, len, REQ_MAX_QUERY, l);
	free(buf);
	return e;
}

static const char *
val(const struct kvlist *l, const char *key)
{
	const struct kv	*kv;

	return (kv = kv_get(l, key)) != NULL ? kv->val : NULL;
}

/* prefix + unit * n + suffix, malloc'd; aborts on failure (test only). */
static char *
repeat(const char *prefix, size_t n, const char *unit, const char *suffix)
{
	size_t	 pl = strlen(prefix), ul = strlen(unit);
	size_t	 sl = strlen(suffix), i;
	char	*s, *p;

	if ((s = malloc(pl + n * ul + sl + 1)) == NULL)
		abort();
	memcpy(s, prefix, pl);
	p = s + pl;
	for (i = 0; i < n; i++, p += ul)
		memcpy(p, unit, ul);
	memcpy(p, suffix, sl + 1);
	return s;
}

/* The wanted error, and the list left empty. */
static int
rejected(enum ddd_err got, enum ddd_err want, const struct kvlist *l)
{
	return got == want && l->n == 0 && l->v == NULL;
}

int
main(void)
{
	struct kvlist	 l;
	enum ddd_err	 e;
	char		*s;
	size_t		 i;

	kvlist_init(&l);

	/* Good input. */
	e = parse("a=1&b=2", &l);
	is_int(e, DDD_OK, "a=1&b=2 parses");
	is_int(l.n, 2, "two pairs");
	is_str(l.v[0].key, "a", "first key in input order");
	is_str(l.v[1].key, "b", "second key in input order");
	is_int(l.v[0].keylen, 1, "keylen stored");
	is_int(l.v[1].vallen, 1, "vallen stored");
	is_str(val(&l, "b"), "2", "kv_get b");
	ok(kv_get(&l, "c") == NULL, "kv_get of a missing key is NULL");
	is_int(kv_count(&l, "c"), 0, "kv_count of a missing key is 0");

	e = parse("q=hello+world%21+%2B%26%3D", &l);
	is_int(e, DDD_OK, "'+' and %%XX decode");
	is_str(val(&l, "q"), "hello world! +&=", "decoded value");
	is_int(l.v[0].vallen, 16, "vallen of decoded value");

	e = parse("a=1&&b=2&", &l);
	ok(e == DDD_OK && l.n == 2, "empty pieces and trailing '&' skipped");
	e = parse("&&&", &l);
	ok(e == DDD_OK && l.n == 0, "only separators: empty list");
	e = parse("", &l);
	ok(e == DDD_OK && l.n == 0, "empty input: empty list");
	e = req_parse_urlencoded(NULL, 0, REQ_MAX_QUERY, &l);
	ok(e == DDD_OK && l.n == 0, "NULL with length 0: empty list");

	e = parse("flag&other=", &l);
	ok(e == DDD_OK && l.n == 2, "key without '=' and empty value");
	is_str(val(&l, "flag"), "", "key without '=' has the empty value");
	is_str(val(&l, "other"), "", "'k=' has the empty value");

	e = parse("x=a=b", &l);
	is_str(e == DDD_OK ? val(&l, "x") : NULL, "a=b",
	    "value keeps a second '='");

	e = parse("c=1&c=2&d=0&c=3", &l);
	is_int(kv_count(&l, "c"), 3, "kv_count counts repeated keys");
	is_str(val(&l, "c"), "1", "kv_get returns the first of repeats");
	is_int(kv_count(&l, "d"), 1, "kv_count of a single key");

	e = parse("%41%62=1&a_b.c-D9=2", &l);
	ok(e == DDD_OK && kv_get(&l, "Ab") != NULL, "escaped key decoded");
	ok(kv_get(&l, "a_b.c-D9") != NULL, "key charset [A-Za-z0-9_.-]");

	e = parse("t=%c3%a9%E2%82%AC%ef%bf%bd%3a%3A%7e", &l);
	is_str(e == DDD_OK ? val(&l, "t") : NULL,
	    "\xc3\xa9\xe2\x82\xac\xef\xbf\xbd::~",
	    "lower- and upper-case hex, UTF-8 value");

	e = parse("t=line1%0D%0Aline2%09x%0a", &l);
	is_str(e == DDD_OK ? val(&l, "t") : NULL, "line1\r\nline2\tx\n",
	    "TAB, CR, LF allowed in values");
	e = parse("t=%7F", &l);
	ok(e == DDD_OK && l.v[0].val[0] == 0x7f,
	    "DEL is not C0: allowed in a value");

	e = req_parse_urlencoded("a=1&b=2", 3, REQ_MAX_QUERY, &l);
	ok(e == DDD_OK && l.n == 1 && kv_get(&l, "b") == NULL,
	    "length argument bounds the input");
	e = req_parse_urlencoded("a=1\0b=2", 3, REQ_MAX_QUERY, &l);
	ok(e == DDD_OK && l.n == 1, "bytes past len are not read");

	/* A new parse replaces the old contents. */
	parse("old=1", &l);
	e = parse("new=2", &l);
	ok(e == DDD_OK && l.n == 1 && kv_get(&l, "old") == NULL,
	    "success replaces earlier contents");

	/* Bad escapes. */
	parse("a=1", &l);
	e = parse("a=%G1", &l);
	ok(rejected(e, DDD_ERR_BAD_REQUEST, &l),
	    "%%G1 rejected and earlier contents cleared");
	ok(rejected(parse("a=%1G", &l), DDD_ERR_BAD_REQUEST, &l),
	    "%%1G rejected");
	ok(rejected(parse("a=%G0%9F%98%80", &l), DDD_ERR_BAD_REQUEST, &l),
	    "%%G0 rejected even where it would decode to valid UTF-8");
	ok(rejected(parse("a=%4G", &l), DDD_ERR_BAD_REQUEST, &l),
	    "%%4G rejected even where it would decode to ASCII");
	ok(rejected(parse("a=%4", &l), DDD_ERR_BAD_REQUEST, &l),
	    "short escape %%4 at end rejected");
	ok(rejected(parse("a=%4&b=1", &l), DDD_ERR_BAD_REQUEST, &l),
	    "short escape %%4 before '&' rejected");
	ok(rejected(parse("a=%", &l), DDD_ERR_BAD_REQUEST, &l),
	    "trailing %% rejected");
	ok(rejected(parse("a%=1", &l), DDD_ERR_BAD_REQUEST, &l),
	    "%% in key before '=' rejected");
	ok(rejected(parse("ok=1&a=%%41", &l), DDD_ERR_BAD_REQUEST, &l),
	    "%%%% rejected even after good pairs");
	e = req_parse_urlencoded("a=%41", 4, REQ_MAX_QUERY, &l);
	ok(rejected(e, DDD_ERR_BAD_REQUEST, &l),
	    "escape cut by len is not completed from beyond len");

	/* Keys. */
	ok(rejected(parse("=x", &l), DDD_ERR_BAD_REQUEST, &l),
	    "empty key '=x' rejected");
	ok(rejected(parse("a=1&=", &l), DDD_ERR_BAD_REQUEST, &l),
	    "lone '=' rejected");
	ok(rejected(parse("a b=1", &l), DDD_ERR_BAD_REQUEST, &l),
	    "space in key rejected");
	ok(rejected(parse("a+b=1", &l), DDD_ERR_BAD_REQUEST, &l),
	    "'+' (space) in key rejected");
	ok(rejected(parse("a%20b=1", &l), DDD_ERR_BAD_REQUEST, &l),
	    "%%20 in key rejected");
	ok(rejected(parse("a%0A=1", &l), DDD_ERR_BAD_REQUEST, &l),
	    "LF in key rejected");
	ok(rejected(parse("a%09=1", &l), DDD_ERR_BAD_REQUEST, &l),
	    "TAB in key rejected");
	ok(rejected(parse("a%00=1", &l), DDD_ERR_BAD_REQUEST, &l),
	    "NUL in key rejected");
	ok(rejected(parse("a\x01=1", &l), DDD_ERR_BAD_REQUEST, &l),
	    "raw control in key rejected");
	ok(rejected(parse("a/b=1", &l), DDD_ERR_BAD_REQUEST, &l),
	    "'/' in key rejected");
	ok(rejected(parse("a%5B%5D=1", &l), DDD_ERR_BAD_REQUEST, &l),
	    "'[]' in key rejected");
	ok(rejected(parse("%C3%A9=1", &l), DDD_ERR_BAD_REQUEST, &l),
	    "non-ASCII key rejected");
	ok(rejected(parse("a%3Db=1", &l), DDD_ERR_BAD_REQUEST, &l),
	    "escaped '=' in key rejected");

	/* Values: controls and UTF-8. */
	ok(rejected(parse("a=%00", &l), DDD_ERR_BAD_REQUEST, &l),
	    "NUL in value rejected");
	ok(rejected(parse("a=x%01", &l), DDD_ERR_BAD_REQUEST, &l),
	    "%%01 in value rejected");
	ok(rejected(parse("a=%1F", &l), DDD_ERR_BAD_REQUEST, &l),
	    "%%1F in value rejected");
	ok(rejected(parse("a=%1b[31m", &l), DDD_ERR_BAD_REQUEST, &l),
	    "ESC in value rejected");
	ok(rejected(parse("a=x\x02y", &l), DDD_ERR_BAD_REQUEST, &l),
	    "raw control in value rejected");
	e = req_parse_urlencoded("a=x\0y", 5, REQ_MAX_QUERY, &l);
	ok(rejected(e, DDD_ERR_BAD_REQUEST, &l), "raw NUL in value rejected");
	ok(rejected(parse("a=%C0%AF", &l), DDD_ERR_BAD_REQUEST, &l),
	    "overlong UTF-8 rejected");
	ok(rejected(parse("a=%ED%A0%80", &l), DDD_ERR_BAD_REQUEST, &l),
	    "UTF-8 surrogate rejected");
	ok(rejected(parse("a=%F4%90%80%80", &l), DDD_ERR_BAD_REQUEST, &l),
	    "UTF-8 above U+10FFFF rejected");
	ok(rejected(parse("a=%C3", &l), DDD_ERR_BAD_REQUEST, &l),
	    "truncated UTF-8 rejected");
	ok(rejected(parse("a=%FF", &l), DDD_ERR_BAD_REQUEST, &l),
	    "byte FF rejected");
	ok(rejected(parse("a=\xc3\x28", &l), DDD_ERR_BAD_REQUEST, &l),
	    "raw invalid UTF-8 rejected");

	/* Raw size cap. */
	e = req_parse_urlencoded("a=12345", 7, 7, &l);
	ok(e == DDD_OK && l.n == 1, "input of exactly maxlen accepted");
	e = req_parse_urlencoded("a=12345", 7, 6, &l);
	ok(rejected(e, DDD_ERR_TOO_LARGE, &l),
	    "input over maxlen is DDD_ERR_TOO_LARGE");
	e = req_parse_urlencoded("a=%G", 4, 3, &l);
	ok(rejected(e, DDD_ERR_TOO_LARGE, &l),
	    "size checked before content");

	/* Key length cap. */
	s = repeat("", REQ_MAX_KEY, "k", "=1");
	e = parse(s, &l);
	ok(e == DDD_OK && l.n == 1 && l.v[0].keylen == REQ_MAX_KEY,
	    "key of REQ_MAX_KEY bytes accepted");
	free(s);
	s = repeat("", REQ_MAX_KEY + 1, "k", "=1");
	ok(rejected(parse(s, &l), DDD_ERR_TOO_LARGE, &l),
	    "key of REQ_MAX_KEY+1 bytes is DDD_ERR_TOO_LARGE");
	free(s);
	s = repeat("", REQ_MAX_KEY, "%6B", "=1");
	ok(parse(s, &l) == DDD_OK && l.v[0].keylen == REQ_MAX_KEY,
	    "key cap counts decoded bytes (escaped key at cap accepted)");
	free(s);
	s = repeat("", REQ_MAX_KEY + 1, "%6B", "=1");
	ok(rejected(parse(s, &l), DDD_ERR_TOO_LARGE, &l),
	    "escaped key over cap is DDD_ERR_TOO_LARGE");
	free(s);

	/* Value length cap. */
	s = repeat("v=", REQ_MAX_VALUE, "x", "");
	e = req_parse_urlencoded(s, strlen(s), REQ_MAX_FORM, &l);
	ok(e == DDD_OK && l.n == 1 && l.v[0].vallen == REQ_MAX_VALUE &&
	    strlen(l.v[0].val) == REQ_MAX_VALUE,
	    "value of REQ_MAX_VALUE bytes accepted");
	free(s);
	s = repeat("v=", REQ_MAX_VALUE + 1, "x", "");
	e = req_parse_urlencoded(s, strlen(s), REQ_MAX_FORM, &l);
	ok(rejected(e, DDD_ERR_TOO_LARGE, &l),
	    "value of REQ_MAX_VALUE+1 bytes is DDD_ERR_TOO_LARGE");
	free(s);
	s = repeat("v=", REQ_MAX_VALUE, "%41", "");
	e = req_parse_urlencoded(s, strlen(s), REQ_MAX_FORM, &l);
	ok(e == DDD_OK && l.v[0].vallen == REQ_MAX_VALUE,
	    "value cap counts decoded bytes");
	free(s);

	/* Field count cap. */
	s = repeat("", REQ_MAX_FIELDS, "f=1&", "");
	e = parse(s, &l);
	ok(e == DDD_OK && l.n == REQ_MAX_FIELDS &&
	    kv_count(&l, "f") == REQ_MAX_FIELDS,
	    "REQ_MAX_FIELDS pairs accepted");
	for (i = 0; i < l.n; i++)
		if (strcmp(l.v[i].val, "1") != 0)
			break;
	is_int(i, REQ_MAX_FIELDS, "all REQ_MAX_FIELDS values intact");
	free(s);
	s = repeat("", REQ_MAX_FIELDS, "f&&", "g");
	ok(rejected(parse(s, &l), DDD_ERR_BAD_REQUEST, &l),
	    "REQ_MAX_FIELDS+1 pairs rejected");
	free(s);
	s = repeat("", REQ_MAX_FIELDS, "f&&", "");
	ok(parse(s, &l) == DDD_OK && l.n == REQ_MAX_FIELDS,
	    "empty pieces do not count toward REQ_MAX_FIELDS");
	free(s);

	kvlist_free(&l);
	ok(l.n == 0 && l.v == NULL && l.alloc == 0, "kvlist_free resets");
	kvlist_free(&l);
	ok(l.n == 0, "kvlist_free twice is harmless");
	{
		/* U+FFFE and U+FFFF are valid UTF-8 but not XML characters. */
		struct kvlist x;
		kvlist_init(&x);
		is_int(parse("a=%EF%BF%BF", &x), DDD_ERR_BAD_REQUEST,
		    "U+FFFF in a value refused (not an XML character)");
		is_int(parse("a=%EF%BF%BE", &x), DDD_ERR_BAD_REQUEST,
		    "U+FFFE in a value refused");
		is_int(parse("a=%EF%BF%BD", &x), DDD_OK,
		    "U+FFFD (replacement character) accepted");
		kvlist_free(&x);
	}
	return done_testing();
}
