/*
 * fmt: numbers, dates and plural forms in one locale (see fmt.h). All
 * the knowledge is ICU's (CLDR): this file opens ICU's formatters once
 * per locale, feeds them values and turns their UTF-16 into UTF-8. It
 * must not keep month names, separators or plural rules of its own, and
 * must not print: ICU's errors become NULL for the caller to report.
 */
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include <glib.h>
#include <unicode/ucal.h>
#include <unicode/uclean.h>
#include <unicode/udat.h>
#include <unicode/udateintervalformat.h>
#include <unicode/udatpg.h>
#include <unicode/uenum.h>
#include <unicode/uformattedvalue.h>
#include <unicode/ulistformatter.h>
#include <unicode/uloc.h>
#include <unicode/unumberformatter.h>
#include <unicode/upluralrules.h>
#include <unicode/ustring.h>

#include "fmt.h"
#include "isodate.h"

/* Fraction digits fmt_number and fmt_percent offer: 0 to DIGITS_MAX. */
#define DIGITS_MAX	6

/* GDate's day number (0001-01-01 is 1) of 1970-01-01, ICU's day 0. */
#define EPOCH_JULIAN	719163

#define MS_PER_DAY	86400000.0

/* The single dates, each from a CLDR skeleton. */
enum dt {
	DT_DATE,
	DT_DATE_SHORT,
	DT_MONTH,
	DT_MONTH_SHORT,
	DT_YEAR,
	DT_MONTH_ABBR,
	DT_MAX
};

static const UChar *const dtskel[] = {
	[DT_DATE] =		u"yMMMMd",
	[DT_DATE_SHORT] =	u"yMMdd",
	[DT_MONTH] =		u"yMMMM",
	[DT_MONTH_SHORT] =	u"yMMM",
	[DT_YEAR] =		u"y",
	[DT_MONTH_ABBR] =	u"LLL",	/* stand-alone: "янв.", not "янв" */
};
_Static_assert(G_N_ELEMENTS(dtskel) == DT_MAX, "dtskel and enum dt");

static const char *const plural_names[] = {
	[FMT_ZERO] =	"zero",
	[FMT_ONE] =	"one",
	[FMT_TWO] =	"two",
	[FMT_FEW] =	"few",
	[FMT_MANY] =	"many",
	[FMT_OTHER] =	"other",
};
_Static_assert(G_N_ELEMENTS(plural_names) == FMT_PLURAL_MAX,
    "plural_names and enum fmt_plural");

/* The number formatters, each from a skeleton. */
enum nf {
	NF_INTEGER,
	NF_CHANGE,
	NF_DAYS,
	NF_NUMBER,	/* NF_NUMBER + digits, 0 to DIGITS_MAX */
	NF_PERCENT = NF_NUMBER + DIGITS_MAX + 1, /* NF_PERCENT + digits */
	NF_MAX = NF_PERCENT + DIGITS_MAX + 1
};

/* The periods, as months or as days. */
enum iv {
	IV_MONTHS,
	IV_DAYS,
	IV_MAX
};

static const UChar *const ivskel[] = {
	[IV_MONTHS] =	u"yMMMM",	/* January 2019 – May 2020 */
	[IV_DAYS] =	u"yMMMMd",	/* 14 January – 3 May 2020 */
};
_Static_assert(G_N_ELEMENTS(ivskel) == IV_MAX, "ivskel and enum iv");

/*
 * ICU's formatters, each opened on first use and kept until fmt_free:
 * opening one costs far more than formatting with it (a date interval
 * formatter builds its own pattern generator, a date formatter its own
 * number formatters), and a briefing uses some of them only, its
 * charts fewer still. Any may be NULL (not opened yet, or failed to
 * open); ICU's close functions accept NULL.
 */
struct icu {
	UNumberFormatter	*nf[NF_MAX];	/* by enum nf */
	UDateTimePatternGenerator *pg;		/* for the date formatters */
	UDateFormat		*date[DT_MAX];	/* by enum dt */
	GHashTable		*memo[DT_MAX];	/* ISO date -> its text */
	GHashTable		*integers;	/* gint64 -> its text */
	UDateIntervalFormat	*iv[IV_MAX];	/* by enum iv */
};

/*
 * Read-only to its users: what a struct fmt writes never changes. The
 * formatters it opens on first use and the dates it remembers live
 * behind its icu pointer, which const does not reach.
 */
