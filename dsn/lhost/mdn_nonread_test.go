package lhost

import (
	"strings"
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// exchangeMDN builds a disposition notification as Exchange sends a read
// or non-read receipt, with the text and disposition given.
func exchangeMDN(subject, text, disposition string) string {
	return "From: Reader <reader@example.net>\nTo: <sender@example.org>\nSubject: " + subject + "\n" +
		"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=disposition-notification;\n\tboundary=\"_000_x\"\n\n" +
		"--_000_x\nContent-Type: text/plain; charset=\"us-ascii\"\n\n" + text + "\n\n" +
		"--_000_x\nContent-Type: message/disposition-notification\n\n" +
		"Reporting-UA: EX01.example.net; Microsoft Exchange Server\nFinal-Recipient: rfc822;reader@example.net\n" +
		"Original-Message-ID: <orig@example.org>\nDisposition: " + disposition + "\n\n--_000_x--\n"
}

// TestNonReadReceipts checks that Exchange's non-read receipts are read
// receipts, not failures, and that rejections with the same disposition
// stay failures.
func TestNonReadReceipts(t *testing.T) {
	const deleted = "automatic-action/MDN-sent-automatically; deleted"
	runKindCases(t, []kindCase{
		{name: "not read", msg: exchangeMDN("Not read: Invoice 7", "Your message\n\n    To: reader@example.net\n    Subject: Invoice 7\n\nwas deleted without being read on 11/24/2026 2:10 PM.", deleted),
			kind: dsn.ReadReceipt, decoder: NonReadReceipt, rcpt: "reader@example.net"},
		{name: "retention cleanup", msg: exchangeMDN("Not read: Invoice 7", "The message was deleted\nwithout being read.", deleted),
			kind: dsn.ReadReceipt, decoder: NonReadReceipt, rcpt: "reader@example.net"},
		{name: "read", msg: exchangeMDN("Read: Invoice 7", "Your message\n\nwas read on 11/24/2026 2:10 PM.", "manual-action/MDN-sent-manually; displayed"),
			kind: dsn.ReadReceipt, decoder: dsn.RFC8098, rcpt: "reader@example.net"},
		{name: "html only", msg: strings.Replace(exchangeMDN("Not read: Invoice 7", "<p>Your message</p><p>was deleted without being read on 11/24/2026 2:10 PM.</p>", deleted), "text/plain", "text/html", 1),
			kind: dsn.ReadReceipt, decoder: NonReadReceipt, rcpt: "reader@example.net"},
		// Near misses: a Sieve/Dovecot rejection keeps its failure.
		{name: "dovecot reject", msg: exchangeMDN("Rejected: Invoice 7", "Your message to <reader@example.net> was automatically rejected:\nQuota exceeded (mailbox for user is full)", deleted),
			kind: dsn.DeliveryReport, decoder: dsn.RFC8098, rcpt: "reader@example.net"},
		{name: "reject reason mentions reading", msg: exchangeMDN("Rejected: Invoice 7", "Your message was rejected: I do not read mail from this sender.", deleted),
			kind: dsn.DeliveryReport, decoder: dsn.RFC8098, rcpt: "reader@example.net"},
	})
}
