# sandbox/ - the engine: a spec and a submission in, a result out. One
# static library of its rooms (sandbox/README.md maps them bottom-up), and
# bin/assay-grade. Each room's module.mk adds its sources to SANDBOX_SRCS.
SANDBOX_LIB  := $(B)/libassay-sandbox.a
SANDBOX_LIBS  = $(call pkg_libs,jansson libseccomp) -lm
SANDBOX_SRCS :=

include sandbox/util/module.mk
include sandbox/format/module.mk
include sandbox/jail/module.mk
include sandbox/qc/module.mk
include sandbox/testers/module.mk
include sandbox/engine/module.mk

$(SANDBOX_LIB): $(SANDBOX_SRCS:%.c=$(B)/%.o)
