/* Building: the FO tree to items (fo_int.h): blocks of inline content
 * become paragraphs laid out by Pango, with their links and ids; the
 * dispatch of every block-level element. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fo_int.h"

#define MAX_DEPTH	64

struct item *
fo_item_new(struct fo *fo, struct items *list, enum kind kind)
{
	struct item	*p;
	enum ddd_err	 e;

	if ((p = items_push(list, &e)) == NULL) {
		fo_array_fail(fo, e, FO_MAX_ITEMS, "items in a flow, table "
		    "cell or static content");
		return NULL;
	}
	p->kind = kind;
	return p;
}

/* Count bytes against the memory limit: decoded images exactly, text laid
 * out by Pango as an estimate (FO_TEXT_COST per byte: glyphs, clusters,
 * attributes, lines).  Static content is laid out again for each page and
 * freed at once, so it is not counted.  0, or -1 with fo->err set. */
#define FO_TEXT_COST	64
int
fo_charge(struct fo *fo, xmlNodePtr n, size_t bytes)
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

int
fo_text_precheck(struct fo *fo, xmlNodePtr root)
{
	xmlNodePtr	 seq, f, n;
	size_t		 bytes = 0;
	const char	*p;
	int		 space;

	for (seq = root->children; seq != NULL; seq = seq->next)
		for (f = fo_is(seq, "page-sequence") ? seq->children : NULL;
		    f != NULL; f = f->next) {
			if (!fo_is(f, "flow") || f->children == NULL)
				continue;
			/* Depth first, without recursion. */
			for (n = f->children; n != NULL && n != f;) {
				if ((n->type == XML_TEXT_NODE ||
				    n->type == XML_CDATA_SECTION_NODE) &&
				    n->content != NULL)
					for (p = (const char *)n->content,
					    space = 1; *p != '\0'; p++) {
						if (!space || !fo_xml_space(*p))
							bytes++;
						space = fo_xml_space(*p);
					}
				if (bytes > fo->lim->max_memory / FO_TEXT_COST)
					return fo_charge(fo, n,
					    fo->lim->max_memory + 1);
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

static void
links_free(struct links *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].uri);
		free(l->v[i].id);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
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
	links_free(&it->links);
	free(it->anchors.v);
	free(it->outline);
	free(it->alt);
	for (r = 0; r < it->rows.n; r++) {
		struct row *row = &it->rows.v[r];
		for (c = 0; c < row->ncells; c++) {
			fo_items_free(row->cells[c].content);
			free(row->cells[c].content);
		}
		free(row->cells);
		free(row->vb);
	}
	free(it->rows.v);
	free(it->colx);
	free(it->hb);
	if (it->img != NULL)
		cairo_surface_destroy(it->img);
}

void
fo_items_free(struct items *l)
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
	struct links	 links;
	struct anchors	 anchors;
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
	links_free(&r->links);
	free(r->anchors.v);
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
	if ((v = fo_prop(n, "internal-destination")) != NULL) {
		const char *s = v, *e;
		while (fo_xml_space(*s))
			s++;
		e = s + strlen(s);
		while (e > s && fo_xml_space(e[-1]))
			e--;
		if (e == s)
			fo_warn(fo, n, "basic-link internal-destination", v,
			    "is empty: the text is not linked");
		else if ((lk->id = strndup(s, (size_t)(e - s))) == NULL)
			fo->err = DDD_ERR_NOMEM;
		else
			rc = 0;
	} else if ((v = fo_prop(n, "external-destination")) != NULL) {
		if (fo_external_target(v, &lk->uri, &lk->id, &why) == 0)
			rc = 0;
		else {
			char detail[120];
			snprintf(detail, sizeof(detail), "%s: the text is not "
			    "linked", why);
			fo_warn(fo, n, "basic-link external-destination", v,
			    detail);
		}
	} else
		fo_warn(fo, n, "element", "basic-link", "has no destination: "
		    "the text is not linked");
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
	enum ddd_err	 e;

	if (r->text->len == start || fo->err != DDD_OK) {
		free(lk->uri);
		free(lk->id);
		return;
	}
	if ((v = links_push(&r->links, &e)) == NULL) {
		free(lk->uri);
		free(lk->id);
		fo_array_fail(fo, e, FO_MAX_LINKS, "links in a paragraph");
		return;
	}
	lk->start = (unsigned)start;
	lk->end = (unsigned)r->text->len;
	*v = *lk;
	a = pango_attr_background_alpha_new(65535);
	a->start_index = lk->start;
	a->end_index = lk->end;
	pango_attr_list_insert(r->attrs, a);
}

