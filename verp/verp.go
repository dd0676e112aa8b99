// Package verp decodes VERP addresses: Variable Envelope Return Paths
// (D. J. Bernstein, https://cr.yp.to/proto/verp.txt), the envelope
// senders into which a mailing list or a bulk sender writes the address of
// each recipient, so that a bounce, which goes back to the envelope
// sender, names the recipient it concerns by the address it arrives at,
// whatever the report inside says (or fails to say).
//
// A Pattern describes one sender's convention. It is either the name of a
// convention this package knows (Builtins: postfix, qmail, mailman, sympa)
// or a template of one's own, an address in which
//
//   - {local} stands for the recipient's local part and {domain} for its
//     domain, each exactly once, in the template's local part, with
//     literal text between them that holds a character a domain name
//     cannot ("=", "+", "%", "=="...);
//   - * stands for any text without "@" (a list name, a message number, a
//     host), as short as it can be; it cannot touch a placeholder;
//   - everything else is literal and compared ignoring case.
//
// For example "bounces-{local}={domain}@example.org" or
// "*-return-*-{local}={domain}@lists.example.org". A template is compiled
// to an anchored regular expression (package regexp: linear time,
// whatever the address).
//
// A decoded address is checked before it is believed: a local part of at
// most 64 bytes of RFC 5322 atext and dots, a domain of at least two
// labels of letters, digits and hyphens (or UTF-8 letters, RFC 6531),
// nothing else. An address that fails is no VERP address.
package verp

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// DecoderName is the "decodedby" of a fact that no decoder of the report
// found, whose recipient is the VERP address of the bounce's envelope.
const DecoderName = "VERP"

// maxAddress bounds the addresses Decode reads: RFC 5321 section
// 4.5.3.1.3 allows a path of 256 octets.
const maxAddress = 512

// Builtin is a convention this package knows by name.
type Builtin struct {
	Name     string // what --verp takes
	Template string // the template it stands for
	Example  string // an address in the convention, for user@example.com
	Source   string // where the convention is defined
	Note     string // what to know before using it
}

// Builtins are the conventions known by name, in the order the
// documentation lists them. The postfix convention takes its delimiters
// as an argument ("postfix:-="); the default is "+=".
var Builtins = []Builtin{
	{
		Name:     "postfix",
		Template: "*+{local}={domain}@*",
		Example:  "owner-list+user=example.com@lists.example.org",
		// Postfix's verp_sender() turns prefix@origin into
		// prefix+user=domain@origin with default_verp_delimiters = +=;
		// the delimiters may be any two of verp_delimiter_filter (-=+).
		Source: "vdukhovni/postfix:postfix/src/global/verp_sender.c; https://www.postfix.org/VERP_README.html",
		Note:   "the sender's local part must not hold the first delimiter; write a template with the list's address if it does",
	},
	{
		Name:     "qmail",
		Template: "*-{local}={domain}@*",
		Example:  "owner-user=example.com@lists.example.org",
		// qmail-send's senderadd(): an envelope sender ending in -@[]
		// (owner-@host-@[]) becomes owner-recipbox=reciphost@host.
		Source: "notqmail/notqmail:qmail-send.c (senderadd); https://cr.yp.to/proto/verp.txt",
		Note:   "the text before the first '-' is taken for the sender; if the sender's local part holds '-' (list-owner-), write a template with it",
	},
	{
		Name:     "mailman",
		Template: "*-bounces+{local}={domain}@*",
		Example:  "list-bounces+user=example.com@lists.example.org",
		// Mailman 2's VERP_FORMAT = '%(bounces)s+%(mailbox)s=%(host)s' and
		// Mailman 3's verp_format = ${bounces}+${local}=${domain}, where
		// bounces is the list's -bounces address.
		Source: "Koumbit/mailman2:Mailman/Defaults.py.in (VERP_FORMAT); wikimedia/operations-debs-mailman3:src/mailman/config/schema.cfg ([mta] verp_format)",
	},
	{
		Name:     "sympa",
		Template: "bounce+{local}==a=={domain}==*@*",
		Example:  "bounce+user==a==example.com==list@lists.example.org",
		// Sympa's return path bounce+user==a==userdomain==listname@domain,
		// with ==w, ==r (welcome and reminder probes) or ==ENVID
		// (tracking) after the list name; bounce is bounce_email_prefix.
		Source: "sympa-community/sympa-community.github.io:manual/customize/bounce-management.md (VERP); sympa-community/sympa:src/lib/Sympa/Spindle/ProcessBounce.pm",
		Note:   "with another bounce_email_prefix, write a template: PREFIX+{local}==a=={domain}==*@*",
	},
}

// postfixDelimiters are the characters Postfix accepts as VERP delimiters
// by default (verp_delimiter_filter = -=+, postconf(5)).
const postfixDelimiters = "-=+"

// Pattern is one convention, compiled. Create it with Parse.
type Pattern struct {
	spec string
	re   *regexp.Regexp
}

