/* The native XSL-FO renderer (see fo.h).  Three steps:
 *
 *  1. build: walk the FO tree; inherited properties flow down (struct
 *     style), block-level elements become items: a paragraph (one
 *     PangoLayout), a table (rows of cells of items) or an image, each
 *     with its box (spaces, padding, borders, keeps, breaks).  A block
 *     holding blocks puts its box edges on its first and last item;
 *     keep-together chains keep-with-next through its items.
 *  2. place: items go onto pages in order; paragraphs split between lines
 *     (at least 2 lines on each side when they can), table rows stay
 *     whole and the header rows are repeated; keeps and breaks move items
 *     on.  Ids record their page for page-number-citation.
 *  3. draw: per page the static content (laid out now the page numbers
 *     are known) and the placed fragments, on a cairo PDF surface with
 *     structure tags, an outline from the headings and metadata.
 *
 * Units are points; Pango's context has a resolution of 72 dpi, so a
 * font size in points is a size in user units. */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <openssl/evp.h>
#include <librsvg/rsvg.h>
#include <pango/pangocairo.h>

#include "fo.h"

#define FO_NS		"http://www.w3.org/1999/XSL/Format"
#define FOX_NS		"http://xmlgraphics.apache.org/fop/extensions"
#define MM		(72.0 / 25.4)
#define MAX_MASTERS	8
#define MAX_DEPTH	64

enum align { AL_START, AL_CENTER, AL_END, AL_JUSTIFY };

struct style {			/* inherited */
	char		 family[200];
	double		 size;
	int		 bold, italic;
	uint32_t	 color;
	double		 line_height;
	enum align	 align, align_last;
	double		 start_indent, end_indent;
	int		 preserve_lf, collapse;
};

/* Border styles in the order they win a conflict between collapsing
 * borders of one width (CSS 2, 17.6.2.1); all are drawn solid. */
enum bstyle { BS_NONE, BS_HIDDEN, BS_INSET, BS_GROOVE, BS_OUTSET, BS_RIDGE,
	BS_DOTTED, BS_DASHED, BS_SOLID, BS_DOUBLE };

struct border {
	double		 w;
	uint32_t	 color;
	int		 style;		/* enum bstyle */
};

struct box {			/* not inherited */
	double		 space_before, space_after;
	double		 pad[4];	/* top right bottom left */
	struct border	 border[4];
	int		 has_bg;
	uint32_t	 bg;
	int		 keep_next, keep_together, break_before, break_after;
	int		 heading;	/* role="H1".."H6" */
	int		 valign;	/* cells: 0 before, 1 center, 2 after */
	char		 id[64];
};

struct items;

struct cell {
	struct items	*content;
	double		 x, w;		/* its box: the grid cell (collapse),
					 * less the spacing (separate) */
	struct box	 box;
	double		 h;		/* content height */
	int		 col, span;	/* grid columns [col, col + span) */
	double		 cx, cw;	/* content x, width */
	double		 top, bottom;	/* the row's top to the content, the
					 * content to the row's bottom */
};

struct row {
	struct cell	*cells;
	size_t		 ncells;
	struct box	 box;
	struct box	 part;		/* its table-header, -body, -footer */
	int		 part_first, part_last;
	struct border	*vb;		/* collapse: the borders on the grid's
					 * vertical lines, ncols + 1 */
	double		 h;
	int		 header;
};

/* Table border models: XSL's two, and a list-block drawn as a table. */
enum tmode { TB_COLLAPSE, TB_SEPARATE, TB_LIST };

enum kind { IT_PARA, IT_TABLE, IT_IMAGE };

/* A basic-link's text in a paragraph: bytes [start, end) of its text. */
struct link {
	unsigned	 start, end;
	char		*uri;		/* external: percent-encoded */
	char		*id;		/* internal-destination (uri NULL) */
	long		 line;		/* of the basic-link, for messages */
	int		 warned;	/* an unknown id, said once */
};

/* An id that is not a block's own: on an inline (at byte at of the
 * paragraph's text, in line line once laid out, x from its start), or of
 * an enclosing block (line -1: the item's top). */
struct anchor {
	unsigned	 at;
	int		 line;
	double		 x;
	char		 id[64];
};

struct item {
	enum kind	 kind;
	struct box	 box;
	double		 x, w;		/* outer box */
	/* paragraph */
	PangoLayout	*layout;
	int		 nlines;
	double		*ltop, *lh, *lbase, *lx;
	double		 th;		/* text height */
	struct link	*links;
	size_t		 nlinks;
	struct anchor	*anchors;
	size_t		 nanchors;
	char		*outline;
	/* table */
	struct row	*rows;
	size_t		 nrows;
	int		 tmode;		/* enum tmode */
	double		 sep_i, sep_b;	/* separate: border-separation */
	int		 ncols;
	double		*colx;		/* the grid's vertical lines,
					 * ncols + 1 */
	struct border	*hb;		/* collapse: the borders on its
					 * horizontal lines,
					 * (nrows + 1) x ncols */
	/* image */
	cairo_surface_t	*img;
	double		 iw, ih;
	char		*alt;		/* fox:alt-text, or NULL */
};

struct items {
	struct item	*v;
	size_t		 n, alloc;
};

struct frag {
	struct item	*it;
	int		 from, to;	/* lines or rows */
	double		 y;
	int		 top_edge, bottom_edge;
	int		 repeat_header;
	double		 soff, sh;	/* a slice of a row taller than a
					 * page: from soff, sh high (0: whole) */
};

struct page {
	struct frag	*f;
	size_t		 n, alloc;
	int		 master;
	xmlNodePtr	 seq;		/* its page-sequence (static content) */
};

struct master {
	char		 name[64];
	double		 w, h, mt, mr, mb, ml;
	double		 bt, br, bb, bl;
	double		 before, after;
};

struct idpage {
	char		 id[64];
	int		 page;		/* as first placed: for
					 * page-number-citation */
	int		 pass;		/* the pass that placed it last, */
	int		 dpage;		/* where: the link destination */
	double		 x, y;
};

struct fo {
	const struct fo_limits *lim;
	struct buf	*warn;
	int		 nwarn;
	PangoFontMap	*fontmap;
	PangoContext	*ctx;
	struct master	 masters[MAX_MASTERS];
	size_t		 nmasters;
	struct page	*pages;
	size_t		 npages, apages;
	struct idpage	*ids;
	size_t		 nids, aids;
	GHashTable	*idx;		/* id -> its index in ids, plus 1 */
	char		 title[300];
	char		 lang[36];	/* fo:root language, checked */
	size_t		 mem;		/* estimated bytes, see charge() */
	/* The alternative text of each Figure tag, in the order drawn (the
	 * order cairo writes the structure elements in), for /Alt. */
	char		**alts;
	size_t		 nalts, aalts;
	double		 t0;
	int		 cur_page, total_pages, in_static;
	enum ddd_err	 err;
	int		 depth;
	int		 quiet;		/* static content after page 1 */
	int		 forward;	/* a citation ahead of its id */
	int		 pass;		/* of building and placing: 0, 1 */
	double		 win_top, win_bottom;	/* a row's slice: only the
						 * lines inside are drawn */
};

static double
now_s(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One line per warning: a name (often a value from the document) at most
 * 200 bytes, control characters as '?'. */
static void
warn_line(struct fo *fo, long line, const char *what, const char *name,
    const char *detail)
{
	char	 shown[204];
	size_t	 i;

	if (fo->quiet || fo->nwarn++ >= 100)
		return;
	for (i = 0; name[i] != '\0' && i < 200; i++)
		shown[i] = (unsigned char)name[i] < 0x20 || name[i] == 0x7f ?
		    '?' : name[i];
	if (name[i] != '\0') {
		while (i > 0 && ((unsigned char)name[i] & 0xc0) == 0x80)
			i--;	/* not inside a UTF-8 sequence */
		memcpy(shown + i, "...", 3);
		i += 3;
	}
	shown[i] = '\0';
	buf_printf(fo->warn, "line %ld: %s '%s'%s%s\n", line, what, shown,
	    detail[0] != '\0' ? " " : "", detail);
}

static void
warn(struct fo *fo, xmlNodePtr n, const char *what, const char *name,
    const char *detail)
{
	warn_line(fo, n != NULL ? xmlGetLineNo(n) : 0L, what, name, detail);
}

static int
is_fo(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    xmlStrEqual(n->ns->href, BAD_CAST FO_NS) &&
	    (name == NULL || xmlStrEqual(n->name, BAD_CAST name));
}

static char *
prop(xmlNodePtr n, const char *name)
{
	return (char *)xmlGetProp(n, BAD_CAST name);
}

/* --- values ----------------------------------------------------------- */

/* A length in points; rel for %, em for em; -1 when unreadable. */
static double
length(const char *s, double rel, double em)
{
	char	*end;
	double	 v;

	if (s == NULL)
		return -1;
	v = strtod(s, &end);
	if (end == s)
		return -1;
	if (strcmp(end, "pt") == 0 || *end == '\0')
		return v;
	if (strcmp(end, "mm") == 0)
		return v * MM;
	if (strcmp(end, "cm") == 0)
		return v * 10 * MM;
	if (strcmp(end, "in") == 0)
		return v * 72;
	if (strcmp(end, "px") == 0)
		return v * 0.75;
	if (strcmp(end, "pc") == 0)
		return v * 12;
	if (strcmp(end, "em") == 0)
		return v * em;
	if (strcmp(end, "%") == 0)
		return v * rel / 100;
	return -1;
}

static int
colour(const char *s, uint32_t *out)
{
	static const struct { const char *name; uint32_t rgb; } names[] = {
		{ "black", 0x000000 }, { "white", 0xffffff },
		{ "red", 0xff0000 }, { "green", 0x008000 },
		{ "blue", 0x0000ff }, { "gray", 0x808080 },
		{ "grey", 0x808080 }, { "silver", 0xc0c0c0 },
		{ "navy", 0x000080 }, { "maroon", 0x800000 },
	};
	size_t	 i, n;
	unsigned v;

	if (s == NULL)
		return -1;
	n = strlen(s);
	if (s[0] == '#' && (n == 7 || n == 4) &&
	    strspn(s + 1, "0123456789abcdefABCDEF") == n - 1) {
		v = (unsigned)strtoul(s + 1, NULL, 16);
		if (n == 4)
			v = (v & 0xf00) * 0x1100 | (v & 0x0f0) * 0x110 |
			    (v & 0x00f) * 0x11;
		*out = v;
		return 0;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i].name) == 0) {
			*out = names[i].rgb;
			return 0;
		}
	return -1;
}

static void
set_rgb(cairo_t *cr, uint32_t c)
{
	cairo_set_source_rgb(cr, ((c >> 16) & 0xff) / 255.0,
	    ((c >> 8) & 0xff) / 255.0, (c & 0xff) / 255.0);
}

static enum align
align_of(const char *s)
{
	if (strcmp(s, "center") == 0)
		return AL_CENTER;
	if (strcmp(s, "end") == 0 || strcmp(s, "right") == 0)
		return AL_END;
	if (strcmp(s, "justify") == 0)
		return AL_JUSTIFY;
	return AL_START;
}

