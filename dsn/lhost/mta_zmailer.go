package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// zmailerDecoder reads the text of ZMailer's delivery reports, for when
// their delivery-status part is missing (with it, the RFC 3464 decoder
// reads them first). ZMailer's scheduler sends them From "The Post Office
// <postmaster@HOST>", Subject "Delivery reports about your email
// [FAILED(N)]", as a multipart/report whose text part opens with the
// intro of proto/forms/delivery (rzachariassen/zmailer): "This is a
// collection of reports about email delivery / process concerning a
// message you originated." Then, for each recipient, a block headed
// "FAILED:" whose items are indented labels with their values indented
// below, as the copies vger.kernel.org's ZMailer sent in 2001 and 2007
// show (forwarded verbatim to the linux-kernel and git lists,
// https://lore.kernel.org/git/20071120055149.GQ6372@mea-ext.zmailer.org/,
// https://lore.kernel.org/lkml/20010921231805.P11046@mea-ext.zmailer.org/):
//
//	FAILED:
//	  Original Recipient:
//	      rfc822;user@example.org
//	  Final Recipient:
//	      RFC822;user@example.org
//	  Status:
//	      5.6.0
//	  Remote MTA:
//	      dns; mx.example.org (192.0.2.20|25|198.51.100.7|39031)
//	  Diagnostic Code:
//	      smtp; 554 (Reject ...)
//	  Control data:
//	      smtp example.org user@example.org 99
//	  Diagnostic texts:
//	      <<- RCPT To:<user@example.org>
//	     ->> 554 5.6.0 Reject ...
//
// The 2001 reports have only Original Recipient, Control data and the
// transcript ("Diagnostic texts:", "<<-" for what ZMailer sent, "->>" for
// the server's replies); the recipient's diagnostic is then the last
// reply, and its command the last line sent before it. The blocks end
// where "Following is a copy of MESSAGE/DELIVERY-STATUS format section
// below." begins the copy of the delivery-status fields.
type zmailerDecoder struct{}

// ZMailer is the name of zmailerDecoder.
const ZMailer dsn.DecoderName = "ZMailer"

func (zmailerDecoder) Name() dsn.DecoderName { return ZMailer }

const zmailerSubject = "Delivery reports about your email"

func (zmailerDecoder) Match(m *dsn.Message) bool {
	return subjectHasPrefix(m, zmailerSubject) || fromDaemon(m)
}

func (zmailerDecoder) Marks() []dsn.Mark {
	return append(subjects(zmailerSubject), daemonFrom)
}

const (
	zmailerIntro = "This is a collection of reports about email delivery"
	zmailerCopy  = "Following is a copy of MESSAGE/DELIVERY-STATUS format section"
)

// zmailerItem is one recipient block being read.
type zmailerItem struct {
	rc       dsn.Recipient
	label    string   // the item whose values follow
	sent     string   // the last line ZMailer sent in the transcript
	replies  []string // the server's reply lines after it
	diagCode string   // the Diagnostic Code item
}

func (zmailerDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	if lineIndex(lines, 0, zmailerIntro) < 0 {
		return nil
	}
	r := &dsn.Report{}
	var cur *zmailerItem
	flush := func() {
		if cur != nil {
			zmailerAdd(r, cur)
			cur = nil
		}
	}
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(l, zmailerCopy) {
			break
		}
		if l == "FAILED:" {
			flush()
			cur = &zmailerItem{rc: dsn.Recipient{Action: dsn.ActionFailed}}
			continue
		}
		if cur == nil || t == "" {
			continue
		}
		if indentOf(l) == 2 && strings.HasSuffix(t, ":") {
			cur.label = strings.TrimSuffix(t, ":")
			continue
		}
		if strings.HasPrefix(t, "...") {
			// "...\": the transcript's earlier lines left out.
			continue
		}
		if indentOf(l) <= 2 {
			// Not one of the block's items: the block ended.
			flush()
			continue
		}
		zmailerValue(cur, t)
	}
	flush()
	if len(r.Recipients) == 0 {
		return nil
	}
	r.Original = originalFromMessage(m, text, "Following is copy of the message headers.")
	return deliveryReport(r)
}

// zmailerValue reads one value line of the item cur.label.
func zmailerValue(cur *zmailerItem, t string) {
	switch strings.ToLower(cur.label) {
	case "original recipient":
		if cur.rc.Recipient == "" {
			cur.rc.Recipient = zmailerAddress(t)
		}
		cur.rc.OriginalRecipient = zmailerAddress(t)
	case "final recipient":
		cur.rc.Recipient = zmailerAddress(t)
	case "status":
		if st, err := dsn.ParseStatus(t); err == nil {
			cur.rc.Status = st
		}
	case "remote mta":
		_, host, _ := strings.Cut(t, ";")
		host, _, _ = strings.Cut(strings.TrimSpace(host), " ")
		cur.rc.RemoteMTA = host
	case "diagnostic code":
		typ, code, ok := strings.Cut(t, ";")
		if ok {
			cur.rc.DiagnosticType = strings.TrimSpace(typ)
			cur.diagCode = strings.TrimSpace(code)
		} else {
			cur.diagCode = t
		}
	case "diagnostic texts":
		switch {
		case strings.HasPrefix(t, "<<-"):
			cur.sent = strings.TrimSpace(t[3:])
			cur.replies = nil
		case strings.HasPrefix(t, "->>"):
			cur.replies = append(cur.replies, strings.TrimSpace(t[3:]))
		}
	}
}

// zmailerAddress returns the address of "rfc822;user@example.org".
func zmailerAddress(v string) string {
	if _, a, ok := strings.Cut(v, ";"); ok {
		v = a
	}
	return dsn.Address(strings.TrimSpace(v))
}

// zmailerAdd adds the recipient of a block: the transcript's last reply
// is its diagnostic when it has one (the Diagnostic Code item gives the
// same reply in brackets, without its status code), and the line sent
// before it names the command.
func zmailerAdd(r *dsn.Report, it *zmailerItem) {
	rc := it.rc
	if rc.Recipient == "" {
		return
	}
	if len(it.replies) > 0 {
		rc.DiagnosticCode = zmailerReply(it.replies)
		rc.Command = zmailerCommand(it.sent)
		if rc.DiagnosticType == "" {
			rc.DiagnosticType = "smtp"
		}
	} else {
		rc.DiagnosticCode = it.diagCode
	}
	addRecipient(r, rc)
}

// zmailerReply joins a multi-line reply ("552-5.2.2 text", "552 5.2.2
// more") into one text with the code once.
func zmailerReply(lines []string) string {
	out := ""
	for i, l := range lines {
		hasCode := len(l) > 4 && (l[3] == '-' || l[3] == ' ') && dsn.FindReplyCode(l[:3]) != 0
		switch {
		case i == 0 && hasCode:
			l = l[:3] + " " + l[4:]
		case hasCode:
			l = strings.TrimSpace(l[4:])
			// The status code each continuation line repeats.
			if st, rest, ok := strings.Cut(l, " "); ok {
				if _, err := dsn.ParseStatus(st); err == nil {
					l = rest
				}
			}
		}
		out = joinFolded(out, l)
	}
	return out
}

// zmailerCommand names the SMTP command of the transcript line sent
// before the final reply: the "." ending the message's data is DATA's.
func zmailerCommand(sent string) string {
	if sent == "." {
		return dsn.CommandDATA
	}
	return dsn.CommandAt(sent)
}
