# sandbox/format/ - what the engine, sitegen and the service all read: the
# spec, labels, validity windows, per-student shuffling.
ENGINE_SRCS += $(wildcard sandbox/format/*.c)
