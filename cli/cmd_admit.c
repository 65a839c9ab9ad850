/*
 * cli/cmd_admit.c - `schoolgis admit --grade 1|6|10 -o DIR`: place the
 * applicants of an entry grade and write the lists.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "util/util.h"

static const cli_opt opts[] = {
	CLI_OPT("grade", 'g', true, N_("G"), N_("1, 6 or 10 (required)")),
	CLI_OPT("output", 'o', true, N_("DIR"),
		N_("directory to write (must not exist, unless --force)")),
	CLI_OPT("unit", 0x7311, false, N_("CODE"),
		N_("only this unit (a commune, a district, SET/CODE): the "
		   "applicants living in it and its schools of the level")),
	CLI_OPT("units", 0x7312, false, N_("SET"),
		N_("the administrative set --unit is looked up in (default: "
		   "the newest holding it)")),
	CLI_OPT("year", 'y', true, N_("Y"),
		N_("school year of admission (default: the latest with "
		   "applicants of the grade)")),
	CLI_OPT("max-distance", 'd', false, N_("M"),
		N_("grades 1, 6: no school farther than M metres; children "
		   "without a seat within it are listed unplaced")),
	CLI_OPT("force", 'f', true, NULL,
		N_("replace DIR (only the output of an earlier admit)")),
	CLI_OPT("crs", 'C', false, N_("CRS"),
		N_("metric CRS of the distances (default: UTM zone)")),
	CLI_OPT("zone-cell", 'z', false, N_("M"),
		N_("grid cell of the admission zones (default 100 m)")),
	CLI_OPT("key", 'k', false, N_("HEX"),
		N_("pseudonym key, 32 hex digits (default: the store's own)")),
	CLI_OPT("handicap", 'H', false, N_("N2,N3"),
		N_("grade 10: a school ranks an applicant who put it 2nd (3rd) "
		   "as if the total were N2 (N3) points lower (standards "
		   "admission.choice_handicap_2/3; default 0,0)")),
	CLI_OPT("priority", 'P', false, N_("first|points"),
		N_("grades 1, 6: priority groups come first (default), or "
		   "count as living --priority-metres M1,M2,M3 nearer")),
	CLI_OPT("priority-metres", 'M', false, N_("M1,M2,M3"),
		N_("with --priority points: the metres nearer that priority "
		   "groups 1, 2, 3 count as living")),
	CLI_OPT("round", 'R', false, N_("2"),
		N_("the second round: the seats and applicants left after the "
		   "latest round 1 and --confirmed FILE (who enrolled; a 'Mã "
		   "hồ sơ' column); stored as its own run")),
	CLI_OPT("confirmed", 'c', false, N_("FILE"),
		N_("round 2: the applicants who enrolled after round 1")),
	CLI_OPT("publish", 'p', false, N_("DIR"),
		N_("also write the families' lookup site to DIR (static "
		   "files: a family enters the code and birth date; results "
		   "encrypted, AES-256-GCM under PBKDF2-SHA256 of both)")),
	CLI_OPT("kdf-iterations", 'I', false, N_("N"),
		N_("PBKDF2 iterations of the lookup (default 20000)")),
	CLI_OPT("k", 'K', false, N_("N"),
		N_("published zones and figures come from at least N "
		   "applicants (default 5)")),
	CLI_OPT("standards", 's', false, N_("FILE"),
		N_("standards config (default: $SCHOOLGIS_STANDARDS, else the "
		   "built-in defaults)")),
	CLI_OPT_INCLUDE(cli_road_opts),
	CLI_OPT_DB,
	CLI_OPT_QUIET(N_("print nothing on success")),
	CLI_OPT_JSON(N_("print the summary as JSON")),
	CLI_OPT_END
};

static const cli_command cmd = {
	.name = "admit",
	.usage = N_(
		"Usage: schoolgis admit --grade 1|6|10 -o DIR [--year Y] "
		"[--max-distance M]\n"
		"                       [--force] [--json] [--quiet]\n\n"
		"Place the applicants of an entry grade (import them with "
		"'schoolgis import\napplicants FILE') and write the lists "
		"to DIR.  Deferred acceptance: stable,\ndeterministic, and "
		"the best stable placement for every applicant.\n\n"
		"  Grades 1 and 6  by residence: every child goes to the "
		"nearest school of the\n"
		"                  level that still has seats "
		"(seats_entry_grade); a full school\n"
		"                  keeps priority groups 1, 2, 3 first, "
		"then the children living\n"
		"                  nearest; distances are straight lines in "
		"metres (UTM zone).\n"
		"  Grade 10        by up to 3 ranked choices: schools rank "
		"by exam score + the\n"
		"                  priority points of the standards "
		"(admission.priority_points_*),\n"
		"                  then score; cut-offs per school and "
		"choice rank.\n"
		"Ties go to the smaller school code, then the smaller "
		"applicant code.\n"),
	.opts = opts,
	.notes = N_("By road (grades 1 and 6), an applicant's options are its "
		    "64 nearest schools\nalong the roads (metres: --cost "
		    "length).\n\n"
		    "Files in DIR: internal.csv (every field and the "
		    "explanation: personal data),\npublic/SCHOOL.csv and "
		    "public/unplaced.csv (pseudonymous codes only),\n"
		    "summary.csv, distance.csv, summary.json, zones.gpkg "
		    "(admission zones).\n"),
};

static void print_json(const char *dir, const sg_admit_summary *s)
{
	printf("{\"run_id\": %lld, \"grade\": %d, \"year\": ",
	       (long long)s->run_id, s->grade);
	cli_json_string(stdout, s->year);
	printf(", \"level\": ");
	cli_json_string(stdout, sg_level_name(s->level));
	printf(", \"output\": ");
	cli_json_string(stdout, dir);
	printf(", \"schools\": %lld, \"schools_without_seats\": %lld, "
	       "\"seats\": %lld, \"applicants\": %lld, \"placed\": %lld, "
	       "\"unplaced\": %lld, \"at_first\": %lld",
	       (long long)s->schools, (long long)s->schools_no_seats,
	       (long long)s->seats, (long long)s->applicants,
	       (long long)s->placed, (long long)s->unplaced,
	       (long long)s->at_first);
	sg_json__fmember(stdout, "at_first_pct", s->at_first_pct);
	sg_json__fmember(stdout, "distance_mean_m", s->distance_mean_m);
	sg_json__fmember(stdout, "distance_median_m", s->distance_median_m);
	sg_json__fmember(stdout, "distance_p90_m", s->distance_p90_m);
	sg_json__fmember(stdout, "distance_max_m", s->distance_max_m);
	printf(", \"zones\": %lld, \"crs\": ", (long long)s->zones);
	cli_json_string(stdout, s->crs);
	printf(", \"checksum\": ");
	cli_json_string(stdout, s->checksum);
	printf("}\n");
}

static void print_text(const char *dir, const char *pub,
		       const sg_admit_summary *s)
{
	fprintf(stderr,
		_("admit: grade %d, %s: %lld applicants, %lld %s "
		  "schools, %lld seats (run %lld)\n"),
		s->grade, s->year, (long long)s->applicants,
		(long long)s->schools, cli_level_word(s->level),
		(long long)s->seats, (long long)s->run_id);
	fprintf(stderr,
		_("admit: %lld placed, %lld unplaced; %lld (%.1f%%) at "
		  "their %s\n"),
		(long long)s->placed, (long long)s->unplaced,
		(long long)s->at_first,
		isnan(s->at_first_pct) ? 0.0 : s->at_first_pct,
		s->grade == 10 ? _("1st choice") : _("nearest school"));
	if (s->placed > 0)
		fprintf(stderr,
			_("admit: distance to the school: median %.0f m,"
			  " 90%% within %.0f m, max %.0f m (%s)\n"),
			s->distance_median_m, s->distance_p90_m,
			s->distance_max_m, s->crs);
	if (s->round == 2)
		fprintf(stderr,
			_("admit: round 2 after run %lld: %lld "
			  "confirmations\n"),
			(long long)s->round1_run, (long long)s->confirmed);
	fprintf(stderr,
		_("admit: wrote %s: internal.csv, public/ (%lld "
		  "schools + unplaced), summary.csv, distance.csv, "
		  "summary.json, zones.gpkg (%lld zones)\n"),
		dir, (long long)s->schools, (long long)s->zones);
	if (pub)
		fprintf(stderr, _("admit: lookup site %s: %lld results\n"), pub,
			(long long)s->published);
}

/* "a,b" or "a,b,c" into up to max numbers; how many, or -1. */
static int numbers(const char *arg, double *v, int max)
{
	char *end;
	int n = 0;

	for (const char *p = arg; n < max; p = end + 1) {
		v[n] = strtod(p, &end);
		if (end == p || !isfinite(v[n]) || v[n] < 0 ||
		    (*end && *end != ','))
			return -1;
		n++;
		if (!*end)
			return n;
	}
	return -1;
}

