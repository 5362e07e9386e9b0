#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "route.h"
#include "session.h"

static void
copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src != NULL ? src : "");
}

/* max_age: seconds, 0 to remove the cookie, -1 for a browser session
 * cookie. */
static enum ddd_err
set_cookie(struct ctx *c, const char *name, const char *value, int max_age)
{
	char	 v[256], age[32] = "";

	if (max_age >= 0)
		snprintf(age, sizeof(age), "; Max-Age=%d", max_age);
	/* __Host-: Secure, Path=/, no Domain: only this host ever sees it. */
	snprintf(v, sizeof(v), "%s=%s; Path=/; Secure; HttpOnly; "
	    "SameSite=Lax%s", name, value, age);
	return http_header(c, "Set-Cookie", v);
}

enum ddd_err
session_resolve(struct ctx *c)
{
	const struct kv	*ck;
	struct db_result res;
	struct db_param	 p[3];
	unsigned char	 hash[CRYPTO_SHA256_LEN];
	enum ddd_err	 e;
	struct session	*s = &c->sess;

	memset(s, 0, sizeof(*s));
	c->actor.tenant_id = c->actor.account_id = 0;
	c->actor.role = 0;
	c->actor.naam = c->actor.tenant_name = "";
	if ((ck = kv_get(&c->cookies, SESSION_COOKIE)) == NULL)
		return DDD_OK;
	if (crypto_token_hash(ck->val, ck->vallen, hash) == -1)
		return set_cookie(c, SESSION_COOKIE, "", 0);
	p[0] = (struct db_param)DB_P_BLOB(hash, sizeof(hash));
	p[1] = (struct db_param)DB_P_INT(c->app->cfg->session_idle);
	p[2] = (struct db_param)DB_P_INT(c->app->cfg->session_max);
	if ((e = db_run(c->db, STMT_SESSION_GET, p, 3, &res)) != DDD_OK)
		return e;
	if (res.nrows != 1 && db_on_replica(c->db)) {
		/* A session the replica has not yet (no GTID cookie to wait
		 * for): the primary decides, and reads the rest too. */
		db_result_free(&res);
		db_use_primary(c->db);
		if ((e = db_run(c->db, STMT_SESSION_GET, p, 3, &res)) !=
		    DDD_OK)
			return e;
	}
	if (res.nrows != 1) {
		db_result_free(&res);
		return set_cookie(c, SESSION_COOKIE, "", 0);
	}
	s->account_id = strtoll(DB_COL(&res, 0, "account_id"), NULL, 10);
	s->tenant_id = strtoll(DB_COL(&res, 0, "tenant_id"), NULL, 10);
	s->role = role_bit(DB_COL(&res, 0, "role"));
	copy(s->roepnaam, sizeof(s->roepnaam), DB_COL(&res, 0, "roepnaam"));
	db_full_name(s->naam, sizeof(s->naam), &res, 0, "");
	copy(s->tenant_slug, sizeof(s->tenant_slug),
	    DB_COL(&res, 0, "tenant_slug"));
	copy(s->tenant_name, sizeof(s->tenant_name),
	    DB_COL(&res, 0, "tenant_name"));
	copy(s->tenant_kind, sizeof(s->tenant_kind),
	    DB_COL(&res, 0, "tenant_kind"));
	/* The tenant's configuration is then found without a query. */
	tenant_refs_known(&c->tenants, s->tenant_id,
	    strtoull(DB_COL(&res, 0, "config_version"), NULL, 10));
	/* Touch at most once a minute: one write per minute, not per page. */
	if (atoi(DB_COL(&res, 0, "idle_seconds")) >= 60 &&
	    c->method != HTTP_HEAD) {
		struct db_param t = DB_P_BLOB(hash, sizeof(hash));
		(void)db_run(c->db, STMT_SESSION_TOUCH, &t, 1, NULL);
	}
	db_result_free(&res);
	if (s->role == 0)
		return DDD_ERR_INTERNAL;
	memcpy(s->hash, hash, sizeof(hash));
	if (crypto_csrf_token(c->app->csrf_key, sizeof(c->app->csrf_key),
	    s->hash, s->csrf) == -1)
		return DDD_ERR_INTERNAL;
	s->valid = 1;
	/* The token of this page's forms: the session's CSRF token and a
	 * fresh nonce for this rendering, "HMAC.NONCE" (fcgi/http.c: one
	 * POST, one effect).  Made here so that building a page needs
	 * nothing of this file. */
	{
		char nonce[CRYPTO_TOKEN_LEN + 1];
		if (crypto_token_new(nonce) == -1)
			return DDD_ERR_INTERNAL;
		snprintf(c->form_token, sizeof(c->form_token), "%s.%s",
		    s->csrf, nonce);
		crypto_wipe(nonce, sizeof(nonce));
	}
	c->actor.tenant_id = s->tenant_id;
	c->actor.account_id = s->account_id;
	c->actor.role = s->role;
	c->actor.naam = s->naam;
	c->actor.tenant_name = s->tenant_name;
	return DDD_OK;
}

