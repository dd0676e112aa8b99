package classify

// Sources of the Google table.
const (
	// Google's own reference, read in the copy of the page (last updated
	// 2026-02-12) archived in the repository named after it.
	srcGoogleSMTP = "https://support.google.com/a/answer/3726730 (Gmail SMTP errors and codes; page text archived at azumakuniyuki/feb-2024-no-auth-no-entry:google-3726730-smtp-errors-and-codes/text/google-3726730-smtp-errors-and-codes-2026-02-15.txt)"
	// Sisimai's Google table quotes earlier wordings of the same page
	// ("mail" where the page now says "email").
	srcGoogleSisimai = "sisimai/p5-sisimai:lib/Sisimai/Rhost/Google.pm"
	// The same table, and Go's, at the commits whose filing rows follow.
	srcGoogleSisAt   = "sisimai/p5-sisimai:lib/Sisimai/Rhost/Google.pm@f95c76cc98442a5c3407b7f05aa704df2501f3bd; sisimai/go-sisimai:rhost/for-google.go@76b75059e66a91ab1bcd36dd992596a84e528e13"
	srcGoogleSenders = "https://support.google.com/mail/answer/81126 (Email sender guidelines)"
	srcGoogleNDR     = "https://support.google.com/mail/answer/7720 (Gmail bounce messages)"
)

