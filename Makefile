# briefgen: plain GNU make, pkg-config for every library.
#
#   make            build ./briefgen
#   make run        install missing Debian packages, build, import the sample
#                   register, print its key figures and render both briefings
#   make check      install missing packages, build, run the whole suite
#   make asan       the suite again under ASan+UBSan with -Werror (build-asan/)
#   make bench      the benchmark against the speed budgets (bench/README.md)
#   make install    PREFIX=/usr/local DESTDIR=
#   make uninstall  the same files removed

VERSION  = 0.1.0
PREFIX  ?= /usr/local
BINDIR   = $(PREFIX)/bin
DATADIR  = $(PREFIX)/share/briefgen

# Objects and test programs go to $(B); the program itself to $(PROG).
B       ?= build
PROG    ?= briefgen

CC      ?= cc
PKGS     = sqlite3 libxml-2.0 glib-2.0 pangocairo pangoft2 fontconfig cairo-svg \
	   cairo-png cairo-svg icu-uc icu-i18n harfbuzz harfbuzz-subset libdeflate
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -DVERSION='"$(VERSION)"' \
	    -DDATADIR='"$(DATADIR)"'
WARN     = -std=c11 -Wall -Wextra -Wpedantic -Wstrict-prototypes \
	   -Wmissing-prototypes -Wwrite-strings
CFLAGS  ?= -O2 -g
# Recursive (=) so that pkg-config runs only when something is compiled:
# `make run` on a bare machine installs pkg-config before it is needed.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -lm
CHECK_CFLAGS = $(shell pkg-config --cflags check)
CHECK_LIBS   = $(shell pkg-config --libs check)

LIBSRC = src/diag.c src/datadir.c src/isodate.c src/db.c src/import.c \
	 src/figures.c src/fmt.c src/xmlsafe.c src/tmpl.c src/doc.c src/bind.c \
	 src/dump.c src/brief.c src/pack.c src/archive.c src/fonts.c src/layout.c \
	 src/chart.c src/outfile.c src/pdf.c \
	 src/pdfw.c src/pdffont.c
LIBOBJ = $(LIBSRC:src/%.c=$(B)/%.o)
TESTS  = check_isodate check_import check_figures check_fmt check_bind check_layout \
	 check_chart check_pdfw
TESTBIN = $(TESTS:%=$(B)/%)

SAMPLE_DB = $(B)/sample.db

.PHONY: all run check test asan valgrind fuzz bench deps FORCE deps-check install uninstall clean
.DEFAULT_GOAL := all

all: $(PROG)

# What is compiled in besides the sources: a change (make install with
# another PREFIX) rebuilds what uses it.
$(B)/config: FORCE
	@mkdir -p $(B)
	@echo '$(VERSION) $(DATADIR)' | cmp -s - $@ || \
	    echo '$(VERSION) $(DATADIR)' > $@
$(B)/datadir.o $(B)/main.o $(B)/brief.o $(B)/archive.o: $(B)/config

$(B)/%.o: src/%.c
	@mkdir -p $(B)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/libbriefgen.a: $(LIBOBJ)
	$(AR) rcs $@ $(LIBOBJ)

$(PROG): $(B)/main.o $(B)/libbriefgen.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(B)/main.o $(B)/libbriefgen.a $(PKG_LIBS)

$(B)/check_%.o: tests/check_%.c
	@mkdir -p $(B)
	$(CC) $(CPPFLAGS) -Isrc $(WARN) $(CFLAGS) $(PKG_CFLAGS) $(CHECK_CFLAGS) \
	    -MMD -MP -c -o $@ $<

$(B)/check_%: $(B)/check_%.o $(B)/testutil.o $(B)/libbriefgen.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(CHECK_LIBS)

$(B)/testutil.o: tests/testutil.c
	@mkdir -p $(B)
	$(CC) $(CPPFLAGS) -Isrc $(WARN) $(CFLAGS) $(PKG_CFLAGS) $(CHECK_CFLAGS) \
	    -MMD -MP -c -o $@ $<

deps:
	@sh tools/deps build

deps-check:
	@sh tools/deps check

