package lhost

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// genericDecoder reads the plain-text failure and delay reports of
// software no named decoder knows, the last format decoder the registry
// tries. It finds the failed addresses through the phrases MTAs use to
// introduce them ("The following addresses had permanent fatal errors",
// "Delivery has failed to these recipients or groups:", "Ihre Nachricht
// konnte nicht zugestellt werden", ...), a table of sourced phrases in
// several languages (generic.tsv), and takes the text next to each
// address as its diagnostic, where the reply code and status are found.
//
// It must not take ordinary mail, or the returned original, for a
// report:
//   - it reads only a message whose header already says it is a bounce
//     (genericEvidence): a mail system's sender (MAILER-DAEMON,
//     postmaster, the null reverse path), X-Failed-Recipients, a
//     multipart/report, or a bounce's Subject, and not a Subject a person
//     replying or forwarding wrote;
//   - it reads only the report's own text: the first text part, up to the
//     returned original (a copy marker such as "------ This is a copy of
//     the message" or "Below this line is a copy of the message", or the
//     first block of message header fields), and never a message/rfc822
//     or text/rfc822-headers part;
//   - in that text it skips quoted lines ("> ") and lines that are message
//     header fields ("Subject: ...", "From: ..."), and takes addresses only
//     from the introducing phrase onwards;
//   - it never reports the bounce's own From, To, Reply-To or Return-Path,
//     the original's sender, a mail system's address, or a message id.
//
// A report whose text holds a delay notice's words ("THIS IS A WARNING
// MESSAGE ONLY", "has not yet been delivered", "will be retried") or whose
// Subject is a delay notice's is a delay notice: its recipients' action is
// delayed.
type genericDecoder struct{}

func (genericDecoder) Name() dsn.DecoderName { return Generic }

// Generic is the name of the generic decoder.
const Generic dsn.DecoderName = "Generic"

//go:embed generic.tsv
var genericTSV string

// introKind is what an intro phrase says of its report.
type introKind uint8

const (
	introFailed  introKind = iota // a failure report's words
	introDelayed                  // a delay notice's words
	introOpener                   // the opening line of both an MTA's failures and its delay notices
)

// intro is one row of generic.tsv.
type intro struct {
	kind    introKind
	subject bool     // a Subject's words, not the body's
	loose   bool     // words that also occur in other mail
	phrase  string   // white space folded, without a final ":" or "."
	pieces  []string // the phrase split at its "*" words
	source  string
	lang    string
}

// maxGapWords is how many words a "*" of a phrase stands for at most.
const maxGapWords = 8

// intros are the rows of generic.tsv, in order.
var intros = mustParseIntros(genericTSV)

func mustParseIntros(tsv string) []intro {
	is, err := parseIntros(tsv)
	if err != nil {
		panic(err)
	}
	return is
}

// parseIntros reads the rows of generic.tsv.
func parseIntros(tsv string) ([]intro, error) {
	var out []intro
	for n, line := range strings.Split(tsv, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 7 {
			return nil, fmt.Errorf("lhost: generic.tsv line %d: %d columns, want 7", n+1, len(cols))
		}
		var in intro
		switch cols[0] {
		case "failed":
			in.kind = introFailed
		case "delayed":
			in.kind = introDelayed
		case "opener":
			in.kind = introOpener
		default:
			return nil, fmt.Errorf("lhost: generic.tsv line %d: unknown kind %q", n+1, cols[0])
		}
		switch cols[1] {
		case "body":
		case "subject":
			in.subject = true
		default:
			return nil, fmt.Errorf("lhost: generic.tsv line %d: unknown place %q", n+1, cols[1])
		}
		switch cols[2] {
		case "strong":
		case "loose":
			in.loose = true
		default:
			return nil, fmt.Errorf("lhost: generic.tsv line %d: unknown strength %q", n+1, cols[2])
		}
		in.phrase = strings.TrimRight(mailtext.FoldSpace(cols[3]), ":.")
		in.source, in.lang = cols[4], cols[5]
		if in.phrase == "" || in.source == "" || len(in.lang) != 2 {
			return nil, fmt.Errorf("lhost: generic.tsv line %d: phrase, source and language are required", n+1)
		}
		in.pieces = strings.Split(in.phrase, " * ")
		for _, p := range in.pieces {
			if p == "" || p == "*" || strings.HasPrefix(p, "* ") || strings.HasSuffix(p, " *") {
				return nil, fmt.Errorf("lhost: generic.tsv line %d: a phrase may not begin or end with *", n+1)
			}
		}
		if in.subject && len(in.pieces) > 1 {
			return nil, fmt.Errorf("lhost: generic.tsv line %d: a Subject phrase may not hold *", n+1)
		}
		out = append(out, in)
	}
	return out, nil
}

// ---- Whether the header says the message is a bounce.

// genericEvidence is what a message's header says of it.
type genericEvidence struct {
	sender  bool // a mail system wrote it: its sender, X-Failed-Recipients, multipart/report
	subject bool // its Subject is a bounce's (and not a reply or forward a person wrote)
}

// senderMarks are the marks of a message a mail system wrote.
var senderMarks = []dsn.Mark{
	daemonFrom,
	nullReturnPath,
	present("X-Failed-Recipients"),
	holding("Content-Type", "multipart/report"),
}

