# Makefile -- build, test, demo and install accessreview
# `make` builds ./accessreview; `make check` runs every test; `make demo`
# runs a quarterly review on the shipped demo data.

CC ?= cc
PREFIX ?= /usr/local
DESTDIR ?=
PKG_CONFIG ?= pkg-config

VERSION := 0.1.0
PACKAGES := ldap lber libxml-2.0 libxslt libexslt sqlite3 jansson inih libsodium

WARNINGS := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral
CFLAGS ?= -O2 -g
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARNINGS) $(CFLAGS) -Iinclude \
	-DACCESSREVIEW_VERSION='"$(VERSION)"' \
	$(shell $(PKG_CONFIG) --cflags $(PACKAGES))
LIBS := $(shell $(PKG_CONFIG) --libs $(PACKAGES)) -lcsv
LDFLAGS ?=

ifeq ($(SANITIZE),1)
ALL_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
BUILD := build-sanitize
else
BUILD := build
endif
# accessreview/queries.h is generated per build directory
ALL_CFLAGS += -I$(BUILD)/generated

# The library is every layer but the command line (docs/ARCHITECTURE.md);
# the unit tests link it, not the CLI.
LIB_SOURCES := $(sort $(wildcard src/util/*.c src/sources/*.c src/store/*.c \
	src/review/*.c src/report/*.c src/evidence/*.c src/config/*.c))
CLI_SOURCES := src/main.c $(sort $(wildcard src/cli/*.c))
CLI_OBJECTS := $(CLI_SOURCES:%.c=$(BUILD)/%.o)
LIB_OBJECTS := $(LIB_SOURCES:%.c=$(BUILD)/%.o) $(BUILD)/embedded.o \
	$(BUILD)/generated/queries.o
# sql/NNNN_*.sql are migrations, embedded whole; the other sql/*.sql files
# hold named queries, compiled into ids and a table (tools/gen-queries.sh)
MIGRATIONS := $(sort $(wildcard sql/[0-9]*.sql))
QUERY_SQL := $(sort $(filter-out $(MIGRATIONS),$(wildcard sql/*.sql)))
GENERATED_HEADER := $(BUILD)/generated/accessreview/queries.h
EMBEDDED := $(MIGRATIONS) templates/accessreview.xsd templates/report.xsl
UNIT_SOURCES := $(sort $(wildcard tests/unit/test_*.c))
UNIT_TESTS := $(UNIT_SOURCES:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all check unit e2e demo install clean bench lint fuzz fuzz-build

all: accessreview

accessreview: $(CLI_OBJECTS) $(BUILD)/libaccessreview.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/libaccessreview.a: $(LIB_OBJECTS)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c $(wildcard include/accessreview/*.h) $(wildcard src/*/*.h) \
		$(GENERATED_HEADER)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc -c -o $@ $<

$(GENERATED_HEADER): $(QUERY_SQL) tools/gen-queries.sh
	sh tools/gen-queries.sh $(BUILD)/generated $(QUERY_SQL)

$(BUILD)/generated/queries.c: $(GENERATED_HEADER)

# on the header too: make does not look at queries.c's time again after
# the rule without a recipe, so a regenerated queries.c alone is missed
$(BUILD)/generated/queries.o: $(BUILD)/generated/queries.c $(GENERATED_HEADER) \
		src/store/queries_int.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc -c -o $@ $<

$(BUILD)/embedded.c: $(EMBEDDED) tools/embed.sh
	@mkdir -p $(BUILD)
	sh tools/embed.sh $@ $(EMBEDDED)

$(BUILD)/embedded.o: $(BUILD)/embedded.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# tests/unit/support/ holds helpers several tests share (record sinks)
TEST_SUPPORT := $(sort $(wildcard tests/unit/support/*.c))

$(BUILD)/tests/%: tests/unit/%.c $(TEST_SUPPORT) \
		$(wildcard tests/unit/support/*.h) $(BUILD)/libaccessreview.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc -Itests/unit -DTEST_DATA='"tests/data"' \
		$(LDFLAGS) -o $@ $< $(TEST_SUPPORT) $(BUILD)/libaccessreview.a \
		$(LIBS) -lcmocka

unit: $(UNIT_TESTS)

check: accessreview $(UNIT_TESTS)
	sh tests/run.sh $(UNIT_TESTS)

demo: accessreview
	sh examples/demo/run.sh

bench: accessreview
	sh tests/bench/run.sh $(SIZES)

# the cron file and systemd units, for the administrator to copy (the
# service's ExecStart names the installed binary)
EXAMPLES_DIR = $(DESTDIR)$(PREFIX)/share/accessreview/examples

install: accessreview
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/accessreview \
		$(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man5
	install -m 0755 accessreview $(DESTDIR)$(PREFIX)/bin/accessreview
	install -m 0644 templates/* $(DESTDIR)$(PREFIX)/share/accessreview/
	install -m 0644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 0644 man/*.5 $(DESTDIR)$(PREFIX)/share/man/man5/
	install -d $(EXAMPLES_DIR)/cron.d $(EXAMPLES_DIR)/systemd
	install -m 0644 examples/cron.d/accessreview $(EXAMPLES_DIR)/cron.d/
	install -m 0644 examples/systemd/accessreview.timer $(EXAMPLES_DIR)/systemd/
	sed 's|/usr/bin/accessreview|$(PREFIX)/bin/accessreview|' \
		examples/systemd/accessreview.service \
		>$(EXAMPLES_DIR)/systemd/accessreview.service
	chmod 0644 $(EXAMPLES_DIR)/systemd/accessreview.service

# ---- static analysis: cppcheck and clang-tidy (checks in .clang-tidy) ----
# cppcheck: every category but variableScope (C89-style declarations at the
# top of a block are our style) and duplicateCondition (the SQLite-style
# `if (rc == AR_OK)` guard chain repeats conditions on purpose).
CLANG_TIDY ?= clang-tidy
CPPCHECK ?= cppcheck
LINT_SOURCES := $(LIB_SOURCES) $(CLI_SOURCES)
LINT_FLAGS := -std=c11 -D_GNU_SOURCE -Iinclude -I$(BUILD)/generated -Isrc \
	-DACCESSREVIEW_VERSION='"$(VERSION)"' \
	$(shell $(PKG_CONFIG) --cflags $(PACKAGES))

lint: $(GENERATED_HEADER)
	$(CPPCHECK) --quiet --error-exitcode=1 --std=c11 --inline-suppr \
		--enable=warning,style,performance,portability \
		--suppress=missingIncludeSystem --suppress=variableScope \
		--suppress=duplicateCondition -D_GNU_SOURCE -Iinclude \
		-I$(BUILD)/generated -Isrc \
		$(LINT_SOURCES) tests/fuzz/*.c tests/unit/test_regressions.c
	printf '%s\n' $(LINT_SOURCES) | xargs -P 2 -I FILE $(CLANG_TIDY) \
		--quiet FILE -- $(LINT_FLAGS)

# ---- fuzzing: libFuzzer harnesses in tests/fuzz/ (clang only) ----
# `make fuzz FUZZ_SECONDS=60` runs every harness that long, one after the
# other (FUZZ_JOBS=2 runs two at once); FUZZ_TARGETS=ldif picks some.  The
# library is rebuilt with coverage instrumentation in build/fuzz/.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_BUILD := build/fuzz
FUZZ_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARNINGS) -O1 -g -Iinclude \
	-I$(BUILD)/generated \
	-DACCESSREVIEW_VERSION='"$(VERSION)"' $(FUZZ_SANITIZE) \
	$(shell $(PKG_CONFIG) --cflags $(PACKAGES))
FUZZ_ALL := $(sort $(patsubst tests/fuzz/fuzz_%.c,%,\
	$(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZ_OBJECTS := $(LIB_SOURCES:%.c=$(FUZZ_BUILD)/%.o) $(FUZZ_BUILD)/embedded.o \
	$(FUZZ_BUILD)/generated/queries.o

$(FUZZ_BUILD)/%.o: %.c $(wildcard include/accessreview/*.h) \
		$(wildcard src/*/*.h) $(GENERATED_HEADER)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -Isrc -c -o $@ $<

$(FUZZ_BUILD)/embedded.o: $(BUILD)/embedded.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_BUILD)/generated/queries.o: $(BUILD)/generated/queries.c $(GENERATED_HEADER)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Isrc -c -o $@ $<

$(FUZZ_BUILD)/libaccessreview.a: $(FUZZ_OBJECTS)
	rm -f $@
	ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/harness.h \
		tests/fuzz/targets.h $(FUZZ_BUILD)/libaccessreview.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Isrc -fsanitize=fuzzer -o $@ $< \
		$(FUZZ_BUILD)/libaccessreview.a $(LIBS)

fuzz-build: $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)

# the unit test that replays saved crashes shares the harnesses' targets
$(BUILD)/tests/test_regressions: tests/fuzz/targets.h

fuzz: fuzz-build
	sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BUILD) $(FUZZ_TARGETS)

clean:
	rm -rf build build-sanitize accessreview
