/*
 * util/failpoint.c - see util/failpoint.h.
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "util/failpoint.h"

void sg_failpoint__kill(const char *name)
{
	const char *fp = getenv("SG_FAILPOINT");

	if (fp && strcmp(fp, name) == 0)
		raise(SIGKILL);
}

int sg_failpoint__io(const char *name)
{
	static atomic_long reached;
	const char *fp = getenv("SG_FAILPOINT");
	long n;
	char *end;

	if (!fp || strncmp(fp, "io:", 3) != 0)
		return 0;
	n = atomic_fetch_add(&reached, 1) + 1;
	fp += 3;
	if ((strtol(fp, &end, 10) == n && *end == '\0' && end != fp) ||
	    strcmp(fp, name) == 0) {
		errno = EIO;
		return EIO;
	}
	return 0;
}
