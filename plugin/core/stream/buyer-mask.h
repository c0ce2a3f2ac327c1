/* Buyer names on stream: only the first character and two stars. Any thread. */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

/* "Zhang Wei" -> "Z**", "张伟" -> "张**": the first character (UTF-8 aware) and two stars;
 * NULL or empty -> NULL. Returns a new string (free()). */
char *olc_mask_buyer(const char *buyer);

#ifdef __cplusplus
}
#endif
