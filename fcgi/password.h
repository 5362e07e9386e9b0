/* The one rule for a new password, wherever one is set (the activation
 * page, dddctl passwd): at least PASSWORD_MIN characters not counting
 * white space at either end, not white space only, not the log-in name
 * (in any case; for a leerlingnummer also with leading zeros), at most
 * CRYPTO_PASSWORD_MAX bytes of valid UTF-8.  No composition rules: a
 * sentence is a good password.  The password is kept as typed. */
#ifndef DDD_PASSWORD_H
#define DDD_PASSWORD_H

#include <stddef.h>

#define PASSWORD_MIN	10	/* characters */

enum password_problem {
	PASSWORD_OK = 0,
	PASSWORD_BLANK,		/* nothing but white space */
	PASSWORD_SHORT,		/* under PASSWORD_MIN once trimmed */
	PASSWORD_LOGIN,		/* the log-in name */
	PASSWORD_LONG,		/* over CRYPTO_PASSWORD_MAX bytes */
	PASSWORD_ENCODING	/* not UTF-8 (dddctl's standard input) */
};

/* Check pw[0..len) against the rule for the account whose normalised
 * log-in name (login_normalise) is login. */
enum password_problem	 password_check(const char *pw, size_t len,
			    const char *login);
/* The problem as a sentence: Dutch for the page, English for dddctl. */
const char		*password_problem_nl(enum password_problem);
const char		*password_problem_en(enum password_problem);

#endif
