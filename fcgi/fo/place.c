/* Placing: items onto pages (lines of paragraphs, whole rows of
 * tables, slices of rows taller than a page), keeps and breaks, and the
 * pages and places of the ids. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fo_int.h"

/* The entry of an id (as stored: its first 63 bytes), or NULL. */
struct idpage *
fo_id_find(const struct fo *fo, const char *id)
{
	char		 key[sizeof(fo->ids.v[0].id)];
	gpointer	 v;

	if (fo->idx == NULL)
		return NULL;
	snprintf(key, sizeof(key), "%s", id);
	v = g_hash_table_lookup(fo->idx, key);
	return v != NULL ? &fo->ids.v[GPOINTER_TO_SIZE(v) - 1] : NULL;
}

int
fo_id_page(const struct fo *fo, const char *id)
{
	const struct idpage *p = fo_id_find(fo, id);

	return p != NULL ? p->page : -1;
}

double
fo_item_h(const struct item *it)
{
	double	 h = 0;
	size_t	 r;

	if (it->kind == IT_PARA)
		h = it->th;
	else if (it->kind == IT_IMAGE)
		h = it->ih;
	else
		for (r = 0; r < it->rows.n; r++)
			h += it->rows.v[r].h;
	return h + it->box.pad[0] + it->box.pad[2] + it->box.border[0].w +
	    it->box.border[2].w;
}

static struct page *
page_new(struct fo *fo, int master, xmlNodePtr seq)
{
	struct page	*p;
	enum ddd_err	 e;

	if (fo->pages.n == (size_t)fo->lim->max_pages) {
		buf_printf(fo->warn, "the page limit of %d pages is reached\n",
		    fo->lim->max_pages);
		fo->err = DDD_ERR_TOO_LARGE;
		return NULL;
	}
	if (fo_now() - fo->t0 > fo->lim->max_seconds) {
		buf_printf(fo->warn, "the time limit of %.0f s is reached\n",
		    fo->lim->max_seconds);
		fo->err = DDD_ERR_RENDER;
		return NULL;
	}
	if ((p = pages_push(&fo->pages, &e)) == NULL) {
		fo_array_fail(fo, e, FO_MAX_PAGES, "pages");
		return NULL;
	}
	p->master = master;
	p->seq = seq;
	return p;
}

