package metamorph

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message/charset"
)

// Transformation is a named rewrite of a message. Each reads a message
// with any line ends (LF, CRLF, CR) and writes one with LF line ends, but
// for CRLF and CR.
type Transformation struct {
	Name string
	Func func([]byte) []byte
}

// All returns every transformation, in a fixed order.
func All() []Transformation {
	return []Transformation{
		{"lf", LF},
		{"crlf", CRLF},
		{"cr", CR},
		{"refold-78", func(b []byte) []byte { return Refold(b, 78) }},
		{"refold-60", func(b []byte) []byte { return Refold(b, 60) }},
		{"refold-tab", RefoldTab},
		{"unfold", Unfold},
		{"quoted-printable", QuotedPrintable},
		{"base64", Base64},
		{"boundary", RenameBoundaries},
		{"preamble-removed", RemovePreamble},
		{"preamble-changed", ChangePreamble},
		{"trace-fields", PrependTrace},
		{"names-lower", LowerNames},
		{"names-upper", UpperNames},
		{"types-upper", UpperMediaTypes},
		{"report-order", SortReportFields},
		{"report-reversed", ReverseReportFields},
		{"report-spacing", TightReportFields},
		{"encoded-words", EncodeHeaderWords},
		{"utf-8", ToUTF8},
		{"original-headers", OriginalHeadersOnly},
		{"original-removed", RemoveOriginal},
		{"mbox", MboxFromLine},
		{"list-footer", ListFooter},
		{"header-order", SortHeader},
		{"html-alternative", AddHTMLAlternative},
		{"relay-chain", RelayChain},
	}
}

// rewrite parses msg, lets fn change the tree and serializes it.
func rewrite(msg []byte, fn func(*entity)) []byte {
	e := parse(LF(msg))
	fn(e)
	return e.bytes()
}

