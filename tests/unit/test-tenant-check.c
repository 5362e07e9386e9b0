/* tenant_check_file: every demo tenant in tenants/ passes; every file in
 * tests/data/tenants/ named good-*.xml passes; every other NAME.xml there
 * fails with exactly the lines of NAME.expected (paths written as the bare
 * file name), in the manner of libxslt's tests: input + expected output. */

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xmlerror.h>

#include "buf.h"
#include "tenant.h"
#include "tap.h"

#define MAX_FILES	200

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.xml names in dir, sorted; the count, or -1. */
static int
list_xml(const char *dir, char **names, int max)
{
	DIR		*d;
	struct dirent	*de;
	size_t		 len;
	int		 n = 0;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL && n < max) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 5 ||
		    strcmp(de->d_name + len - 4, ".xml") != 0)
			continue;
		if ((names[n] = strdup(de->d_name)) == NULL)
			break;
		n++;
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(*names), name_cmp);
	return n;
}

static int
read_all(const char *path, struct buf *b)
{
	FILE	*f;
	char	 chunk[4096];
	size_t	 n;
	int	 rc = 0;

	buf_reset(b);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(b, chunk, n) != DDD_OK) {
			rc = -1;
			break;
		}
	if (ferror(f))
		rc = -1;
	fclose(f);
	if (rc == 0 && b->ptr == NULL)
		rc = buf_addstr(b, "") == DDD_OK ? 0 : -1;
	return rc;
}

/* Copy of the messages with "prefix" removed where a line starts so. */
static void
strip_prefix(const char *in, const char *prefix, struct buf *out)
{
	size_t	 plen = strlen(prefix);
	const char *nl;

	buf_reset(out);
	buf_addstr(out, "");
	while (in != NULL && *in != '\0') {
		if (strncmp(in, prefix, plen) == 0)
			in += plen;
		if ((nl = strchr(in, '\n')) == NULL) {
			buf_addstr(out, in);
			break;
		}
		buf_add(out, in, (size_t)(nl - in) + 1);
		in = nl + 1;
	}
}

static void
check_demo(const char *srcdir, const char *rng)
{
	static const struct {
		const char	*file, *slug, *kind, *brin;
	} want[] = {
		{ "de-brug.xml", "de-brug", "vo", "12AB" },
		{ "het-noorderlicht.xml", "het-noorderlicht", "vo", "34CD" },
		{ "roc-rijnland.xml", "roc-rijnland", "mbo", "25LX" },
		{ "techniek-college-oost.xml", "techniek-college-oost", "mbo",
		    "27QP" },
	};
	struct tenant_info	 info;
	struct buf		 errs;
	char			 dir[1024], path[2048], *names[MAX_FILES];
	size_t			 i;
	int			 n, j, rc;

	buf_init(&errs, 1024 * 1024);
	snprintf(dir, sizeof(dir), "%s/tenants", srcdir);
	n = list_xml(dir, names, MAX_FILES);
	ok(n >= (int)(sizeof(want) / sizeof(want[0])),
	    "demo set in %s has the four demo tenants", dir);
	for (j = 0; j < n; j++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[j]);
		buf_reset(&errs);
		memset(&info, 0, sizeof(info));
		rc = tenant_check_file(path, rng, &info, &errs);
		ok(rc == 0 && errs.len == 0, "demo %s passes", names[j]);
		if (rc != 0)
			printf("# %s", errs.ptr ? errs.ptr : "(no message)\n");
		for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
			if (strcmp(names[j], want[i].file) != 0)
				continue;
			ok(strcmp(info.slug, want[i].slug) == 0 &&
			    strcmp(info.kind, want[i].kind) == 0 &&
			    strcmp(info.brin, want[i].brin) == 0 &&
			    info.name[0] != '\0',
			    "demo %s: %s, %s, %s, '%s'", names[j], info.slug,
			    info.kind, info.brin, info.name);
		}
		free(names[j]);
	}
	buf_free(&errs);
}

