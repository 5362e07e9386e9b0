/* ddd-worker: the FastCGI server.  Threads each own one FCGX_Request and
 * one MariaDB connection.  What they read (the configuration, the
 * stylesheets, the form definitions, the tenant cache) is one generation,
 * built before the first accept and only read afterwards; SIGHUP builds a
 * new one beside it and swaps it in between requests (a request keeps the
 * generation it started with), or keeps the old one if the new set does
 * not load.  The listening socket is ours, or systemd's (LISTEN_FDS):
 * then a restart leaves the connections that wait in its queue for the
 * next worker. */
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
#include <time.h>
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
#include "metrics.h"
#include "migrate.h"
#include "privdrop.h"
#include "route.h"
#include "saml.h"
#include "sandbox.h"
#include "xsl.h"

/* One loaded set: what a reload replaces. */
struct gen {
	struct app		 app;
	struct config		 cfg;
	struct xsl_cache	*xsl;
	struct form_cache	 forms;
	struct gen		*next;		/* retired, not yet freed */
};

struct worker_thread {
	pthread_t		 tid;
	struct db		 db;
	struct db		 replica;	/* db_replica_reads = on */
	int			 listen_fd;
	atomic_int		 busy;		/* inside a request */
	atomic_int		 conn_fd;	/* kept FastCGI connection */
	atomic_int		 done;		/* left its loop */
	_Atomic(struct gen *)	 using;		/* this request's set */
	struct buf		 body;		/* the response, lent to each
						 * request (fcgi/ctx.h) */
};

static atomic_int stopping;
static int threads_arg;			/* -t, over the configuration */
static _Atomic(struct gen *) current;
static const struct config *boot_cfg;	/* the database's, the renderers' */

/* Wakes a thread from accept(): no SA_RESTART, so accept returns EINTR
 * and libfcgi, told of the shutdown, returns. */
static void
on_wake(int sig)
{
	(void)sig;
}

/* The current generation, held for one request: published in the
 * thread's slot first, then checked to be still current, so that the
 * main thread, which swaps first and then looks at the slots, never
 * frees one a request holds. */
static struct gen *
gen_hold(struct worker_thread *t)
{
	struct gen	*g;

	for (;;) {
		g = atomic_load(&current);
		atomic_store(&t->using, g);
		if (atomic_load(&current) == g)
			return g;
	}
}

static void *
thread_main(void *arg)
{
	struct worker_thread	*t = arg;
	FCGX_Request		 req;
	struct ctx		 ctx;
	struct gen		*g;

	metrics_thread_start();
	db_thread_init();
	db_init(&t->db, boot_cfg);
	db_init(&t->replica, boot_cfg);
	if (boot_cfg->db_servers[0] != '\0' &&
	    strcmp(boot_cfg->db_replica_reads, "on") == 0) {
		t->replica.want_replica = 1;
		t->db.replica = &t->replica;	/* connected on first use */
	}
	(void)db_connect(&t->db);	/* a dead database is retried per request */
	if (FCGX_InitRequest(&req, t->listen_fd, 0) != 0) {
		log_error("fcgi_init", "error=\"FCGX_InitRequest failed\"");
		goto out;
	}
	while (!atomic_load(&stopping)) {
		if (FCGX_Accept_r(&req) < 0)
			break;
		atomic_store(&t->busy, 1);
		atomic_store(&t->conn_fd, req.ipcFd);
		g = gen_hold(t);
		ctx_init(&ctx, &g->app, &t->db, &req, &t->body);
		http_serve(&ctx);
		ctx_free(&ctx, &t->body);
		atomic_store(&t->using, NULL);
		FCGX_Finish_r(&req);
		atomic_store(&t->conn_fd, req.ipcFd);
		atomic_store(&t->busy, 0);
	}
	FCGX_Free(&req, 1);
out:
	buf_free(&t->body);
	db_close(&t->db);
	db_close(&t->replica);
	db_thread_end();
	atomic_store(&t->done, 1);
	return NULL;
}

static void
gen_free(struct gen *g)
{
	if (g == NULL)
		return;
	/* The tenant cache points into the forms: it goes first. */
	tenant_cache_free(g->app.tenants);
	forms_free(&g->forms);
	if (g->xsl != NULL) {
		xsl_cache_free(g->xsl);
		free(g->xsl);
	}
	free(g);
}

