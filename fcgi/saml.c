/* The SAML 2.0 service provider through Lasso (fcgi/saml.h).  Lasso parses,
 * decrypts and checks signatures; what it leaves to its caller (as
 * mod_auth_mellon does it) is checked here: audience, recipient,
 * destination, the times, InResponseTo and replay. */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <lasso/lasso.h>
#include <lasso/id-ff/login.h>
#include <lasso/id-ff/logout.h>
#include <lasso/id-ff/session.h>
#include <lasso/id-ff/server.h>
#include <lasso/saml-2.0/saml2_helper.h>
#include <lasso/xml/saml-2.0/samlp2_authn_request.h>
#include <lasso/xml/saml-2.0/samlp2_logout_request.h>
#include <lasso/xml/saml-2.0/samlp2_name_id_policy.h>
#include <lasso/xml/saml-2.0/samlp2_response.h>
#include <lasso/xml/saml-2.0/samlp2_status.h>
#include <lasso/xml/saml-2.0/samlp2_status_code.h>
#include <lasso/xml/saml-2.0/saml2_assertion.h>
#include <lasso/xml/saml-2.0/saml2_attribute.h>
#include <lasso/xml/saml-2.0/saml2_attribute_statement.h>
#include <lasso/xml/saml-2.0/saml2_attribute_value.h>
#include <lasso/xml/saml-2.0/saml2_authn_statement.h>
#include <lasso/xml/saml-2.0/saml2_conditions.h>
#include <lasso/xml/saml-2.0/saml2_subject_confirmation.h>
#include <lasso/xml/saml-2.0/saml2_subject_confirmation_data.h>

#include "crypto.h"
#include "log.h"
#include "saml.h"

/* A SAMLResponse a browser posts is a few KiB; a federation's IdP with
 * many attributes stays far below this. */
#define SAML_MAX_RESPONSE	(256 * 1024)
/* Our request ids: '_' and 40 hex digits (an xsd:ID starts with a
 * letter or '_'). */
#define SAML_ID_RANDOM		20
#define SAML_ID_LEN		(1 + 2 * SAML_ID_RANDOM)

struct saml_sp {
	char	*entity_id;
	char	*acs_url;
	char	*slo_url;
	char	*key_pem;
	char	*cert_pem;
	char	*metadata;
	/* The tenants' IdPs (saml_sp_idp): a list, a school a node. */
	pthread_mutex_t	 cache_lock;
	struct saml_idp	*cache;
};

struct saml_idp {
	const struct saml_sp	*sp;
	char			*entity_id;
	/* In the SP's cache (under its cache_lock): whose, from what, how
	 * many hold it, and whether a newer one replaced it. */
	struct saml_idp		*next;
	long long		 tenant_id;
	char			*source;
	int			 refs;		/* the cache's hold too */
	int			 cached;
	/* Lasso's objects are not documented as safe to share: one
	 * request at a time uses this tenant's server. */
	pthread_mutex_t		 lock;
	LassoServer		*server;
};

static int lasso_ready;

/* Lasso's own messages (GLib's log) into ours, at debug level: they
 * may quote what a stranger posted, and say nothing a refusal's reason
 * does not. */
static void
lasso_log(const gchar *domain, GLogLevelFlags level, const gchar *msg,
    gpointer data)
{
	(void)domain;
	(void)data;
	log_debug("saml_lasso", "level=%d msg=\"%.*s\"",
	    (int)(level & G_LOG_LEVEL_MASK), (int)strcspn(msg, "\"\n"), msg);
}

int
saml_global_init(void)
{
	g_log_set_handler("Lasso", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL |
	    G_LOG_FLAG_RECURSION, lasso_log, NULL);
	if (lasso_init() != 0)
		return -1;
	lasso_ready = 1;
	return 0;
}

void
saml_global_end(void)
{
	if (lasso_ready)
		lasso_shutdown();
	lasso_ready = 0;
}

static char *
slurp(const char *path, struct buf *errs)
{
	FILE	*f;
	char	*s = NULL;
	long	 n;

	if ((f = fopen(path, "r")) == NULL) {
		buf_printf(errs, "%s: cannot open: %s\n", path,
		    strerror(errno));
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    n > 64 * 1024 || fseek(f, 0, SEEK_SET) != 0 ||
	    (s = malloc((size_t)n + 1)) == NULL ||
	    fread(s, 1, (size_t)n, f) != (size_t)n) {
		buf_printf(errs, "%s: cannot read (or over 64 KiB)\n", path);
		free(s);
		s = NULL;
	} else
		s[n] = '\0';
	fclose(f);
	return s;
}

/* The base64 of a PEM certificate, without its armour and line ends, as
 * metadata's ds:X509Certificate holds it. */
static char *
cert_base64(const char *pem)
{
	const char	*b = strstr(pem, "-----BEGIN CERTIFICATE-----"), *e;
	char		*out, *o;

	if (b == NULL || (e = strstr(b, "-----END CERTIFICATE-----")) == NULL)
		return NULL;
	b += strlen("-----BEGIN CERTIFICATE-----");
	if ((out = malloc((size_t)(e - b) + 1)) == NULL)
		return NULL;
	for (o = out; b < e; b++)
		if (!isspace((unsigned char)*b))
			*o++ = *b;
	*o = '\0';
	return out;
}

#define MD_NS	"urn:oasis:names:tc:SAML:2.0:metadata"
#define DS_NS	"http://www.w3.org/2000/09/xmldsig#"

static void
md_key(xmlNodePtr sp, xmlNsPtr md, const char *use, const char *b64)
{
	xmlNodePtr	 k, ki, xd;
	xmlNsPtr	 ds;

	k = xmlNewChild(sp, md, BAD_CAST "KeyDescriptor", NULL);
	xmlNewProp(k, BAD_CAST "use", BAD_CAST use);
	ki = xmlNewChild(k, NULL, BAD_CAST "KeyInfo", NULL);
	ds = xmlNewNs(ki, BAD_CAST DS_NS, BAD_CAST "ds");
	xmlSetNs(ki, ds);
	xd = xmlNewChild(ki, ds, BAD_CAST "X509Data", NULL);
	xmlNewTextChild(xd, ds, BAD_CAST "X509Certificate", BAD_CAST b64);
}

