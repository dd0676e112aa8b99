package lhost

import (
	"slices"
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// eximDecoder reads the plain-text failure and delay reports of Exim (and
// of services built on it, such as McAfee MX Logic). Exim 4 writes, from
// its bounce_message_file default text:
//
//	This message was created automatically by mail delivery software.
//
//	A message that you sent could not be delivered to one or more of its
//	recipients. This is a permanent error. The following address(es) failed:
//
//	  user@example.org
//	    SMTP error from remote mail server after RCPT TO:<user@example.org>:
//	    host mx.example.org [192.0.2.1]: 550 5.1.1 User unknown
//
//	------ This is a copy of the message, including all the headers. ------
//
// Each failed address stands indented by two spaces, its explanation below
// it indented further; older releases put a colon after the address, and
// newer ones put the "host name [address]" line before the SMTP error.
// The delay warning ("has not yet been delivered ... after more than 24
// hours on the queue on host") lists its addresses the same way, with a
// "Delay reason:" prefix. The header carries X-Failed-Recipients.
type eximDecoder struct{}

func (eximDecoder) Name() dsn.DecoderName { return Exim }

func (eximDecoder) Match(m *dsn.Message) bool {
	if m.Header.Has("X-Failed-Recipients") {
		return true
	}
	if !fromDaemon(m) {
		return false
	}
	return subjectContains(m, "mail delivery failed", "mail failure") ||
		subjectHasPrefix(m, "Warning: message ") ||
		eximMessageID().MatchString(m.Header.Get("Message-Id"))
}

// eximMessageID matches the Message-ID Exim gives the messages it creates:
// "E" and the message id (three base-62 groups).
var eximMessageID = lazyRegexp(`^\s*<E[0-9A-Za-z]{6,}-[0-9A-Za-z]{6,}-[0-9A-Za-z]{2,}@`)

// eximIntros are the first words of the sentences that open Exim's
// reports (and the MX Logic variant of them).
var eximIntros = []string{
	"This message was created automatically by mail delivery software",
	"This message was created automatically by the SMTP relay on",
	"A message that you sent could not be delivered",
	"A message that you have sent could not be delivered",
	"A message that you sent has not yet been delivered",
	"A message sent by",
	// The reports on a locally submitted message's malformed recipient
	// addresses (moan.c, ERRMESS_BADADDRESS and ERRMESS_BADARGADDRESS,
	// Exim 4.96): each address that was ignored, then the parser's words.
	"A message that you sent contained one or more recipient addresses",
	"A message that you sent contained a recipient address",
}

// eximMessageFailures are the first words of moan.c's notices (Exim
// 4.96) on a locally submitted message refused as a whole, which list no
// addresses: ERRMESS_TOOBIG, ERRMESS_TOOMANYRECIP, ERRMESS_VLONGHEADER,
// ERRMESS_VLONGHDRLINE, ERRMESS_LOCAL_SCAN and ERRMESS_LOCAL_ACL, and
// ERRMESS_IOERR.
var eximMessageFailures = []string{
	"A message that you sent was longer than the maximum size allowed",
	"A message that you sent contained more recipients than allowed",
	"A message that you sent contained a header section that was excessively",
	"A message that you sent contained a header line that was excessively",
	"A message that you sent was rejected by the local scanning code",
	"A system failure was encountered while processing a message that you sent",
}

// eximCopyMarkers are the lines that end the report and start the copy of
// the returned message.
var eximCopyMarkers = []string{
	"------ This is a copy of the message",
	"----- This is a copy of the message",
	// moan.c's notices on locally submitted messages (Exim 4.96).
	"------ This is a copy of your message",
	"------ This is a copy of the body of the message",
	eximHeaderCopyMarker,
	"------ The body of the message is",
	"Included is a copy of the message header",
	"------ Original message follows",
}

// eximHeaderCopyMarker opens moan.c's copy of the returned message's
// header alone, written when bounce_return_body is false (Exim 4.96,
// src/moan.c, moan_send_message): the sentence runs on to a second,
// indented line ("       was detected."), and a blank line separates it
// from the header.
const eximHeaderCopyMarker = "------ This is a copy of the headers that were received before the error"

// eximHeaderCopy returns the header copied after eximHeaderCopyMarker: the
// fields after the first blank line that follows the marker.
func eximHeaderCopy(text string) dsn.Original {
	i, n := mailtext.IndexFoldAny(text, eximHeaderCopyMarker)
	if i < 0 {
		return dsn.Original{}
	}
	rest := text[i+n:]
	j := strings.Index(rest, "\n\n")
	if j < 0 {
		return dsn.Original{}
	}
	return dsn.ParseOriginal([]byte(strings.TrimLeft(rest[j:], "\n")))
}

// eximListEnds are lines after the address list that are not part of it.
var eximListEnds = []string{
	"The following text was generated during the delivery attempt",
	"No action is required on your part",
	"Reporting-MTA:",
	"------ ",
	"----- ",
}

func (eximDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	start := lineIndex(lines, 0, eximIntros...)
	if start < 0 {
		start = lineIndex(lines, 0, eximMessageFailures...)
	}
	if start < 0 {
		return nil
	}
	end := lineIndex(lines, start, eximCopyMarkers...)
	if end < 0 {
		end = len(lines)
	}
	r := &dsn.Report{}
	delayed := lineContaining(lines[:end], start, "has not yet been delivered") >= 0
	if delayed {
		if i := lineContaining(lines[:end], start, "on the queue on "); i >= 0 {
			r.ReportingMTA = hostAfter(lines[i], "on the queue on ")
		}
	} else if i := lineContaining(lines[:end], start, "created automatically by the smtp relay on "); i >= 0 {
		r.ReportingMTA = hostAfter(lines[i], " relay on ")
	}
	failed := headerAddresses(m, "X-Failed-Recipients")

	// The address list follows the sentence ending "failed:" ("The
	// following address(es) failed:", "The following address failed:"),
	// "delivered is:"/"are:" in a warning, or "incorrectly constructed:"
	// in the report on malformed addresses.
	list := -1
	for i := start; i < end; i++ {
		l := strings.ToLower(strings.TrimSpace(lines[i]))
		if strings.HasSuffix(l, "failed:") || strings.HasSuffix(l, "delivered is:") || strings.HasSuffix(l, "delivered are:") ||
			strings.HasSuffix(l, "incorrectly constructed:") || l == "constructed:" {
			list = i + 1
			break
		}
	}
	if list < 0 {
		return eximMessageFailure(m, lines, end, text)
	}
	// Text after the list ends it; an unindented wrapped line of the last
	// entry only repeats it (MX Logic).
	entries := eximList(lines[list:end], eximListEnds...)
	generated := eximGeneratedText(lines, list, end)
	// X-Failed-Recipients lists the items in the list's order, a pipe's
	// or a file's as the address that generated it, a hidden child not
	// at all (deliver.c, Exim 4.96): with as many addresses as items, the
	// header gives the address of an item whose text does not.
	var byPosition []string
	if len(failed) == len(entries) {
		byPosition = failed
	}
	for i, e := range entries {
		rc := dsn.Recipient{Action: dsn.ActionFailed}
		if delayed {
			rc.Action = dsn.ActionDelayed
		}
		head, inline := e.head, ""
		// "<user@example.org>: 550 ..." (MX Logic) and "user@example.org:"
		// (Exim 2 and 3) put a colon after the address.
		if i := strings.Index(head, ": "); i > 0 && strings.Contains(head[:i], "@") {
			head, inline = head[:i], strings.TrimSpace(head[i+2:])
		} else if i := strings.Index(head, "  "); i > 0 && strings.Contains(head[:i], "@") {
			// "address  error" (moan.c, ERRMESS_BADARGADDRESS).
			head, inline = head[:i], strings.TrimSpace(head[i+2:])
		}
		head = strings.TrimSuffix(head, ":")
		details := e.details
		if inline != "" {
			details = append([]string{inline}, details...)
		}
		addr := eximItemAddress(&rc, head, details, failed, fromDomain(m))
		if addr == "" && byPosition != nil {
			addr = byPosition[i]
		}
		if addr == "" {
			continue
		}
		rc.Recipient = addr
		diag := eximDiagnostic(&rc, details)
		if diag == "" && generated != "" {
			diag = generated
		}
		rc.DiagnosticCode = diag
		// Exim names a remote host ("host mx.example.org [192.0.2.1]") and
		// quotes its reply ("SMTP error from remote mail server after
		// ...") only for a remote delivery (print_address_error,
		// src/deliver.c, when addr->host_used; the smtp transport's error
		// text, src/transports/smtp.c, Exim 4.96): an item without either
		// failed in Exim's own routing or mailbox lookup. A pipe's or a
		// file's delivery is a local program's failure, not routing.
		rc.NoRemoteAnswer = rc.RemoteMTA == "" && rc.Command == "" && rc.DiagnosticType == ""
		addRecipient(r, rc)
	}
	if len(r.Recipients) == 0 {
		return nil
	}
	r.Original = originalFromMessage(m, text, eximCopyMarkers[:3]...)
	return deliveryReport(r)
}

// eximItemAddress returns the recipient an item of Exim's list of failed
// addresses stands for, and sets rc's original recipient and diagnostic
// type from it. Exim's print_address_information (src/deliver.c, Exim
// 4.96) writes an item's first line in one of these forms, the lines
// after it indented by four spaces:
//
//	user@example.org                    an address
//	pipe to |/usr/bin/prog              a delivery generated by a router
//	save to /var/mail/user              or filter, followed by
//	mail to user@example.net            "generated by parent@example.org"
//	an undisclosed address              a child hidden by hide_child_in_errors
//
// and adds "(generated from alias@example.org)", or "(ultimately generated
// from ...)" when several redirections lie between, naming the address the
// message was sent to. A hidden child's recipient is that address; a
// pipe's, a file's or an autoreply's is the address that generated it.
//
// The deliveries the system filter sets up are "generated by
// system-filter": their parent is a pseudo-address of that local part in
// the recipient qualify domain (deliver.c, Exim 4.96), which is the
// failed address then; the domain is taken from the bounce's From, the
// Mailer-Daemon address Exim qualifies with its qualify domain, the
// default of the recipient one.
func eximItemAddress(rc *dsn.Recipient, head string, details []string, failed []string, qualifyDomain string) string {
	generatedBy, generatedFrom := "", ""
	for _, d := range details {
		switch {
		case mailtext.HasPrefixFold(d, "generated by "):
			by := strings.TrimSpace(d[len("generated by "):])
			generatedBy = dsn.Address(by)
			if generatedBy == "" && strings.EqualFold(by, "system-filter") && qualifyDomain != "" {
				generatedBy = "system-filter@" + qualifyDomain
			}
		case mailtext.HasPrefixFold(d, "(generated from "):
			generatedFrom = dsn.Address(strings.TrimSuffix(d[len("(generated from "):], ")"))
		case mailtext.HasPrefixFold(d, "(ultimately generated from "):
			generatedFrom = dsn.Address(strings.TrimSuffix(d[len("(ultimately generated from "):], ")"))
		}
	}
	lowerHead := strings.ToLower(head)
	switch {
	case strings.HasPrefix(lowerHead, "pipe to ") || strings.HasPrefix(lowerHead, "save to ") || strings.HasPrefix(head, "/") || strings.HasPrefix(head, "|"):
		rc.DiagnosticType = "X-Unix"
		rc.OriginalRecipient = generatedFrom
		return generatedBy
	case strings.HasPrefix(lowerHead, "mail to "):
		rc.OriginalRecipient = generatedFrom
		return generatedBy
	case lowerHead == "an undisclosed address":
		return generatedFrom
	}
	rc.OriginalRecipient = generatedFrom
	if addr := dsn.Address(head); addr != "" {
		return addr
	}
	return qualifyAddress(strings.Trim(head, "<> "), failed)
}

// eximSMTPError matches the clause with which Exim introduces a remote
// host's reply, up to the command it answered: "SMTP error from remote
// mail server after " (src/transports/smtp.c, Exim 4.96) and the lmtp
// transport's "LMTP error after " (src/transports/lmtp.c).
var eximSMTPError = lazyRegexp(`(?i)(?:(?:SMTP|LMTP) error from remote (?:mail server|mailer|server|host)|LMTP error)\s+after\s+`)

// eximHostPrefix matches "host mx.example.org [192.0.2.1]" with an
// optional colon, as Exim names the remote host in an explanation
// (print_address_information, src/deliver.c, Exim 4.96), and
// "H=mx.example.org [192.0.2.1]: ", as it starts the error its retry
// database kept for a host, which a delay warning gives as the reason
// (retry_add_item's use of it, src/retry.c, Exim 4.96).
var eximHostPrefix = lazyRegexp(`(?i)^(?:host\s+|H=)(\S+)\s+\[([0-9a-f.:]+)\](?::\d+)?:?\s*`)

// eximDiagnostic reads one address's explanation lines: it sets the
// remote host and the command on rc and returns the diagnostic text, which
// is the remote reply when there is one, else the explanation itself.
func eximDiagnostic(rc *dsn.Recipient, details []string) string {
	var keep []string
	for _, d := range details {
		switch {
		case mailtext.HasPrefixFold(d, "(ultimately generated from "), mailtext.HasPrefixFold(d, "(generated from "),
			mailtext.HasPrefixFold(d, "generated by "):
			continue
		case mailtext.HasPrefixFold(d, "Delay reason: "):
			d = strings.TrimSpace(d[len("Delay reason: "):])
		}
		if m := eximHostPrefix().FindStringSubmatch(d); m != nil {
			rc.RemoteMTA = strings.TrimSuffix(m[1], ".")
			d = strings.TrimSpace(d[len(m[0]):])
			if d == "" {
				continue
			}
		}
		keep = append(keep, d)
	}
	text := strings.Join(keep, "\n")
	loc := eximSMTPError().FindStringIndex(text)
	if loc == nil {
		return joinLines(keep)
	}
	rest := text[loc[1]:]
	rc.Command = findMTACommand("after " + strings.TrimPrefix(strings.ToLower(rest), "pipelined "))
	// The command clause ends at the colon after it: "RCPT TO:<a@b>:",
	// "MAIL FROM:<a@b> SIZE=1543:", "end of data:", "initial connection:".
	upper := strings.ToUpper(rest)
	skip := 0
	for _, verb := range []string{"PIPELINED ", "RCPT TO:", "MAIL FROM:"} {
		if strings.HasPrefix(upper[skip:], verb) {
			skip += len(verb)
		}
	}
	if lt := strings.IndexByte(rest[skip:], '<'); lt >= 0 && strings.TrimSpace(rest[skip:skip+lt]) == "" {
		if gt := strings.IndexByte(rest[skip+lt:], '>'); gt >= 0 {
			skip += lt + gt + 1
		}
	}
	if c := strings.IndexByte(rest[skip:], ':'); c >= 0 {
		rest = rest[skip+c+1:]
	} else {
		rest = rest[skip:]
	}
	rest = strings.TrimSpace(rest)
	if m := eximHostPrefix().FindStringSubmatch(rest); m != nil {
		rc.RemoteMTA = strings.TrimSuffix(m[1], ".")
		rest = rest[len(m[0]):]
	}
	return unfoldReply(strings.Split(rest, "\n"))
}

// eximGeneratedText returns the text under "The following text was
// generated during the delivery attempt(s):", which explains failures of
// pipes and local deliveries, without its "------ address ------" heading.
func eximGeneratedText(lines []string, from, end int) string {
	i := lineIndex(lines[:end], from, "The following text was generated during the delivery attempt")
	if i < 0 {
		return ""
	}
	var keep []string
	inHeading := false
	for _, l := range lines[i+1 : end] {
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, "------ "):
			inHeading = !strings.HasSuffix(t, " ------")
			continue
		case inHeading:
			inHeading = !strings.HasSuffix(t, " ------")
			continue
		case t == "":
			if len(keep) > 0 {
				return joinLines(keep)
			}
			continue
		}
		keep = append(keep, t)
	}
	return joinLines(keep)
}

