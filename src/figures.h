/*
 * figures: the key figures of one counterpart and period, as DESIGN.md
 * defines them, and their text and JSON forms. The figures themselves are
 * counted in SQL (db_figures); this module only holds and prints them.
 */
#ifndef FIGURES_H
#define FIGURES_H

#include <stdint.h>
#include <stdio.h>

struct figures {
	char	 country[3];		/* ISO 3166 alpha-2 */
	char	 from[11];		/* YYYY-MM-DD, inclusive */
	char	 to[11];		/* YYYY-MM-DD, inclusive */
	int64_t	 incidents;		/* detected in the period */
	int64_t	 government_bodies;	/* distinct government targets */
	int64_t	 notified;		/* incidents with a notification */
	int64_t	 replied;		/* notified incidents with a reply */
	int64_t	 formalistic;		/* replied, no substantive reply */
	int64_t	 substantive;		/* replied, a substantive reply */
	int64_t	 unanswered;		/* notified minus replied */
	int	 has_median;		/* 0 when nothing was replied */
	double	 median_days_to_reply;	/* days, may end in .5 */
};

void	figures_print_text(const struct figures *, FILE *);
void	figures_print_json(const struct figures *, FILE *);

#endif /* FIGURES_H */
