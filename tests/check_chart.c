/*
 * Unit tests of the charts on small hand-made document trees: the value
 * axis' ticks; where category labels stand (all flat when they fit,
 * thinned so that none overlaps when they do not, long names cut to
 * their column), read back from the texts chart_draw_texts reports;
 * that every kind on the sample's shapes, and on degenerate data (no
 * rows, one row, a huge value beside tiny ones, 200 months, 300-character
 * names, NaN), draws into its rectangle and nowhere else, read back from
 * the pixels around it; and image regression: each kind, in English and
 * Russian, drawn at 100 dpi and compared with tests/charts/KIND-LANG.png.
 *
 * Image tolerance: an image fails when more than 0.02% of its pixels
 * (about 40 of a 650x325 image) differ from the expected by more than 32
 * (of 255) in any channel. The same libraries give identical pixels;
 * the threshold ignores the small shifts of anti-aliasing another
 * pixman or FreeType may bring, and the count a few glyph edges, while
 * one month label changed ("Jan" for "Feb": about 80 pixels), a
 * language changed (1,500) or anything moved by a fraction of a pixel
 * (thousands) fails. A failed image is written beside the test program
 * as KIND-LANG-actual.png, with KIND-LANG-diff.png marking the
 * differing pixels in red. With BRIEFGEN_REGEN=1 the expected images are
 * rewritten instead.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <check.h>
#include <glib.h>
#include <pango/pango.h>

#include "chart.h"
#include "doc.h"
#include "fmt.h"
#include "fonts.h"
#include "testutil.h"

#define MM(x)		((x) * 72.0 / 25.4)
#define FRAME_PT	(595.276 - MM(25) - MM(20))	/* A4's text frame */
#define DPI		100.0
#define MARGIN_PX	24	/* white around the chart's rectangle */
#define DIFF_MIN	32	/* a channel differing by more: a bad pixel */
#define BAD_SHARE	0.0002	/* bad pixels an image may have */
#define EPS		0.5	/* pt: text inside the rectangle */
#define OVERLAP_PT	0.1	/* pt: ink boxes may touch by this much */

/* Where the test program is: failed images go there. */
static char	*bindir;

/* One language: its fonts and formats, made per test (tests fork). */
struct lang {
	const char	*lang;		/* en, ru */
	struct fonts	*fonts;
	struct fmt	*fmt;
};

static struct lang
lang_new(const char *lang)
{
	struct lang	 l;

	l.lang = lang;
	l.fonts = fonts_new(lang);
	ck_assert_ptr_nonnull(l.fonts);
	l.fmt = fmt_new(strcmp(lang, "ru") == 0 ? "ru" : "en_GB");
	ck_assert_ptr_nonnull(l.fmt);
	return l;
}

static void
lang_free(struct lang *l)
{
	fmt_free(l->fmt);
	fonts_free(l->fonts);
}

/* A chart of kind under d's root with series named names[0..ns-1]. */
static struct doc_node *
new_chart(struct doc *d, enum tmpl_chart kind, int ns,
    const char *const *names)
{
	struct doc_node	*c, *s;
	int		 i;

	c = doc_append(d, d->root, DOC_CHART);
	c->kind = kind;
	c->ncols = ns;
	for (i = 0; i < ns; i++) {
		s = doc_append(d, c, DOC_SERIES);
		s->text = doc_intern(d, names[i]);
	}
	return c;
}

/* A point labelled label (month: its YYYY-MM-DD, or NULL) of ns values. */
static void
add_point(struct doc *d, struct doc_node *chart, const char *label,
    const char *month, const double *v)
{
	struct doc_node	*p = doc_append(d, chart, DOC_POINT);
	int		 i;

	p->text = doc_intern(d, label);
	p->id = doc_intern(d, month);
	p->ncols = chart->ncols;
	p->values = g_new0(double, chart->ncols);
	for (i = 0; i < chart->ncols; i++)
		p->values[i] = v[i];
}

/*
 * A point per month from first (YYYY-MM) on, labelled as bind labels
 * them (month-short), value row i from v[i * ns ...].
 */
static void
add_months(struct doc *d, struct doc_node *chart, const struct fmt *f,
    const char *first, int n, const double *v)
{
	char	 iso[32], *label;
	int	 i, y, m;

	ck_assert_int_eq(sscanf(first, "%d-%d", &y, &m), 2);
	for (i = 0; i < n; i++) {
		snprintf(iso, sizeof(iso), "%04d-%02d-01", y + (m - 1 + i) / 12,
		    (m - 1 + i) % 12 + 1);
		label = fmt_month_short(f, iso);
		ck_assert_ptr_nonnull(label);
		add_point(d, chart, label, iso, &v[(size_t)i * chart->ncols]);
		g_free(label);
	}
}

/* The sample's data, hand-made: incidents a month, January 2019 on. */
static const double months17[17] = {
	3, 4, 5, 4, 6, 3, 2, 0, 4, 5, 6, 3, 4, 5, 9, 5, 7
};

/* ... the same by type, four series; each row sums to months17's. */
static const double stacked17[17 * 4] = {
	1, 1, 1, 0,	2, 1, 0, 1,	2, 1, 1, 1,	1, 2, 1, 0,
	3, 1, 1, 1,	1, 1, 0, 1,	1, 0, 1, 0,	0, 0, 0, 0,
	2, 1, 1, 0,	2, 1, 1, 1,	2, 2, 1, 1,	1, 1, 1, 0,
	2, 1, 0, 1,	3, 1, 1, 0,	4, 2, 2, 1,	2, 1, 1, 1,
	3, 2, 1, 1
};

