package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// The helpers below are shared by the provider decoders. Their names
// start with "prov" so that they cannot collide with the MTA decoders'.

// provDomainIn reports whether domain is one of domains or a subdomain of
// one, matching on label boundaries ("ox.net" does not match "cox.net").
func provDomainIn(domain string, domains ...string) bool {
	domain = strings.ToLower(strings.TrimSuffix(domain, "."))
	for _, d := range domains {
		if domain == d || strings.HasSuffix(domain, "."+d) {
			return true
		}
	}
	return false
}

// provHasHeader reports whether m has any of the named header fields.
func provHasHeader(m *dsn.Message, names ...string) bool {
	for _, n := range names {
		if m.Header.Has(n) {
			return true
		}
	}
	return false
}

// provOriginHops is how many of the earliest Received fields
// provReceivedBy looks at: the one where the bounce was made, or, when the
// provider wrote none, the one where the recipient's server took it from
// the provider.
const provOriginHops = 1

// provReceivedBy reports whether the earliest Received field (the last in
// the header) names a host in one of domains, as the sending or the
// receiving host. Later hops are the bounce recipient's own servers and
// say nothing of who wrote the bounce.
func provReceivedBy(m *dsn.Message, domains ...string) bool {
	vs := m.Header.Values("Received")
	if len(vs) > provOriginHops {
		vs = vs[len(vs)-provOriginHops:]
	}
	for _, v := range vs {
		for _, w := range strings.FieldsFunc(strings.ToLower(v), provHostSep) {
			// Addresses ("for <user@example.jp>") name no host.
			if strings.IndexByte(w, '.') > 0 && strings.IndexByte(w, '@') < 0 && provDomainIn(w, domains...) {
				return true
			}
		}
	}
	return false
}

func provHostSep(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '(', ')', '[', ']', '<', '>', ';', ',', '"':
		return true
	}
	return false
}

// provSection returns the text after the first of starts up to the first
// of ends that follows it (or the end of text), and whether a start was
// found. An empty starts means from the beginning.
func provSection(text string, starts, ends []string) (string, bool) {
	if len(starts) > 0 {
		i, n := mailtext.IndexFoldAny(text, starts...)
		if i < 0 {
			return "", false
		}
		text = text[i+n:]
	}
	if j, _ := mailtext.IndexFoldAny(text, ends...); j >= 0 {
		text = text[:j]
	}
	return text, true
}

// addrLine returns the address a line holds when the line holds
// nothing else: "a@b", "<a@b>", "\"a@b\":", "<a@b>:" and the like. It
// returns "" for any other line.
func addrLine(line string) string {
	s := mailtext.TrimSpace(line)
	s = strings.TrimSuffix(s, ":")
	s = strings.TrimSuffix(s, ",")
	s = mailtext.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, " \t") || strings.Count(s, "@") != 1 {
		return ""
	}
	s = strings.Trim(s, "<>\"'")
	if strings.ContainsAny(s, "<>\"'()[]:;,") {
		return ""
	}
	at := strings.IndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return ""
	}
	return s
}

// provMaxFieldLines bounds the continuation lines kept for one field by
// provFieldText.
const provMaxFieldLines = 16

// provFieldText returns the block of RFC 3464 fields that starts text:
// field lines, their continuation lines (at most provMaxFieldLines each)
// and blank lines, up to the first line that is none of these. It keeps
// dsn.ParseFields's work linear whatever follows the fields.
func provFieldText(text string) string {
	var b strings.Builder
	cont := 0
	for _, l := range textLines(text) {
		switch {
		case mailtext.TrimSpace(l) == "":
			cont = 0
		case l[0] == ' ' || l[0] == '\t':
			if cont++; cont > provMaxFieldLines {
				continue
			}
		default:
			colon := strings.IndexByte(l, ':')
			if colon <= 0 || !dsn.ValidFieldName([]byte(l[:colon])) {
				return b.String()
			}
			cont = 0
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}

// provOriginalAtField reads the returned message's header from the first
// line of text (after offset from) that starts with one of the given field
// names ("Received:", "Return-Path:", ...). Providers that paste the
// original's header without a marker line are read this way.
func provOriginalAtField(text string, from int, names ...string) (dsn.Original, bool) {
	if from < 0 || from > len(text) {
		return dsn.Original{}, false
	}
	rest := text[from:]
	best := -1
	for _, n := range names {
		for off := 0; off < len(rest); {
			i := strings.Index(rest[off:], n)
			if i < 0 {
				break
			}
			i += off
			if i == 0 || rest[i-1] == '\n' {
				if best < 0 || i < best {
					best = i
				}
				break
			}
			off = i + len(n)
		}
	}
	if best < 0 {
		return dsn.Original{}, false
	}
	return dsn.ParseOriginal([]byte(rest[best:])), true
}

// provSMTPReply splits an MTA's account of a remote reply into the host
// that answered and the reply itself. It knows the shapes the provider
// formats use:
//
//	host mx.example.jp [192.0.2.1]: 550 5.1.1 ...       (Exim)
//	host: mx.example.jp (192.0.2.1) reason: 550 ...     (United Internet)
//	host: mx.example.jp 5.1.1 ...                       (GMX, lines joined)
//
// It returns host "" and the text unchanged when neither is there.
func provSMTPReply(text string) (host, reply string) {
	lower := mailtext.LowerASCII(text)
	for off, tries := 0, 0; tries < 8; tries++ {
		i := strings.Index(lower[off:], "host ")
		if i < 0 {
			break
		}
		i += off
		off = i + len("host ")
		rest := text[off:]
		sp := strings.IndexAny(rest, " \t")
		if sp <= 0 {
			continue
		}
		after := strings.TrimLeft(rest[sp:], " \t")
		if !strings.HasPrefix(after, "[") {
			continue
		}
		if j := strings.Index(after, "]:"); j > 0 && j < 64 {
			return strings.TrimSuffix(rest[:sp], "."), mailtext.TrimSpace(after[j+2:])
		}
	}
	if i := strings.Index(lower, "host: "); i >= 0 {
		rest := text[i+len("host: "):]
		h, after := rest, ""
		if sp := strings.IndexAny(rest, " \t,"); sp > 0 {
			h, after = rest[:sp], rest[sp:]
		}
		if j := strings.Index(mailtext.LowerASCII(rest), "reason:"); j >= 0 {
			return strings.TrimSuffix(h, "."), mailtext.TrimSpace(rest[j+len("reason:"):])
		}
		return strings.TrimSuffix(h, "."), mailtext.TrimSpace(strings.TrimLeft(after, ","))
	}
	return "", text
}
