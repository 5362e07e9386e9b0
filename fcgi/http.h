/* One request in the worker: read it from libfcgi (validated, capped),
 * route it, run its handler, render and write the answer, log one line.
 * The request context is fcgi/ctx.h. */
#ifndef DDD_HTTP_H
#define DDD_HTTP_H

#include "ctx.h"

/* Read the request from libfcgi into ctx, refusing anything malformed or
 * over a cap: first method, path, query and cookies; then, once the page
 * is known, the body (multipart only where the page takes uploads). */
enum ddd_err	 http_read_head(struct ctx *);
enum ddd_err	 http_read_body(struct ctx *, int uploads);
/* Route, run the handler, render, write.  Errors become the error page. */
void		 http_serve(struct ctx *);

#endif