/* What a reload may change; the rest stays as the worker started
 * (config_restart_keys names what would need a restart). */
static void
cfg_merge(struct config *to, const struct config *boot,
    const struct config *from)
{
	*to = *boot;
	memcpy(to->xslt_dir, from->xslt_dir, sizeof(to->xslt_dir));
	memcpy(to->schema_dir, from->schema_dir, sizeof(to->schema_dir));
	memcpy(to->tenants_dir, from->tenants_dir, sizeof(to->tenants_dir));
	memcpy(to->base_url, from->base_url, sizeof(to->base_url));
	memcpy(to->log_level, from->log_level, sizeof(to->log_level));
	memcpy(to->health_token, from->health_token,
	    sizeof(to->health_token));
	memcpy(to->metrics_allow, from->metrics_allow,
	    sizeof(to->metrics_allow));
	memcpy(to->state_dir, from->state_dir, sizeof(to->state_dir));
	to->max_body = from->max_body;
	to->max_upload = from->max_upload;
	to->session_idle = from->session_idle;
	to->session_max = from->session_max;
	to->activation_ttl = from->activation_ttl;
}

static void
log_level_set(const char *name)
{
	log_set_level(strcmp(name, "debug") == 0 ? LOG_DEBUG :
	    strcmp(name, "warn") == 0 ? LOG_WARN : LOG_INFO);
}

/* A new generation from cfg: stylesheets, forms, the newest migration,
 * an empty tenant cache; shared parts (key, renderers) from proto.
 * NULL with the reasons in errs. */
static struct gen *
gen_load(const struct config *cfg, const struct app *proto,
    struct buf *errs)
{
	struct gen	*g;
	char		 fdir[CONFIG_MAX_VALUE + 16], rng[CONFIG_MAX_VALUE + 16];

	if ((g = calloc(1, sizeof(*g))) == NULL ||
	    (g->xsl = calloc(1, sizeof(*g->xsl))) == NULL) {
		buf_printf(errs, "out of memory\n");
		goto fail;
	}
	g->cfg = *cfg;
	if (proto != NULL)
		g->app = *proto;
	/* The shared parts only: the rest is this generation's own, and
	 * gen_free frees it. */
	g->app.xsl = NULL;
	g->app.forms = NULL;
	g->app.tenants = NULL;
	g->app.cfg = &g->cfg;
	if (xsl_cache_load(g->xsl, g->cfg.xslt_dir, errs) == -1) {
		buf_printf(errs, "stylesheets do not compile\n");
		goto fail;
	}
	g->app.xsl = g->xsl;
	snprintf(fdir, sizeof(fdir), "%s/forms", g->cfg.schema_dir);
	snprintf(rng, sizeof(rng), "%s/form.rng", g->cfg.schema_dir);
	if (forms_load(&g->forms, fdir, rng, errs) == -1) {
		buf_printf(errs, "form definitions do not load\n");
		goto fail;
	}
	g->app.forms = &g->forms;
	/* Tenant files parsed once per load, shared by the threads. */
	if ((g->app.tenants = tenant_cache_new(forms_find(&g->forms,
	    FORM_DEEL_A))) == NULL) {
		buf_printf(errs, "out of memory\n");
		goto fail;
	}
	if ((g->app.schema_expected = migrate_latest(g->cfg.schema_dir,
	    errs)) < 0)
		goto fail;
	g->app.loaded_at = (long long)time(NULL);
	return g;
fail:
	gen_free(g);
	return NULL;
}

/* SIGHUP: ddd.conf, the stylesheets and the forms again, beside the set
 * in use; swapped in when the whole set loads, else the old one stays. */
