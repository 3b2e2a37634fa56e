/* expect: RuntimeError
 * report: forbidden system call: socket
 * exercise: c/echo
 * Only creates the socket (and would reach the test's own listener on
 * 127.0.0.1:@PORT@, never another address). */
#include <arpa/inet.h>
#include <linux/vm_sockets.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
int main(void)
{
	int fd = socket(AF_INET6, SOCK_STREAM, 0);
	if (fd >= 0 && AF_INET6 == AF_INET) {
		struct sockaddr_in sa;
		memset(&sa, 0, sizeof(sa));
		sa.sin_family = AF_INET;
		sa.sin_port = htons(@PORT@);
		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	}
	puts(fd >= 0 ? "escaped" : "hi");
	return 0;
}
