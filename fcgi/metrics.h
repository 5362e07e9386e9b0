/* What a process counts for /metrics (Prometheus text format, rendered by
 * xslt/metrics.xsl from the XML metrics_xml builds).  The worker is
 * threaded: each thread that calls metrics_thread_start counts into a
 * slot of its own (relaxed atomics on its own cache lines, no lock); the
 * rest of the process (the main thread, dddctl, the mailer) shares one
 * slot.  A scrape adds the slots up.  What the database knows (the
 * outbox, the webhook notices, the schema) is read when /metrics is
 * read, so that every process that sends mail counts the same. */
#ifndef DDD_METRICS_H
#define DDD_METRICS_H

#include <libxml/tree.h>

#include "db.h"
#include "err.h"

#define METRICS_MAX_ROUTES	128	/* enum page must stay below */

enum metric {
	MET_LOGIN_OK,
	MET_LOGIN_FAILED,
	MET_LOGIN_THROTTLED,
	MET_PDF_FALLBACK,	/* from our renderer to FOP */
	MET_RELOAD_OK,
	MET_RELOAD_FAILED,
	MET_REPLICA_READ,	/* a GET's read from a replica */
	MET_REPLICA_FALLBACK,	/* a GET that read from the primary after all */
	MET__MAX
};

enum metrics_renderer { METRICS_NATIVE, METRICS_FOP, METRICS__RENDERERS };

/* A slot of this thread's own (the worker's request threads). */
void		metrics_thread_start(void);
/* One answered request: its route (enum page; -1 when none matched),
 * status and time in microseconds. */
void		metrics_request(int route, int status, long us);
/* One database round trip (db_run) and how it ended. */
void		metrics_db(enum ddd_err);
void		metrics_count(enum metric);
/* One PDF render: which renderer, whether it made a PDF, how long. */
void		metrics_pdf(enum metrics_renderer, int ok, double seconds);

/* What the database says, for /metrics and dddctl status. */
struct metrics_figures {
	long long	 outbox_depth;		/* queued + sending */
	long long	 outbox_oldest_s;	/* age of the oldest of them */
	long long	 outbox[4];		/* by METRICS_STATUS_NAMES */
	long long	 notice[4];
	int		 schema;		/* newest applied migration */
	/* The primary's semi-synchronous replication (db_servers only):
	 * -1 not a cluster, 0 off (commits no longer wait for a replica),
	 * 1 on; replicas acknowledging; commits that went unacknowledged;
	 * how often it turned itself off. */
	int		 semi_sync;
	long long	 semi_sync_clients, semi_sync_no_tx, semi_sync_off;
};
#define METRICS_STATUS_NAMES	{ "queued", "sending", "sent", "failed" }
enum ddd_err	metrics_figures_read(struct db *, struct metrics_figures *);

/* The daily jobs (dddctl remind, dddctl purge) leave a stamp in the
 * state folder when they succeed: "<unix time> <detail>".  -1 when it
 * cannot be written (logged) or read. */
int		metrics_job_done(const char *state_dir, const char *job,
		    const char *detail);
int		metrics_job_last(const char *state_dir, const char *job,
		    long long *when, char *detail, size_t size);

/* Everything above as <family name= type= help=><s n= v=><l n=>value</l>
 * ...</s></family> under root.  route_names[i] names route i (nroutes of
 * them); figures NULL when the database did not answer. */
struct metrics_info {
	const char	*version;		/* the build's */
	int		 schema_expected;
	long long	 started;		/* unix time */
	long long	 generation;		/* configuration loads */
	long long	 reloaded;		/* unix time of the last */
	int		 threads;
	const char	*state_dir;
	int		 primary_up;	/* db_servers: 1, 0; -1 one server */
};
void		metrics_xml(xmlNodePtr root, const char *const *route_names,
		    size_t nroutes, const struct metrics_figures *figures,
		    const struct metrics_info *);

#endif
