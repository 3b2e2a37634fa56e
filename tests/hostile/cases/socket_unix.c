/* expect: Accepted
 * exercise: c/echo
 * AF_UNIX sockets fail with an error (glibc's NSS probes nscd with one)
 * rather than ending the run: the program goes on and says so. */
#include <arpa/inet.h>
#include <linux/vm_sockets.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
int main(void)
{
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd >= 0 && AF_UNIX == AF_INET) {
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
