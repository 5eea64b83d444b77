/*
 * layout: pages of positioned boxes from the document tree (layout.h).
 *
 * One pass walks the tree and places every block on the current page,
 * starting a new page when the next unbreakable piece does not fit:
 * paragraphs split between lines, never leaving one line alone at the
 * foot or head of a page; a heading stays with the first piece of what
 * follows it; a table splits between rows and repeats its header row;
 * a figure moves whole. Text is shaped once: every paragraph is measured
 * once and table cells are measured once per distinct string, style and
 * width (the doc interns its strings, so equal text is one pointer).
 * When the pass ends the number of pages is known, so the running
 * header and footer ("Page N of M") and the page numbers of the contents
 * are added last. Nothing is drawn here.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pango/pango.h>

#include "chart.h"
#include "doc.h"
#include "fonts.h"
#include "layout.h"

#define MM(x)	((x) * 72.0 / 25.4)

/* The type styles of a briefing. */
enum style {
	S_BODY,
	S_H1,
	S_H2,
	S_CELL,
	S_CELL_HEAD,
	S_CAPTION,
	S_FIGURE_TITLE,
	S_RUNNING,
	S_RUNNING_BOLD,
	S_COVER_MARK,
	S_COVER_TITLE,
	S_COVER_SUB,
	S_COVER_LINE,
	S_TOC,
	S_TOC_HEAD,
	S_MAX
};

static const char *const style_fonts[] = {
	[S_BODY] = "PT Serif 10.5",
	[S_H1] = "PT Sans Bold 14",
	[S_H2] = "PT Sans Bold 11.5",
	[S_CELL] = "PT Sans 8.5",
	[S_CELL_HEAD] = "PT Sans Bold 8.5",
	[S_CAPTION] = "PT Sans Italic 8.5",
	[S_FIGURE_TITLE] = "PT Sans Bold 9.5",
	[S_RUNNING] = "PT Sans 8",
	[S_RUNNING_BOLD] = "PT Sans Bold 8",
	[S_COVER_MARK] = "PT Sans Bold 10",
	[S_COVER_TITLE] = "PT Sans Bold 24",
	[S_COVER_SUB] = "PT Sans 14",
	[S_COVER_LINE] = "PT Sans 11",
	[S_TOC] = "PT Sans 10.5",
	[S_TOC_HEAD] = "PT Sans Bold 10.5",
};
_Static_assert(sizeof(style_fonts) / sizeof(style_fonts[0]) == S_MAX,
    "a font for every style");

static const struct paper {
	const char	*name;
	double		 width, height;	/* pt */
} papers[] = {
	[LAY_A4] = { "a4", 595.276, 841.890 },
	[LAY_LETTER] = { "letter", 612.0, 792.0 },
};
_Static_assert(sizeof(papers) / sizeof(papers[0]) == LAY_PAPER_MAX,
    "a size for every paper");

/* Vertical rhythm, in points. */
#define PARA_GAP	6.0	/* after a paragraph */
#define H1_BEFORE	16.0
#define H2_BEFORE	10.0
#define H_AFTER		6.0
#define ITEM_GAP	3.0	/* between list items */
#define BLOCK_GAP	10.0	/* around tables and figures */
#define CELL_PAD_X	3.5
#define CELL_PAD_Y	2.5
#define BULLET_INDENT	14.0
#define TOC_NUMBER_GAP	8.0	/* between an entry's number and its text */
#define TOC_PAGE_WIDTH	28.0	/* the page number column */
#define TOC_PART_GAP	8.0	/* before a pack's part, but the first */

#define CELLS_MAX	4096	/* cached cells before a trim */
#define FOOT_BELOW	MM(8)	/* the footer's baseline under the frame */

/* How shape() breaks text. */
#define F_JUSTIFY	(1 << 0)	/* both edges straight but the last line's */
#define F_ELLIPSIZE	(1 << 1)	/* one line, cut with "..." at width */

/* One shaped line: where it sits in its layout. */
struct line {
	PangoLayoutLine	*line;		/* or NULL, and words */
	struct lay_words *words;	/* a reference */
	double		 top, bottom;	/* pt from the layout's top */
	double		 baseline;	/* pt from the layout's top */
	double		 x;		/* pt: alignment and indent */
	double		 width;		/* pt, logical */
};

/*
 * A piece of text shaped and broken into lines once. Counted: the cell
 * cache and whoever holds it across a trim of the cache each have a
 * reference, and the layout has one from the text and one from each
 * display item that shows a line of it.
 */
struct text {
	PangoLayout	*layout;	/* NULL: lines of words */
	int		 refs;
	unsigned	 gen;		/* the cache's generation at last use */
	int		 n;
	double		 height;	/* pt */
	double		 width;		/* pt, the widest line's ink */
	struct line	 lines[];
};

/*
 * A piece of a cell from one break opportunity to the next, the spaces
 * before the next included, shaped once in a style: "Federal ".
 */
struct unit {
	struct lay_glyphs *glyphs;	/* a reference */
	int		 width;		/* Pango units, the spaces included */
	int		 space;		/* Pango units: its last space */
	int		 top, height;	/* Pango units: its line's logical box */
	int		 base;		/* Pango units: its baseline from top */
	unsigned	 gen;		/* the cache's generation at last use */
};

/* What a cell measurement depends on. */
struct cell_key {
	const char	*text;		/* interned: compared by address */
	int		 style;
	int		 width;		/* Pango units */
	int		 align;
};

/* A page number to fill in once every destination has its page. */
struct ref {
	guint		 page;		/* index into pages */
	guint		 item;		/* the placeholder's index */
	const char	*dest;
	double		 right;		/* pt: the number ends here */
	double		 y;		/* pt: its baseline */
};

struct lay {
	struct lay_doc		*ld;
	PangoContext		*ctx;
	PangoFontDescription	*fonts[S_MAX];
	double			 left, right;	/* pt: the text frame */
	double			 top, bottom;
	double			 y;		/* pt: where the next block goes */
	struct lay_page		*page;
	GHashTable		*cells;		/* cell_key -> text */
	GHashTable		*units[S_MAX];	/* string -> unit */
	GHashTable		*boxes;		/* PangoFont -> logical box */
	PangoItem		*ascii[S_MAX][2]; /* glyphs_new's, by letters */
	unsigned		 gen;		/* of the cell cache */
	guint			 cells_max;	/* entries before a trim */
	GHashTable		*paras;		/* doc_node -> text */
	GHashTable		*dest_page;	/* id -> page number */
	GArray			*refs;		/* of struct ref */
	GPtrArray		*texts;		/* every struct text */
	GPtrArray		*open;		/* the open tags' items */
	GHashTable		*words[2];	/* cell, header word -> width */
	GHashTable		*tables;	/* table node -> struct col[] */
	const struct lay_sink	*sink;		/* NULL: every page kept */
	int			 check_cells;	/* BRIEFGEN_CHECK_CELLS */
	guint			 out;		/* pages handed to the sink */
	const struct doc	*cur;		/* whose running lines the pages
						   begun now take: the doc, or
						   a pack's part */
	GArray			*pg;		/* of struct pg, by page */
	GArray			*run;		/* of struct running */
	guint			 keep;		/* open tags' entries that go on
						   over pages: the Document's,
						   and a part's */
	int			 shift;		/* outline levels: 1 in a part */
};

/* What a page's running lines come from. */
struct pg {
	const struct doc	*doc;		/* borrowed */
	int			 cover;		/* a cover: no running header */
};

/* A document's running lines, shaped once. */
struct running {
	const struct doc	*doc;		/* borrowed */
	struct text		*mark, *title, *foot;	/* or NULL */
};

static void	hand(struct lay *, guint);
static void	page_free(struct lay_page *);

static void	block(struct lay *, const struct doc_node *);

/* A string kept as long as the display list. */
static const char *
keep(struct lay *l, const char *s)
{
	return g_string_chunk_insert_const(l->ld->strings, s);
}

static struct lay_item *
add(struct lay *l, enum lay_kind kind)
{
	struct lay_item	 it;

	memset(&it, 0, sizeof(it));
	it.kind = kind;
	g_array_append_val(l->page->items, it);
	return &g_array_index(l->page->items, struct lay_item,
	    l->page->items->len - 1);
}

static void
tag(struct lay *l, const char *name, const char *attrs)
{
	struct lay_item	*it = add(l, LAY_TAG);

	it->tag = keep(l, name);
	it->attrs = attrs != NULL ? keep(l, attrs) : NULL;
	g_ptr_array_add(l->open, (gpointer)it->tag);
	g_ptr_array_add(l->open, (gpointer)it->attrs);
}

static void
end(struct lay *l)
{
	g_assert(l->open->len >= 2);
	g_ptr_array_set_size(l->open, l->open->len - 2);
	add(l, LAY_END);
}

static void
rule(struct lay *l, double x, double y, double w, double lw, double grey)
{
	struct lay_item	*it = add(l, LAY_RULE);

	it->x = x;
	it->y = y;
	it->w = w;
	it->lw = lw;
	it->grey = grey;
}

static void
fill(struct lay *l, double x, double y, double w, double h, double grey)
{
	struct lay_item	*it = add(l, LAY_FILL);

	it->x = x;
	it->y = y;
	it->w = w;
	it->h = h;
	it->grey = grey;
}

/*
 * Start a page. The tags open at the foot of the old page (but the
 * Document, and a pack's Part) close there and open again on the new
 * one: a paragraph or table that continues becomes a second element,
 * and the running header and footer, added at the end of each page,
 * belong to no element but the Document (or the Part).
 */
static void
new_page(struct lay *l)
{
	struct lay_page	*p = g_new0(struct lay_page, 1);
	struct lay_item	*it;
	struct pg	 pg;
	guint		 i, n = l->open->len;

	for (i = n; l->page != NULL && i > l->keep; i -= 2)
		add(l, LAY_END);
	/* All but the page just ended, which the last page may join. */
	if (l->sink != NULL && l->ld->pages->len > 0)
		hand(l, l->ld->pages->len - 1);
	p->items = g_array_new(FALSE, FALSE, sizeof(struct lay_item));
	g_ptr_array_add(l->ld->pages, p);
	pg.doc = l->cur;
	pg.cover = 0;
	g_array_append_val(l->pg, pg);
	l->page = p;
	l->y = l->top;
	for (i = l->keep; i < n; i += 2) {
		it = add(l, LAY_TAG);
		it->tag = g_ptr_array_index(l->open, i);
		it->attrs = g_ptr_array_index(l->open, i + 1);
	}
}

