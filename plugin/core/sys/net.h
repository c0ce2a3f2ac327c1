/* IP addresses and sockets for the core: the socket calls the transport's address policy needs.
 * Pure functions and one socket() wrapper: any thread. POSIX and Windows (Winsock 2, which the
 * caller has started: libcurl's global init does) in net.c. */
#pragma once

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The OS's socket handle: what libcurl calls curl_socket_t. */
#ifdef _WIN32
typedef uintptr_t olc_socket_t; /* SOCKET */
#define OLC_SOCKET_BAD (~(olc_socket_t)0)
#else
typedef int olc_socket_t;
#define OLC_SOCKET_BAD (-1)
#endif

/* Big enough for any IPv6 address in text, with its NUL. */
#define OLC_IP_TEXT_MAX 46

/* Reads a literal IP address in its canonical form only (a dotted quad, or IPv6): 4 (IPv4) or 16
 * (IPv6) bytes into out, in network order, and that count returned; 0 for anything else
 * ("127.1", a host name). */
int olc_ip_parse(const char *text, unsigned char out[16]);

/* The address of an IPv4 or IPv6 struct sockaddr as text into text (OLC_IP_TEXT_MAX bytes); ""
 * for any other family. */
void olc_sockaddr_text(const void *sockaddr, char *text);

/* socket(family, type, protocol) that child processes do not inherit (close-on-exec); OLC_SOCKET_BAD
 * on failure. */
olc_socket_t olc_socket_open(int family, int type, int protocol);

#ifdef __cplusplus
}
#endif