static void
frag_add(struct fo *fo, struct page *p, struct item *it, int from, int to,
    double y, int top, int bottom, int rep)
{
	struct frag	*f;
	enum ddd_err	 e;

	if ((f = frags_push(&p->f, &e)) == NULL) {
		fo_array_fail(fo, e, FO_MAX_FRAGS, "parts of items on a page");
		return;
	}
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
	enum ddd_err	 e;

	if (id[0] == '\0' || fo->err != DDD_OK)
		return;
	if ((p = fo_id_find(fo, id)) != NULL) {
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
	if ((p = idpages_push(&fo->ids, &e)) == NULL) {
		fo_array_fail(fo, e, FO_MAX_IDS, "ids");
		return;
	}
	snprintf(p->id, sizeof(p->id), "%s", id);
	p->page = p->dpage = page;
	p->pass = fo->pass;
	p->x = x;
	p->y = y;
	/* Its index plus 1, which it is now the last. */
	g_hash_table_insert(fo->idx, g_strdup(p->id),
	    GSIZE_TO_POINTER(fo->ids.n));
}

static void items_ids(struct fo *, struct items *, int, double);

/* The ids an item has at its top: its own, an enclosing block's, and
 * those of an empty paragraph. */
static void
item_top_ids(struct fo *fo, struct item *it, int page, double y)
{
	size_t	 k;

	id_add(fo, it->box.id, page, it->x, y);
	for (k = 0; k < it->anchors.n; k++)
		if (it->anchors.v[k].line < 0 || it->kind != IT_PARA ||
		    it->nlines == 0)
			id_add(fo, it->anchors.v[k].id, page, it->x, y);
}

/* The ids on the inlines of a paragraph's lines [a, b), placed on page
 * with line a's top at y. */
static void
para_ids(struct fo *fo, struct item *it, int a, int b, int page, double y)
{
	size_t	 k;

	for (k = 0; k < it->anchors.n; k++) {
		const struct anchor *an = &it->anchors.v[k];
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

	for (r = a; r < b && (size_t)r < it->rows.n; r++) {
		struct row *row = &it->rows.v[r];
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
			rows_ids(fo, it, 0, (int)it->rows.n, page, y);
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
			    fo_item_h(ci);
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
void
fo_place(struct fo *fo, struct items *list, int master, xmlNodePtr seq)
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
		int fresh = pg->f.n == 0;
		if (bx->break_before && !fresh) {
			if ((pg = page_new(fo, master, seq)) == NULL)
				return;
			y = top;
			fresh = 1;
		}
		if (!fresh)
			y += fmax(pending, bx->space_before);
		pending = 0;
		h = fo_item_h(it);
		/* What must come along: the next item's first line (or all
		 * of it) while keep-with-next chains. */
		need = h;
		for (j = i; j + 1 < list->n && list->v[j].box.keep_next; j++) {
			struct item *nx = &list->v[j + 1];
			need += nx->box.space_before + (nx->kind == IT_PARA &&
			    nx->nlines > 0 && !nx->box.keep_next ? nx->lh[0] *
			    fmin(2, nx->nlines) + nx->box.pad[0] :
			    fo_item_h(nx));
			if (need > bottom - top)
				break;
		}
		if (it->kind == IT_PARA && it->nlines > 2 &&
		    !bx->keep_together && !bx->keep_next)
			need = fmin(need, it->lh[0] * 2 + bx->pad[0] +
			    bx->border[0].w);
		if (it->kind == IT_TABLE && it->rows.n > 0)
			need = fmin(need, it->rows.v[0].h + (it->rows.n > 1 ?
			    it->rows.v[1].h : 0));
		if (y + need > bottom && !fresh) {
			if ((pg = page_new(fo, master, seq)) == NULL)
				return;
			y = top;
			fresh = 1;
		}
		item_top_ids(fo, it, (int)fo->pages.n, y);
		if (it->kind == IT_IMAGE || (it->kind == IT_PARA &&
		    (y + h <= bottom || it->nlines == 0))) {
			frag_add(fo, pg, it, 0, it->kind == IT_PARA ?
			    it->nlines : 0, y, 1, 1, 0);
			para_ids(fo, it, 0, it->nlines, (int)fo->pages.n, y +
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
				para_ids(fo, it, a, b, (int)fo->pages.n, start);
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
			while (nh < it->rows.n && it->rows.v[nh].header)
				hh += it->rows.v[nh++].h;
			int midpage = 0;
			a = 0;
			while ((size_t)a < it->rows.n) {
				double yy = y + (a == 0 ? bx->pad[0] +
				    bx->border[0].w : midpage ? 0 : hh);
				double ystart = yy;
				b = a;
				while ((size_t)b < it->rows.n && yy +
				    it->rows.v[b].h <= bottom) {
					yy += it->rows.v[b].h;
					b++;
				}
				if (b == a && y > top + 0.01 && pg->f.n > 0 &&
				    it->rows.v[a].h <= bottom - top - hh) {
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
					double rh = it->rows.v[a].h, off = 0;
					double sh;
					rows_ids(fo, it, a, a + 1,
					    (int)fo->pages.n, yy);
					for (;;) {
						sh = fmin(bottom - yy, rh - off);
						if (off + sh < rh - 0.01)
							sh = row_cut(
							    &it->rows.v[a], off,
							    off + sh) - off;
						/* The header again above every
						 * continued slice. */
						frag_add(fo, pg, it, a, a + 1, y,
						    a == 0 && off == 0,
						    (size_t)a + 1 ==
						    it->rows.n && off + sh >=
						    rh - 0.01, nh > 0 &&
						    (off > 0 || (a > 0 &&
						    !midpage)));
						if (fo->err != DDD_OK)
							return;
						pg->f.v[pg->f.n - 1].soff = off;
						pg->f.v[pg->f.n - 1].sh = sh;
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
				    (size_t)b == it->rows.n, a > 0 && nh > 0 &&
				    !midpage);
				rows_ids(fo, it, a, b, (int)fo->pages.n,
				    ystart);
				y = yy;
				a = b;
				midpage = 0;
				/* A row taller than a page starts right here. */
				if ((size_t)a < it->rows.n && it->rows.v[a].h >
				    bottom - top - hh) {
					midpage = 1;
					continue;
				}
				if ((size_t)a < it->rows.n) {
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