// LF turns CRLF and lone CR line ends into LF, as a Unix MTA's local
// delivery stores a message.
func LF(msg []byte) []byte {
	msg = bytes.ReplaceAll(msg, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(msg, []byte("\r"), []byte("\n"))
}

// CRLF turns LF line ends into CRLF, the line ends of SMTP (RFC 5321
// section 2.3.8) that Exchange, Windows clients and any message saved
// from the wire keep.
func CRLF(msg []byte) []byte {
	return bytes.ReplaceAll(LF(msg), []byte("\n"), []byte("\r\n"))
}

// CR turns LF line ends into CR alone, as classic Mac OS mail clients
// (Eudora, Claris Emailer) saved messages.
func CR(msg []byte) []byte {
	return bytes.ReplaceAll(LF(msg), []byte("\n"), []byte("\r"))
}

// Refold unfolds every header field, of the message, of its parts and of
// its delivery and feedback reports, and folds those longer than width
// columns again at white space (RFC 5322 section 2.2.3), as Exchange,
// Gmail and Sendmail each fold at their own width. It folds only at a
// single space or tab between two other characters, where unfolding the
// RFC's way (the line end removed) and joining lines by one space agree.
func Refold(msg []byte, width int) []byte {
	return rewrite(msg, func(e *entity) {
		e.walk(func(e *entity) {
			eachField(e, func(f []byte) []byte { return fold(unfoldField(f), width) })
		})
	})
}

// RefoldTab is Refold at 76 columns with a tab, not a space, opening each
// continuation line, as Exchange and Outlook fold: white space for white
// space (RFC 5322 section 3.2.2).
func RefoldTab(msg []byte) []byte {
	return rewrite(msg, func(e *entity) {
		e.walk(func(e *entity) {
			eachField(e, func(f []byte) []byte {
				return bytes.ReplaceAll(fold(unfoldField(f), 76), []byte("\n "), []byte("\n\t"))
			})
		})
	})
}

// RelayChain is several rewrites one after the other, as a bounce meets
// them on its way through a forwarder, a filtering gateway and a store:
// boundaries renamed, text re-encoded as quoted-printable, names in lower
// case, fields folded at 70 columns, trace fields added, CRLF line ends.
func RelayChain(msg []byte) []byte {
	msg = RenameBoundaries(msg)
	msg = QuotedPrintable(msg)
	msg = LowerNames(msg)
	msg = Refold(msg, 70)
	msg = PrependTrace(msg)
	return CRLF(msg)
}

// Unfold writes every header field on one line, as mail stores and
// clients that keep the header unfolded (and some relays) write it back.
func Unfold(msg []byte) []byte {
	return rewrite(msg, func(e *entity) {
		e.walk(func(e *entity) { eachField(e, unfoldField) })
	})
}

// eachField replaces each header field of e, and each field of its
// report, with fn's rewrite of it.
func eachField(e *entity, fn func([]byte) []byte) {
	for i, f := range e.fields {
		e.fields[i] = fn(f)
	}
	for i, g := range e.groups {
		if _, _, ok := splitField(g); ok {
			e.groups[i] = fn(g)
		}
	}
}

// unfoldField removes the line ends inside a field (RFC 5322 section
// 2.2.3), keeping the one that ends it.
func unfoldField(f []byte) []byte {
	body := bytes.TrimSuffix(f, []byte("\n"))
	if bytes.IndexByte(body, '\n') < 0 {
		return f
	}
	out := bytes.ReplaceAll(body, []byte("\n"), nil)
	return append(out, f[len(body):]...)
}

// fold folds a one-line field at single white space so that its lines
// are at most width columns where white space allows, and never breaks
// before the name's colon.
func fold(f []byte, width int) []byte {
	body := bytes.TrimSuffix(f, []byte("\n"))
	if len(body) <= width {
		return f
	}
	colon := bytes.IndexByte(body, ':')
	canBreak := func(i int) bool { // a break before body[i]
		return i > colon+1 && i+1 < len(body) && (body[i] == ' ' || body[i] == '\t') &&
			body[i-1] != ' ' && body[i-1] != '\t' && body[i+1] != ' ' && body[i+1] != '\t'
	}
	var out []byte
	start := 0
	for len(body)-start > width {
		brk := -1
		for i := start + width; i > start; i-- {
			if canBreak(i) {
				brk = i
				break
			}
		}
		if brk < 0 { // no white space within the width: the next one after it
			for i := start + width + 1; i < len(body); i++ {
				if canBreak(i) {
					brk = i
					break
				}
			}
		}
		if brk < 0 {
			break
		}
		out = append(out, body[start:brk]...)
		out = append(out, '\n')
		start = brk
	}
	out = append(out, body[start:]...)
	return append(out, f[len(body):]...)
}

// textLeaf reports whether e is a text part whose transfer encoding can
// be changed: a leaf of type text/plain or text/html (or a message
// without a Content-Type, which is text/plain) with a body.
func textLeaf(e *entity) bool {
	if e.boundary != "" || e.inner != nil || e.groups != nil || len(e.body) == 0 || len(e.fields) == 0 {
		return false
	}
	mt, _ := e.contentType()
	return mt == "text/plain" || mt == "text/html"
}

// decodedBody returns a text leaf's body without its transfer encoding.
func decodedBody(e *entity) ([]byte, bool) {
	switch e.encoding() {
	case "":
		return e.body, true
	case "quoted-printable":
		b, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(e.body)))
		return b, err == nil
	case "base64":
		b, err := base64.StdEncoding.DecodeString(strings.Map(func(r rune) rune {
			if r == '\n' || r == '\r' || r == ' ' || r == '\t' {
				return -1
			}
			return r
		}, string(e.body)))
		return bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")), err == nil
	}
	return nil, false
}

// reencode gives every text leaf of msg the transfer encoding enc, with
// the body enc makes of its decoded text.
func reencode(msg []byte, enc string, encode func([]byte) []byte) []byte {
	return rewrite(msg, func(root *entity) {
		root.walk(func(e *entity) {
			if !textLeaf(e) {
				return
			}
			text, ok := decodedBody(e)
			if !ok {
				return
			}
			if _, i := e.field("MIME-Version"); e == root && i < 0 {
				e.setField("MIME-Version", "1.0")
			}
			e.setField("Content-Transfer-Encoding", enc)
			e.body = encode(text)
		})
	})
}

// QuotedPrintable re-encodes every text part as quoted-printable with
// soft line breaks at 76 columns (RFC 2045 section 6.7), which may fall
// inside a word: what Sendmail's and Postfix's 8BITMIME downgrade
// (RFC 6152) and clients such as Outlook and Thunderbird write.
func QuotedPrintable(msg []byte) []byte {
	return reencode(msg, "quoted-printable", encodeQP)
}

