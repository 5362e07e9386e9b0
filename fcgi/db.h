/* MariaDB access: one connection per worker thread, every SQL statement in
 * one table (enum stmt) with the names of its result columns, prepared once
 * per connection, parameters bound, cells read by column name (DB_COL).
 * A lost connection is noticed, and re-established on the next use. */
#ifndef DDD_DB_H
#define DDD_DB_H

#include <stddef.h>
#include <mysql.h>

#include "config.h"
#include "err.h"

enum stmt {
	STMT_PING,
	STMT_SCHEMA_VERSION,
	STMT_TENANT_BY_SLUG,
	STMT_ACCOUNT_BY_LOGIN,
	STMT_ACCOUNT_GET,
	STMT_ACCOUNT_SET_HASH,
	STMT_ACCOUNT_SET_PASSWORD,
	STMT_ACCOUNT_DDD_ACTIVATE,
	STMT_ACCOUNT_SET_BSN,
	STMT_ACCOUNT_BY_BSN,
	STMT_SESSION_INSERT,
	STMT_SESSION_GET,
	STMT_SESSION_TOUCH,
	STMT_SESSION_DELETE,
	STMT_SESSION_DELETE_ACCOUNT,
	STMT_SESSION_PURGE,
	STMT_THROTTLE_GET,
	STMT_THROTTLE_FAIL,
	STMT_THROTTLE_CLEAR,
	STMT_ACTIVATION_GET,
	STMT_ACTIVATION_LOCK,
	STMT_ACTIVATION_USE_ALL,
	STMT_OUTBOX_INSERT,
	STMT_TENANT_KEY_LATEST,
	STMT_TENANT_KEY_GET,
	STMT_TENANT_KEY_INSERT,
	STMT_STUDENT_LOCK,
	STMT_STUDENT_INSERT,
	STMT_STUDENT_UPDATE,
	STMT_STUDENT_SET_BSN,
	STMT_ACCOUNT_SET_PASSWORD_LOGIN,
	STMT_CLASS_LIST,
	STMT_CLASS_MENTORS,
	STMT_STAFF_LIST,
	STMT_STAFF_CHECK,
	STMT_CLASS_CLEAR,
	STMT_CLASS_LINK,
	STMT_STUDENT_LIST,
	STMT_STAFF_INSERT,
	STMT_MAIL_CLAIM_SELECT,
	STMT_MAIL_CLAIM_UPDATE,
	STMT_MAIL_LOAD,
	STMT_MAIL_RENEW,
	STMT_MAIL_SENT,
	STMT_MAIL_RETRY,
	STMT_MAIL_FAIL,
	STMT_MAIL_RELEASE,
	STMT_MAIL_LINK_NEW,
	STMT_MAIL_LINK_DROP,
	STMT_DOSSIER_LIST_STUDENT,
	STMT_DOSSIER_INSERT,
	STMT_DOSSIER_GET,
	STMT_DOSSIER_LOCK,
	STMT_DOSSIER_SET_PHASE,
	STMT_DOSSIER_SET_ARCHIVED,
	STMT_DOSSIER_SUBMIT_A,
	STMT_EVENT_INSERT,
	STMT_ANSWERS_GET,
	STMT_ANSWER_PUT,
	STMT_ANSWER_DELETE,
	STMT_ANSWERS_LIST_STUDENT,
	STMT_MENTORS_FOR_STUDENT,
	STMT_MBO_BY_SLUG,
	STMT_MBO_LIST,
	STMT_MENTOR_OF_STUDENT,
	STMT_DEEL_B_LIST,
	STMT_EVENTS_LIST,
	STMT_AKKOORD_INSERT,
	STMT_AKKOORD_GET,
	STMT_STUDENT_AGE,
	STMT_DOSSIER_GET_MBO,
	STMT_MBO_DOSSIERS,
	STMT_DASH_MBOS,
	STMT_MY_STUDENTS,
	STMT_MY_STUDENTS_MENTOR,
	STMT_MY_CLASSES,
	STMT_STUDENT_OF_TENANT,
	STMT_TENANT_FILE,
	STMT_MAIL_LOG,
	STMT_MAIL_RESEND,
	STMT_VO_TENANTS,
	STMT_REMINDER_DUE,
	STMT_REMINDER_INSERT,
	STMT_EXPORT_STUDENT,
	STMT_DOCUMENT_FIND,
	STMT_DOCUMENT_FINAL,
	STMT_DOCUMENT_INSERT,
	STMT_DOCUMENT_PRUNE,
	STMT_DOCUMENT_FINAL_META,
	STMT_MAIL_DOCUMENT,
	STMT_NOTICE_TARGET,
	STMT_NOTICE_INSERT,
	STMT_NOTICE_CLAIM_SELECT,
	STMT_NOTICE_CLAIM_UPDATE,
	STMT_NOTICE_LOAD,
	STMT_NOTICE_SENT,
	STMT_NOTICE_RETRY,
	STMT_NOTICE_FAIL,
	STMT_MBO_STATUS_SET,
	STMT_MBO_STATUS_GET,
	STMT_DASH_TALLY,
	STMT_BIJLAGE_PUT,
	STMT_BIJLAGE_DELETE,
	STMT_BIJLAGEN_LIST,
	STMT_BIJLAGE_GET,
	STMT_BIJLAGEN_DATA,
	STMT_ACCESS_INSERT,
	STMT_ACCESS_LIST,
	STMT_PURGE_KEEP_COUNTS,
	STMT_PURGE_DOSSIERS,
	STMT_PURGE_MAIL,
	STMT_PURGE_ACCOUNTS,
	STMT_STUDENT_LOCK_ID,
	STMT_STUDENT_KEPT_DOSSIER,
	STMT_ONCE_CLAIM,
	STMT_ONCE_SET_LOCATION,
	STMT_ONCE_GET,
	STMT_PURGE_ONCE,
	STMT_CLASSES_NO_MENTOR,
	STMT_LAST_TRANSITION,
	STMT_TENANT_CONFIG_VERSION,
	STMT_TENANT_LOAD_BY_SLUG,
	STMT_TENANT_LOAD_BY_BRIN,
	STMT_TENANT_LOAD_UPSERT,
	STMT_TENANT_LOAD_ACCOUNT_LOCK,
	STMT_TENANT_LOAD_ACCOUNT_INSERT,
	STMT_TENANT_LOAD_ACCOUNT_UPDATE,
	STMT_TENANT_LOAD_CLASS_FIND,
	STMT_TENANT_LOAD_PART_CLEAR,
	STMT_TENANT_LOAD_PART_ADD,
	STMT_MY_CLASSES_MENTOR,
	STMT_DEEL_B_LIST_MENTOR,
	/* The audit trail, the inzage export and erasure (fcgi/audit.c,
	 * fcgi/privacy_*.c): statements in fcgi/db_privacy.inc. */
	STMT_AUDIT_INSERT,
	STMT_AUDIT_LIST,
	STMT_AUDIT_ACCESS_GONE,
	STMT_AUDIT_PSEUDONYMISE,
	STMT_AUDIT_PURGE,
	STMT_ACCESS_PURGE_GONE,
	STMT_ACCESS_PSEUDONYMISE_STUDENT,
	STMT_ACCESS_PSEUDONYMISE_DOSSIER,
	STMT_PURGE_DOSSIERS_DUE,
	STMT_PURGE_ACCOUNTS_DUE,
	STMT_PRIVACY_STUDENT,
	STMT_PRIVACY_DOSSIERS,
	STMT_PRIVACY_DOCUMENTS,
	STMT_PRIVACY_REMINDERS,
	STMT_PRIVACY_NOTICES,
	STMT_PRIVACY_MAILS,
	STMT_PRIVACY_STAFF_MAILS,
	STMT_PRIVACY_ACCESS,
	STMT_PRIVACY_AUDIT,
	STMT_PRIVACY_SESSIONS,
	STMT_PRIVACY_ACTIVATIONS,
	STMT_PRIVACY_LOCK_STUDENT,
	STMT_PRIVACY_ERASE_COUNTS,
	STMT_PRIVACY_DELIVERED,
	STMT_PRIVACY_DELETE_MAILS,
	STMT_PRIVACY_DELETE_STAFF_MAILS,
	STMT_PRIVACY_DELETE_DOSSIERS,
	STMT_PRIVACY_DELETE_ACCOUNT,
	STMT_PRIVACY_DELETE_FORM_KEYS,
	STMT_PURGE_THROTTLE,
	STMT_AUDIT_PURGE_MBO,
	STMT_METRICS_OUTBOX_DUE,
	STMT_METRICS_OUTBOX_STATUS,
	STMT_METRICS_NOTICE_STATUS,
	/* The API (fcgi/api_stmts.inc). */
	STMT_API_CLIENT_ACCOUNT_INSERT,
	STMT_API_CLIENT_INSERT,
	STMT_API_CLIENT_LIST,
	STMT_API_CLIENT_REVOKE,
	STMT_API_CLIENT_TOKENS_DROP,
	STMT_API_CLIENT_BY_ID,
	STMT_API_TOKEN_PURGE,
	STMT_API_TOKEN_INSERT,
	STMT_API_TOKEN_GET,
	STMT_API_RATE_HIT,
	STMT_API_FEED_NEXT,
	STMT_API_FEED_SEQ,
	STMT_API_FEED_PUT,
	STMT_API_FEED_LIST,
	STMT_API_DOSSIER_SUMMARY,
	STMT_MBO_STATUS_LOCK,
	STMT_ONCE_CLAIM_AT,
	STMT_TENANT_LIST_FIRST,
	STMT_TENANT_SEARCH,
	STMT_DASH_FIGURES_MENTOR,
	/* The SAML service provider (fcgi/saml_stmts.inc). */
	STMT_SAML_REQUEST_PURGE,
	STMT_SAML_REQUEST_PUT,
	STMT_SAML_REQUEST_TENANT,
	STMT_SAML_REQUEST_TAKE,
	STMT_SAML_SEEN_PURGE,
	STMT_SAML_SEEN_PUT,
	STMT_GTID_WAIT,
	STMT_LAST_GTID,
	STMT_METRICS_SEMI_SYNC,
	/* Federated log-in (fcgi/sso_stmts.inc). */
	STMT_SSO_LINK_BY_SUBJECT,
	STMT_SSO_LINK_INSERT,
	STMT_SSO_LINK_TOUCH,
	STMT_SSO_LINK_DELETE,
	STMT_SSO_STUDENTS,
	STMT_SESSION_SET_SSO_INDEX,
	STMT_SESSION_BY_SSO_INDEX,
	STMT_ACCOUNT_ROLE_BY_LOGIN,
	STMT_OIDC_STATE_INSERT,
	STMT_OIDC_STATE_USE,
	STMT_OIDC_STATE_GET,
	STMT_OIDC_STATE_PURGE,
	STMT_TENANT_SET_SSO,
	STMT_TENANT_SSO_LIST,
	STMT_PRIVACY_SSO_LINK,
	STMT_TENANT_SSO_BY_SLUG,
	STMT_TENANT_SAML_IDS,
	STMT_SESSION_DELETE_SSO_INDEX,
	STMT_MAIL_HANDED,
	STMT_NOTICE_HANDED,
	STMT_JOB_LOCK,
	STMT_JOB_UNLOCK,
	STMT_MAIL_UNCONFIRMED,
	STMT__MAX
};

