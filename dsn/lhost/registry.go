// Package lhost holds the decoders of the bounce formats that RFC 3464,
// RFC 5965 and RFC 3834 do not cover: the plain-text failure reports of
// MTA software (Postfix, Exim, qmail, Sendmail, Exchange, ...) and the
// formats of mail providers and services (Gmail, Yahoo, Amazon SES, ...),
// the text toolkit they share, and the registry: every decoder of the
// project, this package's and package dsn's, in the order they run. The
// name is Sisimai's, whose lhost modules read the same formats.
//
// A decoder that finds a message in its format but learns too little from
// it marks its report partial, and the decoders after it in the registry
// are tried as well; the first that reads recipients is credited with the
// report (dsn.Decode).
//
// Callers parse a message with the registry:
//
//	report, err := dsn.ParseBytes(raw, lhost.Registry())
//
// Package dsn defines the types, the standard decoders and Parse; this
// package imports it, so dsn cannot name these decoders itself. Rather
// than have this package add its decoders to a list in dsn when the
// program starts (an init function changing another package's global
// state, in an order nobody sees), Parse takes the decoders as an
// argument and Registry returns them in one slice, written out below.
package lhost

import "github.com/bounce-milter/bounce-milter/dsn"

// The names of this package's decoders, as Report.Decoder (and the
// "decodedby" of the classifier's output) gives them. The standard
// decoders' names are dsn.RFC3464, dsn.ARF, dsn.RFC8098 and dsn.RFC3834.
const (
	// Providers and services.
	AmazonSES        dsn.DecoderName = "AmazonSES"
	AmazonWorkMail   dsn.DecoderName = "AmazonWorkMail"
	Aol              dsn.DecoderName = "Aol"
	AppleUnsubscribe dsn.DecoderName = "AppleUnsubscribe"
	Biglobe          dsn.DecoderName = "Biglobe"
	DeutscheTelekom  dsn.DecoderName = "DeutscheTelekom"
	EinsUndEins      dsn.DecoderName = "EinsUndEins"
	EZweb            dsn.DecoderName = "EZweb"
	GMX              dsn.DecoderName = "GMX"
	Gmail            dsn.DecoderName = "Gmail"
	GoogleGroups     dsn.DecoderName = "GoogleGroups"
	InlineRFC3464    dsn.DecoderName = "RFC3464-Inline"
	KDDI             dsn.DecoderName = "KDDI"
	MailRu           dsn.DecoderName = "MailRu"
	SpamCop          dsn.DecoderName = "SpamCop"
	Yahoo            dsn.DecoderName = "Yahoo"
	Zoho             dsn.DecoderName = "Zoho"

	// MTA software and mail gateways.
	ActiveHunter    dsn.DecoderName = "ActiveHunter"
	ApacheJames     dsn.DecoderName = "ApacheJames"
	Citadel         dsn.DecoderName = "Citadel"
	Courier         dsn.DecoderName = "Courier"
	Domino          dsn.DecoderName = "Domino"
	DragonFly       dsn.DecoderName = "DragonFly"
	Exchange2003    dsn.DecoderName = "Exchange2003"
	Exim            dsn.DecoderName = "Exim"
	EximDMARC       dsn.DecoderName = "EximDMARC"
	FML             dsn.DecoderName = "fml"
	GroupWise       dsn.DecoderName = "GroupWise"
	HMailServer     dsn.DecoderName = "hMailServer"
	IMailServer     dsn.DecoderName = "IMailServer"
	Fuglu           dsn.DecoderName = "fuglu"
	InterScanMSS    dsn.DecoderName = "InterScanMSS"
	LSoft           dsn.DecoderName = "LSoft" // L-Soft's nondelivery format: LMail, LSMTP (and MX, PMDF)
	MailFoundry     dsn.DecoderName = "MailFoundry"
	MailMarshalSMTP dsn.DecoderName = "MailMarshalSMTP"
	MailScanner     dsn.DecoderName = "MailScanner"
	MDaemon         dsn.DecoderName = "MDaemon"
	MessagingServer dsn.DecoderName = "MessagingServer"
	MFilter         dsn.DecoderName = "mFILTER"
	Notes           dsn.DecoderName = "Notes"
	OpenSMTPD       dsn.DecoderName = "OpenSMTPD"
	Phquery         dsn.DecoderName = "phquery"
	Postfix         dsn.DecoderName = "Postfix"
	Qmail           dsn.DecoderName = "qmail"
	Sendmail        dsn.DecoderName = "Sendmail"
	Smail           dsn.DecoderName = "Smail"
	V5Sendmail      dsn.DecoderName = "V5sendmail"
	Verizon         dsn.DecoderName = "Verizon"
	X1              dsn.DecoderName = "X1"
	X2              dsn.DecoderName = "X2"
	X3              dsn.DecoderName = "X3"
	X4              dsn.DecoderName = "X4"
	X6              dsn.DecoderName = "X6"
	XMail           dsn.DecoderName = "XMail"
)

