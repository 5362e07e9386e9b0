/* A tenant's configuration, parsed once per load of its file, and the
 * per-process cache of it (see tenant_config.h for the contract).
 *
 * The cache is a table of the newest configuration per tenant, sorted by
 * tenant id, behind one mutex that is held only to look up, insert or
 * swap a pointer: parsing happens outside it, so a reload never stalls
 * the threads that still use the old configuration.  After a reload the
 * threads that miss at once may each parse the new file (a few ms, once);
 * the first to publish wins and the others use that one. */

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>

#include "log.h"
#include "tenant.h"
#include "tenant_config.h"
#include "xmlcheck.h"

struct tenant_cache {
	pthread_mutex_t		 lock;
	const struct form_def	*deel_a;
	struct tenant_config	**v;	/* ascending tenant_id */
	size_t			 n, alloc;
};

/* Attribute value into dst ("" when missing or too long). */
static void
attr_copy(char *dst, size_t size, const xmlNode *n, const char *name)
{
	xmlChar	*v = n != NULL ? xmlGetProp(n, BAD_CAST name) : NULL;

	dst[0] = '\0';
	if (v != NULL && (size_t)xmlStrlen(v) < size)
		memcpy(dst, v, (size_t)xmlStrlen(v) + 1);
	xmlFree(v);
}

static void
config_free(struct tenant_config *c)
{
	if (c == NULL)
		return;
	settings_branding_free(&c->branding);
	sso_config_free(&c->sso);
	addendum_free(&c->form_a);
	free(c);
}

/* Everything but the settings and branding (settings.c). */
static int
parse_root(const xmlNode *root, const struct form_def *deel_a,
    struct tenant_config *c)
{
	const xmlNode	*n;

	if ((n = xml_child(root, TENANT_NS, "mail")) != NULL) {
		attr_copy(c->sender.addr, sizeof(c->sender.addr), n, "from");
		attr_copy(c->sender.name, sizeof(c->sender.name), n, "name");
		attr_copy(c->sender.reply_to, sizeof(c->sender.reply_to), n,
		    "reply-to");
	}
	if (c->branding.colour[0] != '\0')
		memcpy(c->sender.accent, c->branding.colour,
		    sizeof(c->sender.accent));
	if ((n = xml_child(root, TENANT_NS, "webhook")) != NULL)
		attr_copy(c->webhook, sizeof(c->webhook), n, "url");
	if (deel_a == NULL)
		return 0;
	if (addendum_build(xml_child(root, TENANT_NS, "extra-questions"),
	    deel_a, "deel_a", &c->form_a) == -1)
		return -1;
	c->form_a_def = c->form_a.has_extra ? &c->form_a.def : deel_a;
	return 0;
}

enum ddd_err
tenant_config_parse(const char *xml, size_t len, const struct form_def *deel_a,
    struct tenant_config **out)
{
	struct tenant_config	*c;
	xmlDocPtr		 doc = NULL;
	const xmlNode		*root = NULL;
	enum ddd_err		 e = DDD_ERR_NOMEM;

	*out = NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return DDD_ERR_NOMEM;
	atomic_init(&c->refs, 1);
	snprintf(c->sender.accent, sizeof(c->sender.accent), "%s",
	    TENANT_ACCENT_DEFAULT);
	c->form_a_def = deel_a;
	/* The file passed the schema when it was loaded; one that does not
	 * parse now gives the defaults. */
	if (xml != NULL && len <= INT_MAX)
		doc = xmlReadMemory(xml, (int)len, "tenant.xml", "UTF-8",
		    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc != NULL && xml_is_el(xmlDocGetRootElement(doc), TENANT_NS,
	    "tenant"))
		root = xmlDocGetRootElement(doc);
	settings_parse(root, &c->settings);
	/* An <sso> that does not parse leaves federated log-in off (the
	 * password stays): the file passed the checks when it was loaded. */
	(void)sso_config_parse(root, &c->sso);
	if (root != NULL && (settings_branding_parse(root, &c->branding) ==
	    -1 || parse_root(root, deel_a, c) == -1))
		goto out;
	*out = c;
	c = NULL;
	e = DDD_OK;
out:
	if (doc != NULL)
		xmlFreeDoc(doc);
	config_free(c);
	return e;
}