enum db_type { DB_NULL, DB_STR, DB_INT, DB_BLOB };

struct db_param {
	enum db_type	 type;
	const char	*s;	/* DB_STR: bytes (need not be NUL-terminated) */
	size_t		 len;
	long long	 i;	/* DB_INT */
};

#define DB_P_STR(str)		{ DB_STR, (str), strlen(str), 0 }
#define DB_P_STRN(str, n)	{ DB_STR, (str), (n), 0 }
#define DB_P_INT(v)		{ DB_INT, NULL, 0, (v) }
#define DB_P_BLOB(p, n)		{ DB_BLOB, (const char *)(p), (n), 0 }

/* Result of a query: every cell as a NUL-terminated string (NULL for SQL
 * NULL), row-major, read by column name (DB_COL).  Owned by the caller;
 * free with db_result_free. */
struct db_result {
	enum stmt	  stmt;		/* whose columns these are */
	size_t		  nrows;
	size_t		  ncols;
	char		**cell;
	size_t		 *len;
	unsigned long long affected;
	unsigned long long insert_id;
};

/* The cell of the result column called 'name' (a string literal: the
 * names are checked against the statement table by tests/integration/
 * t_db_columns.py) in row 'row'; NULL for SQL NULL.  DB_COL_LEN is its
 * length in bytes, for binary cells.  A name the statement has not, or a
 * row past the end, is a programming error: logged (event=db_col, with
 * the statement's name) and NULL or 0. */
