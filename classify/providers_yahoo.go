package classify

// Sources of the Yahoo, AOL and Verizon tables.
const (
	// Yahoo's page names the kinds of error (user complaints, unresolvable
	// RFC.5321 from domain, PH* content blocks, TS* deferrals) and prints
	// one sample bounce; read in the copy archived on 2026-02-15.
	srcYahooCodes = "https://senders.yahooinc.com/smtp-error-codes/ (page text archived at azumakuniyuki/feb-2024-no-auth-no-entry:yahoo-senders-smtp-error-codes/text/yahoo-senders-smtp-error-codes-2026-02-15.txt)"
	// Sisimai's Yahoo table quotes the literal replies of those kinds.
	srcYahooSisimai   = "sisimai/p5-sisimai:lib/Sisimai/Rhost/YahooInc.pm"
	srcYahooSisimaiGo = "sisimai/go-sisimai:rhost/for-yahooinc.go@10a375ffbfda93609b761e6572a81329a13658e3"
	srcYahooTSS04     = "https://smtpfieldmanual.com/provider/yahoo/421/4.7.0 (Yahoo reply quoted: 421 4.7.0 [TSS04] Messages from ... temporarily deferred due to unexpected volume or user complaints)"
	srcYahooTS01      = "https://mail.python.org/pipermail/mailman-users/2012-June/073612.html (Yahoo reply quoted: 421 4.7.0 [TS01] Messages from ... temporarily deferred due to user complaints)"
	srcYahooTS03      = "https://help.yahoo.com/kb/postmaster/SLN3436.html (421 4.7.1 [TS03] All messages from x.x.x.x permanently deferred: a high volume of messages from the IP, characteristic of unsolicited bulk email)"
	srcYahooDE        = "http://www.sitepackage.de/service/dokumentation/auswertung/typische-fehlermeldungen-bei-unzustellbarkeit.html (Yahoo reply quoted: This account has been disabled or discontinued)"
	srcAOLSisimai     = "sisimai/p5-sisimai:lib/Sisimai/Rhost/Aol.pm"
	srcVerizonPage    = "https://www.verizon.com/support/residential/internet/email (Verizon mail moved to AOL)"
)

// A blog post quoting another wording of the TS01 deferral with
// Yahoo's explanation (unusual traffic from the IP, complaints from Yahoo
// users about mail from the server).
const srcYahooTS01b = "http://blog.arrentan.com/ (Yahoo replies quoted with Yahoo's explanations: 421 4.16.55 [TS01] Messages from x.x.x.x temporarily deferred due to excessive user complaints)"

// Yahoo's help pages for two deferrals whose words name no cause: TS02
// (unusual traffic from the sending IP) and 4.16.50 (substantial
// complaints from Yahoo users about mail from the server).
const (
	srcYahooTS02  = "https://help.yahoo.com/kb/postmaster/SLN3326.html (421 4.7.0 [TS02] Messages from x.x.x.x temporarily deferred - 4.16.56.1: Yahoo is receiving unusual traffic from your IP address)"
	srcYahoo41650 = "https://help.yahoo.com/mkb/article.php?locale=en_US&page=content&y=PROD_MAIL_ML&id=SLN3437 (421 Message from x.x.x.x temporarily deferred - 4.16.50: emails from your mail server have been generating substantial complaints from Yahoo Mail users)"
)

