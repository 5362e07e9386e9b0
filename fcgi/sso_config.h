/* A tenant's federated log-in as its file's <sso> gives it (schema/
 * tenant.rng, docs/sso.md): which protocol, the IdP (OIDC: issuer and
 * client; SAML: the IdP's metadata), the home organisation that must
 * match, which attributes carry what, which roles may still use a
 * password, and the button's label.  Part of the tenant's configuration
 * (fcgi/tenant_config.h), parsed once per load of the file. */
#ifndef DDD_SSO_CONFIG_H
#define DDD_SSO_CONFIG_H

#include <libxml/tree.h>

enum sso_protocol { SSO_NONE = 0, SSO_OIDC = 1, SSO_SAML = 2 };

#define SSO_MAX_ISSUER		500	/* bytes: OIDC iss, SAML entityID */
#define SSO_MAX_LABEL		100
#define SSO_MAX_ATTR		100	/* an attribute's or claim's name */
#define SSO_MAX_CLIENT		255	/* OIDC client id and secret */

/* Attribute names when <sso> names none: Entree's (SURFconext's OIDC
 * calls them schac_home_organization etc.: set them in the file). */
#define SSO_ATTR_HOME_ORG_DEFAULT	"nlEduPersonHomeOrganizationId"
#define SSO_ATTR_AFFILIATION_DEFAULT	"eduPersonAffiliation"
#define SSO_ATTR_EMAIL_DEFAULT		"mail"	/* OIDC: "email" */

struct tenant_sso {
	enum sso_protocol protocol;	/* SSO_NONE: the file has no <sso> */
	char	 label[SSO_MAX_LABEL + 1];	/* "Inloggen via Entree" */
	char	 home_org[16];		/* the BRIN the IdP must release */
	char	 attr_home_org[SSO_MAX_ATTR + 1];
	char	 attr_affiliation[SSO_MAX_ATTR + 1];
	char	 attr_student[SSO_MAX_ATTR + 1];	/* the leerlingnummer */
	char	 attr_email[SSO_MAX_ATTR + 1];
	unsigned int password_roles;	/* ROLE_* bits that may still use a
					 * password (all without <sso>) */
	/* protocol="oidc": <oidc issuer client-id client-secret scope> */
	char	 issuer[SSO_MAX_ISSUER + 1];
	char	 client_id[SSO_MAX_CLIENT + 1];
	char	 client_secret[SSO_MAX_CLIENT + 1];
	char	 scope[SSO_MAX_LABEL + 1];	/* besides "openid" */
	/* protocol="saml": the IdP's metadata (an md:EntityDescriptor), as
	 * the file holds it inline in <saml><metadata>; serialised, owned;
	 * NULL otherwise. */
	char	*idp_metadata;
};

/* Parse the <sso> child of a tenant file's root element (root NULL or
 * no <sso>: protocol SSO_NONE, every role may use a password).  -1 out
 * of memory or a value too long (then SSO_NONE). */
int	sso_config_parse(const xmlNode *root, struct tenant_sso *);
void	sso_config_free(struct tenant_sso *);

/* A URL we talk to or send a browser to for federated log-in: https://,
 * or http:// only to 127.0.0.1, localhost or [::1] (the tests' providers;
 * no one else can answer there), at most 4 KiB.  1 if so; else 0 with
 * the reason in why. */
int	sso_url_ok(const char *url, char *why, size_t whysize);

struct xml_report;
/* `dddctl tenant check`: the rules of <sso> (n) the schema cannot say:
 * the home organisation is the school's BRIN (brin, "" when unknown),
 * the student attribute named, password-roles real roles, the issuer
 * https:// (http:// only on loopback, as for webhooks), the client's id
 * and secret, SAML metadata an md:EntityDescriptor. */
void	sso_config_check(struct xml_report *, const xmlNode *n,
	    const char *brin);

#endif
