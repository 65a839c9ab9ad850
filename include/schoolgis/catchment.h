/*
 * schoolgis/catchment.h - which school serves which area.
 *
 * A catchment run reads the units (wards) and the schools of one level
 * from the store, computes their catchments in a metric CRS (the WGS84
 * UTM zone of the study area's centre, or one the caller names) and
 * writes them back in one transaction: a row in `runs` (command,
 * parameters as JSON, library versions, a summary), one row per
 * catchment in `catchments` (EPSG:4326 multipolygons) and figures in
 * `results`.  A new run of the same level and method replaces the
 * catchments and results of the earlier ones (their `runs` rows stay, as
 * the history).
 *
 * The study area is the union of the wards (of the districts when the
 * store has no wards).  Schools closer than 1 m to each other share one
 * location: they get one catchment, stored under the school with the
 * smallest code, and a warning names them.
 *
 * Methods:
 *
 * - SG_CATCHMENT_VORONOI: Thiessen polygons: every point of the study
 *   area belongs to the catchment of its nearest school.  The polygons
 *   tile the study area.  No school gives no catchment; one school gets
 *   the whole area.
 * - SG_CATCHMENT_DISTANCE: the Voronoi polygon ∩ the disc of
 *   max_distance around its school (a 128-gon); the rest of the study
 *   area is stored as "unserved" areas (school_id NULL, method
 *   "distance-unserved") with their school-age population.
 * - SG_CATCHMENT_CAPACITY: the study area is cut into square cells of
 *   cell_size metres; each cell gets its share of the school-age
 *   population; (cell, school) pairs are taken in increasing distance
 *   and a cell goes to the school when the school's seats left hold the
 *   whole cell, else on to its next-nearest school.  Ties: the southern,
 *   then western cell first; then the school with the smallest code.
 *   Empty cells go to their nearest school.  A catchment is the union of
 *   its cells; populated cells no school has room for are stored as
 *   "capacity-unserved" with their population.  No school ever gets more
 *   children than seats.
 *
 * Population: each ward's school-age population (see schoolgis/
 * coverage.h) is spread evenly over its area, so the population of any
 * polygon is area-weighted from the wards it overlaps.
 *
 * Population raster (capacity method, population_raster): a raster of
 * people per pixel (band 1 of anything GDAL opens, e.g. a WorldPop
 * GeoTIFF, in any CRS it declares) gives the distribution of people
 * within each ward, and the ward's school-age population stays the
 * total (dasymetric mapping):
 *
 *   cell population = sum over wards w of  pop(w) x R(w, cell) / R(w)
 *
 * where R(w, cell) is the raster people of the pixels whose centre lies
 * in both w and the cell, and R(w) those whose centre lies in w.  So the
 * cells of a ward add up to its population whatever the raster's own
 * totals or year.  Each pixel is counted whole at its centre (no
 * splitting of a pixel between cells or wards): a centre on a boundary
 * goes to one side only, and a pixel larger than the cells leaves the
 * cells between centres empty (a warning then suggests a cell size at
 * least the pixel's).  Nodata, NaN, 0 and negative values count as
 * nobody; a band scale and offset are applied.  A ward the raster does
 * not cover, or where it has nobody, falls back to the even spread,
 * with a warning naming the ward.  Only the window of the raster over
 * the study area is read, block by block.  The run's parameters record
 * the raster's path and its "crc32:... size:N mtime:T" (no CRC above
 * 1 GiB), also in the run's input_checksums.
 *
 * Seats of a school for a level: classes x class_size.<level> (for a
 * multi-level school, its classes in proportion of the level's students,
 * or an equal share per level); when classes are unknown, its students
 * (the school counted as full).  A school with neither has no seats.
 */
#ifndef SCHOOLGIS_CATCHMENT_H
#define SCHOOLGIS_CATCHMENT_H

#include "common.h"
#include "context.h"
#include "roads.h"
#include "standards.h"

SG_BEGIN_DECL

/** How catchments are drawn. */
typedef enum {
	SG_CATCHMENT_VORONOI = 0,  /**< nearest school */
	SG_CATCHMENT_DISTANCE = 1, /**< nearest school within max_distance */
	SG_CATCHMENT_CAPACITY = 2  /**< nearest school with seats left */
} sg_catchment_method;

