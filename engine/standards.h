/*
 * engine/standards.h - the layout of a set of standards, for the engine's
 * computations, and parsing of config text (the file is read by layers/).
 */
#ifndef SG_ENGINE_STANDARDS_H
#define SG_ENGINE_STANDARDS_H

#include "engine/context.h"
#include "schoolgis/standards.h"

/* Indexes of the values; the table in standards.c gives names,
 * defaults and units in this order. */
typedef enum {
	SG_STD_RATIO_PRESCHOOL = 0,
	SG_STD_RATIO_PRIMARY,
	SG_STD_RATIO_LOWER,
	SG_STD_RATIO_UPPER,
	SG_STD_RATIO_SCHOOL,
	SG_STD_MIN_MGMT_COMPUTERS,
	SG_STD_MIN_PRINTERS,
	SG_STD_MIN_WEBCAMS,
	SG_STD_TARGET_FIBRE,
	SG_STD_TARGET_LAN,
	SG_STD_TARGET_WIFI,
	SG_STD_TARGET_WEBSITE,
	SG_STD_TARGET_E_GRADEBOOK,
	SG_STD_TARGET_E_CONTACT_BOOK,
	SG_STD_TARGET_TEACHERS_IT,
	SG_STD_COMPUTER_PRICE,
	SG_STD_DIST_PRESCHOOL,
	SG_STD_DIST_PRIMARY,
	SG_STD_DIST_LOWER,
	SG_STD_DIST_UPPER,
	SG_STD_AGE_FROM_PRESCHOOL,
	SG_STD_AGE_TO_PRESCHOOL,
	SG_STD_AGE_FROM_PRIMARY,
	SG_STD_AGE_TO_PRIMARY,
	SG_STD_AGE_FROM_LOWER,
	SG_STD_AGE_TO_LOWER,
	SG_STD_AGE_FROM_UPPER,
	SG_STD_AGE_TO_UPPER,
	SG_STD_SHARE_PRESCHOOL,
	SG_STD_SHARE_PRIMARY,
	SG_STD_SHARE_LOWER,
	SG_STD_SHARE_UPPER,
	SG_STD_CLASS_PRESCHOOL,
	SG_STD_CLASS_PRIMARY,
	SG_STD_CLASS_LOWER,
	SG_STD_CLASS_UPPER,
	SG_STD_ADMIT_PRIORITY_1, /* grade 10: points of priority group 1 */
	SG_STD_ADMIT_PRIORITY_2,
	SG_STD_ADMIT_PRIORITY_3,
	SG_STD_ADMIT_HANDICAP_2, /* grade 10: points off at a 2nd choice */
	SG_STD_ADMIT_HANDICAP_3, /* grade 10: points off at a 3rd choice */
	SG_STD_ADMIT_PRIORITY_AS_POINTS, /* grades 1, 6: 0 first, 1 metres */
	SG_STD_ADMIT_PRIORITY_M_1,	 /* grades 1, 6: metres of group 1 */
	SG_STD_ADMIT_PRIORITY_M_2,
	SG_STD_ADMIT_PRIORITY_M_3,
	SG_STD_ADMIT_K,		/* k rule of published figures */
	SG_STD_ADMIT_SCORE_MIN, /* lowest exam score an import accepts */
	SG_STD_ADMIT_SCORE_MAX, /* highest exam score an import accepts */
	SG_STD__COUNT
} sg_std;

/* Priority labels a standards file may add ([priority_labels]). */
#define SG_STD_MAX_LABELS 64

/* Whatever the standards say, an exam score beyond this is refused:
 * the ranking's fixed-point keys (score x 1e4 in 64 bits) stay exact. */
#define SG_STD_SCORE_LIMIT 1e6

struct sg_standards {
	double v[SG_STD__COUNT]; /* NaN: unset */
	char source[1024];
	size_t nlabels;
	struct {
		char label[64]; /* folded (sg_text__fold) */
		int group;	/* 0 (none) to 3 */
	} labels[SG_STD_MAX_LABELS];
};

/* The value of a standard (NaN when unset). */
static inline double sg_std__get(const sg_standards *s, sg_std i)
{
	return s->v[i];
}

/* Name ("ratios.primary") of a standard. */
const char *sg_std__name(sg_std i);

/*
 * Apply config text to s.  `file` names the source in messages.
 * SG_EINVALID with "file:line: ..." on an unknown key or bad value.
 */
int sg_standards__parse(sg_ctx *ctx, sg_standards *s, const char *text,
			const char *file);

#endif /* SG_ENGINE_STANDARDS_H */
