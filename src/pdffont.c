/*
 * pdffont: the fonts of one PDF (pdffont.h). A face is known by its file
 * and index in its fontconfig pattern, so that every size of PT Sans is
 * one PDF font; HarfBuzz gives the widths, the metrics of the font
 * descriptor and the subset. Glyph ids are kept (RETAIN_GIDS), so the
 * CIDs of the content streams are the glyph ids Pango shaped with and
 * /CIDToGIDMap is /Identity. It prints nothing: a face HarfBuzz cannot
 * subset makes pdffonts_write fail for its caller to report.
 */
#include <stdlib.h>
#include <string.h>

#include <fontconfig/fontconfig.h>
#include <hb.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <pango/pangofc-font.h>

#include "pdffont.h"
#include "pdfw.h"

#define TOUNICODE_BLOCK	100	/* entries in one bfchar or bfrange */
#define TOUNICODE_MAX	256	/* UTF-16 units one glyph stands for */

/* The longest text, in bytes, a glyph's ToUnicode entry may say. */
#define TEXT_MAX	32

struct face {
	char		*key;		/* FC_FILE:FC_INDEX, the identity */
	char		*psname;	/* PostScript name, without the tag */
	hb_face_t	*face;
	hb_font_t	*font;		/* at the scale of upem */
	unsigned	 upem;		/* font units an em */
	unsigned	 nglyphs;
	uint32_t	 ref;		/* the Type0 font's object; 0: none yet */
	int		 nused;		/* glyphs marked in used */
	int		*width;		/* 1/1000 em, by gid */
	uint8_t		*used;		/* by gid */
	char		**text;		/* by gid: UTF-8 or NULL */
};

struct pdffonts {
	struct pdfw	*w;
	GPtrArray	*faces;		/* of struct face, by index */
	GHashTable	*by_font;	/* PangoFont (referenced) -> index + 1 */
	GHashTable	*by_key;	/* face key (borrowed) -> index + 1 */
};

/* Tables a PDF viewer never reads from an embedded TrueType font. */
static const hb_tag_t dropped[] = {
	HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'),
	HB_TAG('G', 'D', 'E', 'F'), HB_TAG('B', 'A', 'S', 'E'),
	HB_TAG('J', 'S', 'T', 'F'), HB_TAG('M', 'A', 'T', 'H'),
	HB_TAG('k', 'e', 'r', 'n'), HB_TAG('h', 'd', 'm', 'x'),
	HB_TAG('V', 'D', 'M', 'X'), HB_TAG('L', 'T', 'S', 'H'),
	HB_TAG('g', 'a', 's', 'p'), HB_TAG('D', 'S', 'I', 'G')
};

static void
face_free(struct face *f)
{
	unsigned	 i;

	if (f == NULL)
		return;
	for (i = 0; i < f->nglyphs; i++)
		g_free(f->text[i]);
	g_free(f->text);
	g_free(f->used);
	g_free(f->width);
	hb_font_destroy(f->font);
	hb_face_destroy(f->face);
	g_free(f->psname);
	g_free(f->key);
	g_free(f);
}

/* Font units to 1/1000 em, rounded half away from zero. */
static int
milli(const struct face *f, int v)
{
	int64_t	 n = (int64_t)v * 1000;

	return (int)(n >= 0 ? (n + f->upem / 2) / f->upem :
	    -((-n + f->upem / 2) / f->upem));
}

/* A new face for hb (referenced here) known as key (taken over). */
static struct face *
face_new(hb_face_t *hb, char *key)
{
	struct face	*f;
	char		 name[128];
	unsigned	 i, n = sizeof(name);
	hb_position_t	 adv;

	f = g_new0(struct face, 1);
	f->key = key;
	f->face = hb_face_reference(hb);
	f->font = hb_font_create(hb);
	f->upem = hb_face_get_upem(hb);
	if (f->upem == 0)
		f->upem = 1000;
	f->nglyphs = hb_face_get_glyph_count(hb);
	f->width = g_new(int, MAX(f->nglyphs, 1));
	f->used = g_new0(uint8_t, MAX(f->nglyphs, 1));
	f->text = g_new0(char *, MAX(f->nglyphs, 1));
	for (i = 0; i < f->nglyphs; i++) {
		adv = hb_font_get_glyph_h_advance(f->font, i);
		f->width[i] = milli(f, adv);
	}
	if (hb_ot_name_get_utf8(hb, HB_OT_NAME_ID_POSTSCRIPT_NAME,
	    HB_LANGUAGE_INVALID, &n, name) > 0 && n > 0)
		f->psname = g_strdup(name);
	else
		f->psname = g_strdup("Font");
	return f;
}

