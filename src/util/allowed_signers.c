/* allowed_signers.c -- OpenSSH's allowed_signers file: who signs with what */
/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sodium.h>

#include "accessreview/mem.h"
#include "accessreview/sshsig.h"

#define ALLOWED_SIGNERS_MAX_FILE (1024 * 1024)

struct allowed_signer {
	char *principals;            /* comma-separated patterns */
	char *namespaces;            /* NULL: any */
	time_t valid_after;          /* 0: no bound */
	time_t valid_before;
	int cert_authority;
	unsigned int given;          /* OPTION_* seen: each at most once */
	int usable;                  /* an Ed25519 key we can compare */
	struct sshsig_key key;
};

enum {
	OPTION_NAMESPACES = 1 << 0,
	OPTION_VALID_AFTER = 1 << 1,
	OPTION_VALID_BEFORE = 1 << 2
};

struct allowed_signers {
	struct allowed_signer *lines;
	size_t count;
};

/* A token: up to blank space outside double quotes; quotes are kept. */
static char *next_token(char **cursor)
{
	char *start = *cursor, *end;
	int quoted = 0;

	while (*start == ' ' || *start == '\t')
		start++;
	if (*start == '\0')
		return NULL;
	for (end = start; *end && (quoted || (*end != ' ' && *end != '\t'));
	     end++)
		if (*end == '"')
			quoted = !quoted;
	if (*end)
		*end++ = '\0';
	*cursor = end;
	return start;
}

static void unquote(char *text)
{
	size_t length = strlen(text);

	if (length >= 2 && text[0] == '"' && text[length - 1] == '"') {
		memmove(text, text + 1, length - 2);
		text[length - 2] = '\0';
	}
}

static int is_key_type(const char *token)
{
	return strncmp(token, "ssh-", 4) == 0 ||
	       strncmp(token, "ecdsa-", 6) == 0 ||
	       strncmp(token, "sk-", 3) == 0 ||
	       strncmp(token, "rsa-", 4) == 0;
}

/* 1 when timegm kept tm as given: it turns 2026-13-01 into 2027-01-01,
 * where ssh-keygen refuses the date. */
static int is_calendar_time(time_t when, const struct tm *given)
{
	struct tm back;

	return gmtime_r(&when, &back) != NULL &&
	       back.tm_year == given->tm_year && back.tm_mon == given->tm_mon &&
	       back.tm_mday == given->tm_mday &&
	       back.tm_hour == given->tm_hour && back.tm_min == given->tm_min &&
	       back.tm_sec == given->tm_sec;
}