struct fmt {
	char			 name[ULOC_FULLNAME_CAPACITY]; /* ICU's */
	UCalendar		*cal;		/* proleptic Gregorian, UTC */
	UPluralRules		*plural;
	unsigned		 plural_used;	/* bits 1 << enum fmt_plural */
	struct icu		*icu;
};

/* UTF-16 of length len (not terminated) as UTF-8; caller frees. */
static char *
utf8(const UChar *s, int32_t len)
{
	return g_utf16_to_utf8(s, len, NULL, NULL, NULL);
}

/* ICU's time of a day: milliseconds since 1970-01-01T00:00Z. */
static UDate
udate(const GDate *g)
{
	return ((double)g_date_get_julian(g) - EPOCH_JULIAN) * MS_PER_DAY;
}

/*
 * Read iso, a day YYYY-MM-DD or with month_ok also YYYY-MM, into g: the
 * day itself, or the first of the month when month_ok (the day then
 * only has to exist). 1, or 0 for anything else.
 */
static int
isoday(const char *iso, int month_ok, GDate *g)
{
	int	 y, m, d;

	if (iso == NULL)
		return 0;
	switch (isodate_parse(iso, month_ok, &y, &m, &d)) {
	case ISODATE_DAY:
	case ISODATE_MONTH:
		break;
	default:
		return 0;
	}
	g_date_clear(g, 1);
	g_date_set_dmy(g, month_ok ? 1 : d, m, y);
	return 1;
}

/*
 * Whether ICU has data of its own for the language of locale, rather
 * than falling back to root: the language alone is then one of ICU's
 * available locales. On success name gets the canonical ICU name with
 * the Gregorian calendar asked for.
 */
static int
known(const char *locale, char *name, int32_t namesz)
{
	char		 lang[ULOC_LANG_CAPACITY];
	UErrorCode	 st = U_ZERO_ERROR;
	int32_t		 i, n;

	/* ICU reads "" as the machine's default locale. */
	if (locale == NULL || *locale == '\0')
		return 0;
	uloc_getName(locale, name, namesz, &st);
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING)
		return 0;
	uloc_getLanguage(name, lang, sizeof(lang), &st);
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING ||
	    *lang == '\0')
		return 0;
	uloc_setKeywordValue("calendar", "gregorian", name, namesz, &st);
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING)
		return 0;
	n = uloc_countAvailable();
	for (i = 0; i < n; i++)
		if (strcmp(uloc_getAvailable(i), lang) == 0)
			return 1;
	return 0;
}

/*
 * A number formatter for locale from a skeleton given printf-style.
 * NULL on failure.
 */
static UNumberFormatter * G_GNUC_PRINTF(2, 3)
numfmt(const char *locale, const char *skelfmt, ...)
{
	UNumberFormatter	*nf = NULL, *ret = NULL;
	UChar			 uskel[128];
	UErrorCode		 st = U_ZERO_ERROR;
	va_list			 ap;
	char			*skel;
	size_t			 len;

	va_start(ap, skelfmt);
	skel = g_strdup_vprintf(skelfmt, ap);
	va_end(ap);
	len = strlen(skel);
	if (len >= G_N_ELEMENTS(uskel))
		goto out;
	u_charsToUChars(skel, uskel, (int32_t)len);
	nf = unumf_openForSkeletonAndLocale(uskel, (int32_t)len, locale, &st);
	if (U_FAILURE(st))
		goto out;
	ret = nf;
	nf = NULL;
out:
	unumf_close(nf);
	g_free(skel);
	return ret;
}

/*
 * Number formatter id of f, opened on first use. Borrowed; NULL when ICU
 * cannot open it.
 */
