/* test_files.c -- fixture files and temporary files for the unit tests */
/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "accessreview/mem.h"
#include "test_files.h"

char *test_read_file(const char *path, size_t *length)
{
	FILE *file = fopen(path, "rb");
	char *data;
	long size;

	if (file == NULL)
		fail_msg("cannot open fixture '%s'", path);
	assert_int_equal(fseek(file, 0, SEEK_END), 0);
	size = ftell(file);
	assert_true(size >= 0);
	rewind(file);
	data = ar_malloc((size_t)size + 1);
	assert_int_equal(fread(data, 1, (size_t)size, file), (size_t)size);
	fclose(file);
	data[size] = '\0';
	if (length != NULL)
		*length = (size_t)size;
	return data;
}

void test_write_file(const char *path, const void *data, size_t length)
{
	FILE *file = fopen(path, "wb");

	if (file == NULL)
		fail_msg("cannot create '%s'", path);
	assert_int_equal(fwrite(data, 1, length, file), length);
	assert_int_equal(fclose(file), 0);
}

char *test_temp_dir(void)
{
	const char *base = getenv("TMPDIR");
	size_t size;
	char *dir;

	if (base == NULL || *base == '\0')
		base = "/tmp";
	size = strlen(base) + sizeof("/accessreview-unit.XXXXXX");
	dir = ar_malloc(size);
	snprintf(dir, size, "%s/accessreview-unit.XXXXXX", base);
	if (mkdtemp(dir) == NULL)
		fail_msg("cannot make a directory like '%s'", dir);
	return dir;
}

/* Only one level: the tests put plain files in their directory. */
void test_remove_tree(const char *dir)
{
	DIR *listing = opendir(dir);
	struct dirent *entry;

	if (listing == NULL)
		return;
	while ((entry = readdir(listing)) != NULL) {
		char path[1024];

		if (strcmp(entry->d_name, ".") == 0 ||
		    strcmp(entry->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, entry->d_name);
		unlink(path);
	}
	closedir(listing);
	rmdir(dir);
}

char *test_public_key_line(const char *pub_path)
{
	char *text = test_read_file(pub_path, NULL);
	char *space = strchr(text, ' ');

	/* "TYPE BASE64 COMMENT": keep the first two fields */
	assert_non_null(space);
	space = strchr(space + 1, ' ');
	if (space != NULL)
		*space = '\0';
	text[strcspn(text, "\r\n")] = '\0';
	return text;
}

void test_public_key(const char *pub_path, struct sshsig_key *key)
{
	char *line = test_public_key_line(pub_path);
	const char *base64 = strchr(line, ' ');
	unsigned char blob[64];
	size_t length = 0;

	assert_non_null(base64);
	assert_int_equal(strncmp(line, "ssh-ed25519 ", 12), 0);
	assert_int_equal(sodium_base642bin(blob, sizeof(blob), base64 + 1,
					   strlen(base64 + 1), NULL, &length,
					   NULL, sodium_base64_VARIANT_ORIGINAL),
			 0);
	/* string "ssh-ed25519" (4 + 11 bytes), then string key (4 + 32) */
	assert_int_equal(length, 51);
	memcpy(key->ed25519, blob + 19, SSHSIG_ED25519_KEY_BYTES);
	free(line);
}
