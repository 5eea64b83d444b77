/*
 * main: the command line (DESIGN.md, "Command line"), the order of the
 * pipeline for each command, and the exit status. Everything it calls
 * lives in libbriefgen.a; this file parses options and prints results,
 * and it must not touch SQL or XML itself.
 */
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "archive.h"
#include "brief.h"
#include "chart.h"
#include "datadir.h"
#include "db.h"
#include "diag.h"
#include "doc.h"
#include "dump.h"
#include "figures.h"
#include "fmt.h"
#include "import.h"
#include "fonts.h"
#include "isodate.h"
#include "layout.h"
#include "pack.h"
#include "pdf.h"
#include "tmpl.h"

/*
 * With BRIEFGEN_TIMES in the environment, each step of a render
 * prints its wall time on stderr (bench/README.md reads them).
 */
static gint64	 times_start = -1;

static void
phase(const char *name)
{
	static gint64	 last;
	gint64		 now;

	if (times_start == -1)
		times_start = getenv("BRIEFGEN_TIMES") != NULL ?
		    g_get_monotonic_time() : 0;
	if (times_start == 0)
		return;
	now = g_get_monotonic_time();
	if (name != NULL)
		fprintf(stderr, "briefgen: time: %-8s %7.2f ms\n", name,
		    (now - (last != 0 ? last : times_start)) / 1000.0);
	last = now;
}

static const char summary[] =
    "Commands:\n"
    "  init                 create the register, or upgrade it\n"
    "  import FILE...       import register exchange files (XML)\n"
    "  figures --country CC --from DATE --to DATE [--format text|json]\n"
    "                       print the key figures of a counterpart\n"
    "  render --country CC --from DATE --to DATE [--lang en|ru]\n"
    "         [--template FILE] [--date DATE] [--paper a4|letter]\n"
    "         [--author TEXT] [--format pdf|png] -o OUT\n"
    "                       render the briefing\n"
    "  render ... --chart N [--width MM] -o OUT.png|OUT.svg\n"
    "                       render its N-th chart alone\n"
    "  pack --countries CC,CC... --from DATE --to DATE [--lang en|ru]\n"
    "       [--template FILE] [--date DATE] [--paper a4|letter]\n"
    "       [--author TEXT] -o OUT.pdf\n"
    "                       render the briefings on several\n"
    "                       counterparts as one PDF\n"
    "  monthly --archive DIR [--month YYYY-MM] [--lang en,ru]\n"
    "         [--countries CC,...] [--force]\n"
    "                       archive a month's briefings (for cron)\n"
    "  verify [--rerender] DIR\n"
    "                       check an archive, or render it again\n"
    "\n"
    "The register is --db (before or after the command), else\n"
    "$BRIEFGEN_DB, else ./briefgen.db. 'briefgen COMMAND --help' tells\n"
    "more.";

static const char dates[] =
    "DATE is YYYY-MM-DD or YYYY-MM: a month means its first day in --from\n"
    "and its last day in --to; both ends are inclusive. For example:\n"
    "  briefgen figures --country DE --from 2019-01 --to 2020-05";

static char	*db_global;	/* --db before the command */
static char	*db_local;	/* --db after it */

/* The --db entry every command takes after its name too. */
#define DB_ENTRY { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_local, \
    "the register (default $BRIEFGEN_DB, else ./briefgen.db)", "FILE" }
#define END_ENTRY { NULL, 0, 0, 0, NULL, NULL, NULL }
/* --country, --from and --to, as figures and render take them. */
#define PERIOD_ENTRIES(cc, from, to) \
	{ "country", 0, 0, G_OPTION_ARG_STRING, &(cc), \
	    "counterpart country (ISO 3166 alpha-2)", "CC" }, \
	{ "from", 0, 0, G_OPTION_ARG_STRING, &(from), \
	    "first day or month of the period", "DATE" }, \
	{ "to", 0, 0, G_OPTION_ARG_STRING, &(to), \
	    "last day or month of the period", "DATE" }

/* --lang, --template and --date, as render and pack take them. */
#define TEMPLATE_ENTRIES(lang, template, date) \
	{ "lang", 0, 0, G_OPTION_ARG_STRING, &(lang), \
	    "language of the shipped template: en (default) or ru", \
	    "LANG" }, \
	{ "template", 0, 0, G_OPTION_ARG_FILENAME, &(template), \
	    "another template instead", "FILE" }, \
	{ "date", 0, 0, G_OPTION_ARG_STRING, &(date), \
	    "date of issue (default $SOURCE_DATE_EPOCH, else today)", \
	    "YYYY-MM-DD" }
/* --paper and --author, as render and pack take them. */
#define PAPER_ENTRIES(paper, author) \
	{ "paper", 0, 0, G_OPTION_ARG_STRING, &(paper), \
	    "a4 (default) or letter", "PAPER" }, \
	{ "author", 0, 0, G_OPTION_ARG_STRING, &(author), \
	    "the PDF's author instead of the template's", "TEXT" }

/*
 * Parse argv with entries for the command cmd (NULL: briefgen itself);
 * report a usage error and return 0 when that fails. argv keeps what is
 * left. what and more (may be NULL) go above and below the options in
 * --help.
 */
