package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// mDaemonDecoder reads the failure reports of MDaemon (Alt-N, now MDaemon
// Technologies). Its header carries X-MDaemon-Deliver-To, a Message-ID
// "<MDAEMON...@host>" and a From "MDaemon@host"; the text part reads
//
//	The attached message had PERMANENT fatal delivery errors!
//	...
//	The following addresses did NOT receive a copy of your message:
//
//	> user@example.org
//
//	--- Session Transcript ---
//	 Attempting SMTP connection to [192.0.2.1 : 25]
//	 ...
//	 RCPT To:<user@example.org>
//	 552 Message for <user@example.org> would exceed mailbox quota
//	 QUIT
//	--- End Transcript ---
//
// (flufl.bounce 4.0 tests/data/simple_01.txt, MDaemon 3.5); newer releases
// put a date and "-->"/"<--" before each transcript line and leave the
// address list out, so the failed recipient is the one whose RCPT the
// transcript shows refused. A local recipient's failure reads instead
// "user@example.org - no such user here." (tests/data/simple_27.txt):
// MDaemon's own verdict on a mailbox of its own, for which the decoder
// gives the status of a bad destination mailbox (RFC 3463 X.1.1).
//
// When the transcript shows no RCPT (the failure came before one: "Name
// server reports domain name unknown" for the route's host), the
// recipient is the one MDaemon names where it parses the queued message,
// "*  To: user@example.org" (an MDaemon PRO 10 notice quoted by the
// eris.parser MDaemonProParser).
//
// SecurityGateway for Email Servers, MDaemon Technologies' mail gateway,
// writes the same notice under its own name (From "SecurityGateway ...",
// "SecurityGateway for Email Servers Non-Delivery Report"), listing each
// address as "Failed address: user@example.org" above the transcript, in
// text or as HTML only (two reports quoted by a test of a mailing tool,
// sender/tests/test_dsn.py).
type mDaemonDecoder struct{}

func (mDaemonDecoder) Name() dsn.DecoderName { return MDaemon }

func (mDaemonDecoder) Match(m *dsn.Message) bool {
	// Canonical spellings: the lookup then needs no copy of the name.
	if hasHeader(m, "X-Mdaemon-Deliver-To", "X-Mddsn-Message") {
		return true
	}
	if mailtext.HasPrefixFold(mailtext.TrimSpace(m.Header.Get("Message-Id")), "<MDAEMON") {
		return true
	}
	if fromContains(m, securityGatewayName) {
		return true
	}
	if !mailtext.ContainsFold(m.Header.Get("From"), "mdaemon@") {
		return false
	}
	from := m.Header.Address("From")
	return len(from) > len("mdaemon@") && mailtext.HasPrefixFold(from, "mdaemon@")
}

const (
	mDaemonListIntro       = "The following addresses did NOT receive a copy of your message"
	mDaemonTranscriptStart = "--- Session Transcript ---"
	mDaemonTranscriptEnd   = "--- End Transcript ---"
	mDaemonNoSuchUser      = " - no such user here."
	mDaemonFailedAddress   = "Failed address:"
	securityGatewayName    = "SecurityGateway"
)

// mDaemonNoSuchMailbox is the status of MDaemon's "no such user here".
var mDaemonNoSuchMailbox = dsn.Status{Class: 5, Subject: 1, Detail: 1}

// mDaemonStamp matches the date and direction newer releases put before
// each transcript line: "Wed 2013-09-11 12:22:04: --> ", "... <-- ".
var mDaemonStamp = lazyRegexp(`^(?:[A-Za-z]{3} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?:\s*)?(?:-->|<--)?\s*`)

// mDaemonHost matches the host of "Attempting SMTP connection to [host : 25]".
var mDaemonHost = lazyRegexp(`(?i)Attempting SMTP connection to \[([^\]\s:]+)`)

