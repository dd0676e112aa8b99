package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// phqueryDecoder reads the reports of phquery, the Sendmail delivery
// agent that universities ran to resolve names through their ph (CCSO
// nameserver) directory. Its Subject is "Returned mail - nameserver error
// report", and the text reads
//
//	--------Message not delivered to the following:
//
//	jdoe    No matches to nameserver query
//
//	--------Error Detail (phquery V4.1):
//
//	The message, "No matches to nameserver query," is generated whenever ...
//
//	--------Unsent Message below:
//
// ("...to the following addresses:" in V3.0, whose detail section repeats
// each address after "---- " with its explanation below). Published
// samples: flufl.bounce 4.0 tests/data/yale_01.txt (Yale, phquery V4.1)
// and simple_37.txt (phquery V3.0).
//
// phquery is a local delivery agent: Sendmail runs it with the recipient's
// user part only ("A=phquery -- $u", Sendmail's phquery mailer; Costales
// et al., sendmail, 4th ed., section 20.4.9), so a report may name the
// recipient by that name alone. Such a name is completed from the
// returned message's To when that has the same local part; otherwise with
// the name of the host that wrote the report (the domain of its
// MAILER-DAEMON sender, else of its Message-ID), as Sendmail itself
// completes a recipient without a domain for the Final-Recipient of its
// own reports (Sendmail 8.17.1.9: sendmail/recipient.c, "%s@%s" with
// MyHostName). That address reaches the same directory lookup; the
// domain the sender used may have been another of the site's names,
// which the report does not give.
type phqueryDecoder struct{}

func (phqueryDecoder) Name() dsn.DecoderName { return Phquery }

func (phqueryDecoder) Match(m *dsn.Message) bool {
	return subjectHasPrefix(m, "Returned mail - nameserver error report")
}

const (
	phqueryList   = "--------Message not delivered to the following"
	phqueryDetail = "--------Error Detail"
	phqueryEnd    = "--------Unsent Message below"
)

func (phqueryDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	start := lineIndex(lines, 0, phqueryList)
	if start < 0 {
		return nil
	}
	detail := lineIndex(lines, start, phqueryDetail, phqueryEnd)
	if detail < 0 {
		detail = len(lines)
	}
	end := lineIndex(lines, detail, phqueryEnd)
	if end < 0 {
		end = len(lines)
	}
	explain := phqueryExplanations(lines[detail:end])
	orig := originalFromMessage(m, text, phqueryEnd)
	r := &dsn.Report{}
	for _, l := range lines[start+1 : detail] {
		f := strings.Fields(l)
		if len(f) == 0 {
			continue
		}
		name := strings.Trim(f[0], "<>")
		addr := name
		if !strings.Contains(name, "@") {
			if a := qualifyAddress(name, []string{orig.To}); a != "" {
				addr = a
			} else if host := reportingHost(m); host != "" {
				addr = name + "@" + host
				r.AddNote("phquery: recipient named by its directory name only, completed with the reporting host's name")
			} else {
				r.AddNote("phquery: recipient named by its directory name only")
			}
		}
		diag := strings.Join(f[1:], " ")
		if e := explain[strings.ToLower(name)]; e != "" {
			diag = joinFolded(diag, e)
		} else if diag == "" {
			diag = explain[""]
		}
		addRecipient(r, dsn.Recipient{Recipient: addr, DiagnosticCode: diag})
	}
	return deliveryReport(r)
}

// phqueryExplanations reads the error detail section: the explanation of
// each "---- address" heading, keyed by the address lower-case, and under
// the key "" the first paragraph when there is no heading.
func phqueryExplanations(lines []string) map[string]string {
	out := map[string]string{}
	key := ""
	var para []string
	flush := func() {
		if len(para) > 0 && out[key] == "" {
			out[key] = joinLines(para)
		}
		para = nil
	}
	for _, l := range lines[min(1, len(lines)):] {
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, "---- "):
			flush()
			key = strings.ToLower(strings.TrimSpace(t[len("---- "):]))
		case t == "":
			flush()
		case len(para) < maxItemLines && !mailtext.HasPrefixFold(t, "Please contact"):
			para = append(para, t)
		}
	}
	flush()
	return out
}

// reportingHost returns the name of the host that wrote a report, as the
// report's header gives it: the domain of its sender when that is a mail
// system's address (MAILER-DAEMON@host), else the domain of its
// Message-ID ("<id@host>"); "" when neither is a host name.
func reportingHost(m *dsn.Message) string {
	if fromDaemon(m) {
		if d := fromDomain(m); validDomain(d) {
			return d
		}
	}
	id := dsn.TrimMessageID(m.Header.Get("Message-Id"))
	if i := strings.LastIndexByte(id, '@'); i >= 0 && validDomain(strings.ToLower(id[i+1:])) {
		return strings.ToLower(id[i+1:])
	}
	return ""
}
