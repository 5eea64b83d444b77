/*
 * pdfw: the object layer of the PDF writer (pdfw.h). Objects without a
 * stream are packed into compressed object streams of at most OBJSTM_OBJS
 * objects or about OBJSTM_BYTES bytes; streams go straight to the file;
 * a compressed cross-reference stream at the end lists both. It holds
 * one object stream's bodies, 16 bytes of cross-reference an object and
 * one compressor that every stream reuses, and never looks inside a
 * body. Write errors are outfile's to report; pdfw only carries them to
 * pdfw_finish. A caller that breaks the numbering contract gets a
 * g_critical and a pdfw_finish that fails.
 */
#include <stdarg.h>
#include <string.h>

#include <glib.h>
#include <libdeflate.h>

#include "outfile.h"
#include "pdfw.h"

#define LEVEL		6	/* libdeflate level for every stream: 1 fast, 12 small */
#define OBJSTM_OBJS	1000	/* objects in one object stream at most */
#define OBJSTM_BYTES	262144	/* bytes of bodies that close one early */
#define REAL_MAX	2147483647.0	/* the largest PDF integer */
#define QUEUE_BYTES	(4 << 20)	/* streams waiting to be written */

enum xtype {
	XREF_NONE,		/* allocated, not yet written */
	XREF_DIRECT,		/* an object of its own in the file */
	XREF_PACKED		/* in an object stream */
};

struct xref {
	uint64_t	 f2;	/* DIRECT: byte offset; PACKED: the stream's
				   number, 0 while it is being filled */
	uint16_t	 idx;	/* PACKED: index in the object stream */
	uint8_t		 type;	/* enum xtype */
};

struct pdfw {
	struct outfile	*o;
	uint64_t	 off;		/* bytes: written so far */
	int		 ok;		/* no outfile_write failed */
	int		 misuse;	/* a number written twice or unallocated */
	GChecksum	*md5;		/* of every byte written; NULL once
					   pdfw_finish has its digest */
	struct xref	*xref;		/* by object number; [0] is the free head */
	uint32_t	 next;		/* the number pdfw_alloc gives next */
	uint32_t	 cap;		/* entries in xref */
	GString		*bodies;	/* the open object stream's bodies */
	GString		*objstm;	/* an object stream's data; the trailer */
	GString		*head;		/* a stream object's header */
	uint32_t	 pnum[OBJSTM_OBJS]; /* the open object stream's objects */
	uint32_t	 poff[OBJSTM_OBJS]; /* bytes: their offsets in bodies */
	int		 pn;		/* objects in the open object stream */
	struct libdeflate_compressor *z;
	unsigned char	*zbuf;		/* deflate's output */
	size_t		 zcap;		/* bytes in zbuf */

	/*
	 * Streams are deflated and written by a thread of their own while
	 * the caller goes on (until pdfw_finish): the jobs, in order, and
	 * the bytes they hold, which the caller waits on past QUEUE_BYTES.
	 * The thread alone touches o, off, ok, z and zbuf meanwhile, and
	 * notes where each stream went in offs, for the cross-reference.
	 */
	GThread		*thread;
	GAsyncQueue	*jobs;		/* of struct job; a NULL num ends */
	GMutex		 lock;
	GCond		 drained;
	size_t		 queued;	/* bytes of data in jobs */
	GArray		*offs;		/* of struct off */
};

struct job {
	uint32_t	 num;		/* 0: the last job */
	char		*dict;
	void		*data;
	size_t		 len;
	int		 flate;
};

struct off {
	uint32_t	 num;
	uint64_t	 off;
};

static const char	 hexd[] = "0123456789ABCDEF";

/* Append v in decimal. */
static void
unum(GString *s, uint64_t v)
{
	char	 buf[24], *p = buf + sizeof(buf);

	do
		*--p = '0' + v % 10;
	while ((v /= 10) != 0);
	pdfw_put(s, p, buf + sizeof(buf) - p);
}

static void
snum(GString *s, int64_t v)
{
	if (v < 0) {
		pdfw_putc(s, '-');
		unum(s, (uint64_t)0 - (uint64_t)v);
	} else
		unum(s, (uint64_t)v);
}

static void
put(struct pdfw *w, const void *p, size_t len)
{
	if (w->ok && !outfile_write(w->o, p, len))
		w->ok = 0;
	if (w->md5 != NULL)
		g_checksum_update(w->md5, p, (gssize)len);
	w->off += len;
}