func (mDaemonDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	if len(m.Parts) == 1 && m.Parts[0].MediaType == "text/html" {
		// SecurityGateway's report as HTML only.
		text = htmlText(m.Parts[0].Body)
	}
	lines := textLines(text)
	r := &dsn.Report{}
	t := readMDaemonTranscript(lines)

	// The list of addresses, "> user@example.org" each.
	var listed []string
	if i := lineIndex(lines, 0, mDaemonListIntro); i >= 0 {
		for _, l := range lines[i+1:] {
			s := strings.TrimSpace(l)
			if s == "" {
				if len(listed) > 0 {
					break
				}
				continue
			}
			a := dsn.Address(strings.TrimSpace(strings.TrimPrefix(s, ">")))
			if a == "" || len(listed) >= dsn.MaxRecipients {
				break
			}
			listed = append(listed, a)
		}
	}
	// SecurityGateway's form: "Failed address: user@example.org" each.
	for i := lineIndex(lines, 0, mDaemonFailedAddress); i >= 0 && len(listed) < dsn.MaxRecipients; i = lineIndex(lines, i+1, mDaemonFailedAddress) {
		if a := dsn.Address(strings.TrimSpace(strings.TrimSpace(lines[i])[len(mDaemonFailedAddress):])); a != "" {
			listed = append(listed, a)
		}
	}
	for _, a := range listed {
		rc := dsn.Recipient{Recipient: a, RemoteMTA: t.host}
		rc.DiagnosticCode, rc.Command = t.errorFor(a)
		addRecipient(r, rc)
	}

	// A local failure: "user@example.org - no such user here.", its
	// explanation in the next paragraph.
	if len(r.Recipients) == 0 {
		for i, l := range lines {
			s := strings.TrimSpace(l)
			j := strings.Index(s, mDaemonNoSuchUser)
			if j <= 0 || j+len(mDaemonNoSuchUser) != len(s) {
				continue
			}
			diag := s[j+3:]
			if k := i + 1; k+1 < len(lines) && strings.TrimSpace(lines[k]) == "" && strings.TrimSpace(lines[k+1]) != "" {
				diag += " " + strings.TrimSpace(lines[k+1])
			}
			addRecipient(r, dsn.Recipient{Recipient: dsn.Address(s[:j]), DiagnosticCode: diag, Status: mDaemonNoSuchMailbox})
		}
	}

	// No list: the recipients the transcript shows refused.
	if len(r.Recipients) == 0 {
		for _, f := range t.refused {
			addRecipient(r, dsn.Recipient{Recipient: f.rcpt, RemoteMTA: t.host, DiagnosticCode: f.reply, Command: dsn.CommandRCPT})
		}
		if len(r.Recipients) == 0 && t.lastRcpt != "" && t.lastError != "" {
			addRecipient(r, dsn.Recipient{Recipient: t.lastRcpt, RemoteMTA: t.host, DiagnosticCode: t.lastError, Command: t.lastCommand})
		}
		// No RCPT at all: the recipients of the queued message.
		if len(r.Recipients) == 0 && t.lastError != "" {
			for _, a := range t.to {
				addRecipient(r, dsn.Recipient{Recipient: a, RemoteMTA: t.host, DiagnosticCode: t.lastError})
			}
		}
	}
	return deliveryReport(r)
}

// mDaemonTranscript is what readMDaemonTranscript finds in a session
// transcript.
type mDaemonTranscript struct {
	host    string // the host MDaemon connected to
	refused []struct{ rcpt, reply string }
	// The last error reply, the command it answered and the last
	// recipient given before it; or, when no reply was an error, the
	// last line, which says what failed (a DNS lookup, a connection).
	lastError, lastCommand, lastRcpt string
	// to are the recipients MDaemon names as it parses the queued
	// message ("*  To: user@example.org").
	to []string
}

// errorFor returns the diagnostic text and command of rcpt's failure: the
// reply that refused its RCPT, else the session's last error.
func (t *mDaemonTranscript) errorFor(rcpt string) (diag, command string) {
	for _, f := range t.refused {
		if strings.EqualFold(f.rcpt, rcpt) {
			return f.reply, dsn.CommandRCPT
		}
	}
	return t.lastError, t.lastCommand
}

// readMDaemonTranscript reads the lines between "--- Session Transcript
// ---" and "--- End Transcript ---".
func readMDaemonTranscript(lines []string) mDaemonTranscript {
	var t mDaemonTranscript
	start := lineIndex(lines, 0, mDaemonTranscriptStart)
	if start < 0 {
		return t
	}
	lastCmd, lastRcpt, last := "", "", ""
	for _, l := range lines[start+1:] {
		if strings.HasPrefix(strings.TrimSpace(l), mDaemonTranscriptEnd) {
			break
		}
		s := strings.TrimSpace(mDaemonStamp().ReplaceAllString(strings.TrimSpace(l), ""))
		if s == "" {
			continue
		}
		last = s
		if sm := mDaemonHost().FindStringSubmatch(s); sm != nil {
			t.host = strings.ToLower(strings.TrimSuffix(sm[1], "."))
			continue
		}
		if sm := replyPrefix().FindStringSubmatch(s); sm != nil {
			if sm[1][0] != '2' {
				t.lastError, t.lastCommand, t.lastRcpt = s, dsn.CommandAt(lastCmd), lastRcpt
				if dsn.CommandAt(lastCmd) == dsn.CommandRCPT && len(t.refused) < dsn.MaxRecipients {
					t.refused = append(t.refused, struct{ rcpt, reply string }{lastRcpt, s})
				}
			}
			continue
		}
		if rest, ok := strings.CutPrefix(s, "*"); ok && mailtext.HasPrefixFold(strings.TrimSpace(rest), "To:") {
			if a := dsn.Address(strings.TrimSpace(rest)[len("To:"):]); a != "" && len(t.to) < dsn.MaxRecipients {
				t.to = append(t.to, a)
			}
			continue
		}
		lastCmd = s
		if mailtext.HasPrefixFold(s, "RCPT To:") {
			lastRcpt = dsn.Address(s[len("RCPT To:"):])
		}
	}
	if t.lastError == "" && last != "" {
		t.lastError = strings.TrimSpace(strings.TrimLeft(last, "*"))
		t.lastRcpt = lastRcpt
	}
	return t
}
