/* decision_file.c -- reading a decision file: bytes, CSV, header, rows */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <csv.h>

#include "accessreview/buf.h"
#include "accessreview/mem.h"
#include "accessreview/spreadsheet.h"
#include "accessreview/text.h"
#include "decisions_int.h"

/* A refused file lists this many problems, then counts the rest. */
#define MAX_PROBLEMS 100

static const char *const column_names[COLUMN_COUNT] = {
	"item", "version", "system", "account", "person", "entitlement",
	"privileged", "findings", "mfa", "decision", "expires", "comment",
};

void decisions_problem(struct decisions_result *result, const char *path,
		       long line, const char *fmt, ...)
{
	struct ar_buf text = AR_BUF_INIT;
	va_list ap;

	if (result->problem_count >= MAX_PROBLEMS) {
		result->more_problems++;
		return;
	}
	if (line > 0)
		ar_buf_addf(&text, "%s:%ld: ", path, line);
	else
		ar_buf_addf(&text, "%s: ", path);
	va_start(ap, fmt);
	ar_buf_vaddf(&text, fmt, ap);
	va_end(ap);
	result->problems = ar_realloc(result->problems,
				      (result->problem_count + 1) *
					      sizeof(*result->problems));
	result->problems[result->problem_count++] =
		ar_buf_detach(&text, NULL);
}

/* ---- the bytes ---- */

static enum ar_rc slurp(struct decision_file *file, const char *path,
			struct ar_error *err)
{
	FILE *in = fopen(path, "rb");
	struct stat status;
	size_t got;

	if (in == NULL)
		return ar_error_errno(err, errno == EACCES ? AR_ERR_NOPERM
							   : AR_ERR_NOINPUT,
				      errno, "cannot open '%s'", path);
	if (fstat(fileno(in), &status) != 0 || !S_ISREG(status.st_mode)) {
		fclose(in);
		return ar_error_set(err, AR_ERR_NOINPUT,
				    "'%s' is not a regular file", path);
	}
	if (status.st_size > DECISIONS_MAX_FILE) {
		fclose(in);
		return ar_error_set(err, AR_ERR_DATA,
				    "%s: %lld bytes, more than a decision file "
				    "may have (%d)",
				    path, (long long)status.st_size,
				    DECISIONS_MAX_FILE);
	}
	file->data = ar_malloc((size_t)status.st_size + 1);
	got = fread(file->data, 1, (size_t)status.st_size, in);
	file->data[got] = '\0';
	file->length = got;
	if (ferror(in)) {
		fclose(in);
		return ar_error_errno(err, AR_ERR_NOINPUT, errno,
				      "cannot read '%s'", path);
	}
	fclose(in);
	return AR_OK;
}

/* NUL bytes and invalid UTF-8, each named by its line. */
static int check_bytes(const struct decision_file *file,
		       struct decisions_result *result)
{
	const char *line = file->data, *end = file->data + file->length;
	size_t before = result->problem_count;
	long number = 1;

	while (line < end) {
		const char *newline = memchr(line, '\n', (size_t)(end - line));
		size_t length = newline ? (size_t)(newline - line)
					: (size_t)(end - line);

		if (memchr(line, '\0', length))
			decisions_problem(result, file->path, number,
					  "NUL byte (not a text file)");
		else if (!text_is_utf8(line, length))
			decisions_problem(result, file->path, number,
					  "not UTF-8 (save the worksheet as "
					  "\"CSV UTF-8\")");
		line += length + 1;
		number++;
	}
	return result->problem_count == before && result->more_problems == 0;
}

/* ---- CSV ---- */

struct parse {
	struct decision_file *file;
	struct decisions_result *result;
	long line;                   /* the line being fed to libcsv */
	long row_line;               /* where the current row started */
	char *cells[COLUMN_COUNT + 1];
	size_t cell_count;           /* may pass COLUMN_COUNT: counted */
	int row_has_text;            /* a cell of the row, kept or not, is
					not empty */
	int header_done;
	int header_ok;
};