/*
 * Deflate len bytes of data into w->zbuf, in the zlib format that
 * FlateDecode reads; the compressed length. Every stream is whole in
 * memory, so libdeflate's one-call compressor serves: at level 6 it
 * took M's writer thread from 389 to 270 M instructions and L's PDF
 * from 4.66 to 4.32 MB, against zlib's streaming deflate at level 6.
 */
static size_t
squeeze(struct pdfw *w, const void *data, size_t len)
{
	size_t	 bound, n;

	bound = libdeflate_zlib_compress_bound(w->z, len);
	if (bound > w->zcap) {
		w->zcap = MAX(bound, 2 * w->zcap);
		w->zbuf = g_realloc(w->zbuf, w->zcap);
	}
	n = libdeflate_zlib_compress(w->z, data, len, w->zbuf, w->zcap);
	/* The bound leaves room: nothing else can happen. */
	g_assert(n > 0);
	return n;
}

/* Write stream object num at the current offset. */
static void
write_stream(struct pdfw *w, uint32_t num, const char *dict, const void *data,
    size_t len, int flate)
{
	GString	*h = w->head;

	if (flate) {
		len = squeeze(w, data, len);
		data = w->zbuf;
	}
	g_string_truncate(h, 0);
	unum(h, num);
	pdfw_puts(h, " 0 obj\n<<");
	pdfw_puts(h, dict);
	pdfw_puts(h, "/Length ");
	unum(h, len);
	if (flate)
		pdfw_puts(h, "/Filter/FlateDecode");
	pdfw_puts(h, ">>\nstream\n");
	put(w, h->str, h->len);
	put(w, data, len);
	put(w, "\nendstream\nendobj\n", 18);
}

/* The writing thread: each job in order, until the last. */
static gpointer
writer(gpointer arg)
{
	struct pdfw	*w = arg;
	struct job	*j;
	struct off	 o;

	while ((j = g_async_queue_pop(w->jobs))->num != 0) {
		o.num = j->num;
		o.off = w->off;
		g_array_append_val(w->offs, o);
		write_stream(w, j->num, j->dict, j->data, j->len, j->flate);
		g_mutex_lock(&w->lock);
		w->queued -= j->len;
		g_cond_signal(&w->drained);
		g_mutex_unlock(&w->lock);
		g_free(j->dict);
		g_free(j->data);
		g_free(j);
	}
	g_free(j);
	return NULL;
}

/*
 * Stream object num, already accounted for in xref: to the writing
 * thread with a copy of data (or data itself, taken over, when own is
 * set), or, once it has stopped, written here.
 */
static void
emit(struct pdfw *w, uint32_t num, const char *dict, const void *data,
    size_t len, int flate, int own)
{
	struct job	*j;

	w->xref[num].type = XREF_DIRECT;
	if (w->thread == NULL) {
		w->xref[num].f2 = w->off;
		write_stream(w, num, dict, data, len, flate);
		if (own)
			g_free((void *)data);
		return;
	}
	g_mutex_lock(&w->lock);
	while (w->queued > QUEUE_BYTES)
		g_cond_wait(&w->drained, &w->lock);
	w->queued += len;
	g_mutex_unlock(&w->lock);
	j = g_new(struct job, 1);
	j->num = num;
	j->dict = g_strdup(dict);
	j->data = own ? (void *)data : g_memdup2(data, len);
	j->len = len;
	j->flate = flate;
	g_async_queue_push(w->jobs, j);
}

/*
 * Wait for the writing thread to write every stream and stop, and put
 * the offsets it noted in the cross-reference.
 */
static void
drain(struct pdfw *w)
{
	struct off	*o;
	guint		 i;

	if (w->thread == NULL)
		return;
	g_async_queue_push(w->jobs, g_new0(struct job, 1));
	g_thread_join(w->thread);
	w->thread = NULL;
	for (i = 0; i < w->offs->len; i++) {
		o = &g_array_index(w->offs, struct off, i);
		w->xref[o->num].f2 = o->off;
	}
	g_array_set_size(w->offs, 0);
}

/* Whether num may be written now; complains if not. */
static int
claim(struct pdfw *w, uint32_t num)
{
	if (num == 0 || num >= w->next) {
		g_critical("pdfw: object %u was never allocated", num);
		w->misuse = 1;
		return 0;
	}
	if (w->xref[num].type != XREF_NONE) {
		g_critical("pdfw: object %u written twice", num);
		w->misuse = 1;
		return 0;
	}
	return 1;
}