#define DB_COL(r, row, name)	 db_col((r), (row), "" name)
#define DB_COL_LEN(r, row, name) db_col_len((r), (row), "" name)
const char	*db_col(const struct db_result *, size_t row, const char *);
size_t		 db_col_len(const struct db_result *, size_t row,
		    const char *);

/* The one-time key of a POST (fcgi/http.c, schema/sql/0014): when armed,
 * the first db_begin of the request inserts it in its transaction, so the
 * POST's effect and its key commit together; the same POST arriving again
 * waits on the key and gets DDD_ERR_DUPLICATE. */
struct db_once {
	int		 armed;		/* a key to claim */
	int		 in_txn;	/* claimed by the open transaction */
	int		 claimed;	/* committed */
	long long	 account_id;
	long long	 tenant_id;
	unsigned char	 key[32];	/* SHA-256 */
	/* Where the answer goes if the claiming transaction commits, when
	 * the handler knows it before: claimed with the key, so its twins
	 * find it without a second write (and commit) after this one. */
	char		 location[512];
	int		 located_in_txn;	/* the claim carried location */
	int		 located;		/* ... and committed */
};

#define DB_GTID_MAX	128	/* "domain-server-seq[,...]" */

struct db {
	const struct config	*cfg;
	MYSQL			*conn;		/* NULL when not connected */
	MYSQL_STMT		*stmt[STMT__MAX];
	int			 in_txn;
	int			 read_committed;	/* set before connecting */
	struct db_once		 once;		/* per request */
	/* Reads from a replica (db_servers, db_replica_reads = on): the
	 * worker's threads each hold a second connection, to a read-only
	 * server; a GET's reads go there once it has caught up with the
	 * user's last write (db_request_start). */
	struct db		*replica;	/* or NULL */
	int			 want_replica;	/* this one is the replica */
	int			 req_replica;	/* this request may use it */
	int			 replica_state;	/* 0 not yet, 1 caught up, -1 no */
	int			 wrote;		/* this request wrote */
	char			 wait_gtid[DB_GTID_MAX];	/* "" for none */
};

