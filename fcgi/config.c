#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>

#include "config.h"
#include "db.h"

enum ctype { C_STR, C_INT };

/* The keys a config file may hold: name, type, where, bounds. */
static const struct {
	const char	*key;
	enum ctype	 type;
	size_t		 off;
	long		 min, max;
} keys[] = {
	{ "listen", C_STR, offsetof(struct config, listen), 0, 0 },
	{ "threads", C_INT, offsetof(struct config, threads), 1, 256 },
	{ "backlog", C_INT, offsetof(struct config, backlog), 1, 65535 },
	{ "db_socket", C_STR, offsetof(struct config, db_socket), 0, 0 },
	{ "db_host", C_STR, offsetof(struct config, db_host), 0, 0 },
	{ "db_port", C_INT, offsetof(struct config, db_port), 0, 65535 },
	{ "db_user", C_STR, offsetof(struct config, db_user), 0, 0 },
	{ "db_password", C_STR, offsetof(struct config, db_password), 0, 0 },
	{ "db_name", C_STR, offsetof(struct config, db_name), 0, 0 },
	{ "xslt_dir", C_STR, offsetof(struct config, xslt_dir), 0, 0 },
	{ "schema_dir", C_STR, offsetof(struct config, schema_dir), 0, 0 },
	{ "tenants_dir", C_STR, offsetof(struct config, tenants_dir), 0, 0 },
	{ "base_url", C_STR, offsetof(struct config, base_url), 0, 0 },
	{ "max_body", C_INT, offsetof(struct config, max_body), 1024,
	    64 * 1024 * 1024 },
	{ "max_upload", C_INT, offsetof(struct config, max_upload), 1024,
	    256 * 1024 * 1024 },
	{ "log_level", C_STR, offsetof(struct config, log_level), 0, 0 },
	{ "user", C_STR, offsetof(struct config, user), 0, 0 },
	{ "master_key_file", C_STR, offsetof(struct config, master_key_file),
	    0, 0 },
	{ "session_idle", C_INT, offsetof(struct config, session_idle), 60,
	    7 * 24 * 3600 },
	{ "session_max", C_INT, offsetof(struct config, session_max), 60,
	    30 * 24 * 3600 },
	{ "activation_ttl", C_INT, offsetof(struct config, activation_ttl),
	    60, 60 * 24 * 3600 },
	{ "pdf_renderer", C_STR, offsetof(struct config, pdf_renderer), 0, 0 },
	{ "fop", C_STR, offsetof(struct config, fop), 0, 0 },
	{ "fop_config", C_STR, offsetof(struct config, fop_config), 0, 0 },
	{ "pdf_tmp_dir", C_STR, offsetof(struct config, pdf_tmp_dir), 0, 0 },
	{ "pdf_concurrency", C_INT, offsetof(struct config, pdf_concurrency),
	    1, 64 },
	{ "pdf_timeout", C_INT, offsetof(struct config, pdf_timeout), 1, 600 },
	{ "pdf_queue_wait", C_INT, offsetof(struct config, pdf_queue_wait), 0,
	    600 },
	{ "pdf_max_bytes", C_INT, offsetof(struct config, pdf_max_bytes),
	    64 * 1024, 256 * 1024 * 1024 },
	{ "health_token", C_STR, offsetof(struct config, health_token), 0, 0 },
	{ "render_processes", C_INT, offsetof(struct config,
	    render_processes), 1, 64 },
	{ "render_program", C_STR, offsetof(struct config, render_program),
	    0, 0 },
	{ "render_cpu_seconds", C_INT, offsetof(struct config,
	    render_cpu_seconds), 0, 600 },
	{ "seccomp", C_STR, offsetof(struct config, seccomp), 0, 0 },
	{ "metrics_allow", C_STR, offsetof(struct config, metrics_allow), 0,
	    0 },
	{ "state_dir", C_STR, offsetof(struct config, state_dir), 0, 0 },
	{ "saml_entity_id", C_STR, offsetof(struct config, saml_entity_id), 0,
	    0 },
	{ "saml_key_file", C_STR, offsetof(struct config, saml_key_file), 0,
	    0 },
	{ "saml_cert_file", C_STR, offsetof(struct config, saml_cert_file), 0,
	    0 },
	{ "db_servers", C_STR, offsetof(struct config, db_servers), 0, 0 },
	{ "db_ssl_ca", C_STR, offsetof(struct config, db_ssl_ca), 0, 0 },
	{ "db_ssl_cert", C_STR, offsetof(struct config, db_ssl_cert), 0, 0 },
	{ "db_ssl_key", C_STR, offsetof(struct config, db_ssl_key), 0, 0 },
	{ "db_ssl_verify", C_STR, offsetof(struct config, db_ssl_verify), 0,
	    0 },
	{ "db_replica_reads", C_STR, offsetof(struct config,
	    db_replica_reads), 0, 0 },
	{ "db_gtid_wait_ms", C_INT, offsetof(struct config, db_gtid_wait_ms),
	    0, 10000 },
	{ "listen_tcp", C_STR, offsetof(struct config, listen_tcp), 0, 0 },
	{ "listen_tcp_allow", C_STR, offsetof(struct config, listen_tcp_allow),
	    0, 0 },
};