static const UNumberFormatter *
get_nf(const struct fmt *f, enum nf id)
{
	UNumberFormatter	**nf = &f->icu->nf[id];
	int			  digits;

	if (*nf != NULL)
		return *nf;
	switch (id) {
	case NF_INTEGER:
		*nf = numfmt(f->name, "precision-integer");
		break;
	case NF_CHANGE:
		*nf = numfmt(f->name, "precision-integer sign-except-zero");
		break;
	case NF_DAYS:
		/* A median can fall between two days: 54.5 days, never rounded. */
		*nf = numfmt(f->name, "measure-unit/duration-day "
		    "unit-width-full-name .#");
		break;
	default:
		/*
		 * Half-up, as readers and SQLite's round() expect (12.5% is
		 * 13%), not ICU's half-even; sign-negative so that a value
		 * that rounds to zero prints no minus sign ("0.00", not
		 * "-0.00").
		 */
		g_assert(id >= NF_NUMBER && id < NF_MAX);
		if (id < NF_PERCENT) {
			digits = id - NF_NUMBER;
			*nf = digits == 0 ?
			    numfmt(f->name, "precision-integer "
				"rounding-mode-half-up sign-negative") :
			    numfmt(f->name, ".%.*s rounding-mode-half-up "
				"sign-negative", digits, "000000");
		} else {
			digits = id - NF_PERCENT;
			*nf = digits == 0 ?
			    numfmt(f->name, "percent scale/100 "
				"precision-integer rounding-mode-half-up "
				"sign-negative") :
			    numfmt(f->name, "percent scale/100 .%.*s "
				"rounding-mode-half-up sign-negative", digits,
				"000000");
		}
		break;
	}
	return *nf;
}

/*
 * A date formatter for locale from a CLDR skeleton, with the locale's
 * best pattern for it (from pg) and the calendar cal (copied).
 */
static UDateFormat *
datefmt(const char *locale, UDateTimePatternGenerator *pg,
    const UChar *skel, const UCalendar *cal)
{
	UDateFormat	*df = NULL, *ret = NULL;
	UChar		 pat[128];
	UErrorCode	 st = U_ZERO_ERROR;
	int32_t		 len;

	len = udatpg_getBestPattern(pg, skel, -1, pat, G_N_ELEMENTS(pat), &st);
	if (U_FAILURE(st))
		goto out;
	df = udat_open(UDAT_PATTERN, UDAT_PATTERN, locale, u"UTC", -1,
	    pat, len, &st);
	if (U_FAILURE(st))
		goto out;
	udat_setCalendar(df, cal);
	ret = df;
	df = NULL;
out:
	udat_close(df);
	return ret;
}

/*
 * Date formatter id of f, opened on first use with the pattern
 * generator, itself opened on the first. Borrowed; NULL when ICU cannot
 * open it.
 */
static const UDateFormat *
get_date(const struct fmt *f, enum dt id)
{
	struct icu	*icu = f->icu;
	UErrorCode	 st = U_ZERO_ERROR;

	if (icu->date[id] != NULL)
		return icu->date[id];
	if (icu->pg == NULL) {
		icu->pg = udatpg_open(f->name, &st);
		if (U_FAILURE(st)) {
			udatpg_close(icu->pg);
			icu->pg = NULL;
			return NULL;
		}
	}
	icu->date[id] = datefmt(f->name, icu->pg, dtskel[id], f->cal);
	return icu->date[id];
}

/* An interval formatter for locale from a CLDR skeleton, in UTC. */
static UDateIntervalFormat *
spanfmt(const char *locale, const UChar *skel)
{
	UDateIntervalFormat	*iv, *ret = NULL;
	UErrorCode		 st = U_ZERO_ERROR;

	iv = udtitvfmt_open(locale, skel, -1, u"UTC", -1, &st);
	if (U_FAILURE(st))
		goto out;
	ret = iv;
	iv = NULL;
out:
	udtitvfmt_close(iv);
	return ret;
}

/*
 * The categories of the rules as bits into *used. 1, or 0 on failure or
 * for a keyword that is not one of CLDR's six.
 */
static int
categories(const UPluralRules *pr, unsigned *used)
{
	UEnumeration	*e;
	UErrorCode	 st = U_ZERO_ERROR;
	const char	*kw;
	enum fmt_plural	 p;
	int		 ok = 0;

	*used = 0;
	e = uplrules_getKeywords(pr, &st);
	if (U_FAILURE(st))
		goto out;
	while ((kw = uenum_next(e, NULL, &st)) != NULL) {
		if ((p = fmt_plural_parse(kw)) == FMT_PLURAL_MAX)
			goto out;
		*used |= 1u << p;
	}
	if (U_FAILURE(st))
		goto out;
	ok = 1;
out:
	uenum_close(e);
	return ok;
}

/*
 * The formatters for locale: the calendar and the plural rules now,
 * every other formatter on first use. NULL when ICU has no data for the
 * language or cannot open those two. Caller frees.
 */
