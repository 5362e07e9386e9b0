/* The SMTP side of the mail sender: its options, one message built with
 * curl_mime and sent with libcurl, the handover right before the message's
 * last byte (docs/mail.md).  The outbox side is fcgi/mailer.c. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "buf.h"
#include "mailer.h"

#define MAIL_MAX_PART		(4 * 1024 * 1024)	/* text or HTML */
#define MAIL_MAX_BATCH		100

/* --- options ---------------------------------------------------------- */

void
mailer_opts_defaults(struct mailer_opts *o)
{
	memset(o, 0, sizeof(*o));
	snprintf(o->smtp_url, sizeof(o->smtp_url), "smtp://127.0.0.1:25");
	o->tls = MAILER_TLS_AUTO;
	o->batch = 10;
	o->lease = 300;
	o->timeout = 60;
	o->max_attempts = 8;
	o->interval = 5;
}

int
mailer_tls_parse(const char *s, enum mailer_tls *t)
{
	if (strcmp(s, "auto") == 0)
		*t = MAILER_TLS_AUTO;
	else if (strcmp(s, "none") == 0)
		*t = MAILER_TLS_NONE;
	else if (strcmp(s, "try") == 0)
		*t = MAILER_TLS_TRY;
	else if (strcmp(s, "require") == 0)
		*t = MAILER_TLS_REQUIRE;
	else
		return -1;
	return 0;
}

static int
copy_opt(char *dst, size_t size, const char *name, const char *v,
    struct buf *errs)
{
	if (strlen(v) >= size) {
		buf_printf(errs, "%s: too long (at most %lu bytes)\n", name,
		    (unsigned long)size - 1);
		return -1;
	}
	snprintf(dst, size, "%s", v);
	return 0;
}

int
mailer_opts_env(struct mailer_opts *o, struct buf *errs)
{
	const char	*v;
	int		 rc = 0;

	if ((v = getenv("DDD_SMTP_URL")) != NULL && *v != '\0')
		rc |= copy_opt(o->smtp_url, sizeof(o->smtp_url),
		    "DDD_SMTP_URL", v, errs);
	if ((v = getenv("DDD_SMTP_USER")) != NULL && *v != '\0')
		rc |= copy_opt(o->smtp_user, sizeof(o->smtp_user),
		    "DDD_SMTP_USER", v, errs);
	if ((v = getenv("DDD_SMTP_PASSWORD")) != NULL && *v != '\0')
		rc |= copy_opt(o->smtp_password, sizeof(o->smtp_password),
		    "DDD_SMTP_PASSWORD", v, errs);
	if ((v = getenv("DDD_SMTP_TLS")) != NULL && *v != '\0' &&
	    mailer_tls_parse(v, &o->tls) == -1) {
		buf_printf(errs, "DDD_SMTP_TLS: \"%s\" is not auto, none, try "
		    "or require\n", v);
		rc = -1;
	}
	return rc;
}

/* Scheme and host of the SMTP URL; -1 when it is no smtp[s] URL. */
static int
smtp_url_parts(const char *url, int *smtps, int *loopback)
{
	CURLU	*u;
	char	*scheme = NULL, *host = NULL;
	int	 rc = -1;

	if ((u = curl_url()) == NULL)
		return -1;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK)
		goto out;
	if (strcmp(scheme, "smtp") != 0 && strcmp(scheme, "smtps") != 0)
		goto out;
	*smtps = strcmp(scheme, "smtps") == 0;
	*loopback = strcmp(host, "localhost") == 0 ||
	    strncmp(host, "127.", 4) == 0 || strcmp(host, "[::1]") == 0 ||
	    strcmp(host, "::1") == 0;
	rc = 0;
out:
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return rc;
}

/* What STARTTLS policy the options come to. */
static enum mailer_tls
tls_effective(const struct mailer_opts *o, int smtps, int loopback)
{
	if (smtps)
		return MAILER_TLS_REQUIRE;
	if (o->tls != MAILER_TLS_AUTO)
		return o->tls;
	if (loopback)
		return MAILER_TLS_NONE;
	/* Credentials never go out where STARTTLS could be stripped. */
	return o->smtp_user[0] != '\0' ? MAILER_TLS_REQUIRE : MAILER_TLS_TRY;
}

