/* expect: RuntimeError
 * exercise: qc/strong
 * score: 0
 * report: socket
 * Loads a seccomp filter of its own with a listener, to answer the jail's
 * notifications itself and let a forbidden call through, then makes one:
 * the filter is refused, and the forbidden call ends the run. */
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
int strong(const char *pw)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
	};
	struct sock_fprog prog = { 1, code };

	(void)pw;
	(void)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
	return socket(AF_INET, SOCK_STREAM, 0) > 1000;
}
