/* The inzage export of one student (fcgi/privacy.h): one XML document of
 * everything held, built here from the domain's functions, then the PDF
 * and the machine-readable file from it by stylesheets, and with the
 * files and stored PDFs one zip. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "audit.h"
#include "document.h"
#include "keys.h"
#include "log.h"
#include "privacy.h"
#include "view.h"
#include "xmlout.h"
#include "xsl.h"
#include "zipmem.h"

#define SCHEMA_MAX	(256 * 1024)	/* the schema file in the zip */
#define NAME_MAX_ZIP	128		/* a path in the zip */

/* What goes into the zip: entries, their names, and the results that
 * hold their bytes until the zip is built. */
struct pack {
	struct zip_entry *ent;
	char		(*names)[NAME_MAX_ZIP];
	size_t		 n, alloc;
	struct db_result *res;
	size_t		 nres, ares;
	size_t		 bytes;
};

static void
pack_free(struct pack *p)
{
	size_t	 i;

	for (i = 0; i < p->nres; i++)
		db_result_free(&p->res[i]);
	free(p->res);
	free(p->ent);
	free(p->names);
	memset(p, 0, sizeof(*p));
}

/* Add one file (data valid until the zip is built). */
static enum ddd_err
pack_add(struct pack *p, const char *name, const void *data, size_t len,
    int store)
{
	if (p->bytes + len > PRIVACY_ZIP_MAX)
		return DDD_ERR_TOO_LARGE;
	if (p->n == p->alloc) {
		size_t na = p->alloc ? p->alloc * 2 : 16;
		struct zip_entry *e = realloc(p->ent, na * sizeof(*e));
		char (*nm)[NAME_MAX_ZIP];
		if (e == NULL)
			return DDD_ERR_NOMEM;
		p->ent = e;
		if ((nm = realloc(p->names, na * sizeof(*nm))) == NULL)
			return DDD_ERR_NOMEM;
		p->names = nm;
		p->alloc = na;
	}
	snprintf(p->names[p->n], NAME_MAX_ZIP, "%s", name);
	p->ent[p->n] = (struct zip_entry){ NULL, data, len, store };
	p->n++;
	p->bytes += len;
	return DDD_OK;
}

/* Keep a result (its cells hold file bytes) until the pack is freed;
 * *kept points at the copy.  r is left empty. */
static enum ddd_err
pack_keep(struct pack *p, struct db_result *r, struct db_result **kept)
{
	if (p->nres == p->ares) {
		size_t na = p->ares ? p->ares * 2 : 8;
		struct db_result *nr = realloc(p->res, na * sizeof(*nr));
		if (nr == NULL) {
			db_result_free(r);
			return DDD_ERR_NOMEM;
		}
		p->res = nr;
		p->ares = na;
	}
	p->res[p->nres] = *r;
	memset(r, 0, sizeof(*r));
	*kept = &p->res[p->nres++];
	return DDD_OK;
}

/* The linked BSN's last three digits, opened with the school's key and
 * wiped at once: the export says it is linked, never the number. */
static enum ddd_err
bsn_tail(const struct actor *a, long long student, const char *sealed,
    size_t len, char tail[4])
{
	struct crypto_tenant_key key;
	char		 bsn[CRYPTO_BSN_LEN + 1];
	uint32_t	 version;
	enum ddd_err	 e;

	tail[0] = '\0';
	if (crypto_bsn_key_version((const unsigned char *)sealed, len,
	    &version) == -1)
		return DDD_ERR_INTERNAL;
	if ((e = keys_version(a->db, a->app->master, a->tenant_id, version,
	    &key)) != DDD_OK)
		return e;
	e = crypto_bsn_open(&key, (uint64_t)student,
	    (const unsigned char *)sealed, len, bsn);
	crypto_tenant_key_wipe(&key);
	if (e == DDD_OK)
		snprintf(tail, 4, "%s", bsn + CRYPTO_BSN_LEN - 3);
	crypto_wipe(bsn, sizeof(bsn));
	return e;
}

