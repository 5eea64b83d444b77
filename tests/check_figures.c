/*
 * Unit tests of the key figures (DESIGN.md, "Key figures") on small
 * hand-made registers, and of their text and JSON forms; and of read
 * transactions nested in one another, as a pack's parts are.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "db.h"
#include "diag.h"
#include "figures.h"
#include "testutil.h"

#define HEAD \
    "<register xmlns='urn:briefgen:register:1'>" \
    "<country code='DE'><name xml:lang='en'>Germany</name></country>" \
    "<country code='NL'><name xml:lang='en'>Netherlands</name></country>" \
    "<organisation id='a' kind='federal-ministry' government='yes'>" \
    "<name xml:lang='en'>A</name></organisation>" \
    "<organisation id='b' kind='regional-government' government='yes'>" \
    "<name xml:lang='en'>B</name></organisation>" \
    "<organisation id='c' kind='state-enterprise' government='no'>" \
    "<name xml:lang='en'>C</name></organisation>"

/* An incident element; the rest (notifications) goes in body. */
#define INC(ref, det, cc, target, body) \
    "<incident ref='" ref "' detected='" det "' source-country='" cc "'" \
    " target='" target "' type='ddos' severity='2'>" body "</incident>"
#define NOTE(sent, body) \
    "<notification sent='" sent "' recipient='x'>" body "</notification>"
#define REPLY(rec, q) "<reply received='" rec "' quality='" q "'/>"

static char		*dir;
static struct db	*db;

static void
setup(void)
{
	dir = tu_tmpdir();
	db = tu_register(dir, NULL);
}

static void
teardown(void)
{
	char	*p = g_build_filename(dir, "register.db", NULL);

	db_free(db);
	g_unlink(p);
	g_rmdir(dir);
	g_free(p);
	g_free(dir);
}

/* Import HEAD + incidents + end, then count DE over [from, to]. */
static struct figures
count(const char *incidents, const char *from, const char *to)
{
	struct figures	 f;
	char		*xml;

	xml = g_strconcat(HEAD, incidents, "</register>", NULL);
	ck_assert_int_eq(tu_import(db, "t.xml", xml), 1);
	g_free(xml);
	ck_assert_int_eq(db_begin_read(db), 1);
	ck_assert_int_eq(db_figures(db, "DE", from, to, &f), 1);
	ck_assert_int_eq(db_commit(db), 1);
	return f;
}

START_TEST(no_incidents)
{
	struct figures	f = count("", "2019-01-01", "2020-05-31");

	ck_assert_int_eq(f.incidents, 0);
	ck_assert_int_eq(f.government_bodies, 0);
	ck_assert_int_eq(f.notified, 0);
	ck_assert_int_eq(f.replied, 0);
	ck_assert_int_eq(f.formalistic, 0);
	ck_assert_int_eq(f.substantive, 0);
	ck_assert_int_eq(f.unanswered, 0);
	ck_assert_int_eq(f.has_median, 0);
}
END_TEST

START_TEST(unknown_country)
{
	struct figures	 f;
	char		*msg;

	count("", "2019-01-01", "2019-12-31");
	tu_capture();
	ck_assert_int_eq(db_figures(db, "FR", "2019-01-01", "2019-12-31", &f),
	    0);
	msg = tu_captured();
	ck_assert_ptr_nonnull(strstr(msg,
	    "register.db: country not in the register: FR (it has DE, NL)\n"));
	ck_assert_int_eq(diag_exit_status(), 65);
	g_free(msg);
}
END_TEST

START_TEST(everything_answered)
{
	struct figures	f = count(
	    INC("i1", "2019-03-01", "DE", "a",
		NOTE("2019-03-02", REPLY("2019-03-12", "formalistic")))
	    INC("i2", "2019-03-05", "DE", "b",
		NOTE("2019-03-06", REPLY("2019-03-26", "substantive")))
	    INC("i3", "2019-04-01", "DE", "a",
		NOTE("2019-04-01", REPLY("2019-05-01", "formalistic"))),
	    "2019-01-01", "2019-12-31");

	ck_assert_int_eq(f.incidents, 3);
	ck_assert_int_eq(f.government_bodies, 2);
	ck_assert_int_eq(f.notified, 3);
	ck_assert_int_eq(f.replied, 3);
	ck_assert_int_eq(f.formalistic, 2);
	ck_assert_int_eq(f.substantive, 1);
	ck_assert_int_eq(f.unanswered, 0);
	ck_assert_int_eq(f.has_median, 1);
	ck_assert_double_eq(f.median_days_to_reply, 20.0);	/* 10 20 30 */
}
END_TEST

