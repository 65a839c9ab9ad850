/*
 * schoolgis/schoolgis.h - the umbrella header of libschoolgis.
 *
 * libschoolgis plans a school network: it imports school locations,
 * enrolment and equipment, and administrative units with their
 * population, into a project store (one SpatiaLite file), validates them,
 * and computes and exports what planners need.
 *
 * Conventions: functions return SG_OK (0) or a negative sg_error_code;
 * the message is on the context (sg_ctx_errmsg).  Objects returned
 * through an OUT parameter are owned by the caller and freed with their
 * _free function; const pointers returned by getters are borrowed.
 */
#ifndef SCHOOLGIS_H
#define SCHOOLGIS_H

#include "common.h"
#include "errors.h"
#include "level.h"
#include "context.h"
#include "store.h"
#include "import.h"
#include "validate.h"
#include "export.h"
#include "standards.h"
#include "table.h"
#include "stats.h"
#include "catchment.h"
#include "coverage.h"
#include "tile.h"
#include "admit.h"
#include "points.h"
#include "sites.h"
#include "report.h"
#include "units.h"
#include "roads.h"

#endif /* SCHOOLGIS_H */
