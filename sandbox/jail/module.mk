# sandbox/jail/ - the sandbox every compile and run of student code goes
# through: namespaces, root, cgroups, seccomp, limits. README.md maps its
# files.
ENGINE_SRCS += $(wildcard sandbox/jail/*.c)
