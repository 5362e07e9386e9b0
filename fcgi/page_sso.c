/* Federated log-in, the request side (issue 18, docs/sso.md):
 *   GET /sso/start?school=      the button on the log-in page: to the
 *                               school's IdP (OIDC here; SAML:
 *                               saml_start, fcgi/page_saml.c)
 *   GET /sso/oidc/callback      the IdP's answer: state, code, ID token
 *   GET/POST /portal/inloggen   the decaan: how students log in; unlink
 * and sso_login (sso.h), which both protocols end in: the decision
 * (sso_link, fcgi/sso.c), then our ordinary session or a refusal page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "crypto.h"
#include "log.h"
#include "oidc.h"
#include "pages.h"
#include "session.h"
#include "sso.h"
#include "tenant_config.h"
#include "xmlout.h"

#define CALLBACK_PATH	"/sso/oidc/callback"

/* The refusal page: why, in Dutch, and whom to ask. */
static enum ddd_err
refuse(struct ctx *c, const char *code, const char *text)
{
	xmlNodePtr	 r;

	if ((r = http_page(c, "sso-geweigerd", "sso")) == NULL)
		return DDD_ERR_NOMEM;
	xo_attr(xo_el(r, "reden", text), "code", code);
	return http_page_error(c, DDD_ERR_FORBIDDEN);
}

static const char *
refusal_text(enum sso_refusal why)
{
	switch (why) {
	case SSO_NOT_CONFIGURED:
		return "Deze school is niet ingesteld voor inloggen via deze "
		    "weg. Log in met je wachtwoord, of vraag de decaan van je "
		    "school.";
	case SSO_WRONG_ORG:
		return "Je bent ingelogd bij een andere school dan de school "
		    "die je koos. Kies je eigen school, of vraag de decaan "
		    "van je school om hulp.";
	case SSO_NO_ACCOUNT:
		return "Voor jou staat nog geen account klaar in het "
		    "Digitaal Doorstroomdossier van deze school. De decaan "
		    "zet leerlingen en mentoren erin: vraag de decaan van je "
		    "school.";
	case SSO_AFFILIATION:
		return "Wat je school over je doorgeeft (leerling of "
		    "medewerker) past niet bij je account hier. Vraag de "
		    "decaan van je school om dit na te kijken.";
	case SSO_LINKED_ELSEWHERE:
		return "Dit account is al gekoppeld aan een ander "
		    "schoolaccount. De decaan kan de koppeling opheffen: "
		    "vraag de decaan van je school.";
	case SSO_OK:
		break;
	}
	return "Inloggen is niet gelukt. Vraag de decaan van je school.";
}

static const char *
refusal_code(enum sso_refusal why)
{
	static const char *const codes[] = { "ok", "not_configured",
	    "wrong_org", "no_account", "affiliation", "linked_elsewhere" };

	return (unsigned)why < sizeof(codes) / sizeof(codes[0]) ?
	    codes[why] : "?";
}

enum ddd_err
sso_login(struct ctx *c, const struct sso_identity *id)
{
	const struct tenant_config *tc;
	enum sso_refusal why = SSO_NOT_CONFIGURED;
	long long	 acct = 0;
	enum ddd_err	 e;

	if ((e = http_tenant(c, id->tenant_id, &tc)) != DDD_OK)
		return e;
	if ((e = db_begin(c->db)) != DDD_OK)
		return e;
	if ((e = sso_link(c->db, &tc->sso, id, &acct, &why)) != DDD_OK)
		goto rollback;
	if (why != SSO_OK) {
		db_rollback(c->db);
		/* No names or numbers in the log: the refusal and where. */
		log_info("sso_refused", "tenant=%lld protocol=%s reason=%s "
		    "addr=%s", id->tenant_id, id->protocol == SSO_SAML ?
		    "saml" : "oidc", refusal_code(why), c->remote_addr);
		return refuse(c, refusal_code(why), refusal_text(why));
	}
	if ((e = session_start_sso(c, acct, id->tenant_id,
	    id->session_index)) != DDD_OK)
		goto rollback;
	if ((e = db_commit(c->db)) != DDD_OK)
		return e;
	log_info("login", "tenant=%lld account=%lld via=%s", id->tenant_id,
	    acct, id->protocol == SSO_SAML ? "saml" : "oidc");
	return http_redirect(c, "/");
rollback:
	db_rollback(c->db);
	return e;
}