enum ddd_err
session_cookie(struct ctx *c, const char *name, const char *value,
    int max_age)
{
	return set_cookie(c, name, value, max_age);
}

enum ddd_err
session_start(struct ctx *c, long long account_id, long long tenant_id)
{
	return session_start_sso(c, account_id, tenant_id, NULL);
}

enum ddd_err
session_start_sso(struct ctx *c, long long account_id, long long tenant_id,
    const char *sso_index)
{
	char		 token[CRYPTO_TOKEN_LEN + 1];
	unsigned char	 hash[CRYPTO_SHA256_LEN];
	struct db_param	 p[3];
	enum ddd_err	 e;

	if (crypto_token_new(token) == -1 ||
	    crypto_token_hash(token, CRYPTO_TOKEN_LEN, hash) == -1)
		return DDD_ERR_INTERNAL;
	/* Drop this account's expired sessions while we are here. */
	p[0] = (struct db_param)DB_P_INT(account_id);
	p[1] = (struct db_param)DB_P_INT(c->app->cfg->session_idle);
	p[2] = (struct db_param)DB_P_INT(c->app->cfg->session_max);
	if ((e = db_run(c->db, STMT_SESSION_PURGE, p, 3, NULL)) != DDD_OK)
		return e;
	p[0] = (struct db_param)DB_P_BLOB(hash, sizeof(hash));
	p[1] = (struct db_param)DB_P_INT(account_id);
	p[2] = (struct db_param)DB_P_INT(tenant_id);
	if ((e = db_run(c->db, STMT_SESSION_INSERT, p, 3, NULL)) != DDD_OK)
		return e;
	if (sso_index != NULL && sso_index[0] != '\0') {
		struct db_param q[3] = { DB_P_STR(sso_index),
		    DB_P_BLOB(hash, sizeof(hash)), DB_P_INT(tenant_id) };
		if ((e = db_run(c->db, STMT_SESSION_SET_SSO_INDEX, q, 3,
		    NULL)) != DDD_OK)
			return e;
	}
	e = set_cookie(c, SESSION_COOKIE, token, -1);
	crypto_wipe(token, sizeof(token));
	return e;
}

enum ddd_err
session_end(struct ctx *c, int everywhere)
{
	struct db_param	 p[2];
	enum ddd_err	 e;

	if (!c->sess.valid)
		return DDD_OK;
	if (everywhere) {
		p[0] = (struct db_param)DB_P_INT(c->sess.account_id);
		p[1] = (struct db_param)DB_P_INT(c->sess.tenant_id);
		e = db_run(c->db, STMT_SESSION_DELETE_ACCOUNT, p, 2, NULL);
	} else {
		p[0] = (struct db_param)DB_P_BLOB(c->sess.hash,
		    sizeof(c->sess.hash));
		e = db_run(c->db, STMT_SESSION_DELETE, p, 1, NULL);
	}
	if (e != DDD_OK)
		return e;
	c->sess.valid = 0;
	return set_cookie(c, SESSION_COOKIE, "", 0);
}

/* The pre-session key is the hash of the pre cookie's token. */
static int
pre_hash(const struct kv *ck, unsigned char hash[CRYPTO_SHA256_LEN])
{
	return ck == NULL ? -1 : crypto_token_hash(ck->val, ck->vallen, hash);
}

