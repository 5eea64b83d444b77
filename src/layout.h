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

struct lay_item {
	enum lay_kind		 kind;
	double			 x, y;	/* pt; TEXT: baseline origin */
	double			 w, h;	/* pt; RULE: the vector */
	double			 grey;	/* 0 black .. 1 white */
	double			 lw;	/* pt: RULE, DOTS line width */
	PangoLayoutLine		*line;	/* TEXT; of a layout in layouts */
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
	GPtrArray	*layouts;	/* PangoLayouts that lines belong to */
};

struct lay_doc	*layout_doc(const struct doc *, struct fonts *,
		    enum lay_paper);
void		 layout_free(struct lay_doc *);
const char	*layout_paper_name(enum lay_paper);
int		 layout_paper_parse(const char *, enum lay_paper *);

#endif /* LAYOUT_H */
