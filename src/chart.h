/*
 * chart: draws one chart of the document tree (a DOC_CHART node) into a
 * rectangle of a cairo context the caller owns: gridlines, bars, stacks,
 * a ring or lines, the axis, category labels and legends. It neither
 * creates surfaces nor chooses pages, and draws neither the chart's
 * title nor its caption: the layout places those around the rectangle.
 * On request it reports every text it drew and where (for tests).
 */
#ifndef CHART_H
#define CHART_H

#include <cairo.h>
#include <glib.h>
#include <pango/pango.h>

#include "doc.h"
#include "fmt.h"

/*
 * The height in points a chart wants when it is width_pt wide. Pure
 * arithmetic on the node (number of points and series, kind); no Pango.
 */
double	chart_height_pt(const struct doc_node *chart, double width_pt);

/*
 * The ticks of a value axis whose largest value is max: 0, step,
 * 2 step ... nticks * step, with step a whole number on the 1-2-5
 * sequence (1, 2, 5, 10, 20, ...), the smallest that needs at most five
 * intervals, so that the top tick is at or above max. A max below 1
 * (also 0, negative or NaN) gives 0 and 1; one above 1e15, the largest
 * value a chart draws, counts as 1e15.
 */
void	chart_ticks(double max, double *step, int *nticks);

/* What a piece of text chart_draw drew is. */
enum chart_text_role {
	CHART_TEXT_TICK,	/* a value axis label; index: the tick */
	CHART_TEXT_CATEGORY,	/* a point's label, also a donut's legend
				   row; index: the point */
	CHART_TEXT_YEAR,	/* a month axis' year; index: its point */
	CHART_TEXT_VALUE,	/* a value; index: point, series: series */
	CHART_TEXT_TOTAL,	/* a stack's total; index: the point */
	CHART_TEXT_SHARE,	/* a donut's percentage; index: the point */
	CHART_TEXT_LEGEND,	/* a series' name; index: the series */
	CHART_TEXT_MORE,	/* a donut legend's "…" for rows left out */
	CHART_TEXT_EMPTY,	/* the words for no data */
	CHART_TEXT_AXIS,	/* the value axis' title: the one series'
				   name; index 0 */
	CHART_TEXT_MAX
};

/*
 * One piece of text as drawn. Coordinates are points in the chart's
 * rectangle (y down); the ink box is in the text's own frame, from its
 * origin, along (x) and across (y) the text.
 */
struct chart_text {
	enum chart_text_role	 role;
	int			 index;		/* see the roles; -1: none */
	int			 series;	/* VALUE: the series; else -1 */
	char			*text;		/* whole, before any cut */
	int			 cut;		/* ends in an ellipsis */
	double			 x, y;		/* pt: the text's origin */
	double			 angle;		/* rad: 0 flat, -pi/4 rising */
	double			 ix, iy, iw, ih; /* pt: ink, own frame */
	double			 x0, y0, x1, y1; /* pt: ink, axis-aligned */
};

/*
 * An empty array for chart_draw_texts. Caller frees with
 * g_array_free(a, TRUE), which frees the texts too.
 */
GArray	*chart_texts_new(void);

/*
 * Draw chart (a DOC_CHART node, borrowed) into the rectangle
 * (0,0)-(width_pt,height_pt) of cr, which the caller has translated to
 * the rectangle's top-left corner (PDF points, y down). Text is shaped
 * with ctx (borrowed; 72 dpi, the bundled fonts), numbers formatted with
 * fmt (borrowed). Nothing is drawn outside the rectangle, and cr's state
 * is as it was on return. Returns 1, or 0 when it could not draw (see
 * chart.c for when). Prints nothing.
 */
int	chart_draw(cairo_t *cr, PangoContext *ctx, const struct fmt *fmt,
	    const struct doc_node *chart, double width_pt, double height_pt);

/*
 * chart_draw, and every piece of text it draws appended to texts (from
 * chart_texts_new; borrowed), in drawing order: for tests, and for
 * whoever must know where the words are.
 */
int	chart_draw_texts(cairo_t *cr, PangoContext *ctx, const struct fmt *fmt,
	    const struct doc_node *chart, double width_pt, double height_pt,
	    GArray *texts);

/*
 * What chart_draw is about to do on cr, for a pen: paint the current
 * path (fill; it may be kept for a stroke after), stroke it, clip to
 * it, or save or restore the graphics state (a clip lasts until the
 * restore of the save before it).
 */
enum chart_mark {
	CHART_FILL,
	CHART_STROKE,
	CHART_CLIP,
	CHART_SAVE,
	CHART_RESTORE,
	CHART_MARK_MAX
};

/*
 * A pen sees every mark a chart makes just before cairo makes it on the
 * same context: whoever draws in a form cairo cannot write reads the
 * path, source and line settings from cr then. text is told of a layout
 * about to be shown at cr's current point.
 */
struct chart_pen {
	void	(*mark)(void *arg, cairo_t *cr, enum chart_mark);
	void	(*text)(void *arg, cairo_t *cr, PangoLayout *);
	void	 *arg;
};

/* Give cr a pen (borrowed while cr lives; NULL: none). */
void	chart_set_pen(cairo_t *cr, const struct chart_pen *);

#endif /* CHART_H */
