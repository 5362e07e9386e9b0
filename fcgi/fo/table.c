/* Tables and list-blocks: the column grid, the rows and cells with
 * their content, the collapsing borders resolved per grid line. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fo_int.h"

#define MAX_COLS	32

/* What collapsing borders are resolved from besides cells and rows. */
struct tbuild {
	struct box	 table;		/* as given (collapse: taken off) */
	struct box	 cols[MAX_COLS];
};

static void cell_fill(struct fo *, struct cell *, xmlNodePtr,
    const struct style *);

static int
span_of(xmlNodePtr tc)
{
	char	*v = fo_prop(tc, "number-columns-spanned");
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
		if (!fo_is(c, "table-column"))
			continue;
		fo_check_props(fo, c);
		fo_box_of(c, s, &cb[n]);
		v = fo_prop(c, "column-width");
		prop_[n] = 0;
		cw[n] = 0;
		if (v != NULL && strncmp(v, "proportional-column-width(",
		    26) == 0)
			prop_[n] = atof(v + 26);
		else if (v != NULL && fo_length(v, w, 10) >= 0)
			cw[n] = fo_length(v, w, 10);
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
		if (!fo_is(c, "table-header") && !fo_is(c, "table-body") &&
		    !fo_is(c, "table-footer"))
			continue;
		for (tr = c->children; tr != NULL && !fo_is(tr, "table-row");
		    tr = tr->next)
			;
		for (tc = tr != NULL ? tr->children : NULL; tc != NULL;
		    tc = tc->next)
			if (fo_is(tc, "table-cell"))
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
struct border
fo_bwin(struct border a, struct border b)
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
				b = fo_bwin(b, row->cells[k].box.border[1]);
		for (k = 0; k < row->ncells; k++)
			if (row->cells[k].col == c)
				b = fo_bwin(b, row->cells[k].box.border[3]);
		if (c == 0) {
			b = fo_bwin(b, row->box.border[3]);
			b = fo_bwin(b, row->part.border[3]);
		}
		if (c == n) {
			b = fo_bwin(b, row->box.border[1]);
			b = fo_bwin(b, row->part.border[1]);
		}
		if (c > 0)
			b = fo_bwin(b, tb->cols[c - 1].border[1]);
		if (c < n)
			b = fo_bwin(b, tb->cols[c].border[3]);
		if (c == 0)
			b = fo_bwin(b, tb->table.border[3]);
		if (c == n)
			b = fo_bwin(b, tb->table.border[1]);
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
	size_t		 r, nr = t->rows.n;
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
			above = r > 0 ? cell_at(&t->rows.v[r - 1], c) : NULL;
			below = r < nr ? cell_at(&t->rows.v[r], c) : NULL;
			if (above != NULL)
				b = fo_bwin(b, above->box.border[2]);
			if (below != NULL)
				b = fo_bwin(b, below->box.border[0]);
			if (r > 0)
				b = fo_bwin(b, t->rows.v[r - 1].box.border[2]);
			if (r < nr)
				b = fo_bwin(b, t->rows.v[r].box.border[0]);
			if (r > 0 && t->rows.v[r - 1].part_last)
				b = fo_bwin(b, t->rows.v[r - 1].part.border[2]);
			if (r < nr && t->rows.v[r].part_first)
				b = fo_bwin(b, t->rows.v[r].part.border[0]);
			if (r == 0) {
				b = fo_bwin(b, tb->cols[c].border[0]);
				b = fo_bwin(b, tb->table.border[0]);
			}
			if (r == nr) {
				b = fo_bwin(b, tb->cols[c].border[2]);
				b = fo_bwin(b, tb->table.border[2]);
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

	for (r = 0; r < t->rows.n; r++) {
		struct row *row = &t->rows.v[r];
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
	struct row	*row;
	struct style	 s, *cs = NULL;
	xmlNodePtr	 tc, *nodes = NULL;
	int		 col = 0, span;
	size_t		 n = 0, k;
	enum ddd_err	 e;

	if ((row = rows_push(&t->rows, &e)) == NULL) {
		fo_array_fail(fo, e, FO_MAX_ROWS, "rows in a table");
		return;
	}
	row->header = header;
	row->part = *part;
	fo_style_of(fo, tr, ps, &s);
	fo_box_of(tr, &s, &row->box);
	for (tc = tr->children; tc != NULL; tc = tc->next) {
		if (fo_is(tc, "table-cell"))
			n++;
		else if (tc->type == XML_ELEMENT_NODE)
			fo_warn(fo, tc, "element", (const char *)tc->name,
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
		if (!fo_is(tc, "table-cell"))
			continue;
		if (col >= t->ncols) {
			fo_warn(fo, tc, "element", "table-cell", "beyond the "
			    "table's columns is not drawn");
			continue;
		}
		span = MIN(span_of(tc), t->ncols - col);
		cell = &row->cells[row->ncells];
		nodes[row->ncells] = tc;
		fo_style_of(fo, tc, &s, &cs[row->ncells]);
		fo_box_of(tc, &cs[row->ncells], &cell->box);
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

	if ((v = fo_prop(n, "border-separation")) != NULL ||
	    (v = fo_prop(n, "border-spacing")) != NULL) {
		char copy[128], *tok, *save = NULL;
		int k = 0;
		snprintf(copy, sizeof(copy), "%s", v);
		for (tok = strtok_r(copy, " ", &save); tok != NULL && k < 2;
		    tok = strtok_r(NULL, " ", &save), k++)
			if ((l = fo_length(tok, 0, s->size)) >= 0) {
				if (k == 0)
					t->sep_i = t->sep_b = l;
				else
					t->sep_b = l;
			}
	}
	xmlFree(v);
	if ((v = fo_prop(n,
	    "border-separation.inline-progression-direction")) != NULL &&
	    (l = fo_length(v, 0, s->size)) >= 0)
		t->sep_i = l;
	xmlFree(v);
	if ((v = fo_prop(n, "border-separation.block-progression-direction")) !=
	    NULL && (l = fo_length(v, 0, s->size)) >= 0)
		t->sep_b = l;
	xmlFree(v);
}

void
fo_table(struct fo *fo, xmlNodePtr n, const struct style *ps,
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

	fo_style_of(fo, n, ps, &s);
	if ((t = fo_item_new(fo, list, IT_TABLE)) == NULL)
		return;
	if ((tb = calloc(1, sizeof(*tb))) == NULL) {
		fo->err = DDD_ERR_NOMEM;
		return;
	}
	fo_box_of(n, &s, &t->box);
	tb->table = t->box;
	/* XSL's initial value is collapse, as FOP's. */
	if ((v = fo_prop(n, "border-collapse")) != NULL &&
	    strcmp(v, "separate") == 0) {
		t->tmode = TB_SEPARATE;
		spacing_of(n, &s, t);
	} else if (v != NULL && strcmp(v, "collapse") != 0)
		fo_warn(fo, n, "border-collapse", v, "is not supported: drawn "
		    "as 'collapse'");
	xmlFree(v);
	if (t->tmode == TB_COLLAPSE) {
		/* Its borders go into the grid; it has no padding in this
		 * model (CSS 2, 17.6.2; FOP leaves it out too). */
		if (t->box.pad[0] + t->box.pad[1] + t->box.pad[2] +
		    t->box.pad[3] > 0)
			fo_warn(fo, n, "property", "padding", "on a table with "
			    "border-collapse 'collapse' is left out");
		memset(t->box.border, 0, sizeof(t->box.border));
		memset(t->box.pad, 0, sizeof(t->box.pad));
	}
	x += s.start_indent;
	w -= s.start_indent + s.end_indent;
	if ((v = fo_prop(n, "width")) != NULL &&
	    (l = fo_length(v, w, s.size)) > 0 && l < w)
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
		if (part->type == XML_ELEMENT_NODE && !fo_is(part, parts[0]) &&
		    !fo_is(part, parts[1]) && !fo_is(part, parts[2]) &&
		    !fo_is(part, "table-column"))
			fo_warn(fo, part, "element", (const char *)part->name,
			    "in a table is not supported");
	/* The header first and the footer last, whatever their order
	 * (the footer once, at the end). */
	for (k = 0; k < 3; k++)
		for (part = n->children; part != NULL && fo->err == DDD_OK;
		    part = part->next) {
			if (!fo_is(part, parts[k]))
				continue;
			fo_style_of(fo, part, &s, &ps2);
			fo_box_of(part, &ps2, &pbox);
			first = t->rows.n;
			for (tr = part->children; tr != NULL &&
			    fo->err == DDD_OK; tr = tr->next)
				if (fo_is(tr, "table-row"))
					table_row(fo, tr, &ps2, t, k == 0,
					    &pbox, tb);
				else if (tr->type == XML_ELEMENT_NODE)
					fo_warn(fo, tr, "element",
					    (const char *)tr->name, "in a "
					    "table part is not supported "
					    "(table-row only)");
			if (t->rows.n > first) {
				t->rows.v[first].part_first = 1;
				t->rows.v[t->rows.n - 1].part_last = 1;
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
		fo_build(fo, c, &cs, cell->content, cell->cx, cell->cw);
	for (k = 0; k < cell->content->n; k++) {
		struct item *ci = &cell->content->v[k];
		cell->h += (k > 0 ? fmax(cell->content->v[k - 1].box.space_after,
		    ci->box.space_before) : 0) + fo_item_h(ci);
	}
}

/* A list-block as a table of two columns: label, body. */
void
fo_list_block(struct fo *fo, xmlNodePtr n, const struct style *ps,
    struct items *list, double x, double w)
{
	struct style	 s, is;
	struct item	*t;
	xmlNodePtr	 li, part;
	double		 dist = 24;
	char		*v;
	int		 k;

	fo_style_of(fo, n, ps, &s);
	if ((v = fo_prop(n, "provisional-distance-between-starts")) != NULL &&
	    fo_length(v, w, s.size) > 0)
		dist = fmin(fo_length(v, w, s.size), w / 2);
	xmlFree(v);
	if ((t = fo_item_new(fo, list, IT_TABLE)) == NULL)
		return;
	fo_box_of(n, &s, &t->box);
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
		struct row *row;
		enum ddd_err e;
		if (!fo_is(li, "list-item"))
			continue;
		if ((row = rows_push(&t->rows, &e)) == NULL) {
			fo_array_fail(fo, e, FO_MAX_ROWS, "rows in a table");
			return;
		}
		if ((row->cells = calloc(2, sizeof(struct cell))) == NULL) {
			fo->err = DDD_ERR_NOMEM;
			return;
		}
		row->ncells = 2;
		fo_style_of(fo, li, &s, &is);
		fo_box_of(li, &is, &row->box);
		for (k = 0; k < 2; k++) {
			struct cell *cl = &row->cells[k];
			cl->x = cl->cx = t->colx[k];
			cl->w = cl->cw = t->colx[k + 1] - t->colx[k];
			cl->col = k;
			cl->span = 1;
			cl->top = row->box.border[0].w;
		}
		for (part = li->children; part != NULL; part = part->next) {
			int body = fo_is(part, "list-item-body");
			if (!body && !fo_is(part, "list-item-label"))
				continue;
			cell_fill(fo, &row->cells[body], part, &is);
			row->h = fmax(row->h, row->cells[body].h);
		}
		row->h += row->box.space_before + row->box.space_after;
	}
}
