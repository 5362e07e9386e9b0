/* The xo_* helpers drop every bidi control (U+202A-202E, U+2066-2069,
 * U+200E, U+200F, U+061C) from text and attribute values, keep every
 * other character (Arabic, Hebrew, accents, other format characters)
 * as it is, and xo_strip_bidi does the same in place. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "xmlout.h"
#include "tap.h"

static const char *const controls[] = {
	"\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
	"\u2066", "\u2067", "\u2068", "\u2069",
	"\u200e", "\u200f", "\xd8\x9c" /* U+061C */
};
#define NCONTROLS	(sizeof(controls) / sizeof(controls[0]))

/* The text content of n, in a static buffer. */
static const char *
content(xmlNodePtr n)
{
	static char	 out[512];
	xmlChar		*c = xmlNodeGetContent(n);

	snprintf(out, sizeof(out), "%s", c != NULL ? (const char *)c : "");
	xmlFree(c);
	return out;
}

static const char *
attr(xmlNodePtr n, const char *name)
{
	static char	 out[512];
	xmlChar		*c = xmlGetProp(n, BAD_CAST name);

	snprintf(out, sizeof(out), "%s", c != NULL ? (const char *)c : "");
	xmlFree(c);
	return out;
}

int
main(void)
{
	xmlDocPtr	 doc = xo_doc("t");
	xmlNodePtr	 r = xo_root(doc), n;
	char		 in[128], buf[128];
	size_t		 i, len;
	/* Arabic, Hebrew, Dutch, ZWJ and ZWNJ (joining, not direction),
	 * U+2028 and U+2060: kept. */
	static const char keep[] = "\u0645\u0631\u062d\u0628\u0627 "
	    "\u05e9\u05dc\u05d5\u05dd Zo\u00eb \u200d\u200c\u2060 \u2028x";

	for (i = 0; i < NCONTROLS; i++) {
		snprintf(in, sizeof(in), "%se%svil%s", controls[i],
		    controls[i], controls[i]);
		is_str(content(xo_el(r, "a", in)), "evil",
		    "xo_el drops control %zu", i);
		is_str(content(xo_eln(r, "a", in, strlen(in))), "evil",
		    "xo_eln drops control %zu", i);
		n = xo_el(r, "a", NULL);
		xo_attr(n, "v", in);
		is_str(attr(n, "v"), "evil", "xo_attr drops control %zu", i);
		memcpy(buf, in, strlen(in));
		len = xo_strip_bidi(buf, strlen(in));
		buf[len] = '\0';
		is_str(buf, "evil", "xo_strip_bidi drops control %zu", i);
	}
	is_str(content(xo_el(r, "a", keep)), keep,
	    "Arabic, Hebrew, accents and other format characters are kept");
	n = xo_el(r, "a", NULL);
	xo_attr(n, "v", keep);
	is_str(attr(n, "v"), keep, "... in attributes too");
	/* Only the controls' own bytes go: an ALM's lead byte before other
	 * Arabic, and a cut-off control at the end, stay as they are. */
	is_str(content(xo_eln(r, "a", "\xd8\xa7\xd8\x9c\xd8\xa8", 6)),
	    "\xd8\xa7\xd8\xa8", "ALM between Arabic letters dropped");
	memcpy(buf, "ab\xe2\x80", 4);
	is_int(xo_strip_bidi(buf, 4), 4, "a cut-off sequence is left alone");
	/* xo_eln takes exactly len bytes. */
	is_str(content(xo_eln(r, "a", "\u202eevil and more", 7)), "evil",
	    "xo_eln stops at len");
	is_str(content(xo_eln(r, "a", "\u202e", 3)), "",
	    "a value of only a control is empty");
	is_str(content(xo_el(r, "a", "")), "", "empty text");
	xmlFreeDoc(doc);
	return done_testing();
}
