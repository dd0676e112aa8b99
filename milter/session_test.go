package milter

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gomilter "github.com/d--j/go-milter"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// postfixDSN is a small RFC 3464 report as Postfix writes it.
const postfixDSN = `From: MAILER-DAEMON@mx.example.net (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: alice@example.org
Message-Id: <20240101000000.ABCDEF@mx.example.net>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="B"

--B
Content-Type: text/plain

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<bob@example.com>: host mx.example.com[192.0.2.1] said: 550 5.1.1 <bob@example.com>:
    Recipient address rejected: User unknown in local recipient table

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net
Arrival-Date: Mon,  1 Jan 2024 00:00:00 +0000 (UTC)

Final-Recipient: rfc822; bob@example.com
Original-Recipient: rfc822;bob@example.com
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.example.com
Diagnostic-Code: smtp; 550 5.1.1 <bob@example.com>: Recipient address rejected:
    User unknown in local recipient table

Final-Recipient: rfc822; carol@example.com
Action: failed
Status: 4.2.2
Remote-MTA: dns; mx.example.com
Diagnostic-Code: smtp; 452 4.2.2 <carol@example.com>: mailbox full

--B
Content-Type: text/rfc822-headers

From: alice@example.org
To: bob@example.com, carol@example.com
Subject: hello
Message-Id: <orig@example.org>

--B--
`

const ordinary = `From: Alice <alice@example.org>
To: bob@example.com
Subject: lunch
Message-Id: <lunch@example.org>

Shall we?
`

// wantStamps is what the engine says about raw, as headers.
func wantStamps(t *testing.T, raw string) [][2]string {
	t.Helper()
	rep, err := dsn.ParseBytes([]byte(raw), lhost.Registry())
	require.NoError(t, err)
	var out [][2]string
	for _, s := range Stamps(DefaultHeaderPrefix, classify.Records("", rep)) {
		out = append(out, [2]string{s.Name, s.Value})
	}
	return out
}

func TestOrdinaryAcceptedAtEndOfHeader(t *testing.T) {
	f, c := testServer(t, Config{})
	fields, body := splitMessage([]byte(ordinary))
	o := sendMessage(t, c, nil, "alice@example.org", "Q1", fields, body)
	assert.Equal(t, gomilter.ActionAccept, o.eoh, "an ordinary message is accepted at the end of its header")
	assert.Nil(t, o.end)
	assert.Equal(t, 1.0, testutil.ToFloat64(f.metrics.MessagesSeen))
	assert.Equal(t, 0.0, testutil.ToFloat64(f.metrics.Candidates.WithLabelValues("null-sender")))
}

func TestBounceStamped(t *testing.T) {
	var hooked []Bounce
	var mu sync.Mutex
	f, c := testServer(t, Config{OnBounce: func(_ context.Context, b Bounce) error {
		mu.Lock()
		defer mu.Unlock()
		hooked = append(hooked, b)
		return nil
	}})
	fields, body := splitMessage([]byte(postfixDSN))
	o := sendMessage(t, c, nil, "", "QBOUNCE", fields, body)
	require.Equal(t, gomilter.ActionContinue, o.eoh)
	require.NotNil(t, o.end)
	assert.Equal(t, gomilter.ActionAccept, o.end.Type)
	want := wantStamps(t, postfixDSN)
	require.Len(t, want, 5, "two reasons, two details, one kind")
	assert.Equal(t, want, o.added())
	assert.Equal(t, "X-Bounce-Reason", want[0][0])
	assert.Equal(t, "userunknown", want[0][1])
	assert.Equal(t, "X-Bounce-Kind", want[4][0])
	assert.Equal(t, "hard-bounce", want[4][1])
	d := ParseDetail(want[2][1])
	assert.Equal(t, "bob@example.com", d["recipient"])
	assert.Equal(t, "5.1.1", d["status"])
	assert.Equal(t, "hard", d["bounce"])
	assert.Equal(t, "RFC3464", d["decoder"])
	for _, m := range o.mods {
		assert.Equal(t, gomilter.ActionInsertHeader, m.Type)
		assert.EqualValues(t, insertAtEnd, m.HeaderIndex, "stamps go after every other header")
	}

	require.Len(t, hooked, 1)
	b := hooked[0]
	assert.Equal(t, "QBOUNCE", b.QueueID)
	assert.Equal(t, "20240101000000.ABCDEF@mx.example.net", b.MessageID)
	assert.Equal(t, "Undelivered Mail Returned to Sender", b.Subject)
	assert.Equal(t, "MAILER-DAEMON@mx.example.net", b.From)
	assert.Equal(t, "hard-bounce", b.Kind.String())
	assert.Len(t, b.Records, 2)
	assert.Positive(t, b.Size)
	assert.Equal(t, 1.0, testutil.ToFloat64(f.metrics.Bounces.WithLabelValues("hard-bounce")))
	assert.Equal(t, 1.0, testutil.ToFloat64(f.metrics.Reasons.WithLabelValues("userunknown")))
}

