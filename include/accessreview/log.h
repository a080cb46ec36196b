/* log.h -- diagnostics to stderr, text or JSON, with secret redaction */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_LOG_H
#define ACCESSREVIEW_LOG_H

#include <stddef.h>

enum log_level { LOG_ERROR = 0, LOG_WARNING, LOG_INFO, LOG_DEBUG };
enum log_format { LOG_FORMAT_TEXT = 0, LOG_FORMAT_JSON };

void log_setup(enum log_level threshold, enum log_format format);
enum log_level log_threshold(void);

/*
 * Write one line.  The message passes through log_redact first, so a
 * library message that quotes "password=hunter2" is logged with the value
 * replaced by "[redacted]".  Control characters are written as \x1b (text)
 * or \u001b (JSON): a quoted export never sends a terminal escape.
 */
void log_message(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_error(...) log_message(LOG_ERROR, __VA_ARGS__)
#define log_warning(...) log_message(LOG_WARNING, __VA_ARGS__)
#define log_info(...) log_message(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_message(LOG_DEBUG, __VA_ARGS__)

/* 1 when a key name looks like it holds a secret (token, password, ...). */
int log_key_is_secret(const char *key, size_t length);
/*
 * Copy text to out (size bytes, always terminated), replacing the value of
 * every "key=value" or "key: value" pair whose key looks
 * secret with "[redacted]".
 */
void log_redact(const char *text, char *out, size_t size);

#endif
