/*
 * fonts: loads fonts/ into a fontconfig configuration of its own (no
 * system fonts.conf, no system font directories) and makes the Pango
 * context that layout and charts shape text with. Text is laid out at
 * 72 units per inch, so one Pango point is one PDF point, with hinting
 * off so that the metrics do not depend on the output device.
 */
#include <string.h>

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include "datadir.h"
#include "diag.h"
#include "fonts.h"

struct fonts {
	FcConfig	*config;
	PangoFontMap	*map;
	PangoContext	*ctx;
};

/* The families the styles of layout and chart ask for. */
static const char *const families[] = { "PT Sans", "PT Serif" };

static int
cmp_names(const char **a, const char **b)
{
	return strcmp(*a, *b);
}

/* Whether config holds family fam. */
static int
has_family(FcConfig *config, const char *fam)
{
	FcFontSet	*set = FcConfigGetFonts(config, FcSetApplication);
	FcChar8		*s;
	int		 i;

	for (i = 0; set != NULL && i < set->nfont; i++)
		if (FcPatternGetString(set->fonts[i], FC_FAMILY, 0, &s) ==
		    FcResultMatch && strcmp((const char *)s, fam) == 0)
			return 1;
	return 0;
}

/*
 * Add the .ttf files of dir to config, in name order. File by file
 * rather than FcConfigAppFontAddDir, which would try to write a cache
 * (and complain on stderr where it cannot). 1, or 0 after a diagnostic.
 */
static int
add_files(FcConfig *config, const char *dir)
{
	GDir		*d;
	GPtrArray	*names = g_ptr_array_new_with_free_func(g_free);
	const char	*name;
	char		*path;
	guint		 i;
	int		 ok = 0;

	if ((d = g_dir_open(dir, 0, NULL)) == NULL) {
		diag_msg(DIAG_NO_DATAFILE, dir, 0, "cannot read the directory");
		goto out;
	}
	while ((name = g_dir_read_name(d)) != NULL)
		if (g_str_has_suffix(name, ".ttf"))
			g_ptr_array_add(names, g_strdup(name));
	g_dir_close(d);
	g_ptr_array_sort(names, (GCompareFunc)cmp_names);
	for (i = 0; i < names->len; i++) {
		path = g_build_filename(dir, g_ptr_array_index(names, i), NULL);
		if (!FcConfigAppFontAddFile(config, (const FcChar8 *)path)) {
			diag_msg(DIAG_NO_DATAFILE, path, 0, "not a font");
			g_free(path);
			goto out;
		}
		g_free(path);
	}
	ok = 1;
out:
	g_ptr_array_free(names, TRUE);
	return ok;
}

/*
 * Load fonts/ and make the context for text in language lang ("en",
 * "ru"; it guides line breaking). NULL after a diagnostic when the
 * directory or one of its families is missing. Caller frees.
 */
struct fonts *
fonts_new(const char *lang)
{
	struct fonts		*f;
	cairo_font_options_t	*fo;
	char			*dir;
	size_t			 i;

	if ((dir = datadir_find("fonts/LICENSE")) == NULL) {
		diag_msg(DIAG_NO_DATAFILE, "fonts/LICENSE", 0, NULL);
		return NULL;
	}
	*strrchr(dir, '/') = '\0';
	f = g_new0(struct fonts, 1);
	f->config = FcConfigCreate();
	if (!add_files(f->config, dir))
		goto fail;
	for (i = 0; i < G_N_ELEMENTS(families); i++)
		if (!has_family(f->config, families[i])) {
			diag_msg(DIAG_NO_DATAFILE, dir, 0, "no font of the "
			    "family %s", families[i]);
			goto fail;
		}
	g_free(dir);

	/*
	 * Pango's font map runs FcInit in a thread of its own, which
	 * parses the system's fonts.conf and font caches unless a current
	 * configuration exists: make it ours (a third of a sample run's
	 * start-up, and 3 MiB).
	 */
	FcConfigSetCurrent(f->config);
	f->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->map), f->config);
	f->ctx = pango_font_map_create_context(f->map);
	pango_cairo_context_set_resolution(f->ctx, 72.0);
	pango_context_set_round_glyph_positions(f->ctx, FALSE);
	pango_context_set_language(f->ctx, pango_language_from_string(lang));
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(f->ctx, fo);
	cairo_font_options_destroy(fo);
	return f;
fail:
	g_free(dir);
	fonts_free(f);
	return NULL;
}

void
fonts_free(struct fonts *f)
{
	if (f == NULL)
		return;
	if (f->ctx != NULL)
		g_object_unref(f->ctx);
	if (f->map != NULL) {
		/*
		 * Pango's font map keeps its own reference to the
		 * configuration and does not let go of it when finalized:
		 * hand it back first.
		 */
		pango_fc_font_map_shutdown(PANGO_FC_FONT_MAP(f->map));
		pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->map), NULL);
		g_object_unref(f->map);
	}
	if (f->config != NULL)
		FcConfigDestroy(f->config);
	g_free(f);
}

/*
 * Free what fontconfig keeps for the process: Pango initialises the
 * default configuration in a thread of its own, which briefgen never
 * uses but must free for the leak checkers. Call once, at exit, after
 * every fonts_free.
 */
void
fonts_cleanup(void)
{
	FcFini();
}

/* The context to shape text with. Borrowed. */
PangoContext *
fonts_context(const struct fonts *f)
{
	return f->ctx;
}
