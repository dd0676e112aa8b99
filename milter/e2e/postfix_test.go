//go:build e2e

package e2e

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/milter"
)

// ordinaryMessages are non-bounces, each complete (From, To, Date,
// Message-ID present, addresses qualified) so that Postfix's cleanup adds
// nothing to them: only its own Return-Path, Delivered-To, Received.
var ordinaryMessages = map[string]string{
	"plain": "From: Alice <alice@example.org>\nTo: bmtest@localhost\nSubject: lunch\n" +
		"Date: Mon, 01 Jan 2024 12:00:00 +0000\nMessage-ID: <plain@example.org>\n\nShall we?\n.leading dot line\n\n\ntrailing blank lines\n",
	"folded and 8bit": "From: =?UTF-8?Q?J=C3=BCrgen?= <juergen@example.org>\nTo: bmtest@localhost,\n\tother@example.org\n" +
		"Subject: a long subject that is folded\n over two lines\nDate: Mon, 01 Jan 2024 12:00:00 +0000\n" +
		"Message-ID: <folded@example.org>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n" +
		"Content-Transfer-Encoding: 8bit\nX-Weird-Header:   spaces kept   \n\nGrüße aus Köln.\n",
	"multipart": "From: bob@example.org\nTo: bmtest@localhost\nSubject: report attached\n" +
		"Date: Mon, 01 Jan 2024 12:00:00 +0000\nMessage-ID: <multipart@example.org>\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/mixed; boundary=\"XYZ\"\n\n--XYZ\nContent-Type: text/plain\n\nsee attachment\n" +
		"--XYZ\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\nAAECAwQFBgcICQ==\n--XYZ--\n",
}

// postfixPrefix are the fields Postfix's local delivery and smtpd put in
// front of a message.
var postfixPrefix = []string{"Return-Path", "X-Original-To", "Delivered-To", "Received"}

// checkUnchanged checks that got is want with only Postfix's own fields in front.
func checkUnchanged(t *testing.T, name string, want, got []byte) {
	t.Helper()
	if !assert.True(t, bytes.HasSuffix(got, want), "%s: delivered message does not end with the message sent, byte for byte:\n%s", name, got[:min(len(got), 4000)]) {
		return
	}
	prefix := string(got[:len(got)-len(want)])
	for _, line := range strings.Split(strings.TrimSuffix(prefix, "\n"), "\n") {
		if line == "" || line[0] == ' ' || line[0] == '\t' {
			continue
		}
		fname, _, _ := strings.Cut(line, ":")
		assert.Contains(t, postfixPrefix, fname, "%s: unexpected field in front: %q", name, line)
	}
}

func TestPostfixOrdinaryUnchanged(t *testing.T) {
	dir := resetMaildir(t, mailUser)
	var ids []string
	sent := map[string][]byte{}
	for name, msg := range ordinaryMessages {
		id := "ord-" + strings.ReplaceAll(name, " ", "-")
		raw := withID(id, []byte(msg))
		sent[id] = raw
		ids = append(ids, id)
		require.NoError(t, smtpSend(env.postfix.port, "alice@example.org", []string{mailUser + "@localhost"}, raw), name)
	}
	got := byID(t, dir, ids, 30*time.Second)
	for id, raw := range sent {
		checkUnchanged(t, id, raw, got[id].raw)
		assert.Empty(t, got[id].stamps(), id)
	}
}

func TestPostfixForgedHeadersRemoved(t *testing.T) {
	dir := resetMaildir(t, mailUser)
	clean := withID("forged", []byte(ordinaryMessages["plain"]))
	forged := bytes.Replace(clean, []byte("Subject: lunch\n"),
		[]byte("X-Bounce-Reason: userunknown\nSubject: lunch\nX-Bounce-Kind: hard-bounce\nx-bounce-detail: recipient=ceo@example.org\n"), 1)
	require.NoError(t, smtpSend(env.postfix.port, "mallory@example.org", []string{mailUser + "@localhost"}, forged))
	got := byID(t, dir, []string{"forged"}, 30*time.Second)["forged"]
	assert.Empty(t, got.stamps(), "forged X-Bounce-* fields are removed")
	checkUnchanged(t, "forged", clean, got.raw)
}

