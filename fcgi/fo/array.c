/* The growth of the renderer's arrays (array.h). */
#include <stdint.h>

#include "array.h"

enum ddd_err
fo_array_room(size_t n, size_t alloc, size_t size, size_t cap, size_t *na)
{
	size_t	 most = size > 0 ? SIZE_MAX / size : SIZE_MAX;

	if (cap < most)
		most = cap;
	*na = alloc;
	if (n >= most)
		return DDD_ERR_TOO_LARGE;
	if (n < alloc)
		return DDD_OK;
	if (alloc == 0)
		*na = FO_ARRAY_FIRST;
	else
		*na = alloc > most / 2 ? most : alloc * 2;
	if (*na > most)
		*na = most;
	if (*na <= n)
		*na = n + 1;	/* n past alloc: not through a push */
	return DDD_OK;
}
