/*
 * Unit tests of the PDF writer's two bottom layers: pdfw's number, text
 * string and name syntax on tables of tricky values; object streams
 * that fill up, and the numbering contract; and a real two-page PDF
 * with English and Russian text shaped by Pango in PT Sans and PT Serif
 * Bold, written with pdfw and pdffont alone and read back by
 * independent tools (qpdf --check, pdffonts, pdftotext, pdfinfo), then
 * written again to the same bytes.
 */
#include <sys/wait.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <pango/pango.h>

#include "fonts.h"
#include "outfile.h"
#include "pdffont.h"
#include "pdfw.h"
#include "testutil.h"

#define PAGE_W		595.276	/* pt: A4 */
#define PAGE_H		841.89
#define TITLE		"Ministry of Finance — briefing (draft)"

static struct fonts	*fonts;
static int		 criticals;	/* g_critical calls seen */

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

static void
count_critical(const gchar *domain, GLogLevelFlags level, const gchar *msg,
    gpointer data)
{
	(void)domain;
	(void)level;
	(void)msg;
	(void)data;
	criticals++;
}

/*
 * Run argv; its standard output (caller frees) and, in *status, its
 * exit status.
 */
static char *
run(const char *const *argv, int *status)
{
	GError	*err = NULL;
	char	*out = NULL;
	int	 wait;

	ck_assert_msg(g_spawn_sync(NULL, (char **)argv, NULL,
	    G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
	    &out, NULL, &wait, &err), "%s: %s", argv[0],
	    err != NULL ? err->message : "");
	*status = g_spawn_check_wait_status(wait, NULL) ? 0 :
	    WIFEXITED(wait) ? WEXITSTATUS(wait) : -1;
	return out;
}

START_TEST(real_values)
{
	static const struct {
		double		 v;
		const char	*s;
	} t[] = {
		{ 0, "0" }, { -0.0, "0" }, { -0.0001, "0" }, { 0.0001, "0" },
		{ 1.5, "1.5" }, { 12.3456, "12.346" }, { -7, "-7" },
		{ 1e6, "1000000" }, { 0.0005, "0.001" }, { -0.0005, "-0.001" },
		{ 0.0004, "0" }, { 0.5, "0.5" }, { -3.14159, "-3.142" },
		{ 12, "12" }, { 0.05, "0.05" }, { 0.007, "0.007" },
		{ 0.1 + 0.2, "0.3" }, { 2.5, "2.5" }, { 99.9996, "100" },
		{ -99.9996, "-100" }, { 595.276, "595.276" },
		{ 841.8897637795, "841.89" }, { 1e300, "2147483647" },
		{ -1e300, "-2147483647" }, { NAN, "0" }, { 2147483647, "2147483647" }
	};
	GString	*s = g_string_new(NULL);
	size_t	 i;

	for (i = 0; i < G_N_ELEMENTS(t); i++) {
		g_string_truncate(s, 0);
		pdfw_real(s, t[i].v);
		ck_assert_msg(strcmp(s->str, t[i].s) == 0,
		    "pdfw_real(%.17g) = \"%s\", want \"%s\"", t[i].v, s->str,
		    t[i].s);
	}
	g_string_truncate(s, 0);
	pdfw_printf(s, "%d %u [%s] %f%% %d %u%s", -5, 7u, "x", 0.25,
	    G_MININT, G_MAXUINT, "");
	ck_assert_str_eq(s->str, "-5 7 [x] 0.25% -2147483648 4294967295");
	g_string_free(s, TRUE);
}
END_TEST

START_TEST(text_strings)
{
	static const struct {
		const char	*in, *out;
	} t[] = {
		{ "", "()" },
		{ "Ministry of Finance", "(Ministry of Finance)" },
		{ "a (b) \\c", "(a \\(b\\) \\\\c)" },
		{ ")(", "(\\)\\()" },
		{ "~ !", "(~ !)" },
		{ "a\nb", "<FEFF0061000A0062>" },
		{ "\t", "<FEFF0009>" },
		{ "\x7f", "<FEFF007F>" },
		{ "é", "<FEFF00E9>" },
		{ "Мин (x)", "<FEFF041C0438043D0020002800780029>" },
		{ "\xf0\x9f\x98\x80", "<FEFFD83DDE00>" },
		{ "a\xffz", "<FEFF0061FFFD007A>" },
		{ "—", "<FEFF2014>" }
	};
	GString	*s = g_string_new(NULL);
	size_t	 i;

	for (i = 0; i < G_N_ELEMENTS(t); i++) {
		g_string_truncate(s, 0);
		pdfw_text(s, t[i].in);
		ck_assert_msg(strcmp(s->str, t[i].out) == 0,
		    "pdfw_text(\"%s\") = %s, want %s", t[i].in, s->str,
		    t[i].out);
	}
	g_string_free(s, TRUE);
}
END_TEST