static int
parse(const char *cmd, const char *params, const char *what,
    const char *more, GOptionEntry *entries, int *argc, char ***argv)
{
	GOptionContext	*ctx;
	GError		*err = NULL;
	char		*prg;
	int		 ok;

	prg = g_strconcat("briefgen", cmd != NULL ? " " : "", cmd, NULL);
	g_set_prgname(prg);
	ctx = g_option_context_new(params);
	g_option_context_add_main_entries(ctx, entries, NULL);
	/* briefgen's own options end at the command: the rest is its. */
	g_option_context_set_strict_posix(ctx, cmd == NULL);
	g_option_context_set_summary(ctx, what);
	g_option_context_set_description(ctx, more);
	ok = g_option_context_parse(ctx, argc, argv, &err);
	if (!ok) {
		diag_msg(DIAG_USAGE, NULL, 0, "%s; see '%s --help'",
		    err->message, prg);
		g_error_free(err);
	}
	g_option_context_free(ctx);
	g_free(prg);
	return ok;
}

/*
 * The register to use: --db after the command, else before it, else
 * $BRIEFGEN_DB, else ./briefgen.db. An empty --db is an error (a script's
 * unset variable), not a register in the current directory. Borrowed;
 * NULL after a usage error.
 */
static const char *
register_path(void)
{
	const char	*p = db_local != NULL ? db_local : db_global;

	if (p != NULL && *p == '\0') {
		diag_msg(DIAG_USAGE, NULL, 0, "--db names no file");
		return NULL;
	}
	if (p == NULL)
		p = g_getenv("BRIEFGEN_DB");
	return p != NULL && *p != '\0' ? p : "briefgen.db";
}

/* Report arguments a command does not take. 1 if there were none. */
static int
no_args(int argc, char **argv, const char *cmd)
{
	if (argc <= 1)
		return 1;
	diag_msg(DIAG_USAGE, NULL, 0, "%s takes no argument '%s'", cmd,
	    argv[1]);
	return 0;
}

static void
cmd_init(int argc, char **argv)
{
	GOptionEntry	 entries[] = { DB_ENTRY, END_ENTRY };
	const char	*dbpath;
	struct db	*db;
	int		 from;

	if (!parse("init", NULL, "Create the register, or upgrade one made "
	    "by an older briefgen.\nOn a current register it changes "
	    "nothing.", NULL, entries, &argc, &argv) ||
	    !no_args(argc, argv, "init") || (dbpath = register_path()) == NULL)
		return;
	if ((db = db_open(dbpath, DB_CREATE)) == NULL)
		return;
	if (db_init(db, &from)) {
		if (from == 0)
			printf("%s: register created (schema version %d)\n",
			    dbpath, DB_SCHEMA_VERSION);
		else if (from == DB_SCHEMA_VERSION)
			printf("%s: register already at schema version %d\n",
			    dbpath, DB_SCHEMA_VERSION);
		else
			printf("%s: register upgraded from schema version %d "
			    "to %d\n", dbpath, from, DB_SCHEMA_VERSION);
	}
	db_free(db);
}

/* Append "N noun" (plural when N != 1) to s, comma-separated. */
static void
count(GString *s, unsigned long n, const char *one, const char *many)
{
	if (n == 0)
		return;
	if (s->len > 0)
		g_string_append(s, ", ");
	g_string_append_printf(s, "%lu %s", n, n == 1 ? one : many);
}

static void
print_stats(const char *path, const struct import_stats *st)
{
	GString	*s = g_string_new(NULL);

	count(s, st->countries, "country", "countries");
	count(s, st->organisations, "organisation", "organisations");
	count(s, st->incidents, "incident", "incidents");
	count(s, st->notifications, "notification", "notifications");
	count(s, st->replies, "reply", "replies");
	count(s, st->events, "event", "events");
	if (s->len == 0)
		g_string_append(s, "no records");
	if (st->rows_changed == 0)
		g_string_append(s, "; register unchanged");
	else
		g_string_append_printf(s, "; %" G_GINT64_FORMAT " %s written",
		    st->rows_changed, st->rows_changed == 1 ? "row" : "rows");
	printf("%s: %s\n", path, s->str);
	g_string_free(s, TRUE);
}

static void
cmd_import(int argc, char **argv)
{
	GOptionEntry		 entries[] = { DB_ENTRY, END_ENTRY };
	struct import_stats	 st;
	struct import		*im = NULL;
	const char		*dbpath;
	struct db		*db;
	int			 i;

	if (!parse("import", "FILE...", "Import register exchange files "
	    "(urn:briefgen:register:1, schema in\ndata/register.xsd) into "
	    "the register.", "Each file goes in whole or not at all. A file "
	    "imported again updates what\nit changes and adds new "
	    "notifications and replies; nothing is removed,\nand an "
	    "identical file changes nothing.", entries, &argc, &argv) ||
	    (dbpath = register_path()) == NULL)
		return;
	if (argc < 2) {
		diag_msg(DIAG_USAGE, NULL, 0, "import needs at least one FILE");
		return;
	}
	if ((db = db_open(dbpath, DB_WRITE)) == NULL)
		return;
	if ((im = import_new(db)) != NULL)
		for (i = 1; i < argc; i++)
			if (import_file(im, argv[i], &st))
				print_stats(argv[i], &st);
	import_free(im);
	db_free(db);
}

/*
 * The day a --from or --to argument means (its first or last day for a
 * month), or NULL after a usage error saying what is wrong with it.
 * Caller frees.
 */
static char *
period_end(const char *opt, const char *arg, int last)
{
	int	y, m, d;

	switch (isodate_parse(arg, 1, &y, &m, &d)) {
	case ISODATE_IMPOSSIBLE:
		diag_msg(DIAG_USAGE, NULL, 0, "%s %s: no such %s", opt, arg,
		    m < 1 || m > 12 ? "month" : "day");
		return NULL;
	case ISODATE_BAD:
		diag_msg(DIAG_USAGE, NULL, 0, "%s %s: not a date; write "
		    "YYYY-MM-DD or YYYY-MM", opt, arg);
		return NULL;
	default:
		return last ? isodate_period_end(arg) :
		    isodate_period_start(arg);
	}
}