// TestPostfixCorpusBounces sends every corpus bounce with a null sender
// through Postfix and checks the stamps that arrive against the engine.
func TestPostfixCorpusBounces(t *testing.T) {
	dir := resetMaildir(t, mailUser)
	files, err := filepath.Glob(filepath.Join(corpusDir, "bsd", "*.eml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	want := map[string][]milter.HeaderField{}
	var ids []string
	c, err := smtpDial(env.postfix.port)
	require.NoError(t, err)
	for i, f := range files {
		raw, err := os.ReadFile(f)
		require.NoError(t, err)
		id := filepath.Base(f)
		msg := withID(id, raw)
		want[id] = expected(msg)
		ids = append(ids, id)
		if i > 0 && i%50 == 0 { // a new session now and then, as real clients do
			require.NoError(t, c.Quit())
			c, err = smtpDial(env.postfix.port)
			require.NoError(t, err)
		}
		require.NoError(t, smtpTransaction(c, "", []string{mailUser + "@localhost"}, msg), id)
	}
	require.NoError(t, c.Quit())
	got := byID(t, dir, ids, 2*time.Minute)
	stamped := 0
	for _, id := range ids {
		d := got[id]
		assert.Equal(t, "<>", d.get("Return-Path"), id)
		gotStamps := d.stamps()
		if !assert.Len(t, gotStamps, len(want[id]), "%s: stamps %v", id, gotStamps) {
			continue
		}
		for i, w := range want[id] {
			assert.Equal(t, w.Name, gotStamps[i].Name, id)
			assert.Equal(t, unfold(w.Value), unfold(gotStamps[i].Value), id)
		}
		assertStampBytes(t, id, d.raw, want[id])
		if len(want[id]) > 0 {
			stamped++
		}
	}
	t.Logf("%d corpus bounces delivered through Postfix, %d stamped as the engine classifies them", len(ids), stamped)
	assert.Greater(t, stamped, len(ids)/2)
}

// TestPostfixMilterDown: with the milter stopped, mail still flows
// (milter_default_action = accept), unstamped; then the milter returns.
func TestPostfixMilterDown(t *testing.T) {
	dir := resetMaildir(t, mailUser)
	env.milter.stop()
	defer func() {
		p, err := startMilter()
		require.NoError(t, err, "restart the milter")
		env.milter = p
	}()
	bounce, err := os.ReadFile(filepath.Join(corpusDir, "bsd", "lhost-postfix-01.eml"))
	require.NoError(t, err)
	require.NotEmpty(t, expected(withID("down-bounce", bounce)), "the engine classifies the test bounce")
	require.NoError(t, smtpSend(env.postfix.port, "", []string{mailUser + "@localhost"}, withID("down-bounce", bounce)))
	plain := withID("down-plain", []byte(ordinaryMessages["plain"]))
	require.NoError(t, smtpSend(env.postfix.port, "alice@example.org", []string{mailUser + "@localhost"}, plain))
	got := byID(t, dir, []string{"down-bounce", "down-plain"}, 30*time.Second)
	assert.Empty(t, got["down-bounce"].stamps(), "no milter, no stamps")
	checkUnchanged(t, "down-plain", plain, got["down-plain"].raw)
	log, _ := os.ReadFile(filepath.Join(env.postfix.dir, "postfix.log"))
	assert.Contains(t, string(log), fmt.Sprintf("connect to Milter service inet:127.0.0.1:%d", env.milterPort))
}

// TestPostfixTimeoutStillRemovesForged: a bounce that arrives with forged
// X-Bounce-* headers and whose classification runs past the milter's
// timeout is delivered without stamps, and without the forged headers.
func TestPostfixTimeoutStillRemovesForged(t *testing.T) {
	dir := resetMaildir(t, mailUser)
	milterWith(t, "--timeout", "1ms")

	// A DSN with a 4 MB text part and 20,000 recipients: classifying it
	// takes far longer than 1 ms (the engine's bounds still make it read
	// 1,000 recipients). The milter starts classifying at a body chunk
	// shorter than the protocol's 65,535 bytes, taking it for the last,
	// and an end of message that finds that work done uses it, timeout or
	// not: on a loaded machine the end of message can come later than the
	// work takes. So the body is padded to fill Postfix's chunks exactly
	// (milter8.c sends each body line with CR LF appended, in chunks of
	// MILTER_CHUNK_SIZE, and flushes a short one only when there is one):
	// no short chunk, no early start, and the end of message itself must
	// classify, which the 1 ms timeout cuts short.
	var filler, rcpts strings.Builder
	for filler.Len() < 4<<20 {
		filler.WriteString("This line only makes the report long enough to outlast the timeout.\n")
	}
	for i := range 20000 {
		fmt.Fprintf(&rcpts, "Final-Recipient: rfc822; bob%d@example.com\nAction: failed\nStatus: 5.1.1\n"+
			"Diagnostic-Code: smtp; 550 5.1.1 <bob%d@example.com>: User unknown\n\n", i, i)
	}
	report := func(pad string) string {
		return "--B\nContent-Type: text/plain\n\n" + filler.String() + pad +
			"--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n" +
			rcpts.String() + "--B--\n"
	}
	body := report(fullChunksPadding(milterBodyLen(report(""))))
	require.Zero(t, milterBodyLen(body)%milterChunk, "the body fills Postfix's milter chunks exactly")
	clean := withID("timeout", []byte("From: MAILER-DAEMON@mx.example.net (Mail Delivery System)\n"+
		"To: alice@example.org\nSubject: Undelivered Mail Returned to Sender\n"+
		"Date: Mon, 01 Jan 2024 12:00:00 +0000\nMessage-ID: <timeout@mx.example.net>\nMIME-Version: 1.0\n"+
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n"+body))
	forged := bytes.Replace(clean, []byte("Subject: "),
		[]byte("X-Bounce-Kind: hard-bounce\nX-Bounce-Reason: userunknown\nSubject: "), 1)
	require.NoError(t, smtpSend(env.postfix.port, "", []string{mailUser + "@localhost"}, forged))
	got := byID(t, dir, []string{"timeout"}, 60*time.Second)["timeout"]
	assert.Empty(t, got.stamps(), "no X-Bounce-* field: the forged ones removed, none stamped")
	checkUnchanged(t, "timeout", clean, got.raw)

	metrics := scrape(t)
	assert.Equal(t, "1", metricValue(metrics, `bounce_milter_fail_open_total{cause="timeout"}`), "the classification timed out")
	assert.Equal(t, "2", metricValue(metrics, "bounce_milter_forged_headers_removed_total"), "forged headers removed")
}

// milterChunk is the size of the body chunks Postfix sends a milter
// (MILTER_CHUNK_SIZE, src/milter/milter8.c).
const milterChunk = 65535

// milterBodyLen is how many bytes of body Postfix sends a milter for body,
// written with LF line ends: each line with CR LF.
func milterBodyLen(body string) int {
	return len(body) + strings.Count(body, "\n")
}

// fullChunksPadding returns lines that bring a body of n milter bytes to
// a multiple of milterChunk: lines of at most 1,000 bytes, well within
// Postfix's line_length_limit.
func fullChunksPadding(n int) string {
	var b strings.Builder
	for rem := (milterChunk - n%milterChunk) % milterChunk; rem > 0; {
		switch {
		case rem > 1002:
			b.WriteString(strings.Repeat("x", 1000) + "\n")
			rem -= 1002
		case rem >= 2:
			b.WriteString(strings.Repeat("x", rem-2) + "\n")
			rem = 0
		default: // one byte short: no line is one byte long
			b.WriteString(strings.Repeat("x", 999) + "\n")
			rem += milterChunk - 1001
		}
	}
	return b.String()
}

// metricValue returns the value of one series in a /metrics text, or "".
func metricValue(metrics, series string) string {
	for _, line := range strings.Split(metrics, "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			return v
		}
	}
	return ""
}
