/* Federated log-in (issue 18): what a school's identity provider said
 * about someone, and the one decision, the same for OpenID Connect
 * (fcgi/oidc.c) and SAML 2.0 (fcgi/saml.c), of whom that is here.
 *
 * The protocol code checks what the IdP sent (signatures, audience,
 * times, state/nonce or InResponseTo, replay) and knows the tenant from
 * the request row it stored when it sent the browser off.  It fills a
 * struct sso_identity, one attribute or claim at a time through
 * sso_identity_add (which keeps those the tenant's <sso> names), and
 * hands it to sso_login.  Linking, not creating: the student list stays
 * the source of truth (docs/sso.md). */
#ifndef DDD_SSO_H
#define DDD_SSO_H

#include <stddef.h>

#include "db.h"
#include "err.h"
#include "sso_config.h"		/* struct tenant_sso, enum sso_protocol */

struct ctx;

#define SSO_MAX_SUBJECT		255	/* OIDC sub, SAML NameID */
#define SSO_MAX_VALUE		254	/* one attribute value */
#define SSO_MAX_AFFIL		8	/* eduPersonAffiliation values */
#define SSO_MAX_SESSION_INDEX	255	/* SAML SessionIndex, OIDC sid */

struct sso_identity {
	enum sso_protocol protocol;
	long long	 tenant_id;	/* from our stored request/state row */
	char		 issuer[SSO_MAX_ISSUER + 1];
	char		 subject[SSO_MAX_SUBJECT + 1];
	/* nlEduPersonHomeOrganizationId (the BRIN), or what the tenant's
	 * <sso attr-home-organization> names. */
	char		 home_org[SSO_MAX_VALUE + 1];
	char		 affiliation[SSO_MAX_AFFIL][SSO_MAX_VALUE + 1];
	size_t		 naffiliation;
	/* The leerlingnummer: the value of <sso attr-student> (Entree:
	 * employeeNumber or uid). */
	char		 student_id[SSO_MAX_VALUE + 1];
	char		 email[SSO_MAX_VALUE + 1];
	/* For single log-out; "" when the IdP gave none. */
	char		 session_index[SSO_MAX_SESSION_INDEX + 1];
};

/* Start an identity: zeroed, with protocol, tenant, issuer and subject.
 * -1 when issuer or subject is empty or too long. */
int		 sso_identity_init(struct sso_identity *, enum sso_protocol,
		    long long tenant_id, const char *issuer,
		    const char *subject);
/* One attribute (SAML: its FriendlyName or the name after
 * "urn:mace:dir:attribute-def:"; the OID form
 * urn:oid:1.3.6.1.4.1.5923.1.1.1.1 etc. is understood too) or claim
 * (OIDC: its name) with one value; call it once per value of a
 * multi-valued one.  Names the tenant's <sso> does not use are ignored;
 * a value that is too long is dropped (and then refused as missing). */
void		 sso_identity_add(struct sso_identity *,
		    const struct tenant_sso *, const char *name,
		    const char *value);

/* Why a verified identity is not let in (each its own Dutch page). */
enum sso_refusal {
	SSO_OK = 0,
	SSO_NOT_CONFIGURED,	/* the tenant has no <sso> of this protocol */
	SSO_WRONG_ORG,		/* another school's home organisation */
	SSO_NO_ACCOUNT,		/* nothing imported matches */
	SSO_AFFILIATION,	/* affiliation does not fit the account's role */
	SSO_LINKED_ELSEWHERE	/* the account is linked to another identity */
};

/* The domain's decision (no HTTP): which account of identity's tenant
 * this is, linking on the first log-in (students by leerlingnummer,
 * staff by e-mail), later by the stored (issuer, subject) link.  Inside
 * the caller's transaction (it writes the link).  DDD_OK with *why
 * SSO_OK and *account_id set, or DDD_OK with the refusal in *why;
 * another error when the database failed. */
enum ddd_err	 sso_link(struct db *, const struct tenant_sso *,
		    const struct sso_identity *, long long *account_id,
		    enum sso_refusal *why);

/* For the protocol code, after it verified what the IdP sent: decide
 * (sso_link), then start our ordinary session (session_start: same
 * cookie, CSRF, idle and absolute limits) with the IdP's session index
 * kept, and answer with the redirect to the user's home page; or answer
 * with the Dutch refusal page (403, saying whom to ask).  Either way the
 * answer is built in c: the caller returns what sso_login returned.
 * Implemented in fcgi/page_sso.c (request layer). */
enum ddd_err	 sso_login(struct ctx *, const struct sso_identity *);

/* May a role (one ROLE_* bit) log in with a password at a tenant with
 * this <sso> (NULL: no <sso>, every role may)? */
int		 sso_password_allowed(const struct tenant_sso *,
		    unsigned int role);

#endif
