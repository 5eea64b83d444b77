/*
 * pdf: the renderer (pdf.h). Every item of the display list becomes
 * PDF operators in a page's content stream (our own writer, below), or
 * cairo calls on a page-sized image; text is drawn from the lines
 * layout shaped, charts by the chart module into the rectangles layout
 * gave them (or, for a chart alone, into an image or SVG surface of the
 * chart's size). Files are written through outfile, so a failed run
 * leaves no partial output under the requested name.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>

#include "chart.h"
#include "datadir.h"
#include "diag.h"
#include "fonts.h"
#include "layout.h"
#include "outfile.h"
#include "pdf.h"
#include "pdffont.h"
#include "pdfw.h"

struct draw {
	cairo_t			*cr;
	PangoContext		*ctx;
	const struct fmt	*fmt;
	int			 ok;
};

static void
grey(cairo_t *cr, double g)
{
	cairo_set_source_rgb(cr, g, g, g);
}

/* Draw one item. */
static void
item(struct draw *d, const struct lay_item *it)
{
	cairo_t		*cr = d->cr;
	PangoGlyphItem	*gi;
	GSList		*r;
	double		 dash[2] = { 0, 2.5 }, x;
	int		 i;

	switch (it->kind) {
	case LAY_TEXT:
		grey(cr, it->grey);
		if (it->words == NULL) {
			cairo_move_to(cr, it->x, it->y);
			pango_cairo_show_layout_line(cr, it->line);
			break;
		}
		for (i = 0; i < it->words->n; i++) {
			x = it->x + it->words->pieces[i].x;
			for (r = it->words->pieces[i].glyphs->runs; r != NULL;
			    r = r->next) {
				gi = r->data;
				cairo_move_to(cr, x, it->y);
				pango_cairo_show_glyph_item(cr,
				    it->words->pieces[i].glyphs->text, gi);
				x += pango_glyph_string_get_width(gi->glyphs) /
				    (double)PANGO_SCALE;
			}
		}
		break;
	case LAY_RULE:
		grey(cr, it->grey);
		cairo_set_line_width(cr, it->lw);
		cairo_move_to(cr, it->x, it->y);
		cairo_rel_line_to(cr, it->w, it->h);
		cairo_stroke(cr);
		break;
	case LAY_DOTS:
		if (it->w <= 0)
			break;
		cairo_save(cr);
		grey(cr, it->grey);
		cairo_set_line_width(cr, it->lw);
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
		cairo_set_dash(cr, dash, 2, 0);
		cairo_move_to(cr, it->x, it->y);
		cairo_rel_line_to(cr, it->w, 0);
		cairo_stroke(cr);
		cairo_restore(cr);
		break;
	case LAY_FILL:
		grey(cr, it->grey);
		cairo_rectangle(cr, it->x, it->y, it->w, it->h);
		cairo_fill(cr);
		break;
	case LAY_CHART:
		cairo_save(cr);
		cairo_translate(cr, it->x, it->y);
		if (!chart_draw(cr, d->ctx, d->fmt, it->node, it->w, it->h))
			d->ok = 0;
		cairo_restore(cr);
		break;
	default:
		break;
	}
}

static void
page(struct draw *d, const struct lay_page *p)
{
	guint	 i;

	for (i = 0; i < p->items->len; i++)
		item(d, &g_array_index(p->items, struct lay_item, i));
}

/*
 * Whether drawing path failed: cairo's status st, or a chart that could
 * not be drawn (drawn 0). Reports it, except a write error, which
 * outfile has reported already.
 */
static int
failed(cairo_status_t st, int drawn, const char *path)
{
	if (st == CAIRO_STATUS_WRITE_ERROR)
		return 1;
	if (st != CAIRO_STATUS_SUCCESS)
		diag_msg(DIAG_CAIRO, path, 0, "%s", cairo_status_to_string(st));
	else if (!drawn)
		diag_msg(DIAG_CAIRO, path, 0, "a chart could not be drawn");
	return st != CAIRO_STATUS_SUCCESS || !drawn;
}

static cairo_status_t
write_cb(void *closure, const unsigned char *data, unsigned int len)
{
	return outfile_write(closure, data, len) ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR;
}

/*
 * The PDF is written by our own writer (pdfw, pdffont), not by cairo's
 * PDF surface: cairo 1.16 writes every structure element as an object
 * of its own, uncompressed, and every glyph position through printf, so
 * that a 770-page annex took 1.4 s and 19 MB. Here a page is one
 * content stream of text objects that show Pango's glyphs with their
 * positions as TJ adjustments, its structure elements go into object
 * streams as they close, and nothing of a page is kept once it is
 * written but the numbers the trailer objects need.
 *
 * Content streams use PDF's own coordinates (y up); yflip turns the
 * display list's y down into them. Charts are drawn by the chart module
 * on a cairo context of a recording surface, whose pen (chart.h) hands
 * every path and text over to this writer before cairo sees it.
 */

/* The state of the graphics state that content streams set. */
struct gs {
	double		 fill[3], stroke[3];	/* rgb */
	double		 lw;
	int		 cap, join;
	int		 dashed;
};

/* A structure element, open while it is on the stack. */
struct elem {
	const char	*type;		/* "P", "TD"; NULL: not structure */
	int		 artifact;	/* not structure: a pagination artifact */
	uint32_t	 num;
	uint32_t	 parent;
	uint32_t	 pg;		/* page of its first content; 0: none */
	GString		*kids;		/* /K's entries */
	char		*alt;		/* /Alt, or NULL */
};

/* A named destination. */
struct dest {
	char		*name;
	guint		 page;		/* from 0 */
	double		 x, y;		/* pt, PDF space */
};

/* A PangoFont as the PDF shows it. */
struct face_use {
	int		 index;		/* pdffonts' */
	double		 size;		/* pt */
	const int	*width;		/* [nglyphs] pdffonts_widths' */
	unsigned	 nglyphs;
};

/* What a page keeps until what goes over it is written. */
struct page_rec {
	uint32_t	 num;		/* the page object; 0: not yet */
	uint32_t	 over;		/* its second content stream */
	GArray		*held;		/* of struct held: MCIDs kept for it */
};

/* A marked-content identifier kept for a page number written later. */
struct held {
	const char	*type;		/* the element's */
	int		 mcid;
};

struct pdf_out {
	struct outfile		*o;
	char			*icc;	/* the output intent's profile */
	gsize			 icc_len; /* bytes */
	const struct fmt	*fmt;
	const struct pdf_info	*info;
	const char		*path;
	const char		*lang;
	double			 width;	/* pt: the page's */
	PangoContext		*ctx;
	struct pdfw		*w;
	struct pdffonts		*pf;
	GHashTable		*faces;	/* PangoFont -> struct face_use */
	PangoFont		*last_font;	/* the last looked up, */
	const struct face_use	*last_use;	/* and what it is */
	double			 height;	/* pt: the page's */
	GArray			*pages;	/* of struct page_rec, by index */
	guint			 held_next; /* of the page's held, in over */
	uint32_t		 pages_num, res, root, tree, doc_elem;
	GString			*c;	/* the page's content stream */
	GString			*b;	/* an object's body */
	GString			*annots; /* the page's /Annots entries */
	GString			*parents; /* the page's ParentTree array */
	GString			*nums;	/* the ParentTree's /Nums */
	int			 next_key; /* of /StructParents */
	GArray			*stack;	/* of struct elem */
	GPtrArray		*spare;	/* kids strings popped, to reuse */
	GArray			*dests;	/* of struct dest */
	guint			 page;	/* from 0, being written */
	int			 mcid;	/* next on the page */
	int			 marked; /* a BDC is open */
	struct gs		 gs;
	GArray			*saved;	/* of struct gs: q ... Q */
	int			 font;	/* Tf's font index; -1 none */
	double			 font_size;
	cairo_surface_t		*rec;	/* a recording surface */
	cairo_t			*cr;	/* charts draw on it */
	struct chart_pen	 pen;
	int			 ok;	/* charts drawn */
};

static void
string_free(gpointer s)
{
	g_string_free(s, TRUE);
}

