/* Configuration: a "key = value" file shared by the worker and dddctl.
 * Read once at start-up; read-only afterwards, shared by all threads. */
#ifndef DDD_CONFIG_H
#define DDD_CONFIG_H

#include <stddef.h>
#include "buf.h"

#define CONFIG_MAX_VALUE	512

struct config {
	char	listen[CONFIG_MAX_VALUE];	/* FastCGI unix socket path */
	int	threads;			/* worker threads */
	int	backlog;			/* listen backlog */
	char	db_socket[CONFIG_MAX_VALUE];	/* MariaDB unix socket */
	char	db_host[CONFIG_MAX_VALUE];	/* or host + port */
	int	db_port;
	char	db_user[CONFIG_MAX_VALUE];
	char	db_password[CONFIG_MAX_VALUE];
	char	db_name[CONFIG_MAX_VALUE];
	char	xslt_dir[CONFIG_MAX_VALUE];	/* compiled at start-up */
	char	schema_dir[CONFIG_MAX_VALUE];	/* migrations, XML schemas */
	char	tenants_dir[CONFIG_MAX_VALUE];
	char	base_url[CONFIG_MAX_VALUE];	/* public URL, for mails */
	int	max_body;			/* bytes of a form body */
	int	max_upload;			/* bytes of an upload body */
	char	master_key_file[CONFIG_MAX_VALUE];	/* see docs/crypto.md */
	int	session_idle;			/* seconds without a request */
	int	session_max;			/* seconds since log-in */
	int	activation_ttl;			/* seconds a mailed link lives */
	char	log_level[16];
	char	user[64];			/* run as; needed when root */
	/* PDF from XSL-FO (fcgi/pdf.c): "fop" (Apache FOP, out of
	 * process) or "native" (fcgi/fo/, Pango and cairo in process). */
	char	pdf_renderer[16];
	char	fop[CONFIG_MAX_VALUE];		/* Apache FOP's command */
	char	fop_config[CONFIG_MAX_VALUE];	/* its fonts: xslt/fop.xconf */
	char	pdf_tmp_dir[CONFIG_MAX_VALUE];	/* FO in, PDF out; private */
	int	pdf_concurrency;		/* renders at once */
	int	pdf_timeout;			/* seconds for one render */
	int	pdf_queue_wait;			/* seconds to wait for a slot */
	int	pdf_max_bytes;			/* of one PDF */
	/* /healthz shows its checks to loopback and to a request with
	 * this in X-DDD-Health-Token; empty: loopback only. */
	char	health_token[CONFIG_MAX_VALUE];
	/* The render processes (fcgi/render.h). */
	int	render_processes;		/* children of ddd-render */
	char	render_program[CONFIG_MAX_VALUE];	/* "": beside us */
	int	render_cpu_seconds;		/* of one render; 0: timeout */
	/* The seccomp filters (fcgi/sandbox.h): "on" or "off". */
	char	seccomp[8];
	/* /metrics answers loopback and these addresses (as nginx passes
	 * them in REMOTE_ADDR), separated by spaces; others get a 404. */
	char	metrics_allow[CONFIG_MAX_VALUE];
	/* Where dddctl remind and purge leave their stamps (/metrics,
	 * dddctl status); "" for none. */
	char	state_dir[CONFIG_MAX_VALUE];
	/* The instance's SAML service provider (fcgi/saml.h): one entity
	 * for every tenant.  entityID "" is base_url/sso/saml/metadata;
	 * saml_key_file "" turns SAML off. */
	char	saml_entity_id[CONFIG_MAX_VALUE];
	char	saml_key_file[CONFIG_MAX_VALUE];	/* PEM, private */
	char	saml_cert_file[CONFIG_MAX_VALUE];	/* PEM */
	/* A database cluster (docs/operations.md): "host:port,host:port,
	 * /path/to.sock"; the writable one (read_only = OFF) is the
	 * primary, found again after a failover.  Empty: db_socket or
	 * db_host alone, as before. */
	char	db_servers[CONFIG_MAX_VALUE];
	/* TLS to the database: the CA file (TLS on when set), an optional
	 * client certificate and key, and whether the server's certificate
	 * must name the host ("on", the default, or "off"). */
	char	db_ssl_ca[CONFIG_MAX_VALUE];
	char	db_ssl_cert[CONFIG_MAX_VALUE];
	char	db_ssl_key[CONFIG_MAX_VALUE];
	char	db_ssl_verify[CONFIG_MAX_VALUE];
	/* GET pages read from a replica ("on"/"off") after waiting for the
	 * user's last write at most db_gtid_wait_ms, else from the primary. */
	char	db_replica_reads[CONFIG_MAX_VALUE];
	int	db_gtid_wait_ms;
	/* FastCGI over TCP as well, for nginx on other hosts (issue 16):
	 * "ADDRESS:PORT" of one IPv4 address of this host (never all of
	 * them), and the addresses that may connect to it (libfcgi's
	 * FCGI_WEB_SERVER_ADDRS; comma-separated IPv4).  "": unix only. */
	char	listen_tcp[CONFIG_MAX_VALUE];
	char	listen_tcp_allow[CONFIG_MAX_VALUE];
};

/* Defaults for everything (paths relative to srcdir). */
void	config_defaults(struct config *, const char *srcdir);
/* Parse a file over the defaults.  On error returns -1 and writes
 * "file:line: message" lines to errs. */
int	config_load(struct config *, const char *path, struct buf *errs);
/* listen_tcp and listen_tcp_allow hang together: 0, else -1 with why. */
int	config_check_tcp(const struct config *, struct buf *errs);
/* The keys a running worker cannot take over on a reload (SIGHUP): the
 * socket, the threads, the database, the user, the key, the PDF
 * renderers.  Names those that differ between a and b, separated by
 * spaces, into out ("" when none); returns how many. */
int	config_restart_keys(const struct config *a, const struct config *b,
	    char *out, size_t size);
/* Parse one "key = value" line: 0 ok, -1 with a message in errs. */
int	config_set(struct config *, const char *key, const char *value,
	    struct buf *errs);

#endif
