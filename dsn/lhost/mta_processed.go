package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// processedDecoder reads the delivery status notices that list each
// recipient on one line, its action and status after semicolons, under
// "- These recipients of your message have been processed by the mail
// server:", and the remote server's answer indented below it (Telia's
// relays, ms5.han.skanova.net, sent them; the text is quoted in the test of
// drupal's inmail StandardDSNReasonAnalyzer, full.eml, in the rule
// samples of the PHP BounceMailHandler, and in a 2006 linux-kernel post
// quoting one):
//
//   - These recipients of your message have been processed by the mail server:
//     user@example.org; Failed; 4.2.2 (mailbox full)
//
//     Remote MTA ms5.example.net: SMTP diagnostic: 552 RCPT TO:<user@example.org> Mailbox disk quota exceeded
//
// When the server's answer came in another stage of the session the
// "Remote MTA" line says "network error" and the reply follows on its own
// line, " - SMTP protocol diagnostic: 554 5.7.1 ...".
type processedDecoder struct{}

// Processed is the name of processedDecoder.
const Processed dsn.DecoderName = "ProcessedByMailServer"

func (processedDecoder) Name() dsn.DecoderName { return Processed }

func (processedDecoder) Match(m *dsn.Message) bool {
	return fromDaemon(m) || subjectHasPrefix(m, "Delivery Status Notification")
}

const processedIntro = "- These recipients of your message have been processed by the mail server:"

// processedLine matches a recipient's line: "user@example.org; Failed;
// 5.1.1 (bad destination mailbox address)".
var processedLine = lazyRegexp(`^(\S+@\S+);\s*([A-Za-z]+);\s*([245]\.[0-9]{1,3}\.[0-9]{1,3})\s*(?:\((.*)\))?\s*$`)

func (processedDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	start := lineIndex(lines, 0, processedIntro)
	if start < 0 {
		return nil
	}
	r := &dsn.Report{}
	var cur *dsn.Recipient
	flush := func() {
		if cur != nil {
			addRecipient(r, *cur)
			cur = nil
		}
	}
	inDiag := false // the previous line was a diagnostic's
	for _, l := range lines[start+1:] {
		t := strings.TrimSpace(l)
		if t == "" {
			inDiag = false
			continue
		}
		if sm := processedLine().FindStringSubmatch(t); sm != nil {
			flush()
			action := dsn.ActionFailed
			switch strings.ToLower(sm[2]) {
			case "failed":
			case "delayed":
				action = dsn.ActionDelayed
			default:
				// Delivered, relayed, expanded: no failure.
				continue
			}
			st, _ := dsn.ParseStatus(sm[3])
			cur = &dsn.Recipient{Recipient: dsn.Address(sm[1]), Action: action, Status: st, DiagnosticCode: sm[4]}
			inDiag = false
			continue
		}
		if cur == nil {
			continue
		}
		switch {
		case mailtext.HasPrefixFold(t, "Remote MTA "):
			rest := t[len("Remote MTA "):]
			host, diag, _ := strings.Cut(rest, ":")
			cur.RemoteMTA = strings.TrimSpace(host)
			diag = strings.TrimSpace(diag)
			if d, ok := cutPrefixFold(diag, "SMTP diagnostic:"); ok {
				cur.DiagnosticCode = strings.TrimSpace(d)
				inDiag = true
			} else if diag != "" {
				cur.DiagnosticCode = diag
			}
		case mailtext.HasPrefixFold(strings.TrimLeft(t, "- "), "SMTP protocol diagnostic:"):
			d := strings.TrimLeft(t, "- ")
			cur.DiagnosticCode = strings.TrimSpace(d[len("SMTP protocol diagnostic:"):])
			inDiag = true
		case inDiag && len(cur.DiagnosticCode) < 1000:
			// The reply's continuation lines, up to a blank line.
			cur.DiagnosticCode += " " + t
		default:
			flush()
		}
	}
	flush()
	if len(r.Recipients) == 0 {
		return nil
	}
	r.Original = originalFromMessage(m, text)
	return deliveryReport(r)
}

// cutPrefixFold returns s without prefix, compared ignoring ASCII case,
// and whether s had it.
func cutPrefixFold(s, prefix string) (string, bool) {
	if !mailtext.HasPrefixFold(s, prefix) {
		return s, false
	}
	return s[len(prefix):], true
}

// Marks are Match's header test as data: the mail system's From, or the
// notice's Subject.
func (processedDecoder) Marks() []dsn.Mark {
	return append([]dsn.Mark{daemonFrom}, subjects("Delivery Status Notification")...)
}
