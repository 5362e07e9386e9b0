/* crypto: random tokens, SHA-256, HMAC, HKDF, CSRF tokens, encodings; no
 * core files. */

#include <sys/prctl.h>
#include <sys/resource.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "tap.h"

#define NTOKENS	1000

static const char	 url_alpha[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static int	 cmp_token(const void *, const void *);
static void	 hex(const unsigned char *, size_t, char *);

static char	 tokens[NTOKENS][CRYPTO_TOKEN_LEN + 1];

static int
cmp_token(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void
hex(const unsigned char *p, size_t n, char *out)
{
	if (crypto_hex_encode(p, n, out, n * 2 + 1) == -1)
		strcpy(out, "(hex failed)");
}

int
main(void)
{
	unsigned char	 d[64], d2[64], key[32], sh[CRYPTO_SHA256_LEN];
	unsigned char	 sh2[CRYPTO_SHA256_LEN];
	unsigned char	 buf[5 + CRYPTO_SHA256_LEN];
	char		 h[129], s[128], csrf[CRYPTO_CSRF_LEN + 1], *p;
	size_t		 i, j, n, bad, seen_n;
	int		 seen[64];
	const char	*vec[][2] = {
		{ "", "" }, { "f", "Zg" }, { "fo", "Zm8" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg" }, { "fooba", "Zm9vYmE" },
		{ "foobar", "Zm9vYmFy" },
	};

	/* Tokens: shape, alphabet, uniqueness. */
	bad = 0;
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < NTOKENS; i++) {
		if (crypto_token_new(tokens[i]) == -1 ||
		    strlen(tokens[i]) != CRYPTO_TOKEN_LEN ||
		    strspn(tokens[i], url_alpha) != CRYPTO_TOKEN_LEN ||
		    crypto_b64url_decode(tokens[i], CRYPTO_TOKEN_LEN, d,
		    sizeof(d), &n) == -1 || n != CRYPTO_TOKEN_BYTES)
			bad++;
		for (j = 0; j < CRYPTO_TOKEN_LEN; j++)
			if ((p = strchr(url_alpha, tokens[i][j])) != NULL)
				seen[p - url_alpha] = 1;
	}
	is_int(bad, 0, "1000 tokens: 43 base64url chars decoding to 32 bytes");
	for (seen_n = 0, i = 0; i < 64; i++)
		seen_n += seen[i];
	is_int(seen_n, 64, "all 64 base64url characters occur");
	qsort(tokens, NTOKENS, sizeof(tokens[0]), cmp_token);
	for (bad = 0, i = 1; i < NTOKENS; i++)
		if (strcmp(tokens[i - 1], tokens[i]) == 0)
			bad++;
	is_int(bad, 0, "1000 tokens all differ");

	/* SHA-256 known answers (FIPS 180-2). */
	ok(crypto_sha256("abc", 3, sh) == 0, "sha256 of \"abc\"");
	hex(sh, sizeof(sh), h);
	is_str(h, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad", "sha256(\"abc\") known answer");
	ok(crypto_sha256("", 0, sh) == 0, "sha256 of nothing");
	hex(sh, sizeof(sh), h);
	is_str(h, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855", "sha256(\"\") known answer");

	/* Token hash: SHA-256 of the token text; only well-formed tokens. */
	ok(crypto_token_hash(tokens[0], CRYPTO_TOKEN_LEN, sh) == 0,
	    "hash a token");
	crypto_sha256(tokens[0], CRYPTO_TOKEN_LEN, sh2);
	ok(memcmp(sh, sh2, sizeof(sh)) == 0,
	    "token hash is sha256 of the text");
	crypto_token_hash(tokens[1], CRYPTO_TOKEN_LEN, sh2);
	ok(memcmp(sh, sh2, sizeof(sh)) != 0, "other token, other hash");
	ok(crypto_token_hash(tokens[0], CRYPTO_TOKEN_LEN - 1, sh) == -1,
	    "42-char token refused");
	snprintf(s, sizeof(s), "%sA", tokens[0]);
	ok(crypto_token_hash(s, CRYPTO_TOKEN_LEN + 1, sh) == -1,
	    "44-char token refused");
	snprintf(s, sizeof(s), "%s", tokens[0]);
	s[5] = '+';
	ok(crypto_token_hash(s, CRYPTO_TOKEN_LEN, sh) == -1,
	    "token with '+' refused");
	s[5] = '.';
	ok(crypto_token_hash(s, CRYPTO_TOKEN_LEN, sh) == -1,
	    "token with '.' refused");
	snprintf(s, sizeof(s), "%s", tokens[0]);
	s[CRYPTO_TOKEN_LEN - 1] = 'B';	/* 000001: unused bits set */
	ok(crypto_token_hash(s, CRYPTO_TOKEN_LEN, sh) == -1,
	    "token with non-zero unused bits refused");

	/* HMAC-SHA256 known answers (RFC 4231 cases 1 and 2). */
	memset(key, 0x0b, 20);
	ok(crypto_hmac_sha256(key, 20, "Hi There", 8, sh) == 0, "hmac case 1");
	hex(sh, sizeof(sh), h);
	is_str(h, "b0344c61d8db38535ca8afceaf0bf12b"
	    "881dc200c9833da726e9376c2e32cff7", "RFC 4231 case 1");
	ok(crypto_hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28,
	    sh) == 0, "hmac case 2");
	hex(sh, sizeof(sh), h);
	is_str(h, "5bdcc146bf60754e6a042426089575c7"
	    "5a003f089d2739839dec58b964ec3843", "RFC 4231 case 2");
	ok(crypto_hmac_sha256("", 0, "x", 1, sh) == -1,
	    "empty HMAC key refused");

	/* HKDF-SHA256 known answer (RFC 5869 case 3: no salt, no info). */
	memset(key, 0x0b, 22);
	ok(crypto_derive_key(key, 22, "", d) == 0, "hkdf case 3");
	hex(d, 32, h);
	is_str(h, "8da4e775a563c18f715f802a063c5a31"
	    "b8a11f5c5ee1879ec3454e5f3c738d2d", "RFC 5869 case 3, first 32");
	crypto_derive_key(key, 22, "ddd-csrf", d2);
	ok(memcmp(d, d2, 32) != 0, "other info, other key");

	/* CSRF: base64url(HMAC(key, "csrf:" || session hash)). */
	crypto_random(key, sizeof(key));
	crypto_token_hash(tokens[0], CRYPTO_TOKEN_LEN, sh);
	ok(crypto_csrf_token(key, sizeof(key), sh, csrf) == 0, "csrf token");
	is_int(strlen(csrf), CRYPTO_CSRF_LEN, "csrf token is 43 chars");
	memcpy(buf, "csrf:", 5);
	memcpy(buf + 5, sh, sizeof(sh));
	crypto_hmac_sha256(key, sizeof(key), buf, sizeof(buf), d);
	crypto_b64url_encode(d, 32, s, sizeof(s));
	is_str(csrf, s,
	    "csrf token is base64url(HMAC(key, \"csrf:\" || hash))");
	is_int(crypto_csrf_check(key, sizeof(key), sh, csrf, strlen(csrf)),
	    DDD_OK, "csrf token accepted for its session");
	crypto_token_hash(tokens[1], CRYPTO_TOKEN_LEN, sh2);
	is_int(crypto_csrf_check(key, sizeof(key), sh2, csrf, strlen(csrf)),
	    DDD_ERR_CSRF, "refused for another session");
	key[0] ^= 1;
	is_int(crypto_csrf_check(key, sizeof(key), sh, csrf, strlen(csrf)),
	    DDD_ERR_CSRF, "refused under another server key");
	key[0] ^= 1;
	is_int(crypto_csrf_check(key, sizeof(key), sh, csrf,
	    CRYPTO_CSRF_LEN - 1), DDD_ERR_CSRF, "truncated token refused");
	is_int(crypto_csrf_check(key, sizeof(key), sh, "", 0), DDD_ERR_CSRF,
	    "empty token refused");
	is_int(crypto_csrf_check(key, sizeof(key), sh, NULL, 0), DDD_ERR_CSRF,
	    "missing token refused");
	for (bad = 0, i = 0; i < CRYPTO_CSRF_LEN; i++) {
		snprintf(s, sizeof(s), "%s", csrf);
		s[i] = s[i] == 'A' ? 'B' : 'A';
		if (crypto_csrf_check(key, sizeof(key), sh, s, strlen(s)) !=
		    DDD_ERR_CSRF)
			bad++;
	}
	is_int(bad, 0, "changing any character is refused");

	/* Constant-time comparison. */
	ok(crypto_equal("abcd", 4, "abcd", 4) == 1, "equal");
	ok(crypto_equal("abcd", 4, "abce", 4) == 0, "last byte differs");
	ok(crypto_equal("abcd", 4, "abcde", 5) == 0, "lengths differ");
	ok(crypto_equal("", 0, "", 0) == 1, "empty equals empty");

	/* base64url: RFC 4648 vectors, the two URL characters, round trips. */
	for (bad = 0, i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
		if (crypto_b64url_encode(vec[i][0], strlen(vec[i][0]), s,
		    sizeof(s)) == -1 || strcmp(s, vec[i][1]) != 0)
			bad++;
		if (crypto_b64url_decode(vec[i][1], strlen(vec[i][1]), d,
		    sizeof(d), &n) == -1 || n != strlen(vec[i][0]) ||
		    memcmp(d, vec[i][0], n) != 0)
			bad++;
	}
	is_int(bad, 0, "RFC 4648 vectors encode and decode");
	d[0] = 0xfb;
	d[1] = 0xff;
	crypto_b64url_encode(d, 2, s, sizeof(s));
	is_str(s, "-_8", "0xfbff is \"-_8\", not \"+/8=\"");
	for (bad = 0, i = 0; i <= sizeof(d); i++) {
		crypto_random(d, i);
		if (crypto_b64url_encode(d, i, s, sizeof(s)) == -1 ||
		    strlen(s) != CRYPTO_B64_LEN(i) ||
		    strspn(s, url_alpha) != strlen(s) ||
		    crypto_b64url_decode(s, strlen(s), d2, sizeof(d2),
		    &n) == -1 || n != i || memcmp(d, d2, i) != 0)
			bad++;
	}
	is_int(bad, 0, "random 0..64 bytes round trip");
	ok(crypto_b64url_decode("Zg==", 4, d, sizeof(d), &n) == -1,
	    "padding refused");
	ok(crypto_b64url_decode("Zm9v+g", 6, d, sizeof(d), &n) == -1,
	    "'+' refused");
	ok(crypto_b64url_decode("Zm9v/g", 6, d, sizeof(d), &n) == -1,
	    "'/' refused");
	ok(crypto_b64url_decode("Zm9vY", 5, d, sizeof(d), &n) == -1,
	    "length 4k+1 refused");
	ok(crypto_b64url_decode("Zh", 2, d, sizeof(d), &n) == -1,
	    "non-zero unused bits refused");
	ok(crypto_b64url_decode("Zm 9v", 5, d, sizeof(d), &n) == -1,
	    "space refused");
	ok(crypto_b64url_decode("Zm9v\0A", 6, d, sizeof(d), &n) == -1,
	    "NUL inside the explicit length refused");
	ok(crypto_b64url_decode("Zm9vYmFy", 8, d, 5, &n) == -1,
	    "output too small refused");
	ok(crypto_b64url_decode("Zm9vYmFy", 8, d, 6, &n) == 0 && n == 6,
	    "output exactly large enough");
	ok(crypto_b64url_encode("foobar", 6, s, 8) == -1,
	    "encode without room for the NUL refused");
	ok(crypto_b64url_encode("foobar", 6, s, 9) == 0, "encode with room");

	/* Hex. */
	ok(crypto_hex_decode("00ff7Fa0", 8, d, sizeof(d), &n) == 0 && n == 4 &&
	    d[0] == 0 && d[1] == 0xff && d[2] == 0x7f && d[3] == 0xa0,
	    "hex decodes either case");
	crypto_hex_encode(d, 4, s, sizeof(s));
	is_str(s, "00ff7fa0", "hex encodes lower case");
	ok(crypto_hex_decode("abc", 3, d, sizeof(d), &n) == -1,
	    "odd hex length refused");
	ok(crypto_hex_decode("0g", 2, d, sizeof(d), &n) == -1,
	    "non-hex refused");
	ok(crypto_hex_decode("0011", 4, d, 1, &n) == -1,
	    "hex output too small refused");
	ok(crypto_hex_encode("ab", 2, s, 4) == -1,
	    "hex encode without room for the NUL refused");

	/* No core files of a process that holds secrets. */
	{
		struct rlimit	 rl;
		ok(crypto_no_core() == 0, "core dumps turned off");
		ok(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0,
		    "the process is not dumpable");
		ok(getrlimit(RLIMIT_CORE, &rl) == 0 && rl.rlim_cur == 0 &&
		    rl.rlim_max == 0, "RLIMIT_CORE is 0, soft and hard");
	}
	return done_testing();
}
