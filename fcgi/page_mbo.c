/* The MBO's side: the list of afgeronde dossiers, one dossier, its final
 * PDF, its XML export (the one place a BSN leaves the system), and the
 * selected dossiers as one zip (PDF + XML each). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "document.h"
#include "fill.h"
#include "view.h"
#include "keys.h"
#include "log.h"
#include "req.h"
#include "pages.h"
#include "paging.h"
#include "route.h"
#include "xmlout.h"
#include "xsl.h"
#include "zipmem.h"

#define ZIP_MAX_DOSSIERS	100	/* per download */
#define ZIP_MAX_BYTES		(128 * 1024 * 1024)	/* what goes in */
#define ZIP_MAX_ATTACHMENTS	8	/* files of one dossier */

/* Where the student stands at the college, in the order it goes. */
static const struct {
	const char	*value;		/* dossier.mbo_status */
	const char	*label;
} statuses[] = {
	{ "ontvangen", "ontvangen" },
	{ "intake_gepland", "intake gepland" },
	{ "intake_gehad", "intake gehad" },
	{ "onderwijsovereenkomst", "onderwijsovereenkomst" },
	{ "geplaatst", "geplaatst" },
	{ "niet_geplaatst", "niet geplaatst" },
};
#define NSTATUSES	(sizeof(statuses) / sizeof(statuses[0]))
#define REASON_MAX	500

/* <mbo-status waarde reden op/> and the choices, for the view page. */
static enum ddd_err
status_xml(struct ctx *c, const struct dossier *d, xmlNodePtr r)
{
	struct db_param	 p[2] = { DB_P_INT(d->id), DB_P_INT(d->tenant_id) };
	struct db_result res;
	xmlNodePtr	 n, list;
	size_t		 i;
	enum ddd_err	 e;

	if ((e = db_run(c->db, STMT_MBO_STATUS_GET, p, 2, &res)) != DDD_OK)
		return e;
	n = xo_el(r, "mbo-status", NULL);
	if (res.nrows == 1) {
		xo_attr(n, "waarde", DB_COL(&res, 0, "mbo_status"));
		xo_attr(n, "reden", DB_COL(&res, 0, "mbo_status_reden"));
		xo_attr(n, "op", DB_COL(&res, 0, "mbo_status_at"));
	}
	db_result_free(&res);
	list = xo_el(r, "statussen", NULL);
	for (i = 0; i < NSTATUSES; i++)
		xo_attr(xo_el(list, "status", statuses[i].label), "waarde",
		    statuses[i].value);
	return DDD_OK;
}

/* The college tells the school where the student stands.  Only a user of
 * the chosen college where it takes part, and only once afgerond
 * (dossier_get); each change is an event in the dossier's history. */
