#include <stdio.h>
#include <string.h>

#include "api.h"
#include "document.h"
#include "pages.h"
#include "route.h"

/* ROLE_PUBLIC pages run without a session (a handler may still look at
 * one); every other page needs a session whose role is in the mask. */
const struct page_def pages[PAGE__MAX] = {
	[PAGE_HOME] = { "home", page_home, NULL, ROLE_PUBLIC },
	[PAGE_HEALTHZ] = { "healthz", page_healthz, NULL, ROLE_PUBLIC },
	[PAGE_LOGIN] = { "login", page_login, page_login_post, ROLE_PUBLIC },
	[PAGE_LOGOUT] = { "logout", NULL, page_logout_post, ROLE_ANY },
	[PAGE_ACTIVATE] = { "activate", page_activate, page_activate_post,
	    ROLE_PUBLIC },
	[PAGE_PASSWORD] = { "password", page_password, page_password_post,
	    ROLE_PUBLIC },
	[PAGE_DDD_ACTIVATE] = { "ddd_activate", NULL, page_ddd_activate_post,
	    ROLE_LEERLING },
	[PAGE_BSN] = { "bsn", page_bsn, page_bsn_post, ROLE_LEERLING },
	[PAGE_MENTORS] = { "mentors", page_mentors, page_mentors_post,
	    ROLE_DECAAN },
	[PAGE_MENTOR_NEW] = { "mentor_new", NULL, page_mentor_new_post,
	    ROLE_DECAAN },
	[PAGE_IMPORT] = { "import", page_import, page_import_post, ROLE_DECAAN,
	    1 },
	[PAGE_DOSSIERS] = { "dossiers", page_dossiers, NULL, ROLE_LEERLING },
	[PAGE_DOSSIER_NEW] = { "dossier_new", NULL, page_dossier_new_post,
	    ROLE_LEERLING },
	[PAGE_STEP] = { "step", page_step, page_step_post, ROLE_LEERLING, 1 },
	[PAGE_SUBMIT] = { "submit", page_submit, page_submit_post,
	    ROLE_LEERLING },
	[PAGE_REACTIVATE] = { "reactivate", NULL, page_reactivate_post,
	    ROLE_LEERLING },
	[PAGE_AKKOORD] = { "akkoord", page_akkoord, page_akkoord_post,
	    ROLE_LEERLING },
	[PAGE_VIEW] = { "view", page_view, NULL, ROLE_LEERLING },
	[PAGE_VIEW_STAFF] = { "view_staff", page_view, NULL, ROLE_STAFF },
	[PAGE_MBO_LIST] = { "mbo_list", page_mbo_list, NULL, ROLE_MBO },
	[PAGE_MBO_VIEW] = { "mbo_view", page_mbo_view, NULL, ROLE_MBO },
	[PAGE_MBO_EXPORT] = { "mbo_export", page_mbo_export, NULL, ROLE_MBO },
	[PAGE_DASHBOARD] = { "dashboard", page_dashboard, NULL, ROLE_STAFF },
	[PAGE_STUDENTS] = { "students", page_students, NULL, ROLE_STAFF },
	[PAGE_NUDGE] = { "nudge", NULL, page_nudge_post, ROLE_STAFF },
	[PAGE_START_EARLY] = { "start_early", NULL, page_start_early_post,
	    ROLE_STAFF },
	[PAGE_MAIL_LOG] = { "mail_log", page_mail_log, NULL, ROLE_DECAAN },
	[PAGE_MAIL_RESEND] = { "mail_resend", NULL, page_mail_resend_post,
	    ROLE_DECAAN },
	[PAGE_DEEL_B_LIST] = { "deel_b_list", page_deel_b_list, NULL,
	    ROLE_STAFF },
	[PAGE_DEEL_B_OVERVIEW] = { "deel_b_overview", page_deel_b_overview,
	    NULL, ROLE_STAFF },
	[PAGE_DEEL_B] = { "deel_b", page_deel_b, page_deel_b_post,
	    ROLE_STAFF },
	[PAGE_DEEL_B_SUBMIT] = { "deel_b_submit", NULL,
	    page_deel_b_submit_post, ROLE_STAFF },
	[PAGE_DEEL_B_RETURN] = { "deel_b_return", NULL,
	    page_deel_b_return_post, ROLE_STAFF },
	[PAGE_DEEL_B_ARCHIVE] = { "deel_b_archive", NULL,
	    page_deel_b_archive_post, ROLE_STAFF },
	[PAGE_ACCOUNTS] = { "accounts", page_accounts, page_accounts_post,
	    ROLE_DECAAN },
	[PAGE_DOCUMENT] = { "document", page_document, NULL, ROLE_LEERLING },
	[PAGE_DOCUMENT_STAFF] = { "document_staff", page_document, NULL,
	    ROLE_STAFF },
	[PAGE_MBO_DOCUMENT] = { "mbo_document", page_mbo_document, NULL,
	    ROLE_MBO },
	[PAGE_MBO_ZIP] = { "mbo_zip", NULL, page_mbo_zip_post, ROLE_MBO },
	[PAGE_MBO_STATUS] = { "mbo_status", NULL, page_mbo_status_post,
	    ROLE_MBO },
	[PAGE_ATTACHMENT] = { "attachment", page_attachment, NULL,
	    ROLE_LEERLING },
	[PAGE_ATTACHMENT_STAFF] = { "attachment_staff", page_attachment, NULL,
	    ROLE_STAFF },
	[PAGE_MBO_ATTACHMENT] = { "mbo_attachment", page_attachment, NULL,
	    ROLE_MBO },
	[PAGE_ACCESS_LOG] = { "access_log", page_access_log, NULL,
	    ROLE_DECAAN },
	[PAGE_ACCESSIBILITY] = { "accessibility", page_accessibility, NULL,
	    ROLE_PUBLIC },
	[PAGE_PRIVACY_EXPORT] = { "privacy_export", NULL,
	    page_privacy_export_post, ROLE_DECAAN },
	[PAGE_ERASE] = { "erase", page_erase, page_erase_post, ROLE_DECAAN },
	[PAGE_AUDIT] = { "audit", page_audit, NULL, ROLE_DECAAN },
	[PAGE_MY_DATA] = { "my_data", page_my_data, NULL, ROLE_LEERLING },
	[PAGE_MY_DATA_EXPORT] = { "my_data_export", NULL,
	    page_my_data_export_post, ROLE_LEERLING },
	[PAGE_METRICS] = { "metrics", page_metrics, NULL, ROLE_PUBLIC },
	/* The API (fcgi/api.h): no session role opens these; what the
	 * caller must hold is in .api. */
	[PAGE_API_CONTRACT] = { .name = "api_contract", .get = api_contract,
	    .api = API_OPEN },
	[PAGE_API_TOKEN] = { .name = "api_token", .post = api_token_post,
	    .api = API_CLIENT },
	[PAGE_API_DOSSIERS] = { .name = "api_dossiers", .get = api_dossiers,
	    .api = API_READ },
	[PAGE_API_DOSSIER] = { .name = "api_dossier", .get = api_dossier,
	    .api = API_READ },
	[PAGE_API_DOSSIER_XML] = { .name = "api_dossier_xml",
	    .get = api_dossier_xml, .api = API_READ },
	[PAGE_API_DOSSIER_PDF] = { .name = "api_dossier_pdf",
	    .get = api_dossier_pdf, .api = API_READ },
	[PAGE_API_ATTACHMENT] = { .name = "api_attachment",
	    .get = api_attachment, .api = API_READ },
	[PAGE_API_STATUS] = { .name = "api_status", .put = api_status_put,
	    .api = API_STATUS },
	[PAGE_SAML_METADATA] = { "saml_metadata", page_saml_metadata, NULL,
	    ROLE_PUBLIC },
	[PAGE_SAML_ACS] = { "saml_acs", NULL, page_saml_acs_post,
	    ROLE_PUBLIC, .cross_site = 1 },
	[PAGE_SSO_START] = { "sso_start", page_sso_start, NULL, ROLE_PUBLIC },
	[PAGE_SSO_OIDC_CALLBACK] = { "sso_oidc_callback",
	    page_sso_oidc_callback, NULL, ROLE_PUBLIC },
	[PAGE_SSO_LINKS] = { "sso_links", page_sso_links, page_sso_links_post,
	    ROLE_DECAAN },
	/* The IdP's single log-out: a cross-site GET, the signed query is
	 * what counts (page_saml.c). */
	[PAGE_SAML_SLO] = { "saml_slo", page_saml_slo, NULL, ROLE_PUBLIC },
};