static void
check_data(const char *srcdir, const char *rng)
{
	struct tenant_info	 info;
	struct buf		 errs, want, got;
	char			 dir[1024], prefix[1100], path[2048];
	char			*names[MAX_FILES];
	size_t			 len;
	int			 n, j, rc, nbad = 0, ngood = 0;

	buf_init(&errs, 1024 * 1024);
	buf_init(&want, 1024 * 1024);
	buf_init(&got, 1024 * 1024);
	snprintf(dir, sizeof(dir), "%s/tests/data/tenants", srcdir);
	snprintf(prefix, sizeof(prefix), "%s/", dir);
	n = list_xml(dir, names, MAX_FILES);
	ok(n > 0, "test files found in %s", dir);
	for (j = 0; j < n; j++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[j]);
		buf_reset(&errs);
		rc = tenant_check_file(path, rng, &info, &errs);
		len = strlen(names[j]) - 4;
		snprintf(path, sizeof(path), "%s/%.*s.expected", dir, (int)len,
		    names[j]);
		if (strncmp(names[j], "good-", 5) == 0) {
			ngood++;
			ok(rc == 0 && errs.len == 0, "%s passes", names[j]);
			if (rc != 0)
				printf("# %s", errs.ptr ? errs.ptr : "\n");
			ok(access(path, F_OK) != 0, "%s has no .expected",
			    names[j]);
			free(names[j]);
			continue;
		}
		nbad++;
		ok(rc == -1, "%s is refused", names[j]);
		if (read_all(path, &want) == -1) {
			ok(0, "%s: cannot read %s", names[j], path);
			free(names[j]);
			continue;
		}
		strip_prefix(errs.ptr, prefix, &got);
		is_str(got.ptr, want.ptr, "%s: messages as expected",
		    names[j]);
		free(names[j]);
	}
	ok(ngood >= 1 && nbad >= 8, "%d good and %d bad test files", ngood,
	    nbad);
	buf_free(&errs);
	buf_free(&want);
	buf_free(&got);
}

/* Things no file in the tree can show. */
static void
check_edges(const char *srcdir, const char *rng)
{
	struct tenant_info	 info;
	struct buf		 errs;
	const char		*tmpdir;
	char			 path[1100], tmp[1100];
	FILE			*f;
	int			 fd, rc;
	long			 i;

	buf_init(&errs, 1024 * 1024);
	if ((tmpdir = getenv("TMPDIR")) == NULL || *tmpdir == '\0')
		tmpdir = "/tmp";
	snprintf(tmp, sizeof(tmp), "%s/test-tenant-XXXXXX", tmpdir);

	rc = tenant_check_file("/nonexistent/x.xml", rng, &info, &errs);
	ok(rc == -1 && errs.ptr != NULL &&
	    strncmp(errs.ptr, "/nonexistent/x.xml: cannot open", 31) == 0,
	    "a missing file is reported with its name");

	buf_reset(&errs);
	snprintf(path, sizeof(path), "%s/tenants/de-brug.xml", srcdir);
	rc = tenant_check_file(path, "/nonexistent/tenant.rng", &info, &errs);
	ok(rc == -1 && errs.len > 0, "a missing schema is an error");

	buf_reset(&errs);
	rc = tenant_check_file(path, rng, NULL, &errs);
	ok(rc == 0, "info may be NULL");

	/* One byte over the cap. */
	buf_reset(&errs);
	if ((fd = mkstemp(tmp)) != -1 && (f = fdopen(fd, "w")) != NULL) {
		for (i = 0; i <= TENANT_MAX_FILE; i++)
			fputc(' ', f);
		fclose(f);
		rc = tenant_check_file(tmp, rng, &info, &errs);
		ok(rc == -1 && errs.ptr != NULL &&
		    strstr(errs.ptr, "larger than") != NULL,
		    "a file over TENANT_MAX_FILE is refused unread");
		unlink(tmp);
	} else
		ok(0, "cannot make a temporary file");

	/* libxml2's per-thread handlers are put back as they were. */
	ok(xmlStructuredError == NULL && xmlStructuredErrorContext == NULL,
	    "libxml2 structured error handler restored");
	buf_free(&errs);
}

int
main(void)
{
	const char	*srcdir;
	char		 rng[1100];

	if ((srcdir = getenv("DDD_SRCDIR")) == NULL || *srcdir == '\0')
		srcdir = ".";
	snprintf(rng, sizeof(rng), "%s/schema/tenant.rng", srcdir);
	check_demo(srcdir, rng);
	check_data(srcdir, rng);
	check_edges(srcdir, rng);
	return done_testing();
}
