/* 'Print accountgegevens': the real stylesheet makes word/document.xml,
 * docx_build zips it; the .docx opens, has the parts Word needs, one page
 * per leerling, names exactly as typed, and the same bytes every time.
 * If LibreOffice is installed it must render one page per leerling. */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <zip.h>

#include "docx.h"
#include "xmlout.h"
#include "xsl.h"
#include "tap.h"

#define SHEET	"accountgegevens-docx"
#define W_NS	"http://schemas.openxmlformats.org/wordprocessingml/2006/main"

/* The leerling whose name has markup characters and non-Latin letters. */
#define ODD_ROEPNAAM	"Zoë <&>\""
#define ODD_ACHTERNAAM	"Çelik-Émile 王小明 عبد الله"

static const char *const entries[] = {
	"[Content_Types].xml",
	"_rels/.rels",
	"word/document.xml",
	"word/_rels/document.xml.rels",
	"word/styles.xml",
	"docProps/core.xml",
	"docProps/app.xml",
};
#define NENTRIES	(sizeof(entries) / sizeof(entries[0]))

static void
leerling(xmlNodePtr root, const char *roep, const char *tussen,
    const char *achter, const char *nummer, const char *klas)
{
	xmlNodePtr	 l = xo_el(root, "leerling", NULL);

	xo_el(l, "roepnaam", roep);
	if (tussen != NULL)
		xo_el(l, "tussenvoegsel", tussen);
	xo_el(l, "achternaam", achter);
	xo_el(l, "leerlingnummer", nummer);
	if (klas != NULL)
		xo_el(l, "klas", klas);
}

static xmlDocPtr
input(int n)
{
	xmlDocPtr	 doc = xo_doc("accountgegevens");
	xmlNodePtr	 r = xo_root(doc);

	xo_attr(r, "school", "Scholengemeenschap De Brug");
	xo_attr(r, "url", "https://ddd.example.nl");
	xo_attr(r, "generated", "2026-11-28");
	if (n > 0)
		leerling(r, "Sem", "de", "Vries", "12345", "4K1");
	if (n > 1)
		leerling(r, ODD_ROEPNAAM, "", ODD_ACHTERNAAM, "20417", "4H2");
	if (n > 2)
		leerling(r, "Noor", NULL, "Bakker", "30001", NULL);
	return doc;
}

/* One entry of a zip in memory, NUL-terminated; NULL if absent. */
static char *
zip_entry(const char *zipdata, size_t ziplen, const char *name, size_t *len)
{
	zip_source_t	*src;
	zip_t		*za;
	zip_file_t	*zf;
	zip_stat_t	 st;
	char		*data = NULL;

	if ((src = zip_source_buffer_create(zipdata, ziplen, 0, NULL)) == NULL)
		return NULL;
	if ((za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS,
	    NULL)) == NULL) {
		zip_source_free(src);
		return NULL;
	}
	if (zip_stat(za, name, 0, &st) == 0 &&
	    (zf = zip_fopen(za, name, 0)) != NULL) {
		if ((data = malloc(st.size + 1)) != NULL &&
		    zip_fread(zf, data, st.size) == (zip_int64_t)st.size) {
			data[st.size] = '\0';
			*len = st.size;
		} else {
			free(data);
			data = NULL;
		}
		zip_fclose(zf);
	}
	zip_discard(za);
	return data;
}

static double
xpath_num(xmlXPathContextPtr xp, const char *expr)
{
	xmlXPathObjectPtr	 o;
	double			 v = -1;

	if ((o = xmlXPathEvalExpression(BAD_CAST expr, xp)) != NULL) {
		v = xmlXPathCastToNumber(o);
		xmlXPathFreeObject(o);
	}
	return v;
}

/* How many nodes of expr have exactly text as string value. */
static int
count_text(xmlXPathContextPtr xp, const char *expr, const char *text,
    int substring)
{
	xmlXPathObjectPtr	 o;
	xmlChar			*s;
	int			 i, n = 0;

	if ((o = xmlXPathEvalExpression(BAD_CAST expr, xp)) == NULL)
		return -1;
	for (i = 0; o->nodesetval != NULL && i < o->nodesetval->nodeNr; i++) {
		s = xmlNodeGetContent(o->nodesetval->nodeTab[i]);
		if (s != NULL && (substring ?
		    strstr((char *)s, text) != NULL :
		    strcmp((char *)s, text) == 0))
			n++;
		xmlFree(s);
	}
	xmlXPathFreeObject(o);
	return n;
}

