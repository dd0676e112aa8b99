package milter

import (
	"bufio"
	"bytes"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// corpusDir is the shared corpus, relative to this package.
const corpusDir = "../testdata/corpus"

// readFields returns the header fields of a stored message as the MTA would
// pass them to the milter: name and raw value, folded lines kept.
func readFields(t testing.TB, path string) [][2]string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	b = bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
	if bytes.HasPrefix(b, []byte("From ")) { // an mbox separator line
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			b = b[i+1:]
		}
	}
	var fields [][2]string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			break
		}
		if (line[0] == ' ' || line[0] == '\t') && len(fields) > 0 {
			fields[len(fields)-1][1] += "\n" + line
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		fields = append(fields, [2]string{textproto.TrimString(name), value})
	}
	return fields
}

// TestPrefilterCorpus checks the pre-filter against every message of the
// corpus, from the header alone (the envelope of a stored file is unknown,
// so the null reverse path cannot help): every bounce is a candidate, and
// no ordinary message is.
func TestPrefilterCorpus(t *testing.T) {
	for _, tc := range []struct {
		dir  string
		want bool
	}{
		{"bsd", true},
		{"not", false},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			files, err := filepath.Glob(filepath.Join(corpusDir, tc.dir, "*.eml"))
			require.NoError(t, err)
			require.NotEmpty(t, files, "the corpus is missing")
			cues := map[Cue]int{}
			var wrong []string
			for _, f := range files {
				fields := readFields(t, f)
				got := strongest(CueNone, fields)
				cues[got]++
				if (got != CueNone) != tc.want {
					wrong = append(wrong, filepath.Base(f))
				}
			}
			t.Logf("%s: %d files, cues %v", tc.dir, len(files), cues)
			assert.Empty(t, wrong, "pre-filter wrong on %d of %d files", len(wrong), len(files))
		})
	}
}

func TestCandidate(t *testing.T) {
	for _, tc := range []struct {
		name     string
		mailFrom string
		fields   [][2]string
		want     Cue
	}{
		{"ordinary", "alice@example.org", [][2]string{{"From", " Alice <alice@example.org>"}, {"Subject", " Lunch?"}}, CueNone},
		{"null sender", "", [][2]string{{"From", " Alice <alice@example.org>"}}, CueNullSender},
		{"null sender in brackets", "<>", nil, CueNullSender},
		{"envelope mailer-daemon", "MAILER-DAEMON@mx.example.net", nil, CueMailerDaemon},
		{"report", "x@example.org", [][2]string{{"Content-Type", " multipart/report; report-type=delivery-status;\n\tboundary=x"}}, CueReport},
		{"report upper case", "x@example.org", [][2]string{{"content-type", " Multipart/Report; boundary=x"}}, CueReport},
		{"from postmaster", "x@example.org", [][2]string{{"From", " Postmaster <postmaster@example.net>"}}, CueMailerDaemon},
		{"from mailer-daemon bare", "x@example.org", [][2]string{{"From", " MAILER-DAEMON@example.net (Mail Delivery System)"}}, CueMailerDaemon},
		{"from mailer-daemon angle", "x@example.org", [][2]string{{"From", " Mail Delivery System <MAILER-DAEMON@example.net>"}}, CueMailerDaemon},
		{"x-failed-recipients", "x@example.org", [][2]string{{"X-Failed-Recipients", " bob@example.com"}}, CueFailedRcpts},
		{"auto-submitted", "x@example.org", [][2]string{{"Auto-Submitted", " auto-replied"}}, CueAutoReply},
		{"auto-submitted no", "x@example.org", [][2]string{{"Auto-Submitted", " no"}}, CueNone},
		{"x-autoreply", "x@example.org", [][2]string{{"X-Autoreply", " yes"}}, CueAutoReply},
		{"precedence bulk", "x@example.org", [][2]string{{"Precedence", " bulk"}}, CueNone},
		{"precedence auto_reply", "x@example.org", [][2]string{{"Precedence", " auto_reply"}}, CueAutoReply},
		{"subject english", "x@example.org", [][2]string{{"Subject", " Undelivered Mail Returned to Sender"}}, CueSubject},
		{"subject german", "x@example.org", [][2]string{{"Subject", " Unzustellbar: Angebot"}}, CueSubject},
		{"subject french", "x@example.org", [][2]string{{"Subject", " Non remis : Angebot"}}, CueSubject},
		{"subject encoded japanese", "x@example.org", [][2]string{{"Subject", " =?UTF-8?B?6YWN5L+h5LiN6IO9?="}}, CueSubject},
		{"subject out of office", "x@example.org", [][2]string{{"Subject", " Out of Office: lunch"}}, CueSubject},
		{"return-path null", "x@example.org", [][2]string{{"Return-Path", " <>"}}, CueNullSender},
		{"strongest wins", "", [][2]string{{"Subject", " Undeliverable"}, {"Content-Type", " multipart/report"}}, CueNullSender},
		// Decoders' marks make candidates; the ordinary mail that shares
		// one of their looser conditions does not.
		{"format mark: vendor header", "x@example.org", [][2]string{{"X-AHMAILID", " 1234"}}, CueFormat},
		{"format mark: boundary", "x@example.org", [][2]string{{"Content-Type", ` multipart/mixed; boundary="=_courier_0"`}}, CueFormat},
		{"format mark: subject", "x@example.org", [][2]string{{"Subject", " DELIVERY_FAILURE: User anna (anna@example.net) not listed"}}, CueFormat},
		{"no-reply newsletter", "news@example.org", [][2]string{{"From", " Shop <no-reply@shop.example>"}, {"Subject", " Our offers"}}, CueNone},
		{"JavaMail message", "app@example.org", [][2]string{{"From", " App <app@example.org>"}, {"Message-Id", " <123.456.JavaMail.app@host>"}}, CueNone},
		{"a phone's mail", "5551234567@vtext.com", [][2]string{{"From", " 5551234567@vtext.com"}, {"Subject", " hi"}}, CueNone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, cue := Candidate(tc.mailFrom, tc.fields)
			assert.Equal(t, tc.want, cue)
			assert.Equal(t, tc.want != CueNone, ok)
		})
	}
}

