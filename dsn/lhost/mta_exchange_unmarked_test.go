package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// lat15SpanishNDR writes an Exchange 2007+ NDR in Spanish in a text part
// only: the intro of https://pastebin.com/HGKcccQU, the headings of
// https://pastebin.com/JHaPQHk7, the diagnostic lines of
// sisimai/go-sisimai:lhost/via-exchange2007.go; no X-MS-Exchange-Message-Is-Ndr
// field and no message/delivery-status part.
func lat15SpanishNDR(from, extraHeader, diag string) string {
	return "From: " + from + "\nTo: <admin@consultora.example.com.ar>\n" +
		"Subject: =?utf-8?q?No_se_puede_entregar=3A_Informe_mensual?=\n" + extraHeader +
		"MIME-Version: 1.0\nContent-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: 8bit\n\n" +
		"No se ha podido realizar la entrega a estos destinatarios o listas de distribución:\n\n" +
		"contabilidad@empresa.example.com.ar\n\n\n\n" +
		"Información de diagnóstico para los administradores:\n\n" +
		"Generando servidor: EXCH01.correo.example.es\n\n" +
		"contabilidad@empresa.example.com.ar\n" + diag + "\n\n" +
		"Original message headers:\n\nFrom: <admin@consultora.example.com.ar>\nSubject: Informe mensual\n"
}

func TestExchangeUnmarkedScored(t *testing.T) {
	const system = "Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@correo.example.es>"
	const lang = "Content-Language: es-ES\n"
	cases := []struct {
		name    string
		msg     string
		match   bool
		decoder string
		status  string
	}{
		{"Spanish NDR, domain does not exist", lat15SpanishNDR(system, lang, "#554 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain ##"),
			true, string(Exchange2007Scored), "5.4.4"},
		{"Spanish NDR, recipient not found, Auto-Submitted", lat15SpanishNDR(system, lang+"Auto-Submitted: auto-replied\n", "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##"),
			true, string(Exchange2007Scored), "5.1.1"},
		// Near-misses.
		{"a postmaster, no Content-Language: the text's marks alone", lat15SpanishNDR("postmaster@correo.example.es", "", "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##"),
			false, "", ""},
		{"a person forwarding the NDR", lat15SpanishNDR("Ana López <ana.lopez@consultora.example.com.ar>", lang, "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##"),
			false, "", ""},
		{"a daemon's From, the heading only", lat15SpanishNDR("Mail Delivery System <MAILER-DAEMON@correo.example.es>", "", "550 5.4.4 nonexistent domain"),
			false, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := dsn.ReadMessage([]byte(c.msg))
			require.NoError(t, err)
			assert.Equal(t, c.match, exchangeScoredDecoder{}.Match(m))
			if !c.match {
				return
			}
			r, err := dsn.ParseBytes([]byte(c.msg), Registry())
			require.NoError(t, err)
			assert.Equal(t, c.decoder, r.Decoder)
			require.Len(t, r.Recipients, 1)
			assert.Equal(t, "contabilidad@empresa.example.com.ar", r.Recipients[0].Recipient)
			assert.Equal(t, c.status, r.Recipients[0].Status.String())
		})
	}
	// An NDR the Exchange 2007 decoder knows by its Subject stays its own.
	m, err := dsn.ReadMessage([]byte(lat15SpanishNDR(system, lang, "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##")[0:0] +
		"From: " + system + "\nSubject: Non remis : Devis\n" + lang + "\nInformations de diagnostic pour les administrateurs :\n\nx@example.fr\n#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##\n"))
	require.NoError(t, err)
	assert.False(t, exchangeScoredDecoder{}.Match(m))
}