/* ... incidents and replies a month, two series. */
static const double line17[17 * 2] = {
	3, 0,	4, 0,	5, 1,	4, 0,	6, 1,	3, 0,	2, 0,	0, 0,
	4, 1,	5, 0,	6, 1,	3, 0,	4, 0,	5, 1,	9, 1,	5, 0,
	7, 1
};

static const char *const bodies_en[10] = {
	"Ministry of Agriculture and Rural Development of the Northern "
	    "Province",
	"State Committee for Fisheries (Goskomrybolovstvo)",
	"Federal Railway Transport Agency",
	"Federal Service for Labour and Employment",
	"Ministry of Industry, Trade and Innovation",
	"Financial Monitoring Service",
	"Government of the Eastern Region",
	"Government of the Southern Region",
	"Ministry of Health",
	"Federal Archival Agency",
};

static const char *const bodies_ru[10] = {
	"Министерство сельского хозяйства и развития села Северной области",
	"Государственный комитет по рыболовству (Госкомрыболовство)",
	"Федеральное агентство железнодорожного транспорта",
	"Федеральная служба по труду и занятости",
	"Министерство промышленности, торговли и инноваций",
	"Служба финансового мониторинга",
	"Правительство Восточной области",
	"Правительство Южной области",
	"Министерство здравоохранения",
	"Федеральное архивное агентство",
};

static const double top10[10] = { 5, 3, 3, 3, 3, 2, 2, 2, 2, 1 };

static const char *const replies_en[3] = {
	"No reply", "Formalistic reply", "Substantive reply"
};
static const char *const replies_ru[3] = {
	"Без ответа", "Формальный ответ", "Ответ по существу"
};
static const double replies[3] = { 68, 7, 0 };

/*
 * The sample chart of kind in l's language, under d's root, as the
 * shipped templates would bind it.
 */
static struct doc_node *
sample_chart(struct doc *d, const struct lang *l, enum tmpl_chart kind)
{
	static const char *const incidents[2] = { "Incidents", "Инциденты" };
	static const char *const types[2][4] = {
		{ "DDoS attack", "Malware", "Unauthorised access",
		    "Phishing" },
		{ "DDoS-атака", "Вредоносное ПО", "Несанкционированный доступ",
		    "Фишинг" },
	};
	static const char *const lines[2][2] = {
		{ "Incidents", "Replies received" },
		{ "Инциденты", "Получен ответ" },
	};
	struct doc_node	*c = NULL;
	int		 ru = strcmp(l->lang, "ru") == 0, i;

	switch (kind) {
	case TMPL_CHART_COLUMNS:
		c = new_chart(d, kind, 1, &incidents[ru]);
		add_months(d, c, l->fmt, "2019-01", 17, months17);
		break;
	case TMPL_CHART_STACKED:
		c = new_chart(d, kind, 4, types[ru]);
		add_months(d, c, l->fmt, "2019-01", 17, stacked17);
		break;
	case TMPL_CHART_LINE:
		c = new_chart(d, kind, 2, lines[ru]);
		add_months(d, c, l->fmt, "2019-01", 17, line17);
		break;
	case TMPL_CHART_BARS:
		c = new_chart(d, kind, 1, &incidents[ru]);
		for (i = 0; i < 10; i++)
			add_point(d, c, ru ? bodies_ru[i] : bodies_en[i], NULL,
			    &top10[i]);
		break;
	case TMPL_CHART_DONUT:
		c = new_chart(d, kind, 1, &incidents[ru]);
		for (i = 0; i < 3; i++)
			add_point(d, c, ru ? replies_ru[i] : replies_en[i],
			    NULL, &replies[i]);
		break;
	default:
		ck_abort_msg("no sample for kind %d", kind);
	}
	c->text = doc_intern(d, ru ? "Нет данных за период" :
	    "No incidents in the period");
	return c;
}

/*
 * Draw chart width_pt x height_pt at scale (device pixels per point) on
 * white, MARGIN_PX in from each side of an image that much larger;
 * texts (may be NULL) gets what was written. Sets *ok to chart_draw's
 * answer. Caller destroys the image.
 */
static cairo_surface_t *
draw(const struct doc_node *chart, const struct lang *l, double width_pt,
    double height_pt, double scale, GArray *texts, int *ok)
{
	cairo_surface_t	*s;
	cairo_t		*cr;

	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    (int)ceil(width_pt * scale) + 2 * MARGIN_PX,
	    (int)ceil(height_pt * scale) + 2 * MARGIN_PX);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_translate(cr, MARGIN_PX, MARGIN_PX);
	cairo_scale(cr, scale, scale);
	*ok = chart_draw_texts(cr, fonts_context(l->fonts), l->fmt, chart,
	    width_pt, height_pt, texts);
	ck_assert_int_eq(cairo_status(cr), CAIRO_STATUS_SUCCESS);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	return s;
}

/* Pixel (x, y) of an RGB24 or ARGB32 image, as 0xRRGGBB. */
static unsigned
pixel(cairo_surface_t *s, int x, int y)
{
	const unsigned char	*row;

	row = cairo_image_surface_get_data(s) +
	    (size_t)y * cairo_image_surface_get_stride(s);
	return ((const uint32_t *)row)[x] & 0xffffff;
}

