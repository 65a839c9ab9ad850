/*
 * cli/cmd_roads.c - `schoolgis roads import FILE`: bring a road network
 * into the store for `--distance road` (schoolgis/roads.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_opt import_opts[] = {
	CLI_OPT("profile", 'p', false, N_("P"),
		N_("walking (default: every road but motorways, 5 km/h, "
		   "one-way streets both ways) or motorbike (roads by class, "
		   "10-50 km/h, one-way streets one way)")),
	CLI_OPT("name", 'n', false, N_("NET"),
		N_("network name (default: the profile's); importing again "
		   "under the same name replaces it")),
	CLI_OPT("layer", 'l', false, N_("L"),
		N_("layer or table (default: 'lines' for OSM, else the "
		   "first)")),
	CLI_OPT("class-field", 'C', false, N_("F"),
		N_("road class column, OSM highway values (default: highway, "
		   "fclass or class when present; none: all unclassified)")),
	CLI_OPT("speed-field", 'S', false, N_("F"),
		N_("speed column, km/h (motorbike)")),
	CLI_OPT("oneway-field", 'O', false, N_("F"),
		N_("one-way column: yes/1 along, -1 against (default: "
		   "oneway)")),
	CLI_OPT("crs", 'c', false, N_("CRS"),
		N_("CRS of a layer that declares none")),
	CLI_OPT("snap-limit", 'L', false, N_("M"),
		N_("metres from a school to the roads for the islands report "
		   "(default 1000)")),
	CLI_OPT_DB,
	CLI_OPT_QUIET(N_("print nothing on success")),
	CLI_OPT_JSON(N_("print the summary as JSON")),
	CLI_OPT_END
};

static const cli_command import_cmd = {
	.name = "roads import",
	.usage = N_("Usage: schoolgis roads import FILE [--profile walking|"
		    "motorbike] [--name NET]\n"
		    "       [--layer L] [--class-field F] [--speed-field F] "
		    "[--oneway-field F]\n"
		    "       [--crs CRS] [--snap-limit M] [--db FILE] [--quiet] "
		    "[--json]\n\n"
		    "Nhập mạng lưới đường (Import a road network) from an "
		    "OpenStreetMap file\n(.osm, .osm.pbf: ways with a highway "
		    "tag) or any line layer (GPKG, SHP,\nGeoJSON, PG:...), for "
		    "distances along roads (--distance road).\n"),
	.opts = import_opts,
	.notes = N_("Islands are the connected parts of the network that no "
		    "school of the store\njoins (within the snap limit): "
		    "places there reach no school by road.\n"),
};

static void print_json(const char *name, const sg_roads_import_options *o,
		       const sg_roads_import_summary *s)
{
	printf("{\"network\": ");
	cli_json_string(stdout, name);
	printf(", \"profile\": \"%s\", \"unchanged\": %s, \"replaced\": %s, "
	       "\"run_id\": %lld, \"features\": %lld, \"used\": %lld, "
	       "\"excluded\": %lld, \"rejected\": %lld, \"oneway\": %lld, "
	       "\"nodes\": %lld, \"edges\": %lld, \"length_km\": %.3f, "
	       "\"components\": %lld, \"islands\": %lld, \"island_edges\": "
	       "%lld, \"island_km\": %.3f, \"schools\": %lld, "
	       "\"schools_far\": %lld, \"crs\": ",
	       sg_roads_profile_name(o->profile),
	       s->unchanged ? "true" : "false", s->replaced ? "true" : "false",
	       (long long)s->run_id, (long long)s->features, (long long)s->used,
	       (long long)s->excluded, (long long)s->rejected,
	       (long long)s->oneway, (long long)s->nodes, (long long)s->edges,
	       s->length_km, (long long)s->components, (long long)s->islands,
	       (long long)s->island_edges, s->island_km, (long long)s->schools,
	       (long long)s->schools_far);
	cli_json_string(stdout, s->crs);
	printf("}\n");
}

static int roads_import(int argc, char **argv)
{
	sg_roads_import_options opts = SG_ROADS_IMPORT_OPTIONS_INIT;
	sg_roads_import_summary s;
	cli_common o = { 0 };
	cli_args args;
	int c, want_help = 0, rc;
	const char *name;
	sg_ctx *ctx;

	if (cli_args_init(&args, &import_cmd, argc, argv) != CLI_OK)
		return CLI_ERROR;
	while ((c = cli_next(&args)) != -1) {
		if (cli_common_option(&o, c, optarg, &want_help))
			continue;
		switch (c) {
		case 'p':
			if (sg_roads_profile_parse(optarg, &opts.profile))
				return cli_usage("roads import",
						 _("unknown "
						   "profile '%s' (walking or "
						   "motorbike)"),
						 optarg);
			break;
		case 'n': opts.name = optarg; break;
		case 'l': opts.layer = optarg; break;
		case 'C': opts.class_field = optarg; break;
		case 'S': opts.speed_field = optarg; break;
		case 'O': opts.oneway_field = optarg; break;
		case 'c': opts.crs = optarg; break;
		case 'L':
			if ((rc = cli_metres("roads import", optarg,
					     &opts.snap_limit)) != CLI_OK)
				return rc;
			break;
		default: return cli_usage("roads import", _("bad option"));
		}
	}
	if (want_help) {
		cli_help(&import_cmd);
		return CLI_OK;
	}
	if (optind + 1 != argc)
		return cli_usage("roads import", optind < argc
							 ? _("one FILE only")
							 : _("FILE missing"));
	if ((rc = cli_open(&ctx, &o, 1)) != CLI_OK)
		return rc;
	name = opts.name ? opts.name : sg_roads_profile_name(opts.profile);
	rc = sg_roads_import(ctx, argv[optind], &opts, &s);
	cli_progress_done();
	if (rc != SG_OK) {
		rc = cli_fail(ctx, rc);
	} else if (o.json) {
		print_json(name, &opts, &s);
	} else if (!o.quiet && s.unchanged) {
		printf(_("roads: %s: network '%s' already imported from it with "
			 "the same options: unchanged\n"),
		       cli_source(argv[optind]), name);
	} else if (!o.quiet) {
		printf(_("roads: %s: network '%s' (%s)%s: %lld of %lld lines "
			 "used, %lld left out by the profile, %lld not lines; "
			 "%lld one-way\n"),
		       cli_source(argv[optind]), name,
		       sg_roads_profile_name(opts.profile),
		       s.replaced ? _(" replaced") : "", (long long)s.used,
		       (long long)s.features, (long long)s.excluded,
		       (long long)s.rejected, (long long)s.oneway);
		printf(_("roads: %lld nodes, %lld edges, %.1f km (run %lld, %s)"
			 "\n"),
		       (long long)s.nodes, (long long)s.edges, s.length_km,
		       (long long)s.run_id, s.crs);
		if (s.schools == 0)
			printf(_("roads: %lld connected part%s; no school in "
				 "the store yet to find islands\n"),
			       (long long)s.components,
			       cli_plural(s.components));
		else
			printf(_("roads: %lld connected part%s; %lld island%s "
				 "no school reaches: %lld edges, %.1f km; %lld "
				 "of %lld schools farther than the snap limit\n"),
			       (long long)s.components,
			       cli_plural(s.components), (long long)s.islands,
			       cli_plural(s.islands), (long long)s.island_edges,
			       s.island_km, (long long)s.schools_far,
			       (long long)s.schools);
	}
	sg_ctx_free(ctx);
	return rc;
}

int cmd_roads(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "import"))
		return roads_import(argc - 1, argv + 1);
	if (argc >= 2 &&
	    (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		cli_help(&import_cmd);
		return CLI_OK;
	}
	return cli_usage("roads", _("give a subcommand: import"));
}

/*---- --distance road, shared by the commands ------------------------------*/

