/*
 * test_sysfilter.c - the seccomp profiles: they compile, name calls, and
 * say which need the supervisor to let the first execve through. (Their
 * effect on real programs is tested in test_jail.c and tests/hostile.)
 */
#include <linux/audit.h>
#include <string.h>

#include "sandbox/jail/sysfilter.h"
#include "tests/tap.h"

int
main(void)
{
	const struct sysfilter *f, *g;
	char err[256] = "", name[64];

	for (int p = JAIL_PROFILE_DEFAULT; p <= JAIL_PROFILE_COMPILER; p++) {
		ok(sysfilter_get((enum jail_profile)p, &f, err, sizeof(err)) == 0 &&
		    f != NULL && f->prog.len > 50, "profile %s compiles (%s)",
		    sysfilter_profile_name((enum jail_profile)p), err);
		ok(sysfilter_get((enum jail_profile)p, &g, err, sizeof(err)) == 0 &&
		    g == f, "and is compiled once");
	}
	sysfilter_get(JAIL_PROFILE_C, &f, err, sizeof(err));
	ok(f->exec_once, "a C program's first execve is the supervisor's to allow");
	sysfilter_get(JAIL_PROFILE_PYTHON, &f, err, sizeof(err));
	ok(f->exec_once, "so is Python's");
	sysfilter_get(JAIL_PROFILE_COMPILER, &f, err, sizeof(err));
	ok(!f->exec_once, "the compiler may exec");
	sysfilter_get(JAIL_PROFILE_DEFAULT, &f, err, sizeof(err));
	ok(!f->exec_once, "and so may the default profile");
	ok(sysfilter_get(JAIL_PROFILE_JVM_EXEC, &f, err, sizeof(err)) == 0 &&
	    !f->exec_once, "and the JVM's profile with execve (%s)", err);
	sysfilter_get(JAIL_PROFILE_JVM, &f, err, sizeof(err));
	ok(f->exec_once, "but not the JVM's own");
	is_str(sysfilter_profile_name(JAIL_PROFILE_JVM_EXEC), "jvm-exec",
	    "the JVM's profile with execve is named");
	ok(sysfilter_get((enum jail_profile)42, &f, err, sizeof(err)) == -1 && f == NULL,
	    "an unknown profile is refused: %s", err);

	is_str(sysfilter_call_name(AUDIT_ARCH_X86_64, 41, name, sizeof(name)), "socket",
	    "x86-64 call 41 is socket");
	is_str(sysfilter_call_name(AUDIT_ARCH_I386, 4, name, sizeof(name)),
	    "write (32-bit)", "i386 call 4 is write, said to be 32-bit");
	is_str(sysfilter_call_name(AUDIT_ARCH_X86_64, 99999, name, sizeof(name)),
	    "number 99999", "an unknown number is given as such");
	ok(sysfilter_is_execve(AUDIT_ARCH_X86_64, 59), "59 is execve");
	ok(!sysfilter_is_execve(AUDIT_ARCH_I386, 11), "i386's execve is not allowed once");
	ok(strstr(sysfilter_version(name, sizeof(name)), "libseccomp") != NULL,
	    "version: %s", name);
	return tap_done();
}
