/*
 * schoolgis/roads.h - road networks: import once, then measure distances
 * along the streets (`schoolgis roads import`, `--distance road`).
 *
 * A network is read from an OpenStreetMap file (.osm or .osm.pbf, the
 * "lines" layer of GDAL's OSM driver, ways with a highway=* tag) or from
 * any line layer GDAL reads (GeoPackage, Shapefile, GeoJSON, PostGIS
 * "PG:..."), with an optional road-class column (OSM highway values:
 * "highway", else "fclass" or "class" when present), speed column (km/h)
 * and one-way column (yes/true/1 = along the line, -1/reverse = against
 * it).  Every line is cut at each vertex: lines meet where they share a
 * vertex (OSM nodes; coordinates equal to 1e-7 degree), never where they
 * merely cross (bridges, tunnels).
 *
 * Profiles (what a trip may use, how fast):
 *
 *   walking    every road and path but motorways (motorway, motorway_link)
 *              and roads under construction or only proposed; 5 km/h
 *              everywhere; one-way streets are walked both ways.
 *   motorbike  trunk 50 km/h, primary 40, secondary 35, tertiary 30 (and
 *              their _link roads), unclassified and road 25, residential
 *              20, service, track and path 15, living_street 10; no
 *              motorways (closed to motorbikes in Viet Nam), footways,
 *              pedestrian streets, steps, cycleways or bridleways;
 *              one-way streets (oneway=yes/-1, junction=roundabout) only
 *              the allowed way.  A speed column (km/h > 0) overrides the
 *              class speed.
 *
 * A line without a class (no class column) is an unclassified road.  A
 * class the profile does not know is left out and counted.  The network
 * is stored in the project store under its name (tables road_networks,
 * road_nodes, road_edges): lengths in metres measured in the UTM zone of
 * the network's centre, travel times in seconds each way (NULL: that way
 * is closed).  Importing again under the same name replaces it; the same
 * file, profile and options give "unchanged" and write nothing.
 *
 * Distances by road (sg_roads_distance): a place (a school, a home, a
 * population cell's centre) joins the network at the nearest point of
 * the nearest road segment (the segment is split there); the straight
 * leg to it counts at walking speed (its metres for the length cost).
 * Places farther than the snap limit from every road are not placed by
 * road and are reported.  Trips run from the place to the school (one-
 * way streets count in that direction).
 */
#ifndef SCHOOLGIS_ROADS_H
#define SCHOOLGIS_ROADS_H

#include "common.h"
#include "context.h"

SG_BEGIN_DECL

/** What a road network allows and how fast (see the top of the file). */
typedef enum { SG_ROADS_WALKING = 0, SG_ROADS_MOTORBIKE = 1 } sg_roads_profile;

/** What a distance by road counts. */
typedef enum {
	SG_ROADS_COST_LENGTH = 0, /**< metres along the roads */
	SG_ROADS_COST_TIME = 1	  /**< travel time (seconds; minutes in
				     *   the CLI) */
} sg_roads_cost;

/** Default snap limit, metres. */
#define SG_ROADS_SNAP_LIMIT 1000.0

/**
 * The profile's name ("walking", "motorbike"); static.
 */
SG_API const char *sg_roads_profile_name(sg_roads_profile p);

/**
 * Parse a profile name.
 * @param s    "walking" or "motorbike" (also "walk", "moto")
 * @param out  OUT: the profile
 * @return SG_OK; SG_EINVALID for another name.
 */
SG_API int sg_roads_profile_parse(const char *s, sg_roads_profile *out);

#define SG_ROADS_IMPORT_OPTIONS_VERSION 1

/** Options of sg_roads_import.  Initialise with
 *  SG_ROADS_IMPORT_OPTIONS_INIT. */
typedef struct {
	unsigned int version; /**< SG_ROADS_IMPORT_OPTIONS_VERSION */
	const char *name;     /**< network name; NULL: the profile's */
	sg_roads_profile profile;
	const char *layer;	  /**< layer or table; NULL: "lines" for
				      *   OSM files, else the only/first */
	const char *class_field;  /**< NULL: highway, fclass or class */
	const char *speed_field;  /**< km/h; NULL: none (class speeds) */
	const char *oneway_field; /**< NULL: "oneway" when present */
	const char *crs;	  /**< CRS of a layer that has none */
	double snap_limit;	  /**< metres, for the island report;
				      *   0: SG_ROADS_SNAP_LIMIT */
} sg_roads_import_options;

#define SG_ROADS_IMPORT_OPTIONS_INIT                                           \
	{                                                                      \
		SG_ROADS_IMPORT_OPTIONS_VERSION, NULL, SG_ROADS_WALKING, NULL, \
			NULL, NULL, NULL, NULL, 0                              \
	}

/** Layout of sg_roads_import_summary; fields are only ever added at the
 *  end. */
#define SG_ROADS_IMPORT_SUMMARY_VERSION 1

/** What an import did. */
typedef struct {
	unsigned int version; /**< set by the library:
			       *   SG_ROADS_IMPORT_SUMMARY_VERSION */
	int64_t run_id;	      /**< the import's run; 0 when unchanged */
	bool unchanged;	      /**< same file and options, kept
				  *   (then only nodes, edges, length_km,
				  *   components and crs are filled, from
				  *   the store) */
	bool replaced;	      /**< a network of that name replaced */
	int64_t features;     /**< features read */
	int64_t used;	      /**< lines kept */
	int64_t excluded;     /**< lines of classes the profile leaves
				  *   out (motorways, ...) */
	int64_t rejected;     /**< features without a line geometry */
	int64_t oneway;	      /**< kept lines open one way only */
	int64_t nodes, edges;
	double length_km;
	int64_t components; /**< connected parts */
	int64_t islands;    /**< parts no school reaches (schools of
				  *   any level in the store, snapped
				  *   within the limit) */
	int64_t island_edges;
	double island_km;
	int64_t schools;     /**< schools in the store */
	int64_t schools_far; /**< ... farther than the snap limit */
	/** Metric CRS of the lengths; borrowed from the context until
	 *  sg_ctx_free. */
	const char *crs;
} sg_roads_import_summary;

/**
 * Import a road network into the open store, in one transaction (a
 * failure changes nothing).  Features without a line geometry are
 * skipped, each reported by a warning naming the file and feature.
 *
 * @param ctx      context with an open store
 * @param path     file, or PG: connection string
 * @param opts     options (version checked)
 * @param summary  OUT (may be NULL)
 * @return SG_OK; SG_ENOSTORE; SG_ENOTFOUND (no file, no such layer or
 *         field); SG_EINVALID (bad options, no line kept, no CRS);
 *         SG_EGDAL; SG_EPROJ; SG_ESQLITE; SG_ENOMEM; SG_ECANCELLED.
 */
SG_API int sg_roads_import(sg_ctx *ctx, const char *path,
			   const sg_roads_import_options *opts,
			   sg_roads_import_summary *summary);

/**
 * How a computation measures distances by road.  A command takes a
 * pointer to one; NULL means straight lines.
 */
typedef struct {
	const char *network; /**< stored network's name; NULL: the only
				*   one stored */
	sg_roads_cost cost;
	double snap_limit;  /**< metres; 0: SG_ROADS_SNAP_LIMIT */
	double max_minutes; /**< time cost: the reach of coverage and
				*   the distance method, minutes */
} sg_roads_distance;

SG_END_DECL

#endif /* SCHOOLGIS_ROADS_H */
