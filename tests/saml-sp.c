/* The SAML SP's protocol layer (fcgi/saml.c) from the command line, for
 * tests/integration/t_sso_saml.py: the test plays the browser between it
 * and a real IdP.  Built by `make check`, never installed.
 *
 *   saml-sp -f ddd.conf metadata
 *   saml-sp -f ddd.conf request TENANT_ID IDP_METADATA_FILE
 *       prints the redirect URL (the signed AuthnRequest)
 *   saml-sp -f ddd.conf acs IDP_METADATA_FILE RESPONSE_FILE RELAY_STATE
 *       [SECONDS_AHEAD]
 *       the tenant from the RelayState's request, then saml_acs at now
 *       (plus SECONDS_AHEAD: a clock that has moved on); prints
 *       "ok" and the identity as name=value lines, or "refused ERR: why"
 *       (exit 1).
 *   saml-sp -f ddd.conf logout TENANT_ID IDP_METADATA_FILE NAME_ID FORMAT
 *       SESSION_INDEX
 *       prints the redirect URL (our signed LogoutRequest)
 *   saml-sp -f ddd.conf slo TENANT_ID IDP_METADATA_FILE QUERY
 *       a message to our SLO end verified: "ok request|response", the
 *       NameID, session index and the URL of our LogoutResponse; or
 *       "refused ERR: why" (exit 1).
 *   saml-sp -f ddd.conf threads IDP_METADATA_FILE RESPONSE_FILE
 *       AHEAD_OK
 *       8 threads check one response 25 times each through
 *       saml_check_response (no database), half through one tenant's
 *       IdP and half through another's (two Lasso servers at once):
 *       prints "ok N" when every check gave the same identity.
 *   saml-sp -f ddd.conf check IDP_METADATA_FILE
 *       saml_idp_metadata_check: "ok ENTITYID" or "refused: why" (exit 1)
 * The request and acs steps run under the worker's seccomp filter. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "config.h"
#include "db.h"
#include "sandbox.h"
#include "saml.h"

/* The threads command: each thread checks the response against its
 * tenant's IdP and counts the answers that match the first thread's. */
struct worker {
	pthread_t		 tid;
	struct saml_idp		*idp;
	const char		*resp;
	const char		*want_uid;
	int			 good;
};

static void *
check_loop(void *arg)
{
	struct worker		*w = arg;
	struct saml_identity	 id;
	char			 irt[64], why[256];
	int			 i;

	for (i = 0; i < 25; i++)
		if (saml_check_response(w->idp, w->resp, time(NULL), &id,
		    irt, sizeof(irt), why, sizeof(why)) == DDD_OK &&
		    strcmp(id.uid, w->want_uid) == 0)
			w->good++;
	return NULL;
}

