package milter

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bounce-milter/bounce-milter/classify"
)

// FuzzDetail feeds arbitrary record values to the detail header's quoting:
// the value is always valid UTF-8 without control characters other than
// its folds, every line after the first starts with a tab, and
// ParseDetail gives back each value as cleanValue cleaned it.
func FuzzDetail(f *testing.F) {
	f.Add("bob@example.com", "5.1.1", "550", "mx.example.com", "status/5.1.1", "RFC3464")
	f.Add(`"odd; local"@example.com`, "", "", "", "text/userunknown/user unknown", "")
	f.Add("a\r\nInjected: yes@example.com", "5.1.1\x00", "\x7f", "\u0085\u009b", `back\slash "q"`, "\xff\xfe")
	f.Add(strings.Repeat("ü", 150)+"@example.com", "", "", strings.Repeat("x", 300), "", "")
	f.Fuzz(func(t *testing.T, recipient, status, reply, rhost, rule, decoder string) {
		rec := classify.Record{Recipient: recipient, DeliveryStatus: status, ReplyCode: reply, RHost: rhost,
			Rule: rule, DecodedBy: decoder, Reason: classify.UserUnknown}
		d := Detail(&rec)
		if !utf8.ValidString(d) {
			t.Fatalf("not UTF-8: %q", d)
		}
		for i, line := range strings.Split(d, "\n") {
			if i > 0 && !strings.HasPrefix(line, "\t") {
				t.Fatalf("line %d does not start with a tab: %q", i, d)
			}
			for j, r := range line {
				if (r < ' ' && !(r == '\t' && i > 0 && j == 0)) || r >= 0x7f && r <= 0x9f {
					t.Fatalf("control character %U in %q", r, d)
				}
			}
		}
		got := ParseDetail(d)
		for k, v := range map[string]string{"recipient": recipient, "status": status, "reply-code": reply,
			"rhost": rhost, "rule": rule, "decoder": decoder} {
			want := cleanValue(v)
			if want == "" && k != "recipient" {
				if _, ok := got[k]; ok {
					t.Fatalf("%s: empty value written: %q", k, d)
				}
				continue
			}
			if got[k] != want {
				t.Fatalf("%s: %q came back as %q from %q", k, want, got[k], d)
			}
			if len(want) > maxValue {
				t.Fatalf("%s: %d bytes, over %d", k, len(want), maxValue)
			}
		}
		for _, h := range Stamps("", []classify.Record{rec}) {
			if !utf8.ValidString(h.Value) {
				t.Fatalf("%s not UTF-8: %q", h.Name, h.Value)
			}
		}
	})
}
