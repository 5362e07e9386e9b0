/* utf8_valid, and that urlencoded values are held to it after decoding. */

#include <stdint.h>
#include <string.h>

#include "req.h"
#include "tap.h"
#include "../fuzz/ref_utf8.h"

static int	 valid(const char *);
static int	 form_ok(const char *);

static int
valid(const char *s)
{
	return utf8_valid(s, strlen(s));
}

static int
form_ok(const char *q)
{
	struct kvlist	 l;
	enum ddd_err	 e;

	kvlist_init(&l);
	e = req_parse_urlencoded(q, strlen(q), REQ_MAX_QUERY, &l);
	kvlist_free(&l);
	return e == DDD_OK;
}

int
main(void)
{
	unsigned char	 b[4];
	unsigned int	 i, j, k, bad;

	/* Valid. */
	ok(utf8_valid("", 0), "empty string is valid");
	ok(utf8_valid(NULL, 0), "NULL with length 0 is valid");
	ok(valid("plain ASCII ~\x7f"), "ASCII is valid");
	ok(utf8_valid("a\0b", 3), "U+0000 is valid UTF-8 (caller checks)");
	ok(valid("\xc2\x80"), "U+0080, smallest 2-byte");
	ok(valid("\xc3\xa9"), "U+00E9 e-acute");
	ok(valid("\xdf\xbf"), "U+07FF, largest 2-byte");
	ok(valid("\xe0\xa0\x80"), "U+0800, smallest 3-byte");
	ok(valid("\xe2\x82\xac"), "U+20AC euro sign");
	ok(valid("\xed\x9f\xbf"), "U+D7FF, just below surrogates");
	ok(valid("\xee\x80\x80"), "U+E000, just above surrogates");
	ok(valid("\xef\xbf\xbf"), "U+FFFF");
	ok(valid("\xf0\x90\x80\x80"), "U+10000, smallest 4-byte");
	ok(valid("\xf0\x9d\x84\x9e"), "U+1D11E musical G clef");
	ok(valid("\xf4\x8f\xbf\xbf"), "U+10FFFF, the largest");
	ok(valid("Ge\xc3\xabxamineerd: \xe2\x82\xac 5 \xf0\x9f\x8e\x93"),
	    "mixed text");

	/* Invalid. */
	ok(!valid("\x80"), "lone continuation byte");
	ok(!valid("a\xbf"), "continuation byte after ASCII");
	ok(!utf8_valid("\xc0\x80", 2), "overlong NUL C0 80");
	ok(!valid("\xc0\xaf"), "overlong '/' C0 AF");
	ok(!valid("\xc1\xbf"), "overlong C1 BF");
	ok(!valid("\xe0\x80\x80"), "overlong 3-byte E0 80 80");
	ok(!valid("\xe0\x9f\xbf"), "overlong 3-byte E0 9F BF");
	ok(!valid("\xf0\x80\x80\x80"), "overlong 4-byte F0 80 80 80");
	ok(!valid("\xf0\x8f\xbf\xbf"), "overlong 4-byte F0 8F BF BF");
	ok(!valid("\xed\xa0\x80"), "surrogate U+D800");
	ok(!valid("\xed\xbf\xbf"), "surrogate U+DFFF");
	ok(!valid("\xed\xa0\xbd\xed\xb8\x80"), "CESU-8 surrogate pair");
	ok(!valid("\xf4\x90\x80\x80"), "U+110000");
	ok(!valid("\xf5\x80\x80\x80"), "lead byte F5");
	ok(!valid("\xf7\xbf\xbf\xbf"), "lead byte F7");
	ok(!valid("\xf8\x88\x80\x80\x80"), "5-byte form");
	ok(!valid("\xfe"), "byte FE");
	ok(!valid("\xff"), "byte FF");
	ok(!valid("\xc3"), "truncated 2-byte at end");
	ok(!valid("\xe2\x82"), "truncated 3-byte at end");
	ok(!valid("\xf0\x9d\x84"), "truncated 4-byte at end");
	ok(!valid("\xc3" "A"), "2-byte lead followed by ASCII");
	ok(!valid("\xe2\x28\xa1"), "bad second byte of 3-byte");
	ok(!valid("\xe2\x82\x28"), "bad third byte of 3-byte");
	ok(!valid("\xf0\x9d\x84\x28"), "bad fourth byte of 4-byte");
	ok(!valid("\xc3\xa9\xa9"), "extra continuation byte");
	ok(!utf8_valid("\xc3\xa9", 1), "length cuts a sequence: invalid");
	ok(utf8_valid("ab\xff", 2), "bytes past length not read");

	/* Exhaustive agreement with the reference decoder: every 1- and
	 * 2-byte string, every 3-byte string, and every 4-byte string
	 * starting F0..F4 with the last byte 80, BF or 41. */
	bad = 0;
	for (i = 0; i < 256; i++) {
		b[0] = (unsigned char)i;
		bad += utf8_valid((char *)b, 1) != ref_utf8_valid(b, 1);
		for (j = 0; j < 256; j++) {
			b[1] = (unsigned char)j;
			bad += utf8_valid((char *)b, 2) !=
			    ref_utf8_valid(b, 2);
			for (k = 0; k < 256; k++) {
				b[2] = (unsigned char)k;
				bad += utf8_valid((char *)b, 3) !=
				    ref_utf8_valid(b, 3);
			}
		}
	}
	is_int(bad, 0, "all 1-, 2- and 3-byte strings agree with reference");
	bad = 0;
	for (i = 0xf0; i <= 0xf4; i++)
		for (j = 0; j < 256; j++)
			for (k = 0; k < 256; k++) {
				b[0] = (unsigned char)i;
				b[1] = (unsigned char)j;
				b[2] = (unsigned char)k;
				b[3] = 0x80;
				bad += utf8_valid((char *)b, 4) !=
				    ref_utf8_valid(b, 4);
				b[3] = 0xbf;
				bad += utf8_valid((char *)b, 4) !=
				    ref_utf8_valid(b, 4);
				b[3] = 0x41;
				bad += utf8_valid((char *)b, 4) !=
				    ref_utf8_valid(b, 4);
			}
	is_int(bad, 0, "4-byte strings agree with reference");

	/* Through the form parser: checked after %-decoding. */
	ok(form_ok("t=%C3%A9"), "escaped valid UTF-8 value accepted");
	ok(form_ok("t=%F4%8F%BF%BF"), "escaped U+10FFFF accepted");
	ok(!form_ok("t=%C0%80"), "escaped overlong NUL rejected");
	ok(!form_ok("t=%E0%9F%BF"), "escaped overlong 3-byte rejected");
	ok(!form_ok("t=%ED%B0%80"), "escaped surrogate rejected");
	ok(!form_ok("t=%F4%90%80%80"), "escaped U+110000 rejected");
	ok(!form_ok("t=%C3"), "escaped truncated sequence rejected");
	ok(!form_ok("t=%C3&u=%A9"), "sequence split across pairs rejected");
	ok(!form_ok("t=%C3+%A9"), "sequence broken by '+' rejected");

	/* utf8_scrub: what a byte limit ("%.3s") leaves of a character. */
	{
		char	 cut[64];
		snprintf(cut, sizeof(cut), "klas '%.3s' x", "\xc3\xa9\xc3\xa9");
		is_int((long)utf8_scrub(cut), 11, "a cut 2-byte character dropped");
		ok(strcmp(cut, "klas '\xc3\xa9' x") == 0, "the whole one kept");
		snprintf(cut, sizeof(cut), "%.5s|", "\xe7\x8e\x8b\xe7\x8e\x8b");
		(void)utf8_scrub(cut);
		ok(strcmp(cut, "\xe7\x8e\x8b|") == 0, "a cut 3-byte character dropped");
		strcpy(cut, "a\xff\xc0\x80" "b\xf0\x9f\x98\x80");
		(void)utf8_scrub(cut);
		ok(strcmp(cut, "ab\xf0\x9f\x98\x80") == 0,
		    "stray and overlong bytes dropped, an emoji kept");
		ok(utf8_scrub(cut) == strlen(cut) && utf8_valid(cut, strlen(cut)),
		    "valid afterwards, and unchanged a second time");
	}
	return done_testing();
}
