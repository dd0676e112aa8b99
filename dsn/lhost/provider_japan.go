package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// This file reads the Japanese carriers' and ISPs' bounces: au's EZweb
// and au one net (KDDI), and BIGLOBE. Their notices open in Japanese
// (ISO-2022-JP, decoded by the charset support Parse uses) and give the
// facts in English below.

// ezwebDecoder reads the bounces of au's EZweb mail (ezweb.ne.jp), "Mail
// System Error - Returned Mail" from Postmaster@ezweb.ne.jp:
//
//	Each of the following recipients was rejected by a remote
//	mail server.
//
//	    Recipient: <user@ezweb.ne.jp>
//	    >>> RCPT TO:<user@ezweb.ne.jp>
//	    <<< 550 <user@ezweb.ne.jp>: User unknown
//
// or, with no session to quote, an English explanation ("Your message was
// not delivered within 0 days and 1 hours. Remote host is not
// responding.") and the addresses as "<user@ezweb.ne.jp>" lines.
type ezwebDecoder struct{}

func (ezwebDecoder) Name() dsn.DecoderName { return EZweb }

func (ezwebDecoder) Match(m *dsn.Message) bool {
	from := m.Header.Address("From")
	if !dsn.IsMailerDaemon(from) {
		return false
	}
	// au's newer domain: Postmaster@au.com, relayed by *.au.com (go-sisimai
	// lhost/via-ezweb.go).
	return domainIn(dsn.DomainOf(from), "ezweb.ne.jp") || strings.EqualFold(from, "postmaster@au.com") ||
		subjectHasPrefix(m, "Mail System Error - Returned Mail") && receivedBy(m, "ezweb.ne.jp", "au.com")
}

// ezwebSeparator ends the report where the returned header follows in the
// same text part.
const ezwebSeparator = "----------------------------------------"

func (ezwebDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	report, _ := textSection(text, nil, []string{ezwebSeparator})
	var rcpts []dsn.Recipient
	var explain []string
	explained := 0       // bytes in explain
	cur := -1            // index of the recipient the session lines belong to
	var replies []string // the replies of "<addr>: reply" lines, by recipient
	for _, l := range textLines(report) {
		t := mailtext.TrimSpace(l)
		switch {
		case t == "":
			continue
		case mailtext.HasPrefixFold(t, "Recipient:"):
			if a := dsn.Address(t[len("Recipient:"):]); a != "" && len(rcpts) < dsn.MaxRecipients {
				rcpts = append(rcpts, dsn.Recipient{Recipient: a})
				replies = append(replies, "")
				cur = len(rcpts) - 1
			}
		case ezwebReplyLine(t) != "":
			// "<user@ezweb.ne.jp>: 550 user unknown (in reply to RCPT TO
			// command)" below the English sentence (go-sisimai
			// lhost/via-ezweb.go): the address with the remote reply.
			if len(rcpts) < dsn.MaxRecipients {
				a, reply := ezwebReplyLine(t), t[strings.Index(t, ">:")+2:]
				rc := dsn.Recipient{Recipient: a, ReplyCode: dsn.FindReplyCode(reply)}
				if i := mailtext.IndexFold(reply, "(in reply to "); i >= 0 {
					rc.Command = dsn.CommandAt(reply[i+len("(in reply to "):])
				}
				rcpts = append(rcpts, rc)
				replies = append(replies, mailtext.TrimSpace(reply))
				cur = len(rcpts) - 1
			}
		case addrLine(t) != "" && strings.HasPrefix(t, "<"):
			if len(rcpts) < dsn.MaxRecipients {
				rcpts = append(rcpts, dsn.Recipient{Recipient: addrLine(t)})
				replies = append(replies, "")
				cur = len(rcpts) - 1
			}
		case strings.HasPrefix(t, ">>>"):
			if cur >= 0 {
				rcpts[cur].Command = dsn.CommandAt(mailtext.TrimSpace(t[3:]))
			}
		case strings.HasPrefix(t, "<<<"):
			if cur >= 0 && len(rcpts[cur].DiagnosticCode) < dsn.MaxDiagnosticBytes {
				rcpts[cur].DiagnosticCode = joinFolded(rcpts[cur].DiagnosticCode, mailtext.TrimSpace(t[3:]))
			}
		case isASCIIText(t) && !strings.HasSuffix(t, ":") && explained < dsn.MaxDiagnosticBytes:
			// English explanation; lines ending in a colon introduce lists.
			explain = append(explain, t)
			explained += len(t) + 1
		}
	}
	r := &dsn.Report{Kind: dsn.DeliveryReport}
	why := mailtext.FoldSpace(strings.Join(explain, " "))
	for i, rc := range rcpts {
		// The sentence names the reason where there is one ("The user(s)
		// account is disabled."), as go-sisimai's EZweb decoder reads it;
		// an "<addr>: reply" line's reply stands only without it.
		if rc.DiagnosticCode == "" && why == "" {
			rc.DiagnosticCode = replies[i]
		}
		if rc.DiagnosticCode == "" {
			rc.DiagnosticCode = why
		}
		rc.Action = dsn.ActionFailed
		r.AddRecipient(rc)
	}
	if len(r.Recipients) == 0 {
		return nil
	}
	// The English sentence names the reason ("The user(s) account is
	// disabled.") where the session lines give only the reply.
	r.KeepNotices(report)
	r.Fields = spamFilterSign(m, r.Fields)
	if _, ok := m.Original(); !ok {
		r.Original, _ = originalAfter(text, ezwebSeparator)
	}
	return r
}

// isASCIIText reports whether s is printable ASCII text with a letter in it.
func isASCIIText(s string) bool {
	letter := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' && c != '\t' || c > '~' {
			return false
		}
		letter = letter || mailtext.IsLetter(c)
	}
	return letter
}

