/* Account activation, as mijn.intergrip.nl does it: school + leerlingnummer
 * (or e-mail for staff) -> a single-use, expiring link by mail -> choose a
 * password -> log in.  The sender makes the link's token as the mail
 * leaves; only its SHA-256 is stored. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "log.h"
#include "outbox.h"
#include "pages.h"
#include "password.h"
#include "req.h"
#include "session.h"
#include "throttle.h"
#include "xmlout.h"

#define ACTIVATE_MAX_ADDR	10	/* requests per address per window */

enum { A_SCHOOL, A_USERNAME, A__MAX };

static const struct field request_fields[A__MAX] = {
	[A_SCHOOL] = { "school", FIELD_SLUG, 64, 1, "de school of instelling" },
	[A_USERNAME] = { "username", FIELD_LOGIN, 254, 1,
	    "het leerlingnummer of e-mailadres" },
};

enum { P_TOKEN, P_PASSWORD, P_PASSWORD2, P__MAX };

static const struct field password_fields[P__MAX] = {
	[P_TOKEN] = { "t", FIELD_TOKEN, CRYPTO_TOKEN_LEN, 1, "de link" },
	[P_PASSWORD] = { "password", FIELD_PASSWORD, CRYPTO_PASSWORD_MAX, 1,
	    "een wachtwoord" },
	[P_PASSWORD2] = { "password2", FIELD_PASSWORD, CRYPTO_PASSWORD_MAX, 1,
	    "het wachtwoord nog een keer" },
};

static enum ddd_err
request_page(struct ctx *c, xmlNodePtr *root)
{
	xmlNodePtr	 r;
	enum ddd_err	 e;

	if ((r = http_page(c, "activeren", "activeren")) == NULL)
		return DDD_ERR_NOMEM;
	if ((e = http_school_choice(c, r)) != DDD_OK)
		return e;
	xo_el(r, "csrf", csrf_token(c));
	http_header(c, "Cache-Control", "no-store");
	*root = r;
	return DDD_OK;
}

enum ddd_err
page_activate(struct ctx *c)
{
	xmlNodePtr	 r;

	return request_page(c, &r);
}

/* Queue the mail to the account of STMT_ACCOUNT_BY_LOGIN's row; inside a
 * transaction.  Its <link/> stays empty: the sender makes the token when
 * the mail leaves (fcgi/mailer.c), so no usable token ever waits in the
 * outbox or stays there. */
static enum ddd_err
queue_link_mail(struct ctx *c, long long tenant_id, const char *school,
    const struct db_result *acc)
{
	long long	 account_id = strtoll(DB_COL(acc, 0, "id"), NULL, 10);
	const char	*email = DB_COL(acc, 0, "email");
	char		 naam[240];
	xmlDocPtr	 mail;
	xmlNodePtr	 m;
	enum ddd_err	 e;

	db_full_name(naam, sizeof(naam), acc, 0, "");
	if ((mail = xo_doc("mail")) == NULL)
		return DDD_ERR_NOMEM;
	m = xo_root(mail);
	xo_attr(m, "kind", "activation");
	xo_el(m, "roepnaam", DB_COL(acc, 0, "roepnaam"));
	xo_el(m, "school", school);
	xo_el(m, "link", NULL);
	xo_attr_int(xo_el(m, "days", NULL), "n",
	    c->app->cfg->activation_ttl / 86400);
	e = outbox_queue(c->db, tenant_id, account_id, "activation", email, naam,
	    "Kies je wachtwoord voor het Digitaal Doorstroomdossier", mail);
	xmlFreeDoc(mail);
	return e;
}

