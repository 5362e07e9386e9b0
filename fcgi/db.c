#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <errmsg.h>
#include <mysqld_error.h>

#include "db.h"
#include "log.h"

#define DB_MAX_COLS	64

/* Every statement the program runs.  'readonly' statements may be retried
 * once after a lost connection, since running them twice changes nothing. */
static const struct {
	const char	*name;
	const char	*sql;
	int		 readonly;
} stmts[STMT__MAX] = {
	[STMT_PING] = { "ping", "SELECT 1", 1 },
	[STMT_SCHEMA_VERSION] = { "schema_version",
	    "SELECT COALESCE(MAX(version), 0) FROM schema_version", 1 },
	[STMT_TENANT_LIST_VO] = { "tenant_list_vo",
	    "SELECT slug, name, brin FROM tenant WHERE kind = 'vo' "
	    "ORDER BY name", 1 },
};

int
db_global_init(void)
{
	return mysql_library_init(0, NULL, NULL) == 0 ? 0 : -1;
}

void
db_global_end(void)
{
	mysql_library_end();
}

void
db_thread_init(void)
{
	mysql_thread_init();
}

void
db_thread_end(void)
{
	mysql_thread_end();
}

void
db_init(struct db *db, const struct config *cfg)
{
	memset(db, 0, sizeof(*db));
	db->cfg = cfg;
}

