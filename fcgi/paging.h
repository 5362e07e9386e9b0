/* Lists a page at a time (issue 15: a page's cost is what it shows): the
 * page asked for in the query (?pagina=N), its LIMIT and OFFSET, and the
 * <paging> element the stylesheets make the links from
 * (xslt/lib/paging.xsl).  A statement is asked for one row more than a
 * page holds, to know whether there is a next page. */
#ifndef DDD_PAGING_H
#define DDD_PAGING_H

#include <stddef.h>
#include <libxml/tree.h>

#include "ctx.h"

#define PAGE_ROWS	100	/* rows on a page */

struct paging {
	long long	 nr;		/* 1-based */
	long long	 offset;	/* rows before this page */
	long long	 limit;		/* PAGE_ROWS + 1 */
};

/* The page of the query's 'pagina': 1 when absent.  A value that is not
 * a page number is page 1, with a Dutch message under errors (when not
 * NULL). */
void		 paging_read(struct ctx *, struct paging *, xmlNodePtr errors);
/* <paging pagina per [vorige] [volgende]/> under parent, for a statement
 * that gave 'rows' (of at most limit); how many of them to show. */
size_t		 paging_xml(xmlNodePtr parent, const struct paging *,
		    size_t rows);

#endif
