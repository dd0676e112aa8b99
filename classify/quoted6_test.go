package classify

import "testing"

// WEB.DE's and GMX's "Reject due to policy restrictions" names its cause in
// the explanation link's case code: case "hi" is a header that is not RFC
// 5321/5322 compliant, whichever of their links carries it. Other case
// codes, and "hi" from a host that is not theirs, keep what the words
// alone say.
func TestQuoted6WebDeGMXCaseCode(t *testing.T) {
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