static int
at_top(const struct lay *l)
{
	return l->y <= l->top + 0.01;
}

/*
 * Shape text (with Pango attributes attrs, may be NULL) in style s,
 * broken to width_pt (0: one line, never broken) as flags say, and
 * measure its lines. One reference for the caller.
 */
static struct text *
shape_new(struct lay *l, enum style s, const char *str, PangoAttrList *attrs,
    double width_pt, PangoAlignment align, unsigned flags)
{
	PangoLayout	*pl = pango_layout_new(l->ctx);
	PangoLayoutIter	*it;
	PangoRectangle	 ink, logical;
	struct text	*t;
	int		 i, n;

	pango_layout_set_font_description(pl, l->fonts[s]);
	if (width_pt > 0) {
		pango_layout_set_width(pl, (int)(width_pt * PANGO_SCALE));
		pango_layout_set_wrap(pl, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_alignment(pl, align);
	pango_layout_set_justify(pl, (flags & F_JUSTIFY) != 0);
	if (flags & F_ELLIPSIZE)
		pango_layout_set_ellipsize(pl, PANGO_ELLIPSIZE_END);
	pango_layout_set_text(pl, str, -1);
	if (attrs != NULL)
		pango_layout_set_attributes(pl, attrs);
	n = pango_layout_get_line_count(pl);
	t = g_malloc0(sizeof(*t) + n * sizeof(t->lines[0]));
	t->layout = pl;
	t->n = n;
	it = pango_layout_get_iter(pl);
	i = 0;
	do {
		struct line *ln = &t->lines[i++];

		pango_layout_iter_get_line_extents(it, &ink, &logical);
		ln->line = pango_layout_iter_get_line_readonly(it);
		ln->top = (double)logical.y / PANGO_SCALE;
		ln->bottom = (double)(logical.y + logical.height) / PANGO_SCALE;
		ln->baseline = (double)pango_layout_iter_get_baseline(it) /
		    PANGO_SCALE;
		ln->x = (double)logical.x / PANGO_SCALE;
		ln->width = (double)logical.width / PANGO_SCALE;
		if (ln->width > t->width)
			t->width = ln->width;
	} while (i < n && pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	t->height = n > 0 ? t->lines[n - 1].bottom : 0;
	t->refs = 1;
	return t;
}

static struct text *
text_ref(struct text *t)
{
	t->refs++;
	return t;
}

static void
text_unref(gpointer p)
{
	struct text	*t = p;

	int		 i;

	if (t == NULL || --t->refs > 0)
		return;
	for (i = 0; i < t->n; i++)
		lay_words_unref(t->lines[i].words);
	if (t->layout != NULL)
		g_object_unref(t->layout);
	g_free(t);
}

/*
 * shape_new, the text kept until the layout ends: headings, paragraphs,
 * the running lines.
 */
static struct text *
shape(struct lay *l, enum style s, const char *str, PangoAttrList *attrs,
    double width_pt, PangoAlignment align, unsigned flags)
{
	struct text	*t;

	t = shape_new(l, s, str, attrs, width_pt, align, flags);
	g_ptr_array_add(l->texts, t);
	return t;
}

/* The runs of n as text and attributes (caller unrefs). */
static char *
runs_text(const struct doc_node *n, PangoAttrList **attrs)
{
	const struct doc_run	*r;
	PangoAttribute		*a;
	GString			*s = g_string_new(NULL);
	guint			 i, start;

	*attrs = pango_attr_list_new();
	for (i = 0; n->runs != NULL && i < n->runs->len; i++) {
		r = &g_array_index(n->runs, struct doc_run, i);
		start = s->len;
		g_string_append(s, r->text);
		if (r->style & DOC_STRONG) {
			a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
			a->start_index = start;
			a->end_index = s->len;
			pango_attr_list_insert(*attrs, a);
		}
		if (r->style & DOC_EM) {
			a = pango_attr_style_new(PANGO_STYLE_ITALIC);
			a->start_index = start;
			a->end_index = s->len;
			pango_attr_list_insert(*attrs, a);
		}
	}
	return g_string_free(s, FALSE);
}

/* The runs of n shaped in style s to width_pt. */
static struct text *
shape_runs(struct lay *l, const struct doc_node *n, enum style s,
    double width_pt, PangoAlignment align, unsigned flags)
{
	PangoAttrList	*attrs;
	struct text	*t;
	char		*str;

	str = runs_text(n, &attrs);
	t = shape(l, s, str, attrs, width_pt, align, flags);
	pango_attr_list_unref(attrs);
	g_free(str);
	return t;
}

static void
glyph_item_free(gpointer p)
{
	pango_glyph_item_free(p);
}

static void
glyphs_unref(struct lay_glyphs *g)
{
	if (g == NULL || --g->refs > 0)
		return;
	g_slist_free_full(g->runs, glyph_item_free);
	g_free(g->text);
	g_free(g);
}

/*
 * The items Pango makes of text (len bytes) in style s. Text of
 * printable ASCII alone is one item in the style's font, whose script
 * is Latin when it has a letter and Common (digits, punctuation) when
 * not: that item is made once for each and copied, since pango_itemize
 * costs a third of shaping a word (L's annex has 16,000 distinct ones).
 */
static GList *
items(struct lay *l, enum style s, const char *text, int len)
{
	PangoAttrList	*attrs;
	PangoItem	*item, **tmpl;
	GList		*list;
	int		 i, letter = 0;

	for (i = 0; i < len && text[i] >= ' ' && text[i] <= '~'; i++)
		letter |= g_ascii_isalpha(text[i]);
	tmpl = &l->ascii[s][letter];
	if (i == len && len > 0 && *tmpl != NULL) {
		item = pango_item_copy(*tmpl);
		item->offset = 0;
		item->length = len;
		item->num_chars = len;
		return g_list_prepend(NULL, item);
	}
	attrs = pango_attr_list_new();
	pango_attr_list_insert(attrs, pango_attr_font_desc_new(l->fonts[s]));
	list = pango_itemize(l->ctx, text, 0, len, attrs, NULL);
	pango_attr_list_unref(attrs);
	/* The first such text of a kind: its one item is the template. */
	if (i == len && len > 0) {
		g_assert(list != NULL && list->next == NULL);
		*tmpl = pango_item_copy(list->data);
	}
	return list;
}

/*
 * Shape text (len bytes) in style s as Pango lays out one line of it:
 * itemized with the context's fonts, each item shaped as the context
 * says (positions not rounded). NULL when it has a right-to-left item,
 * whose runs would need reordering.
 */
static struct lay_glyphs *
glyphs_new(struct lay *l, enum style s, const char *text, int len)
{
	struct lay_glyphs	*g;
	PangoGlyphItem		*gi;
	PangoItem		*item;
	GList			*list, *i;
	int			 rtl = 0;

	g = g_new0(struct lay_glyphs, 1);
	g->refs = 1;
	g->text = g_strndup(text, len);
	list = items(l, s, g->text, len);
	for (i = list; i != NULL; i = i->next) {
		item = i->data;
		rtl |= item->analysis.level % 2;
		gi = g_slice_new(PangoGlyphItem);
		gi->item = item;
		gi->glyphs = pango_glyph_string_new();
		pango_shape_item(item, g->text, len, NULL, gi->glyphs,
		    pango_context_get_round_glyph_positions(l->ctx) ?
		    PANGO_SHAPE_ROUND_POSITIONS : PANGO_SHAPE_NONE);
		g->runs = g_slist_prepend(g->runs, gi);
	}
	g_list_free(list);
	g->runs = g_slist_reverse(g->runs);
	if (rtl) {
		glyphs_unref(g);
		return NULL;
	}
	return g;
}

struct lay_words *
lay_words_ref(struct lay_words *w)
{
	w->refs++;
	return w;
}

void
lay_words_unref(struct lay_words *w)
{
	int	 i;

	if (w == NULL || --w->refs > 0)
		return;
	for (i = 0; i < w->n; i++)
		glyphs_unref(w->pieces[i].glyphs);
	g_free(w);
}

static void
unit_free(gpointer p)
{
	struct unit	*u = p;

	glyphs_unref(u->glyphs);
	g_free(u);
}

/*
 * The logical box of run gi's glyphs across the line: its font's, the
 * same for every glyph (ascent and descent), asked of Pango once per
 * font, since pango_glyph_string_extents asks cairo for the ink of
 * every glyph too.
 */
static void
font_box(struct lay *l, const PangoGlyphItem *gi, PangoRectangle *box)
{
	PangoFont	*font = gi->item->analysis.font;
	PangoRectangle	*b;

	if ((b = g_hash_table_lookup(l->boxes, font)) == NULL) {
		b = g_new0(PangoRectangle, 1);
		if (gi->glyphs->num_glyphs > 0)
			pango_font_get_glyph_extents(font,
			    gi->glyphs->glyphs[0].glyph, NULL, b);
		g_hash_table_insert(l->boxes, g_object_ref(font), b);
	}
	*box = *b;
}

/* The unit str (len bytes) in style s, shaped at its first use. */
static struct unit *
unit_get(struct lay *l, enum style s, const char *str, int len)
{
	PangoRectangle	 lr;
	PangoGlyphItem	*gi = NULL;
	struct unit	*u;
	char		 buf[128], *key;
	GSList		*r;
	int		 top = 0, bottom = 0;

	/* Looked up with a copy on the stack; a new one keeps its own. */
	key = len < (int)sizeof(buf) ? buf : g_malloc(len + 1);
	memcpy(key, str, len);
	key[len] = '\0';
	u = g_hash_table_lookup(l->units[s], key);
	if (key != buf)
		g_free(key);
	if (u != NULL) {
		u->gen = l->gen;
		return u;
	}
	key = g_strndup(str, len);
	u = g_new0(struct unit, 1);
	if ((u->glyphs = glyphs_new(l, s, str, len)) == NULL)
		u->height = -1;	/* not to be composed */
	/* The line's logical box: the union of its runs'. */
	for (r = u->glyphs != NULL ? u->glyphs->runs : NULL; r != NULL;
	    r = r->next) {
		gi = r->data;
		font_box(l, gi, &lr);
		if (r == u->glyphs->runs || lr.y < top)
			top = lr.y;
		if (r == u->glyphs->runs || lr.y + lr.height > bottom)
			bottom = lr.y + lr.height;
		u->width += pango_glyph_string_get_width(gi->glyphs);
	}
	u->top = 0;
	if (u->height == 0) {
		u->height = bottom - top;
		u->base = -top;
	}
	/* The last glyph of the last run, when the unit ends in a space. */
	if (gi != NULL && len > 0 && str[len - 1] == ' ' &&
	    gi->glyphs->num_glyphs > 0)
		u->space = gi->glyphs->glyphs[gi->glyphs->num_glyphs - 1].
		    geometry.width;
	u->gen = l->gen;
	g_hash_table_insert(l->units[s], key, u);
	return u;
}

/* The advance of the first glyph of unit str (len bytes) in style s. */
static int
first_advance(struct lay *l, enum style s, const char *str, int len)
{
	struct unit	*u = unit_get(l, s, str, len);
	PangoGlyphItem	*gi;

	if (u->glyphs == NULL || u->glyphs->runs == NULL)
		return 0;
	gi = u->glyphs->runs->data;
	return gi->glyphs->num_glyphs > 0 ?
	    gi->glyphs->glyphs[0].geometry.width : 0;
}

/*
 * What the space that ends a unit gains or loses from the kerning pair
 * it makes with next, the first character of the unit after it (the
 * pair with the character before it is in the unit's own shaping).
 */
static int
kern_after_space(struct lay *l, enum style s, const char *next)
{
	char	 pair[8] = " ";
	int	 n = (int)(g_utf8_next_char(next) - next);

	memcpy(pair + 1, next, n);
	return first_advance(l, s, pair, n + 1) - first_advance(l, s, " ", 1);
}

/*
 * Whether the line breaking rules (UAX #14) give str no break
 * opportunity but after a space, so that its log attributes need not be
 * computed: letters and digits of the Latin and Cyrillic blocks,
 * punctuation that never allows a break next to it (. , : ; ) and
 * quotes), a hyphen or a slash before a digit, and spaces after none of
 * an opening bracket or a quote (after which a space allows no break).
 * The annex's incident numbers, dates and most names are such.
 */
static int
breaks_at_spaces(const char *str)
{
	const char	*p;
	gunichar	 c, prev = 0;

	for (p = str; *p != '\0'; p = g_utf8_next_char(p), prev = c) {
		c = g_utf8_get_char(p);
		if (c == ' ') {
			if (prev == '(' || prev == '"' || prev == '\'' ||
			    prev == 0xab || prev == 0xbb)
				return 0;
		} else if (c < 0x80) {
			if (!g_ascii_isalnum(c) && strchr(".,:;()\"'", (int)c) ==
			    NULL && !((c == '-' || c == '/') &&
			    g_ascii_isdigit(p[1])))
				return 0;
		} else if (!(c >= 0xc0 && c <= 0x24f && c != 0xd7 &&
		    c != 0xf7) && !(c >= 0x410 && c <= 0x44f) && c != 0x401 &&
		    c != 0x451 && c != 0xab && c != 0xbb && c != 0x2116)
			return 0;
	}
	return 1;
}

/*
 * A cell laid out from its units, or NULL when Pango must lay it out
 * whole. Breaking a line only where a space allows it, the trailing
 * space of a line not counted against width (Pango's rule), gives
 * Pango's lines; anything else does not come here: a break opportunity
 * not after a single space (a hyphen, a slash, a soft hyphen), a unit
 * too wide for a line of its own (Pango then breaks between
 * characters), units of unlike line boxes (a fallback font), a cell
 * that starts or ends with a space. width_pt 0: one line.
 */
static struct text *
compose(struct lay *l, enum style s, const char *str, double width_pt,
    PangoAlignment align)
{
	PangoLogAttr	 stack_attrs[128], *attrs;
	struct unit	*stack_u[32], **u;
	int		 stack_k[32], *kern;
	struct text	*t = NULL;
	struct lay_words *w;
	const char	*p;
	int		 len = (int)strlen(str), nchars, i, k, n = 0, nl, lw;
	int		 W = (int)(width_pt * PANGO_SCALE), cur, first, x;
	int		*start;

	nchars = g_utf8_strlen(str, len);
	if (len == 0 || str[0] == ' ' || str[len - 1] == ' ')
		return NULL;
	attrs = NULL;
	if (!breaks_at_spaces(str)) {
		attrs = nchars < (int)G_N_ELEMENTS(stack_attrs) ?
		    stack_attrs : g_new(PangoLogAttr, nchars + 1);
		pango_get_log_attrs(str, len, -1,
		    pango_context_get_language(l->ctx), attrs, nchars + 1);
	}
	/* Unit boundaries (byte offsets), each after a single space. */
	start = g_new(int, nchars + 2);
	start[n++] = 0;
	for (i = 1, p = g_utf8_next_char(str); i < nchars;
	    i++, p = g_utf8_next_char(p)) {
		if (attrs == NULL) {
			if (p[-1] != ' ')
				continue;
		} else if (attrs[i].is_mandatory_break)
			goto out;
		else if (!attrs[i].is_line_break)
			continue;
		if (p[-1] != ' ' || (p - str >= 2 && p[-2] == ' '))
			goto out;
		start[n++] = (int)(p - str);
	}
	start[n] = len;
	u = n < (int)G_N_ELEMENTS(stack_u) ? stack_u : g_new(struct unit *, n);
	kern = n < (int)G_N_ELEMENTS(stack_k) ? stack_k : g_new(int, n);
	for (k = 0; k < n; k++) {
		u[k] = unit_get(l, s, str + start[k], start[k + 1] - start[k]);
		/* kern[k]: between unit k - 1 and unit k on one line. */
		kern[k] = k > 0 ? kern_after_space(l, s, str + start[k]) : 0;
		if (u[k]->glyphs == NULL || u[k]->height != u[0]->height ||
		    u[k]->top != u[0]->top ||
		    u[k]->base != u[0]->base || (W > 0 &&
		    u[k]->width - u[k]->space > W))
			goto out_u;	/* Pango would break it by characters */
	}
	/* Greedy lines: [first, k) of the units on each. */
	t = g_malloc0(sizeof(*t) + n * sizeof(t->lines[0]));
	t->refs = 1;
	for (first = 0, nl = 0; first < n; first = k, nl++) {
		/*
		 * The line ends after the last unit that fits. Whether
		 * Pango counts the space after it depends on more than
		 * the units tell (the first unit of a line may hang its
		 * space past the end, a later one seems not to), so a
		 * unit that fits only without it goes to Pango whole.
		 */
		cur = u[first]->width;
		if (W > 0 && first + 1 < n && cur > W)
			goto out_t;
		for (k = first + 1; k < n && (W == 0 ||
		    cur + kern[k] + u[k]->width <= W); k++)
			cur += kern[k] + u[k]->width;
		if (W > 0 && k < n && cur + kern[k] + u[k]->width -
		    u[k]->space <= W)
			goto out_t;
		/* A wrapped line's final space takes no room. */
		lw = k < n ? cur - u[k - 1]->space : cur;
		w = g_malloc(sizeof(*w) + (k - first) * sizeof(w->pieces[0]));
		w->refs = 1;
		w->text = str + start[first];
		w->len = start[k] - start[first];
		w->n = k - first;
		for (i = first, x = 0; i < k; x += u[i]->width, i++) {
			if (i > first)
				x += kern[i];
			w->pieces[i - first].glyphs = u[i]->glyphs;
			w->pieces[i - first].x = (double)x / PANGO_SCALE;
			u[i]->glyphs->refs++;
		}
		t->lines[nl].words = w;
		t->lines[nl].top = (double)(nl * u[0]->height) / PANGO_SCALE;
		t->lines[nl].bottom = (double)((nl + 1) * u[0]->height) /
		    PANGO_SCALE;
		t->lines[nl].baseline = (double)(nl * u[0]->height +
		    u[0]->base) / PANGO_SCALE;
		t->lines[nl].width = (double)lw / PANGO_SCALE;
		t->lines[nl].x = W == 0 || align == PANGO_ALIGN_LEFT ? 0 :
		    align == PANGO_ALIGN_RIGHT ? (double)(W - lw) / PANGO_SCALE :
		    (double)((W - lw) / 2) / PANGO_SCALE;
		t->width = MAX(t->width, t->lines[nl].width);
	}
	t->n = nl;
	t->height = t->lines[nl - 1].bottom;
	goto out_u;
out_t:
	t->n = nl;
	text_unref(t);
	t = NULL;
out_u:
	if (u != stack_u)
		g_free(u);
	if (kern != stack_k)
		g_free(kern);
out:
	g_free(start);
	if (attrs != NULL && attrs != stack_attrs)
		g_free(attrs);
	return t;
}

/* Remember t (the cache takes the caller's reference) as the cell k. */
static void
cell_keep(struct lay *l, const struct cell_key *k, struct text *t)
{
	t->gen = l->gen;
	g_hash_table_insert(l->cells, g_memdup2(k, sizeof(*k)), t);
}

static gboolean
unit_stale(gpointer k, gpointer v, gpointer arg)
{
	const struct unit	*u = v;

	(void)k;
	return u->gen != *(const unsigned *)arg;
}

static gboolean
cell_stale(gpointer k, gpointer v, gpointer arg)
{
	const struct text	*t = v;

	(void)k;
	return t->gen != *(const unsigned *)arg;
}

/*
 * Keep the cell cache from growing with the document: past cells_max
 * entries, those not used since the last trim go (the annex's incident
 * numbers, each seen once), and those in use stay (dates, kinds, the
 * names that recur). A text a caller holds across this must hold a
 * reference; the display list holds its layouts.
 */
static void
cells_trim(struct lay *l)
{
	int	 i;

	if (g_hash_table_size(l->cells) <= l->cells_max)
		return;
	g_hash_table_foreach_remove(l->cells, cell_stale, &l->gen);
	for (i = 0; i < S_MAX; i++)
		g_hash_table_foreach_remove(l->units[i], unit_stale, &l->gen);
	l->gen++;
	l->cells_max = MAX(CELLS_MAX, 2 * g_hash_table_size(l->cells));
}

/* A copy of the one line of t, placed in width (Pango units) by align. */
static struct text *
cell_place(const struct text *t, int width,
    PangoAlignment align)
{
	struct text	*c;
	int		 spare;

	/* In whole Pango units, as Pango places it. */
	spare = width - (int)(t->lines[0].width * PANGO_SCALE);
	c = g_memdup2(t, sizeof(*t) + sizeof(t->lines[0]));
	c->lines[0].x = align == PANGO_ALIGN_RIGHT ?
	    (double)spare / PANGO_SCALE : align == PANGO_ALIGN_CENTER ?
	    (double)(spare / 2) / PANGO_SCALE : 0;
	c->refs = 1;
	if (c->layout != NULL)
		g_object_ref(c->layout);
	if (c->lines[0].words != NULL)
		lay_words_ref(c->lines[0].words);
	return c;
}

/*
 * BRIEFGEN_CHECK_CELLS set: every cell laid out from its units is laid
 * out by Pango as well, and any difference in its lines (their text,
 * place and width, in Pango units) is printed, for the tests that hold
 * the fast path to Pango's result.
 */
static void
check_cell(struct lay *l, enum style s, const char *str, double width_pt,
    PangoAlignment align, const struct text *t)
{
	const struct line	*a, *b;
	struct text		*p;
	int			 i, bad;

	p = shape_new(l, s, str, NULL, width_pt, align, 0);
	bad = p->n != t->n;
	for (i = 0; !bad && i < t->n; i++) {
		a = &t->lines[i];
		b = &p->lines[i];
		bad = a->top != b->top || a->bottom != b->bottom ||
		    a->baseline != b->baseline || a->x != b->x ||
		    a->width != b->width || a->words->len != b->line->length ||
		    a->words->text - str != b->line->start_index;
	}
	if (bad)
		fprintf(stderr, "briefgen: layout: cell \"%s\" at %.3f pt: "
		    "%d lines, Pango %d, or other widths or breaks\n", str,
		    width_pt, t->n, p->n);
	text_unref(p);
}

/* A cell's text: from its units when it can be, else by Pango whole. */
static struct text *
cell_shape(struct lay *l, enum style s, const char *str, double width_pt,
    PangoAlignment align)
{
	struct text	*t;

	if ((t = compose(l, s, str, width_pt, align)) != NULL) {
		if (l->check_cells)
			check_cell(l, s, str, width_pt, align, t);
		return t;
	}
	return shape_new(l, s, str, NULL, width_pt, align, 0);
}

/*
 * A table cell: shaped once per distinct text, style, width and align.
 * Most cells fit on one line, and then the line at its natural width
 * (width 0) serves every column and alignment, placed by hand: dates,
 * kinds and names recur in several columns and tables, and a one-word
 * cell is its own widest word. A cell is shaped at its column's width
 * only when that natural line is not known or does not fit; a result of
 * one line then becomes the natural line, so no text is shaped twice to
 * learn that it fits.
 */
static struct text *
cell(struct lay *l, const char *str, enum style s, double width_pt,
    PangoAlignment align)
{
	struct cell_key	 k, nk;
	struct text	*t, *nat;

	k.text = str;
	k.style = s;
	k.width = (int)(width_pt * PANGO_SCALE);
	k.align = align;
	if ((t = g_hash_table_lookup(l->cells, &k)) != NULL) {
		t->gen = l->gen;
		return t;
	}
	if (k.width == 0) {
		t = cell_shape(l, s, str, 0, align);
		cell_keep(l, &k, t);
		return t;
	}
	nk = k;
	nk.width = 0;
	nk.align = PANGO_ALIGN_LEFT;
	nat = g_hash_table_lookup(l->cells, &nk);
	if (nat != NULL && nat->n == 1 &&
	    nat->lines[0].width * PANGO_SCALE <= k.width) {
		nat->gen = l->gen;
		t = cell_place(nat, k.width, align);
	} else {
		t = cell_shape(l, s, str, width_pt, align);
		if (nat == NULL && t->n == 1)
			cell_keep(l, &nk, cell_place(t, 0,
			    PANGO_ALIGN_LEFT));
	}
	cell_keep(l, &k, t);
	return t;
}

static guint
cell_hash(gconstpointer p)
{
	const struct cell_key	*k = p;

	return g_direct_hash(k->text) ^ (guint)(k->width * 31 + k->style * 7 +
	    k->align);
}

static gboolean
cell_equal(gconstpointer a, gconstpointer b)
{
	const struct cell_key	*x = a, *y = b;

	return x->text == y->text && x->style == y->style &&
	    x->width == y->width && x->align == y->align;
}

/* Emit lines [from, to) of t, line from's top at y, its left at x. */
static void
emit(struct lay *l, const struct text *t, int from, int to, double x,
    double y, double grey)
{
	struct lay_item	*it;
	double		 off = t->lines[from].top;
	int		 i;

	for (i = from; i < to; i++) {
		it = add(l, LAY_TEXT);
		if (t->lines[i].words != NULL)
			it->words = lay_words_ref(t->lines[i].words);
		else {
			it->line = t->lines[i].line;
			g_object_ref(t->layout);
		}
		it->x = x + t->lines[i].x;
		it->y = y + t->lines[i].baseline - off;
		it->grey = grey;
	}
}

/* The height of lines [from, to) of t. */
static double
span(const struct text *t, int from, int to)
{
	return to > from ? t->lines[to - 1].bottom - t->lines[from].top : 0;
}

/*
 * Place t at x on the flow, split between pages where it must be, never
 * leaving fewer than two lines of it at a page foot or head. The tags
 * (ntags of them) open on the page the first line lands on, so that no
 * page ends with an empty element; the innermost nclose of them close
 * after the last line. marker (may be NULL) is set on the first line at
 * marker_x.
 */
static void
flow(struct lay *l, const struct text *t, double x, const char *const *tags,
    int ntags, int nclose, const struct text *marker, double marker_x)
{
	int	 i = 0, k, rest, j;

	while (i < t->n) {
		rest = t->n - i;
		for (k = 0; k < rest && l->y + span(t, i, i + k + 1) <=
		    l->bottom + 0.01; k++)
			continue;
		if (k < rest) {
			if (k > rest - 2)
				k = rest - 2;
			if (k < 2 && !at_top(l)) {
				new_page(l);
				continue;
			}
			if (k < 1)
				k = 1;	/* a line taller than the page */
		}
		for (j = 0; i == 0 && j < ntags; j++)
			tag(l, tags[j], NULL);
		if (marker != NULL && i == 0)
			emit(l, marker, 0, marker->n, marker_x, l->y, 0);
		emit(l, t, i, i + k, x, l->y, 0);
		l->y += span(t, i, i + k);
		i += k;
		if (i < t->n)
			new_page(l);
	}
	for (j = 0; t->n > 0 && j < nclose; j++)
		end(l);
}

/*
 * The lines of t that must go on one page: all of a paragraph of up to
 * three (flow never splits one), else the first two.
 */
static int
first_lines(const struct text *t)
{
	return t->n <= 3 ? t->n : 2;
}

/*
 * The runs of n shaped once, however often lead() and the placing ask:
 * a node is always shaped in the same style and width.
 */
static struct text *
runs_once(struct lay *l, const struct doc_node *n, enum style s,
    double width, unsigned flags)
{
	struct text	*t;

	if ((t = g_hash_table_lookup(l->paras, n)) != NULL)
		return t;
	t = shape_runs(l, n, s, width, PANGO_ALIGN_LEFT, flags);
	g_hash_table_insert(l->paras, (gpointer)n, t);
	return t;
}

/* A paragraph or list item: justified body text. */
static struct text *
para_text(struct lay *l, const struct doc_node *n, double width)
{
	return runs_once(l, n, S_BODY, width, F_JUSTIFY);
}

/* Tables */

struct col {
	double		 x, w;		/* pt */
	PangoAlignment	 align;
};

static PangoAlignment
align_of(enum tmpl_align a)
{
	switch (a) {
	case TMPL_ALIGN_END:
		return PANGO_ALIGN_RIGHT;
	case TMPL_ALIGN_CENTER:
		return PANGO_ALIGN_CENTER;
	default:
		return PANGO_ALIGN_LEFT;
	}
}

/* The width of the widest word of str in style st, padding included. */
static double
widest_word(struct lay *l, const char *str, enum style st)
{
	const char	*p, *q;
	char		*word;
	gpointer	 v;
	double		 w = 0, ww;

	/* Words end at spaces and at soft hyphens (U+00AD, C2 AD). */
	for (p = str != NULL ? str : ""; *p != '\0'; p = q) {
		while (*p == ' ' || (p[0] == '\xc2' && p[1] == '\xad'))
			p += *p == ' ' ? 1 : 2;
		for (q = p; *q != '\0' && *q != ' ' &&
		    !(q[0] == '\xc2' && q[1] == '\xad'); q++)
			continue;
		if (q == p)
			break;
		word = g_strndup(p, q - p);
		if ((v = g_hash_table_lookup(l->words[st == S_CELL_HEAD],
		    word)) != NULL) {
			ww = *(double *)v;
			g_free(word);
		} else {
			/* A word that is the whole cell is the cell. */
			ww = cell(l, p == str && *q == '\0' ? str :
			    keep(l, word), st, 0, PANGO_ALIGN_LEFT)->width;
			g_hash_table_insert(l->words[st == S_CELL_HEAD], word,
			    g_memdup2(&ww, sizeof(ww)));
		}
		w = MAX(w, ww);
	}
	/* Room for the hyphen a soft hyphen becomes. */
	return w + 2 * CELL_PAD_X + 3;
}

/*
 * Widen columns that have a word (in the header or any cell) wider than
 * the column, taking the width from the others in proportion to what
 * each can spare, so that words break only where they cannot fit at
 * all. No column asks for more than a third of the frame for this: a
 * 300-character name still wraps, by characters.
 */
static int
widen(struct col *cols, int ncols, const double *min, double left)
{
	double	 need = 0, spare = 0, x = left;
	int	 i;

	for (i = 0; i < ncols; i++)
		if (cols[i].w < min[i])
			need += min[i] - cols[i].w;
		else
			spare += cols[i].w - min[i];
	if (need == 0)
		return 1;
	if (spare < need)
		return 0;
	for (i = 0; i < ncols; i++) {
		if (cols[i].w < min[i])
			cols[i].w = min[i];
		else
			cols[i].w -= (cols[i].w - min[i]) * need / spare;
		cols[i].x = x;
		x += cols[i].w;
	}
	return 1;
}

/*
 * Widen columns that have a word wider than the column, taking the
 * width from the others in proportion to what each can spare: first so
 * that no word of a header or cell breaks; if the frame is too narrow
 * for that, so that no word of a header breaks. No column asks for more
 * than a third of the frame: a 300-character name still wraps, by
 * characters. Only the first FIT_SAMPLE distinct cells of a column are
 * measured word by word, so that a table of 15,000 rows costs no more
 * than one of 200 (the widths are a matter of looks: a cell whose word
 * does not fit still wraps inside its column).
 */
#define FIT_SAMPLE	256

static void
fit_words(struct lay *l, const struct doc_node *n, struct col *cols,
    int ncols)
{
	const struct doc_node	*c;
	GHashTable		*seen = g_hash_table_new(NULL, NULL);
	double			*head = g_new0(double, ncols);
	double			*all = g_new0(double, ncols);
	int			*sampled = g_new0(int, ncols);
	double			 cap = (l->right - l->left) / 3;
	int			 i = 0;

	for (c = n->first; c != NULL; c = c->next) {
		if (c->type == DOC_COLUMN && i < ncols) {
			head[i] = MIN(widest_word(l, c->text, S_CELL_HEAD),
			    cap);
			all[i] = head[i];
			i++;
		}
		if (c->type != DOC_ROW)
			continue;
		for (i = 0; i < ncols; i++)
			if (c->cells[i] != NULL && sampled[i] < FIT_SAMPLE &&
			    g_hash_table_add(seen, (gpointer)c->cells[i])) {
				all[i] = MAX(all[i], MIN(widest_word(l,
				    c->cells[i], S_CELL), cap));
				sampled[i]++;
			}
		i = ncols;
	}
	if (!widen(cols, ncols, all, l->left))
		widen(cols, ncols, head, l->left);
	g_hash_table_destroy(seen);
	g_free(head);
	g_free(all);
	g_free(sampled);
}

/* The columns of table n across the frame, worked out once. Borrowed. */
static struct col *
columns(struct lay *l, const struct doc_node *n, int *ncols)
{
	const struct doc_node	*c;
	struct col		*cols;
	double			 sum = 0, x = l->left;
	int			 i = 0;

	*ncols = n->ncols;
	if ((cols = g_hash_table_lookup(l->tables, n)) != NULL)
		return cols;
	cols = g_new0(struct col, n->ncols);
	for (c = n->first; c != NULL; c = c->next)
		if (c->type == DOC_COLUMN)
			sum += c->width > 0 ? c->width : 1;
	for (c = n->first; c != NULL && i < n->ncols; c = c->next) {
		if (c->type != DOC_COLUMN)
			continue;
		cols[i].x = x;
		cols[i].w = (l->right - l->left) *
		    (c->width > 0 ? c->width : 1) / sum;
		cols[i].align = align_of(c->align);
		x += cols[i].w;
		i++;
	}
	fit_words(l, n, cols, *ncols);
	g_hash_table_insert(l->tables, (gpointer)n, cols);
	return cols;
}

/* Shape the cells of one row (strs[ncols]); its height. */
static double
row_cells(struct lay *l, const struct col *cols, int ncols,
    const char *const *strs, enum style s, struct text **out)
{
	double	 h = 0;
	int	 i;

	for (i = 0; i < ncols; i++) {
		out[i] = cell(l, strs[i] != NULL ? strs[i] : "", s,
		    cols[i].w - 2 * CELL_PAD_X, cols[i].align);
		if (out[i]->height > h)
			h = out[i]->height;
	}
	return h + 2 * CELL_PAD_Y;
}

/* Emit one row at the flow's y. */
static void
row_emit(struct lay *l, const struct col *cols, int ncols, struct text **t,
    double h, const char *celltag, int head)
{
	int	 i;

	tag(l, "TR", NULL);
	if (head)
		fill(l, cols[0].x, l->y, l->right - l->left, h, 0.90);
	for (i = 0; i < ncols; i++) {
		tag(l, celltag, NULL);
		if (t[i]->n > 0)
			emit(l, t[i], 0, t[i]->n, cols[i].x + CELL_PAD_X,
			    l->y + CELL_PAD_Y, 0);
		end(l);
	}
	end(l);
	l->y += h;
	rule(l, l->left, l->y, l->right - l->left, head ? 0.6 : 0.3,
	    head ? 0.2 : 0.7);
}

/*
 * Emit a row too tall for any page: each page takes as many lines of
 * each cell as fit, and the row goes on under the repeated header on
 * the next. Every line is laid out once.
 */
static void
row_split(struct lay *l, const struct col *cols, int ncols, struct text **t,
    struct text **head, double hh)
{
	int	*next = g_new0(int, ncols);
	double	 avail, used, h;
	int	 i, k, left;

	/* Start on a new page unless a few lines fit here. */
	if (l->bottom - l->y < 2 * CELL_PAD_Y + 36) {
		new_page(l);
		row_emit(l, cols, ncols, head, hh, "TH", 1);
	}
	for (;;) {
		avail = l->bottom - l->y - 2 * CELL_PAD_Y;
		used = 0;
		left = 0;
		tag(l, "TR", NULL);
		for (i = 0; i < ncols; i++) {
			tag(l, "TD", NULL);
			for (k = next[i]; k < t[i]->n &&
			    span(t[i], next[i], k + 1) <= avail; k++)
				continue;
			if (k == next[i] && k < t[i]->n && at_top(l))
				k++;	/* a line taller than the frame */
			if (k > next[i]) {
				emit(l, t[i], next[i], k, cols[i].x +
				    CELL_PAD_X, l->y + CELL_PAD_Y, 0);
				h = span(t[i], next[i], k);
				used = MAX(used, h);
			}
			next[i] = k;
			left |= k < t[i]->n;
			end(l);
		}
		end(l);
		l->y += used + 2 * CELL_PAD_Y;
		rule(l, l->left, l->y, l->right - l->left, 0.3, 0.7);
		if (!left)
			break;
		new_page(l);
		row_emit(l, cols, ncols, head, hh, "TH", 1);
	}
	g_free(next);
}

/* The header strings of table n. Caller frees the array. */
static const char **
header_strings(const struct doc_node *n)
{
	const struct doc_node	*c;
	const char		**v = g_new0(const char *, n->ncols);
	int			 i = 0;

	for (c = n->first; c != NULL && i < n->ncols; c = c->next)
		if (c->type == DOC_COLUMN)
			v[i++] = c->text;
	return v;
}

/* The height of the header and the first row of table n. */
static double
table_lead(struct lay *l, const struct doc_node *n)
{
	const struct doc_node	*r;
	struct col		*cols;
	struct text		**t;
	const char		**head;
	double			 h;
	int			 ncols;

	cols = columns(l, n, &ncols);
	t = g_new0(struct text *, ncols);
	head = header_strings(n);
	h = row_cells(l, cols, ncols, head, S_CELL_HEAD, t);
	for (r = n->first; r != NULL && r->type != DOC_ROW; r = r->next)
		continue;
	if (r != NULL)
		h += row_cells(l, cols, ncols, r->cells, S_CELL, t);
	g_free(head);
	g_free(t);
	return h + BLOCK_GAP / 2;
}

/*
 * Place table n: rows never split, the header row again at the top of
 * every page the table continues on. Each row is shaped once.
 */
static void
table(struct lay *l, const struct doc_node *n)
{
	const struct doc_node	*r;
	struct col		*cols;
	struct text		**head, **t;
	const char		**hs;
	double			 hh, h;
	int			 i, ncols, first = 1;

	cols = columns(l, n, &ncols);
	head = g_new0(struct text *, ncols);
	t = g_new0(struct text *, ncols);
	hs = header_strings(n);
	hh = row_cells(l, cols, ncols, hs, S_CELL_HEAD, head);
	/* The header row is emitted again on every page: held. */
	for (i = 0; i < ncols; i++)
		text_ref(head[i]);
	/* The lead counts the gap above the table, as lead() does. */
	if (!at_top(l) && l->y + table_lead(l, n) > l->bottom)
		new_page(l);
	else if (!at_top(l))
		l->y += BLOCK_GAP / 2;
	tag(l, "Table", NULL);
	row_emit(l, cols, ncols, head, hh, "TH", 1);
	for (r = n->first; r != NULL; r = r->next) {
		if (r->type != DOC_ROW)
			continue;
		cells_trim(l);
		h = row_cells(l, cols, ncols, r->cells, S_CELL, t);
		if (h > l->bottom - l->top - hh) {
			row_split(l, cols, ncols, t, head, hh);
			first = 0;
			continue;
		}
		if (l->y + h > l->bottom + 0.01 && !first) {
			new_page(l);
			row_emit(l, cols, ncols, head, hh, "TH", 1);
		}
		row_emit(l, cols, ncols, t, h, "TD", 0);
		first = 0;
	}
	end(l);
	l->y += BLOCK_GAP;
	for (i = 0; i < ncols; i++)
		text_unref(head[i]);
	g_free(hs);
	g_free(head);
	g_free(t);
}

/* Figures */

struct figure {
	struct text	*title, *caption;
	double		 chart_h;	/* pt */
	double		 height;	/* pt, all of it */
};

#define FIG_GAP	4.0

static void
figure_measure(struct lay *l, const struct doc_node *n, struct figure *f)
{
	const struct doc_node	*c;
	double			 w = l->right - l->left;

	memset(f, 0, sizeof(*f));
	for (c = n->first; c != NULL; c = c->next)
		if (c->type == DOC_CAPTION && c->title && f->title == NULL)
			f->title = runs_once(l, c, S_FIGURE_TITLE, w, 0);
		else if (c->type == DOC_CAPTION && !c->title &&
		    f->caption == NULL)
			f->caption = runs_once(l, c, S_CAPTION, w, 0);
	f->chart_h = chart_height_pt(n, w);
	f->height = f->chart_h;
	if (f->title != NULL)
		f->height += f->title->height + FIG_GAP;
	if (f->caption != NULL)
		f->height += f->caption->height + FIG_GAP;
}

/*
 * The Figure tag's attributes: alt='...', the chart's alternate text
 * with \ and ' escaped as cairo's tag attributes have them; NULL when
 * it has none. Caller frees.
 */
static char *
figure_attrs(const struct doc_node *n)
{
	GString		*s;
	const char	*p;

	if (n->alt == NULL)
		return NULL;
	s = g_string_new("alt='");
	for (p = n->alt; *p != '\0'; p++) {
		if (*p == '\\' || *p == '\'')
			g_string_append_c(s, '\\');
		g_string_append_c(s, *p);
	}
	g_string_append_c(s, '\'');
	return g_string_free(s, FALSE);
}

/* Place chart n as a figure: title, chart, caption, never split. */
static void
figure(struct lay *l, const struct doc_node *n)
{
	struct figure	 f;
	struct lay_item	*it;
	char		*attrs;

	figure_measure(l, n, &f);
	if (!at_top(l))
		l->y += BLOCK_GAP / 2;
	if (l->y + f.height > l->bottom && !at_top(l))
		new_page(l);
	attrs = figure_attrs(n);
	tag(l, "Figure", attrs);
	g_free(attrs);
	if (f.title != NULL) {
		tag(l, "Caption", NULL);
		emit(l, f.title, 0, f.title->n, l->left, l->y, 0);
		end(l);
		l->y += f.title->height + FIG_GAP;
	}
	it = add(l, LAY_CHART);
	it->x = l->left;
	it->y = l->y;
	it->w = l->right - l->left;
	it->h = f.chart_h;
	it->node = n;
	l->y += f.chart_h;
	if (f.caption != NULL) {
		l->y += FIG_GAP;
		tag(l, "Caption", NULL);
		emit(l, f.caption, 0, f.caption->n, l->left, l->y, 0.25);
		end(l);
		l->y += f.caption->height;
	}
	end(l);
	l->y += BLOCK_GAP;
}

/* Sections and headings */

/* The heading text of section n: "2 Incidents over time". Caller frees. */
static char *
heading_string(const struct doc_node *sec, const struct doc_node *h,
    const char *sep)
{
	char	*t = doc_runs_text(h), *s;

	if (sec->label != NULL)
		s = g_strdup_printf("%s %s%s%s", sec->label, sec->number, sep,
		    t);
	else if (sec->number != NULL)
		s = g_strdup_printf("%s%s%s", sec->number, sep, t);
	else
		s = g_strdup(t);
	g_free(t);
	return s;
}

static struct text *
heading_text(struct lay *l, const struct doc_node *sec)
{
	const struct doc_node	*h = sec->first;
	struct text		*t;
	char			*s;

	if ((t = g_hash_table_lookup(l->paras, sec)) != NULL)
		return t;
	/* An em space between the number and the words. */
	s = heading_string(sec, h, "\u2003");
	t = shape(l, sec->level > 1 ? S_H2 : S_H1, s, NULL,
	    l->right - l->left, PANGO_ALIGN_LEFT, 0);
	g_free(s);
	g_hash_table_insert(l->paras, (gpointer)sec, t);
	return t;
}

/*
 * The height of the first piece of n that cannot be split: what a
 * heading before n must keep on its page.
 */
static double
lead(struct lay *l, const struct doc_node *n)
{
	struct figure	 f;
	struct text	*t;

	if (n == NULL)
		return 0;
	switch (n->type) {
	case DOC_PARA:
		t = para_text(l, n, l->right - l->left);
		return span(t, 0, first_lines(t));
	case DOC_LIST:
		if (n->first == NULL)
			return 0;
		t = para_text(l, n->first, l->right - l->left - BULLET_INDENT);
		return span(t, 0, first_lines(t));
	case DOC_TABLE:
		return table_lead(l, n);
	case DOC_CHART:
		figure_measure(l, n, &f);
		return f.height + BLOCK_GAP / 2;
	case DOC_SECTION:
		t = heading_text(l, n);
		return H2_BEFORE + t->height + H_AFTER +
		    lead(l, n->first != NULL ? n->first->next : NULL);
	default:
		return 0;
	}
}

static void
section(struct lay *l, const struct doc_node *n)
{
	const struct doc_node	*c;
	struct text		*t;
	struct lay_outline	 o;
	char			*attrs, *title, y[G_ASCII_DTOSTR_BUF_SIZE];

	if (n->label != NULL && !at_top(l))
		new_page(l);	/* an annex starts a page */
	t = heading_text(l, n);
	if (!at_top(l))
		l->y += n->level > 1 ? H2_BEFORE : H1_BEFORE;
	if (l->y + t->height + H_AFTER + lead(l, n->first != NULL ?
	    n->first->next : NULL) > l->bottom && !at_top(l))
		new_page(l);
	if (n->id != NULL) {
		g_ascii_formatd(y, sizeof(y), "%.2f", l->y);
		attrs = g_strdup_printf("name='%s' x=0 y=%s", n->id, y);
		tag(l, "cairo.dest", attrs);
		end(l);
		g_free(attrs);
		g_hash_table_insert(l->dest_page, (gpointer)n->id,
		    GUINT_TO_POINTER(l->ld->pages->len));
		title = heading_string(n, n->first, " ");
		o.level = n->level + l->shift;
		o.title = keep(l, title);
		o.dest = keep(l, n->id);
		g_array_append_val(l->ld->outline, o);
		g_free(title);
	}
	tag(l, n->level > 1 ? "H2" : "H1", NULL);
	emit(l, t, 0, t->n, l->left, l->y, 0);
	end(l);
	l->y += t->height + H_AFTER;
	for (c = n->first != NULL ? n->first->next : NULL; c != NULL;
	    c = c->next)
		block(l, c);
}

static void
list(struct lay *l, const struct doc_node *n)
{
	static const char *const tags[] = { "L", "LI", "LBody" };
	const struct doc_node	*c;
	struct text		*t, *bullet;
	int			 first = 1;

	bullet = shape(l, S_BODY, "\u2022", NULL, 0, PANGO_ALIGN_LEFT, 0);
	for (c = n->first; c != NULL; c = c->next) {
		if (c->type != DOC_ITEM)
			continue;
		t = para_text(l, c, l->right - l->left - BULLET_INDENT);
		if (t->n == 0)
			continue;
		/* The L opens with the first item's first line. */
		flow(l, t, l->left + BULLET_INDENT, tags + !first, 3 - !first,
		    2, bullet, l->left + 3);
		first = 0;
		l->y += ITEM_GAP;
	}
	if (!first)
		end(l);
	l->y += PARA_GAP - ITEM_GAP;
}

/* The cover: a page of its own, its lines placed by role. */
static void
cover(struct lay *l, const struct doc_node *n)
{
	const struct doc_node	*c;
	struct text		*t;
	double			 w = l->right - l->left, h = l->ld->height;
	double			 y_title = h * 0.30, y_more = h * 0.55;
	const char		*role;

	g_array_index(l->pg, struct pg, l->pg->len - 1).cover = 1;
	for (c = n->first; c != NULL; c = c->next) {
		if (c->type != DOC_LINE)
			continue;
		role = c->id != NULL ? c->id : "";
		tag(l, "P", NULL);
		if (strcmp(role, "marking") == 0) {
			t = shape_runs(l, c, S_COVER_MARK, w,
			    PANGO_ALIGN_RIGHT, 0);
			emit(l, t, 0, t->n, l->left, l->top, 0);
		} else if (strcmp(role, "title") == 0) {
			t = shape_runs(l, c, S_COVER_TITLE, w,
			    PANGO_ALIGN_LEFT, 0);
			fill(l, l->left, y_title - 14, 48, 4, 0.25);
			emit(l, t, 0, t->n, l->left, y_title, 0);
			y_title += t->height + 10;
		} else if (strcmp(role, "subtitle") == 0) {
			t = shape_runs(l, c, S_COVER_SUB, w,
			    PANGO_ALIGN_LEFT, 0);
			emit(l, t, 0, t->n, l->left, y_title, 0.2);
			y_title += t->height + 10;
		} else if (strcmp(role, "issued") == 0) {
			t = shape_runs(l, c, S_COVER_LINE, w,
			    PANGO_ALIGN_LEFT, 0);
			emit(l, t, 0, t->n, l->left, l->bottom - t->height,
			    0);
		} else {
			t = shape_runs(l, c, S_COVER_LINE, w,
			    PANGO_ALIGN_LEFT, 0);
			if (y_more < y_title + 24)
				y_more = y_title + 24;
			emit(l, t, 0, t->n, l->left, y_more, 0);
			y_more += t->height + 4;
		}
		end(l);
	}
	new_page(l);
}

/* The contents: one line per entry, its page number filled in last. */
static void
contents(struct lay *l, const struct doc_node *n)
{
	const struct doc_node	*c;
	struct text		*t, *num;
	struct lay_item		*it;
	struct ref		 r;
	GPtrArray		*nums = g_ptr_array_new();
	double			 numw = 0, indent = -1, x, tx, w, y0;
	char			*s, *attrs, rect[4][G_ASCII_DTOSTR_BUF_SIZE];
	guint			 k = 0;

	if (!at_top(l))
		new_page(l);
	/* The entries' numbers; their column is as wide as the widest. */
	for (c = n->first; c != NULL; c = c->next) {
		if (c->type != DOC_ENTRY)
			continue;
		s = c->label != NULL ? g_strdup_printf("%s %s", c->label,
		    c->number) : g_strdup(c->number != NULL ? c->number : "");
		num = shape(l, c->level > 1 ? S_TOC : S_TOC_HEAD, s, NULL, 0,
		    PANGO_ALIGN_LEFT, 0);
		numw = MAX(numw, num->width);
		if (c->number == NULL && c->label == NULL)
			indent = BULLET_INDENT;
		g_ptr_array_add(nums, num);
		g_free(s);
	}
	/*
	 * Entries below the top level are indented to the text of the top
	 * level's; below a pack's parts, which have no numbers, a little.
	 */
	if (indent < 0)
		indent = numw + TOC_NUMBER_GAP;
	tag(l, "TOC", NULL);
	for (c = n->first; c != NULL; c = c->next) {
		if (c->type == DOC_HEADING) {
			t = shape_runs(l, c, S_H1, l->right - l->left,
			    PANGO_ALIGN_LEFT, 0);
			tag(l, "H1", NULL);
			emit(l, t, 0, t->n, l->left, l->y, 0);
			end(l);
			l->y += t->height + 2 * H_AFTER;
			continue;
		}
		if (c->type != DOC_ENTRY)
			continue;
		x = l->left + (c->level > 1 ? indent : 0);
		num = g_ptr_array_index(nums, k++);
		/*
		 * A pack's part has no number: its title takes the line,
		 * set apart from the part before.
		 */
		tx = c->number == NULL && c->label == NULL ? x :
		    x + numw + TOC_NUMBER_GAP;
		if (tx == x && k > 1)
			l->y += TOC_PART_GAP;
		w = l->right - TOC_PAGE_WIDTH - tx;
		t = shape_runs(l, c, c->level > 1 ? S_TOC : S_TOC_HEAD, w,
		    PANGO_ALIGN_LEFT, 0);
		/* A part's title stays with the line after it. */
		if (l->y + t->height * (tx == x && c->next != NULL ? 2 : 1) +
		    (tx == x && c->next != NULL ? 7 : 0) > l->bottom)
			new_page(l);
		y0 = l->y;
		tag(l, "TOCI", NULL);
		if (tx != x)
			emit(l, num, 0, num->n, x, l->y, 0);
		emit(l, t, 0, t->n, tx, l->y, 0);
		l->y += t->height;
		/* A dotted leader from the last line to the number. */
		it = add(l, LAY_DOTS);
		it->x = tx + t->lines[t->n - 1].x +
		    t->lines[t->n - 1].width + 4;
		it->y = y0 + t->lines[t->n - 1].baseline;
		it->w = l->right - 20 - it->x;
		it->lw = 0.8;
		it->grey = 0.45;
		r.page = l->ld->pages->len - 1;
		r.item = l->page->items->len;
		r.dest = c->id;
		r.right = l->right;
		r.y = it->y;
		add(l, LAY_TEXT)->y = it->y;	/* the page number, later */
		g_array_append_val(l->refs, r);
		end(l);
		if (c->id != NULL) {
			g_ascii_formatd(rect[0], sizeof(rect[0]), "%.2f", x);
			g_ascii_formatd(rect[1], sizeof(rect[1]), "%.2f", y0);
			g_ascii_formatd(rect[2], sizeof(rect[2]), "%.2f",
			    l->right - x);
			g_ascii_formatd(rect[3], sizeof(rect[3]), "%.2f",
			    l->y - y0);
			attrs = g_strdup_printf("rect=[%s %s %s %s] dest='%s'",
			    rect[0], rect[1], rect[2], rect[3], c->id);
			tag(l, "Link", attrs);
			end(l);
			g_free(attrs);
		}
		l->y += c->level > 1 ? 3 : 7;
	}
	end(l);
	g_ptr_array_free(nums, TRUE);
	new_page(l);
}

/*
 * A briefing in a pack: a Part from a new page, its own running lines
 * (n->part's) on its pages, its outline entry (its title, to the top of
 * its first page) above its sections', and its blocks (a contents of
 * its own would be the pack's second: the pack's covers it, so it is
 * not laid out).
 */
static void
part(struct lay *l, const struct doc_node *n)
{
	const struct doc_node	*c;
	const struct doc	*was = l->cur;
	struct lay_outline	 o;
	char			*attrs;
	guint			 kept = l->keep;

	if (!at_top(l))
		new_page(l);
	l->cur = n->part;
	g_array_index(l->pg, struct pg, l->pg->len - 1).doc = n->part;
	tag(l, "Part", NULL);
	l->keep = l->open->len;
	if (n->id != NULL) {
		attrs = g_strdup_printf("name='%s' x=0 y=0", n->id);
		tag(l, "cairo.dest", attrs);
		end(l);
		g_free(attrs);
		g_hash_table_insert(l->dest_page, (gpointer)n->id,
		    GUINT_TO_POINTER(l->ld->pages->len));
		o.level = 1;
		o.title = keep(l, n->text != NULL ? n->text : n->id);
		o.dest = keep(l, n->id);
		g_array_append_val(l->ld->outline, o);
	}
	l->shift++;
	for (c = n->first; c != NULL; c = c->next)
		if (c->type != DOC_CONTENTS)
			block(l, c);
	l->shift--;
	l->keep = kept;
	end(l);
	l->cur = was;
}

static void
block(struct lay *l, const struct doc_node *n)
{
	static const char *const p = "P";

	switch (n->type) {
	case DOC_COVER:
		cover(l, n);
		break;
	case DOC_CONTENTS:
		contents(l, n);
		break;
	case DOC_SECTION:
		section(l, n);
		break;
	case DOC_PARA:
		flow(l, para_text(l, n, l->right - l->left), l->left, &p, 1,
		    1, NULL, 0);
		l->y += PARA_GAP;
		break;
	case DOC_LIST:
		list(l, n);
		break;
	case DOC_TABLE:
		table(l, n);
		break;
	case DOC_CHART:
		figure(l, n);
		break;
	case DOC_PAGE_BREAK:
		if (!at_top(l))
			new_page(l);
		break;
	case DOC_PART:
		part(l, n);
		break;
	default:
		break;
	}
}

/* The page number line of page n of m, from the template's folio. */
static char *
folio(const struct doc *d, guint n, guint m)
{
	const struct doc_run	*r;
	GString			*s;
	guint			 i;

	if (d->folio == NULL)
		return g_strdup_printf("%u / %u", n, m);
	s = g_string_new(NULL);
	for (i = 0; d->folio->runs != NULL && i < d->folio->runs->len; i++) {
		r = &g_array_index(d->folio->runs, struct doc_run, i);
		if (r->style & DOC_PAGE)
			g_string_append_printf(s, "%u", n);
		else if (r->style & DOC_PAGES)
			g_string_append_printf(s, "%u", m);
		else
			g_string_append(s, r->text);
	}
	return g_string_free(s, FALSE);
}

/* The running lines of d, shaped the first time they are asked for. */
static const struct running *
running_shape(struct lay *l, const struct doc *d)
{
	struct running	 r, *rp;
	double		 w = l->right - l->left;
	guint		 i;

	for (i = 0; i < l->run->len; i++)
		if ((rp = &g_array_index(l->run, struct running, i))->doc == d)
			return rp;
	memset(&r, 0, sizeof(r));
	r.doc = d;
	if (d->marking != NULL)
		r.mark = shape(l, S_RUNNING_BOLD, d->marking, NULL, 0,
		    PANGO_ALIGN_LEFT, 0);
	if (d->short_title != NULL) {
		/* Cut with an ellipsis where it would reach the marking. */
		r.title = shape(l, S_RUNNING, d->short_title, NULL, w -
		    (r.mark != NULL ? r.mark->width : 0) - 24,
		    PANGO_ALIGN_LEFT, F_ELLIPSIZE);
	}
	if (d->footer != NULL)
		r.foot = shape(l, S_RUNNING, d->footer, NULL, 0,
		    PANGO_ALIGN_LEFT, 0);
	g_array_append_val(l->run, r);
	return &g_array_index(l->run, struct running, l->run->len - 1);
}

/* The folio of page i (from 0) of m, its baseline at y. */
static void
running_folio(struct lay *l, guint i, guint m, double y)
{
	struct text	*f;
	char		*s;

	s = folio(g_array_index(l->pg, struct pg, i).doc, i + 1, m);
	f = shape(l, S_RUNNING, s, NULL, 0, PANGO_ALIGN_LEFT, 0);
	emit(l, f, 0, 1, l->right - f->width, y, 0.3);
	g_free(s);
}

/*
 * The running header (marking, short title) and footer (the template's
 * footer, the folio of m pages; m 0: not yet counted, no folio) of page
 * i, from the document the page belongs to (a pack's part has its own).
 * A cover shows the marking and title in its own lines, so it gets the
 * footer only.
 */
static void
running_page(struct lay *l, guint i, guint m)
{
	const struct pg		*pg = &g_array_index(l->pg, struct pg, i);
	const struct running	*r = running_shape(l, pg->doc);
	struct lay_page		*cur = l->page;
	double			 w = l->right - l->left;
	double			 head_y = l->top - MM(10);
	double			 foot_y = l->bottom + FOOT_BELOW;

	l->page = g_ptr_array_index(l->ld->pages, i);
	if (!pg->cover) {
		if (r->mark != NULL)
			emit(l, r->mark, 0, 1, l->left, head_y, 0);
		if (r->title != NULL)
			emit(l, r->title, 0, 1, l->right - r->title->width,
			    head_y, 0.3);
		rule(l, l->left, head_y + 12, w, 0.5, 0.5);
	}
	rule(l, l->left, foot_y - 4, w, 0.5, 0.5);
	if (r->foot != NULL)
		emit(l, r->foot, 0, 1, l->left, foot_y, 0.3);
	if (m > 0)
		running_folio(l, i, m, foot_y);
	l->page = cur;
}

/* The running lines of every page, now that the pages are counted. */
static void
running(struct lay *l)
{
	guint	 i;

	for (i = 0; i < l->ld->pages->len; i++)
		running_page(l, i, l->ld->pages->len);
}

/*
 * Hand the pages before upto to the sink, each with its running lines
 * (but the folio) as a pagination artifact, and free them: what the
 * layout keeps does not grow with the pages.
 */
static void
hand(struct lay *l, guint upto)
{
	struct lay_page	*p, *cur = l->page;

	for (; l->out < upto; l->out++) {
		p = l->page = g_ptr_array_index(l->ld->pages, l->out);
		add(l, LAY_TAG)->tag = keep(l, "Artifact");
		running_page(l, l->out, 0);
		add(l, LAY_END);
		l->page = cur;
		l->sink->page(l->sink->arg, l->out, p);
		page_free(p);
		g_ptr_array_index(l->ld->pages, l->out) = NULL;
	}
}

/*
 * What the sink gets once every page is counted: over each page, the
 * page numbers of its contents entries, in the order of their
 * placeholders, and its folio, as a pagination artifact.
 */
static void
overs(struct lay *l)
{
	struct lay_page	*p;
	struct ref	*r;
	struct text	*t;
	gpointer	 v;
	char		 s[16];
	guint		 i, k = 0, m = l->ld->pages->len;

	for (i = 0; i < m; i++) {
		p = g_new0(struct lay_page, 1);
		p->items = g_array_new(FALSE, FALSE, sizeof(struct lay_item));
		l->page = p;
		for (; k < l->refs->len; k++) {
			r = &g_array_index(l->refs, struct ref, k);
			if (r->page != i)
				break;
			v = g_hash_table_lookup(l->dest_page, r->dest);
			g_assert(v != NULL);
			g_snprintf(s, sizeof(s), "%u", GPOINTER_TO_UINT(v));
			t = shape(l, S_TOC, s, NULL, 0, PANGO_ALIGN_LEFT, 0);
			emit(l, t, 0, 1, r->right - t->lines[0].width,
			    r->y - t->lines[0].baseline + t->lines[0].top, 0);
		}
		add(l, LAY_TAG)->tag = keep(l, "Artifact");
		running_folio(l, i, m, l->bottom + FOOT_BELOW);
		add(l, LAY_END);
		l->sink->over(l->sink->arg, i, p);
		page_free(p);
	}
	l->page = NULL;
}

/* Fill in the page numbers of the contents. */
static void
resolve(struct lay *l)
{
	struct ref	*r;
	struct lay_page	*p;
	struct lay_item	*it;
	struct text	*t;
	gpointer	 v;
	char		 s[16];
	guint		 i;

	for (i = 0; i < l->refs->len; i++) {
		r = &g_array_index(l->refs, struct ref, i);
		p = g_ptr_array_index(l->ld->pages, r->page);
		it = &g_array_index(p->items, struct lay_item, r->item);
		/* Every entry is made from a section, which has an id. */
		v = g_hash_table_lookup(l->dest_page, r->dest);
		g_assert(v != NULL);
		g_snprintf(s, sizeof(s), "%u", GPOINTER_TO_UINT(v));
		t = shape(l, S_TOC, s, NULL, 0, PANGO_ALIGN_LEFT, 0);
		it->kind = LAY_TEXT;
		it->line = t->lines[0].line;
		g_object_ref(t->layout);
		it->x = r->right - t->lines[0].width;
	}
}

/*
 * Whether p has anything but structure tags opening and closing: what
 * it draws, or a destination (which the outline and contents point to).
 */
static int
drawn(const struct lay_page *p)
{
	const struct lay_item	*it;
	guint			 i;

	for (i = 0; i < p->items->len; i++) {
		it = &g_array_index(p->items, struct lay_item, i);
		if ((it->kind != LAY_TAG && it->kind != LAY_END) ||
		    (it->kind == LAY_TAG && strcmp(it->tag, "cairo.dest") == 0))
			return 1;
	}
	return 0;
}

static struct lay_doc *
lay_out(const struct doc *doc, struct fonts *fonts, enum lay_paper paper,
    const struct lay_sink *sink)
{
	struct lay		 l;
	struct lay_doc		*ld = g_new0(struct lay_doc, 1);
	const struct doc_node	*c;
	struct lay_page		*p;
	guint			 k, open;
	int			 i;

	ld->width = papers[paper].width;
	ld->height = papers[paper].height;
	ld->pages = g_ptr_array_new();
	ld->outline = g_array_new(FALSE, FALSE, sizeof(struct lay_outline));
	ld->doc = doc;
	ld->strings = g_string_chunk_new(4096);

	memset(&l, 0, sizeof(l));
	l.ld = ld;
	l.ctx = fonts_context(fonts);
	for (i = 0; i < S_MAX; i++)
		l.fonts[i] = pango_font_description_from_string(style_fonts[i]);
	l.left = MM(25);
	l.right = ld->width - MM(20);
	l.top = MM(25);
	l.bottom = ld->height - MM(22);
	l.cells = g_hash_table_new_full(cell_hash, cell_equal, g_free,
	    text_unref);
	l.cells_max = CELLS_MAX;
	for (i = 0; i < S_MAX; i++)
		l.units[i] = g_hash_table_new_full(g_str_hash, g_str_equal,
		    g_free, unit_free);
	l.boxes = g_hash_table_new_full(g_direct_hash, g_direct_equal,
	    g_object_unref, g_free);
	l.paras = g_hash_table_new(g_direct_hash, g_direct_equal);
	l.dest_page = g_hash_table_new(g_str_hash, g_str_equal);
	l.refs = g_array_new(FALSE, FALSE, sizeof(struct ref));
	l.texts = g_ptr_array_new_with_free_func(text_unref);
	l.open = g_ptr_array_new();
	l.words[0] = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    g_free);
	l.words[1] = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    g_free);
	l.tables = g_hash_table_new_full(NULL, NULL, NULL, g_free);

	l.sink = sink;
	l.check_cells = getenv("BRIEFGEN_CHECK_CELLS") != NULL;
	l.cur = doc;
	l.pg = g_array_new(FALSE, FALSE, sizeof(struct pg));
	l.run = g_array_new(FALSE, FALSE, sizeof(struct running));
	l.keep = 2;

	new_page(&l);
	tag(&l, "Document", NULL);
	for (c = doc->root->first; c != NULL; c = c->next)
		block(&l, c);
	end(&l);
	/*
	 * A page left empty by a break at the very end goes; the tags
	 * that close on it close on the page before.
	 */
	p = g_ptr_array_index(ld->pages, ld->pages->len - 1);
	if (ld->pages->len > 1 && !drawn(p)) {
		g_ptr_array_remove_index(ld->pages, ld->pages->len - 1);
		g_array_set_size(l.pg, ld->pages->len);
		l.page = g_ptr_array_index(ld->pages, ld->pages->len - 1);
		for (open = 0, k = 0; k < p->items->len; k++)
			if (g_array_index(p->items, struct lay_item,
			    k).kind == LAY_TAG)
				open++;
			else if (open > 0)
				open--;
			else
				add(&l, LAY_END);
		g_array_free(p->items, TRUE);
		g_free(p);
	}
	if (sink != NULL) {
		hand(&l, ld->pages->len);
		overs(&l);
	} else {
		resolve(&l);
		running(&l);
	}

	for (i = 0; i < S_MAX; i++)
		pango_font_description_free(l.fonts[i]);
	g_hash_table_destroy(l.cells);
	for (i = 0; i < S_MAX; i++) {
		g_hash_table_destroy(l.units[i]);
		if (l.ascii[i][0] != NULL)
			pango_item_free(l.ascii[i][0]);
		if (l.ascii[i][1] != NULL)
			pango_item_free(l.ascii[i][1]);
	}
	g_hash_table_destroy(l.boxes);
	g_hash_table_destroy(l.paras);
	g_hash_table_destroy(l.dest_page);
	g_array_free(l.refs, TRUE);
	g_ptr_array_free(l.texts, TRUE);
	g_ptr_array_free(l.open, TRUE);
	g_hash_table_destroy(l.words[0]);
	g_hash_table_destroy(l.words[1]);
	g_hash_table_destroy(l.tables);
	g_array_free(l.pg, TRUE);
	g_array_free(l.run, TRUE);
	return ld;
}

/*
 * Lay out doc on paper with the fonts' context. The display list borrows
 * doc (which must outlive it). Caller frees with layout_free.
 */
struct lay_doc *
layout_doc(const struct doc *doc, struct fonts *fonts, enum lay_paper paper)
{
	return lay_out(doc, fonts, paper, NULL);
}

struct lay_doc *
layout_stream(const struct doc *doc, struct fonts *fonts,
    enum lay_paper paper, const struct lay_sink *sink)
{
	return lay_out(doc, fonts, paper, sink);
}

/* Free page p and drop its hold on the layouts of its lines. */
static void
page_free(struct lay_page *p)
{
	struct lay_item	*it;
	guint		 i;

	if (p == NULL)
		return;
	for (i = 0; i < p->items->len; i++) {
		it = &g_array_index(p->items, struct lay_item, i);
		if (it->kind == LAY_TEXT && it->line != NULL)
			g_object_unref(it->line->layout);
		if (it->kind == LAY_TEXT)
			lay_words_unref(it->words);
	}
	g_array_free(p->items, TRUE);
	g_free(p);
}

void
layout_free(struct lay_doc *ld)
{
	guint		 i;

	if (ld == NULL)
		return;
	for (i = 0; i < ld->pages->len; i++)
		page_free(g_ptr_array_index(ld->pages, i));
	g_ptr_array_free(ld->pages, TRUE);
	g_array_free(ld->outline, TRUE);
	g_string_chunk_free(ld->strings);
	g_free(ld);
}

const char *
layout_paper_name(enum lay_paper p)
{
	return p < LAY_PAPER_MAX ? papers[p].name : "?";
}

void
layout_paper_size(enum lay_paper p, double *width_pt, double *height_pt)
{
	g_return_if_fail(p < LAY_PAPER_MAX);
	*width_pt = papers[p].width;
	*height_pt = papers[p].height;
}

/* The paper named s ("a4", "letter", any case). 1, or 0 if unknown. */
int
layout_paper_parse(const char *s, enum lay_paper *p)
{
	int	i;

	for (i = 0; i < LAY_PAPER_MAX; i++)
		if (g_ascii_strcasecmp(s, papers[i].name) == 0) {
			*p = i;
			return 1;
		}
	return 0;
}