/* The account: <leerling> with its sessions and activation links. */
static enum ddd_err
student_xml(const struct actor *a, long long student, xmlNodePtr r,
    char *login, size_t loginlen, char *naam, size_t naamlen)
{
	const struct tenant_config *tc;
	struct db_result st, rows;
	xmlNodePtr	 l, n;
	char		 tail[4];
	size_t		 i;
	enum ddd_err	 e;

	{
		struct db_param p[2] = { DB_P_INT(student),
		    DB_P_INT(a->tenant_id) };
		if ((e = db_run(a->db, STMT_PRIVACY_STUDENT, p, 2, &st)) !=
		    DDD_OK)
			return e;
	}
	if (st.nrows != 1) {
		db_result_free(&st);
		return DDD_ERR_NOT_FOUND;
	}
	if ((e = actor_tenant(a, a->tenant_id, &tc)) != DDD_OK)
		goto out;
	n = xo_el(r, "school", NULL);
	xo_attr(n, "naam", DB_COL(&st, 0, "school"));
	xo_attr(n, "brin", DB_COL(&st, 0, "brin"));
	xo_attr(n, "kleur", tc->branding.colour);
	xo_attr(n, "logo", tc->branding.logo != NULL ? tc->branding.logo : "");
	l = xo_el(r, "leerling", NULL);
	db_full_name(naam, naamlen, &st, 0, "");
	snprintf(login, loginlen, "%s", DB_COL(&st, 0, "login"));
	xo_attr(l, "naam", naam);
	xo_attr(l, "leerlingnummer", login);
	xo_attr(l, "roepnaam", DB_COL(&st, 0, "roepnaam"));
	xo_attr(l, "tussenvoegsel", DB_COL(&st, 0, "tussenvoegsel"));
	xo_attr(l, "achternaam", DB_COL(&st, 0, "achternaam"));
	xo_attr(l, "geboortedatum", DB_COL(&st, 0, "geboortedatum"));
	xo_attr(l, "klas", DB_COL(&st, 0, "klas"));
	xo_attr(l, "leerjaar", DB_COL(&st, 0, "leerjaar"));
	xo_attr(l, "email", DB_COL(&st, 0, "email"));
	xo_attr(l, "wachtwoord", DB_COL(&st, 0, "has_password"));
	xo_attr(l, "geactiveerd", DB_COL(&st, 0, "activated_at"));
	xo_attr(l, "ddd-geactiveerd", DB_COL(&st, 0, "ddd_activated_at"));
	xo_attr(l, "aangemaakt", DB_COL(&st, 0, "created_at"));
	xo_attr(l, "gewijzigd", DB_COL(&st, 0, "updated_at"));
	n = xo_el(l, "bsn", NULL);
	if (DB_COL(&st, 0, "bsn_sealed") != NULL) {
		if ((e = bsn_tail(a, student, DB_COL(&st, 0, "bsn_sealed"),
		    DB_COL_LEN(&st, 0, "bsn_sealed"), tail)) != DDD_OK)
			goto out;
		xo_attr(n, "gekoppeld", "1");
		xo_attr(n, "laatste", tail);
	} else
		xo_attr(n, "gekoppeld", "0");
	{
		struct db_param p[2] = { DB_P_INT(student),
		    DB_P_INT(a->tenant_id) };
		if ((e = db_run(a->db, STMT_PRIVACY_SESSIONS, p, 2, &rows)) !=
		    DDD_OK)
			goto out;
		for (i = 0; i < rows.nrows; i++) {
			n = xo_el(l, "sessie", NULL);
			xo_attr(n, "aangemaakt", DB_COL(&rows, i, "created_at"));
			xo_attr(n, "laatst", DB_COL(&rows, i, "last_seen_at"));
		}
		db_result_free(&rows);
		if ((e = db_run(a->db, STMT_PRIVACY_ACTIVATIONS, p, 2,
		    &rows)) != DDD_OK)
			goto out;
		for (i = 0; i < rows.nrows; i++) {
			n = xo_el(l, "activeringslink", NULL);
			xo_attr(n, "aangemaakt", DB_COL(&rows, i, "created_at"));
			xo_attr(n, "verloopt", DB_COL(&rows, i, "expires_at"));
			xo_attr(n, "gebruikt", DB_COL(&rows, i, "used_at"));
		}
		db_result_free(&rows);
		/* Log-in through the school (issue 18): the link to the
		 * school's account. */
		if ((e = db_run(a->db, STMT_PRIVACY_SSO_LINK, p, 2, &rows)) !=
		    DDD_OK)
			goto out;
		for (i = 0; i < rows.nrows; i++) {
			n = xo_el(l, "schoolaccount", NULL);
			xo_attr(n, "via", DB_COL(&rows, i, "protocol"));
			xo_attr(n, "uitgever", DB_COL(&rows, i, "issuer"));
			xo_attr(n, "kenmerk", DB_COL(&rows, i, "subject"));
			xo_attr(n, "gekoppeld", DB_COL(&rows, i, "linked_at"));
			xo_attr(n, "laatst", DB_COL(&rows, i, "last_login_at"));
		}
		db_result_free(&rows);
	}
out:
	db_result_free(&st);
	return e;
}