/* The tenant of ?school=, with its configuration.  0 when none. */
static enum ddd_err
school_of_query(struct ctx *c, char *slug, size_t size, long long *tenant_id,
    const struct tenant_config **tc)
{
	const struct kv	*s = kv_get(&c->query, "school");
	struct db_result res;
	size_t		 i;
	enum ddd_err	 e;

	*tenant_id = 0;
	if (s == NULL || s->vallen == 0 || s->vallen >= size)
		return DDD_ERR_NOT_FOUND;
	for (i = 0; i < s->vallen; i++)
		if (strchr("abcdefghijklmnopqrstuvwxyz0123456789-",
		    s->val[i]) == NULL)
			return DDD_ERR_NOT_FOUND;
	snprintf(slug, size, "%s", s->val);
	{
		struct db_param p = DB_P_STR(slug);
		if ((e = db_run(c->db, STMT_TENANT_BY_SLUG, &p, 1, &res)) !=
		    DDD_OK)
			return e;
	}
	if (res.nrows == 1)
		*tenant_id = strtoll(DB_COL(&res, 0, "id"), NULL, 10);
	db_result_free(&res);
	if (*tenant_id == 0)
		return DDD_ERR_NOT_FOUND;
	return http_tenant(c, *tenant_id, tc);
}

static int
redirect_uri(struct ctx *c, char *out, size_t size)
{
	size_t	 n = strlen(c->app->cfg->base_url);

	/* base_url without its last slash. */
	if (n > 0 && c->app->cfg->base_url[n - 1] == '/')
		n--;
	return (size_t)snprintf(out, size, "%.*s%s", (int)n,
	    c->app->cfg->base_url, CALLBACK_PATH) < size ? 0 : -1;
}

enum ddd_err
page_sso_start(struct ctx *c)
{
	const struct tenant_config *tc;
	char		 slug[65], uri[600], url[OIDC_MAX_URL + 1], why[200];
	char		 state[CRYPTO_TOKEN_LEN + 1], nonce[CRYPTO_TOKEN_LEN + 1];
	char		 verifier[CRYPTO_TOKEN_LEN + 1];
	unsigned char	 h[CRYPTO_SHA256_LEN];
	long long	 tenant_id;
	enum ddd_err	 e;

	if ((e = school_of_query(c, slug, sizeof(slug), &tenant_id, &tc)) !=
	    DDD_OK)
		return e;
	if (tc->sso.protocol == SSO_SAML)
		return saml_start(c, tenant_id, tc->sso.idp_metadata);
	if (tc->sso.protocol != SSO_OIDC) {
		snprintf(url, sizeof(url), "/login?school=%s&geen-sso=1",
		    slug);
		return http_redirect(c, url);
	}
	/* State (also in a cookie: the callback must come back to this
	 * browser), nonce and PKCE verifier: 256 random bits each. */
	if (crypto_token_new(state) == -1 || crypto_token_new(nonce) == -1 ||
	    crypto_token_new(verifier) == -1 ||
	    crypto_sha256(state, strlen(state), h) == -1 ||
	    redirect_uri(c, uri, sizeof(uri)) == -1)
		return DDD_ERR_INTERNAL;
	if (oidc_auth_url(&tc->sso, uri, state, nonce, verifier, url,
	    sizeof(url), why, sizeof(why)) != DDD_OK) {
		log_error("sso_start", "tenant=%lld error=\"%s\"", tenant_id,
		    why);
		(void)refuse(c, "idp_unreachable", "De inlogdienst van je "
		    "school is nu niet bereikbaar. Probeer het over een paar "
		    "minuten opnieuw.");
		return http_page_error(c, DDD_ERR_DB_UNAVAILABLE);
	}
	(void)db_run(c->db, STMT_OIDC_STATE_PURGE, NULL, 0, NULL);
	{
		struct db_param p[4] = { DB_P_BLOB(h, sizeof(h)),
		    DB_P_INT(tenant_id), DB_P_STR(nonce), DB_P_STR(verifier) };
		if ((e = db_run(c->db, STMT_OIDC_STATE_INSERT, p, 4, NULL)) !=
		    DDD_OK)
			return e;
	}
	if ((e = session_cookie(c, SSO_COOKIE, state, OIDC_STATE_TTL)) !=
	    DDD_OK)
		return e;
	crypto_wipe(verifier, sizeof(verifier));
	return http_redirect_external(c, url);
}