// bounceSubjectMarks returns the Subject marks of a bounce: the subject
// rows of generic.tsv, and the Subject marks of every decoder of failure
// and delay reports in the registry.
var bounceSubjectMarks = sync.OnceValue(func() []dsn.Mark {
	var ms []dsn.Mark
	seen := map[dsn.Mark]bool{}
	add := func(m dsn.Mark) {
		if m.Field == "Subject" && !seen[m] {
			seen[m] = true
			ms = append(ms, m)
		}
	}
	for _, in := range intros {
		if in.subject {
			add(holding("Subject", in.phrase))
		}
	}
	for _, d := range registry {
		if !reportsDeliveries(d.Name()) {
			continue
		}
		if mk, ok := d.(dsn.Marker); ok {
			for _, m := range mk.Marks() {
				add(m)
			}
		}
	}
	return ms
})

// reportsDeliveries reports whether the decoder named n reads failure and
// delay reports, whose marks say a message is a bounce: not feedback,
// read receipts, auto-replies, the generic decoder itself or the
// recogniser of mail that is not a bounce.
func reportsDeliveries(n dsn.DecoderName) bool {
	switch n {
	case dsn.ARF, dsn.RFC8098, dsn.RFC3834, AppleUnsubscribe, MicrosoftJMRP, SpamCop, EximDMARC, Generic, NotBounce:
		return false
	}
	return true
}

// replyPrefixes are the Subject prefixes of a person's reply or forward,
// in the languages mail clients write them.
var replyPrefixes = []string{"re:", "fwd:", "fw:", "aw:", "wg:", "tr:", "rv:", "sv:", "vs:", "antw:", "odp:", "res:", "enc:"}

// evidence returns what m's header says of it.
func evidence(m *dsn.Message) genericEvidence {
	var ev genericEvidence
	ev.sender = m.HasAnyMark(senderMarks)
	s := mailtext.TrimSpace(subjectText(m))
	for _, p := range replyPrefixes {
		if mailtext.HasPrefixFold(s, p) {
			// A person replying to a bounce or forwarding one: the Subject
			// counts only when a mail system sent the message.
			if !ev.sender {
				return ev
			}
			s = mailtext.TrimSpace(s[len(p):])
			break
		}
	}
	ev.subject = isBounceSubject(s)
	return ev
}

// subjectText returns m's Subject, RFC 2047 words decoded, and 8-bit bytes
// written raw converted from the charset in which it reads as a bounce's
// (convertUnlabelled).
func subjectText(m *dsn.Message) string {
	s, _ := convertUnlabelled(m, m.Header.Text("Subject"), func(t string) bool {
		return isBounceSubject(mailtext.TrimSpace(t))
	})
	return s
}

// isBounceSubject reports whether a Subject is a bounce's: it starts with
// one of the bounce Subjects (the software puts its words first and the
// original's Subject after them), or, for the Subjects in Chinese and
// Japanese, whose software also writes them last, contains one. Another
// message's Subject that merely mentions delivery does not count.
func isBounceSubject(s string) bool {
	for _, m := range bounceSubjectMarks() {
		if isASCII(m.Value) {
			if mailtext.HasPrefixFold(s, m.Value) {
				return true
			}
		} else if strings.Contains(s, m.Value) {
			return true
		}
	}
	return false
}

// isASCII reports whether s is ASCII only.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Match reports whether m's header says it is a bounce.
func (genericDecoder) Match(m *dsn.Message) bool {
	ev := evidence(m)
	return ev.sender || ev.subject
}

// Marks returns the marks evidence looks for (a Subject mark is weaker:
// evidence wants the Subject to start with the words).
func (genericDecoder) Marks() []dsn.Mark {
	return append(append([]dsn.Mark(nil), senderMarks...), bounceSubjectMarks()...)
}

// ---- The report's own text.

// genericText returns the report's human-readable text: its first
// text/plain part, or, when it has none, its first text/html part without
// the markup; converted to UTF-8 when its charset was not (see
// convertUnlabelled), in the charset in which an intro phrase is found.
func genericText(m *dsn.Message) string {
	t := ""
	for _, p := range m.Parts {
		if p.MediaType == "text/plain" {
			t = reportText(m)
			break
		}
	}
	if t == "" {
		for _, p := range m.Parts {
			if p.MediaType == "text/html" {
				t = htmlText(p.Body)
				break
			}
		}
	}
	if t == "" {
		t = reportText(m)
	}
	t, _ = convertUnlabelled(m, t, hasNativeIntro)
	return t
}

// hasNativeIntro reports whether a report's text holds one of the intro
// phrases written in another script than ASCII's: the test that a
// conversion of the text from a charset was the right one.
func hasNativeIntro(text string) bool {
	lines := textLines(text)
	ft := flatten(lines, 0, originalStart(lines))
	for _, in := range intros {
		if !in.subject && !isASCII(in.phrase) {
			if i, _ := in.index(ft.text); i >= 0 {
				return true
			}
		}
	}
	return false
}

// htmlText returns the text of an HTML body: line ends (LF, CRLF or a
// lone CR) read as spaces, tags removed (a line break for each
// block-level one), then the common entities decoded. It writes into a
// scratch buffer, the entities decoded in place, and makes one string of
// it.
func htmlText(body []byte) string {
	bp := htmlScratch.Get().(*[]byte)
	out := (*bp)[:0]
	if cap(out) < len(body) {
		out = make([]byte, 0, len(body))
	}
	text := htmlTextInto(out, body)
	if cap(out) <= maxHTMLScratch {
		*bp = out
		htmlScratch.Put(bp)
	}
	return text
}

