/*
 * isodate: strict calendar dates (see isodate.h). GLib's GDate knows the
 * calendar; this file only insists on the exact textual form, which
 * GDate's own parser is too lenient for (it accepts "1/2/2019").
 */
#include <string.h>

#include <glib.h>

#include "isodate.h"

static int
digits(const char *s, size_t n, int *val)
{
	size_t	i;

	*val = 0;
	for (i = 0; i < n; i++) {
		if (!g_ascii_isdigit(s[i]))
			return 0;
		*val = *val * 10 + (s[i] - '0');
	}
	return 1;
}

/*
 * Parse s as YYYY-MM-DD, or also YYYY-MM when allow_month is set. Fills
 * year, month and day (day is 0 for a month) when the form is right, even
 * for an impossible date, so that a message can show what was meant.
 */
enum isodate_form
isodate_parse(const char *s, int allow_month, int *year, int *month, int *day)
{
	size_t	len;

	*year = *month = *day = 0;
	len = strlen(s);
	if (len != 10 && !(allow_month && len == 7))
		return ISODATE_BAD;
	if (!digits(s, 4, year) || s[4] != '-' || !digits(s + 5, 2, month))
		return ISODATE_BAD;
	if (len == 10 && (s[7] != '-' || !digits(s + 8, 2, day)))
		return ISODATE_BAD;
	if (*year < 1 || *month < 1 || *month > 12)
		return ISODATE_IMPOSSIBLE;
	if (len == 7)
		return ISODATE_MONTH;
	if (!g_date_valid_dmy(*day, *month, *year))
		return ISODATE_IMPOSSIBLE;
	return ISODATE_DAY;
}

/*
 * The first day a --from argument means: the day itself, or the first of
 * the month. NULL if s is neither. Caller frees.
 */
char *
isodate_period_start(const char *s)
{
	int	y, m, d;

	switch (isodate_parse(s, 1, &y, &m, &d)) {
	case ISODATE_DAY:
		return g_strdup(s);
	case ISODATE_MONTH:
		return g_strdup_printf("%04d-%02d-01", y, m);
	default:
		return NULL;
	}
}

/*
 * The last day a --to argument means: the day itself, or the last of the
 * month. NULL if s is neither. Caller frees.
 */
char *
isodate_period_end(const char *s)
{
	int	y, m, d;

	switch (isodate_parse(s, 1, &y, &m, &d)) {
	case ISODATE_DAY:
		return g_strdup(s);
	case ISODATE_MONTH:
		return g_strdup_printf("%04d-%02d-%02d", y, m,
		    g_date_get_days_in_month(m, y));
	default:
		return NULL;
	}
}
