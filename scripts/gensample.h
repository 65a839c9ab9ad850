/*
 * gensample.h - the national/city generator of sg-gensample
 * (gensample_national.c), called from gensample.c's main.
 */
#ifndef SG_GENSAMPLE_H
#define SG_GENSAMPLE_H

/* Non-zero when argv has --national or --city (before any "--"). */
int sg_gensample_national_wanted(int argc, char **argv);

/* Run the national/city generator; returns the exit status. */
int sg_gensample_national_main(int argc, char **argv);

#endif
