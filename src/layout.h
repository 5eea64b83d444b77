/*
 * layout: turns the document tree into pages of positioned boxes, the
 * display list. It is the only module that knows Pango units and the
 * only one that measures text; it never draws. The renderer (pdf) walks
 * the display list and draws each item where it says, and dump prints
 * it as text for tests.
 *
 * Coordinates are PDF points from the top-left corner of the page, y
 * growing downwards.
 */
#ifndef LAYOUT_H
#define LAYOUT_H

#include <glib.h>
#include <pango/pango.h>

#include "doc.h"

struct fonts;

enum lay_paper {
	LAY_A4,
	LAY_LETTER,
	LAY_PAPER_MAX
};

enum lay_kind {
	LAY_TEXT,	/* one line of shaped text, origin at its baseline */
	LAY_RULE,	/* a line from (x, y) to (x + w, y + h) */
	LAY_DOTS,	/* a dotted leader from (x, y) to (x + w, y) */
	LAY_FILL,	/* a filled rectangle */
	LAY_CHART,	/* a chart drawn into the rectangle */
	LAY_TAG,	/* a structure, destination or link tag opens */
	LAY_END,	/* the innermost open tag closes */
	LAY_KIND_MAX
};

/*
 * A piece of text shaped on its own, without a layout: Pango's items
 * and glyphs for it, left to right. Counted.
 */
struct lay_glyphs {
	int			 refs;
	char			*text;	/* what the items index */
	GSList			*runs;	/* of PangoGlyphItem */
};

/*
 * A line put together from pieces of text shaped apart (the words of a
 * table cell, each shaped once however often it recurs), each placed x
 * from the line's origin. Counted; every piece holds its glyphs.
 */
struct lay_piece {
	struct lay_glyphs	*glyphs;
	double			 x;	/* pt */
};

struct lay_words {
	int			 refs;
	const char		*text;	/* the line's text, not terminated */
	int			 len;	/* bytes */
	int			 n;
	struct lay_piece	 pieces[];
};

struct lay_words	*lay_words_ref(struct lay_words *);
void			 lay_words_unref(struct lay_words *);

struct lay_item {
	enum lay_kind		 kind;
	double			 x, y;	/* pt; TEXT: baseline origin */
	double			 w, h;	/* pt; RULE: the vector */
	double			 grey;	/* 0 black .. 1 white */
	double			 lw;	/* pt: RULE, DOTS line width */
	PangoLayoutLine		*line;	/* TEXT; holds its layout */
	struct lay_words	*words;	/* TEXT without a line; a reference */
	const char		*tag;	/* TAG: "H1", "TD", "Link", ... */
	const char		*attrs;	/* TAG: cairo tag attributes */
	const struct doc_node	*node;	/* CHART; borrowed from the doc */
};

struct lay_page {
	GArray		*items;		/* of struct lay_item, in drawing order */
};

struct lay_outline {
	int		 level;		/* 1 for a top section */
	const char	*title;		/* "2 Incidents over time" */
	const char	*dest;		/* its named destination */
};

struct lay_doc {
	double		 width, height;	/* pt, the paper */
	GPtrArray	*pages;		/* of struct lay_page */
	GArray		*outline;	/* of struct lay_outline, in order */
	const struct doc *doc;		/* borrowed: metadata, charts */
	GStringChunk	*strings;	/* tags, attributes, outline titles */
};

struct lay_doc	*layout_doc(const struct doc *, struct fonts *,
		    enum lay_paper);

/*
 * Where layout_stream hands the pages over, each as soon as no later
 * page can change it, so that what the layout keeps does not grow with
 * the pages. page gets page index (from 0, in order) complete but for
 * what depends on the page count; its running header and footer come
 * last, between a TAG "Artifact" and its END. A LAY_TEXT item without
 * a line or words stands for a contents entry's page number. over gets, for every
 * page in order once all are counted, what goes over it: the page
 * numbers of its placeholders, in their order, then its folio as an
 * artifact. Both borrow the page for the call.
 */
struct lay_sink {
	void	(*page)(void *arg, guint index, const struct lay_page *);
	void	(*over)(void *arg, guint index, const struct lay_page *);
	void	 *arg;
};

/*
 * layout_doc, every page handed to sink (borrowed) and freed: the
 * display list returned has the page count (pages holds NULLs) and the
 * outline.
 */
struct lay_doc	*layout_stream(const struct doc *, struct fonts *,
		    enum lay_paper, const struct lay_sink *);
void		 layout_free(struct lay_doc *);
const char	*layout_paper_name(enum lay_paper);
void		 layout_paper_size(enum lay_paper, double *width_pt,
		    double *height_pt);
int		 layout_paper_parse(const char *, enum lay_paper *);

#endif /* LAYOUT_H */