static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* LibreOffice renders the .docx to PDF; returns its page count or -1. */
static int
soffice_pages(const char *data, size_t len)
{
	char	 dir[] = "/tmp/ddd-test-docx-XXXXXX";
	char	 path[256], cmd[1024], line[256];
	FILE	*f;
	int	 pages = -1;

	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/accountgegevens.docx", dir);
	if ((f = fopen(path, "wb")) == NULL)
		goto out;
	if (fwrite(data, 1, len, f) != len) {
		fclose(f);
		goto out;
	}
	fclose(f);
	/* Own profile, so a running or broken user profile cannot interfere. */
	snprintf(cmd, sizeof(cmd), "timeout 300 /usr/bin/soffice "
	    "-env:UserInstallation=file://%s/profile --headless --norestore "
	    "--convert-to pdf --outdir %s %s >/dev/null 2>&1", dir, dir, path);
	if (system(cmd) != 0)
		goto out;
	snprintf(cmd, sizeof(cmd), "pdfinfo %s/accountgegevens.pdf 2>/dev/null",
	    dir);
	if ((f = popen(cmd, "r")) == NULL)
		goto out;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "Pages:", 6) == 0)
			pages = atoi(line + 6);
	pclose(f);
out:
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return pages;
}

int
main(void)
{
	struct xsl_cache	*c = calloc(1, sizeof(*c));
	struct buf		 errs, xml, docx, again, small;
	const char		*src = getenv("DDD_SRCDIR"), *mt = NULL;
	const char		*keep = getenv("DDD_TEST_DOCX_OUT");
	char			 dir[1024], path[1024], *part, *docpart;
	size_t			 i, plen, doclen;
	xmlDocPtr		 in, parsed;
	xmlXPathContextPtr	 xp;
	zip_source_t		*zs;
	zip_t			*za;
	zip_stat_t		 st;
	int			 all, pages;
	FILE			*f;

	xsl_global_init();
	buf_init(&errs, 65536);
	buf_init(&xml, XSL_MAX_OUTPUT);
	buf_init(&docx, 4 << 20);
	buf_init(&again, 4 << 20);
	snprintf(dir, sizeof(dir), "%s/xslt", src ? src : ".");
	is_int(xsl_cache_load(c, dir, &errs), 0, "project stylesheets compile");
	if (errs.len)
		diag(errs.ptr);
	ok(xsl_find(c, SHEET) != NULL, "%s sheet cached", SHEET);

	/* Three leerlingen through the real stylesheet. */
	in = input(3);
	is_int(xsl_apply(c, SHEET, in, NULL, &xml, &mt), DDD_OK,
	    "stylesheet transforms");
	is_str(mt, DOCX_MAIN_MEDIA_TYPE, "media type of word/document.xml");
	ok(xml.len > 0 && strncmp(xml.ptr, "<?xml version=\"1.0\" "
	    "encoding=\"UTF-8\" standalone=\"yes\"?>", 55) == 0,
	    "XML declaration with UTF-8 and standalone=yes");
	ok(xml.ptr != NULL && strstr(xml.ptr, "Zoë &lt;&amp;&gt;\"") != NULL &&
	    strstr(xml.ptr, "&amp;lt;") == NULL,
	    "markup characters escaped once in the serialised XML");

	is_int(docx_build(xml.ptr, xml.len, &docx), DDD_OK, "docx_build");
	ok(docx.len > 4 && memcmp(docx.ptr, "PK\003\004", 4) == 0,
	    "output is a zip");
	if (keep != NULL && (f = fopen(keep, "wb")) != NULL) {
		fwrite(docx.ptr, 1, docx.len, f);
		fclose(f);
	}

	/* The archive: opens, consistent, exactly the expected entries in
	 * order, all deflated. */
	za = NULL;
	if ((zs = zip_source_buffer_create(docx.ptr, docx.len, 0, NULL)) != NULL &&
	    (za = zip_open_from_source(zs, ZIP_RDONLY | ZIP_CHECKCONS,
	    NULL)) == NULL)
		zip_source_free(zs);
	ok(za != NULL, "libzip opens the .docx (consistency checked)");
	is_int(za ? zip_get_num_entries(za, 0) : -1, NENTRIES,
	    "%zu entries", NENTRIES);
	for (i = 0, all = 1; za != NULL && i < NENTRIES; i++) {
		if (zip_stat_index(za, i, 0, &st) != 0 ||
		    strcmp(st.name, entries[i]) != 0 ||
		    st.comp_method != ZIP_CM_DEFLATE)
			all = 0;
	}
	ok(za != NULL && all, "entries in order, [Content_Types].xml first, "
	    "all deflated");
	if (za != NULL)
		zip_discard(za);

	for (i = 0, all = 1; i < NENTRIES; i++) {
		part = zip_entry(docx.ptr, docx.len, entries[i], &plen);
		parsed = part ? xmlReadMemory(part, (int)plen, entries[i],
		    NULL, XML_PARSE_NONET) : NULL;
		if (parsed == NULL) {
			printf("# %s missing or not well-formed\n", entries[i]);
			all = 0;
		}
		xmlFreeDoc(parsed);
		free(part);
	}
	ok(all, "every part is well-formed XML");

	docpart = zip_entry(docx.ptr, docx.len, "word/document.xml", &doclen);
	ok(docpart != NULL && doclen == xml.len &&
	    memcmp(docpart, xml.ptr, doclen) == 0,
	    "word/document.xml is the stylesheet output, byte for byte");
	parsed = docpart ? xmlReadMemory(docpart, (int)doclen,
	    "document.xml", NULL, XML_PARSE_NONET) : NULL;
	ok(parsed != NULL, "word/document.xml parses (XML_PARSE_NONET)");
	xp = parsed ? xmlXPathNewContext(parsed) : NULL;
	if (xp != NULL) {
		xmlXPathRegisterNs(xp, BAD_CAST "w", BAD_CAST W_NS);
		is_int(xpath_num(xp, "count(/w:document/w:body)"), 1,
		    "w:document/w:body in the WordprocessingML namespace");
		is_int(xpath_num(xp, "count(//w:br[@w:type='page'])"), 2,
		    "exactly 2 page breaks for 3 leerlingen");
		is_int(xpath_num(xp, "count(//w:br[@w:type='page'][not("
		    "following::w:t[. = 'Noor Bakker'])])"), 0,
		    "no page break after the last leerling");
		is_int(xpath_num(xp, "count(/w:document/w:body/w:sectPr/"
		    "w:pgSz[@w:w='11906' and @w:h='16838'])"), 1,
		    "A4 page size in the body's w:sectPr");
		is_int(xpath_num(xp, "count(/w:document/w:body/*[last()]"
		    "[self::w:sectPr])"), 1, "w:sectPr is the body's last child");
		is_int(xpath_num(xp, "count(//w:t[. = 'Inloggen op het "
		    "Digitaal Doorstroomdossier'])"), 3, "heading on every page");
		is_int(count_text(xp, "//w:t", "Sem de Vries", 0), 1,
		    "name 1 as one text run");
		is_int(count_text(xp, "//w:t", ODD_ROEPNAAM " "
		    ODD_ACHTERNAAM, 0), 1,
		    "name 2 with <&>\" and non-Latin letters intact");
		is_int(count_text(xp, "//w:t", "Noor Bakker", 0), 1,
		    "name 3 without tussenvoegsel: one space");
		is_int(count_text(xp, "//w:p", "Beste " ODD_ROEPNAAM ",", 0), 1,
		    "greeting with the roepnaam as typed");
		is_int(count_text(xp, "//w:p", "Beste Sem,", 0), 1,
		    "greeting for Sem");
		is_int(count_text(xp, "//w:p",
		    "https://ddd.example.nl/activeren", 1), 3,
		    "activation address on every page");
		is_int(count_text(xp, "//w:p", "Vul je leerlingnummer in: "
		    "20417.", 1), 1, "leerlingnummer in the steps");
		is_int(count_text(xp, "//w:p", "https://ddd.example.nl/login",
		    1), 6, "login address twice on every page");
		is_int(count_text(xp, "//w:p", "‘Activeer DDD’", 1), 3,
		    "'Activeer DDD' on every page");
		is_int(count_text(xp, "//w:p", "vorig schooljaar", 1), 3,
		    "note for last year's accounts on every page");
		is_int(count_text(xp, "//w:p", "mentor of aan de decaan", 1), 3,
		    "questions: mentor or decaan");
		is_int(xpath_num(xp, "count(//w:t[not(@xml:space = "
		    "'preserve')])"), 0, "every w:t keeps its spaces");
		xmlXPathFreeContext(xp);
	} else
		ok(0, "no XPath context");
	xmlFreeDoc(parsed);
	free(docpart);

	/* Same input, same bytes; TZ does not matter. */
	is_int(docx_build(xml.ptr, xml.len, &again), DDD_OK, "second build");
	ok(again.len == docx.len && memcmp(again.ptr, docx.ptr,
	    docx.len) == 0, "building twice gives identical bytes");
	setenv("TZ", "America/Los_Angeles", 1);
	tzset();
	buf_reset(&again);
	is_int(docx_build(xml.ptr, xml.len, &again), DDD_OK,
	    "build in another time zone");
	ok(again.len == docx.len && memcmp(again.ptr, docx.ptr,
	    docx.len) == 0, "identical bytes in another time zone");

	/* The cap, and nothing left behind on failure. */
	buf_init(&small, 200);
	buf_addstr(&small, "before");
	is_int(docx_build(xml.ptr, xml.len, &small), DDD_ERR_TOO_LARGE,
	    "zip over the cap is DDD_ERR_TOO_LARGE");
	ok(small.len == 6 && strcmp(small.ptr, "before") == 0,
	    "buffer unchanged after a refused build");
	small.cap = docx.len + 6;
	is_int(docx_build(xml.ptr, xml.len, &small), DDD_OK,
	    "zip exactly up to the cap fits");
	ok(small.len == docx.len + 6 && memcmp(small.ptr + 6, docx.ptr,
	    docx.len) == 0, "appended after what was there");
	buf_free(&small);
	buf_init(&small, 1 << 20);
	is_int(docx_build(NULL, 0, &small), DDD_ERR_INTERNAL,
	    "no document is an error");
	is_int(docx_build("", 0, &small), DDD_ERR_INTERNAL,
	    "empty document is an error");
	is_int(small.len, 0, "nothing written on error");
	buf_free(&small);

	/* No leerlingen: still a valid document, no page break. */
	xmlFreeDoc(in);
	in = input(0);
	buf_reset(&xml);
	is_int(xsl_apply(c, SHEET, in, NULL, &xml, &mt), DDD_OK,
	    "no leerlingen transforms");
	ok(xml.ptr != NULL && strstr(xml.ptr, "Geen leerlingen") != NULL &&
	    strstr(xml.ptr, "w:type=\"page\"") == NULL,
	    "no leerlingen: a note, no page break");
	xmlFreeDoc(in);

	/* The fixture: url with a trailing slash, leerling without klas. */
	snprintf(path, sizeof(path), "%s/tests/data/docx/accountgegevens.xml",
	    src ? src : ".");
	in = xmlReadFile(path, NULL, XML_PARSE_NONET);
	ok(in != NULL, "fixture parses");
	buf_reset(&xml);
	is_int(in ? xsl_apply(c, SHEET, in, NULL, &xml, &mt) :
	    DDD_ERR_INTERNAL, DDD_OK,
	    "fixture transforms");
	ok(xml.ptr != NULL && strstr(xml.ptr,
	    "https://ddd.example.nl/activeren") != NULL &&
	    strstr(xml.ptr, "nl//") == NULL,
	    "trailing slash of the url dropped");
	ok(xml.ptr != NULL && strstr(xml.ptr, "Zoë &lt;&amp;&gt;\" "
	    "Çelik-Émile 王小明 عبد الله") != NULL,
	    "fixture's special name comes out as typed");
	xmlFreeDoc(in);

	/* LibreOffice, when installed: one page per leerling. */
	if (access("/usr/bin/soffice", X_OK) != 0)
		ok(1, "# SKIP /usr/bin/soffice not installed");
	else if (system("command -v pdfinfo >/dev/null 2>&1") != 0)
		ok(1, "# SKIP pdfinfo (poppler-utils) not installed");
	else {
		pages = soffice_pages(docx.ptr, docx.len);
		is_int(pages, 3, "LibreOffice renders 3 pages");
	}

	buf_free(&errs);
	buf_free(&xml);
	buf_free(&docx);
	buf_free(&again);
	xsl_cache_free(c);
	free(c);
	xsl_global_end();
	return done_testing();
}
