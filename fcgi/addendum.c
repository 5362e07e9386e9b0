#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "addendum.h"
#include "tenant.h"
#include "xmlcheck.h"

#define ADDENDUM_MAX_QUESTIONS	50

static char *
text_of(xmlNodePtr n)
{
	xmlChar	*t = xmlNodeGetContent(n);
	char	*s = t ? strdup((const char *)t) : NULL;

	xmlFree(t);
	return s;
}

static int
type_of(const xmlChar *t, enum question_type *out)
{
	static const struct { const char *name; enum question_type type; }
	    types[] = { { "text", Q_TEXT }, { "long-text", Q_LONG_TEXT },
	    { "choice", Q_CHOICE }, { "yes-no", Q_YES_NO },
	    { "date", Q_DATE }, { "number", Q_NUMBER } };
	size_t	 i;

	for (i = 0; t != NULL && i < sizeof(types) / sizeof(types[0]); i++)
		if (xmlStrEqual(t, BAD_CAST types[i].name)) {
			*out = types[i].type;
			return 0;
		}
	return -1;
}

static void
question_free(struct form_question *q)
{
	size_t	 i;

	free(q->label);
	free(q->help);
	for (i = 0; i < q->noptions; i++) {
		free(q->options[i].value);
		free(q->options[i].label);
	}
	free(q->options);
}

void
addendum_free(struct form_with_addendum *a)
{
	size_t	 i;

	if (!a->has_extra)
		return;
	for (i = 0; i < a->extra.nquestions; i++)
		question_free(&a->extra.questions[i]);
	free(a->extra.questions);
	free(a->extra.title);
	free(a->def.steps);
	memset(a, 0, sizeof(*a));
}

/* One <question> of the tenant file into q; -1 when it cannot be used
 * (the file passed its schema, so this is a safety net). */
static int
question(xmlNodePtr n, struct form_question *q)
{
	xmlChar		*id = xmlGetProp(n, BAD_CAST "id");
	xmlChar		*type = xmlGetProp(n, BAD_CAST "type");
	xmlChar		*req = xmlGetProp(n, BAD_CAST "required");
	xmlNodePtr	 o, l, h;
	size_t		 no = 0;
	int		 rc = -1;

	memset(q, 0, sizeof(*q));
	if (id == NULL || xmlStrlen(id) > FORM_MAX_ID ||
	    type_of(type, &q->type) == -1 || (l = xml_child(n, TENANT_NS, "label")) == NULL)
		goto out;
	memcpy(q->id, id, (size_t)xmlStrlen(id) + 1);
	q->required = req != NULL && xmlStrEqual(req, BAD_CAST "true");
	q->label = text_of(l);
	if ((h = xml_child(n, TENANT_NS, "help")) != NULL)
		q->help = text_of(h);
	q->min = 0;
	q->max = q->type == Q_LONG_TEXT ? 4000 : q->type == Q_NUMBER ?
	    1000000 : 200;
	for (o = n->children; o != NULL; o = o->next)
		if (xml_is_el(o, TENANT_NS, "option"))
			no++;
	if (no > 0 && (q->options = calloc(no, sizeof(*q->options))) == NULL)
		goto out;
	for (o = n->children; o != NULL; o = o->next) {
		xmlChar *v;
		if (!xml_is_el(o, TENANT_NS, "option"))
			continue;
		v = xmlGetProp(o, BAD_CAST "value");
		q->options[q->noptions].value = v ? strdup((const char *)v) :
		    NULL;
		xmlFree(v);
		q->options[q->noptions].label = text_of(o);
		q->noptions++;
	}
	rc = q->label != NULL ? 0 : -1;
out:
	xmlFree(id);
	xmlFree(type);
	xmlFree(req);
	if (rc == -1)
		question_free(q);
	return rc;
}

int
addendum_build(const xmlNode *extra, const struct form_def *base,
    const char *part, struct form_with_addendum *out)
{
	struct form_step *steps;
	xmlNodePtr	 n;
	xmlChar		*title, *qp;
	size_t		 nq = 0;

	memset(out, 0, sizeof(*out));
	for (n = extra != NULL ? extra->children : NULL; n != NULL;
	    n = n->next) {
		if (!xml_is_el(n, TENANT_NS, "question"))
			continue;
		qp = xmlGetProp(n, BAD_CAST "part");
		if (qp != NULL && xmlStrEqual(qp, BAD_CAST part))
			nq++;
		xmlFree(qp);
	}
	if (nq == 0 || nq > ADDENDUM_MAX_QUESTIONS)
		return 0;
	if ((out->extra.questions = calloc(nq, sizeof(struct form_question)))
	    == NULL)
		goto nomem;
	out->has_extra = 1;
	for (n = extra->children; n != NULL; n = n->next) {
		if (!xml_is_el(n, TENANT_NS, "question"))
			continue;
		qp = xmlGetProp(n, BAD_CAST "part");
		if (qp != NULL && xmlStrEqual(qp, BAD_CAST part) &&
		    question(n, &out->extra.questions[out->extra.nquestions])
		    == 0)
			out->extra.nquestions++;
		xmlFree(qp);
	}
	snprintf(out->extra.id, sizeof(out->extra.id), "regionaal");
	title = xmlGetProp(extra, BAD_CAST "title");
	out->extra.title = strdup(title ? (const char *)title :
	    "Regionale aanvulling");
	xmlFree(title);
	if (out->extra.title == NULL)
		goto nomem;
	if (out->extra.nquestions == 0) {
		/* None usable (the schema makes that unexpected): no step. */
		addendum_free(out);
		return 0;
	}
	if ((steps = calloc(base->nsteps + 1, sizeof(*steps))) == NULL)
		goto nomem;
	/* The base's steps are shared, not copied deeply. */
	memcpy(steps, base->steps, base->nsteps * sizeof(*steps));
	steps[base->nsteps] = out->extra;
	out->def = *base;
	out->def.steps = steps;
	out->def.nsteps = base->nsteps + 1;
	return 0;
nomem:
	out->has_extra = 1;	/* free what was made */
	addendum_free(out);
	return -1;
}
