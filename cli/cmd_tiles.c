/*
 * cli/cmd_tiles.c - `schoolgis tiles`: web map tiles (XYZ directory with
 * a viewer, or MBTiles) of the store's layers, or one static map image.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

enum {
	O_LAYER = 256,
	O_BY,
	O_STYLE,
	O_SET,
	O_ZOOM,
	O_THREADS,
	O_SCALE,
	O_YEAR,
	O_LEVEL,
	O_METHOD,
	O_KIND,
	O_STANDARDS,
	O_NAME,
	O_ATTR,
	O_URL,
	O_NOVIEWER,
	O_LEAFLET,
	O_PNG,
	O_SIZE,
	O_BBOX,
	O_BG,
	O_PRINT,
	O_EXACT,
	O_SHARD,
	O_MAXTILES,
	O_UNIT,
	O_MARGIN,
	O_LANG
};

static const cli_opt opts[] = {
	CLI_OPT("layer", O_LAYER, false, N_("L[,L]"),
		N_("layers to draw (repeatable)")),
	CLI_OPT("by", O_BY, false, N_("INDICATOR"),
		N_("what colours the first layer (default: the style's)")),
	CLI_OPT("style", O_STYLE, false, N_("FILE"),
		N_("style file (see --print-style for every key)")),
	CLI_OPT("set", O_SET, false, N_("KEY=VALUE"),
		N_("one style value, e.g. catchments.opacity=0.6 "
		   "(repeatable)")),
	CLI_OPT("zoom", O_ZOOM, false, N_("A-B"),
		N_("zoom levels (default 10-16)")),
	CLI_OPT("shard", O_SHARD, false, N_("I/N"),
		N_("render only part I of N (I from 0 to N-1, as array job "
		   "indexes: $SLURM_ARRAY_TASK_ID with --array=0-N-1, "
		   "$JOB_COMPLETION_INDEX, $AWS_BATCH_JOB_ARRAY_INDEX); each "
		   "zoom's tiles are dealt out in runs, so the parts are "
		   "disjoint and balanced; give each part its own output and "
		   "merge MBTiles parts with 'schoolgis tiles-merge'")),
	CLI_OPT("max-tiles", O_MAXTILES, false, N_("N"),
		N_("refuse a pyramid of more than N tiles, counted before "
		   "rendering (default 1000000; 0: no limit)")),
	CLI_OPT("output", 'o', true, N_("OUT"), N_("DIR or FILE.mbtiles")),
	CLI_OPT("threads", O_THREADS, false, N_("N"),
		N_("rendering threads (default: all cores)")),
	CLI_OPT("scale", O_SCALE, false, N_("1|2"),
		N_("2: 512-pixel tiles for high-DPI screens")),
	CLI_OPT("year", O_YEAR, false, N_("Y"),
		N_("school year of the figures (default: the latest)")),
	CLI_OPT("unit", O_UNIT, false, N_("CODE"),
		N_("only this unit (a district, a city) and the schools up to "
		   "--margin M metres outside it (default 3000); the extent is "
		   "the unit and its margin")),
	CLI_OPT("margin", O_MARGIN, false, N_("M"),
		N_("with --unit: schools up to M metres outside it serve its "
		   "children too (default 3000)")),
	CLI_OPT("level", O_LEVEL, false, N_("L"),
		N_("catchments/unserved: the run's level; units: the coverage "
		   "level; schools: only schools of this level")),
	CLI_OPT("method", O_METHOD, false, N_("METHOD"),
		N_("catchments/unserved: the run's method (voronoi, distance, "
		   "capacity; default: the latest run)")),
	CLI_OPT("kind", O_KIND, false, N_("K"),
		N_("units: ward (default), district or city")),
	CLI_OPT("standards", O_STANDARDS, false, N_("FILE"),
		N_("standards for ratios, compliance and coverage")),
	CLI_OPT("name", O_NAME, false, N_("TEXT"), N_("tileset name")),
	CLI_OPT("attribution", O_ATTR, false, N_("TEXT"),
		N_("tileset attribution")),
	CLI_OPT("lang", O_LANG, false, N_("vi|en"),
		N_("language of the legends and the viewer (default: vi; the "
		   "viewer switches between both)")),
	CLI_OPT("tile-url", O_URL, false, N_("URL"),
		N_("absolute tile URL template for tilejson")),
	CLI_OPT("exact-colors", O_EXACT, false, NULL,
		N_("tiles with more than 256 colours as RGBA (default: a "
		   "palette with every colour of 16+ pixels exact, rarer edge "
		   "colours approximated, as Mapnik's png256)")),
	CLI_OPT("no-viewer", O_NOVIEWER, false, NULL,
		N_("no viewer.html in an XYZ directory")),
	CLI_OPT("leaflet", O_LEAFLET, false, N_("DIR"),
		N_("Leaflet files (default: /usr/share/javascript/leaflet)")),
	CLI_OPT("png", O_PNG, false, N_("FILE"),
		N_("render one static map image instead of tiles")),
	CLI_OPT("size", O_SIZE, false, N_("WxH"),
		N_("image size of --png (default 1200x900)")),
	CLI_OPT("bbox", O_BBOX, false, N_("W,S,E,N"),
		N_("box of --png in degrees (default: the study area)")),
	CLI_OPT("background", O_BG, false, N_("C"),
		N_("background of --png, #rrggbb (default: transparent)")),
	CLI_OPT("print-style", O_PRINT, false, NULL,
		N_("print the style and exit")),
	CLI_OPT("force", 'f', true, NULL, N_("replace existing outputs")),
	CLI_OPT_JSON(N_("print the summary as JSON")),
	CLI_OPT_DB,
	CLI_OPT_QUIET(N_("no progress")),
	CLI_OPT_END
};

static const cli_command cmd = {
	.name = "tiles",
	.usage = N_(
		"Usage: schoolgis tiles --layer LAYER[,LAYER...] -o OUT [OPTIONS]\n"
		"       schoolgis tiles --layer LAYER --png FILE [--size WxH] "
		"[--bbox W,S,E,N]\n"
		"       schoolgis tiles --print-style [--style FILE] [--set K=V]\n\n"
		"Render layers of the store as web map tiles over the study area "
		"(the units'\nbox): an XYZ directory (OUT/z/x/y.png with viewer.html,"
		" legend.json,\ntilejson.json, schools.geojson and Leaflet, works "
		"offline: serve it with\n'python3 -m http.server -d OUT') or, when "
		"OUT ends in .mbtiles, an MBTiles 1.3\nfile (with OUT.legend.json and"
		" OUT.tilejson beside it).  Tiles where nothing\nis drawn are skipped;"
		" identical tiles are stored once in MBTiles.\n\n"
		"Layers, drawn bottom to top in the order given:\n"
		"  units       wards (--kind) by a roll-up indicator: compliant_pct "
		"(default),\n"
		"              students_per_teaching_computer, fibre_pct, "
		"website_pct,\n"
		"              equipment_pct, computers_missing, population, ...; "
		"with --level\n"
		"              coverage columns: coverage (= within_pct), children,"
		"\n"
		"              seats_minus_children, utilization_pct\n"
		"  catchments  the latest catchment run (--level, --method) by "
		"utilization\n"
		"              (default; students / seats), demand_pct, population,"
		"\n"
		"              ratio (students per teaching computer), compliance\n"
		"  unserved    unserved areas of a distance or capacity run: one "
		"colour, or\n"
		"              --by population\n"
		"  schools     markers, shape by level, colour by level (default), "
		"compliance\n"
		"              or a number (ratio, ...)\n"),
	.opts = opts,
};

/*---- Progress: tiles/s and time left ------------------------------------*/

