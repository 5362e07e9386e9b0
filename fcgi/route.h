/* The route table: method + path pattern -> page; the page table:
 * page -> handler and the roles allowed.  Both indexed by enum page. */
#ifndef DDD_ROUTE_H
#define DDD_ROUTE_H

#include <stddef.h>

#include "err.h"
#include "ctx.h"
#include "role.h"

enum page {
	PAGE_HOME,
	PAGE_HEALTHZ,
	PAGE_LOGIN,
	PAGE_LOGOUT,
	PAGE_ACTIVATE,
	PAGE_PASSWORD,
	PAGE_DDD_ACTIVATE,
	PAGE_BSN,
	PAGE_MENTORS,
	PAGE_MENTOR_NEW,
	PAGE_ACCOUNTS,
	PAGE_IMPORT,
	PAGE_DOSSIERS,
	PAGE_DOSSIER_NEW,
	PAGE_STEP,
	PAGE_SUBMIT,
	PAGE_REACTIVATE,
	PAGE_AKKOORD,
	PAGE_VIEW,
	PAGE_VIEW_STAFF,
	PAGE_MBO_LIST,
	PAGE_MBO_VIEW,
	PAGE_MBO_EXPORT,
	PAGE_DASHBOARD,
	PAGE_STUDENTS,
	PAGE_NUDGE,
	PAGE_START_EARLY,
	PAGE_MAIL_LOG,
	PAGE_MAIL_RESEND,
	PAGE_DEEL_B_LIST,
	PAGE_DEEL_B_OVERVIEW,
	PAGE_DEEL_B,
	PAGE_DEEL_B_SUBMIT,
	PAGE_DEEL_B_RETURN,
	PAGE_DEEL_B_ARCHIVE,
	PAGE_DOCUMENT,
	PAGE_DOCUMENT_STAFF,
	PAGE_MBO_DOCUMENT,
	PAGE_MBO_ZIP,
	PAGE_MBO_STATUS,
	PAGE_ATTACHMENT,
	PAGE_ATTACHMENT_STAFF,
	PAGE_MBO_ATTACHMENT,
	PAGE_ACCESS_LOG,
	PAGE_ACCESSIBILITY,
	PAGE_PRIVACY_EXPORT,
	PAGE_ERASE,
	PAGE_AUDIT,
	PAGE_MY_DATA,
	PAGE_MY_DATA_EXPORT,
	PAGE_METRICS,
	/* The API (fcgi/api.h, docs/api.md). */
	PAGE_API_CONTRACT,
	PAGE_API_TOKEN,
	PAGE_API_DOSSIERS,
	PAGE_API_DOSSIER,
	PAGE_API_DOSSIER_XML,
	PAGE_API_DOSSIER_PDF,
	PAGE_API_ATTACHMENT,
	PAGE_API_STATUS,
	PAGE_SAML_METADATA,
	PAGE_SAML_ACS,
	PAGE_SSO_START,
	PAGE_SSO_OIDC_CALLBACK,
	PAGE_SSO_LINKS,
	PAGE_SAML_SLO,
	PAGE__MAX
};

typedef enum ddd_err (*page_handler)(struct ctx *);

struct page_def {
	const char	*name;		/* for logs */
	page_handler	 get;		/* GET and HEAD; NULL: not allowed */
	page_handler	 post;		/* POST; NULL: not allowed */
	unsigned int	 roles;
	int		 uploads;	/* takes multipart/form-data */
	/* An API page (API_* below; 0 for a page of the site): no session,
	 * no CSRF or form token, JSON and problem details; fcgi/api.c
	 * serves it.  Only API pages take PUT. */
	unsigned int	 api;
	page_handler	 put;		/* PUT; NULL: not allowed */
	/* A POST another site sends (a SAML IdP's answer): no form token of
	 * ours and no one-time key; what it carries proves itself (a signed
	 * response bound to our stored request). */
	int		 cross_site;
};

/* What an API page asks of the caller (page_def.api). */
#define API_OPEN	0x1u	/* nothing: the published contracts */
#define API_CLIENT	0x2u	/* client credentials: the token endpoint */
#define API_READ	0x4u	/* a bearer token with dossiers:read */
#define API_STATUS	0x8u	/* a bearer token with status:write */

extern const struct page_def	pages[PAGE__MAX];

/* The Portal's home menu, in order: a page of the table under a Dutch
 * label, shown to the roles that may open it. */
struct menu_item {
	enum page	 page;
	const char	*label;
};

extern const struct menu_item	home_menu[];
extern const size_t		home_menu_len;

/* The path of a page without ids (its first route), for links. */
const char	*route_path(enum page);

/* Find the page for a path.  A '#' in a pattern matches one decimal id
 * (1 to 18 digits), stored in params; arg gets the route's argument.  DDD_ERR_NOT_FOUND when no pattern
 * matches, DDD_ERR_METHOD when the page has no handler for the method. */
enum ddd_err	route_match(enum http_method, const char *path,
		    enum page *, long long *params, size_t *nparams,
		    int *arg);
/* The methods a path's route takes, for a 405's Allow header
 * ("GET, HEAD"); "" when no route matches. */
void		route_allow(const char *path, char *out, size_t size);
/* Print the route table ("pattern page methods roles", one per line) for
 * the access-matrix test and for operators (ddd-worker -r); an API page
 * has "api:open", "api:client" or "api:" and its scope for roles. */
void		route_print(void);
/* Print the role table ("name label", one per line; ddd-worker -R) for
 * the access-matrix test: its columns are these roles. */
void		role_print(void);

#endif
