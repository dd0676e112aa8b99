package classify

// Sources of the Mimecast table.
const (
	srcMimecastSeed    = "sisimai/p5-sisimai:lib/Sisimai/Rhost/Mimecast.pm (Sisimai::Rhost::Mimecast table, seed 000_989801f3c469f40c.txt)"
	srcMimecastArticle = "https://community.mimecast.com/s/article/email-security-cloud-gateway-mimecast-smtp-error-codes (seed 004_f9425e550a4effcc.txt)"
	srcMimecastReplies = "https://smtpfieldmanual.com/spamfilter/mimecast (ActiveCampaign/smtp-field-manual:page-data/spamfilter/mimecast/page-data.json: Mimecast's replies as senders received them)"
)

// Mimecast is the Mimecast email security gateway. Its table holds every
// row of the seed table (the reply code must equal, the lower-cased text
// must contain the row's text), then the codes of Mimecast's own article
// that the seed table lacks. The seed leaves out 550 "< details of RBL >"
// because the text is the RBL's own; the generic stages read those.
var Mimecast = &Provider{
	Name:    "mimecast",
	Domains: []string{"mimecast.com", "mimecast.co.za", "mimecast-offshore.com"},
	Source:  srcMimecastArticle,
	Rules: []ProviderRule{
		// The seed table, row for row.
		{Reason: AuthFailure, ReplyCode: 550, Text: "spf sender invalid - envelope rejected", Source: srcMimecastSeed},
		{Reason: AuthFailure, ReplyCode: 550, Text: "dkim sender invalid - envelope rejected", Source: srcMimecastSeed},
		{Reason: AuthFailure, ReplyCode: 550, Text: "dmarc sender invalid - envelope rejected", Source: srcMimecastSeed},
		{Reason: BadReputation, ReplyCode: 451, Text: "internal resources are temporarily unavailable", Source: srcMimecastSeed},
		{Reason: BadReputation, ReplyCode: 550, Text: "local ct ip reputation - (reject)", Source: srcMimecastSeed},
		{Reason: Blocked, ReplyCode: 421, Text: "sender address blocked", Source: srcMimecastSeed},
		{Reason: Blocked, ReplyCode: 451, Text: "recipient temporarily unavailable", Source: srcMimecastSeed},
		{Reason: Blocked, ReplyCode: 451, Text: "ip temporarily blacklisted", Source: srcMimecastSeed},
		{Reason: EmailTooLarge, ReplyCode: 554, Text: "maximum email size exceeded", Source: srcMimecastSeed},
		{Reason: Expired, ReplyCode: 550, Text: "journal messages past the expiration", Source: srcMimecastSeed},
		{Reason: FailedSTARTTLS, ReplyCode: 553, Text: "this route requires encryption (tls)", Source: srcMimecastSeed},
		{Reason: FailedSTARTTLS, ReplyCode: 553, Text: "this route requires tls version 1.2 or greater", Source: srcMimecastSeed},
		{Reason: FailedSTARTTLS, ReplyCode: 553, Text: "this route requires high-strength ciphers", Source: srcMimecastSeed},
		{Reason: FailedSTARTTLS, ReplyCode: 554, Text: "configuration is invalid for this certificate", Source: srcMimecastSeed},
		{Reason: NetworkError, ReplyCode: 451, Text: "the incorrect hostname used for inbounds", Source: srcMimecastSeed},
		{Reason: NetworkError, ReplyCode: 550, Text: "the incorrect hostname used for inbounds", Source: srcMimecastSeed},
		{Reason: NetworkError, ReplyCode: 554, Text: "mail loop detected", Source: srcMimecastSeed},
		{Reason: NoRelaying, ReplyCode: 451, Text: "open relay not allowed", Source: srcMimecastSeed},
		{Reason: NoRelaying, ReplyCode: 451, Text: "open relay is not allowed", Source: srcMimecastSeed},
		{Reason: NotAccept, ReplyCode: 451, Text: "account inbounds disabled", Source: srcMimecastSeed},
		{Reason: OnHold, ReplyCode: 451, Text: "account outbounds disabled", Source: srcMimecastSeed},
		{Reason: OnHold, ReplyCode: 451, Text: "hostname is not authorized", Source: srcMimecastSeed},
		{Reason: OnHold, ReplyCode: 550, Text: "journal message past expiration", Source: srcMimecastSeed},
		{Reason: PolicyViolation, ReplyCode: 550, Text: "anti-spoofing policy - inbound not allowed", Source: srcMimecastSeed},
		{Reason: PolicyViolation, ReplyCode: 550, Text: "rejected by header-based anti-spoofing policy", Source: srcMimecastSeed},
		{Reason: PolicyViolation, ReplyCode: 550, Text: "message bounced due to content examination policy", Source: srcMimecastSeed},
		{Reason: PolicyViolation, ReplyCode: 554, Text: "host network not allowed", Source: srcMimecastSeed},
		{Reason: PolicyViolation, ReplyCode: 554, Text: "host network, not allowed", Source: srcMimecastSeed},
		{Reason: RateLimited, ReplyCode: 451, Text: "account service is temporarily unavailable", Source: srcMimecastSeed},
		{Reason: RateLimited, ReplyCode: 452, Text: "too many recipients", Source: srcMimecastSeed},
		{Reason: RateLimited, ReplyCode: 550, Text: "exceeding outbound thread limit", Source: srcMimecastSeed},
		{Reason: Rejected, ReplyCode: 550, Text: "administrative prohibition envelope blocked", Source: srcMimecastSeed},
		{Reason: Rejected, ReplyCode: 550, Text: "envelope blocked - user entry", Source: srcMimecastSeed},
		{Reason: Rejected, ReplyCode: 550, Text: "envelope blocked - user domain entry", Source: srcMimecastSeed},
		{Reason: Rejected, ReplyCode: 550, Text: "rejected by header-based manually blocked senders - block for manual block", Source: srcMimecastSeed},
		{Reason: Rejected, ReplyCode: 550, Text: "rejected by header-based blocked senders - block policy for header from", Source: srcMimecastSeed},
		// The two header-based Blocked Senders refusals as Mimecast's logs also
		// print them, the sender's address in place of the policy's name: the
		// article's leading words, which name the block list.
		{Reason: Rejected, ReplyCode: 550, Text: "rejected by header-based manually blocked senders", Source: srcMimecastArticle},
		{Reason: Rejected, ReplyCode: 550, Text: "rejected by header-based blocked senders", Source: srcMimecastArticle},
		{Reason: Rejected, ReplyCode: 550, Text: "envelope rejected - block policy for envelope from address", Source: srcMimecastSeed},
		{Reason: SecurityError, ReplyCode: 535, Text: "incorrect authentication data", Source: srcMimecastSeed},
		{Reason: SecurityError, ReplyCode: 550, Text: "submitter failed to disabled", Source: srcMimecastSeed},
		{Reason: SecurityError, ReplyCode: 550, Text: "submitter failed to authenticate", Source: srcMimecastSeed},
		{Reason: SpamDetected, ReplyCode: 554, Text: "email rejected due to security policies", Source: srcMimecastSeed},
		{Reason: SystemError, ReplyCode: 451, Text: "unable to process connection at this time", Source: srcMimecastSeed},
		{Reason: SystemError, ReplyCode: 451, Text: "message ended early", Source: srcMimecastSeed},
		{Reason: SystemError, ReplyCode: 451, Text: "unable to process command", Source: srcMimecastSeed},
		{Reason: SystemError, ReplyCode: 451, Text: "unable to process an email at this time", Source: srcMimecastSeed},
		{Reason: UserUnknown, ReplyCode: 501, Text: "invalid address", Source: srcMimecastSeed},
		{Reason: UserUnknown, ReplyCode: 503, Text: "user unknown", Source: srcMimecastSeed},
		{Reason: UserUnknown, ReplyCode: 550, Text: "invalid recipient", Source: srcMimecastSeed},

		// Mimecast's article words some rows differently from the seed
		// ("unable to process email", an en dash in "envelope blocked –")
		// and has one code the seed lacks (454 TLS).
		{Reason: SystemError, ReplyCode: 451, Text: "unable to process email at this time", Source: srcMimecastArticle},
		{Reason: Rejected, ReplyCode: 550, Text: "envelope blocked \u2013 user entry", Source: srcMimecastArticle},
		{Reason: Rejected, ReplyCode: 550, Text: "envelope blocked \u2013 user domain entry", Source: srcMimecastArticle},
		{Reason: FailedSTARTTLS, ReplyCode: 454, Text: "tls not available due to temporary reason", Source: srcMimecastArticle},

		// Mimecast's servers word the greylisting and reputation deferral in
		// the singular, "Internal resource temporarily unavailable - <DOC-1369
		// link>", where the article and the seed write "resources are": the
		// article's meaning, the replies' wording.
		{Reason: BadReputation, ReplyCode: 451, Text: "internal resource temporarily unavailable", Source: srcMimecastReplies},
	},
}
