/* Structured logging to stderr: one line per event, "key=value" pairs,
 * written with a single write(2) so threads never interleave a line.
 * English only; never pass a BSN, password or token. */
#ifndef DDD_LOG_H
#define DDD_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void	log_set_level(enum log_level);
/* event is a short identifier ("access", "db_connect"); fmt adds pairs. */
void	log_msg(enum log_level, const char *event, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#define log_info(ev, ...)	log_msg(LOG_INFO, ev, __VA_ARGS__)
#define log_warn(ev, ...)	log_msg(LOG_WARN, ev, __VA_ARGS__)
#define log_error(ev, ...)	log_msg(LOG_ERROR, ev, __VA_ARGS__)
#define log_debug(ev, ...)	log_msg(LOG_DEBUG, ev, __VA_ARGS__)

#endif