// kddiDecoder reads the bounces of KDDI's au one net (auone-net.jp, with
// the older dion.ne.jp addresses):
//
//	Your mail sent on: Thu, 29 Apr 2013 00:00:00 +0900
//	     Could not be delivered to: <user@example.dion.ne.jp>
//	     As their mailbox is full.
type kddiDecoder struct{}

func (kddiDecoder) Name() dsn.DecoderName { return KDDI }

var kddiDomains = []string{"auone-net.jp", "dion.ne.jp", "kddi.com"}

func (kddiDecoder) Match(m *dsn.Message) bool {
	if !m.HasAnyMark(kddiMarks) {
		return false // no-reply@ alone is on much ordinary mail
	}
	from := m.Header.Address("From")
	if !dsn.IsMailerDaemon(from) && !mailtext.HasPrefixFold(from, "no-reply@") {
		return false
	}
	// go-sisimai lhost/via-kddi.go also takes the notices relayed by au's
	// mail hosts (Received "ezweb.ne.jp (" or ".au.com ("); Decode reads
	// nothing without KDDI's "Could not be delivered to:" lines.
	return domainIn(dsn.DomainOf(from), kddiDomains...) ||
		domainIn(dsn.DomainOf(m.Header.Address("Reply-To")), kddiDomains...) ||
		receivedBy(m, "auone-net.jp", "ezweb.ne.jp", "au.com")
}

const kddiRecipient = "Could not be delivered to:"

func (kddiDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	r := &dsn.Report{Kind: dsn.DeliveryReport}
	var cur *dsn.Recipient
	flush := func() {
		if cur != nil {
			r.AddRecipient(*cur)
			cur = nil
		}
	}
	for _, l := range textLines(text) {
		t := mailtext.TrimSpace(l)
		switch {
		case mailtext.HasPrefixFold(t, kddiRecipient):
			flush()
			if a := dsn.Address(t[len(kddiRecipient):]); a != "" {
				cur = &dsn.Recipient{Recipient: a, Action: dsn.ActionFailed}
			}
		case t == "":
			flush()
		case cur != nil && len(cur.DiagnosticCode) < dsn.MaxDiagnosticBytes:
			cur.DiagnosticCode = joinFolded(cur.DiagnosticCode, t)
		}
	}
	flush()
	if len(r.Recipients) == 0 {
		return nil
	}
	r.Fields = spamFilterSign(m, r.Fields)
	return r
}

// spamFilterSign keeps the X-SPASIGN field of an au (KDDI) notice among
// the report's fields: au's spam filter writes "X-SPASIGN: NG" on the
// notice of a message it refused, whatever the words below say (a full
// mailbox, an unknown user) (sisimai/p5-sisimai lib/Sisimai/Lhost/EZweb.pm
// and KDDI.pm, go-sisimai lhost/via-ezweb.go and via-kddi.go read every
// recipient of such a notice as filtered).
func spamFilterSign(m *dsn.Message, fields dsn.Fields) dsn.Fields {
	if v := strings.TrimSpace(m.Header.Get("X-SPASIGN")); v != "" {
		fields = append(fields, dsn.Field{Name: "X-SPASIGN", Value: v})
	}
	return fields
}

// biglobeDecoder reads BIGLOBE's bounces, from postmaster@biglobe.ne.jp:
//
//	   ----- The following addresses had delivery problems -----
//	user@example.jp
//
//	   ----- Non-delivered information -----
//	The number of messages in recipient's mailbox exceeded the local limit.
type biglobeDecoder struct{}

func (biglobeDecoder) Name() dsn.DecoderName { return Biglobe }

func (biglobeDecoder) Match(m *dsn.Message) bool {
	from := m.Header.Address("From")
	return dsn.IsMailerDaemon(from) && domainIn(dsn.DomainOf(from), biglobeDomains...)
}

// biglobeDomains: BIGLOBE's and the cable-TV ISPs whose mail BIGLOBE runs
// (go-sisimai lhost/via-biglobe.go: postmaster@ at biglobe, inacatv, tmtv
// or ttv .ne.jp).
var biglobeDomains = []string{"biglobe.ne.jp", "inacatv.ne.jp", "tmtv.ne.jp", "ttv.ne.jp"}

const (
	biglobeAddresses = "----- The following addresses had delivery problems -----"
	biglobeInfo      = "----- Non-delivered information -----"
)

func (biglobeDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	list, ok := textSection(text, []string{biglobeAddresses}, []string{biglobeInfo})
	if !ok {
		return nil
	}
	var why string
	if info, ok := textSection(text, []string{biglobeInfo}, nil); ok {
		if paras := mailtext.Paragraphs(info, maxParagraphs); len(paras) > 0 {
			why = mailtext.FoldSpace(paras[0])
		}
	}
	r := &dsn.Report{Kind: dsn.DeliveryReport}
	for _, l := range textLines(list) {
		if a := addrLine(l); a != "" {
			r.AddRecipient(dsn.Recipient{Recipient: a, Action: dsn.ActionFailed, DiagnosticCode: why})
		}
	}
	if len(r.Recipients) == 0 {
		return nil
	}
	return r
}

// ezwebReplyLine returns the address of an EZweb line that gives an
// address and the remote reply, "<user@ezweb.ne.jp>: 550 user unknown (in
// reply to RCPT TO command)", or "" for any other line.
func ezwebReplyLine(t string) string {
	if !strings.HasPrefix(t, "<") {
		return ""
	}
	i := strings.Index(t, ">:")
	if i < 0 || dsn.FindReplyCode(t[i+2:]) == 0 {
		return ""
	}
	return addrLine(t[:i+1])
}
