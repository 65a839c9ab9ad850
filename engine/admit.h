/*
 * engine/admit.h - admissions to entry grades, computed on in-memory
 * arrays: no I/O, no SQLite, no GDAL (layers/admit.c loads and writes).
 *
 * Both modes are applicant-proposing deferred acceptance (Gale-Shapley
 * with capacities): every applicant proposes to its options in order of
 * preference; a school holds the best applicants up to its seats and
 * rejects the others, who propose to their next option.  The result is
 * the stable matching every applicant likes best among stable matchings,
 * and it does not depend on the order of proposals.
 *
 *   SG_ADMIT_DISTANCE (grades 1 and 6): an applicant's options are the
 *       schools of the level in increasing distance (ties: lower school
 *       index), within max_distance when set; a school ranks applicants
 *       by priority group (1, 2, 3, then none), then distance, then
 *       lower applicant index.
 *       With priority_as_points, a school ranks by distance - metres of
 *       the group instead, then distance, then lower applicant index.
 *   SG_ADMIT_CHOICES (grade 10): an applicant's options are its up to
 *       three ranked choices; a school ranks applicants by total = score
 *       + points of the priority group - the handicap of the rank the
 *       applicant gave the school (compared to 1e-4 points), then by the
 *       exam score alone, then lower applicant index.
 *
 * Rank-dependent priorities keep every school's order of applicants
 * strict and fixed (an applicant gives a school one rank at most), so
 * deferred acceptance is the ordinary many-to-one algorithm over those
 * orders and its outcome is stable in their sense: no applicant a and
 * school s such that a prefers s to its placement and s has a free seat
 * or admitted someone whose adjusted total (for the rank they gave s)
 * is below a's adjusted total for the rank a gave s.
 *
 * Distances are straight lines in the metric CRS the caller projected
 * to (metres).  The loader sorts schools and applicants by code (byte
 * order), so "lower index" means "smaller code" in the documented tie
 * rules.  Candidate schools come from a uniform grid (k nearest, ring
 * search), fetched 4 at a time and extended only for applicants who run
 * out of them, so memory stays O(applicants + schools).
 */
#ifndef SG_ENGINE_ADMIT_H
#define SG_ENGINE_ADMIT_H

#include <stddef.h>
#include <stdint.h>

#include "engine/context.h"

typedef enum {
	SG_ADMIT_DISTANCE = 0, /* grades 1 and 6 */
	SG_ADMIT_CHOICES = 1   /* grade 10 */
} sg_admit_mode;

/* At most this many ranked choices per applicant. */
#define SG_ADMIT_NCHOICES 3

/*
 * DISTANCE: another measure of distance than the straight line (roads,
 * layers/roads.c).  knearest lists applicant a's k nearest schools by
 * (distance, index) into idx[] and d[] and returns how many (fewer when
 * fewer are reachable), or (size_t)-1 when out of memory; the list for
 * a larger k starts with the list for a smaller one.  An applicant's
 * options are at most the kmax (<= 64) first of that list.
 */
typedef struct {
	size_t (*knearest)(void *payload, size_t a, size_t k, int32_t *idx,
			   double *d);
	void *payload;
	size_t kmax;
	const char *label; /* " by road": in the explanations */
} sg_admit_dist;

/* What a placement reads.  Every pointer is borrowed. */
typedef struct {
	sg_admit_mode mode;
	size_t nschools;
	const double *sx, *sy; /* school locations, metres */
	const int64_t *seats;  /* entry-grade seats, >= 0 */
	size_t napplicants;
	const double *ax, *ay; /* homes, metres */
	const int *priority;   /* 0 none, 1-3 (1 first); or NULL */
	const double *score;   /* CHOICES: exam score */
	/* CHOICES: SG_ADMIT_NCHOICES per applicant, school index or -1
	 * (a hole keeps the ranks of the later choices). */
	const int32_t *choice;
	double max_distance; /* DISTANCE: metres; <= 0 or NaN none */
	double points[4];    /* CHOICES: points of group 0-3 */
	/* CHOICES: a school ranks an applicant who gave it choice rank r
	 * by total - handicap[r - 1] (rank-dependent priorities); zeros:
	 * none. */
	double handicap[SG_ADMIT_NCHOICES];
	/* DISTANCE: 0, priority groups first; 1, group g counts as living
	 * metres[g] nearer (priority as points). */
	int priority_as_points;
	double metres[4];
	const sg_admit_dist *provider; /* DISTANCE: NULL straight lines */
} sg_admit_in;

/* The placement.  Arrays are owned by the result. */
typedef struct {
	/* Per applicant. */
	int32_t *school;  /* placed school, or -1 */
	int32_t *rank;	  /* its rank among the options (1 = nearest or
			       * 1st choice); 0 when unplaced */
	double *dist;	  /* metres to the placed school; NaN unplaced */
	int32_t *nearest; /* the nearest school of the level (any
			       * distance), -1 when there is none */
	double *nearest_dist;
	int32_t *noptions; /* DISTANCE: placed, its rank; unplaced, all
			       * its options (the schools within
			       * max_distance); CHOICES: choices given */
	int64_t *total;	   /* CHOICES: (score + points) x 1e4 */
	/* Per school. */
	int64_t *placed;    /* applicants placed */
	int32_t *worst;	    /* the last admitted applicant (the cut-off),
			       * -1 when nobody was placed */
	double *worst_dist; /* its distance */
	int64_t *demand;    /* applicants whose 1st option it is */
	int64_t *cut_rank;  /* CHOICES: lowest total admitted at choice
			       * rank r, [s * 3 + r - 1]; INT64_MIN none */
	int64_t *tied_out;  /* CHOICES: rejected applicants whose
			       * adjusted total equals the cut-off's */
	int64_t *cut_pub;   /* CHOICES, full schools: the total needed
			       * at choice rank r, [s * 3 + r - 1] (the
			       * worst admitted's adjusted total + the
			       * handicap of r), as offices publish it;
			       * INT64_MIN when the school is not full */
	/* Totals. */
	int64_t nplaced, nunplaced, at_first, proposals;
} sg_admit_result;

