#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "api_feed.h"
#include "log.h"
#include "urlcheck.h"
#include "outbox.h"
#include "webhook.h"
#include "tenant_config.h"

#define NOTICE_MAX_BODY		2000
#define NOTICE_MAX_BATCH	100
#define NOTICE_MAX_ERROR	480

int
webhook_url_ok(const char *url, char *why, size_t whysize)
{
	return url_https_or_loopback(url, WEBHOOK_MAX_URL, why, whysize);
}

int
webhook_key(const struct crypto_master *m, const char *slug,
    unsigned char key[WEBHOOK_KEY_LEN])
{
	char	 info[96];

	snprintf(info, sizeof(info), "ddd-webhook:%s", slug);
	return crypto_derive_key(m->key, sizeof(m->key), info, key);
}

/* A JSON string's contents (the quotes are the caller's). */
static void
json_str(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			buf_printf(b, "\\%c", ch);
		else if (ch < 0x20)
			buf_printf(b, "\\u%04x", ch);
		else
			buf_addc(b, (char)ch);
	}
}

enum ddd_err
webhook_queue(struct db *db, struct tenant_cache *tenants,
    const struct config *cfg, long long mbo_id, long long school_id,
    long long dossier_id, int version, const char *pdf_sha256)
{
	const struct tenant_config *tc;
	struct db_result res;
	struct buf	 body;
	char		 base[CONFIG_MAX_VALUE + 64];
	unsigned long long cv;
	int		 hook;
	enum ddd_err	 e;

	if (!db->in_txn)
		return DDD_ERR_INTERNAL;	/* with the change, or not at all */
	if (mbo_id <= 0)
		return DDD_OK;
	/* The college's API feed has every dossier afgerond for it; whether
	 * the college may read one is dossier_get's, at the time it asks. */
	if ((e = api_feed_touch(db, mbo_id, dossier_id)) != DDD_OK)
		return e;
	{
		struct db_param p[2] = { DB_P_INT(school_id), DB_P_INT(mbo_id) };
		if ((e = db_run(db, STMT_NOTICE_TARGET, p, 2, &res)) != DDD_OK)
			return e;
	}
	if (res.nrows != 1) {
		db_result_free(&res);
		return DDD_OK;	/* not taking part */
	}
	cv = strtoull(DB_COL(&res, 0, "config_version"), NULL, 10);
	db_result_free(&res);
	if ((e = tenant_config_get_at(tenants, db, mbo_id, cv, &tc)) != DDD_OK)
		return e;
	hook = tc->webhook[0] != '\0';
	tenant_config_release(tc);
	if (!hook)
		return DDD_OK;	/* no webhook */
	buf_init(&body, NOTICE_MAX_BODY);
	snprintf(base, sizeof(base), "%s/mbo/dossiers/%lld", cfg->base_url,
	    dossier_id);
	buf_printf(&body, "{\"event\":\"dossier.afgerond\",\"dossier\":%lld,"
	    "\"versie\":%d,\"pdf_sha256\":\"", dossier_id, version);
	json_str(&body, pdf_sha256);
	buf_addstr(&body, "\",\"links\":{\"dossier\":\"");
	json_str(&body, base);
	buf_addstr(&body, "\",\"pdf\":\"");
	json_str(&body, base);
	buf_addstr(&body, "/dossier.pdf\",\"xml\":\"");
	json_str(&body, base);
	buf_addstr(&body, "/xml\",\"api\":\"");
	/* The dossier in the API (docs/api.md), for a college's system. */
	json_str(&body, cfg->base_url);
	buf_printf(&body, "/api/v1/dossiers/%lld", dossier_id);
	if (buf_addstr(&body, "\"}}") != DDD_OK || body.ptr == NULL) {
		buf_free(&body);
		return DDD_ERR_INTERNAL;
	}
	{
		struct db_param p[4] = { DB_P_INT(mbo_id), DB_P_INT(dossier_id),
		    DB_P_INT(school_id), DB_P_STRN(body.ptr, body.len) };
		e = db_run(db, STMT_NOTICE_INSERT, p, 4, NULL);
	}
	buf_free(&body);
	/* Already queued once for this dossier and college: that one. */
	return e == DDD_ERR_CONFLICT ? DDD_OK : e;
}

