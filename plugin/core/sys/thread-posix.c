/* pthread_condattr_setclock and clock_gettime are POSIX.1-2008, outside plain C17. */
#define _POSIX_C_SOURCE 200809L

#include "core/sys/thread.h"

#include <time.h>

void olc_mutex_init(struct olc_mutex *m)
{
	pthread_mutex_init(&m->m, NULL);
}

void olc_mutex_destroy(struct olc_mutex *m)
{
	pthread_mutex_destroy(&m->m);
}

void olc_mutex_lock(struct olc_mutex *m)
{
	pthread_mutex_lock(&m->m);
}

void olc_mutex_unlock(struct olc_mutex *m)
{
	pthread_mutex_unlock(&m->m);
}

void olc_cond_init(struct olc_cond *c)
{
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&c->c, &attr);
	pthread_condattr_destroy(&attr);
}

void olc_cond_destroy(struct olc_cond *c)
{
	pthread_cond_destroy(&c->c);
}

void olc_cond_signal(struct olc_cond *c)
{
	pthread_cond_signal(&c->c);
}

void olc_cond_broadcast(struct olc_cond *c)
{
	pthread_cond_broadcast(&c->c);
}

void olc_cond_wait(struct olc_cond *c, struct olc_mutex *m)
{
	pthread_cond_wait(&c->c, &m->m);
}

void olc_cond_wait_until(struct olc_cond *c, struct olc_mutex *m, int64_t due_ms)
{
	struct timespec ts = {.tv_sec = (time_t)(due_ms / 1000), .tv_nsec = (long)(due_ms % 1000) * 1000000};
	pthread_cond_timedwait(&c->c, &m->m, &ts);
}

bool olc_thread_start(struct olc_thread *t, void *(*fn)(void *arg), void *arg)
{
	return pthread_create(&t->t, NULL, fn, arg) == 0;
}

void olc_thread_join(struct olc_thread *t)
{
	pthread_join(t->t, NULL);
}
