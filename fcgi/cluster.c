/* dddctl cluster status | promote HOST (docs/operations.md, "A database
 * cluster").  The statements here are replication administration on the
 * operator's connection, not the application's: fixed text, run once,
 * never prepared into every worker's statement table (a worker's account
 * may not even prepare SHOW SLAVE STATUS).  The one value in them, the
 * new primary's host and port, comes from db_servers, checked by
 * db_servers_parse (letters, digits, '.', '-'; a number). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysql.h>

#include "cluster.h"
#include "db.h"

#define POS_MAX		512

struct node {
	struct db_server sv;
	MYSQL		*m;		/* NULL: did not answer */
	char		 err[512];
	int		 read_only;
	char		 binlog_pos[POS_MAX];	/* written here */
	char		 current_pos[POS_MAX];	/* written or applied */
	int		 replica;		/* has a master configured */
	char		 io_pos[POS_MAX];	/* received (Gtid_IO_Pos) */
	char		 io[16], sql[16], behind[32], master[300];
	char		 last_error[256];
	char		 semi_master[16], semi_clients[16], semi_yes[32];
	char		 semi_no[32], semi_off_times[32], semi_slave[16];
};

static void
copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src != NULL ? src : "");
}

/* The first row of a query's result: calls f for each column. */
static int
query_row(MYSQL *m, const char *sql, void (*f)(struct node *, const char *,
    const char *), struct node *n)
{
	MYSQL_RES	*r;
	MYSQL_ROW	 row;
	MYSQL_FIELD	*fl;
	unsigned int	 i, nf;

	if (mysql_query(m, sql) != 0)
		return -1;
	if ((r = mysql_store_result(m)) == NULL)
		return mysql_field_count(m) == 0 ? 0 : -1;
	nf = mysql_num_fields(r);
	fl = mysql_fetch_fields(r);
	while ((row = mysql_fetch_row(r)) != NULL) {
		for (i = 0; i < nf; i++)
			f(n, fl[i].name, row[i]);
		/* SHOW STATUS gives name, value rows: every row counts. */
		if (nf != 2 || strcmp(fl[0].name, "Variable_name") != 0)
			break;
	}
	mysql_free_result(r);
	return 0;
}

static void
take_vars(struct node *n, const char *k, const char *v)
{
	if (strcmp(k, "ro") == 0)
		n->read_only = v != NULL && atoi(v) != 0;
	else if (strcmp(k, "binlog_pos") == 0)
		copy(n->binlog_pos, sizeof(n->binlog_pos), v);
	else if (strcmp(k, "current_pos") == 0)
		copy(n->current_pos, sizeof(n->current_pos), v);
}

static void
take_slave(struct node *n, const char *k, const char *v)
{
	n->replica = 1;
	if (strcmp(k, "Gtid_IO_Pos") == 0)
		copy(n->io_pos, sizeof(n->io_pos), v);
	else if (strcmp(k, "Slave_IO_Running") == 0)
		copy(n->io, sizeof(n->io), v);
	else if (strcmp(k, "Slave_SQL_Running") == 0)
		copy(n->sql, sizeof(n->sql), v);
	else if (strcmp(k, "Seconds_Behind_Master") == 0)
		copy(n->behind, sizeof(n->behind), v ? v : "NULL");
	else if (strcmp(k, "Master_Host") == 0)
		copy(n->master, sizeof(n->master), v);
	else if (strcmp(k, "Master_Port") == 0 && v != NULL) {
		size_t l = strlen(n->master);
		snprintf(n->master + l, sizeof(n->master) - l, ":%s", v);
	} else if ((strcmp(k, "Last_IO_Error") == 0 ||
	    strcmp(k, "Last_SQL_Error") == 0) && v != NULL && v[0] != '\0')
		copy(n->last_error, sizeof(n->last_error), v);
}

static char	 status_name[64];