START_TEST(names)
{
	static const struct {
		const char	*in, *out;
	} t[] = {
		{ "Type", "/Type" },
		{ "", "/" },
		{ "A B", "/A#20B" },
		{ "a#b", "/a#23b" },
		{ "()<>[]{}/%", "/#28#29#3C#3E#5B#5D#7B#7D#2F#25" },
		{ "!~", "/!~" },
		{ "PTSans-Regular", "/PTSans-Regular" },
		{ "é", "/#C3#A9" },
		{ "\x7f\x01", "/#7F#01" }
	};
	GString	*s = g_string_new(NULL);
	size_t	 i;

	for (i = 0; i < G_N_ELEMENTS(t); i++) {
		g_string_truncate(s, 0);
		pdfw_name(s, t[i].in);
		ck_assert_msg(strcmp(s->str, t[i].out) == 0,
		    "pdfw_name(\"%s\") = %s, want %s", t[i].in, s->str,
		    t[i].out);
	}
	g_string_free(s, TRUE);
}
END_TEST

/* A file of 2,500 objects (one of 340 KiB) in several object streams. */
START_TEST(object_streams)
{
	struct outfile	*o;
	struct pdfw	*w;
	GString		*s = g_string_new(NULL);
	char		*dir = tu_tmpdir(), *path, *out;
	const char	*argv[5];
	uint32_t	 cat, pages, nums[2500];
	int		 i, st;

	path = g_build_filename(dir, "objs.pdf", NULL);
	o = outfile_new(path);
	ck_assert_ptr_nonnull(o);
	w = pdfw_new(o);
	cat = pdfw_alloc(w);
	pages = pdfw_alloc(w);
	for (i = 0; i < 2500; i++)
		nums[i] = pdfw_alloc(w);
	/* Written in reverse, to show numbers need not come in order. */
	for (i = 2499; i >= 0; i--) {
		g_string_truncate(s, 0);
		if (i == 500)
			for (st = 0; st < 60000; st++)
				pdfw_printf(s, "%d ", st);
		pdfw_printf(s, "[(obj %d) %u 0 R]", i, nums[(i + 1) % 2500]);
		pdfw_obj(w, nums[i], s->str, s->len);
	}
	g_string_truncate(s, 0);
	pdfw_printf(s, "<</Type/Catalog/Pages %u 0 R/X %u 0 R>>", pages,
	    nums[0]);
	pdfw_obj(w, cat, s->str, s->len);
	g_string_truncate(s, 0);
	pdfw_printf(s, "<</Type/Pages/Kids[]/Count 0>>");
	pdfw_obj(w, pages, s->str, s->len);
	ck_assert_int_eq(pdfw_finish(w, cat, 0), 1);
	pdfw_free(w);
	ck_assert_int_eq(outfile_commit(o), 1);

	argv[0] = "qpdf";
	argv[1] = "--check";
	argv[2] = path;
	argv[3] = NULL;
	out = run(argv, &st);
	ck_assert_msg(st == 0, "qpdf --check: %d\n%s", st, out);
	g_free(out);
	argv[1] = "--show-object=902";
	out = run(argv, &st);
	ck_assert_int_eq(st, 0);
	ck_assert_str_eq(out, "[ (obj 899) 903 0 R ]\n");
	g_free(out);
	argv[1] = "--show-xref";
	out = run(argv, &st);
	ck_assert_int_eq(st, 0);
	/*
	 * Streams of 1,000 objects but for the one that the object of 340
	 * KiB closes early (at 256 KiB of bodies).
	 */
	ck_assert_ptr_nonnull(strstr(out, "902/0: compressed; stream = "));
	ck_assert_ptr_null(strstr(out, "index = 1000"));
	ck_assert_ptr_nonnull(strstr(out, "index = 999"));
	ck_assert_ptr_nonnull(strstr(out, "1999/0: compressed; stream = "));
	ck_assert_ptr_null(strstr(out, "uncompressed; offset = 0\n"));
	g_free(out);

	g_unlink(path);
	g_rmdir(dir);
	g_free(path);
	g_free(dir);
	g_string_free(s, TRUE);
}
END_TEST

