/* ddd-worker: the FastCGI server.  Threads each own one FCGX_Request and
 * one MariaDB connection; the stylesheet cache and configuration are built
 * before the first accept and only read afterwards. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <pwd.h>

#include "config.h"
#include "crypto.h"
#include "db.h"
#include "dossier.h"
#include "forms.h"
#include "http.h"
#include "log.h"
#include "migrate.h"
#include "privdrop.h"
#include "route.h"
#include "sandbox.h"
#include "xsl.h"

struct worker_thread {
	pthread_t		 tid;
	const struct app	*app;
	int			 listen_fd;
	atomic_int		 busy;		/* inside a request */
	atomic_int		 conn_fd;	/* kept FastCGI connection */
};

static atomic_int stopping;

static void *
thread_main(void *arg)
{
	struct worker_thread	*t = arg;
	FCGX_Request		 req;
	struct db		 db;
	struct ctx		 ctx;

	db_thread_init();
	db_init(&db, t->app->cfg);
	(void)db_connect(&db);	/* a dead database is retried per request */
	if (FCGX_InitRequest(&req, t->listen_fd, 0) != 0) {
		log_error("fcgi_init", "error=\"FCGX_InitRequest failed\"");
		goto out;
	}
	while (!atomic_load(&stopping)) {
		if (FCGX_Accept_r(&req) < 0)
			break;
		atomic_store(&t->busy, 1);
		atomic_store(&t->conn_fd, req.ipcFd);
		ctx_init(&ctx, t->app, &db, &req);
		http_serve(&ctx);
		ctx_free(&ctx);
		FCGX_Finish_r(&req);
		atomic_store(&t->conn_fd, req.ipcFd);
		atomic_store(&t->busy, 0);
	}
	FCGX_Free(&req, 1);
out:
	db_close(&db);
	db_thread_end();
	return NULL;
}