/* Our EntityDescriptor: signed requests, signed assertions wanted, the
 * one certificate for signing and for encryption, the ACS (HTTP-POST). */
static char *
sp_metadata(const struct saml_sp *sp)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 ed, sso, acs, slo;
	xmlNsPtr	 md;
	xmlChar		*mem = NULL;
	char		*b64, *out = NULL;
	int		 len = 0;

	if ((b64 = cert_base64(sp->cert_pem)) == NULL)
		return NULL;
	doc = xmlNewDoc(BAD_CAST "1.0");
	ed = xmlNewNode(NULL, BAD_CAST "EntityDescriptor");
	md = xmlNewNs(ed, BAD_CAST MD_NS, BAD_CAST "md");
	xmlSetNs(ed, md);
	xmlDocSetRootElement(doc, ed);
	xmlNewProp(ed, BAD_CAST "entityID", BAD_CAST sp->entity_id);
	sso = xmlNewChild(ed, md, BAD_CAST "SPSSODescriptor", NULL);
	xmlNewProp(sso, BAD_CAST "AuthnRequestsSigned", BAD_CAST "true");
	xmlNewProp(sso, BAD_CAST "WantAssertionsSigned", BAD_CAST "true");
	xmlNewProp(sso, BAD_CAST "protocolSupportEnumeration",
	    BAD_CAST "urn:oasis:names:tc:SAML:2.0:protocol");
	md_key(sso, md, "signing", b64);
	md_key(sso, md, "encryption", b64);
	slo = xmlNewChild(sso, md, BAD_CAST "SingleLogoutService", NULL);
	xmlNewProp(slo, BAD_CAST "Binding",
	    BAD_CAST "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect");
	xmlNewProp(slo, BAD_CAST "Location", BAD_CAST sp->slo_url);
	xmlNewTextChild(sso, md, BAD_CAST "NameIDFormat", BAD_CAST
	    "urn:oasis:names:tc:SAML:2.0:nameid-format:transient");
	xmlNewTextChild(sso, md, BAD_CAST "NameIDFormat", BAD_CAST
	    "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");
	acs = xmlNewChild(sso, md, BAD_CAST "AssertionConsumerService", NULL);
	xmlNewProp(acs, BAD_CAST "index", BAD_CAST "0");
	xmlNewProp(acs, BAD_CAST "isDefault", BAD_CAST "true");
	xmlNewProp(acs, BAD_CAST "Binding",
	    BAD_CAST "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST");
	xmlNewProp(acs, BAD_CAST "Location", BAD_CAST sp->acs_url);
	xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
	if (mem != NULL)
		out = strdup((const char *)mem);
	xmlFree(mem);
	xmlFreeDoc(doc);
	free(b64);
	return out;
}

/* Whether the PEM key is the private half of the PEM certificate's. */
static int
key_fits_cert(const char *key_pem, const char *cert_pem)
{
	BIO		*kb, *cb;
	EVP_PKEY	*k = NULL;
	X509		*x = NULL;
	int		 fits = 0;

	kb = BIO_new_mem_buf(key_pem, -1);
	cb = BIO_new_mem_buf(cert_pem, -1);
	if (kb != NULL && cb != NULL &&
	    (k = PEM_read_bio_PrivateKey(kb, NULL, NULL, NULL)) != NULL &&
	    (x = PEM_read_bio_X509(cb, NULL, NULL, NULL)) != NULL)
		fits = X509_check_private_key(x, k) == 1;
	EVP_PKEY_free(k);
	X509_free(x);
	BIO_free(kb);
	BIO_free(cb);
	return fits;
}

void
saml_sp_free(struct saml_sp *sp)
{
	struct saml_idp	*i, *next;

	if (sp == NULL)
		return;
	for (i = sp->cache; i != NULL; i = next) {
		next = i->next;
		saml_idp_free(i);
	}
	pthread_mutex_destroy(&sp->cache_lock);
	free(sp->entity_id);
	free(sp->acs_url);
	free(sp->slo_url);
	if (sp->key_pem != NULL)
		OPENSSL_cleanse(sp->key_pem, strlen(sp->key_pem));
	free(sp->key_pem);
	free(sp->cert_pem);
	free(sp->metadata);
	free(sp);
}

int
saml_sp_load(const struct config *cfg, struct saml_sp **out,
    struct buf *errs)
{
	struct saml_sp	*sp;
	char		 url[CONFIG_MAX_VALUE + 64];
	size_t		 n = strlen(cfg->base_url);

	*out = NULL;
	if (cfg->saml_key_file[0] == '\0')
		return 0;
	if (cfg->saml_cert_file[0] == '\0') {
		buf_printf(errs, "saml_key_file is set but saml_cert_file "
		    "is not\n");
		return -1;
	}
	if ((sp = calloc(1, sizeof(*sp))) == NULL)
		goto nomem;
	pthread_mutex_init(&sp->cache_lock, NULL);
	/* base_url without its trailing slash: our endpoints under it. */
	while (n > 0 && cfg->base_url[n - 1] == '/')
		n--;
	if (cfg->saml_entity_id[0] != '\0')
		sp->entity_id = strdup(cfg->saml_entity_id);
	else {
		snprintf(url, sizeof(url), "%.*s%s", (int)n, cfg->base_url,
		    SAML_PATH_METADATA);
		sp->entity_id = strdup(url);
	}
	snprintf(url, sizeof(url), "%.*s%s", (int)n, cfg->base_url,
	    SAML_PATH_ACS);
	sp->acs_url = strdup(url);
	snprintf(url, sizeof(url), "%.*s%s", (int)n, cfg->base_url,
	    SAML_PATH_SLO);
	sp->slo_url = strdup(url);
	if (sp->entity_id == NULL || sp->acs_url == NULL ||
	    sp->slo_url == NULL)
		goto nomem;
	if ((sp->key_pem = slurp(cfg->saml_key_file, errs)) == NULL ||
	    (sp->cert_pem = slurp(cfg->saml_cert_file, errs)) == NULL)
		goto fail;
	if ((sp->metadata = sp_metadata(sp)) == NULL) {
		buf_printf(errs, "%s: not a PEM certificate\n",
		    cfg->saml_cert_file);
		goto fail;
	}
	/* The key and the certificate must go together, and Lasso take
	 * them: refused here rather than at the first log-in. */
	if (!key_fits_cert(sp->key_pem, sp->cert_pem)) {
		buf_printf(errs, "%s is not the key of %s\n",
		    cfg->saml_key_file, cfg->saml_cert_file);
		goto fail;
	}
	{
		LassoServer *s = lasso_server_new_from_buffers(sp->metadata,
		    sp->key_pem, NULL, sp->cert_pem);
		if (s == NULL) {
			buf_printf(errs, "%s, %s: Lasso does not accept this key "
			    "and certificate\n", cfg->saml_key_file,
			    cfg->saml_cert_file);
			goto fail;
		}
		lasso_server_destroy(s);
	}
	*out = sp;
	return 0;
nomem:
	buf_printf(errs, "out of memory\n");
fail:
	saml_sp_free(sp);
	return -1;
}

