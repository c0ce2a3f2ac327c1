#include "core/sys/thread.h"

#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <process.h>

#include "core/sys/clock.h"

/* SRWLOCK and CONDITION_VARIABLE are one pointer each, zero when unused: the structs in thread.h
 * hold them as a void * so that header needs no <windows.h>. */
_Static_assert(sizeof(SRWLOCK) == sizeof(void *), "SRWLOCK is one pointer");
_Static_assert(sizeof(CONDITION_VARIABLE) == sizeof(void *), "CONDITION_VARIABLE is one pointer");

#define SRW(m) ((PSRWLOCK)(void *)&(m)->srw)
#define CV(c)  ((PCONDITION_VARIABLE)(void *)&(c)->cv)

void olc_mutex_init(struct olc_mutex *m)
{
	InitializeSRWLock(SRW(m));
}

void olc_mutex_destroy(struct olc_mutex *m)
{
	(void)m; /* an SRW lock holds no resources */
}

void olc_mutex_lock(struct olc_mutex *m)
{
	AcquireSRWLockExclusive(SRW(m));
}

void olc_mutex_unlock(struct olc_mutex *m)
{
	ReleaseSRWLockExclusive(SRW(m));
}

void olc_cond_init(struct olc_cond *c)
{
	InitializeConditionVariable(CV(c));
}

void olc_cond_destroy(struct olc_cond *c)
{
	(void)c;
}

void olc_cond_signal(struct olc_cond *c)
{
	WakeConditionVariable(CV(c));
}

void olc_cond_broadcast(struct olc_cond *c)
{
	WakeAllConditionVariable(CV(c));
}

void olc_cond_wait(struct olc_cond *c, struct olc_mutex *m)
{
	SleepConditionVariableSRW(CV(c), SRW(m), INFINITE, 0);
}

void olc_cond_wait_until(struct olc_cond *c, struct olc_mutex *m, int64_t due_ms)
{
	int64_t left = due_ms - olc_clock_mono_ms();
	if (left < 0)
		left = 0;
	if (left >= (int64_t)INFINITE)
		left = (int64_t)INFINITE - 1;
	SleepConditionVariableSRW(CV(c), SRW(m), (DWORD)left, 0);
}

static unsigned __stdcall thread_main(void *arg)
{
	struct olc_thread *t = arg;
	t->fn(t->arg);
	return 0;
}

bool olc_thread_start(struct olc_thread *t, void *(*fn)(void *arg), void *arg)
{
	t->fn = fn;
	t->arg = arg;
	uintptr_t h = _beginthreadex(NULL, 0, thread_main, t, 0, NULL);
	t->handle = (void *)h;
	return h != 0;
}

void olc_thread_join(struct olc_thread *t)
{
	WaitForSingleObject((HANDLE)t->handle, INFINITE);
	CloseHandle((HANDLE)t->handle);
	t->handle = NULL;
}
