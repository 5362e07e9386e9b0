/* dddctl: the operator's command line tool.  Commands:
 *   migrate                 create the database if needed, apply migrations
 *   tenant check FILE...    validate tenant files, "file:line: message"
 *   tenant load [FILE...]   validate and load (default: every file in
 *                           tenants_dir), all or nothing
 *   config check            read the configuration, compile stylesheets */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "migrate.h"
#include "tenant.h"
#include "xsl.h"

static void
usage(void)
{
	fprintf(stderr,
	    "usage: dddctl [-f config] migrate\n"
	    "       dddctl [-f config] tenant check FILE...\n"
	    "       dddctl [-f config] tenant load [FILE...]\n"
	    "       dddctl [-f config] config check\n");
	exit(2);
}

static int
cmd_migrate(const struct config *cfg)
{
	MYSQL		*m;
	char		 err[512], sql[600];
	struct buf	 out, errs;
	int		 rc = 1;

	buf_init(&out, 1024 * 1024);
	buf_init(&errs, 1024 * 1024);
	if ((m = db_connect_raw(cfg, err, sizeof(err), 0)) == NULL) {
		fprintf(stderr, "dddctl: cannot connect to MariaDB: %s\n", err);
		goto out;
	}
	/* The name comes from our own configuration, not from a request;
	 * it is still checked, since it cannot be a bound parameter. */
	if (strspn(cfg->db_name, "abcdefghijklmnopqrstuvwxyz0123456789_") !=
	    strlen(cfg->db_name) || cfg->db_name[0] == '\0') {
		fprintf(stderr, "dddctl: db_name may hold only a-z, 0-9, _\n");
		goto out;
	}
	snprintf(sql, sizeof(sql), "CREATE DATABASE IF NOT EXISTS `%s` "
	    "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", cfg->db_name);
	if (mysql_query(m, sql) != 0 || mysql_select_db(m, cfg->db_name)) {
		fprintf(stderr, "dddctl: %s\n", mysql_error(m));
		goto out;
	}
	if (migrate_apply(m, cfg->schema_dir, &out, &errs) == -1) {
		fputs(out.ptr ? out.ptr : "", stdout);
		fputs(errs.ptr ? errs.ptr : "", stderr);
		fprintf(stderr, "dddctl: migration failed; the database is as "
		    "it was before the failed file\n");
		goto out;
	}
	fputs(out.ptr ? out.ptr : "", stdout);
	rc = 0;
out:
	if (m != NULL)
		mysql_close(m);
	buf_free(&out);
	buf_free(&errs);
	return rc;
}

static int
tenant_rng(const struct config *cfg, char *path, size_t len)
{
	snprintf(path, len, "%s/tenant.rng", cfg->schema_dir);
	return access(path, R_OK);
}

