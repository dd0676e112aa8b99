package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestExchangeOnlineDANECodes: Exchange Online's outbound SMTP DANE codes
// X.7.321-325 (Microsoft's NDR reference) read by code alone and with the
// documented texts. X.7.324, dnssec-invalid, is the destination's DNSSEC
// failing to verify: networkerror, as the documented text reads; its
// neighbours stay TLS failures.
func TestExchangeOnlineDANECodes(t *testing.T) {
	cases := []struct {
		name, status, diag string
		action             dsn.Action
		want               Reason
		rule               string
	}{
		{"dnssec-invalid, documented text", "5.7.324", "550 5.7.324 dnssec-invalid: Destination domain returned invalid DNSSEC records", dsn.ActionFailed, NetworkError, "text/networkerror/dnssec invalid destination domain returned invalid dnssec records"},
		{"dnssec-invalid, code alone", "5.7.324", "550 5.7.324 <mx.example.net>", dsn.ActionFailed, NetworkError, "status/5.7.324"},
		{"dnssec-invalid, temporary, code alone", "4.7.324", "451 4.7.324 <mx.example.net>", dsn.ActionDelayed, NetworkError, "status/4.7.324"},
		{"certificate-expired, documented text", "5.7.322", "550 5.7.322 certificate-expired: Destination mail server's certificate is expired.", dsn.ActionFailed, FailedSTARTTLS, "text/failedstarttls/certificate expired destination mail server s certificate is expired"},
		{"tlsa-invalid, code alone", "5.7.323", "550 5.7.323 <mx.example.net>", dsn.ActionFailed, FailedSTARTTLS, "status/5.7.323"},
		{"certificate-host-mismatch, code alone", "5.7.325", "550 5.7.325 <mx.example.net>", dsn.ActionFailed, FailedSTARTTLS, "status/5.7.325"},
		{"certificate-host-mismatch, temporary", "4.7.325", "451 4.7.325 <mx.example.net>", dsn.ActionDelayed, FailedSTARTTLS, "status/4.7.325"},
		// Near misses: the codes next to the range are not DANE results.
		{"5.7.326 is outside the range", "5.7.326", "550 5.7.326 <mx.example.net>", dsn.ActionFailed, SecurityError, "status/5.7.x"},
		{"5.7.320 is outside the range", "5.7.320", "550 5.7.320 <mx.example.net>", dsn.ActionFailed, SecurityError, "status/5.7.x"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertVerdict(t, tc.status, tc.diag, "", tc.action, tc.want, tc.rule)
		})
	}
}

// TestGoogleNotAuthorizedDirectly: Gmail's refusal of a client that must
// use its provider's relay ("The IP you're using to send mail is not
// authorized to send email directly to our servers", NotAuthorizedError)
// is blocked: the sending IP is refused, as Sisimai's Perl and Ruby Google
// tables (p5-sisimai lib/Sisimai/Rhost/Google.pm) and the independently
// judged testdata/provider-replies.tsv read it (go-sisimai's newest table
// says norelaying, but nothing is relayed: the client is refused for the
// address it sends from); the Workspace relay refusals beside it stay
// norelaying, and the unusual-rate block stays blocked.
func TestGoogleNotAuthorizedDirectly(t *testing.T) {
	cases := []struct {
		name, diag string
		want       Reason
	}{
		{"mail, Sisimai's wording", "550-5.7.1 The IP you're using to send mail is not authorized to send email directly to our servers. Use the SMTP relay at your service provider instead. - gsmtp", Blocked},
		{"email, the help page's wording", "550-5.7.1 The IP you're using to send email is not authorized to send email directly to our servers. - gsmtp", Blocked},
		{"Workspace relay", "550 5.7.1 Invalid credentials for relay [192.0.2.1]. The IP address you've registered in your Workspace SMTP Relay service doesn't match the domain of the account this email is being sent from. - gsmtp", NoRelaying},
		// Near misses: other Google 5.7.1 refusals keep their reasons.
		{"unusual rate", "550-5.7.1 Our system has detected an unusual rate of unsolicited mail originating from your IP address. - gsmtp", Blocked},
		{"likely unsolicited", "550-5.7.1 Our system has detected that this message is likely unsolicited mail. - gsmtp", SpamDetected},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, rc := newFact("5.7.1", tc.diag, "", dsn.ActionFailed)
			rc.RemoteMTA = "gmail-smtp-in.l.google.com"
			v := ClassifyRecipient(r, rc)
			if v.Reason != tc.want {
				t.Errorf("got %s (%s), want %s", v.Reason, v.Rule, tc.want)
			}
		})
	}
}

// TestYahooFailedRFCCompliance: Yahoo's "Message not accepted due to
// failed RFC compliance" is notcompliantrfc with its 5.0.0 status, from any
// reporting MTA; the words about other checks are not.
func TestYahooFailedRFCCompliance(t *testing.T) {
	assertReasonCases(t, NotCompliantRFC, []reasonCase{
		{text: "554 5.0.0 Message not accepted due to failed RFC compliance", status: "5.0.0", command: dsn.CommandDATA},
		{text: "host mta5.am0.yahoodns.net [98.136.96.74]: 554 5.0.0 Message not accepted due to failed RFC compliance", status: "5.0.0"},
	}, []reasonCase{
		{text: "554 5.0.0 Message not accepted due to failed DMARC compliance", status: "5.0.0", command: dsn.CommandDATA},
		{text: "550 5.7.1 RFC compliance checks passed but the message was refused by policy", status: "5.7.1", command: dsn.CommandDATA},
	})
}