/*
 * Turn --from and --to into the first and last day they mean; report a
 * usage error for anything else. Caller frees *from and *to.
 */
static int
period(const char *from_arg, const char *to_arg, char **from, char **to)
{
	*from = *to = NULL;
	if (from_arg == NULL || to_arg == NULL) {
		diag_msg(DIAG_USAGE, NULL, 0, "--from and --to are required");
		return 0;
	}
	*from = period_end("--from", from_arg, 0);
	*to = period_end("--to", to_arg, 1);
	if (*from != NULL && *to != NULL && strcmp(*from, *to) > 0)
		diag_msg(DIAG_USAGE, NULL, 0, "the period ends (%s) before it "
		    "starts (%s)", *to, *from);
	else if (*from != NULL && *to != NULL)
		return 1;
	g_free(*from);
	g_free(*to);
	*from = *to = NULL;
	return 0;
}

/* An ISO 3166 alpha-2 code, upper-cased into cc[3]. 1 or 0 (reported). */
static int
country_code(const char *arg, char cc[3])
{
	if (arg == NULL) {
		diag_msg(DIAG_USAGE, NULL, 0, "--country is required");
		return 0;
	}
	if (strlen(arg) != 2 || !g_ascii_isalpha(arg[0]) ||
	    !g_ascii_isalpha(arg[1])) {
		diag_msg(DIAG_USAGE, NULL, 0, "--country %s: not a two-letter "
		    "ISO 3166 code", arg);
		return 0;
	}
	cc[0] = g_ascii_toupper(arg[0]);
	cc[1] = g_ascii_toupper(arg[1]);
	cc[2] = '\0';
	return 1;
}

static void
cmd_figures(int argc, char **argv)
{
	char		*country = NULL, *from_arg = NULL, *to_arg = NULL;
	char		*format = NULL, *from = NULL, *to = NULL, cc[3];
	GOptionEntry	 entries[] = {
		PERIOD_ENTRIES(country, from_arg, to_arg),
		{ "format", 0, 0, G_OPTION_ARG_STRING, &format,
		    "text (the default) or json", "FORMAT" },
		DB_ENTRY,
		END_ENTRY
	};
	struct figures	 f;
	const char	*dbpath;
	struct db	*db = NULL;
	int		 json = 0, ok;

	if (!parse("figures", NULL, "Print the key figures of a counterpart "
	    "country over a period:\nincidents, government bodies affected, "
	    "notified, replied (formalistic,\nsubstantive), unanswered, "
	    "median days to reply.", dates, entries, &argc, &argv) ||
	    !no_args(argc, argv, "figures") ||
	    (dbpath = register_path()) == NULL)
		goto out;
	if (format != NULL && strcmp(format, "json") == 0)
		json = 1;
	else if (format != NULL && strcmp(format, "text") != 0) {
		diag_msg(DIAG_USAGE, NULL, 0, "--format %s: use text or json",
		    format);
		goto out;
	}
	if (!country_code(country, cc) || !period(from_arg, to_arg, &from, &to))
		goto out;
	if ((db = db_open(dbpath, DB_READ)) == NULL)
		goto out;
	/* One read transaction: every figure from the same snapshot. */
	if (!db_begin_read(db))
		goto out;
	ok = db_figures(db, cc, from, to, &f);
	if (!db_commit(db) || !ok)
		goto out;
	if (json)
		figures_print_json(&f, stdout);
	else
		figures_print_text(&f, stdout);
out:
	db_free(db);
	g_free(country);
	g_free(from_arg);
	g_free(to_arg);
	g_free(format);
	g_free(from);
	g_free(to);
}

/*
 * The date of issue and the PDF's creation time: --date when given (the
 * time is its midnight UTC), else $SOURCE_DATE_EPOCH (UTC), else now
 * (local time). The day is YYYY-MM-DD, the time YYYY-MM-DDThh:mm:ss and
 * a zone, as cairo takes it. 1, or 0 after a usage error. Caller frees
 * both.
 */
static int
issue_date(const char *arg, char **day, char **stamp)
{
	const char	*epoch = g_getenv("SOURCE_DATE_EPOCH");
	GDateTime	*dt;
	char		*end;
	gint64		 secs;
	int		 y, m, d;

	if (arg != NULL) {
		if (isodate_parse(arg, 0, &y, &m, &d) != ISODATE_DAY) {
			diag_msg(DIAG_USAGE, NULL, 0, "--date %s: not a day; "
			    "write YYYY-MM-DD", arg);
			return 0;
		}
		dt = g_date_time_new_utc(y, m, d, 0, 0, 0);
	} else if (epoch != NULL && *epoch != '\0') {
		secs = g_ascii_strtoll(epoch, &end, 10);
		dt = *end == '\0' && secs >= 0 ?
		    g_date_time_new_from_unix_utc(secs) : NULL;
		if (dt == NULL) {
			diag_msg(DIAG_USAGE, NULL, 0, "SOURCE_DATE_EPOCH=%s: "
			    "not a count of seconds since 1970", epoch);
			return 0;
		}
	} else
		dt = g_date_time_new_now_local();
	*day = g_date_time_format(dt, "%Y-%m-%d");
	*stamp = g_date_time_format(dt, g_date_time_get_utc_offset(dt) == 0 ?
	    "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%dT%H:%M:%S%:z");
	g_date_time_unref(dt);
	return 1;
}

