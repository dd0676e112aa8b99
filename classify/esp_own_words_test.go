package classify_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// sesForwardedDSN writes the DSN Amazon SES's feedback forwarding sends to
// the Return-Path (From MAILER-DAEMON@amazonses.com, a notice listing the
// recipient, then the delivery-status part without Remote-MTA, the
// layout the SES decoder reads: provider_amazon.go).
func sesForwardedDSN(rcpt, diag, status string) string {
	return "From: MAILER-DAEMON@amazonses.com\nTo: bounces@app.example.com\n" +
		"Subject: Delivery Status Notification (Failure)\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; boundary=\"b1\"; report-type=delivery-status\n\n" +
		"--b1\nContent-Type: text/plain; charset=us-ascii\n\n" +
		"An error occurred while trying to deliver the mail to the following recipients:\n" + rcpt + "\n" +
		"--b1\nContent-Type: message/delivery-status\n\nReporting-MTA: dsn; a8-95.smtp-out.amazonses.com\n\n" +
		"Action: failed\nFinal-Recipient: rfc822; " + rcpt + "\nDiagnostic-Code: " + diag + "\nStatus: " + status + "\n\n" +
		"--b1\nContent-Type: text/rfc822-headers\n\nFrom: billing@app.example.com\nTo: " + rcpt + "\nSubject: Invoice\n\n--b1--\n"
}

// sesJSONBounce writes an SES bounce notification (no SMTP command in it)
// as SNS mails it to an "email" subscription.
func sesJSONBounce(rcpt, status, diag string) string {
	return fmt.Sprintf("From: AWS Notifications <no-reply@sns.amazonaws.com>\nTo: ops@app.example.com\n"+
		"Subject: AWS Notification Message\nContent-Type: text/plain; charset=UTF-8\n\n"+
		`{"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General",`+
		`"bouncedRecipients":[{"emailAddress":%q,"action":"failed","status":%q,"diagnosticCode":%q}],`+
		`"reportingMTA":"dsn; a8-30.smtp-out.amazonses.com"},"mail":{"messageId":"0100abc","source":"billing@app.example.com"}}`+"\n",
		rcpt, status, diag)
}

// TestSuppressedText: the sentence SES (and the services built on
// it) writes when it bounces an address on a suppression list names the
// list, whatever its 5.1.1 says; words that only resemble it do not.
func TestSuppressedText(t *testing.T) {
	cases := []struct {
		name, diag, status string
		want               classify.Reason
	}{
		{"ses global list",
			"Amazon SES has suppressed sending to this address because it has a recent history of bouncing as an invalid address. " +
				"For more information about how to remove an address from the suppression list, see the Amazon SES Developer Guide: " +
				"http://docs.aws.amazon.com/ses/latest/DeveloperGuide/remove-from-suppressionlist.html", "5.1.1", classify.Suppressed},
		{"account-level list",
			"Amazon SES has suppressed sending to this address because it is on the account-level suppression list.", "5.1.1", classify.Suppressed},
		{"service built on ses",
			"Resend has suppressed sending to this address because it is on the account-level suppression list", "5.1.1", classify.Suppressed},
		// Near misses: a remote's own refusal keeps its reason.
		{"remote unknown user", "smtp; 550 5.1.1 <x@example.net>: Recipient address rejected: User unknown", "5.1.1", classify.UserUnknown},
		{"suppressed as another word", "smtp; 550 5.1.1 user unknown (notifications suppressed for this address)", "5.1.1", classify.UserUnknown},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, sesForwardedDSN("x@example.net", tc.diag, tc.status))
			assertReason(t, got, "x@example.net", tc.want)
		})
	}
}

// TestATTUnknownWithoutCommand: AT&T's X.2.1 replies for an address
// it does not have are user-unknown also where the report does not name
// the command (an SES notification); the same words from another domain
// with no command known stay held back, and X.2.1 decides.
func TestATTUnknownWithoutCommand(t *testing.T) {
	cases := []struct {
		name, rcpt, diag string
		want             classify.Reason
	}{
		{"att addressee unknown", "example@prodigy.net",
			"smtp; 550 5.2.1 <EXAMPLE@PRODIGY.NET>... Addressee unknown, relay=[192.0.2.77]", classify.UserUnknown},
		{"att blank mailhost", "someone@sbcglobal.net",
			"smtp; 550 5.2.1 <someone@sbcglobal.net>... blank mailhost - invalid address, relay=[192.0.2.77]", classify.UserUnknown},
		// Not AT&T: no provider's words, so X.2.1 speaks.
		{"other domain", "someone@example.org",
			"smtp; 550 5.2.1 <someone@example.org>... Addressee unknown", classify.Filtered},
		// AT&T, other words: its other rows and X.2.1 as before.
		{"att suspended", "closed@bellsouth.net",
			"smtp; 550 5.2.1 [suspend] Mailbox currently suspended--Please contact correspondent directly.", classify.Suspend},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, sesJSONBounce(tc.rcpt, "5.2.1", tc.diag))
			assertReason(t, got, tc.rcpt, tc.want)
		})
	}
}

