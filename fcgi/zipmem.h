/* A zip archive built in memory with libzip (1.7.3 on Debian 12), for the
 * .docx of account data and the MBO's bundle of dossiers.  Same entries,
 * same bytes: entries keep their order and get a fixed DOS timestamp. */
#ifndef DDD_ZIPMEM_H
#define DDD_ZIPMEM_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

struct zip_entry {
	const char	*name;		/* UTF-8 path in the archive */
	const void	*data;		/* valid until zipmem_build returns */
	size_t		 len;
	int		 store;		/* 1: no deflate (a PDF, a zip) */
};

/* Append the archive to out.  DDD_ERR_TOO_LARGE when it would pass out's
 * cap, DDD_ERR_NOMEM, DDD_ERR_INTERNAL for a libzip failure (logged).  On
 * error out is as it was. */
enum ddd_err	zipmem_build(const struct zip_entry *, size_t n,
		    struct buf *out);

#endif
