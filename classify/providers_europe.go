package classify

import "regexp"

// Sources of the tables of European providers.
const (
	srcOrange     = "https://www.postmastery.com/orange-postmaster-smtp-error-codes-ofr/ (Orange and La Poste codes)"
	srcOrangeFR   = "https://postmaster.orange.fr"
	srcWebDe      = "https://postmaster.web.de/en/error-messages"
	srcGMX        = "https://postmaster.gmx.com/en/error-messages"
	srcYandex     = "https://yandex.com/support/mail/bounces/yandex.html"
	srcMailRu     = "https://help.mail.ru/mail/mailer-daemon (Mail.ru non-delivery reports)"
	srcRambler    = "https://github.com/guileen/node-sendmail/issues/4 (session log: mx13.rambler.ru answers DATA with 452 4.7.1 Try again later)"
	srcFree       = "http://postmaster.free.fr/ (Free postmaster: 550 spam detected; IPs blocked for spam, up to 24 h)"
	srcFreeConn   = "https://bouncezero.io/free-fr-deliverability (Free SMTP codes: 421 Too many connections is a rate limit)"
	srcInfomaniak = "https://infomaniak.com/en/support/faq/858/resolve-an-email-issue-following-an-error-report (Infomaniak: reading an error report)"
	srcIUA        = "https://mail.i.ua/err/ (I.UA error pages, one per code)"

	srcFrancePTTSisimai = "sisimai/p5-sisimai:lib/Sisimai/Rhost/FrancePTT.pm"
	srcFrancePTTPage    = "sisimai/go-sisimai:rhost/for-franceptt.go (2026 version: codes and meanings from Orange's page https://postmaster.orange.fr/index.html)"
	srcGermanISPs       = "http://www.sitepackage.de/service/dokumentation/auswertung/typische-fehlermeldungen-bei-unzustellbarkeit.html (typical replies of T-Online, GMX and WEB.DE quoted literally)"
	srcTOnlineNOWL      = "https://bllmnn.de/2024/05/fehler-554-none-bad-reputation-beim-mailversand-an-t-online-de (mx03.t-online.de reply quoted: 554 IP=... - None/bad reputation. Ask your postmaster for help or to contact ... for reset. (NOWL))"
	srcTOnlineBL        = "https://www.spamresource.com/2020/06/whoops-t-onlinede-not-accepting-mail.html (T-Online reply quoted: 554 IP=... - A problem occurred. (Ask your postmaster for help or to contact ... to clarify.) (BL))"
	srcTOnline          = "https://postmaster.t-online.de/index.en.html (T-Online postmaster)"
	srcWebDePolicy      = "https://postmaster.web.de/en/email-policy (WEB.DE: why mail is rejected due to policy restrictions, header, domain or IP based; replies quoted by fm/smtp-codes:data/codes/550.json)"
	srcWebDePTR         = "polst/bounce-processing:src/BounceClassifier.php@5da349aee7884b229ea643830f815d955493cd34 (554 invalid DNS PTR resource record, WEB.DE's wording)"
	srcWebDeCaseHi      = "https://postmaster.web.de/en/case?c=hi (WEB.DE's page for case 'hi', which the reply's explanation link names: the header is not RFC 5321 and RFC 5322 compliant; page text quoted in zammad/zammad#4630, replies with c=hi quoted in jlawyerorg/j-lawyer-org#904, nextcloud/mail#6497, homematic-community/hm_email#14)"
	srcWebDeRate        = "https://www.suped.com/learn/email-deliverability/how-to-resolve-smtp-421-errors-with-webde-and-gmxnet-due-to-rate-limiting (421 quoted: \"... Reject due to policy restrictions Please try again later. Too many messages have been received in a short period of time. Please try again in a few hours and reduce the sending rate.\"); layout https://postmaster.gmx.com/en/error-messages"
	srcGMXGuidelines    = "https://www.gmx.net/mail/senderguidelines/ (GMX: Reject due to policy restrictions; reply quoted by fm/smtp-codes:data/codes/550.json)"
	srcLaPosteDKIM      = "https://postmaster.laposte.net/contents/mails-rejetes-pour-absence-de-signature-dkim-valide (La Poste: mail refused without a valid DKIM signature, LPN007_402)"
	srcLaPosteCodes     = "fm/smtp-codes:data/codes/550.json (La Poste replies LPN007_510 Likely unsolicited email, LPN007_402 DKIM is not configured)"
	srcRamblerCodes     = "fm/smtp-codes:data/codes/540.json (Rambler: 540 5.7.1 recipient address rejected: Inactive / Blocked, the recipient's account suspended or deactivated)"
	srcYandexRate       = "fm/smtp-codes:data/codes/450.json (Yandex: 450 4.2.1 The recipient has exceeded message rate limit, the address receives mail at a high rate)"
)

