#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "app.h"
#include "crypto.h"
#include "document.h"
#include "log.h"
#include "mailer.h"
#include "pdf.h"
#include "view.h"
#include "xmlout.h"
#include "xsl.h"

/* Per kind: the name in the table and in URLs/file names. */
static const struct {
	const char	*db;
	const char	*xml;
} kinds[] = {
	[DOC_DEEL_A] = { "deel_a", "deel-a" },
	[DOC_DEEL_B] = { "deel_b", "deel-b" },
	[DOC_DOSSIER] = { "dossier", "dossier" },
};

void
stored_doc_free(struct stored_doc *s)
{
	free(s->owned);
	db_result_free(&s->res);
	memset(s, 0, sizeof(*s));
}

static enum ddd_err
hex_sha256(const void *data, size_t len, char out[65])
{
	unsigned char	 h[CRYPTO_SHA256_LEN];

	out[0] = '\0';
	if (crypto_sha256(data, len, h) == -1 ||
	    crypto_hex_encode(h, sizeof(h), out, 65) == -1)
		return DDD_ERR_INTERNAL;
	return DDD_OK;
}

/* The parts each kind of document shows. */
static unsigned int
kind_parts(enum doc_kind kind)
{
	switch (kind) {
	case DOC_DEEL_A:
		return PART_BIT(PART_DEEL_A);
	case DOC_DEEL_B:
		return PARTS_DEEL_B;
	default:
		return PART_BIT(PART_DEEL_A) | PARTS_DEEL_B |
		    PART_BIT(PART_AKKOORD) | PART_BIT(PART_VERLOOP);
	}
}

int
document_may(const struct dossier *d, enum doc_kind kind)
{
	unsigned int	 need = kind_parts(kind);

	/* The whole dossier exists as a document once it is final. */
	if (kind == DOC_DOSSIER && d->phase != PHASE_AFGEROND)
		return 0;
	return (vis_parts(d->scope, d->phase) & need) == need;
}

/* The document's XML (see xslt/dossier-fo.xsl for its shape) and the
 * SHA-256 of its serialisation, before any kenmerk is added. */
static enum ddd_err
build_xml(const struct actor *a, const struct dossier *d, enum doc_kind kind,
    xmlDocPtr *out, char sha[65], int *bsn_like)
{
	const struct tenant_config *tc;
	struct answers	 ans;
	struct db_result st, ev;
	xmlDocPtr	 doc;
	xmlNodePtr	 r, n, list;
	xmlChar		*xml = NULL;
	int		 xlen = 0;
	size_t		 i;
	char		 naam[1024];
	const char	*datum = "";
	enum ddd_err	 e;

	*out = NULL;
	if ((doc = xo_doc("document")) == NULL)
		return DDD_ERR_NOMEM;
	r = xo_root(doc);
	xo_attr(r, "soort", kinds[kind].xml);
	xo_attr(r, "definitief", d->phase == PHASE_AFGEROND &&
	    kind == DOC_DOSSIER ? "1" : "0");
	{
		struct db_param p[2] = { DB_P_INT(d->student_id),
		    DB_P_INT(d->tenant_id) };
		if ((e = db_run(a->db, STMT_EXPORT_STUDENT, p, 2, &st)) !=
		    DDD_OK)
			goto err;
	}
	if (st.nrows != 1) {
		db_result_free(&st);
		e = DDD_ERR_NOT_FOUND;
		goto err;
	}
	if ((e = actor_tenant(a, d->tenant_id, &tc)) != DDD_OK) {
		db_result_free(&st);
		goto err;
	}
	n = xo_el(r, "school", NULL);
	xo_attr(n, "naam", DB_COL(&st, 0, "school"));
	xo_attr(n, "brin", DB_COL(&st, 0, "brin"));
	xo_attr(n, "kleur", tc->branding.colour);
	xo_attr(n, "logo", tc->branding.logo != NULL ? tc->branding.logo : "");
	n = xo_el(r, "leerling", NULL);
	db_full_name(naam, sizeof(naam), &st, 0, "");
	xo_attr(n, "naam", naam);
	xo_attr(n, "leerlingnummer", DB_COL(&st, 0, "login"));
	xo_attr(n, "klas", DB_COL(&st, 0, "klas"));
	xo_attr(n, "geboortedatum", DB_COL(&st, 0, "geboortedatum"));
	db_result_free(&st);

	{
		struct db_param p[2] = { DB_P_INT(d->id),
		    DB_P_INT(d->tenant_id) };
		if ((e = db_run(a->db, STMT_EVENTS_LIST, p, 2, &ev)) != DDD_OK)
			goto err;
	}
	/* The version's date: its last event (the akkoord when final). */
	if (ev.nrows > 0)
		datum = DB_COL(&ev, ev.nrows - 1, "at");
	n = xo_el(r, "dossier", NULL);
	xo_attr_int(n, "id", d->id);
	xo_attr_int(n, "versie", d->version);
	xo_attr(n, "fase", phase_name(d->phase));
	xo_attr(n, "datum", datum);
	if ((e = answers_get(a, d, &ans)) != DDD_OK) {
		db_result_free(&ev);
		goto err;
	}
	e = view_dossier(a, d, &ans, kind_parts(kind), r);
	answers_free(&ans);
	if (e != DDD_OK) {
		db_result_free(&ev);
		goto err;
	}
	list = xo_el(r, "verloop", NULL);
	for (i = 0; kind == DOC_DOSSIER && DOSSIER_MAY(d, PART_VERLOOP) &&
	    i < ev.nrows; i++) {
		n = xo_el(list, "gebeurtenis", DB_COL(&ev, i, "note"));
		xo_attr(n, "op", DB_COL(&ev, i, "at"));
		xo_attr(n, "soort", DB_COL(&ev, i, "kind"));
		xo_attr(n, "versie", DB_COL(&ev, i, "version"));
		xo_attr(n, "door", DB_COL(&ev, i, "actor_name"));
	}
	db_result_free(&ev);
	xmlDocDumpMemoryEnc(doc, &xml, &xlen, "UTF-8");
	if (xml == NULL) {
		e = DDD_ERR_NOMEM;
		goto err;
	}
	e = hex_sha256(xml, (size_t)xlen, sha);
	/* The mail rule: no BSN in any mail, attachments included. */
	if (bsn_like != NULL)
		*bsn_like = mailer_has_bsn((const char *)xml, (size_t)xlen);
	xmlFree(xml);
	if (e != DDD_OK)
		goto err;
	*out = doc;
	return DDD_OK;
err:
	xmlFreeDoc(doc);
	return e;
}

