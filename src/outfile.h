/*
 * outfile: writes output files so that the requested name only ever
 * holds a complete file. Each file is written under a temporary name in
 * its target directory and renamed over the target once everything has
 * been written and synced; a failure, or SIGINT, SIGTERM or SIGHUP,
 * removes the temporary files and leaves the directory as it was.
 */
#ifndef OUTFILE_H
#define OUTFILE_H

#include <stddef.h>

struct outfile;

struct outfile	*outfile_new(const char *path);
int		 outfile_write(struct outfile *, const void *, size_t);
int		 outfile_close(struct outfile *);
int		 outfile_commit(struct outfile *);
void		 outfile_abort(struct outfile *);
const char	*outfile_path(const struct outfile *);

#endif /* OUTFILE_H */
