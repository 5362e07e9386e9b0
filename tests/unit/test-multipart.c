/* mp_boundary, mp_parse, mp_fields: multipart/form-data uploads. */

#include <stdlib.h>
#include <string.h>

#include "multipart.h"
#include "req.h"
#include "tap.h"

#define B	"AaB03x"
#define CRLF	"\r\n"
#define DELIM	"--" B CRLF
#define CLOSE	CRLF "--" B "--" CRLF
#define CD(n)	"Content-Disposition: form-data; name=\"" n "\"" CRLF
#define CDF(n, f) "Content-Disposition: form-data; name=\"" n "\"; " \
		"filename=\"" f "\"" CRLF
#define TEXT(n, v)	DELIM CD(n) CRLF v CRLF
#define FILEP(n, f, v)	DELIM CDF(n, f) "Content-Type: text/csv" CRLF CRLF \
			v CRLF

/* A literal with its exact size (it may hold NULs). */
#define PARSE(lit, lim, f)	parse(lit, sizeof(lit) - 1, B, lim, f)

static char		*body_copy;	/* the last parsed body, for data */

static enum ddd_err	 parse(const char *, size_t, const char *,
			    const struct mp_limits *, struct mp_form *);
static int		 rejected(enum ddd_err, enum ddd_err,
			    const struct mp_form *);
static int		 data_is(const struct mp_part *, const char *, size_t);
static char		*repeat(const char *, size_t, const char *,
			    const char *, size_t *);
static enum ddd_err	 boundary(const char *, char *);

/* Parse a copy in a heap buffer of exactly len bytes, no NUL after it, so
 * a sanitizer build catches any read past the length.  The copy lives
 * until the next parse (the form points into it). */
static enum ddd_err
parse(const char *s, size_t len, const char *bnd,
    const struct mp_limits *lim, struct mp_form *f)
{
	free(body_copy);
	if ((body_copy = malloc(len ? len : 1)) == NULL)
		abort();
	memcpy(body_copy, s, len);
	return mp_parse(body_copy, len, bnd, lim, f);
}

/* The wanted error, and the form left empty. */
static int
rejected(enum ddd_err got, enum ddd_err want, const struct mp_form *f)
{
	return got == want && f->n == 0 && f->v == NULL;
}

static int
data_is(const struct mp_part *p, const char *want, size_t len)
{
	return p != NULL && p->len == len &&
	    (len == 0 || memcmp(p->data, want, len) == 0);
}

/* prefix + unit * n + suffix, malloc'd, length in *len; aborts on
 * failure (test only). */
static char *
repeat(const char *prefix, size_t n, const char *unit, const char *suffix,
    size_t *len)
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
	if (len != NULL)
		*len = pl + n * ul + sl;
	return s;
}

static enum ddd_err
boundary(const char *ct, char *out)
{
	return mp_boundary(ct, out, MP_BOUNDARY_SIZE);
}

static void
test_boundary(void)
{
	char	 out[MP_BOUNDARY_SIZE], small[10];
	char	*s;

	is_int(boundary("multipart/form-data; "
	    "boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW", out), DDD_OK,
	    "WebKit boundary");
	is_str(out, "----WebKitFormBoundary7MA4YWxkTrZu0gW", "its value");
	is_int(boundary("multipart/form-data; boundary=\"a b:c/d=e?\"", out),
	    DDD_OK, "quoted boundary with space and specials");
	is_str(out, "a b:c/d=e?", "quotes removed");
	is_int(boundary("Multipart/Form-Data;BOUNDARY=x", out), DDD_OK,
	    "case-insensitive type and parameter name, no space");
	is_str(out, "x", "one-character boundary");
	is_int(boundary(" multipart/form-data ; charset=utf-8; "
	    "boundary=abc ; ", out), DDD_OK,
	    "other parameter, spaces, trailing ';'");
	is_str(out, "abc", "boundary among other parameters");
	is_int(boundary("multipart/form-data; boundary=a:b=c", out), DDD_OK,
	    "unquoted boundary with non-token bchars");
	is_str(out, "a:b=c", "taken as it is");
	s = repeat("multipart/form-data; boundary=", 70, "z", "", NULL);
	is_int(boundary(s, out), DDD_OK, "70-character boundary");
	is_int(strlen(out), 70, "all 70 characters");
	free(s);

	s = repeat("multipart/form-data; boundary=", 71, "z", "", NULL);
	is_int(boundary(s, out), DDD_ERR_BAD_REQUEST,
	    "71-character boundary rejected");
	is_str(out, "", "out is empty on error");
	free(s);
	s = repeat("multipart/form-data; boundary=\"", 71, "z", "\"", NULL);
	is_int(boundary(s, out), DDD_ERR_BAD_REQUEST,
	    "71-character quoted boundary rejected");
	free(s);
	is_int(boundary("multipart/form-data", out), DDD_ERR_BAD_REQUEST,
	    "content type without boundary rejected");
	is_int(boundary("multipart/form-data; charset=utf-8", out),
	    DDD_ERR_BAD_REQUEST, "other parameters but no boundary");
	is_int(boundary("multipart/form-data; boundary=", out),
	    DDD_ERR_BAD_REQUEST, "empty boundary rejected");
	is_int(boundary("multipart/form-data; boundary=\"\"", out),
	    DDD_ERR_BAD_REQUEST, "empty quoted boundary rejected");
	is_int(boundary("multipart/form-data; boundary=\"ab \"", out),
	    DDD_ERR_BAD_REQUEST, "boundary ending in a space rejected");
	is_int(boundary("multipart/form-data; boundary=\"a\\\"b\"", out),
	    DDD_ERR_BAD_REQUEST, "quote in boundary rejected");
	is_int(boundary("multipart/form-data; boundary=\"ab", out),
	    DDD_ERR_BAD_REQUEST, "unterminated quoted boundary rejected");
	is_int(boundary("multipart/form-data; boundary=a@b", out),
	    DDD_ERR_BAD_REQUEST, "'@' (not a bchar) rejected");
	is_int(boundary("multipart/form-data; boundary=\"a\x01" "b\"", out),
	    DDD_ERR_BAD_REQUEST, "control character rejected");
	is_int(boundary("multipart/form-data; boundary=a; boundary=a", out),
	    DDD_ERR_BAD_REQUEST, "boundary twice rejected");
	is_int(boundary("multipart/form-data; boundary = a", out),
	    DDD_ERR_BAD_REQUEST, "space around '=' rejected");
	is_int(boundary("multipart/mixed; boundary=a", out),
	    DDD_ERR_BAD_REQUEST, "multipart/mixed rejected");
	is_int(boundary("application/x-www-form-urlencoded", out),
	    DDD_ERR_BAD_REQUEST, "urlencoded rejected");
	is_int(boundary("multipart/form-data-x; boundary=a", out),
	    DDD_ERR_BAD_REQUEST, "longer type name rejected");
	is_int(boundary("", out), DDD_ERR_BAD_REQUEST, "empty header");
	is_int(boundary(NULL, out), DDD_ERR_BAD_REQUEST, "no header");
	is_int(mp_boundary("multipart/form-data; boundary=a", small,
	    sizeof(small)), DDD_ERR_INTERNAL, "out too small is a bug");
}