// htmlScratch holds htmlText's buffers, kept up to maxHTMLScratch bytes.
var htmlScratch = sync.Pool{New: func() any { return new([]byte) }}

const maxHTMLScratch = 64 << 10

// htmlTextInto is htmlText writing into out, which has room for body.
func htmlTextInto(out, body []byte) string {
	for len(body) > 0 {
		i := bytes.IndexByte(body, '<')
		if i < 0 {
			out = appendLineEndsAsSpaces(out, body)
			break
		}
		out = appendLineEndsAsSpaces(out, body[:i])
		j := bytes.IndexByte(body[i:], '>')
		if j < 0 {
			break
		}
		tag := body[i+1 : i+j]
		switch {
		case tagHasPrefix(tag, "br"), tagHasPrefix(tag, "/p"), tagHasPrefix(tag, "/div"),
			tagHasPrefix(tag, "/tr"), tagHasPrefix(tag, "/li"), tagHasPrefix(tag, "/h"):
			out = append(out, '\n')
		case tagHasPrefix(tag, "td"):
			out = append(out, ' ')
		}
		body = body[i+j+1:]
	}
	return string(decodeHTMLEntities(out))
}

// appendLineEndsAsSpaces appends b to out with each line end (CRLF, LF
// or a lone CR) written as one space.
func appendLineEndsAsSpaces(out, b []byte) []byte {
	for len(b) > 0 {
		i := bytes.IndexAny(b, "\r\n")
		if i < 0 {
			return append(out, b...)
		}
		out = append(append(out, b[:i]...), ' ')
		if b[i] == '\r' && i+1 < len(b) && b[i+1] == '\n' {
			i++
		}
		b = b[i+1:]
	}
	return out
}

// tagHasPrefix reports whether a tag's text (what is between "<" and
// ">") starts with prefix, a lower-case ASCII name, in any case, as the
// tag's lower-case form (strings.ToLower) would.
func tagHasPrefix(tag []byte, prefix string) bool {
	for k := 0; k < min(len(tag), len(prefix)); k++ {
		if tag[k] >= utf8.RuneSelf {
			// Lower-casing a non-ASCII letter may yield ASCII ones.
			return strings.HasPrefix(strings.ToLower(string(tag)), prefix)
		}
		if c := tag[k]; c != prefix[k] && !('A' <= c && c <= 'Z' && c+'a'-'A' == prefix[k]) {
			return false
		}
	}
	return len(tag) >= len(prefix)
}