const cli_opt cli_road_opts[] = {
	CLI_OPT("distance", 0x7201, false, N_("D"),
		N_("straight (default) or road: along a road network imported "
		   "with 'schoolgis roads import'")),
	CLI_OPT("network", 0x7202, false, N_("NET"),
		N_("the network (default: the only one stored)")),
	CLI_OPT("cost", 0x7203, false, N_("C"),
		N_("road: length (metres, default) or time (minutes)")),
	CLI_OPT("max-minutes", 0x7204, false, N_("M"),
		N_("road, time cost: the reach in minutes")),
	CLI_OPT("snap-limit", 0x7205, false, N_("M"),
		N_("road: places farther than M metres from every road are "
		   "reported and not placed by road (default 1000)")),
	CLI_OPT_END
};

int cli_road_option(cli_road *r, const char *cmd, int c, const char *arg)
{
	char *end;

	switch (c) {
	case 0x7201:
		if (!strcmp(arg, "road"))
			r->on = 1;
		else if (!strcmp(arg, "straight"))
			r->on = 0;
		else
			return cli_usage(cmd,
					 _("--distance road or straight, "
					   "not '%s'"),
					 arg);
		return CLI_OK;
	case 0x7202: r->d.network = arg; return CLI_OK;
	case 0x7203:
		if (!strcmp(arg, "length"))
			r->d.cost = SG_ROADS_COST_LENGTH;
		else if (!strcmp(arg, "time"))
			r->d.cost = SG_ROADS_COST_TIME;
		else
			return cli_usage(cmd,
					 _("--cost length or time, not "
					   "'%s'"),
					 arg);
		return CLI_OK;
	case 0x7204:
		r->d.max_minutes = strtod(arg, &end);
		if (!*arg || *end || !(r->d.max_minutes > 0) ||
		    isinf(r->d.max_minutes))
			return cli_usage(cmd,
					 _("not a positive number of "
					   "minutes: '%s'"),
					 arg);
		return CLI_OK;
	case 0x7205: return cli_metres(cmd, arg, &r->d.snap_limit);
	default: return -1;
	}
}

int cli_road_check(const cli_road *r, const char *cmd)
{
	if (!r->on && (r->d.network || r->d.cost != SG_ROADS_COST_LENGTH ||
		       r->d.max_minutes > 0 || r->d.snap_limit > 0))
		return cli_usage(cmd,
				 _("--network, --cost, --max-minutes and "
				   "--snap-limit go with --distance road"));
	if (r->d.max_minutes > 0 && r->d.cost != SG_ROADS_COST_TIME)
		return cli_usage(cmd, _("--max-minutes goes with --cost time"));
	return CLI_OK;
}