static char *
slurp(const char *path)
{
	FILE	*f;
	char	*s;
	long	 n;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	if (n < 0 || (s = malloc((size_t)n + 1)) == NULL) {
		fclose(f);
		return NULL;
	}
	s[fread(s, 1, (size_t)n, f)] = '\0';
	fclose(f);
	/* The form field as a browser posts it: no line end after it. */
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

int
main(int argc, char **argv)
{
	struct config	 cfg;
	struct buf	 errs;
	struct saml_sp	*sp = NULL;
	struct saml_idp	*idp = NULL;
	struct db	 db;
	struct saml_identity id;
	char		*md = NULL, *resp = NULL, url[16384], why[256];
	long long	 tenant = 0;
	enum ddd_err	 e;
	int		 rc = 2, dbup = 0;

	buf_init(&errs, 4096);
	if (argc < 4 || strcmp(argv[1], "-f") != 0) {
		fprintf(stderr, "usage: saml-sp -f ddd.conf metadata|request|"
		    "acs ...\n");
		return 2;
	}
	config_defaults(&cfg, DDD_SRCDIR);
	if (config_load(&cfg, argv[2], &errs) == -1 ||
	    saml_global_init() == -1 ||
	    saml_sp_load(&cfg, &sp, &errs) == -1 || sp == NULL) {
		fprintf(stderr, "saml-sp: %s", errs.ptr != NULL ? errs.ptr :
		    "no SAML configuration\n");
		goto out;
	}
	if (strcmp(argv[3], "metadata") == 0) {
		fputs(saml_sp_metadata(sp), stdout);
		rc = 0;
		goto out;
	}
	if (strcmp(argv[3], "check") == 0 && argc == 5) {
		char	 eid[256];

		if ((md = slurp(argv[4])) == NULL)
			goto out;
		buf_reset(&errs);
		if (saml_idp_metadata_check(md, eid, sizeof(eid), &errs) == 0) {
			printf("ok %s\n", eid);
			rc = 0;
		} else {
			printf("refused: %s", errs.ptr);
			rc = 1;
		}
		goto out;
	}
	if (strcmp(argv[3], "threads") == 0 && argc == 7) {
		struct worker	 w[8];
		struct saml_idp	*a, *b;
		int		 i, good = 0;

		if ((md = slurp(argv[4])) == NULL ||
		    (resp = slurp(argv[5])) == NULL ||
		    (a = saml_sp_idp(sp, 1, md, &errs)) == NULL ||
		    (b = saml_sp_idp(sp, 2, md, &errs)) == NULL) {
			fprintf(stderr, "saml-sp: %s", errs.ptr != NULL ?
			    errs.ptr : "cannot read\n");
			goto out;
		}
		for (i = 0; i < 8; i++) {
			w[i] = (struct worker){ .idp = i % 2 ? a : b,
			    .resp = resp, .want_uid = argv[6] };
			pthread_create(&w[i].tid, NULL, check_loop, &w[i]);
		}
		for (i = 0; i < 8; i++) {
			pthread_join(w[i].tid, NULL);
			good += w[i].good;
		}
		saml_idp_release(a);
		saml_idp_release(b);
		printf("ok %d\n", good);
		rc = good == 8 * 25 ? 0 : 1;
		goto out;
	}
	db_global_init();
	db_thread_init();
	db_init(&db, &cfg);
	dbup = 1;
	if (db_connect(&db) != DDD_OK) {
		fprintf(stderr, "saml-sp: no database\n");
		goto out;
	}
	/* Lasso's work under the worker's own seccomp filter, as it runs
	 * there (seccomp = on, the default). */
	if (strcmp(cfg.seccomp, "on") == 0 &&
	    sandbox_apply(SANDBOX_WORKER, "saml-sp", -1, &errs) == -1) {
		fprintf(stderr, "saml-sp: %s", errs.ptr);
		goto out;
	}
	if (strcmp(argv[3], "request") == 0 && argc == 6) {
		tenant = atoll(argv[4]);
		if ((md = slurp(argv[5])) == NULL ||
		    (idp = saml_sp_idp(sp, tenant, md, &errs)) == NULL) {
			fprintf(stderr, "saml-sp: %s: %s", argv[5],
			    errs.ptr != NULL ? errs.ptr : "cannot read\n");
			goto out;
		}
		if ((e = saml_authn_request(&db, idp, tenant, url,
		    sizeof(url))) != DDD_OK) {
			fprintf(stderr, "saml-sp: %s\n", err_name(e));
			goto out;
		}
		printf("%s\n", url);
		rc = 0;
	} else if (strcmp(argv[3], "acs") == 0 && (argc == 7 || argc == 8)) {
		if ((md = slurp(argv[4])) == NULL ||
		    (resp = slurp(argv[5])) == NULL) {
			fprintf(stderr, "saml-sp: cannot read a file\n");
			goto out;
		}
		rc = 1;
		/* As the ACS page: the tenant first, then its IdP. */
		if ((e = saml_request_tenant(&db, argv[6], &tenant)) !=
		    DDD_OK) {
			printf("refused %s: no request waits for this "
			    "RelayState\n", err_name(e));
			goto out;
		}
		if ((idp = saml_sp_idp(sp, tenant, md, &errs)) == NULL) {
			fprintf(stderr, "saml-sp: %s", errs.ptr);
			rc = 2;
			goto out;
		}
		e = saml_acs(&db, idp, tenant, resp, argv[6], time(NULL) +
		    (argc == 8 ? atol(argv[7]) : 0), &id, why, sizeof(why));
		if (e != DDD_OK) {
			printf("refused %s: %s\n", err_name(e), why);
			goto out;
		}
		printf("ok\ntenant_id=%lld\nidp=%s\nname_id=%s\n"
		    "name_id_format=%s\nsession_index=%s\nhome_org=%s\n"
		    "affiliation=%s\nemployee_number=%s\nuid=%s\nmail=%s\n",
		    id.tenant_id, id.idp, id.name_id, id.name_id_format,
		    id.session_index, id.home_org, id.affiliation,
		    id.employee_number, id.uid, id.mail);
		for (size_t i = 0; i < id.nattrs; i++)
			printf("attr=%s=%s\n", id.attrs[i].name,
			    id.attrs[i].value);
		rc = 0;
	} else if (strcmp(argv[3], "logout") == 0 && argc == 9) {
		struct saml_idp	*i;

		tenant = atoll(argv[4]);
		if ((md = slurp(argv[5])) == NULL ||
		    (i = saml_sp_idp(sp, tenant, md, &errs)) == NULL) {
			fprintf(stderr, "saml-sp: %s", errs.ptr != NULL ?
			    errs.ptr : "cannot read\n");
			goto out;
		}
		idp = i;
		if ((e = saml_logout_request(idp, argv[6], argv[7], argv[8],
		    "", url, sizeof(url))) != DDD_OK) {
			printf("refused %s: no LogoutRequest\n", err_name(e));
			rc = 1;
			goto out;
		}
		printf("%s\n", url);
		rc = 0;
	} else if (strcmp(argv[3], "slo") == 0 && argc == 7) {
		struct saml_logout lo;
		char		 iss[256] = "";

		tenant = atoll(argv[4]);
		if ((md = slurp(argv[5])) == NULL ||
		    (idp = saml_sp_idp(sp, tenant, md, &errs)) == NULL) {
			fprintf(stderr, "saml-sp: %s", errs.ptr != NULL ?
			    errs.ptr : "cannot read\n");
			goto out;
		}
		rc = 1;
		if (saml_slo_issuer(argv[6], iss, sizeof(iss)) == -1 ||
		    strcmp(iss, saml_idp_entity_id(idp)) != 0) {
			printf("refused: issuer '%s' is not the IdP\n", iss);
			goto out;
		}
		if ((e = saml_slo(idp, argv[6], &lo, url, sizeof(url), why,
		    sizeof(why))) != DDD_OK) {
			printf("refused %s: %s\n", err_name(e), why);
			goto out;
		}
		printf("ok %s\nname_id=%s\nsession_index=%s\nurl=%s\n",
		    lo.kind == SAML_SLO_REQUEST ? "request" : "response",
		    lo.name_id, lo.session_index, url);
		rc = 0;
	} else
		fprintf(stderr, "saml-sp: bad arguments\n");
out:
	if (dbup) {
		db_close(&db);
		db_thread_end();
		db_global_end();
	}
	saml_idp_release(idp);
	saml_sp_free(sp);
	free(md);
	free(resp);
	buf_free(&errs);
	saml_global_end();
	return rc;
}