enum ddd_err
page_activate_post(struct ctx *c)
{
	struct field_value v[A__MAX];
	struct db_result tres, ares;
	char		 login[256], scope[100];
	xmlNodePtr	 r, errors;
	int		 mins, have_t = 0, have_a = 0;
	enum ddd_err	 e;

	memset(&tres, 0, sizeof(tres));
	memset(&ares, 0, sizeof(ares));
	if ((e = request_page(c, &r)) != DDD_OK)
		return e;
	errors = xo_el(r, "errors", NULL);
	field_echo(c, request_fields, A__MAX, r);
	if (field_read(c, request_fields, A__MAX, v, errors) > 0) {
		http_page_error(c, DDD_ERR_INVALID_INPUT);
		field_values_free(v, A__MAX);
		return DDD_OK;
	}
	snprintf(scope, sizeof(scope), "act:%s", c->remote_addr);
	if ((mins = throttle_minutes(c, scope)) != 0) {
		char msg[200];
		if (mins < 0) {
			e = DDD_ERR_DB_UNAVAILABLE;
			goto out;
		}
		snprintf(msg, sizeof(msg), "Er zijn vanaf deze plek te veel "
		    "aanvragen gedaan. Probeer het over %d minu%s opnieuw.",
		    mins, mins == 1 ? "ut" : "ten");
		xo_el(r, "message", msg);
		http_page_error(c, DDD_ERR_RATE_LIMIT);
		goto out;
	}
	throttle_count(c, scope, ACTIVATE_MAX_ADDR);
	login_normalise(v[A_USERNAME].v, login, sizeof(login));
	{
		struct db_param p = DB_P_STR(v[A_SCHOOL].v);
		if ((e = db_run(c->db, STMT_TENANT_BY_SLUG, &p, 1, &tres)) !=
		    DDD_OK)
			goto out;
		have_t = 1;
	}
	if (tres.nrows == 1) {
		long long tenant_id = strtoll(DB_COL(&tres, 0, "id"), NULL, 10);
		struct db_param p[2] = { DB_P_INT(tenant_id),
		    DB_P_STR(login) };
		if ((e = db_run(c->db, STMT_ACCOUNT_BY_LOGIN, p, 2, &ares)) !=
		    DDD_OK)
			goto out;
		have_a = 1;
		if (ares.nrows == 1 && DB_COL(&ares, 0, "email") != NULL &&
		    *DB_COL(&ares, 0, "email") != '\0') {
			if ((e = db_begin(c->db)) != DDD_OK)
				goto out;
			if ((e = queue_link_mail(c, tenant_id,
			    DB_COL(&tres, 0, "name"), &ares)) != DDD_OK) {
				db_rollback(c->db);
				goto out;
			}
			if ((e = db_commit(c->db)) != DDD_OK)
				goto out;
			log_info("activation_queued", "tenant=%lld account=%s",
			    tenant_id, DB_COL(&ares, 0, "id"));
		} else
			log_info("activation_unknown", "tenant=%lld",
			    tenant_id);
	}
	/* The same answer whether or not the account exists. */
	xo_el(r, "sent", NULL);
out:
	if (have_t)
		db_result_free(&tres);
	if (have_a)
		db_result_free(&ares);
	field_values_free(v, A__MAX);
	return e;
}

/* The link's account (a row of STMT_ACTIVATION_GET), or an answer saying
 * the link is no good. */
static enum ddd_err
link_account(struct ctx *c, const char *token, size_t len,
    struct db_result *res, int *valid)
{
	unsigned char	 hash[CRYPTO_SHA256_LEN];
	struct db_param	 p = DB_P_BLOB(hash, sizeof(hash));
	enum ddd_err	 e;

	*valid = 0;
	if (token == NULL || crypto_token_hash(token, len, hash) == -1)
		return DDD_OK;
	if ((e = db_run(c->db, STMT_ACTIVATION_GET, &p, 1, res)) != DDD_OK)
		return e;
	if (res->nrows == 1)
		*valid = 1;
	else
		db_result_free(res);
	return DDD_OK;
}

static xmlNodePtr
password_page(struct ctx *c, const struct db_result *acc, const char *token)
{
	xmlNodePtr	 r;

	if ((r = http_page(c, "wachtwoord", "wachtwoord")) == NULL)
		return NULL;
	xo_el(r, "csrf", csrf_token(c));
	http_header(c, "Cache-Control", "no-store");
	if (acc == NULL) {
		xo_el(r, "invalid", NULL);
		http_page_error(c, DDD_ERR_GONE);
		return r;
	}
	xo_el(r, "t", token);
	xo_el(r, "roepnaam", DB_COL(acc, 0, "roepnaam"));
	xo_el(r, "school", DB_COL(acc, 0, "tenant_name"));
	xo_el(r, "login", DB_COL(acc, 0, "login"));
	xo_attr_int(xo_el(r, "min", NULL), "n", PASSWORD_MIN);
	return r;
}

