/* Private to the student list import (csv.c, csv_read.c): the report,
 * the record reader and what they share.  Not for other callers: csv.h is
 * the interface. */
#ifndef DDD_CSV_INT_H
#define DDD_CSV_INT_H

#include <stddef.h>

#include "buf.h"
#include "csv.h"
#include "err.h"

#define SHOW_MAX	40		/* bytes of a value in a message */
#define SHOW_SIZE	(SHOW_MAX + 6)	/* + 2 quotes, "…" (3), NUL */
#define MSG_MAX		1024		/* one report line, '\n' included */
#define REC_STORE	(CSV_MAX_COLUMNS + 1)	/* fields kept per record */

#define IS_DIGIT(c)	((c) >= '0' && (c) <= '9')

struct report {
	struct buf	*out;
	size_t		 shown;		/* lines written */
	size_t		 hidden;	/* over the line cap, or did not fit */
	size_t		 errors;	/* problems, not notes */
};

struct tok {
	const char	*s;
	size_t		 len;
	size_t		 pos;
	size_t		 line;		/* physical line of s[pos] */
	char		 delim;
};

struct rec {
	size_t		 line;		/* where the record starts */
	size_t		 nfields;	/* all fields, also those not kept */
	size_t		 off[REC_STORE];
	size_t		 flen[REC_STORE];
	size_t		 cur;		/* field being read */
	size_t		 curlen;	/* its bytes so far, kept or not */
	int		 nonempty;	/* some field has a non-blank byte */
	size_t		 lastfull;	/* last such field (1-based), 0 none */
	int		 unterminated;	/* end of input inside quotes */
	size_t		 junk;		/* field (1-based) with text after its
					 * closing quote; 0 = none */
	size_t		 toolong;	/* field (1-based) over CSV_MAX_FIELD */
	char		*data;		/* kept fields, each NUL-terminated;
					 * fixed size, never moved (BSNs) */
	size_t		 datalen;
	size_t		 dataused;	/* most datalen ever: what to wipe */
};

/* Report: one line "regel N: ..." (line > 0) or "bestand: ..."; every
 * value in it must have gone through csv_show() or bsn_mask(). */
void		 csv_rep_line(struct report *, int error, size_t line,
		    const char *, ...) __attribute__((format(printf, 4, 5)));
void		 csv_rep_finish(struct report *);
/* Length of a character that must not be in a name nor in a message. */
size_t		 csv_bad_char(const unsigned char *, size_t);
/* A value as a message shows it (cut, bad characters '?', BSN-like digit
 * runs masked), between single quotes if quote. */
const char	*csv_show(char[SHOW_SIZE], const char *, size_t, int quote);

/* Encoding. */
size_t		 csv_u8len(const char *, size_t);
int		 csv_is_break(const char *, size_t, size_t);
enum ddd_err	 csv_decode(const char *, size_t, int bom, struct report *,
		    char **conv, size_t *convlen);

/* Records. */
int		 csv_read_record(struct tok *, struct rec *);
void		 csv_skip_blank_lines(struct tok *);
int		 csv_sep_line(struct tok *, struct report *);
char		 csv_detect_delim(const struct tok *);

#endif
