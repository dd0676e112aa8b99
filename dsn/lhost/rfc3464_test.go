package lhost

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// sendmailRcpt is one recipient of a Sendmail DSN built by sendmailDSN.
type sendmailRcpt struct {
	addr, status, diagnostic string
}

// sendmailDSN returns a delivery status notification in the layout
// Sendmail 8.17.1.9 writes (savemail.c: errbody), with the transcript
// lines given and one recipient group for each rcpt, whose
// Diagnostic-Code is its q_rstatus.
func sendmailDSN(transcript string, rcpts ...sendmailRcpt) string {
	var list, groups strings.Builder
	for _, rc := range rcpts {
		fmt.Fprintf(&list, "<%s>\n    (reason: %s)\n", rc.addr, rc.diagnostic)
		fmt.Fprintf(&groups, "\nFinal-Recipient: RFC822; %s\nAction: failed\nStatus: %s\n"+
			"Remote-MTA: DNS; mx.example.net\nDiagnostic-Code: SMTP; %s\n"+
			"Last-Attempt-Date: Thu, 29 Apr 2021 10:00:05 +0200\n", rc.addr, rc.status, rc.diagnostic)
	}
	return `From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>
To: <sender@example.com>
Subject: Returned mail: see transcript for details
Auto-Submitted: auto-generated (failure)
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="13TAB1xx012345.1619683205/mx.example.org"

This is a MIME-encapsulated message

--13TAB1xx012345.1619683205/mx.example.org

The original message was received at Thu, 29 Apr 2021 10:00:00 +0200
from client.example.com [192.0.2.10]

   ----- The following addresses had permanent fatal errors -----
` + list.String() + `
   ----- Transcript of session follows -----
` + transcript + `
--13TAB1xx012345.1619683205/mx.example.org
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org
Received-From-MTA: DNS; client.example.com
Arrival-Date: Thu, 29 Apr 2021 10:00:00 +0200
` + groups.String() + `
--13TAB1xx012345.1619683205/mx.example.org
Content-Type: text/rfc822-headers

Return-Path: <sender@example.com>
From: Sender <sender@example.com>
To: anna@example.net, bert@example.net
Subject: hello

--13TAB1xx012345.1619683205/mx.example.org--
`
}

