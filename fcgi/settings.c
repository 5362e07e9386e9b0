#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "settings.h"

static void
deadlines(xmlNodePtr n, struct tenant_settings *s)
{
	static const char *const phases[3] = { "deel_a", "deel_b", "akkoord" };
	xmlChar		*ph, *date;
	size_t		 i;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE ||
		    !xmlStrEqual(n->name, BAD_CAST "deadline"))
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

/* The tenant's file as loaded; *doc NULL when it cannot be read (it
 * passed the schema when it was loaded, so that is not expected). */
static enum ddd_err
tenant_file(struct db *db, long long tenant_id, xmlDocPtr *doc)
{
	struct db_param	 p = DB_P_INT(tenant_id);
	struct db_result res;
	enum ddd_err	 e;

	*doc = NULL;
	if ((e = db_run(db, STMT_TENANT_FILE, &p, 1, &res)) != DDD_OK)
		return e;
	if (res.nrows != 1) {
		db_result_free(&res);
		return DDD_ERR_NOT_FOUND;
	}
	*doc = xmlReadMemory(DB_CELL(&res, 0, 0), (int)res.len[0],
	    "tenant.xml", "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING);
	db_result_free(&res);
	if (*doc != NULL && xmlDocGetRootElement(*doc) == NULL) {
		xmlFreeDoc(*doc);
		*doc = NULL;
	}
	return DDD_OK;
}

static xmlNodePtr
child(xmlNodePtr parent, const char *name)
{
	xmlNodePtr	 n;

	for (n = parent != NULL ? parent->children : NULL; n != NULL;
	    n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    xmlStrEqual(n->name, BAD_CAST name))
			return n;
	return NULL;
}

enum ddd_err
settings_branding(struct db *db, long long tenant_id,
    struct tenant_branding *b)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 br, n;
	xmlChar		*t;
	enum ddd_err	 e;
	size_t		 i;

	memset(b, 0, sizeof(*b));
	if ((e = tenant_file(db, tenant_id, &doc)) != DDD_OK || doc == NULL)
		return e;
	br = child(xmlDocGetRootElement(doc), "branding");
	if ((n = child(br, "colours")) != NULL &&
	    (t = xmlGetProp(n, BAD_CAST "primary")) != NULL) {
		for (i = 1; i < 7 && isxdigit(t[i]); i++)
			;
		if (t[0] == '#' && i == 7 && t[7] == '\0')
			memcpy(b->colour, t, 8);
		xmlFree(t);
	}
	/* Checked at load: a data: URI of a PNG, JPEG or SVG image. */
	if ((n = child(br, "logo")) != NULL &&
	    (t = xmlNodeGetContent(n)) != NULL) {
		if (xmlStrncmp(t, BAD_CAST "data:image/", 11) == 0)
			b->logo = strdup((const char *)t);
		xmlFree(t);
	}
	xmlFreeDoc(doc);
	return DDD_OK;
}

void
settings_branding_free(struct tenant_branding *b)
{
	free(b->logo);
	b->logo = NULL;
}

enum ddd_err
settings_get(struct db *db, long long tenant_id, struct tenant_settings *s)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 n;
	xmlChar		*t;
	enum ddd_err	 e;

	memset(s, 0, sizeof(*s));
	s->consent_age = CONSENT_AGE_DEFAULT;
	s->upload_max = (size_t)UPLOAD_MAX_MB_DEFAULT * 1024 * 1024;
	s->retention_months = RETENTION_MONTHS_DEFAULT;
	if ((e = tenant_file(db, tenant_id, &doc)) != DDD_OK || doc == NULL)
		return e;
	for (n = xmlDocGetRootElement(doc)->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrEqual(n->name, BAD_CAST "deadlines"))
			deadlines(n->children, s);
		else if (xmlStrEqual(n->name, BAD_CAST "parent-consent-under")) {
			t = xmlNodeGetContent(n);
			if (t != NULL && atoi((const char *)t) > 0)
				s->consent_age = atoi((const char *)t);
			xmlFree(t);
		} else if (xmlStrEqual(n->name, BAD_CAST "retention-months")) {
			t = xmlNodeGetContent(n);
			if (t != NULL && atoi((const char *)t) >= 1 &&
			    atoi((const char *)t) <= RETENTION_MONTHS_LIMIT)
				s->retention_months = atoi((const char *)t);
			xmlFree(t);
		} else if (xmlStrEqual(n->name, BAD_CAST "upload-max-mb")) {
			t = xmlNodeGetContent(n);
			if (t != NULL && atoi((const char *)t) >= 1 &&
			    atoi((const char *)t) <= UPLOAD_MAX_MB_LIMIT)
				s->upload_max = (size_t)atoi((const char *)t) *
				    1024 * 1024;
			xmlFree(t);
		}
	}
	xmlFreeDoc(doc);
	return DDD_OK;
}
