/*
 * dump: the bound document tree as stable text, one node per line and
 * indented by depth: the oracle of the regression corpus (as mandoc's
 * -T tree). Template text is "quoted", values from the register are
 * {braced}, so a test sees which words came from where. And the display
 * list, item by item with coordinates rounded to a tenth of a point: the
 * oracle of the layout tests.
 */
#ifndef DUMP_H
#define DUMP_H

#include <stdio.h>

struct doc;
struct lay_doc;

int	 dump_tree(FILE *, const struct doc *);
int	 dump_layout(FILE *, const struct lay_doc *);

#endif /* DUMP_H */
