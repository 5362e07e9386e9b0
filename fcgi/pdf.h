/* PDF from XSL-FO, for the worker.  The renders run in the render
 * processes (fcgi/render.h): our own renderer (fcgi/fo/) in a pool of
 * confined ddd-render children, Apache FOP in a process the ddd-render
 * supervisor starts per render.  The worker holds neither Pango, cairo
 * nor librsvg, and never forks once it serves.  At most pdf_concurrency
 * renders run at once (a semaphore); a request that cannot get a slot
 * within pdf_queue_wait gets DDD_ERR_BUSY.  A result that is not a whole
 * PDF is never returned.  Built before the accept loop, shared by the
 * threads. */
#ifndef DDD_PDF_H
#define DDD_PDF_H

#include <pwd.h>
#include <semaphore.h>
#include <stddef.h>

#include "buf.h"
#include "config.h"
#include "err.h"
#include "render.h"

#define PDF_FOP_CONFIG	"fop.xconf"	/* FOP's configuration, in dir */

struct pdf_renderer {
	const struct config	*cfg;
	sem_t			 slots;
	int			 sem_made;
	int			 fop;		/* FOP usable (renderer or
						   fallback) */
	char			 fop_why[CONFIG_MAX_VALUE + 64];
	char			 dir[CONFIG_MAX_VALUE + 32];	/* ours, 0700 */
	struct render_pool	 pool;
};

/* Check the renderers: FOP (needed with pdf_renderer = fop; with native
 * it is the fallback when present) and ddd-render.  With start, make the
 * private directory (owned by run_as when not NULL) and start the render
 * processes.  -1 with the reason in errs. */
int		pdf_renderer_init(struct pdf_renderer *, const struct config *,
		    const struct passwd *run_as, int start, struct buf *errs);
/* Stop the render processes (they remove the private directory). */
void		pdf_renderer_free(struct pdf_renderer *);
/* Render fo (len bytes) into pdf (reset first).  DDD_ERR_BUSY: no slot;
 * DDD_ERR_RENDER: the renderer failed, died or timed out, or made no
 * whole PDF (logged with the reason). */
enum ddd_err	pdf_render(struct pdf_renderer *, const char *fo, size_t len,
		    struct buf *pdf);
/* How many documents went to FOP because our renderer could not make
 * them (pdf_renderer = native), since the process started. */
unsigned long	pdf_fallbacks(void);
/* 1 when data looks like a whole PDF: the header, and %%EOF at the end. */
int		pdf_complete(const char *data, size_t len);

#endif
