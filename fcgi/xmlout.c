#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmlout.h"

xmlDocPtr
xo_doc(const char *root)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 n;

	if ((doc = xmlNewDoc(BAD_CAST "1.0")) == NULL)
		return NULL;
	if ((n = xmlNewDocNode(doc, NULL, BAD_CAST root, NULL)) == NULL) {
		xmlFreeDoc(doc);
		return NULL;
	}
	xmlDocSetRootElement(doc, n);
	return doc;
}

xmlNodePtr
xo_root(xmlDocPtr doc)
{
	return xmlDocGetRootElement(doc);
}

xmlNodePtr
xo_el(xmlNodePtr parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, NULL, BAD_CAST name,
	    text != NULL ? BAD_CAST text : NULL);
}

xmlNodePtr
xo_eln(xmlNodePtr parent, const char *name, const char *text, size_t len)
{
	xmlNodePtr	 n;

	if ((n = xmlNewChild(parent, NULL, BAD_CAST name, NULL)) == NULL)
		return NULL;
	if (len > 0)
		xmlAddChild(n, xmlNewTextLen(BAD_CAST text, (int)len));
	return n;
}

void
xo_attr(xmlNodePtr n, const char *name, const char *value)
{
	if (n != NULL)
		xmlSetProp(n, BAD_CAST name, BAD_CAST value);
}

void
xo_attr_int(xmlNodePtr n, const char *name, long long value)
{
	char	 v[32];

	snprintf(v, sizeof(v), "%lld", value);
	xo_attr(n, name, v);
}
