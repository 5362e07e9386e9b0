/* One account of a tenant, read by its id, its columns by name: the
 * student of a dossier, the signed-in person, a mentor chosen on a form.
 * One statement (STMT_ACCOUNT_GET) and one place that reads its row. */
#ifndef DDD_ACCOUNT_H
#define DDD_ACCOUNT_H

#include "db.h"

struct account {
	long long	 id;
	unsigned int	 role;			/* one ROLE_* bit */
	char		 roepnaam[101];
	char		 naam[304];		/* roepnaam [tussenvoegsel]
						 * achternaam */
	char		 email[255];		/* "" when none */
	char		 klas[21];		/* "" when none */
	int		 ddd_active;		/* did 'Activeer DDD' */
	int		 bsn_linked;
};

/* The account id of tenant_id; DDD_ERR_NOT_FOUND when there is none
 * (another tenant's id included). */
enum ddd_err	 account_get(struct db *, long long tenant_id, long long id,
		    struct account *);

#endif
