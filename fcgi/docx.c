/* docx_build: word/document.xml plus the fixed package parts, zipped in
 * memory with libzip (1.7.3 on Debian 12).  Nothing here is shared between
 * calls: every call has its own archive and sources. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <zip.h>

#include "docx.h"
#include "log.h"

/* Every entry gets 1980-01-01 00:00, the first DOS date, set as DOS date
 * and time directly: zip_file_set_mtime() would go through localtime()
 * and make the bytes depend on TZ. */
#define DOCX_DOSTIME	0x0000
#define DOCX_DOSDATE	((0 << 9) | (1 << 5) | 1)
#define DOCX_LEVEL	6	/* zlib's default deflate level */

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

static enum ddd_err
zip_fail(const char *step, zip_error_t *ze)
{
	enum ddd_err	 result;

	result = zip_error_code_zip(ze) == ZIP_ER_MEMORY ?
	    DDD_ERR_NOMEM : DDD_ERR_INTERNAL;
	log_error("docx_zip", "step=%s msg=\"%s\"", step,
	    zip_error_strerror(ze));
	return result;
}

/* Add one part from memory that stays valid until zip_close(). */
static enum ddd_err
add_part(zip_t *za, const char *name, const void *data, size_t len)
{
	zip_source_t	*src;
	zip_int64_t	 idx;

	if ((src = zip_source_buffer(za, data, len, 0)) == NULL)
		return zip_fail("source", zip_get_error(za));
	if ((idx = zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8)) < 0) {
		zip_source_free(src);
		return zip_fail("add", zip_get_error(za));
	}
	if (zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE,
	    DOCX_LEVEL) != 0)
		return zip_fail("compression", zip_get_error(za));
	if (zip_file_set_dostime(za, (zip_uint64_t)idx, DOCX_DOSTIME,
	    DOCX_DOSDATE, 0) != 0)
		return zip_fail("dostime", zip_get_error(za));
	return DDD_OK;
}

enum ddd_err
docx_build(const char *document_xml, size_t len, struct buf *out)
{
	const struct {
		const char	*name;
		const void	*data;
		size_t		 len;
	} parts[] = {
		/* [Content_Types].xml first, as readers expect. */
		{ "[Content_Types].xml", content_types,
		    sizeof(content_types) - 1 },
		{ "_rels/.rels", package_rels, sizeof(package_rels) - 1 },
		{ "word/document.xml", document_xml, len },
		{ "word/_rels/document.xml.rels", document_rels,
		    sizeof(document_rels) - 1 },
		{ "word/styles.xml", styles, sizeof(styles) - 1 },
		{ "docProps/core.xml", core, sizeof(core) - 1 },
		{ "docProps/app.xml", app, sizeof(app) - 1 },
	};
	zip_error_t	 ze;
	zip_source_t	*mem = NULL;
	zip_t		*za = NULL;
	zip_stat_t	 st;
	zip_int64_t	 n;
	zip_uint64_t	 left;
	char		 chunk[16384];
	size_t		 i, start = out->len;
	int		 opened = 0;
	enum ddd_err	 result = DDD_ERR_INTERNAL;

	zip_error_init(&ze);
	if (document_xml == NULL || len == 0) {
		log_error("docx_build", "msg=\"empty document\"");
		goto err;
	}
	if ((mem = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL) {
		result = zip_fail("buffer", &ze);
		goto err;
	}
	if ((za = zip_open_from_source(mem, ZIP_TRUNCATE, &ze)) == NULL) {
		result = zip_fail("open", &ze);
		goto err;
	}
	zip_source_keep(mem);	/* ours to read after zip_close() */
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if ((result = add_part(za, parts[i].name, parts[i].data,
		    parts[i].len)) != DDD_OK)
			goto err;
	result = DDD_ERR_INTERNAL;
	if (zip_close(za) != 0) {
		result = zip_fail("close", zip_get_error(za));
		goto err;
	}
	za = NULL;

	zip_stat_init(&st);
	if (zip_source_stat(mem, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
		result = zip_fail("stat", zip_source_error(mem));
		goto err;
	}
	if (st.size > out->cap - out->len) {
		log_error("docx_build", "msg=\"too large\" size=%llu cap=%zu",
		    (unsigned long long)st.size, out->cap);
		result = DDD_ERR_TOO_LARGE;
		goto err;
	}
	if (zip_source_open(mem) != 0) {
		result = zip_fail("read_open", zip_source_error(mem));
		goto err;
	}
	opened = 1;
	for (left = st.size; left > 0; left -= (zip_uint64_t)n) {
		n = zip_source_read(mem, chunk, left < sizeof(chunk) ?
		    left : sizeof(chunk));
		if (n <= 0) {
			result = n < 0 ? zip_fail("read",
			    zip_source_error(mem)) : DDD_ERR_INTERNAL;
			if (n == 0)
				log_error("docx_build", "msg=\"short read\"");
			goto err;
		}
		if ((result = buf_add(out, chunk, (size_t)n)) != DDD_OK)
			goto err;
	}
	zip_source_close(mem);
	zip_source_free(mem);
	zip_error_fini(&ze);
	return DDD_OK;

err:
	if (opened)
		zip_source_close(mem);
	if (za != NULL) {
		zip_discard(za);	/* drops the archive's reference */
		za = NULL;
	}
	if (mem != NULL)
		zip_source_free(mem);
	zip_error_fini(&ze);
	out->len = start;
	if (out->ptr != NULL)
		out->ptr[start] = '\0';
	return result;
}
