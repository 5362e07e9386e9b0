/* req_parse_cookies with the Cookie headers browsers really send: the
 * browser sends every cookie of the host (and of its parent domains), so
 * other sites' analytics, consent and framework cookies arrive beside
 * ours.  Those are skipped, whatever they hold; a cookie whose name starts
 * with REQ_COOKIE_PREFIX is ours and must be well-formed (RFC 6265 4.1.1),
 * else the whole request is refused. */

#include <stdlib.h>
#include <string.h>

#include "req.h"
#include "session.h"
#include "tap.h"

/* One Cookie header, what we keep of it. */
struct row {
	const char	*header;
	enum ddd_err	 want;
	const char	*ddd;		/* value of __Host-ddd, NULL: none */
	size_t		 kept;		/* pairs in the list */
	const char	*what;
};

static const struct row	 rows[] = {
	/* What browsers send for a host with other sites' cookies. */
	{ "_ga=GA1.2.1234567890.1700000000; __Host-ddd=abc; "
	    "_gid=GA1.2.987654321.1700000000", DDD_OK, "abc", 1,
	    "Google Analytics cookies around ours" },
	{ "CookieConsent={stamp:%27x%27,necessary:true,preferences:false}; "
	    "__Host-ddd=abc", DDD_OK, "abc", 1,
	    "consent cookie with ',' and '{' in its value (Cookiebot)" },
	{ "cookieyes-consent=consentid:abc,consent:yes,action:yes; "
	    "__Host-ddd=abc", DDD_OK, "abc", 1,
	    "consent cookie with ',' (CookieYes)" },
	{ "prefs={\"lang\":\"nl\",\"theme\":\"dark\"}; __Host-ddd=abc",
	    DDD_OK, "abc", 1, "JSON value with '\"' and ','" },
	{ "token=eyJhbGciOiJIUzI1NiJ9.e30.x==; __Host-ddd=abc", DDD_OK,
	    "abc", 1, "base64 value with '=' padding" },
	{ "msg=hello world; __Host-ddd=abc", DDD_OK, "abc", 1,
	    "space inside another cookie's value" },
	{ "naam=Ren\xc3\xa9" "e; __Host-ddd=abc", DDD_OK, "abc", 1,
	    "UTF-8 in another cookie's value (set by script)" },
	{ "caf\xc3\xa9=1; __Host-ddd=abc", DDD_OK, "abc", 1,
	    "UTF-8 in another cookie's name" },
	{ "a\\b=1; __Host-ddd=abc", DDD_OK, "abc", 1,
	    "backslash in another cookie's name" },
	{ "x=\"unbalanced; __Host-ddd=abc", DDD_OK, "abc", 1,
	    "unbalanced quote in another cookie" },
	{ "nameless; __Host-ddd=abc", DDD_OK, "abc", 1,
	    "a cookie without a name (sent without '=')" },
	{ "=v; __Host-ddd=abc", DDD_OK, "abc", 1,
	    "a cookie with an empty name ('=v')" },
	{ "a[0]=1; b:c=2; d/e=3; f@g=4; h?i=5; __Host-ddd=abc", DDD_OK,
	    "abc", 1, "separators in other cookies' names (PHP arrays)" },
	{ "a =1; __Host-ddd=abc", DDD_OK, "abc", 1,
	    "space before '=' in another cookie" },
	{ "ddd=1; __host-ddd=2; __Host-dd=3; __Host-ddd=abc", DDD_OK, "abc",
	    1, "names like ours but not ours are not ours" },
	{ "__Secure-x=1; __Host-other=2; __Host-ddd=abc", DDD_OK, "abc", 1,
	    "other prefixed cookies" },
	{ "_ga=GA1.2.1; _gid=GA1.2.2", DDD_OK, NULL, 0,
	    "only other cookies: an empty list, no error" },

	/* Ours, the RFC 6265 forms. */
	{ "__Host-ddd=abc;__Host-ddd-pre=def", DDD_OK, "abc", 2,
	    "'a=1;b=2' without the space" },
	{ "__Host-ddd=\"abc\"", DDD_OK, "abc", 1,
	    "quoted value (DQUOTE *cookie-octet DQUOTE)" },
	{ "__Host-ddd=", DDD_OK, "", 1, "empty value" },
	{ "__Host-ddd-dev=AAAAAAAAAAAAAAAAAAAAAA.x-_; __Host-ddd=abc",
	    DDD_OK, "abc", 2, "device cookie beside the session" },

	/* Ours, malformed: the request is refused. */
	{ "__Host-ddd=a b", DDD_ERR_BAD_REQUEST, NULL, 0,
	    "space inside our value" },
	{ "__Host-ddd=a,b", DDD_ERR_BAD_REQUEST, NULL, 0,
	    "',' inside our value" },
	{ "__Host-ddd=a\"b", DDD_ERR_BAD_REQUEST, NULL, 0,
	    "'\"' inside our value" },
	{ "__Host-ddd=\"ab", DDD_ERR_BAD_REQUEST, NULL, 0,
	    "unbalanced quote in our value" },
	{ "__Host-ddd=a\\b", DDD_ERR_BAD_REQUEST, NULL, 0,
	    "backslash in our value" },
	{ "__Host-ddd=caf\xc3\xa9", DDD_ERR_BAD_REQUEST, NULL, 0,
	    "non-ASCII in our value" },
	{ "__Host-ddd =abc", DDD_ERR_BAD_REQUEST, NULL, 0,
	    "space before '=' after our name" },
	{ "__Host-ddd(x)=abc", DDD_ERR_BAD_REQUEST, NULL, 0,
	    "separator in a name with our prefix" },
	{ "_ga=1; __Host-ddd-pre=a b; __Host-ddd=abc", DDD_ERR_BAD_REQUEST,
	    NULL, 0, "one malformed cookie of ours among good ones" },

	/* Not cookie syntax but HTTP's: no control characters anywhere. */
	{ "x=a\x01; __Host-ddd=abc", DDD_ERR_BAD_REQUEST, NULL, 0,
	    "control character in another cookie: a broken header" },
	{ "x=a\x7f; __Host-ddd=abc", DDD_ERR_BAD_REQUEST, NULL, 0,
	    "DEL in another cookie: a broken header" },
	{ "x=a\tb; __Host-ddd=abc", DDD_OK, "abc", 1,
	    "TAB is HTTP whitespace, allowed in a field value" },
};