static void
reload(const char *cfgfile, struct gen **retired)
{
	struct config	 fresh, merged;
	struct gen	*old = atomic_load(&current), *g;
	struct buf	 errs;
	struct timespec	 t0, t1;
	char		 ignored[CONFIG_MAX_VALUE];

	clock_gettime(CLOCK_MONOTONIC, &t0);
	buf_init(&errs, 64 * 1024);
	config_defaults(&fresh, DDD_DEFAULT_DIR);
	if (cfgfile != NULL && config_load(&fresh, cfgfile, &errs) == -1)
		goto fail;
	if (threads_arg > 0)
		fresh.threads = threads_arg;
	cfg_merge(&merged, boot_cfg, &fresh);
	if ((g = gen_load(&merged, &old->app, &errs)) == NULL)
		goto fail;
	if (config_restart_keys(boot_cfg, &fresh, ignored, sizeof(ignored)) >
	    0)
		log_warn("reload", "restart_needed=\"%s\" note=\"changed keys "
		    "that only a restart takes\"", ignored);
	g->app.generation = old->app.generation + 1;
	log_level_set(g->cfg.log_level);
	atomic_store(&current, g);
	old->next = *retired;
	*retired = old;
	metrics_count(MET_RELOAD_OK);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	log_info("reload", "result=ok generation=%lld stylesheets=%lu "
	    "forms=%lu schema=%d ms=%ld", g->app.generation,
	    (unsigned long)g->xsl->n, (unsigned long)g->forms.n,
	    g->app.schema_expected, (long)((t1.tv_sec - t0.tv_sec) * 1000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000));
	buf_free(&errs);
	return;
fail:
	metrics_count(MET_RELOAD_FAILED);
	{
		/* Each reason on a line of its own, then the verdict. */
		const char *p = errs.ptr != NULL ? errs.ptr : "";
		size_t n;
		int lines = 0;
		for (; *p != '\0' && lines < 20; p += n + (p[n] == '\n'),
		    lines++) {
			n = strcspn(p, "\n");
			log_error("reload_error", "error=\"%.*s\"", (int)n, p);
		}
	}
	log_error("reload", "result=failed generation=%lld note=\"the "
	    "loaded configuration, stylesheets and forms stay in use\"",
	    old->app.generation);
	buf_free(&errs);
}

/* Free the retired generations no request holds any more. */
static void
reap(struct gen **retired, struct worker_thread *threads, int n)
{
	struct gen	**pp = retired, *g;
	int		 i, held;

	while ((g = *pp) != NULL) {
		for (held = 0, i = 0; i < n && !held; i++)
			held = atomic_load(&threads[i].using) == g;
		if (held) {
			pp = &g->next;
			continue;
		}
		*pp = g->next;
		gen_free(g);
	}
}

/* The socket systemd passes (sd_listen_fds(3)): fd 3 when LISTEN_PID is
 * ours and LISTEN_FDS is 1.  -1: none given; -2: given but unusable. */