/* "1.5pt solid #999" */
static void
border_of(const char *s, struct border *b, double em)
{
	static const char *const styles[] = { "none", "hidden", "inset",
		"groove", "outset", "ridge", "dotted", "dashed", "solid",
		"double" };
	char	 copy[128], *tok, *save = NULL;
	double	 w;
	uint32_t c;
	size_t	 i;
	int	 none = 0;

	b->w = 1;
	b->color = 0;
	b->style = BS_SOLID;	/* also when it is left out, as always */
	snprintf(copy, sizeof(copy), "%s", s);
	for (tok = strtok_r(copy, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		for (i = 0; i < sizeof(styles) / sizeof(styles[0]); i++)
			if (strcmp(tok, styles[i]) == 0)
				break;
		if (i < sizeof(styles) / sizeof(styles[0])) {
			b->style = (int)i;
			none = i == BS_NONE || i == BS_HIDDEN;
		} else if (strcmp(tok, "thin") == 0)
			b->w = 0.5;
		else if (strcmp(tok, "medium") == 0)
			b->w = 1;
		else if (strcmp(tok, "thick") == 0)
			b->w = 2;
		else if (isdigit((unsigned char)tok[0]) &&
		    (w = length(tok, 0, em)) >= 0)
			b->w = w;
		else if (colour(tok, &c) == 0)
			b->color = c;
	}
	if (none)
		b->w = 0;
}

/* --- properties ------------------------------------------------------ */

static const char *const known_props[] = {
	"font-family", "font-size", "font-weight", "font-style", "color",
	"line-height", "text-align", "text-align-last", "start-indent",
	"end-indent", "margin-left", "margin-right", "margin-top",
	"margin-bottom", "margin", "space-before", "space-after",
	"space-before.optimum", "space-after.optimum", "padding",
	"padding-top", "padding-bottom", "padding-left", "padding-right",
	"padding-before", "padding-after", "padding-start", "padding-end",
	"border", "border-top", "border-bottom", "border-left",
	"border-right", "border-before", "border-after", "border-start",
	"border-end", "background-color", "keep-with-next",
	"keep-with-next.within-page", "keep-together",
	"keep-together.within-page", "break-before", "break-after",
	"linefeed-treatment", "white-space-collapse", "white-space-treatment",
	"wrap-option", "widows", "orphans", "id", "role", "language",
	"master-name", "master-reference", "page-height", "page-width",
	"extent", "flow-name", "table-layout", "width", "column-width",
	"number-columns-spanned", "display-align", "ref-id", "src",
	"content-width", "content-height", "scaling", "leader-pattern",
	"internal-destination", "external-destination",
	"provisional-distance-between-starts",
	"provisional-label-separation", "country", "hyphenate",
	"border-collapse", "border-separation", "border-spacing",
	"border-separation.inline-progression-direction",
	"border-separation.block-progression-direction", NULL,
};

static void
check_props(struct fo *fo, xmlNodePtr n)
{
	xmlAttrPtr	 a;
	size_t		 i;

	for (a = n->properties; a != NULL; a = a->next) {
		if (a->ns != NULL)
			continue;	/* fox:alt-text and other extensions */
		for (i = 0; known_props[i] != NULL; i++)
			if (xmlStrEqual(a->name, BAD_CAST known_props[i]))
				break;
		if (known_props[i] == NULL)
			warn(fo, n, "property", (const char *)a->name,
			    "is not supported");
	}
}

static void
style_of(struct fo *fo, xmlNodePtr n, const struct style *ps,
    struct style *s)
{
	char	*v;
	double	 l;

	*s = *ps;
	check_props(fo, n);
	if ((v = prop(n, "font-family")) != NULL)
		snprintf(s->family, sizeof(s->family), "%s", v);
	xmlFree(v);
	if ((v = prop(n, "font-size")) != NULL &&
	    (l = length(v, ps->size, ps->size)) > 0)
		s->size = l;
	xmlFree(v);
	if ((v = prop(n, "font-weight")) != NULL)
		s->bold = strcmp(v, "bold") == 0 || atoi(v) >= 600;
	xmlFree(v);
	if ((v = prop(n, "font-style")) != NULL)
		s->italic = strcmp(v, "italic") == 0 ||
		    strcmp(v, "oblique") == 0;
	xmlFree(v);
	if ((v = prop(n, "color")) != NULL && colour(v, &s->color) == -1)
		warn(fo, n, "colour", v, "is not supported");
	xmlFree(v);
	if ((v = prop(n, "line-height")) != NULL) {
		char *end;
		double f = strtod(v, &end);
		if (*end == '\0' && f > 0)
			s->line_height = f;
		else if ((l = length(v, s->size, s->size)) > 0)
			s->line_height = l / s->size;
	}
	xmlFree(v);
	if ((v = prop(n, "text-align")) != NULL)
		s->align = align_of(v);
	xmlFree(v);
	if ((v = prop(n, "text-align-last")) != NULL)
		s->align_last = align_of(v);
	xmlFree(v);
	if ((v = prop(n, "start-indent")) != NULL &&
	    (l = length(v, 0, s->size)) >= 0)
		s->start_indent = l;
	xmlFree(v);
	if ((v = prop(n, "end-indent")) != NULL &&
	    (l = length(v, 0, s->size)) >= 0)
		s->end_indent = l;
	xmlFree(v);
	if ((v = prop(n, "margin-left")) != NULL &&
	    (l = length(v, 0, s->size)) >= 0)
		s->start_indent = ps->start_indent + l;
	xmlFree(v);
	if ((v = prop(n, "margin-right")) != NULL &&
	    (l = length(v, 0, s->size)) >= 0)
		s->end_indent = ps->end_indent + l;
	xmlFree(v);
	if ((v = prop(n, "linefeed-treatment")) != NULL)
		s->preserve_lf = strcmp(v, "preserve") == 0;
	xmlFree(v);
	if ((v = prop(n, "white-space-collapse")) != NULL)
		s->collapse = strcmp(v, "false") != 0;
	xmlFree(v);
}

static int
prop_is(xmlNodePtr n, const char *a, const char *b, const char *value)
{
	char	*v = prop(n, a);
	int	 r;

	if (v == NULL && b != NULL)
		v = prop(n, b);
	r = v != NULL && strcmp(v, value) == 0;
	xmlFree(v);
	return r;
}

static void
padding_of(const char *s, double pad[4], double em)
{
	double	 v[4];
	int	 n = 0;
	char	 copy[128], *tok, *save = NULL;

	snprintf(copy, sizeof(copy), "%s", s);
	for (tok = strtok_r(copy, " ", &save); tok != NULL && n < 4;
	    tok = strtok_r(NULL, " ", &save))
		v[n++] = fmax(0, length(tok, 0, em));
	if (n == 1)
		pad[0] = pad[1] = pad[2] = pad[3] = v[0];
	else if (n == 2) {
		pad[0] = pad[2] = v[0];
		pad[1] = pad[3] = v[1];
	} else if (n == 3) {
		pad[0] = v[0];
		pad[1] = pad[3] = v[1];
		pad[2] = v[2];
	} else if (n == 4)
		memcpy(pad, v, sizeof(v));
}

static void
box_of(xmlNodePtr n, const struct style *s, struct box *b)
{
	static const char *const pads[4][2] = {
		{ "padding-top", "padding-before" },
		{ "padding-right", "padding-end" },
		{ "padding-bottom", "padding-after" },
		{ "padding-left", "padding-start" } };
	static const char *const borders[4][2] = {
		{ "border-top", "border-before" },
		{ "border-right", "border-end" },
		{ "border-bottom", "border-after" },
		{ "border-left", "border-start" } };
	char	*v;
	int	 i, j;
	double	 l;

	memset(b, 0, sizeof(*b));
	if ((v = prop(n, "space-before")) != NULL ||
	    (v = prop(n, "space-before.optimum")) != NULL ||
	    (v = prop(n, "margin-top")) != NULL)
		b->space_before = fmax(0, length(v, 0, s->size));
	xmlFree(v);
	if ((v = prop(n, "space-after")) != NULL ||
	    (v = prop(n, "space-after.optimum")) != NULL ||
	    (v = prop(n, "margin-bottom")) != NULL)
		b->space_after = fmax(0, length(v, 0, s->size));
	xmlFree(v);
	if ((v = prop(n, "padding")) != NULL)
		padding_of(v, b->pad, s->size);
	xmlFree(v);
	for (i = 0; i < 4; i++)
		for (j = 0; j < 2; j++) {
			if ((v = prop(n, pads[i][j])) != NULL &&
			    (l = length(v, 0, s->size)) >= 0)
				b->pad[i] = l;
			xmlFree(v);
		}
	if ((v = prop(n, "border")) != NULL)
		for (i = 0; i < 4; i++)
			border_of(v, &b->border[i], s->size);
	xmlFree(v);
	for (i = 0; i < 4; i++)
		for (j = 0; j < 2; j++) {
			if ((v = prop(n, borders[i][j])) != NULL)
				border_of(v, &b->border[i], s->size);
			xmlFree(v);
		}
	if ((v = prop(n, "background-color")) != NULL)
		b->has_bg = colour(v, &b->bg) == 0;
	xmlFree(v);
	b->keep_next = prop_is(n, "keep-with-next.within-page",
	    "keep-with-next", "always");
	b->keep_together = prop_is(n, "keep-together.within-page",
	    "keep-together", "always");
	b->break_before = prop_is(n, "break-before", NULL, "page");
	b->break_after = prop_is(n, "break-after", NULL, "page");
	if ((v = prop(n, "role")) != NULL && (v[0] == 'H' || v[0] == 'h') &&
	    v[1] >= '1' && v[1] <= '6' && v[2] == '\0')
		b->heading = v[1] - '0';
	xmlFree(v);
	if ((v = prop(n, "id")) != NULL)
		snprintf(b->id, sizeof(b->id), "%s", v);
	xmlFree(v);
	if ((v = prop(n, "display-align")) != NULL)
		b->valign = strcmp(v, "center") == 0 ? 1 :
		    strcmp(v, "after") == 0 ? 2 : 0;
	xmlFree(v);
}

/* --- building ------------------------------------------------------ */

static struct item *
item_new(struct fo *fo, struct items *list, enum kind kind)
{
	struct item	*p;

	if (list->n == list->alloc) {
		size_t	 na = list->alloc ? list->alloc * 2 : 16;
		if ((p = realloc(list->v, na * sizeof(*p))) == NULL) {
			fo->err = DDD_ERR_NOMEM;
			return NULL;
		}
		list->v = p;
		list->alloc = na;
	}
	p = &list->v[list->n++];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	return p;
}

/* Count bytes against the memory limit: decoded images exactly, text laid
 * out by Pango as an estimate (FO_TEXT_COST per byte: glyphs, clusters,
 * attributes, lines).  Static content is laid out again for each page and
 * freed at once, so it is not counted.  0, or -1 with fo->err set. */
#define FO_TEXT_COST	64
static int
charge(struct fo *fo, xmlNodePtr n, size_t bytes)
{
	if (fo->in_static)
		return 0;
	if (bytes > fo->lim->max_memory || fo->mem > fo->lim->max_memory -
	    bytes) {
		if (fo->err == DDD_OK) {
			fo->nwarn++;
			buf_printf(fo->warn, "line %ld: the memory limit of %zu "
			    "MB is reached (images and laid-out text)\n",
			    n != NULL ? xmlGetLineNo(n) : 0L,
			    fo->lim->max_memory >> 20);
			fo->err = DDD_ERR_TOO_LARGE;
		}
		return -1;
	}
	fo->mem += bytes;
	return 0;
}

static int
xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Before any layout: the text of the flows, white space runs as one
 * byte, counted against the memory limit as laid-out text, so that a
 * document whose text alone is over it is refused at once rather than
 * after seconds of laying it out.  0, or -1 with fo->err set. */
static int
text_precheck(struct fo *fo, xmlNodePtr root)
{
	xmlNodePtr	 seq, f, n;
	size_t		 bytes = 0;
	const char	*p;
	int		 space;

	for (seq = root->children; seq != NULL; seq = seq->next)
		for (f = is_fo(seq, "page-sequence") ? seq->children : NULL;
		    f != NULL; f = f->next) {
			if (!is_fo(f, "flow") || f->children == NULL)
				continue;
			/* Depth first, without recursion. */
			for (n = f->children; n != NULL && n != f;) {
				if ((n->type == XML_TEXT_NODE ||
				    n->type == XML_CDATA_SECTION_NODE) &&
				    n->content != NULL)
					for (p = (const char *)n->content,
					    space = 1; *p != '\0'; p++) {
						if (!space || !xml_space(*p))
							bytes++;
						space = xml_space(*p);
					}
				if (bytes > fo->lim->max_memory / FO_TEXT_COST)
					return charge(fo, n, fo->lim->max_memory +
					    1);
				if (n->children != NULL &&
				    n->type == XML_ELEMENT_NODE)
					n = n->children;
				else {
					while (n != f && n->next == NULL)
						n = n->parent;
					if (n != f)
						n = n->next;
				}
			}
		}
	return 0;
}

static void items_free(struct items *);

static void
links_free(struct link *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].uri);
		free(v[i].id);
	}
	free(v);
}

static void
item_free(struct item *it)
{
	size_t	 r, c;

	if (it->layout != NULL)
		g_object_unref(it->layout);
	free(it->ltop);
	free(it->lh);
	free(it->lbase);
	free(it->lx);
	links_free(it->links, it->nlinks);
	free(it->anchors);
	free(it->outline);
	free(it->alt);
	for (r = 0; r < it->nrows; r++) {
		for (c = 0; c < it->rows[r].ncells; c++) {
			items_free(it->rows[r].cells[c].content);
			free(it->rows[r].cells[c].content);
		}
		free(it->rows[r].cells);
		free(it->rows[r].vb);
	}
	free(it->rows);
	free(it->colx);
	free(it->hb);
	if (it->img != NULL)
		cairo_surface_destroy(it->img);
}

