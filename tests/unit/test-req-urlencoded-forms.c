/* req_parse_urlencoded with the forms the WHATWG URL standard's
 * application/x-www-form-urlencoded parser reads and HTML form submission
 * writes: '+' and %20, %2B, empty values, a name without '=', repeated
 * names (a multi-choice question's checkboxes), UTF-8 percent-encoded,
 * escapes in either case, textarea line breaks.  And where we part from
 * the WHATWG parser on purpose (docs/decisions.md, "What the parsers
 * accept"): it never fails, we refuse what no form of ours can send.
 *
 * Each row is the input and the pairs we must get, one a line as
 * key=value, or the error. */

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "req.h"
#include "tap.h"

struct row {
	const char	*in;
	enum ddd_err	 want;
	const char	*pairs;		/* with DDD_OK */
	const char	*what;
};

static const struct row	 rows[] = {
	{ "zoek=van+der+Berg", DDD_OK, "zoek=van der Berg\n",
	    "'+' is a space (what browsers write)" },
	{ "zoek=van%20der%20Berg", DDD_OK, "zoek=van der Berg\n",
	    "%20 is a space too (what scripts write)" },
	{ "a=1%2B1%3D2", DDD_OK, "a=1+1=2\n", "%2B is '+', %3D is '='" },
	{ "a=%2b%3d%c3%a9", DDD_OK, "a=+=\xc3\xa9\n",
	    "escapes in lower case" },
	{ "a=x%26b%3Dy", DDD_OK, "a=x&b=y\n",
	    "%26 and %3D do not split pairs" },
	{ "a=b=c", DDD_OK, "a=b=c\n",
	    "only the first '=' splits name from value" },
	{ "a=&b=", DDD_OK, "a=\nb=\n", "empty values" },
	{ "flag&b=1", DDD_OK, "flag=\nb=1\n",
	    "a name without '=' has the empty value" },
	{ "keuze=havo&keuze=vwo&keuze=mbo", DDD_OK,
	    "keuze=havo\nkeuze=vwo\nkeuze=mbo\n",
	    "repeated names kept in order (checkboxes)" },
	{ "naam=Ren%C3%A9e+%C3%87elik", DDD_OK,
	    "naam=Ren\xc3\xa9" "e \xc3\x87" "elik\n",
	    "UTF-8 percent-encoded" },
	{ "a=%E2%82%AC%F0%9F%98%80", DDD_OK,
	    "a=\xe2\x82\xac\xf0\x9f\x98\x80\n",
	    "three- and four-byte UTF-8" },
	{ "naam=Ren\xc3\xa9" "e", DDD_OK, "naam=Ren\xc3\xa9" "e\n",
	    "raw UTF-8, not encoded (a hand-typed query)" },
	{ "t=regel+1%0D%0Aregel+2", DDD_OK, "t=regel 1\r\nregel 2\n",
	    "a textarea's CRLF (HTML normalises line breaks to CRLF)" },
	{ "a=-_.*~!'()", DDD_OK, "a=-_.*~!'()\n",
	    "characters browsers leave unencoded" },
	{ "a=1;b=2", DDD_OK, "a=1;b=2\n",
	    "';' does not separate pairs (WHATWG: only '&')" },
	{ "&&a=1&&b=2&", DDD_OK, "a=1\nb=2\n",
	    "empty pieces skipped" },
	{ "_charset_=UTF-8&x=1", DDD_OK, "_charset_=UTF-8\nx=1\n",
	    "HTML's _charset_ field is a field like another" },
	{ "csrf=abc.def&stap=2&volgende=", DDD_OK,
	    "csrf=abc.def\nstap=2\nvolgende=\n", "one of our own forms" },

	/* Where the WHATWG parser reads on and we refuse. */
	{ "a=100%", DDD_ERR_BAD_REQUEST, NULL,
	    "'%' without two hex digits (WHATWG keeps it; a browser's "
	    "form writes %25)" },
	{ "a=%zz", DDD_ERR_BAD_REQUEST, NULL,
	    "'%zz' (WHATWG keeps it)" },
	{ "=x", DDD_ERR_BAD_REQUEST, NULL,
	    "an empty name (WHATWG: name \"\"; forms skip nameless "
	    "fields)" },
	{ "a+b=1", DDD_ERR_BAD_REQUEST, NULL,
	    "a name with a space (not [A-Za-z0-9_.-])" },
	{ "a%5B%5D=1", DDD_ERR_BAD_REQUEST, NULL, "a name 'a[]'" },
	{ "%C3%A9=1", DDD_ERR_BAD_REQUEST, NULL, "a non-ASCII name" },
	{ "a=%E9", DDD_ERR_BAD_REQUEST, NULL,
	    "Latin-1 (WHATWG: U+FFFD; we take UTF-8 only)" },
	{ "a=%00", DDD_ERR_BAD_REQUEST, NULL, "NUL" },
	{ "a=%1B%5B31m", DDD_ERR_BAD_REQUEST, NULL,
	    "a control character (ESC)" },
};

int
main(void)
{
	const struct row	*r;
	struct kvlist		 l;
	struct buf		 got;
	enum ddd_err		 e;
	char			*in;
	size_t			 i, k, len;

	kvlist_init(&l);
	buf_init(&got, 4096);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		r = &rows[i];
		/* Exactly its bytes: a sanitizer build sees any over-read. */
		len = strlen(r->in);
		if ((in = malloc(len)) == NULL)
			abort();
		memcpy(in, r->in, len);
		e = req_parse_urlencoded(in, len, REQ_MAX_FORM, &l);
		free(in);
		buf_reset(&got);
		buf_addc(&got, '\0');
		buf_reset(&got);
		for (k = 0; e == DDD_OK && k < l.n; k++)
			buf_printf(&got, "%s=%s\n", l.v[k].key, l.v[k].val);
		if (r->want == DDD_OK) {
			ok(e == DDD_OK && strcmp(got.ptr, r->pairs) == 0,
			    "%s", r->what);
			if (e != DDD_OK)
				printf("#   got %s\n", err_name(e));
			else if (strcmp(got.ptr, r->pairs) != 0)
				diag(got.ptr);
		} else {
			ok(e == r->want && l.n == 0, "refused: %s", r->what);
			if (e != r->want)
				printf("#   got %s\n", err_name(e));
		}
	}
	kvlist_free(&l);
	buf_free(&got);
	return done_testing();
}
