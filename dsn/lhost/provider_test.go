package lhost

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// provWant is what a test expects of a decoded report.
type provWant struct {
	decoder      string
	kind         dsn.Kind
	feedbackType string
	reportingMTA string
	rcpts        []provWantRcpt
	origSubject  string
	origID       string
}

type provWantRcpt struct {
	addr     string
	action   dsn.Action
	status   string // "" for none
	reply    int
	command  string
	remote   string
	diag     string // a substring of the diagnostic text
	original string // the original recipient, if the report names one
}

func provCheck(t *testing.T, r *dsn.Report, w provWant) {
	t.Helper()
	require.NotNil(t, r)
	assert.Equal(t, w.decoder, r.Decoder, "decoder")
	assert.Equal(t, w.kind, r.Kind, "kind")
	assert.Equal(t, w.feedbackType, r.FeedbackType, "feedback type")
	if w.reportingMTA != "" {
		assert.Equal(t, w.reportingMTA, r.ReportingMTA, "reporting MTA")
	}
	require.Len(t, r.Recipients, len(w.rcpts), "recipients: %+v", r.Recipients)
	for i, wr := range w.rcpts {
		rc := r.Recipients[i]
		assert.Equal(t, wr.addr, rc.Recipient, "recipient %d", i)
		assert.Equal(t, wr.action, rc.Action, "action %d", i)
		if wr.status == "" {
			assert.True(t, rc.Status.IsZero(), "status %d: %v", i, rc.Status)
		} else {
			assert.Equal(t, wr.status, rc.Status.String(), "status %d", i)
		}
		assert.Equal(t, wr.reply, rc.ReplyCode, "reply code %d", i)
		assert.Equal(t, wr.command, rc.Command, "command %d", i)
		assert.Equal(t, wr.remote, rc.RemoteMTA, "remote MTA %d", i)
		assert.Contains(t, rc.DiagnosticCode, wr.diag, "diagnostic %d", i)
		assert.Equal(t, wr.original, rc.OriginalRecipient, "original recipient %d", i)
		assert.NotContains(t, rc.DiagnosticCode, "\n", "diagnostic %d is unfolded", i)
	}
	assert.Equal(t, w.origSubject, r.Original.Subject, "original subject")
	assert.Equal(t, w.origID, r.Original.MessageID, "original message-id")
}

