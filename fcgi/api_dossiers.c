/* The dossiers of the client's college: the feed since a cursor, one
 * dossier's facts and links, its export (XML), its final PDF, the files
 * of deel A, and the intake status the college reports.  Each one reads
 * the dossier with dossier_get for the client's actor (an MBO user of the
 * college): the rule of fcgi/visibility.c, as on the college's pages.
 * Every read of a dossier is in the access log the school's decaan reads
 * (dossier_access), naming the client. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_feed.h"
#include "api_int.h"
#include "crypto.h"
#include "document.h"
#include "export.h"
#include "log.h"
#include "mbo_status.h"
#include "view.h"

#define LIST_MAX	100	/* dossiers a page */
#define LIST_SCAN	10	/* feed batches read for one page at most */

static void
log_read(struct ctx *c, const struct dossier *d, const char *kind,
    const char *sha256)
{
	const struct api_principal *p = api_who();

	log_info("api_read", "tenant=%lld client=%s dossier=%lld school=%lld "
	    "kind=%s sha256=%s", c->actor.tenant_id, p ? p->client_id : "-",
	    d->id, d->tenant_id, kind, sha256);
}

/* A timestamp of the database ("2025-06-01 10:00:00") as the API writes
 * it: ISO 8601, the school's local time, no offset. */
static json_t *
when(const char *s)
{
	char	 t[32];

	if (s == NULL || *s == '\0')
		return json_null();
	snprintf(t, sizeof(t), "%s", s);
	if (strlen(t) > 10 && t[10] == ' ')
		t[10] = 'T';
	return api_str(t, 1);
}

/* The facts of a dossier that every answer about it has. */
static enum ddd_err
summary(struct ctx *c, const struct dossier *d, json_t **out)
{
	struct db_param	 p[2] = { DB_P_INT(d->id), DB_P_INT(d->tenant_id) };
	struct db_result res;
	json_t		*v;
	enum ddd_err	 e;

	*out = NULL;
	if ((e = db_run(c->db, STMT_API_DOSSIER_SUMMARY, p, 2, &res)) !=
	    DDD_OK)
		return e;
	if (res.nrows != 1) {
		db_result_free(&res);
		return DDD_ERR_NOT_FOUND;
	}
	v = json_pack("{s:I, s:i, s:o, s:{s:o, s:o, s:o}, s:{s:o, s:o}, "
	    "s:{s:o, s:o, s:o}, s:{s:o, s:o, s:o, s:o}}",
	    "id", (json_int_t)d->id,
	    "versie", d->version,
	    "afgerond", when(DB_COL(&res, 0, "agreed_at")),
	    "leerling",
	    "roepnaam", api_str(DB_COL(&res, 0, "roepnaam"), 0),
	    "tussenvoegsel", api_str(DB_COL(&res, 0, "tussenvoegsel"), 0),
	    "achternaam", api_str(DB_COL(&res, 0, "achternaam"), 0),
	    "school",
	    "naam", api_str(DB_COL(&res, 0, "school"), 0),
	    "brin", api_str(DB_COL(&res, 0, "brin"), 0),
	    "status",
	    "waarde", api_str(DB_COL(&res, 0, "mbo_status"), 1),
	    "reden", api_str(DB_COL(&res, 0, "mbo_status_reden"), 1),
	    "op", when(DB_COL(&res, 0, "mbo_status_at")),
	    "links",
	    "self", api_url(c, "/api/v1/dossiers/%lld", d->id),
	    "xml", api_url(c, "/api/v1/dossiers/%lld.xml", d->id),
	    "pdf", api_url(c, "/api/v1/dossiers/%lld.pdf", d->id),
	    "status", api_url(c, "/api/v1/dossiers/%lld/status", d->id));
	db_result_free(&res);
	if (v == NULL)
		return DDD_ERR_NOMEM;
	*out = v;
	return DDD_OK;
}

/* The dossier of the route's id as the client's college may see it. */
static enum ddd_err
get(struct ctx *c, struct dossier *d)
{
	return dossier_get(&c->actor, c->params[0], 0, d);
}

