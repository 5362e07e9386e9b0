/* buf: growable byte buffer with a hard cap. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "tap.h"

int
main(void)
{
	struct buf	 b;
	char		*p, big[1000];
	size_t		 len, i, alloc;
	enum ddd_err	 e;

	/* Adding within and up to the cap. */
	buf_init(&b, 10);
	ok(b.ptr == NULL && b.len == 0 && b.cap == 10, "buf_init");
	is_int(buf_addstr(&b, "hello"), DDD_OK, "add within cap");
	is_str(b.ptr, "hello", "content NUL-terminated");
	is_int(buf_addc(&b, ' '), DDD_OK, "addc within cap");
	is_int(buf_add(&b, "wor", 3), DDD_OK, "add raw bytes");
	is_int(buf_add(&b, "ld!!", 1), DDD_OK, "add exactly up to the cap");
	is_int(b.len, 10, "len is the cap");
	is_str(b.ptr, "hello worl", "content at cap");
	ok(b.alloc <= b.cap + 1, "allocation never exceeds cap + 1");

	/* Past the cap: refused, buffer unchanged. */
	e = buf_addc(&b, 'd');
	is_int(e, DDD_ERR_TOO_LARGE, "addc past cap is DDD_ERR_TOO_LARGE");
	ok(b.len == 10 && strcmp(b.ptr, "hello worl") == 0,
	    "buffer unchanged after refused addc");
	is_int(buf_addstr(&b, "xyz"), DDD_ERR_TOO_LARGE,
	    "addstr past cap refused");
	is_int(buf_add(&b, "x", SIZE_MAX), DDD_ERR_TOO_LARGE,
	    "SIZE_MAX length refused without overflow");
	is_int(buf_add(&b, "", 0), DDD_OK, "adding nothing at cap is fine");
	is_str(b.ptr, "hello worl", "still unchanged");
	is_int(buf_printf(&b, "%d", 7), DDD_ERR_TOO_LARGE,
	    "printf past cap is DDD_ERR_TOO_LARGE");
	ok(b.len == 10 && strcmp(b.ptr, "hello worl") == 0,
	    "buffer unchanged after refused printf");

	/* A refused add in the middle leaves the earlier content. */
	buf_reset(&b);
	ok(b.len == 0 && b.ptr != NULL && b.ptr[0] == '\0',
	    "reset empties, keeps memory");
	buf_addstr(&b, "abc");
	is_int(buf_add(&b, "12345678", 8), DDD_ERR_TOO_LARGE,
	    "add that would pass the cap by one refused");
	ok(b.len == 3 && strcmp(b.ptr, "abc") == 0,
	    "partial add did not happen");
	buf_free(&b);
	ok(b.ptr == NULL && b.len == 0, "buf_free");

	/* printf. */
	buf_init(&b, 64);
	is_int(buf_printf(&b, "%s=%d;", "n", 42), DDD_OK, "printf");
	is_int(buf_printf(&b, "%05.1f|%c", 3.14159, 'z'), DDD_OK,
	    "printf appends");
	is_str(b.ptr, "n=42;003.1|z", "printf output");
	is_int(b.len, 12, "printf len");
	is_int(buf_printf(&b, "%s", ""), DDD_OK, "empty printf");
	is_int(b.len, 12, "empty printf adds nothing");
	buf_free(&b);
	buf_init(&b, 5);
	is_int(buf_printf(&b, "%d", 12345), DDD_OK, "printf exactly to cap");
	is_str(b.ptr, "12345", "printf at cap not truncated");
	is_int(buf_printf(&b, "%s", "x"), DDD_ERR_TOO_LARGE,
	    "printf one past cap refused");
	buf_reset(&b);
	is_int(buf_printf(&b, "%d", 123456), DDD_ERR_TOO_LARGE,
	    "printf never truncates");
	ok(b.len == 0 && b.ptr[0] == '\0', "nothing written when refused");
	buf_free(&b);

	/* take. */
	buf_init(&b, 100);
	buf_addstr(&b, "taken");
	len = 0;
	p = buf_take(&b, &len);
	ok(p != NULL && len == 5 && strcmp(p, "taken") == 0,
	    "take returns the NUL-terminated content and its length");
	ok(b.ptr == NULL && b.len == 0 && b.alloc == 0,
	    "buffer empty after take");
	is_int(buf_addstr(&b, "again"), DDD_OK, "buffer reusable after take");
	ok(b.ptr != p && strcmp(p, "taken") == 0,
	    "taken memory is the caller's, untouched by reuse");
	free(p);
	free(buf_take(&b, NULL));
	len = 99;
	p = buf_take(&b, &len);
	ok(p != NULL && len == 0 && p[0] == '\0',
	    "take of an empty buffer gives \"\", not NULL");
	free(p);
	buf_free(&b);

	buf_init(&b, 0);
	is_int(buf_addc(&b, 'x'), DDD_ERR_TOO_LARGE, "cap 0 refuses a byte");
	p = buf_take(&b, &len);
	ok(p != NULL && len == 0 && p[0] == '\0', "cap 0 take gives \"\"");
	free(p);

	/* Growth across reallocations keeps content. */
	memset(big, 'q', sizeof(big));
	buf_init(&b, 5000);
	for (i = 0; i < 5; i++)
		if (buf_add(&b, big, sizeof(big)) != DDD_OK)
			break;
	is_int(i, 5, "five 1000-byte adds fill a 5000 cap");
	for (i = 0; i < b.len; i++)
		if (b.ptr[i] != 'q')
			break;
	ok(i == 5000 && b.ptr[5000] == '\0', "content intact after growth");
	alloc = b.alloc;
	is_int(buf_add(&b, big, 1), DDD_ERR_TOO_LARGE, "full buffer refuses");
	ok(b.alloc == alloc && b.len == 5000, "refusal does not reallocate");
	ok(b.alloc <= b.cap + 1, "allocation clamped to cap + 1");
	buf_free(&b);
	return done_testing();
}
