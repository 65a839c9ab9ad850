/* Every public header compiles on its own and all together, with
 * -std=c11 -pedantic -Werror (libgit2's headertest). */
#include <schoolgis/common.h>
#include <schoolgis/errors.h>
#include <schoolgis/level.h>
#include <schoolgis/context.h>
#include <schoolgis/store.h>
#include <schoolgis/import.h>
#include <schoolgis/validate.h>
#include <schoolgis/export.h>
#include <schoolgis/standards.h>
#include <schoolgis/table.h>
#include <schoolgis/stats.h>
#include <schoolgis/catchment.h>
#include <schoolgis/coverage.h>
#include <schoolgis/tile.h>
#include <schoolgis/admit.h>
#include <schoolgis/points.h>
#include <schoolgis/sites.h>
#include <schoolgis/report.h>
#include <schoolgis/units.h>
#include <schoolgis/schoolgis.h>

int sg_headertest(void);
int sg_headertest(void)
{
	return SG_OK;
}
