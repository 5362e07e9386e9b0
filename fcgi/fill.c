/* Filling in a form step: shared by the student's deel A and the
 * mentor's deel B pages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "app.h"
#include "fill.h"
#include "log.h"
#include "xmlout.h"

/* Step percentages of a form, as <stap id percent/> under parent; returns
 * 1 when every step is at 100. */
int
fill_percentages(const struct form_def *f, const struct form_answer *a,
    size_t n,
    xmlNodePtr parent)
{
	size_t		 i;
	int		 p, all = 1;
	xmlNodePtr	 s;

	for (i = 0; i < f->nsteps; i++) {
		p = form_step_percent(f, &f->steps[i], a, n);
		if (p < 100)
			all = 0;
		if (parent != NULL) {
			s = xo_el(parent, "stap", NULL);
			xo_attr(s, "id", f->steps[i].id);
			xo_attr(s, "titel", f->steps[i].title);
			xo_attr_int(s, "nr", (long long)i + 1);
			xo_attr_int(s, "percent", p);
		}
	}
	return all;
}

/* The answer the form sends for q: multi-choice values joined by '\n'. */
static char *
posted_value(const struct fill_post *in, const struct form_question *q,
    size_t *len)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b, FORM_MAX_ANSWER + 1024);
	for (i = 0; i < in->fields->n; i++) {
		if (strcmp(in->fields->v[i].key, q->id) != 0)
			continue;
		if (q->type != Q_MULTI_CHOICE) {
			buf_add(&b, in->fields->v[i].val,
			    in->fields->v[i].vallen);
			break;
		}
		if (b.len > 0)
			buf_addc(&b, '\n');
		buf_add(&b, in->fields->v[i].val, in->fields->v[i].vallen);
	}
	/* Text fields: surrounding space is not part of the answer. */
	if (b.ptr != NULL && q->type != Q_MULTI_CHOICE) {
		char *s = b.ptr, *e = b.ptr + b.len;
		while (s < e && (*s == ' ' || *s == '\t' || *s == '\r' ||
		    *s == '\n'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' ||
		    e[-1] == '\r' || e[-1] == '\n'))
			e--;
		memmove(b.ptr, s, (size_t)(e - s));
		b.len = (size_t)(e - s);
		b.ptr[b.len] = '\0';
	}
	return buf_take(&b, len);
}

/* A file question's part of a step POST: a new file (checked by size and
 * content, stored later in the step's transaction), 'weghalen', or the
 * stored answer kept. */
struct upload {
	const struct mp_part	*part;	/* a new file, or NULL */
	const char		*type;	/* its media type, when good */
	char			 sha256[65];
};

static enum ddd_err
posted_file(const struct actor *a, const struct fill_post *in,
    const struct dossier *d, const struct form_question *q,
    const struct answers *ans,
    struct upload *u, char **val, size_t *len, xmlNodePtr errors, int *bad)
{
	const struct tenant_config *tc;
	const struct mp_part *p = mp_get(in->files, q->id);
	const struct kv	*del;
	char		 key[REQ_MAX_KEY + 16], msg[200];
	unsigned char	 h[CRYPTO_SHA256_LEN];
	size_t		 i;
	enum ddd_err	 e;

	*val = NULL;
	*len = 0;
	if (p != NULL && p->filename != NULL && p->len > 0) {
		if ((e = actor_tenant(a, d->tenant_id, &tc)) != DDD_OK)
			return e;
		u->part = p;
		if (p->len > tc->settings.upload_max) {
			snprintf(msg, sizeof(msg), "Je bestand is groter dan "
			    "%zu MB. Maak het kleiner (bijvoorbeeld als PDF "
			    "met minder of kleinere foto's) en kies het "
			    "opnieuw.",
			    tc->settings.upload_max / (1024 * 1024));
			xo_attr(xo_el(errors, "error", msg), "field", q->id);
			(*bad)++;
		} else if ((u->type = mp_sniff_document(p->data, p->len)) ==
		    NULL) {
			xo_attr(xo_el(errors, "error", "Dit bestand is geen "
			    "PDF, PNG of JPEG. Sla je loopbaandossier op als "
			    "PDF, of maak er een scan of foto van, en kies "
			    "het opnieuw."), "field", q->id);
			(*bad)++;
		} else if (crypto_sha256(p->data, p->len, h) == -1 ||
		    crypto_hex_encode(h, sizeof(h), u->sha256,
		    sizeof(u->sha256)) == -1)
			return DDD_ERR_INTERNAL;
		/* Not empty, for the percentage and the conditions; the
		 * row's id replaces it when stored. */
		*val = strdup("0");
		*len = 1;
		return *val == NULL ? DDD_ERR_NOMEM : DDD_OK;
	}
	snprintf(key, sizeof(key), "%s-weghalen", q->id);
	if ((del = kv_get(in->fields, key)) != NULL &&
	    strcmp(del->val, "ja") == 0) {
		*val = strdup("");
		return *val == NULL ? DDD_ERR_NOMEM : DDD_OK;
	}
	for (i = 0; i < ans->n; i++)
		if (strcmp(ans->v[i].id, q->id) == 0) {
			if ((*val = strndup(ans->v[i].value, ans->v[i].len)) ==
			    NULL)
				return DDD_ERR_NOMEM;
			*len = ans->v[i].len;
			return DDD_OK;
		}
	*val = strdup("");
	return *val == NULL ? DDD_ERR_NOMEM : DDD_OK;
}