/* pdfw_finish refuses a number allocated and never written, or twice. */
START_TEST(numbering)
{
	struct outfile	*o;
	struct pdfw	*w;
	char		*dir = tu_tmpdir(), *path;
	uint32_t	 a, b;
	guint		 h;
	int		 pass;

	path = g_build_filename(dir, "bad.pdf", NULL);
	h = g_log_set_handler(NULL, G_LOG_LEVEL_CRITICAL, count_critical,
	    NULL);
	for (pass = 0; pass < 2; pass++) {
		criticals = 0;
		o = outfile_new(path);
		ck_assert_ptr_nonnull(o);
		w = pdfw_new(o);
		a = pdfw_alloc(w);
		b = pdfw_alloc(w);
		ck_assert_uint_eq(a, 1);
		ck_assert_uint_eq(b, 2);
		pdfw_obj(w, a, "<<>>", 4);
		if (pass == 1) {
			pdfw_stream(w, b, "", "x", 1, 0);
			pdfw_obj(w, b, "<<>>", 4);
		}
		ck_assert_int_eq(pdfw_finish(w, a, 0), 0);
		ck_assert_int_eq(criticals, 1);
		pdfw_free(w);
		outfile_abort(o);
	}
	g_log_remove_handler(NULL, h);
	g_rmdir(dir);
	g_free(path);
	g_free(dir);
}
END_TEST

/* The text of a glyph's cluster, if it starts one; else len 0. */
static const char *
cluster(const char *text, const PangoGlyphItem *run, int i, size_t *len)
{
	const PangoGlyphString	*gs = run->glyphs;
	int			 start = gs->log_clusters[i], end, j;

	*len = 0;
	for (j = 0; j < gs->num_glyphs; j++)
		if (j < i && gs->log_clusters[j] == start)
			return text;
	end = run->item->length;
	for (j = 0; j < gs->num_glyphs; j++)
		if (gs->log_clusters[j] > start && gs->log_clusters[j] < end)
			end = gs->log_clusters[j];
	*len = end - start;
	return text + run->item->offset + start;
}

/*
 * Show one run at (x, y), PDF points from the bottom left: its glyphs
 * in one TJ, with a whole-numbered adjustment wherever the viewer's pen
 * (advancing by the /W widths) would be 1/1000 em or more from Pango's,
 * and a new Tm for a glyph Pango moved off the pen.
 */
static void
show_run(struct pdffonts *pf, GString *cs, const char *text,
    const PangoGlyphItem *run, double x, double y)
{
	const PangoGlyphString	*gs = run->glyphs;
	const PangoGlyphGeometry *geo;
	PangoFontDescription	*d;
	const char		*t;
	size_t			 len;
	double			 size, pen = x, at = x, adj;
	int			 f, i, open = 0, moved = 1, off;
	unsigned		 nglyphs;
	PangoGlyph		 g;

	d = pango_font_describe_with_absolute_size(run->item->analysis.font);
	size = pango_units_to_double(pango_font_description_get_size(d));
	pango_font_description_free(d);
	f = pdffonts_index(pf, run->item->analysis.font);
	pdfw_printf(cs, "BT\n/F%d %f Tf\n", f, size);
	for (i = 0; i < gs->num_glyphs; i++, moved = off) {
		g = gs->glyphs[i].glyph;
		geo = &gs->glyphs[i].geometry;
		off = geo->x_offset != 0 || geo->y_offset != 0;
		if (g == PANGO_GLYPH_EMPTY || (g & PANGO_GLYPH_UNKNOWN_FLAG)) {
			off = 1;
			pen += pango_units_to_double(geo->width);
			continue;
		}
		if (moved || off) {
			if (open)
				g_string_append(cs, "]TJ\n");
			at = pen + pango_units_to_double(geo->x_offset);
			pdfw_printf(cs, "1 0 0 1 %f %f Tm[", at,
			    y - pango_units_to_double(geo->y_offset));
			open = 1;
		} else {
			/* TJ's numbers move the pen back by n/1000 em. */
			adj = (at - pen) * 1000 / size;
			if (fabs(adj) >= 1) {
				pdfw_printf(cs, "%d", (int)lround(adj));
				at -= lround(adj) * size / 1000;
			}
		}
		t = cluster(text, run, i, &len);
		pdffonts_use(pf, f, g, t, len);
		g_string_append_printf(cs, "<%04X>", g);
		at += pdffonts_widths(pf, f, &nglyphs)[g] * size / 1000;
		pen += pango_units_to_double(geo->width);
	}
	if (open)
		g_string_append(cs, "]TJ\n");
	g_string_append(cs, "ET\n");
}

