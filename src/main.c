/*
 * main: the command line (DESIGN.md, "Command line"), the order of the
 * pipeline for each command, and the exit status. Everything it calls
 * lives in libbriefgen.a; this file parses options and prints results,
 * and it must not touch SQL or XML itself.
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "db.h"
#include "diag.h"
#include "figures.h"
#include "import.h"
#include "isodate.h"

static const char summary[] =
    "Commands:\n"
    "  init                 create the register, or upgrade it\n"
    "  import FILE...       import register exchange files (XML)\n"
    "  figures --country CC --from DATE --to DATE [--format text|json]\n"
    "                       print the key figures of a counterpart\n"
    "\n"
    "DATE is YYYY-MM-DD or YYYY-MM (the month's first day in --from,\n"
    "its last day in --to). The register is --db, else $BRIEFGEN_DB,\n"
    "else ./briefgen.db. 'briefgen COMMAND --help' tells more.";

/*
 * Parse argv with entries; report a usage error (and return 0) when it
 * fails. argv is updated to what is left.
 */
static int
parse(const char *params, const char *what, GOptionEntry *entries,
    int *argc, char ***argv, int posix)
{
	GOptionContext	*ctx;
	GError		*err = NULL;
	int		 ok;

	ctx = g_option_context_new(params);
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_strict_posix(ctx, posix);
	if (what == NULL)
		g_option_context_set_summary(ctx, summary);
	else
		g_option_context_set_summary(ctx, what);
	ok = g_option_context_parse(ctx, argc, argv, &err);
	if (!ok) {
		diag_msg(DIAG_USAGE, NULL, 0, "%s; see 'briefgen --help'",
		    err->message);
		g_error_free(err);
	}
	g_option_context_free(ctx);
	return ok;
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
cmd_init(const char *dbpath, int argc, char **argv)
{
	GOptionEntry	 entries[] = { { NULL, 0, 0, 0, NULL, NULL, NULL } };
	struct db	*db;
	int		 from;

	if (!parse("- create or upgrade the register", "", entries, &argc,
	    &argv, 0) || !no_args(argc, argv, "init"))
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
cmd_import(const char *dbpath, int argc, char **argv)
{
	GOptionEntry		 entries[] = {
		{ NULL, 0, 0, 0, NULL, NULL, NULL } };
	struct import_stats	 st;
	struct import		*im = NULL;
	struct db		*db;
	int			 i;

	if (!parse("FILE... - import register exchange files",
	    "Each file is imported whole or not at all; importing a file\n"
	    "again changes nothing.", entries, &argc, &argv, 0))
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
	if ((*from = isodate_period_start(from_arg)) == NULL)
		diag_msg(DIAG_BAD_DATE_ARG, NULL, 0, "--from %s", from_arg);
	if ((*to = isodate_period_end(to_arg)) == NULL)
		diag_msg(DIAG_BAD_DATE_ARG, NULL, 0, "--to %s", to_arg);
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
cmd_figures(const char *dbpath, int argc, char **argv)
{
	char		*country = NULL, *from_arg = NULL, *to_arg = NULL;
	char		*format = NULL, *from = NULL, *to = NULL, cc[3];
	GOptionEntry	 entries[] = {
		{ "country", 0, 0, G_OPTION_ARG_STRING, &country,
		    "counterpart country (ISO 3166 alpha-2)", "CC" },
		{ "from", 0, 0, G_OPTION_ARG_STRING, &from_arg,
		    "first day or month of the period", "DATE" },
		{ "to", 0, 0, G_OPTION_ARG_STRING, &to_arg,
		    "last day or month of the period", "DATE" },
		{ "format", 0, 0, G_OPTION_ARG_STRING, &format,
		    "text (the default) or json", "FORMAT" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	struct figures	 f;
	struct db	*db = NULL;
	int		 json = 0, ok;

	if (!parse("- print the key figures of a counterpart and period",
	    "", entries, &argc, &argv, 0) || !no_args(argc, argv, "figures"))
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

int
main(int argc, char *argv[])
{
	char		*dbopt = NULL;
	const char	*dbpath, *cmd;
	gboolean	 version = FALSE;
	GOptionEntry	 entries[] = {
		{ "db", 0, 0, G_OPTION_ARG_FILENAME, &dbopt,
		    "the register (default $BRIEFGEN_DB, else ./briefgen.db)",
		    "FILE" },
		{ "version", 0, 0, G_OPTION_ARG_NONE, &version,
		    "print the version and exit", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};

	/* Stop at the command: its options are its own. */
	if (!parse("COMMAND [ARG...]", NULL, entries, &argc, &argv, 1))
		goto out;
	if (version) {
		printf("briefgen %s\n", VERSION);
		goto out;
	}
	if (argc < 2) {
		diag_msg(DIAG_USAGE, NULL, 0, "no command; see 'briefgen --help'");
		goto out;
	}
	dbpath = dbopt != NULL ? dbopt : g_getenv("BRIEFGEN_DB");
	if (dbpath == NULL || *dbpath == '\0')
		dbpath = "briefgen.db";

	cmd = argv[1];
	argc--;
	argv++;
	if (strcmp(cmd, "init") == 0)
		cmd_init(dbpath, argc, argv);
	else if (strcmp(cmd, "import") == 0)
		cmd_import(dbpath, argc, argv);
	else if (strcmp(cmd, "figures") == 0)
		cmd_figures(dbpath, argc, argv);
	else
		diag_msg(DIAG_USAGE, NULL, 0, "unknown command '%s'; see "
		    "'briefgen --help'", cmd);
out:
	g_free(dbopt);
	if (fflush(stdout) != 0 || ferror(stdout))
		diag_msg(DIAG_IO, "standard output", 0, "write failed");
	return diag_exit_status();
}
