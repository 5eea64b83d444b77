/*
 * pdf: draws a display list (layout.h): a tagged PDF/A-2b with document
 * information, outline, named destinations and links, written by our
 * own PDF writer (pdfw, pdffont), or one PNG per page on cairo image
 * surfaces; or one chart of it alone, as a PNG or an SVG. The only
 * module that creates surfaces. It never measures or places anything:
 * every position comes from the display list (a chart alone takes the
 * size it is given, or its frame's).
 */
#ifndef PDF_H
#define PDF_H

#include "layout.h"

struct fonts;
struct fmt;

/* The document information dictionary. Borrowed strings; any may be NULL. */
struct pdf_info {
	const char	*title;
	const char	*subject;
	const char	*author;
	const char	*keywords;
	const char	*creator;	/* "briefgen 0.1.0" */
	const char	*date;		/* creation: "2020-06-01T00:00:00Z" */
};

/*
 * A PDF being written to path, its pages width_pt by height_pt, lang
 * (may be NULL) its language, charts' numbers formatted with fmt; fonts,
 * fmt, info, lang and path are borrowed until pdf_close. The file is
 * PDF/A-2b: XMP metadata that mirrors info, and an sRGB output intent
 * whose profile is the data file data/icc/sRGB.icc. NULL after a
 * diagnostic if the profile is missing (DIAG_NO_DATAFILE; nothing is
 * created) or path cannot be created. pdf_page and pdf_over are a
 * layout sink (layout.h): pages in order, then what goes over each.
 * pdf_close writes the rest (ld: the page count and outline; NULL when
 * the layout did not finish) and puts the file in place: 1, or 0 after
 * a diagnostic, with nothing left at path.
 */
struct pdf_out;

struct pdf_out	*pdf_open(struct fonts *, const struct fmt *,
		    const struct pdf_info *, double width_pt,
		    double height_pt, const char *lang, const char *path);
void		 pdf_page(void *pdf_out, guint index,
		    const struct lay_page *);
void		 pdf_over(void *pdf_out, guint index,
		    const struct lay_page *);
int		 pdf_close(struct pdf_out *, const struct lay_doc *);

int	png_write(const struct lay_doc *, struct fonts *, const struct fmt *,
	    double dpi, const char *prefix);

/* What a chart alone is written as. */
enum pdf_image {
	PDF_IMAGE_PNG,		/* at a resolution, on white */
	PDF_IMAGE_SVG,		/* in points, on white */
	PDF_IMAGE_MAX
};

/*
 * The n-th chart of ld (from 1, in document order), or NULL when it has
 * fewer; *count (may be NULL) gets how many it has. The item and its
 * node are borrowed from ld; its w is the width of the text frame.
 */
const struct lay_item	*pdf_chart_find(const struct lay_doc *, int n,
			    int *count);

/*
 * Write chart (a DOC_CHART node, borrowed) alone, without its title or
 * caption, width_pt wide and as tall as chart_height_pt says, to path
 * as image (a PNG at dpi). Numbers are formatted with fmt. Written
 * atomically (outfile). 1, or 0 after a diagnostic, with nothing left at
 * path and a file already there unchanged.
 */
int	pdf_chart_write(const struct doc_node *chart, struct fonts *,
	    const struct fmt *, double width_pt, enum pdf_image, double dpi,
	    const char *path);

#endif /* PDF_H */