/* Show markup at font desc with its top left at (x, top), pt from the top. */
static void
show(struct pdffonts *pf, GString *cs, const char *desc, const char *str,
    double x, double top)
{
	PangoLayout		*lay;
	PangoLayoutIter		*it;
	PangoFontDescription	*fd;
	PangoLayoutRun		*run;
	PangoRectangle		 r;
	const char		*text;
	double			 base;

	lay = pango_layout_new(fonts_context(fonts));
	fd = pango_font_description_from_string(desc);
	pango_layout_set_font_description(lay, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(lay, str, -1);
	text = pango_layout_get_text(lay);
	it = pango_layout_get_iter(lay);
	do {
		if ((run = pango_layout_iter_get_run_readonly(it)) == NULL)
			continue;
		pango_layout_iter_get_run_extents(it, NULL, &r);
		base = pango_units_to_double(pango_layout_iter_get_baseline(it));
		show_run(pf, cs, text, run, x + pango_units_to_double(r.x),
		    PAGE_H - (top + base));
	} while (pango_layout_iter_next_run(it));
	pango_layout_iter_free(it);
	g_object_unref(lay);
}

/* The briefing of two pages, written to path with pdfw and pdffont. */
static void
write_pdf(const char *path)
{
	static const char *const	 text[2][3] = {
		{ "Ministry of Finance", "Министерство финансов",
		  "Page 1 of 2" },
		{ "Министерство финансов", "Ministry of Finance",
		  "Page 2 of 2" }
	};
	struct outfile	*o;
	struct pdfw	*w;
	struct pdffonts	*pf;
	GString		*cs = g_string_new(NULL), *s = g_string_new(NULL);
	uint32_t	 cat, pages, res, info, kids[2], content;
	int		 p, i;

	o = outfile_new(path);
	ck_assert_ptr_nonnull(o);
	w = pdfw_new(o);
	pf = pdffonts_new(w);
	cat = pdfw_alloc(w);
	pages = pdfw_alloc(w);
	res = pdfw_alloc(w);
	for (p = 0; p < 2; p++) {
		g_string_truncate(cs, 0);
		show(pf, cs, "PT Serif Bold 18", text[p][0], 72, 72);
		show(pf, cs, "PT Sans 12", text[p][1], 72, 110);
		show(pf, cs, "PT Sans 9", text[p][2], 72, PAGE_H - 60);
		kids[p] = pdfw_alloc(w);
		content = pdfw_alloc(w);
		pdfw_stream(w, content, "", cs->str, cs->len, 1);
		g_string_truncate(s, 0);
		pdfw_printf(s, "<</Type/Page/Parent %u 0 R/MediaBox[0 0 %f %f]"
		    "/Resources %u 0 R/Contents %u 0 R>>", pages, PAGE_W,
		    PAGE_H, res, content);
		pdfw_obj(w, kids[p], s->str, s->len);
	}
	/* PT Sans 12 and 9 are one font; PT Serif Bold the other. */
	ck_assert_int_eq(pdffonts_count(pf), 2);

	g_string_truncate(s, 0);
	g_string_append(s, "<</Font<<");
	for (i = 0; i < pdffonts_count(pf); i++)
		pdfw_printf(s, "/F%d %u 0 R", i, pdffonts_ref(pf, i));
	g_string_append(s, ">>>>");
	pdfw_obj(w, res, s->str, s->len);
	ck_assert_int_eq(pdffonts_write(pf), 1);

	g_string_truncate(s, 0);
	pdfw_printf(s, "<</Type/Pages/Kids[%u 0 R %u 0 R]/Count 2>>", kids[0],
	    kids[1]);
	pdfw_obj(w, pages, s->str, s->len);
	g_string_truncate(s, 0);
	pdfw_printf(s, "<</Type/Catalog/Pages %u 0 R>>", pages);
	pdfw_obj(w, cat, s->str, s->len);
	info = pdfw_alloc(w);
	g_string_truncate(s, 0);
	g_string_append(s, "<</Title");
	pdfw_text(s, TITLE);
	g_string_append(s, "/Producer");
	pdfw_text(s, "briefgen check_pdfw");
	g_string_append(s, ">>");
	pdfw_obj(w, info, s->str, s->len);

	ck_assert_int_eq(pdfw_finish(w, cat, info), 1);
	pdffonts_free(pf);
	pdfw_free(w);
	ck_assert_int_eq(outfile_commit(o), 1);
	g_string_free(cs, TRUE);
	g_string_free(s, TRUE);
}

START_TEST(two_pages)
{
	char		*dir = tu_tmpdir(), *a, *b, *out, *line, *sa, *sb;
	char		**lines;
	const char	*argv[6];
	int		 st, n, i;

	a = g_build_filename(dir, "a.pdf", NULL);
	b = g_build_filename(dir, "b.pdf", NULL);
	write_pdf(a);
	write_pdf(b);

	argv[0] = "qpdf";
	argv[1] = "--check";
	argv[2] = a;
	argv[3] = NULL;
	out = run(argv, &st);
	ck_assert_msg(st == 0, "qpdf --check: %d\n%s", st, out);
	ck_assert_ptr_nonnull(strstr(out, "No syntax or stream encoding "
	    "errors found"));
	g_free(out);

	argv[0] = "pdffonts";
	argv[1] = a;
	argv[2] = NULL;
	out = run(argv, &st);
	ck_assert_int_eq(st, 0);
	lines = g_strsplit(out, "\n", -1);
	for (i = 2, n = 0; lines[0] != NULL && lines[1] != NULL &&
	    lines[i] != NULL; i++) {
		line = lines[i];
		if (*line == '\0')
			continue;
		n++;
		ck_assert_msg(strstr(line, "+PTSans-Regular ") != NULL ||
		    strstr(line, "+PTSerif-Bold ") != NULL, "font: %s", line);
		ck_assert_msg(g_regex_match_simple("^[A-Z]{6}\\+\\S+ +CID "
		    "TrueType +Identity-H +yes +yes +yes +[0-9]+ +0$", line, 0,
		    0), "pdffonts: %s", line);
	}
	ck_assert_msg(n == 2, "pdffonts:\n%s", out);
	g_strfreev(lines);
	g_free(out);

	argv[0] = "pdftotext";
	argv[1] = "-enc";
	argv[2] = "UTF-8";
	argv[3] = a;
	argv[4] = "-";
	argv[5] = NULL;
	out = run(argv, &st);
	ck_assert_int_eq(st, 0);
	ck_assert_msg(strstr(out, "Ministry of Finance\n") != NULL &&
	    strstr(out, "Министерство финансов\n") != NULL &&
	    strstr(out, "Page 1 of 2\n") != NULL &&
	    strstr(out, "Page 2 of 2\n") != NULL, "pdftotext:\n%s", out);
	g_free(out);

	argv[0] = "pdfinfo";
	argv[1] = a;
	argv[2] = NULL;
	out = run(argv, &st);
	ck_assert_int_eq(st, 0);
	ck_assert_msg(g_regex_match_simple("^Title: +\\Q" TITLE "\\E$", out,
	    G_REGEX_MULTILINE, 0), "pdfinfo:\n%s", out);
	ck_assert_msg(g_regex_match_simple("^Pages: +2$", out,
	    G_REGEX_MULTILINE, 0), "pdfinfo:\n%s", out);
	g_free(out);

	sa = tu_sha256(a);
	sb = tu_sha256(b);
	ck_assert_str_eq(sa, sb);
	g_free(sa);
	g_free(sb);

	g_unlink(a);
	g_unlink(b);
	g_rmdir(dir);
	g_free(a);
	g_free(b);
	g_free(dir);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("pdfw");
	TCase	*tc = tcase_create("syntax");
	int	 rc;

	tcase_add_test(tc, real_values);
	tcase_add_test(tc, text_strings);
	tcase_add_test(tc, names);
	tcase_add_test(tc, object_streams);
	tcase_add_test(tc, numbering);
	suite_add_tcase(s, tc);
	tc = tcase_create("fonts");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, two_pages);
	suite_add_tcase(s, tc);
	rc = tu_run(s);
	fonts_cleanup();
	return rc;
}
