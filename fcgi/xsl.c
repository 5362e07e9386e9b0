#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltutils.h>
#include <libxslt/variables.h>
#include <libxslt/imports.h>
#include <stdarg.h>
#include <libexslt/exslt.h>

#include "log.h"
#include "xsl.h"

/* Guards against runaway stylesheets (recursion and work per transform). */
#define XSL_MAX_DEPTH	500

/* Serialisation straight into the caller's buffer: no string of
 * libxml2's own that grows by doubling and is copied once more. */
struct xsl_sink {
	struct buf	*out;
	enum ddd_err	 e;
};

static int
sink_write(void *arg, const char *data, int len)
{
	struct xsl_sink	*k = arg;

	if (len < 0 || (k->e = buf_add(k->out, data, (size_t)len)) !=
	    DDD_OK)
		return -1;
	return len;
}

static int
sink_close(void *arg)
{
	(void)arg;
	return 0;
}

/* As xsltSaveResultToString: the sheet's output encoding, none for
 * UTF-8. */
static enum ddd_err
save_result(xmlDocPtr res, xsltStylesheetPtr sheet, struct buf *out)
{
	xmlCharEncodingHandlerPtr encoder = NULL;
	xmlOutputBufferPtr	 ob;
	const xmlChar		*encoding = NULL;
	struct xsl_sink		 k = { out, DDD_OK };
	int			 rc;

	XSLT_GET_IMPORT_PTR(encoding, sheet, encoding);
	if (encoding != NULL &&
	    (encoder = xmlFindCharEncodingHandler((const char *)encoding)) !=
	    NULL && xmlStrEqual((const xmlChar *)encoder->name,
	    (const xmlChar *)"UTF-8"))
		encoder = NULL;
	if ((ob = xmlOutputBufferCreateIO(sink_write, sink_close, &k,
	    encoder)) == NULL)
		return DDD_ERR_NOMEM;
	rc = xsltSaveResultTo(ob, res, sheet);
	if (xmlOutputBufferClose(ob) < 0 || rc < 0)
		return k.e != DDD_OK ? k.e : DDD_ERR_INTERNAL;
	return k.e;
}

void
xsl_global_init(void)
{
	xmlInitParser();
	exsltRegisterAll();
	xsltInit();
	/* Never substitute entities or load external DTDs, process-wide. */
	xmlSubstituteEntitiesDefault(0);
	xmlLoadExtDtdDefaultValue = 0;
}

void
xsl_global_end(void)
{
	xsltCleanupGlobals();
	xmlCleanupParser();
}

/* Collects libxml2/libxslt errors during compilation as "file:line: msg". */
struct errsink {
	struct buf	*errs;
	const char	*file;
	int		 count;
};

static void
structured_error(void *ctx, xmlErrorPtr e)
{
	struct errsink	*sink = ctx;
	size_t		 len;
	const char	*msg = e->message ? e->message : "error";

	len = strlen(msg);
	while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
		len--;
	buf_printf(sink->errs, "%s:%d: %.*s\n",
	    e->file ? e->file : sink->file, e->line, (int)len, msg);
	sink->count++;
}

/* libxslt reports compile errors through its own generic handler, without
 * a line in the structured record; it puts file and line in the text. */
static void
generic_error(void *ctx, const char *fmt, ...)
{
	struct errsink	*sink = ctx;
	char		 msg[1024];
	va_list		 ap;
	size_t		 len;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	len = strlen(msg);
	while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
		len--;
	if (len == 0)
		return;
	buf_printf(sink->errs, "%s: %.*s\n", sink->file, (int)len, msg);
	sink->count++;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(((const struct xsl_sheet *)a)->name,
	    ((const struct xsl_sheet *)b)->name);
}

/* Runtime errors of one transform go to our log, one line each. */
static void
transform_error(void *ctx, const char *fmt, ...)
{
	char	 msg[512];
	va_list	 ap;
	size_t	 len;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	len = strlen(msg);
	while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
		msg[--len] = '\0';
	if (len > 0)
		log_error("xsl_runtime", "sheet=%s msg=\"%s\"",
		    (const char *)ctx, msg);
}

