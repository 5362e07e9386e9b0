/* Log-in and log-out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "log.h"
#include "pages.h"
#include "session.h"
#include "throttle.h"
#include "xmlout.h"

/* Failed log-ins allowed per account and per address in the window. */
#define LOGIN_MAX_ACCOUNT	5		/* failures per account */
#define LOGIN_MAX_ADDR		20		/* failures per address */

enum { F_SCHOOL, F_USERNAME, F_PASSWORD, F__MAX };

static const struct field login_fields[F__MAX] = {
	[F_SCHOOL] = { "school", FIELD_SLUG, 64, 1, "de school of instelling" },
	[F_USERNAME] = { "username", FIELD_LOGIN, 254, 1,
	    "het leerlingnummer of e-mailadres" },
	[F_PASSWORD] = { "password", FIELD_PASSWORD, CRYPTO_PASSWORD_MAX, 1,
	    "het wachtwoord" },
};

/* The log-in page, with an optional message and the form as typed. */
static enum ddd_err
login_page(struct ctx *c, const char *message, xmlNodePtr *errors_out)
{
	xmlNodePtr	 r;
	enum ddd_err	 e;

	if ((r = http_page(c, "login", "login")) == NULL)
		return DDD_ERR_NOMEM;
	if ((e = http_school_list(c, r)) != DDD_OK)
		return e;
	xo_el(r, "csrf", csrf_token(c));
	if (message != NULL)
		xo_el(r, "message", message);
	if (kv_get(&c->query, "klaar") != NULL)
		xo_el(r, "notice", "Je wachtwoord is ingesteld. Log nu in.");
	if (c->method == HTTP_POST)
		form_echo(c, login_fields, F__MAX, r);
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

enum ddd_err
page_login_post(struct ctx *c)
{
	struct field_value v[F__MAX];
	struct db_result tres, ares;
	char		 login[256], addr_scope[100], acct_scope[100];
	char		 msg[200], newhash[CRYPTO_PWHASH_SIZE];
	const char	*stored = NULL;
	long long	 tenant_id = 0, account_id = 0;
	int		 mins, have_t = 0, have_a = 0;
	enum ddd_err	 e, result;
	xmlNodePtr	 errors;

	memset(&tres, 0, sizeof(tres));
	newhash[0] = '\0';
	memset(&ares, 0, sizeof(ares));
	if ((e = login_page(c, NULL, &errors)) != DDD_OK)
		return e;
	if (form_read(c, login_fields, F__MAX, v, errors) > 0) {
		c->status = 422;
		form_values_free(v, F__MAX);
		return DDD_OK;
	}
	snprintf(addr_scope, sizeof(addr_scope), "addr:%s", c->remote_addr);
	if ((mins = throttle_minutes(c, addr_scope)) != 0)
		goto locked;
	login_normalise(v[F_USERNAME].v, login, sizeof(login));
	{
		struct db_param p = DB_P_STR(v[F_SCHOOL].v);
		if ((e = db_run(c->db, STMT_TENANT_BY_SLUG, &p, 1, &tres)) !=
		    DDD_OK)
			goto fail;
		have_t = 1;
	}
	if (tres.nrows == 1) {
		struct db_param p[2];
		tenant_id = strtoll(DB_CELL(&tres, 0, 0), NULL, 10);
		p[0] = (struct db_param)DB_P_INT(tenant_id);
		p[1] = (struct db_param)DB_P_STR(login);
		if ((e = db_run(c->db, STMT_ACCOUNT_BY_LOGIN, p, 2, &ares)) !=
		    DDD_OK)
			goto fail;
		have_a = 1;
		if (ares.nrows == 1) {
			account_id = strtoll(DB_CELL(&ares, 0, 0), NULL, 10);
			stored = DB_CELL(&ares, 0, 2);
		}
	}
	snprintf(acct_scope, sizeof(acct_scope), "acct:%lld", account_id);
	if (account_id != 0 && (mins = throttle_minutes(c, acct_scope)) != 0)
		goto locked;
	result = stored != NULL ?
	    crypto_password_verify(v[F_PASSWORD].v, v[F_PASSWORD].len, stored) :
	    crypto_password_verify_dummy(v[F_PASSWORD].v, v[F_PASSWORD].len);
	if (result == DDD_ERR_INTERNAL)
		log_error("login", "account=%lld error=\"stored hash corrupt\"",
		    account_id);
	if (result != DDD_OK) {
		throttle_count(c, addr_scope, LOGIN_MAX_ADDR);
		if (account_id != 0)
			throttle_count(c, acct_scope, LOGIN_MAX_ACCOUNT);
		log_info("login_failed", "tenant=%lld account=%lld addr=%s",
		    tenant_id, account_id, c->remote_addr);
		xo_el(xo_root(c->doc), "message", stored == NULL &&
		    account_id != 0 ? "Dit account is nog niet geactiveerd. "
		    "Activeer het eerst via 'Account activeren'." :
		    "Deze combinatie van school, gebruikersnaam en wachtwoord "
		    "kennen wij niet. Controleer de gegevens en probeer het "
		    "opnieuw.");
		c->status = 422;
		e = DDD_OK;
		goto out;
	}
	/* Log in: new session, the failures forgotten, a stronger hash if
	 * the parameters moved on. */
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
	if ((e = throttle_clear(c, acct_scope)) != DDD_OK)
		goto rollback;
	if ((e = session_start(c, account_id, tenant_id)) != DDD_OK)
		goto rollback;
	if ((e = db_commit(c->db)) != DDD_OK)
		goto fail;
	log_info("login", "tenant=%lld account=%lld", tenant_id, account_id);
	e = http_redirect(c, "/");
	goto out;
locked:
	if (mins < 0) {
		e = DDD_ERR_DB_UNAVAILABLE;
		goto fail;
	}
	snprintf(msg, sizeof(msg), "Er is te vaak een verkeerd wachtwoord "
	    "ingevuld. Probeer het over %d minu%s opnieuw.", mins,
	    mins == 1 ? "ut" : "ten");
	xo_el(xo_root(c->doc), "message", msg);
	c->status = 429;
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
	form_values_free(v, F__MAX);
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
