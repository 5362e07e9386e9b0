/* The clients of the API (docs/api.md): a college's system, created by
 * the operator (`dddctl api-client add`), with its scopes and its rate;
 * the credentials it authenticates with at the token endpoint (a secret
 * shown once, or a client certificate through nginx for mutual TLS),
 * the short-lived bearer tokens it gets there, and the count of its
 * requests per minute.  Of every secret and token only the SHA-256 is
 * kept.  A client acts as an account of its college that cannot log in
 * (schema/sql/0026_api.sql), so the domain sees it as an MBO user of
 * that college (struct actor) and applies the same rules.  No HTTP. */
#ifndef DDD_API_CLIENT_H
#define DDD_API_CLIENT_H

#include <libxml/tree.h>

#include "actor.h"
#include "crypto.h"
#include "db.h"

/* Scopes, as bits and in the SQL SET / OAuth 'scope' spelling. */
#define API_SCOPE_READ		0x1u	/* "dossiers:read" */
#define API_SCOPE_STATUS	0x2u	/* "status:write" */
#define API_SCOPES_ALL		(API_SCOPE_READ | API_SCOPE_STATUS)

#define API_CLIENT_ID_LEN	28	/* "ddd_" and 24 hex digits */
#define API_NAME_MAX		100	/* characters of a client's name */
#define API_TOKEN_TTL		900	/* seconds a bearer token lives */
#define API_RATE_DEFAULT	120	/* requests a minute */
#define API_RATE_MAX		100000

/* The names of a scope set, "dossiers:read status:write" (sep between
 * them: " " for OAuth, "," for SQL). */
void		 api_scopes_str(unsigned int scopes, const char *sep,
		    char *out, size_t size);
/* A scope list as OAuth sends it (space separated) or SQL returns it
 * (comma separated); -1 for an unknown scope name. */
int		 api_scopes_parse(const char *, unsigned int *scopes);

/* Who calls: the client, its college, its scopes (of its token). */
struct api_principal {
	long long	 id;		/* api_client.id */
	char		 client_id[API_CLIENT_ID_LEN + 1];
	char		 name[API_NAME_MAX * 4 + 1];
	long long	 tenant_id;	/* the college */
	long long	 account_id;	/* the account it acts as */
	char		 tenant_name[201];
	char		 naam[API_NAME_MAX * 4 + 16];	/* "API-client NAME" */
	unsigned int	 scopes;
	int		 rate;		/* requests a minute */
	int		 has_cert;	/* bound to a client certificate */
	unsigned char	 cert[CRYPTO_SHA256_LEN];
};

/* The actor the domain sees for p: an MBO user of its college. */
void		 api_principal_actor(const struct api_principal *,
		    const struct app *, struct db *, struct tenant_refs *,
		    struct actor *);

/* Check a client's credentials at the token endpoint: its secret, or
 * (cert not NULL) the SHA-256 of the client certificate that nginx saw.
 * A client with a registered certificate authenticates with it only (a
 * secret sent besides is refused); one without, with its secret only.  DDD_ERR_LOGIN_REQUIRED for an unknown
 * or revoked client or wrong credentials (no hint which). */
enum ddd_err	 api_client_auth(struct db *, const char *client_id,
		    const char *secret, size_t secretlen,
		    const unsigned char *cert, struct api_principal *);
/* A new bearer token for p with scopes (a subset of its own), valid for
 * API_TOKEN_TTL seconds; the client's expired tokens are dropped. */
enum ddd_err	 api_token_issue(struct db *, const struct api_principal *,
		    unsigned int scopes, char token[CRYPTO_TOKEN_LEN + 1]);
/* The client and scopes of a bearer token: DDD_ERR_LOGIN_REQUIRED when
 * it is unknown, expired, or its client revoked. */
enum ddd_err	 api_token_check(struct db *, const char *token, size_t len,
		    struct api_principal *);
/* Count one request of p in this minute: DDD_ERR_RATE_LIMIT, with the
 * seconds until the next minute in *retry_after, when it has had its
 * rate. */
enum ddd_err	 api_rate_hit(struct db *, const struct api_principal *,
		    int *retry_after);

/* A new client of a college: an account for it and the client, in one
 * transaction.  cert NULL: a secret is made (into secret, shown once);
 * else the client authenticates with that certificate and secret is "". */
enum ddd_err	 api_client_add(struct db *, long long tenant_id,
		    const char *name, unsigned int scopes, int rate,
		    const unsigned char *cert,
		    char client_id[API_CLIENT_ID_LEN + 1],
		    char secret[CRYPTO_TOKEN_LEN + 1]);
/* Revoke a client of the college and drop its tokens at once.
 * DDD_ERR_NOT_FOUND when the college has no such client not revoked. */
enum ddd_err	 api_client_revoke(struct db *, long long tenant_id,
		    const char *client_id);
/* The clients of the actor's college, for its users' page:
 * <api-clients><client id naam scopes rate sinds gebruikt ingetrokken
 * certificaat/></api-clients> under parent. */
enum ddd_err	 api_clients_xml(const struct actor *, xmlNodePtr parent);

#endif