static void
items_free(struct items *l)
{
	size_t	 i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		item_free(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* A paragraph's text and attributes, gathered from inlines. */
struct run {
	GString		*text;
	PangoAttrList	*attrs;
	int		 last_space;
	struct link	*links;
	size_t		 nlinks;
	struct anchor	*anchors;
	size_t		 nanchors;
	int		 leader;
	xmlNodePtr	 node;		/* the block, for messages */
};

static PangoFontDescription *
font_of(const struct style *s)
{
	PangoFontDescription *d = pango_font_description_new();

	pango_font_description_set_family(d, s->family);
	pango_font_description_set_absolute_size(d, s->size * PANGO_SCALE);
	pango_font_description_set_weight(d, s->bold ? PANGO_WEIGHT_BOLD :
	    PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(d, s->italic ? PANGO_STYLE_ITALIC :
	    PANGO_STYLE_NORMAL);
	return d;
}

static void
run_init(struct run *r)
{
	memset(r, 0, sizeof(*r));
	r->text = g_string_new(NULL);
	r->attrs = pango_attr_list_new();
	r->last_space = 1;
}

static void
run_free(struct run *r)
{
	g_string_free(r->text, TRUE);
	pango_attr_list_unref(r->attrs);
	links_free(r->links, r->nlinks);
	free(r->anchors);
}

static int
run_empty(const struct run *r)
{
	return strspn(r->text->str, " \n") == r->text->len && !r->leader;
}

/* Text under the style's white-space rules, with its font and colour. */
static void
run_text(struct run *r, const struct style *s, const char *t)
{
	size_t		 start = r->text->len;
	PangoAttribute	*a;
	PangoFontDescription *d;
	char		 ch;

	for (; *t != '\0'; t++) {
		ch = *t;
		if (ch == '\r')
			continue;
		if (ch == '\n' && s->preserve_lf) {
			g_string_append_c(r->text, '\n');
			r->last_space = 1;
			continue;
		}
		if (ch == '\n' || ch == '\t')
			ch = ' ';
		if (ch == ' ' && s->collapse) {
			if (r->last_space)
				continue;
			r->last_space = 1;
		} else
			r->last_space = 0;
		g_string_append_c(r->text, ch);
	}
	if (r->text->len == start)
		return;
	d = font_of(s);
	a = pango_attr_font_desc_new(d);
	pango_font_description_free(d);
	a->start_index = (guint)start;
	a->end_index = (guint)r->text->len;
	pango_attr_list_insert(r->attrs, a);
	a = pango_attr_foreground_new((guint16)(((s->color >> 16) & 0xff) *
	    257), (guint16)(((s->color >> 8) & 0xff) * 257),
	    (guint16)((s->color & 0xff) * 257));
	a->start_index = (guint)start;
	a->end_index = (guint)r->text->len;
	pango_attr_list_insert(r->attrs, a);
}

/* The entry of an id (as stored: its first 63 bytes), or NULL. */
static struct idpage *
id_find(const struct fo *fo, const char *id)
{
	char		 key[sizeof(fo->ids[0].id)];
	gpointer	 v;

	if (fo->idx == NULL)
		return NULL;
	snprintf(key, sizeof(key), "%s", id);
	v = g_hash_table_lookup(fo->idx, key);
	return v != NULL ? &fo->ids[GPOINTER_TO_SIZE(v) - 1] : NULL;
}

static int
id_page(const struct fo *fo, const char *id)
{
	const struct idpage *p = id_find(fo, id);

	return p != NULL ? p->page : -1;
}

/* --- links ------------------------------------------------------------ */

#define FO_MAX_URI	4096

/* The URI reference in a <uri-specification> (XSL 1.1, 5.11): "url(",
 * optional white space, the URI bare or between two ' or two ", optional
 * white space, ")"; or a bare URI, as FOP takes it.  [*u, *u + *n), white
 * space around it left out; -1 when it does not read. */
static int
uri_spec(const char *s, const char **u, size_t *n)
{
	const char	*e;

	while (xml_space(*s))
		s++;
	e = s + strlen(s);
	while (e > s && xml_space(e[-1]))
		e--;
	if (e - s >= 4 && g_ascii_strncasecmp(s, "url(", 4) == 0) {
		if (e - s < 5 || e[-1] != ')')
			return -1;
		s += 4;
		e--;
		while (s < e && xml_space(*s))
			s++;
		while (e > s && xml_space(e[-1]))
			e--;
		if (s < e && (*s == '\'' || *s == '"')) {
			if (e - s < 2 || e[-1] != *s)
				return -1;	/* quotes must pair */
			s++;
			e--;
			while (s < e && xml_space(*s))
				s++;
			while (e > s && xml_space(e[-1]))
				e--;
		}
	}
	*u = s;
	*n = (size_t)(e - s);
	return 0;
}

/* The scheme of URI u (n bytes) is name (case aside), followed by ':'. */
static int
uri_scheme(const char *u, size_t n, const char *name)
{
	size_t	 k = strlen(name);

	return n > k && u[k] == ':' && g_ascii_strncasecmp(u, name, k) == 0;
}

/*
 * What a basic-link's external-destination links to: an http, https or
 * mailto URI (*uri, malloc'd), percent-encoded where a PDF URI action
 * needs it (7-bit ASCII; cairo 1.16 writes it into a PDF string as it
 * is, so no parenthesis or backslash either); or, for a same-document
 * reference "#id" (RFC 3986, 4.4), the id (*id).  -1 with why when no
 * link can be made of it.
 */
static int
external_target(const char *v, char **uri, char **id, const char **why)
{
	static const char unsafe[] = "\"<>\\^`{|}()";
	const char	*u;
	size_t		 n, i, rest;
	GString		*g;
	int		 web, path;

	*uri = *id = NULL;
	if (uri_spec(v, &u, &n) == -1) {
		*why = "is not a URI specification (url('...'))";
		return -1;
	}
	if (n == 0) {
		*why = "is empty";
		return -1;
	}
	if (u[0] == '#') {
		if (n == 1 || (*id = strndup(u + 1, n - 1)) == NULL) {
			*why = "names no id";
			return -1;
		}
		return 0;
	}
	web = uri_scheme(u, n, "http") || uri_scheme(u, n, "https");
	if (web) {
		i = u[4] == ':' ? 5 : 6;
		if (n < i + 3 || u[i] != '/' || u[i + 1] != '/' ||
		    strchr("/?#", u[i + 2]) != NULL) {
			*why = "has no host";
			return -1;
		}
	} else if (uri_scheme(u, n, "mailto")) {
		if (n == 7) {
			*why = "has no address";
			return -1;
		}
	} else {
		*why = "is not an http, https or mailto URI";
		return -1;
	}
	g = g_string_sized_new(n + 16);
	for (i = 0, path = web; i < n; i++) {
		unsigned char c = (unsigned char)u[i];
		rest = n - i - 1;
		if (c == '?' || c == '#')
			path = 0;
		if (c == '%' && rest >= 2 && g_ascii_isxdigit(u[i + 1]) &&
		    g_ascii_isxdigit(u[i + 2]))
			g_string_append_c(g, '%');	/* already encoded */
		else if (c == '\\' && path)
			g_string_append_c(g, '/');	/* as browsers do */
		else if (c > 0x20 && c < 0x7f && c != '%' &&
		    strchr(unsafe, c) == NULL)
			g_string_append_c(g, (char)c);
		else
			g_string_append_printf(g, "%%%02X", c);
	}
	if (g->len > FO_MAX_URI) {
		g_string_free(g, TRUE);
		*why = "is longer than 4096 bytes";
		return -1;
	}
	*uri = strdup(g->str);
	g_string_free(g, TRUE);
	if (*uri == NULL) {
		*why = "cannot be kept (out of memory)";
		return -1;
	}
	return 0;
}

/* A basic-link's destination into lk (its text still to come); -1, and a
 * warning, when no link can be made of it: its text is drawn unlinked. */
static int
link_of(struct fo *fo, xmlNodePtr n, struct link *lk)
{
	char		*v;
	const char	*why = NULL;
	int		 rc = -1;

	memset(lk, 0, sizeof(*lk));
	lk->line = xmlGetLineNo(n);
	if ((v = prop(n, "internal-destination")) != NULL) {
		const char *s = v, *e;
		while (xml_space(*s))
			s++;
		e = s + strlen(s);
		while (e > s && xml_space(e[-1]))
			e--;
		if (e == s)
			warn(fo, n, "basic-link internal-destination", v,
			    "is empty: the text is not linked");
		else if ((lk->id = strndup(s, (size_t)(e - s))) == NULL)
			fo->err = DDD_ERR_NOMEM;
		else
			rc = 0;
	} else if ((v = prop(n, "external-destination")) != NULL) {
		if (external_target(v, &lk->uri, &lk->id, &why) == 0)
			rc = 0;
		else {
			char detail[120];
			snprintf(detail, sizeof(detail), "%s: the text is not "
			    "linked", why);
			warn(fo, n, "basic-link external-destination", v,
			    detail);
		}
	} else
		warn(fo, n, "element", "basic-link", "has no destination: the "
		    "text is not linked");
	xmlFree(v);
	return rc;
}

/* The link's text is [start, the run's end): kept with the paragraph, and
 * marked so that Pango gives it runs of its own (a no-op attribute). */
static void
link_add(struct fo *fo, struct run *r, struct link *lk, size_t start)
{
	struct link	*v;
	PangoAttribute	*a;

	if (r->text->len == start || fo->err != DDD_OK) {
		free(lk->uri);
		free(lk->id);
		return;
	}
	if ((v = realloc(r->links, (r->nlinks + 1) * sizeof(*v))) == NULL) {
		free(lk->uri);
		free(lk->id);
		fo->err = DDD_ERR_NOMEM;
		return;
	}
	r->links = v;
	lk->start = (unsigned)start;
	lk->end = (unsigned)r->text->len;
	r->links[r->nlinks++] = *lk;
	a = pango_attr_background_alpha_new(65535);
	a->start_index = lk->start;
	a->end_index = lk->end;
	pango_attr_list_insert(r->attrs, a);
}

/* An id inside a paragraph, at the run's end so far. */
static void
anchor_add(struct fo *fo, struct anchor **v, size_t *n, const char *id,
    unsigned at, int line)
{
	struct anchor	*p;

	if (id[0] == '\0' || fo->err != DDD_OK)
		return;
	if ((p = realloc(*v, (*n + 1) * sizeof(*p))) == NULL) {
		fo->err = DDD_ERR_NOMEM;
		return;
	}
	*v = p;
	memset(&p[*n], 0, sizeof(p[0]));
	p[*n].at = at;
	p[*n].line = line;
	snprintf(p[*n].id, sizeof(p[0].id), "%s", id);
	(*n)++;
}

static void inline_node(struct fo *, xmlNodePtr, const struct style *,
    struct run *);

static void
inline_children(struct fo *fo, xmlNodePtr parent, const struct style *s,
    struct run *r)
{
	xmlNodePtr	 n;

	for (n = parent->children; n != NULL; n = n->next)
		inline_node(fo, n, s, r);
}

/* One node inside a block's inline content. */
static void
inline_node(struct fo *fo, xmlNodePtr n, const struct style *ps,
    struct run *r)
{
	struct style	 s;
	char		 num[32], *v;
	int		 pg;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		run_text(r, ps, (const char *)n->content);
		return;
	}
	if (n->type != XML_ELEMENT_NODE)
		return;
	if (!is_fo(n, NULL)) {
		warn(fo, n, "element", (const char *)n->name,
		    "(not XSL-FO) is not supported");
		return;
	}
	style_of(fo, n, ps, &s);
	if ((v = prop(n, "id")) != NULL)
		anchor_add(fo, &r->anchors, &r->nanchors, v,
		    (unsigned)r->text->len, 0);
	xmlFree(v);
	if (is_fo(n, "inline") || is_fo(n, "wrapper"))
		inline_children(fo, n, &s, r);
	else if (is_fo(n, "basic-link")) {
		struct link lk;
		size_t start = r->text->len;
		int ok = link_of(fo, n, &lk);
		inline_children(fo, n, &s, r);
		if (ok == 0)
			link_add(fo, r, &lk, start);
	} else if (is_fo(n, "page-number")) {
		snprintf(num, sizeof(num), "%d", fo->cur_page);
		run_text(r, &s, num);
	} else if (is_fo(n, "page-number-citation")) {
		pg = -1;
		if ((v = prop(n, "ref-id")) != NULL)
			pg = id_page(fo, v);
		if (pg < 0 && !fo->in_static && fo->forward == 0)
			fo->forward = 1;
		else if (pg < 0 && !fo->in_static && fo->forward == 2) {
			/* Still unknown with every id placed: a wrong ref-id. */
			int q = fo->quiet;
			fo->quiet = 0;
			warn(fo, n, "page-number-citation ref-id", v != NULL ?
			    v : "", "names no id in the document");
			fo->quiet = q;
		}
		xmlFree(v);
		snprintf(num, sizeof(num), "%d", pg > 0 ? pg : fo->in_static ?
		    fo->total_pages : 0);
		run_text(r, &s, num);
	} else if (is_fo(n, "leader")) {
		/* To the end of the line: a right tab stop at the edge. */
		g_string_append_c(r->text, '\t');
		r->leader = 1;
		r->last_space = 1;
	} else
		warn(fo, n, "element", (const char *)n->name,
		    "inside a block is not supported");
}

/* The layout of a paragraph item from a run. */
static void
para(struct fo *fo, struct item *it, struct run *r, const struct style *s,
    double x, double w)
{
	PangoLayout	*l;
	PangoLayoutIter	*iter;
	PangoRectangle	 log;
	PangoFontDescription *d;
	int		 i, n;
	size_t		 k;

	while (r->text->len > 0 && r->text->str[r->text->len - 1] == ' ' &&
	    s->collapse)
		g_string_truncate(r->text, r->text->len - 1);
	it->x = x;
	it->w = w;
	l = pango_layout_new(fo->ctx);
	d = font_of(s);
	pango_layout_set_font_description(l, d);
	pango_font_description_free(d);
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	/* FO's line-height is the line box: size times the factor, as FOP
	 * draws it (Pango's spacing factor would scale the font's own, taller,
	 * line height). */
	{
		PangoAttribute *lh = pango_attr_line_height_new_absolute(
		    (int)(s->size * s->line_height * PANGO_SCALE));
		lh->start_index = 0;
		lh->end_index = G_MAXUINT;
		pango_attr_list_insert_before(r->attrs, lh);
	}
	if (s->align == AL_CENTER)
		pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	else if (s->align == AL_END)
		pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
	else if (s->align == AL_JUSTIFY) {
		pango_layout_set_justify(l, TRUE);
		if (s->align_last == AL_JUSTIFY)
			pango_layout_set_justify_last_line(l, TRUE);
	}
	if (r->leader) {
		PangoTabArray *tabs = pango_tab_array_new(1, FALSE);
		pango_tab_array_set_tab(tabs, 0, PANGO_TAB_RIGHT,
		    (int)(w * PANGO_SCALE));
		pango_layout_set_tabs(l, tabs);
		pango_tab_array_free(tabs);
	}
	pango_layout_set_text(l, r->text->str, (int)r->text->len);
	pango_layout_set_attributes(l, r->attrs);
	it->layout = l;
	/* The links and ids are the paragraph's now (within its text, which
	 * lost its trailing spaces above). */
	it->links = r->links;
	it->nlinks = r->nlinks;
	it->anchors = r->anchors;
	it->nanchors = r->nanchors;
	r->links = NULL;
	r->anchors = NULL;
	r->nlinks = r->nanchors = 0;
	for (k = 0; k < it->nlinks; k++) {
		it->links[k].start = (unsigned)MIN(it->links[k].start,
		    r->text->len);
		it->links[k].end = (unsigned)MIN(it->links[k].end,
		    r->text->len);
	}
	if (charge(fo, r->node, r->text->len * FO_TEXT_COST + 1024) == -1)
		return;
	n = run_empty(r) ? 0 : pango_layout_get_line_count(l);
	it->nlines = n;
	it->ltop = calloc((size_t)n + 1, sizeof(double));
	it->lh = calloc((size_t)n + 1, sizeof(double));
	it->lbase = calloc((size_t)n + 1, sizeof(double));
	it->lx = calloc((size_t)n + 1, sizeof(double));
	if (it->ltop == NULL || it->lh == NULL || it->lbase == NULL ||
	    it->lx == NULL) {
		fo->err = DDD_ERR_NOMEM;
		return;
	}
	if (n > 0) {
		iter = pango_layout_get_iter(l);
		i = 0;
		do {
			pango_layout_iter_get_line_extents(iter, NULL, &log);
			it->ltop[i] = (double)log.y / PANGO_SCALE;
			it->lx[i] = (double)log.x / PANGO_SCALE;
			it->lh[i] = (double)log.height / PANGO_SCALE;
			it->lbase[i] = (double)pango_layout_iter_get_baseline(
			    iter) / PANGO_SCALE;
		} while (++i < n && pango_layout_iter_next_line(iter));
		pango_layout_iter_free(iter);
		it->th = it->ltop[n - 1] + it->lh[n - 1];
	}
	for (k = 0; k < it->nanchors; k++) {
		struct anchor *an = &it->anchors[k];
		int line = 0, xp = 0;
		if (n > 0)
			pango_layout_index_to_line_x(l, (int)MIN(an->at,
			    r->text->len), FALSE, &line, &xp);
		an->line = MAX(0, MIN(line, n - 1));
		an->x = (double)xp / PANGO_SCALE;
	}
	if (it->box.heading && n > 0)
		it->outline = strdup(r->text->str);
}

static void build(struct fo *, xmlNodePtr, const struct style *,
    struct items *, double, double);
static double item_h(const struct item *);
static void cell_fill(struct fo *, struct cell *, xmlNodePtr,
    const struct style *);

/* Flush gathered inline content as a paragraph item. */
static void
flush(struct fo *fo, struct run *r, const struct style *s,
    struct items *list, double x, double w, const struct box *b)
{
	struct item	*it;

	if (run_empty(r))
		return;
	if ((it = item_new(fo, list, IT_PARA)) == NULL)
		return;
	if (b != NULL)
		it->box = *b;
	para(fo, it, r, s, x, w);
	g_string_truncate(r->text, 0);
	pango_attr_list_unref(r->attrs);
	r->attrs = pango_attr_list_new();
	r->last_space = 1;
	r->leader = 0;
}

static int
blockish(xmlNodePtr c)
{
	return is_fo(c, "block") || is_fo(c, "table") ||
	    is_fo(c, "list-block") || is_fo(c, "block-container") ||
	    is_fo(c, "table-and-caption") || is_fo(c, "external-graphic");
}

/* A block: its inline content as paragraphs, its block children as
 * items, its box on the first and last of them. */
static void
block(struct fo *fo, xmlNodePtr n, const struct style *ps,
    struct items *list, double x0, double w0)
{
	struct style	 s;
	struct box	 b;
	struct run	 r;
	xmlNodePtr	 c;
	size_t		 first = list->n, i;
	double		 x, w;
	int		 has_blocks = 0;

	style_of(fo, n, ps, &s);
	box_of(n, &s, &b);
	x = x0 + s.start_indent + b.pad[3] + b.border[3].w;
	w = w0 - s.start_indent - s.end_indent - b.pad[1] - b.pad[3] -
	    b.border[1].w - b.border[3].w;
	if (w < 10)
		w = 10;
	for (c = n->children; c != NULL; c = c->next)
		if (blockish(c))
			has_blocks = 1;
	run_init(&r);
	r.node = n;
	for (c = n->children; c != NULL && fo->err == DDD_OK; c = c->next) {
		if (!blockish(c)) {
			inline_node(fo, c, &s, &r);
			continue;
		}
		flush(fo, &r, &s, list, x, w, NULL);
		/* Children measure from the content edge. */
		{
			struct style cs = s;
			cs.start_indent = 0;
			cs.end_indent = 0;
			build(fo, c, &cs, list, x, w);
		}
	}
	if (!has_blocks) {
		/* One paragraph with the block's own box (also an empty one:
		 * it keeps its id and spaces). */
		struct item *it = item_new(fo, list, IT_PARA);
		if (it != NULL) {
			it->box = b;
			para(fo, it, &r, &s, x, w);
		}
		run_free(&r);
		return;
	}
	flush(fo, &r, &s, list, x, w, NULL);
	run_free(&r);
	if (list->n == first)
		return;
	{
		struct box *f = &list->v[first].box;
		struct box *l = &list->v[list->n - 1].box;
		f->space_before = fmax(f->space_before, b.space_before);
		f->break_before |= b.break_before;
		if (b.border[0].w > 0)
			f->border[0] = b.border[0];
		if (f->id[0] == '\0')
			memcpy(f->id, b.id, sizeof(f->id));
		else	/* its first item has an id of its own */
			anchor_add(fo, &list->v[first].anchors,
			    &list->v[first].nanchors, b.id, 0, -1);
		l->space_after = fmax(l->space_after, b.space_after);
		if (b.border[2].w > 0)
			l->border[2] = b.border[2];
		l->keep_next |= b.keep_next;
		l->break_after |= b.break_after;
	}
	if (b.keep_together)
		for (i = first; i + 1 < list->n; i++)
			list->v[i].box.keep_next = 1;
}

/* PNG bytes for cairo. */
struct png_reader {
	const unsigned char *d;
	size_t		 len, off;
};

static cairo_status_t
png_read(void *arg, unsigned char *data, unsigned int length)
{
	struct png_reader *rd = arg;

	if (rd->len - rd->off < length)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, rd->d + rd->off, length);
	rd->off += length;
	return CAIRO_STATUS_SUCCESS;
}

/* A big-endian 32-bit number (PNG header fields), at most 2^31 - 1. */
static uint32_t
png_be32(const unsigned char *p)
{
	return ((uint32_t)(p[0] & 0x7f) << 24) | ((uint32_t)p[1] << 16) |
	    ((uint32_t)p[2] << 8) | p[3];
}

/* An SVG (bytes) drawn into an image of w x h points at 300 dpi: the
 * school's logo is small; librsvg reads it without fetching anything. */
static cairo_surface_t *
svg_image(struct fo *fo, xmlNodePtr n, const unsigned char *d, size_t len,
    double w, double h)
{
	RsvgHandle	*svg;
	RsvgRectangle	 vp;
	cairo_surface_t	*img;
	cairo_t		*cr;
	GError		*err = NULL;
	double		 k = 300.0 / 72;

	if (w <= 0 || h <= 0)
		w = h = 72;
	if (w * k > 32767 || h * k > 32767 || charge(fo, n,
	    (size_t)ceil(w * k) * (size_t)ceil(h * k) * 4) == -1)
		return NULL;
	svg = rsvg_handle_new_from_data(d, len, &err);
	if (svg == NULL) {
		g_clear_error(&err);
		return NULL;
	}
	img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32,
	    (int)ceil(w * k), (int)ceil(h * k));
	cr = cairo_create(img);
	vp.x = vp.y = 0;
	vp.width = w * k;
	vp.height = h * k;
	if (!rsvg_handle_render_document(svg, cr, &vp, &err)) {
		g_clear_error(&err);
		cairo_destroy(cr);
		cairo_surface_destroy(img);
		g_object_unref(svg);
		return NULL;
	}
	cairo_destroy(cr);
	g_object_unref(svg);
	return img;
}

/* A PNG or SVG from a data: URI (the school's logo); NULL otherwise.
 * w, h: the size it is drawn at, for an SVG. */
static cairo_surface_t *
image_data_uri(struct fo *fo, xmlNodePtr node, const char *src, double w,
    double h)
{
	const char	*p;
	unsigned char	*bin;
	size_t		 n, pad = 0;
	int		 got, svg = 0;
	struct png_reader rd;
	cairo_surface_t	*img;

	if (strncmp(src, "url(", 4) == 0)
		src += 4;
	while (*src == '\'' || *src == '"')
		src++;
	if (strncmp(src, "data:image/svg+xml;base64,", 26) == 0) {
		svg = 1;
		p = src + 26;
	} else if (strncmp(src, "data:image/png;base64,", 22) == 0)
		p = src + 22;
	else
		return NULL;
	n = strcspn(p, "')\" ");
	if (n == 0 || n % 4 != 0 || (bin = malloc(n)) == NULL)
		return NULL;
	if ((got = EVP_DecodeBlock(bin, (const unsigned char *)p, (int)n)) <
	    0) {
		free(bin);
		return NULL;
	}
	while (pad < 2 && p[n - 1 - pad] == '=')
		pad++;
	if (svg) {
		img = svg_image(fo, node, bin, (size_t)got - pad, w, h);
		free(bin);
		return img;
	}
	rd.d = bin;
	rd.len = (size_t)got - pad;
	rd.off = 0;
	/* The size from the header (IHDR) before decoding: a few bytes of
	 * PNG may stand for gigabytes of pixels. */
	if (rd.len < 24 || memcmp(bin + 12, "IHDR", 4) != 0 ||
	    charge(fo, node, (size_t)png_be32(bin + 16) *
	    (size_t)png_be32(bin + 20) * 4) == -1) {
		free(bin);
		return NULL;
	}
	img = cairo_image_surface_create_from_png_stream(png_read, &rd);
	free(bin);
	if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(img);
		return NULL;
	}
	return img;
}

