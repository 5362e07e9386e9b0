/* mp_boundary + mp_parse with the forms RFC 7578 and RFC 2046 allow and
 * real clients send, not only the ones our pages make: quoted boundaries
 * with a space, all 70 characters, transport padding, preamble and
 * epilogue, header names in any case, folded and extra header lines,
 * Content-Disposition parameters in any order and quoting, filename*, a
 * part's Content-Type with parameters, no file chosen.  And the forms we
 * refuse on purpose (docs/decisions.md, "What the parsers accept").
 *
 * Each row is the Content-Type header and the body as a client sends
 * them, and the parts we must get, written one a line as
 *	name[filename](content type)=data
 * ("[...]" only for a file), or the error. */

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "multipart.h"
#include "tap.h"

#define CT(b)	"multipart/form-data; boundary=" b

struct row {
	const char	*ct;
	const char	*body;
	enum ddd_err	 want;
	const char	*parts;		/* with DDD_OK */
	const char	*what;
};

static const struct row	 rows[] = {
	/* Boundaries. */
	{ CT("\"a b\""),
	    "--a b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n"
	    "--a b--\r\n", DDD_OK, "x(text/plain)=1\n",
	    "boundary=\"a b\": quoted, with a space" },
	{ CT("\"'()+_,-./:=? 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
	    "KLMNOPQRS\""),
	    "--'()+_,-./:=? 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
	    "KLMNOPQRS\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n"
	    "--'()+_,-./:=? 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
	    "KLMNOPQRS--", DDD_OK, "x(text/plain)=1\n",
	    "a boundary of 70 characters, every bchar" },
	{ CT("\"a\\=b\""),
	    "--a=b\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n"
	    "--a=b--", DDD_OK, "x(text/plain)=1\n",
	    "quoted-pair in the quoted boundary (\"a\\=b\" is a=b)" },
	{ "multipart/form-data;boundary=xyz;charset=UTF-8",
	    "--xyz\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n"
	    "--xyz--", DDD_OK, "x(text/plain)=1\n",
	    "no spaces, another parameter after the boundary" },
	{ "MULTIPART/FORM-DATA; BOUNDARY=xyz",
	    "--xyz\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n"
	    "--xyz--", DDD_OK, "x(text/plain)=1\n",
	    "media type and parameter name in capitals" },
	{ CT("------------------------d74496d66958873e"),
	    "--------------------------d74496d66958873e\r\n"
	    "Content-Disposition: form-data; name=\"lijst\"; "
	    "filename=\"l.csv\"\r\nContent-Type: text/csv\r\n\r\na;b\r\n"
	    "--------------------------d74496d66958873e--\r\n", DDD_OK,
	    "lijst[l.csv](text/csv)=a;b\n", "curl -F's form" },

	/* Delimiter lines, preamble, epilogue. */
	{ CT("B"),
	    "--B  \r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n"
	    "--B\t \r\nContent-Disposition: form-data; name=y\r\n\r\n2\r\n"
	    "--B--  \r\n", DDD_OK, "x(text/plain)=1\ny(text/plain)=2\n",
	    "transport padding after delimiters and the close" },
	{ CT("B"),
	    "This is a multi-part message in MIME format.\r\n"
	    "--B\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n"
	    "--B--\r\nThis is the epilogue.\r\n--B\r\nnot a part\r\n",
	    DDD_OK, "x(text/plain)=1\n", "a preamble and an epilogue" },
	{ CT("B"),
	    "--B\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n--B--",
	    DDD_OK, "x(text/plain)=1\n", "no CRLF after the close" },

	/* Part headers. */
	{ CT("B"),
	    "--B\r\ncontent-disposition: form-data; name=x\r\n"
	    "CONTENT-TYPE: text/csv\r\n\r\n1\r\n--B--", DDD_OK,
	    "x(text/csv)=1\n", "header names in other case" },
	{ CT("B"),
	    "--B\r\nContent-Disposition: form-data;\r\n name=\"lijst\";\r\n"
	    "\tfilename=\"l.csv\"\r\nContent-Type: text/csv\r\n\r\na\r\n--B--",
	    DDD_OK, "lijst[l.csv](text/csv)=a\n",
	    "folded Content-Disposition (RFC 5322 folding)" },
	{ CT("B"),
	    "--B\r\nContent-Disposition: form-data; name=x\r\nContent-Type:"
	    "\r\n text/plain;\r\n charset=utf-8\r\n\r\n1\r\n--B--", DDD_OK,
	    "x(text/plain; charset=utf-8)=1\n", "folded Content-Type" },
	{ CT("B"),
	    "--B\r\nContent-Disposition: form-data; name=x\r\nContent-Length: 1"
	    "\r\nX-Extra: y\r\nContent-ID: <a@b>\r\n\r\n1\r\n--B--", DDD_OK,
	    "x(text/plain)=1\n", "extra header fields ignored (RFC 7578 4.8)" },
	{ CT("B"),
	    "--B\r\nContent-Disposition: form-data; name=x\r\n"
	    "Content-Transfer-Encoding: binary\r\n\r\n1\r\n--B--", DDD_OK,
	    "x(text/plain)=1\n", "Content-Transfer-Encoding: binary" },
	{ CT("B"),
	    "--B\r\nContent-Disposition: form-data; name=\"lijst\"; "
	    "filename=\"l.csv\"\r\n\r\na\r\n--B--", DDD_OK,
	    "lijst[l.csv](text/plain)=a\n", "a file without Content-Type" },
	{ CT("B"),
	    "--B\r\nContent-Disposition: form-data; name=\"lijst\"; "
	    "filename=\"l.csv\"\r\nContent-Type: text/csv; charset=windows-1252"
	    "\r\n\r\na\r\n--B--", DDD_OK,
	    "lijst[l.csv](text/csv; charset=windows-1252)=a\n",
	    "Content-Type: text/csv; charset=windows-1252" },
	{ CT("B"),
	    "--B\r\nContent-Disposition: form-data; name=x\r\nContent-Type: "
	    "text/plain; charset=\"utf-8\"; format=flowed\r\n\r\n1\r\n--B--",
	    DDD_OK, "x(text/plain; charset=\"utf-8\"; format=flowed)=1\n",
	    "Content-Type with a quoted parameter and two parameters" },

	/* Content-Disposition parameters. */
	{ CT("B"),
	    "--B\r\nContent-Disposition: form-data; filename=\"x.csv\"; "
	    "name=\"lijst\"\r\n\r\na\r\n--B--", DDD_OK,
	    "lijst[x.csv](text/plain)=a\n", "filename before name" },
	{ CT("B"),
	    "--B\r\nContent-Disposition: form-data; name=lijst; filename=x.csv"
	    "\r\n\r\na\r\n--B--", DDD_OK, "lijst[x.csv](text/plain)=a\n",
	    "name and filename as unquoted tokens" },
	{ CT("B"),
	    "--B\r\nContent-Disposition: Form-Data; NAME=\"lijst\"; "
	    "FileName=\"x.csv\"\r\n\r\na\r\n--B--", DDD_OK,
	    "lijst[x.csv](text/plain)=a\n",
	    "type and parameter names in any case" },
	{ CT("B"),
	    "--B\r\nContent-Disposition: form-data; name=\"lijst\"; "
	    "filename=\"a\\\"b\\\\c.csv\"\r\n\r\na\r\n--B--", DDD_OK,
	    "lijst[c.csv](text/plain)=a\n",
	    "quoted-pairs \\\" and \\\\ in a file name (then its last "
	    "component)" },
	{ CT("B"),
	    "--B\r\nContent-Disposition: form-data; name=\"lijst\"; "
	    "filename=\"say \\\"hi\\\".csv\"\r\n\r\na\r\n--B--", DDD_OK,
	    "lijst[say \"hi\".csv](text/plain)=a\n",
	    "escaped quotes in a file name" },
	{ CT("B"),
	    "--B\r\nContent-Disposition: form-data; name=\"lijst\"; "
	    "filename=\"a%22b.csv\"\r\n\r\na\r\n--B--", DDD_OK,
	    "lijst[a%22b.csv](text/plain)=a\n",
	    "%22 (how browsers send '\"') is not decoded" },
	{ CT("B"),
	    "--B\r\nContent-Disposition: form-data; name=\"lijst\"; "
	    "filename=\"EUR.csv\"; filename*=UTF-8''%E2%82%AC.csv\r\n\r\na\r\n"
	    "--B--", DDD_OK, "lijst[\xe2\x82\xac.csv](text/plain)=a\n",
	    "filename* (RFC 7578 4.2: receivers may see it) wins" },
	{ CT("B"),
	    "--B\r\nContent-Disposition: form-data; name=\"lijst\"; "
	    "filename*=utf-8''lijst%20klas%204.csv\r\n\r\na\r\n--B--", DDD_OK,
	    "lijst[lijst klas 4.csv](text/plain)=a\n",
	    "filename* alone, charset in lower case" },
	{ CT("B"),
	    "--B\r\nContent-Disposition: form-data; name=\"lijst\"; "
	    "filename=\"l.csv\"; size=3; creation-date=\"Wed, 12 Feb 1997 "
	    "16:29:51 -0500\"\r\n\r\na\r\n--B--", DDD_OK,
	    "lijst[l.csv](text/plain)=a\n",
	    "unknown parameters ignored, one with ';' and ',' quoted" },
	{ CT("B"),
	    "--B\r\nContent-Disposition: form-data; name=\"lijst\"; "
	    "filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n"
	    "\r\n--B--\r\n", DDD_OK,
	    "lijst[](application/octet-stream)=\n",
	    "no file chosen: filename=\"\" and no data (Chrome, Firefox)" },
	{ CT("B"),
	    "--B\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok\r\n"
	    "--B\r\nContent-Disposition: form-data; name=\"lijst\"; "
	    "filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n"
	    "\r\n--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n\r\n"
	    "--B--\r\n", DDD_OK,
	    "csrf(text/plain)=tok\nlijst[](application/octet-stream)=\n"
	    "x(text/plain)=\n", "no file chosen between two text fields" },

	{ CT("B"),
	    "--B\r\nContent-Disposition: form-data; name=\"lijst\"; "
	    "filename=\"=?UTF-8?B?bMOpamlzdC5jc3Y=?=\"\r\n\r\na\r\n--B--",
	    DDD_OK, "lijst[=?UTF-8?B?bMOpamlzdC5jc3Y=?=](text/plain)=a\n",
	    "an RFC 2047 encoded word in a file name is kept as sent" },
	{ CT("B"),
	    "--B\r\nContent-Disposition: form-data; name=\"lijst\"; "
	    "filename=\"a;b, c.csv\"\r\n\r\na\r\n--B--", DDD_OK,
	    "lijst[a;b, c.csv](text/plain)=a\n",
	    "';' and ',' inside a quoted file name" },
	{ CT("B"),
	    "--B\r\nContent-Disposition: form-data; name=\"lijst\"\r\n"
	    "Content-Type: multipart/mixed; boundary=C\r\n\r\n"
	    "--C\r\nContent-Disposition: file; filename=\"a.csv\"\r\n\r\n"
	    "a\r\n--C--\r\n--B--", DDD_OK,
	    "lijst(multipart/mixed; boundary=C)=--C\r\nContent-Disposition: "
	    "file; filename=\"a.csv\"\r\n\r\na\r\n--C--\n",
	    "RFC 2388's nested multipart/mixed: a text field, not unpacked" },
	{ CT("B"),
	    "--B\r\nContent-Disposition: form-data; name=\"lijst\"\r\n"
	    "Content-Type: multipart/mixed; boundary=C\r\n\r\n"
	    "--C\r\nContent-Disposition: file; filename=\"a.pdf\"\r\n\r\n"
	    "%PDF-\x01\r\n--C--\r\n--B--", DDD_ERR_BAD_REQUEST, NULL,
	    "RFC 2388's nested multipart/mixed with binary data" },

	/* Refused on purpose. */
	{ CT("B"),
	    "--B\nContent-Disposition: form-data; name=x\n\n1\n--B--\n",
	    DDD_ERR_BAD_REQUEST, NULL, "bare LF line ends" },
	{ CT("B"),
	    "--B\r\n Content-Disposition: form-data; name=x\r\n\r\n1\r\n--B--",
	    DDD_ERR_BAD_REQUEST, NULL,
	    "a first header line that starts with a space (nothing to fold "
	    "into)" },
	{ CT("B"),
	    "--B\r\nContent-Disposition: form-data; name=x\r\n \r\n\r\n1\r\n"
	    "--B--", DDD_ERR_BAD_REQUEST, NULL,
	    "a continuation line of only white space" },
	{ CT("B"),
	    "--B\r\nContent-Disposition: form-data; name=x\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\nMQ==\r\n--B--",
	    DDD_ERR_BAD_REQUEST, NULL, "base64 (nothing to decode is all we "
	    "take)" },
	{ CT("\"a@b\""), NULL, DDD_ERR_BAD_REQUEST, NULL,
	    "'@' in a quoted boundary (not a bchar)" },
	{ CT("\"ab \""), NULL, DDD_ERR_BAD_REQUEST, NULL,
	    "a boundary ending in a space" },
	{ CT("\"a\\\"b\""), NULL, DDD_ERR_BAD_REQUEST, NULL,
	    "an escaped '\"' in the boundary (not a bchar)" },
	{ CT("\"0123456789012345678901234567890123456789012345678901234567"
	    "890123456789x\""), NULL, DDD_ERR_BAD_REQUEST, NULL,
	    "a boundary of 71 characters" },
};

