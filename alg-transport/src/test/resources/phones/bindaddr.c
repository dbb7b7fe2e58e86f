/*
 * LD_PRELOAD shim for the baresip phones of RealPhonesIT (built by the test with
 * cc -shared -fPIC -o bindaddr.so bindaddr.c -ldl).
 *
 * baresip binds its RTP/RTCP sockets (and its DNS client) to the wildcard address, in every
 * version ("we listen on all interfaces", src/stream.c). On lo, whose only address is 127.0.0.1,
 * the kernel then sends from 127.0.0.1: a source in neither of the ALG's realms, so the relay
 * refuses to latch onto it (MEDIA_DROPPED_FOREIGN_SOURCE). A phone on a host of its own sends
 * from that host's address; this shim gives each phone that host: a bind() to 0.0.0.0 becomes a
 * bind() to SIPALG_BIND_IPV4 (the phone's address), and one to [::] becomes [::1], so the phone
 * binds nothing outside the loopback. Without SIPALG_BIND_IPV4 it changes nothing.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

typedef int (*bind_fn)(int, const struct sockaddr *, socklen_t);

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	static bind_fn real_bind;
	if (!real_bind)
		real_bind = (bind_fn)dlsym(RTLD_NEXT, "bind");

	const char *ip = getenv("SIPALG_BIND_IPV4");
	if (ip && addr && addr->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
		struct sockaddr_in in = *(const struct sockaddr_in *)addr;
		if (in.sin_addr.s_addr == htonl(INADDR_ANY) && inet_pton(AF_INET, ip, &in.sin_addr) == 1)
			return real_bind(fd, (const struct sockaddr *)&in, sizeof(in));
	}
	if (ip && addr && addr->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
		struct sockaddr_in6 in6 = *(const struct sockaddr_in6 *)addr;
		if (memcmp(&in6.sin6_addr, &in6addr_any, sizeof(in6addr_any)) == 0) {
			in6.sin6_addr = in6addr_loopback;
			return real_bind(fd, (const struct sockaddr *)&in6, sizeof(in6));
		}
	}
	return real_bind(fd, addr, len);
}