/* --- the sender ------------------------------------------------------- */

struct notice_claim {
	long long	 id;
	long long	 attempts;	/* this attempt's number */
};

static enum ddd_err
claim(struct db *db, const struct webhook_opts *o, struct notice_claim *out,
    size_t *n)
{
	struct db_result res;
	enum ddd_err	 e;
	size_t		 i;

	*n = 0;
	if ((e = db_begin(db)) != DDD_OK)
		return e;
	{
		struct db_param p = DB_P_INT(o->batch > NOTICE_MAX_BATCH ?
		    NOTICE_MAX_BATCH : o->batch);
		if ((e = db_run(db, STMT_NOTICE_CLAIM_SELECT, &p, 1, &res)) !=
		    DDD_OK) {
			db_rollback(db);
			return e;
		}
	}
	for (i = 0; i < res.nrows && e == DDD_OK; i++) {
		struct db_param p[2] = { DB_P_INT(o->lease),
		    DB_P_INT(atoll(DB_COL(&res, i, "id"))) };
		out[i].id = p[1].i;
		out[i].attempts = atoll(DB_COL(&res, i, "attempts")) + 1;
		e = db_run(db, STMT_NOTICE_CLAIM_UPDATE, p, 2, NULL);
	}
	if (e == DDD_OK && (e = db_commit(db)) == DDD_OK)
		*n = res.nrows;
	else
		db_rollback(db);
	db_result_free(&res);
	return e;
}

static size_t
discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

/* The body, its last byte held back until the handover is recorded:
 * the receiver cannot act on a notice it has not read whole. */
struct body_reader {
	const char	*data;
	size_t		 len, pos;
	struct db	*db;
	const struct notice_claim *c;
	int		 handed;	/* recorded: never sent again */
	int		 refused;	/* could not record: aborted */
};

static size_t
body_read(char *out, size_t size, size_t nitems, void *arg)
{
	struct body_reader *b = arg;
	size_t		 want = size * nitems, left = b->len - b->pos;

	if (left == 0)
		return 0;
	if (want >= left && !b->handed) {
		struct db_param p[2] = { DB_P_INT(b->c->id),
		    DB_P_INT(b->c->attempts) };
		struct db_result res;
		if (db_run(b->db, STMT_NOTICE_HANDED, p, 2, &res) != DDD_OK) {
			b->refused = 1;
			return CURL_READFUNC_ABORT;
		}
		b->handed = res.affected == 1;
		db_result_free(&res);
		if (!b->handed) {
			log_warn("notice_claim_lost", "id=%lld", b->c->id);
			b->refused = 1;
			return CURL_READFUNC_ABORT;
		}
	}
	if (want > left)
		want = left;
	memcpy(out, b->data + b->pos, want);
	b->pos += want;
	return want;
}

static int
body_seek(void *arg, curl_off_t offset, int origin)
{
	struct body_reader *b = arg;

	if (origin != SEEK_SET || offset < 0 || (size_t)offset > b->len)
		return CURL_SEEKFUNC_CANTSEEK;
	b->pos = (size_t)offset;
	return CURL_SEEKFUNC_OK;
}

/* POST the body to url; 0 on a 2xx answer, 1 when it was handed over and
 * no answer came (it may have arrived: never again), else -1 with why. */
