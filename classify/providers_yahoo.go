package classify

// Sources of the Yahoo, AOL and Verizon tables.
const (
	srcYahooCodes  = "https://senders.yahooinc.com/smtp-error-codes/"
	srcAOLRelay    = "https://postmaster.yahooinc.com (AOL outbound relay texts)"
	srcVerizonPage = "https://www.verizon.com/support/residential/internet/email (Verizon mail moved to AOL)"
)

// yahooRules is Yahoo's table. AOL and Verizon mail run on Yahoo's
// servers, so their tables start with it.
var yahooRules = []ProviderRule{
	{Reason: UserUnknown, Text: "dd this user doesn't have a ", Source: srcYahooCodes},
	{Reason: UserUnknown, Text: "mailbox not found", Source: srcYahooCodes},
	{Reason: Suspend, Text: " is no longer valid.", Source: srcYahooCodes},
	{Reason: Suspend, Text: "this mailbox is disabled", Source: srcYahooCodes},
	{Reason: AuthFailure, Text: "yahoo requires all senders to authenticate with either spf or dkim", Source: srcYahooCodes},
	{Reason: Blocked, Text: "because the ip is in spamhaus's list", Source: srcYahooCodes},
	{Reason: Blocked, Text: "not accepted from ip addresses on spamhaus xbl", Source: srcYahooCodes},
	{Reason: NoRelaying, Text: "relaying denied for ", Source: srcYahooCodes},
	{Reason: NotCompliantRFC, Text: "headers are not rfc compliant", Source: srcYahooCodes},
	{Reason: PolicyViolation, Text: "not accepted for policy reasons", Source: srcYahooCodes},
	{Reason: Rejected, Text: "temporarily deferred due to unexpected volume or user complaints", Source: srcYahooCodes},
	{Reason: Rejected, Text: "due to unresolvable rfc.5321", Source: srcYahooCodes},
	{Reason: Rejected, Text: " will be permanently deferred", Source: srcYahooCodes},
	{Reason: RateLimited, Text: "user is receiving mail too quickly", Source: srcYahooCodes},
	{Reason: RateLimited, Text: "max message per connection reached", Source: srcYahooCodes},
	{Reason: SyntaxError, Text: "syntax error in parameters or arguments", Source: srcYahooCodes},
}

// Yahoo is Yahoo Mail (Yahoo Inc.).
var Yahoo = &Provider{
	Name:    "yahoo",
	Domains: []string{"yahoo.com", "yahoodns.net", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "ymail.com", "rocketmail.com", "yahoo.ca"},
	Source:  srcYahooCodes,
	Rules:   yahooRules,
}

// AOL is AOL Mail, now on Yahoo's platform; its own outbound relays add
// one text of their own.
var AOL = &Provider{
	Name:    "aol",
	Domains: []string{"aol.com", "aim.com", "aol.jp"},
	Source:  srcYahooCodes,
	Rules: append([]ProviderRule{
		{Reason: HostUnknown, Text: "host or domain name not found", Source: srcAOLRelay},
	}, yahooRules...),
}

// Verizon is Verizon's former mail service, whose mailboxes moved to AOL.
var Verizon = &Provider{
	Name:    "verizon",
	Domains: []string{"verizon.net"},
	Source:  srcVerizonPage,
	Rules:   yahooRules,
}
