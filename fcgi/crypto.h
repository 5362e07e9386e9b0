/* Cryptography for DDD, all through OpenSSL 3.0: password hashes
 * (scrypt), random tokens and their hashes, CSRF tokens (HMAC-SHA256),
 * and BSNs at rest (AES-256-GCM under per-tenant keys wrapped by a master
 * key kept outside the database).  See docs/crypto.md.
 *
 * No global state: every EVP_KDF, EVP_MAC and cipher context is fetched
 * and freed within the call, so every function is safe to call from any
 * worker thread at once.  Keys live in caller-owned structs; wipe them
 * with the *_wipe functions when done.  Nothing here logs anything, so no
 * password, token, key or BSN can reach a log through this code. */
#ifndef DDD_CRYPTO_H
#define DDD_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

/*
 * Passwords: "$scrypt$ln=15,r=8,p=1$<salt>$<hash>", salt and hash in
 * standard base64 without padding (as in the PHC string format).
 *
 * The parameters live here and only here.  N = 2^15, r = 8 takes 67-72
 * ms and 32 MiB per hash on the development machine (2 vCPU AMD EPYC,
 * OpenSSL 3.0.22); 2^14 took 24-29 ms, 2^16 130-200 ms.  Raising
 * CRYPTO_SCRYPT_LN makes crypto_password_needs_rehash true for every
 * older hash, so each is replaced at its owner's next log-in.
 */
#define CRYPTO_SCRYPT_LN	15	/* N = 2^LN */
#define CRYPTO_SCRYPT_R		8
#define CRYPTO_SCRYPT_P		1
/* Stored salts of 8-64 bytes verify; stored hashes must be HASH_LEN. */
#define CRYPTO_SCRYPT_SALT_LEN	16
#define CRYPTO_SCRYPT_HASH_LEN	32
/* Refuse stored parameters needing more (a corrupt row must not make a
 * worker allocate gigabytes); the current ones need 32 MiB + 3 KiB. */
#define CRYPTO_SCRYPT_MAXMEM	(128 * 1024 * 1024)
#define CRYPTO_SCRYPT_P_MAX	4
#define CRYPTO_PASSWORD_MAX	1024	/* bytes */
#define CRYPTO_PWHASH_SIZE	128	/* stored string and NUL */

/* Hash a new password into out (NUL-terminated, at most 127 chars).
 * DDD_ERR_INVALID_INPUT for an empty password or one over
 * CRYPTO_PASSWORD_MAX bytes, DDD_ERR_INTERNAL when OpenSSL fails. */
enum ddd_err	 crypto_password_hash(const char *pw, size_t pwlen,
		    char out[CRYPTO_PWHASH_SIZE]);
/* DDD_OK when pw matches stored (compared in constant time);
 * DDD_ERR_INVALID_INPUT when it does not, or is empty or too long;
 * DDD_ERR_INTERNAL when stored is not a well-formed scrypt string with
 * parameters within the limits above (a corrupt row: log it). */
enum ddd_err	 crypto_password_verify(const char *pw, size_t pwlen,
		    const char *stored);
/* For a log-in name that does not exist: spend the same time as a
 * verification so the answer time does not tell which names exist.
 * Always DDD_ERR_INVALID_INPUT. */
enum ddd_err	 crypto_password_verify_dummy(const char *pw, size_t pwlen);
/* 1 when stored is not in the current form (other ln, r, p or salt
 * length, or not parseable), 0 when it is.  After a successful verify,
 * hash the password again and store the new string when this is 1. */
int		 crypto_password_needs_rehash(const char *stored);

/*
 * Tokens: 256 random bits as 43 base64url characters without padding.
 * Only their SHA-256 is stored (sessions, activation links).
 */
#define CRYPTO_TOKEN_BYTES	32
#define CRYPTO_TOKEN_LEN	43	/* characters, no NUL */
#define CRYPTO_SHA256_LEN	32
#define CRYPTO_CSRF_LEN		43	/* characters, no NUL */