// frenchPTTRules is the table of Orange (France Telecom) and La Poste:
// their replies end in a label such as "OFR_416", "LPN007_426" or
// "OFR005_505 [505]" whose last three digits are the error.
var frenchPTTRules = []ProviderRule{
	{Reason: Blocked, Code: "101", Source: srcOrange},                           // IP on Spamhaus
	{Reason: Blocked, Code: "102", Source: srcOrange},                           // IP blocked for spam issues
	{Reason: Blocked, Code: "103", Source: srcOrange},                           // service refused, IP blocked
	{Reason: RateLimited, Code: "104", Source: srcOrange},                       // too many connections
	{Reason: Blocked, Code: "100", Source: srcFrancePTTPage},                    // sending IP listed on Abusix RBL
	{Reason: Blocked, Code: "105", CodeTo: "108", Source: srcOrange},            // service refused at connection, try later
	{Reason: RateLimited, Code: "109", Source: srcFrancePTTPage},                // too many messages per SMTP connection
	{Reason: Blocked, Code: "200", CodeTo: "209", Source: srcFrancePTTPage},     // "20X": invalid HELO/EHLO (OFR004_201)
	{Reason: AuthFailure, Code: "390", CodeTo: "399", Source: srcFrancePTTPage}, // "39X": sender domain SPF error
	{Reason: SecurityError, Code: "305", Source: srcOrange},                     // invalid authentication code
	{Reason: AuthFailure, Code: "401", Source: srcOrange},                       // SPF: not allowed to send
	{Reason: SecurityError, Code: "402", Source: srcOrange},                     // authentication required
	{Reason: Rejected, Code: "403", Source: srcOrange},                          // invalid sender
	{Reason: Rejected, Code: "405", Source: srcOrange},                          // invalid sender
	{Reason: Rejected, Code: "415", Source: srcOrange},                          // invalid sender
	{Reason: UserUnknown, Code: "416", Source: srcOrange},                       // invalid recipient
	{Reason: UserUnknown, Code: "418", Source: srcFrancePTTSisimai},             // invalid recipient (Adresse d au moins un destinataire invalide)
	{Reason: MailboxFull, Code: "417", Source: srcOrange},                       // recipient over quota
	{Reason: Suspend, Code: "420", Source: srcOrange},                           // archived recipient
	{Reason: Rejected, Code: "421", Source: srcOrange},                          // mail from not owned by user
	{Reason: Rejected, Code: "425", Source: srcFrancePTTPage},                   // sender domain blacklisted (Abusix, Spamhaus)
	{Reason: Suspend, Code: "426", Source: srcOrange},                           // recipient account blocked
	{Reason: SystemError, Code: "505", Source: srcOrange},                       // service refused, try later (end of DATA)
	{Reason: SpamDetected, Code: "506", Source: srcOrange},                      // mail rejected
	{Reason: Blocked, Code: "510", Source: srcOrange},                           // service refused
	{Reason: EmailTooLarge, Code: "514", Source: srcOrange},                     // message size limit reached
	{Reason: AuthFailure, Code: "515", Source: srcFrancePTTPage},                // DMARC failed, rejected as the sender's policy says
	{Reason: AuthFailure, Code: "517", Source: srcOrange},                       // DMARC verification failed
	{Reason: AuthFailure, Code: "519", Source: srcFrancePTTPage},                // sending IP not allowed by the sender domain's SPF
	{Reason: PolicyViolation, Code: "630", Source: srcOrange},                   // client host rejected
	{Reason: Blocked, Code: "999", Source: srcOrange},                           // service refused, try later
	{Reason: AuthFailure, Text: "spf/dns de votre nom de domaine", Source: srcOrangeFR},
}

