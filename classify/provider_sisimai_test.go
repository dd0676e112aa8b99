package classify

import "testing"

// The rows that follow Sisimai's provider tables where our generic stages
// (a status class, one loose word) or an earlier row read the text
// otherwise: one reply per row, as the provider's own host sends it, and
// a near miss that must not take the row's reason.
const exoMX = "example-com.mail.protection.outlook.com"

var sisimaiMicrosoftCases = []providerCase{
	{"5.7.510 IPv6", exoMX, "neko@example.com", "5.7.510", "550 5.7.510 Access denied, example.com does not accept email over IPv6", Blocked},
	{"5.7.501 spam abuse", exoMX, "neko@example.net", "5.7.501", "550 5.7.501 Access denied, spam abuse detected. The sending account has been banned due to detected spam activity.", Rejected},
	{"5.7.12 organization", exoMX, "neko@example.com", "5.7.12", "550 5.7.12 RESOLVER.RST.SenderNotAuthenticatedForOrg; Delivery restriction check failed as sender was not authenticated by organization", Rejected},
	{"5.7.13 public folder", exoMX, "neko@example.com", "5.7.13", "550 5.7.13 RESOLVER.RST.AuthRequired; Sender was not authenticated for public folder", Rejected},
	{"5.7.133 group", exoMX, "neko@example.com", "5.7.133", "550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; Sender not authenticated for group", Rejected},
	{"4.4.312 DNS", outlookMX, "neko@example.org", "4.4.312", "450 4.4.312 DNS query failed [Message=InfoNoRecords]", NetworkError},
	{"5.4.4 invalid arguments", exoMX, "neko@example.org", "5.4.4", "550 5.4.4 Invalid arguments", NetworkError},
	{"4.4.4 tenant", exoMX, "neko@example.com", "4.4.4", "451 4.4.4 Mail received as unauthenticated, incoming to a recipient domain configured in a hosted tenant which has no mail-enabled subscriptions", NotAccept},
	{"5.2.1 mailbox", exoMX, "neko@example.com", "5.2.1", "550 5.2.1 Mailbox cannot be accessed", Suspend},
	{"4.3.2 service", exoMX, "neko@example.com", "4.3.2", "451 4.3.2 Service not available", SystemError},
	{"5.3.190 journaling", exoMX, "neko@example.com", "5.3.190", "550 5.3.190 Journaling on-premises messages to Microsoft 365 or Office 365 not supported when Journaling Archive is disabled", SystemError},
	{"5.1.4 ambiguous", exoMX, "neko@example.com", "5.1.4", "550 5.1.4 Destination mailbox address ambiguous", SystemError},
	{"5.2.14 forwarding", exoMX, "neko@example.com", "5.2.14", "550 5.2.14 Misconfigured forwarding address", SystemError},
	{"4.4.318 closed", outlookMX, "neko@example.org", "4.4.318", "450 4.4.318 Connection was closed abruptly (SuspiciousRemoteServerError)", SystemError},
	{"5.4.318 reset", outlookMX, "neko@example.org", "5.4.318", "550 5.4.318 Message expired, connection reset (SuspiciousRemoteServerError)", SystemError},
	{"5.4.316 refused", outlookMX, "neko@example.org", "5.4.316", "550 5.4.316 Message expired, connection refused(Socket error code 10061)", Expired},
	{"5.1.6 single label", exoMX, "neko@example", "5.1.6", "550 5.1.6 Recipient addresses in single label domains not accepted", UserUnknown},
	{"5.1.2 X.400", exoMX, "neko@example.com", "5.1.2", "550 5.1.2 Invalid X.400 address", UserUnknown},
	{"5.1.351", exoMX, "neko@example.com", "5.1.351", "550 5.1.351 Remote server returned unknown recipient or mailbox unavailable", UserUnknown},
	{"5.5.4 HELO domain", exoMX, "neko@example.com", "5.5.4", "501 5.5.4 Invalid domain name", Blocked},
}

var sisimaiMicrosoftNearMisses = []nearMiss{
	// The rows that name a status hold only with it.
	{"invalid arguments 5.5.4", exoMX, "neko@example.com", "5.5.4", "501 5.5.4 Invalid arguments", NetworkError},
	{"mailbox cannot be accessed 4.2.1", exoMX, "neko@example.com", "4.2.1", "450 4.2.1 Mailbox cannot be accessed, try again later", Suspend},
	{"service not available 5.3.0", exoMX, "neko@example.com", "5.3.0", "554 5.3.0 Service not available for this sender", SystemError},
	{"invalid domain name 5.1.2", exoMX, "neko@example.com", "5.1.2", "550 5.1.2 Invalid domain name in recipient address", Blocked},
	{"connection refused 5.4.316", outlookMX, "neko@example.org", "5.4.316", "550 5.4.316 Connection refused", Expired},
	// "Sender was not authenticated" is not "the sender was authenticated".
	{"sender authenticated", exoMX, "neko@example.com", "5.7.1", "550 5.7.1 Sender was authenticated but not allowed to send", Rejected},
}

func TestProviderMicrosoftSisimaiRows(t *testing.T) {
	runProviderCases(t, "microsoft", sisimaiMicrosoftCases)
	runNearMisses(t, "microsoft", sisimaiMicrosoftNearMisses)
}

func TestProviderGoogleSisimaiRows(t *testing.T) {
	runProviderCases(t, "google", []providerCase{
		{"5.7.28 blocked", gmx, "neko@gmail.com", "5.7.28", "550-5.7.28 There is an unusual rate of unsolicited mail originating from your IP address. - gsmtp", Blocked},
		{"5.7.1 mail rate limited", gmx, "neko@gmail.com", "5.7.1", "550-5.7.1 This mail has been rate limited. - gsmtp", RateLimited},
	})
	runNearMisses(t, "google", []nearMiss{
		// The rate-limited words name the cause first when the reply gives one.
		{"4.7.26 cause", gmx, "neko@gmail.com", "4.7.26", "421-4.7.26 This mail has been rate limited because it is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. - gsmtp", RateLimited},
		{"4.7.0 reputation", gmx, "neko@gmail.com", "4.7.0", "421-4.7.0 This message is suspicious due to the very low reputation of the sending IP address. Mail has been temporarily rate limited. - gsmtp", RateLimited},
	})
}

func TestProviderZohoSisimaiRows(t *testing.T) {
	runProviderCases(t, "zoho", []providerCase{
		{"541 destination domain", "mx.zoho.com", "neko@zoho.com", "5.4.1", "541 5.4.1 Mail rejected by destination domain", Rejected},
		{"452 policy", "mx.zoho.com", "neko@zoho.com", "4.0.0", "452 <neko@zoho.com> Mailbox delivery restricted by policy error", PolicyViolation},
	})
	runNearMisses(t, "zoho", []nearMiss{
		{"rejected by recipient", "mx.zoho.com", "neko@zoho.com", "5.0.0", "550 Mail rejected by recipient's filter", Rejected},
	})
}
