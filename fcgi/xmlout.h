/* Building the XML a handler hands to a stylesheet.  Text goes in through
 * libxml2 (xmlNewTextChild escapes it), so no handler writes markup. */
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

#endif