static void
test_good(void)
{
	struct mp_form		 f;
	struct kvlist		 kl;
	const struct mp_part	*p;
	struct mp_limits	 lim = MP_LIMITS_DEFAULT;
	enum ddd_err		 e;
	char			 bnd[MP_BOUNDARY_SIZE];
	char			*s;
	size_t			 len;

	mp_form_init(&f);
	kvlist_init(&kl);

	/* A form as a browser sends it. */
#define BODY1	TEXT("csrf", "tok123")					\
	TEXT("opmerking", "regel 1" CRLF "regel\t2")			\
	FILEP("bestand", "leerlingen.csv", "llnr;naam" CRLF "1;Jan" CRLF) \
	DELIM CD("stap") CRLF "2" CLOSE
	e = PARSE(BODY1, &lim, &f);
	is_int(e, DDD_OK, "text fields and a file parse");
	is_int(f.n, 4, "four parts");
	is_str(f.v[0].name, "csrf", "first name");
	ok(f.v[0].filename == NULL, "text field has no filename");
	is_str(f.v[0].content_type, "text/plain",
	    "content type defaults to text/plain");
	ok(data_is(&f.v[0], "tok123", 6), "text value");
	ok(data_is(&f.v[1], "regel 1\r\nregel\t2", 16),
	    "CRLF and TAB kept in a text value");
	p = mp_get(&f, "bestand");
	ok(p != NULL && p == &f.v[2], "mp_get finds the file");
	is_str(p ? p->filename : NULL, "leerlingen.csv", "filename");
	is_str(p ? p->content_type : NULL, "text/csv", "content type");
	ok(data_is(p, "llnr;naam\r\n1;Jan\r\n", 18),
	    "file data up to the delimiter's CRLF");
	ok(p != NULL && p->data > body_copy &&
	    p->data + p->len < body_copy + sizeof(BODY1) - 1,
	    "file data points into the body");
#undef BODY1
	ok(data_is(mp_get(&f, "stap"), "2", 1), "last part");
	ok(mp_get(&f, "nope") == NULL, "mp_get of a missing name is NULL");
	is_int(mp_count(&f, "csrf"), 1, "mp_count");

	e = mp_fields(&f, &kl);
	is_int(e, DDD_OK, "mp_fields");
	is_int(kl.n, 3, "three text fields, the file left out");
	is_str(kl.n == 3 ? kl.v[0].key : NULL, "csrf", "first key");
	is_str(kv_get(&kl, "opmerking") ? kv_get(&kl, "opmerking")->val :
	    NULL, "regel 1\r\nregel\t2", "kv_get on the text fields");
	ok(kv_get(&kl, "bestand") == NULL, "no file in the kvlist");
	is_int(kl.n == 3 ? kl.v[2].vallen : 0, 1, "vallen set");

	/* The boundary from the header, quoted, with a space. */
	e = boundary("multipart/form-data; boundary=\"my boundary\"", bnd);
	s = "--my boundary\r\n" CD("a") CRLF "1\r\n--my boundary--";
	e = e != DDD_OK ? e : parse(s, strlen(s), bnd, &lim, &f);
	ok(e == DDD_OK && f.n == 1 && data_is(&f.v[0], "1", 1),
	    "quoted boundary with a space; no CRLF after the close");

	/* Preamble and epilogue. */
	e = PARSE("This is a preamble, not --" B " at a line start." CRLF
	    TEXT("a", "1") "--" B "--" CRLF "epilogue" CRLF "--" B CRLF
	    "junk", &lim, &f);
	ok(e == DDD_OK && f.n == 1 && data_is(&f.v[0], "1", 1),
	    "preamble (with boundary not at line start) and epilogue skipped");
	e = PARSE(CRLF TEXT("a", "1") "--" B "--", &lim, &f);
	ok(e == DDD_OK && f.n == 1, "preamble of just CRLF");
	e = PARSE("--" B "  \t" CRLF CD("a") CRLF "1" CRLF "--" B "\t" CRLF
	    CD("b") CRLF "2" CRLF "--" B "--  x", &lim, &f);
	ok(e == DDD_OK && f.n == 2 && data_is(&f.v[1], "2", 1),
	    "transport padding after delimiters");

	/* Binary data: CR, LF, "--", NUL, the boundary not after a CRLF. */
	e = PARSE(DELIM CDF("f", "x.bin") CRLF
	    "\r\n--\r\n-" B "\n--" B "\r--" B "\0--" B "--\r\n-\r\n-" B "\r"
	    CLOSE, &lim, &f);
	ok(e == DDD_OK && f.n == 1 && data_is(&f.v[0],
	    "\r\n--\r\n-" B "\n--" B "\r--" B "\0--" B "--\r\n-\r\n-" B "\r",
	    sizeof("\r\n--\r\n-" B "\n--" B "\r--" B "\0--" B "--\r\n-\r\n-"
	    B "\r") - 1), "binary data with CR LF, '--' and the boundary "
	    "not after CRLF is data");
	is_str(f.n ? f.v[0].content_type : NULL, "text/plain",
	    "file without Content-Type: text/plain");
	e = PARSE(DELIM CDF("f", "x") CRLF "x--" B CLOSE, &lim, &f);
	ok(e == DDD_OK && data_is(&f.v[0], "x--" B, 1 + 2 + 6),
	    "data ending in the boundary, not after a CRLF");

	/* Empty parts. */
	e = PARSE(DELIM CDF("f", "") "Content-Type: application/octet-stream"
	    CRLF CRLF CLOSE, &lim, &f);
	ok(e == DDD_OK && f.n == 1, "no file chosen");
	is_str(f.n ? f.v[0].filename : NULL, "", "filename \"\"");
	is_int(f.n ? f.v[0].len : 99, 0, "len 0");
	ok(f.n && f.v[0].data >= body_copy && f.v[0].data <
	    body_copy + sizeof(DELIM CDF("f", "") "Content-Type: "
	    "application/octet-stream" CRLF CRLF CLOSE) - 1,
	    "empty data still points into the body");
	e = PARSE(DELIM CD("a") CRLF CRLF DELIM CD("b") CRLF "x" CLOSE, &lim,
	    &f);
	ok(e == DDD_OK && f.n == 2 && f.v[0].len == 0 &&
	    data_is(&f.v[1], "x", 1), "empty text value");
	e = PARSE(DELIM CD("a") CRLF "--" B "--", &lim, &f);
	ok(e == DDD_OK && f.n == 1 && f.v[0].len == 0,
	    "delimiter right after the empty line: empty data");
	e = PARSE("--" B "--", &lim, &f);
	ok(e == DDD_OK && f.n == 0 && f.v == NULL, "no parts at all");

	/* Duplicate names, in order. */
	e = PARSE(TEXT("vak", "wi") TEXT("vak", "na") TEXT("x", "")
	    TEXT("vak", "sk") "--" B "--", &lim, &f);
	ok(e == DDD_OK && f.n == 4, "repeated names");
	is_int(mp_count(&f, "vak"), 3, "mp_count counts them");
	ok(mp_get(&f, "vak") == &f.v[0], "mp_get gives the first");
	ok(f.n == 4 && data_is(&f.v[3], "sk", 2), "order kept");
	e = mp_fields(&f, &kl);
	ok(e == DDD_OK && kv_count(&kl, "vak") == 3 &&
	    strcmp(kl.v[1].val, "na") == 0, "kvlist keeps repeats in order");

	/* Headers: case, unquoted values, unknown headers and parameters. */
	e = PARSE(DELIM "cOnTeNt-DiSpOsItIoN:FORM-DATA;NAME=veld;x-y=\"z\""
	    CRLF "CONTENT-TYPE:   text/plain; charset=UTF-8  " CRLF
	    "X-Whatever: \x01\xff" CRLF "content-transfer-encoding: BINARY"
	    CRLF CRLF "w" CLOSE, &lim, &f);
	ok(e == DDD_OK && f.n == 1, "header names and values any case");
	is_str(f.n ? f.v[0].name : NULL, "veld", "unquoted name token");
	is_str(f.n ? f.v[0].content_type : NULL, "text/plain; charset=UTF-8",
	    "Content-Type as sent, trimmed");
	e = PARSE(DELIM "Content-Disposition: form-data ; name = \"a\" ; ;"
	    CRLF CRLF "1" CLOSE, &lim, &f);
	ok(e == DDD_OK && f.n == 1, "spaces around ';' and '=', empty "
	    "parameters");

	/* File names. */
	e = PARSE(FILEP("f", "C:\\fakepath\\lijst.csv", "x") "--" B "--",
	    &lim, &f);
	is_str(e == DDD_OK ? f.v[0].filename : NULL, "lijst.csv",
	    "C:\\fakepath\\ stripped (raw backslashes)");
	e = PARSE(FILEP("f", "C:\\Users\\jan\\Documents\\new.csv", "x")
	    "--" B "--", &lim, &f);
	is_str(e == DDD_OK ? f.v[0].filename : NULL, "new.csv",
	    "IE full Windows path: last component");
	e = PARSE(FILEP("f", "/home/jan/a b.csv", "x") "--" B "--", &lim, &f);
	is_str(e == DDD_OK ? f.v[0].filename : NULL, "a b.csv",
	    "Unix path: last component");
	e = PARSE(FILEP("f", "..\\\\..\\\\etc/passwd", "x") "--" B "--", &lim,
	    &f);
	is_str(e == DDD_OK ? f.v[0].filename : NULL, "passwd",
	    "escaped backslashes and '..' components");
	e = PARSE(FILEP("f", "..", "x") "--" B "--", &lim, &f);
	is_str(e == DDD_OK ? f.v[0].filename : NULL, "", "'..' becomes ''");
	ok(e == DDD_OK && f.v[0].len == 1, "and keeps its data");
	e = PARSE(FILEP("f", "dir/", "x") "--" B "--", &lim, &f);
	is_str(e == DDD_OK ? f.v[0].filename : NULL, "",
	    "name ending in '/' becomes ''");
	e = PARSE(FILEP("f", "a\\\"b\\\\c\\d.txt", "x") "--" B "--", &lim,
	    &f);
	is_str(e == DDD_OK ? f.v[0].filename : NULL, "d.txt",
	    "\\\" and \\\\ unescaped, then path stripped");
	e = PARSE(FILEP("f", "say \\\"hi\\\".txt", "x") "--" B "--", &lim,
	    &f);
	is_str(e == DDD_OK ? f.v[0].filename : NULL, "say \"hi\".txt",
	    "escaped quotes in a file name");
	e = PARSE(FILEP("f", "a\x01\tb\x7f\xc2\x85" "c\xe2\x80\xae"
	    "fdp.exe\xef\xbb\xbf\xef\xbf\xbf", "x") "--" B "--", &lim, &f);
	is_str(e == DDD_OK ? f.v[0].filename : NULL, "abcfdp.exe",
	    "C0, DEL, C1, RLO, BOM and U+FFFF stripped from the file name");
	e = PARSE(FILEP("f", "r\xc3\xa9sum\xc3\xa9.pdf", "x") "--" B "--",
	    &lim, &f);
	is_str(e == DDD_OK ? f.v[0].filename : NULL,
	    "r\xc3\xa9sum\xc3\xa9.pdf", "raw UTF-8 file name kept");
	e = PARSE(FILEP("f", "100%22.pdf", "x") "--" B "--", &lim, &f);
	is_str(e == DDD_OK ? f.v[0].filename : NULL, "100%22.pdf",
	    "%%XX not decoded in filename=");

	s = repeat(DELIM "Content-Disposition: form-data; name=f; "
	    "filename=\"", 200, "\xc3\xa9", "\"" CRLF CRLF "x" CLOSE, &len);
	e = parse(s, len, B, &lim, &f);
	ok(e == DDD_OK && strlen(f.v[0].filename) == 254 &&
	    utf8_valid(f.v[0].filename, 254), "400-byte name cut to 254 "
	    "bytes on a character boundary");
	free(s);
	s = repeat(DELIM "Content-Disposition: form-data; name=f; "
	    "filename=\"", 300, "a", "\"" CRLF CRLF "x" CLOSE, &len);
	e = parse(s, len, B, &lim, &f);
	ok(e == DDD_OK && strlen(f.v[0].filename) == 255,
	    "300 ASCII bytes cut to 255");
	free(s);

	/* filename* (RFC 8187), preferred over filename. */
	e = PARSE(DELIM "Content-Disposition: form-data; name=f; "
	    "filename=\"resume.pdf\"; filename*=UTF-8''r%C3%A9sum%c3%a9.pdf"
	    CRLF CRLF "x" CLOSE, &lim, &f);
	is_str(e == DDD_OK ? f.v[0].filename : NULL,
	    "r\xc3\xa9sum\xc3\xa9.pdf", "filename* preferred and decoded");
	e = PARSE(DELIM "Content-Disposition: form-data; "
	    "filename*=utf-8'nl'a%2Fb%20c.pdf; name=f"
	    CRLF CRLF "x" CLOSE, &lim, &f);
	is_str(e == DDD_OK ? f.v[0].filename : NULL, "b c.pdf",
	    "filename* alone, language, %%2F is a path separator");
	e = PARSE(DELIM "Content-Disposition: form-data; name=f; "
	    "filename*=ISO-8859-1''r%E9sum%E9.pdf" CRLF CRLF "x" CLOSE,
	    &lim, &f);
	is_str(e == DDD_OK ? f.v[0].filename : NULL,
	    "r\xc3\xa9sum\xc3\xa9.pdf", "ISO-8859-1 filename* converted");
	e = PARSE(DELIM "Content-Disposition: form-data; name=f; "
	    "filename*=UTF-8''a%00b%0D%0A.txt" CRLF CRLF "x" CLOSE, &lim, &f);
	is_str(e == DDD_OK ? f.v[0].filename : NULL, "ab.txt",
	    "NUL, CR, LF from filename* stripped");

	/* Limits: exactly at each is fine. */
	lim.max_text = 5;
	lim.max_file = 7;
	e = PARSE(TEXT("a", "12345") FILEP("f", "x", "1234567") "--" B "--",
	    &lim, &f);
	ok(e == DDD_OK && f.n == 2, "text and file exactly at their limits");
	lim = (struct mp_limits)MP_LIMITS_DEFAULT;
	lim.max_parts = 2;
	e = PARSE(TEXT("a", "1") TEXT("b", "2") "--" B "--", &lim, &f);
	ok(e == DDD_OK && f.n == 2, "parts exactly at the limit");
	lim = (struct mp_limits)MP_LIMITS_DEFAULT;
	lim.max_header_lines = 2;
	lim.max_header = sizeof(CD("a") "X: y" CRLF) - 1;
	e = PARSE(DELIM CD("a") "X: y" CRLF CRLF "1" CLOSE, &lim, &f);
	ok(e == DDD_OK && f.n == 1,
	    "header lines and bytes exactly at their limits");
	lim = (struct mp_limits)MP_LIMITS_DEFAULT;
	lim.max_total = sizeof(TEXT("a", "1") "--" B "--") - 1;
	e = PARSE(TEXT("a", "1") "--" B "--", &lim, &f);
	ok(e == DDD_OK && f.n == 1, "body exactly at max_total");
	lim = (struct mp_limits)MP_LIMITS_DEFAULT;
	e = PARSE(TEXT("a", "1") "--" B "--", NULL, &f);
	ok(e == DDD_OK && f.n == 1, "NULL limits: the defaults");

	/* A new parse replaces the old form; a failed one empties it. */
	PARSE(TEXT("old", "1") "--" B "--", &lim, &f);
	e = PARSE(TEXT("new", "2") "--" B "--", &lim, &f);
	ok(e == DDD_OK && f.n == 1 && mp_get(&f, "old") == NULL,
	    "success replaces earlier contents");
	e = mp_fields(&f, &kl);
	ok(e == DDD_OK && kl.n == 1 && kv_get(&kl, "new") != NULL,
	    "mp_fields replaces the list");

	e = mp_fields(NULL, &kl);
	ok(e == DDD_ERR_INTERNAL && kl.n == 0 && kl.v == NULL,
	    "mp_fields of no form: error, list emptied");

	kvlist_free(&kl);
	mp_form_free(&f);
	mp_form_free(&f);
	ok(f.n == 0 && f.v == NULL, "mp_form_free twice is harmless");
}

