/* The start pages after log-in: the student's blocks with 'Activeer DDD'
 * (and the BSN it asks for when none is linked), and the staff Portal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "bsn.h"
#include "field.h"
#include "keys.h"
#include "log.h"
#include "pages.h"
#include "route.h"
#include "session.h"
#include "throttle.h"
#include "xmlout.h"

/* The signed-in student's own account. */
static enum ddd_err
own_account(struct ctx *c, struct account *me)
{
	return account_get(c->db, c->sess.tenant_id, c->sess.account_id, me);
}

/* The Portal menu: the pages of the home menu (fcgi/route.c) this role
 * may open. */
static void
portal_menu(struct ctx *c, xmlNodePtr menu)
{
	size_t	 i;

	for (i = 0; i < home_menu_len; i++)
		if (pages[home_menu[i].page].roles & c->sess.role)
			xo_attr(xo_el(menu, "item", home_menu[i].label), "href",
			    route_path(home_menu[i].page));
}

enum ddd_err
page_home(struct ctx *c)
{
	struct account	 me;
	xmlNodePtr	 r, ddd;
	enum ddd_err	 e;

	if (!c->sess.valid)
		return http_redirect(c, "/login");
	if (c->sess.role != ROLE_LEERLING) {
		if ((r = http_page(c, "portal", "portal")) == NULL)
			return DDD_ERR_NOMEM;
		portal_menu(c, xo_el(r, "menu", NULL));
		http_header(c, "Cache-Control", "private, no-store");
		return DDD_OK;
	}
	if ((e = own_account(c, &me)) != DDD_OK)
		return e;
	if ((r = http_page(c, "start", "start")) == NULL)
		return DDD_ERR_NOMEM;
	ddd = xo_el(r, "ddd", NULL);
	xo_attr(ddd, "active", me.ddd_active ? "yes" : "no");
	xo_attr(ddd, "bsn", me.bsn_linked ? "yes" : "no");
	if (me.klas[0] != '\0')
		xo_el(r, "klas", me.klas);
	http_header(c, "Cache-Control", "private, no-store");
	return DDD_OK;
}

/* 'Activeer DDD': active at once when a BSN is linked, else ask for it. */
enum ddd_err
page_ddd_activate_post(struct ctx *c)
{
	struct account	 me;
	struct db_param	 p[2] = { DB_P_INT(c->sess.account_id),
	    DB_P_INT(c->sess.tenant_id) };
	int		 has_bsn;
	enum ddd_err	 e;

	if ((e = own_account(c, &me)) != DDD_OK)
		return e;
	has_bsn = me.bsn_linked;
	if (!has_bsn)
		return http_redirect(c, "/ddd/bsn");
	if ((e = db_run(c->db, STMT_ACCOUNT_DDD_ACTIVATE, p, 2, NULL)) !=
	    DDD_OK)
		return e;
	log_info("ddd_activated", "tenant=%lld account=%lld",
	    c->sess.tenant_id, c->sess.account_id);
	return http_redirect(c, "/");
}

/* The BSN step is no oracle for the numbers of other students: a linked
 * BSN is not the student's to change (the decaan can undo it), a number
 * another account holds is refused with the same neutral message as any
 * refusal that is not a typo, and tries are limited per account and per
 * address (nginx limits /ddd/bsn per address too).  Each try is one log
 * line without the number; a clash is a warning for the decaan. */
#define BSN_MAX_ACCOUNT		10	/* tries per account per window */
#define BSN_MAX_ADDR		100	/* per address: a school's NAT */

enum { B_BSN, B__MAX };

static const struct field bsn_fields[B__MAX] = {
	[B_BSN] = { "bsn", FIELD_DIGITS, 20, 1,
	    "je BSN of onderwijsnummer" },
};

static const char bsn_refused[] = "Dit nummer kan niet worden gekoppeld; "
    "neem contact op met je decaan.";

/* The page: the form, or (linked) that it is linked and who can change
 * it. */
