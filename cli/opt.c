/*
 * cli/opt.c - the table-driven options of the commands: one cli_opt
 * table per command makes both its getopt_long parser and its --help.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char cli_db_help[] = N_(
	"the store (default: $SCHOOLGIS_DB, else ./schoolgis.sqlite)");

/* Help lines are wrapped to this many columns; descriptions start at
 * most this far in (a longer option name puts its text on the next
 * line). */
#define WIDTH 79
#define MAX_LEAD 24

typedef int (*opt_fn)(const cli_opt *o, void *payload);

/* Call fn on every option of the table (included tables in place) and,
 * with headings, on headings too; stops at a non-zero return. */
static int each(const cli_opt *t, int headings, opt_fn fn, void *payload)
{
	int rc;

	for (; t->name || t->help || t->include; t++) {
		if (t->include)
			rc = each(t->include, headings, fn, payload);
		else if (t->name || headings)
			rc = fn(t, payload);
		else
			rc = 0;
		if (rc)
			return rc;
	}
	return 0;
}

static int count_one(const cli_opt *o, void *payload)
{
	(void)o;
	++*(size_t *)payload;
	return 0;
}

typedef struct {
	cli_args *a;
	size_t n, ns;
} build_state;

static int build_one(const cli_opt *o, void *payload)
{
	build_state *b = payload;

	b->a->lo[b->n].name = o->name;
	b->a->lo[b->n].has_arg = o->arg ? required_argument : no_argument;
	b->a->lo[b->n].flag = NULL;
	b->a->lo[b->n].val = o->val;
	b->n++;
	if (o->has_short && b->ns + 3 < sizeof(b->a->so)) {
		b->a->so[b->ns++] = (char)o->val;
		if (o->arg)
			b->a->so[b->ns++] = ':';
	}
	return 0;
}

int cli_args_init(cli_args *a, const cli_command *cmd, int argc, char **argv)
{
	build_state b = { a, 0, 1 };
	size_t n = 0;
	int c, help = 0, unknown = 0;

	memset(a, 0, sizeof(*a));
	a->cmd = cmd;
	a->argc = argc;
	a->argv = argv;
	each(cmd->opts, 0, count_one, &n);
	if (n + 2 > sizeof(a->lo) / sizeof(*a->lo)) {
		fprintf(stderr, "schoolgis %s: %zu options: too many\n",
			cmd->name, n);
		return CLI_ERROR;
	}
	/* "+"-less: GNU getopt permutes, operands may follow options. */
	a->so[0] = ':';
	each(cmd->opts, 0, build_one, &b);
	a->lo[b.n].name = "help";
	a->lo[b.n].has_arg = no_argument;
	a->lo[b.n].val = 'h';
	a->so[b.ns++] = 'h';
	a->so[b.ns] = '\0';
	if (getenv("SCHOOLGIS_CLI_OPTIONS")) {
		/* For tests/cli/test_po.sh: what getopt_long is given. */
		for (size_t i = 0; a->lo[i].name; i++)
			printf("--%s%s\n", a->lo[i].name,
			       a->lo[i].has_arg ? " ARG" : "");
		for (const char *p = a->so + 1; *p; p++)
			if (*p != ':')
				printf("-%c%s\n", *p,
				       p[1] == ':' ? " ARG" : "");
		exit(0);
	}
	/* First pass, silent: is help asked, is every option known? */
	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, a->so, a->lo, NULL)) != -1) {
		if (c == 'h')
			help = 1;
		else if (c == '?' || c == ':')
			unknown = 1;
	}
	a->help = help && !unknown;
	/* Second pass by cli_next; getopt prints its own message for an
	 * unknown option then ("unrecognized option '--x'"). */
	opterr = 1;
	optind = 0;
	return CLI_OK;
}

int cli_next(cli_args *a)
{
	int c;

	if (a->help == 1) {
		a->help = 2;
		return 'h';
	}
	if (a->help == 2)
		c = -1;
	else
		c = getopt_long(a->argc, a->argv, a->so + 1, a->lo, NULL);
	return c == ':' ? '?' : c;
}

