#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsn.h"
#include "keys.h"
#include "log.h"
#include "students.h"

/* Link the list's BSN to the account (new or without one).  A student who
 * has a BSN keeps it; a different one in the list is a problem to report,
 * as is a BSN that belongs to another student. */
static enum ddd_err
link_bsn(struct db *db, const struct crypto_tenant_key *key,
    long long tenant_id, long long account_id, const char *old_lookup,
    size_t old_len, const struct student *s, struct import_result *res,
    struct buf *report, size_t *problems)
{
	unsigned char	 sealed[CRYPTO_BSN_SEALED_LEN];
	unsigned char	 lookup[CRYPTO_BSN_HASH_LEN];
	struct db_result r;
	char		 masked[10];
	enum ddd_err	 e;

	bsn_mask(s->bsn, masked);
	if ((e = crypto_bsn_lookup_hash(key, s->bsn, 9, lookup)) != DDD_OK)
		return e;
	if (old_lookup != NULL) {
		if (old_len != sizeof(lookup) ||
		    !crypto_equal(old_lookup, old_len, lookup, sizeof(lookup))) {
			buf_printf(report, "regel %lu: BSN %s wijkt af van het "
			    "BSN dat al bij deze leerling bekend is\n",
			    (unsigned long)s->line, masked);
			(*problems)++;
		}
		return DDD_OK;
	}
	{
		struct db_param p[2] = { DB_P_INT(tenant_id),
		    DB_P_BLOB(lookup, sizeof(lookup)) };
		if ((e = db_run(db, STMT_ACCOUNT_BY_BSN, p, 2, &r)) != DDD_OK)
			return e;
		if (r.nrows > 0 && strtoll(DB_COL(&r, 0, "id"), NULL, 10) !=
		    account_id) {
			buf_printf(report, "regel %lu: BSN %s is al gekoppeld "
			    "aan een andere leerling\n",
			    (unsigned long)s->line, masked);
			(*problems)++;
			db_result_free(&r);
			return DDD_OK;
		}
		db_result_free(&r);
	}
	if ((e = crypto_bsn_seal(key, (uint64_t)account_id, s->bsn, 9,
	    sealed)) != DDD_OK)
		return e;
	{
		struct db_param p[4] = { DB_P_BLOB(sealed, sizeof(sealed)),
		    DB_P_BLOB(lookup, sizeof(lookup)), DB_P_INT(account_id),
		    DB_P_INT(tenant_id) };
		e = db_run(db, STMT_STUDENT_SET_BSN, p, 4, NULL);
	}
	crypto_wipe(sealed, sizeof(sealed));
	if (e == DDD_ERR_CONFLICT) {
		/* Two lines of this list with one BSN: the unique key. */
		buf_printf(report, "regel %lu: BSN %s staat ook bij een andere "
		    "leerling in deze lijst\n", (unsigned long)s->line, masked);
		(*problems)++;
		return DDD_OK;
	}
	if (e == DDD_OK)
		res->bsn_linked++;
	return e;
}

enum ddd_err
students_import(struct db *db, const struct crypto_master *master,
    long long tenant_id, const struct student_list *list,
    struct import_result *res, struct buf *report)
{
	struct crypto_tenant_key key;
	struct db_result r;
	size_t		 i, problems = 0;
	int		 have_key = 0;
	enum ddd_err	 e;

