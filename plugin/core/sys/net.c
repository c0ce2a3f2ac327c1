/* The BSD socket API is the same on POSIX and in Winsock 2 but for its headers and for how a socket
 * is kept from child processes, so this one file serves both. */
#ifndef _WIN32
/* inet_pton, inet_ntop and SOCK_CLOEXEC are POSIX.1-2008, outside plain C17. */
#define _POSIX_C_SOURCE 200809L
#endif

#include "core/sys/net.h"

#include <stddef.h>

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#endif

int olc_ip_parse(const char *text, unsigned char out[16])
{
	if (inet_pton(AF_INET, text, out) == 1)
		return 4;
	if (inet_pton(AF_INET6, text, out) == 1)
		return 16;
	return 0;
}

void olc_sockaddr_text(const void *sockaddr, char *text)
{
	const struct sockaddr *sa = sockaddr;
	const void *where = NULL;
	text[0] = '\0';
	if (sa->sa_family == AF_INET)
		where = &((const struct sockaddr_in *)sockaddr)->sin_addr;
	else if (sa->sa_family == AF_INET6)
		where = &((const struct sockaddr_in6 *)sockaddr)->sin6_addr;
	if (where && !inet_ntop(sa->sa_family, where, text, OLC_IP_TEXT_MAX))
		text[0] = '\0';
}

olc_socket_t olc_socket_open(int family, int type, int protocol)
{
#ifdef _WIN32
	SOCKET s = WSASocketW(family, type, protocol, NULL, 0, WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
	return s == INVALID_SOCKET ? OLC_SOCKET_BAD : (olc_socket_t)s;
#else
	return socket(family, type | SOCK_CLOEXEC, protocol);
#endif
}
