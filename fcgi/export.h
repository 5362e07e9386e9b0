/* The export of an afgerond dossier for its college
 * (xslt/export-dossier.xsl, schema/dossier-export.rng and its XSD): the
 * one place a BSN leaves the system.  The MBO's pages (the XML, the zip)
 * and the API build it here, for a college's actor.  No HTTP here. */
#ifndef DDD_EXPORT_H
#define DDD_EXPORT_H

#include "buf.h"
#include "dossier.h"

/* The dossier as XML into out, as far as its reader may see it
 * (view_dossier); *bsn is 1 when the student's BSN is in it.  Records
 * nothing: the caller records what it hands out (export_bsn_seen). */
enum ddd_err	 export_dossier(const struct actor *, const struct dossier *,
		    struct buf *out, int *bsn);
/* The actor received the export with the student's BSN: recorded in the
 * access log the decaan reads ('bsn'), and logged (never the number).
 * Serve nothing when this fails. */
enum ddd_err	 export_bsn_seen(const struct actor *, const struct dossier *,
		    const char *purpose);

#endif
