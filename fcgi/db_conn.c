/* Connections to MariaDB: one server (db_socket, or db_host and db_port)
 * as before, or a cluster (db_servers), over TLS when a CA file is set.
 * In a cluster the primary is the server that takes writes (read_only =
 * OFF); it is looked for again whenever a connection is made, so a
 * failover (dddctl cluster promote) needs no restart.  A replica is one
 * with read_only = ON. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "log.h"
#include "metrics.h"

/* Where to start looking: the server that was the primary last time, and
 * the next replica to hand out (threads spread over the replicas). */
static atomic_int primary_hint;
static atomic_int replica_next;
/* A server that did not answer is skipped for a second by the next
 * searches, so that a dead host does not cost every request its connect
 * time-out. */
static _Atomic long long down_until_ms[DB_MAX_SERVERS];
/* Until when the last search for the primary, which found none, holds:
 * /healthz asks instead of searching on every call (db_primary_missing). */
static _Atomic long long primary_missing_until_ms;
/* A replica that did not catch up in time with a GTID is left alone for
 * a moment by the requests that would wait for that GTID or a later one
 * of its domain: under lag, waiting on every page would hold every thread
 * db_gtid_wait_ms (the primary answers them).  Earlier GTIDs still wait:
 * after a primary died, one user's GTID that this replica lacks (the
 * other one has it) must not send everyone's reads to the dead primary. */
static _Atomic long long replica_behind_until_ms;
static _Atomic long long replica_behind_domain;
static _Atomic long long replica_behind_seq;

static long long
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
db_servers_parse(const char *list, struct db_server *out, int max,
    char *err, size_t errlen)
{
	const char	*p = list, *e;
	char		 item[DB_SERVER_MAX], *colon, *end;
	size_t		 len;
	long		 port;
	int		 n = 0;

	while (*p != '\0') {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		for (e = p; *e != '\0' && *e != ','; e++)
			;
		len = (size_t)(e - p);
		while (len > 0 && p[len - 1] == ' ')
			len--;
		if (len >= sizeof(item) || n == max) {
			snprintf(err, errlen, "db_servers: too many servers "
			    "or a name too long");
			return -1;
		}
		memcpy(item, p, len);
		item[len] = '\0';
		memset(&out[n], 0, sizeof(out[n]));
		snprintf(out[n].name, sizeof(out[n].name), "%s", item);
		if (item[0] == '/') {
			snprintf(out[n].sock, sizeof(out[n].sock), "%s", item);
		} else {
			if ((colon = strrchr(item, ':')) == NULL) {
				snprintf(err, errlen, "db_servers: '%s' is "
				    "not host:port or /path/to.sock", item);
				return -1;
			}
			*colon = '\0';
			port = strtol(colon + 1, &end, 10);
			if (item[0] == '\0' || *end != '\0' || port < 1 ||
			    port > 65535 || strspn(item, "abcdefghijklmnopq"
			    "rstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") !=
			    strlen(item)) {
				snprintf(err, errlen, "db_servers: '%s' is "
				    "not host:port or /path/to.sock",
				    out[n].name);
				return -1;
			}
			snprintf(out[n].host, sizeof(out[n].host), "%s", item);
			out[n].port = (int)port;
		}
		n++;
		p = e;
	}
	if (n == 0)
		snprintf(err, errlen, "db_servers: no server");
	return n;
}

MYSQL *
db_connect_server(const struct config *cfg, const struct db_server *sv,
    const char *user, const char *password, const char *database,
    char *errbuf, size_t errlen)
{
	MYSQL		*m;
	unsigned int	 timeout;
	my_bool		 off = 0, on = 1;

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
	if (cfg->db_ssl_ca[0] != '\0' && sv->sock[0] == '\0') {
		/* Over the network only with TLS, and to a server whose
		 * certificate our CA signed (and names it, unless
		 * db_ssl_verify = off). */
		mysql_optionsv(m, MYSQL_OPT_SSL_CA, cfg->db_ssl_ca);
		if (cfg->db_ssl_cert[0] != '\0')
			mysql_optionsv(m, MYSQL_OPT_SSL_CERT, cfg->db_ssl_cert);
		if (cfg->db_ssl_key[0] != '\0')
			mysql_optionsv(m, MYSQL_OPT_SSL_KEY, cfg->db_ssl_key);
		mysql_optionsv(m, MYSQL_OPT_SSL_ENFORCE, &on);
		mysql_optionsv(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT,
		    strcmp(cfg->db_ssl_verify, "off") == 0 ? &off : &on);
	}
	if (mysql_real_connect(m, sv->sock[0] ? NULL : sv->host, user,
	    password, database, (unsigned)sv->port,
	    sv->sock[0] ? sv->sock : NULL, 0) == NULL) {
		snprintf(errbuf, errlen, "%s: %s", sv->name, mysql_error(m));
		mysql_close(m);
		return NULL;
	}
	if (mysql_query(m, "SET SESSION sql_mode = 'STRICT_ALL_TABLES,"
	    "NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,"
	    "NO_ENGINE_SUBSTITUTION', time_zone = '+00:00'") != 0) {
		snprintf(errbuf, errlen, "%s: %s", sv->name, mysql_error(m));
		mysql_close(m);
		return NULL;
	}
	return m;
}

