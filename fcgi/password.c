/* The rule for a new password; see password.h. */
#include <string.h>
#include <strings.h>

#include "crypto.h"
#include "password.h"
#include "req.h"

#define STR_(x)	#x
#define STR(x)	STR_(x)

/* The code point at s[*i] of valid UTF-8; *i moves past it. */
static unsigned long
next_cp(const unsigned char *s, size_t *i)
{
	unsigned long	 cp = s[*i];
	size_t		 n = 0;

	if (cp >= 0xf0) {
		cp &= 0x07;
		n = 3;
	} else if (cp >= 0xe0) {
		cp &= 0x0f;
		n = 2;
	} else if (cp >= 0xc0) {
		cp &= 0x1f;
		n = 1;
	}
	for ((*i)++; n > 0; n--, (*i)++)
		cp = (cp << 6) | (s[*i] & 0x3f);
	return cp;
}

/* Unicode White_Space, and the invisible characters that look like it
 * (zero-width space and joiners, word joiner, BOM, Mongolian vowel
 * separator): a password of only these is blank to whoever reads it. */
static int
blank(unsigned long cp)
{
	return (cp >= 0x09 && cp <= 0x0d) || cp == 0x20 || cp == 0x85 ||
	    cp == 0xa0 || cp == 0x1680 || cp == 0x180e ||
	    (cp >= 0x2000 && cp <= 0x200d) || cp == 0x2028 || cp == 0x2029 ||
	    cp == 0x202f || cp == 0x205f || cp == 0x2060 || cp == 0x3000 ||
	    cp == 0xfeff;
}

/* Whether p[0..len) is the log-in name: e-mail addresses in any case,
 * leerlingnummers also with leading zeros (as login_normalise reads
 * them). */
static int
is_login(const char *p, size_t len, const char *login)
{
	size_t	 i;
	int	 digits = len > 0;

	for (i = 0; i < len; i++)
		if (p[i] < '0' || p[i] > '9')
			digits = 0;
	if (digits)
		while (len > 1 && p[0] == '0') {
			p++;
			len--;
		}
	return strlen(login) == len && strncasecmp(p, login, len) == 0;
}

enum password_problem
password_check(const char *pw, size_t len, const char *login)
{
	const unsigned char *s = (const unsigned char *)pw;
	size_t		 i = 0, at, start = len, end = 0;

	if (len > CRYPTO_PASSWORD_MAX)
		return PASSWORD_LONG;
	if (!utf8_valid(pw, len))
		return PASSWORD_ENCODING;
	while (i < len) {
		at = i;
		if (!blank(next_cp(s, &i))) {
			if (start == len)
				start = at;
			end = i;
		}
	}
	if (start == len)
		return PASSWORD_BLANK;
	if (utf8_chars(pw + start, end - start) < PASSWORD_MIN)
		return PASSWORD_SHORT;
	if (login != NULL && is_login(pw + start, end - start, login))
		return PASSWORD_LOGIN;
	return PASSWORD_OK;
}

const char *
password_problem_nl(enum password_problem p)
{
	switch (p) {
	case PASSWORD_OK:
		return "";
	case PASSWORD_BLANK:
		return "Een wachtwoord van alleen spaties kan niet. Kies een "
		    "wachtwoord met letters, cijfers of andere tekens.";
	case PASSWORD_SHORT:
		return "Kies een wachtwoord van minstens " STR(PASSWORD_MIN)
		    " tekens. Spaties aan het begin en het eind tellen niet "
		    "mee.";
	case PASSWORD_LOGIN:
		return "Je wachtwoord mag niet gelijk zijn aan je "
		    "gebruikersnaam.";
	case PASSWORD_LONG:
		return "Je wachtwoord is te lang: kies er een van hoogstens "
		    STR(CRYPTO_PASSWORD_MAX) " tekens.";
	case PASSWORD_ENCODING:
		return "Je wachtwoord bevat tekens die niet kunnen worden "
		    "gelezen.";
	}
	return "";
}

const char *
password_problem_en(enum password_problem p)
{
	switch (p) {
	case PASSWORD_OK:
		return "";
	case PASSWORD_BLANK:
		return "the password may not be only white space";
	case PASSWORD_SHORT:
		return "the password needs at least " STR(PASSWORD_MIN)
		    " characters besides white space at either end";
	case PASSWORD_LOGIN:
		return "the password may not be the log-in name";
	case PASSWORD_LONG:
		return "the password may have at most "
		    STR(CRYPTO_PASSWORD_MAX) " bytes";
	case PASSWORD_ENCODING:
		return "the password is not valid UTF-8";
	}
	return "";
}