enum ddd_err
api_dossiers(struct ctx *c)
{
	const struct kv	*since = kv_get(&c->query, "since");
	const struct kv	*lim = kv_get(&c->query, "limit");
	struct api_feed_item items[LIST_MAX];
	struct dossier	 d;
	unsigned long long pos;
	char		 cursor[API_CURSOR_SIZE], *end;
	json_t		*list, *one;
	size_t		 n, i, batches, limit = LIST_MAX;
	int		 more;
	enum ddd_err	 e;

	if (api_cursor_decode(since != NULL ? since->val : NULL, &pos) == -1)
		return api_fail(c, DDD_ERR_BAD_REQUEST, 0, "invalid-cursor",
		    "Ongeldige cursor", "Geef bij since de waarde van 'next' "
		    "uit een eerder antwoord, of laat since weg.", NULL);
	if (lim != NULL) {
		unsigned long l = strtoul(lim->val, &end, 10);
		if (lim->val[0] < '1' || lim->val[0] > '9' || *end != '\0' ||
		    l > LIST_MAX)
			return api_fail(c, DDD_ERR_BAD_REQUEST, 0,
			    "invalid-limit", "Ongeldige limit",
			    "limit is een getal van 1 tot en met 100.", NULL);
		limit = (size_t)l;
	}
	if ((list = json_array()) == NULL)
		return DDD_ERR_NOMEM;
	more = 0;
	for (batches = 0; batches < LIST_SCAN; batches++) {
		if ((e = api_feed_after(c->db, c->actor.tenant_id, pos,
		    LIST_MAX, items, &n)) != DDD_OK)
			goto fail;
		for (i = 0; i < n && json_array_size(list) < limit; i++) {
			/* The feed lists what was afgerond for the college;
			 * what it may read now is dossier_get's to say. */
			e = dossier_get(&c->actor, items[i].dossier_id, 0, &d);
			pos = items[i].seq;
			if (e == DDD_ERR_NOT_FOUND)
				continue;
			if (e != DDD_OK || (e = summary(c, &d, &one)) !=
			    DDD_OK)
				goto fail;
			json_array_append_new(list, one);
		}
		if (i < n || json_array_size(list) >= limit) {
			more = 1;
			break;
		}
		if (n < LIST_MAX)
			break;
		more = 1;	/* LIST_SCAN batches read; the rest later */
	}
	if (more) {
		/* Only the feed can say whether anything follows. */
		if ((e = api_feed_after(c->db, c->actor.tenant_id, pos, 1,
		    items, &n)) != DDD_OK)
			goto fail;
		more = n > 0;
	}
	api_cursor_encode(pos, cursor);
	return api_json(c, 200, json_pack("{s:o, s:s, s:b}", "dossiers", list,
	    "next", cursor, "more", more));
fail:
	json_decref(list);
	return e;
}

enum ddd_err
api_dossier(struct ctx *c)
{
	struct dossier	 d;
	struct stored_doc doc;
	struct db_result res;
	json_t		*v, *files, *f;
	size_t		 i;
	enum ddd_err	 e;

	if ((e = get(c, &d)) != DDD_OK || (e = summary(c, &d, &v)) != DDD_OK)
		return e;
	/* The final PDF's fingerprints, as the college's page shows them. */
	if ((e = document_final_meta(&c->actor, &d, &doc)) == DDD_OK) {
		json_object_set_new(v, "pdf", json_pack("{s:s, s:I, s:s, s:o}",
		    "sha256", doc.sha256, "bytes", (json_int_t)doc.len,
		    "kenmerk", doc.kenmerk, "opgeslagen", when(doc.created)));
		stored_doc_free(&doc);
	} else if (e != DDD_ERR_NOT_FOUND)
		goto fail;
	else
		json_object_set_new(v, "pdf", json_null());
	if ((files = json_array()) == NULL) {
		e = DDD_ERR_NOMEM;
		goto fail;
	}
	json_object_set_new(v, "bijlagen", files);
	/* Files belong to deel A. */
	if (DOSSIER_MAY(&d, PART_DEEL_A)) {
		struct db_param p[2] = { DB_P_INT(d.id), DB_P_INT(d.tenant_id) };
		if ((e = db_run(c->db, STMT_BIJLAGEN_LIST, p, 2, &res)) !=
		    DDD_OK)
			goto fail;
		for (i = 0; i < res.nrows; i++) {
			f = json_pack("{s:I, s:o, s:o, s:o, s:I, s:o, s:o}",
			    "id", (json_int_t)strtoll(DB_COL(&res, i, "id"),
			    NULL, 10),
			    "vraag", api_str(DB_COL(&res, i, "question_id"), 0),
			    "naam", api_str(DB_COL(&res, i, "filename"), 0),
			    "mediatype", api_str(document_media_type(
			    DB_COL(&res, i, "media_type")), 0),
			    "bytes", (json_int_t)strtoll(DB_COL(&res, i,
			    "bytes"), NULL, 10),
			    "sha256", api_str(DB_COL(&res, i, "sha256"), 0),
			    "href", api_url(c, "/api/v1/dossiers/%lld/"
			    "bijlagen/%s", d.id, DB_COL(&res, i, "id")));
			json_array_append_new(files, f);
		}
		db_result_free(&res);
	}
	/* Nothing is served that the access log does not show. */
	if ((e = dossier_access(&c->actor, &d, "bekeken")) != DDD_OK)
		goto fail;
	log_read(c, &d, "dossier", "-");
	return api_json(c, 200, v);
fail:
	json_decref(v);
	return e;
}

