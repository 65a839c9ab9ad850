/*
 * schoolgis/admit.h - placing applicants in entry grades: `schoolgis
 * admit`.
 *
 * Reads the applicants of one grade and school year and the schools of
 * the grade's level (grade 1: primary, 6: lower secondary, 10: upper
 * secondary) with their entry-grade seats (school_years.
 * seats_entry_grade of that year, else the school's latest earlier
 * figure; a school without one takes nobody), places them, writes the
 * lists to a directory and records the run in the store.
 *
 * Placement (both are applicant-proposing deferred acceptance: stable,
 * and the best stable placement for every applicant):
 *
 * - Grades 1 and 6, by residence: every applicant ranks the schools of
 *   the level by straight-line distance from home (metres, in the UTM
 *   zone of the study area or the CRS given); a school with more
 *   applicants than seats keeps priority groups first (1, 2, 3, then
 *   none), then the nearest; the others move on to their next-nearest
 *   school with seats.  With max_distance, schools farther away are not
 *   options: applicants without a seat within it are listed unplaced
 *   for the district to handle.  Ties: equal distances go to the school
 *   with the smaller code; a school ranks equal applicants by smaller
 *   applicant code.
 * - Grade 10, by choices: every applicant proposes to its up to three
 *   ranked choices; a school ranks applicants by total = exam score +
 *   the points of its priority group (standards admission.priority_
 *   points_1..3), then by the exam score, then by smaller applicant
 *   code.  Real rules often admit everyone tied at the cut-off; here
 *   seats are never exceeded and the ties left out are counted per
 *   school (tied_out).  The cut-off of a school is the lowest total it
 *   admitted, overall and per choice rank.  With standards admission.
 *   choice_handicap_2/3, a school ranks an applicant who gave it choice
 *   rank r by total - that handicap (rank-dependent priorities: still
 *   stable in that sense, and applicant-optimal); the published cut-off
 *   per rank is the worst admitted adjusted total + that rank's
 *   handicap.  Grades 1 and 6 with admission.priority_as_points: group
 *   g counts as living admission.priority_metres_g nearer.
 * - Round 2 (opts.round = 2, opts.confirmed): the seats and applicants
 *   left after the latest round 1 of the grade and year and the
 *   confirmations; every run stores each applicant's placement in
 *   `results` (one row, subject "placements": a line "code TAB school
 *   TAB rank" per applicant, school empty when unplaced).
 * - The k rule (opts.k, default 5): distance figures and cut-offs of a
 *   school with fewer than k placed are withheld, it draws no zone, and
 *   zone parts holding fewer than k homes are merged away.
 * - opts.publish_dir: the families' lookup site (see the README).
 *
 * Every applicant gets an explanation: the school, its rank among the
 * applicant's options, the distance, and a sentence such as "nearest
 * school full (cut-off 600 m); placed at 2nd nearest, 1.8 km" or "1st
 * choice full (cut-off 38.5), placed at 2nd choice".
 *
 * Outputs in out_dir, written to a temporary sibling, then the run and
 * key are committed, then the directory is swapped into place whole
 * (renameat2 RENAME_EXCHANGE); leftovers of killed runs are removed by
 * the next run (a failed run leaves no partial directory; the files
 * hold no time stamp or run id, so the same store gives byte-identical
 * files):
 *
 * - internal.csv: one row per applicant, every field (name, birth date,
 *   home lon/lat, wards, priority, score, total, choices, school, rank,
 *   distance, nearest school, explanation).  Personal data: keep it in
 *   the office.
 * - public/<school code>.csv and public/unplaced.csv: the pseudonymous
 *   public code of each applicant (and, for grade 10, the choice rank
 *   and total), sorted by public code; no name, address, coordinate,
 *   distance or priority group.  The public code is SipHash-2-4 of
 *   "year, grade, applicant code" under a secret key kept in the store
 *   (made on the first run), 12 characters; the internal list gives
 *   each family its code.
 * - summary.csv (one row per school and a TOTAL row), distance.csv (the
 *   distance distribution of placed applicants) and summary.json (both,
 *   with the definitions applied).
 * - zones.gpkg: the admission zone of each school, EPSG:4326.  Grades 1
 *   and 6: the area nearer to a home placed at that school than to any
 *   home placed elsewhere (the Voronoi diagram of placed homes,
 *   dissolved by school).  Grade 10, where neighbours go to different
 *   schools: the area where most of the 15 nearest admitted homes go to
 *   that school.  Both sampled at the centres of a grid of zone_cell
 *   metres (cells touching the study area), polygonized and clipped to
 *   the study area.  No vertex is a home, but zones are drawn from
 *   homes: publish them only after looking at them.
 *
 * The store gets a `runs` row (command "admit", parameters, an input
 * checksum, versions, the summary) and the per-school figures in
 * `results` (subject "admit:<school code>").
 */
