/*
 * dump: the bound document tree as stable text, one node per line and
 * indented by depth: the oracle of the regression corpus (as mandoc's
 * -T tree). Template text is "quoted", values from the register are
 * {braced}, so a test sees which words came from where.
 */
#ifndef DUMP_H
#define DUMP_H

#include <stdio.h>

struct doc;

int	 dump_tree(FILE *, const struct doc *);

#endif /* DUMP_H */