static int
listen_fd_inherited(void)
{
	const char	*pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	int		 fd = 3, acc = 0;
	socklen_t	 len = sizeof(acc);

	if (pid == NULL || fds == NULL)
		return -1;
	if (strtol(pid, NULL, 10) != (long)getpid())
		return -1;
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
	if (strcmp(fds, "1") != 0) {
		fprintf(stderr, "ddd-worker: LISTEN_FDS=%s: expected one "
		    "socket\n", fds);
		return -2;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &acc, &len) == -1 ||
	    !acc) {
		fprintf(stderr, "ddd-worker: fd 3 from LISTEN_FDS is not a "
		    "listening socket\n");
		return -2;
	}
	/* Not for the render processes or FOP. */
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
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
	struct app		 proto;
	struct crypto_master	 master;
	struct pdf_renderer	 pdf;
	struct passwd		 run_as;
	struct worker_thread	*threads = NULL;
	struct gen		*g = NULL, *retired = NULL;
	struct saml_sp		*saml = NULL;
	struct buf		 errs;
	struct sigaction	 sa;
	struct timespec		 tick = { 1, 0 };
	const char		*cfgfile = NULL;
	sigset_t		 sigs;
	int			 ch, check_only = 0, fd = -1, tcp_fd = -1;
	int			 i, sig, started = 0, rc = 1, root, serving;
	int			 sock_dir = -1, inherited, left;
	char			 sock_name[CONFIG_MAX_VALUE];

	log_init("ddd-worker");
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
	/* Before the render processes start: they must not inherit it. */
	if ((inherited = check_only ? -1 : listen_fd_inherited()) == -2)
		return 1;

	memset(&master, 0, sizeof(master));
	memset(&pdf, 0, sizeof(pdf));
	memset(&proto, 0, sizeof(proto));
	buf_init(&errs, 64 * 1024);
	config_defaults(&cfg, DDD_DEFAULT_DIR);
	if (cfgfile != NULL && config_load(&cfg, cfgfile, &errs) == -1) {
		fprintf(stderr, "%s", errs.ptr);
		goto out;
	}
	if (threads_arg > 0)
		cfg.threads = threads_arg;
	if (config_check_tcp(&cfg, &errs) == -1) {
		fprintf(stderr, "ddd-worker: %s: %s\n", cfgfile ? cfgfile :
		    "defaults", errs.ptr);
		goto out;
	}
	/* One thread at least for each socket. */
	if (cfg.listen_tcp[0] != '\0' && cfg.threads < 2)
		cfg.threads = 2;
	boot_cfg = &cfg;
	log_level_set(cfg.log_level);

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
	proto.pdf = &pdf;

	xsl_global_init();
	if (db_global_init() != 0) {
		fprintf(stderr, "ddd-worker: MariaDB library init failed\n");
		goto out;
	}
	if (crypto_master_load(cfg.master_key_file, &master, &errs) == -1) {
		fprintf(stderr, "%s", errs.ptr);
		fprintf(stderr, "ddd-worker: no usable master key; not "
		    "starting (see docs/crypto.md)\n");
		goto out;
	}
	proto.master = &master;
	/* Lasso before any thread starts; the SAML SP's key read while we
	 * may still be root. */
	if (saml_global_init() == -1) {
		fprintf(stderr, "ddd-worker: Lasso (SAML) init failed\n");
		goto out;
	}
	if (saml_sp_load(&cfg, &saml, &errs) == -1) {
		fprintf(stderr, "%s", errs.ptr);
		fprintf(stderr, "ddd-worker: the SAML SP does not load; not "
		    "starting (see docs/sso-saml.md)\n");
		goto out;
	}
	proto.saml = saml;
	if (crypto_derive_key(master.key, sizeof(master.key), "ddd-csrf",
	    proto.csrf_key) == -1)
		goto out;
	proto.started = (long long)time(NULL);
	proto.generation = 1;
	if ((g = gen_load(&cfg, &proto, &errs)) == NULL) {
		fprintf(stderr, "%s", errs.ptr);
		fprintf(stderr, "ddd-worker: not starting\n");
		goto out;
	}
	atomic_store(&current, g);
	if (check_only) {
		printf("configuration OK (%lu stylesheets, %lu forms, schema "
		    "version %d)\nPDF: %s, FOP %s; seccomp %s\n",
		    (unsigned long)g->xsl->n, (unsigned long)g->forms.n,
		    g->app.schema_expected, cfg.pdf_renderer, pdf.fop ?
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
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_wake;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);

	/* libfcgi closes a TCP connection from any other address at once
	 * (it reads this in FCGX_Init); the unix socket is not affected. */
	if (cfg.listen_tcp[0] != '\0' &&
	    setenv("FCGI_WEB_SERVER_ADDRS", cfg.listen_tcp_allow, 1) == -1)
		goto out;
	if (FCGX_Init() != 0) {
		fprintf(stderr, "ddd-worker: FCGX_Init failed\n");
		goto out;
	}
	if (inherited >= 0)
		/* systemd's (ddd-worker.socket): its path, mode and owner
		 * are the socket unit's; it outlives us. */
		fd = inherited;
	else {
		unlink(cfg.listen);
		if ((fd = FCGX_OpenSocket(cfg.listen, cfg.backlog)) < 0) {
			fprintf(stderr, "ddd-worker: cannot listen on %s: %s\n",
			    cfg.listen, strerror(errno));
			goto out;
		}
		/* nginx runs as another user; the folder around it guards
		 * access. */
		chmod(cfg.listen, 0666);
		/* The socket goes on the way out through its folder: the
		 * filter allows removing a file there, nowhere else. */
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
	/* nginx on other hosts: TCP on one address (config_check_tcp). */
	if (cfg.listen_tcp[0] != '\0') {
		if ((tcp_fd = FCGX_OpenSocket(cfg.listen_tcp, cfg.backlog)) <
		    0) {
			fprintf(stderr, "ddd-worker: cannot listen on %s: %s\n",
			    cfg.listen_tcp, strerror(errno));
			goto out;
		}
		(void)fcntl(tcp_fd, F_SETFD, FD_CLOEXEC);
	}
	/* Everything that needs root is done: the socket, the master key,
	 * the stylesheets.  From here on the worker is cfg.user. */
	if (root && priv_drop("ddd-worker", &run_as) == -1)
		goto out;

	if ((threads = calloc((size_t)cfg.threads, sizeof(*threads))) == NULL)
		goto out;
	for (i = 0; i < cfg.threads; i++) {
		/* With two sockets, every other thread waits on TCP. */
		threads[i].listen_fd = tcp_fd >= 0 && i % 2 == 1 ? tcp_fd : fd;
		atomic_init(&threads[i].busy, 0);
		atomic_init(&threads[i].conn_fd, -1);
		atomic_init(&threads[i].done, 0);
		atomic_init(&threads[i].using, NULL);
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
		log_info("start", "listen=%s socket=%s tcp=%s threads=%d "
		    "stylesheets=%lu schema=%d seccomp=%s", cfg.listen,
		    inherited >= 0 ? "systemd" : "own", cfg.listen_tcp[0] ?
		    cfg.listen_tcp : "none", started,
		    (unsigned long)g->xsl->n, g->app.schema_expected,
		    cfg.seccomp);
		for (;;) {
			sig = sigtimedwait(&sigs, NULL, &tick);
			if (sig == -1) {
				if (errno != EAGAIN && errno != EINTR)
					sig = SIGTERM;
			}
			if (retired != NULL)
				reap(&retired, threads, started);
			if (sig == SIGHUP)
				reload(cfgfile, &retired);
			else if (sig == SIGTERM || sig == SIGINT)
				break;
		}
		log_info("stop", "signal=%d", sig);
	}

	/* Finish requests in flight; wake the threads that wait.  The
	 * listening socket stays as it is: systemd's keeps the connections
	 * that arrive meanwhile for the next worker.  Our own sockets stop
	 * listening first (shutdown also wakes a thread in accept): a web
	 * server's new connection is refused at once, and nginx tries the
	 * next worker, a POST too, since none of it was sent (a rolling
	 * restart fails no request; docs/operations.md). */
	if (tcp_fd >= 0)
		shutdown(tcp_fd, SHUT_RDWR);
	if (fd >= 0 && inherited < 0)
		shutdown(fd, SHUT_RDWR);
	atomic_store(&stopping, 1);
	FCGX_ShutdownPending();
	for (i = 0; i < started; i++) {
		int cfd = atomic_load(&threads[i].conn_fd);
		if (!atomic_load(&threads[i].busy) && cfd >= 0)
			shutdown(cfd, SHUT_RD);
	}
	/* A thread about to enter accept() misses one wake-up: again,
	 * until each has left its loop. */
	do {
		struct timespec pause = { 0, 20 * 1000 * 1000 };
		for (left = 0, i = 0; i < started; i++)
			if (!atomic_load(&threads[i].done)) {
				left++;
				pthread_kill(threads[i].tid, SIGUSR1);
			}
		if (left > 0)
			nanosleep(&pause, NULL);
	} while (left > 0);
	for (i = 0; i < started; i++)
		pthread_join(threads[i].tid, NULL);
	log_info("stopped", "threads=%d", started);
	rc = serving ? 0 : 1;
out:
	if (tcp_fd >= 0)
		close(tcp_fd);
	if (fd >= 0 && inherited < 0) {
		close(fd);
		if (sock_dir == -1 || unlinkat(sock_dir, sock_name, 0) == -1)
			unlink(cfg.listen);
	}
	if (sock_dir != -1)
		close(sock_dir);
	free(threads);
	while (retired != NULL) {
		struct gen *next = retired->next;
		gen_free(retired);
		retired = next;
	}
	gen_free(atomic_load(&current));
	crypto_master_wipe(&master);
	pdf_renderer_free(&pdf);
	saml_sp_free(saml);
	saml_global_end();
	crypto_wipe(proto.csrf_key, sizeof(proto.csrf_key));
	buf_free(&errs);
	return rc;
}
