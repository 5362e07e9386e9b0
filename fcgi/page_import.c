/* Leerlinglijst inlezen: the decaan uploads a student list (CSV from
 * Magister or Somtoday); all or nothing, with a report per line. */
#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "log.h"
#include "pages.h"
#include "students.h"
#include "xmlout.h"

static xmlNodePtr
import_page(struct ctx *c)
{
	xmlNodePtr	 r;

	if ((r = http_page(c, "inlezen", "inlezen")) == NULL)
		return NULL;
	xo_attr_int(xo_el(r, "max", NULL), "mb", CSV_MAX_BYTES / (1024 * 1024));
	http_header(c, "Cache-Control", "private, no-store");
	return r;
}

enum ddd_err
page_import(struct ctx *c)
{
	return import_page(c) != NULL ? DDD_OK : DDD_ERR_NOMEM;
}

/* The report's lines as <regel> elements. */
static void
report_lines(xmlNodePtr parent, const char *name, const struct buf *report)
{
	const char	*p = report->ptr, *nl;

	while (p != NULL && *p != '\0') {
		nl = strchr(p, '\n');
		xo_eln(parent, name, p, nl ? (size_t)(nl - p) : strlen(p));
		p = nl ? nl + 1 : NULL;
	}
}

enum ddd_err
page_import_post(struct ctx *c)
{
	const struct mp_part *f = mp_get(&c->upload, "lijst");
	struct student_list list;
	struct import_result res;
	struct buf	 report;
	xmlNodePtr	 r, errors, out;
	char		 msg[MP_MAX_FILENAME + 160];
	enum ddd_err	 e;

	if ((r = import_page(c)) == NULL)
		return DDD_ERR_NOMEM;
	errors = xo_el(r, "errors", NULL);
	/* No file chosen: the browser sends a part with filename "" and no
	 * bytes.  A chosen file of 0 bytes has its name. */
	if (f == NULL || f->filename == NULL ||
	    (f->filename[0] == '\0' && f->len == 0)) {
		xo_attr(xo_el(errors, "error", "Kies het bestand met de "
		    "leerlinglijst."), "field", "lijst");
		http_page_error(c, DDD_ERR_INVALID_INPUT);
		return DDD_OK;
	}
	if (f->len == 0) {
		snprintf(msg, sizeof(msg), "Het bestand ‘%s’ is leeg (0 "
		    "bytes): er staat geen leerlinglijst in. Exporteer de lijst "
		    "opnieuw en kies dat bestand.", f->filename);
		xo_attr(xo_el(errors, "error", msg), "field", "lijst");
		http_page_error(c, DDD_ERR_INVALID_INPUT);
		return DDD_OK;
	}
	xo_el(r, "bestand", f->filename);
	csv_students_init(&list);
	buf_init(&report, CSV_REPORT_CAP);
	e = csv_parse_students(f->data, f->len, &list, &report);
	if (e == DDD_OK)
		e = students_import(c->db, c->app->master, c->sess.tenant_id,
		    &list, &res, &report);
	if (e == DDD_ERR_INVALID_INPUT || e == DDD_ERR_TOO_LARGE) {
		out = xo_el(r, "geweigerd", NULL);
		report_lines(out, "regel", &report);
		xo_attr(xo_el(errors, "error", "De lijst is niet ingelezen: "
		    "er staan fouten in. Verbeter ze en lees de hele lijst "
		    "opnieuw in."), "field", "lijst");
		http_page_error(c, DDD_ERR_INVALID_INPUT);
		log_info("import_refused", "tenant=%lld by=%lld",
		    c->sess.tenant_id, c->sess.account_id);
		e = DDD_OK;
	} else if (e == DDD_OK) {
		out = xo_el(r, "ingelezen", NULL);
		xo_attr_int(out, "leerlingen", (long long)list.n);
		xo_attr_int(out, "nieuw", (long long)res.added);
		xo_attr_int(out, "bijgewerkt", (long long)res.updated);
		xo_attr_int(out, "bsn", (long long)res.bsn_linked);
		report_lines(out, "let-op", &report);
		/* Classes without a mentor: nobody would get their deel A.
		 * The list is in; a failure here only loses the note. */
		buf_reset(&report);
		if (students_unmentored(c->db, c->sess.tenant_id, &list,
		    &report) == DDD_OK)
			report_lines(xo_el(out, "zonder-mentor", NULL), "klas",
			    &report);
		else
			log_warn("import_unmentored_failed", "tenant=%lld",
			    c->sess.tenant_id);
		log_info("import", "tenant=%lld by=%lld students=%lu new=%lu",
		    c->sess.tenant_id, c->sess.account_id,
		    (unsigned long)list.n, (unsigned long)res.added);
		e = audit_record(&c->actor, c->remote_addr, AUDIT_IMPORT, 0, 0,
		    "%zu leerlingen: %zu nieuw, %zu bijgewerkt", list.n,
		    res.added, res.updated);
	}
	csv_students_free(&list);
	buf_free(&report);
	return e;
}