static void
image(struct fo *fo, xmlNodePtr n, const struct style *ps,
    struct items *list, double x, double w)
{
	struct style	 s;
	struct item	*it;
	char		*src, *cw, *ch;

	style_of(fo, n, ps, &s);
	src = prop(n, "src");
	cw = prop(n, "content-width");
	ch = prop(n, "content-height");
	if ((it = item_new(fo, list, IT_IMAGE)) != NULL) {
		/* FOP's extension, which our stylesheet sets: the figure's
		 * text for screen readers (/Alt). */
		xmlChar *alt = xmlGetNsProp(n, BAD_CAST "alt-text",
		    BAD_CAST FOX_NS);
		if (alt != NULL && (it->alt = strdup((const char *)alt)) ==
		    NULL)
			fo->err = DDD_ERR_NOMEM;
		xmlFree(alt);
		box_of(n, &s, &it->box);
		it->x = x;
		it->w = w;
		if (src != NULL)
			it->img = image_data_uri(fo, n, src, fmax(0, length(cw,
			    w, s.size)), fmax(0, length(ch, w, s.size)));
		if (it->img == NULL) {
			if (fo->err == DDD_OK)	/* else the limit said it */
				warn(fo, n, "external-graphic", "src",
				    "is drawn only as a PNG or SVG data: URI");
		} else {
			double iw = cairo_image_surface_get_width(it->img);
			double ih = cairo_image_surface_get_height(it->img);
			double tw = length(cw, w, s.size);
			double th = length(ch, w, s.size);
			/* scaling="uniform": fit both, keep the ratio. */
			double k = 0.75;	/* 96 dpi pixels */
			if (tw > 0 && th > 0)
				k = fmin(tw / iw, th / ih);
			else if (tw > 0)
				k = tw / iw;
			else if (th > 0)
				k = th / ih;
			it->iw = iw * k;
			it->ih = ih * k;
		}
	}
	xmlFree(src);
	xmlFree(cw);
	xmlFree(ch);
}

#define MAX_COLS	32

/* What collapsing borders are resolved from besides cells and rows. */
struct tbuild {
	struct box	 table;		/* as given (collapse: taken off) */
	struct box	 cols[MAX_COLS];
};

static int
span_of(xmlNodePtr tc)
{
	char	*v = prop(tc, "number-columns-spanned");
	int	 span = v != NULL && atoi(v) > 1 ? atoi(v) : 1;

	xmlFree(v);
	return span;
}

/* Column widths: fixed lengths first, the rest shared in proportion; the
 * columns' boxes (their borders, when collapsing) into cb.  Without any
 * table-column: as many equal columns as the first row has cells. */
static int
columns(struct fo *fo, xmlNodePtr table, const struct style *s, double w,
    double *cw, struct box *cb)
{
	xmlNodePtr	 c, tr, tc;
	double		 fixed = 0, units = 0, prop_[MAX_COLS];
	int		 n = 0, i;
	char		*v;

	for (c = table->children; c != NULL && n < MAX_COLS; c = c->next) {
		if (!is_fo(c, "table-column"))
			continue;
		check_props(fo, c);
		box_of(c, s, &cb[n]);
		v = prop(c, "column-width");
		prop_[n] = 0;
		cw[n] = 0;
		if (v != NULL && strncmp(v, "proportional-column-width(",
		    26) == 0)
			prop_[n] = atof(v + 26);
		else if (v != NULL && length(v, w, 10) >= 0)
			cw[n] = length(v, w, 10);
		else
			prop_[n] = 1;
		fixed += cw[n];
		units += prop_[n];
		xmlFree(v);
		n++;
	}
	for (i = 0; i < n; i++)
		if (prop_[i] > 0)
			cw[i] = units > 0 ? (w - fixed) * prop_[i] / units : 0;
	for (c = table->children; n == 0 && c != NULL; c = c->next) {
		if (!is_fo(c, "table-header") && !is_fo(c, "table-body") &&
		    !is_fo(c, "table-footer"))
			continue;
		for (tr = c->children; tr != NULL && !is_fo(tr, "table-row");
		    tr = tr->next)
			;
		for (tc = tr != NULL ? tr->children : NULL; tc != NULL;
		    tc = tc->next)
			if (is_fo(tc, "table-cell"))
				n += span_of(tc);
		n = MIN(n, MAX_COLS);
		for (i = 0; i < n; i++) {
			cw[i] = w / n;
			memset(&cb[i], 0, sizeof(cb[i]));
		}
	}
	return n;
}

/* Of two borders, the one that wins when they collapse into one (CSS 2,
 * 17.6.2.1, which XSL 1.1 refers to): hidden wins, then the wider, then
 * the stronger style; on a tie the first (callers give them in the order
 * cell, row, row group, column, table, and left or top before right or
 * bottom). */
static struct border
bwin(struct border a, struct border b)
{
	if (a.style == BS_HIDDEN || b.style == BS_HIDDEN)
		return a.style == BS_HIDDEN ? a : b;
	if (b.w > a.w + 1e-9)
		return b;
	if (a.w > b.w + 1e-9)
		return a;
	return b.style > a.style ? b : a;
}

static const struct cell *
cell_at(const struct row *row, int col)
{
	size_t	 k;

	for (k = 0; k < row->ncells; k++)
		if (row->cells[k].col <= col && col < row->cells[k].col +
		    row->cells[k].span)
			return &row->cells[k];
	return NULL;
}

/* Collapse: the border on each vertical grid line of a row, from its
 * cells, itself, its part, the columns and the table (none inside a cell
 * that spans columns). */
static void
row_vb(struct fo *fo, const struct item *t, struct row *row,
    const struct tbuild *tb)
{
	const struct cell *cl;
	struct border	 b;
	size_t		 k;
	int		 c, n = t->ncols, inside;

	if ((row->vb = calloc((size_t)n + 1, sizeof(*row->vb))) == NULL) {
		fo->err = DDD_ERR_NOMEM;
		return;
	}
	for (c = 0; c <= n; c++) {
		memset(&b, 0, sizeof(b));
		for (k = 0, inside = 0; k < row->ncells; k++) {
			cl = &row->cells[k];
			inside |= cl->col < c && c < cl->col + cl->span;
		}
		if (inside)
			continue;
		for (k = 0; k < row->ncells; k++)
			if (row->cells[k].col + row->cells[k].span == c)
				b = bwin(b, row->cells[k].box.border[1]);
		for (k = 0; k < row->ncells; k++)
			if (row->cells[k].col == c)
				b = bwin(b, row->cells[k].box.border[3]);
		if (c == 0) {
			b = bwin(b, row->box.border[3]);
			b = bwin(b, row->part.border[3]);
		}
		if (c == n) {
			b = bwin(b, row->box.border[1]);
			b = bwin(b, row->part.border[1]);
		}
		if (c > 0)
			b = bwin(b, tb->cols[c - 1].border[1]);
		if (c < n)
			b = bwin(b, tb->cols[c].border[3]);
		if (c == 0)
			b = bwin(b, tb->table.border[3]);
		if (c == n)
			b = bwin(b, tb->table.border[1]);
		row->vb[c] = b;
	}
}

/* Collapse: the border on each horizontal grid line of the table, per
 * column. */
static void
table_hb(struct fo *fo, struct item *t, const struct tbuild *tb)
{
	const struct cell *above, *below;
	struct border	 b;
	size_t		 r, nr = t->nrows;
	int		 c, n = t->ncols;

	if (n == 0)
		return;
	if ((t->hb = calloc((nr + 1) * (size_t)n, sizeof(*t->hb))) == NULL) {
		fo->err = DDD_ERR_NOMEM;
		return;
	}
	for (r = 0; r <= nr; r++)
		for (c = 0; c < n; c++) {
			memset(&b, 0, sizeof(b));
			above = r > 0 ? cell_at(&t->rows[r - 1], c) : NULL;
			below = r < nr ? cell_at(&t->rows[r], c) : NULL;
			if (above != NULL)
				b = bwin(b, above->box.border[2]);
			if (below != NULL)
				b = bwin(b, below->box.border[0]);
			if (r > 0)
				b = bwin(b, t->rows[r - 1].box.border[2]);
			if (r < nr)
				b = bwin(b, t->rows[r].box.border[0]);
			if (r > 0 && t->rows[r - 1].part_last)
				b = bwin(b, t->rows[r - 1].part.border[2]);
			if (r < nr && t->rows[r].part_first)
				b = bwin(b, t->rows[r].part.border[0]);
			if (r == 0) {
				b = bwin(b, tb->cols[c].border[0]);
				b = bwin(b, tb->table.border[0]);
			}
			if (r == nr) {
				b = bwin(b, tb->cols[c].border[2]);
				b = bwin(b, tb->table.border[2]);
			}
			t->hb[r * (size_t)n + (size_t)c] = b;
		}
}

/* Where each cell's content sits in its row, and the rows' heights: in
 * the collapsing model a row holds half of the borders on its lines (the
 * other halves are its neighbours', or outside the table, as in FOP); in
 * the separate one each cell's own borders and half the spacing on
 * either side. */
static void
row_heights(struct item *t)
{
	size_t		 r, k;
	int		 c, n = t->ncols;

	for (r = 0; r < t->nrows; r++) {
		struct row *row = &t->rows[r];
		double h = 0, tmax = 0, bmax = 0;
		for (c = 0; t->hb != NULL && c < n; c++) {
			tmax = fmax(tmax, t->hb[r * (size_t)n +
			    (size_t)c].w / 2);
			bmax = fmax(bmax, t->hb[(r + 1) * (size_t)n +
			    (size_t)c].w / 2);
		}
		for (k = 0; k < row->ncells; k++) {
			struct cell *cl = &row->cells[k];
			if (t->tmode == TB_COLLAPSE) {
				cl->top = cl->bottom = 0;
				for (c = cl->col; t->hb != NULL &&
				    c < cl->col + cl->span; c++) {
					cl->top = fmax(cl->top, t->hb[r *
					    (size_t)n + (size_t)c].w / 2);
					cl->bottom = fmax(cl->bottom, t->hb[(r +
					    1) * (size_t)n + (size_t)c].w / 2);
				}
			} else {
				cl->top = t->sep_b / 2 + cl->box.border[0].w;
				cl->bottom = t->sep_b / 2 + cl->box.border[2].w;
			}
			cl->top += cl->box.pad[0];
			cl->bottom += cl->box.pad[2];
			h = fmax(h, cl->top + cl->h + cl->bottom);
		}
		row->h = t->tmode == TB_COLLAPSE ? fmax(h, tmax + bmax) :
		    fmax(h, t->sep_b);
	}
}

/* One table row: its cells in the grid, their content laid out. */
static void
table_row(struct fo *fo, xmlNodePtr tr, const struct style *ps,
    struct item *t, int header, const struct box *part,
    const struct tbuild *tb)
{
	struct row	*rows, *row;
	struct style	 s, *cs = NULL;
	xmlNodePtr	 tc, *nodes = NULL;
	int		 col = 0, span;
	size_t		 n = 0, k;

	if ((rows = realloc(t->rows, (t->nrows + 1) * sizeof(*rows))) ==
	    NULL) {
		fo->err = DDD_ERR_NOMEM;
		return;
	}
	t->rows = rows;
	row = &rows[t->nrows++];
	memset(row, 0, sizeof(*row));
	row->header = header;
	row->part = *part;
	style_of(fo, tr, ps, &s);
	box_of(tr, &s, &row->box);
	for (tc = tr->children; tc != NULL; tc = tc->next) {
		if (is_fo(tc, "table-cell"))
			n++;
		else if (tc->type == XML_ELEMENT_NODE)
			warn(fo, tc, "element", (const char *)tc->name,
			    "in a table-row is not supported");
	}
	if (n == 0)
		goto done;
	if ((row->cells = calloc(n, sizeof(*row->cells))) == NULL ||
	    (cs = calloc(n, sizeof(*cs))) == NULL ||
	    (nodes = calloc(n, sizeof(*nodes))) == NULL) {
		fo->err = DDD_ERR_NOMEM;
		goto done;
	}
	for (tc = tr->children; tc != NULL; tc = tc->next) {
		struct cell *cell;
		if (!is_fo(tc, "table-cell"))
			continue;
		if (col >= t->ncols) {
			warn(fo, tc, "element", "table-cell", "beyond the "
			    "table's columns is not drawn");
			continue;
		}
		span = MIN(span_of(tc), t->ncols - col);
		cell = &row->cells[row->ncells];
		nodes[row->ncells] = tc;
		style_of(fo, tc, &s, &cs[row->ncells]);
		box_of(tc, &cs[row->ncells], &cell->box);
		cell->col = col;
		cell->span = span;
		col += span;
		row->ncells++;
	}
	if (t->tmode == TB_COLLAPSE)
		row_vb(fo, t, row, tb);
	for (k = 0; k < row->ncells && fo->err == DDD_OK; k++) {
		struct cell *cell = &row->cells[k];
		double l, r;
		cell->x = t->colx[cell->col];
		cell->w = t->colx[cell->col + cell->span] - cell->x;
		if (t->tmode == TB_COLLAPSE) {
			l = row->vb[cell->col].w / 2;
			r = row->vb[cell->col + cell->span].w / 2;
		} else {
			cell->x += t->sep_i / 2;
			cell->w = fmax(0, cell->w - t->sep_i);
			l = cell->box.border[3].w;
			r = cell->box.border[1].w;
		}
		cell->cx = cell->x + l + cell->box.pad[3];
		cell->cw = fmax(1, cell->w - l - r - cell->box.pad[1] -
		    cell->box.pad[3]);
		cell_fill(fo, cell, nodes[k], &cs[k]);
	}
done:
	free(cs);
	free(nodes);
}

/* border-separation (or border-spacing): one length for both directions,
 * or inline then block; the components override. */
static void
spacing_of(xmlNodePtr n, const struct style *s, struct item *t)
{
	char	*v;
	double	 l;

	if ((v = prop(n, "border-separation")) != NULL ||
	    (v = prop(n, "border-spacing")) != NULL) {
		char copy[128], *tok, *save = NULL;
		int k = 0;
		snprintf(copy, sizeof(copy), "%s", v);
		for (tok = strtok_r(copy, " ", &save); tok != NULL && k < 2;
		    tok = strtok_r(NULL, " ", &save), k++)
			if ((l = length(tok, 0, s->size)) >= 0) {
				if (k == 0)
					t->sep_i = t->sep_b = l;
				else
					t->sep_b = l;
			}
	}
	xmlFree(v);
	if ((v = prop(n, "border-separation.inline-progression-direction")) !=
	    NULL && (l = length(v, 0, s->size)) >= 0)
		t->sep_i = l;
	xmlFree(v);
	if ((v = prop(n, "border-separation.block-progression-direction")) !=
	    NULL && (l = length(v, 0, s->size)) >= 0)
		t->sep_b = l;
	xmlFree(v);
}

static void
table(struct fo *fo, xmlNodePtr n, const struct style *ps,
    struct items *list, double x, double w)
{
	static const char *const parts[] = { "table-header", "table-body",
	    "table-footer" };
	struct style	 s, ps2;
	struct item	*t;
	struct tbuild	*tb;
	struct box	 pbox;
	xmlNodePtr	 part, tr;
	double		 cw[MAX_COLS], l;
	char		*v;
	size_t		 first;
	int		 i, k;