const char *
saml_sp_metadata(const struct saml_sp *sp)
{
	return sp->metadata;
}

const char *
saml_sp_entity_id(const struct saml_sp *sp)
{
	return sp->entity_id;
}

struct saml_idp *
saml_idp_new(const struct saml_sp *sp, const char *metadata,
    struct buf *errs)
{
	struct saml_idp	*idp;
	GHashTableIter	 it;
	gpointer	 key, val;
	int		 n = 0;

	if ((idp = calloc(1, sizeof(*idp))) == NULL) {
		buf_printf(errs, "out of memory\n");
		return NULL;
	}
	idp->sp = sp;
	pthread_mutex_init(&idp->lock, NULL);
	idp->server = lasso_server_new_from_buffers(sp->metadata, sp->key_pem,
	    NULL, sp->cert_pem);
	if (idp->server == NULL) {
		buf_printf(errs, "the SP's key and certificate do not load\n");
		goto fail;
	}
	/* What we sign (the AuthnRequest's query), with SHA-256. */
	idp->server->signature_method = LASSO_SIGNATURE_METHOD_RSA_SHA256;
	/* The same key decrypts what the IdP encrypts for us. */
	if (lasso_server_set_encryption_private_key(idp->server,
	    sp->key_pem) != 0) {
		buf_printf(errs, "the SP's key does not load for decryption\n");
		goto fail;
	}
	if (lasso_server_add_provider_from_buffer(idp->server,
	    LASSO_PROVIDER_ROLE_IDP, metadata, NULL, NULL) != 0) {
		buf_printf(errs, "the IdP metadata is not an EntityDescriptor "
		    "with an IDPSSODescriptor Lasso accepts\n");
		goto fail;
	}
	g_hash_table_iter_init(&it, idp->server->providers);
	while (g_hash_table_iter_next(&it, &key, &val))
		if (n++ == 0)
			idp->entity_id = strdup((const char *)key);
	if (n != 1 || idp->entity_id == NULL) {
		buf_printf(errs, "the IdP metadata must describe one IdP\n");
		goto fail;
	}
	return idp;
fail:
	saml_idp_free(idp);
	return NULL;
}

void
saml_idp_free(struct saml_idp *idp)
{
	if (idp == NULL)
		return;
	if (idp->server != NULL)
		lasso_server_destroy(idp->server);
	pthread_mutex_destroy(&idp->lock);
	free(idp->entity_id);
	free(idp->source);
	free(idp);
}

/* How many nodes an XPath (md: and ds: bound) finds in doc. */
static int
xpath_count(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr	 x;
	xmlXPathObjectPtr	 o;
	int			 n = 0;

	if ((x = xmlXPathNewContext(doc)) == NULL)
		return 0;
	xmlXPathRegisterNs(x, BAD_CAST "md", BAD_CAST MD_NS);
	xmlXPathRegisterNs(x, BAD_CAST "ds", BAD_CAST DS_NS);
	if ((o = xmlXPathEvalExpression(BAD_CAST expr, x)) != NULL &&
	    o->nodesetval != NULL)
		n = o->nodesetval->nodeNr;
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(x);
	return n;
}

int
saml_idp_metadata_check(const char *metadata, char *entity_id, size_t size,
    struct buf *errs)
{
	LassoProvider	*p = NULL;
	xmlDocPtr	 doc = NULL;
	char		*sso = NULL;
	int		 rc = -1;

	if (size > 0)
		entity_id[0] = '\0';
	if (metadata == NULL || (doc = xmlReadMemory(metadata,
	    (int)strlen(metadata), NULL, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING)) == NULL) {
		buf_printf(errs, "the IdP metadata is not XML\n");
		goto out;
	}
	if (xpath_count(doc, "/md:EntityDescriptor[@entityID]"
	    "[md:IDPSSODescriptor]") != 1) {
		buf_printf(errs, "the IdP metadata must be one "
		    "md:EntityDescriptor with an md:IDPSSODescriptor\n");
		goto out;
	}
	if (xpath_count(doc, "/md:EntityDescriptor/md:IDPSSODescriptor/"
	    "md:KeyDescriptor[not(@use) or @use = 'signing']/ds:KeyInfo/"
	    "ds:X509Data/ds:X509Certificate") < 1) {
		buf_printf(errs, "the IdP metadata has no signing "
		    "certificate\n");
		goto out;
	}
	if ((p = lasso_provider_new_from_buffer(LASSO_PROVIDER_ROLE_IDP,
	    metadata, NULL, NULL)) == NULL) {
		buf_printf(errs, "Lasso does not take the IdP metadata\n");
		goto out;
	}
	if ((sso = lasso_provider_get_metadata_one(p,
	    "SingleSignOnService HTTP-Redirect")) == NULL) {
		buf_printf(errs, "the IdP metadata has no HTTP-Redirect "
		    "SingleSignOnService\n");
		goto out;
	}
	snprintf(entity_id, size, "%s", p->ProviderID);
	rc = 0;
out:
	g_free(sso);
	if (p != NULL)
		g_object_unref(p);
	xmlFreeDoc(doc);
	return rc;
}

struct saml_idp *
saml_sp_idp(struct saml_sp *sp, long long tenant_id, const char *metadata,
    struct buf *errs)
{
	struct saml_idp	**pp, *idp, *fresh = NULL;
	struct buf	 mine;