typedef struct {
	int shown;
	double start;
} tiles_progress;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int show(const sg_progress *p, void *payload)
{
	tiles_progress *s = payload;
	double t, rate;

	if (s->start == 0)
		s->start = now();
	t = now() - s->start;
	rate = t > 0 ? (double)p->done / t : 0;
	if (p->total > 0) {
		double left = rate > 0 ? (double)(p->total - p->done) / rate
				       : 0;

		fprintf(stderr,
			_("\r%s: %llu / %llu (%3.0f%%), %.0f tiles/s, "
			  "%d:%02d left   "),
			p->stage, (unsigned long long)p->done,
			(unsigned long long)p->total,
			100.0 * (double)p->done / (double)p->total, rate,
			(int)(left / 60), (int)left % 60);
	} else {
		fprintf(stderr, "\r%s: %llu   ", p->stage,
			(unsigned long long)p->done);
	}
	s->shown = 1;
	return 0;
}

static void message(sg_msg_level level, const char *msg, void *payload)
{
	tiles_progress *s = payload;

	if (s->shown) {
		fputc('\n', stderr);
		s->shown = 0;
	}
	fprintf(stderr, _("schoolgis: %s%s\n"),
		level == SG_MSG_WARNING ? _("warning: ") : "", msg);
}

/*---- The command --------------------------------------------------------*/