/* The rules given on the command line, into the standards. */
static int set_rules(sg_ctx *ctx, sg_standards *std, const char *handicap,
		     const char *prio, const char *prio_m)
{
	static const char *const hk[] = { "admission.choice_handicap_2",
					  "admission.choice_handicap_3" };
	static const char *const mk[] = { "admission.priority_metres_1",
					  "admission.priority_metres_2",
					  "admission.priority_metres_3" };
	double v[3];
	int n;

	if (handicap) {
		if ((n = numbers(handicap, v, 2)) != 2)
			return cli_usage("admit",
					 _("--handicap N2,N3: the points "
					   "off at a 2nd and a 3rd choice, not "
					   "'%s'"),
					 handicap);
		for (int i = 0; i < 2; i++)
			if (sg_standards_set(ctx, std, hk[i], v[i]) != SG_OK)
				return cli_fail(ctx, SG_EINVALID);
	}
	if (prio && sg_standards_set(ctx, std, "admission.priority_as_points",
				     strcmp(prio, "points") == 0) != SG_OK)
		return cli_fail(ctx, SG_EINVALID);
	if (prio_m) {
		if ((n = numbers(prio_m, v, 3)) != 3)
			return cli_usage("admit",
					 _("--priority-metres M1,M2,M3: "
					   "metres of priority groups 1-3, not "
					   "'%s'"),
					 prio_m);
		for (int i = 0; i < 3; i++)
			if (sg_standards_set(ctx, std, mk[i], v[i]) != SG_OK)
				return cli_fail(ctx, SG_EINVALID);
	}
	return CLI_OK;
}