	style_of(fo, n, ps, &s);
	if ((t = item_new(fo, list, IT_TABLE)) == NULL)
		return;
	if ((tb = calloc(1, sizeof(*tb))) == NULL) {
		fo->err = DDD_ERR_NOMEM;
		return;
	}
	box_of(n, &s, &t->box);
	tb->table = t->box;
	/* XSL's initial value is collapse, as FOP's. */
	if ((v = prop(n, "border-collapse")) != NULL &&
	    strcmp(v, "separate") == 0) {
		t->tmode = TB_SEPARATE;
		spacing_of(n, &s, t);
	} else if (v != NULL && strcmp(v, "collapse") != 0)
		warn(fo, n, "border-collapse", v, "is not supported: drawn "
		    "as 'collapse'");
	xmlFree(v);
	if (t->tmode == TB_COLLAPSE) {
		/* Its borders go into the grid; it has no padding in this
		 * model (CSS 2, 17.6.2; FOP leaves it out too). */
		if (t->box.pad[0] + t->box.pad[1] + t->box.pad[2] +
		    t->box.pad[3] > 0)
			warn(fo, n, "property", "padding", "on a table with "
			    "border-collapse 'collapse' is left out");
		memset(t->box.border, 0, sizeof(t->box.border));
		memset(t->box.pad, 0, sizeof(t->box.pad));
	}
	x += s.start_indent;
	w -= s.start_indent + s.end_indent;
	if ((v = prop(n, "width")) != NULL && (l = length(v, w, s.size)) > 0 &&
	    l < w)
		w = l;
	xmlFree(v);
	t->x = x;
	t->w = w;
	t->ncols = columns(fo, n, &s, w, cw, tb->cols);
	if ((t->colx = calloc((size_t)t->ncols + 1, sizeof(double))) == NULL) {
		fo->err = DDD_ERR_NOMEM;
		free(tb);
		return;
	}
	t->colx[0] = x;
	for (i = 0; i < t->ncols; i++)
		t->colx[i + 1] = t->colx[i] + cw[i];
	for (part = n->children; part != NULL; part = part->next)
		if (part->type == XML_ELEMENT_NODE && !is_fo(part, parts[0]) &&
		    !is_fo(part, parts[1]) && !is_fo(part, parts[2]) &&
		    !is_fo(part, "table-column"))
			warn(fo, part, "element", (const char *)part->name,
			    "in a table is not supported");
	/* The header first and the footer last, whatever their order
	 * (the footer once, at the end). */
	for (k = 0; k < 3; k++)
		for (part = n->children; part != NULL && fo->err == DDD_OK;
		    part = part->next) {
			if (!is_fo(part, parts[k]))
				continue;
			style_of(fo, part, &s, &ps2);
			box_of(part, &ps2, &pbox);
			first = t->nrows;
			for (tr = part->children; tr != NULL &&
			    fo->err == DDD_OK; tr = tr->next)
				if (is_fo(tr, "table-row"))
					table_row(fo, tr, &ps2, t, k == 0,
					    &pbox, tb);
				else if (tr->type == XML_ELEMENT_NODE)
					warn(fo, tr, "element",
					    (const char *)tr->name, "in a "
					    "table part is not supported "
					    "(table-row only)");
			if (t->nrows > first) {
				t->rows[first].part_first = 1;
				t->rows[t->nrows - 1].part_last = 1;
			}
		}
	/* Items of a cell are in lists of their own: the table item itself
	 * must not move, so no item is added to this list here. */
	if (t->tmode == TB_COLLAPSE && fo->err == DDD_OK)
		table_hb(fo, t, tb);
	row_heights(t);
	free(tb);
}

/* The content of one cell: its blocks laid out in its content width; its
 * height from theirs. */
static void
cell_fill(struct fo *fo, struct cell *cell, xmlNodePtr parent,
    const struct style *s)
{
	struct style	 cs = *s;
	xmlNodePtr	 c;
	size_t		 k;

	if ((cell->content = calloc(1, sizeof(*cell->content))) == NULL) {
		fo->err = DDD_ERR_NOMEM;
		return;
	}
	cs.start_indent = cs.end_indent = 0;
	for (c = parent->children; c != NULL; c = c->next)
		build(fo, c, &cs, cell->content, cell->cx, cell->cw);
	for (k = 0; k < cell->content->n; k++) {
		struct item *ci = &cell->content->v[k];
		cell->h += (k > 0 ? fmax(cell->content->v[k - 1].box.space_after,
		    ci->box.space_before) : 0) + item_h(ci);
	}
}

/* A list-block as a table of two columns: label, body. */
static void
list_block(struct fo *fo, xmlNodePtr n, const struct style *ps,
    struct items *list, double x, double w)
{
	struct style	 s, is;
	struct item	*t;
	xmlNodePtr	 li, part;
	double		 dist = 24;
	char		*v;
	int		 k;

	style_of(fo, n, ps, &s);
	if ((v = prop(n, "provisional-distance-between-starts")) != NULL &&
	    length(v, w, s.size) > 0)
		dist = fmin(length(v, w, s.size), w / 2);
	xmlFree(v);
	if ((t = item_new(fo, list, IT_TABLE)) == NULL)
		return;
	box_of(n, &s, &t->box);
	t->tmode = TB_LIST;
	t->x = x + s.start_indent;
	t->w = w - s.start_indent - s.end_indent;
	t->ncols = 2;
	if ((t->colx = calloc(3, sizeof(double))) == NULL) {
		fo->err = DDD_ERR_NOMEM;
		return;
	}
	t->colx[0] = t->x;
	t->colx[1] = t->x + dist;
	t->colx[2] = t->x + t->w;
	for (li = n->children; li != NULL && fo->err == DDD_OK; li = li->next) {
		struct row *rows, *row;
		if (!is_fo(li, "list-item"))
			continue;
		if ((rows = realloc(t->rows, (t->nrows + 1) * sizeof(*rows))) ==
		    NULL || (rows[t->nrows].cells = calloc(2,
		    sizeof(struct cell))) == NULL) {
			if (rows != NULL)
				t->rows = rows;
			fo->err = DDD_ERR_NOMEM;
			return;
		}
		t->rows = rows;
		row = &rows[t->nrows++];
		{
			struct cell *cells = row->cells;
			memset(row, 0, sizeof(*row));
			row->cells = cells;
		}
		row->ncells = 2;
		style_of(fo, li, &s, &is);
		box_of(li, &is, &row->box);
		for (k = 0; k < 2; k++) {
			struct cell *cl = &row->cells[k];
			cl->x = cl->cx = t->colx[k];
			cl->w = cl->cw = t->colx[k + 1] - t->colx[k];
			cl->col = k;
			cl->span = 1;
			cl->top = row->box.border[0].w;
		}
		for (part = li->children; part != NULL; part = part->next) {
			int body = is_fo(part, "list-item-body");
			if (!body && !is_fo(part, "list-item-label"))
				continue;
			cell_fill(fo, &row->cells[body], part, &is);
			row->h = fmax(row->h, row->cells[body].h);
		}
		row->h += row->box.space_before + row->box.space_after;
	}
}

/* Any block-level node. */
static void
build(struct fo *fo, xmlNodePtr n, const struct style *s,
    struct items *list, double x, double w)
{
	if (n->type != XML_ELEMENT_NODE || fo->err != DDD_OK)
		return;
	if (++fo->depth > MAX_DEPTH) {
		warn(fo, n, "element", (const char *)n->name,
		    "is nested too deeply");
		fo->depth--;
		return;
	}
	if (is_fo(n, "block") || is_fo(n, "block-container"))
		block(fo, n, s, list, x, w);
	else if (is_fo(n, "table"))
		table(fo, n, s, list, x, w);
	else if (is_fo(n, "table-and-caption")) {
		xmlNodePtr c;
		for (c = n->children; c != NULL; c = c->next)
			if (is_fo(c, "table"))
				table(fo, c, s, list, x, w);
	} else if (is_fo(n, "list-block"))
		list_block(fo, n, s, list, x, w);
	else if (is_fo(n, "external-graphic"))
		image(fo, n, s, list, x, w);
	else
		warn(fo, n, "element", (const char *)n->name, is_fo(n, NULL) ?
		    "is not supported here" : "(not XSL-FO) is not supported");
	fo->depth--;
}

/* --- placing --------------------------------------------------------- */

static double
item_h(const struct item *it)
{
	double	 h = 0;
	size_t	 r;

	if (it->kind == IT_PARA)
		h = it->th;
	else if (it->kind == IT_IMAGE)
		h = it->ih;
	else
		for (r = 0; r < it->nrows; r++)
			h += it->rows[r].h;
	return h + it->box.pad[0] + it->box.pad[2] + it->box.border[0].w +
	    it->box.border[2].w;
}

static struct page *
page_new(struct fo *fo, int master, xmlNodePtr seq)
{
	struct page	*p;

	if (fo->npages == (size_t)fo->lim->max_pages) {
		buf_printf(fo->warn, "the page limit of %d pages is reached\n",
		    fo->lim->max_pages);
		fo->err = DDD_ERR_TOO_LARGE;
		return NULL;
	}
	if (now_s() - fo->t0 > fo->lim->max_seconds) {
		buf_printf(fo->warn, "the time limit of %.0f s is reached\n",
		    fo->lim->max_seconds);
		fo->err = DDD_ERR_RENDER;
		return NULL;
	}
	if (fo->npages == fo->apages) {
		size_t na = fo->apages ? fo->apages * 2 : 8;
		if ((p = realloc(fo->pages, na * sizeof(*p))) == NULL) {
			fo->err = DDD_ERR_NOMEM;
			return NULL;
		}
		fo->pages = p;
		fo->apages = na;
	}
	p = &fo->pages[fo->npages++];
	memset(p, 0, sizeof(*p));
	p->master = master;
	p->seq = seq;
	return p;
}

static void
frag_add(struct fo *fo, struct page *p, struct item *it, int from, int to,
    double y, int top, int bottom, int rep)
{
	struct frag	*f;

	if (p->n == p->alloc) {
		size_t na = p->alloc ? p->alloc * 2 : 32;
		if ((f = realloc(p->f, na * sizeof(*f))) == NULL) {
			fo->err = DDD_ERR_NOMEM;
			return;
		}
		p->f = f;
		p->alloc = na;
	}
	f = &p->f[p->n++];
	f->it = it;
	f->from = from;
	f->to = to;
	f->y = y;
	f->top_edge = top;
	f->bottom_edge = bottom;
	f->repeat_header = rep;
	f->soff = f->sh = 0;
}

/* An id placed on page at (x, y).  The page of its first placing is the
 * one page-number-citation gives (the second pass, for citations ahead
 * of their ids, builds on the first); the place of its last pass is
 * where links go.  The first of two equal ids wins. */
static void
id_add(struct fo *fo, const char *id, int page, double x, double y)
{
	struct idpage	*p;

	if (id[0] == '\0' || fo->err != DDD_OK)
		return;
	if ((p = id_find(fo, id)) != NULL) {
		if (p->pass != fo->pass) {
			p->pass = fo->pass;
			p->dpage = page;
			p->x = x;
			p->y = y;
		}
		return;
	}
	if (fo->idx == NULL)
		fo->idx = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
		    NULL);
	if (fo->nids == fo->aids) {
		size_t na = fo->aids ? fo->aids * 2 : 16;
		if ((p = realloc(fo->ids, na * sizeof(*p))) == NULL) {
			fo->err = DDD_ERR_NOMEM;
			return;
		}
		fo->ids = p;
		fo->aids = na;
	}
	p = &fo->ids[fo->nids];
	snprintf(p->id, sizeof(p->id), "%s", id);
	p->page = p->dpage = page;
	p->pass = fo->pass;
	p->x = x;
	p->y = y;
	g_hash_table_insert(fo->idx, g_strdup(p->id),
	    GSIZE_TO_POINTER(fo->nids + 1));
	fo->nids++;
}

static void items_ids(struct fo *, struct items *, int, double);

/* The ids an item has at its top: its own, an enclosing block's, and
 * those of an empty paragraph. */
static void
item_top_ids(struct fo *fo, struct item *it, int page, double y)
{
	size_t	 k;

	id_add(fo, it->box.id, page, it->x, y);
	for (k = 0; k < it->nanchors; k++)
		if (it->anchors[k].line < 0 || it->kind != IT_PARA ||
		    it->nlines == 0)
			id_add(fo, it->anchors[k].id, page, it->x, y);
}

/* The ids on the inlines of a paragraph's lines [a, b), placed on page
 * with line a's top at y. */
static void
para_ids(struct fo *fo, struct item *it, int a, int b, int page, double y)
{
	size_t	 k;

	for (k = 0; k < it->nanchors; k++) {
		const struct anchor *an = &it->anchors[k];
		if (it->kind == IT_PARA && an->line >= a && an->line < b &&
		    an->line < it->nlines)
			id_add(fo, an->id, page, it->x + it->lx[an->line] +
			    an->x, y + it->ltop[an->line] - it->ltop[a]);
	}
}

/* The ids of a table's rows [a, b) and of all they hold, placed on page
 * with row a's top at y (what cells hold: at their row's top). */
static void
rows_ids(struct fo *fo, struct item *it, int a, int b, int page, double y)
{
	size_t	 c;
	int	 r;

	for (r = a; r < b && (size_t)r < it->nrows; r++) {
		struct row *row = &it->rows[r];
		id_add(fo, row->box.id, page, it->x, y);
		for (c = 0; c < row->ncells; c++) {
			id_add(fo, row->cells[c].box.id, page, row->cells[c].x,
			    y);
			items_ids(fo, row->cells[c].content, page, y);
		}
		y += row->h;
	}
}

static void
items_ids(struct fo *fo, struct items *l, int page, double y)
{
	size_t	 i;

	for (i = 0; l != NULL && i < l->n; i++) {
		struct item *it = &l->v[i];
		item_top_ids(fo, it, page, y);
		if (it->kind == IT_PARA)
			para_ids(fo, it, 0, it->nlines, page, y);
		else if (it->kind == IT_TABLE)
			rows_ids(fo, it, 0, (int)it->nrows, page, y);
	}
}

/* Every line of text in a row, row-relative: calls fn(arg, top,
 * bottom) for each; stops early when fn returns non-zero. */
static int
row_lines(const struct row *row, int (*fn)(void *, double, double),
    void *arg)
{
	size_t		 c, k;
	int		 i;

	for (c = 0; c < row->ncells; c++) {
		const struct cell *cell = &row->cells[c];
		double y = cell->top;
		for (k = 0; cell->content != NULL && k < cell->content->n;
		    k++) {
			const struct item *ci = &cell->content->v[k];
			double ty = y + ci->box.pad[0] + ci->box.border[0].w;
			if (k > 0)
				ty += fmax(cell->content->v[k - 1].box.space_after,
				    ci->box.space_before);
			for (i = 0; ci->kind == IT_PARA && i < ci->nlines; i++)
				if (fn(arg, ty + ci->ltop[i], ty + ci->ltop[i] +
				    ci->lh[i]))
					return 1;
			y = ty - ci->box.pad[0] - ci->box.border[0].w +
			    item_h(ci);
		}
	}
	return 0;
}

static int
line_crosses(void *arg, double top, double bottom)
{
	double	 cut = *(double *)arg;

	return top < cut - 0.01 && bottom > cut + 0.01;
}

struct cut_search {
	const struct row *row;
	double		 from, limit, best;
};

static int
line_end_candidate(void *arg, double top, double bottom)
{
	struct cut_search *cs = arg;
	double		 cut = bottom;

	(void)top;
	if (bottom > cs->from + 1 && bottom <= cs->limit &&
	    bottom > cs->best && !row_lines(cs->row, line_crosses, &cut))
		cs->best = bottom;
	return 0;
}

/* Where to cut a row between from and at most limit (row-relative):
 * the lowest bottom of a line that cuts no other line, or limit when
 * there is none (a single line taller than the page). */
static double
row_cut(const struct row *row, double from, double limit)
{
	struct cut_search cs = { row, from, limit, -1 };

	(void)row_lines(row, line_end_candidate, &cs);
	return cs.best > 0 ? cs.best : limit;
}

