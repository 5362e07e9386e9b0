/* req_parse_cookies: the Cookie request header (RFC 6265 cookie-string),
 * the grammar of our own cookies. */

#include <stdlib.h>
#include <string.h>

#include "req.h"
#include "tap.h"

#define P	REQ_COOKIE_PREFIX
#define PL	(sizeof(REQ_COOKIE_PREFIX) - 1)

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
	e = req_parse_cookies(buf, len, l);
	free(buf);
	return e;
}

static const char *
val(const struct kvlist *l, const char *key)
{
	const struct kv	*kv;

	return (kv = kv_get(l, key)) != NULL ? kv->val : NULL;
}

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

	kvlist_init(&l);

	/* Good headers.  Only our cookies are kept (names starting with
	 * REQ_COOKIE_PREFIX, P here); test-req-cookies-foreign has the
	 * others. */
	e = parse(P "a=1; " P "b=2", &l);
	ok(e == DDD_OK && l.n == 2, "a=1; b=2 parses into two pairs");
	is_str(l.n == 2 ? l.v[0].key : NULL, P "a", "first name in order");
	is_str(l.n == 2 ? l.v[1].val : NULL, "2", "second value");
	ok(l.n == 2 && l.v[0].keylen == PL + 1 && l.v[1].vallen == 1,
	    "lengths stored");

	e = parse(P "a=1;" P "b=2", &l);
	ok(e == DDD_OK && l.n == 2, "no space after ';' accepted");
	e = parse("  " P "a=1 ;\t" P "b=2\t ", &l);
	ok(e == DDD_OK && l.n == 2, "spaces and tabs around pairs trimmed");
	is_str(val(&l, P "a"), "1", "trailing space not in value");
	is_str(val(&l, P "b"), "2", "trailing tab not in value");

	e = parse(P "sid=\"abc\"; " P "e=\"\"; " P "n=", &l);
	ok(e == DDD_OK && l.n == 3, "quoted and empty values accepted");
	is_str(val(&l, P "sid"), "abc", "surrounding quotes removed");
	ok(kv_get(&l, P "sid") != NULL && kv_get(&l, P "sid")->vallen == 3,
	    "vallen excludes the quotes");
	is_str(val(&l, P "e"), "", "\"\" is the empty value");
	is_str(val(&l, P "n"), "", "'n=' is the empty value");

	e = parse(P "b64=YWJj==; " P "p=%41+b", &l);
	is_str(e == DDD_OK ? val(&l, P "b64") : NULL, "YWJj==",
	    "'=' inside a value kept");
	is_str(val(&l, P "p"), "%41+b", "value not percent-decoded");

	e = parse(P "x=1; " P "x=2; " P "y=3; " P "x=4", &l);
	is_str(e == DDD_OK ? val(&l, P "x") : NULL, "1",
	    "kv_get returns the first of repeated names");
	is_int(kv_count(&l, P "x"), 3, "kv_count counts repeated names");
	ok(kv_get(&l, P "z") == NULL && kv_count(&l, P "z") == 0,
	    "missing name: NULL and 0");

	e = parse(P "!#$%&'*+-.^_`|~09AZaz=!#$%&'()*+-./:<=>?@[]^_`{|}~",
	    &l);
	ok(e == DDD_OK && l.n == 1, "every token char in name, every "
	    "cookie-octet in value");

	ok(parse("", &l) == DDD_OK && l.n == 0, "empty header: empty list");
	ok(req_parse_cookies(NULL, 0, &l) == DDD_OK && l.n == 0,
	    "NULL with length 0: empty list");
	ok(parse(P "a=1;", &l) == DDD_OK && l.n == 1,
	    "trailing ';' accepted");
	ok(parse(P "a=1;; ;" P "b=2", &l) == DDD_OK && l.n == 2,
	    "empty pieces skipped");
	ok(parse(" \t ", &l) == DDD_OK && l.n == 0, "blank header: empty");

	e = req_parse_cookies(P "a=1; " P "b=2", PL + 3, &l);
	ok(e == DDD_OK && l.n == 1, "length argument bounds the input");
	e = req_parse_cookies(P "a=\"x\"", PL + 4, &l);
	ok(rejected(e, DDD_ERR_BAD_REQUEST, &l),
	    "closing quote past len not seen");

	parse(P "old=1", &l);
	ok(parse(P "new=1", &l) == DDD_OK && l.n == 1 &&
	    kv_get(&l, P "old") == NULL, "success replaces earlier contents");

	/* Malformed pairs of ours. */
	parse(P "a=1", &l);
	ok(rejected(parse(P, &l), DDD_ERR_BAD_REQUEST, &l),
	    "pair without '=' rejected, earlier contents cleared");
	ok(rejected(parse(P "a=1; " P "b", &l), DDD_ERR_BAD_REQUEST, &l),
	    "later pair without '=' rejected");
	ok(rejected(parse(P "-session", &l), DDD_ERR_BAD_REQUEST, &l),
	    "longer name without '=' rejected");
	ok(rejected(parse(P "a=1; " P "-secure; b=2", &l),
	    DDD_ERR_BAD_REQUEST, &l),
	    "attribute-like piece without '=' rejected");
	ok(rejected(parse(P " b=1", &l), DDD_ERR_BAD_REQUEST, &l),
	    "space in name rejected");
	ok(rejected(parse(P " =1", &l), DDD_ERR_BAD_REQUEST, &l),
	    "space before '=' rejected");
	ok(rejected(parse(P "(b=1", &l), DDD_ERR_BAD_REQUEST, &l),
	    "separator '(' in name rejected");
	ok(rejected(parse(P ":b=1", &l), DDD_ERR_BAD_REQUEST, &l),
	    "separator ':' in name rejected");
	ok(rejected(parse(P "/b=1", &l), DDD_ERR_BAD_REQUEST, &l),
	    "separator '/' in name rejected");
	ok(rejected(parse(P "\xc3\xa9=1", &l), DDD_ERR_BAD_REQUEST, &l),
	    "non-ASCII name rejected");
	ok(rejected(parse(P "=1 2", &l), DDD_ERR_BAD_REQUEST, &l),
	    "space inside value rejected");
	ok(rejected(parse(P "= 1", &l), DDD_ERR_BAD_REQUEST, &l),
	    "space after '=' rejected");
	ok(rejected(parse(P "=x,y", &l), DDD_ERR_BAD_REQUEST, &l),
	    "comma in value rejected");
	ok(rejected(parse(P "=x\\y", &l), DDD_ERR_BAD_REQUEST, &l),
	    "backslash in value rejected");
	ok(rejected(parse(P "=x\"y", &l), DDD_ERR_BAD_REQUEST, &l),
	    "quote inside value rejected");
	ok(rejected(parse(P "=\"x", &l), DDD_ERR_BAD_REQUEST, &l),
	    "unbalanced opening quote rejected");
	ok(rejected(parse(P "=x\"", &l), DDD_ERR_BAD_REQUEST, &l),
	    "unbalanced closing quote rejected");
	ok(rejected(parse(P "=\"", &l), DDD_ERR_BAD_REQUEST, &l),
	    "lone quote rejected");
	ok(rejected(parse(P "=\"x y\"", &l), DDD_ERR_BAD_REQUEST, &l),
	    "space inside quotes rejected");
	ok(rejected(parse(P "=\"\"\"", &l), DDD_ERR_BAD_REQUEST, &l),
	    "three quotes rejected");
	ok(rejected(parse(P "=\xc3\xa9", &l), DDD_ERR_BAD_REQUEST, &l),
	    "non-ASCII value rejected");
	ok(rejected(parse(P "=1," P "b=2", &l), DDD_ERR_BAD_REQUEST, &l),
	    "',' as separator rejected");

	/* Not well-formed as an HTTP header at all, whoever's cookie. */
	ok(rejected(parse("a\x7f=1", &l), DDD_ERR_BAD_REQUEST, &l),
	    "DEL in name rejected");
	ok(rejected(parse("a=x\x01", &l), DDD_ERR_BAD_REQUEST, &l),
	    "control in value rejected");
	ok(rejected(parse("a=x\x7f", &l), DDD_ERR_BAD_REQUEST, &l),
	    "DEL in value rejected");
	e = req_parse_cookies("a=1\0; b=2", 9, &l);
	ok(rejected(e, DDD_ERR_BAD_REQUEST, &l), "NUL in header rejected");
	ok(rejected(parse(P "=1\r\n", &l), DDD_ERR_BAD_REQUEST, &l),
	    "CR LF in header rejected");

	/* Not ours: skipped, however they look (more in
	 * test-req-cookies-foreign). */
	ok(parse("=1", &l) == DDD_OK && l.n == 0,
	    "empty name: not ours, skipped");
	ok(parse("a b=1; a=x,y; " P "=1", &l) == DDD_OK && l.n == 1,
	    "other cookies' syntax is not checked");

	/* Caps. */
	s = repeat(P, REQ_MAX_KEY - PL, "n", "=1");
	ok(parse(s, &l) == DDD_OK && l.n == 1 &&
	    l.v[0].keylen == REQ_MAX_KEY, "name of REQ_MAX_KEY bytes accepted");
	free(s);
	s = repeat(P, REQ_MAX_KEY + 1 - PL, "n", "=1");
	ok(rejected(parse(s, &l), DDD_ERR_TOO_LARGE, &l),
	    "name of REQ_MAX_KEY+1 bytes is DDD_ERR_TOO_LARGE");
	free(s);

	s = repeat(P "=", REQ_MAX_COOKIE - PL - 1, "x", "");
	e = parse(s, &l);
	ok(e == DDD_OK && l.n == 1 && l.v[0].vallen == REQ_MAX_COOKIE - PL - 1,
	    "header of REQ_MAX_COOKIE bytes accepted");
	free(s);
	s = repeat(P "=", REQ_MAX_COOKIE - PL, "x", "");
	ok(rejected(parse(s, &l), DDD_ERR_TOO_LARGE, &l),
	    "header of REQ_MAX_COOKIE+1 bytes is DDD_ERR_TOO_LARGE");
	free(s);
	s = repeat(P "=", REQ_MAX_COOKIE, " ", "");
	ok(rejected(parse(s, &l), DDD_ERR_TOO_LARGE, &l),
	    "raw size counts trimmed blanks too");
	free(s);

	s = repeat("", REQ_MAX_FIELDS, P "c=1; ", "");
	ok(parse(s, &l) == DDD_OK && l.n == REQ_MAX_FIELDS,
	    "REQ_MAX_FIELDS cookies accepted");
	free(s);
	s = repeat("", REQ_MAX_FIELDS, P "c=1; ", P "d=2");
	ok(rejected(parse(s, &l), DDD_ERR_BAD_REQUEST, &l),
	    "REQ_MAX_FIELDS+1 cookies rejected");
	free(s);

	kvlist_free(&l);
	ok(l.n == 0 && l.v == NULL, "kvlist_free resets");
	return done_testing();
}