/* The largest side, in pixels, of a chart written alone as PNG. */
#define CHART_PX_MAX	10000

/*
 * Write the chart-th chart of ld (from 1) alone to out as format ("png"
 * or "svg"), width_pt wide (0: the text frame's width). 1, or 0 after a
 * diagnostic: a usage error when the briefing has fewer charts or the
 * image would be too large.
 */
static int
write_chart(const struct lay_doc *ld, struct fonts *fonts,
    const struct fmt *fmt, int chart, double width_pt, const char *format,
    double dpi, const char *out)
{
	const struct lay_item	*it;
	enum pdf_image		 image;
	double			 h;
	int			 count;

	if ((it = pdf_chart_find(ld, chart, &count)) == NULL) {
		if (count == 0)
			diag_msg(DIAG_USAGE, NULL, 0, "--chart %d: the "
			    "briefing has no charts", chart);
		else
			diag_msg(DIAG_USAGE, NULL, 0, "--chart %d: the "
			    "briefing has %d chart%s", chart, count,
			    count == 1 ? "" : "s");
		return 0;
	}
	if (width_pt == 0)
		width_pt = it->w;
	image = strcmp(format, "svg") == 0 ? PDF_IMAGE_SVG : PDF_IMAGE_PNG;
	h = chart_height_pt(it->node, width_pt);
	if (image == PDF_IMAGE_PNG && (width_pt * dpi / 72 > CHART_PX_MAX ||
	    h * dpi / 72 > CHART_PX_MAX)) {
		diag_msg(DIAG_USAGE, NULL, 0, "--dpi %g: the chart would be "
		    "%.0fx%.0f pixels; at most %d a side", dpi,
		    width_pt * dpi / 72, h * dpi / 72, CHART_PX_MAX);
		return 0;
	}
	return pdf_chart_write(it->node, fonts, fmt, width_pt, image, dpi,
	    out);
}

/*
 * Lay b out and print the display list when dump is set, or, when chart
 * is not 0, write that chart alone as format ("png" or "svg"; see
 * write_chart), else write PNG pages. Charts format their figures with
 * the formatters b was bound with. 1, or 0 after a diagnostic.
 */
static int
write_doc(const struct brief *b, const char *format, enum lay_paper paper,
    double dpi, int dump, int chart, double width_pt, const char *out)
{
	struct fonts	*fonts;
	struct lay_doc	*ld;
	int		 ok;

	if ((fonts = fonts_new(b->doc->lang)) == NULL)
		return 0;
	phase("fonts");
	ld = layout_doc(b->doc, fonts, paper);
	phase("layout");
	if (dump)
		ok = dump_layout(stdout, ld);
	else if (chart != 0)
		ok = write_chart(ld, fonts, b->fmt, chart, width_pt, format,
		    dpi, out);
	else {
		ok = png_write(ld, fonts, b->fmt, dpi, out);
		phase("write");
	}
	layout_free(ld);
	fonts_free(fonts);
	return ok;
}

/*
 * Check --chart N and --width MM and what they need: -o OUT.png or
 * OUT.svg, neither --format nor --dump. Sets *chart (0 without
 * --chart), *width_pt (0: the text frame's) and *format ("png" or
 * "svg", borrowed; untouched without --chart). 1, or 0 after a usage
 * error.
 */
static int
chart_options(const char *chart_arg, const char *width_arg,
    const char *format_arg, const char *dump, const char *out, int *chart,
    double *width_pt, const char **format)
{
	gint64		 n;
	double		 mm;
	char		*end;
	size_t		 len;

	*chart = 0;
	*width_pt = 0;
	if (chart_arg == NULL) {
		if (width_arg != NULL)
			diag_msg(DIAG_USAGE, NULL, 0, "--width is the width "
			    "of a chart alone: give --chart N too");
		return width_arg == NULL;
	}
	if (!g_ascii_string_to_signed(chart_arg, 10, 1, INT_MAX, &n, NULL)) {
		diag_msg(DIAG_USAGE, NULL, 0, "--chart %s: give the chart's "
		    "number, from 1", chart_arg);
		return 0;
	}
	if (width_arg != NULL) {
		mm = g_ascii_strtod(width_arg, &end);
		if (end == width_arg || *end != '\0' || !(mm >= 20 &&
		    mm <= 1000)) {
			diag_msg(DIAG_USAGE, NULL, 0, "--width %s: give "
			    "millimetres, 20 to 1000", width_arg);
			return 0;
		}
		*width_pt = mm * 72 / 25.4;
	}
	if (dump != NULL || format_arg != NULL) {
		diag_msg(DIAG_USAGE, NULL, 0, "--chart writes one chart as "
		    "-o OUT.png or OUT.svg; it takes no --%s",
		    dump != NULL ? "dump" : "format");
		return 0;
	}
	len = out != NULL ? strlen(out) : 0;
	if (len > 4 && g_ascii_strcasecmp(out + len - 4, ".png") == 0)
		*format = "png";
	else if (len > 4 && g_ascii_strcasecmp(out + len - 4, ".svg") == 0)
		*format = "svg";
	else {
		diag_msg(DIAG_USAGE, NULL, 0, "%s%s: --chart writes .png or "
		    ".svg; give -o OUT.png or -o OUT.svg", out != NULL ?
		    "-o " : "no output", out != NULL ? out : "");
		return 0;
	}
	*chart = (int)n;
	return 1;
}

/*
 * The checks render and pack share, each a usage error when it fails:
 * --lang and --dump take what they name; --dump and -o exclude each
 * other, and one of them is needed; --paper is a paper's name (*p gets
 * it). 1 if the arguments pass.
 */