// Errors Parse returns, wrapped, for callers to branch on.
var (
	// ErrPattern means a pattern is neither a known name nor a valid template.
	ErrPattern = errors.New("verp: bad pattern")
)

// Parse returns the Pattern spec names: a built-in name (Builtins),
// "postfix:XY" with two Postfix delimiters, or a template.
func Parse(spec string) (*Pattern, error) {
	s := strings.TrimSpace(spec)
	if s == "" {
		return nil, fmt.Errorf("%w: empty", ErrPattern)
	}
	tmpl := s
	if name, arg, ok := strings.Cut(s, ":"); ok && !strings.ContainsAny(name, "@{*") {
		if !strings.EqualFold(name, "postfix") {
			return nil, fmt.Errorf("%w %q: only postfix takes an argument (its two delimiters)", ErrPattern, s)
		}
		t, err := postfixTemplate(arg)
		if err != nil {
			return nil, fmt.Errorf("%w %q: %w", ErrPattern, s, err)
		}
		tmpl = t
	} else if b, ok := builtin(s); ok {
		tmpl = b.Template
	} else if !strings.Contains(s, "@") {
		return nil, fmt.Errorf("%w %q: not a known name (%s) nor a template (an address with {local} and {domain})",
			ErrPattern, s, strings.Join(builtinNames(), ", "))
	}
	re, err := compile(tmpl)
	if err != nil {
		return nil, fmt.Errorf("%w %q: %w", ErrPattern, s, err)
	}
	return &Pattern{spec: s, re: re}, nil
}

// builtin returns the convention called name.
func builtin(name string) (Builtin, bool) {
	for _, b := range Builtins {
		if strings.EqualFold(b.Name, name) {
			return b, true
		}
	}
	return Builtin{}, false
}

func builtinNames() []string {
	out := make([]string, len(Builtins))
	for i, b := range Builtins {
		out[i] = b.Name
	}
	return out
}

// postfixTemplate is Postfix's convention with the delimiters d.
func postfixTemplate(d string) (string, error) {
	if len(d) != 2 {
		return "", fmt.Errorf("want two delimiters, like +=")
	}
	for i := 0; i < 2; i++ {
		if strings.IndexByte(postfixDelimiters, d[i]) < 0 {
			return "", fmt.Errorf("delimiter %q: Postfix accepts only %s (verp_delimiter_filter)", d[i], postfixDelimiters)
		}
	}
	if d[0] == d[1] {
		return "", fmt.Errorf("the two delimiters must differ")
	}
	if d[1] == '-' {
		return "", fmt.Errorf("a second delimiter '-' cannot be told from a hyphen in the recipient's domain")
	}
	return "*" + d[:1] + "{local}" + d[1:] + "{domain}@*", nil
}

// String returns the pattern as it was given.
func (p *Pattern) String() string { return p.spec }

// The regular expressions of a template's parts.
const (
	reAny    = `[^@]+?`
	reLocal  = `(?P<local>[^@]+)`
	reDomain = `(?P<domain>[-.0-9a-z[:^ascii:]]+)`
)

// token is one part of a template.
type token struct {
	kind byte   // 'l' literal, '*' wildcard, 'L' {local}, 'D' {domain}
	text string // a literal's text
}

// compile checks a template and compiles it.
func compile(tmpl string) (*regexp.Regexp, error) {
	if len(tmpl) > maxAddress {
		return nil, fmt.Errorf("longer than %d bytes", maxAddress)
	}
	if !utf8.ValidString(tmpl) {
		return nil, fmt.Errorf("not UTF-8")
	}
	for _, r := range tmpl {
		if r <= ' ' || r == 0x7f {
			return nil, fmt.Errorf("white space or a control character")
		}
	}
	toks, err := tokenize(tmpl)
	if err != nil {
		return nil, err
	}
	ats, locals, domains := 0, 0, 0
	for i, t := range toks {
		switch t.kind {
		case 'l':
			ats += strings.Count(t.text, "@")
		case 'L', 'D':
			if ats > 0 {
				return nil, fmt.Errorf("{local} and {domain} belong before the @")
			}
			if t.kind == 'L' {
				locals++
			} else {
				domains++
			}
		}
		if i > 0 && t.kind != 'l' && toks[i-1].kind != 'l' {
			return nil, fmt.Errorf("a wildcard or placeholder must be separated from the next by literal text")
		}
	}
	switch {
	case locals != 1 || domains != 1:
		return nil, fmt.Errorf("want {local} and {domain} once each")
	case ats != 1:
		return nil, fmt.Errorf("want one @ between the local part and the domain")
	case strings.HasSuffix(tmpl, "@") || strings.HasPrefix(tmpl, "@"):
		return nil, fmt.Errorf("the local part and the domain must not be empty")
	}
	if err := checkSeparator(toks); err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString(`(?i)^`)
	for _, t := range toks {
		switch t.kind {
		case 'l':
			b.WriteString(regexp.QuoteMeta(t.text))
		case '*':
			b.WriteString(reAny)
		case 'L':
			b.WriteString(reLocal)
		case 'D':
			b.WriteString(reDomain)
		}
	}
	b.WriteString(`$`)
	return regexp.Compile(b.String())
}

