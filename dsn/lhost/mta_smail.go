package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// smailDecoder reads the failure reports of Smail 3, Exim's predecessor,
// and of the mail systems that kept its layout, Deutsche Telekom's
// (T-Online) among them. Smail 3 writes, under the Subject "mail failed,
// returning to sender" (smail-3.2.0.108 src/notify.c, as quoted in
// sisimai/rb-sisimai:lib/sisimai/lhost/deutschetelekom.rb):
//
//	|------------------------- Message log follows: -------------------------|
//	 no valid recipients were found for this message
//	|------------------------- Failed addresses follow: ---------------------|
//	 user@example.org ... unknown host
//	|------------------------- Message text follows: ------------------------|
//
// (releases from 3.2 on write " user@example.org ... failed: reason").
// T-Online writes each address in angle brackets, the remote reply on the
// lines below it, and the returned header under "Message header follows:"
// (published samples: sisimai/rb-sisimai's DeutscheTelekom module, and
// flufl.bounce 4.0's simplematch detector, whose "Smail" pattern reads
// the same banners). The message log, when there is one, explains the
// addresses that carry no reason of their own.
//
// One type serves both names: the Telekom instance matches only bounces
// from Telekom's domains and runs among the providers; the Smail instance
// matches the Subjects of Smail and of Exim.
type smailDecoder struct {
	name    dsn.DecoderName
	domains []string // the From domains the instance is limited to, or none
}

// telekomDomains are the mail domains of Deutsche Telekom's platform
// (sisimai/rb-sisimai:lib/sisimai/lhost/deutschetelekom.rb).
var telekomDomains = []string{"t-online.de", "magenta.de", "telekom.de"}

func (d smailDecoder) Name() dsn.DecoderName { return d.name }

func (d smailDecoder) Match(m *dsn.Message) bool {
	if len(d.domains) > 0 {
		// The raw From must name one of the domains before the address
		// parser runs: ordinary mail costs a substring search.
		from := m.Header.Get("From")
		for _, dom := range d.domains {
			if mailtext.ContainsFold(from, dom) {
				// The provider's customers write from the same domains.
				return domainIn(fromDomain(m), d.domains...) && m.HasAnyMark(reportSenderMarks)
			}
		}
		return false
	}
	return subjectHasPrefix(m, smailSubjects...)
}

// smailSubjects are the Subjects of Smail's reports ("mail failed,
// returning to sender", notify.c) and of the descendants that took
// Exim's.
var smailSubjects = []string{"mail failed", "Mail delivery failed"}

// The banners' titles. Each banner is a line of dashes between vertical
// bars, the title in the middle; smailBanner reads them whatever the
// number of dashes.
const (
	smailLogTitle    = "Message log follows:"
	smailFailedTitle = "Failed addresses follow:"
)

// smailBanner returns the title of a banner line ("Failed addresses
// follow:") or "" when the line is not a banner.
func smailBanner(l string) string {
	t := strings.TrimSpace(l)
	if !strings.HasPrefix(t, "|-") && !strings.HasPrefix(t, "---") {
		return ""
	}
	t = strings.Trim(t, "|- ")
	if !mailtext.ContainsFold(t, " follow") {
		return ""
	}
	return t
}

func (d smailDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	start := -1
	var log []string
	inLog := false
	for i, l := range lines {
		title := smailBanner(l)
		switch {
		case strings.EqualFold(title, smailFailedTitle):
			start = i
		case title != "":
			inLog = strings.EqualFold(title, smailLogTitle)
			continue
		case inLog && strings.TrimSpace(l) != "" && len(log) < maxItemLines:
			log = append(log, strings.TrimSpace(l))
			continue
		default:
			continue
		}
		break
	}
	if start < 0 {
		return nil
	}
	r := &dsn.Report{}
	var cur *dsn.Recipient
	var details []string
	flush := func() {
		if cur == nil {
			return
		}
		diag := joinLines(details)
		if diag == "" {
			diag = joinLines(log)
		}
		cur.DiagnosticCode = diag
		addRecipient(r, *cur)
		cur, details = nil, nil
	}
	end := len(lines)
	for i := start + 1; i < len(lines); i++ {
		l := lines[i]
		if smailBanner(l) != "" {
			end = i
			break
		}
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		// Smail 3: " user@example.org ... failed: reason".
		if j := strings.Index(t, " ... "); j > 0 && strings.IndexByte(t[:j], ' ') < 0 {
			if a := dsn.Address(t[:j]); a != "" {
				flush()
				reason := strings.TrimSpace(t[j+len(" ... "):])
				if mailtext.HasPrefixFold(reason, "failed:") {
					reason = strings.TrimSpace(reason[len("failed:"):])
				}
				// Smail's own routers' and directors' verdict
				// ("unknown user", "unknown host"), on the
				// address's own line: no server answered unless
				// a reply code says one did.
				cur = &dsn.Recipient{Recipient: a, NoRemoteAnswer: dsn.FindReplyCode(reason) == 0}
				details = []string{reason}
				continue
			}
		}
		// An address alone on its line, the reason below it.
		if a := addrLine(t); a != "" && indentOf(l) <= 2 {
			flush()
			cur = &dsn.Recipient{Recipient: a}
			continue
		}
		if cur != nil && len(details) < maxItemLines {
			details = append(details, t)
			// Lines under the address are a remote server's reply
			// (T-Online's layout).
			cur.NoRemoteAnswer = false
		}
	}
	flush()
	if len(r.Recipients) == 0 {
		return nil
	}
	if end < len(lines) {
		// The banner after the list heads the returned message or its
		// header.
		r.Original = originalFromMessage(m, text, strings.TrimSpace(lines[end]))
	} else {
		r.Original = originalFromMessage(m, text)
	}
	return deliveryReport(r)
}
