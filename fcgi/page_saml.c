/* SAML log-in (issue 18): /sso/saml/metadata, the instance's SP metadata
 * (fcgi/saml.h), the URL a school gives Entree or SURFconext (public: our
 * entityID, endpoints and certificate, nothing secret; without SAML
 * configured, saml_key_file, the page is not there); the start of a log-in
 * (from /sso/start, fcgi/page_sso.c); the ACS, /sso/saml/acs; and the
 * IdP's single log-out, /sso/saml/slo. */
#include <fcgiapp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "pages.h"
#include "saml.h"
#include "sso.h"
#include "tenant_config.h"

enum ddd_err
page_saml_metadata(struct ctx *c)
{
	const char	*md;
	enum ddd_err	 e;

	if (c->app->saml == NULL)
		return DDD_ERR_NOT_FOUND;
	md = saml_sp_metadata(c->app->saml);
	if ((e = buf_add(&c->body, md, strlen(md))) != DDD_OK)
		return e;
	c->content_type = "application/samlmetadata+xml";
	/* Federations fetch it now and then; a day is fine. */
	http_header(c, "Cache-Control", "public, max-age=86400");
	return DDD_OK;
}

/* The start of a SAML log-in for a school (the log-in page's button, via
 * /sso/start): a signed AuthnRequest to the tenant's IdP, stored for
 * its answer, and the browser sent there.  The IdP's URL comes from the
 * tenant file's metadata, which only the operator loads. */
enum ddd_err
saml_start(struct ctx *c, long long tenant_id, const char *idp_metadata)
{
	struct saml_idp	*idp;
	struct buf	 errs;
	char		 url[3072];
	enum ddd_err	 e;

	if (c->app->saml == NULL || idp_metadata == NULL)
		return DDD_ERR_NOT_FOUND;
	buf_init(&errs, 1024);
	if ((idp = saml_sp_idp(c->app->saml, tenant_id, idp_metadata,
	    &errs)) == NULL) {
		log_error("saml_start", "tenant=%lld error=\"%.*s\"",
		    tenant_id, (int)strcspn(errs.ptr != NULL ? errs.ptr : "",
		    "\"\n"), errs.ptr != NULL ? errs.ptr : "");
		buf_free(&errs);
		return DDD_ERR_INTERNAL;
	}
	buf_free(&errs);
	e = saml_authn_request(c->db, idp, tenant_id, url, sizeof(url));
	saml_idp_release(idp);
	if (e != DDD_OK)
		return e;
	/* Away from us: http_redirect takes our own paths only. */
	if ((e = http_header(c, "Location", url)) != DDD_OK)
		return e;
	c->status = 303;
	c->content_type = "text/plain";
	return buf_addstr(&c->body, "Doorsturen naar de inlogpagina van je "
	    "school.\n");
}

/* The assertion consumer, /sso/saml/acs (POST from the IdP, cross-site:
 * no session, no CSRF token of ours; the signed response, bound to our
 * stored one-time request, is what counts).  In two steps around the
 * tenant's configuration, which the caller reads in between:
 * saml_acs_tenant finds the tenant the RelayState's request was for,
 * saml_acs_verify checks the response against that tenant's IdP metadata
 * and gives the identity for the linking.  A refusal is logged here (its
 * reason in English, no attribute value) and returned as the error the
 * page shows. */
enum ddd_err
saml_acs_tenant(struct ctx *c, long long *tenant_id)
{
	const struct kv	*rs = kv_get(&c->form, "RelayState");
	enum ddd_err	 e;

	if (c->app->saml == NULL)
		return DDD_ERR_NOT_FOUND;
	if (rs == NULL || !saml_relay_state_ok(rs->val)) {
		log_warn("saml_acs", "result=refused why=\"RelayState is not "
		    "one of our request ids\"");
		return DDD_ERR_BAD_REQUEST;
	}
	if ((e = saml_request_tenant(c->db, rs->val, tenant_id)) ==
	    DDD_ERR_GONE)
		log_warn("saml_acs", "result=refused why=\"no such request "
		    "waits (used, expired, never made)\"");
	return e;
}