START_TEST(both_ends_inclusive)
{
	struct figures	f = count(
	    INC("before", "2018-12-31", "DE", "a", "")
	    INC("first", "2019-01-01", "DE", "a", "")
	    INC("last", "2020-05-31", "DE", "b", "")
	    INC("after", "2020-06-01", "DE", "b", ""),
	    "2019-01-01", "2020-05-31");

	ck_assert_int_eq(f.incidents, 2);
	ck_assert_int_eq(f.government_bodies, 2);
	ck_assert_int_eq(f.notified, 0);
	ck_assert_int_eq(f.unanswered, 0);
}
END_TEST

START_TEST(months_with_none)
{
	const char	*incs =
	    INC("jan", "2019-01-15", "DE", "a", NOTE("2019-01-16", ""))
	    INC("apr", "2019-04-15", "DE", "a", NOTE("2019-04-16", ""));
	struct figures	f;

	f = count(incs, "2019-01-01", "2019-04-30");
	ck_assert_int_eq(f.incidents, 2);
	ck_assert_int_eq(f.government_bodies, 1);
	ck_assert_int_eq(f.notified, 2);
	ck_assert_int_eq(f.unanswered, 2);
	/* February and March alone: nothing, and no median. */
	f = count(incs, "2019-02-01", "2019-03-31");
	ck_assert_int_eq(f.incidents, 0);
	ck_assert_int_eq(f.notified, 0);
	ck_assert_int_eq(f.has_median, 0);
}
END_TEST

START_TEST(substantive_beside_formalistic)
{
	/* Two replies on one incident: it counts once, as substantive. */
	struct figures	f = count(
	    INC("i1", "2019-03-01", "DE", "a",
		NOTE("2019-03-02", REPLY("2019-03-10", "formalistic")
		    REPLY("2019-04-10", "substantive")))
	    /* The substantive reply may come on another notification. */
	    INC("i2", "2019-03-01", "DE", "b",
		NOTE("2019-03-02", REPLY("2019-03-22", "formalistic"))
		NOTE("2019-04-02", REPLY("2019-04-20", "substantive")))
	    INC("i3", "2019-03-01", "DE", "b",
		NOTE("2019-03-02", REPLY("2019-03-05", "formalistic"))),
	    "2019-03-01", "2019-03-31");

	ck_assert_int_eq(f.incidents, 3);
	ck_assert_int_eq(f.replied, 3);
	ck_assert_int_eq(f.substantive, 2);
	ck_assert_int_eq(f.formalistic, 1);
	ck_assert_int_eq(f.unanswered, 0);
	/* First reply minus first notification: 8, 20, 3 days. */
	ck_assert_double_eq(f.median_days_to_reply, 8.0);
}
END_TEST

START_TEST(first_reply_to_a_later_notification)
{
	/* Notified 03-02, reminded 04-01, answered 04-11: 40 days. */
	struct figures	f = count(
	    INC("i1", "2019-03-01", "DE", "a",
		NOTE("2019-03-02", "")
		NOTE("2019-04-01", REPLY("2019-04-11", "formalistic"))),
	    "2019-03-01", "2019-03-31");

	ck_assert_int_eq(f.notified, 1);
	ck_assert_int_eq(f.replied, 1);
	ck_assert_double_eq(f.median_days_to_reply, 40.0);
}
END_TEST

START_TEST(median_of_an_even_count)
{
	struct figures	f = count(
	    INC("i1", "2019-03-01", "DE", "a",
		NOTE("2019-03-01", REPLY("2019-03-11", "formalistic")))
	    INC("i2", "2019-03-01", "DE", "a",
		NOTE("2019-03-01", REPLY("2019-03-22", "formalistic")))
	    INC("i3", "2019-03-01", "DE", "a", NOTE("2019-03-01", "")),
	    "2019-03-01", "2019-03-31");

	ck_assert_int_eq(f.replied, 2);
	ck_assert_int_eq(f.unanswered, 1);
	ck_assert_double_eq(f.median_days_to_reply, 15.5);	/* 10, 21 */
}
END_TEST

