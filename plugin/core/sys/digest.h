/* The message digests shops sign their open-API requests with: HMAC-SHA256 (Douyin, Kuaishou,
 * Taobao's "hmac-sha256") and MD5 (Taobao's "md5"; a signature scheme, not a protection of ours).
 * OpenSSL's libcrypto in digest-posix.c (libcurl already brings it on Linux), the system's CNG
 * (BCrypt) in digest-windows.c. Pure functions: any thread. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define OLC_SHA256_BYTES 32
#define OLC_MD5_BYTES    16

/* HMAC-SHA256 of len bytes at data with key_len bytes of key. false only when the platform's
 * library fails (out of memory). */
bool olc_hmac_sha256(const void *key, size_t key_len, const void *data, size_t len, uint8_t out[OLC_SHA256_BYTES]);

/* MD5 of len bytes at data. false only when the platform's library fails. */
bool olc_md5(const void *data, size_t len, uint8_t out[OLC_MD5_BYTES]);

#ifdef __cplusplus
}
#endif
