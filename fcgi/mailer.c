/* The mail sender: outbox rows -> XSLT -> MIME (curl_mime) -> SMTP.
 * See mailer.h for the API and docs/mail.md for the design. */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <mysql.h>
#include <openssl/evp.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "bsn.h"
#include "crypto.h"
#include "db.h"
#include "log.h"
#include "mailer.h"
#include "outbox.h"
#include "privdrop.h"
#include "webhook.h"
#include "tenant_config.h"
#include "xmlcheck.h"
#include "xsl.h"

#define MAIL_MAX_PART		(4 * 1024 * 1024)	/* text or HTML */
#define MAIL_MAX_ERROR		500	/* outbox.last_error */
#define MAIL_MAX_BATCH		100
#define MAIL_MAX_KIND		40
#define MAIL_RECORD_TRIES	5	/* marking a sent row */
#define ACTIVATION_PATH		"/activeren/wachtwoord?t="	/* + token */

/* --- small helpers ---------------------------------------------------- */

/* One printable ASCII line: for last_error and the log. */
void
mailer_ascii_line(char *dst, size_t size, const char *src)
{
	size_t	 i, j = 0;

	if (size == 0)
		return;
	for (i = 0; src != NULL && src[i] != '\0' && j + 1 < size; i++) {
		unsigned char ch = (unsigned char)src[i];
		dst[j++] = ch >= 0x20 && ch < 0x7f ? (char)ch : ch == '\t' ||
		    ch == '\r' || ch == '\n' ? ' ' : '?';
	}
	dst[j] = '\0';
	while (j > 0 && dst[j - 1] == ' ')
		dst[--j] = '\0';
}

int
mailer_addr_ok(const char *a)
{
	const char	*at = NULL, *p;
	size_t		 len;

	if (a == NULL || (len = strlen(a)) < 3 || len > 254)
		return 0;
	for (p = a; *p != '\0'; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch <= 0x20 || ch >= 0x7f)
			return 0;
		if (strchr("<>()[]\\,;:\"", ch) != NULL)
			return 0;
		if (ch == '@') {
			if (at != NULL)
				return 0;
			at = p;
		}
	}
	if (at == NULL || at == a || at[1] == '\0' || at - a > 64)
		return 0;
	if (a[0] == '.' || at[-1] == '.' || strstr(a, "..") != NULL)
		return 0;
	/* domain: labels of letters, digits and hyphens */
	for (p = at + 1; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.')
			return 0;
	if (at[1] == '.' || at[1] == '-' || a[len - 1] == '.' ||
	    a[len - 1] == '-')
		return 0;
	return 1;
}