/* What makes font one face: its file and index. Caller frees. */
static char *
face_key(PangoFont *font, hb_face_t *hb)
{
	FcPattern	*pat;
	FcChar8		*file;
	int		 idx;

	if (PANGO_IS_FC_FONT(font) &&
	    (pat = pango_fc_font_get_pattern(PANGO_FC_FONT(font))) != NULL &&
	    FcPatternGetString(pat, FC_FILE, 0, &file) == FcResultMatch) {
		if (FcPatternGetInteger(pat, FC_INDEX, 0, &idx) != FcResultMatch)
			idx = 0;
		return g_strdup_printf("%s:%d", (const char *)file, idx);
	}
	/* Not fontconfig's: the face itself, which we keep referenced. */
	return g_strdup_printf("face %p", (void *)hb);
}

struct pdffonts *
pdffonts_new(struct pdfw *w)
{
	struct pdffonts	*pf;

	pf = g_new0(struct pdffonts, 1);
	pf->w = w;
	pf->faces = g_ptr_array_new_with_free_func((GDestroyNotify)face_free);
	pf->by_font = g_hash_table_new_full(NULL, NULL, g_object_unref, NULL);
	pf->by_key = g_hash_table_new(g_str_hash, g_str_equal);
	return pf;
}

void
pdffonts_free(struct pdffonts *pf)
{
	if (pf == NULL)
		return;
	g_hash_table_destroy(pf->by_key);
	g_hash_table_destroy(pf->by_font);
	g_ptr_array_free(pf->faces, TRUE);
	g_free(pf);
}

int
pdffonts_index(struct pdffonts *pf, PangoFont *font)
{
	struct face	*f;
	hb_face_t	*hb;
	gpointer	 v;
	char		*key;
	int		 i;

	if ((v = g_hash_table_lookup(pf->by_font, font)) != NULL)
		return GPOINTER_TO_INT(v) - 1;
	hb = hb_font_get_face(pango_font_get_hb_font(font));
	key = face_key(font, hb);
	if ((v = g_hash_table_lookup(pf->by_key, key)) != NULL) {
		i = GPOINTER_TO_INT(v) - 1;
		g_free(key);
	} else {
		f = face_new(hb, key);
		i = (int)pf->faces->len;
		g_ptr_array_add(pf->faces, f);
		g_hash_table_insert(pf->by_key, f->key, GINT_TO_POINTER(i + 1));
	}
	g_hash_table_insert(pf->by_font, g_object_ref(font),
	    GINT_TO_POINTER(i + 1));
	return i;
}

int
pdffonts_count(const struct pdffonts *pf)
{
	return (int)pf->faces->len;
}

uint32_t
pdffonts_ref(struct pdffonts *pf, int index)
{
	struct face	*f;

	g_return_val_if_fail(index >= 0 && (guint)index < pf->faces->len, 0);
	f = g_ptr_array_index(pf->faces, index);
	if (f->ref == 0)
		f->ref = pdfw_alloc(pf->w);
	return f->ref;
}

