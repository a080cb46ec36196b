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

LIB_SOURCES := $(sort $(wildcard src/util/*.c src/sources/*.c src/store/*.c \
	src/review/*.c src/report/*.c src/config/*.c src/cli/*.c))
LIB_OBJECTS := $(LIB_SOURCES:%.c=$(BUILD)/%.o) $(BUILD)/embedded.o
EMBEDDED := $(sort $(wildcard sql/*.sql)) templates/accessreview.xsd \
	templates/report.xsl
UNIT_SOURCES := $(sort $(wildcard tests/unit/test_*.c))
UNIT_TESTS := $(UNIT_SOURCES:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all check unit e2e demo install clean bench lint

all: accessreview

accessreview: $(BUILD)/src/main.o $(BUILD)/libaccessreview.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/libaccessreview.a: $(LIB_OBJECTS)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c $(wildcard include/accessreview/*.h) $(wildcard src/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc -c -o $@ $<

$(BUILD)/embedded.c: $(EMBEDDED) tools/embed.sh
	@mkdir -p $(BUILD)
	sh tools/embed.sh $@ $(EMBEDDED)

$(BUILD)/embedded.o: $(BUILD)/embedded.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libaccessreview.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc -DTEST_DATA='"tests/data"' $(LDFLAGS) \
		-o $@ $< $(BUILD)/libaccessreview.a $(LIBS) -lcmocka

unit: $(UNIT_TESTS)

check: accessreview $(UNIT_TESTS)
	sh tests/run.sh $(UNIT_TESTS)

demo: accessreview
	sh examples/demo/run.sh

bench: accessreview
	sh tests/bench/run.sh $(SIZES)

install: accessreview
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/accessreview \
		$(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man5
	install -m 0755 accessreview $(DESTDIR)$(PREFIX)/bin/accessreview
	install -m 0644 templates/* $(DESTDIR)$(PREFIX)/share/accessreview/
	install -m 0644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 0644 man/*.5 $(DESTDIR)$(PREFIX)/share/man/man5/

clean:
	rm -rf build build-sanitize accessreview
