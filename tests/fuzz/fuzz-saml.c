/* libFuzzer harness for what the ACS does with what a stranger posts
 * before anything is stored (saml_check_response, fcgi/saml.c): our form
 * checks of SAMLResponse and RelayState, then Lasso's parsing, decryption
 * and signature checks and our reading of the assertion.  The input is
 * tried twice: as the posted field itself, and base64-encoded (so that
 * the fuzzer reaches the XML behind it).  Nothing it makes can carry the
 * IdP's signature (a key made here, at start, that no input holds), so
 * every input must be refused, with a reason, and as a refusal or a bad
 * request.  Also linked with replay.c. */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "saml.h"
#include "fuzz.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct saml_sp	*sp;
static struct saml_idp	*idp;

/* A PEM of what write() puts in a memory BIO, NUL-terminated. */
static char *
pem(int (*write)(BIO *, void *), void *what)
{
	BIO	*b = BIO_new(BIO_s_mem());
	char	*p, *out;
	long	 n;

	CHECK(b != NULL && write(b, what) == 1);
	n = BIO_get_mem_data(b, &p);
	CHECK(n > 0 && (out = malloc((size_t)n + 1)) != NULL);
	memcpy(out, p, (size_t)n);
	out[n] = '\0';
	BIO_free(b);
	return out;
}

static int
write_key(BIO *b, void *k)
{
	return PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL);
}

static int
write_cert(BIO *b, void *x)
{
	return PEM_write_bio_X509(b, x);
}

static void
write_file(const char *path, const char *s)
{
	FILE	*f = fopen(path, "w");

	CHECK(f != NULL && fputs(s, f) >= 0 && fclose(f) == 0);
}

/* One key and certificate for our SP and (in its metadata) the IdP. */
static void
setup(void)
{
	EVP_PKEY	*k;
	X509		*x;
	struct config	 cfg;
	struct buf	 errs;
	char		 dir[] = "/tmp/fuzz-saml-XXXXXX", md[8192];
	char		*key, *crt, *b64, *o;
	const char	*p;

	CHECK((k = EVP_RSA_gen(2048)) != NULL && (x = X509_new()) != NULL);
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 3600);
	X509_set_pubkey(x, k);
	X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN",
	    MBSTRING_ASC, (const unsigned char *)"fuzz", -1, -1, 0);
	X509_set_issuer_name(x, X509_get_subject_name(x));
	CHECK(X509_sign(x, k, EVP_sha256()) > 0);
	key = pem(write_key, k);
	crt = pem(write_cert, x);

	CHECK(mkdtemp(dir) != NULL);
	config_defaults(&cfg, ".");
	snprintf(cfg.base_url, sizeof(cfg.base_url), "https://ddd.example");
	snprintf(cfg.saml_key_file, sizeof(cfg.saml_key_file), "%s/sp.key",
	    dir);
	snprintf(cfg.saml_cert_file, sizeof(cfg.saml_cert_file), "%s/sp.crt",
	    dir);
	write_file(cfg.saml_key_file, key);
	write_file(cfg.saml_cert_file, crt);
	buf_init(&errs, 1024);
	CHECK(saml_global_init() == 0);
	CHECK(saml_sp_load(&cfg, &sp, &errs) == 0 && sp != NULL);
	remove(cfg.saml_key_file);
	remove(cfg.saml_cert_file);
	remove(dir);

	/* The certificate's base64, for the IdP's metadata. */
	CHECK((b64 = malloc(strlen(crt) + 1)) != NULL);
	p = strchr(crt, '\n') + 1;
	for (o = b64; *p != '\0' && *p != '-'; p++)
		if (*p != '\n')
			*o++ = *p;
	*o = '\0';
	snprintf(md, sizeof(md),
	    "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:"
	    "metadata\" entityID=\"https://idp.example/idp\">"
	    "<md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:"
	    "names:tc:SAML:2.0:protocol\"><md:KeyDescriptor use=\"signing\">"
	    "<ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">"
	    "<ds:X509Data><ds:X509Certificate>%s</ds:X509Certificate>"
	    "</ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
	    "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:"
	    "bindings:HTTP-Redirect\" Location=\"https://idp.example/sso\"/>"
	    "</md:IDPSSODescriptor></md:EntityDescriptor>", b64);
	CHECK((idp = saml_sp_idp(sp, 1, md, &errs)) != NULL);
	buf_free(&errs);
	free(b64);
	free(key);
	free(crt);
	X509_free(x);
	EVP_PKEY_free(k);
}

static void
check(const char *resp)
{
	struct saml_identity id;
	char		 irt[64], why[256];
	enum ddd_err	 e;

	why[0] = '\0';
	e = saml_check_response(idp, resp, 1800000000, &id, irt, sizeof(irt),
	    why, sizeof(why));
	CHECK(e == DDD_ERR_FORBIDDEN || e == DDD_ERR_BAD_REQUEST);
	CHECK(why[0] != '\0');
	CHECK(e != DDD_ERR_BAD_REQUEST || !saml_response_form_ok(resp) ||
	    strncmp(why, "not a SAML response", 19) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*s, *b64;
	size_t		 i;
	int		 ok;

	if (sp == NULL)
		setup();
	/* The posted field as it is: a C string (as req.c hands it). */
	CHECK((s = malloc(size + 1)) != NULL);
	memcpy(s, data, size);
	s[size] = '\0';
	ok = saml_response_form_ok(s);
	if (ok)
		for (i = 0; s[i] != '\0'; i++)
			CHECK(strchr("+/=\r\n", s[i]) != NULL ||
			    (s[i] >= 'a' && s[i] <= 'z') ||
			    (s[i] >= 'A' && s[i] <= 'Z') ||
			    (s[i] >= '0' && s[i] <= '9'));
	if (saml_relay_state_ok(s))
		CHECK(strlen(s) == 41 && s[0] == '_');
	check(s);
	/* And what it says, as the base64 a browser would post. */
	CHECK((b64 = malloc(4 * (size / 3 + 1) + 1)) != NULL);
	EVP_EncodeBlock((unsigned char *)b64, data, (int)size);
	if (size > 0)
		check(b64);
	free(b64);
	free(s);
	return 0;
}
