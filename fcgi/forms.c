/* Form definitions: read every .xml file in schema/forms (no DTD, no
 * entities, no network), validate it against schema/form.rng, then the
 * checks the schema cannot express (see the head of form.rng), and keep
 * the result in a read-only cache.  The rest of this file answers
 * questions about a definition and a set of answers: is a question shown,
 * how far is a step, is an answer good, and what the definition looks
 * like as XML.
 *
 * Every problem in a file becomes one line "file:line: message" in errs,
 * in line order, as for a tenant file: reading, parsing and RELAX NG are
 * xmlcheck.c's (the first parser error only, libxml2's RELAX NG messages
 * rewritten into plain English, some here more precisely), then the C
 * checks on a file that passed the schema.  Operators read these, so
 * they are English; form_check's messages are for the page, so they are
 * Dutch. */

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "forms.h"
#include "req.h"
#include "xmlcheck.h"
#include "xmlout.h"

#define FORM_NS		"urn:ddd:form:1"

#define MAX_FILE	(1024 * 1024)	/* one definition, in bytes */
#define MAX_FILES	64		/* definitions in the directory */
#define MAX_TITLE	200		/* form and step titles */
#define MAX_OPTION	200		/* option text */
#define MAX_LABEL	1000
#define MAX_HELP	2000		/* help and intro */
#define MAX_STEPS	50		/* per form */
#define MAX_QUESTIONS	500		/* per form */
#define MAX_OPTIONS	100		/* per question */

/* Answer lengths in characters; a CR LF pair counts as one (a text area
 * counts a line break as one, the browser sends two). */
#define TEXT_MAX_DEFAULT	200
#define TEXT_MAX_LIMIT		1000
#define LONG_MAX_DEFAULT	4000
#define LONG_MAX_LIMIT		4000
/* number: the range when min or max is not given, and the most either
 * may be (15 digits: exact in a double, so also in the stylesheets). */
#define NUMBER_MIN_DEFAULT	0
#define NUMBER_MAX_DEFAULT	1000000
#if LONG_MAX >= 999999999999999LL
#define NUMBER_LIMIT		999999999999999LL
#else
#define NUMBER_LIMIT		((long long)LONG_MAX)
#endif
#define DATE_YEAR_MIN		1900
#define DATE_YEAR_MAX		2099

/* A code point takes at most 4 bytes: a long-text at its limit still
 * fits in FORM_MAX_ANSWER. */
_Static_assert(LONG_MAX_LIMIT * 4 <= FORM_MAX_ANSWER,
    "long-text limit does not fit FORM_MAX_ANSWER");
_Static_assert(TEXT_MAX_LIMIT * 4 <= FORM_MAX_ANSWER,
    "text limit does not fit FORM_MAX_ANSWER");

static const char *const type_names[Q__MAX] = {
	[Q_TEXT] = "text",
	[Q_LONG_TEXT] = "long-text",
	[Q_CHOICE] = "choice",
	[Q_MULTI_CHOICE] = "multi-choice",
	[Q_YES_NO] = "yes-no",
	[Q_DATE] = "date",
	[Q_NUMBER] = "number",
	[Q_MBO] = "mbo",
	[Q_FILE] = "bijlage",
};

#define TYPE_LIST	"text, long-text, choice, multi-choice, yes-no, " \
			"date, number, mbo or bijlage"

/* Messages of form_check, for the page (Dutch). */
static const char M_NO_QUESTION[] = "Deze vraag bestaat niet.";
static const char M_TOO_LONG[] = "Dit antwoord is te lang.";
static const char M_CHARS[] = "Dit antwoord bevat tekens die niet zijn "
    "toegestaan.";
static const char M_ONE_LINE[] = "Dit antwoord moet op één regel passen.";
static const char M_CHOICE[] = "Kies een van de mogelijkheden.";
static const char M_MULTI[] = "Kies alleen uit de mogelijkheden.";
static const char M_MULTI_TWICE[] = "Elke mogelijkheid kan maar één keer "
    "gekozen worden.";
static const char M_YES_NO[] = "Kies ja of nee.";
static const char M_DATE[] = "Vul een bestaande datum in, als jjjj-mm-dd.";
static const char M_NUMBER[] = "Vul een geheel getal in, zonder punt, "
    "komma of spaties.";
static const char M_RANGE[] = "Dit getal is te groot of te klein.";
static const char M_MBO[] = "Kies een mbo-school uit de lijst.";

/* Elements whose attributes were explained already, in one file (the
 * report's arg): libxml2 may complain about one element twice, in
 * different words. */
struct explained {
	const xmlNode	*v[XML_MAX_MESSAGES];
	size_t		 n;
};

/* A question of the file being checked, in document order. */
struct qref {
	struct form_question	*q;
	const struct form_step	*step;
	long			 line;
};

/* One file, checked: its form and where each question was. */
struct loaded {
	char		*path;
	const char	*name;		/* base name, inside path */
	struct form_def	 def;
	long		 line;		/* of <form> */
	struct qref	*qs;
	size_t		 nq;
	int		 good;
};

/*
 * Tree helpers.
 */

static int
is_el(const xmlNode *n, const char *name)
{
	return xml_is_el(n, FORM_NS, name);
}

/* "question 'x'", "step 'x'", "option 'v'" or "<form>", for messages. */
static void
describe(const xmlNode *n, char *dst, size_t size)
{
	char	 id[FORM_MAX_ID + 2];
	int	 rc;

	rc = xml_attr_get(n, xmlStrEqual(n->name, BAD_CAST "option") ? "value" :
	    "id", id, sizeof(id));
	if (rc > 0)
		snprintf(dst, size, "%s '%s'", xml_node_name(n), id);
	else if (rc == -1)
		snprintf(dst, size, "%s '%s...'", xml_node_name(n), id);
	else
		snprintf(dst, size, "<%s>", xml_node_name(n));
}

