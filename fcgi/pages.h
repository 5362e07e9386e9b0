/* Page handlers, one file per area (page_*.c). */
#ifndef DDD_PAGES_H
#define DDD_PAGES_H

#include "audit.h"
#include "dossier.h"
#include "ctx.h"

/* page_system.c */
enum ddd_err	page_healthz(struct ctx *);
enum ddd_err	page_accessibility(struct ctx *);
/* page_login.c */
enum ddd_err	page_login(struct ctx *);
enum ddd_err	page_login_post(struct ctx *);
enum ddd_err	page_logout_post(struct ctx *);
/* page_activate.c */
enum ddd_err	page_activate(struct ctx *);
enum ddd_err	page_activate_post(struct ctx *);
enum ddd_err	page_password(struct ctx *);
enum ddd_err	page_password_post(struct ctx *);
/* page_home.c */
enum ddd_err	page_home(struct ctx *);
enum ddd_err	page_ddd_activate_post(struct ctx *);
enum ddd_err	page_bsn(struct ctx *);
enum ddd_err	page_bsn_post(struct ctx *);

/* page_portal.c */
enum ddd_err	page_mentors(struct ctx *);
enum ddd_err	page_mentors_post(struct ctx *);
enum ddd_err	page_mentor_new_post(struct ctx *);
/* page_import.c */
enum ddd_err	page_import(struct ctx *);
enum ddd_err	page_import_post(struct ctx *);
/* page_accounts.c */
enum ddd_err	page_accounts(struct ctx *);
enum ddd_err	page_accounts_post(struct ctx *);

/* page_dossier.c */
enum ddd_err	page_dossiers(struct ctx *);
enum ddd_err	page_dossier_new_post(struct ctx *);
enum ddd_err	page_step(struct ctx *);
enum ddd_err	page_step_post(struct ctx *);
enum ddd_err	page_submit(struct ctx *);
enum ddd_err	page_submit_post(struct ctx *);
enum ddd_err	page_reactivate_post(struct ctx *);
/* page_deel_b.c */
enum ddd_err	page_deel_b_list(struct ctx *);
enum ddd_err	page_deel_b(struct ctx *);
enum ddd_err	page_deel_b_post(struct ctx *);
enum ddd_err	page_deel_b_overview(struct ctx *);
enum ddd_err	page_deel_b_submit_post(struct ctx *);
enum ddd_err	page_deel_b_return_post(struct ctx *);
enum ddd_err	page_deel_b_archive_post(struct ctx *);
/* page_akkoord.c */
enum ddd_err	page_akkoord(struct ctx *);
enum ddd_err	page_akkoord_post(struct ctx *);
enum ddd_err	page_view(struct ctx *);
/* The read-only dossier page (root: its document root). */
enum ddd_err	page_view_dossier(struct ctx *, const struct dossier *,
		    xmlNodePtr *root);
/* page_mbo.c */
enum ddd_err	page_mbo_list(struct ctx *);
enum ddd_err	page_mbo_view(struct ctx *);
enum ddd_err	page_mbo_export(struct ctx *);
enum ddd_err	page_mbo_document(struct ctx *);
enum ddd_err	page_mbo_zip_post(struct ctx *);
enum ddd_err	page_mbo_status_post(struct ctx *);
/* page_document.c */
enum ddd_err	page_document(struct ctx *);
enum ddd_err	page_attachment(struct ctx *);
/* page_overview.c */
enum ddd_err	page_dashboard(struct ctx *);
enum ddd_err	page_students(struct ctx *);
enum ddd_err	page_nudge_post(struct ctx *);
enum ddd_err	page_start_early_post(struct ctx *);
enum ddd_err	page_mail_log(struct ctx *);
enum ddd_err	page_access_log(struct ctx *);
enum ddd_err	page_mail_resend_post(struct ctx *);
/* page_sso.c (issue 18; sso_login is in sso.h) */
enum ddd_err	page_sso_start(struct ctx *);
enum ddd_err	page_sso_oidc_callback(struct ctx *);
enum ddd_err	page_sso_links(struct ctx *);
enum ddd_err	page_sso_links_post(struct ctx *);
/* page_privacy.c */
enum ddd_err	page_privacy_export_post(struct ctx *);
enum ddd_err	page_erase(struct ctx *);
enum ddd_err	page_erase_post(struct ctx *);
enum ddd_err	page_audit(struct ctx *);
enum ddd_err	page_my_data(struct ctx *);
enum ddd_err	page_my_data_export_post(struct ctx *);
/* page_metrics.c */
enum ddd_err	page_metrics(struct ctx *);
/* page_saml.c: the metadata page, and the start of a SAML log-in for
 * a tenant whose <sso protocol="saml"> has this IdP metadata. */
enum ddd_err	page_saml_metadata(struct ctx *);
enum ddd_err	page_saml_acs_post(struct ctx *);
enum ddd_err	page_saml_slo(struct ctx *);
enum ddd_err	saml_start(struct ctx *, long long tenant_id,
		    const char *idp_metadata);
/* The ACS in two steps around the tenant's configuration (page_saml.c);
 * struct saml_identity is fcgi/saml.h's. */
struct saml_identity;
enum ddd_err	saml_acs_tenant(struct ctx *, long long *tenant_id);
enum ddd_err	saml_acs_verify(struct ctx *, long long tenant_id,
		    const char *idp_metadata, struct saml_identity *);

#endif