/*
 * Place the applicants.  Fails with SG_EINVALID (bad mode, negative
 * seats, a choice out of range), SG_ENOMEM or SG_ECANCELLED (progress
 * callback).
 */
int sg_admit__run(sg_ctx *ctx, const sg_admit_in *in,
		  sg_admit_result **out); /* OUT: sg_admit__free */
void sg_admit__free(sg_admit_result *r);

/*
 * School s's worst admitted applicant's adjusted total x 1e4 (total -
 * the handicap of the rank it gave s); INT64_MIN when s took nobody.
 */
int64_t sg_admit__worst_key(const sg_admit_in *in, const sg_admit_result *r,
			    int32_t s);

/*
 * The total x 1e4 an applicant giving school s choice rank `rank` (1-3)
 * needed to beat nobody admitted: the worst adjusted total + that
 * rank's handicap (ties then go by score and code); INT64_MIN when s
 * took nobody.
 */
int64_t sg_admit__cutoff_at(const sg_admit_in *in, const sg_admit_result *r,
			    int32_t s, int rank);

/*
 * The explanation of applicant a's placement, one English sentence:
 * "placed at the nearest school, 850 m", "nearest school full (cut-off
 * 600 m); placed at 2nd nearest, 1.8 km", "1st choice full (cut-off
 * 38.5), placed at 2nd choice", "... ; not placed".  Always
 * NUL-terminates; returns buf.
 */
const char *sg_admit__explain(const sg_admit_in *in, const sg_admit_result *r,
			      size_t a, char *buf, size_t n);

/*
 * The explanation in Vietnamese, for families (the lookup site): the
 * same facts as sg_admit__explain, but the cut-off of a school that
 * placed fewer than k applicants is left out (k rule).  Always
 * NUL-terminates; returns buf.
 */
const char *sg_admit__explain_vi(const sg_admit_in *in,
				 const sg_admit_result *r, size_t a, int k,
				 char *buf, size_t n);

/* "1st", "2nd", "3rd", "4th", "11th", "21st" ... into buf (>= 24 bytes). */
const char *sg_admit__ordinal(long k, char *buf, size_t n);

/* A total or score as printed: 38.5, 36.25, 40 (x 1e4 integer in). */
const char *sg_admit__points(int64_t v, char *buf, size_t n);

/*
 * The school each cell of a grid goes to on the admission-zone map.
 * With k = 1: the school of the nearest placed applicant's home (ties:
 * lower applicant index), i.e. the Voronoi diagram of the placed homes
 * dissolved by school, sampled at cell centres.  With k > 1 (at most
 * 64): the school most of the k nearest placed homes go to (ties: the
 * one of the nearest of them), a smoothed map for grade 10, whose
 * neighbours go to different schools.  Cell (i, j) has its centre at
 * (x0 + (i + 0.5) * cell, y1 - (j + 0.5) * cell) (row 0 at the top);
 * out gets nx * ny school indexes, -1 when nobody was placed or the
 * cell's mask byte is 0 (mask: nx * ny bytes, or NULL for every cell).
 */
int sg_admit__zone_grid(sg_ctx *ctx, const sg_admit_in *in,
			const sg_admit_result *r, double x0, double y1,
			double cell, size_t nx, size_t ny, int k,
			const unsigned char *mask, int32_t *out);

/*
 * The k rule on a zone grid labelled by sg_admit__zone_grid (same grid
 * parameters): every 4-connected part of one school's cells must hold
 * the homes of at least k applicants placed at that school (school[a],
 * a borrowed array as r->school; -1 not counted).  A part with fewer
 * takes the label most of its neighbouring cells of other schools have
 * (ties: the smaller school index), repeatedly, so that small parts
 * merge into their neighbours; a part with no such neighbour is left
 * out (-1).  *merged gets the parts merged or left out.  SG_ENOMEM.
 */
int sg_admit__zone_k(sg_ctx *ctx, const sg_admit_in *in, const int32_t *school,
		     double x0, double y1, double cell, size_t nx, size_t ny,
		     int k, int32_t *lab, int64_t *merged);

/*---- Pseudonyms ---------------------------------------------------------*/

/* SipHash-2-4 of data under a 128-bit key (Aumasson & Bernstein). */
uint64_t sg_siphash24(const uint8_t key[16], const void *data, size_t len);

/*
 * The public code of an applicant: SipHash-2-4 under the store's secret
 * key of "year\tgrade\tcode", its top 60 bits as 12 Crockford base-32
 * characters (out needs 13 bytes).  Nobody without the key can link it
 * to the code; the same child gets another code in another year.
 */
void sg_admit__pseudonym(const uint8_t key[16], const char *year, int grade,
			 const char *code, char out[13]);

#endif /* SG_ENGINE_ADMIT_H */