var frenchPTTCode = regexp.MustCompile(`\b(?:lpn|ofr|ouk)[a-z]*[0-9]*_?([0-9]{3})\b`)

// Orange is Orange (France Telecom): orange.fr and wanadoo.fr.
var Orange = &Provider{
	Name:        "orange",
	Domains:     []string{"orange.fr", "wanadoo.fr", "orange.com"},
	CodePattern: frenchPTTCode,
	Source:      srcOrange,
	Rules:       frenchPTTRules,
}

// LaPoste is La Poste's mail service (laposte.net), whose codes follow
// Orange's.
var LaPoste = &Provider{
	Name:        "laposte",
	Domains:     []string{"laposte.net"},
	CodePattern: frenchPTTCode,
	Source:      srcOrange,
	Rules: append([]ProviderRule{
		// La Poste's LPN007 codes reuse numbers Orange gives other
		// meanings: its replies name the cause in words, read first.
		{Reason: SpamDetected, Text: "likely unsolicited email", Source: srcLaPosteCodes},                    // LPN007_510
		{Reason: AuthFailure, Text: "dkim is not configured on your sending domain", Source: srcLaPosteDKIM}, // LPN007_402
	}, frenchPTTRules...),
}

// WebDeGMX is United Internet's mail: WEB.DE, GMX and mail.com.
var WebDeGMX = &Provider{
	Name: "webde-gmx",
	Domains: []string{
		"web.de", "gmx.net", "gmx.de", "gmx.at", "gmx.ch", "gmx.com", "gmx.co.uk",
		"gmx.fr", "gmx.es", "gmx.it", "gmx.us", "mail.com",
	},
	Source: srcGMX,
	Rules: []ProviderRule{
		// "Reject due to policy restrictions" names what was refused:
		// the headers, the sender's domain or the sending IP; without
		// a qualifier it is a policy refusal, also when it follows
		// "mailbox unavailable".
		{Reason: NotCompliantRFC, Text: "reject due to policy restrictions (header based)", Source: srcWebDePolicy},
		// The explanation link's case code names the cause where the
		// words do not: case "hi" is WEB.DE's and GMX's page on a header
		// that is not RFC 5321/5322 compliant (Date, From, Sender, To
		// malformed, or more than one of each).
		{Reason: NotCompliantRFC, Text: "c hi", Source: srcWebDeCaseHi},
		{Reason: Rejected, Text: "reject due to policy restrictions (domain based)", Source: srcWebDePolicy},
		{Reason: Blocked, Text: "reject due to policy restrictions (ip based)", Source: srcWebDePolicy},
		// The same "Reject due to policy restrictions" line leads WEB.DE's
		// and GMX's rate limit, whose last line names the cause: too many
		// messages in a short time, "reduce the sending rate" (rate20).
		{Reason: RateLimited, Text: "too many messages have been received in a short period of time", Source: srcWebDeRate},
		{Reason: PolicyViolation, Text: "reject due to policy restrictions", Source: srcGMXGuidelines},
		// The sender's DNS checks: WEB.DE and GMX put them after their
		// "mailbox unavailable" first line, which names no cause.
		{Reason: Rejected, Text: "invalid dns mx or a/aaaa resource record", Source: srcWebDe},
		{Reason: RequirePTR, Text: "bad dns ptr resource record", Source: srcWebDe},
		{Reason: RequirePTR, Text: "invalid dns ptr resource record", Source: srcWebDePTR},
		{Reason: UserUnknown, Text: "requested action not taken: mailbox unavailable", Source: srcGMX},
		{Reason: AuthFailure, Text: "reject due to spf policy", Source: srcGMX},
		{Reason: Blocked, Text: "ip address is block listed", Source: srcGMX},
		{Reason: SyntaxError, Text: "syntax error in parameters or arguments", Source: srcGMX},
		{Reason: MailboxFull, Text: "user has exhausted allowed storage space", Source: srcWebDe},
		{Reason: MailboxFull, Text: "user has too many messages on the server", Source: srcWebDe},
		{Reason: MailboxFull, Text: "benutzer hat das speichervolumen ueberschritten", Source: srcGermanISPs}, // WEB.DE, German half of the reply
		{Reason: MailboxFull, Text: "benutzer hat zuviele mails auf dem server", Source: srcGermanISPs},       // WEB.DE
		{Reason: UserUnknown, Text: "benutzer nicht bekannt", Source: srcGermanISPs},                          // WEB.DE: 550 Benutzer nicht bekannt/User unknown
		{Reason: Suspend, Status: "5.2.1", Text: "user is inactive", Source: srcGermanISPs},                   // GMX: 550 5.2.1 <address> User is inactive
		{Reason: RateLimited, Text: "too many messages", Source: srcWebDe},
	},
}

