package dsn

import "testing"

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
