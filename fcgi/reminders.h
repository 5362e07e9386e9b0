/* Deadline reminders: from each school's deadlines, a reminder some days
 * before each one to whoever has to act (the student for deel A and the
 * akkoordverklaring, the mentor for deel B), once per dossier and
 * deadline.  Run by `dddctl remind` (daily, from cron or a timer). */
#ifndef DDD_REMINDERS_H
#define DDD_REMINDERS_H

#include "config.h"
#include "db.h"

/* today: "YYYY-MM-DD".  Queues the mails (outbox) and records what was
 * sent, one transaction per school.  *queued counts the reminders. */
enum ddd_err	reminders_run(struct db *, const struct config *,
		    const char *today, int days_before, unsigned long *queued);

#endif
