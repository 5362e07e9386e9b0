/* Reference UTF-8 decoder for the fuzz harnesses and unit tests: an
 * oracle that shares no code with fcgi/req.c.  It decodes by the lead
 * byte's bit pattern, then refuses non-shortest forms, surrogates and
 * anything past U+10FFFF.  Policies on top (controls, file names) are
 * left to the caller, which sees each code point. */

#ifndef REF_UTF8_H
#define REF_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode the code point at s[*i] (with *i < len) into *cp and advance
 * *i past it: 1.  Invalid or cut short by len: 0, *i and *cp unset. */
static inline int
ref_utf8_next(const unsigned char *s, size_t len, size_t *i, uint32_t *cp)
{
	size_t		 n, k, at = *i;
	uint32_t	 c, min;

	if ((s[at] & 0x80) == 0) {
		n = 0;
		c = s[at];
		min = 0;
	} else if ((s[at] & 0xe0) == 0xc0) {
		n = 1;
		c = s[at] & 0x1f;
		min = 0x80;
	} else if ((s[at] & 0xf0) == 0xe0) {
		n = 2;
		c = s[at] & 0x0f;
		min = 0x800;
	} else if ((s[at] & 0xf8) == 0xf0) {
		n = 3;
		c = s[at] & 0x07;
		min = 0x10000;
	} else
		return 0;
	if (len - at - 1 < n)
		return 0;
	for (k = 1; k <= n; k++) {
		if ((s[at + k] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[at + k] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*i = at + n + 1;
	*cp = c;
	return 1;
}

/* The len bytes at s are well-formed UTF-8 (U+0000 included). */
static inline int
ref_utf8_valid(const unsigned char *s, size_t len)
{
	size_t		 i = 0;
	uint32_t	 cp;

	while (i < len)
		if (!ref_utf8_next(s, len, &i, &cp))
			return 0;
	return 1;
}

#endif /* REF_UTF8_H */