#ifndef SCHOOLGIS_ADMIT_H
#define SCHOOLGIS_ADMIT_H

#include "common.h"
#include "context.h"
#include "level.h"
#include "roads.h"
#include "standards.h"

SG_BEGIN_DECL

/** Version 3 added road at the end, version 4 unit and set; version 2
 *  structs are accepted. */
#define SG_ADMIT_OPTIONS_VERSION 4

/** Options of sg_admit.  Initialise with SG_ADMIT_OPTIONS_INIT. */
typedef struct {
	unsigned int version; /**< SG_ADMIT_OPTIONS_VERSION */
	int grade;	      /**< 1, 6 or 10; required */
	/** School year of admission ("2024-2025"); NULL: the latest year
	 *  with applicants of the grade. */
	const char *year;
	/** Grades 1 and 6: metres; 0: no limit. */
	double max_distance;
	/** Directory to write; required.  It must not exist unless
	 *  overwrite is set (then it must be an earlier admit output). */
	const char *out_dir;
	bool overwrite;
	/** Priority points of grade 10; NULL: the built-in defaults.
	 *  Borrowed. */
	const sg_standards *standards;
	/** Metric CRS of the distances ("EPSG:32648", PROJ string, WKT);
	 *  NULL: the UTM zone of the study area's centre. */
	const char *crs;
	/** Grid cell of the admission zones in metres; 0: 100. */
	double zone_cell;
	/** Pseudonym key as 32 hex digits; NULL: the store's own. */
	const char *key_hex;
	/** 0 or 1: the first round.  2: the second round, over the seats
	 *  and applicants left after the latest first round of the grade
	 *  and year and the confirmations; stored as its own run, linked
	 *  to round 1. */
	int round;
	/** Round 2 (required): CSV of the applicants who enrolled after
	 *  round 1, one per row, in a code column ("Mã hồ sơ").  Each
	 *  must have been placed in round 1. */
	const char *confirmed;
	/** The k rule: published zones and figures drawn from fewer than
	 *  k applicants are merged or left out; 0: the standards'
	 *  admission.k_anonymity (5). */
	int k;
	/** The families' lookup site to write (a directory, replaced as a
	 *  whole, like out_dir); NULL: none. */
	const char *publish_dir;
	/** PBKDF2-SHA256 iterations of the lookup site; 0: the default
	 *  (SG_ADMIT_KDF_ITERATIONS). */
	int kdf_iterations;
	/** Version >= 3, grades 1 and 6: distances by road (schoolgis/
	 *  roads.h, length cost): an applicant's options are its nearest
	 *  schools by road, up to 64 (16 on networks too large for 64
	 *  labels a node in 256 MB; fewer when fewer are reachable; none
	 *  for a home farther than the snap limit from the roads);
	 *  max_distance counts metres by road.  NULL: straight lines.
	 *  Borrowed. */
	const sg_roads_distance *road;
	/** Version >= 4: the unit (units.code, or "SET/CODE") whose
	 *  admission this is: the applicants living in it and the schools
	 *  of the level in it (the unit and every unit below it; of a unit
	 *  of another administrative set than theirs, by location: a 2025
	 *  commune admits from the homes and schools lying in it although
	 *  they were imported on the 2019 wards); its units are the study
	 *  area.  NULL: the whole store.  Not with round 2. */
	const char *unit;
	/** Version >= 4: the administrative set `unit` is looked up in
	 *  (schoolgis/units.h); NULL: the newest set holding the code. */
	const char *set;
} sg_admit_options;

