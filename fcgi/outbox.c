#include <stdio.h>
#include <string.h>

#include <libxml/xmlsave.h>

#include "outbox.h"
#include "xmlout.h"

/* Header values never carry a line break (no header injection). */
static void
one_line(char *dst, size_t size, const char *src)
{
	size_t	 i;

	snprintf(dst, size, "%s", src != NULL ? src : "");
	for (i = 0; dst[i] != '\0'; i++)
		if (dst[i] == '\r' || dst[i] == '\n')
			dst[i] = ' ';
	/* A subject or name leaves as a header, not through xo_*: the same
	 * bidi rule (fcgi/xmlout.c) here. */
	dst[xo_strip_bidi(dst, strlen(dst))] = '\0';
}

enum ddd_err
outbox_queue(struct db *db, long long tenant_id, long long account_id,
    const char *kind, const char *to_addr, const char *to_name,
    const char *subject, xmlDocPtr body)
{
	return outbox_queue_doc(db, tenant_id, account_id, kind, to_addr,
	    to_name, subject, body, 0);
}

enum ddd_err
outbox_queue_doc(struct db *db, long long tenant_id, long long account_id,
    const char *kind, const char *to_addr, const char *to_name,
    const char *subject, xmlDocPtr body, long long document_id)
{
	static const struct db_param null = { DB_NULL, NULL, 0, 0 };
	xmlChar		*xml = NULL;
	int		 len = 0;
	char		 to[255], name[201], subj[201];
	enum ddd_err	 e;

	if (!db->in_txn)
		return DDD_ERR_INTERNAL;	/* mail and change commit together */
	one_line(to, sizeof(to), to_addr);
	one_line(name, sizeof(name), to_name);
	one_line(subj, sizeof(subj), subject);
	xmlDocDumpMemoryEnc(body, &xml, &len, "UTF-8");
	if (xml == NULL)
		return DDD_ERR_NOMEM;
	{
		struct db_param p[8] = { DB_P_INT(tenant_id),
		    account_id > 0 ? (struct db_param)DB_P_INT(account_id) :
		    null, DB_P_STR(kind), DB_P_STR(to), DB_P_STR(name),
		    DB_P_STR(subj), DB_P_STRN((const char *)xml, (size_t)len),
		    document_id > 0 ? (struct db_param)DB_P_INT(document_id) :
		    null };
		e = db_run(db, STMT_OUTBOX_INSERT, p, 8, NULL);
	}
	xmlFree(xml);
	return e;
}

int
outbox_backoff(int attempts)
{
	static const int steps[] = { 60, 300, 1800, 7200, 14400, 28800 };
	const int	 n = (int)(sizeof(steps) / sizeof(steps[0]));

	if (attempts < 1)
		attempts = 1;
	return steps[attempts > n ? n - 1 : attempts - 1];
}