// yahooRules is Yahoo's table. AOL and Verizon mail run on Yahoo's
// servers, so their tables start with it. Yahoo's replies carry codes in
// brackets ([TSS04], [PH01]) that the page describes only by kind, so the
// rows read the words.
var yahooRules = []ProviderRule{
	{Reason: UserUnknown, Text: "dd this user doesn't have a", Source: srcYahooCodes}, // 554 delivery error: dd This user doesn't have a yahoo.com account
	{Reason: UserUnknown, Text: "mailbox not found", Source: srcYahooSisimai},         // 552 1 Requested mail action aborted, mailbox not found
	{Reason: Suspend, Text: "dd * is no longer valid", Source: srcYahooSisimai},       // 554 delivery error: dd <address> is no longer valid.
	{Reason: Suspend, Text: "this mailbox is disabled", Source: srcYahooSisimai},      // 554 30 ... This mailbox is disabled (554.30)
	{Reason: Suspend, Text: "this account has been disabled or discontinued", Source: srcYahooDE},
	{Reason: AuthFailure, Text: "yahoo requires all senders to authenticate with either spf or dkim", Source: srcYahooSisimai}, // 550 5.7.9
	{Reason: Blocked, Text: "because the ip is in spamhaus's list", Source: srcYahooSisimai},                                   // 553 5.7.1 [BL21]
	{Reason: Blocked, Text: "not accepted from ip addresses on spamhaus xbl", Source: srcYahooSisimai},                         // 553 5.7.1 [BL23]
	{Reason: NoRelaying, Text: "relaying denied for", Source: srcYahooSisimai},
	{Reason: NotCompliantRFC, Text: "headers are not rfc compliant", Source: srcYahooSisimai},
	{Reason: PolicyViolation, Text: "not accepted for policy reasons", Source: srcYahooSisimai}, // 554 [PH01], 554 5.7.9
	// TS01/TS02 (older) and TSS04 (since 2024) defer the sending IP.
	// Sisimai's reason lists read the older TS01 words as blocked. Its
	// Yahoo tables (Perl and Go) read TSS04 as rejected: its author saw
	// the same reply for poor reputation, for missing SPF, DKIM or DMARC
	// and for other causes, and Yahoo's page gives the TS* deferrals the
	// same mix of causes (complaints, spam-like content, the IP's or its
	// subnet's reputation, unusual traffic), so the words do not name one.
	// Sisimai applies its Yahoo table to a reply from Yahoo's own hosts;
	// where no host of Yahoo's is named, its reason lists read the words
	// (badreputation), and so do our text tables (OwnReply).
	{Reason: Blocked, Text: "temporarily deferred due to user complaints", Source: srcYahooTS01},
	{Reason: Blocked, Text: "temporarily deferred due to excessive user complaints", Source: srcYahooTS01b},
	// The same deferrals without the "due to" words: Yahoo's pages explain
	// them by the sending IP's traffic and by complaints, as TS01's.
	{Reason: Blocked, Text: "ts02 messages from * temporarily deferred", Source: srcYahooTS02}, // 421 4.7.0 [TS02] ... - 4.16.56.1
	{Reason: Blocked, Text: "message from * temporarily deferred", Source: srcYahoo41650},      // 421 ... - 4.16.50
	{Reason: Rejected, Text: "temporarily deferred due to unexpected volume or user complaints", OwnReply: true, Source: srcYahooSisimai + "; " + srcYahooSisimaiGo + "; reply quoted by " + srcYahooTSS04},
	{Reason: Rejected, Text: "temporarily deferred due to unresolvable rfc", Source: srcYahooCodes}, // 451, RFC.5321 (or RFC.5322) from domain
	// 421 4.7.1 [TS03], 553 5.7.2 [TSS09], [TSS11]: "All messages from
	// <ip> will be permanently deferred"; Yahoo's page: a high volume from
	// the IP, characteristic of unsolicited bulk mail. Sisimai's Yahoo
	// tables file the words under rejected, as for TSS04.
	{Reason: Rejected, Text: "will be permanently deferred", Source: srcYahooSisimai + "; " + srcYahooSisimaiGo + "; " + srcYahooTS03},
	// "Resources temporarily unavailable": Yahoo's servers were busy.
	{Reason: SystemError, Text: "resources temporarily unavailable", Source: srcYahooCodes},         // 451 ... [#4.16.1]
	{Reason: RateLimited, Text: "user is receiving mail too quickly", Source: srcYahooSisimai},      // 450
	{Reason: RateLimited, Text: "max message per connection reached", Source: srcYahooSisimai},      // 421
	{Reason: SyntaxError, Text: "syntax error in parameters or arguments", Source: srcYahooSisimai}, // 501
}

// Yahoo is Yahoo Mail (Yahoo Inc.).
var Yahoo = &Provider{
	Name: "yahoo",
	Domains: []string{
		"yahoo.com", "yahoodns.net", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "ymail.com",
		"rocketmail.com", "yahoo.ca", "yahoo.es", "yahoo.it", "yahoo.com.br", "yahoo.in",
		"yahoo.com.au",
	},
	Source: srcYahooCodes,
	Rules:  yahooRules,
}

// AOL is AOL Mail, now on Yahoo's platform; its own outbound relays add
// texts of their own.
var AOL = &Provider{
	Name:    "aol",
	Domains: []string{"aol.com", "aim.com", "aol.jp"},
	Source:  srcYahooCodes,
	Rules: append([]ProviderRule{
		{Reason: HostUnknown, Text: "host or domain name not found", Source: srcAOLSisimai},
		{Reason: NotAccept, Text: "type=mx: malformed or unexpected name server reply", Source: srcAOLSisimai},
	}, yahooRules...),
}

// Verizon is Verizon's former mail service, whose mailboxes moved to AOL.
var Verizon = &Provider{
	Name:    "verizon",
	Domains: []string{"verizon.net"},
	Source:  srcVerizonPage,
	Rules:   yahooRules,
}
