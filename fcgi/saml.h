/* The SAML 2.0 service provider (Lasso): our metadata, signed
 * AuthnRequests (HTTP-Redirect) and the assertion consumer (HTTP-POST).
 *
 * The SP is one entity for the whole instance (ddd.conf: saml_entity_id,
 * saml_key_file, saml_cert_file): one registration at Entree or
 * SURFconext.  The IdP is the tenant's (its tenant file's
 * <sso protocol="saml">); the caller hands its metadata to saml_idp_new
 * once per tenant load and keeps the result with the tenant's
 * configuration.  A request we sent is stored (schema/sql/0030) with its
 * tenant until the answer comes, and used once; the id of every assertion
 * we accepted is kept until it expires, and a second one is refused.
 *
 * Threads: saml_global_init once before any thread; a struct saml_sp and
 * a struct saml_idp are read-only and shared, their Lasso objects used
 * under the idp's own lock.  No request-layer header: this is a domain
 * file (docs/architecture.md). */
#ifndef DDD_SAML_H
#define DDD_SAML_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "config.h"
#include "db.h"
#include "err.h"

struct saml_sp;
struct saml_idp;

/* The paths of the instance's endpoints, under base_url. */
#define SAML_PATH_METADATA	"/sso/saml/metadata"
#define SAML_PATH_ACS		"/sso/saml/acs"
#define SAML_PATH_SLO		"/sso/saml/slo"

/* How long a request waits for its answer, and how far the IdP's clock
 * may be off ours (seconds). */
#define SAML_REQUEST_TTL	600
#define SAML_CLOCK_SKEW		60

/* One value of an attribute, under the Name the IdP gave it. */
#define SAML_MAX_ATTRS		32
struct saml_attr {
	char		 name[128];
	char		 value[256];
};

/* What a verified assertion says about the user: the attributes we know
 * by name (several values, as of eduPersonAffiliation, joined with
 * single spaces; "" when not sent), and every value of every attribute
 * as it came (attrs: what the tenant's configuration may name; a value
 * or name over its cap is left out). */
struct saml_identity {
	long long	 tenant_id;		/* of the stored request */
	char		 idp[256];		/* the IdP's entityID */
	char		 name_id[256];
	char		 name_id_format[128];
	char		 session_index[128];	/* for single log-out */
	char		 home_org[64];		/* nlEduPersonHomeOrganizationId */
	char		 affiliation[256];	/* eduPersonAffiliation */
	char		 employee_number[64];	/* employeeNumber */
	char		 uid[128];
	char		 mail[256];
	char		 assertion_id[128];
	time_t		 not_on_or_after;	/* the assertion's end */
	size_t		 nattrs;
	struct saml_attr attrs[SAML_MAX_ATTRS];
};

/* lasso_init: once, before any thread starts.  -1 on failure. */
int		 saml_global_init(void);
void		 saml_global_end(void);

/* The instance's SP from cfg (key and certificate read now: call before
 * dropping privileges).  0 with *out NULL when saml_key_file is not set
 * (SAML off); -1 with the reason in errs. */
int		 saml_sp_load(const struct config *, struct saml_sp **out,
		    struct buf *errs);
void		 saml_sp_free(struct saml_sp *);
/* Our metadata (EntityDescriptor, NUL-terminated), as served at
 * SAML_PATH_METADATA. */
const char	*saml_sp_metadata(const struct saml_sp *);
const char	*saml_sp_entity_id(const struct saml_sp *);

/* A tenant's IdP from its metadata (an EntityDescriptor with an
 * IDPSSODescriptor, a signing certificate and an HTTP-Redirect
 * SingleSignOnService).  NULL with the reason in errs. */
struct saml_idp	*saml_idp_new(const struct saml_sp *, const char *metadata,
		    struct buf *errs);
void		 saml_idp_free(struct saml_idp *);
const char	*saml_idp_entity_id(const struct saml_idp *);

/* Whether a tenant file's IdP metadata will do, without the SP's key
 * (dddctl tenant check): one EntityDescriptor Lasso takes as an IdP, a
 * signing certificate, an HTTP-Redirect SingleSignOnService.  0 with its
 * entityID in entity_id, or -1 with the reason in errs.  Needs
 * saml_global_init. */
int		 saml_idp_metadata_check(const char *metadata, char *entity_id,
		    size_t size, struct buf *errs);

/* The tenant's IdP from the SP's cache: built on first use from the
 * tenant's metadata, built again when that metadata changed (a tenant
 * file loaded anew); the one it replaces goes when its last user
 * releases it.  Each saml_sp_idp is paired with a saml_idp_release.
 * NULL with the reason in errs (may be NULL). */
