/*
 * schoolgis/sites.h - where new schools of a level would serve the most
 * children: `schoolgis suggest-sites`.
 *
 * The maximal covering location problem, solved greedily:
 *
 * - Demand: the school-age children of the level on the population grid
 *   of the capacity method (schoolgis/catchment.h): square cells of
 *   cell_size metres over the study area, clipped to it, each with its
 *   share of its wards' children (spread evenly over each ward, or
 *   placed by a population raster).  A cell's children live at the
 *   centroid of its part in the study area.
 * - Reach: a cell is within reach of a school when its centroid is at
 *   most max_distance from it, straight line, in the metric CRS (default
 *   distance: the standard distance.<level>); or, by road, when the trip
 *   from the centroid to the school along the roads costs at most that
 *   (metres) or the minutes given (time cost).  Cells within reach of an
 *   existing school of the level are served already (unless
 *   ignore_existing).  This counts whole cells, so "served before" can
 *   differ a little from `stats coverage`'s children_within, which cuts
 *   the wards by the exact circles.
 * - Candidates: the centroids of the grid cells (only those inside the
 *   study area), or the points of a file (any vector format OGR reads:
 *   GeoPackage, GeoJSON, Shapefile, or CSV with lon/lat columns),
 *   e.g. vacant public land; candidates outside the study area are left
 *   out with a warning.
 * - Choice: `count` times, the candidate whose disc of max_distance
 *   holds the most children not served yet (by a school or an earlier
 *   site).  Ties: the first candidate in candidate order: for grid
 *   cells the southern, then the western one; for a file, the file's
 *   order.  The search stops early when no candidate would serve anyone
 *   more (every child within reach, or out of every candidate's reach).
 *
 * - Metric CRS by place: distances are metres in a UTM zone.  With a
 *   unit, in the unit's zone (of its centre), or in the crs given; a
 *   store in one zone is measured in it (the same result as before).  A
 *   whole store cut into provinces (sg_catch__provinces: the top-level
 *   units of kind city) that lie in more than one zone is measured by
 *   province: each province's wards, grid and grid candidates in the
 *   UTM zone of its centre, as catchments and coverage choose; every
 *   distance between a cell and a school or candidate in the zone of
 *   the cell's province (a candidate near a border is taken to the
 *   neighbour's zone and covers the neighbour's cells within reach
 *   there; schools across a border serve too), then one greedy over
 *   the whole store.  The cell's zone rather than the candidate's: each
 *   cell is then measured one way whatever reaches it, as coverage
 *   measures it.  Grid candidates come by province (code), then south,
 *   then west; their id names the zone
 *   ("cell:<column>,<row>@EPSG:32649"), x and y are in it, and the
 *   result's crs reads "UTM by province: EPSG:32648,EPSG:32649".
 *   With a candidates file, a population raster or by road the store
 *   is measured in one CRS (its centre's zone, or crs) as before.
 *
 * Coverage is submodular, so the greedy's children are at least
 * (1 - 1/e), about 63%, of what the best `count` sites would serve
 * (Nemhauser, Wolsey and Fisher 1978); in practice much closer.  The
 * result is a screening of locations, not a plan: the capacity of the
 * new school and the availability of land (unless the candidates say
 * it) are left out, and so are road distances unless asked (road).
 *
 * A run is stored (unless dry_run): a `runs` row (command
 * "suggest-sites", parameters, input checksums, summary) and in
 * `results` the summary (subject "summary") and each site (subject
 * "site:<rank>": lon, lat, x, y, children, cumulative, cumulative_pct,
 * unit_code, candidate).  No map layer is stored: write one with
 * sg_sites_write.
 */
#ifndef SCHOOLGIS_SITES_H
#define SCHOOLGIS_SITES_H

#include "common.h"
#include "context.h"
#include "level.h"
#include "roads.h"
#include "standards.h"

SG_BEGIN_DECL

/** Version of sg_sites_options.  New fields go at the end, each with a
 *  new version. */
