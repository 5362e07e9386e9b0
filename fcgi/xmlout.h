/* Building the XML a handler hands to a stylesheet.  Text goes in through
 * libxml2 (xmlNewTextChild escapes it), so no handler writes markup.
 *
 * Every text and attribute value loses its bidi controls on the way in:
 * the embeddings and overrides U+202A-202E, the isolates U+2066-2069 and
 * the marks U+200E, U+200F, U+061C.  An answer with U+202E would
 * otherwise print 'evil' as 'live' in the PDF and the pages, and a mark
 * sets the direction of an answer shown with dir="auto".  Every output
 * (pages, FO and PDF, mails, exports) is made from this XML, so this is
 * the one place; the stylesheets isolate answers and names (<bdi>,
 * dir="auto"; one FO block per answer).  See docs/decisions.md. */
#ifndef DDD_XMLOUT_H
#define DDD_XMLOUT_H

#include <libxml/tree.h>

/* New document whose root element is 'root'; NULL on allocation failure. */
xmlDocPtr	xo_doc(const char *root);
xmlNodePtr	xo_root(xmlDocPtr);
/* Child element with optional text content (NULL: empty element). */
xmlNodePtr	xo_el(xmlNodePtr parent, const char *name, const char *text);
/* Child element with text given as bytes + length. */
xmlNodePtr	xo_eln(xmlNodePtr parent, const char *name, const char *text,
		    size_t len);
void		xo_attr(xmlNodePtr, const char *name, const char *value);
void		xo_attr_int(xmlNodePtr, const char *name, long long value);
/* Drop the bidi controls above from s[0..len) in place (valid UTF-8 or
 * not); the new length.  For text that leaves the worker another way
 * (mail headers). */
size_t		xo_strip_bidi(char *s, size_t len);

#endif