// Base64 re-encodes every text part as base64 in 76-column lines
// (RFC 2045 section 6.8), of the text in canonical form, CRLF line ends:
// what Exchange, Office 365 and many web mailers send.
func Base64(msg []byte) []byte {
	return reencode(msg, "base64", func(text []byte) []byte {
		s := base64.StdEncoding.EncodeToString(bytes.ReplaceAll(text, []byte("\n"), []byte("\r\n")))
		var out []byte
		for len(s) > 76 {
			out = append(append(out, s[:76]...), '\n')
			s = s[76:]
		}
		return append(append(out, s...), '\n')
	})
}

// encodeQP encodes text, with LF line ends, as quoted-printable lines of
// at most 76 characters.
func encodeQP(text []byte) []byte {
	var out []byte
	lines := bytes.SplitAfter(text, []byte("\n"))
	for _, line := range lines {
		body := bytes.TrimSuffix(line, []byte("\n"))
		col := 0
		for i, c := range body {
			var tok string
			switch {
			case c == '=' || c < ' ' && c != '\t' || c > '~':
				tok = fmt.Sprintf("=%02X", c)
			case (c == ' ' || c == '\t') && i == len(body)-1:
				tok = fmt.Sprintf("=%02X", c) // white space ending a line is dropped in decoding
			default:
				tok = string(c)
			}
			if col+len(tok) > 75 { // room for the soft break's "="
				out = append(out, "=\n"...)
				col = 0
			}
			out = append(out, tok...)
			col += len(tok)
		}
		out = append(out, line[len(body):]...)
	}
	return out
}

// RenameBoundaries gives every multipart a new boundary string, as a
// client or list server that rebuilds the MIME structure does.
func RenameBoundaries(msg []byte) []byte {
	n := 0
	return rewrite(msg, func(e *entity) {
		e.walk(func(e *entity) {
			if e.boundary == "" {
				return
			}
			n++
			renameBoundary(e, fmt.Sprintf("=_metamorph_%d_Zq8", n))
		})
	})
}

// renameBoundary sets e's boundary to b, in its Content-Type and its
// delimiter lines.
func renameBoundary(e *entity, b string) {
	v, i := e.field("Content-Type")
	old := e.boundary
	nv := strings.Replace(v, `"`+old+`"`, `"`+b+`"`, 1)
	if nv == v {
		nv = strings.Replace(v, "="+old, `="`+b+`"`, 1)
	}
	name, _, _ := splitField(e.fields[i])
	e.fields[i] = []byte(name + ": " + nv + "\n")
	for j := range e.delims {
		e.delims[j] = []byte("--" + b)
	}
	if e.closing != nil {
		rest := e.closing[bytes.IndexByte(append(e.closing, '\n'), '\n'):]
		e.closing = append([]byte("--"+b+"--"), rest...)
	}
	e.boundary = b
}

// RemovePreamble removes the text before every multipart's first part,
// which MIME readers never show (RFC 2046 section 5.1.1): clients and
// list servers that rebuild a message drop it.
func RemovePreamble(msg []byte) []byte {
	return rewrite(msg, func(e *entity) {
		e.walk(func(e *entity) {
			if e.boundary != "" {
				e.preamble = nil
			}
		})
	})
}

// ChangePreamble writes the preamble Thunderbird and Outlook write before
// every multipart's first part instead of the one it had.
func ChangePreamble(msg []byte) []byte {
	return rewrite(msg, func(e *entity) {
		e.walk(func(e *entity) {
			if e.boundary != "" {
				e.preamble = []byte("This is a multi-part message in MIME format.\n\n")
			}
		})
	})
}

