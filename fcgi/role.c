#include <string.h>

#include "role.h"

const struct role_def role_defs[] = {
	{ ROLE_PUBLIC, "public", "bezoeker" },
	{ ROLE_LEERLING, "leerling", "leerling" },
	{ ROLE_MENTOR, "mentor", "mentor" },
	{ ROLE_DECAAN, "decaan", "decaan" },
	{ ROLE_MBO, "mbo", "MBO-medewerker" },
};
const unsigned int role_ndefs = sizeof(role_defs) / sizeof(role_defs[0]);

unsigned int
role_bit(const char *name)
{
	unsigned int	 i;

	/* "public" is not a role an account can have. */
	for (i = 1; name != NULL && i < role_ndefs; i++)
		if (strcmp(role_defs[i].name, name) == 0)
			return role_defs[i].bit;
	return 0;
}

static const struct role_def *
find(unsigned int bit)
{
	unsigned int	 i;

	for (i = 0; i < role_ndefs; i++)
		if (role_defs[i].bit == bit)
			return &role_defs[i];
	return NULL;
}

const char *
role_name(unsigned int bit)
{
	const struct role_def *r = find(bit);

	return r != NULL ? r->name : "";
}

const char *
role_label(unsigned int bit)
{
	const struct role_def *r = find(bit);

	return r != NULL ? r->label_nl : "";
}
