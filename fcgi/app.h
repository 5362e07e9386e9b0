/* What a process shares once it serves: read-only after start-up, used by
 * every thread (the tenant cache has its own lock).  The worker fills it
 * in main(); the domain reaches it through struct actor. */
#ifndef DDD_APP_H
#define DDD_APP_H

#include "config.h"
#include "crypto.h"
#include "forms.h"
#include "pdf.h"
#include "tenant_config.h"
#include "xsl.h"

struct saml_sp;

struct app {
	const struct config	*cfg;
	const struct xsl_cache	*xsl;
	const struct form_cache	*forms;			/* schema/forms */
	int			 schema_expected;	/* newest migration */
	const struct crypto_master *master;		/* wraps tenant keys */
	unsigned char		 csrf_key[32];		/* HKDF of master */
	struct pdf_renderer	*pdf;		/* render processes, FOP */
	struct tenant_cache	*tenants;	/* parsed tenant files */
	/* For /metrics: when the process started, how many times the
	 * configuration set (ddd.conf, stylesheets, forms) was loaded, and
	 * when this one was (unix times). */
	long long		 started;
	long long		 generation;
	long long		 loaded_at;
	/* The instance's SAML SP (fcgi/saml.h); NULL: SAML off. */
	struct saml_sp		*saml;
};

#endif
