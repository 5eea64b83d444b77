/*
 * fonts: the bundled typefaces (fonts/, PT Sans and PT Serif) loaded
 * through a private fontconfig configuration, and the one Pango context
 * every piece of text is shaped with. Nothing in briefgen may see the
 * fonts a machine has: the output must not depend on them.
 */
#ifndef FONTS_H
#define FONTS_H

#include <pango/pango.h>

struct fonts;

struct fonts	*fonts_new(const char *lang);
void		 fonts_free(struct fonts *);
PangoContext	*fonts_context(const struct fonts *);
void		 fonts_cleanup(void);

#endif /* FONTS_H */