// Google is Gmail and Google Workspace, both as the receiver (its MX
// hosts answer with the texts of Google's SMTP error reference) and as
// the sender whose own bounces say why it could not deliver.
//
// The rows follow the page's table; where one text is a prefix of another
// ("this email has been rate limited" and "... rate limited because it is
// unauthenticated"), the longer one comes first or the shorter one names
// its status. The page changed "mail" to "email" in many texts, so the
// rows keep the part both wordings share.
var Google = &Provider{
	Name:    "google",
	Domains: []string{"google.com", "gmail.com", "googlemail.com"},
	Source:  srcGoogleSMTP,
	Rules: []ProviderRule{
		// "gcdp" (Google Custom Domain Policies): the page's introduction
		// says Gmail appends it to the errors a Workspace administrator's
		// own rules cause ("550 5.7.1 This message violates example.com
		// email policy. - gcdp <sessionid> - gsmtp"). The words are the
		// administrator's, the refusal the domain's policy; first, so that
		// words an administrator borrows from Google's own replies do not
		// decide.
		{Reason: PolicyViolation, Text: "gcdp", Source: srcGoogleSMTP},

		// Authentication (4.7.24-4.7.40, 5.7.24-5.7.40), before every
		// "rate limited" text.
		{Reason: AuthFailure, Text: "senders to authenticate with either spf or dkim", Source: srcGoogleSMTP},                // 421 4.7.26, 550 5.7.26
		{Reason: AuthFailure, Text: "has an spf record with a hard fail policy", Source: srcGoogleSMTP},                      // 550 5.7.26
		{Reason: AuthFailure, Text: "fails to pass spf checks for an spf record with a hard fail", Source: srcGoogleSenders}, // 550 5.7.26, earlier wording
		{Reason: AuthFailure, Text: "is not accepted due to domain's dmarc policy", Source: srcGoogleSMTP},                   // 451 4.7.26, 550 5.7.26
		// The same sentence as bounces quote it when their line ends cut
		// it after its first line ("... due to domain's").
		{Reason: AuthFailure, Text: "unauthenticated email from * is not accepted due to domain's", Source: srcGoogleSMTP},            // 550 5.7.26
		{Reason: AuthFailure, Text: "fails to pass authentication checks", Source: srcGoogleSenders},                                  // 550 5.7.26, earlier wording
		{Reason: AuthFailure, Text: "the spf record of the sending domain has one or more suspicious entries", Source: srcGoogleSMTP}, // 451 4.7.24, 550 5.7.24
		{Reason: AuthFailure, Text: "senders to authenticate with spf", Source: srcGoogleSenders},                                     // 4.7.27, earlier wording
		{Reason: AuthFailure, Text: "senders to authenticate their email with", Source: srcGoogleSMTP},                                // 4.7.27, 4.7.30, 5.7.27, 5.7.30
		{Reason: AuthFailure, Text: "senders to authenticate with dkim", Source: srcGoogleSenders},                                    // 5.7.30, earlier wording
		{Reason: AuthFailure, Text: "aligned with either the authenticated spf or dkim", Source: srcGoogleSMTP},                       // 421 4.7.32, 421 5.7.32
		{Reason: AuthFailure, Text: "to add a dmarc record to", Source: srcGoogleSMTP},                                                // 421 4.7.40, 550 5.7.40
		{Reason: AuthFailure, Text: "unauthenticated email is not accepted from this domain", Source: srcGoogleSisimai},               // 550 5.7.1, earlier page (Sisimai: rejected)

		// The recipient.
		{Reason: UserUnknown, Status: "5.1.1", Text: "the email account that you tried to reach does not exist", Source: srcGoogleSMTP},
		{Reason: HostUnknown, Status: "5.1.2", Text: "we weren't able to find the recipient domain", Source: srcGoogleSMTP},
		{Reason: UserUnknown, Status: "5.1.3", Text: "is not a valid rfc 5321 address", Source: srcGoogleSMTP},
		// The same sentence with "RFC-5321" and 5.1.2, as the field manual quotes
		// it for a recipient <.@gmail.com>: the address, not its domain, is bad.
		{Reason: UserUnknown, Status: "5.1.2", Text: "is not a valid rfc-5321 address", Source: "https://github.com/ActiveCampaign/smtp-field-manual/blob/main/data/codes/553.json (Google: 553 5.1.2 The recipient address <.@gmail.com> is not a valid RFC-5321 address. - gsmtp)"},
		// The same words about the sender's address: Sisimai's Google table
		// files 553 5.1.7 "is not a valid rfc 5321 address" under
		// notcompliantrfc (the MAIL FROM address breaks RFC 5321), and its
		// provider tables decide for Google's hosts.
		{Reason: NotCompliantRFC, Status: "5.1.7", Text: "is not a valid rfc 5321 address", Source: srcGoogleSMTP + "; sisimai/go-sisimai:rhost/for-google.go@0068fc805a409e5f3d2797f7a7f000387d473c33"},
		{Reason: Suspend, Status: "5.2.1", Text: "account that you tried to reach is disabled", Source: srcGoogleSisimai},
		{Reason: Suspend, Status: "5.2.1", Text: "account that you tried to reach is inactive", Source: srcGoogleSMTP},
		{Reason: MailboxFull, Text: "inbox is out of storage space", Source: srcGoogleSMTP}, // 452 4.2.2, 552 5.2.2
		{Reason: MailboxFull, Status: "5.2.2", Text: "is over quota", Source: srcGoogleSisimai},
		{Reason: MailboxFull, Status: "4.2.2", Text: "is over quota", Source: srcGoogleSisimai},
		{Reason: MailboxFull, Text: "email quota exceeded", Source: srcGoogleSisimai}, // 550 5.7.1, earlier page

		// Rates and limits.
		{Reason: RateLimited, Text: "rate that prevents additional messages from being delivered", Source: srcGoogleSMTP}, // 450 4.2.1, 550 5.2.1
		// Both texts open with the same words; a bounce that keeps only a
		// reply's first line (Sendmail) keeps them.
		{Reason: RateLimited, Text: "the user you are trying to contact is receiving", Source: srcGoogleSMTP},      // 450 4.2.1, 550 5.2.1
		{Reason: RateLimited, Text: "is receiving * too quickly", Source: srcGoogleSMTP},                           // 450 4.2.1 ("mail", now "email")
		{Reason: RateLimited, Text: "peak smtp relay limit exceeded for", Source: srcGoogleSMTP},                   // 450 4.2.1
		{Reason: RateLimited, Text: "your message has too many recipients", Source: srcGoogleSMTP},                 // 452 4.5.3
		{Reason: RateLimited, Text: "too many recipients for this sender", Source: srcGoogleSMTP},                  // 550 5.5.3
		{Reason: RateLimited, Text: "daily user sending limit exceeded", Source: srcGoogleSMTP},                    // 550 5.4.5
		{Reason: RateLimited, Text: "daily sending quota exceeded", Source: srcGoogleSisimai},                      // 550 5.4.5, earlier wording
		{Reason: RateLimited, Text: "daily smtp relay limit exceeded for", Source: srcGoogleSMTP},                  // 550 5.4.5
		{Reason: RateLimited, Text: "daily smtp relay sending limit exceeded for", Source: srcGoogleSMTP},          // 550 5.7.1
		{Reason: RateLimited, Status: "5.7.1", Text: "this email has been rate limited", Source: srcGoogleSMTP},    // 550 5.7.1, after the 4.7.26 text
		{Reason: PolicyViolation, Text: "quota for sending messages * the same message-id", Source: srcGoogleSMTP}, // 421 4.7.28 (Sisimai: policyviolation)
		// The same reply in the page's earlier wording, as Sisimai quotes it.
		{Reason: RateLimited, Status: "5.7.1", Text: "this mail has been rate limited", Source: srcGoogleSisAt},

		// Sizes (5.2.3, 5.3.4).
		{Reason: EmailTooLarge, Text: "exceeded google's message size limits", Source: srcGoogleSMTP},
		{Reason: EmailTooLarge, Text: "exceeds google's message size limit", Source: srcGoogleSisimai},
		{Reason: EmailTooLarge, Text: "exceeds google's limit of", Source: srcGoogleSMTP}, // attachments, bytes per header
		{Reason: EmailTooLarge, Text: "exceeded google's message header size limits", Source: srcGoogleSMTP},
		{Reason: EmailTooLarge, Text: "exceeds google's message header size limits", Source: srcGoogleSMTP},
		{Reason: EmailTooLarge, Text: "exceeds google's header name limit", Source: srcGoogleSMTP},

		// Message format.
		{Reason: NotCompliantRFC, Text: "is not rfc 5322 compliant", Source: srcGoogleSMTP},
		{Reason: NotCompliantRFC, Text: "missing a valid address in the from: header", Source: srcGoogleSMTP},
		{Reason: NotCompliantRFC, Text: "multiple addresses in the from: header", Source: srcGoogleSMTP},
		{Reason: NotCompliantRFC, Text: "multiple addresses in from: header are not accepted", Source: srcGoogleSisimai},
		{Reason: NotCompliantRFC, Text: "messages with multiple addresses in from", Source: srcGoogleSisimai}, // the same, cut after "From:"
		{Reason: NotCompliantRFC, Text: "missing a valid message-id: header", Source: srcGoogleSMTP},
		{Reason: NotCompliantRFC, Text: "contains a unicode character in a disallowed header", Source: srcGoogleSMTP},
		{Reason: NotCompliantRFC, Text: "encoded-word syntax is not permitted", Source: srcGoogleSMTP},
		{Reason: NotCompliantRFC, Text: "message is malformed. not accepted", Source: srcGoogleSMTP}, // 554 5.6.0

		// The sending IP, its reputation and its DNS.
		{Reason: BadReputation, Text: "very low reputation of the sending", Source: srcGoogleSMTP},
		// 421 4.7.28: "an unusual rate of (unsolicited) email ... has been
		// temporarily rate limited"; 550 5.7.28 the same words end "has
		// been blocked", as does 421 4.7.28 "an unusual amount of". The
		// 421 names an action (rate limited) and its cause (spam-like
		// mail from the IP); Sisimai's tables (Perl and Go) file both
		// codes under blocked, by the cause, as they file Google's other
		// "rate limited because ..." replies (4.7.0 low reputation:
		// badreputation, 4.7.23 PTR: requireptr, 4.7.26: authfailure).
		{Reason: Blocked, Text: "an unusual rate of", Source: srcGoogleSMTP + "; " + srcGoogleSisAt}, // 421 4.7.28, 550 5.7.28
		{Reason: Blocked, Text: "an unusual amount of unsolicited", Source: srcGoogleSMTP},           // 421 4.7.28
		{Reason: Blocked, Text: "ip not in whitelist for rcpt domain", Source: srcGoogleSMTP},
		{Reason: Blocked, Status: "4.7.0", Text: "try again later, closing connection", Source: srcGoogleSMTP}, // DoS at HELO
		{Reason: Blocked, Text: "empty helo/ehlo argument not allowed", Source: srcGoogleSMTP},
		{Reason: Blocked, Text: "helo/ehlo argument is invalid", Source: srcGoogleSisimai},
		{Reason: Blocked, Text: "helo/ehlo argument * invalid", Source: srcGoogleSMTP},
		{Reason: RequirePTR, Text: "does not have a ptr record", Source: srcGoogleSMTP},
		{Reason: RequirePTR, Text: "have a ptr record, or the ptr record", Source: srcGoogleSMTP},
		{Reason: RequirePTR, Text: "have a ptr record, or the forwarding dns entry", Source: srcGoogleSMTP}, // 550 5.7.25
		{Reason: RequirePTR, Text: "does not match the ip address of the hostname", Source: srcGoogleSisimai},
		{Reason: RequirePTR, Text: "does not meet ipv6 sending guidelines", Source: srcGoogleSMTP}, // 550 5.7.1 ... regarding PTR records and authentication

		// Content.
		{Reason: SpamDetected, Text: "likely unsolicited", Source: srcGoogleSMTP},
		{Reason: SpamDetected, Text: "suspicious due to the nature of the content", Source: srcGoogleSMTP},                          // 421 4.7.0 ... or the links within
		{Reason: PolicyViolation, Text: "the user or domain that you are sending to (or from) has a policy", Source: srcGoogleSMTP}, // 550 5.7.1
		{Reason: PolicyViolation, Text: "blocked because its content presents a potential security issue", Source: srcGoogleSMTP},
		{Reason: PolicyViolation, Text: "illegal attachment on your message", Source: srcGoogleSisimai},

		// TLS.
		{Reason: FailedSTARTTLS, Text: "must issue a starttls command first", Source: srcGoogleSMTP},
		{Reason: FailedSTARTTLS, Text: "tls required for rcpt domain", Source: srcGoogleSMTP},
		{Reason: FailedSTARTTLS, Text: "senders to use tls/ssl for smtp", Source: srcGoogleSMTP},
		{Reason: FailedSTARTTLS, Text: "starttls may not be repeated", Source: srcGoogleSisimai},

		// Relaying through Workspace (SMTP relay service).
		{Reason: Rejected, Text: "sending email account has been temporarily suspended due to abuse", Source: srcGoogleSMTP},
		{Reason: NoRelaying, Text: "mail relay denied", Source: srcGoogleSisimai},
		{Reason: NoRelaying, Text: "email relay denied", Source: srcGoogleSMTP},
		{Reason: NoRelaying, Text: "invalid credentials for relay", Source: srcGoogleSMTP},
		// 550 5.7.1 "The IP you're using to send email is not authorized to
		// send email directly to our servers. Use the SMTP relay at your
		// service provider instead.": the client's IP is refused, as
		// p5-sisimai's and rb-sisimai's Google tables file it (blocked;
		// go-sisimai's newest says norelaying, though nothing is relayed).
		{Reason: Blocked, Text: "the ip you're using to send email is not authorized", Source: srcGoogleSMTP},
		{Reason: Blocked, Text: "is not authorized to send email directly to our servers", Source: srcGoogleSMTP},
		{Reason: Rejected, Text: "email sending denied", Source: srcGoogleSMTP},
		{Reason: Rejected, Text: "mail sending denied", Source: srcGoogleSisimai},

		// Logging in to submit.
		{Reason: SecurityError, Text: "username and password not accepted", Source: srcGoogleSMTP},
		{Reason: SecurityError, Text: "application-specific password required", Source: srcGoogleSMTP},
		{Reason: SecurityError, Text: "please log in with your web browser", Source: srcGoogleSMTP},
		{Reason: SecurityError, Text: "please log in through your web browser", Source: srcGoogleSMTP},
		{Reason: SecurityError, Text: "too many login attempts", Source: srcGoogleSMTP},
		{Reason: SecurityError, Text: "no identity changes permitted", Source: srcGoogleSMTP},
		{Reason: SecurityError, Status: "5.7.0", Text: "authentication required", Source: srcGoogleSMTP},
		{Reason: SecurityError, Status: "5.5.1", Text: "authentication required", Source: srcGoogleSisimai},

		// The session's commands (5.5.x, 5.7.10, 5.7.11, 5.7.40).
		{Reason: SyntaxError, Text: "smtp protocol violation", Source: srcGoogleSMTP},
		{Reason: SyntaxError, Text: "too many unrecognized commands", Source: srcGoogleSMTP},
		{Reason: SyntaxError, Status: "5.5.1", Text: "unimplemented command", Source: srcGoogleSMTP},
		{Reason: SyntaxError, Status: "5.5.1", Text: "unrecognized command", Source: srcGoogleSMTP},
		{Reason: SyntaxError, Status: "5.5.1", Text: "bad sequence of commands", Source: srcGoogleSMTP},
		{Reason: SyntaxError, Status: "5.5.1", Text: "no data after bdat", Source: srcGoogleSMTP},
		{Reason: SyntaxError, Status: "5.5.1", Text: "command was issued out of sequence", Source: srcGoogleSMTP},
		{Reason: SyntaxError, Status: "5.5.1", Text: "ehlo/helo first", Source: srcGoogleSisimai},
		{Reason: SyntaxError, Status: "5.5.1", Text: "mail first", Source: srcGoogleSisimai},
		{Reason: SyntaxError, Status: "5.5.1", Text: "rcpt first", Source: srcGoogleSMTP},
		{Reason: SyntaxError, Text: "too many unauthenticated commands", Source: srcGoogleSMTP},
		{Reason: SyntaxError, Text: "unrecognized authentication type", Source: srcGoogleSMTP},
		{Reason: SyntaxError, Text: "xoauth is no longer supported", Source: srcGoogleSMTP},
		{Reason: SyntaxError, Text: "optional argument not permitted for that auth mode", Source: srcGoogleSisimai},
		{Reason: SyntaxError, Text: "syntax error", Source: srcGoogleSMTP}, // 501 5.5.2, 555 5.5.2, 501 5.7.11

		// Google's own troubles.
		{Reason: SystemError, Text: "temporary system problem", Source: srcGoogleSMTP}, // 421 4.3.0, 454 4.7.0
		{Reason: SystemError, Text: "server busy, try again later", Source: srcGoogleSMTP},
		{Reason: SystemError, Text: "server has temporarily rejected this message", Source: srcGoogleSMTP},
		{Reason: SystemError, Text: "server temporarily rejected message", Source: srcGoogleSisimai},
		{Reason: SystemError, Text: "multiple destination domains per transaction is unsupported", Source: srcGoogleSMTP},
		{Reason: SystemError, Text: "domain policy size per transaction exceeded", Source: srcGoogleSMTP},
		{Reason: NetworkError, Text: "message exceeded 50 hops", Source: srcGoogleSMTP},
		{Reason: Expired, Text: "timeout - closing connection", Source: srcGoogleSMTP},
		{Reason: Expired, Text: "connection expired, try reconnecting", Source: srcGoogleSMTP},

		// Codes the page gives one meaning that differs from, or narrows,
		// the IANA registry's (4.7.23 is SPF there, PTR here; 4.7.29 is ARC
		// there, TLS here; 4.7.30 REQUIRETLS there, DKIM here; 4.7.27 a
		// null MX there, SPF here): every text the page lists under each
		// names the same reason, so the code decides when a bounce cut the
		// text (Sendmail keeps a reply's first line). Only Google's own
		// replies mean them so.
		{Reason: RequirePTR, Status: "4.7.23", OwnReply: true, Source: srcGoogleSMTP},
		{Reason: AuthFailure, Status: "4.7.24", OwnReply: true, Source: srcGoogleSMTP},
		{Reason: AuthFailure, Status: "5.7.24", OwnReply: true, Source: srcGoogleSMTP},
		{Reason: RequirePTR, Status: "5.7.25", OwnReply: true, Source: srcGoogleSMTP},
		{Reason: AuthFailure, Status: "4.7.26", OwnReply: true, Source: srcGoogleSMTP},
		{Reason: AuthFailure, Status: "5.7.26", OwnReply: true, Source: srcGoogleSMTP},
		{Reason: AuthFailure, Status: "4.7.27", OwnReply: true, Source: srcGoogleSMTP},
		{Reason: AuthFailure, Status: "5.7.27", OwnReply: true, Source: srcGoogleSMTP},
		{Reason: FailedSTARTTLS, Status: "4.7.29", OwnReply: true, Source: srcGoogleSMTP},
		{Reason: FailedSTARTTLS, Status: "5.7.29", OwnReply: true, Source: srcGoogleSMTP},
		{Reason: AuthFailure, Status: "4.7.30", OwnReply: true, Source: srcGoogleSMTP},
		{Reason: AuthFailure, Status: "5.7.30", OwnReply: true, Source: srcGoogleSMTP},
		{Reason: AuthFailure, Status: "4.7.32", OwnReply: true, Source: srcGoogleSMTP},
		{Reason: AuthFailure, Status: "5.7.32", OwnReply: true, Source: srcGoogleSMTP},
		{Reason: AuthFailure, Status: "4.7.40", OwnReply: true, Source: srcGoogleSMTP},
		// 504 5.7.40 is an unrecognised AUTH type (the syntax rows above).
		{Reason: AuthFailure, ReplyCode: 550, Status: "5.7.40", OwnReply: true, Source: srcGoogleSMTP},

		// Google as the sender: the texts of its own bounces.
		{Reason: UserUnknown, Text: "because the address couldn't be found", Source: srcGoogleNDR},
		{Reason: NotAccept, Text: "returned null mx", Source: srcGoogleNDR},
		{Reason: HostUnknown, Status: "5.", Text: "responded with code nxdomain", Source: srcGoogleNDR},
		{Reason: NetworkError, Text: "responded with code nxdomain", Source: srcGoogleNDR},
		// "DNS Error: <n> DNS type 'mx' lookup of example.com had no relevant
		// answers." repeated per record type: the domain resolves, but to
		// no mail host yet.
		{Reason: NetworkError, Text: "dns type * lookup of * had no relevant answers", Source: srcGoogleNDR},
		{Reason: Expired, Text: "the recipient server did not accept our requests to connect", Source: srcGoogleNDR},
	},
}