/*
 * The pixels of s outside the chart's rectangle (width_px x height_px at
 * MARGIN_PX) that are not white; the first one's place in *fx, *fy.
 */
static int
outside(cairo_surface_t *s, double width_px, double height_px, int *fx,
    int *fy)
{
	int	 x, y, w, h, n = 0, x1, y1;

	w = cairo_image_surface_get_width(s);
	h = cairo_image_surface_get_height(s);
	/* The pixels the rectangle's edge crosses may be partly inked. */
	x1 = (int)ceil(MARGIN_PX + width_px);
	y1 = (int)ceil(MARGIN_PX + height_px);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			if (x >= MARGIN_PX && x < x1 && y >= MARGIN_PX &&
			    y < y1)
				continue;
			if (pixel(s, x, y) != 0xffffff && n++ == 0) {
				*fx = x;
				*fy = y;
			}
		}
	return n;
}

/* The corners of t's ink box in the rectangle, in order around it. */
static void
corners(const struct chart_text *t, double px[4], double py[4])
{
	double	 c = cos(t->angle), s = sin(t->angle), u, v;
	int	 k;

	for (k = 0; k < 4; k++) {
		u = t->ix + (k == 1 || k == 2 ? t->iw : 0);
		v = t->iy + (k >= 2 ? t->ih : 0);
		px[k] = t->x + u * c - v * s;
		py[k] = t->y + u * s + v * c;
	}
}

/*
 * Whether the ink boxes of a and b (each rotated as drawn) overlap by
 * more than OVERLAP_PT: no axis of either box separates them.
 */
static int
overlap(const struct chart_text *a, const struct chart_text *b)
{
	double			 px[2][4], py[2][4], nx, ny, p, lo[2], hi[2];
	int			 i, j, k, e;

	if (a->iw <= 0 || a->ih <= 0 || b->iw <= 0 || b->ih <= 0)
		return 0;
	corners(a, px[0], py[0]);
	corners(b, px[1], py[1]);
	for (i = 0; i < 2; i++)
		for (e = 0; e < 2; e++) {
			/* The normal of box i's edge e. */
			nx = -(py[i][e + 1] - py[i][e]);
			ny = px[i][e + 1] - px[i][e];
			p = hypot(nx, ny);
			nx /= p;
			ny /= p;
			for (j = 0; j < 2; j++) {
				lo[j] = INFINITY;
				hi[j] = -INFINITY;
				for (k = 0; k < 4; k++) {
					p = px[j][k] * nx + py[j][k] * ny;
					lo[j] = MIN(lo[j], p);
					hi[j] = MAX(hi[j], p);
				}
			}
			if (hi[0] <= lo[1] + OVERLAP_PT ||
			    hi[1] <= lo[0] + OVERLAP_PT)
				return 0;
		}
	return 1;
}

static const char *const role_names[CHART_TEXT_MAX] = {
	"tick", "category", "year", "value", "total", "share", "legend",
	"more", "empty"
};

/* Assert that no two texts of the roles in mask (bits) overlap. */
static void
no_overlaps(const char *what, GArray *texts, unsigned mask)
{
	const struct chart_text	*a, *b;
	guint			 i, j;

	for (i = 0; i < texts->len; i++) {
		a = &g_array_index(texts, struct chart_text, i);
		if (!(mask & 1u << a->role))
			continue;
		for (j = i + 1; j < texts->len; j++) {
			b = &g_array_index(texts, struct chart_text, j);
			if (!(mask & 1u << b->role))
				continue;
			ck_assert_msg(!overlap(a, b), "%s: %s %d \"%.30s\" at "
			    "(%.1f, %.1f) overlaps %s %d \"%.30s\" at "
			    "(%.1f, %.1f)", what, role_names[a->role],
			    a->index, a->text, a->x0, a->y0,
			    role_names[b->role], b->index, b->text, b->x0,
			    b->y0);
		}
	}
}

#define ALL_TEXT	((1u << CHART_TEXT_MAX) - 1)
#define AXIS_TEXT	(1u << CHART_TEXT_TICK | 1u << CHART_TEXT_CATEGORY | \
			    1u << CHART_TEXT_YEAR)

/* The texts of role, in drawing order (borrowed pointers, caller frees). */
static GPtrArray *
with_role(GArray *texts, enum chart_text_role role)
{
	GPtrArray	*a = g_ptr_array_new();
	guint		 i;

	for (i = 0; i < texts->len; i++)
		if (g_array_index(texts, struct chart_text, i).role == role)
			g_ptr_array_add(a, &g_array_index(texts,
			    struct chart_text, i));
	return a;
}

/*
 * Draw chart into width_pt x height_pt (height 0: as chart_height_pt
 * says) and assert that it says it drew, that nothing is drawn outside
 * the rectangle and, when whole, that every text stands inside it. The
 * texts, or NULL when texts is 0; caller frees.
 */
