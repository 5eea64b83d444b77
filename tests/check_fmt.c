/*
 * Unit tests of fmt: the exact text ICU 72 (CLDR 42) gives for en_GB and
 * ru, byte for byte, so that a change of ICU's data shows up here before
 * it shows up in a briefing. The spaces ICU puts in are spelled out.
 */
#include <math.h>
#include <stdlib.h>

#include <check.h>
#include <glib.h>
#include <unicode/uclean.h>

#include "fmt.h"
#include "testutil.h"

#define NBSP	"\xc2\xa0"	/* U+00A0 no-break space: ru grouping */
#define NNBSP	"\xe2\x80\xaf"	/* U+202F narrow no-break space: ru "г." */
#define THIN	"\xe2\x80\x89"	/* U+2009 thin space: en ranges */
#define NDASH	"\xe2\x80\x93"	/* U+2013 en dash */

/* got (freed here) is the string want; a macro, for the failing line. */
#define EQ(got, want) do {						\
	char	*s_ = (got);						\
									\
	ck_assert_msg(s_ != NULL, "%s is NULL", #got);			\
	ck_assert_str_eq(s_, want);					\
	g_free(s_);							\
} while (0)

static struct fmt	*en, *ru;

static void
setup(void)
{
	en = fmt_new("en_GB");
	ru = fmt_new("ru");
	ck_assert_ptr_nonnull(en);
	ck_assert_ptr_nonnull(ru);
}

static void
teardown(void)
{
	fmt_free(en);
	fmt_free(ru);
	en = ru = NULL;
}

START_TEST(locales)
{
	const char	*good[] = { "en_GB", "en", "ru", "ru_RU", "en-GB" };
	const char	*bad[] = { "xx", "zz_ZZ", "", "root", "x", "C" };
	struct fmt	*f;
	size_t		 i;

	for (i = 0; i < G_N_ELEMENTS(good); i++) {
		f = fmt_new(good[i]);
		ck_assert_msg(f != NULL, "fmt_new(\"%s\")", good[i]);
		fmt_free(f);
	}
	for (i = 0; i < G_N_ELEMENTS(bad); i++)
		ck_assert_msg(fmt_new(bad[i]) == NULL, "fmt_new(\"%s\")",
		    bad[i]);
	ck_assert_ptr_null(fmt_new(NULL));
	fmt_free(NULL);
}
END_TEST

START_TEST(integers)
{
	EQ(fmt_integer(en, 1234), "1,234");
	EQ(fmt_integer(en, -1234567), "-1,234,567");
	EQ(fmt_integer(en, 0), "0");
	EQ(fmt_integer(en, 999), "999");
	EQ(fmt_integer(ru, 1234), "1" NBSP "234");
	EQ(fmt_integer(ru, -1234567), "-1" NBSP "234" NBSP "567");
	EQ(fmt_integer(ru, 0), "0");
	EQ(fmt_integer(ru, 999), "999");
}
END_TEST

START_TEST(numbers)
{
	EQ(fmt_number(en, 1234.5, 2), "1,234.50");
	EQ(fmt_number(en, 1234.5, 0), "1,235");
	EQ(fmt_number(en, 41.5, 1), "41.5");
	EQ(fmt_number(en, 2.5, 0), "3");		/* half up, not even */
	EQ(fmt_number(en, 0.125, 2), "0.13");
	EQ(fmt_number(en, -2.5, 0), "-3");
	EQ(fmt_number(en, -0.001, 2), "0.00");	/* no "-0.00" */
	EQ(fmt_number(en, 1.0 / 3.0, 6), "0.333333");
	EQ(fmt_number(ru, 1234.5, 2), "1" NBSP "234,50");
	EQ(fmt_number(ru, 41.5, 1), "41,5");
	EQ(fmt_number(ru, -0.001, 2), "0,00");
	ck_assert_ptr_null(fmt_number(en, 1.0, -1));
	ck_assert_ptr_null(fmt_number(en, 1.0, 7));
	ck_assert_ptr_null(fmt_number(en, NAN, 2));
	ck_assert_ptr_null(fmt_number(ru, INFINITY, 2));
}
END_TEST

