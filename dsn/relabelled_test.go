package dsn

import (
	"strings"
	"testing"
)

func TestRecoverRelabelledDeliveryStatus(t *testing.T) {
	const fields = "Reporting-MTA: dns; mx2.example.net\n\nFinal-Recipient: rfc822; bob@example.org\nAction: failed\nStatus: 5.2.2\nDiagnostic-Code: x-unix; maildrop: maildir over quota.\n"
	msg := func(top, second, secondType string) string {
		return "From: MAILER-DAEMON@mx2.example.net\nTo: alice@example.net\nSubject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n" +
			"Content-Type: " + top + "; boundary=\"BB\"\n\n--BB\nContent-Type: text/plain; charset=us-ascii\n\nThe mail system\n\n" +
			"--BB\nContent-Type: " + secondType + "\n\n" + second + "\n--BB--\n"
	}
	tests := []struct {
		name string
		raw  string
		want bool
	}{
		{"relabelled text/plain in a delivery-status report", msg("multipart/report; report-type=delivery-status", fields, "text/plain; charset=us-ascii"), true},
		{"report-type quoted and upper-case", msg(`multipart/report; report-type="Delivery-Status"`, fields, "text/plain"), true},
		{"per-recipient fields only", msg("multipart/report; report-type=delivery-status", "Final-Recipient: rfc822; bob@example.org\nAction: failed\nStatus: 5.1.1\n", "text/plain"), true},
		// Near misses: not read as a delivery-status part.
		{"multipart/mixed is no report", msg("multipart/mixed", fields, "text/plain"), false},
		{"disposition-notification report", msg("multipart/report; report-type=disposition-notification", fields, "text/plain"), false},
		{"prose before the fields", msg("multipart/report; report-type=delivery-status", "Here is the report:\n"+fields, "text/plain"), false},
		{"per-message fields, no recipient", msg("multipart/report; report-type=delivery-status", "Reporting-MTA: dns; mx2.example.net\nArrival-Date: Wed, 2 Dec 2026 10:00:00 +0000\n", "text/plain"), false},
		{"returned headers", msg("multipart/report; report-type=delivery-status", "Received: from a by b\nFrom: alice@example.net\nTo: bob@example.org\n", "text/rfc822-headers"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ReadMessage([]byte(tt.raw))
			if err != nil {
				t.Fatal(err)
			}
			p := m.DeliveryStatusPart()
			if got := p != nil; got != tt.want {
				t.Fatalf("delivery-status part found = %v, want %v (notes %v)", got, tt.want, m.Notes)
			}
			if p != nil && !strings.Contains(p.Text(), "Final-Recipient") {
				t.Fatalf("part body %q", p.Text())
			}
		})
	}
}

// The human-readable first part is never taken, even when it quotes the
// fields.
func TestRecoverRelabelledSkipsFirstPart(t *testing.T) {
	raw := "From: MAILER-DAEMON@mx2.example.net\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"BB\"\n\n" +
		"--BB\nContent-Type: text/plain\n\nReporting-MTA: dns; mx2.example.net\n\nFinal-Recipient: rfc822; bob@example.org\nAction: failed\nStatus: 5.1.1\n\n--BB--\n"
	m, err := ReadMessage([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if m.DeliveryStatusPart() != nil {
		t.Fatal("the first part was read as the delivery-status part")
	}
}
