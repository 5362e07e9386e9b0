/* Configuration files: good keys, bad keys, bad numbers, file:line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "tap.h"

static const char *
write_tmp(const char *text)
{
	static char	 path[64];
	FILE		*f;

	snprintf(path, sizeof(path), "/tmp/ddd-test-config-%d", (int)getpid());
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

int
main(void)
{
	struct config	 c;
	struct buf	 errs;
	const char	*p;
	char		 want[256];

	buf_init(&errs, 4096);
	config_defaults(&c, "/src");
	is_str(c.xslt_dir, "/src/xslt", "default xslt_dir under srcdir");
	is_int(c.threads, 8, "default threads");

	p = write_tmp("# comment\n\nthreads = 4\nlisten=/tmp/x.sock\n"
	    "db_name = other  \n");
	is_int(config_load(&c, p, &errs), 0, "good file loads");
	is_int(c.threads, 4, "threads set");
	is_str(c.listen, "/tmp/x.sock", "listen set");
	is_str(c.db_name, "other", "value trimmed");
	ok(errs.len == 0, "no messages for a good file");

	buf_reset(&errs);
	p = write_tmp("threads = 4\nthreads = lots\nbogus = 1\nno equals\n"
	    "threads = 0\n");
	is_int(config_load(&c, p, &errs), -1, "bad file refused");
	snprintf(want, sizeof(want), "%s:2: 'threads' must be a number "
	    "from 1 to 256\n%s:3: unknown key 'bogus'\n%s:4: expected "
	    "'key = value'\n%s:5: 'threads' must be a number from 1 to 256\n",
	    p, p, p, p);
	is_str(errs.ptr, want, "one file:line message per problem");

	buf_reset(&errs);
	is_int(config_load(&c, "/nonexistent/ddd.conf", &errs), -1,
	    "missing file refused");
	ok(errs.ptr != NULL && strstr(errs.ptr, "/nonexistent/ddd.conf") !=
	    NULL, "message names the file");
	unlink(p);

	/* The SAML SP's keys: off by default, set from the file, and only
	 * a restart takes them (the key is read before privileges drop). */
	{
		struct config	 d;
		char		 names[256];

		config_defaults(&d, "/src");
		ok(d.saml_key_file[0] == '\0' && d.saml_entity_id[0] == '\0',
		    "SAML off by default");
		buf_reset(&errs);
		p = write_tmp("saml_key_file = /etc/ddd/saml.key\n"
		    "saml_cert_file = /etc/ddd/saml.crt\n"
		    "saml_entity_id = https://ddd.example/sso/saml/metadata\n");
		is_int(config_load(&c, p, &errs), 0, "SAML keys load");
		is_str(c.saml_key_file, "/etc/ddd/saml.key", "saml_key_file");
		is_str(c.saml_entity_id, "https://ddd.example/sso/saml/metadata",
		    "saml_entity_id");
		config_defaults(&d, "/src");
		d.threads = c.threads;
		memcpy(d.listen, c.listen, sizeof(d.listen));
		memcpy(d.db_name, c.db_name, sizeof(d.db_name));
		config_restart_keys(&d, &c, names, sizeof(names));
		ok(strstr(names, "saml_key_file") != NULL &&
		    strstr(names, "saml_cert_file") != NULL &&
		    strstr(names, "saml_entity_id") != NULL,
		    "the SAML keys need a restart");
		unlink(p);
	}
	/* A cluster: the server list is checked when the file is read. */
	buf_reset(&errs);
	p = write_tmp("db_servers = db1:3306,/run/db.sock\n"
	    "db_replica_reads = on\ndb_gtid_wait_ms = 250\n");
	is_int(config_load(&c, p, &errs), 0, "a cluster's keys load");
	is_str(c.db_servers, "db1:3306,/run/db.sock", "db_servers set");
	is_int(c.db_gtid_wait_ms, 250, "db_gtid_wait_ms set");
	unlink(p);
	buf_reset(&errs);
	p = write_tmp("db_servers = db1:3306,db2\ndb_ssl_verify = maybe\n");
	is_int(config_load(&c, p, &errs), -1, "a bad server list refused");
	ok(errs.ptr != NULL && strstr(errs.ptr, ":1: db_servers: 'db2' is "
	    "not host:port") != NULL && strstr(errs.ptr, ":2: 'db_ssl_verify' "
	    "must be on or off") != NULL, "each with its line");
	unlink(p);
	buf_free(&errs);
	return done_testing();
}
