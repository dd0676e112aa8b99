package classify

// Sources of the Google table.
const (
	srcGoogleSMTP    = "https://support.google.com/a/answer/3726730 (Gmail SMTP error reference)"
	srcGoogleSenders = "https://support.google.com/mail/answer/81126 (Email sender guidelines)"
	srcGoogleNDR     = "https://support.google.com/mail/answer/7720 (Gmail bounce messages)"
)

// Google is Gmail and Google Workspace, both as the receiver (its MX
// hosts answer with the texts of Google's SMTP error reference) and as
// the sender whose own bounces say why it could not deliver.
var Google = &Provider{
	Name:    "google",
	Domains: []string{"google.com", "gmail.com", "googlemail.com"},
	Source:  srcGoogleSMTP,
	Rules: []ProviderRule{
		// Google as the receiver.
		{Reason: UserUnknown, Status: "5.1.1", Text: "the email account that you tried to reach does not exist", Source: srcGoogleSMTP},
		{Reason: HostUnknown, Status: "5.1.2", Text: "we weren't able to find the recipient domain", Source: srcGoogleSMTP},
		{Reason: UserUnknown, Status: "5.1.3", Text: "is not a valid rfc 5321 address", Source: srcGoogleSMTP},
		{Reason: Suspend, Status: "5.2.1", Text: "account that you tried to reach is disabled", Source: srcGoogleSMTP},
		{Reason: Suspend, Status: "5.2.1", Text: "account that you tried to reach is inactive", Source: srcGoogleSMTP},
		{Reason: RateLimited, Text: "rate that prevents additional messages from being delivered", Source: srcGoogleSMTP},
		{Reason: RateLimited, Text: "is receiving mail too quickly", Source: srcGoogleSMTP},
		{Reason: MailboxFull, Text: "inbox is out of storage space", Source: srcGoogleSMTP},
		{Reason: MailboxFull, Status: "5.2.2", Text: "is over quota", Source: srcGoogleSMTP},
		{Reason: MailboxFull, Status: "4.2.2", Text: "is over quota", Source: srcGoogleSMTP},
		{Reason: EmailTooLarge, Text: "exceeded google's message size limits", Source: srcGoogleSMTP},
		{Reason: EmailTooLarge, Text: "exceeds google's message size limit", Source: srcGoogleSMTP},
		{Reason: AuthFailure, Text: "senders to authenticate with either spf or dkim", Source: srcGoogleSenders},
		{Reason: AuthFailure, Text: "has an spf record with a * hard fail policy", Source: srcGoogleSenders},
		{Reason: AuthFailure, Text: "fails to pass spf checks for an spf record with a hard fail", Source: srcGoogleSenders},
		{Reason: AuthFailure, Text: "is not accepted due to domain's dmarc policy", Source: srcGoogleSenders},
		{Reason: AuthFailure, Text: "fails to pass authentication checks", Source: srcGoogleSenders},
		{Reason: AuthFailure, Text: "the spf record of the sending domain has one or more suspicious entries", Source: srcGoogleSenders},
		{Reason: AuthFailure, Text: "senders to authenticate with spf", Source: srcGoogleSenders},
		{Reason: AuthFailure, Text: "senders to authenticate their email with", Source: srcGoogleSenders},
		{Reason: AuthFailure, Text: "senders to authenticate with dkim", Source: srcGoogleSenders},
		{Reason: AuthFailure, Text: "aligned with either the authenticated spf or dkim", Source: srcGoogleSenders},
		{Reason: AuthFailure, Text: "to add a dmarc record to", Source: srcGoogleSenders},
		{Reason: RequirePTR, Text: "does not have a ptr record", Source: srcGoogleSenders},
		{Reason: RequirePTR, Text: "have a ptr record, or the ptr record", Source: srcGoogleSenders},
		{Reason: RequirePTR, Text: "does not match the ip address of the hostname", Source: srcGoogleSenders},
		{Reason: RequirePTR, Text: "does not meet ipv6 sending guidelines regarding ptr records", Source: srcGoogleSenders},
		{Reason: NotCompliantRFC, Text: "is not rfc 5322 compliant", Source: srcGoogleSenders},
		{Reason: NotCompliantRFC, Text: "missing a valid address in the from: header", Source: srcGoogleSenders},
		{Reason: NotCompliantRFC, Text: "multiple addresses in from: header are not accepted", Source: srcGoogleSenders},
		{Reason: NotCompliantRFC, Text: "missing a valid message-id: header", Source: srcGoogleSenders},
		{Reason: NotCompliantRFC, Text: "encoded-word syntax is not permitted", Source: srcGoogleSenders},
		{Reason: NotCompliantRFC, Text: "mail message is malformed", Source: srcGoogleSMTP},
		{Reason: BadReputation, Text: "very low reputation of the sending", Source: srcGoogleSMTP},
		{Reason: Blocked, Text: "an unusual rate of unsolicited mail", Source: srcGoogleSMTP},
		{Reason: Blocked, Text: "an unusual rate of mail", Source: srcGoogleSMTP},
		{Reason: Blocked, Text: "ip not in whitelist for rcpt domain", Source: srcGoogleSMTP},
		{Reason: Blocked, Text: "helo/ehlo argument is invalid", Source: srcGoogleSMTP},
		{Reason: SpamDetected, Text: "likely unsolicited mail", Source: srcGoogleSMTP},
		{Reason: SpamDetected, Text: "due to the nature of the content or the links within", Source: srcGoogleSMTP},
		{Reason: PolicyViolation, Text: "has a policy that prohibited the mail that you sent", Source: srcGoogleSMTP},
		{Reason: PolicyViolation, Text: "blocked because its content presents a potential security issue", Source: srcGoogleSMTP},
		{Reason: PolicyViolation, Text: "illegal attachment on your message", Source: srcGoogleSMTP},
		{Reason: FailedSTARTTLS, Text: "must issue a starttls command first", Source: srcGoogleSMTP},
		{Reason: FailedSTARTTLS, Text: "tls required for rcpt domain", Source: srcGoogleSMTP},
		{Reason: FailedSTARTTLS, Text: "senders to use tls/ssl for smtp", Source: srcGoogleSenders},
		{Reason: NoRelaying, Text: "mail relay denied", Source: srcGoogleSMTP},
		{Reason: NoRelaying, Text: "invalid credentials for relay", Source: srcGoogleSMTP},
		{Reason: NoRelaying, Text: "is not authorized to send email directly to our servers", Source: srcGoogleSMTP},
		{Reason: NetworkError, Text: "message exceeded 50 hops", Source: srcGoogleSMTP},
		{Reason: SecurityError, Text: "username and password not accepted", Source: srcGoogleSMTP},
		{Reason: SecurityError, Text: "application-specific password required", Source: srcGoogleSMTP},
		{Reason: SecurityError, Text: "too many login attempts", Source: srcGoogleSMTP},
		{Reason: SystemError, Text: "temporary system problem", Source: srcGoogleSMTP},
		{Reason: Expired, Text: "timeout - closing connection", Source: srcGoogleSMTP},

		// Google as the sender: the texts of its own bounces.
		{Reason: UserUnknown, Text: "because the address couldn't be found", Source: srcGoogleNDR},
		{Reason: NotAccept, Text: "returned null mx", Source: srcGoogleNDR},
		{Reason: HostUnknown, Status: "5.", Text: "responded with code nxdomain", Source: srcGoogleNDR},
		{Reason: NetworkError, Text: "responded with code nxdomain", Source: srcGoogleNDR},
		{Reason: NetworkError, Text: "dns error: * had no relevant answers", Source: srcGoogleNDR},
		{Reason: Expired, Text: "the recipient server did not accept our requests to connect", Source: srcGoogleNDR},
	},
}
