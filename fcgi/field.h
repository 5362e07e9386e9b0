/* Form fields as handlers read them: validated against a small table of
 * rules before use, so a handler only sees values that passed. */
#ifndef DDD_FIELD_H
#define DDD_FIELD_H

#include <stddef.h>
#include <libxml/tree.h>

#include "ctx.h"

enum field_kind {
	FIELD_TEXT,		/* one line, trimmed */
	FIELD_LONGTEXT,		/* several lines (a text area), trimmed */
	FIELD_SLUG,		/* [a-z0-9-] */
	FIELD_LOGIN,		/* leerlingnummer or e-mail address */
	FIELD_PASSWORD,		/* kept as typed, never echoed */
	FIELD_DIGITS,		/* [0-9], spaces and dots removed */
	FIELD_TOKEN,		/* 43 base64url characters */
};

struct field {
	const char	*name;
	enum field_kind	 kind;
	size_t		 max;		/* bytes */
	int		 required;
	const char	*label;		/* Dutch, for messages */
};

struct field_value {
	char		*v;		/* normalised, NUL-terminated, or NULL */
	size_t		 len;
};

/* Check every field of the table; fill vals (caller frees with
 * form_values_free).  Each problem becomes <error field="name">Dutch
 * message</error> under errors (when not NULL).  Returns the number of
 * problems. */
size_t	field_read(struct ctx *, const struct field *, size_t n,
	    struct field_value *vals, xmlNodePtr errors);
void	field_values_free(struct field_value *, size_t n);
/* Echo what the user typed back into the page (not passwords). */
void	field_echo(struct ctx *, const struct field *, size_t n,
	    xmlNodePtr parent);
/* Normalise a log-in name: digits lose leading zeros, e-mail is
 * lower-cased.  0 or -1 when it is neither. */
int	login_normalise(const char *in, char *out, size_t outlen);

#endif
