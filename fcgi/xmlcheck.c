/* Checking an operator's XML file against a RELAX NG schema: see
 * xmlcheck.h.  Stages: reading (size, UTF-8), parsing (well-formedness;
 * the first error only, later ones are mostly its echoes), RELAX NG
 * (libxml2's messages, rewritten into plain English).  The caller's own
 * checks run after these, on a file that passed the schema, and report
 * into the same report. */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "req.h"
#include "xmlcheck.h"

#define RNG_NS		"http://relaxng.org/ns/structure/1.0"

/*
 * The report.
 */

/* 0 added, 1 dropped as a repeat (libxml2 repeats itself), -1 dropped
 * for want of room. */
static int
message_add(struct xml_message *v, size_t *nv, long line, const char *text)
{
	char	*t, *p;

	if (*nv > 0 && v[*nv - 1].line == line &&
	    strcmp(v[*nv - 1].text, text) == 0)
		return 1;
	if (*nv == XML_MAX_MESSAGES || (t = strdup(text)) == NULL)
		return -1;
	for (p = t; *p != '\0'; p++)		/* one line, whatever came in */
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	v[*nv].line = line;
	v[*nv].seq = *nv;
	v[*nv].text = t;
	(*nv)++;
	return 0;
}

void
xml_report_add(struct xml_report *r, long line, const char *fmt, ...)
{
	char	 text[512];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	(void)utf8_scrub(text);	/* a value cut at a byte limit */
	switch (message_add(r->msg, &r->nmsg, line, text)) {
	case 0:
		r->n++;
		break;
	case -1:
		r->n++;
		r->dropped++;
		break;
	default:
		break;
	}
}

void
xml_report_follow(struct xml_report *r, long line, const char *fmt, ...)
{
	char	 text[512];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	(void)utf8_scrub(text);	/* a value cut at a byte limit */
	(void)message_add(r->follow, &r->nfollow, line, text);
}

static void
report_setup(struct xml_report *r, const struct xml_kind *kind,
    struct buf *errs, const char *file, const xmlDoc *schema_doc)
{
	memset(r, 0, sizeof(*r));
	r->errs = errs;
	r->file = file;
	r->kind = kind;
	r->schema_doc = schema_doc;
}

void
xml_report_init(struct xml_report *r, const struct xml_schema *s,
    struct buf *errs, const char *file)
{
	report_setup(r, s->kind, errs, file, s->doc);
}

int
xml_report_bad(const struct xml_report *r)
{
	return r->n > 0 || r->nfollow > 0;
}

