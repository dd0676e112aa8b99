package classify

import "regexp"

// Sources of the tables issue 10's second round of providers added.
const (
	srcStrato   = "https://strato.de/faq/mail/fehlermeldungen-bei-e-mails (STRATO FAQ #2420, reasons for refusal: after \"Refused by local policy. No SPAM please!\" a code in brackets names what the filter found, B-URL, B-TEXT, B-SCORE, B-EX, B-ATTACH)"
	srcStratoEN = "https://www.strato-hosting.co.uk/faq/product/why-are-my-emails-not-being-delivered (STRATO FAQ #2420 in English: 550 Forbidden domain 'xxx' in Envelope-From (B-EFROM-STRATO), 550 recipient e-mail address unknown, Mail was identified as spam)"
	srcStratoDE = "https://www.strato.de/faq/mail/fehlermeldungen-bei-e-mails/ (STRATO FAQ #2420, earlier version: 550 recipient e-mail adress unknown, the recipient's address is not known)"
	srcStratoNL = "https://www.strato.nl/faq/mail/waarom-krijg-ik-foutmeldingen-bij-het-werken-met-e-mail/ (STRATO FAQ in Dutch: \"SPF failed for\", the message came from a server the sender's SPF record does not allow)"
)

// Strato is the German hoster STRATO (strato.de, strato.nl, strato.com,
// strato-hosting.co.uk); the mail for its customers' domains is received
// by smtpin.rzone.de. Its filter refuses with "Refused by local policy.
// No SPAM please!" and a code in brackets naming what it found: the words
// alone say spam, but B-ATTACH is an attachment type STRATO does not
// accept, and B-EFROM-STRATO a sender address in one of STRATO's own
// domains sent from outside STRATO.
var Strato = &Provider{
	Name:        "strato",
	Domains:     []string{"strato.de", "strato.com", "strato.nl", "strato-hosting.co.uk", "rzone.de"},
	CodePattern: regexp.MustCompile(`\b(b-(?:url|text|score|ex|attach|efrom-strato))\b`),
	Source:      srcStrato,
	Rules: []ProviderRule{
		{Reason: PolicyViolation, Code: "b-attach", Source: srcStrato},  // an attachment that may not be sent
		{Reason: SpamDetected, Code: "b-url", Source: srcStrato},        // a suspicious URL
		{Reason: SpamDetected, Code: "b-text", Source: srcStrato},       // suspicious text
		{Reason: SpamDetected, Code: "b-score", Source: srcStrato},      // suspicious text
		{Reason: SpamDetected, Code: "b-ex", Source: srcStrato},         // suspicious text
		{Reason: Rejected, Code: "b-efrom-strato", Source: srcStratoEN}, // a STRATO domain in the envelope sender
		{Reason: Rejected, Text: "forbidden domain * in envelope-from", Source: srcStratoEN},
		{Reason: SpamDetected, Text: "suspected phishing attempt", Source: srcStrato}, // content that points to phishing
		{Reason: AuthFailure, Text: "spf failed for", Source: srcStratoNL},
		{Reason: UserUnknown, Text: "recipient e-mail address unknown", Source: srcStratoEN},
		{Reason: UserUnknown, Text: "recipient e-mail adress unknown", Source: srcStratoDE}, // the reply as the German page spells it
		{Reason: SpamDetected, Text: "mail was identified as spam", Source: srcStratoEN},
	},
}
