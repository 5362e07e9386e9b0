/* dddctl api-client add|list|revoke (fcgi/api_ctl.c). */
#ifndef DDD_API_CTL_H
#define DDD_API_CTL_H

#include "config.h"

/* argv[0] is the subcommand; the exit status. */
int	api_client_cmd(const struct config *, int argc, char **argv);

#endif