START_TEST(filters)
{
	/*
	 * Another segment, a non-government target and an incident never
	 * notified: each must fall where the definitions put it.
	 */
	struct figures	f = count(
	    INC("de1", "2019-03-01", "DE", "a", NOTE("2019-03-02", ""))
	    INC("de2", "2019-03-02", "DE", "c", NOTE("2019-03-03", ""))
	    INC("de3", "2019-03-03", "DE", "b", "")
	    INC("nl1", "2019-03-04", "NL", "b",
		NOTE("2019-03-05", REPLY("2019-03-06", "substantive"))),
	    "2019-03-01", "2019-03-31");

	ck_assert_int_eq(f.incidents, 3);
	ck_assert_int_eq(f.government_bodies, 2);
	ck_assert_int_eq(f.notified, 2);
	ck_assert_int_eq(f.replied, 0);
	ck_assert_int_eq(f.substantive, 0);
	ck_assert_int_eq(f.unanswered, 2);
}
END_TEST

/* What a printer wrote into a string. Caller frees. */
static char *
printed(void (*print)(const struct figures *, FILE *),
    const struct figures *f)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*out = open_memstream(&buf, &len);

	print(f, out);
	fclose(out);
	return buf;
}

/*
 * Read transactions nest (a pack binds each part inside its own): the
 * inner one's commit ends nothing, so a writer cannot commit until the
 * outer one ends, and the outer one reads one snapshot throughout.
 */
START_TEST(nested_reads)
{
	struct figures	 f;
	struct db	*w;
	char		*path, *xml, *msg;

	count("", "2019-01-01", "2019-12-31");
	path = g_build_filename(dir, "register.db", NULL);
	ck_assert_int_eq(db_begin_read(db), 1);
	ck_assert_int_eq(db_begin_read(db), 1);
	ck_assert_int_eq(db_figures(db, "DE", "2019-01-01", "2019-12-31", &f),
	    1);
	ck_assert_int_eq(db_commit(db), 1);
	ck_assert_ptr_nonnull(w = db_open(path, DB_WRITE));
	db_set_busy_timeout(w, 50);
	xml = g_strconcat(HEAD, INC("i1", "2019-03-01", "DE", "a", ""),
	    "</register>", NULL);
	tu_capture();
	ck_assert_int_eq(tu_import(w, "u.xml", xml), 0);
	msg = tu_captured();
	ck_assert_ptr_nonnull(strstr(msg, "locked"));
	g_free(msg);
	ck_assert_int_eq(db_figures(db, "DE", "2019-01-01", "2019-12-31", &f),
	    1);
	ck_assert_int_eq(f.incidents, 0);
	ck_assert_int_eq(db_commit(db), 1);
	ck_assert_int_eq(tu_import(w, "u.xml", xml), 1);
	db_free(w);
	f = count("", "2019-01-01", "2019-12-31");
	ck_assert_int_eq(f.incidents, 1);
	g_free(xml);
	g_free(path);
}
END_TEST

START_TEST(json_form)
{
	struct figures	 f = {
		"DE", "2019-01-01", "2020-05-31", 75, 53, 75, 7, 7, 0, 68,
		1, 54.5
	};
	char		*s;

	s = printed(figures_print_json, &f);
	ck_assert_str_eq(s, "{\"country\": \"DE\", \"from\": \"2019-01-01\", "
	    "\"to\": \"2020-05-31\", \"incidents\": 75, "
	    "\"government_bodies\": 53, \"notified\": 75, \"replied\": 7, "
	    "\"formalistic\": 7, \"substantive\": 0, \"unanswered\": 68, "
	    "\"median_days_to_reply\": 54.5}\n");
	g_free(s);
	f.has_median = 0;
	s = printed(figures_print_json, &f);
	ck_assert_ptr_nonnull(strstr(s, "\"median_days_to_reply\": null}"));
	g_free(s);
	f.has_median = 1;
	f.median_days_to_reply = 41.0;
	s = printed(figures_print_text, &f);
	ck_assert_ptr_nonnull(strstr(s, "median days to reply         41\n"));
	ck_assert_ptr_nonnull(strstr(s, "government bodies            53\n"));
	g_free(s);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("figures");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, no_incidents);
	tcase_add_test(tc, unknown_country);
	tcase_add_test(tc, everything_answered);
	tcase_add_test(tc, both_ends_inclusive);
	tcase_add_test(tc, months_with_none);
	tcase_add_test(tc, substantive_beside_formalistic);
	tcase_add_test(tc, first_reply_to_a_later_notification);
	tcase_add_test(tc, median_of_an_even_count);
	tcase_add_test(tc, filters);
	tcase_add_test(tc, json_form);
	tcase_add_test(tc, nested_reads);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
