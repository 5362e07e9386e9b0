/* A school's regional addendum: the extra questions of its tenant file
 * (<extra-questions part="deel_a">) appended to a form as one more step,
 * built per request from the loaded file, so a reload of the file takes
 * effect at once.  The result shares the base form's steps. */
#ifndef DDD_ADDENDUM_H
#define DDD_ADDENDUM_H

#include "db.h"
#include "forms.h"

struct form_with_addendum {
	struct form_def		 def;	/* base steps + the extra step */
	struct form_step	 extra;	/* owned */
	int			 has_extra;
};

/* The form for this school: base alone when the file adds nothing for
 * part ("deel_a").  Returns the form to use (base or &out->def). */
const struct form_def *addendum_form(struct db *, long long tenant_id,
		    const struct form_def *base, const char *part,
		    struct form_with_addendum *out);
void		 addendum_free(struct form_with_addendum *);

#endif