#define MAX_LAYERS 8
#define MAX_SETS 32

/* "I/N" with 0 <= I < N, N >= 1, digits only. */
static int parse_shard(const char *s, unsigned *i, unsigned *n)
{
	char *end;
	unsigned long a, b;

	if (*s < '0' || *s > '9')
		return -1;
	a = strtoul(s, &end, 10);
	if (*end != '/' || end[1] < '0' || end[1] > '9')
		return -1;
	s = end + 1;
	b = strtoul(s, &end, 10);
	if (*end || b < 1 || b > 1000000 || a >= b)
		return -1;
	*i = (unsigned)a;
	*n = (unsigned)b;
	return 0;
}

static int parse_zoom(const char *s, int *a, int *b)
{
	char *end;
	long x = strtol(s, &end, 10), y;

	if (end == s || x < 0 || x > 22)
		return -1;
	if (*end == '\0') {
		*a = *b = (int)x;
		return 0;
	}
	if (*end != '-')
		return -1;
	s = end + 1;
	y = strtol(s, &end, 10);
	if (end == s || *end || y < x || y > 22)
		return -1;
	*a = (int)x;
	*b = (int)y;
	return 0;
}

int cmd_tiles(int argc, char **argv)
{
	static tiles_progress prog;
	sg_tiles_options to = SG_TILES_OPTIONS_INIT;
	sg_map_view view = SG_MAP_VIEW_INIT;
	sg_ctx_options co = SG_CTX_OPTIONS_INIT;
	sg_map_layer_kind kinds[MAX_LAYERS];
	const char *sets[MAX_SETS], *by = NULL, *style_path = NULL;
	const char *out = NULL, *png = NULL, *year = NULL, *level = NULL;
	const char *unit = NULL;
	double margin = 0;
	const char *method = NULL, *kind = NULL, *std_path = NULL;
	const char *lang = NULL;
	sg_map_style *style = NULL;
	sg_standards *std = NULL;
	sg_map *map = NULL;
	sg_ctx *ctx = NULL;
	cli_common o = { 0 };
	cli_args args;
	size_t nlayers = 0, nsets = 0;
	int c, want_help = 0, force = 0, print_style = 0, rc = CLI_OK;
	char *text = NULL;
	sg_tiles_summary sum;

	if (cli_args_init(&args, &cmd, argc, argv) != CLI_OK)
		return CLI_ERROR;
	while ((c = cli_next(&args)) != -1) {
		if (cli_common_option(&o, c, optarg, &want_help))
			continue;
		switch (c) {
		case O_LAYER: {
			char buf[256], *save = NULL, *tok;

			snprintf(buf, sizeof(buf), "%s", optarg);
			for (tok = strtok_r(buf, ",", &save); tok;
			     tok = strtok_r(NULL, ",", &save)) {
				if (nlayers == MAX_LAYERS)
					return cli_usage("tiles",
							 _("at most %d "
							   "layers"),
							 MAX_LAYERS);
				if (sg_map_layer_parse(tok, &kinds[nlayers]) !=
				    SG_OK)
					return cli_usage(
						"tiles",
						_("unknown "
						  "layer '%s' (units, "
						  "catchments, unserved,"
						  " schools)"),
						tok);
				nlayers++;
			}
			break;
		}
		case O_BY: by = optarg; break;
		case O_STYLE: style_path = optarg; break;
		case O_SET:
			if (nsets == MAX_SETS || !strchr(optarg, '='))
				return cli_usage("tiles",
						 _("--set KEY=VALUE, "
						   "e.g. schools.size=12"));
			sets[nsets++] = optarg;
			break;
		case O_ZOOM:
			if (parse_zoom(optarg, &to.minzoom, &to.maxzoom))
				return cli_usage("tiles",
						 _("--zoom: A-B with "
						   "0 <= A <= B <= 22, or one "
						   "zoom"));
			break;
		case 'o': out = optarg; break;
		case O_THREADS: {
			char *end;
			long n = strtol(optarg, &end, 10);

			if (*end || n < 0 || n > 256)
				return cli_usage("tiles",
						 _("--threads: 0 to 256 "
						   "(0: all cores)"));
			to.threads = (unsigned)n;
			break;
		}
		case O_SCALE:
			if (strcmp(optarg, "1") && strcmp(optarg, "2"))
				return cli_usage("tiles", _("--scale: 1 or 2"));
			to.scale = (unsigned)atoi(optarg);
			view.scale = to.scale;
			break;
		case O_YEAR: year = optarg; break;
		case O_UNIT: unit = optarg; break;
		case O_MARGIN:
			rc = cli_metres("tiles", optarg, &margin);
			if (rc != CLI_OK)
				return rc;
			break;
		case O_LEVEL: level = optarg; break;
		case O_METHOD: method = optarg; break;
		case O_KIND: kind = optarg; break;
		case O_STANDARDS: std_path = optarg; break;
		case O_NAME: to.name = optarg; break;
		case O_ATTR: to.attribution = optarg; break;
		case O_LANG: lang = optarg; break;
		case O_URL: to.tile_url = optarg; break;
		case O_NOVIEWER: to.viewer = false; break;
		case O_LEAFLET: to.leaflet_dir = optarg; break;
		case O_PNG: png = optarg; break;
		case O_SIZE:
			if (sscanf(optarg, "%ux%u", &view.width,
				   &view.height) != 2 ||
			    view.width < 1 || view.height < 1 ||
			    view.width > 16384 || view.height > 16384)
				return cli_usage("tiles", _("--size: WxH, e.g. "
							    "1200x900"));
			break;
		case O_BBOX:
			if (sscanf(optarg, "%lf,%lf,%lf,%lf", &view.bbox[0],
				   &view.bbox[1], &view.bbox[2],
				   &view.bbox[3]) != 4 ||
			    !(view.bbox[0] < view.bbox[2] &&
			      view.bbox[1] < view.bbox[3]))
				return cli_usage("tiles",
						 _("--bbox: W,S,E,N in "
						   "degrees"));
			break;
		case O_BG: view.background = optarg; break;
		case O_PRINT: print_style = 1; break;
		case O_EXACT: to.exact_colors = true; break;
		case O_SHARD:
			if (parse_shard(optarg, &to.shard_index,
					&to.shard_count))
				return cli_usage(
					"tiles",
					_("--shard '%s': I/N "
					  "with 0 <= I < N, e.g. 0/3, "
					  "1/3, 2/3 (I counts from 0)"),
					optarg);
			break;
		case O_MAXTILES: {
			char *end;
			unsigned long long n;

			errno = 0;
			n = strtoull(optarg, &end, 10);
			if (end == optarg || *end || errno || *optarg == '-')
				return cli_usage("tiles",
						 _("--max-tiles '%s': a whole "
						   "number of tiles (0: no "
						   "limit)"),
						 optarg);
			to.max_tiles = n;
			break;
		}
		case 'f': force = 1; break;
		default: return cli_usage("tiles", _("bad option"));
		}
	}
	if (want_help) {
		cli_help(&cmd);
		return CLI_OK;
	}
	if (optind != argc)
		return cli_usage("tiles", _("unexpected argument '%s'"),
				 argv[optind]);
	if (!print_style && nlayers == 0)
		return cli_usage("tiles", _("give --layer (units, catchments, "
					    "unserved, schools)"));
	if (!print_style && !out && !png)
		return cli_usage("tiles", _("give -o DIR|FILE.mbtiles, or "
					    "--png FILE"));
	if (png && to.shard_count > 1)
		return cli_usage("tiles", _("--shard splits tiles (-o), not "
					    "--png"));
	if (out && png)
		return cli_usage("tiles", _("-o (tiles) or --png (one image), "
					    "not both"));
	to.overwrite = force;
	to.year = year;
	/* The context, with tiles/s and time left on a terminal. */
	if (!o.quiet && isatty(STDERR_FILENO))
		co.progress = show;
	co.message = o.quiet ? NULL : message;
	co.payload = &prog;
	if ((rc = sg_global_init()) != SG_OK)
		return cli_fail(NULL, rc);
	if ((rc = sg_ctx_new(&ctx, &co)) != SG_OK)
		return cli_fail(NULL, rc);
	rc = sg_map_style_load(ctx, style_path, &style);
	for (size_t i = 0; rc == SG_OK && i < nsets; i++) {
		char key[128];
		const char *eq = strchr(sets[i], '=');

		snprintf(key, sizeof(key), "%.*s", (int)(eq - sets[i]),
			 sets[i]);
		rc = sg_map_style_set(ctx, style, key, eq + 1);
	}
	if (rc != SG_OK) {
		rc = cli_fail(ctx, rc);
		goto done;
	}
	if (print_style) {
		if (sg_map_style_format(style, &text) != SG_OK) {
			rc = CLI_ERROR;
			goto done;
		}
		fputs(text, stdout);
		goto done;
	}
	if (!std_path)
		std_path = getenv("SCHOOLGIS_STANDARDS");
	if (std_path && !*std_path)
		std_path = NULL;
	if ((rc = sg_store_open(ctx, sg_store_resolve_path(o.db))) != SG_OK ||
	    (rc = sg_standards_load(ctx, std_path, &std)) != SG_OK ||
	    (rc = sg_map_new(ctx, style, &map)) != SG_OK ||
	    (lang && (rc = sg_map_set_lang(ctx, map, lang)) != SG_OK)) {
		rc = cli_fail(ctx, rc);
		goto done;
	}
	to.standards = std;
	for (size_t i = 0; i < nlayers; i++) {
		sg_map_layer_options lo = SG_MAP_LAYER_OPTIONS_INIT;

		lo.kind = kinds[i];
		lo.by = i == 0 ? by : NULL;
		lo.year = year;
		lo.unit = unit;
		lo.margin = margin;
		lo.level = level;
		lo.method = method;
		lo.unit_kind = kind;
		lo.standards = std;
		if ((rc = sg_map_add_layer(ctx, map, &lo)) != SG_OK) {
			int missing_run = rc == SG_ENOTFOUND &&
					  (lo.kind == SG_MAP_CATCHMENTS ||
					   lo.kind == SG_MAP_UNSERVED);

			rc = cli_fail(ctx, rc);
			/* The library says what is missing; the advice is
			 * the command line's. */
			if (missing_run)
				fprintf(stderr, "%s",
					lo.kind == SG_MAP_UNSERVED
						? _("schoolgis: compute them "
						    "first: schoolgis "
						    "catchments --method "
						    "distance (or capacity)\n")
						: _("schoolgis: compute them "
						    "first: schoolgis "
						    "catchments\n"));
			goto done;
		}
	}
	if (png) {
		rc = sg_map_render_png(ctx, map, &view, png, force);
		if (rc != SG_OK) {
			rc = cli_fail(ctx, rc);
			goto done;
		}
		if (!o.quiet)
			fprintf(stderr,
				_("tiles: %s: %ux%u map of %zu layer%s\n"), png,
				view.width, view.height, nlayers,
				nlayers > 1 ? "s" : "");
		goto done;
	}
	rc = sg_tiles_write(ctx, map, out, &to, &sum);
	if (prog.shown) {
		fputc('\n', stderr);
		prog.shown = 0;
	}
	if (rc == SG_EINVALID && to.max_tiles && sum.tiles > to.max_tiles) {
		/* Over the limit: the library's count, the CLI's advice. */
		cli_fail(ctx, rc);
		fprintf(stderr,
			_("schoolgis: tiles: fewer zoom levels (--zoom), a "
			  "smaller area (--unit) or a higher limit "
			  "(--max-tiles %llu, 0: none)\n"),
			(unsigned long long)sum.tiles);
		rc = CLI_USAGE;
		goto done;
	}
	if (rc != SG_OK) {
		rc = cli_fail(ctx, rc);
		goto done;
	}
	if (o.json) {
		printf("{\"output\": ");
		cli_json_string(stdout, out);
		printf(", \"shard\": %u, \"shards\": %u", to.shard_index,
		       to.shard_count);
		printf(", \"tiles\": %llu, \"written\": %llu, \"empty\": %llu, "
		       "\"unique\": %llu, \"palette\": %llu, \"quantized\": %llu, "
		       "\"bytes\": %llu, "
		       "\"seconds\": %.3f, \"tiles_per_second\": %.1f, "
		       "\"threads\": %u, \"minzoom\": %d, \"maxzoom\": %d, "
		       "\"bounds\": [%.7f, %.7f, %.7f, %.7f]}\n",
		       (unsigned long long)sum.tiles,
		       (unsigned long long)sum.written,
		       (unsigned long long)sum.empty,
		       (unsigned long long)sum.unique,
		       (unsigned long long)sum.palette,
		       (unsigned long long)sum.quantized,
		       (unsigned long long)sum.bytes, sum.seconds,
		       sum.seconds > 0 ? (double)sum.tiles / sum.seconds : 0,
		       sum.threads, sum.minzoom, sum.maxzoom, sum.bounds[0],
		       sum.bounds[1], sum.bounds[2], sum.bounds[3]);
	} else if (!o.quiet) {
		fprintf(stderr,
			_("tiles: %s: zoom %d-%d, %llu tiles: %llu "
			  "written (%llu palette, %llu of them quantized; %llu "
			  "distinct), %llu empty skipped; %.1f MB in %.1f s "
			  "(%.0f tiles/s, %u threads)\n"),
			out, sum.minzoom, sum.maxzoom,
			(unsigned long long)sum.tiles,
			(unsigned long long)sum.written,
			(unsigned long long)sum.palette,
			(unsigned long long)sum.quantized,
			(unsigned long long)sum.unique,
			(unsigned long long)sum.empty, (double)sum.bytes / 1e6,
			sum.seconds,
			sum.seconds > 0 ? (double)sum.tiles / sum.seconds : 0,
			sum.threads);
	}
done:
	sg_free(text);
	sg_map_free(map);
	sg_map_style_free(style);
	sg_standards_free(std);
	sg_ctx_free(ctx);
	return rc;
}

