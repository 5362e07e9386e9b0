/* A tenant's configuration (fcgi/tenant_config.c): the demo files parse
 * into what the pages, documents, mails and webhooks use (settings,
 * branding, sender, webhook, deel A with the regional addendum built
 * once); a file that does not parse gives the defaults; the cache keeps
 * one entry per tenant and version, a replaced entry stays usable until
 * its last reference goes; and threads that look up and publish while
 * versions change always see one whole configuration of one version. */

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "buf.h"
#include "dossier.h"
#include "forms.h"
#include "tenant_config.h"
#include "tap.h"

#define THREADS		6
#define VERSIONS	300

static const char	*srcdir;
static const struct form_def *deel_a;

static char *
slurp(const char *name, size_t *len)
{
	char	 path[1100];
	FILE	*f;
	char	*s;
	long	 n;

	snprintf(path, sizeof(path), "%s/tenants/%s", srcdir, name);
	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	if (n < 0 || (s = malloc((size_t)n + 1)) == NULL) {
		fclose(f);
		return NULL;
	}
	*len = fread(s, 1, (size_t)n, f);
	s[*len] = '\0';
	fclose(f);
	return s;
}

static struct tenant_config *
parse_file(const char *name, const struct form_def *base)
{
	struct tenant_config *c = NULL;
	size_t		 len = 0;
	char		*text = slurp(name, &len);

	if (text == NULL ||
	    tenant_config_parse(text, len, base, &c) != DDD_OK)
		c = NULL;
	free(text);
	return c;
}

static void
check_demo(void)
{
	struct tenant_config *c;
	const struct form_step *x;

	c = parse_file("het-noorderlicht.xml", deel_a);
	ok(c != NULL, "het-noorderlicht.xml parses");
	if (c == NULL)
		return;
	is_str(c->settings.deadline[0], "2027-02-26", "deadline deel A");
	is_str(c->settings.deadline[1], "2027-03-19", "deadline deel B");
	is_str(c->settings.deadline[2], "2027-04-09", "deadline akkoord");
	is_int(c->settings.consent_age, 18, "consent age: the default");
	is_int(c->settings.upload_max, 10 * 1024 * 1024, "upload: default");
	is_int(c->settings.retention_months, 24, "retention: default");
	is_str(c->branding.colour, "#0b6e4f", "branding colour");
	ok(c->branding.logo != NULL && strncmp(c->branding.logo,
	    "data:image/svg+xml;base64,PHN2Zy", 32) == 0, "logo data URI");
	is_str(c->sender.addr, "ddd@noorderlicht.example", "sender address");
	is_str(c->sender.name, "Het Noorderlicht College", "sender name");
	is_str(c->sender.reply_to, "", "no reply-to");
	is_str(c->sender.accent, "#0b6e4f", "mail accent: the colour");
	is_str(c->webhook, "", "a school has no webhook");
	ok(c->form_a_def == &c->form_a.def, "deel A with the addendum");
	is_int(c->form_a_def->nsteps, deel_a->nsteps + 1, "one step more");
	ok(c->form_a_def->steps[0].questions == deel_a->steps[0].questions,
	    "the shipped steps are shared, not copied");
	x = &c->form_a_def->steps[c->form_a_def->nsteps - 1];
	is_str(x->id, "regionaal", "the extra step's id");
	is_str(x->title, "Regionale aanvulling Noord", "its title");
	is_int(x->nquestions, 2, "its two questions");
	if (x->nquestions == 2) {
		is_str(x->questions[0].id, "meeloopdag", "first question");
		ok(x->questions[0].required && x->questions[0].type ==
		    Q_YES_NO, "required yes-no");
		is_int(x->questions[1].noptions, 4, "four options");
		is_str(x->questions[1].help, "We gebruiken dit om het reizen "
		    "in de regio beter te regelen.", "help text");
	}
	is_int(atomic_load(&c->refs), 1, "one reference: the parser's");
	tenant_config_release(c);

	c = parse_file("de-brug.xml", deel_a);
	ok(c != NULL, "de-brug.xml parses");
	if (c == NULL)
		return;
	is_int(c->settings.consent_age, 18, "De Brug: parent-consent-under");
	is_str(c->settings.deadline[0], "2027-03-01", "De Brug: deadline");
	is_str(c->sender.reply_to, "decanaat@debrug.example", "reply-to");
	ok(c->form_a_def == deel_a, "no addendum: the shipped form itself");
	ok(c->branding.logo != NULL && strncmp(c->branding.logo,
	    "data:image/png;base64,", 22) == 0, "PNG logo");
	tenant_config_release(c);

	c = parse_file("roc-rijnland.xml", NULL);
	ok(c != NULL, "roc-rijnland.xml parses");
	if (c == NULL)
		return;
	is_str(c->sender.addr, "intake@rocrijnland.example", "MBO sender");
	is_str(c->sender.accent, "#8a1538", "MBO accent");
	ok(c->form_a_def == NULL, "without a base no deel A is built");
	tenant_config_release(c);
}

