// SPDX-License-Identifier: GPL-2.0
/*
 * glibc-threads: 16 POSIX threads sharing a mutex and two condition
 * variables (futex-based in glibc): every thread waits at a start line,
 * adds to a shared counter under the mutex, and the last one to finish
 * wakes the main thread. Deterministic output.
 */
#include <pthread.h>
#include <stdio.h>

#define THREADS 16
#define ADDS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t go = PTHREAD_COND_INITIALIZER;
static pthread_cond_t done = PTHREAD_COND_INITIALIZER;
static int started, finished, running;
static long total;

static void *worker(void *arg __attribute__((unused)))
{
	long mine = 0;
	int i;

	pthread_mutex_lock(&lock);
	started++;
	while (!running)
		pthread_cond_wait(&go, &lock);
	pthread_mutex_unlock(&lock);
	for (i = 0; i < ADDS; i++) {
		pthread_mutex_lock(&lock);
		total++;
		pthread_mutex_unlock(&lock);
		mine++;
	}
	pthread_mutex_lock(&lock);
	if (++finished == THREADS)
		pthread_cond_signal(&done);
	pthread_mutex_unlock(&lock);
	return (void *)mine;
}

int main(void)
{
	pthread_t t[THREADS];
	long joined = 0;
	void *ret;
	int i;

	for (i = 0; i < THREADS; i++)
		if (pthread_create(&t[i], NULL, worker, NULL))
			return 1;
	pthread_mutex_lock(&lock);
	running = 1;
	pthread_cond_broadcast(&go);
	while (finished < THREADS)
		pthread_cond_wait(&done, &lock);
	pthread_mutex_unlock(&lock);
	for (i = 0; i < THREADS; i++) {
		if (pthread_join(t[i], &ret))
			return 2;
		joined += (long)ret;
	}
	printf("threads=%d started=%d total=%ld joined=%ld\n", THREADS, started,
	       total, joined);
	return 0;
}
