#include "core/sys/clock.h"

#define WIN32_LEAN_AND_MEAN
#include <windows.h>

/* FILETIME counts 100 ns intervals since 1601-01-01; this many of them lie before 1970. */
#define UNIX_EPOCH_IN_FILETIME 116444736000000000ull

uint64_t olc_clock_unix_ns(void)
{
	FILETIME ft;
	GetSystemTimePreciseAsFileTime(&ft);
	uint64_t t = ((uint64_t)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
	return (t - UNIX_EPOCH_IN_FILETIME) * 100;
}

int64_t olc_clock_unix_ms(void)
{
	return (int64_t)(olc_clock_unix_ns() / 1000000);
}

int64_t olc_clock_mono_ms(void)
{
	/* GetTickCount64 is steady and counts from boot, like CLOCK_MONOTONIC, at 10-16 ms
	 * resolution: enough for poll intervals and timeouts. */
	return (int64_t)GetTickCount64();
}

void olc_sleep_ms(int64_t ms)
{
	if (ms > 0)
		Sleep(ms > 0x7FFFFFFF ? 0x7FFFFFFF : (DWORD)ms);
}
