/* dddctl api-client: the operator creates, lists and revokes the API
 * clients of an MBO college (docs/api.md).  The secret of a new client is
 * printed once and kept only as its SHA-256; a client with a certificate
 * (mutual TLS through nginx) gets no secret at all. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "api_client.h"
#include "api_ctl.h"
#include "req.h"

static void
usage(void)
{
	fprintf(stderr,
	    "usage: dddctl api-client add MBO NAME [--scope SCOPE,...] "
	    "[--rate N]\n"
	    "                          [--cert FILE.pem | --cert-sha256 HEX]\n"
	    "       dddctl api-client list MBO\n"
	    "       dddctl api-client revoke MBO CLIENT_ID\n"
	    "scopes: dossiers:read, status:write (default both); rate: "
	    "requests a minute (default %d)\n", API_RATE_DEFAULT);
}

/* The id of an MBO college's tenant; -1 (said) when there is none. */
static long long
college(struct db *db, const char *slug)
{
	struct db_param	 p = DB_P_STR(slug);
	struct db_result res;
	long long	 id = -1;

	if (db_run(db, STMT_TENANT_BY_SLUG, &p, 1, &res) != DDD_OK) {
		fprintf(stderr, "dddctl: cannot read the tenants (database)\n");
		return -1;
	}
	if (res.nrows == 1 && strcmp(DB_COL(&res, 0, "kind"), "mbo") == 0)
		id = strtoll(DB_COL(&res, 0, "id"), NULL, 10);
	else
		fprintf(stderr, "dddctl: '%s' is not an MBO college\n", slug);
	db_result_free(&res);
	return id;
}

/* The SHA-256 of a PEM certificate's DER: what nginx passes is compared
 * with it (fcgi/api_http.c). */
static int
cert_file(const char *path, unsigned char out[CRYPTO_SHA256_LEN])
{
	FILE		*fp;
	X509		*x = NULL;
	unsigned char	*der = NULL;
	int		 len, rc = -1;

	if ((fp = fopen(path, "r")) == NULL) {
		fprintf(stderr, "dddctl: cannot open %s\n", path);
		return -1;
	}
	if ((x = PEM_read_X509(fp, NULL, NULL, NULL)) == NULL ||
	    (len = i2d_X509(x, &der)) <= 0)
		fprintf(stderr, "dddctl: %s: not a PEM certificate\n", path);
	else if (crypto_sha256(der, (size_t)len, out) == 0)
		rc = 0;
	OPENSSL_free(der);
	X509_free(x);
	fclose(fp);
	return rc;
}

static int
add(struct db *db, int argc, char **argv)
{
	unsigned char	 cert[CRYPTO_SHA256_LEN];
	char		 client_id[API_CLIENT_ID_LEN + 1], hex[65];
	char		 secret[CRYPTO_TOKEN_LEN + 1], sc[64];
	unsigned int	 scopes = API_SCOPES_ALL;
	long long	 tid;
	size_t		 got;
	int		 i, rate = API_RATE_DEFAULT, has_cert = 0;
	const char	*name = argv[1];
	enum ddd_err	 e;

	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--scope") == 0 && i + 1 < argc) {
			if (api_scopes_parse(argv[++i], &scopes) == -1 ||
			    scopes == 0) {
				fprintf(stderr, "dddctl: unknown scope in "
				    "'%s'\n", argv[i]);
				return 2;
			}
		} else if (strcmp(argv[i], "--rate") == 0 && i + 1 < argc) {
			rate = atoi(argv[++i]);
			if (rate < 1 || rate > API_RATE_MAX) {
				fprintf(stderr, "dddctl: --rate is 1 to %d "
				    "requests a minute\n", API_RATE_MAX);
				return 2;
			}
		} else if (strcmp(argv[i], "--cert") == 0 && i + 1 < argc &&
		    !has_cert) {
			if (cert_file(argv[++i], cert) == -1)
				return 1;
			has_cert = 1;
		} else if (strcmp(argv[i], "--cert-sha256") == 0 &&
		    i + 1 < argc && !has_cert) {
			i++;
			if (crypto_hex_decode(argv[i], strlen(argv[i]), cert,
			    sizeof(cert), &got) == -1 || got != sizeof(cert)) {
				fprintf(stderr, "dddctl: --cert-sha256 takes "
				    "64 hex digits\n");
				return 2;
			}
			has_cert = 1;
		} else {
			usage();
			return 2;
		}
	}
	if (*name == '\0' || utf8_chars(name, strlen(name)) > API_NAME_MAX ||
	    !req_value_ok(name, strlen(name)) || strpbrk(name, "\r\n\t")) {
		fprintf(stderr, "dddctl: a client's name is 1 to %d characters "
		    "on one line\n", API_NAME_MAX);
		return 2;
	}
	if ((tid = college(db, argv[0])) < 0)
		return 1;
	if ((e = api_client_add(db, tid, name, scopes, rate, has_cert ? cert :
	    NULL, client_id, secret)) != DDD_OK) {
		fprintf(stderr, "dddctl: the client was not made (%s)\n",
		    err_name(e));
		return 1;
	}
	api_scopes_str(scopes, " ", sc, sizeof(sc));
	printf("client_id      %s\n", client_id);
	if (has_cert) {
		(void)crypto_hex_encode(cert, sizeof(cert), hex, sizeof(hex));
		printf("cert_sha256    %s\n", hex);
	} else
		printf("client_secret  %s\n", secret);
	printf("scope          %s\n", sc);
	printf("rate           %d a minute\n", rate);
	if (!has_cert)
		printf("# The secret is shown this once; only its SHA-256 is "
		    "kept.  Hand it to the\n# college's IT over a safe "
		    "channel.\n");
	crypto_wipe(secret, sizeof(secret));
	return 0;
}

