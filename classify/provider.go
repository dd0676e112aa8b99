package classify

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Provider is a receiving mail provider whose own error texts decide the
// reason for facts that belong to it.
//
// A fact belongs to a provider when one of its hosts is one of Domains or
// a subdomain of one (label boundaries count: "mx.cox.net" is Cox,
// "fox.net" and "cox.net.example.org" are not). The hosts are tried in
// this order: the Remote-MTA, the host the diagnostic text names ("host
// mx.cox.net[192.0.2.1] said: ..."), a host name the text ends with in
// brackets, the recipient's domain, the host of a link the text gives to
// the provider's own pages, the reporting MTA. For each host the longest matching domain wins, so the
// result never depends on map or file order.
type Provider struct {
	Name    string   // short id used in rule ids, e.g. "mimecast"
	Domains []string // host and domain names, lower case, matched on label boundaries
	// CodePattern finds the provider's own error code in the lower-cased
	// diagnostic text; its first submatch is what rules' Code fields
	// name (for Cox, `aup#([0-9a-z]+)` finds "cxbl" in "AUP#CXBL"). Nil
	// when the provider has no codes of its own.
	CodePattern *regexp.Regexp
	// Rules is the provider's table, tried in order; the first row whose
	// fields all match decides. A provider whose rows do not match leaves
	// the fact to the generic stages.
	Rules []ProviderRule
	// Source is the provider's page (or the seed) its table comes from.
	Source string

	// phrases holds each row's Text as a phrase of the text index, -1
	// for a row without one: the generated index's array, or the one
	// built from the sources when that index is stale. The rows
	// themselves are never written, so the tables stay in the program's
	// read-only data as the linker laid them out.
	phrases []int32
}

// ProviderRule is one row of a provider's table. Every field that is set
// must match:
//
//   - ReplyCode: equal to the SMTP reply code the diagnostic text carries.
//     It is the provider's reply the row reads, so the code counts even
//     where the reporting MTA's Status is of another class (Exim reports
//     a 421 it gave up retrying with Status 5.0.0).
//   - Status: equal to the fact's enhanced status code or, ending in ".",
//     a prefix of it ("5." is any permanent failure).
//   - Command: equal to the SMTP command the remote host answered.
//   - Code: equal (ignoring case) to the code the provider's CodePattern
//     finds; with CodeTo, the found code is a number from Code to CodeTo.
//   - Text: found in the diagnostic text as words, as the text tables'
//     phrases are (words.go): case, punctuation and white space do not
//     matter, and a '*' standing alone is 1 to 8 words.
//   - OwnReply: the host that answered (the Remote-MTA, or the host the
//     diagnostic text names) is the provider's. Rows that give a status
//     code the meaning the provider's page gives it, where that differs
//     from the IANA registry's, set it: the meaning holds for the
//     provider's own replies, not for a reply it relays from elsewhere.
type ProviderRule struct {
	Reason    Reason
	ReplyCode int
	Status    string
	Command   string
	Code      string // the provider's own code, such as Cox's "CXBL"
	CodeTo    string // the last code of a numeric range starting at Code
	Text      string
	OwnReply  bool
	// Before, a date ("2006-01-02", UTC), limits the row to failures
	// dated before it: a provider that changed what a reply means on a
	// known day. The failure's date is its Last-Attempt-Date, else the
	// report's Arrival-Date, else the bounce's Date; a failure with none
	// of them is taken as recent, and the row does not apply.
	Before string
	Source string
	// ID is the rule id's last part. It defaults to Code, then ReplyCode,
	// then Status, then the row's words (see RuleID); rows of one reason
	// that would share an id are told apart by their words, then by
	// "-<row>", so every id names one row.
	ID string
}

// RuleID returns the rule's id as verdicts show it:
// "<provider>/<reason>/<id>", e.g. "mimecast/emailtoolarge/554". It is
// worked out when asked for (a verdict names one rule), not for every row
// at start.
//
// The id names the row by what it matches, so that it stays the same when
// rows are added before it: its ID, else its code, reply code or status,
// else its words as the text index folds them ("google/mailboxfull/the
// email account that you tried to reach is over quota"). Where another
// row of the same reason has the same id, the row's words follow the code
// after a space; only rows alike in that too get "-<row number>".
func (p *Provider) RuleID(i int) string {
	r := &p.Rules[i]
	id := baseRuleID(r, i, p.words(i))
	if r.ID == "" && p.sharesID(i, id, false) {
		if w := p.words(i); w != "" && w != id {
			id += " " + w
		}
		if p.sharesID(i, id, true) {
			id += "-" + strconv.Itoa(i+1)
		}
	}
	return p.Name + "/" + string(r.Reason) + "/" + id
}