/* The parts, one a line: name[filename](content type)=data. */
static void
summary(const struct mp_form *f, struct buf *b)
{
	size_t	 i;

	buf_reset(b);
	for (i = 0; i < f->n; i++) {
		buf_addstr(b, f->v[i].name);
		if (f->v[i].filename != NULL)
			buf_printf(b, "[%s]", f->v[i].filename);
		buf_printf(b, "(%s)=", f->v[i].content_type);
		buf_add(b, f->v[i].data, f->v[i].len);
		buf_addc(b, '\n');
	}
}

int
main(void)
{
	const struct row	*r;
	struct mp_form		 f;
	struct buf		 got;
	char			 bnd[MP_BOUNDARY_SIZE], *body;
	enum ddd_err		 e;
	size_t			 i, len;

	mp_form_init(&f);
	buf_init(&got, 64 * 1024);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		r = &rows[i];
		buf_reset(&got);
		e = mp_boundary(r->ct, bnd, sizeof(bnd));
		if (e == DDD_OK && r->body != NULL) {
			/* Exactly its bytes, so a sanitizer build sees any
			 * read past the end. */
			len = strlen(r->body);
			if ((body = malloc(len)) == NULL)
				abort();
			memcpy(body, r->body, len);
			e = mp_parse(body, len, bnd, NULL, &f);
			if (e == DDD_OK)
				summary(&f, &got);
			mp_form_free(&f);
			free(body);
		}
		if (r->want == DDD_OK) {
			ok(e == DDD_OK && got.len > 0 &&
			    strcmp(got.ptr, r->parts) == 0, "%s", r->what);
			if (e != DDD_OK)
				printf("#   got %s\n", err_name(e));
			else if (strcmp(got.ptr, r->parts) != 0) {
				diag("got:");
				diag(got.ptr);
			}
		} else {
			ok(e == r->want, "refused: %s", r->what);
			if (e != r->want)
				printf("#   got %s\n", err_name(e));
		}
	}
	buf_free(&got);
	return done_testing();
}
