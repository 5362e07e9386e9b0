/* The FO's nodes and property values: elements and attributes read,
 * warnings, lengths, colours, borders, padding, the inherited style and
 * the box of an element, and the uri-specification of a basic-link. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fo_int.h"

/* One line per warning: a name (often a value from the document) at most
 * 200 bytes, control characters as '?'. */
void
fo_warn_line(struct fo *fo, long line, const char *what, const char *name,
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

void
fo_warn(struct fo *fo, xmlNodePtr n, const char *what, const char *name,
    const char *detail)
{
	fo_warn_line(fo, n != NULL ? xmlGetLineNo(n) : 0L, what, name, detail);
}

/* An array that cannot grow (array.h): out of memory, or at its cap,
 * which is said as a limit of the document, as the page limit is. */
void
fo_array_fail(struct fo *fo, enum ddd_err e, size_t cap, const char *what)
{
	if (e == DDD_ERR_TOO_LARGE)
		buf_printf(fo->warn, "the limit of %zu %s is reached\n", cap,
		    what);
	fo->err = e;
}

int
fo_is(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    xmlStrEqual(n->ns->href, BAD_CAST FO_NS) &&
	    (name == NULL || xmlStrEqual(n->name, BAD_CAST name));
}

char *
fo_prop(xmlNodePtr n, const char *name)
{
	return (char *)xmlGetProp(n, BAD_CAST name);
}

/* --- values ----------------------------------------------------------- */

/* A length in points; rel for %, em for em; -1 when unreadable. */
double
fo_length(const char *s, double rel, double em)
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
		    (w = fo_length(tok, 0, em)) >= 0)
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

void
fo_check_props(struct fo *fo, xmlNodePtr n)
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
			fo_warn(fo, n, "property", (const char *)a->name,
			    "is not supported");
	}
}

void
fo_style_of(struct fo *fo, xmlNodePtr n, const struct style *ps,
    struct style *s)
{
	char	*v;
	double	 l;

	*s = *ps;
	fo_check_props(fo, n);
	if ((v = fo_prop(n, "font-family")) != NULL)
		snprintf(s->family, sizeof(s->family), "%s", v);
	xmlFree(v);
	if ((v = fo_prop(n, "font-size")) != NULL &&
	    (l = fo_length(v, ps->size, ps->size)) > 0)
		s->size = l;
	xmlFree(v);
	if ((v = fo_prop(n, "font-weight")) != NULL)
		s->bold = strcmp(v, "bold") == 0 || atoi(v) >= 600;
	xmlFree(v);
	if ((v = fo_prop(n, "font-style")) != NULL)
		s->italic = strcmp(v, "italic") == 0 ||
		    strcmp(v, "oblique") == 0;
	xmlFree(v);
	if ((v = fo_prop(n, "color")) != NULL && colour(v, &s->color) == -1)
		fo_warn(fo, n, "colour", v, "is not supported");
	xmlFree(v);
	if ((v = fo_prop(n, "line-height")) != NULL) {
		char *end;
		double f = strtod(v, &end);
		if (*end == '\0' && f > 0)
			s->line_height = f;
		else if ((l = fo_length(v, s->size, s->size)) > 0)
			s->line_height = l / s->size;
	}
	xmlFree(v);
	if ((v = fo_prop(n, "text-align")) != NULL)
		s->align = align_of(v);
	xmlFree(v);
	if ((v = fo_prop(n, "text-align-last")) != NULL)
		s->align_last = align_of(v);
	xmlFree(v);
	if ((v = fo_prop(n, "start-indent")) != NULL &&
	    (l = fo_length(v, 0, s->size)) >= 0)
		s->start_indent = l;
	xmlFree(v);
	if ((v = fo_prop(n, "end-indent")) != NULL &&
	    (l = fo_length(v, 0, s->size)) >= 0)
		s->end_indent = l;
	xmlFree(v);
	if ((v = fo_prop(n, "margin-left")) != NULL &&
	    (l = fo_length(v, 0, s->size)) >= 0)
		s->start_indent = ps->start_indent + l;
	xmlFree(v);
	if ((v = fo_prop(n, "margin-right")) != NULL &&
	    (l = fo_length(v, 0, s->size)) >= 0)
		s->end_indent = ps->end_indent + l;
	xmlFree(v);
	if ((v = fo_prop(n, "linefeed-treatment")) != NULL)
		s->preserve_lf = strcmp(v, "preserve") == 0;
	xmlFree(v);
	if ((v = fo_prop(n, "white-space-collapse")) != NULL)
		s->collapse = strcmp(v, "false") != 0;
	xmlFree(v);
}

