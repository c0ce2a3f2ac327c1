/* Digests through Windows' CNG (bcrypt.dll): one algorithm handle per call, which is cheap next
 * to the network request each signature goes with. */
#include "core/sys/digest.h"

#include <limits.h>

#include <windows.h>
#include <bcrypt.h>

static bool digest(LPCWSTR algorithm, bool hmac, const void *key, size_t key_len, const void *data, size_t len,
		   uint8_t *out, ULONG out_len)
{
	BCRYPT_ALG_HANDLE alg = NULL;
	BCRYPT_HASH_HANDLE hash = NULL;
	bool ok = false;

	if (key_len > ULONG_MAX || len > ULONG_MAX)
		return false;
	if (BCryptOpenAlgorithmProvider(&alg, algorithm, NULL, hmac ? BCRYPT_ALG_HANDLE_HMAC_FLAG : 0) != 0)
		return false;
	if (BCryptCreateHash(alg, &hash, NULL, 0, hmac ? (PUCHAR)key : NULL, hmac ? (ULONG)key_len : 0, 0) == 0 &&
	    BCryptHashData(hash, (PUCHAR)data, (ULONG)len, 0) == 0 && BCryptFinishHash(hash, out, out_len, 0) == 0)
		ok = true;
	if (hash)
		BCryptDestroyHash(hash);
	BCryptCloseAlgorithmProvider(alg, 0);
	return ok;
}

bool olc_hmac_sha256(const void *key, size_t key_len, const void *data, size_t len, uint8_t out[OLC_SHA256_BYTES])
{
	return digest(BCRYPT_SHA256_ALGORITHM, true, key, key_len, data, len, out, OLC_SHA256_BYTES);
}

bool olc_md5(const void *data, size_t len, uint8_t out[OLC_MD5_BYTES])
{
	return digest(BCRYPT_MD5_ALGORITHM, false, NULL, 0, data, len, out, OLC_MD5_BYTES);
}
