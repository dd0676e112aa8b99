package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// This file reads the notices content filters send the sender when they
// keep a message they had accepted from its recipients: MailScanner's
// sender reports and fuglu's attachment bounce. (amavisd-new's notices are
// delivery status notifications, which rfc3464Decoder reads.)

// mailScannerDecoder reads MailScanner's reports to the sender of a
// message it stopped (MailScanner/v5: common/usr/share/MailScanner/
// reports/LANG/sender.*.report.txt: virus, filename, content, error,
// spam.sa, spam.rbl). Every language's template has the same shape: an
// intro line ("Our virus detector has just been triggered by a message
// you sent:-"), an indented block naming the message ("  To: $to",
// "  Subject: $subject", "  Date: $date"; "An:", "À:", "A:", "Til:",
// "Komu:" in the German, French, Spanish, Danish, Czech and Slovak
// templates, "Cimzett:" in the Hungarian, "Till:" in the Swedish),
// what MailScanner did and why, and the signature "-- " then
// "MailScanner" (the Danish templates sign "Postmester" and name
// MailScanner in From; the Hungarian ones sign "$localpostmaster" then
// "MailScanner - Email Virus Scanner - http://www.mailscanner.info").
// $to lists the recipients, comma
// separated. The Welsh-English templates (cy+en) set the two languages
// side by side, the English after a "|" on each line.
//
// The recipients' own reports (recipient.spam.report.txt: "triggered by a
// message you received:-", then "From: $from") name the sender, not a
// recipient, under a From label, and are no bounce: only the To labels
// below are read.
type mailScannerDecoder struct{}

func (mailScannerDecoder) Name() dsn.DecoderName { return MailScanner }

// The templates come from the site's postmaster ("$postmastername"
// <$localpostmaster>); the signature is what names MailScanner.
func (mailScannerDecoder) Match(m *dsn.Message) bool {
	return fromDaemon(m) || fromContains(m, "MailScanner")
}

// mailScannerToLabels are the labels of the $to line in MailScanner's
// sender report templates, by language (en, nl, it, cy+en, ro, pt_br: To;
// de: An; fr: À; es, ca: A; dk: Til; cz, sk: Komu; hu: Cimzett; se: Till).
var mailScannerToLabels = []string{"To", "An", "À", "A", "Til", "Komu", "Cimzett", "Till"}

// mailScannerBlockLines is how far below the intro the $to line may be.
const mailScannerBlockLines = 6

func (mailScannerDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := mailScannerText(m)
	lines := textLines(text)
	sig := mailScannerSignature(lines)
	if sig < 0 && (fromContains(m, "MailScanner") || m.Header.HasFieldSuffixValue("-MailScanner", "generated")) {
		// The Danish templates sign "Postmester" under the separator, but
		// come From "MailScanner"; the pt_br ones sign "Postmaster". Every
		// template carries its "X-%org-name%-MailScanner: generated" line.
		sig = signatureSeparator(lines)
	}
	if sig < 0 {
		return nil
	}
	to, intro := -1, -1
	for i := 0; i < sig && to < 0; i++ {
		// The intro ends with a colon ("...a message you sent:-",
		// "...vous venez d'envoyer:"); in cy+en both columns do. The
		// Swedish virus template's ends with a full stop ("Virusscannern
		// aktiverades på följande meddelande."): then the To line must
		// follow it at once.
		last := i + mailScannerBlockLines
		if !strings.HasSuffix(strings.TrimSpace(lines[i]), ":") && !strings.Contains(lines[i], ":-") {
			if !strings.HasSuffix(strings.TrimSpace(lines[i]), ".") {
				continue
			}
			last = i + 1
		}
		for j := i + 1; j < sig && j <= last; j++ {
			// The Swedish error template sets its block flush left
			// ("Till: $to" right under the intro): an unindented To line
			// is read only there.
			if mailScannerToLine(lines[j]) || (j == i+1 && mailScannerToLabelLine(lines[j])) {
				to, intro = j, i
				break
			}
		}
	}
	if to < 0 {
		return nil
	}
	// What MailScanner did and why: the text after the block naming the
	// message (its indented lines) down to the signature.
	body := to + 1
	for body < sig && (strings.HasPrefix(lines[body], " ") || strings.HasPrefix(lines[body], "\t")) && strings.Contains(lines[body], ":") {
		body++
	}
	if !strings.HasPrefix(lines[to], " ") && !strings.HasPrefix(lines[to], "\t") {
		// A flush-left block: its other lines are one-word labels
		// ("Ämne:", "Datum:").
		for body < sig {
			label, _, ok := strings.Cut(lines[body], ":")
			if !ok || label == "" || strings.ContainsAny(label, " \t") {
				break
			}
			body++
		}
	}
	// The cy+en templates' intro is two columns too: keep the English,
	// after the last "|" of each line.
	bilingual := strings.Contains(lines[intro], "|")
	var why []string
	for _, l := range lines[body:sig] {
		if i := strings.LastIndexByte(l, '|'); bilingual && i >= 0 {
			l = l[i+1:]
		}
		why = append(why, l)
	}
	diag := joinLines(why)
	r := &dsn.Report{}
	_, value, _ := strings.Cut(lines[to], ":")
	for _, a := range addressesIn(value) {
		addRecipient(r, dsn.Recipient{Recipient: a.addr, DiagnosticCode: diag, NoRemoteAnswer: true})
	}
	r.Original = originalFromMessage(m, text)
	return deliveryReport(r)
}

