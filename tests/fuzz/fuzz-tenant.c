/* libFuzzer harness for tenant files: the input is one tenant file, run
 * through tenant_check_file() against schema/tenant.rng (read, strict
 * UTF-8, parse without DTD or network, RELAX NG, then the checks of
 * tenant_check.c that follow the schema).
 *
 * tenant.h has only the path-based entry point, so the input is written
 * to an anonymous memory file (memfd_create; a file in /dev/shm when that
 * fails) made once, truncated and rewritten for every input, and the
 * check gets "/proc/self/fd/N".  That file is a regular file, as
 * xml_read_capped() requires.  tenant_check_file() also loads the schema
 * on every call, which is most of the time per input; a memory entry
 * point with a schema loaded once would make this several times faster.
 *
 * Invariants: the result is 0 or -1; 0 exactly when nothing was written
 * to errs, and then the info is a good tenant (id [a-z0-9-]{1,64}, kind
 * vo or mbo, a BRIN 12AB or 12AB01, a name of 1 to 200 bytes); -1 with
 * errs holding lines "FILE: message" or "FILE:LINE: message", LINE at
 * most the input's line count, in line order, no control characters,
 * at most XML_MAX_MESSAGES of them and one "more problems" line; input
 * that is not strict UTF-8 (or holds a NUL) is refused; libxml2's error
 * handlers are what they were before the call.
 *
 * With FUZZ_TENANT_VERBOSE set in the environment, each input's result
 * and messages go to stderr.
 *
 * The schema's path comes from $DDD_SRCDIR (or the source directory
 * compiled in as DDD_SRCDIR, or "."); set up in LLVMFuzzerInitialize or,
 * when linked with replay.c (which does not call it), on the first
 * input. */

#include <sys/mman.h>

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/globals.h>
#include <libxml/xmlerror.h>

#include "buf.h"
#include "tenant.h"
#include "xmlcheck.h"
#include "fuzz.h"

int	 LLVMFuzzerInitialize(int *, char ***);
int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);


static char	 rng[1100];
static char	 path[64];
static int	 fd = -1;
static int	 ready, verbose;

