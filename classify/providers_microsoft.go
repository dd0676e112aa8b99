package classify

import "regexp"

// Sources of the Microsoft table.
const (
	srcMSExchangeOnline = "https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online"
	srcMSDBEB           = "https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/fix-error-code-550-5-4-1-in-exchange-online"
	srcMS7xx            = "https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/ndr/fix-error-code-5-7-700-through-5-7-750 (MicrosoftDocs/SupportArticles-docs:Exchange/ExchangeOnline/email-delivery/ndr/fix-error-code-5-7-700-through-5-7-750.md)"
	srcMS4xx            = "https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/ndr/fix-error-code-451-4-7-500-699-asxxx-in-exchange-online (MicrosoftDocs/SupportArticles-docs:Exchange/ExchangeOnline/email-delivery/ndr/fix-error-code-451-4-7-500-699-asxxx-in-exchange-online.md: IP throttling)"
	// The Outlook.com postmaster's "SMTP Error Codes" table, read in the
	// copy archived on 2025-12-03.
	srcMSOutlookCom = "https://sendersupport.olc.protection.outlook.com/pm/troubleshooting.aspx (Outlook.com postmaster: SMTP Error Codes; page text archived at azumakuniyuki/feb-2024-no-auth-no-entry:microsoft-troubleshooting/text/microsoft-troubleshooting-2025-12-03.txt)"
	// Exchange Online's outbound spam policy refusing automatic forwarding.
	srcMSForwarding = "https://learn.microsoft.com/en-us/defender-office-365/outbound-spam-policies-external-email-forwarding (MicrosoftDocs/defender-docs:defender-office-365/outbound-spam-policies-external-email-forwarding.md)"
	// Outlook.com refusing its own user's message as spam content (5.7.520, AS(4810)).
	srcMS520Spam = "https://learn.microsoft.com/en-us/answers/questions/5848784/outlook-com-legitimate-receipt-forwards-now-blocke (Outlook.com NDR: Remote server returned: 554 5.7.0 <#5.7.520 smtp; 550 5.7.520 Message blocked because it contains content identified as spam. AS(4810)>)"
	// Sisimai reads the OU-002 sentence as bad reputation.
	srcSisimaiRepu  = "sisimai/go-sisimai:reason/why-badreputation.go@a0630263bf5baae6063dc96154cf0e6b6aab9b47 (\"ip/domain reputation problems\"); reason/lib.go@09cb18e399aa857befa890be7abd288de96cd8e0 (classorder: BadReputation before SpamDetected and Blocked)"
	srcMSSisimai    = "sisimai/p5-sisimai:lib/Sisimai/Rhost/Microsoft.pm"
	srcMSSisimaiGo  = "sisimai/go-sisimai:rhost/for-microsoft.go@194cc336e2c7c4924fac136d379604317ef24934"
	srcMSOutlookSis = "sisimai/p5-sisimai:lib/Sisimai/Rhost/Outlook.pm"
	// Microsoft does not document S3140/S3150; these pages show the
	// literal replies of outlook.com's MX hosts.
	srcMSS3150 = "https://pastebin.com/rwzHX08U (bounce quoting hotmail-com.olc.protection.outlook.com: 550 5.7.1 Unfortunately, messages from [ip] weren't sent ... on our block list (AS3150))"
	srcMSAS843 = "https://wordtothewise.com/2017/10/troubleshooting-and-codes (quotes 451 4.7.500 Server busy. Please try again later from [ip]. (AS843))"
)

