#include <stdlib.h>
#include <string.h>

#include "paging.h"
#include "xmlout.h"

/* Past this a page number is not one we could have linked to. */
#define PAGE_MAX	100000

void
paging_read(struct ctx *c, struct paging *pg, xmlNodePtr errors)
{
	const struct kv	*k = kv_get(&c->query, "pagina");
	char		*end;
	long long	 n = 1;

	if (k != NULL && k->val[0] != '\0') {
		n = strtoll(k->val, &end, 10);
		if (*end != '\0' || k->val[0] < '0' || k->val[0] > '9' ||
		    n < 1 || n > PAGE_MAX) {
			n = 1;
			if (errors != NULL)
				xo_attr(xo_el(errors, "error", "Dit "
				    "paginanummer bestaat niet; u ziet de "
				    "eerste pagina."), "field", "pagina");
		}
	}
	pg->nr = n;
	pg->offset = (n - 1) * PAGE_ROWS;
	pg->limit = PAGE_ROWS + 1;
}

size_t
paging_xml(xmlNodePtr parent, const struct paging *pg, size_t rows)
{
	xmlNodePtr	 p = xo_el(parent, "paging", NULL);

	xo_attr_int(p, "pagina", pg->nr);
	xo_attr_int(p, "per", PAGE_ROWS);
	if (pg->nr > 1)
		xo_attr_int(p, "vorige", pg->nr - 1);
	if (rows > PAGE_ROWS) {
		xo_attr_int(p, "volgende", pg->nr + 1);
		return PAGE_ROWS;
	}
	return rows;
}