/**
 * Version of sg_catchment_options.  Version 2 added population_raster
 * at the end; structs of version 1 (without it) are still accepted and
 * read as having no raster.  Version 3 added unit and margin, version 4
 * road (distances along a stored road network).  New fields only ever
 * go at the end, each with a new version.
 */
#define SG_CATCHMENT_OPTIONS_VERSION 5

/** Options of sg_catchment_compute.  Initialise with
 *  SG_CATCHMENT_OPTIONS_INIT. */
typedef struct {
	unsigned int version; /**< SG_CATCHMENT_OPTIONS_VERSION */
	/** "preschool", "primary", "lower_secondary" or "upper_secondary"
	 *  (the Vietnamese names and abbreviations import accepts work
	 *  too).  Required. */
	const char *level;
	sg_catchment_method method;
	/** Distance method: metres; 0 or NaN: the standard
	 *  distance.<level>. */
	double max_distance;
	/** Capacity method: grid cell size in metres; 0: 250. */
	double cell_size;
	/** School year of the figures (seats, students), "2016-2017";
	 *  NULL: each school's latest year. */
	const char *year;
	/** Census year of the population ("2019"); NULL: each unit's
	 *  latest year. */
	const char *population_year;
	/** Standards (distance norms, ages, shares, class sizes); NULL:
	 *  the built-in defaults.  Borrowed. */
	const sg_standards *standards;
	/** Metric CRS to compute in ("EPSG:32648", a PROJ string or WKT);
	 *  NULL: the UTM zone of the study area's centre. */
	const char *crs;
	/** Capacity method (version >= 2): a raster of people per pixel
	 *  that distributes each ward's population over the grid (see
	 *  above); NULL or "": the even spread.  Only with
	 *  SG_CATCHMENT_CAPACITY. */
	const char *population_raster;
	/** Version >= 2: compute and fill the summary but write nothing
	 *  (no run, no polygons; summary.run_id is 0). */
	bool dry_run;
	/** Version >= 3: the unit (units.code) whose wards are the study
	 *  area; the schools within `margin` outside it take part (their
	 *  catchments are clipped to the unit).  NULL: the whole store. */
	const char *unit;
	/** Version >= 3: metres; 0: SG_SCOPE_MARGIN_DEFAULT. */
	double margin;
	/** Version >= 4: distances by road (schoolgis/roads.h); NULL:
	 *  straight lines.  Voronoi and distance methods: grid squares of
	 *  cell_size metres (0: 250) go to the nearest school by road from
	 *  their centre; with the time cost the distance method's reach
	 *  is road->max_minutes.  Borrowed. */
	const sg_roads_distance *road;
	/** Version >= 5: the administrative set (schoolgis/units.h): `unit`
	 *  is looked up in it, and without a unit its units are the study
	 *  area.  NULL: a bare unit code is the newest set's; without a
	 *  unit, a store of several sets is computed on the set in force
	 *  on the 1 September of `year` (else of the latest school year),
	 *  never on a mix of overlapping sets. */
	const char *set;
} sg_catchment_options;

#define SG_CATCHMENT_OPTIONS_INIT                                              \
	{                                                                      \
		SG_CATCHMENT_OPTIONS_VERSION, NULL, SG_CATCHMENT_VORONOI, 0,   \
			0, NULL, NULL, NULL, NULL, NULL, false, NULL, 0, NULL, \
			NULL                                                   \
	}

/** Layout of sg_catchment_summary; fields are only ever added at the
 *  end. */
#define SG_CATCHMENT_SUMMARY_VERSION 1

/** What a catchment run did.  Areas in km2, populations in persons of
 *  school age of the level. */
typedef struct {
	unsigned int version;	/**< set by the library:
				     SG_CATCHMENT_SUMMARY_VERSION */
	int64_t run_id;		/**< the run's row in `runs`; 0: dry run */
	int64_t schools;	/**< schools of the level */
	int64_t locations;	/**< distinct locations (catchments asked) */
	int64_t merged;		/**< schools sharing another's location */
	int64_t catchments;	/**< catchment rows written (or, in a
				    dry run, that would be) */
	int64_t unserved_areas; /**< unserved rows, likewise */
	double study_area_km2;
	double catchment_area_km2; /**< sum of the catchments' areas */
	double unserved_area_km2;
	double population;	     /**< school-age, whole study area */
	double catchment_population; /**< inside the catchments */
	double unserved_population;  /**< in the unserved areas */
	double seats;		     /**< capacity: seats of the schools */
	int64_t cells;		     /**< capacity: grid cells used */
	double max_distance;	     /**< metres used (distance) */
	double cell_size;	     /**< metres used (capacity) */
	int age_from, age_to;	     /**< the level's school ages */
	/** The metric CRS used, whole; borrowed from the context until
	 *  sg_ctx_free. */
	const char *crs;
} sg_catchment_summary;

