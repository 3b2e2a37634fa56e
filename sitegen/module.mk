# sitegen/ - the site generator: Markdown + YAML course in, static site and
# exercise specs out.
SITEGEN_MAINS := sitegen/sitegen.c
SITEGEN_SRCS  := $(filter-out $(SITEGEN_MAINS),$(wildcard sitegen/*.c))
SITEGEN_LIB   := $(B)/libassay-sitegen.a
SITEGEN_LIBS   = $(call pkg_libs,md4c-html md4c yaml-0.1 jansson sqlite3)

# The layout, stylesheet and script are embedded with .incbin (assets.h);
# the assembler does not report those files to -MMD, hence the explicit rule.
SITEGEN_ASSETS := sitegen/assets/layout.html sitegen/assets/style.css \
		  sitegen/assets/assay.js sitegen/assets/staff.js \
		  sitegen/assets/staff.css

# The vendored front-end files (`make vendor`) are embedded the same way,
# from an assembly file generated with their list.
SITEGEN_VENDOR := $(shell find sitegen/vendor/public -type f 2>/dev/null | LC_ALL=C sort)

$(SITEGEN_LIB): $(SITEGEN_SRCS:%.c=$(B)/%.o) $(B)/sitegen/assets.o $(B)/sitegen/vendor.o

$(B)/sitegen/vendor.S: sitegen/embed-vendor $(SITEGEN_VENDOR) sitegen/module.mk
	@mkdir -p $(@D)
	sitegen/embed-vendor $(SITEGEN_VENDOR) >$@

$(B)/sitegen/vendor.o: $(B)/sitegen/vendor.S
	$(CC) $(CPPFLAGS) -Wa,-I,$(CURDIR) -c -o $@ $<

$(B)/sitegen/assets.o: sitegen/assets.S $(SITEGEN_ASSETS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Wa,-I,$(CURDIR) -c -o $@ $<

bin/sitegen: $(B)/sitegen/sitegen.o $(SITEGEN_LIB) $(ENGINE_LIB) | bin
	$(CC) $(LDFLAGS) -o $@ $^ $(SITEGEN_LIBS)

PROGRAMS += bin/sitegen
