/* json_util.c -- lenient lookups in jansson trees shared by JSON readers */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "accessreview/mem.h"
#include "accessreview/text.h"
#include "json_util.h"

json_t *json_get_nocase(json_t *object, const char *key)
{
	const char *candidate;
	json_t *value;

	if (!json_is_object(object))
		return NULL;
	value = json_object_get(object, key);
	if (value != NULL)
		return value;
	json_object_foreach (object, candidate, value) {
		if (strcasecmp(candidate, key) == 0)
			return value;
	}
	return NULL;
}

const char *json_get_string_nocase(json_t *object, const char *key)
{
	return json_string_value(json_get_nocase(object, key));
}

int json_bool_lenient(json_t *value)
{
	if (json_is_boolean(value))
		return json_is_true(value);
	if (json_is_string(value))
		return text_parse_bool(json_string_value(value));
	return -1;
}

/* jansson quotes the input near an error: keep control bytes out. */
static void clean_text(const char *text, char *out, size_t size)
{
	size_t i;

	for (i = 0; i + 1 < size && text[i] != '\0'; i++) {
		unsigned char byte = (unsigned char)text[i];

		out[i] = byte < 0x20 || byte == 0x7f ? '?' : (char)byte;
	}
	out[i] = '\0';
}

enum ar_rc json_parse_failed(struct ar_error *err, const char *path, int line,
			     const json_error_t *error)
{
	char text[JSON_ERROR_TEXT_LENGTH];

	clean_text(error->text, text, sizeof(text));
	if (json_error_code(error) == json_error_out_of_memory)
		return ar_error_set(err, AR_ERR_INTERNAL,
				    "%s: out of memory while parsing JSON",
				    path);
	if (line <= 0)
		line = error->line;
	return ar_error_set(err, AR_ERR_DATA, "%s:%d: %s (column %d)", path,
			    line, text, error->column);
}

/* Bytes read at a time; jansson asks for at most 1 KiB per call. */
#define JSON_STREAM_CHUNK (64 * 1024)
/*
 * Bytes of the previous chunk kept on refill: jansson may give back a
 * UTF-8 character that straddles two chunks.
 */
#define JSON_STREAM_KEEP 8

void json_stream_init(struct json_stream *stream, FILE *file,
		      const char *path, long long offset)
{
	stream->file = file;
	stream->path = path;
	stream->buffer = ar_malloc(JSON_STREAM_CHUNK);
	stream->start = 0;
	stream->end = 0;
	stream->handed = 0;
	stream->offset = offset;
	stream->base = offset;
	stream->read_errno = 0;
	stream->load_flags = 0;
	if (fseeko(file, (off_t)offset, SEEK_SET) != 0)
		stream->read_errno = errno != 0 ? errno : EIO;
}

void json_stream_release(struct json_stream *stream)
{
	free(stream->buffer);
	stream->buffer = NULL;
}

/* Read more once every byte was used; return how many were added. */
static size_t refill(struct json_stream *stream)
{
	size_t keep = stream->end < JSON_STREAM_KEEP ? stream->end
						     : JSON_STREAM_KEEP;
	size_t count;

	if (stream->read_errno != 0)
		return 0;
	memmove(stream->buffer, stream->buffer + stream->end - keep, keep);
	stream->start = keep;
	stream->end = keep;
	count = fread(stream->buffer + keep, 1, JSON_STREAM_CHUNK - keep,
		      stream->file);
	if (count == 0 && ferror(stream->file))
		stream->read_errno = errno != 0 ? errno : EIO;
	stream->end += count;
	return count;
}

int json_stream_peek(struct json_stream *stream)
{
	for (;;) {
		while (stream->start < stream->end) {
			int byte = (unsigned char)stream->buffer[stream->start];

			if (byte != ' ' && byte != '\t' && byte != '\n' &&
			    byte != '\r')
				return byte;
			stream->start++;
			stream->offset++;
		}
		if (refill(stream) == 0)
			return EOF;
	}
}

void json_stream_skip(struct json_stream *stream)
{
	if (stream->start < stream->end) {
		stream->start++;
		stream->offset++;
	}
}

/* jansson's input callback: the unread bytes of the buffer. */
static size_t feed(void *buffer, size_t size, void *data)
{
	struct json_stream *stream = data;
	size_t count;

	if (stream->start == stream->end && refill(stream) == 0)
		return 0;
	count = stream->end - stream->start;
	if (count > size)
		count = size;
	memcpy(buffer, stream->buffer + stream->start, count);
	stream->start += count;
	stream->offset += count;
	stream->handed += count;
	return count;
}

/* Line and column (in characters, as jansson counts) of the byte just
 * before `target`, found by reading the file again from the start. */
static void locate(struct json_stream *stream, long long target, long *line,
		   long *column)
{
	long long at = stream->base;
	int byte;

	*line = 1;
	*column = 0;
	if (fseeko(stream->file, (off_t)at, SEEK_SET) != 0)
		return;
	while (at < target && (byte = getc(stream->file)) != EOF) {
		if (byte == '\n') {
			(*line)++;
			*column = 0;
		} else if ((byte & 0xc0) != 0x80) {
			(*column)++;
		}
		at++;
	}
}

static enum ar_rc read_failed(const struct json_stream *stream,
			      struct ar_error *err)
{
	return ar_error_set(err, AR_ERR_NOINPUT, "cannot read '%s': %s",
			    stream->path, strerror(stream->read_errno));
}

enum ar_rc json_stream_value(struct json_stream *stream, json_t **out,
			     struct ar_error *err)
{
	long long value_start;
	char text[JSON_ERROR_TEXT_LENGTH];
	json_error_t error;
	size_t unused;
	long line, column;

	*out = NULL;
	if (json_stream_peek(stream) == EOF)
		return json_stream_expected(stream, "a value", err);
	value_start = stream->offset;
	stream->handed = 0;
	*out = json_load_callback(feed, stream,
				  JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK |
					  stream->load_flags,
				  &error);
	if (stream->read_errno != 0 ||
	    (*out == NULL &&
	     json_error_code(&error) == json_error_out_of_memory)) {
		json_decref(*out);
		*out = NULL;
		if (stream->read_errno != 0)
			return read_failed(stream, err);
		return json_parse_failed(err, stream->path, 0, &error);
	}
	if (*out == NULL) {
		locate(stream, value_start + error.position, &line, &column);
		clean_text(error.text, text, sizeof(text));
		return ar_error_set(err, AR_ERR_DATA, "%s:%ld: %s (column %ld)",
				    stream->path, line, text, column);
	}
	/* jansson reads ahead (a number ends at the byte after it) */
	unused = stream->handed - (size_t)error.position;
	if (error.position < 0 || unused > stream->start) {
		json_decref(*out);
		*out = NULL;
		return ar_error_set(err, AR_ERR_INTERNAL,
				    "%s: lost track of the JSON input",
				    stream->path);
	}
	stream->start -= unused;
	stream->offset -= (long long)unused;
	return AR_OK;
}

enum ar_rc json_stream_expected(struct json_stream *stream, const char *what,
				struct ar_error *err)
{
	int next = json_stream_peek(stream);
	long line, column;

	if (stream->read_errno != 0)
		return read_failed(stream, err);
	locate(stream, stream->offset + (next != EOF), &line, &column);
	if (next == EOF)
		return ar_error_set(err, AR_ERR_DATA,
				    "%s:%ld: premature end of input (column "
				    "%ld)",
				    stream->path, line, column);
	return ar_error_set(err, AR_ERR_DATA, "%s:%ld: %s expected (column %ld)",
			    stream->path, line, what, column);
}
