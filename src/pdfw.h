/*
 * pdfw: writes the objects of a PDF file, PDF 1.7 with compressed
 * object streams and a cross-reference stream. It knows the file
 * syntax and nothing about pages or text: pdf.c says what the objects
 * are. Bodies are written with pdfw_printf's own number formatting, so
 * the output never depends on the locale.
 *
 * Objects are numbered by pdfw_alloc before or after they are written,
 * so that a page can refer to a resource dictionary written at the end.
 * Every allocated number must be written before pdfw_finish.
 */
#ifndef PDFW_H
#define PDFW_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>

struct outfile;
struct pdfw;

/* A writer onto o (borrowed), the header written. Caller frees. */
struct pdfw	*pdfw_new(struct outfile *);
void		 pdfw_free(struct pdfw *);

/* The next object number, from 1. */
uint32_t	 pdfw_alloc(struct pdfw *);

/*
 * Object num, a body without a stream (len bytes, copied), packed into
 * a compressed object stream.
 */
void		 pdfw_obj(struct pdfw *, uint32_t num, const char *body,
		    size_t len);

/*
 * Stream object num: dict holds the dictionary's entries without << >>
 * (may be ""; /Length and /Filter are pdfw's), data len bytes
 * (borrowed), deflated if flate is set.
 */
void		 pdfw_stream(struct pdfw *, uint32_t num, const char *dict,
		    const void *data, size_t len, int flate);

/*
 * The cross-reference stream and trailer: root is the catalog, info the
 * Info dictionary (0: none); the file identifier is the MD5 of the
 * bytes before it, so that the same content gives the same file. 1, or
 * 0 if a write failed (outfile has reported it) or an allocated number
 * was never written (a bug: g_critical). The last call before pdfw_free.
 */
int		 pdfw_finish(struct pdfw *, uint32_t root, uint32_t info);

/*
 * Appending PDF syntax to a GString, the same bytes in every locale.
 * pdfw_printf knows %d (int), %u (unsigned), %s (a string as is), %f (a
 * double as pdfw_real writes it) and %%; pdfw_int and pdfw_ref ("12 0 R")
 * write what %d and "%u 0 R" would, faster. pdfw_real writes at most three
 * decimals, no exponent, no trailing zeros: 12, 0.5, -3.142, never -0.
 * pdfw_text writes a text string: printable ASCII as (...), anything
 * else as <FEFF...> in UTF-16BE. pdfw_name writes /name with #XX
 * escapes.
 */
void		 pdfw_printf(GString *, const char *, ...)
		    G_GNUC_PRINTF(2, 3);
void		 pdfw_real(GString *, double);
void		 pdfw_int(GString *, long);
void		 pdfw_ref(GString *, uint32_t num);
void		 pdfw_text(GString *, const char *utf8);
void		 pdfw_name(GString *, const char *);

/*
 * Appending to a GString, inline where it has room: the writer appends
 * a few bytes at a time, millions of times, and g_string_append_len is
 * a call each.
 */
static inline void
pdfw_put(GString *s, const char *p, size_t n)
{
	if (s->len + n < s->allocated_len) {
		memcpy(s->str + s->len, p, n);
		s->len += n;
		s->str[s->len] = '\0';
	} else
		g_string_append_len(s, p, (gssize)n);
}

static inline void
pdfw_putc(GString *s, char c)
{
	if (s->len + 1 < s->allocated_len) {
		s->str[s->len++] = c;
		s->str[s->len] = '\0';
	} else
		g_string_append_c(s, c);
}

static inline void
pdfw_puts(GString *s, const char *p)
{
	pdfw_put(s, p, strlen(p));
}

#endif /* PDFW_H */
