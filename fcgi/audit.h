/* The school's audit trail (AVG art. 5(2), 30, 32): one row per
 * administrative action in a school, with who, when, what and from which
 * address (table audit_log, schema/sql/0023_audit_log.sql).  The decaan
 * reads and filters it; `dddctl purge` keeps it the school's
 * <audit-retention-months>.
 *
 * A row names the account acted on by reference (subject), never by a
 * copy of a student's data: the detail holds counts, classes and kinds.
 * When a student is erased or purged, the rows about them, and the access
 * log of their dossiers, keep a keyed pseudonym instead
 * (audit_pseudonym): HMAC-SHA256 under a key derived from the master key
 * of the school and the leerlingnummer, so the rows of one student stay
 * together, and only someone who holds the master key and knows the
 * number can tell whose they were.  No HTTP here: pages pass their
 * actor and the client's address, dddctl uses audit_operator. */
#ifndef DDD_AUDIT_H
#define DDD_AUDIT_H

#include <libxml/tree.h>

#include "actor.h"
#include "crypto.h"

enum audit_action {
	AUDIT_IMPORT,		/* a student list read in */
	AUDIT_ACCOUNT_NEW,	/* a staff account added */
	AUDIT_CLASS_LINK,	/* a class's mentor set or removed */
	AUDIT_ACCOUNT_MAILS,	/* account instructions mailed */
	AUDIT_ACCOUNT_PRINT,	/* account instructions printed (.docx) */
	AUDIT_PASSWORD,		/* a password set by an operator */
	AUDIT_MAIL_RESEND,	/* a mail sent again */
	AUDIT_ARCHIVE,		/* a dossier archived */
	AUDIT_RETURN,		/* a dossier reset to the student */
	AUDIT_EXPORT,		/* an inzage export made */
	AUDIT_ERASE,		/* a student erased */
	AUDIT_TENANT_LOAD,	/* the school's file loaded by an operator */
	AUDIT_SSO_UNLINK,	/* a student's federated log-in unlinked */
	AUDIT__MAX
};

#define AUDIT_PSEUDONYM_LEN	32	/* hex characters */
#define AUDIT_DETAIL_MAX	500

/* The stored name of an action ("leerlingen_ingelezen"); and back, -1
 * for a name that is none. */
const char	*audit_action_name(enum audit_action);
int		 audit_action_of(const char *name);

/* One row for what the actor did, from addr, to the account subject_id
 * (0: none) and dossier_id (0: none); detail as printf.  In the caller's
 * transaction when one is open (the row commits with the action), else
 * in one of its own. */
enum ddd_err	 audit_record(const struct actor *, const char *addr,
		    enum audit_action, long long subject_id,
		    long long dossier_id, const char *fmt, ...)
		    __attribute__((format(printf, 6, 7)));
/* The same with a pseudonym instead of a subject (an erasure). */
enum ddd_err	 audit_write(const struct actor *, const char *addr,
		    enum audit_action, long long subject_id,
		    long long dossier_id, const char *pseudonym,
		    const char *detail);
/* For dddctl: the operator who runs it (SUDO_USER or the user, and the
 * address SSH_CLIENT names, else "lokaal") acted on tenant_id. */
enum ddd_err	 audit_operator(struct db *, long long tenant_id,
		    enum audit_action, long long subject_id,
		    const char *fmt, ...)
		    __attribute__((format(printf, 5, 6)));

/* The pseudonym of a student of tenant_id: hex of the first 16 bytes of
 * HMAC-SHA256(HKDF(master, "ddd-pseudonym"), tenant_id || 0 || login).
 * 0 or -1. */
int		 audit_pseudonym(const struct crypto_master *,
		    long long tenant_id, const char *login,
		    char out[AUDIT_PSEUDONYM_LEN + 1]);
/* A student is about to go (erasure, retention): the trail's rows about
 * or by them and the access log of their dossiers keep the pseudonym
 * instead of the account and dossiers.  Inside the caller's
 * transaction; pseudo gets the pseudonym. */
enum ddd_err	 audit_forget_student(struct db *,
		    const struct crypto_master *, long long tenant_id,
		    long long account_id, const char *login,
		    char pseudo[AUDIT_PSEUDONYM_LEN + 1]);
/* One dossier is about to go (retention): its access log keeps the
 * pseudonym of its student. */
enum ddd_err	 audit_forget_dossier(struct db *,
		    const struct crypto_master *, long long tenant_id,
		    long long dossier_id, const char *login);

/* The decaan's view of the trail: filters may be "" (what: an action's
 * name; from and to: YYYY-MM-DD; name: any part of who acted or on
 * whom).  Under parent: <regels><regel ...>detail</regel>, the newest
 * 500; <weg><inzage .../></weg>, the access log of dossiers that are
 * gone; <soorten><soort>name</soort>. */
struct audit_filter {
	const char	*what, *from, *to, *name;
};
enum ddd_err	 audit_list(const struct actor *, const struct audit_filter *,
		    xmlNodePtr parent);

#endif