// Synthetic bounces, written in each provider's format from its fixed
// texts, with addresses and replies of our own.
var providerSamples = []struct {
	name string
	msg  string
	want provWant
}{
	{
		name: "gmail two recipients refused by the remote server",
		msg: `From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: sender@gmail.com
Subject: Delivery Status Notification (Failure)
X-Failed-Recipients: anna@example.net, bert@example.net
Content-Type: text/plain; charset=ISO-8859-1

Delivery to the following recipients failed permanently:

     anna@example.net
     bert@example.net

Technical details of permanent failure:
Google tried to deliver your message, but it was rejected by the server for the recipient domain example.net by mx1.example.net. [198.51.100.7].

The error that the other server returned was:
552 5.2.2 The email account that you tried to reach is
over quota.

----- Original message -----

From: Sender <sender@gmail.com>
To: anna@example.net
Subject: Quarterly report
Message-ID: <q3-report@mail.gmail.com>

body
`,
		want: provWant{decoder: "Gmail", kind: dsn.DeliveryReport, origSubject: "Quarterly report", origID: "q3-report@mail.gmail.com",
			rcpts: []provWantRcpt{
				{addr: "anna@example.net", action: dsn.ActionFailed, status: "5.2.2", reply: 552, remote: "mx1.example.net", diag: "552 5.2.2 The email account that you tried to reach is over quota."},
				{addr: "bert@example.net", action: dsn.ActionFailed, status: "5.2.2", reply: 552, remote: "mx1.example.net", diag: "over quota"},
			}},
	},
	{
		name: "gmail delay notice after connection failures",
		msg: `From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: sender@gmail.com
Subject: Delivery Status Notification (Delay)
Content-Type: text/plain; charset=UTF-8

This is an automatically generated Delivery Status Notification

THIS IS A WARNING MESSAGE ONLY.

YOU DO NOT NEED TO RESEND YOUR MESSAGE.

Delivery to the following recipient has been delayed:

     carl@example.org

Message will be retried for 1 more day(s)

Technical details of temporary failure:
The recipient server did not accept our requests to connect. Learn more at https://support.google.com/mail/answer/7720
[(0) mx.example.org. [203.0.113.9]:25: socket error]

----- Original message -----

Subject: Lunch
Message-ID: <lunch@mail.gmail.com>
`,
		want: provWant{decoder: "Gmail", kind: dsn.DeliveryReport, origSubject: "Lunch", origID: "lunch@mail.gmail.com",
			rcpts: []provWantRcpt{{addr: "carl@example.org", action: dsn.ActionDelayed, remote: "mx.example.org", diag: "did not accept our requests to connect"}}},
	},
	{
		name: "google groups in Dutch, a Workspace group",
		msg: `From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: poster@example.nl
Subject: Delivery Status Notification (Failure)
X-Failed-Recipients: team@corp.example
Content-Type: text/plain; charset="UTF-8"

Hallo poster@example.nl,

We laten je weten dat de groep die je probeerde te bereiken (team) mogelijk niet bestaat of dat je geen toestemming hebt om berichten in de groep te plaatsen.

 * Je hebt de naam van de groep mogelijk verkeerd gespeld.

Ga naar het Helpcentrum op https://groups.google.com/support/.

Google Groups

----- Original message -----

Subject: Vergadering
Message-Id: <vergadering@example.nl>
`,
		want: provWant{decoder: "GoogleGroups", kind: dsn.DeliveryReport, origSubject: "Vergadering", origID: "vergadering@example.nl",
			rcpts: []provWantRcpt{{addr: "team@corp.example", action: dsn.ActionFailed, diag: "We laten je weten dat de groep die je probeerde te bereiken (team) mogelijk niet bestaat"}}},
	},
	{
		name: "yahoo with the command token",
		msg: `From: MAILER-DAEMON@yahoo.com
To: sender@yahoo.com
Subject: Failure Notice
X-YMailISG: abcdef

Sorry, we were unable to deliver your message to the following address.

<dora@example.com>:
Remote host said: 553 5.7.1 <sender@yahoo.com>... Sender refused [MAIL_FROM]

--- Below this line is a copy of the message.

Subject: Invitation
Message-ID: <invite@yahoo.com>
`,
		want: provWant{decoder: "Yahoo", kind: dsn.DeliveryReport, origSubject: "Invitation", origID: "invite@yahoo.com",
			rcpts: []provWantRcpt{{addr: "dora@example.com", action: dsn.ActionFailed, status: "5.7.1", reply: 553, command: dsn.CommandMAIL, diag: "553 5.7.1 <sender@yahoo.com>... Sender refused"}}},
	},
	{
		name: "yahoo newer layout, two addresses",
		msg: `From: MAILER-DAEMON@yahoo.co.jp
To: sender@yahoo.co.jp
Subject: Failure Notice

Sorry, we were unable to deliver your message to the following address.

<eve@example.com>:
554: 5.7.9 Message not accepted
 for policy reasons

<fay@example.com>:
No mx record found for domain=example.com

--- Below this line is a copy of the message.

Subject: Hi
`,
		want: provWant{decoder: "Yahoo", kind: dsn.DeliveryReport, origSubject: "Hi",
			rcpts: []provWantRcpt{
				{addr: "eve@example.com", action: dsn.ActionFailed, status: "5.7.9", reply: 554, diag: "554: 5.7.9 Message not accepted for policy reasons"},
				{addr: "fay@example.com", action: dsn.ActionFailed, diag: "No mx record found for domain=example.com"},
			}},
	},
	{
		name: "amazon ses bounce through sns, suppressed address without a reply",
		msg: `From: AWS Notifications <no-reply@sns.amazonaws.com>
To: ops@example.com
Subject: AWS Notification Message
x-amz-sns-message-id: 11111111-2222-3333-4444-555555555555
Content-Type: text/plain; charset=UTF-8

{
  "Type" : "Notification",
  "MessageId" : "11111111-2222-3333-4444-555555555555",
  "Message" : "{\"notificationType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\",\"bounceSubType\":\"Suppressed\",\"bouncedRecipients\":[{\"emailAddress\":\"gus@example.org\"},{\"emailAddress\":\"hal@example.org\",\"action\":\"failed\",\"status\":\"5.1.1\",\"diagnosticCode\":\"smtp; 550 5.1.1 no such user\"}],\"reportingMTA\":\"dns; b1.us-east-1.amazonses.com\",\"remoteMtaIp\":\"192.0.2.25\"},\"mail\":{\"messageId\":\"0100abc\",\"source\":\"news@example.com\",\"headers\":[{\"name\":\"Subject\",\"value\":\"Newsletter\"},{\"name\":\"Message-ID\",\"value\":\"<nl-7@example.com>\"}],\"commonHeaders\":{\"from\":[\"news@example.com\"],\"to\":[\"gus@example.org\"]}}}"
}

--
If you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:
`,
		want: provWant{decoder: "AmazonSES", kind: dsn.DeliveryReport, reportingMTA: "b1.us-east-1.amazonses.com", origSubject: "Newsletter", origID: "nl-7@example.com",
			rcpts: []provWantRcpt{
				{addr: "gus@example.org", action: dsn.ActionFailed, remote: "192.0.2.25", diag: "Amazon SES Permanent bounce: Suppressed"},
				{addr: "hal@example.org", action: dsn.ActionFailed, status: "5.1.1", reply: 550, remote: "192.0.2.25", diag: "550 5.1.1 no such user"},
			}},
	},
	{
		name: "amazon ses complaint, the notification itself in the body",
		msg: `From: no-reply@sns.amazonaws.com
To: ops@example.com
Subject: AWS Notification Message

{"notificationType":"Complaint","complaint":{"complainedRecipients":[{"emailAddress":"ida@example.net"}],"userAgent":"ExampleMail FBL","complaintFeedbackType":"abuse","arrivalDate":"2024-01-02T03:04:05.000Z"},"mail":{"messageId":"0100def","commonHeaders":{"from":["news@example.com"],"to":["ida@example.net"],"subject":"Offer","messageId":"<offer@example.com>"}}}
`,
		want: provWant{decoder: "AmazonSES", kind: dsn.FeedbackReport, feedbackType: "abuse", origSubject: "Offer", origID: "offer@example.com",
			rcpts: []provWantRcpt{{addr: "ida@example.net", diag: "ExampleMail FBL"}}},
	},
	{
		name: "amazon ses delivery delay",
		msg: `From: no-reply@sns.amazonaws.com
Subject: AWS Notification Message
Content-Type: application/json

{"eventType":"DeliveryDelay","deliveryDelay":{"delayType":"TransientCommunicationFailure","delayedRecipients":[{"emailAddress":"jan@example.net","status":"4.4.1","diagnosticCode":"smtp; 421 4.4.1 Unable to connect"}],"expirationTime":"2024-01-03T00:00:00.000Z","reportingMTA":"dns; b2.amazonses.com"},"mail":{"messageId":"0100fed"}}
`,
		want: provWant{decoder: "AmazonSES", kind: dsn.DeliveryReport, reportingMTA: "b2.amazonses.com", origID: "0100fed",
			rcpts: []provWantRcpt{{addr: "jan@example.net", action: dsn.ActionDelayed, status: "4.4.1", reply: 421, diag: "421 4.4.1 Unable to connect"}}},
	},
	{
		name: "amazon workmail technical report",
		msg: `From: MAILER-DAEMON@eu-west-1.amazonses.com
To: user@corp.awsapps.com
Subject: Delivery Status Notification (Failure)
X-Mailer: Amazon WorkMail
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="W"

--W
Content-Type: text/plain; charset=utf-8

An error occurred while trying to deliver the mail to the following recipients:
kim@example.jp

Technical report:

Reporting-MTA: dsn; a1-2.smtp-out.eu-west-1.amazonses.com

Action: failed
Final-Recipient: rfc822; kim@example.jp
Diagnostic-Code: smtp; 550 5.2.2 <kim@example.jp>... Mailbox Full
Status: 5.2.2

--W
Content-Type: message/rfc822

Subject: Budget
Message-Id: <budget@corp.awsapps.com>

text
--W--
`,
		want: provWant{decoder: "AmazonWorkMail", kind: dsn.DeliveryReport, reportingMTA: "a1-2.smtp-out.eu-west-1.amazonses.com", origSubject: "Budget", origID: "budget@corp.awsapps.com",
			rcpts: []provWantRcpt{{addr: "kim@example.jp", action: dsn.ActionFailed, status: "5.2.2", reply: 550, diag: "Mailbox Full"}}},
	},
	{
		name: "amazon workmail from the bare domain, intro list only",
		msg: "From: amazonses.com\nTo: user@corp.awsapps.com\nSubject: Undelivered Mail Returned to Sender\n" +
			"X-Mailer: Amazon WorkMail\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"W\"\n\n" +
			"--W\nContent-Type: text/plain; charset=utf-8\n\n" +
			"An error occurred while trying to deliver the mail to the following recipients:\nlou@example.jp\nmay@example.jp\n\n" +
			"--W--\n",
		want: provWant{decoder: "AmazonWorkMail", kind: dsn.DeliveryReport,
			rcpts: []provWantRcpt{{addr: "lou@example.jp", action: dsn.ActionFailed}, {addr: "may@example.jp", action: dsn.ActionFailed}}},
	},
	{
		name: "mail.ru, Russian notice then Exim's, an alias",
		msg: `From: mailer-daemon@corp.mail.ru
To: sender@mail.ru
Subject: =?UTF-8?B?0JLQsNGI0LUg0YHQvtC+0LHRidC10L3QuNC1INC90LUg0LTQvtGB0YLQsNCy0LvQtdC90L4=?=. Mail failure.
Content-Type: text/plain; charset=utf-8

Это письмо создано автоматически сервером Mail.Ru, отвечать на него не нужно.

К сожалению, Ваше письмо не может быть доставлено одному или нескольким получателям:

  leo@example.com
    SMTP error from remote mail server after RCPT TO:<leo@example.com>:
    host mx.example.com [192.0.2.30]: 550 5.1.1 <leo@example.com>: no mailbox here

Рекомендуем Вам проверить корректность указания адресов получателей.

**********************

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  leo@example.com
    SMTP error from remote mail server after RCPT TO:<leo@example.com>:
    host mx.example.com [192.0.2.30]: 550 5.1.1 <leo@example.com>: no mailbox here
  mia@example.com
    (generated from team@example.com)
    Unrouteable address

------ This is a copy of the message, including all the headers. ------

Subject: Privet
Message-Id: <privet@mail.ru>
`,
		want: provWant{decoder: "MailRu", kind: dsn.DeliveryReport, origSubject: "Privet", origID: "privet@mail.ru",
			rcpts: []provWantRcpt{
				{addr: "leo@example.com", action: dsn.ActionFailed, status: "5.1.1", reply: 550, command: dsn.CommandRCPT, remote: "mx.example.com", diag: "550 5.1.1 <leo@example.com>: no mailbox here"},
				{addr: "mia@example.com", action: dsn.ActionFailed, diag: "Unrouteable address", original: "team@example.com"},
			}},
	},
	{
		name: "gmx, the reply on its own lines",
		msg: `From: MAILER-DAEMON@mail.gmx.net
To: sender@gmx.net
Subject: Mail delivery failed: returning message to sender
Content-Type: text/plain; charset=utf-8

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of
its recipients. This is a permanent error. The following address
failed:

"ned@example.org":
SMTP error from remote server after RCPT command:
host: mx.example.org
550 5.1.1 <ned@example.org>... User unknown

--- The header of the original message is following. ---

Subject: Hallo
Message-ID: <hallo@gmx.net>
`,
		want: provWant{decoder: "GMX", kind: dsn.DeliveryReport, origSubject: "Hallo", origID: "hallo@gmx.net",
			rcpts: []provWantRcpt{{addr: "ned@example.org", action: dsn.ActionFailed, status: "5.1.1", reply: 550, command: dsn.CommandRCPT, remote: "mx.example.org", diag: "550 5.1.1 <ned@example.org>... User unknown"}}},
	},
	{
		name: "1&1, refused after the message text",
		msg: `From: "Mail Delivery System" <mailer-daemon@kundenserver.de>
To: sender@example.de
Subject: Mail delivery failed: returning message to sender
Content-Type: text/plain; charset=utf-8

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of
its recipients. This is a permanent error. The following address(es)
failed:

olaf@example.fr:
SMTP error from remote server for TEXT command, host: mx.example.fr (192.0.2.40) reason: 554 5.7.1 Message refused as spam

--- The header of the original message is following. ---

Subject: Angebot
Message-ID: <angebot@example.de>
`,
		want: provWant{decoder: "EinsUndEins", kind: dsn.DeliveryReport, origSubject: "Angebot", origID: "angebot@example.de",
			rcpts: []provWantRcpt{{addr: "olaf@example.fr", action: dsn.ActionFailed, status: "5.7.1", reply: 554, command: dsn.CommandDATA, remote: "mx.example.fr", diag: "554 5.7.1 Message refused as spam"}}},
	},
	{
		name: "zoho failure lines",
		msg: `From: mailer-daemon@mail.zoho.eu
To: sender@zoho.eu
Subject: Undelivered Mail Returned to Sender
X-ZohoMail: Si
Content-Type: text/plain; charset=UTF-8

This message was created automatically by mail delivery software.
A message that you sent could not be delivered to one or more of its recipients. This is a permanent error.

pia@example.com Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 <pia@example.com>... User unknown
quin@example.com Error, ERROR_CODE :552, ERROR_CODE :5.3.4 Message too big

Received:from mail.zoho.eu by mx.zohomail.eu
Message-ID:<big@zoho.eu>
Subject:Photos
`,
		want: provWant{decoder: "Zoho", kind: dsn.DeliveryReport, origSubject: "Photos", origID: "big@zoho.eu",
			rcpts: []provWantRcpt{
				{addr: "pia@example.com", action: dsn.ActionFailed, status: "5.1.1", reply: 550, diag: "ERROR_CODE :5.1.1 <pia@example.com>... User unknown"},
				{addr: "quin@example.com", action: dsn.ActionFailed, status: "5.3.4", reply: 552, diag: "Message too big"},
			}},
	},
	{
		name: "zoho delay record",
		msg: `From: mailer-daemon@mail.zoho.com
Subject: Mail Delivery Status Notification (Delay)
X-Mailer: Zoho Mail

This message was created automatically by mail delivery system.

THIS IS A WARNING MESSAGE ONLY.

----- The following addresses had fatal errors -----
[Status: Error, Address: <rex@example.net>, ResponseCode 451, , Temporary local problem.]

Message will be retried for 4 more day(s)
`,
		want: provWant{decoder: "Zoho", kind: dsn.DeliveryReport,
			rcpts: []provWantRcpt{{addr: "rex@example.net", action: dsn.ActionDelayed, reply: 451, diag: "ResponseCode 451, Temporary local problem."}}},
	},
	{
		name: "ezweb session transcript",
		msg: `From: Postmaster@ezweb.ne.jp
To: sender@example.jp
Subject: Mail System Error - Returned Mail
Content-Type: text/plain; charset=UTF-8

次のあて先へのメッセージはエラーのため送信できませんでした。

Each of the following recipients was rejected by a remote
mail server.

    Recipient: <sam@example.com>
    >>> RCPT TO:<sam@example.com>
    <<< 550 5.1.1 <sam@example.com>: Recipient address rejected
`,
		want: provWant{decoder: "EZweb", kind: dsn.DeliveryReport,
			rcpts: []provWantRcpt{{addr: "sam@example.com", action: dsn.ActionFailed, status: "5.1.1", reply: 550, command: dsn.CommandRCPT, diag: "550 5.1.1 <sam@example.com>: Recipient address rejected"}}},
	},
	{
		name: "ezweb explanation only",
		msg: `From: Postmaster@ezweb.ne.jp
Subject: Mail System Error - Returned Mail

The user(s) account is disabled.

The following recipients did not receive this message:

<tom@ezweb.ne.jp>
`,
		want: provWant{decoder: "EZweb", kind: dsn.DeliveryReport,
			rcpts: []provWantRcpt{{addr: "tom@ezweb.ne.jp", action: dsn.ActionFailed, diag: "The user(s) account is disabled."}}},
	},
	{
		name: "kddi au one net",
		msg: `From: no-reply@app.auone-net.jp
To: sender@example.jp
Subject: Mail
Reply-To: no-reply@app.auone-net.jp

Your mail sent on: Mon, 1 Jan 2024 00:00:00 +0900
     Could not be delivered to: <uma@example.auone-net.jp>
     As the remote domain doesnt exist.
`,
		want: provWant{decoder: "KDDI", kind: dsn.DeliveryReport,
			rcpts: []provWantRcpt{{addr: "uma@example.auone-net.jp", action: dsn.ActionFailed, diag: "As the remote domain doesnt exist."}}},
	},
	{
		name: "biglobe",
		msg: `From: postmaster@biglobe.ne.jp
Subject: Returned mail: User unknown

   ----- The following addresses had delivery problems -----
vic@example.biglobe.ne.jp

   ----- Non-delivered information -----
The following recipient address
does not exist.
`,
		want: provWant{decoder: "Biglobe", kind: dsn.DeliveryReport,
			rcpts: []provWantRcpt{{addr: "vic@example.biglobe.ne.jp", action: dsn.ActionFailed, diag: "The following recipient address does not exist."}}},
	},
	{
		name: "apple mail unsubscribe request",
		msg: `From: wes@icloud.com
To: unsubscribe-42@lists.example.org
Subject: unsubscribe
Auto-Submitted: auto-replied
X-Apple-Unsubscribe: true

Apple Mail sent this email to unsubscribe from the message "Weekly digest".
`,
		want: provWant{decoder: "AppleUnsubscribe", kind: dsn.FeedbackReport, feedbackType: "opt-out",
			rcpts: []provWantRcpt{{addr: "wes@icloud.com", diag: "Weekly digest"}}},
	},
	{
		name: "delivery status fields written inline",
		msg: `From: MAILER-DAEMON@gw.example.org (Mail Delivery System)
To: sender@example.org
Subject: Undelivered Mail Returned to Sender

This is the mail system at host gw.example.org.

<xia@example.com>: host mx.example.com[192.0.2.50] said: 550 5.7.1 Relaying
    denied (in reply to RCPT TO command)

Reporting-MTA: dns; gw.example.org
Arrival-Date: Mon, 1 Jan 2024 00:00:00 +0000

Final-Recipient: rfc822; xia@example.com
Action: failed
Status: 5.7.1
Remote-MTA: dns; mx.example.com

Return-Path: <sender@example.org>
Subject: Report
Message-Id: <report@example.org>
`,
		want: provWant{decoder: "RFC3464-Inline", kind: dsn.DeliveryReport, reportingMTA: "gw.example.org", origSubject: "Report", origID: "report@example.org",
			rcpts: []provWantRcpt{{addr: "xia@example.com", action: dsn.ActionFailed, status: "5.7.1", reply: 550, command: dsn.CommandRCPT, remote: "mx.example.com", diag: "Relaying denied"}}},
	},
	{
		name: "inline fields with Sendmail's transcript",
		msg: `From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.edu>
Subject: Returned mail: see transcript for details

   ----- The following addresses had permanent fatal errors -----
<yan@example.edu>

   ----- Transcript of session follows -----
... while talking to mail.example.edu.:
<<< 552 5.2.2 Mailbox over quota

Reporting-MTA: dns; mx.example.edu

Final-Recipient: RFC822; yan@mail.example.edu
Action: failed
Status: 5.2.2

Return-Path: <sender@example.com>
Subject: Files
`,
		want: provWant{decoder: "RFC3464-Inline", kind: dsn.DeliveryReport, reportingMTA: "mx.example.edu", origSubject: "Files",
			rcpts: []provWantRcpt{{addr: "yan@mail.example.edu", action: dsn.ActionFailed, status: "5.2.2", reply: 552, diag: "552 5.2.2 Mailbox over quota"}}},
	},
}

