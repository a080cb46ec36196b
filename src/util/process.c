/* process.c -- run a program with data on its standard input, no shell */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "accessreview/process.h"

extern char **environ;

/* posix_spawn: fork and exec in one call, with the exec's failure
 * reported to us (glibc) rather than lost in a child. */
static enum ar_rc start(char *const argv[], int input, pid_t *pid,
			struct ar_error *err)
{
	posix_spawn_file_actions_t actions;
	posix_spawnattr_t attributes;
	sigset_t defaults;
	int error;

	posix_spawn_file_actions_init(&actions);
	posix_spawnattr_init(&attributes);
	sigemptyset(&defaults);
	sigaddset(&defaults, SIGPIPE);
	posix_spawn_file_actions_adddup2(&actions, input, STDIN_FILENO);
	posix_spawnattr_setsigdefault(&attributes, &defaults);
	posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
	error = posix_spawn(pid, argv[0], &actions, &attributes, argv,
			    environ);
	posix_spawnattr_destroy(&attributes);
	posix_spawn_file_actions_destroy(&actions);
	if (error != 0)
		return ar_error_errno(err, AR_ERR_CONFIG, error,
				      "cannot run '%s'", argv[0]);
	return AR_OK;
}

/* Write all of data, or stop where the reader went away. */
static size_t feed(int output, const char *data, size_t length)
{
	struct sigaction ignore, previous;
	size_t done = 0;

	memset(&ignore, 0, sizeof(ignore));
	ignore.sa_handler = SIG_IGN;
	sigemptyset(&ignore.sa_mask);
	sigaction(SIGPIPE, &ignore, &previous);
	while (done < length) {
		ssize_t n = write(output, data + done, length - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	sigaction(SIGPIPE, &previous, NULL);
	return done;
}

static enum ar_rc wait_for(pid_t pid, const char *program,
			   struct process_result *result,
			   struct ar_error *err)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return ar_error_errno(err, AR_ERR_INTERNAL, errno,
					      "cannot wait for '%s'", program);
	}
	if (WIFSIGNALED(status)) {
		result->signal = WTERMSIG(status);
		result->status = 128 + result->signal;
	} else {
		result->status = WEXITSTATUS(status);
	}
	return AR_OK;
}

enum ar_rc process_feed(char *const argv[], const void *data, size_t length,
			struct process_result *result, struct ar_error *err)
{
	int pipe_ends[2];
	pid_t pid;
	enum ar_rc rc;

	memset(result, 0, sizeof(*result));
	if (pipe2(pipe_ends, O_CLOEXEC) != 0)
		return ar_error_errno(err, AR_ERR_INTERNAL, errno,
				      "cannot make a pipe for '%s'", argv[0]);
	rc = start(argv, pipe_ends[0], &pid, err);
	close(pipe_ends[0]);
	if (rc == AR_OK)
		result->written = feed(pipe_ends[1], data, length);
	close(pipe_ends[1]);
	if (rc == AR_OK)
		rc = wait_for(pid, argv[0], result, err);
	return rc;
}