	if (metadata == NULL) {
		if (errs != NULL)
			buf_printf(errs, "no IdP metadata\n");
		return NULL;
	}
	pthread_mutex_lock(&sp->cache_lock);
	for (pp = &sp->cache; (idp = *pp) != NULL; pp = &idp->next)
		if (idp->tenant_id == tenant_id)
			break;
	if (idp != NULL && strcmp(idp->source, metadata) == 0) {
		idp->refs++;
		pthread_mutex_unlock(&sp->cache_lock);
		return idp;
	}
	pthread_mutex_unlock(&sp->cache_lock);

	/* Built outside the lock (it parses XML and keys). */
	buf_init(&mine, 1024);
	if ((fresh = saml_idp_new(sp, metadata, errs != NULL ? errs :
	    &mine)) == NULL || (fresh->source = strdup(metadata)) == NULL) {
		saml_idp_free(fresh);
		buf_free(&mine);
		return NULL;
	}
	buf_free(&mine);
	fresh->tenant_id = tenant_id;
	fresh->refs = 1;

	pthread_mutex_lock(&sp->cache_lock);
	for (pp = &sp->cache; (idp = *pp) != NULL; pp = &idp->next)
		if (idp->tenant_id == tenant_id)
			break;
	if (idp != NULL && strcmp(idp->source, metadata) == 0) {
		/* Another thread was first: use its. */
		idp->refs++;
		pthread_mutex_unlock(&sp->cache_lock);
		saml_idp_free(fresh);
		return idp;
	}
	if (idp != NULL) {
		/* Replaced: out of the list, the cache's hold dropped;
		 * freed by its last user. */
		*pp = idp->next;
		idp->cached = 0;
		if (--idp->refs == 0)
			saml_idp_free(idp);
	}
	fresh->cached = 1;
	fresh->refs++;		/* the cache's own */
	fresh->next = sp->cache;
	sp->cache = fresh;
	pthread_mutex_unlock(&sp->cache_lock);
	return fresh;
}

void
saml_idp_release(struct saml_idp *idp)
{
	struct saml_sp	*sp;
	int		 gone;

	if (idp == NULL)
		return;
	sp = (struct saml_sp *)idp->sp;
	pthread_mutex_lock(&sp->cache_lock);
	/* While cached, the cache's own hold keeps it. */
	gone = --idp->refs == 0;
	pthread_mutex_unlock(&sp->cache_lock);
	if (gone)
		saml_idp_free(idp);
}

const char *
saml_idp_entity_id(const struct saml_idp *idp)
{
	return idp->entity_id;
}

int
saml_relay_state_ok(const char *rs)
{
	size_t	 i;

	if (rs == NULL || strlen(rs) != SAML_ID_LEN || rs[0] != '_')
		return 0;
	for (i = 1; i < SAML_ID_LEN; i++)
		if (!((rs[i] >= '0' && rs[i] <= '9') ||
		    (rs[i] >= 'a' && rs[i] <= 'f')))
			return 0;
	return 1;
}

int
saml_response_form_ok(const char *r)
{
	size_t	 n = 0;

	if (r == NULL)
		return 0;
	for (; *r != '\0'; r++, n++) {
		if (n >= SAML_MAX_RESPONSE)
			return 0;
		if (!isalnum((unsigned char)*r) && *r != '+' && *r != '/' &&
		    *r != '=' && *r != '\r' && *r != '\n')
			return 0;
	}
	return n > 0;
}

enum ddd_err
saml_authn_request(struct db *db, const struct saml_idp *cidp,
    long long tenant_id, char *url, size_t urlsize)
{
	struct saml_idp		*idp = (struct saml_idp *)cidp;
	LassoLogin		*login = NULL;
	LassoSamlp2AuthnRequest	*req;
	LassoSamlp2RequestAbstract *ra;
	unsigned char		 rnd[SAML_ID_RANDOM];
	char			 id[SAML_ID_LEN + 1];
	enum ddd_err		 e = DDD_ERR_INTERNAL;
	int			 rc;

	if (crypto_random(rnd, sizeof(rnd)) == -1)
		return DDD_ERR_INTERNAL;
	id[0] = '_';
	for (rc = 0; rc < SAML_ID_RANDOM; rc++)
		snprintf(id + 1 + 2 * rc, 3, "%02x", rnd[rc]);
	pthread_mutex_lock(&idp->lock);
	if ((login = lasso_login_new(idp->server)) == NULL)
		goto out;
	if ((rc = lasso_login_init_authn_request(login, idp->entity_id,
	    LASSO_HTTP_METHOD_REDIRECT)) != 0) {
		log_error("saml_request", "error=\"%s\"", lasso_strerror(rc));
		goto out;
	}
	req = LASSO_SAMLP2_AUTHN_REQUEST(LASSO_PROFILE(login)->request);
	ra = LASSO_SAMLP2_REQUEST_ABSTRACT(req);
	g_free(ra->ID);
	ra->ID = g_strdup(id);
	req->NameIDPolicy->AllowCreate = TRUE;
	g_free(req->ProtocolBinding);
	req->ProtocolBinding = g_strdup(LASSO_SAML2_METADATA_BINDING_POST);
	g_free(req->AssertionConsumerServiceURL);
	req->AssertionConsumerServiceURL = g_strdup(idp->sp->acs_url);
	/* The RelayState names the request: the answer finds its tenant. */
	g_free(LASSO_PROFILE(login)->msg_relayState);
	LASSO_PROFILE(login)->msg_relayState = g_strdup(id);
	if ((rc = lasso_login_build_authn_request_msg(login)) != 0) {
		log_error("saml_request", "error=\"%s\"", lasso_strerror(rc));
		goto out;
	}
	if (LASSO_PROFILE(login)->msg_url == NULL ||
	    strlen(LASSO_PROFILE(login)->msg_url) >= urlsize) {
		log_error("saml_request", "error=\"redirect URL too long\"");
		goto out;
	}
	snprintf(url, urlsize, "%s", LASSO_PROFILE(login)->msg_url);
	e = DDD_OK;
out:
	if (login != NULL)
		g_object_unref(login);
	pthread_mutex_unlock(&idp->lock);
	if (e != DDD_OK)
		return e;
	{
		struct db_param p[] = { DB_P_STR(id), DB_P_INT(tenant_id),
		    DB_P_STR(idp->entity_id), DB_P_INT(SAML_REQUEST_TTL) };
		/* Expired requests go now and then (an index range). */
		(void)db_run(db, STMT_SAML_REQUEST_PURGE, NULL, 0, NULL);
		e = db_run(db, STMT_SAML_REQUEST_PUT, p, 4, NULL);
	}
	return e;
}

