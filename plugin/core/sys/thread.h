/* Threads, mutexes and condition variables for the core: POSIX threads in thread-posix.c,
 * Windows SRW locks, condition variables and threads in thread-windows.c. The types are
 * defined here so they can be embedded in structs; use them only through these functions.
 * Deadlines are on olc_clock_mono_ms() (sys/clock.h), so a wall-clock change never shortens or
 * stretches a wait. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#ifdef _WIN32
struct olc_mutex {
	void *srw; /* SRWLOCK */
};
struct olc_cond {
	void *cv; /* CONDITION_VARIABLE */
};
struct olc_thread {
	void *handle;
	void *(*fn)(void *arg);
	void *arg;
};
#else
#include <pthread.h>
struct olc_mutex {
	pthread_mutex_t m;
};
struct olc_cond {
	pthread_cond_t c; /* on CLOCK_MONOTONIC */
};
struct olc_thread {
	pthread_t t;
};
#endif

#ifdef __cplusplus
extern "C" {
#endif

void olc_mutex_init(struct olc_mutex *m);
void olc_mutex_destroy(struct olc_mutex *m);
void olc_mutex_lock(struct olc_mutex *m);
void olc_mutex_unlock(struct olc_mutex *m);

void olc_cond_init(struct olc_cond *c);
void olc_cond_destroy(struct olc_cond *c);
void olc_cond_signal(struct olc_cond *c);
void olc_cond_broadcast(struct olc_cond *c);
/* Waits with m held (released while waiting, held again on return). May wake early: callers
 * loop on their own condition. */
void olc_cond_wait(struct olc_cond *c, struct olc_mutex *m);
/* Like olc_cond_wait(), but returns by due_ms on olc_clock_mono_ms() at the latest. */
void olc_cond_wait_until(struct olc_cond *c, struct olc_mutex *m, int64_t due_ms);

/* Starts fn(arg) on a new thread. false when the system has no thread to give. */
bool olc_thread_start(struct olc_thread *t, void *(*fn)(void *arg), void *arg);
/* Waits for a started thread to end and releases it. */
void olc_thread_join(struct olc_thread *t);

#ifdef __cplusplus
}
#endif