	memset(res, 0, sizeof(*res));
	memset(&key, 0, sizeof(key));
	if ((e = db_begin(db)) != DDD_OK)
		return e;
	for (i = 0; i < list->n; i++) {
		const struct student *s = &list->v[i];
		long long id;
		struct db_param lp[2] = { DB_P_INT(tenant_id),
		    DB_P_STR(s->leerlingnummer) };
		struct db_param leerjaar = s->leerjaar > 0 ?
		    (struct db_param)DB_P_INT(s->leerjaar) :
		    (struct db_param){ DB_NULL, NULL, 0, 0 };
		char *old = NULL;
		size_t oldlen = 0;

		if ((e = db_run(db, STMT_STUDENT_LOCK, lp, 2, &r)) != DDD_OK)
			goto rollback;
		if (r.nrows == 1 && strcmp(DB_COL(&r, 0, "role"), "leerling")) {
			buf_printf(report, "regel %lu: leerlingnummer %s hoort "
			    "bij een medewerker\n", (unsigned long)s->line,
			    s->leerlingnummer);
			problems++;
			db_result_free(&r);
			continue;
		}
		if (r.nrows == 1) {
			struct db_param p[9] = { DB_P_STR(s->email),
			    DB_P_STR(s->roepnaam), DB_P_STR(s->tussenvoegsel),
			    DB_P_STR(s->achternaam),
			    DB_P_STR(s->geboortedatum), DB_P_STR(s->klas),
			    leerjaar, { DB_INT, NULL, 0, 0 },
			    DB_P_INT(tenant_id) };
			id = strtoll(DB_COL(&r, 0, "id"), NULL, 10);
			p[7].i = id;
			if (DB_COL(&r, 0, "bsn_lookup") != NULL) {
				oldlen = DB_COL_LEN(&r, 0, "bsn_lookup");
				if ((old = malloc(oldlen)) != NULL)
					memcpy(old, DB_COL(&r, 0,
					    "bsn_lookup"), oldlen);
			}
			db_result_free(&r);
			if ((e = db_run(db, STMT_STUDENT_UPDATE, p, 9,
			    NULL)) != DDD_OK) {
				free(old);
				goto rollback;
			}
			res->updated++;
		} else {
			struct db_param p[9] = { DB_P_INT(tenant_id),
			    DB_P_STR(s->leerlingnummer), DB_P_STR(s->email),
			    DB_P_STR(s->roepnaam), DB_P_STR(s->tussenvoegsel),
			    DB_P_STR(s->achternaam),
			    DB_P_STR(s->geboortedatum), DB_P_STR(s->klas),
			    leerjaar };
			struct db_result ins;
			db_result_free(&r);
			if ((e = db_run(db, STMT_STUDENT_INSERT, p, 9,
			    &ins)) != DDD_OK)
				goto rollback;
			id = (long long)ins.insert_id;
			db_result_free(&ins);
			res->added++;
		}
		if (s->bsn[0] != '\0') {
			if (!have_key) {
				if ((e = keys_current(db, master, tenant_id,
				    &key)) != DDD_OK) {
					free(old);
					goto rollback;
				}
				have_key = 1;
			}
			e = link_bsn(db, &key, tenant_id, id, old, oldlen, s,
			    res, report, &problems);
			if (e != DDD_OK) {
				free(old);
				goto rollback;
			}
		}
		free(old);
	}
	if (problems > 0) {
		e = DDD_ERR_INVALID_INPUT;
		goto rollback;
	}
	crypto_tenant_key_wipe(&key);
	return db_commit(db);
rollback:
	db_rollback(db);
	crypto_tenant_key_wipe(&key);
	memset(res, 0, sizeof(*res));
	return e;
}

enum ddd_err
students_unmentored(struct db *db, long long tenant_id,
    const struct student_list *list, struct buf *out)
{
	struct db_param	 p = DB_P_INT(tenant_id);
	struct db_result r;
	size_t		 i, j;
	enum ddd_err	 e;

	if ((e = db_run(db, STMT_CLASSES_NO_MENTOR, &p, 1, &r)) != DDD_OK)
		return e;
	/* Only the list's own classes: older lists may have left others. */
	for (i = 0; i < r.nrows && e == DDD_OK; i++)
		for (j = 0; j < list->n; j++)
			if (strcmp(list->v[j].klas,
			    DB_COL(&r, i, "klas")) == 0) {
				e = buf_printf(out, "%s\n",
				    DB_COL(&r, i, "klas"));
				break;
			}
	db_result_free(&r);
	return e;
}