/* The stored PDFs of a dossier its reader may have (document_may), each
 * a file in the zip. */
static enum ddd_err
documents_xml(const struct actor *a, const struct dossier *d,
    xmlNodePtr parent, struct pack *pk)
{
	static const struct {
		const char	*db;
		enum doc_kind	 kind;
	} kinds[] = { { "deel_a", DOC_DEEL_A }, { "deel_b", DOC_DEEL_B },
	    { "dossier", DOC_DOSSIER } };
	struct db_result res, *docs;
	xmlNodePtr	 n;
	char		 file[NAME_MAX_ZIP];
	size_t		 i, k;
	enum ddd_err	 e;

	{
		struct db_param p[2] = { DB_P_INT(d->id),
		    DB_P_INT(d->tenant_id) };
		if ((e = db_run(a->db, STMT_PRIVACY_DOCUMENTS, p, 2, &res)) !=
		    DDD_OK)
			return e;
	}
	if ((e = pack_keep(pk, &res, &docs)) != DDD_OK)
		return e;
	for (i = 0; i < docs->nrows; i++) {
		const char *kind = DB_COL(docs, i, "kind");
		int final = atoi(DB_COL(docs, i, "final"));
		for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]) &&
		    strcmp(kinds[k].db, kind) != 0; k++)
			;
		if (k == sizeof(kinds) / sizeof(kinds[0]) ||
		    !document_may(d, kinds[k].kind))
			continue;
		snprintf(file, sizeof(file), "documenten/dossier-%lld-%s-v%s%s"
		    ".pdf", d->id, kind, DB_COL(docs, i, "version"),
		    final ? "-definitief" : "");
		n = xo_el(parent, "document", NULL);
		xo_attr(n, "soort", kind);
		xo_attr(n, "versie", DB_COL(docs, i, "version"));
		xo_attr(n, "definitief", final ? "1" : "0");
		xo_attr(n, "sha256", DB_COL(docs, i, "sha256"));
		xo_attr(n, "bytes", DB_COL(docs, i, "bytes"));
		xo_attr(n, "op", DB_COL(docs, i, "created_at"));
		xo_attr(n, "bestand", file);
		if ((e = pack_add(pk, file, DB_COL(docs, i, "pdf"),
		    DB_COL_LEN(docs, i, "pdf"), 1)) != DDD_OK)
			return e;
	}
	return DDD_OK;
}

/* The attached files: their bytes in the zip, and their names there on
 * the <bijlage> elements view_dossier made. */
static enum ddd_err
attachments(const struct actor *a, const struct dossier *d, xmlNodePtr dn,
    struct pack *pk)
{
	struct db_result res, *att;
	xmlNodePtr	 v, b, n;
	xmlChar		*q;
	char		 file[NAME_MAX_ZIP], base[96];
	size_t		 i;
	enum ddd_err	 e;

	{
		struct db_param p[2] = { DB_P_INT(d->id),
		    DB_P_INT(d->tenant_id) };
		if ((e = db_run(a->db, STMT_BIJLAGEN_DATA, p, 2, &res)) !=
		    DDD_OK)
			return e;
	}
	if ((e = pack_keep(pk, &res, &att)) != DDD_OK)
		return e;
	for (i = 0; i < att->nrows; i++) {
		document_attachment_name(base, sizeof(base), d->id,
		    DB_COL(att, i, "question_id"),
		    DB_COL(att, i, "media_type"));
		snprintf(file, sizeof(file), "bijlagen/%s", base);
		if ((e = pack_add(pk, file, DB_COL(att, i, "data"),
		    DB_COL_LEN(att, i, "data"), 1)) != DDD_OK)
			return e;
		for (v = dn->children; v != NULL; v = v->next) {
			if (!xmlStrEqual(v->name, BAD_CAST "overzicht"))
				continue;
			for (b = v->children; b != NULL; b = b->next) {
				if (!xmlStrEqual(b->name, BAD_CAST "bijlagen"))
					continue;
				for (n = b->children; n != NULL; n = n->next) {
					q = xmlGetProp(n, BAD_CAST "q");
					if (q != NULL && strcmp((char *)q,
					    DB_COL(att, i, "question_id")) == 0)
						xo_attr(n, "bestand", file);
					xmlFree(q);
				}
			}
		}
	}
	return DDD_OK;
}

