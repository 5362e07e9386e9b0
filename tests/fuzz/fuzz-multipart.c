/* libFuzzer harness for mp_parse, mp_boundary and mp_fields.  The input's
 * first line (up to LF, a CR before it dropped) is the boundary, the rest
 * is the body, used in place (so a read past its end is past libFuzzer's
 * buffer).  The first line also goes to mp_boundary as a CONTENT_TYPE
 * header; when that succeeds the body is parsed with its boundary too.
 *
 * After DDD_OK every part must keep the promises of multipart.h, checked
 * here independently (UTF-8 by its own decoder): data inside the body, in
 * order, not overlapping, followed by the delimiter; names, file names,
 * content types well-formed; the text fields equal mp_fields' list.  The
 * form must survive a round trip (written out canonically and parsed
 * again, the same parts), and tighter limits may only refuse, never
 * change, a parse.  After an error the form must be empty.  Also linked
 * with replay.c for `make check`. */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "multipart.h"
#include "req.h"
#include "ref_utf8.h"
#include "fuzz.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);


static const struct mp_limits	 tiny = {
	.max_parts = 3,
	.max_header = 96,
	.max_header_lines = 3,
	.max_text = 16,
	.max_file = 64,
	.max_total = 2048,
};

static int
key_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

/* RFC 2046 bchars, by the RFC's list. */
static int
ref_bchar(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || (c != '\0' &&
	    memchr("'()+_,-./:=? ", c, 13) != NULL);
}

/* UTF-8 by the reference decoder (ref_utf8.h).  Without filename, also
 * refuse C0 controls but tab, LF and CR; with it, refuse what
 * multipart.c strips from file names. */
