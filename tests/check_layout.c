/*
 * Unit tests of the layout on small hand-made documents, read back from
 * the display list alone: body text stays in the text frame and lines
 * never overlap; a paragraph splits without leaving one line alone at a
 * page foot or head; a heading is never the last thing on its page; a
 * table splits between rows with its header row repeated, a name with
 * no spaces wraps inside its column, and 10,000 rows lay out in time;
 * page breaks, letter paper, the running header and footer, the first
 * line of the dump, and a pack's parts (their own running lines, the
 * outline above their sections, the folio through the pack). The geometry the tests need (the frame) is
 * the one the layout documents; everything else is measured.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <glib.h>
#include <pango/pango.h>

#include "doc.h"
#include "dump.h"
#include "fonts.h"
#include "layout.h"
#include "testutil.h"

#define MM(x)		((x) * 72.0 / 25.4)
#define EPS		0.01	/* pt: rounding in the layout's sums */
#define MARKING		"RESTRICTED"
#define SHORT_TITLE	"Short title"
#define FOOTER		"Footer line"

/* The text frame, pt from the top-left corner of the paper. */
struct frame {
	double	 left, right, top, bottom;
};

/* An element of the display list: a tag, its items and its end. */
struct elem {
	const char	*tag;
	guint		 page;		/* index of the page it opens on */
	guint		 open;		/* index of its TAG item */
	guint		 close;		/* index of its END item */
	guint		 close_page;	/* the Document's is the last page */
};

/* A row of a table element: whether of TH cells, and each cell's text. */
struct row {
	int		 head;
	GPtrArray	*cells;		/* of char *, lines joined */
};

static struct fonts	*fonts;
static int		 wpl;		/* words of "lorem" per body line */
static char		 failure[256];	/* what a check found, to report */

static void
setup(void)
{
	fonts = fonts_new("en");
	ck_assert_ptr_nonnull(fonts);
}

static void
teardown(void)
{
	fonts_free(fonts);
	fonts = NULL;
}

static struct frame
frame_of(const struct lay_doc *ld)
{
	struct frame	 f;

	f.left = MM(25);
	f.right = ld->width - MM(20);
	f.top = MM(25);
	f.bottom = ld->height - MM(22);
	return f;
}

/*
 * A document with a marking, a short title, a footer and the folio
 * "Page # of #", built as bind.c builds it. Caller frees.
 */
static struct doc *
new_doc(void)
{
	struct doc	*d = doc_new();

	d->lang = doc_intern(d, "en");
	d->marking = doc_intern(d, MARKING);
	d->short_title = doc_intern(d, SHORT_TITLE);
	d->footer = doc_intern(d, FOOTER);
	d->folio = doc_append(d, NULL, DOC_LINE);
	doc_add_run(d, d->folio, "Page ", DOC_PLAIN);
	doc_add_run(d, d->folio, "#", DOC_PAGE);
	doc_add_run(d, d->folio, " of ", DOC_PLAIN);
	doc_add_run(d, d->folio, "#", DOC_PAGES);
	return d;
}

/* A paragraph of nwords words "lorem" under parent. */
static struct doc_node *
words_para(struct doc *d, struct doc_node *parent, int nwords)
{
	struct doc_node	*p = doc_append(d, parent, DOC_PARA);
	GString		*s = g_string_new(NULL);
	int		 i;

	for (i = 0; i < nwords; i++)
		g_string_append(s, i > 0 ? " lorem" : "lorem");
	doc_add_run(d, p, s->str, DOC_PLAIN);
	g_string_free(s, TRUE);
	return p;
}

/* The text of a TEXT item's line. Caller frees. */
static char *
line_text(const struct lay_item *it)
{
	if (it->words != NULL)
		return g_strndup(it->words->text, it->words->len);
	return g_strndup(pango_layout_get_text(it->line->layout) +
	    it->line->start_index, it->line->length);
}

/*
 * The logical box of a TEXT item's line, pt on the page: of Pango's
 * line, or from the first piece's left to the last one's right.
 */
static void
line_box(const struct lay_item *it, double *top, double *bottom,
    double *left, double *right)
{
	PangoRectangle	 log, last;
	PangoGlyphItem	*gi;
	double		 x0 = it->x, x1 = it->x;
	GSList		*r;

	if (it->words != NULL) {
		/* The first run's box; the last piece's right end. */
		gi = it->words->pieces[0].glyphs->runs->data;
		pango_glyph_string_extents(gi->glyphs, gi->item->analysis.font,
		    NULL, &log);
		last.x = last.width = 0;
		for (r = it->words->pieces[it->words->n - 1].glyphs->runs;
		    r != NULL; r = r->next) {
			gi = r->data;
			last.width += pango_glyph_string_get_width(gi->glyphs);
		}
		log.x = 0;
		x0 += it->words->pieces[0].x;
		x1 += it->words->pieces[it->words->n - 1].x;
	} else {
		pango_layout_line_get_extents(it->line, NULL, &log);
		last = log;
	}
	*top = it->y + (double)log.y / PANGO_SCALE;
	*bottom = it->y + (double)(log.y + log.height) / PANGO_SCALE;
	*left = x0 + (double)log.x / PANGO_SCALE;
	*right = x1 + (double)(last.x + last.width) / PANGO_SCALE;
}

static const struct lay_item *
item_at(const struct lay_doc *ld, guint page, guint i)
{
	const struct lay_page	*p = g_ptr_array_index(ld->pages, page);

	return &g_array_index(p->items, struct lay_item, i);
}

static guint
nitems(const struct lay_doc *ld, guint page)
{
	return ((const struct lay_page *)g_ptr_array_index(ld->pages,
	    page))->items->len;
}

/*
 * The elements of ld in the order they open, checking that tags balance:
 * every element but the Document closes on the page it opens on, and the
 * Document, open on the first page, closes on the last. Caller frees.
 */