/* Read at start-up only (config_restart_keys). */
static const char *const restart_keys[] = { "listen", "threads", "backlog",
	"db_socket", "db_host", "db_port", "db_user", "db_password", "db_name",
	"user", "master_key_file", "pdf_renderer", "fop", "fop_config",
	"pdf_tmp_dir", "pdf_concurrency", "pdf_timeout", "pdf_queue_wait",
	"pdf_max_bytes", "render_processes", "render_program",
	"render_cpu_seconds", "seccomp", "saml_entity_id", "saml_key_file",
	"saml_cert_file", "db_servers", "db_ssl_ca",
	"db_ssl_cert", "db_ssl_key", "db_ssl_verify", "db_replica_reads",
	"db_gtid_wait_ms", "listen_tcp", "listen_tcp_allow" };

int
config_restart_keys(const struct config *a, const struct config *b,
    char *out, size_t size)
{
	size_t	 i, k, len = 0;
	int	 n = 0, differ;

	if (size > 0)
		out[0] = '\0';
	for (i = 0; i < sizeof(restart_keys) / sizeof(restart_keys[0]); i++)
		for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			if (strcmp(keys[k].key, restart_keys[i]) != 0)
				continue;
			differ = keys[k].type == C_INT ?
			    *(const int *)(const void *)((const char *)a +
			    keys[k].off) != *(const int *)(const void *)
			    ((const char *)b + keys[k].off) :
			    strcmp((const char *)a + keys[k].off,
			    (const char *)b + keys[k].off) != 0;
			if (!differ)
				continue;
			if (len < size)
				len += (size_t)snprintf(out + len, size - len,
				    "%s%s", n > 0 ? " " : "", keys[k].key);
			n++;
		}
	return n;
}

