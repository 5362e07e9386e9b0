/* Log-in and log-out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "log.h"
#include "metrics.h"
#include "pages.h"
#include "session.h"
#include "sso.h"
#include "tenant_config.h"
#include "throttle.h"
#include "xmlout.h"

/* Wrong passwords, counted in the window of throttle.h (15 minutes).  A
 * browser without a device cookie for the name: its address may fail 20
 * times for any names and 5 times for one name, then waits 15 minutes;
 * the name itself, after 10 failures from anywhere, is slowed rather than
 * locked: one password per LOGIN_GATE seconds is checked and the others
 * wait, so many addresses together get few guesses.  A browser that
 * logged in to the name before (its device cookie) has only a count of
 * its own, so no one elsewhere can lock the owner out. */
#define LOGIN_MAX_ADDR		20	/* failures per address, any names */
#define LOGIN_MAX_PAIR		5	/* per name from one address */
#define LOGIN_SLOW_AFTER	10	/* per name from all addresses */
#define LOGIN_GATE		30	/* seconds between checks, slowed */
#define LOGIN_MAX_DEVICE	5	/* per device cookie */

enum { F_SCHOOL, F_USERNAME, F_PASSWORD, F__MAX };

static const struct field login_fields[F__MAX] = {
	[F_SCHOOL] = { "school", FIELD_SLUG, 64, 1, "de school of instelling" },
	[F_USERNAME] = { "username", FIELD_LOGIN, 254, 1,
	    "het leerlingnummer of e-mailadres" },
	[F_PASSWORD] = { "password", FIELD_PASSWORD, CRYPTO_PASSWORD_MAX, 1,
	    "het wachtwoord" },
};

/* The button of a school that logs in through its federation (issue 18):
 * the chosen school's (by its link, this browser's last log-in or the
 * form: http_school_choice); with the whole list on the page (a small
 * instance), every such school to choose from; while the page asks for a
 * school by name, none yet.  ?geen-sso=1 says the chosen one has none. */
static enum ddd_err
sso_schools(struct ctx *c, xmlNodePtr r)
{
	struct db_result res;
	xmlNodePtr	 n, chosen = NULL, list, s;
	int		 listed = 0;
	char		*slug;
	enum ddd_err	 e;
	size_t		 i;

	for (n = r->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE) {
			if (xmlStrEqual(n->name, BAD_CAST "school-chosen"))
				chosen = n;
			else if (xmlStrEqual(n->name, BAD_CAST "schools"))
				listed = 1;
		}
	if (chosen != NULL) {
		struct db_param p[1];
		if ((slug = (char *)xmlGetProp(chosen, BAD_CAST "id")) == NULL)
			return DDD_ERR_NOMEM;
		p[0] = (struct db_param)DB_P_STR(slug);
		e = db_run(c->db, STMT_TENANT_SSO_BY_SLUG, p, 1, &res);
		xmlFree(slug);
	} else if (listed)
		e = db_run(c->db, STMT_TENANT_SSO_LIST, NULL, 0, &res);
	else
		goto message;
	if (e != DDD_OK)
		return e;
	if (res.nrows > 0) {
		list = xo_el(r, "sso-schools", NULL);
		for (i = 0; i < res.nrows; i++) {
			s = xo_el(list, "school", DB_COL(&res, i, "name"));
			xo_attr(s, "id", DB_COL(&res, i, "slug"));
			xo_attr(s, "label", DB_COL(&res, i, "sso_label"));
			if (chosen != NULL)
				xo_attr(s, "chosen", "1");
		}
	}
	db_result_free(&res);
message:
	if (kv_get(&c->query, "geen-sso") != NULL)
		xo_el(r, "message", "Deze school logt niet in via Entree of "
		    "SURFconext. Log in met je leerlingnummer of e-mailadres "
		    "en je wachtwoord.");
	return DDD_OK;
}

