/* xml_writer.c -- the report's XML primitives over libxml2's xmlTextWriter */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <time.h>

#include <libxml/xmlwriter.h>

#include "accessreview/store.h"
#include "accessreview/text.h"
#include "report_int.h"

void xml_check(struct xml_writer *w, int libxml_result)
{
	if (libxml_result < 0)
		w->failed = 1;
}

enum ar_rc xml_status(struct xml_writer *w, struct ar_error *err)
{
	if (!w->failed && !w->sink->failed)
		return AR_OK;
	if (w->sink->failed)
		return ar_error_set(err, AR_ERR_CANTCREATE,
				    "cannot write the XML report: output "
				    "failed or reached its size limit");
	return ar_error_set(err, AR_ERR_INTERNAL,
			    "cannot write the XML report: libxml2 failed");
}

void xml_start(struct xml_writer *w, const char *name)
{
	xml_check(w, xmlTextWriterStartElement(w->xml, BAD_CAST name));
}

void xml_end(struct xml_writer *w)
{
	xml_check(w, xmlTextWriterEndElement(w->xml));
}

void xml_text(struct xml_writer *w, const char *value)
{
	if (value != NULL)
		xml_check(w, xmlTextWriterWriteString(
				 w->xml,
				 BAD_CAST report_xml_safe(&w->scratch, value)));
}

/* Optional attributes are left out when NULL or empty. */
void xml_attr(struct xml_writer *w, const char *name, const char *value)
{
	if (value != NULL && value[0] != '\0')
		xml_check(w, xmlTextWriterWriteAttribute(
				 w->xml, BAD_CAST name,
				 BAD_CAST report_xml_safe(&w->scratch, value)));
}

/* Required attributes are written even when empty. */
void xml_attr_required(struct xml_writer *w, const char *name,
		       const char *value)
{
	if (value == NULL || value[0] == '\0')
		xml_check(w, xmlTextWriterWriteAttribute(w->xml, BAD_CAST name,
						     BAD_CAST ""));
	else
		xml_attr(w, name, value);
}

void xml_attr_int(struct xml_writer *w, const char *name, long long value)
{
	char number[32];

	snprintf(number, sizeof(number), "%lld", value);
	xml_attr(w, name, number);
}

void xml_attr_bool(struct xml_writer *w, const char *name, int value)
{
	xml_attr(w, name, value ? "true" : "false");
}

/* A column as an integer attribute, left out when NULL. */
void xml_attr_column_int(struct xml_writer *w, const struct store_row *row,
			 const char *name, const char *column)
{
	if (store_row_text(row, column) != NULL)
		xml_attr_int(w, name, store_row_int(row, column, 0));
}

/* A column that may hold a timestamp: normalised when it parses, as is
 * otherwise, so odd input shows rather than vanishes. */
void xml_attr_time_text(struct xml_writer *w, const char *name,
			const char *value)
{
	char formatted[TEXT_TIME_SIZE];
	time_t when;

	if (value != NULL && text_parse_time(value, &when) == 0) {
		text_format_time(when, formatted);
		value = formatted;
	}
	xml_attr_required(w, name, value);
}

void xml_attr_columns(struct xml_writer *w, const struct store_row *row,
		      const struct xml_column *columns, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		const struct xml_column *c = &columns[i];
		const char *value = store_row_text(row, c->column);

		switch (c->kind) {
		case XML_TEXT:
			xml_attr(w, c->attribute, value);
			break;
		case XML_TEXT_REQUIRED:
			xml_attr_required(w, c->attribute, value);
			break;
		case XML_INT:
			xml_attr_column_int(w, row, c->attribute, c->column);
			break;
		case XML_BOOL:
			xml_attr_bool(w, c->attribute,
				      store_row_int(row, c->column, 0));
			break;
		case XML_TIME:
			if (value != NULL)
				xml_attr_time_text(w, c->attribute, value);
			break;
		}
	}
}