static int
post(struct body_reader *body, const char *url, const char *sig,
    long long id, int timeout, char *why, size_t whysize)
{
	CURL		*h;
	struct curl_slist *hdr = NULL, *t;
	char		 line[300];
	long		 status = 0;
	CURLcode	 rc;
	int		 ok = -1;

	if ((h = curl_easy_init()) == NULL) {
		snprintf(why, whysize, "curl_easy_init failed");
		return -1;
	}
	hdr = curl_slist_append(hdr, "Content-Type: application/json");
	snprintf(line, sizeof(line), "X-DDD-Signature: %s", sig);
	if (hdr != NULL && (t = curl_slist_append(hdr, line)) != NULL)
		hdr = t;
	snprintf(line, sizeof(line), "X-DDD-Notice: %lld", id);
	if (hdr != NULL && (t = curl_slist_append(hdr, line)) != NULL)
		hdr = t;
	/* The body at once: no wait for 100 Continue before it. */
	if (hdr != NULL && (t = curl_slist_append(hdr, "Expect:")) != NULL)
		hdr = t;
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)timeout);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)timeout);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, body_read);
	curl_easy_setopt(h, CURLOPT_READDATA, body);
	curl_easy_setopt(h, CURLOPT_SEEKFUNCTION, body_seek);
	curl_easy_setopt(h, CURLOPT_SEEKDATA, body);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)body->len);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "DDD-webhook/1");
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	if ((rc = curl_easy_perform(h)) != CURLE_OK) {
		snprintf(why, whysize, "%s", body->refused ? "the handover "
		    "could not be recorded; not sent" : curl_easy_strerror(rc));
		if (body->handed)
			ok = 1;
	} else {
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
		if (status >= 200 && status < 300)
			ok = 0;
		else
			snprintf(why, whysize, "HTTP %ld", status);
	}
	curl_slist_free_all(hdr);
	curl_easy_cleanup(h);
	return ok;
}

static void
record(struct db *db, const struct webhook_opts *o,
    const struct notice_claim *c, int sent, int permanent, const char *why,
    struct webhook_stats *stats)
{
	struct db_result res;
	enum ddd_err	 e;

	if (sent) {
		struct db_param p = DB_P_INT(c->id);
		if (db_run(db, STMT_NOTICE_SENT, &p, 1, NULL) == DDD_OK) {
			stats->sent++;
			log_info("notice_sent", "id=%lld attempt=%lld", c->id,
			    c->attempts);
		} else
			log_error("notice_sent_unrecorded", "id=%lld note=\""
			    "delivered; stays handed over, never sent "
			    "again\"", c->id);
		return;
	}
	if (permanent || c->attempts >= o->max_attempts) {
		struct db_param p[3] = { DB_P_STR(why), DB_P_INT(c->id),
		    DB_P_INT(c->attempts) };
		if ((e = db_run(db, STMT_NOTICE_FAIL, p, 3, &res)) == DDD_OK) {
			stats->failed += res.affected == 1;
			db_result_free(&res);
		}
		log_error("notice_failed", "id=%lld attempt=%lld error=\"%s\"",
		    c->id, c->attempts, why);
		return;
	}
	{
		int wait = outbox_backoff((int)c->attempts);
		struct db_param p[4] = { DB_P_INT(wait), DB_P_STR(why),
		    DB_P_INT(c->id), DB_P_INT(c->attempts) };
		if ((e = db_run(db, STMT_NOTICE_RETRY, p, 4, &res)) == DDD_OK) {
			stats->retry += res.affected == 1;
			db_result_free(&res);
		}
		log_warn("notice_retry", "id=%lld attempt=%lld wait=%d "
		    "error=\"%s\"", c->id, c->attempts, wait, why);
	}
}

/* Quotes and controls out of a reason, for the table and the log. */
static void
clean(char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '"' || (unsigned char)*s < 0x20)
			*s = '\'';
}