static void on_cell(void *data, size_t length, void *context)
{
	struct parse *parse = context;

	if (parse->cell_count == 0)
		parse->row_line = parse->line;
	if (parse->cell_count < COLUMN_COUNT)
		parse->cells[parse->cell_count] =
			ar_strndup(data ? data : "", length);
	parse->cell_count++;
	if (length > 0)
		parse->row_has_text = 1;
}

static void clear_cells(struct parse *parse)
{
	for (size_t i = 0; i < COLUMN_COUNT; i++) {
		free(parse->cells[i]);
		parse->cells[i] = NULL;
	}
	parse->cell_count = 0;
	parse->row_has_text = 0;
}

static void check_header(struct parse *parse)
{
	parse->header_done = 1;
	parse->header_ok = parse->cell_count == COLUMN_COUNT;
	for (size_t i = 0; parse->header_ok && i < COLUMN_COUNT; i++)
		parse->header_ok =
			strcasecmp(text_trim(parse->cells[i]),
				   column_names[i]) == 0;
	if (parse->header_ok)
		return;
	/* a spreadsheet saved with its locale's separator: one cell */
	if (parse->cell_count == 1 && parse->cells[0] != NULL &&
	    (strchr(parse->cells[0], ';') || strchr(parse->cells[0], '\t')))
		decisions_problem(parse->result, parse->file->path,
				  parse->row_line,
				  "the cells are separated by '%s', not "
				  "commas: save the worksheet again as CSV "
				  "with a comma as the field delimiter",
				  strchr(parse->cells[0], ';') ? ";" : "tab");
	else
		decisions_problem(parse->result, parse->file->path,
				  parse->row_line,
				  "the header is not a worksheet's (expected "
				  "%s)", DECISIONS_HEADER);
}

/* A positive whole number, or 0. */
static long long whole_number(const char *text)
{
	char *end = NULL;
	long long number;

	errno = 0;
	number = strtoll(text, &end, 10);
	if (end == text || *end != '\0' || errno != 0 || number <= 0)
		return 0;
	return number;
}

static void add_row(struct parse *parse)
{
	struct decision_file *file = parse->file;
	struct decision_row *row;

	/* doubling: growing by one row at a time copies the array again
	 * for every row wherever realloc cannot extend it in place */
	if (file->row_count == file->row_capacity) {
		file->row_capacity = file->row_capacity ? 2 * file->row_capacity
							: 64;
		file->rows = ar_realloc(file->rows, file->row_capacity *
							    sizeof(*file->rows));
	}
	row = &file->rows[file->row_count++];
	memset(row, 0, sizeof(*row));
	row->line = parse->row_line;
	for (size_t i = 0; i < COLUMN_COUNT; i++) {
		/* undo the formula guard the worksheet added */
		row->cells[i] = ar_strdup(
			spreadsheet_strip_prefix(parse->cells[i]));
	}
	row->item = whole_number(text_trim(row->cells[COLUMN_ITEM]));
	row->version = whole_number(text_trim(row->cells[COLUMN_VERSION]));
	if (row->item == 0)
		decisions_problem(parse->result, file->path, row->line,
				  "item '%s' is not an item number",
				  row->cells[COLUMN_ITEM]);
	else if (row->version == 0)
		decisions_problem(parse->result, file->path, row->line,
				  "version '%s' is not a version number",
				  row->cells[COLUMN_VERSION]);
}

static void on_row(int terminator, void *context)
{
	struct parse *parse = context;

	(void)terminator;
	/* text past the twelfth cell counts: that row has extra cells */
	if (parse->cell_count == 0 || !parse->row_has_text) {
		clear_cells(parse);
		return;
	}
	if (!parse->header_done)
		check_header(parse);
	else if (!parse->header_ok)
		;       /* one problem for the header is enough */
	else if (parse->cell_count != COLUMN_COUNT)
		decisions_problem(parse->result, parse->file->path,
				  parse->row_line,
				  "%zu cells, a worksheet row has %d",
				  parse->cell_count, COLUMN_COUNT);
	else
		add_row(parse);
	clear_cells(parse);
}

/* libcsv grows a cell through this: past the cap it fails (CSV_ENOMEM)
 * instead of holding a 10 MB cell. */
static void *capped_realloc(void *pointer, size_t size)
{
	if (size > DECISIONS_MAX_CELL + 1)
		return NULL;
	return ar_realloc(pointer, size);
}