// The names of the decoders of Microsoft's formats (Exchange, Exchange
// Online, Outlook.com, the IIS SMTP service) and of the list servers'
// forwards.
const (
	Exchange2007     dsn.DecoderName = "Exchange2007"     // Exchange Server 2007-2019, Exchange Online's older layout
	Office365        dsn.DecoderName = "Office365"        // Exchange Online's newest layout
	MicrosoftJMRP    dsn.DecoderName = "MicrosoftJMRP"    // Outlook.com complaints (Junk Mail Reporting Program)
	MicrosoftSMTPSVC dsn.DecoderName = "MicrosoftSMTPSVC" // the SMTP service of IIS and Exchange 2000/2003, old Hotmail
	// ListForward is the name of the decoder of a list server's forward
	// of a bounce it could not read. Its reports are credited to the
	// decoder that read the bounce inside.
	ListForward dsn.DecoderName = "ListForward"
)

// Registry returns every decoder, in the order Parse tries them: the
// first whose Match and Decode succeed reads the message, unless its
// reading is partial (dsn.Report.MarkPartial): then the first decoder
// after it that finds recipients reads the message, and the partial
// reading is kept only when none does (dsn.Decode). The slice is shared;
// callers must not modify it.
func Registry() []dsn.Decoder { return registry }