/* Page i's record, its object number allocated at first need. */
static struct page_rec *
page_rec(struct pdf_out *p, guint i)
{
	struct page_rec	*r;

	if (i >= p->pages->len)
		g_array_set_size(p->pages, i + 1);
	r = &g_array_index(p->pages, struct page_rec, i);
	if (r->num == 0)
		r->num = pdfw_alloc(p->w);
	return r;
}

static uint32_t
page_num(struct pdf_out *p, guint i)
{
	return page_rec(p, i)->num;
}

static double
yflip(const struct pdf_out *p, double y)
{
	return p->height - y;
}

/*
 * Set colour cur (the fill's or the stroke's) to r, g, b with grey (a
 * grey: "g", "G") or rgb ("rg", "RG"), unless it is that already.
 */
static void
colour(struct pdf_out *p, double cur[3], const char *grey, const char *rgb,
    double r, double g, double b)
{
	if (r == cur[0] && g == cur[1] && b == cur[2])
		return;
	if (r == g && g == b)
		pdfw_printf(p->c, "%f %s\n", r, grey);
	else
		pdfw_printf(p->c, "%f %f %f %s\n", r, g, b, rgb);
	cur[0] = r;
	cur[1] = g;
	cur[2] = b;
}

static void
fill_rgb(struct pdf_out *p, double r, double g, double b)
{
	colour(p, p->gs.fill, "g", "rg", r, g, b);
}

static void
stroke_rgb(struct pdf_out *p, double r, double g, double b)
{
	colour(p, p->gs.stroke, "G", "RG", r, g, b);
}

static void
line_width(struct pdf_out *p, double lw)
{
	if (lw != p->gs.lw)
		pdfw_printf(p->c, "%f w\n", lw);
	p->gs.lw = lw;
}

/* Line cap and join, as numbered in both cairo and PDF. */
static void
cap_join(struct pdf_out *p, int cap, int join)
{
	if (cap != p->gs.cap)
		pdfw_printf(p->c, "%d J\n", cap);
	if (join != p->gs.join)
		pdfw_printf(p->c, "%d j\n", join);
	p->gs.cap = cap;
	p->gs.join = join;
}

/* What a new page's graphics state is: PDF's initial one. */
static void
gs_reset(struct pdf_out *p)
{
	memset(&p->gs, 0, sizeof(p->gs));
	p->gs.lw = 1;
	p->gs.join = CAIRO_LINE_JOIN_MITER;
	p->gs.cap = CAIRO_LINE_CAP_BUTT;
	g_array_set_size(p->saved, 0);
}

/* q and Q, the state they keep and bring back tracked with them. */
static void
gs_save(struct pdf_out *p)
{
	pdfw_puts(p->c, "q\n");
	g_array_append_val(p->saved, p->gs);
}

static void
gs_restore(struct pdf_out *p)
{
	g_return_if_fail(p->saved->len > 0);
	pdfw_puts(p->c, "Q\n");
	p->gs = g_array_index(p->saved, struct gs, p->saved->len - 1);
	g_array_set_size(p->saved, p->saved->len - 1);
}

static const struct face_use *
face_use(struct pdf_out *p, PangoFont *font)
{
	PangoFontDescription	*fd;
	struct face_use		*u;

	if (font == p->last_font)
		return p->last_use;
	p->last_font = font;
	if ((u = g_hash_table_lookup(p->faces, font)) != NULL)
		return p->last_use = u;
	u = g_new(struct face_use, 1);
	u->index = pdffonts_index(p->pf, font);
	u->width = pdffonts_widths(p->pf, u->index, &u->nglyphs);
	fd = pango_font_describe_with_absolute_size(font);
	u->size = pango_font_description_get_size(fd) / (double)PANGO_SCALE;
	pango_font_description_free(fd);
	g_hash_table_insert(p->faces, g_object_ref(font), u);
	return p->last_use = u;
}

/*
 * Open a text position: glyph origin (x, y) of the user space that m
 * (NULL: the page's, y down) maps to the page, in font u.
 */
static void
text_at(struct pdf_out *p, const cairo_matrix_t *m, double x, double y,
    const struct face_use *u)
{
	double	 dx = x, dy = y;

	if (u->index != p->font || u->size != p->font_size)
		pdfw_printf(p->c, "/F%d %f Tf\n", u->index, u->size);
	p->font = u->index;
	p->font_size = u->size;
	if (m == NULL) {
		pdfw_put(p->c, "1 0 0 1 ", 8);
		pdfw_real(p->c, dx);
		pdfw_putc(p->c, ' ');
		pdfw_real(p->c, yflip(p, dy));
		pdfw_put(p->c, " Tm", 3);
		return;
	}
	cairo_matrix_transform_point(m, &dx, &dy);
	/* The glyph's y up along the user space's y down. */
	pdfw_printf(p->c, "%f %f %f %f %f %f Tm", m->xx, -m->yx, -m->xy,
	    m->yy, dx, yflip(p, dy));
}

/* Glyph gid as two bytes of a literal string. */
static void
gid_bytes(GString *c, unsigned gid)
{
	unsigned char	 b[2] = { gid >> 8, gid & 0xff };
	int		 i;

	for (i = 0; i < 2; i++)
		if (b[i] == '(' || b[i] == ')' || b[i] == '\\') {
			pdfw_putc(c, '\\');
			pdfw_putc(c, (char)b[i]);
		} else if (b[i] == '\r')
			pdfw_puts(c, "\\r");
		else
			pdfw_putc(c, (char)b[i]);
}

/* Open a span whose text is len bytes of s, whatever its glyphs say. */
static void
actual(struct pdf_out *p, const char *s, int len)
{
	char	*t = g_strndup(s, len);

	pdfw_puts(p->c, "/Span<</ActualText");
	pdfw_text(p->c, t);
	pdfw_puts(p->c, ">>BDC\n");
	g_free(t);
}

/* A TJ array being written: where its glyphs are, in 1/1000 em. */
struct tj {
	const struct face_use *u;	/* its font */
	int		 open;		/* "[" written */
	int		 in_str;	/* "(" written */
	double		 base;		/* pt: x of its text position */
	long		 pos;		/* where the next glyph goes */
};

static void
tj_close(struct pdf_out *p, struct tj *t)
{
	if (t->open)
		pdfw_puts(p->c, t->in_str ? ")]TJ\n" : "]TJ\n");
	t->open = t->in_str = 0;
}

/*
 * Glyph g of font u at (gx, gy) of m's user space: in the open TJ when
 * it is on its line, moved by an adjustment to where Pango put it; else
 * at a text position of its own.
 */
static void
tj_glyph(struct pdf_out *p, struct tj *t, const cairo_matrix_t *m,
    const struct face_use *u, const PangoGlyphInfo *g, double gx, double gy)
{
	double	 d;
	long	 adj;

	if (t->open && (g->geometry.y_offset != 0 || t->u != u))
		tj_close(p, t);
	t->u = u;
	if (!t->open) {
		text_at(p, m, gx, gy, u);
		pdfw_putc(p->c, '[');
		t->open = 1;
		t->base = gx;
		t->pos = 0;
	}
	/* Rounded half away from zero, as lround does, without the call. */
	d = t->pos - (gx - t->base) * 1000 / u->size;
	if ((adj = d >= 0 ? (long)(d + 0.5) : -(long)(-d + 0.5)) != 0) {
		if (t->in_str)
			pdfw_putc(p->c, ')');
		pdfw_int(p->c, adj);
		t->in_str = 0;
		t->pos -= adj;
	}
	if (!t->in_str)
		pdfw_putc(p->c, '(');
	t->in_str = 1;
	gid_bytes(p->c, g->glyph);
	if (g->glyph < u->nglyphs)
		t->pos += u->width[g->glyph];
}

static int
shown(const PangoGlyphInfo *g)
{
	/* Never .notdef, glyph 0 (PDF/A-2 6.2.11.8). */
	return g->glyph != PANGO_GLYPH_EMPTY && g->glyph != 0 &&
	    !(g->glyph & PANGO_GLYPH_UNKNOWN_FLAG);
}

