package milter

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	gomilter "github.com/d--j/go-milter"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/verp"
)

// unknownFormat is a failure report in a layout no decoder knows, naming
// no address: only the envelope says whose mail failed.
const unknownFormat = `From: Mail Administrator <postmaster@mx.example.com>
To: list-bounces+user=example.com@lists.example.org
Subject: Message status - undeliverable
Message-Id: <ndr-1@mx.example.com>

The message you sent could not be handed over.
Reason: the recipient's mailbox is full and cannot take any more messages.

------ This is a copy of the message, including all the headers. ------
From: list@lists.example.org
Subject: our news
Message-Id: <news-7@lists.example.org>

User unknown words inside the original must not count.
`

// challenge is mail a decoder calls no bounce: a challenge-response
// request (dsn/lhost notBounceRules).
const challenge = `From: robot@example.com
Subject: Please confirm your message
X-Delivery-Agent: TMDA/1.1.12

Your server requires confirmation before delivery.
`

// verpPatterns parses specs or fails the test.
func verpPatterns(t testing.TB, specs ...string) verp.Patterns {
	t.Helper()
	ps, err := verp.ParseAll(specs)
	require.NoError(t, err)
	return ps
}

// hookRecords collects what OnBounce receives.
type hookRecords struct {
	mu   sync.Mutex
	recs []classify.Record
}

func (h *hookRecords) hook(_ context.Context, b Bounce) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.recs = append(h.recs, b.Records...)
	return nil
}

func (h *hookRecords) all() []classify.Record {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]classify.Record(nil), h.recs...)
}

// The milter asks for RCPT only with VERP, and then without a reply per
// recipient; a reload turning VERP on takes effect on the next connection.
func TestVERPNegotiation(t *testing.T) {
	f, c := testServer(t, Config{})
	s, err := c.Session(gomilter.NewMacroBag())
	require.NoError(t, err)
	assert.True(t, s.ProtocolOption(gomilter.OptNoRcptTo), "without VERP the milter opts out of RCPT")
	require.NoError(t, s.Close())

	cfg := f.Config()
	cfg.VERP = verpPatterns(t, "mailman")
	require.NoError(t, f.Reload(cfg))
	s, err = c.Session(gomilter.NewMacroBag())
	require.NoError(t, err)
	assert.False(t, s.ProtocolOption(gomilter.OptNoRcptTo), "with VERP the MTA sends RCPT")
	assert.True(t, s.ProtocolOption(gomilter.OptNoRcptReply), "and waits for no reply to it")
	assert.True(t, s.ProtocolOption(gomilter.OptNoConnect), "the rest is unchanged")
	require.NoError(t, s.Close())
}

// The Done-when of VERP: a bounce in a format no decoder knows, to a VERP
// address, is stamped with the recipient the address encodes and the
// reason the report's text gives.
func TestVERPUnknownFormat(t *testing.T) {
	h := &hookRecords{}
	_, c := testServer(t, Config{VERP: verpPatterns(t, "mailman"), OnBounce: h.hook})
	fields, body := splitMessage([]byte(unknownFormat))
	o := sendMessageTo(t, c, nil, "", []string{"list-bounces+user=example.com@lists.example.org"}, "Q1", fields, body)
	defer o.sess.Close()
	got := o.added()
	require.Len(t, got, 3, "%v", got)
	assert.Equal(t, [2]string{"X-Bounce-Reason", "mailboxfull"}, got[0])
	d := ParseDetail(got[1][1])
	assert.Equal(t, "user@example.com", d["recipient"])
	assert.Equal(t, "user@example.com", d["verp"])
	assert.Equal(t, verp.DecoderName, d["decoder"])
	assert.Equal(t, "mailboxfull", d["reason"])
	assert.Equal(t, [2]string{"X-Bounce-Kind", "soft-bounce"}, got[2])
	assert.Contains(t, got[1][1], "verp=user@example.com")

	recs := h.all()
	require.Len(t, recs, 1)
	assert.Equal(t, "user@example.com", recs[0].VERP, "the hook (the webhook) gets the VERP recipient")
	assert.Equal(t, "failed", recs[0].Action)
	assert.NotContains(t, recs[0].DiagnosticCode, "inside the original", "the returned original is not read")

	// Without VERP the same message is no bounce to the milter: no
	// decoder finds a recipient, and the milter did not ask for RCPT.
	_, c2 := testServer(t, Config{})
	o2 := sendMessageTo(t, c2, nil, "", []string{"list-bounces+user=example.com@lists.example.org"}, "Q2", fields, body)
	defer o2.sess.Close()
	assert.Empty(t, o2.added())
}

