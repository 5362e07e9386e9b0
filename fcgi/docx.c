/* docx_build: word/document.xml plus the fixed package parts, zipped in
 * memory with libzip (1.7.3 on Debian 12).  Nothing here is shared between
 * calls: every call has its own archive and sources. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "docx.h"
#include "log.h"
#include "zipmem.h"

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define REL_NS	"http://schemas.openxmlformats.org/package/2006/relationships"
#define OD_REL	"http://schemas.openxmlformats.org/officeDocument/2006/" \
		"relationships"
#define W_NS	"http://schemas.openxmlformats.org/wordprocessingml/2006/main"

static const char content_types[] = XML_DECL
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/"
    "vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\""
    DOCX_MAIN_MEDIA_TYPE "\"/>"
    "<Override PartName=\"/word/styles.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
    "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/"
    "vnd.openxmlformats-package.core-properties+xml\"/>"
    "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
    "</Types>";

static const char package_rels[] = XML_DECL
    "<Relationships xmlns=\"" REL_NS "\">"
    "<Relationship Id=\"rId1\" Type=\"" OD_REL "/officeDocument\" "
    "Target=\"word/document.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/"
    "package/2006/relationships/metadata/core-properties\" "
    "Target=\"docProps/core.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" OD_REL "/extended-properties\" "
    "Target=\"docProps/app.xml\"/>"
    "</Relationships>";

static const char document_rels[] = XML_DECL
    "<Relationships xmlns=\"" REL_NS "\">"
    "<Relationship Id=\"rId1\" Type=\"" OD_REL "/styles\" "
    "Target=\"styles.xml\"/>"
    "</Relationships>";

/* Document defaults only: Arial (Liberation Sans stands in for it on
 * Linux) 11 pt, Dutch for spelling, a little space after paragraphs. */
static const char styles[] = XML_DECL
    "<w:styles xmlns:w=\"" W_NS "\">"
    "<w:docDefaults>"
    "<w:rPrDefault><w:rPr>"
    "<w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:cs=\"Arial\"/>"
    "<w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/>"
    "<w:lang w:val=\"nl-NL\" w:bidi=\"ar-SA\"/>"
    "</w:rPr></w:rPrDefault>"
    "<w:pPrDefault><w:pPr>"
    "<w:spacing w:after=\"160\" w:line=\"276\" w:lineRule=\"auto\"/>"
    "</w:pPr></w:pPrDefault>"
    "</w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
    "<w:name w:val=\"Normal\"/><w:qFormat/>"
    "</w:style>"
    "</w:styles>";

static const char core[] = XML_DECL
    "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/"
    "package/2006/metadata/core-properties\" "
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
    "<dc:creator>Digitaal Doorstroomdossier</dc:creator>"
    "</cp:coreProperties>";

static const char app[] = XML_DECL
    "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/"
    "2006/extended-properties\">"
    "<Application>Digitaal Doorstroomdossier</Application>"
    "</Properties>";

enum ddd_err
docx_build(const char *document_xml, size_t len, struct buf *out)
{
	const struct zip_entry parts[] = {
		/* [Content_Types].xml first, as readers expect. */
		{ "[Content_Types].xml", content_types,
		    sizeof(content_types) - 1, 0 },
		{ "_rels/.rels", package_rels, sizeof(package_rels) - 1, 0 },
		{ "word/document.xml", document_xml, len, 0 },
		{ "word/_rels/document.xml.rels", document_rels,
		    sizeof(document_rels) - 1, 0 },
		{ "word/styles.xml", styles, sizeof(styles) - 1, 0 },
		{ "docProps/core.xml", core, sizeof(core) - 1, 0 },
		{ "docProps/app.xml", app, sizeof(app) - 1, 0 },
	};

	if (document_xml == NULL || len == 0) {
		log_error("docx_build", "msg=\"empty document\"");
		return DDD_ERR_INTERNAL;
	}
	return zipmem_build(parts, sizeof(parts) / sizeof(parts[0]), out);
}
