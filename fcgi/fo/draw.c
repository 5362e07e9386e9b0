/* Drawing: the placed fragments and the static content of each page on
 * the cairo PDF surface, with structure tags, links and destinations. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fo_int.h"

static void
set_rgb(cairo_t *cr, uint32_t c)
{
	cairo_set_source_rgb(cr, ((c >> 16) & 0xff) / 255.0,
	    ((c >> 8) & 0xff) / 255.0, (c & 0xff) / 255.0);
}

void
fo_tag_begin(cairo_t *cr, const char *name, const char *attrs)
{
	if (getenv("FO_NOTAGS") == NULL)
		cairo_tag_begin(cr, name, attrs);
}

void
fo_tag_end(cairo_t *cr, const char *name)
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
		snprintf(out, size, "%zu.id", (size_t)(p - fo->ids.v));
}

/* The named destinations of the ids placed on this page. */
void
fo_page_dests(struct fo *fo, cairo_t *cr, int page)
{
	char		 name[80];
	GString		*g;
	size_t		 i;

	for (i = 0; i < fo->ids.n; i++) {
		if (fo->ids.v[i].dpage != page)
			continue;
		dest_name(fo, &fo->ids.v[i], name, sizeof(name));
		g = g_string_new(NULL);
		tag_string(g, "name", name);
		g_string_append_printf(g, "x=%f y=%f", fo->ids.v[i].x,
		    fo->ids.v[i].y);
		fo_tag_begin(cr, CAIRO_TAG_DEST, g->str);
		fo_tag_end(cr, CAIRO_TAG_DEST);
		g_string_free(g, TRUE);
	}
}