enum ddd_err
page_mbo_status_post(struct ctx *c)
{
	const struct kv	*st = kv_get(&c->form, "status");
	const struct kv	*rd = kv_get(&c->form, "reden");
	struct dossier	 d;
	struct db_result res;
	xmlNodePtr	 r, errors, f;
	const char	*label = NULL, *reden = "";
	char		 note[REASON_MAX + 300], loc[96];
	size_t		 i;
	enum ddd_err	 e;

	if ((e = dossier_get(&c->actor, c->params[0], 0, &d)) != DDD_OK)
		return e;
	for (i = 0; st != NULL && i < NSTATUSES; i++)
		if (strcmp(st->val, statuses[i].value) == 0)
			label = statuses[i].label;
	if (rd != NULL)
		reden = rd->val;
	if (label == NULL || (strcmp(st->val, "niet_geplaatst") == 0 &&
	    reden[strspn(reden, " \t\r\n")] == '\0') ||
	    utf8_chars(reden, strlen(reden)) > REASON_MAX) {
		/* The page again, with what was chosen and typed. */
		if ((e = page_mbo_view(c)) != DDD_OK)
			return e;
		r = xo_root(c->doc);
		errors = xo_el(r, "errors", NULL);
		if (label == NULL)
			xo_attr(xo_el(errors, "error", "Kies waar de leerling "
			    "staat."), "field", "status");
		else if (utf8_chars(reden, strlen(reden)) > REASON_MAX)
			xo_attr(xo_el(errors, "error", "De reden is te lang "
			    "(hooguit 500 tekens)."), "field", "reden");
		else
			xo_attr(xo_el(errors, "error", "Schrijf bij 'niet "
			    "geplaatst' de reden op; de decaan van de school "
			    "ziet die."), "field", "reden");
		f = xo_el(r, "form", NULL);
		xo_el(f, "reden", reden);
		if (st != NULL)
			xo_el(f, "status", st->val);
		http_page_error(c, DDD_ERR_INVALID_INPUT);
		return DDD_OK;
	}
	if (strcmp(st->val, "niet_geplaatst") != 0)
		reden = "";
	snprintf(note, sizeof(note), "%s: %s%s%s", c->sess.tenant_name, label,
	    reden[0] != '\0' ? " - " : "", reden);
	if ((e = db_begin(c->db)) != DDD_OK)
		return e;
	{
		struct db_param p[5] = { DB_P_STR(st->val), DB_P_STR(reden),
		    DB_P_INT(d.id), DB_P_INT(d.tenant_id),
		    DB_P_INT(c->sess.tenant_id) };
		if ((e = db_run(c->db, STMT_MBO_STATUS_SET, p, 5, &res)) !=
		    DDD_OK)
			goto rollback;
		if (res.affected != 1 && res.affected != 0) {
			db_result_free(&res);
			e = DDD_ERR_INTERNAL;
			goto rollback;
		}
		db_result_free(&res);
	}
	if ((e = dossier_event(&c->actor, &d, "mbo_status", note)) != DDD_OK)
		goto rollback;
	if ((e = db_commit(c->db)) != DDD_OK)
		return e;
	log_info("mbo_status", "tenant=%lld by=%lld dossier=%lld school=%lld "
	    "status=%s", c->sess.tenant_id, c->sess.account_id, d.id,
	    d.tenant_id, st->val);
	snprintf(loc, sizeof(loc), "/mbo/dossiers/%lld?status=1", d.id);
	return http_redirect(c, loc);
rollback:
	db_rollback(c->db);
	return e;
}

enum ddd_err
page_mbo_view(struct ctx *c)
{
	struct dossier	 d;
	struct stored_doc doc;
	xmlNodePtr	 r, n;
	enum ddd_err	 e;

	if ((e = dossier_get(&c->actor, c->params[0], 0, &d)) != DDD_OK ||
	    (e = dossier_access(&c->actor, &d, "bekeken")) != DDD_OK)
		return e;
	log_info("mbo_view", "tenant=%lld by=%lld dossier=%lld school=%lld",
	    c->sess.tenant_id, c->sess.account_id, d.id, d.tenant_id);
	if ((e = page_view_dossier(c, &d, &r)) != DDD_OK)
		return e;
	if (kv_get(&c->query, "status") != NULL)
		xo_el(r, "status-opgeslagen", NULL);
	/* The final PDF's fingerprints, for the intake officer to check a
	 * file they were sent against. */
	if ((e = document_final_meta(&c->actor, &d, &doc)) == DDD_OK) {
		n = xo_el(r, "pdf", NULL);
		xo_attr(n, "sha256", doc.sha256);
		xo_attr(n, "kenmerk", doc.kenmerk);
		xo_attr(n, "opgeslagen", doc.created);
		xo_attr_int(n, "bytes", (long long)doc.len);
		stored_doc_free(&doc);
	} else if (e != DDD_ERR_NOT_FOUND)
		return e;
	return status_xml(c, &d, r);
}

/* The MBO's list: afgeronde dossiers of students who chose this college,
 * at the schools where it takes part. */
