# sandbox/ - the engine: a spec and a submission in, a result out. One
# static library of its rooms (sandbox/README.md maps them bottom-up), and
# bin/assay-grade. Each room's module.mk adds its sources to ENGINE_SRCS.
ENGINE_LIB  := $(B)/libassay-engine.a
ENGINE_LIBS  = $(call pkg_libs,jansson libseccomp) -lm
ENGINE_SRCS :=

include sandbox/util/module.mk
include sandbox/format/module.mk
include sandbox/jail/module.mk
include sandbox/qc/module.mk
include sandbox/testers/module.mk
include sandbox/engine/module.mk

$(ENGINE_LIB): $(ENGINE_SRCS:%.c=$(B)/%.o)