enum ddd_err
saml_acs_verify(struct ctx *c, long long tenant_id,
    const char *idp_metadata, struct saml_identity *id)
{
	const struct kv	*resp = kv_get(&c->form, "SAMLResponse");
	const struct kv	*rs = kv_get(&c->form, "RelayState");
	struct saml_idp	*idp;
	struct buf	 errs;
	char		 why[256];
	enum ddd_err	 e;

	if (c->app->saml == NULL)
		return DDD_ERR_NOT_FOUND;
	if (idp_metadata == NULL) {
		log_warn("saml_acs", "tenant=%lld result=refused why=\"the "
		    "tenant has no SAML IdP\"", tenant_id);
		return DDD_ERR_FORBIDDEN;
	}
	buf_init(&errs, 1024);
	if ((idp = saml_sp_idp(c->app->saml, tenant_id, idp_metadata,
	    &errs)) == NULL) {
		log_error("saml_acs", "tenant=%lld error=\"%.*s\"", tenant_id,
		    (int)strcspn(errs.ptr != NULL ? errs.ptr : "", "\"\n"),
		    errs.ptr != NULL ? errs.ptr : "");
		buf_free(&errs);
		return DDD_ERR_INTERNAL;
	}
	buf_free(&errs);
	e = saml_acs(c->db, idp, tenant_id, resp != NULL ? resp->val : NULL,
	    rs != NULL ? rs->val : NULL, time(NULL), id, why, sizeof(why));
	saml_idp_release(idp);
	if (e != DDD_OK)
		log_warn("saml_acs", "tenant=%lld result=refused why=\"%.*s\"",
		    tenant_id, (int)strcspn(why, "\"\n"), why);
	return e;
}

/* POST /sso/saml/acs: the IdP's answer.  The stored request (its
 * RelayState) says which school; that school's IdP metadata checks the
 * response; the verified attributes become the identity sso_login links
 * to the imported account, or refuses in Dutch.  No session and no form
 * token of ours can come with a cross-site POST: http.c lets this page
 * past both, and the signed response bound to our one-time request is
 * what counts. */
enum ddd_err
page_saml_acs_post(struct ctx *c)
{
	const struct tenant_config *tc;
	struct saml_identity *id = NULL;
	struct sso_identity sid;
	const char	*subject;
	char		 stable[sizeof(id->uid) + 8];
	long long	 tenant_id;
	size_t		 i;
	enum ddd_err	 e;

	if ((e = saml_acs_tenant(c, &tenant_id)) != DDD_OK)
		return e;
	if ((e = http_tenant(c, tenant_id, &tc)) != DDD_OK)
		return e;
	/* A few KiB of attributes: not on the thread's stack. */
	if ((id = calloc(1, sizeof(*id))) == NULL)
		return DDD_ERR_NOMEM;
	if ((e = saml_acs_verify(c, tenant_id, tc->sso.protocol == SSO_SAML ?
	    tc->sso.idp_metadata : NULL, id)) != DDD_OK)
		goto out;
	/* The link's subject: a persistent NameID as it comes; a transient
	 * one (Entree's, simplesamlphp's) is new at every log-in, so the
	 * person's uid at the school stands in for it (the school is the
	 * tenant, so uid is unique there). */
	subject = id->name_id;
	if (id->name_id[0] == '\0' || strcmp(id->name_id_format,
	    "urn:oasis:names:tc:SAML:2.0:nameid-format:transient") == 0) {
		if (id->uid[0] == '\0') {
			log_warn("saml_acs", "tenant=%lld result=refused "
			    "why=\"a transient NameID and no uid\"", tenant_id);
			e = DDD_ERR_FORBIDDEN;
			goto out;
		}
		snprintf(stable, sizeof(stable), "uid:%s", id->uid);
		subject = stable;
	}
	if (sso_identity_init(&sid, SSO_SAML, tenant_id, id->idp,
	    subject) == -1) {
		log_warn("saml_acs", "tenant=%lld result=refused why=\"no "
		    "issuer or NameID\"", tenant_id);
		e = DDD_ERR_FORBIDDEN;
		goto out;
	}
	for (i = 0; i < id->nattrs; i++)
		sso_identity_add(&sid, &tc->sso, id->attrs[i].name,
		    id->attrs[i].value);
	snprintf(sid.session_index, sizeof(sid.session_index), "%s",
	    id->session_index);
	e = sso_login(c, &sid);
out:
	free(id);
	return e;
}

/* One school's part of an IdP's LogoutRequest: verified with that
 * school's IdP metadata (saml_slo), then its sessions of that IdP
 * session end (by the session index; without one, every session of the
 * account linked to the NameID).  DDD_OK with the LogoutResponse's URL in
 * url when verified; *ended counts the sessions. */