/* Rows of a dossier that a statement (dossier id, school) lists, one
 * element el each: reminders, notices, the college's status, history. */
static enum ddd_err
rows_xml(const struct actor *a, const struct dossier *d, enum stmt s,
    xmlNodePtr parent, const char *el)
{
	struct db_param	 p[2] = { DB_P_INT(d->id), DB_P_INT(d->tenant_id) };
	struct db_result res;
	xmlNodePtr	 n;
	size_t		 i;
	enum ddd_err	 e;

	if ((e = db_run(a->db, s, p, 2, &res)) != DDD_OK)
		return e;
	for (i = 0; i < res.nrows; i++) {
		n = xo_el(parent, el, s == STMT_EVENTS_LIST ?
		    DB_COL(&res, i, "note") : NULL);
		if (s == STMT_PRIVACY_REMINDERS) {
			xo_attr(n, "fase", DB_COL(&res, i, "phase"));
			xo_attr(n, "deadline", DB_COL(&res, i, "deadline"));
			xo_attr(n, "op", DB_COL(&res, i, "sent_at"));
		} else if (s == STMT_PRIVACY_NOTICES) {
			xo_attr(n, "mbo", DB_COL(&res, i, "mbo_name"));
			xo_attr(n, "status", DB_COL(&res, i, "status"));
			xo_attr(n, "aangemaakt", DB_COL(&res, i, "created_at"));
			xo_attr(n, "verstuurd", DB_COL(&res, i, "sent_at"));
		} else if (s == STMT_MBO_STATUS_GET) {
			xo_attr(n, "waarde", DB_COL(&res, i, "mbo_status"));
			xo_attr(n, "reden", DB_COL(&res, i,
			    "mbo_status_reden"));
			xo_attr(n, "op", DB_COL(&res, i, "mbo_status_at"));
		} else if (s == STMT_EVENTS_LIST) {
			xo_attr(n, "op", DB_COL(&res, i, "at"));
			xo_attr(n, "soort", DB_COL(&res, i, "kind"));
			xo_attr(n, "versie", DB_COL(&res, i, "version"));
			xo_attr(n, "door", DB_COL(&res, i, "actor_name"));
			xo_attr(n, "van", DB_COL(&res, i, "phase_from"));
			xo_attr(n, "naar", DB_COL(&res, i, "phase_to"));
		}
	}
	db_result_free(&res);
	return DDD_OK;
}

/* One dossier as its reader may see it now, with its history, the
 * college's status, the stored PDFs and files, reminders and notices;
 * the view is recorded in the access log (not the student's own). */
