/* A tenant's <sso>: parsed into struct tenant_sso for the running
 * programs, and checked for `dddctl tenant check` (the rules the schema
 * cannot say). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <libxml/tree.h>

#include "role.h"
#include "sso_config.h"
#include "tenant.h"
#include "urlcheck.h"
#include "xmlcheck.h"

/* Attribute into dst: 0, or -1 when longer than size - 1.  Missing: dst
 * gets def (or ""). */
static int
attr_or(const xmlNode *n, const char *name, const char *def, char *dst,
    size_t size)
{
	int	 rc = xml_attr_get(n, name, dst, size);

	if (rc == -2)
		snprintf(dst, size, "%s", def != NULL ? def : "");
	return rc == -1 ? -1 : 0;
}

/* "leerling decaan" -> the role bits; -1 for a name that is no role. */
static int
roles_parse(const char *s, unsigned int *bits)
{
	char	 word[32];
	size_t	 n;

	*bits = 0;
	while (*s != '\0') {
		while (*s == ' ')
			s++;
		if ((n = strcspn(s, " ")) == 0)
			break;
		if (n >= sizeof(word))
			return -1;
		memcpy(word, s, n);
		word[n] = '\0';
		if (role_bit(word) == 0)
			return -1;
		*bits |= role_bit(word);
		s += n;
	}
	return 0;
}

static void
defaults(struct tenant_sso *s)
{
	memset(s, 0, sizeof(*s));
	s->protocol = SSO_NONE;
	s->password_roles = ~0u;
}

