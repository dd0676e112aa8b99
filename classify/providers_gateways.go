package classify

// Sources of the filtering services' tables.
const (
	srcHornetCodes = "https://support.everycloud.com/support/solutions/articles/4000007755-workspace-classification-codes (a Hornetsecurity reseller's table of the platform's reject codes; its loop row names Hornetsecurity's X-antispameurope-disclaimer header)"
	srcHornetReply = "https://pastebin.com/YvH8wVdW (a bounce quoting mx17a.antispameurope.com: 554 5.5.4 Your IP <ip> address has a bad reputation. To unblock visit http://cloud-security.net/unblock?...)"
)

// Hornetsecurity is Hornetsecurity's spam and virus filtering service
// (formerly antispameurope; MX hosts mx*.antispameurope.com and
// *.hornetsecurity.com). Its replies give registered enhanced status codes
// meanings of its own: 5.5.4 is not a bad command argument but a sending
// IP with a bad reputation, 5.5.5 spam, 5.6.1-5.6.3 spam in the header,
// links or body, 5.6.4 a virus. The rows hold only for the service's own
// replies (OwnReply); elsewhere the codes keep their registered meaning.
var Hornetsecurity = &Provider{
	Name:    "hornetsecurity",
	Domains: []string{"antispameurope.com", "hornetsecurity.com"},
	Source:  srcHornetCodes,
	Rules: []ProviderRule{
		{Reason: BadReputation, ReplyCode: 554, Status: "5.5.4", OwnReply: true, Source: srcHornetReply},                // Spam IP rejected
		{Reason: SpamDetected, ReplyCode: 554, Status: "5.5.5", OwnReply: true, Source: srcHornetCodes},                 // e-mail Rejected Spam
		{Reason: SpamDetected, ReplyCode: 554, Status: "5.6.1", OwnReply: true, Source: srcHornetCodes},                 // Spam Header rejected
		{Reason: SpamDetected, ReplyCode: 554, Status: "5.6.2", OwnReply: true, Source: srcHornetCodes},                 // Spam Link rejected
		{Reason: SpamDetected, ReplyCode: 554, Status: "5.6.3", OwnReply: true, Source: srcHornetCodes},                 // Spam Body rejected
		{Reason: VirusDetected, ReplyCode: 554, Status: "5.6.4", OwnReply: true, Source: srcHornetCodes},                // Virus E-Mail Blocked
		{Reason: PolicyViolation, ReplyCode: 554, Status: "5.5.7", OwnReply: true, Source: srcHornetCodes},              // e-mail Rejected Content Attachment
		{Reason: EmailTooLarge, ReplyCode: 554, Status: "5.5.3", OwnReply: true, Source: srcHornetCodes},                // e-mail Rejected Content Filter Size
		{Reason: EmailTooLarge, ReplyCode: 552, Status: "5.5.2", OwnReply: true, Source: srcHornetCodes},                // Message size (content filter)
		{Reason: NetworkError, ReplyCode: 554, Status: "5.5.6", OwnReply: true, Source: srcHornetCodes},                 // Loop detection > 10 X-antispameurope-disclaimer headers
		{Reason: UserUnknown, ReplyCode: 554, Status: "5.7.1", Command: "RCPT", OwnReply: true, Source: srcHornetCodes}, // unknown domain or unknown recipient (LDAP check at RCPT)
		// The same refusal read by its words, for the notices that do not say which command it answered
		// (Exchange Online's NDR, Gmail's DSN, MessageLabs' NDR).
		{Reason: UserUnknown, ReplyCode: 554, Status: "5.7.1", Text: "unknown domain or unknown recipient", OwnReply: true, Source: srcHornetCodes, ID: "554 ldap check"},
	},
}
