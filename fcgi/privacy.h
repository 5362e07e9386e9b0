/* The rights of the people in the dossiers (AVG art. 15 and 17), for one
 * student of a school:
 *
 * - Inzage: everything held about the student as one zip: a readable PDF
 *   (xslt/privacy-fo.xsl, our renderer), the same as XML
 *   (xslt/privacy-export.xsl, schema/privacy-export.rng, in the zip too),
 *   the attached files and the stored PDFs.  For the school's decaan the
 *   whole school's view of the dossiers, for the student their own: each
 *   dossier is read with dossier_get for the actor and shown with
 *   view_dossier, so the student gets what fcgi/visibility.c lets them
 *   see now, and nothing decides that twice.
 * - Erasure: the decaan erases the student: account, dossiers with all
 *   that hangs off them, mails and sessions, in the caller's transaction.
 *   The audit trail keeps that it happened, by whom and when, with a
 *   pseudonym (fcgi/audit.h) instead of the student.
 *
 * No HTTP here: the caller passes the actor and the client's address. */
#ifndef DDD_PRIVACY_H
#define DDD_PRIVACY_H

#include <libxml/tree.h>

#include "actor.h"
#include "buf.h"

#define PRIVACY_ZIP_MAX		(160 * 1024 * 1024)	/* what goes in */
#define PRIVACY_SCHEMA		"privacy-export.rng"	/* in schema_dir */

/* The inzage export of student_id as a zip appended to zip (capped by
 * the caller), its download name in name.  The actor is the school's
 * decaan, or the student themself (else DDD_ERR_NOT_FOUND).  Inside the
 * caller's transaction (one snapshot of the data), which also gets the
 * access-log rows of the dossiers it shows and the audit row. */
enum ddd_err	 privacy_export(const struct actor *, const char *addr,
		    long long student_id, struct buf *zip, char *name,
		    size_t namelen);

/* What an erasure of student_id would delete, for the confirmation:
 * <leerling id naam nummer klas/><verwijderen dossiers antwoorden
 * bijlagen documenten gebeurtenissen mails mails-medewerkers sessies/>
 * <geleverd><dossier id mbo ontvangen gezien/></geleverd> under parent.
 * Only for the school's decaan. */
enum ddd_err	 privacy_erase_preview(const struct actor *,
		    long long student_id, xmlNodePtr parent);
/* Erase student_id, inside the caller's transaction (which must be
 * open).  DDD_ERR_NOT_FOUND when the school has no such student (also
 * when erased already). */
enum ddd_err	 privacy_erase(const struct actor *, const char *addr,
		    long long student_id);

/* The LIKE pattern that finds a student's name in a mail body to someone
 * else (<leerling>NAME</leerling>, as outbox bodies are serialised). */
void		 privacy_mail_pattern(char *out, size_t size,
		    const char *naam);

#endif