/* The flow's items onto pages from top to bottom of the body region. */
static void
place(struct fo *fo, struct items *list, int master, xmlNodePtr seq)
{
	const struct master *m = &fo->masters[master];
	double		 top = m->mt + m->bt, bottom = m->h - m->mb - m->bb;
	double		 y = top, h, need;
	struct page	*pg;
	size_t		 i, j;
	int		 a, b;
	double		 pending = 0;	/* the previous item's space-after */

	if ((pg = page_new(fo, master, seq)) == NULL)
		return;
	/* Space resolution (XSL 4.3.1): a space-after and the next
	 * space-before make one space, the larger; at the top of a page both
	 * go. */
	for (i = 0; i < list->n && fo->err == DDD_OK; i++) {
		struct item *it = &list->v[i];
		struct box *bx = &it->box;
		int fresh = pg->n == 0;
		if (bx->break_before && !fresh) {
			if ((pg = page_new(fo, master, seq)) == NULL)
				return;
			y = top;
			fresh = 1;
		}
		if (!fresh)
			y += fmax(pending, bx->space_before);
		pending = 0;
		h = item_h(it);
		/* What must come along: the next item's first line (or all
		 * of it) while keep-with-next chains. */
		need = h;
		for (j = i; j + 1 < list->n && list->v[j].box.keep_next; j++) {
			struct item *nx = &list->v[j + 1];
			need += nx->box.space_before + (nx->kind == IT_PARA &&
			    nx->nlines > 0 && !nx->box.keep_next ? nx->lh[0] *
			    fmin(2, nx->nlines) + nx->box.pad[0] : item_h(nx));
			if (need > bottom - top)
				break;
		}
		if (it->kind == IT_PARA && it->nlines > 2 &&
		    !bx->keep_together && !bx->keep_next)
			need = fmin(need, it->lh[0] * 2 + bx->pad[0] +
			    bx->border[0].w);
		if (it->kind == IT_TABLE && it->nrows > 0)
			need = fmin(need, it->rows[0].h + (it->nrows > 1 ?
			    it->rows[1].h : 0));
		if (y + need > bottom && !fresh) {
			if ((pg = page_new(fo, master, seq)) == NULL)
				return;
			y = top;
			fresh = 1;
		}
		item_top_ids(fo, it, (int)fo->npages, y);
		if (it->kind == IT_IMAGE || (it->kind == IT_PARA &&
		    (y + h <= bottom || it->nlines == 0))) {
			frag_add(fo, pg, it, 0, it->kind == IT_PARA ?
			    it->nlines : 0, y, 1, 1, 0);
			para_ids(fo, it, 0, it->nlines, (int)fo->npages, y +
			    bx->pad[0] + bx->border[0].w);
			y += h;
			pending = bx->space_after;
		} else if (it->kind == IT_PARA) {
			/* Split between lines: at least two lines each side
			 * when the paragraph has four or more. */
			a = 0;
			while (a < it->nlines) {
				double start = y + (a == 0 ? bx->pad[0] +
				    bx->border[0].w : 0);
				double base = it->ltop[a];
				b = a;
				while (b < it->nlines && start + it->ltop[b] -
				    base + it->lh[b] <= bottom)
					b++;
				if (b < it->nlines && b - a > 1 &&
				    it->nlines - b < 2 && it->nlines >= 4)
					b--;	/* widows */
				if (b == a)
					b = a + 1;	/* taller than a page */
				frag_add(fo, pg, it, a, b, y, a == 0,
				    b == it->nlines, 0);
				para_ids(fo, it, a, b, (int)fo->npages, start);
				y = start + it->ltop[b - 1] - base +
				    it->lh[b - 1];
				a = b;
				if (a < it->nlines) {
					if ((pg = page_new(fo, master, seq)) ==
					    NULL)
						return;
					y = top;
				}
			}
			y += bx->pad[2] + bx->border[2].w;
			pending = bx->space_after;
		} else {
			/* Table: whole rows; header rows again on each new
			 * page. */
			size_t nh = 0;
			double hh = 0;
			while (nh < it->nrows && it->rows[nh].header)
				hh += it->rows[nh++].h;
			int midpage = 0;
			a = 0;
			while ((size_t)a < it->nrows) {
				double yy = y + (a == 0 ? bx->pad[0] +
				    bx->border[0].w : midpage ? 0 : hh);
				double ystart = yy;
				b = a;
				while ((size_t)b < it->nrows && yy +
				    it->rows[b].h <= bottom) {
					yy += it->rows[b].h;
					b++;
				}
				if (b == a && y > top + 0.01 && pg->n > 0 &&
				    it->rows[a].h <= bottom - top - hh) {
					/* The row fits on a page of its own:
					 * there, whole. */
					if ((pg = page_new(fo, master, seq)) ==
					    NULL)
						return;
					y = top;
					midpage = 0;
					continue;
				}
				if (b == a) {
					/* A row taller than a page: split over
					 * pages between lines, from here; each
					 * slice drawn clipped. */
					double rh = it->rows[a].h, off = 0, sh;
					rows_ids(fo, it, a, a + 1,
					    (int)fo->npages, yy);
					for (;;) {
						sh = fmin(bottom - yy, rh - off);
						if (off + sh < rh - 0.01)
							sh = row_cut(&it->rows[a],
							    off, off + sh) - off;
						/* The header again above every
						 * continued slice. */
						frag_add(fo, pg, it, a, a + 1, y,
						    a == 0 && off == 0,
						    (size_t)a + 1 == it->nrows &&
						    off + sh >= rh - 0.01, nh > 0 &&
						    (off > 0 || (a > 0 &&
						    !midpage)));
						if (fo->err != DDD_OK)
							return;
						pg->f[pg->n - 1].soff = off;
						pg->f[pg->n - 1].sh = sh;
						off += sh;
						if (off >= rh - 0.01)
							break;
						if ((pg = page_new(fo, master,
						    seq)) == NULL)
							return;
						y = top;
						yy = top + hh;
						midpage = 1;
					}
					y = yy + sh;
					a++;
					midpage = 1;
					continue;
				}
				frag_add(fo, pg, it, a, b, y, a == 0,
				    (size_t)b == it->nrows, a > 0 && nh > 0 &&
				    !midpage);
				rows_ids(fo, it, a, b, (int)fo->npages, ystart);
				y = yy;
				a = b;
				midpage = 0;
				/* A row taller than a page starts right here. */
				if ((size_t)a < it->nrows && it->rows[a].h >
				    bottom - top - hh) {
					midpage = 1;
					continue;
				}
				if ((size_t)a < it->nrows) {
					if ((pg = page_new(fo, master, seq)) ==
					    NULL)
						return;
					y = top;
				}
			}
			y += bx->pad[2] + bx->border[2].w;
			pending = bx->space_after;
		}
		if (bx->break_after && i + 1 < list->n) {
			if ((pg = page_new(fo, master, seq)) == NULL)
				return;
			y = top;
		}
	}
}

/* --- drawing ---------------------------------------------------------- */

static void
tag_begin(cairo_t *cr, const char *name, const char *attrs)
{
	if (getenv("FO_NOTAGS") == NULL)
		cairo_tag_begin(cr, name, attrs);
}

static void
tag_end(cairo_t *cr, const char *name)
{
	if (getenv("FO_NOTAGS") == NULL)
		cairo_tag_end(cr, name);
}

static void
draw_box(cairo_t *cr, const struct box *b, double x, double y, double w,
    double h, int top, int bottom)
{
	if (b->has_bg) {
		set_rgb(cr, b->bg);
		cairo_rectangle(cr, x, y, w, h);
		cairo_fill(cr);
	}
	if (top && b->border[0].w > 0) {
		set_rgb(cr, b->border[0].color);
		cairo_rectangle(cr, x, y, w, b->border[0].w);
		cairo_fill(cr);
	}
	if (bottom && b->border[2].w > 0) {
		set_rgb(cr, b->border[2].color);
		cairo_rectangle(cr, x, y + h - b->border[2].w, w,
		    b->border[2].w);
		cairo_fill(cr);
	}
	if (b->border[3].w > 0) {
		set_rgb(cr, b->border[3].color);
		cairo_rectangle(cr, x, y, b->border[3].w, h);
		cairo_fill(cr);
	}
	if (b->border[1].w > 0) {
		set_rgb(cr, b->border[1].color);
		cairo_rectangle(cr, x + w - b->border[1].w, y, b->border[1].w,
		    h);
		cairo_fill(cr);
	}
}

static void draw_items(struct fo *, cairo_t *, struct items *, double);

/* A string attribute of a cairo tag, name='value ' with ' and \\ escaped
 * as cairo reads them (cairo-tag-attributes.c). */
static void
tag_string(GString *g, const char *name, const char *v)
{
	g_string_append_printf(g, "%s='", name);
	for (; *v != '\0'; v++) {
		if (*v == '\'' || *v == '\\')
			g_string_append_c(g, '\\');
		g_string_append_c(g, *v);
	}
	g_string_append(g, "' ");
}

/* The name of an id's destination in the PDF: the id when cairo 1.16 can
 * write it as it is (it puts names into PDF strings unescaped): ASCII
 * letters, digits, '_', '-', '.', ':', a letter or '_' first; else one
 * made of the id's number, with a digit first (so never an id kept). */
static void
dest_name(const struct fo *fo, const struct idpage *p, char *out,
    size_t size)
{
	const char	*s = p->id;
	size_t		 i;
	int		 ok = g_ascii_isalpha(s[0]) || s[0] == '_';

	for (i = 0; ok && s[i] != '\0'; i++)
		ok = g_ascii_isalnum(s[i]) || strchr("_-.:", s[i]) != NULL;
	if (ok)
		snprintf(out, size, "%s", s);
	else
		snprintf(out, size, "%zu.id", (size_t)(p - fo->ids));
}

/* The named destinations of the ids placed on this page. */
static void
page_dests(struct fo *fo, cairo_t *cr, int page)
{
	char		 name[80];
	GString		*g;
	size_t		 i;

	for (i = 0; i < fo->nids; i++) {
		if (fo->ids[i].dpage != page)
			continue;
		dest_name(fo, &fo->ids[i], name, sizeof(name));
		g = g_string_new(NULL);
		tag_string(g, "name", name);
		g_string_append_printf(g, "x=%f y=%f", fo->ids[i].x,
		    fo->ids[i].y);
		tag_begin(cr, CAIRO_TAG_DEST, g->str);
		tag_end(cr, CAIRO_TAG_DEST);
		g_string_free(g, TRUE);
	}
}

/* The innermost link over byte offset of a paragraph's text, or NULL. */
static struct link *
link_at(struct item *it, int offset)
{
	struct link	*best = NULL;
	size_t		 k;

	for (k = 0; k < it->nlinks; k++) {
		struct link *lk = &it->links[k];
		if ((unsigned)offset >= lk->start &&
		    (unsigned)offset < lk->end && (best == NULL ||
		    lk->end - lk->start < best->end - best->start))
			best = lk;
	}
	return best;
}

/* Begin a Link tag for lk over [x, x + w) of a line (top, h high); -1
 * when no link can be made (an id that is nowhere: said once). */
static int
link_begin(struct fo *fo, cairo_t *cr, struct link *lk, double x,
    double top, double w, double h)
{
	const struct idpage *p = NULL;
	char		 name[80];
	GString		*g;

	if (lk->uri == NULL && (p = id_find(fo, lk->id)) == NULL) {
		if (!lk->warned) {
			lk->warned = 1;
			warn_line(fo, lk->line, "basic-link destination",
			    lk->id, "names no id in the document: the text "
			    "is not linked");
		}
		return -1;
	}
	g = g_string_new(NULL);
	g_string_append_printf(g, "rect=[%f %f %f %f] ", x, top, w, h);
	if (lk->uri != NULL)
		tag_string(g, "uri", lk->uri);
	else {
		dest_name(fo, p, name, sizeof(name));
		tag_string(g, "dest", name);
	}
	tag_begin(cr, CAIRO_TAG_LINK, g->str);
	g_string_free(g, TRUE);
	return 0;
}

static double
run_width(const PangoGlyphItem *run)
{
	return (double)(run->start_x_offset + pango_glyph_string_get_width(
	    run->glyphs) + run->end_x_offset) / PANGO_SCALE;
}

/* A line of a paragraph that holds links, run by run as
 * pango_cairo_show_layout_line draws it (less what we never set:
 * underlines, shapes, backgrounds): the runs of a link inside a Link tag
 * with the line's box around them (a Link structure element, and only
 * its text clickable), the others inside a Span (cairo 1.16 leaves the
 * content of an element that has elements inside out of the structure
 * tree).  x, base: where the line starts, on its baseline; top, h: its
 * box. */
static void
draw_line_links(struct fo *fo, cairo_t *cr, struct item *it,
    PangoLayoutLine *line, double x, double base, double top, double h)
{
	const char	*text = pango_layout_get_text(it->layout);
	struct link	*lk;
	GSList		*l, *m;
	int		 linked;

	for (l = line->runs; l != NULL; l = m) {
		double w = 0;
		lk = link_at(it, ((PangoGlyphItem *)l->data)->item->offset);
		for (m = l; m != NULL && link_at(it, ((PangoGlyphItem *)
		    m->data)->item->offset) == lk; m = m->next)
			w += run_width(m->data);
		linked = lk != NULL && w > 0 &&
		    link_begin(fo, cr, lk, x, top, w, h) == 0;
		if (!linked)
			tag_begin(cr, "Span", NULL);
		for (; l != m; l = l->next) {
			PangoGlyphItem *run = l->data;
			PangoAttrColor *fg = NULL;
			GSList *a;
			for (a = run->item->analysis.extra_attrs; a != NULL;
			    a = a->next)
				if (((PangoAttribute *)a->data)->klass->type ==
				    PANGO_ATTR_FOREGROUND)
					fg = a->data;
			cairo_save(cr);
			if (fg != NULL)
				cairo_set_source_rgb(cr,
				    fg->color.red / 65535.0,
				    fg->color.green / 65535.0,
				    fg->color.blue / 65535.0);
			cairo_move_to(cr, x + (double)run->start_x_offset /
			    PANGO_SCALE, base - (double)run->y_offset /
			    PANGO_SCALE);
			pango_cairo_show_glyph_item(cr, text, run);
			cairo_restore(cr);
			x += run_width(run);
		}
		tag_end(cr, linked ? CAIRO_TAG_LINK : "Span");
	}
}

/* The alternative text of the Figure tag just begun ("" for none): the
 * update after drawing puts it in the structure element (/Alt). */
static void
figure_alt(struct fo *fo, const char *alt)
{
	char	**p;

	if (fo->nalts == fo->aalts) {
		size_t na = fo->aalts ? fo->aalts * 2 : 16;
		if ((p = realloc(fo->alts, na * sizeof(*p))) == NULL) {
			fo->err = DDD_ERR_NOMEM;
			return;
		}
		fo->alts = p;
		fo->aalts = na;
	}
	if ((fo->alts[fo->nalts] = strdup(alt != NULL ? alt : "")) == NULL) {
		fo->err = DDD_ERR_NOMEM;
		return;
	}
	fo->nalts++;
}

static void
draw_para(struct fo *fo, cairo_t *cr, struct item *it, int from, int to,
    double y, int top, int bottom)
{
	struct box	*b = &it->box;
	double		 ytext = y + (top ? b->pad[0] + b->border[0].w : 0);
	double		 base = from < it->nlines ? it->ltop[from] : 0;
	double		 hh = to > from ? it->ltop[to - 1] + it->lh[to - 1] -
			    base : 0;
	int		 i;

	draw_box(cr, b, it->x - b->pad[3] - b->border[3].w, y, it->w +
	    b->pad[1] + b->pad[3] + b->border[1].w + b->border[3].w, hh +
	    (top ? b->pad[0] + b->border[0].w : 0) + (bottom ? b->pad[2] +
	    b->border[2].w : 0), top, bottom);
	if (from >= to)
		return;
	if (b->heading)
		tag_begin(cr, b->heading == 1 ? "H1" : b->heading == 2 ?
		    "H2" : b->heading == 3 ? "H3" : "H4", NULL);
	else
		tag_begin(cr, "P", NULL);
	for (i = from; i < to; i++) {
		PangoLayoutLine *line = pango_layout_get_line_readonly(
		    it->layout, i);
		double lt = ytext + it->ltop[i] - base;
		if (fo->win_bottom > fo->win_top && (lt < fo->win_top - 0.01 ||
		    lt + it->lh[i] > fo->win_bottom + 0.01))
			continue;	/* on the slice before or after */
		if (it->nlinks > 0)
			draw_line_links(fo, cr, it, line, it->x + it->lx[i],
			    ytext + it->lbase[i] - base, lt, it->lh[i]);
		else {
			cairo_move_to(cr, it->x + it->lx[i], ytext +
			    it->lbase[i] - base);
			pango_cairo_show_layout_line(cr, line);
		}
	}
	tag_end(cr, b->heading ? (b->heading == 1 ? "H1" :
	    b->heading == 2 ? "H2" : b->heading == 3 ? "H3" : "H4") : "P");
}

static void
fill_bg(cairo_t *cr, const struct box *b, double x, double y, double w,
    double h)
{
	if (!b->has_bg || w <= 0 || h <= 0)
		return;
	set_rgb(cr, b->bg);
	cairo_rectangle(cr, x, y, w, h);
	cairo_fill(cr);
}

/* Row r of a table at y: backgrounds, cells (separate: with their own
 * borders), content. */
