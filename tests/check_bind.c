/*
 * Unit tests of binding on small hand-made registers: what the register
 * holds reaches the document as text, never as markup or SQL; a template
 * that would write is refused before anything runs and the register
 * stays byte for byte as it was; the checks name the template's line.
 */
#include <stdio.h>
#include <string.h>

#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "bind.h"
#include "db.h"
#include "diag.h"
#include "doc.h"
#include "fmt.h"
#include "tmpl.h"
#include "testutil.h"

/* A name that would be markup to Pango and an injection to naive SQL. */
#define EVIL "<b>Ministry</b> &amp; 'x'); DROP TABLE incident; --"

#define REGISTER \
    "<register xmlns='urn:briefgen:register:1'>" \
    "<country code='DE'><name xml:lang='en'>Germany &lt;i&gt;</name>" \
    "</country>" \
    "<organisation id='a' kind='federal-ministry' government='yes'>" \
    "<name xml:lang='en'>&lt;b&gt;Ministry&lt;/b&gt; &amp;amp; 'x'); " \
    "DROP TABLE incident; --</name></organisation>" \
    "<incident ref='R-1' detected='2019-03-01' source-country='DE' " \
    "target='a' type='ddos' severity='2'/>" \
    "</register>"

#define HEAD \
    "<?xml version='1.0'?>\n" \
    "<briefing xmlns='urn:briefgen:template:1' lang='en' locale='en_GB'>\n" \
    "<title>T <value query='c' column='name'/></title>\n"

static char		*dir, *dbpath;
static struct db	*db;

static void
setup(void)
{
	dir = tu_tmpdir();
	db = tu_register(dir, &dbpath);
	ck_assert(tu_import(db, "register.xml", REGISTER));
	db_free(db);
	db = db_open(dbpath, DB_READ);
	ck_assert_ptr_nonnull(db);
}

static void
teardown(void)
{
	char	*p = g_build_filename(dir, "template.xml", NULL);

	db_free(db);
	g_unlink(dbpath);
	g_unlink(p);
	g_rmdir(dir);
	g_free(p);
	g_free(dbpath);
	g_free(dir);
	diag_reset();
}

/* Bind the template text for DE over 2019; NULL on failure. */
static struct doc *
bind_text(const char *text, struct tmpl **t)
{
	struct bind_params	 p = { "DE", "2019-01-01", "2019-12-31",
	    "2020-01-15" };
	char			*path = g_build_filename(dir, "template.xml",
	    NULL);
	struct fmt		*fmt;
	struct doc		*d;

	ck_assert(g_file_set_contents(path, text, -1, NULL));
	*t = tmpl_parse(path);
	g_free(path);
	ck_assert_ptr_nonnull(*t);
	fmt = fmt_new((*t)->locale);
	d = bind_doc(db, *t, fmt, &p);
	fmt_free(fmt);
	return d;
}

START_TEST(register_text_is_text)
{
	struct tmpl		*t;
	struct doc		*d;
	const struct doc_node	*sec, *table, *row;

	d = bind_text(HEAD
	    "<query name='c'>SELECT name FROM country_name</query>\n"
	    "<query name='o'>SELECT name FROM organisation_name</query>\n"
	    "<section><heading>H</heading>\n"
	    "<table query='o'><column column='name'>N</column></table>\n"
	    "</section></briefing>\n", &t);
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(d->title, "T Germany <i>");
	sec = d->root->first;
	ck_assert_int_eq(sec->type, DOC_SECTION);
	table = sec->first->next;
	ck_assert_int_eq(table->type, DOC_TABLE);
	row = table->last;
	ck_assert_int_eq(row->type, DOC_ROW);
	ck_assert_str_eq(row->cells[0], EVIL);
	doc_free(d);
	tmpl_free(t);

	/* And the register still has its incident table and row. */
	d = bind_text(HEAD
	    "<query name='c'>SELECT count(*) AS name FROM incident</query>\n"
	    "</briefing>\n", &t);
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(d->title, "T 1");
	doc_free(d);
	tmpl_free(t);
}
END_TEST

/* The n-th chart (from 1) under the document's first section. */
static const struct doc_node *
chart_n(const struct doc *d, int n)
{
	const struct doc_node	*c;

	for (c = d->root->first->first; c != NULL; c = c->next)
		if (c->type == DOC_CHART && --n == 0)
			return c;
	return NULL;
}