/* The md:EntityDescriptor inside <metadata>, serialised. */
static char *
metadata_text(const xmlNode *md)
{
	xmlBufferPtr	 b;
	xmlNodePtr	 c;
	char		*out = NULL;

	for (c = md->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			break;
	if (c == NULL || (b = xmlBufferCreate()) == NULL)
		return NULL;
	if (xmlNodeDump(b, c->doc, c, 0, 0) > 0)
		out = strdup((const char *)xmlBufferContent(b));
	xmlBufferFree(b);
	return out;
}

int
sso_config_parse(const xmlNode *root, struct tenant_sso *s)
{
	const xmlNode	*n, *p;
	char		 v[32], roles[200];

	defaults(s);
	if (root == NULL || (n = xml_child(root, TENANT_NS, "sso")) == NULL)
		return 0;
	if (attr_or(n, "protocol", "", v, sizeof(v)) == -1 ||
	    attr_or(n, "label", "", s->label, sizeof(s->label)) == -1 ||
	    attr_or(n, "home-organization", "", s->home_org,
	    sizeof(s->home_org)) == -1 ||
	    attr_or(n, "attr-home-organization", SSO_ATTR_HOME_ORG_DEFAULT,
	    s->attr_home_org, sizeof(s->attr_home_org)) == -1 ||
	    attr_or(n, "attr-affiliation", SSO_ATTR_AFFILIATION_DEFAULT,
	    s->attr_affiliation, sizeof(s->attr_affiliation)) == -1 ||
	    attr_or(n, "attr-student", "", s->attr_student,
	    sizeof(s->attr_student)) == -1 ||
	    attr_or(n, "attr-email", SSO_ATTR_EMAIL_DEFAULT, s->attr_email,
	    sizeof(s->attr_email)) == -1)
		goto bad;
	if (xml_attr_get(n, "password-roles", roles, sizeof(roles)) != -2 &&
	    (strlen(roles) >= sizeof(roles) - 1 ||
	    roles_parse(roles, &s->password_roles) == -1))
		goto bad;
	if (strcmp(v, "oidc") == 0 &&
	    (p = xml_child(n, TENANT_NS, "oidc")) != NULL) {
		if (attr_or(p, "issuer", "", s->issuer, sizeof(s->issuer)) ==
		    -1 || attr_or(p, "client-id", "", s->client_id,
		    sizeof(s->client_id)) == -1 ||
		    attr_or(p, "client-secret", "", s->client_secret,
		    sizeof(s->client_secret)) == -1 ||
		    attr_or(p, "scope", "", s->scope, sizeof(s->scope)) == -1)
			goto bad;
		/* OpenID Connect's standard claim, unless the file says. */
		if (xml_attr_get(n, "attr-email", v, sizeof(v)) == -2)
			snprintf(s->attr_email, sizeof(s->attr_email), "email");
		s->protocol = SSO_OIDC;
	} else if (strcmp(v, "saml") == 0 &&
	    (p = xml_child(n, TENANT_NS, "saml")) != NULL) {
		const xmlNode *md = xml_child(p, TENANT_NS, "metadata");
		if (md != NULL && (s->idp_metadata = metadata_text(md)) ==
		    NULL)
			goto bad;
		s->protocol = SSO_SAML;
	} else
		goto bad;
	return 0;
bad:
	sso_config_free(s);
	defaults(s);
	return -1;
}

void
sso_config_free(struct tenant_sso *s)
{
	free(s->idp_metadata);
	s->idp_metadata = NULL;
	/* The client secret is not to linger in freed memory. */
	explicit_bzero(s->client_secret, sizeof(s->client_secret));
}

void
sso_config_check(struct xml_report *r, const xmlNode *n, const char *brin)
{
	char		 v[SSO_MAX_ISSUER + 2], why[160];
	unsigned int	 bits;
	const xmlNode	*p;

	if (xml_attr_get(n, "protocol", v, sizeof(v)) < 0)
		return;		/* the schema said so */
	if (xml_attr_get(n, "label", v, sizeof(v)) == -1 ||
	    strlen(v) > SSO_MAX_LABEL)
		xml_report_add(r, xmlGetLineNo(n), "sso label is longer than "
		    "%d bytes", SSO_MAX_LABEL);
	xml_attr_get(n, "home-organization", v, sizeof(v));
	if (brin != NULL && brin[0] != '\0' && strcmp(v, brin) != 0 &&
	    strncmp(v, brin, 4) != 0)
		xml_report_add(r, xmlGetLineNo(n), "sso home-organization "
		    "'%.20s' is not this school's BRIN %s", v, brin);
	if (xml_attr_get(n, "attr-student", v, sizeof(v)) < 0 ||
	    v[0] == '\0' || strlen(v) > SSO_MAX_ATTR)
		xml_report_add(r, xmlGetLineNo(n), "sso attr-student must "
		    "name the attribute that carries the leerlingnummer "
		    "(1 to %d bytes, e.g. employeeNumber or uid)",
		    SSO_MAX_ATTR);
	if (xml_attr_get(n, "password-roles", v, sizeof(v)) != -2 &&
	    (strlen(v) > 100 || roles_parse(v, &bits) == -1))
		xml_report_add(r, xmlGetLineNo(n), "sso password-roles "
		    "'%.60s': names separated by spaces out of leerling, "
		    "mentor, decaan and mbo", v);
	if ((p = xml_child(n, TENANT_NS, "oidc")) != NULL) {
		if (xml_attr_get(p, "issuer", v, sizeof(v)) < 0 ||
		    strlen(v) > SSO_MAX_ISSUER)
			xml_report_add(r, xmlGetLineNo(p), "oidc issuer is "
			    "longer than %d bytes", SSO_MAX_ISSUER);
		else if (!sso_url_ok(v, why, sizeof(why)))
			xml_report_add(r, xmlGetLineNo(p), "oidc issuer "
			    "'%.80s': %s", v, why);
		if (xml_attr_get(p, "client-id", v, sizeof(v)) < 0 ||
		    v[0] == '\0' || strlen(v) > SSO_MAX_CLIENT)
			xml_report_add(r, xmlGetLineNo(p), "oidc client-id "
			    "must be 1 to %d bytes", SSO_MAX_CLIENT);
		if (xml_attr_get(p, "client-secret", v, sizeof(v)) < 0 ||
		    v[0] == '\0' || strlen(v) > SSO_MAX_CLIENT)
			xml_report_add(r, xmlGetLineNo(p), "oidc "
			    "client-secret must be 1 to %d bytes",
			    SSO_MAX_CLIENT);
		if (xml_attr_get(p, "scope", v, sizeof(v)) == -1 ||
		    strlen(v) > SSO_MAX_LABEL)
			xml_report_add(r, xmlGetLineNo(p), "oidc scope is "
			    "longer than %d bytes", SSO_MAX_LABEL);
	}
	if ((p = xml_child(n, TENANT_NS, "saml")) != NULL) {
		const xmlNode *md = xml_child(p, TENANT_NS, "metadata");
		const xmlNode *c;
		for (c = md != NULL ? md->children : NULL; c != NULL;
		    c = c->next)
			if (c->type == XML_ELEMENT_NODE)
				break;
		if (c == NULL || c->ns == NULL || strcmp((const char *)
		    c->ns->href, "urn:oasis:names:tc:SAML:2.0:metadata") != 0
		    || strcmp((const char *)c->name, "EntityDescriptor") != 0)
			xml_report_add(r, xmlGetLineNo(p), "saml metadata "
			    "must hold the IdP's md:EntityDescriptor");
	}
}

int
sso_url_ok(const char *url, char *why, size_t whysize)
{
	return url_https_or_loopback(url, 4096, why, whysize);
}