/* Bytes of the UTF-8 sequence starting at s (1 for a bad byte). */
static size_t
utf8_seq(const unsigned char *s, size_t left)
{
	size_t	 n, i;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0 && s[0] >= 0xc2)
		n = 2;
	else if ((s[0] & 0xf0) == 0xe0)
		n = 3;
	else if ((s[0] & 0xf8) == 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 1;
	if (n > left)
		return 1;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

static int
is_atext(unsigned char ch)
{
	return isalnum(ch) || strchr("!#$%&'*+-/=?^_`{|}~", ch) != NULL;
}

enum ddd_err
mailer_header_value(struct buf *out, const char *value, int phrase)
{
	struct buf	 clean;
	const unsigned char *s;
	size_t		 i, len, start;
	int		 ascii = 1, plain = 1;
	enum ddd_err	 e;

	buf_init(&clean, 4096);
	/* Controls (CR and LF above all) become spaces; bad UTF-8 '?'. */
	for (i = 0; value != NULL && value[i] != '\0'; ) {
		const unsigned char *p = (const unsigned char *)value + i;
		size_t n = utf8_seq(p, strlen(value + i));
		if (*p < 0x20 || *p == 0x7f)
			e = buf_addc(&clean, ' ');
		else if (*p >= 0x80 && n == 1)
			e = buf_addc(&clean, '?');
		else
			e = buf_add(&clean, p, n);
		if (e != DDD_OK)
			goto out;
		i += n;
	}
	s = (const unsigned char *)(clean.ptr ? clean.ptr : "");
	len = clean.len;
	while (len > 0 && s[len - 1] == ' ')
		len--;
	while (len > 0 && s[0] == ' ') {
		s++;
		len--;
	}
	for (i = 0; i < len; i++) {
		if (s[i] >= 0x80)
			ascii = 0;
		else if (!is_atext(s[i]) && s[i] != ' ')
			plain = 0;
	}
	if (ascii && memmem(s, len, "=?", 2) != NULL)
		ascii = 0;	/* would read as an encoded word */
	if (ascii && (!phrase || plain)) {
		e = buf_add(out, s, len);
		goto out;
	}
	if (ascii) {
		e = buf_addc(out, '"');
		for (i = 0; e == DDD_OK && i < len; i++) {
			if (s[i] == '"' || s[i] == '\\')
				e = buf_addc(out, '\\');
			if (e == DDD_OK)
				e = buf_addc(out, (char)s[i]);
		}
		if (e == DDD_OK)
			e = buf_addc(out, '"');
		goto out;
	}
	/* RFC 2047 "B" words of at most 45 bytes (75 characters encoded),
	 * never splitting a character, one per folded line. */
	e = DDD_OK;
	for (start = 0; start < len && e == DDD_OK; ) {
		unsigned char	 b64[64];
		size_t		 end = start, n;
		while (end < len) {
			n = utf8_seq(s + end, len - end);
			if (end + n - start > 45)
				break;
			end += n;
		}
		EVP_EncodeBlock(b64, s + start, (int)(end - start));
		e = buf_printf(out, "%s=?UTF-8?B?%s?=", start > 0 ? "\r\n " :
		    "", (const char *)b64);
		start = end;
	}
out:
	buf_free(&clean);
	return e;
}

/* A 9-digit number standing on its own (dots between digits allowed,
 * as people write 1234.56.782) that passes the 11-proef. */
int
mailer_has_bsn(const char *t, size_t len)
{
	size_t	 i = 0, j, nd;
	char	 digits[10];

	while (i < len) {
		if (!isdigit((unsigned char)t[i]) || (i > 0 &&
		    (isalnum((unsigned char)t[i - 1]) || t[i - 1] == '_' ||
		    t[i - 1] == '-' || t[i - 1] == '.' ||
		    (unsigned char)t[i - 1] >= 0x80))) {
			i++;
			continue;
		}
		nd = 0;
		for (j = i; j < len; j++) {
			if (isdigit((unsigned char)t[j])) {
				if (nd < sizeof(digits))
					digits[nd] = t[j];
				nd++;
			} else if (t[j] == '.' && j + 1 < len &&
			    isdigit((unsigned char)t[j + 1]))
				continue;
			else
				break;
		}
		if (nd == 9 && (j == len || (!isalnum((unsigned char)t[j]) &&
		    t[j] != '_' && t[j] != '-' &&
		    (unsigned char)t[j] < 0x80)) &&
		    bsn_check(digits, 9, NULL) == BSN_OK)
			return 1;
		i = j;
	}
	return 0;
}

/* --- the outbox ------------------------------------------------------- */

struct mailer {
	const struct config	*cfg;
	const struct mailer_opts *o;
	struct crypto_master	 master;	/* signs webhook notices */
	struct webhook_opts	 notice;
	struct webhook_stats	 webhook_stats;
	struct xsl_cache	*xsl;
	struct db		 db;
	struct tenant_cache	*tenants;	/* parsed tenant files */
	struct mailer_smtp	*smtp;
	struct mailer_stats	*stats;
	char			 domain[256];	/* of the Message-IDs */
	int			 smtp_down;	/* stop this pass */
};

struct claim {
	long long	 id;
	long long	 attempts;	/* after the claim: the fencing token */
};

/* A row of STMT_MAIL_LOAD: the strings point into its result. */
struct mail_row {
	long long	 tenant_id;
	long long	 account_id;	/* 0: none */
	long long	 document_id;	/* 0: nothing to attach */
	unsigned long long config_version;
	const char	*kind;
	const char	*to_addr;
	const char	*to_name;
	size_t		 to_name_len;
	const char	*subject;
	size_t		 subject_len;
	const char	*body_xml;
	size_t		 body_len;
	const char	*tenant_slug;	/* NULL: the tenant is gone */
	const char	*tenant_name;	/* "" when gone */
};

static void
mail_row(const struct db_result *r, struct mail_row *out)
{
	const char	*v;

	out->tenant_id = atoll(DB_COL(r, 0, "tenant_id"));
	out->account_id = (v = DB_COL(r, 0, "account_id")) ? atoll(v) : 0;
	out->document_id = (v = DB_COL(r, 0, "document_id")) ? atoll(v) : 0;
	out->config_version = (v = DB_COL(r, 0, "config_version")) ?
	    strtoull(v, NULL, 10) : 0;
	out->kind = DB_COL(r, 0, "kind");
	out->to_addr = DB_COL(r, 0, "to_addr");
	out->to_name = DB_COL(r, 0, "to_name");
	out->to_name_len = DB_COL_LEN(r, 0, "to_name");
	out->subject = DB_COL(r, 0, "subject");
	out->subject_len = DB_COL_LEN(r, 0, "subject");
	out->body_xml = DB_COL(r, 0, "body_xml");
	out->body_len = DB_COL_LEN(r, 0, "body_xml");
	out->tenant_slug = DB_COL(r, 0, "tenant_slug");
	out->tenant_name = (v = DB_COL(r, 0, "tenant_name")) ? v : "";
}

static int
stopping(const struct mailer *m)
{
	return m->o->stop != NULL && *m->o->stop;
}

/* Take up to batch due rows: one short transaction. */
static enum ddd_err
claim(struct mailer *m, struct claim *out, size_t *n)
{
	struct db_result res;
	enum ddd_err	 e;
	size_t		 i;
	int		 tries;

	*n = 0;
	for (tries = 0; tries < 3; tries++) {
		if ((e = db_begin(&m->db)) != DDD_OK)
			goto again;
		{
			struct db_param p = DB_P_INT(m->o->batch);
			e = db_run(&m->db, STMT_MAIL_CLAIM_SELECT, &p, 1, &res);
		}
		if (e != DDD_OK)
			goto again;
		for (i = 0; i < res.nrows && e == DDD_OK; i++) {
			struct db_param p[2] = { DB_P_INT(m->o->lease),
			    DB_P_INT(atoll(DB_COL(&res, i, "id"))) };
			out[i].id = p[1].i;
			out[i].attempts = atoll(DB_COL(&res, i, "attempts")) +
			    1;
			e = db_run(&m->db, STMT_MAIL_CLAIM_UPDATE, p, 2, NULL);
		}
		if (e == DDD_OK && (e = db_commit(&m->db)) == DDD_OK) {
			*n = res.nrows;
			db_result_free(&res);
			return DDD_OK;
		}
		db_result_free(&res);
again:
		db_rollback(&m->db);
		/* A deadlock, or an idle connection the server dropped: once
		 * more (db_begin makes a fresh one). */
		if (e != DDD_ERR_CONFLICT &&
		    !(e == DDD_ERR_DB_UNAVAILABLE && tries == 0))
			return e;
	}
	return e;
}

/* Record what became of a row; for a sent one this is the at-least-once
 * window, so it is tried again on a fresh connection a few times. */
static void
record(struct mailer *m, const struct claim *c, enum mail_result r,
    const char *why, const char *msgid)
{
	char		 err[MAIL_MAX_ERROR + 1];
	struct db_result res;
	enum ddd_err	 e = DDD_OK;
	int		 tries;

	mailer_ascii_line(err, sizeof(err), why);
	if (r == MAIL_UNCONFIRMED) {
		/* It stays handed over: never sent again (docs/mail.md). */
		m->stats->unconfirmed++;
		log_error("mail_unconfirmed", "id=%lld attempt=%lld "
		    "message_id=<%s> error=\"%s\" note=\"handed over, no "
		    "answer: may have been delivered; not sent again\"",
		    c->id, c->attempts, msgid, err);
		return;
	}
	if (r == MAIL_SENT) {
		for (tries = 0; tries < MAIL_RECORD_TRIES; tries++) {
			struct db_param p = DB_P_INT(c->id);
			if ((e = db_run(&m->db, STMT_MAIL_SENT, &p, 1, NULL)) == DDD_OK)
				break;
			if (tries + 1 < MAIL_RECORD_TRIES)
				sleep(1);
		}
		if (e == DDD_OK) {
			m->stats->sent++;
			log_info("mail_sent", "id=%lld attempt=%lld "
			    "message_id=<%s>", c->id, c->attempts, msgid);
		} else
			log_error("mail_sent_unrecorded", "id=%lld "
			    "message_id=<%s> note=\"delivered; stays handed "
			    "over, never sent again\"", c->id, msgid);
		return;
	}
	if (r != MAIL_PERMANENT && c->attempts >= m->o->max_attempts) {
		char final[MAIL_MAX_ERROR + 1];
		snprintf(final, sizeof(final), "gave up after %lld attempts: "
		    "%.440s", c->attempts, err);
		memcpy(err, final, sizeof(err));
		r = MAIL_PERMANENT;
	}
	if (r == MAIL_PERMANENT) {
		struct db_param p[3] = { DB_P_STR(err), DB_P_INT(c->id),
		    DB_P_INT(c->attempts) };
		e = db_run(&m->db, STMT_MAIL_FAIL, p, 3, &res);
		if (e == DDD_OK) {
			if (res.affected == 1)
				m->stats->failed++;
			db_result_free(&res);
		}
		log_error("mail_failed", "id=%lld attempt=%lld error=\"%s\"",
		    c->id, c->attempts, err);
	} else {
		int wait = outbox_backoff((int)c->attempts);
		struct db_param p[4] = { DB_P_INT(wait), DB_P_STR(err),
		    DB_P_INT(c->id), DB_P_INT(c->attempts) };
		e = db_run(&m->db, STMT_MAIL_RETRY, p, 4, &res);
		if (e == DDD_OK) {
			if (res.affected == 1)
				m->stats->retry++;
			db_result_free(&res);
		}
		log_warn("mail_retry", "id=%lld attempt=%lld wait=%d "
		    "error=\"%s\"", c->id, c->attempts, wait, err);
	}
	if (e != DDD_OK)
		log_error("mail_unrecorded", "id=%lld note=\"claim runs out, "
		    "then the row is tried again\"", c->id);
}

static void
release(struct mailer *m, const struct claim *c)
{
	struct db_param	 p[2] = { DB_P_INT(c->id), DB_P_INT(c->attempts) };
	struct db_result res;

	if (db_run(&m->db, STMT_MAIL_RELEASE, p, 2, &res) == DDD_OK) {
		if (res.affected == 1)
			m->stats->released++;
		db_result_free(&res);
	}
}

static int
kind_ok(const char *k)
{
	size_t	 i, n = strlen(k);

	if (n == 0 || n > MAIL_MAX_KIND ||
	    (n >= 5 && strcmp(k + n - 5, "-html") == 0))
		return 0;
	for (i = 0; i < n; i++)
		if (!islower((unsigned char)k[i]) &&
		    !isdigit((unsigned char)k[i]) && k[i] != '-')
			return 0;
	return 1;
}

/* Render with xslt/mail-<kind>[-html].xsl. */
static enum ddd_err
render(struct mailer *m, const char *sheet, xmlDocPtr doc,
    const struct tenant_sender *snd, const char *tenant_name, struct buf *out)
{
	const char	*mt;
	const char	*params[] = { "accent", snd->accent,
	    "sender-name", snd->name, "tenant-name", tenant_name, NULL };

	return xsl_apply(m->xsl, sheet, doc, params, out, &mt);
}

/* The link of an activation mail is made as the mail leaves: a fresh
 * token, its SHA-256 stored for the row's account (of the row's tenant),
 * its text put into <link> of this copy of the body only.  No usable token
 * waits in the outbox or stays there after, and a mail sent again from
 * the mail log brings a new link.  DDD_ERR_NOT_FOUND: no account (why
 * says so); DDD_ERR_DB_UNAVAILABLE: leave the claim to run out. */
static enum ddd_err
mint_link(struct mailer *m, const struct mail_row *row, xmlNodePtr mail,
    unsigned char hash[CRYPTO_SHA256_LEN], char *why, size_t whylen)
{
	char		 token[CRYPTO_TOKEN_LEN + 1];
	char		 link[CONFIG_MAX_VALUE + sizeof(ACTIVATION_PATH) +
	    CRYPTO_TOKEN_LEN];
	xmlNodePtr	 n = xml_child(mail, NULL, "link");
	struct db_result res;
	enum ddd_err	 e;

	if (n == NULL || row->account_id == 0) {
		snprintf(why, whylen, "activation mail without <link> or "
		    "account");
		return DDD_ERR_NOT_FOUND;
	}
	if (crypto_token_new(token) == -1 ||
	    crypto_token_hash(token, CRYPTO_TOKEN_LEN, hash) == -1) {
		snprintf(why, whylen, "no random token for the link");
		e = DDD_ERR_INTERNAL;
		goto out;
	}
	{
		struct db_param p[4] = { DB_P_BLOB(hash, CRYPTO_SHA256_LEN),
		    DB_P_INT(m->cfg->activation_ttl),
		    DB_P_INT(row->account_id), DB_P_INT(row->tenant_id) };
		if ((e = db_run(&m->db, STMT_MAIL_LINK_NEW, p, 4, &res)) !=
		    DDD_OK) {
			snprintf(why, whylen, "the link could not be stored");
			goto out;
		}
	}
	if (res.affected != 1) {
		db_result_free(&res);
		snprintf(why, whylen, "the account of this activation mail "
		    "no longer exists");
		e = DDD_ERR_NOT_FOUND;
		goto out;
	}
	db_result_free(&res);
	snprintf(link, sizeof(link), "%s" ACTIVATION_PATH "%s",
	    m->cfg->base_url, token);
	/* As text: AddContent takes no entities. */
	xmlNodeSetContent(n, NULL);
	xmlNodeAddContent(n, (const xmlChar *)link);
out:
	crypto_wipe(token, sizeof(token));
	crypto_wipe(link, sizeof(link));
	return e;
}

/* A link whose mail did not leave: nobody has its token; away with it. */
static void
drop_link(struct mailer *m, const struct mail_row *row,
    const unsigned char hash[CRYPTO_SHA256_LEN])
{
	struct db_param	 p[2] = { DB_P_BLOB(hash, CRYPTO_SHA256_LEN),
	    DB_P_INT(row->tenant_id) };
	struct db_result res;

	if (db_run(&m->db, STMT_MAIL_LINK_DROP, p, 2, &res) == DDD_OK)
		db_result_free(&res);
}

struct handover_arg {
	struct mailer		*m;
	const struct claim	*c;
};

/* The row is handed over, by this claim only; from here on no sender
 * takes it again (docs/mail.md). */
static int
handover(void *arg)
{
	struct handover_arg *h = arg;
	struct db_param	 p[2] = { DB_P_INT(h->c->id),
	    DB_P_INT(h->c->attempts) };
	struct db_result res;
	int		 ok;

	if (db_run(&h->m->db, STMT_MAIL_HANDED, p, 2, &res) != DDD_OK)
		return -1;
	ok = res.affected == 1;
	db_result_free(&res);
	if (!ok)
		log_warn("mail_claim_lost", "id=%lld", h->c->id);
	return ok ? 0 : -1;
}

/* One claimed row, from load to record. */
static void
deliver(struct mailer *m, const struct claim *c)
{
	struct db_result loaded;
	struct mail_row	 row;
	const struct tenant_config *tc = NULL;
	const struct tenant_sender *snd;
	struct buf	 text, html;
	struct mail_message msg;
	xmlDocPtr	 doc = NULL;
	xmlNodePtr	 root;
	char		 why[MAIL_MAX_ERROR + 1], sheet[64], sheet_html[80];
	char		 msgid[400], kind[MAIL_MAX_KIND * 4 + 1];
	enum mail_result r = MAIL_PERMANENT;
	int		 have_html, have_doc = 0;
	struct db_result docres;
	struct mail_attachment att;
	char		 attname[96];
	unsigned char	 link_hash[CRYPTO_SHA256_LEN];
	int		 minted = 0, may_have_left = 0;
	struct handover_arg ho_arg;
	struct mail_handover ho = { handover, &ho_arg };

	buf_init(&text, MAIL_MAX_PART);
	buf_init(&html, MAIL_MAX_PART);
	msgid[0] = '\0';
	{
		struct db_param p[2] = { DB_P_INT(c->id),
		    DB_P_INT(c->attempts) };
		if (db_run(&m->db, STMT_MAIL_LOAD, p, 2, &loaded) != DDD_OK)
			goto out_free;	/* the claim runs out; tried again */
	}
	if (loaded.nrows != 1) {
		log_warn("mail_claim_lost", "id=%lld", c->id);
		db_result_free(&loaded);
		goto out_free;
	}
	mail_row(&loaded, &row);
	mailer_ascii_line(kind, sizeof(kind), row.kind);
	if (row.tenant_slug == NULL) {
		snprintf(why, sizeof(why), "tenant %lld does not exist",
		    row.tenant_id);
		goto record;
	}
	snprintf(msgid, sizeof(msgid), "outbox-%lld.%s@%s", c->id,
	    row.tenant_slug, m->domain);
	if (!kind_ok(row.kind)) {
		snprintf(why, sizeof(why), "invalid mail kind '%s'", kind);
		goto record;
	}
	snprintf(sheet, sizeof(sheet), "mail-%.40s", kind);
	snprintf(sheet_html, sizeof(sheet_html), "mail-%.40s-html",
	    kind);
	if (xsl_find(m->xsl, sheet) == NULL) {
		snprintf(why, sizeof(why), "unknown mail kind '%s': no "
		    "stylesheet xslt/%s.xsl", kind, sheet);
		goto record;
	}
	have_html = xsl_find(m->xsl, sheet_html) != NULL;
	if (!mailer_addr_ok(row.to_addr)) {
		snprintf(why, sizeof(why), "invalid recipient address");
		goto record;
	}
	/* The tenant's file as parsed once per load (the row carries its
	 * config_version, so a reload is seen at the next mail). */
	{
		enum ddd_err e = tenant_config_get_at(m->tenants, &m->db,
		    row.tenant_id, row.config_version, &tc);
		if (e == DDD_ERR_DB_UNAVAILABLE || e == DDD_ERR_NOMEM)
			goto out_row;	/* the claim runs out; tried again */
		if (e != DDD_OK || !mailer_addr_ok(tc->sender.addr)) {
			/* The tenant file can be fixed: try again later. */
			snprintf(why, sizeof(why), "tenant %s has no valid "
			    "sender (<mail from=\"...\"/>)", row.tenant_slug);
			r = MAIL_RETRY;
			goto record;
		}
		snd = &tc->sender;
	}
	doc = xmlReadMemory(row.body_xml, (int)row.body_len, "mail.xml",
	    NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL ||
	    strcmp((const char *)root->name, "mail") != 0) {
		snprintf(why, sizeof(why), "body_xml is not a <mail> "
		    "document");
		goto record;
	}
	if (strcmp(kind, "activation") == 0) {
		enum ddd_err e = mint_link(m, &row, root, link_hash, why,
		    sizeof(why));
		if (e == DDD_ERR_DB_UNAVAILABLE)
			goto out_row;	/* the claim runs out; tried again */
		if (e != DDD_OK) {
			if (e != DDD_ERR_NOT_FOUND)
				r = MAIL_RETRY;
			goto record;
		}
		minted = 1;
	}
	if (render(m, sheet, doc, snd, row.tenant_name, &text) != DDD_OK ||
	    (have_html && render(m, sheet_html, doc, snd, row.tenant_name,
	    &html) != DDD_OK)) {
		snprintf(why, sizeof(why), "stylesheet %s failed on this "
		    "mail", sheet);
		goto record;
	}
	if (text.len == 0) {
		snprintf(why, sizeof(why), "stylesheet %s made an empty mail",
		    sheet);
		goto record;
	}
	/* No BSN in any mail, whatever a handler put in the body. */
	if (mailer_has_bsn(text.ptr, text.len) ||
	    mailer_has_bsn(html.ptr ? html.ptr : "", html.len) ||
	    mailer_has_bsn(row.subject, row.subject_len) ||
	    mailer_has_bsn(row.to_name, row.to_name_len)) {
		snprintf(why, sizeof(why), "refused: the mail holds a number "
		    "that passes the 11-proef (a BSN must never be mailed)");
		goto record;
	}

	/* Ours for one more lease, or someone else's: then hands off. */
	{
		struct db_param p[3] = { DB_P_INT(m->o->lease),
		    DB_P_INT(c->id), DB_P_INT(c->attempts) };
		struct db_result res;
		if (db_run(&m->db, STMT_MAIL_RENEW, p, 3, &res) != DDD_OK)
			goto out_row;
		if (res.affected != 1) {
			log_warn("mail_claim_lost", "id=%lld", c->id);
			db_result_free(&res);
			goto out_row;
		}
		db_result_free(&res);
	}
	memset(&msg, 0, sizeof(msg));
	/* A stored document to attach (the final PDF): gone means this
	 * mail cannot be what it promises. */
	if (row.document_id != 0) {
		struct db_param p[2] = { DB_P_INT(row.document_id),
		    DB_P_INT(row.tenant_id) };
		if (db_run(&m->db, STMT_MAIL_DOCUMENT, p, 2, &docres) !=
		    DDD_OK)
			goto out_row;	/* the claim runs out; tried again */
		have_doc = 1;
		if (docres.nrows != 1) {
			snprintf(why, sizeof(why), "document %lld to attach "
			    "does not exist", row.document_id);
			r = MAIL_PERMANENT;
			goto record;
		}
		snprintf(attname, sizeof(attname), "doorstroomdossier-%s-"
		    "v%s.pdf", DB_COL(&docres, 0, "dossier_id"),
		    DB_COL(&docres, 0, "version"));
		att.filename = attname;
		att.type = "application/pdf";
		att.data = DB_COL(&docres, 0, "pdf");
		att.len = DB_COL_LEN(&docres, 0, "pdf");
		msg.att = &att;
		msg.natt = 1;
	}
	msg.from_addr = snd->addr;
	msg.from_name = snd->name;
	msg.reply_to = snd->reply_to;
	msg.to_addr = row.to_addr;
	msg.to_name = row.to_name;
	msg.subject = row.subject;
	msg.message_id = msgid;
	msg.text = text.ptr;
	msg.text_len = text.len;
	msg.html = have_html && html.len > 0 ? html.ptr : NULL;
	msg.html_len = html.len;
	msg.handover = &ho;
	ho_arg.m = m;
	ho_arg.c = c;
	r = mailer_send(m->smtp, &msg, why, sizeof(why));
	/* A retry may follow a message the server took after all (a
	 * timeout waiting for its answer); down and permanent never went. */
	may_have_left = r == MAIL_SENT || r == MAIL_RETRY ||
	    r == MAIL_UNCONFIRMED;
	if (r == MAIL_RETRY_DOWN) {
		m->smtp_down = 1;
		r = MAIL_RETRY;
	}
record:
	record(m, c, r, why, msgid);
out_row:
	if (minted && !may_have_left)
		drop_link(m, &row, link_hash);
	if (have_doc)
		db_result_free(&docres);
	db_result_free(&loaded);
out_free:
	tenant_config_release(tc);
	if (doc != NULL)
		xmlFreeDoc(doc);
	if (minted) {
		/* The link was in the parts: wipe them before freeing. */
		if (text.ptr != NULL)
			crypto_wipe(text.ptr, text.len);
		if (html.ptr != NULL)
			crypto_wipe(html.ptr, html.len);
	}
	buf_free(&text);
	buf_free(&html);
}

/* One pass: claim and deliver until nothing is due. */
static enum ddd_err
pass(struct mailer *m)
{
	struct claim	 c[MAIL_MAX_BATCH];
	size_t		 n, i;
	enum ddd_err	 e;

	m->smtp_down = 0;
	while (!stopping(m)) {
		if ((e = claim(m, c, &n)) != DDD_OK)
			return e;
		if (n == 0)
			break;
		for (i = 0; i < n; i++) {
			if (stopping(m) || m->smtp_down)
				release(m, &c[i]);
			else
				deliver(m, &c[i]);
		}
		if (m->smtp_down) {
			log_warn("mail_smtp_down", "url=%s note=\"pass ends; "
			    "next pass tries again\"", m->o->smtp_url);
			break;
		}
	}
	return DDD_OK;
}

/* Message-ID domain: the option, else the public host name, else
 * ddd.invalid (an IP address or a bare name is no domain). */
static void
msgid_domain(const struct config *cfg, const struct mailer_opts *o,
    char *out, size_t size)
{
	CURLU	*u;
	char	*host = NULL;
	size_t	 i;
	int	 good = 0, alpha = 0;

	snprintf(out, size, "ddd.invalid");
	if (o->msgid_domain[0] != '\0') {
		snprintf(out, size, "%s", o->msgid_domain);
		return;
	}
	if ((u = curl_url()) == NULL)
		return;
	if (curl_url_set(u, CURLUPART_URL, cfg->base_url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		good = strchr(host, '.') != NULL;
		for (i = 0; host[i] != '\0'; i++) {
			if (isalpha((unsigned char)host[i]))
				alpha = 1;
			else if (!isdigit((unsigned char)host[i]) &&
			    host[i] != '.' && host[i] != '-')
				good = 0;
		}
		if (good && alpha && strlen(host) < size)
			snprintf(out, size, "%s", host);
	}
	curl_free(host);
	curl_url_cleanup(u);
}

static void
nap(const struct mailer *m, int seconds)
{
	struct timespec	 ts = { 0, 100 * 1000 * 1000 };
	int		 i;

	for (i = 0; i < seconds * 10 && !stopping(m); i++)
		nanosleep(&ts, NULL);
}

int
mailer_run(const struct config *cfg, const struct mailer_opts *o, int once,
    struct mailer_stats *stats)
{
	struct mailer	 m;
	struct buf	 errs;
	enum ddd_err	 e;
	int		 rc = 1, reported_down = 0;

	memset(stats, 0, sizeof(*stats));
	memset(&m, 0, sizeof(m));
	/* It holds the master key and makes link tokens: no core files. */
	if (crypto_no_core() == -1) {
		log_error("mail_start", "error=\"cannot turn off core dumps\"");
		return 1;
	}
	m.cfg = cfg;
	m.o = o;
	db_init(&m.db, cfg);
	/* No gap locks: a claim locks the rows it takes and no others. */
	m.db.read_committed = 1;
	m.stats = stats;
	buf_init(&errs, 64 * 1024);
	if (mailer_opts_check(o, &errs) == -1) {
		log_error("mail_options", "error=\"%s\"", errs.ptr);
		buf_free(&errs);
		return 1;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_error("mail_start", "error=\"curl_global_init failed\"");
		buf_free(&errs);
		return 1;
	}
	msgid_domain(cfg, o, m.domain, sizeof(m.domain));
	if (crypto_master_load(cfg->master_key_file, &m.master, &errs) == -1) {
		log_error("mail_start", "error=\"no master key (it signs the "
		    "webhook notices)\" detail=\"%s\"", errs.ptr ? errs.ptr :
		    "");
		goto out;
	}
	m.notice.batch = o->batch;
	m.notice.lease = o->lease;
	m.notice.timeout = o->timeout;
	m.notice.max_attempts = o->max_attempts;
	m.notice.stop = o->stop;
	if ((m.xsl = calloc(1, sizeof(*m.xsl))) == NULL)
		goto out;
	if (xsl_cache_load(m.xsl, cfg->xslt_dir, &errs) == -1) {
		log_error("mail_start", "error=\"stylesheets do not compile\" "
		    "detail=\"%s\"", errs.ptr ? errs.ptr : "");
		goto out;
	}
	if ((m.tenants = tenant_cache_new(NULL)) == NULL)
		goto out;
	if ((m.smtp = mailer_smtp_new(o)) == NULL) {
		log_error("mail_start", "error=\"SMTP set-up failed\"");
		goto out;
	}
	if (o->run_as != NULL && priv_drop("ddd-mailer", o->run_as) == -1)
		goto out;
	if (!once)
		log_info("mail_start", "smtp=%s interval=%d batch=%d",
		    o->smtp_url, o->interval, o->batch);
	for (;;) {
		e = pass(&m);
		/* Webhook notices after the mails, on the same connection. */
		if (e == DDD_OK && !stopping(&m))
			e = webhook_pass(&m.db, m.tenants, &m.master,
			    &m.notice, &m.webhook_stats);
		if (e == DDD_ERR_DB_UNAVAILABLE) {
			if (once)
				goto out;
			if (!reported_down)
				log_warn("mail_db_down", "note=\"trying again "
				    "every %d s\"", o->interval);
			reported_down = 1;
		} else if (e != DDD_OK) {
			log_error("mail_pass", "error=%s", err_name(e));
			if (once)
				goto out;
		} else
			reported_down = 0;
		if (once || stopping(&m))
			break;
		nap(&m, o->interval);
		if (stopping(&m))
			break;
	}
	rc = 0;
	if (!once)
		log_info("mail_stop", "sent=%lu retry=%lu failed=%lu "
		    "unconfirmed=%lu notices_sent=%lu notices_unconfirmed=%lu",
		    stats->sent, stats->retry, stats->failed,
		    stats->unconfirmed, m.webhook_stats.sent,
		    m.webhook_stats.unconfirmed);
out:
	crypto_wipe(&m.master, sizeof(m.master));
	mailer_smtp_free(m.smtp);
	tenant_cache_free(m.tenants);
	db_close(&m.db);
	if (m.xsl != NULL) {
		xsl_cache_free(m.xsl);
		free(m.xsl);
	}
	curl_global_cleanup();
	buf_free(&errs);
	return rc;
}