static GArray *
elements(const struct lay_doc *ld)
{
	GArray			*out = g_array_new(FALSE, FALSE,
	    sizeof(struct elem));
	GArray			*stack = g_array_new(FALSE, FALSE,
	    sizeof(guint));
	const struct lay_item	*it;
	struct elem		 e, *ep;
	guint			 i, j, k;

	for (i = 0; i < ld->pages->len; i++) {
		for (j = 0; j < nitems(ld, i); j++) {
			it = item_at(ld, i, j);
			if (it->kind == LAY_TAG) {
				e.tag = it->tag;
				e.page = i;
				e.open = j;
				e.close = e.close_page = G_MAXUINT;
				k = out->len;
				g_array_append_val(out, e);
				g_array_append_val(stack, k);
			} else if (it->kind == LAY_END) {
				ck_assert_msg(stack->len > 0, "page %u item "
				    "%u: an end without a tag", i + 1, j);
				k = g_array_index(stack, guint, stack->len - 1);
				g_array_set_size(stack, stack->len - 1);
				ep = &g_array_index(out, struct elem, k);
				ep->close = j;
				ep->close_page = i;
				if (strcmp(ep->tag, "Document") != 0)
					ck_assert_msg(ep->page == i, "%s "
					    "opened on page %u closes on "
					    "page %u", ep->tag, ep->page + 1,
					    i + 1);
			}
		}
		if (i + 1 < ld->pages->len)
			ck_assert_msg(stack->len == 1 && strcmp(g_array_index(
			    out, struct elem, g_array_index(stack, guint,
			    0)).tag, "Document") == 0, "page %u ends with %u "
			    "tags open", i + 1, stack->len);
	}
	ck_assert_uint_eq(stack->len, 0);
	ck_assert_uint_gt(out->len, 0);
	ck_assert_str_eq(g_array_index(out, struct elem, 0).tag, "Document");
	g_array_free(stack, TRUE);
	return out;
}

/*
 * The innermost tag open at each item of page i (for a TAG item, its
 * own; for an END, the one it closes): "Document" or NULL for the
 * running header and footer, which belong to no other element. Caller
 * frees the array, not the strings.
 */
static const char **
innermost(const struct lay_doc *ld, guint i)
{
	const struct lay_item	*it;
	GPtrArray		*stack = g_ptr_array_new();
	const char		**v = g_new0(const char *, nitems(ld, i) + 1);
	guint			 j;

	if (i > 0)
		g_ptr_array_add(stack, (gpointer)"Document");
	for (j = 0; j < nitems(ld, i); j++) {
		it = item_at(ld, i, j);
		if (it->kind == LAY_TAG)
			g_ptr_array_add(stack, (gpointer)it->tag);
		v[j] = stack->len > 0 ?
		    g_ptr_array_index(stack, stack->len - 1) : NULL;
		if (it->kind == LAY_END && stack->len > 0)
			g_ptr_array_set_size(stack, stack->len - 1);
	}
	g_ptr_array_free(stack, TRUE);
	return v;
}