static GArray *
check_draws(const char *what, const struct doc_node *chart,
    const struct lang *l, double width_pt, double height_pt, int whole)
{
	cairo_surface_t		*s;
	const struct chart_text	*t;
	GArray			*texts = chart_texts_new();
	double			 scale = DPI / 72;
	guint			 i;
	int			 ok, n, x = 0, y = 0;

	if (height_pt == 0)
		height_pt = chart_height_pt(chart, width_pt);
	s = draw(chart, l, width_pt, height_pt, scale, texts, &ok);
	ck_assert_msg(ok == 1, "%s: chart_draw returned %d", what, ok);
	n = outside(s, width_pt * scale, height_pt * scale, &x, &y);
	ck_assert_msg(n == 0, "%s: %d pixels drawn outside the rectangle, "
	    "the first at (%d, %d) of %dx%d", what, n, x - MARGIN_PX,
	    y - MARGIN_PX, (int)ceil(width_pt * scale),
	    (int)ceil(height_pt * scale));
	cairo_surface_destroy(s);
	for (i = 0; whole && i < texts->len; i++) {
		t = &g_array_index(texts, struct chart_text, i);
		ck_assert_msg(t->x0 >= -EPS && t->y0 >= -EPS &&
		    t->x1 <= width_pt + EPS && t->y1 <= height_pt + EPS,
		    "%s: %s %d \"%.40s\" at (%.1f, %.1f)-(%.1f, %.1f) is "
		    "not inside %.1fx%.1f", what, role_names[t->role],
		    t->index, t->text, t->x0, t->y0, t->x1, t->y1, width_pt,
		    height_pt);
	}
	return texts;
}

/* Ticks */

/* Whether step is 1, 2 or 5 times a power of ten, 1 or more. */
static int
one_two_five(double step)
{
	double	 p;

	for (p = 1; p <= step; p *= 10)
		if (step == p || step == 2 * p || step == 5 * p)
			return 1;
	return 0;
}

/* The step before step on the 1-2-5 sequence; 0 before 1. */
static double
smaller(double step)
{
	double	 p = pow(10, floor(log10(step) + 1e-9));

	if (step < 1.5)
		return 0;
	if (step == p)
		return p / 2;
	return step == 2 * p ? p : 2 * p;
}

START_TEST(ticks_examples)
{
	const struct {
		double	 max, step;
		int	 n;
	} want[] = {
		{ 0, 1, 1 },
		{ 0.4, 1, 1 },
		{ 1, 1, 1 },
		{ 5, 1, 5 },
		{ 6, 2, 3 },
		{ 9, 2, 5 },
		{ 10, 2, 5 },
		{ 11, 5, 3 },
		{ 75, 20, 4 },
		{ 1e9, 2e8, 5 },
		{ -3, 1, 1 },
		{ NAN, 1, 1 },
	};
	double	 step;
	size_t	 i;
	int	 n;

	for (i = 0; i < G_N_ELEMENTS(want); i++) {
		chart_ticks(want[i].max, &step, &n);
		ck_assert_msg(step == want[i].step && n == want[i].n,
		    "max %g: step %g, %d intervals; expected %g, %d",
		    want[i].max, step, n, want[i].step, want[i].n);
	}
	/* Beyond what a chart draws, and infinity: still an answer. */
	chart_ticks(INFINITY, &step, &n);
	ck_assert(n >= 1 && n <= 5 && isfinite(step));
	chart_ticks(1e300, &step, &n);
	ck_assert(n >= 1 && n <= 5 && isfinite(step));
}
END_TEST

/* The rules on many maxima, whole and not, up to 10^12. */
START_TEST(ticks_rules)
{
	double	 max, step, s;
	int	 i, n;

	for (i = 0; i < 4000; i++) {
		max = i < 1000 ? i : i < 2000 ? (i - 1000) * 0.37 :
		    pow(10, (i - 2000) / 2000.0 * 12) * 1.003;
		chart_ticks(max, &step, &n);
		ck_assert_msg(step == floor(step) && one_two_five(step),
		    "max %g: step %g", max, step);
		ck_assert_msg(n >= 1 && n <= 5, "max %g: %d intervals", max,
		    n);
		ck_assert_msg(n * step >= max, "max %g: top %g", max,
		    n * step);
		/* The smallest such step: the one before needs more. */
		if ((s = smaller(step)) > 0)
			ck_assert_msg(ceil(ceil(max) / s) > 5, "max %g: step "
			    "%g, but %g would do", max, step, s);
	}
}
END_TEST

/* Category labels */

/* 17 months at 453 and 467.7 pt: every label shown, flat and whole. */
START_TEST(labels_17_months_flat)
{
	const double	 widths[] = { 453, FRAME_PT };
	struct lang	 l;
	struct doc	*d;
	struct doc_node	*c;
	GArray		*texts;
	GPtrArray	*cats;
	const struct chart_text	*t;
	size_t		 w;
	guint		 i;
	int		 ru;

	for (ru = 0; ru < 2; ru++)
		for (w = 0; w < G_N_ELEMENTS(widths); w++) {
			l = lang_new(ru ? "ru" : "en");
			d = doc_new();
			c = sample_chart(d, &l, TMPL_CHART_COLUMNS);
			texts = check_draws("17 months", c, &l, widths[w], 0,
			    1);
			cats = with_role(texts, CHART_TEXT_CATEGORY);
			ck_assert_uint_eq(cats->len, 17);
			for (i = 0; i < cats->len; i++) {
				t = g_ptr_array_index(cats, i);
				ck_assert_int_eq(t->index, (int)i);
				ck_assert_msg(t->angle == 0 && !t->cut,
				    "%s at %g: label %u \"%s\" %s", l.lang,
				    widths[w], i, t->text, t->cut ? "cut" :
				    "rotated");
			}
			t = g_ptr_array_index(cats, 0);
			ck_assert_str_eq(t->text, ru ? "янв." : "Jan");
			no_overlaps("17 months", texts, ALL_TEXT);
			g_ptr_array_free(cats, TRUE);
			g_array_free(texts, TRUE);
			doc_free(d);
			lang_free(&l);
		}
}
END_TEST