int
mailer_opts_check(const struct mailer_opts *o, struct buf *errs)
{
	int	 smtps = 0, loopback = 0, bad = 0;

	if (smtp_url_parts(o->smtp_url, &smtps, &loopback) == -1) {
		buf_printf(errs, "smtp url: \"%s\" is not smtp://host[:port] "
		    "or smtps://host[:port]\n", o->smtp_url);
		bad = 1;
	} else {
		if (smtps && o->tls == MAILER_TLS_NONE) {
			buf_printf(errs, "smtp tls: none contradicts "
			    "smtps://\n");
			bad = 1;
		}
		if (o->smtp_user[0] != '\0' && !loopback &&
		    tls_effective(o, smtps, loopback) != MAILER_TLS_REQUIRE) {
			buf_printf(errs, "smtp tls: a user and password go to "
			    "a remote server only over TLS (tls require or "
			    "smtps://)\n");
			bad = 1;
		}
	}
	if (o->smtp_password[0] != '\0' && o->smtp_user[0] == '\0') {
		buf_printf(errs, "smtp password given without a user\n");
		bad = 1;
	}
	if (o->batch < 1 || o->batch > MAIL_MAX_BATCH) {
		buf_printf(errs, "batch: %d is not 1..%d\n", o->batch,
		    MAIL_MAX_BATCH);
		bad = 1;
	}
	if (o->timeout < 5 || o->timeout > 600) {
		buf_printf(errs, "timeout: %d is not 5..600 seconds\n",
		    o->timeout);
		bad = 1;
	}
	if (o->lease < 30 || o->lease > 86400 || o->lease < o->timeout + 30) {
		buf_printf(errs, "lease: %d is not 30..86400 seconds and at "
		    "least timeout + 30\n", o->lease);
		bad = 1;
	}
	if (o->max_attempts < 1 || o->max_attempts > 50) {
		buf_printf(errs, "max attempts: %d is not 1..50\n",
		    o->max_attempts);
		bad = 1;
	}
	if (o->interval < 1 || o->interval > 3600) {
		buf_printf(errs, "interval: %d is not 1..3600 seconds\n",
		    o->interval);
		bad = 1;
	}
	return bad ? -1 : 0;
}


/* Any line end becomes CRLF, as SMTP wants. */
static enum ddd_err
to_crlf(struct buf *out, const char *s, size_t len)
{
	size_t		 i;
	enum ddd_err	 e = DDD_OK;

	for (i = 0; i < len && e == DDD_OK; i++) {
		if (s[i] == '\r') {
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
			e = buf_add(out, "\r\n", 2);
		} else if (s[i] == '\n')
			e = buf_add(out, "\r\n", 2);
		else
			e = buf_addc(out, s[i]);
	}
	if (e == DDD_OK && (out->len < 2 || out->ptr[out->len - 1] != '\n'))
		e = buf_add(out, "\r\n", 2);
	return e;
}

