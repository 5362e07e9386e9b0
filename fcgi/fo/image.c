/* external-graphic: a PNG or SVG from a data: URI, counted against the
 * memory limit before it is decoded. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <librsvg/rsvg.h>

#include "fo_int.h"

#define FOX_NS		"http://xmlgraphics.apache.org/fop/extensions"

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
	if (w * k > 32767 || h * k > 32767 || fo_charge(fo, n,
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
	    fo_charge(fo, node, (size_t)png_be32(bin + 16) *
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

void
fo_image(struct fo *fo, xmlNodePtr n, const struct style *ps,
    struct items *list, double x, double w)
{
	struct style	 s;
	struct item	*it;
	char		*src, *cw, *ch;

	fo_style_of(fo, n, ps, &s);
	src = fo_prop(n, "src");
	cw = fo_prop(n, "content-width");
	ch = fo_prop(n, "content-height");
	if ((it = fo_item_new(fo, list, IT_IMAGE)) != NULL) {
		/* FOP's extension, which our stylesheet sets: the figure's
		 * text for screen readers (/Alt). */
		xmlChar *alt = xmlGetNsProp(n, BAD_CAST "alt-text",
		    BAD_CAST FOX_NS);
		if (alt != NULL && (it->alt = strdup((const char *)alt)) ==
		    NULL)
			fo->err = DDD_ERR_NOMEM;
		xmlFree(alt);
		fo_box_of(n, &s, &it->box);
		it->x = x;
		it->w = w;
		if (src != NULL)
			it->img = image_data_uri(fo, n, src, fmax(0,
			    fo_length(cw, w, s.size)), fmax(0, fo_length(ch, w,
			    s.size)));
		if (it->img == NULL) {
			if (fo->err == DDD_OK)	/* else the limit said it */
				fo_warn(fo, n, "external-graphic", "src",
				    "is drawn only as a PNG or SVG data: URI");
		} else {
			double iw = cairo_image_surface_get_width(it->img);
			double ih = cairo_image_surface_get_height(it->img);
			double tw = fo_length(cw, w, s.size);
			double th = fo_length(ch, w, s.size);
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
