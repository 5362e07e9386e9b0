#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "log.h"
#include "xmlout.h"

/* The names as stored and as the filter and the stylesheets know them. */
static const char *const action_names[AUDIT__MAX] = {
	[AUDIT_IMPORT] = "leerlingen_ingelezen",
	[AUDIT_ACCOUNT_NEW] = "account_aangemaakt",
	[AUDIT_CLASS_LINK] = "klaskoppeling",
	[AUDIT_ACCOUNT_MAILS] = "accountgegevens_gemaild",
	[AUDIT_ACCOUNT_PRINT] = "accountgegevens_geprint",
	[AUDIT_PASSWORD] = "wachtwoord_gezet",
	[AUDIT_MAIL_RESEND] = "mail_opnieuw",
	[AUDIT_ARCHIVE] = "dossier_gearchiveerd",
	[AUDIT_RETURN] = "dossier_teruggezet",
	[AUDIT_EXPORT] = "inzage_export",
	[AUDIT_ERASE] = "leerling_verwijderd",
	[AUDIT_TENANT_LOAD] = "schoolbestand_geladen",
	[AUDIT_SSO_UNLINK] = "sso_ontkoppeld",
};

#define ADDR_MAX	64	/* audit_log.addr */

const char *
audit_action_name(enum audit_action a)
{
	return (unsigned)a < AUDIT__MAX ? action_names[a] : "";
}

int
audit_action_of(const char *name)
{
	int	 i;

	for (i = 0; i < AUDIT__MAX; i++)
		if (strcmp(action_names[i], name) == 0)
			return i;
	return -1;
}

enum ddd_err
audit_write(const struct actor *a, const char *addr, enum audit_action what,
    long long subject_id, long long dossier_id, const char *pseudonym,
    const char *detail)
{
	char		 where[ADDR_MAX + 1];
	const char	*role = a->account_id == 0 ? "beheerder" :
			    role_name(a->role);
	int		 own = !a->db->in_txn;
	enum ddd_err	 e;

	if ((unsigned)what >= AUDIT__MAX)
		return DDD_ERR_INTERNAL;
	snprintf(where, sizeof(where), "%s", addr != NULL ? addr : "");
	{
		struct db_param p[10] = { DB_P_INT(a->tenant_id),
		    DB_P_INT(a->account_id), DB_P_STR(a->naam),
		    DB_P_STR(role), DB_P_STR(where),
		    DB_P_STR(action_names[what]), DB_P_INT(subject_id),
		    DB_P_INT(dossier_id), DB_P_STR(detail),
		    DB_P_STR(pseudonym != NULL ? pseudonym : "") };
		if (own && (e = db_begin(a->db)) != DDD_OK)
			goto out;
		if ((e = db_run(a->db, STMT_AUDIT_INSERT, p, 10, NULL)) !=
		    DDD_OK) {
			if (own)
				db_rollback(a->db);
			goto out;
		}
		if (own)
			e = db_commit(a->db);
	}
out:
	/* A POST sent twice: the first one wrote the row. */
	if (e != DDD_OK && e != DDD_ERR_DUPLICATE)
		log_error("audit", "tenant=%lld by=%lld action=%s error=%s",
		    a->tenant_id, a->account_id, action_names[what],
		    err_name(e));
	return e;
}

static enum ddd_err
vrecord(const struct actor *a, const char *addr, enum audit_action what,
    long long subject_id, long long dossier_id, const char *fmt, va_list ap)
{
	char	 detail[AUDIT_DETAIL_MAX + 1];

	vsnprintf(detail, sizeof(detail), fmt, ap);
	return audit_write(a, addr, what, subject_id, dossier_id, NULL,
	    detail);
}

enum ddd_err
audit_record(const struct actor *a, const char *addr, enum audit_action what,
    long long subject_id, long long dossier_id, const char *fmt, ...)
{
	va_list		 ap;
	enum ddd_err	 e;

	va_start(ap, fmt);
	e = vrecord(a, addr, what, subject_id, dossier_id, fmt, ap);
	va_end(ap);
	return e;
}

