/* All cryptography of DDD; see crypto.h for the API and formats and
 * docs/crypto.md for the reasons. */

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "hex.h"
#include "crypto.h"

#define GCM_NONCE_LEN	12
#define GCM_TAG_LEN	16
#define FORMAT_V1	1
#define BSN_HDR_LEN	5	/* format byte and key version */
#define AAD_MAX		96

/* Parsed "$scrypt$ln=..,r=..,p=..$salt$hash". */
struct pwhash {
	unsigned int	 ln;
	uint32_t	 r, p;
	unsigned char	 salt[64];
	size_t		 saltlen;
	unsigned char	 hash[CRYPTO_SCRYPT_HASH_LEN];
	size_t		 hashlen;
};

static int	 b64_encode(int, const void *, size_t, char *, size_t);
static int	 b64_decode(int, const char *, size_t, unsigned char *,
		    size_t, size_t *);
static int	 b64_value(unsigned char, int);
static int	 parse_uint(const char **, uint32_t, uint32_t *);
static uint64_t	 scrypt_mem(unsigned int, uint32_t, uint32_t);
static int	 scrypt_derive(const char *, size_t, const unsigned char *,
		    size_t, unsigned int, uint32_t, uint32_t, unsigned char *,
		    size_t);
static int	 pwhash_parse(const char *, struct pwhash *);
static int	 password_ok(size_t);
static int	 hmac2(const void *, size_t, const void *, size_t,
		    const void *, size_t, unsigned char *);
static int	 gcm_seal(const unsigned char *, const unsigned char *,
		    size_t, const unsigned char *, size_t, unsigned char *,
		    unsigned char *, unsigned char *);
static int	 gcm_open(const unsigned char *, const unsigned char *,
		    size_t, const unsigned char *, const unsigned char *,
		    size_t, const unsigned char *, unsigned char *);
static size_t	 wrap_aad(unsigned char *, uint64_t, uint32_t);
static size_t	 bsn_aad(unsigned char *, const unsigned char *, uint64_t,
		    uint64_t);
static int	 bsn_digits(const char *, size_t);

/*
 * Encodings.
 */

static const char b64_std[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char b64_url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static int
b64_encode(int url, const void *in, size_t inlen, char *out, size_t outsize)
{
	const unsigned char	*p = in;
	const char		*alpha = url ? b64_url : b64_std;
	size_t			 i, o = 0;
	uint32_t		 v;

	if (inlen > (SIZE_MAX - 3) / 4 || outsize < CRYPTO_B64_LEN(inlen) + 1)
		return -1;
	for (i = 0; inlen - i >= 3; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		out[o++] = alpha[v >> 18 & 63];
		out[o++] = alpha[v >> 12 & 63];
		out[o++] = alpha[v >> 6 & 63];
		out[o++] = alpha[v & 63];
	}
	if (inlen - i == 1) {
		v = (uint32_t)p[i] << 16;
		out[o++] = alpha[v >> 18 & 63];
		out[o++] = alpha[v >> 12 & 63];
	} else if (inlen - i == 2) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
		out[o++] = alpha[v >> 18 & 63];
		out[o++] = alpha[v >> 12 & 63];
		out[o++] = alpha[v >> 6 & 63];
	}
	out[o] = '\0';
	return 0;
}

static int
b64_value(unsigned char c, int url)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == (url ? '-' : '+'))
		return 62;
	if (c == (url ? '_' : '/'))
		return 63;
	return -1;
}

/* Strict: a length of 4k+1 cannot occur, and the bits past the last
 * whole byte must be zero, so no two strings decode to the same bytes
 * (an altered stored hash never still matches). */
static int
b64_decode(int url, const char *in, size_t inlen, unsigned char *out,
    size_t outsize, size_t *outlen)
{
	size_t		 i, n, o = 0;
	uint32_t	 acc = 0;
	int		 bits = 0, v;

	if (inlen % 4 == 1)
		return -1;
	n = inlen / 4 * 3 + (inlen % 4 ? inlen % 4 - 1 : 0);
	if (n > outsize)
		return -1;
	for (i = 0; i < inlen; i++) {
		if ((v = b64_value((unsigned char)in[i], url)) < 0)
			return -1;
		acc = (acc << 6 | (uint32_t)v) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (unsigned char)(acc >> bits);
		}
	}
	if ((acc & ((1u << bits) - 1)) != 0)
		return -1;
	*outlen = o;
	return 0;
}