enum ddd_err
page_password(struct ctx *c)
{
	const struct kv	*t = kv_get(&c->query, "t");
	struct db_result res;
	int		 valid;
	enum ddd_err	 e;

	if ((e = link_account(c, t ? t->val : NULL, t ? t->vallen : 0, &res,
	    &valid)) != DDD_OK)
		return e;
	if (password_page(c, valid ? &res : NULL, t ? t->val : "") == NULL)
		e = DDD_ERR_NOMEM;
	if (valid)
		db_result_free(&res);
	return e;
}

enum ddd_err
page_password_post(struct ctx *c)
{
	struct field_value v[P__MAX];
	struct db_result acc, lock;
	unsigned char	 hash[CRYPTO_SHA256_LEN];
	char		 pwhash[CRYPTO_PWHASH_SIZE];
	long long	 account_id, tenant_id;
	int		 valid;
	xmlNodePtr	 r, errors;
	size_t		 bad;
	enum password_problem pwp;
	enum ddd_err	 e;

	(void)field_read(c, password_fields, P__MAX, v, NULL);
	if ((e = link_account(c, v[P_TOKEN].v, v[P_TOKEN].len, &acc,
	    &valid)) != DDD_OK)
		goto out;
	if ((r = password_page(c, valid ? &acc : NULL,
	    v[P_TOKEN].v ? v[P_TOKEN].v : "")) == NULL) {
		e = DDD_ERR_NOMEM;
		goto free_acc;
	}
	if (!valid)
		goto out;
	errors = xo_el(r, "errors", NULL);
	field_values_free(v, P__MAX);
	bad = field_read(c, password_fields, P__MAX, v, errors);
	if (bad == 0 && (pwp = password_check(v[P_PASSWORD].v,
	    v[P_PASSWORD].len, DB_COL(&acc, 0, "login"))) != PASSWORD_OK) {
		xo_attr(xo_el(errors, "error", password_problem_nl(pwp)),
		    "field", "password");
		bad++;
	}
	if (bad == 0 && strcmp(v[P_PASSWORD].v, v[P_PASSWORD2].v) != 0) {
		xo_attr(xo_el(errors, "error", "De twee wachtwoorden zijn niet "
		    "gelijk."), "field", "password2");
		bad++;
	}
	if (bad > 0) {
		http_page_error(c, DDD_ERR_INVALID_INPUT);
		goto free_acc;
	}
	account_id = strtoll(DB_COL(&acc, 0, "account_id"), NULL, 10);
	tenant_id = strtoll(DB_COL(&acc, 0, "tenant_id"), NULL, 10);
	if ((e = crypto_password_hash(v[P_PASSWORD].v, v[P_PASSWORD].len,
	    pwhash)) != DDD_OK)
		goto free_acc;
	crypto_token_hash(v[P_TOKEN].v, v[P_TOKEN].len, hash);
	if ((e = db_begin(c->db)) != DDD_OK)
		goto free_acc;
	{
		/* The link is used once: lock it, then use up every link of
		 * the account; a second click finds nothing. */
		struct db_param p = DB_P_BLOB(hash, sizeof(hash));
		if ((e = db_run(c->db, STMT_ACTIVATION_LOCK, &p, 1, &lock)) !=
		    DDD_OK)
			goto rollback;
		int locked = lock.nrows == 1;
		db_result_free(&lock);
		if (!locked) {
			db_rollback(c->db);
			password_page(c, NULL, "");
			goto free_acc;
		}
	}
	{
		struct db_param p[3] = { DB_P_STR(pwhash), DB_P_INT(account_id),
		    DB_P_INT(tenant_id) };
		if ((e = db_run(c->db, STMT_ACCOUNT_SET_PASSWORD, p, 3,
		    NULL)) != DDD_OK ||
		    (e = db_run(c->db, STMT_ACTIVATION_USE_ALL, p + 1, 2,
		    NULL)) != DDD_OK ||
		    (e = db_run(c->db, STMT_SESSION_DELETE_ACCOUNT, p + 1, 2,
		    NULL)) != DDD_OK)
			goto rollback;
	}
	if ((e = db_commit(c->db)) != DDD_OK)
		goto free_acc;
	log_info("password_set", "tenant=%lld account=%lld", tenant_id,
	    account_id);
	e = http_redirect(c, "/login?klaar=1");
	goto free_acc;
rollback:
	db_rollback(c->db);
free_acc:
	if (valid)
		db_result_free(&acc);
	crypto_wipe(pwhash, sizeof(pwhash));
out:
	field_values_free(v, P__MAX);
	return e;
}