static void
take_status(struct node *n, const char *k, const char *v)
{
	if (strcmp(k, "Variable_name") == 0) {
		copy(status_name, sizeof(status_name), v);
		return;
	}
	if (strcmp(status_name, "Rpl_semi_sync_master_status") == 0)
		copy(n->semi_master, sizeof(n->semi_master), v);
	else if (strcmp(status_name, "Rpl_semi_sync_master_clients") == 0)
		copy(n->semi_clients, sizeof(n->semi_clients), v);
	else if (strcmp(status_name, "Rpl_semi_sync_master_yes_tx") == 0)
		copy(n->semi_yes, sizeof(n->semi_yes), v);
	else if (strcmp(status_name, "Rpl_semi_sync_master_no_tx") == 0)
		copy(n->semi_no, sizeof(n->semi_no), v);
	else if (strcmp(status_name, "Rpl_semi_sync_master_no_times") == 0)
		copy(n->semi_off_times, sizeof(n->semi_off_times), v);
	else if (strcmp(status_name, "Rpl_semi_sync_slave_status") == 0)
		copy(n->semi_slave, sizeof(n->semi_slave), v);
}

/* What a server says of itself; n->m NULL when it did not answer. */
static void
node_read(const struct config *cfg, struct node *n)
{
	char	 err[512];

	if (n->m == NULL && (n->m = db_connect_server(cfg, &n->sv,
	    cfg->db_user, cfg->db_password, NULL, err, sizeof(err))) ==
	    NULL) {
		copy(n->err, sizeof(n->err), err);
		return;
	}
	n->replica = 0;
	n->io_pos[0] = n->last_error[0] = '\0';
	if (query_row(n->m, "SELECT @@global.read_only AS ro, "
	    "@@global.gtid_binlog_pos AS binlog_pos, "
	    "@@global.gtid_current_pos AS current_pos", take_vars, n) != 0 ||
	    query_row(n->m, "SHOW SLAVE STATUS", take_slave, n) != 0 ||
	    query_row(n->m, "SHOW GLOBAL STATUS LIKE 'Rpl_semi_sync_%'",
	    take_status, n) != 0) {
		copy(n->err, sizeof(n->err), mysql_error(n->m));
		mysql_close(n->m);
		n->m = NULL;
	}
}

static int
nodes_open(const struct config *cfg, struct node *nodes)
{
	struct db_server sv[DB_MAX_SERVERS];
	char		 err[512];
	int		 n, i;

	if (cfg->db_servers[0] == '\0') {
		fprintf(stderr, "dddctl: no db_servers in the configuration: "
		    "one server is no cluster\n");
		return -1;
	}
	if ((n = db_servers_parse(cfg->db_servers, sv, DB_MAX_SERVERS, err,
	    sizeof(err))) <= 0) {
		fprintf(stderr, "dddctl: %s\n", err);
		return -1;
	}
	for (i = 0; i < n; i++) {
		memset(&nodes[i], 0, sizeof(nodes[i]));
		nodes[i].sv = sv[i];
		node_read(cfg, &nodes[i]);
	}
	return n;
}

static void
nodes_close(struct node *nodes, int n)
{
	int	 i;

	for (i = 0; i < n; i++)
		if (nodes[i].m != NULL)
			mysql_close(nodes[i].m);
}

/* Everything a server has: written, applied, or received to apply. */
static void
node_has(const struct node *n, char *out, size_t size)
{
	if (n->io_pos[0] != '\0' && !db_gtid_covers(n->current_pos,
	    n->io_pos))
		copy(out, size, n->io_pos);
	else
		copy(out, size, n->current_pos);
}

