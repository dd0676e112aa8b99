package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestSympaVirusTextsLang: the virus alert of Sympa's delivery status
// notification in the languages classify/texts/lists_lang_sympa.tsv adds
// decides virusdetected under the stock 5.7.0 text, as the English does.
func TestSympaVirusTextsLang(t *testing.T) {
	stock := "Other or undefined security status: "
	checkListLangCases(t, []listLangCase{
		{"ca", "5.7.0", stock + "***** A L E R T A V I R U S ***** El nostre antivirus ha trobat un virus anomenat Eicar-Test-Signature al missatge amb destinatari socis@llistes.example i sembla que és vostre (De: jordi@example.org).", VirusDetected},
		{"et", "5.7.0", stock + "*****VIIRUSEHOIATUS***** Meie viirusetõrje programm leidis viiruse nimega Js.Trojan.Nemucod-10 kirjast, mis saadeti aadressile liikmed@listid.example.", VirusDetected},
		{"eu", "5.7.0", stock + "Gure antibirusak Doc.Dropper.Agent-6326 izeneko birusa topatu du kideak@zerrendak.example-ra bidalitako mezuan", VirusDetected},
		{"gl", "5.7.0", stock + "O noso antivirus detectou un virus chamado Win.Trojan.Agent-1234 nunha mensaxe enviada a vecinos@listas.example", VirusDetected},
		{"oc", "5.7.0", stock + "Un messatge que sembla venir de vos (joan@example.org) a destinacion de membres@listas.example conteniá lo virus seguent : Html.Phishing.Bank-88.", VirusDetected},
		{"sv", "5.7.0", stock + "***** V I R U S L A R M ***** Vår viruskontroll hittade ett virus med namnet Eicar-Test-Signature i ett meddelande adresserat till styrelsen@listor.example", VirusDetected},
	})
}

// TestSympaVirusTextsLangNearMisses: texts sharing words with the rows
// but not saying a virus was found in the message.
func TestSympaVirusTextsLangNearMisses(t *testing.T) {
	cases := []struct{ name, status, diag string }{
		{"sv, the scanner failed", "4.3.0", "Vår viruskontroll kunde inte starta, försök igen senare"},
		{"gl, the antivirus is down", "4.3.0", "O noso antivirus non responde"},
		{"ca, no virus", "4.3.0", "El nostre antivirus no ha trobat cap problema però la bústia és plena"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := newFact(tc.status, tc.diag, "", dsn.ActionFailed)
			v := Classify(r)[0]
			assert.NotEqual(t, VirusDetected, v.Reason, v.Rule)
		})
	}
}
