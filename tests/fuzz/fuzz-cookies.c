/* libFuzzer harness for req_parse_cookies, fed as the worker feeds it:
 * HTTP_COOKIE is a C string (FCGX_GetParam), so the input up to the first
 * NUL; the raw bytes including any NUL are parsed too, and must agree when
 * there is no NUL.  Only cookies of ours are kept, and a header without a
 * cookie of ours or a control character is never refused but for size.  After DDD_OK the list must keep every promise of req.h
 * and survive a round trip (serialise, parse again, same list).  After an
 * error the list must be empty.  Also linked with replay.c. */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "req.h"
#include "fuzz.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);


/* RFC 2616 token character. */
static int
token_char(unsigned char c)
{
	return c > 0x20 && c < 0x7f && strchr("()<>@,;:\\\"/[]?={}", c) == NULL;
}

/* RFC 6265 cookie-octet. */
static int
cookie_octet(unsigned char c)
{
	return c > 0x20 && c < 0x7f && c != '"' && c != ',' && c != ';' &&
	    c != '\\';
}

static void
check_list(const struct kvlist *l)
{
	const struct kv	*kv;
	size_t		 i, j, first;

	CHECK(l->n <= REQ_MAX_FIELDS);
	CHECK(l->n <= l->alloc);
	CHECK(l->n == 0 || l->v != NULL);
	for (i = 0; i < l->n; i++) {
		kv = &l->v[i];
		CHECK(kv->key != NULL && kv->val != NULL);
		CHECK(kv->keylen >= 1 && kv->keylen <= REQ_MAX_KEY);
		/* Only ours are kept. */
		CHECK(strncmp(kv->key, REQ_COOKIE_PREFIX,
		    strlen(REQ_COOKIE_PREFIX)) == 0);
		CHECK(kv->key[kv->keylen] == '\0');
		CHECK(strlen(kv->key) == kv->keylen);
		for (j = 0; j < kv->keylen; j++)
			CHECK(token_char((unsigned char)kv->key[j]));
		CHECK(kv->vallen <= REQ_MAX_VALUE);
		CHECK(kv->val[kv->vallen] == '\0');
		CHECK(strlen(kv->val) == kv->vallen);
		for (j = 0; j < kv->vallen; j++)
			CHECK(cookie_octet((unsigned char)kv->val[j]));
		CHECK(utf8_valid(kv->val, kv->vallen));

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

/* Serialise as a browser would ("k=v; k=v"), quoting every other value;
 * the result is never longer than the input was, plus the quotes. */
static void
round_trip(const struct kvlist *l)
{
	struct kvlist	 again;
	size_t		 i, sz = 1, n = 0;
	char		*s;
	enum ddd_err	 e;

	for (i = 0; i < l->n; i++)
		sz += l->v[i].keylen + l->v[i].vallen + 5;
	if ((s = malloc(sz)) == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		if (i > 0) {
			s[n++] = ';';
			s[n++] = ' ';
		}
		memcpy(s + n, l->v[i].key, l->v[i].keylen);
		n += l->v[i].keylen;
		s[n++] = '=';
		if (i % 2)
			s[n++] = '"';
		memcpy(s + n, l->v[i].val, l->v[i].vallen);
		n += l->v[i].vallen;
		if (i % 2)
			s[n++] = '"';
	}
	kvlist_init(&again);
	e = req_parse_cookies(s, n, &again);
	if (n <= REQ_MAX_COOKIE) {
		CHECK(e == DDD_OK);
		CHECK(same_list(l, &again));
	} else
		CHECK(e == DDD_ERR_TOO_LARGE);
	kvlist_free(&again);
	free(s);
}

static enum ddd_err
run(const char *in, size_t len, struct kvlist *l)
{
	enum ddd_err	 e;

	e = req_parse_cookies(in, len, l);
	if (e == DDD_OK) {
		check_list(l);
		round_trip(l);
	} else {
		CHECK(e == DDD_ERR_BAD_REQUEST || e == DDD_ERR_TOO_LARGE ||
		    e == DDD_ERR_NOMEM);
		CHECK(l->n == 0 && l->v == NULL);
	}
	return e;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kvlist	 raw, str;
	enum ddd_err	 er, es;
	const char	*in = (const char *)data;
	char		*cs;
	size_t		 clen;

	/* The bytes exactly, not NUL-terminated. */
	kvlist_init(&raw);
	er = run(in, size, &raw);
	if (memchr(in, '\0', size) != NULL)
		CHECK(er != DDD_OK);
	/* Other sites' cookies never fail a request: without our prefix
	 * and without control characters, only the size cap can refuse. */
	if (er != DDD_OK && er != DDD_ERR_TOO_LARGE) {
		size_t	 i;
		int	 ctl = 0;

		for (i = 0; i < size; i++)
			if ((data[i] < 0x20 && data[i] != '\t') ||
			    data[i] == 0x7f)
				ctl = 1;
		CHECK(ctl || memmem(in, size, REQ_COOKIE_PREFIX,
		    strlen(REQ_COOKIE_PREFIX)) != NULL);
	}

	/* As the worker sees HTTP_COOKIE: a C string. */
	clen = 0;
	while (clen < size && in[clen] != '\0')
		clen++;
	if ((cs = malloc(clen + 1)) == NULL)
		goto out;
	memcpy(cs, in, clen);
	cs[clen] = '\0';
	kvlist_init(&str);
	es = run(cs, strlen(cs), &str);
	if (clen == size) {
		CHECK(er == es);
		CHECK(same_list(&raw, &str));
	}

	/* Reparsing into a used list replaces it. */
	if (es == DDD_OK) {
		CHECK(req_parse_cookies(in, size, &str) == er);
		CHECK(er != DDD_OK || same_list(&raw, &str));
	}
	kvlist_free(&str);
	free(cs);
out:
	kvlist_free(&raw);
	return 0;
}