enum ddd_err
page_mbo_list(struct ctx *c)
{
	struct db_param	 p[3];
	struct db_result res;
	struct paging	 pg;
	xmlNodePtr	 r, list, n;
	size_t		 i, shown;
	char		 naam[240];
	enum ddd_err	 e;

	if ((r = http_page(c, "mbo-dossiers", "mbo-dossiers")) == NULL)
		return DDD_ERR_NOMEM;
	/* Newest first, a page at a time. */
	paging_read(c, &pg, NULL);
	p[0] = (struct db_param)DB_P_INT(c->sess.tenant_id);
	p[1] = (struct db_param)DB_P_INT(pg.limit);
	p[2] = (struct db_param)DB_P_INT(pg.offset);
	if ((e = db_run(c->db, STMT_MBO_DOSSIERS, p, 3, &res)) != DDD_OK)
		return e;
	shown = paging_xml(r, &pg, res.nrows);
	list = xo_el(r, "dossiers", NULL);
	for (i = 0; i < shown; i++) {
		n = xo_el(list, "dossier", NULL);
		xo_attr(n, "id", DB_COL(&res, i, "id"));
		db_full_name(naam, sizeof(naam), &res, i, "");
		xo_attr(n, "leerling", naam);
		xo_attr(n, "school", DB_COL(&res, i, "school"));
		xo_attr(n, "afgerond", DB_COL(&res, i, "agreed_at"));
		xo_attr(n, "stand", DB_COL(&res, i, "mbo_status"));
	}
	db_result_free(&res);
	http_header(c, "Cache-Control", "private, no-store");
	return DDD_OK;
}

/* The BSN of a dossier's student, for the MBO's export only: opened with
 * the school's key; "" when none is linked.  Logged as seen (never the
 * number itself). */
static enum ddd_err
export_bsn(struct ctx *c, const struct dossier *d, const char *sealed,
    size_t len, char bsn[CRYPTO_BSN_LEN + 1])
{
	struct crypto_tenant_key key;
	uint32_t	 version;
	enum ddd_err	 e;

	bsn[0] = '\0';
	if (sealed == NULL)
		return DDD_OK;
	if (crypto_bsn_key_version((const unsigned char *)sealed, len,
	    &version) == -1)
		return DDD_ERR_INTERNAL;
	if ((e = keys_version(c->db, c->app->master, d->tenant_id, version,
	    &key)) != DDD_OK)
		return e;
	e = crypto_bsn_open(&key, (uint64_t)d->student_id,
	    (const unsigned char *)sealed, len, bsn);
	crypto_tenant_key_wipe(&key);
	/* Who saw a BSN is in the access log the decaan reads. */
	if (e == DDD_OK && (e = dossier_access(&c->actor, d, "bsn")) != DDD_OK)
		crypto_wipe(bsn, CRYPTO_BSN_LEN + 1);
	if (e == DDD_OK)
		log_info("bsn_seen", "tenant=%lld by=%lld dossier=%lld "
		    "school=%lld purpose=export", c->sess.tenant_id,
		    c->sess.account_id, d->id, d->tenant_id);
	return e;
}

/* The afgerond dossier as XML for the MBO (schema/dossier-export.rng)
 * into out: the one place a BSN leaves the system. */
static enum ddd_err
export_xml(struct ctx *c, const struct dossier *d, struct buf *out)
{
	struct answers	 a;
	struct db_result st;
	xmlDocPtr	 doc;
	xmlNodePtr	 r, l;
	char		 bsn[CRYPTO_BSN_LEN + 1];
	const char	*mt;
	enum ddd_err	 e;

	{
		struct db_param p[2] = { DB_P_INT(d->student_id),
		    DB_P_INT(d->tenant_id) };
		if ((e = db_run(c->db, STMT_EXPORT_STUDENT, p, 2, &st)) !=
		    DDD_OK)
			return e;
	}
	if (st.nrows != 1) {
		db_result_free(&st);
		return DDD_ERR_NOT_FOUND;
	}
	if ((e = export_bsn(c, d, DB_COL(&st, 0, "bsn_sealed"),
	    DB_COL_LEN(&st, 0, "bsn_sealed"), bsn)) !=
	    DDD_OK) {
		db_result_free(&st);
		return e;
	}
	if ((doc = xo_doc("export")) == NULL) {
		crypto_wipe(bsn, sizeof(bsn));
		db_result_free(&st);
		return DDD_ERR_NOMEM;
	}
	r = xo_root(doc);
	xo_attr_int(r, "dossier", d->id);
	xo_attr_int(r, "versie", d->version);
	l = xo_el(r, "student", NULL);
	xo_el(l, "leerlingnummer", DB_COL(&st, 0, "login"));
	xo_el(l, "roepnaam", DB_COL(&st, 0, "roepnaam"));
	xo_el(l, "tussenvoegsel", DB_COL(&st, 0, "tussenvoegsel"));
	xo_el(l, "achternaam", DB_COL(&st, 0, "achternaam"));
	xo_el(l, "geboortedatum", DB_COL(&st, 0, "geboortedatum"));
	xo_el(l, "klas", DB_COL(&st, 0, "klas"));
	xo_el(l, "email", DB_COL(&st, 0, "email"));
	if (bsn[0] != '\0')
		xo_el(l, "bsn", bsn);
	xo_attr(xo_el(r, "school", DB_COL(&st, 0, "school")), "brin",
	    DB_COL(&st, 0, "brin"));
	crypto_wipe(bsn, sizeof(bsn));
	db_result_free(&st);
	if ((e = answers_get(&c->actor, d, &a)) != DDD_OK)
		goto out;
	e = view_dossier(&c->actor, d, &a, PARTS_ALL, r);
	answers_free(&a);
	if (e != DDD_OK)
		goto out;
	e = xsl_apply(c->app->xsl, "export-dossier", doc, NULL, out, &mt);
out:
	xmlFreeDoc(doc);
	return e;
}