func TestForgedHeaders(t *testing.T) {
	forgedOrdinary := "X-Bounce-Reason: userunknown\nX-Bounce-Kind: hard-bounce\n" + ordinary +
		"x-bounce-reason: mailboxfull\n"
	// the header of forgedOrdinary ends at the first blank line; move the
	// lower-case field into it
	forgedOrdinary = strings.Replace(forgedOrdinary, "Message-Id: <lunch@example.org>\n", "Message-Id: <lunch@example.org>\nx-bounce-reason: mailboxfull\n", 1)
	forgedBounce := "X-Bounce-Kind: delivery-notice\n" + postfixDSN
	for _, tc := range []struct {
		name        string
		raw         string
		mailFrom    string
		trust       bool
		wantEOH     gomilter.ActionType
		wantRemoved []string
		wantStamped bool
	}{
		{"ordinary with forged headers", forgedOrdinary, "alice@example.org", false, gomilter.ActionContinue,
			[]string{"x-bounce-reason#2", "X-Bounce-Kind#1", "X-Bounce-Reason#1"}, false},
		{"bounce with forged kind", forgedBounce, "", false, gomilter.ActionContinue, []string{"X-Bounce-Kind#1"}, true},
		{"trusted ordinary", forgedOrdinary, "alice@example.org", true, gomilter.ActionAccept, nil, false},
		{"trusted stamped bounce", forgedBounce, "", true, gomilter.ActionAccept, nil, false},
		{"trusted unstamped bounce", postfixDSN, "", true, gomilter.ActionContinue, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, c := testServer(t, Config{TrustBounceHeaders: tc.trust})
			fields, body := splitMessage([]byte(tc.raw))
			o := sendMessage(t, c, nil, tc.mailFrom, "Q", fields, body)
			assert.Equal(t, tc.wantEOH, o.eoh)
			assert.Equal(t, tc.wantRemoved, o.removed())
			assert.Equal(t, tc.wantStamped, len(o.added()) > 0)
			if tc.wantEOH == gomilter.ActionContinue && !tc.wantStamped {
				assert.True(t, o.skip || len(body) == 0, "the body of a message that is no candidate is skipped")
			}
		})
	}
}

func TestFailOpen(t *testing.T) {
	for _, tc := range []struct {
		name   string
		cfg    Config
		engine func(string, []byte) ([]classify.Record, error)
		cause  FailCause
	}{
		{"parse error", Config{}, func(string, []byte) ([]classify.Record, error) {
			return nil, errors.New("nothing readable")
		}, FailParse},
		{"panic", Config{}, func(string, []byte) ([]classify.Record, error) {
			panic("engine bug")
		}, FailPanic},
		{"parse error inline", Config{engineInline: true}, func(string, []byte) ([]classify.Record, error) {
			return nil, errors.New("nothing readable")
		}, FailParse},
		{"panic inline", Config{engineInline: true}, func(string, []byte) ([]classify.Record, error) {
			panic("engine bug")
		}, FailPanic},
		{"timeout", Config{Timeout: 50 * time.Millisecond}, func(string, []byte) ([]classify.Record, error) {
			time.Sleep(time.Second)
			return nil, nil
		}, FailTimeout},
		{"overload", Config{MaxBuffered: 100}, nil, FailOverload},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.engine = tc.engine
			f, c := testServer(t, tc.cfg)
			fields, body := splitMessage([]byte("X-Bounce-Kind: forged\n" + postfixDSN))
			o := sendMessage(t, c, nil, "", "QFAIL", fields, body)
			require.NotNil(t, o.end)
			assert.Equal(t, gomilter.ActionAccept, o.end.Type, "accepted")
			assert.Empty(t, o.added(), "not stamped")
			assert.Equal(t, []string{"X-Bounce-Kind#1"}, o.removed(), "the forged header is removed all the same")
			assert.Len(t, o.mods, 1)
			assert.Equal(t, 1.0, testutil.ToFloat64(f.metrics.FailOpen.WithLabelValues(string(tc.cause))))

			// the connection still works for the next message
			fields, body = splitMessage([]byte(ordinary))
			o = sendMessage(t, c, o.sess, "alice@example.org", "QNEXT", fields, body)
			assert.Equal(t, gomilter.ActionAccept, o.eoh)
		})
	}
}