enum ddd_err
audit_operator(struct db *db, long long tenant_id, enum audit_action what,
    long long subject_id, const char *fmt, ...)
{
	struct actor	 op;
	struct passwd	*pw;
	const char	*who = getenv("SUDO_USER"), *ssh = getenv("SSH_CLIENT");
	char		 naam[240], addr[ADDR_MAX + 1];
	va_list		 ap;
	enum ddd_err	 e;

	if (who == NULL || who[0] == '\0')
		who = (pw = getpwuid(getuid())) != NULL ? pw->pw_name : "?";
	snprintf(naam, sizeof(naam), "Beheerder (%s)", who);
	/* SSH_CLIENT is "address port port": the address the operator
	 * came from. */
	if (ssh != NULL && ssh[0] != '\0')
		snprintf(addr, sizeof(addr), "%.*s", (int)strcspn(ssh, " "),
		    ssh);
	else
		snprintf(addr, sizeof(addr), "lokaal");
	memset(&op, 0, sizeof(op));
	op.db = db;
	op.tenant_id = tenant_id;
	op.naam = naam;
	op.tenant_name = "";
	va_start(ap, fmt);
	e = vrecord(&op, addr, what, subject_id, 0, fmt, ap);
	va_end(ap);
	return e;
}

int
audit_pseudonym(const struct crypto_master *m, long long tenant_id,
    const char *login, char out[AUDIT_PSEUDONYM_LEN + 1])
{
	unsigned char	 key[32], mac[CRYPTO_SHA256_LEN];
	char		 msg[32 + 256];
	int		 n, rc = -1;

	n = snprintf(msg, sizeof(msg), "%lld%c%s", tenant_id, '\0', login);
	if (n > 0 && (size_t)n < sizeof(msg) &&
	    crypto_derive_key(m->key, sizeof(m->key), "ddd-pseudonym",
	    key) == 0 &&
	    crypto_hmac_sha256(key, sizeof(key), msg, (size_t)n, mac) == 0 &&
	    crypto_hex_encode(mac, AUDIT_PSEUDONYM_LEN / 2, out,
	    AUDIT_PSEUDONYM_LEN + 1) == 0)
		rc = 0;
	crypto_wipe(key, sizeof(key));
	crypto_wipe(msg, sizeof(msg));
	return rc;
}

enum ddd_err
audit_forget_student(struct db *db, const struct crypto_master *m,
    long long tenant_id, long long account_id, const char *login,
    char pseudo[AUDIT_PSEUDONYM_LEN + 1])
{
	enum ddd_err	 e;

	if (!db->in_txn)
		return DDD_ERR_INTERNAL;
	if (audit_pseudonym(m, tenant_id, login, pseudo) == -1)
		return DDD_ERR_INTERNAL;
	{
		struct db_param p[6] = { DB_P_STR(pseudo),
		    DB_P_INT(account_id), DB_P_INT(account_id),
		    DB_P_INT(tenant_id), DB_P_INT(account_id),
		    DB_P_INT(account_id) };
		if ((e = db_run(db, STMT_AUDIT_PSEUDONYMISE, p, 6, NULL)) !=
		    DDD_OK)
			return e;
	}
	{
		struct db_param p[3] = { DB_P_STR(pseudo), DB_P_INT(tenant_id),
		    DB_P_INT(account_id) };
		return db_run(db, STMT_ACCESS_PSEUDONYMISE_STUDENT, p, 3,
		    NULL);
	}
}

