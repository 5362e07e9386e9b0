/* The mail outbox: every mail is a row written in the same transaction as
 * the change that causes it; a sender delivers the rows later.  The body
 * is XML that the mail stylesheets (xslt/mail-<kind>.xsl) render. */
#ifndef DDD_OUTBOX_H
#define DDD_OUTBOX_H

#include <libxml/tree.h>

#include "db.h"

/* Queue one mail.  body: the <mail> document (serialised here).  Header
 * values lose any CR/LF.  Must run inside the caller's transaction. */
enum ddd_err	outbox_queue(struct db *, long long tenant_id,
		    long long account_id, const char *kind,
		    const char *to_addr, const char *to_name,
		    const char *subject, xmlDocPtr body);
/* The same with a stored document (its id in table document, of the same
 * tenant) attached to the mail. */
enum ddd_err	outbox_queue_doc(struct db *, long long tenant_id,
		    long long account_id, const char *kind,
		    const char *to_addr, const char *to_name,
		    const char *subject, xmlDocPtr body,
		    long long document_id);

/* Seconds to wait before attempt n+1 after n attempts failed: the one
 * schedule of mails (fcgi/mailer.c) and webhook notices
 * (fcgi/webhook.c). */
int		 outbox_backoff(int attempts);

#endif