// completeFromEximText mends the recipients of a delivery status
// notification Exim sent (a multipart/report, when the message asked for
// DSN or the bounce is configured to be one) from its text part, which
// says more than its delivery-status part: Exim writes a Diagnostic-Code
// field only for a remote host's reply (print_dsn_diagnostic_code,
// src/deliver.c, Exim 4.96), so a local failure's explanation, a delay's
// reason and the program or file a delivery went to stand only in the
// text. The generic reading of that text (dsn's SupplementFromText) takes
// the paragraph around an address, which in Exim's list runs into the
// next item; the Exim decoder reads the items themselves. A recipient
// with a Diagnostic-Code field of its own keeps it.
//
// Exim's Final-Recipient is the address an item was generated from, or
// the one that generated a pipe or file delivery; an item is matched to a
// recipient by either.
func completeFromEximText(r *dsn.Report, m *dsn.Message) {
	if r == nil || !slices.ContainsFunc(r.Recipients, func(rc dsn.Recipient) bool { return rc.Fields.Get("Diagnostic-Code") == "" }) {
		return // nothing to mend: each recipient has its own Diagnostic-Code
	}
	var items []dsn.Recipient
	var diags map[string]string
	if (eximDecoder{}).Match(m) {
		if text := (eximDecoder{}).Decode(m); text != nil {
			items = text.Recipients
		}
	}
	for i := range r.Recipients {
		rc := &r.Recipients[i]
		if rc.Fields.Get("Diagnostic-Code") != "" {
			continue
		}
		if item, ok := eximItemFor(items, rc.Recipient); ok {
			rc.DiagnosticCode = item.DiagnosticCode
			if item.DiagnosticType != "" {
				rc.DiagnosticType = item.DiagnosticType
			}
			if rc.RemoteMTA == "" {
				rc.RemoteMTA = item.RemoteMTA
			}
			// What the generic reading took from the paragraph may be
			// another item's.
			rc.Command = item.Command
			rc.ReplyCode = item.ReplyCode
			rc.NoRemoteAnswer = rc.NoRemoteAnswer && item.NoRemoteAnswer
		}
		if rc.DiagnosticCode == "" {
			if diags == nil {
				diags = eximDiagnosticFields(m)
			}
			rc.DiagnosticCode = diags[strings.ToLower(rc.Recipient)]
		}
	}
}

