/* Webhook notices to MBO colleges: when a dossier becomes available to a
 * college whose tenant file has <webhook url="..."/>, a notice row is
 * written in the same transaction; the sender (ddd-mailer, after each
 * mail pass) POSTs it as JSON with libcurl, signed:
 *
 *   X-DDD-Signature: t=<unix time>,v1=<hex HMAC-SHA256(key, t "." body)>
 *
 * where key is HKDF-SHA256(master key, "ddd-webhook:" slug), printed for
 * the college's IT by `dddctl webhook-secret SLUG`.  A 2xx answer is
 * delivered; anything else is tried again with back-off, then 'failed'.
 * Rows are claimed like mails (FOR UPDATE SKIP LOCKED, a lease), so two
 * senders never POST one notice at the same time.  See docs/mail.md. */
#ifndef DDD_WEBHOOK_H
#define DDD_WEBHOOK_H

#include <signal.h>
#include <stddef.h>

#include "config.h"
#include "crypto.h"
#include "db.h"

#define WEBHOOK_MAX_URL		500	/* TENANT_MAX_WEBHOOK */
#define WEBHOOK_KEY_LEN		32

/* 1 when url is one we POST to: https://, or http:// to a loopback host
 * (tests, a local relay); why gets the reason otherwise. */
int		webhook_url_ok(const char *url, char *why, size_t whysize);
/* The signing key of a college. */
int		webhook_key(const struct crypto_master *, const char *slug,
		    unsigned char key[WEBHOOK_KEY_LEN]);

struct tenant_cache;

/* Inside the caller's transaction: put dossier dossier_id of school
 * school_id in college mbo_id's API feed (fcgi/api_feed.h), and queue the
 * notice that it is available to the college, when the college takes
 * part there and has a webhook (from the college's configuration in the
 * cache, fcgi/tenant_config.h); once per dossier and college.  The
 * notice's links name the dossier's pages and its API URL.  pdf_sha256
 * may be "". */
enum ddd_err	webhook_queue(struct db *, struct tenant_cache *,
		    const struct config *, long long mbo_id,
		    long long school_id, long long dossier_id, int version,
		    const char *pdf_sha256);

struct webhook_opts {
	int	 batch;
	int	 lease;		/* seconds */
	int	 timeout;	/* seconds for one POST */
	int	 max_attempts;
	volatile sig_atomic_t *stop;
};

struct webhook_stats {
	unsigned long	 sent, retry, failed;
	unsigned long	 unconfirmed;	/* handed over, no answer */
};

/* Deliver what is due (one pass), the URLs from the colleges'
 * configurations in the cache; DDD_OK or the database's error. */
enum ddd_err	webhook_pass(struct db *, struct tenant_cache *,
		    const struct crypto_master *, const struct webhook_opts *,
		    struct webhook_stats *);

#endif