/* The element a parent needs first, for "is incomplete" messages. */
static const char *
first_needed(const xmlNode *n)
{
	if (n == NULL)
		return NULL;
	if (xmlStrEqual(n->name, BAD_CAST "form"))
		return "step";
	if (xmlStrEqual(n->name, BAD_CAST "step"))
		return "question";
	if (xmlStrEqual(n->name, BAD_CAST "question"))
		return "label";
	return NULL;
}

static int
type_from_name(const char *s)
{
	int	 i;

	for (i = 0; i < Q__MAX; i++)
		if (strcmp(type_names[i], s) == 0)
			return i;
	return -1;
}

/* [+-]?[0-9]+, as xsd:integer after white space is collapsed. */
static int
is_integer_text(const char *s)
{
	if (*s == '+' || *s == '-')
		s++;
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* The attributes each element has, required first. */
static const struct {
	const char	*element;
	size_t		 nrequired;
	const char	*attrs[8];
} element_attrs[] = {
	{ "form", 2, { "id", "title" } },
	{ "step", 2, { "id", "title" } },
	{ "question", 2, { "id", "type", "required", "min", "max", "show-if",
	    "show-value" } },
	{ "option", 1, { "value" } },
};

/* Say precisely what is wrong with an element's attributes; 0 when
 * nothing was found to say. */
static int
explain_attrs(struct xml_report *r, const xmlNode *n, long line)
{
	struct explained	*ex = r->arg;
	const xmlAttr		*a;
	char			 desc[120], v[64];
	size_t			 e, i, k;
	int			 said = 0, known, rc;

	for (i = 0; i < ex->n; i++)
		if (ex->v[i] == n)
			return 1;
	if (ex->n < XML_MAX_MESSAGES)
		ex->v[ex->n++] = n;
	for (e = 0; e < sizeof(element_attrs) / sizeof(element_attrs[0]);
	    e++)
		if (xmlStrEqual(n->name, BAD_CAST element_attrs[e].element))
			break;
	if (e == sizeof(element_attrs) / sizeof(element_attrs[0]))
		return 0;
	describe(n, desc, sizeof(desc));
	for (i = 0; i < element_attrs[e].nrequired; i++)
		if (xml_attr_find(n, element_attrs[e].attrs[i]) == NULL) {
			xml_report_add(r, line, "%s: attribute %s is missing",
			    desc, element_attrs[e].attrs[i]);
			said = 1;
		}
	for (a = n->properties; a != NULL; a = a->next) {
		known = 0;
		for (k = 0; k < 8 && element_attrs[e].attrs[k] != NULL; k++)
			if (a->ns == NULL && xmlStrEqual(a->name,
			    BAD_CAST element_attrs[e].attrs[k]))
				known = 1;
		if (!known) {
			xml_report_add(r, line, "%s: attribute %s is not "
			    "allowed", desc, xml_node_name((const xmlNode *)a));
			said = 1;
		}
	}
	if (xml_attr_find(n, "title") != NULL &&
	    xml_attr_get(n, "title", v, sizeof(v)) == 0) {
		xml_report_add(r, line, "%s: title is empty", desc);
		said = 1;
	}
	if (strcmp(element_attrs[e].element, "question") != 0)
		return said;
	if ((rc = xml_attr_get(n, "type", v, sizeof(v))) != -2 &&
	    (rc == -1 || type_from_name(v) < 0)) {
		xml_report_add(r, line, "%s: unknown type '%.40s%s': use "
		    TYPE_LIST, desc, v, rc == -1 ? "..." : "");
		said = 1;
	}
	if ((rc = xml_attr_get(n, "required", v, sizeof(v))) != -2 &&
	    (rc == -1 || (strcmp(v, "true") != 0 &&
	    strcmp(v, "false") != 0))) {
		xml_report_add(r, line, "%s: required=\"%.40s\" is not "
		    "allowed: use true or false", desc, v);
		said = 1;
	}
	for (k = 0; k < 2; k++) {
		const char *which = k == 0 ? "min" : "max";

		if ((rc = xml_attr_get(n, which, v, sizeof(v))) != -2 &&
		    (rc == -1 || !is_integer_text(v))) {
			xml_report_add(r, line, "%s: %s=\"%.40s\" is not a "
			    "whole number", desc, which, v);
			said = 1;
		}
	}
	if ((xml_attr_find(n, "show-if") == NULL) !=
	    (xml_attr_find(n, "show-value") == NULL)) {
		xml_report_add(r, line, "%s: show-if and show-value go "
		    "together: %s is missing", desc,
		    xml_attr_find(n, "show-if") == NULL ? "show-if" :
		    "show-value");
		said = 1;
	}
	return said;
}

/* RELAX NG validity errors that a form definition words more precisely
 * than xmlcheck.c does: which question is incomplete, what is wrong with
 * its attributes, whose value is not allowed.  1 when reported. */
static int
rng_error(struct xml_report *r, const xmlError *e, const xmlNode *node,
    long line)
{
	const char	*s1;
	char		 text[8], desc[120];

	s1 = e->str1 != NULL ? e->str1 : "";
	switch (e->code) {
	case XML_RELAXNG_ERR_NOELEM:
		if (*s1 == '\0' && first_needed(node) != NULL)
			s1 = first_needed(node);
		if (node != NULL)
			describe(node, desc, sizeof(desc));
		else
			snprintf(desc, sizeof(desc), "an element");
		if (*s1 != '\0')
			xml_report_add(r, line, "%s is incomplete: element "
			    "<%s> is missing", desc, s1);
		else
			xml_report_add(r, line, "%s is incomplete: a required "
			    "element is missing", desc);
		return 1;
	case XML_RELAXNG_ERR_INVALIDATTR:
	case XML_RELAXNG_ERR_ATTRVALID:
		/* libxml2 says "invalid attribute" also for a value that is
		 * not allowed, and "failed to validate attributes" without
		 * saying which: look for ourselves. */
		if (node != NULL && node->type == XML_ELEMENT_NODE &&
		    explain_attrs(r, node, line))
			return 1;
		if (e->code == XML_RELAXNG_ERR_INVALIDATTR)
			return 0;	/* the common wording */
		xml_report_follow(r, line, "<%s> has an attribute that is "
		    "missing or not allowed", s1);
		return 1;
	case XML_RELAXNG_ERR_DATATYPE:
	case XML_RELAXNG_ERR_VALUE:
	case XML_RELAXNG_ERR_TYPE:
		desc[0] = '\0';
		if (node != NULL && node->parent != NULL &&
		    node->parent->type == XML_ELEMENT_NODE) {
			describe(node->parent, desc, sizeof(desc) - 2);
			strcat(desc, ": ");
		}
		if (node != NULL && node->type == XML_ELEMENT_NODE &&
		    xml_text_get(node, text, sizeof(text)) == 0)
			xml_report_add(r, line, "%s<%s> is empty", desc,
			    xml_node_name(node));
		else
			xml_report_add(r, line, "%s<%s> has a value that is "
			    "not allowed", desc, xml_node_name(node));
		return 1;
	default:
		return 0;
	}
}

/* The report's arg is a struct explained (see load_one()). */
static const struct xml_kind form_kind = {
	.ns = FORM_NS,
	.doc_name = "a form definition",
	.schema_name = "the form schema",
	.max_file = MAX_FILE,
	.rng_error = rng_error,
};

/*
 * The checks after the schema, building the definition as they go.
 */

/* [a-z0-9_-]{1,FORM_MAX_ID} */
static int
is_id(const char *s)
{
	size_t	 i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		    s[i] == '_'))
			return 0;
	return i >= 1 && i <= FORM_MAX_ID;
}

