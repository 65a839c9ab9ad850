/*
 * cli/cli.c - shared pieces of the commands: context and store, progress
 * display, errors and exit codes, JSON strings.
 */
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "util/util.h"

void cli_i18n_init(void)
{
	const char *dir = getenv("SCHOOLGIS_LOCALEDIR");

	setlocale(LC_CTYPE, "");
	setlocale(LC_MESSAGES, "");
	bindtextdomain("schoolgis", dir && *dir ? dir : SG_LOCALEDIR);
	bind_textdomain_codeset("schoolgis", "UTF-8");
	textdomain("schoolgis");
}

const char cli_exit_help[] = N_(
	"Exit status: 0 success; 1 runtime error; 2 usage error; 3 data "
	"errors\n(rows rejected, or errors found); 4 input or store not "
	"found; 5 input\nunusable (columns, mapping, CRS, year); 6 store "
	"made by a newer schoolgis.\n");

int cli_common_option(cli_common *o, int c, const char *arg, int *help)
{
	switch (c) {
	case 'D': o->db = arg; return 1;
	case 'q': o->quiet = 1; return 1;
	case 'J': o->json = 1; return 1;
	case 'h': *help = 1; return 1;
	default: return 0;
	}
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "schoolgis %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, _("\nTry 'schoolgis %s --help'.\n"), cmd);
	return CLI_USAGE;
}

int cli_exit_code(int rc)
{
	switch (rc) {
	case SG_OK: return CLI_OK;
	case SG_ENOTFOUND:
	case SG_ENOSTORE: return CLI_NOTFOUND;
	case SG_EINVALID:
	case SG_EEXISTS: return CLI_BADINPUT;
	case SG_EVERSION: return CLI_VERSION;
	default: return CLI_ERROR;
	}
}

int cli_fail(sg_ctx *ctx, int rc)
{
	const char *msg = ctx ? sg_ctx_errmsg(ctx) : sg_error_last();
	size_t n = strlen(msg);

	fprintf(stderr, _("schoolgis: %s\n"), *msg ? msg : sg_strerror(rc));
	/* The library names no option: the advice is the command line's.
	 * An output that exists ("...: FILE exists", "đã tồn tại"): every
	 * command that writes one takes --force. */
	if (rc == SG_EEXISTS &&
	    ((n >= 6 && strcmp(msg + n - 6, "exists") == 0) ||
	     (n >= 11 && strcmp(msg + n - 11, "tồn tại") == 0)))
		fprintf(stderr, "%s",
			_("schoolgis: use --force to replace it\n"));
	return cli_exit_code(rc);
}

/*---- Progress on a terminal --------------------------------------------*/

typedef struct {
	int shown;
	double start;
} progress_state;

static progress_state progress_st;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int show_progress(const sg_progress *p, void *payload)
{
	progress_state *s = payload;
	double t;

	if (!s->shown)
		s->start = now();
	t = now() - s->start;
	if (p->total > 0)
		fprintf(stderr, _("\r%s: %llu / %llu (%3.0f%%), %.1f s   "),
			p->stage, (unsigned long long)p->done,
			(unsigned long long)p->total,
			100.0 * (double)p->done / (double)p->total, t);
	else
		fprintf(stderr, _("\r%s: %llu, %.1f s   "), p->stage,
			(unsigned long long)p->done, t);
	s->shown = 1;
	return 0;
}

static void show_message(sg_msg_level level, const char *msg, void *payload)
{
	progress_state *s = payload;

	if (s->shown) {
		fputc('\n', stderr);
		s->shown = 0;
	}
	fprintf(stderr, _("schoolgis: %s%s\n"),
		level == SG_MSG_WARNING ? _("warning: ") : "", msg);
}

void cli_progress_done(void)
{
	if (progress_st.shown)
		fputc('\n', stderr);
	progress_st.shown = 0;
}

int cli_open(sg_ctx **ctx, const cli_common *o, int open_store)
{
	sg_ctx_options opts = SG_CTX_OPTIONS_INIT;
	int rc;

	*ctx = NULL;
	if (!o->quiet && isatty(STDERR_FILENO))
		opts.progress = show_progress;
	opts.message = o->quiet ? NULL : show_message;
	opts.payload = &progress_st;
	if ((rc = sg_global_init()) != SG_OK)
		return cli_fail(NULL, rc);
	atexit(cli_progress_done);
	if ((rc = sg_ctx_new(ctx, &opts)) != SG_OK)
		return cli_fail(NULL, rc);
	if (open_store &&
	    (rc = sg_store_open(*ctx, sg_store_resolve_path(o->db))) != SG_OK)
		return cli_fail(*ctx, rc);
	return CLI_OK;
}

int cli_load_standards(sg_ctx *ctx, const char *path, sg_standards **out)
{
	int rc;

	if (!path)
		path = getenv("SCHOOLGIS_STANDARDS");
	if (path && !*path)
		path = NULL;
	rc = sg_standards_load(ctx, path, out);
	return rc == SG_OK ? CLI_OK : cli_fail(ctx, rc);
}

const char *cli_source(const char *source)
{
	static char buf[1024];

	sg_source_name(source, NULL, buf, sizeof(buf));
	return buf;
}

const char *cli_level_word(sg_level level)
{
	/* In a sentence ("a primary school"), so lower case; sg_level_label
	 * is the heading form ("Primary"). */
	static const char *const words[] = { N_("preschool"), N_("primary"),
					     N_("lower secondary"),
					     N_("upper secondary") };

	for (int i = 0; i < 4; i++)
		if (level == (sg_level)(1 << i))
			return _(words[i]);
	return "";
}

const char *cli_level_label(const char *given)
{
	sg_level l;

	return sg_level_parse(given, &l) == SG_OK ? cli_level_word(l) : given;
}

const char *cli_plural(long long n)
{
	return n == 1 ? "" : "s";
}

int cli_open_standards(sg_ctx **ctx, const cli_common *o, int open_store,
		       const char *path, sg_standards **out)
{
	int rc = cli_open(ctx, o, open_store);

	return rc == CLI_OK ? cli_load_standards(*ctx, path, out) : rc;
}

int cli_metres(const char *cmd, const char *arg, double *out)
{
	char *end;
	double v = strtod(arg, &end);

	if (*arg == '\0' || *end != '\0' || !(v > 0) || isinf(v))
		return cli_usage(cmd,
				 _("not a positive number of metres: '%s'"),
				 arg);
	*out = v;
	return CLI_OK;
}

void cli_json_string(FILE *fp, const char *s)
{
	/* util/'s one JSON string writer; NULL as "" as before. */
	sg_json__fputs(fp, s ? s : "");
}