/* Write out the open object stream, if it holds anything. */
static void
pack(struct pdfw *w)
{
	GString		*d = w->objstm;
	char		 dict[64];
	uint32_t	 num;
	size_t		 first, len;
	int		 i;

	if (w->pn == 0)
		return;
	num = pdfw_alloc(w);
	g_string_truncate(d, 0);
	for (i = 0; i < w->pn; i++) {
		unum(d, w->pnum[i]);
		pdfw_putc(d, ' ');
		unum(d, w->poff[i]);
		pdfw_putc(d, i + 1 < w->pn ? ' ' : '\n');
		w->xref[w->pnum[i]].f2 = num;
		w->xref[w->pnum[i]].idx = (uint16_t)i;
	}
	first = d->len;
	/* A copy of some 64 KiB, to deflate it in one piece. */
	pdfw_put(d, w->bodies->str, w->bodies->len);
	g_snprintf(dict, sizeof(dict), "/Type/ObjStm/N %d/First %zu",
	    w->pn, first);
	len = d->len;
	emit(w, num, dict, g_string_free(d, FALSE), len, 1, 1);
	w->objstm = g_string_sized_new(OBJSTM_BYTES + 4096);
	g_string_truncate(w->bodies, 0);
	w->pn = 0;
}

/*
 * A writer appending to o (borrowed; caller commits or aborts it after
 * pdfw_free), the file header already written. Never NULL; a failed
 * write shows in pdfw_finish. Caller frees.
 */
