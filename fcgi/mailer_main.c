/* ddd-mailer: delivers the outbox.  With -1 one pass (what is due now),
 * else a small daemon: a pass every --interval seconds until SIGTERM or
 * SIGINT, which stop it after the message in hand.  `dddctl mail-run`
 * runs the same pass through mailer_run(). */
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "log.h"
#include "mailer.h"
#include "privdrop.h"
#include "xsl.h"

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: ddd-mailer [-1] [-f config] [--smtp URL] [--smtp-user USER]\n"
	    "           [--smtp-password-file FILE] [--smtp-tls auto|none|try|require]\n"
	    "           [--interval S] [--batch N] [--lease S] [--timeout S]\n"
	    "           [--max-attempts N] [--msgid-domain DOMAIN]\n"
	    "  -1   send what is due now, then exit (as dddctl mail-run)\n"
	    "  environment: DDD_CONFIG, DDD_SMTP_URL, DDD_SMTP_USER,\n"
	    "  DDD_SMTP_PASSWORD, DDD_SMTP_TLS (arguments win)\n");
	exit(2);
}

static int
number(const char *s)
{
	char	*end;
	long	 v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 0 || v > INT_MAX)
		usage();
	return (int)v;
}

static int
read_secret(const char *path, char *out, size_t size)
{
	FILE	*f;
	size_t	 n;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	n = fread(out, 1, size - 1, f);
	fclose(f);
	out[n] = '\0';
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return n == size - 1 ? -1 : 0;
}

enum { O_SMTP = 256, O_USER, O_PWFILE, O_TLS, O_INTERVAL, O_BATCH, O_LEASE,
	O_TIMEOUT, O_MAX, O_DOMAIN };

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "smtp", required_argument, NULL, O_SMTP },
		{ "smtp-user", required_argument, NULL, O_USER },
		{ "smtp-password-file", required_argument, NULL, O_PWFILE },
		{ "smtp-tls", required_argument, NULL, O_TLS },
		{ "interval", required_argument, NULL, O_INTERVAL },
		{ "batch", required_argument, NULL, O_BATCH },
		{ "lease", required_argument, NULL, O_LEASE },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "max-attempts", required_argument, NULL, O_MAX },
		{ "msgid-domain", required_argument, NULL, O_DOMAIN },
		{ NULL, 0, NULL, 0 }
	};
	struct config	 cfg;
	struct mailer_opts o;
	struct mailer_stats st;
	struct passwd	 run_as;
	struct sigaction sa;
	struct buf	 errs;
	const char	*cfgfile = getenv("DDD_CONFIG");
	const char	*url = NULL, *user = NULL, *pwfile = NULL;
	const char	*tls = NULL, *domain = NULL;
	int		 ch, once = 0, rc = 1;
	int		 interval = -1, batch = -1, lease = -1, timeout = -1;
	int		 maxatt = -1;

	log_init("ddd-mailer");
	while ((ch = getopt_long(argc, argv, "1f:", longopts, NULL)) != -1) {
		switch (ch) {
		case '1':
			once = 1;
			break;
		case 'f':
			cfgfile = optarg;
			break;
		case O_SMTP:
			url = optarg;
			break;
		case O_USER:
			user = optarg;
			break;
		case O_PWFILE:
			pwfile = optarg;
			break;
		case O_TLS:
			tls = optarg;
			break;
		case O_INTERVAL:
			interval = number(optarg);
			break;
		case O_BATCH:
			batch = number(optarg);
			break;
		case O_LEASE:
			lease = number(optarg);
			break;
		case O_TIMEOUT:
			timeout = number(optarg);
			break;
		case O_MAX:
			maxatt = number(optarg);
			break;
		case O_DOMAIN:
			domain = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();

	buf_init(&errs, 64 * 1024);
	config_defaults(&cfg, DDD_DEFAULT_DIR);
	if (cfgfile != NULL && config_load(&cfg, cfgfile, &errs) == -1) {
		fputs(errs.ptr, stderr);
		goto out;
	}
	if (strcmp(cfg.log_level, "debug") == 0)
		log_set_level(LOG_DEBUG);
	else if (strcmp(cfg.log_level, "warn") == 0)
		log_set_level(LOG_WARN);

	mailer_opts_defaults(&o);
	if (mailer_opts_env(&o, &errs) == -1)
		goto bad;
#define SET(dst, v, what) do {						\
	if ((v) != NULL) {						\
		if (strlen(v) >= sizeof(dst)) {				\
			buf_printf(&errs, "%s: too long\n", what);	\
			goto bad;					\
		}							\
		snprintf(dst, sizeof(dst), "%s", v);			\
	}								\
} while (0)
	SET(o.smtp_url, url, "--smtp");
	SET(o.smtp_user, user, "--smtp-user");
	SET(o.msgid_domain, domain, "--msgid-domain");
#undef SET
	if (pwfile != NULL && read_secret(pwfile, o.smtp_password,
	    sizeof(o.smtp_password)) == -1) {
		buf_printf(&errs, "%s: cannot read the SMTP password\n", pwfile);
		goto bad;
	}
	if (tls != NULL && mailer_tls_parse(tls, &o.tls) == -1)
		usage();
	if (interval >= 0)
		o.interval = interval;
	if (batch >= 0)
		o.batch = batch;
	if (lease >= 0)
		o.lease = lease;
	if (timeout >= 0)
		o.timeout = timeout;
	if (maxatt >= 0)
		o.max_attempts = maxatt;
	if (mailer_opts_check(&o, &errs) == -1)
		goto bad;
	/* As root: refuse without 'user', and become it in mailer_run once
	 * the master key and stylesheets are loaded. */
	if (geteuid() == 0) {
		if (priv_user("ddd-mailer", cfg.user, &run_as, &errs) == -1)
			goto bad;
		o.run_as = &run_as;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: naps end at once */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	o.stop = &stop;

	xsl_global_init();
	if (db_global_init() != 0) {
		fprintf(stderr, "ddd-mailer: MariaDB library init failed\n");
		goto out;
	}
	rc = mailer_run(&cfg, &o, once, &st);
	if (once)
		printf("mail-run: %lu sent, %lu to retry, %lu failed\n",
		    st.sent, st.retry, st.failed);
	db_global_end();
	xsl_global_end();
	goto out;
bad:
	fputs(errs.ptr ? errs.ptr : "", stderr);
out:
	memset(o.smtp_password, 0, sizeof(o.smtp_password));
	buf_free(&errs);
	return rc;
}
