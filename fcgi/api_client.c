#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api_client.h"
#include "log.h"
#include "xmlout.h"

static const struct {
	unsigned int	 bit;
	const char	*name;
} scope_names[] = {
	{ API_SCOPE_READ, "dossiers:read" },
	{ API_SCOPE_STATUS, "status:write" },
};
#define NSCOPES	(sizeof(scope_names) / sizeof(scope_names[0]))

void
api_scopes_str(unsigned int scopes, const char *sep, char *out, size_t size)
{
	size_t	 i, len = 0;

	if (size == 0)
		return;
	out[0] = '\0';
	for (i = 0; i < NSCOPES; i++) {
		if (!(scopes & scope_names[i].bit))
			continue;
		len += (size_t)snprintf(out + len, len < size ? size - len : 0,
		    "%s%s", len > 0 ? sep : "", scope_names[i].name);
		if (len >= size) {
			out[0] = '\0';
			return;
		}
	}
}

int
api_scopes_parse(const char *s, unsigned int *scopes)
{
	size_t	 i, n;

	*scopes = 0;
	while (s != NULL && *s != '\0') {
		if (*s == ' ' || *s == ',') {
			s++;
			continue;
		}
		n = strcspn(s, " ,");
		for (i = 0; i < NSCOPES; i++)
			if (strlen(scope_names[i].name) == n &&
			    memcmp(s, scope_names[i].name, n) == 0)
				break;
		if (i == NSCOPES)
			return -1;
		*scopes |= scope_names[i].bit;
		s += n;
	}
	return 0;
}

static void
copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src != NULL ? src : "");
}

/* A row of STMT_API_CLIENT_BY_ID or STMT_API_TOKEN_GET (the same names). */
static void
principal_from(const struct db_result *r, struct api_principal *p)
{
	const char	*cert = DB_COL(r, 0, "cert_sha256");

	memset(p, 0, sizeof(*p));
	p->id = strtoll(DB_COL(r, 0, "id"), NULL, 10);
	copy(p->client_id, sizeof(p->client_id), DB_COL(r, 0, "client_id"));
	copy(p->name, sizeof(p->name), DB_COL(r, 0, "name"));
	p->tenant_id = strtoll(DB_COL(r, 0, "tenant_id"), NULL, 10);
	p->account_id = strtoll(DB_COL(r, 0, "account_id"), NULL, 10);
	copy(p->tenant_name, sizeof(p->tenant_name),
	    DB_COL(r, 0, "tenant_name"));
	snprintf(p->naam, sizeof(p->naam), "API-client %s", p->name);
	(void)api_scopes_parse(DB_COL(r, 0, "scopes"), &p->scopes);
	p->rate = atoi(DB_COL(r, 0, "rate_per_minute"));
	if (cert != NULL && DB_COL_LEN(r, 0, "cert_sha256") ==
	    CRYPTO_SHA256_LEN) {
		p->has_cert = 1;
		memcpy(p->cert, cert, CRYPTO_SHA256_LEN);
	}
}

void
api_principal_actor(const struct api_principal *p, const struct app *app,
    struct db *db, struct tenant_refs *refs, struct actor *a)
{
	*a = (struct actor){ app, db, refs, p->tenant_id, p->account_id,
	    ROLE_MBO, p->naam, p->tenant_name };
}

enum ddd_err
api_client_auth(struct db *db, const char *client_id, const char *secret,
    size_t secretlen, const unsigned char *cert, struct api_principal *p)
{
	struct db_param	 q = DB_P_STR(client_id);
	struct db_result res;
	unsigned char	 h[CRYPTO_SHA256_LEN] = { 0 };
	const char	*want;
	int		 good = 0;
	enum ddd_err	 e;

	memset(p, 0, sizeof(*p));
	if (client_id == NULL || strlen(client_id) != API_CLIENT_ID_LEN)
		return DDD_ERR_LOGIN_REQUIRED;
	if ((e = db_run(db, STMT_API_CLIENT_BY_ID, &q, 1, &res)) != DDD_OK)
		return e;
	if (res.nrows != 1 || atoi(DB_COL(&res, 0, "revoked")) != 0) {
		db_result_free(&res);
		return DDD_ERR_LOGIN_REQUIRED;
	}
	principal_from(&res, p);
	if (p->has_cert)
		/* Bound to its certificate: a secret is no substitute, and
		 * one sent besides is a second way in (RFC 6749 2.3). */
		good = cert != NULL && secret == NULL && crypto_equal(cert,
		    CRYPTO_SHA256_LEN, p->cert, CRYPTO_SHA256_LEN);
	else if (secret != NULL && (want = DB_COL(&res, 0, "secret_sha256")) !=
	    NULL && DB_COL_LEN(&res, 0, "secret_sha256") == sizeof(h) &&
	    crypto_token_hash(secret, secretlen, h) == 0)
		good = crypto_equal(h, sizeof(h), want, sizeof(h));
	db_result_free(&res);
	crypto_wipe(h, sizeof(h));
	if (!good) {
		memset(p, 0, sizeof(*p));
		return DDD_ERR_LOGIN_REQUIRED;
	}
	return DDD_OK;
}

