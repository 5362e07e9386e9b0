/* The small rules of fcgi/audit.c and fcgi/privacy_export.c: the keyed
 * pseudonym of a student who is gone (a known vector, computed apart with
 * Python's hmac: HMAC-SHA256(HKDF-SHA256(master, no salt, "ddd-pseudonym"),
 * school id 0 leerlingnummer), its first 16 bytes in hex), the names of
 * the audit trail's actions, and the LIKE pattern that finds a student's
 * name in a mail body to someone else. */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "privacy.h"
#include "tap.h"

int
main(void)
{
	struct crypto_master m;
	char		 a[AUDIT_PSEUDONYM_LEN + 1], b[AUDIT_PSEUDONYM_LEN + 1];
	char		 p[1024], small[40];
	int		 i;

	for (i = 0; i < 32; i++)
		m.key[i] = (unsigned char)(i + 1);
	ok(audit_pseudonym(&m, 7, "1001", a) == 0, "a pseudonym");
	is_str(a, "9dec84590334dfcd4f9d21fca994985e",
	    "HMAC of school and number under the derived key, 16 bytes hex");
	audit_pseudonym(&m, 7, "1001", b);
	is_str(b, a, "the same student, the same pseudonym (rows stay together)");
	audit_pseudonym(&m, 8, "1001", b);
	ok(strcmp(a, b) != 0, "the same number at another school: another one");
	audit_pseudonym(&m, 7, "1002", b);
	ok(strcmp(a, b) != 0, "another number: another one");
	m.key[0] ^= 1;
	audit_pseudonym(&m, 7, "1001", b);
	ok(strcmp(a, b) != 0, "another master key: another one");

	for (i = 0; i < AUDIT__MAX; i++)
		if (audit_action_of(audit_action_name((enum audit_action)i)) !=
		    i)
			break;
	is_int(i, AUDIT__MAX, "every action's name reads back");
	is_int(audit_action_of("alles"), -1, "an unknown name is none");
	is_int(audit_action_of(""), -1, "nor is the empty one");

	privacy_mail_pattern(p, sizeof(p), "Sem de Vries");
	is_str(p, "%<leerling>Sem de Vries</leerling>%",
	    "a name as the mail body holds it");
	privacy_mail_pattern(p, sizeof(p), "Anna & <Co> 50%_x\\y");
	is_str(p, "%<leerling>Anna &amp; &lt;Co&gt; 50\\%\\_x\\\\y</leerling>%",
	    "escaped as libxml2 writes text, then as LIKE reads it");
	privacy_mail_pattern(small, sizeof(small),
	    "Een heel erg lange naam die niet past");
	ok(strlen(small) < sizeof(small) &&
	    strcmp(small + strlen(small) - 12, "</leerling>%") == 0,
	    "cut to the buffer, still closed: %s", small);
	return done_testing();
}