int
pdffonts_use(struct pdffonts *pf, int index, uint32_t gid, const char *text,
    size_t len)
{
	struct face	*f;

	g_return_val_if_fail(index >= 0 && (guint)index < pf->faces->len, 1);
	f = g_ptr_array_index(pf->faces, index);
	g_return_val_if_fail(gid < f->nglyphs, 1);
	if (!f->used[gid]) {
		f->used[gid] = 1;
		f->nused++;
	}
	if (len == 0)
		return 1;
	/*
	 * A glyph for many characters (an ellipsis standing for the words
	 * Pango cut) is not what the glyph means wherever it is shown, and
	 * a ToUnicode entry that long is more than readers take (poppler:
	 * "Illegal entry in bfchar block"): that one shows with its text as
	 * /ActualText, and the glyph keeps its entry free for what it is.
	 */
	if (len > TEXT_MAX)
		return 0;
	if (f->text[gid] == NULL) {
		f->text[gid] = g_strndup(text, len);
		return 1;
	}
	return strncmp(f->text[gid], text, len) == 0 &&
	    f->text[gid][len] == '\0';
}

const int *
pdffonts_widths(struct pdffonts *pf, int index, unsigned *n)
{
	struct face	*f;

	g_return_val_if_fail(index >= 0 && (guint)index < pf->faces->len,
	    NULL);
	f = g_ptr_array_index(pf->faces, index);
	*n = f->nglyphs;
	return f->width;
}

/* A big-endian field of table tag of hb, 0 where the table is short. */
static int
field(hb_face_t *hb, hb_tag_t tag, unsigned off, int size, int sign)
{
	hb_blob_t	*b = hb_face_reference_table(hb, tag);
	const uint8_t	*d;
	unsigned	 len;
	uint32_t	 v = 0;
	int		 i;

	d = (const uint8_t *)hb_blob_get_data(b, &len);
	if (d != NULL && off + size <= len)
		for (i = 0; i < size; i++)
			v = v << 8 | d[off + i];
	hb_blob_destroy(b);
	if (sign && size == 2)
		return (int16_t)v;
	return (int)v;
}

/* Whether the face has serifs: OS/2's family class, else its PANOSE. */
static int
serif(hb_face_t *hb)
{
	hb_tag_t	 os2 = HB_TAG('O', 'S', '/', '2');
	int		 class, style;

	class = field(hb, os2, 30, 1, 0);
	if (class >= 1 && class <= 7 && class != 6)
		return 1;
	if (class != 0)
		return 0;
	/* PANOSE Latin Text: serif styles 2 to 10; 11 on are sans. */
	style = field(hb, os2, 33, 1, 0);
	return field(hb, os2, 32, 1, 0) == 2 && style >= 2 && style <= 10;
}

/*
 * The six letters before the subset's name, the same for the same
 * glyphs of the same font (FNV-1a of the name and the glyph ids).
 */