static void
check_values(void)
{
	static const char text[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<tenant xmlns=\"urn:ddd:tenant:1\" id=\"x\" kind=\"vo\">"
	    "<name>X</name><brin>12AB</brin>"
	    "<mail from=\"a@x.example\" name=\"X\"/>"
	    "<parent-consent-under>16</parent-consent-under>"
	    "<retention-months>36</retention-months>"
	    "<upload-max-mb>3</upload-max-mb>"
	    "<webhook url=\"https://mbo.example/hook\"/></tenant>";
	struct tenant_config *c;

	ok(tenant_config_parse(text, sizeof(text) - 1, deel_a, &c) ==
	    DDD_OK, "a file with every setting parses");
	is_int(c->settings.consent_age, 16, "parent-consent-under");
	is_int(c->settings.retention_months, 36, "retention-months");
	is_int(c->settings.upload_max, 3 * 1024 * 1024, "upload-max-mb");
	is_str(c->webhook, "https://mbo.example/hook", "webhook url");
	is_str(c->sender.accent, TENANT_ACCENT_DEFAULT, "default accent");
	is_str(c->settings.deadline[0], "", "no deadlines: empty");
	tenant_config_release(c);
}

static void
check_defaults(void)
{
	static const char *const bad[] = { "", "not xml", "<tenant/>",
	    "<t:tenant xmlns:t=\"urn:other\"><t:mail from=\"a@b.example\"/>"
	    "</t:tenant>", "<tenant xmlns=\"urn:ddd:tenant:1\"><mail" };
	struct tenant_config *c;
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ok(tenant_config_parse(bad[i], strlen(bad[i]), deel_a, &c) ==
		    DDD_OK, "unusable file %zu: still a configuration", i);
		ok(c->settings.consent_age == CONSENT_AGE_DEFAULT &&
		    c->settings.retention_months == RETENTION_MONTHS_DEFAULT &&
		    c->settings.upload_max == UPLOAD_MAX_MB_DEFAULT * 1024 *
		    1024 && c->settings.deadline[0][0] == '\0' &&
		    c->branding.colour[0] == '\0' && c->branding.logo ==
		    NULL && c->sender.addr[0] == '\0' && c->webhook[0] ==
		    '\0' && strcmp(c->sender.accent, TENANT_ACCENT_DEFAULT) ==
		    0 && c->form_a_def == deel_a, "... with the defaults and "
		    "no sender");
		tenant_config_release(c);
	}
	ok(tenant_config_parse(NULL, 0, NULL, &c) == DDD_OK &&
	    c->sender.addr[0] == '\0', "no file at all: the defaults");
	tenant_config_release(c);
	tenant_config_release(NULL);
	ok(1, "releasing NULL is nothing");
}

/* A tenant file whose every value says its version. */
static struct tenant_config *
versioned(long long tenant_id, unsigned long long v)
{
	char		 text[2048];
	struct tenant_config *c;
	int		 n;

	n = snprintf(text, sizeof(text),
	    "<tenant xmlns=\"urn:ddd:tenant:1\" id=\"t\" kind=\"vo\">"
	    "<name>T</name><brin>12AB</brin>"
	    "<mail from=\"v%llu@school.example\" name=\"School %llu\"/>"
	    "<branding><colours primary=\"#%06llx\"/></branding>"
	    "<parent-consent-under>%llu</parent-consent-under>"
	    "<extra-questions title=\"Aanvulling %llu\">"
	    "<question id=\"q\" part=\"deel_a\" type=\"text\">"
	    "<label>Vraag %llu</label></question></extra-questions>"
	    "</tenant>", v, v, v, 12 + v % 10, v, v);
	if (tenant_config_parse(text, (size_t)n, deel_a, &c) != DDD_OK)
		return NULL;
	c->tenant_id = tenant_id;
	c->version = v;
	return c;
}