/* The log-in page, with an optional message and the form as typed. */
static enum ddd_err
login_page(struct ctx *c, const char *message, xmlNodePtr *errors_out)
{
	xmlNodePtr	 r;
	enum ddd_err	 e;

	if ((r = http_page(c, "login", "login")) == NULL)
		return DDD_ERR_NOMEM;
	if ((e = http_school_choice(c, r)) != DDD_OK)
		return e;
	if ((e = sso_schools(c, r)) != DDD_OK)
		return e;
	xo_el(r, "csrf", csrf_token(c));
	if (message != NULL)
		xo_el(r, "message", message);
	if (kv_get(&c->query, "klaar") != NULL)
		xo_el(r, "notice", "Je wachtwoord is ingesteld. Log nu in.");
	if (c->method == HTTP_POST)
		field_echo(c, login_fields, F__MAX, r);
	if (errors_out != NULL)
		*errors_out = xo_el(r, "errors", NULL);
	http_header(c, "Cache-Control", "no-store");
	return DDD_OK;
}

enum ddd_err
page_login(struct ctx *c)
{
	if (c->sess.valid)
		return http_redirect(c, "/");
	return login_page(c, NULL, NULL);
}

/* The key of a name at a school for the counts: the same whether or not
 * the account exists, so no count or answer tells that; an HMAC, so the
 * table holds no names.  who gets the whole MAC, hex the first half. */
static int
name_key(struct ctx *c, const char *school, const char *login,
    unsigned char who[CRYPTO_SHA256_LEN], char hex[33])
{
	unsigned char	 key[32];
	char		 msg[64 + 1 + 256];
	int		 n, rc = -1;

	n = snprintf(msg, sizeof(msg), "%s%c%s", school, '\0', login);
	if (n > 0 && (size_t)n < sizeof(msg) &&
	    crypto_derive_key(c->app->master->key, sizeof(c->app->master->key),
	    "ddd-login-name", key) == 0 &&
	    crypto_hmac_sha256(key, sizeof(key), msg, (size_t)n, who) == 0 &&
	    crypto_hex_encode(who, 16, hex, 33) == 0)
		rc = 0;
	crypto_wipe(key, sizeof(key));
	return rc;
}