static void
subset_tag(const struct face *f, char tag[7])
{
	uint64_t	 h = 0xcbf29ce484222325ULL;
	const char	*p;
	unsigned	 g;
	int		 i;

	for (p = f->psname; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
	for (g = 0; g < f->nglyphs; g++)
		if (f->used[g])
			for (i = 0; i < 4; i++)
				h = (h ^ ((g >> (8 * i)) & 0xff)) *
				    0x100000001b3ULL;
	for (i = 0; i < 6; i++, h /= 26)
		tag[i] = 'A' + h % 26;
	tag[6] = '\0';
}

static int
cmp_int(const void *a, const void *b)
{
	int	 x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* The most common width of the glyphs used: /DW. */
static int
common_width(const struct face *f)
{
	int		*w;
	int		 n = 0, i, run, best = 0, dw = 0;
	unsigned	 g;

	if (f->nused == 0)
		return 0;
	w = g_new(int, f->nused);
	for (g = 0; g < f->nglyphs; g++)
		if (f->used[g])
			w[n++] = f->width[g];
	qsort(w, n, sizeof(*w), cmp_int);
	for (i = 0; i < n; i += run) {
		for (run = 1; i + run < n && w[i + run] == w[i]; run++)
			continue;
		if (run > best) {
			best = run;
			dw = w[i];
		}
	}
	g_free(w);
	return dw;
}

/*
 * The /W array for the glyphs used whose width is not dw: a list
 * "c [w ...]" for each run of consecutive glyph ids used (less any
 * glyphs of width dw at its ends), within which four or more equal
 * widths become "c1 c2 w".
 */
static void
widths(GString *s, const struct face *f, int dw)
{
	unsigned	 g, lo, hi, e, r;
	int		 open;

	g_string_append(s, "/W[");
	for (g = 0; g < f->nglyphs; g = hi + 1) {
		while (g < f->nglyphs && (!f->used[g] || f->width[g] == dw))
			g++;
		if (g == f->nglyphs)
			break;
		lo = hi = g;
		for (e = g + 1; e < f->nglyphs && f->used[e]; e++)
			if (f->width[e] != dw)
				hi = e;
		open = 0;
		for (g = lo; g <= hi; g = r) {
			for (r = g + 1; r <= hi && f->width[r] == f->width[g];
			    r++)
				continue;
			if (r - g >= 4) {
				if (open)
					g_string_append_c(s, ']');
				open = 0;
				pdfw_printf(s, "%u %u %d ", g, r - 1,
				    f->width[g]);
				continue;
			}
			for (; g < r; g++) {
				if (!open)
					pdfw_printf(s, "%u[", g);
				else
					g_string_append_c(s, ' ');
				open = 1;
				pdfw_printf(s, "%d", f->width[g]);
			}
		}
		if (open)
			g_string_append_c(s, ']');
	}
	if (s->str[s->len - 1] == ' ')
		g_string_truncate(s, s->len - 1);
	g_string_append_c(s, ']');
}

/*
 * The UTF-16 of glyph g's text into u (TOUNICODE_MAX units, cut at a
 * character); the number of units, 0 for none or not UTF-8.
 */
static int
utf16(const struct face *f, unsigned g, uint16_t *u)
{
	const char	*p = f->text[g];
	gunichar	 c;
	int		 n = 0;

	if (p == NULL || g == 0 || !g_utf8_validate(p, -1, NULL))
		return 0;
	for (; *p != '\0'; p = g_utf8_next_char(p)) {
		c = g_utf8_get_char(p);
		if (c >= 0x10000) {
			if (n + 2 > TOUNICODE_MAX)
				break;
			u[n++] = 0xd800 + ((c - 0x10000) >> 10);
			u[n++] = 0xdc00 + ((c - 0x10000) & 0x3ff);
		} else {
			if (n + 1 > TOUNICODE_MAX)
				break;
			u[n++] = c;
		}
	}
	return n;
}

static void
hex16(GString *s, unsigned v)
{
	static const char	 hexd[] = "0123456789ABCDEF";

	g_string_append_c(s, hexd[v >> 12 & 0xf]);
	g_string_append_c(s, hexd[v >> 8 & 0xf]);
	g_string_append_c(s, hexd[v >> 4 & 0xf]);
	g_string_append_c(s, hexd[v & 0xf]);
}

/* One bfchar or bfrange entry, pending until a block is full. */
struct cmapent {
	unsigned	 lo, hi;	/* glyph ids */
	int		 n;		/* UTF-16 units of lo's text */
	uint16_t	 u[TOUNICODE_MAX];
};

static void
block(GString *out, GString *buf, int *n, const char *kind)
{
	if (*n == 0)
		return;
	pdfw_printf(out, "%d begin%s\n%s", *n, kind, buf->str);
	pdfw_printf(out, "end%s\n", kind);
	g_string_truncate(buf, 0);
	*n = 0;
}

static void
entry(const struct cmapent *e, GString *out, GString *chars, int *nchars,
    GString *ranges, int *nranges)
{
	GString	*s = e->lo == e->hi ? chars : ranges;
	int	 i;

	g_string_append_c(s, '<');
	hex16(s, e->lo);
	if (e->lo != e->hi) {
		g_string_append(s, "><");
		hex16(s, e->hi);
	}
	g_string_append(s, "><");
	for (i = 0; i < e->n; i++)
		hex16(s, e->u[i]);
	g_string_append(s, ">\n");
	if (e->lo == e->hi) {
		if (++*nchars == TOUNICODE_BLOCK)
			block(out, chars, nchars, "bfchar");
	} else if (++*nranges == TOUNICODE_BLOCK)
		block(out, ranges, nranges, "bfrange");
}

/*
 * The ToUnicode CMap. Consecutive glyphs standing for consecutive
 * characters of the BMP make a bfrange, within one block of 256 glyph
 * ids and 256 characters as the format wants; the rest are bfchars.
 */
static void
tounicode(GString *out, const struct face *f)
{
	GString		*chars = g_string_new(NULL);
	GString		*ranges = g_string_new(NULL);
	struct cmapent	 e, *cur = &e;
	uint16_t	 u[TOUNICODE_MAX];
	unsigned	 g;
	int		 n, nchars = 0, nranges = 0, have = 0;

	g_string_append(out,
	    "/CIDInit/ProcSet findresource begin\n"
	    "12 dict begin\n"
	    "begincmap\n"
	    "/CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>>"
	    " def\n"
	    "/CMapName/Adobe-Identity-UCS def\n"
	    "/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000><FFFF>\nendcodespacerange\n");
	for (g = 0; g < f->nglyphs; g++) {
		if (!f->used[g] || (n = utf16(f, g, u)) == 0)
			continue;
		if (have && n == 1 && cur->n == 1 && g == cur->hi + 1 &&
		    g >> 8 == cur->lo >> 8 &&
		    u[0] == cur->u[0] + (g - cur->lo) &&
		    u[0] >> 8 == cur->u[0] >> 8 &&
		    (u[0] < 0xd800 || u[0] > 0xdfff)) {
			cur->hi = g;
			continue;
		}
		if (have)
			entry(cur, out, chars, &nchars, ranges, &nranges);
		cur->lo = cur->hi = g;
		cur->n = n;
		memcpy(cur->u, u, n * sizeof(*u));
		have = 1;
	}
	if (have)
		entry(cur, out, chars, &nchars, ranges, &nranges);
	block(out, chars, &nchars, "bfchar");
	block(out, ranges, &nranges, "bfrange");
	g_string_append(out,
	    "endcmap\n"
	    "CMapName currentdict/CMap defineresource pop\n"
	    "end\n"
	    "end\n");
	g_string_free(chars, TRUE);
	g_string_free(ranges, TRUE);
}

/* The TrueType subset of the glyphs of f used; NULL if HarfBuzz fails. */
static hb_blob_t *
subset(const struct face *f)
{
	hb_subset_input_t	*in;
	hb_face_t		*sub;
	hb_set_t		*set;
	hb_blob_t		*b;
	unsigned		 g;
	size_t			 i;

	if ((in = hb_subset_input_create_or_fail()) == NULL)
		return NULL;
	/*
	 * Original glyph ids, so that CID = GID; no hinting, which the
	 * layout did without and viewers do their own way.
	 */
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_RETAIN_GIDS |
	    HB_SUBSET_FLAGS_NO_HINTING);
	set = hb_subset_input_glyph_set(in);
	for (g = 0; g < f->nglyphs; g++)
		if (f->used[g])
			hb_set_add(set, g);
	set = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	for (i = 0; i < G_N_ELEMENTS(dropped); i++)
		hb_set_add(set, dropped[i]);
	sub = hb_subset_or_fail(f->face, in);
	hb_subset_input_destroy(in);
	if (sub == NULL)
		return NULL;
	b = hb_face_reference_blob(sub);
	hb_face_destroy(sub);
	if (hb_blob_get_length(b) == 0) {
		hb_blob_destroy(b);
		return NULL;
	}
	return b;
}

/* Write face f's objects. 1, or 0 if it could not be subset. */
static int
write_face(struct pdffonts *pf, struct face *f)
{
	GString		*s = g_string_sized_new(4096);
	hb_tag_t	 head = HB_TAG('h', 'e', 'a', 'd');
	hb_tag_t	 post = HB_TAG('p', 'o', 's', 't');
	hb_position_t	 asc = 0, desc = 0, cap = 0;
	hb_blob_t	*sub;
	const char	*data;
	unsigned	 len;
	uint32_t	 cid, fd, file, tu;
	char		 tag[7], *name = NULL;
	float		 angle, weight;
	int		 flags, dw, ok = 0;

	if (f->nglyphs > 0 && !f->used[0]) {
		/* The subset has a .notdef whether asked or not. */
		f->used[0] = 1;
		f->nused++;
	}
	if ((sub = subset(f)) == NULL)
		goto out;
	subset_tag(f, tag);
	name = g_strdup_printf("%s+%s", tag, f->psname);
	if (f->ref == 0)
		f->ref = pdfw_alloc(pf->w);
	cid = pdfw_alloc(pf->w);
	fd = pdfw_alloc(pf->w);
	file = pdfw_alloc(pf->w);
	tu = pdfw_alloc(pf->w);

	data = hb_blob_get_data(sub, &len);
	pdfw_printf(s, "/Length1 %u", len);
	pdfw_stream(pf->w, file, s->str, data, len, 1);
	hb_blob_destroy(sub);

	angle = hb_style_get_value(f->font, HB_STYLE_TAG_SLANT_ANGLE);
	weight = hb_style_get_value(f->font, HB_STYLE_TAG_WEIGHT);
	hb_ot_metrics_get_position_with_fallback(f->font,
	    HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &asc);
	hb_ot_metrics_get_position_with_fallback(f->font,
	    HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, &desc);
	hb_ot_metrics_get_position_with_fallback(f->font,
	    HB_OT_METRICS_TAG_CAP_HEIGHT, &cap);
	/* Symbolic: the glyphs go beyond the standard Latin set. */
	flags = 4;
	if (field(f->face, post, 12, 4, 0) != 0)
		flags |= 1;
	if (serif(f->face))
		flags |= 2;
	if (angle != 0 || hb_style_get_value(f->font, HB_STYLE_TAG_ITALIC))
		flags |= 64;
	g_string_truncate(s, 0);
	g_string_append(s, "<</Type/FontDescriptor/FontName");
	pdfw_name(s, name);
	pdfw_printf(s, "/Flags %d/FontBBox[%d %d %d %d]/ItalicAngle %f"
	    "/Ascent %d/Descent %d/CapHeight %d/StemV %d/FontFile2 %u 0 R>>",
	    flags, milli(f, field(f->face, head, 36, 2, 1)),
	    milli(f, field(f->face, head, 38, 2, 1)),
	    milli(f, field(f->face, head, 40, 2, 1)),
	    milli(f, field(f->face, head, 42, 2, 1)), (double)angle,
	    milli(f, asc), milli(f, desc), milli(f, cap),
	    /* The estimate other writers use for a weight class. */
	    50 + (int)((weight / 65) * (weight / 65)), file);
	pdfw_obj(pf->w, fd, s->str, s->len);

	dw = common_width(f);
	g_string_truncate(s, 0);
	g_string_append(s, "<</Type/Font/Subtype/CIDFontType2/BaseFont");
	pdfw_name(s, name);
	pdfw_printf(s, "/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)"
	    "/Supplement 0>>/FontDescriptor %u 0 R/CIDToGIDMap/Identity"
	    "/DW %d", fd, dw);
	widths(s, f, dw);
	g_string_append(s, ">>");
	pdfw_obj(pf->w, cid, s->str, s->len);

	g_string_truncate(s, 0);
	tounicode(s, f);
	pdfw_stream(pf->w, tu, "", s->str, s->len, 1);

	g_string_truncate(s, 0);
	g_string_append(s, "<</Type/Font/Subtype/Type0/BaseFont");
	pdfw_name(s, name);
	pdfw_printf(s, "/Encoding/Identity-H/DescendantFonts[%u 0 R]"
	    "/ToUnicode %u 0 R>>", cid, tu);
	pdfw_obj(pf->w, f->ref, s->str, s->len);
	ok = 1;
out:
	g_free(name);
	g_string_free(s, TRUE);
	return ok;
}

int
pdffonts_write(struct pdffonts *pf)
{
	struct face	*f;
	guint		 i;

	for (i = 0; i < pf->faces->len; i++) {
		f = g_ptr_array_index(pf->faces, i);
		if ((f->ref != 0 || f->nused > 0) && !write_face(pf, f))
			return 0;
	}
	return 1;
}
