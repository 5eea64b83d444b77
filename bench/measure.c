/*
 * measure: run a command several times and report its wall time and
 * peak memory.
 *
 * Usage: measure RUNS COMMAND [ARGS...]. Each run is timed with the
 * monotonic clock from fork to reaping, and its peak resident set is the
 * child's own ru_maxrss from wait4, so neither the shell nor this program
 * is counted. The child keeps our stdin, stdout and stderr. One line goes
 * to stdout at the end:
 *
 *	median_ms=%.1f max_rss_kib=%ld min_ms=%.1f
 *
 * Any run that fails (non-zero exit, signal, cannot be started) fails the
 * whole measurement with exit status 1: a time for a run that did not do
 * its work means nothing. It must not need anything but libc.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE		/* wait4 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_RUNS	1000

static double
now_ms(void)
{
	struct timespec	ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1) {
		perror("measure: clock_gettime");
		exit(1);
	}
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * Run argv once. Store its wall time in *ms and its peak RSS in *rss_kib.
 * Return 1 if it exited with status 0, else print why and return 0.
 */
static int
run(char *argv[], double *ms, long *rss_kib)
{
	struct rusage	ru;
	double		start;
	pid_t		pid;
	int		status;

	/* Flush first, or a buffered line would be written twice. */
	fflush(stdout);
	start = now_ms();
	if ((pid = fork()) == -1) {
		perror("measure: fork");
		return 0;
	}
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "measure: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) == -1) {
		if (errno != EINTR) {
			perror("measure: wait4");
			return 0;
		}
	}
	*ms = now_ms() - start;
	*rss_kib = ru.ru_maxrss;	/* KiB on Linux */
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "measure: %s: killed by signal %d\n", argv[0],
		    WTERMSIG(status));
		return 0;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "measure: %s: exit status %d\n", argv[0],
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return 0;
	}
	return 1;
}

int
main(int argc, char *argv[])
{
	double		*ms, median;
	long		 rss, max_rss = 0;
	char		*end;
	long		 runs, i;

	if (argc < 3) {
		fputs("usage: measure RUNS COMMAND [ARGS...]\n", stderr);
		return 64;
	}
	errno = 0;
	runs = strtol(argv[1], &end, 10);
	if (*end != '\0' || errno != 0 || runs < 1 || runs > MAX_RUNS) {
		fprintf(stderr, "measure: %s: not a number of runs (1 to %d)\n",
		    argv[1], MAX_RUNS);
		return 64;
	}
	if ((ms = malloc((size_t)runs * sizeof(ms[0]))) == NULL) {
		perror("measure: malloc");
		return 1;
	}
	for (i = 0; i < runs; i++) {
		if (!run(argv + 2, &ms[i], &rss)) {
			free(ms);
			return 1;
		}
		if (rss > max_rss)
			max_rss = rss;
	}
	qsort(ms, (size_t)runs, sizeof(ms[0]), cmp_double);
	median = runs % 2 ? ms[runs / 2] :
	    (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
	printf("median_ms=%.1f max_rss_kib=%ld min_ms=%.1f\n", median, max_rss,
	    ms[0]);
	free(ms);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		perror("measure: stdout");
		return 1;
	}
	return 0;
}