int
crypto_b64url_encode(const void *in, size_t inlen, char *out, size_t outsize)
{
	return b64_encode(1, in, inlen, out, outsize);
}

int
crypto_b64url_decode(const char *in, size_t inlen, unsigned char *out,
    size_t outsize, size_t *outlen)
{
	return b64_decode(1, in, inlen, out, outsize, outlen);
}

int
crypto_hex_encode(const void *in, size_t inlen, char *out, size_t outsize)
{
	static const char	 digits[] = "0123456789abcdef";
	const unsigned char	*p = in;
	size_t			 i;

	if (inlen > (SIZE_MAX - 1) / 2 || outsize < inlen * 2 + 1)
		return -1;
	for (i = 0; i < inlen; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * inlen] = '\0';
	return 0;
}


int
crypto_hex_decode(const char *in, size_t inlen, unsigned char *out,
    size_t outsize, size_t *outlen)
{
	size_t	 i;
	int	 hi, lo;

	if (inlen % 2 != 0 || inlen / 2 > outsize)
		return -1;
	for (i = 0; i < inlen; i += 2) {
		if ((hi = hex_digit((unsigned char)in[i])) < 0 ||
		    (lo = hex_digit((unsigned char)in[i + 1])) < 0)
			return -1;
		out[i / 2] = (unsigned char)(hi << 4 | lo);
	}
	*outlen = inlen / 2;
	return 0;
}

/*
 * Small primitives.
 */

int
crypto_equal(const void *a, size_t alen, const void *b, size_t blen)
{
	if (alen != blen)
		return 0;
	return CRYPTO_memcmp(a, b, alen) == 0;
}

void
crypto_wipe(void *p, size_t len)
{
	OPENSSL_cleanse(p, len);
}

int
crypto_no_core(void)
{
	struct rlimit	 rl = { 0, 0 };

	if (setrlimit(RLIMIT_CORE, &rl) == -1 ||
	    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1)
		return -1;
	return 0;
}

int
crypto_random(void *out, size_t len)
{
	if (len > INT32_MAX)
		return -1;
	return RAND_bytes(out, (int)len) == 1 ? 0 : -1;
}

int
crypto_sha256(const void *data, size_t len,
    unsigned char out[CRYPTO_SHA256_LEN])
{
	unsigned int	 n;

	if (EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) != 1 ||
	    n != CRYPTO_SHA256_LEN)
		return -1;
	return 0;
}

/* HMAC-SHA256 over a || b, so a label can be prefixed without a copy. */
static int
hmac2(const void *key, size_t keylen, const void *a, size_t alen,
    const void *b, size_t blen, unsigned char *out)
{
	EVP_MAC		*mac = NULL;
	EVP_MAC_CTX	*ctx = NULL;
	OSSL_PARAM	 params[2];
	char		 digest[] = "SHA256";
	size_t		 n;
	int		 rc = -1;

	/* A NULL or empty key would make EVP_MAC_init keep an old one. */
	if (key == NULL || keylen == 0)
		return -1;
	if ((mac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL ||
	    (ctx = EVP_MAC_CTX_new(mac)) == NULL)
		goto err;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	    digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	if (EVP_MAC_init(ctx, key, keylen, params) != 1 ||
	    EVP_MAC_update(ctx, a, alen) != 1 ||
	    (blen > 0 && EVP_MAC_update(ctx, b, blen) != 1) ||
	    EVP_MAC_final(ctx, out, &n, CRYPTO_SHA256_LEN) != 1 ||
	    n != CRYPTO_SHA256_LEN)
		goto err;
	rc = 0;
 err:
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	return rc;
}

int
crypto_hmac_sha256(const void *key, size_t keylen, const void *data,
    size_t len, unsigned char out[CRYPTO_SHA256_LEN])
{
	return hmac2(key, keylen, data, len, NULL, 0, out);
}

int
crypto_derive_key(const unsigned char *key, size_t keylen, const char *info,
    unsigned char out[32])
{
	EVP_KDF		*kdf = NULL;
	EVP_KDF_CTX	*ctx = NULL;
	OSSL_PARAM	 params[4];
	char		 digest[] = "SHA256";
	int		 rc = -1;

	if (keylen == 0)
		return -1;
	if ((kdf = EVP_KDF_fetch(NULL, "HKDF", NULL)) == NULL ||
	    (ctx = EVP_KDF_CTX_new(kdf)) == NULL)
		goto err;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
	    digest, 0);
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
	    (void *)key, keylen);
	params[2] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
	    (void *)info, strlen(info));
	params[3] = OSSL_PARAM_construct_end();
	if (EVP_KDF_derive(ctx, out, 32, params) != 1)
		goto err;
	rc = 0;
 err:
	EVP_KDF_CTX_free(ctx);
	EVP_KDF_free(kdf);
	return rc;
}

