# sandbox/util/ - helpers every room of the engine (and sitegen, fcgi) may
# use: one-line error messages, the growable text buffer, embedded files.
ENGINE_SRCS += $(wildcard sandbox/util/*.c)