// TestSESReject: SES's Reject event (a virus found, nothing sent) is
// a virus verdict for every destination; the events that report no
// failure give no recipient at all.
func TestSESReject(t *testing.T) {
	head := "From: AWS Notifications <no-reply@sns.amazonaws.com>\nTo: ops@app.example.com\nSubject: AWS Notification Message\n" +
		"Content-Type: text/plain; charset=UTF-8\n\n"
	mail := `"mail":{"messageId":"0100abc","source":"billing@app.example.com","destination":["a@example.net"]}`
	got := verdicts(t, head+`{"eventType":"Reject",`+mail+`,"reject":{"reason":"Bad content"}}`+"\n")
	v, _ := assertReason(t, got, "a@example.net", classify.VirusDetected)
	assert.False(t, v.HardBounce)

	for _, record := range []string{
		`{"eventType":"Rendering Failure",` + mail + `,"failure":{"errorMessage":"Attribute 'x' is not present in the rendering data.","templateName":"T"}}`,
		`{"eventType":"Send",` + mail + `,"send":{}}`,
	} {
		r, err := dsn.ParseBytes([]byte(head+record+"\n"), lhost.Registry())
		require.NoError(t, err)
		assert.False(t, r.IsBounce(), record)
		assert.Empty(t, r.Recipients, record)
	}
}

// relayDSN writes the Postfix DSN a customer's MTA returns when the
// service it relays through (relayhost) refuses the message.
func relayDSN(rcpt, relay, reply, command string) string {
	return "From: MAILER-DAEMON@mail.app.example.com (Mail Delivery System)\nTo: billing@app.example.com\n" +
		"Subject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b2\"\n\n" +
		"--b2\nContent-Type: text/plain; charset=us-ascii\n\nThis is the mail system at host mail.app.example.com.\n\n" +
		"<" + rcpt + ">: host " + relay + "[192.0.2.80] said: " + reply + " (in reply to " + command + " command)\n\n" +
		"--b2\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mail.app.example.com\n\n" +
		"Final-Recipient: rfc822; " + rcpt + "\nAction: failed\nStatus: 5.0.0\nRemote-MTA: dns; " + relay + "\n" +
		"Diagnostic-Code: smtp; " + reply + "\n\n--b2--\n"
}

// TestRelayReplies: the relays' own refusals of a customer's message
// (ZeptoMail's documented replies, read with Zoho's provider rows;
// SparkPost's and Emailit's refusal of a From domain the account has not
// set up).
func TestRelayReplies(t *testing.T) {
	cases := []struct {
		name, relay, reply, command string
		want                        classify.Reason
	}{
		{"zeptomail relaying", "smtp.zeptomail.com", "553 Relaying disallowed as billing@app.example.com", "MAIL FROM", classify.NoRelaying},
		{"zoho mx relaying", "mx.zoho.com", "553 Relaying disallowed", "RCPT TO", classify.NoRelaying},
		{"zeptomail virus", "smtp.zeptomail.com", "552 5.7.1 virus Win.Test.EICAR_HDB-1 detected by Zoho Mail.", "end of DATA", classify.VirusDetected},
		{"sparkpost unconfigured domain", "smtp.sparkpostmail.com", "550 5.7.1 Unconfigured Sending Domain <app.example.com>", "end of DATA", classify.Rejected},
		{"emailit unverified domain", "smtp.emailit.com",
			"530 From/Sender domain is not verified for this workspace. From: billing@app.example.com", "end of DATA", classify.Rejected},
		// Near miss: the relay's MAIL FROM refusal without its words
		// stays the sender's refusal.
		{"mail from refusal", "smtp.zeptomail.com", "553 Sender address not allowed", "MAIL FROM", classify.Rejected},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, relayDSN("customer@example.net", tc.relay, tc.reply, tc.command))
			assertReason(t, got, "customer@example.net", tc.want)
		})
	}
}

// TestAccountRefusals: a relay refusing the customer's own account
// with the service (Brevo's unactivated account, SES's paused account)
// refuses the sender; a recipient's account "not yet activated" at a
// mailbox provider, or a deferral that names no account, is not that.
func TestAccountRefusals(t *testing.T) {
	cases := []struct {
		name, relay, reply, command string
		want                        classify.Reason
	}{
		{"brevo 502", "smtp-relay.brevo.com",
			"502 5.7.0 Your SMTP account is not yet activated. Please contact us at contact@sendinblue.com to request activation.", "end of DATA", classify.Rejected},
		{"brevo 450", "smtp-relay.sendinblue.com",
			"450 Your SMTP account is not yet activated. Please contact us at contact@sendinblue.com to request activation.", "end of DATA", classify.Rejected},
		{"ses paused", "email-smtp.us-east-1.amazonaws.com",
			"554 Message rejected: Sending paused for this account. For more information, please check the inbox of the email address associated with your AWS account.", "end of DATA", classify.Rejected},
		// Near misses (any reason but rejected): the recipient's
		// mailbox not yet activated; a deferral naming no account.
		{"recipient mailbox not activated", "mx.example.org", "550 5.2.1 Mailbox not yet activated", "RCPT TO", ""},
		{"paused without account", "mx.example.org", "451 4.3.0 Sending paused, try again later", "end of DATA", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, relayDSN("customer@example.net", tc.relay, tc.reply, tc.command))
			if tc.want == "" {
				assert.NotEqual(t, classify.Rejected, got["customer@example.net"].Reason)
				return
			}
			assertReason(t, got, "customer@example.net", tc.want)
		})
	}
}
