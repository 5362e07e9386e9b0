/* Checking an XML file that an operator writes (a tenant file, a form
 * definition) against a RELAX NG schema: read it with a size cap as
 * strict UTF-8, parse it from memory (no DTD, no entities, no network; a
 * DOCTYPE is refused before its internal subset is read), validate it,
 * and say every problem as one line "file:line: message" in plain
 * English, in line order, at most XML_MAX_MESSAGES of them per file.
 *
 * libxml2's error handlers are per thread: each call here sets its own,
 * with the report as their context, and puts back what was there.
 * Nothing is shared between calls but the schema, which is read-only
 * once loaded. */
#ifndef DDD_XMLCHECK_H
#define DDD_XMLCHECK_H

#include <stddef.h>

#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "buf.h"

#define XML_MAX_MESSAGES	50	/* kept per file; more are counted */

struct xml_report;

/* What is checked: one per kind of document, constant. */
struct xml_kind {
	const char	*ns;		/* namespace of the elements */
	const char	*doc_name;	/* "a tenant file": "a DOCTYPE is not
					 * allowed in a tenant file" */
	const char	*schema_name;	/* "the tenant schema": "cannot load
					 * the tenant schema" */
	size_t		 max_file;	/* bytes, of a document and the schema */
	/* RELAX NG validity errors the caller words itself: called first
	 * with each (the element, if known, and its line); 1 when it
	 * reported the error, 0 for the common wording.  NULL: none. */
	int		(*rng_error)(struct xml_report *, const xmlError *,
			    const xmlNode *, long line);
};

struct xml_schema {
	const struct xml_kind *kind;
	xmlDocPtr	 doc;	/* the schema as XML: element names */
	xmlRelaxNGPtr	 rng;
};

/* One problem: its line (0 for the whole file) and text. */
struct xml_message {
	long	 line;
	size_t	 seq;
	char	*text;
};

/* The problems of one file; written to errs sorted by line, as
 * "file:line: message", by xml_report_finish(). */
struct xml_report {
	struct buf	*errs;
	const char	*file;
	const struct xml_kind *kind;
	int		 n;		/* problems found */
	int		 dropped;	/* of those, not kept (no room) */
	int		 parse_failed;	/* a parser error was reported */
	int		 doctype;	/* a DOCTYPE was refused */
	const xmlDoc	*schema_doc;	/* for element names in messages */
	struct xml_message msg[XML_MAX_MESSAGES];
	size_t		 nmsg;
	/* libxml2 follows a precise message with a vague one about the
	 * parent ("failed to validate content"): kept aside, used only when
	 * nothing precise was said. */
	struct xml_message follow[XML_MAX_MESSAGES];
	size_t		 nfollow;
	void		*arg;		/* the caller's, for kind->rng_error;
					 * NULL after xml_report_init() */
};

/* Load the schema at rng_path for documents of kind; -1 with
 * "file:line: message" lines in errs. */
int		 xml_schema_load(struct xml_schema *, const struct xml_kind *,
		    const char *rng_path, struct buf *errs);
void		 xml_schema_free(struct xml_schema *);

/* A report on file, a document checked against the schema. */
void		 xml_report_init(struct xml_report *, const struct xml_schema *,
		    struct buf *errs, const char *file);
/* A problem at line (0: the whole file). */
void		 xml_report_add(struct xml_report *, long line,
		    const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
/* A vague follow-up problem: said only when nothing else is. */
void		 xml_report_follow(struct xml_report *, long line,
		    const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
/* Whether anything is wrong so far. */
int		 xml_report_bad(const struct xml_report *);
/* Write the messages to errs, in line order, and forget them. */
void		 xml_report_finish(struct xml_report *);

/* Read the report's file whole, at most kind->max_file bytes, as strict
 * UTF-8 (no NUL bytes), NUL-terminated into *text (the caller frees it).
 * What is read here is what is validated.  -1 when reported. */
int		 xml_read_capped(struct xml_report *, char **text, size_t *len);
/* Parse text (the report's file) and validate it against the schema:
 * the document when well-formed and valid, else NULL with the problems
 * in the report. */
xmlDocPtr	 xml_parse_valid(struct xml_report *, const struct xml_schema *,
		    const char *text, size_t len);

/*
 * Tree helpers.  Text is whitespace-collapsed, as the schema's token type
 * sees it.
 */

/* Whether n is an element in namespace ns named name (any when NULL). */
int		 xml_is_el(const xmlNode *n, const char *ns, const char *name);
/* n or the first element after it, or NULL. */
xmlNodePtr	 xml_next_el(xmlNodePtr n);
/* The first child element of parent (which may be NULL) named name, in
 * namespace ns (NULL: in any namespace or none), or NULL. */
xmlNodePtr	 xml_child(const xmlNode *parent, const char *ns,
		    const char *name);
#define XML_FOREACH_EL(c, parent) \
	for ((c) = xml_next_el((parent)->children); (c) != NULL; \
	    (c) = xml_next_el((c)->next))
/* The attribute name without a namespace, or NULL. */
const xmlAttr	*xml_attr_find(const xmlNode *, const char *name);
/* Attribute value into dst: its length, -1 when longer than size - 1
 * (dst cut short), -2 when missing (dst ""). */
int		 xml_attr_get(const xmlNode *, const char *name, char *dst,
		    size_t size);
/* Element text (text and CDATA children) into dst: its length, or -1
 * when longer than size - 1 (dst cut short). */
int		 xml_text_get(const xmlNode *, char *dst, size_t size);
/* The node's name, "?" when none. */
const char	*xml_node_name(const xmlNode *);

#endif
