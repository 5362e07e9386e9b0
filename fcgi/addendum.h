/* A school's regional addendum: the extra questions of its tenant file
 * (<extra-questions part="deel_a">) appended to a form as one more step.
 * Built once per load of the file, with the rest of the tenant's
 * configuration (fcgi/tenant_config.c).  The result shares the base
 * form's steps. */
#ifndef DDD_ADDENDUM_H
#define DDD_ADDENDUM_H

#include <libxml/tree.h>

#include "forms.h"

struct form_with_addendum {
	struct form_def		 def;	/* base steps + the extra step */
	struct form_step	 extra;	/* owned */
	int			 has_extra;
};

/* The form for this school from the file's <extra-questions> element
 * (NULL: none): out->has_extra 0 when it adds nothing for part
 * ("deel_a"), else out->def is base with the extra step.  -1 out of
 * memory (out empty). */
int		 addendum_build(const xmlNode *extra,
		    const struct form_def *base, const char *part,
		    struct form_with_addendum *out);
void		 addendum_free(struct form_with_addendum *);

#endif