/* 1 when the server refuses writes (a replica, or a fenced old primary),
 * 0 when it takes them, -1 when it did not say. */
static int
server_read_only(MYSQL *m)
{
	MYSQL_RES	*r;
	MYSQL_ROW	 row;
	int		 ro = -1;

	if (mysql_query(m, "SELECT @@global.read_only") != 0 ||
	    (r = mysql_store_result(m)) == NULL)
		return -1;
	if ((row = mysql_fetch_row(r)) != NULL && row[0] != NULL)
		ro = atoi(row[0]) != 0;
	mysql_free_result(r);
	return ro;
}

MYSQL *
db_connect_role(const struct config *cfg, int want_replica,
    int with_database, char *errbuf, size_t errlen)
{
	struct db_server sv[DB_MAX_SERVERS];
	MYSQL		*m;
	char		 one[512];
	long long	 now;
	int		 n, i, k, start, ro, pass;
	const char	*dbname = with_database ? cfg->db_name : NULL;

	if (cfg->db_servers[0] == '\0') {
		if (want_replica) {
			snprintf(errbuf, errlen, "no db_servers: no replica");
			return NULL;
		}
		memset(&sv[0], 0, sizeof(sv[0]));
		snprintf(sv[0].name, sizeof(sv[0].name), "%s",
		    cfg->db_socket[0] ? cfg->db_socket : cfg->db_host);
		snprintf(sv[0].sock, sizeof(sv[0].sock), "%s", cfg->db_socket);
		snprintf(sv[0].host, sizeof(sv[0].host), "%s", cfg->db_host);
		sv[0].port = cfg->db_port;
		return db_connect_server(cfg, &sv[0], cfg->db_user,
		    cfg->db_password, dbname, errbuf, errlen);
	}
	if ((n = db_servers_parse(cfg->db_servers, sv, DB_MAX_SERVERS,
	    errbuf, errlen)) <= 0)
		return NULL;
	start = want_replica ? atomic_fetch_add(&replica_next, 1) :
	    atomic_load(&primary_hint);
	snprintf(errbuf, errlen, "no %s server among %d",
	    want_replica ? "read-only" : "writable", n);
	now = now_ms();
	/* First the servers that answered lately, then the others. */
	for (pass = 0; pass < 2; pass++)
		for (k = 0; k < n; k++) {
			i = (int)(((unsigned)start + (unsigned)k) % (unsigned)n);
			if ((atomic_load(&down_until_ms[i]) > now) != pass)
				continue;
			if ((m = db_connect_server(cfg, &sv[i], cfg->db_user,
			    cfg->db_password, dbname, one,
			    sizeof(one))) == NULL) {
				atomic_store(&down_until_ms[i], now + 1000);
				log_warn("db_server", "server=%s error=\"%s\"",
				    sv[i].name, one);
				continue;
			}
			atomic_store(&down_until_ms[i], 0);
			if ((ro = server_read_only(m)) == want_replica) {
				if (!want_replica &&
				    atomic_exchange(&primary_hint, i) != i)
					log_info("db_primary", "server=%s",
					    sv[i].name);
				if (!want_replica)
					atomic_store(&primary_missing_until_ms,
					    0);
				return m;
			}
			mysql_close(m);
		}
	if (!want_replica)
		atomic_store(&primary_missing_until_ms, now_ms() + 1000);
	return NULL;
}

int
db_primary_missing(void)
{
	return atomic_load(&primary_missing_until_ms) > now_ms();
}

MYSQL *
db_connect_raw(const struct config *cfg, char *errbuf, size_t errlen,
    int with_database)
{
	return db_connect_role(cfg, 0, with_database, errbuf, errlen);
}

/* A GTID list as MariaDB writes it: digits, '-' and ','. */
static int
gtid_valid(const char *g)
{
	return g != NULL && g[0] != '\0' && strlen(g) < DB_GTID_MAX &&
	    strspn(g, "0123456789-,") == strlen(g);
}

void
db_request_start(struct db *db, int replica_ok, const char *gtid)
{
	db->req_replica = replica_ok && db->replica != NULL;
	db->replica_state = 0;
	db->wrote = 0;
	db->wait_gtid[0] = '\0';
	if (gtid_valid(gtid))
		snprintf(db->wait_gtid, sizeof(db->wait_gtid), "%s", gtid);
}

int
db_on_replica(const struct db *db)
{
	return db->replica != NULL && db->req_replica && !db->wrote &&
	    db->replica_state > 0;
}

