/* Our own XSL-FO renderer: FO in, PDF bytes out, in process, with Pango
 * (text shaping, line breaking, fonts through fontconfig) on a cairo PDF
 * surface (embedded font subsets, metadata, an outline from the headings,
 * structure tags).  It covers what xslt/dossier-fo.xsl produces and the
 * common core of FO documents: simple-page-master with regions, static
 * content with page-number and page-number-citation, blocks and inlines
 * with fonts, colours, borders, padding, spaces, alignment, keeps and
 * breaks, tables with fixed and proportional columns, repeated headers
 * and collapsing or separate borders, list-blocks, leaders,
 * external-graphic (PNG and SVG data: URIs) and basic-link (a link that
 * cannot be made is a warning).  Anything else is reported as a warning naming the element
 * or property and its line (an error in strict mode), never dropped
 * silently.  Apache FOP stays the reference (fcgi/pdf.c). */
#ifndef DDD_FO_H
#define DDD_FO_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

struct fo_limits {
	int	 max_pages;		/* more: DDD_ERR_TOO_LARGE */
	double	 max_seconds;		/* wall time of one render */
	size_t	 max_input;		/* bytes of FO */
	size_t	 max_memory;		/* decoded images + laid-out text
					   (estimated): DDD_ERR_TOO_LARGE */
};

#define FO_LIMITS_DEFAULT { 500, 20.0, 16 * 1024 * 1024, 256 * 1024 * 1024 }

/* Render fo (len bytes) into pdf (appended).  warnings gets one line per
 * unsupported element or property ("line N: ..."); with strict, any
 * warning makes the render fail (DDD_ERR_RENDER).  DDD_ERR_BAD_REQUEST
 * for input that is not an FO document. */
enum ddd_err	fo_render(const char *fo, size_t len,
		    const struct fo_limits *, int strict, struct buf *pdf,
		    struct buf *warnings);

/* Let go of this thread's fonts (a thread that rendered, before it
 * ends; the main thread before exit). */
void		fo_thread_end(void);

#endif
