/* Burgerservicenummer (BSN) and onderwijsnummer: the 11-proef, masking
 * for messages, and wiping memory that held one.
 *
 * Both numbers are exactly 9 digits.  With digits d1..d9 (d1 leftmost):
 *
 *	S = 9*d1 + 8*d2 + 7*d3 + 6*d4 + 5*d5 + 4*d6 + 3*d7 + 2*d8 - 1*d9
 *
 *  - BSN: S mod 11 == 0, and not 000000000.
 *  - Onderwijsnummer (DUO gives it to a student without a BSN): starts
 *    with "10" and S mod 11 == 5.  This is the rule python-stdnum and
 *    stdnum-js (nl.onderwijsnummer) implement after nl.wikipedia's
 *    "Onderwijsnummer"; e.g. 101222331 is valid.  Since 0 != 5 the two
 *    never overlap: a number is a BSN, an onderwijsnummer, or neither.
 *
 * Exactly 9 digits, nothing else: no spaces or dots, and no leading zero
 * put back for 8 digits.  A spreadsheet that dropped the zero of a
 * 0xxxxxxxx BSN is the usual cause of 8 digits, but so is a lost digit
 * of any BSN, and 1 in 11 of those would pass once padded; the caller
 * refuses 8 digits with a hint instead (see csv.c).  Without a BRP check
 * a number passing the 11-proef is only well-formed, not issued.
 *
 * A BSN is never logged, never shown whole: bsn_mask for messages. */
#ifndef DDD_BSN_H
#define DDD_BSN_H

#include <stddef.h>

enum bsn_kind {
	BSN_NONE = 0,		/* not valid (or absent) */
	BSN_BSN,		/* burgerservicenummer */
	BSN_ONDERWIJSNUMMER
};

enum bsn_result {
	BSN_OK = 0,
	BSN_ERR_LENGTH,		/* not exactly 9 bytes */
	BSN_ERR_DIGIT,		/* 9 bytes, not all of them 0-9 */
	BSN_ERR_ZERO,		/* 000000000 */
	BSN_ERR_CHECK		/* fails the 11-proef for both kinds */
};

/* Check s[0..len) (not necessarily NUL-terminated).  On BSN_OK *kind (if
 * not NULL) says which number it is; else it is BSN_NONE. */
enum bsn_result	 bsn_check(const char *s, size_t len, enum bsn_kind *kind);

/* "******123": six stars and the last 3 characters of bsn9 (a string of
 * at least 3 characters, normally the 9 digits); nine stars if shorter.
 * out is NUL-terminated. */
void		 bsn_mask(const char *bsn9, char out[10]);

/* Overwrite len bytes with zeros in a way the compiler may not drop as a
 * dead store (for memory about to be freed that held a BSN). */
void		 bsn_wipe(void *, size_t len);

#endif