enum ddd_err
saml_request_tenant(struct db *db, const char *relay_state,
    long long *tenant_id)
{
	struct db_result res;
	struct db_param	 p[1];
	enum ddd_err	 e;

	if (!saml_relay_state_ok(relay_state))
		return DDD_ERR_BAD_REQUEST;
	p[0] = (struct db_param)DB_P_STR(relay_state);
	memset(&res, 0, sizeof(res));
	if ((e = db_run(db, STMT_SAML_REQUEST_TENANT, p, 1, &res)) != DDD_OK)
		return e;
	if (res.nrows != 1)
		e = DDD_ERR_GONE;
	else
		*tenant_id = strtoll(DB_COL(&res, 0, "tenant_id"), NULL, 10);
	db_result_free(&res);
	return e;
}

/* Copy s (may be NULL) into a field of the identity. */
static void
put(char *dst, size_t size, const char *s)
{
	snprintf(dst, size, "%s", s != NULL ? s : "");
}

/* The attributes we map, under the names federations send them: the
 * urn:mace name (Entree, SURFconext), the urn:oid name, the plain one. */
static const struct {
	const char	*names[3];
	size_t		 off;
	size_t		 size;
} attrs[] = {
#define ID_FIELD(f)	offsetof(struct saml_identity, f), \
	sizeof(((struct saml_identity *)0)->f)
	{ { "urn:mace:dir:attribute-def:uid",
	    "urn:oid:0.9.2342.19200300.100.1.1", "uid" }, ID_FIELD(uid) },
	{ { "urn:mace:dir:attribute-def:mail",
	    "urn:oid:0.9.2342.19200300.100.1.3", "mail" }, ID_FIELD(mail) },
	{ { "urn:mace:dir:attribute-def:employeeNumber",
	    "urn:oid:2.16.840.1.113730.3.1.3", "employeeNumber" },
	    ID_FIELD(employee_number) },
	{ { "urn:mace:dir:attribute-def:eduPersonAffiliation",
	    "urn:oid:1.3.6.1.4.1.5923.1.1.1.1", "eduPersonAffiliation" },
	    ID_FIELD(affiliation) },
	{ { "urn:mace:dir:attribute-def:nlEduPersonHomeOrganizationId",
	    "nlEduPersonHomeOrganizationId", NULL }, ID_FIELD(home_org) },
#undef ID_FIELD
};

static void
take_attribute(struct saml_identity *id, LassoSaml2Attribute *a)
{
	size_t		 i, k, len;
	GList		*v;
	char		*dst;

	if (a->Name == NULL)
		return;
	/* Every value as it came, for the tenant's own choice. */
	for (v = a->AttributeValue; v != NULL; v = v->next) {
		xmlNodePtr	 n;
		xmlChar		*text;
		struct saml_attr *sa;

		if (!LASSO_IS_NODE(v->data) || id->nattrs >= SAML_MAX_ATTRS)
			continue;
		n = lasso_node_get_xmlNode(LASSO_NODE(v->data), FALSE);
		text = n != NULL ? xmlNodeGetContent(n) : NULL;
		sa = &id->attrs[id->nattrs];
		if (text != NULL && strlen(a->Name) < sizeof(sa->name) &&
		    strlen((char *)text) < sizeof(sa->value)) {
			put(sa->name, sizeof(sa->name), a->Name);
			put(sa->value, sizeof(sa->value), (char *)text);
			id->nattrs++;
		}
		xmlFree(text);
		xmlFreeNode(n);
	}
	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		for (k = 0; k < 3 && attrs[i].names[k] != NULL; k++)
			if (strcmp(a->Name, attrs[i].names[k]) == 0)
				break;
		if (k == 3 || attrs[i].names[k] == NULL)
			continue;
		dst = (char *)id + attrs[i].off;
		for (v = a->AttributeValue; v != NULL; v = v->next) {
			xmlNodePtr	 n;
			xmlChar		*text;

			if (!LASSO_IS_NODE(v->data))
				continue;
			n = lasso_node_get_xmlNode(LASSO_NODE(v->data), FALSE);
			text = n != NULL ? xmlNodeGetContent(n) : NULL;
			len = strlen(dst);
			if (text != NULL && len + 1 + strlen((char *)text) <
			    attrs[i].size)
				snprintf(dst + len, attrs[i].size - len, "%s%s",
				    len > 0 ? " " : "", (char *)text);
			xmlFree(text);
			xmlFreeNode(n);
		}
	}
}

/* xsd:dateTime in UTC ("2026-12-05T01:02:03Z", fractions allowed) to
 * unix time; -1 when not that. */
static time_t
saml_time(const char *s)
{
	struct tm	 tm;
	const char	*p;

	if (s == NULL)
		return -1;
	memset(&tm, 0, sizeof(tm));
	if ((p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm)) == NULL)
		return -1;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			;
	if (strcmp(p, "Z") != 0)
		return -1;
	return timegm(&tm);
}

#define REFUSE(...) do { snprintf(why, whysize, __VA_ARGS__); \
	e = DDD_ERR_FORBIDDEN; goto out; } while (0)

