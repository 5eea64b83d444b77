/*
 * datadir: finds briefgen's own files (schemas, templates, fonts) at run
 * time through one search path. It only locates files; it never opens them.
 */
#ifndef DATADIR_H
#define DATADIR_H

char	*datadir_find(const char *relpath);

#endif /* DATADIR_H */
