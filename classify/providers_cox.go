package classify

import "regexp"

// Sources of the Cox table.
const (
	srcCoxSeed = "sisimai/rb-sisimai:lib/sisimai/rhost/cox.rb (Sisimai::Rhost::Cox ErrorCodes and MessagesOf, seed 001_49a5eae2d4bf17c8.txt)"
	srcCoxPage = "https://www.cox.com/residential/support/email-error-codes.html"
	srcCoxGo   = "sisimai/go-sisimai:rhost/for-cox.go@50dbae28cb5b438b9e2aa19b036f5d98dd0d88a5"
)

// Cox is Cox Communications. Its replies end in "AUP#<CODE>"; the code
// decides first, and only a reply whose code the table does not know (or
// that has none) is read by the fallback texts, per reason in the seed's
// order.
var Cox = &Provider{
	Name:        "cox",
	Domains:     []string{"cox.net", "cox.com"},
	CodePattern: regexp.MustCompile(`aup#([0-9a-z]+)`),
	Source:      srcCoxPage,
	Rules: []ProviderRule{
		// AUP# codes.
		{Reason: Blocked, Code: "CXBL", Source: srcCoxSeed},           // IP blocked for spam-like behaviour
		{Reason: RequirePTR, Code: "CXDNS", Source: srcCoxSeed},       // reverse DNS of the IP fails
		{Reason: AuthFailure, Code: "CXSNDR", Source: srcCoxSeed},     // SPF, DomainKeys or DKIM failed
		{Reason: Rejected, Code: "CXSMTP", Source: srcCoxSeed},        // SMTP protocol violation
		{Reason: RateLimited, Code: "CXCNCT", Source: srcCoxSeed},     // too many concurrent connections
		{Reason: RateLimited, Code: "CXMXRT", Source: srcCoxSeed},     // too many recipients, wait
		{Reason: Blocked, Code: "CDRBL", Source: srcCoxSeed},          // IP temporarily blocked, up to 24 hours
		{Reason: SecurityError, Code: "CXTHRT", Source: srcCoxSeed},   // suspicious account activity
		{Reason: SecurityError, Code: "CXMJ", Source: srcCoxSeed},     // suspicious activity on the primary account
		{Reason: Blocked, Code: "IPBL0001", Source: srcCoxSeed},       // Spamhaus Zen
		{Reason: Blocked, Code: "IPBL0010", Source: srcCoxSeed},       // Return Path
		{Reason: Blocked, Code: "IPBL0100", Source: srcCoxSeed},       // Invaluement ivmSIP
		{Reason: Blocked, Code: "IPBL0011", Source: srcCoxSeed},       // Spamhaus Zen, Return Path
		{Reason: Blocked, Code: "IPBL0101", Source: srcCoxSeed},       // Spamhaus Zen, ivmSIP
		{Reason: Blocked, Code: "IPBL0110", Source: srcCoxSeed},       // Return Path, ivmSIP
		{Reason: Blocked, Code: "IPBL0111", Source: srcCoxSeed},       // Spamhaus Zen, Return Path, ivmSIP
		{Reason: Blocked, Code: "IPBL1000", Source: srcCoxSeed},       // Cloudmark CSI
		{Reason: Blocked, Code: "IPBL1001", Source: srcCoxSeed},       // CSI, Spamhaus Zen
		{Reason: Blocked, Code: "IPBL1010", Source: srcCoxSeed},       // CSI, Return Path
		{Reason: Blocked, Code: "IPBL1011", Source: srcCoxSeed},       // CSI, Spamhaus Zen, Return Path
		{Reason: Blocked, Code: "IPBL1100", Source: srcCoxSeed},       // CSI, ivmSIP
		{Reason: Blocked, Code: "IPBL1101", Source: srcCoxSeed},       // CSI, Spamhaus Zen, ivmSIP
		{Reason: Blocked, Code: "IPBL1110", Source: srcCoxSeed},       // CSI, Return Path, ivmSIP
		{Reason: Blocked, Code: "IPBL1111", Source: srcCoxSeed},       // CSI, Spamhaus Zen, Return Path, ivmSIP
		{Reason: Blocked, Code: "IPBL00001", Source: srcCoxSeed},      // a Spamhaus list
		{Reason: SpamDetected, Code: "URLBL011", Source: srcCoxSeed},  // URL on SURBL and Spamhaus DBL
		{Reason: SpamDetected, Code: "URLBL101", Source: srcCoxSeed},  // URL on SURBL and ivmURI
		{Reason: SpamDetected, Code: "URLBL110", Source: srcCoxSeed},  // URL on Spamhaus DBL and ivmURI
		{Reason: SpamDetected, Code: "URLBL1001", Source: srcCoxSeed}, // URL on a Spamhaus list

		// Fallback texts, per reason in the seed's order.
		{Reason: Blocked, Text: "cox too many bad commands from", Source: srcCoxSeed},
		{Reason: Blocked, Text: "too many invalid recipients", Source: srcCoxSeed},
		// A file type Cox refuses (.exe, .scr, .js, ...): its page calls it
		// a prohibited type, a rule of Cox's, not a malformed message. The
		// seed's Ruby table filed the words under contenterror; Sisimai's
		// Go table (newer) files them under policyviolation, as the other
		// providers' refused-attachment rows here are.
		{Reason: PolicyViolation, Text: "attachment extension is forbidden", Source: srcCoxGo + "; " + srcCoxPage + "; " + srcCoxSeed},
		{Reason: PolicyViolation, Text: "esmtp no data before greeting", Source: srcCoxSeed},
		{Reason: RateLimited, Text: "too many sessions from", Source: srcCoxSeed},
		{Reason: RateLimited, Text: "requested action aborted: try again later", Source: srcCoxSeed},
		{Reason: RateLimited, Text: "message threshold exceeded", Source: srcCoxSeed},
		{Reason: Rejected, Text: "sender rejected", Source: srcCoxSeed},
		{Reason: RequirePTR, Text: "dns check failure - try again later", Source: srcCoxSeed},
		{Reason: RequirePTR, Text: "rejected - no rdns", Source: srcCoxSeed},
		{Reason: SystemError, Text: "esmtp server temporarily not available", Source: srcCoxSeed},
		{Reason: UserUnknown, Text: "recipient rejected", Source: srcCoxSeed},
	},
}
