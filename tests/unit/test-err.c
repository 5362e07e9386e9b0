/* Every error has a status, an English name and a Dutch page text. */
#include <string.h>

#include "err.h"
#include "tap.h"

int
main(void)
{
	int	 e;

	for (e = 0; e < DDD_ERR__MAX; e++) {
		ok(err_http_status(e) >= 200 && err_http_status(e) < 600,
		    "%s has an HTTP status", err_name(e));
		ok(strlen(err_name(e)) > 0 && strchr(err_name(e), ' ') == NULL,
		    "%s has a log name without spaces", err_name(e));
		if (e != DDD_OK)
			ok(strlen(err_title_nl(e)) > 0 &&
			    strlen(err_text_nl(e)) > 0,
			    "%s has a Dutch title and text", err_name(e));
	}
	is_int(err_http_status(DDD_ERR_BAD_REQUEST), 400, "bad request 400");
	is_int(err_http_status(DDD_ERR_NOT_FOUND), 404, "not found 404");
	is_int(err_http_status(DDD_ERR_METHOD), 405, "method 405");
	is_int(err_http_status(DDD_ERR_TOO_LARGE), 413, "too large 413");
	is_int(err_http_status(DDD_ERR_DB_UNAVAILABLE), 503, "db down 503");
	is_int(err_http_status(DDD_ERR_FORBIDDEN), 403, "forbidden 403");
	is_int(err_http_status(DDD_ERR_LOGIN_REQUIRED), 303,
	    "login required redirects");
	is_int(err_http_status((enum ddd_err)999), 500,
	    "out-of-range error is a 500");
	is_str(err_name((enum ddd_err)-1), "internal",
	    "negative error is internal");
	return done_testing();
}