// htmlEntities are the entities htmlText decodes, none a prefix of
// another.
var htmlEntities = [...]struct{ name, text string }{
	{"&nbsp;", " "}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", `"`},
	{"&#39;", "'"}, {"&apos;", "'"}, {"&amp;", "&"},
}

// decodeHTMLEntities replaces htmlEntities in b, left to right, a
// replacement not read again (as strings.Replacer does), in place: each
// text is shorter than its entity.
func decodeHTMLEntities(b []byte) []byte {
	i := bytes.IndexByte(b, '&')
	if i < 0 {
		return b
	}
	w := i
	for i < len(b) {
		if b[i] == '&' {
			if e := entityAt(b[i:]); e >= 0 {
				w += copy(b[w:], htmlEntities[e].text)
				i += len(htmlEntities[e].name)
				continue
			}
		}
		b[w] = b[i]
		w++
		i++
	}
	return b[:w]
}

// entityAt returns the index in htmlEntities of the entity b starts with, or -1.
func entityAt(b []byte) int {
	for e := range htmlEntities {
		if bytes.HasPrefix(b, []byte(htmlEntities[e].name)) {
			return e
		}
	}
	return -1
}

// genericCopyMarkers are the lines that start the returned original in
// the reports of the MTAs whose decoders know them, and in others'.
var genericCopyMarkers = func() []string {
	ms := []string{
		"----- Original message follows -----", // Sendmail 8.17.1.9: sendmail/savemail.c
		"----- Message header follows -----",   // Sendmail 8.17.1.9: sendmail/savemail.c
		"----- Original message lost -----",    // Sendmail 8.17.1.9: sendmail/savemail.c
		"-----Original Message-----",           // Outlook's separator before a quoted message
		"RETURNED MAIL FOLLOWS",                // usa.net (flufl.bounce 4.0: tests/data/simple_02.txt)
		"---- Returned Mail ----",              // E500 SMTP Mail Service (flufl.bounce 4.0: _detectors/simplematch.py)
		"Message text follows:",                // Smail: "|---- Message text follows: ----|"
		"Original message header",
		"Intestazioni originali del messaggio", // Exchange 2007's heading in Italian (https://gist.github.com/giupo/4e8a7ed1956c2fcf257241675cc82e27)
		"附件中的内容是原信件的一份拷贝",                      // sina.com (flufl.bounce 4.0: tests/data/sina_01.txt)
		"附件是您所发送信件的原件",                         // xinnetdns.com (flufl.bounce 4.0: tests/data/simple_25.txt)
		yahooCopyMarker,
		unitedInternetCopyMarker,
	}
	for _, l := range [][]string{eximCopyMarkers, qmailCopyMarkers, googleOriginalMarkers, openSMTPDCopyMarkers,
		dragonFlyCopyMarkers, postfixEnds, iMailCopyMarkers, sendmailEnds} {
		ms = append(ms, l...)
	}
	return ms
}()

// isQuote reports whether a line is quoted from another message ("> ...",
// ">> ..."), as opposed to an SMTP transcript's ">>> RCPT To:<...>".
func isQuote(l string) bool {
	t := strings.TrimLeft(l, " \t")
	return strings.HasPrefix(t, ">") && !strings.HasPrefix(t, ">>>")
}

// messageHeaderNames are the header fields of a message (not of a report:
// Final-Recipient, Status and the like are not here), lower-case.
var messageHeaderNames = map[string]bool{
	"received": true, "return-path": true, "from": true, "to": true, "cc": true, "bcc": true,
	"subject": true, "date": true, "message-id": true, "mime-version": true, "content-type": true,
	"content-transfer-encoding": true, "reply-to": true, "sender": true, "delivered-to": true,
	"dkim-signature": true, "in-reply-to": true, "references": true, "authentication-results": true,
	"received-spf": true, "precedence": true, "user-agent": true, "organization": true,
	"importance": true, "thread-topic": true, "thread-index": true, "content-language": true,
	"envelope-to": true, "errors-to": true, "domainkey-signature": true, "arc-seal": true,
}

// isMessageHeader reports whether a line is a message header field
// ("Subject: ...", "X-Mailer: ...").
func isMessageHeader(l string) bool {
	colon := strings.IndexByte(l, ':')
	if colon <= 0 || colon > 64 || l[0] == ' ' || l[0] == '\t' {
		return false
	}
	name := strings.ToLower(l[:colon])
	if !dsn.ValidFieldName([]byte(name)) {
		return false
	}
	return messageHeaderNames[name] || strings.HasPrefix(name, "x-") || strings.HasPrefix(name, "list-")
}

// originalStart returns the index of the line where the returned original
// starts (a copy marker, or the first line of two or more message header
// fields in a row), or len(lines).
func originalStart(lines []string) int {
	end := len(lines)
	if i := lineContaining(lines, 0, genericCopyMarkers...); i >= 0 {
		end = i
	}
	if i := listFooterStart(lines[:end]); i >= 0 {
		end = i
	}
	for i := 0; i+1 < end; i++ {
		if !isMessageHeader(lines[i]) {
			continue
		}
		j := i + 1
		for j < end && j < i+4 && (strings.HasPrefix(lines[j], " ") || strings.HasPrefix(lines[j], "\t")) {
			j++ // a folded field
		}
		if j < end && isMessageHeader(lines[j]) && !mimeOnlyRun(lines, i, end) {
			return i
		}
	}
	return end
}

// listFooterStart returns the index of the line where a mailing list's
// footer starts, or -1: Mailman 2.1's default msg_footer (Defaults.py,
// DEFAULT_MSG_FOOTER), a line of underscores and then "NAME mailing list",
// which the list appends to a message it distributes. Its list address
// is no recipient of the report.
func listFooterStart(lines []string) int {
	for i := 0; i+1 < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if len(l) >= 20 && strings.Trim(l, "_") == "" &&
			strings.HasSuffix(strings.ToLower(strings.TrimSpace(lines[i+1])), " mailing list") {
			return i
		}
	}
	return -1
}

// ---- Finding the intro.

// flatText is a run of lines joined into one string with white space
// folded, for phrases that a report wraps across lines, with the line each
// byte comes from.
type flatText struct {
	text string
	line []int32 // line[i] is the index of the line text[i] comes from
}

// flatten joins lines[from:to], quoted lines left out.
func flatten(lines []string, from, to int) flatText {
	var b strings.Builder
	var at []int32
	for i := from; i < to; i++ {
		if isQuote(lines[i]) {
			continue
		}
		l := mailtext.FoldSpace(lines[i])
		if l == "" {
			continue
		}
		if b.Len() > 0 {
			// Japanese and Chinese text wraps between characters with no
			// space: joining it with one would break the phrase (Korean
			// wraps at spaces: generic_hangul.go).
			last, _ := utf8.DecodeLastRuneInString(b.String())
			first, _ := utf8.DecodeRuneInString(l)
			if last < utf8.RuneSelf || first < utf8.RuneSelf || isHangul(last) || isHangul(first) {
				b.WriteByte(' ')
				at = append(at, int32(i))
			}
		}
		b.WriteString(l)
		for range len(l) {
			at = append(at, int32(i))
		}
	}
	return flatText{text: b.String(), line: at}
}

// found is what the intro phrases say of a report's text.
type found struct {
	line    int   // the line of the first usable intro, -1 if none
	lines   []int // the lines each usable intro phrase ends (and, wrapped, starts) on
	delayed bool  // a delay notice's words are there
	phrase  string
}

// findIntros looks for the intro phrases in the report's text; loose ones
// count only when allowed.
func findIntros(ft flatText, allowLoose bool) found {
	f := found{line: -1}
	best := -1
	for _, in := range intros {
		if in.subject || in.loose && !allowLoose {
			continue
		}
		i, e := in.index(ft.text)
		if i < 0 {
			continue
		}
		if in.kind == introDelayed {
			f.delayed = true
		}
		f.lines = append(f.lines, int(ft.line[e-1]))
		if s := int(ft.line[i]); s != int(ft.line[e-1]) {
			// A phrase wrapped over lines ("...へのメールを正しく送信" /
			// "できません。" in gromox's Japanese bounce): an address on
			// its first line is on the intro too.
			f.lines = append(f.lines, s)
		}
		if best < 0 || i < best {
			best, f.phrase = i, in.phrase
		}
	}
	if best >= 0 {
		f.line = int(ft.line[best])
	}
	return f
}

// index returns where the intro's phrase starts and ends in text (white
// space folded), its "*" words matching 1 to maxGapWords words, or -1, -1.
func (in intro) index(text string) (start, end int) {
	first := in.pieces[0]
	for from := 0; from < len(text); {
		i := mailtext.IndexFold(text[from:], first)
		if i < 0 {
			break
		}
		i += from
		if e := matchGaps(text, i+len(first), in.pieces[1:]); e >= 0 {
			return i, e
		}
		from = i + 1
	}
	return -1, -1
}

// matchGaps returns where pieces end when text at at holds each of them
// after 1 to maxGapWords words, or -1.
func matchGaps(text string, at int, pieces []string) int {
	if len(pieces) == 0 {
		return at
	}
	pos := at
	for range maxGapWords {
		if pos >= len(text) || text[pos] != ' ' {
			return -1
		}
		n := strings.IndexByte(text[pos+1:], ' ')
		if n <= 0 {
			return -1
		}
		pos += 1 + n // the space after the word
		if mailtext.HasPrefixFold(text[pos+1:], pieces[0]) {
			if e := matchGaps(text, pos+1+len(pieces[0]), pieces[1:]); e >= 0 {
				return e
			}
		}
	}
	return -1
}

// delaySubject reports whether m's Subject is a delay notice's, or its
// Auto-Submitted field says Sendmail's delay warning ("auto-generated
// (warning-timeout)", Sendmail 8.17.1.9: sendmail/savemail.c).
func delaySubject(m *dsn.Message) bool {
	s := subjectText(m)
	for _, in := range intros {
		if in.subject && in.kind == introDelayed && mailtext.ContainsFold(s, in.phrase) {
			return true
		}
	}
	return headerContains(m, "Auto-Submitted", "warning-timeout")
}

// ---- Addresses and their diagnostics.

// addrSpan is an address found in a line, and where.
type addrSpan struct {
	addr       string
	start, end int
}

// isLocalChar reports whether c may be part of an address's local part as
// reports write it. Non-ASCII bytes are not: reports in Chinese and
// Japanese write addresses between their own quotation marks with no
// space around them, and internationalised addresses (RFC 6531) are too
// rare in reports to risk taking a sentence for a local part.
func isLocalChar(c byte) bool {
	return mailtext.IsLetter(c) || mailtext.IsDigit(c) || strings.IndexByte(".!#$%&'*+-/=?^_`{|}~", c) >= 0
}