/*
 * Show the glyphs of line with its baseline origin at (x, y) in the
 * user space of m (NULL: the page's), each where Pango put it: the
 * difference from the font's own advance is a TJ adjustment, carried
 * over so that it never adds up.
 *
 * A cluster of one glyph that ToUnicode maps to the cluster's text is
 * shown as it is. Any other (a hyphen Pango added at a break, an
 * ellipsis standing for the words it cut, a glyph two characters
 * share) goes in a span whose /ActualText is the cluster's text, as
 * cairo does it, so that text extraction reads what the text says.
 */
static void
show_runs(struct pdf_out *p, struct tj *t, GSList *runs, const char *text,
    const cairo_matrix_t *m, double x, double y)
{
	const struct face_use	*u;
	const PangoGlyphInfo	*g;
	PangoGlyphItem		*gi;
	PangoGlyphString	*gs;
	GSList			*r;
	const char		*cl;
	double			 gx;
	int			 i, j, k, n, len, span, *lc;

	for (r = runs; r != NULL; r = r->next) {
		gi = r->data;
		gs = gi->glyphs;
		lc = gs->log_clusters;
		u = face_use(p, gi->item->analysis.font);
		for (i = 0; i < gs->num_glyphs; i = k) {
			/* The cluster: glyphs [i, k), text cl, len bytes. */
			for (k = i + 1; k < gs->num_glyphs && lc[k] == lc[i];
			    k++)
				continue;
			len = (k < gs->num_glyphs ? lc[k] : gi->item->length) -
			    lc[i];
			if (len < 0)
				len = 0;
			cl = text + gi->item->offset + lc[i];
			for (j = i, n = 0; j < k; j++)
				n += shown(&gs->glyphs[j]);
			span = n > 1;
			for (j = i; j < k; j++)
				if (shown(&gs->glyphs[j]) && !pdffonts_use(p->pf,
				    u->index, gs->glyphs[j].glyph, cl,
				    n == 1 ? (size_t)len : 0))
					span = 1;
			if (span) {
				tj_close(p, t);
				actual(p, cl, len);
			}
			for (j = i; j < k; j++) {
				g = &gs->glyphs[j];
				gx = x;
				x += g->geometry.width / (double)PANGO_SCALE;
				if (shown(g))
					tj_glyph(p, t, m, u, g, gx +
					    g->geometry.x_offset /
					    (double)PANGO_SCALE, y +
					    g->geometry.y_offset /
					    (double)PANGO_SCALE);
			}
			if (span) {
				/* TJ moved the text position on. */
				pdfw_puts(p->c, t->in_str ? ")]TJ\nEMC\n[" :
				    "]TJ\nEMC\n[");
				t->in_str = 0;
			}
		}
	}
}

/* A line Pango laid out: show_runs in a text object of its own. */
static void
show_line(struct pdf_out *p, PangoLayoutLine *line, const cairo_matrix_t *m,
    double x, double y)
{
	struct tj	 t;

	memset(&t, 0, sizeof(t));
	pdfw_puts(p->c, "BT\n");
	show_runs(p, &t, line->runs, pango_layout_get_text(line->layout), m, x,
	    y);
	tj_close(p, &t);
	pdfw_puts(p->c, "ET\n");
}

/*
 * The line of text item it: Pango's, or one of pieces, whose glyphs
 * follow on in one TJ where the font does not change.
 */
static void
show_item(struct pdf_out *p, const struct lay_item *it)
{
	struct tj	 t;
	int		 i;

	fill_rgb(p, it->grey, it->grey, it->grey);
	if (it->words == NULL) {
		show_line(p, it->line, NULL, it->x, it->y);
		return;
	}
	memset(&t, 0, sizeof(t));
	pdfw_puts(p->c, "BT\n");
	for (i = 0; i < it->words->n; i++)
		show_runs(p, &t, it->words->pieces[i].glyphs->runs,
		    it->words->pieces[i].glyphs->text, NULL,
		    it->x + it->words->pieces[i].x, it->y);
	tj_close(p, &t);
	pdfw_puts(p->c, "ET\n");
}

/* The current path of cr, in device space: the page's, y down. */
static void
path(struct pdf_out *p, cairo_t *cr)
{
	cairo_path_t	*cp;
	cairo_path_data_t *d;
	int		 i, k;

	cairo_save(cr);
	cairo_identity_matrix(cr);
	cp = cairo_copy_path(cr);
	cairo_restore(cr);
	for (i = 0; i < cp->num_data; i += cp->data[i].header.length) {
		d = &cp->data[i];
		switch (d->header.type) {
		case CAIRO_PATH_MOVE_TO:
		case CAIRO_PATH_LINE_TO:
			pdfw_printf(p->c, "%f %f %s\n", d[1].point.x,
			    yflip(p, d[1].point.y),
			    d->header.type == CAIRO_PATH_MOVE_TO ? "m" : "l");
			break;
		case CAIRO_PATH_CURVE_TO:
			for (k = 1; k <= 3; k++)
				pdfw_printf(p->c, "%f %f ", d[k].point.x,
				    yflip(p, d[k].point.y));
			pdfw_puts(p->c, "c\n");
			break;
		case CAIRO_PATH_CLOSE_PATH:
			pdfw_puts(p->c, "h\n");
			break;
		}
	}
	cairo_path_destroy(cp);
}

/* The solid colour cr paints with. */
static void
source(cairo_t *cr, double rgb[3])
{
	double	 a;

	rgb[0] = rgb[1] = rgb[2] = 0;
	cairo_pattern_get_rgba(cairo_get_source(cr), &rgb[0], &rgb[1],
	    &rgb[2], &a);
}

/* The chart's pen: each mark as PDF operators, in device space. */
static void
pen_mark(void *arg, cairo_t *cr, enum chart_mark mk)
{
	struct pdf_out	*p = arg;
	double		 rgb[3], dash[8], off, dx = 1, dy = 0;
	int		 n, i;

	switch (mk) {
	case CHART_FILL:
		source(cr, rgb);
		fill_rgb(p, rgb[0], rgb[1], rgb[2]);
		path(p, cr);
		pdfw_puts(p->c, "f\n");
		break;
	case CHART_STROKE:
		source(cr, rgb);
		stroke_rgb(p, rgb[0], rgb[1], rgb[2]);
		/* Charts rotate and translate, never scale; still. */
		cairo_user_to_device_distance(cr, &dx, &dy);
		line_width(p, cairo_get_line_width(cr) * hypot(dx, dy));
		cap_join(p, cairo_get_line_cap(cr), cairo_get_line_join(cr));
		n = cairo_get_dash_count(cr);
		if (n > (int)G_N_ELEMENTS(dash))
			n = 0;
		if (n > 0 || p->gs.dashed) {
			cairo_get_dash(cr, dash, &off);
			pdfw_putc(p->c, '[');
			for (i = 0; i < n; i++)
				pdfw_printf(p->c, i > 0 ? " %f" : "%f",
				    dash[i]);
			pdfw_printf(p->c, "] %f d\n", n > 0 ? off : 0);
			p->gs.dashed = n > 0;
		}
		path(p, cr);
		pdfw_puts(p->c, "S\n");
		break;
	case CHART_CLIP:
		path(p, cr);
		pdfw_puts(p->c, "W n\n");
		break;
	case CHART_SAVE:
		gs_save(p);
		break;
	case CHART_RESTORE:
		gs_restore(p);
		break;
	default:
		break;
	}
}