/*
 * 200 months: labels thinned to every k-th, evenly, none overlapping
 * another or a year, all inside the rectangle; the years too.
 */
START_TEST(labels_200_months_thinned)
{
	const enum tmpl_chart	 kinds[] = { TMPL_CHART_COLUMNS,
	    TMPL_CHART_STACKED, TMPL_CHART_LINE };
	const double		 widths[] = { 200, 453, FRAME_PT, 900 };
	const struct chart_text	*a, *b;
	struct lang		 l = lang_new("en");
	struct doc		*d;
	struct doc_node		*c;
	const char		*names[2] = { "One", "Two" };
	GArray			*texts;
	GPtrArray		*cats, *years;
	double			 v[400];
	size_t			 k, w;
	guint			 i;
	int			 step;

	for (i = 0; i < 400; i++)
		v[i] = (i * 7) % 13;
	for (k = 0; k < G_N_ELEMENTS(kinds); k++)
		for (w = 0; w < G_N_ELEMENTS(widths); w++) {
			d = doc_new();
			c = new_chart(d, kinds[k], 2, names);
			add_months(d, c, l.fmt, "2004-01", 200, v);
			texts = check_draws("200 months", c, &l, widths[w], 0,
			    1);
			cats = with_role(texts, CHART_TEXT_CATEGORY);
			years = with_role(texts, CHART_TEXT_YEAR);
			ck_assert_msg(cats->len >= 2 && cats->len < 200,
			    "%s at %g: %u labels", tmpl_chart_name(kinds[k]),
			    widths[w], cats->len);
			a = g_ptr_array_index(cats, 0);
			b = g_ptr_array_index(cats, 1);
			ck_assert_int_eq(a->index, 0);
			step = b->index - a->index;
			for (i = 1; i < cats->len; i++) {
				a = g_ptr_array_index(cats, i - 1);
				b = g_ptr_array_index(cats, i);
				ck_assert_int_eq(b->index - a->index, step);
			}
			ck_assert_uint_ge(years->len, 2);
			no_overlaps("200 months", texts, AXIS_TEXT);
			g_ptr_array_free(cats, TRUE);
			g_ptr_array_free(years, TRUE);
			g_array_free(texts, TRUE);
			doc_free(d);
		}
	lang_free(&l);
}
END_TEST

/*
 * Names too wide to stand flat under their columns: turned (at 45° or
 * 90°), thinned where even that is too tight, never overlapping, never
 * outside; the first reaching no further left than the rectangle.
 */
START_TEST(labels_rotated)
{
	const int		 counts[] = { 9, 14, 30, 120 };
	const struct chart_text	*t;
	struct lang		 l = lang_new("ru");
	struct doc		*d;
	struct doc_node		*c;
	GArray			*texts;
	GPtrArray		*cats;
	const char		*names[1] = { "Инциденты" };
	char			*label;
	double			 v;
	size_t			 k;
	guint			 i;
	int			 j, turned;

	for (k = 0; k < G_N_ELEMENTS(counts); k++) {
		d = doc_new();
		c = new_chart(d, TMPL_CHART_COLUMNS, 1, names);
		for (j = 0; j < counts[k]; j++) {
			label = g_strdup_printf("Правительство области №%d", j);
			v = j % 7;
			add_point(d, c, label, NULL, &v);
			g_free(label);
		}
		texts = check_draws("turned labels", c, &l, FRAME_PT, 0, 1);
		cats = with_role(texts, CHART_TEXT_CATEGORY);
		turned = 0;
		for (i = 0; i < cats->len; i++) {
			t = g_ptr_array_index(cats, i);
			turned += t->angle != 0;
		}
		ck_assert_msg(turned == (int)cats->len, "%d labels: %d of %u "
		    "turned", counts[k], turned, cats->len);
		if (counts[k] <= 14)
			ck_assert_uint_eq(cats->len, counts[k]);
		no_overlaps("turned labels", texts, ALL_TEXT);
		g_ptr_array_free(cats, TRUE);
		g_array_free(texts, TRUE);
		doc_free(d);
	}
	lang_free(&l);
}
END_TEST

/* A name of n characters: words of a ministry, repeated. */
static char *
long_name(int n, int i)
{
	GString	*s = g_string_new(NULL);

	g_string_printf(s, "%d ", i);
	while (s->len < (gsize)n)
		g_string_append(s, "Ministry of Long Names and Their ");
	g_string_truncate(s, n);
	return g_string_free(s, FALSE);
}

