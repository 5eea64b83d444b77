/*
 * chart: drawing one chart (see chart.h). The node's numbers are
 * sanitised and formatted first, so that a failure leaves the page
 * untouched; then each kind is drawn with cairo paths and Pango layouts
 * in a rectangle it is clipped to. Everything is decided from the data
 * and the measured text, in the data's order, so that the same input
 * gives the same drawing. It must not create surfaces, load fonts,
 * change the Pango context it is given, call cairo's toy text API or
 * print anything.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include "chart.h"
#include "doc.h"
#include "fmt.h"

#define FONT	"PT Sans 8"
#define INK	0x333333	/* text and axes */
#define GRID	0xd9d9d9	/* gridlines, an empty ring */
#define HATCHED	0x4d4d4d	/* hatching on a light fill */
#define WHITE	0xffffff

/* Sizes, in points. */
#define AXIS_PT		0.6
#define GRID_PT		0.4
#define SEP_PT		0.75	/* white line where segments touch */
#define HATCH_PT	0.6
#define HATCH_GAP_PT	3.0	/* between hatching lines */
#define SWATCH_PT	8.0	/* legend square */
#define LSWATCH_PT	14.0	/* legend sample of a line */
#define LINE_PT		1.5	/* a line chart's line */
#define MARKER_PT	2.5	/* a line chart's marker, radius */
#define GAP_PT		4.0	/* between text and what it labels */
#define ITEM_GAP_PT	12.0	/* between legend items */
#define COLUMN_MAX_PT	48.0	/* widest column, per series */
#define BAR_MAX_PT	12.0	/* thickest horizontal bar, per series */
#define POINT_PT	16.0	/* horizontal bars: a row, one series */
#define SERIES_PT	10.0	/* ... and per series beyond one */
#define ROW_PT		13.0	/* a donut legend row */
#define WRAP_MIN_PT	50.0	/* narrowest slot for 3-line labels */
#define TALL_PT		640.0	/* most chart_height_pt asks for */
#define PAGE_MAX_PT	14400.0	/* PDF's largest page side */

/* Shares, of the chart's width or height. */
#define NAMES_SHARE	0.40	/* bars: width for the names */
#define LABELS_SHARE	0.35	/* columns: height for the labels */
#define OVERHANG_SHARE	0.30	/* width a 45° label may reach left */
#define GROUP_SHARE	0.70	/* of a slot, the bars of its point */
#define HOLE_SHARE	0.58	/* donut: inner radius / outer */

#define VALUE_MAX	1e15	/* larger values are drawn as this */
#define COS45		(1 / G_SQRT2)
#define NPAL		5

/*
 * Colour-blind safe, and of three distinct lightnesses in the first
 * three; the two after repeat lightnesses and so are hatched (see
 * hatched), as is everything in the palette's second round.
 */
static const struct swatch {
	unsigned	 rgb;
	int		 light;	/* hatch it dark, not white */
} palette[NPAL] = {
	{ 0x1f4e79, 0 },	/* dark blue */
	{ 0xe08214, 0 },	/* orange */
	{ 0x9ecae1, 1 },	/* light blue */
	{ 0x4d4d4d, 0 },	/* dark grey */
	{ 0xfdb863, 1 },	/* light orange */
};

/* How category labels stand under a vertical chart's axis. */
enum lmode {
	LM_FLAT,	/* one line, centred under the point */
	LM_WRAP,	/* up to three lines, centred */
	LM_45,		/* rising to the right, ending at the point */
	LM_90		/* rising straight up, ending at the point */
};

/* One chart being drawn. Sizes in points. */
struct chart {
	cairo_t		 *cr;		/* borrowed */
	PangoContext	 *ctx;		/* borrowed */
	PangoFontDescription *font;
	enum tmpl_chart	  kind;
	double		  w, h;		/* the rectangle */
	double		  line_h;	/* one line of text */
	int		  n;		/* points */
	int		  ns;		/* series */
	const char	**label;	/* [n], borrowed from the doc or mlabel */
	int		  time;		/* a month axis: years marked below */
	char		**mlabel;	/* [n]: month axis: "Jan", "янв." */
	char		**year;		/* [n]: month axis: "2019" at January
					   and at the first point, else NULL */
	const char	 *empty;	/* words for no data, or NULL */
	const char	**name;		/* [ns], borrowed likewise */
	double		 *v;		/* [n * ns]: 0 to VALUE_MAX */
	char		**vtext;	/* [n * ns]: v as text */
	char		**ptext;	/* [n]: stack total, donut share */
	double		  total;	/* donut: sum of series 0 */
	double		  step;		/* value between ticks */
	int		  nticks;	/* intervals on the value axis */
	char		**tick;		/* [nticks + 1] as text */
	GArray		 *texts;	/* of struct chart_text, or NULL */
	cairo_matrix_t	  back;		/* device to rectangle, for texts */
};

/* Category labels of a vertical chart, as catlabels set them. */
struct cats {
	PangoLayout	**l;		/* [n] */
	enum lmode	  mode;
	int		  k;		/* every k-th shown, from 0 */
	double		  maxw;		/* pt: widest, unwrapped */
	double		  wrap_w;	/* pt: LM_WRAP: width */
	double		  h;		/* pt: taken under the axis */
	double		  reach;	/* pt: first, left of its point */
};

static const cairo_user_data_key_t pen_key;

void
chart_set_pen(cairo_t *cr, const struct chart_pen *pen)
{
	cairo_set_user_data(cr, &pen_key, (void *)pen, NULL);
}

/* Tell cr's pen, if it has one, what is about to be done on cr. */
static void
mark(cairo_t *cr, enum chart_mark m)
{
	const struct chart_pen	*p = cairo_get_user_data(cr, &pen_key);

	if (p != NULL)
		p->mark(p->arg, cr, m);
}

/* The paint operations of cairo, each shown to the pen first. */
static void
do_fill(cairo_t *cr)
{
	mark(cr, CHART_FILL);
	cairo_fill(cr);
}

