/* OpenID Connect relying party (issue 18, docs/sso.md): the
 * authorization code flow with PKCE (S256), state and nonce, against the
 * issuer a tenant's <sso protocol="oidc"> names.  The provider's
 * configuration comes from discovery (.well-known/openid-configuration)
 * and its keys from its JWKS, both cached per issuer in the process; an
 * ID token signed with a key id we do not have fetches the JWKS again
 * (key rotation), once.  ID tokens are checked with cjose: an asymmetric
 * signature (RS/PS/ES; "none" and HMAC refused) by a key of the JWKS,
 * iss, aud (and azp), exp, iat, nonce, at_hash where present.  Outbound
 * HTTP with libcurl, bounded in time and size, https:// only (http://
 * on loopback, for the tests).  No HTTP of ours here: fcgi/page_sso.c
 * holds the state and answers the browser. */
#ifndef DDD_OIDC_H
#define DDD_OIDC_H

#include <stddef.h>

#include "err.h"
#include "sso.h"

#define OIDC_MAX_URL	2048
#define OIDC_STATE_TTL	600	/* seconds: oidc_state.expires_at */

/* The URL to send the browser to: the provider's authorization endpoint
 * with response_type=code, client_id, redirect_uri, scope ("openid" and
 * the tenant's), state, nonce and the S256 challenge of verifier.
 * DDD_ERR_INTERNAL with an English reason in why when the provider
 * cannot be discovered. */
enum ddd_err	 oidc_auth_url(const struct tenant_sso *,
		    const char *redirect_uri, const char *state,
		    const char *nonce, const char *verifier, char *out,
		    size_t outsize, char *why, size_t whysize);

/* Redeem code at the token endpoint (with verifier and the client's
 * secret), check the ID token against nonce, read the userinfo where the
 * provider has one (its sub must be the token's), and fill id for
 * tenant_id from the claims.  DDD_ERR_FORBIDDEN with an English reason
 * in why for anything that does not check out. */
enum ddd_err	 oidc_redeem(const struct tenant_sso *, long long tenant_id,
		    const char *redirect_uri, const char *code,
		    const char *verifier, const char *nonce,
		    struct sso_identity *id, char *why, size_t whysize);

/* The ID token checks alone, for the unit test: token (compact JWS)
 * against the JWKS text jwks, with now as the time.  Claims as JSON text
 * in *claims (malloc'd) when it checks out. */
enum ddd_err	 oidc_check_id_token(const char *token, const char *jwks,
		    const char *issuer, const char *client_id,
		    const char *nonce, const char *access_token, long long now,
		    char **claims, char *why, size_t whysize);

#endif