func TestProviderFormats(t *testing.T) {
	for _, tc := range providerSamples {
		t.Run(tc.name, func(t *testing.T) {
			for _, eol := range []string{"\n", "\r\n"} {
				r, err := dsn.ParseBytes([]byte(strings.ReplaceAll(tc.msg, "\n", eol)), Registry())
				require.NoError(t, err)
				provCheck(t, r, tc.want)
			}
		})
	}
}

// TestProviderCorpus decodes a few of the Sisimai corpus's bounces of
// each provider (testdata/corpus, BSD licence).
func TestProviderCorpus(t *testing.T) {
	tests := []struct {
		file string
		want provWant
	}{
		{"lhost-gmail-01.eml", provWant{decoder: "Gmail", kind: dsn.DeliveryReport, origSubject: "TEST FROM GMAIL.COM", origID: "D992C2C3-F175-4C4D-97E2-53A90E4E5BF5@gmail.com",
			rcpts: []provWantRcpt{{addr: "userunknown@example.jp", action: dsn.ActionFailed, status: "5.1.1", reply: 550, remote: "mx.example.jp", diag: "550 5.1.1 <userunknown@example.jp>... User Unknown"}}}},
		{"lhost-gmail-06.eml", provWant{decoder: "Gmail", kind: dsn.DeliveryReport, origSubject: "TEST 3", origID: "A4D6026C-0699-460F-9F86-C2A5CB4BE6CE@gmail.com",
			rcpts: []provWantRcpt{{addr: "kijitora@example.jp", action: dsn.ActionDelayed, status: "4.2.2", reply: 450, diag: "Mailbox Full (state 14)"}}}},
		{"lhost-googlegroups-03.eml", provWant{decoder: "GoogleGroups", kind: dsn.DeliveryReport, origSubject: "Nyaan", origID: "66C1F946-C1BB-4CC3-BE6C-E59D77ADA7C5@example.jp",
			rcpts: []provWantRcpt{{addr: "libsisimai@googlegroups.com", action: dsn.ActionFailed, diag: "(libsisimai)"}}}},
		{"lhost-yahoo-01.eml", provWant{decoder: "Yahoo", kind: dsn.DeliveryReport, origSubject: "Nyaaaaan", origID: "6AE6249A-E7A8-4980-862C-F499F6B8E7C5@y.example.co.jp",
			rcpts: []provWantRcpt{{addr: "kijitora@example.org", action: dsn.ActionFailed, status: "5.1.1", reply: 550, command: dsn.CommandRCPT, diag: "User Unknown"}}}},
		{"lhost-mailru-03.eml", provWant{decoder: "MailRu", kind: dsn.DeliveryReport, origSubject: "Nyaaan", origID: "520967C8-075C-4B93-929C-E0EEAD268A25@mail.example.ru",
			rcpts: []provWantRcpt{
				{addr: "mikeneko@example.jp", action: dsn.ActionFailed, status: "5.2.2", reply: 550, command: dsn.CommandRCPT, remote: "mx.example.jp", diag: "Mailbox Full"},
				{addr: "sabineko@example.jp", action: dsn.ActionFailed, status: "5.2.1", reply: 550, command: dsn.CommandRCPT, remote: "mx.example.jp", diag: "User Unknown"},
			}}},
		{"lhost-amazonses-10.eml", provWant{decoder: "AmazonSES", kind: dsn.DeliveryReport, origSubject: "Nyaaan", origID: "01010157e6083857-2c73eed0-71f8-47d1-ab77-c4646f9d776d-000000",
			rcpts: []provWantRcpt{{addr: "bounce@simulator.amazonses.com", action: dsn.ActionFailed, status: "5.1.1", reply: 550, diag: "550 5.1.1 user unknown"}}}},
		{"lhost-amazonses-12.eml", provWant{decoder: "AmazonSES", kind: dsn.DeliveryReport, reportingMTA: "a27-29.smtp-out.us-west-2.amazonses.com", origSubject: "Nyaan", origID: "01010158910f768a-98f33ad0-6366-4b78-86e7-1048b5d7d519-000000",
			rcpts: []provWantRcpt{{addr: "success@simulator.amazonses.com", action: dsn.ActionDelivered, status: "2.6.0", reply: 250, diag: "Message received"}}}},
		{"lhost-amazonworkmail-01.eml", provWant{decoder: "AmazonWorkMail", kind: dsn.DeliveryReport, reportingMTA: "a27-85.smtp-out.us-west-2.amazonses.com", origSubject: "Nyaaaaan", origID: "000001523f1865dd-0dbfd06e-bfce-4637-b049-3318ea42f98a-000000@us-west-2.amazonses.com",
			rcpts: []provWantRcpt{{addr: "kijitora@example.jp", action: dsn.ActionFailed, status: "5.1.1", reply: 550, diag: "User Unknown"}}}},
		{"lhost-ezweb-01.eml", provWant{decoder: "EZweb", kind: dsn.DeliveryReport, origSubject: "TEST", origID: "20080907124011.12ABCD8@lsean.ezweb.ne.jp",
			rcpts: []provWantRcpt{{addr: "this-message-rejected-by-the-domain-filter@ezweb.ne.jp", action: dsn.ActionFailed, diag: "rejected by a remote mail server"}}}},
		{"lhost-kddi-02.eml", provWant{decoder: "KDDI", kind: dsn.DeliveryReport, origSubject: "Message", origID: "00000000.000000000000000@exampe.cat",
			rcpts: []provWantRcpt{{addr: "kijitora@00000000000000.dion.ne.jp", action: dsn.ActionFailed, diag: "As their mailbox is full."}}}},
		{"lhost-zoho-04.eml", provWant{decoder: "Zoho", kind: dsn.DeliveryReport, origSubject: "Nyaaaan", origID: "14a3e1f7f3c.110ef7cb910716.7530578479836940184@zoho.example.com",
			rcpts: []provWantRcpt{{addr: "kijitora@6kaku.example.co.jp", action: dsn.ActionDelayed, reply: 421, diag: "Host not reachable."}}}},
		{"lhost-gmx-01.eml", provWant{decoder: "GMX", kind: dsn.DeliveryReport, origSubject: "Nyaaan", origID: "trinity-d174cb7e-d4a8-4dd5-8b53-7a9f70928e75-1417217529360@3capp-mailcom-lxa02",
			rcpts: []provWantRcpt{{addr: "shironeko@example.jp", action: dsn.ActionFailed, status: "5.2.2", command: dsn.CommandRCPT, remote: "mx.example.jp", diag: "Mailbox Full"}}}},
		{"lhost-einsundeins-02.eml", provWant{decoder: "EinsUndEins", kind: dsn.DeliveryReport, origSubject: "Nyaaan", origID: "eeeeeeee.neko.000000000nyaaan-00@smtp.example.jp",
			rcpts: []provWantRcpt{{addr: "kijitora@example.org", action: dsn.ActionFailed, diag: "Mail size limit exceeded."}}}},
		{"lhost-biglobe-01.eml", provWant{decoder: "Biglobe", kind: dsn.DeliveryReport, origSubject: "Cats", origID: "000000000000000000000000000000@example.com",
			rcpts: []provWantRcpt{{addr: "postmaster@mxr.biglobe.ne.jp", action: dsn.ActionFailed, diag: "exceeded the local limit"}}}},
		{"rfc3464-34.eml", provWant{decoder: "RFC3464-Inline", kind: dsn.DeliveryReport, reportingMTA: "smtp.neko.example.org", origSubject: "Nyaan", origID: "20170429233445.FFFFFFFF02@smtp.neko.example.org",
			rcpts: []provWantRcpt{{addr: "kijitora@example.com", action: dsn.ActionDelayed, status: "4.4.1", diag: "No route to host", original: "kijitora@example.com"}}}},
		{"arf-26.eml", provWant{decoder: "AppleUnsubscribe", kind: dsn.FeedbackReport, feedbackType: "opt-out",
			rcpts: []provWantRcpt{{addr: "example@icloud.com", diag: "Apple Mail sent this email to unsubscribe"}}}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "corpus", "bsd", tc.file))
			require.NoError(t, err)
			r, err := dsn.ParseBytes(b, Registry())
			require.NoError(t, err)
			provCheck(t, r, tc.want)
		})
	}
}