static void
usage(void)
{
	fprintf(stderr, "usage: ddd-worker [-nrR] [-f config] [-t threads]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct config		 cfg;
	struct xsl_cache	*xsl = NULL;
	struct app		 app;
	struct crypto_master	 master;
	struct form_cache	 forms;
	struct pdf_renderer	 pdf;
	struct passwd		 run_as;
	struct worker_thread	*threads = NULL;
	struct buf		 errs;
	const char		*cfgfile = NULL;
	sigset_t		 sigs;
	int			 ch, check_only = 0, threads_arg = 0, fd = -1;
	int			 i, sig, started = 0, rc = 1, root, serving;
	int			 sock_dir = -1;
	char			 sock_name[CONFIG_MAX_VALUE];

	while ((ch = getopt(argc, argv, "nrRf:t:")) != -1) {
		switch (ch) {
		case 'r':
			route_print();
			return 0;
		case 'R':
			role_print();
			return 0;
		case 'n':
			check_only = 1;
			break;
		case 'f':
			cfgfile = optarg;
			break;
		case 't':
			threads_arg = atoi(optarg);
			if (threads_arg < 1 || threads_arg > 256)
				usage();
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	/* Before any secret is in memory: no core file will hold one. */
	if (crypto_no_core() == -1) {
		fprintf(stderr, "ddd-worker: cannot turn off core dumps: %s\n",
		    strerror(errno));
		return 1;
	}

	memset(&master, 0, sizeof(master));
	memset(&forms, 0, sizeof(forms));
	memset(&pdf, 0, sizeof(pdf));
	memset(&app, 0, sizeof(app));
	buf_init(&errs, 64 * 1024);
	config_defaults(&cfg, DDD_SRCDIR);
	if (cfgfile != NULL && config_load(&cfg, cfgfile, &errs) == -1) {
		fprintf(stderr, "%s", errs.ptr);
		goto out;
	}
	if (threads_arg > 0)
		cfg.threads = threads_arg;
	if (strcmp(cfg.log_level, "debug") == 0)
		log_set_level(LOG_DEBUG);
	else if (strcmp(cfg.log_level, "warn") == 0)
		log_set_level(LOG_WARN);

	root = geteuid() == 0;
	if (root && priv_user("ddd-worker", cfg.user, &run_as, &errs) == -1) {
		fprintf(stderr, "%s", errs.ptr);
		goto out;
	}
	/* The render processes first (fork + exec): they never see the
	 * master key, the stylesheets or a database connection. */
	if (pdf_renderer_init(&pdf, &cfg, root ? &run_as : NULL, !check_only,
	    &errs) == -1) {
		fprintf(stderr, "%s", errs.ptr);
		fprintf(stderr, "ddd-worker: no PDF renderer; not starting\n");
		goto out;
	}
	app.pdf = &pdf;

	xsl_global_init();
	if (db_global_init() != 0) {
		fprintf(stderr, "ddd-worker: MariaDB library init failed\n");
		goto out;
	}
	if ((xsl = calloc(1, sizeof(*xsl))) == NULL)
		goto out;
	if (xsl_cache_load(xsl, cfg.xslt_dir, &errs) == -1) {
		fprintf(stderr, "%s", errs.ptr);
		fprintf(stderr, "ddd-worker: stylesheets do not compile; "
		    "not starting\n");
		goto out;
	}
	app.cfg = &cfg;
	app.xsl = xsl;
	{
		char fdir[1100], rng[1100];
		snprintf(fdir, sizeof(fdir), "%s/forms", cfg.schema_dir);
		snprintf(rng, sizeof(rng), "%s/form.rng", cfg.schema_dir);
		if (forms_load(&forms, fdir, rng, &errs) == -1) {
			fprintf(stderr, "%s", errs.ptr);
			fprintf(stderr, "ddd-worker: form definitions do not "
			    "load; not starting\n");
			goto out;
		}
	}
	app.forms = &forms;
	/* Tenant files parsed once per load, shared by the threads. */
	if ((app.tenants = tenant_cache_new(forms_find(&forms,
	    FORM_DEEL_A))) == NULL)
		goto out;
	if (crypto_master_load(cfg.master_key_file, &master, &errs) == -1) {
		fprintf(stderr, "%s", errs.ptr);
		fprintf(stderr, "ddd-worker: no usable master key; not "
		    "starting (see docs/crypto.md)\n");
		goto out;
	}
	app.master = &master;
	if (crypto_derive_key(master.key, sizeof(master.key), "ddd-csrf",
	    app.csrf_key) == -1)
		goto out;
	if ((app.schema_expected = migrate_latest(cfg.schema_dir, &errs)) < 0) {
		fprintf(stderr, "%s", errs.ptr);
		goto out;
	}
	if (check_only) {
		printf("configuration OK (%lu stylesheets, %lu forms, schema "
		    "version %d)\nPDF: %s, FOP %s; seccomp %s\n",
		    (unsigned long)xsl->n, (unsigned long)forms.n,
		    app.schema_expected, cfg.pdf_renderer, pdf.fop ?
		    (strcmp(cfg.pdf_renderer, "fop") == 0 ? "the renderer" :
		    "the fallback") : "not available", cfg.seccomp);
		rc = 0;
		goto out;
	}

	/* Signals are taken by the main thread only, with sigwait. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (FCGX_Init() != 0) {
		fprintf(stderr, "ddd-worker: FCGX_Init failed\n");
		goto out;
	}
	unlink(cfg.listen);
	if ((fd = FCGX_OpenSocket(cfg.listen, cfg.backlog)) < 0) {
		fprintf(stderr, "ddd-worker: cannot listen on %s: %s\n",
		    cfg.listen, strerror(errno));
		goto out;
	}
	/* nginx runs as another user; the folder around it guards access. */
	chmod(cfg.listen, 0666);
	/* The socket goes on the way out through its folder: the filter
	 * allows removing a file there, nowhere else. */
	{
		const char *slash = strrchr(cfg.listen, '/');
		char dir[CONFIG_MAX_VALUE];
		snprintf(sock_name, sizeof(sock_name), "%s", slash != NULL ?
		    slash + 1 : cfg.listen);
		if (slash == NULL)
			snprintf(dir, sizeof(dir), ".");
		else
			snprintf(dir, sizeof(dir), "%.*s", slash == cfg.listen ?
			    1 : (int)(slash - cfg.listen), cfg.listen);
		sock_dir = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	}
	/* Everything that needs root is done: the socket, the master key,
	 * the stylesheets.  From here on the worker is cfg.user. */
	if (root && priv_drop("ddd-worker", &run_as) == -1)
		goto out;

	if ((threads = calloc((size_t)cfg.threads, sizeof(*threads))) == NULL)
		goto out;
	for (i = 0; i < cfg.threads; i++) {
		threads[i].app = &app;
		threads[i].listen_fd = fd;
		atomic_init(&threads[i].busy, 0);
		atomic_init(&threads[i].conn_fd, -1);
		if (pthread_create(&threads[i].tid, NULL, thread_main,
		    &threads[i]) != 0) {
			log_error("start", "error=\"pthread_create failed\"");
			break;
		}
		started++;
	}
	/* Serving needs no new process, no file written, no socket but
	 * the ones we use: the filter holds every thread from here on. */
	serving = started > 0;
	if (serving && strcmp(cfg.seccomp, "on") == 0 &&
	    sandbox_apply(SANDBOX_WORKER, "ddd-worker", sock_dir, &errs) ==
	    -1) {
		log_error("seccomp", "error=\"%.*s\"", (int)strcspn(errs.ptr,
		    "\n"), errs.ptr);
		serving = 0;
	}
	if (serving) {
		log_info("start", "listen=%s threads=%d stylesheets=%lu "
		    "schema=%d seccomp=%s", cfg.listen, started,
		    (unsigned long)xsl->n, app.schema_expected, cfg.seccomp);
		do {
			if (sigwait(&sigs, &sig) != 0)
				sig = SIGTERM;
		} while (sig == SIGHUP);
		log_info("stop", "signal=%d", sig);
	}

	/* Finish requests in flight; wake the threads that wait. */
	atomic_store(&stopping, 1);
	FCGX_ShutdownPending();
	shutdown(fd, SHUT_RDWR);
	for (i = 0; i < started; i++) {
		int cfd = atomic_load(&threads[i].conn_fd);
		if (!atomic_load(&threads[i].busy) && cfd >= 0)
			shutdown(cfd, SHUT_RD);
	}
	for (i = 0; i < started; i++)
		pthread_join(threads[i].tid, NULL);
	log_info("stopped", "threads=%d", started);
	rc = serving ? 0 : 1;
out:
	if (fd >= 0) {
		close(fd);
		if (sock_dir == -1 || unlinkat(sock_dir, sock_name, 0) == -1)
			unlink(cfg.listen);
	}
	if (sock_dir != -1)
		close(sock_dir);
	free(threads);
	if (xsl != NULL) {
		xsl_cache_free(xsl);
		free(xsl);
	}
	crypto_master_wipe(&master);
	tenant_cache_free(app.tenants);	/* before the forms it points into */
	forms_free(&forms);
	pdf_renderer_free(&pdf);
	crypto_wipe(app.csrf_key, sizeof(app.csrf_key));
	buf_free(&errs);
	return rc;
}