START_TEST(chart_alt_from_data)
{
	struct tmpl		*t;
	struct doc		*d;

	d = bind_text(HEAD
	    "<figure-alt months='{title}: {first} to {last}; peak {value} in "
	    "{label} {x}' largest='{title}; largest {label}, {value} "
	    "({share})' empty='{title}: {empty}' ties='{title}: {value} in "
	    "{count}, first {label}' even='{title}: {value} for all {count}'/>\n"
	    "<query name='c'>SELECT 'x' AS name</query>\n"
	    "<query name='m'>SELECT column1 AS m, column2 AS a, column3 AS b "
	    "FROM (VALUES ('2019-01', 1, 0), ('2019-02', 3, 1), "
	    "('2019-03', 2, 2), ('2019-04', 0, 0.5))</query>\n"
	    "<query name='k'>SELECT column1 AS k, column2 AS n FROM (VALUES "
	    "('a', 1), ('b', 3))</query>\n"
	    "<query name='none'>SELECT 'a' AS k, 1 AS n WHERE 0</query>\n"
	    "<query name='same'>SELECT column1 AS k, 2 AS n FROM (VALUES "
	    "('a'), ('b'), ('c'))</query>\n"
	    "<section><heading>H</heading>\n"
	    "<chart kind='stacked' query='m' label='m' label-format='month'>"
	    "<title>Months</title><series column='a'>A</series>"
	    "<series column='b'>B</series></chart>\n"
	    "<chart kind='donut' query='k' label='k'><title>Keys</title>"
	    "<series column='n'>N</series></chart>\n"
	    "<chart kind='bars' query='none' label='k'><title>None</title>"
	    "<series column='n'>N</series><empty>Nothing.</empty></chart>\n"
	    "<chart kind='columns' query='m' label='m' label-format='month'>"
	    "<title>Over months, as bars</title>"
	    "<series column='b'>B</series></chart>\n"
	    "<chart kind='columns' query='m' label='m' label-format='month'>"
	    "<title>Side by side</title><series column='a'>A</series>"
	    "<series column='b'>B</series></chart>\n"
	    "<chart kind='bars' query='same' label='k'><title>Same</title>"
	    "<series column='n'>N</series></chart>\n"
	    "<chart kind='bars' query='none' label='k'><title>Bare</title>"
	    "<series column='n'>N</series></chart>\n"
	    "</section></briefing>\n", &t);
	ck_assert_ptr_nonnull(d);
	/*
	 * Two equal totals (4, stacked) are a tie, not a peak: a reader
	 * must not hear that February stands out.
	 */
	ck_assert_str_eq(chart_n(d, 1)->alt, "Months: 4 in 2, first February "
	    "2019");
	ck_assert_str_eq(chart_n(d, 2)->alt, "Keys; largest b, 3 (75%)");
	ck_assert_str_eq(chart_n(d, 3)->alt, "None: Nothing.");
	/* {x} is no placeholder: it stays. */
	ck_assert_str_eq(chart_n(d, 4)->alt, "Over months, as bars: January "
	    "2019 to April 2019; peak 2 in March 2019 {x}");
	/* Columns side by side: a point is its tallest column, not a sum. */
	ck_assert_str_eq(chart_n(d, 5)->alt, "Side by side: January 2019 to "
	    "April 2019; peak 3 in February 2019 {x}");
	ck_assert_str_eq(chart_n(d, 6)->alt, "Same: 2 for all 3");
	/* No rows and no <empty> words: the title, without a dangling ":". */
	ck_assert_str_eq(chart_n(d, 7)->alt, "Bare");
	doc_free(d);
	tmpl_free(t);

	/* Without <figure-alt>, the title alone. */
	d = bind_text(HEAD
	    "<query name='c'>SELECT 'x' AS name</query>\n"
	    "<query name='k'>SELECT 'a' AS k, 1 AS n</query>\n"
	    "<section><heading>H</heading>\n"
	    "<chart kind='bars' query='k' label='k'><title>Keys <em>now</em>"
	    "</title><series column='n'>N</series></chart>\n"
	    "</section></briefing>\n", &t);
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(chart_n(d, 1)->alt, "Keys now");
	doc_free(d);
	tmpl_free(t);
}
END_TEST