static void
rfc5322_date(char *out, size_t size)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t		 now = time(NULL);
	struct tm	 tm;

	gmtime_r(&now, &tm);
	snprintf(out, size, "%s, %d %s %d %02d:%02d:%02d +0000",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* --- SMTP ------------------------------------------------------------- */

struct mailer_smtp {
	const struct mailer_opts *o;
	CURL		*curl;
	long		 use_ssl;
	char		 errbuf[CURL_ERROR_SIZE];
	char		 last_cmd[12];	/* verb of the last command sent */
	char		 last_reply[240];	/* last line the server said */
	int		 reply_code;	/* its code */
	int		 replies;	/* answers so far in this message */
	int		 quitting;	/* QUIT sent: its answer is no news */
};

struct mailer_smtp *
mailer_smtp_new(const struct mailer_opts *o)
{
	struct mailer_smtp *s;
	int		 smtps = 0, loopback = 0;

	if (smtp_url_parts(o->smtp_url, &smtps, &loopback) == -1)
		return NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->o = o;
	switch (tls_effective(o, smtps, loopback)) {
	case MAILER_TLS_REQUIRE:
		s->use_ssl = CURLUSESSL_ALL;
		break;
	case MAILER_TLS_TRY:
		s->use_ssl = CURLUSESSL_TRY;
		break;
	default:
		s->use_ssl = CURLUSESSL_NONE;
		break;
	}
	if ((s->curl = curl_easy_init()) == NULL) {
		free(s);
		return NULL;
	}
	return s;
}

void
mailer_smtp_free(struct mailer_smtp *s)
{
	if (s == NULL)
		return;
	curl_easy_cleanup(s->curl);	/* sends QUIT */
	free(s);
}

/* Watches the SMTP dialogue: which command was last, what the server
 * last said.  Credentials (AUTH continuation lines) are never kept. */
static int
smtp_debug(CURL *h, curl_infotype type, char *data, size_t size, void *arg)
{
	static const char *const verbs[] = { "EHLO", "HELO", "STARTTLS",
	    "AUTH", "MAIL", "RCPT", "DATA", "QUIT", "RSET", "NOOP" };
	struct mailer_smtp *s = arg;
	size_t		 i, n;

	(void)h;
	if (type == CURLINFO_HEADER_OUT) {
		for (n = 0; n < size && n < sizeof(s->last_cmd) - 1 &&
		    isalpha((unsigned char)data[n]); n++)
			;
		for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
			if (strlen(verbs[i]) == n &&
			    strncasecmp(verbs[i], data, n) == 0)
				break;
		if (i < sizeof(verbs) / sizeof(verbs[0]) &&
		    strcmp(verbs[i], "QUIT") == 0)
			s->quitting = 1;	/* keep what went wrong */
		else
			snprintf(s->last_cmd, sizeof(s->last_cmd), "%s",
			    i < sizeof(verbs) / sizeof(verbs[0]) ? verbs[i] :
			    "AUTH");
	} else if (type == CURLINFO_HEADER_IN && !s->quitting) {
		char line[sizeof(s->last_reply)];
		n = size < sizeof(line) - 1 ? size : sizeof(line) - 1;
		memcpy(line, data, n);
		line[n] = '\0';
		mailer_ascii_line(s->last_reply, sizeof(s->last_reply), line);
		s->reply_code = 0;
		s->replies++;
		if (n >= 3 && isdigit((unsigned char)line[0]) &&
		    isdigit((unsigned char)line[1]) &&
		    isdigit((unsigned char)line[2]))
			s->reply_code = (line[0] - '0') * 100 +
			    (line[1] - '0') * 10 + (line[2] - '0');
	}
	return 0;
}

/* A media type as "type/subtype" of safe characters, else NULL. */
static const char *
safe_type(const char *t)
{
	size_t	 i, slash = 0;

	for (i = 0; t != NULL && t[i] != '\0' && i < 100; i++) {
		if (t[i] == '/')
			slash++;
		else if (!isalnum((unsigned char)t[i]) &&
		    strchr(".+-_", t[i]) == NULL)
			return NULL;
	}
	return t != NULL && i > 2 && i < 100 && slash == 1 && t[0] != '/' &&
	    t[i - 1] != '/' ? t : NULL;
}

/* Attachment names: letters, digits, '.', '-', '_' and spaces only. */
static void
safe_filename(char *dst, size_t size, const char *src)
{
	size_t	 i, j = 0;

	for (i = 0; src != NULL && src[i] != '\0' && j + 1 < size; i++) {
		unsigned char ch = (unsigned char)src[i];
		dst[j++] = isalnum(ch) || ch == '.' || ch == '-' || ch == '_' ||
		    ch == ' ' ? (char)ch : '_';
	}
	dst[j] = '\0';
	if (j == 0 || dst[0] == '.')
		snprintf(dst, size, "bijlage");
}

static enum ddd_err
add_header(struct curl_slist **list, struct buf *line)
{
	struct curl_slist *n;

	if (line->ptr == NULL)
		return DDD_ERR_INTERNAL;
	if ((n = curl_slist_append(*list, line->ptr)) == NULL)
		return DDD_ERR_NOMEM;
	*list = n;
	buf_reset(line);
	return DDD_OK;
}

static enum ddd_err
address_header(struct curl_slist **list, struct buf *line, const char *name,
    const char *display, const char *addr)
{
	enum ddd_err	 e;

	if ((e = buf_printf(line, "%s: ", name)) != DDD_OK)
		return e;
	if (display != NULL && *display != '\0') {
		size_t before = line->len;
		if ((e = mailer_header_value(line, display, 1)) != DDD_OK)
			return e;
		if (line->len > before && (e = buf_addc(line, ' ')) != DDD_OK)
			return e;
	}
	if ((e = buf_printf(line, "<%s>", addr)) != DDD_OK)
		return e;
	return add_header(list, line);
}

/* The message's last part, read through a callback that holds back its
 * final byte until the handover is recorded: the server cannot have the
 * message before that byte (and the end of data after it) arrives. */
struct tail {
	struct buf	 own;		/* a copy made here, or empty */
	const char	*data;
	size_t		 len, pos;
	const struct mail_handover *ho;
	int		 handed;	/* the handover was recorded */
	int		 refused;	/* ... or it failed: aborted */
	int		 replies;	/* the server's answers before it */
	struct mailer_smtp *smtp;
};

static size_t
tail_read(char *out, size_t size, size_t nitems, void *arg)
{
	struct tail	*t = arg;
	size_t		 want = size * nitems, left = t->len - t->pos;

	if (left == 0)
		return 0;
	if (want >= left && !t->handed) {
		if (t->ho->fn(t->ho->arg) != 0) {
			t->refused = 1;
			return CURL_READFUNC_ABORT;
		}
		t->handed = 1;
		t->replies = t->smtp->replies;
	}
	if (want > left)
		want = left;
	memcpy(out, t->data + t->pos, want);
	t->pos += want;
	return want;
}

static int
tail_seek(void *arg, curl_off_t offset, int origin)
{
	struct tail	*t = arg;

	if (origin != SEEK_SET || offset < 0 || (size_t)offset > t->len)
		return CURL_SEEKFUNC_CANTSEEK;
	t->pos = (size_t)offset;
	return CURL_SEEKFUNC_OK;
}

/* Part p's content: copied by curl, or read through the tail. */
static int
part_data(curl_mimepart *p, const char *data, size_t len, struct tail *t)
{
	if (t == NULL)
		return curl_mime_data(p, data, len) == CURLE_OK ? 0 : -1;
	t->data = data;
	t->len = len;
	t->pos = 0;
	return curl_mime_data_cb(p, (curl_off_t)len, tail_read, tail_seek,
	    NULL, t) == CURLE_OK ? 0 : -1;
}

static int
mime_text(curl_mime *mime, const char *type, const char *s, size_t len,
    struct tail *t)
{
	curl_mimepart	*p;
	struct buf	 b;
	int		 rc = -1;

	buf_init(&b, 2 * MAIL_MAX_PART + 2);
	if (to_crlf(&b, s, len) != DDD_OK)
		goto out;
	if ((p = curl_mime_addpart(mime)) == NULL ||
	    part_data(p, b.ptr, b.len, t) == -1 ||
	    curl_mime_type(p, type) != CURLE_OK ||
	    curl_mime_encoder(p, "quoted-printable") != CURLE_OK)
		goto out;
	rc = 0;
out:
	if (t != NULL) {
		t->own = b;	/* the tail reads it until the end */
		return rc;
	}
	buf_free(&b);
	return rc;
}

enum mail_result
mailer_send(struct mailer_smtp *s, const struct mail_message *m, char *err,
    size_t errlen)
{
	struct curl_slist *hdrs = NULL, *rcpt = NULL;
	curl_mime	*mime = NULL, *alt = NULL;
	curl_mimepart	*part;
	struct buf	 line;
	char		 date[64], rcpt_line[260];
	char		 why[CURL_ERROR_SIZE + sizeof(s->last_reply) + 20];
	long		 code = 0;
	size_t		 i;
	CURLcode	 rc;
	enum mail_result result = MAIL_RETRY;
	CURL		*c = s->curl;
	struct tail	 tail, *last;
	int		 text_last, html_last;

	snprintf(err, errlen, "could not build the message");
	buf_init(&line, 64 * 1024);
	memset(&tail, 0, sizeof(tail));
	buf_init(&tail.own, 1);
	tail.ho = m->handover;
	tail.smtp = s;
	/* Which part is the message's last: the handover waits in it. */
	last = m->handover != NULL ? &tail : NULL;
	html_last = m->natt == 0 && m->html != NULL;
	text_last = m->natt == 0 && m->html == NULL;
	if (!mailer_addr_ok(m->to_addr)) {
		snprintf(err, errlen, "invalid recipient address");
		result = MAIL_PERMANENT;
		goto out;
	}
	if (!mailer_addr_ok(m->from_addr)) {
		snprintf(err, errlen, "invalid sender address");
		goto out;
	}
	if (m->message_id == NULL || strpbrk(m->message_id, "<>\r\n\t ") ||
	    strchr(m->message_id, '@') == NULL) {
		snprintf(err, errlen, "invalid Message-ID");
		result = MAIL_PERMANENT;
		goto out;
	}

	/* Header: every value built here, none taken as it came. */
	rfc5322_date(date, sizeof(date));
	if (buf_printf(&line, "Date: %s", date) != DDD_OK ||
	    add_header(&hdrs, &line) != DDD_OK ||
	    address_header(&hdrs, &line, "From", m->from_name,
	    m->from_addr) != DDD_OK ||
	    address_header(&hdrs, &line, "To", m->to_name,
	    m->to_addr) != DDD_OK)
		goto out;
	if (m->reply_to != NULL && *m->reply_to != '\0' &&
	    mailer_addr_ok(m->reply_to) &&
	    address_header(&hdrs, &line, "Reply-To", NULL,
	    m->reply_to) != DDD_OK)
		goto out;
	if (buf_addstr(&line, "Subject: ") != DDD_OK ||
	    mailer_header_value(&line, m->subject, 0) != DDD_OK ||
	    add_header(&hdrs, &line) != DDD_OK ||
	    buf_printf(&line, "Message-ID: <%s>", m->message_id) != DDD_OK ||
	    add_header(&hdrs, &line) != DDD_OK ||
	    /* RFC 3834: no auto-replies, please. */
	    buf_addstr(&line, "Auto-Submitted: auto-generated") != DDD_OK ||
	    add_header(&hdrs, &line) != DDD_OK ||
	    buf_addstr(&line, "X-Auto-Response-Suppress: All") != DDD_OK ||
	    add_header(&hdrs, &line) != DDD_OK)
		goto out;

	/* Body: multipart/alternative (text, HTML); with attachments that
	 * is the first part of a multipart/mixed. */
	curl_easy_reset(c);
	if ((mime = curl_mime_init(c)) == NULL)
		goto out;
	if (m->natt == 0) {
		alt = mime;
		if (buf_addstr(&line, "Content-Type: multipart/alternative") !=
		    DDD_OK || add_header(&hdrs, &line) != DDD_OK)
			goto out;
	} else {
		if ((alt = curl_mime_init(c)) == NULL)
			goto out;
		if ((part = curl_mime_addpart(mime)) == NULL ||
		    curl_mime_subparts(part, alt) != CURLE_OK) {
			curl_mime_free(alt);
			goto out;
		}
		if (curl_mime_type(part, "multipart/alternative") != CURLE_OK)
			goto out;
	}
	if (mime_text(alt, "text/plain; charset=utf-8", m->text,
	    m->text_len, text_last ? last : NULL) == -1)
		goto out;
	if (m->html != NULL && mime_text(alt, "text/html; charset=utf-8",
	    m->html, m->html_len, html_last ? last : NULL) == -1)
		goto out;
	for (i = 0; i < m->natt; i++) {
		char name[120];
		const char *type = safe_type(m->att[i].type);
		safe_filename(name, sizeof(name), m->att[i].filename);
		if ((part = curl_mime_addpart(mime)) == NULL ||
		    part_data(part, m->att[i].data, m->att[i].len,
		    i + 1 == m->natt ? last : NULL) == -1 ||
		    curl_mime_type(part, type ? type :
		    "application/octet-stream") != CURLE_OK ||
		    curl_mime_filename(part, name) != CURLE_OK ||
		    curl_mime_encoder(part, "base64") != CURLE_OK)
			goto out;
	}

	snprintf(rcpt_line, sizeof(rcpt_line), "<%s>", m->to_addr);
	if ((rcpt = curl_slist_append(NULL, rcpt_line)) == NULL)
		goto out;
	s->errbuf[0] = '\0';
	s->last_cmd[0] = '\0';
	s->last_reply[0] = '\0';
	s->reply_code = 0;
	s->replies = 0;
	s->quitting = 0;
	/* An empty last part is never read: the handover goes first. */
	if (last != NULL && tail.len == 0) {
		if (m->handover->fn(m->handover->arg) != 0) {
			snprintf(err, errlen, "the handover could not be "
			    "recorded");
			goto out;
		}
		tail.handed = 1;
	}
	curl_easy_setopt(c, CURLOPT_URL, s->o->smtp_url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_USE_SSL, s->use_ssl);
	if (s->o->smtp_user[0] != '\0') {
		curl_easy_setopt(c, CURLOPT_USERNAME, s->o->smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, s->o->smtp_password);
	}
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, m->from_addr);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)s->o->timeout);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, s->errbuf);
	curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
	curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, smtp_debug);
	curl_easy_setopt(c, CURLOPT_DEBUGDATA, s);

	rc = curl_easy_perform(c);
	code = s->reply_code;
	if (rc == CURLE_OK) {
		result = MAIL_SENT;
		err[0] = '\0';
		goto out;
	}
	snprintf(why, sizeof(why), "%s%s%s", s->errbuf[0] ? s->errbuf :
	    curl_easy_strerror(rc), s->last_reply[0] ? "; server said: " : "",
	    s->last_reply);
	mailer_ascii_line(err, errlen, why);
	if (tail.refused) {
		snprintf(err, errlen, "the handover could not be recorded; "
		    "not sent");
		result = MAIL_RETRY;
		goto out;
	}
	/* Handed over and no refusal came after it: the server may have
	 * the message.  Never again, rather than twice. */
	if (tail.handed && !(s->replies > tail.replies &&
	    s->reply_code >= 400)) {
		result = MAIL_UNCONFIRMED;
		goto out;
	}
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_LOGIN_DENIED:
	case CURLE_USE_SSL_FAILED:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
		result = MAIL_RETRY_DOWN;	/* no message would go now */
		break;
	case CURLE_OPERATION_TIMEDOUT:
		result = s->last_cmd[0] == '\0' ? MAIL_RETRY_DOWN : MAIL_RETRY;
		break;
	default:
		/* 5xx to the recipient or to the message itself is final;
		 * to MAIL FROM or AUTH it is our set-up, so try again. */
		if (code >= 500 && code < 600 &&
		    (strcmp(s->last_cmd, "RCPT") == 0 ||
		    strcmp(s->last_cmd, "DATA") == 0))
			result = MAIL_PERMANENT;
		else
			result = MAIL_RETRY;
		break;
	}
out:
	/* Nothing of this message stays referenced by the handle. */
	curl_easy_reset(c);
	curl_mime_free(mime);
	curl_slist_free_all(hdrs);
	curl_slist_free_all(rcpt);
	buf_free(&line);
	buf_free(&tail.own);
	return result;
}

