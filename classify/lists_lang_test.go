package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestListManagerTextsLang: Mailman 3's and ezmlm-idx's refusals of a
// post in the languages their catalogues translate them to
// (classify/texts/lists-lang.tsv) decide the reason their English rows do.
func TestListManagerTextsLang(t *testing.T) {
	checkListLangCases(t, []listLangCase{
		{"de, not a member", "5.0.0", "Ihre Nachricht an die Mailingliste Walkers wurde\nmit folgender Begründung abgelehnt:\n\nDie Nachricht stammt nicht von einem Listenmitglied", Rejected},
		{"de, over the size limit", "5.0.0", "Ihre Nachricht an die Mailingliste Walkers wurde mit folgender Begründung abgelehnt: Die Nachricht ist größer als die maximale Größe von 40 KB", EmailTooLarge},
		{"de, the moderator's refusal", "5.0.0", "Ihre Anfrage an die Mailingliste Walkers Veröffentlichung Ihrer Nachricht mit dem Titel \"\" wurde von einer Moderator*in mit folgender Begründung abgelehnt: Bitte nicht.", Rejected},
		{"fr, a banned sender", "5.0.0", "Votre message à destination de la liste de diffusion Walkers a été rejeté pour les raisons suivantes : L'expéditeur du message eva@example.com est banni de la liste", Rejected},
		{"fr, over the size limit", "5.0.0", "Le message est plus lourd que la taille maximale de 40 Ko", EmailTooLarge},
		{"fr, the moderator's refusal", "5.0.0", "Votre requête à la liste de diffusion Walkers Expédition de votre message intitulé « » a été rejetée par le modérateur de la liste.", Rejected},
		{"ja, a moderated member", "5.0.0", "Walkers メーリングリストへのメッセージが下記の理由で\nモデレーターにより拒否されました。\n\nこのメッセージはモデレートされたメンバーから送信されました", Rejected},
		{"ja, over the size limit", "5.0.0", "このメッセージは 40 kB (最大サイズ) を超えています", EmailTooLarge},
		{"ezmlm-idx de, not allowed to post, through qmail", "5.7.2", "<walkers@lists.example.org>:\nTut mir leid, Sie dürfen keine Nachrichten an diese Listen senden (#5.7.2)", Rejected},
		{"ezmlm-idx it, subscribers only", "5.7.2", "Mi dispiace, solo gli iscritti possono spedire messaggi. Se sei iscritto, invia questo messaggio a walkers-owner@lists.example.org per far includere questo nuovo indirizzo.", Rejected},
		{"ezmlm-idx nl, a refused MIME type under a size status", "5.2.3", "Het spijt me, ik accepteer geen berichten met MIME Content-Type 'text/html' (#5.2.3)", ContentError},
		{"ru, the DMARC rule", "5.0.0", "Вам не разрешено отправлять сообщения в этот список рассылки \"От:\" домен, который публикует политику отклонения или карантина DMARC, и ваше сообщение было автоматически отклонено.", Rejected},
	})
}

// TestListManagerTextsLangNearMisses: texts that share words with the
// rows of lists-lang.tsv but are no list's refusal of a post.
func TestListManagerTextsLangNearMisses(t *testing.T) {
	checkListLangCases(t, []listLangCase{
		{"ezmlm-idx it, a message too short", "5.2.3", "Mi dispiace, non accetto messaggi più corti di 2 caratteri (#5.2.3)", ""},
		{"de, a full mailbox whose limit is stated", "5.2.2", "Das Postfach ist voll: die maximale Größe von 40 KB ist erreicht", MailboxFull},
		{"ru, a full mailbox refused", "5.2.2", "Сообщение отклонено: почтовый ящик переполнен", MailboxFull},
		{"fr, an unknown recipient of a list-like name", "5.1.1", "Destinataire inconnu: la liste de diffusion walkers n'existe pas, adresse inconnue", UserUnknown},
	})
}

// listLangCase is a text with the status it comes with and the reason it
// must get; "" for a near miss that must be neither rejected nor
// contenterror.
type listLangCase struct {
	name, status, diag string
	want               Reason
}

func checkListLangCases(t *testing.T, cases []listLangCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := newFact(tc.status, tc.diag, "", dsn.ActionFailed)
			v := Classify(r)[0]
			if tc.want == "" {
				assert.NotEqual(t, Rejected, v.Reason, v.Rule)
				assert.NotEqual(t, ContentError, v.Reason, v.Rule)
				return
			}
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}
