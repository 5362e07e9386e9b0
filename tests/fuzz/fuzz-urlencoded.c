/* libFuzzer harness for req_parse_urlencoded, fed as the worker feeds it:
 *  - as a form body: the bytes as read (NULs possible), cap REQ_MAX_FORM;
 *  - as a query string: QUERY_STRING is a C string, so up to the first
 *    NUL, cap REQ_MAX_QUERY.
 * After DDD_OK the list must keep every promise of req.h (UTF-8 checked
 * by utf8_valid and by an independent decoder), and must survive a round
 * trip (re-encode, parse again, same list).  After an error the
 * list must be empty.  Also linked with replay.c for `make check`. */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "req.h"
#include "ref_utf8.h"
#include "fuzz.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);


static int
key_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

static void
check_list(const struct kvlist *l)
{
	const struct kv	*kv;
	size_t		 i, j, first;
	unsigned char	 c;

	CHECK(l->n <= REQ_MAX_FIELDS);
	CHECK(l->n <= l->alloc);
	CHECK(l->n == 0 || l->v != NULL);
	for (i = 0; i < l->n; i++) {
		kv = &l->v[i];
		CHECK(kv->key != NULL && kv->val != NULL);
		CHECK(kv->keylen >= 1 && kv->keylen <= REQ_MAX_KEY);
		CHECK(kv->key[kv->keylen] == '\0');
		CHECK(strlen(kv->key) == kv->keylen);
		for (j = 0; j < kv->keylen; j++)
			CHECK(key_char((unsigned char)kv->key[j]));
		CHECK(kv->vallen <= REQ_MAX_VALUE);
		CHECK(kv->val[kv->vallen] == '\0');
		CHECK(strlen(kv->val) == kv->vallen);
		for (j = 0; j < kv->vallen; j++) {
			c = (unsigned char)kv->val[j];
			CHECK(c >= 0x20 || c == '\t' || c == '\n' ||
			    c == '\r');
		}
		CHECK(utf8_valid(kv->val, kv->vallen));
		CHECK(ref_utf8_valid((const unsigned char *)kv->val,
		    kv->vallen));

		for (first = 0; first < i; first++)
			if (strcmp(l->v[first].key, kv->key) == 0)
				break;
		CHECK(kv_get(l, kv->key) == &l->v[first]);
		CHECK(kv_count(l, kv->key) >= 1);
	}
}

static int
same_list(const struct kvlist *a, const struct kvlist *b)
{
	size_t	 i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (a->v[i].keylen != b->v[i].keylen ||
		    a->v[i].vallen != b->v[i].vallen ||
		    memcmp(a->v[i].key, b->v[i].key, a->v[i].keylen) != 0 ||
		    memcmp(a->v[i].val, b->v[i].val, a->v[i].vallen) != 0)
			return 0;
	return 1;
}

/* Percent-encode all but [A-Za-z0-9], spaces as '+'; returns length. */
static size_t
encode(char *d, const char *s, size_t len)
{
	static const char	 hex[] = "0123456789ABCDEF";
	size_t			 i, n = 0;
	unsigned char		 c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9'))
			d[n++] = (char)c;
		else if (c == ' ')
			d[n++] = '+';
		else {
			d[n++] = '%';
			d[n++] = hex[c >> 4];
			d[n++] = hex[c & 15];
		}
	}
	return n;
}

static void
round_trip(const struct kvlist *l)
{
	struct kvlist	 again;
	size_t		 i, sz = 1, n = 0;
	char		*s;

	for (i = 0; i < l->n; i++)
		sz += 3 * (l->v[i].keylen + l->v[i].vallen) + 2;
	if ((s = malloc(sz)) == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		if (i > 0)
			s[n++] = '&';
		n += encode(s + n, l->v[i].key, l->v[i].keylen);
		s[n++] = '=';
		n += encode(s + n, l->v[i].val, l->v[i].vallen);
	}
	kvlist_init(&again);
	CHECK(req_parse_urlencoded(s, n, n, &again) == DDD_OK);
	CHECK(same_list(l, &again));
	kvlist_free(&again);
	free(s);
}

static enum ddd_err
run(const char *in, size_t len, size_t maxlen, struct kvlist *l)
{
	enum ddd_err	 e;

	e = req_parse_urlencoded(in, len, maxlen, l);
	if (e == DDD_OK) {
		check_list(l);
		round_trip(l);
	} else {
		CHECK(e == DDD_ERR_BAD_REQUEST || e == DDD_ERR_TOO_LARGE ||
		    e == DDD_ERR_NOMEM);
		CHECK(e != DDD_ERR_TOO_LARGE || len > maxlen ||
		    len > REQ_MAX_KEY);
		CHECK(l->n == 0 && l->v == NULL);
	}
	return e;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kvlist	 body, query;
	enum ddd_err	 eb, eq;
	const char	*in = (const char *)data;
	char		*qs;
	size_t		 qlen;

	/* utf8_valid itself, against the reference, on the raw bytes. */
	CHECK(utf8_valid(in, size) == ref_utf8_valid(data, size));

	/* Body: exactly the bytes, not NUL-terminated. */
	kvlist_init(&body);
	eb = run(in, size, REQ_MAX_FORM, &body);

	/* Query string: a C string, like FCGX_GetParam() gives. */
	qlen = 0;
	while (qlen < size && in[qlen] != '\0')
		qlen++;
	if ((qs = malloc(qlen + 1)) == NULL)
		goto out;
	memcpy(qs, in, qlen);
	qs[qlen] = '\0';
	kvlist_init(&query);
	eq = run(qs, strlen(qs), REQ_MAX_QUERY, &query);

	/* The cap is the only difference between the two. */
	if (qlen == size && size <= REQ_MAX_QUERY) {
		CHECK(eb == eq);
		CHECK(same_list(&body, &query));
	}

	/* Reparsing into a used list replaces it. */
	if (eq == DDD_OK) {
		CHECK(req_parse_urlencoded(in, size, REQ_MAX_FORM,
		    &query) == eb);
		CHECK(eb != DDD_OK || same_list(&body, &query));
	}
	kvlist_free(&query);
	free(qs);
out:
	kvlist_free(&body);
	return 0;
}
