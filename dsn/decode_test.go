package dsn

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fixedDecoder matches every message and reads each as the report its
// read function makes (nil: not its format): it stands for decoders of
// formats that Decode's order, not any message, is being tested with.
type fixedDecoder struct {
	name DecoderName
	read func() *Report
}

func (d fixedDecoder) Name() DecoderName       { return d.name }
func (d fixedDecoder) Match(*Message) bool     { return true }
func (d fixedDecoder) Decode(*Message) *Report { return d.read() }

// TestDecodePartial checks how Decode treats a partial reading: kept as
// the fallback while the decoders after it are tried, replaced by the
// first report of the same kind that names recipients and is not partial
// itself, returned credited to its own decoder when none is.
func TestDecodePartial(t *testing.T) {
	delivery := func(addr string) func() *Report {
		return func() *Report {
			return &Report{Kind: DeliveryReport, Recipients: []Recipient{{Recipient: addr, Action: ActionFailed}}}
		}
	}
	partial := func(addr string) func() *Report {
		return func() *Report {
			r := delivery(addr)()
			r.MarkPartial("part without fields")
			return r
		}
	}
	none := func() *Report { return nil }
	autoReply := func() *Report {
		return &Report{Kind: AutoReply, Recipients: []Recipient{{Recipient: "c@example.net"}}}
	}
	noRecipients := func() *Report { return &Report{Kind: DeliveryReport} }
	wrapped := func() *Report {
		r := delivery("w@example.net")()
		r.Decoder = "Inner" // a wrapper's report, named by the decoder inside
		return r
	}

	for _, tc := range []struct {
		name      string
		decoders  []fixedDecoder
		decoder   string
		recipient string
		note      string
	}{
		{
			name:     "no partial reading: the first report",
			decoders: []fixedDecoder{{"A", none}, {"B", delivery("b@example.net")}, {"C", delivery("c@example.net")}},
			decoder:  "B", recipient: "b@example.net",
		},
		{
			name:     "a later reading replaces the partial one",
			decoders: []fixedDecoder{{"A", partial("a@example.net")}, {"B", none}, {"C", delivery("c@example.net")}},
			decoder:  "C", recipient: "c@example.net",
			note: "A read it only in part (part without fields): read by the C decoder",
		},
		{
			name:     "no later reading: the partial one, credited to its decoder",
			decoders: []fixedDecoder{{"A", partial("a@example.net")}, {"B", none}},
			decoder:  "A", recipient: "a@example.net",
			note: "A read it only in part (part without fields): no decoder after it read more",
		},
		{
			name:     "a report of another kind does not replace it",
			decoders: []fixedDecoder{{"A", partial("a@example.net")}, {"B", autoReply}},
			decoder:  "A", recipient: "a@example.net",
			note: "no decoder after it read more",
		},
		{
			name:     "a report without recipients does not replace it",
			decoders: []fixedDecoder{{"A", partial("a@example.net")}, {"B", noRecipients}, {"C", delivery("c@example.net")}},
			decoder:  "C", recipient: "c@example.net",
			note: "read by the C decoder",
		},
		{
			name:     "a second partial reading does not replace the first",
			decoders: []fixedDecoder{{"A", partial("a@example.net")}, {"B", partial("b@example.net")}},
			decoder:  "A", recipient: "a@example.net",
			note: "A read it only in part",
		},
		{
			name:     "a wrapper's report keeps the name of the decoder inside",
			decoders: []fixedDecoder{{"A", partial("a@example.net")}, {"W", wrapped}},
			decoder:  "Inner", recipient: "w@example.net",
			note: "read by the Inner decoder",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ReadMessage([]byte("From: MAILER-DAEMON@example.org\nSubject: failure\n\nbody\n"))
			require.NoError(t, err)
			ds := make([]Decoder, len(tc.decoders))
			for i, d := range tc.decoders {
				ds[i] = d
			}
			r := Decode(m, ds)
			assert.Equal(t, DeliveryReport, r.Kind)
			assert.Equal(t, tc.decoder, r.Decoder)
			require.Len(t, r.Recipients, 1)
			assert.Equal(t, tc.recipient, r.Recipients[0].Recipient)
			assert.Empty(t, r.partial, "Decode clears the mark")
			notes := strings.Join(r.Notes, "\n")
			if tc.note == "" {
				assert.NotContains(t, notes, "only in part")
			} else {
				assert.Contains(t, notes, tc.note)
			}
		})
	}
}
