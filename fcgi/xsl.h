/* Stylesheet cache: every stylesheet under xslt_dir is parsed and compiled
 * once at start-up (a broken one stops start-up with file and line), then
 * shared read-only by all threads; a request only makes a transform
 * context, with security prefs that forbid all file and network access. */
#ifndef DDD_XSL_H
#define DDD_XSL_H

#include <libxml/tree.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/security.h>

#include "buf.h"
#include "err.h"

#define XSL_MAX_SHEETS	128
#define XSL_MAX_OUTPUT	(16 * 1024 * 1024)

struct xsl_sheet {
	char			 name[64];	/* file name without .xsl */
	xsltStylesheetPtr	 sheet;
};

struct xsl_cache {
	struct xsl_sheet	 sheets[XSL_MAX_SHEETS];
	size_t			 n;
	xsltSecurityPrefsPtr	 prefs;
};

/* Process-wide libxml2/libxslt set-up; call once before any thread. */
void			 xsl_global_init(void);
void			 xsl_global_end(void);

/* Compile every *.xsl directly in dir (not sub-folders, which hold
 * imported parts).  On failure returns -1 with "file:line: message"
 * lines in errs and leaves the cache empty. */
int			 xsl_cache_load(struct xsl_cache *, const char *dir,
			    struct buf *errs);
void			 xsl_cache_free(struct xsl_cache *);
const struct xsl_sheet	*xsl_find(const struct xsl_cache *, const char *);

/* Transform doc with the named stylesheet into out.  params: NULL-ended
 * name/value pairs of string parameters (values are passed as strings,
 * never as XPath expressions).  media_type gets the sheet's
 * xsl:output media-type or a default by method. */
enum ddd_err		 xsl_apply(const struct xsl_cache *, const char *name,
			    xmlDocPtr doc, const char **params,
			    struct buf *out, const char **media_type);

#endif