static gint
cmp_double(gconstpointer a, gconstpointer b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int
is_running(const char *inner)
{
	return inner == NULL || strcmp(inner, "Document") == 0;
}

/*
 * Words of "lorem" per line of a body paragraph, measured once by laying
 * out one long paragraph: every word is as wide as every other, so a
 * paragraph of (n - 1) * wpl + 1 .. n * wpl words has n lines.
 */
static int
words_per_line(void)
{
	struct doc		*d;
	struct lay_doc		*ld;
	const struct lay_item	*it;
	char			*s, **w;
	guint			 j;

	if (wpl > 0)
		return wpl;
	d = new_doc();
	words_para(d, d->root, 300);
	ld = layout_doc(d, fonts, LAY_A4);
	for (j = 0; j < nitems(ld, 0); j++) {
		it = item_at(ld, 0, j);
		if (it->kind == LAY_TEXT) {
			s = line_text(it);
			w = g_strsplit(g_strstrip(s), " ", -1);
			wpl = (int)g_strv_length(w);
			g_strfreev(w);
			g_free(s);
			break;
		}
	}
	layout_free(ld);
	doc_free(d);
	ck_assert_int_gt(wpl, 5);
	return wpl;
}

/* A paragraph of exactly n lines (checked by para_lines). */
static struct doc_node *
lines_para(struct doc *d, struct doc_node *parent, int n)
{
	int	 w = words_per_line();

	return words_para(d, parent, (n - 1) * w + (w + 1) / 2);
}

/*
 * The lines of the paragraph-like elements called tag, by the layout
 * they were shaped in (one per paragraph): a GArray of the line count
 * of each part, in order. Caller frees the table.
 */
static GHashTable *
parts_by_para(const struct lay_doc *ld, const GArray *els, const char *tag,
    GPtrArray *order)
{
	GHashTable		*h = g_hash_table_new_full(NULL, NULL, NULL,
	    (GDestroyNotify)g_array_unref);
	const struct elem	*e;
	const struct lay_item	*it;
	PangoLayout		*pl;
	GArray			*a;
	guint			 i, j;
	int			 n;

	for (i = 0; i < els->len; i++) {
		e = &g_array_index(els, struct elem, i);
		if (strcmp(e->tag, tag) != 0)
			continue;
		pl = NULL;
		n = 0;
		for (j = e->open + 1; j < e->close; j++) {
			it = item_at(ld, e->page, j);
			if (it->kind != LAY_TEXT)
				continue;
			if (pl == NULL)
				pl = it->line->layout;
			ck_assert_ptr_eq(it->line->layout, pl);
			n++;
		}
		ck_assert_msg(n > 0, "page %u: an empty %s", e->page + 1,
		    tag);
		if ((a = g_hash_table_lookup(h, pl)) == NULL) {
			a = g_array_new(FALSE, FALSE, sizeof(int));
			g_hash_table_insert(h, pl, a);
			if (order != NULL)
				g_ptr_array_add(order, pl);
		}
		g_array_append_val(a, n);
	}
	return h;
}

/* The number of lines of the paragraph whose layout is pl. */
static int
para_lines(PangoLayout *pl)
{
	return pango_layout_get_line_count(pl);
}

static void
row_free(gpointer p)
{
	struct row	*r = p;

	g_ptr_array_free(r->cells, TRUE);
	g_free(r);
}

/* The rows of table element e, in order. Caller frees. */
static GPtrArray *
table_rows(const struct lay_doc *ld, const struct elem *e)
{
	GPtrArray		*rows;
	const struct lay_item	*it;
	struct row		*r = NULL;
	GString			*cell = NULL;
	char			*s;
	guint			 j;

	rows = g_ptr_array_new_with_free_func(row_free);
	for (j = e->open + 1; j < e->close; j++) {
		it = item_at(ld, e->page, j);
		if (it->kind == LAY_TAG && strcmp(it->tag, "TR") == 0) {
			ck_assert_ptr_null(cell);
			r = g_new0(struct row, 1);
			r->head = -1;
			r->cells = g_ptr_array_new_with_free_func(g_free);
			g_ptr_array_add(rows, r);
		} else if (it->kind == LAY_TAG && (strcmp(it->tag, "TH") == 0 ||
		    strcmp(it->tag, "TD") == 0)) {
			ck_assert_ptr_nonnull(r);
			ck_assert_ptr_null(cell);
			if (r->head == -1)
				r->head = it->tag[1] == 'H';
			ck_assert_int_eq(r->head, it->tag[1] == 'H');
			cell = g_string_new(NULL);
		} else if (it->kind == LAY_TEXT) {
			ck_assert_msg(cell != NULL, "text in a table, not in "
			    "a cell");
			s = line_text(it);
			g_string_append(cell, s);
			g_free(s);
		} else if (it->kind == LAY_END && cell != NULL) {
			g_ptr_array_add(r->cells, g_string_free(cell, FALSE));
			cell = NULL;
		}
	}
	ck_assert_ptr_null(cell);
	return rows;
}

/* A table under parent: columns head[ncols], widths relative. */
static struct doc_node *
new_table(struct doc *d, struct doc_node *parent, int ncols,
    const char *const *head, const double *width)
{
	struct doc_node	*t = doc_append(d, parent, DOC_TABLE), *c;
	int		 i;

	t->ncols = ncols;
	for (i = 0; i < ncols; i++) {
		c = doc_append(d, t, DOC_COLUMN);
		c->text = doc_intern(d, head[i]);
		c->align = TMPL_ALIGN_START;
		c->width = width != NULL ? width[i] : 1;
	}
	return t;
}

/* A row of cells v[ncols], as bind.c makes one. */
static void
new_row(struct doc *d, struct doc_node *t, const char *const *v)
{
	struct doc_node	*r = doc_append(d, t, DOC_ROW);
	int		 i;

	r->ncols = t->ncols;
	r->cells = g_new(const char *, t->ncols);
	for (i = 0; i < t->ncols; i++)
		r->cells[i] = doc_intern(d, v[i]);
}

static const char *const heads[] = { "Name", "Body", "Count" };

/* A 3-column table of n rows "row 1".."row n" under parent. */
static void
numbered_table(struct doc *d, struct doc_node *parent, int n)
{
	struct doc_node	*t = new_table(d, parent, 3, heads, NULL);
	char		 name[32], count[32];
	const char	*v[3];
	int		 i;

	for (i = 1; i <= n; i++) {
		g_snprintf(name, sizeof(name), "row %d", i);
		g_snprintf(count, sizeof(count), "%d", i % 7);
		v[0] = name;
		v[1] = i % 2 ? "Federal Ministry" : "Agency";
		v[2] = count;
		new_row(d, t, v);
	}
}

/*
 * Check that the tables of ld hold rows "row 1".."row n" once each, in
 * order, that every table element starts with one header row (the TH
 * cells heads[]) followed by data rows only, and that every page with
 * rows has such an element. The number of table elements.
 */
static guint
check_numbered_table(const struct lay_doc *ld, int n)
{
	GArray			*els = elements(ld);
	const struct elem	*e;
	GPtrArray		*rows;
	const struct row	*r;
	char			 want[32];
	guint			 i, k, ntables = 0, last_page = 0;
	int			 next = 1, c;

	for (i = 0; i < els->len; i++) {
		e = &g_array_index(els, struct elem, i);
		if (strcmp(e->tag, "Table") != 0)
			continue;
		ck_assert_msg(ntables == 0 || e->page == last_page + 1,
		    "table part on page %u after one on page %u",
		    e->page + 1, last_page + 1);
		last_page = e->page;
		ntables++;
		rows = table_rows(ld, e);
		ck_assert_msg(rows->len >= 2, "page %u: a table part of %u "
		    "rows", e->page + 1, rows->len);
		for (k = 0; k < rows->len; k++) {
			r = g_ptr_array_index(rows, k);
			ck_assert_int_eq(r->cells->len, 3);
			ck_assert_msg(r->head == (k == 0), "page %u row %u: "
			    "%s where %s belong", e->page + 1, k,
			    r->head ? "TH" : "TD", k == 0 ? "TH" : "TD");
			if (k == 0) {
				for (c = 0; c < 3; c++)
					ck_assert_str_eq(g_ptr_array_index(
					    r->cells, c), heads[c]);
				continue;
			}
			g_snprintf(want, sizeof(want), "row %d", next++);
			ck_assert_str_eq(g_ptr_array_index(r->cells, 0), want);
		}
		g_ptr_array_free(rows, TRUE);
	}
	ck_assert_int_eq(next - 1, n);
	g_array_free(els, TRUE);
	return ntables;
}

/* Whether a line of page i reads s exactly; how many. */
static int
count_lines(const struct lay_doc *ld, guint i, const char *s)
{
	const struct lay_item	*it;
	char			*t;
	guint			 j;
	int			 n = 0;

	for (j = 0; j < nitems(ld, i); j++) {
		it = item_at(ld, i, j);
		if (it->kind != LAY_TEXT)
			continue;
		t = line_text(it);
		n += strcmp(g_strstrip(t), s) == 0;
		g_free(t);
	}
	return n;
}

/* The baseline y of the line of page i that reads s (-1: none). */
static double
line_y(const struct lay_doc *ld, guint i, const char *s)
{
	const struct lay_item	*it;
	char			*t;
	guint			 j;
	double			 y = -1;

	for (j = 0; j < nitems(ld, i) && y < 0; j++) {
		it = item_at(ld, i, j);
		if (it->kind != LAY_TEXT)
			continue;
		t = line_text(it);
		if (strcmp(g_strstrip(t), s) == 0)
			y = it->y;
		g_free(t);
	}
	return y;
}

/*
 * Whether every H1 and H2 of ld is followed on its page by text of
 * another element: a heading is never the last thing on its page. If
 * not, 0 and the first such heading in failure. (The tests that this
 * fails on free everything before they assert: no leaks under CK_FORK=no.)
 */
static int
headings_kept(const struct lay_doc *ld)
{
	GArray			*els = elements(ld);
	const struct elem	*e;
	const char		**inner = NULL;
	guint			 i, j, page = G_MAXUINT;
	int			 followed = 1;

	for (i = 0; i < els->len && followed; i++) {
		e = &g_array_index(els, struct elem, i);
		if (strcmp(e->tag, "H1") != 0 && strcmp(e->tag, "H2") != 0)
			continue;
		if (e->page != page) {
			g_free(inner);
			inner = innermost(ld, e->page);
			page = e->page;
		}
		followed = 0;
		for (j = e->close + 1; j < nitems(ld, page) && !followed; j++)
			followed = item_at(ld, page, j)->kind == LAY_TEXT &&
			    !is_running(inner[j]);
		if (!followed)
			g_snprintf(failure, sizeof(failure), "a %s is the last "
			    "thing on page %u of %u", e->tag, page + 1,
			    ld->pages->len);
	}
	g_free(inner);
	g_array_free(els, TRUE);
	return followed;
}

/*
 * Check that the body of every page of ld (text lines, rules and fills
 * of an element but the Document) lies inside the frame, and that the
 * running lines lie above or below it, on the paper.
 */
static void
check_in_frame(const struct lay_doc *ld)
{
	struct frame		 f = frame_of(ld);
	const struct lay_item	*it;
	const char		**inner;
	double			 top, bottom, left, right;
	guint			 i, j;

	for (i = 0; i < ld->pages->len; i++) {
		inner = innermost(ld, i);
		for (j = 0; j < nitems(ld, i); j++) {
			it = item_at(ld, i, j);
			if (it->kind == LAY_RULE || it->kind == LAY_FILL) {
				if (is_running(inner[j]))
					continue;
				top = it->y;
				bottom = it->y + it->h;
				left = it->x;
				right = it->x + it->w;
			} else if (it->kind == LAY_TEXT)
				line_box(it, &top, &bottom, &left, &right);
			else
				continue;
			ck_assert_msg(left >= f.left - EPS && right <=
			    f.right + 0.5, "page %u: %.1f..%.1f across the "
			    "frame's sides %.1f..%.1f", i + 1, left, right,
			    f.left, f.right);
			if (is_running(inner[j]))
				ck_assert_msg((bottom <= f.top + EPS ||
				    top >= f.bottom - EPS) && top >= 0 &&
				    bottom <= ld->height, "page %u: a "
				    "running line at y %.1f", i + 1, it->y);
			else
				ck_assert_msg(top >= f.top - EPS && bottom <=
				    f.bottom + EPS, "page %u: %s %.1f..%.1f "
				    "outside the frame %.1f..%.1f", i + 1,
				    inner[j], top, bottom, f.top, f.bottom);
		}
		g_free(inner);
	}
}

/*
 * 80 paragraphs of 4 to 6 lines: several pages; body lines inside the
 * frame, the running lines outside it; no two body lines overlap; every
 * line of every paragraph laid out once; and no page but the last is
 * left more than a few lines short.
 */
START_TEST(page_breaks)
{
	struct doc		*d = new_doc();
	struct lay_doc		*ld;
	struct frame		 f;
	const struct lay_item	*it;
	const char		**inner;
	GArray			*ys;
	GHashTable		*seen = g_hash_table_new(NULL, NULL);
	GHashTableIter		 hi;
	gpointer		 k, v;
	double			 top, bottom, left, right, lowest, lh = 0;
	guint			 i, j, nlines = 0, want = 0;

	for (i = 0; i < 80; i++)
		lines_para(d, d->root, 4 + i % 3);
	ld = layout_doc(d, fonts, LAY_A4);
	f = frame_of(ld);
	ck_assert_uint_gt(ld->pages->len, 1);
	check_in_frame(ld);
	for (i = 0; i < ld->pages->len; i++) {
		inner = innermost(ld, i);
		ys = g_array_new(FALSE, FALSE, sizeof(double));
		lowest = 0;
		for (j = 0; j < nitems(ld, i); j++) {
			it = item_at(ld, i, j);
			if (it->kind != LAY_TEXT)
				continue;
			if (is_running(inner[j]))
				continue;
			ck_assert_str_eq(inner[j], "P");
			line_box(it, &top, &bottom, &left, &right);
			g_array_append_val(ys, it->y);
			g_hash_table_insert(seen, it->line->layout,
			    GUINT_TO_POINTER(GPOINTER_TO_UINT(
			    g_hash_table_lookup(seen, it->line->layout)) + 1));
			if (bottom > lowest)
				lowest = bottom;
			lh = bottom - top;
			nlines++;
		}
		ck_assert_uint_gt(ys->len, 0);
		g_array_sort(ys, cmp_double);
		for (j = 1; j < ys->len; j++)
			ck_assert_msg(g_array_index(ys, double, j) -
			    g_array_index(ys, double, j - 1) >= 10, "page %u: "
			    "baselines %.2f and %.2f", i + 1,
			    g_array_index(ys, double, j - 1),
			    g_array_index(ys, double, j));
		/* Widow control costs at most two lines and a gap. */
		if (i + 1 < ld->pages->len)
			ck_assert_msg(lowest >= f.bottom - 3 * lh - 6,
			    "page %u ends at %.1f of %.1f", i + 1, lowest,
			    f.bottom);
		g_array_free(ys, TRUE);
		g_free(inner);
	}
	ck_assert_uint_eq(g_hash_table_size(seen), 80);
	g_hash_table_iter_init(&hi, seen);
	while (g_hash_table_iter_next(&hi, &k, &v)) {
		ck_assert_uint_eq(GPOINTER_TO_UINT(v), para_lines(k));
		want += para_lines(k);
	}
	ck_assert_uint_eq(nlines, want);
	g_hash_table_destroy(seen);
	layout_free(ld);
	doc_free(d);
}
END_TEST

/*
 * Paragraphs of 2 to 9 lines in an irregular order, so that page breaks
 * fall inside many of them: every part of a split paragraph has at
 * least two lines, the parts are on consecutive pages, and paragraphs
 * of 2 or 3 lines never split.
 */
START_TEST(widows_orphans)
{
	static const int	 len[] = { 7, 2, 9, 3, 5, 4, 8, 2, 6, 3, 9,
	    5, 2, 4, 7, 3, 6, 8, 2, 5 };
	struct doc		*d = new_doc();
	struct lay_doc		*ld;
	GArray			*els, *a;
	GPtrArray		*order = g_ptr_array_new();
	GHashTable		*h;
	PangoLayout		*pl;
	guint			 i, k, nsplit = 0, sum;

	for (i = 0; i < 200; i++)
		lines_para(d, d->root, len[(i * 7 + i / 20) %
		    G_N_ELEMENTS(len)]);
	ld = layout_doc(d, fonts, LAY_A4);
	check_in_frame(ld);
	els = elements(ld);
	h = parts_by_para(ld, els, "P", order);
	ck_assert_uint_eq(order->len, 200);
	for (i = 0; i < order->len; i++) {
		pl = g_ptr_array_index(order, i);
		a = g_hash_table_lookup(h, pl);
		ck_assert_int_eq(para_lines(pl),
		    len[(i * 7 + i / 20) % G_N_ELEMENTS(len)]);
		sum = 0;
		for (k = 0; k < a->len; k++)
			sum += g_array_index(a, int, k);
		ck_assert_uint_eq(sum, para_lines(pl));
		if (a->len == 1)
			continue;
		nsplit++;
		ck_assert_msg(para_lines(pl) > 3, "paragraph %u of %d lines "
		    "split", i + 1, para_lines(pl));
		for (k = 0; k < a->len; k++)
			ck_assert_msg(g_array_index(a, int, k) >= 2,
			    "paragraph %u of %d lines: part %u has %d line",
			    i + 1, para_lines(pl), k + 1,
			    g_array_index(a, int, k));
	}
	/* Enough breaks fell inside paragraphs for the test to mean it. */
	ck_assert_uint_ge(nsplit, 10);
	/* The parts of a paragraph are P elements on consecutive pages. */
	for (i = 1; i < els->len; i++) {
		const struct elem *e = &g_array_index(els, struct elem, i);
		const struct elem *p = &g_array_index(els, struct elem, i - 1);

		if (strcmp(e->tag, "P") == 0 && strcmp(p->tag, "P") == 0 &&
		    item_at(ld, e->page, e->open + 1)->line->layout ==
		    item_at(ld, p->page, p->open + 1)->line->layout)
			ck_assert_uint_eq(e->page, p->page + 1);
	}
	g_hash_table_destroy(h);
	g_ptr_array_free(order, TRUE);
	g_array_free(els, TRUE);
	layout_free(ld);
	doc_free(d);
}
END_TEST

/* A section under parent: heading "number text", level, id "s<number>". */
static struct doc_node *
new_section(struct doc *d, struct doc_node *parent, int level,
    const char *number)
{
	struct doc_node	*s = doc_append(d, parent, DOC_SECTION), *h;
	char		*id = g_strdup_printf("s%s", number);

	s->level = level;
	s->number = doc_intern(d, number);
	s->id = doc_intern(d, id);
	h = doc_append(d, s, DOC_HEADING);
	doc_add_run(d, h, "A heading of the section", DOC_PLAIN);
	g_free(id);
	return s;
}

/*
 * Sections and subsections, each with one to four short paragraphs of
 * one to four lines: no heading is the last thing on its page.
 */
START_TEST(heading_not_last)
{
	struct doc	*d = new_doc();
	struct lay_doc	*ld;
	struct doc_node	*s, *ss;
	char		 num[32];
	int		 i, j, k, n = 0, ok;

	for (i = 1; i <= 30; i++) {
		g_snprintf(num, sizeof(num), "%d", i);
		s = new_section(d, d->root, 1, num);
		for (k = 0; k < 1 + i % 3; k++)
			lines_para(d, s, 1 + (n++ * 5) % 4);
		for (j = 1; j <= 1 + i % 4; j++) {
			g_snprintf(num, sizeof(num), "%d.%d", i, j);
			ss = new_section(d, s, 2, num);
			for (k = 0; k < 1 + (i + j) % 4; k++)
				lines_para(d, ss, 1 + (n++ * 3) % 4);
		}
	}
	ld = layout_doc(d, fonts, LAY_A4);
	ck_assert_uint_gt(ld->pages->len, 5);
	ok = headings_kept(ld);
	layout_free(ld);
	doc_free(d);
	ck_assert_msg(ok, "%s", failure);
}
END_TEST

/*
 * A heading before a paragraph of three lines, which flow() moves whole
 * (it would leave one line alone): where the heading and two lines fit
 * but not three, the heading must move with the paragraph.
 */
START_TEST(heading_before_three_lines)
{
	struct doc	*d;
	struct lay_doc	*ld;
	struct doc_node	*s;
	int		 n, ok = 1;

	for (n = 30; n <= 60 && ok; n++) {
		d = new_doc();
		lines_para(d, d->root, n);
		s = new_section(d, d->root, 1, "1");
		lines_para(d, s, 3);
		ld = layout_doc(d, fonts, LAY_A4);
		ok = headings_kept(ld);
		layout_free(ld);
		doc_free(d);
	}
	ck_assert_msg(ok, "%s, after a paragraph of %d lines", failure,
	    n - 1);
}
END_TEST

/*
 * A heading before a table: the room the heading keeps for the table's
 * header and first row (and the gap above them) is the room the table
 * asks for, so the table never moves alone to the next page.
 */
START_TEST(heading_before_table)
{
	struct doc	*d;
	struct lay_doc	*ld;
	struct doc_node	*s;
	int		 n, m, i, ok = 1;

	for (n = 34; n <= 50 && ok; n++)
		for (m = 0; m < 4 && ok; m++) {
			d = new_doc();
			lines_para(d, d->root, n);
			for (i = 0; i < m; i++)
				lines_para(d, d->root, 1);
			s = new_section(d, d->root, 1, "1");
			numbered_table(d, s, 3);
			ld = layout_doc(d, fonts, LAY_A4);
			ok = headings_kept(ld);
			layout_free(ld);
			doc_free(d);
		}
	ck_assert_msg(ok, "%s, after paragraphs of %d and %d x 1 lines",
	    failure, n - 1, m - 1);
}
END_TEST

/*
 * When an item moves whole to the next page, its L, LI and LBody open
 * there: no page ends with an element that holds no text.
 */
START_TEST(empty_list_item)
{
	static const char *const tags[] = { "L", "LI", "LBody" };
	struct doc		*d;
	struct doc_node		*l;
	struct lay_doc		*ld;
	GArray			*els;
	const struct elem	*e;
	guint			 i, j, k;
	int			 n, has_text = 1;

	for (n = 44; n <= 54 && has_text; n++) {
		d = new_doc();
		lines_para(d, d->root, n);
		l = doc_append(d, d->root, DOC_LIST);
		for (i = 0; i < 3; i++)
			doc_add_run(d, doc_append(d, l, DOC_ITEM), "An item "
			    "that is long enough to take two lines of the "
			    "page, and so to move whole rather than leave one "
			    "of them alone.", DOC_PLAIN);
		ld = layout_doc(d, fonts, LAY_A4);
		els = elements(ld);
		for (i = 0; i < els->len && has_text; i++) {
			e = &g_array_index(els, struct elem, i);
			for (k = 0; k < G_N_ELEMENTS(tags); k++)
				if (strcmp(e->tag, tags[k]) == 0)
					break;
			if (k == G_N_ELEMENTS(tags))
				continue;
			has_text = 0;
			for (j = e->open + 1; j < e->close && !has_text; j++)
				has_text = item_at(ld, e->page, j)->kind ==
				    LAY_TEXT;
			if (!has_text)
				g_snprintf(failure, sizeof(failure), "an empty "
				    "%s on page %u, after a paragraph of %d "
				    "lines", e->tag, e->page + 1, n);
		}
		g_array_free(els, TRUE);
		layout_free(ld);
		doc_free(d);
	}
	ck_assert_msg(has_text, "%s", failure);
}
END_TEST

/*
 * A table of 300 rows: split between rows over several pages, each
 * part starting with the header row; every row once and in order.
 */
START_TEST(table_split)
{
	struct doc	*d = new_doc();
	struct lay_doc	*ld;

	lines_para(d, d->root, 5);
	numbered_table(d, d->root, 300);
	lines_para(d, d->root, 5);
	ld = layout_doc(d, fonts, LAY_A4);
	ck_assert_uint_ge(ld->pages->len, 3);
	check_in_frame(ld);
	ck_assert_uint_eq(check_numbered_table(ld, 300), ld->pages->len);
	layout_free(ld);
	doc_free(d);
}
END_TEST

/*
 * A name of 300 characters without a space, in the middle and the last
 * column of a table: it wraps onto several lines, keeps every character,
 * and no line reaches into the next column or past the frame.
 */
START_TEST(long_name_wraps)
{
	static const double	 w[] = { 1, 3, 1 };
	struct doc		*d = new_doc();
	struct doc_node		*t;
	struct lay_doc		*ld;
	struct frame		 f;
	const struct lay_item	*it;
	const char		**inner, *v[3];
	GString			*name = g_string_new(NULL), *got[3];
	double			 colx[3], top, bottom, left, right;
	char			*s;
	guint			 j;
	int			 c, nth = 0, nlines[3] = { 0, 0, 0 };

	for (c = 0; name->len < 300; c++)
		g_string_append_c(name, "Bundesministeriumfuerdigitales"
		    [c % 30]);
	t = new_table(d, d->root, 3, heads, w);
	v[0] = "row 1";
	v[1] = name->str;
	v[2] = name->str;
	new_row(d, t, v);
	ld = layout_doc(d, fonts, LAY_A4);
	f = frame_of(ld);
	ck_assert_uint_eq(ld->pages->len, 1);
	inner = innermost(ld, 0);
	for (c = 0; c < 3; c++)
		got[c] = g_string_new(NULL);
	/* The header cells are left aligned: each starts its column. */
	for (j = 0; j < nitems(ld, 0); j++) {
		it = item_at(ld, 0, j);
		if (it->kind != LAY_TEXT || inner[j] == NULL ||
		    strcmp(inner[j], "TH") != 0)
			continue;
		ck_assert_int_lt(nth, 3);
		colx[nth++] = it->x;
	}
	ck_assert_int_eq(nth, 3);
	ck_assert(colx[0] < colx[1] && colx[1] < colx[2]);
	nth = 0;
	for (j = 0; j < nitems(ld, 0); j++) {
		it = item_at(ld, 0, j);
		if (it->kind == LAY_TAG && strcmp(it->tag, "TD") == 0)
			nth++;
		if (it->kind != LAY_TEXT || inner[j] == NULL ||
		    strcmp(inner[j], "TD") != 0)
			continue;
		c = nth - 1;
		line_box(it, &top, &bottom, &left, &right);
		s = line_text(it);
		g_string_append(got[c], s);
		g_free(s);
		nlines[c]++;
		ck_assert_msg(left >= colx[c] - EPS, "column %d: a line "
		    "starts at %.2f, left of %.2f", c + 1, left, colx[c]);
		ck_assert_msg(right <= f.right + 0.5, "column %d: a line "
		    "ends at %.2f, past the frame at %.2f", c + 1, right,
		    f.right);
		if (c < 2)
			ck_assert_msg(right <= colx[c + 1] + 0.5, "column %d: "
			    "a line ends at %.2f, in the next column at %.2f",
			    c + 1, right, colx[c + 1]);
	}
	ck_assert_str_eq(got[0]->str, "row 1");
	ck_assert_str_eq(got[1]->str, name->str);
	ck_assert_str_eq(got[2]->str, name->str);
	ck_assert_int_ge(nlines[1], 3);
	ck_assert_int_ge(nlines[2], 3);
	for (c = 0; c < 3; c++)
		g_string_free(got[c], TRUE);
	g_free(inner);
	g_string_free(name, TRUE);
	layout_free(ld);
	doc_free(d);
}
END_TEST

/*
 * A row taller than the frame (a 5,000-character name wraps to some 150
 * lines in a third of the frame) splits between lines over pages: every
 * character laid out, in order, and none past the frame's foot.
 */
START_TEST(row_taller_than_page)
{
	struct doc		*d = new_doc();
	struct doc_node		*t;
	struct lay_doc		*ld;
	struct frame		 f;
	const struct lay_item	*it;
	const char		**inner, *v[3];
	GString			*name = g_string_new(NULL), *got;
	double			 top, bottom, left, right, lowest = 0;
	double			 height;
	char			*s;
	guint			 i, j;
	int			 whole;

	while (name->len < 5000)
		g_string_append_c(name, 'a' + name->len % 26);
	t = new_table(d, d->root, 3, heads, NULL);
	v[0] = name->str;
	v[1] = "Agency";
	v[2] = "1";
	new_row(d, t, v);
	ld = layout_doc(d, fonts, LAY_A4);
	f = frame_of(ld);
	height = ld->height;
	got = g_string_new(NULL);
	for (i = 0; i < ld->pages->len; i++) {
		inner = innermost(ld, i);
		for (j = 0; j < nitems(ld, i); j++) {
			it = item_at(ld, i, j);
			if (it->kind != LAY_TEXT || inner[j] == NULL ||
			    strcmp(inner[j], "TD") != 0)
				continue;
			/* The name's lines: the other cells are words. */
			s = line_text(it);
			if (strspn(s, "abcdefghijklmnopqrstuvwxyz") ==
			    strlen(s))
				g_string_append(got, s);
			g_free(s);
			line_box(it, &top, &bottom, &left, &right);
			if (bottom > lowest)
				lowest = bottom;
		}
		g_free(inner);
	}
	whole = strncmp(got->str, name->str, name->len) == 0;
	g_string_free(got, TRUE);
	g_string_free(name, TRUE);
	layout_free(ld);
	doc_free(d);
	/* Every character is laid out... */
	ck_assert_msg(whole, "the name is not laid out whole");
	/* ...but not where it can be seen. */
	ck_assert_msg(lowest <= f.bottom + EPS, "the cell's lines reach "
	    "y %.1f: past the frame's foot (%.1f)%s", lowest, f.bottom,
	    lowest > height ? " and off the paper" : "");
}
END_TEST

/*
 * 10,000 rows: done well inside the test's time limit, every row once,
 * the header on every page, and a plausible number of pages.
 */
START_TEST(table_10000_rows)
{
	struct doc	*d = new_doc();
	struct lay_doc	*ld;

	numbered_table(d, d->root, 10000);
	ld = layout_doc(d, fonts, LAY_A4);
	ck_assert_uint_gt(ld->pages->len, 100);
	ck_assert_uint_lt(ld->pages->len, 1000);
	check_in_frame(ld);
	ck_assert_uint_eq(check_numbered_table(ld, 10000), ld->pages->len);
	layout_free(ld);
	doc_free(d);
}
END_TEST

/* Which page (index) holds a body line that reads s; -1 for none. */
static int
page_of(const struct lay_doc *ld, const char *s)
{
	guint	 i;

	for (i = 0; i < ld->pages->len; i++)
		if (count_lines(ld, i, s) > 0)
			return (int)i;
	return -1;
}

/*
 * A page break starts a new page, but not where the page is still
 * empty: at the start, after another break, after the cover; and one at
 * the very end leaves no empty page.
 */
START_TEST(page_break)
{
	struct doc	*d = new_doc();
	struct doc_node	*c, *p;
	struct lay_doc	*ld;
	guint		 i;

	c = doc_append(d, d->root, DOC_COVER);
	p = doc_append(d, c, DOC_LINE);
	p->id = doc_intern(d, "title");
	doc_add_run(d, p, "Cover", DOC_PLAIN);
	doc_append(d, d->root, DOC_PAGE_BREAK);
	doc_add_run(d, doc_append(d, d->root, DOC_PARA), "one", DOC_PLAIN);
	doc_append(d, d->root, DOC_PAGE_BREAK);
	doc_append(d, d->root, DOC_PAGE_BREAK);
	doc_add_run(d, doc_append(d, d->root, DOC_PARA), "two", DOC_PLAIN);
	doc_add_run(d, doc_append(d, d->root, DOC_PARA), "three", DOC_PLAIN);
	doc_append(d, d->root, DOC_PAGE_BREAK);
	doc_add_run(d, doc_append(d, d->root, DOC_PARA), "four", DOC_PLAIN);
	doc_append(d, d->root, DOC_PAGE_BREAK);
	ld = layout_doc(d, fonts, LAY_A4);
	ck_assert_int_eq(page_of(ld, "Cover"), 0);
	ck_assert_int_eq(page_of(ld, "one"), 1);
	ck_assert_int_eq(page_of(ld, "two"), 2);
	ck_assert_int_eq(page_of(ld, "three"), 2);
	ck_assert_int_eq(page_of(ld, "four"), 3);
	ck_assert_uint_eq(ld->pages->len, 4);
	/* The last page keeps its running lines and the Document's end. */
	for (i = 0; i < ld->pages->len; i++) {
		char *folio = g_strdup_printf("Page %u of 4", i + 1);

		ck_assert_int_eq(count_lines(ld, i, folio), 1);
		g_free(folio);
	}
	g_array_free(elements(ld), TRUE);
	layout_free(ld);
	doc_free(d);
}
END_TEST

/* Letter paper: its size, and every line within the frame or the paper. */
START_TEST(letter_paper)
{
	struct doc		*d = new_doc();
	struct lay_doc		*ld, *a4;
	struct frame		 f;
	guint			 i;

	for (i = 0; i < 40; i++)
		lines_para(d, d->root, 6);
	ld = layout_doc(d, fonts, LAY_LETTER);
	ck_assert_double_eq(ld->width, 612);
	ck_assert_double_eq(ld->height, 792);
	f = frame_of(ld);
	ck_assert(f.left > 0 && f.right < ld->width && f.top > 0 &&
	    f.bottom < ld->height);
	check_in_frame(ld);
	/* Letter is shorter than A4: the same text takes more pages. */
	a4 = layout_doc(d, fonts, LAY_A4);
	ck_assert_double_eq_tol(a4->width, 595.276, 0.001);
	ck_assert_uint_gt(ld->pages->len, a4->pages->len);
	layout_free(a4);
	layout_free(ld);
	doc_free(d);
}
END_TEST

/*
 * Check "Page N of M", the footer, the marking and the short title on
 * every page of ld, the running lines above or below the frame; the
 * cover (if cover) has the folio and footer but no running header.
 */
static void
check_running(const struct lay_doc *ld, int cover)
{
	struct frame	 f = frame_of(ld);
	char		*folio;
	guint		 i;

	for (i = 0; i < ld->pages->len; i++) {
		folio = g_strdup_printf("Page %u of %u", i + 1,
		    ld->pages->len);
		ck_assert_msg(count_lines(ld, i, folio) == 1, "page %u: no "
		    "\"%s\"", i + 1, folio);
		ck_assert(line_y(ld, i, folio) > f.bottom);
		g_free(folio);
		ck_assert_int_eq(count_lines(ld, i, FOOTER), 1);
		ck_assert(line_y(ld, i, FOOTER) > f.bottom);
		ck_assert_int_eq(count_lines(ld, i, MARKING), 1);
		if (i == 0 && cover) {
			/* Its own marking line, in the frame. */
			ck_assert(line_y(ld, i, MARKING) > f.top);
			ck_assert_int_eq(count_lines(ld, i, SHORT_TITLE), 0);
		} else {
			ck_assert(line_y(ld, i, MARKING) < f.top);
			ck_assert_int_eq(count_lines(ld, i, SHORT_TITLE), 1);
			ck_assert(line_y(ld, i, SHORT_TITLE) < f.top);
		}
	}
}

START_TEST(running_lines)
{
	struct doc	*d;
	struct doc_node	*c, *p;
	struct lay_doc	*ld;
	int		 cover, i;

	for (cover = 0; cover < 2; cover++) {
		d = new_doc();
		if (cover) {
			c = doc_append(d, d->root, DOC_COVER);
			p = doc_append(d, c, DOC_LINE);
			p->id = doc_intern(d, "marking");
			doc_add_run(d, p, MARKING, DOC_PLAIN);
			p = doc_append(d, c, DOC_LINE);
			p->id = doc_intern(d, "title");
			doc_add_run(d, p, "The long title", DOC_PLAIN);
		}
		for (i = 0; i < 30; i++)
			lines_para(d, d->root, 5);
		ld = layout_doc(d, fonts, LAY_A4);
		ck_assert_uint_ge(ld->pages->len, 3 + cover);
		check_running(ld, cover);
		layout_free(ld);
		doc_free(d);
	}
}
END_TEST

/* A page's text items joined with newlines. Caller frees. */
static char *
page_text(const struct lay_doc *ld, guint page)
{
	const struct lay_item	*it;
	GString			*s = g_string_new(NULL);
	char			*t;
	guint			 j;

	for (j = 0; j < nitems(ld, page); j++) {
		it = item_at(ld, page, j);
		if (it->kind != LAY_TEXT || (it->line == NULL &&
		    it->words == NULL))
			continue;
		t = line_text(it);
		g_string_append(s, t);
		g_string_append_c(s, '\n');
		g_free(t);
	}
	return g_string_free(s, FALSE);
}

/*
 * A part of a pack under parent: a document of its own (its marking and
 * short title "Part N"), a cover, a contents (never laid out in a pack),
 * a section of lines lines, and a page break when brk. Caller frees the
 * part's document after the pack's.
 */
static struct doc *
pack_part(struct doc *pack, int n, int lines, int brk)
{
	struct doc	*p = new_doc();
	struct doc_node	*part, *c, *sec;
	char		*s;

	s = g_strdup_printf("MARK %d", n);
	p->marking = doc_intern(p, s);
	g_free(s);
	s = g_strdup_printf("Part %d", n);
	p->short_title = doc_intern(p, s);
	part = doc_append(pack, pack->root, DOC_PART);
	part->id = doc_intern(pack, n == 1 ? "P1" : "P2");
	part->text = doc_intern(pack, s);
	part->part = p;
	g_free(s);
	c = doc_append(p, part, DOC_COVER);
	c = doc_append(p, c, DOC_LINE);
	c->id = doc_intern(p, "title");
	doc_add_run(p, c, n == 1 ? "Cover one" : "Cover two", DOC_PLAIN);
	c = doc_append(p, part, DOC_CONTENTS);
	doc_add_run(p, doc_append(p, c, DOC_HEADING), "Own contents",
	    DOC_PLAIN);
	sec = doc_append(p, part, DOC_SECTION);
	sec->id = doc_intern(p, n == 1 ? "P1-s" : "P2-s");
	sec->number = doc_intern(p, "1");
	sec->level = 1;
	doc_add_run(p, doc_append(p, sec, DOC_HEADING), "Sec", DOC_PLAIN);
	lines_para(p, sec, lines);
	if (brk)
		doc_append(p, part, DOC_PAGE_BREAK);
	return p;
}

/*
 * A pack: its cover, then two parts. Each part starts a page with its
 * cover (no running header), its other pages carry its own marking and
 * short title, the folio counts the whole pack, its own contents is not
 * laid out, the outline has each part above its sections, the Part tags
 * open once each (not again on each page), and a page break at the very
 * end leaves no empty page.
 */
START_TEST(pack_parts)
{
	struct doc			*d = new_doc(), *p1, *p2;
	struct doc_node			*c;
	struct lay_doc			*ld;
	const struct lay_outline	*o;
	const struct lay_item		*it;
	static const char *const	 want[][3] = {
		{ "1", "P1", "Part 1" }, { "2", "P1-s", "1 Sec" },
		{ "1", "P2", "Part 2" }, { "2", "P2-s", "1 Sec" },
	};
	char				*t, *folio;
	guint				 i, j, parts = 0, first2 = 0, n;

	c = doc_append(d, doc_append(d, d->root, DOC_COVER), DOC_LINE);
	c->id = doc_intern(d, "title");
	doc_add_run(d, c, "Pack cover", DOC_PLAIN);
	p1 = pack_part(d, 1, 70, 0);
	p2 = pack_part(d, 2, 10, 1);
	ld = layout_doc(d, fonts, LAY_A4);
	n = ld->pages->len;
	/* Pack cover, part 1's cover and 2 pages, part 2's cover and 1. */
	ck_assert_uint_eq(n, 6);
	ck_assert_uint_eq(ld->outline->len, 4);
	for (i = 0; i < 4; i++) {
		o = &g_array_index(ld->outline, struct lay_outline, i);
		ck_assert_int_eq(o->level, atoi(want[i][0]));
		ck_assert_str_eq(o->dest, want[i][1]);
		ck_assert_str_eq(o->title, want[i][2]);
	}
	for (i = 0; i < n; i++) {
		t = page_text(ld, i);
		folio = g_strdup_printf("Page %u of %u\n", i + 1, n);
		ck_assert_msg(strstr(t, folio) != NULL, "page %u: %s", i + 1,
		    t);
		ck_assert_ptr_null(strstr(t, "Own contents"));
		if (strstr(t, "Cover two") != NULL)
			first2 = i;
		/* Covers: no header; part pages: their part's. */
		if (i == 0 || strstr(t, "Cover") != NULL)
			ck_assert_ptr_null(strstr(t, "MARK"));
		else if (first2 == 0)
			ck_assert_msg(strstr(t, "MARK 1\nPart 1\n") != NULL,
			    "page %u: %s", i + 1, t);
		else
			ck_assert_msg(strstr(t, "MARK 2\nPart 2\n") != NULL,
			    "page %u: %s", i + 1, t);
		for (j = 0; j < nitems(ld, i); j++) {
			it = item_at(ld, i, j);
			parts += it->kind == LAY_TAG &&
			    strcmp(it->tag, "Part") == 0;
		}
		g_free(folio);
		g_free(t);
	}
	ck_assert_uint_eq(first2, 4);
	ck_assert_uint_eq(parts, 2);
	layout_free(ld);
	doc_free(d);
	doc_free(p1);
	doc_free(p2);
}
END_TEST

/* The dump of a one-page layout starts with the paper and page count. */
START_TEST(dump_first_line)
{
	struct doc	*d = new_doc();
	struct lay_doc	*ld;
	FILE		*f;
	char		*buf = NULL;
	size_t		 len = 0;

	doc_add_run(d, doc_append(d, d->root, DOC_PARA), "Hello", DOC_PLAIN);
	ld = layout_doc(d, fonts, LAY_A4);
	f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(dump_layout(f, ld), 1);
	fclose(f);
	ck_assert_msg(strncmp(buf, "layout 595.3x841.9 pages=1\npage 1\n",
	    34) == 0, "dump starts: %.60s", buf);
	ck_assert_ptr_nonnull(strstr(buf, " \"Hello\"\n"));
	ck_assert_ptr_nonnull(strstr(buf, " \"Page 1 of 1\"\n"));
	free(buf);
	layout_free(ld);
	doc_free(d);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("layout");
	TCase	*tc = tcase_create("layout");
	int	 rc;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, page_breaks);
	tcase_add_test(tc, widows_orphans);
	tcase_add_test(tc, heading_not_last);
	tcase_add_test(tc, heading_before_three_lines);
	tcase_add_test(tc, heading_before_table);
	tcase_add_test(tc, empty_list_item);
	tcase_add_test(tc, table_split);
	tcase_add_test(tc, long_name_wraps);
	tcase_add_test(tc, row_taller_than_page);
	tcase_add_test(tc, table_10000_rows);
	tcase_add_test(tc, page_break);
	tcase_add_test(tc, letter_paper);
	tcase_add_test(tc, running_lines);
	tcase_add_test(tc, dump_first_line);
	tcase_add_test(tc, pack_parts);
	suite_add_tcase(s, tc);
	rc = tu_run(s);
	fonts_cleanup();
	return rc;
}
