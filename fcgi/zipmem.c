/* zipmem_build: entries from memory into one zip, with libzip.  Nothing
 * here is shared between calls: every call has its own archive and
 * sources. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <zip.h>

#include "log.h"
#include "zipmem.h"

/* Every entry gets 1980-01-01 00:00, the first DOS date, set as DOS date
 * and time directly: zip_file_set_mtime() would go through localtime()
 * and make the bytes depend on TZ. */
#define ZIP_DOSTIME	0x0000
#define ZIP_DOSDATE	((0 << 9) | (1 << 5) | 1)
#define ZIP_LEVEL	6	/* zlib's default deflate level */

static enum ddd_err
zip_fail(const char *step, zip_error_t *ze)
{
	enum ddd_err	 result;

	result = zip_error_code_zip(ze) == ZIP_ER_MEMORY ?
	    DDD_ERR_NOMEM : DDD_ERR_INTERNAL;
	log_error("zip_build", "step=%s msg=\"%s\"", step,
	    zip_error_strerror(ze));
	return result;
}

/* Add one entry from memory that stays valid until zip_close(). */
static enum ddd_err
add_part(zip_t *za, const char *name, const void *data, size_t len,
    int store)
{
	zip_source_t	*src;
	zip_int64_t	 idx;

	if ((src = zip_source_buffer(za, data, len, 0)) == NULL)
		return zip_fail("source", zip_get_error(za));
	if ((idx = zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8)) < 0) {
		zip_source_free(src);
		return zip_fail("add", zip_get_error(za));
	}
	if (zip_set_file_compression(za, (zip_uint64_t)idx, store ?
	    ZIP_CM_STORE : ZIP_CM_DEFLATE, store ? 0 : ZIP_LEVEL) != 0)
		return zip_fail("compression", zip_get_error(za));
	if (zip_file_set_dostime(za, (zip_uint64_t)idx, ZIP_DOSTIME,
	    ZIP_DOSDATE, 0) != 0)
		return zip_fail("dostime", zip_get_error(za));
	return DDD_OK;
}

enum ddd_err
zipmem_build(const struct zip_entry *e, size_t n, struct buf *out)
{
	zip_error_t	 ze;
	zip_source_t	*mem = NULL;
	zip_t		*za = NULL;
	zip_stat_t	 st;
	zip_int64_t	 got;
	zip_uint64_t	 left;
	char		 chunk[16384];
	size_t		 i, start = out->len;
	int		 opened = 0;
	enum ddd_err	 result = DDD_ERR_INTERNAL;

	zip_error_init(&ze);
	if ((mem = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL) {
		result = zip_fail("buffer", &ze);
		goto err;
	}
	if ((za = zip_open_from_source(mem, ZIP_TRUNCATE, &ze)) == NULL) {
		result = zip_fail("open", &ze);
		goto err;
	}
	zip_source_keep(mem);	/* ours to read after zip_close() */
	for (i = 0; i < n; i++)
		if ((result = add_part(za, e[i].name, e[i].data, e[i].len,
		    e[i].store)) != DDD_OK)
			goto err;
	result = DDD_ERR_INTERNAL;
	if (zip_close(za) != 0) {
		result = zip_fail("close", zip_get_error(za));
		goto err;
	}
	za = NULL;

	zip_stat_init(&st);
	if (zip_source_stat(mem, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
		result = zip_fail("stat", zip_source_error(mem));
		goto err;
	}
	if (st.size > out->cap - out->len) {
		log_error("zip_build", "msg=\"too large\" size=%llu cap=%zu",
		    (unsigned long long)st.size, out->cap);
		result = DDD_ERR_TOO_LARGE;
		goto err;
	}
	if (zip_source_open(mem) != 0) {
		result = zip_fail("read_open", zip_source_error(mem));
		goto err;
	}
	opened = 1;
	for (left = st.size; left > 0; left -= (zip_uint64_t)got) {
		got = zip_source_read(mem, chunk, left < sizeof(chunk) ?
		    left : sizeof(chunk));
		if (got <= 0) {
			result = got < 0 ? zip_fail("read",
			    zip_source_error(mem)) : DDD_ERR_INTERNAL;
			if (got == 0)
				log_error("zip_build", "msg=\"short read\"");
			goto err;
		}
		if ((result = buf_add(out, chunk, (size_t)got)) != DDD_OK)
			goto err;
	}
	zip_source_close(mem);
	zip_source_free(mem);
	zip_error_fini(&ze);
	return DDD_OK;

err:
	if (opened)
		zip_source_close(mem);
	if (za != NULL) {
		zip_discard(za);	/* drops the archive's reference */
		za = NULL;
	}
	if (mem != NULL)
		zip_source_free(mem);
	zip_error_fini(&ze);
	out->len = start;
	if (out->ptr != NULL)
		out->ptr[start] = '\0';
	return result;
}
