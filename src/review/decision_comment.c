/* decision_comment.c -- whether a decision's comment says why */
/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <string.h>

#include "accessreview/decisions.h"

/* A UTF-8 continuation byte: part of the character before it. */
static int continues_character(unsigned char byte)
{
	return (byte & 0xC0) == 0x80;
}

int decisions_comment_gives_reason(const char *comment)
{
	size_t length, characters = 0, words = 0;
	int in_word = 0;

	if (comment == NULL)
		return 0;
	while (isspace((unsigned char)*comment))
		comment++;
	length = strlen(comment);
	while (length > 0 && isspace((unsigned char)comment[length - 1]))
		length--;
	for (size_t i = 0; i < length; i++) {
		int letter = isalnum((unsigned char)comment[i]) ||
			     (unsigned char)comment[i] >= 0x80;

		/* the minimum is in characters, as the man page says: "für"
		 * is three, not four */
		if (!continues_character((unsigned char)comment[i]))
			characters++;
		if (letter && !in_word)
			words++;
		in_word = letter;
	}
	return characters >= DECISIONS_REASON_MIN_LENGTH && words >= 2;
}