static void
draw_row(struct fo *fo, cairo_t *cr, struct item *it, int r, double y)
{
	struct row	*row = &it->rows[r];
	double		 x0 = it->colx[0], x1 = it->colx[it->ncols];
	size_t		 c;

	if (it->tmode == TB_LIST)
		draw_box(cr, &row->box, x0, y, x1 - x0, row->h, 1, 1);
	else if (it->tmode == TB_COLLAPSE) {
		fill_bg(cr, &row->part, x0, y, x1 - x0, row->h);
		fill_bg(cr, &row->box, x0, y, x1 - x0, row->h);
	}
	tag_begin(cr, "TR", NULL);
	for (c = 0; c < row->ncells; c++) {
		struct cell *cell = &row->cells[c];
		double by = y, bh = row->h, inner, off = 0;
		if (it->tmode == TB_SEPARATE) {
			/* Row and part backgrounds only under the cells. */
			by += it->sep_b / 2;
			bh -= it->sep_b;
			fill_bg(cr, &row->part, cell->x, by, cell->w, bh);
			fill_bg(cr, &row->box, cell->x, by, cell->w, bh);
		}
		tag_begin(cr, row->header ? "TH" : "TD", NULL);
		if (it->tmode == TB_COLLAPSE)
			fill_bg(cr, &cell->box, cell->x, by, cell->w, bh);
		else
			draw_box(cr, &cell->box, cell->x, by, cell->w, bh, 1,
			    1);
		inner = row->h - cell->top - cell->bottom;
		if (cell->box.valign == 1)
			off = (inner - cell->h) / 2;
		else if (cell->box.valign == 2)
			off = inner - cell->h;
		if (cell->content != NULL)
			draw_items(fo, cr, cell->content, y + cell->top +
			    fmax(0, off));
		tag_end(cr, row->header ? "TH" : "TD");
	}
	tag_end(cr, "TR");
}

/* The collapsed borders of rows seq[0..m) drawn at ys[]: centred on the
 * grid lines, the vertical ones first; a horizontal one reaches over half
 * the widest vertical one it meets, so that corners close.  Between a
 * repeated header and the row under it the wider of the two lines. */
static void
draw_grid(cairo_t *cr, const struct item *it, const int *seq,
    const double *ys, int m)
{
	const struct row *row;
	struct border	 b;
	size_t		 n = (size_t)it->ncols;
	double		 y, el, er;
	int		 k, r, c, j;

	if (it->hb == NULL || m == 0)
		return;
	for (k = 0; k < m; k++) {
		row = &it->rows[seq[k]];
		for (c = 0; row->vb != NULL && c <= it->ncols; c++) {
			b = row->vb[c];
			if (b.w <= 0)
				continue;
			set_rgb(cr, b.color);
			cairo_rectangle(cr, it->colx[c] - b.w / 2, ys[k], b.w,
			    row->h);
			cairo_fill(cr);
		}
	}
	for (k = 0; k <= m; k++) {
		r = k < m ? seq[k] : seq[m - 1] + 1;
		y = k < m ? ys[k] : ys[m - 1] + it->rows[seq[m - 1]].h;
		for (c = 0; c < it->ncols; c++) {
			b = it->hb[(size_t)r * n + (size_t)c];
			if (k > 0 && k < m && seq[k - 1] + 1 != r)
				b = bwin(it->hb[(size_t)(seq[k - 1] + 1) * n +
				    (size_t)c], b);
			if (b.w <= 0)
				continue;
			el = er = 0;
			for (j = k - 1; j <= k; j++) {
				if (j < 0 || j >= m ||
				    it->rows[seq[j]].vb == NULL)
					continue;
				el = fmax(el, it->rows[seq[j]].vb[c].w / 2);
				er = fmax(er, it->rows[seq[j]].vb[c + 1].w / 2);
			}
			set_rgb(cr, b.color);
			cairo_rectangle(cr, it->colx[c] - el, y - b.w / 2,
			    it->colx[c + 1] - it->colx[c] + el + er, b.w);
			cairo_fill(cr);
		}
	}
}

/* A table's part on a page, a Table element of its own: its rows (or a
 * slice of a row taller than a page, drawn clipped), with the header
 * rows again above when they repeat. */
static void
draw_table(struct fo *fo, cairo_t *cr, struct item *it, const struct frag *f)
{
	struct box	*b = &it->box;
	int		*seq;
	double		*ys, yy, end;
	int		 m = 0, nh = 0, r;

	while (f->repeat_header && (size_t)nh < it->nrows &&
	    it->rows[nh].header)
		nh++;
	if ((seq = calloc((size_t)(nh + f->to - f->from + 1), sizeof(*seq))) ==
	    NULL || (ys = calloc((size_t)(nh + f->to - f->from + 1),
	    sizeof(*ys))) == NULL) {
		free(seq);
		fo->err = DDD_ERR_NOMEM;
		return;
	}
	yy = f->y + (f->top_edge ? b->pad[0] + b->border[0].w : 0);
	for (r = 0; r < nh; r++) {
		seq[m] = r;
		ys[m++] = yy;
		yy += it->rows[r].h;
	}
	if (f->sh > 0)
		end = yy + f->sh;
	else {
		for (r = f->from; r < f->to; r++) {
			seq[m] = r;
			ys[m++] = yy;
			yy += it->rows[r].h;
		}
		end = yy;
	}
	if (it->tmode != TB_COLLAPSE)
		draw_box(cr, b, it->x - b->pad[3] - b->border[3].w, f->y,
		    it->w + b->pad[1] + b->pad[3] + b->border[1].w +
		    b->border[3].w, end - f->y + (f->bottom_edge ? b->pad[2] +
		    b->border[2].w : 0), f->top_edge, f->bottom_edge);
	else if (end > f->y)
		fill_bg(cr, b, it->colx[0], f->y, it->colx[it->ncols] -
		    it->colx[0], end - f->y);
	tag_begin(cr, "Table", NULL);
	for (r = 0; r < m; r++)
		draw_row(fo, cr, it, seq[r], ys[r]);
	if (it->tmode == TB_COLLAPSE)
		draw_grid(cr, it, seq, ys, m);
	if (f->sh > 0) {
		/* One slice of a tall row: clipped to the slice (and to the
		 * outer half of its borders where the row begins or ends). */
		double top = yy - (f->soff < 0.01 ? 50 : 0);
		double bottom = yy + f->sh + (f->bottom_edge ||
		    f->soff + f->sh >= it->rows[f->from].h - 0.01 ? 50 : 0);
		cairo_save(cr);
		cairo_rectangle(cr, it->x - 100, top, it->w + 200, bottom -
		    top);
		cairo_clip(cr);
		fo->win_top = yy;
		fo->win_bottom = yy + f->sh;
		seq[m] = f->from;
		ys[m] = yy - f->soff;
		draw_row(fo, cr, it, f->from, yy - f->soff);
		if (it->tmode == TB_COLLAPSE)
			draw_grid(cr, it, seq + m, ys + m, 1);
		fo->win_top = fo->win_bottom = 0;
		cairo_restore(cr);
	}
	tag_end(cr, "Table");
	free(seq);
	free(ys);
}

/* Items stacked from y (table cells, static content). */
static void
draw_items(struct fo *fo, cairo_t *cr, struct items *list, double y)
{
	size_t		 i;

	for (i = 0; i < list->n; i++) {
		struct item *it = &list->v[i];
		if (i > 0)
			y += fmax(list->v[i - 1].box.space_after,
			    it->box.space_before);
		if (it->kind == IT_PARA)
			draw_para(fo, cr, it, 0, it->nlines, y, 1, 1);
		else if (it->kind == IT_IMAGE && it->img != NULL) {
			double sx = it->iw / cairo_image_surface_get_width(
			    it->img);
			double sy = it->ih / cairo_image_surface_get_height(
			    it->img);
			tag_begin(cr, "Figure", NULL);
			figure_alt(fo, it->alt);
			cairo_save(cr);
			cairo_translate(cr, it->x, y);
			cairo_scale(cr, sx, sy);
			cairo_set_source_surface(cr, it->img, 0, 0);
			cairo_paint(cr);
			cairo_restore(cr);
			tag_end(cr, "Figure");
		} else if (it->kind == IT_TABLE) {
			struct frag f;
			memset(&f, 0, sizeof(f));
			f.it = it;
			f.to = (int)it->nrows;
			f.y = y;
			f.top_edge = f.bottom_edge = 1;
			draw_table(fo, cr, it, &f);
		}
		y += item_h(it);
	}
}

static void
draw_frag(struct fo *fo, cairo_t *cr, struct frag *f)
{
	struct item	*it = f->it;
	double		 y = f->y;

	if (it->kind == IT_PARA)
		draw_para(fo, cr, it, f->from, f->to, y, f->top_edge,
		    f->bottom_edge);
	else if (it->kind == IT_IMAGE) {
		struct items one = { it, 1, 1 };
		draw_items(fo, cr, &one, y);
	} else
		draw_table(fo, cr, it, f);
}

/* The static content of a region, laid out for this page. */
static void
draw_static(struct fo *fo, cairo_t *cr, xmlNodePtr seq, const char *flow,
    const struct style *root, double x, double y, double w)
{
	xmlNodePtr	 sc, c;
	struct items	 list;
	char		*name;

	for (sc = seq->children; sc != NULL; sc = sc->next) {
		if (!is_fo(sc, "static-content"))
			continue;
		name = prop(sc, "flow-name");
		if (name != NULL && strcmp(name, flow) == 0) {
			struct style s;
			memset(&list, 0, sizeof(list));
			/* Warnings were given on the first page already. */
			fo->quiet = fo->cur_page > 1;
			style_of(fo, sc, root, &s);
			for (c = sc->children; c != NULL; c = c->next)
				build(fo, c, &s, &list, x, w);
			fo->quiet = 0;
			draw_items(fo, cr, &list, y);
			items_free(&list);
		}
		xmlFree(name);
	}
}

static cairo_status_t
pdf_write(void *arg, const unsigned char *data, unsigned int len)
{
	return buf_add(arg, data, len) == DDD_OK ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR;
}

/* The last occurrence of needle in [hay, hay + n), or NULL. */
static const char *
mem_last(const char *hay, size_t n, const char *needle)
{
	size_t	 k = strlen(needle), i;

	for (i = n >= k ? n - k + 1 : 0; i-- > 0;)
		if (memcmp(hay + i, needle, k) == 0)
			return hay + i;
	return NULL;
}

/* The first occurrence of needle in [hay, hay + n), or NULL. */
static const char *
mem_first(const char *hay, size_t n, const char *needle)
{
	size_t	 k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return hay + i;
	return NULL;
}

/* The number after key in the dictionary text [d, d + n), or -1. */
static long
dict_num(const char *d, size_t n, const char *key)
{
	const char	*p = mem_last(d, n, key);

	if (p == NULL)
		return -1;
	p += strlen(key);
	while (p < d + n && *p == ' ')
		p++;
	return p < d + n && isdigit((unsigned char)*p) ? strtol(p, NULL, 10) :
	    -1;
}

/* A PDF text string: UTF-16BE with its byte order mark, in hex. */
static enum ddd_err
pdf_text(struct buf *out, const char *utf8)
{
	gunichar2	*u;
	glong		 n, i;

	if ((u = g_utf8_to_utf16(utf8, -1, NULL, &n, NULL)) == NULL)
		return buf_addstr(out, "()");
	if (buf_addstr(out, "<FEFF") != DDD_OK)
		goto nomem;
	for (i = 0; i < n; i++)
		if (buf_printf(out, "%04X", (unsigned)u[i]) != DDD_OK)
			goto nomem;
	g_free(u);
	return buf_addc(out, '>');
nomem:
	g_free(u);
	return DDD_ERR_NOMEM;
}

/* The object "NUM 0 obj" whose dictionary holds [*dict, *dict_end) of the
 * old file d (up to its xref at prev): the dictionary without its closing
 * ">>"; -1 when it is not laid out as cairo writes it. */
static int
pdf_dict(const char *d, size_t prev, const char *o, const char **dict,
    const char **dict_end)
{
	const char	*end;

	while (o < d + prev && isspace((unsigned char)*o))
		o++;
	if ((end = mem_first(o, d + prev - o, "endobj")) == NULL)
		return -1;
	while (end > o && isspace((unsigned char)end[-1]))
		end--;
	if (end - o < 4 || memcmp(o, "<<", 2) != 0 ||
	    memcmp(end - 2, ">>", 2) != 0)
		return -1;
	*dict = o;
	*dict_end = end - 2;
	return 0;
}

#define PDF_MAX_UPDATES	2048

/*
 * What cairo 1.16 leaves out of a tagged PDF, added by an incremental
 * update (PDF 32000-1, 7.5.6): new versions of some objects appended, a
 * cross-reference section for them and a trailer pointing back (/Prev) to
 * cairo's.  The catalog gets what is missing of /MarkInfo (cairo writes it
 * only for some documents, so readers may ignore the tags), /Lang (from
 * fo:root's language; cairo has no way to set it) and /DisplayDocTitle;
 * each Figure structure element gets /Alt from its image's fox:alt-text
 * (alts: in the order the figures were drawn, which is the order cairo
 * numbers and writes them).  Anything unexpected leaves the file as cairo
 * wrote it.
 */
static enum ddd_err
pdf_mark_tagged(struct buf *pdf, const char *lang, char *const *alts,
    size_t nalts)
{
	const char	*d = pdf->ptr, *t, *o, *dict, *dict_end, *p;
	size_t		 n = pdf->len, tail = n > 1024 ? n - 1024 : 0, i, j;
	size_t		 nup = 0, fig = 0;
	long		 size, root, info, prev, num;
	long		 up_num[PDF_MAX_UPDATES];
	size_t		 up_at[PDF_MAX_UPDATES];
	char		 head[32];
	int		 mark, view;
	struct buf	 add;
	enum ddd_err	 e = DDD_ERR_NOMEM;

	if ((t = mem_last(d + tail, n - tail, "startxref")) == NULL ||
	    (prev = strtol(t + 9, NULL, 10)) <= 0 || (size_t)prev >= n ||
	    (t = mem_last(d + prev, n - prev, "trailer")) == NULL)
		return DDD_OK;
	if ((size = dict_num(t, d + n - t, "/Size")) <= 0 ||
	    (root = dict_num(t, d + n - t, "/Root")) <= 0 || root >= size)
		return DDD_OK;
	info = dict_num(t, d + n - t, "/Info");
	/* The catalog: "\nROOT 0 obj\n<< ... >>\nendobj". */
	snprintf(head, sizeof(head), "\n%ld 0 obj", root);
	if ((o = mem_last(d, (size_t)prev, head)) == NULL ||
	    pdf_dict(d, (size_t)prev, o + strlen(head), &dict, &dict_end) ==
	    -1 || mem_first(dict, dict_end - dict, "/Type /Catalog") == NULL ||
	    mem_first(dict, dict_end - dict, "/StructTreeRoot") == NULL)
		return DDD_OK;
	mark = mem_first(dict, dict_end - dict, "/MarkInfo") == NULL;
	view = mem_first(dict, dict_end - dict, "/ViewerPreferences") == NULL;
	if (mem_first(dict, dict_end - dict, "/Lang") != NULL)
		lang = "";
	/* Built apart: appending to pdf may move what d points at. */
	buf_init(&add, 4 * 1024 * 1024);
	/* The figures, in the order cairo wrote them (ascending numbers). */
	for (p = d; nup < PDF_MAX_UPDATES - 1 && fig < nalts && (p = mem_first(
	    p, d + prev - p, " 0 obj\n<< /Type /StructElem\n   /S /Figure\n")) !=
	    NULL; p += 6, fig++) {
		const char *s = p;
		while (s > d && isdigit((unsigned char)s[-1]))
			s--;
		if (s == p || s == d || s[-1] != '\n' || alts[fig][0] == '\0')
			continue;
		num = strtol(s, NULL, 10);
		if (num <= 0 || num >= size || pdf_dict(d, (size_t)prev, p + 6,
		    &dict, &dict_end) == -1 ||
		    mem_first(dict, dict_end - dict, "/Alt") != NULL)
			continue;
		up_num[nup] = num;
		up_at[nup++] = n + add.len + 1;
		if (buf_printf(&add, "\n%ld 0 obj\n", num) != DDD_OK ||
		    buf_add(&add, dict, (size_t)(dict_end - dict)) != DDD_OK ||
		    buf_addstr(&add, "   /Alt ") != DDD_OK ||
		    pdf_text(&add, alts[fig]) != DDD_OK ||
		    buf_addstr(&add, "\n>>\nendobj\n") != DDD_OK)
			goto out;
	}
	if (mark || view || lang[0] != '\0') {
		/* The catalog again (found above before the figures). */
		o = mem_last(d, (size_t)prev, head);
		(void)pdf_dict(d, (size_t)prev, o + strlen(head), &dict,
		    &dict_end);
		up_num[nup] = root;
		up_at[nup++] = n + add.len + 1;
		if (buf_printf(&add, "\n%ld 0 obj\n", root) != DDD_OK ||
		    buf_add(&add, dict, (size_t)(dict_end - dict)) != DDD_OK ||
		    (mark && buf_addstr(&add, "   /MarkInfo << /Marked true "
		    ">>\n") != DDD_OK) ||
		    (view && buf_addstr(&add, "   /ViewerPreferences "
		    "<< /DisplayDocTitle true >>\n") != DDD_OK) ||
		    (lang[0] != '\0' && buf_printf(&add, "   /Lang (%s)\n",
		    lang) != DDD_OK) ||
		    buf_addstr(&add, ">>\nendobj\n") != DDD_OK)
			goto out;
	}
	if (nup == 0) {
		e = DDD_OK;
		goto out;
	}
	/* Numbers ascending, one subsection each. */
	for (i = 1; i < nup; i++)
		for (j = i; j > 0 && up_num[j - 1] > up_num[j]; j--) {
			long tn = up_num[j];
			size_t ta = up_at[j];
			up_num[j] = up_num[j - 1];
			up_at[j] = up_at[j - 1];
			up_num[j - 1] = tn;
			up_at[j - 1] = ta;
		}
	{
		size_t xref = n + add.len;
		if (buf_addstr(&add, "xref\n") != DDD_OK)
			goto out;
		for (i = 0; i < nup; i++)
			if (buf_printf(&add, "%ld 1\n%010zu 00000 n \n",
			    up_num[i], up_at[i]) != DDD_OK)
				goto out;
		if (buf_printf(&add, "trailer\n<< /Size %ld\n   /Root %ld 0 R\n",
		    size, root) != DDD_OK ||
		    (info > 0 && buf_printf(&add, "   /Info %ld 0 R\n", info) !=
		    DDD_OK) ||
		    buf_printf(&add, "   /Prev %ld\n>>\nstartxref\n%zu\n%%%%EOF\n",
		    prev, xref) != DDD_OK)
			goto out;
	}
	e = buf_add(pdf, add.ptr, add.len);
out:
	buf_free(&add);
	return e;
}

