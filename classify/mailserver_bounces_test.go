package classify_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/classify"
)

// communiGateBounce writes a failure report in the layout of CommuniGate
// Pro's, as the bounce handler PHPMailer-BMH quotes them
// (voku/PHPMailer-BMH phpmailer-bmh_rules.php): "Failed to deliver to
// '<ADDR>'", then the module that failed and its words.
func communiGateBounce(module, words string) string {
	return "From: MAILER-DAEMON@mail.example.net\n" +
		"To: sender@example.net\n" +
		"Subject: Undeliverable: quarterly report\n" +
		"Date: Mon, 4 Mar 2024 10:00:05 +0000\n\n" +
		"Failed to deliver to '<user@example.org>'\n" +
		module + " reports:\n " + words + "\n"
}

// TestCommuniGateBounces: CommuniGate Pro's reports are read as bounces of
// the address after "Failed to deliver to", and the module's words name
// the reason.
func TestCommuniGateBounces(t *testing.T) {
	cases := []struct {
		name, module, words string
		want                classify.Reason
	}{
		{"account full", "LOCAL module(account user)", "account is full (quota exceeded)", classify.MailboxFull},
		{"receiving disabled", "LOCAL module(account user)", "mail receiving disabled", classify.Suspend},
		{"connection broken", "SMTP module(domain example.org)", "connection with mx1.example.org is broken", classify.NetworkError},
		{"remote reply", "SMTP module(domain example.org)", "host mx1.example.org [192.0.2.7] says:\n 550 5.1.1 <user@example.org>: Recipient address rejected: User unknown in local recipient table", classify.UserUnknown},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, communiGateBounce(tc.module, tc.words))
			assertReason(t, got, "user@example.org", tc.want)
			assert.Len(t, got, 1)
		})
	}
}

// chasquidBounce writes a failure notice as chasquid does
// (albertito/chasquid internal/queue/dsn.go): the failed addresses listed,
// then each one's last error under "Technical details", then the
// original, whose other recipients are not failed ones.
func chasquidBounce(how, lastError string) string {
	return "From: Mail Delivery System <postmaster-dsn@mail.example.net>\n" +
		"To: <sender@example.net>\n" +
		"Subject: Mail delivery failed: returning message to sender\n" +
		"Message-ID: <chasquid-dsn-4f2a@mail.example.net>\n" +
		"Date: Mon, 04 Mar 2024 10:00:05 +0000\n" +
		"X-Failed-Recipients: user@example.org, \n" +
		"Auto-Submitted: auto-replied\n\n" +
		"Delivery to the following recipient(s) failed permanently:\n\n" +
		"  - user@example.org\n\n\n" +
		"----- Technical details -----\n\n" +
		"- \"user@example.org\" (EMAIL) " + how + ":\n" +
		"    " + lastError + "\n\n\n" +
		"----- Original message -----\n\n" +
		"Received: from client.example.net\n" +
		"From: sender@example.net\n" +
		"To: user@example.org, other@example.org\n" +
		"Subject: report\n\n" +
		"hello\n"
}

// TestChasquidBounces: chasquid's notices name each address's reason in
// its last error, chasquid's own (internal/courier/smtp.go) or the remote
// host's reply.
func TestChasquidBounces(t *testing.T) {
	const permanent, timedOut = "failed permanently with error", "failed repeatedly and timed out, last error"
	cases := []struct {
		name, how, lastError string
		want                 classify.Reason
	}{
		{"remote reply", permanent, "MAIL+RCPT 550 5.1.1 Destination address is unknown (user does not exist)", classify.UserUnknown},
		{"no mail server", permanent, "Could not find mail server: lookup example.org on 127.0.0.53:53: server misbehaving", classify.HostUnknown},
		{"dial", timedOut, "all MXs returned transient failures (last: Could not dial: dial tcp 192.0.2.1:25: i/o timeout)", classify.NetworkError},
		{"sts", timedOut, "all MXs returned transient failures (last: invalid security level (PLAIN) for STS policy)", classify.FailedSTARTTLS},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, chasquidBounce(tc.how, tc.lastError))
			assertReason(t, got, "user@example.org", tc.want)
			assert.NotContains(t, got, "other@example.org")
			assert.NotContains(t, got, "sender@example.net")
		})
	}
}