/*---- --help --------------------------------------------------------------*/

/* Display width of UTF-8 text: its code points (Vietnamese in NFC). */
static size_t width(const char *s, size_t n)
{
	size_t w = 0;

	for (size_t i = 0; i < n && s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			w++;
	return w;
}

/*
 * Print text wrapped at WIDTH, every line but the first starting at
 * column indent; the first starts at column col (already printed).  A
 * "\n" in text starts a new line.
 */
static void wrap(const char *text, size_t indent, size_t col)
{
	const char *p = text;

	while (*p) {
		size_t word = strcspn(p, " \n");

		if (col > indent && col + 1 + width(p, word) > WIDTH) {
			printf("\n%*s", (int)indent, "");
			col = indent;
		} else if (col > indent) {
			putchar(' ');
			col++;
		}
		fwrite(p, 1, word, stdout);
		col += width(p, word);
		p += word;
		if (*p == '\n') {
			p++;
			if (*p)
				printf("\n%*s", (int)indent, "");
			col = indent;
		}
		while (*p == ' ')
			p++;
	}
	putchar('\n');
}

/* "-o, --output FILE" (translated argument) into buf; its width. */
static size_t lead(const cli_opt *o, char *buf, size_t n)
{
	size_t l;

	if (o->has_short)
		snprintf(buf, n, "-%c, --%s", o->val, o->name);
	else
		snprintf(buf, n, "--%s", o->name);
	l = strlen(buf);
	if (o->arg)
		snprintf(buf + l, n - l, " %s", _(o->arg));
	return width(buf, strlen(buf));
}

static int lead_width(const cli_opt *o, void *payload)
{
	size_t *w = payload;
	char buf[256];
	size_t l = lead(o, buf, sizeof(buf));

	if (l <= MAX_LEAD && l > *w)
		*w = l;
	return 0;
}

static int print_one(const cli_opt *o, void *payload)
{
	size_t col = *(size_t *)payload;
	char buf[256];
	size_t l;

	if (!o->name) {
		printf("%s\n", _(o->help));
		return 0;
	}
	l = lead(o, buf, sizeof(buf));
	printf("  %s", buf);
	if (l + 2 + 2 > col) /* too long: its text on the next line */
		printf("\n%*s", (int)col, "");
	else
		printf("%*s", (int)(col - 2 - l), "");
	wrap(_(o->help), col, col);
	return 0;
}

void cli_help(const cli_command *cmd)
{
	static const cli_opt help_opt = {
		"help", 'h', true, NULL, N_("print this help and exit"), NULL
	};
	size_t w = 10, col;

	fputs(_(cmd->usage), stdout);
	if (cmd->more_usage)
		cmd->more_usage();
	each(cmd->opts, 0, lead_width, &w);
	col = 2 + w + 2;
	if (!cmd->opts[0].help || cmd->opts[0].name || cmd->opts[0].include)
		printf("\n%s\n", _("Options:"));
	else
		putchar('\n');
	each(cmd->opts, 1, print_one, &col);
	print_one(&help_opt, &col);
	if (cmd->notes)
		printf("\n%s", _(cmd->notes));
	printf("\n%s", _(cli_exit_help));
}

/*---- --unit and --margin, shared by the commands -------------------------*/

const cli_opt cli_unit_opts[] = {
	CLI_OPT("unit", 'U', false, N_("CODE"),
		N_("only this unit (a district, a city): its wards are the "
		   "area; schools up to --margin M metres outside it serve its "
		   "children too (default 3000)")),
	CLI_OPT("margin", 'M', false, N_("M"),
		N_("with --unit: schools up to M metres outside it serve its "
		   "children too (default 3000)")),
	CLI_OPT_END
};

int cli_unit_option(const char *cmd, int c, const char *arg, const char **unit,
		    double *margin)
{
	if (c == 'U') {
		*unit = arg;
		return CLI_OK;
	}
	if (c == 'M')
		return cli_metres(cmd, arg, margin);
	return -1;
}
