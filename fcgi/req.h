/* Request input parsing: query strings, application/x-www-form-urlencoded
 * bodies and Cookie headers.  Pure functions over bytes (no libfcgi), so the
 * unit tests and the fuzz harness drive exactly what the worker runs. */
#ifndef DDD_REQ_H
#define DDD_REQ_H

#include <stddef.h>
#include "err.h"

/* Caps: input beyond these is refused, never truncated. */
#define REQ_MAX_FIELDS		256		/* pairs per query/body/cookie */
#define REQ_MAX_KEY		64		/* bytes in a decoded key */
#define REQ_MAX_VALUE		(256 * 1024)	/* bytes in a decoded value */
#define REQ_MAX_QUERY		(8 * 1024)	/* raw query string */
#define REQ_MAX_COOKIE		(16 * 1024)	/* raw Cookie header: nginx's
						 * large_client_header_buffers */
/* Cookies whose names start with this are ours (fcgi/session.h): the
 * Cookie parser keeps only these. */
#define REQ_COOKIE_PREFIX	"__Host-ddd"
#define REQ_MAX_FORM		(1024 * 1024)	/* raw urlencoded body */

/* One decoded name/value pair.  Both are NUL-terminated copies owned by
 * the list; values are valid UTF-8 without NUL or other C0 controls
 * except TAB, CR and LF (LF/CR are allowed in values for text areas). */
struct kv {
	char	*key;
	size_t	 keylen;
	char	*val;
	size_t	 vallen;
};

struct kvlist {
	struct kv	*v;
	size_t		 n;
	size_t		 alloc;
};

void		 kvlist_init(struct kvlist *);
void		 kvlist_free(struct kvlist *);

/* Parse "a=1&b=2".  '+' is a space, %XX is decoded; a bad escape, invalid
 * UTF-8, a control character, an empty key, or a cap exceeded gives
 * DDD_ERR_BAD_REQUEST (DDD_ERR_TOO_LARGE for the size caps) and leaves
 * 'out' empty.  Empty pieces ("a=1&&b=2", trailing '&') are skipped; a
 * key without '=' has the empty value.  Keys: [A-Za-z0-9_.-] only. */
enum ddd_err	 req_parse_urlencoded(const char *in, size_t len,
		    size_t maxlen, struct kvlist *out);

/* Parse a Cookie header: "a=1; b=2" (RFC 6265 cookie-string; the space
 * after ';' is optional, SP/HTAB around a pair ignored).  Only our own
 * cookies, whose names start with REQ_COOKIE_PREFIX, are kept; the others
 * the browser sends for the host (analytics, consent banners, nameless
 * ones) are skipped whatever they hold.  Ours must be RFC 6265 4.1.1
 * pairs: a token name, '=', cookie-octets, optionally in double quotes
 * (removed); values are not percent-decoded.  A malformed pair of ours, a
 * control character (but HTAB) or DEL anywhere in the header, or too many
 * cookies of ours give DDD_ERR_BAD_REQUEST, the size caps
 * DDD_ERR_TOO_LARGE; 'out' is left empty. */
enum ddd_err	 req_parse_cookies(const char *in, size_t len,
		    struct kvlist *out);

/* First value for key, or NULL. */
const struct kv	*kv_get(const struct kvlist *, const char *key);
/* Number of pairs with this key (forms send repeated keys for checkboxes). */
size_t		 kv_count(const struct kvlist *, const char *key);

/* The rules every parser applies to a field: a key of [A-Za-z0-9_.-]
 * (not empty); a value of valid UTF-8 without NUL or C0 controls but TAB,
 * CR and LF, and without U+FFFE/U+FFFF (not XML).  1 when it passes. */
int		 req_key_ok(const char *, size_t);
int		 req_value_ok(const char *, size_t);

/* Characters (code points) in valid UTF-8. */
size_t		 utf8_chars(const char *, size_t);

/* Valid UTF-8 (no overlongs, no surrogates, at most U+10FFFF)? */
int		 utf8_valid(const char *, size_t);
/* Remove in place the bytes that are not valid UTF-8 (a character cut by
 * a byte limit); the new length. */
size_t		 utf8_scrub(char *);

#endif
