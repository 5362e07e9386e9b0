/* Growable arrays with a hard cap, as fcgi/buf.h is for bytes: each kind
 * of array says the most elements it may ever hold, so no document makes
 * one grow without bound.
 *
 * FO_ARRAY(name, type, cap) declares
 *
 *	struct name { type *v; size_t n, alloc; };	(all zero: empty)
 *	type *name_push(struct name *, enum ddd_err *);
 *
 * name_push appends one element, all zero, and returns it: NULL with
 * DDD_ERR_TOO_LARGE when the array holds cap elements already, or with
 * DDD_ERR_NOMEM; the array is unchanged then.  free(a.v) lets go of the
 * array (not of what its elements hold); a pointer into v holds until the
 * next push. */
#ifndef DDD_FO_ARRAY_H
#define DDD_FO_ARRAY_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

/* The first allocation, in elements. */
#define FO_ARRAY_FIRST	8

/* Room for element n of an array of alloc elements of size bytes, at
 * most cap of them: *na is the number to allocate (alloc when there is
 * room; else twice alloc, or FO_ARRAY_FIRST, never more than cap nor
 * than size_t can count in bytes).  DDD_ERR_TOO_LARGE when n is at the
 * cap (or at what size_t can count), *na then alloc. */
enum ddd_err	 fo_array_room(size_t n, size_t alloc, size_t size,
		    size_t cap, size_t *na);

#define FO_ARRAY(name, type, cap)					\
struct name {								\
	type		*v;						\
	size_t		 n, alloc;					\
};									\
									\
static inline type *							\
name##_push(struct name *a, enum ddd_err *e)				\
{									\
	type		*p;						\
	size_t		 na;						\
									\
	if ((*e = fo_array_room(a->n, a->alloc, sizeof(type), (cap),	\
	    &na)) != DDD_OK)						\
		return NULL;						\
	if (na != a->alloc) {						\
		if ((p = realloc(a->v, na * sizeof(type))) == NULL) {	\
			*e = DDD_ERR_NOMEM;				\
			return NULL;					\
		}							\
		a->v = p;						\
		a->alloc = na;						\
	}								\
	p = &a->v[a->n++];						\
	memset(p, 0, sizeof(*p));					\
	return p;							\
}

#endif
