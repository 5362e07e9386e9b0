/* The native XSL-FO renderer's parts (the API is fo.h).  Three steps:
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
 * Where each part is:
 *   values.c     the FO's elements, properties and values, warnings
 *   build.c      1: blocks, inlines, paragraphs, links, ids on inlines
 *   table.c      1: tables and list-blocks
 *   image.c      1: external-graphic (PNG and SVG data: URIs)
 *   place.c      2: pages, lines, rows, keeps, breaks, ids' pages
 *   draw.c       3: fragments, static content, tags, links, destinations
 *   pdfupdate.c  the incremental update of cairo's PDF (catalog, /Alt)
 *   render.c     fo_render: masters, fonts, limits, the steps in order
 *
 * Units are points; Pango's context has a resolution of 72 dpi, so a
 * font size in points is a size in user units.  Internal names shared
 * between the parts start with fo_; the rest are static in their part. */
#ifndef DDD_FO_INT_H
#define DDD_FO_INT_H

#include <stddef.h>
#include <stdint.h>

#include <cairo.h>
#include <libxml/tree.h>
#include <pango/pangocairo.h>

#include "fo.h"
#include "array.h"

#define FO_NS		"http://www.w3.org/1999/XSL/Format"
#define MM		(72.0 / 25.4)
#define MAX_MASTERS	8

/* The caps of the growable arrays (array.h), far above what a document
 * within the page limit holds: reached, the render fails with
 * DDD_ERR_TOO_LARGE and says which ("the limit of N ... is reached").
 * Items: in a flow, a cell or static content; frags: on a page, each
 * item once at most; rows: of a table or list-block; links and anchors
 * (ids on inlines): in a paragraph; pages: behind fo_limits' max_pages;
 * flows: one per page-sequence, which takes a page at least; ids:
 * placed; figures: images drawn. */
#define FO_MAX_ITEMS	(1 << 17)
#define FO_MAX_FRAGS	FO_MAX_ITEMS
#define FO_MAX_ROWS	(1 << 17)
#define FO_MAX_LINKS	(1 << 16)
#define FO_MAX_ANCHORS	(1 << 16)
#define FO_MAX_PAGES	(1 << 16)
#define FO_MAX_FLOWS	FO_MAX_PAGES
#define FO_MAX_IDS	(1 << 18)
#define FO_MAX_FIGURES	(1 << 16)

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

FO_ARRAY(rows, struct row, FO_MAX_ROWS)

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

FO_ARRAY(links, struct link, FO_MAX_LINKS)

/* An id that is not a block's own: on an inline (at byte at of the
 * paragraph's text, in line line once laid out, x from its start), or of
 * an enclosing block (line -1: the item's top). */
struct anchor {
	unsigned	 at;
	int		 line;
	double		 x;
	char		 id[64];
};

FO_ARRAY(anchors, struct anchor, FO_MAX_ANCHORS)

struct item {
	enum kind	 kind;
	struct box	 box;
	double		 x, w;		/* outer box */
	/* paragraph */
	PangoLayout	*layout;
	int		 nlines;
	double		*ltop, *lh, *lbase, *lx;
	double		 th;		/* text height */
	struct links	 links;
	struct anchors	 anchors;
	char		*outline;
	/* table */
	struct rows	 rows;
	int		 tmode;		/* enum tmode */
	double		 sep_i, sep_b;	/* separate: border-separation */
	int		 ncols;
	double		*colx;		/* the grid's vertical lines,
					 * ncols + 1 */
	struct border	*hb;		/* collapse: the borders on its
					 * horizontal lines,
					 * (rows.n + 1) x ncols */
	/* image */
	cairo_surface_t	*img;
	double		 iw, ih;
	char		*alt;		/* fox:alt-text, or NULL */
};

FO_ARRAY(items, struct item, FO_MAX_ITEMS)
FO_ARRAY(flows, struct items, FO_MAX_FLOWS)