enum ddd_err
page_login_post(struct ctx *c)
{
	struct field_value v[F__MAX];
	struct db_result tres, ares;
	unsigned char	 who[CRYPTO_SHA256_LEN];
	char		 login[256], key[33], devid[DEVICE_ID_LEN + 1];
	char		 addr_scope[100], pair_scope[100], acct_scope[100];
	char		 gate_scope[100], dev_scope[100];
	char		 msg[300], newhash[CRYPTO_PWHASH_SIZE];
	const char	*stored = NULL, *why = "";
	long long	 tenant_id = 0, account_id = 0;
	int		 mins, known, slowed = 0, have_t = 0, have_a = 0;
	enum ddd_err	 e, result;
	xmlNodePtr	 errors;

	memset(&tres, 0, sizeof(tres));
	newhash[0] = '\0';
	memset(&ares, 0, sizeof(ares));
	if ((e = login_page(c, NULL, &errors)) != DDD_OK)
		return e;
	if (field_read(c, login_fields, F__MAX, v, errors) > 0) {
		http_page_error(c, DDD_ERR_INVALID_INPUT);
		field_values_free(v, F__MAX);
		return DDD_OK;
	}
	login_normalise(v[F_USERNAME].v, login, sizeof(login));
	if (name_key(c, v[F_SCHOOL].v, login, who, key) == -1) {
		e = DDD_ERR_INTERNAL;
		goto fail;
	}
	known = device_cookie_check(c, who, devid);
	snprintf(addr_scope, sizeof(addr_scope), "addr:%s", c->remote_addr);
	snprintf(pair_scope, sizeof(pair_scope), "pair:%s:%s", key,
	    c->remote_addr);
	snprintf(acct_scope, sizeof(acct_scope), "acct:%s", key);
	snprintf(gate_scope, sizeof(gate_scope), "gate:%s", key);
	snprintf(dev_scope, sizeof(dev_scope), "dev:%s", known ? devid : "");
	if (known) {
		why = "device";
		if ((mins = throttle_minutes(c, dev_scope)) != 0)
			goto locked;
	} else {
		why = "addr";
		if ((mins = throttle_minutes(c, addr_scope)) != 0)
			goto locked;
		why = "pair";
		if ((mins = throttle_minutes(c, pair_scope)) != 0)
			goto locked;
		/* Slowed: the first try after the gate opens is checked and
		 * closes it again. */
		if ((mins = throttle_minutes(c, acct_scope)) < 0)
			goto locked;
		if (mins > 0) {
			why = "gate";
			slowed = 1;
			if ((mins = throttle_minutes(c, gate_scope)) != 0)
				goto locked;
			throttle_count_lock(c, gate_scope, 1, LOGIN_GATE);
		}
	}
	{
		struct db_param p = DB_P_STR(v[F_SCHOOL].v);
		if ((e = db_run(c->db, STMT_TENANT_BY_SLUG, &p, 1, &tres)) !=
		    DDD_OK)
			goto fail;
		have_t = 1;
	}
	if (tres.nrows == 1) {
		struct db_param p[2];
		tenant_id = strtoll(DB_COL(&tres, 0, "id"), NULL, 10);
		p[0] = (struct db_param)DB_P_INT(tenant_id);
		p[1] = (struct db_param)DB_P_STR(login);
		if ((e = db_run(c->db, STMT_ACCOUNT_BY_LOGIN, p, 2, &ares)) !=
		    DDD_OK)
			goto fail;
		have_a = 1;
		if (ares.nrows == 1) {
			account_id = strtoll(DB_COL(&ares, 0, "id"), NULL, 10);
			stored = DB_COL(&ares, 0, "password_hash");
		}
	}
	/* An account not activated yet has no password: it answers as an
	 * unknown name does, in the same time (activation says the rest). */
	result = stored != NULL ?
	    crypto_password_verify(v[F_PASSWORD].v, v[F_PASSWORD].len, stored) :
	    crypto_password_verify_dummy(v[F_PASSWORD].v, v[F_PASSWORD].len);
	if (result == DDD_ERR_INTERNAL)
		log_error("login", "account=%lld error=\"stored hash corrupt\"",
		    account_id);
	if (result != DDD_OK) {
		if (known)
			throttle_count(c, dev_scope, LOGIN_MAX_DEVICE);
		else {
			throttle_count(c, addr_scope, LOGIN_MAX_ADDR);
			throttle_count(c, pair_scope, LOGIN_MAX_PAIR);
			throttle_count(c, acct_scope, LOGIN_SLOW_AFTER);
		}
		log_info("login_failed", "tenant=%lld account=%lld addr=%s "
		    "device=%s", tenant_id, account_id, c->remote_addr,
		    known ? "known" : "new");
		metrics_count(MET_LOGIN_FAILED);
		xo_el(xo_root(c->doc), "message", "Deze combinatie van school, "
		    "gebruikersnaam en wachtwoord kennen wij niet. Controleer "
		    "de gegevens en probeer het opnieuw.");
		http_page_error(c, DDD_ERR_INVALID_INPUT);
		e = DDD_OK;
		goto out;
	}
	/* The school may let some roles in only through its federation
	 * (<sso password-roles>): the right password changes nothing then,
	 * and the page says how to log in. */
	{
		const struct tenant_config *tc;
		if ((e = http_tenant(c, tenant_id, &tc)) != DDD_OK)
			goto fail;
		if (!sso_password_allowed(&tc->sso, role_bit(DB_COL(&ares, 0,
		    "role")))) {
			log_info("login_refused", "tenant=%lld account=%lld "
			    "reason=password_not_allowed", tenant_id,
			    account_id);
			snprintf(msg, sizeof(msg), "Op deze school log je niet "
			    "met een wachtwoord in. Gebruik de knop '%s'.",
			    tc->sso.label);
			xo_el(xo_root(c->doc), "message", msg);
			http_page_error(c, DDD_ERR_FORBIDDEN);
			e = DDD_OK;
			goto out;
		}
	}
	/* Log in: new session, this browser's or address's failures
	 * forgotten, a stronger hash if the parameters moved on, and a
	 * device cookie.  The name's count from everywhere stays: an
	 * attack does not stop because the owner got in. */
	if ((e = db_begin(c->db)) != DDD_OK)
		goto fail;
	if (crypto_password_needs_rehash(stored) &&
	    crypto_password_hash(v[F_PASSWORD].v, v[F_PASSWORD].len,
	    newhash) == DDD_OK) {
		struct db_param p[3] = { DB_P_STR(newhash),
		    DB_P_INT(account_id), DB_P_INT(tenant_id) };
		if ((e = db_run(c->db, STMT_ACCOUNT_SET_HASH, p, 3, NULL)) !=
		    DDD_OK)
			goto rollback;
	}
	if ((e = throttle_clear(c, known ? dev_scope : pair_scope)) != DDD_OK)
		goto rollback;
	if ((e = session_start(c, account_id, tenant_id)) != DDD_OK)
		goto rollback;
	if ((e = db_commit(c->db)) != DDD_OK)
		goto fail;
	if (device_cookie_set(c, who) != DDD_OK)
		log_warn("login", "account=%lld error=\"no device cookie\"",
		    account_id);
	/* The log-in page opens on this school next time. */
	if (school_cookie_set(c, v[F_SCHOOL].v) != DDD_OK)
		log_warn("login", "account=%lld error=\"no school cookie\"",
		    account_id);
	log_info("login", "tenant=%lld account=%lld device=%s", tenant_id,
	    account_id, known ? "known" : "new");
	metrics_count(MET_LOGIN_OK);
	e = http_redirect(c, "/");
	goto out;
locked:
	if (mins < 0) {
		e = DDD_ERR_DB_UNAVAILABLE;
		goto fail;
	}
	log_info("login_throttled", "scope=%s name=%s addr=%s", why, key,
	    c->remote_addr);
	metrics_count(MET_LOGIN_THROTTLED);
	if (slowed)
		snprintf(msg, sizeof(msg), "Op deze gebruikersnaam is kort "
		    "geleden vaak een verkeerd wachtwoord ingevuld. Probeer "
		    "het over %d minu%s opnieuw. Op een computer of telefoon "
		    "waarop je eerder bent ingelogd, kun je meteen verder.",
		    mins, mins == 1 ? "ut" : "ten");
	else
		snprintf(msg, sizeof(msg), "Er is te vaak een verkeerd "
		    "wachtwoord ingevuld. Probeer het over %d minu%s opnieuw.",
		    mins, mins == 1 ? "ut" : "ten");
	xo_el(xo_root(c->doc), "message", msg);
	http_page_error(c, DDD_ERR_RATE_LIMIT);
	e = DDD_OK;
	goto out;
rollback:
	db_rollback(c->db);
fail:
out:
	if (have_t)
		db_result_free(&tres);
	if (have_a)
		db_result_free(&ares);
	crypto_wipe(newhash, sizeof(newhash));
	field_values_free(v, F__MAX);
	return e;
}

enum ddd_err
page_logout_post(struct ctx *c)
{
	const struct kv	*all = kv_get(&c->form, "overal");
	enum ddd_err	 e;

	if ((e = session_end(c, all != NULL && strcmp(all->val, "1") == 0)) !=
	    DDD_OK)
		return e;
	return http_redirect(c, "/login");
}