/** Default PBKDF2-SHA256 iterations of the families' lookup site. */
#define SG_ADMIT_KDF_ITERATIONS 20000

#define SG_ADMIT_OPTIONS_INIT                                                  \
	{                                                                      \
		SG_ADMIT_OPTIONS_VERSION, 0, NULL, 0, NULL, false, NULL, NULL, \
			0, NULL, 0, NULL, 0, NULL, 0, NULL, NULL, NULL         \
	}

/** Layout of sg_admit_summary; fields are only ever added at the end. */
#define SG_ADMIT_SUMMARY_VERSION 1

/** What an admission run did.  Distances of placed applicants.  Strings
 *  are borrowed from the context until sg_ctx_free. */
typedef struct {
	unsigned int version; /**< set by sg_admit: SG_ADMIT_SUMMARY_VERSION */
	int64_t run_id;	      /**< the run's row in `runs` */
	int grade;
	const char *year;	  /**< the school year used */
	sg_level level;		  /**< the grade's level */
	int64_t schools;	  /**< schools of the level */
	int64_t schools_no_seats; /**< of which without a seats figure */
	int64_t seats;		  /**< entry-grade seats, all schools */
	int64_t applicants;
	int64_t placed;
	int64_t unplaced;
	/** Placed at their nearest school (grades 1, 6) or 1st choice. */
	int64_t at_first;
	double at_first_pct; /**< 100 x at_first / placed; NaN if 0 */
	double distance_mean_m;
	double distance_median_m;
	double distance_p90_m;
	double distance_max_m;
	int64_t zones;	      /**< zone polygons written */
	const char *crs;      /**< the metric CRS of the distances, whole */
	const char *checksum; /**< of the inputs, as in the run row */
	int round;	      /**< 1 or 2 */
	int64_t round1_run;   /**< round 2: the run it follows */
	int64_t confirmed;    /**< round 2: confirmations read */
	int k;		      /**< the k rule applied */
	/** Schools whose distance figures and cut-offs were withheld
	 *  (fewer than k placed), zone parts merged away (drawn from fewer
	 *  than k homes). */
	int64_t withheld_schools, merged_zone_parts;
	int64_t published; /**< results on the lookup site */
} sg_admit_summary;

/**
 * Place the applicants of one grade and write the lists.
 *
 * @param ctx      context with an open store
 * @param opts     options (grade and out_dir are required)
 * @param summary  OUT, may be NULL: what was done
 * @return SG_OK; SG_ENOSTORE; SG_ENOTFOUND (no applicants of the grade
 *         and year; round 2 without a round 1); SG_EINVALID (grade,
 *         distance, cell, key, CRS, round, a confirmations file naming
 *         an applicant round 1 did not place, rules of the standards);
 *         SG_EEXISTS (out_dir exists; or, with overwrite, is not an
 *         admit output); SG_EIO; SG_EPROJ; SG_EGEOS; SG_EGDAL;
 *         SG_ESQLITE; SG_ENOMEM; SG_ECANCELLED.  On error nothing is
 *         written: no directory, no run.
 */
SG_API int sg_admit(sg_ctx *ctx, const sg_admit_options *opts,
		    sg_admit_summary *summary);