static enum ddd_err
make_fo(const struct actor *a, xmlDocPtr doc, struct buf *fo)
{
	const char	*mt;

	buf_reset(fo);
	return xsl_apply(a->app->xsl, "dossier-fo", doc, NULL, fo, &mt);
}

enum ddd_err
document_fo(const struct actor *a, const struct dossier *d, enum doc_kind kind,
    struct buf *out)
{
	xmlDocPtr	 doc;
	char		 sha[65];
	enum ddd_err	 e;

	if (!document_may(d, kind))
		return DDD_ERR_NOT_FOUND;
	if ((e = build_xml(a, d, kind, &doc, sha, NULL)) != DDD_OK)
		return e;
	if (d->phase == PHASE_AFGEROND && kind == DOC_DOSSIER)
		xo_attr(xo_root(doc), "kenmerk", sha);
	e = make_fo(a, doc, out);
	xmlFreeDoc(doc);
	return e;
}

/* A row of STMT_DOCUMENT_FIND, or of STMT_DOCUMENT_FINAL (which adds
 * what the final PDF was made from and when). */
static void
fill_stored(struct stored_doc *s)
{
	const struct db_result *r = &s->res;

	s->id = atoll(DB_COL(r, 0, "id"));
	snprintf(s->sha256, sizeof(s->sha256), "%s", DB_COL(r, 0, "sha256"));
	s->pdf = DB_COL(r, 0, "pdf");
	s->len = DB_COL_LEN(r, 0, "pdf");
	s->version = atoi(DB_COL(r, 0, "version"));
	if (r->stmt == STMT_DOCUMENT_FINAL) {
		snprintf(s->kenmerk, sizeof(s->kenmerk), "%s",
		    DB_COL(r, 0, "source_sha256"));
		snprintf(s->created, sizeof(s->created), "%s",
		    DB_COL(r, 0, "created_at"));
	}
}

/* One stored document by a statement of the document group. */
static enum ddd_err
load(const struct actor *a, enum stmt stmt, const struct db_param *p, size_t np,
    struct stored_doc *s)
{
	enum ddd_err	 e;

	memset(s, 0, sizeof(*s));
	if ((e = db_run(a->db, stmt, p, np, &s->res)) != DDD_OK)
		return e;
	if (s->res.nrows != 1) {
		db_result_free(&s->res);
		return DDD_ERR_NOT_FOUND;
	}
	fill_stored(s);
	return DDD_OK;
}

