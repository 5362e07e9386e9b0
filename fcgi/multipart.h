/* multipart/form-data request bodies (RFC 7578 over RFC 2046), for file
 * uploads: the decaan's student list (CSV), later students' PDFs.  Pure
 * functions over bytes (no libfcgi), like req.h, so the unit tests and the
 * fuzz harness drive exactly what the worker runs.
 *
 * Typical use in a handler:
 *
 *	char			 bnd[MP_BOUNDARY_SIZE];
 *	struct mp_limits	 lim = MP_LIMITS_DEFAULT;
 *	struct mp_form		 form;
 *	struct kvlist		 fields;
 *	const struct mp_part	*file;
 *
 *	lim.max_file = tenant_max_upload;	(and read at most lim.max_total)
 *	mp_form_init(&form);
 *	kvlist_init(&fields);
 *	if ((e = mp_boundary(content_type, bnd, sizeof(bnd))) != DDD_OK ||
 *	    (e = mp_parse(body, bodylen, bnd, &lim, &form)) != DDD_OK ||
 *	    (e = mp_fields(&form, &fields)) != DDD_OK)
 *		goto err;
 *	file = mp_get(&form, "bestand");	(filename != NULL: a file)
 *	...
 *	kvlist_free(&fields);
 *	mp_form_free(&form);			(the body may go after this)
 *
 * What the parser accepts (anything else is DDD_ERR_BAD_REQUEST, a size
 * limit passed is DDD_ERR_TOO_LARGE, and in both cases the form is left
 * empty: a caller never sees half a parse):
 *
 *  - Line ends are CRLF, everywhere the syntax has a line end (delimiter
 *    lines, part headers).  A bare LF or bare CR there is refused, not
 *    guessed at: every browser and curl send CRLF, and a second way to
 *    read a body is a second way to disagree with a proxy about it.
 *    Part data is opaque bytes: CR, LF, NUL, "--" are all data.
 *  - Preamble: anything before the first delimiter line ("--boundary" at
 *    the very start, or after a CRLF) is skipped.  Epilogue: everything
 *    after the close delimiter "--boundary--" is ignored.  The close
 *    delimiter is required: a body without it is a truncated upload.
 *    A body of only "--boundary--" is a form with no parts.
 *  - A delimiter is CRLF "--" boundary, then optional spaces/tabs and
 *    CRLF (another part follows) or "--" directly (the end).  The CRLF
 *    before "--boundary" belongs to the delimiter, not to the data; the
 *    CRLF of the empty line after a part's headers counts too, so
 *    "headers CRLF CRLF --boundary" is a part with empty data (RFC 2046's
 *    body-part grammar) and data never starts with "--boundary".  The
 *    boundary elsewhere (not right after a CRLF) is data.  CRLF
 *    "--boundary" followed by anything else ("--boundaryX") is refused:
 *    RFC 2046 forbids it in content, and real boundaries are random.
 *  - Part headers: "Name: value" lines up to an empty line; names are
 *    case-insensitive tokens, no space before ':', no NUL.  A line that
 *    starts with a space or tab continues the one before (RFC 5322
 *    folding; the CRLF is dropped): not the first line, and not a line of
 *    only white space.  At most max_header_lines lines, continuations
 *    included (more: BAD_REQUEST), of together at most max_header bytes
 *    counting their CRLFs (more: TOO_LARGE).  Unknown headers are ignored
 *    (RFC 7578 4.8).  Known headers may appear once:
 *	Content-Disposition	required: form-data; name="..." [;
 *				filename="..."] [; filename*=...]
 *	Content-Type		optional, printable ASCII; the part gets
 *				"text/plain" when absent
 *	Content-Transfer-Encoding  optional; only 7bit, 8bit or binary
 *  - Content-Disposition: the type must be form-data; parameter names
 *    are case-insensitive, values a token or a quoted-string; unknown
 *    parameters are ignored, name/filename/filename* twice is refused.
 *    In a quoted-string \" is '"' and \\ is '\'; a backslash before any
 *    other byte is kept as it is (old IE sends raw Windows paths like
 *    "C:\Users\x\lijst.csv").  %XX is not decoded in filename= (browsers
 *    send '"' as %22 but do not escape '%', so it cannot be undone
 *    reliably).  filename*=charset'lang'pct-encoded (RFC 8187; charset
 *    UTF-8 or ISO-8859-1) is preferred over filename= when both are there.
 *  - name: required, [A-Za-z0-9_.-], 1..REQ_MAX_KEY bytes (longer:
 *    TOO_LARGE), the same rule as urlencoded keys.  Names may repeat;
 *    parts keep the body's order.
 *  - A part with a filename (or filename*) parameter is a file: data is
 *    any bytes, at most max_file.  Otherwise it is a text field: at most
 *    max_text bytes, valid UTF-8 without NUL or C0 controls except TAB,
 *    CR and LF (the urlencoded value rule).
 *  - File names: must decode to valid UTF-8 (else BAD_REQUEST); then cut
 *    to the part after the last '/' or '\' ("C:\fakepath\x.csv" is
 *    "x.csv"); C0, DEL, C1, U+2028/2029, bidi controls (U+200E/F,
 *    U+202A..E, U+2066..9), U+FEFF, U+FFFE and U+FFFF are removed; "."
 *    and ".." become ""; then cut to at most MP_MAX_FILENAME bytes at a
 *    character boundary.
 *    The browser's "no file chosen" is a part with filename "" and len 0;
 *    a name that cleans to "" keeps its data, so test len, not the name.
 *
 * Ownership: name, filename and content_type are malloc'd NUL-terminated
 * copies owned by the form.  data is NOT copied: it points into the body
 * given to mp_parse (even when len is 0), so the body must stay alive and
 * unchanged while the form is used; mp_form_free never touches it. */