static enum ddd_err
slo_tenant(struct ctx *c, long long tenant_id, const char *issuer,
    const char *query, char *url, size_t urlsize, unsigned long long *ended)
{
	const struct tenant_config *tc;
	struct saml_idp	*idp;
	struct saml_logout lo;
	struct db_result res;
	char		 why[256];
	enum ddd_err	 e;

	if ((e = http_tenant(c, tenant_id, &tc)) != DDD_OK)
		return e;
	if (tc->sso.protocol != SSO_SAML || tc->sso.idp_metadata == NULL)
		return DDD_ERR_NOT_FOUND;
	if ((idp = saml_sp_idp(c->app->saml, tenant_id, tc->sso.idp_metadata,
	    NULL)) == NULL)
		return DDD_ERR_NOT_FOUND;
	if (strcmp(saml_idp_entity_id(idp), issuer) != 0) {
		saml_idp_release(idp);
		return DDD_ERR_NOT_FOUND;
	}
	e = saml_slo(idp, query, &lo, url, urlsize, why, sizeof(why));
	saml_idp_release(idp);
	if (e != DDD_OK) {
		log_warn("saml_slo", "tenant=%lld result=refused why=\"%.*s\"",
		    tenant_id, (int)strcspn(why, "\"\n"), why);
		return e;
	}
	/* An answer to a LogoutRequest of ours: nothing to end here. */
	if (lo.kind != SAML_SLO_REQUEST)
		return DDD_OK;
	if (lo.session_index[0] != '\0') {
		struct db_param p[2] = { DB_P_STR(lo.session_index),
		    DB_P_INT(tenant_id) };
		if ((e = db_run(c->db, STMT_SESSION_DELETE_SSO_INDEX, p, 2,
		    &res)) != DDD_OK)
			return e;
		*ended += res.affected;
		db_result_free(&res);
	} else {
		struct db_param p[3] = { DB_P_INT(tenant_id),
		    DB_P_STR(issuer), DB_P_STR(lo.name_id) };
		long long	 acct = 0;

		if ((e = db_run(c->db, STMT_SSO_LINK_BY_SUBJECT, p, 3, &res)) !=
		    DDD_OK)
			return e;
		if (res.nrows == 1)
			acct = strtoll(DB_COL(&res, 0, "id"), NULL, 10);
		db_result_free(&res);
		if (acct != 0) {
			struct db_param q[2] = { DB_P_INT(acct),
			    DB_P_INT(tenant_id) };
			if ((e = db_run(c->db, STMT_SESSION_DELETE_ACCOUNT, q, 2,
			    &res)) != DDD_OK)
				return e;
			*ended += res.affected;
			db_result_free(&res);
		}
	}
	return DDD_OK;
}

/* GET /sso/saml/slo: the IdP's signed LogoutRequest (the user logged out
 * at the school, or at another service of the federation), or its
 * LogoutResponse to ours; HTTP-Redirect, the signature over the raw query
 * string.  The message names its IdP; a federation's IdP serves many
 * schools, so every school whose IdP that is checks it with its own
 * metadata and ends its sessions of that IdP session.  The browser goes
 * back to the IdP with our signed LogoutResponse. */
enum ddd_err
page_saml_slo(struct ctx *c)
{
	const char	*query;
	struct db_result res;
	char		 issuer[512], url[4096], first[4096];
	unsigned long long ended = 0;
	size_t		 i, verified = 0;
	enum ddd_err	 e;

	if (c->app->saml == NULL)
		return DDD_ERR_NOT_FOUND;
	query = FCGX_GetParam("QUERY_STRING", c->fcgi->envp);
	if (query == NULL || saml_slo_issuer(query, issuer,
	    sizeof(issuer)) == -1) {
		log_warn("saml_slo", "result=refused why=\"no SAML message\"");
		return DDD_ERR_BAD_REQUEST;
	}
	first[0] = '\0';
	if ((e = db_run(c->db, STMT_TENANT_SAML_IDS, NULL, 0, &res)) !=
	    DDD_OK)
		return e;
	for (i = 0; i < res.nrows; i++) {
		e = slo_tenant(c, strtoll(DB_COL(&res, i, "id"), NULL, 10),
		    issuer, query, url, sizeof(url), &ended);
		if (e == DDD_ERR_NOT_FOUND || e == DDD_ERR_FORBIDDEN ||
		    e == DDD_ERR_BAD_REQUEST)
			continue;
		if (e != DDD_OK)
			break;
		if (verified++ == 0)
			snprintf(first, sizeof(first), "%s", url);
	}
	db_result_free(&res);
	if (e != DDD_OK && e != DDD_ERR_NOT_FOUND && e != DDD_ERR_FORBIDDEN &&
	    e != DDD_ERR_BAD_REQUEST)
		return e;
	if (verified == 0) {
		log_warn("saml_slo", "result=refused why=\"no school's IdP "
		    "verifies it\"");
		return DDD_ERR_FORBIDDEN;
	}
	log_info("saml_slo", "result=ok schools=%zu sessions_ended=%llu",
	    verified, ended);
	/* Our LogoutResponse back to the IdP; an answer to ours has none:
	 * the log-in page. */
	if (first[0] == '\0')
		return http_redirect(c, "/login");
	if ((e = http_header(c, "Location", first)) != DDD_OK)
		return e;
	c->status = 303;
	c->content_type = "text/plain";
	return buf_addstr(&c->body, "Uitgelogd; terug naar de school.\n");
}