// moxDSN writes a DSN as mox composes it (mjl-/mox dsn/dsn.go Compose,
// queue/dsn.go deliverDSNFailure and deliverDSNDelay): a
// multipart/report whose text names the recipient and the last error,
// the delivery-status part with the error as the Status comment and the
// remote reply as the Diagnostic-Code, then the original's header.
func moxDSN(delayed bool, reply string) string {
	subject, action, class, text := "mail delivery failed", "failed", "5", "Delivery has failed permanently for your email to:\n\n\tuser@example.org\n\nNo further deliveries will be attempted.\n"
	if delayed {
		subject, action, class, text = "mail delivery delayed", "delayed", "4", "Delivery has been delayed of your email to:\n\n\tuser@example.org\n\nNext attempts to deliver: in 4 hours, 8 hours and 16 hours.\nIf these attempts all fail, you will receive a notice.\n"
	}
	secode := strings.Fields(reply)[1][2:]
	text += fmt.Sprintf("\nError during the last delivery attempt:\n\n\tremote smtp: %s\n\nFull SMTP response:\n\n\t%s\n", reply, reply)
	msg := "From: <postmaster@mail.example.net>\n" +
		"To: <sender@example.net>\n" +
		"Subject: " + subject + "\n" +
		"Message-Id: <dsn-8c1f@mail.example.net>\n" +
		"References: <orig-1@example.net>\n" +
		"Date: 04 Mar 2024 10:00:05 +0000\n" +
		"MIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=\"delivery-status\"; boundary=\"7e3b\"\n\n" +
		"--7e3b\nContent-Transfer-Encoding: 7BIT\nContent-Type: text/plain\n\n" + text + "\n" +
		"--7e3b\nContent-Transfer-Encoding: 7BIT\nContent-Type: message/delivery-status\n\n" +
		"Reporting-MTA: dns; mail.example.net\n" +
		"Arrival-Date: 04 Mar 2024 09:00:00 +0000\n\n" +
		"Final-Recipient: rfc822;user@example.org\n" +
		"Action: " + action + "\n" +
		"Status: " + class + "." + secode + " (remote smtp: " + reply + ")\n" +
		"Remote-MTA: dns;mx.example.org (192.0.2.1)\n" +
		"Diagnostic-Code: smtp; " + reply + "\n" +
		"Last-Attempt-Date: 04 Mar 2024 10:00:00 +0000\n\n" +
		"--7e3b\nContent-Transfer-Encoding: 7BIT\nContent-Type: text/rfc822-headers\n\n" +
		"From: sender@example.net\nTo: user@example.org\nSubject: report\nMessage-Id: <orig-1@example.net>\n\n" +
		"--7e3b--\n"
	return msg
}

// textPartOnly returns a DSN's header and its first part's text, as a
// forward or a text-only copy keeps them.
func textPartOnly(dsn string) string {
	head, body, _ := strings.Cut(dsn, "\n\n")
	var kept []string
	for _, l := range strings.Split(head, "\n") {
		if !strings.HasPrefix(l, "Content-Type:") && !strings.HasPrefix(l, "MIME-Version:") {
			kept = append(kept, l)
		}
	}
	_, part, _ := strings.Cut(body, "Content-Type: text/plain\n\n")
	part, _, _ = strings.Cut(part, "\n--7e3b")
	return strings.Join(kept, "\n") + "\n\n" + part
}

// TestMoxDSNs: mox's DSNs, whole and as their text part alone, name the
// reason of mox's own replies (smtpserver/server.go, analyze.go) as
// another mox writes them back, over the status that says something else.
func TestMoxDSNs(t *testing.T) {
	cases := []struct {
		name    string
		delayed bool
		reply   string
		want    classify.Reason
	}{
		{"rate limit under a mailbox-full status", true, "452 4.2.2 more than 200 messages in past 1m0s from your ip/network", classify.RateLimited},
		{"dmarc policy", false, "550 5.7.26 rejecting per dmarc policy", classify.AuthFailure},
		{"unknown user", false, "550 5.1.1 no such user(s)", classify.UserUnknown},
	}
	for _, tc := range cases {
		for _, shape := range []string{"whole", "text part"} {
			t.Run(tc.name+"/"+shape, func(t *testing.T) {
				msg := moxDSN(tc.delayed, tc.reply)
				if shape == "text part" {
					msg = textPartOnly(msg)
				}
				got := verdicts(t, msg)
				assertReason(t, got, "user@example.org", tc.want)
				assert.Len(t, got, 1)
			})
		}
	}
}

// TestPostalBounce: Postal's bounce (postalserver/postal
// app/models/bounce_message.rb) comes From the failed address itself and
// names no reason: it is read as a failure of the "Rcpt To:" address,
// onhold, and not of the original's sender or other recipients.
func TestPostalBounce(t *testing.T) {
	msg := "From: Mail Delivery Service <support@example.org>\n" +
		"To: sender@example.net\n" +
		"Subject: Mail Delivery Failed (Order 1234)\n" +
		"Message-ID: <3f0c2a9e@rp.postal.example.net>\n" +
		"MIME-Version: 1.0\n" +
		"Content-Type: multipart/mixed; boundary=\"--==_mimepart_1\"\n\n" +
		"----==_mimepart_1\nContent-Type: text/plain; charset=UTF-8\n\n" +
		"This is the mail delivery service responsible for delivering mail to support@example.org.\n\n" +
		"The message you've sent cannot be delivered. Your original message is attached to this message.\n\n" +
		"For further assistance please contact postmaster@example.org. Please include the details below to help us identify the issue.\n\n" +
		"Message Token: x7Yq3Lp0@AbC123\n" +
		"Orginal Message ID: <orig-99@example.net>\n" +
		"Mail from: sender@example.net\n" +
		"Rcpt To: support@example.org\n\n" +
		"----==_mimepart_1\nContent-Type: message/rfc822\n\n" +
		"From: sender@example.net\nTo: support@example.org, other@example.org\nSubject: Order 1234\nMessage-ID: <orig-99@example.net>\n\nhello\n\n" +
		"----==_mimepart_1--\n"
	got := verdicts(t, msg)
	assertReason(t, got, "support@example.org", classify.OnHold)
	assert.Len(t, got, 1)
}
