/*
 * pdf: draws a display list (layout.h) on cairo surfaces: a PDF with
 * document information, outline, named destinations, links and
 * structure tags, or one PNG per page. The only module that creates
 * surfaces. It never measures or places anything: every position comes
 * from the display list.
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

int	pdf_write(const struct lay_doc *, struct fonts *, const struct fmt *,
	    const struct pdf_info *, const char *path);
int	png_write(const struct lay_doc *, struct fonts *, const struct fmt *,
	    double dpi, const char *prefix);

#endif /* PDF_H */
