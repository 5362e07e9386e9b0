#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

#define LINE_MAX_BYTES	4096	/* one line, escapes included */
#define VALUE_MAX_BYTES	1024	/* one value before escaping */

/* Set before threads start, and again by a reload (SIGHUP). */
static _Atomic int min_level = LOG_INFO;
static char prog_name[32] = "ddd";
static _Thread_local char request_id[LOG_REQUEST_ID_MAX + 1];

void
log_init(const char *prog)
{
	snprintf(prog_name, sizeof(prog_name), "%s", prog);
}

void
log_set_level(enum log_level l)
{
	atomic_store_explicit(&min_level, (int)l, memory_order_relaxed);
}

void
log_set_request(const char *id)
{
	snprintf(request_id, sizeof(request_id), "%s", id != NULL ? id : "");
}

const char *
log_request(void)
{
	return request_id;
}

/* The line being built; len stops short of the end, which is kept for
 * the closing quote of a cut value and the newline. */
struct line {
	char	*p;
	size_t	 size, len;
	int	 full;
};

static void
put(struct line *l, const char *s, size_t n)
{
	if (l->full || l->len + n + 8 > l->size) {
		l->full = 1;
		return;
	}
	memcpy(l->p + l->len, s, n);
	l->len += n;
}

/* Length of the UTF-8 sequence at s (of n bytes), 0 when it is not one. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t	 need, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		need = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		need = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		need = 4;
	else
		return 0;
	if (n < need)
		return 0;
	for (i = 1; i < need; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* No overlong forms, no surrogates, nothing past U+10FFFF. */
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
		return 0;
	return need;
}

/* Whether an unquoted value must be quoted to stay one value. */
static int
needs_quotes(const char *v, size_t n)
{
	size_t	 i, k;

	for (i = 0; i < n; i += k) {
		unsigned char ch = (unsigned char)v[i];
		k = 1;
		if (ch <= ' ' || ch == '"' || ch == '=' || ch == '\\' ||
		    ch == 0x7f)
			return 1;
		if (ch >= 0x80 && (k = utf8_len((const unsigned char *)v + i,
		    n - i)) == 0)
			return 1;
	}
	return 0;
}

static void
put_escaped(struct line *l, const char *v, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char	 e[4];
	size_t	 i, k;

	for (i = 0; i < n && !l->full; i += k) {
		unsigned char ch = (unsigned char)v[i];
		k = 1;
		if (ch == '"' || ch == '\\') {
			e[0] = '\\';
			e[1] = (char)ch;
			put(l, e, 2);
		} else if (ch == '\n')
			put(l, "\\n", 2);
		else if (ch == '\r')
			put(l, "\\r", 2);
		else if (ch == '\t')
			put(l, "\\t", 2);
		else if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 &&
		    (k = utf8_len((const unsigned char *)v + i, n - i)) == 0)) {
			k = 1;
			e[0] = '\\';
			e[1] = 'x';
			e[2] = hex[ch >> 4];
			e[3] = hex[ch & 15];
			put(l, e, 4);
		} else
			put(l, v + i, k);
	}
}

/* One converted value: escaped in place after a quote, else quoted when
 * it needs to be. */
static void
put_value(struct line *l, const char *v, size_t n)
{
	int	 quoted = l->len > 0 && l->p[l->len - 1] == '"';

	if (quoted)
		put_escaped(l, v, n);
	else if (needs_quotes(v, n)) {
		put(l, "\"", 1);
		put_escaped(l, v, n);
		put(l, "\"", 1);
	} else
		put(l, v, n);
}

/* printf's conversions, each value through put_value.  Supports what
 * the code uses: flags, width and precision (also *), hh h l ll z j t L,
 * and d i u o x X c s p f e g a %. */