void
tenant_config_release(const struct tenant_config *cc)
{
	/* The count is the one part that changes after publication. */
	struct tenant_config *c = (struct tenant_config *)cc;

	if (c != NULL && atomic_fetch_sub(&c->refs, 1) == 1)
		config_free(c);
}

static const struct tenant_config *
ref(struct tenant_config *c)
{
	atomic_fetch_add(&c->refs, 1);
	return c;
}

struct tenant_cache *
tenant_cache_new(const struct form_def *deel_a)
{
	struct tenant_cache	*t;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	if (pthread_mutex_init(&t->lock, NULL) != 0) {
		free(t);
		return NULL;
	}
	t->deel_a = deel_a;
	return t;
}

void
tenant_cache_free(struct tenant_cache *t)
{
	size_t	 i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++)
		tenant_config_release(t->v[i]);
	free(t->v);
	pthread_mutex_destroy(&t->lock);
	free(t);
}

/* Index of tenant_id, or where it would go; with the lock held. */
static size_t
slot(const struct tenant_cache *t, long long tenant_id, int *found)
{
	size_t	 lo = 0, hi = t->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t->v[mid]->tenant_id < tenant_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < t->n && t->v[lo]->tenant_id == tenant_id;
	return lo;
}

const struct tenant_config *
tenant_cache_find(struct tenant_cache *t, long long tenant_id,
    unsigned long long version)
{
	const struct tenant_config *c = NULL;
	size_t		 i;
	int		 found;

	pthread_mutex_lock(&t->lock);
	i = slot(t, tenant_id, &found);
	if (found && t->v[i]->version == version)
		c = ref(t->v[i]);
	pthread_mutex_unlock(&t->lock);
	return c;
}

const struct tenant_config *
tenant_cache_put(struct tenant_cache *t, struct tenant_config *c)
{
	struct tenant_config	*old = NULL, **nv;
	const struct tenant_config *use = c;
	size_t			 i, alloc;
	int			 found;

	pthread_mutex_lock(&t->lock);
	i = slot(t, c->tenant_id, &found);
	if (found && t->v[i]->version == c->version) {
		/* Another thread parsed the same file first. */
		use = ref(t->v[i]);
		old = c;
	} else if (found) {
		/* Whatever the number, the database just said it is the
		 * current one (a restored backup can lower it). */
		old = t->v[i];
		t->v[i] = c;
		ref(c);
	} else {
		if (t->n == t->alloc) {
			alloc = t->alloc ? t->alloc * 2 : 16;
			if ((nv = reallocarray(t->v, alloc, sizeof(*nv))) ==
			    NULL)
				goto unlock;	/* used, not cached */
			t->v = nv;
			t->alloc = alloc;
		}
		memmove(&t->v[i + 1], &t->v[i], (t->n - i) * sizeof(*t->v));
		t->v[i] = c;
		t->n++;
		ref(c);
	}
unlock:
	pthread_mutex_unlock(&t->lock);
	tenant_config_release(old);
	return use;
}

static long long
us_since(const struct timespec *t0)
{
	struct timespec	 t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (long long)(t1.tv_sec - t0->tv_sec) * 1000000 +
	    (t1.tv_nsec - t0->tv_nsec) / 1000;
}

