package classify

import "testing"

// IONOS runs United Internet's mail platform: its refusals link the same
// case pages as WEB.DE's and GMX's, so case "hi" (a header that is not
// RFC 5321/5322 compliant) decides there too, on smtp.ionos.de as on its
// 1&1 hosts (postmaster.1und1.de, kundenserver.de, perfora.net). A case
// code that only starts like "hi", a host outside IONOS, and IONOS's own
// policy-violation refusal keep their other readings.
func TestProviderIONOSCaseHi(t *testing.T) {
	const caseHi = "554-Transaction failed 554-Reject due to policy restrictions. 554 For explanation visit https://postmaster.1und1.de/de/case?c=hi&i=ip&v=192.0.2.7&r=1MNcgj-1ue23t3pyV"
	tests := []providerTableCase{
		{"ionos/submission-case-hi", "smtp.ionos.de", "neko@example.de", "5.0.0", caseHi, "ionos", NotCompliantRFC, true},
		{"ionos/kundenserver-case-hi", "mx00.kundenserver.de", "neko@example.de", "5.0.0", caseHi, "ionos", NotCompliantRFC, true},
		{"ionos/link-host-only", "", "neko@example.de", "5.0.0", caseHi, "ionos", NotCompliantRFC, true},
		{"ionos/perfora-ptr", "mx00.perfora.net", "neko@example.com", "5.0.0",
			"554-perfora.net (mxeueus003) Nemesis ESMTP Service not available 554-No SMTP service 554 invalid DNS PTR resource record, IP=192.0.2.7", "ionos", RequirePTR, false},
		// Near misses: another case code that starts with the same letters
		// is not case hi; IONOS's policy-violation refusal stays blocked.
		{"ionos/case-hid", "smtp.ionos.de", "neko@example.de", "5.0.0",
			"554-Transaction failed 554-Reject due to policy restrictions. 554 For explanation visit https://postmaster.1und1.de/de/case?c=hid&i=ip&v=192.0.2.7", "ionos", PolicyViolation, false},
		{"ionos/policy-violations", "mx00.ionos.de", "neko@example.de", "4.0.0",
			"421 Reject due to policy violations", "ionos", Blocked, true},
		// A look-alike host is not IONOS's, whatever the words say.
		{"ionos/look-alike-host", "smtp.ionos.de.example.net", "neko@example.org", "5.0.0",
			"554-Transaction failed 554-Reject due to policy restrictions. 554 For explanation visit https://example.net/case?c=hi", "", PolicyViolation, false},
	}
	checkProviderTableCases(t, tests)
}
