/* A Word document (.docx, Office Open XML WordprocessingML) in memory: a
 * stylesheet makes word/document.xml, docx_build() zips it with the fixed
 * parts every package needs.  Same input, same bytes: entries have a fixed
 * order, a fixed DOS timestamp and deflate at a fixed level. */
#ifndef DDD_DOCX_H
#define DDD_DOCX_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/* Content-Type of the whole .docx (HTTP response). */
#define DOCX_MEDIA_TYPE	\
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document"
/* Content-Type of word/document.xml inside it (the stylesheet's
 * xsl:output media-type). */
#define DOCX_MAIN_MEDIA_TYPE	\
	"application/vnd.openxmlformats-officedocument.wordprocessingml." \
	"document.main+xml"

/* Append to out a zip holding, in this order: [Content_Types].xml,
 * _rels/.rels, word/document.xml (document_xml, len bytes, as given),
 * word/_rels/document.xml.rels, word/styles.xml (defaults: Arial 11 pt,
 * Dutch), docProps/core.xml, docProps/app.xml.
 * DDD_ERR_TOO_LARGE when the zip would pass out's cap, DDD_ERR_NOMEM,
 * DDD_ERR_INTERNAL for a NULL or empty document or a libzip failure
 * (logged).  On error out is as it was. */
enum ddd_err	 docx_build(const char *document_xml, size_t len,
		    struct buf *out);

#endif