func TestHookErrorStillStamps(t *testing.T) {
	for _, tc := range []struct {
		name string
		hook func(context.Context, Bounce) error
	}{
		{"error", func(context.Context, Bounce) error { return errors.New("webhook down") }},
		{"panic", func(context.Context, Bounce) error { panic("hook bug") }},
		{"slow", func(ctx context.Context, _ Bounce) error { <-ctx.Done(); time.Sleep(time.Second); return nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, c := testServer(t, Config{OnBounce: tc.hook, Timeout: 100 * time.Millisecond})
			fields, body := splitMessage([]byte(postfixDSN))
			start := time.Now()
			o := sendMessage(t, c, nil, "", "QHOOK", fields, body)
			assert.Less(t, time.Since(start), 900*time.Millisecond, "a slow hook does not hold the message")
			require.NotNil(t, o.end)
			assert.Equal(t, gomilter.ActionAccept, o.end.Type)
			assert.Len(t, o.added(), 5)
			assert.Equal(t, 1.0, testutil.ToFloat64(f.metrics.HookErrors))
		})
	}
}

func TestMaxBodyTruncates(t *testing.T) {
	f, c := testServer(t, Config{MaxBody: 2048})
	big := strings.Replace(postfixDSN, "--B--\n", "--B\nContent-Type: text/plain\n\n"+strings.Repeat("filler line of text\n", 20000)+"--B--\n", 1)
	fields, body := splitMessage([]byte(big))
	o := sendMessage(t, c, nil, "", "QBIG", fields, body)
	require.NotNil(t, o.end)
	assert.True(t, o.skip, "the milter asks the MTA to skip the rest of the body")
	assert.Equal(t, gomilter.ActionAccept, o.end.Type)
	assert.NotEmpty(t, o.added(), "classified from the start of the body")
	assert.Equal(t, 1.0, testutil.ToFloat64(f.metrics.Truncated))
}

func TestPrefixConfigurable(t *testing.T) {
	_, c := testServer(t, Config{HeaderPrefix: "X-DSN-"})
	fields, body := splitMessage([]byte("X-DSN-Kind: forged\nX-Bounce-Kind: other\n" + postfixDSN))
	o := sendMessage(t, c, nil, "", "Q", fields, body)
	assert.Equal(t, []string{"X-DSN-Kind#1"}, o.removed())
	for _, h := range o.added() {
		assert.True(t, strings.HasPrefix(h[0], "X-DSN-"), h[0])
	}
}

func TestReload(t *testing.T) {
	f, c := testServer(t, Config{})
	require.NoError(t, f.Reload(Config{HeaderPrefix: "X-New-", Logger: discardLogger}))
	fields, body := splitMessage([]byte(postfixDSN))
	o := sendMessage(t, c, nil, "", "Q", fields, body)
	require.NotEmpty(t, o.added())
	assert.Equal(t, "X-New-Reason", o.added()[0][0])
	assert.Error(t, f.Reload(Config{HeaderPrefix: "Bad Prefix:"}))
}

func TestConfigInvalid(t *testing.T) {
	for _, cfg := range []Config{
		{HeaderPrefix: "X Bounce"},
		{MaxBody: -1},
		{Timeout: -time.Second},
		{MaxConcurrent: -1},
		{MaxBuffered: -1},
	} {
		_, err := New(cfg)
		assert.Error(t, err, "%+v", cfg)
	}
}

// TestCorpusThroughProtocol sends every corpus bounce through the milter
// protocol with a null sender, on one connection as an MTA reuses it, and
// checks that the stamps are what the engine says about the message.
func TestCorpusThroughProtocol(t *testing.T) {
	_, c := testServer(t, Config{})
	files, err := filepath.Glob(filepath.Join(corpusDir, "bsd", "*.eml"))
	require.NoError(t, err)
	var s *gomilter.ClientSession
	stamped := 0
	for _, file := range files {
		raw, err := os.ReadFile(file)
		require.NoError(t, err)
		fields, body := splitMessage(raw)
		o := sendMessage(t, c, s, "", "Q", fields, body)
		s = o.sess
		require.Equal(t, gomilter.ActionContinue, o.eoh, file)
		require.NotNil(t, o.end, file)
		require.Equal(t, gomilter.ActionAccept, o.end.Type, file)
		rep, err := dsn.ParseBytes(raw, lhost.Registry())
		var want []HeaderField
		if err == nil {
			want = Stamps(DefaultHeaderPrefix, classify.Records("", rep))
		}
		got := o.added()
		require.Len(t, got, len(want), file)
		for i := range want {
			assert.Equal(t, want[i].Name, got[i][0], file)
			assert.Equal(t, want[i].Value, got[i][1], file)
		}
		if len(want) > 0 {
			stamped++
		}
	}
	t.Logf("%d of %d corpus bounces stamped (the rest the engine does not read as bounces yet)", stamped, len(files))
}

// panicky is an MTA connection whose Protocol call panics once: a stand-in
// for a bug in a callback before the end of the message.
type panicky struct {
	gomilter.Modifier // nil: any other call panics as well
	panics            int
	removed           []string
	inserted          []string
}

