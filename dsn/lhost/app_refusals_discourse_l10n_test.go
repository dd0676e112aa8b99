package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestDiscourseDecoderSpanish: Discourse's email_reject_* templates in
// Spanish (server.es.yml), with their several first lines.
func TestDiscourseDecoderSpanish(t *testing.T) {
	checkRegistrySamples(t, []registrySample{
		{
			name: "an unknown reply key, no space after título",
			msg: discourseNotice("=?utf-8?q?=5BForo=5D_Problema_de_correo_electr=C3=B3nico_--_Clave_de_respuesta_desconocida?=",
				"Lo sentimos, tu correo electrónico a respuestas+0d1f@foro.example.org (con el títuloRuta del domingo) no funcionó.\n\nLa clave de respuesta no es válida o es desconocida, así que no podemos determinar a qué estás respondiendo."),
			want: provWant{decoder: "Discourse", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
				{addr: "respuestas+0d1f@foro.example.org", action: dsn.ActionFailed, diag: "Clave de respuesta desconocida. La clave de respuesta no es válida"},
			}},
		},
		{
			name: "too many recipients, its own Subject and titulado",
			msg: discourseNotice("=?utf-8?q?=5BForo=5D_Problema_del_correo_=E2=80=93_Demasiados_destinatarios?=",
				"Lo sentimos, pero tu mensaje de correo electrónico a soporte@foro.example.org (titulado Cuotas) no ha funcionado.\n\nHas intentado enviar un correo electrónico a más de 5 personas y nuestro sistema ha etiquetado automáticamente tu correo electrónico como spam."),
			want: provWant{decoder: "Discourse", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
				{addr: "soporte@foro.example.org", action: dsn.ActionFailed, diag: "Demasiados destinatarios"},
			}},
		},
		{
			name: "a silenced user, con el título",
			msg: discourseNotice("=?utf-8?q?=5BForo=5D_Problema_de_correo_electr=C3=B3nico_--_Usuario_silenciado?=",
				"Lo sentimos, tu correo electrónico para soporte@foro.example.org (con el título Cuotas) no se entregó.\n\nLa cuenta asociada a esta dirección de correo electrónico ha sido silenciada."),
			want: provWant{decoder: "Discourse", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
				{addr: "soporte@foro.example.org", action: dsn.ActionFailed, diag: "Usuario silenciado"},
			}},
		},
		{
			name: "Italian, an unknown To: address, Siamo spiacenti ... e-mail a",
			msg: discourseNotice("[Forum] Problema email -- Indirizzo A: sconosciuto",
				"Siamo spiacenti, ma il tuo messaggio e-mail a supporto@forum.example.it (intitolato Quote) non ha funzionato.\n\nEcco alcune cose da controllare:"),
			want: provWant{decoder: "Discourse", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
				{addr: "supporto@forum.example.it", action: dsn.ActionFailed, diag: "Indirizzo A: sconosciuto. Ecco alcune cose"},
			}},
		},
		{
			name: "Italian, a short post, (titolo",
			msg: discourseNotice("[Forum] Problema alla posta elettronica - Messaggio troppo breve",
				"Siamo spiacenti, ma il tuo messaggio di posta elettronica per supporto@forum.example.it (titolo Quote) non ha funzionato. \n\nPer promuovere conversazioni più approfondite, non sono consentite risposte troppo brevi."),
			want: provWant{decoder: "Discourse", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
				{addr: "supporto@forum.example.it", action: dsn.ActionFailed, diag: "Messaggio troppo breve"},
			}},
		},
		{
			name: "Portuguese, a blocked address, no para before the address",
			msg: discourseNotice("=?utf-8?q?=5BF=C3=B3rum=5D_Problema_no_e-mail=2C_e-mail_bloqueado?=",
				"Desculpe, mas sua mensagem de e-mail respostas+0d1f@forum.example.br (com o título de Mensalidades) não funcionou.\n\nSua resposta foi enviada de um endereço de e-mail bloqueado."),
			want: provWant{decoder: "Discourse", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
				{addr: "respostas+0d1f@forum.example.br", action: dsn.ActionFailed, diag: "e-mail bloqueado. Sua resposta"},
			}},
		},
		{
			name: "Portuguese, a closed topic, no space after para",
			msg: discourseNotice("=?utf-8?q?=5BF=C3=B3rum=5D_Problema_no_e-mail=2C_t=C3=B3pico_fechado?=",
				"Desculpe, mas sua mensagem de e-mail parasuporte@forum.example.br (com o título de Mensalidades) não funcionou.\n\nO tópico ao o qual você está respondendo está fechado por enquanto."),
			want: provWant{decoder: "Discourse", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
				{addr: "suporte@forum.example.br", action: dsn.ActionFailed, diag: "tópico fechado"},
			}},
		},
		{
			name: "Dutch, an automatic reply, no Sorry",
			msg: discourseNotice("[Forum] E-mailprobleem -- automatisch gegenereerd antwoord",
				"Je e-mailbericht aan hulp@forum.example.nl (getiteld Contributie) werkte niet.\n\nJe e-mail is gemarkeerd als \"automatisch gegenereerd\"."),
			want: provWant{decoder: "Discourse", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
				{addr: "hulp@forum.example.nl", action: dsn.ActionFailed, diag: "automatisch gegenereerd antwoord. Je e-mail is gemarkeerd"},
			}},
		},
	})
	// Dutch email_reject_attachment: "bij je e-mailbericht aan" is no lead.
	mn, err := dsn.ReadMessage([]byte(discourseNotice("[Forum] E-mailprobleem -- bijlage geweigerd",
		"Sommige bijlagen bij je e-mailbericht aan hulp@forum.example.nl (getiteld Contributie) zijn helaas geweigerd.")))
	require.NoError(t, err)
	assert.Nil(t, (discourseDecoder{}).Decode(mn))
	// Portuguese email_reject_attachment: no lead, nothing reported.
	mp, err := dsn.ReadMessage([]byte(discourseNotice("[Forum] Problema no e-mail, anexo rejeitado",
		"Infelizmente alguns anexos em sua mensagem de e-mail para suporte@forum.example.br (com o título de Quote) foram rejeitados.")))
	require.NoError(t, err)
	assert.Nil(t, (discourseDecoder{}).Decode(mp))
	// Italian email_reject_attachment: no lead, nothing reported.
	mi, err := dsn.ReadMessage([]byte(discourseNotice("[Forum] Problema alla posta elettronica - allegato respinto",
		"Sfortunatamente alcuni allegati nel tuo messaggio di posta elettronica a supporto@forum.example.it (intitolato Quote) sono stati rifiutati.")))
	require.NoError(t, err)
	assert.Nil(t, (discourseDecoder{}).Decode(mi))
	// email_reject_attachment: the post went out without the attachments;
	// its first line is no lead, so nothing is reported.
	m, err := dsn.ReadMessage([]byte(discourseNotice("=?utf-8?q?=5BForo=5D_Problema_de_correo_electr=C3=B3nico_--_Archivos_adjuntos_rechazados?=",
		"Lamentablemente, algunos archivos adjuntos de tu correo electrónico a soporte@foro.example.org (con el título Cuotas) han sido rechazados.")))
	require.NoError(t, err)
	assert.Nil(t, (discourseDecoder{}).Decode(m))
}