// sharesID reports whether a row other than i, of the same reason, has
// the id id: its base id (baseRuleID) or, when extended, its base id
// followed by its words.
func (p *Provider) sharesID(i int, id string, extended bool) bool {
	r := &p.Rules[i]
	for j := range p.Rules {
		o := &p.Rules[j]
		if j == i || o.Reason != r.Reason || o.ID != "" {
			continue
		}
		w := p.words(j)
		oid := baseRuleID(o, j, w)
		if extended && w != "" && w != oid {
			// oid + " " + w, compared without building it.
			if len(id) == len(oid)+1+len(w) && strings.HasPrefix(id, oid) && id[len(oid)] == ' ' && strings.HasSuffix(id, w) {
				return true
			}
			continue
		}
		if oid == id {
			return true
		}
	}
	return false
}

// words returns row i's Text as the text index folds it, "" if it has
// none.
func (p *Provider) words(i int) string {
	if k := p.phrase(i); k >= 0 && tables != nil && int(k) < len(tables.index.phrases) {
		return tables.index.phrases[k].Text
	}
	return ""
}

// phrase returns the phrase of row i's Text in the text index, -1 if none.
func (p *Provider) phrase(i int) int32 {
	if i < len(p.phrases) {
		return p.phrases[i]
	}
	return -1
}

// Providers is the provider stage's table. Its order is the order of the
// documentation, not of precedence: a host belongs to at most one provider
// (TestProviderDomainsUnique).
var Providers = []*Provider{
	Mimecast,
	Cox,
	AOL,
	Apple,
	Facebook,
	Orange,
	LaPoste,
	GoDaddy,
	Google,
	IUA,
	KDDI,
	MessageLabs,
	Microsoft,
	NTTDocomo,
	Spectrum,
	Tencent,
	Yahoo,
	Comcast,
	ATT,
	Verizon,
	WebDeGMX,
	TOnline,
	Yandex,
	MailRu,
	Rambler,
	Zoho,
	Free,
	ProtonMail,
	Rackspace,
	Infomaniak,
	Fastmail,
	MXroute,
	Naver,
	NetEase,
	Sina,
	SoftBank,
	Daum,
	Net263,
	Sohu,
	Hornetsecurity,
	EarthLink,
	IONOS,
	XMission,
	TalkTalk,
	Freenet,
	SFR,
	Strato,
	ImprovMX,
	Cloudflare,
}

// providerIndex maps every provider domain to its provider. It is built
// once at start-up from Providers and read-only afterwards.
var providerIndex map[string]*Provider

// init indexes the providers' domains once, before any goroutine can
// classify; their rows are compiled with the text tables (buildTables).
// The tables are read-only from then on.
func init() {
	providerIndex = buildProviderIndex(Providers)
}

func buildProviderIndex(ps []*Provider) map[string]*Provider {
	idx := make(map[string]*Provider)
	for _, p := range ps {
		for _, d := range p.Domains {
			if _, dup := idx[d]; !dup {
				idx[d] = p
			}
		}
	}
	return idx
}

// baseRuleID is a row's id before rows sharing it are told apart: ID,
// else Code (with CodeTo), the reply code, the status, the row's words,
// the row number.
func baseRuleID(r *ProviderRule, i int, words string) string {
	switch {
	case r.ID != "":
		return r.ID
	case r.Code != "" && r.CodeTo != "":
		return r.Code + "-" + r.CodeTo
	case r.Code != "":
		return r.Code
	case r.ReplyCode != 0:
		return strconv.Itoa(r.ReplyCode)
	case r.Status != "":
		return strings.TrimSuffix(r.Status, ".")
	case words != "":
		return words
	}
	return "row" + strconv.Itoa(i+1)
}

// identify returns the provider the fact belongs to, nil if none.
func identify(in *Input) *Provider {
	if len(providerIndex) == 0 {
		return nil
	}
	if p := lookupHost(remoteHost(in.Recipient.RemoteMTA)); p != nil {
		return p
	}
	if p := lookupHost(textHost(in.Text)); p != nil {
		return p
	}
	if p := bracketedProvider(in.Text); p != nil {
		return p
	}
	if p := lookupHost(domainOf(in.Recipient.Recipient)); p != nil {
		return p
	}
	if p := linkedProvider(in.Text); p != nil {
		return p
	}
	return lookupHost(remoteHost(in.Report.ReportingMTA))
}