func (p *panicky) Protocol() gomilter.OptProtocol {
	if p.panics > 0 {
		p.panics--
		panic("bug in a callback")
	}
	return wantProtocol
}
func (p *panicky) Get(string) string { return "QPANIC" }
func (p *panicky) ChangeHeader(i int, name, value string) error {
	p.removed = append(p.removed, fmt.Sprintf("%s#%d=%q", name, i, value))
	return nil
}
func (p *panicky) InsertHeader(_ int, name, value string) error {
	p.inserted = append(p.inserted, name+":"+value)
	return nil
}

// TestPanicBeforeEndStillRemovesForged: a panic in a callback before the
// end of the message does not accept the message there (which would keep
// the forged headers): the message goes on to its end, unstamped, and the
// forged headers are removed.
func TestPanicBeforeEndStillRemovesForged(t *testing.T) {
	f, err := New(Config{Logger: discardLogger})
	require.NoError(t, err)
	s := &session{f: f}
	m := &panicky{}
	require.NoError(t, s.NewConnection(m))
	_, err = s.MailFrom("", "", m)
	require.NoError(t, err)
	resp, err := s.Header("X-Bounce-Kind", " hard-bounce", m)
	require.NoError(t, err)
	assert.Equal(t, gomilter.RespContinue, resp)
	m.panics = 1 // the next header's processing panics
	resp, err = s.Header("Subject", " Undelivered Mail Returned to Sender", m)
	require.NoError(t, err)
	assert.Equal(t, gomilter.RespContinue, resp, "no accept before the end")
	resp, err = s.Headers(m)
	require.NoError(t, err)
	assert.Equal(t, gomilter.RespContinue, resp, "the end of the header goes on, to remove the forged header")
	resp, err = s.BodyChunk([]byte("body"), m)
	require.NoError(t, err)
	assert.Equal(t, gomilter.RespSkip, resp)
	resp, err = s.EndOfMessage(m)
	require.NoError(t, err)
	assert.Equal(t, gomilter.RespAccept, resp)
	assert.Equal(t, []string{`X-Bounce-Kind#1=""`}, m.removed)
	assert.Empty(t, m.inserted)
	assert.Equal(t, 1.0, testutil.ToFloat64(f.metrics.FailOpen.WithLabelValues(string(FailPanic))))
}

// TestStampsCarryLeadingSpace: with SMFIP_HDR_LEADSPC the MTA adds no
// space after the colon, so each added value starts with exactly one;
// without it the MTA adds the space, so the values start without one.
func TestStampsCarryLeadingSpace(t *testing.T) {
	for _, tc := range []struct {
		name    string
		leadspc bool
	}{{"negotiated", true}, {"not negotiated", false}} {
		t.Run(tc.name, func(t *testing.T) {
			_, addr := startTestServer(t, Config{})
			protocol := gomilter.OptNoConnect | gomilter.OptNoHelo | gomilter.OptNoRcptTo | gomilter.OptNoData |
				gomilter.OptNoUnknown | gomilter.OptNoMailReply | gomilter.OptNoHeaderReply | gomilter.OptSkip
			if tc.leadspc {
				protocol |= gomilter.OptHeaderLeadingSpace
			}
			c := gomilter.NewClient("tcp", addr, gomilter.WithActions(gomilter.AllClientSupportedActionMasks),
				gomilter.WithProtocols(protocol), gomilter.WithDialer(packetDialer{}))
			fields, body := splitMessage([]byte(postfixDSN))
			o := sendMessage(t, c, nil, "", "QLEAD", fields, body)
			require.NotEmpty(t, o.mods)
			for _, mod := range o.mods {
				v := mod.HeaderValue
				if tc.leadspc {
					assert.True(t, strings.HasPrefix(v, " ") && !strings.HasPrefix(v, "  "), "%s: %q", mod.HeaderName, v)
				} else {
					assert.False(t, strings.HasPrefix(v, " "), "%s: %q", mod.HeaderName, v)
				}
			}
		})
	}
}

// The hook's fields are the first Message-Id, Subject and From, whatever
// their case, unfolded and trimmed.
func TestHookFields(t *testing.T) {
	var h hookFields
	for _, f := range [][2]string{
		{"Received", " from a by b"},
		{"SUBJECT", " Undelivered Mail\r\n\tReturned to Sender"},
		{"Subject", " a second subject"},
		{"message-id", " <x@example.net>"},
		{"From", " MAILER-DAEMON@example.net (Mail Delivery System)"},
	} {
		h.take(f[0], f[1])
	}
	assert.Equal(t, hookFields{messageID: "<x@example.net>", subject: "Undelivered Mail\tReturned to Sender",
		from: "MAILER-DAEMON@example.net (Mail Delivery System)"}, h)
}
