/* PDF from XSL-FO: our renderer (fcgi/fo.h) with pdf_renderer = native,
 * and Apache FOP when it cannot (logged as event=pdf_fallback, counted) or
 * with pdf_renderer = fop.  FOP runs out of process: the FO goes to a file
 * in a private directory, `fop` runs in its own process group with a
 * clean environment and no inherited descriptors, and is killed when it
 * takes longer than pdf_timeout.  At most pdf_concurrency renders run at
 * once (a semaphore); a request that cannot get a slot within
 * pdf_queue_wait gets DDD_ERR_BUSY.  A result that is not a whole PDF is
 * never returned.  Built before the accept loop, shared by the threads. */
#ifndef DDD_PDF_H
#define DDD_PDF_H

#include <semaphore.h>
#include <stddef.h>

#include "buf.h"
#include "config.h"
#include "err.h"

struct pdf_renderer {
	const struct config	*cfg;
	sem_t			 slots;
	char			 dir[CONFIG_MAX_VALUE + 32];	/* ours, 0700 */
	char			 conf[CONFIG_MAX_VALUE + 48];	/* copy in dir */
};

/* Check that fop and its configuration are there and make the private
 * directory; -1 with the reason in errs. */
int		pdf_renderer_init(struct pdf_renderer *, const struct config *,
		    struct buf *errs);
/* Remove the private directory. */
void		pdf_renderer_free(struct pdf_renderer *);
/* Render fo (len bytes) into pdf (reset first).  DDD_ERR_BUSY: no slot;
 * DDD_ERR_RENDER: FOP failed, timed out or made no whole PDF (logged
 * with FOP's first error line). */
enum ddd_err	pdf_render(struct pdf_renderer *, const char *fo, size_t len,
		    struct buf *pdf);
/* How many documents went to FOP because our renderer could not make
 * them (pdf_renderer = native), since the process started. */
unsigned long	pdf_fallbacks(void);
/* 1 when data looks like a whole PDF: the header, and %%EOF at the end. */
int		pdf_complete(const char *data, size_t len);

#endif