/* Every part of c from the same version. */
static int
whole(const struct tenant_config *c)
{
	char	 want[64];
	const struct form_step *x;

	if (c == NULL)
		return 0;
	snprintf(want, sizeof(want), "v%llu@school.example", c->version);
	if (strcmp(c->sender.addr, want) != 0)
		return 0;
	snprintf(want, sizeof(want), "#%06llx", c->version);
	if (strcmp(c->branding.colour, want) != 0 ||
	    strcmp(c->sender.accent, want) != 0)
		return 0;
	if ((unsigned long long)c->settings.consent_age != 12 +
	    c->version % 10)
		return 0;
	x = &c->form_a_def->steps[c->form_a_def->nsteps - 1];
	snprintf(want, sizeof(want), "Aanvulling %llu", c->version);
	return c->form_a_def->nsteps == deel_a->nsteps + 1 &&
	    strcmp(x->title, want) == 0;
}

static void
check_cache(void)
{
	struct tenant_cache *t = tenant_cache_new(deel_a);
	const struct tenant_config *a, *b, *held, *f;
	struct tenant_config *c;
	long long	 ids[] = { 5, 4, 3, 9, 2 };
	size_t		 i;
	int		 all;

	ok(t != NULL, "a cache");
	ok(tenant_cache_find(t, 1, 1) == NULL, "empty: nothing found");
	c = versioned(1, 1);
	a = tenant_cache_put(t, c);
	ok(a == c, "put: the new configuration is used");
	is_int(atomic_load(&c->refs), 2, "referenced by the table and the "
	    "caller");
	f = tenant_cache_find(t, 1, 1);
	ok(f == c, "found by tenant and version");
	tenant_config_release(f);
	ok(tenant_cache_find(t, 1, 2) == NULL, "another version: a miss");
	held = a;	/* a request still using version 1 */
	c = versioned(1, 2);
	b = tenant_cache_put(t, c);
	ok(b == c, "version 2 replaces version 1");
	ok(tenant_cache_find(t, 1, 1) == NULL, "version 1 is gone from the "
	    "table");
	ok(whole(held) && held->version == 1, "... and still whole for the "
	    "request that holds it");
	tenant_config_release(held);
	c = versioned(1, 2);
	a = tenant_cache_put(t, c);
	ok(a == b, "the same version parsed twice: the first one is kept");
	tenant_config_release(a);
	tenant_config_release(b);
	c = versioned(1, 1);
	a = tenant_cache_put(t, c);
	f = tenant_cache_find(t, 1, 1);
	ok(a == c && f == c, "a lower number replaces too (the database "
	    "said so: a restored backup)");
	tenant_config_release(f);
	tenant_config_release(a);
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		tenant_config_release(tenant_cache_put(t, versioned(ids[i],
		    7)));
	for (i = 0, all = 1; i < sizeof(ids) / sizeof(ids[0]); i++) {
		f = tenant_cache_find(t, ids[i], 7);
		all = all && f != NULL && f->tenant_id == ids[i];
		tenant_config_release(f);
	}
	ok(all, "five tenants, found each by id");
	f = tenant_cache_find(t, 1, 1);
	ok(f != NULL, "tenant 1 kept its entry among them");
	tenant_config_release(f);
	tenant_cache_free(t);
	ok(1, "cache freed with its entries");
}

struct shared {
	struct tenant_cache	*t;
	atomic_ullong		 current;	/* as in the database */
	atomic_int		 done;
	atomic_ulong		 lookups, hits, torn, failed;
};

/* A reload in a loop: a new version published, then made current. */
static void *
reloader(void *arg)
{
	struct shared	*s = arg;
	unsigned long long v;

	for (v = 2; v <= VERSIONS; v++) {
		struct tenant_config *c = versioned(7, v);
		if (c == NULL) {
			atomic_fetch_add(&s->failed, 1);
			continue;
		}
		tenant_config_release(tenant_cache_put(s->t, c));
		atomic_store(&s->current, v);
	}
	atomic_store(&s->done, 1);
	return NULL;
}

