/*
 * sysfilter.h - the system calls a jailed program may make: one libseccomp
 * allowlist per profile, compiled once per process into a BPF program that
 * the jail loads just before execve().
 *
 * Every call not on a profile's list is forbidden. Its action is
 * SECCOMP_RET_USER_NOTIF: the calling thread stops inside the call and the
 * supervisor, which holds the filter's listener, reads the notification (the
 * call's number and architecture), kills the box and reports the call by
 * name ("forbidden system call: socket"). That is exact and robust where the
 * alternatives are not: SECCOMP_RET_KILL_PROCESS only leaves a SIGSYS wait
 * status (the number is lost unless a core dump is written), a SIGSYS
 * handler (SECCOMP_RET_TRAP) cannot survive execve, and SECCOMP_RET_ERRNO
 * lets the program go on. The forbidden call never runs: the thread is
 * killed while it waits.
 *
 * The one notified call that may go on is the first execve() of a profile
 * without `exec` (the jail's own, starting the program): struct sysfilter's
 * exec_once says which profiles need the supervisor to let it through.
 *
 * System calls of other architectures: the 32-bit x86 table (int 0x80,
 * which works on this kernel) is in the filter with no call allowed, so
 * such a call is notified and named too ("forbidden system call: write
 * (32-bit)"); any other architecture (x32...) kills the process at once
 * (SCMP_FLTATR_ACT_BADARCH = KILL_PROCESS): the report then says SIGSYS.
 */
#ifndef ASSAY_SYSFILTER_H
#define ASSAY_SYSFILTER_H

#include <stddef.h>
#include <stdint.h>
#include <linux/filter.h>

#include "sandbox/jail/jail.h"

/*
 * The one descriptor on which sendmsg() is allowed: the jail's message
 * socket, on which the program hands the filter's listener to the
 * supervisor right after loading the filter. It is close-on-exec, and
 * socket() and socketpair() are forbidden, so after execve no descriptor
 * of the program is a socket; except under the JVM's profile, where a
 * socketpair(AF_UNIX) may be made there, whose other end is the program's
 * own: sending on it reaches nothing else.
 */
#define SYSFILTER_SEND_FD 6

/* A compiled filter: what seccomp(SECCOMP_SET_MODE_FILTER) takes. */
struct sysfilter {
	struct sock_fprog prog;
	int exec_once;		/* the first execve is notified, and allowed */
};

/*
 * The filter of PROFILE, compiled on first use (thread-safe) and kept for
 * the life of the process. Returns 0 and the filter in *OUT (static: do not
 * free), or -1 with a message in ERR (libseccomp cannot build it: the
 * kernel or the library lacks user notification...).
 */
int sysfilter_get(enum jail_profile profile, const struct sysfilter **out,
    char *err, size_t errlen);

/* The profile's name: "default", "c", "python", "compiler", "jvm", "qc",
 * "jvm-exec". */
const char *sysfilter_profile_name(enum jail_profile profile);

/*
 * The name of system call NR of the audit architecture ARCH (as in struct
 * seccomp_data) into BUF: "socket", "write (32-bit)", or "number 1234" when
 * unknown. Returns BUF.
 */
char *sysfilter_call_name(uint32_t arch, int nr, char *buf, size_t len);

/* "libseccomp 2.5.4, API level 6" into BUF. Returns BUF. */
char *sysfilter_version(char *buf, size_t len);

/* Is NR of ARCH execve (the call a profile may make once)? */
int sysfilter_is_execve(uint32_t arch, int nr);

#endif