void
config_defaults(struct config *c, const char *srcdir)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->listen, sizeof(c->listen), "/run/ddd/worker.sock");
	c->threads = 8;
	c->backlog = 1024;
	snprintf(c->db_user, sizeof(c->db_user), "root");
	snprintf(c->db_name, sizeof(c->db_name), "ddd");
	snprintf(c->xslt_dir, sizeof(c->xslt_dir), "%s/xslt", srcdir);
	snprintf(c->schema_dir, sizeof(c->schema_dir), "%s/schema", srcdir);
	snprintf(c->tenants_dir, sizeof(c->tenants_dir), "%s/tenants",
	    srcdir);
	snprintf(c->base_url, sizeof(c->base_url), "http://localhost");
	c->max_body = 1024 * 1024;
	/* A 10 MiB student list, plus the form around it. */
	c->max_upload = 10 * 1024 * 1024 + 64 * 1024;
	snprintf(c->master_key_file, sizeof(c->master_key_file),
	    "/etc/ddd/master.key");
	/* A student writes deel A in one sitting of up to two hours. */
	c->session_idle = 2 * 3600;
	c->session_max = 12 * 3600;
	c->activation_ttl = 7 * 24 * 3600;
	snprintf(c->log_level, sizeof(c->log_level), "info");
	snprintf(c->fop, sizeof(c->fop), "/usr/bin/fop");
	/* Our own renderer: a PDF as fast as a page; FOP is the reference
	 * and the fallback (pdf_renderer = fop). */
	snprintf(c->pdf_renderer, sizeof(c->pdf_renderer), "native");
	snprintf(c->fop_config, sizeof(c->fop_config), "%s/xslt/fop.xconf",
	    srcdir);
	snprintf(c->pdf_tmp_dir, sizeof(c->pdf_tmp_dir), "/tmp");
	/* FOP takes about 1.5 CPU-seconds a PDF: two at once on two cores. */
	c->pdf_concurrency = 2;
	c->pdf_timeout = 30;
	c->pdf_queue_wait = 20;
	/* Below MariaDB's max_allowed_packet (16 MiB by default): a PDF
	 * that renders must also store. */
	c->pdf_max_bytes = 12 * 1024 * 1024;
	/* One render process per render slot; fonts loaded once. */
	c->render_processes = 2;
	snprintf(c->seccomp, sizeof(c->seccomp), "on");
	snprintf(c->state_dir, sizeof(c->state_dir), "/var/lib/ddd");
	snprintf(c->db_ssl_verify, sizeof(c->db_ssl_verify), "on");
	snprintf(c->db_replica_reads, sizeof(c->db_replica_reads), "off");
	/* Replication on a LAN is milliseconds behind; half a second
	 * covers a busy moment, then the primary answers instead. */
	c->db_gtid_wait_ms = 500;
}

int
config_set(struct config *c, const char *key, const char *value,
    struct buf *errs)
{
	size_t	 i;
	char	*end;
	long	 v;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strcmp(keys[i].key, key) != 0)
			continue;
		if (keys[i].type == C_STR) {
			size_t sz = strcmp(key, "log_level") == 0 ?
			    sizeof(c->log_level) : strcmp(key, "user") == 0 ?
			    sizeof(c->user) : strcmp(key, "pdf_renderer") == 0 ?
			    sizeof(c->pdf_renderer) : strcmp(key, "seccomp") ==
			    0 ? sizeof(c->seccomp) : CONFIG_MAX_VALUE;
			if (strcmp(key, "seccomp") == 0 &&
			    strcmp(value, "on") != 0 &&
			    strcmp(value, "off") != 0) {
				buf_printf(errs, "'seccomp' must be on or off");
				return -1;
			}
			if (strcmp(key, "pdf_renderer") == 0 &&
			    strcmp(value, "fop") != 0 &&
			    strcmp(value, "native") != 0) {
				buf_printf(errs, "'pdf_renderer' must be fop or "
				    "native");
				return -1;
			}
			if ((strcmp(key, "db_ssl_verify") == 0 ||
			    strcmp(key, "db_replica_reads") == 0) &&
			    strcmp(value, "on") != 0 &&
			    strcmp(value, "off") != 0) {
				buf_printf(errs, "'%s' must be on or off", key);
				return -1;
			}
			/* A monitor's secret: long enough not to guess. */
			if (strcmp(key, "health_token") == 0 &&
			    strlen(value) < 32) {
				buf_printf(errs, "'health_token' needs at least "
				    "32 characters");
				return -1;
			}
			if (strcmp(key, "db_servers") == 0 && value[0] != '\0') {
				struct db_server sv[DB_MAX_SERVERS];
				char why[256];
				if (db_servers_parse(value, sv, DB_MAX_SERVERS, why,
				    sizeof(why)) <= 0) {
					buf_printf(errs, "%s", why);
					return -1;
				}
			}
			if (strlen(value) >= sz) {
				buf_printf(errs, "value of '%s' is too long",
				    key);
				return -1;
			}
			memcpy((char *)c + keys[i].off, value,
			    strlen(value) + 1);
			return 0;
		}
		errno = 0;
		v = strtol(value, &end, 10);
		if (errno != 0 || end == value || *end != '\0' ||
		    v < keys[i].min || v > keys[i].max) {
			buf_printf(errs, "'%s' must be a number from %ld to "
			    "%ld", key, keys[i].min, keys[i].max);
			return -1;
		}
		*(int *)(void *)((char *)c + keys[i].off) = (int)v;
		return 0;
	}
	buf_printf(errs, "unknown key '%s'", key);
	return -1;
}

