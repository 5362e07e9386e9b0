#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "settings.h"
#include "tenant.h"
#include "xmlcheck.h"

/* The file passed the schema and tenant_check.c when it was loaded; what
 * does not fit here anyway keeps the default (a safety net). */

static void
deadlines(const xmlNode *dl, struct tenant_settings *s)
{
	static const char *const phases[3] = { "deel_a", "deel_b", "akkoord" };
	xmlNodePtr	 n;
	xmlChar		*ph, *date;
	size_t		 i;

	for (n = dl->children; n != NULL; n = n->next) {
		if (!xml_is_el(n, TENANT_NS, "deadline"))
			continue;
		ph = xmlGetProp(n, BAD_CAST "phase");
		date = xmlGetProp(n, BAD_CAST "date");
		for (i = 0; ph != NULL && date != NULL && i < 3; i++)
			if (xmlStrEqual(ph, BAD_CAST phases[i]) &&
			    xmlStrlen(date) == 10)
				memcpy(s->deadline[i], date, 11);
		xmlFree(ph);
		xmlFree(date);
	}
}

/* The element's text as a whole number from min to max, else dflt. */
static int
number(const xmlNode *n, int min, int max, int dflt)
{
	xmlChar	*t = xmlNodeGetContent(n);
	int	 v = t != NULL ? atoi((const char *)t) : 0;

	xmlFree(t);
	return v >= min && v <= max ? v : dflt;
}

void
settings_parse(const xmlNode *root, struct tenant_settings *s)
{
	xmlNodePtr	 n;

	memset(s, 0, sizeof(*s));
	s->consent_age = CONSENT_AGE_DEFAULT;
	s->upload_max = (size_t)UPLOAD_MAX_MB_DEFAULT * 1024 * 1024;
	s->retention_months = RETENTION_MONTHS_DEFAULT;
	s->audit_months = AUDIT_MONTHS_DEFAULT;
	for (n = root != NULL ? root->children : NULL; n != NULL; n = n->next) {
		if (xml_is_el(n, TENANT_NS, "deadlines"))
			deadlines(n, s);
		else if (xml_is_el(n, TENANT_NS, "parent-consent-under"))
			s->consent_age = number(n, 1, 200, CONSENT_AGE_DEFAULT);
		else if (xml_is_el(n, TENANT_NS, "retention-months"))
			s->retention_months = number(n, 1,
			    RETENTION_MONTHS_LIMIT, RETENTION_MONTHS_DEFAULT);
		else if (xml_is_el(n, TENANT_NS, "audit-retention-months"))
			s->audit_months = number(n, 1, RETENTION_MONTHS_LIMIT,
			    AUDIT_MONTHS_DEFAULT);
		else if (xml_is_el(n, TENANT_NS, "upload-max-mb"))
			s->upload_max = (size_t)number(n, 1,
			    UPLOAD_MAX_MB_LIMIT, UPLOAD_MAX_MB_DEFAULT) *
			    1024 * 1024;
	}
}

int
settings_branding_parse(const xmlNode *root, struct tenant_branding *b)
{
	xmlNodePtr	 br, n;
	xmlChar		*t;
	size_t		 i;
	int		 rc = 0;

	memset(b, 0, sizeof(*b));
	br = xml_child(root, TENANT_NS, "branding");
	if ((n = xml_child(br, TENANT_NS, "colours")) != NULL &&
	    (t = xmlGetProp(n, BAD_CAST "primary")) != NULL) {
		for (i = 1; i < 7 && isxdigit(t[i]); i++)
			;
		if (t[0] == '#' && i == 7 && t[7] == '\0')
			memcpy(b->colour, t, 8);
		xmlFree(t);
	}
	/* Checked at load: a data: URI of a PNG or SVG image. */
	if ((n = xml_child(br, TENANT_NS, "logo")) != NULL &&
	    (t = xmlNodeGetContent(n)) != NULL) {
		if (xmlStrncmp(t, BAD_CAST "data:image/", 11) == 0 &&
		    (b->logo = strdup((const char *)t)) == NULL)
			rc = -1;
		xmlFree(t);
	}
	return rc;
}

void
settings_branding_free(struct tenant_branding *b)
{
	free(b->logo);
	b->logo = NULL;
}
