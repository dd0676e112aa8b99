package classify

import "strings"

// Provider is a receiving mail provider whose own error texts decide the
// reason for facts that belong to it.
type Provider struct {
	Name    string   // short id used in rule ids, e.g. "mimecast"
	Domains []string // host and domain names, matched on label boundaries
	Rules   []ProviderRule
	// Source is the provider's page (or the seed) its table comes from.
	Source string
}

// ProviderRule is one row of a provider's table. Every field that is set
// must match: ReplyCode equal, Status equal (or, ending in ".", a prefix),
// Code found in the text, Text found in the lower-cased text ('*' matches
// any run of characters).
type ProviderRule struct {
	Reason    Reason
	ReplyCode int
	Status    string
	Code      string // the provider's own code, such as Cox's "CXBL"
	Text      string
	Source    string
	ID        string // rule id suffix; defaults to Code, ReplyCode or the row number
	text      textMatcher
}

// Providers is the provider stage's table, tried in order.
var Providers []*Provider

// identify returns the provider the fact belongs to: by its remote host,
// then its recipient's domain, then the reporting MTA.
func identify(in *Input) *Provider {
	if len(Providers) == 0 {
		return nil
	}
	hosts := [...]string{in.Recipient.RemoteMTA, domainOf(in.Recipient.Recipient), in.Report.ReportingMTA}
	for _, h := range hosts {
		if h == "" {
			continue
		}
		h = strings.ToLower(strings.TrimSuffix(h, "."))
		for _, p := range Providers {
			for _, d := range p.Domains {
				if domainMatch(h, d) {
					return p
				}
			}
		}
	}
	return nil
}

// domainMatch reports whether host is domain or a subdomain of it.
func domainMatch(host, domain string) bool {
	if !strings.HasSuffix(host, domain) {
		return false
	}
	n := len(host) - len(domain)
	return n == 0 || host[n-1] == '.'
}

func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return strings.ToLower(addr[i+1:])
	}
	return ""
}

func providerStage(in *Input) (Verdict, bool) {
	p := in.Provider
	if p == nil || in.Text == "" {
		return Verdict{}, false
	}
	for i := range p.Rules {
		r := &p.Rules[i]
		if r.ReplyCode != 0 && r.ReplyCode != in.ReplyCode {
			continue
		}
		if r.Status != "" && !statusMatch(r.Status, in.Status.String()) {
			continue
		}
		if r.Code != "" && !strings.Contains(in.Text, strings.ToLower(r.Code)) {
			continue
		}
		if r.Text != "" && !r.text.match(in.Text) {
			continue
		}
		id := r.ID
		switch {
		case id != "":
		case r.Code != "":
			id = r.Code
		case r.ReplyCode != 0:
			id = itoa(r.ReplyCode)
		default:
			id = itoa(i + 1)
		}
		return Verdict{Reason: r.Reason, Stage: StageProvider, Rule: ruleID(p.Name, r.Reason, id)}, true
	}
	return Verdict{}, false
}

// init compiles every provider rule's text once, before any goroutine
// can classify: the tables are read-only from then on.
func init() {
	for _, p := range Providers {
		for i := range p.Rules {
			p.Rules[i].text = newTextMatcher(p.Rules[i].Text)
		}
	}
}

func statusMatch(want, got string) bool {
	if strings.HasSuffix(want, ".") {
		return strings.HasPrefix(got, want)
	}
	return want == got
}