static void
setup(void)
{
	const char	*srcdir;
	char		 tmpl[] = "/dev/shm/fuzz-tenant-XXXXXX";

	if (ready)
		return;
	srcdir = getenv("DDD_SRCDIR");
#ifdef DDD_SRCDIR
	if (srcdir == NULL || *srcdir == '\0')
		srcdir = DDD_SRCDIR;
#endif
	if (srcdir == NULL || *srcdir == '\0')
		srcdir = ".";
	snprintf(rng, sizeof(rng), "%s/schema/tenant.rng", srcdir);
	if (access(rng, R_OK) != 0) {
		fprintf(stderr, "fuzz-tenant: cannot read %s (set "
		    "DDD_SRCDIR): %s\n", rng, strerror(errno));
		abort();
	}
	if ((fd = memfd_create("fuzz-tenant", MFD_CLOEXEC)) == -1) {
		/* No memfd: a file in /dev/shm, unlinked at once. */
		if ((fd = mkstemp(tmpl)) == -1) {
			fprintf(stderr, "fuzz-tenant: no memfd and no file in "
			    "/dev/shm: %s\n", strerror(errno));
			abort();
		}
		unlink(tmpl);
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	verbose = getenv("FUZZ_TENANT_VERBOSE") != NULL;
	ready = 1;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setup();
	return 0;
}

/* The file's content becomes data[0..size). */
static void
put(const uint8_t *data, size_t size)
{
	size_t	 off = 0;
	ssize_t	 n;

	CHECK(ftruncate(fd, 0) == 0);
	while (off < size) {
		n = pwrite(fd, data + off, size - off, (off_t)off);
		if (n == -1 && errno == EINTR)
			continue;
		CHECK(n > 0);
		off += (size_t)n;
	}
}

/* Strict UTF-8 without NUL, by its own decoder: 1 when good. */
static int
ref_utf8(const uint8_t *s, size_t len)
{
	size_t		 i = 0, n, k;
	uint32_t	 c, min;

	while (i < len) {
		if (s[i] == 0)
			return 0;
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0) {
			n = 1;
			c = s[i] & 0x1f;
			min = 0x80;
		} else if ((s[i] & 0xf0) == 0xe0) {
			n = 2;
			c = s[i] & 0x0f;
			min = 0x800;
		} else if ((s[i] & 0xf8) == 0xf0) {
			n = 3;
			c = s[i] & 0x07;
			min = 0x10000;
		} else
			return 0;
		if (len - i < n + 1)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			c = c << 6 | (s[i + k] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}

static int
good_id(const char *s)
{
	size_t	 i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return i >= 1 && i <= 64;
}

static int
good_brin(const char *s)
{
	size_t	 len = strnlen(s, 7);

	if (len != 4 && len != 6)
		return 0;
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' ||
	    s[2] < 'A' || s[2] > 'Z' || s[3] < 'A' || s[3] > 'Z')
		return 0;
	return len == 4 || (s[4] >= '0' && s[4] <= '9' && s[5] >= '0' &&
	    s[5] <= '9');
}

/* The report: every line "PATH: text" or "PATH:LINE: text", lines in
 * order, no control characters, not too many. */
static void
check_errs(const char *e, size_t elen, long maxline)
{
	const char	*p = e, *end = e + elen, *nl, *q;
	size_t		 plen = strlen(path), nlines = 0, more = 0;
	long		 line, last = 0;
	char		*num_end;

	CHECK(elen > 0 && e[elen - 1] == '\n');
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		CHECK(nl != NULL);
		nlines++;
		CHECK((size_t)(nl - p) > plen + 2);
		CHECK(memcmp(p, path, plen) == 0 && p[plen] == ':');
		q = p + plen + 1;
		if (*q == ' ')
			line = 0;
		else {
			CHECK(*q >= '1' && *q <= '9');
			line = strtol(q, &num_end, 10);
			CHECK(num_end < nl && *num_end == ':' &&
			    num_end[1] == ' ');
			CHECK(line >= 1 && line <= maxline);
			q = num_end + 1;
		}
		CHECK(q + 1 < nl);		/* some text */
		for (; q < nl; q++)
			CHECK((unsigned char)*q >= 0x20);
		if (strstr(p, "more problems not shown") != NULL &&
		    strstr(p, "more problems not shown") < nl) {
			more++;
			CHECK(nl + 1 == end);	/* the last line */
		} else {
			CHECK(line >= last);
			last = line;
		}
		p = nl + 1;
	}
	CHECK(more <= 1);
	CHECK(nlines <= XML_MAX_MESSAGES + more);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tenant_info	 info;
	struct buf		 errs;
	xmlStructuredErrorFunc	 sfunc;
	xmlGenericErrorFunc	 gfunc;
	void			*sctx, *gctx;
	size_t			 i;
	long			 nlines = 1;
	int			 rc;

	setup();
	if (size > TENANT_MAX_FILE)
		return 0;
	for (i = 0; i < size; i++)
		if (data[i] == '\n')
			nlines++;
	put(data, size);
	memset(&info, 0x5a, sizeof(info));
	buf_init(&errs, 1024 * 1024);
	sfunc = xmlStructuredError;
	sctx = xmlStructuredErrorContext;
	gfunc = xmlGenericError;
	gctx = xmlGenericErrorContext;

	rc = tenant_check_file(path, rng, &info, &errs);

	CHECK(xmlStructuredError == sfunc);
	CHECK(xmlStructuredErrorContext == sctx);
	CHECK(xmlGenericError == gfunc);
	CHECK(xmlGenericErrorContext == gctx);
	if (verbose)
		fprintf(stderr, "# rc %d\n%s", rc, errs.ptr != NULL ?
		    errs.ptr : "");
	CHECK(rc == 0 || rc == -1);
	if (rc == 0) {
		CHECK(errs.len == 0);
		CHECK(ref_utf8(data, size));
		CHECK(memchr(info.slug, '\0', sizeof(info.slug)) != NULL);
		CHECK(good_id(info.slug));
		CHECK(strcmp(info.kind, "vo") == 0 ||
		    strcmp(info.kind, "mbo") == 0);
		CHECK(good_brin(info.brin));
		CHECK(memchr(info.name, '\0', sizeof(info.name)) != NULL);
		CHECK(info.name[0] != '\0');
	} else {
		CHECK(errs.ptr != NULL);
		check_errs(errs.ptr, errs.len, nlines);
	}
	buf_free(&errs);
	return 0;
}