enum ddd_err
page_mbo_export(struct ctx *c)
{
	struct dossier	 d;
	struct buf	 xml;
	char		 name[96];
	enum ddd_err	 e;

	if ((e = dossier_get(&c->actor, c->params[0], 0, &d)) != DDD_OK ||
	    (e = dossier_access(&c->actor, &d, "xml")) != DDD_OK)
		return e;
	buf_init(&xml, 16 * 1024 * 1024);
	if ((e = export_xml(c, &d, &xml)) == DDD_OK) {
		snprintf(name, sizeof(name), "dossier-%lld-v%d.xml", d.id,
		    d.version);
		e = http_download(c, "application/xml", name, xml.ptr,
		    xml.len);
		log_info("mbo_export", "tenant=%lld by=%lld dossier=%lld",
		    c->sess.tenant_id, c->sess.account_id, d.id);
	}
	buf_free(&xml);
	return e;
}

/* The final PDF, as stored at 'Akkoord'. */
enum ddd_err
page_mbo_document(struct ctx *c)
{
	struct dossier	 d;
	struct stored_doc doc;
	char		 name[96];
	enum ddd_err	 e;

	if ((e = dossier_get(&c->actor, c->params[0], 0, &d)) != DDD_OK ||
	    (e = dossier_access(&c->actor, &d, "pdf")) != DDD_OK)
		return e;
	if ((e = document_pdf(&c->actor, &d, DOC_DOSSIER, &doc)) != DDD_OK)
		return e;
	document_filename(name, sizeof(name), &d, DOC_DOSSIER, "pdf");
	e = http_download(c, "application/pdf", name, doc.pdf, doc.len);
	log_info("document_download", "tenant=%lld by=%lld dossier=%lld "
	    "school=%lld kind=dossier sha256=%s", c->sess.tenant_id,
	    c->sess.account_id, d.id, d.tenant_id, doc.sha256);
	stored_doc_free(&doc);
	return e;
}

/* The selected dossiers ('dossier' fields, ids) as one zip: per dossier
 * its final PDF and its XML.  Any id the MBO may not see refuses the
 * whole download (no hint which). */