func TestSendmailCutReplies(t *testing.T) {
	greeting := "... while talking to mx.example.net.:\n" +
		"<<< 554-mx.example.net (mxgmx) Nemesis ESMTP Service not available\n" +
		"<<< 554-No SMTP service\n" +
		"<<< 554-IP address is block listed.\n" +
		"<<< 554 For explanation visit https://postmaster.example.net/en/case?c=r0123\n" +
		"554 5.0.0 Service unavailable\n"
	data := "... while talking to mx.example.net.:\n>>> DATA\n" +
		"<<< 550-5.7.1 Unauthenticated email from example.com is not accepted due to domain's\n" +
		"<<< 550-5.7.1 DMARC policy. Please contact the administrator of example.com domain\n" +
		"<<< 550 5.7.1 if this was a legitimate mail.\n" +
		"554 5.0.0 Service unavailable\n"
	for _, tc := range []struct {
		name       string
		transcript string
		rcpts      []sendmailRcpt
		want       []string // each recipient's diagnostic
	}{
		{
			name:       "greeting refused: no command before the reply",
			transcript: greeting,
			rcpts:      []sendmailRcpt{{"anna@example.net", "5.0.0", "554-mx.example.net (mxgmx) Nemesis ESMTP Service not available"}},
			want: []string{"554 mx.example.net (mxgmx) Nemesis ESMTP Service not available No SMTP service " +
				"IP address is block listed. For explanation visit https://postmaster.example.net/en/case?c=r0123"},
		},
		{
			name:       "DATA refused: one reply for every recipient, enhanced codes repeated",
			transcript: data,
			rcpts: []sendmailRcpt{
				{"anna@example.net", "5.7.1", "550-5.7.1 Unauthenticated email from example.com is not accepted due to domain's"},
				{"bert@example.net", "5.7.1", "550-5.7.1 Unauthenticated email from example.com is not accepted due to domain's"},
			},
			want: []string{
				"550 5.7.1 Unauthenticated email from example.com is not accepted due to domain's DMARC policy. " +
					"Please contact the administrator of example.com domain if this was a legitimate mail.",
				"550 5.7.1 Unauthenticated email from example.com is not accepted due to domain's DMARC policy. " +
					"Please contact the administrator of example.com domain if this was a legitimate mail.",
			},
		},
		{
			name: "RCPT refused twice with the same first line: each recipient's own reply",
			transcript: "... while talking to mx.example.net.:\n" +
				">>> RCPT To:<anna@example.net>\n<<< 550-5.1.1 Recipient rejected\n<<< 550 5.1.1 anna: no such mailbox\n" +
				"550 5.1.1 <anna@example.net>... User unknown\n" +
				">>> RCPT To:<bert@example.net>\n<<< 550-5.1.1 Recipient rejected\n<<< 550 5.1.1 bert: account disabled\n" +
				"550 5.1.1 <bert@example.net>... User unknown\n",
			rcpts: []sendmailRcpt{
				{"anna@example.net", "5.1.1", "550-5.1.1 Recipient rejected"},
				{"bert@example.net", "5.1.1", "550-5.1.1 Recipient rejected"},
			},
			want: []string{
				"550 5.1.1 Recipient rejected anna: no such mailbox",
				"550 5.1.1 Recipient rejected bert: account disabled",
			},
		},
		{
			name:       "a final line is left as it is",
			transcript: "... while talking to mx.example.net.:\n>>> RCPT To:<anna@example.net>\n<<< 550 5.1.1 User unknown\n",
			rcpts:      []sendmailRcpt{{"anna@example.net", "5.1.1", "550 5.1.1 User unknown"}},
			want:       []string{"550 5.1.1 User unknown"},
		},
		{
			name:       "no transcript of the reply: the first line is all there is",
			transcript: "554 5.0.0 Service unavailable\n",
			rcpts:      []sendmailRcpt{{"anna@example.net", "5.0.0", "554-mx.example.net (mxgmx) Nemesis ESMTP Service not available"}},
			want:       []string{"554-mx.example.net (mxgmx) Nemesis ESMTP Service not available"},
		},
		{
			name: "another reply's lines are not taken",
			transcript: "... while talking to mx.example.net.:\n>>> DATA\n<<< 554-Transaction failed\n" +
				"<<< 451 4.3.0 Other reply\n",
			rcpts: []sendmailRcpt{{"anna@example.net", "5.0.0", "554-Transaction failed"}},
			want:  []string{"554-Transaction failed"},
		},
	} {
		for _, eol := range []string{"\n", "\r\n", "\r"} {
			t.Run(fmt.Sprintf("%s/%q", tc.name, eol), func(t *testing.T) {
				raw := strings.ReplaceAll(sendmailDSN(tc.transcript, tc.rcpts...), "\n", eol)
				r, err := dsn.ParseBytes([]byte(raw), Registry())
				require.NoError(t, err)
				assert.Equal(t, string(dsn.RFC3464), r.Decoder)
				require.Len(t, r.Recipients, len(tc.want))
				for i, want := range tc.want {
					rc := r.Recipients[i]
					assert.Equal(t, tc.rcpts[i].addr, rc.Recipient)
					assert.Equal(t, want, rc.DiagnosticCode, rc.Recipient)
					assert.Equal(t, "smtp", strings.ToLower(rc.DiagnosticType), rc.Recipient)
					assert.Equal(t, tc.rcpts[i].status, rc.Status.String(), rc.Recipient)
				}
			})
		}
	}
}

func TestTranscriptReply(t *testing.T) {
	lines := []string{
		">>> RCPT To:<anna@example.net>",
		"<<< 550-first",
		"<<< 550-second",
		"<<< 550 last",
		"<<< 550-first", // a second reply starting alike, cut short
	}
	assert.Equal(t, []string{"550-first", "550-second", "550 last"}, transcriptReply(lines, "550-first", "anna@example.net"))
	assert.Equal(t, []string{"550-first", "550-second", "550 last"}, transcriptReply(lines, "550-first", "bert@example.net"))
	assert.Nil(t, transcriptReply(lines, "550-other", "anna@example.net"))
	// A reply longer than the bound is cut there.
	long := []string{"<<< 554-a"}
	for range 2 * maxReplyLines {
		long = append(long, "<<< 554-more")
	}
	assert.Len(t, transcriptReply(long, "554-a", ""), maxReplyLines)
}

