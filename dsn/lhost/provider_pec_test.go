package lhost

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// pecReceipt builds a certified-mail receipt of the kind given, in the
// form the technical rules set (see pecDecoder), with our own addresses
// and texts: a signed message whose multipart/mixed holds a text and
// daticert.xml, base64-encoded as providers send it.
func pecReceipt(kind, subject, cert string) string {
	enc := base64.StdEncoding.EncodeToString([]byte(cert))
	var lines []string
	for len(enc) > 76 {
		lines = append(lines, enc[:76])
		enc = enc[76:]
	}
	lines = append(lines, enc)
	return `From: posta-certificata@pec.example.it
To: mittente@pec.example.org
Subject: ` + subject + `
Message-ID: <receipt-1@pec.example.it>
MIME-Version: 1.0
X-Ricevuta: ` + kind + `
X-Riferimento-Message-ID: <orig-1@pec.example.org>
Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="SIG"

--SIG
Content-Type: multipart/mixed; boundary="MIX"

--MIX
Content-Type: text/plain; charset="utf-8"

Ricevuta di certificazione: vedere i dati allegati.

--MIX
Content-Type: application/xml; name="daticert.xml"
Content-Transfer-Encoding: base64
Content-Disposition: inline; filename="daticert.xml"

` + strings.Join(lines, "\n") + `
--MIX--

--SIG
Content-Type: application/pkcs7-signature; name=smime.p7s
Content-Transfer-Encoding: base64

AAAA
--SIG--
`
}

// pecCertXML returns a daticert.xml of kind with error attribute errore,
// the recipient and the extended error text (omitted when empty).
func pecCertXML(kind, errore, rcpt, extended string) string {
	ext := ""
	if extended != "" {
		ext = "\n    <errore-esteso>" + extended + "</errore-esteso>"
	}
	return `<?xml version="1.0" encoding="UTF-8"?>
<postacert tipo="` + kind + `" errore="` + errore + `">
  <intestazione>
    <mittente>mittente@pec.example.org</mittente>
    <destinatari tipo="certificato">` + rcpt + `</destinatari>
    <risposte>mittente@pec.example.org</risposte>
    <oggetto>Fattura 12</oggetto>
  </intestazione>
  <dati>
    <gestore-emittente>Example PEC S.p.A.</gestore-emittente>
    <data zona="+0100"><giorno>02/12/2026</giorno><ora>10:00:00</ora></data>
    <identificativo>id-1@pec.example.it</identificativo>
    <msgid>&lt;orig-1@pec.example.org&gt;</msgid>
    <consegna>` + rcpt + `</consegna>` + ext + `
  </dati>
</postacert>
`
}

var pecSamples = []registrySample{
	{
		name: "non-delivery receipt with an extended error",
		msg:  pecReceipt("errore-consegna", "AVVISO DI MANCATA CONSEGNA: Fattura 12", pecCertXML("errore-consegna", "altro", "ufficio@pec.example.net", "5.1.1 - Example PEC S.p.A. - casella inesistente")),
		want: provWant{decoder: "PEC", kind: dsn.DeliveryReport, reportingMTA: "Example PEC S.p.A.", origID: "orig-1@pec.example.org", origSubject: "Fattura 12", rcpts: []provWantRcpt{
			{addr: "ufficio@pec.example.net", action: dsn.ActionFailed, status: "5.1.1", diag: "casella inesistente"},
		}},
	},
	{
		name: "non-delivery receipt naming only the error class",
		msg:  pecReceipt("errore-consegna", "AVVISO DI MANCATA CONSEGNA: Fattura 12", pecCertXML("errore-consegna", "no-dest", "nessuno@pec.example.net", "")),
		want: provWant{decoder: "PEC", kind: dsn.DeliveryReport, origID: "orig-1@pec.example.org", origSubject: "Fattura 12", rcpts: []provWantRcpt{
			{addr: "nessuno@pec.example.net", action: dsn.ActionFailed, status: "5.1.1"},
		}},
	},
	{
		name: "a domain that is no certified-mail domain",
		msg:  pecReceipt("errore-consegna", "AVVISO DI MANCATA CONSEGNA: Fattura 12", pecCertXML("errore-consegna", "no-dominio", "ufficio@example.net", "")),
		want: provWant{decoder: "PEC", kind: dsn.DeliveryReport, origID: "orig-1@pec.example.org", origSubject: "Fattura 12", rcpts: []provWantRcpt{
			{addr: "ufficio@example.net", action: dsn.ActionFailed, status: "5.1.2"},
		}},
	},
	{
		name: "warning after twelve hours: a delay",
		msg:  pecReceipt("preavviso-errore-consegna", "AVVISO DI MANCATA CONSEGNA: Fattura 12", pecCertXML("preavviso-errore-consegna", "altro", "lento@pec.example.net", "4.4.1 - Example PEC S.p.A. - server del destinatario non raggiungibile")),
		want: provWant{decoder: "PEC", kind: dsn.DeliveryReport, origID: "orig-1@pec.example.org", origSubject: "Fattura 12", rcpts: []provWantRcpt{
			{addr: "lento@pec.example.net", action: dsn.ActionDelayed, status: "4.4.1", diag: "non raggiungibile"},
		}},
	},
	{
		name: "virus found",
		msg:  pecReceipt("rilevazione-virus", "PROBLEMA DI SICUREZZA: Fattura 12", pecCertXML("rilevazione-virus", "virus", "ufficio@pec.example.net", "")),
		want: provWant{decoder: "PEC", kind: dsn.DeliveryReport, origID: "orig-1@pec.example.org", origSubject: "Fattura 12", rcpts: []provWantRcpt{
			{addr: "ufficio@pec.example.net", action: dsn.ActionFailed, diag: "virus"},
		}},
	},
}

func TestPECDecoder(t *testing.T) { checkRegistrySamples(t, pecSamples) }

// TestPECNotFailures checks that the receipts that report progress, and a
// failure receipt whose certification data is missing or unreadable, are
// not read as this decoder's failures.
func TestPECNotFailures(t *testing.T) {
	cases := map[string]string{
		"delivery receipt":   pecReceipt("avvenuta-consegna", "CONSEGNA: Fattura 12", pecCertXML("avvenuta-consegna", "nessuno", "ufficio@pec.example.net", "")),
		"acceptance receipt": pecReceipt("accettazione", "ACCETTAZIONE: Fattura 12", pecCertXML("accettazione", "nessuno", "ufficio@pec.example.net", "")),
		"failure without daticert.xml": `From: posta-certificata@pec.example.it
To: mittente@pec.example.org
Subject: AVVISO DI MANCATA CONSEGNA: Fattura 12
X-Ricevuta: errore-consegna
Content-Type: text/plain

Ricevuta senza dati di certificazione.
`,
		"unreadable daticert.xml": pecReceipt("errore-consegna", "AVVISO DI MANCATA CONSEGNA: Fattura 12", "<postacert tipo=\"errore-consegna\"><dati><consegna>a@pec.example.net"),
	}
	for name, msg := range cases {
		t.Run(name, func(t *testing.T) {
			m, err := dsn.ReadMessage([]byte(msg))
			require.NoError(t, err)
			assert.Nil(t, pecDecoder{}.Decode(m), "pecDecoder read it")
			r, err := dsn.ParseBytes([]byte(msg), Registry())
			require.NoError(t, err)
			assert.NotEqual(t, string(PEC), r.Decoder)
		})
	}
}