static int
list(struct db *db, const char *slug)
{
	struct db_result res;
	long long	 tid;
	size_t		 i;

	if ((tid = college(db, slug)) < 0)
		return 1;
	{
		struct db_param p = DB_P_INT(tid);
		if (db_run(db, STMT_API_CLIENT_LIST, &p, 1, &res) != DDD_OK) {
			fprintf(stderr, "dddctl: cannot read the clients\n");
			return 1;
		}
	}
	printf("%-28s %-6s %-26s %-6s %-19s %-19s %-19s %s\n", "client_id",
	    "auth", "scope", "rate", "created", "last used", "revoked",
	    "name");
	for (i = 0; i < res.nrows; i++)
		printf("%-28s %-6s %-26s %-6s %-19s %-19s %-19s %s\n",
		    DB_COL(&res, i, "client_id"),
		    atoi(DB_COL(&res, i, "cert")) ? "cert" : "secret",
		    DB_COL(&res, i, "scopes"),
		    DB_COL(&res, i, "rate_per_minute"),
		    DB_COL(&res, i, "created_at"),
		    *DB_COL(&res, i, "last_used_at") ?
		    DB_COL(&res, i, "last_used_at") : "-",
		    *DB_COL(&res, i, "revoked_at") ?
		    DB_COL(&res, i, "revoked_at") : "-",
		    DB_COL(&res, i, "name"));
	db_result_free(&res);
	return 0;
}

static int
revoke(struct db *db, const char *slug, const char *client_id)
{
	long long	 tid;
	enum ddd_err	 e;

	if ((tid = college(db, slug)) < 0)
		return 1;
	if ((e = api_client_revoke(db, tid, client_id)) == DDD_ERR_NOT_FOUND) {
		fprintf(stderr, "dddctl: '%s' has no client '%s' that is not "
		    "revoked\n", slug, client_id);
		return 1;
	}
	if (e != DDD_OK) {
		fprintf(stderr, "dddctl: not revoked (%s)\n", err_name(e));
		return 1;
	}
	printf("revoked %s of %s; its tokens no longer work\n", client_id,
	    slug);
	return 0;
}

int
api_client_cmd(const struct config *cfg, int argc, char **argv)
{
	struct db	 db;
	int		 rc;

	if (!(argc >= 3 && strcmp(argv[0], "add") == 0) &&
	    !(argc == 2 && strcmp(argv[0], "list") == 0) &&
	    !(argc == 3 && strcmp(argv[0], "revoke") == 0)) {
		usage();
		return 2;
	}
	db_init(&db, cfg);
	if (db_connect(&db) != DDD_OK) {
		fprintf(stderr, "dddctl: cannot connect to the database\n");
		return 1;
	}
	if (strcmp(argv[0], "add") == 0)
		rc = add(&db, argc - 1, argv + 1);
	else if (strcmp(argv[0], "list") == 0)
		rc = list(&db, argv[1]);
	else
		rc = revoke(&db, argv[1], argv[2]);
	db_close(&db);
	return rc;
}