enum ddd_err
page_sso_oidc_callback(struct ctx *c)
{
	const struct kv	*state = kv_get(&c->query, "state");
	const struct kv	*code = kv_get(&c->query, "code");
	const struct kv	*ck = kv_get(&c->cookies, SSO_COOKIE);
	const struct tenant_config *tc;
	struct db_result res;
	struct sso_identity id;
	unsigned char	 h[CRYPTO_SHA256_LEN];
	char		 uri[600], why[200], nonce[CRYPTO_TOKEN_LEN + 1];
	char		 verifier[CRYPTO_TOKEN_LEN + 1];
	long long	 tenant_id;
	enum ddd_err	 e;

	/* Used or not, the log-in underway is over for this browser. */
	(void)session_cookie(c, SSO_COOKIE, "", 0);
	if (state == NULL || ck == NULL || !crypto_equal(state->val,
	    state->vallen, ck->val, ck->vallen)) {
		log_info("sso_refused", "protocol=oidc reason=state addr=%s",
		    c->remote_addr);
		return refuse(c, "state", "Deze inlogpoging hoort niet bij "
		    "deze browser of is verlopen. Begin opnieuw op de "
		    "inlogpagina.");
	}
	if (crypto_sha256(state->val, state->vallen, h) == -1)
		return DDD_ERR_INTERNAL;
	{
		/* One use: the first callback takes the row. */
		struct db_param p = DB_P_BLOB(h, sizeof(h));
		if ((e = db_run(c->db, STMT_OIDC_STATE_USE, &p, 1, &res)) !=
		    DDD_OK)
			return e;
		if (res.affected != 1) {
			db_result_free(&res);
			log_info("sso_refused", "protocol=oidc reason=state_used"
			    " addr=%s", c->remote_addr);
			return refuse(c, "state", "Deze inlogpoging is al "
			    "gebruikt of verlopen. Begin opnieuw op de "
			    "inlogpagina.");
		}
		db_result_free(&res);
		if ((e = db_run(c->db, STMT_OIDC_STATE_GET, &p, 1, &res)) !=
		    DDD_OK)
			return e;
	}
	if (res.nrows != 1) {
		db_result_free(&res);
		return DDD_ERR_INTERNAL;
	}
	tenant_id = strtoll(DB_COL(&res, 0, "tenant_id"), NULL, 10);
	snprintf(nonce, sizeof(nonce), "%s", DB_COL(&res, 0, "nonce"));
	snprintf(verifier, sizeof(verifier), "%s", DB_COL(&res, 0, "verifier"));
	db_result_free(&res);
	if (code == NULL || code->vallen == 0 || code->vallen > 2048) {
		/* The IdP said no (error=access_denied...), or sent nothing. */
		log_info("sso_refused", "tenant=%lld protocol=oidc reason=idp "
		    "addr=%s", tenant_id, c->remote_addr);
		return refuse(c, "idp", "Inloggen bij je school is niet "
		    "gelukt of afgebroken. Probeer het opnieuw.");
	}
	if ((e = http_tenant(c, tenant_id, &tc)) != DDD_OK)
		return e;
	if (tc->sso.protocol != SSO_OIDC)
		return refuse(c, "not_configured",
		    refusal_text(SSO_NOT_CONFIGURED));
	if (redirect_uri(c, uri, sizeof(uri)) == -1)
		return DDD_ERR_INTERNAL;
	e = oidc_redeem(&tc->sso, tenant_id, uri, code->val, verifier, nonce,
	    &id, why, sizeof(why));
	crypto_wipe(verifier, sizeof(verifier));
	if (e != DDD_OK) {
		log_warn("sso_refused", "tenant=%lld protocol=oidc reason=token "
		    "addr=%s error=\"%s\"", tenant_id, c->remote_addr, why);
		return refuse(c, "token", "Wat de inlogdienst van je school "
		    "terugstuurde, klopt niet. Je bent niet ingelogd. Probeer "
		    "het opnieuw; lukt het niet, vraag dan de decaan van je "
		    "school.");
	}
	return sso_login(c, &id);
}