enum ddd_err
document_final_get(const struct actor *a, const struct dossier *d,
    struct stored_doc *s)
{
	struct db_param	 p[2] = { DB_P_INT(d->id), DB_P_INT(d->tenant_id) };

	memset(s, 0, sizeof(*s));
	if (!document_may(d, DOC_DOSSIER))
		return DDD_ERR_NOT_FOUND;
	return load(a, STMT_DOCUMENT_FINAL, p, 2, s);
}

enum ddd_err
document_final_meta(const struct actor *a, const struct dossier *d,
    struct stored_doc *s)
{
	struct db_param	 p[2] = { DB_P_INT(d->id), DB_P_INT(d->tenant_id) };
	enum ddd_err	 e;

	memset(s, 0, sizeof(*s));
	if (!document_may(d, DOC_DOSSIER))
		return DDD_ERR_NOT_FOUND;
	if ((e = db_run(a->db, STMT_DOCUMENT_FINAL_META, p, 2, &s->res)) !=
	    DDD_OK)
		return e;
	if (s->res.nrows != 1) {
		db_result_free(&s->res);
		return DDD_ERR_NOT_FOUND;
	}
	s->id = atoll(DB_COL(&s->res, 0, "id"));
	snprintf(s->sha256, sizeof(s->sha256), "%s",
	    DB_COL(&s->res, 0, "sha256"));
	s->len = (size_t)atoll(DB_COL(&s->res, 0, "bytes"));
	s->version = atoi(DB_COL(&s->res, 0, "version"));
	snprintf(s->kenmerk, sizeof(s->kenmerk), "%s",
	    DB_COL(&s->res, 0, "source_sha256"));
	snprintf(s->created, sizeof(s->created), "%s",
	    DB_COL(&s->res, 0, "created_at"));
	return DDD_OK;
}

/* Render the document's XML to PDF and store it; *id gets the row.  On
 * DDD_OK (and on DDD_ERR_CONFLICT: the same data stored meanwhile by
 * another request) pdf holds the bytes, pdf_sha their SHA-256. */
static enum ddd_err
render_store(const struct actor *a, const struct dossier *d, enum doc_kind kind,
    xmlDocPtr doc, const char *sha, int final, long long *id,
    struct buf *pdf, char pdf_sha[65])
{
	struct buf	 fo;
	enum ddd_err	 e;

	*id = 0;
	buf_init(&fo, 16 * 1024 * 1024);
	if ((e = make_fo(a, doc, &fo)) != DDD_OK)
		goto out;
	if ((e = pdf_render(a->app->pdf, fo.ptr, fo.len, pdf)) != DDD_OK)
		goto out;
	if ((e = hex_sha256(pdf->ptr, pdf->len, pdf_sha)) != DDD_OK)
		goto out;
	{
		struct db_param p[9] = { DB_P_INT(d->tenant_id),
		    DB_P_INT(d->id), DB_P_STR(kinds[kind].db),
		    DB_P_INT(d->version), DB_P_INT(final), DB_P_STR(sha),
		    DB_P_STR(pdf_sha), DB_P_INT((long long)pdf->len),
		    DB_P_BLOB(pdf->ptr, pdf->len) };
		struct db_result res;
		if ((e = db_run(a->db, STMT_DOCUMENT_INSERT, p, 9, &res)) !=
		    DDD_OK)
			goto out;
		*id = (long long)res.insert_id;
		db_result_free(&res);
	}
	log_info("document_stored", "tenant=%lld dossier=%lld kind=%s "
	    "version=%d final=%d bytes=%zu sha256=%s", d->tenant_id, d->id,
	    kinds[kind].db, d->version, final, pdf->len, pdf_sha);
out:
	buf_free(&fo);
	return e;
}

static enum ddd_err
find(const struct actor *a, const struct dossier *d, enum doc_kind kind,
    const char *sha, struct stored_doc *s)
{
	struct db_param	 p[4] = { DB_P_INT(d->id), DB_P_INT(d->tenant_id),
	    DB_P_STR(kinds[kind].db), DB_P_STR(sha) };

	return load(a, STMT_DOCUMENT_FIND, p, 4, s);
}