/* Library set-up before any thread starts (mysql_library_init). */
int		 db_global_init(void);
void		 db_global_end(void);
/* Per-thread: call in the thread that uses the connection. */
void		 db_thread_init(void);
void		 db_thread_end(void);

void		 db_init(struct db *, const struct config *);
/* Connect (if not connected) and prepare every statement. */
enum ddd_err	 db_connect(struct db *);
void		 db_close(struct db *);

/* Run a statement.  'res' may be NULL when no rows are wanted.  Outside a
 * transaction, a read-only statement that hits a lost connection is tried
 * once more on a fresh one.  DDD_ERR_DB_UNAVAILABLE when the server is
 * gone, DDD_ERR_CONFLICT on a duplicate key, DDD_ERR_INTERNAL otherwise. */
enum ddd_err	 db_run(struct db *, enum stmt, const struct db_param *,
		    size_t nparams, struct db_result *res);
void		 db_result_free(struct db_result *);
/* "Roepnaam [tussenvoegsel] Achternaam" from the columns
 * <prefix>roepnaam, <prefix>tussenvoegsel and <prefix>achternaam of a
 * row (prefix a string literal, "" for none). */
void		 db_full_name(char *out, size_t size, const struct db_result *,
		    size_t row, const char *prefix);

/* The statement table as data: a statement's name ("tenant_by_slug" for
 * STMT_TENANT_BY_SLUG) and the names of its result columns, NULL-ended
 * (empty for one that returns no rows). */
