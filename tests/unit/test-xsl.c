/* The stylesheet cache: the project's own sheets compile; a transform
 * escapes text; file and network access are forbidden in transforms. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xmlout.h"
#include "xsl.h"
#include "tap.h"

static void
write_file(const char *path, const char *text)
{
	FILE	*f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
}

int
main(void)
{
	struct xsl_cache	*c = calloc(1, sizeof(*c));
	struct buf		 errs, out;
	const char		*src = getenv("DDD_SRCDIR"), *mt = NULL;
	char			 dir[1024], tmp[64], path[128];
	xmlDocPtr		 doc;
	xmlNodePtr		 r;

	xsl_global_init();
	buf_init(&errs, 65536);
	buf_init(&out, 1 << 20);
	snprintf(dir, sizeof(dir), "%s/xslt", src ? src : ".");
	is_int(xsl_cache_load(c, dir, &errs), 0, "project stylesheets compile");
	if (errs.len)
		diag(errs.ptr);
	ok(xsl_find(c, "login") != NULL, "login sheet cached");
	ok(xsl_find(c, "error") != NULL, "error sheet cached");
	ok(xsl_find(c, "layout") == NULL, "imported parts are not pages");
	ok(xsl_find(c, "nope") == NULL, "unknown name not found");

	doc = xo_doc("error");
	r = xo_root(doc);
	xo_attr(r, "status", "404");
	xo_el(r, "title", "<script>x</script> & \"q\"");
	xo_el(r, "text", "Zoë çà 中文 عربي");
	is_int(xsl_apply(c, "error", doc, NULL, &out, &mt), DDD_OK,
	    "error page renders");
	is_str(mt, "text/html", "media type html");
	ok(strstr(out.ptr, "&lt;script&gt;x&lt;/script&gt; &amp;") != NULL,
	    "markup in text is escaped");
	ok(strstr(out.ptr, "<script>") == NULL, "no raw script tag");
	ok(strstr(out.ptr, "Zoë çà 中文 عربي") != NULL,
	    "non-Latin text comes out as typed");
	ok(strstr(out.ptr, "lang=\"nl\"") != NULL, "lang=nl from the layout");
	xmlFreeDoc(doc);
	xsl_cache_free(c);

	/* A sheet that tries to read a file or write one must fail. */
	snprintf(tmp, sizeof(tmp), "/tmp/ddd-test-xsl-%d", (int)getpid());
	mkdir(tmp, 0700);
	snprintf(path, sizeof(path), "%s/secret.xml", tmp);
	write_file(path, "<secret>geheim</secret>");
	snprintf(path, sizeof(path), "%s/read.xsl", tmp);
	write_file(path, "<xsl:stylesheet version='1.0' "
	    "xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>"
	    "<xsl:output method='text'/><xsl:template match='/'>"
	    "[<xsl:value-of select=\"document('secret.xml')\"/>]"
	    "</xsl:template></xsl:stylesheet>");
	snprintf(path, sizeof(path), "%s/write.xsl", tmp);
	write_file(path, "<xsl:stylesheet version='1.0' "
	    "xmlns:xsl='http://www.w3.org/1999/XSL/Transform' "
	    "xmlns:exsl='http://exslt.org/common' "
	    "extension-element-prefixes='exsl'>"
	    "<xsl:template match='/'><exsl:document href='/tmp/ddd-pwned'>"
	    "x</exsl:document></xsl:template></xsl:stylesheet>");
	snprintf(path, sizeof(path), "%s/param.xsl", tmp);
	write_file(path, "<xsl:stylesheet version='1.0' "
	    "xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>"
	    "<xsl:output method='text'/><xsl:param name='p'/>"
	    "<xsl:template match='/'>[<xsl:value-of select='$p'/>]"
	    "</xsl:template></xsl:stylesheet>");
	buf_reset(&errs);
	is_int(xsl_cache_load(c, tmp, &errs), 0, "test sheets compile");
	doc = xo_doc("x");
	buf_reset(&out);
	xsl_apply(c, "read", doc, NULL, &out, &mt);
	ok(out.ptr == NULL || strstr(out.ptr, "geheim") == NULL,
	    "document() cannot read a file");
	unlink("/tmp/ddd-pwned");
	buf_reset(&out);
	xsl_apply(c, "write", doc, NULL, &out, &mt);
	ok(access("/tmp/ddd-pwned", F_OK) != 0,
	    "exsl:document cannot write a file");
	{
		const char *params[] = { "p", "') or ('1", NULL };
		buf_reset(&out);
		is_int(xsl_apply(c, "param", doc, params, &out, &mt), DDD_OK,
		    "parameters apply");
		is_str(out.ptr, "[') or ('1]",
		    "parameters are strings, not XPath");
	}
	xmlFreeDoc(doc);
	xsl_cache_free(c);

	/* A broken sheet gives file and line. */
	snprintf(path, sizeof(path), "%s/read.xsl", tmp);
	write_file(path, "<xsl:stylesheet version='1.0'\n"
	    "xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>\n"
	    "<xsl:template match='/'>\n<oops>\n</xsl:template>\n"
	    "</xsl:stylesheet>\n");
	buf_reset(&errs);
	is_int(xsl_cache_load(c, tmp, &errs), -1, "broken sheet refused");
	snprintf(dir, sizeof(dir), "%s:5:", path);
	ok(errs.ptr != NULL && strstr(errs.ptr, dir) != NULL,
	    "message names file and line 5");
	diag(errs.ptr);
	is_int(c->n, 0, "cache left empty");

	system("rm -rf /tmp/ddd-test-xsl-*");
	buf_free(&errs);
	buf_free(&out);
	free(c);
	xsl_global_end();
	return done_testing();
}
