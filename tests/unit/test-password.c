/* password: the one rule for a new password (activation page, dddctl). */

#include <string.h>

#include "crypto.h"
#include "password.h"
#include "tap.h"

static enum password_problem
check(const char *pw, const char *login)
{
	return password_check(pw, strlen(pw), login);
}

int
main(void)
{
	char	 big[CRYPTO_PASSWORD_MAX + 2];

	is_int(check("groene fiets 42", "12345"), PASSWORD_OK, "a sentence");
	is_int(check("  mijn fiets is groen  ", "12345"), PASSWORD_OK,
	    "spaces at the ends are kept but not counted");
	is_int(check("abcdefghij", "12345"), PASSWORD_OK, "exactly 10");
	is_int(check("ééééééééééé", "12345"), PASSWORD_OK,
	    "characters, not bytes");
	is_int(check("", "12345"), PASSWORD_BLANK, "empty");
	is_int(check("          ", "12345"), PASSWORD_BLANK, "ten spaces");
	is_int(check("\t\t\t\t\t\t\t\t\t\t\t", "12345"), PASSWORD_BLANK,
	    "tabs");
	is_int(check("\xc2\xa0\xc2\xa0\xc2\xa0\xc2\xa0\xc2\xa0\xc2\xa0"
	    "\xc2\xa0\xc2\xa0\xc2\xa0\xc2\xa0", "12345"), PASSWORD_BLANK,
	    "no-break spaces");
	is_int(check("\xe2\x80\x83\xe2\x80\x8b\xe3\x80\x80\xef\xbb\xbf"
	    "\xe2\x80\x83\xe2\x80\x8b\xe3\x80\x80\xef\xbb\xbf     ", "12345"),
	    PASSWORD_BLANK, "em, zero-width and ideographic spaces, BOM");
	is_int(check("abcdefghi", "12345"), PASSWORD_SHORT, "nine");
	is_int(check("   kort   ", "12345"), PASSWORD_SHORT,
	    "three padded to ten");
	is_int(check("\xc2\xa0" "abcdefghi" "\xc2\xa0", "12345"),
	    PASSWORD_SHORT, "nine between no-break spaces");
	is_int(check("0000012345", "12345"), PASSWORD_LOGIN,
	    "the leerlingnummer with leading zeros");
	is_int(check("   0000012345 ", "12345"), PASSWORD_LOGIN,
	    "and with spaces around it");
	is_int(check("1234567890", "1234567890"), PASSWORD_LOGIN,
	    "a ten-digit leerlingnummer itself");
	is_int(check("0000000000", "12345"), PASSWORD_OK,
	    "zeros only is not the name 12345");
	is_int(check("00000123450", "12345"), PASSWORD_OK,
	    "another number");
	is_int(check("J.Bakker@DeBrug.example", "j.bakker@debrug.example"),
	    PASSWORD_LOGIN, "the e-mail address in another case");
	is_int(check("j.bakker@debrug.example!", "j.bakker@debrug.example"),
	    PASSWORD_OK, "longer than the name");
	is_int(check("j.bakker@debrug.example", NULL), PASSWORD_OK,
	    "no name to compare with");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	is_int(check(big, "12345"), PASSWORD_LONG, "over the byte limit");
	big[CRYPTO_PASSWORD_MAX] = '\0';
	is_int(check(big, "12345"), PASSWORD_OK, "at the byte limit");
	is_int(check("abcdefghij\xff", "12345"), PASSWORD_ENCODING,
	    "not UTF-8");
	ok(strstr(password_problem_nl(PASSWORD_SHORT), "minstens 10 tekens")
	    != NULL, "Dutch message names the minimum");
	ok(strstr(password_problem_en(PASSWORD_SHORT), "at least 10") != NULL,
	    "English message names the minimum");
	return done_testing();
}