/**
 * Compute the catchments of one level and store them as a new run.
 *
 * @param ctx      context with an open store
 * @param opts     options (level is required)
 * @param summary  OUT, may be NULL: what was done
 * @return SG_OK; SG_ENOSTORE; SG_EINVALID (unknown level or method, bad
 *         distance or cell size, no units in the store, bad CRS; a
 *         population raster with another method than capacity, or one
 *         without a band, with a band that is not numeric, without a
 *         CRS or without georeferencing); SG_ENOTFOUND (no such raster
 *         file); SG_EGDAL (GDAL cannot open or read the raster);
 *         SG_EPROJ; SG_EGEOS; SG_ESQLITE; SG_ENOMEM; SG_ECANCELLED.
 *         Messages about the raster name its file.  On error the store
 *         is left as it was.
 */
SG_API int sg_catchment_compute(sg_ctx *ctx, const sg_catchment_options *opts,
				sg_catchment_summary *summary);

/** "voronoi", "distance" or "capacity"; NULL for an unknown value. */
SG_API const char *sg_catchment_method_name(sg_catchment_method m);

/**
 * Parse a method name ("voronoi", "distance", "capacity").
 *
 * @return SG_OK, or SG_EINVALID for an unknown name.
 */
SG_API int sg_catchment_method_parse(const char *name,
				     sg_catchment_method *out);

/*---- Typed result of a run -------------------------------------------------
 *
 * A catchment run as the store keeps it: one row per school catchment
 * (the `catchments` rows of the run with a school, by school code, then
 * in the order written), its unserved areas (the rows without a school,
 * in the order written), its summary figures (the run's `results` rows
 * of subject "summary" and its parameters) and its metric CRS; read
 * back by run id (sg_catchment_run_read), or made by the computation
 * itself (sg_catchment_compute_result, also for a dry run, where
 * nothing is stored).  A later run of the same level and method (and
 * unit) replaces the polygons of the earlier ones, so an earlier run
 * reads back with no rows and no unserved areas (its summary figures
 * stay).  Getters return NaN for an unknown figure or an index out of
 * range, NULL for a missing text.
 */

/** An opaque catchment run; see sg_catchment_run_read and
 *  sg_catchment_compute_result. */
typedef struct sg_catchment_run sg_catchment_run;

/**
 * Compute the catchments of one level, store them as a new run (unless
 * opts->dry_run) and return the run as a typed result: the same
 * computation and store as sg_catchment_compute, whose summary the
 * result's totals repeat figure for figure.  The result is made from
 * the computed catchments in memory (not read back), and equals what
 * sg_catchment_run_read gives for its run id; in a dry run its id is 0
 * and it holds what the run would have stored.
 *
 * @param ctx   context with an open store
 * @param opts  options, as for sg_catchment_compute
 * @param out   OUT: freed with sg_catchment_run_free; NULL on failure
 * @return as sg_catchment_compute; SG_EINVALID also when out is NULL.
 */
SG_API int sg_catchment_compute_result(sg_ctx *ctx,
				       const sg_catchment_options *opts,
				       sg_catchment_run **out);

/** The summary figures of a run, those of sg_catchment_summary: counts
 *  (schools, locations, merged, catchments, unserved_areas, cells),
 *  km2, persons of school age, seats, metres (max_distance_m: distance
 *  method, cell_size_m: capacity method or by road; NaN when not used)
 *  and the level's ages. */
