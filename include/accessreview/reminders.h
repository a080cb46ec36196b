/* reminders.h -- reminding reviewers of a campaign: messages, delivery */
/* SPDX-License-Identifier: MIT */
#ifndef ACCESSREVIEW_REMINDERS_H
#define ACCESSREVIEW_REMINDERS_H

#include <time.h>

#include "accessreview/buf.h"
#include "accessreview/campaign.h"
#include "accessreview/error.h"

struct store;

/*
 * REMINDERS
 *
 * One RFC 5322 message (text/plain, UTF-8, 8bit) per reviewer of an open
 * campaign who has items left to decide: how many, how many of them
 * privileged, the due date and the days left or overdue, the names of
 * the reviewer's worksheet files and how to return the decisions.  A
 * message never lists accounts, only counts: mail is not a safe channel
 * for the access list.  Addresses go into headers only when they are
 * bare addresses (text_mail_address_problem): a reviewer whose address
 * could end a header or add a recipient is not reminded, and named.
 *
 * Each message delivered is a 'remind' audit event in the operation's
 * transaction.  Files (DIR/REVIEWER.eml, CRLF line ends, mode 0640)
 * appear only when all of them are written and the events committed.
 * With sendmail, each message is piped to `SENDMAIL -t -oi` (no shell)
 * with LF line ends, as sendmail(8) reads local text; a reviewer whose
 * sendmail failed is named with its exit status, the others' reminders
 * are still sent and logged.
 */

#define REMINDERS_SENDMAIL "/usr/sbin/sendmail"
#define REMINDERS_MODE 0640

enum reminders_delivery {
	REMINDERS_TO_FILES = 1,
	REMINDERS_TO_SENDMAIL
};

struct reminders_request {
	long long campaign_id;       /* 0 = the latest campaign */
	enum reminders_delivery delivery;
	const char *directory;       /* REMINDERS_TO_FILES */
	const char *sendmail;        /* NULL: REMINDERS_SENDMAIL */
	const char *from;            /* NULL: accessreview@HOSTNAME, files
				      * only; sendmail needs one */
	time_t now;
	const char *actor;
};

struct reminders_result {
	long long campaign_id;
	long reminded;               /* delivered and logged */
	long done;                   /* nothing left to decide: no message */
	long failed;                 /* named in the error */
	char from[256];              /* the sender used */
};

/*
 * Remind every reviewer of the campaign with undecided items.
 * AR_ERR_DATA for a closed campaign (nothing done) or a reviewer whose
 * address is refused; AR_ERR_CONFIG without a usable sender, or when
 * sendmail cannot be run; AR_ERR_TEMPFAIL when sendmail exited 75
 * (EX_TEMPFAIL), AR_ERR_CANTCREATE for another failure of sendmail or a
 * file that cannot be written (then no file appears).  After a failure
 * of one reviewer, result still counts the others' reminders.
 */
enum ar_rc reminders_deliver(struct store *store,
			     const struct reminders_request *request,
			     struct reminders_result *result,
			     struct ar_error *err);

/* What one message says, and to whom. */
struct reminder_facts {
	const struct campaign_status *campaign;
	const struct campaign_reviewer *reviewer;
	const char *from;
	const char *message_id;      /* without the angle brackets */
	time_t now;
	const char *line_end;        /* "\r\n" (a file) or "\n" (sendmail) */
};

/*
 * Append the whole message to out.  AR_ERR_DATA when the reviewer's
 * address is not a bare address, AR_ERR_CONFIG when the sender's is not;
 * out is then unchanged.
 */
enum ar_rc reminder_compose(const struct reminder_facts *facts,
			    struct ar_buf *out, struct ar_error *err);

/* "Tue, 01 Dec 2026 09:00:00 +0000" (RFC 5322 date-time) into out[40]. */
void reminder_format_date(time_t when, char out[40]);

#endif