// stalwartDSN returns a failure notice in the layout Stalwart's queue
// writes (stalwartlabs/mail-server:crates/smtp/src/queue/dsn.rs,
// Message::build_dsn): the intro, one text line per recipient naming the
// command the remote host refused, and a delivery-status group whose
// Diagnostic-Code holds the reply alone.
func stalwartDSN(rcpt, command string) string {
	return `From: "Mail Delivery Subsystem" <MAILER-DAEMON@mx.example.org>
To: sender@example.org
Auto-Submitted: auto-generated
Subject: Failed to deliver message
MIME-Version: 1.0
Content-Type: multipart/report; report-type="delivery-status"; boundary="b"

--b
Content-Type: text/plain

Your message could not be delivered to the following recipients:

<` + rcpt + `> (host 'mx.example.net' rejected command '` + command + `' with code 550 (5.1.1) 'Mailbox not found')

--b
Content-Type: message/delivery-status

Reporting-MTA: dns;mx.example.org
Arrival-Date: Mon, 1 Jan 2024 10:00:00 +0000

Final-Recipient: rfc822;` + rcpt + `
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp;550 Mailbox not found
Remote-MTA: dns;mx.example.net

--b--
`
}

// Stalwart names the refused command only in its text part; the
// recipient's command is read from there.
func TestStalwartRefusedCommand(t *testing.T) {
	for _, tc := range []struct{ command, want string }{
		{"RCPT TO:<anna@example.net>", dsn.CommandRCPT},
		{"MAIL FROM:<sender@example.org>", dsn.CommandMAIL},
	} {
		r, err := dsn.ParseBytes([]byte(stalwartDSN("anna@example.net", tc.command)), Registry())
		require.NoError(t, err)
		assert.Equal(t, string(dsn.RFC3464), r.Decoder)
		require.Len(t, r.Recipients, 1)
		rc := r.Recipients[0]
		assert.Equal(t, "anna@example.net", rc.Recipient)
		assert.Equal(t, dsn.ActionFailed, rc.Action)
		assert.Equal(t, tc.want, rc.Command, tc.command)
	}
}

// reportWithStatus returns a multipart/report from sender, with the
// Subject given, its text part text and its delivery-status part status
// (empty: the part's header and nothing else), returning a message sent
// to anna@example.net and bert@example.net.
func reportWithStatus(sender, subject, text, status string) string {
	return `From: ` + sender + `
To: sender@example.com
Subject: ` + subject + `
Date: Thu, 03 Jul 2025 15:44:25 -0700
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain; charset=UTF-8

` + text + `
--B
Content-Type: message/delivery-status

` + status + `
--B
Content-Type: message/rfc822

From: Sender <sender@example.com>
To: anna@example.net, bert@example.net
Subject: hello
Message-ID: <orig-1@example.com>

hello
--B--
`
}