static int
starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int
main(void)
{
	struct kvlist	 l;
	const struct kv	*kv;
	enum ddd_err	 e;
	size_t		 i, n, len;
	char		*buf, *s, *p;

	kvlist_init(&l);
	ok(starts_with(SESSION_COOKIE, REQ_COOKIE_PREFIX) &&
	    starts_with(PRE_COOKIE, REQ_COOKIE_PREFIX) &&
	    starts_with(DEVICE_COOKIE, REQ_COOKIE_PREFIX),
	    "every cookie of ours has the prefix " REQ_COOKIE_PREFIX);

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		/* A copy of exactly its length, no NUL after it. */
		len = strlen(rows[i].header);
		if ((buf = malloc(len)) == NULL)
			abort();
		memcpy(buf, rows[i].header, len);
		e = req_parse_cookies(buf, len, &l);
		free(buf);
		kv = kv_get(&l, SESSION_COOKIE);
		ok(e == rows[i].want && l.n == rows[i].kept &&
		    (rows[i].ddd == NULL ? kv == NULL : kv != NULL &&
		    strcmp(kv->val, rows[i].ddd) == 0), "%s", rows[i].what);
		if (e != rows[i].want || l.n != rows[i].kept)
			printf("#   got %s with %zu pairs\n", err_name(e), l.n);
	}

	/* Many other cookies: they take no room of ours.  A host can have
	 * 180 cookies per domain in Chrome; nginx lets a Cookie line of up
	 * to 16 KiB through (large_client_header_buffers 4 16k). */
	n = 300;
	if ((s = malloc(n * 12 + 32)) == NULL)
		abort();
	for (i = 0, p = s; i < n; i++)
		p += sprintf(p, "_c%03zu=v%03zu; ", i, i);
	strcpy(p, "__Host-ddd=abc");
	e = req_parse_cookies(s, strlen(s), &l);
	ok(e == DDD_OK && l.n == 1 && kv_get(&l, SESSION_COOKIE) != NULL,
	    "300 other cookies: ours read, theirs not kept");
	free(s);

	len = REQ_MAX_COOKIE;
	ok(len >= 16 * 1024, "the cap is at least nginx's header line (%zu)",
	    len);
	if ((s = malloc(len)) == NULL)
		abort();
	memset(s, 'x', len);
	memcpy(s, "__Host-ddd=abc; big=", 20);
	e = req_parse_cookies(s, len, &l);
	ok(e == DDD_OK && l.n == 1, "a header of exactly REQ_MAX_COOKIE "
	    "bytes, mostly another cookie");
	free(s);

	/* Our cookies still have a count cap. */
	if ((s = malloc((REQ_MAX_FIELDS + 1) * 24)) == NULL)
		abort();
	for (i = 0, p = s; i < REQ_MAX_FIELDS + 1; i++)
		p += sprintf(p, "%s%s-%zu=1", i ? "; " : "",
		    REQ_COOKIE_PREFIX, i);
	e = req_parse_cookies(s, strlen(s), &l);
	ok(e == DDD_ERR_BAD_REQUEST && l.n == 0,
	    "REQ_MAX_FIELDS + 1 cookies of ours refused");
	free(s);

	kvlist_free(&l);
	return done_testing();
}
