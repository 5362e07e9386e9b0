/* A dossier's documents: deel A, deel B and the whole dossier as XSL-FO
 * (xslt/dossier-fo.xsl, from the same data as the pages) and as PDF.
 *
 * A PDF is rendered once for the data it shows: it is stored under the
 * SHA-256 of the XML it was made from, so asking again for unchanged data
 * is answered from the table without rendering.  The final PDF of an
 * afgerond dossier is made at 'Akkoord', inside that transaction, and is
 * never made again; the SHA-256 of its XML is printed on it (the
 * 'kenmerk'), the SHA-256 of its bytes is shown to the MBO.  See
 * docs/documents.md. */
#ifndef DDD_DOCUMENT_H
#define DDD_DOCUMENT_H

#include "dossier.h"

enum doc_kind {
	DOC_DEEL_A = 0,
	DOC_DEEL_B = 1,
	DOC_DOSSIER = 2,
	DOC_KIND_MASK = 3,
	DOC_FO = 4		/* route argument bit: the FO, not the PDF */
};

/* A stored PDF.  pdf points into res. */
struct stored_doc {
	long long	 id;
	int		 version;
	char		 sha256[65];	/* of the PDF */
	char		 kenmerk[65];	/* of the XML it was made from */
	char		 created[20];	/* final ones: when stored */
	const char	*pdf;		/* into res, or owned */
	size_t		 len;
	struct db_result res;
	char		*owned;		/* bytes rendered by this request */
};

void		 stored_doc_free(struct stored_doc *);

/* Whether d's reader (d->scope) may have a kind of document of it now:
 * every part the kind shows must be visible to them
 * (fcgi/visibility.c), and the whole dossier exists once afgerond. */
int		 document_may(const struct dossier *, enum doc_kind);

/* The PDF of a kind for a dossier the session may see: stored, or
 * rendered and stored now.  DOC_DOSSIER only for an afgerond dossier (its
 * final PDF); DDD_ERR_NOT_FOUND otherwise. */
enum ddd_err	 document_pdf(const struct actor *, const struct dossier *,
		    enum doc_kind, struct stored_doc *);
/* The final PDF as stored. */
enum ddd_err	 document_final_get(const struct actor *, const struct dossier *,
		    struct stored_doc *);
/* Its facts only (sha256, kenmerk, created, len; no bytes). */
enum ddd_err	 document_final_meta(const struct actor *, const struct dossier *,
		    struct stored_doc *);
/* At 'Akkoord', inside the caller's transaction, with d already
 * afgerond: render and store the final PDF; *id gets its row, sha256
 * the SHA-256 of its bytes; *mailable is 0 when its data holds a number
 * that passes the 11-proef (the mail must then go without it: no BSN in
 * any mail). */
enum ddd_err	 document_final_make(const struct actor *, const struct dossier *,
		    long long *id, char sha256[65], int *mailable);
/* The FO of a kind into out (for the .fo download). */
enum ddd_err	 document_fo(const struct actor *, const struct dossier *,
		    enum doc_kind, struct buf *out);
/* The zip and download name of an attached file:
 * "dossier-<id>-<question>.<pdf|png|jpg>" (question ids are [a-z0-9_]). */
void		 document_attachment_name(char *out, size_t size,
		    long long dossier_id, const char *question,
		    const char *media_type);
/* The static media type string for a stored one (application/pdf,
 * image/png, image/jpeg; anything else application/octet-stream). */
const char	*document_media_type(const char *);
/* A file name for a download: "dossier-<id>-<kind>-v<version>.<ext>"
 * (ASCII only, no quoting needed). */
void		 document_filename(char *out, size_t size,
		    const struct dossier *, enum doc_kind, const char *ext);
#endif