int cmd_admit(int argc, char **argv)
{
	sg_admit_options ao = SG_ADMIT_OPTIONS_INIT;
	sg_admit_summary sum;
	sg_standards *std = NULL;
	const char *std_path = NULL, *handicap = NULL, *prio = NULL;
	const char *prio_m = NULL;
	cli_common o = { 0 };
	cli_args args;
	int c, want_help = 0, rc = CLI_OK;
	sg_ctx *ctx = NULL;
	char *end;
	cli_road road = { 0 };

	if (cli_args_init(&args, &cmd, argc, argv) != CLI_OK)
		return CLI_ERROR;
	while ((c = cli_next(&args)) != -1) {
		if (cli_common_option(&o, c, optarg, &want_help))
			continue;
		if ((rc = cli_road_option(&road, "admit", c, optarg)) >= 0) {
			if (rc != CLI_OK)
				return rc;
			continue;
		}
		rc = CLI_OK;
		switch (c) {
		case 'g':
			ao.grade = (int)strtol(optarg, &end, 10);
			if (*end ||
			    (ao.grade != 1 && ao.grade != 6 && ao.grade != 10))
				return cli_usage("admit",
						 _("the grade must be 1, "
						   "6 or 10, not '%s'"),
						 optarg);
			break;
		case 'o': ao.out_dir = optarg; break;
		case 'y': ao.year = optarg; break;
		case 0x7311: ao.unit = optarg; break;
		case 0x7312: ao.set = optarg; break;
		case 'd':
			rc = cli_metres("admit", optarg, &ao.max_distance);
			break;
		case 'f': ao.overwrite = true; break;
		case 'C': ao.crs = optarg; break;
		case 'z':
			rc = cli_metres("admit", optarg, &ao.zone_cell);
			break;
		case 'k': ao.key_hex = optarg; break;
		case 's': std_path = optarg; break;
		case 'R':
			ao.round = (int)strtol(optarg, &end, 10);
			if (*end || (ao.round != 1 && ao.round != 2))
				return cli_usage("admit",
						 _("the round must be 1 "
						   "or 2, not '%s'"),
						 optarg);
			break;
		case 'c': ao.confirmed = optarg; break;
		case 'p': ao.publish_dir = optarg; break;
		case 'I':
			ao.kdf_iterations = (int)strtol(optarg, &end, 10);
			if (*end || ao.kdf_iterations < 1000 ||
			    ao.kdf_iterations > 10000000)
				return cli_usage(
					"admit",
					_("--kdf-iterations: "
					  "1000 to 10000000, not '%s'"),
					optarg);
			break;
		case 'H': handicap = optarg; break;
		case 'P':
			if (strcmp(optarg, "first") != 0 &&
			    strcmp(optarg, "points") != 0)
				return cli_usage("admit",
						 _("--priority is 'first'"
						   " or 'points', not '%s'"),
						 optarg);
			prio = optarg;
			break;
		case 'M': prio_m = optarg; break;
		case 'K':
			ao.k = (int)strtol(optarg, &end, 10);
			if (*end || ao.k < 1 || ao.k > 1000000)
				return cli_usage("admit",
						 _("--k must be a "
						   "positive count, not '%s'"),
						 optarg);
			break;
		default: return cli_usage("admit", _("bad option"));
		}
		if (rc != CLI_OK)
			return rc;
	}
	if (want_help) {
		cli_help(&cmd);
		return CLI_OK;
	}
	if (optind < argc)
		return cli_usage("admit", _("unexpected argument '%s'"),
				 argv[optind]);
	if (!ao.grade)
		return cli_usage("admit",
				 _("--grade is required (1, 6 or 10)"));
	if (!ao.out_dir)
		return cli_usage("admit", _("-o DIR is required"));
	if (ao.max_distance > 0 && ao.grade == 10)
		return cli_usage("admit",
				 _("--max-distance goes with grades 1 "
				   "and 6 (grade 10 is placed by choices)"));
	if ((ao.round == 2) != (ao.confirmed != NULL))
		return cli_usage("admit", _("--round 2 and --confirmed FILE go "
					    "together"));
	if (handicap && ao.grade != 10)
		return cli_usage("admit", _("--handicap goes with grade 10"));
	if ((prio || prio_m) && ao.grade == 10)
		return cli_usage("admit",
				 _("--priority and --priority-metres go "
				   "with grades 1 and 6"));
	if ((rc = cli_road_check(&road, "admit")) != CLI_OK)
		return rc;
	if (road.on && ao.grade == 10)
		return cli_usage("admit",
				 _("--distance road goes with grades 1 "
				   "and 6 (grade 10 is placed by choices)"));
	if (road.on)
		ao.road = &road.d;
	if ((rc = cli_open_standards(&ctx, &o, 1, std_path, &std)) != CLI_OK) {
		sg_ctx_free(ctx);
		return rc;
	}
	if ((rc = set_rules(ctx, std, handicap, prio, prio_m)) != CLI_OK) {
		sg_standards_free(std);
		sg_ctx_free(ctx);
		return rc;
	}
	ao.standards = std;
	rc = sg_admit(ctx, &ao, &sum);
	cli_progress_done();
	if (rc != SG_OK) {
		rc = cli_fail(ctx, rc);
	} else {
		if (o.json)
			print_json(ao.out_dir, &sum);
		else if (!o.quiet)
			print_text(ao.out_dir, ao.publish_dir, &sum);
		rc = CLI_OK;
	}
	sg_standards_free(std);
	sg_ctx_free(ctx);
	return rc;
}
