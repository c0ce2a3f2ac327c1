/* Digests through OpenSSL's libcrypto (EVP and HMAC one-shot calls, OpenSSL 1.1 and 3): Linux and other POSIX systems. */
#include "core/sys/digest.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

bool olc_hmac_sha256(const void *key, size_t key_len, const void *data, size_t len, uint8_t out[OLC_SHA256_BYTES])
{
	unsigned int out_len = 0;
	static const uint8_t none = 0;
	/* HMAC() takes an int key length and refuses a NULL key or data even when empty. */
	if (key_len > INT32_MAX)
		return false;
	return HMAC(EVP_sha256(), key_len ? key : &none, (int)key_len, len ? data : &none, len, out, &out_len) &&
	       out_len == OLC_SHA256_BYTES;
}

bool olc_md5(const void *data, size_t len, uint8_t out[OLC_MD5_BYTES])
{
	unsigned int out_len = 0;
	static const uint8_t none = 0;
	return EVP_Digest(len ? data : &none, len, out, &out_len, EVP_md5(), NULL) == 1 && out_len == OLC_MD5_BYTES;
}