// registry is the decoder order, in five sections:
//
//  0. Automatic mail that is not a bounce, which would otherwise pass for
//     one (notBounceDecoder): its report says so and stops the search.
//     Then wrappers: messages that carry another report, read by reading
//     the report inside.
//  1. The standard machine-readable reports (RFC 5965, RFC 3464, RFC
//     8098): they say the most and are the least ambiguous.
//  2. The formats of providers and services. They come before the MTA
//     formats because providers run those MTAs underneath and their own
//     formats say more.
//  3. The formats of MTA software. Each Decode returns nil unless the
//     body has its MTA's own intro lines or section headings, so a Match
//     that accepts too much costs only time. The generic decoder, which
//     knows no software's layout but the phrases that introduce failed
//     addresses, comes last.
//  4. Automatic replies (RFC 3834), last, because bounces and feedback
//     reports often carry auto-reply headers too.
//
// Within sections 2 and 3 the order is deliberate where two Match
// functions can accept the same message; the comments say why.
var registry = []dsn.Decoder{
	// 0. Automatic mail that looks like a bounce and is not one
	//    (challenge-response requests, ticket systems' mail), recognised
	//    first so that no decoder below takes it for a failure.
	notBounceDecoder{},
	//    Wrappers: a list server's forward of a bounce it could not read
	//    is read by reading the bounce it attaches, before the standard
	//    decoders take the delivery-status part recovered from inside it.
	listForwardDecoder{},
	//    A notice a person forwarded inline: its forwarded header and text
	//    are read as the notice they were.
	personForwardDecoder{},

	// 1. Standard reports. RFC 3464's is package dsn's with the repairs of
	//    faults MTAs' notifications are known for (rfc3464.go). Its reading
	//    of a delivery-status part without a single field is partial: the
	//    decoders of sections 2 and 3 may read the notification's text instead.
	dsn.ARFDecoder{},
	nhinDirectDecoder{}, // mta_nhindirect.go: the Direct Project gateway's notices, with the error message of their HTML part
	sympaDSNDecoder{},
	fetchmailDecoder{}, // mta_fetchmail.go: fetchmail's RFC 3464 bounces, with the command its Reason line names
	sendGridDecoder{},  // esp_sendgrid.go: SendGrid's RFC 3464 notices, with the command of its text and its Action "expired"
	gromoxDecoder{},    // mta_gromox.go: gromox's own notices, with the reason of their (translated) template paragraph
	rfc3464Decoder{},
	nonReadReceiptDecoder{}, // mdn_nonread.go: Exchange's non-read receipts, before MDNDecoder takes them for rejections
	dsn.MDNDecoder{},

	// 2. Providers and services.
	//   - Formats that are not failure texts at all come first: Amazon SES
	//     notifications are JSON, Apple Mail's unsubscribe requests,
	//     Microsoft's JMRP reports and SpamCop's reports are complaints,
	//     Italian certified mail's receipts carry XML. Their headers are
	//     unmistakable.
	//   - Google Groups before Gmail: both come from Google's mailer-daemon
	//     with the same Subject, and only the body tells them apart.
	//   - Amazon WorkMail before anything keyed on amazonses.com, since
	//     WorkMail sends through SES.
	//   - The remaining providers are keyed on their own domains and headers
	//     and cannot overlap; they run roughly by how common they are.
	//   - United Internet (GMX, 1&1) and Mail.ru wrap Exim's text, so they
	//     must run before the MTA decoders' Exim; Deutsche Telekom writes
	//     Smail's layout under Exim's Subject, and is credited before the
	//     MTA decoders' Smail.
	//   - Exchange Online's newest layout before the MTA decoders'
	//     Exchange 2007, which shares its header test (Exchange Online is
	//     Exchange underneath).
	//   - Last, the generic reader of RFC 3464 fields written inline in a
	//     text part, which any MTA may produce; the specific formats above
	//     say more when they apply.
	amazonSESDecoder{},
	appleUnsubscribeDecoder{},
	jmrpDecoder{},
	spamCopDecoder{},
	pecDecoder{},
	googleGroupsDecoder{},
	gmailDecoder{},
	googleWorkspaceDecoder{},
	amazonWorkMailDecoder{},
	yahooDecoder{},
	mailRuDecoder{},
	unitedInternetDecoder{name: GMX, domains: gmxDomains, headers: gmxHeaders},
	unitedInternetDecoder{name: EinsUndEins, domains: einsUndEinsDomains, headers: einsUndEinsHeaders},
	smailDecoder{name: DeutscheTelekom, domains: telekomDomains},
	aolDecoder{},
	zohoDecoder{},
	mimecastDecoder{},
	ezwebDecoder{},
	kddiDecoder{},
	biglobeDecoder{},
	office365Decoder{},
	inlineDSNDecoder{},

	// 3. MTA software.
	//   - Decoders whose Match tests something only their software writes
	//     (a vendor X- header, a MIME boundary, a Received field naming the
	//     software, a sender domain) come first, so that a report is
	//     credited to the most specific decoder: ActiveHunter before
	//     Sendmail (it copies Sendmail's layout), Exchange 2003 before
	//     Exchange 2007 (an old NDR's Subject, "Undeliverable:", passes the
	//     newer one's header test), L-Soft's format (X-Report-Type) before
	//     Sendmail and the generic decoder, Verizon before ApacheJames
	//     (its SMS gateway runs James), Courier and MessagingServer
	//     (boundaries) before the Subject-based ones, Postal (its From's
	//     name with its Subject) before Exim, whose Subject starts Postal's;
	//     CommuniGate's blocks ("Failed to deliver to", each with its
	//     delivery module) before the generic decoder, which knows only
	//     the first block's intro;
	//     mlmmj's, Mailman's, ezmlm-idx's, Sympa's and Dada Mail's refusals of a post
	//     (their Subjects or senders, the post attached or named) are no
	//     MTA's reports, but list managers', and read like none of them;
	//     nor are Discourse's, OTRS's and Request Tracker's refusals of
	//     mail they took in (app_refusals_tickets.go), nor Phabricator's, Gerrit's,
	//     Odoo's, Roundup's, Zammad's and osTicket's (app_refusals_devtools.go).
	//     Exim's DMARC failure reports (their Subject) are complaints, not
	//     failures: before Exim, whose Match takes Exim's daemon's mail.
	//   - Decoders matching on a Subject several MTAs share come last:
	//     DragonFly before Exim ("Mail delivery failed"); qmail, then X4,
	//     then X2 ("failure notice"; X4 and X2 only change qmail's intro);
	//     Sendmail before V5sendmail (the same Subjects; V5 reports lack the
	//     address list that Sendmail's Decode requires); Smail before Exim
	//     (Smail's descendants borrow Exim's Subject, and Smail's banners
	//     are unmistakable).
	//   - Last, qmail-send's layout under an intro none of the above knows:
	//     it keys on the structure alone, so every decoder that knows its
	//     format by name goes first.
	activeHunterDecoder{},
	mFilterDecoder{},
	lsoftDecoder{},
	fmlDecoder{},
	verizonDecoder{},
	apacheJamesDecoder{},
	interScanDecoder{},
	courierDecoder{},
	messagingServerDecoder{},
	exchange2003Decoder{},
	exchange2007Decoder{},
	exchangeScoredDecoder{}, // mta_exchange_unmarked.go: Exchange NDRs its header test misses, by Sisimai's score
	smtpsvcDecoder{},
	iMailDecoder{},
	dragonFlyDecoder{},
	xmailDecoder{},
	citadelDecoder{},
	mailEnableDecoder{}, // mta_mailenable.go: its title and "Reason: ME-E" line, nothing else has them
	hMailServerDecoder{},
	communiGateDecoder{},
	x6Decoder{},
	x3Decoder{},
	x1Decoder{},
	openSMTPDDecoder{},
	postfixDecoder{},
	dominoDecoder{},
	notesDecoder{},
	mailFoundryDecoder{},
	surfControlDecoder{}, // mta_surfcontrol.go: WebSense SurfControl E-mail Filter's notices
	mailMarshalDecoder{},
	mDaemonDecoder{},
	groupWiseDecoder{},
	phqueryDecoder{},
	zmailerDecoder{},  // mta_zmailer.go: ZMailer's report without its delivery-status part
	mmdfDecoder{},     // mta_mmdf.go: MMDF's "Failed mail" / "Waiting mail" notices
	comsatDecoder{},   // mta_comsat.go: ITS COMSAT's "A copy of your message is being returned" notices
	masqmailDecoder{}, // mta_masqmail.go: masqmail's failmsg.tpl / warnmsg.tpl notices
	coremailDecoder{},
	qqMailDecoder{},
	postalDecoder{},
	mlmmjDecoder{},
	mlmmjLegacyDecoder{}, // mta_mlmmj_legacy.go: mlmmj 1.2's per-reason notices (subonlypost, access, notintocc, maxmailsize)
	mailmanDecoder{},
	ezmlmDecoder{},
	sympaDecoder{},
	dadaMailDecoder{},
	// Applications' refusals of mail they took in (Discourse, OTRS, RT):
	// their own Subjects and words, no MTA's layout.
	discourseDecoder{},
	otrsDecoder{},
	rtDecoder{},
	// More applications' refusals (Phabricator, Gerrit, Odoo, Roundup,
	// Zammad, osTicket):
	// their Subjects and fixed sentences. Odoo's comes from "MAILER-DAEMON"
	// and needs its own sentences, so no MTA's report is taken for it.
	phabricatorDecoder{},
	gerritDecoder{},
	odooDecoder{},
	roundupDecoder{},
	zammadDecoder{},
	osTicketDecoder{},
	eximDMARCDecoder{},
	// Shared Subjects; each Decode checks its MTA's intro.
	smailDecoder{name: Smail},
	eximDecoder{},
	qmailDecoder{},
	x4Decoder{},
	x2Decoder{},
	sendmailDecoder{},
	v5SendmailDecoder{},
	// Last of the MTA formats: qmail-send's layout under any intro.
	qmailVariantDecoder{},
	// Content filters' notices to the sender (MailScanner's reports,
	// fuglu's attachment bounce): after every MTA format, so that an MTA's
	// bounce quoting such a notice in its returned copy is the MTA's.
	mailScannerDecoder{},
	fugluDecoder{},
	// Seznam.cz's own bilingual notices (provider_seznam.go): keyed on their
	// body's heading and sentence, not on a header only Seznam writes, so
	// after every named format.
	seznamDecoder{},
	// Last of the formats: any text report whose intro phrase the
	// generic decoder knows, once no named format has read it.
	processedDecoder{}, // "These recipients of your message have been processed by the mail server"
	genericDecoder{},
	// Feedback reports a message carries without being one (a batch of
	// attached reports, a report recovered from text), once no bounce
	// decoder has read the message as the bounce of a forwarded report.
	dsn.ARFDecoder{Embedded: true},

	// 4. Automatic replies.
	autoReplyExcludedDecoder{}, // autoreply_excluded.go: Sisimai's RFC3834 exclusions, not bounces
	dsn.AutoReplyDecoder{},
	vendorAutoReplyDecoder{}, // autoreply_vendor.go: what AutoReplyDecoder leaves
}
