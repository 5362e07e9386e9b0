#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmlout.h"

/* Length of the bidi control at s[0..len) (see xmlout.h), else 0. */
static size_t
bidi_control(const unsigned char *s, size_t len)
{
	if (len >= 2 && s[0] == 0xd8 && s[1] == 0x9c)
		return 2;				/* U+061C ALM */
	if (len < 3 || s[0] != 0xe2)
		return 0;
	if (s[1] == 0x80 && (s[2] == 0x8e || s[2] == 0x8f ||	/* LRM RLM */
	    (s[2] >= 0xaa && s[2] <= 0xae)))	/* LRE RLE PDF LRO RLO */
		return 3;
	if (s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9)	/* LRI..PDI */
		return 3;
	return 0;
}

size_t
xo_strip_bidi(char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t		 i = 0, o = 0, k;

	while (i < len) {
		if ((u[i] == 0xd8 || u[i] == 0xe2) &&
		    (k = bidi_control(u + i, len - i)) > 0) {
			i += k;
			continue;
		}
		s[o++] = s[i++];
	}
	return o;
}

/* text[0..len) without bidi controls: text itself when it has none
 * (*copy NULL), else a NUL-terminated copy in *copy (NULL: no memory). */
static const char *
clean(const char *text, size_t len, char **copy, size_t *outlen)
{
	const unsigned char *u = (const unsigned char *)text;
	size_t		 i;

	*copy = NULL;
	*outlen = len;
	for (i = 0; i < len; i++)
		if ((u[i] == 0xd8 || u[i] == 0xe2) &&
		    bidi_control(u + i, len - i) > 0)
			break;
	if (i == len)
		return text;
	if ((*copy = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(*copy, text, len);
	*outlen = xo_strip_bidi(*copy, len);
	(*copy)[*outlen] = '\0';
	return *copy;
}

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
	if (text == NULL)
		return xmlNewTextChild(parent, NULL, BAD_CAST name, NULL);
	return xo_eln(parent, name, text, strlen(text));
}

xmlNodePtr
xo_eln(xmlNodePtr parent, const char *name, const char *text, size_t len)
{
	xmlNodePtr	 n;
	const char	*t;
	char		*copy;

	if ((n = xmlNewChild(parent, NULL, BAD_CAST name, NULL)) == NULL)
		return NULL;
	if (len == 0)
		return n;
	if ((t = clean(text, len, &copy, &len)) == NULL)
		return NULL;
	if (len > 0)
		xmlAddChild(n, xmlNewTextLen(BAD_CAST t, (int)len));
	free(copy);
	return n;
}

void
xo_attr(xmlNodePtr n, const char *name, const char *value)
{
	const char	*v;
	char		*copy;
	size_t		 len;

	if (n == NULL)
		return;
	if (value == NULL) {
		xmlSetProp(n, BAD_CAST name, NULL);
		return;
	}
	if ((v = clean(value, strlen(value), &copy, &len)) != NULL)
		xmlSetProp(n, BAD_CAST name, BAD_CAST v);
	free(copy);
}

void
xo_attr_int(xmlNodePtr n, const char *name, long long value)
{
	char	 v[32];

	snprintf(v, sizeof(v), "%lld", value);
	xo_attr(n, name, v);
}