enum ddd_err
api_dossier_xml(struct ctx *c)
{
	struct dossier	 d;
	struct buf	 xml;
	unsigned char	 sha[CRYPTO_SHA256_LEN];
	char		 hex[CRYPTO_HEX_LEN(CRYPTO_SHA256_LEN) + 1];
	int		 bsn;
	enum ddd_err	 e;

	if ((e = get(c, &d)) != DDD_OK)
		return e;
	buf_init(&xml, 16 * 1024 * 1024);
	if ((e = export_dossier(&c->actor, &d, &xml, &bsn)) != DDD_OK)
		goto out;
	if (crypto_sha256(xml.ptr, xml.len, sha) == -1 ||
	    crypto_hex_encode(sha, sizeof(sha), hex, sizeof(hex)) == -1) {
		e = DDD_ERR_INTERNAL;
		goto out;
	}
	/* The client has this very export: nothing leaves, nothing is
	 * recorded. */
	if (api_not_modified(c, hex))
		goto out;
	if ((e = dossier_access(&c->actor, &d, "xml")) != DDD_OK ||
	    (bsn && (e = export_bsn_seen(&c->actor, &d, "api")) != DDD_OK))
		goto out;
	if ((e = api_bytes(c, "application/xml", hex, xml.ptr, xml.len)) ==
	    DDD_OK)
		log_read(c, &d, "xml", hex);
out:
	crypto_wipe(xml.ptr, xml.len);
	buf_free(&xml);
	return e;
}

enum ddd_err
api_dossier_pdf(struct ctx *c)
{
	struct dossier	 d;
	struct stored_doc doc;
	enum ddd_err	 e;

	if ((e = get(c, &d)) != DDD_OK)
		return e;
	/* The stored one's SHA-256 answers a conditional request without
	 * loading the bytes. */
	if ((e = document_final_meta(&c->actor, &d, &doc)) == DDD_OK) {
		int same = api_not_modified(c, doc.sha256);
		stored_doc_free(&doc);
		if (same)
			return DDD_OK;
	} else if (e != DDD_ERR_NOT_FOUND)
		return e;
	if ((e = document_pdf(&c->actor, &d, DOC_DOSSIER, &doc)) != DDD_OK)
		return e;
	if ((e = dossier_access(&c->actor, &d, "pdf")) == DDD_OK &&
	    (e = api_bytes(c, "application/pdf", doc.sha256, doc.pdf,
	    doc.len)) == DDD_OK)
		log_read(c, &d, "pdf", doc.sha256);
	stored_doc_free(&doc);
	return e;
}

enum ddd_err
api_attachment(struct ctx *c)
{
	struct dossier	 d;
	struct db_result res;
	enum ddd_err	 e;

	/* res: the file's row of STMT_BIJLAGE_GET. */
	if ((e = get(c, &d)) != DDD_OK ||
	    (e = view_attachment(&c->actor, &d, c->params[1], &res)) !=
	    DDD_OK)
		return e;
	if (!api_not_modified(c, DB_COL(&res, 0, "sha256")) &&
	    (e = dossier_access(&c->actor, &d, "bijlage")) == DDD_OK &&
	    (e = api_bytes(c, document_media_type(DB_COL(&res, 0,
	    "media_type")), DB_COL(&res, 0, "sha256"), DB_COL(&res, 0, "data"),
	    DB_COL_LEN(&res, 0, "data"))) == DDD_OK)
		log_read(c, &d, "bijlage", DB_COL(&res, 0, "sha256"));
	db_result_free(&res);
	return e;
}

