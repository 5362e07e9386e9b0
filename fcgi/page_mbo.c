/* The MBO's side: the list of afgeronde dossiers, one dossier, its final
 * PDF, its XML export (the one place a BSN leaves the system), and the
 * selected dossiers as one zip (PDF + XML each). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_client.h"
#include "crypto.h"
#include "document.h"
#include "export.h"
#include "fill.h"
#include "view.h"
#include "log.h"
#include "mbo_status.h"
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
	for (i = 0; i < mbo_nstatuses; i++)
		xo_attr(xo_el(list, "status", mbo_statuses[i].label), "waarde",
		    mbo_statuses[i].value);
	return DDD_OK;
}

/* The college tells the school where the student stands.  Only a user of
 * the chosen college where it takes part, and only once afgerond
 * (dossier_get); the statuses and the rule are fcgi/mbo_status.c's, the
 * same as the API's. */
enum ddd_err
page_mbo_status_post(struct ctx *c)
{
	const struct kv	*st = kv_get(&c->form, "status");
	const struct kv	*rd = kv_get(&c->form, "reden");
	struct dossier	 d;
	xmlNodePtr	 r, errors, f;
	const char	*reden = rd != NULL ? rd->val : "";
	char		 loc[96];
	enum mbo_status_problem problem;
	int		 changed;
	enum ddd_err	 e;

	if ((e = dossier_get(&c->actor, c->params[0], 0, &d)) != DDD_OK)
		return e;
	problem = mbo_status_check(st != NULL ? st->val : NULL, reden);
	if (problem != MBO_STATUS_OK) {
		/* The page again, with what was chosen and typed. */
		if ((e = page_mbo_view(c)) != DDD_OK)
			return e;
		r = xo_root(c->doc);
		errors = xo_el(r, "errors", NULL);
		xo_attr(xo_el(errors, "error", mbo_status_problem_nl(problem)),
		    "field", mbo_status_problem_field(problem));
		f = xo_el(r, "form", NULL);
		xo_el(f, "reden", reden);
		if (st != NULL)
			xo_el(f, "status", st->val);
		http_page_error(c, DDD_ERR_INVALID_INPUT);
		return DDD_OK;
	}
	if ((e = mbo_status_set(&c->actor, &d, st->val, reden, &changed)) !=
	    DDD_OK)
		return e;
	snprintf(loc, sizeof(loc), "/mbo/dossiers/%lld?status=1", d.id);
	return http_redirect(c, loc);
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
	/* The college's API clients (fcgi/api_client.h), for its users to
	 * see which systems fetch its dossiers. */
	if ((e = api_clients_xml(&c->actor, r)) != DDD_OK)
		return e;
	http_header(c, "Cache-Control", "private, no-store");
	return DDD_OK;
}

enum ddd_err
page_mbo_export(struct ctx *c)
{
	struct dossier	 d;
	struct buf	 xml;
	char		 name[96];
	int		 bsn;
	enum ddd_err	 e;

	if ((e = dossier_get(&c->actor, c->params[0], 0, &d)) != DDD_OK ||
	    (e = dossier_access(&c->actor, &d, "xml")) != DDD_OK)
		return e;
	buf_init(&xml, 16 * 1024 * 1024);
	if ((e = export_dossier(&c->actor, &d, &xml, &bsn)) == DDD_OK &&
	    (!bsn || (e = export_bsn_seen(&c->actor, &d, "export")) ==
	    DDD_OK)) {
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
	int		 bsn;
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
		    DDD_OK || (e = export_dossier(&c->actor, &d, &xml[i],
		    &bsn)) != DDD_OK || (bsn && (e = export_bsn_seen(&c->actor,
		    &d, "export")) != DDD_OK))
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