/*---- schoolgis tiles-merge ----------------------------------------------*/

static const cli_opt merge_opts[] = {
	CLI_OPT("output", 'o', true, N_("OUT"), N_("the merged MBTiles file")),
	CLI_OPT("force", 'f', true, NULL, N_("replace an existing OUT")),
	CLI_OPT_JSON(N_("print the summary as JSON")),
	CLI_OPT_QUIET(N_("no summary")), CLI_OPT_END
};

static const cli_command merge_cmd = {
	.name = "tiles-merge",
	.usage = N_(
		"Usage: schoolgis tiles-merge -o OUT.mbtiles IN.mbtiles... [-f] "
		"[--json]\n\n"
		"Merge MBTiles files of one pyramid, typically the parts written by "
		"'schoolgis\ntiles --shard I/N', into OUT.mbtiles (with "
		"OUT.legend.json and OUT.tilejson\nbeside it).  The inputs must have "
		"the same metadata (zooms, bounds, tile\nsize, name, legend and "
		"style); a tile in several inputs must be the same image\nin all.  "
		"OUT is written in one transaction under a temporary name: on any "
		"error\nnothing is left there.\n"),
	.opts = merge_opts,
};

int cmd_tiles_merge(int argc, char **argv)
{
	sg_ctx_options co = SG_CTX_OPTIONS_INIT;
	sg_tiles_summary sum;
	cli_common o = { 0 };
	cli_args args;
	sg_ctx *ctx = NULL;
	const char *out = NULL;
	int c, want_help = 0, force = 0, rc;

	if (cli_args_init(&args, &merge_cmd, argc, argv) != CLI_OK)
		return CLI_ERROR;
	while ((c = cli_next(&args)) != -1) {
		if (cli_common_option(&o, c, optarg, &want_help))
			continue;
		switch (c) {
		case 'o': out = optarg; break;
		case 'f': force = 1; break;
		default: return cli_usage("tiles-merge", _("bad option"));
		}
	}
	if (want_help) {
		cli_help(&merge_cmd);
		return CLI_OK;
	}
	if (!out)
		return cli_usage("tiles-merge", _("give -o OUT.mbtiles"));
	{
		size_t n = strlen(out);

		if (n <= 8 || strcasecmp(out + n - 8, ".mbtiles"))
			return cli_usage("tiles-merge",
					 _("-o %s: the output "
					   "must end in .mbtiles"),
					 out);
	}
	if (optind >= argc)
		return cli_usage("tiles-merge", _("give the MBTiles files to "
						  "merge"));
	if ((rc = sg_global_init()) != SG_OK)
		return cli_fail(NULL, rc);
	if ((rc = sg_ctx_new(&ctx, &co)) != SG_OK)
		return cli_fail(NULL, rc);
	rc = sg_tiles_merge(ctx, out, (const char *const *)(argv + optind),
			    (size_t)(argc - optind), force, &sum);
	if (rc != SG_OK) {
		rc = cli_fail(ctx, rc);
	} else if (o.json) {
		printf("{\"output\": ");
		cli_json_string(stdout, out);
		printf(", \"inputs\": %d, \"read\": %llu, \"tiles\": %llu, "
		       "\"unique\": %llu, \"bytes\": %llu, \"seconds\": %.3f, "
		       "\"minzoom\": %d, \"maxzoom\": %d}\n",
		       argc - optind, (unsigned long long)sum.tiles,
		       (unsigned long long)sum.written,
		       (unsigned long long)sum.unique,
		       (unsigned long long)sum.bytes, sum.seconds, sum.minzoom,
		       sum.maxzoom);
	} else if (!o.quiet) {
		fprintf(stderr,
			_("tiles-merge: %s: %llu tiles (%llu distinct "
			  "images) from %d files, %llu tiles read; %.1f MB in "
			  "%.1f s\n"),
			out, (unsigned long long)sum.written,
			(unsigned long long)sum.unique, argc - optind,
			(unsigned long long)sum.tiles, (double)sum.bytes / 1e6,
			sum.seconds);
	}
	sg_ctx_free(ctx);
	return rc;
}
