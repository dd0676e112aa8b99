package classify

// Sources of the Microsoft table.
const (
	srcMSExchangeOnline = "https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online"
	srcMSOutlookCom     = "https://sendersupport.olc.protection.outlook.com/pm/troubleshooting.aspx (Outlook.com postmaster)"
	srcMSDBEB           = "https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/fix-error-code-550-5-4-1-in-exchange-online"
)

// Microsoft is Exchange Online (Microsoft 365), Outlook.com and Hotmail.
// Exchange Online's enhanced status codes are specific (5.7.606-649 is a
// banned sending IP, 5.4.1 a recipient that Directory Based Edge Blocking
// does not know), so its rows pair the status with its text.
var Microsoft = &Provider{
	Name: "microsoft",
	Domains: []string{
		"outlook.com", "hotmail.com", "live.com", "msn.com", "onmicrosoft.com",
		"exchangelabs.com", "hotmail.co.uk", "hotmail.fr", "outlook.jp", "live.jp",
	},
	Source: srcMSExchangeOnline,
	Rules: []ProviderRule{
		{Reason: UserUnknown, Status: "5.4.1", Text: "recipient address rejected: access denied", Source: srcMSDBEB},
		{Reason: UserUnknown, Status: "5.1.10", Text: "recipient not found by smtp address lookup", Source: srcMSExchangeOnline},
		{Reason: UserUnknown, Status: "5.1.1", Text: "resolver.adr.recipientnotfound", Source: srcMSExchangeOnline},
		{Reason: UserUnknown, Text: "requested action not taken: mailbox unavailable", Source: srcMSOutlookCom},
		{Reason: MailboxFull, Text: "mailbox full", Source: srcMSOutlookCom},
		{Reason: MailboxFull, Text: "mailbox is full", Source: srcMSExchangeOnline},
		{Reason: AuthFailure, Status: "5.7.509", Text: "does not pass dmarc verification", Source: srcMSExchangeOnline},
		{Reason: AuthFailure, Status: "5.7.515", Text: "doesn't meet the required authentication level", Source: srcMSExchangeOnline},
		{Reason: AuthFailure, Status: "5.7.23", Text: "sender policy framework violation", Source: srcMSExchangeOnline},
		{Reason: AuthFailure, Text: "must pass either spf or dkim validation", Source: srcMSExchangeOnline},
		{Reason: BadReputation, Text: "has been temporarily rate limited due to ip reputation", Source: srcMSOutlookCom},
		{Reason: Blocked, Status: "5.7.", Text: "access denied, banned sending ip", Source: srcMSExchangeOnline},
		{Reason: Blocked, Status: "5.7.511", Text: "access denied, banned sender", Source: srcMSExchangeOnline},
		{Reason: Blocked, Status: "5.7.506", Text: "access denied, bad helo", Source: srcMSExchangeOnline},
		{Reason: Blocked, Status: "5.7.507", Text: "access denied, rejected by recipient", Source: srcMSExchangeOnline},
		{Reason: Blocked, Status: "5.7.513", Text: "using customer block list", Source: srcMSExchangeOnline},
		{Reason: Blocked, Text: "part of their network is on our block list", Source: srcMSOutlookCom},
		{Reason: Blocked, Status: "4.7.", Text: "access denied, please try again later", Source: srcMSExchangeOnline},
		{Reason: RequirePTR, Status: "5.7.25", Text: "must have a reverse dns record", Source: srcMSExchangeOnline},
		{Reason: NotAccept, Status: "5.7.510", Text: "does not accept email over ipv6", Source: srcMSExchangeOnline},
		{Reason: SecurityError, Status: "5.7.57", Text: "client was not authenticated to send anonymous mail", Source: srcMSExchangeOnline},
		{Reason: SecurityError, Status: "5.7.708", Text: "service unavailable. access denied, traffic not accepted from this ip", Source: srcMSExchangeOnline},
		{Reason: NoRelaying, Status: "5.7.64", Text: "relay access denied", Source: srcMSExchangeOnline},
		{Reason: NoRelaying, Status: "5.7.54", Text: "unable to relay recipient in non-accepted domain", Source: srcMSExchangeOnline},
		{Reason: EmailTooLarge, Status: "5.3.4", Text: "message size exceeds fixed maximum message size", Source: srcMSExchangeOnline},
		{Reason: EmailTooLarge, Status: "5.2.3", Text: "message too large for this recipient", Source: srcMSExchangeOnline},
		{Reason: ContentError, Status: "5.6.11", Text: "invalid characters", Source: srcMSExchangeOnline},
		{Reason: Expired, Status: "4.4.7", Text: "message expired", Source: srcMSExchangeOnline},
		{Reason: Expired, Status: "5.4.300", Text: "message expired", Source: srcMSExchangeOnline},
		{Reason: FailedSTARTTLS, Text: "failed mta-sts validation", Source: srcMSExchangeOnline},
		{Reason: FailedSTARTTLS, Text: "starttls is required to send mail", Source: srcMSExchangeOnline},
		{Reason: RateLimited, Status: "5.7.705", Text: "tenant has exceeded threshold", Source: srcMSExchangeOnline},
		{Reason: RateLimited, Status: "5.7.750", Text: "client blocked from sending from unregistered domains", Source: srcMSExchangeOnline},
		{Reason: NetworkError, Status: "5.4.14", Text: "hop count exceeded", Source: srcMSExchangeOnline},
	},
}