struct saml_idp	*saml_sp_idp(struct saml_sp *, long long tenant_id,
		    const char *metadata, struct buf *errs);
void		 saml_idp_release(struct saml_idp *);

/* A signed AuthnRequest for the tenant's IdP, stored for the answer:
 * the URL to redirect the browser to (its RelayState names the request)
 * into url.  Purges requests that expired. */
enum ddd_err	 saml_authn_request(struct db *, const struct saml_idp *,
		    long long tenant_id, char *url, size_t urlsize);

/* The tenant a RelayState's pending request was made for, so that the
 * caller can find that tenant's IdP: DDD_ERR_BAD_REQUEST for a
 * RelayState that is not one of ours in form, DDD_ERR_GONE when no such
 * request waits (used, expired, never made). */
enum ddd_err	 saml_request_tenant(struct db *, const char *relay_state,
		    long long *tenant_id);

/* The assertion consumer: SAMLResponse (the POSTed base64) verified
 * against the IdP's metadata: the signature over the assertion (of the
 * Response or of the Assertion itself; an encrypted assertion decrypted
 * with our key), issuer, status, audience (our entityID), recipient and
 * destination (our ACS URL), NotBefore/NotOnOrAfter at 'now' (within
 * SAML_CLOCK_SKEW), InResponseTo the request RelayState names (of this
 * tenant, not expired; used up here) and an assertion id not seen
 * before.  DDD_OK with *out filled; else DDD_ERR_FORBIDDEN (refused),
 * DDD_ERR_BAD_REQUEST (not a SAML response or RelayState at all) or
 * DDD_ERR_GONE (no such request waits), with why (English, for the log;
 * no attribute values) in why.  A response that fails the checks of its
 * own leaves the request waiting (until it expires); one that passes
 * them uses the request up, and its assertion id is kept. */
enum ddd_err	 saml_acs(struct db *, const struct saml_idp *,
		    long long tenant_id,
		    const char *saml_response, const char *relay_state,
		    time_t now, struct saml_identity *out, char *why,
		    size_t whysize);

/* saml_acs's checks that need no database (the form of the response,
 * then Lasso's and ours), with the Response's InResponseTo into irt:
 * never enough to log anyone in (the request and replay checks are
 * saml_acs's).  For the fuzz harness and saml_acs. */
enum ddd_err	 saml_check_response(const struct saml_idp *,
		    const char *saml_response, time_t now,
		    struct saml_identity *out, char *irt, size_t irtsize,
		    char *why, size_t whysize);

/* Single log-out, HTTP-Redirect both ways, our end at SAML_PATH_SLO.
 *
 * Ours first (the user logs out here): a signed LogoutRequest for the
 * IdP session the log-in made (NameID, its Format and the session index
 * as saml_acs gave them), the URL to send the browser to into url;
 * DDD_ERR_NOT_FOUND when the IdP offers no HTTP-Redirect
 * SingleLogoutService (then log out here only).  relay_state: where the
 * IdP's answer should lead ("" none; our own path). */
enum ddd_err	 saml_logout_request(const struct saml_idp *,
		    const char *name_id, const char *name_id_format,
		    const char *session_index, const char *relay_state,
		    char *url, size_t urlsize);

/* The issuer a message to SAML_PATH_SLO names (its query string), not
 * yet verified: to choose the IdP to verify it with.  0, or -1 when the
 * query holds no SAML message. */
int		 saml_slo_issuer(const char *query, char *issuer, size_t size);

enum saml_slo_kind { SAML_SLO_RESPONSE = 1, SAML_SLO_REQUEST = 2 };
struct saml_logout {
	enum saml_slo_kind kind;
	char		 name_id[256];		/* REQUEST: whose session */
	char		 session_index[128];	/* REQUEST: which ("" all) */
	char		 relay_state[256];
};

/* A message to SAML_PATH_SLO, verified against the IdP (its signature on
 * the query, issuer, destination).  A LogoutResponse to ours: DDD_OK when
 * it says Success.  A LogoutRequest of the IdP's: who to log out in out,
 * and the signed LogoutResponse (Success) to send the browser back with
 * in url; the caller ends the sessions of that NameID and session index
 * before it answers.  Else DDD_ERR_FORBIDDEN or DDD_ERR_BAD_REQUEST with
 * the reason in why. */
enum ddd_err	 saml_slo(const struct saml_idp *, const char *query,
		    struct saml_logout *out, char *url, size_t urlsize,
		    char *why, size_t whysize);

/* What of the SAMLResponse and RelayState we look at before Lasso: their
 * size and alphabet (base64; our request ids).  1 when acceptable. */
int		 saml_response_form_ok(const char *saml_response);
int		 saml_relay_state_ok(const char *relay_state);

#endif