struct fmt *
fmt_new(const char *locale)
{
	struct fmt	*f, *ret = NULL;
	UErrorCode	 st = U_ZERO_ERROR;
	int		 i;

	f = g_new0(struct fmt, 1);
	f->icu = g_new0(struct icu, 1);
	for (i = 0; i < DT_MAX; i++)
		f->icu->memo[i] = g_hash_table_new_full(g_str_hash,
		    g_str_equal, g_free, g_free);
	f->icu->integers = g_hash_table_new_full(g_int64_hash, g_int64_equal,
	    g_free, g_free);
	if (!known(locale, f->name, sizeof(f->name)))
		goto out;

	/*
	 * ICU's Gregorian calendar turns Julian before 1582-10-15; ISO
	 * 8601 dates (and GDate, which made the UDate) are Gregorian
	 * throughout.
	 */
	f->cal = ucal_open(u"UTC", -1, f->name, UCAL_GREGORIAN, &st);
	if (U_FAILURE(st))
		goto out;
	ucal_setGregorianChange(f->cal, U_DATE_MIN, &st);
	if (U_FAILURE(st))
		goto out;

	f->plural = uplrules_open(f->name, &st);
	if (U_FAILURE(st))
		goto out;
	if (!categories(f->plural, &f->plural_used))
		goto out;

	ret = f;
	f = NULL;
out:
	fmt_free(f);
	return ret;
}

void
fmt_free(struct fmt *f)
{
	struct icu	*icu;
	int		 i;

	if (f == NULL)
		return;
	icu = f->icu;
	for (i = 0; i < NF_MAX; i++)
		unumf_close(icu->nf[i]);
	for (i = 0; i < DT_MAX; i++) {
		udat_close(icu->date[i]);
		g_hash_table_destroy(icu->memo[i]);
	}
	g_hash_table_destroy(icu->integers);
	udatpg_close(icu->pg);
	for (i = 0; i < IV_MAX; i++)
		udtitvfmt_close(icu->iv[i]);
	g_free(icu);
	ucal_close(f->cal);
	uplrules_close(f->plural);
	g_free(f);
}

/*
 * n, or *dbl when dbl is not NULL, formatted by nf. Caller closes with
 * unumf_closeResult; NULL on failure.
 */
static UFormattedNumber *
formatted(const UNumberFormatter *nf, int64_t n, const double *dbl)
{
	UFormattedNumber	*res, *ret = NULL;
	UErrorCode		 st = U_ZERO_ERROR;

	if (nf == NULL)
		return NULL;
	res = unumf_openResult(&st);
	if (U_FAILURE(st))
		goto out;
	if (dbl != NULL)
		unumf_formatDouble(nf, *dbl, res, &st);
	else
		unumf_formatInt(nf, n, res, &st);
	if (U_FAILURE(st))
		goto out;
	ret = res;
	res = NULL;
out:
	unumf_closeResult(res);
	return ret;
}

/* As formatted, but the text. Caller frees, or NULL. */
static char *
number(const UNumberFormatter *nf, int64_t n, const double *dbl)
{
	UFormattedNumber	*res;
	const UFormattedValue	*val;
	const UChar		*s;
	UErrorCode		 st = U_ZERO_ERROR;
	int32_t			 len;
	char			*out = NULL;

	if ((res = formatted(nf, n, dbl)) == NULL)
		return NULL;
	val = unumf_resultAsValue(res, &st);
	if (U_FAILURE(st))
		goto out;
	s = ufmtval_getString(val, &len, &st);
	if (U_FAILURE(st))
		goto out;
	out = utf8(s, len);
out:
	unumf_closeResult(res);
	return out;
}

/*
 * Remembered, as dates are: an annex of 15,000 incidents writes a
 * severity of 1 to 4 in each row, and ICU takes some 2,700 instructions
 * a number.
 */
char *
fmt_integer(const struct fmt *f, int64_t n)
{
	GHashTable	*memo = f->icu->integers;
	gint64		 key = n;
	const char	*v;
	char		*s;

	if ((v = g_hash_table_lookup(memo, &key)) != NULL)
		return g_strdup(v);
	if ((s = number(get_nf(f, NF_INTEGER), n, NULL)) != NULL)
		g_hash_table_insert(memo, g_memdup2(&key, sizeof(key)),
		    g_strdup(s));
	return s;
}

/* NULL also for digits outside 0 to DIGITS_MAX and for NaN or infinity. */
char *
fmt_number(const struct fmt *f, double x, int digits)
{
	if (digits < 0 || digits > DIGITS_MAX || !isfinite(x))
		return NULL;
	return number(get_nf(f, NF_NUMBER + digits), 0, &x);
}

