/*
 * outfile: atomic output files (outfile.h). A file is created as
 * DIR/.NAME.XXXXXX beside its target, written, synced, given the mode a
 * new file would have (0666 less the umask) and renamed to DIR/NAME.
 * Until then the temporary name is in a list that a signal handler
 * unlinks, so that an interrupted run leaves nothing behind. It prints
 * diagnostics for what fails (DIAG_CANTCREAT, DIAG_IO) and must not
 * know what the bytes are.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "diag.h"
#include "outfile.h"

struct outfile {
	char	*path;		/* the name asked for */
	char	*tmp;		/* where it is written */
	int	 fd;
	int	 failed;	/* a write failed, already reported */
	size_t	 used;		/* bytes waiting in buf */
	char	 buf[65536];	/* cairo writes a PDF in pieces of a few bytes */
};

/* The temporary names a signal must remove; changed with signals held. */
static GPtrArray	*pending;
static int		 handlers;

static void
on_signal(int sig)
{
	guint	 i;

	for (i = 0; pending != NULL && i < pending->len; i++)
		unlink(g_ptr_array_index(pending, i));
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
hold(sigset_t *old)
{
	sigset_t	 all;

	sigemptyset(&all);
	sigaddset(&all, SIGINT);
	sigaddset(&all, SIGTERM);
	sigaddset(&all, SIGHUP);
	sigprocmask(SIG_BLOCK, &all, old);
}

static void
track(const char *tmp, int add)
{
	struct sigaction	 sa;
	sigset_t		 old;

	hold(&old);
	if (pending == NULL)
		pending = g_ptr_array_new();
	if (add)
		g_ptr_array_add(pending, (gpointer)tmp);
	else
		g_ptr_array_remove(pending, (gpointer)tmp);
	if (pending->len == 0) {
		g_ptr_array_free(pending, TRUE);
		pending = NULL;
	}
	if (!handlers) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGHUP, &sa, NULL);
		handlers = 1;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/*
 * Open a temporary file for path. NULL after a diagnostic when its
 * directory cannot take it. Caller commits or aborts.
 */
struct outfile *
outfile_new(const char *path)
{
	struct outfile	*o;
	char		*dir, *base;
	sigset_t	 old;
	mode_t		 mask;

	o = g_new0(struct outfile, 1);
	o->path = g_strdup(path);
	dir = g_path_get_dirname(path);
	base = g_path_get_basename(path);
	o->tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
	g_free(dir);
	g_free(base);
	/* No signal between creating the file and listing it. */
	hold(&old);
	if ((o->fd = g_mkstemp_full(o->tmp, O_WRONLY, 0600)) != -1)
		track(o->tmp, 1);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (o->fd == -1) {
		diag_msg(DIAG_CANTCREAT, path, 0, "%s", g_strerror(errno));
		g_free(o->tmp);
		g_free(o->path);
		g_free(o);
		return NULL;
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(o->fd, 0666 & ~mask) == -1) {
		diag_msg(DIAG_CANTCREAT, path, 0, "%s", g_strerror(errno));
		outfile_abort(o);
		return NULL;
	}
	return o;
}

/* Write out the buffer. 1, or 0 after a diagnostic (reported once). */
static int
flush(struct outfile *o)
{
	const char	*p = o->buf;
	size_t		 len = o->used;
	ssize_t		 n;

	o->used = 0;
	while (!o->failed && len > 0) {
		if ((n = write(o->fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			diag_msg(DIAG_IO, o->path, 0, "%s", g_strerror(errno));
			o->failed = 1;
			break;
		}
		p += n;
		len -= (size_t)n;
	}
	return !o->failed;
}

/* Write len bytes. 1, or 0 after a diagnostic (reported once). */
int
outfile_write(struct outfile *o, const void *buf, size_t len)
{
	const char	*p = buf;
	size_t		 n;

	while (!o->failed && len > 0) {
		if (o->used == sizeof(o->buf) && !flush(o))
			break;
		n = MIN(len, sizeof(o->buf) - o->used);
		memcpy(o->buf + o->used, p, n);
		o->used += n;
		p += n;
		len -= n;
	}
	return !o->failed;
}

/*
 * Sync and close the temporary file, which keeps its name until the
 * commit (so that many files can be written and then committed
 * together). 1, or 0 after a diagnostic.
 */
int
outfile_close(struct outfile *o)
{
	int	 ok;

	if (o->failed || o->fd == -1)
		return !o->failed;
	if (!flush(o))
		return 0;
	ok = fsync(o->fd) == 0;
	ok = close(o->fd) == 0 && ok;
	o->fd = -1;
	if (!ok) {
		diag_msg(DIAG_IO, o->path, 0, "%s", g_strerror(errno));
		o->failed = 1;
	}
	return ok;
}

/*
 * Close the file and rename it to its name, or remove it if a write
 * failed. 1 if the file is in place; 0 after a diagnostic. Frees o.
 */
int
outfile_commit(struct outfile *o)
{
	int	 ok = 0;

	if (!outfile_close(o))
		goto out;
	if (rename(o->tmp, o->path) == -1) {
		diag_msg(DIAG_CANTCREAT, o->path, 0, "%s", g_strerror(errno));
		goto out;
	}
	track(o->tmp, 0);
	g_free(o->tmp);
	o->tmp = NULL;
	ok = 1;
out:
	outfile_abort(o);
	return ok;
}

/* Close and remove the temporary file; free o. NULL is a no-op. */
void
outfile_abort(struct outfile *o)
{
	if (o == NULL)
		return;
	if (o->fd != -1)
		close(o->fd);
	if (o->tmp != NULL) {
		unlink(o->tmp);
		track(o->tmp, 0);
		g_free(o->tmp);
	}
	g_free(o->path);
	g_free(o);
}

/* The name asked for. Borrowed. */
const char *
outfile_path(const struct outfile *o)
{
	return o->path;
}