/* 300-character names on bars: cut, in the names column, left of 0. */
START_TEST(labels_long_names_cut)
{
	const struct chart_text	*t, *zero;
	struct lang		 l = lang_new("en");
	struct doc		*d = doc_new();
	struct doc_node		*c;
	GArray			*texts;
	GPtrArray		*cats, *ticks;
	const char		*names[1] = { "Incidents" };
	char			*name;
	guint			 i;

	c = new_chart(d, TMPL_CHART_BARS, 1, names);
	for (i = 0; i < 10; i++) {
		name = long_name(300, i);
		add_point(d, c, name, NULL, &top10[i]);
		g_free(name);
	}
	texts = check_draws("300-character names", c, &l, FRAME_PT, 0, 1);
	cats = with_role(texts, CHART_TEXT_CATEGORY);
	ticks = with_role(texts, CHART_TEXT_TICK);
	ck_assert_uint_eq(cats->len, 10);
	zero = g_ptr_array_index(ticks, 0);
	ck_assert_str_eq(zero->text, "0");
	for (i = 0; i < cats->len; i++) {
		t = g_ptr_array_index(cats, i);
		ck_assert_msg(t->cut, "name %u not cut", i);
		ck_assert_int_eq(strlen(t->text), 300);
		/* The names column is 40% of the width at most. */
		ck_assert_msg(t->x0 >= -EPS && t->x1 <= 0.4 * FRAME_PT + EPS,
		    "name %u from %.1f to %.1f", i, t->x0, t->x1);
		ck_assert_msg(t->x1 < (zero->x0 + zero->x1) / 2,
		    "name %u reaches the axis", i);
	}
	no_overlaps("300-character names", texts, ALL_TEXT);
	g_ptr_array_free(cats, TRUE);
	g_ptr_array_free(ticks, TRUE);
	g_array_free(texts, TRUE);
	doc_free(d);
	lang_free(&l);
}
END_TEST

/* The donut's legend keeps a zero segment: its row, 0 and 0%. */
START_TEST(donut_keeps_zero)
{
	const struct chart_text	*t;
	struct lang		 l;
	struct doc		*d;
	GArray			*texts;
	GPtrArray		*cats, *vals, *shares;
	int			 ru;

	for (ru = 0; ru < 2; ru++) {
		l = lang_new(ru ? "ru" : "en");
		d = doc_new();
		texts = check_draws("donut", sample_chart(d, &l,
		    TMPL_CHART_DONUT), &l, FRAME_PT, 0, 1);
		cats = with_role(texts, CHART_TEXT_CATEGORY);
		vals = with_role(texts, CHART_TEXT_VALUE);
		shares = with_role(texts, CHART_TEXT_SHARE);
		ck_assert_uint_eq(cats->len, 3);
		ck_assert_uint_eq(vals->len, 3);
		ck_assert_uint_eq(shares->len, 3);
		t = g_ptr_array_index(cats, 2);
		ck_assert_str_eq(t->text, ru ? replies_ru[2] : replies_en[2]);
		ck_assert(!t->cut);
		t = g_ptr_array_index(vals, 2);
		ck_assert_str_eq(t->text, "0");
		t = g_ptr_array_index(shares, 0);
		ck_assert_str_eq(t->text, ru ? "91\u00a0%" : "91%");
		t = g_ptr_array_index(shares, 2);
		ck_assert_str_eq(t->text, ru ? "0\u00a0%" : "0%");
		no_overlaps("donut", texts, ALL_TEXT);
		g_ptr_array_free(cats, TRUE);
		g_ptr_array_free(vals, TRUE);
		g_ptr_array_free(shares, TRUE);
		g_array_free(texts, TRUE);
		doc_free(d);
		lang_free(&l);
	}
}
END_TEST

/* Drawing inside the rectangle */

static const enum tmpl_chart	 all_kinds[] = { TMPL_CHART_COLUMNS,
    TMPL_CHART_BARS, TMPL_CHART_STACKED, TMPL_CHART_DONUT, TMPL_CHART_LINE };

/* Each kind on the sample: inside, and no text over another. */
START_TEST(inside_sample)
{
	struct lang	 l;
	struct doc	*d;
	GArray		*texts;
	size_t		 k;
	int		 ru;

	for (ru = 0; ru < 2; ru++) {
		l = lang_new(ru ? "ru" : "en");
		for (k = 0; k < G_N_ELEMENTS(all_kinds); k++) {
			d = doc_new();
			texts = check_draws(tmpl_chart_name(all_kinds[k]),
			    sample_chart(d, &l, all_kinds[k]), &l, FRAME_PT,
			    0, 1);
			no_overlaps(tmpl_chart_name(all_kinds[k]), texts,
			    ALL_TEXT);
			g_array_free(texts, TRUE);
			doc_free(d);
		}
		lang_free(&l);
	}
}
END_TEST

/* No rows: the frame and the words for it, every kind. */
START_TEST(inside_no_rows)
{
	struct lang	 l = lang_new("en");
	struct doc	*d;
	struct doc_node	*c;
	GArray		*texts;
	GPtrArray	*empty;
	const char	*names[1] = { "Incidents" };
	size_t		 k;

	for (k = 0; k < G_N_ELEMENTS(all_kinds); k++) {
		d = doc_new();
		c = new_chart(d, all_kinds[k], 1, names);
		c->text = doc_intern(d, "No incidents in the period");
		texts = check_draws("no rows", c, &l, FRAME_PT, 0, 1);
		ck_assert_uint_eq(texts->len, 1);
		empty = with_role(texts, CHART_TEXT_EMPTY);
		ck_assert_uint_eq(empty->len, 1);
		ck_assert_str_eq(((struct chart_text *)
		    g_ptr_array_index(empty, 0))->text,
		    "No incidents in the period");
		g_ptr_array_free(empty, TRUE);
		g_array_free(texts, TRUE);
		/* Without words: the frame alone. */
		c->text = NULL;
		texts = check_draws("no rows, no words", c, &l, FRAME_PT, 0,
		    1);
		ck_assert_uint_eq(texts->len, 0);
		g_array_free(texts, TRUE);
		doc_free(d);
	}
	lang_free(&l);
}
END_TEST