/*
 * Passwords.
 */

/* Memory scrypt needs, as OpenSSL counts it: B (128 r p) and V
 * (128 r (N + 2)); callers keep ln <= 30 and r <= 1024, so no overflow. */
static uint64_t
scrypt_mem(unsigned int ln, uint32_t r, uint32_t p)
{
	return 128 * (uint64_t)r * (((uint64_t)1 << ln) + 2) +
	    128 * (uint64_t)r * p;
}

static int
scrypt_derive(const char *pw, size_t pwlen, const unsigned char *salt,
    size_t saltlen, unsigned int ln, uint32_t r, uint32_t p,
    unsigned char *out, size_t outlen)
{
	EVP_KDF		*kdf = NULL;
	EVP_KDF_CTX	*ctx = NULL;
	OSSL_PARAM	 params[7];
	uint64_t	 n = (uint64_t)1 << ln;
	/* Set explicitly: other builds default to 32 MiB, which N = 2^15,
	 * r = 8 just passes; this is also the cap on stored parameters. */
	uint64_t	 maxmem = CRYPTO_SCRYPT_MAXMEM;
	int		 rc = -1;

	if ((kdf = EVP_KDF_fetch(NULL, "SCRYPT", NULL)) == NULL ||
	    (ctx = EVP_KDF_CTX_new(kdf)) == NULL)
		goto err;
	params[0] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
	    (void *)pw, pwlen);
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
	    (void *)salt, saltlen);
	params[2] = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n);
	params[3] = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r);
	params[4] = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p);
	params[5] = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM,
	    &maxmem);
	params[6] = OSSL_PARAM_construct_end();
	if (EVP_KDF_derive(ctx, out, outlen, params) != 1)
		goto err;
	rc = 0;
 err:
	EVP_KDF_CTX_free(ctx);
	EVP_KDF_free(kdf);
	return rc;
}

