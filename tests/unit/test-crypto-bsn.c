/* crypto: BSN at rest: master key file, wrapped tenant keys, sealed
 * values bound to tenant and account, look-up hashes. */

#include <sys/stat.h>

#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "crypto.h"
#include "tap.h"

#define MASTER_HEX	"00112233445566778899aabbccddeeff" \
			"0123456789abcdef0f1e2d3c4b5a6978"
#define BSN		"123456782"

static char		 dir[] = "/tmp/test-crypto-bsn.XXXXXX";
static const char	*files[] = { "good", "ro", "wide", "group", "exec",
			    "short", "long", "twonl", "empty", "nonhex", "zero",
			    "other" };

static int	 write_file(const char *, const char *, mode_t);
static int	 load(const char *, const char *, mode_t,
		    struct crypto_master *, struct buf *);
static int	 all_zero(const void *, size_t);
static int	 raw_open(const struct crypto_tenant_key *, uint64_t,
		    const unsigned char *, char *);

static int
write_file(const char *name, const char *text, mode_t mode)
{
	char	 path[256];
	int	 fd;
	ssize_t	 n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	if (n != (ssize_t)strlen(text) || chmod(path, mode) == -1)
		return -1;
	return 0;
}

/* Write a key file with mode, load it; errs gets the message. */
static int
load(const char *name, const char *text, mode_t mode,
    struct crypto_master *m, struct buf *errs)
{
	char	 path[256];

	buf_reset(errs);
	if (write_file(name, text, mode) == -1) {
		diag("cannot write test file");
		return -2;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return crypto_master_load(path, m, errs);
}

static int
all_zero(const void *p, size_t n)
{
	const unsigned char	*c = p;

	while (n-- > 0)
		if (*c++ != 0)
			return 0;
	return 1;
}

/* Decrypt a sealed BSN with plain EVP calls, following the layout in
 * crypto.h, so the documented format is what is written. */
static int
raw_open(const struct crypto_tenant_key *k, uint64_t account_id,
    const unsigned char *sealed, char *out)
{
	EVP_CIPHER_CTX	*ctx;
	unsigned char	 aad[128], tag[16];
	int		 n, alen, rc;

	memcpy(aad, sealed, 5);
	alen = 5 + snprintf((char *)aad + 5, sizeof(aad) - 5,
	    "ddd-bsn:v1:%" PRIu64 ":%" PRIu64, k->tenant_id, account_id);
	memcpy(tag, sealed + 5 + 12 + 9, 16);
	if ((ctx = EVP_CIPHER_CTX_new()) == NULL)
		return -1;
	rc = EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, k->data,
	    sealed + 5) == 1 &&
	    EVP_DecryptUpdate(ctx, NULL, &n, aad, alen) == 1 &&
	    EVP_DecryptUpdate(ctx, (unsigned char *)out, &n, sealed + 17,
	    9) == 1 &&
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, tag) == 1 &&
	    EVP_DecryptFinal_ex(ctx, (unsigned char *)out + 9, &n) == 1 ?
	    0 : -1;
	out[9] = '\0';
	EVP_CIPHER_CTX_free(ctx);
	return rc;
}

