/*
 * pdffont: the fonts of one PDF. Every face Pango shaped text with
 * becomes a Type0 font with a CIDFontType2 descendant (Identity-H, so a
 * content stream shows a glyph by its glyph id as 4 hex digits), a
 * TrueType subset of the glyphs used made by HarfBuzz with the original
 * glyph ids, its widths and a ToUnicode map for text extraction. It
 * writes objects through pdfw and knows nothing of pages or content
 * streams.
 */
#ifndef PDFFONT_H
#define PDFFONT_H

#include <stddef.h>
#include <stdint.h>

#include <pango/pango.h>

struct pdfw;
struct pdffonts;

/* The fonts of the PDF w writes (borrowed). Caller frees. */
struct pdffonts	*pdffonts_new(struct pdfw *w);
void		 pdffonts_free(struct pdffonts *);

/*
 * The index of the PDF font for font (borrowed; referenced until
 * pdffonts_free): one per face (file and index), whatever the size.
 * Its resource name is "F<index>", its object number pdffonts_ref.
 */
int		 pdffonts_index(struct pdffonts *, PangoFont *font);

/* How many indexes pdffonts_index has given: 0 to count - 1. */
int		 pdffonts_count(const struct pdffonts *);

/* The Type0 font's object number, allocated with pdfw_alloc at first use. */
uint32_t	 pdffonts_ref(struct pdffonts *, int index);

/*
 * Glyph gid of font index (below the face's glyph count; Pango's
 * PANGO_GLYPH_EMPTY and unknown-glyph codes are not glyphs) is shown
 * and stands for text (UTF-8, len bytes, copied; len 0 when the glyph
 * continues a cluster), for ToUnicode. The first text recorded for a
 * gid wins: 1 when text is what ToUnicode will say the glyph stands for
 * (or len is 0), 0 when it says something else, and the glyph needs
 * an /ActualText of its own (an ellipsis that stands for the words it
 * cut, a glyph two characters share).
 */
int		 pdffonts_use(struct pdffonts *, int index, uint32_t gid,
		    const char *text, size_t len);

/*
 * The widths of the glyphs of font index in the font's /W array, by
 * glyph id, in 1/1000 text space units: what a viewer advances by, for
 * the TJ adjustments that put glyphs where Pango put them. *n gets the
 * number of glyphs. Borrowed until pdffonts_free.
 */
const int	*pdffonts_widths(struct pdffonts *, int index, unsigned *n);

/*
 * Write every font used or referenced: Type0 font, CIDFontType2,
 * FontDescriptor, FontFile2 (the subset, deflated) and ToUnicode CMap.
 * 1, or 0 if HarfBuzz could not subset a face (nothing printed: the
 * caller reports it and abandons the file, whose numbers are not all
 * written). Call once, after the last pdffonts_use.
 */
int		 pdffonts_write(struct pdffonts *);

#endif /* PDFFONT_H */