// isDomainChar reports whether c may be part of a domain.
func isDomainChar(c byte) bool {
	return mailtext.IsLetter(c) || mailtext.IsDigit(c) || c == '.' || c == '-'
}

// maxLineAddresses bounds how many addresses addressesIn returns for a line.
const maxLineAddresses = 16

// addressesIn returns the addresses in a line of free text: local@domain
// with a dot in the domain and a top-level label of letters. An address
// in a URL ("http://user@host") is left out.
func addressesIn(l string) []addrSpan {
	var out []addrSpan
	for off := 0; off < len(l) && len(out) < maxLineAddresses; {
		at := strings.IndexByte(l[off:], '@')
		if at < 0 {
			break
		}
		at += off
		off = at + 1
		s := at
		for s > 0 && isLocalChar(l[s-1]) {
			s--
		}
		e := at + 1
		for e < len(l) && isDomainChar(l[e]) {
			e++
		}
		local := strings.TrimLeft(l[s:at], ".'`")
		s = at - len(local)
		domain := strings.TrimRight(l[at+1:e], ".-")
		e = at + 1 + len(domain)
		if local == "" || !validDomain(domain) || strings.HasPrefix(local, "//") {
			continue // not an address, or a URL's user ("http://user@host")
		}
		// An X.400 domain-defined attribute holding the address, as
		// Exchange writes it: "dda:SMTP=user@example.com", "RFC-822=...".
		for _, p := range x400Prefixes {
			if mailtext.HasPrefixFold(local, p) && len(local) > len(p) {
				local, s = local[len(p):], s+len(p)
				break
			}
		}
		out = append(out, addrSpan{addr: local + "@" + domain, start: s, end: e})
		off = e
	}
	return out
}

// x400Prefixes are the X.400 attribute names Exchange writes before an
// address in its reports.
var x400Prefixes = []string{"SMTP=", "RFC-822="}

// validDomain reports whether d looks like a mail domain: two labels or
// more, the last of letters only.
func validDomain(d string) bool {
	dot := strings.LastIndexByte(d, '.')
	if dot <= 0 || len(d)-dot-1 < 2 || strings.Contains(d, "..") {
		return false
	}
	for i := dot + 1; i < len(d); i++ {
		if !mailtext.IsLetter(d[i]) {
			return false
		}
	}
	return true
}

// maxDiagLines bounds how many lines after an address its diagnostic takes.
const maxDiagLines = 16

// trimPunct is what surrounds an address in text and is not its diagnostic.
const trimPunct = "<>\"'`:;,.()[]{}* \t"