/* As fmt_number, of fraction × 100 with the locale's percent sign. */
char *
fmt_percent(const struct fmt *f, double fraction, int digits)
{
	if (digits < 0 || digits > DIGITS_MAX || !isfinite(fraction))
		return NULL;
	return number(get_nf(f, NF_PERCENT + digits), 0, &fraction);
}

char *
fmt_change(const struct fmt *f, int64_t n)
{
	return number(get_nf(f, NF_CHANGE), n, NULL);
}

char *
fmt_days(const struct fmt *f, double n)
{
	if (!isfinite(n))
		return NULL;
	return number(get_nf(f, NF_DAYS), 0, &n);
}

/* The day of iso (see isoday) formatted with df. Caller frees, or NULL. */
static char *
format_date(const UDateFormat *df, const char *iso, int month_ok)
{
	GDate		 g;
	UChar		*buf = NULL;
	UErrorCode	 st = U_ZERO_ERROR;
	int32_t		 len;
	char		*out = NULL;

	if (df == NULL || !isoday(iso, month_ok, &g))
		return NULL;
	len = udat_format(df, udate(&g), NULL, 0, NULL, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR)
		goto out;
	st = U_ZERO_ERROR;
	buf = g_new(UChar, len + 1);
	udat_format(df, udate(&g), buf, len + 1, NULL, &st);
	if (U_FAILURE(st))
		goto out;
	out = utf8(buf, len);
out:
	g_free(buf);
	return out;
}

/*
 * format_date with formatter dt of f, remembered: an annex of 15,000
 * incidents has some 500 distinct days, and ICU takes 20 microseconds
 * a date. Caller frees, or NULL.
 */
static char *
date(const struct fmt *f, enum dt dt, const char *iso, int month_ok)
{
	GHashTable	*memo = f->icu->memo[dt];
	const char	*v;
	char		*s;

	if (iso == NULL)
		return NULL;
	if ((v = g_hash_table_lookup(memo, iso)) != NULL)
		return g_strdup(v);
	if ((s = format_date(get_date(f, dt), iso, month_ok)) != NULL)
		g_hash_table_insert(memo, g_strdup(iso), g_strdup(s));
	return s;
}

char *
fmt_date(const struct fmt *f, const char *iso)
{
	return date(f, DT_DATE, iso, 0);
}

char *
fmt_date_short(const struct fmt *f, const char *iso)
{
	return date(f, DT_DATE_SHORT, iso, 0);
}

char *
fmt_month(const struct fmt *f, const char *iso)
{
	return date(f, DT_MONTH, iso, 1);
}

char *
fmt_month_short(const struct fmt *f, const char *iso)
{
	return date(f, DT_MONTH_SHORT, iso, 1);
}

/* The month alone, abbreviated, as a chart's axis marks it. */
char *
fmt_month_abbr(const struct fmt *f, const char *iso)
{
	return date(f, DT_MONTH_ABBR, iso, 1);
}

/* Takes a day or a month, as fmt_month does. */
char *
fmt_year(const struct fmt *f, const char *iso)
{
	return date(f, DT_YEAR, iso, 1);
}

/*
 * The interval goes through calendars of our own (copies of f->cal)
 * rather than udtitvfmt_format's UDates, which ICU would show in its
 * Julian calendar before 1582.
 */
char *
fmt_period(const struct fmt *f, const char *from, const char *to)
{
	GDate			 a, b;
	UCalendar		*ca = NULL, *cb = NULL;
	UFormattedDateInterval	*res = NULL;
	const UFormattedValue	*val;
	const UDateIntervalFormat *iv;
	const UChar		*s;
	enum iv			 id;
	UErrorCode		 st = U_ZERO_ERROR;
	int32_t			 len;
	char			*out = NULL;

	if (!isoday(from, 0, &a) || !isoday(to, 0, &b) ||
	    g_date_compare(&a, &b) > 0)
		return NULL;
	id = g_date_get_day(&a) == 1 && g_date_is_last_of_month(&b) ?
	    IV_MONTHS : IV_DAYS;
	if (f->icu->iv[id] == NULL &&
	    (f->icu->iv[id] = spanfmt(f->name, ivskel[id])) == NULL)
		return NULL;
	iv = f->icu->iv[id];

	ca = ucal_clone(f->cal, &st);
	if (U_FAILURE(st))
		goto out;
	cb = ucal_clone(f->cal, &st);
	if (U_FAILURE(st))
		goto out;
	ucal_setMillis(ca, udate(&a), &st);
	if (U_FAILURE(st))
		goto out;
	ucal_setMillis(cb, udate(&b), &st);
	if (U_FAILURE(st))
		goto out;
	res = udtitvfmt_openResult(&st);
	if (U_FAILURE(st))
		goto out;
	udtitvfmt_formatCalendarToResult(iv, ca, cb, res, &st);
	if (U_FAILURE(st))
		goto out;
	val = udtitvfmt_resultAsValue(res, &st);
	if (U_FAILURE(st))
		goto out;
	s = ufmtval_getString(val, &len, &st);
	if (U_FAILURE(st))
		goto out;
	out = utf8(s, len);
out:
	udtitvfmt_closeResult(res);
	ucal_close(ca);
	ucal_close(cb);
	return out;
}