void
db_use_primary(struct db *db)
{
	db->replica_state = -1;
}

/* A request's GTID ("domain-server-seq") as domain and sequence. */
static int
gtid_split(const char *g, long long *domain, long long *seq)
{
	char	*e;

	*domain = strtoll(g, &e, 10);
	if (*e != '-')
		return -1;
	(void)strtoll(e + 1, &e, 10);
	if (*e != '-')
		return -1;
	*seq = strtoll(e + 1, &e, 10);
	return *e == '\0' ? 0 : -1;
}

/* Whether a wait for this GTID would be in vain for now. */
static int
behind(const char *g)
{
	long long	 d, n;

	if (atomic_load(&replica_behind_until_ms) <= now_ms() ||
	    gtid_split(g, &d, &n) != 0)
		return 0;
	return d == atomic_load(&replica_behind_domain) &&
	    n >= atomic_load(&replica_behind_seq);
}

static void
behind_set(const char *g, int ms)
{
	long long	 d, n;

	if (gtid_split(g, &d, &n) != 0)
		return;
	atomic_store(&replica_behind_domain, d);
	atomic_store(&replica_behind_seq, n);
	atomic_store(&replica_behind_until_ms, now_ms() + ms);
}

int
db_replica_ready(struct db *db)
{
	struct db_result res;
	const char	*w;
	enum ddd_err	 e;

	if (db->replica == NULL || !db->req_replica || db->wrote)
		return 0;
	if (db->replica_state != 0)
		return db->replica_state > 0;
	db->replica_state = -1;
	if (db->wait_gtid[0] != '\0' && behind(db->wait_gtid))
		goto miss;
	if (db_connect(db->replica) != DDD_OK)
		goto miss;
	if (db->wait_gtid[0] != '\0') {
		struct db_param p[2] = { DB_P_STR(db->wait_gtid),
		    DB_P_INT(db->cfg->db_gtid_wait_ms) };
		if ((e = db_run(db->replica, STMT_GTID_WAIT, p, 2, &res)) !=
		    DDD_OK)
			goto miss;
		w = DB_COL(&res, 0, "waited");
		/* 0: applied; -1: not in time; NULL: promoted since (it
		 * takes writes now).  Either way the next request connects
		 * afresh, to a server that is read-only. */
		if (res.nrows != 1 || w == NULL || strcmp(w, "0") != 0) {
			if (w != NULL)
				behind_set(db->wait_gtid,
				    2 * db->cfg->db_gtid_wait_ms);
			db_result_free(&res);
			db_close(db->replica);
			goto miss;
		}
		db_result_free(&res);
	}
	db->replica_state = 1;
	return 1;
miss:
	metrics_count(MET_REPLICA_FALLBACK);
	return 0;
}

void
db_request_end(struct db *db, char *gtid, size_t size)
{
	struct db_result res;
	const char	*g;

	if (size > 0)
		gtid[0] = '\0';
	/* Only where reads go to replicas does anyone wait for it. */
	if (size == 0 || db->replica == NULL || !db->wrote ||
	    db->conn == NULL || db->in_txn)
		goto out;
	db->req_replica = 0;
	if (db_run(db, STMT_LAST_GTID, NULL, 0, &res) != DDD_OK)
		goto out;
	g = res.nrows == 1 ? DB_COL(&res, 0, "gtid") : NULL;
	if (gtid_valid(g) && strlen(g) < size)
		snprintf(gtid, size, "%s", g);
	db_result_free(&res);
out:
	db->req_replica = 0;
	db->wrote = 0;
}

/* A GTID position as (domain, sequence) pairs. */
static int
gtid_seq(const char *pos, unsigned long domain, unsigned long long *seq)
{
	const char	*p = pos;
	char		*e;
	unsigned long	 d;

	while (p != NULL && *p != '\0') {
		while (*p == ' ' || *p == '\n')
			p++;
		d = strtoul(p, &e, 10);
		if (*e != '-')
			return 0;
		(void)strtoul(e + 1, &e, 10);	/* the server id */
		if (*e != '-')
			return 0;
		if (d == domain) {
			*seq = strtoull(e + 1, NULL, 10);
			return 1;
		}
		p = strchr(e, ',');
		if (p != NULL)
			p++;
	}
	return 0;
}

int
db_gtid_covers(const char *a, const char *b)
{
	const char		*p = b;
	char			*e;
	unsigned long		 d;
	unsigned long long	 want, have;

	while (p != NULL && *p != '\0') {
		while (*p == ' ' || *p == '\n')
			p++;
		d = strtoul(p, &e, 10);
		if (*e != '-')
			return 0;
		(void)strtoul(e + 1, &e, 10);
		if (*e != '-')
			return 0;
		want = strtoull(e + 1, &e, 10);
		if (!gtid_seq(a, d, &have) || have < want)
			return 0;
		p = strchr(e, ',');
		if (p != NULL)
			p++;
	}
	return 1;
}