/* An id attribute into dst (FORM_MAX_ID + 1 bytes); 0 when good. */
static int
get_id(struct xml_report *r, const xmlNode *n, const char *attr,
    const char *what, char *dst)
{
	char	 v[FORM_MAX_ID + 2];

	dst[0] = '\0';
	if (xml_attr_get(n, attr, v, sizeof(v)) < 0 || !is_id(v)) {
		xml_report_add(r, xmlGetLineNo(n), "%s '%.70s%s' is not valid: "
		    "1 to %d characters a-z, 0-9, '_' or '-'", what, v,
		    strlen(v) > FORM_MAX_ID ? "..." : "", FORM_MAX_ID);
		return -1;
	}
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

/* A copy of the (collapsed) text of an element or attribute, at most max
 * bytes; NULL (reported) when longer or out of memory. */
static char *
text_dup(struct xml_report *r, const xmlNode *n, const char *attr, size_t max,
    const char *what)
{
	char	*t;
	int	 rc;

	if ((t = malloc(max + 2)) == NULL) {
		xml_report_add(r, xmlGetLineNo(n), "out of memory");
		return NULL;
	}
	rc = attr != NULL ? xml_attr_get(n, attr, t, max + 2) :
	    xml_text_get(n, t, max + 2);
	if (rc == -1 || (size_t)rc > max) {
		xml_report_add(r, xmlGetLineNo(n), "%s is longer than %zu "
		    "bytes", what, max);
		free(t);
		return NULL;
	}
	return t;
}

/* A whole number attribute within +-NUMBER_LIMIT; 1 set, 0 absent, -1
 * bad (reported). */
static int
get_long(struct xml_report *r, const xmlNode *n, const char *qid,
    const char *attr, long *out)
{
	char		 v[64], *end;
	long long	 x;
	int		 rc;

	if ((rc = xml_attr_get(n, attr, v, sizeof(v))) == -2)
		return 0;
	errno = 0;
	x = rc < 0 ? 0 : strtoll(v, &end, 10);
	if (rc < 0 || !is_integer_text(v) || *end != '\0' || errno != 0 ||
	    x > NUMBER_LIMIT || x < -NUMBER_LIMIT) {
		xml_report_add(r, xmlGetLineNo(n), "question '%s': "
		    "%s=\"%.40s\" is not a whole number from %lld to %lld",
		    qid, attr, v, -NUMBER_LIMIT, NUMBER_LIMIT);
		return -1;
	}
	*out = (long)x;
	return 1;
}

static void
def_free(struct form_def *d)
{
	size_t	 s, q, o;

	for (s = 0; d->steps != NULL && s < d->nsteps; s++) {
		struct form_step *st = &d->steps[s];

		for (q = 0; st->questions != NULL && q < st->nquestions; q++) {
			struct form_question *fq = &st->questions[q];

			free(fq->label);
			free(fq->help);
			free(fq->show_value);
			for (o = 0; fq->options != NULL && o < fq->noptions;
			    o++) {
				free(fq->options[o].value);
				free(fq->options[o].label);
			}
			free(fq->options);
		}
		free(st->questions);
		free(st->title);
		free(st->intro);
	}
	free(d->steps);
	free(d->title);
	memset(d, 0, sizeof(*d));
}

static size_t
count_el(xmlNodePtr parent, const char *name)
{
	xmlNodePtr	 c;
	size_t		 n = 0;

	XML_FOREACH_EL(c, parent)
		if (is_el(c, name))
			n++;
	return n;
}

/* The options of a question. */
static void
build_options(struct xml_report *r, xmlNodePtr qn, struct form_question *q)
{
	xmlNodePtr	 c;
	size_t		 n = count_el(qn, "option"), i;
	long		*lines;
	char		 v[FORM_MAX_ID + 1], what[FORM_MAX_ID + 40];

	if (n == 0)
		return;
	if (n > MAX_OPTIONS) {
		xml_report_add(r, xmlGetLineNo(qn), "question '%s' has %zu "
		    "options; at most %d", q->id, n, MAX_OPTIONS);
		return;
	}
	if ((q->options = calloc(n, sizeof(*q->options))) == NULL ||
	    (lines = calloc(n, sizeof(*lines))) == NULL) {
		xml_report_add(r, xmlGetLineNo(qn), "out of memory");
		return;
	}
	XML_FOREACH_EL(c, qn) {
		if (!is_el(c, "option"))
			continue;
		if (get_id(r, c, "value", "option value", v) == 0) {
			for (i = 0; i < q->noptions; i++)
				if (q->options[i].value != NULL &&
				    strcmp(q->options[i].value, v) == 0)
					break;
			if (i < q->noptions)
				xml_report_add(r, xmlGetLineNo(c), "question "
				    "'%s': option value '%s' is used twice: "
				    "also on line %ld", q->id, v, lines[i]);
		}
		lines[q->noptions] = xmlGetLineNo(c);
		q->options[q->noptions].value = strdup(v);
		snprintf(what, sizeof(what), "question '%s': option text",
		    q->id);
		q->options[q->noptions].label = text_dup(r, c, NULL,
		    MAX_OPTION, what);
		if (q->options[q->noptions].value == NULL)
			xml_report_add(r, xmlGetLineNo(c), "out of memory");
		q->noptions++;
	}
	free(lines);
}

/* One question: its attributes, texts and options, with the rules of its
 * type.  show-if is checked later, when all questions are known. */
static void
build_question(struct xml_report *r, xmlNodePtr qn, struct form_question *q)
{
	xmlNodePtr	 c;
	char		 v[64], what[FORM_MAX_ID + 40];
	long		 line = xmlGetLineNo(qn), min = 0, max = 0;
	int		 t, hasmin, hasmax, maxlimit;

	(void)get_id(r, qn, "id", "question id", q->id);
	xml_attr_get(qn, "type", v, sizeof(v));
	if ((t = type_from_name(v)) < 0) {
		xml_report_add(r, line, "question '%s': unknown type '%s': use "
		    TYPE_LIST, q->id, v);
		t = Q_TEXT;
	}
	q->type = (enum question_type)t;
	xml_attr_get(qn, "required", v, sizeof(v));
	q->required = strcmp(v, "true") == 0;
	XML_FOREACH_EL(c, qn) {
		snprintf(what, sizeof(what), "question '%s': %s", q->id,
		    (const char *)c->name);
		if (is_el(c, "label") && q->label == NULL)
			q->label = text_dup(r, c, NULL, MAX_LABEL, what);
		else if (is_el(c, "help") && q->help == NULL)
			q->help = text_dup(r, c, NULL, MAX_HELP, what);
	}
	build_options(r, qn, q);
	if (q->type == Q_CHOICE || q->type == Q_MULTI_CHOICE) {
		if (count_el(qn, "option") < 2)
			xml_report_add(r, line, "question '%s' of type %s "
			    "needs at least two <option> elements", q->id,
			    type_names[q->type]);
	} else if (count_el(qn, "option") > 0)
		xml_report_add(r, line, "question '%s' of type %s cannot have "
		    "<option> elements", q->id, type_names[q->type]);

	hasmin = get_long(r, qn, q->id, "min", &min);
	hasmax = get_long(r, qn, q->id, "max", &max);
	if (hasmin < 0 || hasmax < 0)
		return;
	switch (q->type) {
	case Q_NUMBER:
		q->min = hasmin ? min : NUMBER_MIN_DEFAULT;
		q->max = hasmax ? max : NUMBER_MAX_DEFAULT;
		if (q->min > q->max)
			xml_report_add(r, line, "question '%s': min %ld is "
			    "greater than max %ld", q->id, q->min, q->max);
		break;
	case Q_TEXT:
	case Q_LONG_TEXT:
		maxlimit = q->type == Q_TEXT ? TEXT_MAX_LIMIT : LONG_MAX_LIMIT;
		if (hasmin)
			xml_report_add(r, line, "question '%s': min is only "
			    "allowed on a question of type number", q->id);
		q->min = 0;
		q->max = hasmax ? max : q->type == Q_TEXT ? TEXT_MAX_DEFAULT :
		    LONG_MAX_DEFAULT;
		if (q->max < 1 || q->max > maxlimit)
			xml_report_add(r, line, "question '%s': max %ld is out "
			    "of range: a %s answer may have 1 to %d characters",
			    q->id, q->max, type_names[q->type], maxlimit);
		break;
	default:
		if (hasmin || hasmax)
			xml_report_add(r, line, "question '%s': %s is only "
			    "allowed on a question of type number%s", q->id,
			    hasmin ? "min" : "max", hasmin ? "" :
			    ", text or long-text");
		q->min = q->max = 0;
		break;
	}
}

/* Conditions: show-if names an earlier question of this form that can
 * be a condition, and show-value is one of its answers. */
static void
check_conditions(struct xml_report *r, struct loaded *lf, xmlNodePtr *nodes)
{
	struct form_question	*q, *t;
	char			 v[FORM_MAX_ID + 2];
	size_t			 i, j, o;
	long			 line;

	for (i = 0; i < lf->nq; i++) {
		q = lf->qs[i].q;
		line = lf->qs[i].line;
		if (xml_attr_find(nodes[i], "show-if") == NULL)
			continue;
		if (get_id(r, nodes[i], "show-if", "show-if", q->show_if) ||
		    get_id(r, nodes[i], "show-value", "show-value", v))
			continue;
		if ((q->show_value = strdup(v)) == NULL) {
			xml_report_add(r, line, "out of memory");
			continue;
		}
		for (j = 0; j < lf->nq; j++)
			if (strcmp(lf->qs[j].q->id, q->show_if) == 0)
				break;
		if (j == lf->nq) {
			xml_report_add(r, line, "question '%s': show-if '%s' "
			    "is not a question of this form", q->id,
			    q->show_if);
			continue;
		}
		if (j == i) {
			xml_report_add(r, line, "question '%s': show-if cannot "
			    "name the question itself", q->id);
			continue;
		}
		if (j > i) {
			xml_report_add(r, line, "question '%s': show-if '%s' "
			    "is a later question (line %ld); a condition can "
			    "only use an earlier question", q->id, q->show_if,
			    lf->qs[j].line);
			continue;
		}
		t = lf->qs[j].q;
		switch (t->type) {
		case Q_YES_NO:
			if (strcmp(v, "ja") != 0 && strcmp(v, "nee") != 0)
				xml_report_add(r, line, "question '%s': "
				    "show-value '%s' is not an answer of "
				    "yes-no question '%s' (line %ld): use ja "
				    "or nee", q->id, v, t->id, lf->qs[j].line);
			break;
		case Q_CHOICE:
		case Q_MULTI_CHOICE:
			for (o = 0; o < t->noptions; o++)
				if (t->options[o].value != NULL &&
				    strcmp(t->options[o].value, v) == 0)
					break;
			if (o == t->noptions)
				xml_report_add(r, line, "question '%s': "
				    "show-value '%s' is not an option of "
				    "question '%s' (line %ld)", q->id, v, t->id,
				    lf->qs[j].line);
			break;
		default:
			xml_report_add(r, line, "question '%s': show-if '%s' "
			    "is a question of type %s; a condition needs a "
			    "choice, multi-choice or yes-no question", q->id,
			    t->id, type_names[t->type]);
			break;
		}
	}
}

/* Step and question ids once per file (one name space: they become
 * anchors on one page). */
static void
check_ids(struct xml_report *r, struct loaded *lf, xmlNodePtr *snodes)
{
	struct form_def	*d = &lf->def;
	size_t		 i, j;

	for (i = 0; i < d->nsteps; i++) {
		if (d->steps[i].id[0] == '\0')
			continue;
		for (j = 0; j < i; j++)
			if (strcmp(d->steps[i].id, d->steps[j].id) == 0) {
				xml_report_add(r, xmlGetLineNo(snodes[i]),
				    "step id '%s' is used twice: also on "
				    "line %ld", d->steps[i].id,
				    xmlGetLineNo(snodes[j]));
				break;
			}
	}
	for (i = 0; i < lf->nq; i++) {
		const char *id = lf->qs[i].q->id;

		if (id[0] == '\0')
			continue;
		for (j = 0; j < i; j++)
			if (strcmp(id, lf->qs[j].q->id) == 0) {
				xml_report_add(r, lf->qs[i].line, "question id "
				    "'%s' is used twice: also on line %ld", id,
				    lf->qs[j].line);
				break;
			}
		if (j < i)
			continue;
		for (j = 0; j < d->nsteps; j++)
			if (strcmp(id, d->steps[j].id) == 0) {
				xml_report_add(r, lf->qs[i].line, "question id "
				    "'%s' is also the id of the step on line "
				    "%ld", id, xmlGetLineNo(snodes[j]));
				break;
			}
	}
}

/* Build and check the form of a file that passed the schema. */
static void
build_form(struct xml_report *r, xmlDocPtr doc, struct loaded *lf)
{
	struct form_def	*d = &lf->def;
	xmlNodePtr	 root = xmlDocGetRootElement(doc), sn, qn;
	xmlNodePtr	*snodes = NULL, *qnodes = NULL;
	size_t		 nsteps, nq = 0, s, k;

	if (!is_el(root, "form")) {
		xml_report_add(r, 0, "the root element is not <form>");
		return;
	}
	lf->line = xmlGetLineNo(root);
	(void)get_id(r, root, "id", "form id", d->id);
	d->title = text_dup(r, root, "title", MAX_TITLE, "form title");
	nsteps = count_el(root, "step");
	if (nsteps > MAX_STEPS) {
		xml_report_add(r, lf->line, "the form has %zu steps; at "
		    "most %d", nsteps, MAX_STEPS);
		return;
	}
	XML_FOREACH_EL(sn, root)
		if (is_el(sn, "step"))
			nq += count_el(sn, "question");
	if (nq > MAX_QUESTIONS) {
		xml_report_add(r, lf->line, "the form has %zu questions; at "
		    "most %d", nq, MAX_QUESTIONS);
		return;
	}
	if ((d->steps = calloc(nsteps, sizeof(*d->steps))) == NULL ||
	    (snodes = calloc(nsteps, sizeof(*snodes))) == NULL ||
	    (qnodes = calloc(nq, sizeof(*qnodes))) == NULL ||
	    (lf->qs = calloc(nq, sizeof(*lf->qs))) == NULL) {
		xml_report_add(r, lf->line, "out of memory");
		goto out;
	}
	s = 0;
	XML_FOREACH_EL(sn, root) {
		struct form_step *st;

		if (!is_el(sn, "step"))
			continue;
		st = &d->steps[s];
		snodes[s] = sn;
		d->nsteps = ++s;
		(void)get_id(r, sn, "id", "step id", st->id);
		st->title = text_dup(r, sn, "title", MAX_TITLE, "step title");
		k = count_el(sn, "question");
		if ((st->questions = calloc(k, sizeof(*st->questions))) ==
		    NULL) {
			xml_report_add(r, xmlGetLineNo(sn), "out of memory");
			goto out;
		}
		XML_FOREACH_EL(qn, sn) {
			if (is_el(qn, "intro") && st->intro == NULL) {
				st->intro = text_dup(r, qn, NULL, MAX_HELP,
				    "intro");
				continue;
			}
			if (!is_el(qn, "question"))
				continue;
			lf->qs[lf->nq].q = &st->questions[st->nquestions];
			lf->qs[lf->nq].step = st;
			lf->qs[lf->nq].line = xmlGetLineNo(qn);
			qnodes[lf->nq++] = qn;
			st->nquestions++;
			build_question(r, qn, &st->questions[st->nquestions -
			    1]);
		}
	}
	check_ids(r, lf, snodes);
	check_conditions(r, lf, qnodes);
out:
	free(snodes);
	free(qnodes);
}

static void
loaded_free(struct loaded *lf)
{
	def_free(&lf->def);
	free(lf->qs);
	free(lf->path);
	memset(lf, 0, sizeof(*lf));
}

/* Read, parse, validate, build and check one file; 0 when good. */
static int
load_one(const struct xml_schema *s, struct loaded *lf, struct buf *errs)
{
	struct xml_report	 r;
	struct explained	 ex;
	xmlDocPtr		 doc = NULL;
	char			*text = NULL;
	size_t			 len;
	int			 rc;

	xml_report_init(&r, s, errs, lf->path);
	ex.n = 0;
	r.arg = &ex;
	if (xml_read_capped(&r, &text, &len) == -1)
		goto done;
	if ((doc = xml_parse_valid(&r, s, text, len)) == NULL)
		goto done;
	build_form(&r, doc, lf);
done:
	if (doc != NULL)
		xmlFreeDoc(doc);
	free(text);
	rc = xml_report_bad(&r) ? -1 : 0;
	xml_report_finish(&r);
	lf->good = rc == 0;
	return rc;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.xml names in dir, sorted (dot files skipped); count or -1. */
static int
list_xml(const char *dir, char **names, size_t max, struct buf *errs)
{
	DIR		*d;
	struct dirent	*de;
	size_t		 len, n = 0, i;

	if ((d = opendir(dir)) == NULL) {
		buf_printf(errs, "%s: cannot open the directory: %s\n", dir,
		    strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 5 ||
		    strcmp(de->d_name + len - 4, ".xml") != 0)
			continue;
		if (n == max) {
			buf_printf(errs, "%s: more than %zu form definitions\n",
			    dir, max);
			goto err;
		}
		if ((names[n] = strdup(de->d_name)) == NULL) {
			buf_printf(errs, "%s: out of memory\n", dir);
			goto err;
		}
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), name_cmp);
	return (int)n;
err:
	closedir(d);
	for (i = 0; i < n; i++)
		free(names[i]);
	return -1;
}

/* Form ids and question ids once across the files (the answers of a
 * dossier share one table); the later file is the one reported. */
static int
check_set(struct loaded *lf, size_t n, struct buf *errs)
{
	size_t	 i, j, a, b;
	int	 bad = 0;

	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++) {
			if (strcmp(lf[i].def.id, lf[j].def.id) == 0) {
				buf_printf(errs, "%s:%ld: form id '%s' is also "
				    "used by %s\n", lf[i].path, lf[i].line,
				    lf[i].def.id, lf[j].name);
				bad = 1;
			}
			for (a = 0; a < lf[i].nq; a++)
				for (b = 0; b < lf[j].nq; b++)
					if (strcmp(lf[i].qs[a].q->id,
					    lf[j].qs[b].q->id) == 0) {
						buf_printf(errs, "%s:%ld: "
						    "question id '%s' is also "
						    "used by form '%s' (%s:%ld)"
						    "\n", lf[i].path,
						    lf[i].qs[a].line,
						    lf[i].qs[a].q->id,
						    lf[j].def.id, lf[j].name,
						    lf[j].qs[b].line);
						bad = 1;
					}
		}
	return bad ? -1 : 0;
}

