/* Deel A, deel B and the whole dossier as PDF (or as the XSL-FO it comes
 * from) for the student and for staff: the 'Deel A', 'Deel B' and
 * 'Print' buttons of the manual.  The MBO's are in page_mbo.c. */
#include <stdio.h>

#include "document.h"
#include "log.h"
#include "pages.h"
#include "route.h"

enum ddd_err
page_document(struct ctx *c)
{
	enum doc_kind	 kind = (enum doc_kind)(c->route_arg & DOC_KIND_MASK);
	struct dossier	 d;
	struct stored_doc doc;
	struct buf	 fo;
	char		 name[96];
	enum ddd_err	 e;

	if ((e = dossier_get(c, c->params[0], 0, &d)) != DDD_OK)
		return e;
	if (c->route_arg & DOC_FO) {
		buf_init(&fo, 16 * 1024 * 1024);
		if ((e = document_fo(c, &d, kind, &fo)) == DDD_OK) {
			document_filename(name, sizeof(name), &d, kind, "fo");
			e = document_send(c, "application/xslfo+xml", name,
			    fo.ptr, fo.len);
		}
		buf_free(&fo);
		return e;
	}
	if ((e = document_pdf(c, &d, kind, &doc)) != DDD_OK)
		return e;
	document_filename(name, sizeof(name), &d, kind, "pdf");
	e = document_send(c, "application/pdf", name, doc.pdf, doc.len);
	log_info("document_download", "tenant=%lld by=%lld dossier=%lld "
	    "kind=%d version=%d sha256=%s", c->sess.tenant_id,
	    c->sess.account_id, d.id, (int)kind, doc.version, doc.sha256);
	stored_doc_free(&doc);
	return e;
}