static int
cmd_tenant_check(const struct config *cfg, int argc, char **argv)
{
	struct tenant_info info;
	struct buf	 errs;
	char		 rng[1100];
	int		 i, bad = 0;

	if (argc == 0)
		usage();
	if (tenant_rng(cfg, rng, sizeof(rng)) != 0) {
		fprintf(stderr, "dddctl: cannot read %s\n", rng);
		return 1;
	}
	buf_init(&errs, 1024 * 1024);
	for (i = 0; i < argc; i++) {
		buf_reset(&errs);
		if (tenant_check_file(argv[i], rng, &info, &errs) == -1) {
			fputs(errs.ptr ? errs.ptr : "", stderr);
			bad = 1;
		} else
			printf("%s: OK (%s, %s, %s)\n", argv[i], info.slug,
			    info.kind, info.name);
	}
	buf_free(&errs);
	return bad;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
cmd_tenant_load(const struct config *cfg, int argc, char **argv)
{
	MYSQL		*m = NULL;
	DIR		*d;
	struct dirent	*de;
	struct buf	 out, errs;
	char		 rng[1100], err[512], **files = NULL;
	size_t		 n = 0, i, len;
	int		 rc = 1;

	buf_init(&out, 1024 * 1024);
	buf_init(&errs, 1024 * 1024);
	if (tenant_rng(cfg, rng, sizeof(rng)) != 0) {
		fprintf(stderr, "dddctl: cannot read %s\n", rng);
		goto out;
	}
	if (argc > 0) {
		if ((files = calloc((size_t)argc, sizeof(*files))) == NULL)
			goto out;
		for (i = 0; i < (size_t)argc; i++)
			if ((files[n++] = strdup(argv[i])) == NULL)
				goto out;
	} else {
		if ((d = opendir(cfg->tenants_dir)) == NULL) {
			fprintf(stderr, "dddctl: cannot open %s\n",
			    cfg->tenants_dir);
			goto out;
		}
		while ((de = readdir(d)) != NULL) {
			char **nf;
			len = strlen(de->d_name);
			if (len < 5 || de->d_name[0] == '.' ||
			    strcmp(de->d_name + len - 4, ".xml") != 0)
				continue;
			if ((nf = realloc(files, (n + 1) * sizeof(*files))) ==
			    NULL)
				break;
			files = nf;
			len = strlen(cfg->tenants_dir) + len + 2;
			if ((files[n] = malloc(len)) == NULL)
				break;
			snprintf(files[n++], len, "%s/%s", cfg->tenants_dir,
			    de->d_name);
		}
		closedir(d);
		qsort(files, n, sizeof(*files), name_cmp);
	}
	if (n == 0) {
		fprintf(stderr, "dddctl: no tenant files\n");
		goto out;
	}
	if ((m = db_connect_raw(cfg, err, sizeof(err), 1)) == NULL) {
		fprintf(stderr, "dddctl: cannot connect to MariaDB: %s\n", err);
		goto out;
	}
	if (tenant_load(m, rng, files, n, &out, &errs) == -1) {
		fputs(errs.ptr ? errs.ptr : "", stderr);
		fprintf(stderr, "dddctl: nothing loaded\n");
		goto out;
	}
	fputs(out.ptr ? out.ptr : "", stdout);
	rc = 0;
out:
	if (m != NULL)
		mysql_close(m);
	for (i = 0; i < n; i++)
		free(files[i]);
	free(files);
	buf_free(&out);
	buf_free(&errs);
	return rc;
}

static int
cmd_config_check(const struct config *cfg)
{
	struct xsl_cache *xsl;
	struct buf	 errs;
	int		 rc = 1, v;

	buf_init(&errs, 1024 * 1024);
	if ((xsl = calloc(1, sizeof(*xsl))) == NULL)
		goto out;
	if (xsl_cache_load(xsl, cfg->xslt_dir, &errs) == -1) {
		fputs(errs.ptr ? errs.ptr : "", stderr);
		goto out;
	}
	if ((v = migrate_latest(cfg->schema_dir, &errs)) < 0) {
		fputs(errs.ptr ? errs.ptr : "", stderr);
		goto out;
	}
	printf("configuration OK (%lu stylesheets, schema version %d)\n",
	    (unsigned long)xsl->n, v);
	rc = 0;
out:
	if (xsl != NULL) {
		xsl_cache_free(xsl);
		free(xsl);
	}
	buf_free(&errs);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct config	 cfg;
	struct buf	 errs;
	const char	*cfgfile = getenv("DDD_CONFIG");
	int		 ch, rc;

	while ((ch = getopt(argc, argv, "f:")) != -1) {
		switch (ch) {
		case 'f':
			cfgfile = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage();

	buf_init(&errs, 64 * 1024);
	config_defaults(&cfg, DDD_SRCDIR);
	if (cfgfile != NULL && config_load(&cfg, cfgfile, &errs) == -1) {
		fputs(errs.ptr, stderr);
		buf_free(&errs);
		return 1;
	}
	buf_free(&errs);
	xsl_global_init();
	if (db_global_init() != 0) {
		fprintf(stderr, "dddctl: MariaDB library init failed\n");
		return 1;
	}
	if (strcmp(argv[0], "migrate") == 0 && argc == 1)
		rc = cmd_migrate(&cfg);
	else if (strcmp(argv[0], "tenant") == 0 && argc >= 2 &&
	    strcmp(argv[1], "check") == 0)
		rc = cmd_tenant_check(&cfg, argc - 2, argv + 2);
	else if (strcmp(argv[0], "tenant") == 0 && argc >= 2 &&
	    strcmp(argv[1], "load") == 0)
		rc = cmd_tenant_load(&cfg, argc - 2, argv + 2);
	else if (strcmp(argv[0], "config") == 0 && argc == 2 &&
	    strcmp(argv[1], "check") == 0)
		rc = cmd_config_check(&cfg);
	else
		usage();
	db_global_end();
	xsl_global_end();
	return rc;
}