/* Read the file and its version, parse, publish. */
static enum ddd_err
load(struct tenant_cache *t, struct db *db, long long tenant_id,
    const struct tenant_config **out)
{
	struct db_param		 p = DB_P_INT(tenant_id);
	struct db_result	 res;
	struct tenant_config	*c;
	struct timespec		 t0;
	enum ddd_err		 e;

	if ((e = db_run(db, STMT_TENANT_FILE, &p, 1, &res)) != DDD_OK)
		return e;
	if (res.nrows != 1) {
		db_result_free(&res);
		return DDD_ERR_NOT_FOUND;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	e = tenant_config_parse(DB_COL(&res, 0, "config"),
	    DB_COL_LEN(&res, 0, "config"), t != NULL ? t->deel_a : NULL, &c);
	if (e == DDD_OK) {
		c->tenant_id = tenant_id;
		c->version = strtoull(DB_COL(&res, 0, "config_version"),
		    NULL, 10);
		/* With a cache once per load of the file in each process:
		 * shows when a reload was picked up, and what parsing cost. */
		log_msg(t != NULL ? LOG_INFO : LOG_DEBUG, "tenant_config",
		    "tenant=%lld version=%llu bytes=%zu us=%lld", tenant_id,
		    c->version, DB_COL_LEN(&res, 0, "config"), us_since(&t0));
		*out = t != NULL ? tenant_cache_put(t, c) : c;
	}
	db_result_free(&res);
	return e;
}

enum ddd_err
tenant_config_get_at(struct tenant_cache *t, struct db *db,
    long long tenant_id, unsigned long long version,
    const struct tenant_config **out)
{
	*out = NULL;
	if (t != NULL && (*out = tenant_cache_find(t, tenant_id, version)) !=
	    NULL)
		return DDD_OK;
	return load(t, db, tenant_id, out);
}

enum ddd_err
tenant_config_get(struct tenant_cache *t, struct db *db, long long tenant_id,
    const struct tenant_config **out)
{
	struct db_param		 p = DB_P_INT(tenant_id);
	struct db_result	 res;
	unsigned long long	 version;
	enum ddd_err		 e;

	*out = NULL;
	if (t == NULL)
		return load(NULL, db, tenant_id, out);
	if ((e = db_run(db, STMT_TENANT_CONFIG_VERSION, &p, 1, &res)) !=
	    DDD_OK)
		return e;
	if (res.nrows != 1) {
		db_result_free(&res);
		return DDD_ERR_NOT_FOUND;
	}
	version = strtoull(DB_COL(&res, 0, "config_version"), NULL, 10);
	db_result_free(&res);
	return tenant_config_get_at(t, db, tenant_id, version, out);
}

enum ddd_err
tenant_refs_get(struct tenant_refs *r, struct tenant_cache *t, struct db *db,
    long long tenant_id, const struct tenant_config **out)
{
	const struct tenant_config **nv;
	size_t		 i, alloc;
	enum ddd_err	 e;

	for (i = 0; i < r->n; i++)
		if (r->v[i]->tenant_id == tenant_id) {
			*out = r->v[i];
			return DDD_OK;
		}
	*out = NULL;
	if (r->n == r->alloc) {
		alloc = r->alloc ? r->alloc * 2 : 4;
		if ((nv = reallocarray(r->v, alloc, sizeof(*nv))) == NULL)
			return DDD_ERR_NOMEM;
		r->v = nv;
		r->alloc = alloc;
	}
	/* The session's version, when the cache has it; otherwise the
	 * version is read here (a session read on a replica may be behind
	 * the cache: a miss must not parse an older file for nothing). */
	if (tenant_id == r->known_tenant && t != NULL)
		*out = tenant_cache_find(t, tenant_id, r->known_version);
	if (*out == NULL &&
	    (e = tenant_config_get(t, db, tenant_id, out)) != DDD_OK)
		return e;
	r->v[r->n++] = *out;
	return DDD_OK;
}

void
tenant_refs_known(struct tenant_refs *r, long long tenant_id,
    unsigned long long version)
{
	r->known_tenant = tenant_id;
	r->known_version = version;
}

void
tenant_refs_release(struct tenant_refs *r)
{
	size_t	 i;

	for (i = 0; i < r->n; i++)
		tenant_config_release(r->v[i]);
	free(r->v);
	memset(r, 0, sizeof(*r));
}