struct frag {
	struct item	*it;
	int		 from, to;	/* lines or rows */
	double		 y;
	int		 top_edge, bottom_edge;
	int		 repeat_header;
	double		 soff, sh;	/* a slice of a row taller than a
					 * page: from soff, sh high (0: whole) */
};

FO_ARRAY(frags, struct frag, FO_MAX_FRAGS)

struct page {
	struct frags	 f;
	int		 master;
	xmlNodePtr	 seq;		/* its page-sequence (static content) */
};

FO_ARRAY(pages, struct page, FO_MAX_PAGES)

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

FO_ARRAY(idpages, struct idpage, FO_MAX_IDS)
FO_ARRAY(alts, char *, FO_MAX_FIGURES)

struct fo {
	const struct fo_limits *lim;
	struct buf	*warn;
	int		 nwarn;
	PangoFontMap	*fontmap;
	PangoContext	*ctx;
	struct master	 masters[MAX_MASTERS];
	size_t		 nmasters;
	struct pages	 pages;
	struct idpages	 ids;
	GHashTable	*idx;		/* id -> its index in ids, plus 1 */
	char		 title[300];
	char		 lang[36];	/* fo:root language, checked */
	size_t		 mem;		/* bytes (estimated), fo_charge() */
	/* The alternative text of each Figure tag, in the order drawn (the
	 * order cairo writes the structure elements in), for /Alt. */
	struct alts	 alts;
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

/* values.c */
void		 fo_array_fail(struct fo *, enum ddd_err, size_t cap,
		    const char *what);
void		 fo_warn_line(struct fo *, long line, const char *what,
		    const char *name, const char *detail);
void		 fo_warn(struct fo *, xmlNodePtr, const char *what,
		    const char *name, const char *detail);
int		 fo_is(xmlNodePtr, const char *name);
char		*fo_prop(xmlNodePtr, const char *name);
double		 fo_length(const char *, double rel, double em);
void		 fo_check_props(struct fo *, xmlNodePtr);
void		 fo_style_of(struct fo *, xmlNodePtr, const struct style *,
		    struct style *);
void		 fo_box_of(xmlNodePtr, const struct style *, struct box *);
int		 fo_xml_space(char);
int		 fo_external_target(const char *, char **uri, char **id,
		    const char **why);

/* build.c */
struct item	*fo_item_new(struct fo *, struct items *, enum kind);
int		 fo_charge(struct fo *, xmlNodePtr, size_t bytes);
int		 fo_text_precheck(struct fo *, xmlNodePtr root);
void		 fo_items_free(struct items *);
void		 fo_build(struct fo *, xmlNodePtr, const struct style *,
		    struct items *, double x, double w);

/* table.c */
void		 fo_table(struct fo *, xmlNodePtr, const struct style *,
		    struct items *, double x, double w);
void		 fo_list_block(struct fo *, xmlNodePtr,
		    const struct style *, struct items *, double x, double w);
struct border	 fo_bwin(struct border, struct border);

/* image.c */
void		 fo_image(struct fo *, xmlNodePtr, const struct style *,
		    struct items *, double x, double w);

/* place.c */
struct idpage	*fo_id_find(const struct fo *, const char *id);
int		 fo_id_page(const struct fo *, const char *id);
double		 fo_item_h(const struct item *);
void		 fo_place(struct fo *, struct items *, int master,
		    xmlNodePtr seq);

/* draw.c */
void		 fo_tag_begin(cairo_t *, const char *name,
		    const char *attrs);
void		 fo_tag_end(cairo_t *, const char *name);
void		 fo_draw_frag(struct fo *, cairo_t *, struct frag *);
void		 fo_draw_static(struct fo *, cairo_t *, xmlNodePtr seq,
		    const char *flow, const struct style *root, double x,
		    double y, double w);
void		 fo_page_dests(struct fo *, cairo_t *, int page);

/* pdfupdate.c */
enum ddd_err	 fo_pdf_mark_tagged(struct buf *, const char *lang,
		    char *const *alts, size_t nalts);

/* render.c */
double		 fo_now(void);

#endif