int
main(void)
{
	struct crypto_master	 m, m2;
	struct crypto_tenant_key k1, k1b, k2, k1v2, tk;
	struct buf		 errs;
	unsigned char		 w1[CRYPTO_WRAPPED_KEY_LEN];
	unsigned char		 w1b[CRYPTO_WRAPPED_KEY_LEN];
	unsigned char		 w2[CRYPTO_WRAPPED_KEY_LEN];
	unsigned char		 w1v2[CRYPTO_WRAPPED_KEY_LEN];
	unsigned char		 wt[CRYPTO_WRAPPED_KEY_LEN];
	unsigned char		 s1[CRYPTO_BSN_SEALED_LEN];
	unsigned char		 s2[CRYPTO_BSN_SEALED_LEN];
	unsigned char		 t[CRYPTO_BSN_SEALED_LEN + 1];
	unsigned char		 h1[32], h2[32], h3[32], lk[32];
	char			 out[CRYPTO_BSN_LEN + 1], path[256];
	size_t			 i, bad, wiped;
	int			 bit;
	uint32_t		 ver;
	enum ddd_err		 e, want;

	buf_init(&errs, 4096);
	if (mkdtemp(dir) == NULL) {
		diag("mkdtemp failed");
		return 1;
	}

	/* Master key file loader. */
	is_int(load("good", MASTER_HEX "\n", 0600, &m, &errs), 0,
	    "0600 file with 64 hex chars and a newline loads");
	ok(m.key[0] == 0x00 && m.key[1] == 0x11 && m.key[31] == 0x78,
	    "key bytes as written");
	is_int(load("ro", MASTER_HEX, 0400, &m2, &errs), 0,
	    "0400 file without newline loads");
	ok(memcmp(m.key, m2.key, sizeof(m.key)) == 0, "same key both ways");
	is_int(load("wide", MASTER_HEX "\n", 0644, &m2, &errs), -1,
	    "0644 file refused");
	ok(errs.ptr != NULL && strstr(errs.ptr, "0644") != NULL &&
	    strstr(errs.ptr, "chmod 600") != NULL,
	    "message names the mode and the fix");
	diag(errs.ptr ? errs.ptr : "(no message)");
	ok(all_zero(&m2, sizeof(m2)), "key wiped after refusal");
	is_int(load("group", MASTER_HEX "\n", 0640, &m2, &errs), -1,
	    "0640 file refused");
	is_int(load("exec", MASTER_HEX "\n", 0700, &m2, &errs), -1,
	    "0700 file refused");
	is_int(load("short", "00112233445566778899aabbccddeeff"
	    "0123456789abcdef0f1e2d3c4b5a697\n", 0600, &m2, &errs), -1,
	    "63 hex chars refused");
	ok(errs.ptr != NULL && strstr(errs.ptr, "64 hexadecimal") != NULL &&
	    strstr(errs.ptr, "holds 63") != NULL,
	    "message says 64 hex characters are needed and 63 were found");
	diag(errs.ptr ? errs.ptr : "(no message)");
	is_int(load("long", MASTER_HEX "0\n", 0600, &m2, &errs), -1,
	    "65 hex chars refused");
	is_int(load("twonl", MASTER_HEX "\n\n", 0600, &m2, &errs), -1,
	    "two newlines refused");
	is_int(load("empty", "", 0600, &m2, &errs), -1, "empty file refused");
	is_int(load("nonhex", "00112233445566778899aabbccddeeff"
	    "0123456789abcdef0f1e2d3c4b5a697g\n", 0600, &m2, &errs), -1,
	    "non-hex character refused");
	is_int(load("zero", "00000000000000000000000000000000"
	    "00000000000000000000000000000000\n", 0600, &m2, &errs), -1,
	    "all-zero key refused");
	buf_reset(&errs);
	snprintf(path, sizeof(path), "%s/missing", dir);
	ok(crypto_master_load(path, &m2, &errs) == -1 && errs.ptr != NULL &&
	    strstr(errs.ptr, "cannot open") != NULL, "missing file refused");
	buf_reset(&errs);
	ok(crypto_master_load(dir, &m2, &errs) == -1,
	    "directory refused");

	/* Tenant keys: wrap and unwrap, bound to master, tenant, version. */
	is_int(load("other", "ffeeddccbbaa99887766554433221100"
	    "0123456789abcdef0f1e2d3c4b5a6978\n", 0600, &m2, &errs), 0,
	    "a second master key");
	ok(crypto_tenant_key_new(&m, 7, 1, w1) == 0, "new key, tenant 7 v1");
	ok(crypto_tenant_key_new(&m, 7, 1, w1b) == 0, "another, tenant 7 v1");
	ok(crypto_tenant_key_new(&m, 8, 1, w2) == 0, "new key, tenant 8 v1");
	ok(crypto_tenant_key_new(&m, 7, 2, w1v2) == 0, "new key, tenant 7 v2");
	is_int(crypto_tenant_key_unwrap(&m, 7, 1, w1, sizeof(w1), &k1), 0,
	    "unwrap tenant 7 v1");
	ok(k1.tenant_id == 7 && k1.version == 1, "unwrapped key knows tenant "
	    "and version");
	ok(!all_zero(k1.data, 32) && memcmp(k1.data, k1.lookup, 32) != 0,
	    "data and lookup keys differ");
	is_int(crypto_tenant_key_unwrap(&m, 7, 1, w1b, sizeof(w1b), &k1b), 0,
	    "unwrap the other tenant 7 v1 key");
	ok(memcmp(k1.data, k1b.data, 32) != 0, "new keys are random");
	is_int(crypto_tenant_key_unwrap(&m, 8, 1, w2, sizeof(w2), &k2), 0,
	    "unwrap tenant 8 v1");
	is_int(crypto_tenant_key_unwrap(&m, 7, 2, w1v2, sizeof(w1v2), &k1v2), 0,
	    "unwrap tenant 7 v2");
	is_int(crypto_tenant_key_unwrap(&m, 8, 1, w1, sizeof(w1), &tk), -1,
	    "tenant 7's wrapped key refused as tenant 8's");
	ok(all_zero(&tk, sizeof(tk)), "output wiped after refusal");
	is_int(crypto_tenant_key_unwrap(&m, 7, 2, w1, sizeof(w1), &tk), -1,
	    "v1 wrapped key refused as v2");
	is_int(crypto_tenant_key_unwrap(&m2, 7, 1, w1, sizeof(w1), &tk), -1,
	    "refused under another master key");
	is_int(crypto_tenant_key_unwrap(&m, 7, 1, w1, sizeof(w1) - 1, &tk), -1,
	    "short wrapped key refused");
	for (bad = 0, i = 0; i < sizeof(w1); i++) {
		memcpy(wt, w1, sizeof(w1));
		wt[i] ^= 0x01;
		if (crypto_tenant_key_unwrap(&m, 7, 1, wt, sizeof(wt),
		    &tk) != -1)
			bad++;
	}
	is_int(bad, 0, "changing any byte of a wrapped key is refused");

	/* Seal and open. */
	is_int(crypto_bsn_seal(&k1, 100, BSN, 9, s1), DDD_OK, "seal a BSN");
	ok(memmem(s1, sizeof(s1), BSN, 9) == NULL &&
	    memmem(s1, sizeof(s1), "12345", 5) == NULL,
	    "the digits do not appear in the sealed value");
	ok(crypto_bsn_key_version(s1, sizeof(s1), &ver) == 0 && ver == 1,
	    "sealed value names key version 1");
	is_int(crypto_bsn_open(&k1, 100, s1, sizeof(s1), out), DDD_OK,
	    "open it");
	is_str(out, BSN, "the same 9 digits come back");
	is_int(raw_open(&k1, 100, s1, out), 0,
	    "plain AES-256-GCM with the documented layout and AAD opens it");
	is_str(out, BSN, "and gives the digits");
	is_int(crypto_bsn_seal(&k1, 100, BSN, 9, s2), DDD_OK, "seal again");
	ok(memcmp(s1, s2, sizeof(s1)) != 0, "two seals differ (fresh nonce)");

	/* Tampering: every bit of every byte. */
	for (bad = 0, wiped = 0, i = 0; i < sizeof(s1); i++) {
		for (bit = 0; bit < 8; bit++) {
			memcpy(t, s1, sizeof(s1));
			t[i] ^= (unsigned char)(1 << bit);
			memset(out, 'x', sizeof(out));
			e = crypto_bsn_open(&k1, 100, t, sizeof(s1), out);
			want = i >= 1 && i <= 4 ? DDD_ERR_CONFLICT :
			    DDD_ERR_INTERNAL;
			if (e != want)
				bad++;
			if (all_zero(out, sizeof(out)))
				wiped++;
		}
	}
	is_int(bad, 0, "every changed bit is refused (version bytes as "
	    "another key version)");
	is_int(wiped, sizeof(s1) * 8, "output wiped after every refusal");
	memcpy(t, s1, sizeof(s1));
	t[sizeof(s1)] = 0;
	is_int(crypto_bsn_open(&k1, 100, t, sizeof(s1) + 1, out),
	    DDD_ERR_INTERNAL, "a byte too many refused");
	is_int(crypto_bsn_open(&k1, 100, s1, sizeof(s1) - 1, out),
	    DDD_ERR_INTERNAL, "a byte too few refused");

	/* Bound to account, tenant and key. */
	is_int(crypto_bsn_open(&k1, 101, s1, sizeof(s1), out),
	    DDD_ERR_INTERNAL, "another account cannot open it");
	tk = k1;
	tk.tenant_id = 8;
	is_int(crypto_bsn_open(&tk, 100, s1, sizeof(s1), out),
	    DDD_ERR_INTERNAL, "the same key named for another tenant cannot");
	is_int(crypto_bsn_open(&k2, 100, s1, sizeof(s1), out),
	    DDD_ERR_INTERNAL, "another tenant's key cannot");
	is_int(crypto_bsn_open(&k1b, 100, s1, sizeof(s1), out),
	    DDD_ERR_INTERNAL,
	    "another key of the same tenant and version cannot");
	is_int(crypto_bsn_open(&k1v2, 100, s1, sizeof(s1), out),
	    DDD_ERR_CONFLICT, "a v2 key reports a v1 value as another version");
	tk = k1v2;
	tk.version = 1;
	is_int(crypto_bsn_open(&tk, 100, s1, sizeof(s1), out),
	    DDD_ERR_INTERNAL, "the v2 key claiming to be v1 cannot open it");
	is_int(crypto_bsn_seal(&k1v2, 100, BSN, 9, s2), DDD_OK,
	    "seal under v2");
	ok(crypto_bsn_key_version(s2, sizeof(s2), &ver) == 0 && ver == 2,
	    "names key version 2");
	is_int(crypto_bsn_open(&k1v2, 100, s2, sizeof(s2), out), DDD_OK,
	    "v2 key opens the v2 value");

	/* Only 9 digits are sealed. */
	is_int(crypto_bsn_seal(&k1, 100, "12345678", 8, s2),
	    DDD_ERR_INVALID_INPUT, "8 digits refused");
	is_int(crypto_bsn_seal(&k1, 100, "1234567890", 10, s2),
	    DDD_ERR_INVALID_INPUT, "10 digits refused");
	is_int(crypto_bsn_seal(&k1, 100, "12345678a", 9, s2),
	    DDD_ERR_INVALID_INPUT, "a letter refused");
	is_int(crypto_bsn_seal(&k1, 100, "1234 5678", 9, s2),
	    DDD_ERR_INVALID_INPUT, "a space refused");

	/* Look-up hash. */
	is_int(crypto_bsn_lookup_hash(&k1, BSN, 9, h1), DDD_OK, "lookup hash");
	is_int(crypto_tenant_key_unwrap(&m, 7, 1, w1, sizeof(w1), &tk), 0,
	    "unwrap tenant 7 v1 again");
	crypto_bsn_lookup_hash(&tk, BSN, 9, h2);
	ok(memcmp(h1, h2, 32) == 0, "same tenant key, same hash");
	crypto_bsn_lookup_hash(&k2, BSN, 9, h3);
	ok(memcmp(h1, h3, 32) != 0, "other tenant, other hash");
	crypto_bsn_lookup_hash(&k1v2, BSN, 9, h3);
	ok(memcmp(h1, h3, 32) != 0, "other key version, other hash");
	crypto_bsn_lookup_hash(&k1, "123456783", 9, h3);
	ok(memcmp(h1, h3, 32) != 0, "other BSN, other hash");
	crypto_derive_key(k1.data, 32, "ddd-bsn-lookup", lk);
	crypto_hmac_sha256(lk, 32, BSN, 9, h3);
	ok(memcmp(h1, h3, 32) == 0,
	    "hash is HMAC(HKDF(data key, \"ddd-bsn-lookup\"), digits)");
	crypto_sha256(BSN, 9, h3);
	ok(memcmp(h1, h3, 32) != 0, "hash is not a plain SHA-256");
	is_int(crypto_bsn_lookup_hash(&k1, "12345678", 8, h3),
	    DDD_ERR_INVALID_INPUT, "lookup of 8 digits refused");

	/* Wiping. */
	crypto_tenant_key_wipe(&k1);
	ok(all_zero(&k1, sizeof(k1)), "tenant key wiped");
	crypto_master_wipe(&m);
	ok(all_zero(&m, sizeof(m)), "master key wiped");

	crypto_tenant_key_wipe(&k1b);
	crypto_tenant_key_wipe(&k2);
	crypto_tenant_key_wipe(&k1v2);
	crypto_tenant_key_wipe(&tk);
	crypto_master_wipe(&m2);
	buf_free(&errs);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
	return done_testing();
}