/* The decaan's list: how each student logs in. */
static enum ddd_err
links_page(struct ctx *c, xmlNodePtr *root)
{
	const struct tenant_config *tc;
	struct db_result res;
	struct db_param	 p = DB_P_INT(c->sess.tenant_id);
	xmlNodePtr	 r, list, s;
	enum ddd_err	 e;
	size_t		 i;
	char		 naam[240];

	if ((e = http_tenant(c, c->sess.tenant_id, &tc)) != DDD_OK)
		return e;
	if ((r = http_page(c, "inloggen", "sso")) == NULL)
		return DDD_ERR_NOMEM;
	if (tc->sso.protocol != SSO_NONE) {
		s = xo_el(r, "sso", tc->sso.label);
		xo_attr(s, "protocol", tc->sso.protocol == SSO_SAML ? "saml" :
		    "oidc");
		xo_attr(s, "wachtwoord-leerling", sso_password_allowed(
		    &tc->sso, ROLE_LEERLING) ? "ja" : "nee");
	}
	if ((e = db_run(c->db, STMT_SSO_STUDENTS, &p, 1, &res)) != DDD_OK)
		return e;
	list = xo_el(r, "leerlingen", NULL);
	for (i = 0; i < res.nrows; i++) {
		s = xo_el(list, "leerling", NULL);
		xo_attr(s, "id", DB_COL(&res, i, "id"));
		xo_attr(s, "nummer", DB_COL(&res, i, "login"));
		xo_attr(s, "klas", DB_COL(&res, i, "klas") != NULL ?
		    DB_COL(&res, i, "klas") : "");
		db_full_name(naam, sizeof(naam), &res, i, "");
		xo_attr(s, "naam", naam);
		xo_attr(s, "wachtwoord", DB_COL(&res, i, "has_password"));
		xo_attr(s, "via", DB_COL(&res, i, "protocol"));
		xo_attr(s, "gekoppeld", DB_COL(&res, i, "linked_at"));
		xo_attr(s, "laatst", DB_COL(&res, i, "last_login_at"));
	}
	db_result_free(&res);
	*root = r;
	return DDD_OK;
}

enum ddd_err
page_sso_links(struct ctx *c)
{
	xmlNodePtr	 r;
	enum ddd_err	 e;

	if ((e = links_page(c, &r)) != DDD_OK)
		return e;
	if (kv_get(&c->query, "ontkoppeld") != NULL)
		xo_el(r, "notice", "De koppeling is opgeheven. De leerling "
		    "logt de volgende keer via de school opnieuw in en wordt "
		    "dan opnieuw gekoppeld op leerlingnummer.");
	return DDD_OK;
}

enum ddd_err
page_sso_links_post(struct ctx *c)
{
	const struct kv	*a = kv_get(&c->form, "account");
	struct db_result res;
	xmlNodePtr	 r, errs;
	long long	 acct = 0;
	char		*end = NULL;
	enum ddd_err	 e;

	if (a != NULL && a->vallen > 0 && a->vallen < 19)
		acct = strtoll(a->val, &end, 10);
	if (acct <= 0 || end == NULL || *end != '\0') {
		if ((e = links_page(c, &r)) != DDD_OK)
			return e;
		errs = xo_el(r, "errors", NULL);
		xo_attr(xo_el(errs, "error", "Kies de leerling van wie u de "
		    "koppeling wilt opheffen."), "field", "account");
		return http_page_error(c, DDD_ERR_INVALID_INPUT);
	}
	if ((e = db_begin(c->db)) != DDD_OK)
		return e;
	{
		struct db_param p[2] = { DB_P_INT(acct),
		    DB_P_INT(c->sess.tenant_id) };
		if ((e = db_run(c->db, STMT_SSO_LINK_DELETE, p, 2, &res)) !=
		    DDD_OK)
			goto rollback;
	}
	if (res.affected != 1) {
		db_result_free(&res);
		e = DDD_ERR_NOT_FOUND;
		goto rollback;
	}
	db_result_free(&res);
	if ((e = audit_record(&c->actor, c->remote_addr, AUDIT_SSO_UNLINK,
	    acct, 0, "inloggen via de school")) != DDD_OK)
		goto rollback;
	if ((e = db_commit(c->db)) != DDD_OK)
		return e;
	return http_redirect(c, "/portal/inloggen?ontkoppeld=1");
rollback:
	db_rollback(c->db);
	return e;
}