// diagnosticAt returns the text next to the address at span sp of line
// i: what precedes it on its line (unless only a label such as
// "Recipient:"), and what follows it on its line and on the lines that
// continue it (indented deeper, or up to a blank line or the next
// address's line), or, when nothing follows, the paragraph right after it
// ("<a@b>", a blank line, "has been postponed due to a full mailbox.").
func diagnosticAt(lines []string, i, end int, sp addrSpan) string {
	l := lines[i]
	var parts []string
	// The label's colon tells it from words that say why ("User's
	// mailbox is full: <a@b>"): it is looked at before the punctuation
	// is trimmed.
	if before := strings.Trim(mailtext.FoldSpace(l[:sp.start]), " <\"'`([{*"); !isLabel(before) {
		parts = append(parts, strings.Trim(before, trimPunct))
	}
	after := []string{strings.TrimLeft(l[sp.end:], trimPunct)}
	ind := indentOf(l)
	j := i + 1
	for ; j < end && j <= i+maxDiagLines; j++ {
		n := lines[j]
		if isMessageHeader(n) {
			continue // the original's Subject, quoted: not the reason
		}
		if mailtext.TrimSpace(n) == "" || isQuote(n) || indentOf(n) < ind {
			break
		}
		if indentOf(n) == ind && startsWithAddress(n) {
			break // the next recipient's line
		}
		after = append(after, n)
	}
	if a := joinLines(after); len(strings.Trim(a, trimPunct)) >= 3 {
		parts = append(parts, a)
		if strings.HasSuffix(a, ":") {
			// "... for the following reason:": the reason follows.
			parts = append(parts, nextParagraph(lines, j, end, sp.addr))
		}
	} else if p := nextParagraph(lines, j, end, sp.addr); !strings.HasSuffix(p, ":") {
		// A paragraph ending in a colon announces something else (a
		// link, a list), not why the address failed.
		parts = append(parts, p)
	}
	d := joinLines(parts)
	if len(strings.Trim(d, trimPunct)) < 3 {
		return ""
	}
	return d
}

// isLabel reports whether the text before an address only labels it:
// nothing, or a few words ending in a colon ("Recipient:", "Failed
// Recipient:", "Final-Recipient: rfc822;").
func isLabel(before string) bool {
	if len(before) < 3 {
		return true
	}
	return strings.Count(before, " ") <= 2 && (strings.HasSuffix(before, ":") || strings.HasSuffix(before, ";") ||
		strings.HasSuffix(strings.ToLower(before), "rfc822"))
}

// maxParagraphLines bounds the lines nextParagraph takes.
const maxParagraphLines = 4

// nextParagraph returns the paragraph after the blank line i, when one
// blank line only comes first and it is text rather than another address
// (than addr, when given), a quote or a header field, white space folded;
// or "".
func nextParagraph(lines []string, i, end int, addr string) string {
	if i >= end || mailtext.TrimSpace(lines[i]) != "" {
		return ""
	}
	i++
	if i < end && mailtext.TrimSpace(lines[i]) == "" {
		return "" // two blank lines: a new section
	}
	var out []string
	for ; i < end && len(out) < maxParagraphLines; i++ {
		n := lines[i]
		if mailtext.TrimSpace(n) == "" || isQuote(n) || isMessageHeader(n) || namesOtherAddress(n, addr) {
			break
		}
		out = append(out, n)
	}
	return joinLines(out)
}

// namesOtherAddress reports whether line l names an address other than
// addr ("" for none).
func namesOtherAddress(l, addr string) bool {
	for _, sp := range addressesIn(l) {
		if addr == "" || !strings.EqualFold(sp.addr, addr) {
			return true
		}
	}
	return false
}

// introReason returns the words an intro gives for every address, for an
// address with no text of its own: the intro's paragraph up to the first
// address listed in it ("Your mail to the following recipients could not
// be delivered because they are not accepting mail from ..."), or, when
// that ends in a colon and a paragraph of text follows ("This Message was
// undeliverable due to the following reason:"), that paragraph.
func introReason(lines []string, f found, end int) string {
	start := f.line
	for start > 0 && mailtext.TrimSpace(lines[start-1]) != "" && start > f.line-maxParagraphLines {
		start--
	}
	var para []string
	i := start
	for ; i < end && len(para) < maxDiagLines; i++ {
		l := lines[i]
		if mailtext.TrimSpace(l) == "" || i > f.line && startsWithAddress(l) {
			break
		}
		para = append(para, l)
	}
	p := joinLines(para)
	if strings.HasSuffix(p, ":") {
		if next := nextParagraph(lines, i, end, ""); next != "" {
			return next
		}
	}
	return p
}

// replyParagraph returns the first paragraph from line at up to end that
// holds an SMTP reply code (or an enhanced status code: hasCode) and names
// no address but addr, white space folded, or "".
func replyParagraph(lines []string, at, end int, addr string) string {
	var para []string
	flush := func() string {
		p := joinLines(para)
		para = para[:0]
		if hasCode(p) {
			return p
		}
		return ""
	}
	for i := at; i < end && i < at+maxAddressLines; i++ {
		l := lines[i]
		if mailtext.TrimSpace(l) == "" {
			if p := flush(); p != "" {
				return p
			}
			continue
		}
		if isQuote(l) || isMessageHeader(l) || namesOtherAddress(l, addr) {
			para = para[:0]
			continue
		}
		if len(para) < maxParagraphLines {
			para = append(para, l)
		}
	}
	return flush()
}

// hasCode reports whether text quotes a server's answer: an SMTP reply
// code, or an RFC 3463 enhanced status code, which a reply quoted without
// its reply code keeps ("5.1.1 <user@example.org>: Recipient address
// rejected: ...", the text of Postfix's smtpd reply, RFC 3463 section 2:
// the enhanced code leads the reply text).
func hasCode(text string) bool {
	return dsn.FindReplyCode(text) != 0 || !dsn.FindStatus(text).IsZero()
}

