/* Error text for people: every core function that can fail fills a struct olc_error with a
 * sentence a streamer can read ("deck.json: item 3 (#7): price ..."), never a code. */
#pragma once

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define OLC_PRINTF(fmt_index, args_index) __attribute__((format(printf, fmt_index, args_index)))
#else
#define OLC_PRINTF(fmt_index, args_index)
#endif

struct olc_error {
	char text[256]; /* plain words a user can read; UTF-8, never cut inside a character */
};

/* Sets err->text from a printf format. err may be NULL (the caller does not want the text).
 * Text longer than the buffer is cut at a character boundary. Any thread. */
void olc_error_set(struct olc_error *err, const char *fmt, ...) OLC_PRINTF(2, 3);

/* Empties err->text. err may be NULL. */
void olc_error_clear(struct olc_error *err);

/* Size of a buffer for olc_error_excerpt() that keeps messages short. */
#define OLC_EXCERPT_LEN 40

/* Copies at most len - 1 bytes of text into buf for quoting in a message: control characters
 * become '?', and text that does not fit ends in "..." without splitting a UTF-8 character.
 * NULL text gives "". Returns buf, so it can be used directly as a printf argument. */
const char *olc_error_excerpt(char *buf, size_t len, const char *text);

/* What is wrong with a JSON text, in words, for jansson's json_error_code(): "unexpected text",
 * "the text ends too early". Never jansson's own message, whose "near '...'" quotes the text: a
 * local file may be anything (a user once pointed a deck at /etc/shadow) and a shop's answer is
 * hostile. Place the problem with the error's line and column instead. */
const char *olc_json_error_words(int code);

#ifdef __cplusplus
}
#endif