// lookupHost returns the provider of host: the one whose domain is the
// longest suffix of host on a label boundary. It does not allocate.
func lookupHost(host string) *Provider {
	host = strings.TrimSuffix(host, ".")
	for host != "" {
		if p, ok := providerIndex[host]; ok {
			return p
		}
		i := strings.IndexByte(host, '.')
		if i < 0 {
			return nil
		}
		host = host[i+1:]
	}
	return nil
}

// remoteHost returns the host name in a Remote-MTA or Reporting-MTA value,
// lower-cased: "mx.example.jp. (192.0.2.1, the server for the domain
// example.jp.)" gives "mx.example.jp".
func remoteHost(s string) string {
	if s == "" {
		return ""
	}
	if i := strings.IndexByte(s, ';'); i >= 0 {
		s = s[i+1:]
	}
	s = strings.TrimLeft(s, " \t")
	if i := strings.IndexAny(s, " \t[("); i >= 0 {
		s = s[:i]
	}
	return lowerASCII(strings.TrimSuffix(s, "."))
}

// textHost returns the host a diagnostic text names as the one that
// answered, as Postfix ("host mx.cox.net[192.0.2.1] said:") and Exim
// ("host: smtp-in.orange.fr (192.0.2.1) reason:") write it. text is
// already lower-cased.
func textHost(text string) string {
	i := strings.Index(text, "host")
	if i < 0 {
		return ""
	}
	s := strings.TrimPrefix(text[i+len("host"):], ":")
	if !strings.HasPrefix(s, " ") {
		return ""
	}
	s = s[1:]
	if j := strings.IndexAny(s, " [("); j >= 0 {
		s = s[:j]
	}
	if strings.IndexByte(s, '.') < 0 {
		return ""
	}
	return strings.TrimSuffix(s, ".")
}

// lowerASCII lower-cases s, allocating only when s has upper-case letters.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return lowerASCII(strings.TrimRight(addr[i+1:], "> "))
	}
	return ""
}

func providerStage(in *Input) (Verdict, bool) {
	p := in.Provider
	if p == nil || in.Text == "" {
		return Verdict{}, false
	}
	i := p.match(in)
	if i < 0 {
		return Verdict{}, false
	}
	return Verdict{Reason: p.Rules[i].Reason, Stage: StageProvider, Rule: p.RuleID(i)}, true
}

// match returns the index of the first rule that matches in, -1 if none.
func (p *Provider) match(in *Input) int {
	code, codeDone := "", false
	status := ""
	for i := range p.Rules {
		r := &p.Rules[i]
		if r.ReplyCode != 0 && r.ReplyCode != in.Recipient.ReplyCode {
			continue
		}
		if r.Status != "" {
			if status == "" {
				status = in.Status.String()
			}
			if !statusMatch(r.Status, status) {
				continue
			}
		}
		if r.Command != "" && !strings.EqualFold(r.Command, in.Command) {
			continue
		}
		if r.Code != "" {
			if !codeDone {
				code, codeDone = p.findCode(in.Text), true
			}
			if !r.codeMatch(code) {
				continue
			}
		}
		if r.Text != "" && (p.phrase(i) < 0 || !in.scan.has(p.phrase(i))) {
			continue
		}
		if r.OwnReply && !p.answered(in) {
			continue
		}
		if r.Before != "" && !failedBefore(in, r.Before) {
			continue
		}
		return i
	}
	return -1
}

// failedBefore reports whether in's failure is dated before the day
// (ProviderRule.Before). A day the table cannot parse is a programming
// error that TestProviderRowsBefore catches; here it matches nothing.
func failedBefore(in *Input, day string) bool {
	cut, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return false
	}
	when := in.Recipient.LastAttemptDate
	if when.IsZero() && in.Report != nil {
		when = in.Report.ArrivalDate
		if when.IsZero() {
			when = in.Report.Date
		}
	}
	return !when.IsZero() && when.Before(cut)
}

