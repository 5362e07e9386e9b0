/* /sso/saml/metadata: the instance's SAML SP metadata (fcgi/saml.h), the
 * URL a school gives Entree or SURFconext.  Public: it holds our
 * entityID, endpoints and certificate, nothing secret.  Without SAML
 * configured (saml_key_file) the page is not there. */
#include <string.h>

#include "log.h"
#include "pages.h"
#include "saml.h"

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