START_TEST(percents)
{
	EQ(fmt_percent(en, 0.0933, 0), "9%");
	EQ(fmt_percent(en, 0.0933, 1), "9.3%");
	EQ(fmt_percent(en, 0.0933, 2), "9.33%");
	EQ(fmt_percent(en, 0.125, 0), "13%");
	EQ(fmt_percent(en, 1.0, 0), "100%");
	EQ(fmt_percent(en, 12.34, 0), "1,234%");
	EQ(fmt_percent(en, -0.0001, 1), "0.0%");
	EQ(fmt_percent(en, -0.25, 0), "-25%");
	EQ(fmt_percent(ru, 0.0933, 0), "9" NBSP "%");
	EQ(fmt_percent(ru, 0.0933, 1), "9,3" NBSP "%");
	EQ(fmt_percent(ru, 12.34, 0), "1" NBSP "234" NBSP "%");
	EQ(fmt_percent(ru, 0, 0), "0" NBSP "%");
	ck_assert_ptr_null(fmt_percent(en, 0.5, 7));
	ck_assert_ptr_null(fmt_percent(ru, NAN, 0));
}
END_TEST

START_TEST(changes)
{
	EQ(fmt_change(en, 12), "+12");
	EQ(fmt_change(en, -5), "-5");
	EQ(fmt_change(en, 0), "0");
	EQ(fmt_change(en, 1234), "+1,234");
	EQ(fmt_change(ru, 12), "+12");
	EQ(fmt_change(ru, -5), "-5");
	EQ(fmt_change(ru, 0), "0");
	EQ(fmt_change(ru, -1234), "-1" NBSP "234");
}
END_TEST

START_TEST(days)
{
	EQ(fmt_days(en, 0), "0 days");
	EQ(fmt_days(en, 1), "1 day");
	EQ(fmt_days(en, 2), "2 days");
	EQ(fmt_days(en, 21), "21 days");
	EQ(fmt_days(en, 54), "54 days");
	EQ(fmt_days(en, 1234), "1,234 days");
	EQ(fmt_days(ru, 0), "0 дней");
	EQ(fmt_days(ru, 1), "1 день");
	EQ(fmt_days(ru, 2), "2 дня");
	EQ(fmt_days(ru, 5), "5 дней");
	EQ(fmt_days(ru, 11), "11 дней");
	EQ(fmt_days(ru, 21), "21 день");
	EQ(fmt_days(ru, 22), "22 дня");
	EQ(fmt_days(ru, 54), "54 дня");
	EQ(fmt_days(ru, 111), "111 дней");
	EQ(fmt_days(ru, 1234), "1" NBSP "234 дня");
	/* The median of an even count: half a day is kept, not rounded. */
	EQ(fmt_days(en, 54.5), "54.5 days");
	EQ(fmt_days(ru, 54.5), "54,5 дня");
	EQ(fmt_days(ru, 1.5), "1,5 дня");
}
END_TEST

/* What every function that takes a day must refuse. */
static const char *const notdays[] = {
	"2019-02-30", "2019-02-29", "2019-13-01", "2019-1-14", "2019-01-14 ",
	"14/01/2019", "20190114", "2019-01", "2019", "", "0000-01-01",
};