static int
prop_is(xmlNodePtr n, const char *a, const char *b, const char *value)
{
	char	*v = fo_prop(n, a);
	int	 r;

	if (v == NULL && b != NULL)
		v = fo_prop(n, b);
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
		v[n++] = fmax(0, fo_length(tok, 0, em));
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

void
fo_box_of(xmlNodePtr n, const struct style *s, struct box *b)
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
	if ((v = fo_prop(n, "space-before")) != NULL ||
	    (v = fo_prop(n, "space-before.optimum")) != NULL ||
	    (v = fo_prop(n, "margin-top")) != NULL)
		b->space_before = fmax(0, fo_length(v, 0, s->size));
	xmlFree(v);
	if ((v = fo_prop(n, "space-after")) != NULL ||
	    (v = fo_prop(n, "space-after.optimum")) != NULL ||
	    (v = fo_prop(n, "margin-bottom")) != NULL)
		b->space_after = fmax(0, fo_length(v, 0, s->size));
	xmlFree(v);
	if ((v = fo_prop(n, "padding")) != NULL)
		padding_of(v, b->pad, s->size);
	xmlFree(v);
	for (i = 0; i < 4; i++)
		for (j = 0; j < 2; j++) {
			if ((v = fo_prop(n, pads[i][j])) != NULL &&
			    (l = fo_length(v, 0, s->size)) >= 0)
				b->pad[i] = l;
			xmlFree(v);
		}
	if ((v = fo_prop(n, "border")) != NULL)
		for (i = 0; i < 4; i++)
			border_of(v, &b->border[i], s->size);
	xmlFree(v);
	for (i = 0; i < 4; i++)
		for (j = 0; j < 2; j++) {
			if ((v = fo_prop(n, borders[i][j])) != NULL)
				border_of(v, &b->border[i], s->size);
			xmlFree(v);
		}
	if ((v = fo_prop(n, "background-color")) != NULL)
		b->has_bg = colour(v, &b->bg) == 0;
	xmlFree(v);
	b->keep_next = prop_is(n, "keep-with-next.within-page",
	    "keep-with-next", "always");
	b->keep_together = prop_is(n, "keep-together.within-page",
	    "keep-together", "always");
	b->break_before = prop_is(n, "break-before", NULL, "page");
	b->break_after = prop_is(n, "break-after", NULL, "page");
	if ((v = fo_prop(n, "role")) != NULL && (v[0] == 'H' || v[0] == 'h') &&
	    v[1] >= '1' && v[1] <= '6' && v[2] == '\0')
		b->heading = v[1] - '0';
	xmlFree(v);
	if ((v = fo_prop(n, "id")) != NULL)
		snprintf(b->id, sizeof(b->id), "%s", v);
	xmlFree(v);
	if ((v = fo_prop(n, "display-align")) != NULL)
		b->valign = strcmp(v, "center") == 0 ? 1 :
		    strcmp(v, "after") == 0 ? 2 : 0;
	xmlFree(v);
}

int
fo_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Before any layout: the text of the flows, white space runs as one
 * byte, counted against the memory limit as laid-out text, so that a
 * document whose text alone is over it is refused at once rather than
 * after seconds of laying it out.  0, or -1 with fo->err set. */
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

	while (fo_xml_space(*s))
		s++;
	e = s + strlen(s);
	while (e > s && fo_xml_space(e[-1]))
		e--;
	if (e - s >= 4 && g_ascii_strncasecmp(s, "url(", 4) == 0) {
		if (e - s < 5 || e[-1] != ')')
			return -1;
		s += 4;
		e--;
		while (s < e && fo_xml_space(*s))
			s++;
		while (e > s && fo_xml_space(e[-1]))
			e--;
		if (s < e && (*s == '\'' || *s == '"')) {
			if (e - s < 2 || e[-1] != *s)
				return -1;	/* quotes must pair */
			s++;
			e--;
			while (s < e && fo_xml_space(*s))
				s++;
			while (e > s && fo_xml_space(e[-1]))
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
int
fo_external_target(const char *v, char **uri, char **id, const char **why)
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