static const struct {
	const char	*pattern;
	enum page	 page;
	int		 arg;	/* for the handler: which document */
} routes[] = {
	{ "/", PAGE_HOME, 0 },
	{ "/healthz", PAGE_HEALTHZ, 0 },
	{ "/toegankelijkheid", PAGE_ACCESSIBILITY, 0 },
	{ "/login", PAGE_LOGIN, 0 },
	{ "/uitloggen", PAGE_LOGOUT, 0 },
	{ "/activeren", PAGE_ACTIVATE, 0 },
	{ "/activeren/wachtwoord", PAGE_PASSWORD, 0 },
	{ "/ddd/activeren", PAGE_DDD_ACTIVATE, 0 },
	{ "/ddd/bsn", PAGE_BSN, 0 },
	{ "/portal/mentoren", PAGE_MENTORS, 0 },
	{ "/portal/mentoren/nieuw", PAGE_MENTOR_NEW, 0 },
	{ "/portal/accountgegevens", PAGE_ACCOUNTS, 0 },
	{ "/portal/leerlingen/inlezen", PAGE_IMPORT, 0 },
	{ "/dossiers", PAGE_DOSSIERS, 0 },
	{ "/dossiers/nieuw", PAGE_DOSSIER_NEW, 0 },
	{ "/dossiers/#/stap/#", PAGE_STEP, 0 },
	{ "/dossiers/#/opsturen", PAGE_SUBMIT, 0 },
	{ "/dossiers/#/activeren", PAGE_REACTIVATE, 0 },
	{ "/dossiers/#/akkoord", PAGE_AKKOORD, 0 },
	{ "/dossiers/#/bekijken", PAGE_VIEW, 0 },
	{ "/portal/dossiers/#/bekijken", PAGE_VIEW_STAFF, 0 },
	{ "/mbo/dossiers", PAGE_MBO_LIST, 0 },
	{ "/mbo/dossiers/#", PAGE_MBO_VIEW, 0 },
	{ "/mbo/dossiers/#/xml", PAGE_MBO_EXPORT, 0 },
	{ "/portal/dashboard", PAGE_DASHBOARD, 0 },
	{ "/portal/leerlingen", PAGE_STUDENTS, 0 },
	{ "/portal/dossiers/#/aansporen", PAGE_NUDGE, 0 },
	{ "/portal/leerlingen/#/deel-b-starten", PAGE_START_EARLY, 0 },
	{ "/portal/leerlingen/#/mail", PAGE_MAIL_LOG, 0 },
	{ "/portal/leerlingen/#/inzage", PAGE_ACCESS_LOG, 0 },
	{ "/portal/leerlingen/#/mail/#/opnieuw", PAGE_MAIL_RESEND, 0 },
	{ "/portal/deel-b", PAGE_DEEL_B_LIST, 0 },
	{ "/portal/dossiers/#", PAGE_DEEL_B_OVERVIEW, 0 },
	{ "/portal/dossiers/#/deel-b/#", PAGE_DEEL_B, 0 },
	{ "/portal/dossiers/#/opsturen", PAGE_DEEL_B_SUBMIT, 0 },
	{ "/portal/dossiers/#/terugzetten", PAGE_DEEL_B_RETURN, 0 },
	{ "/portal/dossiers/#/archiveren", PAGE_DEEL_B_ARCHIVE, 0 },
	/* Documents: deel A, deel B, the whole dossier; PDF or its FO. */
	{ "/dossiers/#/deel-a.pdf", PAGE_DOCUMENT, DOC_DEEL_A },
	{ "/dossiers/#/deel-b.pdf", PAGE_DOCUMENT, DOC_DEEL_B },
	{ "/dossiers/#/dossier.pdf", PAGE_DOCUMENT, DOC_DOSSIER },
	{ "/dossiers/#/deel-a.fo", PAGE_DOCUMENT, DOC_DEEL_A | DOC_FO },
	{ "/dossiers/#/deel-b.fo", PAGE_DOCUMENT, DOC_DEEL_B | DOC_FO },
	{ "/dossiers/#/dossier.fo", PAGE_DOCUMENT, DOC_DOSSIER | DOC_FO },
	{ "/portal/dossiers/#/deel-a.pdf", PAGE_DOCUMENT_STAFF, DOC_DEEL_A },
	{ "/portal/dossiers/#/deel-b.pdf", PAGE_DOCUMENT_STAFF, DOC_DEEL_B },
	{ "/portal/dossiers/#/dossier.pdf", PAGE_DOCUMENT_STAFF, DOC_DOSSIER },
	{ "/portal/dossiers/#/deel-a.fo", PAGE_DOCUMENT_STAFF,
	    DOC_DEEL_A | DOC_FO },
	{ "/portal/dossiers/#/deel-b.fo", PAGE_DOCUMENT_STAFF,
	    DOC_DEEL_B | DOC_FO },
	{ "/portal/dossiers/#/dossier.fo", PAGE_DOCUMENT_STAFF,
	    DOC_DOSSIER | DOC_FO },
	{ "/mbo/dossiers/#/dossier.pdf", PAGE_MBO_DOCUMENT, DOC_DOSSIER },
	{ "/mbo/dossiers/zip", PAGE_MBO_ZIP, 0 },
	{ "/mbo/dossiers/#/status", PAGE_MBO_STATUS, 0 },
	/* Files attached to deel A. */
	{ "/dossiers/#/bijlagen/#", PAGE_ATTACHMENT, 0 },
	{ "/portal/dossiers/#/bijlagen/#", PAGE_ATTACHMENT_STAFF, 0 },
	{ "/mbo/dossiers/#/bijlagen/#", PAGE_MBO_ATTACHMENT, 0 },
	/* The rights of the people in the dossiers, the audit trail. */
	{ "/portal/leerlingen/#/export", PAGE_PRIVACY_EXPORT, 0 },
	{ "/portal/leerlingen/#/verwijderen", PAGE_ERASE, 0 },
	{ "/portal/logboek", PAGE_AUDIT, 0 },
	{ "/mijn-gegevens", PAGE_MY_DATA, 0 },
	{ "/mijn-gegevens/export", PAGE_MY_DATA_EXPORT, 0 },
	/* For the host's monitoring (page_metrics.c). */
	{ "/metrics", PAGE_METRICS, 0 },
	/* The API (docs/api.md): its published contracts, the token
	 * endpoint, the dossiers of the client's college. */
	{ "/api/v1/openapi.json", PAGE_API_CONTRACT, API_DOC_OPENAPI },
	{ "/api/v1/schema/dossier-export.rng", PAGE_API_CONTRACT,
	    API_DOC_RNG },
	{ "/api/v1/schema/dossier-export.xsd", PAGE_API_CONTRACT,
	    API_DOC_XSD },
	{ "/api/v1/token", PAGE_API_TOKEN, 0 },
	{ "/api/v1/dossiers", PAGE_API_DOSSIERS, 0 },
	{ "/api/v1/dossiers/#", PAGE_API_DOSSIER, 0 },
	{ "/api/v1/dossiers/#.xml", PAGE_API_DOSSIER_XML, 0 },
	{ "/api/v1/dossiers/#.pdf", PAGE_API_DOSSIER_PDF, 0 },
	{ "/api/v1/dossiers/#/bijlagen/#", PAGE_API_ATTACHMENT, 0 },
	{ "/api/v1/dossiers/#/status", PAGE_API_STATUS, 0 },
	/* The SAML SP's metadata (page_saml.c, docs/sso-saml.md). */
	{ "/sso/saml/metadata", PAGE_SAML_METADATA, 0 },
	{ "/sso/saml/acs", PAGE_SAML_ACS, 0 },
	{ "/sso/start", PAGE_SSO_START, 0 },
	{ "/sso/oidc/callback", PAGE_SSO_OIDC_CALLBACK, 0 },
	{ "/portal/inloggen", PAGE_SSO_LINKS, 0 },
	{ "/sso/saml/slo", PAGE_SAML_SLO, 0 },
};

