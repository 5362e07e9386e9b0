/* A tenant's settings and look as its file gives them (deadlines, the age
 * under which a parent confirms, the upload limit, retention; the colour
 * and logo of its documents), read from the root element of a loaded
 * file.  Callers get them from the tenant's configuration
 * (fcgi/tenant_config.h), which is parsed once per load of the file. */
#ifndef DDD_SETTINGS_H
#define DDD_SETTINGS_H

#include <stddef.h>

#include <libxml/tree.h>

#define CONSENT_AGE_DEFAULT	18	/* the manual */
/* A file a student attaches: the school's <upload-max-mb>, 1 to 10 (the
 * worker's max_upload and nginx's client_max_body_size on the step pages
 * are 10 MiB plus the form). */
#define UPLOAD_MAX_MB_DEFAULT	10
#define UPLOAD_MAX_MB_LIMIT	10
/* How long a school keeps a dossier after the akkoord (or after its last
 * change when never finished): <retention-months>, 1 to 120. */
#define RETENTION_MONTHS_DEFAULT	24
#define RETENTION_MONTHS_LIMIT		120
/* How long a school keeps its audit trail, and the access log of dossiers
 * that are gone (pseudonymised): <audit-retention-months>, 1 to 120. */
#define AUDIT_MONTHS_DEFAULT		36

struct tenant_settings {
	char	deadline[3][11];	/* deel_a, deel_b, akkoord: YYYY-MM-DD
					 * or "" when the file sets none */
	int	consent_age;		/* a parent confirms under this age */
	size_t	upload_max;		/* bytes of one attached file */
	int	retention_months;	/* dddctl purge: keep this long */
	int	audit_months;		/* and the audit trail this long */
};

/* The school's look for its documents: <branding> of the file. */
struct tenant_branding {
	char	 colour[8];	/* "#rrggbb", or "" */
	char	*logo;		/* the data: URI, or NULL; owned */
};

/* The settings of the file whose root element is root (NULL: none, the
 * defaults). */
void	settings_parse(const xmlNode *root, struct tenant_settings *);
/* Its branding; -1 out of memory (b empty). */
int	settings_branding_parse(const xmlNode *root,
	    struct tenant_branding *);
void	settings_branding_free(struct tenant_branding *);

#endif
