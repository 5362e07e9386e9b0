/* Deel A, deel B and the whole dossier as PDF (or as the XSL-FO it comes
 * from) for the student and for staff: the 'Deel A', 'Deel B' and
 * 'Print' buttons of the manual.  The MBO's are in page_mbo.c. */
#include <stdio.h>

#include "document.h"
#include "log.h"
#include "pages.h"
#include "route.h"
#include "view.h"

enum ddd_err
page_document(struct ctx *c)
{
	enum doc_kind	 kind = (enum doc_kind)(c->route_arg & DOC_KIND_MASK);
	struct dossier	 d;
	struct stored_doc doc;
	struct buf	 fo;
	char		 name[96];
	enum ddd_err	 e;

	if ((e = dossier_get(&c->actor, c->params[0], 0, &d)) != DDD_OK ||
	    (e = dossier_access(&c->actor, &d, c->route_arg & DOC_FO ? "fo" :
	    "pdf")) != DDD_OK)
		return e;
	if (c->route_arg & DOC_FO) {
		buf_init(&fo, 16 * 1024 * 1024);
		if ((e = document_fo(&c->actor, &d, kind, &fo)) == DDD_OK) {
			document_filename(name, sizeof(name), &d, kind, "fo");
			e = http_download(c, "application/xslfo+xml", name,
			    fo.ptr, fo.len);
		}
		buf_free(&fo);
		return e;
	}
	if ((e = document_pdf(&c->actor, &d, kind, &doc)) != DDD_OK)
		return e;
	document_filename(name, sizeof(name), &d, kind, "pdf");
	e = http_download(c, "application/pdf", name, doc.pdf, doc.len);
	log_info("document_download", "tenant=%lld by=%lld dossier=%lld "
	    "kind=%d version=%d sha256=%s", c->sess.tenant_id,
	    c->sess.account_id, d.id, (int)kind, doc.version, doc.sha256);
	stored_doc_free(&doc);
	return e;
}

/* A file attached to deel A, for whoever may see the dossier: the
 * student, staff, and the MBO once afgerond. */
enum ddd_err
page_attachment(struct ctx *c)
{
	struct dossier	 d;
	struct db_result res;
	char		 name[160];
	enum ddd_err	 e;

	/* res: the file's row of STMT_BIJLAGE_GET. */
	if ((e = dossier_get(&c->actor, c->params[0], 0, &d)) != DDD_OK ||
	    (e = view_attachment(&c->actor, &d, c->params[1], &res)) !=
	    DDD_OK)
		return e;
	if ((e = dossier_access(&c->actor, &d, "bijlage")) != DDD_OK) {
		db_result_free(&res);
		return e;
	}
	/* A name of ours: the student's own name of the file is shown on
	 * the page, not trusted in a header.  The type was sniffed at
	 * upload; the constant outlives res. */
	document_attachment_name(name, sizeof(name), d.id,
	    DB_COL(&res, 0, "question_id"), DB_COL(&res, 0, "media_type"));
	e = http_download(c, document_media_type(DB_COL(&res, 0,
	    "media_type")), name, DB_COL(&res, 0, "data"),
	    DB_COL_LEN(&res, 0, "data"));
	if (e == DDD_OK)
		log_info("attachment_download", "tenant=%lld by=%lld "
		    "dossier=%lld school=%lld bijlage=%lld sha256=%s",
		    c->sess.tenant_id, c->sess.account_id, d.id, d.tenant_id,
		    c->params[1], DB_COL(&res, 0, "sha256"));
	db_result_free(&res);
	return e;
}
