/* log.c -- diagnostics to stderr, text or JSON, with secret redaction */
/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "accessreview/log.h"

static enum log_level current_threshold = LOG_WARNING;
static enum log_format current_format = LOG_FORMAT_TEXT;

static const char *const level_names[] = { "error", "warning", "info",
					    "debug" };

/* Key fragments that mark a secret (policy: logs never hold secrets). */
static const char *const secret_words[] = {
	"token", "secret", "password", "passwd", "authorization",
	"cookie", "key", "credential", "bearer", "apikey",
};

void log_setup(enum log_level threshold, enum log_format format)
{
	current_threshold = threshold;
	current_format = format;
}

enum log_level log_threshold(void)
{
	return current_threshold;
}

/* A key is secret when it ends in one of the words ("api_token",
 * "X-API-Key", "client_secret"): a word in the middle ("credential-report")
 * names something else. */
int log_key_is_secret(const char *key, size_t length)
{
	while (length > 0 && (key[length - 1] == '"' || key[length - 1] == '\''))
		length--;
	for (size_t i = 0; i < sizeof(secret_words) / sizeof(secret_words[0]);
	     i++) {
		size_t word = strlen(secret_words[i]);

		if (length >= word &&
		    strncasecmp(key + length - word, secret_words[i], word) == 0)
			return 1;
		/* plural: "credentials", "tokens" */
		if (length == word + 1 && tolower((unsigned char)key[word]) == 's'
		    && strncasecmp(key, secret_words[i], word) == 0)
			return 1;
	}
	return 0;
}

static int is_key_char(int ch)
{
	return isalnum(ch) || ch == '_' || ch == '-' || ch == '.';
}

/* Length of the value starting at text: up to a blank, comma or quote. */
static size_t value_length(const char *text)
{
	size_t n = 0;

	if (*text == '"' || *text == '\'') {
		char quote = *text;

		n = 1;
		while (text[n] && text[n] != quote)
			n++;
		return text[n] ? n + 1 : n;
	}
	while (text[n] && !isspace((unsigned char)text[n]) && text[n] != ',' &&
	       text[n] != ';' && text[n] != '&' && text[n] != '}')
		n++;
	return n;
}

/* The value, and for "Bearer xyz" / "Basic xyz" the credential too. */
static size_t skip_secret_value(const char *text)
{
	static const char *const schemes[] = { "bearer ", "basic ",
					       "negotiate ", "token " };
	size_t n = value_length(text);

	for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		size_t length = strlen(schemes[i]);

		if (n + 1 == length && strncasecmp(text, schemes[i], length) == 0)
			return length + value_length(text + length);
	}
	return n;
}

static void append(char *out, size_t size, size_t *used, const char *data,
		   size_t length)
{
	if (*used + 1 >= size)
		return;
	if (length > size - 1 - *used)
		length = size - 1 - *used;
	memcpy(out + *used, data, length);
	*used += length;
	out[*used] = '\0';
}

void log_redact(const char *text, char *out, size_t size)
{
	size_t used = 0;
	const char *p = text;

	if (size == 0)
		return;
	out[0] = '\0';
	while (*p) {
		const char *key = p;
		size_t key_length = 0, gap = 0;

		while (is_key_char((unsigned char)key[key_length]))
			key_length++;
		if (key_length == 0) {
			append(out, size, &used, p, 1);
			p++;
			continue;
		}
		append(out, size, &used, key, key_length);
		p = key + key_length;
		if (*p == '"' || *p == '\'')
			gap++;
		while (p[gap] == ' ' || p[gap] == ':' || p[gap] == '=')
			gap++;
		/* only "key=value" and "key: value": prose that merely
		 * mentions a password stays readable */
		if (memchr(p, '=', gap) == NULL && memchr(p, ':', gap) == NULL)
			continue;
		if (!log_key_is_secret(key, key_length) || p[gap] == '\0')
			continue;
		append(out, size, &used, p, gap);
		p += gap;
		append(out, size, &used, "[redacted]", 10);
		p += skip_secret_value(p);
	}
}

static void write_json_string(FILE *out, const char *text)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

/* A message may quote an export or the configuration: its control
 * characters are shown as \x1b, so that no terminal escape reaches
 * stderr, whether or not it is a terminal (cron mails it). */
static void write_text_line(FILE *out, const char *text)
{
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p < 0x20 || *p == 0x7F)
			fprintf(out, "\\x%02x", *p);
		else
			fputc(*p, out);
	}
	fputc('\n', out);
}

void log_message(enum log_level level, const char *fmt, ...)
{
	char raw[4096], clean[4096];
	va_list ap;

	if (level > current_threshold)
		return;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	log_redact(raw, clean, sizeof(clean));
	if (current_format == LOG_FORMAT_JSON) {
		fprintf(stderr, "{\"level\":\"%s\",\"message\":",
			level_names[level]);
		write_json_string(stderr, clean);
		fputs("}\n", stderr);
	} else {
		fprintf(stderr, "accessreview: %s: ", level_names[level]);
		write_text_line(stderr, clean);
	}
}