/* Requests: the version read, then a hit or a parse and publish; a few
 * references held at once, as a page holds its configuration. */
static void *
reader(void *arg)
{
	struct shared	*s = arg;
	const struct tenant_config *held[3] = { NULL, NULL, NULL };
	const struct tenant_config *c;
	unsigned long long v;
	size_t		 i, k = 0;

	while (!atomic_load(&s->done)) {
		v = atomic_load(&s->current);
		if ((c = tenant_cache_find(s->t, 7, v)) != NULL)
			atomic_fetch_add(&s->hits, 1);
		else {
			struct tenant_config *n = versioned(7, v);
			if (n == NULL) {
				atomic_fetch_add(&s->failed, 1);
				continue;
			}
			c = tenant_cache_put(s->t, n);
		}
		atomic_fetch_add(&s->lookups, 1);
		if (!whole(c) || c->version != v)
			atomic_fetch_add(&s->torn, 1);
		tenant_config_release(held[k]);
		held[k] = c;
		k = (k + 1) % 3;
		/* Those held from before, read again while other threads
		 * replace the entry. */
		for (i = 0; i < 3; i++)
			if (held[i] != NULL && !whole(held[i]))
				atomic_fetch_add(&s->torn, 1);
	}
	for (k = 0; k < 3; k++)
		tenant_config_release(held[k]);
	return NULL;
}

static void
check_threads(void)
{
	struct shared	 s;
	pthread_t	 r, w[THREADS];
	const struct tenant_config *f;
	int		 i, started = 0;

	memset(&s, 0, sizeof(s));
	s.t = tenant_cache_new(deel_a);
	atomic_init(&s.current, 1);
	tenant_config_release(tenant_cache_put(s.t, versioned(7, 1)));
	for (i = 0; i < THREADS; i++)
		if (pthread_create(&w[i], NULL, reader, &s) == 0)
			started++;
	if (pthread_create(&r, NULL, reloader, &s) != 0) {
		atomic_store(&s.done, 1);
		ok(0, "reloader thread started");
	} else
		pthread_join(r, NULL);
	for (i = 0; i < started; i++)
		pthread_join(w[i], NULL);
	ok(started == THREADS, "%d reader threads ran", THREADS);
	ok(atomic_load(&s.lookups) > 0, "%lu lookups (%lu hits) during %d "
	    "reloads", atomic_load(&s.lookups), atomic_load(&s.hits),
	    VERSIONS - 1);
	is_int(atomic_load(&s.failed), 0, "every version parsed");
	is_int(atomic_load(&s.torn), 0, "each lookup one whole "
	    "configuration of the version asked, and stays so while held");
	/* A request that read an older version may have published it last
	 * (each publishes what it read); the next request repairs that. */
	if ((f = tenant_cache_find(s.t, 7, VERSIONS)) == NULL)
		f = tenant_cache_put(s.t, versioned(7, VERSIONS));
	tenant_config_release(f);
	f = tenant_cache_find(s.t, 7, VERSIONS);
	ok(f != NULL && whole(f), "after one more request the last version "
	    "is the cached one");
	tenant_config_release(f);
	tenant_cache_free(s.t);
}

int
main(void)
{
	struct form_cache forms;
	struct buf	 errs;
	char		 dir[1100], rng[1100];

	if ((srcdir = getenv("DDD_SRCDIR")) == NULL || *srcdir == '\0')
		srcdir = ".";
	snprintf(dir, sizeof(dir), "%s/schema/forms", srcdir);
	snprintf(rng, sizeof(rng), "%s/schema/form.rng", srcdir);
	buf_init(&errs, 64 * 1024);
	memset(&forms, 0, sizeof(forms));
	if (forms_load(&forms, dir, rng, &errs) == -1 ||
	    (deel_a = forms_find(&forms, FORM_DEEL_A)) == NULL) {
		diag(errs.ptr);
		ok(0, "the shipped forms load");
		return done_testing();
	}
	check_demo();
	check_values();
	check_defaults();
	check_cache();
	check_threads();
	forms_free(&forms);
	buf_free(&errs);
	xmlCleanupParser();
	return done_testing();
}