static void
deliver(struct db *db, struct tenant_cache *tenants,
    const struct crypto_master *master, const struct webhook_opts *o,
    const struct notice_claim *c, struct webhook_stats *stats)
{
	const struct tenant_config *tc = NULL;
	struct db_result row;
	unsigned char	 key[WEBHOOK_KEY_LEN], mac[CRYPTO_SHA256_LEN];
	char		 url[WEBHOOK_MAX_URL + 1], why[NOTICE_MAX_ERROR];
	char		 hex[2 * CRYPTO_SHA256_LEN + 1], sig[160];
	struct buf	 signed_text;
	long long	 now = (long long)time(NULL);
	int		 sent = 0, permanent = 0, rc = -1;
	struct body_reader body;

	{
		struct db_param p[2] = { DB_P_INT(c->id),
		    DB_P_INT(c->attempts) };
		if (db_run(db, STMT_NOTICE_LOAD, p, 2, &row) != DDD_OK)
			return;	/* the claim runs out; tried again */
	}
	if (row.nrows != 1) {
		log_warn("notice_claim_lost", "id=%lld", c->id);
		db_result_free(&row);
		return;
	}
	buf_init(&signed_text, NOTICE_MAX_BODY + 32);
	/* The college's file as parsed once per load: the URL of now, not
	 * of when the notice was queued. */
	if (tenant_config_get_at(tenants, db,
	    atoll(DB_COL(&row, 0, "tenant_id")),
	    strtoull(DB_COL(&row, 0, "config_version"), NULL, 10), &tc) !=
	    DDD_OK) {
		buf_free(&signed_text);
		db_result_free(&row);
		return;	/* the claim runs out; tried again */
	}
	if (tc->webhook[0] == '\0' || strlen(tc->webhook) >= sizeof(url)) {
		snprintf(why, sizeof(why), "the college's tenant file has no "
		    "<webhook url> any more");
		permanent = 1;
		goto record;
	}
	memcpy(url, tc->webhook, strlen(tc->webhook) + 1);
	if (!webhook_url_ok(url, why, sizeof(why))) {
		permanent = 1;
		goto record;
	}
	buf_printf(&signed_text, "%lld.", now);
	buf_add(&signed_text, DB_COL(&row, 0, "body"),
	    DB_COL_LEN(&row, 0, "body"));
	if (signed_text.ptr == NULL || webhook_key(master,
	    DB_COL(&row, 0, "tenant_slug"), key) == -1 ||
	    crypto_hmac_sha256(key, sizeof(key), signed_text.ptr,
	    signed_text.len, mac) == -1 ||
	    crypto_hex_encode(mac, sizeof(mac), hex, sizeof(hex)) == -1) {
		snprintf(why, sizeof(why), "signing failed");
		goto record;
	}
	snprintf(sig, sizeof(sig), "t=%lld,v1=%s", now, hex);
	memset(&body, 0, sizeof(body));
	body.data = DB_COL(&row, 0, "body");
	body.len = DB_COL_LEN(&row, 0, "body");
	body.db = db;
	body.c = c;
	rc = post(&body, url, sig, c->id, o->timeout, why, sizeof(why));
	sent = rc == 0;
record:
	crypto_wipe(key, sizeof(key));
	clean(why);
	if (rc == 1) {
		/* Handed over, unanswered: it stays so (docs/mail.md). */
		stats->unconfirmed++;
		log_error("notice_unconfirmed", "id=%lld attempt=%lld "
		    "error=\"%s\" note=\"handed over, no answer: may have "
		    "arrived; not sent again\"", c->id, c->attempts, why);
	} else
		record(db, o, c, sent, permanent, why, stats);
	tenant_config_release(tc);
	buf_free(&signed_text);
	db_result_free(&row);
}

enum ddd_err
webhook_pass(struct db *db, struct tenant_cache *tenants,
    const struct crypto_master *master, const struct webhook_opts *o,
    struct webhook_stats *stats)
{
	struct notice_claim c[NOTICE_MAX_BATCH];
	size_t		 n, i;
	enum ddd_err	 e;

	while (o->stop == NULL || !*o->stop) {
		if ((e = claim(db, o, c, &n)) != DDD_OK)
			return e;
		if (n == 0)
			break;
		for (i = 0; i < n; i++)
			deliver(db, tenants, master, o, &c[i], stats);
	}
	return DDD_OK;
}