#define SG_SITES_OPTIONS_VERSION 3

/** Options of sg_sites_suggest.  Initialise with SG_SITES_OPTIONS_INIT. */
typedef struct {
	unsigned int version; /**< SG_SITES_OPTIONS_VERSION */
	/** "preschool", "primary", "lower_secondary" or "upper_secondary"
	 *  (or the Vietnamese names import accepts).  Required. */
	const char *level;
	/** Sites to suggest, >= 1.  Required. */
	size_t count;
	/** Metres; 0 or NaN: the standard distance.<level>. */
	double max_distance;
	/** Grid cell side in metres; 0: 250. */
	double cell_size;
	/** School year of the existing schools' figures; NULL: latest. */
	const char *year;
	/** Census year of the population; NULL: each unit's latest. */
	const char *population_year;
	/** A raster of people per pixel placing each ward's children over
	 *  the grid (as catchments --population-raster); NULL or "": the
	 *  even spread. */
	const char *population_raster;
	/** A file of candidate points; NULL or "": the grid cells. */
	const char *candidates;
	/** Column of the candidates file naming each candidate; NULL: the
	 *  first of id, code, ma (case and diacritics ignored), else the
	 *  feature number.  A name column (name, ten) is read too. */
	const char *candidates_id;
	/** Plan from scratch, as if the level had no school. */
	bool ignore_existing;
	/** Standards (distances, ages, shares); NULL: the defaults.
	 *  Borrowed. */
	const sg_standards *standards;
	/** Metric CRS ("EPSG:32648", a PROJ string or WKT); NULL: the UTM
	 *  zone of the study area's centre, or by province (above). */
	const char *crs;
	/** Compute but store nothing (run_id 0). */
	bool dry_run;
	/** Version >= 2: the unit (units.code) to plan for: its wards are
	 *  the demand; existing schools within `margin` outside it serve
	 *  its children too.  NULL: the whole store. */
	const char *unit;
	/** Version >= 2: metres; 0: SG_SCOPE_MARGIN_DEFAULT. */
	double margin;
	/** Version >= 3: reach by road (schoolgis/roads.h): a cell is
	 *  within reach of a school or site when the trip from its
	 *  centroid to it along the roads costs at most max_distance metres
	 *  (length cost) or road->max_minutes (time cost, required).  Cells
	 *  and candidates farther than the snap limit from every road are
	 *  reached by nothing and reported.  NULL: straight lines.
	 *  Borrowed. */
	const sg_roads_distance *road;
} sg_sites_options;

#define SG_SITES_OPTIONS_INIT                                                  \
	{                                                                      \
		SG_SITES_OPTIONS_VERSION, NULL, 0, 0, 0, NULL, NULL, NULL,     \
			NULL, NULL, false, NULL, NULL, false, NULL, 0, NULL    \
	}

/** One suggested site. */
typedef struct {
	int rank;	       /**< 1, 2, ... in the order chosen */
	double lon, lat;       /**< EPSG:4326 */
	double x, y;	       /**< in the metric CRS of the result */
	double children;       /**< children newly within reach */
	double cumulative;     /**< within reach after this site: existing
				    schools and sites 1 .. rank */
	double cumulative_pct; /**< 100 x cumulative / children of the
				    level; NaN when there are none */
	char *unit_code;       /**< the ward it lies in; "" if none */
	char *unit_name;
	/** Candidates file: its id (or feature number) and name; grid:
	 *  "cell:<column>,<row>" of the cell (column, row in metres /
	 *  cell_size from the CRS origin) and "". */
	char *candidate_id;
	char *candidate_name;
} sg_site;

/** Layout of sg_sites_result; fields are only ever added at the end. */
#define SG_SITES_RESULT_VERSION 1

/** What sg_sites_suggest found.  Free with sg_sites_result_free (which
 *  frees its strings too). */