START_TEST(dates)
{
	struct fmt	*us, *th;
	size_t		 i;

	EQ(fmt_date(en, "2019-01-14"), "14 January 2019");
	EQ(fmt_date(en, "2020-05-03"), "3 May 2020");
	EQ(fmt_date(en, "2020-02-29"), "29 February 2020");
	EQ(fmt_date(ru, "2019-01-14"), "14 января 2019" NNBSP "г.");
	EQ(fmt_date(ru, "2020-05-03"), "3 мая 2020" NNBSP "г.");

	/* Around ICU's day 0, and before ICU's Julian cut-over. */
	EQ(fmt_date(en, "1970-01-01"), "1 January 1970");
	EQ(fmt_date(en, "1969-12-31"), "31 December 1969");
	EQ(fmt_date(en, "1582-10-04"), "4 October 1582");
	EQ(fmt_date(en, "1000-01-01"), "1 January 1000");
	EQ(fmt_date(ru, "1000-01-01"), "1 января 1000" NNBSP "г.");

	EQ(fmt_date_short(en, "2019-01-14"), "14/01/2019");
	EQ(fmt_date_short(en, "2020-05-03"), "03/05/2020");
	EQ(fmt_date_short(ru, "2019-01-14"), "14.01.2019");
	EQ(fmt_date_short(ru, "2020-05-03"), "03.05.2020");

	/* Another English, and a locale whose default calendar is not. */
	us = fmt_new("en");
	ck_assert_ptr_nonnull(us);
	EQ(fmt_date(us, "2019-01-14"), "January 14, 2019");
	EQ(fmt_date_short(us, "2019-01-14"), "01/14/2019");
	fmt_free(us);
	th = fmt_new("th_TH");
	ck_assert_ptr_nonnull(th);
	EQ(fmt_year(th, "2019-01-14"), "2019");		/* not 2562 */
	fmt_free(th);

	for (i = 0; i < G_N_ELEMENTS(notdays); i++) {
		ck_assert_msg(fmt_date(en, notdays[i]) == NULL,
		    "fmt_date(\"%s\")", notdays[i]);
		ck_assert_msg(fmt_date_short(ru, notdays[i]) == NULL,
		    "fmt_date_short(\"%s\")", notdays[i]);
	}
	ck_assert_ptr_null(fmt_date(en, NULL));
}
END_TEST

START_TEST(months)
{
	const char	*notmonths[] = { "2019-13", "2019-00", "2019-02-30",
	    "2019-5", "2019", "May 2020", "" };
	size_t		 i;

	EQ(fmt_month(en, "2020-05"), "May 2020");
	EQ(fmt_month(en, "2019-01-14"), "January 2019");
	EQ(fmt_month(ru, "2020-05"), "май 2020" NNBSP "г.");
	EQ(fmt_month(ru, "2019-01-14"), "январь 2019" NNBSP "г.");

	EQ(fmt_month_short(en, "2019-01"), "Jan 2019");
	EQ(fmt_month_short(en, "2020-05"), "May 2020");
	EQ(fmt_month_short(en, "2019-09-30"), "Sept 2019");
	EQ(fmt_month_short(ru, "2019-01"), "янв. 2019" NNBSP "г.");
	EQ(fmt_month_short(ru, "2020-05"), "май 2020" NNBSP "г.");
	EQ(fmt_month_short(ru, "2019-09-30"), "сент. 2019" NNBSP "г.");

	/* A chart's month axis: the month alone, stand-alone in Russian. */
	EQ(fmt_month_abbr(en, "2019-01"), "Jan");
	EQ(fmt_month_abbr(en, "2019-09-30"), "Sept");
	EQ(fmt_month_abbr(ru, "2019-02"), "февр.");
	EQ(fmt_month_abbr(ru, "2019-03-31"), "март");

	EQ(fmt_year(en, "2019-01-14"), "2019");
	EQ(fmt_year(en, "2019-01"), "2019");
	EQ(fmt_year(ru, "2019-01-14"), "2019");
	EQ(fmt_year(ru, "2020-05"), "2020");

	for (i = 0; i < G_N_ELEMENTS(notmonths); i++) {
		ck_assert_msg(fmt_month(en, notmonths[i]) == NULL,
		    "fmt_month(\"%s\")", notmonths[i]);
		ck_assert_msg(fmt_month_short(ru, notmonths[i]) == NULL,
		    "fmt_month_short(\"%s\")", notmonths[i]);
		ck_assert_msg(fmt_month_abbr(en, notmonths[i]) == NULL,
		    "fmt_month_abbr(\"%s\")", notmonths[i]);
		ck_assert_msg(fmt_year(en, notmonths[i]) == NULL,
		    "fmt_year(\"%s\")", notmonths[i]);
	}
}
END_TEST

