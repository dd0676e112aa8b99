package lhost

import (
	"mime"
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// lsoftDecoder reads the nondelivery reports in the format L-Soft defined
// for its mailers so that LISTSERV could act on them: LMail, LSMTP (L-Soft's
// SMTP server for Windows), and, by L-Soft's account, MX from V3.2 and PMDF
// from V4.2. Eric Thomas described it on LSTSRV-L on 5 March 1994
// (http://community.emailogy.com/scripts/wa-community.exe?A2=LSTSRV-L;6af886ef.9403),
// and LISTSERV's documentation names the mailers that write it
// (quoted on LSTSRV-L, http://community.emailogy.com/scripts/wa-community.exe?A3=9709&L=LSTSRV-L&E=0&P=124213&B=--&T=TEXT%2FPLAIN;%20charset=US-ASCII&header=1).
// The header says which format the body is in, and the body's boundary:
//
//	X-Report-Type: Nondelivery; boundary="> Error description:"
//
// Free text comes first; the report starts at the boundary line, written
// with two dashes before it as in MIME, and holds one group of fields per
// failed recipient, blank lines between them, up to Error-End:
//
//	--> Error description:
//	Error-For:  user@example.org
//	Alias:      u.ser@example.org
//	Error-Code: 3
//	Error-Text: No such local user.
//
//	Error-End:  One error reported.
//
// Error-Text may continue on indented lines (LSMTP: "Mailer mx.example.org
// said:" and the quoted reply below it; published sample: flufl.bounce 4.0
// tests/data/simple_18.txt, "LSMTP for Windows NT v1.1b"). The numeric
// Error-Code is the mailer's own and documented as safe to ignore; it is
// kept among the recipient's fields with Alias, whose relation to
// Error-For the description does not give. The rejected message follows
// under a dashed heading ("Rejected message (N lines)", "Original
// message").
type lsoftDecoder struct{}

func (lsoftDecoder) Name() dsn.DecoderName { return LSoft }

// lsoftReportType is the X-Report-Type of the format.
const lsoftReportType = "Nondelivery"

func (lsoftDecoder) Match(m *dsn.Message) bool {
	return headerContains(m, "X-Report-Type", lsoftReportType)
}

func (lsoftDecoder) Marks() []dsn.Mark { return []dsn.Mark{holding("X-Report-Type", lsoftReportType)} }

// The fields of a report in the format, and the headings before the
// rejected message.
const (
	lsoftFor  = "Error-For"
	lsoftText = "Error-Text"
	lsoftEnd  = "Error-End"
)

var lsoftCopyMarkers = []string{"Rejected message", "Original message"}

// lsoftMailerSaid is LSMTP's account of a remote reply: "Mailer HOST said:".
const lsoftMailerSaid = "Mailer "

func (lsoftDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	start := lsoftStart(m, lines)
	if start < 0 {
		return nil
	}
	r := &dsn.Report{}
	var cur *dsn.Recipient
	var last *dsn.Field // the field continuation lines extend
	cont := 0
	flush := func() {
		if cur != nil {
			cur.DiagnosticCode = mailtext.FoldSpace(cur.Fields.Get(lsoftText))
			cur.RemoteMTA = lsoftRemoteHost(cur.DiagnosticCode)
			addRecipient(r, *cur)
		}
		cur, last = nil, nil
	}
	for _, l := range lines[start:] {
		if mailtext.TrimSpace(l) == "" {
			last = nil
			continue
		}
		if l[0] == ' ' || l[0] == '\t' {
			if last != nil && cont < maxItemLines {
				last.Value = last.Value + " " + mailtext.TrimSpace(l)
				cont++
			}
			continue
		}
		colon := strings.IndexByte(l, ':')
		if colon <= 0 || !dsn.ValidFieldName([]byte(l[:colon])) {
			break // the end of the fields: the rejected message's heading
		}
		name, value := l[:colon], mailtext.TrimSpace(l[colon+1:])
		if strings.EqualFold(name, lsoftEnd) {
			break
		}
		if strings.EqualFold(name, lsoftFor) {
			flush()
			cur = &dsn.Recipient{Recipient: dsn.Address(value)}
		}
		if cur == nil {
			continue // a field before the first Error-For
		}
		cur.Fields = append(cur.Fields, dsn.Field{Name: lsoftFieldName(name), Value: value})
		last, cont = &cur.Fields[len(cur.Fields)-1], 0
	}
	flush()
	r.Original = originalFromMessage(m, text, lsoftCopyMarkers...)
	return deliveryReport(r)
}

// lsoftStart returns the index of the line after the report's boundary
// line ("--" and the boundary X-Report-Type gives), or, when the header
// gives no boundary or the text lacks its line, of the first Error-For
// field; -1 when there is neither.
func lsoftStart(m *dsn.Message, lines []string) int {
	if _, params, err := mime.ParseMediaType(m.Header.Get("X-Report-Type")); err == nil {
		if b := mailtext.TrimSpace(params["boundary"]); b != "" {
			for i, l := range lines {
				if strings.HasPrefix(l, "--") && mailtext.TrimSpace(l[2:]) == b {
					return i + 1
				}
			}
		}
	}
	return lineIndex(lines, 0, lsoftFor+":")
}

// lsoftFieldName returns a field name of the format in its documented
// spelling ("Error-for" as LSMTP writes it is "Error-For").
func lsoftFieldName(name string) string {
	for _, n := range []string{lsoftFor, "Alias", "Error-Code", lsoftText} {
		if strings.EqualFold(name, n) {
			return n
		}
	}
	return name
}

// lsoftRemoteHost returns the host of LSMTP's "Mailer HOST said: ..." at
// the start of an Error-Text, or "".
func lsoftRemoteHost(diag string) string {
	if !mailtext.HasPrefixFold(diag, lsoftMailerSaid) {
		return ""
	}
	return hostAfter(diag, lsoftMailerSaid)
}
