/* fo_render (fo.h): the document's masters, title and language, the
 * per-thread font map, the limits, and the three steps in order. */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo-pdf.h>
#include <libxml/parser.h>

#include "fo_int.h"

double
fo_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static cairo_status_t
pdf_write(void *arg, const unsigned char *data, unsigned int len)
{
	return buf_add(arg, data, len) == DDD_OK ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR;
}

static void
masters(struct fo *fo, xmlNodePtr lms, const struct style *s)
{
	xmlNodePtr	 spm, r;
	struct master	*m;
	char		*v;

	for (spm = lms->children; spm != NULL; spm = spm->next) {
		if (!fo_is(spm, "simple-page-master")) {
			if (spm->type == XML_ELEMENT_NODE)
				fo_warn(fo, spm, "element",
				    (const char *)spm->name, "is not supported "
				    "(simple-page-master only)");
			continue;
		}
		if (fo->nmasters == MAX_MASTERS)
			break;
		fo_check_props(fo, spm);
		m = &fo->masters[fo->nmasters++];
		memset(m, 0, sizeof(*m));
		m->w = 210 * MM;
		m->h = 297 * MM;
		if ((v = fo_prop(spm, "master-name")) != NULL)
			snprintf(m->name, sizeof(m->name), "%s", v);
		xmlFree(v);
		if ((v = fo_prop(spm, "page-width")) != NULL && fo_length(v, 0,
		    s->size) > 0)
			m->w = fo_length(v, 0, s->size);
		xmlFree(v);
		if ((v = fo_prop(spm, "page-height")) != NULL && fo_length(v, 0,
		    s->size) > 0)
			m->h = fo_length(v, 0, s->size);
		xmlFree(v);
		{
			struct box b;
			fo_box_of(spm, s, &b);
			m->mt = b.space_before;
			m->mb = b.space_after;
		}
		if ((v = fo_prop(spm, "margin")) != NULL)
			m->mt = m->mr = m->mb = m->ml = fmax(0, fo_length(v, 0,
			    s->size));
		xmlFree(v);
		if ((v = fo_prop(spm, "margin-left")) != NULL)
			m->ml = fmax(0, fo_length(v, 0, s->size));
		xmlFree(v);
		if ((v = fo_prop(spm, "margin-right")) != NULL)
			m->mr = fmax(0, fo_length(v, 0, s->size));
		xmlFree(v);
		if ((v = fo_prop(spm, "margin-top")) != NULL)
			m->mt = fmax(0, fo_length(v, 0, s->size));
		xmlFree(v);
		if ((v = fo_prop(spm, "margin-bottom")) != NULL)
			m->mb = fmax(0, fo_length(v, 0, s->size));
		xmlFree(v);
		for (r = spm->children; r != NULL; r = r->next) {
			if (r->type != XML_ELEMENT_NODE)
				continue;
			fo_check_props(fo, r);
			if (fo_is(r, "region-body")) {
				if ((v = fo_prop(r, "margin-top")) != NULL)
					m->bt = fmax(0, fo_length(v, 0,
					    s->size));
				xmlFree(v);
				if ((v = fo_prop(r, "margin-bottom")) != NULL)
					m->bb = fmax(0, fo_length(v, 0,
					    s->size));
				xmlFree(v);
				if ((v = fo_prop(r, "margin-left")) != NULL)
					m->bl = fmax(0, fo_length(v, 0,
					    s->size));
				xmlFree(v);
				if ((v = fo_prop(r, "margin-right")) != NULL)
					m->br = fmax(0, fo_length(v, 0,
					    s->size));
				xmlFree(v);
			} else if (fo_is(r, "region-before")) {
				if ((v = fo_prop(r, "extent")) != NULL)
					m->before = fmax(0, fo_length(v, 0,
					    s->size));
				xmlFree(v);
			} else if (fo_is(r, "region-after")) {
				if ((v = fo_prop(r, "extent")) != NULL)
					m->after = fmax(0, fo_length(v, 0,
					    s->size));
				xmlFree(v);
			} else
				fo_warn(fo, r, "element", (const char *)r->name,
				    "is not supported (region-start/end)");
		}
	}
}

