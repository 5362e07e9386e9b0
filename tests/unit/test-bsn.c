/* bsn_check (BSN and onderwijsnummer 11-proef), bsn_mask, bsn_wipe. */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bsn.h"
#include "tap.h"

static enum bsn_result	 check(const char *, enum bsn_kind *);
static int		 ref_sum(const char *);

static enum bsn_result
check(const char *s, enum bsn_kind *kind)
{
	return bsn_check(s, strlen(s), kind);
}

/* The weighted sum, written out differently from bsn.c: walk from the
 * right with weights -1, 2, 3, ..., 9. */
static int
ref_sum(const char *s)
{
	int	 i, sum = -(s[8] - '0');

	for (i = 7; i >= 0; i--)
		sum += (s[i] - '0') * (9 - i);
	return sum;
}

int
main(void)
{
	static const char *const bsns[] = {
		"111222333", "123456782", "100252333", "999999990",
		"010000008"
	};
	static const char *const bad[] = {
		"123456789", "111222334", "999999999", "101222332",
		"200000002"	/* remainder 5, but not starting with 10 */
	};
	enum bsn_kind	 kind;
	char		 s[10], m[10];
	unsigned char	 mem[32];
	uint32_t	 x = 12345;
	size_t		 i;
	int		 n, d9, valid, r, ref, want;
	int		 bothfail = 0, refdiff = 0, perprefix = 0;

	for (i = 0; i < sizeof(bsns) / sizeof(bsns[0]); i++) {
		kind = BSN_NONE;
		is_int(check(bsns[i], &kind), BSN_OK, "%s is a BSN", bsns[i]);
		is_int(kind, BSN_BSN, "%s: kind BSN", bsns[i]);
	}
	kind = BSN_BSN;
	is_int(check("101222331", &kind), BSN_OK,
	    "101222331 is an onderwijsnummer");
	is_int(kind, BSN_ONDERWIJSNUMMER, "kind onderwijsnummer");
	is_int(check("100000004", &kind), BSN_OK,
	    "100000004: 10..., remainder 5");
	is_int(kind, BSN_ONDERWIJSNUMMER, "kind onderwijsnummer");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		kind = BSN_BSN;
		is_int(check(bad[i], &kind), BSN_ERR_CHECK, "%s fails the "
		    "11-proef", bad[i]);
		is_int(kind, BSN_NONE, "%s: kind none", bad[i]);
	}
	is_int(check("000000000", &kind), BSN_ERR_ZERO, "all zeros refused");
	is_int(check("12345678", &kind), BSN_ERR_LENGTH,
	    "8 digits refused (no leading zero restored)");
	is_int(check("10000008", &kind), BSN_ERR_LENGTH,
	    "8 digits refused even when 0+them would pass");
	is_int(check("1112223330", &kind), BSN_ERR_LENGTH, "10 digits");
	is_int(check("", &kind), BSN_ERR_LENGTH, "empty");
	is_int(bsn_check(NULL, 9, &kind), BSN_ERR_LENGTH, "NULL");
	is_int(check("11122233X", &kind), BSN_ERR_DIGIT, "letter");
	is_int(check("111 22233", &kind), BSN_ERR_DIGIT, "space");
	is_int(check("-11222333", &kind), BSN_ERR_DIGIT, "sign");
	is_int(check("11122233\xd9", &kind), BSN_ERR_DIGIT, "high byte");
	is_int(bsn_check("111222333trailing", 9, NULL), BSN_OK,
	    "length counts, not NUL; kind may be NULL");
	is_int(bsn_check("111222333", 10, NULL), BSN_ERR_LENGTH,
	    "the NUL is not a digit");

	/* Pseudo-random 8-digit prefixes: against the reference sum, at
	 * most one last digit makes a BSN, and no number is both kinds. */
	for (n = 0; n < 20000; n++) {
		x = x * 1103515245u + 12345u;
		snprintf(s, sizeof(s), "%08u", (unsigned)((x >> 4) %
		    100000000u));
		if (n % 3 == 0) {
			s[0] = '1';
			s[1] = '0';
		}
		valid = 0;
		for (d9 = 0; d9 <= 9; d9++) {
			s[8] = (char)('0' + d9);
			s[9] = '\0';
			r = check(s, &kind);
			ref = ((ref_sum(s) % 11) + 11) % 11;
			want = strcmp(s, "000000000") == 0 ? -1 :
			    ref == 0 ? BSN_BSN : (ref == 5 && s[0] == '1' &&
			    s[1] == '0') ? BSN_ONDERWIJSNUMMER : BSN_NONE;
			if ((want == -1 && r != BSN_ERR_ZERO) ||
			    (want >= 0 && (int)kind != want) ||
			    (want > 0) != (r == BSN_OK))
				refdiff++;
			if (kind == BSN_BSN)
				valid++;
			if (kind == BSN_BSN && ref == 5)
				bothfail++;
		}
		if (valid > 1)
			perprefix++;
	}
	is_int(refdiff, 0, "20000 prefixes x 10 agree with the reference");
	is_int(perprefix, 0, "at most one check digit per prefix");
	is_int(bothfail, 0, "never both kinds");

	bsn_mask("123456782", m);
	is_str(m, "******782", "mask keeps the last 3");
	bsn_mask("101222331", m);
	is_str(m, "******331", "onderwijsnummer masked the same way");
	bsn_mask("12", m);
	is_str(m, "*********", "too short: all stars");
	bsn_mask(NULL, m);
	is_str(m, "*********", "NULL: all stars");
	is_int(strlen(m), 9, "always 9 characters");

	memset(mem, 'x', sizeof(mem));
	bsn_wipe(mem + 1, 9);
	ok(mem[0] == 'x' && mem[10] == 'x', "wipe stays in bounds");
	for (n = 1, i = 1; i < 10; i++)
		if (mem[i] != 0)
			n = 0;
	ok(n, "wipe zeroes");
	bsn_wipe(NULL, 0);
	ok(1, "wipe of nothing");
	return done_testing();
}