static int
ref_utf8_ok(const unsigned char *s, size_t len, int filename)
{
	size_t		 i = 0;
	uint32_t	 cp;

	while (i < len) {
		if (!ref_utf8_next(s, len, &i, &cp))
			return 0;
		if (filename && (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
		    cp == '/' || cp == '\\' || cp == 0x200e || cp == 0x200f ||
		    cp == 0x2028 || cp == 0x2029 ||
		    (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff ||
		    cp == 0xfffe || cp == 0xffff))
			return 0;
		if (!filename && cp < 0x20 && cp != '\t' && cp != '\n' &&
		    cp != '\r')
			return 0;
	}
	return 1;
}

static void
check_form(const struct mp_form *f, const char *body, size_t len,
    const char *bnd, const struct mp_limits *lim)
{
	const struct mp_part	*p;
	struct kvlist		 kl;
	char			 delim[4 + MP_BOUNDARY_MAX];
	const char		*prev_end = body;
	size_t			 i, j, first, dlen, sum = 0, ntext = 0, t;
	size_t			 maxtext;
	int			 at_delim;

	dlen = 4 + strlen(bnd);
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, bnd, dlen - 4);
	maxtext = lim->max_text < REQ_MAX_VALUE ? lim->max_text :
	    REQ_MAX_VALUE;

	CHECK(f->n <= lim->max_parts && f->n <= REQ_MAX_FIELDS);
	CHECK(f->n <= f->alloc);
	CHECK(f->n > 0 || f->v == NULL);
	for (i = 0; i < f->n; i++) {
		p = &f->v[i];
		CHECK(p->name != NULL && p->content_type != NULL);
		t = strlen(p->name);
		CHECK(t >= 1 && t <= REQ_MAX_KEY);
		for (j = 0; j < t; j++)
			CHECK(key_char((unsigned char)p->name[j]));

		t = strlen(p->content_type);
		CHECK(t >= 1);
		CHECK(p->content_type[0] != ' ' && p->content_type[0] != '\t');
		CHECK(p->content_type[t - 1] != ' ' &&
		    p->content_type[t - 1] != '\t');
		for (j = 0; j < t; j++)
			CHECK((p->content_type[j] >= 0x20 &&
			    p->content_type[j] <= 0x7e) ||
			    p->content_type[j] == '\t');

		if (p->filename != NULL) {
			t = strlen(p->filename);
			CHECK(t <= MP_MAX_FILENAME);
			CHECK(ref_utf8_ok((const unsigned char *)p->filename,
			    t, 1));
			CHECK(strcmp(p->filename, ".") != 0 &&
			    strcmp(p->filename, "..") != 0);
			CHECK(p->len <= lim->max_file);
		} else {
			ntext++;
			CHECK(p->len <= maxtext);
			CHECK(ref_utf8_ok((const unsigned char *)p->data,
			    p->len, 0));
			CHECK(utf8_valid(p->data, p->len));
		}

		/* Inside the body, in order, not overlapping. */
		CHECK(p->data != NULL);
		CHECK(p->data >= prev_end && p->data <= body + len);
		CHECK(p->len <= (size_t)(body + len - p->data));
		prev_end = p->data + p->len;
		sum += p->len;

		/* Ends at a delimiter, holds none. */
		at_delim = (size_t)(body + len - prev_end) >= dlen &&
		    memcmp(prev_end, delim, dlen) == 0;
		/* Empty data may also sit right in the delimiter that
		 * starts with the empty line's CRLF. */
		if (!at_delim && p->len == 0)
			at_delim = p->data - body >= 2 &&
			    (size_t)(body + len - p->data) + 2 >= dlen &&
			    memcmp(p->data - 2, delim, dlen) == 0;
		CHECK(at_delim);
		CHECK(p->len < dlen ||
		    memmem(p->data, p->len, delim, dlen) == NULL);

		for (first = 0; first < i; first++)
			if (strcmp(f->v[first].name, p->name) == 0)
				break;
		CHECK(mp_get(f, p->name) == &f->v[first]);
		CHECK(mp_count(f, p->name) >= 1);
	}
	CHECK(sum <= len);

	kvlist_init(&kl);
	if (mp_fields(f, &kl) == DDD_OK) {
		CHECK(kl.n == ntext);
		for (i = j = 0; i < f->n; i++) {
			p = &f->v[i];
			if (p->filename != NULL)
				continue;
			CHECK(strcmp(kl.v[j].key, p->name) == 0);
			CHECK(kl.v[j].keylen == strlen(p->name));
			CHECK(kl.v[j].vallen == p->len);
			CHECK(kl.v[j].val[p->len] == '\0');
			CHECK(memcmp(kl.v[j].val, p->data, p->len) == 0);
			j++;
		}
	}
	kvlist_free(&kl);
}

static int
same_form(const struct mp_form *a, const struct mp_form *b)
{
	const struct mp_part	*p, *q;
	size_t			 i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++) {
		p = &a->v[i];
		q = &b->v[i];
		if (strcmp(p->name, q->name) != 0 ||
		    strcmp(p->content_type, q->content_type) != 0 ||
		    (p->filename == NULL) != (q->filename == NULL) ||
		    (p->filename != NULL &&
		    strcmp(p->filename, q->filename) != 0) ||
		    p->len != q->len ||
		    (p->len > 0 && memcmp(p->data, q->data, p->len) != 0))
			return 0;
	}
	return 1;
}

static char *
put(char *d, const char *s, size_t len)
{
	memcpy(d, s, len);
	return d + len;
}