/* Lasso's part and ours that needs no database, under the idp's lock. */
static enum ddd_err
verify(struct saml_idp *idp, const char *msg, time_t now,
    struct saml_identity *id, char *in_response_to, size_t irtsize,
    char *why, size_t whysize)
{
	LassoLogin			*login;
	LassoProfile			*prof;
	LassoSamlp2StatusResponse	*sr;
	LassoSaml2Assertion		*as;
	LassoSaml2SubjectConfirmationData *scd;
	LassoSaml2AuthnStatement	*st;
	GList				*l, *m;
	const char			*issuer;
	time_t				 t;
	enum ddd_err			 e = DDD_ERR_FORBIDDEN;
	int				 rc;

	if ((login = lasso_login_new(idp->server)) == NULL) {
		snprintf(why, whysize, "out of memory");
		return DDD_ERR_NOMEM;
	}
	prof = LASSO_PROFILE(login);
	/* Signatures checked: of the Response, and of the assertion when
	 * the Response is not signed (Lasso >= 2.7 refuses an assertion
	 * that nothing signed). */
	lasso_profile_set_signature_verify_hint(prof,
	    LASSO_PROFILE_SIGNATURE_VERIFY_HINT_MAYBE);
	rc = lasso_login_process_authn_response_msg(login, (char *)msg);
	if (rc == LASSO_PROFILE_ERROR_INVALID_MSG ||
	    rc == LASSO_PROFILE_ERROR_INVALID_POST_MSG) {
		snprintf(why, whysize, "not a SAML response (%s)",
		    lasso_strerror(rc));
		e = DDD_ERR_BAD_REQUEST;
		goto out;
	}
	if (rc != 0)
		REFUSE("Lasso refused the response: %s", lasso_strerror(rc));
	/* The Response's own signature: good, or none (then Lasso has
	 * verified the assertion's, and refused above when that failed or
	 * was missing: t_sso_saml.py shows both). */
	rc = lasso_profile_get_signature_status(prof);
	if (rc != 0 && rc != LASSO_DS_ERROR_SIGNATURE_NOT_FOUND)
		REFUSE("signature: %s", lasso_strerror(rc));
	if (!LASSO_IS_SAMLP2_RESPONSE(prof->response))
		REFUSE("not a Response");
	sr = LASSO_SAMLP2_STATUS_RESPONSE(prof->response);
	if (prof->remote_providerID == NULL ||
	    strcmp(prof->remote_providerID, idp->entity_id) != 0)
		REFUSE("issuer is not the tenant's IdP");
	if (sr->Status == NULL || sr->Status->StatusCode == NULL ||
	    sr->Status->StatusCode->Value == NULL ||
	    strcmp(sr->Status->StatusCode->Value,
	    LASSO_SAML2_STATUS_CODE_SUCCESS) != 0)
		REFUSE("status is not Success");
	if (sr->Destination != NULL &&
	    strcmp(sr->Destination, idp->sp->acs_url) != 0)
		REFUSE("destination is not our ACS");
	put(in_response_to, irtsize, sr->InResponseTo);
	/* The assertion, decrypted by Lasso when it came encrypted, and
	 * only one of them. */
	l = LASSO_SAMLP2_RESPONSE(sr)->Assertion;
	if (l == NULL || l->next != NULL ||
	    !LASSO_IS_SAML2_ASSERTION(l->data))
		REFUSE("not exactly one assertion");
	as = LASSO_SAML2_ASSERTION(l->data);
	issuer = as->Issuer != NULL ? as->Issuer->content : NULL;
	if (issuer == NULL || strcmp(issuer, idp->entity_id) != 0)
		REFUSE("assertion issuer is not the tenant's IdP");
	if (as->ID == NULL || strlen(as->ID) >= sizeof(id->assertion_id))
		REFUSE("assertion without a usable ID");
	if (lasso_saml2_assertion_validate_audience(as,
	    idp->sp->entity_id) != LASSO_SAML2_ASSERTION_VALID)
		REFUSE("audience is not our entityID");
	if (lasso_saml2_assertion_validate_time_checks(as, SAML_CLOCK_SKEW,
	    now) != LASSO_SAML2_ASSERTION_VALID)
		REFUSE("assertion not valid now (NotBefore/NotOnOrAfter)");
	if (as->Subject == NULL || as->Subject->NameID == NULL ||
	    as->Subject->NameID->content == NULL)
		REFUSE("no NameID");
	/* Bearer confirmation: for our ACS, in time, for our request. */
	scd = lasso_saml2_assertion_get_subject_confirmation_data(as, FALSE);
	if (scd == NULL || as->Subject->SubjectConfirmation == NULL ||
	    as->Subject->SubjectConfirmation->Method == NULL ||
	    strcmp(as->Subject->SubjectConfirmation->Method,
	    "urn:oasis:names:tc:SAML:2.0:cm:bearer") != 0)
		REFUSE("no bearer SubjectConfirmationData");
	if (scd->Recipient == NULL ||
	    strcmp(scd->Recipient, idp->sp->acs_url) != 0)
		REFUSE("recipient is not our ACS");
	if ((t = saml_time(scd->NotOnOrAfter)) == -1 ||
	    now >= t + SAML_CLOCK_SKEW)
		REFUSE("SubjectConfirmationData expired");
	if (scd->NotBefore != NULL &&
	    now + SAML_CLOCK_SKEW < saml_time(scd->NotBefore))
		REFUSE("SubjectConfirmationData not yet valid");
	if (scd->InResponseTo == NULL ||
	    strcmp(scd->InResponseTo, in_response_to) != 0)
		REFUSE("InResponseTo differs between Response and assertion");
	id->not_on_or_after = t;
	if (as->Conditions != NULL && as->Conditions->NotOnOrAfter != NULL &&
	    saml_time(as->Conditions->NotOnOrAfter) > t)
		id->not_on_or_after = saml_time(as->Conditions->NotOnOrAfter);

	put(id->idp, sizeof(id->idp), idp->entity_id);
	put(id->assertion_id, sizeof(id->assertion_id), as->ID);
	put(id->name_id, sizeof(id->name_id), as->Subject->NameID->content);
	put(id->name_id_format, sizeof(id->name_id_format),
	    as->Subject->NameID->Format);
	for (l = as->AuthnStatement; l != NULL; l = l->next)
		if (LASSO_IS_SAML2_AUTHN_STATEMENT(l->data)) {
			st = LASSO_SAML2_AUTHN_STATEMENT(l->data);
			put(id->session_index, sizeof(id->session_index),
			    st->SessionIndex);
			break;
		}
	for (l = as->AttributeStatement; l != NULL; l = l->next) {
		if (!LASSO_IS_SAML2_ATTRIBUTE_STATEMENT(l->data))
			continue;
		for (m = LASSO_SAML2_ATTRIBUTE_STATEMENT(l->data)->Attribute;
		    m != NULL; m = m->next)
			if (LASSO_IS_SAML2_ATTRIBUTE(m->data))
				take_attribute(id, m->data);
	}
	e = DDD_OK;
out:
	g_object_unref(login);
	return e;
}