int
forms_load(struct form_cache *cache, const char *dir, const char *rng_path,
    struct buf *errs)
{
	struct xml_schema	 s;
	struct loaded		*lf = NULL;
	struct buf		 sink;
	char			*names[MAX_FILES];
	size_t			 i, n = 0, len;
	int			 count, bad = 0, rc = -1;

	buf_init(&sink, 64 * 1024);
	if (errs == NULL)
		errs = &sink;
	if (cache == NULL || dir == NULL || rng_path == NULL) {
		buf_printf(errs, "forms: no cache, directory or schema "
		    "given\n");
		buf_free(&sink);
		return -1;
	}
	memset(cache, 0, sizeof(*cache));
	if (xml_schema_load(&s, &form_kind, rng_path, errs) == -1) {
		buf_free(&sink);
		return -1;
	}
	if ((count = list_xml(dir, names, MAX_FILES, errs)) == -1)
		goto out;
	n = (size_t)count;
	if (n == 0) {
		buf_printf(errs, "%s: no form definitions (*.xml)\n", dir);
		goto out;
	}
	if ((lf = calloc(n, sizeof(*lf))) == NULL) {
		buf_printf(errs, "%s: out of memory\n", dir);
		goto out;
	}
	for (i = 0; i < n; i++) {
		len = strlen(dir) + strlen(names[i]) + 2;
		if ((lf[i].path = malloc(len)) == NULL) {
			buf_printf(errs, "%s: out of memory\n", dir);
			bad = 1;
			break;
		}
		snprintf(lf[i].path, len, "%s/%s", dir, names[i]);
		lf[i].name = lf[i].path + strlen(dir) + 1;
		if (load_one(&s, &lf[i], errs) == -1)
			bad = 1;
	}
	if (bad || check_set(lf, n, errs) == -1)
		goto out;
	if ((cache->forms = calloc(n, sizeof(*cache->forms))) == NULL) {
		buf_printf(errs, "%s: out of memory\n", dir);
		goto out;
	}
	for (i = 0; i < n; i++) {
		cache->forms[i] = lf[i].def;
		memset(&lf[i].def, 0, sizeof(lf[i].def));
	}
	cache->n = n;
	rc = 0;
out:
	for (i = 0; lf != NULL && i < n; i++)
		loaded_free(&lf[i]);
	free(lf);
	for (i = 0; i < n; i++)
		free(names[i]);
	xml_schema_free(&s);
	buf_free(&sink);
	return rc;
}

