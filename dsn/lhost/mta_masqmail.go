package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// masqmailDecoder reads the failure and delay notices of masqmail, the
// small MTA for hosts with intermittent connections, filled in from its
// templates (ossilator/masqmail: tpl/failmsg.tpl and tpl/warnmsg.tpl, with
// the German and French ones, which give each English sentence in
// brackets after their own): Subject "Mail Delivery Failure Notice" or
// "Warning: could not yet send message", From MAILER-DAEMON, and the text
//
//	This message was sent to you by the mailer daemon (masqmail VERSION)
//	at HOST.
//
//	Sorry, but your mail could not be delivered to all recipients.
//	Delivery to the following recipients failed permanently and has been given
//	up:
//
//		<user@example.org>
//
//	This error message may give you a hint about what caused the
//	failure:
//
//	ERROR
//
//	If you need help, write to <postmaster@HOST>.
//
// where the delay notice says "Delivery to the following recipients has
// been defered:" and "... what caused the\ndelay:". ERROR is one message
// for every recipient listed: the last server's reply, or masqmail's own
// account of the failure ("connection to HOST failed: Connection timed
// out"), which no server gave. The generic decoder knows the intro but
// takes the lines next to the addresses for their diagnostic.
type masqmailDecoder struct{}

// Masqmail is the name of masqmailDecoder.
const Masqmail dsn.DecoderName = "masqmail"

func (masqmailDecoder) Name() dsn.DecoderName { return Masqmail }

var masqmailSubjects = []string{"Mail Delivery Failure Notice", "Warning: could not yet send message"}

func (masqmailDecoder) Match(m *dsn.Message) bool {
	return subjectHasPrefix(m, masqmailSubjects...) || fromDaemon(m)
}

func (masqmailDecoder) Marks() []dsn.Mark { return append(subjects(masqmailSubjects...), daemonFrom) }

const (
	masqmailBanner = "This message was sent to you by the mailer daemon (masqmail"
	masqmailFailed = "Delivery to the following recipients failed permanently"
	masqmailDefer  = "Delivery to the following recipients has been defered"
	masqmailHint   = "This error message may give you a hint about what caused the"
)

func (masqmailDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	if !mailtext.ContainsFold(text, masqmailBanner) {
		return nil
	}
	lines := textLines(text)
	if len(lines) > 400 {
		lines = lines[:400]
	}
	// The German and French templates write the English sentences in
	// brackets: "(Delivery to the following recipients ...".
	start := lineIndex(lines, 0, masqmailFailed, "("+masqmailFailed, masqmailDefer, "("+masqmailDefer)
	if start < 0 {
		return nil
	}
	action := dsn.ActionFailed
	if mailtext.ContainsFold(lines[start], masqmailDefer) {
		action = dsn.ActionDelayed
	}
	hint := lineIndex(lines, start, masqmailHint, "("+masqmailHint)
	if hint < 0 {
		return nil
	}
	var addrs []string
	for _, l := range lines[start+1 : hint] {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "<") && strings.HasSuffix(t, ">") {
			if a := dsn.Address(t); a != "" {
				addrs = append(addrs, a)
			}
		}
	}
	// The error follows the hint's second line ("failure:" or "delay:"),
	// after a blank line, up to the next blank line.
	var errLines []string
	for _, l := range lines[min(hint+2, len(lines)):] {
		t := strings.TrimSpace(l)
		if t == "" {
			if len(errLines) > 0 {
				break
			}
			continue
		}
		if len(errLines) >= maxItemLines {
			break
		}
		errLines = append(errLines, t)
	}
	diag := joinLines(errLines)
	r := &dsn.Report{}
	for _, a := range addrs {
		addRecipient(r, dsn.Recipient{Recipient: a, Action: action, DiagnosticCode: diag, NoRemoteAnswer: dsn.FindReplyCode(diag) == 0})
	}
	if len(r.Recipients) == 0 {
		return nil
	}
	r.Original = originalFromMessage(m, text)
	return deliveryReport(r)
}
