package dsn

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse checks that no input panics the decoder and that what it
// returns is consistent: an error and no report, or a report whose kind
// matches its recipients.
func FuzzParse(f *testing.F) {
	f.Add([]byte(postfixDSN))
	f.Add([]byte("From: a@b\n\nhi\n"))
	f.Add([]byte("Content-Type: multipart/report; boundary=x\n\n--x\nContent-Type: message/delivery-status\n\nFinal-Recipient: ;\n--x--"))
	seeds, _ := filepath.Glob("../testdata/corpus/bsd/lhost-*-01.eml")
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseBytes(b)
		if err != nil {
			if r != nil {
				t.Fatalf("report and error together: %v", err)
			}
			return
		}
		if r.Kind == NotBounce && len(r.Recipients) > 0 {
			t.Fatalf("a non-bounce with %d recipients", len(r.Recipients))
		}
		if r.Kind != NotBounce && len(r.Recipients) == 0 {
			t.Fatalf("a %v without recipients", r.Kind)
		}
		if len(r.Recipients) > MaxRecipients {
			t.Fatalf("%d recipients, over the limit", len(r.Recipients))
		}
	})
}

// FuzzStatus checks that ParseStatus and the text scanners agree with
// each other and never panic.
func FuzzStatus(f *testing.F) {
	for _, s := range []string{"5.1.1", "4.4.7", "550 5.1.1 user unknown", "(#5.7.1)", "2.0.0", "5.999.999", "5.1.1.1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		st, err := ParseStatus(s)
		if err == nil {
			back, err2 := ParseStatus(st.String())
			if err2 != nil || back != st {
				t.Fatalf("%q parsed to %v, which does not round-trip", s, st)
			}
		}
		if found := FindStatus(s); !found.IsZero() {
			if _, err := ParseStatus(found.String()); err != nil {
				t.Fatalf("FindStatus(%q) = %v, not a status", s, found)
			}
		}
		if c := FindReplyCode(s); c != 0 && !replyCodes[c] {
			t.Fatalf("FindReplyCode(%q) = %d, not a reply code", s, c)
		}
		switch FindCommand(s) {
		case "", CommandHELO, CommandEHLO, CommandMAIL, CommandRCPT, CommandDATA, CommandSTARTTLS, CommandAUTH, CommandCONN:
		default:
			t.Fatalf("FindCommand(%q) names no command", s)
		}
	})
}