enum ddd_err
saml_check_response(const struct saml_idp *cidp, const char *saml_response,
    time_t now, struct saml_identity *out, char *irt, size_t irtsize,
    char *why, size_t whysize)
{
	struct saml_idp	*idp = (struct saml_idp *)cidp;
	enum ddd_err	 e;

	memset(out, 0, sizeof(*out));
	if (irtsize > 0)
		irt[0] = '\0';
	if (!saml_response_form_ok(saml_response)) {
		snprintf(why, whysize, "SAMLResponse is not base64 of a "
		    "reasonable size");
		return DDD_ERR_BAD_REQUEST;
	}
	pthread_mutex_lock(&idp->lock);
	e = verify(idp, saml_response, now, out, irt, irtsize, why,
	    whysize);
	pthread_mutex_unlock(&idp->lock);
	return e;
}

enum ddd_err
saml_acs(struct db *db, const struct saml_idp *cidp, long long tenant_id,
    const char *saml_response, const char *relay_state, time_t now,
    struct saml_identity *out, char *why, size_t whysize)
{
	struct saml_identity id;
	char		 irt[SAML_ID_LEN + 2];
	enum ddd_err	 e;
	struct db_result res;

	memset(&id, 0, sizeof(id));
	memset(out, 0, sizeof(*out));
	if (!saml_relay_state_ok(relay_state)) {
		snprintf(why, whysize, "RelayState is not one of our ids");
		return DDD_ERR_BAD_REQUEST;
	}
	if ((e = saml_check_response(cidp, saml_response, now, &id, irt,
	    sizeof(irt), why, whysize)) != DDD_OK)
		return e;

	/* The request: of this tenant, waiting, used up now. */
	{
		struct db_param p[] = { DB_P_STR(relay_state),
		    DB_P_INT(tenant_id) };
		memset(&res, 0, sizeof(res));
		if ((e = db_run(db, STMT_SAML_REQUEST_TAKE, p, 2, &res)) !=
		    DDD_OK) {
			snprintf(why, whysize, "database");
			return e;
		}
		if (res.affected != 1) {
			snprintf(why, whysize, "no such request waits (used, "
			    "expired, or of another tenant)");
			return DDD_ERR_GONE;
		}
	}
	/* Seen before: refused, whatever request it comes with.  Kept until
	 * it expires (and the clock skew after), then purged. */
	{
		struct db_param p[] = { DB_P_INT(tenant_id), DB_P_STR(id.idp),
		    DB_P_STR(id.assertion_id),
		    DB_P_INT((long long)id.not_on_or_after + SAML_CLOCK_SKEW) };
		(void)db_run(db, STMT_SAML_SEEN_PURGE, NULL, 0, NULL);
		e = db_run(db, STMT_SAML_SEEN_PUT, p, 4, NULL);
		if (e == DDD_ERR_CONFLICT) {
			snprintf(why, whysize, "assertion replayed");
			return DDD_ERR_FORBIDDEN;
		}
		if (e != DDD_OK) {
			snprintf(why, whysize, "database");
			return e;
		}
	}
	if (strcmp(irt, relay_state) != 0) {
		snprintf(why, whysize, "InResponseTo is not the request the "
		    "RelayState names");
		return DDD_ERR_FORBIDDEN;
	}
	id.tenant_id = tenant_id;
	*out = id;
	why[0] = '\0';
	return DDD_OK;
}

/* A Lasso session holding what the log-in gave us of the IdP's session:
 * Lasso's logout takes the NameID and session index from there. */
static LassoSession *
idp_session(const struct saml_idp *idp, const char *name_id,
    const char *format, const char *session_index)
{
	LassoSession		*s;
	LassoSaml2Assertion	*a;
	LassoSaml2NameID	*n;
	LassoSaml2AuthnStatement *st;

	s = lasso_session_new();
	a = LASSO_SAML2_ASSERTION(lasso_saml2_assertion_new());
	n = LASSO_SAML2_NAME_ID(lasso_saml2_name_id_new_with_string(
	    (char *)name_id));
	if (format != NULL && format[0] != '\0') {
		n->Format = g_strdup(format);
		/* As the IdP qualified it: for us. */
		if (strcmp(format, LASSO_SAML2_NAME_IDENTIFIER_FORMAT_TRANSIENT)
		    == 0 || strcmp(format,
		    LASSO_SAML2_NAME_IDENTIFIER_FORMAT_PERSISTENT) == 0)
			n->SPNameQualifier = g_strdup(idp->sp->entity_id);
	}
	a->Issuer = LASSO_SAML2_NAME_ID(lasso_saml2_name_id_new_with_string(
	    idp->entity_id));
	a->Subject = LASSO_SAML2_SUBJECT(lasso_saml2_subject_new());
	a->Subject->NameID = n;
	if (session_index != NULL && session_index[0] != '\0') {
		st = LASSO_SAML2_AUTHN_STATEMENT(
		    lasso_saml2_authn_statement_new());
		st->SessionIndex = g_strdup(session_index);
		a->AuthnStatement = g_list_append(NULL, st);
	}
	lasso_session_add_assertion(s, idp->entity_id, LASSO_NODE(a));
	g_object_unref(a);
	return s;
}

enum ddd_err
saml_logout_request(const struct saml_idp *cidp, const char *name_id,
    const char *name_id_format, const char *session_index,
    const char *relay_state, char *url, size_t urlsize)
{
	struct saml_idp	*idp = (struct saml_idp *)cidp;
	LassoLogout	*lo = NULL;
	LassoProvider	*p;
	char		*slo;
	enum ddd_err	 e = DDD_ERR_INTERNAL;
	int		 rc;

	if (name_id == NULL || name_id[0] == '\0')
		return DDD_ERR_NOT_FOUND;
	pthread_mutex_lock(&idp->lock);
	p = lasso_server_get_provider(idp->server, idp->entity_id);
	slo = p != NULL ? lasso_provider_get_metadata_one(p,
	    "SingleLogoutService HTTP-Redirect") : NULL;
	if (slo == NULL) {
		e = DDD_ERR_NOT_FOUND;
		goto out;
	}
	g_free(slo);
	if ((lo = lasso_logout_new(idp->server)) == NULL)
		goto out;
	LASSO_PROFILE(lo)->session = idp_session(idp, name_id,
	    name_id_format, session_index);
	if ((rc = lasso_logout_init_request(lo, idp->entity_id,
	    LASSO_HTTP_METHOD_REDIRECT)) != 0) {
		log_error("saml_logout", "error=\"%s\"", lasso_strerror(rc));
		goto out;
	}
	if (relay_state != NULL && relay_state[0] != '\0')
		LASSO_PROFILE(lo)->msg_relayState = g_strdup(relay_state);
	if ((rc = lasso_logout_build_request_msg(lo)) != 0) {
		log_error("saml_logout", "error=\"%s\"", lasso_strerror(rc));
		goto out;
	}
	if (LASSO_PROFILE(lo)->msg_url == NULL ||
	    strlen(LASSO_PROFILE(lo)->msg_url) >= urlsize)
		goto out;
	snprintf(url, urlsize, "%s", LASSO_PROFILE(lo)->msg_url);
	e = DDD_OK;
out:
	if (lo != NULL)
		g_object_unref(lo);
	pthread_mutex_unlock(&idp->lock);
	return e;
}