/* Write the form out as a browser would and parse it again. */
static void
round_trip(const struct mp_form *f, const char *bnd,
    const struct mp_limits *lim)
{
	struct mp_form		 again;
	struct mp_limits	 big = *lim;
	const struct mp_part	*p;
	const char		*s;
	char			*body, *d;
	size_t			 i, sz, blen = strlen(bnd);

	sz = blen + 8;
	for (i = 0; i < f->n; i++) {
		p = &f->v[i];
		sz += 100 + strlen(p->name) + strlen(p->content_type) +
		    p->len + blen;
		if (p->filename != NULL)
			sz += 2 * strlen(p->filename);
	}
	if ((body = malloc(sz)) == NULL)
		return;
	d = put(body, "--", 2);
	d = put(d, bnd, blen);
	for (i = 0; i < f->n; i++) {
		p = &f->v[i];
		d = put(d, "\r\nContent-Disposition: form-data; name=\"", 40);
		d = put(d, p->name, strlen(p->name));
		d = put(d, "\"", 1);
		if (p->filename != NULL) {
			d = put(d, "; filename=\"", 12);
			for (s = p->filename; *s != '\0'; s++) {
				if (*s == '"')
					*d++ = '\\';
				*d++ = *s;
			}
			d = put(d, "\"", 1);
		}
		d = put(d, "\r\nContent-Type: ", 16);
		d = put(d, p->content_type, strlen(p->content_type));
		d = put(d, "\r\n\r\n", 4);
		d = put(d, p->data, p->len);
		d = put(d, "\r\n--", 4);
		d = put(d, bnd, blen);
	}
	d = put(d, "--\r\n", 4);
	CHECK((size_t)(d - body) <= sz);

	big.max_parts = REQ_MAX_FIELDS;
	big.max_header = 8192;
	big.max_header_lines = 8;
	big.max_total = SIZE_MAX;
	mp_form_init(&again);
	CHECK(mp_parse(body, (size_t)(d - body), bnd, &big, &again) ==
	    DDD_OK);
	CHECK(same_form(f, &again));
	mp_form_free(&again);
	free(body);
}

static void
run(const char *body, size_t len, const char *bnd)
{
	struct mp_limits	 def = MP_LIMITS_DEFAULT;
	struct mp_form		 f, g;
	enum ddd_err		 e, et;

	mp_form_init(&f);
	mp_form_init(&g);
	e = mp_parse(body, len, bnd, &def, &f);
	if (e == DDD_OK) {
		check_form(&f, body, len, bnd, &def);
		round_trip(&f, bnd, &def);
	} else {
		CHECK(e == DDD_ERR_BAD_REQUEST || e == DDD_ERR_TOO_LARGE ||
		    e == DDD_ERR_NOMEM);
		CHECK(f.n == 0 && f.v == NULL);
	}

	/* Tighter limits refuse more, but never parse differently. */
	et = mp_parse(body, len, bnd, &tiny, &g);
	if (et == DDD_OK) {
		check_form(&g, body, len, bnd, &tiny);
		CHECK(e == DDD_OK && same_form(&f, &g));
	} else
		CHECK(g.n == 0 && g.v == NULL);

	/* Parsing into a used form replaces it. */
	if (e == DDD_OK) {
		CHECK(mp_parse(body, len, bnd, &def, &g) == DDD_OK);
		CHECK(same_form(&f, &g));
	}
	mp_form_free(&g);
	mp_form_free(&f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*in = (const char *)data, *nl;
	char		*line, out[MP_BOUNDARY_SIZE];
	size_t		 llen, off, i;

	if ((nl = memchr(in, '\n', size)) == NULL)
		return 0;
	llen = (size_t)(nl - in);
	off = llen + 1;
	if (llen > 0 && in[llen - 1] == '\r')
		llen--;
	if ((line = malloc(llen + 1)) == NULL)
		return 0;
	memcpy(line, in, llen);
	line[llen] = '\0';

	run(in + off, size - off, line);

	if (mp_boundary(line, out, sizeof(out)) == DDD_OK) {
		llen = strlen(out);
		CHECK(llen >= 1 && llen <= MP_BOUNDARY_MAX);
		CHECK(out[llen - 1] != ' ');
		for (i = 0; i < llen; i++)
			CHECK(ref_bchar((unsigned char)out[i]));
		run(in + off, size - off, out);
	} else
		CHECK(out[0] == '\0');
	free(line);
	return 0;
}