// startsWithAddress reports whether a line begins with an address, as a
// list of recipients writes them ("<a@b>: ...", "a@b ...", "* a@b").
func startsWithAddress(l string) bool {
	t := strings.TrimLeft(l, " \t*-•")
	as := addressesIn(t)
	return len(as) > 0 && len(strings.Trim(t[:as[0].start], "<\"' \t")) == 0
}

// excludedAddresses returns the addresses a report names that are not
// failed recipients: the bounce's own sender, addressee, Reply-To and
// Return-Path, and the original's sender, lower-case.
func excludedAddresses(m *dsn.Message) map[string]bool {
	ex := map[string]bool{}
	for _, f := range []string{"From", "To", "Reply-To", "Return-Path", "Sender", "Cc"} {
		for _, v := range m.Header.Values(f) {
			for _, a := range strings.Split(v, ",") {
				if addr := dsn.Address(a); addr != "" {
					ex[strings.ToLower(addr)] = true
				}
			}
		}
	}
	if o, ok := m.Original(); ok {
		for _, a := range []string{o.From, o.ReturnPath} {
			if a != "" {
				ex[strings.ToLower(a)] = true
			}
		}
	}
	return ex
}

// messageIDs returns the message ids the bounce's header names, lower-case
// and without brackets: an address-like token equal to one is an id.
func messageIDs(m *dsn.Message) map[string]bool {
	ids := map[string]bool{}
	for _, f := range []string{"Message-Id", "In-Reply-To", "References"} {
		for _, v := range m.Header.Values(f) {
			for _, id := range strings.Fields(v) {
				ids[strings.ToLower(dsn.TrimMessageID(id))] = true
			}
		}
	}
	if o, ok := m.Original(); ok && o.MessageID != "" {
		ids[strings.ToLower(o.MessageID)] = true
	}
	return ids
}

// Where a report's addresses are looked for, around the line of its
// intro: a list of addresses may start a few lines before it ("Your
// message to:", the address, "has not yet been delivered") and run far
// after it; an address in a sentence counts only when no list names any,
// and only near an intro phrase: on its line or the few after it, across
// one paragraph break at most.
const (
	maxAddressLines = 400
	listLinesAhead  = 3
	proseLines      = 4
)

// lineAddr is an address found in a line of the report.
type lineAddr struct {
	addrSpan
	line int
}

// reportAddresses returns the addresses around the intro on line at, up to
// line end: those listed (one to a line, or after a label), and those in
// sentences near the intro. An address the words before it name as the
// sender ("mail from", "sent by") is left out, as are quoted lines,
// message header fields and lines naming a message id.
func reportAddresses(lines []string, f found, end int) (listed, prose []lineAddr) {
	at := f.line
	stop := min(end, at+maxAddressLines)
	for i := max(0, at-listLinesAhead); i < stop; i++ {
		l := lines[i]
		// An indented header field is one too here: reports quote the
		// original's "  To: ..." and "  Subject: ..." that way.
		if isQuote(l) || isMessageHeader(strings.TrimLeft(l, " \t")) ||
			mailtext.ContainsFold(l, "message-id") || mailtext.ContainsFold(l, "message id") {
			continue
		}
		for _, sp := range addressesIn(l) {
			if namesSender(lines, i, sp) || isCommandLink(l, sp) || namesContact(lines, i, sp) {
				continue
			}
			a := lineAddr{sp, i}
			switch {
			case i < at && !isListed(l, sp):
				// Before the intro, only an address alone on its line or
				// after a label ("Intended recipient: a@b", then "The
				// following mail has been returned ...").
			case isListed(l, sp):
				listed = append(listed, a)
			case nearIntro(lines, f.lines, i):
				prose = append(prose, a)
			}
		}
	}
	return listed, prose
}

// nearIntro reports whether line i is near one of the intro lines: on it
// or at most proseLines after it, with one paragraph break between at most.
func nearIntro(lines []string, intros []int, i int) bool {
	for _, at := range intros {
		if i < at || i > at+proseLines {
			continue
		}
		breaks := 0
		for j := at + 1; j < i; j++ {
			if mailtext.TrimSpace(lines[j]) == "" && mailtext.TrimSpace(lines[j-1]) != "" {
				breaks++
			}
		}
		if breaks <= 1 {
			return true
		}
	}
	return false
}

// isListed reports whether the address at sp is listed on its line: the
// first thing on it (after bullets and brackets), or after a short label
// ("Recipient:", "Failed Recipient:", "Final-Recipient: rfc822;").
func isListed(l string, sp addrSpan) bool {
	before := strings.Trim(l[:sp.start], " \t*-•<\"'([")
	if before == "" {
		// Not a sentence wrapped before the address: "a@b fails, try ...".
		after := l[sp.end:]
		return !(len(after) > 1 && after[0] == ' ' && after[1] >= 'a' && after[1] <= 'z')
	}
	if !strings.HasSuffix(before, ":") && !strings.HasSuffix(before, ";") {
		return false
	}
	return len(before) <= 40 && strings.Count(before, " ") <= 3 && !strings.ContainsAny(before, ".,!?")
}