/* Decimal without sign or leading zeros, at most max. */
static int
parse_uint(const char **sp, uint32_t max, uint32_t *out)
{
	const char	*s = *sp;
	uint32_t	 v = 0, d;

	if (*s < '0' || *s > '9' || (s[0] == '0' && s[1] >= '0' &&
	    s[1] <= '9'))
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		d = (uint32_t)(*s - '0');
		if (d > max || v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*sp = s;
	*out = v;
	return 0;
}

static int
pwhash_parse(const char *s, struct pwhash *h)
{
	const char	*end;
	uint32_t	 ln;

	if (s == NULL || strnlen(s, CRYPTO_PWHASH_SIZE) >= CRYPTO_PWHASH_SIZE)
		return -1;
	if (strncmp(s, "$scrypt$ln=", 11) != 0)
		return -1;
	s += 11;
	if (parse_uint(&s, 30, &ln) == -1 || ln < 1 ||
	    strncmp(s, ",r=", 3) != 0)
		return -1;
	s += 3;
	if (parse_uint(&s, 1024, &h->r) == -1 || h->r < 1 ||
	    strncmp(s, ",p=", 3) != 0)
		return -1;
	s += 3;
	if (parse_uint(&s, CRYPTO_SCRYPT_P_MAX, &h->p) == -1 || h->p < 1 ||
	    *s++ != '$')
		return -1;
	h->ln = ln;
	if (scrypt_mem(h->ln, h->r, h->p) > CRYPTO_SCRYPT_MAXMEM)
		return -1;
	if ((end = strchr(s, '$')) == NULL ||
	    b64_decode(0, s, (size_t)(end - s), h->salt, sizeof(h->salt),
	    &h->saltlen) == -1 || h->saltlen < 8)
		return -1;
	s = end + 1;
	/* Exactly the length we write: scrypt output is a PBKDF2 output,
	 * so a shorter one is a prefix and a cut string would still match. */
	if (b64_decode(0, s, strlen(s), h->hash, sizeof(h->hash),
	    &h->hashlen) == -1 || h->hashlen != CRYPTO_SCRYPT_HASH_LEN)
		return -1;
	return 0;
}

static int
password_ok(size_t pwlen)
{
	return pwlen > 0 && pwlen <= CRYPTO_PASSWORD_MAX;
}

enum ddd_err
crypto_password_hash(const char *pw, size_t pwlen,
    char out[CRYPTO_PWHASH_SIZE])
{
	unsigned char	 salt[CRYPTO_SCRYPT_SALT_LEN];
	unsigned char	 hash[CRYPTO_SCRYPT_HASH_LEN];
	enum ddd_err	 result = DDD_ERR_INTERNAL;
	int		 n;
	size_t		 o;

	out[0] = '\0';
	if (!password_ok(pwlen))
		return DDD_ERR_INVALID_INPUT;
	if (crypto_random(salt, sizeof(salt)) == -1 ||
	    scrypt_derive(pw, pwlen, salt, sizeof(salt), CRYPTO_SCRYPT_LN,
	    CRYPTO_SCRYPT_R, CRYPTO_SCRYPT_P, hash, sizeof(hash)) == -1)
		goto err;
	n = snprintf(out, CRYPTO_PWHASH_SIZE, "$scrypt$ln=%d,r=%d,p=%d$",
	    CRYPTO_SCRYPT_LN, CRYPTO_SCRYPT_R, CRYPTO_SCRYPT_P);
	if (n < 0 || n >= CRYPTO_PWHASH_SIZE)
		goto err;
	o = (size_t)n;
	if (b64_encode(0, salt, sizeof(salt), out + o,
	    CRYPTO_PWHASH_SIZE - o) == -1)
		goto err;
	o += strlen(out + o);
	if (o + 1 >= CRYPTO_PWHASH_SIZE)
		goto err;
	out[o++] = '$';
	if (b64_encode(0, hash, sizeof(hash), out + o,
	    CRYPTO_PWHASH_SIZE - o) == -1)
		goto err;
	result = DDD_OK;
 err:
	if (result != DDD_OK)
		out[0] = '\0';
	OPENSSL_cleanse(hash, sizeof(hash));
	return result;
}

enum ddd_err
crypto_password_verify(const char *pw, size_t pwlen, const char *stored)
{
	struct pwhash	 h;
	unsigned char	 got[sizeof(h.hash)];
	enum ddd_err	 result = DDD_ERR_INTERNAL;

	if (!password_ok(pwlen))
		return DDD_ERR_INVALID_INPUT;
	if (pwhash_parse(stored, &h) == -1)
		return DDD_ERR_INTERNAL;
	if (scrypt_derive(pw, pwlen, h.salt, h.saltlen, h.ln, h.r, h.p, got,
	    h.hashlen) == -1)
		goto err;
	result = CRYPTO_memcmp(got, h.hash, h.hashlen) == 0 ? DDD_OK :
	    DDD_ERR_INVALID_INPUT;
 err:
	OPENSSL_cleanse(got, sizeof(got));
	OPENSSL_cleanse(&h, sizeof(h));
	return result;
}

enum ddd_err
crypto_password_verify_dummy(const char *pw, size_t pwlen)
{
	static const unsigned char	 salt[CRYPTO_SCRYPT_SALT_LEN];
	unsigned char			 got[CRYPTO_SCRYPT_HASH_LEN];

	if (password_ok(pwlen))
		(void)scrypt_derive(pw, pwlen, salt, sizeof(salt),
		    CRYPTO_SCRYPT_LN, CRYPTO_SCRYPT_R, CRYPTO_SCRYPT_P, got,
		    sizeof(got));
	OPENSSL_cleanse(got, sizeof(got));
	return DDD_ERR_INVALID_INPUT;
}

int
crypto_password_needs_rehash(const char *stored)
{
	struct pwhash	 h;
	int		 old;

	if (pwhash_parse(stored, &h) == -1)
		return 1;
	old = h.ln != CRYPTO_SCRYPT_LN || h.r != CRYPTO_SCRYPT_R ||
	    h.p != CRYPTO_SCRYPT_P || h.saltlen != CRYPTO_SCRYPT_SALT_LEN;
	OPENSSL_cleanse(&h, sizeof(h));
	return old;
}

/*
 * Tokens and CSRF.
 */

int
crypto_token_new(char out[CRYPTO_TOKEN_LEN + 1])
{
	unsigned char	 raw[CRYPTO_TOKEN_BYTES];
	int		 rc = -1;

	if (crypto_random(raw, sizeof(raw)) == 0 &&
	    b64_encode(1, raw, sizeof(raw), out, CRYPTO_TOKEN_LEN + 1) == 0)
		rc = 0;
	OPENSSL_cleanse(raw, sizeof(raw));
	return rc;
}

int
crypto_token_hash(const char *tok, size_t toklen,
    unsigned char out[CRYPTO_SHA256_LEN])
{
	unsigned char	 raw[CRYPTO_TOKEN_BYTES];
	size_t		 n;
	int		 shape;

	/* Only the shape is checked; the hash is of the text as sent. */
	shape = toklen == CRYPTO_TOKEN_LEN && b64_decode(1, tok, toklen, raw,
	    sizeof(raw), &n) == 0 && n == CRYPTO_TOKEN_BYTES;
	OPENSSL_cleanse(raw, sizeof(raw));
	if (!shape)
		return -1;
	return crypto_sha256(tok, toklen, out);
}

int
crypto_csrf_token(const unsigned char *key, size_t keylen,
    const unsigned char session_hash[CRYPTO_SHA256_LEN],
    char out[CRYPTO_CSRF_LEN + 1])
{
	unsigned char	 mac[CRYPTO_SHA256_LEN];
	int		 rc = -1;

	if (hmac2(key, keylen, "csrf:", 5, session_hash, CRYPTO_SHA256_LEN,
	    mac) == 0 &&
	    b64_encode(1, mac, sizeof(mac), out, CRYPTO_CSRF_LEN + 1) == 0)
		rc = 0;
	OPENSSL_cleanse(mac, sizeof(mac));
	return rc;
}

enum ddd_err
crypto_csrf_check(const unsigned char *key, size_t keylen,
    const unsigned char session_hash[CRYPTO_SHA256_LEN], const char *given,
    size_t givenlen)
{
	char		 want[CRYPTO_CSRF_LEN + 1];
	enum ddd_err	 result;

	if (crypto_csrf_token(key, keylen, session_hash, want) == -1)
		return DDD_ERR_INTERNAL;
	result = given != NULL && crypto_equal(want, CRYPTO_CSRF_LEN, given,
	    givenlen) ? DDD_OK : DDD_ERR_CSRF;
	OPENSSL_cleanse(want, sizeof(want));
	return result;
}

/*
 * AES-256-GCM with a random 96-bit nonce.  Random nonces are safe far
 * beyond the number of values one tenant key will ever seal (2^32).
 */

static int
gcm_seal(const unsigned char *key, const unsigned char *aad, size_t aadlen,
    const unsigned char *pt, size_t ptlen, unsigned char *nonce,
    unsigned char *ct, unsigned char *tag)
{
	EVP_CIPHER_CTX	*ctx = NULL;
	int		 n, rc = -1;

	if (ptlen > INT32_MAX || aadlen > INT32_MAX ||
	    crypto_random(nonce, GCM_NONCE_LEN) == -1 ||
	    (ctx = EVP_CIPHER_CTX_new()) == NULL)
		goto err;
	if (EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, GCM_NONCE_LEN,
	    NULL) != 1 ||
	    EVP_EncryptInit_ex(ctx, NULL, NULL, key, nonce) != 1 ||
	    EVP_EncryptUpdate(ctx, NULL, &n, aad, (int)aadlen) != 1 ||
	    EVP_EncryptUpdate(ctx, ct, &n, pt, (int)ptlen) != 1 ||
	    (size_t)n != ptlen ||
	    EVP_EncryptFinal_ex(ctx, ct + n, &n) != 1 || n != 0 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, GCM_TAG_LEN,
	    tag) != 1)
		goto err;
	rc = 0;
 err:
	EVP_CIPHER_CTX_free(ctx);
	return rc;
}