// Yandex is Yandex Mail.
var Yandex = &Provider{
	Name: "yandex",
	Domains: []string{
		"yandex.ru", "yandex.com", "yandex.net", "ya.ru", "yandex.by", "yandex.kz",
		"yandex.ua", "narod.ru",
	},
	Source: srcYandex,
	Rules: []ProviderRule{
		{Reason: UserUnknown, Text: "no such user", Source: srcYandex},
		{Reason: UserUnknown, Text: "bad recipient address syntax", Source: srcYandex},
		{Reason: UserUnknown, Text: "bad address mailbox syntax", Source: srcYandex},
		{Reason: UserUnknown, Text: "no correct recipients", Source: srcYandex},
		{Reason: UserUnknown, Text: "recipient address rejected: need fully-qualified address", Source: srcYandex},
		{Reason: SpamDetected, Text: "message rejected under suspicion of spam", Source: srcYandex},
		{Reason: Blocked, Text: "blocked by spam statistics", Source: srcYandex},
		{Reason: Blocked, Text: "client host * blocked using", Source: srcYandex},
		{Reason: Suspend, Text: "policy rejection on the target address", Source: srcYandex},
		{Reason: RateLimited, Text: "the recipient has exceeded message rate limit", Source: srcYandexRate},
		{Reason: MailboxFull, Text: "mailbox size limit exceeded", Source: srcYandex},
		{Reason: MailboxFull, Text: "mailbox size exceeded", Source: srcYandex},
		{Reason: VirusDetected, Text: "message infected by virus", Source: srcYandex},
	},
}

// MailRu is Mail.ru (VK Mail).
var MailRu = &Provider{
	Name:    "mailru",
	Domains: []string{"mail.ru", "inbox.ru", "list.ru", "bk.ru", "internet.ru", "mail.ua"},
	Source:  srcMailRu,
	Rules: []ProviderRule{
		{Reason: UserUnknown, Text: "is unavailable: user not found", Source: srcMailRu},
		{Reason: Suspend, Text: "is unavailable: account is disabled", Source: srcMailRu},
		{Reason: MailboxFull, Text: "is unavailable: user is over quota", Source: srcMailRu},
		{Reason: SpamDetected, Text: "spam message rejected", Source: srcMailRu},
		{Reason: SpamDetected, Text: "spam message discarded", Source: srcMailRu},
		{Reason: RateLimited, Text: "too many messages from your ip", Source: srcMailRu},
	},
}

