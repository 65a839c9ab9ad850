/*
 * layers/admit_int.h - what an admission run loads (layers/admit.c) and
 * the writers of its outputs (layers/admit_write.c).
 */
#ifndef SG_LAYERS_ADMIT_INT_H
#define SG_LAYERS_ADMIT_INT_H

#include "engine/admit.h"
#include "engine/crs.h"
#include "engine/strmap.h"
#include "layers/layers.h"
#include "layers/roads_int.h"
#include "schoolgis/admit.h"
#include "util/file.h"

/* Everything one run reads, struct-of-arrays, sorted by code. */
typedef struct {
	int grade;
	const char *level_name; /* "primary", static */
	char year[16];
	double max_distance; /* metres, 0 none */
	double points[4];    /* grade 10 priority points */
	/* Schools of the level. */
	size_t nschools;
	int64_t *school_id;
	char **scode, **sname;
	char **seats_year; /* year of the seats figure, or NULL */
	double *sx, *sy;   /* metric */
	int64_t *seats;	   /* 0 when unknown */
	/* Applicants of the grade and year. */
	size_t napp;
	char **acode, **aname, **abirth, **adeclared, **aunit, **achoices;
	double *alon, *alat;	/* EPSG:4326, as stored */
	double *ax, *ay;	/* metric */
	double *score;		/* grade 10: 0 when unknown */
	unsigned char *noscore; /* grade 10 without a score */
	int *priority;		/* 0 none */
	int32_t *choice;	/* 3 per applicant, -1 none */
	/* Study area (metric), for clipping the zones; NULL without
	 * units.  Box of everything drawn. */
	GEOSGeometry *study;
	double bx0, by0, bx1, by1;
	char crs[512];
	sg_crs_tx *to_wgs84;
	uint8_t key[16];
	char checksum[32];
	sg_admit_in in;		     /* views of the arrays above */
	struct admit_block *strings; /* the applicants' strings */
	char **unit_codes;	     /* by unit id (aunit points here) */
	int64_t nunit_codes;
	/* Rules. */
	double handicap[3];	/* grade 10, per choice rank */
	int priority_as_points; /* grades 1, 6 */
	double metres[4];
	int k; /* k rule of published figures */
	/* Round 2. */
	int round; /* 1 or 2 */
	int64_t round1_run;
	int64_t nround1_placed, nconfirmed;
	sg_strmap *conf_by_school; /* school code -> confirmed */
	int64_t *confirmed;	   /* per school */
	/* The unit admitted for (layers/scope.h); NULL: the store. */
	const struct sg_scope *scope;
} sg_admit_data;

/*
 * Round 2: find the latest round 1 of d's grade and year (d->round1_
 * run), put the applicants it placed into temp.admit_round1 (the loader
 * leaves them out) and read the confirmations file into
 * d->conf_by_school.  SG_ENOTFOUND without a round 1; SG_EINVALID for a
 * confirmations file without a code column, or with a code round 1 did
 * not place or twice (the message names the file, row and field).
 */
int sg_admit__round2_prepare(sg_ctx *ctx, sg_admit_data *d,
			     const char *confirmed);

/* Every applicant's placement into `results` of run: one row, subject
 * "placements", value a line "code TAB school TAB rank" per applicant
 * (school empty when unplaced). */
int sg_admit__store_placements(sg_ctx *ctx, const sg_admit_data *d,
			       const sg_admit_result *r, int64_t run);

/*
 * Write every output file into dir (an empty directory): internal.csv,
 * public/, summary.csv, distance.csv, summary.json, zones.gpkg.  sum
 * gets the totals and the zone count.
 */
int sg_admit__write(sg_ctx *ctx, const sg_admit_data *d,
		    const sg_admit_result *r, double zone_cell, const char *dir,
		    sg_admit_summary *sum);

/*
 * The families' lookup site of the run into dir (an empty directory):
 * index.html, the encrypted results in r/, zones.geojson (k rule),
 * Leaflet, params.json.  sum->published gets the results written.
 */
int sg_admit__publish(sg_ctx *ctx, const sg_admit_data *d,
		      const sg_admit_result *r, int iterations,
		      const char *zones_gpkg, const char *dir,
		      sg_admit_summary *sum);

/*---- The run's data and its record (layers/admit.c) ----------------------*/

/*
 * Load what the run reads into d (d->grade, level_name, the rules and
 * round set by the caller): the store read through a memory map, the
 * year (given and checked, else the latest with applicants of the
 * grade), round 2's placements of round 1, the study area, the schools
 * of the level with their seats (layers/load.h, seats carried from an
 * earlier year), the applicants, all in d's metric CRS, and the
 * pseudonym key (*key_new when made now).  Always pair with
 * sg_admit__close.
 */
int sg_admit__load(sg_ctx *ctx, const sg_admit_options *o, sg_admit_data *d,
		   int *key_new, int64_t *mmap_old);

/* Free d; the store's memory map as it was. */
void sg_admit__close(sg_ctx *ctx, sg_admit_data *d, int64_t mmap_old);

/*
 * In one transaction: the key (when new), the run (layers/runs.h), its
 * figures per school, summary and placements, and the road's figures
 * (road: the network used, NULL for straight lines).  sum->run_id set.
 * On failure the store is as it was.
 */
int sg_admit__store(sg_ctx *ctx, const sg_admit_options *o,
		    const sg_admit_data *d, const sg_admit_result *r,
		    const char *std_source, int key_new,
		    const sg_roads_info *road, sg_admit_summary *sum);

/* School s's cut-off as the run stores it: grade 10, the lowest total
 * admitted; grades 1 and 6, the farthest home placed (metres); NaN when
 * nobody was placed. */
double sg_admit__cutoff(const sg_admit_data *d, const sg_admit_result *r,
			size_t s);

/* The typed result of the run just stored (sum->run_id), made from d, r
 * and sum with the figures sg_admit__store wrote, so that it equals
 * sg_admit_run_read's (layers/admit_run.c).  SG_ENOMEM. */
int sg_admit__run_make(const sg_admit_data *d, const sg_admit_result *r,
		       const sg_admit_summary *sum, sg_admit_run **out);

/* Take a stored run back out (its outputs could not be put in place). */
void sg_admit__forget_run(sg_ctx *ctx, int64_t run);

/* Check dir (absent, or an earlier output with its marker file holding
 * `head`, when overwrite), then start its replacement (util/file.h
 * sg_dirswap: the temporary sibling, after what killed runs left beside
 * dir is removed).  SG_EINVALID, SG_EEXISTS, SG_EIO. */
int sg_admit__dir_prepare(sg_ctx *ctx, const char *dir, bool overwrite,
			  const char *marker, const char *head, sg_dirswap *o);
/* The temporary directory becomes the output, as a whole;
 * sg_dirswap__free then removes the old one (or a failed temporary). */
int sg_admit__dir_publish(sg_ctx *ctx, sg_dirswap *o);

/* With SG_FAILPOINT=name in the environment, the process kills itself
 * (SIGKILL) here: the crash tests.  Inert otherwise. */
void sg_admit__failpoint(const char *name);

/* The p-quantile (0..1) of n sorted values, linear between ranks; NaN
 * when n is 0. */
double sg_admit__quantile(const double *sorted, size_t n, double p);

#endif /* SG_LAYERS_ADMIT_INT_H */