/* pt is wiped when the tag does not verify. */
static int
gcm_open(const unsigned char *key, const unsigned char *aad, size_t aadlen,
    const unsigned char *nonce, const unsigned char *ct, size_t ctlen,
    const unsigned char *tag, unsigned char *pt)
{
	EVP_CIPHER_CTX	*ctx = NULL;
	unsigned char	 t[GCM_TAG_LEN];
	int		 n, rc = -1;

	/* SET_TAG takes a non-const pointer. */
	memcpy(t, tag, sizeof(t));
	if (ctlen > INT32_MAX || aadlen > INT32_MAX ||
	    (ctx = EVP_CIPHER_CTX_new()) == NULL)
		goto err;
	if (EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, GCM_NONCE_LEN,
	    NULL) != 1 ||
	    EVP_DecryptInit_ex(ctx, NULL, NULL, key, nonce) != 1 ||
	    EVP_DecryptUpdate(ctx, NULL, &n, aad, (int)aadlen) != 1 ||
	    EVP_DecryptUpdate(ctx, pt, &n, ct, (int)ctlen) != 1 ||
	    (size_t)n != ctlen ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, GCM_TAG_LEN,
	    t) != 1 ||
	    EVP_DecryptFinal_ex(ctx, pt + n, &n) != 1)
		goto err;
	rc = 0;
 err:
	if (rc == -1)
		OPENSSL_cleanse(pt, ctlen);
	EVP_CIPHER_CTX_free(ctx);
	return rc;
}

