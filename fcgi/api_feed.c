#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_feed.h"
#include "crypto.h"

/* "v1." and the decimal position, base64url: opaque to clients, and a
 * later form can tell itself apart. */
#define CURSOR_PREFIX	"v1."

enum ddd_err
api_feed_touch(struct db *db, long long college_id, long long dossier_id)
{
	struct db_param	 c = DB_P_INT(college_id);
	struct db_result res;
	unsigned long long seq;
	enum ddd_err	 e;

	if (!db->in_txn)
		return DDD_ERR_INTERNAL;	/* with the change, or not */
	if (college_id <= 0)
		return DDD_OK;
	/* Locks the college's counter until commit: positions are
	 * committed in the order they are handed out. */
	if ((e = db_run(db, STMT_API_FEED_NEXT, &c, 1, NULL)) != DDD_OK ||
	    (e = db_run(db, STMT_API_FEED_SEQ, &c, 1, &res)) != DDD_OK)
		return e;
	if (res.nrows != 1) {
		db_result_free(&res);
		return DDD_ERR_INTERNAL;
	}
	seq = strtoull(DB_COL(&res, 0, "seq"), NULL, 10);
	db_result_free(&res);
	{
		struct db_param p[3] = { DB_P_INT(college_id),
		    DB_P_INT(dossier_id), DB_P_INT((long long)seq) };
		return db_run(db, STMT_API_FEED_PUT, p, 3, NULL);
	}
}

enum ddd_err
api_feed_after(struct db *db, long long college_id, unsigned long long since,
    size_t max, struct api_feed_item *out, size_t *n)
{
	struct db_param	 p[3] = { DB_P_INT(college_id),
	    DB_P_INT((long long)since), DB_P_INT((long long)max) };
	struct db_result res;
	enum ddd_err	 e;
	size_t		 i;

	*n = 0;
	if ((e = db_run(db, STMT_API_FEED_LIST, p, 3, &res)) != DDD_OK)
		return e;
	for (i = 0; i < res.nrows && i < max; i++) {
		out[i].dossier_id = strtoll(DB_COL(&res, i, "dossier_id"),
		    NULL, 10);
		out[i].seq = strtoull(DB_COL(&res, i, "seq"), NULL, 10);
	}
	*n = i;
	db_result_free(&res);
	return DDD_OK;
}

void
api_cursor_encode(unsigned long long seq, char out[API_CURSOR_SIZE])
{
	char	 plain[32];
	int	 len;

	len = snprintf(plain, sizeof(plain), CURSOR_PREFIX "%llu", seq);
	if (crypto_b64url_encode(plain, (size_t)len, out, API_CURSOR_SIZE) ==
	    -1)
		out[0] = '\0';
}

int
api_cursor_decode(const char *s, unsigned long long *seq)
{
	unsigned char	 plain[32];
	size_t		 len, i, pl = sizeof(CURSOR_PREFIX) - 1;
	unsigned long long v = 0;

	*seq = 0;
	if (s == NULL || *s == '\0')
		return 0;
	if (strlen(s) >= API_CURSOR_SIZE ||
	    crypto_b64url_decode(s, strlen(s), plain, sizeof(plain) - 1,
	    &len) == -1 || len <= pl || len > pl + 19 ||
	    memcmp(plain, CURSOR_PREFIX, pl) != 0)
		return -1;
	/* One spelling per position: no leading zeros. */
	if (plain[pl] == '0' && len > pl + 1)
		return -1;
	for (i = pl; i < len; i++) {
		if (plain[i] < '0' || plain[i] > '9')
			return -1;
		v = v * 10 + (unsigned long long)(plain[i] - '0');
	}
	if (v > (unsigned long long)INT64_MAX)
		return -1;
	*seq = v;
	return 0;
}
