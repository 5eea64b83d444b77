/*
 * Unit tests of the import: every bad input of the regression corpus in
 * tests/import/ (each NAME.xml with its expected diagnostics in NAME.err)
 * leaves the register byte for byte as it was; a good file imports whole,
 * a second time changes nothing, and a later file adds to an incident.
 *
 * BRIEFGEN_REGEN=1 writes the .err files from what the import prints
 * instead of comparing: read every changed one before committing it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "db.h"
#include "diag.h"
#include "figures.h"
#include "import.h"
#include "testutil.h"

static char		 *dir;		/* scratch directory of one test */
static char		 *dbpath;	/* its register */
static struct db	 *db;
static GPtrArray	 *cases;	/* names of the bad inputs */

static void
setup(void)
{
	dir = tu_tmpdir();
	db = tu_register(dir, &dbpath);
}

static void
teardown(void)
{
	char	*journal = g_strconcat(dbpath, "-journal", NULL);

	db_free(db);
	ck_assert_msg(!g_file_test(journal, G_FILE_TEST_EXISTS),
	    "a journal was left behind");
	g_unlink(dbpath);
	g_rmdir(dir);
	g_free(journal);
	g_free(dbpath);
	g_free(dir);
}

/* Import the file at path; return what it printed. Caller frees. */
static char *
import_path(const char *path, int *ok, struct import_stats *st)
{
	struct import	*im;

	tu_capture();
	im = import_new(db);
	ck_assert_ptr_nonnull(im);
	*ok = import_file(im, path, st);
	import_free(im);
	return tu_captured();
}

static struct figures
figures(const char *from, const char *to)
{
	struct figures	f;

	ck_assert_int_eq(db_begin_read(db), 1);
	ck_assert_int_eq(db_figures(db, "DE", from, to, &f), 1);
	ck_assert_int_eq(db_commit(db), 1);
	return f;
}

/* The corpus: one bad file per run of this loop test. */
START_TEST(bad_input)
{
	const char	*name = g_ptr_array_index(cases, _i);
	char		*xml, *errfile, *before, *after, *got, *want;
	int		 ok;

	xml = g_strconcat(name, ".xml", NULL);
	errfile = g_strconcat(name, ".err", NULL);
	g_free(import_path("base.xml", &ok, NULL));
	ck_assert_msg(ok, "base.xml did not import");
	before = tu_sha256(dbpath);

	got = import_path(xml, &ok, NULL);
	ck_assert_msg(!ok, "%s imported", xml);
	ck_assert_int_eq(diag_exit_status(), 65);
	after = tu_sha256(dbpath);
	ck_assert_msg(strcmp(before, after) == 0,
	    "%s changed the register", xml);

	if (g_getenv("BRIEFGEN_REGEN") != NULL)
		ck_assert(g_file_set_contents(errfile, got, -1, NULL));
	ck_assert_msg(g_file_get_contents(errfile, &want, NULL, NULL),
	    "no %s (BRIEFGEN_REGEN=1 writes it)", errfile);
	ck_assert_msg(strcmp(got, want) == 0,
	    "%s printed\n%s\nbut %s expects\n%s", xml, got, errfile, want);
	g_free(want);
	g_free(got);
	g_free(before);
	g_free(after);
	g_free(xml);
	g_free(errfile);
}
END_TEST

START_TEST(sample_twice)
{
	const char	*files[] = {
		"00-countries.xml", "01-organisations.xml",
		"10-incidents-2018.xml", "11-incidents-2019.xml",
		"12-incidents-2020.xml", "20-events.xml"
	};
	struct import_stats	 st;
	char			*path, *msg, *first, *second;
	size_t			 i;
	int			 ok, pass;

	first = NULL;
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < G_N_ELEMENTS(files); i++) {
			path = g_build_filename("..", "..", "data", "register",
			    files[i], NULL);
			msg = import_path(path, &ok, &st);
			ck_assert_msg(ok, "%s: %s", path, msg);
			ck_assert_str_eq(msg, "");
			if (pass == 1)
				ck_assert_int_eq(st.rows_changed, 0);
			g_free(msg);
			g_free(path);
		}
		if (pass == 0)
			first = tu_sha256(dbpath);
	}
	second = tu_sha256(dbpath);
	ck_assert_str_eq(first, second);
	g_free(first);
	g_free(second);
}
END_TEST

