package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestListManagerTextsMailman21Nordic: Mailman 2.1's Swedish and Danish
// hold reasons and automatic rejection (classify/texts/lists_mailman21_l10n.tsv,
// jurov/gnu-mailman messages/sv, messages/da) decide the reason their English msgids do.
func TestListManagerTextsMailman21Nordic(t *testing.T) {
	checkListLangCases(t, []listLangCase{
		{"sv, the size hold's reason", "", "Ditt meddelande är för stort, var vänlig och minska det så att det blir\nmindre än 40 KB.", EmailTooLarge},
		{"sv, a suspicious header", "", "Ditt meddelande innehåller ett tvivelaktigt meddelandehuvud.", Rejected},
		{"sv, rejected automatically", "", "Du har inte tillåtelse att skicka e-postbrev till denna e-postlista, ditt\nmeddelande blev därför automatiskt avvisat.", Rejected},
		{"sv, the refusal's words around a size reason", "", "Din förfrågan till listan Bilder: avslogs av listmoderatorn. Moderatorn har följande bevekelsegrund för detta beslut: \"Ditt meddelande är för stort, var vänlig och minska det så att det blir mindre än 40 KB.\"", EmailTooLarge},
		{"da, the size hold's reason", "", "Din mail er for stor. Reducer den venligst, så den bliver mindre end\n40 KB.", EmailTooLarge},
		{"da, a suspicious header", "", "Din mail indeholdt et tvivlsomt brevhoved (header).", Rejected},
		{"da, a Bcc'd post", "", "'Bcc:' eller andre skjulte modtagere er ikke tilladt.\nPrøv at sende meddelelsen igen", Rejected},
		{"da, rejected automatically", "", "Du har ikke lov til at sende e-mail til denne mailliste, din mail blev derfor\nautomatisk afvist.", Rejected},
		{"da, the refusal's words around a size reason", "", "Din anmodning til listen Billeder: blev afvist af listemoderator. Moderator har følgende begrundelse for afgørelsen: \"Din mail er for stor. Reducer den venligst, så den bliver mindre end 40 KB.\"", EmailTooLarge},
	})
}

// TestListManagerTextsMailman21NordicNearMisses: Swedish and Danish texts sharing
// words with the rows but saying neither a size limit nor a refusal.
func TestListManagerTextsMailman21NordicNearMisses(t *testing.T) {
	cases := []struct{ name, diag string }{
		{"sv, a delivered message", "Ditt meddelande har skickats till e-postlistan"},
		{"sv, a welcome", "Du har nu tillåtelse att skicka e-postbrev till denna e-postlista"},
		{"sv, a header described", "Ditt meddelande innehåller ett meddelandehuvud med listans namn"},
		{"da, a welcome", "Du har nu lov til at sende e-mail til denne mailliste"},
		{"da, a delivered message", "Din mail er sendt til maillisten"},
		{"da, recipients described", "Skjulte modtagere er tilladt på denne liste"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := newFact("", tc.diag, "", dsn.ActionFailed)
			v := Classify(r)[0]
			assert.NotEqual(t, EmailTooLarge, v.Reason, v.Rule)
			assert.NotEqual(t, Rejected, v.Reason, v.Rule)
		})
	}
}