static enum ddd_err
dossier_xml(const struct actor *a, const struct db_result *list, size_t row,
    xmlNodePtr r, struct pack *pk, int *shown)
{
	struct dossier	 d;
	struct answers	 ans;
	xmlNodePtr	 dn;
	enum ddd_err	 e;

	*shown = 0;
	e = dossier_get(a, strtoll(DB_COL(list, row, "id"), NULL, 10), 0,
	    &d);
	if (e == DDD_ERR_NOT_FOUND)
		return DDD_OK;		/* not this reader's to see */
	if (e != DDD_OK)
		return e;
	dn = xo_el(r, "dossier", NULL);
	xo_attr_int(dn, "id", d.id);
	xo_attr(dn, "fase", phase_name(d.phase));
	xo_attr_int(dn, "versie", d.version);
	xo_attr_int(dn, "gearchiveerd", d.archived);
	xo_attr(dn, "aangemaakt", DB_COL(list, row, "created_at"));
	xo_attr(dn, "gewijzigd", DB_COL(list, row, "updated_at"));
	xo_attr(dn, "fase-sinds", DB_COL(list, row, "phase_at"));
	xo_attr(dn, "deel-a-opgestuurd", DB_COL(list, row, "deel_a_sent_at"));
	xo_attr(dn, "mentor", DB_COL(list, row, "mentor_name"));
	xo_attr(dn, "mbo", DB_COL(list, row, "mbo_name"));
	if (DOSSIER_MAY(&d, PART_MBO_STATUS))
		xo_attr(dn, "mbo-ontvangen", DB_COL(list, row,
		    "mbo_received_at"));
	if ((e = answers_get(a, &d, &ans)) != DDD_OK)
		return e;
	e = view_dossier(a, &d, &ans, PARTS_ALL, dn);
	answers_free(&ans);
	if (e != DDD_OK)
		return e;
	if (DOSSIER_MAY(&d, PART_DEEL_A) &&
	    (e = attachments(a, &d, dn, pk)) != DDD_OK)
		return e;
	if (DOSSIER_MAY(&d, PART_MBO_STATUS) &&
	    ((e = rows_xml(a, &d, STMT_MBO_STATUS_GET, dn, "mbo-status")) !=
	    DDD_OK || (e = rows_xml(a, &d, STMT_PRIVACY_NOTICES, dn,
	    "melding")) != DDD_OK))
		return e;
	if (DOSSIER_MAY(&d, PART_VERLOOP) && (e = rows_xml(a, &d,
	    STMT_EVENTS_LIST, xo_el(dn, "verloop", NULL), "gebeurtenis")) !=
	    DDD_OK)
		return e;
	if ((e = documents_xml(a, &d, dn, pk)) != DDD_OK ||
	    (e = rows_xml(a, &d, STMT_PRIVACY_REMINDERS, dn, "herinnering")) !=
	    DDD_OK)
		return e;
	*shown = 1;
	return dossier_access(a, &d, "export");
}

void
privacy_mail_pattern(char *out, size_t size, const char *naam)
{
	static const char open[] = "%<leerling>", close[] = "</leerling>%";
	size_t		 o = 0;
	const char	*s, *rep;

	if (size < sizeof(open) + sizeof(close))
		return;
	memcpy(out, open, sizeof(open) - 1);
	o = sizeof(open) - 1;
	for (s = naam; *s != '\0'; s++) {
		/* As libxml2 writes text, then as LIKE reads it. */
		rep = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" :
		    *s == '>' ? "&gt;" : *s == '%' ? "\\%" : *s == '_' ?
		    "\\_" : *s == '\\' ? "\\\\" : NULL;
		if (o + (rep ? strlen(rep) : 1) + sizeof(close) > size)
			break;
		if (rep != NULL) {
			memcpy(out + o, rep, strlen(rep));
			o += strlen(rep);
		} else
			out[o++] = *s;
	}
	memcpy(out + o, close, sizeof(close));
}

/* The mails to the student, and those to others that name them. */
static enum ddd_err
mails_xml(const struct actor *a, long long student, const char *naam,
    xmlNodePtr r)
{
	struct db_result res;
	xmlNodePtr	 list = xo_el(r, "mails", NULL), n;
	char		 pattern[1024];
	size_t		 i;
	int		 staff;
	enum ddd_err	 e;

	privacy_mail_pattern(pattern, sizeof(pattern), naam);
	for (staff = 0; staff < 2; staff++) {
		struct db_param p[3] = { DB_P_INT(a->tenant_id),
		    DB_P_INT(student), DB_P_STR(pattern) };
		if ((e = db_run(a->db, staff ? STMT_PRIVACY_STAFF_MAILS :
		    STMT_PRIVACY_MAILS, p, staff ? 3 : 2, &res)) != DDD_OK)
			return e;
		for (i = 0; i < res.nrows; i++) {
			n = xo_el(list, "mail", DB_COL(&res, i, "subject"));
			xo_attr(n, "soort", DB_COL(&res, i, "kind"));
			xo_attr(n, "aan", DB_COL(&res, i, "to_addr"));
			xo_attr(n, "naam", DB_COL(&res, i, "to_name"));
			xo_attr(n, "status", DB_COL(&res, i, "status"));
			xo_attr(n, "aangemaakt", DB_COL(&res, i, "created_at"));
			xo_attr(n, "verstuurd", DB_COL(&res, i, "sent_at"));
			xo_attr(n, "medewerker", staff ? "1" : "0");
		}
		db_result_free(&res);
	}
	return DDD_OK;
}