/*
 * Degenerate data, every kind, at the frame's width and in small and
 * odd rectangles: one row; one huge value beside tiny ones; NaN,
 * infinite and negative values; no series; twelve series with long
 * names; 300-character labels.
 */
START_TEST(inside_degenerate)
{
	const double	 huge[4] = { 1e9, 1, 0.001, 2 };
	const double	 bad[4] = { NAN, INFINITY, -5, 1e300 };
	const double	 rects[][2] = { { FRAME_PT, 0 }, { 60, 40 },
	    { 5, 5 }, { 1000, 30 }, { 30, 600 } };
	struct lang	 l = lang_new("ru");
	struct doc	*d;
	struct doc_node	*c;
	GArray		*texts;
	const char	*names[12];
	char		*label, *longs[12], what[64];
	double		 v[12];
	size_t		 k, r;
	int		 i, j, ncase;

	for (i = 0; i < 12; i++) {
		longs[i] = long_name(i == 0 ? 300 : 40, i);
		names[i] = longs[i];
		v[i] = i;
	}
	for (ncase = 0; ncase < 6; ncase++)
		for (k = 0; k < G_N_ELEMENTS(all_kinds); k++) {
			d = doc_new();
			switch (ncase) {
			case 0:
				c = new_chart(d, all_kinds[k], 1, names);
				add_point(d, c, "2019-05", "2019-05-01", v + 3);
				break;
			case 1:
				c = new_chart(d, all_kinds[k], 1, names);
				for (i = 0; i < 4; i++)
					add_point(d, c, "x", NULL, &huge[i]);
				break;
			case 2:
				c = new_chart(d, all_kinds[k], 1, names);
				for (i = 0; i < 4; i++)
					add_point(d, c, "y", NULL, &bad[i]);
				break;
			case 3:
				c = new_chart(d, all_kinds[k], 0, names);
				add_point(d, c, "z", NULL, v);
				break;
			case 4:
				c = new_chart(d, all_kinds[k], 12, names);
				add_months(d, c, l.fmt, "2019-11", 3, (const
				    double[36]){ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
				    11, 12, 0, 0, 1e6, 0, 0, 0, 0, 0, 0, 0, 0,
				    0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3 });
				break;
			default:
				c = new_chart(d, all_kinds[k], 1, names);
				for (i = 0; i < 7; i++) {
					label = long_name(300, i);
					add_point(d, c, label, NULL, &v[i]);
					g_free(label);
				}
				break;
			}
			for (r = 0; r < G_N_ELEMENTS(rects); r++) {
				snprintf(what, sizeof(what), "%s, case %d, "
				    "%gx%g", tmpl_chart_name(all_kinds[k]),
				    ncase, rects[r][0], rects[r][1]);
				/* Text is whole only where there is room. */
				texts = check_draws(what, c, &l, rects[r][0],
				    rects[r][1], r == 0);
				if (r == 0)
					no_overlaps(what, texts, AXIS_TEXT);
				g_array_free(texts, TRUE);
			}
			doc_free(d);
		}
	for (j = 0; j < 12; j++)
		g_free(longs[j]);
	lang_free(&l);
}
END_TEST

/* chart_draw refuses what is not a chart, and an empty rectangle. */
START_TEST(refuses)
{
	struct lang	 l = lang_new("en");
	struct doc	*d = doc_new();
	struct doc_node	*p, *c;
	cairo_surface_t	*s;
	cairo_t		*cr;
	PangoContext	*ctx = fonts_context(l.fonts);
	const char	*names[1] = { "Incidents" };

	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 100, 100);
	cr = cairo_create(s);
	p = doc_append(d, d->root, DOC_PARA);
	c = sample_chart(d, &l, TMPL_CHART_COLUMNS);
	ck_assert_int_eq(chart_draw(cr, ctx, l.fmt, p, 100, 100), 0);
	ck_assert_int_eq(chart_draw(cr, ctx, l.fmt, NULL, 100, 100), 0);
	ck_assert_int_eq(chart_draw(cr, ctx, l.fmt, c, 0, 100), 0);
	ck_assert_int_eq(chart_draw(cr, ctx, l.fmt, c, 100, -1), 0);
	ck_assert_int_eq(chart_draw(cr, ctx, l.fmt, c, NAN, 100), 0);
	ck_assert_int_eq(chart_draw(cr, ctx, l.fmt, c, 100, 1e6), 0);
	c = new_chart(d, TMPL_CHART_MAX, 1, names);
	ck_assert_int_eq(chart_draw(cr, ctx, l.fmt, c, 100, 100), 0);
	ck_assert_int_eq(cairo_status(cr), CAIRO_STATUS_SUCCESS);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	doc_free(d);
	lang_free(&l);
}
END_TEST

/* Image regression */

/*
 * Compare image a with the expected e: the count of pixels differing by
 * more than DIFF_MIN in a channel, or -1 when the sizes differ. When
 * diff is not NULL, it gets a copy of a, faded, with those pixels red.
 */