typedef enum {
	SG_CATCHMENT_TOTAL_SCHOOLS = 0,
	SG_CATCHMENT_TOTAL_LOCATIONS,
	SG_CATCHMENT_TOTAL_MERGED,
	SG_CATCHMENT_TOTAL_CATCHMENTS,
	SG_CATCHMENT_TOTAL_UNSERVED_AREAS,
	SG_CATCHMENT_TOTAL_STUDY_AREA_KM2,
	SG_CATCHMENT_TOTAL_CATCHMENT_AREA_KM2,
	SG_CATCHMENT_TOTAL_UNSERVED_AREA_KM2,
	SG_CATCHMENT_TOTAL_POPULATION,
	SG_CATCHMENT_TOTAL_CATCHMENT_POPULATION,
	SG_CATCHMENT_TOTAL_UNSERVED_POPULATION,
	SG_CATCHMENT_TOTAL_SEATS,
	SG_CATCHMENT_TOTAL_CELLS,
	SG_CATCHMENT_TOTAL_MAX_DISTANCE_M,
	SG_CATCHMENT_TOTAL_CELL_SIZE_M,
	SG_CATCHMENT_TOTAL_AGE_FROM,
	SG_CATCHMENT_TOTAL_AGE_TO,
	SG_CATCHMENT_TOTAL__COUNT
} sg_catchment_total;

/** A catchment's figures, as stored with its polygon: area in km2,
 *  school-age population of the level inside it, the seats of its
 *  school(s) (see above), and demand_pct = 100 x population / seats
 *  (the utilisation the catchment would give; NaN without seats). */
typedef enum {
	SG_CATCHMENT_RUN_AREA_KM2 = 0,
	SG_CATCHMENT_RUN_POPULATION,
	SG_CATCHMENT_RUN_SEATS,
	SG_CATCHMENT_RUN_DEMAND_PCT,
	SG_CATCHMENT_RUN__COUNT
} sg_catchment_run_figure;

/**
 * Read a catchment run back from the store.
 *
 * @param run_id  the run's id (sg_catchment_summary.run_id); 0: the
 *                latest catchment run
 * @param out     OUT: freed with sg_catchment_run_free
 * @return SG_OK; SG_ENOSTORE; SG_ENOTFOUND (no such run, or not a
 *         catchment run); SG_ESQLITE; SG_ENOMEM.
 */
SG_API int sg_catchment_run_read(sg_ctx *ctx, int64_t run_id,
				 sg_catchment_run **out);
SG_API void sg_catchment_run_free(sg_catchment_run *r);

/** The run's id; 0 for a dry run's result. */
SG_API int64_t sg_catchment_run_id(const sg_catchment_run *r);
/** The level ("primary") and method ("voronoi") of the run. */
SG_API const char *sg_catchment_run_level(const sg_catchment_run *r);
SG_API const char *sg_catchment_run_method(const sg_catchment_run *r);
/** "area_km2", "population", "seats", "demand_pct". */
SG_API const char *sg_catchment_run_figure_name(sg_catchment_run_figure f);

/** The name of a summary figure, as the run's `results` rows and the
 *  CLI's --json name it ("schools", "study_area_km2", "max_distance_m",
 *  "age_from", ...); NULL for an unknown value. */
SG_API const char *sg_catchment_total_name(sg_catchment_total f);
/** A summary figure of the run (counts as doubles; NaN: unknown or not
 *  used).  Equal to the matching field of sg_catchment_summary. */
SG_API double sg_catchment_run_total(const sg_catchment_run *r,
				     sg_catchment_total f);
/** The metric CRS the run was computed in, whole (sg_catchment_summary
 *  .crs): "EPSG:32648", a PROJ string, or "UTM by province: ..." for a
 *  run in parts. */
SG_API const char *sg_catchment_run_crs(const sg_catchment_run *r);

/* The run's catchments, by school code. */
SG_API size_t sg_catchment_run_count(const sg_catchment_run *r);
SG_API const char *sg_catchment_run_school_code(const sg_catchment_run *r,
						size_t i);
/** The codes of every school sharing the catchment's location, as
 *  stored (NULL: none stored). */
SG_API const char *sg_catchment_run_schools(const sg_catchment_run *r,
					    size_t i);
SG_API double sg_catchment_run_value(const sg_catchment_run *r, size_t i,
				     sg_catchment_run_figure f);

/* The run's unserved areas (distance: "distance-unserved", capacity:
 * "capacity-unserved"; none for Voronoi), in the order stored.  Their
 * figures are SG_CATCHMENT_RUN_AREA_KM2 and SG_CATCHMENT_RUN_POPULATION
 * (seats and demand_pct: NaN).  The unserved areas and the catchments
 * tile the study area. */
SG_API size_t sg_catchment_run_nunserved(const sg_catchment_run *r);
SG_API double sg_catchment_run_unserved_value(const sg_catchment_run *r,
					      size_t i,
					      sg_catchment_run_figure f);

SG_END_DECL

#endif /* SCHOOLGIS_CATCHMENT_H */