void
forms_free(struct form_cache *cache)
{
	size_t	 i;

	if (cache == NULL)
		return;
	for (i = 0; cache->forms != NULL && i < cache->n; i++)
		def_free(&cache->forms[i]);
	free(cache->forms);
	cache->forms = NULL;
	cache->n = 0;
}

const struct form_def *
forms_find(const struct form_cache *cache, const char *id)
{
	size_t	 i;

	if (cache == NULL || id == NULL)
		return NULL;
	for (i = 0; i < cache->n; i++)
		if (strcmp(cache->forms[i].id, id) == 0)
			return &cache->forms[i];
	return NULL;
}

const struct form_question *
form_question(const struct form_def *d, const char *id,
    const struct form_step **step)
{
	size_t	 s, q;

	if (step != NULL)
		*step = NULL;
	if (d == NULL || id == NULL)
		return NULL;
	for (s = 0; s < d->nsteps; s++)
		for (q = 0; q < d->steps[s].nquestions; q++)
			if (strcmp(d->steps[s].questions[q].id, id) == 0) {
				if (step != NULL)
					*step = &d->steps[s];
				return &d->steps[s].questions[q];
			}
	return NULL;
}

/*
 * Answers.
 */

static const struct form_answer *
answer_find(const struct form_answer *a, size_t n, const char *id)
{
	size_t	 i;

	if (a == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (a[i].id != NULL && strcmp(a[i].id, id) == 0)
			return &a[i];
	return NULL;
}

/* Does the answer of a multi-choice (values joined by '\n') hold want? */
static int
list_has(const char *v, size_t len, const char *want, size_t wlen)
{
	const char	*p = v, *end = v + len, *nl;
	size_t		 plen;

	while (p <= end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		plen = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if (plen == wlen && memcmp(p, want, wlen) == 0)
			return 1;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return 0;
}

static size_t
count_questions(const struct form_def *d)
{
	size_t	 s, n = 0;

	for (s = 0; d != NULL && s < d->nsteps; s++)
		n += d->steps[s].nquestions;
	return n;
}

int
form_shown(const struct form_def *d, const struct form_question *q,
    const struct form_answer *answers, size_t nanswers)
{
	const struct form_answer	*a;
	const struct form_question	*t;
	size_t				 guard, max = count_questions(d) + 1;

	/* The condition's question must be shown too; a loaded form has
	 * no cycles (show-if names an earlier question), but a form built
	 * by hand might: the guard stops it. */
	for (guard = 0; q != NULL && q->show_if[0] != '\0'; guard++) {
		if (guard >= max || q->show_value == NULL)
			return 0;
		a = answer_find(answers, nanswers, q->show_if);
		if (a == NULL || a->value == NULL)
			return 0;
		t = form_question(d, q->show_if, NULL);
		if (t != NULL && t->type == Q_MULTI_CHOICE) {
			if (!list_has(a->value, a->len, q->show_value,
			    strlen(q->show_value)))
				return 0;
		} else if (a->len != strlen(q->show_value) ||
		    memcmp(a->value, q->show_value, a->len) != 0)
			return 0;
		q = t;
	}
	return 1;
}

/* Answered: not empty, not only white space, and good. */
static int
answered(const struct form_question *q, const struct form_answer *a)
{
	size_t	 i;

	if (a == NULL || a->value == NULL || a->len == 0)
		return 0;
	for (i = 0; i < a->len; i++)
		if (a->value[i] != ' ' && a->value[i] != '\t' &&
		    a->value[i] != '\r' && a->value[i] != '\n')
			break;
	if (i == a->len)
		return 0;
	return form_check(q, a->value, a->len) == NULL;
}

int
form_step_percent(const struct form_def *d, const struct form_step *st,
    const struct form_answer *answers, size_t nanswers)
{
	const struct form_question	*q;
	size_t				 i, total = 0, done = 0;

	if (st == NULL)
		return 100;
	for (i = 0; i < st->nquestions; i++) {
		q = &st->questions[i];
		if (!q->required || !form_shown(d, q, answers, nanswers))
			continue;
		total++;
		if (answered(q, answer_find(answers, nanswers, q->id)))
			done++;
	}
	if (total == 0)
		return 100;
	return (int)(done * 100 / total);
}

/* Text: valid UTF-8 without NUL, C0 controls (TAB allowed; CR and LF
 * only when multiline), DEL, C1 controls, U+FFFE and U+FFFF; at most
 * max characters, a CR LF pair counting as one. */
static const char *
check_text(const struct form_question *q, const char *v, size_t len,
    int multiline)
{
	const unsigned char	*s = (const unsigned char *)v;
	size_t			 i, chars, crlf = 0;
	long			 max;

	if (!utf8_valid(v, len))
		return M_CHARS;
	for (i = 0; i < len; i++) {
		if (s[i] == '\r' || s[i] == '\n') {
			if (!multiline)
				return M_ONE_LINE;
			if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
				crlf++;
			continue;
		}
		if ((s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7f)
			return M_CHARS;
		if (s[i] == 0xc2 && i + 1 < len && s[i + 1] >= 0x80 &&
		    s[i + 1] <= 0x9f)
			return M_CHARS;
		if (s[i] == 0xef && i + 2 < len && s[i + 1] == 0xbf &&
		    (s[i + 2] == 0xbe || s[i + 2] == 0xbf))
			return M_CHARS;
	}
	max = q->max > 0 ? q->max : multiline ? LONG_MAX_DEFAULT :
	    TEXT_MAX_DEFAULT;
	chars = utf8_chars(v, len) - crlf;
	if (chars > (size_t)max)
		return M_TOO_LONG;
	return NULL;
}

/* Index of the option with this value, or -1. */
static long
option_index(const struct form_question *q, const char *v, size_t len)
{
	size_t	 i;

	for (i = 0; q->options != NULL && i < q->noptions; i++)
		if (q->options[i].value != NULL &&
		    strlen(q->options[i].value) == len &&
		    memcmp(q->options[i].value, v, len) == 0)
			return (long)i;
	return -1;
}

static const char *
check_multi(const struct form_question *q, const char *v, size_t len)
{
	uint64_t	 seen[4] = { 0, 0, 0, 0 };
	const char	*p = v, *end = v + len, *nl, *e;
	size_t		 plen, elen;
	long		 idx;

	for (;;) {
		nl = memchr(p, '\n', (size_t)(end - p));
		plen = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if ((idx = option_index(q, p, plen)) < 0)
			return M_MULTI;
		if (idx < 256) {
			if (seen[idx / 64] & (UINT64_C(1) << (idx % 64)))
				return M_MULTI_TWICE;
			seen[idx / 64] |= UINT64_C(1) << (idx % 64);
		} else {
			/* Past the bitmap (a form built by hand): look
			 * back through the pieces before this one. */
			for (e = v; e < p; e += elen + 1) {
				elen = (size_t)((const char *)memchr(e, '\n',
				    (size_t)(p - e)) - e);
				if (elen == plen && memcmp(e, p, plen) == 0)
					return M_MULTI_TWICE;
			}
		}
		if (nl == NULL)
			return NULL;
		p = nl + 1;
	}
}

static int
is_digits(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* YYYY-MM-DD, a real day from DATE_YEAR_MIN to DATE_YEAR_MAX. */
static const char *
check_date(const char *v, size_t len)
{
	static const int	 mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31,
				    30, 31, 30, 31 };
	int			 y, m, d;

	if (len != 10 || v[4] != '-' || v[7] != '-' || !is_digits(v, 4) ||
	    !is_digits(v + 5, 2) || !is_digits(v + 8, 2))
		return M_DATE;
	y = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 +
	    (v[3] - '0');
	m = (v[5] - '0') * 10 + (v[6] - '0');
	d = (v[8] - '0') * 10 + (v[9] - '0');
	if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX || m < 1 || m > 12 ||
	    d < 1 || d > mdays[m - 1])
		return M_DATE;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0)))
		return M_DATE;
	return NULL;
}