/*
 * The category of n as the integer formatter writes it: the exact
 * decimal, so that n beyond 2^53 is not rounded through a double.
 */
enum fmt_plural
fmt_plural(const struct fmt *f, int64_t n)
{
	UFormattedNumber	*res;
	UChar			 ukw[8];
	UErrorCode		 st = U_ZERO_ERROR;
	int32_t			 len;
	char			 kw[G_N_ELEMENTS(ukw)];
	enum fmt_plural		 p = FMT_PLURAL_MAX;

	if ((res = formatted(get_nf(f, NF_INTEGER), n, NULL)) == NULL)
		return FMT_PLURAL_MAX;
	len = uplrules_selectFormatted(f->plural, res, ukw,
	    G_N_ELEMENTS(ukw), &st);
	/* A keyword that fills ukw is not terminated, and not CLDR's. */
	if (U_FAILURE(st) || len >= (int32_t)G_N_ELEMENTS(ukw))
		goto out;
	u_UCharsToChars(ukw, kw, len + 1);
	p = fmt_plural_parse(kw);
out:
	unumf_closeResult(res);
	return p;
}

unsigned
fmt_plural_used(const struct fmt *f)
{
	return f->plural_used;
}

const char *
fmt_plural_name(enum fmt_plural p)
{
	return (unsigned)p < FMT_PLURAL_MAX ? plural_names[p] : NULL;
}

enum fmt_plural
fmt_plural_parse(const char *s)
{
	int	 i;

	if (s == NULL)
		return FMT_PLURAL_MAX;
	for (i = 0; i < FMT_PLURAL_MAX; i++)
		if (strcmp(s, plural_names[i]) == 0)
			return i;
	return FMT_PLURAL_MAX;
}

/*
 * Release ICU's process-wide caches, so that leak checkers see nothing.
 * Call once at exit, after every fmt_free.
 */
void
fmt_cleanup(void)
{
	u_cleanup();
}

/*
 * n strings (UTF-8) as the locale joins a list of them ("Germany,
 * Netherlands and France", "Германия, Нидерланды и Франция"). NULL if a
 * string is not UTF-8 or ICU fails.
 */
char *
fmt_list(const struct fmt *f, const char *const *items, int n)
{
	UListFormatter	*lf;
	UChar		**u, *out = NULL;
	int32_t		*lens, len;
	UErrorCode	 st = U_ZERO_ERROR;
	glong		 ulen;
	char		*s = NULL;
	int		 i, ok = 1;

	if (n < 1)
		return g_strdup("");
	u = g_new0(UChar *, n);
	lens = g_new0(int32_t, n);
	for (i = 0; i < n && ok; i++) {
		u[i] = (UChar *)g_utf8_to_utf16(items[i], -1, NULL, &ulen,
		    NULL);
		ok = u[i] != NULL;
		lens[i] = (int32_t)ulen;
	}
	lf = ok ? ulistfmt_open(f->name, &st) : NULL;
	if (lf == NULL || U_FAILURE(st))
		goto out;
	len = ulistfmt_format(lf, (const UChar *const *)u, lens, n, NULL, 0,
	    &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		goto out;
	st = U_ZERO_ERROR;
	out = g_new(UChar, len + 1);
	ulistfmt_format(lf, (const UChar *const *)u, lens, n, out, len + 1,
	    &st);
	if (U_SUCCESS(st))
		s = utf8(out, len);
out:
	if (lf != NULL)
		ulistfmt_close(lf);
	for (i = 0; i < n; i++)
		g_free(u[i]);
	g_free(u);
	g_free(lens);
	g_free(out);
	return s;
}
