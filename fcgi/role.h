/* Roles: one table says what a role is (its bit, its name in the
 * database and in URLs of the access matrix, its Dutch label).  Every
 * other place asks this table; docs/architecture.md says what adding a
 * role takes. */
#ifndef DDD_ROLE_H
#define DDD_ROLE_H

/* Roles as bits, so a page or a transition can allow several.
 * ROLE_PUBLIC needs no session. */
#define ROLE_PUBLIC	0x01u
#define ROLE_LEERLING	0x02u
#define ROLE_MENTOR	0x04u
#define ROLE_DECAAN	0x08u
#define ROLE_MBO	0x10u
#define ROLE_STAFF	(ROLE_MENTOR | ROLE_DECAAN)
#define ROLE_ANY	(ROLE_LEERLING | ROLE_STAFF | ROLE_MBO)

struct role_def {
	unsigned int	 bit;
	const char	*name;		/* account.role, logs, the matrix */
	const char	*label_nl;	/* shown to people */
};

/* Every role a session can have, ROLE_PUBLIC first (no session). */
extern const struct role_def	role_defs[];
extern const unsigned int	role_ndefs;

/* Name as stored <-> bit (0 for an unknown name; "" for an unknown
 * bit). */
unsigned int	 role_bit(const char *name);
const char	*role_name(unsigned int bit);
const char	*role_label(unsigned int bit);

#endif