static long
compare(cairo_surface_t *a, cairo_surface_t *e, cairo_surface_t *diff)
{
	unsigned	 pa, pe, d;
	long		 n = 0;
	int		 x, y, w, h, ch;
	unsigned char	*row;

	w = cairo_image_surface_get_width(a);
	h = cairo_image_surface_get_height(a);
	if (w != cairo_image_surface_get_width(e) ||
	    h != cairo_image_surface_get_height(e))
		return -1;
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			pa = pixel(a, x, y);
			pe = pixel(e, x, y);
			d = 0;
			for (ch = 0; ch < 24; ch += 8)
				d = MAX(d, (unsigned)abs((int)((pa >> ch) &
				    0xff) - (int)((pe >> ch) & 0xff)));
			if (d > DIFF_MIN)
				n++;
			if (diff == NULL)
				continue;
			row = cairo_image_surface_get_data(diff) +
			    (size_t)y * cairo_image_surface_get_stride(diff);
			((uint32_t *)row)[x] = d > DIFF_MIN ? 0xffff0000 :
			    0xff000000 | ((pa >> 2 & 0x3f3f3f) + 0xc0c0c0);
		}
	return n;
}

/*
 * The sample chart of kind in lang at 100 dpi, at the frame's width,
 * against tests/charts/KIND-LANG.png (rewritten with BRIEFGEN_REGEN).
 */
static void
regress(enum tmpl_chart kind, const char *lang)
{
	struct lang	 l = lang_new(lang);
	struct doc	*d = doc_new();
	cairo_surface_t	*s, *e, *diff;
	cairo_t		*cr;
	char		*name, *path, *apath, *dpath;
	double		 h;
	long		 n, limit;
	int		 ok, w_px, h_px;

	name = g_strdup_printf("%s-%s", tmpl_chart_name(kind), lang);
	apath = g_strdup_printf("tests/charts/%s.png", name);
	path = tu_srcpath(apath);
	g_free(apath);

	/* As pdf_chart_write draws it. */
	h = chart_height_pt(sample_chart(d, &l, kind), FRAME_PT);
	w_px = (int)(FRAME_PT * DPI / 72 + 0.5);
	h_px = (int)(h * DPI / 72 + 0.5);
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w_px, h_px);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, DPI / 72, DPI / 72);
	ok = chart_draw(cr, fonts_context(l.fonts), l.fmt, d->root->last,
	    FRAME_PT, h);
	cairo_destroy(cr);
	ck_assert_msg(ok, "%s: not drawn", name);
	cairo_surface_flush(s);

	if (g_getenv("BRIEFGEN_REGEN") != NULL) {
		ck_assert_msg(cairo_surface_write_to_png(s, path) ==
		    CAIRO_STATUS_SUCCESS, "cannot write %s", path);
		goto out;
	}
	e = cairo_image_surface_create_from_png(path);
	ck_assert_msg(cairo_surface_status(e) == CAIRO_STATUS_SUCCESS,
	    "%s: %s", path, cairo_status_to_string(cairo_surface_status(e)));
	/* A PNG with alpha comes back ARGB32: compare as drawn. */
	diff = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w_px, h_px);
	n = compare(s, e, diff);
	cairo_surface_mark_dirty(diff);
	limit = (long)(BAD_SHARE * w_px * h_px);
	if (n < 0 || n > limit) {
		apath = g_strdup_printf("%s/%s-actual.png", bindir, name);
		dpath = g_strdup_printf("%s/%s-diff.png", bindir, name);
		cairo_surface_write_to_png(s, apath);
		if (n >= 0)
			cairo_surface_write_to_png(diff, dpath);
		ck_assert_msg(n >= 0, "%s: %dx%d, expected %dx%d; see %s",
		    name, w_px, h_px, cairo_image_surface_get_width(e),
		    cairo_image_surface_get_height(e), apath);
		ck_abort_msg("%s: %ld pixels differ (at most %ld); see %s "
		    "and %s", name, n, limit, apath, dpath);
	}
	cairo_surface_destroy(diff);
	cairo_surface_destroy(e);
out:
	cairo_surface_destroy(s);
	g_free(path);
	g_free(name);
	doc_free(d);
	lang_free(&l);
}

START_TEST(images)
{
	static const char *const langs[] = { "en", "ru" };

	regress(all_kinds[_i / 2], langs[_i % 2]);
}
END_TEST

int
main(int argc, char *argv[])
{
	Suite	*s = suite_create("chart");
	TCase	*tc = tcase_create("chart");
	char	*top, *self;
	int	 rc;

	(void)argc;
	self = g_canonicalize_filename(argv[0], NULL);
	bindir = g_path_get_dirname(self);
	g_free(self);
	/* Run by hand as build/check_chart: the tree is the one above. */
	top = g_path_get_dirname(bindir);
	g_setenv("BRIEFGEN_DATADIR", top, FALSE);
	g_free(top);
	tcase_add_test(tc, ticks_examples);
	tcase_add_test(tc, ticks_rules);
	tcase_add_test(tc, labels_17_months_flat);
	tcase_add_test(tc, labels_200_months_thinned);
	tcase_add_test(tc, labels_rotated);
	tcase_add_test(tc, labels_long_names_cut);
	tcase_add_test(tc, donut_keeps_zero);
	tcase_add_test(tc, inside_sample);
	tcase_add_test(tc, inside_no_rows);
	tcase_add_test(tc, inside_degenerate);
	tcase_add_test(tc, refuses);
	tcase_add_loop_test(tc, images, 0, 2 * G_N_ELEMENTS(all_kinds));
	suite_add_tcase(s, tc);
	rc = tu_run(s);
	g_free(bindir);
	fmt_cleanup();
	fonts_cleanup();
	return rc;
}