// Microsoft is Exchange Online (Microsoft 365), Outlook.com and Hotmail.
// Outlook.com's replies carry a code of its postmaster table ("550
// SC-001 ..."), which decides first. Exchange Online's enhanced status
// codes are specific (5.7.606-649 is a banned sending IP, 5.4.1 a
// recipient that Directory Based Edge Blocking does not know), so its rows
// pair the status with its text.
var Microsoft = &Provider{
	Name: "microsoft",
	Domains: []string{
		"outlook.com", "hotmail.com", "live.com", "msn.com", "onmicrosoft.com",
		"exchangelabs.com", "hotmail.co.uk", "hotmail.fr", "outlook.jp", "live.jp",
		"hotmail.de", "hotmail.it", "hotmail.es", "live.co.uk", "live.fr", "live.de",
		"live.ca", "outlook.fr", "outlook.de", "outlook.es", "outlook.it",
	},
	CodePattern: regexp.MustCompile(`\b((?:rp|sc|dy|ou)-00[1-4])\b`),
	Source:      srcMSOutlookCom,
	Rules: []ProviderRule{
		// Outlook.com's codes.
		{Reason: BadReputation, Code: "RP-001", Source: srcMSOutlookCom}, // 421, rate limit for IP/domain reputation
		{Reason: BadReputation, Code: "RP-002", Source: srcMSOutlookCom}, // 421, rate limit on this connection, reputation
		{Reason: BadReputation, Code: "RP-003", Source: srcMSOutlookCom}, // 421, connection limit, reputation
		{Reason: Blocked, Code: "SC-001", Source: srcMSOutlookCom},       // 550, spam-like content or IP/domain reputation
		{Reason: Blocked, Code: "SC-002", Source: srcMSOutlookCom},       // 550, the IP did namespace mining
		{Reason: Blocked, Code: "SC-003", Source: srcMSOutlookCom},       // 550, the IP looks like an open proxy/relay
		{Reason: Blocked, Code: "SC-004", Source: srcMSOutlookCom},       // 550, complaints about mail from the IP
		{Reason: Blocked, Code: "DY-001", Source: srcMSOutlookCom},       // 550, a dynamic IP
		{Reason: Blocked, Code: "DY-002", Source: srcMSOutlookCom},       // 550, a compromised or infected host
		{Reason: Blocked, Code: "OU-001", Source: srcMSOutlookCom},       // 550, see Spamhaus
		// OU-002's own sentence ("Reasons for rejection may be related to content with
		// spam-like characteristics or IP/domain reputation problems") is one Sisimai's
		// BadReputation list holds, and Sisimai tries BadReputation before SpamDetected
		// and Blocked (go-sisimai reason/why-badreputation.go, reason/lib.go classorder);
		// a bare "OU-002" keeps the postmaster page's block reading.
		{Reason: BadReputation, Code: "OU-002", Text: "ip/domain reputation problems", Source: srcMSOutlookCom + "; " + srcSisimaiRepu},
		{Reason: Blocked, Code: "OU-002", Source: srcMSOutlookCom}, // 550, spam-like content or IP/domain reputation
		{Reason: AuthFailure, Status: "5.7.515", Text: "must be authenticated with spf, dkim, and dmarc", Source: srcMSOutlookCom},
		{Reason: AuthFailure, Status: "5.7.515", Text: "doesn't meet the required authentication level", Source: srcMSExchangeOnline},
		// Undocumented S3140/S3150 (also "AS3150"): the network is on
		// Microsoft's block list.
		{Reason: Blocked, Text: "part of their network is on our block list", Source: srcMSS3150},
		{Reason: BadReputation, Text: "has been temporarily rate limited due to ip reputation", Source: srcMSSisimai}, // 451 4.7.650 (S775)
		{Reason: HostUnknown, Text: "the mail could not be delivered to the recipient because the domain is not reachable", Source: srcMSOutlookSis},

		// Exchange Online as the receiver.
		{Reason: UserUnknown, Status: "5.4.1", Text: "recipient address rejected: access denied", Source: srcMSDBEB},
		{Reason: UserUnknown, Status: "5.7.504", Text: "recipient address rejected: access denied", Source: srcMSExchangeOnline}, // Sisimai: suspend
		{Reason: UserUnknown, Status: "5.7.505", Text: "access denied, banned recipient", Source: srcMSExchangeOnline},           // Sisimai: suspend
		{Reason: UserUnknown, Status: "5.1.10", Text: "recipient not found by smtp address lookup", Source: srcMSExchangeOnline},
		{Reason: UserUnknown, Status: "5.1.1", Text: "resolver.adr.recipientnotfound", Source: srcMSExchangeOnline},
		{Reason: UserUnknown, Text: "requested action not taken: mailbox unavailable", Source: srcMSOutlookSis},
		{Reason: MailboxFull, Text: "mailbox full", Source: srcMSSisimai},
		{Reason: MailboxFull, Text: "mailbox is full", Source: srcMSExchangeOnline},
		{Reason: AuthFailure, Status: "5.7.509", Text: "does not pass dmarc verification", Source: srcMSExchangeOnline},
		{Reason: AuthFailure, Status: "5.7.23", Text: "sender policy framework violation", Source: srcMSExchangeOnline},
		{Reason: AuthFailure, Text: "must pass either spf or dkim validation", Source: srcMSExchangeOnline},
		{Reason: Blocked, Status: "5.7.", Text: "access denied, banned sending ip", Source: srcMSExchangeOnline},
		{Reason: Blocked, Status: "5.7.511", Text: "access denied, banned sender", Source: srcMSExchangeOnline},
		{Reason: Blocked, Status: "5.7.506", Text: "access denied, bad helo", Source: srcMSExchangeOnline},
		{Reason: Blocked, Status: "5.7.507", Text: "access denied, rejected by recipient", Source: srcMSExchangeOnline},
		{Reason: Blocked, Status: "5.7.513", Text: "using customer block list", Source: srcMSExchangeOnline},
		// 4.7.500-699 (AS codes): the sending IP is throttled after a jump
		// in volume.
		{Reason: RateLimited, Status: "4.7.", Text: "access denied, please try again later", Source: srcMS4xx},
		{Reason: RateLimited, Status: "4.7.", Text: "server busy. please try again later from", Source: srcMSAS843},
		{Reason: RateLimited, Status: "5.7.508", Text: "has exceeded permitted limits within", Source: srcMSExchangeOnline},
		{Reason: RequirePTR, Status: "5.7.25", Text: "must have a reverse dns record", Source: srcMSExchangeOnline},
		// The recipient's domain takes mail, but not from an IPv6 client:
		// the connection is refused for its address, as Sisimai files it,
		// not a domain that accepts no mail (notaccept).
		{Reason: Blocked, Status: "5.7.510", Text: "does not accept email over ipv6", Source: srcMSExchangeOnline + "; " + srcMSSisimaiGo},
		{Reason: NotCompliantRFC, Status: "5.7.512", Text: "message must be rfc 5322 section 3.6.2 compliant", Source: srcMSExchangeOnline},
		{Reason: NoRelaying, Status: "5.7.64", Text: "relay access denied", Source: srcMSExchangeOnline},
		{Reason: NoRelaying, Status: "5.7.54", Text: "unable to relay recipient in non-accepted domain", Source: srcMSExchangeOnline},
		{Reason: EmailTooLarge, Status: "5.3.4", Text: "message size exceeds fixed maximum message size", Source: srcMSExchangeOnline},
		{Reason: EmailTooLarge, Status: "5.2.3", Text: "message too large for this recipient", Source: srcMSExchangeOnline},
		{Reason: ContentError, Status: "5.6.11", Text: "invalid characters", Source: srcMSExchangeOnline},
		{Reason: FailedSTARTTLS, Text: "failed mta-sts validation", Source: srcMSExchangeOnline},
		{Reason: FailedSTARTTLS, Text: "starttls is required to send mail", Source: srcMSExchangeOnline},
		{Reason: NetworkError, Status: "5.4.14", Text: "hop count exceeded", Source: srcMSExchangeOnline},
		{Reason: NetworkError, Status: "5.4.14", Text: "routing loop detected", Source: srcMSSisimai},
		{Reason: RateLimited, Status: "5.2.121", Text: "per hour message receive limit from specific sender exceeded", Source: srcMSExchangeOnline},
		{Reason: RateLimited, Status: "5.2.122", Text: "per hour message receive limit exceeded", Source: srcMSExchangeOnline},
		// The two codes are Exchange Online's own (the page defines them as
		// the per-sender and per-recipient hourly receive limits), whatever
		// wording the reply carries.
		{Reason: RateLimited, Status: "5.2.121", Source: srcMSExchangeOnline, ID: "5.2.121-code"},
		{Reason: RateLimited, Status: "5.2.122", Source: srcMSExchangeOnline, ID: "5.2.122-code"},
		{Reason: RateLimited, Status: "4.3.2", Text: "recipient thread limit exceeded", Source: srcMSExchangeOnline},

		// Exchange Online refusing its own tenant's outbound mail.
		{Reason: SecurityError, Status: "5.7.57", Text: "client was not authenticated to send anonymous mail", Source: srcMSExchangeOnline},
		// 5.7.520: the outbound spam policy blocks automatic forwarding to
		// external recipients ("Access denied, Your organization does not
		// allow external forwarding ... AS(7555)"), whatever language the
		// NDR is written in: the organization's policy, not the recipient's.
		// The same code carries the outbound spam filter's content verdict
		// ("550 5.7.520 Message blocked because it contains content identified as
		// spam. AS(4810)"), which names the content, not the forwarding policy.
		{Reason: SpamDetected, Status: "5.7.520", Text: "contains content identified as spam", Source: srcMS520Spam},
		{Reason: PolicyViolation, Status: "5.7.520", Source: srcMSForwarding, ID: "5.7.520-code"},
		// 5.7.501-503: the page says the sending account is banned for
		// spam it sent; the sender is refused, not this message's
		// content, and Sisimai files the words under rejected.
		{Reason: Rejected, Status: "5.7.", Text: "access denied, spam abuse detected", Source: srcMSExchangeOnline + "; " + srcMSSisimaiGo},
		// 5.7.705: the page says most of the tenant's traffic was found
		// suspicious and its sending is banned; Sisimai's Microsoft table files
		// 5.7.700-749 "tenant has exceeded threshold" under RateLimited
		// (go-sisimai rhost/for-microsoft.go@1254c614), as it does 5.7.708.
		{Reason: RateLimited, Status: "5.7.705", Text: "tenant has exceeded threshold", Source: srcMS7xx + "; sisimai/go-sisimai:rhost/for-microsoft.go@1254c614463458c9bce7be6b56db868a846a4258"},
		{Reason: BadReputation, Status: "5.7.708", Text: "access denied, traffic not accepted from this ip", Source: srcMS7xx},
		// The tenant sends from domains it has not registered: the
		// sender's domains are refused (Sisimai: rejected).
		{Reason: Rejected, Status: "5.7.750", Text: "client blocked from sending from unregistered", Source: srcMS7xx + "; " + srcMSSisimaiGo},
		// Exchange's texts that Sisimai's Microsoft table files and the
		// generic stages read otherwise (a status class, or one loose word
		// of several): the words name the reason.
		{Reason: Rejected, Text: "sender was not authenticated", Source: srcMSExchangeOnline + "; " + srcMSSisimaiGo},       // 5.7.12, 5.7.13, 5.7.134-136: the recipient takes mail only from its organization
		{Reason: Rejected, Text: "sender not authenticated for group", Source: srcMSExchangeOnline + "; " + srcMSSisimaiGo}, // 5.7.133
		{Reason: NetworkError, Text: "dns query failed", Source: srcMSSisimaiGo},                                            // 4.4.312, 5.4.312
		{Reason: NetworkError, Status: "5.4.4", Text: "invalid arguments", Source: srcMSSisimaiGo},
		{Reason: NotAccept, Text: "hosted tenant which has no mail-enabled subscriptions", Source: srcMSSisimaiGo}, // 4.4.4
		{Reason: Suspend, Status: "5.2.1", Text: "mailbox cannot be accessed", Source: srcMSSisimaiGo},
		{Reason: SystemError, Status: "4.3.2", Text: "service not available", Source: srcMSSisimaiGo},
		{Reason: SystemError, Status: "4.3.2", Text: "service not active", Source: srcMSSisimaiGo},
		{Reason: SystemError, Text: "journaling on-premises messages to microsoft 365 or office 365 not supported", Source: srcMSSisimaiGo}, // 5.3.190
		{Reason: SystemError, Status: "5.1.4", Text: "destination mailbox address ambiguous", Source: srcMSSisimaiGo},
		{Reason: SystemError, Status: "5.2.14", Text: "misconfigured forwarding address", Source: srcMSSisimaiGo},
		// 4.4.318, 5.4.318 "... (SuspiciousRemoteServerError)": the remote
		// server's fault, ahead of "message expired".
		{Reason: SystemError, Text: "suspiciousremoteservererror", Source: srcMSSisimaiGo},
		{Reason: Expired, Status: "5.4.316", Text: "message expired", Source: srcMSSisimaiGo}, // "Message expired, connection refused"
		{Reason: UserUnknown, Status: "5.1.6", Text: "recipient addresses in single label domains not accepted", Source: srcMSSisimaiGo},
		{Reason: UserUnknown, Status: "5.1.2", Text: "invalid x.400 address", Source: srcMSSisimaiGo},
		{Reason: UserUnknown, Text: "remote server returned unknown recipient or mailbox unavailable", Source: srcMSSisimaiGo}, // 5.1.351
		{Reason: Blocked, Status: "5.5.4", Text: "invalid domain name", Source: srcMSSisimaiGo},                                // HELO/EHLO argument
		{Reason: Expired, Status: "4.4.7", Text: "message expired", Source: srcMSExchangeOnline},
		{Reason: Expired, Status: "5.4.300", Text: "message expired", Source: srcMSExchangeOnline},
	},
}
