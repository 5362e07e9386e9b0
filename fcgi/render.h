/* The render processes (ddd-render, fcgi/render_main.c) and the worker's
 * side of them (fcgi/render_client.c).
 *
 * The worker holds the master key and the database connections; the FO
 * renderer (fcgi/fo/: libxml2, Pango, cairo, librsvg) does not run in it.
 * At start-up, before it reads the key, the worker starts ddd-render
 * (fork + exec) as a supervisor that drops to the worker's user, loads
 * the fonts once and forks render_processes children.  The children share
 * one listening unix socket (render.sock in the worker's private PDF
 * folder, 0700); each takes one connection at a time: a request (the
 * header below, then the FO bytes), fo_render under seccomp and resource
 * limits, an answer (the header below, the warnings, the PDF).  Apache
 * FOP, when configured, runs through the supervisor too (fop.sock, same
 * messages): the worker itself never forks or execs after start-up.
 *
 * Both ends are built from the same tree and run on the same machine:
 * the headers travel in host byte order. */
#ifndef DDD_RENDER_H
#define DDD_RENDER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "buf.h"
#include "config.h"
#include "err.h"
#include "fo.h"

#define RENDER_REQ_MAGIC	0x52444444u	/* "DDDR" */
#define RENDER_ANS_MAGIC	0x41444444u	/* "DDDA" */
#define RENDER_VERSION		1u
#define RENDER_FLAG_STRICT	0x1u

#define RENDER_SOCKET		"render.sock"
#define RENDER_FOP_SOCKET	"fop.sock"
#define RENDER_MAX_WARNINGS	(64 * 1024)	/* bytes of warnings sent */
#define RENDER_FOP_ENV		"DDD_RENDER_FOP"	/* FOP's path, for -F */

struct render_req {			/* 40 bytes, then fo_len bytes */
	uint32_t	magic;
	uint32_t	version;
	uint32_t	flags;		/* RENDER_FLAG_* */
	uint32_t	max_pages;
	uint32_t	max_ms;		/* wall time of the render */
	uint32_t	reserved;
	uint64_t	max_memory;
	uint64_t	fo_len;
};

struct render_ans {			/* 24 bytes, then warnings, then PDF */
	uint32_t	magic;
	uint32_t	version;
	uint32_t	status;		/* enum ddd_err */
	uint32_t	warnings_len;
	uint64_t	pdf_len;
};

/* The supervisor, seen from the worker. */
struct render_pool {
	pid_t		 pid;		/* ddd-render; 0 when not started */
	int		 lifeline;	/* our end: closed, the pool stops */
	char		 sock[CONFIG_MAX_VALUE + 64];
	char		 fop_sock[CONFIG_MAX_VALUE + 64];	/* "" no FOP */
};

/* The program to start: render_program, or ddd-render beside the
 * running program.  -1 when it cannot be run (the reason in errs). */
int		render_program(const struct config *, char *path, size_t size,
		    struct buf *errs);
/* Start ddd-render for the private folder dir (made by the caller, owned
 * by the user it runs as) and wait until it listens.  user: the account
 * to become when we are root (NULL otherwise).  fop: also run FOP jobs
 * (fop and fop_config usable).  -1 with the reason in errs. */
int		render_pool_start(struct render_pool *, const struct config *,
		    const char *dir, const char *user, int fop,
		    struct buf *errs);
/* Close the lifeline and wait for the supervisor (it stops its children
 * and removes its sockets and the folder's files). */
void		render_pool_stop(struct render_pool *);

/* One render over the socket at path: send the request, wait for the
 * answer until timeout seconds have passed.  The answer's status is
 * returned (DDD_OK with a whole answer in pdf); DDD_ERR_RENDER when the
 * process could not be reached, ended the connection or took too long,
 * with why filled for the log.  warnings gets the renderer's lines. */
enum ddd_err	render_call(const char *path, const char *fo, size_t len,
		    const struct fo_limits *, int strict, double timeout,
		    size_t max_pdf, struct buf *pdf, struct buf *warnings,
		    char *why, size_t whysize);

#endif