static int
cmd_status(const struct config *cfg)
{
	struct node	 nodes[DB_MAX_SERVERS];
	int		 n, i, primaries = 0, warn = 0;

	if ((n = nodes_open(cfg, nodes)) < 0)
		return 1;
	for (i = 0; i < n; i++) {
		struct node *x = &nodes[i];
		if (x->m == NULL) {
			printf("%-24s unreachable: %s\n", x->sv.name, x->err);
			warn++;
			continue;
		}
		if (!x->read_only) {
			primaries++;
			printf("%-24s primary  gtid %s  semi-sync %s, %s "
			    "replicas acknowledging, %s acked, %s not acked, "
			    "off %s times\n", x->sv.name,
			    x->binlog_pos[0] ? x->binlog_pos : "-",
			    x->semi_master[0] ? x->semi_master : "-",
			    x->semi_clients[0] ? x->semi_clients : "0",
			    x->semi_yes[0] ? x->semi_yes : "0",
			    x->semi_no[0] ? x->semi_no : "0",
			    x->semi_off_times[0] ? x->semi_off_times : "0");
			if (strcmp(x->semi_master, "ON") != 0) {
				printf("  ! semi-sync is off: commits are "
				    "acknowledged before a replica has them\n");
				warn++;
			}
			if (x->replica)
				printf("  ! also replicating from %s\n",
				    x->master);
			continue;
		}
		if (!x->replica) {
			printf("%-24s read-only, replicating from nobody "
			    "(fenced)  gtid %s\n", x->sv.name,
			    x->current_pos[0] ? x->current_pos : "-");
			warn++;
			continue;
		}
		printf("%-24s replica of %s  io %s sql %s  behind %s s  "
		    "received %s  applied %s  semi-sync %s\n", x->sv.name,
		    x->master, x->io, x->sql, x->behind,
		    x->io_pos[0] ? x->io_pos : "-",
		    x->current_pos[0] ? x->current_pos : "-",
		    x->semi_slave[0] ? x->semi_slave : "-");
		if (strcmp(x->io, "Yes") != 0 || strcmp(x->sql, "Yes") != 0) {
			printf("  ! replication not running%s%s\n",
			    x->last_error[0] ? ": " : "", x->last_error);
			warn++;
		}
	}
	if (primaries != 1) {
		printf("! %d primaries: %s\n", primaries, primaries == 0 ?
		    "writes are refused; dddctl cluster promote HOST" :
		    "fence all but one (SET GLOBAL read_only = ON)");
		warn++;
	}
	nodes_close(nodes, n);
	return primaries == 1 ? 0 : 1;
}

static int
run(struct node *x, const char *sql)
{
	if (mysql_query(x->m, sql) != 0) {
		fprintf(stderr, "dddctl: %s: %s: %s\n", x->sv.name, sql,
		    mysql_error(x->m));
		return -1;
	}
	if (mysql_field_count(x->m) > 0) {
		MYSQL_RES *r = mysql_store_result(x->m);
		if (r != NULL)
			mysql_free_result(r);
	}
	return 0;
}

/* MASTER_GTID_WAIT on x: 0 when it has applied pos within the time. */
static int
wait_applied(struct node *x, const char *pos, int seconds)
{
	char		 sql[POS_MAX + 64];
	MYSQL_RES	*r;
	MYSQL_ROW	 row;
	int		 rc = -1;

	if (pos[0] == '\0')
		return 0;
	if (strspn(pos, "0123456789-,") != strlen(pos))
		return -1;
	snprintf(sql, sizeof(sql), "SELECT MASTER_GTID_WAIT('%s', %d)", pos,
	    seconds);
	if (mysql_query(x->m, sql) != 0 ||
	    (r = mysql_store_result(x->m)) == NULL)
		return -1;
	if ((row = mysql_fetch_row(r)) != NULL && row[0] != NULL &&
	    strcmp(row[0], "0") == 0)
		rc = 0;
	mysql_free_result(r);
	return rc;
}

