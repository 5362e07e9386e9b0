#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

void
buf_init(struct buf *b, size_t cap)
{
	b->ptr = NULL;
	b->len = b->alloc = 0;
	b->cap = cap;
}

void
buf_free(struct buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->alloc = 0;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->ptr != NULL)
		b->ptr[0] = '\0';
}

static enum ddd_err
buf_reserve(struct buf *b, size_t more)
{
	size_t	 need, n;
	char	*p;

	if (more > b->cap || b->len > b->cap - more)
		return DDD_ERR_TOO_LARGE;
	need = b->len + more + 1;
	if (need <= b->alloc)
		return DDD_OK;
	n = b->alloc ? b->alloc : 256;
	while (n < need)
		n = n > ((size_t)-1) / 2 ? need : n * 2;
	if (n - 1 > b->cap)
		n = b->cap + 1;	/* need <= cap + 1 already holds */
	if ((p = realloc(b->ptr, n)) == NULL)
		return DDD_ERR_NOMEM;
	b->ptr = p;
	b->alloc = n;
	return DDD_OK;
}

enum ddd_err
buf_add(struct buf *b, const void *data, size_t len)
{
	enum ddd_err	 result;

	if ((result = buf_reserve(b, len)) != DDD_OK)
		return result;
	if (len > 0)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return DDD_OK;
}

enum ddd_err
buf_addstr(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

enum ddd_err
buf_addc(struct buf *b, char c)
{
	return buf_add(b, &c, 1);
}

enum ddd_err
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list		 ap;
	int		 n;
	enum ddd_err	 result;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return DDD_ERR_INTERNAL;
	if ((result = buf_reserve(b, (size_t)n)) != DDD_OK)
		return result;
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return DDD_OK;
}

char *
buf_take(struct buf *b, size_t *len)
{
	char	*p;

	if (b->ptr == NULL) {
		if (buf_reserve(b, 0) != DDD_OK)
			return NULL;
		b->ptr[0] = '\0';
	}
	p = b->ptr;
	if (len != NULL)
		*len = b->len;
	b->ptr = NULL;
	b->len = b->alloc = 0;
	return p;
}