/*
 * A later file may add a reply to an incident already registered, or
 * correct its attributes; an older file imported after it takes no reply
 * away.
 */
START_TEST(later_file_adds_a_reply)
{
	const char	*reply =
	    "<register xmlns='urn:briefgen:register:1'>"
	    "<incident ref='NCCCI-2019-0001' detected='2019-01-14'"
	    " source-country='DE' target='minfin' type='intrusion'"
	    " severity='3'>"
	    "<notification sent='2019-01-16' recipient='Federal Foreign Office'>"
	    "<reply received='2019-03-02' quality='formalistic'/>"
	    "</notification></incident></register>";
	struct figures	 f;
	char		*msg;
	int		 ok;

	g_free(import_path("base.xml", &ok, NULL));
	ck_assert(ok);
	f = figures("2019-01-01", "2019-12-31");
	ck_assert_int_eq(f.incidents, 1);
	ck_assert_int_eq(f.notified, 1);
	ck_assert_int_eq(f.replied, 0);

	ck_assert_int_eq(tu_import(db, "reply.xml", reply), 1);
	f = figures("2019-01-01", "2019-12-31");
	ck_assert_int_eq(f.incidents, 1);
	ck_assert_int_eq(f.notified, 1);
	ck_assert_int_eq(f.replied, 1);
	ck_assert_int_eq(f.formalistic, 1);
	ck_assert_double_eq(f.median_days_to_reply, 45.0);

	/* The older export again: the reply stays. */
	msg = import_path("base.xml", &ok, NULL);
	ck_assert(ok);
	ck_assert_str_eq(msg, "");
	f = figures("2019-01-01", "2019-12-31");
	ck_assert_int_eq(f.replied, 1);
	ck_assert_int_eq(f.notified, 1);
	g_free(msg);
}
END_TEST

START_TEST(reply_quality_corrected)
{
	const char	*xml =
	    "<register xmlns='urn:briefgen:register:1'>"
	    "<incident ref='NCCCI-2019-0001' detected='2019-01-14'"
	    " source-country='DE' target='minfin' type='ddos' severity='2'>"
	    "<notification sent='2019-01-16' recipient='Federal Foreign Office'>"
	    "<reply received='2019-03-02' quality='%s'/>"
	    "</notification></incident></register>";
	struct figures	 f;
	char		*doc;
	int		 ok;

	g_free(import_path("base.xml", &ok, NULL));
	doc = g_strdup_printf(xml, "formalistic");
	ck_assert_int_eq(tu_import(db, "a.xml", doc), 1);
	g_free(doc);
	doc = g_strdup_printf(xml, "substantive");
	ck_assert_int_eq(tu_import(db, "b.xml", doc), 1);
	g_free(doc);
	f = figures("2019-01-01", "2019-12-31");
	ck_assert_int_eq(f.replied, 1);
	ck_assert_int_eq(f.substantive, 1);
	ck_assert_int_eq(f.formalistic, 0);
}
END_TEST

/* Another process holds the write lock: fail soon, change nothing. */
START_TEST(register_locked)
{
	sqlite3		*other;
	char		*before, *after, *msg, *want;
	int		 ok;

	g_free(import_path("base.xml", &ok, NULL));
	before = tu_sha256(dbpath);
	ck_assert_int_eq(sqlite3_open(dbpath, &other), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(other, "BEGIN EXCLUSIVE", NULL, NULL,
	    NULL), SQLITE_OK);
	db_set_busy_timeout(db, 50);
	msg = import_path("ten-good-one-bad.xml", &ok, NULL);
	ck_assert(!ok);
	want = g_strconcat("briefgen: ", dbpath, ": register is locked by "
	    "another process; try again later\n", NULL);
	ck_assert_str_eq(msg, want);
	g_free(want);
	ck_assert_int_eq(diag_exit_status(), 75);
	sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(other);
	after = tu_sha256(dbpath);
	ck_assert_str_eq(before, after);
	g_free(msg);
	g_free(before);
	g_free(after);
}
END_TEST

