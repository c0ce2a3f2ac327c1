/* Text built piece by piece: a signed request's query or form body. It grows as needed and wipes
 * what it held whenever it lets memory go (growing, freeing), since it may carry a key, a session
 * or a token. A failed allocation is remembered, not reported at each step: take or check failed
 * at the end. Not thread-safe: one owner. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct olc_text_buf {
	char *data; /* NUL-terminated once anything was added; NULL before */
	size_t len, cap;
	bool failed; /* memory ran out: the text is incomplete */
};

/* Initialise with = {0}. */
void olc_text_buf_add(struct olc_text_buf *t, const char *bytes, size_t n);
void olc_text_buf_add_str(struct olc_text_buf *t, const char *s);
/* Percent-encoded for a query or an application/x-www-form-urlencoded body alike: RFC 3986's
 * unreserved bytes (A-Z a-z 0-9 - . _ ~) as they are, every other byte as %XX. */
void olc_text_buf_add_encoded(struct olc_text_buf *t, const char *s);
/* The text (malloc'd: the caller frees it, with olc_secret_free when it holds a secret), or NULL,
 * with what was built wiped, when memory ran out or nothing was added. t is left empty. */
char *olc_text_buf_take(struct olc_text_buf *t);
/* Wipes and frees the text; t is left empty. */
void olc_text_buf_free(struct olc_text_buf *t);

#ifdef __cplusplus
}
#endif