const char	*db_stmt_name(enum stmt);
const char *const *db_stmt_columns(enum stmt);
/* Whether the result columns the server reports for a statement ('got',
 * n of them) are the names it declares: each non-empty, lower-case
 * (a-z, 0-9, _, a letter first), unique, in order.  0 if so; -1 with
 * the reason in 'why'. */
int		 db_columns_match(const char *const *declared,
		    const char *const *got, size_t n, char *why, size_t len);

/* The one place that opens, commits and rolls back a transaction.
 * db_begin claims an armed one-time key (struct db_once):
 * DDD_ERR_DUPLICATE when that POST was already carried out. */
enum ddd_err	 db_begin(struct db *);
enum ddd_err	 db_commit(struct db *);
void		 db_rollback(struct db *);

/* Open a connection without the statement table (for dddctl migrate,
 * which runs SQL from files).  NULL on failure, message in errbuf.
 * In a cluster, to the primary. */
MYSQL		*db_connect_raw(const struct config *, char *errbuf,
		    size_t errlen, int with_database);

/* The servers of a cluster (db_servers, fcgi/db_conn.c). */
#define DB_MAX_SERVERS	8
#define DB_SERVER_MAX	CONFIG_MAX_VALUE
struct db_server {
	char	 name[DB_SERVER_MAX];	/* as configured */
	char	 host[DB_SERVER_MAX];	/* or */
	char	 sock[DB_SERVER_MAX];
	int	 port;
};
/* Parse "host:port,/path.sock,...": how many (at most max), -1 with the
 * reason in err. */
int		 db_servers_parse(const char *, struct db_server *, int max,
		    char *err, size_t errlen);
/* One server, as user (TLS as configured).  NULL with the reason. */
MYSQL		*db_connect_server(const struct config *,
		    const struct db_server *, const char *user,
		    const char *password, const char *database, char *errbuf,
		    size_t errlen);
/* Whether GTID position a holds everything of b: for each domain of b,
 * a has that domain at a sequence number at least as high.  Positions
 * as MariaDB writes them ("0-1-42,1-3-7", "" for none). */
int		 db_gtid_covers(const char *a, const char *b);
/* The primary (want_replica 0: read_only = OFF) or a replica (1) of
 * db_servers, or the one server of db_socket / db_host. */
MYSQL		*db_connect_role(const struct config *, int want_replica,
		    int with_database, char *errbuf, size_t errlen);
/* Whether a search of db_servers for the primary found none less than a
 * second ago (a search that finds one clears it). */
int		 db_primary_missing(void);

/* A request of the worker: whether its reads may go to the replica, and
 * the user's last write to wait for there (a GTID, "" for none).  Reads
 * outside a transaction go to the replica until the request writes;
 * when the replica has not caught up within db_gtid_wait_ms, or is not
 * there, they go to the primary.  db_request_end reports the GTID of
 * what the request wrote (into gtid, "" when nothing; size 0: do not
 * ask), for the next request of the same user. */
void		 db_request_start(struct db *, int replica_ok,
		    const char *gtid);
void		 db_request_end(struct db *, char *gtid, size_t size);
/* Whether this request reads from the replica now; db_use_primary sends
 * the rest of its reads to the primary. */
int		 db_on_replica(const struct db *);
/* Whether a read may go to the replica now (connecting and waiting for
 * the GTID on first use); for db_run. */
int		 db_replica_ready(struct db *);
void		 db_use_primary(struct db *);

#endif
