/* /sso/saml/metadata: the instance's SAML SP metadata (fcgi/saml.h), the
 * URL a school gives Entree or SURFconext.  Public: it holds our
 * entityID, endpoints and certificate, nothing secret.  Without SAML
 * configured (saml_key_file) the page is not there. */
#include <string.h>

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