const struct menu_item home_menu[] = {
	{ PAGE_DASHBOARD, "Dashboard" },
	{ PAGE_DEEL_B_LIST, "Dossiers in deel B" },
	{ PAGE_STUDENTS, "Mijn Leerlingen" },
	{ PAGE_MBO_LIST, "Afgeronde dossiers" },
	{ PAGE_IMPORT, "Leerlinglijst inlezen" },
	{ PAGE_MENTORS, "Alle leerlingen – mentoren (klaskoppeling)" },
	{ PAGE_ACCOUNTS, "Alle leerlingen – accountgegevens" },
	{ PAGE_AUDIT, "Logboek (wie deed wat in de administratie)" },
	{ PAGE_SSO_LINKS, "Hoe leerlingen inloggen (wachtwoord of via de school)" },
};
const size_t home_menu_len = sizeof(home_menu) / sizeof(home_menu[0]);

const char *
route_path(enum page page)
{
	size_t	 i;

	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (routes[i].page == page &&
		    strchr(routes[i].pattern, '#') == NULL)
			return routes[i].pattern;
	return "/";
}

/* Match path against pattern; collect '#' ids. */
static int
match(const char *pat, const char *path, long long *params, size_t *np)
{
	size_t		 n = 0, digits;
	long long	 v;

	while (*pat != '\0') {
		if (*pat == '#') {
			v = 0;
			digits = 0;
			if (*path == '0')
				return 0;	/* one spelling per id */
			while (*path >= '0' && *path <= '9') {
				if (++digits > 18)
					return 0;
				v = v * 10 + (*path - '0');
				path++;
			}
			if (digits == 0 || n == HTTP_MAX_PARAMS)
				return 0;
			params[n++] = v;
			pat++;
			continue;
		}
		if (*pat != *path)
			return 0;
		pat++;
		path++;
	}
	if (*path != '\0')
		return 0;
	*np = n;
	return 1;
}

