/* Confinement after start-up: a seccomp filter (libseccomp) per kind of
 * process, and the resource limits of a render process.
 *
 * What a filter does not list ends the process: the call is trapped, one
 * log line names it (event=seccomp_denied syscall=N; `scmp_sys_resolver
 * N` gives its name) and the process dies of SIGSYS.  A few calls that
 * libraries make and cope without (opening a file for writing, removing
 * one, socket families we never use) are refused with an errno instead.
 * The filter holds for every thread of the process and for anything it
 * would start; it cannot be lifted. */
#ifndef DDD_SANDBOX_H
#define DDD_SANDBOX_H

#include <stddef.h>

#include "buf.h"

enum sandbox_kind {
	SANDBOX_WORKER,		/* ddd-worker once it serves */
	SANDBOX_RENDER,		/* a render process (fo_render) */
};

/* Install the filter of kind on every thread of this process; prog
 * names the process in the log line.  unlink_dir: a directory descriptor
 * in which unlinkat(unlink_dir, name, 0) stays allowed (the worker's
 * socket folder, to remove its socket on the way out), or -1.  -1 with
 * the reason in errs. */
int	sandbox_apply(enum sandbox_kind, const char *prog, int unlink_dir,
	    struct buf *errs);

/* The limits of a render process: no core files, few descriptors, address space at most as_bytes (0: none),
 * not dumpable (no ptrace by its own user, no /proc/PID/mem).  -1 with
 * the reason in errs. */
int	sandbox_render_limits(size_t as_bytes, struct buf *errs);

/* Allow this process seconds more of CPU time from now (RLIMIT_CPU, soft
 * limit): past it the kernel sends SIGXCPU and the process ends. */
int	sandbox_cpu_budget(int seconds);

#endif
