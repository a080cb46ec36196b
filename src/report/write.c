/* write.c -- the report operation: XML checked against its XSD, then HTML */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accessreview/mem.h"
#include "accessreview/report.h"
#include "accessreview/review.h"
#include "accessreview/store.h"
#include "accessreview/text.h"

/* "2026-Q4" for a time. */
void report_period_of(time_t when, char out[16])
{
	struct tm tm;

	gmtime_r(&when, &tm);
	snprintf(out, 16, "%04d-Q%d", (tm.tm_year + 1900) % 10000,
		 (tm.tm_mon / 3 + 1) % 10);
}

/* A private name for an XML that is only a step towards the HTML or
 * stdout: beside the final file, else in $TMPDIR. */
static char *scratch_path(const char *near, struct ar_error *err)
{
	const char *directory = getenv("TMPDIR");
	char *copy = near ? ar_strdup(near) : NULL;
	char *path;
	size_t size;
	int fd;

	if (copy != NULL)
		directory = dirname(copy);
	else if (directory == NULL || *directory == '\0')
		directory = "/tmp";
	size = strlen(directory) + 32;
	path = ar_malloc(size);
	snprintf(path, size, "%s/.accessreview-XXXXXX", directory);
	fd = mkostemp(path, O_CLOEXEC);
	free(copy);
	if (fd < 0) {
		ar_error_errno(err, AR_ERR_CANTCREATE, errno,
			       "cannot create a temporary file in '%s'", path);
		free(path);
		return NULL;
	}
	close(fd);
	return path;
}

/* Close a written report.  When the writer stopped because the file
 * could not take more (ENOSPC, EFBIG), the file's own error, which names
 * the path and the reason, replaces the writer's. */
static enum ar_rc finish_output(struct output_file *out, enum ar_rc rc,
				struct ar_error *err)
{
	if (rc != AR_OK && out->failed)
		ar_error_clear(err);
	if (rc == AR_OK || out->failed)
		return output_finish(out, 0640, err);
	return rc;
}

/* The XML, checked against its own schema before anyone can see it: a
 * report that does not match it is a bug and never ships. */
static enum ar_rc write_validated_xml(struct store *store,
				      const struct report_options *options,
				      struct output_file *out,
				      const char *path, struct ar_error *err)
{
	enum ar_rc rc = output_open(path, out, err);

	if (rc != AR_OK)
		return rc;
	rc = report_write_xml(store, options, output_write, out, err);
	rc = finish_output(out, rc, err);
	if (rc == AR_OK)
		rc = report_validate_file(out->temp ? out->temp : path, err);
	if (rc != AR_OK)
		output_abort(out);
	return rc;
}

static enum ar_rc copy_to_stdout(const char *path, struct ar_error *err)
{
	char chunk[65536];
	FILE *file = fopen(path, "rb");
	size_t got;
	enum ar_rc rc = AR_OK;

	if (file == NULL)
		return ar_error_errno(err, AR_ERR_CANTCREATE, errno,
				      "cannot reopen '%s'", path);
	while ((got = fread(chunk, 1, sizeof(chunk), file)) > 0) {
		if (fwrite(chunk, 1, got, stdout) != got) {
			rc = ar_error_set(err, AR_ERR_CANTCREATE,
					  "cannot write to standard output");
			break;
		}
	}
	fclose(file);
	return rc;
}

static enum ar_rc write_html(const char *xml_path, struct output_file *out,
			     const char *html_path, struct ar_error *err)
{
	enum ar_rc rc = output_open(html_path, out, err);

	if (rc != AR_OK)
		return rc;
	rc = report_write_html_file(xml_path, output_write, out, err);
	rc = finish_output(out, rc, err);
	if (rc != AR_OK)
		output_abort(out);
	return rc;
}

static void fill_options(struct report_options *options,
			 struct report_files *files, long long snapshot_id)
{
	memset(options, 0, sizeof(*options));
	text_format_time(files->now, files->generated_at);
	if (files->period[0] == '\0')
		report_period_of(files->now, files->period);
	options->snapshot_id = snapshot_id;
	options->campaign_id = files->campaign_id;
	options->period = files->period;
	options->generated_at = files->generated_at;
	options->tool_version = ACCESSREVIEW_VERSION;
}

