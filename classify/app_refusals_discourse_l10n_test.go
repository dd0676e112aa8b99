package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestDiscourseSpanishIssues: the Spanish, Italian, Portuguese and Dutch Subjects' issues decide, in a
// report the Discourse decoder read, the reasons their English rows do;
// elsewhere (another decoder) they are not read.
func TestDiscourseSpanishIssues(t *testing.T) {
	cases := []struct {
		name, diag string
		want       Reason
	}{
		{"reply key", "Problema de correo electrónico -- Clave de respuesta desconocida. La clave de respuesta no es válida o es desconocida", UserUnknown},
		{"topic closed", "Problema de correo electrónico -- Tema cerrado. El tema al que estás respondiendo está cerrado", Rejected},
		{"empty", "Problema de correo electrónico -- Sin contenido. No pudimos encontrar contenido de respuesta en tu correo electrónico.", ContentError},
		{"too many recipients", "Problema del correo – Demasiados destinatarios. Has intentado enviar un correo electrónico a más de 5 personas", SpamDetected},
		{"unrecognized error", "Problema de correo electrónico -- Error no reconocido. Se produjo un error desconocido", SystemError},
		{"it, unknown To: address", "Problema email -- Indirizzo A: sconosciuto. Ecco alcune cose da controllare:", UserUnknown},
		{"it, inactive user", "Problema email -- Utente Inattivo. Il tuo account associato a questo indirizzo email non è stato attivato.", Rejected},
		{"it, short post", "Problema alla posta elettronica - Messaggio troppo breve. Per promuovere conversazioni più approfondite", ContentError},
		{"pt, closed topic", "Problema no e-mail, tópico fechado. O tópico ao o qual você está respondendo está fechado", Rejected},
		{"pt, reply key", "Problema no e-mail, chave de resposta desconhecida. A chave de resposta no e-mail é inválida", UserUnknown},
		{"pt, parsing (e-mai)", "Problema no e-mai, conteúdo não reconhecido. Não pudemos encontrar seu resposta", ContentError},
		{"nl, too many recipients", "E-mailprobleem -- te veel ontvangers. Je hebt geprobeerd meer dan 10 mensen te e-mailen", SpamDetected},
		{"nl, unknown To: address", "E-mailprobleem -- onbekend Aan:-adres. Hier zijn enkele dingen om te controleren:", UserUnknown},
		{"nl, parsing", "E-mailprobleem -- inhoud niet herkend. We konden je antwoord niet in de e-mail vinden.", ContentError},
		{"it, unrecognized error", "Problema email -- Errore Non Riconosciuto. Si è verificato un errore non riconosciuto", SystemError},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := newFact("", tc.diag, "", dsn.ActionFailed)
			r.Decoder = "Discourse"
			v := Classify(r)[0]
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
	// Near miss: the same words in another program's report decide nothing
	// by these rows (the @by flag).
	r, _ := newFact("", "Problema de correo electrónico -- Tema cerrado", "", dsn.ActionFailed)
	require.NotEqual(t, dsn.DecoderName("Discourse"), r.Decoder)
	v := Classify(r)[0]
	assert.NotEqual(t, Rejected, v.Reason, v.Rule)
}
