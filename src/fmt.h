/*
 * fmt: numbers, dates and plural forms in a template's locale, taken from
 * ICU's CLDR data rather than from tables of our own. Every function
 * returns text for a reader; none parses templates, runs SQL or prints
 * diagnostics: a failure is a NULL (or FMT_PLURAL_MAX) for the caller to
 * report where it knows the file and line.
 */
#ifndef FMT_H
#define FMT_H

#include <stdint.h>

/* CLDR plural categories, in CLDR's order. */
enum fmt_plural {
	FMT_ZERO,
	FMT_ONE,
	FMT_TWO,
	FMT_FEW,
	FMT_MANY,
	FMT_OTHER,
	FMT_PLURAL_MAX
};

struct fmt;

/*
 * Formatters for an ICU locale name ("en_GB", "ru"). NULL when ICU has
 * no data of its own for that language (it would fall back to root).
 * Caller frees with fmt_free; fmt_free(NULL) is a no-op. ICU's formatters
 * open on first use, behind the const of the calls below: one thread at
 * a time.
 */
struct fmt	*fmt_new(const char *locale);
void		 fmt_free(struct fmt *);
void		 fmt_cleanup(void);

/*
 * Each of these returns a new UTF-8 string (caller g_free()s) or NULL
 * when the value cannot be formatted (a date that is not YYYY-MM-DD).
 * Dates are ISO strings: days YYYY-MM-DD, months (and years) YYYY-MM or
 * YYYY-MM-DD (the day is ignored, but must exist). Calendar is
 * Gregorian (proleptic: also before 1582), time zone UTC, so the output
 * never depends on the machine. Numbers take 0 to 6 fraction digits,
 * round half up (12.5 % -> 13 %) and are NULL for NaN or infinity; a
 * value that rounds to zero has no minus sign. ICU's minus for en and
 * ru is the ASCII hyphen-minus; ru groups with U+00A0 and writes
 * "г." after U+202F.
 */
char	*fmt_integer(const struct fmt *, int64_t);	/* 1,234 / 1 234 */
char	*fmt_number(const struct fmt *, double, int digits); /* 1,234.5 */
char	*fmt_percent(const struct fmt *, double fraction,
	    int digits);				/* 0.093 -> 9% / 9 % */
char	*fmt_change(const struct fmt *, int64_t);	/* +12 / -5 / 0 */
char	*fmt_days(const struct fmt *, double);	/* 54 days / 54 дня */
char	*fmt_date(const struct fmt *, const char *iso);	/* 14 January 2019 */
char	*fmt_date_short(const struct fmt *, const char *iso); /* 14/01/2019 */
char	*fmt_month(const struct fmt *, const char *iso);	/* May 2020 */
char	*fmt_month_short(const struct fmt *, const char *iso); /* Jan 2019 */
char	*fmt_year(const struct fmt *, const char *iso);	/* 2019 */
char	*fmt_month_abbr(const struct fmt *, const char *iso); /* Jan / янв. */

/*
 * A period, both ends inclusive: as months when it runs from the first
 * of a month to the last of a month ("January 2019 – May 2020", "May
 * 2020"), else as days ("14 January – 3 May 2020"), with ICU's interval
 * rules collapsing what both ends share. Both ends are days
 * (YYYY-MM-DD); NULL if either is not, or if to is before from.
 */
char	*fmt_period(const struct fmt *, const char *from, const char *to);

/*
 * A list of n strings joined as the locale joins one ("Germany,
 * Netherlands and France"); NULL if ICU fails.
 */
char	*fmt_list(const struct fmt *, const char *const *items, int n);

/* The plural category of an integer count; FMT_PLURAL_MAX on failure. */
enum fmt_plural	 fmt_plural(const struct fmt *, int64_t n);

/* The categories the locale's rules use, as bits (1 << enum fmt_plural). */
unsigned	 fmt_plural_used(const struct fmt *);

/* The CLDR keyword of a category ("few"), and back (FMT_PLURAL_MAX). */
const char	*fmt_plural_name(enum fmt_plural);
enum fmt_plural	 fmt_plural_parse(const char *);

#endif /* FMT_H */