/* -?[0-9]+ within min..max (leading zeros are allowed). */
static const char *
check_number(const struct form_question *q, const char *v, size_t len)
{
	long long	 x = 0;
	size_t		 i = 0, digits;
	int		 neg = 0;

	if (v[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i == len || !is_digits(v + i, len - i))
		return M_NUMBER;
	while (i < len - 1 && v[i] == '0')	/* leading zeros */
		i++;
	digits = len - i;
	if (digits > 15)
		return M_RANGE;
	for (; i < len; i++)
		x = x * 10 + (v[i] - '0');
	if (neg)
		x = -x;
	if (x < q->min || x > q->max)
		return M_RANGE;
	return NULL;
}

/* The tenant id of an MBO college: [a-z0-9-]{1,64}.  Whether it exists
 * (and participates) is the caller's to check. */
static const char *
check_mbo(const char *v, size_t len)
{
	size_t	 i;

	if (len > FORM_MAX_ID)
		return M_MBO;
	for (i = 0; i < len; i++)
		if (!((v[i] >= 'a' && v[i] <= 'z') ||
		    (v[i] >= '0' && v[i] <= '9') || v[i] == '-'))
			return M_MBO;
	return NULL;
}

static int
all_digits(const char *v, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (v[i] < '0' || v[i] > '9')
			return 0;
	return 1;
}

const char *
form_check(const struct form_question *q, const char *value, size_t len)
{
	if (q == NULL || (unsigned int)q->type >= Q__MAX)
		return M_NO_QUESTION;
	if (len == 0)
		return NULL;
	if (value == NULL)
		return M_CHARS;
	if (len > FORM_MAX_ANSWER)
		return M_TOO_LONG;
	switch (q->type) {
	case Q_TEXT:
		return check_text(q, value, len, 0);
	case Q_LONG_TEXT:
		return check_text(q, value, len, 1);
	case Q_CHOICE:
		return option_index(q, value, len) >= 0 ? NULL : M_CHOICE;
	case Q_MULTI_CHOICE:
		return check_multi(q, value, len);
	case Q_YES_NO:
		if ((len == 2 && memcmp(value, "ja", 2) == 0) ||
		    (len == 3 && memcmp(value, "nee", 3) == 0))
			return NULL;
		return M_YES_NO;
	case Q_DATE:
		return check_date(value, len);
	case Q_NUMBER:
		return check_number(q, value, len);
	case Q_MBO:
		return check_mbo(value, len);
	case Q_FILE:
		/* Set by the server (fill.c), never typed: an id.  The value
		 * has a length, not a NUL (found by tests/fuzz/answers). */
		return all_digits(value, len) && len <= 18 ? NULL : M_CHARS;
	default:
		return M_NO_QUESTION;
	}
}

/*
 * The definition as XML.
 */

void
form_to_xml(const struct form_def *d, xmlNodePtr parent)
{
	const struct form_step		*st;
	const struct form_question	*q;
	xmlNodePtr			 fn, sn, qn, on;
	size_t				 s, i, o;

	if (d == NULL || parent == NULL)
		return;
	if ((fn = xo_el(parent, "form", NULL)) == NULL)
		return;
	xo_attr(fn, "id", d->id);
	xo_attr(fn, "title", d->title != NULL ? d->title : "");
	for (s = 0; s < d->nsteps; s++) {
		st = &d->steps[s];
		if ((sn = xo_el(fn, "step", NULL)) == NULL)
			return;
		xo_attr(sn, "id", st->id);
		xo_attr(sn, "title", st->title != NULL ? st->title : "");
		if (st->intro != NULL)
			xo_el(sn, "intro", st->intro);
		for (i = 0; i < st->nquestions; i++) {
			q = &st->questions[i];
			if ((qn = xo_el(sn, "question", NULL)) == NULL)
				return;
			xo_attr(qn, "id", q->id);
			xo_attr(qn, "type", (unsigned int)q->type < Q__MAX ?
			    type_names[q->type] : "text");
			xo_attr(qn, "required", q->required ? "1" : "0");
			if (q->show_if[0] != '\0' && q->show_value != NULL) {
				xo_attr(qn, "show-if", q->show_if);
				xo_attr(qn, "show-value", q->show_value);
			}
			if (q->type == Q_NUMBER) {
				xo_attr_int(qn, "min", q->min);
				xo_attr_int(qn, "max", q->max);
			} else if (q->type == Q_TEXT ||
			    q->type == Q_LONG_TEXT)
				xo_attr_int(qn, "max", q->max > 0 ? q->max :
				    q->type == Q_TEXT ? TEXT_MAX_DEFAULT :
				    LONG_MAX_DEFAULT);
			xo_el(qn, "label", q->label != NULL ? q->label : "");
			if (q->help != NULL)
				xo_el(qn, "help", q->help);
			for (o = 0; q->options != NULL && o < q->noptions;
			    o++) {
				on = xo_el(qn, "option",
				    q->options[o].label != NULL ?
				    q->options[o].label : "");
				xo_attr(on, "value",
				    q->options[o].value != NULL ?
				    q->options[o].value : "");
			}
		}
	}
}
