/* The API's cursor (fcgi/api_feed.h) and scopes (fcgi/api_client.h): a
 * cursor is opaque to a client but one spelling per position, and nothing
 * else decodes; scopes read as OAuth and SQL write them. */
#include <stdint.h>
#include <string.h>

#include "api_client.h"
#include "api_feed.h"
#include "crypto.h"
#include "tap.h"

static int
decodes(const char *s, unsigned long long *v)
{
	return api_cursor_decode(s, v) == 0;
}

int
main(void)
{
	static const unsigned long long pos[] = { 0, 1, 9, 10, 4711,
	    (unsigned long long)INT64_MAX };
	char		 c[API_CURSOR_SIZE], plain[64];
	unsigned long long v;
	unsigned int	 sc;
	size_t		 i;

	for (i = 0; i < sizeof(pos) / sizeof(pos[0]); i++) {
		api_cursor_encode(pos[i], c);
		ok(c[0] != '\0' && strspn(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789-_") == strlen(c),
		    "position %llu: a URL-safe cursor '%s'", pos[i], c);
		ok(decodes(c, &v) && v == pos[i], "and back to %llu", pos[i]);
	}
	ok(decodes("", &v) && v == 0, "no cursor is the start");
	ok(decodes(NULL, &v) && v == 0, "nor does NULL");
	ok(!decodes("nonsense", &v), "not ours: refused");
	ok(!decodes("djEuMQ==", &v), "padding: refused (one spelling)");
	ok(!decodes("djEu", &v), "the prefix alone: refused");
	/* Well-formed base64url of text that is not a position. */
	static const char *const bad[] = { "v1.01", "v1.-1", "v1.1x",
	    "v2.1", "v1.99999999999999999999", "v1.9223372036854775808",
	    "v1. 1" };
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ok(crypto_b64url_encode(bad[i], strlen(bad[i]), plain,
		    sizeof(plain)) == 0 && !decodes(plain, &v),
		    "'%s' as a cursor: refused", bad[i]);
	}
	ok(!decodes("djEuMQ.", &v), "a character outside base64url: refused");

	ok(api_scopes_parse("dossiers:read status:write", &sc) == 0 &&
	    sc == API_SCOPES_ALL, "OAuth's space separated scopes");
	ok(api_scopes_parse("dossiers:read,status:write", &sc) == 0 &&
	    sc == API_SCOPES_ALL, "SQL's comma separated SET");
	ok(api_scopes_parse("status:write", &sc) == 0 &&
	    sc == API_SCOPE_STATUS, "one scope");
	ok(api_scopes_parse("", &sc) == 0 && sc == 0, "none");
	ok(api_scopes_parse("dossiers:read admin", &sc) == -1,
	    "an unknown scope: refused");
	ok(api_scopes_parse("dossiers:reader", &sc) == -1,
	    "a longer name is not a prefix match");
	api_scopes_str(API_SCOPES_ALL, " ", plain, sizeof(plain));
	is_str(plain, "dossiers:read status:write", "written as OAuth");
	api_scopes_str(API_SCOPE_READ, ",", plain, sizeof(plain));
	is_str(plain, "dossiers:read", "one");
	api_scopes_str(API_SCOPES_ALL, " ", plain, 10);
	is_str(plain, "", "too small a buffer: empty, not cut");
	return done_testing();
}
