/* Unit tests of isodate: the strict date forms of the register and CLI. */
#include <stdlib.h>

#include <check.h>
#include <glib.h>

#include "isodate.h"
#include "testutil.h"

/* Whether s is a real day written YYYY-MM-DD. */
static int
isodate_valid(const char *s)
{
	int	y, m, d;

	return isodate_parse(s, 0, &y, &m, &d) == ISODATE_DAY;
}

START_TEST(days)
{
	ck_assert(isodate_valid("2019-01-14"));
	ck_assert(isodate_valid("2020-02-29"));		/* leap year */
	ck_assert(!isodate_valid("2019-02-29"));
	ck_assert(!isodate_valid("2019-02-30"));
	ck_assert(!isodate_valid("1900-02-29"));	/* not a leap year */
	ck_assert(isodate_valid("2000-02-29"));		/* but this is */
	ck_assert(!isodate_valid("2019-04-31"));
	ck_assert(!isodate_valid("2019-13-01"));
	ck_assert(!isodate_valid("2019-00-10"));
	ck_assert(!isodate_valid("2019-01-00"));
	ck_assert(!isodate_valid("2019-1-14"));
	ck_assert(!isodate_valid("2019-01-14 "));
	ck_assert(!isodate_valid("20190114"));
	ck_assert(!isodate_valid("2019-01"));
	ck_assert(!isodate_valid(""));
	ck_assert(!isodate_valid("+019-01-14"));
}
END_TEST

START_TEST(forms)
{
	int	y, m, d;

	ck_assert_int_eq(isodate_parse("2019-02-30", 0, &y, &m, &d),
	    ISODATE_IMPOSSIBLE);
	ck_assert_int_eq(y, 2019);
	ck_assert_int_eq(m, 2);
	ck_assert_int_eq(d, 30);
	ck_assert_int_eq(isodate_parse("2019-05", 0, &y, &m, &d), ISODATE_BAD);
	ck_assert_int_eq(isodate_parse("2019-05", 1, &y, &m, &d),
	    ISODATE_MONTH);
	ck_assert_int_eq(isodate_parse("2019-15", 1, &y, &m, &d),
	    ISODATE_IMPOSSIBLE);
	ck_assert_int_eq(isodate_parse("19-05-01", 1, &y, &m, &d),
	    ISODATE_BAD);
}
END_TEST

START_TEST(periods)
{
	struct { const char *arg, *start, *end; } c[] = {
		{ "2019-01", "2019-01-01", "2019-01-31" },
		{ "2020-02", "2020-02-01", "2020-02-29" },
		{ "2019-02", "2019-02-01", "2019-02-28" },
		{ "2020-05", "2020-05-01", "2020-05-31" },
		{ "2019-04", "2019-04-01", "2019-04-30" },
		{ "2019-12", "2019-12-01", "2019-12-31" },
		{ "2019-03-15", "2019-03-15", "2019-03-15" },
	};
	size_t	 i;
	char	*s;

	for (i = 0; i < G_N_ELEMENTS(c); i++) {
		s = isodate_period_start(c[i].arg);
		ck_assert_str_eq(s, c[i].start);
		g_free(s);
		s = isodate_period_end(c[i].arg);
		ck_assert_str_eq(s, c[i].end);
		g_free(s);
	}
	ck_assert_ptr_null(isodate_period_start("2019-02-30"));
	ck_assert_ptr_null(isodate_period_end("May 2020"));
	ck_assert_ptr_null(isodate_period_end("2019-13"));
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("isodate");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, days);
	tcase_add_test(tc, forms);
	tcase_add_test(tc, periods);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