static int
lang_dump_arg(const char *lang, const char *dump)
{
	if (lang != NULL && strcmp(lang, "en") != 0 && strcmp(lang, "ru") != 0) {
		diag_msg(DIAG_USAGE, NULL, 0, "--lang %s: use en or ru", lang);
		return 0;
	}
	if (dump != NULL && strcmp(dump, "tree") != 0 &&
	    strcmp(dump, "layout") != 0) {
		diag_msg(DIAG_USAGE, NULL, 0, "--dump %s: use tree or layout",
		    dump);
		return 0;
	}
	return 1;
}

static int
output_arg(const char *dump, const char *out)
{
	if (dump != NULL && out != NULL) {
		diag_msg(DIAG_USAGE, NULL, 0, "--dump prints to standard "
		    "output; it takes no -o");
		return 0;
	}
	if (dump == NULL && (out == NULL || *out == '\0')) {
		diag_msg(DIAG_USAGE, NULL, 0, "no output: give -o OUT.pdf "
		    "(or --dump tree|layout)");
		return 0;
	}
	return 1;
}

static int
paper_arg(const char *paper, enum lay_paper *p)
{
	if (paper == NULL || layout_paper_parse(paper, p))
		return 1;
	diag_msg(DIAG_USAGE, NULL, 0, "--paper %s: use a4 or letter", paper);
	return 0;
}

/*
 * The path of the shipped template for lang (NULL: en), or NULL after a
 * diagnostic. Caller frees.
 */
static char *
shipped_template(const char *lang)
{
	char	*rel, *path;

	rel = g_strdup_printf("templates/briefing.%s.xml",
	    lang != NULL ? lang : "en");
	if ((path = datadir_find(rel)) == NULL)
		diag_msg(DIAG_NO_DATAFILE, rel, 0, NULL);
	g_free(rel);
	return path;
}

static void
cmd_render(int argc, char **argv)
{
	char		*country = NULL, *from_arg = NULL, *to_arg = NULL;
	char		*lang = NULL, *template = NULL, *date = NULL;
	char		*dump = NULL, *out = NULL, *from = NULL, *to = NULL;
	char		*issued = NULL, *path = NULL, cc[3];
	char		*format = NULL, *paper = NULL, *author = NULL;
	char		*stamp = NULL, *png;
	char		*chart_arg = NULL, *width_arg = NULL;
	const char	*chart_format = NULL;
	double		 dpi = 100, width_pt;
	int		 chart;
	GOptionEntry	 entries[] = {
		PERIOD_ENTRIES(country, from_arg, to_arg),
		TEMPLATE_ENTRIES(lang, template, date),
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &out,
		    "the file to write (png: OUT-N.png per page)", "OUT" },
		{ "format", 0, 0, G_OPTION_ARG_STRING, &format,
		    "pdf (default) or png", "FORMAT" },
		PAPER_ENTRIES(paper, author),
		{ "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi,
		    "resolution of png pages and charts (default 100)", "N" },
		{ "chart", 0, 0, G_OPTION_ARG_STRING, &chart_arg,
		    "write the N-th chart alone, as OUT.png or OUT.svg", "N" },
		{ "width", 0, 0, G_OPTION_ARG_STRING, &width_arg,
		    "its width (default the text frame's)", "MM" },
		{ "dump", 0, 0, G_OPTION_ARG_STRING, &dump,
		    "print the bound document tree or the laid-out pages "
		    "instead", "tree|layout" },
		DB_ENTRY,
		END_ENTRY
	};
	struct brief_req	 req;
	struct brief_pdf	 po;
	struct brief		*b = NULL;
	struct db		*db = NULL;
	enum lay_paper		 p = LAY_A4;
	const char		*dbpath;

	if (!parse("render", NULL, "Render the briefing on a counterpart "
	    "country for a period, as PDF\n(or PNG pages), from a briefing "
	    "template and the register. The shipped\ntemplates are "
	    "templates/briefing.en.xml and briefing.ru.xml. With --chart N,\n"
	    "its N-th chart alone (from 1, in document order), without title "
	    "or caption,\nas PNG or SVG by OUT's extension.", dates,
	    entries, &argc, &argv) || !no_args(argc, argv, "render") ||
	    (dbpath = register_path()) == NULL)
		goto out;
	if (!lang_dump_arg(lang, dump))
		goto out;
	if (format != NULL && strcmp(format, "pdf") != 0 &&
	    strcmp(format, "png") != 0) {
		diag_msg(DIAG_USAGE, NULL, 0, "--format %s: use pdf or png",
		    format);
		goto out;
	}
	if (!chart_options(chart_arg, width_arg, format, dump, out, &chart,
	    &width_pt, &chart_format))
		goto out;
	if (!output_arg(dump, out))
		goto out;
	if (!(dpi >= 10 && dpi <= 1200)) {
		diag_msg(DIAG_USAGE, NULL, 0, "--dpi %g: use 10 to 1200", dpi);
		goto out;
	}
	if (format != NULL && strcmp(format, "png") == 0 && out != NULL) {
		/* -o briefing.png means pages briefing-1.png, ... */
		if (g_str_has_suffix(out, ".png")) {
			png = g_strndup(out, strlen(out) - 4);
			g_free(out);
			out = png;
		}
		if (*out == '\0' || g_str_has_suffix(out, "/")) {
			diag_msg(DIAG_USAGE, NULL, 0, "-o names a directory: "
			    "give the pages' name too, as in -o DIR/page");
			goto out;
		}
	}
	if (!paper_arg(paper, &p))
		goto out;
	if (!country_code(country, cc) || !period(from_arg, to_arg, &from,
	    &to) || !issue_date(date, &issued, &stamp))
		goto out;
	if (template == NULL && (path = shipped_template(lang)) == NULL)
		goto out;
	phase(NULL);
	req.template = template != NULL ? template : path;
	req.lang = template != NULL ? lang : NULL;
	req.country = cc;
	req.from = from;
	req.to = to;
	req.issued = issued;
	if ((b = brief_new(&req)) == NULL)
		goto out;
	phase("template");
	if ((db = db_open(dbpath, DB_READ)) == NULL || !brief_bind(b, db))
		goto out;
	/* The register is not needed any more: let writers in. */
	db_free(db);
	db = NULL;
	phase("bind");
	if (dump != NULL && strcmp(dump, "tree") == 0)
		dump_tree(stdout, b->doc);
	else if (dump == NULL && chart == 0 && (format == NULL ||
	    strcmp(format, "pdf") == 0)) {
		po.paper = p;
		po.author = author;
		po.stamp = stamp;
		brief_write_pdf(b, &po, out, NULL);
		phase("layout and write");
	} else
		write_doc(b, chart_format != NULL ? chart_format : format, p,
		    dpi, dump != NULL, chart, width_pt, out);