// eximDiagnosticFields returns the X-Exim-Diagnostic of each recipient
// group of m's delivery-status part, by the lower-cased address of its
// Final-Recipient. Built with EXPERIMENTAL_DSN_INFO, Exim writes there its
// own explanation of a failure (deliver.c, Exim 4.96), which the text
// gives only when it may pass it on.
func eximDiagnosticFields(m *dsn.Message) map[string]string {
	out := map[string]string{}
	p := m.DeliveryStatusPart()
	if p == nil {
		return out
	}
	for _, g := range dsn.ParseFields(p.Body, dsn.MaxRecipients+1) {
		_, fr := dsn.SplitTyped(g.Get("Final-Recipient"))
		_, x := dsn.SplitTyped(g.Get(dsn.CanonicalFieldName("X-Exim-Diagnostic")))
		if fr != "" && x != "" {
			out[strings.ToLower(fr)] = x
		}
	}
	return out
}

// eximItemFor returns the item of an Exim list read by eximDecoder that
// stands for addr: the item's own address, or the one it was generated
// from.
func eximItemFor(items []dsn.Recipient, addr string) (dsn.Recipient, bool) {
	for _, it := range items {
		if strings.EqualFold(it.Recipient, addr) {
			return it, true
		}
	}
	for _, it := range items {
		if it.OriginalRecipient != "" && strings.EqualFold(it.OriginalRecipient, addr) {
			return it, true
		}
	}
	return dsn.Recipient{}, false
}

// eximMessageFailure reads moan.c's notice on a message refused as a
// whole (eximMessageFailures): it was delivered to no one, so every
// recipient failed, and the returned message's addressee, the one its To
// names first, stands for them, as for a delivery status notification
// without recipient fields. The notice's words, up to the copy of the
// message, are the diagnostic.
func eximMessageFailure(m *dsn.Message, lines []string, end int, text string) *dsn.Report {
	start := lineIndex(lines[:end], 0, eximMessageFailures...)
	if start < 0 {
		return nil
	}
	o := originalFromMessage(m, text, eximCopyMarkers[:3]...)
	if o.To == "" {
		o = eximHeaderCopy(text)
	}
	if o.To == "" {
		return nil
	}
	var words []string
	for _, l := range lines[start:end] {
		if t := strings.TrimSpace(l); t != "" {
			words = append(words, t)
		}
	}
	r := &dsn.Report{Original: o}
	r.AddNote("a notice on the whole message: recipient taken from the returned message")
	// moan.c's notices are Exim's own refusal: no server answered.
	addRecipient(r, dsn.Recipient{Recipient: o.To, Action: dsn.ActionFailed, DiagnosticCode: joinLines(words), NoRemoteAnswer: true})
	return deliveryReport(r)
}