# The README's two commands. Each installs first, then builds in a second
# make so that pkg-config is there when the flags are computed.
run: deps
	@$(MAKE) --no-print-directory $(PROG)
	rm -f $(SAMPLE_DB)
	./$(PROG) --db $(SAMPLE_DB) init
	./$(PROG) --db $(SAMPLE_DB) import data/register/*.xml
	./$(PROG) --db $(SAMPLE_DB) figures --country DE --from 2019-01 --to 2020-05
	./$(PROG) --db $(SAMPLE_DB) render --country DE --from 2019-01 --to 2020-05 \
	    -o $(B)/briefing.en.pdf
	./$(PROG) --db $(SAMPLE_DB) render --country DE --from 2019-01 --to 2020-05 \
	    --lang ru -o $(B)/briefing.ru.pdf
	@echo "The briefings: $(B)/briefing.en.pdf, $(B)/briefing.ru.pdf"

check: deps-check
	@$(MAKE) --no-print-directory test

# The suite without the install step (what CI's sanitizer build reuses).
test: $(PROG) $(TESTBIN)
	@fail=0; \
	for t in $(TESTBIN); do \
	    CK_DEFAULT_TIMEOUT=60 BRIEFGEN_DATADIR=$(CURDIR) ./$$t || fail=1; \
	done; \
	BRIEFGEN=./$(PROG) bash tests/regress.sh || fail=1; \
	BRIEFGEN=./$(PROG) bash tests/sample.sh || fail=1; \
	BRIEFGEN=./$(PROG) bash tests/bind.sh || fail=1; \
	BRIEFGEN=./$(PROG) bash tests/templates.sh || fail=1; \
	BRIEFGEN=./$(PROG) bash tests/render.sh || fail=1; \
	BRIEFGEN=./$(PROG) bash tests/charts.sh || fail=1; \
	BRIEFGEN=./$(PROG) bash tests/archive.sh || fail=1; \
	BRIEFGEN=./$(PROG) bash tests/pack.sh || fail=1; \
	BRIEFGEN=./$(PROG) bash tests/pdfa.sh || fail=1; \
	exit $$fail

SAN = -fsanitize=address,undefined -fno-omit-frame-pointer \
      -fno-sanitize-recover=all
# The count of suppressed leaks LSan would print goes too: the tests
# compare stderr, and it depends on when Pango's fontconfig thread ends.
asan: deps-check
	@LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	    $(MAKE) --no-print-directory B=build-asan PROG=build-asan/briefgen \
	    CFLAGS="-O1 -g $(SAN) -Werror" LDFLAGS="$(SAN)" test

# The installed data tree mirrors the source tree (DATADIR/data/...), so
# one relative name finds a file in either.
DATAFILES = data/schema.sql data/register.xsd data/xml.xsd data/archive.xsd
MIGRATIONS = data/migrate/2.sql data/migrate/3.sql data/migrate/4.sql
TEMPLATES = templates/template.xsd templates/briefing.en.xml \
	    templates/briefing.ru.xml
DIST      = dist/briefgen-monthly.service dist/briefgen-monthly.timer \
	    dist/briefgen.cron
FONTS     = fonts/LICENSE fonts/PTS55F.ttf fonts/PTS56F.ttf fonts/PTS75F.ttf \
	    fonts/PTS76F.ttf fonts/PTF55F.ttf fonts/PTF56F.ttf fonts/PTF75F.ttf \
	    fonts/PTF76F.ttf
ICC       = data/icc/LICENSE data/icc/sRGB.icc

# The command-line tests again with every run of briefgen under valgrind;
# any error or leak fails the run (exit 99). Possible leaks are neither
# errors nor printed: Pango keeps its languages in a table of its own
# through pointers inside their blocks, which valgrind takes for possible
# leaks once a run has made and freed several font maps (monthly), and
# the tests compare stderr.
VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full --show-possibly-lost=no \
	   --errors-for-leak-kinds=definite,indirect \
	   --suppressions=$(CURDIR)/tests/valgrind.supp
valgrind: deps-check $(PROG)
	@BRIEFGEN=./$(PROG) BRIEFGEN_WRAP="$(VALGRIND)" bash tests/regress.sh
	@BRIEFGEN=./$(PROG) BRIEFGEN_WRAP="$(VALGRIND)" bash tests/sample.sh
	@BRIEFGEN=./$(PROG) BRIEFGEN_WRAP="$(VALGRIND)" bash tests/bind.sh
	@BRIEFGEN=./$(PROG) BRIEFGEN_WRAP="$(VALGRIND)" bash tests/render.sh
	@BRIEFGEN=./$(PROG) BRIEFGEN_WRAP="$(VALGRIND)" bash tests/charts.sh
	@BRIEFGEN=./$(PROG) BRIEFGEN_WRAP="$(VALGRIND)" bash tests/archive.sh
	@BRIEFGEN=./$(PROG) BRIEFGEN_WRAP="$(VALGRIND)" bash tests/pack.sh
	@BRIEFGEN=./$(PROG) BRIEFGEN_WRAP="$(VALGRIND)" bash tests/pdfa.sh

# The import and the template parser under libFuzzer (clang), each for
# FUZZ_SECONDS, seeded with its corpus; crashes land in build-fuzz/.
FUZZ_SECONDS ?= 60
FUZZ_FLAGS = -fsanitize=fuzzer,address,undefined
fuzz: deps-check
	@mkdir -p build-fuzz/import build-fuzz/tmpl
	clang $(CPPFLAGS) -Isrc -g -O1 $(FUZZ_FLAGS) $(PKG_CFLAGS) \
	    -o build-fuzz/fuzz_import tests/fuzz/fuzz_import.c $(LIBSRC) \
	    $(PKG_LIBS)
	clang $(CPPFLAGS) -Isrc -g -O1 $(FUZZ_FLAGS) $(PKG_CFLAGS) \
	    -o build-fuzz/fuzz_tmpl tests/fuzz/fuzz_tmpl.c $(LIBSRC) \
	    $(PKG_LIBS)
	cp tests/import/*.xml data/register/*.xml build-fuzz/import/
	cp tests/bind/*.xml templates/*.xml build-fuzz/tmpl/
	cd build-fuzz && BRIEFGEN_DATADIR=$(CURDIR) ./fuzz_import \
	    -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 \
	    -rss_limit_mb=4096 import
	cd build-fuzz && BRIEFGEN_DATADIR=$(CURDIR) ./fuzz_tmpl \
	    -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 \
	    -rss_limit_mb=4096 tmpl

# Keep the test objects between runs.
.SECONDARY:

install: $(PROG)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/data \
	    $(DESTDIR)$(DATADIR)/data/migrate $(DESTDIR)$(DATADIR)/data/icc \
	    $(DESTDIR)$(DATADIR)/templates $(DESTDIR)$(DATADIR)/fonts \
	    $(DESTDIR)$(DATADIR)/dist
	install -m 755 $(PROG) $(DESTDIR)$(BINDIR)/briefgen
	install -m 644 $(DATAFILES) $(DESTDIR)$(DATADIR)/data/
	install -m 644 $(MIGRATIONS) $(DESTDIR)$(DATADIR)/data/migrate/
	install -m 644 $(ICC) $(DESTDIR)$(DATADIR)/data/icc/
	install -m 644 $(TEMPLATES) $(DESTDIR)$(DATADIR)/templates/
	install -m 644 $(FONTS) $(DESTDIR)$(DATADIR)/fonts/
	install -m 644 $(DIST) $(DESTDIR)$(DATADIR)/dist/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/briefgen
	rm -f $(DATAFILES:%=$(DESTDIR)$(DATADIR)/%)
	rm -f $(MIGRATIONS:%=$(DESTDIR)$(DATADIR)/%)
	rm -f $(ICC:%=$(DESTDIR)$(DATADIR)/%)
	rm -f $(TEMPLATES:%=$(DESTDIR)$(DATADIR)/%)
	rm -f $(FONTS:%=$(DESTDIR)$(DATADIR)/%)
	rm -f $(DIST:%=$(DESTDIR)$(DATADIR)/%)
	-rmdir $(DESTDIR)$(DATADIR)/data/migrate $(DESTDIR)$(DATADIR)/data/icc \
	    $(DESTDIR)$(DATADIR)/data $(DESTDIR)$(DATADIR)/dist \
	    $(DESTDIR)$(DATADIR)/templates \
	    $(DESTDIR)$(DATADIR)/fonts $(DESTDIR)$(DATADIR)

# The benchmark (bench/README.md): generated registers of 200,000 and
# 1,000,000 incidents, imported and rendered against the budgets.
bench: deps-check $(PROG) $(B)/bench-gen $(B)/bench-measure
	BRIEFGEN=./$(PROG) GEN=$(B)/bench-gen MEASURE=$(B)/bench-measure \
	    bash bench/run.sh

$(B)/bench-%: bench/%.c
	@mkdir -p $(B)
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(CFLAGS) -o $@ $<

clean:
	rm -rf build build-asan build-fuzz briefgen

-include $(wildcard $(B)/*.d)