static int
message_cmp(const void *a, const void *b)
{
	const struct xml_message	*x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
xml_report_finish(struct xml_report *r)
{
	struct xml_message	*v = r->msg;
	size_t			 n = r->nmsg, i;

	if (n == 0) {
		v = r->follow;
		n = r->nfollow;
	}
	qsort(v, n, sizeof(*v), message_cmp);
	for (i = 0; i < n; i++) {
		if (v[i].line > 0)
			buf_printf(r->errs, "%s:%ld: %s\n", r->file,
			    v[i].line, v[i].text);
		else
			buf_printf(r->errs, "%s: %s\n", r->file, v[i].text);
	}
	if (v == r->msg && r->dropped > 0)
		buf_printf(r->errs, "%s: %d more problems not shown\n",
		    r->file, r->dropped);
	for (i = 0; i < r->nmsg; i++)
		free(r->msg[i].text);
	for (i = 0; i < r->nfollow; i++)
		free(r->follow[i].text);
	r->nmsg = r->nfollow = 0;
}

/*
 * Reading.
 */

/* Strict UTF-8: no overlong forms, surrogates, code points past U+10FFFF
 * or NUL bytes.  Returns the offset of the first bad byte, or len. */
static size_t
utf8_bad_offset(const unsigned char *s, size_t len)
{
	size_t		 i = 0, n, k;
	unsigned int	 c, min;

	while (i < len) {
		c = s[i];
		if (c == 0)
			return i;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			c &= 0x1f;
			min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			c &= 0x0f;
			min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			c &= 0x07;
			min = 0x10000;
		} else
			return i;
		if (len - i <= n)
			return i;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			c = (c << 6) | (s[i + k] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return i;
		i += n + 1;
	}
	return len;
}

static long
line_at(const char *s, size_t off)
{
	long	 line = 1;
	size_t	 i;

	for (i = 0; i < off; i++)
		if (s[i] == '\n')
			line++;
	return line;
}

int
xml_read_capped(struct xml_report *r, char **text, size_t *lenp)
{
	struct stat	 st;
	const size_t	 max = r->kind->max_file;
	char		*p = NULL;
	size_t		 len = 0, bad;
	ssize_t		 got;
	int		 fd;

	if ((fd = open(r->file, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		xml_report_add(r, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		xml_report_add(r, 0, "not a regular file");
		goto err;
	}
	if (st.st_size > (off_t)max) {
		xml_report_add(r, 0, "file is larger than %zu bytes", max);
		goto err;
	}
	/* One byte more than the cap: a file that grew is noticed. */
	if ((p = malloc(max + 2)) == NULL) {
		xml_report_add(r, 0, "out of memory");
		goto err;
	}
	while (len <= max) {
		got = read(fd, p + len, max + 1 - len);
		if (got == -1 && errno == EINTR)
			continue;
		if (got == -1) {
			xml_report_add(r, 0, "cannot read: %s",
			    strerror(errno));
			goto err;
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	if (len > max) {
		xml_report_add(r, 0, "file is larger than %zu bytes", max);
		goto err;
	}
	p[len] = '\0';
	if ((bad = utf8_bad_offset((unsigned char *)p, len)) != len) {
		xml_report_add(r, line_at(p, bad), "not valid UTF-8 text: "
		    "save the file as UTF-8");
		goto err;
	}
	close(fd);
	*text = p;
	*lenp = len;
	return 0;
err:
	free(p);
	close(fd);
	return -1;
}

/*
 * libxml2's error handlers.
 */

/* Copy of a libxml2 message without its trailing newline. */
static void
clean_message(const char *msg, char *dst, size_t size)
{
	size_t	 len;

	if (msg == NULL)
		msg = "unknown error";
	len = strlen(msg);
	while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' ' ||
	    msg[len - 1] == '\r'))
		len--;
	if (len >= size)
		len = size - 1;
	memcpy(dst, msg, len);
	dst[len] = '\0';
}

/* The handlers are per thread: set ours for one call and put back what
 * was there.  The generic (unstructured) channel is silenced meanwhile so
 * nothing reaches stderr behind our back. */
struct handlers {
	xmlStructuredErrorFunc	 serror;
	void			*sctx;
	xmlGenericErrorFunc	 gerror;
	void			*gctx;
};

static void
silent(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

static void
handlers_push(struct handlers *h, xmlStructuredErrorFunc f, void *ctx)
{
	h->serror = xmlStructuredError;
	h->sctx = xmlStructuredErrorContext;
	h->gerror = xmlGenericError;
	h->gctx = xmlGenericErrorContext;
	xmlSetStructuredErrorFunc(ctx, f);
	xmlSetGenericErrorFunc(NULL, silent);
}

static void
handlers_pop(const struct handlers *h)
{
	xmlSetStructuredErrorFunc(h->sctx, h->serror);
	xmlSetGenericErrorFunc(h->gctx, h->gerror);
}

/* Parser errors: the first one only; after a fatal error libxml2 mostly
 * reports echoes of it.  Warnings (not problems in the file) are
 * dropped. */
static void
parse_error(void *ctx, xmlErrorPtr e)
{
	struct xml_report	*r = ctx;
	char			 msg[400];

	if (e == NULL || e->level == XML_ERR_WARNING)
		return;
	if (r->parse_failed || r->doctype)
		return;
	r->parse_failed = 1;
	clean_message(e->message, msg, sizeof(msg));
	/* libxml2's advice would be to lift its limits: no. */
	if (strstr(msg, "XML_PARSE_HUGE") != NULL)
		snprintf(msg, sizeof(msg), "elements are nested too deeply, "
		    "or a text is too long");
	xml_report_add(r, e->line, "%s", msg);
}

/* SAX hook: a DOCTYPE is refused before its internal subset (entity
 * declarations) is even read. */
static void
refuse_doctype(void *ctx, const xmlChar *name, const xmlChar *eid,
    const xmlChar *sid)
{
	xmlParserCtxtPtr	 ctxt = ctx;
	struct xml_report	*r = ctxt->_private;

	(void)name;
	(void)eid;
	(void)sid;
	if (!r->doctype)
		xml_report_add(r, ctxt->input != NULL ? ctxt->input->line : 0,
		    "a DOCTYPE is not allowed in %s", r->kind->doc_name);
	r->doctype = 1;
	xmlStopParser(ctxt);
}

/*
 * Tree helpers.
 */

int
xml_is_el(const xmlNode *n, const char *ns, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    xmlStrEqual(n->ns->href, BAD_CAST ns) &&
	    (name == NULL || xmlStrEqual(n->name, BAD_CAST name));
}

xmlNodePtr
xml_next_el(xmlNodePtr n)
{
	for (; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return n;
	return NULL;
}

xmlNodePtr
xml_child(const xmlNode *parent, const char *ns, const char *name)
{
	xmlNodePtr	 n;

	for (n = parent != NULL ? parent->children : NULL; n != NULL;
	    n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    xmlStrEqual(n->name, BAD_CAST name) && (ns == NULL ||
		    (n->ns != NULL && xmlStrEqual(n->ns->href, BAD_CAST ns))))
			return n;
	return NULL;
}

/* Whitespace-collapsing copy (as the schema's token type sees it). */
struct collapse {
	char	*dst;
	size_t	 size, len;
	int	 space, over;
};

static void
collapse_add(struct collapse *c, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			c->space = c->len > 0;
			continue;
		}
		if (c->space) {
			if (c->len + 1 < c->size)
				c->dst[c->len++] = ' ';
			else
				c->over = 1;
			c->space = 0;
		}
		if (c->len + 1 < c->size)
			c->dst[c->len++] = *s;
		else
			c->over = 1;
	}
	c->dst[c->len] = '\0';
}

const xmlAttr *
xml_attr_find(const xmlNode *n, const char *name)
{
	const xmlAttr	*a;

	for (a = n->properties; a != NULL; a = a->next)
		if (a->ns == NULL && xmlStrEqual(a->name, BAD_CAST name))
			return a;
	return NULL;
}

int
xml_attr_get(const xmlNode *n, const char *name, char *dst, size_t size)
{
	const xmlAttr	*a;
	const xmlNode	*t;
	struct collapse	 c = { dst, size, 0, 0, 0 };

	dst[0] = '\0';
	if ((a = xml_attr_find(n, name)) == NULL)
		return -2;
	for (t = a->children; t != NULL; t = t->next)
		if (t->type == XML_TEXT_NODE && t->content != NULL)
			collapse_add(&c, (const char *)t->content);
	return c.over ? -1 : (int)c.len;
}

int
xml_text_get(const xmlNode *n, char *dst, size_t size)
{
	const xmlNode	*t;
	struct collapse	 c = { dst, size, 0, 0, 0 };

	dst[0] = '\0';
	for (t = n->children; t != NULL; t = t->next)
		if ((t->type == XML_TEXT_NODE ||
		    t->type == XML_CDATA_SECTION_NODE) && t->content != NULL)
			collapse_add(&c, (const char *)t->content);
	return c.over ? -1 : (int)c.len;
}

const char *
xml_node_name(const xmlNode *n)
{
	return n != NULL && n->name != NULL ? (const char *)n->name : "?";
}

/* Whether the schema defines an element of this name anywhere. */
static int
schema_knows(const xmlNode *n, const xmlChar *name)
{
	xmlChar	*v;
	int	 found;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (n->ns != NULL && xmlStrEqual(n->ns->href, BAD_CAST RNG_NS) &&
		    xmlStrEqual(n->name, BAD_CAST "element")) {
			v = xmlGetNoNsProp(n, BAD_CAST "name");
			found = v != NULL && xmlStrEqual(v, name);
			xmlFree(v);
			if (found)
				return 1;
		}
		if (schema_knows(n->children, name))
			return 1;
	}
	return 0;
}

/* The element before n among its siblings, or NULL. */
static const xmlNode *
prev_element(const xmlNode *n)
{
	for (n = n->prev; n != NULL; n = n->prev)
		if (n->type == XML_ELEMENT_NODE)
			return n;
	return NULL;
}

/* Describe an element with its attribute values, shortened:
 * <deadline phase="deel_c" date="2027-03-22">. */
static void
describe_attrs(const xmlNode *n, char *dst, size_t size)
{
	const xmlAttr	*a;
	char		 v[41];
	size_t		 len;
	int		 w, over;

	w = snprintf(dst, size, "<%s", xml_node_name(n));
	len = w < 0 ? 0 : (size_t)w;
	for (a = n->properties; a != NULL && len < size; a = a->next) {
		/* -2 (no such attribute without a namespace) shows "". */
		over = xml_attr_get(n, (const char *)a->name, v,
		    sizeof(v)) == -1;
		w = snprintf(dst + len, size - len, " %s=\"%s%s\"",
		    (const char *)a->name, v, over ? "..." : "");
		len += w < 0 ? 0 : (size_t)w;
	}
	if (len < size)
		snprintf(dst + len, size - len, ">");
}

/* RELAX NG validity errors, rewritten from libxml2's wording; the kind's
 * own rewriting first. */
static void
rng_error(void *ctx, xmlErrorPtr e)
{
	struct xml_report	*r = ctx;
	const xmlNode		*node = NULL, *prev;
	const char		*s1, *s2, *ns = r->kind->ns;
	char			 msg[400], desc[300];
	long			 line;

	if (e == NULL || e->level == XML_ERR_WARNING)
		return;
	if (e->node != NULL)
		node = e->node;
	line = node != NULL ? xmlGetLineNo(node) : e->line;
	s1 = e->str1 != NULL ? e->str1 : "";
	s2 = e->str2 != NULL ? e->str2 : "";
	if (e->domain != XML_FROM_RELAXNGV) {
		clean_message(e->message, msg, sizeof(msg));
		xml_report_add(r, line, "%s", msg);
		return;
	}
	if (r->kind->rng_error != NULL &&
	    r->kind->rng_error(r, e, node, line))
		return;
	switch (e->code) {
	case XML_RELAXNG_ERR_ELEMWRONG:
		if (r->schema_doc == NULL || !schema_knows(
		    xmlDocGetRootElement(r->schema_doc), BAD_CAST s1)) {
			xml_report_add(r, line, "unknown element <%s>", s1);
			break;
		}
		if (node != NULL && (prev = prev_element(node)) != NULL)
			xml_report_add(r, line, "element <%s> is not allowed "
			    "here, after <%s>: an element before it is "
			    "missing, or the order is wrong", s1,
			    xml_node_name(prev));
		else
			xml_report_add(r, line, "element <%s> is not allowed "
			    "here, at the start of <%s>: an element before it "
			    "is missing, or the order is wrong", s1,
			    node != NULL ? xml_node_name(node->parent) : "?");
		break;
	case XML_RELAXNG_ERR_ELEMNAME:
		xml_report_add(r, line, "expected element <%s> here, not "
		    "<%s>", s1, s2);
		break;
	case XML_RELAXNG_ERR_NOELEM:
		if (*s1 != '\0')
			xml_report_add(r, line, "<%s> is incomplete: element "
			    "<%s> is missing", xml_node_name(node), s1);
		else
			xml_report_add(r, line, "<%s> is incomplete: a "
			    "required element is missing",
			    xml_node_name(node));
		break;
	case XML_RELAXNG_ERR_NOTELEM:
	case XML_RELAXNG_ERR_TEXTWRONG:
		xml_report_add(r, line, "text is not allowed in <%s>",
		    xml_node_name(node));
		break;
	case XML_RELAXNG_ERR_ELEMNOTEMPTY:
		xml_report_add(r, line, "<%s> must be empty", s1);
		break;
	case XML_RELAXNG_ERR_DATAELEM:
		xml_report_add(r, line, "<%s> may hold only text, not "
		    "elements", s1);
		break;
	case XML_RELAXNG_ERR_INVALIDATTR:
		xml_report_add(r, line, "attribute %s is not allowed on <%s>",
		    s1, s2);
		break;
	case XML_RELAXNG_ERR_ATTRVALID:
		if (node != NULL)
			describe_attrs(node, desc, sizeof(desc));
		else
			snprintf(desc, sizeof(desc), "<%s>", s1);
		xml_report_add(r, line, "%s: a required attribute is missing, "
		    "or a value is not allowed", desc);
		break;
	case XML_RELAXNG_ERR_ELEMNONS:
		xml_report_add(r, line, "element <%s> must be in the "
		    "namespace %s (xmlns=\"%s\")", s1, ns, ns);
		break;
	case XML_RELAXNG_ERR_ELEMWRONGNS:
	case XML_RELAXNG_ERR_ELEMEXTRANS:
		xml_report_add(r, line, "element <%s> is in the wrong "
		    "namespace; expected %s", s1, ns);
		break;
	case XML_RELAXNG_ERR_DATATYPE:
	case XML_RELAXNG_ERR_VALUE:
	case XML_RELAXNG_ERR_TYPE:
		if (node != NULL && node->type == XML_ELEMENT_NODE &&
		    xml_text_get(node, desc, sizeof(desc)) == 0)
			xml_report_add(r, line, "<%s> is empty",
			    xml_node_name(node));
		else
			xml_report_add(r, line, "<%s> has a value that is not "
			    "allowed", xml_node_name(node));
		break;
	case XML_RELAXNG_ERR_CONTENTVALID:
	case XML_RELAXNG_ERR_EXTRACONTENT:
	case XML_RELAXNG_ERR_INTERSEQ:
		/* Follow-ups: kept aside, see struct xml_report. */
		xml_report_follow(r, line, "<%s> has content that is not "
		    "allowed", s1);
		break;
	default:
		clean_message(e->message, msg, sizeof(msg));
		xml_report_add(r, line, "%s", msg);
		break;
	}
}

/* Errors in the schema file itself: libxml2's own words. */
static void
schema_error(void *ctx, xmlErrorPtr e)
{
	struct xml_report	*r = ctx;
	char			 msg[400];

	if (e == NULL || e->level == XML_ERR_WARNING)
		return;
	clean_message(e->message, msg, sizeof(msg));
	xml_report_add(r, e->node != NULL ? xmlGetLineNo(e->node) : e->line,
	    "%s", msg);
}

/*
 * The schema, parsing and validation.
 */

void
xml_schema_free(struct xml_schema *s)
{
	if (s->rng != NULL)
		xmlRelaxNGFree(s->rng);
	if (s->doc != NULL)
		xmlFreeDoc(s->doc);
	s->rng = NULL;
	s->doc = NULL;
}

int
xml_schema_load(struct xml_schema *s, const struct xml_kind *kind,
    const char *rng_path, struct buf *errs)
{
	struct xml_report	 r;
	struct handlers		 h;
	xmlRelaxNGParserCtxtPtr	 pctxt = NULL;
	char			*text = NULL;
	size_t			 len;

	memset(s, 0, sizeof(*s));
	s->kind = kind;
	report_setup(&r, kind, errs, rng_path, NULL);
	if (xml_read_capped(&r, &text, &len) == -1) {
		xml_report_finish(&r);
		return -1;
	}
	handlers_push(&h, schema_error, &r);
	s->doc = xmlReadMemory(text, (int)len, rng_path, NULL,
	    XML_PARSE_NONET);
	free(text);
	if (s->doc == NULL)
		goto err;
	if ((pctxt = xmlRelaxNGNewDocParserCtxt(s->doc)) == NULL)
		goto err;
	xmlRelaxNGSetParserStructuredErrors(pctxt, schema_error, &r);
	if ((s->rng = xmlRelaxNGParse(pctxt)) == NULL)
		goto err;
	xmlRelaxNGFreeParserCtxt(pctxt);
	handlers_pop(&h);
	xml_report_finish(&r);
	return 0;
err:
	if (pctxt != NULL)
		xmlRelaxNGFreeParserCtxt(pctxt);
	handlers_pop(&h);
	if (r.n == 0)
		xml_report_add(&r, 0, "cannot load %s", kind->schema_name);
	xml_report_finish(&r);
	xml_schema_free(s);
	return -1;
}

/* Parse from memory; a DOCTYPE stops the parser at once. */
static xmlDocPtr
parse_text(struct xml_report *r, const char *text, size_t len)
{
	struct handlers		 h;
	xmlParserCtxtPtr	 ctxt;
	xmlDocPtr		 doc = NULL;

	if (len > r->kind->max_file)
		return NULL;
	handlers_push(&h, parse_error, r);
	if ((ctxt = xmlNewParserCtxt()) == NULL) {
		handlers_pop(&h);
		xml_report_add(r, 0, "out of memory");
		return NULL;
	}
	ctxt->_private = r;
	ctxt->sax->internalSubset = refuse_doctype;
	/* Never XML_PARSE_NOENT, DTDLOAD, DTDATTR, XINCLUDE or HUGE. */
	doc = xmlCtxtReadMemory(ctxt, text, (int)len, r->file, NULL,
	    XML_PARSE_NONET | XML_PARSE_BIG_LINES);
	xmlFreeParserCtxt(ctxt);
	handlers_pop(&h);
	if (doc != NULL && (r->doctype || r->parse_failed ||
	    doc->intSubset != NULL || doc->extSubset != NULL)) {
		if (!r->doctype && !r->parse_failed)
			xml_report_add(r, 1, "a DOCTYPE is not allowed in %s",
			    r->kind->doc_name);
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (doc == NULL && r->n == 0)
		xml_report_add(r, 0, "not a well-formed XML document");
	if (doc != NULL && doc->encoding != NULL &&
	    xmlStrcasecmp(doc->encoding, BAD_CAST "UTF-8") != 0 &&
	    xmlStrcasecmp(doc->encoding, BAD_CAST "UTF8") != 0) {
		xml_report_add(r, 1, "encoding=\"%s\" is not supported: save "
		    "the file as UTF-8", (const char *)doc->encoding);
		xmlFreeDoc(doc);
		doc = NULL;
	}
	return doc;
}

static int
validate(struct xml_report *r, const struct xml_schema *s, xmlDocPtr doc)
{
	struct handlers		 h;
	xmlRelaxNGValidCtxtPtr	 vctxt;
	int			 rc;

	if ((vctxt = xmlRelaxNGNewValidCtxt(s->rng)) == NULL) {
		xml_report_add(r, 0, "out of memory");
		return -1;
	}
	handlers_push(&h, rng_error, r);
	xmlRelaxNGSetValidStructuredErrors(vctxt, rng_error, r);
	rc = xmlRelaxNGValidateDoc(vctxt, doc);
	xmlRelaxNGFreeValidCtxt(vctxt);
	handlers_pop(&h);
	if (rc != 0 && !xml_report_bad(r))
		xml_report_add(r, 0, "does not match %s",
		    r->kind->schema_name);
	return rc == 0 && !xml_report_bad(r) ? 0 : -1;
}

xmlDocPtr
xml_parse_valid(struct xml_report *r, const struct xml_schema *s,
    const char *text, size_t len)
{
	xmlDocPtr	 doc;

	if ((doc = parse_text(r, text, len)) == NULL)
		return NULL;
	if (validate(r, s, doc) == -1) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}