/* A chart's text: every line of l, from cr's current point. */
static void
pen_text(void *arg, cairo_t *cr, PangoLayout *l)
{
	struct pdf_out	*p = arg;
	PangoLayoutIter	*it;
	PangoRectangle	 lr;
	cairo_matrix_t	 m;
	double		 rgb[3], x, y;

	source(cr, rgb);
	fill_rgb(p, rgb[0], rgb[1], rgb[2]);
	cairo_get_current_point(cr, &x, &y);
	cairo_get_matrix(cr, &m);
	it = pango_layout_get_iter(l);
	do {
		pango_layout_iter_get_line_extents(it, NULL, &lr);
		show_line(p, pango_layout_iter_get_line_readonly(it), &m,
		    x + lr.x / (double)PANGO_SCALE,
		    y + pango_layout_iter_get_baseline(it) /
		    (double)PANGO_SCALE);
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

/*
 * The end of a quoted value that starts at s (past its quote): its
 * closing quote, or NULL. A backslash escapes the next byte (\' and
 * \\), as cairo's tag attributes have it.
 */
static const char *
quote_end(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '\\' && s[1] != '\0')
			s++;
		else if (*s == '\'')
			return s;
	return NULL;
}

/* The value of key in cairo-style tag attributes: key='v' or key=v. */
static char *
attr(const char *attrs, const char *key)
{
	const char	*s = attrs, *e;
	char		*v, *q;
	size_t		 n = strlen(key);

	while (s != NULL && *s != '\0') {
		while (*s == ' ')
			s++;
		if (strncmp(s, key, n) == 0 && s[n] == '=') {
			s += n + 1;
			if (*s == '\'') {
				if ((e = quote_end(++s)) == NULL)
					return NULL;
				v = q = g_malloc(e - s + 1);
				for (; s < e; s++)
					*q++ = *s == '\\' ? *++s : *s;
				*q = '\0';
				return v;
			}
			if (*s == '[') {
				e = strchr(++s, ']');
				return e != NULL ? g_strndup(s, e - s) : NULL;
			}
			return g_strndup(s, strcspn(s, " "));
		}
		/* Past this attribute's value. */
		s += strcspn(s, "=");
		if (*s == '=')
			s++;
		if (*s == '\'' || *s == '[') {
			e = *s == '\'' ? quote_end(s + 1) : strchr(s + 1, ']');
			s = e != NULL ? e + 1 : NULL;
		} else
			s += strcspn(s, " ");
	}
	return NULL;
}

/* Close the page's open marked-content sequence. */
static void
unmark(struct pdf_out *p)
{
	if (p->marked)
		pdfw_puts(p->c, "EMC\n");
	p->marked = 0;
}

/*
 * The next marked-content identifier of the page, for the innermost
 * structure element (*type gets its type), or -1 when that is not
 * structure (an artifact, or nothing open).
 */
static int
claim(struct pdf_out *p, const char **type)
{
	struct elem	*e;
	uint32_t	 pg = page_num(p, p->page);

	if (p->stack->len == 0)
		return -1;
	e = &g_array_index(p->stack, struct elem, p->stack->len - 1);
	if (e->type == NULL)
		return -1;
	if (e->pg == 0)
		e->pg = pg;
	if (e->pg == pg) {
		pdfw_putc(e->kids, ' ');
		pdfw_int(e->kids, p->mcid);
	} else
		pdfw_printf(e->kids, "<</Type/MCR/Pg %u 0 R/MCID %d>>", pg,
		    p->mcid);
	pdfw_putc(p->parents, ' ');
	pdfw_ref(p->parents, e->num);
	*type = e->type;
	return p->mcid++;
}

/*
 * Content is about to be drawn: it belongs to the innermost structure
 * element, as the next marked-content sequence of the page.
 */
static void
marked(struct pdf_out *p)
{
	const char	*type;
	int		 mcid;

	if (p->marked || (mcid = claim(p, &type)) < 0)
		return;
	pdfw_putc(p->c, '/');
	pdfw_puts(p->c, type);
	pdfw_put(p->c, "<</MCID ", 8);
	pdfw_int(p->c, mcid);
	pdfw_put(p->c, ">>BDC\n", 6);
	p->marked = 1;
}

/*
 * A page number to come (layout.h): the next marked-content identifier
 * of the page goes to the innermost element, as if the number were
 * drawn here, so that the element is whole when it closes; the number
 * is drawn with it in the page's over stream.
 */
static void
hold(struct pdf_out *p)
{
	struct page_rec	*r = page_rec(p, p->page);
	struct held	 h;

	unmark(p);
	if ((h.mcid = claim(p, &h.type)) < 0)
		return;
	if (r->held == NULL)
		r->held = g_array_new(FALSE, FALSE, sizeof(struct held));
	g_array_append_val(r->held, h);
}

static struct elem *
push(struct pdf_out *p, const char *type)
{
	struct elem	 e, *up;

	memset(&e, 0, sizeof(e));
	e.type = type;
	if (type != NULL) {
		e.num = pdfw_alloc(p->w);
		/* 130,000 elements on L: their strings are reused. */
		if (p->spare->len > 0) {
			e.kids = g_ptr_array_steal_index_fast(p->spare,
			    p->spare->len - 1);
			g_string_truncate(e.kids, 0);
		} else
			e.kids = g_string_new(NULL);
		if (p->stack->len > 0) {
			up = &g_array_index(p->stack, struct elem,
			    p->stack->len - 1);
			e.parent = up->num;
			pdfw_putc(up->kids, ' ');
			pdfw_ref(up->kids, e.num);
		} else {
			e.parent = p->tree;
			p->doc_elem = e.num;
		}
	}
	g_array_append_val(p->stack, e);
	return &g_array_index(p->stack, struct elem, p->stack->len - 1);
}

static void
pop(struct pdf_out *p)
{
	struct elem	*e;

	g_return_if_fail(p->stack->len > 0);
	e = &g_array_index(p->stack, struct elem, p->stack->len - 1);
	if (e->artifact)
		pdfw_puts(p->c, "EMC\n");
	if (e->type != NULL) {
		g_string_truncate(p->b, 0);
		pdfw_put(p->b, "<</S/", 5);
		pdfw_puts(p->b, e->type);
		pdfw_put(p->b, "/P ", 3);
		pdfw_ref(p->b, e->parent);
		if (e->pg != 0) {
			pdfw_put(p->b, "/Pg ", 4);
			pdfw_ref(p->b, e->pg);
		}
		pdfw_put(p->b, "/K[", 3);
		pdfw_put(p->b, e->kids->str + (e->kids->len > 0 &&
		    e->kids->str[0] == ' '), e->kids->len - (e->kids->len > 0 &&
		    e->kids->str[0] == ' '));
		pdfw_putc(p->b, ']');
		if (e->alt != NULL) {
			pdfw_puts(p->b, "/Alt");
			pdfw_text(p->b, e->alt);
		}
		pdfw_put(p->b, ">>", 2);
		pdfw_obj(p->w, e->num, p->b->str, p->b->len);
		g_ptr_array_add(p->spare, e->kids);
	}
	g_free(e->alt);
	g_array_set_size(p->stack, p->stack->len - 1);
}

/* A Link tag: an annotation over its rect, to its dest, as an element. */
static void
link(struct pdf_out *p, const char *attrs)
{
	struct elem	*e;
	char		*rect, *dest, **v;
	double		 r[4];
	uint32_t	 annot;
	int		 n;

	rect = attr(attrs, "rect");
	dest = attr(attrs, "dest");
	v = g_strsplit(rect != NULL ? rect : "", " ", 0);
	for (n = 0; v[n] != NULL && n < 4; n++)
		r[n] = g_ascii_strtod(v[n], NULL);
	g_strfreev(v);
	e = push(p, "Link");
	if (n == 4 && dest != NULL) {
		annot = pdfw_alloc(p->w);
		g_string_truncate(p->b, 0);
		pdfw_printf(p->b, "<</Type/Annot/Subtype/Link/Rect[%f %f %f "
		    "%f]/Border[0 0 0]/F 4/Dest", r[0], yflip(p, r[1] + r[3]),
		    r[0] + r[2], yflip(p, r[1]));
		pdfw_text(p->b, dest);
		pdfw_printf(p->b, "/StructParent %d>>", p->next_key);
		pdfw_obj(p->w, annot, p->b->str, p->b->len);
		pdfw_printf(p->nums, " %d %u 0 R", p->next_key++, e->num);
		pdfw_printf(p->annots, " %u 0 R", annot);
		pdfw_printf(e->kids, "<</Type/OBJR/Obj %u 0 R/Pg %u 0 R>>",
		    annot, page_num(p, p->page));
		e->pg = page_num(p, p->page);
	}
	g_free(rect);
	g_free(dest);
}

static void
tag(struct pdf_out *p, const struct lay_item *it)
{
	struct dest	 d;
	char		*name, *y;

	unmark(p);
	if (strcmp(it->tag, "cairo.dest") == 0) {
		name = attr(it->attrs, "name");
		y = attr(it->attrs, "y");
		if (name != NULL) {
			d.name = name;
			name = NULL;
			d.page = p->page;
			d.x = 0;
			d.y = yflip(p, y != NULL ? g_ascii_strtod(y, NULL) :
			    0);
			g_array_append_val(p->dests, d);
		}
		g_free(name);
		g_free(y);
		push(p, NULL);
	} else if (strcmp(it->tag, "Link") == 0)
		link(p, it->attrs);
	else if (strcmp(it->tag, "Artifact") == 0) {
		pdfw_puts(p->c, "/Artifact<</Type/Pagination>>BDC\n");
		push(p, NULL)->artifact = 1;
	} else if (strcmp(it->tag, "Figure") == 0)
		push(p, it->tag)->alt = attr(it->attrs != NULL ? it->attrs : "",
		    "alt");
	else
		push(p, it->tag);
}

static void
pdf_item(struct pdf_out *p, const struct lay_item *it)
{
	switch (it->kind) {
	case LAY_TAG:
		tag(p, it);
		return;
	case LAY_END:
		unmark(p);
		pop(p);
		return;
	case LAY_TEXT:
		if (it->line == NULL && it->words == NULL) {
			hold(p);
			return;
		}
		marked(p);
		show_item(p, it);
		return;
	case LAY_RULE:
		marked(p);
		stroke_rgb(p, it->grey, it->grey, it->grey);
		line_width(p, it->lw);
		pdfw_printf(p->c, "%f %f m %f %f l S\n", it->x,
		    yflip(p, it->y), it->x + it->w, yflip(p, it->y + it->h));
		return;
	case LAY_DOTS:
		if (it->w <= 0)
			return;
		marked(p);
		/* Round dots: dashes of no length with round caps. */
		gs_save(p);
		stroke_rgb(p, it->grey, it->grey, it->grey);
		line_width(p, it->lw);
		cap_join(p, CAIRO_LINE_CAP_ROUND, p->gs.join);
		pdfw_printf(p->c, "[0 2.5] 0 d %f %f m %f %f l S\n", it->x,
		    yflip(p, it->y), it->x + it->w, yflip(p, it->y));
		gs_restore(p);
		return;
	case LAY_FILL:
		marked(p);
		fill_rgb(p, it->grey, it->grey, it->grey);
		pdfw_printf(p->c, "%f %f %f %f re f\n", it->x,
		    yflip(p, it->y + it->h), it->w, it->h);
		return;
	case LAY_CHART:
		marked(p);
		cairo_identity_matrix(p->cr);
		cairo_translate(p->cr, it->x, it->y);
		if (!chart_draw(p->cr, p->ctx, p->fmt, it->node, it->w, it->h))
			p->ok = 0;
		return;
	default:
		return;
	}
}

/* Start a content stream: the initial graphics state, no font. */
static void
content_begin(struct pdf_out *p)
{
	g_string_truncate(p->c, 0);
	p->font = -1;
	gs_reset(p);
}

/* Write the content stream as object num. */
static void
content_end(struct pdf_out *p, uint32_t num)
{
	unmark(p);
	pdfw_stream(p->w, num, "", p->c->str, p->c->len, 1);
}

/*
 * Write page i (pages come in order): its content stream, ParentTree
 * array and page object, whose second content stream, the over
 * stream, comes with pdf_over.
 */
void
pdf_page(void *arg, guint i, const struct lay_page *pg)
{
	struct pdf_out	*p = arg;
	struct page_rec	*r = page_rec(p, i);
	uint32_t	 contents, parents;
	guint		 k;
	int		 key;

	p->page = i;
	p->mcid = 0;
	content_begin(p);
	g_string_truncate(p->annots, 0);
	g_string_truncate(p->parents, 0);
	parents = pdfw_alloc(p->w);
	/* The page's key, before its links take theirs. */
	key = p->next_key++;
	pdfw_printf(p->nums, " %d %u 0 R", key, parents);
	/* In q ... Q: the over stream starts from the initial state. */
	pdfw_puts(p->c, "q\n");
	for (k = 0; k < pg->items->len; k++)
		pdf_item(p, &g_array_index(pg->items, struct lay_item, k));
	unmark(p);
	pdfw_puts(p->c, "Q\n");
	contents = pdfw_alloc(p->w);
	content_end(p, contents);

	g_string_truncate(p->b, 0);
	pdfw_printf(p->b, "[%s]", p->parents->str);
	pdfw_obj(p->w, parents, p->b->str, p->b->len);
	r->over = pdfw_alloc(p->w);
	g_string_truncate(p->b, 0);
	pdfw_printf(p->b, "<</Type/Page/Parent %u 0 R/Resources %u 0 R"
	    "/Contents[%u 0 R %u 0 R]/StructParents %d/Tabs/S",
	    p->pages_num, p->res, contents, r->over, key);
	if (p->annots->len > 0)
		pdfw_printf(p->b, "/Annots[%s]", p->annots->str + 1);
	pdfw_puts(p->b, ">>");
	pdfw_obj(p->w, r->num, p->b->str, p->b->len);
}

/*
 * Write what goes over page i: a text with no artifact open is the page
 * number the next held identifier of the page was kept for.
 */
void
pdf_over(void *arg, guint i, const struct lay_page *pg)
{
	struct pdf_out		*p = arg;
	struct page_rec		*r;
	const struct lay_item	*it;
	const struct held	*h;
	guint			 k, next = 0;

	if (i >= p->pages->len || (r = page_rec(p, i))->over == 0) {
		g_critical("pdf_over: page %u was never written", i);
		return;
	}
	p->page = i;
	content_begin(p);
	for (k = 0; k < pg->items->len; k++) {
		it = &g_array_index(pg->items, struct lay_item, k);
		if (it->kind == LAY_TEXT && (it->line != NULL ||
		    it->words != NULL) && (p->stack->len == 0 || !g_array_index(p->stack,
		    struct elem, p->stack->len - 1).artifact) &&
		    r->held != NULL && next < r->held->len) {
			h = &g_array_index(r->held, struct held, next++);
			pdfw_printf(p->c, "/%s<</MCID %d>>BDC\n", h->type,
			    h->mcid);
			show_item(p, it);
			pdfw_puts(p->c, "EMC\n");
		} else
			pdf_item(p, it);
	}
	content_end(p, r->over);
	r->over = 0;
	if (r->held != NULL)
		g_array_free(r->held, TRUE);
	r->held = NULL;
}

static int
dest_cmp(const void *a, const void *b)
{
	return strcmp(((const struct dest *)a)->name,
	    ((const struct dest *)b)->name);
}

static int
dest_key_cmp(const void *key, const void *d)
{
	return strcmp(key, ((const struct dest *)d)->name);
}

/* The destination called name, or NULL. p->dests is sorted. */
static const struct dest *
dest_find(const struct pdf_out *p, const char *name)
{
	return bsearch(name, p->dests->data, p->dests->len,
	    sizeof(struct dest), dest_key_cmp);
}

/* The named destinations' name tree; 0 when there are none. */
static uint32_t
pdf_dests(struct pdf_out *p)
{
	const struct dest	*d;
	uint32_t		 num;
	guint			 i;

	if (p->dests->len == 0)
		return 0;
	g_string_truncate(p->b, 0);
	pdfw_puts(p->b, "<</Names[");
	for (i = 0; i < p->dests->len; i++) {
		d = &g_array_index(p->dests, struct dest, i);
		/* A name given twice: the first is the one. */
		if (i > 0 && strcmp(d->name, d[-1].name) == 0)
			continue;
		pdfw_text(p->b, d->name);
		pdfw_printf(p->b, "[%u 0 R/XYZ %f %f 0]", page_num(p, d->page),
		    d->x, d->y);
	}
	pdfw_puts(p->b, "]>>");
	num = pdfw_alloc(p->w);
	pdfw_obj(p->w, num, p->b->str, p->b->len);
	return num;
}

/*
 * The outline: each entry under the last one of the level above, the
 * top level open, the others closed. 0 when there is none.
 */
static uint32_t
pdf_outline(struct pdf_out *p, const struct lay_doc *ld)
{
	const struct lay_outline *o;
	const struct dest	*d;
	GArray			*ol = ld->outline;
	uint32_t		*num;
	int			*parent, *prev, *next, *first, *last, *kids;
	int			 up[8], lvl, i, j, n = (int)ol->len, shown;

	if (n == 0)
		return 0;
	/* Index n is the root. */
	num = g_new(uint32_t, n + 1);
	parent = g_new(int, 6 * (n + 1));
	prev = parent + (n + 1);
	next = prev + (n + 1);
	first = next + (n + 1);
	last = first + (n + 1);
	kids = last + (n + 1);
	for (i = 0; i < 6 * (n + 1); i++)
		parent[i] = -1;
	for (i = 0; i <= n; i++)
		kids[i] = 0;
	for (i = 0; i < 8; i++)
		up[i] = n;
	num[n] = pdfw_alloc(p->w);
	for (i = 0; i < n; i++) {
		o = &g_array_index(ol, struct lay_outline, i);
		num[i] = pdfw_alloc(p->w);
		lvl = CLAMP(o->level, 1, 7);
		j = parent[i] = up[lvl - 1];
		if (first[j] < 0)
			first[j] = i;
		else {
			prev[i] = last[j];
			next[last[j]] = i;
		}
		last[j] = i;
		kids[j]++;
		up[lvl] = i;
		for (j = lvl + 1; j < 8; j++)
			up[j] = i;
	}
	shown = 0;
	for (i = 0; i < n; i++) {
		o = &g_array_index(ol, struct lay_outline, i);
		g_string_truncate(p->b, 0);
		pdfw_puts(p->b, "<</Title");
		pdfw_text(p->b, o->title);
		pdfw_printf(p->b, "/Parent %u 0 R", num[parent[i]]);
		if (prev[i] >= 0)
			pdfw_printf(p->b, "/Prev %u 0 R", num[prev[i]]);
		if (next[i] >= 0)
			pdfw_printf(p->b, "/Next %u 0 R", num[next[i]]);
		/* Open at the top: its children shown, theirs not. */
		if (first[i] >= 0)
			pdfw_printf(p->b, "/First %u 0 R/Last %u 0 R/Count %d",
			    num[first[i]], num[last[i]], parent[i] == n ?
			    kids[i] : -kids[i]);
		if (parent[i] == n)
			shown += 1 + kids[i];
		if ((d = dest_find(p, o->dest)) != NULL)
			pdfw_printf(p->b, "/Dest[%u 0 R/XYZ %f %f 0]",
			    page_num(p, d->page), d->x, d->y);
		pdfw_puts(p->b, ">>");
		pdfw_obj(p->w, num[i], p->b->str, p->b->len);
	}
	g_string_truncate(p->b, 0);
	pdfw_printf(p->b, "<</Type/Outlines/First %u 0 R/Last %u 0 R"
	    "/Count %d>>", num[first[n]], num[last[n]], shown);
	pdfw_obj(p->w, num[n], p->b->str, p->b->len);
	i = (int)num[n];
	g_free(num);
	g_free(parent);
	return (uint32_t)i;
}

/* A text string entry of the Info dictionary, if value is set. */
static void
info_text(struct pdf_out *p, const char *key, const char *value)
{
	if (value == NULL)
		return;
	pdfw_printf(p->b, "/%s", key);
	pdfw_text(p->b, value);
}

/* The Info dictionary; date (may be NULL) is in PDF's D: form. */
static uint32_t
pdf_info(struct pdf_out *p, const struct pdf_info *in, const char *date)
{
	uint32_t	 num;

	g_string_truncate(p->b, 0);
	pdfw_puts(p->b, "<<");
	info_text(p, "Title", in->title);
	info_text(p, "Subject", in->subject);
	info_text(p, "Author", in->author);
	info_text(p, "Keywords", in->keywords);
	info_text(p, "Creator", in->creator);
	info_text(p, "Producer", in->creator);
	info_text(p, "CreationDate", date);
	info_text(p, "ModDate", date);
	pdfw_puts(p->b, ">>");
	num = pdfw_alloc(p->w);
	pdfw_obj(p->w, num, p->b->str, p->b->len);
	return num;
}

/*
 * PDF/A-2b (ISO 19005-2, level B). What the rest of this file writes
 * already keeps to it (every font embedded with its widths and a
 * /CIDToGIDMap, no .notdef shown, colours in DeviceRGB and DeviceGray,
 * no transparency, links with /F 4 and a /Dest, no actions, a /Lang);
 * pdfw writes the header's binary comment and the /ID. What is added
 * here: the XMP metadata, which says the same as the Info dictionary
 * (6.6.2.3.1), and an output intent of sRGB (6.2.3), which makes the
 * device colour spaces device independent (6.2.4.3).
 */
#define ICC_PATH	"data/icc/sRGB.icc"
#define ICC_NAME	"sRGB IEC61966-2.1"

/* An XMP property, value XML-escaped; nothing when value is NULL. */
static void
xmp_simple(GString *s, const char *name, const char *value)
{
	char	*v;

	if (value == NULL)
		return;
	v = g_markup_escape_text(value, -1);
	g_string_append_printf(s, "   <%s>%s</%s>\n", name, v, name);
	g_free(v);
}

/*
 * An XMP array property of one item: Alt (the x-default language),
 * Seq or Bag. Nothing when value is NULL.
 */
static void
xmp_array(GString *s, const char *name, const char *array, const char *value)
{
	char	*v;

	if (value == NULL)
		return;
	v = g_markup_escape_text(value, -1);
	g_string_append_printf(s, "   <%s><rdf:%s><rdf:li%s>%s</rdf:li>"
	    "</rdf:%s></%s>\n", name, array, strcmp(array, "Alt") == 0 ?
	    " xml:lang=\"x-default\"" : "", v, array, name);
	g_free(v);
}

/*
 * The XMP metadata stream: the Info dictionary's entries (in, with
 * date, may be NULL, in XMP's form), absent where they are absent, the
 * language, and the PDF/A identification. Uncompressed, as 6.6.2.1
 * wants, so that a reader that knows no PDF finds it in the bytes.
 */
static uint32_t
pdf_xmp(struct pdf_out *p, const struct pdf_info *in, const char *date)
{
	GString		*s = g_string_sized_new(2048);
	uint32_t	 num;

	g_string_append(s, "<?xpacket begin=\"\xef\xbb\xbf\" "
	    "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	    " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	    "  <rdf:Description rdf:about=\"\"\n"
	    "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	    "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
	    "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
	    "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n");
	xmp_simple(s, "dc:format", "application/pdf");
	xmp_array(s, "dc:title", "Alt", in->title);
	xmp_array(s, "dc:creator", "Seq", in->author);
	xmp_array(s, "dc:description", "Alt", in->subject);
	xmp_array(s, "dc:language", "Bag", p->lang);
	xmp_simple(s, "pdf:Keywords", in->keywords);
	xmp_simple(s, "pdf:Producer", in->creator);
	xmp_simple(s, "xmp:CreatorTool", in->creator);
	xmp_simple(s, "xmp:CreateDate", date);
	xmp_simple(s, "xmp:ModifyDate", date);
	xmp_simple(s, "xmp:MetadataDate", date);
	xmp_simple(s, "pdfaid:part", "2");
	xmp_simple(s, "pdfaid:conformance", "B");
	g_string_append(s, "  </rdf:Description>\n"
	    " </rdf:RDF>\n"
	    "</x:xmpmeta>\n"
	    "<?xpacket end=\"r\"?>");
	num = pdfw_alloc(p->w);
	pdfw_stream(p->w, num, "/Type/Metadata/Subtype/XML", s->str, s->len,
	    0);
	g_string_free(s, TRUE);
	return num;
}

/*
 * The output intent's profile (ICC_PATH, through datadir) into p: 1, or
 * 0 after a diagnostic when it is missing, unreadable or not an RGB
 * display or output profile of the length its header gives.
 */
static int
icc_load(struct pdf_out *p)
{
	const unsigned char	*h;
	GError			*err = NULL;
	char			*path;
	int			 ok = 0;

	if ((path = datadir_find(ICC_PATH)) == NULL) {
		diag_msg(DIAG_NO_DATAFILE, ICC_PATH, 0, NULL);
		return 0;
	}
	if (!g_file_get_contents(path, &p->icc, &p->icc_len, &err)) {
		diag_msg(DIAG_NO_DATAFILE, path, 0, "%s", err->message);
		g_error_free(err);
		goto out;
	}
	h = (const unsigned char *)p->icc;
	if (p->icc_len < 128 || ((uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 |
	    (uint32_t)h[2] << 8 | h[3]) != p->icc_len ||
	    memcmp(h + 36, "acsp", 4) != 0 || memcmp(h + 16, "RGB ", 4) != 0 ||
	    (memcmp(h + 12, "mntr", 4) != 0 && memcmp(h + 12, "prtr", 4) != 0)) {
		diag_msg(DIAG_NO_DATAFILE, path, 0, "not an RGB ICC profile");
		goto out;
	}
	ok = 1;
out:
	g_free(path);
	return ok;
}

/*
 * The longest text, in characters, an Info entry keeps: PDF/A-2 (6.1.13)
 * allows strings of 32,767 bytes, and UTF-16 takes up to four bytes a
 * character, the byte order mark two more.
 */
#define INFO_CHARS_MAX	8000

/*
 * s as both the Info dictionary and the XMP can say it alike: valid
 * UTF-8 (U+FFFD for what is not), control characters as spaces (XML
 * 1.0 has no U+0001, and would read CR LF as LF), the two characters
 * XML 1.0 has no place for (U+FFFE, U+FFFF) as U+FFFD, and no more
 * than INFO_CHARS_MAX characters, the last of a longer text an
 * ellipsis. NULL for NULL. Caller frees.
 */
static char *
info_clean(const char *s)
{
	GString		*r;
	char		*t;
	const char	*q;
	gunichar	 c;
	long		 n = 0;

	if (s == NULL)
		return NULL;
	t = g_utf8_make_valid(s, -1);
	r = g_string_sized_new(strlen(t));
	for (q = t; *q != '\0'; q = g_utf8_next_char(q), n++) {
		if (n == INFO_CHARS_MAX - 1 && g_utf8_strlen(q, -1) > 1) {
			g_string_append_unichar(r, 0x2026);
			break;
		}
		c = g_utf8_get_char(q);
		if (c < 0x20)
			c = ' ';
		else if (c == 0xfffe || c == 0xffff)
			c = 0xfffd;
		g_string_append_unichar(r, c);
	}
	g_free(t);
	return g_string_free(r, FALSE);
}

/* The output intent's profile stream. */
static uint32_t
pdf_icc(struct pdf_out *p)
{
	uint32_t	 num = pdfw_alloc(p->w);

	pdfw_stream(p->w, num, "/N 3", p->icc, p->icc_len, 1);
	return num;
}

/*
 * After the pages: fonts, resources, page tree, structure tree,
 * destinations, outline and catalog. 1, or 0 after a diagnostic.
 */
static int
pdf_trailer(struct pdf_out *p, const struct lay_doc *ld,
    const struct pdf_info *in, const char *path)
{
	struct pdf_info	 c;
	GDateTime	*dt = NULL, *utc;
	uint32_t	 ptree, names, outline, info, xmp, icc, num;
	char		*date = NULL, *xdate = NULL, *s[5];
	guint		 i;
	int		 k;

	if (!pdffonts_write(p->pf)) {
		diag_msg(DIAG_PDF, path, 0, "a font could not be subset");
		return 0;
	}
	g_string_truncate(p->b, 0);
	pdfw_puts(p->b, "<</Font<<");
	for (k = 0; k < pdffonts_count(p->pf); k++)
		pdfw_printf(p->b, "/F%d %u 0 R", k, pdffonts_ref(p->pf, k));
	pdfw_puts(p->b, ">>>>");
	pdfw_obj(p->w, p->res, p->b->str, p->b->len);

	g_string_truncate(p->b, 0);
	pdfw_puts(p->b, "<</Type/Pages/Kids[");
	for (i = 0; i < p->pages->len; i++)
		pdfw_printf(p->b, i > 0 ? " %u 0 R" : "%u 0 R", page_num(p, i));
	pdfw_printf(p->b, "]/Count %u/MediaBox[0 0 %f %f]>>", p->pages->len,
	    p->width, p->height);
	pdfw_obj(p->w, p->pages_num, p->b->str, p->b->len);

	ptree = pdfw_alloc(p->w);
	g_string_truncate(p->b, 0);
	pdfw_printf(p->b, "<</Nums[%s]>>", p->nums->str + 1);
	pdfw_obj(p->w, ptree, p->b->str, p->b->len);
	g_string_truncate(p->b, 0);
	pdfw_printf(p->b, "<</Type/StructTreeRoot/K %u 0 R/ParentTree %u 0 R"
	    "/ParentTreeNextKey %d>>", p->doc_elem, ptree, p->next_key);
	pdfw_obj(p->w, p->tree, p->b->str, p->b->len);

	g_array_sort(p->dests, dest_cmp);
	names = pdf_dests(p);
	outline = pdf_outline(p, ld);
	if (in->date != NULL &&
	    (dt = g_date_time_new_from_iso8601(in->date, NULL)) != NULL) {
		utc = g_date_time_to_utc(dt);
		date = g_date_time_format(utc, "D:%Y%m%d%H%M%SZ");
		xdate = g_date_time_format(utc, "%Y-%m-%dT%H:%M:%SZ");
		g_date_time_unref(utc);
		g_date_time_unref(dt);
	}
	/* The same text in both, or PDF/A's 6.6.2.3.1 fails. */
	c = *in;
	c.title = s[0] = info_clean(in->title);
	c.subject = s[1] = info_clean(in->subject);
	c.author = s[2] = info_clean(in->author);
	c.keywords = s[3] = info_clean(in->keywords);
	c.creator = s[4] = info_clean(in->creator);
	info = pdf_info(p, &c, date);
	xmp = pdf_xmp(p, &c, xdate);
	icc = pdf_icc(p);
	g_free(date);
	g_free(xdate);
	for (k = 0; k < (int)G_N_ELEMENTS(s); k++)
		g_free(s[k]);

	g_string_truncate(p->b, 0);
	pdfw_printf(p->b, "<</Type/Catalog/Pages %u 0 R", p->pages_num);
	if (names != 0)
		pdfw_printf(p->b, "/Names<</Dests %u 0 R>>", names);
	if (outline != 0)
		pdfw_printf(p->b, "/Outlines %u 0 R/PageMode/UseOutlines",
		    outline);
	pdfw_printf(p->b, "/StructTreeRoot %u 0 R/MarkInfo<</Marked true>>"
	    "/ViewerPreferences<</DisplayDocTitle true>>", p->tree);
	if (p->lang != NULL) {
		pdfw_puts(p->b, "/Lang");
		pdfw_text(p->b, p->lang);
	}
	pdfw_printf(p->b, "/Metadata %u 0 R/OutputIntents[<</Type/OutputIntent"
	    "/S/GTS_PDFA1/OutputConditionIdentifier(" ICC_NAME ")/Info("
	    ICC_NAME ")/DestOutputProfile %u 0 R>>]", xmp, icc);
	pdfw_puts(p->b, ">>");
	pdfw_obj(p->w, p->root, p->b->str, p->b->len);

	num = p->root;
	return pdfw_finish(p->w, num, info);
}

struct pdf_out *
pdf_open(struct fonts *fonts, const struct fmt *fmt,
    const struct pdf_info *info, double width_pt, double height_pt,
    const char *lang, const char *path)
{
	struct pdf_out	*p;

	p = g_new0(struct pdf_out, 1);
	/* Before the file: a missing profile leaves nothing behind. */
	if (!icc_load(p) || (p->o = outfile_new(path)) == NULL) {
		g_free(p->icc);
		g_free(p);
		return NULL;
	}
	p->fmt = fmt;
	p->info = info;
	p->path = path;
	p->lang = lang;
	p->ctx = fonts_context(fonts);
	p->width = width_pt;
	p->height = height_pt;
	p->w = pdfw_new(p->o);
	p->pf = pdffonts_new(p->w);
	p->faces = g_hash_table_new_full(g_direct_hash, g_direct_equal,
	    g_object_unref, g_free);
	p->c = g_string_sized_new(65536);
	p->b = g_string_new(NULL);
	p->annots = g_string_new(NULL);
	p->parents = g_string_new(NULL);
	p->nums = g_string_new(NULL);
	p->pages = g_array_new(FALSE, TRUE, sizeof(struct page_rec));
	p->stack = g_array_new(FALSE, FALSE, sizeof(struct elem));
	p->spare = g_ptr_array_new_with_free_func(string_free);
	p->dests = g_array_new(FALSE, FALSE, sizeof(struct dest));
	p->saved = g_array_new(FALSE, FALSE, sizeof(struct gs));
	p->ok = 1;
	/* Charts draw on cairo, unbounded; the pen writes what they draw. */
	p->rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA,
	    NULL);
	p->cr = cairo_create(p->rec);
	p->pen.mark = pen_mark;
	p->pen.text = pen_text;
	p->pen.arg = p;
	chart_set_pen(p->cr, &p->pen);
	p->root = pdfw_alloc(p->w);
	p->pages_num = pdfw_alloc(p->w);
	p->res = pdfw_alloc(p->w);
	p->tree = pdfw_alloc(p->w);
	return p;
}

int
pdf_close(struct pdf_out *p, const struct lay_doc *ld)
{
	struct page_rec	*r;
	guint		 i;
	int		 ok;

	/* Tags left open (the Document, at least) close at the end. */
	while (p->stack->len > 0)
		pop(p);
	for (i = 0; i < p->pages->len; i++) {
		r = &g_array_index(p->pages, struct page_rec, i);
		if (r->over != 0 || r->held != NULL)
			g_critical("pdf_close: page %u has no over stream", i);
	}
	if (!p->ok)
		diag_msg(DIAG_CAIRO, p->path, 0, "a chart could not be drawn");
	else if (cairo_status(p->cr) != CAIRO_STATUS_SUCCESS)
		diag_msg(DIAG_CAIRO, p->path, 0, "%s",
		    cairo_status_to_string(cairo_status(p->cr)));
	else if (ld == NULL || ld->pages->len != p->pages->len)
		diag_msg(DIAG_PDF, p->path, 0, "the layout ended after %u "
		    "of its pages", p->pages->len);
	ok = p->ok && cairo_status(p->cr) == CAIRO_STATUS_SUCCESS &&
	    ld != NULL && ld->pages->len == p->pages->len &&
	    pdf_trailer(p, ld, p->info, p->path);

	cairo_destroy(p->cr);
	cairo_surface_destroy(p->rec);
	pdfw_free(p->w);
	pdffonts_free(p->pf);
	g_hash_table_destroy(p->faces);
	g_string_free(p->c, TRUE);
	g_string_free(p->b, TRUE);
	g_string_free(p->annots, TRUE);
	g_string_free(p->parents, TRUE);
	g_string_free(p->nums, TRUE);
	for (i = 0; i < p->pages->len; i++) {
		r = &g_array_index(p->pages, struct page_rec, i);
		if (r->held != NULL)
			g_array_free(r->held, TRUE);
	}
	g_array_free(p->pages, TRUE);
	g_array_free(p->stack, TRUE);
	g_ptr_array_free(p->spare, TRUE);
	for (i = 0; i < p->dests->len; i++)
		g_free(g_array_index(p->dests, struct dest, i).name);
	g_array_free(p->dests, TRUE);
	g_array_free(p->saved, TRUE);
	g_free(p->icc);
	if (!ok)
		outfile_abort(p->o);
	else
		ok = outfile_commit(p->o);
	g_free(p);
	return ok;
}

/*
 * Write each page of ld as PREFIX-N.png (N from 1, zero-padded to the
 * width of the page count) at dpi. All pages or none: they are renamed
 * into place only when every one has been written. 1, or 0 after a
 * diagnostic.
 */
int
png_write(const struct lay_doc *ld, struct fonts *fonts,
    const struct fmt *fmt, double dpi, const char *prefix)
{
	GPtrArray	*files = g_ptr_array_new();
	struct outfile	*o;
	cairo_surface_t	*s;
	cairo_status_t	 st;
	struct draw	 d;
	char		*path;
	guint		 i;
	int		 digits, ok = 0;

	digits = ld->pages->len < 10 ? 1 : ld->pages->len < 100 ? 2 :
	    ld->pages->len < 1000 ? 3 : 4;
	memset(&d, 0, sizeof(d));
	d.ctx = fonts_context(fonts);
	d.fmt = fmt;
	d.ok = 1;
	for (i = 0; i < ld->pages->len; i++) {
		path = g_strdup_printf("%s-%0*u.png", prefix, digits, i + 1);
		o = outfile_new(path);
		g_free(path);
		if (o == NULL)
			goto out;
		g_ptr_array_add(files, o);
		s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
		    (int)(ld->width * dpi / 72.0 + 0.5),
		    (int)(ld->height * dpi / 72.0 + 0.5));
		d.cr = cairo_create(s);
		cairo_set_source_rgb(d.cr, 1, 1, 1);
		cairo_paint(d.cr);
		cairo_scale(d.cr, dpi / 72.0, dpi / 72.0);
		page(&d, g_ptr_array_index(ld->pages, i));
		st = cairo_status(d.cr);
		cairo_destroy(d.cr);
		if (st == CAIRO_STATUS_SUCCESS)
			st = cairo_surface_write_to_png_stream(s, write_cb, o);
		cairo_surface_destroy(s);
		if (failed(st, d.ok, outfile_path(o)) || !outfile_close(o))
			goto out;
	}
	ok = 1;
	for (i = 0; i < files->len; i++)
		ok = outfile_commit(g_ptr_array_index(files, i)) && ok;
	g_ptr_array_set_size(files, 0);
out:
	for (i = 0; i < files->len; i++)
		outfile_abort(g_ptr_array_index(files, i));
	g_ptr_array_free(files, TRUE);
	return ok;
}