static void
do_fill_preserve(cairo_t *cr)
{
	mark(cr, CHART_FILL);
	cairo_fill_preserve(cr);
}

static void
do_stroke(cairo_t *cr)
{
	mark(cr, CHART_STROKE);
	cairo_stroke(cr);
}

static void
do_clip(cairo_t *cr)
{
	mark(cr, CHART_CLIP);
	cairo_clip(cr);
}

static void
do_save(cairo_t *cr)
{
	mark(cr, CHART_SAVE);
	cairo_save(cr);
}

static void
do_restore(cairo_t *cr)
{
	mark(cr, CHART_RESTORE);
	cairo_restore(cr);
}

static void
do_show(cairo_t *cr, PangoLayout *l)
{
	const struct chart_pen	*p = cairo_get_user_data(cr, &pen_key);

	if (p != NULL)
		p->text(p->arg, cr, l);
	pango_cairo_show_layout(cr, l);
}

static double
clampd(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

static void
rgb(cairo_t *cr, unsigned hex)
{
	cairo_set_source_rgb(cr, ((hex >> 16) & 0xff) / 255.0,
	    ((hex >> 8) & 0xff) / 255.0, (hex & 0xff) / 255.0);
}

static double
val(const struct chart *c, int i, int s)
{
	return c->v[(size_t)i * c->ns + s];
}

/* A value as drawn: NaN, infinity and negatives as 0, huge as VALUE_MAX. */
static double
clean(double x)
{
	if (!(x > 0))
		return 0;
	return x > VALUE_MAX ? VALUE_MAX : x;
}

/*
 * A count as text: whole numbers as integers, anything else to one
 * decimal. Caller frees; NULL when ICU fails.
 */
static char *
num(const struct fmt *f, double x)
{
	if (x == floor(x))
		return fmt_integer(f, (int64_t)x);
	return fmt_number(f, x, 1);
}

/*
 * A layout of s in the chart font. Invalid UTF-8 is repaired and
 * control characters become spaces, so that Pango neither warns nor
 * breaks the line. Caller unrefs.
 */
static PangoLayout *
text(const struct chart *c, const char *s)
{
	PangoLayout	*l;
	char		*t;

	t = g_utf8_make_valid(s != NULL ? s : "", -1);
	g_strdelimit(t, "\t\n\v\f\r", ' ');
	l = pango_layout_new(c->ctx);
	pango_layout_set_font_description(l, c->font);
	pango_layout_set_single_paragraph_mode(l, TRUE);
	pango_layout_set_text(l, t, -1);
	g_free(t);
	return l;
}

/* The logical right edge (from the layout's origin) of l, in pt. */
static double
wid(PangoLayout *l)
{
	PangoRectangle	 r;

	pango_layout_get_extents(l, NULL, &r);
	return (r.x + r.width) / (double)PANGO_SCALE;
}

/* The logical height of l, in pt. */
static double
hgt(PangoLayout *l)
{
	PangoRectangle	 r;

	pango_layout_get_extents(l, NULL, &r);
	return r.height / (double)PANGO_SCALE;
}

/* l cut with an ellipsis at width_pt, if it is wider. */
static void
cut(PangoLayout *l, double width_pt)
{
	if (wid(l) <= width_pt)
		return;
	pango_layout_set_width(l, (int)(width_pt * PANGO_SCALE));
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
}

/*
 * Note l, about to be drawn with its origin at (x, y) of the current
 * user space, in c->texts as role, index and series.
 */
static void
note(const struct chart *c, enum chart_text_role role, int index,
    int series, PangoLayout *l, double x, double y)
{
	struct chart_text	 t;
	PangoRectangle		 ink;
	cairo_matrix_t		 m;
	double			 px, py;
	int			 k;

	memset(&t, 0, sizeof(t));
	t.role = role;
	t.index = index;
	t.series = series;
	t.text = g_strdup(pango_layout_get_text(l));
	t.cut = pango_layout_is_ellipsized(l);
	pango_layout_get_extents(l, &ink, NULL);
	t.ix = ink.x / (double)PANGO_SCALE;
	t.iy = ink.y / (double)PANGO_SCALE;
	t.iw = ink.width / (double)PANGO_SCALE;
	t.ih = ink.height / (double)PANGO_SCALE;
	/* User space to the device, then back to the rectangle. */
	cairo_get_matrix(c->cr, &m);
	cairo_matrix_multiply(&m, &m, &c->back);
	t.x = x;
	t.y = y;
	cairo_matrix_transform_point(&m, &t.x, &t.y);
	t.angle = atan2(m.yx, m.xx);
	t.x0 = t.y0 = INFINITY;
	t.x1 = t.y1 = -INFINITY;
	for (k = 0; k < 4; k++) {
		px = x + t.ix + (k & 1 ? t.iw : 0);
		py = y + t.iy + (k & 2 ? t.ih : 0);
		cairo_matrix_transform_point(&m, &px, &py);
		t.x0 = MIN(t.x0, px);
		t.x1 = MAX(t.x1, px);
		t.y0 = MIN(t.y0, py);
		t.y1 = MAX(t.y1, py);
	}
	g_array_append_val(c->texts, t);
}

/*
 * Draw l with its top-left corner at (x, y), in the text colour; role,
 * index and series say what it is (struct chart_text).
 */
static void
show(const struct chart *c, enum chart_text_role role, int index,
    int series, PangoLayout *l, double x, double y)
{
	if (c->texts != NULL)
		note(c, role, index, series, l, x, y);
	rgb(c->cr, INK);
	cairo_move_to(c->cr, x, y);
	do_show(c->cr, l);
	cairo_new_path(c->cr);
}

static void
line(cairo_t *cr, double x0, double y0, double x1, double y1, double w,
    unsigned hex)
{
	rgb(cr, hex);
	cairo_set_line_width(cr, w);
	cairo_move_to(cr, x0, y0);
	cairo_line_to(cr, x1, y1);
	do_stroke(cr);
}

/*
 * Whether series (or segment) i is hatched: the palette's last two, whose
 * lightness repeats the first's and the third's, and in the palette's
 * second round those that were not hatched in the first.
 */
static int
hatched(int i)
{
	return (i % NPAL >= 3) != ((i / NPAL) % 2 == 1);
}

/*
 * Fill the current path with the colour of series (or segment) i,
 * hatched where hatched() says so, and clear the path. The hatching is
 * a grid of rising lines fixed to the rectangle, not to the shape.
 */
static void
fill(cairo_t *cr, int i)
{
	const struct swatch	*p = &palette[i % NPAL];
	double			 x0, y0, x1, y1, d;

	rgb(cr, p->rgb);
	if (!hatched(i)) {
		do_fill(cr);
		return;
	}
	do_fill_preserve(cr);
	do_save(cr);
	do_clip(cr);
	cairo_clip_extents(cr, &x0, &y0, &x1, &y1);
	rgb(cr, p->light ? HATCHED : WHITE);
	cairo_set_line_width(cr, HATCH_PT);
	/* Lines x + y = d; the clip bounds their number. */
	for (d = floor((x0 + y0) / HATCH_GAP_PT) * HATCH_GAP_PT;
	    d <= x1 + y1; d += HATCH_GAP_PT) {
		cairo_move_to(cr, d - y0, y0);
		cairo_line_to(cr, d - y1, y1);
	}
	do_stroke(cr);
	do_restore(cr);
}

/* Series i of a line chart: its colour, width and dashes set on cr. */
static void
pen(cairo_t *cr, int i)
{
	static const double	 dash[] = { 4.0, 2.0 };

	rgb(cr, palette[i % NPAL].rgb);
	cairo_set_line_width(cr, LINE_PT);
	/* Lines cannot be hatched: dashes stand in for it. */
	if (hatched(i))
		cairo_set_dash(cr, dash, G_N_ELEMENTS(dash), 0);
	else
		cairo_set_dash(cr, NULL, 0, 0);
}

static void
marker(cairo_t *cr, int i, double x, double y, double r)
{
	cairo_new_sub_path(cr);
	cairo_arc(cr, x, y, r, 0, 2 * G_PI);
	rgb(cr, palette[i % NPAL].rgb);
	do_fill(cr);
}

void
chart_ticks(double max, double *step, int *nticks)
{
	static const double	 mant[] = { 1, 2, 5 };
	double			 top, p, s = 1;
	size_t			 i;

	/* Written so that NaN gives 1, and infinity no endless loop. */
	top = max >= 1 ? ceil(MIN(max, VALUE_MAX)) : 1;
	for (p = 1; ; p *= 10)
		for (i = 0; i < G_N_ELEMENTS(mant); i++) {
			s = mant[i] * p;
			if (ceil(top / s) <= 5)
				goto done;
		}
done:
	*step = s;
	*nticks = (int)ceil(top / s);
}

/*
 * Read the chart's series and points into c and format every number
 * the drawing may show. 1, or 0 when ICU cannot format one.
 */
static int
prepare(struct chart *c, const struct fmt *f, const struct doc_node *chart)
{
	const struct doc_node	*nd;
	double			 max = 0, sum;
	size_t			 k;
	int			 i, s, ns, nseries = 0;

	c->kind = chart->kind;
	c->ns = chart->ncols > 0 ? chart->ncols : 0;
	for (nd = chart->first; nd != NULL; nd = nd->next)
		if (nd->type == DOC_POINT)
			c->n++;
	c->label = g_new0(const char *, c->n);
	c->mlabel = g_new0(char *, c->n);
	c->year = g_new0(char *, c->n);
	c->empty = chart->text;
	/* Columns, stacks and lines over months mark the years below. */
	c->time = c->n > 0 && c->kind != TMPL_CHART_BARS &&
	    c->kind != TMPL_CHART_DONUT;
	c->name = g_new0(const char *, c->ns);
	c->v = g_new0(double, (size_t)c->n * c->ns);
	c->vtext = g_new0(char *, (size_t)c->n * c->ns);
	c->ptext = g_new0(char *, c->n);

	i = 0;
	for (nd = chart->first; nd != NULL; nd = nd->next) {
		if (nd->type == DOC_SERIES && nseries < c->ns)
			c->name[nseries++] = nd->text;
		if (nd->type != DOC_POINT)
			continue;
		c->label[i] = nd->text != NULL ? nd->text : "";
		if (nd->id == NULL || strlen(nd->id) < 7)
			c->time = 0;
		else if (c->time) {
			if ((c->mlabel[i] = fmt_month_abbr(f, nd->id)) == NULL)
				return 0;
			if ((i == 0 || strncmp(nd->id + 4, "-01", 3) == 0) &&
			    (c->year[i] = fmt_year(f, nd->id)) == NULL)
				return 0;
		}
		/* A point with fewer values than series has zeros. */
		ns = nd->values == NULL ? 0 : MIN(nd->ncols, c->ns);
		for (s = 0; s < ns; s++)
			c->v[(size_t)i * c->ns + s] = clean(nd->values[s]);
		i++;
	}
	for (s = 0; s < c->ns; s++)
		if (c->name[s] == NULL)
			c->name[s] = "";
	for (i = 0; c->time && i < c->n; i++)
		c->label[i] = c->mlabel[i];

	for (k = 0; k < (size_t)c->n * c->ns; k++)
		if ((c->vtext[k] = num(f, c->v[k])) == NULL)
			return 0;
	for (i = 0; i < c->n; i++) {
		sum = 0;
		for (s = 0; s < c->ns; s++) {
			sum += val(c, i, s);
			max = MAX(max, val(c, i, s));
		}
		sum = MIN(sum, VALUE_MAX);
		if (c->kind == TMPL_CHART_STACKED) {
			max = MAX(max, sum);
			if ((c->ptext[i] = num(f, sum)) == NULL)
				return 0;
		}
		if (c->kind == TMPL_CHART_DONUT && c->ns > 0)
			c->total = MIN(c->total + val(c, i, 0), VALUE_MAX);
	}
	/* With nothing to share out, the legend shows no shares. */
	for (i = 0; c->total > 0 && i < c->n; i++)
		if ((c->ptext[i] = fmt_percent(f, val(c, i, 0) / c->total,
		    0)) == NULL)
			return 0;

	chart_ticks(max, &c->step, &c->nticks);
	c->tick = g_new0(char *, c->nticks + 1);
	for (i = 0; i <= c->nticks; i++)
		if ((c->tick[i] = num(f, i * c->step)) == NULL)
			return 0;
	return 1;
}

static void
release(struct chart *c)
{
	size_t	 k;
	int	 i;

	for (k = 0; c->vtext != NULL && k < (size_t)c->n * c->ns; k++)
		g_free(c->vtext[k]);
	for (i = 0; c->ptext != NULL && i < c->n; i++)
		g_free(c->ptext[i]);
	for (i = 0; c->tick != NULL && i <= c->nticks; i++)
		g_free(c->tick[i]);
	for (i = 0; c->mlabel != NULL && i < c->n; i++) {
		g_free(c->mlabel[i]);
		g_free(c->year[i]);
	}
	g_free(c->mlabel);
	g_free(c->year);
	g_free(c->label);
	g_free(c->name);
	g_free(c->v);
	g_free(c->vtext);
	g_free(c->ptext);
	g_free(c->tick);
	if (c->font != NULL)
		pango_font_description_free(c->font);
}

/* The widest of n texts, in pt. */
static double
widest(const struct chart *c, char *const *s, int n)
{
	PangoLayout	*l;
	double		 w = 0;
	int		 i;

	for (i = 0; i < n; i++) {
		if (s[i] == NULL)
			continue;
		l = text(c, s[i]);
		w = MAX(w, wid(l));
		g_object_unref(l);
	}
	return w;
}

/*
 * The legend of the series, flowed in rows across the width from y0:
 * a swatch (a line with a marker for a line chart) and the name, cut
 * when it is wider than the chart. Draws only when draw; returns the
 * height it takes.
 */
static double
legend(const struct chart *c, double y0, int draw)
{
	PangoLayout	*l;
	double		 sw, iw, x = 0, y = y0, row_h = c->line_h + 3;
	int		 s;

	sw = c->kind == TMPL_CHART_LINE ? LSWATCH_PT : SWATCH_PT;
	for (s = 0; s < c->ns; s++) {
		l = text(c, c->name[s]);
		cut(l, c->w - sw - GAP_PT);
		iw = sw + GAP_PT + wid(l);
		if (x > 0 && x + iw > c->w) {
			x = 0;
			y += row_h;
		}
		if (draw && c->kind == TMPL_CHART_LINE) {
			pen(c->cr, s);
			cairo_move_to(c->cr, x, y + row_h / 2);
			cairo_line_to(c->cr, x + sw, y + row_h / 2);
			do_stroke(c->cr);
			cairo_set_dash(c->cr, NULL, 0, 0);
			marker(c->cr, s, x + sw / 2, y + row_h / 2,
			    MARKER_PT);
		} else if (draw) {
			cairo_rectangle(c->cr, x, y + (row_h - SWATCH_PT) / 2,
			    SWATCH_PT, SWATCH_PT);
			fill(c->cr, s);
		}
		if (draw)
			show(c, CHART_TEXT_LEGEND, s, -1, l, x + sw + GAP_PT,
			    y + (row_h - hgt(l)) / 2);
		x += iw + ITEM_GAP_PT;
		g_object_unref(l);
	}
	return y + row_h - y0;
}

/* Labels back to one unbroken line. */
static void
unset(struct cats *cs, int n)
{
	int	 i;

	for (i = 0; i < n; i++) {
		pango_layout_set_width(cs->l[i], -1);
		pango_layout_set_height(cs->l[i], -1);
		pango_layout_set_ellipsize(cs->l[i], PANGO_ELLIPSIZE_NONE);
		pango_layout_set_alignment(cs->l[i], PANGO_ALIGN_LEFT);
	}
}

/*
 * Wrap the labels to width_pt over at most lines lines. With cutting,
 * the last line ends in an ellipsis where the text goes on and 1 is
 * returned; without, 1 only if every label fits whole, unbroken words.
 * Sets cs->h.
 */
static int
wrap(const struct chart *c, struct cats *cs, double width_pt, int lines,
    int cutting)
{
	PangoLayout	*l;
	int		 i;

	cs->h = 0;
	for (i = 0; i < c->n; i++) {
		l = cs->l[i];
		pango_layout_set_width(l, (int)(width_pt * PANGO_SCALE));
		pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
		pango_layout_set_wrap(l, cutting ? PANGO_WRAP_WORD_CHAR :
		    PANGO_WRAP_WORD);
		if (cutting) {
			pango_layout_set_height(l, -lines);
			pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		} else if (pango_layout_get_line_count(l) > lines ||
		    wid(l) > width_pt + 0.01)
			return 0;
		cs->h = MAX(cs->h, hgt(l));
	}
	return 1;
}

/*
 * Decide how the category labels of a vertical chart stand when each
 * point has a slot band_pt wide, with budget_pt of height at most under
 * the axis. In order of preference: flat, all shown; wrapped over two
 * lines without breaking a word; in a wide slot, wrapped over three
 * lines, cut; at 45°, all shown and whole; flat, every other one;
 * rotated (45°, or 90° where that shows more), thinned and cut to the
 * budget.
 */
static void
catlabels(const struct chart *c, struct cats *cs, double band_pt,
    double budget_pt)
{
	double	 lh = c->line_h, avail = band_pt - GAP_PT, lmax, w;
	int	 i, kflat, k45, k90;

	cs->maxw = 0;
	for (i = 0; i < c->n; i++)
		cs->maxw = MAX(cs->maxw, wid(cs->l[i]));
	cs->k = 1;
	cs->reach = 0;
	cs->mode = LM_FLAT;
	cs->h = lh;
	if (cs->maxw <= avail)
		return;

	cs->mode = LM_WRAP;
	cs->wrap_w = avail;
	if (avail >= lh && wrap(c, cs, avail, 2, 0))
		return;
	unset(cs, c->n);
	if (avail >= WRAP_MIN_PT && wrap(c, cs, avail, 3, 1))
		return;
	unset(cs, c->n);

	/* Parallel labels at 45° need a line's height square to them. */
	k45 = (int)ceil((lh + 1) * G_SQRT2 / band_pt);
	k90 = (int)ceil((lh + 1) / band_pt);
	kflat = (int)ceil((cs->maxw + GAP_PT) / band_pt);
	/*
	 * At 45° a label of width L takes (L + lh) / sqrt 2 under the axis
	 * and reaches (L + lh / 2) / sqrt 2 left of its point; the first
	 * may reach into the left margin, up to OVERHANG_SHARE of the width.
	 */
	lmax = MIN(budget_pt * G_SQRT2 - lh,
	    (OVERHANG_SHARE * c->w + band_pt / 2) * G_SQRT2 - lh / 2);
	if (k45 == 1 && cs->maxw <= lmax) {
		cs->mode = LM_45;
	} else if (kflat <= 2 && c->n > 2) {
		cs->mode = LM_FLAT;
		cs->k = kflat;
		return;
	} else if (k90 < k45) {
		cs->mode = LM_90;
		cs->k = k90;
		lmax = budget_pt;
	} else {
		cs->mode = LM_45;
		cs->k = k45;
	}
	lmax = MAX(lmax, lh);
	w = 0;
	for (i = 0; i < c->n; i++) {
		cut(cs->l[i], lmax);
		w = MAX(w, wid(cs->l[i]));
	}
	if (cs->mode == LM_45) {
		cs->h = (w + lh) * COS45;
		cs->reach = c->n > 0 ?
		    (wid(cs->l[0]) + lh / 2) * COS45 : 0;
	} else
		cs->h = w;
}

/*
 * Draw label i at the point x under the axis at y, as cs says, kept
 * within the rectangle's width where it stands flat.
 */
static void
catlabel(const struct chart *c, const struct cats *cs, int i, double x,
    double y)
{
	PangoLayout	*l = cs->l[i];
	double		 w = wid(l), lh = hgt(l);

	switch (cs->mode) {
	case LM_FLAT:
		show(c, CHART_TEXT_CATEGORY, i, -1, l,
		    clampd(x - w / 2, 0, MAX(c->w - w, 0)), y);
		break;
	case LM_WRAP:
		show(c, CHART_TEXT_CATEGORY, i, -1, l,
		    clampd(x - cs->wrap_w / 2, 0, MAX(c->w - cs->wrap_w, 0)),
		    y);
		break;
	case LM_45:
	case LM_90:
		/* The end of the label's middle line on the point. */
		do_save(c->cr);
		if (cs->mode == LM_45) {
			cairo_translate(c->cr, x, y + lh / 2 * COS45);
			cairo_rotate(c->cr, -G_PI / 4);
		} else {
			cairo_translate(c->cr, x, y);
			cairo_rotate(c->cr, -G_PI / 2);
		}
		show(c, CHART_TEXT_CATEGORY, i, -1, l, -w, -lh / 2);
		do_restore(c->cr);
		break;
	}
}

/*
 * Columns, stacked columns and lines: a legend above when there is
 * more than one series, the value axis on the left with gridlines
 * across, a slot per point along the bottom.
 */
static void
vertical(const struct chart *c)
{
	cairo_t		*cr = c->cr;
	struct cats	 cs;
	PangoLayout	*l;
	double		 legend_h = 0, left, right = 1, top, bottom;
	double		 band, plot_w, plot_h, topv, group, sub, x, y, hh;
	double		 base, r, np, need, year_h = 0, yx, yend;
	int		 i, s, vlabels = 0, last;

	memset(&cs, 0, sizeof(cs));
	if (c->ns > 1)
		legend_h = legend(c, 0, 0) + GAP_PT;
	topv = c->nticks * c->step;
	left = widest(c, c->tick, c->nticks + 1) + GAP_PT + 1;
	band = MAX(c->w - left - right, 1) / MAX(c->n, 1);

	cs.l = g_new0(PangoLayout *, c->n);
	for (i = 0; i < c->n; i++)
		cs.l[i] = text(c, c->label[i]);
	if (c->time)
		year_h = c->line_h + 2;
	catlabels(c, &cs, band, LABELS_SHARE * (c->h - legend_h) - year_h);
	if (cs.reach > band / 2 + left) {
		/* The left margin that puts the first point reach from 0. */
		np = MAX(c->n, 1);
		need = (cs.reach - (c->w - right) / (2 * np)) /
		    (1 - 1 / (2 * np));
		left = MAX(left, MIN(need, OVERHANG_SHARE * c->w));
		band = MAX(c->w - left - right, 1) / np;
		cs.k = MAX(cs.k, (int)ceil((c->line_h + 1) * G_SQRT2 / band));
	}
	plot_w = band * MAX(c->n, 1);

	group = MIN(band * GROUP_SHARE, COLUMN_MAX_PT * MAX(c->ns, 1));
	sub = group / MAX(c->ns, 1);
	/* Value labels above the columns when each fits its slot. */
	if (c->kind == TMPL_CHART_COLUMNS && c->ns > 0)
		vlabels = widest(c, c->vtext, c->n * c->ns) + 1 <=
		    (c->ns == 1 ? band : sub);
	else if (c->kind == TMPL_CHART_STACKED)
		vlabels = widest(c, c->ptext, c->n) + 1 <= band;
	/*
	 * One series has no legend: its name titles the value axis, above
	 * it, and the plot starts below the title.
	 */
	if (c->ns == 1 && *c->name[0] != '\0') {
		l = text(c, c->name[0]);
		cut(l, c->w);
		show(c, CHART_TEXT_AXIS, 0, 0, l, 0, 0);
		legend_h = hgt(l) + 2;
		g_object_unref(l);
	}
	top = legend_h + (vlabels ? c->line_h + 2 : c->line_h / 2 + 1);
	bottom = c->h - cs.h - 3 - year_h;
	if (bottom - top < 4 * c->line_h)
		vlabels = 0;
	plot_h = MAX(bottom - top, 1);

	for (i = 1; i <= c->nticks; i++) {
		y = bottom - plot_h * i / c->nticks;
		line(cr, left, y, left + plot_w, y, GRID_PT, GRID);
	}
	/* Tick labels, but none on top of the one below it. */
	for (i = 0, y = INFINITY; i <= c->nticks; i++) {
		hh = bottom - plot_h * i / c->nticks;
		if (y - hh < c->line_h)
			continue;
		l = text(c, c->tick[i]);
		show(c, CHART_TEXT_TICK, i, -1, l, left - GAP_PT - wid(l),
		    hh - hgt(l) / 2);
		g_object_unref(l);
		y = hh;
	}

	for (i = 0; i < c->n && c->kind == TMPL_CHART_COLUMNS; i++) {
		x = left + i * band + (band - group) / 2;
		for (s = 0; s < c->ns; s++) {
			hh = val(c, i, s) / topv * plot_h;
			/* Something, however small, is not nothing. */
			if (val(c, i, s) > 0 && hh < 0.6)
				hh = 0.6;
			cairo_rectangle(cr, x + s * sub, bottom - hh, sub, hh);
			fill(cr, s);
			if (!vlabels)
				continue;
			l = text(c, c->vtext[(size_t)i * c->ns + s]);
			show(c, CHART_TEXT_VALUE, i, s, l,
			    x + (s + 0.5) * sub - wid(l) / 2,
			    bottom - hh - 1 - hgt(l));
			g_object_unref(l);
		}
	}
	for (i = 0; i < c->n && c->kind == TMPL_CHART_STACKED; i++) {
		x = left + i * band + (band - group) / 2;
		base = 0;
		last = -1;
		for (s = 0; s < c->ns; s++) {
			if (val(c, i, s) <= 0)
				continue;
			hh = val(c, i, s) / topv * plot_h;
			cairo_rectangle(cr, x, bottom - base - hh, group, hh);
			fill(cr, s);
			base += hh;
			last = s;
		}
		if (vlabels) {
			l = text(c, c->ptext[i]);
			show(c, CHART_TEXT_TOTAL, i, -1, l,
			    x + group / 2 - wid(l) / 2,
			    bottom - base - 1 - hgt(l));
			g_object_unref(l);
		}
		/* White lines where segments meet. */
		base = 0;
		for (s = 0; s < last; s++) {
			if (val(c, i, s) <= 0)
				continue;
			base += val(c, i, s) / topv * plot_h;
			line(cr, x, bottom - base, x + group, bottom - base,
			    SEP_PT, WHITE);
		}
	}
	if (c->kind == TMPL_CHART_LINE) {
		r = MIN(MARKER_PT, band * 0.35);
		cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
		for (s = 0; s < c->ns; s++) {
			for (i = 0; i < c->n; i++)
				cairo_line_to(cr, left + (i + 0.5) * band,
				    bottom - val(c, i, s) / topv * plot_h);
			pen(cr, s);
			do_stroke(cr);
			cairo_set_dash(cr, NULL, 0, 0);
			for (i = 0; i < c->n && r >= 0.5; i++)
				marker(cr, s, left + (i + 0.5) * band,
				    bottom - val(c, i, s) / topv * plot_h, r);
		}
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	}

	line(cr, left, bottom, left + plot_w, bottom, AXIS_PT, INK);
	for (i = 0; i < c->n; i += cs.k)
		catlabel(c, &cs, i, left + (i + 0.5) * band, bottom + 3);
	/*
	 * The years under the months: a rule down from the axis where a
	 * year begins, the year beside it, unless it would run into the
	 * one before.
	 */
	for (i = 0, yend = -INFINITY; c->time && i < c->n; i++) {
		if (c->year[i] == NULL)
			continue;
		yx = left + i * band;
		if (i > 0)
			line(cr, yx, bottom, yx, c->h, AXIS_PT / 2, INK);
		l = text(c, c->year[i]);
		/* Where it stands, kept in the rectangle, decides. */
		x = MIN(yx + 2, MAX(c->w - wid(l), 0));
		if (x >= yend + GAP_PT) {
			show(c, CHART_TEXT_YEAR, i, -1, l, x,
			    c->h - year_h + 1);
			yend = x + wid(l);
		}
		g_object_unref(l);
	}
	if (c->ns > 1)
		legend(c, 0, 1);

	for (i = 0; i < c->n; i++)
		g_object_unref(cs.l[i]);
	g_free(cs.l);
}

/*
 * Horizontal bars: a legend above when there is more than one series,
 * the category names right-aligned in a column on the left (at most
 * NAMES_SHARE of the width, cut with an ellipsis), a row per point,
 * each bar's value at its end, the value axis along the bottom.
 */
static void
horizontal(const struct chart *c)
{
	cairo_t		*cr = c->cr;
	PangoLayout	*l;
	double		 legend_h = 0, names_w = 0, left, right, top;
	double		 bottom, plot_w, plot_h, pitch, group, sub, topv;
	double		 x, y, ww;
	int		 i, s, k, vlabels;

	if (c->ns > 1)
		legend_h = legend(c, 0, 0) + GAP_PT;
	topv = c->nticks * c->step;
	for (i = 0; i < c->n; i++) {
		l = text(c, c->label[i]);
		names_w = MAX(names_w, wid(l));
		g_object_unref(l);
	}
	names_w = MIN(names_w, NAMES_SHARE * c->w);
	left = names_w > 0 ? names_w + GAP_PT : 0;
	l = text(c, c->tick[c->nticks]);
	right = MAX(widest(c, c->vtext, c->n * c->ns) + GAP_PT,
	    wid(l) / 2) + 1;
	g_object_unref(l);
	top = legend_h + 2;
	/* One series: its name titles the value axis, above its end. */
	if (c->ns == 1 && *c->name[0] != '\0') {
		l = text(c, c->name[0]);
		cut(l, c->w - left);
		show(c, CHART_TEXT_AXIS, 0, 0, l, MAX(c->w - right - wid(l),
		    left), 0);
		top += hgt(l) + 2;
		g_object_unref(l);
	}
	bottom = c->h - c->line_h - 3;
	plot_w = MAX(c->w - left - right, 1);
	plot_h = MAX(bottom - top, 1);
	pitch = plot_h / MAX(c->n, 1);
	/* Several series: room for each bar's value beside it. */
	group = MIN(MAX(pitch * GROUP_SHARE, c->ns > 1 ? pitch - 6 : 0),
	    BAR_MAX_PT * MAX(c->ns, 1));
	sub = group / MAX(c->ns, 1);
	/* Names on every k-th row when rows are thinner than a line. */
	k = (int)ceil((c->line_h + 1) / pitch);
	vlabels = k == 1 && (c->ns == 1 || sub >= c->line_h - 1);

	for (i = 1; i <= c->nticks; i++) {
		x = left + plot_w * i / c->nticks;
		line(cr, x, top, x, bottom, GRID_PT, GRID);
	}
	/* Tick labels, but none on top of the one before it. */
	for (i = 0, y = -INFINITY; i <= c->nticks; i++) {
		l = text(c, c->tick[i]);
		ww = wid(l);
		x = clampd(left + plot_w * i / c->nticks - ww / 2, 0,
		    MAX(c->w - ww, 0));
		if (x >= y + GAP_PT) {
			show(c, CHART_TEXT_TICK, i, -1, l, x, bottom + 3);
			y = x + ww;
		}
		g_object_unref(l);
	}

	for (i = 0; i < c->n; i++) {
		y = top + i * pitch + (pitch - group) / 2;
		for (s = 0; s < c->ns; s++) {
			ww = val(c, i, s) / topv * plot_w;
			if (val(c, i, s) > 0 && ww < 0.6)
				ww = 0.6;
			cairo_rectangle(cr, left, y + s * sub, ww, sub);
			fill(cr, s);
			if (!vlabels)
				continue;
			l = text(c, c->vtext[(size_t)i * c->ns + s]);
			show(c, CHART_TEXT_VALUE, i, s, l,
			    left + ww + GAP_PT / 2,
			    y + (s + 0.5) * sub - hgt(l) / 2);
			g_object_unref(l);
		}
	}
	line(cr, left, top, left, bottom, AXIS_PT, INK);

	for (i = 0; i < c->n && names_w > 0; i += k) {
		l = text(c, c->label[i]);
		cut(l, names_w);
		pango_layout_set_width(l, (int)(names_w * PANGO_SCALE));
		pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
		show(c, CHART_TEXT_CATEGORY, i, -1, l, 0,
		    top + (i + 0.5) * pitch - hgt(l) / 2);
		g_object_unref(l);
	}
	if (c->ns > 1)
		legend(c, 0, 1);
}

/*
 * A donut of series 0, from twelve o'clock clockwise, on the left, and
 * its legend on the right: swatch, name, value and share, one row a
 * point, zeros included. Rows that do not fit end in a row "…".
 */
static void
donut(const struct chart *c)
{
	cairo_t		*cr = c->cr;
	PangoLayout	*l;
	double		 R, r, cx, cy, a, da, x, y, names_w = 0, vw, pw;
	double		 xv, xp;
	int		 i, rows, more, nz = 0;

	R = MAX(MIN(c->h - 4, 0.45 * c->w) / 2, 1);
	r = R * HOLE_SHARE;
	cx = R + 2;
	cy = c->h / 2;

	if (c->total <= 0) {
		cairo_new_sub_path(cr);
		cairo_arc(cr, cx, cy, R, 0, 2 * G_PI);
		cairo_arc_negative(cr, cx, cy, r, 2 * G_PI, 0);
		cairo_close_path(cr);
		rgb(cr, GRID);
		do_fill(cr);
	}
	for (i = 0, a = -G_PI / 2; i < c->n && c->total > 0; i++) {
		if (val(c, i, 0) <= 0)
			continue;
		da = val(c, i, 0) / c->total * 2 * G_PI;
		cairo_new_sub_path(cr);
		cairo_arc(cr, cx, cy, R, a, a + da);
		cairo_arc_negative(cr, cx, cy, r, a + da, a);
		cairo_close_path(cr);
		fill(cr, i);
		a += da;
		nz++;
	}
	/* White lines where segments meet: none in a whole ring. */
	for (i = 0, a = -G_PI / 2; i < c->n && nz > 1; i++) {
		if (val(c, i, 0) <= 0)
			continue;
		line(cr, cx + (r - 1) * cos(a), cy + (r - 1) * sin(a),
		    cx + (R + 1) * cos(a), cy + (R + 1) * sin(a), SEP_PT,
		    WHITE);
		a += val(c, i, 0) / c->total * 2 * G_PI;
	}

	rows = (int)floor((c->h - 2) / ROW_PT);
	more = c->n > rows;
	rows = more ? MAX(rows - 1, 0) : c->n;
	x = cx + R + 3 * GAP_PT;
	vw = 0;
	pw = widest(c, c->ptext, rows);
	for (i = 0; i < rows; i++) {
		l = text(c, c->label[i]);
		names_w = MAX(names_w, wid(l));
		g_object_unref(l);
		if (c->ns > 0)
			vw = MAX(vw, widest(c, &c->vtext[(size_t)i * c->ns],
			    1));
	}
	names_w = clampd(c->w - x - SWATCH_PT - 5 * GAP_PT - vw - pw - 1,
	    0, names_w);
	xv = x + SWATCH_PT + GAP_PT + names_w + 2 * GAP_PT + vw;
	xp = xv + 2 * GAP_PT + pw;
	y = (c->h - (rows + more) * ROW_PT) / 2;
	for (i = 0; i < rows; i++, y += ROW_PT) {
		cairo_rectangle(cr, x, y + (ROW_PT - SWATCH_PT) / 2,
		    SWATCH_PT, SWATCH_PT);
		if (c->total > 0)
			fill(cr, i);
		else {
			rgb(cr, GRID);
			do_fill(cr);
		}
		l = text(c, c->label[i]);
		cut(l, names_w);
		show(c, CHART_TEXT_CATEGORY, i, -1, l, x + SWATCH_PT + GAP_PT,
		    y + (ROW_PT - hgt(l)) / 2);
		g_object_unref(l);
		if (c->ns > 0) {
			l = text(c, c->vtext[(size_t)i * c->ns]);
			show(c, CHART_TEXT_VALUE, i, 0, l, xv - wid(l),
			    y + (ROW_PT - hgt(l)) / 2);
			g_object_unref(l);
		}
		if (c->ptext[i] != NULL) {
			l = text(c, c->ptext[i]);
			show(c, CHART_TEXT_SHARE, i, -1, l, xp - wid(l),
			    y + (ROW_PT - hgt(l)) / 2);
			g_object_unref(l);
		}
	}
	if (more) {
		l = text(c, "\u2026");
		show(c, CHART_TEXT_MORE, -1, -1, l, x + SWATCH_PT + GAP_PT,
		    y + (ROW_PT - hgt(l)) / 2);
		g_object_unref(l);
	}
}

double
chart_height_pt(const struct doc_node *chart, double width_pt)
{
	const struct doc_node	*nd;
	double			 h, legend_pt = 0, per_row;
	int			 n = 0, ns;

	if (chart == NULL)
		return 0;
	if (!(width_pt > 0))
		width_pt = 0;
	width_pt = MIN(width_pt, PAGE_MAX_PT);
	for (nd = chart->first; nd != NULL; nd = nd->next)
		if (nd->type == DOC_POINT)
			n++;
	ns = chart->ncols > 0 ? chart->ncols : 0;
	if (ns > 1) {
		/* Guessed: names are not measured here. */
		per_row = MAX(floor(width_pt / 110), 1);
		legend_pt = 14 * ceil(ns / per_row);
	}
	if (n == 0)
		return 48;
	switch (chart->kind) {
	case TMPL_CHART_BARS:
		h = 2 + MAX(n, 1) * (POINT_PT + SERIES_PT * MAX(ns - 1, 0)) +
		    16 + legend_pt;
		break;
	case TMPL_CHART_DONUT:
		h = MAX(clampd(width_pt * 0.4, 100, 200), ROW_PT * n + 4);
		break;
	default:
		h = clampd(width_pt * 0.5, 120, 320) + legend_pt;
		break;
	}
	return MIN(h, TALL_PT);
}

/*
 * A chart without data: a light frame with the template's words for it
 * (the frame alone when it has none), rather than an empty axis.
 */
static void
nodata(const struct chart *c)
{
	PangoLayout	*l;

	cairo_rectangle(c->cr, AXIS_PT / 2, AXIS_PT / 2, c->w - AXIS_PT,
	    c->h - AXIS_PT);
	rgb(c->cr, GRID);
	cairo_set_line_width(c->cr, AXIS_PT);
	do_stroke(c->cr);
	if (c->empty == NULL)
		return;
	l = text(c, c->empty);
	pango_layout_set_width(l, (int)(MAX(c->w - 4 * GAP_PT, 1) *
	    PANGO_SCALE));
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	show(c, CHART_TEXT_EMPTY, -1, -1, l, 2 * GAP_PT, (c->h - hgt(l)) / 2);
	g_object_unref(l);
}

static void
text_clear(gpointer p)
{
	g_free(((struct chart_text *)p)->text);
}

GArray *
chart_texts_new(void)
{
	GArray	*a = g_array_new(FALSE, TRUE, sizeof(struct chart_text));

	g_array_set_clear_func(a, text_clear);
	return a;
}

/*
 * Returns 0, having drawn nothing, when chart is not a chart of a kind
 * tmpl knows, when the rectangle is empty or larger than a PDF page,
 * when cr is already in an error state or when ICU cannot format one of
 * the numbers; and when cairo fails while drawing (cr then holds the
 * error and draws nothing more).
 */
int
chart_draw_texts(cairo_t *cr, PangoContext *ctx, const struct fmt *fmt,
    const struct doc_node *chart, double width_pt, double height_pt,
    GArray *texts)
{
	struct chart	 c;
	PangoLayout	*l;
	int		 ok = 0;

	memset(&c, 0, sizeof(c));
	if (chart == NULL || chart->type != DOC_CHART ||
	    (unsigned)chart->kind >= TMPL_CHART_MAX ||
	    !(width_pt > 0 && width_pt <= PAGE_MAX_PT) ||
	    !(height_pt > 0 && height_pt <= PAGE_MAX_PT) ||
	    cairo_status(cr) != CAIRO_STATUS_SUCCESS)
		return 0;
	c.cr = cr;
	c.ctx = ctx;
	cairo_get_matrix(cr, &c.back);
	if (cairo_matrix_invert(&c.back) == CAIRO_STATUS_SUCCESS)
		c.texts = texts;
	c.w = width_pt;
	c.h = height_pt;
	c.font = pango_font_description_from_string(FONT);
	if (!prepare(&c, fmt, chart))
		goto out;
	l = text(&c, "0");
	c.line_h = hgt(l);
	g_object_unref(l);

	do_save(cr);
	cairo_new_path(cr);
	cairo_rectangle(cr, 0, 0, c.w, c.h);
	do_clip(cr);
	cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
	cairo_set_dash(cr, NULL, 0, 0);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
	switch (c.n == 0 ? TMPL_CHART_MAX : c.kind) {
	case TMPL_CHART_MAX:
		nodata(&c);
		break;
	case TMPL_CHART_BARS:
		horizontal(&c);
		break;
	case TMPL_CHART_DONUT:
		donut(&c);
		break;
	default:
		vertical(&c);
		break;
	}
	do_restore(cr);
	ok = cairo_status(cr) == CAIRO_STATUS_SUCCESS;
out:
	release(&c);
	return ok;
}

int
chart_draw(cairo_t *cr, PangoContext *ctx, const struct fmt *fmt,
    const struct doc_node *chart, double width_pt, double height_pt)
{
	return chart_draw_texts(cr, ctx, fmt, chart, width_pt, height_pt,
	    NULL);
}