// mailScannerText returns the report's text. MailScanner sends a template
// as the bytes it reads; most name no charset (only the es templates have
// their own MIME lines, ISO-8859-1), and the Western European ones are
// ISO-8859-1 files (the fr templates' Subject says so in its encoded
// words): a text that is not UTF-8 is read in a charset the message
// declares, else in windows-1252 (a superset of ISO-8859-1's letters), so
// that "À:" and the accented words of the rows are found.
func mailScannerText(m *dsn.Message) string {
	text := reportText(m)
	if !unconverted(text) {
		return text
	}
	for _, cs := range append(declaredCharsets(m), "windows-1252") {
		if t, ok := convertCharset(cs, text); ok && !unconverted(t) {
			return t
		}
	}
	return text
}

// mailScannerSignature returns the index of the templates' signature
// separator ("-- " or "--") when a "MailScanner" line follows it, or
// the Hungarian templates' two lines, the postmaster's address then
// "MailScanner - Email Virus Scanner - ..."; -1 otherwise.
func mailScannerSignature(lines []string) int {
	for i := 1; i < len(lines); i++ {
		if strings.TrimSpace(lines[i-1]) != "--" {
			continue
		}
		if strings.TrimSpace(lines[i]) == "MailScanner" {
			return i - 1
		}
		if i+1 < len(lines) && strings.HasPrefix(lines[i+1], "MailScanner - ") && dsn.Address(strings.TrimSpace(lines[i])) != "" {
			return i - 1
		}
	}
	return -1
}

// signatureSeparator returns the index of the first "-- " (or "--") line,
// or -1.
func signatureSeparator(lines []string) int {
	for i, l := range lines {
		if strings.TrimSpace(l) == "--" {
			return i
		}
	}
	return -1
}

// mailScannerToLine reports whether l is the indented "$to" line of a
// sender report: a To label (mailScannerToLabels) and an address.
func mailScannerToLine(l string) bool {
	if l == "" || (l[0] != ' ' && l[0] != '\t') {
		return false
	}
	return mailScannerToLabelLine(l)
}

// mailScannerToLabelLine reports whether l, indented or not, is a To
// label (mailScannerToLabels) and an address.
func mailScannerToLabelLine(l string) bool {
	label, value, ok := strings.Cut(strings.TrimSpace(l), ":")
	if !ok || len(addressesIn(value)) == 0 {
		return false
	}
	for _, t := range mailScannerToLabels {
		if strings.EqualFold(strings.TrimSpace(label), t) {
			return true
		}
	}
	return false
}

// fuglu's attachment plugin bounces a message that carries a blocked
// attachment with its template (fumail/fuglu: fuglu/conf/templates/
// blockedfile.tmpl.dist), sent from the MAILER-DAEMON:
//
//	To: ${from_address}
//	Subject: Blocked attachment
//
//	Your message to ${to_address} contains a blocked attachment and has not been delivered.
//
//	${blockinfo}
//
// Sites reword the sentence (fumail/fuglu issue 103 quotes one ending
// "and was NOT delivered."); the Subject and the sentence's start stay.
type fugluDecoder struct{}

func (fugluDecoder) Name() dsn.DecoderName { return Fuglu }

func (fugluDecoder) Match(m *dsn.Message) bool {
	return subjectHasPrefix(m, "Blocked attachment") && fromDaemon(m)
}

func (fugluDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	r := &dsn.Report{}
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if !mailtext.HasPrefixFold(t, "Your message to ") || !mailtext.ContainsFold(t, "blocked attachment") {
			continue
		}
		addrs := addressesIn(t)
		if len(addrs) == 0 {
			continue
		}
		// The sentence, then the plugin's blockinfo: the file and why.
		diag := joinLines(lines[i:min(len(lines), i+maxFugluLines)])
		for _, a := range addrs {
			addRecipient(r, dsn.Recipient{Recipient: a.addr, DiagnosticCode: diag, NoRemoteAnswer: true})
		}
		break
	}
	r.Original = originalFromMessage(m, text)
	return deliveryReport(r)
}

// maxFugluLines is how many lines from "Your message to" a fuglu bounce's
// diagnostic takes: the sentence and the blockinfo after it.
const maxFugluLines = 6

// Marks (dsn.Marker): the From of the site's postmaster, or a From naming
// MailScanner; fuglu's Subject.
func (mailScannerDecoder) Marks() []dsn.Mark {
	return []dsn.Mark{daemonFrom, holding("From", "MailScanner")}
}

func (fugluDecoder) Marks() []dsn.Mark { return subjects("Blocked attachment") }
