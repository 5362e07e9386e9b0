/* libFuzzer harness for the native XSL-FO renderer (fcgi/fo/), fed FO
 * documents: whatever the bytes, fo_render returns one of its errors or a
 * whole PDF, keeps to its page limit, fails (not strict) only at its time
 * limit, and its warnings are lines of text.
 * Small limits keep each run short.  Also linked with replay.c. */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fo.h"
#include "fuzz.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct fo_limits lim = { 12, 5.0, 256 * 1024, 64 * 1024 * 1024 };
	struct buf	 pdf, warnings;
	enum ddd_err	 e;
	size_t		 i;

	buf_init(&pdf, 64 * 1024 * 1024);
	buf_init(&warnings, 1024 * 1024);
	e = fo_render((const char *)data, len, &lim, (len & 1) != 0, &pdf,
	    &warnings);
	CHECK(e == DDD_OK || e == DDD_ERR_BAD_REQUEST ||
	    e == DDD_ERR_TOO_LARGE || e == DDD_ERR_RENDER ||
	    e == DDD_ERR_NOMEM);
	if (e == DDD_OK) {
		CHECK(pdf.len > 16 && memcmp(pdf.ptr, "%PDF-", 5) == 0);
		/* No more pages than the limit: count /Type /Page objects. */
		{
			size_t pages = 0;
			const char *p = pdf.ptr;
			while ((p = memmem(p, pdf.len - (size_t)(p - pdf.ptr),
			    "/Type /Page\n", 12)) != NULL) {
				pages++;
				p += 12;
			}
			CHECK(pages <= (size_t)lim.max_pages);
		}
	} else
		CHECK(pdf.len == 0 || e == DDD_ERR_RENDER);
	/* Not strict, a render fails only at the time limit: never because
	 * cairo went into an error state (a document's values reaching its
	 * tag attributes, as quoted links once did). */
	if (e == DDD_ERR_RENDER && (len & 1) == 0)
		CHECK(warnings.len > 0 && memmem(warnings.ptr, warnings.len,
		    "time limit", 10) != NULL);
	for (i = 0; i < warnings.len; i++)
		CHECK(warnings.ptr[i] != '\0');
	CHECK(warnings.len == 0 || warnings.ptr[warnings.len - 1] == '\n');
	buf_free(&pdf);
	buf_free(&warnings);
	return 0;
}