/* YYYYMMDD[HHMM[SS]][Z], as ssh-keygen takes them. */
static int parse_time(const char *text, time_t *out)
{
	struct tm tm = { 0 }, given;
	size_t digits = strspn(text, "0123456789");
	int utc = text[digits] == 'Z' || text[digits] == 'z';

	if ((digits != 8 && digits != 12 && digits != 14) ||
	    text[digits + (utc ? 1 : 0)] != '\0')
		return 0;
	if (sscanf(text, "%4d%2d%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return 0;
	if (digits >= 12)
		sscanf(text + 8, "%2d%2d", &tm.tm_hour, &tm.tm_min);
	if (digits == 14)
		sscanf(text + 12, "%2d", &tm.tm_sec);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	/* without Z ssh-keygen means local time; UTC here, documented */
	given = tm;
	*out = timegm(&tm);
	return is_calendar_time(*out, &given);
}

struct parse {
	const char *path;
	long line;
	struct ar_error *err;
};

static enum ar_rc bad(const struct parse *parse, const char *problem,
		      const char *text)
{
	return ar_error_set(parse->err, AR_ERR_CONFIG, "%s:%ld: %s%s%s%s",
			    parse->path, parse->line, problem,
			    text ? " '" : "", text ? text : "",
			    text ? "'" : "");
}

/* Each option at most once, as ssh-keygen insists: which of two
 * namespaces= lists would count is anyone's guess. */
static enum ar_rc note_option(const struct parse *parse, const char *option,
			      unsigned int bit, struct allowed_signer *signer)
{
	if (signer->given & bit)
		return bad(parse, "repeated option", option);
	signer->given |= bit;
	return AR_OK;
}

static unsigned int option_bit(const char *option)
{
	if (strcasecmp(option, "namespaces") == 0)
		return OPTION_NAMESPACES;
	if (strcasecmp(option, "valid-after") == 0)
		return OPTION_VALID_AFTER;
	if (strcasecmp(option, "valid-before") == 0)
		return OPTION_VALID_BEFORE;
	return 0;
}

static enum ar_rc parse_option(const struct parse *parse, char *option,
			       struct allowed_signer *signer)
{
	char *value = strchr(option, '=');
	enum ar_rc rc = AR_OK;

	if (value)
		*value++ = '\0';
	if (value)
		unquote(value);
	if (value && option_bit(option))
		rc = note_option(parse, option, option_bit(option), signer);
	if (rc != AR_OK)
		return rc;
	if (strcasecmp(option, "cert-authority") == 0 && value == NULL)
		signer->cert_authority = 1;
	else if (strcasecmp(option, "namespaces") == 0 && value)
		signer->namespaces = ar_strdup(value);
	else if (strcasecmp(option, "valid-after") == 0 && value) {
		if (!parse_time(value, &signer->valid_after))
			return bad(parse, "valid-after is not YYYYMMDD[HHMM[SS]]:",
				   value);
	} else if (strcasecmp(option, "valid-before") == 0 && value) {
		if (!parse_time(value, &signer->valid_before))
			return bad(parse, "valid-before is not YYYYMMDD[HHMM[SS]]:",
				   value);
	} else {
		return bad(parse, "unknown option", option);
	}
	return AR_OK;
}

/* Options are comma-separated, commas inside quotes included. */
static enum ar_rc parse_options(const struct parse *parse, char *options,
				struct allowed_signer *signer)
{
	enum ar_rc rc = AR_OK;
	char *start = options;
	int quoted = 0;

	for (char *c = options; rc == AR_OK; c++) {
		if (*c == '"')
			quoted = !quoted;
		if ((*c == ',' && !quoted) || *c == '\0') {
			int last = *c == '\0';

			*c = '\0';
			rc = parse_option(parse, start, signer);
			if (last)
				break;
			start = c + 1;
		}
	}
	return rc;
}

static void decode_key(const char *type, const char *base64,
		       struct allowed_signer *signer)
{
	unsigned char blob[256];
	size_t length = 0;

	if (strcmp(type, "ssh-ed25519") != 0 ||
	    sodium_base642bin(blob, sizeof(blob), base64, strlen(base64), NULL,
			      &length, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0)
		return;
	/* string "ssh-ed25519" (4 + 11 bytes), string key (4 + 32) */
	if (length != 51 || memcmp(blob + 4, "ssh-ed25519", 11) != 0 ||
	    blob[15] != 0 || blob[16] != 0 || blob[17] != 0 || blob[18] != 32)
		return;
	memcpy(signer->key.ed25519, blob + 19, SSHSIG_ED25519_KEY_BYTES);
	signer->usable = 1;
}

static enum ar_rc parse_line(const struct parse *parse, char *text,
			     struct allowed_signers *signers)
{
	struct allowed_signer signer = { 0 };
	char *cursor = text, *principals, *token, *key;
	enum ar_rc rc = AR_OK;

	principals = next_token(&cursor);
	if (principals == NULL || *principals == '#')
		return AR_OK;
	token = next_token(&cursor);
	if (token && !is_key_type(token)) {
		rc = parse_options(parse, token, &signer);
		token = next_token(&cursor);
	}
	key = next_token(&cursor);
	if (rc == AR_OK && (token == NULL || key == NULL))
		rc = bad(parse, "expected PRINCIPALS [OPTIONS] KEYTYPE KEY",
			 NULL);
	if (rc != AR_OK) {
		free(signer.namespaces);
		return rc;
	}
	unquote(principals);
	signer.principals = ar_strdup(principals);
	decode_key(token, key, &signer);
	signers->lines = ar_realloc(signers->lines, (signers->count + 1) *
						    sizeof(*signers->lines));
	signers->lines[signers->count++] = signer;
	return AR_OK;
}

enum ar_rc allowed_signers_parse(const char *text, const char *path,
				 struct allowed_signers **out,
				 struct ar_error *err)
{
	struct allowed_signers *signers = ar_calloc(1, sizeof(*signers));
	struct parse parse = { path, 0, err };
	char *copy = ar_strdup(text), *line = copy;
	enum ar_rc rc = AR_OK;

	while (rc == AR_OK && line && *line) {
		char *newline = strchr(line, '\n');

		if (newline)
			*newline = '\0';
		parse.line++;
		if (*line && line[strlen(line) - 1] == '\r')
			line[strlen(line) - 1] = '\0';
		rc = parse_line(&parse, line, signers);
		line = newline ? newline + 1 : NULL;
	}
	free(copy);
	if (rc != AR_OK) {
		allowed_signers_free(signers);
		signers = NULL;
	}
	*out = signers;
	return rc;
}

enum ar_rc allowed_signers_load(const char *path,
				struct allowed_signers **out,
				struct ar_error *err)
{
	FILE *file = fopen(path, "r");
	char *text;
	size_t length;
	enum ar_rc rc;

	*out = NULL;
	if (file == NULL)
		return ar_error_errno(err, AR_ERR_CONFIG, errno,
				      "cannot open allowed-signers '%s'", path);
	text = ar_malloc(ALLOWED_SIGNERS_MAX_FILE + 1);
	length = fread(text, 1, ALLOWED_SIGNERS_MAX_FILE + 1, file);
	fclose(file);
	text[length > ALLOWED_SIGNERS_MAX_FILE ? ALLOWED_SIGNERS_MAX_FILE
					       : length] = '\0';
	if (length > ALLOWED_SIGNERS_MAX_FILE || memchr(text, '\0', length))
		rc = ar_error_set(err, AR_ERR_CONFIG,
				  "%s: not an allowed_signers file (binary, "
				  "or larger than %d bytes)",
				  path, ALLOWED_SIGNERS_MAX_FILE);
	else
		rc = allowed_signers_parse(text, path, out, err);
	free(text);
	return rc;
}

/* A comma-separated pattern list; a "!pattern" that matches refuses. */
static int principal_matches(const char *patterns, const char *principal)
{
	char *copy = ar_strdup(patterns), *save = NULL;
	int matched = 0;

	for (char *p = strtok_r(copy, ",", &save); p;
	     p = strtok_r(NULL, ",", &save)) {
		int negated = *p == '!';

		if (fnmatch(p + negated, principal, FNM_CASEFOLD) == 0) {
			if (negated) {
				matched = 0;
				break;
			}
			matched = 1;
		}
	}
	free(copy);
	return matched;
}

static int namespace_allowed(const char *namespaces, const char *name)
{
	return namespaces == NULL || principal_matches(namespaces, name);
}

int allowed_signers_check(const struct allowed_signers *signers,
			  const char *principal, const char *namespace_name,
			  const struct sshsig_key *key, time_t now)
{
	for (size_t i = 0; signers && i < signers->count; i++) {
		const struct allowed_signer *line = &signers->lines[i];

		if (!line->usable || line->cert_authority ||
		    sodium_memcmp(line->key.ed25519, key->ed25519,
				  SSHSIG_ED25519_KEY_BYTES) != 0)
			continue;
		/* both bounds are inclusive: "valid for use at or before"
		 * (ssh-keygen(1), ALLOWED SIGNERS) */
		if ((line->valid_after && now < line->valid_after) ||
		    (line->valid_before && now > line->valid_before))
			continue;
		if (principal_matches(line->principals, principal) &&
		    namespace_allowed(line->namespaces, namespace_name))
			return 1;
	}
	return 0;
}

void allowed_signers_free(struct allowed_signers *signers)
{
	if (signers == NULL)
		return;
	for (size_t i = 0; i < signers->count; i++) {
		free(signers->lines[i].principals);
		free(signers->lines[i].namespaces);
	}
	free(signers->lines);
	free(signers);
}
