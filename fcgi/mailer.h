/* The mail sender: delivers the rows of the outbox table (see outbox.h)
 * through libcurl SMTP.  Run by `ddd-mailer` (a small daemon, or -1 for
 * one pass) and by `dddctl mail-run`, through the same mailer_run().
 *
 * A pass claims due rows in short transactions (SELECT ... FOR UPDATE
 * SKIP LOCKED, then status 'sending' with a lease), renders each with
 * xslt/mail-<kind>.xsl (text) and xslt/mail-<kind>-html.xsl (HTML), sends
 * it as multipart/alternative, and marks it sent, queued again with
 * back-off, or failed.  Two senders at once never send a row twice; a
 * sender killed while holding a claim leaves the row to be claimed again
 * when the lease ends.  docs/mail.md has the whole story. */
#ifndef DDD_MAILER_H
#define DDD_MAILER_H

#include <pwd.h>
#include <signal.h>
#include <stddef.h>

#include "buf.h"
#include "config.h"

#define MAILER_MAX_URL		512
#define MAILER_MAX_CRED		256

enum mailer_tls {
	MAILER_TLS_AUTO = 0,	/* none on loopback, else like TRY */
	MAILER_TLS_NONE,	/* plain SMTP (loopback relays only) */
	MAILER_TLS_TRY,		/* STARTTLS when the server offers it */
	MAILER_TLS_REQUIRE	/* STARTTLS or smtps://, else no mail */
};

/* Settings of the sender.  Not in struct config (yet): ddd-mailer fills
 * them from its arguments and DDD_SMTP_* in the environment. */
struct mailer_opts {
	char		 smtp_url[MAILER_MAX_URL];	/* smtp[s]://host:port[/helo] */
	char		 smtp_user[MAILER_MAX_CRED];	/* empty: no AUTH */
	char		 smtp_password[MAILER_MAX_CRED];
	enum mailer_tls	 tls;
	int		 batch;		/* rows claimed per transaction */
	int		 lease;		/* seconds a claim lasts */
	int		 timeout;	/* seconds for one SMTP transaction */
	int		 max_attempts;	/* then 'failed' */
	int		 interval;	/* daemon: seconds between passes */
	char		 msgid_domain[256];	/* empty: from base_url */
	/* Set by a signal handler: stop after the message in hand. */
	volatile sig_atomic_t *stop;
	/* Started as root: the user to become once the keys, stylesheets
	 * and SMTP set-up are loaded (NULL: stay as started). */
	const struct passwd *run_as;
};

struct mailer_stats {
	unsigned long	 sent;
	unsigned long	 retry;		/* queued again with back-off */
	unsigned long	 failed;	/* marked 'failed' */
	unsigned long	 released;	/* claimed, not tried (stop, SMTP down) */
	unsigned long	 unconfirmed;	/* handed over, no answer (docs/mail.md) */
};

void	mailer_opts_defaults(struct mailer_opts *);
/* DDD_SMTP_URL, DDD_SMTP_USER, DDD_SMTP_PASSWORD, DDD_SMTP_TLS. */
int	mailer_opts_env(struct mailer_opts *, struct buf *errs);
/* "auto", "none", "try", "require". */
int	mailer_tls_parse(const char *, enum mailer_tls *);
/* Bounds and combinations (credentials never in the clear off
 * loopback); -1 with one line per problem in errs. */
int	mailer_opts_check(const struct mailer_opts *, struct buf *errs);

/* Deliver what is due.  once: one pass until nothing is due, then return;
 * else pass, sleep interval, repeat until *stop.  Loads the stylesheets
 * from cfg->xslt_dir itself.  0 when the passes ran (some rows may have
 * been queued again or failed: see stats), 1 when the sender could not
 * run at all (stylesheets, database, SMTP set-up); the reason is logged. */
int	mailer_run(const struct config *, const struct mailer_opts *,
	    int once, struct mailer_stats *);

/* --- one message, without the outbox (for tests and later callers) --- */

struct mail_attachment {
	const char	*filename;	/* shown to the reader; made safe here */
	const char	*type;		/* e.g. "application/pdf" */
	const void	*data;
	size_t		 len;
};

/* Called once, right before the message's last byte leaves: a server
 * takes a message only once it has all of it, so what this records is
 * done before the message can have gone (docs/mail.md).  0: go on;
 * -1: abort, the message is not sent. */
struct mail_handover {
	int		(*fn)(void *arg);
	void		*arg;
};

struct mail_message {
	const char	*from_addr;
	const char	*from_name;	/* may be NULL or "" */
	const char	*reply_to;	/* may be NULL or "" */
	const char	*to_addr;
	const char	*to_name;	/* may be NULL or "" */
	const char	*subject;
	const char	*message_id;	/* without <>, e.g. ddd-outbox-1.x@y */
	const char	*text;		/* UTF-8, any line ends */
	size_t		 text_len;
	const char	*html;		/* NULL: text only */
	size_t		 html_len;
	const struct mail_attachment *att;
	size_t		 natt;
	const struct mail_handover *handover;	/* NULL: none */
};

enum mail_result {
	MAIL_SENT = 0,
	MAIL_RETRY,		/* temporary: try again later */
	MAIL_RETRY_DOWN,	/* temporary, and the server is unreachable */
	MAIL_PERMANENT,		/* this message will never go: 'failed' */
	MAIL_UNCONFIRMED	/* handed over, and no answer came: it may
				 * have gone, so it is never sent again */
};

struct mailer_smtp;

struct mailer_smtp *mailer_smtp_new(const struct mailer_opts *);
void		 mailer_smtp_free(struct mailer_smtp *);
/* Send one message (header values lose CR/LF; non-ASCII is RFC 2047
 * encoded).  err gets a one-line reason unless MAIL_SENT. */
enum mail_result mailer_send(struct mailer_smtp *, const struct mail_message *,
		    char *err, size_t errlen);

/* Helpers, exposed for unit tests. */
/* One printable ASCII line (last_error, the log): controls become spaces
 * or '?', trailing spaces go. */
void		 mailer_ascii_line(char *dst, size_t size, const char *src);
/* 1 when addr is a plain ASCII addr-spec we are willing to send to. */
int		 mailer_addr_ok(const char *addr);
/* A header value: CR/LF/controls become spaces, then RFC 2047 encoded
 * words (folded) when it is not plain ASCII; phrase: a display name
 * (quoted when it holds specials).  Appends to out. */
enum ddd_err	 mailer_header_value(struct buf *out, const char *value,
		    int phrase);
/* 1 when text holds a 9-digit number (dots allowed) that passes the
 * 11-proef as BSN or onderwijsnummer, standing on its own. */
int		 mailer_has_bsn(const char *text, size_t len);

#endif