/* Who viewed or downloaded the student's dossiers, and what the school's
 * staff did about the student (the audit trail). */
static enum ddd_err
trails_xml(const struct actor *a, long long student, xmlNodePtr r)
{
	struct db_result res;
	xmlNodePtr	 list, n;
	size_t		 i;
	enum ddd_err	 e;

	{
		struct db_param p[2] = { DB_P_INT(a->tenant_id),
		    DB_P_INT(student) };
		if ((e = db_run(a->db, STMT_PRIVACY_ACCESS, p, 2, &res)) !=
		    DDD_OK)
			return e;
	}
	list = xo_el(r, "toegang", NULL);
	for (i = 0; i < res.nrows; i++) {
		n = xo_el(list, "inzage", NULL);
		xo_attr(n, "op", DB_COL(&res, i, "at"));
		xo_attr(n, "dossier", DB_COL(&res, i, "dossier_id"));
		xo_attr(n, "wie", DB_COL(&res, i, "actor_name"));
		xo_attr(n, "organisatie", DB_COL(&res, i, "actor_org"));
		xo_attr(n, "wat", DB_COL(&res, i, "action"));
		xo_attr(n, "extern", DB_COL(&res, i, "external"));
	}
	db_result_free(&res);
	{
		struct db_param p[3] = { DB_P_INT(a->tenant_id),
		    DB_P_INT(student), DB_P_INT(student) };
		if ((e = db_run(a->db, STMT_PRIVACY_AUDIT, p, 3, &res)) !=
		    DDD_OK)
			return e;
	}
	list = xo_el(r, "handelingen", NULL);
	for (i = 0; i < res.nrows; i++) {
		n = xo_el(list, "handeling", DB_COL(&res, i, "detail"));
		xo_attr(n, "op", DB_COL(&res, i, "at"));
		xo_attr(n, "wie", DB_COL(&res, i, "actor_name"));
		xo_attr(n, "rol", DB_COL(&res, i, "actor_role"));
		xo_attr(n, "wat", DB_COL(&res, i, "action"));
		xo_attr(n, "dossier", DB_COL(&res, i, "dossier_id"));
	}
	db_result_free(&res);
	return DDD_OK;
}

