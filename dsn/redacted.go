package dsn

import "strings"

// redactedAddress reports whether addr is an address whose domain holds
// no letter and no digit, as a relay writes the Final-Recipient it masked
// ("rfc822; ********************@**********", Apple's iCloud relay in
// mikel/mail's spec/fixtures/emails/multipart_report_emails/
// original_recipient.eml, whose Original-Recipient names the address).
// No host has such a name: RFC 5321 section 4.1.2 makes a Domain of
// sub-domains of letters, digits and hyphens, and an address literal
// ("[192.0.2.1]") has digits.
func redactedAddress(addr string) bool {
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return false
	}
	for _, c := range addr[at+1:] {
		if c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c > 0x7f {
			return false
		}
	}
	return true
}

// unmaskRecipient gives rc the Original-Recipient for a Final-Recipient
// that was masked (redactedAddress): the address the sender gave is then
// the only one the report names. A Final-Recipient that is an address is
// kept, as RFC 3464 section 2.3.2 wants it read.
func unmaskRecipient(rc *Recipient) {
	if redactedAddress(rc.Recipient) && rc.OriginalRecipient != "" && !redactedAddress(rc.OriginalRecipient) {
		rc.Recipient = rc.OriginalRecipient
	}
}
