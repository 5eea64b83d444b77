/*
 * figures: printing the key figures (see figures.h). The numbers arrive
 * counted; this file only lays them out, as an aligned table for people
 * or as one JSON object for programs. It must not compute anything.
 */
#include <glib.h>

#include "figures.h"

/*
 * The median in its shortest exact form: "41", "41.5". The locale never
 * changes the decimal point (g_ascii_dtostr).
 */
static void
median(const struct figures *f, char *buf, size_t len)
{
	g_ascii_dtostr(buf, len, f->median_days_to_reply);
}

/* The figures as a labelled table, one per line. */
void
figures_print_text(const struct figures *f, FILE *out)
{
	char	 m[G_ASCII_DTOSTR_BUF_SIZE];

	fprintf(out, "Key figures for %s, %s to %s\n", f->country, f->from,
	    f->to);
	fprintf(out, "  incidents                %6" G_GINT64_FORMAT "\n",
	    f->incidents);
	fprintf(out, "  government bodies        %6" G_GINT64_FORMAT "\n",
	    f->government_bodies);
	fprintf(out, "  notified                 %6" G_GINT64_FORMAT "\n",
	    f->notified);
	fprintf(out, "  replied                  %6" G_GINT64_FORMAT "\n",
	    f->replied);
	fprintf(out, "    formalistic            %6" G_GINT64_FORMAT "\n",
	    f->formalistic);
	fprintf(out, "    substantive            %6" G_GINT64_FORMAT "\n",
	    f->substantive);
	fprintf(out, "  unanswered               %6" G_GINT64_FORMAT "\n",
	    f->unanswered);
	if (f->has_median) {
		median(f, m, sizeof(m));
		fprintf(out, "  median days to reply     %6s\n", m);
	} else
		fprintf(out, "  median days to reply          -\n");
}

/*
 * The figures as one JSON object with the keys DESIGN.md fixes. Every
 * string in it is a validated country code or date: no escaping needed.
 */
void
figures_print_json(const struct figures *f, FILE *out)
{
	char	 m[G_ASCII_DTOSTR_BUF_SIZE];

	if (f->has_median)
		median(f, m, sizeof(m));
	else
		g_strlcpy(m, "null", sizeof(m));
	fprintf(out, "{\"country\": \"%s\", \"from\": \"%s\", \"to\": \"%s\", "
	    "\"incidents\": %" G_GINT64_FORMAT ", "
	    "\"government_bodies\": %" G_GINT64_FORMAT ", "
	    "\"notified\": %" G_GINT64_FORMAT ", "
	    "\"replied\": %" G_GINT64_FORMAT ", "
	    "\"formalistic\": %" G_GINT64_FORMAT ", "
	    "\"substantive\": %" G_GINT64_FORMAT ", "
	    "\"unanswered\": %" G_GINT64_FORMAT ", "
	    "\"median_days_to_reply\": %s}\n",
	    f->country, f->from, f->to, f->incidents, f->government_bodies,
	    f->notified, f->replied, f->formalistic, f->substantive,
	    f->unanswered, m);
}
