/*
 * pdf: the renderer (pdf.h). Every item of the display list becomes
 * cairo calls on a PDF surface or on a page-sized image; text is drawn
 * from the lines layout shaped, charts by the chart module into the
 * rectangles layout gave them (or, for a chart alone, into an image or
 * SVG surface of the chart's size). Files are written through outfile,
 * so a failed run leaves no partial output under the requested name.
 */
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>

#include "chart.h"
#include "diag.h"
#include "fonts.h"
#include "layout.h"
#include "outfile.h"
#include "pdf.h"

struct draw {
	cairo_t			*cr;
	PangoContext		*ctx;
	const struct fmt	*fmt;
	int			 tags;		/* emit tags (PDF only) */
	GPtrArray		*open;		/* names of the open tags */
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
	double		 dash[2] = { 0, 2.5 };

	switch (it->kind) {
	case LAY_TEXT:
		grey(cr, it->grey);
		cairo_move_to(cr, it->x, it->y);
		pango_cairo_show_layout_line(cr, it->line);
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
	case LAY_TAG:
		if (!d->tags)
			break;
		cairo_tag_begin(cr, it->tag, it->attrs != NULL ? it->attrs :
		    "");
		g_ptr_array_add(d->open, (gpointer)it->tag);
		break;
	case LAY_END:
		if (!d->tags)
			break;
		g_assert(d->open->len > 0);
		cairo_tag_end(cr, g_ptr_array_index(d->open,
		    d->open->len - 1));
		g_ptr_array_set_size(d->open, d->open->len - 1);
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

/* The outline, each entry under the last one of the level above. */
static void
outline(cairo_surface_t *s, const struct lay_doc *ld)
{
	const struct lay_outline	*o;
	int				 parent[8] = { CAIRO_PDF_OUTLINE_ROOT };
	int				 lvl, id;
	char				*attrs;
	guint				 i;

	for (i = 0; i < ld->outline->len; i++) {
		o = &g_array_index(ld->outline, struct lay_outline, i);
		lvl = CLAMP(o->level, 1, 7);
		attrs = g_strdup_printf("dest='%s'", o->dest);
		id = cairo_pdf_surface_add_outline(s, parent[lvl - 1],
		    o->title, attrs, lvl == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN :
		    0);
		g_free(attrs);
		parent[lvl] = id;
	}
}

static void
metadata(cairo_surface_t *s, const struct pdf_info *in)
{
	const struct {
		cairo_pdf_metadata_t	 key;
		const char		*value;
	} v[] = {
		{ CAIRO_PDF_METADATA_TITLE, in->title },
		{ CAIRO_PDF_METADATA_AUTHOR, in->author },
		{ CAIRO_PDF_METADATA_SUBJECT, in->subject },
		{ CAIRO_PDF_METADATA_KEYWORDS, in->keywords },
		{ CAIRO_PDF_METADATA_CREATOR, in->creator },
		{ CAIRO_PDF_METADATA_CREATE_DATE, in->date },
		{ CAIRO_PDF_METADATA_MOD_DATE, in->date },
	};
	size_t	 i;

	for (i = 0; i < G_N_ELEMENTS(v); i++)
		if (v[i].value != NULL)
			cairo_pdf_surface_set_metadata(s, v[i].key,
			    v[i].value);
}

/*
 * Write ld as a PDF to path, with charts' numbers in fmt's locale. 1, or
 * 0 after a diagnostic, with nothing left at path.
 */
int
pdf_write(const struct lay_doc *ld, struct fonts *fonts,
    const struct fmt *fmt, const struct pdf_info *info, const char *path)
{
	struct outfile	*o;
	cairo_surface_t	*s;
	cairo_status_t	 st;
	struct draw	 d;
	guint		 i;

	if ((o = outfile_new(path)) == NULL)
		return 0;
	s = cairo_pdf_surface_create_for_stream(write_cb, o, ld->width,
	    ld->height);
	metadata(s, info);
	memset(&d, 0, sizeof(d));
	d.cr = cairo_create(s);
	d.ctx = fonts_context(fonts);
	d.fmt = fmt;
	d.tags = 1;
	d.open = g_ptr_array_new();
	d.ok = 1;
	for (i = 0; i < ld->pages->len; i++) {
		page(&d, g_ptr_array_index(ld->pages, i));
		cairo_show_page(d.cr);
	}
	outline(s, ld);
	st = cairo_status(d.cr);
	cairo_destroy(d.cr);
	cairo_surface_finish(s);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	g_ptr_array_free(d.open, TRUE);
	if (failed(st, d.ok, path)) {
		outfile_abort(o);
		return 0;
	}
	return outfile_commit(o);
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
