/*
 * layers/rtree.h - a SpatiaLite spatial index (an SQLite R*Tree of two
 * dimensions) rebuilt in one packed pass (layers/rtree.c).
 *
 * SQLite inserts into an R*Tree one entry at a time: it chooses a leaf,
 * splits or reinserts, and writes the leaf's whole node back, about
 * 10 µs an entry.  A writer that adds many rows in one transaction (with
 * SpatiaLite's triggers off: layers.h, sg_db__bulk_begin) collects their
 * boxes instead and calls sg_rtree__pack before committing: the entries
 * already in the index and the new ones are sorted into full nodes
 * (sort-tile-recursive) and the index's three tables (%_node, %_rowid,
 * %_parent) are written directly in SQLite's format (ext/rtree/rtree.c:
 * big-endian cells of a 64-bit id and four 32-bit floats; the root,
 * node 1, starts with the depth of the tree).  SQLite's own
 * rtreecheck() accepts the result and later inserts and deletes go
 * through SQLite as before.
 */
#ifndef SG_LAYERS_RTREE_H
#define SG_LAYERS_RTREE_H

#include <stddef.h>
#include <stdint.h>

#include "layers/layers.h"

/* An index entry: row id and box, already 32-bit floats. */
typedef struct {
	int64_t id;
	float x0, x1, y0, y1;
} sg_rbox;

/* The box of a row as SpatiaLite keeps it: rounded outwards to 32-bit
 * floats, so that it always holds the geometry. */
sg_rbox sg_rtree__box(int64_t id, double minx, double miny, double maxx,
		      double maxy);

/*
 * Rebuild the R*Tree `index` (e.g. "idx_catchments_geom") with its
 * current entries and the n entries of add, inside the caller's
 * transaction.  The caller guarantees that no id of add is already in
 * the index.  SG_OK, SG_ENOMEM, SG_ESQLITE; SG_EINVALID for an index
 * that is not a two-dimensional R*Tree of 32-bit floats.
 */
int sg_rtree__pack(sg_ctx *ctx, const char *what, const char *index,
		   const sg_rbox *add, size_t n);

#endif /* SG_LAYERS_RTREE_H */
