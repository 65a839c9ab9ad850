/*
 * layers/ogr_out.c - writing one layer to a new GIS file through OGR,
 * atomically: the dataset is created at a temporary sibling of the path,
 * filled in one transaction, closed and renamed into place; any failure
 * removes it and leaves an existing file untouched.  A "PG:" path goes
 * to layers/pg.c, which does the same with a PostgreSQL transaction.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <ogr_srs_api.h>

#include "layers/layers.h"
#include "util/util.h"

void sg_out__set_text(const sg_out *o, OGRFeatureH f, int i, const char *s)
{
	sg_sb b = { 0 };

	if (!s || !o->csv || !sg_csv__is_formula(s)) {
		OGR_F_SetFieldString(f, i, s);
		return;
	}
	sg_sb__printf(&b, "'%s", s);
	/* Out of memory: an empty cell rather than a live formula. */
	OGR_F_SetFieldString(f, i, b.oom ? "" : b.s);
	sg_sb__free(&b);
}

int sg_out__layer(sg_ctx *ctx, sg_out *o, const char *name,
		  OGRwkbGeometryType geom, const char *const *lco,
		  const char *desc)
{
	OGRSpatialReferenceH srs = NULL;

	if (geom != wkbNone) {
		srs = OSRNewSpatialReference(NULL);
		OSRImportFromEPSG(srs, 4326);
		OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
	}
	o->layer = GDALDatasetCreateLayer(o->ds, name, srs, geom, (char **)lco);
	if (srs)
		OSRDestroySpatialReference(srs);
	if (!o->layer)
		return sg_error__set(ctx, SG_EGDAL, "export: %s: OGR: %s", desc,
				     sg_gdal__msg(ctx));
	return SG_OK;
}

int sg_out__open(sg_ctx *ctx, sg_out *o, const char *driver, const char *path,
		 bool overwrite, const char *layer, OGRwkbGeometryType geom,
		 const char *const *lco)
{
	GDALDriverH drv;
	int rc = SG_OK;

	memset(o, 0, sizeof(*o));
	o->path = path;
	if (sg_pg__is_dsn(path))
		return sg_pg__out_open(ctx, o, path, overwrite, layer, geom);
	if (!overwrite && access(path, F_OK) == 0)
		return sg_error__set(ctx, SG_EEXISTS, "export: %s exists",
				     path);
	o->csv = strcmp(driver, "CSV") == 0;
	if ((rc = sg_outset__begin(ctx, &o->set, path, NULL)) != SG_OK)
		return rc;
	if (!(o->tmp = sg_outset__add(ctx, &o->set, path)))
		return SG_ENOMEM;
	sg_gdal__begin(ctx);
	o->capturing = 1;
	drv = GDALGetDriverByName(driver);
	o->ds = drv ? GDALCreate(drv, o->tmp, 0, 0, 0, GDT_Unknown, NULL)
		    : NULL;
	if (!o->ds)
		return sg_error__set(ctx, SG_EGDAL, "export: %s: OGR: %s", path,
				     sg_gdal__msg(ctx));
	rc = sg_out__layer(ctx, o, layer, geom, lco, path);
	if (rc == SG_OK)
		GDALDatasetStartTransaction(o->ds, 0);
	return rc;
}

int sg_out__close(sg_ctx *ctx, sg_out *o, int rc)
{
	if (o->pg)
		return sg_pg__out_close(ctx, o, rc);
	if (rc == SG_OK && o->ds &&
	    GDALDatasetCommitTransaction(o->ds) == OGRERR_FAILURE)
		rc = sg_error__set(ctx, SG_EGDAL, "export: %s: OGR: %s",
				   o->path, sg_gdal__msg(ctx));
	if (o->ds)
		GDALClose(o->ds);
	o->ds = NULL;
	if (o->capturing)
		sg_gdal__end(ctx);
	o->capturing = 0;
	if (rc == SG_OK && o->tmp)
		rc = sg_outset__commit(ctx, &o->set, "export");
	sg_outset__free(&o->set); /* the temporary, when not committed */
	o->tmp = NULL;
	return rc;
}