const char *
csrf_token(struct ctx *c)
{
	const struct kv	*ck;
	char		 token[CRYPTO_TOKEN_LEN + 1];
	unsigned char	 hash[CRYPTO_SHA256_LEN];

	if (c->sess.valid)
		return c->form_token;	/* made by session_resolve */
	if (c->pre_csrf[0] != '\0')
		return c->pre_csrf;
	ck = kv_get(&c->cookies, PRE_COOKIE);
	if (pre_hash(ck, hash) == -1) {
		if (crypto_token_new(token) == -1 ||
		    crypto_token_hash(token, CRYPTO_TOKEN_LEN, hash) == -1 ||
		    set_cookie(c, PRE_COOKIE, token, -1) != DDD_OK)
			return "";
	}
	if (crypto_csrf_token(c->app->csrf_key, sizeof(c->app->csrf_key),
	    hash, c->pre_csrf) == -1)
		return "";
	return c->pre_csrf;
}

enum ddd_err
csrf_check(struct ctx *c)
{
	const struct kv	*f = kv_get(&c->form, "csrf");
	unsigned char	 hash[CRYPTO_SHA256_LEN];

	if (f == NULL)
		return DDD_ERR_CSRF;
	if (c->sess.valid) {
		/* "HMAC.NONCE": the nonce names this rendering of the form
		 * (fcgi/http.c: one POST, one effect). */
		if (f->vallen != CRYPTO_CSRF_LEN + 1 + CRYPTO_TOKEN_LEN ||
		    f->val[CRYPTO_CSRF_LEN] != '.')
			return DDD_ERR_CSRF;
		memcpy(c->form_nonce, f->val + CRYPTO_CSRF_LEN + 1,
		    CRYPTO_TOKEN_LEN);
		c->form_nonce[CRYPTO_TOKEN_LEN] = '\0';
		return crypto_csrf_check(c->app->csrf_key,
		    sizeof(c->app->csrf_key), c->sess.hash, f->val,
		    CRYPTO_CSRF_LEN);
	}
	if (pre_hash(kv_get(&c->cookies, PRE_COOKIE), hash) == -1)
		return DDD_ERR_CSRF;
	return crypto_csrf_check(c->app->csrf_key, sizeof(c->app->csrf_key),
	    hash, f->val, f->vallen);
}

/* The device cookie's MAC: HMAC-SHA256 under a key of its own (HKDF of
 * the master key) over the account's name key and the id, base64url. */
static int
device_mac(struct ctx *c, const unsigned char who[CRYPTO_SHA256_LEN],
    const char *id, char out[CRYPTO_B64_LEN(CRYPTO_SHA256_LEN) + 1])
{
	unsigned char	 key[32], msg[CRYPTO_SHA256_LEN + DEVICE_ID_LEN];
	unsigned char	 mac[CRYPTO_SHA256_LEN];
	int		 rc = -1;

	memcpy(msg, who, CRYPTO_SHA256_LEN);
	memcpy(msg + CRYPTO_SHA256_LEN, id, DEVICE_ID_LEN);
	if (crypto_derive_key(c->app->master->key, sizeof(c->app->master->key),
	    "ddd-login-device", key) == 0 &&
	    crypto_hmac_sha256(key, sizeof(key), msg, sizeof(msg), mac) == 0 &&
	    crypto_b64url_encode(mac, sizeof(mac), out,
	    CRYPTO_B64_LEN(CRYPTO_SHA256_LEN) + 1) == 0)
		rc = 0;
	crypto_wipe(key, sizeof(key));
	return rc;
}