/*---- Typed result of a run -------------------------------------------------
 *
 * An admission run as the store keeps it (the `runs` row and its
 * `results`): the summary and, per school, the entry-grade figures.
 * Read back by run id (sg_admit_run_read), or returned by the run itself
 * (sg_admit_compute_result); getters return NaN for an unknown figure or an
 * index out of range, NULL for a missing text.
 */

/** An opaque admission run; see sg_admit_run_read and
 *  sg_admit_compute_result. */
typedef struct sg_admit_run sg_admit_run;

/**
 * Place the applicants of one grade, write the lists and store the run,
 * as sg_admit does, and return the run as a typed result, made from
 * what the run computed and stored (not read back); it equals what
 * sg_admit_run_read gives for its id (sg_admit_run_id).
 *
 * @param ctx   context with an open store
 * @param opts  options, as for sg_admit
 * @param out   OUT: freed with sg_admit_run_free; NULL on failure
 * @return as sg_admit; SG_EINVALID also when out is NULL.  On error
 *         nothing is written (no directory, no run).
 */
SG_API int sg_admit_compute_result(sg_ctx *ctx, const sg_admit_options *opts,
				   sg_admit_run **out);

/** The run's totals (as sg_admit_summary). */
typedef enum {
	SG_ADMIT_RUN_APPLICANTS = 0,
	SG_ADMIT_RUN_PLACED,
	SG_ADMIT_RUN_UNPLACED,
	SG_ADMIT_RUN_AT_FIRST,
	SG_ADMIT_RUN__COUNT
} sg_admit_run_figure;

/** A school's figures: its entry-grade seats, the applicants who
 *  ranked it first (demand), those placed there, and its cut-offs
 *  (grade 10: the lowest total admitted; grades 1 and 6: the farthest
 *  home placed, metres; NaN when withheld by the k rule or none). */
typedef enum {
	SG_ADMIT_SCHOOL_SEATS = 0,
	SG_ADMIT_SCHOOL_DEMAND,
	SG_ADMIT_SCHOOL_PLACED,
	SG_ADMIT_SCHOOL_CUTOFF_TOTAL,
	SG_ADMIT_SCHOOL_CUTOFF_DISTANCE_M,
	SG_ADMIT_SCHOOL__COUNT
} sg_admit_school_figure;

/**
 * Read an admission run back from the store.
 *
 * @param run_id  the run's id (sg_admit_summary.run_id); 0: the latest
 *                admission run
 * @param out     OUT: freed with sg_admit_run_free
 * @return SG_OK; SG_ENOSTORE; SG_ENOTFOUND (no such run, or it is not
 *         an admission run); SG_ESQLITE; SG_ENOMEM.
 */
SG_API int sg_admit_run_read(sg_ctx *ctx, int64_t run_id, sg_admit_run **out);
SG_API void sg_admit_run_free(sg_admit_run *r);

SG_API int64_t sg_admit_run_id(const sg_admit_run *r);
SG_API int sg_admit_run_grade(const sg_admit_run *r);
/** The school year admitted to. */
SG_API const char *sg_admit_run_year(const sg_admit_run *r);
/** The unit of the run (sg_admit_options.unit); NULL: the whole store. */
SG_API const char *sg_admit_run_unit(const sg_admit_run *r);
SG_API double sg_admit_run_value(const sg_admit_run *r, sg_admit_run_figure f);

/** Column names ("cutoff_distance_m"), as in summary.csv. */
SG_API const char *sg_admit_school_figure_name(sg_admit_school_figure f);

/* The run's schools of the level, by code. */
SG_API size_t sg_admit_run_nschools(const sg_admit_run *r);
SG_API const char *sg_admit_run_school_code(const sg_admit_run *r, size_t i);
SG_API double sg_admit_run_school_value(const sg_admit_run *r, size_t i,
					sg_admit_school_figure f);

SG_END_DECL

#endif /* SCHOOLGIS_ADMIT_H */