static xmlNodePtr
bsn_page(struct ctx *c, int linked)
{
	xmlNodePtr	 r;

	if ((r = http_page(c, "bsn", "bsn")) == NULL)
		return NULL;
	if (linked)
		xo_el(r, "linked", NULL);
	return r;
}

static void
bsn_log(struct ctx *c, const char *result)
{
	log_info("bsn_try", "tenant=%lld account=%lld addr=%s result=%s",
	    c->sess.tenant_id, c->sess.account_id, c->remote_addr, result);
}

enum ddd_err
page_bsn(struct ctx *c)
{
	struct account	 me;
	enum ddd_err	 e;
	int		 has_bsn;

	if ((e = own_account(c, &me)) != DDD_OK)
		return e;
	has_bsn = me.bsn_linked;
	return bsn_page(c, has_bsn) != NULL ? DDD_OK : DDD_ERR_NOMEM;
}

/* A try that another account's number refused: nothing is stored, the
 * student gets the neutral refusal, the decaan a warning in the log. */
static enum ddd_err
bsn_clash(struct ctx *c, xmlNodePtr errors, const char *other)
{
	db_rollback(c->db);
	log_warn("bsn_try", "tenant=%lld account=%lld addr=%s result=clash "
	    "other=%s", c->sess.tenant_id, c->sess.account_id, c->remote_addr,
	    other != NULL ? other : "-");
	xo_attr(xo_el(errors, "error", bsn_refused), "field", "bsn");
	http_page_error(c, DDD_ERR_INVALID_INPUT);
	return DDD_OK;
}