MYSQL *
db_connect_raw(const struct config *cfg, char *errbuf, size_t errlen,
    int with_database)
{
	MYSQL		*m;
	unsigned int	 timeout;
	my_bool		 off = 0;

	if ((m = mysql_init(NULL)) == NULL) {
		snprintf(errbuf, errlen, "mysql_init failed");
		return NULL;
	}
	/* A dead or hung server must give a 503 in seconds, not a hang. */
	timeout = 2;
	mysql_optionsv(m, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	timeout = 10;
	mysql_optionsv(m, MYSQL_OPT_READ_TIMEOUT, &timeout);
	mysql_optionsv(m, MYSQL_OPT_WRITE_TIMEOUT, &timeout);
	/* We reconnect ourselves: the statement table must be re-prepared. */
	mysql_optionsv(m, MYSQL_OPT_RECONNECT, &off);
	mysql_optionsv(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	if (mysql_real_connect(m,
	    cfg->db_socket[0] ? NULL : cfg->db_host,
	    cfg->db_user, cfg->db_password,
	    with_database ? cfg->db_name : NULL,
	    (unsigned)cfg->db_port,
	    cfg->db_socket[0] ? cfg->db_socket : NULL,
	    0) == NULL) {
		snprintf(errbuf, errlen, "%s", mysql_error(m));
		mysql_close(m);
		return NULL;
	}
	if (mysql_query(m, "SET SESSION sql_mode = 'STRICT_ALL_TABLES,"
	    "NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,"
	    "NO_ENGINE_SUBSTITUTION', time_zone = '+00:00'") != 0) {
		snprintf(errbuf, errlen, "%s", mysql_error(m));
		mysql_close(m);
		return NULL;
	}
	return m;
}

void
db_close(struct db *db)
{
	size_t	 i;

	for (i = 0; i < STMT__MAX; i++) {
		if (db->stmt[i] != NULL)
			mysql_stmt_close(db->stmt[i]);
		db->stmt[i] = NULL;
	}
	if (db->conn != NULL)
		mysql_close(db->conn);
	db->conn = NULL;
	db->in_txn = 0;
}

enum ddd_err
db_connect(struct db *db)
{
	char	 err[512];
	size_t	 i;

	if (db->conn != NULL)
		return DDD_OK;
	if ((db->conn = db_connect_raw(db->cfg, err, sizeof(err), 1)) ==
	    NULL) {
		log_error("db_connect", "error=\"%s\"", err);
		return DDD_ERR_DB_UNAVAILABLE;
	}
	for (i = 0; i < STMT__MAX; i++) {
		if ((db->stmt[i] = mysql_stmt_init(db->conn)) == NULL)
			goto err;
		if (mysql_stmt_prepare(db->stmt[i], stmts[i].sql,
		    strlen(stmts[i].sql)) != 0) {
			log_error("db_prepare", "stmt=%s error=\"%s\"",
			    stmts[i].name, mysql_stmt_error(db->stmt[i]));
			goto err;
		}
	}
	return DDD_OK;
err:
	db_close(db);
	return DDD_ERR_DB_UNAVAILABLE;
}

static int
conn_lost(unsigned int code)
{
	switch (code) {
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST:
	case CR_CONNECTION_ERROR:
	case CR_CONN_HOST_ERROR:
	case CR_COMMANDS_OUT_OF_SYNC:
	case ER_CONNECTION_KILLED:
	case ER_SERVER_SHUTDOWN:
	case CR_STMT_CLOSED:
		return 1;
	default:
		return 0;
	}
}

void
db_result_free(struct db_result *r)
{
	size_t	 i;

	if (r->cell != NULL)
		for (i = 0; i < r->nrows * r->ncols; i++)
			free(r->cell[i]);
	free(r->cell);
	free(r->len);
	memset(r, 0, sizeof(*r));
}

/* Fetch all rows as strings.  Buffers are sized from the result's
 * max_length, so no value is ever truncated. */
static enum ddd_err
fetch_all(MYSQL_STMT *st, struct db_result *res)
{
	MYSQL_RES	*meta = NULL;
	MYSQL_FIELD	*fields;
	MYSQL_BIND	 bind[DB_MAX_COLS];
	unsigned long	 lens[DB_MAX_COLS];
	my_bool		 nulls[DB_MAX_COLS];
	char		*bufs[DB_MAX_COLS];
	size_t		 ncols, nrows, row = 0, c;
	my_bool		 update_max = 1;
	int		 rc;
	enum ddd_err	 result = DDD_ERR_INTERNAL;

	memset(bufs, 0, sizeof(bufs));
	mysql_stmt_attr_set(st, STMT_ATTR_UPDATE_MAX_LENGTH, &update_max);
	if (mysql_stmt_store_result(st) != 0)
		goto out;
	if ((meta = mysql_stmt_result_metadata(st)) == NULL)
		goto out;
	ncols = mysql_num_fields(meta);
	if (ncols == 0 || ncols > DB_MAX_COLS)
		goto out;
	fields = mysql_fetch_fields(meta);
	nrows = (size_t)mysql_stmt_num_rows(st);
	memset(bind, 0, sizeof(bind));
	for (c = 0; c < ncols; c++) {
		size_t sz = fields[c].max_length + 1;
		if (sz < 24)
			sz = 24;	/* numbers as text */
		if ((bufs[c] = malloc(sz)) == NULL)
			goto nomem;
		bind[c].buffer_type = MYSQL_TYPE_STRING;
		bind[c].buffer = bufs[c];
		bind[c].buffer_length = sz;
		bind[c].length = &lens[c];
		bind[c].is_null = &nulls[c];
	}
	if (mysql_stmt_bind_result(st, bind) != 0)
		goto out;
	res->ncols = ncols;
	res->nrows = 0;
	if (nrows > 0) {
		res->cell = calloc(nrows * ncols, sizeof(char *));
		res->len = calloc(nrows * ncols, sizeof(size_t));
		if (res->cell == NULL || res->len == NULL)
			goto nomem;
	}
	while ((rc = mysql_stmt_fetch(st)) == 0 || rc == MYSQL_DATA_TRUNCATED) {
		if (rc == MYSQL_DATA_TRUNCATED || row >= nrows)
			goto out;
		for (c = 0; c < ncols; c++) {
			char *v;
			if (nulls[c])
				continue;
			if ((v = malloc(lens[c] + 1)) == NULL)
				goto nomem;
			memcpy(v, bufs[c], lens[c]);
			v[lens[c]] = '\0';
			res->cell[row * ncols + c] = v;
			res->len[row * ncols + c] = lens[c];
		}
		row++;
		res->nrows = row;
	}
	if (rc != MYSQL_NO_DATA)
		goto out;
	result = DDD_OK;
	goto out;
nomem:
	result = DDD_ERR_NOMEM;
out:
	for (c = 0; c < DB_MAX_COLS; c++)
		free(bufs[c]);
	if (meta != NULL)
		mysql_free_result(meta);
	mysql_stmt_free_result(st);
	if (result != DDD_OK)
		db_result_free(res);
	return result;
}

static enum ddd_err
run_once(struct db *db, enum stmt s, const struct db_param *p, size_t np,
    struct db_result *res, unsigned int *errcode)
{
	MYSQL_STMT	*st;
	MYSQL_BIND	 bind[32];
	unsigned long	 lens[32];
	size_t		 i;
	enum ddd_err	 result;

	*errcode = 0;
	if (np > 32)
		return DDD_ERR_INTERNAL;
	if ((result = db_connect(db)) != DDD_OK)
		return result;
	st = db->stmt[s];
	if (mysql_stmt_param_count(st) != np) {
		log_error("db_params", "stmt=%s want=%lu got=%lu",
		    stmts[s].name, (unsigned long)mysql_stmt_param_count(st),
		    (unsigned long)np);
		return DDD_ERR_INTERNAL;
	}
	memset(bind, 0, sizeof(bind));
	for (i = 0; i < np; i++) {
		switch (p[i].type) {
		case DB_NULL:
			bind[i].buffer_type = MYSQL_TYPE_NULL;
			break;
		case DB_STR:
			bind[i].buffer_type = MYSQL_TYPE_STRING;
			bind[i].buffer = (void *)(uintptr_t)p[i].s;
			lens[i] = (unsigned long)p[i].len;
			bind[i].buffer_length = lens[i];
			bind[i].length = &lens[i];
			break;
		case DB_INT:
			bind[i].buffer_type = MYSQL_TYPE_LONGLONG;
			bind[i].buffer = (void *)(uintptr_t)&p[i].i;
			break;
		}
	}
	if (np > 0 && mysql_stmt_bind_param(st, bind) != 0)
		goto fail;
	if (mysql_stmt_execute(st) != 0)
		goto fail;
	if (res != NULL) {
		memset(res, 0, sizeof(*res));
		if (mysql_stmt_field_count(st) > 0) {
			if ((result = fetch_all(st, res)) != DDD_OK) {
				if (mysql_stmt_errno(st) != 0)
					goto fail;
				return result;
			}
		}
		res->affected = (unsigned long long)mysql_stmt_affected_rows(st);
		res->insert_id = (unsigned long long)mysql_stmt_insert_id(st);
	} else if (mysql_stmt_field_count(st) > 0)
		mysql_stmt_free_result(st);
	return DDD_OK;
fail:
	*errcode = mysql_stmt_errno(st);
	if (conn_lost(*errcode)) {
		log_warn("db_lost", "stmt=%s errno=%u error=\"%s\"",
		    stmts[s].name, *errcode, mysql_stmt_error(st));
		db_close(db);
		return DDD_ERR_DB_UNAVAILABLE;
	}
	if (*errcode == ER_DUP_ENTRY) 
		return DDD_ERR_CONFLICT;
	if (*errcode == ER_LOCK_DEADLOCK || *errcode == ER_LOCK_WAIT_TIMEOUT)
		return DDD_ERR_CONFLICT;
	log_error("db_exec", "stmt=%s errno=%u error=\"%s\"", stmts[s].name,
	    *errcode, mysql_stmt_error(st));
	return DDD_ERR_INTERNAL;
}

enum ddd_err
db_run(struct db *db, enum stmt s, const struct db_param *p, size_t np,
    struct db_result *res)
{
	enum ddd_err	 result;
	unsigned int	 code;
	int		 was_connected = db->conn != NULL;

	if ((unsigned)s >= STMT__MAX)
		return DDD_ERR_INTERNAL;
	result = run_once(db, s, p, np, res, &code);
	if (result == DDD_ERR_DB_UNAVAILABLE && was_connected &&
	    !db->in_txn && stmts[s].readonly)
		result = run_once(db, s, p, np, res, &code);
	return result;
}

enum ddd_err
db_begin(struct db *db)
{
	enum ddd_err	 result;

	if (db->in_txn)
		return DDD_ERR_INTERNAL;
	if ((result = db_connect(db)) != DDD_OK)
		return result;
	if (mysql_query(db->conn, "START TRANSACTION") != 0) {
		unsigned int code = mysql_errno(db->conn);
		if (conn_lost(code)) {
			/* Idle connection died: one fresh try is safe. */
			db_close(db);
			if ((result = db_connect(db)) != DDD_OK)
				return result;
			if (mysql_query(db->conn, "START TRANSACTION") == 0)
				goto ok;
			db_close(db);
			return DDD_ERR_DB_UNAVAILABLE;
		}
		log_error("db_begin", "error=\"%s\"", mysql_error(db->conn));
		return DDD_ERR_INTERNAL;
	}
ok:
	db->in_txn = 1;
	return DDD_OK;
}

enum ddd_err
db_commit(struct db *db)
{
	if (!db->in_txn || db->conn == NULL) {
		db->in_txn = 0;
		return DDD_ERR_DB_UNAVAILABLE;
	}
	db->in_txn = 0;
	if (mysql_commit(db->conn) != 0) {
		unsigned int code = mysql_errno(db->conn);
		log_error("db_commit", "errno=%u error=\"%s\"", code,
		    mysql_error(db->conn));
		if (conn_lost(code)) {
			db_close(db);
			return DDD_ERR_DB_UNAVAILABLE;
		}
		return code == ER_LOCK_DEADLOCK ? DDD_ERR_CONFLICT :
		    DDD_ERR_INTERNAL;
	}
	return DDD_OK;
}

void
db_rollback(struct db *db)
{
	if (!db->in_txn)
		return;
	db->in_txn = 0;
	if (db->conn != NULL && mysql_rollback(db->conn) != 0) {
		log_warn("db_rollback", "error=\"%s\"", mysql_error(db->conn));
		db_close(db);
	}
}
