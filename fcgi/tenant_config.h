/* A tenant's configuration: what the programs use of its loaded file
 * (tenant.config), parsed once into one struct per load of the file.
 *
 * A struct tenant_config never changes once built; it is shared
 * read-only by every thread and freed when its last reference goes.  The
 * cache (one per process: the worker's threads share one, the mailer has
 * its own) holds the newest one per tenant, with the tenant's
 * config_version (migration 0016: raised by every `dddctl tenant load`).
 * A lookup reads that number (one primary-key read) or takes it from a
 * query the caller ran anyway; when it differs from the cached one, the
 * file is read and parsed again.  So a reload takes effect at the next
 * request, also when two loads fall within one second.
 *
 * Without a cache (NULL: dddctl's one-shot commands) every lookup reads
 * and parses the file. */
#ifndef DDD_TENANT_CONFIG_H
#define DDD_TENANT_CONFIG_H

#include <stdatomic.h>
#include <stddef.h>

#include "addendum.h"
#include "db.h"
#include "err.h"
#include "forms.h"
#include "settings.h"
#include "sso_config.h"

#define TENANT_MAX_WEBHOOK	500	/* bytes of <webhook url> */
#define TENANT_ACCENT_DEFAULT	"#1d4e89"

/* Who mails for the tenant: <mail from name reply-to>, and the colour of
 * its mails (the branding's primary colour). */
struct tenant_sender {
	char	 addr[255];		/* "" when the file has none */
	char	 name[201];
	char	 reply_to[255];
	char	 accent[8];		/* "#rrggbb" */
};

struct tenant_config {
	long long		 tenant_id;
	unsigned long long	 version;	/* tenant.config_version */
	struct tenant_settings	 settings;
	struct tenant_branding	 branding;
	struct tenant_sender	 sender;
	char			 webhook[TENANT_MAX_WEBHOOK + 1]; /* or "" */
	struct tenant_sso	 sso;		/* <sso>: federated log-in */
	/* Deel A for this school: the shipped form with the regional
	 * addendum as one more step, built against the base the cache was
	 * made with (NULL when it was made without one). */
	struct form_with_addendum form_a;
	const struct form_def	*form_a_def;
	atomic_uint		 refs;
};

struct tenant_cache;

/* deel_a: the shipped deel A form to build each school's form against
 * (it must outlive the cache), or NULL when the program needs none. */
struct tenant_cache *tenant_cache_new(const struct form_def *deel_a);
void		 tenant_cache_free(struct tenant_cache *);

/* The configuration of tenant_id, referenced: release it when done.
 * DDD_ERR_NOT_FOUND when there is no such tenant; a file that cannot be
 * parsed gives the defaults (no sender, no addendum). */
enum ddd_err	 tenant_config_get(struct tenant_cache *, struct db *,
		    long long tenant_id, const struct tenant_config **out);
/* The same when the caller read the tenant's config_version already. */
enum ddd_err	 tenant_config_get_at(struct tenant_cache *, struct db *,
		    long long tenant_id, unsigned long long version,
		    const struct tenant_config **out);
void		 tenant_config_release(const struct tenant_config *);

/* Parse a tenant file (as loaded) into a new configuration with one
 * reference; DDD_ERR_NOMEM.  deel_a as for tenant_cache_new. */
enum ddd_err	 tenant_config_parse(const char *xml, size_t len,
		    const struct form_def *deel_a, struct tenant_config **out);

/* The cache's table without the database (for the lookups above and the
 * tests).  find: the entry for exactly (tenant_id, version), referenced,
 * or NULL.  put: publish c (its tenant_id and version set; the caller's
 * reference), replacing an entry of another version; the configuration
 * to use, referenced for the caller: c, or the equal entry already there
 * (then c is released). */
const struct tenant_config *tenant_cache_find(struct tenant_cache *,
		    long long tenant_id, unsigned long long version);
const struct tenant_config *tenant_cache_put(struct tenant_cache *,
		    struct tenant_config *c);

/* The references one request holds (struct ctx), one per tenant it
 * asked for, so every part of a page sees the same configuration and
 * the version is read once per request.  Released all at once. */
struct tenant_refs {
	const struct tenant_config **v;
	size_t			 n, alloc;
	/* The session's tenant and its config_version, read by the session
	 * query itself (0: none): its lookup needs no statement of its own. */
	long long		 known_tenant;
	unsigned long long	 known_version;
};

enum ddd_err	 tenant_refs_get(struct tenant_refs *,
		    struct tenant_cache *, struct db *, long long tenant_id,
		    const struct tenant_config **out);
void		 tenant_refs_release(struct tenant_refs *);
/* Record the config_version of tenant_id that a query of this request
 * read already (the session's). */
void		 tenant_refs_known(struct tenant_refs *, long long tenant_id,
		    unsigned long long version);

#endif
