package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// WEB.DE's and GMX's "Reject due to policy restrictions" names its cause in
// the explanation link's case code: case "hi" is a header that is not RFC
// 5321/5322 compliant, whichever of their links carries it. Other case
// codes, and "hi" from a host that is not theirs, keep what the words
// alone say.
func TestWebDeGMXCaseCode(t *testing.T) {
	checkProviderTableCases(t, []providerTableCase{
		// jlawyerorg/j-lawyer-org#904: GMX's sender guidelines link.
		{"gmx/guidelines-hi", "mx00.emig.gmx.net", "neko@gmx.net", "5.0.0",
			"554-Transaction failed 554-Reject due to policy restrictions. 554 For explanation visit https://www.gmx.net/mail/senderguidelines?ip=85.13.155.220&c=hi",
			"webde-gmx", NotCompliantRFC, true},
		// zammad/zammad#4630: WEB.DE's case page.
		{"webde/case-hi", "mx-ha02.web.de", "neko@web.de", "5.0.0",
			"554-Transaction failed 554-Reject due to policy restrictions. 554 For explanation visit https://postmaster.web.de/en/case?c=hi",
			"webde-gmx", NotCompliantRFC, true},
		// homematic-community/hm_email#14: WEB.DE's error-messages link.
		{"webde/error-messages-hi", "smtp.web.de", "neko@web.de", "5.0.0",
			"554-Transaction failed 554-Reject due to policy restrictions. 554 For explanation visit https://postmaster.web.de/error-messages?ip=87.158.232.147&c=hi",
			"webde-gmx", NotCompliantRFC, true},
		// Near misses: another case code, a code that only starts with
		// "hi", and no case code at all.
		{"gmx/other-case", "mx00.emig.gmx.net", "neko@gmx.net", "5.0.0",
			"554-Transaction failed 554-Reject due to policy restrictions. 554 For explanation visit https://postmaster.gmx.net/de/case?c=r0735&i=ip&v=185.79.233.85",
			"webde-gmx", PolicyViolation, true},
		{"gmx/longer-code", "mx00.emig.gmx.net", "neko@gmx.net", "5.0.0",
			"554-Reject due to policy restrictions. 554 For explanation visit https://www.gmx.net/mail/senderguidelines?c=hic",
			"webde-gmx", PolicyViolation, true},
		{"gmx/no-case", "mx00.emig.gmx.net", "neko@gmx.net", "5.0.0",
			"554 Reject due to policy restrictions", "webde-gmx", PolicyViolation, true},
		// The same link from a host and domain that are not United
		// Internet's: GMX's table does not read it.
		{"other-host", "mx.example.org", "neko@example.org", "5.0.0",
			"554 Transaction failed, see https://example.org/case?c=hi", "", "", false},
	})
}

// address_rejected.tsv: Sisimai's "5.1.0 address rejected." read as the words
// "address rejected", a user-unknown phrase held back like the others: it
// decides userunknown where RCPT was answered or an address status
// confirms it, not after DATA, and not inside the wider sender and
// recipient phrases.
func TestAddressRejected(t *testing.T) {
	assertReasonCases(t, UserUnknown, []reasonCase{
		// customeros/mailsherpa#19: at RCPT.
		{text: "550 #5.1.0 Address rejected.", status: "5.1.0", command: dsn.CommandRCPT},
		// netneutrality/savetheinternet.in#119: Gmail's notice names no
		// command; the address status confirms the words.
		{text: "550 #5.1.0 Address rejected.", status: "5.1.0"},
	}, []reasonCase{
		// After DATA the words are a filter's refusal (filtered).
		{text: "550 Address rejected", status: "5.0.0", command: dsn.CommandDATA},
		// The sender's address, not the recipient's.
		{text: "553 5.1.8 <a@example.org>: Sender address rejected: Domain not found", status: "5.1.8", command: dsn.CommandMAIL},
		{text: "554 5.7.1 <a@example.org>: Sender address rejected: Access denied", status: "5.7.1", command: dsn.CommandRCPT},
		// A recipient refusal that names another cause.
		{text: "554 5.7.1 <a@example.org>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/", status: "4.7.1", command: dsn.CommandRCPT},
	})
}