out:
	brief_free(b);
	db_free(db);
	phase("free");
	g_free(country);
	g_free(from_arg);
	g_free(to_arg);
	g_free(lang);
	g_free(template);
	g_free(date);
	g_free(dump);
	g_free(out);
	g_free(from);
	g_free(to);
	g_free(issued);
	g_free(path);
	g_free(format);
	g_free(paper);
	g_free(author);
	g_free(stamp);
	g_free(chart_arg);
	g_free(width_arg);
}

/*
 * The country codes of a --countries list ("DE,NL,FR"), upper-cased, in
 * order, each once; NULL after a usage error saying what is wrong with
 * the list. Caller frees with g_strfreev.
 */
static char **
country_list(const char *arg)
{
	GPtrArray	*codes;
	char		**v = NULL, **items;
	guint		 i, j;
	int		 ok = 0;

	codes = g_ptr_array_new_with_free_func(g_free);
	if (arg == NULL || *arg == '\0') {
		diag_msg(DIAG_USAGE, NULL, 0, "--countries %s: give CC,CC... "
		    "(ISO 3166 alpha-2)", arg == NULL ? "is required" :
		    "names no country");
		g_ptr_array_free(codes, TRUE);
		return NULL;
	}
	items = g_strsplit(arg, ",", -1);
	for (i = 0; items[i] != NULL; i++) {
		g_strstrip(items[i]);
		if (*items[i] == '\0') {
			diag_msg(DIAG_USAGE, NULL, 0, "--countries %s: an "
			    "empty code; give CC,CC...", arg);
			goto out;
		}
		if (strlen(items[i]) != 2 || !g_ascii_isalpha(items[i][0]) ||
		    !g_ascii_isalpha(items[i][1])) {
			diag_msg(DIAG_USAGE, NULL, 0, "--countries %s: %s is "
			    "not a two-letter ISO 3166 code", arg, items[i]);
			goto out;
		}
		for (j = 0; j < codes->len; j++)
			if (g_ascii_strcasecmp(g_ptr_array_index(codes, j),
			    items[i]) == 0) {
				diag_msg(DIAG_USAGE, NULL, 0, "--countries %s: "
				    "%s is given twice", arg,
				    (char *)g_ptr_array_index(codes, j));
				goto out;
			}
		g_ptr_array_add(codes, g_ascii_strup(items[i], -1));
	}
	g_ptr_array_add(codes, NULL);
	v = (char **)g_ptr_array_free(codes, FALSE);
	codes = NULL;
	ok = 1;
out:
	g_strfreev(items);
	if (codes != NULL)
		g_ptr_array_free(codes, TRUE);
	return ok ? v : NULL;
}