/* A register file that is no SQLite database is refused untouched. */
START_TEST(not_sqlite)
{
	const char	*text = "incident register\n2019-01-14;DE;minfin\n";
	struct db	*other;
	char		*path, *msg, *want, *sum, *sum2;

	path = g_build_filename(dir, "notes.db", NULL);
	ck_assert(g_file_set_contents(path, text, -1, NULL));
	sum = tu_sha256(path);
	tu_capture();
	other = db_open(path, DB_WRITE);
	msg = tu_captured();
	ck_assert_ptr_null(other);
	want = g_strconcat("briefgen: ", path, ": not an SQLite database: "
	    "file is not a database\n", NULL);
	ck_assert_str_eq(msg, want);
	ck_assert_int_eq(diag_exit_status(), 65);
	sum2 = tu_sha256(path);
	ck_assert_str_eq(sum2, sum);
	g_free(sum2);
	g_unlink(path);
	g_free(path);
	g_free(msg);
	g_free(want);
	g_free(sum);
}
END_TEST

/*
 * A file of 100,000 lines: faults past line 65535, where libxml2 stops
 * counting lines of elements, are still reported at their own line.
 */
START_TEST(lines_past_65535)
{
	GString		*xml;
	char		*path, *msg, *want;
	int		 i, ok;

	g_free(import_path("base.xml", &ok, NULL));
	xml = g_string_new("<register xmlns='urn:briefgen:register:1'>\n");
	for (i = 0; i < 20000; i++)
		g_string_append_printf(xml, "<incident ref='L-%d'\n"
		    " detected='2019-03-01' source-country='DE'\n"
		    " target='minfin' type='ddos' severity='2'>\n"
		    "<notification sent='2019-03-02' recipient='x'/>\n"
		    "</incident>\n", i);
	/* Line 100002: a repeated ref; line 100005: an unknown country. */
	g_string_append(xml, "<incident ref='L-7' detected='2019-03-01'"
	    " source-country='DE' target='minfin' type='ddos' severity='2'/>\n"
	    "<!-- -->\n<!-- -->\n"
	    "<incident ref='L-x' detected='2019-03-01'"
	    " source-country='XX' target='minfin' type='ddos' severity='2'/>\n"
	    "</register>\n");
	path = g_build_filename(dir, "big.xml", NULL);
	ck_assert(g_file_set_contents(path, xml->str, (gssize)xml->len, NULL));
	msg = import_path(path, &ok, NULL);
	ck_assert(!ok);
	want = g_strdup_printf("briefgen: %s:100002: incident ref used twice "
	    "in this file: L-7 (first at line 39)\n"
	    "briefgen: %s:100005: unknown country: XX\n", path, path);
	ck_assert_str_eq(msg, want);
	g_unlink(path);
	g_string_free(xml, TRUE);
	g_free(want);
	g_free(msg);
	g_free(path);
}
END_TEST

/*
 * What the file defines counts from where it is defined on, and repeats
 * are found however far apart, across the many batches the import hands
 * from its reader to its checker: a reference before the definition is
 * unknown, one after it is not, and a ref or event given again a
 * thousand incidents later is reported with the line of the first.
 */