/* Random bytes from RAND_bytes; 0 or -1. */
int		 crypto_random(void *out, size_t len);
/* A new token, NUL-terminated; 0 or -1. */
int		 crypto_token_new(char out[CRYPTO_TOKEN_LEN + 1]);
/* SHA-256 of the token's characters as given (the cookie or URL value),
 * for storage and look-up.  -1 when tok is not exactly 43 base64url
 * characters (treat as "no such token"), or OpenSSL fails. */
int		 crypto_token_hash(const char *tok, size_t toklen,
		    unsigned char out[CRYPTO_SHA256_LEN]);
/* Plain SHA-256 and HMAC-SHA256; 0 or -1. */
int		 crypto_sha256(const void *data, size_t len,
		    unsigned char out[CRYPTO_SHA256_LEN]);
int		 crypto_hmac_sha256(const void *key, size_t keylen,
		    const void *data, size_t len,
		    unsigned char out[CRYPTO_SHA256_LEN]);
/* HKDF-SHA256 (no salt) of a 32-byte key: independent keys for separate
 * purposes, e.g. info "ddd-csrf" from the master key; 0 or -1. */
int		 crypto_derive_key(const unsigned char *key, size_t keylen,
		    const char *info, unsigned char out[32]);

/* csrf = base64url(HMAC-SHA256(key, "csrf:" || session_hash)), where
 * session_hash is the stored crypto_token_hash of the session token.
 * 0 or -1. */
int		 crypto_csrf_token(const unsigned char *key, size_t keylen,
		    const unsigned char session_hash[CRYPTO_SHA256_LEN],
		    char out[CRYPTO_CSRF_LEN + 1]);
/* DDD_OK when given is the token for this session (constant time),
 * DDD_ERR_CSRF otherwise, DDD_ERR_INTERNAL when OpenSSL fails. */
enum ddd_err	 crypto_csrf_check(const unsigned char *key, size_t keylen,
		    const unsigned char session_hash[CRYPTO_SHA256_LEN],
		    const char *given, size_t givenlen);

/* 1 when equal, 0 when not; the time depends only on the lengths. */
int		 crypto_equal(const void *a, size_t alen, const void *b,
		    size_t blen);
/* OPENSSL_cleanse: a memset the compiler may not remove. */
void		 crypto_wipe(void *, size_t);
/* Keep this process's memory (master key, tokens, BSNs) out of core files
 * and away from other processes of its user: RLIMIT_CORE 0 (soft and
 * hard, inherited by children) and PR_SET_DUMPABLE 0 (also no ptrace, no
 * /proc/PID/mem).  A change of uid sets the dumpable flag again from
 * fs.suid_dumpable, so call it again after dropping root.  -1 on error. */
int		 crypto_no_core(void);

/* Encoders write a NUL-terminated string into out of outsize bytes and
 * fail (-1) when it does not fit; decoders take an explicit input length,
 * refuse any character outside the alphabet, padding, impossible lengths
 * and (base64url) non-zero unused bits, so each value has one encoding. */
#define CRYPTO_HEX_LEN(n)	((n) * 2)
#define CRYPTO_B64_LEN(n)	(((n) * 4 + 2) / 3)	/* no padding */
int		 crypto_hex_encode(const void *in, size_t inlen, char *out,
		    size_t outsize);
int		 crypto_hex_decode(const char *in, size_t inlen,
		    unsigned char *out, size_t outsize, size_t *outlen);
int		 crypto_b64url_encode(const void *in, size_t inlen,
		    char *out, size_t outsize);
int		 crypto_b64url_decode(const char *in, size_t inlen,
		    unsigned char *out, size_t outsize, size_t *outlen);

/*
 * BSN at rest.  A master key (32 bytes, 64 hex characters in a file of
 * mode 0600 or 0400, never in the database) wraps one random data key per
 * tenant and key version; the data key seals each BSN with AES-256-GCM,
 * bound to tenant and account, and gives a separate look-up key (HKDF,
 * info "ddd-bsn-lookup") for an HMAC of the BSN that can be indexed.
 *
 *   wrapped key  1 byte format (1) | 12 nonce | 32 key | 16 tag  = 61
 *                AAD "ddd-tenant-key:v1:<tenant_id>:<version>"
 *   sealed BSN   1 byte format (1) | 4 key version, big-endian |
 *                12 nonce | 9 ciphertext | 16 tag                = 42
 *                AAD the 5 header bytes ||
 *                    "ddd-bsn:v1:<tenant_id>:<account_id>"
 *   lookup hash  HMAC-SHA256(lookup key, the 9 digits)            = 32
 */
