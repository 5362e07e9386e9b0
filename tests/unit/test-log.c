/* log: one line per event; values escaped so that none can end the line
 * or start a key of its own; the request id on every line of a request. */

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "tap.h"

int
main(void)
{
	char	 line[4096], big[3000];
	size_t	 n;

	log_init("test-log");
	n = log_format(line, sizeof(line), LOG_INFO, "access",
	    "method=%s status=%d us=%ld", "GET", 200, 15L);
	is_str(line, "level=info event=access method=GET status=200 "
	    "us=15 prog=test-log", "plain pairs as written");
	is_int(n, strlen(line), "length returned");

	/* A value with a space, or a key of its own, stays one value. */
	log_format(line, sizeof(line), LOG_WARN, "login_failed", "name=%s "
	    "addr=%s", "x level=error event=forged", "127.0.0.1");
	is_str(line, "level=warn event=login_failed "
	    "name=\"x level=error event=forged\" addr=127.0.0.1 prog=test-log",
	    "unquoted value with spaces and '=' is quoted");

	/* A line break cannot start a second line. */
	log_format(line, sizeof(line), LOG_ERROR, "db", "error=\"%s\"",
	    "gone\nts=2020 level=info event=fake \"quoted\" back\\slash");
	is_str(line, "level=error event=db error=\"gone\\nts=2020 "
	    "level=info event=fake \\\"quoted\\\" back\\\\slash\" prog=test-log",
	    "quoted value: newline, quotes and backslash escaped");
	ok(strchr(line, '\n') == NULL, "no newline in the line");

	/* Control characters and bytes that are not UTF-8. */
	log_format(line, sizeof(line), LOG_INFO, "x", "v=%s w=\"%s\"",
	    "a\x01\xff", "caf\xc3\xa9 \xc3");
	is_str(line, "level=info event=x v=\"a\\x01\\xff\" "
	    "w=\"caf\xc3\xa9 \\xc3\" prog=test-log", "control and invalid UTF-8 as \\xHH, "
	    "valid UTF-8 kept");

	/* Numbers, precision, width from arguments. */
	log_format(line, sizeof(line), LOG_INFO, "n", "a=%lld b=%zu c=%.0f "
	    "d=%.*s e=%lu f=%u g=%llu", -5LL, (size_t)7, 2.6, 3, "abcdef",
	    9UL, 4U, 18446744073709551615ULL);
	is_str(line, "level=info event=n a=-5 b=7 c=3 d=abc e=9 "
	    "f=4 g=18446744073709551615 prog=test-log", "conversions as printf's");
	log_format(line, sizeof(line), LOG_INFO, "p", "pct=100%% s=%s", "");
	is_str(line, "level=info event=p pct=100% s= prog=test-log",
	    "%% and an empty value");

	/* The request id on every line while it is set. */
	log_set_request("0123456789abcdef0123456789abcdef");
	log_format(line, sizeof(line), LOG_INFO, "pdf_render", "ms=%d", 3);
	is_str(line, "level=info event=pdf_render ms=3 prog=test-log "
	    "req=0123456789abcdef0123456789abcdef",
	    "request id at the end of the line");
	is_str(log_request(), "0123456789abcdef0123456789abcdef",
	    "log_request gives it back");
	log_set_request(NULL);
	log_format(line, sizeof(line), LOG_INFO, "stop", "signal=%d", 15);
	is_str(line, "level=info event=stop signal=15 prog=test-log",
	    "no id outside a request");

	/* A line too long is cut, its quote closed, and says so. */
	memset(big, '"', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	n = log_format(line, 1200, LOG_INFO, "big", "v=\"%s\" after=1", big);
	ok(n < 1200, "cut to the buffer (%zu bytes)", n);
	ok(strstr(line, "\" cut=1") != NULL && strchr(line, '\n') == NULL,
	    "quote closed, cut=1: ...%s", line + n - 40);
	return done_testing();
}
