/* Inside the tenant-file code only: one checked file as tenant_check.c
 * leaves it (the text as read, its identity, the participating MBOs, the
 * staff accounts and class links it seeds), which tenant_load.c writes. */
#ifndef DDD_TENANT_FILE_H
#define DDD_TENANT_FILE_H

#include <stddef.h>

#include "buf.h"
#include "tenant.h"
#include "xmlcheck.h"

#define TENANT_MAX_TEXT		200	/* names: tenant, person, sender */
#define TENANT_MAX_CLASS	16

struct mbo_ref {
	char	 brin[7];
	long	 line;
};

/* A staff account the file asks for: a decaan, a mentor or an MBO staff
 * member.  The three name parts are pieces of name (offset, length). */
struct staff {
	char			 email[255];	/* as written */
	char			 login[255];	/* the e-mail, lower-cased */
	char			 name[TENANT_MAX_TEXT + 1];
	size_t			 roep_len;
	size_t			 tv_off, tv_len;
	size_t			 achter_off;
	const char		*role;		/* "decaan", "mentor", "mbo" */
	long			 line;
	long long		 id;		/* account, while loading */
};

/* A mentor's class in the file: the seed of mentor_class. */
struct class_link {
	char	 klas[TENANT_MAX_CLASS + 1];
	size_t	 staff;		/* index into tenant_file.staff */
	long	 line;
};

/* One checked file, kept for the cross-file checks and the load. */
struct tenant_file {
	const char		*path;
	struct tenant_info	 info;
	long			 line;		/* of <tenant> */
	long			 brin_line;
	char			*text;		/* the file as read */
	size_t			 len;
	struct mbo_ref		*mbos;		/* participating MBOs */
	size_t			 nmbos;
	struct staff		*staff;		/* decanen first */
	size_t			 nstaff, astaff, ndecanen;
	struct class_link	*links;
	size_t			 nlinks, alinks;
	/* What the load did, for the report line. */
	size_t			 staff_new, links_new;
};

extern const struct xml_kind tenant_kind;

/* Read, parse, validate and check one file into tf (freed with
 * tenant_file_free, also on failure); 0 when good, -1 with messages. */
int	tenant_file_check(const struct xml_schema *, const char *path,
	    struct tenant_file *tf, struct buf *errs);
void	tenant_file_free(struct tenant_file *);

#endif