enum ddd_err
api_token_issue(struct db *db, const struct api_principal *p,
    unsigned int scopes, char token[CRYPTO_TOKEN_LEN + 1])
{
	unsigned char	 h[CRYPTO_SHA256_LEN];
	char		 sc[64];
	enum ddd_err	 e;

	token[0] = '\0';
	if ((scopes & ~p->scopes) != 0 || scopes == 0)
		return DDD_ERR_FORBIDDEN;
	{
		struct db_param q = DB_P_INT(p->id);
		if ((e = db_run(db, STMT_API_TOKEN_PURGE, &q, 1, NULL)) !=
		    DDD_OK)
			return e;
	}
	if (crypto_token_new(token) == -1 ||
	    crypto_token_hash(token, CRYPTO_TOKEN_LEN, h) == -1) {
		crypto_wipe(token, CRYPTO_TOKEN_LEN + 1);
		return DDD_ERR_INTERNAL;
	}
	api_scopes_str(scopes, ",", sc, sizeof(sc));
	{
		struct db_param q[5] = { DB_P_BLOB(h, sizeof(h)),
		    DB_P_INT(p->id), DB_P_INT(p->tenant_id), DB_P_STR(sc),
		    DB_P_INT(API_TOKEN_TTL) };
		e = db_run(db, STMT_API_TOKEN_INSERT, q, 5, NULL);
	}
	if (e != DDD_OK)
		crypto_wipe(token, CRYPTO_TOKEN_LEN + 1);
	return e;
}

enum ddd_err
api_token_check(struct db *db, const char *token, size_t len,
    struct api_principal *p)
{
	unsigned char	 h[CRYPTO_SHA256_LEN];
	struct db_param	 q = DB_P_BLOB(h, sizeof(h));
	struct db_result res;
	enum ddd_err	 e;

	memset(p, 0, sizeof(*p));
	if (crypto_token_hash(token, len, h) == -1)
		return DDD_ERR_LOGIN_REQUIRED;
	if ((e = db_run(db, STMT_API_TOKEN_GET, &q, 1, &res)) != DDD_OK)
		return e;
	if (res.nrows != 1) {
		db_result_free(&res);
		return DDD_ERR_LOGIN_REQUIRED;
	}
	principal_from(&res, p);
	db_result_free(&res);
	return DDD_OK;
}

enum ddd_err
api_rate_hit(struct db *db, const struct api_principal *p, int *retry_after)
{
	time_t		 now = time(NULL);
	long long	 minute = (long long)(now / 60);
	struct db_param	 q[4] = { DB_P_INT(minute), DB_P_INT(minute),
	    DB_P_INT(p->id), DB_P_INT(minute) };
	struct db_result res;
	enum ddd_err	 e;

	*retry_after = 0;
	/* One statement counts and refuses: concurrent requests of a
	 * client queue on its row, none slips past the count. */
	if ((e = db_run(db, STMT_API_RATE_HIT, q, 4, &res)) != DDD_OK)
		return e;
	if (res.affected == 0) {
		db_result_free(&res);
		*retry_after = (int)(60 - now % 60);
		return DDD_ERR_RATE_LIMIT;
	}
	db_result_free(&res);
	return DDD_OK;
}