/* An id inside a paragraph, at the run's end so far. */
static void
anchor_add(struct fo *fo, struct anchors *l, const char *id, unsigned at,
    int line)
{
	struct anchor	*p;
	enum ddd_err	 e;

	if (id[0] == '\0' || fo->err != DDD_OK)
		return;
	if ((p = anchors_push(l, &e)) == NULL) {
		fo_array_fail(fo, e, FO_MAX_ANCHORS, "ids on the inlines of a "
		    "paragraph");
		return;
	}
	p->at = at;
	p->line = line;
	snprintf(p->id, sizeof(p->id), "%s", id);
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
	if (!fo_is(n, NULL)) {
		fo_warn(fo, n, "element", (const char *)n->name,
		    "(not XSL-FO) is not supported");
		return;
	}
	fo_style_of(fo, n, ps, &s);
	if ((v = fo_prop(n, "id")) != NULL)
		anchor_add(fo, &r->anchors, v, (unsigned)r->text->len, 0);
	xmlFree(v);
	if (fo_is(n, "inline") || fo_is(n, "wrapper"))
		inline_children(fo, n, &s, r);
	else if (fo_is(n, "basic-link")) {
		struct link lk;
		size_t start = r->text->len;
		int ok = link_of(fo, n, &lk);
		inline_children(fo, n, &s, r);
		if (ok == 0)
			link_add(fo, r, &lk, start);
	} else if (fo_is(n, "page-number")) {
		snprintf(num, sizeof(num), "%d", fo->cur_page);
		run_text(r, &s, num);
	} else if (fo_is(n, "page-number-citation")) {
		pg = -1;
		if ((v = fo_prop(n, "ref-id")) != NULL)
			pg = fo_id_page(fo, v);
		if (pg < 0 && !fo->in_static && fo->forward == 0)
			fo->forward = 1;
		else if (pg < 0 && !fo->in_static && fo->forward == 2) {
			/* Still unknown with every id placed: a wrong ref-id. */
			int q = fo->quiet;
			fo->quiet = 0;
			fo_warn(fo, n, "page-number-citation ref-id",
			    v != NULL ? v : "", "names no id in the document");
			fo->quiet = q;
		}
		xmlFree(v);
		snprintf(num, sizeof(num), "%d", pg > 0 ? pg : fo->in_static ?
		    fo->total_pages : 0);
		run_text(r, &s, num);
	} else if (fo_is(n, "leader")) {
		/* To the end of the line: a right tab stop at the edge. */
		g_string_append_c(r->text, '\t');
		r->leader = 1;
		r->last_space = 1;
	} else
		fo_warn(fo, n, "element", (const char *)n->name,
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
	it->anchors = r->anchors;
	memset(&r->links, 0, sizeof(r->links));
	memset(&r->anchors, 0, sizeof(r->anchors));
	for (k = 0; k < it->links.n; k++) {
		it->links.v[k].start = (unsigned)MIN(it->links.v[k].start,
		    r->text->len);
		it->links.v[k].end = (unsigned)MIN(it->links.v[k].end,
		    r->text->len);
	}
	if (fo_charge(fo, r->node, r->text->len * FO_TEXT_COST + 1024) == -1)
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
	for (k = 0; k < it->anchors.n; k++) {
		struct anchor *an = &it->anchors.v[k];
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

/* Flush gathered inline content as a paragraph item. */
static void
flush(struct fo *fo, struct run *r, const struct style *s,
    struct items *list, double x, double w, const struct box *b)
{
	struct item	*it;

	if (run_empty(r))
		return;
	if ((it = fo_item_new(fo, list, IT_PARA)) == NULL)
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
	return fo_is(c, "block") || fo_is(c, "table") ||
	    fo_is(c, "list-block") || fo_is(c, "block-container") ||
	    fo_is(c, "table-and-caption") || fo_is(c, "external-graphic");
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

	fo_style_of(fo, n, ps, &s);
	fo_box_of(n, &s, &b);
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
			fo_build(fo, c, &cs, list, x, w);
		}
	}
	if (!has_blocks) {
		/* One paragraph with the block's own box (also an empty one:
		 * it keeps its id and spaces). */
		struct item *it = fo_item_new(fo, list, IT_PARA);
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
			anchor_add(fo, &list->v[first].anchors, b.id, 0, -1);
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

/* Any block-level node. */
void
fo_build(struct fo *fo, xmlNodePtr n, const struct style *s,
    struct items *list, double x, double w)
{
	if (n->type != XML_ELEMENT_NODE || fo->err != DDD_OK)
		return;
	if (++fo->depth > MAX_DEPTH) {
		fo_warn(fo, n, "element", (const char *)n->name,
		    "is nested too deeply");
		fo->depth--;
		return;
	}
	if (fo_is(n, "block") || fo_is(n, "block-container"))
		block(fo, n, s, list, x, w);
	else if (fo_is(n, "table"))
		fo_table(fo, n, s, list, x, w);
	else if (fo_is(n, "table-and-caption")) {
		xmlNodePtr c;
		for (c = n->children; c != NULL; c = c->next)
			if (fo_is(c, "table"))
				fo_table(fo, c, s, list, x, w);
	} else if (fo_is(n, "list-block"))
		fo_list_block(fo, n, s, list, x, w);
	else if (fo_is(n, "external-graphic"))
		fo_image(fo, n, s, list, x, w);
	else
		fo_warn(fo, n, "element", (const char *)n->name,
		    fo_is(n, NULL) ? "is not supported here" :
		    "(not XSL-FO) is not supported");
	fo->depth--;
}
