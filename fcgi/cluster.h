/* dddctl cluster: the database servers of db_servers as the operator
 * sees them (status) and the failover (promote); docs/operations.md. */
#ifndef DDD_CLUSTER_H
#define DDD_CLUSTER_H

#include "config.h"

/* "status" or "promote HOST"; argv[0] is "status" or "promote".  The
 * configuration's db_user needs the replication administration rights
 * (dddctl -f with an operator's file): exit status as for main. */
int	cluster_cmd(const struct config *, int argc, char *argv[]);

#endif
