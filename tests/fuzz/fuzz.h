/* Shared by the fuzz harnesses: an invariant that must hold for every
 * input; a failed one aborts, so libFuzzer keeps the input as a crash. */
#ifndef DDD_FUZZ_H
#define DDD_FUZZ_H

#include <stdio.h>
#include <stdlib.h>

#define CHECK(c) do {							\
	if (!(c)) {							\
		fprintf(stderr, "%s:%d: invariant failed: %s\n",	\
		    __FILE__, __LINE__, #c);				\
		abort();						\
	}								\
} while (0)

#endif
