package lhost

import (
	"net/mail"
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// The non-delivery reports (NDRs) of Microsoft Exchange come in three
// generations, each with a decoder here or in provider_microsoft.go:
//
//   - Exchange 5.5 to 2003 (exchange2003Decoder): "Your message ... did
//     not reach the following recipient(s):", one "address on date" line
//     per recipient, Exchange's text and its MSEXCH diagnostic below.
//   - Exchange 2007 to 2019, and Exchange Online's older layout
//     (exchange2007Decoder): "Delivery has failed to these recipients or
//     groups:", a section for the user, then "Diagnostic information for
//     administrators:" with the generating server and, per recipient, the
//     remote reply.
//   - Exchange Online's newest layout (office365Decoder): "Your message to
//     ... couldn't be delivered.", "More Info for Email Admins", "Original
//     Message Details", "Error Details".
//
// Most of these reports carry a message/delivery-status part too, which
// the RFC 3464 decoder reads first (filling from this text what its
// fields lack); these decoders read the reports that have lost it or
// never had one.

// exchange2003Decoder reads the plain-text non-delivery reports of
// Microsoft Exchange up to Exchange 2003 (its Internet Mail Service and
// Internet Mail Connector, and the store's own reports):
//
//	Your message
//
//	  To:      user@example.org
//	  Subject: Hello
//	  Sent:    Thu, 29 Apr 2010 00:00:00 -0000
//
//	did not reach the following recipient(s):
//
//	user@example.org on Thu, 29 Apr 2010 00:00:00 -0000
//	    The recipient name is not recognized
//	    MSEXCH:IMS:ORG:SITE:SERVER 0 (000C05A6) Unknown Recipient
//
// or "The following recipient(s) could not be reached:" with the same
// "address on date" lines. The explanation gives Exchange's error text and
// its MSEXCH diagnostic with the hexadecimal error code. Exchange 5.5
// names a recipient by its X.400 address with the SMTP address inside
// ("c=US;a= ;p=ORG;o=SITE;dda:SMTP=user@example.org; on <date>") and may
// wrap the date onto the next line. Its message transfer agent and the
// connectors behind it (X.400, cc:Mail, MS Mail) name a recipient by its
// directory display name alone ("'TEST1' on 20.07.01 17:26", Microsoft KB
// Q305203, jeffpar/kbarchive:kb/305/Q305203/README.md); such a recipient
// is read when the returned message's To or Cc gives that display name to
// one address, and left out otherwise.
//
// A Microsoft Mail client is sent the form of Microsoft Mail's own
// reports, "Your Message", "To: <address>", "Was not delivered for the
// following reasons:" (msMailNDRIntro).
//
// The Internet Mail Service of Exchange 4.0 to 5.5 writes its own
// notifications in another form ("Notification: Inbound Mail Failure" to
// the administrator, "Undeliverable: ..." to the sender; Microsoft KB
// Q190021, jeffpar/kbarchive:kb/190/Q190021/README.md): the address in
// angle brackets, the address again as the display name (on the same line
// or the next), then the MSEXCH diagnostic:
//
//	The following recipients did not receive the attached mail. Reasons are
//	listed with each recipient:
//
//	<user@example.org> user@example.org
//	MSEXCH:IMS:ORG:SITE:SERVER 0 (00120270) Too Many Hops
type exchange2003Decoder struct{}

func (exchange2003Decoder) Name() dsn.DecoderName { return Exchange2003 }

// exchange2003Mailers are the X-Mailer values of Exchange's Internet Mail
// Service and Internet Mail Connector; the same text follows " with " in
// the Received field they write (sisimai/p5-sisimai:lib/Sisimai/Lhost/Exchange2003.pm).
var exchange2003Mailers = []string{"Internet Mail Service (", "Exchange Server Internet Mail Connector"}

func (exchange2003Decoder) Match(m *dsn.Message) bool {
	if headerContains(m, "X-Mailer", exchange2003Mailers...) || m.Header.Has("X-MS-Embedded-Report") {
		return true
	}
	// X-MimeOLE of Exchange 2000/2003 ("Produced By Microsoft Exchange
	// V6.5"), and the Received field of the IMS (Exchange2003.pm).
	if headerContains(m, "X-MimeOLE", "Produced By Microsoft Exchange") || headerContains(m, "Received", " with Internet Mail Service (") {
		return true
	}
	return fromContains(m, "system administrator") && fromDaemon(m)
}

// exchange2003Starts are the lines that introduce the list of recipients.
var exchange2003Starts = []string{
	"did not reach the following recipient",                // Exchange 5.5 IMS (Exchange2003.pm)
	"following recipient(s) could not be reached",          // Exchange 2000/2003 (sympa-community/sympa:src/lib/Bounce.pm)
	"Folgende(r) Empfänger kann/können nicht erreicht",     // German (https://pastebin.com/dUJNHrB0)
	"De volgende geadresseerde(n) zijn niet bereikt",       // Dutch (https://helpdesk.ugent.be/email/faq.php)
	"No se puede localizar a los destinatarios siguientes", // Spanish (https://pastebin.com/12qpX1rU)
	"recipients did not receive the attached mail",         // IMS notification (KB Q190021)
}

var (
	// exchange2003AddressLine matches the line that names a recipient: its
	// address (alone, or after "SMTP=" in an X.400 address), then a short
	// word ("on"; "op" in Dutch) and a date, which must have a digit on
	// the line.
	exchange2003AddressLine = lazyRegexp(`^\s*(?:.*?(?i:smtp)=)?([^\s<>;=]+@[^\s<>;]+?);?\s+\p{L}{1,4}\s+.*\d`)
	// exchange2003DateTail matches the end of a date wrapped onto the line
	// below the address: "17:12:28 -0400".
	exchange2003DateTail = lazyRegexp(`^\d{1,2}:\d{2}(?::\d{2})?(?:\s|$)`)
	// exchangeIMSAddressLine matches the line that names a recipient in
	// the IMS's notification form: the address in angle brackets (the KB's
	// copy has a space before the ">"), alone or before the display name.
	exchangeIMSAddressLine = lazyRegexp(`^\s*<\s*([^\s<>]+@[^\s<>]+?)\s*>(?:\s+\S+)?\s*$`)
	// exchange2003NameLine matches the line that names a recipient by its
	// display name alone: the name, in single quotes or not, a short word
	// and a numeric date ("Doe, John on 4/29/99 10:17 AM").
	exchange2003NameLine = lazyRegexp(`^\s*'?([^'@<>\s][^'@<>]*?)'?\s+\p{L}{1,4}\s+\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b`)
)

func (exchange2003Decoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	start := lineContaining(lines, 0, exchange2003Starts...)
	if start < 0 {
		return decodeMSMailNDR(m, text, lines)
	}
	r := &dsn.Report{}
	var cur *dsn.Recipient
	var details []string
	inMTSID := false
	held := false                // a blank line after a recipient's explanation
	var byName map[string]string // display name (lower case) -> address, read once
	flush := func() {
		if cur != nil {
			cur.DiagnosticCode = joinLines(details)
			cur.RemoteMTA = exchangeRemoteHost(cur.DiagnosticCode)
			addRecipient(r, *cur)
		}
		cur, details, held = nil, nil, false
	}
	for _, l := range lines[start+1:] {
		sm := exchange2003AddressLine().FindStringSubmatch(l)
		if sm == nil {
			sm = exchangeIMSAddressLine().FindStringSubmatch(l)
		}
		if sm != nil {
			flush()
			cur = &dsn.Recipient{Recipient: dsn.Address(sm[1])}
			continue
		}
		if nm := exchange2003NameLine().FindStringSubmatch(l); nm != nil && (cur == nil || len(details) > 0) {
			flush()
			if byName == nil {
				byName = returnedAddressesByName(m)
			}
			if a := byName[strings.ToLower(mailtext.TrimSpace(nm[1]))]; a != "" {
				cur = &dsn.Recipient{Recipient: a}
				r.AddNote("recipient named by its display name: address taken from the returned message")
			}
			continue
		}
		t := strings.TrimSpace(l)
		if held && t != "" {
			// A blank line ends a recipient's explanation unless its X.400
			// identifier and MSEXCH diagnostic follow it, as in the IMS's
			// size-limit report Microsoft's KB quotes ("A syntax error was
			// detected in the content of the message", a blank line, "The
			// MTS-ID of the original message is:", "MSEXCH:IMS:... 3903
			// (000B099C) Message exceeds size limit."; jeffpar/kbarchive).
			held = false
			if !mailtext.HasPrefixFold(t, "The MTS-ID of the original message is") && !mailtext.HasPrefixFold(t, "MSEXCH:") {
				flush()
			}
		}
		if cur == nil {
			continue
		}
		switch {
		case len(details) == 0 && strings.EqualFold(t, cur.Recipient):
			// The IMS form's display name, on the line below the address.
		case t == "":
			held = len(details) > 0
		case len(details) == 0 && indentOf(l) == 0 && exchange2003DateTail().MatchString(t):
			// The rest of the date of the address line.
		case mailtext.HasPrefixFold(t, "The MTS-ID of the original message is"):
			// An X.400 identifier, wrapped onto unindented lines.
			inMTSID = true
		case inMTSID && (indentOf(l) == 0 || mailtext.HasPrefixFold(t, "c=")):
			// Or on the line below it, indented ("c=US;a=IBMX400;p=ORG;l=...").
		default:
			inMTSID = false
			if len(details) < maxItemLines {
				details = append(details, t)
			}
		}
	}
	flush()
	r.Original = originalFromMessage(m, text)
	return deliveryReport(r)
}

// returnedAddressesByName maps the display names of the returned
// message's To and Cc addresses, lower-cased, to their addresses; a name
// given to two different addresses maps to "" (it names no one for sure).
func returnedAddressesByName(m *dsn.Message) map[string]string {
	out := map[string]string{}
	fs := m.OriginalFields()
	for _, name := range []string{"To", "Cc"} {
		for _, f := range fs {
			if !strings.EqualFold(f.Name, name) {
				continue
			}
			list, err := mail.ParseAddressList(f.Value)
			if err != nil {
				continue
			}
			for _, a := range list {
				n := strings.ToLower(mailtext.TrimSpace(a.Name))
				if n == "" || len(out) >= dsn.MaxRecipients {
					continue
				}
				if prev, seen := out[n]; seen && !strings.EqualFold(prev, a.Address) {
					out[n] = ""
					continue
				}
				out[n] = dsn.Address(a.Address)
			}
		}
	}
	return out
}

// exchangeRemotePattern matches how Exchange names the host that refused
// a message with its status: "<mail.example.org #5.1.1>", and the
// "#<mail.example.org #5.7.1 smtp;530 5.7.1 ...> #SMTP#" form of Exchange
// 2007 and later (https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online,
// "How to interpret an Exchange NDR").
var exchangeRemotePattern = lazyRegexp(`<([A-Za-z0-9][A-Za-z0-9.\-]*\.[A-Za-z0-9\-]+)(?: \([^)]*\))? #[245]\.\d{1,3}\.\d{1,3}\b`)

// exchangeRemoteHost returns the remote host a diagnostic names in
// Exchange's forms, or "".
func exchangeRemoteHost(diag string) string {
	if sm := exchangeRemotePattern().FindStringSubmatch(diag); sm != nil {
		return strings.ToLower(sm[1])
	}
	if sm := exchangeRemoteServer().FindStringSubmatch(diag); sm != nil {
		return strings.ToLower(strings.TrimSuffix(sm[1], "."))
	}
	return ""
}

// exchange2007Decoder reads the non-delivery reports of Exchange Server
// 2007 to 2019, and the older layout of Exchange Online's (Office 365),
// when they come without a delivery-status part:
//
//	Delivery has failed to these recipients or groups:
//
//	User Name<mailto:user@example.org>
//	The e-mail address you entered couldn't be found. ...
//
//	Diagnostic information for administrators:
//
//	Generating server: mail.example.net
//
//	user@example.org
//	#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##
//
//	Original message headers:
//
// The user's section lists each recipient with a display name and an
// explanation in the reader's language; the administrators' section
// lists each address alone on its line, then the remote reply in English,
// in one of the forms "#550 5.1.1 ... ##", "Remote Server returned
// '550 5.1.1 ...'", "date - Remote Server at host (ip) returned '...'" or
// "host #<host #5.7.1 smtp;530 5.7.1 ...> #SMTP#". The facts come from
// the administrators' section, the user's explanation when it has none.
type exchange2007Decoder struct{}

func (exchange2007Decoder) Name() dsn.DecoderName { return Exchange2007 }

// exchangeNDRHeader is the header field Exchange 2013 and later, and
// Exchange Online, put on their NDRs (sisimai/p5-sisimai:lib/Sisimai/Lhost/Office365.pm).
const exchangeNDRHeader = "X-MS-Exchange-Message-Is-Ndr"

// exchangeOnlineHeaders are header fields of every message Exchange
// Online sends (Office365.pm): with a postmaster's From, an NDR's.
var exchangeOnlineHeaders = []string{
	"X-MS-Exchange-CrossTenant-OriginalArrivalTime",
	"X-MS-Exchange-CrossTenant-FromEntityHeader",
	"X-MS-Exchange-Transport-CrossTenantHeadersStamped",
}

// exchangeNDRSubjects are the prefixes Exchange gives an NDR's Subject,
// by the sender's language.
var exchangeNDRSubjects = []string{
	"Undeliverable:",   // en (sisimai/go-sisimai:lhost/via-exchange2007.go)
	"Non remis",        // fr (via-exchange2007.go)
	"Non recapitabile", // it (via-exchange2007.go)
	"Olevererbart",     // sv (via-exchange2007.go)
	"Onbestelbaar:",    // nl (Office365.pm)
	"Não entregue:",    // pt (Office365.pm, "Não_entregue:" in its encoded word)
	"Non_remis_",       // fr, an encoded word's underscores left in (via-exchange2007.go)
	"Não_entregue:",    // pt, likewise (Office365.pm)
}

// exchangeOnlineDomains are the host domains in the From, Message-ID and
// Received fields of Exchange Online's messages (Office365.pm:
// "*.prod.outlook.com", "*.outbound.protection.outlook.com";
// via-exchange2007.go: "postmaster@outlook.com", "*.prod.exchangelabs.com",
// ".onmicrosoft.com").
var exchangeOnlineDomains = []string{"outlook.com", "prod.exchangelabs.com", "onmicrosoft.com"}

// isExchangeNDR is the header test of the Exchange 2007+ and Exchange
// Online decoders: Exchange's NDR field or Subject, or a postmaster's
// message sent by Exchange Online. Exchange Online's ordinary mail has
// its fields too, so they count only with a postmaster's From.
func isExchangeNDR(m *dsn.Message) bool {
	if m.Header.Has(exchangeNDRHeader) || subjectHasPrefix(m, exchangeNDRSubjects...) {
		return true
	}
	// Exchange Online sends its NDRs from postmaster@ (Office365.pm,
	// via-exchange2007.go). The tests that parse no address come first.
	from := m.Header.Get("From")
	if !mailtext.ContainsFold(from, "postmaster") {
		return false
	}
	id := dsn.TrimMessageID(m.Header.Get("Message-Id"))
	online := hasHeader(m, exchangeOnlineHeaders...) || domainIn(dsn.DomainOf(id), exchangeOnlineDomains...) ||
		receivedBy(m, exchangeOnlineDomains...)
	if !online {
		if !mailtext.ContainsFold(from, "outlook.com") && !mailtext.ContainsFold(from, "onmicrosoft.com") {
			return false
		}
		online = domainIn(fromDomain(m), exchangeOnlineDomains...)
	}
	return online && fromDaemon(m)
}

func (exchange2007Decoder) Match(m *dsn.Message) bool { return isExchangeNDR(m) }

// exchangeIntro is a line that opens the user's section, and what it says
// of the recipients below it.
type exchangeIntro struct {
	text   string
	action dsn.Action
	source string
}

// exchangeIntros open the user's section of an Exchange 2007+ NDR. A line
// containing one of them (compared case-insensitively) starts the
// section.
var exchangeIntros = []exchangeIntro{
	{"Delivery has failed to these recipients or groups:", dsn.ActionFailed, "https://pastebin.com/jXWmz90k (Exchange 2013+, Office 365)"},
	{"Delivery has failed to these recipients or distribution lists:", dsn.ActionFailed, "https://pastebin.com/2SNHTj4Y (Exchange 2007/2010)"},
	{"rejected your message to the following email addresses:", dsn.ActionFailed, "https://pastebin.com/32NXKByX (Exchange 2013+)"},
	{"rejected your message to the following e-mail addresses:", dsn.ActionFailed, "Office365.pm (\"e[-]?mail\")"},
	{"This message wasn't delivered to anyone because it's too large", dsn.ActionFailed, "Mail-DeliveryStatus-BounceParser 1.543 t/corpus/message-too-large-5.msg (Exchange 2010)"},
	{"Microsoft Exchange has been trying to deliver this message without success and has stopped trying", dsn.ActionFailed, "https://pastebin.com/zeZFJvKs (Exchange 2007, QUEUE.Expired)"},
	{"Delivery is delayed to these recipients or groups:", dsn.ActionDelayed, "https://github.com/ustaxcourt/ef-cms/issues/863"},
	{"No se ha podido realizar la entrega a estos destinatarios o listas de distribución:", dsn.ActionFailed, "https://pastebin.com/HGKcccQU (es)"},
	{"Falha na entrega aos seguintes destinatários ou grupos:", dsn.ActionFailed, "https://pastebin.com/BxEWDHGy (pt)"},
	{"Falha na entrega a estes destinatários ou grupos:", dsn.ActionFailed, "Office365.pm (pt)"},
	{"A seguinte organização rejeitou sua mensagem:", dsn.ActionFailed, "https://pastebin.com/BxEWDHGy (pt)"},
	{"Fehler bei der Nachrichtenzustellung an folgende Empfänger oder Gruppen:", dsn.ActionFailed, "https://pastebin.com/BsjRCWQL (de)"},
	{"hat Ihre Nachricht an die folgenden E-Mail-Adressen zurückgewiesen", dsn.ActionFailed, "https://pastebin.com/7uyQfD4d (de)"},
	{"Uw bericht kan niet worden bezorgd bij de volgende geadresseerden of groepen:", dsn.ActionFailed, "Office365.pm (nl)"},
}

// exchangeAdminHeadings open the administrators' section, by language.
var exchangeAdminHeadings = []string{
	"Diagnostic information for administrators",           // en (learn.microsoft.com, "What's included in an NDR?")
	"Informations de diagnostic pour les administrateurs", // fr (via-exchange2007.go)
	"Informazioni di diagnostica per gli amministratori",  // it (via-exchange2007.go)
	"Diagnostisk information för administratörer",         // sv (via-exchange2007.go: "Diagnostisk information f")
	"Información de diagnóstico para los administradores", // es (https://pastebin.com/JHaPQHk7)
	"Informações de diagnóstico para administradores",     // pt (https://pastebin.com/BxEWDHGy)
	"Diagnoseinformationen für Administratoren",           // de (https://pastebin.com/dUJNHrB0)
	"Diagnostische gegevens voor beheerders",              // nl (Office365.pm)
	"Informacje diagnostyczne dla administratorów",        // pl (learn.microsoft.com/pl-pl, cannot-send-mail-mepf)
	"管理者の診断情報",                                            // ja (learn.microsoft.com/ja-jp, cannot-send-mail-mepf)
	"Error Details",                                       // Exchange Online (via-exchange2007.go)
}

// exchangeGeneratingServer are the labels of the line naming the server
// that wrote the NDR, by language; the name follows the colon, or is on
// the next line.
var exchangeGeneratingServer = []string{
	"Generating server",     // en (learn.microsoft.com)
	"DSN generated by",      // Exchange Online (via-exchange2007.go)
	"Serveur de génération", // fr (via-exchange2007.go: "Serveur de g")
	"Server di generazione", // it (via-exchange2007.go)
	"Genererande server",    // sv (via-exchange2007.go)
	"Generando servidor",    // es (https://pastebin.com/JHaPQHk7)
	"Gerando servidor",      // pt (https://pastebin.com/BxEWDHGy)
	"Servidor de origem",    // pt (Office365.pm)
	"Generierender Server",  // de (https://pastebin.com/dUJNHrB0)
	"Bronserver",            // nl (Office365.pm)
}

// exchangeReceivingServer labels the line naming the remote server, in
// Exchange 2013 and later (an Exchange 2013 NDR quoted in
// https://learn.microsoft.com/en-us/answers/questions/112624/exchange-not-receiving-and-sending-emails-from-cer).
const exchangeReceivingServer = "Receiving server"

// exchangeOriginalMarkers are the headings of the returned header, by
// language; the administrators' section ends there.
var exchangeOriginalMarkers = []string{
	"Original message headers",             // en (learn.microsoft.com)
	"Original Message Headers",             // Exchange Online (via-exchange2007.go)
	"En-têtes de message d'origine",        // fr (via-exchange2007.go: "tes de message d'origine :")
	"Intestazioni originali del messaggio", // it (via-exchange2007.go)
	"Ursprungshuvuden",                     // sv (via-exchange2007.go)
	"Cabeçalhos originais da mensagem",     // pt (Office365.pm: "Cabe.+alhos originais da mensagem:")
	"Oorspronkelijke berichtkoppen",        // nl (Office365.pm)
}

// exchangeUserSectionEnds are the lines that close the user's section of
// an Exchange 2007/2010 NDR (Mail-DeliveryStatus-BounceParser 1.543
// t/corpus/message-too-large.msg).
var exchangeUserSectionEnds = []string{"____", "Sent by Microsoft Exchange Server"}

var (
	// exchangeRemoteServer matches "Remote Server at mx.example.org
	// (192.0.2.1) returned" (sisimai/go-sisimai:lhost/via-exchange2007.go).
	exchangeRemoteServer = lazyRegexp(`(?i)Remote Server at (\S+)`)
	// exchangeQuotedReply matches the reply Exchange quotes after
	// "returned": "returned '550 5.1.1 ...'".
	exchangeQuotedReply = lazyRegexp(`(?i)returned '([^']*)'?`)
	// exchangeHashReply matches "#550 5.1.1 RESOLVER.ADR.RecipNotFound;
	// not found ##" (Exchange2007.pm), and the form Exchange 2010 writes
	// for a reply it got from another server, with that server's name
	// before the "#": "mx.example.org #550-5.1.1 ... ##"
	// (rgl/MailBounceDetector:MailBounceDetector.Tests/Fixtures/bounce_exchange_non_existing_mailbox.eml,
	// whose test reads the remote MTA from it). It captures the host, if
	// any, and the reply.
	exchangeHashReply = lazyRegexp(`^(?:([A-Za-z0-9][A-Za-z0-9.\-]*\.[A-Za-z]{2,}|\[[0-9A-Fa-f.:]+\])\s+)?#\s*([245]\d\d[ -].*?)\s*#*$`)
	// exchangeSMTPReply matches the "#<host #5.7.1 smtp;530 5.7.1 ...>
	// #SMTP#" form (also quoted, without the first "#"), capturing the
	// status and the remote reply.
	exchangeSMTPReply = lazyRegexp(`#?<\S+(?: \([^)]*\))? #([245]\.\d{1,3}\.\d{1,3}) (?i:smtp);\s*([^>]*)>`)
	// exchangeDiagnostic tells an administrators' diagnostic from other
	// text, for reports whose headings are in a language not listed above:
	// Exchange writes the reply in English whatever the language
	// (learn.microsoft.com: "The <SMTP response> and message header fields
	// will be in English and aren't customizable").
	exchangeDiagnostic = lazyRegexp(`(?i)^#\s*[245]\d\d |Remote Server (?:at \S+ .*)?returned|#SMTP#|\b(?:RESOLVER|QUEUE|SMTPSEND|ROUTING|STOREDRV)\.[A-Za-z]+`)
)

// exchangeHeaderField matches the first line of a returned header: the
// end of an NDR whose heading of it is in a language not listed.
var exchangeHeaderField = lazyRegexp(`^(?i:Received|Return-Path|Message-ID|MIME-Version|Content-Type|DKIM-Signature|Authentication-Results|X-[A-Za-z0-9-]+):\s`)

// exchangeEntry is one recipient as an Exchange 2007+ NDR names it, in its
// user's section, its administrators' section or both.
type exchangeEntry struct {
	addr   string
	user   []string // the explanation in the user's section
	admin  []string // the lines of the administrators' section
	remote string   // the receiving server the section names
	inUser bool     // listed in the user's section
}

// exchangeEncapsulated reports whether a is an address Exchange made by
// encapsulating a non-SMTP one ("IMCEAEX-_O=..._cn=Recipients_cn=...@domain"
// for a legacyExchangeDN, IMCEAX400-, IMCEANOTES-, ...): such an address
// names the mailbox Exchange looked up, not one the sender wrote
// (https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/imceaex-ndr).
func exchangeEncapsulated(a string) bool {
	return len(a) > 5 && strings.EqualFold(a[:5], "IMCEA")
}

// exchangeSoleUnanswered is the one entry of the user's section that has no
// line of the administrators' section yet, nil when there is none or more.
func exchangeSoleUnanswered(entries []*exchangeEntry) *exchangeEntry {
	var one *exchangeEntry
	for _, e := range entries {
		if e.inUser && len(e.admin) == 0 {
			if one != nil {
				return nil
			}
			one = e
		}
	}
	return one
}

// maxExchangeLines bounds the lines kept for one recipient's section.
const maxExchangeLines = 32

func (exchange2007Decoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	if end := lineIndex(lines, 0, exchangeOriginalMarkers...); end >= 0 {
		lines = lines[:end]
	}
	r := &dsn.Report{}
	p := exchangeParse(lines, r)
	for _, e := range p.entries {
		diag, status, remote := exchangeAdminDiagnostic(e.admin)
		if !p.introduced && diag == "" {
			// Headings in a language not listed: only the addresses
			// with a diagnostic in Exchange's English forms count.
			continue
		}
		if diag == "" {
			diag = joinLines(e.user)
		}
		if remote == "" {
			remote = e.remote
		}
		addRecipient(r, dsn.Recipient{Recipient: e.addr, Action: p.action, Status: status, RemoteMTA: remote, DiagnosticCode: diag})
	}
	r.Original = originalFromMessage(m, text, exchangeOriginalMarkers...)
	return deliveryReport(r)
}

// exchangeParsed is what exchangeParse finds in an Exchange 2007+ NDR.
type exchangeParsed struct {
	entries    []*exchangeEntry
	action     dsn.Action
	introduced bool // an intro or an administrators' heading was found
}

// exchangeParse reads the user's and the administrators' sections of an
// Exchange 2007+ NDR (lines up to the returned header), setting r's
// reporting MTA from the generating server. Without any known intro or
// heading, every line is read as the administrators' section.
func exchangeParse(lines []string, r *dsn.Report) exchangeParsed {
	p := exchangeParsed{action: dsn.ActionFailed}
	byAddr := map[string]*exchangeEntry{}
	const (
		before = iota
		user
		admin
	)
	section := before
	if lineIndex(lines, 0, exchangeAdminHeadings...) < 0 && !exchangeHasIntro(lines) {
		section = admin
	} else {
		p.introduced = true
	}
	receiving := ""
	var cur *exchangeEntry
	for i := 0; i < len(lines); i++ {
		t := mailtext.TrimSpace(lines[i])
		if t == "" {
			if section != admin {
				cur = nil
			}
			continue
		}
		if lineIndex(lines[i:i+1], 0, exchangeAdminHeadings...) == 0 {
			section, cur = admin, nil
			continue
		}
		if in, ok := exchangeIntroOf(t); ok {
			section, cur = user, nil
			if in.action == dsn.ActionDelayed {
				p.action = dsn.ActionDelayed
			}
			continue
		}
		if section == before {
			continue
		}
		if section == admin && exchangeHeaderField().MatchString(t) {
			// The returned header, under a heading in a language not
			// listed.
			break
		}
		if section == admin {
			if v, ok := exchangeLabelled(t, exchangeGeneratingServer...); ok {
				if v == "" && i+1 < len(lines) {
					i++
					v = mailtext.TrimSpace(lines[i])
				}
				if h := firstField(v); h != "" && r.ReportingMTA == "" {
					r.ReportingMTA = strings.ToLower(h)
				}
				cur = nil
				continue
			}
			if v, ok := exchangeLabelled(t, exchangeReceivingServer); ok {
				receiving = strings.ToLower(firstField(v))
				continue
			}
		}
		if a := exchangeRecipientLine(t); a != "" {
			key := strings.ToLower(a)
			cur = byAddr[key]
			if cur == nil && section == admin && exchangeEncapsulated(a) {
				// The administrators' section names the recipient by
				// its encapsulated form: with one recipient of the
				// user's section unanswered, the lines are its.
				if one := exchangeSoleUnanswered(p.entries); one != nil {
					cur = one
					byAddr[key] = one
					continue
				}
			}
			if cur == nil {
				if len(p.entries) >= dsn.MaxRecipients {
					continue
				}
				cur = &exchangeEntry{addr: a}
				byAddr[key] = cur
				p.entries = append(p.entries, cur)
			}
			if section == user {
				cur.inUser = true
			}
			if section == admin && receiving != "" {
				cur.remote = receiving
			}
			continue
		}
		if cur == nil {
			continue
		}
		if section == user {
			if lineIndex([]string{t}, 0, exchangeUserSectionEnds...) == 0 {
				cur = nil
			} else if len(cur.user) < maxExchangeLines {
				cur.user = append(cur.user, t)
			}
			continue
		}
		if len(cur.admin) < maxExchangeLines {
			cur.admin = append(cur.admin, t)
		}
	}
	return p
}

// exchangeHasIntro reports whether lines hold an intro of exchangeIntros.
func exchangeHasIntro(lines []string) bool {
	for _, l := range lines {
		if _, ok := exchangeIntroOf(l); ok {
			return true
		}
	}
	return false
}

// exchangeIntroOf returns the intro line holds, if any.
func exchangeIntroOf(line string) (exchangeIntro, bool) {
	for _, in := range exchangeIntros {
		if mailtext.ContainsFold(line, in.text) {
			return in, true
		}
	}
	return exchangeIntro{}, false
}

// exchangeLabelled reports whether line starts with one of labels followed
// by a colon (after optional white space), and returns what follows it.
func exchangeLabelled(line string, labels ...string) (string, bool) {
	for _, l := range labels {
		if !mailtext.HasPrefixFold(line, l) {
			continue
		}
		rest := strings.TrimLeft(line[len(l):], " \t")
		if !strings.HasPrefix(rest, ":") {
			continue
		}
		return mailtext.TrimSpace(rest[1:]), true
	}
	return "", false
}

// firstField returns the first white-space separated word of s.
func firstField(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}

// exchangeRecipientLine returns the address a line of an Exchange NDR
// names a recipient by: "user@example.org" alone, or a display name with
// the address as a mailto link ("User Name<mailto:user@example.org>",
// "User Name (user@example.org)<mailto:user@example.org>"), as Exchange
// renders its HTML report as text. It returns "" for any other line.
func exchangeRecipientLine(line string) string {
	if i := mailtext.IndexFold(line, "<mailto:"); i >= 0 {
		rest := line[i+len("<mailto:"):]
		j := strings.IndexByte(rest, '>')
		if j < 0 || !strings.HasSuffix(mailtext.TrimSpace(line), ">") {
			return ""
		}
		if a := addrLine(rest[:j]); a != "" {
			return a
		}
		return ""
	}
	return addrLine(line)
}

// exchangeAdminDiagnostic reads a recipient's lines of the administrators'
// section: the remote reply (unquoted, without Exchange's "#" marks), the
// status Exchange gives with the "<host #x.y.z smtp;...>" form, and the
// remote host. Exchange lists the delivery attempts newest first: only the
// first reply is read. It returns "" for the reply when the lines hold
// none.
func exchangeAdminDiagnostic(lines []string) (diag string, status dsn.Status, remote string) {
	var parts []string
	for _, l := range lines {
		if remote == "" && len(parts) == 0 {
			if h := exchangeHostLine(l); h != "" {
				remote = h
				continue
			}
		}
		if remote == "" {
			remote = exchangeRemoteHost(l)
		}
		piece, starts := l, true
		if sm := exchangeSMTPReply().FindStringSubmatch(l); sm != nil {
			if len(parts) == 0 {
				status, _ = dsn.ParseStatus(sm[1])
			}
			piece = sm[2]
		} else if sm := exchangeQuotedReply().FindStringSubmatch(l); sm != nil {
			piece = sm[1]
		} else if sm := exchangeHashReply().FindStringSubmatch(l); sm != nil {
			piece = sm[2]
			if remote == "" && sm[1] != "" {
				remote = strings.ToLower(strings.Trim(sm[1], "[]"))
			}
		} else {
			starts = false
		}
		switch {
		case starts && len(parts) > 0:
			// An earlier attempt's reply.
			diag = joinLines(parts)
			return diag, exchangeStatus(status, diag), remote
		case !starts && len(parts) == 0 && !exchangeDiagnostic().MatchString(l):
			continue
		case !starts:
			// A reply wrapped onto this line: drop the closing marks.
			piece = strings.TrimRight(piece, "'# ")
		}
		if piece != "" {
			parts = append(parts, piece)
		}
	}
	diag = joinLines(parts)
	return diag, exchangeStatus(status, diag), remote
}

// exchangeHostLinePattern is a line holding a host name alone: the
// "<remote server>" line Exchange writes under the rejected recipient in
// the administrators' section ("Diagnostic information for administrators
// ... <rejected recipient> <remote server> <enhanced status code> <SMTP
// response>", learn.microsoft.com, non-delivery-reports-in-exchange-online,
// "What's included in an NDR?"; an Exchange 2013 NDR in
// https://pastebin.com/32NXKByX: "trinik.lemon@dhs.ga.gov",
// "CY1GCC01FT007.mail.protection.outlook.com", "Remote Server returned
// '550 5.4.1 ...'").
var exchangeHostLinePattern = lazyRegexp(`^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$`)

// exchangeHostLine returns the host name a line holds alone, lower-cased,
// or "".
func exchangeHostLine(line string) string {
	t := strings.TrimSpace(line)
	if len(t) > 253 || !exchangeHostLinePattern().MatchString(t) {
		return ""
	}
	return strings.ToLower(t)
}

// exchangeStatus returns the status Exchange gave with a reply, unless the
// reply has a specific one of its own, which says more.
func exchangeStatus(exchange dsn.Status, reply string) dsn.Status {
	if st := dsn.FindStatus(reply); !st.IsZero() && !st.Generic() {
		return dsn.Status{}
	}
	return exchange
}

// msMailNDRIntro introduces the reasons of the non-delivery report in the
// form Microsoft Mail clients show it, which Exchange's IMS writes to them
// (Microsoft KB, Exchange 5.0, one-off SMTP address from a Microsoft Mail
// client; jeffpar/kbarchive):
//
//	Your Message
//	To:  user@example.org
//	Subject: Budget
//
//	Was not delivered for the following reasons:
//
//	Delivery failed due to unknown address
//	Reason: 0 (transfer failed)
//	Diagnostic: -1 (no diagnostic)
//	MSEXCH:IMS:ORG:SITE:SERVER No proxy for
//	Recipient
//
// The recipients are those of the To line above it; the reasons, up to the
// next blank line, are each one's diagnostic.
const msMailNDRIntro = "Was not delivered for the following reasons"

func decodeMSMailNDR(m *dsn.Message, text string, lines []string) *dsn.Report {
	intro := lineIndex(lines, 0, msMailNDRIntro)
	if intro < 0 {
		return nil
	}
	var addrs []string
	for i := intro - 1; i >= 0 && i >= intro-8; i-- {
		t := mailtext.TrimSpace(lines[i])
		if mailtext.HasPrefixFold(t, "Your Message") {
			break
		}
		if mailtext.HasPrefixFold(t, "To:") {
			for _, f := range strings.FieldsFunc(t[len("To:"):], func(r rune) bool { return r == ',' || r == ';' }) {
				if a := dsn.Address(f); a != "" {
					addrs = append(addrs, a)
				}
			}
			break
		}
	}
	var details []string
	for _, l := range lines[intro+1:] {
		t := mailtext.TrimSpace(l)
		if t == "" {
			if len(details) > 0 {
				break
			}
			continue
		}
		if len(details) < maxItemLines {
			details = append(details, t)
		}
	}
	if len(addrs) == 0 || len(details) == 0 {
		return nil
	}
	r := &dsn.Report{}
	for _, a := range addrs {
		addRecipient(r, dsn.Recipient{Recipient: a, DiagnosticCode: joinLines(details)})
	}
	r.Original = originalFromMessage(m, text)
	return deliveryReport(r)
}
