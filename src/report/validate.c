/* validate.c -- check an XML report against the embedded XSD */
/* SPDX-License-Identifier: MIT */
#include <string.h>

#include <libxml/xmlschemas.h>

#include "accessreview/embedded.h"
#include "accessreview/report.h"
#include "report_int.h"

/*
 * The document is validated while a SAX parser reads it
 * (xmlSchemaValidateStream), so a report of a million grants is checked
 * without building its tree.  report_input_check refuses a DOCTYPE
 * first, so no entity is ever declared.  (libxml2 2.9's validating
 * xmlTextReader leaks on truncated input; the SAX path does not.)
 */

static enum ar_rc load_schema(struct report_diag *diag, xmlSchemaPtr *out,
			      struct ar_error *err)
{
	const char *xsd = embedded_file_content("accessreview.xsd");
	xmlSchemaParserCtxtPtr parser = NULL;
	enum ar_rc rc = AR_OK;

	*out = NULL;
	if (xsd == NULL) {
		rc = ar_error_set(err, AR_ERR_INTERNAL,
				  "no embedded 'accessreview.xsd'");
		goto out;
	}
	parser = xmlSchemaNewMemParserCtxt(xsd, (int)strlen(xsd));
	if (parser == NULL) {
		rc = ar_error_set(err, AR_ERR_INTERNAL,
				  "cannot create an XSD parser");
		goto out;
	}
	xmlSchemaSetParserStructuredErrors(parser, report_diag_structured,
					   diag);
	*out = xmlSchemaParse(parser);
	if (*out == NULL)
		rc = ar_error_set(err, AR_ERR_INTERNAL,
				  "embedded 'accessreview.xsd' is invalid: %s",
				  diag->other[0] ? diag->other : "unknown error");
out:
	if (parser != NULL)
		xmlSchemaFreeParserCtxt(parser);
	return rc;
}

/* Turn what the validation said into a result: a well-formedness error
 * is bad data, anything else a report that does not match the schema. */
static enum ar_rc verdict(int result, const struct report_diag *diag,
			  struct ar_error *err)
{
	if (diag->parse[0] != '\0')
		return ar_error_set(err, AR_ERR_DATA,
				    "report is not well-formed XML: %s",
				    diag->parse);
	if (diag->schema[0] != '\0' || result != 0)
		return ar_error_set(err, AR_ERR_INTERNAL,
				    "report does not match its schema: %s",
				    diag->schema[0] ? diag->schema
						    : "validation failed");
	return AR_OK;
}

static enum ar_rc validate(struct report_input *input, struct ar_error *err)
{
	xmlSchemaValidCtxtPtr validator = NULL;
	xmlParserInputBufferPtr buffer = NULL;
	xmlSchemaPtr schema = NULL;
	struct report_diag diag;
	enum ar_rc rc;
	int result;

	report_diag_begin(&diag);
	rc = report_input_check(input, err);
	if (rc == AR_OK)
		rc = load_schema(&diag, &schema, err);
	if (rc != AR_OK)
		goto out;
	validator = xmlSchemaNewValidCtxt(schema);
	buffer = report_input_buffer(input);
	if (validator == NULL || buffer == NULL) {
		if (buffer != NULL)
			xmlFreeParserInputBuffer(buffer);
		rc = ar_error_set(err, AR_ERR_INTERNAL,
				  "cannot create an XSD validator");
		goto out;
	}
	xmlSchemaSetValidStructuredErrors(validator, report_diag_structured,
					  &diag);
	/* takes the buffer in every case; no SAX handler: no tree */
	result = xmlSchemaValidateStream(validator, buffer,
					 XML_CHAR_ENCODING_UTF8, NULL, NULL);
	rc = verdict(result, &diag, err);
out:
	if (validator != NULL)
		xmlSchemaFreeValidCtxt(validator);
	if (schema != NULL)
		xmlSchemaFree(schema);
	report_diag_end(&diag);
	return rc;
}

enum ar_rc report_validate_xml(const char *xml, size_t length,
			       struct ar_error *err)
{
	struct report_input input;

	report_input_memory(&input, xml, length);
	return validate(&input, err);
}

enum ar_rc report_validate_file(const char *path, struct ar_error *err)
{
	struct report_input input;
	enum ar_rc rc;

	rc = report_input_file(&input, path, err);
	if (rc == AR_OK)
		rc = validate(&input, err);
	if (rc != AR_OK && rc != AR_ERR_NOINPUT)
		ar_error_prefix(err, "'%s'", path);
	report_input_release(&input);
	return rc;
}