/* In the step's transaction: store a new file (its id becomes the
 * answer), or drop the file of an answer that goes. */
static enum ddd_err
store_file(const struct actor *a, const struct dossier *d,
    const struct form_question *q, const struct upload *u, int keep,
    char **val, size_t *len)
{
	struct db_result res;
	enum ddd_err	 e;

	if (!keep) {
		struct db_param p[3] = { DB_P_INT(d->id), DB_P_STR(q->id),
		    DB_P_INT(d->tenant_id) };
		return db_run(a->db, STMT_BIJLAGE_DELETE, p, 3, NULL);
	}
	if (u->part == NULL)
		return DDD_OK;	/* the stored file stays */
	{
		struct db_param p[9] = { DB_P_INT(d->tenant_id),
		    DB_P_INT(d->id), DB_P_STR(q->id),
		    DB_P_STR(u->part->filename[0] != '\0' ?
		    u->part->filename : "bijlage"),
		    DB_P_STR(u->type), DB_P_INT((long long)u->part->len),
		    DB_P_STR(u->sha256),
		    DB_P_BLOB(u->part->data, u->part->len),
		    DB_P_INT(a->account_id) };
		if ((e = db_run(a->db, STMT_BIJLAGE_PUT, p, 9, &res)) !=
		    DDD_OK)
			return e;
	}
	free(*val);
	if (asprintf(val, "%llu", res.insert_id) == -1) {
		*val = NULL;
		db_result_free(&res);
		return DDD_ERR_NOMEM;
	}
	*len = strlen(*val);
	log_info("bijlage_stored", "tenant=%lld dossier=%lld question=%s "
	    "bytes=%zu type=%s sha256=%s", d->tenant_id, d->id, q->id,
	    u->part->len, u->type, u->sha256);
	db_result_free(&res);
	return DDD_OK;
}

