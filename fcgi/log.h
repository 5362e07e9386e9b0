/* Structured logging to stderr: one line per event, "key=value" pairs,
 * written with a single write(2) so threads never interleave a line.
 *
 *   ts=2026-01-05T08:30:00.123Z level=info event=access method=GET
 *   path=/login status=200 ... prog=ddd-worker req=4f1c...
 *
 * The same format from ddd-worker, ddd-mailer and dddctl (log_init names
 * the program: prog=, at the end).  Inside a request every line ends
 * with its id (req=), the one nginx made ($request_id) or our own.  Keys and the text around the
 * conversions are the format's (code); every value a conversion puts in
 * is escaped: in a quoted place (key="%s") quotes, backslashes, control
 * characters and bytes that are not UTF-8 become \" \\ \n \xHH; an
 * unquoted value (key=%s) that holds a space, '=', a quote, a backslash
 * or such a byte is put in quotes and escaped the same way.  So no value
 * can end the line or start a key of its own.
 * English only; never pass a BSN, password or token. */
#ifndef DDD_LOG_H
#define DDD_LOG_H

#include <stddef.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

#define LOG_REQUEST_ID_MAX	64	/* characters of a request id */

/* The program's name on every line (prog=); before threads start. */
void	log_init(const char *prog);
void	log_set_level(enum log_level);
/* The request this thread serves now ("" or NULL: none). */
void	log_set_request(const char *id);
const char *log_request(void);
/* event is a short identifier ("access", "db_connect"); fmt adds pairs. */
void	log_msg(enum log_level, const char *event, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* The line log_msg would write, without the time and the newline, into
 * out (for the tests); returns its length. */
size_t	log_format(char *out, size_t size, enum log_level, const char *event,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#define log_info(ev, ...)	log_msg(LOG_INFO, ev, __VA_ARGS__)
#define log_warn(ev, ...)	log_msg(LOG_WARN, ev, __VA_ARGS__)
#define log_error(ev, ...)	log_msg(LOG_ERROR, ev, __VA_ARGS__)
#define log_debug(ev, ...)	log_msg(LOG_DEBUG, ev, __VA_ARGS__)

#endif