START_TEST(periods)
{
	size_t	 i;

	/* Whole months. */
	EQ(fmt_period(en, "2019-01-01", "2020-05-31"),
	    "January 2019" THIN NDASH THIN "May 2020");
	EQ(fmt_period(en, "2020-01-01", "2020-05-31"),
	    "January" THIN NDASH THIN "May 2020");
	EQ(fmt_period(en, "2020-05-01", "2020-05-31"), "May 2020");
	EQ(fmt_period(en, "2020-02-01", "2020-02-29"), "February 2020");
	EQ(fmt_period(ru, "2019-01-01", "2020-05-31"),
	    "январь 2019" NNBSP "г. " NDASH " май 2020" NNBSP "г.");
	EQ(fmt_period(ru, "2020-01-01", "2020-05-31"),
	    "январь " NDASH " май 2020" NNBSP "г.");
	EQ(fmt_period(ru, "2020-05-01", "2020-05-31"), "май 2020" NNBSP "г.");

	/* Days: not from a first, or not to a last. */
	EQ(fmt_period(en, "2020-01-14", "2020-05-03"),
	    "14 January" THIN NDASH THIN "3 May 2020");
	EQ(fmt_period(en, "2019-01-14", "2020-05-03"),
	    "14 January 2019" THIN NDASH THIN "3 May 2020");
	EQ(fmt_period(en, "2020-05-03", "2020-05-14"), "3" NDASH "14 May 2020");
	EQ(fmt_period(en, "2020-05-03", "2020-05-03"), "3 May 2020");
	EQ(fmt_period(en, "2020-05-01", "2020-05-30"), "1" NDASH "30 May 2020");
	EQ(fmt_period(en, "2020-02-01", "2020-02-28"),
	    "1" NDASH "28 February 2020");
	EQ(fmt_period(ru, "2020-01-14", "2020-05-03"),
	    "14 января " NDASH " 3 мая 2020" NNBSP "г.");
	EQ(fmt_period(ru, "2019-01-14", "2020-05-03"),
	    "14 января 2019" NNBSP "г. " NDASH " 3 мая 2020" NNBSP "г.");
	EQ(fmt_period(ru, "2020-05-03", "2020-05-14"),
	    "3" NDASH "14 мая 2020" NNBSP "г.");
	EQ(fmt_period(ru, "2020-05-03", "2020-05-03"), "3 мая 2020" NNBSP "г.");

	/* Before 1582 too, the ends are the Gregorian days given. */
	EQ(fmt_period(en, "1000-01-01", "1000-01-31"), "January 1000");
	EQ(fmt_period(en, "1582-10-05", "1582-10-14"),
	    "5" NDASH "14 October 1582");

	ck_assert_ptr_null(fmt_period(en, "2020-05-31", "2019-01-01"));
	ck_assert_ptr_null(fmt_period(ru, "2020-05-04", "2020-05-03"));
	ck_assert_ptr_null(fmt_period(en, "2019-01", "2020-05-31"));
	ck_assert_ptr_null(fmt_period(en, "2019-01-01", "2020-05"));
	ck_assert_ptr_null(fmt_period(en, NULL, "2020-05-31"));
	ck_assert_ptr_null(fmt_period(ru, "2019-01-01", NULL));
	for (i = 0; i < G_N_ELEMENTS(notdays); i++) {
		ck_assert_msg(fmt_period(en, notdays[i], "2020-05-31") == NULL,
		    "fmt_period(\"%s\", ...)", notdays[i]);
		ck_assert_msg(fmt_period(ru, "2019-01-01", notdays[i]) == NULL,
		    "fmt_period(..., \"%s\")", notdays[i]);
	}
}
END_TEST