START_TEST(definitions_and_repeats_far_apart)
{
	const char	*inc = "<incident ref='%s-%d' detected='2019-03-01'"
	    " source-country='%s' target='%s' type='ddos' severity='2'>"
	    "<notification sent='2019-03-02' recipient='x'/></incident>\n";
	const char	*event = "<event date='2019-05-01' country='FR'>"
	    "<text xml:lang='en'>E</text></event>\n";
	GString		*xml;
	char		*path, *msg, *want;
	int		 i, ok;

	g_free(import_path("base.xml", &ok, NULL));
	/* One element a line: line 2 + i holds I-i. */
	xml = g_string_new("<register xmlns='urn:briefgen:register:1'>\n");
	for (i = 0; i < 1000; i++)
		g_string_append_printf(xml, inc, "I", i, "DE", "minfin");
	g_string_append_printf(xml, inc, "X", 1, "DE", "late");	/* 1002 */
	for (i = 0; i < 1000; i++)
		g_string_append_printf(xml, inc, "J", i, "DE", "minfin");
	g_string_append(xml, "<organisation id='late' kind='other'"
	    " government='no'><name xml:lang='en'>Late</name>"
	    "</organisation>\n"					/* 2003 */
	    "<country code='FR'><name xml:lang='en'>France</name>"
	    "</country>\n");					/* 2004 */
	g_string_append_printf(xml, inc, "X", 2, "FR", "late");	/* 2005 */
	g_string_append_printf(xml, inc, "I", 3, "DE", "minfin"); /* 2006 */
	g_string_append(xml, event);				/* 2007 */
	g_string_append(xml, event);				/* 2008 */
	g_string_append(xml, "</register>\n");
	path = g_build_filename(dir, "far.xml", NULL);
	ck_assert(g_file_set_contents(path, xml->str, (gssize)xml->len, NULL));
	msg = import_path(path, &ok, NULL);
	ck_assert(!ok);
	want = g_strdup_printf(
	    "briefgen: %s:1002: unknown organisation: late\n"
	    "briefgen: %s:2006: incident ref used twice in this file: I-3"
	    " (first at line 5)\n"
	    "briefgen: %s:2008: second event for the same country and date"
	    " in this file: FR 2019-05-01 (first at line 2007)\n",
	    path, path, path);
	ck_assert_str_eq(msg, want);
	g_unlink(path);
	g_string_free(xml, TRUE);
	g_free(want);
	g_free(msg);
	g_free(path);
}
END_TEST

/* The bad inputs: every NAME.xml of the corpus but base.xml. */
static GPtrArray *
corpus(void)
{
	GPtrArray	*a = g_ptr_array_new_with_free_func(g_free);
	GDir		*d;
	const char	*n;

	d = g_dir_open(".", 0, NULL);
	if (d == NULL)
		return a;
	while ((n = g_dir_read_name(d)) != NULL)
		if (g_str_has_suffix(n, ".xml") && strcmp(n, "base.xml") != 0)
			g_ptr_array_add(a, g_strndup(n, strlen(n) - 4));
	g_dir_close(d);
	g_ptr_array_sort(a, (GCompareFunc)g_strcmp0);
	return a;
}

int
main(void)
{
	Suite	*s = suite_create("import");
	TCase	*tc = tcase_create("core");
	char	*top;
	int	 failed;

	/* Cases name their files as the corpus does: relative to it. */
	top = tu_srcpath("tests/import");
	if (chdir(top) != 0) {
		fprintf(stderr, "check_import: cannot enter %s\n", top);
		return EXIT_FAILURE;
	}
	g_free(top);
	cases = corpus();
	if (cases->len < 20) {
		fprintf(stderr, "check_import: corpus has %u cases\n",
		    cases->len);
		return EXIT_FAILURE;
	}

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, bad_input, 0, (int)cases->len);
	tcase_add_test(tc, sample_twice);
	tcase_add_test(tc, later_file_adds_a_reply);
	tcase_add_test(tc, reply_quality_corrected);
	tcase_add_test(tc, register_locked);
	tcase_add_test(tc, not_sqlite);
	tcase_add_test(tc, lines_past_65535);
	tcase_add_test(tc, definitions_and_repeats_far_apart);
	suite_add_tcase(s, tc);
	failed = tu_run(s);
	g_ptr_array_free(cases, TRUE);
	return failed;
}