/* The innermost link over byte offset of a paragraph's text, or NULL. */
static struct link *
link_at(struct item *it, int offset)
{
	struct link	*best = NULL;
	size_t		 k;

	for (k = 0; k < it->links.n; k++) {
		struct link *lk = &it->links.v[k];
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

	if (lk->uri == NULL && (p = fo_id_find(fo, lk->id)) == NULL) {
		if (!lk->warned) {
			lk->warned = 1;
			fo_warn_line(fo, lk->line, "basic-link destination",
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
	fo_tag_begin(cr, CAIRO_TAG_LINK, g->str);
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
			fo_tag_begin(cr, "Span", NULL);
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
		fo_tag_end(cr, linked ? CAIRO_TAG_LINK : "Span");
	}
}

/* The alternative text of the Figure tag just begun ("" for none): the
 * update after drawing puts it in the structure element (/Alt). */
static void
figure_alt(struct fo *fo, const char *alt)
{
	char		**p;
	enum ddd_err	  e;

	if ((p = alts_push(&fo->alts, &e)) == NULL) {
		fo_array_fail(fo, e, FO_MAX_FIGURES, "images drawn");
		return;
	}
	if ((*p = strdup(alt != NULL ? alt : "")) == NULL) {
		fo->alts.n--;
		fo->err = DDD_ERR_NOMEM;
	}
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
		fo_tag_begin(cr, b->heading == 1 ? "H1" : b->heading == 2 ?
		    "H2" : b->heading == 3 ? "H3" : "H4", NULL);
	else
		fo_tag_begin(cr, "P", NULL);
	for (i = from; i < to; i++) {
		PangoLayoutLine *line = pango_layout_get_line_readonly(
		    it->layout, i);
		double lt = ytext + it->ltop[i] - base;
		if (fo->win_bottom > fo->win_top && (lt < fo->win_top - 0.01 ||
		    lt + it->lh[i] > fo->win_bottom + 0.01))
			continue;	/* on the slice before or after */
		if (it->links.n > 0)
			draw_line_links(fo, cr, it, line, it->x + it->lx[i],
			    ytext + it->lbase[i] - base, lt, it->lh[i]);
		else {
			cairo_move_to(cr, it->x + it->lx[i], ytext +
			    it->lbase[i] - base);
			pango_cairo_show_layout_line(cr, line);
		}
	}
	fo_tag_end(cr, b->heading ? (b->heading == 1 ? "H1" :
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
	struct row	*row = &it->rows.v[r];
	double		 x0 = it->colx[0], x1 = it->colx[it->ncols];
	size_t		 c;

	if (it->tmode == TB_LIST)
		draw_box(cr, &row->box, x0, y, x1 - x0, row->h, 1, 1);
	else if (it->tmode == TB_COLLAPSE) {
		fill_bg(cr, &row->part, x0, y, x1 - x0, row->h);
		fill_bg(cr, &row->box, x0, y, x1 - x0, row->h);
	}
	fo_tag_begin(cr, "TR", NULL);
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
		fo_tag_begin(cr, row->header ? "TH" : "TD", NULL);
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
		fo_tag_end(cr, row->header ? "TH" : "TD");
	}
	fo_tag_end(cr, "TR");
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
		row = &it->rows.v[seq[k]];
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
		y = k < m ? ys[k] : ys[m - 1] + it->rows.v[seq[m - 1]].h;
		for (c = 0; c < it->ncols; c++) {
			b = it->hb[(size_t)r * n + (size_t)c];
			if (k > 0 && k < m && seq[k - 1] + 1 != r)
				b = fo_bwin(it->hb[(size_t)(seq[k - 1] + 1) *
				    n + (size_t)c], b);
			if (b.w <= 0)
				continue;
			el = er = 0;
			for (j = k - 1; j <= k; j++) {
				if (j < 0 || j >= m ||
				    it->rows.v[seq[j]].vb == NULL)
					continue;
				const struct border *vb = it->rows.v[seq[j]].vb;
				el = fmax(el, vb[c].w / 2);
				er = fmax(er, vb[c + 1].w / 2);
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

	while (f->repeat_header && (size_t)nh < it->rows.n &&
	    it->rows.v[nh].header)
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
		yy += it->rows.v[r].h;
	}
	if (f->sh > 0)
		end = yy + f->sh;
	else {
		for (r = f->from; r < f->to; r++) {
			seq[m] = r;
			ys[m++] = yy;
			yy += it->rows.v[r].h;
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
	fo_tag_begin(cr, "Table", NULL);
	for (r = 0; r < m; r++)
		draw_row(fo, cr, it, seq[r], ys[r]);
	if (it->tmode == TB_COLLAPSE)
		draw_grid(cr, it, seq, ys, m);
	if (f->sh > 0) {
		/* One slice of a tall row: clipped to the slice (and to the
		 * outer half of its borders where the row begins or ends). */
		double top = yy - (f->soff < 0.01 ? 50 : 0);
		double bottom = yy + f->sh + (f->bottom_edge ||
		    f->soff + f->sh >= it->rows.v[f->from].h - 0.01 ? 50 : 0);
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
	fo_tag_end(cr, "Table");
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
			fo_tag_begin(cr, "Figure", NULL);
			figure_alt(fo, it->alt);
			cairo_save(cr);
			cairo_translate(cr, it->x, y);
			cairo_scale(cr, sx, sy);
			cairo_set_source_surface(cr, it->img, 0, 0);
			cairo_paint(cr);
			cairo_restore(cr);
			fo_tag_end(cr, "Figure");
		} else if (it->kind == IT_TABLE) {
			struct frag f;
			memset(&f, 0, sizeof(f));
			f.it = it;
			f.to = (int)it->rows.n;
			f.y = y;
			f.top_edge = f.bottom_edge = 1;
			draw_table(fo, cr, it, &f);
		}
		y += fo_item_h(it);
	}
}

void
fo_draw_frag(struct fo *fo, cairo_t *cr, struct frag *f)
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
void
fo_draw_static(struct fo *fo, cairo_t *cr, xmlNodePtr seq, const char *flow,
    const struct style *root, double x, double y, double w)
{
	xmlNodePtr	 sc, c;
	struct items	 list;
	char		*name;

	for (sc = seq->children; sc != NULL; sc = sc->next) {
		if (!fo_is(sc, "static-content"))
			continue;
		name = fo_prop(sc, "flow-name");
		if (name != NULL && strcmp(name, flow) == 0) {
			struct style s;
			memset(&list, 0, sizeof(list));
			/* Warnings were given on the first page already. */
			fo->quiet = fo->cur_page > 1;
			fo_style_of(fo, sc, root, &s);
			for (c = sc->children; c != NULL; c = c->next)
				fo_build(fo, c, &s, &list, x, w);
			fo->quiet = 0;
			draw_items(fo, cr, &list, y);
			fo_items_free(&list);
		}
		xmlFree(name);
	}
}
