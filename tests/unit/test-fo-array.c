/* The FO renderer's growable arrays with a hard cap (fcgi/fo/array.h):
 * growth, the cap, sizes size_t cannot count, the empty array. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fo/array.h"
#include "tap.h"

struct pair {
	long	 num;
	char	 name[24];
};

FO_ARRAY(pairs, struct pair, 100)
FO_ARRAY(nothing, int, 0)
FO_ARRAY(huge, char, SIZE_MAX)

int
main(void)
{
	struct pairs	 a;
	struct nothing	 z;
	struct huge	 h;
	struct pair	*p;
	enum ddd_err	 e;
	size_t		 i, na, grew = 0, last;
	int		 same = 1, zero = 1;

	/* Growth: from FO_ARRAY_FIRST, doubling; each new element zero,
	 * the earlier ones kept. */
	memset(&a, 0, sizeof(a));
	p = pairs_push(&a, &e);
	ok(p != NULL && e == DDD_OK && a.n == 1 && a.v == p,
	    "push onto an empty array");
	is_int(a.alloc, FO_ARRAY_FIRST, "first allocation FO_ARRAY_FIRST");
	p->num = 0;
	snprintf(p->name, sizeof(p->name), "p0");
	last = a.alloc;
	for (i = 1; i < 100; i++) {
		if ((p = pairs_push(&a, &e)) == NULL)
			break;
		zero &= p->num == 0 && p->name[0] == '\0';
		p->num = (long)i;
		snprintf(p->name, sizeof(p->name), "p%zu", i);
		if (a.alloc != last) {
			grew++;
			ok(a.alloc == (last * 2 < 100 ? last * 2 : 100),
			    "grows from %zu to %zu", last, a.alloc);
			last = a.alloc;
		}
	}
	is_int(a.n, 100, "100 pushes");
	ok(zero, "each pushed element is all zero");
	is_int(grew, 4, "grew 4 times: 8, 16, 32, 64, 100");
	is_int(a.alloc, 100, "the last growth stops at the cap");
	for (i = 0; i < a.n; i++) {
		char want[24];
		snprintf(want, sizeof(want), "p%zu", i);
		same &= a.v[i].num == (long)i && strcmp(a.v[i].name, want) == 0;
	}
	ok(same, "every element kept through the growth");

	/* The cap: refused, the array unchanged. */
	{
		struct pair *v = a.v;
		p = pairs_push(&a, &e);
		ok(p == NULL, "push at the cap refused");
		is_int(e, DDD_ERR_TOO_LARGE, "with DDD_ERR_TOO_LARGE");
		ok(a.n == 100 && a.alloc == 100 && a.v == v &&
		    a.v[99].num == 99, "array unchanged by the refused push");
		p = pairs_push(&a, &e);
		ok(p == NULL && e == DDD_ERR_TOO_LARGE && a.n == 100,
		    "refused again");
	}
	free(a.v);

	/* The growth itself. */
	is_int(fo_array_room(3, 8, 4, 100, &na), DDD_OK, "room within alloc");
	is_int(na, 8, "no new allocation while there is room");
	is_int(fo_array_room(8, 8, 4, 100, &na), DDD_OK, "room when full");
	is_int(na, 16, "twice alloc");
	is_int(fo_array_room(64, 64, 4, 100, &na), DDD_OK, "room near the cap");
	is_int(na, 100, "no more than the cap");
	is_int(fo_array_room(0, 0, 4, 3, &na), DDD_OK, "cap below the first");
	is_int(na, 3, "first allocation no more than the cap");
	is_int(fo_array_room(100, 100, 4, 100, &na), DDD_ERR_TOO_LARGE,
	    "no room at the cap");
	is_int(na, 100, "alloc as it was");
	is_int(fo_array_room(5, 2, 4, 100, &na), DDD_OK,
	    "n past alloc (not through a push)");
	ok(na > 5, "room for element n even then (%zu)", na);

	/* Overflow: never more bytes than size_t counts. */
	is_int(fo_array_room(1, 1, SIZE_MAX / 2, SIZE_MAX, &na), DDD_OK,
	    "two elements of SIZE_MAX / 2 bytes fit");
	is_int(na, 2, "two, not more");
	is_int(fo_array_room(2, 2, SIZE_MAX / 2, SIZE_MAX, &na),
	    DDD_ERR_TOO_LARGE, "a third would overflow: refused");
	is_int(fo_array_room(0, 0, SIZE_MAX, SIZE_MAX, &na), DDD_OK,
	    "one element of SIZE_MAX bytes is counted");
	is_int(na, 1, "one");
	is_int(fo_array_room(1, 1, SIZE_MAX, SIZE_MAX, &na), DDD_ERR_TOO_LARGE,
	    "a second is refused");
	is_int(fo_array_room(SIZE_MAX / 2 + 1, SIZE_MAX / 2 + 1, 1, SIZE_MAX,
	    &na), DDD_OK, "doubling past SIZE_MAX: room");
	ok(na == SIZE_MAX, "stops at SIZE_MAX elements of one byte");
	memset(&h, 0, sizeof(h));
	ok(huge_push(&h, &e) != NULL && h.n == 1, "a cap of SIZE_MAX works");
	free(h.v);

	/* Zero length: an empty array, and a cap of 0. */
	memset(&z, 0, sizeof(z));
	ok(z.v == NULL && z.n == 0 && z.alloc == 0, "all zero is empty");
	ok(nothing_push(&z, &e) == NULL && e == DDD_ERR_TOO_LARGE,
	    "a cap of 0 holds nothing");
	ok(z.v == NULL && z.n == 0 && z.alloc == 0, "and allocates nothing");
	free(z.v);
	ok(1, "free of an empty array");

	return done_testing();
}