/* The status as stored, for the answer to a PUT. */
static json_t *
status_now(struct ctx *c, const struct dossier *d, int changed)
{
	struct db_param	 p[2] = { DB_P_INT(d->id), DB_P_INT(d->tenant_id) };
	struct db_result res;
	json_t		*v;

	if (db_run(c->db, STMT_MBO_STATUS_GET, p, 2, &res) != DDD_OK)
		return NULL;
	if (res.nrows != 1) {
		db_result_free(&res);
		return NULL;
	}
	v = json_pack("{s:o, s:o, s:o, s:b}",
	    "waarde", api_str(DB_COL(&res, 0, "mbo_status"), 1),
	    "reden", api_str(DB_COL(&res, 0, "mbo_status_reden"), 1),
	    "op", when(DB_COL(&res, 0, "mbo_status_at")),
	    "gewijzigd", changed);
	db_result_free(&res);
	return v;
}

enum ddd_err
api_status_put(struct ctx *c)
{
	struct dossier	 d;
	json_t		*body = NULL, *st, *rd, *v;
	const char	*key, *status, *reden = "";
	enum mbo_status_problem problem;
	char		 msg[200];
	int		 changed;
	enum ddd_err	 e;

	if ((e = get(c, &d)) != DDD_OK)
		return e;
	if ((e = api_read_json(c, &body)) != DDD_OK)
		return e;
	json_object_foreach(body, key, v) {
		if (strcmp(key, "status") != 0 && strcmp(key, "reden") != 0) {
			snprintf(msg, sizeof(msg), "Onbekend veld '%.60s': "
			    "stuur status en (bij niet_geplaatst) reden.",
			    key);
			e = api_fail(c, DDD_ERR_BAD_REQUEST, 0, "invalid-json",
			    "Ongeldige JSON", msg, NULL);
			goto out;
		}
	}
	st = json_object_get(body, "status");
	rd = json_object_get(body, "reden");
	if (!json_is_string(st) || (rd != NULL && !json_is_string(rd) &&
	    !json_is_null(rd))) {
		e = api_fail(c, DDD_ERR_BAD_REQUEST, 0, "invalid-json",
		    "Ongeldige JSON", "status is een tekst; reden een tekst "
		    "of null.", NULL);
		goto out;
	}
	status = json_string_value(st);
	if (json_is_string(rd))
		reden = json_string_value(rd);
	/* The page's rule (fcgi/mbo_status.c), in the page's words. */
	if ((problem = mbo_status_check(status, reden)) != MBO_STATUS_OK ||
	    strlen(status) != json_string_length(st) ||
	    strlen(reden) != (rd != NULL && json_is_string(rd) ?
	    json_string_length(rd) : 0)) {
		if (problem == MBO_STATUS_OK)
			problem = MBO_STATUS_UNKNOWN;	/* a NUL inside */
		e = api_fail(c, DDD_ERR_INVALID_INPUT, 422, "invalid-status",
		    "Status geweigerd", mbo_status_problem_nl(problem),
		    json_pack("{s:[{s:s, s:s}]}", "errors", "veld",
		    mbo_status_problem_field(problem), "melding",
		    mbo_status_problem_nl(problem)));
		goto out;
	}
	if ((e = mbo_status_set(&c->actor, &d, status, reden, &changed)) !=
	    DDD_OK)
		goto out;
	if ((v = status_now(c, &d, changed)) == NULL) {
		e = DDD_ERR_INTERNAL;
		goto out;
	}
	log_info("api_status", "tenant=%lld client=%s dossier=%lld "
	    "status=%s changed=%d", c->actor.tenant_id, api_who() ?
	    api_who()->client_id : "-", d.id, status, changed);
	e = api_json(c, 200, v);
out:
	json_decref(body);
	return e;
}