int
saml_slo_issuer(const char *query, char *issuer, size_t size)
{
	char	*s;

	if (query == NULL || strlen(query) > SAML_MAX_RESPONSE ||
	    (s = lasso_profile_get_issuer(query)) == NULL)
		return -1;
	snprintf(issuer, size, "%s", s);
	g_free(s);
	return 0;
}

#undef REFUSE
#define REFUSE(...) do { snprintf(why, whysize, __VA_ARGS__); \
	e = DDD_ERR_FORBIDDEN; goto out; } while (0)

enum ddd_err
saml_slo(const struct saml_idp *cidp, const char *query,
    struct saml_logout *out, char *url, size_t urlsize, char *why,
    size_t whysize)
{
	struct saml_idp	*idp = (struct saml_idp *)cidp;
	LassoLogout	*lo = NULL;
	LassoProfile	*prof;
	LassoSamlp2StatusResponse *sr;
	LassoSamlp2LogoutRequest *lr;
	enum ddd_err	 e = DDD_ERR_FORBIDDEN;
	int		 rc, is_request;

	memset(out, 0, sizeof(*out));
	if (urlsize > 0)
		url[0] = '\0';
	if (query == NULL || strlen(query) > SAML_MAX_RESPONSE) {
		snprintf(why, whysize, "no query, or too long");
		return DDD_ERR_BAD_REQUEST;
	}
	is_request = strstr(query, "SAMLRequest=") != NULL;
	if (!is_request && strstr(query, "SAMLResponse=") == NULL) {
		snprintf(why, whysize, "neither SAMLRequest nor SAMLResponse");
		return DDD_ERR_BAD_REQUEST;
	}
	pthread_mutex_lock(&idp->lock);
	if ((lo = lasso_logout_new(idp->server)) == NULL) {
		e = DDD_ERR_NOMEM;
		goto out;
	}
	prof = LASSO_PROFILE(lo);
	lasso_profile_set_signature_verify_hint(prof,
	    LASSO_PROFILE_SIGNATURE_VERIFY_HINT_FORCE);
	if (is_request) {
		out->kind = SAML_SLO_REQUEST;
		rc = lasso_logout_process_request_msg(lo, (char *)query);
		if (rc != 0)
			REFUSE("LogoutRequest: %s", lasso_strerror(rc));
		if (lasso_profile_get_signature_status(prof) != 0)
			REFUSE("LogoutRequest: signature");
		if (prof->remote_providerID == NULL ||
		    strcmp(prof->remote_providerID, idp->entity_id) != 0)
			REFUSE("LogoutRequest: issuer is not the IdP");
		lr = LASSO_SAMLP2_LOGOUT_REQUEST(prof->request);
		if (LASSO_SAMLP2_REQUEST_ABSTRACT(lr)->Destination != NULL &&
		    strcmp(LASSO_SAMLP2_REQUEST_ABSTRACT(lr)->Destination,
		    idp->sp->slo_url) != 0)
			REFUSE("LogoutRequest: destination is not our SLO");
		if (lr->NameID == NULL || lr->NameID->content == NULL)
			REFUSE("LogoutRequest: no NameID");
		put(out->name_id, sizeof(out->name_id), lr->NameID->content);
		put(out->session_index, sizeof(out->session_index),
		    lr->SessionIndex);
		put(out->relay_state, sizeof(out->relay_state),
		    prof->msg_relayState);
		/* The IdP's session as it describes it: Lasso answers
		 * Success for what the caller ends. */
		prof->session = idp_session(idp, lr->NameID->content,
		    lr->NameID->Format, lr->SessionIndex);
		if ((rc = lasso_logout_validate_request(lo)) != 0)
			REFUSE("LogoutRequest: %s", lasso_strerror(rc));
		if ((rc = lasso_logout_build_response_msg(lo)) != 0 ||
		    prof->msg_url == NULL || strlen(prof->msg_url) >= urlsize)
			REFUSE("LogoutResponse not built: %s",
			    lasso_strerror(rc));
		snprintf(url, urlsize, "%s", prof->msg_url);
	} else {
		out->kind = SAML_SLO_RESPONSE;
		rc = lasso_logout_process_response_msg(lo, (char *)query);
		if (lasso_profile_get_signature_status(prof) != 0)
			REFUSE("LogoutResponse: signature");
		if (!LASSO_IS_SAMLP2_STATUS_RESPONSE(prof->response))
			REFUSE("LogoutResponse: %s", lasso_strerror(rc));
		sr = LASSO_SAMLP2_STATUS_RESPONSE(prof->response);
		if (sr->Issuer == NULL || sr->Issuer->content == NULL ||
		    strcmp(sr->Issuer->content, idp->entity_id) != 0)
			REFUSE("LogoutResponse: issuer is not the IdP");
		if (sr->Status == NULL || sr->Status->StatusCode == NULL ||
		    sr->Status->StatusCode->Value == NULL ||
		    strcmp(sr->Status->StatusCode->Value,
		    LASSO_SAML2_STATUS_CODE_SUCCESS) != 0)
			REFUSE("LogoutResponse: status is not Success");
		put(out->relay_state, sizeof(out->relay_state),
		    prof->msg_relayState);
	}
	why[0] = '\0';
	e = DDD_OK;
out:
	if (lo != NULL)
		g_object_unref(lo);
	pthread_mutex_unlock(&idp->lock);
	return e;
}