// PrependTrace adds above the header what the receiving MTA and a
// forwarder add: a Received field (RFC 5321 section 4.4, Postfix's
// format), Authentication-Results (RFC 8601), a DKIM-Signature (RFC 6376)
// and an ARC set (RFC 8617), folded as their signers fold them.
func PrependTrace(msg []byte) []byte {
	return rewrite(msg, func(e *entity) {
		to := "postmaster@example.org"
		if v, i := e.field("To"); i >= 0 {
			if a := strings.Trim(lastWord(v), "<>"); strings.Contains(a, "@") {
				to = a
			}
		}
		trace := []string{
			"ARC-Seal: i=1; a=rsa-sha256; t=1700000000; cv=none; d=forwarder.example;\n s=arc-2023; b=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy\n YmF6cXV4Zm9vYmFyYmF6cXV4\n",
			"ARC-Message-Signature: i=1; a=rsa-sha256; c=relaxed/relaxed;\n d=forwarder.example; s=arc-2023; h=from:to:subject:date:message-id;\n bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\n b=cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6\n",
			"ARC-Authentication-Results: i=1; mx.forwarder.example; spf=pass\n smtp.mailfrom=mx.example.net; dkim=none\n",
			"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=forwarder.example;\n\ts=sel1; t=1700000000; h=from:to:subject:date;\n\tbh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\n\tb=YmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy\n",
			"Authentication-Results: mx.example.org; spf=pass smtp.helo=mx.forwarder.example\n",
			"Received: from mx.forwarder.example (mx.forwarder.example [192.0.2.25])\n\tby mx.example.org (Postfix) with ESMTPS id 4Zq8Xy1AbCz9sT\n\tfor <" + to + ">; Tue, 14 Nov 2023 22:13:20 +0000 (UTC)\n",
		}
		var fs [][]byte
		for _, t := range trace {
			fs = append(fs, []byte(t))
		}
		e.fields = append(fs, e.fields...)
	})
}

// lastWord returns the last white-space separated word of s.
func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// LowerNames writes every field name in lower case, as the header of a
// message that passed through a relay or store that lower-cases names
// (HTTP-based mail APIs, some webmail exports); names are
// case-insensitive (RFC 5322 section 1.2.2, RFC 3464 section 2.1.1).
func LowerNames(msg []byte) []byte {
	return caseNames(msg, strings.ToLower)
}

// UpperNames writes every field name in upper case, as some mainframe
// and legacy gateways do.
func UpperNames(msg []byte) []byte {
	return caseNames(msg, strings.ToUpper)
}

func caseNames(msg []byte, fn func(string) string) []byte {
	return rewrite(msg, func(e *entity) {
		e.walk(func(e *entity) {
			eachField(e, func(f []byte) []byte {
				i := bytes.IndexByte(f, ':')
				if i < 0 {
					return f
				}
				return append([]byte(fn(string(f[:i]))), f[i:]...)
			})
		})
	})
}