/*
 * Master key and tenant keys.
 */

int
crypto_master_load(const char *path, struct crypto_master *m,
    struct buf *errs)
{
	struct stat	 st;
	char		 text[66];	/* 64 digits, newline, one more */
	size_t		 got = 0, len, n;
	ssize_t		 r;
	unsigned char	 any = 0;
	int		 fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1) {
		buf_printf(errs, "master key file %s: cannot open: %s\n", path,
		    strerror(errno));
		goto err;
	}
	/* fstat the open file, so the checks are of what is read. */
	if (fstat(fd, &st) == -1) {
		buf_printf(errs, "master key file %s: cannot stat: %s\n", path,
		    strerror(errno));
		goto err;
	}
	if (!S_ISREG(st.st_mode)) {
		buf_printf(errs, "master key file %s: not a regular file\n",
		    path);
		goto err;
	}
	if ((st.st_mode & (S_IXUSR | S_IRWXG | S_IRWXO)) != 0) {
		buf_printf(errs, "master key file %s: mode %04o is too open "
		    "(group or others have access, or it is executable); it "
		    "must be 0600 or 0400: chmod 600 %s\n", path,
		    (unsigned)(st.st_mode & 07777), path);
		goto err;
	}
	while (got < sizeof(text)) {
		r = read(fd, text + got, sizeof(text) - got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			buf_printf(errs, "master key file %s: cannot read: "
			    "%s\n", path, strerror(errno));
			goto err;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	len = got;
	if (len > 0 && text[len - 1] == '\n')
		len--;
	if (got == sizeof(text) || len != CRYPTO_HEX_LEN(CRYPTO_KEY_LEN)) {
		buf_printf(errs, "master key file %s: must hold exactly 64 "
		    "hexadecimal characters (a 32-byte key), optionally "
		    "followed by a newline, but holds %s%zu; make one with "
		    "'openssl rand -hex 32'\n", path,
		    got == sizeof(text) ? "more than " : "", len);
		goto err;
	}
	if (crypto_hex_decode(text, len, m->key, sizeof(m->key), &n) == -1 ||
	    n != CRYPTO_KEY_LEN) {
		buf_printf(errs, "master key file %s: holds a character that "
		    "is not a hexadecimal digit\n", path);
		goto err;
	}
	for (n = 0; n < sizeof(m->key); n++)
		any |= m->key[n];
	if (any == 0) {
		buf_printf(errs, "master key file %s: the key is all zeros, "
		    "a placeholder; make one with 'openssl rand -hex 32'\n",
		    path);
		goto err;
	}
	rc = 0;
 err:
	if (fd != -1)
		close(fd);
	OPENSSL_cleanse(text, sizeof(text));
	if (rc == -1)
		crypto_master_wipe(m);
	return rc;
}

void
crypto_master_wipe(struct crypto_master *m)
{
	OPENSSL_cleanse(m, sizeof(*m));
}

static size_t
wrap_aad(unsigned char *aad, uint64_t tenant_id, uint32_t version)
{
	int	 n;

	n = snprintf((char *)aad, AAD_MAX, "ddd-tenant-key:v1:%" PRIu64
	    ":%" PRIu32, tenant_id, version);
	return n < 0 || n >= AAD_MAX ? 0 : (size_t)n;
}

int
crypto_tenant_key_new(const struct crypto_master *m, uint64_t tenant_id,
    uint32_t version, unsigned char wrapped[CRYPTO_WRAPPED_KEY_LEN])
{
	unsigned char	 key[CRYPTO_KEY_LEN], aad[AAD_MAX];
	size_t		 aadlen;
	int		 rc = -1;

	if ((aadlen = wrap_aad(aad, tenant_id, version)) == 0 ||
	    crypto_random(key, sizeof(key)) == -1)
		goto err;
	wrapped[0] = FORMAT_V1;
	if (gcm_seal(m->key, aad, aadlen, key, sizeof(key), wrapped + 1,
	    wrapped + 1 + GCM_NONCE_LEN,
	    wrapped + 1 + GCM_NONCE_LEN + CRYPTO_KEY_LEN) == -1)
		goto err;
	rc = 0;
 err:
	OPENSSL_cleanse(key, sizeof(key));
	if (rc == -1)
		memset(wrapped, 0, CRYPTO_WRAPPED_KEY_LEN);
	return rc;
}

int
crypto_tenant_key_unwrap(const struct crypto_master *m, uint64_t tenant_id,
    uint32_t version, const unsigned char *wrapped, size_t len,
    struct crypto_tenant_key *key)
{
	unsigned char	 aad[AAD_MAX];
	size_t		 aadlen;
	int		 rc = -1;

	if (len != CRYPTO_WRAPPED_KEY_LEN || wrapped[0] != FORMAT_V1 ||
	    (aadlen = wrap_aad(aad, tenant_id, version)) == 0)
		goto err;
	if (gcm_open(m->key, aad, aadlen, wrapped + 1,
	    wrapped + 1 + GCM_NONCE_LEN, CRYPTO_KEY_LEN,
	    wrapped + 1 + GCM_NONCE_LEN + CRYPTO_KEY_LEN, key->data) == -1)
		goto err;
	/* A separate key for the look-up hash: the HMAC key never doubles
	 * as the encryption key. */
	if (crypto_derive_key(key->data, sizeof(key->data), "ddd-bsn-lookup",
	    key->lookup) == -1)
		goto err;
	key->tenant_id = tenant_id;
	key->version = version;
	rc = 0;
 err:
	if (rc == -1)
		crypto_tenant_key_wipe(key);
	return rc;
}

void
crypto_tenant_key_wipe(struct crypto_tenant_key *key)
{
	OPENSSL_cleanse(key, sizeof(*key));
}

/*
 * BSN.
 */

static int
bsn_digits(const char *bsn, size_t len)
{
	size_t	 i;

	if (bsn == NULL || len != CRYPTO_BSN_LEN)
		return 0;
	for (i = 0; i < len; i++)
		if (bsn[i] < '0' || bsn[i] > '9')
			return 0;
	return 1;
}

/* The header is authenticated with the names, so no byte of a sealed
 * value can change unnoticed. */
static size_t
bsn_aad(unsigned char *aad, const unsigned char *hdr, uint64_t tenant_id,
    uint64_t account_id)
{
	int	 n;

	memcpy(aad, hdr, BSN_HDR_LEN);
	n = snprintf((char *)aad + BSN_HDR_LEN, AAD_MAX - BSN_HDR_LEN,
	    "ddd-bsn:v1:%" PRIu64 ":%" PRIu64, tenant_id, account_id);
	return n < 0 || n >= AAD_MAX - BSN_HDR_LEN ? 0 :
	    BSN_HDR_LEN + (size_t)n;
}

enum ddd_err
crypto_bsn_seal(const struct crypto_tenant_key *key, uint64_t account_id,
    const char *bsn, size_t bsnlen, unsigned char out[CRYPTO_BSN_SEALED_LEN])
{
	unsigned char	 aad[AAD_MAX];
	size_t		 aadlen;

	if (!bsn_digits(bsn, bsnlen))
		return DDD_ERR_INVALID_INPUT;
	out[0] = FORMAT_V1;
	out[1] = (unsigned char)(key->version >> 24);
	out[2] = (unsigned char)(key->version >> 16);
	out[3] = (unsigned char)(key->version >> 8);
	out[4] = (unsigned char)key->version;
	if ((aadlen = bsn_aad(aad, out, key->tenant_id, account_id)) == 0 ||
	    gcm_seal(key->data, aad, aadlen, (const unsigned char *)bsn,
	    CRYPTO_BSN_LEN, out + BSN_HDR_LEN,
	    out + BSN_HDR_LEN + GCM_NONCE_LEN,
	    out + BSN_HDR_LEN + GCM_NONCE_LEN + CRYPTO_BSN_LEN) == -1) {
		memset(out, 0, CRYPTO_BSN_SEALED_LEN);
		return DDD_ERR_INTERNAL;
	}
	return DDD_OK;
}

int
crypto_bsn_key_version(const unsigned char *sealed, size_t len,
    uint32_t *version)
{
	if (len != CRYPTO_BSN_SEALED_LEN || sealed[0] != FORMAT_V1)
		return -1;
	*version = (uint32_t)sealed[1] << 24 | (uint32_t)sealed[2] << 16 |
	    (uint32_t)sealed[3] << 8 | sealed[4];
	return 0;
}

enum ddd_err
crypto_bsn_open(const struct crypto_tenant_key *key, uint64_t account_id,
    const unsigned char *sealed, size_t len, char bsn[CRYPTO_BSN_LEN + 1])
{
	unsigned char	 aad[AAD_MAX], pt[CRYPTO_BSN_LEN];
	size_t		 aadlen;
	uint32_t	 version;
	enum ddd_err	 result = DDD_ERR_INTERNAL;

	memset(bsn, 0, CRYPTO_BSN_LEN + 1);
	if (crypto_bsn_key_version(sealed, len, &version) == -1)
		return DDD_ERR_INTERNAL;
	if (version != key->version)
		return DDD_ERR_CONFLICT;
	if ((aadlen = bsn_aad(aad, sealed, key->tenant_id, account_id)) == 0 ||
	    gcm_open(key->data, aad, aadlen, sealed + BSN_HDR_LEN,
	    sealed + BSN_HDR_LEN + GCM_NONCE_LEN, CRYPTO_BSN_LEN,
	    sealed + BSN_HDR_LEN + GCM_NONCE_LEN + CRYPTO_BSN_LEN, pt) == -1)
		goto err;
	if (!bsn_digits((const char *)pt, sizeof(pt)))
		goto err;
	memcpy(bsn, pt, CRYPTO_BSN_LEN);
	result = DDD_OK;
 err:
	OPENSSL_cleanse(pt, sizeof(pt));
	return result;
}

enum ddd_err
crypto_bsn_lookup_hash(const struct crypto_tenant_key *key, const char *bsn,
    size_t bsnlen, unsigned char out[CRYPTO_BSN_HASH_LEN])
{
	if (!bsn_digits(bsn, bsnlen))
		return DDD_ERR_INVALID_INPUT;
	if (hmac2(key->lookup, sizeof(key->lookup), bsn, CRYPTO_BSN_LEN,
	    NULL, 0, out) == -1)
		return DDD_ERR_INTERNAL;
	return DDD_OK;
}