// TestProviderNotTheirs checks that the provider decoders leave alone
// messages that share a provider's headers or words but are not its
// bounces.
func TestProviderNotTheirs(t *testing.T) {
	tests := []struct {
		name string
		msg  string
	}{
		{"a person at gmail quoting a bounce", `From: Someone <someone@gmail.com>
Subject: Delivery Status Notification (Failure)

Delivery to the following recipient failed permanently:

     friend@example.com
`},
		{"qmail's failure notice is not yahoo's", `From: MAILER-DAEMON@mail.example.org
Subject: failure notice

Hi. This is the qmail-send program at mail.example.org.
I'm afraid I wasn't able to deliver your message to the following addresses.

<friend@example.com>:
Sorry, no mailbox here by that name. (#5.1.1)
`},
		{"a yahoo user's message titled failure notice", `From: pal@yahoo.com
Subject: Failure notice
X-YMailISG: abc

Our launch was a failure, notice the numbers.
`},
		{"an SES-looking message with broken JSON", `From: no-reply@sns.amazonaws.com
Subject: AWS Notification Message

{"notificationType":"Bounce","bounce":{"bouncedRecipients":[{"emailAddress":
`},
		{"SNS message of another service", `From: no-reply@sns.amazonaws.com
Subject: AWS Notification Message

{"Type":"Notification","Message":"{\"AlarmName\":\"cpu\"}"}
`},
		{"a mailer-daemon message that only quotes a field", `From: MAILER-DAEMON@example.org
Subject: Your message

Final-Recipient: rfc822; somebody@example.com
`},
		{"an Exim bounce delivered to a mail.ru mailbox", `Received: from mx.example.com by mxs.mail.ru with esmtp for <user@mail.ru>
Received: from mail by mx.example.com with local
From: Mail Delivery System <Mailer-Daemon@mx.example.com>
Subject: Mail delivery failed: returning message to sender

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  friend@example.com
    Unrouteable address
`},
		{"a WorkMail user's message that quotes a bounce", `From: Kim <kim@corp.awsapps.com>
X-Mailer: Amazon WorkMail
Subject: Fwd: Delivery Status Notification (Failure)

An error occurred while trying to deliver the mail to the following recipients:
friend@example.com
`},
		{"a message from an ezweb user", `From: user@ezweb.ne.jp
Subject: Mail System Error - Returned Mail

Recipient: <someone@example.com>
`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := dsn.ReadMessage([]byte(tc.msg))
			require.NoError(t, err)
			r := dsn.Decode(m, registrySection(t, AmazonSES, InlineRFC3464))
			assert.Equal(t, dsn.NotBounce, r.Kind, "decoded by %s: %+v", r.Decoder, r.Recipients)
		})
	}
}

