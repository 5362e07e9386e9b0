/* Replay fuzz inputs without libFuzzer: link with one fuzz-*.c harness,
 * run with files and/or directories; every file (directories: every
 * regular file in them, not recursive, in name order, dot-files skipped)
 * goes through LLVMFuzzerTestOneInput once.  TAP on stdout, one "ok" per
 * file; a harness invariant failure aborts, which the TAP driver reports.
 * Each input is copied into a buffer of exactly its size, so a sanitizer
 * build catches reads past the end as libFuzzer would. */

#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int	 nfiles, nfailed;

static void	 replay_file(const char *);
static void	 replay_dir(const char *);
static int	 read_file(const char *, uint8_t **, size_t *);
static int	 skip_name(const struct dirent *);

/* Read all of path into a new buffer of exactly its size (at least one
 * byte allocated, so the pointer is never NULL).  0 on success, else
 * errno. */
static int
read_file(const char *path, uint8_t **out, size_t *outlen)
{
	FILE	*f;
	uint8_t	*data = NULL, *p, chunk[4096];
	size_t	 len = 0, n;
	int	 error = 0;

	*out = NULL;
	*outlen = 0;
	if ((f = fopen(path, "rb")) == NULL)
		return errno;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if ((p = realloc(data, len + n)) == NULL) {
			error = ENOMEM;
			goto err;
		}
		data = p;
		memcpy(data + len, chunk, n);
		len += n;
	}
	if (ferror(f)) {
		error = EIO;
		goto err;
	}
	if (data == NULL && (data = malloc(1)) == NULL) {
		error = ENOMEM;
		goto err;
	}
	fclose(f);
	*out = data;
	*outlen = len;
	return 0;

err:
	free(data);
	fclose(f);
	return error;
}

static void
replay_file(const char *path)
{
	uint8_t	*data;
	size_t	 len;
	int	 error;

	nfiles++;
	if ((error = read_file(path, &data, &len)) != 0) {
		nfailed++;
		printf("not ok %d - %s: %s\n", nfiles, path, strerror(error));
		fflush(stdout);
		return;
	}
	/* Name the input first, so a crash's log says which one. */
	fprintf(stderr, "# replaying %s (%zu bytes)\n", path, len);
	LLVMFuzzerTestOneInput(data, len);
	free(data);
	printf("ok %d - %s (%zu bytes)\n", nfiles, path, len);
	fflush(stdout);
}

static int
skip_name(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static void
replay_dir(const char *dir)
{
	struct dirent	**names;
	struct stat	  st;
	char		 *path;
	size_t		  sz;
	int		  i, n;

	if ((n = scandir(dir, &names, skip_name, alphasort)) < 0) {
		nfiles++;
		nfailed++;
		printf("not ok %d - %s: %s\n", nfiles, dir, strerror(errno));
		return;
	}
	for (i = 0; i < n; i++) {
		sz = strlen(dir) + strlen(names[i]->d_name) + 2;
		if ((path = malloc(sz)) == NULL) {
			nfiles++;
			nfailed++;
			printf("not ok %d - %s/%s: %s\n", nfiles, dir,
			    names[i]->d_name, strerror(ENOMEM));
		} else {
			snprintf(path, sz, "%s/%s", dir, names[i]->d_name);
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
				replay_file(path);
			free(path);
		}
		free(names[i]);
	}
	free(names);
}

int
main(int argc, char *argv[])
{
	struct stat	 st;
	int		 i;

	if (argc < 2) {
		fprintf(stderr, "usage: %s file-or-directory ...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			replay_dir(argv[i]);
		else
			replay_file(argv[i]);
	}
	printf("1..%d\n", nfiles);
	if (nfiles == 0)
		fprintf(stderr, "# no input files found\n");
	return nfailed > 0 || nfiles == 0;
}