#ifndef DDD_MULTIPART_H
#define DDD_MULTIPART_H

#include <stddef.h>

#include "err.h"
#include "req.h"

#define MP_BOUNDARY_MAX		70		/* RFC 2046 */
#define MP_BOUNDARY_SIZE	(MP_BOUNDARY_MAX + 1)	/* with the NUL */
#define MP_MAX_FILENAME		255		/* bytes, after cleaning */

/* Defaults for struct mp_limits. */
#define MP_MAX_PARTS		32
#define MP_MAX_HEADER		1024		/* bytes of one part's headers */
#define MP_MAX_HEADER_LINES	8
#define MP_MAX_TEXT		(64 * 1024)
#define MP_MAX_FILE		(10 * 1024 * 1024)
#define MP_MAX_TOTAL		(MP_MAX_FILE + 1024 * 1024)

/* Counts over a limit give DDD_ERR_BAD_REQUEST and sizes over a limit
 * DDD_ERR_TOO_LARGE, as in req.c.  max_parts is also held to
 * REQ_MAX_FIELDS and max_text to REQ_MAX_VALUE, so mp_fields() gives a
 * list within the caps of req.h.  The caller should refuse a
 * CONTENT_LENGTH over max_total before reading the body at all. */
struct mp_limits {
	size_t	 max_parts;		/* parts in the body */
	size_t	 max_header;		/* bytes of one part's header lines */
	size_t	 max_header_lines;	/* header lines in one part */
	size_t	 max_text;		/* bytes of one text field's value */
	size_t	 max_file;		/* bytes of one file (per tenant) */
	size_t	 max_total;		/* bytes of the whole body */
};

#define MP_LIMITS_DEFAULT {						\
	.max_parts = MP_MAX_PARTS,					\
	.max_header = MP_MAX_HEADER,					\
	.max_header_lines = MP_MAX_HEADER_LINES,			\
	.max_text = MP_MAX_TEXT,					\
	.max_file = MP_MAX_FILE,					\
	.max_total = MP_MAX_TOTAL,					\
}

struct mp_part {
	char		*name;		/* [A-Za-z0-9_.-]{1,REQ_MAX_KEY} */
	char		*filename;	/* cleaned; NULL for a text field */
	char		*content_type;	/* as sent (trimmed); don't trust it */
	const char	*data;		/* into the caller's body, not copied */
	size_t		 len;
};

struct mp_form {
	struct mp_part	*v;
	size_t		 n;
	size_t		 alloc;		/* private */
};

void		 mp_form_init(struct mp_form *);
void		 mp_form_free(struct mp_form *);

/* The boundary from a CONTENT_TYPE header value such as
 * "multipart/form-data; boundary=----WebKitFormBoundaryx8Ab".  The media
 * type must be multipart/form-data (case-insensitive); the boundary
 * parameter is required once, a token or quoted-string (quoted-pairs
 * undone: "a\=b" is a=b), of 1..70 RFC 2046 bchars not ending in a
 * space.  Other parameters are ignored.  outlen
 * must be at least MP_BOUNDARY_SIZE (else DDD_ERR_INTERNAL).  On error out
 * is the empty string. */
enum ddd_err	 mp_boundary(const char *content_type, char *out,
		    size_t outlen);

/* Parse body[0..len) (need not be NUL-terminated, may hold NULs) with
 * the boundary from mp_boundary; lim NULL means MP_LIMITS_DEFAULT.  'out'
 * must have been set up with mp_form_init() (or hold an earlier result):
 * it is replaced on success and left empty on any error. */
enum ddd_err	 mp_parse(const char *body, size_t len, const char *boundary,
		    const struct mp_limits *lim, struct mp_form *out);

/* First part with this name, or NULL. */
const struct mp_part	*mp_get(const struct mp_form *, const char *name);
/* Number of parts with this name. */
size_t		 mp_count(const struct mp_form *, const char *name);

/* The text fields (parts without filename), in order, as a kvlist of
 * copies, so handlers treat them like an urlencoded body (kv_get,
 * kv_count).  'out' is replaced on success and emptied on error. */
enum ddd_err	 mp_fields(const struct mp_form *, struct kvlist *out);

/* What an uploaded file is, by its first bytes (never its name or the
 * Content-Type the browser sent): "application/pdf" (%PDF-),
 * "image/png" (the 8-byte PNG signature) or "image/jpeg" (FF D8 FF);
 * NULL for anything else. */
const char	*mp_sniff_document(const char *data, size_t len);

#endif