enum ddd_err
fill_save_step(const struct actor *a, const struct fill_post *in,
    struct dossier *d, const struct form_def *f, const struct form_step *st,
    const struct answers *ans, xmlNodePtr r,
    int (*may_edit)(const struct dossier *), int *saved)
{
	struct form_answer *merged = NULL;
	struct upload	*up = NULL;
	char		**vals = NULL;
	size_t		*lens = NULL, i, n;
	xmlNodePtr	 errors = xo_el(r, "errors", NULL);
	xmlNodePtr	 typed = xo_el(r, "getypt", NULL);
	int		 bad = 0;
	enum ddd_err	 e = DDD_OK;

	*saved = 0;
	vals = calloc(st->nquestions, sizeof(*vals));
	lens = calloc(st->nquestions, sizeof(*lens));
	up = calloc(st->nquestions, sizeof(*up));
	merged = calloc(ans->n + st->nquestions, sizeof(*merged));
	if (vals == NULL || lens == NULL || up == NULL || merged == NULL) {
		e = DDD_ERR_NOMEM;
		goto out;
	}
	/* The answers as they will be: this step's posted values over the
	 * stored ones of other steps. */
	for (i = n = 0; i < ans->n; i++) {
		const struct form_step *s2;
		if (form_question(f, ans->v[i].id, &s2) != NULL && s2 == st)
			continue;
		merged[n++] = ans->v[i];
	}
	for (i = 0; i < st->nquestions; i++) {
		const struct form_question *q = &st->questions[i];
		if (q->type == Q_FILE) {
			if ((e = posted_file(a, in, d, q, ans, &up[i], &vals[i],
			    &lens[i], errors, &bad)) != DDD_OK)
				goto out;
		} else if ((vals[i] = posted_value(in, q, &lens[i])) == NULL) {
			e = DDD_ERR_NOMEM;
			goto out;
		} else
			xo_attr(xo_eln(typed, "a", vals[i], lens[i]), "q",
			    q->id);
		if (lens[i] > 0) {
			merged[n].id = q->id;
			merged[n].value = vals[i];
			merged[n].len = lens[i];
			n++;
		}
	}
	/* Checked: the answers of the questions that show with these
	 * answers.  One hidden by the same post (a 'nee' above it) is
	 * dropped at saving, so what it holds cannot be an error on a field
	 * the page no longer shows. */
	for (i = 0; i < st->nquestions; i++) {
		const struct form_question *q = &st->questions[i];
		const char *msg;
		if (q->type == Q_FILE || lens[i] == 0 ||
		    !form_shown(f, q, merged, n))
			continue;
		if ((msg = form_check(q, vals[i], lens[i])) != NULL) {
			xo_attr(xo_el(errors, "error", msg), "field", q->id);
			bad++;
		}
		if (q->type == Q_MBO) {
			struct db_param p = DB_P_STR(vals[i]);
			struct db_result res;
			if ((e = db_run(a->db, STMT_MBO_BY_SLUG, &p, 1,
			    &res)) != DDD_OK)
				goto out;
			if (res.nrows != 1) {
				xo_attr(xo_el(errors, "error", "Kies een "
				    "mbo-school uit de lijst."), "field",
				    q->id);
				bad++;
			}
			db_result_free(&res);
		}
	}
	if (bad > 0) {
		/* Nothing is saved; what was typed stays on the page.  A file
		 * cannot be put back in the browser's field: say so. */
		for (i = 0; i < st->nquestions; i++)
			if (up[i].part != NULL && up[i].type != NULL)
				xo_attr(xo_el(errors, "error", "Je bestand is "
				    "nog niet opgeslagen, omdat er op deze "
				    "pagina nog iets niet klopt. Kies het "
				    "opnieuw als je de rest hebt verbeterd."),
				    "field", st->questions[i].id);
		e = DDD_ERR_INVALID_INPUT;
		goto out;
	}
	if ((e = db_begin(a->db)) != DDD_OK)
		goto out;
	if ((e = dossier_get(a, d->id, 1, d)) != DDD_OK)
		goto rollback;
	if (!may_edit(d)) {
		e = DDD_ERR_CONFLICT;
		goto rollback;
	}
	for (i = 0; i < st->nquestions; i++) {
		const struct form_question *q = &st->questions[i];
		int keep = lens[i] > 0 && form_shown(f, q, merged, n);
		if (q->type == Q_FILE && (e = store_file(a, d, q, &up[i], keep,
		    &vals[i], &lens[i])) != DDD_OK)
			goto rollback;
		if (keep) {
			struct db_param p[5] = { DB_P_INT(d->id),
			    DB_P_STR(q->id),
			    DB_P_INT(a->tenant_id),
			    DB_P_STRN(vals[i], lens[i]),
			    DB_P_INT(a->account_id) };
			e = db_run(a->db, STMT_ANSWER_PUT, p, 5, NULL);
		} else {
			/* Emptied, or hidden by another answer: gone. */
			struct db_param p[3] = { DB_P_INT(d->id),
			    DB_P_STR(q->id),
			    DB_P_INT(a->tenant_id) };
			e = db_run(a->db, STMT_ANSWER_DELETE, p, 3, NULL);
		}
		if (e != DDD_OK)
			goto rollback;
	}
	if ((e = dossier_event(a, d, "stap_opgeslagen", st->id)) != DDD_OK)
		goto rollback;
	if ((e = db_commit(a->db)) != DDD_OK)
		goto out;
	*saved = 1;
	goto out;
rollback:
	db_rollback(a->db);
out:
	if (vals != NULL)
		for (i = 0; i < st->nquestions; i++)
			free(vals[i]);
	free(vals);
	free(lens);
	free(up);
	free(merged);
	return e;
}