static void
test_bad(void)
{
	struct mp_form		 f;
	struct mp_limits	 lim = MP_LIMITS_DEFAULT;
	enum ddd_err		 e;
	char			*s;
	size_t			 len;

	mp_form_init(&f);
#define GOOD	TEXT("a", "1") "--" B "--"
#define REJ(lit, want, what) do {					\
	PARSE(GOOD, &lim, &f);						\
	e = PARSE(lit, &lim, &f);					\
	ok(rejected(e, want, &f), what);				\
	if (e != (want))						\
		printf("#   got %s\n", err_name(e));			\
} while (0)

	/* Broken boundaries and delimiters. */
	REJ("", DDD_ERR_BAD_REQUEST, "empty body");
	REJ("a=1&b=2", DDD_ERR_BAD_REQUEST, "no boundary in the body");
	REJ("--" B "x" CRLF CD("a") CRLF "1" CLOSE, DDD_ERR_BAD_REQUEST,
	    "first delimiter followed by other characters");
	REJ(TEXT("a", "1") "--" B "x" CRLF CD("b") CRLF "2" CLOSE,
	    DDD_ERR_BAD_REQUEST, "CRLF --boundaryX in data");
	REJ("--" B "\n" CD("a") CRLF "1" CLOSE, DDD_ERR_BAD_REQUEST,
	    "bare LF after the first delimiter");
	REJ("--" B "\n" "Content-Disposition: form-data; name=a\n\n1\n--" B
	    "--\n", DDD_ERR_BAD_REQUEST, "LF-only body");
	REJ("--" B " x" CRLF CD("a") CRLF "1" CLOSE, DDD_ERR_BAD_REQUEST,
	    "text after padding on a delimiter line");
	REJ("--" B "-" CRLF CD("a") CRLF "1" CLOSE, DDD_ERR_BAD_REQUEST,
	    "one dash after the boundary");
	/* The empty line's CRLF and "--boundary" make a delimiter, so data
	 * cannot start with "--boundary" (RFC 2046 body-part grammar). */
	REJ(DELIM CDF("f", "x") CRLF "--" B "x" CLOSE, DDD_ERR_BAD_REQUEST,
	    "data starting with --boundaryX");
	REJ("--aab03x" CRLF CD("a") CRLF "1" CRLF "--aab03x--",
	    DDD_ERR_BAD_REQUEST, "boundary is case-sensitive");

	/* Truncated uploads: no close delimiter. */
	REJ(TEXT("a", "1"), DDD_ERR_BAD_REQUEST,
	    "missing close delimiter (ends after CRLF)");
	REJ(DELIM CD("a") CRLF "123", DDD_ERR_BAD_REQUEST,
	    "ends in the data");
	REJ(TEXT("a", "1") "--" B, DDD_ERR_BAD_REQUEST,
	    "ends right after a boundary");
	REJ(TEXT("a", "1") "--" B "-", DDD_ERR_BAD_REQUEST,
	    "ends after one closing dash");
	REJ(TEXT("a", "1") "--" B "\r", DDD_ERR_BAD_REQUEST,
	    "ends after CR");
	REJ(DELIM, DDD_ERR_BAD_REQUEST, "ends before the headers");
	REJ(DELIM "Content-Disp", DDD_ERR_BAD_REQUEST, "ends in a header");
	REJ(DELIM CD("a"), DDD_ERR_BAD_REQUEST,
	    "ends before the empty line");
	REJ(DELIM CD("a") "\r", DDD_ERR_BAD_REQUEST,
	    "ends in the empty line");
	REJ("--" B, DDD_ERR_BAD_REQUEST, "only a boundary");

	/* Part headers. */
	REJ(DELIM "Content-Type: text/plain" CRLF CRLF "1" CLOSE,
	    DDD_ERR_BAD_REQUEST, "missing Content-Disposition");
	REJ(DELIM CRLF "1" CLOSE, DDD_ERR_BAD_REQUEST, "no headers at all");
	REJ(DELIM CD("a") CD("b") CRLF "1" CLOSE, DDD_ERR_BAD_REQUEST,
	    "Content-Disposition twice");
	REJ(DELIM CD("a") "Content-Type: a" CRLF "content-type: b" CRLF CRLF
	    "1" CLOSE, DDD_ERR_BAD_REQUEST, "Content-Type twice");
	REJ(DELIM CD("a") "Content-Type:" CRLF CRLF "1" CLOSE,
	    DDD_ERR_BAD_REQUEST, "empty Content-Type");
	REJ(DELIM CD("a") "Content-Type: t\xc3\xa9xt" CRLF CRLF "1" CLOSE,
	    DDD_ERR_BAD_REQUEST, "non-ASCII Content-Type");
	REJ(DELIM CD("a") "Content-Transfer-Encoding: base64" CRLF CRLF "MQ=="
	    CLOSE, DDD_ERR_BAD_REQUEST, "base64 transfer encoding");
	REJ(DELIM "Content-Disposition: form-data; name=a" "\n" CRLF "1" CLOSE,
	    DDD_ERR_BAD_REQUEST, "bare LF ending a header line");
	REJ(DELIM "Content-Disposition: form-data;\r name=a" CRLF CRLF "1"
	    CLOSE, DDD_ERR_BAD_REQUEST, "bare CR in a header line");
	/* Folding is RFC 5322's (test-multipart-forms), but only into a
	 * line, and not with a line of only white space. */
	REJ(DELIM " Content-Disposition: form-data; name=a" CRLF CRLF
	    "1" CLOSE, DDD_ERR_BAD_REQUEST, "first header line folded");
	REJ(DELIM "Content-Disposition: form-data; name=a" CRLF " \t" CRLF
	    CRLF "1" CLOSE, DDD_ERR_BAD_REQUEST,
	    "continuation line of only white space");
	REJ(DELIM "Content-Disposition : form-data; name=a" CRLF CRLF "1"
	    CLOSE, DDD_ERR_BAD_REQUEST, "space before the colon");
	REJ(DELIM CD("a") "no colon here" CRLF CRLF "1" CLOSE,
	    DDD_ERR_BAD_REQUEST, "header line without a colon");
	REJ(DELIM CD("a") ": v" CRLF CRLF "1" CLOSE, DDD_ERR_BAD_REQUEST,
	    "empty header name");
	REJ(DELIM CD("a") "X: a\0b" CRLF CRLF "1" CLOSE, DDD_ERR_BAD_REQUEST,
	    "NUL in a header line");

	/* Content-Disposition. */
	REJ(DELIM "Content-Disposition: form-data" CRLF CRLF "1" CLOSE,
	    DDD_ERR_BAD_REQUEST, "missing name");
	REJ(DELIM "Content-Disposition: form-data; filename=\"x\"" CRLF CRLF
	    "1" CLOSE, DDD_ERR_BAD_REQUEST, "file without name");
	REJ(DELIM CD("") CRLF "1" CLOSE, DDD_ERR_BAD_REQUEST, "empty name");
	REJ(DELIM "Content-Disposition: attachment; name=a" CRLF CRLF "1"
	    CLOSE, DDD_ERR_BAD_REQUEST, "disposition type not form-data");
	REJ(DELIM "Content-Disposition: name=a" CRLF CRLF "1" CLOSE,
	    DDD_ERR_BAD_REQUEST, "no disposition type");
	REJ(DELIM "Content-Disposition: form-data; name=a; name=b" CRLF CRLF
	    "1" CLOSE, DDD_ERR_BAD_REQUEST, "name twice");
	REJ(DELIM "Content-Disposition: form-data; name=a; filename=x; "
	    "FILENAME=y" CRLF CRLF "1" CLOSE, DDD_ERR_BAD_REQUEST,
	    "filename twice");
	REJ(DELIM "Content-Disposition: form-data; name=\"a" CRLF CRLF "1"
	    CLOSE, DDD_ERR_BAD_REQUEST, "unterminated quoted string");
	REJ(DELIM "Content-Disposition: form-data; name=\"a\\\"" CRLF CRLF
	    "1" CLOSE, DDD_ERR_BAD_REQUEST, "escaped closing quote");
	REJ(DELIM "Content-Disposition: form-data; name=a b" CRLF CRLF "1"
	    CLOSE, DDD_ERR_BAD_REQUEST, "junk after a parameter");
	REJ(DELIM "Content-Disposition: form-data; name" CRLF CRLF "1" CLOSE,
	    DDD_ERR_BAD_REQUEST, "parameter without '='");
	REJ(DELIM "Content-Disposition: form-data; name=" CRLF CRLF "1" CLOSE,
	    DDD_ERR_BAD_REQUEST, "parameter without value");
	REJ(DELIM CD("a b") CRLF "1" CLOSE, DDD_ERR_BAD_REQUEST,
	    "space in name");
	REJ(DELIM CD("a[]") CRLF "1" CLOSE, DDD_ERR_BAD_REQUEST,
	    "'[]' in name");
	REJ(DELIM CD("a\0b") CRLF "1" CLOSE, DDD_ERR_BAD_REQUEST,
	    "NUL in a field name");
	REJ(DELIM CD("a\x01") CRLF "1" CLOSE, DDD_ERR_BAD_REQUEST,
	    "control character in a field name");
	REJ(DELIM CD("\xc3\xa9") CRLF "1" CLOSE, DDD_ERR_BAD_REQUEST,
	    "non-ASCII field name");
	REJ(DELIM CD("a%20b") CRLF "1" CLOSE, DDD_ERR_BAD_REQUEST,
	    "'%%' in field name (not decoded)");
	REJ(DELIM CD("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaa") CRLF "1" CLOSE, DDD_ERR_TOO_LARGE,
	    "65-byte field name");
	REJ(DELIM CDF("f", "\xff.csv") CRLF "1" CLOSE, DDD_ERR_BAD_REQUEST,
	    "invalid UTF-8 in filename");
	REJ(DELIM CDF("f", "\xc0\xae.csv") CRLF "1" CLOSE,
	    DDD_ERR_BAD_REQUEST, "overlong UTF-8 in filename");
	REJ(DELIM "Content-Disposition: form-data; name=f; "
	    "filename*=UTF-8''%FF.csv" CRLF CRLF "1" CLOSE,
	    DDD_ERR_BAD_REQUEST, "invalid UTF-8 in filename*");
	REJ(DELIM "Content-Disposition: form-data; name=f; "
	    "filename*=KOI8-R''x.csv" CRLF CRLF "1" CLOSE,
	    DDD_ERR_BAD_REQUEST, "unsupported filename* charset");
	REJ(DELIM "Content-Disposition: form-data; name=f; "
	    "filename*=\"UTF-8''x.csv\"" CRLF CRLF "1" CLOSE,
	    DDD_ERR_BAD_REQUEST, "quoted filename*");
	REJ(DELIM "Content-Disposition: form-data; name=f; "
	    "filename*=UTF-8''x%4.csv" CRLF CRLF "1" CLOSE,
	    DDD_ERR_BAD_REQUEST, "bad escape in filename*");
	REJ(DELIM "Content-Disposition: form-data; name=f; "
	    "filename*=UTF-8'x.csv" CRLF CRLF "1" CLOSE,
	    DDD_ERR_BAD_REQUEST, "filename* with one quote");
	REJ(DELIM "Content-Disposition: form-data; name=f; "
	    "filename*=UTF-8''x'y.csv" CRLF CRLF "1" CLOSE,
	    DDD_ERR_BAD_REQUEST, "third quote in filename*");

	/* Text values. */
	REJ(TEXT("a", "\xc3") "--" B "--", DDD_ERR_BAD_REQUEST,
	    "truncated UTF-8 in a text field");
	REJ(TEXT("a", "caf\xe9") "--" B "--", DDD_ERR_BAD_REQUEST,
	    "Latin-1 in a text field");
	REJ(TEXT("a", "\xed\xa0\x80") "--" B "--", DDD_ERR_BAD_REQUEST,
	    "surrogate in a text field");
	REJ(TEXT("a", "x\0y") "--" B "--", DDD_ERR_BAD_REQUEST,
	    "NUL in a text field");
	REJ(TEXT("a", "x\x1b[31m") "--" B "--", DDD_ERR_BAD_REQUEST,
	    "ESC in a text field");

	/* Limits. */
	lim.max_text = 5;
	REJ(TEXT("a", "123456") "--" B "--", DDD_ERR_TOO_LARGE,
	    "text field over the limit");
	REJ(DELIM CD("a") CRLF "123456", DDD_ERR_TOO_LARGE,
	    "text field over the limit, truncated too");
	lim = (struct mp_limits)MP_LIMITS_DEFAULT;
	lim.max_file = 7;
	REJ(FILEP("f", "x", "12345678") "--" B "--", DDD_ERR_TOO_LARGE,
	    "file over the limit");
	lim = (struct mp_limits)MP_LIMITS_DEFAULT;
	lim.max_parts = 2;
	REJ(TEXT("a", "1") TEXT("b", "2") TEXT("c", "3") "--" B "--",
	    DDD_ERR_BAD_REQUEST, "too many parts");
	lim = (struct mp_limits)MP_LIMITS_DEFAULT;
	lim.max_header_lines = 2;
	REJ(DELIM CD("a") "X: y" CRLF "X: z" CRLF CRLF "1" CLOSE,
	    DDD_ERR_BAD_REQUEST, "too many header lines");
	REJ(DELIM "Content-Disposition: form-data;" CRLF " name=a;" CRLF
	    " filename=b" CRLF CRLF "1" CLOSE, DDD_ERR_BAD_REQUEST,
	    "folded lines count as lines");
	lim = (struct mp_limits)MP_LIMITS_DEFAULT;
	lim.max_header = sizeof(CD("a") "X: y" CRLF) - 2;
	REJ(DELIM CD("a") "X: y" CRLF CRLF "1" CLOSE, DDD_ERR_TOO_LARGE,
	    "header block one byte over");
	lim = (struct mp_limits)MP_LIMITS_DEFAULT;
	lim.max_total = sizeof(GOOD) - 1;
	REJ(TEXT("a", "12") "--" B "--", DDD_ERR_TOO_LARGE,
	    "body over max_total");
	lim = (struct mp_limits)MP_LIMITS_DEFAULT;

	/* Defaults. */
	s = repeat(DELIM "Content-Disposition: form-data; name=a; x=\"", 1000,
	    "y", "\"" CRLF CRLF "1" CLOSE, &len);
	PARSE(GOOD, &lim, &f);
	e = parse(s, len, B, &lim, &f);
	ok(rejected(e, DDD_ERR_TOO_LARGE, &f),
	    "header line over 1024 bytes (default)");
	free(s);
	s = repeat(DELIM CD("a"), 8, "X-A: b" CRLF, CRLF "1" CLOSE, &len);
	PARSE(GOOD, &lim, &f);
	e = parse(s, len, B, &lim, &f);
	ok(rejected(e, DDD_ERR_BAD_REQUEST, &f),
	    "9 header lines (default 8)");
	free(s);
	s = repeat("", 33, TEXT("a", "1"), "--" B "--", &len);
	PARSE(GOOD, &lim, &f);
	e = parse(s, len, B, &lim, &f);
	ok(rejected(e, DDD_ERR_BAD_REQUEST, &f), "33 parts (default 32)");
	free(s);
	s = repeat(DELIM CD("a") CRLF, 64 * 1024 + 1, "x", CLOSE, &len);
	PARSE(GOOD, &lim, &f);
	e = parse(s, len, B, &lim, &f);
	ok(rejected(e, DDD_ERR_TOO_LARGE, &f),
	    "text field of 64 KiB + 1 (default)");
	free(s);
	s = repeat(DELIM CDF("f", "a.pdf") CRLF, 10 * 1024 * 1024 + 1, "x",
	    CLOSE, &len);
	PARSE(GOOD, &lim, &f);
	e = parse(s, len, B, &lim, &f);
	ok(rejected(e, DDD_ERR_TOO_LARGE, &f),
	    "file of 10 MiB + 1 (default)");
	free(s);
	s = repeat(DELIM CDF("f", "a.pdf") CRLF, 10 * 1024 * 1024, "x",
	    CLOSE, &len);
	e = parse(s, len, B, &lim, &f);
	ok(e == DDD_OK && f.n == 1 && f.v[0].len == 10 * 1024 * 1024,
	    "file of exactly 10 MiB (default)");
	free(s);

	/* The boundary argument. */
	PARSE(GOOD, &lim, &f);
	e = parse(GOOD, sizeof(GOOD) - 1, "", &lim, &f);
	ok(rejected(e, DDD_ERR_BAD_REQUEST, &f), "empty boundary");
	s = repeat("", 71, "b", "", NULL);
	PARSE(GOOD, &lim, &f);
	e = parse(GOOD, sizeof(GOOD) - 1, s, &lim, &f);
	ok(rejected(e, DDD_ERR_BAD_REQUEST, &f), "71-character boundary");
	free(s);
	PARSE(GOOD, &lim, &f);
	e = parse(GOOD, sizeof(GOOD) - 1, "a\r\nb", &lim, &f);
	ok(rejected(e, DDD_ERR_BAD_REQUEST, &f), "CRLF in boundary");
	PARSE(GOOD, &lim, &f);
	e = mp_parse(NULL, 5, B, &lim, &f);
	ok(rejected(e, DDD_ERR_INTERNAL, &f), "NULL body with a length");
	PARSE(GOOD, &lim, &f);
	e = mp_parse(body_copy, sizeof(GOOD) - 1, NULL, &lim, &f);
	ok(rejected(e, DDD_ERR_INTERNAL, &f), "NULL boundary");
#undef REJ
#undef GOOD
	mp_form_free(&f);
}

int
main(void)
{
	test_boundary();
	test_good();
	test_bad();
	free(body_copy);
	/* Files by content, not by name. */
	is_str(mp_sniff_document("%PDF-1.7\n", 9), "application/pdf",
	    "a PDF by its header");
	is_str(mp_sniff_document("\x89PNG\r\n\x1a\n\0\0", 10), "image/png",
	    "a PNG by its signature");
	is_str(mp_sniff_document("\xff\xd8\xff\xe0", 4), "image/jpeg",
	    "a JPEG by its start");
	ok(mp_sniff_document("MZ\x90\0\3", 5) == NULL,
	    "a Windows program renamed to .pdf is none of them");
	ok(mp_sniff_document("%PDF", 4) == NULL, "four bytes are not a PDF");
	ok(mp_sniff_document("\x89PNG\r\n", 6) == NULL,
	    "half a PNG signature is not a PNG");
	ok(mp_sniff_document("", 0) == NULL && mp_sniff_document(NULL, 5) ==
	    NULL, "nothing is nothing");
	return done_testing();
}