// isCommandLink reports whether the address at sp is a mailto link with
// a query ("mailto:sympa@lists.example.org?subject=WHICH"), the way to
// ask a service for something, not a recipient.
func isCommandLink(l string, sp addrSpan) bool {
	const scheme = "mailto:"
	return sp.start >= len(scheme) && strings.EqualFold(l[sp.start-len(scheme):sp.start], scheme) &&
		strings.HasPrefix(l[sp.end:], "?")
}

// senderWords are the words that, just before an address, name it as the
// sender of the message the report is about ("not accepting mail from
// a@b", "A message sent by <a@b>", ">>> MAIL From:<a@b>"). ("generated
// from", Exim's note on an alias's original address, is not among them.)
var senderWords = []string{"mail from", "mail from:", "message from", "sent by", "sender", "sender:"}

// namesSender reports whether the words before the address at sp of line
// i (on that line, or ending one of the two lines before) name it as the
// sender, or an SMTP transcript's reply after it does ("... Sender ok").
func namesSender(lines []string, i int, sp addrSpan) bool {
	before := strings.TrimRight(lines[i][:sp.start], " \t<\"'")
	for j := i - 1; before == "" && j >= 0 && j >= i-2; j-- {
		before = strings.TrimRight(lines[j], " \t<\"'")
	}
	before = mailtext.FoldSpace(strings.TrimLeft(before, ">"))
	for _, w := range senderWords {
		if n := len(before) - len(w); n >= 0 && strings.EqualFold(before[n:], w) && (n == 0 || before[n-1] == ' ') {
			return true
		}
	}
	return mailtext.HasPrefixFold(strings.TrimLeft(lines[i][sp.end:], ">. "), "sender ok")
}

// Decode reads the failed (or delayed) addresses of a text report.
func (genericDecoder) Decode(m *dsn.Message) *dsn.Report {
	ev := evidence(m)
	if !ev.sender && !ev.subject {
		return nil
	}
	text := genericText(m)
	lines := textLines(text)
	end := originalStart(lines)
	ft := flatten(lines, 0, end)
	f := findIntros(ft, ev.sender && ev.subject)
	failedRcpts := headerAddresses(m, "X-Failed-Recipients")
	if f.line < 0 && len(failedRcpts) == 0 {
		return nil
	}
	delayed := f.delayed || delaySubject(m)
	excluded := excludedAddresses(m)
	ids := messageIDs(m)

	type cand struct {
		addr, diag string
		introOnly  bool // diag is the intro's words, none of the address's own
	}
	var cands []cand
	index := map[string]int{}
	add := func(addr, diag string, introOnly bool) {
		key := strings.ToLower(addr)
		if excluded[key] || ids[key] || dsn.IsMailerDaemon(addr) {
			return
		}
		if k, ok := index[key]; ok {
			// A later mention (under "Diagnostic information for
			// administrators", "Technical details", in a transcript) adds
			// the remote reply the first lacks, or the address's own words
			// where the first had only the intro's.
			c := &cands[k]
			switch {
			case c.introOnly && !introOnly && diag != "":
				c.diag, c.introOnly = joinFolded(c.diag, diag), false
			case !hasCode(c.diag) && hasCode(diag):
				c.diag = joinFolded(c.diag, diag)
			}
			return
		}
		index[key] = len(cands)
		cands = append(cands, cand{addr, diag, introOnly})
	}
	if f.line >= 0 {
		listed, prose := reportAddresses(lines, f, end)
		if len(listed) == 0 {
			listed = prose
		}
		for _, a := range listed {
			d := diagnosticAt(lines, a.line, min(end, f.line+maxAddressLines), a.addrSpan)
			introOnly := d == ""
			if introOnly {
				d = introReason(lines, f, end)
			}
			add(a.addr, d, introOnly)
		}
		if len(cands) == 1 && !hasCode(cands[0].diag) {
			// One recipient, its reply not next to it: a paragraph of its
			// own below the intro ("Error during the last delivery
			// attempt:", then the reply) says why.
			cands[0].diag = joinFolded(cands[0].diag, replyParagraph(lines, f.line, end, cands[0].addr))
		} else if len(cands) > 1 && noneHasCode(len(cands), func(i int) string { return cands[i].diag }) {
			// Several, none with a reply of its own: one error message
			// below the list is all of theirs (sharedReason).
			if p := sharedReason(lines, f.line, end); p != "" {
				for i := range cands {
					cands[i].diag = joinFolded(cands[i].diag, p)
				}
			}
		}
	}
	if len(cands) == 0 && len(failedRcpts) == 0 {
		// No address listed: the original's To, quoted under the intro
		// (generic_origto.go).
		if a := quotedOriginalTo(lines, f.line, end); a != "" {
			add(a, introReason(lines, f, end), true)
		}
	}
	for _, a := range failedRcpts {
		add(a, "", false)
	}
	r := &dsn.Report{}
	for _, c := range cands {
		rc := dsn.Recipient{Recipient: c.addr, DiagnosticCode: c.diag, RemoteMTA: findRemoteHost(c.diag)}
		if delayed {
			rc.Action = dsn.ActionDelayed
		}
		addRecipient(r, rc)
	}
	if len(r.Recipients) == 0 {
		return nil
	}
	r.SupplementFromText(strings.Join(lines[:end], "\n"))
	r.Original = originalFromMessage(m, text, genericCopyMarkers...)
	if f.line < 0 {
		r.AddNote("generic: no intro phrase; recipients from X-Failed-Recipients")
	} else {
		r.AddNote("generic: intro " + fmt.Sprintf("%q", f.phrase))
	}
	return deliveryReport(r)
}