enum ddd_err
page_mbo_zip_post(struct ctx *c)
{
	struct zip_entry *ent = NULL;
	struct stored_doc *docs = NULL;
	struct db_result *att = NULL;
	struct buf	*xml = NULL, zip;
	struct dossier	 d;
	char		(*names)[96] = NULL;
	long long	 ids[ZIP_MAX_DOSSIERS];
	size_t		 n = 0, i, j, k, total = 0, nent = 0, maxent;
	char		*end;
	enum ddd_err	 e = DDD_OK;

	for (i = 0; i < c->form.n; i++) {
		const struct kv *kv = &c->form.v[i];
		long long id;
		if (strcmp(kv->key, "dossier") != 0)
			continue;
		id = strtoll(kv->val, &end, 10);
		if (kv->val[0] < '1' || kv->val[0] > '9' || *end != '\0' ||
		    id <= 0)
			return DDD_ERR_BAD_REQUEST;
		for (j = 0; j < n && ids[j] != id; j++)
			;
		if (j < n)
			continue;
		if (n == ZIP_MAX_DOSSIERS)
			return DDD_ERR_TOO_LARGE;
		ids[n++] = id;
	}
	if (n == 0) {
		/* The list again, with what to do. */
		if ((e = page_mbo_list(c)) != DDD_OK)
			return e;
		xo_el(xo_root(c->doc), "niets-gekozen", NULL);
		http_page_error(c, DDD_ERR_INVALID_INPUT);
		return DDD_OK;
	}
	maxent = n * (2 + ZIP_MAX_ATTACHMENTS);
	docs = calloc(n, sizeof(*docs));
	xml = calloc(n, sizeof(*xml));
	att = calloc(n, sizeof(*att));
	ent = calloc(maxent, sizeof(*ent));
	names = calloc(maxent, sizeof(*names));
	buf_init(&zip, ZIP_MAX_BYTES + 1024 * 1024);
	if (docs == NULL || xml == NULL || att == NULL || ent == NULL ||
	    names == NULL) {
		e = DDD_ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < n; i++)
		buf_init(&xml[i], 16 * 1024 * 1024);
	for (i = 0; i < n; i++) {
		if ((e = dossier_get(&c->actor, ids[i], 0, &d)) != DDD_OK ||
		    (e = dossier_access(&c->actor, &d, "zip")) != DDD_OK ||
		    (e = document_pdf(&c->actor, &d, DOC_DOSSIER, &docs[i])) !=
		    DDD_OK || (e = export_xml(c, &d, &xml[i])) != DDD_OK)
			goto out;
		{
			struct db_param p[2] = { DB_P_INT(d.id),
			    DB_P_INT(d.tenant_id) };
			if ((e = db_run(c->db, STMT_BIJLAGEN_DATA, p, 2,
			    &att[i])) != DDD_OK)
				goto out;
		}
		if (att[i].nrows > ZIP_MAX_ATTACHMENTS) {
			e = DDD_ERR_TOO_LARGE;
			goto out;
		}
		/* Bounded while collecting, not after: a zip of many
		 * dossiers must not take the host's memory. */
		total += docs[i].len + xml[i].len;
		for (k = 0; k < att[i].nrows; k++)
			total += DB_COL_LEN(&att[i], k, "data");
		if (total > ZIP_MAX_BYTES) {
			e = DDD_ERR_TOO_LARGE;
			goto out;
		}
		document_filename(names[nent], sizeof(names[0]), &d,
		    DOC_DOSSIER, "pdf");
		ent[nent] = (struct zip_entry){ names[nent], docs[i].pdf,
		    docs[i].len, 1 };
		nent++;
		snprintf(names[nent], sizeof(names[0]), "dossier-%lld-v%d.xml",
		    d.id, d.version);
		ent[nent] = (struct zip_entry){ names[nent], xml[i].ptr,
		    xml[i].len, 0 };
		nent++;
		/* The files of deel A, named as the XML's <bijlage bestand>. */
		for (k = 0; k < att[i].nrows; k++) {
			document_attachment_name(names[nent], sizeof(names[0]),
			    d.id, DB_COL(&att[i], k, "question_id"),
			    DB_COL(&att[i], k, "media_type"));
			ent[nent] = (struct zip_entry){ names[nent],
			    DB_COL(&att[i], k, "data"),
			    DB_COL_LEN(&att[i], k, "data"), 1 };
			nent++;
		}
		log_info("document_download", "tenant=%lld by=%lld "
		    "dossier=%lld school=%lld kind=dossier sha256=%s via=zip",
		    c->sess.tenant_id, c->sess.account_id, d.id, d.tenant_id,
		    docs[i].sha256);
	}
	if ((e = zipmem_build(ent, nent, &zip)) != DDD_OK)
		goto out;
	e = http_download_buf(c, "application/zip", "doorstroomdossiers.zip",
	    &zip);
out:
	for (i = 0; docs != NULL && i < n; i++)
		stored_doc_free(&docs[i]);
	for (i = 0; xml != NULL && i < n; i++)
		buf_free(&xml[i]);
	for (i = 0; att != NULL && i < n; i++)
		db_result_free(&att[i]);
	free(att);
	free(docs);
	free(xml);
	free(ent);
	free(names);
	buf_free(&zip);
	return e;
}
