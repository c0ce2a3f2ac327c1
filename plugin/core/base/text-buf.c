#include "core/base/text-buf.h"

#include <stdlib.h>
#include <string.h>

#include "core/base/text.h"

void olc_text_buf_add(struct olc_text_buf *t, const char *bytes, size_t n)
{
	if (t->failed)
		return;
	if (t->len + n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 256;
		while (cap < t->len + n + 1)
			cap *= 2;
		char *grown = malloc(cap);
		if (!grown) {
			t->failed = true;
			return;
		}
		if (t->data) {
			memcpy(grown, t->data, t->len);
			olc_wipe(t->data, t->cap);
			free(t->data);
		}
		t->data = grown;
		t->cap = cap;
	}
	memcpy(t->data + t->len, bytes, n);
	t->len += n;
	t->data[t->len] = '\0';
}

void olc_text_buf_add_str(struct olc_text_buf *t, const char *s)
{
	olc_text_buf_add(t, s, strlen(s));
}

void olc_text_buf_add_encoded(struct olc_text_buf *t, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		    *p == '.' || *p == '_' || *p == '~') {
			olc_text_buf_add(t, (const char *)p, 1);
		} else {
			const char escaped[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			olc_text_buf_add(t, escaped, 3);
		}
	}
}

char *olc_text_buf_take(struct olc_text_buf *t)
{
	if (t->failed || !t->data) {
		olc_text_buf_free(t);
		return NULL;
	}
	char *text = t->data;
	*t = (struct olc_text_buf){0};
	return text;
}

void olc_text_buf_free(struct olc_text_buf *t)
{
	if (t->data)
		olc_wipe(t->data, t->cap);
	free(t->data);
	*t = (struct olc_text_buf){0};
}