enum ddd_err
page_bsn_post(struct ctx *c)
{
	struct field_value v[B__MAX];
	struct crypto_tenant_key key;
	struct account	 me;
	struct db_result res;
	unsigned char	 sealed[CRYPTO_BSN_SEALED_LEN];
	unsigned char	 lookup[CRYPTO_BSN_HASH_LEN];
	char		 acct_scope[100], addr_scope[100], msg[200];
	enum bsn_kind	 kind;
	xmlNodePtr	 r, errors;
	const char	*problem = NULL;
	int		 mins, has_bsn;
	enum ddd_err	 e;

	memset(&key, 0, sizeof(key));
	memset(v, 0, sizeof(v));
	if ((r = bsn_page(c, 0)) == NULL)
		return DDD_ERR_NOMEM;
	errors = xo_el(r, "errors", NULL);
	/* Every try counts, whatever it holds: a guess and a typo alike. */
	snprintf(acct_scope, sizeof(acct_scope), "bsn-acct:%lld",
	    c->sess.account_id);
	snprintf(addr_scope, sizeof(addr_scope), "bsn-addr:%s", c->remote_addr);
	if ((mins = throttle_minutes(c, acct_scope)) == 0)
		mins = throttle_minutes(c, addr_scope);
	if (mins < 0)
		return DDD_ERR_DB_UNAVAILABLE;
	if (mins > 0) {
		bsn_log(c, "throttled");
		snprintf(msg, sizeof(msg), "Er is te vaak een nummer "
		    "ingevuld. Probeer het over %d minu%s opnieuw.", mins,
		    mins == 1 ? "ut" : "ten");
		xo_el(r, "message", msg);
		http_page_error(c, DDD_ERR_RATE_LIMIT);
		return DDD_OK;
	}
	throttle_count(c, acct_scope, BSN_MAX_ACCOUNT);
	throttle_count(c, addr_scope, BSN_MAX_ADDR);
	/* Linked: the number sent is not even read. */
	if ((e = own_account(c, &me)) != DDD_OK)
		return e;
	has_bsn = me.bsn_linked;
	if (has_bsn) {
		bsn_log(c, "linked_already");
		if (bsn_page(c, 1) == NULL)
			return DDD_ERR_NOMEM;
		xo_el(xo_root(c->doc), "message", "Er is niets veranderd: je "
		    "BSN is al gekoppeld. Alleen je decaan kan het wijzigen.");
		http_page_error(c, DDD_ERR_CONFLICT);
		return DDD_OK;
	}
	/* Never echoed: a BSN does not go back into a page. */
	if (field_read(c, bsn_fields, B__MAX, v, errors) > 0) {
		bsn_log(c, "invalid");
		http_page_error(c, DDD_ERR_INVALID_INPUT);
		e = DDD_OK;
		goto out;
	}
	/* A typo is computable offline: a plain form error. */
	switch (bsn_check(v[B_BSN].v, v[B_BSN].len, &kind)) {
	case BSN_OK:
		break;
	case BSN_ERR_LENGTH:
		problem = "Een BSN of onderwijsnummer heeft 9 cijfers.";
		break;
	default:
		problem = "Dit is geen geldig BSN of onderwijsnummer. "
		    "Controleer de cijfers.";
		break;
	}
	if (problem != NULL) {
		bsn_log(c, "invalid");
		xo_attr(xo_el(errors, "error", problem), "field", "bsn");
		http_page_error(c, DDD_ERR_INVALID_INPUT);
		e = DDD_OK;
		goto out;
	}
	/* The school's key before the transaction: made on first use, and
	 * a thread that lost that race must see the winner's key, which a
	 * transaction's snapshot would hide from it. */
	if ((e = keys_current(c->db, c->app->master, c->sess.tenant_id,
	    &key)) != DDD_OK ||
	    (e = crypto_bsn_seal(&key, (uint64_t)c->sess.account_id,
	    v[B_BSN].v, v[B_BSN].len, sealed)) != DDD_OK ||
	    (e = crypto_bsn_lookup_hash(&key, v[B_BSN].v, v[B_BSN].len,
	    lookup)) != DDD_OK)
		goto out;
	if ((e = db_begin(c->db)) != DDD_OK)
		goto out;
	{
		struct db_param p[2] = { DB_P_INT(c->sess.tenant_id),
		    DB_P_BLOB(lookup, sizeof(lookup)) };
		if ((e = db_run(c->db, STMT_ACCOUNT_BY_BSN, p, 2, &res)) !=
		    DDD_OK)
			goto rollback;
		if (res.nrows > 0) {
			e = bsn_clash(c, errors, DB_COL(&res, 0, "id"));
			db_result_free(&res);
			goto out;
		}
		db_result_free(&res);
	}
	{
		struct db_param p[4] = { DB_P_BLOB(sealed, sizeof(sealed)),
		    DB_P_BLOB(lookup, sizeof(lookup)),
		    DB_P_INT(c->sess.account_id), DB_P_INT(c->sess.tenant_id) };
		e = db_run(c->db, STMT_ACCOUNT_SET_BSN, p, 4, &res);
		if (e == DDD_ERR_CONFLICT) {
			/* Another account linked it meanwhile (unique key). */
			e = bsn_clash(c, errors, NULL);
			goto out;
		}
		if (e != DDD_OK)
			goto rollback;
		if (res.affected != 1) {
			/* Linked meanwhile (another tab): keep that one. */
			db_result_free(&res);
			db_rollback(c->db);
			bsn_log(c, "linked_already");
			e = http_redirect(c, "/");
			goto out;
		}
		db_result_free(&res);
	}
	if ((e = db_commit(c->db)) != DDD_OK)
		goto out;
	log_info("bsn_try", "tenant=%lld account=%lld addr=%s result=linked "
	    "kind=%s", c->sess.tenant_id, c->sess.account_id, c->remote_addr,
	    kind == BSN_ONDERWIJSNUMMER ? "onderwijsnummer" : "bsn");
	e = http_redirect(c, "/");
	goto out;
rollback:
	db_rollback(c->db);
out:
	crypto_tenant_key_wipe(&key);
	crypto_wipe(sealed, sizeof(sealed));
	crypto_wipe(lookup, sizeof(lookup));
	field_values_free(v, B__MAX);
	return e;
}