START_TEST(plurals)
{
	struct { int64_t n; enum fmt_plural en, ru; } c[] = {
		{ 0, FMT_OTHER, FMT_MANY },
		{ 1, FMT_ONE, FMT_ONE },
		{ 2, FMT_OTHER, FMT_FEW },
		{ 4, FMT_OTHER, FMT_FEW },
		{ 5, FMT_OTHER, FMT_MANY },
		{ 11, FMT_OTHER, FMT_MANY },
		{ 12, FMT_OTHER, FMT_MANY },
		{ 21, FMT_OTHER, FMT_ONE },
		{ 22, FMT_OTHER, FMT_FEW },
		{ 25, FMT_OTHER, FMT_MANY },
		{ 54, FMT_OTHER, FMT_FEW },
		{ 101, FMT_OTHER, FMT_ONE },
		{ 111, FMT_OTHER, FMT_MANY },
		{ -1, FMT_ONE, FMT_ONE },
		{ -2, FMT_OTHER, FMT_FEW },
		/* Beyond 2^53: a double would make this 10^18, "many". */
		{ INT64_C(1000000000000000001), FMT_ONE, FMT_ONE },
	};
	size_t	 i;

	for (i = 0; i < G_N_ELEMENTS(c); i++) {
		ck_assert_msg(fmt_plural(en, c[i].n) == c[i].en,
		    "en %" G_GINT64_FORMAT, c[i].n);
		ck_assert_msg(fmt_plural(ru, c[i].n) == c[i].ru,
		    "ru %" G_GINT64_FORMAT, c[i].n);
	}
	ck_assert_uint_eq(fmt_plural_used(en), 1u << FMT_ONE | 1u << FMT_OTHER);
	ck_assert_uint_eq(fmt_plural_used(ru), 1u << FMT_ONE | 1u << FMT_FEW |
	    1u << FMT_MANY | 1u << FMT_OTHER);
}
END_TEST

START_TEST(plural_names)
{
	const char	*names[] = { "zero", "one", "two", "few", "many",
	    "other" };
	int		 i;

	ck_assert_int_eq(G_N_ELEMENTS(names), FMT_PLURAL_MAX);
	for (i = 0; i < FMT_PLURAL_MAX; i++) {
		ck_assert_str_eq(fmt_plural_name(i), names[i]);
		ck_assert_int_eq(fmt_plural_parse(names[i]), i);
	}
	ck_assert_ptr_null(fmt_plural_name(FMT_PLURAL_MAX));
	ck_assert_int_eq(fmt_plural_parse("Few"), FMT_PLURAL_MAX);
	ck_assert_int_eq(fmt_plural_parse("fewer"), FMT_PLURAL_MAX);
	ck_assert_int_eq(fmt_plural_parse(""), FMT_PLURAL_MAX);
	ck_assert_int_eq(fmt_plural_parse(NULL), FMT_PLURAL_MAX);
}
END_TEST

START_TEST(lists)
{
	const char	*three[] = { "Germany", "Netherlands", "France" };
	const char	*ru3[] = { "Германия", "Нидерланды", "Франция" };
	const char	*bad[] = { "a", "\xff" };
	char		*s;

	s = fmt_list(en, three, 3);
	ck_assert_str_eq(s, "Germany, Netherlands and France");
	g_free(s);
	s = fmt_list(en, three, 2);
	ck_assert_str_eq(s, "Germany and Netherlands");
	g_free(s);
	s = fmt_list(en, three, 1);
	ck_assert_str_eq(s, "Germany");
	g_free(s);
	s = fmt_list(ru, ru3, 3);
	ck_assert_str_eq(s, "Германия, Нидерланды и Франция");
	g_free(s);
	ck_assert_ptr_null(fmt_list(en, bad, 2));
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("fmt");
	TCase	*tc = tcase_create("core");
	int	 rc;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, locales);
	tcase_add_test(tc, integers);
	tcase_add_test(tc, numbers);
	tcase_add_test(tc, percents);
	tcase_add_test(tc, changes);
	tcase_add_test(tc, days);
	tcase_add_test(tc, dates);
	tcase_add_test(tc, months);
	tcase_add_test(tc, periods);
	tcase_add_test(tc, plurals);
	tcase_add_test(tc, plural_names);
	tcase_add_test(tc, lists);
	suite_add_tcase(s, tc);
	rc = tu_run(s);
	/* ICU's process-wide caches, so that valgrind sees nothing held. */
	u_cleanup();
	return rc;
}