static char *
trim(char *s)
{
	char	*e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int
config_load(struct config *c, const char *path, struct buf *errs)
{
	FILE	*f;
	char	 line[1024], *p, *eq, *key, *val;
	int	 lineno = 0, bad = 0;
	struct buf msg;

	buf_init(&msg, 512);

	if ((f = fopen(path, "r")) == NULL) {
		buf_printf(errs, "%s: cannot open: %s\n", path,
		    strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			buf_printf(errs, "%s:%d: line too long\n", path,
			    lineno);
			bad = 1;
			break;
		}
		p = trim(line);
		if (*p == '\0' || *p == '#')
			continue;
		if ((eq = strchr(p, '=')) == NULL) {
			buf_printf(errs, "%s:%d: expected 'key = value'\n",
			    path, lineno);
			bad = 1;
			continue;
		}
		*eq = '\0';
		key = trim(p);
		val = trim(eq + 1);
		buf_reset(&msg);
		if (config_set(c, key, val, &msg) == -1) {
			buf_printf(errs, "%s:%d: %s\n", path, lineno,
			    msg.ptr ? msg.ptr : "bad value");
			bad = 1;
		}
	}
	fclose(f);
	buf_free(&msg);
	return bad ? -1 : 0;
}

/* One IPv4 address written out in full (inet_pton's dotted quad). */
static int
ipv4_ok(const char *s, size_t len)
{
	char		 a[INET_ADDRSTRLEN];
	struct in_addr	 in;

	if (len == 0 || len >= sizeof(a))
		return 0;
	memcpy(a, s, len);
	a[len] = '\0';
	return inet_pton(AF_INET, a, &in) == 1;
}

int
config_check_tcp(const struct config *c, struct buf *errs)
{
	const char	*colon, *p, *end;
	char		*e;
	long		 port;

	if (c->listen_tcp[0] == '\0') {
		if (c->listen_tcp_allow[0] == '\0')
			return 0;
		buf_printf(errs, "'listen_tcp_allow' without 'listen_tcp'");
		return -1;
	}
	/* A worker trusts what its web server passes it (REMOTE_ADDR for
	 * the log-in throttle, the request id): one address of one
	 * network, and only the web servers may connect. */
	colon = strrchr(c->listen_tcp, ':');
	if (colon == NULL || !ipv4_ok(c->listen_tcp,
	    (size_t)(colon - c->listen_tcp)) ||
	    strncmp(c->listen_tcp, "0.0.0.0:", 8) == 0) {
		buf_printf(errs, "'listen_tcp' must be ADDRESS:PORT with one "
		    "IPv4 address of this host (not 0.0.0.0)");
		return -1;
	}
	errno = 0;
	port = strtol(colon + 1, &e, 10);
	if (errno != 0 || e == colon + 1 || *e != '\0' || port < 1 ||
	    port > 65535) {
		buf_printf(errs, "'listen_tcp': the port must be 1 to 65535");
		return -1;
	}
	if (c->listen_tcp_allow[0] == '\0') {
		buf_printf(errs, "'listen_tcp' needs 'listen_tcp_allow': the "
		    "addresses of the web servers that may connect");
		return -1;
	}
	for (p = c->listen_tcp_allow; *p != '\0'; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ",");
		if (!ipv4_ok(p, (size_t)(end - p)) ||
		    strncmp(p, "0.0.0.0", 7) == 0) {
			buf_printf(errs, "'listen_tcp_allow' must be IPv4 "
			    "addresses separated by commas");
			return -1;
		}
	}
	return 0;
}
