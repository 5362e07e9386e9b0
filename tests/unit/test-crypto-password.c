/* crypto: scrypt password hashes, their stored form and verification. */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto.h"
#include "tap.h"

/* RFC 7914 section 12, second vector (N = 16384, r = 8, p = 1), first 32
 * bytes: a shorter PBKDF2 output is a prefix of the longer one. */
#define KAT_PW		"pleaseletmein"
#define KAT_STORED	"$scrypt$ln=14,r=8,p=1$U29kaXVtQ2hsb3JpZGU$" \
			"cCO9yzr9c0hGHAbNgf046/2o+7qQT44+qbVD9lRdofI"

static const char	 b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static double	 now_ms(void);
static char	 other_char(char);

static double
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The base64 digit with the top bit of its 6 flipped: always a data bit,
 * also in the last digit, so the decoded bytes change. */
static char
other_char(char c)
{
	const char	*p = strchr(b64, c);

	return p == NULL ? '!' : b64[((p - b64) + 32) % 64];
}

int
main(void)
{
	char		 h1[CRYPTO_PWHASH_SIZE], h2[CRYPTO_PWHASH_SIZE];
	char		 t[CRYPTO_PWHASH_SIZE], msg[160], *salt, *hash;
	char		*long_pw;
	const char	*pw = "correct horse battery staple";
	size_t		 len, i, bad;
	double		 t0, t_hash, t_verify, t_dummy;
	enum ddd_err	 e;

	/* Round trip and form. */
	t0 = now_ms();
	e = crypto_password_hash(pw, strlen(pw), h1);
	t_hash = now_ms() - t0;
	is_int(e, DDD_OK, "hash a password");
	ok(strncmp(h1, "$scrypt$ln=15,r=8,p=1$", 22) == 0,
	    "stored string names scrypt and the current parameters");
	len = strlen(h1);
	is_int(len, 22 + 22 + 1 + 43, "22-char salt and 43-char hash");
	ok(strchr(h1 + 22, '=') == NULL, "no base64 padding");
	t0 = now_ms();
	e = crypto_password_verify(pw, strlen(pw), h1);
	t_verify = now_ms() - t0;
	is_int(e, DDD_OK, "the right password verifies");
	is_int(crypto_password_needs_rehash(h1), 0,
	    "a fresh hash needs no rehash");

	/* Known answer: the verify path uses ln, r, p and salt as stated. */
	is_int(crypto_password_verify(KAT_PW, strlen(KAT_PW), KAT_STORED),
	    DDD_OK, "RFC 7914 vector verifies");
	is_int(crypto_password_verify("pleaseletmeiN", 13, KAT_STORED),
	    DDD_ERR_INVALID_INPUT, "RFC 7914 vector, wrong password");

	/* Wrong passwords. */
	is_int(crypto_password_verify("correct horse battery stapl", 27, h1),
	    DDD_ERR_INVALID_INPUT, "one byte short does not verify");
	is_int(crypto_password_verify("Correct horse battery staple", 28, h1),
	    DDD_ERR_INVALID_INPUT, "other case does not verify");
	is_int(crypto_password_verify(pw, strlen(pw) - 1, h1),
	    DDD_ERR_INVALID_INPUT, "explicit length is honoured");
	is_int(crypto_password_hash("a\0b", 3, h2), DDD_OK,
	    "a password with a NUL byte hashes");
	is_int(crypto_password_verify("a", 1, h2), DDD_ERR_INVALID_INPUT,
	    "bytes after a NUL count");
	is_int(crypto_password_verify("a\0b", 3, h2), DDD_OK,
	    "NUL-containing password verifies with its length");

	/* Same password, other salt. */
	is_int(crypto_password_hash(pw, strlen(pw), h2), DDD_OK,
	    "hash the same password again");
	ok(strcmp(h1, h2) != 0, "two hashes of one password differ");
	ok(strncmp(h1 + 22, h2 + 22, 22) != 0, "their salts differ");
	ok(strcmp(h1 + 45, h2 + 45) != 0, "their hashes differ");
	is_int(crypto_password_verify(pw, strlen(pw), h2), DDD_OK,
	    "the second one verifies too");

	/* Tampering: every digit of salt and hash (on the cheaper ln=14
	 * vector), the ends of each in a fresh hash, and each parameter. */
	bad = 0;
	for (i = 0; i < strlen(KAT_STORED); i++) {
		if (i < 22 || KAT_STORED[i] == '$')
			continue;
		memcpy(t, KAT_STORED, sizeof(KAT_STORED));
		t[i] = other_char(t[i]);
		if (crypto_password_verify(KAT_PW, strlen(KAT_PW), t) !=
		    DDD_ERR_INVALID_INPUT)
			bad++;
	}
	is_int(bad, 0, "changing any salt or hash digit stops verification");
	salt = h1 + 22;
	hash = h1 + 45;
	bad = 0;
	for (i = 0; i < 4; i++) {
		char	*at[4] = { salt, hash - 2, hash, h1 + len - 1 };

		memcpy(t, h1, len + 1);
		t[at[i] - h1] = other_char(*at[i]);
		if (crypto_password_verify(pw, strlen(pw), t) !=
		    DDD_ERR_INVALID_INPUT)
			bad++;
	}
	is_int(bad, 0, "changing the first or last salt or hash digit of a "
	    "fresh hash stops verification");
	memcpy(t, h1, len + 1);
	t[len - 1] = b64[(strchr(b64, t[len - 1]) - b64) ^ 1];
	is_int(crypto_password_verify(pw, strlen(pw), t), DDD_ERR_INTERNAL,
	    "a change in the unused bits of the last digit is refused");
	memcpy(t, h1, len + 1);
	t[12] = '4';
	is_int(crypto_password_verify(pw, strlen(pw), t), DDD_ERR_INVALID_INPUT,
	    "ln=14 instead of 15 does not verify");
	memcpy(t, h1, len + 1);
	t[16] = '4';
	is_int(crypto_password_verify(pw, strlen(pw), t), DDD_ERR_INVALID_INPUT,
	    "r=4 instead of 8 does not verify");
	memcpy(t, h1, len + 1);
	t[20] = '2';
	is_int(crypto_password_verify(pw, strlen(pw), t), DDD_ERR_INVALID_INPUT,
	    "p=2 instead of 1 does not verify");
	memcpy(t, h1, len + 1);
	t[1] = 'S';
	is_int(crypto_password_verify(pw, strlen(pw), t), DDD_ERR_INTERNAL,
	    "other scheme name refused");

	/* Truncation at every length. */
	bad = 0;
	for (i = 0; i < len; i++) {
		memcpy(t, h1, i);
		t[i] = '\0';
		if (crypto_password_verify(pw, strlen(pw), t) !=
		    DDD_ERR_INTERNAL)
			bad++;
	}
	is_int(bad, 0, "every truncation is refused as malformed");
	is_int(crypto_password_verify(pw, strlen(pw), NULL), DDD_ERR_INTERNAL,
	    "NULL stored string refused");

	/* Malformed parameters are refused before any work. */
	is_int(crypto_password_verify(pw, strlen(pw),
	    "$scrypt$ln=015,r=8,p=1$U29kaXVtQ2hsb3JpZGU$"
	    "cCO9yzr9c0hGHAbNgf046/2o+7qQT44+qbVD9lRdofI"), DDD_ERR_INTERNAL,
	    "leading zero refused");
	is_int(crypto_password_verify(pw, strlen(pw),
	    "$scrypt$ln=20,r=8,p=1$U29kaXVtQ2hsb3JpZGU$"
	    "cCO9yzr9c0hGHAbNgf046/2o+7qQT44+qbVD9lRdofI"), DDD_ERR_INTERNAL,
	    "parameters needing 1 GiB refused");
	is_int(crypto_password_verify(pw, strlen(pw),
	    "$scrypt$ln=10,r=8,p=5$U29kaXVtQ2hsb3JpZGU$"
	    "cCO9yzr9c0hGHAbNgf046/2o+7qQT44+qbVD9lRdofI"), DDD_ERR_INTERNAL,
	    "p over the limit refused");
	is_int(crypto_password_verify(pw, strlen(pw),
	    "$scrypt$ln=14,r=8,p=1$U29kaXVtQ2hsb3JpZGU$"
	    "cCO9yzr9c0hGHAbNgf046/2o+7qQT44+qbVD9lRdofI="), DDD_ERR_INTERNAL,
	    "padding refused");
	is_int(crypto_password_verify(pw, strlen(pw),
	    "$scrypt$ln=14,r=8,p=1$U29kaXVtQ2hsb3JpZGU$"
	    "cCO9yzr9c0hGHAbNgf046/2o+7qQT44+qbVD9lRdofIAAAA"),
	    DDD_ERR_INTERNAL, "a longer hash refused");

	/* Needs rehash. */
	is_int(crypto_password_needs_rehash(KAT_STORED), 1,
	    "ln=14 string needs rehash");
	memcpy(t, h1, len + 1);
	t[12] = '6';
	is_int(crypto_password_needs_rehash(t), 1,
	    "a current string but for ln=16 needs rehash");
	memcpy(t, h1, len + 1);
	t[16] = '4';
	is_int(crypto_password_needs_rehash(t), 1, "r=4 string needs rehash");
	memcpy(t, h1, len + 1);
	t[20] = '2';
	is_int(crypto_password_needs_rehash(t), 1, "p=2 string needs rehash");
	is_int(crypto_password_needs_rehash("$2y$10$abcdefghijklmnopqrstuv"),
	    1, "a bcrypt string needs rehash");
	is_int(crypto_password_needs_rehash(h2), 0,
	    "a current string needs none");

	/* Length limits. */
	if ((long_pw = malloc(CRYPTO_PASSWORD_MAX + 1)) == NULL)
		return 1;
	memset(long_pw, 'x', CRYPTO_PASSWORD_MAX + 1);
	is_int(crypto_password_hash(long_pw, CRYPTO_PASSWORD_MAX + 1, t),
	    DDD_ERR_INVALID_INPUT, "1025-byte password refused");
	is_str(t, "", "output empty after refusal");
	is_int(crypto_password_verify(long_pw, CRYPTO_PASSWORD_MAX + 1, h1),
	    DDD_ERR_INVALID_INPUT, "1025-byte password does not verify");
	is_int(crypto_password_hash(long_pw, CRYPTO_PASSWORD_MAX, t), DDD_OK,
	    "1024-byte password accepted");
	is_int(crypto_password_verify(long_pw, CRYPTO_PASSWORD_MAX, t), DDD_OK,
	    "1024-byte password verifies");
	free(long_pw);
	is_int(crypto_password_hash("", 0, t), DDD_ERR_INVALID_INPUT,
	    "empty password refused");
	is_int(crypto_password_verify("", 0, h1), DDD_ERR_INVALID_INPUT,
	    "empty password does not verify");

	/* Unknown user. */
	t0 = now_ms();
	e = crypto_password_verify_dummy(pw, strlen(pw));
	t_dummy = now_ms() - t0;
	is_int(e, DDD_ERR_INVALID_INPUT, "dummy verify never succeeds");

	snprintf(msg, sizeof(msg), "scrypt ln=%d r=%d p=%d: hash %.1f ms, "
	    "verify %.1f ms, dummy %.1f ms", CRYPTO_SCRYPT_LN, CRYPTO_SCRYPT_R,
	    CRYPTO_SCRYPT_P, t_hash, t_verify, t_dummy);
	diag(msg);
	return done_testing();
}