// A bounce a decoder reads keeps its facts; each gets the VERP recipient.
func TestVERPDecodedBounce(t *testing.T) {
	h := &hookRecords{}
	_, c := testServer(t, Config{VERP: verpPatterns(t, "postfix"), OnBounce: h.hook})
	fields, body := splitMessage([]byte(postfixDSN))
	o := sendMessageTo(t, c, nil, "", []string{"owner-list+bob=example.com@lists.example.org"}, "Q3", fields, body)
	defer o.sess.Close()
	got := o.added()
	require.Len(t, got, 5, "%v", got)
	for _, f := range got[2:4] {
		d := ParseDetail(f[1])
		assert.Equal(t, "bob@example.com", d["verp"], f[1])
		assert.Equal(t, "RFC3464", d["decoder"])
	}
	assert.Equal(t, "bob@example.com", ParseDetail(got[2][1])["recipient"])
	assert.Equal(t, "carol@example.com", ParseDetail(got[3][1])["recipient"])
	assert.Len(t, h.all(), 2)
}

// What is no VERP bounce gets no VERP fact.
func TestVERPNotBounces(t *testing.T) {
	_, c := testServer(t, Config{VERP: verpPatterns(t, "mailman")})
	vrcpt := []string{"list-bounces+user=example.com@lists.example.org"}
	for _, tc := range []struct {
		name, from, msg string
		rcpts           []string
	}{
		// A person writing to the bounce address: no cue, accepted at
		// the end of the header.
		{"a person's mail", "alice@example.org", ordinary, vrcpt},
		// A challenge-response request with a null sender.
		{"challenge-response", "", challenge, vrcpt},
		// An ordinary message with a null sender to an address that is
		// no VERP address.
		{"no VERP address", "", unknownFormat, []string{"list-bounces@lists.example.org"}},
	} {
		fields, body := splitMessage([]byte(tc.msg))
		o := sendMessageTo(t, c, nil, tc.from, tc.rcpts, "Q4", fields, body)
		assert.Empty(t, o.added(), tc.name)
		o.sess.Close()
	}
}

// Hostile envelopes: many recipients, huge addresses, addresses that
// decode to nothing. The milter keeps at most maxEnvelopeRcpts, none
// longer than maxEnvelopeAddr, and reports only what decodes.
func TestVERPHostileEnvelope(t *testing.T) {
	_, c := testServer(t, Config{VERP: verpPatterns(t, "postfix")})
	var rcpts []string
	rcpts = append(rcpts, "owner+"+strings.Repeat("a", 100<<10)+"=example.com@lists.example.org")
	rcpts = append(rcpts, "owner+us\"er=example.com@lists.example.org", "owner+user=localhost@lists.example.org")
	for i := range maxEnvelopeRcpts + 10 {
		rcpts = append(rcpts, fmt.Sprintf("owner+u%d=example.com@lists.example.org", i))
	}
	fields, body := splitMessage([]byte(unknownFormat))
	o := sendMessageTo(t, c, nil, "", rcpts, "Q5", fields, body)
	defer o.sess.Close()
	var verps []string
	for _, f := range o.added() {
		if f[0] == "X-Bounce-Detail" {
			verps = append(verps, ParseDetail(f[1])["verp"])
		}
	}
	// The first three are kept (the long one is not) and do not decode;
	// of the rest, as many as the bound leaves room for.
	require.Len(t, verps, maxEnvelopeRcpts-2)
	assert.Equal(t, "u0@example.com", verps[0])
	assert.Equal(t, fmt.Sprintf("u%d@example.com", maxEnvelopeRcpts-3), verps[len(verps)-1])
}

// BenchmarkNonBounceVERP is BenchmarkNonBounce with --verp: the MTA also
// sends the recipient (without waiting for a reply). Compare the two.
func BenchmarkNonBounceVERP(b *testing.B) {
	_, c := testServer(b, Config{VERP: verpPatterns(b, "mailman")})
	benchSerial(b, c, "alice@example.org", []byte(ordinary), func(o outcome) {
		require.Equal(b, gomilter.ActionAccept, o.eoh)
	})
}

// BenchmarkUnknownFormatVERP: a bounce no decoder reads, to a VERP
// address, classified from its text and stamped.
func BenchmarkUnknownFormatVERP(b *testing.B) {
	_, c := testServer(b, Config{VERP: verpPatterns(b, "mailman")})
	fields, body := splitMessage([]byte(unknownFormat))
	rcpts := []string{"list-bounces+user=example.com@lists.example.org"}
	o := sendMessageTo(b, c, nil, "", rcpts, "QB", fields, body)
	require.Len(b, o.added(), 3)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sendMessageTo(b, c, o.sess, "", rcpts, "QB", fields, body)
	}
}