static enum ar_rc campaign_row(void *context, const struct store_row *row,
			       struct ar_error *err)
{
	struct report_files *files = context;
	const char *period = store_row_text(row, "period");

	(void)err;
	files->snapshot_id = store_row_int(row, "snapshot_id", 0);
	if (period != NULL)
		snprintf(files->period, sizeof(files->period), "%s", period);
	return AR_OK;
}

/* A campaign's report is of the snapshot it froze, for its period. */
static enum ar_rc choose_campaign(struct store *store,
				  struct report_files *files,
				  struct ar_error *err)
{
	struct store_param param = STORE_INT(PARAM_CAMPAIGN,
					     files->campaign_id);
	enum ar_rc rc;

	if (files->campaign_id <= 0)
		return AR_OK;
	files->snapshot_id = 0;
	rc = store_query(store, QUERY_CAMPAIGN_GET, &param, 1, campaign_row,
			 files, err);
	if (rc == AR_OK && files->snapshot_id == 0)
		rc = ar_error_set(err, AR_ERR_NOINPUT, "no campaign %lld",
				  files->campaign_id);
	return rc;
}

/* XML to stdout, or only HTML wanted: the XML goes to a scratch file. */
static enum ar_rc choose_xml_path(struct report_files *files,
				  const char **xml_path, struct ar_error *err)
{
	int xml_to_stdout = files->xml_path != NULL &&
			    strcmp(files->xml_path, "-") == 0;
	int html_to_file = files->html_path != NULL &&
			   strcmp(files->html_path, "-") != 0;

	*xml_path = files->xml_path;
	if (files->xml_path != NULL && !xml_to_stdout)
		return AR_OK;
	files->scratch = scratch_path(html_to_file ? files->html_path : NULL,
				      err);
	if (files->scratch == NULL)
		return err->code;
	*xml_path = files->scratch;
	return AR_OK;
}

enum ar_rc report_prepare_files(struct store *store,
				struct report_files *files,
				struct ar_error *err)
{
	struct report_options options;
	const char *xml_path = NULL;
	long long snapshot_id = 0;
	enum ar_rc rc;

	files->period[0] = '\0';
	rc = store_begin_read(store, err);
	if (rc == AR_OK)
		rc = choose_campaign(store, files, err);
	if (rc == AR_OK)
		rc = review_choose_snapshot(store, files->snapshot_id,
					    &snapshot_id, err);
	fill_options(&options, files, snapshot_id);
	if (rc == AR_OK)
		rc = store_previous_snapshot(store, snapshot_id,
					     &options.previous_snapshot_id,
					     err);
	if (rc == AR_OK)
		rc = choose_xml_path(files, &xml_path, err);
	if (rc == AR_OK)
		rc = write_validated_xml(store, &options, &files->xml,
					 xml_path, err);
	store_end_read(store);
	if (rc == AR_OK && files->html_path != NULL)
		rc = write_html(files->xml.temp ? files->xml.temp : xml_path,
				&files->html, files->html_path, err);
	if (rc != AR_OK)
		report_discard_files(files);
	return rc;
}

enum ar_rc report_publish_files(struct report_files *files,
				struct ar_error *err)
{
	int xml_to_stdout = files->xml_path != NULL &&
			    strcmp(files->xml_path, "-") == 0;
	enum ar_rc rc;

	/* to its name, or to the scratch file standing in for stdout */
	rc = output_publish(&files->xml, err);
	if (rc == AR_OK && xml_to_stdout)
		rc = copy_to_stdout(files->scratch, err);
	if (rc == AR_OK && files->html_path != NULL)
		rc = output_publish(&files->html, err);
	report_discard_files(files);
	return rc;
}

void report_discard_files(struct report_files *files)
{
	output_abort(&files->xml);
	output_abort(&files->html);
	if (files->scratch != NULL)
		unlink(files->scratch);
	free(files->scratch);
	files->scratch = NULL;
}

enum ar_rc report_write_files(struct store *store, struct report_files *files,
			      struct ar_error *err)
{
	enum ar_rc rc = report_prepare_files(store, files, err);

	if (rc == AR_OK)
		rc = report_publish_files(files, err);
	return rc;
}