int
device_cookie_check(struct ctx *c, const unsigned char who[CRYPTO_SHA256_LEN],
    char id[DEVICE_ID_LEN + 1])
{
	const struct kv	*ck = kv_get(&c->cookies, DEVICE_COOKIE);
	char		 want[CRYPTO_B64_LEN(CRYPTO_SHA256_LEN) + 1];
	size_t		 i;

	if (ck == NULL || ck->vallen != DEVICE_ID_LEN + 1 + sizeof(want) - 1 ||
	    ck->val[DEVICE_ID_LEN] != '.')
		return 0;
	for (i = 0; i < DEVICE_ID_LEN; i++)
		if (!isalnum((unsigned char)ck->val[i]) && ck->val[i] != '-' &&
		    ck->val[i] != '_')
			return 0;
	if (device_mac(c, who, ck->val, want) == -1 ||
	    !crypto_equal(want, sizeof(want) - 1, ck->val + DEVICE_ID_LEN + 1,
	    sizeof(want) - 1))
		return 0;
	memcpy(id, ck->val, DEVICE_ID_LEN);
	id[DEVICE_ID_LEN] = '\0';
	return 1;
}

enum ddd_err
device_cookie_set(struct ctx *c, const unsigned char who[CRYPTO_SHA256_LEN])
{
	unsigned char	 rnd[DEVICE_ID_BYTES];
	char		 id[DEVICE_ID_LEN + 1];
	char		 mac[CRYPTO_B64_LEN(CRYPTO_SHA256_LEN) + 1];
	char		 v[DEVICE_ID_LEN + sizeof(mac) + 1];

	if (crypto_random(rnd, sizeof(rnd)) == -1 ||
	    crypto_b64url_encode(rnd, sizeof(rnd), id, sizeof(id)) == -1 ||
	    device_mac(c, who, id, mac) == -1)
		return DDD_ERR_INTERNAL;
	snprintf(v, sizeof(v), "%s.%s", id, mac);
	return set_cookie(c, DEVICE_COOKIE, v, DEVICE_MAX_AGE);
}

enum ddd_err
school_cookie_set(struct ctx *c, const char *slug)
{
	return set_cookie(c, SCHOOL_COOKIE, slug, SCHOOL_COOKIE_MAX_AGE);
}

/* The MAC of a GTID cookie: 16 bytes of HMAC, base64url. */
static int
gtid_mac(struct ctx *c, const char *gtid, char out[CRYPTO_B64_LEN(16) + 1])
{
	unsigned char	 mac[CRYPTO_SHA256_LEN];
	char		 msg[128];
	int		 n;

	n = snprintf(msg, sizeof(msg), "gtid %s", gtid);
	if (n < 0 || (size_t)n >= sizeof(msg) ||
	    crypto_hmac_sha256(c->app->csrf_key, sizeof(c->app->csrf_key),
	    msg, (size_t)n, mac) == -1 ||
	    crypto_b64url_encode(mac, 16, out, CRYPTO_B64_LEN(16) + 1) == -1)
		return -1;
	return 0;
}

void
session_gtid_get(struct ctx *c, char *gtid, size_t size)
{
	const struct kv	*ck;
	const char	*dot;
	char		 want[CRYPTO_B64_LEN(16) + 1], g[96];
	size_t		 glen;

	if (size > 0)
		gtid[0] = '\0';
	if ((ck = kv_get(&c->cookies, GTID_COOKIE)) == NULL ||
	    (dot = memchr(ck->val, '.', ck->vallen)) == NULL)
		return;
	glen = (size_t)(dot - ck->val);
	/* One GTID: domain-server-sequence, digits and dashes. */
	if (glen == 0 || glen >= sizeof(g) || glen >= size)
		return;
	memcpy(g, ck->val, glen);
	g[glen] = '\0';
	if (strspn(g, "0123456789-") != glen || gtid_mac(c, g, want) == -1)
		return;
	if (crypto_equal(want, strlen(want), dot + 1,
	    ck->vallen - glen - 1) != 1)
		return;
	memcpy(gtid, g, glen + 1);
}

enum ddd_err
session_gtid_set(struct ctx *c, const char *gtid)
{
	char	 mac[CRYPTO_B64_LEN(16) + 1], v[160];

	if (strlen(gtid) >= 96 || strspn(gtid, "0123456789-") !=
	    strlen(gtid) || gtid_mac(c, gtid, mac) == -1)
		return DDD_OK;	/* nothing to wait for next time */
	snprintf(v, sizeof(v), "%s.%s", gtid, mac);
	return set_cookie(c, GTID_COOKIE, v, -1);
}