// TestProviderHostileInput checks that the decoders keep to their limits
// on input made to exhaust them.
func TestProviderHostileInput(t *testing.T) {
	var many strings.Builder
	many.WriteString("From: mailer-daemon@mail.zoho.com\nSubject: Undelivered Mail Returned to Sender\n\nThis message was created automatically by mail delivery software.\n\n")
	for i := 0; i < dsn.MaxRecipients+50; i++ {
		fmt.Fprintf(&many, "u%d@example.com Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 unknown\n", i)
	}
	r, err := dsn.ParseBytes([]byte(many.String()), Registry())
	require.NoError(t, err)
	assert.Equal(t, "Zoho", r.Decoder)
	assert.LessOrEqual(t, len(r.Recipients), dsn.MaxRecipients)

	long := "From: MAILER-DAEMON@yahoo.com\nSubject: Failure Notice\n\n" + yahooIntro + ".\n\n<a@example.com>:\n" +
		strings.Repeat("550 x ", 1<<17) + "\n"
	r, err = dsn.ParseBytes([]byte(long), Registry())
	require.NoError(t, err)
	require.Len(t, r.Recipients, 1)

	deep := "From: no-reply@sns.amazonaws.com\nSubject: AWS Notification Message\n\n" +
		strings.Repeat(`{"a":`, 20000) + strings.Repeat("}", 20000) + "\n"
	r, err = dsn.ParseBytes([]byte(deep), Registry())
	require.NoError(t, err)
	assert.Equal(t, dsn.NotBounce, r.Kind)
}

func FuzzProviderDecoders(f *testing.F) {
	for _, tc := range providerSamples {
		f.Add([]byte(tc.msg))
	}
	providers := registrySection(f, AmazonSES, InlineRFC3464)
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := dsn.ReadMessage(b)
		if err != nil {
			return
		}
		r := dsn.Decode(m, providers)
		if len(r.Recipients) > dsn.MaxRecipients {
			t.Fatalf("%d recipients", len(r.Recipients))
		}
		for _, rc := range r.Recipients {
			if rc.Recipient == "" {
				t.Fatal("recipient without an address")
			}
		}
	})
}
