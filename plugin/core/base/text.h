/* Owned C strings: the small helpers every model struct uses for its malloc'd text fields, and
 * the one string hash of the core. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* malloc'd copy of s, or NULL when s is NULL or memory runs out. Free with free(). */
char *olc_strdup(const char *s);

/* Replaces the owned string *field with a copy of text (NULL gives NULL). Returns false only when
 * memory runs out, and then *field is unchanged. */
bool olc_str_set(char **field, const char *text);

/* Like olc_str_set(), but "" also gives NULL: for optional values where empty means absent. */
bool olc_str_set_optional(char **field, const char *text);

/* Overwrites len bytes at data with zeros in a way the compiler may not drop as a dead store
 * (explicit_bzero), for memory that held a secret and is about to be freed or reused. data may
 * be NULL when len is 0. */
void olc_wipe(void *data, size_t len);

/* Wipes the NUL-terminated string s (a key, a token, a header or a file's text carrying one)
 * and frees it. NULL is fine. */
void olc_secret_free(char *s);

/* true when both are NULL or both hold the same bytes. */
bool olc_str_equal(const char *a, const char *b);

/* Whether text starts with prefix, ASCII letters of text compared without case (prefix is lower
 * case): "HTTPS://" starts with "https://". The portable form of strncasecmp for a prefix. */
bool olc_starts_with_nocase(const char *text, const char *prefix);

/* The value of a hexadecimal digit ('0'-'9', 'a'-'f', 'A'-'F'), -1 for any other character: for
 * percent-escapes in URLs and file: paths. */
int olc_hex_digit(char c);

/* len bytes as hexadecimal text, two digits a byte, lower case ("9f0a") or upper ("9F0A"): out
 * holds 2 * len + 1 bytes and is NUL-terminated. */
void olc_hex_encode(const void *data, size_t len, bool upper, char *out);

/* The size olc_base64_encode writes for len bytes, its NUL included. */
#define OLC_BASE64_SIZE(len) ((((len) + 2) / 3) * 4 + 1)
/* len bytes as standard Base64 (RFC 4648: "+/", "=" padding) into out, which holds
 * OLC_BASE64_SIZE(len) bytes; NUL-terminated. */
void olc_base64_encode(const void *data, size_t len, char *out);

/* Whether len bytes at s are well-formed UTF-8 (no overlong forms, surrogates or code points past
 * U+10FFFF; NUL bytes allowed). len 0 is valid. */
bool olc_utf8_valid(const char *s, size_t len);

/* FNV-1a, 64 bits, of len bytes, continuing from h (start from OLC_FNV1A_BASIS): to tell data
 * apart (a catalog's id index, which shop a cache is from), never to keep a secret. */
#define OLC_FNV1A_BASIS 14695981039346656037ull
uint64_t olc_fnv1a(uint64_t h, const void *data, size_t len);

#ifdef __cplusplus
}
#endif