// answered reports whether the host that answered the fact's delivery
// attempt is one of p's: its Remote-MTA, or the host its text names.
func (p *Provider) answered(in *Input) bool {
	return lookupHost(remoteHost(in.Recipient.RemoteMTA)) == p || lookupHost(textHost(in.Text)) == p ||
		bracketedProvider(in.Text) == p
}

// bracketedProvider returns the provider of a host name the text gives in
// square brackets, nil if none: Exchange Online ends its replies with the
// name of the server that wrote them, alone or followed by a time and an
// id ("... Recipient address rejected: Access denied
// [BN3NAM04FT051.eop-nam04.prod.protection.outlook.com]", "[...
// 2024-02-19T09:30:25.255Z 08DC...]"), and an MTA relaying the reply may
// add its own words after it (Postfix's "(in reply to RCPT TO command)").
// Only the last few bracketed groups are looked at; an address literal
// ("[192.0.2.1]") names no provider. text is already lower-cased.
func bracketedProvider(text string) *Provider {
	const groups = 3
	for n := 0; n < groups; n++ {
		i := strings.LastIndexByte(text, '[')
		if i < 0 {
			return nil
		}
		word := text[i+1:]
		text = text[:i]
		if p := hostNameProvider(word, " ]"); p != nil {
			return p
		}
	}
	return nil
}

// hostNameProvider returns the provider of the host name s starts with,
// up to the first of stops, nil if it is no host name or no provider's.
func hostNameProvider(s, stops string) *Provider {
	if j := strings.IndexAny(s, stops); j >= 0 {
		s = s[:j]
	}
	if !isHostName(s) {
		return nil
	}
	return lookupHost(s)
}

// linkedProvider returns the provider whose own help page the reply links
// to, nil if none: Mimecast ends each reply with its codes article
// ("... - https://community.mimecast.com/docs/DOC-1369#550 [id]", seed
// 004, Mimecast's "SMTP error codes" article), Google its support pages
// ("550 5.1.1 https://support.google.com/mail/?p=NoSuchUser ... - gsmtp",
// support.google.com/a/answer/3726730), iCloud, NetEase, QQ, Cox and
// others theirs (classify/testdata/provider-replies.tsv). It names the
// provider where the MTA that relayed the reply names no host: qmail
// gives the remote's address only, OpenSMTPD's report no Remote-MTA. Only
// the first few links are looked at; a link to a host no provider owns (a
// block list's page) names none. It is asked after the recipient's domain
// (AT&T's mail, on Yahoo's hosts, links Yahoo's pages and stays AT&T's)
// and before the reporting MTA. text is already lower-cased.
func linkedProvider(text string) *Provider {
	const links = 3
	for n := 0; n < links; n++ {
		i := strings.Index(text, "://")
		if i < 4 || (text[i-4:i] != "http" && (i < 5 || text[i-5:i] != "https")) {
			if i < 0 {
				return nil
			}
			text = text[i+3:]
			continue
		}
		text = text[i+3:]
		if p := hostNameProvider(text, "/?#:]) >'\"\n\t"); p != nil {
			return p
		}
	}
	return nil
}

// isHostName reports whether s looks like a domain name: letters, digits,
// hyphens and at least one dot, with a letter somewhere (so not an IPv4
// literal).
func isHostName(s string) bool {
	dot, letter := false, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.':
			dot = true
		case 'a' <= c && c <= 'z':
			letter = true
		case '0' <= c && c <= '9', c == '-':
		default:
			return false
		}
	}
	return dot && letter
}

// findCode returns the provider's own error code in text, "" if none.
func (p *Provider) findCode(text string) string {
	if p.CodePattern == nil {
		return ""
	}
	m := p.CodePattern.FindStringSubmatch(text)
	if len(m) < 2 {
		return ""
	}
	return m[1]
}

// codeMatch reports whether code, as the provider's CodePattern found it
// in the lower-cased text, is the row's Code or in its range.
func (r *ProviderRule) codeMatch(code string) bool {
	if code == "" {
		return false
	}
	if r.CodeTo == "" {
		return strings.EqualFold(code, r.Code)
	}
	n, err := strconv.Atoi(code)
	if err != nil {
		return false
	}
	lo, errLo := strconv.Atoi(r.Code)
	hi, errHi := strconv.Atoi(r.CodeTo)
	return errLo == nil && errHi == nil && lo <= n && n <= hi
}

func statusMatch(want, got string) bool {
	if strings.HasSuffix(want, ".") {
		return strings.HasPrefix(got, want)
	}
	return want == got
}