/* The published schema, for the zip: the file says what it is. */
static enum ddd_err
schema_file(const struct actor *a, struct buf *out)
{
	char		 path[CONFIG_MAX_VALUE + 32], chunk[8192];
	FILE		*f;
	size_t		 n;
	enum ddd_err	 e = DDD_OK;

	snprintf(path, sizeof(path), "%s/%s", a->app->cfg->schema_dir,
	    PRIVACY_SCHEMA);
	if ((f = fopen(path, "rb")) == NULL) {
		log_error("privacy_export", "schema=%s error=\"cannot read\"",
		    path);
		return DDD_ERR_INTERNAL;
	}
	while (e == DDD_OK && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		e = buf_add(out, chunk, n);
	fclose(f);
	return e;
}

/* The PDF of the whole export, by our renderer in its processes. */
static enum ddd_err
render_pdf(const struct actor *a, xmlDocPtr doc, struct buf *pdf)
{
	struct buf	 fo;
	const char	*mt;
	enum ddd_err	 e;

	buf_init(&fo, XSL_MAX_OUTPUT);
	if ((e = xsl_apply(a->app->xsl, "privacy-fo", doc, NULL, &fo, &mt)) ==
	    DDD_OK)
		e = pdf_render(a->app->pdf, fo.ptr, fo.len, pdf);
	buf_free(&fo);
	return e;
}

/* The document's files into the pack and the zip. */
static enum ddd_err
finish(const struct actor *a, xmlDocPtr doc, const char *login,
    struct pack *pk, struct buf *zip)
{
	struct buf	 xml, pdf, rng;
	char		 name[NAME_MAX_ZIP];
	const char	*mt;
	size_t		 i;
	enum ddd_err	 e;

	buf_init(&xml, XSL_MAX_OUTPUT);
	buf_init(&pdf, (size_t)a->app->cfg->pdf_max_bytes);
	buf_init(&rng, SCHEMA_MAX);
	if ((e = xsl_apply(a->app->xsl, "privacy-export", doc, NULL, &xml,
	    &mt)) != DDD_OK || (e = render_pdf(a, doc, &pdf)) != DDD_OK ||
	    (e = schema_file(a, &rng)) != DDD_OK)
		goto out;
	snprintf(name, sizeof(name), "inzage-%s.pdf", login);
	if ((e = pack_add(pk, name, pdf.ptr, pdf.len, 1)) != DDD_OK)
		goto out;
	snprintf(name, sizeof(name), "inzage-%s.xml", login);
	if ((e = pack_add(pk, name, xml.ptr, xml.len, 0)) != DDD_OK ||
	    (e = pack_add(pk, PRIVACY_SCHEMA, rng.ptr, rng.len, 0)) != DDD_OK)
		goto out;
	/* The readable files first. */
	for (i = 0; i < pk->n; i++)
		pk->ent[i].name = pk->names[i];
	{
		struct zip_entry *ent = calloc(pk->n, sizeof(*ent));
		size_t k = 0, j;
		if (ent == NULL) {
			e = DDD_ERR_NOMEM;
			goto out;
		}
		for (j = pk->n - 3; j < pk->n; j++)
			ent[k++] = pk->ent[j];
		for (j = 0; j + 3 < pk->n; j++)
			ent[k++] = pk->ent[j];
		e = zipmem_build(ent, pk->n, zip);
		free(ent);
	}
out:
	buf_free(&xml);
	buf_free(&pdf);
	buf_free(&rng);
	return e;
}

enum ddd_err
privacy_export(const struct actor *a, const char *addr, long long student,
    struct buf *zip, char *name, size_t namelen)
{
	struct pack	 pk;
	struct db_result list;
	xmlDocPtr	 doc;
	xmlNodePtr	 r;
	char		 login[64], naam[1024], now[32];
	time_t		 t = time(NULL);
	struct tm	 tm;
	size_t		 i, shown = 0;
	int		 one;
	enum ddd_err	 e;

	if (!(a->role == ROLE_DECAAN || (a->role == ROLE_LEERLING &&
	    a->account_id == student)))
		return DDD_ERR_NOT_FOUND;
	if (!a->db->in_txn)
		return DDD_ERR_INTERNAL;
	memset(&pk, 0, sizeof(pk));
	memset(&list, 0, sizeof(list));
	if ((doc = xo_doc("inzage")) == NULL)
		return DDD_ERR_NOMEM;
	r = xo_root(doc);
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%d %H:%M:%S", &tm);
	xo_attr(r, "gemaakt", now);
	xo_attr(r, "voor", a->role == ROLE_LEERLING ? "leerling" : "school");
	xo_attr(r, "door", a->naam);
	if ((e = student_xml(a, student, r, login, sizeof(login), naam,
	    sizeof(naam))) != DDD_OK)
		goto out;
	{
		struct db_param p[2] = { DB_P_INT(a->tenant_id),
		    DB_P_INT(student) };
		if ((e = db_run(a->db, STMT_PRIVACY_DOSSIERS, p, 2, &list)) !=
		    DDD_OK)
			goto out;
	}
	for (i = 0; i < list.nrows; i++) {
		if ((e = dossier_xml(a, &list, i, r, &pk, &one)) != DDD_OK)
			goto out;
		shown += (size_t)one;
	}
	if ((e = mails_xml(a, student, naam, r)) != DDD_OK)
		goto out;
	/* Its own row first: the export shows that it was made. */
	if ((e = audit_record(a, addr, AUDIT_EXPORT, student, 0, "%s, %zu %s",
	    a->role == ROLE_LEERLING ? "door de leerling zelf" :
	    "door de school", shown, shown == 1 ? "dossier" : "dossiers")) !=
	    DDD_OK || (e = trails_xml(a, student, r)) != DDD_OK)
		goto out;
	if ((e = finish(a, doc, login, &pk, zip)) != DDD_OK)
		goto out;
	snprintf(name, namelen, "inzage-%s-%.10s.zip", login, now);
	log_info("privacy_export", "tenant=%lld by=%lld student=%lld "
	    "dossiers=%zu files=%zu bytes=%zu", a->tenant_id, a->account_id,
	    student, shown, pk.n, zip->len);
out:
	db_result_free(&list);
	pack_free(&pk);
	xmlFreeDoc(doc);
	return e;
}
