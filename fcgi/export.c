#include <stdint.h>
#include <string.h>

#include "app.h"
#include "crypto.h"
#include "export.h"
#include "keys.h"
#include "log.h"
#include "view.h"
#include "xmlout.h"
#include "xsl.h"

/* The BSN of a dossier's student: opened with the school's key; "" when
 * none is linked. */
static enum ddd_err
open_bsn(const struct actor *a, const struct dossier *d, const char *sealed,
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
	if ((e = keys_version(a->db, a->app->master, d->tenant_id, version,
	    &key)) != DDD_OK)
		return e;
	e = crypto_bsn_open(&key, (uint64_t)d->student_id,
	    (const unsigned char *)sealed, len, bsn);
	crypto_tenant_key_wipe(&key);
	return e;
}

enum ddd_err
export_bsn_seen(const struct actor *a, const struct dossier *d,
    const char *purpose)
{
	enum ddd_err	 e;

	/* Who saw a BSN is in the access log the decaan reads. */
	if ((e = dossier_access(a, d, "bsn")) != DDD_OK)
		return e;
	log_info("bsn_seen", "tenant=%lld by=%lld dossier=%lld school=%lld "
	    "purpose=%s", a->tenant_id, a->account_id, d->id, d->tenant_id,
	    purpose);
	return DDD_OK;
}

enum ddd_err
export_dossier(const struct actor *a, const struct dossier *d,
    struct buf *out, int *has_bsn)
{
	struct answers	 ans;
	struct db_result st;
	xmlDocPtr	 doc;
	xmlNodePtr	 r, l;
	char		 bsn[CRYPTO_BSN_LEN + 1];
	const char	*mt;
	enum ddd_err	 e;

	*has_bsn = 0;
	{
		struct db_param p[2] = { DB_P_INT(d->student_id),
		    DB_P_INT(d->tenant_id) };
		if ((e = db_run(a->db, STMT_EXPORT_STUDENT, p, 2, &st)) !=
		    DDD_OK)
			return e;
	}
	if (st.nrows != 1) {
		db_result_free(&st);
		return DDD_ERR_NOT_FOUND;
	}
	if ((e = open_bsn(a, d, DB_COL(&st, 0, "bsn_sealed"),
	    DB_COL_LEN(&st, 0, "bsn_sealed"), bsn)) != DDD_OK) {
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
	if (bsn[0] != '\0') {
		xo_el(l, "bsn", bsn);
		*has_bsn = 1;
	}
	xo_attr(xo_el(r, "school", DB_COL(&st, 0, "school")), "brin",
	    DB_COL(&st, 0, "brin"));
	crypto_wipe(bsn, sizeof(bsn));
	db_result_free(&st);
	if ((e = answers_get(a, d, &ans)) != DDD_OK)
		goto out;
	e = view_dossier(a, d, &ans, PARTS_ALL, r);
	answers_free(&ans);
	if (e != DDD_OK)
		goto out;
	e = xsl_apply(a->app->xsl, "export-dossier", doc, NULL, out, &mt);
out:
	xmlFreeDoc(doc);
	return e;
}