struct pdfw *
pdfw_new(struct outfile *o)
{
	struct pdfw	*w;

	w = g_new0(struct pdfw, 1);
	w->o = o;
	w->ok = 1;
	w->next = 1;
	w->md5 = g_checksum_new(G_CHECKSUM_MD5);
	w->cap = 1024;
	w->xref = g_new0(struct xref, w->cap);
	w->bodies = g_string_sized_new(OBJSTM_BYTES + 4096);
	w->objstm = g_string_sized_new(OBJSTM_BYTES + 4096);
	w->head = g_string_sized_new(256);
	w->z = libdeflate_alloc_compressor(LEVEL);
	if (w->z == NULL)
		g_error("pdfw: out of memory for the compressor");
	/* Four bytes above 127 mark the file binary for transfer tools. */
	put(w, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", 15);
	w->jobs = g_async_queue_new();
	g_mutex_init(&w->lock);
	g_cond_init(&w->drained);
	w->offs = g_array_new(FALSE, FALSE, sizeof(struct off));
	w->thread = g_thread_new("pdfw", writer, w);
	return w;
}

void
pdfw_free(struct pdfw *w)
{
	if (w == NULL)
		return;
	drain(w);
	g_async_queue_unref(w->jobs);
	g_mutex_clear(&w->lock);
	g_cond_clear(&w->drained);
	g_array_free(w->offs, TRUE);
	if (w->md5 != NULL)
		g_checksum_free(w->md5);
	libdeflate_free_compressor(w->z);
	g_free(w->zbuf);
	g_string_free(w->bodies, TRUE);
	g_string_free(w->objstm, TRUE);
	g_string_free(w->head, TRUE);
	g_free(w->xref);
	g_free(w);
}

/* The next object number, from 1. It must be written before pdfw_finish. */
uint32_t
pdfw_alloc(struct pdfw *w)
{
	if (w->next == w->cap) {
		w->xref = g_renew(struct xref, w->xref, 2 * w->cap);
		memset(w->xref + w->cap, 0, w->cap * sizeof(*w->xref));
		w->cap *= 2;
	}
	return w->next++;
}

/*
 * Object num with body (len bytes, e.g. "<</Type/Page...>>"; copied)
 * into the open object stream, which is written out when full.
 */
void
pdfw_obj(struct pdfw *w, uint32_t num, const char *body, size_t len)
{
	if (!claim(w, num))
		return;
	w->xref[num].type = XREF_PACKED;
	w->pnum[w->pn] = num;
	w->poff[w->pn] = (uint32_t)w->bodies->len;
	w->pn++;
	pdfw_put(w->bodies, body, len);
	/* Keeps "1 0 R" apart from a following "2". */
	pdfw_putc(w->bodies, '\n');
	if (w->pn == OBJSTM_OBJS || w->bodies->len >= OBJSTM_BYTES)
		pack(w);
}

/*
 * Stream object num: dict (the entries without << >>, may be "";
 * /Length and, when flate is set, /Filter are added) and len bytes of
 * data (borrowed), deflated when flate is set. Data already encoded
 * names its /Filter in dict and passes flate 0.
 */
void
pdfw_stream(struct pdfw *w, uint32_t num, const char *dict, const void *data,
    size_t len, int flate)
{
	if (!claim(w, num))
		return;
	emit(w, num, dict, data, len, flate, 0);
}

/*
 * The cross-reference stream with its trailer entries (root the
 * catalog, info the Info dictionary or 0; /ID is the MD5 of every byte
 * before it: the file's own content, hashed on the writing thread as it
 * goes, after deflate has shrunk it),
 * then startxref and %%EOF. Every allocated number must have been
 * written (else a g_critical and 0). 1, or 0 if a write failed (outfile
 * reported it). Nothing may be written after it.
 */
int
pdfw_finish(struct pdfw *w, uint32_t root, uint32_t info)
{
	GString		*d;
	unsigned char	*rows, *r, cur[1 + 8 + 2], last[1 + 8 + 2], id[16];
	uint64_t	 max = 0, f2, xoff;
	uint32_t	 num, i, size;
	gsize		 n = sizeof(id);
	int		 w2, j, k, row;

	pack(w);
	drain(w);
	g_checksum_get_digest(w->md5, id, &n);
	g_checksum_free(w->md5);
	w->md5 = NULL;
	d = w->objstm;
	if (w->misuse)
		return 0;
	for (i = 1; i < w->next; i++)
		if (w->xref[i].type == XREF_NONE) {
			g_critical("pdfw: object %u was never written", i);
			return 0;
		}
	g_return_val_if_fail(root > 0 && root < w->next, 0);
	g_return_val_if_fail(info < w->next, 0);

	num = pdfw_alloc(w);
	xoff = w->off;
	size = w->next;
	w->xref[num].type = XREF_DIRECT;
	w->xref[num].f2 = xoff;
	for (i = 1; i < size; i++)
		max = MAX(max, w->xref[i].f2);
	for (w2 = 1; w2 < 8 && max >> (8 * w2) != 0; w2++)
		continue;
	row = 1 + w2 + 2;

	/*
	 * PNG "Up" prediction, each row less the one above: a run of
	 * objects in one object stream becomes rows of zeros but for the
	 * index, which deflate all but removes.
	 */
	rows = g_malloc((size_t)size * (row + 1));
	memset(last, 0, sizeof(last));
	for (i = 0; i < size; i++) {
		cur[0] = w->xref[i].type;
		f2 = w->xref[i].f2;
		for (k = w2; k >= 1; k--, f2 >>= 8)
			cur[k] = f2 & 0xff;
		/* Object 0 heads the free list, with generation 65535. */
		cur[w2 + 1] = i == 0 ? 0xff : w->xref[i].idx >> 8;
		cur[w2 + 2] = i == 0 ? 0xff : w->xref[i].idx & 0xff;
		r = rows + (size_t)i * (row + 1);
		r[0] = 2;
		for (j = 0; j < row; j++)
			r[j + 1] = (unsigned char)(cur[j] - last[j]);
		memcpy(last, cur, row);
	}

	g_string_truncate(d, 0);
	pdfw_printf(d, "/Type/XRef/Size %u/W[1 %d 2]/Root %u 0 R", size, w2,
	    root);
	if (info != 0)
		pdfw_printf(d, "/Info %u 0 R", info);
	pdfw_puts(d, "/ID[<");
	for (k = 0; k < 2; k++) {
		for (j = 0; j < 16; j++) {
			pdfw_putc(d, hexd[id[j] >> 4]);
			pdfw_putc(d, hexd[id[j] & 0xf]);
		}
		pdfw_puts(d, k == 0 ? "><" : ">]");
	}
	pdfw_printf(d, "/DecodeParms<</Columns %d/Predictor 12>>", row);
	emit(w, num, d->str, rows, (size_t)size * (row + 1), 1, 1);

	g_string_truncate(d, 0);
	pdfw_puts(d, "startxref\n");
	unum(d, xoff);
	pdfw_puts(d, "\n%%EOF\n");
	put(w, d->str, d->len);
	return w->ok;
}

/*
 * printf for PDF syntax into s: %d (int), %u (unsigned), %s (a string
 * as is), %f (a double through pdfw_real) and %%. Locale-independent.
 */
void
pdfw_printf(GString *s, const char *fmt, ...)
{
	va_list		 ap;
	const char	*p;

	va_start(ap, fmt);
	for (;;) {
		if ((p = strchr(fmt, '%')) == NULL) {
			pdfw_puts(s, fmt);
			break;
		}
		pdfw_put(s, fmt, p - fmt);
		switch (p[1]) {
		case 'd':
			snum(s, va_arg(ap, int));
			break;
		case 'u':
			unum(s, va_arg(ap, unsigned int));
			break;
		case 's':
			pdfw_puts(s, va_arg(ap, const char *));
			break;
		case 'f':
			pdfw_real(s, va_arg(ap, double));
			break;
		case '%':
			pdfw_putc(s, '%');
			break;
		default:
			g_critical("pdfw_printf: bad conversion in \"%s\"", fmt);
			va_end(ap);
			return;
		}
		fmt = p + 2;
	}
	va_end(ap);
}

/*
 * v with at most three decimals, rounded half away from zero, without
 * exponent, trailing zeros or a lone point: 12, 0.5, -3.142; never -0.
 * NaN is 0; magnitudes beyond 2^31 - 1 (the largest PDF integer) are
 * clamped to it.
 */
void
pdfw_int(GString *s, long v)
{
	snum(s, v);
}

void
pdfw_ref(GString *s, uint32_t num)
{
	unum(s, num);
	pdfw_put(s, " 0 R", 4);
}

void
pdfw_real(GString *s, double v)
{
	char		 buf[32], *end = buf + sizeof(buf), *p = end;
	char		 frac[3];
	uint64_t	 u, ip;
	unsigned	 fp;
	int		 n, neg = v < 0;

	if (neg)
		v = -v;
	if (!(v <= REAL_MAX))	/* also NaN, which becomes 0 */
		v = v > REAL_MAX ? REAL_MAX : 0;
	u = (uint64_t)(v * 1000.0 + 0.5);
	ip = u / 1000;
	fp = (unsigned)(u % 1000);
	if (fp != 0) {
		frac[0] = '0' + fp / 100;
		frac[1] = '0' + fp / 10 % 10;
		frac[2] = '0' + fp % 10;
		for (n = 3; frac[n - 1] == '0'; n--)
			continue;
		while (n > 0)
			*--p = frac[--n];
		*--p = '.';
	}
	do
		*--p = '0' + ip % 10;
	while ((ip /= 10) != 0);
	if (neg && u != 0)
		*--p = '-';
	pdfw_put(s, p, end - p);
}

/*
 * utf8 as a PDF text string: printable ASCII as a literal string with
 * ( ) \ escaped, anything else as UTF-16BE in hex after a byte order
 * mark. Bytes that are not UTF-8 become U+FFFD.
 */
void
pdfw_text(GString *s, const char *utf8)
{
	const unsigned char	*p;
	const char		*q;
	gunichar		 c;
	unsigned		 u[2];
	int			 i, n;

	for (p = (const unsigned char *)utf8; *p != '\0'; p++)
		if (*p < 0x20 || *p > 0x7e)
			break;
	if (*p == '\0') {
		pdfw_putc(s, '(');
		for (p = (const unsigned char *)utf8; *p != '\0'; p++) {
			if (*p == '(' || *p == ')' || *p == '\\')
				pdfw_putc(s, '\\');
			pdfw_putc(s, *p);
		}
		pdfw_putc(s, ')');
		return;
	}
	pdfw_puts(s, "<FEFF");
	for (q = utf8; *q != '\0'; ) {
		c = g_utf8_get_char_validated(q, -1);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			c = 0xfffd;
			q++;
		} else
			q = g_utf8_next_char(q);
		if (c >= 0x10000) {
			u[0] = 0xd800 + ((c - 0x10000) >> 10);
			u[1] = 0xdc00 + ((c - 0x10000) & 0x3ff);
			n = 2;
		} else {
			u[0] = c;
			n = 1;
		}
		for (i = 0; i < n; i++) {
			pdfw_putc(s, hexd[u[i] >> 12]);
			pdfw_putc(s, hexd[(u[i] >> 8) & 0xf]);
			pdfw_putc(s, hexd[(u[i] >> 4) & 0xf]);
			pdfw_putc(s, hexd[u[i] & 0xf]);
		}
	}
	pdfw_putc(s, '>');
}

/*
 * name as a PDF name: "/" and its bytes, those outside ! to ~ and the
 * delimiters #()<>[]{}/% as #XX.
 */
void
pdfw_name(GString *s, const char *name)
{
	const unsigned char	*p;

	pdfw_putc(s, '/');
	for (p = (const unsigned char *)name; *p != '\0'; p++)
		if (*p < '!' || *p > '~' || strchr("#()<>[]{}/%", *p) != NULL) {
			pdfw_putc(s, '#');
			pdfw_putc(s, hexd[*p >> 4]);
			pdfw_putc(s, hexd[*p & 0xf]);
		} else
			pdfw_putc(s, *p);
}