const struct lay_item *
pdf_chart_find(const struct lay_doc *ld, int n, int *count)
{
	const struct lay_item	*it, *found = NULL;
	const struct lay_page	*p;
	guint			 i, j;
	int			 k = 0;

	for (i = 0; i < ld->pages->len; i++) {
		p = g_ptr_array_index(ld->pages, i);
		for (j = 0; j < p->items->len; j++) {
			it = &g_array_index(p->items, struct lay_item, j);
			if (it->kind == LAY_CHART && ++k == n)
				found = it;
		}
	}
	if (count != NULL)
		*count = k;
	return found;
}

int
pdf_chart_write(const struct doc_node *chart, struct fonts *fonts,
    const struct fmt *fmt, double width_pt, enum pdf_image image,
    double dpi, const char *path)
{
	struct outfile	*o;
	cairo_surface_t	*s;
	cairo_status_t	 st;
	cairo_t		*cr;
	double		 h = chart_height_pt(chart, width_pt), scale = 1;
	int		 drawn;

	if ((o = outfile_new(path)) == NULL)
		return 0;
	if (image == PDF_IMAGE_SVG) {
		s = cairo_svg_surface_create_for_stream(write_cb, o, width_pt,
		    h);
		cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PT);
	} else {
		scale = dpi / 72.0;
		s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
		    (int)(width_pt * scale + 0.5), (int)(h * scale + 0.5));
	}
	cr = cairo_create(s);
	/* White under it: the chart's separating lines are white. */
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	drawn = chart_draw(cr, fonts_context(fonts), fmt, chart, width_pt, h);
	st = cairo_status(cr);
	cairo_destroy(cr);
	if (st == CAIRO_STATUS_SUCCESS && drawn && image == PDF_IMAGE_PNG)
		st = cairo_surface_write_to_png_stream(s, write_cb, o);
	cairo_surface_finish(s);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (failed(st, drawn, path)) {
		outfile_abort(o);
		return 0;
	}
	return outfile_commit(o);
}