enum ddd_err
document_final_make(const struct actor *a, const struct dossier *d,
    long long *id,
    char pdf_sha[65], int *mailable)
{
	xmlDocPtr	 doc;
	struct buf	 pdf;
	char		 sha[65];
	int		 bsn_like = 1;
	enum ddd_err	 e;

	*mailable = 0;
	if (!a->db->in_txn || d->phase != PHASE_AFGEROND)
		return DDD_ERR_INTERNAL;
	if ((e = build_xml(a, d, DOC_DOSSIER, &doc, sha, &bsn_like)) != DDD_OK)
		return e;
	xo_attr(xo_root(doc), "kenmerk", sha);
	buf_init(&pdf, (size_t)a->app->cfg->pdf_max_bytes);
	e = render_store(a, d, DOC_DOSSIER, doc, sha, 1, id, &pdf, pdf_sha);
	buf_free(&pdf);
	xmlFreeDoc(doc);
	*mailable = !bsn_like;
	return e;
}

/* Serve bytes rendered here (not read back): another request may prune
 * our row before we could read it. */
static void
own_bytes(struct stored_doc *s, long long id, int version, struct buf *pdf,
    const char *pdf_sha, const char *kenmerk)
{
	size_t	 len;

	memset(s, 0, sizeof(*s));
	s->id = id;
	s->version = version;
	snprintf(s->sha256, sizeof(s->sha256), "%s", pdf_sha);
	snprintf(s->kenmerk, sizeof(s->kenmerk), "%s", kenmerk);
	s->owned = buf_take(pdf, &len);
	s->pdf = s->owned;
	s->len = len;
}

enum ddd_err
document_pdf(const struct actor *a, const struct dossier *d, enum doc_kind kind,
    struct stored_doc *s)
{
	xmlDocPtr	 doc;
	struct buf	 pdf;
	char		 sha[65], pdf_sha[65];
	long long	 id;
	enum ddd_err	 e;

	memset(s, 0, sizeof(*s));
	if (!document_may(d, kind))
		return DDD_ERR_NOT_FOUND;
	if (kind == DOC_DOSSIER) {
		e = document_final_get(a, d, s);
		if (e != DDD_ERR_NOT_FOUND)
			return e;
	}
	if ((e = build_xml(a, d, kind, &doc, sha, NULL)) != DDD_OK)
		return e;
	if (kind == DOC_DOSSIER)
		/* Afgerond before documents were stored: made once now;
		 * the unique final_of key keeps it to one. */
		xo_attr(xo_root(doc), "kenmerk", sha);
	else if ((e = find(a, d, kind, sha, s)) != DDD_ERR_NOT_FOUND) {
		xmlFreeDoc(doc);
		return e;
	}
	buf_init(&pdf, (size_t)a->app->cfg->pdf_max_bytes);
	e = render_store(a, d, kind, doc, sha, kind == DOC_DOSSIER, &id, &pdf,
	    pdf_sha);
	xmlFreeDoc(doc);
	if (e == DDD_ERR_CONFLICT) {
		/* Stored meanwhile by another request: serve that one. */
		buf_free(&pdf);
		return kind == DOC_DOSSIER ? document_final_get(a, d, s) :
		    find(a, d, kind, sha, s);
	}
	if (e != DDD_OK) {
		buf_free(&pdf);
		return e;
	}
	if (kind != DOC_DOSSIER) {
		/* Older renders of this kind go; only older ones, so two
		 * requests for different data never remove each other's. */
		struct db_param p[4] = { DB_P_INT(d->id),
		    DB_P_INT(d->tenant_id), DB_P_STR(kinds[kind].db),
		    DB_P_INT(id) };
		(void)db_run(a->db, STMT_DOCUMENT_PRUNE, p, 4, NULL);
	}
	own_bytes(s, id, d->version, &pdf, pdf_sha, kind == DOC_DOSSIER ?
	    sha : "");
	buf_free(&pdf);
	return DDD_OK;
}

const char *
document_media_type(const char *t)
{
	static const char *const known[] = { "application/pdf", "image/png",
	    "image/jpeg" };
	size_t	 i;

	for (i = 0; t != NULL && i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(t, known[i]) == 0)
			return known[i];
	return "application/octet-stream";
}

void
document_attachment_name(char *out, size_t size, long long dossier_id,
    const char *question, const char *media_type)
{
	snprintf(out, size, "dossier-%lld-%s.%s", dossier_id, question,
	    strcmp(media_type, "application/pdf") == 0 ? "pdf" :
	    strcmp(media_type, "image/png") == 0 ? "png" : "jpg");
}

void
document_filename(char *out, size_t size, const struct dossier *d,
    enum doc_kind kind, const char *ext)
{
	snprintf(out, size, "dossier-%lld-%s-v%d.%s", d->id, kinds[kind].xml,
	    d->version, ext);
}
