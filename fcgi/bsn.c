#include <string.h>

#include "bsn.h"

enum bsn_result
bsn_check(const char *s, size_t len, enum bsn_kind *kind)
{
	long	 sum = 0;
	size_t	 i;
	int	 zero = 1, rem;

	if (kind != NULL)
		*kind = BSN_NONE;
	if (s == NULL || len != 9)
		return BSN_ERR_LENGTH;
	for (i = 0; i < 9; i++) {
		if (s[i] < '0' || s[i] > '9')
			return BSN_ERR_DIGIT;
		if (s[i] != '0')
			zero = 0;
		/* Weights 9, 8, ..., 2 and -1 for the last digit. */
		sum += (long)(s[i] - '0') * (i < 8 ? (long)(9 - i) : -1L);
	}
	if (zero)
		return BSN_ERR_ZERO;
	rem = (int)(((sum % 11) + 11) % 11);	/* sum may be negative */
	if (rem == 0) {
		if (kind != NULL)
			*kind = BSN_BSN;
		return BSN_OK;
	}
	if (rem == 5 && s[0] == '1' && s[1] == '0') {
		if (kind != NULL)
			*kind = BSN_ONDERWIJSNUMMER;
		return BSN_OK;
	}
	return BSN_ERR_CHECK;
}

void
bsn_mask(const char *bsn9, char out[10])
{
	size_t	 n;

	memcpy(out, "*********", 10);
	if (bsn9 == NULL || (n = strlen(bsn9)) < 3)
		return;
	memcpy(out + 6, bsn9 + n - 3, 3);
}

void
bsn_wipe(void *p, size_t len)
{
	volatile unsigned char	*v = p;

	while (len-- > 0)
		*v++ = 0;
}