static void
put_format(struct line *l, const char *fmt, va_list *ap)
{
	char	 spec[32], val[VALUE_MAX_BYTES];
	const char *p = fmt, *lit;
	size_t	 sl;
	int	 n;

	while (*p != '\0' && !l->full) {
		for (lit = p; *p != '\0' && *p != '%'; p++)
			;
		put(l, lit, (size_t)(p - lit));
		if (*p == '\0')
			break;
		if (p[1] == '%') {
			put(l, "%", 1);
			p += 2;
			continue;
		}
		sl = 0;
		spec[sl++] = *p++;
#define ADD(ch) do { if (sl < sizeof(spec) - 12) spec[sl++] = (ch); } while (0)
		while (strchr("-+ #0", *p) != NULL && *p != '\0')
			ADD(*p++);
		if (*p == '*') {
			sl += (size_t)snprintf(spec + sl, 12, "%d",
			    va_arg(*ap, int));
			p++;
		} else
			while (*p >= '0' && *p <= '9')
				ADD(*p++);
		if (*p == '.') {
			ADD(*p++);
			if (*p == '*') {
				int prec = va_arg(*ap, int);
				sl += (size_t)snprintf(spec + sl, 12, "%d",
				    prec < 0 ? 0 : prec);
				p++;
			} else
				while (*p >= '0' && *p <= '9')
					ADD(*p++);
		}
		{
			int	 lng = 0;	/* 1 l, 2 ll, 3 z, 4 j, 5 t,
						   6 L, -1 h, -2 hh */
			while (strchr("hlzjtLq", *p) != NULL && *p != '\0') {
				if (*p == 'h')
					lng = lng == -1 ? -2 : -1;
				else if (*p == 'l')
					lng = lng == 1 ? 2 : 1;
				else if (*p == 'q')
					lng = 2;
				else
					lng = *p == 'z' ? 3 : *p == 'j' ? 4 :
					    *p == 't' ? 5 : 6;
				ADD(*p++);
			}
			ADD(*p);
			spec[sl] = '\0';
			n = 0;
			switch (*p) {
			case 'd': case 'i':
				n = lng == 1 ? snprintf(val, sizeof(val), spec,
				    va_arg(*ap, long)) : lng == 2 ?
				    snprintf(val, sizeof(val), spec,
				    va_arg(*ap, long long)) : lng == 3 ?
				    snprintf(val, sizeof(val), spec,
				    va_arg(*ap, ssize_t)) : lng == 4 ?
				    snprintf(val, sizeof(val), spec,
				    va_arg(*ap, intmax_t)) : lng == 5 ?
				    snprintf(val, sizeof(val), spec,
				    va_arg(*ap, ptrdiff_t)) :
				    snprintf(val, sizeof(val), spec,
				    va_arg(*ap, int));
				break;
			case 'u': case 'o': case 'x': case 'X':
				n = lng == 1 ? snprintf(val, sizeof(val), spec,
				    va_arg(*ap, unsigned long)) : lng == 2 ?
				    snprintf(val, sizeof(val), spec,
				    va_arg(*ap, unsigned long long)) :
				    lng == 3 ? snprintf(val, sizeof(val), spec,
				    va_arg(*ap, size_t)) : lng == 4 ?
				    snprintf(val, sizeof(val), spec,
				    va_arg(*ap, uintmax_t)) : lng == 5 ?
				    snprintf(val, sizeof(val), spec,
				    va_arg(*ap, ptrdiff_t)) :
				    snprintf(val, sizeof(val), spec,
				    va_arg(*ap, unsigned int));
				break;
			case 'c':
				n = snprintf(val, sizeof(val), spec,
				    va_arg(*ap, int));
				break;
			case 's': {
				const char *s = va_arg(*ap, const char *);
				n = snprintf(val, sizeof(val), spec,
				    s != NULL ? s : "(null)");
				break;
			}
			case 'p':
				n = snprintf(val, sizeof(val), spec,
				    va_arg(*ap, void *));
				break;
			case 'f': case 'F': case 'e': case 'E': case 'g':
			case 'G': case 'a': case 'A':
				n = lng == 6 ? snprintf(val, sizeof(val), spec,
				    va_arg(*ap, long double)) :
				    snprintf(val, sizeof(val), spec,
				    va_arg(*ap, double));
				break;
			default:
				/* Not a conversion we know: stop here rather
				 * than read an argument of the wrong type. */
				put(l, " format_error=1", 15);
				return;
			}
#undef ADD
			p++;
			if (n < 0)
				n = 0;
			if ((size_t)n >= sizeof(val))
				n = (int)sizeof(val) - 1;
			put_value(l, val, (size_t)n);
		}
	}
}

static size_t
build(char *out, size_t size, int with_time, enum log_level level,
    const char *event, const char *fmt, va_list *ap)
{
	static const char *const names[] = { "debug", "info", "warn", "error" };
	struct line	 l = { out, size, 0, 0 };
	char		 head[160];
	struct timespec	 ts;
	struct tm	 tm;
	int		 n;

	if (with_time) {
		clock_gettime(CLOCK_REALTIME, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		n = snprintf(head, sizeof(head), "ts=%04d-%02d-%02dT%02d:%02d:"
		    "%02d.%03ldZ ", tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		    ts.tv_nsec / 1000000L);
		put(&l, head, (size_t)n);
	}
	n = snprintf(head, sizeof(head), "level=%s event=", names[level]);
	put(&l, head, (size_t)n);
	put_value(&l, event, strlen(event));
	if (fmt[0] != '\0')
		put(&l, " ", 1);
	put_format(&l, fmt, ap);
	/* The program and the request last: the event's own pairs follow
	 * its name, as they always have. */
	put(&l, " prog=", 6);
	put_value(&l, prog_name, strlen(prog_name));
	if (request_id[0] != '\0') {
		put(&l, " req=", 5);
		put_value(&l, request_id, strlen(request_id));
	}
	if (l.full) {
		/* Cut: close a quote left open, and say so. */
		size_t i, q = 0;
		for (i = 0; i < l.len; i++)
			if (out[i] == '\\')
				i++;
			else if (out[i] == '"')
				q ^= 1;
		if (q)
			out[l.len++] = '"';
		memcpy(out + l.len, " cut=1", 6);
		l.len += 6;
	}
	out[l.len] = '\0';
	return l.len;
}

size_t
log_format(char *out, size_t size, enum log_level level, const char *event,
    const char *fmt, ...)
{
	va_list	 ap;
	size_t	 n;

	va_start(ap, fmt);
	n = build(out, size, 0, level, event, fmt, &ap);
	va_end(ap);
	return n;
}

void
log_msg(enum log_level level, const char *event, const char *fmt, ...)
{
	char	 line[LINE_MAX_BYTES];
	va_list	 ap;
	size_t	 len;

	if ((int)level < atomic_load_explicit(&min_level, memory_order_relaxed))
		return;
	va_start(ap, fmt);
	len = build(line, sizeof(line) - 1, 1, level, event, fmt, &ap);
	va_end(ap);
	line[len++] = '\n';
	(void)!write(STDERR_FILENO, line, len);
}