// TestPrefilterCorpusOverSMTP is TestPrefilterCorpus as the milter sees a
// bounce arriving over SMTP: the Return-Path field is not in the header,
// its address is the envelope sender. It also logs how many bounces the
// header cues catch with no help from the sender at all.
func TestPrefilterCorpusOverSMTP(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(corpusDir, "bsd", "*.eml"))
	require.NoError(t, err)
	var missed []string
	headerOnly := 0
	for _, f := range files {
		var fields [][2]string
		mailFrom := "sender@example.org" // a stored file may have no Return-Path
		for _, fl := range readFields(t, f) {
			if strings.EqualFold(fl[0], "Return-Path") {
				mailFrom = strings.Trim(strings.TrimSpace(fl[1]), "<>")
				continue
			}
			fields = append(fields, fl)
		}
		if ok, _ := Candidate(mailFrom, fields); !ok {
			missed = append(missed, filepath.Base(f))
		}
		if strongest(CueNone, fields) != CueNone {
			headerOnly++
		}
	}
	t.Logf("over SMTP: %d of %d bounces are candidates; %d by header cues alone", len(files)-len(missed), len(files), headerOnly)
	assert.Empty(t, missed)
}

// markField returns a header field that has mark m and nothing else of
// note: the field with the mark's text inside an otherwise plain value.
func markField(m dsn.Mark) [2]string {
	switch m.Test {
	case dsn.MarkContains:
		return [2]string{m.Field, " xq " + m.Value + " qx"}
	case dsn.MarkDaemon:
		return [2]string{m.Field, " Mail Delivery System <MAILER-DAEMON@mx.example.net>"}
	}
	return [2]string{m.Field, " 1"}
}

// TestPrefilterLearnsDecoderMarks walks the decoder registry and checks
// that each mark of each decoder, alone in an ordinary message's header,
// makes the message a candidate: no decoder's format is skipped at the end
// of the headers.
func TestPrefilterLearnsDecoderMarks(t *testing.T) {
	n := 0
	for _, d := range lhost.Registry() {
		mk, ok := d.(dsn.Marker)
		require.True(t, ok, "%s declares no marks", d.Name())
		for _, m := range mk.Marks() {
			n++
			f := markField(m)
			require.True(t, m.Matches(f[1]), "%s: the test's field %q does not have the mark", d.Name(), f)
			fields := [][2]string{{"From", " Alice <alice@example.org>"}, {"Subject", " Lunch?"}, f}
			if m.Field == "Subject" || m.Field == "From" {
				fields = [][2]string{f}
			}
			ok, cue := Candidate("alice@example.org", fields)
			assert.True(t, ok, "%s: %s %q is not a candidate", d.Name(), m.Field, f[1])
			assert.NotEqual(t, CueNone, cue)
			// The field name's case does not matter.
			ok, _ = Candidate("alice@example.org", [][2]string{{strings.ToUpper(f[0]), f[1]}})
			assert.True(t, ok, "%s: %s in upper case", d.Name(), m.Field)
		}
	}
	t.Logf("%d marks of %d decoders", n, len(lhost.Registry()))
	// A decoder added to the registry brings its marks: the mark only this
	// test's decoder has is a cue once the decoder is in the list.
	withTest := groupMarks(append(append([]dsn.Decoder(nil), lhost.Registry()...), testMarkDecoder{}))
	var p prefilter
	assert.True(t, p.hasMark(withTest, "x-test-bounce-format", " yes"))
	assert.False(t, p.hasMark(formatMarks(), "X-Test-Bounce-Format", " yes"), "the registry has no such mark")
}

// testMarkDecoder is a decoder with one mark of its own.
type testMarkDecoder struct{}

func (testMarkDecoder) Name() dsn.DecoderName           { return "TestMark" }
func (testMarkDecoder) Match(*dsn.Message) bool         { return false }
func (testMarkDecoder) Decode(*dsn.Message) *dsn.Report { return nil }
func (testMarkDecoder) Marks() []dsn.Mark {
	return []dsn.Mark{{Field: "X-Test-Bounce-Format", Test: dsn.MarkPresent}}
}