// UpperMediaTypes writes every Content-Type's media type and parameter
// names in upper case ("MULTIPART/REPORT; REPORT-TYPE=delivery-status;
// BOUNDARY=..."): both are case-insensitive (RFC 2045 section 5.1), and
// mainframe gateways and some older Exchange versions write them so.
func UpperMediaTypes(msg []byte) []byte {
	return rewrite(msg, func(e *entity) {
		e.walk(func(e *entity) {
			v, i := e.field("Content-Type")
			if i < 0 {
				return
			}
			mt, params, err := mime.ParseMediaType(v)
			if err != nil {
				return
			}
			out := strings.ToUpper(mt)
			keys := make([]string, 0, len(params))
			for k, v := range params {
				if !isASCII(v) {
					return // a value strconv.Quote would escape
				}
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				out += "; " + strings.ToUpper(k) + "=" + strconv.Quote(params[k])
			}
			name, _, _ := splitField(e.fields[i])
			e.fields[i] = []byte(name + ": " + out + "\n")
		})
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// SortReportFields writes the fields of each group of a delivery or
// feedback report (the per-message fields, each recipient's) in the
// alphabetical order of their names, repeated fields in the order they
// came: RFC 3464 section 2.1 gives the groups, not an order within them,
// and MTAs each write their own (Exchange's Action and Arrival-Date
// before Final-Recipient, Postfix's Final-Recipient first).
func SortReportFields(msg []byte) []byte {
	return reorderReportFields(msg, func(g [][]byte) {
		sort.SliceStable(g, func(a, b int) bool {
			na, _, _ := splitField(g[a])
			nb, _, _ := splitField(g[b])
			return strings.ToLower(na) < strings.ToLower(nb)
		})
	})
}

// ReverseReportFields is SortReportFields with each group's fields in
// reverse order, a recipient's Final-Recipient last; repeated fields (a
// feedback report's Original-Rcpt-To) keep their order.
func ReverseReportFields(msg []byte) []byte {
	return reorderReportFields(msg, func(g [][]byte) {
		first := map[string]int{} // each name's first place
		for i, f := range g {
			name, _, _ := splitField(f)
			if _, ok := first[strings.ToLower(name)]; !ok {
				first[strings.ToLower(name)] = i
			}
		}
		sort.SliceStable(g, func(a, b int) bool {
			na, _, _ := splitField(g[a])
			nb, _, _ := splitField(g[b])
			return first[strings.ToLower(na)] > first[strings.ToLower(nb)]
		})
	})
}

// reorderReportFields lets order rearrange each group of report fields
// that names at most one recipient. A report that runs its recipients
// together without blank lines between them (AOL's) says which field is
// whose by their order alone, and is left.
func reorderReportFields(msg []byte, order func([][]byte)) []byte {
	return rewrite(msg, func(e *entity) {
		e.walk(func(e *entity) {
			for i := 0; i < len(e.groups); {
				j, rcpts := i, 0
				for j < len(e.groups) && !isBlank(e.groups[j]) {
					if name, _, ok := splitField(e.groups[j]); ok && strings.EqualFold(name, "Final-Recipient") {
						rcpts++
					}
					j++
				}
				if rcpts <= 1 {
					order(e.groups[i:j])
				}
				i = j + 1
			}
		})
	})
}

// TightReportFields writes each report field without white space after
// its colon and around the semicolon of a typed value
// ("Final-Recipient:rfc822;bob@example.com"), as the field syntax allows
// (RFC 3464 section 2.1.1, RFC 5322 section 3.6.8) and some MTAs write.
func TightReportFields(msg []byte) []byte {
	return rewrite(msg, func(e *entity) {
		e.walk(func(e *entity) {
			for i, g := range e.groups {
				name, v, ok := splitField(g)
				if !ok {
					continue
				}
				if t, rest, ok := strings.Cut(v, ";"); ok && isAtom(strings.TrimSpace(t)) {
					v = strings.TrimSpace(t) + ";" + strings.TrimSpace(rest)
				}
				e.groups[i] = []byte(name + ":" + v + "\n")
			}
		})
	})
}

// isAtom reports whether s is one word of letters, digits and "-": a
// type name such as rfc822, smtp, dns, x-postfix.
func isAtom(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// EncodeHeaderWords writes the message's Subject, and the display name
// of its From, as RFC 2047 encoded words in UTF-8 even where plain ASCII
// would do, as many webmail services and Japanese MTAs write every
// Subject.
func EncodeHeaderWords(msg []byte) []byte {
	return rewrite(msg, func(e *entity) {
		if v, i := e.field("Subject"); i >= 0 && v != "" && !strings.Contains(v, "=?") {
			name, _, _ := splitField(e.fields[i])
			e.fields[i] = []byte(name + ": " + encodeWords(v) + "\n")
		}
		if v, i := e.field("From"); i >= 0 && !strings.Contains(v, "=?") {
			if lt := strings.LastIndex(v, "<"); lt > 0 {
				display := strings.Trim(strings.TrimSpace(v[:lt]), `"`)
				if display != "" && !strings.ContainsAny(display, `\"`) {
					name, _, _ := splitField(e.fields[i])
					e.fields[i] = []byte(name + ": " + encodeWords(display) + " " + v[lt:] + "\n")
				}
			}
		}
	})
}

// encodeWords writes s as RFC 2047 "B" encoded words of UTF-8, each at
// most 64 characters (section 2 allows 75, and 76 to a line), split
// between characters and separated by folding white space, which
// decoding drops.
func encodeWords(s string) string {
	var words []string
	for len(s) > 0 {
		n := min(len(s), 39)
		for n < len(s) && !utf8.RuneStart(s[n]) {
			n--
		}
		words = append(words, "=?UTF-8?B?"+base64.StdEncoding.EncodeToString([]byte(s[:n]))+"?=")
		s = s[n:]
	}
	return strings.Join(words, "\n ")
}

// ToUTF8 converts every text part in another charset (ISO-2022-JP,
// ISO-8859-1, Shift_JIS, ...) to UTF-8 and labels it so, as gateways,
// webmail stores and clients that forward or save a message do.
func ToUTF8(msg []byte) []byte {
	return rewrite(msg, func(root *entity) {
		root.walk(func(e *entity) {
			if !textLeaf(e) {
				return
			}
			mt, params := e.contentType()
			cs := strings.ToLower(params["charset"])
			if cs == "" || cs == "utf-8" || cs == "us-ascii" {
				return
			}
			text, ok := decodedBody(e)
			if !ok {
				return
			}
			r, err := charset.Reader(cs, bytes.NewReader(text))
			if err != nil {
				return
			}
			u, err := io.ReadAll(r)
			if err != nil || !utf8.Valid(u) {
				return
			}
			params["charset"] = "utf-8"
			e.setField("Content-Type", mime.FormatMediaType(mt, params))
			e.setField("Content-Transfer-Encoding", "8bit")
			e.body = u
		})
	})
}

// SortHeader writes the message's own header fields, after its trace
// fields (Return-Path, Received, Delivered-To, X-Original-To, which keep
// their place and order), in the alphabetical order of their names:
// RFC 5322 section 3.6 fixes no order, and each MTA writes its own.
func SortHeader(msg []byte) []byte {
	return rewrite(msg, func(e *entity) {
		trace := 0
		for trace < len(e.fields) {
			name, _, _ := splitField(e.fields[trace])
			switch strings.ToLower(name) {
			case "return-path", "received", "delivered-to", "x-original-to":
				trace++
				continue
			}
			break
		}
		rest := e.fields[trace:]
		sort.SliceStable(rest, func(a, b int) bool {
			na, _, _ := splitField(rest[a])
			nb, _, _ := splitField(rest[b])
			return strings.ToLower(na) < strings.ToLower(nb)
		})
	})
}

// AddHTMLAlternative gives each text/plain part of a multipart an HTML
// alternative of the same text (multipart/alternative, RFC 2046 section
// 5.1.4), as Exchange's content conversion does to a message it relays
// and as Office 365 and Gmail write their own notices. (A notice in HTML
// alone is another MTA's format, not a rewrite of this one's.)
func AddHTMLAlternative(msg []byte) []byte {
	n := 0
	return rewrite(msg, func(root *entity) {
		root.walk(func(e *entity) {
			if mt, _ := e.contentType(); mt != "multipart/report" && mt != "multipart/mixed" {
				return
			}
			for i, p := range e.parts {
				if !textLeaf(p) {
					continue
				}
				if mt, _ := p.contentType(); mt != "text/plain" {
					continue
				}
				text, ok := decodedBody(p)
				if !ok || !utf8.Valid(text) {
					continue
				}
				n++
				b := fmt.Sprintf("=_alt_%d_Zq8", n)
				plain := &entity{fields: [][]byte{[]byte("Content-Type: text/plain; charset=utf-8\n"), []byte("Content-Transfer-Encoding: 8bit\n")}, sep: []byte("\n"), body: text}
				html := &entity{fields: [][]byte{[]byte("Content-Type: text/html; charset=utf-8\n"), []byte("Content-Transfer-Encoding: 8bit\n")}, sep: []byte("\n"),
					body: []byte("<html><body><pre>" + htmlEscape(string(text)) + "</pre></body></html>\n")}
				alt := &entity{fields: [][]byte{[]byte("Content-Type: multipart/alternative; boundary=\"" + b + "\"\n")}, sep: []byte("\n"),
					boundary: b, delims: [][]byte{[]byte("--" + b), []byte("--" + b)}, parts: []*entity{plain, html}, closing: []byte("--" + b + "--\n")}
				e.parts[i] = alt
			}
		})
	})
}

// htmlEscape escapes the characters HTML gives a meaning.
func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// listFooter is the footer Mailman 2.1 appends by default (msg_footer).
const listFooter = "_______________________________________________\nNeko mailing list\nNeko@lists.example.org\nhttps://lists.example.org/mailman/listinfo/neko\n"

// ListFooter appends a mailing-list footer, as Mailman does to a message
// it distributes: to the text of a one-part text/plain message, or as a
// last text/plain part of a multipart/mixed or multipart/report one. A
// bounce reaches a list this way when the list is its recipient (a list
// address as a sender, or a bounce processor's digest).
func ListFooter(msg []byte) []byte {
	return rewrite(msg, func(e *entity) {
		mt, _ := e.contentType()
		switch {
		case textLeaf(e) && e.encoding() == "" && mt == "text/plain":
			if !bytes.HasSuffix(e.body, []byte("\n")) {
				e.body = append(e.body, '\n')
			}
			e.body = append(append([]byte(nil), e.body...), listFooter...)
		case (mt == "multipart/mixed" || mt == "multipart/report") && e.boundary != "" && e.closing != nil:
			e.parts = append(e.parts, parse([]byte("Content-Type: text/plain; charset=\"us-ascii\"\nContent-Transfer-Encoding: 7bit\nContent-Disposition: inline\n\n"+listFooter)))
			e.delims = append(e.delims, []byte("--"+e.boundary))
		}
	})
}

// OriginalHeadersOnly replaces the returned message (message/rfc822) of
// every delivery report (multipart/report, RFC 6522) by its header as
// text/rfc822-headers, as Postfix does with bounce_size_limit reached or
// headers-only returns (RET=HDRS, RFC 3461 section 4.3). A message/rfc822
// part of another multipart may be the report itself, forwarded by a
// gateway, and is left.
func OriginalHeadersOnly(msg []byte) []byte {
	return rewrite(msg, func(e *entity) {
		e.walk(func(e *entity) {
			if mt, _ := e.contentType(); mt != "multipart/report" {
				return
			}
			for _, p := range e.parts {
				if mt, _ := p.contentType(); mt != "message/rfc822" || p.inner == nil {
					continue
				}
				p.setField("Content-Type", "text/rfc822-headers")
				p.inner.body, p.inner.boundary, p.inner.parts, p.inner.inner, p.inner.groups = nil, "", nil, nil, nil
			}
		})
	})
}

// RemoveOriginal removes the returned message or header part
// (message/rfc822, text/rfc822-headers) from every delivery report, as
// MTAs that return no content do (Exim's bounce_return_message = false).
// It leaves a feedback report's, which RFC 5965 section 2 requires, and a
// report whose delivery-status part names no recipient's address: there
// the returned message's To is what names the recipient, and without it
// the report says less.
func RemoveOriginal(msg []byte) []byte {
	return rewrite(msg, func(e *entity) {
		e.walk(func(e *entity) {
			mt, params := e.contentType()
			if mt != "multipart/report" || strings.EqualFold(params["report-type"], "feedback-report") || !namesRecipients(e) {
				return
			}
			var parts []*entity
			var delims [][]byte
			for i, p := range e.parts {
				if mt, _ := p.contentType(); mt == "message/rfc822" || mt == "text/rfc822-headers" {
					continue
				}
				parts, delims = append(parts, p), append(delims, e.delims[i])
			}
			if len(parts) > 0 {
				e.parts, e.delims = parts, delims
			}
		})
	})
}

// namesRecipients reports whether a report's delivery-status part has a
// Final-Recipient field (RFC 3464 section 2.3.2) and each holds an
// address with a local part.
func namesRecipients(report *entity) bool {
	n := 0
	for _, p := range report.parts {
		for _, g := range p.groups {
			name, v, ok := splitField(g)
			if !ok || !strings.EqualFold(name, "Final-Recipient") {
				continue
			}
			if _, addr, _ := strings.Cut(v, ";"); !strings.Contains(strings.TrimLeft(strings.TrimSpace(addr), "<"), "@") ||
				strings.HasPrefix(strings.TrimLeft(strings.TrimSpace(addr), "<"), "@") {
				return false
			}
			n++
		}
	}
	return n > 0
}

// MboxFromLine stores the message in an mbox as local delivery does
// (RFC 4155, mboxrd): a "From " line before it, when it has none, and
// ">" before each body line that starts with "From " after any ">", so
// that no line inside reads as the next message's separator.
func MboxFromLine(msg []byte) []byte {
	msg = LF(msg)
	if bytes.HasPrefix(msg, []byte("From ")) {
		return msg
	}
	out := []byte("From MAILER-DAEMON Tue Nov 14 22:13:20 2023\n")
	for _, line := range bytes.SplitAfter(msg, []byte("\n")) {
		if bytes.HasPrefix(bytes.TrimLeft(line, ">"), []byte("From ")) {
			out = append(out, '>')
		}
		out = append(out, line...)
	}
	return out
}
