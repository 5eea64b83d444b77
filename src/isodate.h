/*
 * isodate: strict ISO 8601 calendar dates (YYYY-MM-DD) and the month
 * shorthand of the command line (YYYY-MM). It validates and expands text;
 * date arithmetic over the register belongs to SQL, not here.
 */
#ifndef ISODATE_H
#define ISODATE_H

enum isodate_form {
	ISODATE_BAD,		/* not of the form */
	ISODATE_IMPOSSIBLE,	/* of the form, but no such day (2019-02-30) */
	ISODATE_DAY,		/* YYYY-MM-DD */
	ISODATE_MONTH		/* YYYY-MM */
};

enum isodate_form isodate_parse(const char *, int allow_month,
		    int *year, int *month, int *day);
char		*isodate_period_start(const char *);
char		*isodate_period_end(const char *);

#endif /* ISODATE_H */
