package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestListManagerTextsMailman21Europe: Mailman 2.1's Swedish, Danish,
// Czech, Hungarian, Finnish and Turkish hold reasons and automatic rejection (classify/texts/lists_mailman21_l10n.tsv,
// jurov/gnu-mailman messages/sv, messages/da, messages/cs, messages/hu, messages/fi,
// messages/tr) decide the reason their English msgids do.
func TestListManagerTextsMailman21Europe(t *testing.T) {
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
		{"cs, the size hold's reason", "", "Vaše zpráva je příliš veliká, prosím zkraťte ji na\n40 KB.", EmailTooLarge},
		{"cs, a non-member", "", "Do této konference smí přispívat jen její účastníci.", Rejected},
		{"cs, a forbidden poster", "", "Máte zakázáno přispívat do této konference.", Rejected},
		{"cs, a restricted list", "", "Tato konference není veřejně přístupná, Vás příspěvek nebyl akceptován.", Rejected},
		{"cs, rejected automatically", "", "Nemáte povoleno přispívat do této konference a tak byl příspěvek automaticky\nzamítnut a vrácen.", Rejected},
		{"cs, the refusal's words around a size reason", "", "Váš požadavek pro konferenci Fotky byl zamítnut správcem konference. Správce uvedl následující důvod zamítnutí požadavku: \"Vaše zpráva je příliš veliká, prosím zkraťte ji na 40 KB.\"", EmailTooLarge},
		{"hu, the size hold's reason", "", "A leveled túl nagy; minimum 40 KB méretűre kell csökkenteni\na listán való megjelenéshez.", EmailTooLarge},
		{"hu, a suspicious header", "", "Leveled gyanús fejlécet tartalmaz.", Rejected},
		{"hu, a Bcc'd post", "", "Rejtett (BCC) vagy máshogy megadott címzettek nem engedélyezettek.", Rejected},
		{"hu, rejected automatically", "", "Nem engedélyezték, hogy erre a levelezőlistára levelet küldjél, ezért a leveledet automatikusan elutasítottuk.", Rejected},
		{"fi, the size hold's reason", "", "Viestisi oli liian pitkä; muokkaa sitä pienemmäksi kuin\n40 KB.", EmailTooLarge},
		{"fi, a non-member", "", "Ei-jäsenet eivat saa lähettää viestejä tälle lsitalle.", Rejected},
		{"fi, a forbidden poster", "", "Sinulta on kielletty viestien lähetys tälle listalle.", Rejected},
		{"fi, a restricted list", "", "Tämä listan on rajoitettu; viestiäsi ei hyväksytty.", Rejected},
		{"fi, a moderated post", "", "Listan pääkäyttäjä piti viestiäsi sopimattomana.", Rejected},
		{"fi, rejected automatically", "", "Sinulle ei ole lupa lähettää viestejä tälle postituslistalle, ja viestisi\nhylätään automaattisesti.", Rejected},
		{"fi, the refusal's words around a size reason", "", "Postituslistan Kuvat ylläpitäjä on hylännyt pyyntösi Ylläpitäjän syy pyyntösi hylkäämiseen oli: \"Viestisi oli liian pitkä; muokkaa sitä pienemmäksi kuin 40 KB.\"", EmailTooLarge},
		{"tr, the size hold's reason", "", "Mesajınız çok büyüktü; lütfen 40 KB'tan daha küçük\nolacak şekilde kısaltın.", EmailTooLarge},
		{"tr, a forbidden poster", "", "Bu listeye mesaj göndermeniz yasaktır.", Rejected},
		{"tr, a non-member", "", "Bu listeye, üye olmayan kişilerin mesaj atması yasaktır.", Rejected},
		{"tr, a restricted list", "", "Bu liste kısıtlı, mesajınız onaylanmadı.", Rejected},
		{"tr, rejected automatically", "", "Bu listeye mesaj göndermenize izin verilmiyor ve mesajınız otomatik olarak\nreddedildi.", Rejected},
		{"tr, the refusal's words around a size reason", "", "Uyeler mesaj listesine yaptığınız istek, liste moderatörü tarafından reddedildi. Moderatör isteğinizi reddetme nedeni olarak şunu verdi: \"Mesajınız çok büyüktü; lütfen 40 KB'tan daha küçük olacak şekilde kısaltın.\"", EmailTooLarge},
	})
}

// TestListManagerTextsMailman21EuropeNearMisses: Swedish, Danish, Czech, Hungarian, Finnish and Turkish texts sharing
// words with the rows but saying neither a size limit nor a refusal.
func TestListManagerTextsMailman21EuropeNearMisses(t *testing.T) {
	cases := []struct{ name, diag string }{
		{"sv, a delivered message", "Ditt meddelande har skickats till e-postlistan"},
		{"sv, a welcome", "Du har nu tillåtelse att skicka e-postbrev till denna e-postlista"},
		{"sv, a header described", "Ditt meddelande innehåller ett meddelandehuvud med listans namn"},
		{"da, a welcome", "Du har nu lov til at sende e-mail til denne mailliste"},
		{"da, a delivered message", "Din mail er sendt til maillisten"},
		{"da, recipients described", "Skjulte modtagere er tilladt på denne liste"},
		{"cs, a welcome", "Nyní můžete přispívat do této konference"},
		{"cs, a delivered message", "Vaše zpráva byla rozeslána do konference"},
		{"cs, a list described", "Tato konference je veřejně přístupná"},
		{"hu, a delivered message", "A leveled megjelent a levelezőlistán"},
		{"hu, a welcome", "Leveled fejlécet tartalmaz a lista nevével"},
		{"fi, a delivered message", "Viestisi on lähetetty listalle"},
		{"fi, a list described", "Tämä lista on avoin kaikille"},
		{"tr, a delivered message", "Bu listeye mesaj göndermeniz başarılı oldu"},
		{"tr, a list described", "Bu liste herkese açık, mesajınız onaylandı"},
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
