/* dddctl cluster: the database servers of db_servers as the operator
 * sees them (status) and the failover (promote); docs/operations.md. */
#ifndef DDD_CLUSTER_H
#define DDD_CLUSTER_H

#include "config.h"

/* "status" or "promote HOST"; argv[0] is "status" or "promote".  The
 * configuration's db_user needs the replication administration rights
 * (dddctl -f with an operator's file): exit status as for main. */
int	cluster_cmd(const struct config *, int argc, char *argv[]);

/* Whether GTID position a holds everything of b: for each domain of b,
 * a has that domain at a sequence number at least as high.  Positions
 * as MariaDB writes them ("0-1-42,1-3-7", "" for none). */
int	cluster_gtid_covers(const char *a, const char *b);

#endif