START_TEST(writing_refused_register_unchanged)
{
	struct tmpl	*t;
	char		*before, *after, *msg;

	before = tu_sha256(dbpath);
	tu_capture();
	ck_assert_ptr_null(bind_text(HEAD
	    "<query name='c'>SELECT 'x' AS name</query>\n"
	    "<query name='w'>\n"
	    "  UPDATE organisation SET government = 0 RETURNING id\n"
	    "</query>\n"
	    "</briefing>\n", &t));
	msg = tu_captured();
	ck_assert_ptr_nonnull(strstr(msg, "template.xml:5: query would change "
	    "the register; templates only read: UPDATE of organisation"));
	ck_assert_int_eq(diag_exit_status(), 65);
	after = tu_sha256(dbpath);
	ck_assert_str_eq(before, after);
	g_free(msg);
	g_free(before);
	g_free(after);
	tmpl_free(t);
}
END_TEST

/* Every fault of a template is reported in one run, each at its line. */
START_TEST(all_faults_at_their_lines)
{
	struct tmpl	*t;
	char		*msg;

	tu_capture();
	ck_assert_ptr_null(bind_text(HEAD
	    "<query name='c'>SELECT name FROM country_name</query>\n"
	    "<section><heading>H</heading>\n"
	    "<p><value query='c' column='nmae'/></p>\n"
	    "<p><value query='d' column='name'/></p>\n"
	    "<each query='c'><p><value column='code'/></p></each>\n"
	    "</section></briefing>\n", &t));
	msg = tu_captured();
	ck_assert_ptr_nonnull(strstr(msg, "template.xml:6: the query has no "
	    "such column: c has no column nmae\n"));
	ck_assert_ptr_nonnull(strstr(msg, "template.xml:7: no query of that "
	    "name: d\n"));
	ck_assert_ptr_nonnull(strstr(msg, "template.xml:8: the query has no "
	    "such column: c has no column code\n"));
	ck_assert_uint_eq(diag_count(), 3);
	g_free(msg);
	tmpl_free(t);
}
END_TEST

/* A query that counts for some 50 ms: it keeps one thread busy. */
#define SLOW(what) \
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n " \
    "WHERE i &lt; 300000) SELECT " what " AS k FROM n"

/*
 * The queries run on two threads, each on its own connection. While
 * one thread counts, the other takes the next queries, the failing one
 * among them, on the second connection, which must report it just as
 * the first would: at its template line, as a query that failed.
 */
START_TEST(failure_on_second_connection)
{
	struct tmpl	*t;
	char		*msg, *want;

	tu_capture();
	ck_assert_ptr_null(bind_text(HEAD
	    "<query name='slow'>" SLOW("count(*)") "</query>\n"
	    "<query name='c'>SELECT name FROM country_name</query>\n"
	    "<query name='n'>\n"
	    "  SELECT abs(-9223372036854775807 - 1) AS n\n"
	    "</query>\n"
	    "</briefing>\n", &t));
	msg = tu_captured();
	want = g_strconcat("briefgen: ", dir, "/template.xml:6: query "
	    "failed: integer overflow\n", NULL);
	ck_assert_str_eq(msg, want);
	ck_assert_int_eq(diag_exit_status(), 65);
	g_free(want);
	g_free(msg);
	tmpl_free(t);
}
END_TEST

/*
 * Two queries fail, the second at once on one thread while the first
 * counts on the other: the failure reported is the first in the
 * template's order, alone, as when one thread ran them all and stopped
 * there.
 */
START_TEST(first_failure_in_template_order)
{
	struct tmpl	*t;
	char		*msg, *want;

	tu_capture();
	ck_assert_ptr_null(bind_text(HEAD
	    "<query name='c'>SELECT name FROM country_name</query>\n"
	    "<query name='slow'>"
	    SLOW("abs(-9223372036854775807 - 1 + 0 * count(*))") "</query>\n"
	    "<query name='n'>SELECT abs(-9223372036854775807 - 1) AS n"
	    "</query>\n"
	    "</briefing>\n", &t));
	msg = tu_captured();
	want = g_strconcat("briefgen: ", dir, "/template.xml:5: query "
	    "failed: integer overflow\n", NULL);
	ck_assert_str_eq(msg, want);
	ck_assert_uint_eq(diag_count(), 1);
	g_free(want);
	g_free(msg);
	tmpl_free(t);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("bind");
	TCase	*tc = tcase_create("bind");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, register_text_is_text);
	tcase_add_test(tc, writing_refused_register_unchanged);
	tcase_add_test(tc, chart_alt_from_data);
	tcase_add_test(tc, all_faults_at_their_lines);
	tcase_add_test(tc, failure_on_second_connection);
	tcase_add_test(tc, first_failure_in_template_order);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