static void
cmd_pack(int argc, char **argv)
{
	char		*countries = NULL, *from_arg = NULL, *to_arg = NULL;
	char		*lang = NULL, *template = NULL, *date = NULL;
	char		*dump = NULL, *out = NULL, *from = NULL, *to = NULL;
	char		*issued = NULL, *path = NULL, **codes = NULL;
	char		*paper = NULL, *author = NULL, *stamp = NULL;
	GOptionEntry	 entries[] = {
		{ "countries", 0, 0, G_OPTION_ARG_STRING, &countries,
		    "the counterparts, in the pack's order (ISO 3166 "
		    "alpha-2, comma-separated)", "CC,CC..." },
		{ "from", 0, 0, G_OPTION_ARG_STRING, &from_arg,
		    "first day or month of the period", "DATE" },
		{ "to", 0, 0, G_OPTION_ARG_STRING, &to_arg,
		    "last day or month of the period", "DATE" },
		TEMPLATE_ENTRIES(lang, template, date),
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &out,
		    "the PDF to write", "OUT.pdf" },
		PAPER_ENTRIES(paper, author),
		{ "dump", 0, 0, G_OPTION_ARG_STRING, &dump,
		    "print the pack's document tree or its laid-out pages "
		    "instead", "tree|layout" },
		DB_ENTRY,
		END_ENTRY
	};
	struct pack_req	 req;
	struct brief_pdf po;
	struct pack	*pk = NULL;
	struct db	*db = NULL;
	struct fonts	*fonts;
	struct lay_doc	*ld;
	enum lay_paper	 p = LAY_A4;
	const char	*dbpath;

	if (!parse("pack", NULL, "Render the briefings on several "
	    "counterpart countries for one period as\none PDF: the "
	    "template's pack cover, one contents over all parts, then\n"
	    "each briefing (its cover its title page) with its own running "
	    "header,\nthe pages numbered through.", dates, entries, &argc,
	    &argv) || !no_args(argc, argv, "pack") ||
	    (dbpath = register_path()) == NULL)
		goto out;
	if (!lang_dump_arg(lang, dump))
		goto out;
	if (!output_arg(dump, out))
		goto out;
	if (!paper_arg(paper, &p))
		goto out;
	if ((codes = country_list(countries)) == NULL ||
	    !period(from_arg, to_arg, &from, &to) ||
	    !issue_date(date, &issued, &stamp))
		goto out;
	if (template == NULL && (path = shipped_template(lang)) == NULL)
		goto out;
	req.template = template != NULL ? template : path;
	req.lang = template != NULL ? lang : NULL;
	req.countries = (const char *const *)codes;
	req.ncountries = g_strv_length(codes);
	req.from = from;
	req.to = to;
	req.issued = issued;
	if ((pk = pack_new(&req)) == NULL)
		goto out;
	if ((db = db_open(dbpath, DB_READ)) == NULL || !pack_bind(pk, db))
		goto out;
	/* The register is not needed any more: let writers in. */
	db_free(db);
	db = NULL;
	if (dump != NULL && strcmp(dump, "tree") == 0)
		dump_tree(stdout, pk->doc);
	else if (dump != NULL) {
		if ((fonts = fonts_new(pk->doc->lang)) == NULL)
			goto out;
		ld = layout_doc(pk->doc, fonts, p);
		dump_layout(stdout, ld);
		layout_free(ld);
		fonts_free(fonts);
	} else {
		po.paper = p;
		po.author = author;
		po.stamp = stamp;
		brief_write_doc(pk->doc, pack_fmt(pk), &po, out, NULL);
	}
out:
	pack_free(pk);
	db_free(db);
	g_free(countries);
	g_free(from_arg);
	g_free(to_arg);
	g_free(lang);
	g_free(template);
	g_free(date);
	g_free(dump);
	g_free(out);
	g_free(from);
	g_free(to);
	g_free(issued);
	g_free(path);
	g_strfreev(codes);
	g_free(paper);
	g_free(author);
	g_free(stamp);
}

/*
 * The comma-separated list arg of option opt as a NULL-terminated array
 * of its items, each checked by ok (which reports what is wrong with an
 * item and may rewrite it in place, up to its length) and given once.
 * NULL after a usage error. Caller frees with g_strfreev.
 */
static char **
list_arg(const char *opt, const char *arg, int (*ok)(const char *, char *))
{
	char	**v = g_strsplit(arg, ",", -1);
	int	  i, j;

	if (v[0] == NULL) {
		diag_msg(DIAG_USAGE, NULL, 0, "--%s names nothing", opt);
		goto fail;
	}
	for (i = 0; v[i] != NULL; i++) {
		g_strstrip(v[i]);
		if (!ok(opt, v[i]))
			goto fail;
		for (j = 0; j < i; j++)
			if (strcmp(v[i], v[j]) == 0) {
				diag_msg(DIAG_USAGE, NULL, 0, "--%s %s: %s "
				    "given twice", opt, arg, v[i]);
				goto fail;
			}
	}
	return v;
fail:
	g_strfreev(v);
	return NULL;
}

static int
lang_item(const char *opt, char *item)
{
	if (strcmp(item, "en") == 0 || strcmp(item, "ru") == 0)
		return 1;
	diag_msg(DIAG_USAGE, NULL, 0, "--%s: '%s' is not a language of the "
	    "shipped templates; use en or ru", opt, item);
	return 0;
}

static const char monthly_more[] =
    "Renders, for the month (default: the one before the date of issue),\n"
    "one briefing per counterpart with incidents in it (or --countries)\n"
    "and language into DIR/YYYY/MM/CC-LANG.pdf, and records each in\n"
    "DIR/YYYY/MM/manifest.xml, SHA256SUMS and the register. A briefing\n"
    "whose inputs are unchanged is not rendered again; one whose inputs\n"
    "changed is, and the file it replaces moves to superseded/. One\n"
    "briefing failing does not stop the others; the exit status says\n"
    "whether any did (75: another run holds the archive).";

