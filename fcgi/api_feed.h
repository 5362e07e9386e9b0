/* Each college's feed of finished dossiers for the API (docs/api.md,
 * schema/sql/0026_api.sql): a dossier enters it when it is afgerond for
 * the college, and moves to its end when something the college reads of
 * it changes (the intake status).  The position is a number per college
 * handed out inside the transaction of the change, one transaction at a
 * time (the counter's row is locked until commit), so a client that has
 * read up to a number never later finds a smaller one appear.  What the
 * college may see of a listed dossier is still dossier_get's to decide.
 * No HTTP here. */
#ifndef DDD_API_FEED_H
#define DDD_API_FEED_H

#include <stddef.h>

#include "db.h"

/* The longest cursor api_cursor_encode writes, and its NUL. */
#define API_CURSOR_SIZE		40

struct api_feed_item {
	long long		 dossier_id;
	unsigned long long	 seq;
};

/* Inside the caller's transaction: put dossier_id at the end of college
 * college_id's feed. */
enum ddd_err	api_feed_touch(struct db *, long long college_id,
		    long long dossier_id);
/* Up to max items of college_id's feed after position since, in order. */
enum ddd_err	api_feed_after(struct db *, long long college_id,
		    unsigned long long since, size_t max,
		    struct api_feed_item *out, size_t *n);

/* A position as the opaque cursor the API hands out, and back: -1 for
 * anything that is not one of ours ("" is the start, 0). */
void		api_cursor_encode(unsigned long long seq,
		    char out[API_CURSOR_SIZE]);
int		api_cursor_decode(const char *, unsigned long long *seq);

#endif
