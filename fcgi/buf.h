/* Growable byte buffer with a hard cap, after curl's dynbuf: every buffer
 * knows the most it may ever hold, so no input can make it grow unbounded. */
#ifndef DDD_BUF_H
#define DDD_BUF_H

#include <stddef.h>
#include "err.h"

struct buf {
	char	*ptr;	/* always NUL-terminated when non-NULL */
	size_t	 len;
	size_t	 alloc;
	size_t	 cap;	/* maximum len */
};

void		 buf_init(struct buf *, size_t cap);
void		 buf_free(struct buf *);
void		 buf_reset(struct buf *);	/* len = 0, keeps memory */
/* DDD_ERR_TOO_LARGE when the cap would be passed (buffer unchanged),
 * DDD_ERR_NOMEM when allocation fails. */
enum ddd_err	 buf_add(struct buf *, const void *, size_t);
enum ddd_err	 buf_addstr(struct buf *, const char *);
enum ddd_err	 buf_addc(struct buf *, char);
enum ddd_err	 buf_printf(struct buf *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
/* Hand over the memory (NUL-terminated); the buffer is empty after. */
char		*buf_take(struct buf *, size_t *len);

#endif