static int
cmd_promote(const struct config *cfg, const char *name)
{
	struct node	 nodes[DB_MAX_SERVERS];
	struct node	*cand = NULL;
	char		 has[POS_MAX], other[POS_MAX], sql[DB_SERVER_MAX + 128];
	int		 n, i, rc = 1, fenced[DB_MAX_SERVERS];

	if ((n = nodes_open(cfg, nodes)) < 0)
		return 1;
	memset(fenced, 0, sizeof(fenced));
	for (i = 0; i < n; i++)
		if (strcmp(nodes[i].sv.name, name) == 0)
			cand = &nodes[i];
	if (cand == NULL) {
		fprintf(stderr, "dddctl: %s is not in db_servers\n", name);
		goto out;
	}
	if (cand->m == NULL) {
		fprintf(stderr, "dddctl: %s does not answer: %s\n", name,
		    cand->err);
		goto out;
	}
	if (cand->sv.sock[0] != '\0') {
		fprintf(stderr, "dddctl: %s is a socket; the replicas need "
		    "host:port to follow it\n", name);
		goto out;
	}
	if (!cand->read_only && !cand->replica) {
		printf("%s is the primary already\n", name);
		rc = 0;
		goto out;
	}
	/* A primary that still answers is fenced first (no write may land
	 * there after this), and the candidate waits for all it wrote. */
	for (i = 0; i < n; i++) {
		struct node *x = &nodes[i];
		if (x == cand || x->m == NULL || x->read_only)
			continue;
		if (run(x, "SET GLOBAL read_only = ON") != 0)
			goto unfence;
		fenced[i] = 1;
		/* Primary no more: as a replica later, its applier would
		 * wait for acknowledgements of what it applies. */
		(void)run(x, "SET GLOBAL rpl_semi_sync_master_enabled = OFF");
		node_read(cfg, x);
		printf("fenced %s (read_only = ON) at %s\n", x->sv.name,
		    x->binlog_pos);
		if (x->m == NULL || wait_applied(cand, x->binlog_pos, 30) != 0) {
			fprintf(stderr, "dddctl: %s did not catch up with %s "
			    "in 30 s\n", name, x->sv.name);
			goto unfence;
		}
	}
	/* Semi-sync acknowledged each commit once one replica had received
	 * it: the most advanced replica by what it received has them all. */
	node_read(cfg, cand);
	if (cand->m == NULL)
		goto unfence;
	node_has(cand, has, sizeof(has));
	for (i = 0; i < n; i++) {
		struct node *x = &nodes[i];
		if (x == cand || x->m == NULL || fenced[i])
			continue;
		node_has(x, other, sizeof(other));
		if (!db_gtid_covers(has, other)) {
			fprintf(stderr, "dddctl: %s (%s) lacks transactions "
			    "that %s has (%s): promote %s instead\n", name,
			    has, x->sv.name, other, x->sv.name);
			goto unfence;
		}
	}
	/* What it received, applied before it takes writes. */
	if (wait_applied(cand, cand->io_pos, 60) != 0) {
		fprintf(stderr, "dddctl: %s did not apply what it received "
		    "(%s) in 60 s\n", name, cand->io_pos);
		goto unfence;
	}
	/* read_only goes last: if a step before fails, nothing is open. */
	if (run(cand, "STOP SLAVE") != 0 || run(cand, "RESET SLAVE ALL") !=
	    0 || run(cand, "SET GLOBAL rpl_semi_sync_master_enabled = ON") !=
	    0 || run(cand, "SET GLOBAL read_only = OFF") != 0) {
		if (cand->m != NULL && run(cand, "START SLAVE") == 0)
			printf("%s replicates again; nothing changed there\n",
			    name);
		goto unfence;
	}
	node_read(cfg, cand);
	printf("promoted %s at %s\n", name, cand->binlog_pos[0] ?
	    cand->binlog_pos : cand->current_pos);
	rc = 0;
	snprintf(sql, sizeof(sql), "CHANGE MASTER TO MASTER_HOST = '%s', "
	    "MASTER_PORT = %d, MASTER_USE_GTID = slave_pos", cand->sv.host,
	    cand->sv.port);
	for (i = 0; i < n; i++) {
		struct node *x = &nodes[i];
		if (x == cand)
			continue;
		if (x->m == NULL) {
			printf("%s did not answer: when it is back, rejoin it "
			    "by hand (docs/operations.md)\n", x->sv.name);
			continue;
		}
		if (fenced[i]) {
			printf("%s stays fenced: rejoin it by hand "
			    "(docs/operations.md)\n", x->sv.name);
			continue;
		}
		if (run(x, "STOP SLAVE") != 0 || run(x, sql) != 0 ||
		    run(x, "SET GLOBAL rpl_semi_sync_master_enabled = OFF") !=
		    0 || run(x, "START SLAVE") != 0) {
			rc = 1;
			continue;
		}
		printf("%s now replicates from %s\n", x->sv.name, name);
	}
	goto out;
unfence:
	for (i = 0; i < n; i++)
		if (fenced[i] && nodes[i].m != NULL &&
		    run(&nodes[i], "SET GLOBAL rpl_semi_sync_master_enabled = "
		    "ON") == 0 && run(&nodes[i], "SET GLOBAL read_only = OFF") ==
		    0)
			printf("%s takes writes again; nothing changed\n",
			    nodes[i].sv.name);
out:
	nodes_close(nodes, n);
	return rc;
}

int
cluster_cmd(const struct config *cfg, int argc, char *argv[])
{
	if (argc == 1 && strcmp(argv[0], "status") == 0)
		return cmd_status(cfg);
	if (argc == 2 && strcmp(argv[0], "promote") == 0)
		return cmd_promote(cfg, argv[1]);
	fprintf(stderr, "usage: dddctl cluster status\n"
	    "       dddctl cluster promote HOST:PORT\n");
	return 2;
}
