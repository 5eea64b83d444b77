/*
 * chart: draws one chart of the document tree (a DOC_CHART node) into a
 * rectangle of a cairo context the caller owns: gridlines, bars, stacks,
 * a ring or lines, the axis, category labels and legends. It neither
 * creates surfaces nor chooses pages, and draws neither the chart's
 * title nor its caption: the layout places those around the rectangle.
 */
#ifndef CHART_H
#define CHART_H

#include <cairo.h>
#include <pango/pango.h>

#include "doc.h"
#include "fmt.h"

/*
 * The height in points a chart wants when it is width_pt wide. Pure
 * arithmetic on the node (number of points and series, kind); no Pango.
 */
double	chart_height_pt(const struct doc_node *chart, double width_pt);

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

#endif /* CHART_H */