enum ddd_err
api_client_add(struct db *db, long long tenant_id, const char *name,
    unsigned int scopes, int rate, const unsigned char *cert,
    char client_id[API_CLIENT_ID_LEN + 1], char secret[CRYPTO_TOKEN_LEN + 1])
{
	unsigned char	 rnd[12], h[CRYPTO_SHA256_LEN] = { 0 };
	char		 hex[sizeof(rnd) * 2 + 1], login[64], sc[64];
	struct db_result res;
	long long	 account_id;
	enum ddd_err	 e;

	client_id[0] = secret[0] = '\0';
	if (scopes == 0 || (scopes & ~API_SCOPES_ALL) != 0 || rate < 1 ||
	    rate > API_RATE_MAX)
		return DDD_ERR_INVALID_INPUT;
	if (crypto_random(rnd, sizeof(rnd)) == -1 ||
	    crypto_hex_encode(rnd, sizeof(rnd), hex, sizeof(hex)) == -1)
		return DDD_ERR_INTERNAL;
	snprintf(client_id, API_CLIENT_ID_LEN + 1, "ddd_%s", hex);
	if (cert == NULL && (crypto_token_new(secret) == -1 ||
	    crypto_token_hash(secret, CRYPTO_TOKEN_LEN, h) == -1)) {
		e = DDD_ERR_INTERNAL;
		goto fail;
	}
	/* Not a leerlingnummer nor an e-mail address: nobody can type it
	 * at the log-in, and it has no password or address anyway. */
	snprintf(login, sizeof(login), "api-client:%s", client_id);
	api_scopes_str(scopes, ",", sc, sizeof(sc));
	if ((e = db_begin(db)) != DDD_OK)
		goto fail;
	{
		struct db_param q[3] = { DB_P_INT(tenant_id), DB_P_STR(login),
		    DB_P_STR(name) };
		if ((e = db_run(db, STMT_API_CLIENT_ACCOUNT_INSERT, q, 3,
		    &res)) != DDD_OK)
			goto rollback;
		account_id = (long long)res.insert_id;
		db_result_free(&res);
	}
	{
		struct db_param q[8] = { DB_P_INT(tenant_id),
		    DB_P_INT(account_id), DB_P_STR(client_id), DB_P_STR(name),
		    DB_P_BLOB(h, sizeof(h)), DB_P_BLOB(cert, CRYPTO_SHA256_LEN),
		    DB_P_STR(sc), DB_P_INT(rate) };
		if (cert != NULL)
			q[4] = (struct db_param){ DB_NULL, NULL, 0, 0 };
		else
			q[5] = (struct db_param){ DB_NULL, NULL, 0, 0 };
		if ((e = db_run(db, STMT_API_CLIENT_INSERT, q, 8, NULL)) !=
		    DDD_OK)
			goto rollback;
	}
	if ((e = db_commit(db)) != DDD_OK)
		goto fail;
	crypto_wipe(h, sizeof(h));
	log_info("api_client_add", "tenant=%lld client=%s scopes=%s rate=%d "
	    "auth=%s", tenant_id, client_id, sc, rate, cert ? "cert" :
	    "secret");
	return DDD_OK;
rollback:
	db_rollback(db);
fail:
	crypto_wipe(h, sizeof(h));
	crypto_wipe(secret, CRYPTO_TOKEN_LEN + 1);
	client_id[0] = '\0';
	return e;
}

enum ddd_err
api_client_revoke(struct db *db, long long tenant_id, const char *client_id)
{
	struct db_param	 q[2] = { DB_P_STR(client_id), DB_P_INT(tenant_id) };
	struct db_result res;
	enum ddd_err	 e;

	if ((e = db_begin(db)) != DDD_OK)
		return e;
	if ((e = db_run(db, STMT_API_CLIENT_REVOKE, q, 2, &res)) != DDD_OK)
		goto rollback;
	if (res.affected != 1) {
		db_result_free(&res);
		e = DDD_ERR_NOT_FOUND;
		goto rollback;
	}
	db_result_free(&res);
	/* Its tokens go now, not when they run out. */
	if ((e = db_run(db, STMT_API_CLIENT_TOKENS_DROP, q, 2, NULL)) != DDD_OK)
		goto rollback;
	if ((e = db_commit(db)) != DDD_OK)
		return e;
	log_info("api_client_revoke", "tenant=%lld client=%s", tenant_id,
	    client_id);
	return DDD_OK;
rollback:
	db_rollback(db);
	return e;
}

enum ddd_err
api_clients_xml(const struct actor *a, xmlNodePtr parent)
{
	struct db_param	 q = DB_P_INT(a->tenant_id);
	struct db_result res;
	xmlNodePtr	 list, n;
	size_t		 i;
	enum ddd_err	 e;

	if ((e = db_run(a->db, STMT_API_CLIENT_LIST, &q, 1, &res)) != DDD_OK)
		return e;
	list = xo_el(parent, "api-clients", NULL);
	for (i = 0; i < res.nrows; i++) {
		n = xo_el(list, "client", NULL);
		xo_attr(n, "id", DB_COL(&res, i, "client_id"));
		xo_attr(n, "naam", DB_COL(&res, i, "name"));
		xo_attr(n, "scopes", DB_COL(&res, i, "scopes"));
		xo_attr(n, "rate", DB_COL(&res, i, "rate_per_minute"));
		xo_attr(n, "sinds", DB_COL(&res, i, "created_at"));
		xo_attr(n, "gebruikt", DB_COL(&res, i, "last_used_at"));
		xo_attr(n, "ingetrokken", DB_COL(&res, i, "revoked_at"));
		xo_attr(n, "certificaat", DB_COL(&res, i, "cert"));
	}
	db_result_free(&res);
	return DDD_OK;
}