static void
cmd_monthly(int argc, char **argv)
{
	char		*month_arg = NULL, *dir = NULL, *lang_arg = NULL;
	char		*countries_arg = NULL, *date = NULL, *paper = NULL;
	char		*issued = NULL, *stamp = NULL, *month = NULL;
	char		**countries = NULL, **langs = NULL;
	gboolean	 force = FALSE;
	GOptionEntry	 entries[] = {
		{ "archive", 0, 0, G_OPTION_ARG_FILENAME, &dir,
		    "the archive directory", "DIR" },
		{ "month", 0, 0, G_OPTION_ARG_STRING, &month_arg,
		    "the month (default: the one before the date of issue)",
		    "YYYY-MM" },
		{ "lang", 0, 0, G_OPTION_ARG_STRING, &lang_arg,
		    "languages (default en,ru)", "en,ru" },
		{ "countries", 0, 0, G_OPTION_ARG_STRING, &countries_arg,
		    "these counterparts (default: those with incidents in "
		    "the month)", "CC,..." },
		{ "date", 0, 0, G_OPTION_ARG_STRING, &date,
		    "date of issue (default $SOURCE_DATE_EPOCH, else today)",
		    "YYYY-MM-DD" },
		{ "paper", 0, 0, G_OPTION_ARG_STRING, &paper,
		    "a4 (default) or letter", "PAPER" },
		{ "force", 0, 0, G_OPTION_ARG_NONE, &force,
		    "render again what is up to date", NULL },
		DB_ENTRY,
		END_ENTRY
	};
	struct archive_run	 r;
	const char		*dbpath;
	int			 y, m, d;

	/* Cron mails stdout and stderr as one: keep their lines in order. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	memset(&r, 0, sizeof(r));
	r.paper = LAY_A4;
	if (!parse("monthly", NULL, "Archive a month's briefings: for a "
	    "scheduled run.", monthly_more, entries, &argc, &argv) ||
	    !no_args(argc, argv, "monthly") ||
	    (dbpath = register_path()) == NULL)
		goto out;
	if (dir == NULL || *dir == '\0') {
		diag_msg(DIAG_USAGE, NULL, 0, "--archive DIR is required");
		goto out;
	}
	if (!paper_arg(paper, &r.paper))
		goto out;
	if ((langs = list_arg("lang", lang_arg != NULL ? lang_arg : "en,ru",
	    lang_item)) == NULL)
		goto out;
	if (countries_arg != NULL && (countries =
	    country_list(countries_arg)) == NULL)
		goto out;
	if (!issue_date(date, &issued, &stamp))
		goto out;
	if (month_arg != NULL) {
		if (isodate_parse(month_arg, 1, &y, &m, &d) != ISODATE_MONTH) {
			diag_msg(DIAG_USAGE, NULL, 0, "--month %s: not a month; "
			    "write YYYY-MM", month_arg);
			goto out;
		}
		month = g_strdup(month_arg);
	} else {
		/* The month before the date of issue's. */
		isodate_parse(issued, 0, &y, &m, &d);
		month = m == 1 ? g_strdup_printf("%04d-12", y - 1) :
		    g_strdup_printf("%04d-%02d", y, m - 1);
	}
	r.dbpath = dbpath;
	r.dir = dir;
	r.month = month;
	r.countries = (const char *const *)countries;
	r.langs = (const char *const *)langs;
	r.issued = issued;
	r.stamp = stamp;
	r.force = force;
	archive_monthly(&r);
out:
	g_free(month_arg);
	g_free(dir);
	g_free(lang_arg);
	g_free(countries_arg);
	g_free(date);
	g_free(paper);
	g_free(issued);
	g_free(stamp);
	g_free(month);
	g_strfreev(countries);
	g_strfreev(langs);
}

static void
cmd_verify(int argc, char **argv)
{
	gboolean	 again = FALSE;
	GOptionEntry	 entries[] = {
		{ "rerender", 0, 0, G_OPTION_ARG_NONE, &again,
		    "also render every current file again from the register "
		    "and compare the bytes", NULL },
		DB_ENTRY,
		END_ENTRY
	};
	const char	*dbpath;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!parse("verify", "DIR", "Check an archive that 'briefgen monthly' "
	    "wrote: every file listed\nin SHA256SUMS is there with its hash, "
	    "manifest.xml agrees, and nothing\nelse is there. Each missing, "
	    "changed or unlisted file is named.", NULL, entries, &argc,
	    &argv) || (dbpath = register_path()) == NULL)
		return;
	if (argc != 2) {
		diag_msg(DIAG_USAGE, NULL, 0, argc < 2 ? "verify needs the "
		    "archive DIR" : "verify takes one DIR");
		return;
	}
	archive_verify(argv[1], again, dbpath);
}

int
main(int argc, char *argv[])
{
	const char	*cmd;
	gboolean	 version = FALSE;
	GOptionEntry	 entries[] = {
		{ "db", 0, 0, G_OPTION_ARG_FILENAME, &db_global,
		    "the register (default $BRIEFGEN_DB, else ./briefgen.db)",
		    "FILE" },
		{ "version", 0, 0, G_OPTION_ARG_NONE, &version,
		    "print the version and exit", NULL },
		END_ENTRY
	};

	/*
	 * The character set only, for GLib's help text ("[OPTION...]");
	 * numbers and messages stay in the C locale (DESIGN.md).
	 */
	setlocale(LC_CTYPE, "");

	if (!parse(NULL, "COMMAND [ARG...]", summary, NULL, entries, &argc,
	    &argv))
		goto out;
	if (version) {
		printf("briefgen %s\n", VERSION);
		goto out;
	}
	if (argc < 2) {
		diag_msg(DIAG_USAGE, NULL, 0, "no command; see 'briefgen --help'");
		goto out;
	}
	cmd = argv[1];
	argc--;
	argv++;
	if (strcmp(cmd, "init") == 0)
		cmd_init(argc, argv);
	else if (strcmp(cmd, "import") == 0)
		cmd_import(argc, argv);
	else if (strcmp(cmd, "figures") == 0)
		cmd_figures(argc, argv);
	else if (strcmp(cmd, "render") == 0)
		cmd_render(argc, argv);
	else if (strcmp(cmd, "pack") == 0)
		cmd_pack(argc, argv);
	else if (strcmp(cmd, "monthly") == 0)
		cmd_monthly(argc, argv);
	else if (strcmp(cmd, "verify") == 0)
		cmd_verify(argc, argv);
	else
		diag_msg(DIAG_USAGE, NULL, 0, "unknown command '%s'; see "
		    "'briefgen --help'", cmd);
out:
	g_free(db_global);
	g_free(db_local);
	fmt_cleanup();
	fonts_cleanup();
	if (fflush(stdout) != 0 || ferror(stdout))
		diag_msg(DIAG_IO, "standard output", 0, "write failed");
	return diag_exit_status();
}