#define CRYPTO_KEY_LEN		32
#define CRYPTO_WRAPPED_KEY_LEN	61
#define CRYPTO_BSN_LEN		9
#define CRYPTO_BSN_SEALED_LEN	42
#define CRYPTO_BSN_HASH_LEN	32

struct crypto_master {
	unsigned char	 key[CRYPTO_KEY_LEN];
};

struct crypto_tenant_key {
	uint64_t	 tenant_id;
	uint32_t	 version;
	unsigned char	 data[CRYPTO_KEY_LEN];	/* seals BSNs */
	unsigned char	 lookup[CRYPTO_KEY_LEN];	/* HKDF of data */
};

/* Read the master key file: a regular file, no access for group or
 * others and no execute bit (0600 or 0400), exactly 64 hex characters
 * and an optional newline, not all zero.  -1 with one English line
 * appended to errs ("master key file <path>: ..."). */
int		 crypto_master_load(const char *path, struct crypto_master *,
		    struct buf *errs);
void		 crypto_master_wipe(struct crypto_master *);

/* A new random data key for (tenant_id, version), wrapped under the
 * master key into wrapped[CRYPTO_WRAPPED_KEY_LEN]; 0 or -1. */
int		 crypto_tenant_key_new(const struct crypto_master *,
		    uint64_t tenant_id, uint32_t version,
		    unsigned char wrapped[CRYPTO_WRAPPED_KEY_LEN]);
/* Unwrap into key (data and lookup keys, tenant_id, version).  -1 when
 * the wrapped key is malformed, altered, or belongs to another tenant,
 * version or master key; key is then wiped. */
int		 crypto_tenant_key_unwrap(const struct crypto_master *,
		    uint64_t tenant_id, uint32_t version,
		    const unsigned char *wrapped, size_t len,
		    struct crypto_tenant_key *key);
void		 crypto_tenant_key_wipe(struct crypto_tenant_key *);

/* Seal the 9 digits of bsn for account_id of key->tenant_id into
 * out[CRYPTO_BSN_SEALED_LEN].  DDD_ERR_INVALID_INPUT when bsn is not
 * exactly 9 ASCII digits (the 11-check is the caller's), DDD_ERR_INTERNAL
 * when OpenSSL fails. */
enum ddd_err	 crypto_bsn_seal(const struct crypto_tenant_key *key,
		    uint64_t account_id, const char *bsn, size_t bsnlen,
		    unsigned char out[CRYPTO_BSN_SEALED_LEN]);
/* Open into bsn (9 digits and a NUL).  DDD_ERR_CONFLICT when the value
 * was sealed under another key version than key->version (read it with
 * crypto_bsn_key_version, unwrap that key, try again); DDD_ERR_INTERNAL
 * when the value is malformed, altered, or sealed for another tenant,
 * account or key.  bsn is wiped on failure. */
enum ddd_err	 crypto_bsn_open(const struct crypto_tenant_key *key,
		    uint64_t account_id, const unsigned char *sealed,
		    size_t len, char bsn[CRYPTO_BSN_LEN + 1]);
/* The key version a sealed value names; 0 or -1 when malformed. */
int		 crypto_bsn_key_version(const unsigned char *sealed,
		    size_t len, uint32_t *version);
/* Keyed hash for finding a student by BSN within one tenant: equal for
 * the same BSN and tenant key, different across tenants and key
 * versions.  DDD_ERR_INVALID_INPUT unless 9 digits, else as seal. */
enum ddd_err	 crypto_bsn_lookup_hash(const struct crypto_tenant_key *key,
		    const char *bsn, size_t bsnlen,
		    unsigned char out[CRYPTO_BSN_HASH_LEN]);

#endif
