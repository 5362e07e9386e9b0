/* Form definitions: the questions of deel A and deel B are data
 * (schema/forms/NAME.xml, validated against schema/form.rng), loaded once at
 * start-up into a read-only cache shared by all threads.  One definition
 * drives the page, the per-step percentage, server-side validation, the
 * PDF and the export. */
#ifndef DDD_FORMS_H
#define DDD_FORMS_H

#include <stddef.h>
#include <libxml/tree.h>

#include "buf.h"
#include "err.h"

#define FORM_MAX_ID		64	/* [a-z0-9_-] */
#define FORM_MAX_ANSWER		(16 * 1024)	/* bytes of one answer */

enum question_type {
	Q_TEXT,		/* one line */
	Q_LONG_TEXT,	/* several lines */
	Q_CHOICE,	/* one of the options */
	Q_MULTI_CHOICE,	/* any of the options; stored as values joined by '\n' */
	Q_YES_NO,	/* "ja" or "nee" */
	Q_DATE,		/* YYYY-MM-DD (the page offers a date field) */
	Q_NUMBER,	/* integer within min..max */
	Q_MBO,		/* an MBO college: the slug of an MBO tenant */
	Q_FILE,		/* 'bijlage': an uploaded file (PDF, PNG, JPEG); the
			 * answer is the id of its row in table bijlage */
	Q__MAX
};

struct form_option {
	char		*value;		/* stored */
	char		*label;		/* shown (Dutch) */
};

struct form_question {
	char		 id[FORM_MAX_ID + 1];	/* unique within the form */
	enum question_type type;
	int		 required;
	char		*label;
	char		*help;			/* NULL when none */
	struct form_option *options;		/* choice, multi-choice */
	size_t		 noptions;
	long		 min, max;		/* number; max also caps text length */
	/* Shown only when question show_if has answer show_value (for a
	 * multi-choice: includes it).  Hidden questions are neither
	 * required nor kept. */
	char		 show_if[FORM_MAX_ID + 1];	/* "" when always shown */
	char		*show_value;
};

struct form_step {
	char		 id[FORM_MAX_ID + 1];
	char		*title;
	char		*intro;			/* NULL when none */
	struct form_question *questions;
	size_t		 nquestions;
};

struct form_def {
	char		 id[FORM_MAX_ID + 1];	/* "deel-a", "deel-b-leerling", ... */
	char		*title;
	struct form_step *steps;
	size_t		 nsteps;
};

struct form_cache {
	struct form_def	*forms;
	size_t		 n;
};

/* Answers as the caller holds them: question id -> value. */
struct form_answer {
	const char	*id;
	const char	*value;
	size_t		 len;
};

/* Load every *.xml in dir, each validated against rng_path; -1 with
 * "file:line: message" lines in errs (the caller refuses to start). */
int		 forms_load(struct form_cache *, const char *dir,
		    const char *rng_path, struct buf *errs);
void		 forms_free(struct form_cache *);
const struct form_def *forms_find(const struct form_cache *, const char *id);
const struct form_question *form_question(const struct form_def *,
		    const char *id, const struct form_step **step);

/* Is the question shown, given the answers? */
int		 form_shown(const struct form_def *, const struct form_question *,
		    const struct form_answer *, size_t nanswers);
/* Percentage 0..100 of the step's shown required questions answered
 * (100 for a step without any). */
int		 form_step_percent(const struct form_def *, const struct form_step *,
		    const struct form_answer *, size_t nanswers);
/* Check one answer: NULL when good, else a Dutch message for the page.
 * An empty value is good here (required-ness is the percentage's). */
const char	*form_check(const struct form_question *, const char *value,
		    size_t len);
/* The definition as XML (steps, questions, options) under parent, for the
 * stylesheets that render pages, PDF and export. */
void		 form_to_xml(const struct form_def *, xmlNodePtr parent);

#endif