static void parse_failed(struct parse *parse, struct csv_parser *parser)
{
	if (csv_error(parser) == CSV_ENOMEM)
		decisions_problem(parse->result, parse->file->path, parse->line,
				  "a cell longer than %d bytes",
				  DECISIONS_MAX_CELL);
	else
		decisions_problem(parse->result, parse->file->path, parse->line,
				  "malformed CSV (a quote inside an unquoted "
				  "cell or after a closing quote)");
}

/* Fed line by line, so each row knows the line it starts on. */
static void parse_lines(struct parse *parse, struct csv_parser *parser)
{
	const char *data = parse->file->data;
	const char *end = data + parse->file->length;

	if (parse->file->length >= 3 && memcmp(data, SPREADSHEET_BOM, 3) == 0)
		data += 3;
	for (parse->line = 1; data < end; parse->line++) {
		const char *newline = memchr(data, '\n', (size_t)(end - data));
		size_t length = newline ? (size_t)(newline - data) + 1
					: (size_t)(end - data);

		if (csv_parse(parser, data, length, on_cell, on_row, parse) !=
		    length) {
			parse_failed(parse, parser);
			return;
		}
		data += length;
	}
	if (csv_fini(parser, on_cell, on_row, parse) != 0)
		decisions_problem(parse->result, parse->file->path,
				  parse->row_line,
				  "a quoted cell is not closed at the end of "
				  "the file");
	if (!parse->header_done)
		decisions_problem(parse->result, parse->file->path, 0,
				  "empty file (no worksheet header)");
}

static int by_item_then_line(const void *a, const void *b)
{
	const struct decision_row *const *x = a, *const *y = b;

	if ((*x)->item != (*y)->item)
		return (*x)->item < (*y)->item ? -1 : 1;
	return ((*x)->line > (*y)->line) - ((*x)->line < (*y)->line);
}

/* Sorted, not compared pairwise: a hostile file has many rows.  The
 * first row of each run of equal items is remembered, not searched for
 * again, or a file of one item repeated would take quadratic time. */
static void check_duplicates(const struct decision_file *file,
			     struct decisions_result *result)
{
	const struct decision_row **sorted =
		ar_calloc(file->row_count, sizeof(*sorted));
	size_t first = 0;

	for (size_t i = 0; i < file->row_count; i++)
		sorted[i] = &file->rows[i];
	qsort(sorted, file->row_count, sizeof(*sorted), by_item_then_line);
	for (size_t i = 1; i < file->row_count; i++) {
		if (sorted[i]->item != sorted[first]->item) {
			first = i;
			continue;
		}
		if (sorted[i]->item == 0)
			continue;
		decisions_problem(result, file->path, sorted[i]->line,
				  "item %lld again (first on line %ld): one "
				  "row per item",
				  sorted[i]->item, sorted[first]->line);
	}
	free(sorted);
}

enum ar_rc decision_file_read(struct decision_file *file, const char *path,
			      struct decisions_result *result,
			      struct ar_error *err)
{
	struct csv_parser parser;
	struct parse parse = { 0 };
	enum ar_rc rc;

	memset(file, 0, sizeof(*file));
	file->path = path;
	rc = slurp(file, path, err);
	if (rc != AR_OK || !check_bytes(file, result))
		return rc;
	if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return ar_error_set(err, AR_ERR_INTERNAL,
				    "cannot start the CSV parser");
	csv_set_realloc_func(&parser, capped_realloc);
	csv_set_free_func(&parser, free);
	parse.file = file;
	parse.result = result;
	parse_lines(&parse, &parser);
	clear_cells(&parse);
	csv_free(&parser);
	if (file->row_count > 0)
		check_duplicates(file, result);
	result->rows = (long)file->row_count;
	return AR_OK;
}

void decision_file_release(struct decision_file *file)
{
	for (size_t i = 0; i < file->row_count; i++)
		for (size_t j = 0; j < COLUMN_COUNT; j++)
			free(file->rows[i].cells[j]);
	free(file->rows);
	free(file->data);
	memset(file, 0, sizeof(*file));
}
