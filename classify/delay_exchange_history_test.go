package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// exchangeDelayWithHistory writes an Exchange "Delivery delayed:" DSN (the
// layout https://support.everycloud.com/support/solutions/articles/4000041760
// quotes) whose delivery-status part holds only "400 4.4.7 Message delayed"
// and whose administrators' section lists the last attempt,
// "<time> - Remote Server at <host> returned '<reply>'".
func exchangeDelayWithHistory(host, reply string) string {
	return "From: postmaster@sender.example\nTo: <office@sender.example>\nSubject: Delivery delayed:Lieferplan\n" +
		"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b29\"\n\n" +
		"--b29\nContent-Type: text/plain; charset=\"us-ascii\"\n\n" +
		"Delivery is delayed to these recipients or groups:\n\nbuero@remote.example (buero@remote.example)\n\n" +
		"Subject: Lieferplan\n\nThis message hasn't been delivered yet. Delivery will continue to be attempted.\n\n" +
		"Diagnostic information for administrators:\n\nGenerating server: EXCH01.sender.example\n\n" +
		"buero@remote.example\nRemote Server at " + host + " returned '400 4.4.7 Message delayed'\n" +
		"11/30/2026 7:41:09 AM - Remote Server at " + host + " returned '" + reply + "'\n\n" +
		"Original message headers:\n\nFrom: <office@sender.example>\nSubject: Lieferplan\n\n" +
		"--b29\nContent-Type: message/delivery-status\n\nReporting-MTA: dns;EXCH01.sender.example\n\n" +
		"Final-Recipient: rfc822;buero@remote.example\nAction: delayed\nStatus: 4.4.7\n" +
		"Diagnostic-Code: smtp;400 4.4.7 Message delayed\n\n--b29--\n"
}

// TestExchangeDelayProviderOfLastAttempt: the reply of the last attempt in
// an Exchange delay notice is read with the table of the provider whose
// host gave it (Yahoo's [TSS04] is rejected in Sisimai's Yahoo table,
// go-sisimai rhost/for-yahooinc.go), and with the general lists when the
// line names only an address (why-badreputation.go lists the same words).
func TestExchangeDelayProviderOfLastAttempt(t *testing.T) {
	tss04 := "421 4.7.0 [TSS04] Messages from 203.0.113.9 temporarily deferred due to unexpected volume or user " +
		"complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes"
	cases := []struct {
		name, host, reply string
		want              classify.Reason
	}{
		{"Yahoo host: Yahoo's table", "mta7.am0.yahoodns.net (67.195.204.74)", tss04, classify.Rejected},
		{"Google host: Google's table", "gmail-smtp-in.l.google.com (142.250.102.26)",
			"452 4.2.2 The recipient's inbox is out of storage space. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp - gsmtp",
			classify.MailboxFull},
		// Near-miss: an address names no provider; the general list decides.
		{"address only: general list", "67.195.204.74", tss04, classify.BadReputation},
		// Near-miss: only the placeholder, no cause: the delay is expired.
		{"placeholder only", "mx.remote.example (192.0.2.1)", "400 4.4.7 Message delayed", classify.Expired},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := verdicts(t, exchangeDelayWithHistory(c.host, c.reply))
			assertReason(t, got, "buero@remote.example", c.want)
		})
	}
}
