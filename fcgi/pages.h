/* Page handlers, one file per area (page_*.c). */
#ifndef DDD_PAGES_H
#define DDD_PAGES_H

#include "http.h"

enum ddd_err	page_home(struct ctx *);
enum ddd_err	page_healthz(struct ctx *);
enum ddd_err	page_login(struct ctx *);

#endif
