# sandbox/util/ - what every room of the engine (and sitegen, fcgi) may use:
# error messages, the growable buffer, untrusted text made fit to show, files
# read whole, hex digits, embedded files.
ENGINE_SRCS += $(wildcard sandbox/util/*.c)
