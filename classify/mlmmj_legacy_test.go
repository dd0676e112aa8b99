package classify

import "testing"

// TestMlmmjLegacyTexts: mlmmj 1.2's Danish and Czech refusals
// (classify/texts/mlmmj_legacy.tsv) decide in that decoder's reports; the
// size words cut short do not.
func TestMlmmjLegacyTexts(t *testing.T) {
	own := func(text string) Verdict {
		r, rc := newFact("", text, "", "failed")
		r.Decoder = "mlmmj-1.2"
		return ClassifyRecipient(r, rc)
	}
	cases := []struct {
		text string
		want Reason
	}{
		{"Men denne addresse er ikke tilmeldt til listen, og kun tilmeldte må sende post til listen.", Rejected},
		{"Jeg må desværre informere dig om at din besked ikke afleveres til postlisten. Din mail blev afvist på grund af en regel lavet af postliste administratoren.", Rejected},
		{"Din besked blev afvist på grund af en størrelsesbegrænsning på 102400 bytes.", EmailTooLarge},
		{"Ale tato adresa neni prihlasena do konference a do teto konference smeji prispivat jen prihlaseni.", Rejected},
		{"Adresa konference musi byt obsazena bud v To: nebo v Cc: casti hlavicky emailu.", Rejected},
	}
	for _, c := range cases {
		if v := own(c.text); v.Reason != c.want {
			t.Errorf("%q: got %s (rule %s), want %s", c.text, v.Reason, v.Rule, c.want)
		}
	}
	// Near misses: the size words without the limit, in the decoder's report.
	if v := own("Din besked blev afvist på grund af en regel."); v.Reason == EmailTooLarge {
		t.Errorf("cut short: got %s", v.Reason)
	}
}
