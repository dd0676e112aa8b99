package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestListManagerTextsLangMore: Mailman 3's rule reasons and refusal
// words and mlmmj 1.3's size branch in the languages
// classify/texts/lists_lang_more.tsv adds decide the reason their
// English rows do.
func TestListManagerTextsLangMore(t *testing.T) {
	checkListLangCases(t, []listLangCase{
		{"ca, over the size limit", "", "El seu missatge a la llista de correu Walkers s'ha rebutjat per les següents raons: El missatge és més gran que la mida màxima de 40 KB S'adjunta el missatge original rebut per Mailman.", EmailTooLarge},
		{"he, over the size limit", "", "הודעתך לרשימת הדיוור Walkers נדחתה מהסיבות הבאות:\n\nההודעה גדולה מהמגבלה המרבית של 40 ק״ב", EmailTooLarge},
		{"tr, over the size limit", "", "Walkers posta listesine mesajınız aşağıdaki nedenlerden dolayı reddedildi: Mesaj, azami 40 KB boyutundan daha büyük", EmailTooLarge},
		{"id, over the size limit", "", "Pesan lebih besar dari ukuran maksimum 40 KB", EmailTooLarge},
		{"bg, over the size limit", "", "Съобщението е по-голямо от максималния размер 40 KB", EmailTooLarge},
		{"sq, over the size limit", "", "Mesazhi është më i madh se madhësi maksimum 40 KB", EmailTooLarge},
		{"tr, a banned sender", "", "Mesajı gönderen eva@example.com bu listeden yasaklandı", Rejected},
		{"id, not a member", "", "Pesan bukan dari anggota milis", Rejected},
		{"mlmmj cs, over the size limit", "", "Zprávu od <eva@example.com> s předmětem \"\" není možné doručit. Zpráva je příliš velká, maximální velikost zprávy je 524288 bajtů.", EmailTooLarge},
		{"mlmmj sk, over the size limit", "", "Správu od <eva@example.com> s predmetom \"\" nebolo možné doručiť do mailovej diskusie lebo prekročila maximálnu veľkosť 524288 bytov.", EmailTooLarge},
		{"mlmmj fi, over the size limit", "", "Viestiä osoitteesta <eva@example.com> otsikolla \"\" ei voitu välittää postituslistalle, koska sen koko on suurempi kuin suurin sallittu koko 524288\n  tavua.", EmailTooLarge},
		{"mlmmj el, over the size limit", "", "καθώς ξεπερνά το μέγιστο επιτρεπτό μέγεθος των 524288 bytes.", EmailTooLarge},
		{"Mailman 2.1 de, a non-member rejected automatically", "", "Es ist Ihnen nicht gestattet, Nachrichten auf dieser Mailingliste zu\nveröffentlichen, vielleicht, weil Sie nicht Mitglied der Liste sind oder unter einer anderen, nicht eingetragenenen E-Mail-Adresse geschrieben haben. Ihre E-Mail wurden deshalb automatisch abgewiesen.", Rejected},
		{"Mailman 2.1 fr, a non-member rejected automatically", "", "Vous n'êtes pas autorisé à envoyer des messages sur cette liste, votre\nmessage a été automatiquement rejeté.", Rejected},
		{"Mailman 2.1 de, the size hold's reason alone", "", "Ihre Nachricht war zu umfangreich.  Die maximal zulässige Größe\nbeträgt 40 KB.", EmailTooLarge},
		{"Mailman 2.1 fr, the size hold's reason alone", "", "La taille de votre message était trop importante : veuillez le réduire pour que sa taille soit au plus de 40 kb.", EmailTooLarge},
		{"Mailman 2.1 en, the size hold's reason alone", "", "Your message was too big; please trim it to less than\n40 KB in size.", EmailTooLarge},
		{"Mailman 2.1 de, a Bcc'd post", "", "Blindkopien ('BCC:'), oder weitere enthaltene Zieladressen,\nsind nicht erlaubt.", Rejected},
		{"Mailman 2.1 fr, a forbidden poster", "", "Vous êtes interdit d'envoi sur cette liste.", Rejected},
		{"Mailman 2.1 es, the size hold's reason alone", "", "Su mensaje es demasiado grande, por favor reduzcalo para que tenga \nun tamaño inferior a 40 KB.", EmailTooLarge},
		{"Mailman 2.1 es, a non-member rejected automatically", "", "No está autorizado a enviar mensajes a esta lista de correo\ny su mensaje ha sido rechazado automáticamente,", Rejected},
	})
}

// TestListManagerTextsLangMoreNearMisses: texts sharing words with the
// rows but saying something else.
func TestListManagerTextsLangMoreNearMisses(t *testing.T) {
	cases := []struct{ name, status, diag string }{
		{"tr, a full mailbox", "5.2.2", "Posta kutusu dolu: mesaj kota boyutundan daha büyük"},
		{"cs, a full mailbox", "5.2.2", "Schránka příjemce je plná, zprávu není možné doručit"},
		{"id, a full mailbox", "5.2.2", "Kotak surat penuh: pesan lebih besar dari kuota"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := newFact(tc.status, tc.diag, "", dsn.ActionFailed)
			v := Classify(r)[0]
			assert.NotEqual(t, EmailTooLarge, v.Reason, v.Rule)
			assert.NotEqual(t, Rejected, v.Reason, v.Rule)
		})
	}
}