/* --- the document ------------------------------------------------------ */

static void
masters(struct fo *fo, xmlNodePtr lms, const struct style *s)
{
	xmlNodePtr	 spm, r;
	struct master	*m;
	char		*v;

	for (spm = lms->children; spm != NULL; spm = spm->next) {
		if (!is_fo(spm, "simple-page-master")) {
			if (spm->type == XML_ELEMENT_NODE)
				warn(fo, spm, "element", (const char *)spm->name,
				    "is not supported (simple-page-master "
				    "only)");
			continue;
		}
		if (fo->nmasters == MAX_MASTERS)
			break;
		check_props(fo, spm);
		m = &fo->masters[fo->nmasters++];
		memset(m, 0, sizeof(*m));
		m->w = 210 * MM;
		m->h = 297 * MM;
		if ((v = prop(spm, "master-name")) != NULL)
			snprintf(m->name, sizeof(m->name), "%s", v);
		xmlFree(v);
		if ((v = prop(spm, "page-width")) != NULL && length(v, 0,
		    s->size) > 0)
			m->w = length(v, 0, s->size);
		xmlFree(v);
		if ((v = prop(spm, "page-height")) != NULL && length(v, 0,
		    s->size) > 0)
			m->h = length(v, 0, s->size);
		xmlFree(v);
		{
			struct box b;
			box_of(spm, s, &b);
			m->mt = b.space_before;
			m->mb = b.space_after;
		}
		if ((v = prop(spm, "margin")) != NULL)
			m->mt = m->mr = m->mb = m->ml = fmax(0, length(v, 0,
			    s->size));
		xmlFree(v);
		if ((v = prop(spm, "margin-left")) != NULL)
			m->ml = fmax(0, length(v, 0, s->size));
		xmlFree(v);
		if ((v = prop(spm, "margin-right")) != NULL)
			m->mr = fmax(0, length(v, 0, s->size));
		xmlFree(v);
		if ((v = prop(spm, "margin-top")) != NULL)
			m->mt = fmax(0, length(v, 0, s->size));
		xmlFree(v);
		if ((v = prop(spm, "margin-bottom")) != NULL)
			m->mb = fmax(0, length(v, 0, s->size));
		xmlFree(v);
		for (r = spm->children; r != NULL; r = r->next) {
			if (r->type != XML_ELEMENT_NODE)
				continue;
			check_props(fo, r);
			if (is_fo(r, "region-body")) {
				if ((v = prop(r, "margin-top")) != NULL)
					m->bt = fmax(0, length(v, 0, s->size));
				xmlFree(v);
				if ((v = prop(r, "margin-bottom")) != NULL)
					m->bb = fmax(0, length(v, 0, s->size));
				xmlFree(v);
				if ((v = prop(r, "margin-left")) != NULL)
					m->bl = fmax(0, length(v, 0, s->size));
				xmlFree(v);
				if ((v = prop(r, "margin-right")) != NULL)
					m->br = fmax(0, length(v, 0, s->size));
				xmlFree(v);
			} else if (is_fo(r, "region-before")) {
				if ((v = prop(r, "extent")) != NULL)
					m->before = fmax(0, length(v, 0,
					    s->size));
				xmlFree(v);
			} else if (is_fo(r, "region-after")) {
				if ((v = prop(r, "extent")) != NULL)
					m->after = fmax(0, length(v, 0,
					    s->size));
				xmlFree(v);
			} else
				warn(fo, r, "element", (const char *)r->name,
				    "is not supported (region-start/end)");
		}
	}
}

static int
master_of(struct fo *fo, xmlNodePtr seq)
{
	char	*v = prop(seq, "master-reference");
	size_t	 i;
	int	 found = -1;

	for (i = 0; v != NULL && i < fo->nmasters; i++)
		if (strcmp(fo->masters[i].name, v) == 0)
			found = (int)i;
	if (found < 0)
		warn(fo, seq, "master-reference", v != NULL ? v : "",
		    "names no simple-page-master");
	xmlFree(v);
	return found < 0 ? 0 : found;
}

/* dc:title from fo:declarations (XMP), for the PDF's metadata. */
static int
title_of(struct fo *fo, xmlNodePtr n, int depth)
{
	xmlNodePtr	 c;
	xmlChar		*t;

	for (c = n->children; c != NULL && depth < 8; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrEqual(c->name, BAD_CAST "title")) {
			t = xmlNodeGetContent(c);
			snprintf(fo->title, sizeof(fo->title), "%s",
			    t != NULL ? (const char *)t : "");
			xmlFree(t);
			return 1;
		}
		if (title_of(fo, c, depth + 1))
			return 1;
	}
	return 0;
}

/* The document's language from fo:root's language (or xml:lang), when it
 * looks like a language tag (letters, digits, hyphens): it goes into the
 * PDF as a string. */
static void
lang_of(struct fo *fo, xmlNodePtr root)
{
	xmlChar		*v;
	size_t		 i;

	if ((v = xmlGetProp(root, BAD_CAST "language")) == NULL)
		v = xmlNodeGetLang(root);
	if (v == NULL)
		return;
	for (i = 0; v[i] != '\0' && i < sizeof(fo->lang) - 1; i++)
		if (!isalnum(v[i]) && (v[i] != '-' || i == 0))
			break;
	if (v[i] == '\0' && i > 0 && isalpha(v[0]))
		memcpy(fo->lang, v, i + 1);
	xmlFree(v);
}

/* One font map per thread, made on its first render and kept: loading
 * the fonts is most of a small document's time.  Pango font maps are not
 * to be shared between threads. */
static pthread_key_t	 fontmap_key;
static pthread_once_t	 fontmap_once = PTHREAD_ONCE_INIT;

static void
fontmap_drop(void *p)
{
	g_object_unref(p);
}

static void
fontmap_key_make(void)
{
	(void)pthread_key_create(&fontmap_key, fontmap_drop);
}

static PangoFontMap *
thread_fontmap(void)
{
	PangoFontMap	*m;

	(void)pthread_once(&fontmap_once, fontmap_key_make);
	if ((m = pthread_getspecific(fontmap_key)) == NULL) {
		m = pango_cairo_font_map_new();
		if (pthread_setspecific(fontmap_key, m) != 0) {
			g_object_unref(m);
			return NULL;
		}
	}
	return m;
}

void
fo_thread_end(void)
{
	PangoFontMap	*m;

	(void)pthread_once(&fontmap_once, fontmap_key_make);
	if ((m = pthread_getspecific(fontmap_key)) != NULL) {
		g_object_unref(m);
		(void)pthread_setspecific(fontmap_key, NULL);
	}
}

static void
fo_free(struct fo *fo)
{
	size_t	 i;

	for (i = 0; i < fo->npages; i++)
		free(fo->pages[i].f);
	free(fo->pages);
	free(fo->ids);
	if (fo->idx != NULL)
		g_hash_table_destroy(fo->idx);
	for (i = 0; i < fo->nalts; i++)
		free(fo->alts[i]);
	free(fo->alts);
	if (fo->ctx != NULL)
		g_object_unref(fo->ctx);
}

enum ddd_err
fo_render(const char *text, size_t len, const struct fo_limits *lim,
    int strict, struct buf *pdf, struct buf *warnings)
{
	struct fo	 fo;
	struct style	 root_style, rs;
	struct items	 flows[16];
	size_t		 nflows = 0, i, k;
	xmlDocPtr	 doc = NULL;
	xmlNodePtr	 root, c, f;
	cairo_surface_t	*surface = NULL;
	cairo_t		*cr = NULL;
	cairo_font_options_t *opts;
	enum ddd_err	 e = DDD_OK;

	memset(&fo, 0, sizeof(fo));
	memset(flows, 0, sizeof(flows));
	fo.lim = lim;
	fo.warn = warnings;
	fo.t0 = now_s();
	if (len > lim->max_input || len > INT32_MAX)
		return DDD_ERR_TOO_LARGE;
	doc = xmlReadMemory(text, (int)len, "fo.xml", NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL || !is_fo(root = xmlDocGetRootElement(doc), "root")) {
		buf_printf(warnings, "not an XSL-FO document (fo:root)\n");
		e = DDD_ERR_BAD_REQUEST;
		goto out;
	}
	lang_of(&fo, root);
	if ((fo.fontmap = thread_fontmap()) == NULL) {
		e = DDD_ERR_NOMEM;
		goto out;
	}
	fo.ctx = pango_font_map_create_context(fo.fontmap);
	pango_cairo_context_set_resolution(fo.ctx, 72);
	opts = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(opts, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(opts, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(fo.ctx, opts);
	cairo_font_options_destroy(opts);
	pango_context_set_round_glyph_positions(fo.ctx, FALSE);

	memset(&root_style, 0, sizeof(root_style));
	snprintf(root_style.family, sizeof(root_style.family), "DejaVu Sans");
	root_style.size = 12;
	root_style.line_height = 1.2;
	root_style.collapse = 1;
	style_of(&fo, root, &root_style, &rs);

	for (c = root->children; c != NULL; c = c->next) {
		if (is_fo(c, "layout-master-set"))
			masters(&fo, c, &rs);
		else if (is_fo(c, "declarations"))
			(void)title_of(&fo, c, 0);
	}
	if (fo.nmasters == 0) {
		buf_printf(warnings, "no simple-page-master\n");
		e = DDD_ERR_BAD_REQUEST;
		goto out;
	}
	if (text_precheck(&fo, root) == -1) {
		e = fo.err;
		goto out;
	}
	/* Build and place each page-sequence's flow; once more when the flow
	 * cites a page it had not reached yet (the ids are known then). */
again:
	for (c = root->children; c != NULL && fo.err == DDD_OK; c = c->next) {
		int m;
		struct style ss;
		if (!is_fo(c, "page-sequence")) {
			if (c->type == XML_ELEMENT_NODE &&
			    !is_fo(c, "layout-master-set") &&
			    !is_fo(c, "declarations"))
				warn(&fo, c, "element", (const char *)c->name,
				    "is not supported");
			continue;
		}
		if (nflows == sizeof(flows) / sizeof(flows[0]))
			break;
		m = master_of(&fo, c);
		style_of(&fo, c, &rs, &ss);
		for (f = c->children; f != NULL; f = f->next) {
			const struct master *ms = &fo.masters[m];
			double x = ms->ml + ms->bl;
			double w = ms->w - ms->ml - ms->mr - ms->bl - ms->br;
			if (!is_fo(f, "flow")) {
				if (f->type == XML_ELEMENT_NODE &&
				    !is_fo(f, "static-content"))
					warn(&fo, f, "element",
					    (const char *)f->name,
					    "is not supported");
				continue;
			}
			{
				struct style fs;
				xmlNodePtr b;
				style_of(&fo, f, &ss, &fs);
				for (b = f->children; b != NULL; b = b->next)
					build(&fo, b, &fs, &flows[nflows], x,
					    w);
			}
			place(&fo, &flows[nflows], m, c);
			nflows++;
			break;
		}
	}
	if (fo.err != DDD_OK) {
		e = fo.err;
		goto out;
	}
	if (fo.forward == 1) {
		fo.forward = 2;		/* one more pass, not more */
		for (i = 0; i < nflows; i++)
			items_free(&flows[i]);
		nflows = 0;
		for (i = 0; i < fo.npages; i++)
			free(fo.pages[i].f);
		fo.npages = 0;
		fo.quiet = 1;		/* its warnings were given */
		fo.pass = 1;
		goto again;
	}
	fo.quiet = 0;
	if (strict && fo.nwarn > 0) {
		e = DDD_ERR_RENDER;
		goto out;
	}

	/* Draw. */
	{
		const struct master *m0 = &fo.masters[fo.npages > 0 ?
		    fo.pages[0].master : 0];
		surface = cairo_pdf_surface_create_for_stream(pdf_write, pdf,
		    m0->w, m0->h);
	}
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
	    fo.title);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
	    "DDD (Pango/cairo XSL-FO renderer)");
	cr = cairo_create(surface);
	pango_cairo_update_context(cr, fo.ctx);
	fo.total_pages = (int)fo.npages;
	tag_begin(cr, "Document", NULL);
	for (i = 0; i < fo.npages; i++) {
		struct page *p = &fo.pages[i];
		const struct master *m = &fo.masters[p->master];
		/* The first page has its size from the surface: in cairo
		 * 1.16 setting the size starts the page's recording again,
		 * which would lose the Document tag begun above. */
		if (i > 0)
			cairo_pdf_surface_set_size(surface, m->w, m->h);
		fo.cur_page = (int)i + 1;
		/* A speck of white before anything else: cairo 1.16 loses
		 * the open structure tags (or fails) when an image is the
		 * first thing drawn on a page inside one (a logo in the
		 * header). */
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_rectangle(cr, 0, 0, 0.01, 0.01);
		cairo_fill(cr);
		fo.in_static = 1;
		draw_static(&fo, cr, p->seq, "xsl-region-before", &rs, m->ml,
		    m->mt, m->w - m->ml - m->mr);
		draw_static(&fo, cr, p->seq, "xsl-region-after", &rs, m->ml,
		    m->h - m->mb - m->after, m->w - m->ml - m->mr);
		fo.in_static = 0;
		for (k = 0; k < p->n; k++) {
			struct frag *fr = &p->f[k];
			draw_frag(&fo, cr, fr);
			if (fr->top_edge && fr->it->outline != NULL) {
				char link[80];
				snprintf(link, sizeof(link), "page=%zu pos=[%f "
				    "%f]", i + 1, fr->it->x, fr->y);
				cairo_pdf_surface_add_outline(surface,
				    CAIRO_PDF_OUTLINE_ROOT, fr->it->outline,
				    link, 0);
			}
		}
		page_dests(&fo, cr, (int)i + 1);
		cairo_show_page(cr);
		if (now_s() - fo.t0 > lim->max_seconds) {
			buf_printf(warnings, "the time limit of %.0f s is "
			    "reached\n", lim->max_seconds);
			e = DDD_ERR_RENDER;
			break;
		}
	}
	tag_end(cr, "Document");
	cairo_destroy(cr);
	cr = NULL;
	cairo_surface_finish(surface);
	if (e == DDD_OK && cairo_surface_status(surface) !=
	    CAIRO_STATUS_SUCCESS) {
		/* Never from the document's values (they are checked and
		 * escaped): a fault of ours, said as such. */
		buf_printf(warnings, "cairo: %s\n", cairo_status_to_string(
		    cairo_surface_status(surface)));
		e = DDD_ERR_RENDER;
	}
	if (e == DDD_OK)
		e = pdf_mark_tagged(pdf, fo.lang, fo.alts, fo.nalts);
out:
	if (cr != NULL)
		cairo_destroy(cr);
	if (surface != NULL)
		cairo_surface_destroy(surface);
	for (i = 0; i < nflows + 1 && i < sizeof(flows) / sizeof(flows[0]);
	    i++)
		items_free(&flows[i]);
	fo_free(&fo);
	if (doc != NULL)
		xmlFreeDoc(doc);
	if (strict && fo.nwarn > 0 && e == DDD_OK)
		e = DDD_ERR_RENDER;
	return e;
}