// Rambler is Rambler Mail.
var Rambler = &Provider{
	Name:    "rambler",
	Domains: []string{"rambler.ru", "lenta.ru", "ro.ru", "autorambler.ru", "myrambler.ru", "rambler.ua"},
	Source:  srcRambler,
	Rules: []ProviderRule{
		// Rambler's MX deferring a message at DATA.
		{Reason: RateLimited, ReplyCode: 452, Text: "try again later", Source: srcRambler},
		{Reason: Suspend, Text: "recipient address rejected: inactive", Source: srcRamblerCodes},
		{Reason: Suspend, Text: "recipient address rejected: blocked", Source: srcRamblerCodes},
	},
}

// Free is Free's mail service (free.fr).
var Free = &Provider{
	Name:    "free",
	Domains: []string{"free.fr", "aliceadsl.fr", "libertysurf.fr"},
	Source:  srcFree,
	Rules: []ProviderRule{
		// The sending IP is blocked (up to 24 h) for the spam it sent;
		// the reply sends the sender to postmaster.free.fr.
		{Reason: Blocked, Text: "too many spams from your ip", Source: srcFree},
		{Reason: SpamDetected, Text: "spam detected", Source: srcFree},
		{Reason: RateLimited, Text: "too many connections", Source: srcFreeConn},
	},
}

// Infomaniak is Infomaniak's mail service.
var Infomaniak = &Provider{
	Name:    "infomaniak",
	Domains: []string{"infomaniak.com", "infomaniak.ch", "ik.me", "ikmail.com", "etik.com"},
	Source:  srcInfomaniak,
	Rules: []ProviderRule{
		// The recipient's address is suspended by its provider; Infomaniak
		// relays the report (its reporting MTA makes the fact Infomaniak's).
		{Reason: Suspend, Text: "account administratively disabled", Source: srcInfomaniak},
	},
}

// IUA is I.UA, a Ukrainian mail service. Its replies point at an error
// page "mail.i.ua/err/<n>/".
var IUA = &Provider{
	Name:        "iua",
	Domains:     []string{"i.ua", "email.ua", "ua.fm"},
	CodePattern: regexp.MustCompile(`\.i\.ua/err/([0-9]+)/`),
	Source:      srcIUA,
	Rules: []ProviderRule{
		{Reason: NoRelaying, Code: "1", Source: srcIUA},  // SMTP as a mail gate is forbidden
		{Reason: UserUnknown, Code: "2", Source: srcIUA}, // user is not found
		{Reason: Suspend, Code: "3", Source: srcIUA},     // mailbox not used for more than 3 months
		{Reason: MailboxFull, Code: "4", Source: srcIUA}, // mailbox is full
		{Reason: RateLimited, Code: "5", Source: srcIUA}, // sending limit exceeded
		{Reason: NoRelaying, Code: "6", Source: srcIUA},  // use your provider's SMTP
		{Reason: Blocked, Code: "7", Source: srcIUA},     // wrong HELO/EHLO parameter
		{Reason: Rejected, Code: "8", Source: srcIUA},    // could not check the sender address
		{Reason: Blocked, Code: "9", Source: srcIUA},     // sender's IP is blacklisted
		{Reason: Filtered, Code: "10", Source: srcIUA},   // not in the recipient's address list
	},
}

// TOnline is Deutsche Telekom's T-Online mail (t-online.de, magenta.de).
// Its MX hosts (mx00.t-online.de ...) refuse hosts of bad or unknown
// reputation at connection, ending the reply in a tag: "(NOWL)" for an IP
// T-Online does not know, "(BL)" for one on its block list.
var TOnline = &Provider{
	Name:    "t-online",
	Domains: []string{"t-online.de", "magenta.de"},
	Source:  srcTOnline,
	Rules: []ProviderRule{
		{Reason: BadReputation, Text: "none/bad reputation", Source: srcTOnlineNOWL},
		{Reason: Blocked, Text: "a problem occurred. (ask your postmaster for help or to contact", Source: srcTOnlineBL},
		{Reason: MailboxFull, Text: "over storage quota", Source: srcGermanISPs}, // 552 5.2.2 Over STORAGE quota
	},
}