static int
master_of(struct fo *fo, xmlNodePtr seq)
{
	char	*v = fo_prop(seq, "master-reference");
	size_t	 i;
	int	 found = -1;

	for (i = 0; v != NULL && i < fo->nmasters; i++)
		if (strcmp(fo->masters[i].name, v) == 0)
			found = (int)i;
	if (found < 0)
		fo_warn(fo, seq, "master-reference", v != NULL ? v : "",
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

	for (i = 0; i < fo->pages.n; i++)
		free(fo->pages.v[i].f.v);
	free(fo->pages.v);
	free(fo->ids.v);
	if (fo->idx != NULL)
		g_hash_table_destroy(fo->idx);
	for (i = 0; i < fo->alts.n; i++)
		free(fo->alts.v[i]);
	free(fo->alts.v);
	if (fo->ctx != NULL)
		g_object_unref(fo->ctx);
}

enum ddd_err
fo_render(const char *text, size_t len, const struct fo_limits *lim,
    int strict, struct buf *pdf, struct buf *warnings)
{
	struct fo	 fo;
	struct style	 root_style, rs;
	struct flows	 flows = { NULL, 0, 0 };	/* one per page-sequence */
	struct items	*fl;
	size_t		 i, k;
	xmlDocPtr	 doc = NULL;
	xmlNodePtr	 root, c, f;
	cairo_surface_t	*surface = NULL;
	cairo_t		*cr = NULL;
	cairo_font_options_t *opts;
	enum ddd_err	 e = DDD_OK;

	memset(&fo, 0, sizeof(fo));
	fo.lim = lim;
	fo.warn = warnings;
	fo.t0 = fo_now();
	if (len > lim->max_input || len > INT32_MAX)
		return DDD_ERR_TOO_LARGE;
	doc = xmlReadMemory(text, (int)len, "fo.xml", NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL || !fo_is(root = xmlDocGetRootElement(doc), "root")) {
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
	fo_style_of(&fo, root, &root_style, &rs);

	for (c = root->children; c != NULL; c = c->next) {
		if (fo_is(c, "layout-master-set"))
			masters(&fo, c, &rs);
		else if (fo_is(c, "declarations"))
			(void)title_of(&fo, c, 0);
	}
	if (fo.nmasters == 0) {
		buf_printf(warnings, "no simple-page-master\n");
		e = DDD_ERR_BAD_REQUEST;
		goto out;
	}
	if (fo_text_precheck(&fo, root) == -1) {
		e = fo.err;
		goto out;
	}
	/* Build and place each page-sequence's flow; once more when the flow
	 * cites a page it had not reached yet (the ids are known then). */
again:
	for (c = root->children; c != NULL && fo.err == DDD_OK; c = c->next) {
		int m;
		struct style ss;
		enum ddd_err fe;
		if (!fo_is(c, "page-sequence")) {
			if (c->type == XML_ELEMENT_NODE &&
			    !fo_is(c, "layout-master-set") &&
			    !fo_is(c, "declarations"))
				fo_warn(&fo, c, "element",
				    (const char *)c->name, "is not supported");
			continue;
		}
		m = master_of(&fo, c);
		fo_style_of(&fo, c, &rs, &ss);
		for (f = c->children; f != NULL; f = f->next) {
			const struct master *ms = &fo.masters[m];
			double x = ms->ml + ms->bl;
			double w = ms->w - ms->ml - ms->mr - ms->bl - ms->br;
			if (!fo_is(f, "flow")) {
				if (f->type == XML_ELEMENT_NODE &&
				    !fo_is(f, "static-content"))
					fo_warn(&fo, f, "element",
					    (const char *)f->name,
					    "is not supported");
				continue;
			}
			if ((fl = flows_push(&flows, &fe)) == NULL) {
				fo_array_fail(&fo, fe, FO_MAX_FLOWS,
				    "page-sequences");
				break;
			}
			{
				struct style fs;
				xmlNodePtr b;
				fo_style_of(&fo, f, &ss, &fs);
				for (b = f->children; b != NULL; b = b->next)
					fo_build(&fo, b, &fs, fl, x, w);
			}
			fo_place(&fo, fl, m, c);
			break;
		}
	}
	if (fo.err != DDD_OK) {
		e = fo.err;
		goto out;
	}
	if (fo.forward == 1) {
		fo.forward = 2;		/* one more pass, not more */
		for (i = 0; i < flows.n; i++)
			fo_items_free(&flows.v[i]);
		flows.n = 0;
		for (i = 0; i < fo.pages.n; i++)
			free(fo.pages.v[i].f.v);
		fo.pages.n = 0;
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
		const struct master *m0 = &fo.masters[fo.pages.n > 0 ?
		    fo.pages.v[0].master : 0];
		surface = cairo_pdf_surface_create_for_stream(pdf_write, pdf,
		    m0->w, m0->h);
	}
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
	    fo.title);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
	    "DDD (Pango/cairo XSL-FO renderer)");
	cr = cairo_create(surface);
	pango_cairo_update_context(cr, fo.ctx);
	fo.total_pages = (int)fo.pages.n;
	fo_tag_begin(cr, "Document", NULL);
	for (i = 0; i < fo.pages.n; i++) {
		struct page *p = &fo.pages.v[i];
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
		fo_draw_static(&fo, cr, p->seq, "xsl-region-before", &rs, m->ml,
		    m->mt, m->w - m->ml - m->mr);
		fo_draw_static(&fo, cr, p->seq, "xsl-region-after", &rs, m->ml,
		    m->h - m->mb - m->after, m->w - m->ml - m->mr);
		fo.in_static = 0;
		for (k = 0; k < p->f.n; k++) {
			struct frag *fr = &p->f.v[k];
			fo_draw_frag(&fo, cr, fr);
			if (fr->top_edge && fr->it->outline != NULL) {
				char link[80];
				snprintf(link, sizeof(link), "page=%zu pos=[%f "
				    "%f]", i + 1, fr->it->x, fr->y);
				cairo_pdf_surface_add_outline(surface,
				    CAIRO_PDF_OUTLINE_ROOT, fr->it->outline,
				    link, 0);
			}
		}
		fo_page_dests(&fo, cr, (int)i + 1);
		cairo_show_page(cr);
		if (fo_now() - fo.t0 > lim->max_seconds) {
			buf_printf(warnings, "the time limit of %.0f s is "
			    "reached\n", lim->max_seconds);
			e = DDD_ERR_RENDER;
			break;
		}
	}
	fo_tag_end(cr, "Document");
	cairo_destroy(cr);
	cr = NULL;
	cairo_surface_finish(surface);
	/* Drawing fails only out of memory or at an array's cap (a figure's
	 * /Alt, the static content of a page): the PDF would lack it. */
	if (e == DDD_OK && fo.err != DDD_OK)
		e = fo.err;
	if (e == DDD_OK && cairo_surface_status(surface) !=
	    CAIRO_STATUS_SUCCESS) {
		/* Never from the document's values (they are checked and
		 * escaped): a fault of ours, said as such. */
		buf_printf(warnings, "cairo: %s\n", cairo_status_to_string(
		    cairo_surface_status(surface)));
		e = DDD_ERR_RENDER;
	}
	if (e == DDD_OK)
		e = fo_pdf_mark_tagged(pdf, fo.lang, fo.alts.v, fo.alts.n);
out:
	if (cr != NULL)
		cairo_destroy(cr);
	if (surface != NULL)
		cairo_surface_destroy(surface);
	for (i = 0; i < flows.n; i++)
		fo_items_free(&flows.v[i]);
	free(flows.v);
	fo_free(&fo);
	if (doc != NULL)
		xmlFreeDoc(doc);
	if (strict && fo.nwarn > 0 && e == DDD_OK)
		e = DDD_ERR_RENDER;
	return e;
}
