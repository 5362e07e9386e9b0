/* The incremental update of cairo's PDF: what cairo 1.16 leaves out of
 * a tagged PDF (the catalog's /MarkInfo, /Lang, /ViewerPreferences and the
 * figures' /Alt), appended after its own cross-reference section. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fo_int.h"

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

/* An object of the update: its number, where it starts in the file. */
struct update {
	long		 num;
	size_t		 at;
};

FO_ARRAY(updates, struct update, PDF_MAX_UPDATES)

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
enum ddd_err
fo_pdf_mark_tagged(struct buf *pdf, const char *lang, char *const *alts,
    size_t nalts)
{
	const char	*d = pdf->ptr, *t, *o, *dict, *dict_end, *p;
	size_t		 n = pdf->len, tail = n > 1024 ? n - 1024 : 0, i, j;
	size_t		 fig = 0;
	long		 size, root, info, prev, num;
	struct updates	 up = { NULL, 0, 0 };
	struct update	*u;
	char		 head[32];
	int		 mark, view;
	struct buf	 add;
	enum ddd_err	 e = DDD_ERR_NOMEM, pe;

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
	for (p = d; up.n < PDF_MAX_UPDATES - 1 && fig < nalts && (p = mem_first(
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
		/* Below the cap (one place is kept for the catalog): only
		 * out of memory stops it, as e says. */
		if ((u = updates_push(&up, &pe)) == NULL)
			goto out;
		u->num = num;
		u->at = n + add.len + 1;
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
		if ((u = updates_push(&up, &pe)) == NULL)
			goto out;
		u->num = root;
		u->at = n + add.len + 1;
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
	if (up.n == 0) {
		e = DDD_OK;
		goto out;
	}
	/* Numbers ascending, one subsection each. */
	for (i = 1; i < up.n; i++)
		for (j = i; j > 0 && up.v[j - 1].num > up.v[j].num; j--) {
			struct update tu = up.v[j];
			up.v[j] = up.v[j - 1];
			up.v[j - 1] = tu;
		}
	{
		size_t xref = n + add.len;
		if (buf_addstr(&add, "xref\n") != DDD_OK)
			goto out;
		for (i = 0; i < up.n; i++)
			if (buf_printf(&add, "%ld 1\n%010zu 00000 n \n",
			    up.v[i].num, up.v[i].at) != DDD_OK)
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
	free(up.v);
	return e;
}