enum ddd_err
route_match(enum http_method m, const char *path, enum page *page,
    long long *params, size_t *nparams, int *arg)
{
	size_t		 i;
	const struct page_def *p;

	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		if (!match(routes[i].pattern, path, params, nparams))
			continue;
		*page = routes[i].page;
		*arg = routes[i].arg;
		p = &pages[*page];
		if ((m == HTTP_GET || m == HTTP_HEAD) && p->get == NULL)
			return DDD_ERR_METHOD;
		if (m == HTTP_POST && p->post == NULL)
			return DDD_ERR_METHOD;
		if (m == HTTP_PUT && p->put == NULL)
			return DDD_ERR_METHOD;
		return DDD_OK;
	}
	return DDD_ERR_NOT_FOUND;
}

void
route_allow(const char *path, char *out, size_t size)
{
	long long	 params[HTTP_MAX_PARAMS];
	size_t		 i, np;
	const struct page_def *p;

	out[0] = '\0';
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		if (!match(routes[i].pattern, path, params, &np))
			continue;
		p = &pages[routes[i].page];
		snprintf(out, size, "%s%s%s%s%s",
		    p->get ? "GET, HEAD" : "",
		    p->get && (p->post || p->put) ? ", " : "",
		    p->post ? "POST" : "", p->post && p->put ? ", " : "",
		    p->put ? "PUT" : "");
		return;
	}
}

void
route_print(void)
{
	size_t	 i, j;
	const char *sep;
	const struct page_def *p;

	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		p = &pages[routes[i].page];
		printf("%s %s %s%s%s%s%s ", routes[i].pattern, p->name,
		    p->get ? "GET" : "", p->get && p->post ? "," : "",
		    p->post ? "POST" : "", (p->get || p->post) && p->put ?
		    "," : "", p->put ? "PUT" : "");
		if (p->api != 0) {
			/* Not a session role: what the caller must hold. */
			printf("%s\n", p->api & API_OPEN ? "api:open" :
			    p->api & API_CLIENT ? "api:client" :
			    p->api & API_STATUS ? "api:status:write" :
			    "api:dossiers:read");
			continue;
		}
		for (j = 0, sep = ""; j < role_ndefs; j++)
			if (p->roles & role_defs[j].bit) {
				printf("%s%s", sep, role_defs[j].name);
				sep = ",";
			}
		printf("\n");
	}
}

void
role_print(void)
{
	unsigned int	 i;

	for (i = 0; i < role_ndefs; i++)
		printf("%s %s\n", role_defs[i].name, role_defs[i].label_nl);
}