int
xsl_cache_load(struct xsl_cache *c, const char *dir, struct buf *errs)
{
	DIR		*d;
	struct dirent	*de;
	struct errsink	 sink;
	char		 path[1024];
	xmlDocPtr	 doc;
	xsltStylesheetPtr sheet;
	size_t		 nlen;
	int		 bad = 0;

	memset(c, 0, sizeof(*c));
	if ((d = opendir(dir)) == NULL) {
		buf_printf(errs, "%s: cannot open stylesheet folder\n", dir);
		return -1;
	}
	sink.errs = errs;
	while ((de = readdir(d)) != NULL) {
		nlen = strlen(de->d_name);
		if (nlen < 5 || strcmp(de->d_name + nlen - 4, ".xsl") != 0 ||
		    de->d_name[0] == '.')
			continue;
		if (nlen - 4 >= sizeof(c->sheets[0].name) ||
		    c->n == XSL_MAX_SHEETS) {
			buf_printf(errs, "%s/%s: too many stylesheets or name "
			    "too long\n", dir, de->d_name);
			bad = 1;
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		sink.file = path;
		sink.count = 0;
		xmlSetStructuredErrorFunc(&sink, structured_error);
		xsltSetGenericErrorFunc(&sink, generic_error);
		doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
		sheet = NULL;
		if (doc != NULL) {
			sheet = xsltParseStylesheetDoc(doc);
			if (sheet == NULL)
				xmlFreeDoc(doc);
			else if (sheet->errors > 0 || sink.count > 0) {
				xsltFreeStylesheet(sheet);
				sheet = NULL;
			}
		}
		xmlSetStructuredErrorFunc(NULL, NULL);
		xsltSetGenericErrorFunc(NULL, NULL);
		if (sheet == NULL) {
			if (sink.count == 0)
				buf_printf(errs, "%s: stylesheet does not "
				    "compile\n", path);
			bad = 1;
			continue;
		}
		memcpy(c->sheets[c->n].name, de->d_name, nlen - 4);
		c->sheets[c->n].name[nlen - 4] = '\0';
		c->sheets[c->n].sheet = sheet;
		c->n++;
	}
	closedir(d);
	if (!bad && c->n == 0) {
		buf_printf(errs, "%s: no stylesheets found\n", dir);
		bad = 1;
	}
	if (!bad && (c->prefs = xsltNewSecurityPrefs()) == NULL)
		bad = 1;
	if (!bad) {
		xsltSecurityOption opts[] = { XSLT_SECPREF_READ_FILE,
		    XSLT_SECPREF_WRITE_FILE, XSLT_SECPREF_CREATE_DIRECTORY,
		    XSLT_SECPREF_READ_NETWORK, XSLT_SECPREF_WRITE_NETWORK };
		size_t i;
		for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
			xsltSetSecurityPrefs(c->prefs, opts[i],
			    xsltSecurityForbid);
	}
	if (bad) {
		xsl_cache_free(c);
		return -1;
	}
	qsort(c->sheets, c->n, sizeof(c->sheets[0]), name_cmp);
	return 0;
}

void
xsl_cache_free(struct xsl_cache *c)
{
	size_t	 i;

	for (i = 0; i < c->n; i++)
		xsltFreeStylesheet(c->sheets[i].sheet);
	if (c->prefs != NULL)
		xsltFreeSecurityPrefs(c->prefs);
	memset(c, 0, sizeof(*c));
}

const struct xsl_sheet *
xsl_find(const struct xsl_cache *c, const char *name)
{
	struct xsl_sheet	 key;

	if (strlen(name) >= sizeof(key.name))
		return NULL;
	snprintf(key.name, sizeof(key.name), "%s", name);
	return bsearch(&key, c->sheets, c->n, sizeof(c->sheets[0]),
	    name_cmp);
}

enum ddd_err
xsl_apply(const struct xsl_cache *c, const char *name, xmlDocPtr doc,
    const char **params, struct buf *out, const char **media_type)
{
	const struct xsl_sheet	*s;
	xsltTransformContextPtr	 ctxt = NULL;
	xmlDocPtr		 res = NULL;
	const xmlChar		*method = NULL, *mtype = NULL;
	enum ddd_err		 result = DDD_ERR_INTERNAL;

	if ((s = xsl_find(c, name)) == NULL) {
		log_error("xsl_missing", "sheet=%s", name);
		return DDD_ERR_INTERNAL;
	}
	if ((ctxt = xsltNewTransformContext(s->sheet, doc)) == NULL)
		goto out;
	if (xsltSetCtxtSecurityPrefs(c->prefs, ctxt) != 0)
		goto out;
	xsltSetTransformErrorFunc(ctxt, (void *)(uintptr_t)s->name,
	    transform_error);
	ctxt->maxTemplateDepth = XSL_MAX_DEPTH;
	if (params != NULL && xsltQuoteUserParams(ctxt, params) != 0)
		goto out;
	res = xsltApplyStylesheetUser(s->sheet, doc, NULL, NULL, NULL, ctxt);
	if (res == NULL || ctxt->state != XSLT_STATE_OK) {
		log_error("xsl_apply", "sheet=%s state=%d", name,
		    (int)ctxt->state);
		goto out;
	}
	if ((result = save_result(res, s->sheet, out)) != DDD_OK)
		goto out;
	XSLT_GET_IMPORT_PTR(mtype, s->sheet, mediaType);
	XSLT_GET_IMPORT_PTR(method, s->sheet, method);
	if (mtype != NULL)
		*media_type = (const char *)mtype;
	else if (method != NULL && strcmp((const char *)method, "text") == 0)
		*media_type = "text/plain";
	else if (method != NULL && strcmp((const char *)method, "html") == 0)
		*media_type = "text/html";
	else
		*media_type = "application/xml";
	result = DDD_OK;
out:
	if (res != NULL)
		xmlFreeDoc(res);
	if (ctxt != NULL)
		xsltFreeTransformContext(ctxt);
	return result;
}
