package classify

import "regexp"

// Sources of the sfm10 provider tables (issue 10): the replies and the
// field manual's explanation of each.
const (
	srcSFM450 = "https://github.com/ActiveCampaign/smtp-field-manual/blob/main/data/codes/450.json (ImprovMX: 450 4.2.1 Please try again later. (#id-5.9.4), \"Their anti-spam check failed. We need the sender to retry sending.\")"
	srcSFM551 = "https://github.com/ActiveCampaign/smtp-field-manual/blob/main/data/codes/551.json (ImprovMX's 551 5.7.1 replies #id-5.9.0 to #id-5.9.5 with their explanations)"
)

// ImprovMX is an email-forwarding service (MX hosts mx1/mx2.improvmx.com):
// its replies carry codes of its own, "(#id-5.9.N)". 5.9.3 and 5.9.5 are
// faults of its own records for the recipient's domain (the database
// answered wrongly, the forwarding address could not be read): a failure
// of the receiving system, not a recipient that has moved (RFC 5321's
// 551), which the bare 551 would otherwise be read as.
var ImprovMX = &Provider{
	Name:    "improvmx",
	Domains: []string{"improvmx.com"},
	Source:  srcSFM551,
	// The code closes the reply: "(#id-5.9.4)".
	CodePattern: regexp.MustCompile(`\(#id-(5\.9\.\d+)\)`),
	Rules: []ProviderRule{
		{Reason: SpamDetected, ReplyCode: 450, Code: "5.9.4", OwnReply: true, Source: srcSFM450},                                             // Please try again later.
		{Reason: SystemError, Code: "5.9.3", Text: "our database returned invalid pieces of information", OwnReply: true, Source: srcSFM551}, // about the requested recipient's domain
		{Reason: SystemError, Code: "5.9.5", Text: "unable to correctly read the forwarding recipient", OwnReply: true, Source: srcSFM551},
	},
}
