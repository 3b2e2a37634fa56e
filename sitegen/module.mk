# sitegen/ - Markdown + YAML course in, static site and exercise specs out.
SITEGEN_MAINS := sitegen/sitegen.c
SITEGEN_SRCS  := $(filter-out $(SITEGEN_MAINS),$(wildcard sitegen/*.c))
SITEGEN_LIB   := $(B)/libassay-sitegen.a
SITEGEN_LIBS   = $(call pkg_libs,md4c-html md4c yaml-0.1 jansson)

$(SITEGEN_LIB): $(SITEGEN_SRCS:%.c=$(B)/%.o)

bin/sitegen: $(B)/sitegen/sitegen.o $(SITEGEN_LIB) $(SANDBOX_LIB) | bin
	$(CC) $(LDFLAGS) -o $@ $^ $(SITEGEN_LIBS)

PROGRAMS += bin/sitegen