// tokenize splits a template into literals, wildcards and placeholders.
func tokenize(tmpl string) ([]token, error) {
	var toks []token
	lit := func(s string) {
		if s == "" {
			return
		}
		if n := len(toks); n > 0 && toks[n-1].kind == 'l' {
			toks[n-1].text += s
			return
		}
		toks = append(toks, token{kind: 'l', text: s})
	}
	for s := tmpl; s != ""; {
		i := strings.IndexAny(s, "*{}")
		if i < 0 {
			lit(s)
			break
		}
		lit(s[:i])
		switch s[i] {
		case '*':
			toks = append(toks, token{kind: '*'})
			s = s[i+1:]
		case '}':
			return nil, fmt.Errorf("a '}' without its '{'")
		case '{':
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return nil, fmt.Errorf("a '{' without its '}'")
			}
			switch name := s[i+1 : i+end]; name {
			case "local":
				toks = append(toks, token{kind: 'L'})
			case "domain":
				toks = append(toks, token{kind: 'D'})
			default:
				return nil, fmt.Errorf("unknown placeholder {%s}: want {local} or {domain}", name)
			}
			s = s[i+end+1:]
		}
	}
	return toks, nil
}

// checkSeparator requires the literal text next to {domain} on the side
// of {local} to hold a character no domain name holds: else the split of
// "a-b-c.example" into local part and domain would be a guess.
func checkSeparator(toks []token) error {
	for i, t := range toks {
		if t.kind != 'D' {
			continue
		}
		for _, j := range []int{i - 1, i + 1} {
			if j < 0 || j >= len(toks) || toks[j].kind != 'l' {
				continue
			}
			// Only the literal between the two placeholders matters.
			k := j + (j - i)
			if k < 0 || k >= len(toks) || toks[k].kind != 'L' {
				continue
			}
			if !strings.ContainsFunc(toks[j].text, func(r rune) bool { return !domainRune(r) }) {
				return fmt.Errorf("the text %q between {local} and {domain} must hold a character a domain name cannot (such as = or +)", toks[j].text)
			}
		}
	}
	return nil
}

// domainRune reports whether r may be part of a domain name as {domain}
// matches it.
func domainRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r >= utf8.RuneSelf
}

// Decode returns the recipient address addr encodes, and true, when addr
// is in the pattern's convention and what it encodes is an address.
// addr may come with angle brackets.
func (p *Pattern) Decode(addr string) (string, bool) {
	addr = strings.TrimSpace(addr)
	addr = strings.TrimSuffix(strings.TrimPrefix(addr, "<"), ">")
	if addr == "" || len(addr) > maxAddress || !utf8.ValidString(addr) {
		return "", false
	}
	m := p.re.FindStringSubmatch(addr)
	if m == nil {
		return "", false
	}
	local, domain := m[p.re.SubexpIndex("local")], m[p.re.SubexpIndex("domain")]
	if !validLocal(local) || !validDomain(domain) {
		return "", false
	}
	return local + "@" + strings.ToLower(domain), true
}

// validLocal reports whether s is a dot-atom local part (RFC 5322
// section 3.2.3) of at most 64 bytes (RFC 5321 section 4.5.3.1.1), UTF-8
// allowed (RFC 6531).
func validLocal(s string) bool {
	if s == "" || len(s) > 64 || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.':
		case strings.ContainsRune("!#$%&'*+-/=?^_`{|}~", r):
		case r >= 0xa0 && r != utf8.RuneError:
		default:
			return false
		}
	}
	return true
}

// validDomain reports whether s is a domain name of two labels or more,
// each 1 to 63 bytes of letters, digits and inner hyphens, or UTF-8
// letters (RFC 5890), at most 253 bytes.
func validDomain(s string) bool {
	if len(s) > 253 {
		return false
	}
	labels := strings.Split(s, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if !domainRune(r) || r == '.' || r == utf8.RuneError || r >= 0x80 && r < 0xa0 {
				return false
			}
		}
	}
	return true
}

// Patterns are several conventions, tried in order.
type Patterns []*Pattern

// ParseAll parses each spec (Parse).
func ParseAll(specs []string) (Patterns, error) {
	ps := make(Patterns, 0, len(specs))
	for _, s := range specs {
		p, err := Parse(s)
		if err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	return ps, nil
}

// Decode returns what the first pattern that decodes addr decodes.
func (ps Patterns) Decode(addr string) (string, bool) {
	for _, p := range ps {
		if r, ok := p.Decode(addr); ok {
			return r, true
		}
	}
	return "", false
}

// String lists the patterns as given, separated by commas.
func (ps Patterns) String() string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.spec
	}
	return strings.Join(s, ", ")
}