typedef struct {
	unsigned int version;	  /**< SG_SITES_RESULT_VERSION */
	int64_t run_id;		  /**< the run stored; 0: dry run */
	size_t nsites;		  /**< <= count asked */
	sg_site *sites;		  /**< nsites entries, by rank */
	size_t count;		  /**< sites asked */
	bool exhausted;		  /**< fewer sites than asked: no candidate
				      would serve anyone more */
	double children;	  /**< school-age children of the level */
	double served_before;	  /**< within reach of existing schools */
	double served_before_pct; /**< NaN when there are no children */
	double served_after;	  /**< ... and of the sites */
	double served_after_pct;
	size_t schools;		   /**< existing schools of the level
				      (0 with ignore_existing) */
	size_t cells;		   /**< grid cells (demand) */
	size_t candidates;	   /**< candidates considered */
	size_t candidates_outside; /**< file candidates left out */
	size_t evaluations;	   /**< gains computed by the lazy greedy */
	double max_distance;	   /**< metres used */
	double cell_size;	   /**< metres used */
	int age_from, age_to;	   /**< the level's school ages */
	sg_level level;		   /**< the level */
	char *crs;		   /**< the metric CRS used, whole */
	/** Reach by road (options' road); false: straight lines. */
	bool by_road;
	/** By road: the reach is a travel time (max_minutes). */
	bool time_cost;
	/** By road with the time cost: the reach, minutes; else NaN. */
	double max_minutes;
	/** By road: cells (and their children) and candidates farther
	 *  than the snap limit from every road: never within reach. */
	size_t cells_off_road;
	double children_off_road;
	size_t candidates_off_road;
	/** By road: the network's name ("" otherwise) and profile. */
	char *network;
	sg_roads_profile profile;
} sg_sites_result;

/**
 * Check options without a store: the level, the count, the distance
 * and the cell size.  A command line can report these as usage errors.
 *
 * @return SG_OK, or SG_EINVALID with the message on ctx (ctx may be
 *         NULL: then in sg_error_last()).
 */
SG_API int sg_sites_options_check(sg_ctx *ctx, const sg_sites_options *opts);

/**
 * Suggest sites for new schools of one level (see above).
 *
 * @param ctx   context with an open store
 * @param opts  options (level and count are required)
 * @param out   OUT: the result; free with sg_sites_result_free
 * @return SG_OK; SG_ENOSTORE; SG_EINVALID (what sg_sites_options_check
 *         rejects, no units, no distance norm for the level, a bad
 *         CRS, a raster or candidates file that cannot be used: no
 *         points, no candidate inside the study area, an unknown id
 *         column); SG_ENOTFOUND (no such raster or candidates file, no
 *         figures for the year); SG_EGDAL; SG_EPROJ; SG_EGEOS;
 *         SG_ESQLITE; SG_ENOMEM; SG_ECANCELLED.  On error nothing is
 *         stored and *out is NULL.
 */
SG_API int sg_sites_suggest(sg_ctx *ctx, const sg_sites_options *opts,
			    sg_sites_result **out);

/** Free a result.  NULL is a no-op. */
SG_API void sg_sites_result_free(sg_sites_result *r);

/**
 * Write the sites as points to a GIS file, by its extension: .gpkg,
 * .geojson/.json (EPSG:4326 points) or .csv (lon and lat columns).
 * Columns: rank, lon, lat, children, cumulative, cumulative_pct,
 * unit_code, unit_name, candidate_id, candidate_name, level,
 * max_distance_m, run_id.  The file is written under a temporary name
 * and renamed, so a failure leaves no half-written file.
 *
 * @return SG_OK; SG_EINVALID (unknown extension); SG_EEXISTS (the file
 *         exists and !overwrite); SG_EGDAL; SG_EIO.
 */
SG_API int sg_sites_write(sg_ctx *ctx, const sg_sites_result *r,
			  const char *path, bool overwrite);

SG_END_DECL

#endif /* SCHOOLGIS_SITES_H */