enum ddd_err
audit_forget_dossier(struct db *db, const struct crypto_master *m,
    long long tenant_id, long long dossier_id, const char *login)
{
	char		 pseudo[AUDIT_PSEUDONYM_LEN + 1];

	if (!db->in_txn)
		return DDD_ERR_INTERNAL;
	if (audit_pseudonym(m, tenant_id, login, pseudo) == -1)
		return DDD_ERR_INTERNAL;
	{
		struct db_param p[3] = { DB_P_STR(pseudo), DB_P_INT(tenant_id),
		    DB_P_INT(dossier_id) };
		return db_run(db, STMT_ACCESS_PSEUDONYMISE_DOSSIER, p, 3,
		    NULL);
	}
}

/* A LIKE pattern that finds term anywhere: %, _ and \ taken literally. */
static void
like_anywhere(char *out, size_t size, const char *term)
{
	size_t	 o = 0;

	out[o++] = '%';
	for (; *term != '\0' && o + 3 < size; term++) {
		if (*term == '%' || *term == '_' || *term == '\\')
			out[o++] = '\\';
		out[o++] = *term;
	}
	out[o++] = '%';
	out[o] = '\0';
}

enum ddd_err
audit_list(const struct actor *a, const struct audit_filter *f,
    xmlNodePtr parent)
{
	struct db_result res;
	xmlNodePtr	 list, n;
	char		 pattern[2 * 60 + 8];
	size_t		 i;
	enum ddd_err	 e;

	like_anywhere(pattern, sizeof(pattern), f->name);
	{
		struct db_param p[9] = { DB_P_INT(a->tenant_id),
		    DB_P_STR(f->what), DB_P_STR(f->what), DB_P_STR(f->from),
		    DB_P_STR(f->from), DB_P_STR(f->to), DB_P_STR(f->to),
		    DB_P_STR(f->name), DB_P_STR(pattern) };
		if ((e = db_run(a->db, STMT_AUDIT_LIST, p, 9, &res)) != DDD_OK)
			return e;
	}
	list = xo_el(parent, "regels", NULL);
	for (i = 0; i < res.nrows; i++) {
		n = xo_el(list, "regel", DB_COL(&res, i, "detail"));
		xo_attr(n, "id", DB_COL(&res, i, "id"));
		xo_attr(n, "op", DB_COL(&res, i, "at"));
		xo_attr(n, "wie", DB_COL(&res, i, "actor_name"));
		xo_attr(n, "rol", DB_COL(&res, i, "actor_role"));
		xo_attr(n, "adres", DB_COL(&res, i, "addr"));
		xo_attr(n, "wat", DB_COL(&res, i, "action"));
		xo_attr(n, "dossier", DB_COL(&res, i, "dossier_id"));
		xo_attr(n, "pseudoniem", DB_COL(&res, i, "pseudonym"));
		xo_attr(n, "over", DB_COL(&res, i, "subject_name"));
		xo_attr(n, "over-rol", DB_COL(&res, i, "subject_role"));
		xo_attr(n, "over-nr", DB_COL(&res, i, "subject_login"));
	}
	db_result_free(&res);
	{
		struct db_param p = DB_P_INT(a->tenant_id);
		if ((e = db_run(a->db, STMT_AUDIT_ACCESS_GONE, &p, 1, &res)) !=
		    DDD_OK)
			return e;
	}
	list = xo_el(parent, "weg", NULL);
	for (i = 0; i < res.nrows; i++) {
		n = xo_el(list, "inzage", NULL);
		xo_attr(n, "op", DB_COL(&res, i, "at"));
		xo_attr(n, "wie", DB_COL(&res, i, "actor_name"));
		xo_attr(n, "organisatie", DB_COL(&res, i, "actor_org"));
		xo_attr(n, "wat", DB_COL(&res, i, "action"));
		xo_attr(n, "pseudoniem", DB_COL(&res, i, "pseudonym"));
		xo_attr(n, "extern", DB_COL(&res, i, "external"));
	}
	db_result_free(&res);
	list = xo_el(parent, "soorten", NULL);
	for (i = 0; i < AUDIT__MAX; i++)
		xo_el(list, "soort", action_names[i]);
	return DDD_OK;
}
