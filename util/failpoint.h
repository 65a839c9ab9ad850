/*
 * util/failpoint.h - failure injection for the crash and fault tests,
 * inert unless $SG_FAILPOINT is set (#18).  One variable, two kinds:
 *   SG_FAILPOINT=NAME    the process kills itself (SIGKILL) at the
 *                        kill point NAME: admit-written, ... (admit);
 *                        outset-commit (a file set written, nothing
 *                        renamed), outset-renamed (after each rename
 *                        of a set, the journal standing), dirswap-commit
 *                        (a directory written, not swapped in)
 *   SG_FAILPOINT=io:N    the N-th I/O point reached fails (N >= 1)
 *   SG_FAILPOINT=io:NAME every I/O point named NAME fails
 * An I/O point stands before a write, flush, sync or rename of an output
 * writer: when it fires the writer fails as if the system call had
 * failed with EIO.  A test finds how many points a command passes by
 * raising N until the command succeeds.
 */
#ifndef SG_UTIL_FAILPOINT_H
#define SG_UTIL_FAILPOINT_H

/* A kill point: raise(SIGKILL) when $SG_FAILPOINT is NAME. */
void sg_failpoint__kill(const char *name);

/* An I/O point: 0, or EIO when it is to fail (errno is set too). */
int sg_failpoint__io(const char *name);

#endif
