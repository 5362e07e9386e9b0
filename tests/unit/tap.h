/* Minimal TAP producer for the unit tests: one program per behaviour,
 * each prints "ok N - what" / "not ok N - what" and a plan at the end. */
#ifndef DDD_TAP_H
#define DDD_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

#define ok(cond, ...) do {						\
	int tap_c_ = (cond) ? 1 : 0;					\
	tap_n++;							\
	if (!tap_c_)							\
		tap_failed++;						\
	printf("%sok %d - ", tap_c_ ? "" : "not ", tap_n);		\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	if (!tap_c_)							\
		printf("#   failed at %s:%d: %s\n", __FILE__, __LINE__,	\
		    #cond);						\
	fflush(stdout);							\
} while (0)

#define is_str(got, want, ...) do {					\
	const char *tap_g_ = (got), *tap_w_ = (want);			\
	int tap_e_ = tap_g_ != NULL && tap_w_ != NULL &&		\
	    strcmp(tap_g_, tap_w_) == 0;				\
	ok(tap_e_, __VA_ARGS__);					\
	if (!tap_e_)							\
		printf("#   got '%s', want '%s'\n",			\
		    tap_g_ ? tap_g_ : "(null)", tap_w_ ? tap_w_ : "(null)"); \
} while (0)

#define is_int(got, want, ...) do {					\
	long tap_g_ = (long)(got), tap_w_ = (long)(want);		\
	ok(tap_g_ == tap_w_, __VA_ARGS__);				\
	if (tap_g_ != tap_w_)						\
		printf("#   got %ld, want %ld\n", tap_g_, tap_w_);	\
} while (0)

/* Print text as TAP diagnostics, each line behind "# ". */
static inline void
diag(const char *text)
{
	const char	*nl;

	while (text != NULL && *text != '\0') {
		nl = strchr(text, '\n');
		printf("# %.*s\n", nl ? (int)(nl - text) : (int)strlen(text),
		    text);
		text = nl ? nl + 1 : NULL;
	}
}

static inline int
done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
