/*
 * gensample.h - the national/city generator of sg-gensample
 * (gensample_national.c), called from gensample.c's main.
 */
#ifndef SG_GENSAMPLE_H
#define SG_GENSAMPLE_H

#include <stdint.h>
#include <stdio.h>

/*---- PRNG (splitmix64) --------------------------------------------------*/

struct rng {
	uint64_t s;
};

static inline uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static inline uint64_t rng_next(struct rng *r)
{
	r->s += UINT64_C(0x9e3779b97f4a7c15);
	return mix64(r->s);
}

/* An independent stream for (seed, purpose, index). */
static inline struct rng rng_stream(uint64_t seed, uint64_t stream,
				    uint64_t index)
{
	struct rng r;

	r.s = mix64(seed ^ UINT64_C(0x5ca1ab1e0ddba11));
	r.s = mix64(r.s ^ (stream * UINT64_C(0x9e3779b97f4a7c15)));
	r.s = mix64(r.s ^ (index * UINT64_C(0xd1b54a32d192ed03)));
	return r;
}

static inline double rng_u01(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static inline double rng_range(struct rng *r, double lo, double hi)
{
	return lo + (hi - lo) * rng_u01(r);
}

/* Uniform integer in [lo, hi]; the modulo bias is negligible here. */
static inline int rng_int(struct rng *r, int lo, int hi)
{
	return lo + (int)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

static inline int rng_chance(struct rng *r, double p)
{
	return rng_u01(r) < p;
}

/* Non-zero when argv has --national or --city (before any "--"). */
/* One CSV field, after a comma unless first: RFC 4180 quoting and the
 * formula guard of util/text.c (a cell never starts a formula). */
void gen_csv_field(FILE *f, const char *s, int first);

int sg_gensample_national_wanted(int argc, char **argv);

/* Run the national/city generator; returns the exit status. */
int sg_gensample_national_main(int argc, char **argv);

#endif
