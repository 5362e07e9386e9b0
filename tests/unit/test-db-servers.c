/* A database cluster's configuration and GTID positions (fcgi/db_conn.c):
 * db_servers parsed into servers or refused with a reason; whether one
 * position holds everything of another (dddctl cluster promote's check
 * that the candidate lacks nothing the others have). */

#include <string.h>

#include "db.h"
#include "tap.h"

int
main(void)
{
	struct db_server sv[DB_MAX_SERVERS];
	char		 err[256];
	int		 n;

	n = db_servers_parse("db1.example:3306, 10.0.0.2:3307,"
	    "/run/mysqld/mysqld.sock", sv, DB_MAX_SERVERS, err, sizeof(err));
	is_int(n, 3, "three servers");
	is_str(sv[0].host, "db1.example", "a host");
	is_int(sv[0].port, 3306, "its port");
	is_str(sv[1].name, "10.0.0.2:3307", "the name as configured, "
	    "spaces trimmed");
	is_str(sv[2].sock, "/run/mysqld/mysqld.sock", "a socket");
	is_str(sv[2].host, "", "a socket has no host");

	is_int(db_servers_parse("db1", sv, DB_MAX_SERVERS, err, sizeof(err)),
	    -1, "no port: refused");
	ok(strstr(err, "'db1'") != NULL, "the reason names it: %s", err);
	is_int(db_servers_parse("db1:0", sv, DB_MAX_SERVERS, err,
	    sizeof(err)), -1, "port 0: refused");
	is_int(db_servers_parse("db1:99999", sv, DB_MAX_SERVERS, err,
	    sizeof(err)), -1, "port over 65535: refused");
	/* The host goes into CHANGE MASTER TO (dddctl cluster promote). */
	is_int(db_servers_parse("db1'; DROP TABLE x; --:3306", sv,
	    DB_MAX_SERVERS, err, sizeof(err)), -1, "a host with a quote: "
	    "refused");
	is_int(db_servers_parse("a:1,b:1,c:1", sv, 2, err, sizeof(err)), -1,
	    "more than fit: refused");
	is_int(db_servers_parse(" , ", sv, DB_MAX_SERVERS, err, sizeof(err)),
	    0, "none");

	ok(db_gtid_covers("0-1-10", "0-1-10"), "the same position");
	ok(db_gtid_covers("0-2-11", "0-1-10"), "further on, another server "
	    "id (after a failover)");
	ok(!db_gtid_covers("0-1-9", "0-1-10"), "behind");
	ok(db_gtid_covers("0-1-10", ""), "everything holds nothing");
	ok(!db_gtid_covers("", "0-1-1"), "nothing lacks one");
	ok(db_gtid_covers("0-1-10,1-3-7", "1-3-7,\n0-1-4"), "two domains, "
	    "any order, a line break as in SHOW SLAVE STATUS");
	ok(!db_gtid_covers("0-1-10", "0-1-4,1-3-7"), "a domain missing");
	ok(!db_gtid_covers("0-1-10", "garbage"), "garbage: not covered");

	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}