// A delivery-status part without a single field is only a partial
// reading for the RFC 3464 decoder: a decoder after it that reads the
// notification's text is credited with the report and its facts; when
// none does, the RFC 3464 reading (the recipient from the returned
// message, its reply found next to its address in the text) is kept. A
// report whose part has fields is the RFC 3464 decoder's as before.
func TestEmptyDeliveryStatusFallback(t *testing.T) {
	const (
		google  = "Mail Delivery Subsystem <mailer-daemon@googlemail.com>"
		postfix = "MAILER-DAEMON@mx.example.org (Mail Delivery System)"
	)
	// Google's notice of 2025 (the layout of generic.tsv's row for "Your
	// message wasn't delivered to", https://pastebin.com/bZPAq5ca).
	googleText := "** Address not found **\n\n" +
		"Your message wasn't delivered to bert@example.net because the address couldn't be found or is unable to receive email.\n\n" +
		"The response was:\n\n" +
		"550 5.1.1 The email account that you tried to reach does not exist. - gsmtp\n"
	// Postfix's notice (bounce.cf.default's intro, then one paragraph per
	// recipient).
	postfixText := "This is the mail system at host mx.example.org.\n\n" +
		"I'm sorry to have to inform you that your message could not\n" +
		"be delivered to one or more recipients. It's attached below.\n\n" +
		"                   The mail system\n\n" +
		"<bert@example.net>: host mx.example.net[192.0.2.8] said: 550 5.1.1\n" +
		"    <bert@example.net>: Recipient address rejected: User unknown (in reply\n" +
		"    to RCPT TO command)\n"
	// A text no decoder knows the layout of, naming the returned
	// message's first addressee.
	unknownText := "Delivery failed.\n\n" +
		"<anna@example.net>: host mx.example.net[192.0.2.8] said: 550 5.1.1\n" +
		"    <anna@example.net>: Recipient address rejected: User unknown (in reply\n" +
		"    to RCPT TO command)\n"
	fields := "Reporting-MTA: dns; mx.example.org\n\n" +
		"Final-Recipient: rfc822; bert@example.net\nAction: failed\nStatus: 5.1.2\n" +
		"Diagnostic-Code: smtp; 550 5.1.2 Host unknown\n"

	for _, tc := range []struct {
		name, msg  string
		decoder    dsn.DecoderName
		recipient  string
		status     dsn.Status
		diagnostic string // a fragment of the recipient's diagnostic
		note       string // a fragment of a note the report must have, or ""
	}{
		{
			name:      "empty part, Google's notice: read by the Gmail decoder",
			msg:       reportWithStatus(google, "Delivery Status Notification (Failure)", googleText, ""),
			decoder:   Gmail,
			recipient: "bert@example.net", status: dsn.Status{Class: 5, Subject: 1, Detail: 1},
			diagnostic: "The email account that you tried to reach does not exist",
			note:       "RFC3464 read it only in part (delivery-status part without fields): read by the Gmail decoder",
		},
		{
			name:      "empty part, Postfix's notice: read by the Postfix decoder",
			msg:       reportWithStatus(postfix, "Undelivered Mail Returned to Sender", postfixText, ""),
			decoder:   Postfix,
			recipient: "bert@example.net", status: dsn.Status{Class: 5, Subject: 1, Detail: 1},
			diagnostic: "User unknown",
			note:       "RFC3464 read it only in part (delivery-status part without fields): read by the Postfix decoder",
		},
		{
			name:      "empty part, a text no decoder reads: the RFC 3464 reading",
			msg:       reportWithStatus(postfix, "Undelivered Mail Returned to Sender", unknownText, ""),
			decoder:   dsn.RFC3464,
			recipient: "anna@example.net", status: dsn.Status{Class: 5, Subject: 1, Detail: 1},
			diagnostic: "said: 550 5.1.1",
			note:       "RFC3464 read it only in part (delivery-status part without fields): no decoder after it read more",
		},
		{
			name:      "fields in the part: the RFC 3464 decoder's as before",
			msg:       reportWithStatus(postfix, "Undelivered Mail Returned to Sender", postfixText, fields),
			decoder:   dsn.RFC3464,
			recipient: "bert@example.net", status: dsn.Status{Class: 5, Subject: 1, Detail: 2},
			diagnostic: "Host unknown",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(tc.msg), Registry())
			require.NoError(t, err)
			assert.Equal(t, dsn.DeliveryReport, r.Kind)
			assert.Equal(t, string(tc.decoder), r.Decoder)
			require.Len(t, r.Recipients, 1)
			rc := r.Recipients[0]
			assert.Equal(t, tc.recipient, rc.Recipient)
			assert.Equal(t, dsn.ActionFailed, rc.Action)
			assert.Equal(t, tc.status, rc.Status)
			assert.Contains(t, rc.DiagnosticCode, tc.diagnostic)
			assert.Equal(t, "sender@example.com", r.Original.From, "the returned message is read whichever decoder reads the report")
			partial := ""
			for _, n := range r.Notes {
				if strings.Contains(n, "only in part") {
					partial = n
				}
			}
			if tc.note == "" {
				assert.Empty(t, partial)
			} else {
				assert.Contains(t, partial, tc.note)
			}
		})
	}
}
